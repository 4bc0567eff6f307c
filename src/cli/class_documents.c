/* class_documents.c — attestations.pdf and planning.pdf for a promotion. */
#include "class_documents.h"

#include <stdlib.h>
#include <string.h>

#include "../model/planning.h"
#include "../util/strbuf.h"
#include "pipeline.h"

#ifndef STAGEDOC_VERSION
#define STAGEDOC_VERSION "0.0.0"
#endif

struct certificate {
    struct laid_document *pages;
    char *title; /* the student, for the bookmark */
};

struct class_documents {
    struct planning *planning;
    struct certificate *certificates;
    size_t count, capacity;
    char *classe, *session, *etablissement;
};

struct class_documents *class_documents_new(void)
{
    struct class_documents *klass = calloc(1, sizeof *klass);
    if (klass && !(klass->planning = planning_new())) {
        free(klass);
        return NULL;
    }
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

void class_documents_keep_certificate(struct class_documents *klass, const struct stage *stage,
                                      struct laid_document *pages)
{
    if (klass->count == klass->capacity) {
        size_t capacity = klass->capacity ? klass->capacity * 2 : 64;
        struct certificate *grown = realloc(klass->certificates, capacity * sizeof *grown);
        if (!grown) {
            laid_document_free(pages);
            return;
        }
        klass->certificates = grown;
        klass->capacity = capacity;
    }
    struct strbuf title = STRBUF_INIT;
    strbuf_printf(&title, "%s %s — %s", stage->stagiaire.nom ? stage->stagiaire.nom : "",
                  stage->stagiaire.prenom ? stage->stagiaire.prenom : "", stage->id);
    klass->certificates[klass->count].pages = pages;
    klass->certificates[klass->count].title = strbuf_detach(&title);
    klass->count++;
}

/* One document made of every certificate's pages in order, with one
 * bookmark per student. The pages stay owned by their certificates. */
static struct laid_document *bind_certificates(struct class_documents *klass)
{
    struct laid_document *book = calloc(1, sizeof *book);
    if (!book)
        return NULL;
    struct strbuf title = STRBUF_INIT;
    strbuf_printf(&title, "Attestations de stage — %s — session %s",
                  klass->classe ? klass->classe : "promotion", klass->session ? klass->session : "");
    book->title = arena_strdup(&book->arena, strbuf_str(&title));
    book->author = arena_strdup(&book->arena, klass->etablissement);
    book->subject = "Attestations de stage de la promotion";
    book->keywords = "attestation de stage; BTS Électrotechnique";
    strbuf_free(&title);
    struct laid_page **tail = &book->pages;
    struct outline_entry **outline = &book->outline;
    for (size_t i = 0; i < klass->count; i++) {
        struct laid_document *pages = klass->certificates[i].pages;
        struct outline_entry *entry = arena_alloc(&book->arena, sizeof *entry);
        if (!entry || !pages->pages)
            continue;
        entry->title = klass->certificates[i].title;
        entry->level = 1;
        entry->page = book->page_count;
        *outline = entry;
        outline = &entry->next;
        *tail = pages->pages;
        for (struct laid_page *page = pages->pages; page; page = page->next)
            tail = &page->next;
        book->page_count += pages->page_count;
    }
    return book;
}

static bool write_pdf(const struct run_context *context, const struct class_output *output,
                      const char *name, const struct laid_document *pages, class_written wrote,
                      void *data, struct diag_list *diags)
{
    struct pdf_options options = {.creator = "stagedoc " STAGEDOC_VERSION, .date = output->date};
    struct strbuf error = STRBUF_INIT, file = STRBUF_INIT, path = STRBUF_INIT;
    size_t size = 0;
    unsigned char *bytes = pipeline_pdf(context, pages, &options, &size, &error);
    strbuf_printf(&file, "%s%s.pdf", output->prefix, name);
    bool ok = bytes && pipeline_write(output->dir, strbuf_str(&file), bytes, size, &path, &error);
    if (ok)
        wrote(name, strbuf_str(&path), data);
    else
        diag_add(diags, SEVERITY_ERROR, (struct position){strbuf_str(&file), 0, 0}, "ecriture",
                 NULL, NULL, "%s.", strbuf_str(&error));
    free(bytes);
    strbuf_free(&error);
    strbuf_free(&file);
    strbuf_free(&path);
    return ok;
}

static bool write_certificates(struct class_documents *klass, const struct run_context *context,
                               const struct class_output *output, class_written wrote,
                               void *data, struct diag_list *diags)
{
    if (klass->count == 0)
        return true;
    struct laid_document *book = bind_certificates(klass);
    bool ok = book && write_pdf(context, output, "attestations", book, wrote, data, diags);
    if (book) {
        arena_free(&book->arena);
        free(book);
    }
    return ok;
}

static bool write_planning(struct class_documents *klass, const struct run_context *context,
                           const struct class_output *output, class_written wrote, void *data,
                           struct diag_list *diags)
{
    xmlDocPtr doc = planning_document(klass->planning, context->holidays, klass->classe,
                                      klass->session, klass->etablissement);
    if (!doc)
        return false;
    struct template_context values = {.root = xmlDocGetRootElement(doc), .label = "planning"};
    struct strbuf error = STRBUF_INIT;
    struct laid_document *pages = NULL;
    if (template_prepare(context->templates, "planning", diags))
        pages = pipeline_lay_out(context, "planning", &values, diags, &error);
    bool ok = pages && write_pdf(context, output, "planning", pages, wrote, data, diags);
    if (!pages)
        diag_add(diags, SEVERITY_ERROR, (struct position){"planning", 0, 0}, "planning", NULL,
                 NULL, "planning non produit : %s.", strbuf_str(&error));
    laid_document_free(pages);
    strbuf_free(&error);
    xmlFreeDoc(doc);
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
    for (size_t i = 0; i < klass->count; i++) {
        laid_document_free(klass->certificates[i].pages);
        free(klass->certificates[i].title);
    }
    free(klass->certificates);
    planning_free(klass->planning);
    free(klass->classe);
    free(klass->session);
    free(klass->etablissement);
    free(klass);
}
