/* pdf_field.c — empty signature fields, ready for Acrobat Reader, an
 * e-signature service or poppler's pdfsig to sign one after another.
 *
 * libharu 2.3.0 has no form API, so the dictionaries are built with its
 * object API. Each ITEM_FIELD becomes one indirect dictionary that is both
 * the AcroForm field and its widget annotation (PDF 32000-1, 12.7.3.1):
 *
 *   << /Type /Annot /Subtype /Widget /FT /Sig /T (tuteur)
 *      /TU <FEFF…> /F 4 /Rect [x1 y1 x2 y2] /P page /AP << /N form >> >>
 *
 *   - /T, the field's name: the template's ASCII role name, made unique in
 *     the document (see pdf.h);
 *   - /TU, the tooltip ("Le tuteur — Jean DUPONT"), always UTF-16BE;
 *   - /F 4: printed; /Rect: the item's box, the area left to sign in below
 *     the printed captions, flipped to PDF's bottom-left origin, so that the
 *     appearance a signer draws never covers them;
 *   - /AP: an empty form XObject of the box's size (the frame and captions
 *     are in the page content: the page looks the same with or without
 *     fields, on screen and printed). Each field has its own, since a
 *     signer replaces or rewrites the appearance of the field it signs.
 *
 * No /V: the field is unsigned. The dictionary is listed in the page's
 * /Annots and in the catalog's /AcroForm /Fields. The AcroForm, made with
 * the first field, is an indirect object (a signer's incremental update
 * then rewrites it, not the catalog) with /SigFlags 3: SignaturesExist
 * (the document has signature fields) and AppendOnly (save only by
 * incremental updates, 12.7.2 Table 218). AppendOnly is meant for a
 * document that holds signatures, but pdfsig (poppler 22.12) never sets it
 * when it signs, where mutool does: set from the start, it is already
 * there after the first signature, whoever signs, and before it only asks
 * writers to append, which loses nothing. Also /DR with Helvetica as /Helv
 * and /DA (/Helv 0 Tf 0 g), what signers and form editors use for the text
 * of their appearances. Nothing is ever encrypted (pdf_pack refuses it).
 *
 * Nothing here depends on the clock or on addresses: the same display list
 * gives the same objects in the same order. */
#include "pdf_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NAME_MAX_LENGTH 64

struct field_name {
    char *name;     /* heap; NULL: empty slot */
    unsigned next;  /* the next suffix to try when this name comes again; 0: 2 */
};

struct pdf_fields {
    HPDF_Dict form;     /* the catalog's /AcroForm */
    HPDF_Array list;    /* its /Fields */
    struct field_name *slots; /* open addressing hash set of the names given */
    size_t slot_cap, name_count;
};

void pdf_fields_free(struct pdf_fields *fields)
{
    if (!fields)
        return;
    for (size_t i = 0; i < fields->slot_cap; i++)
        free(fields->slots[i].name);
    free(fields->slots);
    free(fields);
}

/* --- names ------------------------------------------------------------------- */

/* 1 to 64 ASCII letters, digits, '-' and '_': a partial field name (no
 * period, 12.7.3.2) that every tool prints and types as it is. */
static bool valid_name(const char *name)
{
    size_t len = 0;
    for (const char *p = name; *p; p++, len++) {
        char c = *p;
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_'))
            return false;
    }
    return len >= 1 && len <= NAME_MAX_LENGTH;
}

static size_t name_hash(const char *name)
{
    uint64_t hash = UINT64_C(0xcbf29ce484222325);
    for (const unsigned char *p = (const unsigned char *)name; *p; p++)
        hash = (hash ^ *p) * UINT64_C(0x100000001b3);
    return (size_t)(hash ^ (hash >> 32));
}

/* The slot holding name, or the empty slot where it goes (slot_cap > 0). */
static struct field_name *name_slot(const struct pdf_fields *fields, const char *name)
{
    size_t mask = fields->slot_cap - 1;
    for (size_t at = name_hash(name) & mask;; at = (at + 1) & mask)
        if (!fields->slots[at].name || strcmp(fields->slots[at].name, name) == 0)
            return &fields->slots[at];
}

