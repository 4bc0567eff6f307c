/* test_layout.c — the layout engine on hand-built layout trees: line
 * breaking, justification, hyphenation, French spacing, tables across
 * pages, keeps, lists, page numbers, inline boxes, signatures, images,
 * missing glyphs, and the time it takes per page. */
#include "test_support.h"

#include <math.h>
#include <time.h>

#include "layout/layout.h"

#define NBSP_UTF8 "\xc2\xa0"
#define NNBSP "\xE2\x80\xAF"
#define NBSP "\xC2\xA0"

static struct font_set *fonts;
static struct hyphenator *hyphenator;

static int load_resources(void **state)
{
    (void)state;
    struct strbuf error = STRBUF_INIT;
    fonts = font_set_load("fonts", &error);
    hyphenator = hyphenator_load("/usr/share/hyphen/hyph_fr.dic", &error);
    if (error.len)
        fprintf(stderr, "%s\n", strbuf_str(&error));
    strbuf_free(&error);
    return fonts && hyphenator ? 0 : -1;
}

static int free_resources(void **state)
{
    (void)state;
    font_set_free(fonts);
    hyphenator_free(hyphenator);
    return 0;
}

/* ---- building trees ---- */

struct builder {
    struct arena arena;
    struct layout_document *doc;
    struct block **tail;
};

static void builder_open(struct builder *b)
{
    b->arena = (struct arena)ARENA_INIT;
    b->doc = tree_document(&b->arena);
    assert_non_null(b->doc);
    b->tail = &b->doc->blocks;
}

static struct block *add(struct builder *b, struct block *block)
{
    TREE_APPEND(b->tail, block);
    return block;
}

static struct block *paragraph(struct builder *b, const char *text, enum align align)
{
    struct block *block = tree_block(&b->arena, BLOCK_PARAGRAPH);
    block->runs = tree_run(&b->arena, RUN_TEXT, text, 0);
    block->align = align;
    return block;
}

static struct block *heading(struct builder *b, const char *text, int level)
{
    struct block *block = tree_block(&b->arena, BLOCK_HEADING);
    block->runs = tree_run(&b->arena, RUN_TEXT, text, 0);
    block->level = level;
    return block;
}

static struct laid_document *lay(struct builder *b, bool hyphenate, struct strbuf *error)
{
    struct layout_options options = {fonts, hyphenate ? hyphenator : NULL};
    return layout_run(b->doc, &options, error);
}

static void dump_lines(const struct laid_document *laid);

static struct laid_document *lay_ok(struct builder *b, bool hyphenate)
{
    struct strbuf error = STRBUF_INIT;
    struct laid_document *laid = lay(b, hyphenate, &error);
    if (!laid)
        fprintf(stderr, "layout_run: %s\n", strbuf_str(&error));
    assert_non_null(laid);
    strbuf_free(&error);
    dump_lines(laid);
    return laid;
}

static float content_right(const struct layout_document *doc)
{
    return doc->page_width - doc->margin_right;
}

static float text_width(const char *utf8, unsigned style, float size)
{
    const struct font_face *face = font_set_face(fonts, (enum font_style)(style & 3));
    return (float)font_text_width(face, utf8, NULL) * size / 1000.0f;
}

/* ---- reading display lists ---- */

static void put_utf8(char *out, size_t *len, size_t cap, unsigned cp)
{
    char bytes[4];
    size_t n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    if (n == 1)
        bytes[0] = (char)cp;
    else {
        for (size_t k = n - 1; k > 0; k--, cp >>= 6)
            bytes[k] = (char)(0x80 | (cp & 0x3F));
        bytes[0] = (char)((0xF00 >> n) | cp);
    }
    if (*len + n < cap) {
        memcpy(out + *len, bytes, n);
        *len += n;
        out[*len] = '\0';
    }
}

static float run_width(const struct glyph_run *run)
{
    const struct font_face *face = font_set_face(fonts, run->style);
    float width = 0;
    for (size_t k = 0; k < run->count; k++)
        width += (float)font_advance(face, run->glyphs[k]) * run->size / 1000.0f +
                 (run->extra ? run->extra[k] : 0);
    return width;
}

struct line {
    int page;
    float y, x0, x1;
    char text[4096];
};

/* Consecutive glyph runs on one baseline of one page, each starting where
 * the previous ended, make a line (a list marker or the next table cell
 * starts a line of its own). */
static size_t collect_lines(const struct laid_document *laid, struct line *lines, size_t max)
{
    size_t count = 0, len = 0;
    int index = 0;
    for (const struct laid_page *page = laid->pages; page; page = page->next, index++) {
        for (const struct item *item = page->items; item; item = item->next) {
            if (item->kind != ITEM_GLYPHS)
                continue;
            const struct glyph_run *run = &item->glyphs;
            struct line *last = count ? &lines[count - 1] : NULL;
            if (!last || last->page != index || fabsf(last->y - run->y) > 0.01f ||
                fabsf(run->x - last->x1) > 0.01f) {
                assert_true(count < max);
                last = &lines[count++];
                *last = (struct line){index, run->y, run->x, run->x, ""};
                len = 0;
            }
            for (size_t k = 0; k < run->count; k++)
                put_utf8(last->text, &len, sizeof last->text, run->codepoints[k]);
            if (run->x + run_width(run) > last->x1)
                last->x1 = run->x + run_width(run);
        }
    }
    return count;
}

/* LAYOUT_DUMP=1 prints every line laid out, to see why a test fails. */
static void dump_lines(const struct laid_document *laid)
{
    static struct line lines[4000];
    if (!getenv("LAYOUT_DUMP"))
        return;
    size_t count = collect_lines(laid, lines, 4000);
    for (size_t k = 0; k < count; k++)
        fprintf(stderr, "p%d y=%7.2f x=%6.2f..%6.2f |%s|\n", lines[k].page, (double)lines[k].y,
                (double)lines[k].x0, (double)lines[k].x1, lines[k].text);
}

static bool ends_with(const char *text, const char *suffix)
{
    size_t a = strlen(text), b = strlen(suffix);
    return a >= b && strcmp(text + a - b, suffix) == 0;
}

