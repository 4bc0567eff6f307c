/* pdf_font.c — embedding the glyphs a document uses as Type0 fonts.
 *
 * For each style a document uses: pass 1 records which glyphs show which
 * characters; pdf_font_embed then subsets the face once with hb-subset
 * (glyph ids renumbered through the subset plan; hinting, layout and the
 * other tables a PDF does not need dropped: the smallest file), and builds
 * by hand, with libharu's object API, the Type0 font, its CIDFontType2
 * descendant (W widths, CIDToGIDMap), the FontDescriptor with the subset as
 * FontFile2 (and, for PDF/A, the CIDSet of the CIDs it has), and a
 * ToUnicode CMap.
 *
 * CIDs are the subset's glyph ids, so CIDToGIDMap is /Identity, except when
 * one glyph shows two different characters (U+0020 and a missing character
 * both on .notdef, say): the second character gets an extra CID past the
 * subset's glyphs, mapped back to the same glyph by a CIDToGIDMap stream, so
 * that every character still extracts as itself.
 *
 * With a font cache (pdf_font_cache.c), a subset already made for the same
 * glyphs by an earlier document is taken from it: hb-subset is not run, and
 * the FontFile2 (and often the ToUnicode CMap) is written as the cache keeps
 * it, deflated already: the same bytes as without the cache. */
#include "pdf_internal.h"
#include "../util/array.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hb.h>
#include <hb-subset.h>

struct extra_char {
    uint32_t glyph;
    uint32_t codepoint;
};

struct pdf_font {
    const struct font_face *face;
    enum font_style style;
    struct pdf_font_cache *cache; /* or NULL */
    hb_face_t *hb;          /* the face: tables for the FontDescriptor */
    hb_face_t *source;      /* what hb-subset reads: the face or its preprocessed copy */
    unsigned glyph_count;
    uint32_t *primary;     /* [glyph_count]: first code point shown + 1; 0: unused */
    struct extra_char *extras; /* further (glyph, code point) pairs, in order of use */
    size_t extra_count, extra_cap;
    uint32_t *extra_slots; /* open addressing hash: index into extras + 1; 0: empty */
    size_t slot_cap;
    uint16_t *cid;         /* [glyph_count], after embedding: CID of a used glyph */
    unsigned subset_glyphs;
    HPDF_Dict type0;
};

/* Code points that cannot be written in UTF-16 become U+FFFD. */
static uint32_t normalize_codepoint(unsigned codepoint)
{
    if (codepoint > 0x10FFFF || (codepoint >= 0xD800 && codepoint <= 0xDFFF))
        return 0xFFFD;
    return codepoint;
}

struct pdf_font *pdf_font_new(const struct font_face *face, enum font_style style,
                              struct pdf_font_cache *cache)
{
    struct pdf_font *font = calloc(1, sizeof *font);
    if (!font)
        return NULL;
    font->face = face;
    font->style = style;
    font->cache = cache;
    font->hb = font_hb_face(face);
    font->source = cache ? pdf_font_cache_face(cache, style) : font->hb;
    font->glyph_count = hb_face_get_glyph_count(font->hb);
    font->primary = calloc(font->glyph_count ? font->glyph_count : 1, sizeof *font->primary);
    if (!font->primary) {
        free(font);
        return NULL;
    }
    return font;
}

void pdf_font_free(struct pdf_font *font)
{
    if (!font)
        return;
    free(font->primary);
    free(font->extras);
    free(font->extra_slots);
    free(font->cid);
    free(font);
}

static size_t slot_hash(uint32_t glyph, uint32_t codepoint)
{
    uint64_t key = ((uint64_t)glyph << 32 | codepoint) * UINT64_C(0x9E3779B97F4A7C15);
    return (size_t)(key >> 29);
}

/* The slot holding (glyph, codepoint), or the empty slot where it goes. */
static size_t slot_find(const struct pdf_font *font, uint32_t glyph, uint32_t codepoint)
{
    size_t mask = font->slot_cap - 1;
    size_t at = slot_hash(glyph, codepoint) & mask;
    while (font->extra_slots[at]) {
        const struct extra_char *extra = &font->extras[font->extra_slots[at] - 1];
        if (extra->glyph == glyph && extra->codepoint == codepoint)
            return at;
        at = (at + 1) & mask;
    }
    return at;
}

