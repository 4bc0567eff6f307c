/* font.c — DejaVu faces through HarfBuzz, with a glyph and advance cache for
 * the characters French documents use most (so measuring a line is a table
 * look-up, not a font query). */
#include "font.h"

#include <stdlib.h>
#include <string.h>
#include <hb.h>
#include <hb-ot.h>

#include "../util/file.h"
#include "../util/fold.h"

/* Code points below this are cached: Latin, Latin Extended, punctuation. */
#define FONT_CACHE_SIZE 0x2100

struct font_face {
    hb_blob_t *blob;
    hb_face_t *face;
    hb_font_t *font;
    int upem;
    int ascender, descender; /* 1/1000 em */
    char postscript_name[64];
    unsigned short cached_glyph[FONT_CACHE_SIZE];
    short cached_advance[FONT_CACHE_SIZE];
    bool cache_filled[FONT_CACHE_SIZE];
};

struct font_set {
    struct font_face faces[FONT_STYLE_COUNT];
};

static const char *const face_files[FONT_STYLE_COUNT] = {
    "DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf",
    "DejaVuSans-BoldOblique.ttf",
};

static int to_thousandths(const struct font_face *face, hb_position_t units)
{
    long scaled = (long)units * 1000;
    return (int)(scaled >= 0 ? (scaled + face->upem / 2) / face->upem
                             : (scaled - face->upem / 2) / face->upem);
}

static bool load_face(struct font_face *face, const char *path, struct strbuf *error)
{
    face->blob = hb_blob_create_from_file_or_fail(path);
    if (!face->blob) {
        strbuf_printf(error, "police illisible : %s", path);
        return false;
    }
    face->face = hb_face_create(face->blob, 0);
    face->upem = (int)hb_face_get_upem(face->face);
    if (face->upem <= 0 || hb_face_get_glyph_count(face->face) == 0) {
        strbuf_printf(error, "pas une police TrueType : %s", path);
        return false;
    }
    face->font = hb_font_create(face->face);
    hb_font_set_scale(face->font, face->upem, face->upem);
    hb_position_t ascender = 0, descender = 0;
    hb_ot_metrics_get_position(face->font, HB_OT_METRICS_TAG_HORIZONTAL_ASCENDER, &ascender);
    hb_ot_metrics_get_position(face->font, HB_OT_METRICS_TAG_HORIZONTAL_DESCENDER, &descender);
    face->ascender = to_thousandths(face, ascender);
    face->descender = to_thousandths(face, descender);
    unsigned int len = sizeof face->postscript_name;
    if (hb_ot_name_get_utf8(face->face, HB_OT_NAME_ID_POSTSCRIPT_NAME, HB_LANGUAGE_INVALID, &len,
                            face->postscript_name) == 0)
        strcpy(face->postscript_name, "DejaVuSans");
    return true;
}

struct font_set *font_set_load(const char *fonts_dir, struct strbuf *error)
{
    struct font_set *set = calloc(1, sizeof *set);
    if (!set) {
        strbuf_puts(error, "mémoire insuffisante");
        return NULL;
    }
    for (int i = 0; i < FONT_STYLE_COUNT; i++) {
        char *path = path_join(fonts_dir, face_files[i]);
        bool ok = path && load_face(&set->faces[i], path, error);
        free(path);
        if (!ok) {
            font_set_free(set);
            return NULL;
        }
    }
    return set;
}

void font_set_free(struct font_set *set)
{
    if (!set)
        return;
    for (int i = 0; i < FONT_STYLE_COUNT; i++) {
        hb_font_destroy(set->faces[i].font);
        hb_face_destroy(set->faces[i].face);
        hb_blob_destroy(set->faces[i].blob);
    }
    free(set);
}

const struct font_face *font_set_face(const struct font_set *set, enum font_style style)
{
    return &set->faces[style & 3];
}

static unsigned lookup_glyph(const struct font_face *face, unsigned codepoint)
{
    hb_codepoint_t glyph = 0;
    return hb_font_get_nominal_glyph(face->font, codepoint, &glyph) ? glyph : 0;
}

/* The cache is filled lazily; faces are shared read-mostly within one
 * thread, which is how stagedoc uses them. */
static void fill_cache(const struct font_face *face, unsigned codepoint)
{
    struct font_face *mutable_face = (struct font_face *)face;
    unsigned glyph = lookup_glyph(face, codepoint);
    mutable_face->cached_glyph[codepoint] = (unsigned short)glyph;
    mutable_face->cached_advance[codepoint] =
        (short)to_thousandths(face, hb_font_get_glyph_h_advance(face->font, glyph));
    mutable_face->cache_filled[codepoint] = true;
}

unsigned font_glyph(const struct font_face *face, unsigned codepoint)
{
    if (codepoint >= FONT_CACHE_SIZE)
        return lookup_glyph(face, codepoint);
    if (!face->cache_filled[codepoint])
        fill_cache(face, codepoint);
    return face->cached_glyph[codepoint];
}

int font_advance(const struct font_face *face, unsigned glyph)
{
    return to_thousandths(face, hb_font_get_glyph_h_advance(face->font, glyph));
}

static int codepoint_advance(const struct font_face *face, unsigned codepoint)
{
    if (codepoint >= FONT_CACHE_SIZE)
        return font_advance(face, lookup_glyph(face, codepoint));
    if (!face->cache_filled[codepoint])
        fill_cache(face, codepoint);
    return face->cached_advance[codepoint];
}

int font_text_width(const struct font_face *face, const char *utf8, unsigned *missing)
{
    int width = 0;
    if (missing)
        *missing = 0;
    while (*utf8) {
        unsigned codepoint;
        utf8 += utf8_decode(utf8, &codepoint);
        if (missing && !*missing && font_glyph(face, codepoint) == 0)
            *missing = codepoint;
        width += codepoint_advance(face, codepoint);
    }
    return width;
}

int font_ascender(const struct font_face *face)
{
    return face->ascender;
}

int font_descender(const struct font_face *face)
{
    return face->descender;
}

const char *font_postscript_name(const struct font_face *face)
{
    return face->postscript_name;
}

int font_units_per_em(const struct font_face *face)
{
    return face->upem;
}

void *font_hb_face(const struct font_face *face)
{
    return face->face;
}
