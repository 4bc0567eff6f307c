/* password.c — a package password: the first line of a small file (see
 * commands.h). */
#include "commands.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/file.h"

#define PASSWORD_MAX_SIZE 4096

sd_status password_read(const char *command, const char *path, char **password)
{
    char *text = NULL;
    size_t size;
    *password = NULL;
    enum file_status status = file_read_all(path, PASSWORD_MAX_SIZE, &text, &size);
    if (status != FILE_OK) {
        fprintf(stderr, "stagedoc %s: --mot-de-passe-fichier %s : %s.\n", command, path,
                file_status_message(status));
        free(text);
        return status == FILE_TOO_LARGE ? SD_USAGE : SD_IO;
    }
    text[strcspn(text, "\r\n")] = '\0';
    if (!*text) {
        fprintf(stderr, "stagedoc %s: --mot-de-passe-fichier %s : la première ligne est vide.\n",
                command, path);
        free(text);
        return SD_USAGE;
    }
    *password = text;
    return SD_OK;
}
