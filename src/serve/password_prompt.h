/* password_prompt.h — the password of `stagedoc serve --add-user NOM`:
 * asked twice without echo on a terminal, or read as one line from
 * standard input for a script. */
#ifndef STAGEDOC_SERVE_PASSWORD_PROMPT_H
#define STAGEDOC_SERVE_PASSWORD_PROMPT_H

#include <stdbool.h>

#include "../util/strbuf.h"

/* When standard input is a terminal: « Mot de passe : » then « Encore une
 * fois : » on /dev/tty, echo off; a mismatch or fewer than 10 characters is
 * refused. Otherwise the first line of standard input (its line end
 * removed), at least 10 characters too. True with a heap string in
 * *password (give it to prompt_password_free), false with a French
 * message in *error. A signal while echo is off (Ctrl-C) puts the terminal
 * back before it ends the process. */
bool prompt_new_password(char **password, struct strbuf *error);
/* Overwrites the password, then frees it. */
void prompt_password_free(char *password);

#endif
