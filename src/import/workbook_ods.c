/* workbook_ods.c — a class workbook as an OpenDocument spreadsheet (ODS).
 *
 * The package's parts, in a fixed order: mimetype first and stored
 * uncompressed (as ODF requires, so that the type reads at a fixed
 * offset), the content (workbook_ods_content.c), the common styles, the
 * metadata dated from the model (never the clock), the view settings that
 * keep each sheet's header row frozen, then the manifest. */
#include "workbook_ods.h"

#include <stdlib.h>

#include "workbook_shared.h"
#include "xmlwrite.h"
#include "zipwrite.h"

#define ODS_MEDIA_TYPE "application/vnd.oasis.opendocument.spreadsheet"
#define OFFICE_NS "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\""

static const char manifest[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" "
    "manifest:version=\"1.2\">"
    "<manifest:file-entry manifest:full-path=\"/\" manifest:version=\"1.2\" "
    "manifest:media-type=\"" ODS_MEDIA_TYPE "\"/>"
    "<manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>"
    "<manifest:file-entry manifest:full-path=\"styles.xml\" manifest:media-type=\"text/xml\"/>"
    "<manifest:file-entry manifest:full-path=\"meta.xml\" manifest:media-type=\"text/xml\"/>"
    "<manifest:file-entry manifest:full-path=\"settings.xml\" manifest:media-type=\"text/xml\"/>"
    "</manifest:manifest>\n";

static const char styles[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<office:document-styles " OFFICE_NS " "
    "xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\" "
    "xmlns:fo=\"urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0\" "
    "office:version=\"1.2\">"
    "<office:styles><style:default-style style:family=\"table-cell\">"
    "<style:text-properties fo:language=\"fr\" fo:country=\"FR\"/></style:default-style>"
    "<style:style style:name=\"Default\" style:family=\"table-cell\"/></office:styles>"
    "<office:automatic-styles><style:page-layout style:name=\"pm1\">"
    "<style:page-layout-properties style:writing-mode=\"lr-tb\"/></style:page-layout>"
    "</office:automatic-styles><office:master-styles>"
    "<style:master-page style:name=\"Default\" style:page-layout-name=\"pm1\"/>"
    "</office:master-styles></office:document-styles>\n";

static void meta(const struct workbook *book, struct strbuf *out)
{
    char when[WORKBOOK_TIMESTAMP_SIZE];
    workbook_timestamp(book->date, when);
    strbuf_printf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                  "<office:document-meta " OFFICE_NS " "
                  "xmlns:meta=\"urn:oasis:names:tc:opendocument:xmlns:meta:1.0\" "
                  "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" office:version=\"1.2\">"
                  "<office:meta>"
                  "<meta:generator>stagedoc</meta:generator>"
                  "<meta:creation-date>%s</meta:creation-date><dc:date>%s</dc:date>"
                  "</office:meta></office:document-meta>\n",
                  when, when);
}

static void setting(struct strbuf *out, const char *name, const char *type, int value)
{
    strbuf_printf(out, "<config:config-item config:name=\"%s\" config:type=\"%s\">%d"
                       "</config:config-item>", name, type, value);
}

/* One sheet's view: split below row 1, frozen, the cursor under it. */
static void frozen_header(struct strbuf *out, const char *sheet)
{
    strbuf_puts(out, "<config:config-item-map-entry config:name=\"");
    xml_attribute(out, sheet);
    strbuf_puts(out, "\">");
    setting(out, "CursorPositionX", "int", 0);
    setting(out, "CursorPositionY", "int", 1);
    setting(out, "HorizontalSplitMode", "short", 0);
    setting(out, "VerticalSplitMode", "short", 2);
    setting(out, "HorizontalSplitPosition", "int", 0);
    setting(out, "VerticalSplitPosition", "int", 1);
    setting(out, "ActiveSplitRange", "short", 2);
    setting(out, "PositionLeft", "int", 0);
    setting(out, "PositionRight", "int", 0);
    setting(out, "PositionTop", "int", 0);
    setting(out, "PositionBottom", "int", 1);
    strbuf_puts(out, "</config:config-item-map-entry>");
}

static void settings(const struct workbook *book, struct strbuf *out)
{
    strbuf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                "<office:document-settings " OFFICE_NS " "
                "xmlns:config=\"urn:oasis:names:tc:opendocument:xmlns:config:1.0\" "
                "office:version=\"1.2\"><office:settings>"
                "<config:config-item-set config:name=\"ooo:view-settings\">"
                "<config:config-item-map-indexed config:name=\"Views\">"
                "<config:config-item-map-entry>"
                "<config:config-item config:name=\"ViewId\" config:type=\"string\">view1"
                "</config:config-item><config:config-item-map-named config:name=\"Tables\">");
    for (size_t i = 0; i < book->sheet_count; i++)
        frozen_header(out, book->sheets[i].name);
    strbuf_puts(out, "</config:config-item-map-named>");
    if (book->sheet_count) {
        strbuf_puts(out, "<config:config-item config:name=\"ActiveTable\" config:type=\"string\">");
        xml_text(out, book->sheets[0].name);
        strbuf_puts(out, "</config:config-item>");
    }
    strbuf_puts(out, "</config:config-item-map-entry></config:config-item-map-indexed>"
                     "</config:config-item-set></office:settings></office:document-settings>\n");
}

bool workbook_ods_bytes(const struct workbook *book, void **bytes, size_t *size,
                        struct strbuf *error)
{
    *bytes = NULL;
    *size = 0;
    if (!workbook_check_sheet_names(book, error))
        return false;
    struct zipwrite zip;
    zipwrite_begin(&zip, book->date);
    struct strbuf text = STRBUF_INIT;
    strbuf_puts(&text, ODS_MEDIA_TYPE);
    zipwrite_stored(&zip, "mimetype", &text);
    ods_part_content(book, &text);
    zipwrite_part(&zip, "content.xml", &text);
    zipwrite_constant(&zip, "styles.xml", styles);
    meta(book, &text);
    zipwrite_part(&zip, "meta.xml", &text);
    settings(book, &text);
    zipwrite_part(&zip, "settings.xml", &text);
    zipwrite_constant(&zip, "META-INF/manifest.xml", manifest);
    strbuf_free(&text);
    if (!zipwrite_end(&zip, bytes, size)) {
        strbuf_puts(error, "classeur ODS : mémoire insuffisante pour l'écrire");
        return false;
    }
    return true;
}

bool workbook_write_ods(const struct workbook *book, const char *path, struct strbuf *error)
{
    return workbook_write_bytes(workbook_ods_bytes, book, path, error);
}
