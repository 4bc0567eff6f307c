/* run_build.c — sd_build: every document of every stage, as PDF, into a
 * sink.
 *
 * Two passes: first every input is checked (format and regulation); if any
 * has an error, nothing is written. Then each stage's documents go through
 * the pipeline — template → layout tree → layout → PDF — and into the sink
 * as <id>_<name>/<file>, each file told to the run's output event. With
 * -j N the documents are made by N workers (workers.h) and written here, in
 * input order. The walk, the workers' replay, index.tsv and the sink's end
 * are outputs.h's; what is build's own is here: which documents, the
 * signed copies kept, a promotion's attestations.pdf and planning.pdf. */
#include <stdlib.h>
#include <string.h>

#include "../input/source.h"
#include "../package/naming.h"
#include "../util/termtext.h"
#include "build_index.h"
#include "class_documents.h"
#include "documents.h"
#include "pipeline.h"
#include "outputs.h"
#include "run.h"
#include "sink.h"
#include "workers.h"

/* What a worker sends besides diagnostics: a document made (its kind's
 * index, then its bytes), or a document to make in the parent (its kind's
 * index): a promotion's attestations, whose pages attestations.pdf needs. */
enum { MESSAGE_DOCUMENT = WORKER_MESSAGE_FIRST_FREE, MESSAGE_MAKE_HERE };

struct build_state {
    struct outputs out;      /* the run, the sink, index.tsv's lines, -j */
    sd_run *run;
    const char *only;
    const char *unite;       /* --unite: evaluate in this unit instead */
    struct document_list documents;
    bool *selected;          /* per document kind */
    bool planning;           /* the class planning is wanted */
    bool bilingual;          /* --langue fr,en */
    bool pdfa;               /* --pdfa */
    bool class_pdfa;         /* the current promotion's documents are PDF/A */
    struct class_documents *klass; /* the current promotion's, or NULL */
    int64_t class_date;      /* the earliest date of the current promotion */
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
    return outputs_date(state->out.fixed_date, calendar);
}

/* index.tsv names files relative to the output folder, so it moves with
 * it; each file is told to the run as it is written. */