static bool names_grow(struct pdf_fields *fields)
{
    size_t old_cap = fields->slot_cap;
    struct field_name *old = fields->slots;
    size_t cap = old_cap ? old_cap * 2 : 16;
    fields->slots = calloc(cap, sizeof *fields->slots);
    if (!fields->slots) {
        fields->slots = old;
        return false;
    }
    fields->slot_cap = cap;
    for (size_t i = 0; i < old_cap; i++)
        if (old[i].name)
            *name_slot(fields, old[i].name) = old[i];
    free(old);
    return true;
}

/* Records name, which is not in the set yet. */
static bool name_insert(struct pdf_fields *fields, const char *name)
{
    if ((fields->name_count + 1) * 2 > fields->slot_cap && !names_grow(fields))
        return false;
    char *copy = strdup(name);
    if (!copy)
        return false;
    *name_slot(fields, name) = (struct field_name){copy, 0};
    fields->name_count++;
    return true;
}

/* base, or when the document already has a field of that name, the first
 * of base-2, base-3, … it has not: into out (NAME_MAX_LENGTH + 12 bytes). */
static bool unique_name(struct pdf_fields *fields, const char *base, char *out)
{
    if ((fields->name_count + 1) * 2 > fields->slot_cap && !names_grow(fields))
        return false;
    struct field_name *known = name_slot(fields, base);
    if (!known->name) {
        snprintf(out, NAME_MAX_LENGTH + 12, "%s", base);
        return name_insert(fields, out);
    }
    unsigned suffix = known->next ? known->next : 2;
    for (;; suffix++) {
        snprintf(out, NAME_MAX_LENGTH + 12, "%s-%u", base, suffix);
        if (!name_slot(fields, out)->name)
            break;
    }
    known->next = suffix + 1; /* before the insertion, which may move the slots */
    return name_insert(fields, out);
}

/* --- dictionaries ------------------------------------------------------------ */

static double rounded(double value)
{
    return round(value * 100.0) / 100.0;
}

static HPDF_Array number_array(HPDF_MMgr mmgr, const double *values, int count, HPDF_STATUS *st)
{
    HPDF_Array array = HPDF_Array_New(mmgr);
    for (int i = 0; array && i < count; i++)
        *st |= HPDF_Array_AddReal(array, (HPDF_REAL)values[i]);
    return array;
}

/* The catalog's /AcroForm, made with the first field. */
static bool make_form(struct pdf_render *r, struct pdf_fields *fields)
{
    HPDF_MMgr mmgr = r->pdf->mmgr;
    HPDF_Xref xref = r->pdf->xref;
    HPDF_Dict form = HPDF_Dict_New(mmgr);
    if (!form || HPDF_Xref_Add(xref, form) != HPDF_OK)
        return pdf_check_status(r, HPDF_FAILD_TO_ALLOC_MEM, "formulaire");
    HPDF_STATUS st = HPDF_Dict_Add(r->pdf->catalog, "AcroForm", form);
    HPDF_Array list = HPDF_Array_New(mmgr);
    st |= HPDF_Dict_Add(form, "Fields", list);
    st |= HPDF_Dict_AddNumber(form, "SigFlags", 3);

    HPDF_Dict helvetica = HPDF_Dict_New(mmgr);
    if (!helvetica || HPDF_Xref_Add(xref, helvetica) != HPDF_OK)
        return pdf_check_status(r, HPDF_FAILD_TO_ALLOC_MEM, "formulaire");
    st |= HPDF_Dict_AddName(helvetica, "Type", "Font");
    st |= HPDF_Dict_AddName(helvetica, "Subtype", "Type1");
    st |= HPDF_Dict_AddName(helvetica, "BaseFont", "Helvetica");
    st |= HPDF_Dict_AddName(helvetica, "Encoding", "WinAnsiEncoding");
    HPDF_Dict resources = HPDF_Dict_New(mmgr);
    HPDF_Dict fonts = HPDF_Dict_New(mmgr);
    st |= HPDF_Dict_Add(form, "DR", resources);
    if (resources)
        st |= HPDF_Dict_Add(resources, "Font", fonts);
    if (fonts)
        st |= HPDF_Dict_Add(fonts, "Helv", helvetica);
    st |= HPDF_Dict_Add(form, "DA", HPDF_String_New(mmgr, "/Helv 0 Tf 0 g", NULL));
    if (!pdf_check_status(r, st, "formulaire"))
        return false;
    fields->form = form;
    fields->list = list;
    return true;
}

