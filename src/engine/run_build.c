/* run_build.c — sd_build: every document of every stage, as PDF, into a
 * sink.
 *
 * Two passes: first every input is checked (format and regulation); if any
 * has an error, nothing is written. Then each stage's documents go through
 * the pipeline — template → layout tree → layout → PDF — and into the sink
 * as <id>_<name>/<file>, each file told to the run's output event. With
 * -j N the documents are made by N workers (workers.h) and written here, in
 * input order. */
#include <stdlib.h>
#include <string.h>

#include "../input/source.h"
#include "../package/naming.h"
#include "../util/termtext.h"
#include "build_index.h"
#include "class_documents.h"
#include "documents.h"
#include "pipeline.h"
#include "run.h"
#include "sink.h"
#include "stage_select.h"
#include "walk.h"
#include "worker_walk.h"
#include "workers.h"

/* What a worker sends besides diagnostics: a document made (its kind's
 * index, then its bytes), or a document to make in the parent (its kind's
 * index): a promotion's attestations, whose pages attestations.pdf needs. */
enum { MESSAGE_DOCUMENT = WORKER_MESSAGE_FIRST_FREE, MESSAGE_MAKE_HERE };

struct build_state {
    sd_run *run;
    struct sd_sink *sink;
    const char *output_dir;  /* a folder sink's, or NULL */
    const char *only;
    const char *unite;       /* --unite: evaluate in this unit instead */
    struct document_list documents;
    bool *selected;          /* per document kind */
    bool planning;           /* the class planning is wanted */
    int64_t source_date;     /* SOURCE_DATE_EPOCH, or -1 */
    size_t written;
    bool bilingual;          /* --langue fr,en */
    struct strbuf index;     /* index.tsv: id, document, path, source */
    const char *input;       /* the input being built, as named */
    struct stage_selection wanted; /* --stage */
    struct class_documents *klass; /* the current promotion's, or NULL */
    int64_t class_date;      /* the earliest date of the current promotion */
    sd_status result;
    unsigned jobs;           /* -j */
    struct worker_walk walk; /* with -j N: the parent's or a worker's side */
};

/* --only convention,attestation: marks the kinds to build. */
static bool select_documents(struct build_state *state)
{
    state->selected = calloc(state->documents.count ? state->documents.count : 1, sizeof(bool));
    if (!state->selected)
        return false;
    if (!state->only) {
        for (size_t i = 0; i < state->documents.count; i++)
            state->selected[i] = true;
        state->planning = true;
        return true;
    }
    for (const char *at = state->only; *at;) {
        size_t len = strcspn(at, ",");
        bool found = len == strlen("planning") && strncmp(at, "planning", len) == 0;
        state->planning |= found;
        for (size_t i = 0; i < state->documents.count; i++) {
            if (strlen(state->documents.items[i].name) == len &&
                strncmp(state->documents.items[i].name, at, len) == 0)
                state->selected[i] = found = true;
        }
        if (!found) {
            struct strbuf known = STRBUF_INIT;
            for (size_t i = 0; i < state->documents.count; i++) {
                strbuf_puts(&known, " ");
                termtext_add(&known, state->documents.items[i].name, TERMTEXT_MAX_CHARACTERS);
            }
            run_note(state->run, SEVERITY_ERROR, "stagedoc build: document « %.*s » inconnu ; "
                     "connus :%s planning.", (int)len, at, strbuf_str(&known));
            run_fail(state->run, "document « %.*s » inconnu", (int)len, at);
            strbuf_free(&known);
            return false;
        }
        at += len + (at[len] == ',');
    }
    return true;
}

static int64_t document_date(const struct build_state *state, const struct calendar *calendar)
{
    if (state->source_date >= 0)
        return state->source_date;
    return calendar->debut != DATE_NONE ? (int64_t)calendar->debut * 86400 : 0;
}

static void report(struct diag_list *diags, const struct stage *stage, enum severity severity,
                   const char *rule, const char *message, const char *detail)
{
    /* At the stage's element: a spreadsheet's row, for a stage imported. */
    diag_add(diags, severity, source_node_position(stage->root), rule, stage->id, NULL, message,
             detail);
}

/* index.tsv names files relative to the output folder, so it moves with
 * it; each file is told to the run as it is written. */
static void index_add(struct build_state *state, const char *id, const char *document,
                      const struct sink_output *written)
{
    strbuf_printf(&state->index, "%s\t%s\t%s\t%s\n", id, document, written->name,
                  state->input ? state->input : "-");
    struct sd_output output = {written->name, written->shown, strcmp(id, "-") ? id : NULL,
                               document, written->size, written->sha256};
    run_output(state->run, &output);
    state->written++;
}