static size_t count_items(const struct laid_document *laid, enum item_kind kind)
{
    size_t count = 0;
    for (const struct laid_page *page = laid->pages; page; page = page->next)
        for (const struct item *item = page->items; item; item = item->next)
            count += item->kind == kind;
    return count;
}

/* Non-space characters of a text, to check that nothing was dropped. */
static size_t visible_chars(const char *utf8)
{
    size_t count = 0;
    for (const unsigned char *s = (const unsigned char *)utf8; *s; s++)
        count += (*s & 0xC0) != 0x80 && *s != ' ' && *s != '\n';
    return count;
}

static char *repeat_text(const char *sentence, int times)
{
    struct strbuf text = STRBUF_INIT;
    for (int k = 0; k < times; k++)
        strbuf_printf(&text, "%s%s", k ? " " : "", sentence);
    return strbuf_detach(&text);
}

static const char *const sentence =
    "Le stagiaire est associé aux activités de l'entreprise qui concourent directement à "
    "l'action éducative ; il est soumis aux règles générales en vigueur dans l'entreprise.";

/* ---- line breaking ---- */

static void wraps_long_paragraph_within_the_column(void **state)
{
    (void)state;
    struct builder b;
    builder_open(&b);
    char *text = repeat_text(sentence, 8);
    add(&b, paragraph(&b, text, ALIGN_LEFT));
    struct laid_document *laid = lay_ok(&b, true);
    struct line lines[200];
    size_t count = collect_lines(laid, lines, 200);
    assert_true(count >= 8);
    size_t seen = 0;
    for (size_t k = 0; k < count; k++) {
        assert_true(lines[k].x0 >= b.doc->margin_left - 0.01f);
        assert_true(lines[k].x1 <= content_right(b.doc) + 0.01f);
        seen += visible_chars(lines[k].text);
    }
    /* French spacing adds one narrow space (visible to this count) per ";". */
    assert_int_equal(seen, visible_chars(text) + 8);
    free(text);
    laid_document_free(laid);
    arena_free(&b.arena);
}

/* The left margin of tree_document()'s pages. */
static float b_left(void)
{
    struct arena arena = ARENA_INIT;
    float left = tree_document(&arena)->margin_left;
    arena_free(&arena);
    return left;
}

/* A one-paragraph document whose column is exactly `width` wide. */
static struct laid_document *lay_in_column(const char *text, float width, enum align align,
                                           bool hyphenate, struct line *lines, size_t *count)
{
    struct builder b;
    builder_open(&b);
    b.doc->margin_right = b.doc->page_width - b.doc->margin_left - width;
    add(&b, paragraph(&b, text, align));
    struct laid_document *laid = lay_ok(&b, hyphenate);
    *count = collect_lines(laid, lines, 64);
    arena_free(&b.arena);
    return laid;
}

static void breaks_after_hyphens_and_slashes(void **state)
{
    (void)state;
    struct line lines[64];
    size_t count;
    float size = 9.5f;
    float width = text_width("aaaaaaaa bbbbbbbb-", 0, size) + 2;
    struct laid_document *laid =
        lay_in_column("aaaaaaaa bbbbbbbb-cccccccc", width, ALIGN_LEFT, false, lines, &count);
    assert_int_equal(count, 2);
    assert_string_equal(lines[0].text, "aaaaaaaa bbbbbbbb-");
    assert_string_equal(lines[1].text, "cccccccc");
    laid_document_free(laid);

    width = text_width("aaaaaaaa bbbbbbbb/", 0, size) + 2;
    laid = lay_in_column("aaaaaaaa bbbbbbbb/cccccccc", width, ALIGN_LEFT, false, lines, &count);
    assert_int_equal(count, 2);
    assert_string_equal(lines[0].text, "aaaaaaaa bbbbbbbb/");
    assert_string_equal(lines[1].text, "cccccccc");
    laid_document_free(laid);

    /* No break before a digit: dates and article numbers stay whole. */
    width = text_width("Article L124-", 0, size) + 2;
    laid = lay_in_column("Article L124-13 du 18/05/2027", width, ALIGN_LEFT, false, lines, &count);
    for (size_t k = 0; k < count; k++)
        assert_false(ends_with(lines[k].text, "-") || ends_with(lines[k].text, "/"));
    laid_document_free(laid);

    /* A word longer than the column: cut, nothing lost, nothing wider. */
    const char *url = "https://www.exemple.fr/conventions/annexe-pedagogique-2024-2025.pdf";
    laid = lay_in_column(url, 80, ALIGN_LEFT, false, lines, &count);
    assert_true(count >= 3);
    char joined[512] = "";
    for (size_t k = 0; k < count; k++) {
        assert_true(lines[k].x1 <= b_left() + 80 + 0.01f);
        strcat(joined, lines[k].text);
    }
    assert_string_equal(joined, url);
    laid_document_free(laid);

    laid = lay_in_column("première\nseconde", 400, ALIGN_JUSTIFY, false, lines, &count);
    assert_int_equal(count, 2);
    assert_string_equal(lines[0].text, "première");
    assert_string_equal(lines[1].text, "seconde");
    laid_document_free(laid);
}

static void no_break_space_holds(void **state)
{
    (void)state;
    struct line lines[64];
    size_t count;
    float width = text_width("Somme 10", 0, 9.5f) + 1;
    /* Control: with a plain space the line breaks between 10 and 000. */
    struct laid_document *laid =
        lay_in_column("Somme 10 000 euros", width, ALIGN_LEFT, false, lines, &count);
    assert_string_equal(lines[0].text, "Somme 10");
    laid_document_free(laid);

    laid = lay_in_column("Somme 10" NBSP "000 euros", width, ALIGN_LEFT, false, lines, &count);
    assert_true(count >= 2);
    bool together = false;
    for (size_t k = 0; k < count; k++) {
        assert_false(ends_with(lines[k].text, "10"));
        together |= strstr(lines[k].text, "10" NBSP "000") != NULL;
    }
    assert_true(together);
    laid_document_free(laid);
}

/* ---- justification and hyphenation ---- */

