/* workbook_csv.c — a class workbook as a folder of CSV files, one a sheet.
 *
 * dir/<sheet name>.csv, as csv.h writes CSV for a French spreadsheet: UTF-8
 * with a byte order mark, ';' between fields, CRLF. The header row, then
 * the rows; dates as JJ/MM/AAAA, numbers with a decimal comma, text as it
 * is. CSV keeps no format, note nor list: those need XLSX or ODS. Each
 * file is written atomically. */
#include "workbook.h"

#include <stdlib.h>
#include <string.h>

#include "../util/atomic.h"
#include "../util/file.h"
#include "csv.h"
#include "workbook_shared.h"

/* The cell as the CSV field shows it. */
static void field(struct strbuf *out, const struct workbook_column *column,
                  const struct workbook_row *row, size_t index)
{
    enum workbook_value kind;
    date_t date;
    if (!workbook_cell_kind(column, row, index, &kind, &date))
        return;
    const char *text = workbook_cell_text(row, index);
    char shown[DATE_ISO_SIZE];
    if (kind == WORKBOOK_VALUE_DATE) {
        date_format_short_fr(date, shown);
        csv_write_field(out, shown);
    } else if (kind == WORKBOOK_VALUE_NUMBER) { /* digits, never quoted */
        for (const char *p = text; *p; p++)
            strbuf_add(out, *p == '.' ? "," : p, 1);
    } else {
        csv_write_field(out, text);
    }
}

void workbook_sheet_csv(const struct workbook_sheet *sheet, struct strbuf *out)
{
    strbuf_puts(out, CSV_BOM);
    for (size_t i = 0; i < sheet->column_count; i++) {
        if (i)
            strbuf_puts(out, CSV_SEPARATOR);
        csv_write_field(out, sheet->columns[i].title);
    }
    strbuf_puts(out, CSV_LINE_END);
    for (size_t r = 0; r < sheet->row_count; r++) {
        for (size_t i = 0; i < sheet->column_count; i++) {
            if (i)
                strbuf_puts(out, CSV_SEPARATOR);
            field(out, &sheet->columns[i], &sheet->rows[r], i);
        }
        strbuf_puts(out, CSV_LINE_END);
    }
}

/* A sheet's name is its file's: none may leave the folder or hide. */
static bool check_file_names(const struct workbook *book, struct strbuf *error)
{
    for (size_t i = 0; i < book->sheet_count; i++) {
        const char *name = book->sheets[i].name;
        if (!*name || *name == '.' || strchr(name, '/')) {
            strbuf_printf(error, "feuille « %s » : ce nom ne peut pas être celui d'un fichier "
                                 "(vide, commençant par un point ou contenant « / »)", name);
            return false;
        }
    }
    return true;
}

static bool write_sheet(const struct workbook_sheet *sheet, const char *dir,
                        struct strbuf *written, struct strbuf *error)
{
    struct strbuf name = STRBUF_INIT, text = STRBUF_INIT;
    strbuf_printf(&name, "%s.csv", sheet->name);
    char *path = strbuf_failed(&name) ? NULL : path_join(dir, strbuf_str(&name));
    workbook_sheet_csv(sheet, &text);
    bool ok = path && !strbuf_failed(&text);
    if (!ok)
        strbuf_printf(error, "%s.csv : mémoire insuffisante pour l'écrire", sheet->name);
    ok = ok && atomic_write(path, text.data, text.len, error);
    if (ok)
        strbuf_printf(written, "%s\n", path);
    free(path);
    strbuf_free(&name);
    strbuf_free(&text);
    return ok;
}

bool workbook_write_csv_folder(const struct workbook *book, const char *dir,
                               struct strbuf *written, struct strbuf *error)
{
    if (!check_file_names(book, error) || !atomic_make_dirs(dir, error))
        return false;
    for (size_t i = 0; i < book->sheet_count; i++)
        if (!write_sheet(&book->sheets[i], dir, written, error))
            return false;
    return true;
}
