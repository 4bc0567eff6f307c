/* workbook_xlsx.c — a class workbook as an Office Open XML (XLSX) package.
 *
 * The package's parts, in a fixed order: content types, relationships,
 * document properties (dated from the model, never the clock), the
 * workbook (its sheets in order, then the hidden sheet of long drop-down
 * lists when one is needed), the styles every sheet uses (default, bold
 * header, text "@", date dd/mm/yyyy, and two that wrap lines), then each
 * sheet with its notes. The sheets themselves are written by
 * workbook_xlsx_sheet.c and workbook_xlsx_notes.c. */
#include "workbook_xlsx.h"

#include <stdio.h>
#include <stdlib.h>

#include "workbook_shared.h"
#include "xmlwrite.h"
#include "zipwrite.h"

#define XML_DECLARATION "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
#define RELATIONSHIPS "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define SPREADSHEETML "application/vnd.openxmlformats-officedocument.spreadsheetml"

static const char root_rels[] =
    XML_DECLARATION
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"" RELATIONSHIPS "/officeDocument\" "
    "Target=\"xl/workbook.xml\"/>"
    "<Relationship Id=\"rId2\" "
    "Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" "
    "Target=\"docProps/core.xml\"/>"
    "<Relationship Id=\"rId3\" Type=\"" RELATIONSHIPS "/extended-properties\" "
    "Target=\"docProps/app.xml\"/></Relationships>\n";

static const char app_properties[] =
    XML_DECLARATION
    "<Properties "
    "xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\">"
    "<Application>stagedoc</Application></Properties>\n";

static const char styles[] =
    XML_DECLARATION
    "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
    "<numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"dd/mm/yyyy\"/></numFmts>"
    "<fonts count=\"2\"><font><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font>"
    "<font><b/><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font></fonts>"
    "<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill>"
    "<fill><patternFill patternType=\"gray125\"/></fill></fills>"
    "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
    "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/>"
    "</cellStyleXfs>"
    "<cellXfs count=\"6\">"
    "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
    "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/>"
    "<xf numFmtId=\"49\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" "
    "applyNumberFormat=\"1\"/>"
    "<xf numFmtId=\"164\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" "
    "applyNumberFormat=\"1\"/>"
    "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyAlignment=\"1\">"
    "<alignment wrapText=\"1\"/></xf>"
    "<xf numFmtId=\"49\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" "
    "applyNumberFormat=\"1\" "
    "applyAlignment=\"1\"><alignment wrapText=\"1\"/></xf>"
    "</cellXfs>"
    "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>"
    "</styleSheet>\n";

/* The sheets of the package: the model's, plus the hidden one when needed. */
static size_t sheet_parts(const struct workbook *book)
{
    return book->sheet_count + xlsx_has_long_lists(book);
}

static void content_types(const struct workbook *book, struct strbuf *out)
{
    strbuf_puts(out, XML_DECLARATION
                "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                "<Default Extension=\"rels\" "
                "ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                "<Default Extension=\"vml\" "
                "ContentType=\"application/vnd.openxmlformats-officedocument.vmlDrawing\"/>"
                "<Override PartName=\"/xl/workbook.xml\" ContentType=\"" SPREADSHEETML
                ".sheet.main+xml\"/>"
                "<Override PartName=\"/xl/styles.xml\" ContentType=\"" SPREADSHEETML
                ".styles+xml\"/>"
                "<Override PartName=\"/docProps/core.xml\" "
                "ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
                "<Override PartName=\"/docProps/app.xml\" "
                "ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>");
    for (size_t n = 1; n <= sheet_parts(book); n++)
        strbuf_printf(out, "<Override PartName=\"/xl/worksheets/sheet%zu.xml\" "
                           "ContentType=\"" SPREADSHEETML
                      ".worksheet+xml\"/>", n);
    for (size_t i = 0; i < book->sheet_count; i++)
        if (xlsx_sheet_has_notes(&book->sheets[i]))
            strbuf_printf(out, "<Override PartName=\"/xl/comments%zu.xml\" "
                               "ContentType=\"" SPREADSHEETML
                          ".comments+xml\"/>", i + 1);
    strbuf_puts(out, "</Types>\n");
}

static void core_properties(const struct workbook *book, struct strbuf *out)
{
    char when[WORKBOOK_TIMESTAMP_SIZE];
    workbook_timestamp(book->date, when);
    strbuf_printf(out, XML_DECLARATION
                  "<cp:coreProperties "
                  "xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" "
                  "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
                  "xmlns:dcterms=\"http://purl.org/dc/terms/\" "
                  "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
                  "<dc:creator>stagedoc</dc:creator>"
                  "<dcterms:created xsi:type=\"dcterms:W3CDTF\">%sZ</dcterms:created>"
                  "<dcterms:modified xsi:type=\"dcterms:W3CDTF\">%sZ</dcterms:modified>"
                  "</cp:coreProperties>\n",
                  when, when);
}

