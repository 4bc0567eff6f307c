/* import_read.c — a workbook's file (CSV, XLSX, ODS), folder of CSV files
 * or bytes in memory into tables. */
#include "import.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../util/dirlist.h"
#include "../util/file.h"
#include "../util/termtext.h"
#include "csv.h"
#include "ods.h"
#include "xlsx.h"
#include "zipxml.h"

static void report(struct diag_list *diags, const char *label, const char *hint,
                   const char *message)
{
    struct position where = {label, 0, 0};
    size_t len = strlen(message);
    diag_add(diags, SEVERITY_ERROR, where, "classeur", NULL, hint, "%s%s", message,
             len && message[len - 1] != '.' ? "." : "");
}

static bool read_zip(const char *data, size_t size, const char *label, struct table_set *set,
                     struct strbuf *error)
{
    struct office_zip *zip = office_zip_open((const unsigned char *)data, size, error);
    if (!zip)
        return false;
    bool xlsx = office_zip_has(zip, "xl/workbook.xml");
    bool ods = office_zip_has(zip, "content.xml");
    office_zip_close(zip);
    if (xlsx)
        return xlsx_read((const unsigned char *)data, size, label, set, error);
    if (ods)
        return ods_read((const unsigned char *)data, size, label, set, error);
    strbuf_puts(error, "archive ZIP qui n'est ni un classeur XLSX ni un ODS");
    return false;
}

static bool read_csv(const char *data, size_t size, enum text_encoding encoding,
                     struct table *table, struct strbuf *error)
{
    enum text_encoding used;
    size_t bad = 0;
    char *text = text_to_utf8(data, size, encoding, &used, &bad);
    if (!text && encoding == TEXT_ENCODING_UTF8)
        strbuf_printf(error, "octet %zu : pas de l'UTF-8. À faire : enregistrez le fichier en "
                             "« CSV UTF-8 » ou donnez --encodage windows-1252", bad + 1);
    bool ok = text && csv_read(text, table, error);
    free(text);
    return ok;
}

/* A sheet that passed a bound of table.h: why in error, and what to do. */
static const char *say_full(const struct table *table, const char *label, struct strbuf *error)
{
    char *sheet = termtext_escape(table->sheet ? table->sheet : label, TERMTEXT_MAX_CHARACTERS);
    strbuf_reset(error);
    if (table->refused == TABLE_TOO_MANY_CELLS)
        strbuf_printf(error, "la feuille « %s » a plus d'un million de cellules remplies "
                      "(une cellule répétée compte à chaque fois) ; un classeur de classe en a "
                      "bien moins", sheet ? sheet : "");
    else
        strbuf_printf(error, "le classeur a plus de 16 Mio de texte dans ses cellules (arrêt "
                      "à la feuille « %s » ; un texte répété ou partagé compte à chaque "
                      "cellule) ; un classeur de classe en a bien moins", sheet ? sheet : "");
    free(sheet);
    return "gardez une ligne par stagiaire et les colonnes du modèle, sans cellules "
           "recopiées sur toute la feuille.";
}

/* A workbook's bytes: a workbook of sheets, or a CSV file (one table,
 * named name when it is a sheet of a folder). */
static enum import_read read_bytes(const char *data, size_t size, const char *label,
                                   const char *name, enum text_encoding encoding,
                                   struct table_set *set, struct diag_list *diags)
{
    struct strbuf error = STRBUF_INIT;
    bool ok;
    if (size >= 4 && memcmp(data, "PK\3\4", 4) == 0) {
        ok = read_zip(data, size, label, set, &error);
    } else {
        struct table *table = table_set_add(set, label, NULL);
        if (table && name)
            table->name = strdup(name);
        ok = table && (!name || table->name) && read_csv(data, size, encoding, table, &error);
    }
    const char *hint = NULL;
    for (size_t t = 0; !ok && t < set->count; t++)
        if (table_full(&set->tables[t]))
            hint = say_full(&set->tables[t], label, &error);
    if (!ok && !hint && !strstr(strbuf_str(&error), "À faire"))
        hint = "ouvrez le fichier dans LibreOffice ou Excel, vérifiez que c'est le classeur de "
               "la classe et enregistrez-le à nouveau (XLSX, ODS ou CSV UTF-8).";
    if (!ok)
        report(diags, label, hint, error.len ? strbuf_str(&error) : "mémoire insuffisante");
    strbuf_free(&error);
    return ok ? IMPORT_READ_OK : IMPORT_READ_INVALID;
}

