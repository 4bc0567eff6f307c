/* pdf_tags.c — the structure tree of a tagged PDF (PDF 32000-1, 14.7-14.8).
 *
 * The layout engine gives the elements (laid_document.tags: kinds and
 * parents, in reading order) and points each item to its element. Here
 * each element becomes a structure element dictionary,
 *
 *   << /S /TD /P parent /Pg page /K [0 1 << /Type /MCR /Pg p /MCID 0 >>] >>
 *
 * made all at once before the pages, so that an element's children come in
 * the tree's order; as the pages are written, each marked-content sequence
 * of a page (pdf_content.c: "/TD <</MCID n>> BDC … EMC") is added to its
 * element's /K, as a number on the element's own page (its /Pg, the page
 * of its first content), as a marked-content reference elsewhere. A
 * signature field's widget goes in its Form element as an object
 * reference (/OBJR) and has a /StructParent.
 *
 * The parent tree maps back: key k of each page (its /StructParents) to
 * the array of the elements of its MCIDs, in order; the key of each widget
 * to its element. It is a number tree, a flat /Nums when small, else
 * leaves of PARENT_LEAF keys under /Kids. Every object is made through
 * libharu, so both writers (the object stream of the default mode, the
 * classic table of PDF/A) take them as they take the rest. The catalog
 * gets /StructTreeRoot and /MarkInfo << /Marked true >>. */
#include "pdf_internal.h"

#include <stdlib.h>

#define PARENT_LEAF 128

struct pdf_tags {
    const struct laid_tags *tags;
    HPDF_Dict root;
    HPDF_Dict *elements;  /* [count]; [0] unused */
    HPDF_Array *kids;     /* each element's /K, made with its first child */
    int *page_of;         /* the page of its /Pg; -1: none yet */
    void **parents;      /* by key: a page's MCID array, or a widget's element */
    size_t key_count, key_capacity;
    HPDF_Page page;       /* the page being written, its index, its MCIDs */
    int page_index;
    HPDF_Array page_mcids;
    int mcid;
    HPDF_Dict scope[2];   /* the attributes of column and row headers, shared */
};

void pdf_tags_free(struct pdf_tags *tags)
{
    if (!tags)
        return;
    free(tags->elements);
    free(tags->kids);
    free(tags->page_of);
    free(tags->parents);
    free(tags);
}

static HPDF_Array kids_of(struct pdf_render *r, unsigned id, HPDF_STATUS *st)
{
    struct pdf_tags *t = r->tags;
    if (!t->kids[id]) {
        t->kids[id] = HPDF_Array_New(r->pdf->mmgr);
        *st |= HPDF_Dict_Add(id ? t->elements[id] : t->root, "K", t->kids[id]);
    }
    return t->kids[id];
}

/* Table attributes of a cell that spans columns: << /O /Table /ColSpan n >>,
 * with its /Scope when a header (scope: "Row", "Column" or NULL). */
static HPDF_STATUS add_span(struct pdf_render *r, HPDF_Dict element, const char *scope, int span)
{
    HPDF_Dict attributes = HPDF_Dict_New(r->pdf->mmgr);
    if (!attributes)
        return HPDF_FAILD_TO_ALLOC_MEM;
    HPDF_STATUS st = HPDF_Dict_Add(element, "A", attributes);
    st |= HPDF_Dict_AddName(attributes, "O", "Table");
    if (scope)
        st |= HPDF_Dict_AddName(attributes, "Scope", scope);
    return st | HPDF_Dict_AddNumber(attributes, "ColSpan", span);
}

/* Table attributes of header cells: what they head (row: 1, a row
 * header; 0, a column header), one indirect dictionary for all that span
 * one column. */
static HPDF_STATUS add_scope(struct pdf_render *r, HPDF_Dict element, int row, int span)
{
    if (span > 1)
        return add_span(r, element, row ? "Row" : "Column", span);
    HPDF_Dict *shared = &r->tags->scope[row];
    HPDF_STATUS st = HPDF_OK;
    if (!*shared) {
        *shared = HPDF_Dict_New(r->pdf->mmgr);
        if (!*shared || HPDF_Xref_Add(r->pdf->xref, *shared) != HPDF_OK)
            return HPDF_FAILD_TO_ALLOC_MEM;
        st |= HPDF_Dict_AddName(*shared, "O", "Table");
        st |= HPDF_Dict_AddName(*shared, "Scope", row ? "Row" : "Column");
    }
    return st | HPDF_Dict_Add(element, "A", *shared);
}