static void index_class_document(const char *document, const struct sink_output *written,
                                 void *data)
{
    index_add(data, "-", document, written);
}

/* A signed copy saved where build writes (someone signed out/…/convention.pdf)
 * is never overwritten: the new document goes beside it, as
 * convention-nouvelle.pdf, and that is said. */
static void keep_signed(const char *dir, const struct stage *stage, struct strbuf *name,
                        struct diag_list *diags)
{
    if (!dir)
        return; /* a ZIP or memory: nothing signed there before */
    struct strbuf there = STRBUF_INIT;
    strbuf_printf(&there, "%s/%s", dir, strbuf_str(name));
    size_t signatures = build_index_signatures(strbuf_str(&there));
    if (signatures) {
        struct strbuf fresh = STRBUF_INIT;
        const char *dot = strrchr(strbuf_str(name), '.');
        strbuf_printf(&fresh, "%.*s-nouvelle%s", (int)(dot - strbuf_str(name)), strbuf_str(name),
                      dot);
        diag_add(diags, SEVERITY_WARNING, source_node_position(stage->root), "sortie", stage->id,
                 "comparez-les : faites signer le nouveau s'il change quelque chose, sinon "
                 "supprimez-le.", "%s porte %zu signature%s : il est gardé ; le nouveau "
                 "document est écrit à côté, dans %s.", strbuf_str(&there), signatures,
                 signatures > 1 ? "s" : "", strbuf_str(&fresh));
        strbuf_reset(name);
        strbuf_add(name, fresh.data, fresh.len);
        strbuf_free(&fresh);
    }
    strbuf_free(&there);
}

static void write_document(const struct document_kind *kind, const struct stage *stage,
                           const unsigned char *bytes, size_t size, struct build_state *state,
                           struct diag_list *diags)
{
    struct strbuf dir = STRBUF_INIT, name = STRBUF_INIT, relative = STRBUF_INIT;
    /* The student's folder: stable (the id) and readable (the name). */
    char *folder = stage_folder_name(stage->id, stage->stagiaire.nom, stage->stagiaire.prenom);
    if (state->output_dir)
        strbuf_printf(&dir, "%s/%s", state->output_dir, folder ? folder : stage->id);
    document_file_name(kind, state->unite ? state->unite : stage->unite, &name);
    keep_signed(state->output_dir ? strbuf_str(&dir) : NULL, stage, &name, diags);
    strbuf_printf(&relative, "%s/%s", folder ? folder : stage->id, strbuf_str(&name));
    free(folder);
    struct sink_output written;
    if (sink_put(state->sink, strbuf_str(&relative), bytes, size, &written)) {
        index_add(state, stage->id, kind->name, &written);
    } else {
        diag_add(diags, SEVERITY_ERROR, source_node_position(stage->root), "ecriture", stage->id,
                 "vérifiez le dossier de sortie (-o) : place libre, droits, et qu'aucun lien "
                 "symbolique ni fichier spécial n'y tient la place d'un dossier ou d'un document.",
                 "%s.", sink_reason(state->sink));
        state->result = sd_status_worst(state->result, SD_IO);
    }
    strbuf_free(&dir);
    strbuf_free(&name);
    strbuf_free(&relative);
}

/* In a worker, what would be written goes to the parent instead. */
static void send_to_parent(struct build_state *state, int type, const struct document_kind *kind,
                           const unsigned char *bytes, size_t size, struct diag_list *diags)
{
    uint32_t index = (uint32_t)(kind - state->documents.items);
    worker_walk_send(&state->walk, diags, type, &index, sizeof index, bytes, size);
}

static bool kept_for_class(const struct document_kind *kind, const struct stage *stage)
{
    return stage->input->in_promotion && strcmp(kind->name, "attestation") == 0;
}

/* One document of one stage: template → layout → PDF → file. A promotion's
 * certificates are also kept for attestations.pdf. */
