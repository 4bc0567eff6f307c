/* class_documents.c — attestations.pdf and planning.pdf for a promotion. */
#include "class_documents.h"

#include <stdlib.h>
#include <string.h>

#include "../layout/page_store.h"
#include "../model/planning.h"
#include "../util/array.h"
#include "class_planning.h"
#include "../util/strbuf.h"
#include "pipeline.h"
#include "sink.h"

#ifndef STAGEDOC_VERSION
#define STAGEDOC_VERSION "0.0.0"
#endif

/* A certificate's pages are in the store, from first_page on: a class's
 * certificates laid out would take memory in proportion to its size. */
struct certificate {
    int first_page, page_count;
    char *title; /* the student, for the bookmark */
};

struct class_documents {
    struct planning *planning;
    struct page_store *pages; /* made with the first certificate */
    struct certificate *certificates;
    size_t count, capacity;
    bool lost;                /* a certificate could not be kept */
    struct laid_tags tags;    /* the structure: a Part per certificate */
    char *classe, *session, *etablissement;
    const char *tmp_dir;
};

struct class_documents *class_documents_new(const char *tmp_dir)
{
    struct class_documents *klass = calloc(1, sizeof *klass);
    if (klass && !(klass->planning = planning_new())) {
        free(klass);
        return NULL;
    }
    if (klass)
        klass->tmp_dir = tmp_dir;
    return klass;
}

static char *copy(const char *text)
{
    return text ? strdup(text) : NULL;
}

void class_documents_add_stage(struct class_documents *klass, const struct stage *stage,
                               const struct calendar *calendar)
{
    planning_add(klass->planning, stage, calendar);
    if (!klass->session) {
        klass->classe = copy(stage->input->classe);
        klass->session = copy(stage->session);
        klass->etablissement = copy(stage->etablissement_nom);
    }
}

static bool room_for_one_more(struct class_documents *klass)
{
    return ARRAY_GROW(klass->certificates, klass->capacity, klass->count + 1);
}

void class_documents_keep_certificate(struct class_documents *klass, const struct stage *stage,
                                      struct laid_document *pages)
{
    if (!klass->pages && !klass->lost)
        klass->pages = page_store_new(klass->tmp_dir);
    int first_page = klass->pages ? page_store_count(klass->pages) : 0;
    /* The certificate's structure becomes a Part of the class's Document. */
    unsigned offset = 0;
    bool tagged = (klass->tags.count > 0 || tags_add(&klass->tags, SE_DOCUMENT, 0)) &&
                  tags_graft(&klass->tags, &pages->tags, &offset);
    if (tagged)
        laid_document_shift_tags(pages, offset);
    if (!tagged || !klass->pages || !room_for_one_more(klass) ||
        !page_store_add(klass->pages, pages)) {
        klass->lost = true;
        laid_document_free(pages);
        return;
    }
    struct strbuf title = STRBUF_INIT;
    strbuf_printf(&title, "%s %s — %s", stage->stagiaire.nom ? stage->stagiaire.nom : "",
                  stage->stagiaire.prenom ? stage->stagiaire.prenom : "", stage->id);
    struct certificate *certificate = &klass->certificates[klass->count++];
    certificate->first_page = first_page;
    certificate->page_count = page_store_count(klass->pages) - first_page;
    certificate->title = strbuf_detach(&title);
    laid_document_free(pages);
}

/* What attestations.pdf says of itself, and one bookmark per student; its
 * pages come from the store. */
static struct laid_document *certificates_head(struct class_documents *klass)
{
    struct laid_document *head = calloc(1, sizeof *head);
    if (!head)
        return NULL;
    struct strbuf title = STRBUF_INIT;
    strbuf_printf(&title, "Attestations de stage — %s — session %s",
                  klass->classe ? klass->classe : "promotion", klass->session ? klass->session : "");
    head->title = arena_strdup(&head->arena, strbuf_str(&title));
    head->author = arena_strdup(&head->arena, klass->etablissement);
    head->subject = "Attestations de stage de la promotion";
    head->keywords = "attestation de stage; BTS Électrotechnique";
    head->page_count = page_store_count(klass->pages);
    head->tags = klass->tags; /* lent: the head is freed without it */
    strbuf_free(&title);
    struct outline_entry **outline = &head->outline;
    for (size_t i = 0; i < klass->count; i++) {
        const struct certificate *certificate = &klass->certificates[i];
        struct outline_entry *entry = arena_alloc(&head->arena, sizeof *entry);
        if (!entry || certificate->page_count == 0)
            continue;
        entry->title = certificate->title;
        entry->level = 1;
        entry->page = certificate->first_page;
        *outline = entry;
        outline = &entry->next;
    }
    return head;
}