static void justifies_all_lines_but_the_last(void **state)
{
    (void)state;
    struct builder b;
    builder_open(&b);
    char *text = repeat_text(sentence, 5);
    add(&b, paragraph(&b, text, ALIGN_JUSTIFY));
    struct laid_document *laid = lay_ok(&b, true);
    struct line lines[100];
    size_t count = collect_lines(laid, lines, 100);
    assert_true(count >= 4);
    float right = content_right(b.doc);
    for (size_t k = 0; k + 1 < count; k++) {
        assert_true(fabsf(lines[k].x0 - b.doc->margin_left) < 0.01f);
        assert_true(fabsf(lines[k].x1 - right) < 0.1f);
    }
    assert_true(lines[count - 1].x1 < right - 1);
    free(text);
    laid_document_free(laid);
    arena_free(&b.arena);
}

static const char *const long_words =
    "anticonstitutionnellement professionnalisation établissement développement "
    "responsabilités administratives conventionnellement internationalisation "
    "caractéristiques incontestablement représentativité correspondantes";

/* The lines' text joined back: a trailing "-" glues the next line on. */
static void rejoin(const struct line *lines, size_t count, char *out, size_t cap)
{
    out[0] = '\0';
    for (size_t k = 0; k < count; k++) {
        size_t len = strlen(out);
        snprintf(out + len, cap - len, "%s", lines[k].text);
        len = strlen(out);
        if (k + 1 < count && len && out[len - 1] == '-')
            out[len - 1] = '\0';
        else if (k + 1 < count)
            snprintf(out + len, cap - len, " ");
    }
}

static void hyphenates_gaping_justified_lines(void **state)
{
    (void)state;
    struct line lines[64], again[64];
    size_t count, count_again;
    /* Every word fits the column alone: hyphens come from gaping lines. */
    float width = text_width("anticonstitutionnellement", 0, 9.5f) + 10;
    struct laid_document *laid =
        lay_in_column(long_words, width, ALIGN_JUSTIFY, true, lines, &count);
    int hyphenated = 0;
    for (size_t k = 0; k < count; k++) {
        hyphenated += ends_with(lines[k].text, "-");
        assert_true(lines[k].x1 <= b_left() + width + 0.01f); /* never wider */
    }
    assert_true(hyphenated >= 1);
    /* Cuts follow the French patterns, also after accented letters. */
    for (size_t k = 0; k < count; k++) {
        assert_false(ends_with(lines[k].text, "établi-"));
        if (strstr(lines[k].text, "éta"))
            assert_true(ends_with(lines[k].text, "établissement") ||
                        ends_with(lines[k].text, "éta-") || ends_with(lines[k].text, "établis-"));
    }
    char joined[4096];
    rejoin(lines, count, joined, sizeof joined);
    assert_string_equal(joined, long_words);
    laid_document_free(laid);

    /* Deterministic: the same lines again. */
    laid = lay_in_column(long_words, width, ALIGN_JUSTIFY, true, again, &count_again);
    assert_int_equal(count, count_again);
    for (size_t k = 0; k < count; k++)
        assert_string_equal(lines[k].text, again[k].text);
    laid_document_free(laid);

    /* Without patterns, no line ends with a hyphen. */
    laid = lay_in_column(long_words, width, ALIGN_JUSTIFY, false, lines, &count);
    for (size_t k = 0; k < count; k++)
        assert_false(ends_with(lines[k].text, "-"));
    laid_document_free(laid);
}

/* ---- French typography ---- */

static void first_line_of(const char *text, char *out, size_t cap)
{
    assert_true(cap >= sizeof ((struct line *)NULL)->text);
    struct line lines[64];
    size_t count;
    struct laid_document *laid = lay_in_column(text, 450, ALIGN_LEFT, false, lines, &count);
    assert_int_equal(count, 1);
    snprintf(out, cap, "%s", lines[0].text);
    laid_document_free(laid);
}

static void applies_french_spacing(void **state)
{
    (void)state;
    char line[4096];
    first_line_of("« Bonjour » Attention : x ; y ! z ?", line, sizeof line);
    assert_string_equal(line, "«" NNBSP "Bonjour" NNBSP "» Attention" NNBSP ": x" NNBSP "; y" NNBSP
                              "! z" NNBSP "?");
    first_line_of("«Bonjour» Attention: x; y! z?", line, sizeof line);
    assert_string_equal(line, "«" NNBSP "Bonjour" NNBSP "» Attention" NNBSP ": x" NNBSP "; y" NNBSP
                              "! z" NNBSP "?");
    first_line_of("Note:", line, sizeof line);
    assert_string_equal(line, "Note" NNBSP ":");
    first_line_of("à 08:00 sur http://a", line, sizeof line);
    assert_string_equal(line, "à 08:00 sur http://a");
    first_line_of("Quoi ?!", line, sizeof line);
    assert_string_equal(line, "Quoi" NNBSP "?!");

    /* Across runs of different styles. */
    struct builder b;
    builder_open(&b);
    struct block *block = add(&b, paragraph(&b, "Bravo", ALIGN_LEFT));
    block->runs->next = tree_run(&b.arena, RUN_TEXT, "!", STYLE_BOLD);
    struct laid_document *laid = lay_ok(&b, false);
    struct line lines[8];
    assert_int_equal(collect_lines(laid, lines, 8), 1);
    assert_string_equal(lines[0].text, "Bravo" NNBSP "!");
    laid_document_free(laid);
    arena_free(&b.arena);
}

/* « n° », « M. », « Mme » keep the next word: the space after them is a
 * no-break space (U+00A0); a plain word before a number is not touched. */
static void binds_abbreviations_to_the_next_word(void **state)
{
    (void)state;
    char line[4096];
    first_line_of("candidat n° 02755500001, M. Hugo SANTOS et Mme Aurélie CAZENAVE (Mme Léa) ; Nom 2",
                  line, sizeof line);
    assert_string_equal(line, "candidat n°" NBSP_UTF8 "02755500001, M." NBSP_UTF8 "Hugo SANTOS et Mme" NBSP_UTF8
                              "Aurélie CAZENAVE (Mme" NBSP_UTF8 "Léa)" NNBSP "; Nom 2");
    first_line_of("Emme est là, THEM. Fin", line, sizeof line);
    assert_string_equal(line, "Emme est là, THEM. Fin");
}