static void build_document(const struct run_context *context, const struct document_kind *kind,
                           const struct stage *stage, const struct calendar *calendar,
                           const struct stage_xml *xml, struct build_state *state,
                           struct diag_list *diags)
{
    bool write = stage_selection_has(&state->wanted, stage); /* else laid out for the class only */
    if (state->walk.channel && kept_for_class(kind, stage)) {
        send_to_parent(state, MESSAGE_MAKE_HERE, kind, NULL, 0, diags);
        return;
    }
    struct stage_document request = {kind->template, state->unite,
                                     document_date(state, calendar), xml, state->bilingual};
    bool keep = state->klass && kept_for_class(kind, stage);
    struct laid_document *pages = NULL;
    struct strbuf error = STRBUF_INIT;
    size_t size = 0;
    unsigned char *bytes = pipeline_stage_document(context, &request, stage, calendar, &size,
                                                   keep ? &pages : NULL, diags, &error);
    if (bytes && state->walk.channel) {
        send_to_parent(state, MESSAGE_DOCUMENT, kind, bytes, size, diags);
    } else if (bytes) {
        if (write)
            write_document(kind, stage, bytes, size, state, diags);
    } else {
        report(diags, stage, SEVERITY_ERROR, kind->name, "document non produit : %s.",
               strbuf_str(&error));
        state->result = sd_status_worst(state->result, SD_INVALID);
    }
    if (pages)
        class_documents_keep_certificate(state->klass, stage, pages);
    free(bytes);
    strbuf_free(&error);
}

static void follow_class(struct build_state *state, const struct stage *stage,
                         const struct calendar *calendar)
{
    if (!stage->input->in_promotion)
        return;
    if (!state->klass)
        state->klass = class_documents_new(state->run->engine->tmp_dir);
    if (!state->klass)
        return;
    class_documents_add_stage(state->klass, stage, calendar);
    int64_t date = document_date(state, calendar);
    if (calendar->debut != DATE_NONE && (state->class_date < 0 || date < state->class_date))
        state->class_date = date;
}

static void build_stage(const struct run_context *context, const struct stage *stage,
                        const struct calendar *calendar, struct diag_list *diags, void *data)
{
    struct build_state *state = data;
    if (!state->walk.channel)
        follow_class(state, stage, calendar);
    if (stage->dispense_motif && !stage_selection_has(&state->wanted, stage))
        return;
    if (stage->dispense_motif) {
        report(diags, stage, SEVERITY_INFO, "documents",
               "candidat dispensé de stage (%s) : aucun document de stage.", stage->dispense_motif);
        return;
    }
    struct stage_xml xml;
    pipeline_stage_xml(stage, &xml);
    /* --stage: another student's documents are not made, but its certificate
     * is laid out all the same, for the class's attestations.pdf. */
    bool wanted = stage_selection_has(&state->wanted, stage);
    for (size_t i = 0; i < state->documents.count; i++) {
        const struct document_kind *kind = &state->documents.items[i];
        if (!state->selected[i] || (!wanted && !kept_for_class(kind, stage)))
            continue;
        if (document_applies(kind, stage))
            build_document(context, kind, stage, calendar, &xml, state, diags);
        else if (wanted && !documents_applies_by_name(&state->documents, kind->name, stage))
            report(diags, stage, SEVERITY_INFO, kind->name, "%s.", kind->not_for);
    }
    pipeline_stage_xml_free(&xml);
}

/* ------------------------------------------------------------ -j N */

struct replay {
    const struct run_context *context;
    const struct stage *stage;
    const struct calendar *calendar;
    struct build_state *state;
    struct diag_list *diags;
};

/* A document a worker sent, done as -j 1 would; false when it is not one a
 * worker sends. */
static bool replay_document(const struct worker_message *message, void *data)
{
    struct replay *r = data;
    uint32_t index;
    if (message->size < sizeof index)
        return false;
    memcpy(&index, message->bytes, sizeof index);
    if (index >= r->state->documents.count)
        return false;
    const struct document_kind *kind = &r->state->documents.items[index];
    if (message->type == MESSAGE_DOCUMENT) {
        write_document(kind, r->stage, message->bytes + sizeof index,
                       message->size - sizeof index, r->state, r->diags);
        return true;
    }
    if (message->type != MESSAGE_MAKE_HERE)
        return false;
    struct stage_xml xml;
    pipeline_stage_xml(r->stage, &xml);
    build_document(r->context, kind, r->stage, r->calendar, &xml, r->state, r->diags);
    pipeline_stage_xml_free(&xml);
    return true;
}

/* In the parent: the stage's documents, from its worker. */
static void build_from_worker(const struct run_context *context, const struct stage *stage,
                              const struct calendar *calendar, struct diag_list *diags,
                              void *data)
{
    struct build_state *state = data;
    if (!worker_walk_broken(&state->walk))
        follow_class(state, stage, calendar);
    struct replay replay = {context, stage, calendar, state, diags};
    sd_status code =
        worker_walk_receive(&state->walk, stage, "build", diags, replay_document, &replay);
    state->result = sd_status_worst(state->result, code);
}