static const struct laid_page *stored_page(void *store, int index)
{
    return page_store_page(store, index);
}

/* Writes name.pdf from its bytes (taken), or reports why it cannot be. */
static bool save_pdf(const struct class_output *output, const char *name, unsigned char *bytes,
                     size_t size, struct strbuf *error, class_written wrote, void *data,
                     struct diag_list *diags)
{
    struct strbuf file = STRBUF_INIT;
    strbuf_printf(&file, "%s%s.pdf", output->prefix, name);
    struct sink_output written;
    bool ok = bytes && sink_put(output->sink, strbuf_str(&file), bytes, size, &written);
    if (bytes && !ok)
        strbuf_puts(error, sink_reason(output->sink));
    if (ok)
        wrote(name, &written, data);
    else
        diag_add(diags, SEVERITY_ERROR, (struct position){strbuf_str(&file), 0, 0}, "ecriture",
                 NULL, NULL, "%s.", strbuf_str(error));
    free(bytes);
    strbuf_free(&file);
    return ok;
}

static struct pdf_options options_of(const struct run_context *context,
                                     const struct class_output *output)
{
    struct pdf_options options = {.creator = "stagedoc " STAGEDOC_VERSION, .date = output->date};
    pipeline_pdfa_options(context, output->pdfa, &options);
    return options;
}

static bool write_certificates(struct class_documents *klass, const struct run_context *context,
                               const struct class_output *output, class_written wrote,
                               void *data, struct diag_list *diags)
{
    if (klass->lost) {
        diag_add(diags, SEVERITY_ERROR, (struct position){"attestations.pdf", 0, 0}, "ecriture",
                 NULL, "libérez de la place dans le dossier temporaire (TMPDIR) et relancez.",
                 "attestations de la promotion non produites : impossible de garder les pages "
                 "dans un fichier temporaire.");
        return false;
    }
    if (klass->count == 0)
        return true;
    struct laid_document *head = certificates_head(klass);
    struct pdf_page_source source = {page_store_count(klass->pages), stored_page, klass->pages};
    struct pdf_options options = options_of(context, output);
    struct strbuf error = STRBUF_INIT;
    size_t size = 0;
    unsigned char *bytes = NULL;
    if (head)
        pdf_render_pages(head, &source, context->fonts, context->pdf_fonts, &options, &bytes,
                         &size, &error);
    bool ok = head && save_pdf(output, "attestations", bytes, size, &error, wrote, data, diags);
    strbuf_free(&error);
    if (head) {
        arena_free(&head->arena);
        free(head);
    }
    return ok;
}

static bool write_planning(struct class_documents *klass, const struct run_context *context,
                           const struct class_output *output, class_written wrote, void *data,
                           struct diag_list *diags)
{
    struct class_planning_names names = {klass->classe, klass->session, klass->etablissement};
    struct pdf_options options = options_of(context, output);
    struct strbuf error = STRBUF_INIT;
    size_t size = 0;
    enum class_planning_failure failure;
    unsigned char *bytes = class_planning_pdf(context, klass->planning, &names, &options, &size,
                                              &error, &failure, diags);
    bool ok = false;
    if (bytes || failure == PLANNING_DRAWING)
        ok = save_pdf(output, "planning", bytes, size, &error, wrote, data, diags);
    else if (failure == PLANNING_STORE)
        diag_add(diags, SEVERITY_ERROR, (struct position){"planning.pdf", 0, 0}, "ecriture", NULL,
                 "libérez de la place dans le dossier temporaire (TMPDIR) et relancez.",
                 "planning de la promotion non produit : impossible de garder les pages dans "
                 "un fichier temporaire.");
    else
        diag_add(diags, SEVERITY_ERROR, (struct position){"planning", 0, 0}, "planning", NULL,
                 NULL, "planning non produit : %s.", strbuf_str(&error));
    strbuf_free(&error);
    return ok;
}

bool class_documents_write(struct class_documents *klass, const struct run_context *context,
                           const struct class_output *output, class_written wrote, void *data,
                           struct diag_list *diags)
{
    bool ok = write_certificates(klass, context, output, wrote, data, diags);
    if (output->planning && planning_count(klass->planning) > 0)
        ok = write_planning(klass, context, output, wrote, data, diags) && ok;
    return ok;
}

void class_documents_free(struct class_documents *klass)
{
    if (!klass)
        return;
    for (size_t i = 0; i < klass->count; i++)
        free(klass->certificates[i].title);
    free(klass->certificates);
    tags_free(&klass->tags);
    page_store_free(klass->pages);
    planning_free(klass->planning);
    free(klass->classe);
    free(klass->session);
    free(klass->etablissement);
    free(klass);
}
