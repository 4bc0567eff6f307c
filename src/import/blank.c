/* blank.c — the class spreadsheet templates, as CSV and minimal XLSX. */
#include "blank.h"

#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "../util/atomic.h"
#include "../util/file.h"
#include "csv.h"

static void csv_text(const struct column_map *map, struct strbuf *out)
{
    strbuf_puts(out, CSV_BOM);
    for (int example = 0; example < 2; example++) {
        for (size_t i = 0; i < map->count; i++) {
            if (i)
                strbuf_puts(out, CSV_SEPARATOR);
            csv_write_field(out, example ? map->specs[i].example : map->specs[i].title);
        }
        strbuf_puts(out, CSV_LINE_END);
    }
}

static void xml_escaped(struct strbuf *out, const char *text)
{
    for (const char *p = text; *p; p++) {
        if (*p == '<')
            strbuf_puts(out, "&lt;");
        else if (*p == '>')
            strbuf_puts(out, "&gt;");
        else if (*p == '&')
            strbuf_puts(out, "&amp;");
        else if (*p == '"')
            strbuf_puts(out, "&quot;");
        else
            strbuf_add(out, p, 1);
    }
}

static void sheet_xml(const struct column_map *map, struct strbuf *out)
{
    strbuf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                     "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
                     "<sheetData>");
    for (int row = 1; row <= 2; row++) {
        strbuf_printf(out, "<row r=\"%d\">", row);
        for (size_t i = 0; i < map->count; i++) {
            const char *text = row == 1 ? map->specs[i].title : map->specs[i].example;
            if (!*text)
                continue;
            char column[8];
            size_t value = i + 1, n = 0;
            char reversed[8];
            while (value > 0 && n < 7) {
                value--;
                reversed[n++] = (char)('A' + value % 26);
                value /= 26;
            }
            for (size_t k = 0; k < n; k++)
                column[k] = reversed[n - 1 - k];
            column[n] = '\0';
            strbuf_printf(out, "<c r=\"%s%d\" t=\"inlineStr\"><is><t xml:space=\"preserve\">",
                          column, row);
            xml_escaped(out, text);
            strbuf_puts(out, "</t></is></c>");
        }
        strbuf_puts(out, "</row>");
    }
    strbuf_puts(out, "</sheetData></worksheet>\n");
}

static const char content_types[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
    "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
    "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
    "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
    "</Types>\n";
static const char root_rels[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>"
    "</Relationships>\n";
static const char workbook[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
    "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
    "<sheets><sheet name=\"Classe\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>\n";
static const char workbook_rels[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
    "</Relationships>\n";

static bool add_part(zip_t *zip, const char *name, const char *text, size_t len)
{
    zip_source_t *source = zip_source_buffer(zip, text, len, 0);
    if (!source)
        return false;
    if (zip_file_add(zip, name, source, ZIP_FL_ENC_UTF_8) < 0) {
        zip_source_free(source);
        return false;
    }
    return true;
}

/* The workbook's bytes, built in memory (heap in *bytes). */
static bool xlsx_bytes(const char *sheet, size_t sheet_len, void **bytes, size_t *size)
{
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t *memory = zip_source_buffer_create(NULL, 0, 0, &error);
    zip_t *zip = memory ? zip_open_from_source(memory, ZIP_TRUNCATE, &error) : NULL;
    zip_error_fini(&error);
    if (!zip) {
        if (memory)
            zip_source_free(memory);
        return false;
    }
    zip_source_keep(memory);
    bool ok = add_part(zip, "[Content_Types].xml", content_types, sizeof content_types - 1) &&
              add_part(zip, "_rels/.rels", root_rels, sizeof root_rels - 1) &&
              add_part(zip, "xl/workbook.xml", workbook, sizeof workbook - 1) &&
              add_part(zip, "xl/_rels/workbook.xml.rels", workbook_rels, sizeof workbook_rels - 1) &&
              add_part(zip, "xl/worksheets/sheet1.xml", sheet, sheet_len);
    if (!ok || zip_close(zip) < 0) {
        zip_discard(zip);
        zip_source_free(memory);
        return false;
    }
    zip_stat_t stat;
    ok = zip_source_stat(memory, &stat) == 0 && zip_source_open(memory) == 0;
    *bytes = ok ? malloc(stat.size ? stat.size : 1) : NULL;
    ok = *bytes && zip_source_read(memory, *bytes, stat.size) == (zip_int64_t)stat.size;
    *size = (size_t)stat.size;
    zip_source_close(memory);
    zip_source_free(memory);
    if (!ok) {
        free(*bytes);
        *bytes = NULL;
    }
    return ok;
}

bool blank_write(const struct column_map *map, const char *dir, struct strbuf *written,
                 struct strbuf *error)
{
    if (!atomic_make_dirs(dir, error))
        return false;
    struct strbuf csv = STRBUF_INIT, sheet = STRBUF_INIT;
    csv_text(map, &csv);
    sheet_xml(map, &sheet);
    char *csv_path = path_join(dir, "classe.csv");
    char *xlsx_path = path_join(dir, "classe.xlsx");
    void *bytes = NULL;
    size_t size = 0;
    bool ok = csv_path && xlsx_path && !strbuf_failed(&csv) && !strbuf_failed(&sheet) &&
              atomic_write(csv_path, csv.data, csv.len, error);
    if (ok && !xlsx_bytes(strbuf_str(&sheet), sheet.len, &bytes, &size)) {
        strbuf_puts(error, "classe.xlsx : écriture du classeur impossible");
        ok = false;
    }
    ok = ok && atomic_write(xlsx_path, bytes, size, error);
    if (ok)
        strbuf_printf(written, "%s\n%s\n", csv_path, xlsx_path);
    free(bytes);
    free(csv_path);
    free(xlsx_path);
    strbuf_free(&csv);
    strbuf_free(&sheet);
    return ok;
}