static bool make_element(struct pdf_render *r, unsigned id)
{
    struct pdf_tags *t = r->tags;
    const struct tag_node *node = &t->tags->nodes[id];
    HPDF_Dict element = HPDF_Dict_New(r->pdf->mmgr);
    if (!element || HPDF_Xref_Add(r->pdf->xref, element) != HPDF_OK)
        return pdf_check_status(r, HPDF_FAILD_TO_ALLOC_MEM, "structure");
    t->elements[id] = element;
    unsigned parent = node->parent < id ? node->parent : 0;
    HPDF_STATUS st = HPDF_Dict_AddName(element, "S", tag_kind_name(node->kind));
    st |= HPDF_Dict_Add(element, "P", parent ? t->elements[parent] : t->root);
    if (node->english)
        st |= HPDF_Dict_Add(element, "Lang", HPDF_String_New(r->pdf->mmgr, "en", NULL));
    if (node->alt)
        st |= HPDF_Dict_Add(element, "Alt", pdf_text_string(r, node->alt));
    if (node->kind == SE_TH || node->kind == SE_TH_ROW)
        st |= add_scope(r, element, node->kind == SE_TH_ROW, node->column_span);
    else if (node->kind == SE_TD && node->column_span > 1)
        st |= add_span(r, element, NULL, node->column_span);
    HPDF_Array parent_kids = kids_of(r, parent, &st);
    if (parent_kids)
        st |= HPDF_Array_Add(parent_kids, element);
    return pdf_check_status(r, st, "structure");
}

bool pdf_tags_begin(struct pdf_render *r)
{
    const struct laid_tags *tags = &r->doc->tags;
    if (tags->count < 2)
        return true; /* untagged */
    if (tags->failed)
        return pdf_fail(r, "structure du document incomplète (mémoire insuffisante)");
    struct pdf_tags *t = r->tags = calloc(1, sizeof *t);
    if (!t || !(t->elements = calloc(tags->count, sizeof *t->elements)) ||
        !(t->kids = calloc(tags->count, sizeof *t->kids)) ||
        !(t->page_of = malloc(tags->count * sizeof *t->page_of)))
        return pdf_fail(r, "mémoire insuffisante");
    t->tags = tags;
    for (unsigned k = 0; k < tags->count; k++)
        t->page_of[k] = -1;
    t->root = HPDF_Dict_New(r->pdf->mmgr);
    if (!t->root || HPDF_Xref_Add(r->pdf->xref, t->root) != HPDF_OK ||
        HPDF_Dict_AddName(t->root, "Type", "StructTreeRoot") != HPDF_OK)
        return pdf_check_status(r, HPDF_FAILD_TO_ALLOC_MEM, "structure");
    for (unsigned k = 1; k < tags->count; k++)
        if (!make_element(r, k))
            return false;
    return true;
}

/* A new key of the parent tree, for value. */
static bool new_key(struct pdf_render *r, void *value, int *key)
{
    struct pdf_tags *t = r->tags;
    if (t->key_count == t->key_capacity) {
        size_t capacity = t->key_capacity ? 2 * t->key_capacity : 64;
        void **parents = realloc(t->parents, capacity * sizeof *parents);
        if (!parents)
            return pdf_fail(r, "mémoire insuffisante");
        t->parents = parents;
        t->key_capacity = capacity;
    }
    if (t->key_count >= 0x7FFFFFFF)
        return pdf_fail(r, "structure du document trop grande");
    *key = (int)t->key_count;
    t->parents[t->key_count++] = value;
    return true;
}

bool pdf_tags_page(struct pdf_render *r, HPDF_Page page, int index)
{
    struct pdf_tags *t = r->tags;
    if (!t)
        return true;
    t->page = page;
    t->page_index = index;
    t->mcid = 0;
    t->page_mcids = HPDF_Array_New(r->pdf->mmgr);
    if (!t->page_mcids || HPDF_Xref_Add(r->pdf->xref, t->page_mcids) != HPDF_OK)
        return pdf_check_status(r, HPDF_FAILD_TO_ALLOC_MEM, "structure");
    int key;
    return new_key(r, t->page_mcids, &key) &&
           pdf_check_status(r, HPDF_Dict_AddNumber(page, "StructParents", key), "structure");
}

/* The element of tag on the page being written, at its /Pg or not. */
static HPDF_STATUS refer_page(struct pdf_render *r, unsigned tag, bool *own_page)
{
    struct pdf_tags *t = r->tags;
    *own_page = true;
    if (t->page_of[tag] < 0) {
        t->page_of[tag] = t->page_index;
        return HPDF_Dict_Add(t->elements[tag], "Pg", t->page);
    }
    *own_page = t->page_of[tag] == t->page_index;
    return HPDF_OK;
}

