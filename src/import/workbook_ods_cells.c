/* workbook_ods_cells.c — the cells of an ODS table.
 *
 * Text cells are office:value-type="string" with their text as paragraphs
 * (one per line, runs of spaces and tabs kept with text:s and text:tab, as
 * ODF would collapse them); numbers are "float" with office:value; dates
 * "date" with office:date-value and the date style. A cell without a style
 * takes its column's default style (text or date format), so only headers,
 * dates and numbers in a date column name one. Runs of empty cells are
 * written once, repeated. */
#include "workbook_ods.h"

#include <string.h>

#include "workbook_shared.h"
#include "xmlwrite.h"

/* A run of spaces: one between two characters stays a space, the others
 * (and any at the ends of a line or next to a tab) are text:s. */
static void spaces(struct strbuf *out, size_t run, bool between_characters)
{
    if (between_characters) {
        strbuf_puts(out, " ");
        run--;
    }
    if (run == 1)
        strbuf_puts(out, "<text:s/>");
    else if (run > 1)
        strbuf_printf(out, "<text:s text:c=\"%zu\"/>", run);
}

/* A line's text, its spaces and tabs kept. */
static void line_text(struct strbuf *out, const char *line, size_t len)
{
    size_t i = 0;
    while (i < len) {
        size_t end = i + 1;
        if (line[i] == '\t') {
            strbuf_puts(out, "<text:tab/>");
        } else if (line[i] == ' ') {
            while (end < len && line[end] == ' ')
                end++;
            bool between = i > 0 && line[i - 1] != '\t' && end < len && line[end] != '\t';
            spaces(out, end - i, between);
        } else {
            while (end < len && line[end] != ' ' && line[end] != '\t')
                end++;
            xml_text_n(out, line + i, end - i);
        }
        i = end;
    }
}

/* text as paragraphs, one per line. */
static void paragraphs(struct strbuf *out, const char *text)
{
    for (;;) {
        size_t len = strcspn(text, "\n");
        size_t shown = len && text[len - 1] == '\r' ? len - 1 : len;
        strbuf_puts(out, "<text:p>");
        line_text(out, text, shown);
        strbuf_puts(out, "</text:p>");
        if (!text[len])
            return;
        text += len + 1;
    }
}

void ods_header_cells(const struct workbook_sheet *sheet, long long date, struct strbuf *out)
{
    char when[WORKBOOK_TIMESTAMP_SIZE];
    workbook_timestamp(date, when);
    for (size_t i = 0; i < sheet->column_count; i++) {
        const struct workbook_column *column = &sheet->columns[i];
        strbuf_puts(out, "<table:table-cell table:style-name=\"" ODS_STYLE_HEADER "\" "
                         "office:value-type=\"string\">");
        if (column->note && *column->note) {
            strbuf_printf(out, "<office:annotation><dc:creator>stagedoc</dc:creator>"
                               "<dc:date>%s</dc:date>", when);
            paragraphs(out, column->note);
            strbuf_puts(out, "</office:annotation>");
        }
        paragraphs(out, column->title);
        strbuf_puts(out, "</table:table-cell>");
    }
    if (!sheet->column_count) /* a row holds one cell at least */
        strbuf_puts(out, "<table:table-cell/>");
}

/* The number with a decimal comma, as the cell shows it in French. */
static void number_shown(struct strbuf *out, const char *number)
{
    const char *dot = strchr(number, '.');
    if (!dot) {
        strbuf_puts(out, number);
        return;
    }
    strbuf_add(out, number, (size_t)(dot - number));
    strbuf_printf(out, ",%s", dot + 1);
}

/* The start tag's value attributes and its text, for a cell that has one. */
static void value(struct strbuf *out, const struct workbook_column *column,
                  const struct workbook_row *row, size_t index, enum workbook_value kind,
                  date_t date)
{
    const char *text = workbook_cell_text(row, index);
    if (kind == WORKBOOK_VALUE_DATE) {
        char iso[DATE_ISO_SIZE], shown[DATE_ISO_SIZE];
        date_format_iso(date, iso);
        date_format_short_fr(date, shown);
        strbuf_printf(out, " table:style-name=\"" ODS_STYLE_DATE "\" office:value-type=\"date\" "
                           "office:date-value=\"%s\"><text:p>%s</text:p>", iso, shown);
    } else if (kind == WORKBOOK_VALUE_NUMBER) {
        if (column->format == WORKBOOK_DATE)
            strbuf_puts(out, " table:style-name=\"Default\"");
        strbuf_printf(out, " office:value-type=\"float\" office:value=\"%s\"><text:p>", text);
        number_shown(out, text);
        strbuf_puts(out, "</text:p>");
    } else {
        strbuf_puts(out, " office:value-type=\"string\">");
        paragraphs(out, text);
    }
}

/* Empty cells not yet written, written as one repeated cell. */
static void flush_empty(struct strbuf *out, size_t *pending)
{
    if (*pending == 1)
        strbuf_puts(out, "<table:table-cell/>");
    else if (*pending > 1)
        strbuf_printf(out, "<table:table-cell table:number-columns-repeated=\"%zu\"/>", *pending);
    *pending = 0;
}

void ods_row_cells(const struct workbook_sheet *sheet, const struct workbook_row *row,
                   size_t validation, struct strbuf *out)
{
    size_t pending = 0, written = 0;
    for (size_t i = 0; i < sheet->column_count; i++) {
        const struct workbook_column *column = &sheet->columns[i];
        enum workbook_value kind;
        date_t date;
        bool has_value = row && workbook_cell_kind(column, row, i, &kind, &date);
        if (!has_value && !column->choice_count) {
            pending++;
            continue;
        }
        flush_empty(out, &pending);
        written++;
        strbuf_puts(out, "<table:table-cell");
        if (column->choice_count)
            strbuf_printf(out, " table:content-validation-name=\"val%zu\"", validation++);
        if (!has_value) {
            strbuf_puts(out, "/>");
            continue;
        }
        value(out, column, row, i, kind, date);
        strbuf_puts(out, "</table:table-cell>");
    }
    if (!written) /* a row holds one cell at least */
        strbuf_puts(out, "<table:table-cell/>");
}