/* Row 1 printed again at the top of every page of each sheet. */
static void print_titles(const struct workbook *book, struct strbuf *out)
{
    strbuf_puts(out, "<definedNames>");
    struct strbuf range = STRBUF_INIT;
    for (size_t i = 0; i < book->sheet_count; i++) {
        strbuf_reset(&range);
        workbook_quoted(&range, book->sheets[i].name, '\'');
        strbuf_puts(&range, "!$1:$1");
        strbuf_printf(out, "<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"%zu\">", i);
        xml_text(out, strbuf_str(&range));
        strbuf_puts(out, "</definedName>");
    }
    strbuf_free(&range);
    strbuf_puts(out, "</definedNames>");
}

static void workbook_part(const struct workbook *book, struct strbuf *out)
{
    strbuf_puts(out, XML_DECLARATION
                "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
                "xmlns:r=\"" RELATIONSHIPS "\"><bookViews><workbookView activeTab=\"0\"/>"
                "</bookViews>"
                "<sheets>");
    for (size_t i = 0; i < book->sheet_count; i++) {
        strbuf_puts(out, "<sheet name=\"");
        xml_attribute(out, book->sheets[i].name);
        strbuf_printf(out, "\" sheetId=\"%zu\" r:id=\"rId%zu\"/>", i + 1, i + 1);
    }
    if (xlsx_has_long_lists(book))
        strbuf_printf(out, "<sheet name=\"" WORKBOOK_LISTS_SHEET "\" sheetId=\"%zu\" "
                           "state=\"hidden\" "
                      "r:id=\"rId%zu\"/>", book->sheet_count + 1, book->sheet_count + 1);
    strbuf_puts(out, "</sheets>");
    print_titles(book, out);
    strbuf_puts(out, "</workbook>\n");
}

static void workbook_rels(const struct workbook *book, struct strbuf *out)
{
    strbuf_puts(out, XML_DECLARATION
                "<Relationships "
                "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">");
    size_t parts = sheet_parts(book);
    for (size_t n = 1; n <= parts; n++)
        strbuf_printf(out, "<Relationship Id=\"rId%zu\" Type=\"" RELATIONSHIPS "/worksheet\" "
                      "Target=\"worksheets/sheet%zu.xml\"/>", n, n);
    strbuf_printf(out, "<Relationship Id=\"rId%zu\" Type=\"" RELATIONSHIPS "/styles\" "
                  "Target=\"styles.xml\"/></Relationships>\n", parts + 1);
}

/* The part text builds, under name (a printf format of one number). */
static void add_numbered(struct zipwrite *zip, const char *format, size_t number,
                         struct strbuf *text)
{
    char name[64];
    snprintf(name, sizeof name, format, number);
    zipwrite_part(zip, name, text);
}

static void add_sheets(const struct workbook *book, struct zipwrite *zip)
{
    struct strbuf text = STRBUF_INIT;
    size_t long_lists = 0;
    for (size_t i = 0; i < book->sheet_count && !zip->failed; i++) {
        xlsx_part_sheet(book, i, &long_lists, &text);
        add_numbered(zip, "xl/worksheets/sheet%zu.xml", i + 1, &text);
        if (!xlsx_sheet_has_notes(&book->sheets[i]))
            continue;
        xlsx_part_sheet_rels(i + 1, &text);
        add_numbered(zip, "xl/worksheets/_rels/sheet%zu.xml.rels", i + 1, &text);
        xlsx_part_comments(&book->sheets[i], &text);
        add_numbered(zip, "xl/comments%zu.xml", i + 1, &text);
        xlsx_part_vml(&book->sheets[i], i + 1, &text);
        add_numbered(zip, "xl/drawings/vmlDrawing%zu.vml", i + 1, &text);
    }
    if (long_lists) {
        xlsx_part_lists(book, &text);
        add_numbered(zip, "xl/worksheets/sheet%zu.xml", book->sheet_count + 1, &text);
    }
    strbuf_free(&text);
}

bool workbook_xlsx_bytes(const struct workbook *book, void **bytes, size_t *size,
                         struct strbuf *error)
{
    *bytes = NULL;
    *size = 0;
    if (!workbook_check_sheet_names(book, error))
        return false;
    struct zipwrite zip;
    zipwrite_begin(&zip, book->date);
    struct strbuf text = STRBUF_INIT;
    content_types(book, &text);
    zipwrite_part(&zip, "[Content_Types].xml", &text);
    zipwrite_constant(&zip, "_rels/.rels", root_rels);
    core_properties(book, &text);
    zipwrite_part(&zip, "docProps/core.xml", &text);
    zipwrite_constant(&zip, "docProps/app.xml", app_properties);
    workbook_part(book, &text);
    zipwrite_part(&zip, "xl/workbook.xml", &text);
    workbook_rels(book, &text);
    zipwrite_part(&zip, "xl/_rels/workbook.xml.rels", &text);
    zipwrite_constant(&zip, "xl/styles.xml", styles);
    add_sheets(book, &zip);
    strbuf_free(&text);
    if (!zipwrite_end(&zip, bytes, size)) {
        strbuf_puts(error, "classeur XLSX : mémoire insuffisante pour l'écrire");
        return false;
    }
    return true;
}

bool workbook_write_xlsx(const struct workbook *book, const char *path, struct strbuf *error)
{
    return workbook_write_bytes(workbook_xlsx_bytes, book, path, error);
}
