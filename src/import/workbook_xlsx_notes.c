/* workbook_xlsx_notes.c — the notes on an XLSX sheet's header cells.
 *
 * A note needs three parts, which both Excel and LibreOffice read: the
 * comments themselves (xl/commentsN.xml, author « stagedoc »), a legacy
 * VML drawing holding one hidden shape per note (where and how big the box
 * shows when the pointer rests on the cell), and the sheet's relationships
 * to both. */
#include "workbook_xlsx.h"

#include "table.h"
#include "workbook_shared.h"
#include "xmlwrite.h"

bool xlsx_sheet_has_notes(const struct workbook_sheet *sheet)
{
    for (size_t i = 0; i < sheet->column_count; i++)
        if (sheet->columns[i].note && *sheet->columns[i].note)
            return true;
    return false;
}

void xlsx_part_comments(const struct workbook_sheet *sheet, struct strbuf *out)
{
    strbuf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                     "<comments "
                     "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
                     "<authors><author>stagedoc</author></authors><commentList>");
    for (size_t i = 0; i < sheet->column_count; i++) {
        const char *note = sheet->columns[i].note;
        if (!note || !*note)
            continue;
        char letters[8];
        table_column_name(i, letters);
        strbuf_printf(out, "<comment ref=\"%s1\" authorId=\"0\"><text><r><t "
                           "xml:space=\"preserve\">",
                      letters);
        xml_text(out, note);
        strbuf_puts(out, "</t></r></text></comment>");
    }
    strbuf_puts(out, "</commentList></comments>\n");
}

/* Rows of the note's box: about 40 characters a line, 3 to 15 lines. */
static size_t box_rows(const char *note)
{
    size_t lines = 1, length = 0;
    for (const char *p = note; *p; p++) {
        if (*p == '\n' || length == 40) {
            lines++;
            length = 0;
        }
        length += *p != '\n' && ((unsigned char)*p & 0xC0) != 0x80;
    }
    return lines < 3 ? 3 : lines > 15 ? 15 : lines;
}

static void vml_shape(struct strbuf *out, size_t number, size_t shape, size_t column,
                      const char *note)
{
    strbuf_printf(out,
                  "<v:shape id=\"_x0000_s%zu\" type=\"#_x0000_t202\" style=\"position:absolute;"
                  "margin-left:80pt;margin-top:2pt;width:220pt;height:%zupt;z-index:%zu;"
                  "visibility:hidden\" fillcolor=\"#ffffe1\" o:insetmode=\"auto\">"
                  "<v:fill color2=\"#ffffe1\"/><v:shadow on=\"t\" color=\"black\" obscured=\"t\"/>"
                  "<v:path o:connecttype=\"none\"/><v:textbox style=\"mso-direction-alt:auto\">"
                  "<div style=\"text-align:left\"></div></v:textbox>"
                  "<x:ClientData ObjectType=\"Note\"><x:MoveWithCells/><x:SizeWithCells/>"
                  "<x:Anchor>%zu, 15, 0, 2, %zu, 15, %zu, 4</x:Anchor><x:AutoFill>"
                  "False</x:AutoFill>"
                  "<x:Row>0</x:Row><x:Column>%zu</x:Column></x:ClientData></v:shape>",
                  number * 1024 + shape, box_rows(note) * 15, shape, column + 1, column + 4,
                  box_rows(note), column);
}

void xlsx_part_vml(const struct workbook_sheet *sheet, size_t number, struct strbuf *out)
{
    strbuf_printf(out,
                  "<xml xmlns:v=\"urn:schemas-microsoft-com:vml\" "
                  "xmlns:o=\"urn:schemas-microsoft-com:office:office\" "
                  "xmlns:x=\"urn:schemas-microsoft-com:office:excel\">"
                  "<o:shapelayout v:ext=\"edit\"><o:idmap v:ext=\"edit\" data=\"%zu\"/>"
                  "</o:shapelayout>"
                  "<v:shapetype id=\"_x0000_t202\" coordsize=\"21600,21600\" o:spt=\"202\" "
                  "path=\"m,l,21600r21600,l21600,xe\"><v:stroke joinstyle=\"miter\"/>"
                  "<v:path gradientshapeok=\"t\" o:connecttype=\"rect\"/></v:shapetype>",
                  number);
    size_t shape = 0;
    for (size_t i = 0; i < sheet->column_count; i++)
        if (sheet->columns[i].note && *sheet->columns[i].note)
            vml_shape(out, number, ++shape, i, sheet->columns[i].note);
    strbuf_puts(out, "</xml>\n");
}

void xlsx_part_sheet_rels(size_t number, struct strbuf *out)
{
    strbuf_printf(out,
                  "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                  "<Relationships "
                  "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                  "<Relationship Id=\"" XLSX_VML_RELATIONSHIP "\" "
                  "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/vmlDrawing\" "
                  "Target=\"../drawings/vmlDrawing%zu.vml\"/>"
                  "<Relationship Id=\"rId2\" "
                  "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments\" "
                  "Target=\"../comments%zu.xml\"/></Relationships>\n",
                  number, number);
}
