/* workbook_ods_content.c — content.xml of an ODS workbook.
 *
 * Its automatic styles (the text data style "@" and the date style
 * JJ/MM/AAAA with their cell styles, the bold header, each column's width),
 * the drop-down lists (table:content-validations, a warning only,
 * so a synonym can still be typed), then one table:table per sheet: its
 * columns (width and default cell style), the header row, the data rows,
 * then empty rows: down to WORKBOOK_LIST_LAST_ROW carrying the drop-down
 * lists when the sheet has some, and down to the sheet's last row when it
 * has text or date columns, for those empty cells to take the column's
 * format too (what a person types there later stays text or reads as a
 * date). The cells are written by workbook_ods_cells.c. */
#include "workbook_ods.h"

#include "table.h"
#include "workbook_shared.h"
#include "xmlwrite.h"

/* The last row of a LibreOffice sheet. */
#define ODS_LAST_ROW 1048576u

static const char content_start[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
    "xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\" "
    "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" "
    "xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" "
    "xmlns:fo=\"urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0\" "
    "xmlns:number=\"urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0\" "
    "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
    "xmlns:of=\"urn:oasis:names:tc:opendocument:xmlns:of:1.2\" office:version=\"1.2\">";

static const char fixed_styles[] =
    "<number:text-style style:name=\"NTexte\"><number:text-content/></number:text-style>"
    "<number:date-style style:name=\"NDate\"><number:day number:style=\"long\"/>"
    "<number:text>/</number:text><number:month number:style=\"long\"/>"
    "<number:text>/</number:text><number:year number:style=\"long\"/></number:date-style>"
    "<style:style style:name=\"" ODS_STYLE_HEADER "\" style:family=\"table-cell\" "
    "style:parent-style-name=\"Default\"><style:text-properties fo:font-weight=\"bold\" "
    "style:font-weight-asian=\"bold\" style:font-weight-complex=\"bold\"/></style:style>"
    "<style:style style:name=\"" ODS_STYLE_TEXT "\" style:family=\"table-cell\" "
    "style:parent-style-name=\"Default\" style:data-style-name=\"NTexte\"/>"
    "<style:style style:name=\"" ODS_STYLE_DATE "\" style:family=\"table-cell\" "
    "style:parent-style-name=\"Default\" style:data-style-name=\"NDate\"/>"
    "<style:style style:name=\"ta1\" style:family=\"table\" style:master-page-name=\"Default\">"
    "<style:table-properties table:display=\"true\" style:writing-mode=\"lr-tb\"/></style:style>"
    "<style:style style:name=\"ro1\" style:family=\"table-row\"><style:table-row-properties "
    "style:row-height=\"0.452cm\" fo:break-before=\"auto\" style:use-optimal-row-height=\"true\"/>"
    "</style:style>";

/* "co<sheet>_<column>" (from 1): about 0.19 cm a character, plus a margin. */
static void column_styles(const struct workbook *book, struct strbuf *out)
{
    for (size_t s = 0; s < book->sheet_count; s++)
        for (size_t i = 0; i < book->sheets[s].column_count; i++) {
            unsigned hundredths = workbook_column_width(&book->sheets[s], i) * 19 + 30;
            strbuf_printf(out, "<style:style style:name=\"co%zu_%zu\" "
                               "style:family=\"table-column\">"
                               "<style:table-column-properties fo:break-before=\"auto\" "
                               "style:column-width=\"%u.%02ucm\"/></style:style>",
                          s + 1, i + 1, hundredths / 100, hundredths % 100);
        }
}

/* 'Sheet name'.C2, the cell a drop-down list starts from. */
static void base_cell(struct strbuf *out, const char *sheet, size_t column)
{
    char letters[8];
    table_column_name(column, letters);
    struct strbuf address = STRBUF_INIT;
    workbook_quoted(&address, sheet, '\'');
    strbuf_printf(&address, ".%s2", letters);
    xml_attribute(out, strbuf_str(&address));
    strbuf_free(&address);
}

/* of:cell-content-is-in-list("a";"b"). */
static void list_condition(struct strbuf *out, const struct workbook_column *column)
{
    struct strbuf condition = STRBUF_INIT;
    strbuf_puts(&condition, "of:cell-content-is-in-list(");
    for (size_t i = 0; i < column->choice_count; i++) {
        if (i)
            strbuf_puts(&condition, ";");
        workbook_quoted(&condition, column->choices[i], '"');
    }
    strbuf_puts(&condition, ")");
    xml_attribute(out, strbuf_str(&condition));
    strbuf_free(&condition);
}

static void validation(struct strbuf *out, const struct workbook_sheet *sheet, size_t column,
                       size_t number)
{
    strbuf_printf(out, "<table:content-validation table:name=\"val%zu\" "
                       "table:condition=\"", number);
    list_condition(out, &sheet->columns[column]);
    strbuf_puts(out, "\" table:allow-empty-cell=\"true\" table:display-list=\"unsorted\" "
                     "table:base-cell-address=\"");
    base_cell(out, sheet->name, column);
    strbuf_puts(out, "\"><table:error-message table:display=\"true\" "
                     "table:message-type=\"warning\" table:title=\"Valeur hors de la liste\">"
                     "<text:p>Choisissez une valeur de la liste.</text:p></table:error-message>"
                     "</table:content-validation>");
}

static void validations(const struct workbook *book, struct strbuf *out)
{
    size_t number = 0;
    for (size_t s = 0; s < book->sheet_count; s++)
        for (size_t i = 0; i < book->sheets[s].column_count; i++) {
            if (!book->sheets[s].columns[i].choice_count)
                continue;
            if (number++ == 0)
                strbuf_puts(out, "<table:content-validations>");
            validation(out, &book->sheets[s], i, number);
        }
    if (number)
        strbuf_puts(out, "</table:content-validations>");
}

static void table_columns(const struct workbook_sheet *sheet, size_t number, struct strbuf *out)
{
    for (size_t i = 0; i < sheet->column_count; i++) {
        const struct workbook_column *column = &sheet->columns[i];
        const char *style = column->format == WORKBOOK_TEXT   ? ODS_STYLE_TEXT
                            : column->format == WORKBOOK_DATE ? ODS_STYLE_DATE
                                                              : "Default";
        strbuf_printf(out, "<table:table-column table:style-name=\"co%zu_%zu\" "
                           "table:default-cell-style-name=\"%s\"/>",
                      number, i + 1, style);
    }
    if (!sheet->column_count)
        strbuf_puts(out, "<table:table-column/>");
}

/* Drop-down lists in this sheet. */
static size_t list_count(const struct workbook_sheet *sheet)
{
    size_t count = 0;
    for (size_t i = 0; i < sheet->column_count; i++)
        count += sheet->columns[i].choice_count > 0;
    return count;
}

/* Whether a column has a text or date format. */
static bool has_formats(const struct workbook_sheet *sheet)
{
    for (size_t i = 0; i < sheet->column_count; i++)
        if (sheet->columns[i].format != WORKBOOK_GENERAL)
            return true;
    return false;
}

/* Rows *next to last, empty, as one repeated row: with the drop-down lists
 * from first_list, or none (0). LibreOffice gives a column's default style
 * only to the rows a file has, so formatted columns need every row. */
static void empty_rows(const struct workbook_sheet *sheet, size_t *next, size_t last,
                       size_t first_list, struct strbuf *out)
{
    if (*next > last)
        return;
    strbuf_printf(out, "<table:table-row table:style-name=\"ro1\" "
                       "table:number-rows-repeated=\"%zu\">", last - *next + 1);
    if (first_list)
        ods_row_cells(sheet, NULL, first_list, out);
    else
        strbuf_printf(out, "<table:table-cell table:number-columns-repeated=\"%zu\"/>",
                      sheet->column_count ? sheet->column_count : 1);
    strbuf_puts(out, "</table:table-row>");
    *next = last + 1;
}

/* The table of sheets[index]. */
static void table(const struct workbook *book, size_t index, size_t first_list,
                  struct strbuf *out)
{
    const struct workbook_sheet *sheet = &book->sheets[index];
    strbuf_puts(out, "<table:table table:name=\"");
    xml_attribute(out, sheet->name);
    strbuf_puts(out, "\" table:style-name=\"ta1\">");
    table_columns(sheet, index + 1, out);
    strbuf_puts(out, "<table:table-header-rows><table:table-row table:style-name=\"ro1\">");
    ods_header_cells(sheet, book->date, out);
    strbuf_puts(out, "</table:table-row></table:table-header-rows>");
    for (size_t r = 0; r < sheet->row_count; r++) {
        strbuf_puts(out, "<table:table-row table:style-name=\"ro1\">");
        ods_row_cells(sheet, &sheet->rows[r], first_list, out);
        strbuf_puts(out, "</table:table-row>");
    }
    size_t next = sheet->row_count + 2; /* the first row not written */
    if (list_count(sheet))
        empty_rows(sheet, &next, workbook_list_last_row(sheet), first_list, out);
    if (has_formats(sheet))
        empty_rows(sheet, &next, ODS_LAST_ROW, 0, out);
    strbuf_puts(out, "</table:table>");
}

void ods_part_content(const struct workbook *book, struct strbuf *out)
{
    strbuf_puts(out, content_start);
    strbuf_puts(out, "<office:automatic-styles>");
    strbuf_puts(out, fixed_styles);
    column_styles(book, out);
    strbuf_puts(out, "</office:automatic-styles><office:body><office:spreadsheet>");
    validations(book, out);
    size_t first_list = 1;
    for (size_t s = 0; s < book->sheet_count; s++) {
        table(book, s, first_list, out);
        first_list += list_count(&book->sheets[s]);
    }
    strbuf_puts(out, "</office:spreadsheet></office:body></office:document-content>\n");
}
