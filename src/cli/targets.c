/* targets.c — files written where the user asked (see targets.h). */
#include "targets.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "../util/abspath.h"
#include "../util/atomic.h"
#include "../util/file.h"

sd_status target_exists(const char *command, const char *path, const char *other)
{
    fprintf(stderr, "stagedoc %s: %s existe déjà ; rien n'est écrit. À faire : choisissez un "
                    "autre %s, ou ajoutez --force pour le remplacer.\n", command, path, other);
    return SD_USAGE;
}

static bool has_extension(const char *path, const char *extension)
{
    size_t len = strlen(path), ext = strlen(extension);
    return len > ext && strcasecmp(path + len - ext, extension) == 0;
}

enum sd_workbook_format target_workbook_format(const char *target)
{
    return has_extension(target, ".xlsx") ? SD_WORKBOOK_XLSX
           : has_extension(target, ".ods") ? SD_WORKBOOK_ODS
                                           : SD_WORKBOOK_CSV;
}

/* A folder of CSV files stands where a workbook file would: its rows' paths
 * start beside it, as for classe.xlsx. */
char *target_workbook_folder(const char *target)
{
    char *trimmed = strdup(target);
    size_t len = trimmed ? strlen(trimmed) : 0;
    while (len > 1 && trimmed[len - 1] == '/')
        trimmed[--len] = '\0';
    char *folder = trimmed ? path_folder_of(trimmed) : NULL;
    free(trimmed);
    return folder;
}

/* Where the i-th file goes (heap): target itself for a workbook file, in
 * it for a CSV file. */
static char *file_path(const struct sd_sink *files, size_t i, const char *target,
                       const unsigned char **bytes, size_t *size)
{
    const char *name;
    if (!sd_sink_memory_file(files, i, &name, bytes, size))
        return NULL;
    return target_workbook_format(target) == SD_WORKBOOK_CSV ? path_join(target, name)
                                                            : strdup(target);
}

char *target_existing(const struct sd_sink *files, const char *target)
{
    const unsigned char *bytes;
    size_t size;
    struct stat st;
    for (size_t i = 0; i < sd_sink_memory_count(files); i++) {
        char *path = file_path(files, i, target, &bytes, &size);
        if (path && lstat(path, &st) == 0)
            return path;
        free(path);
    }
    return NULL;
}

static bool write_files(const struct sd_sink *files, const char *target, bool csv,
                        struct strbuf *written, struct strbuf *error)
{
    char *folder = csv ? strdup(target) : path_folder_of(target); /* -o sortie/classe.xlsx */
    bool ok = folder && atomic_make_dirs(folder, error);
    free(folder);
    for (size_t i = 0; ok && i < sd_sink_memory_count(files); i++) {
        const unsigned char *bytes;
        size_t size;
        char *path = file_path(files, i, target, &bytes, &size);
        ok = path && atomic_write(path, bytes, size, error);
        if (ok)
            strbuf_printf(written, "%s\n", path);
        free(path);
    }
    return ok;
}

sd_status target_write_workbook(const char *command, const struct sd_sink *files,
                                const char *target, bool force, struct strbuf *written)
{
    bool csv = target_workbook_format(target) == SD_WORKBOOK_CSV;
    struct stat st;
    if (lstat(target, &st) == 0 && !(csv ? S_ISDIR(st.st_mode) : S_ISREG(st.st_mode))) {
        /* a FIFO would block, a link would be written through: never replaced */
        fprintf(stderr, "stagedoc %s: erreur: [fichier] %s n'est pas %s ; rien n'est écrit, même "
                        "avec --force. À faire : donnez avec -o %s.\n", command, target,
                csv ? "un dossier" : "un fichier ordinaire",
                csv ? "un dossier, ou un dossier à créer"
                    : "le chemin d'un classeur ordinaire, ou d'un classeur à créer");
        return SD_INVALID;
    }
    char *there = force ? NULL : target_existing(files, target);
    sd_status status = there ? target_exists(command, there, "nom") : SD_OK;
    free(there);
    if (status != SD_OK)
        return status;
    struct strbuf error = STRBUF_INIT;
    bool ok = write_files(files, target, csv, written, &error);
    if (!ok)
        fprintf(stderr, "stagedoc %s: %s\n", command, strbuf_str(&error));
    strbuf_free(&error);
    return ok ? SD_OK : SD_IO;
}