/* After a promotion's stages: attestations.pdf and planning.pdf. With
 * several input files, their names start with the file's name. */
static void finish_class(const struct run_context *context, struct build_state *state,
                         const char *input, bool several_inputs)
{
    if (state->klass && worker_walk_broken(&state->walk)) {
        class_documents_free(state->klass); /* not whole: none of it is written */
        state->klass = NULL;
    }
    if (!state->klass)
        return;
    struct strbuf prefix = STRBUF_INIT;
    if (several_inputs) {
        const char *base = strrchr(input, '/') ? strrchr(input, '/') + 1 : input;
        const char *dot = strrchr(base, '.');
        strbuf_printf(&prefix, "%.*s-", (int)(dot ? dot - base : (long)strlen(base)), base);
    }
    struct class_output output = {state->sink, strbuf_str(&prefix),
                                  state->source_date >= 0 ? state->source_date
                                                          : state->class_date < 0 ? 0
                                                                                  : state->class_date,
                                  state->planning};
    struct diag_list diags = DIAG_LIST_INIT;
    if (!class_documents_write(state->klass, context, &output, index_class_document, state,
                               &diags))
        state->result = sd_status_worst(state->result, SD_IO);
    run_diag_all(state->run, &diags);
    diag_list_free(&diags);
    strbuf_free(&prefix);
    class_documents_free(state->klass);
    state->klass = NULL;
    state->class_date = -1;
}

static bool rebuilt_id(const char *id, void *data)
{
    return stage_selection_has_id(&((struct build_state *)data)->wanted, id);
}

/* index.tsv: this run's files, the other inputs' as they were; what earlier
 * builds of these inputs wrote and this one did not is removed. */
static void write_index(struct build_state *state, char *const *inputs, size_t input_count)
{
    if (state->written == 0)
        return;
    struct strbuf text = STRBUF_INIT;
    if (state->output_dir) {
        struct build_index_run run = {state->run, state->output_dir, inputs, input_count,
                                      state->wanted.count ? rebuilt_id : NULL, state};
        build_index_merge(&run, strbuf_str(&state->index), &text);
    } else { /* a ZIP or memory: this run's files alone */
        strbuf_printf(&text, "%s%s", BUILD_INDEX_HEADER, strbuf_str(&state->index));
    }
    if (!sink_put(state->sink, "index.tsv", strbuf_str(&text), text.len, NULL)) {
        run_note(state->run, SEVERITY_ERROR, "stagedoc build: erreur: [ecriture] %s.",
                 sink_reason(state->sink));
        state->result = sd_status_worst(state->result, SD_IO);
    }
    strbuf_free(&text);
}

/* Pass 1: every input valid, or nothing written. */
static sd_status validate_all(struct build_state *state, const struct sd_input *inputs,
                              size_t count, struct walk_totals *totals)
{
    sd_status result = SD_OK;
    for (size_t i = 0; i < count && !run_cancelled(state->run); i++)
        result = sd_status_worst(result, walk_input(&state->run->context, &inputs[i],
                                                    walk_run_rules, NULL, totals));
    return result;
}

/* Every template compiled once, before any stage. */
static sd_status compile_templates(struct build_state *state)
{
    struct diag_list diags = DIAG_LIST_INIT;
    bool ok = documents_prepare(&state->documents, state->selected,
                                state->run->context.templates, &diags);
    run_diag_all(state->run, &diags);
    diag_list_free(&diags);
    return ok ? SD_OK : SD_INVALID;
}

static sd_status prepare(struct build_state *state, const struct sd_build_options *options)
{
    sd_status status = run_begin(state->run, "build", &options->read);
    if (status == SD_OK)
        status = documents_open_run(state->run, &state->documents);
    if (status != SD_OK)
        return status;
    for (size_t i = 0; i < options->stage_count; i++)
        if (!stage_selection_add(&state->wanted, options->stages[i]))
            return SD_NOMEM;
    if (!select_documents(state))
        return SD_USAGE;
    if (state->unite && !template_set_knows_unit(state->run->context.templates, state->unite)) {
        run_note(state->run, SEVERITY_ERROR,
                 "stagedoc build: --unite « %s » : unité inconnue du référentiel.", state->unite);
        run_fail(state->run, "unité « %s » inconnue du référentiel", state->unite);
        return SD_USAGE;
    }
    return SD_OK;
}