static bool slots_grow(struct pdf_font *font)
{
    size_t cap = font->slot_cap ? font->slot_cap * 2 : 16;
    uint32_t *slots = calloc(cap, sizeof *slots);
    if (!slots)
        return false;
    free(font->extra_slots);
    font->extra_slots = slots;
    font->slot_cap = cap;
    for (size_t i = 0; i < font->extra_count; i++) {
        size_t at = slot_find(font, font->extras[i].glyph, font->extras[i].codepoint);
        font->extra_slots[at] = (uint32_t)(i + 1);
    }
    return true;
}

static bool note_extra(struct pdf_font *font, uint32_t glyph, uint32_t codepoint)
{
    if (font->slot_cap && font->extra_slots[slot_find(font, glyph, codepoint)])
        return true;
    if ((font->extra_count + 1) * 2 > font->slot_cap && !slots_grow(font))
        return false;
    if (!ARRAY_GROW(font->extras, font->extra_cap, font->extra_count + 1))
        return false;
    font->extras[font->extra_count] = (struct extra_char){glyph, codepoint};
    font->extra_count++;
    font->extra_slots[slot_find(font, glyph, codepoint)] = (uint32_t)font->extra_count;
    return true;
}

bool pdf_font_note(struct pdf_font *font, unsigned glyph, unsigned codepoint)
{
    if (glyph >= font->glyph_count)
        return false;
    uint32_t cp = normalize_codepoint(codepoint);
    if (font->primary[glyph] == 0) {
        font->primary[glyph] = cp + 1;
        return true;
    }
    if (font->primary[glyph] == cp + 1)
        return true;
    return note_extra(font, glyph, cp);
}

unsigned pdf_font_cid(const struct pdf_font *font, unsigned glyph, unsigned codepoint)
{
    uint32_t cp = normalize_codepoint(codepoint);
    if (font->primary[glyph] == cp + 1)
        return font->cid[glyph];
    size_t at = slot_find(font, glyph, cp);
    return font->subset_glyphs + font->extra_slots[at] - 1;
}

HPDF_Dict pdf_font_dict(const struct pdf_font *font)
{
    return font->type0;
}

/* --- metrics of the original face, for the FontDescriptor --------------- */

static unsigned read16(const unsigned char *p)
{
    return (unsigned)p[0] << 8 | p[1];
}

static int read_s16(const unsigned char *p)
{
    unsigned v = read16(p);
    return v >= 0x8000 ? (int)v - 0x10000 : (int)v;
}

static uint32_t read32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* A table's bytes (len 0 when absent); the blob must be destroyed. */
static const unsigned char *table_data(hb_face_t *face, const char *tag, hb_blob_t **blob,
                                       unsigned *len)
{
    *blob = hb_face_reference_table(face, hb_tag_from_string(tag, 4));
    const char *data = hb_blob_get_data(*blob, len);
    return (const unsigned char *)data;
}

struct face_metrics {
    int bbox[4];        /* 1/1000 em */
    double italic_angle;
    bool italic;
    int cap_height;
    int stem_v;
};

static int thousandths(int units, int upem)
{
    long scaled = (long)units * 1000;
    return (int)(scaled >= 0 ? (scaled + upem / 2) / upem : (scaled - upem / 2) / upem);
}

/* The top of a glyph's outline (glyf header yMax), in font units; 0 when
 * the glyph has no outline. */
static int glyph_top(hb_face_t *face, unsigned glyph, int loca_format)
{
    hb_blob_t *loca_blob, *glyf_blob;
    unsigned loca_len, glyf_len;
    const unsigned char *loca = table_data(face, "loca", &loca_blob, &loca_len);
    const unsigned char *glyf = table_data(face, "glyf", &glyf_blob, &glyf_len);
    int top = 0;
    uint32_t start = 0, end = 0;
    if (loca_format == 0 && (size_t)(glyph + 2) * 2 <= loca_len) {
        start = read16(loca + glyph * 2) * 2u;
        end = read16(loca + glyph * 2 + 2) * 2u;
    } else if (loca_format == 1 && (size_t)(glyph + 2) * 4 <= loca_len) {
        start = read32(loca + glyph * 4);
        end = read32(loca + glyph * 4 + 4);
    }
    if (end > start && end <= glyf_len && end - start >= 10)
        top = read_s16(glyf + start + 8);
    hb_blob_destroy(loca_blob);
    hb_blob_destroy(glyf_blob);
    return top;
}

