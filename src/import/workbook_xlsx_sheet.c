/* workbook_xlsx_sheet.c — one worksheet of an XLSX workbook.
 *
 * Row 1 holds the titles in bold and stays in view (a frozen pane). Each
 * column has its width and, for text and date columns, its format as the
 * column's style (<cols>), so that the empty cells below the data take it
 * too: what a person types there later stays text (leading zeros kept) or
 * reads as a date. Text is written as inline strings (lines wrapped when it
 * has several), numbers as they are, dates as serial numbers of the 1900
 * system with the date format. Columns with choices get a drop-down list
 * (a data validation, warning only, so a synonym can still be typed) down
 * to row WORKBOOK_LIST_LAST_ROW at least; lists too long for the formula
 * are read from the hidden sheet. */
#include "workbook_xlsx.h"

#include <stdio.h>
#include <string.h>

#include "table.h"
#include "workbook_shared.h"
#include "xmlwrite.h"

/* Serial 0 of the 1900 system is 1899-12-30 for every day from 1900-03-01,
 * the first after the leap day that never was. */
#define XLSX_SERIAL_OF_1970 25569
#define XLSX_FIRST_SERIAL_DAY (-25508) /* 1900-03-01 as days since 1970 */

static const char sheet_start[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
    "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">";

static void frozen_header(struct strbuf *out, bool selected)
{
    strbuf_printf(out, "<sheetViews><sheetView workbookViewId=\"0\"%s>",
                  selected ? " tabSelected=\"1\"" : "");
    strbuf_puts(out, "<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" "
                     "state=\"frozen\"/><selection pane=\"bottomLeft\" activeCell=\"A2\" "
                     "sqref=\"A2\"/></sheetView></sheetViews>"
                     "<sheetFormatPr defaultRowHeight=\"15\"/>");
}

static enum xlsx_style column_style(const struct workbook_column *column)
{
    if (column->format == WORKBOOK_TEXT)
        return XLSX_STYLE_TEXT;
    return column->format == WORKBOOK_DATE ? XLSX_STYLE_DATE : XLSX_STYLE_DEFAULT;
}

static void columns(const struct workbook_sheet *sheet, struct strbuf *out)
{
    if (!sheet->column_count)
        return;
    strbuf_puts(out, "<cols>");
    for (size_t i = 0; i < sheet->column_count; i++) {
        const struct workbook_column *column = &sheet->columns[i];
        strbuf_printf(out, "<col min=\"%zu\" max=\"%zu\" width=\"%u.7\" customWidth=\"1\"", i + 1,
                      i + 1, workbook_column_width(sheet, i));
        if (column_style(column) != XLSX_STYLE_DEFAULT)
            strbuf_printf(out, " style=\"%d\"", column_style(column));
        strbuf_puts(out, "/>");
    }
    strbuf_puts(out, "</cols>");
}

/* <c r="B7" s="2" t="inlineStr"><is><t>text</t></is></c> (s left out for 0). */
static void text_cell(struct strbuf *out, const char *where, enum xlsx_style style,
                      const char *text)
{
    strbuf_printf(out, "<c r=\"%s\"", where);
    if (style != XLSX_STYLE_DEFAULT)
        strbuf_printf(out, " s=\"%d\"", style);
    strbuf_puts(out, " t=\"inlineStr\"><is><t xml:space=\"preserve\">");
    xml_text(out, text);
    strbuf_puts(out, "</t></is></c>");
}

static void value_cell(struct strbuf *out, const char *where, const struct workbook_column *column,
                       const struct workbook_row *row, size_t index)
{
    enum workbook_value kind;
    date_t date;
    if (!workbook_cell_kind(column, row, index, &kind, &date))
        return;
    const char *text = workbook_cell_text(row, index);
    if (kind == WORKBOOK_VALUE_DATE && date >= XLSX_FIRST_SERIAL_DAY)
        strbuf_printf(out, "<c r=\"%s\" s=\"%d\"><v>%ld</v></c>", where, XLSX_STYLE_DATE,
                      (long)date + XLSX_SERIAL_OF_1970);
    else if (kind == WORKBOOK_VALUE_NUMBER)
        strbuf_printf(out, "<c r=\"%s\"><v>%s</v></c>", where, text);
    else if (strchr(text, '\n'))
        text_cell(out, where, column->format == WORKBOOK_TEXT ? XLSX_STYLE_TEXT_WRAPPED
                                                              : XLSX_STYLE_DEFAULT_WRAPPED, text);
    else
        text_cell(out, where, column_style(column), text);
}

/* Lines of the row's tallest cell (at most 10). */
static size_t row_lines(const struct workbook_sheet *sheet, const struct workbook_row *row)
{
    size_t most = 1;
    for (size_t i = 0; i < sheet->column_count; i++) {
        const char *text = workbook_cell_text(row, i);
        size_t lines = 1;
        for (const char *p = text; p && (p = strchr(p, '\n')); p++)
            lines++;
        if (lines > most)
            most = lines;
    }
    return most > 10 ? 10 : most;
}

/* <row r="7">, with the height of its lines when it has several: neither
 * Excel nor LibreOffice grows a row as it opens the file. */
static void row_start(struct strbuf *out, const struct workbook_sheet *sheet, size_t r)
{
    size_t lines = row_lines(sheet, &sheet->rows[r]);
    if (lines > 1)
        strbuf_printf(out, "<row r=\"%zu\" ht=\"%zu\" customHeight=\"1\">", r + 2, lines * 15);
    else
        strbuf_printf(out, "<row r=\"%zu\">", r + 2);
}

static void data_rows(const struct workbook_sheet *sheet, struct strbuf *out)
{
    strbuf_puts(out, "<sheetData><row r=\"1\">");
    char letters[8], where[32];
    for (size_t i = 0; i < sheet->column_count; i++) {
        table_column_name(i, letters);
        snprintf(where, sizeof where, "%s1", letters);
        text_cell(out, where, XLSX_STYLE_HEADER, sheet->columns[i].title);
    }
    strbuf_puts(out, "</row>");
    for (size_t r = 0; r < sheet->row_count; r++) {
        row_start(out, sheet, r);
        for (size_t i = 0; i < sheet->column_count; i++) {
            table_column_name(i, letters);
            snprintf(where, sizeof where, "%s%zu", letters, r + 2);
            value_cell(out, where, &sheet->columns[i], &sheet->rows[r], i);
        }
        strbuf_puts(out, "</row>");
    }
    strbuf_puts(out, "</sheetData>");
}

bool xlsx_list_is_long(const struct workbook_column *column)
{
    size_t length = column->choice_count ? column->choice_count - 1 : 0; /* the commas */
    for (size_t i = 0; i < column->choice_count; i++) {
        const char *choice = column->choices[i];
        if (!*choice || strpbrk(choice, ",\""))
            return true;
        length += workbook_utf8_length(choice);
    }
    return length > 255;
}

bool xlsx_has_long_lists(const struct workbook *book)
{
    for (size_t s = 0; s < book->sheet_count; s++)
        for (size_t i = 0; i < book->sheets[s].column_count; i++)
            if (book->sheets[s].columns[i].choice_count &&
                xlsx_list_is_long(&book->sheets[s].columns[i]))
                return true;
    return false;
}

/* "a,b,c" in quotes, or Listes!$B$1:$B$40 for the long list numbered list. */
static void list_formula(const struct workbook_column *column, size_t *long_lists,
                         struct strbuf *out)
{
    if (xlsx_list_is_long(column)) {
        char letters[8];
        table_column_name((*long_lists)++, letters);
        strbuf_printf(out, "%s!$%s$1:$%s$%zu", WORKBOOK_LISTS_SHEET, letters, letters,
                      column->choice_count);
        return;
    }
    strbuf_puts(out, "&quot;");
    for (size_t i = 0; i < column->choice_count; i++) {
        if (i)
            strbuf_puts(out, ",");
        xml_text(out, column->choices[i]);
    }
    strbuf_puts(out, "&quot;");
}

static void validations(const struct workbook_sheet *sheet, size_t *long_lists,
                        struct strbuf *out)
{
    size_t count = 0;
    for (size_t i = 0; i < sheet->column_count; i++)
        count += sheet->columns[i].choice_count > 0;
    if (!count)
        return;
    strbuf_printf(out, "<dataValidations count=\"%zu\">", count);
    for (size_t i = 0; i < sheet->column_count; i++) {
        if (!sheet->columns[i].choice_count)
            continue;
        char letters[8];
        table_column_name(i, letters);
        strbuf_printf(out, "<dataValidation type=\"list\" errorStyle=\"warning\" allowBlank=\"1\" "
                           "showErrorMessage=\"1\" errorTitle=\"Valeur hors de la liste\" "
                           "error=\"Choisissez une valeur de la liste.\" sqref=\"%s2:%s%zu\">"
                           "<formula1>",
                      letters, letters, workbook_list_last_row(sheet));
        list_formula(&sheet->columns[i], long_lists, out);
        strbuf_puts(out, "</formula1></dataValidation>");
    }
    strbuf_puts(out, "</dataValidations>");
}

void xlsx_part_sheet(const struct workbook *book, size_t index, size_t *long_lists,
                     struct strbuf *out)
{
    const struct workbook_sheet *sheet = &book->sheets[index];
    strbuf_puts(out, sheet_start);
    frozen_header(out, index == 0);
    columns(sheet, out);
    data_rows(sheet, out);
    validations(sheet, long_lists, out);
    strbuf_puts(out, "<pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" "
                     "header=\"0.3\" footer=\"0.3\"/>");
    if (xlsx_sheet_has_notes(sheet))
        strbuf_puts(out, "<legacyDrawing r:id=\"" XLSX_VML_RELATIONSHIP "\"/>");
    strbuf_puts(out, "</worksheet>\n");
}

/* The longest list's length: the hidden sheet's last row. */
static size_t longest_list(const struct workbook *book)
{
    size_t longest = 0;
    for (size_t s = 0; s < book->sheet_count; s++)
        for (size_t i = 0; i < book->sheets[s].column_count; i++) {
            const struct workbook_column *column = &book->sheets[s].columns[i];
            if (column->choice_count > longest && xlsx_list_is_long(column))
                longest = column->choice_count;
        }
    return longest;
}

/* Row number of the hidden sheet: the number-th choice of every long list. */
static void lists_row(const struct workbook *book, size_t number, struct strbuf *out)
{
    strbuf_printf(out, "<row r=\"%zu\">", number);
    size_t list = 0;
    char letters[8], where[32];
    for (size_t s = 0; s < book->sheet_count; s++)
        for (size_t i = 0; i < book->sheets[s].column_count; i++) {
            const struct workbook_column *column = &book->sheets[s].columns[i];
            if (!column->choice_count || !xlsx_list_is_long(column))
                continue;
            table_column_name(list++, letters);
            snprintf(where, sizeof where, "%s%zu", letters, number);
            if (number <= column->choice_count)
                text_cell(out, where, XLSX_STYLE_TEXT, column->choices[number - 1]);
        }
    strbuf_puts(out, "</row>");
}

void xlsx_part_lists(const struct workbook *book, struct strbuf *out)
{
    strbuf_puts(out, sheet_start);
    strbuf_puts(out, "<sheetData>");
    size_t longest = longest_list(book);
    for (size_t number = 1; number <= longest; number++)
        lists_row(book, number, out);
    strbuf_puts(out, "</sheetData></worksheet>\n");
}
