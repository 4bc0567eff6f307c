/* workbook_files.c — writing a class workbook as XLSX, ODS or CSV folder. */
#include "workbook_files.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../util/abspath.h"
#include "../util/atomic.h"
#include "../util/file.h"

/* 1 January 2026, 00:00 UTC: any fixed day would do. */
#define WORKBOOK_DEFAULT_DATE 1767225600LL

long long workbook_files_date(void)
{
    const char *epoch = getenv("SOURCE_DATE_EPOCH");
    char *end = NULL;
    long long value = epoch && *epoch ? strtoll(epoch, &end, 10) : -1;
    return value >= 315532800LL && end && !*end ? value : WORKBOOK_DEFAULT_DATE;
}

static bool has_extension(const char *path, const char *extension)
{
    size_t len = strlen(path), ext = strlen(extension);
    return len > ext && strcasecmp(path + len - ext, extension) == 0;
}

/* A folder of CSV files stands where a workbook file would: its rows' paths
 * start beside it, as for classe.xlsx. */
char *workbook_files_folder(const char *target)
{
    char *trimmed = strdup(target);
    size_t len = trimmed ? strlen(trimmed) : 0;
    while (len > 1 && trimmed[len - 1] == '/')
        trimmed[--len] = '\0';
    char *folder = trimmed ? path_folder_of(trimmed) : NULL;
    free(trimmed);
    char *absolute = folder ? path_absolute(folder) : NULL;
    free(folder);
    return absolute;
}

static bool exists(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0;
}

/* The first of the folder's CSV files that is already there, or NULL. */
static char *existing_sheet_file(const struct workbook *book, const char *dir)
{
    for (size_t i = 0; i < book->sheet_count; i++) {
        struct strbuf name = STRBUF_INIT;
        strbuf_printf(&name, "%s.csv", book->sheets[i].name);
        char *path = path_join(dir, strbuf_str(&name));
        strbuf_free(&name);
        if (path && exists(path))
            return path;
        free(path);
    }
    return NULL;
}

char *workbook_files_existing(const struct workbook *book, const char *target)
{
    if (has_extension(target, ".xlsx") || has_extension(target, ".ods"))
        return exists(target) ? strdup(target) : NULL;
    return existing_sheet_file(book, target);
}

sd_status workbook_files_write(const char *command, const struct workbook *book,
                                    const char *target, bool force, struct strbuf *written)
{
    bool xlsx = has_extension(target, ".xlsx"), ods = has_extension(target, ".ods");
    struct stat st;
    if (lstat(target, &st) == 0 && !((xlsx || ods) ? S_ISREG(st.st_mode) : S_ISDIR(st.st_mode))) {
        /* a FIFO would block, a link would be written through: never replaced */
        fprintf(stderr, "stagedoc %s: erreur: [fichier] %s n'est pas %s ; rien n'est écrit, même "
                        "avec --force. À faire : donnez avec -o %s.\n", command, target,
                xlsx || ods ? "un fichier ordinaire" : "un dossier",
                xlsx || ods ? "le chemin d'un classeur ordinaire, ou d'un classeur à créer"
                            : "un dossier, ou un dossier à créer");
        return SD_INVALID;
    }
    char *there = workbook_files_existing(book, target);
    if (there && !force) {
        fprintf(stderr, "stagedoc %s: %s existe déjà ; rien n'est écrit. À faire : choisissez "
                        "un autre nom, ou ajoutez --force pour le remplacer.\n", command, there);
        free(there);
        return SD_USAGE;
    }
    free(there);
    struct strbuf error = STRBUF_INIT;
    char *folder = xlsx || ods ? path_folder_of(target) : NULL;
    bool ok = !folder || atomic_make_dirs(folder, &error); /* -o sortie/classe.xlsx */
    free(folder);
    ok = ok && (xlsx ? workbook_write_xlsx(book, target, &error)
              : ods ? workbook_write_ods(book, target, &error)
                    : workbook_write_csv_folder(book, target, written, &error));
    if (ok && (xlsx || ods))
        strbuf_printf(written, "%s\n", target);
    if (!ok)
        fprintf(stderr, "stagedoc %s: %s\n", command, strbuf_str(&error));
    strbuf_free(&error);
    return ok ? SD_OK : SD_IO;
}