static void face_metrics(const struct pdf_font *font, struct face_metrics *m)
{
    hb_face_t *face = font->hb;
    int upem = font_units_per_em(font->face);
    hb_blob_t *blob;
    unsigned len;
    int loca_format = 0, weight = 400;
    memset(m, 0, sizeof *m);

    const unsigned char *head = table_data(face, "head", &blob, &len);
    if (len >= 54) {
        for (int i = 0; i < 4; i++)
            m->bbox[i] = thousandths(read_s16(head + 36 + 2 * i), upem);
        m->italic = (read16(head + 44) & 2) != 0;
        loca_format = read_s16(head + 50);
    }
    hb_blob_destroy(blob);

    const unsigned char *post = table_data(face, "post", &blob, &len);
    if (len >= 8) {
        int32_t fixed = (int32_t)read32(post + 4);
        m->italic_angle = fixed / 65536.0;
        if (fixed != 0)
            m->italic = true;
    }
    hb_blob_destroy(blob);

    const unsigned char *os2 = table_data(face, "OS/2", &blob, &len);
    if (len >= 6)
        weight = (int)read16(os2 + 4);
    if (len >= 64 && (read16(os2 + 62) & 1))
        m->italic = true;
    if (len >= 90 && read16(os2) >= 2)
        m->cap_height = thousandths(read_s16(os2 + 88), upem);
    hb_blob_destroy(blob);

    if (m->cap_height <= 0) {
        /* Older OS/2 tables (DejaVu's is version 1): measure the H. */
        unsigned h = font_glyph(font->face, 'H');
        int top = h ? glyph_top(face, h, loca_format) : 0;
        m->cap_height = top > 0 ? thousandths(top, upem) : font_ascender(font->face);
    }
    /* No font table gives the stem width: the usual estimate from the
     * weight class (400 → 87, 700 → 166). */
    m->stem_v = 50 + weight * weight / (65 * 65);
}

/* --- the subset tag ------------------------------------------------------ */

static uint64_t fnv_add(uint64_t hash, uint32_t value)
{
    for (int i = 0; i < 4; i++) {
        hash ^= (value >> (8 * i)) & 0xFF;
        hash *= UINT64_C(0x100000001B3);
    }
    return hash;
}

/* Six capitals from the glyphs and characters used: the same document
 * always gets the same tag, different subsets (almost always) differ. */
static void subset_tag(const struct pdf_font *font, char tag[7])
{
    uint64_t hash = UINT64_C(0xCBF29CE484222325);
    for (unsigned g = 0; g < font->glyph_count; g++)
        if (font->primary[g]) {
            hash = fnv_add(hash, g);
            hash = fnv_add(hash, font->primary[g]);
        }
    for (size_t i = 0; i < font->extra_count; i++) {
        hash = fnv_add(hash, font->extras[i].glyph);
        hash = fnv_add(hash, font->extras[i].codepoint);
    }
    for (int i = 0; i < 6; i++) {
        tag[i] = (char)('A' + hash % 26);
        hash /= 26;
    }
    tag[6] = '\0';
}

/* --- ToUnicode ------------------------------------------------------------ */

static void put_hex(struct strbuf *out, unsigned value, int digits)
{
    static const char hex[] = "0123456789ABCDEF";
    char buf[8];
    for (int i = digits - 1; i >= 0; i--) {
        buf[i] = hex[value & 15];
        value >>= 4;
    }
    strbuf_add(out, buf, (size_t)digits);
}

static void put_utf16(struct strbuf *out, uint32_t codepoint)
{
    strbuf_add(out, "<", 1);
    if (codepoint >= 0x10000) {
        uint32_t v = codepoint - 0x10000;
        put_hex(out, 0xD800 | (v >> 10), 4);
        put_hex(out, 0xDC00 | (v & 0x3FF), 4);
    } else {
        put_hex(out, codepoint, 4);
    }
    strbuf_add(out, ">", 1);
}

/* How many entries from i on form a bfrange: CID and character both go up
 * by one, within one block of 256 (only the last byte may vary), BMP only. */
static size_t run_length(const struct pdf_cid_char *chars, size_t count, size_t i)
{
    size_t run = 1;
    while (i + run < count && chars[i + run].cid == chars[i].cid + run &&
           chars[i + run].codepoint == chars[i].codepoint + run &&
           chars[i + run].codepoint < 0x10000 &&
           (chars[i + run].cid & 0xFF00) == (chars[i].cid & 0xFF00) &&
           (chars[i + run].codepoint & 0xFF00) == (chars[i].codepoint & 0xFF00))
        run++;
    return run;
}