/* ---- tables ---- */

static struct block *text_cell(struct builder *b, const char *text)
{
    struct block *cell = tree_block(&b->arena, BLOCK_CELL);
    cell->children = paragraph(b, text, ALIGN_LEFT);
    return cell;
}

static struct block *table_row(struct builder *b, const char *left, const char *right)
{
    struct block *row = tree_block(&b->arena, BLOCK_ROW);
    row->children = text_cell(b, left);
    if (right)
        row->children->next = text_cell(b, right);
    return row;
}

static const float two_columns[] = {0.3f, 0.7f};

static void repeats_table_header_on_each_page(void **state)
{
    (void)state;
    struct builder b;
    builder_open(&b);
    struct block *table = add(&b, tree_block(&b.arena, BLOCK_TABLE));
    table->column_count = 2;
    table->column_widths = two_columns;
    table->header_rows = 1;
    struct block **rows = &table->children;
    struct block *header = table_row(&b, "Colonne A", "Colonne B");
    header->shaded = true;
    TREE_APPEND(rows, header);
    for (int k = 1; k <= 60; k++) {
        char label[32];
        snprintf(label, sizeof label, "Ligne %d", k);
        struct block *row = table_row(&b, label, "une valeur assez longue pour tenir sur "
                                                  "deux lignes dans la colonne de droite");
        TREE_APPEND(rows, row);
    }
    struct block *total = table_row(&b, "Total : 60 lignes", NULL);
    total->children->column_span = 2;
    TREE_APPEND(rows, total);
    struct laid_document *laid = lay_ok(&b, true);
    assert_true(laid->page_count >= 2);
    struct line lines[1000];
    size_t count = collect_lines(laid, lines, 1000);
    int found[61] = {0};
    for (int page = 0; page < laid->page_count; page++) {
        const struct line *top = NULL;
        for (size_t k = 0; k < count; k++)
            if (lines[k].page == page && (!top || lines[k].y < top->y))
                top = &lines[k];
        assert_non_null(top);
        assert_string_equal(top->text, "Colonne A");
    }
    for (size_t k = 0; k < count; k++) {
        int n;
        if (sscanf(lines[k].text, "Ligne %d", &n) == 1 && n >= 1 && n <= 60)
            found[n]++;
    }
    for (int n = 1; n <= 60; n++)
        assert_int_equal(found[n], 1);
    /* A row that fits a page is never split: its two lines share a page. */
    for (size_t k = 0; k + 1 < count; k++)
        if (strncmp(lines[k].text, "une valeur", 10) == 0) {
            assert_string_equal(lines[k + 1].text, "de droite");
            assert_int_equal(lines[k + 1].page, lines[k].page);
        }
    /* The last row's single cell spans both columns. */
    const struct item *wide = NULL;
    for (const struct laid_page *page = laid->pages; page; page = page->next)
        for (const struct item *item = page->items; item; item = item->next)
            if (item->kind == ITEM_RECT)
                wide = item;
    assert_non_null(wide);
    assert_true(fabsf(wide->x1 - b.doc->margin_left) < 0.01f);
    assert_true(fabsf(wide->x2 - content_right(b.doc)) < 0.01f);
    /* The shaded header's background is drawn on every page. */
    int shaded_pages = 0;
    for (const struct laid_page *page = laid->pages; page; page = page->next) {
        bool shaded = false;
        for (const struct item *item = page->items; item; item = item->next)
            shaded |= item->kind == ITEM_RECT && fabsf(item->fill_gray - 0.9f) < 0.001f;
        shaded_pages += shaded;
    }
    assert_int_equal(shaded_pages, laid->page_count);
    /* Structure: the header row's text is a TH of a TR of the Table on the
     * first page, an artifact where it is repeated; frames are artifacts. */
    const struct laid_tags *tags = &laid->tags;
    int index = 0, td = 0;
    for (const struct laid_page *page = laid->pages; page; page = page->next, index++) {
        const struct item *top = NULL;
        for (const struct item *item = page->items; item; item = item->next) {
            if (item->kind == ITEM_GLYPHS && (!top || item->glyphs.y < top->glyphs.y))
                top = item;
            if (item->kind == ITEM_RECT)
                assert_int_equal(item->tag, 0);
            td += item->kind == ITEM_GLYPHS && item->tag && tags->nodes[item->tag].kind == SE_TD;
        }
        if (index > 0) {
            assert_int_equal(top->tag, 0);
            continue;
        }
        assert_true(top->tag > 0 && top->tag < tags->count);
        const struct tag_node *th = &tags->nodes[top->tag];
        assert_int_equal(th->kind, SE_TH);
        assert_int_equal(tags->nodes[th->parent].kind, SE_TR);
        assert_int_equal(tags->nodes[tags->nodes[th->parent].parent].kind, SE_TABLE);
        assert_int_equal(tags->nodes[1].kind, SE_DOCUMENT);
    }
    assert_true(td >= 120); /* two cells a row, 60 rows */
    laid_document_free(laid);
    arena_free(&b.arena);
}

static void splits_a_row_taller_than_a_page(void **state)
{
    (void)state;
    struct builder b;
    builder_open(&b);
    add(&b, paragraph(&b, "Avant le tableau.", ALIGN_LEFT));
    struct block *table = add(&b, tree_block(&b.arena, BLOCK_TABLE));
    table->column_count = 2;
    table->column_widths = two_columns;
    char *text = repeat_text(sentence, 60);
    table->children = table_row(&b, "Court", text);
    struct laid_document *laid = lay_ok(&b, true);
    assert_true(laid->page_count >= 3);
    struct line lines[1000];
    size_t count = collect_lines(laid, lines, 1000);
    size_t seen = 0;
    float top = b.doc->margin_top, bottom = b.doc->page_height - b.doc->margin_bottom;
    for (size_t k = 0; k < count; k++) {
        assert_true(lines[k].y > top && lines[k].y < bottom);
        if (lines[k].x0 > b.doc->margin_left + 100)
            seen += visible_chars(lines[k].text);
    }
    assert_int_equal(seen, visible_chars(text) + 60); /* + the narrow spaces before ";" */
    /* The frames stay inside the content area too. */
    for (const struct laid_page *page = laid->pages; page; page = page->next)
        for (const struct item *item = page->items; item; item = item->next)
            if (item->kind == ITEM_RECT)
                assert_true(item->y1 >= top - 0.01f && item->y2 <= bottom + 0.01f);
    free(text);
    laid_document_free(laid);
    arena_free(&b.arena);
}

