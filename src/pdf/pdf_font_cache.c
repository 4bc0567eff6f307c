/* pdf_font_cache.c — what one run keeps from document to document for its
 * fonts: the faces prepared for subsetting, and per face the last few
 * finished subsets (see pdf_internal.h).
 *
 * The cache is bounded: PDF_SUBSETS_PER_FACE entries per face, the least
 * recently used one going out for a new one, so memory stays flat however
 * many documents a run renders (an entry is some 5 to 10 KB). A lookup
 * compares the exact glyph sets, never only their hash. There is no
 * locking: stagedoc renders in a single thread. */
#include "pdf_internal.h"

#include <stdlib.h>
#include <string.h>

#include <hb-subset.h>

struct face_subsets {
    struct pdf_subset entries[PDF_SUBSETS_PER_FACE];
    size_t count;
    struct pdf_font_cache_stats stats;
};

struct pdf_font_cache {
    hb_face_t *faces[FONT_STYLE_COUNT];
    struct face_subsets subsets[FONT_STYLE_COUNT];
    uint64_t clock; /* one tick per lookup: the order of use */
};

struct pdf_font_cache *pdf_font_cache_new(const struct font_set *fonts, struct strbuf *error)
{
    struct pdf_font_cache *cache = calloc(1, sizeof *cache);
    if (!cache) {
        strbuf_puts(error, "mémoire insuffisante");
        return NULL;
    }
    for (int style = 0; style < FONT_STYLE_COUNT; style++) {
        const struct font_face *face = font_set_face(fonts, (enum font_style)style);
        cache->faces[style] = hb_subset_preprocess(font_hb_face(face));
        if (!cache->faces[style] || cache->faces[style] == hb_face_get_empty()) {
            strbuf_printf(error, "préparation de la police %s impossible",
                          font_postscript_name(face));
            pdf_font_cache_free(cache);
            return NULL;
        }
    }
    return cache;
}

void pdf_subset_clear(struct pdf_subset *subset)
{
    free(subset->glyphs);
    free(subset->new_to_old);
    free(subset->font_z);
    free(subset->chars);
    free(subset->cmap_z);
    memset(subset, 0, sizeof *subset);
}

void pdf_font_cache_free(struct pdf_font_cache *cache)
{
    if (!cache)
        return;
    for (int style = 0; style < FONT_STYLE_COUNT; style++) {
        hb_face_destroy(cache->faces[style]);
        for (size_t i = 0; i < cache->subsets[style].count; i++)
            pdf_subset_clear(&cache->subsets[style].entries[i]);
    }
    free(cache);
}

void pdf_font_cache_stats(const struct pdf_font_cache *cache, enum font_style style,
                          struct pdf_font_cache_stats *stats)
{
    memset(stats, 0, sizeof *stats);
    if (cache && (unsigned)style < FONT_STYLE_COUNT)
        *stats = cache->subsets[style].stats;
}

hb_face_t *pdf_font_cache_face(const struct pdf_font_cache *cache, enum font_style style)
{
    return cache->faces[style];
}

/* FNV-1a over the glyph ids. */
static uint64_t glyphs_hash(const uint32_t *glyphs, size_t count)
{
    uint64_t hash = UINT64_C(0xCBF29CE484222325);
    for (size_t i = 0; i < count; i++) {
        hash ^= glyphs[i];
        hash *= UINT64_C(0x100000001B3);
    }
    return hash;
}

struct pdf_subset *pdf_subset_find(struct pdf_font_cache *cache, enum font_style style,
                                   const uint32_t *glyphs, size_t count)
{
    struct face_subsets *face = &cache->subsets[style];
    uint64_t hash = glyphs_hash(glyphs, count);
    cache->clock++;
    for (size_t i = 0; i < face->count; i++) {
        struct pdf_subset *entry = &face->entries[i];
        if (entry->hash == hash && entry->glyph_count == count &&
            memcmp(entry->glyphs, glyphs, count * sizeof *glyphs) == 0) {
            entry->last_use = cache->clock;
            face->stats.subset_hits++;
            return entry;
        }
    }
    face->stats.subset_misses++;
    return NULL;
}

struct pdf_subset *pdf_subset_keep(struct pdf_font_cache *cache, enum font_style style,
                                   struct pdf_subset *made)
{
    struct face_subsets *face = &cache->subsets[style];
    struct pdf_subset *slot;
    if (face->count < PDF_SUBSETS_PER_FACE) {
        slot = &face->entries[face->count++];
    } else {
        slot = &face->entries[0];
        for (size_t i = 1; i < face->count; i++)
            if (face->entries[i].last_use < slot->last_use)
                slot = &face->entries[i];
        pdf_subset_clear(slot);
    }
    *slot = *made;
    memset(made, 0, sizeof *made);
    slot->hash = glyphs_hash(slot->glyphs, slot->glyph_count);
    slot->last_use = ++cache->clock;
    return slot;
}

const unsigned char *pdf_subset_cmap(struct pdf_font_cache *cache, enum font_style style,
                                     const struct pdf_subset *subset,
                                     const struct pdf_cid_char *chars, size_t count,
                                     size_t *len)
{
    struct pdf_font_cache_stats *stats = &cache->subsets[style].stats;
    /* Compared field by field: the struct may have padding. */
    bool same = subset->cmap_z && subset->char_count == count;
    for (size_t i = 0; same && i < count; i++)
        same = subset->chars[i].cid == chars[i].cid &&
               subset->chars[i].codepoint == chars[i].codepoint;
    if (!same) {
        stats->cmap_misses++;
        return NULL;
    }
    stats->cmap_hits++;
    *len = subset->cmap_z_len;
    return subset->cmap_z;
}

bool pdf_subset_set_cmap(struct pdf_subset *subset, const struct pdf_cid_char *chars,
                         size_t count, struct strbuf *deflated)
{
    free(subset->chars);
    free(subset->cmap_z);
    subset->chars = NULL;
    subset->cmap_z = NULL;
    subset->char_count = subset->cmap_z_len = 0;
    size_t len = deflated->len;
    struct pdf_cid_char *copy = malloc((count ? count : 1) * sizeof *copy);
    unsigned char *bytes = (unsigned char *)strbuf_detach(deflated);
    if (!copy || !bytes) {
        free(copy);
        free(bytes);
        return false;
    }
    if (count)
        memcpy(copy, chars, count * sizeof *copy);
    subset->chars = copy;
    subset->char_count = count;
    subset->cmap_z = bytes;
    subset->cmap_z_len = len;
    return true;
}