static void index_add(struct build_state *state, const char *id, const char *document,
                      const struct sink_output *written)
{
    strbuf_printf(&state->out.index, "%s\t%s\t%s\t%s\n", id, document, written->name,
                  state->out.input ? state->out.input : "-");
    struct sd_output output = {written->name, written->shown, strcmp(id, "-") ? id : NULL,
                               document, written->size, written->sha256};
    outputs_told(&state->out, &output);
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
    if (state->out.output_dir)
        strbuf_printf(&dir, "%s/%s", state->out.output_dir, folder ? folder : stage->id);
    document_file_name(kind, state->unite ? state->unite : stage->unite, &name);
    keep_signed(state->out.output_dir ? strbuf_str(&dir) : NULL, stage, &name, diags);
    strbuf_printf(&relative, "%s/%s", folder ? folder : stage->id, strbuf_str(&name));
    free(folder);
    struct sink_output written;
    if (sink_put(state->out.sink, strbuf_str(&relative), bytes, size, &written)) {
        index_add(state, stage->id, kind->name, &written);
    } else {
        diag_add(diags, SEVERITY_ERROR, source_node_position(stage->root), "ecriture", stage->id,
                 "vérifiez le dossier de sortie (-o) : place libre, droits, et qu'aucun lien "
                 "symbolique ni fichier spécial n'y tient la place d'un dossier ou d'un document.",
                 "%s.", sink_reason(state->out.sink));
        state->out.result = sd_status_worst(state->out.result, SD_IO);
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
    worker_walk_send(&state->out.walk, diags, type, &index, sizeof index, bytes, size);
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
    bool write = stage_selection_has(&state->out.wanted, stage); /* else laid out for the class only */
    if (state->out.walk.channel && kept_for_class(kind, stage)) {
        send_to_parent(state, MESSAGE_MAKE_HERE, kind, NULL, 0, diags);
        return;
    }
    struct stage_document request = {kind->template, state->unite,
                                     document_date(state, calendar), xml, state->bilingual,
                                     state->pdfa};
    bool keep = state->klass && kept_for_class(kind, stage);
    struct laid_document *pages = NULL;
    struct strbuf error = STRBUF_INIT;
    size_t size = 0;
    unsigned char *bytes = pipeline_stage_document(context, &request, stage, calendar, &size,
                                                   keep ? &pages : NULL, diags, &error);
    if (bytes && state->out.walk.channel) {
        send_to_parent(state, MESSAGE_DOCUMENT, kind, bytes, size, diags);
    } else if (bytes) {
        if (write)
            write_document(kind, stage, bytes, size, state, diags);
    } else {
        outputs_say(diags, stage, SEVERITY_ERROR, kind->name, "document non produit : %s.",
               strbuf_str(&error));
        state->out.result = sd_status_worst(state->out.result, SD_INVALID);
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
    state->class_pdfa = pipeline_promotion_wants_pdfa(stage, state->pdfa);
    int64_t date = document_date(state, calendar);
    if (calendar->debut != DATE_NONE && (state->class_date < 0 || date < state->class_date))
        state->class_date = date;
}

static void build_stage(const struct run_context *context, const struct stage *stage,
                        const struct calendar *calendar, struct diag_list *diags, void *data)
{
    struct build_state *state = data;
    if (!state->out.walk.channel)
        follow_class(state, stage, calendar);
    if (stage->dispense_motif && !stage_selection_has(&state->out.wanted, stage))
        return;
    if (stage->dispense_motif) {
        outputs_say(diags, stage, SEVERITY_INFO, "documents",
               "candidat dispensé de stage (%s) : aucun document de stage.", stage->dispense_motif);
        return;
    }
    struct stage_xml xml;
    pipeline_stage_xml(stage, &xml);
    /* --stage: another student's documents are not made, but its certificate
     * is laid out all the same, for the class's attestations.pdf. */
    bool wanted = stage_selection_has(&state->out.wanted, stage);
    for (size_t i = 0; i < state->documents.count; i++) {
        const struct document_kind *kind = &state->documents.items[i];
        if (!state->selected[i] || (!wanted && !kept_for_class(kind, stage)))
            continue;
        if (document_applies(kind, stage))
            build_document(context, kind, stage, calendar, &xml, state, diags);
        else if (wanted && !documents_applies_by_name(&state->documents, kind->name, stage))
            outputs_say(diags, stage, SEVERITY_INFO, kind->name, "%s.", kind->not_for);
    }
    pipeline_stage_xml_free(&xml);
}

/* ------------------------------------------------------------ -j N */

/* A document a worker sent, done as -j 1 would; false when it is not one a
 * worker sends. */
static bool replay_document(void *data, const struct outputs_stage *here,
                            const struct worker_message *message)
{
    struct build_state *state = data;
    uint32_t index;
    if (message->size < sizeof index)
        return false;
    memcpy(&index, message->bytes, sizeof index);
    if (index >= state->documents.count)
        return false;
    const struct document_kind *kind = &state->documents.items[index];
    if (message->type == MESSAGE_DOCUMENT) {
        write_document(kind, here->stage, message->bytes + sizeof index,
                       message->size - sizeof index, state, here->diags);
        return true;
    }
    if (message->type != MESSAGE_MAKE_HERE)
        return false;
    struct stage_xml xml;
    pipeline_stage_xml(here->stage, &xml);
    build_document(here->context, kind, here->stage, here->calendar, &xml, state, here->diags);
    pipeline_stage_xml_free(&xml);
    return true;
}

/* In the parent, before a stage's documents come from its worker: the
 * stage joins its class's planning, as with -j 1. */
static void receiving_stage(void *data, const struct outputs_stage *here)
{
    struct build_state *state = data;
    if (!worker_walk_broken(&state->out.walk))
        follow_class(state, here->stage, here->calendar);
}

/* ------------------------------------------------------------ the class */

static void index_class_document(const char *document, const struct sink_output *written,
                                 void *data)
{
    index_add(data, "-", document, written);
}

/* After a promotion's stages: attestations.pdf and planning.pdf. With
 * several input files, their names start with the file's name. */
static void finish_class(void *data, const char *input, bool several_inputs)
{
    struct build_state *state = data;
    if (state->klass && worker_walk_broken(&state->out.walk)) {
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
    int64_t fixed = state->out.fixed_date;
    struct class_output output = {state->out.sink, strbuf_str(&prefix),
                                  fixed >= 0 ? fixed : state->class_date < 0 ? 0
                                                                             : state->class_date,
                                  state->planning, state->class_pdfa};
    struct diag_list diags = DIAG_LIST_INIT;
    if (!class_documents_write(state->klass, &state->run->context, &output, index_class_document,
                               state, &diags))
        state->out.result = sd_status_worst(state->out.result, SD_IO);
    run_diag_all(state->run, &diags);
    diag_list_free(&diags);
    strbuf_free(&prefix);
    class_documents_free(state->klass);
    state->klass = NULL;
    state->class_date = -1;
}

/* ------------------------------------------------------------ index.tsv */

static bool rebuilt_id(const char *id, void *data)
{
    return stage_selection_has_id(&((struct build_state *)data)->out.wanted, id);
}

/* index.tsv: this run's files, the other inputs' as they were; what earlier
 * builds of these inputs wrote and this one did not is removed. */
static void index_text(void *data, const char *lines, struct strbuf *text)
{
    struct build_state *state = data;
    if (state->out.output_dir) {
        struct build_index_run run = {state->run, state->out.output_dir, state->out.input_names,
                                      state->out.input_count,
                                      state->out.wanted.count ? rebuilt_id : NULL, state};
        build_index_merge(&run, lines, text);
    } else { /* a ZIP or memory: this run's files alone */
        strbuf_printf(text, "%s%s", BUILD_INDEX_HEADER, lines);
    }
}

/* ------------------------------------------------------------ the run */

static const struct outputs_command build_command = {
    .name = "build",
    .make = build_stage,
    .replay = replay_document,
    .receiving = receiving_stage,
    .input_done = finish_class,
    .index_text = index_text,
    .index_header = BUILD_INDEX_HEADER,
};

/* Pass 1: every input valid (the format, then the rules), or nothing
 * written. The schema and the rules are run here only: pass 2 and the
 * workers read the stages as checked. */
static sd_status validate_all(struct build_state *state, struct walk_totals *totals)
{
    sd_status result = SD_OK;
    for (size_t i = 0; i < state->out.input_count && !run_cancelled(state->run); i++)
        result = sd_status_worst(result, walk_input(&state->run->context, &state->out.inputs[i],
                                                    walk_run_rules, NULL, totals));
    return run_end(state->run, result);
}

/* The documents, those --only wants, --unite, the templates. */
static sd_status prepare(struct build_state *state)
{
    sd_status status = documents_open_run(state->run, &state->documents);
    if (status != SD_OK)
        return status;
    if (!select_documents(state))
        return SD_USAGE;
    if (state->unite && !template_set_knows_unit(state->run->context.templates, state->unite)) {
        run_note(state->run, SEVERITY_ERROR,
                 "stagedoc build: --unite « %s » : unité inconnue du référentiel.", state->unite);
        run_fail(state->run, "unité « %s » inconnue du référentiel", state->unite);
        return SD_USAGE;
    }
    return outputs_compile_templates(&state->out, &state->documents, state->selected);
}

/* Pass 2: each stage's documents, written in input order. */
static void build_all(struct build_state *state, size_t stages)
{
    outputs_walk(&state->out, stages);
    size_t written = state->out.written, walked = state->out.stages;
    run_note(state->run, SEVERITY_INFO, "stagedoc build : %zu stage%s, %zu document%s écrit%s "
             "dans %s.", walked, walked > 1 ? "s" : "", written, written > 1 ? "s" : "",
             written > 1 ? "s" : "",
             state->out.output_dir ? state->out.output_dir : "l'archive");
}

sd_status sd_build(sd_run *run, const struct sd_input *inputs, size_t count,
                   const struct sd_build_options *options, struct sd_sink *sink)
{
    if (!sink || !options) {
        run_fail(run, "sd_build sans sortie ni options");
        return SD_USAGE;
    }
    struct build_state state = {.run = run, .only = options->only, .unite = options->unite,
                                .bilingual = options->bilingual, .pdfa = options->pdfa,
                                .class_date = -1};
    sd_status status = outputs_begin(&state.out, run, &build_command, &state, &options->read,
                                     options->stages, options->stage_count, options->jobs,
                                     inputs, count, sink);
    if (status == SD_OK)
        status = prepare(&state);
    /* Spreadsheets are imported first, whatever -j: their cell problems
     * come at the same place, and the workers read the same promotions. */
    if (status == SD_OK)
        walk_import_spreadsheets(&run->context, inputs, count);
    /* The workers start now: they make documents while the inputs are
     * checked, and nothing is written unless all of them are valid. */
    if (status == SD_OK)
        outputs_start_workers(&state.out);
    struct walk_totals checked = {.print_least = SEVERITY_WARNING};
    if (status == SD_OK) {
        status = validate_all(&state, &checked);
        if (status != SD_OK)
            run_note(run, SEVERITY_ERROR, "stagedoc build : entrées invalides, aucun document "
                     "écrit.");
    }
    if (status != SD_OK)
        worker_walk_cancel(&state.out.walk);
    if (status == SD_OK) {
        build_all(&state, checked.stages);
        status = state.out.result;
    }
    status = outputs_finish(&state.out, status);
    status = sd_status_worst(status, state.out.result);
    outputs_free(&state.out);
    free(state.selected);
    documents_free(&state.documents);
    return status;
}
