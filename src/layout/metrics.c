/* metrics.c — glyph ids and advances per face, cached for one layout run in
 * a small direct-mapped table, so that measuring a character is one look-up
 * and the font is asked once per distinct character. */
#include "engine.h"

void metrics_init(struct metrics *metrics, const struct font_set *fonts)
{
    for (int style = 0; style < FONT_STYLE_COUNT; style++)
        metrics->faces[style] = font_set_face(fonts, (enum font_style)style);
    /* slots are zero (empty): the context is calloc'ed */
}

unsigned metrics_glyph(struct metrics *metrics, int style, unsigned codepoint, int *advance)
{
    struct metric_slot *slot = &metrics->slots[style][codepoint % METRIC_SLOTS];
    if (slot->key != codepoint + 1) {
        const struct font_face *face = metrics->faces[style];
        slot->key = codepoint + 1;
        slot->glyph = font_glyph(face, codepoint);
        slot->advance = slot->glyph ? font_advance(face, slot->glyph) : 0;
    }
    *advance = slot->advance;
    return slot->glyph;
}
