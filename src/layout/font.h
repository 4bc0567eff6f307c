/* font.h — the document fonts: four faces of one family, parsed once per
 * process, with the metrics the layout engine measures text with.
 *
 * Glyph advances are in font units scaled to 1/1000 em (PDF glyph space),
 * so a run's width in points is sum(advance) * size / 1000. The PDF backend
 * reaches the raw face (HarfBuzz) to embed subsets; the layout engine only
 * asks for glyphs and advances. */
#ifndef STAGEDOC_LAYOUT_FONT_H
#define STAGEDOC_LAYOUT_FONT_H

#include <stdbool.h>

#include "../util/strbuf.h"

enum font_style {
    FONT_REGULAR = 0,      /* index = STYLE_BOLD | STYLE_ITALIC bits of tree.h */
    FONT_BOLD = 1,
    FONT_ITALIC = 2,
    FONT_BOLD_ITALIC = 3,
    FONT_STYLE_COUNT = 4,
};

struct font_face;
struct font_set;

/* Loads fonts_dir/DejaVuSans{,-Bold,-Oblique,-BoldOblique}.ttf. NULL with a
 * message naming the file on failure. Thread-compatible, read-only after. */
struct font_set *font_set_load(const char *fonts_dir, struct strbuf *error);
void font_set_free(struct font_set *set);
const struct font_face *font_set_face(const struct font_set *set, enum font_style style);

/* The face's glyph for a code point, 0 when it has none (.notdef). */
unsigned font_glyph(const struct font_face *face, unsigned codepoint);
/* Advance width of a glyph in 1/1000 em. */
int font_advance(const struct font_face *face, unsigned glyph);
/* Width of UTF-8 text in 1/1000 em; *missing gets the first code point
 * the face lacks (0 when none). */
int font_text_width(const struct font_face *face, const char *utf8, unsigned *missing);
/* Vertical metrics in 1/1000 em (ascender > 0, descender < 0). */
int font_ascender(const struct font_face *face);
int font_descender(const struct font_face *face);
/* For the PDF backend. */
const char *font_postscript_name(const struct font_face *face);
int font_units_per_em(const struct font_face *face);
/* The HarfBuzz face (hb_face_t *), typed void * so that users of this
 * header need not include HarfBuzz. */
void *font_hb_face(const struct font_face *face);

#endif
