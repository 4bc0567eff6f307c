/* password.h — a package password read from a file (--mot-de-passe-fichier),
 * never from the command line where other users and shell histories see it:
 * the file's first line, without its line ending. */
#ifndef STAGEDOC_CLI_PASSWORD_H
#define STAGEDOC_CLI_PASSWORD_H

#include "exit_codes.h"

/* SD_OK with a heap string in *password; otherwise prints why (as
 * `stagedoc command`) and returns SD_IO (unreadable) or SD_USAGE
 * (empty first line, or a file too large to be a password file). */
sd_status password_read(const char *command, const char *path, char **password);

#endif