/* Pass 2: each stage's documents, written in input order. */
static void build_all(struct build_state *state, const struct sd_input *inputs, size_t count,
                      char *const *names, size_t stages)
{
    const struct run_context *context = &state->run->context;
    struct gathered_information gathered = {0};
    struct walk_totals totals = {.print_least = state->run->least, .progress = true,
                                 .progress_total = stages, .gathered = &gathered};
    stage_visitor visit = state->walk.workers ? build_from_worker : build_stage;
    for (size_t i = 0; i < count && !run_cancelled(state->run); i++) {
        state->input = inputs[i].name;
        walk_input(context, &inputs[i], visit, state, &totals);
        finish_class(context, state, inputs[i].name, count > 1);
    }
    bool broken = worker_walk_broken(&state->walk);
    state->result = sd_status_worst(state->result, worker_walk_finish(&state->walk, "build"));
    if (run_cancelled(state->run))
        state->result = sd_status_worst(state->result, SD_CANCELLED);
    else if (!broken)
        write_index(state, names, count);
    walk_print_information(state->run, "build", &gathered);
    run_note(state->run, SEVERITY_INFO, "stagedoc build : %zu stage%s, %zu document%s écrit%s "
             "dans %s.", totals.stages, totals.stages > 1 ? "s" : "", state->written,
             state->written > 1 ? "s" : "", state->written > 1 ? "s" : "",
             state->output_dir ? state->output_dir : "l'archive");
}

/* The inputs' names, as index.tsv and the workers know them (heap). */
static char **input_names(const struct sd_input *inputs, size_t count)
{
    char **names = calloc(count ? count : 1, sizeof *names);
    for (size_t i = 0; names && i < count; i++)
        names[i] = (char *)(inputs[i].name ? inputs[i].name : inputs[i].path);
    return names;
}

/* Documents made are kept even when another failed (said at its stage),
 * as on a teacher's disk; a run stopped before writing, or cancelled,
 * leaves nothing. */
static void finish_sink(struct build_state *state, sd_status status)
{
    bool made = state->written > 0 && (status == SD_INVALID || status == SD_IO);
    if (status == SD_OK || made) {
        if (!sink_commit(state->sink))
            state->result = sd_status_worst(state->result, SD_IO);
    } else {
        sink_abort(state->sink);
    }
}

sd_status sd_build(sd_run *run, const struct sd_input *inputs, size_t count,
                   const struct sd_build_options *options, struct sd_sink *sink)
{
    if (!sink || !options) {
        run_fail(run, "sd_build sans sortie ni options");
        return SD_USAGE;
    }
    struct build_state state = {.run = run, .sink = sink, .output_dir = sink_directory(sink),
                                .only = options->only, .unite = options->unite,
                                .bilingual = options->bilingual,
                                .source_date = run->engine->fixed_date,
                                .index = STRBUF_INIT, .class_date = -1, .result = SD_OK,
                                .jobs = options->jobs ? options->jobs : 1};
    char **names = input_names(inputs, count);
    sd_status status = names ? prepare(&state, options) : SD_NOMEM;
    if (status == SD_OK)
        status = compile_templates(&state);
    /* Spreadsheets are imported first, whatever -j: their cell problems
     * come at the same place, and the workers read the same promotions. */
    if (status == SD_OK)
        walk_import_spreadsheets(&run->context, inputs, count);
    /* The workers start now: they make documents while the inputs are
     * checked, and nothing is written unless all of them are valid. */
    state.walk = (struct worker_walk){.context = &run->context, .inputs = inputs,
                                      .input_count = count, .visit = build_stage,
                                      .state = &state, .result = &state.result};
    if (status == SD_OK && state.jobs > 1)
        worker_walk_start(&state.walk, state.jobs);
    struct walk_totals checked = {.print_least = SEVERITY_WARNING};
    if (status == SD_OK) {
        status = validate_all(&state, inputs, count, &checked);
        if (status != SD_OK)
            run_note(run, SEVERITY_ERROR, "stagedoc build : entrées invalides, aucun document "
                     "écrit.");
    }
    if (status != SD_OK)
        worker_walk_cancel(&state.walk);
    if (status == SD_OK) {
        build_all(&state, inputs, count, names, checked.stages);
        status = state.result;
    }
    finish_sink(&state, status);
    status = sd_status_worst(status, state.result);
    free(names);
    free(state.selected);
    stage_selection_free(&state.wanted);
    strbuf_free(&state.index);
    documents_free(&state.documents);
    return status;
}