/* One file, read whole then as read_bytes. */
static enum import_read read_file(const char *path, const char *label, const char *name,
                                  size_t max_size, enum text_encoding encoding,
                                  struct table_set *set, struct diag_list *diags)
{
    char *data = NULL;
    size_t size = 0;
    enum file_status status = file_read_all(path, max_size, &data, &size);
    if (status != FILE_OK) {
        report(diags, label, NULL, file_status_message(status));
        return status == FILE_TOO_LARGE ? IMPORT_READ_INVALID : IMPORT_READ_IO;
    }
    enum import_read read = read_bytes(data, size, label, name, encoding, set, diags);
    free(data);
    return read;
}

/* A folder of CSV files: each file directly in it is a sheet named after it
 * (« Activités.csv » is the sheet « Activités »). */
static enum import_read read_folder(const char *path, const char *label, size_t max_size,
                                    enum text_encoding encoding, struct table_set *set,
                                    struct diag_list *diags)
{
    struct path_list files = {0};
    struct strbuf error = STRBUF_INIT;
    enum import_read status = IMPORT_READ_OK;
    if (!dirlist_find(path, ".csv", &files, &error)) {
        report(diags, label, NULL, strbuf_str(&error));
        status = IMPORT_READ_IO;
    }
    size_t skip = strlen(path) + (path[strlen(path) - 1] != '/');
    for (size_t i = 0; status == IMPORT_READ_OK && i < files.count; i++) {
        const char *name = files.paths[i] + skip;
        if (strchr(name, '/'))
            continue; /* a subfolder's files are the class's documents, not its sheets */
        char *sheet = strndup(name, strlen(name) - 4);
        char *shown = path_join(label, name);
        status = sheet && shown ? read_file(files.paths[i], shown, sheet, max_size, encoding,
                                            set, diags)
                                : IMPORT_READ_IO;
        free(sheet);
        free(shown);
    }
    if (status == IMPORT_READ_OK && set->count == 0) {
        report(diags, label, "mettez-y Stagiaires.csv (une ligne par stagiaire) et, si besoin, "
               "Classe.csv, Activités.csv…, comme le modèle de stagedoc init --tableur.",
               "le dossier ne contient aucun fichier CSV.");
        status = IMPORT_READ_INVALID;
    }
    path_list_free(&files);
    strbuf_free(&error);
    return status;
}

enum import_read import_read_workbook(const char *path, const char *label, size_t max_size,
                                      enum text_encoding encoding, struct table_set *set,
                                      struct diag_list *diags)
{
    memset(set, 0, sizeof *set);
    if (file_is_directory(path))
        return read_folder(path, label, max_size, encoding, set, diags);
    return read_file(path, label, NULL, max_size, encoding, set, diags);
}

enum import_read import_read_workbook_bytes(const char *data, size_t size, const char *label,
                                            size_t max_size, enum text_encoding encoding,
                                            struct table_set *set, struct diag_list *diags)
{
    memset(set, 0, sizeof *set);
    if (size > max_size) {
        report(diags, label, NULL, file_status_message(FILE_TOO_LARGE));
        return IMPORT_READ_INVALID;
    }
    return read_bytes(data ? data : "", data ? size : 0, label, NULL, encoding, set, diags);
}