int pdf_tags_mark(struct pdf_render *r, unsigned tag)
{
    struct pdf_tags *t = r->tags;
    if (!t || tag == 0 || tag >= t->tags->count)
        return -1;
    int mcid = t->mcid++;
    bool own_page;
    HPDF_STATUS st = HPDF_Array_Add(t->page_mcids, t->elements[tag]);
    st |= refer_page(r, tag, &own_page);
    HPDF_Array kids = kids_of(r, tag, &st);
    if (kids && own_page) {
        st |= HPDF_Array_AddNumber(kids, mcid);
    } else if (kids) {
        HPDF_Dict reference = HPDF_Dict_New(r->pdf->mmgr);
        st |= HPDF_Array_Add(kids, reference);
        if (reference) {
            st |= HPDF_Dict_AddName(reference, "Type", "MCR");
            st |= HPDF_Dict_Add(reference, "Pg", t->page);
            st |= HPDF_Dict_AddNumber(reference, "MCID", mcid);
        }
    }
    return pdf_check_status(r, st, "structure") ? mcid : -2;
}

bool pdf_tags_annotation(struct pdf_render *r, unsigned tag, HPDF_Dict widget)
{
    struct pdf_tags *t = r->tags;
    if (!t || tag == 0 || tag >= t->tags->count)
        return true;
    int key;
    if (!new_key(r, t->elements[tag], &key))
        return false;
    bool own_page;
    HPDF_STATUS st = HPDF_Dict_AddNumber(widget, "StructParent", key);
    st |= refer_page(r, tag, &own_page);
    HPDF_Array kids = kids_of(r, tag, &st);
    HPDF_Dict reference = HPDF_Dict_New(r->pdf->mmgr);
    if (kids)
        st |= HPDF_Array_Add(kids, reference);
    if (reference) {
        st |= HPDF_Dict_AddName(reference, "Type", "OBJR");
        st |= HPDF_Dict_Add(reference, "Obj", widget);
        if (!own_page)
            st |= HPDF_Dict_Add(reference, "Pg", t->page);
    }
    return pdf_check_status(r, st, "structure");
}

/* /Nums [key value …] of keys [from, to). */
static HPDF_Array nums(struct pdf_render *r, size_t from, size_t to, HPDF_STATUS *st)
{
    HPDF_Array pairs = HPDF_Array_New(r->pdf->mmgr);
    for (size_t key = from; pairs && key < to; key++) {
        *st |= HPDF_Array_AddNumber(pairs, (HPDF_INT32)key);
        *st |= HPDF_Array_Add(pairs, r->tags->parents[key]);
    }
    return pairs;
}

static bool write_parent_tree(struct pdf_render *r)
{
    struct pdf_tags *t = r->tags;
    HPDF_MMgr mmgr = r->pdf->mmgr;
    HPDF_Dict tree = HPDF_Dict_New(mmgr);
    HPDF_STATUS st = HPDF_Dict_Add(t->root, "ParentTree", tree);
    st |= HPDF_Dict_AddNumber(t->root, "ParentTreeNextKey", (HPDF_INT32)t->key_count);
    if (!tree || t->key_count <= 2 * PARENT_LEAF) {
        if (tree)
            st |= HPDF_Dict_Add(tree, "Nums", nums(r, 0, t->key_count, &st));
        return pdf_check_status(r, st, "structure");
    }
    HPDF_Array leaves = HPDF_Array_New(mmgr);
    st |= HPDF_Dict_Add(tree, "Kids", leaves);
    for (size_t from = 0; leaves && from < t->key_count && st == HPDF_OK; from += PARENT_LEAF) {
        size_t to = from + PARENT_LEAF < t->key_count ? from + PARENT_LEAF : t->key_count;
        HPDF_Dict leaf = HPDF_Dict_New(mmgr);
        if (!leaf || HPDF_Xref_Add(r->pdf->xref, leaf) != HPDF_OK)
            return pdf_check_status(r, HPDF_FAILD_TO_ALLOC_MEM, "structure");
        HPDF_Array limits = HPDF_Array_New(mmgr);
        st |= HPDF_Dict_Add(leaf, "Limits", limits);
        if (limits) {
            st |= HPDF_Array_AddNumber(limits, (HPDF_INT32)from);
            st |= HPDF_Array_AddNumber(limits, (HPDF_INT32)(to - 1));
        }
        st |= HPDF_Dict_Add(leaf, "Nums", nums(r, from, to, &st));
        st |= HPDF_Array_Add(leaves, leaf);
    }
    return pdf_check_status(r, st, "structure");
}

bool pdf_tags_finish(struct pdf_render *r)
{
    if (!r->tags)
        return true;
    HPDF_Dict catalog = r->pdf->catalog;
    HPDF_Dict mark_info = HPDF_Dict_New(r->pdf->mmgr);
    HPDF_STATUS st = HPDF_Dict_Add(catalog, "MarkInfo", mark_info);
    if (mark_info)
        st |= HPDF_Dict_AddBoolean(mark_info, "Marked", HPDF_TRUE);
    st |= HPDF_Dict_Add(catalog, "StructTreeRoot", r->tags->root);
    return pdf_check_status(r, st, "structure") && write_parent_tree(r);
}