/* ---- pagination ---- */

static float heading_line_height(int level)
{
    static const float sizes[] = {15.0f, 12.5f, 10.5f};
    return 1.2f * sizes[level - 1];
}

/* A space leaves just room for a heading's line at the foot of page 1. */
static struct laid_document *heading_at_foot(struct builder *b, bool as_heading)
{
    builder_open(b);
    float room = b->doc->page_height - b->doc->margin_top - b->doc->margin_bottom;
    struct block *space = add(b, tree_block(&b->arena, BLOCK_SPACE));
    space->height = room - heading_line_height(2) - 1.2f * 9.5f - 2;
    struct block *title = add(b, as_heading ? heading(b, "Article 3 — Horaires", 2)
                                            : paragraph(b, "Article 3 — Horaires", ALIGN_LEFT));
    title->space_before = 1.2f * 9.5f;
    title->font_size = 12.5f;
    char *text = repeat_text(sentence, 3);
    add(b, paragraph(b, text, ALIGN_JUSTIFY));
    free(text);
    return lay_ok(b, true);
}

static int page_of(const struct laid_document *laid, const char *needle)
{
    struct line lines[200];
    size_t count = collect_lines(laid, lines, 200);
    for (size_t k = 0; k < count; k++)
        if (strstr(lines[k].text, needle))
            return lines[k].page;
    return -1;
}

static void keeps_heading_with_its_paragraph(void **state)
{
    (void)state;
    struct builder b;
    /* Control: as a plain paragraph, the title fits at the foot of page 1. */
    struct laid_document *laid = heading_at_foot(&b, false);
    assert_int_equal(page_of(laid, "Article 3"), 0);
    laid_document_free(laid);
    arena_free(&b.arena);

    laid = heading_at_foot(&b, true);
    assert_int_equal(page_of(laid, "Article 3"), 1);
    assert_int_equal(page_of(laid, "Le stagiaire"), 1);
    assert_non_null(laid->outline);
    assert_string_equal(laid->outline->title, "Article 3 — Horaires");
    assert_int_equal(laid->outline->level, 2);
    assert_int_equal(laid->outline->page, 1);
    assert_true(fabsf(laid->outline->y - b.doc->margin_top) < 0.01f);
    laid_document_free(laid);
    arena_free(&b.arena);
}

static void moves_a_kept_group_whole(void **state)
{
    (void)state;
    struct builder b;
    builder_open(&b);
    float room = b.doc->page_height - b.doc->margin_top - b.doc->margin_bottom;
    struct block *space = add(&b, tree_block(&b.arena, BLOCK_SPACE));
    space->height = room - 60;
    struct block *group = add(&b, tree_block(&b.arena, BLOCK_GROUP));
    group->keep_together = true;
    char *text = repeat_text(sentence, 4);
    group->children = paragraph(&b, "Groupe : début", ALIGN_LEFT);
    group->children->next = paragraph(&b, text, ALIGN_JUSTIFY);
    struct laid_document *laid = lay_ok(&b, true);
    assert_int_equal(page_of(laid, "Groupe"), 1);
    assert_int_equal(laid->page_count, 2);
    free(text);
    laid_document_free(laid);
    arena_free(&b.arena);
}

static void avoids_a_lone_first_line(void **state)
{
    (void)state;
    for (int lines_in_paragraph = 1; lines_in_paragraph <= 4; lines_in_paragraph += 3) {
        struct builder b;
        builder_open(&b);
        float room = b.doc->page_height - b.doc->margin_top - b.doc->margin_bottom;
        struct block *space = add(&b, tree_block(&b.arena, BLOCK_SPACE));
        space->height = room - 1.2f * 9.5f * 1.5f; /* room for one line only */
        char *text = repeat_text("Clause de confidentialité :", lines_in_paragraph == 1 ? 1 : 30);
        add(&b, paragraph(&b, text, ALIGN_JUSTIFY));
        free(text);
        struct laid_document *laid = lay_ok(&b, true);
        /* One line fits at the foot of page 1; four lines start on page 2. */
        assert_int_equal(page_of(laid, "Clause"), lines_in_paragraph == 1 ? 0 : 1);
        laid_document_free(laid);
        arena_free(&b.arena);
    }
}

static void numbered_list_loses_nothing(void **state)
{
    (void)state;
    struct builder b;
    builder_open(&b);
    struct block *list = add(&b, tree_block(&b.arena, BLOCK_LIST));
    list->numbered = true;
    struct block **items = &list->children;
    size_t expected = 0;
    for (int k = 1; k <= 45; k++) {
        char text[256];
        snprintf(text, sizeof text,
                 "Élément %d : le tuteur accueille le stagiaire, lui présente l'entreprise "
                 "et veille au respect des horaires convenus.", k);
        struct block *item = tree_block(&b.arena, BLOCK_GROUP);
        item->children = paragraph(&b, text, ALIGN_JUSTIFY);
        TREE_APPEND(items, item);
        expected += visible_chars(text) + 1 /* U+202F */ + (k >= 10 ? 3 : 2) /* "N." */;
    }
    struct laid_document *laid = lay_ok(&b, false); /* no "-" added to count */
    assert_true(laid->page_count >= 2);
    struct line lines[200];
    size_t count = collect_lines(laid, lines, 200);
    size_t seen = 0;
    bool markers[46] = {false};
    for (size_t k = 0; k < count; k++) {
        seen += visible_chars(lines[k].text);
        int n;
        if (sscanf(lines[k].text, "%d.", &n) == 1 && n >= 1 && n <= 45)
            markers[n] = true;
    }
    assert_int_equal(seen, expected);
    for (int n = 1; n <= 45; n++)
        assert_true(markers[n]);
    laid_document_free(laid);
    arena_free(&b.arena);
}

