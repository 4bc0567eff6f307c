/* documents.c — reading the list of documents. */
#include "documents.h"
#include "run.h"

#include <stdlib.h>
#include <string.h>

#include <stdio.h>

#include "../template/template.h"
#include "context.h"
#include "../util/array.h"
#include "../util/atomic.h"
#include "../util/datafile.h"
#include "../util/file.h"
#include "../util/termtext.h"

static bool parse_voies(const char *text, bool voies[3])
{
    const char *names[3] = {"scolaire", "apprentissage", "formation-continue"};
    memset(voies, 0, 3 * sizeof *voies);
    for (const char *at = text; *at;) {
        size_t len = strcspn(at, ",");
        bool known = false;
        for (int v = 0; v < 3; v++) {
            if (strlen(names[v]) == len && strncmp(at, names[v], len) == 0) {
                voies[v] = known = true;
            }
        }
        if (!known)
            return false;
        at += len + (at[len] == ',');
    }
    return true;
}

/* The file a document is written to is a name made by a template's author:
 * it must stay in the student's folder (no « ../../x.pdf »). {unite} is
 * checked as the unit it stands for. */
static bool file_name_safe(const char *file, struct strbuf *error)
{
    struct strbuf name = STRBUF_INIT;
    const struct document_kind kind = {.file = (char *)file};
    document_file_name(&kind, "U61", &name);
    const char *problem = strbuf_failed(&name) ? "mémoire insuffisante"
                                                : atomic_name_problem(strbuf_str(&name));
    if (problem) {
        strbuf_puts(error, "fichier produit « ");
        termtext_add(error, file, TERMTEXT_MAX_CHARACTERS);
        strbuf_printf(error, " » refusé : %s. À faire : donnez un simple nom de fichier, sans "
                             "dossier, sans « .. » ni point au début (par exemple "
                             "convention.pdf)", problem);
    }
    strbuf_free(&name);
    return !problem;
}

static bool add_document(const struct datafile_record *record, void *context,
                         struct strbuf *error)
{
    struct document_list *list = context;
    if (record->count < 5) {
        strbuf_puts(error, "attendu : nom, modèle, fichier, voies, motif");
        return false;
    }
    if (!file_name_safe(record->fields[2], error))
        return false;
    if (!ARRAY_GROW(list->items, list->capacity, list->count + 1)) {
        strbuf_puts(error, "mémoire insuffisante");
        return false;
    }
    struct document_kind *kind = &list->items[list->count];
    memset(kind, 0, sizeof *kind);
    if (!parse_voies(record->fields[3], kind->voies)) {
        strbuf_printf(error, "voies « %s » inconnues", record->fields[3]);
        return false;
    }
    kind->name = strdup(record->fields[0]);
    kind->template = strdup(record->fields[1]);
    kind->file = strdup(record->fields[2]);
    kind->not_for = strdup(record->fields[4]);
    list->count++;
    return kind->name && kind->template && kind->file && kind->not_for;
}

bool documents_load(const char *templates_dir, struct document_list *list, struct strbuf *error)
{
    memset(list, 0, sizeof *list);
    char *path = path_join(templates_dir, "documents.tsv");
    bool ok = path && datafile_read(path, add_document, list, error);
    free(path);
    if (!ok)
        documents_free(list);
    return ok;
}

void documents_free(struct document_list *list)
{
    for (size_t i = 0; i < list->count; i++) {
        free(list->items[i].name);
        free(list->items[i].template);
        free(list->items[i].file);
        free(list->items[i].not_for);
    }
    free(list->items);
    memset(list, 0, sizeof *list);
}

const struct document_kind *documents_find(const struct document_list *list, const char *name)
{
    for (size_t i = 0; i < list->count; i++)
        if (strcmp(list->items[i].name, name) == 0)
            return &list->items[i];
    return NULL;
}

bool document_applies(const struct document_kind *kind, const struct stage *stage)
{
    return !stage->dispense_motif && kind->voies[stage->voie];
}

bool documents_applies_by_name(const struct document_list *list, const char *name,
                               const struct stage *stage)
{
    for (size_t i = 0; i < list->count; i++)
        if (strcmp(list->items[i].name, name) == 0 && document_applies(&list->items[i], stage))
            return true;
    return false;
}

void document_file_name(const struct document_kind *kind, const char *unit, struct strbuf *out)
{
    const char *marker = strstr(kind->file, "{unite}");
    if (!marker) {
        strbuf_puts(out, kind->file);
        return;
    }
    strbuf_add(out, kind->file, (size_t)(marker - kind->file));
    strbuf_puts(out, unit ? unit : "");
    strbuf_puts(out, marker + strlen("{unite}"));
}

bool documents_prepare(const struct document_list *list, const bool *selected,
                       struct template_set *templates, struct diag_list *diags)
{
    bool ok = true;
    for (size_t i = 0; i < list->count; i++)
        if ((!selected || selected[i]) && !template_prepare(templates, list->items[i].template, diags))
            ok = false;
    return ok;
}

sd_status documents_open_run(sd_run *run, struct document_list *list)
{
    sd_status status = run_need_rendering(run);
    if (status != SD_OK)
        return status;
    struct strbuf error = STRBUF_INIT;
    if (!documents_load(run->context.templates_dir, list, &error)) {
        char *shown = termtext_escape(strbuf_str(&error), 0); /* quotes documents.tsv */
        run_note(run, SEVERITY_ERROR, "stagedoc %s: %s", run->context.command,
                 shown ? shown : "mémoire insuffisante");
        run_fail(run, "%s", strbuf_str(&error));
        free(shown);
        status = SD_IO;
    }
    strbuf_free(&error);
    return status;
}