/* Writes the entries (sorted by CID) as bfrange blocks for runs where both
 * the CID and the character go up by one within one 256 block, and bfchar
 * blocks for the rest; at most 100 entries per block, as the CMap format
 * requires. */
static void write_cmap(struct strbuf *out, const struct pdf_cid_char *chars, size_t count)
{
    strbuf_puts(out, "/CIDInit /ProcSet findresource begin\n"
                     "12 dict begin\n"
                     "begincmap\n"
                     "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                     "/CMapName /Adobe-Identity-UCS def\n"
                     "/CMapType 2 def\n"
                     "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
    /* Two passes over the runs: singles, then ranges. */
    for (int ranges = 0; ranges < 2; ranges++) {
        size_t total = 0;
        for (size_t i = 0; i < count;) {
            size_t run = run_length(chars, count, i);
            if ((run > 1) == (ranges == 1))
                total++;
            i += run;
        }
        size_t in_block = 0;
        for (size_t i = 0; i < count;) {
            size_t run = run_length(chars, count, i);
            if ((run > 1) == (ranges == 1)) {
                if (in_block == 0) {
                    size_t block = total < 100 ? total : 100;
                    strbuf_printf(out, "%zu %s\n", block, ranges ? "beginbfrange" : "beginbfchar");
                }
                strbuf_add(out, "<", 1);
                put_hex(out, chars[i].cid, 4);
                strbuf_add(out, ">", 1);
                if (ranges) {
                    strbuf_add(out, " <", 2);
                    put_hex(out, chars[i].cid + (unsigned)run - 1, 4);
                    strbuf_add(out, ">", 1);
                }
                strbuf_add(out, " ", 1);
                put_utf16(out, chars[i].codepoint);
                strbuf_add(out, "\n", 1);
                total--;
                if (++in_block == 100 || total == 0) {
                    strbuf_puts(out, ranges ? "endbfrange\n" : "endbfchar\n");
                    in_block = 0;
                }
            }
            i += run;
        }
    }
    strbuf_puts(out, "endcmap\n"
                     "CMapName currentdict /CMap defineresource pop\n"
                     "end\n"
                     "end\n");
}

/* --- stream objects ------------------------------------------------------- */

/* --- the font objects ------------------------------------------------------ */

static HPDF_Dict font_descriptor(const struct pdf_font *font, struct pdf_render *r,
                                 const char *base_name, HPDF_Dict file, HPDF_STATUS *st)
{
    HPDF_MMgr mmgr = r->pdf->mmgr;
    struct face_metrics m;
    face_metrics(font, &m);
    HPDF_Dict descriptor = HPDF_Dict_New(mmgr);
    if (!descriptor || HPDF_Xref_Add(r->pdf->xref, descriptor) != HPDF_OK)
        return NULL;
    *st |= HPDF_Dict_AddName(descriptor, "Type", "FontDescriptor");
    *st |= HPDF_Dict_AddName(descriptor, "FontName", base_name);
    /* Symbolic (4): glyphs outside the standard Latin set; Italic (64). */
    *st |= HPDF_Dict_AddNumber(descriptor, "Flags", 4 | (m.italic ? 64 : 0));
    HPDF_Array bbox = HPDF_Array_New(mmgr);
    *st |= HPDF_Dict_Add(descriptor, "FontBBox", bbox);
    if (bbox)
        for (int i = 0; i < 4; i++)
            *st |= HPDF_Array_AddNumber(bbox, m.bbox[i]);
    *st |= HPDF_Dict_AddReal(descriptor, "ItalicAngle", (HPDF_REAL)m.italic_angle);
    *st |= HPDF_Dict_AddNumber(descriptor, "Ascent", font_ascender(font->face));
    *st |= HPDF_Dict_AddNumber(descriptor, "Descent", font_descender(font->face));
    *st |= HPDF_Dict_AddNumber(descriptor, "CapHeight", m.cap_height);
    *st |= HPDF_Dict_AddNumber(descriptor, "StemV", m.stem_v);
    *st |= HPDF_Dict_Add(descriptor, "FontFile2", file);
    return descriptor;
}

/* CIDSet (PDF/A-1, for a subset): a bit per CID from 0, most significant
 * first, set for each CID the font has: every one from 0 to the last,
 * the subset's glyphs (.notdef included) and the extra CIDs after them. */
static void add_cid_set(const struct pdf_font *font, struct pdf_render *r,
                        const struct pdf_subset *subset, HPDF_Dict descriptor, HPDF_STATUS *st)
{
    unsigned total = subset->subset_glyphs + (unsigned)font->extra_count;
    size_t bytes = (total + 7) / 8;
    unsigned char *bits = calloc(bytes ? bytes : 1, 1);
    if (!bits) {
        *st |= HPDF_FAILD_TO_ALLOC_MEM;
        return;
    }
    memset(bits, 0xFF, total / 8);
    if (total % 8)
        bits[total / 8] = (unsigned char)(0xFF << (8 - total % 8));
    HPDF_Dict set = pdf_plain_stream(r, bits, bytes);
    free(bits);
    if (!set)
        *st |= HPDF_FAILD_TO_ALLOC_MEM;
    else
        *st |= HPDF_Dict_Add(descriptor, "CIDSet", set);
}

/* The face's glyph shown by a CID: the subset's glyphs, then the extra
 * CIDs. */
static unsigned cid_glyph(const struct pdf_font *font, const struct pdf_subset *subset,
                          unsigned cid)
{
    return cid < subset->subset_glyphs ? subset->new_to_old[cid]
                                       : font->extras[cid - subset->subset_glyphs].glyph;
}

/* W: one run of widths from CID 0. */
static void add_widths(const struct pdf_font *font, struct pdf_render *r,
                       const struct pdf_subset *subset, HPDF_Dict cid_font, HPDF_STATUS *st)
{
    unsigned total = subset->subset_glyphs + (unsigned)font->extra_count;
    HPDF_Array widths = HPDF_Array_New(r->pdf->mmgr);
    HPDF_Array run = HPDF_Array_New(r->pdf->mmgr);
    *st |= HPDF_Dict_Add(cid_font, "W", widths);
    if (!widths || !run)
        return;
    *st |= HPDF_Array_AddNumber(widths, 0);
    *st |= HPDF_Array_Add(widths, run);
    for (unsigned cid = 0; cid < total && *st == HPDF_OK; cid++)
        *st |= HPDF_Array_AddNumber(run, font_advance(font->face, cid_glyph(font, subset, cid)));
}

/* CIDToGIDMap: /Identity, or a stream sending the extra CIDs back to their
 * glyphs. */
static bool add_cid_to_gid(const struct pdf_font *font, struct pdf_render *r, HPDF_Dict cid_font,
                           HPDF_STATUS *st)
{
    if (font->extra_count == 0) {
        *st |= HPDF_Dict_AddName(cid_font, "CIDToGIDMap", "Identity");
        return true;
    }
    HPDF_Dict map = HPDF_DictStream_New(r->pdf->mmgr, r->pdf->xref);
    if (!map)
        return false;
    map->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
    unsigned total = font->subset_glyphs + (unsigned)font->extra_count;
    for (unsigned cid = 0; cid < total && *st == HPDF_OK; cid++) {
        unsigned gid = cid < font->subset_glyphs
                           ? cid
                           : font->cid[font->extras[cid - font->subset_glyphs].glyph];
        HPDF_BYTE bytes[2] = {(HPDF_BYTE)(gid >> 8), (HPDF_BYTE)gid};
        *st |= HPDF_Stream_Write(map->stream, bytes, 2);
    }
    *st |= HPDF_Dict_Add(cid_font, "CIDToGIDMap", map);
    return true;
}

static HPDF_Dict cid_font_dict(const struct pdf_font *font, struct pdf_render *r,
                               const struct pdf_subset *subset, const char *base_name,
                               HPDF_Dict descriptor, HPDF_STATUS *st)
{
    HPDF_MMgr mmgr = r->pdf->mmgr;
    HPDF_Dict cid_font = HPDF_Dict_New(mmgr);
    if (!cid_font || HPDF_Xref_Add(r->pdf->xref, cid_font) != HPDF_OK)
        return NULL;
    *st |= HPDF_Dict_AddName(cid_font, "Type", "Font");
    *st |= HPDF_Dict_AddName(cid_font, "Subtype", "CIDFontType2");
    *st |= HPDF_Dict_AddName(cid_font, "BaseFont", base_name);
    HPDF_Dict system_info = HPDF_Dict_New(mmgr);
    *st |= HPDF_Dict_Add(cid_font, "CIDSystemInfo", system_info);
    if (system_info) {
        *st |= HPDF_Dict_Add(system_info, "Registry", HPDF_String_New(mmgr, "Adobe", NULL));
        *st |= HPDF_Dict_Add(system_info, "Ordering", HPDF_String_New(mmgr, "Identity", NULL));
        *st |= HPDF_Dict_AddNumber(system_info, "Supplement", 0);
    }
    *st |= HPDF_Dict_Add(cid_font, "FontDescriptor", descriptor);
    add_widths(font, r, subset, cid_font, st);
    return add_cid_to_gid(font, r, cid_font, st) ? cid_font : NULL;
}

/* The (CID, character) pairs of the ToUnicode CMap, by CID; NULL when
 * memory runs out. */
static struct pdf_cid_char *unicode_pairs(const struct pdf_font *font,
                                          const struct pdf_subset *subset, size_t *count)
{
    unsigned total = subset->subset_glyphs + (unsigned)font->extra_count;
    struct pdf_cid_char *chars = malloc((total ? total : 1) * sizeof *chars);
    if (!chars)
        return NULL;
    *count = 0;
    for (unsigned cid = 0; cid < subset->subset_glyphs; cid++) {
        unsigned glyph = subset->new_to_old[cid];
        if (glyph < font->glyph_count && font->primary[glyph] > 1)
            chars[(*count)++] = (struct pdf_cid_char){cid, font->primary[glyph] - 1};
    }
    for (size_t i = 0; i < font->extra_count; i++)
        if (font->extras[i].codepoint)
            chars[(*count)++] = (struct pdf_cid_char){subset->subset_glyphs + (unsigned)i,
                                                      font->extras[i].codepoint};
    return chars;
}

/* The CMap of chars as a new stream object. With a cache, it is deflated
 * here and kept with the subset for the next document with the same pairs. */
static HPDF_Dict new_cmap_stream(const struct pdf_font *font, struct pdf_render *r,
                                 struct pdf_subset *subset, const struct pdf_cid_char *chars,
                                 size_t count)
{
    struct strbuf text = STRBUF_INIT, packed = STRBUF_INIT;
    HPDF_Dict cmap = NULL;
    write_cmap(&text, chars, count);
    if (strbuf_failed(&text))
        cmap = NULL;
    else if (!font->cache)
        cmap = pdf_plain_stream(r, text.data, text.len);
    else if (pdf_deflate(r, text.data, text.len, &packed) &&
             pdf_subset_set_cmap(subset, chars, count, &packed))
        cmap = pdf_deflated_stream(r, subset->cmap_z, subset->cmap_z_len);
    strbuf_free(&text);
    strbuf_free(&packed);
    return cmap;
}

/* ToUnicode, from the characters noted for each glyph: the cached CMap when
 * the last document with this subset had exactly the same pairs. */
static HPDF_Dict to_unicode(const struct pdf_font *font, struct pdf_render *r,
                            struct pdf_subset *subset)
{
    size_t count, len;
    struct pdf_cid_char *chars = unicode_pairs(font, subset, &count);
    if (!chars)
        return NULL;
    const unsigned char *cached =
        font->cache ? pdf_subset_cmap(font->cache, font->style, subset, chars, count, &len) : NULL;
    HPDF_Dict cmap = cached ? pdf_deflated_stream(r, cached, len)
                            : new_cmap_stream(font, r, subset, chars, count);
    free(chars);
    return cmap;
}

/* Builds the font objects of subset: its TrueType bytes are plain, to
 * deflate, or (plain NULL) subset->font_z, deflated already. The
 * objects are made in the same order either way: same numbers, same bytes. */
static bool build_dicts(struct pdf_font *font, struct pdf_render *r, struct pdf_subset *subset,
                        const char *plain)
{
    HPDF_STATUS st = HPDF_OK;
    char tag[7];
    subset_tag(font, tag);
    char base_name[HPDF_LIMIT_MAX_NAME_LEN + 1];
    snprintf(base_name, sizeof base_name, "%s+%s", tag, font_postscript_name(font->face));

    /* FontFile2: the subset TrueType font. */
    HPDF_Dict file = plain ? pdf_plain_stream(r, plain, subset->font_len)
                           : pdf_deflated_stream(r, subset->font_z, subset->font_z_len);
    if (!file)
        return false;
    st |= HPDF_Dict_AddNumber(file, "Length1", (HPDF_INT32)subset->font_len);
    HPDF_Dict descriptor = font_descriptor(font, r, base_name, file, &st);
    if (descriptor && r->options->pdfa)
        add_cid_set(font, r, subset, descriptor, &st);
    HPDF_Dict cid_font = descriptor ? cid_font_dict(font, r, subset, base_name, descriptor, &st)
                                    : NULL;
    if (!cid_font)
        return pdf_check(r, "police");
    HPDF_Dict cmap = to_unicode(font, r, subset);
    if (!cmap)
        return pdf_check(r, "police") && pdf_fail(r, "mémoire insuffisante");

    font->type0 = HPDF_Dict_New(r->pdf->mmgr);
    if (!font->type0 || HPDF_Xref_Add(r->pdf->xref, font->type0) != HPDF_OK)
        return pdf_check(r, "police");
    st |= HPDF_Dict_AddName(font->type0, "Type", "Font");
    st |= HPDF_Dict_AddName(font->type0, "Subtype", "Type0");
    st |= HPDF_Dict_AddName(font->type0, "BaseFont", base_name);
    st |= HPDF_Dict_AddName(font->type0, "Encoding", "Identity-H");
    HPDF_Array descendants = HPDF_Array_New(r->pdf->mmgr);
    st |= HPDF_Dict_Add(font->type0, "DescendantFonts", descendants);
    if (descendants)
        st |= HPDF_Array_Add(descendants, cid_font);
    st |= HPDF_Dict_Add(font->type0, "ToUnicode", cmap);
    return pdf_check_status(r, st, "police");
}

/* --- subsetting -------------------------------------------------------------- */

/* The glyphs the document uses, ascending: what the subset is made of, and
 * the cache's key. NULL when memory runs out. */
static uint32_t *used_glyphs(const struct pdf_font *font, size_t *count)
{
    uint32_t *glyphs = malloc((font->glyph_count ? font->glyph_count : 1) * sizeof *glyphs);
    if (!glyphs)
        return NULL;
    *count = 0;
    for (unsigned g = 0; g < font->glyph_count; g++)
        if (font->primary[g])
            glyphs[(*count)++] = g;
    return glyphs;
}

static hb_subset_plan_t *make_plan(const struct pdf_font *font, const uint32_t *glyphs,
                                   size_t count)
{
    hb_subset_input_t *input = hb_subset_input_create_or_fail();
    if (!input)
        return NULL;
    hb_set_t *set = hb_subset_input_glyph_set(input);
    hb_set_add(set, 0);
    for (size_t i = 0; i < count; i++)
        hb_set_add(set, glyphs[i]);
    /* Viewers rasterize without the TrueType hinting programs, and the text
     * is already positioned glyph by glyph: no hinting, no layout tables, no
     * cmap (CIDFontType2 fonts are reached through the CIDToGIDMap). What a
     * PDF needs of an embedded TrueType font is glyf, head, hhea, hmtx, loca
     * and maxp (ISO 32000-1, 9.9): OS/2 and post (glyph names) go too, the
     * FontDescriptor carries the metrics. */
    hb_subset_input_set_flags(input, HB_SUBSET_FLAGS_NO_HINTING);
    hb_set_t *drop = hb_subset_input_set(input, HB_SUBSET_SETS_DROP_TABLE_TAG);
    static const char *const dropped[] = {"GSUB", "GPOS", "GDEF", "MATH", "BASE", "JSTF",
                                          "cmap", "name", "gasp", "kern", "hdmx", "VDMX",
                                          "LTSH", "OS/2", "post"};
    for (size_t i = 0; i < sizeof dropped / sizeof *dropped; i++)
        hb_set_add(drop, hb_tag_from_string(dropped[i], 4));
    hb_subset_plan_t *plan = hb_subset_plan_create_or_fail(font->source, input);
    hb_subset_input_destroy(input);
    return plan;
}

/* The plan's numbering of the subset's glyphs into made->new_to_old. False
 * when memory runs out or the numbering has holes. */
static bool read_numbering(hb_subset_plan_t *plan, struct pdf_subset *made)
{
    const hb_map_t *new_to_old = hb_subset_plan_new_to_old_glyph_mapping(plan);
    made->subset_glyphs = hb_map_get_population(new_to_old);
    made->new_to_old = malloc((made->subset_glyphs ? made->subset_glyphs : 1) *
                              sizeof *made->new_to_old);
    if (!made->new_to_old)
        return false;
    for (unsigned cid = 0; cid < made->subset_glyphs; cid++) {
        made->new_to_old[cid] = hb_map_get(new_to_old, cid);
        if (made->new_to_old[cid] == HB_MAP_VALUE_INVALID)
            return false;
    }
    return true;
}

/* The CID of each used glyph: its number in the subset. False when a used
 * glyph is missing from the subset or there are too many CIDs. */
static bool assign_cids(struct pdf_font *font, const struct pdf_subset *subset)
{
    font->subset_glyphs = subset->subset_glyphs;
    if (subset->subset_glyphs == 0 || subset->subset_glyphs + font->extra_count > 0xFFFF)
        return false;
    for (unsigned cid = 0; cid < subset->subset_glyphs; cid++)
        if (subset->new_to_old[cid] < font->glyph_count)
            font->cid[subset->new_to_old[cid]] = (uint16_t)cid;
    for (size_t i = 0; i < subset->glyph_count; i++) {
        uint32_t glyph = subset->glyphs[i];
        if (subset->new_to_old[font->cid[glyph]] != glyph)
            return false;
    }
    return true;
}

/* Embeds subset (made now or taken from the cache); plain as for
 * build_dicts. */
static bool embed_subset(struct pdf_font *font, struct pdf_render *r, struct pdf_subset *subset,
                         const char *plain)
{
    font->cid = calloc(font->glyph_count ? font->glyph_count : 1, sizeof *font->cid);
    if (!font->cid)
        return pdf_fail(r, "mémoire insuffisante");
    if (!assign_cids(font, subset))
        return pdf_fail(r, "sous-ensemble incohérent de la police %s",
                        font_postscript_name(font->face));
    return build_dicts(font, r, subset, plain);
}

/* The TrueType subset (data, len) deflated into made->font_z. */
static bool deflate_subset(struct pdf_render *r, struct pdf_subset *made, const char *data,
                           unsigned len)
{
    struct strbuf packed = STRBUF_INIT;
    if (pdf_deflate(r, data, len, &packed)) {
        made->font_z_len = packed.len;
        made->font_z = (unsigned char *)strbuf_detach(&packed);
    }
    strbuf_free(&packed);
    if (!made->font_z)
        return pdf_check(r, "police") && pdf_fail(r, "mémoire insuffisante");
    return true;
}

/* Subsets the face with hb-subset (made has the key) and embeds the result.
 * With a cache, the deflated subset is kept there for the next documents. */
static bool embed_new_subset(struct pdf_font *font, struct pdf_render *r, struct pdf_subset *made)
{
    const char *family = font_postscript_name(font->face);
    hb_subset_plan_t *plan = make_plan(font, made->glyphs, made->glyph_count);
    if (!plan)
        return pdf_fail(r, "impossible d'extraire les glyphes utilisés de la police %s", family);
    if (!read_numbering(plan, made)) {
        hb_subset_plan_destroy(plan);
        return pdf_fail(r, "sous-ensemble incohérent de la police %s", family);
    }
    hb_face_t *face = hb_subset_plan_execute_or_fail(plan);
    hb_blob_t *blob = face ? hb_face_reference_blob(face) : NULL;
    unsigned len = 0;
    const char *data = blob ? hb_blob_get_data(blob, &len) : NULL;
    made->font_len = len;
    bool ok;
    if (!data || len == 0)
        ok = pdf_fail(r, "impossible d'extraire les glyphes utilisés de la police %s", family);
    else if (!font->cache)
        ok = embed_subset(font, r, made, data);
    else
        ok = deflate_subset(r, made, data, len) &&
             embed_subset(font, r, pdf_subset_keep(font->cache, font->style, made), NULL);
    hb_blob_destroy(blob);
    hb_face_destroy(face);
    hb_subset_plan_destroy(plan);
    return ok;
}

bool pdf_font_embed(struct pdf_font *font, struct pdf_render *r)
{
    struct pdf_subset made = {0};
    made.glyphs = used_glyphs(font, &made.glyph_count);
    if (!made.glyphs)
        return pdf_fail(r, "mémoire insuffisante");
    struct pdf_subset *cached =
        font->cache ? pdf_subset_find(font->cache, font->style, made.glyphs, made.glyph_count)
                    : NULL;
    bool ok = cached ? embed_subset(font, r, cached, NULL) : embed_new_subset(font, r, &made);
    pdf_subset_clear(&made);
    return ok;
}