static void numbers_pages_in_footers(void **state)
{
    (void)state;
    struct builder b;
    builder_open(&b);
    struct run **tail = &b.doc->footer;
    struct run *parts[] = {tree_run(&b.arena, RUN_TEXT, "Page ", 0),
                           tree_run(&b.arena, RUN_PAGE_NUMBER, NULL, 0),
                           tree_run(&b.arena, RUN_TEXT, " sur ", 0),
                           tree_run(&b.arena, RUN_PAGE_COUNT, NULL, 0)};
    for (int k = 0; k < 4; k++)
        TREE_APPEND(tail, parts[k]);
    b.doc->header = tree_run(&b.arena, RUN_TEXT, "Convention de stage\tLycée", 0);
    b.doc->title = "Convention — Léa Martin";
    struct block *intro = add(&b, paragraph(&b, "Ce document compte ", ALIGN_LEFT));
    intro->runs->next = tree_run(&b.arena, RUN_PAGE_COUNT, NULL, 0);
    intro->runs->next->next = tree_run(&b.arena, RUN_TEXT, " pages.", 0);
    char *text = repeat_text(sentence, 150);
    add(&b, paragraph(&b, text, ALIGN_JUSTIFY));
    struct laid_document *laid = lay_ok(&b, true);
    assert_true(laid->page_count >= 3);
    struct line lines[2000];
    size_t count = collect_lines(laid, lines, 2000);
    int footers = 0, headers = 0;
    float bottom = b.doc->page_height - b.doc->margin_bottom;
    char pages[16];
    snprintf(pages, sizeof pages, "%d", laid->page_count);
    assert_string_equal(lines[0].text, "Ce document compte ");
    assert_string_equal(lines[1].text, pages); /* the count, in the body */
    assert_true(fabsf(lines[1].y - lines[0].y) < 0.01f && lines[1].x0 > lines[0].x1);
    for (size_t k = 0; k < count; k++) {
        if (lines[k].y < b.doc->margin_top && strcmp(lines[k].text, "Convention de stage") == 0) {
            assert_true(fabsf(lines[k].x0 - b.doc->margin_left) < 0.01f);
            assert_string_equal(lines[k + 1].text, "Lycée");
            assert_true(fabsf(lines[k + 1].x1 - content_right(b.doc)) < 0.01f);
            headers++;
        }
        if (lines[k].y <= bottom)
            continue;
        char expected[64];
        snprintf(expected, sizeof expected, "Page %d sur %d", lines[k].page + 1, laid->page_count);
        assert_string_equal(lines[k].text, expected);
        float middle = (b.doc->margin_left + content_right(b.doc)) / 2;
        assert_true(fabsf((lines[k].x0 + lines[k].x1) / 2 - middle) < 0.1f);
        footers++;
    }
    assert_int_equal(footers, laid->page_count);
    assert_int_equal(headers, laid->page_count);
    assert_string_equal(laid->title, b.doc->title);
    assert_ptr_not_equal(laid->title, b.doc->title); /* copied into the document */
    free(text);
    laid_document_free(laid);
    arena_free(&b.arena);
}

/* ---- inline boxes ---- */

static void draws_checkboxes_and_blanks(void **state)
{
    (void)state;
    struct builder b;
    builder_open(&b);
    struct block *block = add(&b, tree_block(&b.arena, BLOCK_PARAGRAPH));
    struct run **tail = &block->runs;
    struct run *yes = tree_run(&b.arena, RUN_CHECKBOX, NULL, 0);
    yes->checked = true;
    struct run *blank = tree_run(&b.arena, RUN_BLANK, NULL, 0);
    blank->width = 100;
    struct run *runs[] = {yes, tree_run(&b.arena, RUN_TEXT, " Oui ", 0),
                          tree_run(&b.arena, RUN_CHECKBOX, NULL, 0),
                          tree_run(&b.arena, RUN_TEXT, " Non\nNom : ", 0), blank,
                          tree_run(&b.arena, RUN_TEXT, " Signature : ", 0),
                          tree_run(&b.arena, RUN_BLANK, NULL, 0)};
    for (size_t k = 0; k < sizeof runs / sizeof *runs; k++)
        TREE_APPEND(tail, runs[k]);
    struct laid_document *laid = lay_ok(&b, true);
    assert_int_equal(count_items(laid, ITEM_RECT), 2);
    int ticks = 0, blanks = 0, fixed = 0, to_end = 0;
    for (const struct item *item = laid->pages->items; item; item = item->next) {
        if (item->kind == ITEM_RECT)
            assert_true(fabsf(item->x2 - item->x1 - 0.75f * 9.5f) < 0.01f);
        if (item->kind != ITEM_LINE)
            continue;
        if (!item->dashed) {
            ticks++;
            continue;
        }
        blanks++;
        fixed += fabsf(item->x2 - item->x1 - 100) < 0.01f;
        to_end += fabsf(item->x2 - content_right(b.doc)) < 0.01f;
    }
    assert_int_equal(ticks, 2);
    assert_int_equal(blanks, 2);
    assert_int_equal(fixed, 1);
    assert_int_equal(to_end, 1);
    laid_document_free(laid);
    arena_free(&b.arena);
}

static void underlines_underlined_text(void **state)
{
    (void)state;
    struct builder b;
    builder_open(&b);
    struct block *block = add(&b, paragraph(&b, "Lire ", ALIGN_LEFT));
    block->runs->next = tree_run(&b.arena, RUN_TEXT, "attentivement", STYLE_UNDERLINE | STYLE_BOLD);
    struct laid_document *laid = lay_ok(&b, false);
    const struct item *rule = NULL, *bold = NULL;
    for (const struct item *item = laid->pages->items; item; item = item->next) {
        if (item->kind == ITEM_LINE)
            rule = item;
        if (item->kind == ITEM_GLYPHS && item->glyphs.style == FONT_BOLD)
            bold = item;
    }
    assert_non_null(rule);
    assert_non_null(bold);
    assert_true(fabsf(rule->x1 - bold->glyphs.x) < 0.01f);
    assert_true(fabsf(rule->x2 - (bold->glyphs.x + run_width(&bold->glyphs))) < 0.01f);
    assert_true(rule->y1 > bold->glyphs.y);
    laid_document_free(laid);
    arena_free(&b.arena);
}