/* The page's /Annots, made when the page has none yet. */
static HPDF_Array page_annotations(struct pdf_render *r, HPDF_Page page, HPDF_STATUS *st)
{
    HPDF_Array annots = HPDF_Dict_GetItem(page, "Annots", HPDF_OCLASS_ARRAY);
    if (!annots) {
        annots = HPDF_Array_New(r->pdf->mmgr);
        *st |= HPDF_Dict_Add(page, "Annots", annots);
    }
    return annots;
}

bool pdf_field_add(struct pdf_render *r, HPDF_Page page, float page_width, float page_height,
                   const struct item *item)
{
    const char *base = item->field_name ? item->field_name : "";
    if (!valid_name(base))
        return pdf_fail(r, "nom de champ de signature invalide « %s » : de 1 à %d lettres "
                           "ASCII, chiffres, « - » ou « _ »",
                        base, NAME_MAX_LENGTH);
    double left = fmin(item->x1, item->x2), right = fmax(item->x1, item->x2);
    double top = fmin(item->y1, item->y2), bottom = fmax(item->y1, item->y2);
    if (!isfinite(left) || !isfinite(right) || !isfinite(top) || !isfinite(bottom) ||
        left < 0 || top < 0 || right > page_width || bottom > page_height)
        return pdf_fail(r, "champ de signature « %s » hors de la page", base);

    if (!r->fields && !(r->fields = calloc(1, sizeof *r->fields)))
        return pdf_fail(r, "mémoire insuffisante");
    struct pdf_fields *fields = r->fields;
    if (!fields->form && !make_form(r, fields))
        return false;
    char name[NAME_MAX_LENGTH + 12];
    if (!unique_name(fields, base, name))
        return pdf_fail(r, "mémoire insuffisante");

    HPDF_MMgr mmgr = r->pdf->mmgr;
    HPDF_Xref xref = r->pdf->xref;
    double rect[4] = {rounded(left), rounded(page_height - bottom), rounded(right),
                      rounded(page_height - top)};
    double bbox[4] = {0, 0, rounded(rect[2] - rect[0]), rounded(rect[3] - rect[1])};

    /* The empty appearance: an unsigned field shows nothing of its own. */
    HPDF_Dict appearance = HPDF_DictStream_New(mmgr, xref);
    if (!appearance)
        return pdf_check_status(r, HPDF_FAILD_TO_ALLOC_MEM, "champ de signature");
    appearance->filter = HPDF_STREAM_FILTER_NONE;
    HPDF_STATUS st = HPDF_OK;
    st |= HPDF_Dict_AddName(appearance, "Type", "XObject");
    st |= HPDF_Dict_AddName(appearance, "Subtype", "Form");
    st |= HPDF_Dict_Add(appearance, "BBox", number_array(mmgr, bbox, 4, &st));

    HPDF_Dict field = HPDF_Dict_New(mmgr);
    if (!field || HPDF_Xref_Add(xref, field) != HPDF_OK)
        return pdf_check_status(r, HPDF_FAILD_TO_ALLOC_MEM, "champ de signature");
    st |= HPDF_Dict_AddName(field, "Type", "Annot");
    st |= HPDF_Dict_AddName(field, "Subtype", "Widget");
    st |= HPDF_Dict_AddName(field, "FT", "Sig");
    st |= HPDF_Dict_Add(field, "T", HPDF_String_New(mmgr, name, NULL));
    if (item->tooltip && *item->tooltip)
        st |= HPDF_Dict_Add(field, "TU", pdf_text_string_utf16(r, item->tooltip));
    st |= HPDF_Dict_AddNumber(field, "F", 4);
    st |= HPDF_Dict_Add(field, "Rect", number_array(mmgr, rect, 4, &st));
    st |= HPDF_Dict_Add(field, "P", page);
    HPDF_Dict states = HPDF_Dict_New(mmgr);
    st |= HPDF_Dict_Add(field, "AP", states);
    if (states)
        st |= HPDF_Dict_Add(states, "N", appearance);

    HPDF_Array annots = page_annotations(r, page, &st);
    if (annots)
        st |= HPDF_Array_Add(annots, field);
    st |= HPDF_Array_Add(fields->list, field);
    return pdf_check_status(r, st, "champ de signature") && pdf_tags_annotation(r, item->tag, field);
}