/* ---- signatures and images ---- */

static struct block *signature(struct builder *b, const char *name, const char *role,
                               const char *person)
{
    struct block *block = tree_block(&b->arena, BLOCK_SIGNATURE);
    block->field_name = name;
    block->role = role;
    block->person = person;
    block->mention = "Lu et approuvé";
    return block;
}

static void places_signatures_two_per_row(void **state)
{
    (void)state;
    struct builder b;
    builder_open(&b);
    add(&b, signature(&b, "eleve", "L'élève", "Léa Martin"));
    add(&b, signature(&b, "tuteur", "Pour l'entreprise", "Karim Benali"));
    add(&b, signature(&b, "chef", "Le chef d'établissement", NULL));
    struct laid_document *laid = lay_ok(&b, true);
    const struct item *fields[3] = {NULL};
    int count = 0;
    for (const struct item *item = laid->pages->items; item; item = item->next)
        if (item->kind == ITEM_FIELD && count < 3)
            fields[count++] = item;
    assert_int_equal(count, 3);
    assert_string_equal(fields[0]->field_name, "eleve");
    assert_string_equal(fields[0]->tooltip, "Signature de l'élève — Léa Martin");
    assert_string_equal(fields[2]->tooltip, "Signature du chef d'établissement");
    assert_true(fabsf(fields[0]->y1 - fields[1]->y1) < 0.01f); /* side by side */
    assert_true(fields[1]->x1 > fields[0]->x2);
    assert_true(fields[2]->y1 > fields[0]->y2);                /* next row */
    assert_true(fields[0]->y2 - fields[0]->y1 >= 30);
    assert_int_equal(count_items(laid, ITEM_RECT), 3);
    struct line lines[64];
    size_t lines_count = collect_lines(laid, lines, 64);
    bool place = false;
    for (size_t k = 0; k < lines_count; k++)
        place |= strncmp(lines[k].text, "Fait à", 7) == 0;
    assert_true(place);
    laid_document_free(laid);
    arena_free(&b.arena);
}

/* Three rows of signatures at the foot of a page: not one left alone on the
 * next page; the whole block moves. */
static void keeps_signature_rows_together(void **state)
{
    (void)state;
    struct builder b;
    builder_open(&b);
    float room = b.doc->page_height - b.doc->margin_top - b.doc->margin_bottom;
    add(&b, paragraph(&b, "Texte", ALIGN_LEFT));
    struct block *space = add(&b, tree_block(&b.arena, BLOCK_SPACE));
    space->height = room - 250; /* room for two rows of 95 pt, not three */
    const char *names[5] = {"stagiaire", "entreprise", "etablissement", "enseignant", "tuteur"};
    for (int k = 0; k < 5; k++)
        add(&b, signature(&b, names[k], names[k], NULL));
    struct laid_document *laid = lay_ok(&b, false);
    assert_int_equal(laid->page_count, 2);
    int on_last = 0;
    const struct laid_page *last = laid->pages;
    while (last->next)
        last = last->next;
    for (const struct item *item = last->items; item; item = item->next)
        on_last += item->kind == ITEM_FIELD;
    assert_int_equal(on_last, 5);
    laid_document_free(laid);
    arena_free(&b.arena);
}

static char *write_png_header(unsigned width, unsigned height)
{
    unsigned char png[33] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13,
                             'I', 'H', 'D', 'R'};
    for (int k = 0; k < 4; k++) {
        png[16 + k] = (unsigned char)(width >> (24 - 8 * k));
        png[20 + k] = (unsigned char)(height >> (24 - 8 * k));
    }
    return test_write_temp((const char *)png, sizeof png);
}

static void sizes_images_from_their_header(void **state)
{
    (void)state;
    char *png = write_png_header(400, 200);
    static const unsigned char jpeg[] = {0xFF, 0xD8, 0xFF, 0xE0, 0, 4, 0, 0, 0xFF, 0xC0, 0, 11,
                                         8,    0,    150,  1,    44, 3};
    char *jpg = test_write_temp((const char *)jpeg, sizeof jpeg);
    struct builder b;
    builder_open(&b);
    struct block *first = add(&b, tree_block(&b.arena, BLOCK_IMAGE));
    first->path = png;
    first->width = 120;
    struct block *second = add(&b, tree_block(&b.arena, BLOCK_IMAGE));
    second->path = jpg;
    second->height = 50;
    struct laid_document *laid = lay_ok(&b, true);
    const struct item *images[2];
    int count = 0;
    for (const struct item *item = laid->pages->items; item; item = item->next)
        if (item->kind == ITEM_IMAGE && count < 2)
            images[count++] = item;
    assert_int_equal(count, 2);
    assert_true(fabsf(images[0]->x2 - images[0]->x1 - 120) < 0.01f);
    assert_true(fabsf(images[0]->y2 - images[0]->y1 - 60) < 0.01f);
    assert_true(fabsf(images[1]->x2 - images[1]->x1 - 100) < 0.01f); /* 300 × 150 px */
    assert_string_equal(images[1]->path, jpg);
    laid_document_free(laid);

    struct strbuf error = STRBUF_INIT;
    first->path = "/nonexistent/image.png";
    assert_null(lay(&b, true, &error));
    assert_non_null(strstr(strbuf_str(&error), "/nonexistent/image.png"));
    strbuf_free(&error);
    arena_free(&b.arena);
    unlink(png);
    unlink(jpg);
    free(png);
    free(jpg);
}

/* ---- errors ---- */

/* DejaVu Sans has U+1F600 (😀) in its four faces, so the missing
 * characters here are U+1F4A9 and U+4E2D, which it lacks. */
static void refuses_a_missing_glyph(void **state)
{
    (void)state;
    static const char *const cases[][3] = {
        {"Bravo pour ce stage \xF0\x9F\x92\xA9 réussi", "U+1F4A9", "Bravo pour ce stage"},
        {"Entreprise \xE4\xB8\xAD SARL", "U+4E2D", "Entreprise"},
    };
    for (int k = 0; k < 2; k++) {
        struct builder b;
        builder_open(&b);
        struct block *block = add(&b, paragraph(&b, "Avant : ", ALIGN_JUSTIFY));
        block->runs->next = tree_run(&b.arena, RUN_TEXT, cases[k][0], STYLE_BOLD);
        struct strbuf error = STRBUF_INIT;
        assert_null(lay(&b, true, &error));
        assert_non_null(strstr(strbuf_str(&error), cases[k][1]));
        assert_non_null(strstr(strbuf_str(&error), cases[k][2]));
        assert_non_null(strstr(strbuf_str(&error), "absent de la police"));
        strbuf_free(&error);
        arena_free(&b.arena);
    }
    /* Control: a character the font has lays out. */
    struct builder b;
    builder_open(&b);
    add(&b, paragraph(&b, "Bravo \xF0\x9F\x98\x80", ALIGN_JUSTIFY));
    laid_document_free(lay_ok(&b, true));
    arena_free(&b.arena);
}

/* ---- speed ---- */

/* Milliseconds to lay out one justified paragraph of `count` characters:
 * one word when `word`, else words of seven letters. */
static double paragraph_ms(size_t count, bool word)
{
    char *text = malloc(count + 1);
    assert_non_null(text);
    for (size_t k = 0; k < count; k++)
        text[k] = word || k % 8 ? 'm' : ' ';
    text[0] = 'm';
    text[count] = '\0';
    struct builder b;
    builder_open(&b);
    add(&b, paragraph(&b, text, ALIGN_JUSTIFY));
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    struct laid_document *laid = lay_ok(&b, true);
    clock_gettime(CLOCK_MONOTONIC, &end);
    assert_true(laid->page_count >= 1);
    laid_document_free(laid);
    arena_free(&b.arena);
    free(text);
    return (double)(end.tv_sec - start.tv_sec) * 1e3 + (double)(end.tv_nsec - start.tv_nsec) / 1e6;
}

/* Line breaking is linear in the paragraph's length: a word of 200,000
 * letters (cut between characters on 2,000 lines) took 2 s when each line
 * scanned the rest of the word; eight times the text takes about eight
 * times as long, never sixty-four. */
static void breaks_long_paragraphs_in_linear_time(void **state)
{
    (void)state;
    for (int word = 0; word <= 1; word++) {
        double small = 1e9, large = 1e9; /* the best of three: the machine is shared */
        for (int run = 0; run < 3; run++) {
            double a = paragraph_ms(20000, word), b = paragraph_ms(160000, word);
            small = a < small ? a : small;
            large = b < large ? b : large;
        }
        fprintf(stderr, "layout: %s of 20,000 characters %.1f ms, of 160,000 %.1f ms\n",
                word ? "one word" : "words", small, large);
        assert_true(large < 24 * small + 50);
    }
}

static void build_three_pages(struct builder *b)
{
    builder_open(b);
    b->doc->footer = tree_run(&b->arena, RUN_TEXT, "Convention de stage — page ", 0);
    b->doc->footer->next = tree_run(&b->arena, RUN_PAGE_NUMBER, NULL, 0);
    for (int part = 1; part <= 3; part++) {
        add(b, heading(b, "Article — Objet de la convention", 1));
        char *text = repeat_text(sentence, 6);
        for (int k = 0; k < 4; k++)
            add(b, paragraph(b, text, ALIGN_JUSTIFY));
        free(text);
        struct block *table = add(b, tree_block(&b->arena, BLOCK_TABLE));
        table->column_count = 2;
        table->column_widths = two_columns;
        table->header_rows = 1;
        struct block **rows = &table->children;
        for (int k = 0; k < 6; k++) {
            struct block *row = table_row(b, "Lundi", "8 h 30 – 12 h 00 ; 13 h 30 – 17 h 00");
            TREE_APPEND(rows, row);
        }
    }
    add(b, signature(b, "eleve", "L'élève", "Léa Martin"));
    add(b, signature(b, "tuteur", "Pour l'entreprise", "Karim Benali"));
}

static void lays_out_pages_quickly(void **state)
{
    (void)state;
    struct builder b;
    build_three_pages(&b);
    struct laid_document *laid = lay_ok(&b, true);
    assert_int_equal(laid->page_count, 3);
    laid_document_free(laid);
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    int pages = 0;
    for (int k = 0; k < 300; k++) {
        laid = lay_ok(&b, true);
        pages += laid->page_count;
        laid_document_free(laid);
    }
    clock_gettime(CLOCK_MONOTONIC, &end);
    double ms = (double)(end.tv_sec - start.tv_sec) * 1e3 + (double)(end.tv_nsec - start.tv_nsec) / 1e6;
    fprintf(stderr, "layout: %.1f µs per page (%d pages in %.1f ms)\n", ms * 1000.0 / pages, pages,
            ms);
    assert_int_equal(pages, 900);
    arena_free(&b.arena);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(wraps_long_paragraph_within_the_column),
        cmocka_unit_test(breaks_after_hyphens_and_slashes),
        cmocka_unit_test(no_break_space_holds),
        cmocka_unit_test(justifies_all_lines_but_the_last),
        cmocka_unit_test(hyphenates_gaping_justified_lines),
        cmocka_unit_test(applies_french_spacing),
        cmocka_unit_test(binds_abbreviations_to_the_next_word),
        cmocka_unit_test(keeps_signature_rows_together),
        cmocka_unit_test(repeats_table_header_on_each_page),
        cmocka_unit_test(splits_a_row_taller_than_a_page),
        cmocka_unit_test(keeps_heading_with_its_paragraph),
        cmocka_unit_test(moves_a_kept_group_whole),
        cmocka_unit_test(avoids_a_lone_first_line),
        cmocka_unit_test(numbered_list_loses_nothing),
        cmocka_unit_test(numbers_pages_in_footers),
        cmocka_unit_test(draws_checkboxes_and_blanks),
        cmocka_unit_test(underlines_underlined_text),
        cmocka_unit_test(places_signatures_two_per_row),
        cmocka_unit_test(sizes_images_from_their_header),
        cmocka_unit_test(refuses_a_missing_glyph),
        cmocka_unit_test(lays_out_pages_quickly),
        cmocka_unit_test(breaks_long_paragraphs_in_linear_time),
    };
    return cmocka_run_group_tests_name("layout", tests, load_resources, free_resources);
}
