/* cmd_build.c — `stagedoc build`: every document of every stage, as PDF.
 *
 * Two passes: first every input is checked (format and regulation); if any
 * has an error, nothing is written. Then each stage's documents go through
 * the pipeline — template → layout tree → layout → PDF — and are written
 * atomically to DIR/<id>/<file>. The paths written go to stdout. With -j N
 * the documents are made by N workers (workers.h) and written here, in
 * input order. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/tree.h>

#include "../input/source.h"
#include "../util/atomic.h"
#include "../util/termtext.h"
#include "../package/naming.h"
#include "../engine/build_index.h"
#include "../engine/stage_select.h"
#include "../engine/class_documents.h"
#include "commands.h"
#include "../engine/documents.h"
#include "options.h"
#include "../engine/pipeline.h"
#include "../engine/walk.h"
#include "../engine/worker_walk.h"
#include "../engine/workers.h"

#ifndef STAGEDOC_VERSION
#define STAGEDOC_VERSION "0.0.0"
#endif

enum { OPT_OUTPUT, OPT_ONLY, OPT_UNITE, OPT_QUIET, OPT_LANGUE, OPT_JOBS, OPT_STAGE };

/* What a worker sends besides diagnostics: a document made (its kind's
 * index, then its bytes), or a document to make in the parent (its kind's
 * index): a promotion's attestations, whose pages attestations.pdf needs. */
enum { MESSAGE_DOCUMENT = WORKER_MESSAGE_FIRST_FREE, MESSAGE_MAKE_HERE };

static const struct command_option build_options[] = {
    {"output", true, OPT_OUTPUT, 'o'},
    {"only", true, OPT_ONLY, 0},
    {"unite", true, OPT_UNITE, 0},
    {"quiet", false, OPT_QUIET, 0},
    {"langue", true, OPT_LANGUE, 0},
    {"jobs", true, OPT_JOBS, 'j'},
    {"stage", true, OPT_STAGE, 0},
    OPTIONS_SPREADSHEET,
};

struct build_state {
    const char *output_dir;
    const char *only;
    const char *unite;       /* --unite: evaluate in this unit instead */
    struct document_list documents;
    bool *selected;          /* per document kind */
    bool planning;           /* the class planning is wanted */
    int64_t source_date;     /* SOURCE_DATE_EPOCH, or -1 */
    size_t written;
    bool quiet;              /* --quiet: no progress, no information lines */
    bool bilingual;          /* --langue fr,en */
    struct progress progress;
    struct strbuf index;     /* index.tsv: id, document, path, source */
    const char *input;       /* the input being built, as named */
    struct stage_selection wanted; /* --stage */
    struct class_documents *klass; /* the current promotion's, or NULL */
    int64_t class_date;      /* the earliest date of the current promotion */
    enum exit_code result;
    unsigned jobs;           /* -j */
    struct worker_walk walk; /* with -j N: the parent's or a worker's side */
};

static bool set_option(int id, const char *value, void *state)
{
    struct build_state *build = state;
    if (id == OPT_OUTPUT)
        build->output_dir = value;
    else if (id == OPT_ONLY)
        build->only = value;
    else if (id == OPT_UNITE)
        build->unite = value;
    else if (id == OPT_LANGUE)
        return options_parse_languages("build", value, &build->bilingual);
    else if (id == OPT_JOBS)
        return workers_parse_count("build", value, &build->jobs);
    else if (id == OPT_STAGE)
        return stage_selection_add(&build->wanted, value);
    else
        build->quiet = true;
    return true;
}

static void print_help(void)
{
    puts("Usage : stagedoc build [-o DOSSIER] [--only LISTE] [OPTIONS] FICHIER...\n"
         "\n"
         "Produit les documents de chaque stage en PDF : DOSSIER/<id>/<document>.pdf\n"
         "(dossier « out » par défaut). Les entrées sont d'abord vérifiées comme par\n"
         "« stagedoc check » : si l'une a une erreur, rien n'est écrit. Chaque fichier\n"
         "est écrit sous un nom temporaire puis renommé : un échec laisse intacts les\n"
         "documents déjà produits. Les chemins écrits sont affichés sur la sortie standard.\n"
         "\n"
         "Options :\n"
         "  -o, --output DOSSIER dossier de sortie (défaut : out)\n"
         "  --only LISTE         documents à produire, séparés par des virgules\n"
         "                       (voir templates/documents.tsv)\n"
         "  --unite UNITE        documents pour une autre unité que celle du stage\n"
         "                       (U51, U52, U61, U62), par exemple une grille\n"
         "  --langue fr,en       convention et attestation en français et en anglais\n"
         "                       (stage à l'étranger ; ou langue=\"fr,en\" sur <stage>)\n"
         "  --quiet              ni progression ni lignes d'information ; la\n"
         "                       progression (stages faits, vitesse, temps restant)\n"
         "                       ne s'affiche que si la sortie d'erreur est un terminal\n"
         "  --stage STAGIAIRE    ne refait que les documents de ce stagiaire (son\n"
         "                       identifiant, son numéro de candidat ou « NOM Prénom » ;\n"
         "                       répétable) ; attestations.pdf et planning.pdf comptent\n"
         "                       toujours toute la classe\n"
         "  -j, --jobs N         N processus (défaut : un par processeur) ; -j 1 : un\n"
         "                       seul. Mêmes fichiers, mêmes octets, même ordre.\n"
         "\n"
         "Les dates inscrites dans les PDF viennent de SOURCE_DATE_EPOCH, sinon du début\n"
         "du stage : deux constructions des mêmes entrées donnent les mêmes octets.");
    options_print_spreadsheet_help();
    options_print_common_help(
        "  0  les documents sont écrits (avertissements permis)\n"
        "  1  une entrée a une erreur (rien n'est écrit), ou un document n'a pu être fait\n"
        "  2  ligne de commande incorrecte\n"
        "  3  un fichier ne peut être lu ou écrit, ou erreur interne");
}

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
            fprintf(stderr, "stagedoc build: document « %.*s » inconnu ; connus :", (int)len, at);
            for (size_t i = 0; i < state->documents.count; i++)
            {
                fputc(' ', stderr);
                termtext_print(stderr, state->documents.items[i].name, TERMTEXT_MAX_CHARACTERS);
            }
            fputs(" planning.\n", stderr);
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

/* index.tsv names files relative to the output folder, so it moves with it. */
static void index_add(struct build_state *state, const char *id, const char *document,
                      const char *path)
{
    size_t dir_len = strlen(state->output_dir);
    const char *relative = strncmp(path, state->output_dir, dir_len) == 0 && path[dir_len] == '/'
                               ? path + dir_len + 1
                               : path;
    strbuf_printf(&state->index, "%s\t%s\t%s\t%s\n", id, document, relative,
                  state->input ? state->input : "-");
    progress_clear(&state->progress); /* stdout may be the same terminal */
    termtext_print(stdout, path, 0);
    putchar('\n');
    state->written++;
}

static void index_class_document(const char *document, const char *path, void *data)
{
    index_add(data, "-", document, path);
}

/* A signed copy saved where build writes (someone signed out/…/convention.pdf)
 * is never overwritten: the new document goes beside it, as
 * convention-nouvelle.pdf, and that is said. */
static void keep_signed(const char *dir, const struct stage *stage, struct strbuf *name,
                        struct diag_list *diags)
{
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
    struct strbuf dir = STRBUF_INIT, name = STRBUF_INIT, path = STRBUF_INIT, error = STRBUF_INIT;
    struct strbuf relative = STRBUF_INIT;
    /* The student's folder: stable (the id) and readable (the name). */
    char *folder = stage_folder_name(stage->id, stage->stagiaire.nom, stage->stagiaire.prenom);
    strbuf_printf(&dir, "%s/%s", state->output_dir, folder ? folder : stage->id);
    document_file_name(kind, state->unite ? state->unite : stage->unite, &name);
    keep_signed(strbuf_str(&dir), stage, &name, diags);
    strbuf_printf(&relative, "%s/%s", folder ? folder : stage->id, strbuf_str(&name));
    free(folder);
    if (pipeline_write(state->output_dir, strbuf_str(&relative), bytes, size, &path, &error)) {
        index_add(state, stage->id, kind->name, strbuf_str(&path));
    } else {
        diag_add(diags, SEVERITY_ERROR, source_node_position(stage->root), "ecriture", stage->id,
                 "vérifiez le dossier de sortie (-o) : place libre, droits, et qu'aucun lien "
                 "symbolique ni fichier spécial n'y tient la place d'un dossier ou d'un document.",
                 "%s.", strbuf_str(&error));
        state->result = exit_code_worst(state->result, EXIT_IO);
    }
    strbuf_free(&dir);
    strbuf_free(&name);
    strbuf_free(&relative);
    strbuf_free(&path);
    strbuf_free(&error);
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
        state->result = exit_code_worst(state->result, EXIT_INVALID);
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
        state->klass = class_documents_new();
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
    enum exit_code code =
        worker_walk_receive(&state->walk, stage, "build", diags, replay_document, &replay);
    state->result = exit_code_worst(state->result, code);
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
    struct class_output output = {state->output_dir, strbuf_str(&prefix),
                                  state->source_date >= 0 ? state->source_date
                                                          : state->class_date < 0 ? 0
                                                                                  : state->class_date,
                                  state->planning};
    struct diag_list diags = DIAG_LIST_INIT;
    if (!class_documents_write(state->klass, context, &output, index_class_document, state,
                               &diags))
        state->result = exit_code_worst(state->result, EXIT_IO);
    diag_print_all(&diags, stderr, SEVERITY_INFO);
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
    struct strbuf path = STRBUF_INIT, error = STRBUF_INIT, text = STRBUF_INIT;
    struct build_index_run run = {state->output_dir, inputs, input_count,
                                  state->wanted.count ? rebuilt_id : NULL, state};
    build_index_merge(&run, strbuf_str(&state->index), &text);
    if (!pipeline_write(state->output_dir, "index.tsv", (const unsigned char *)strbuf_str(&text),
                        text.len, &path, &error)) {
        fprintf(stderr, "stagedoc build: erreur: [ecriture] %s.\n", strbuf_str(&error));
        state->result = exit_code_worst(state->result, EXIT_IO);
    }
    strbuf_free(&path);
    strbuf_free(&error);
    strbuf_free(&text);
}

/* Pass 1: every input valid, or nothing written. */
static enum exit_code validate_all(struct run_context *context, struct parsed_command *parsed,
                                   struct walk_totals *totals)
{
    enum exit_code result = EXIT_VALID;
    for (int i = 0; i < parsed->operand_count; i++)
        result = exit_code_worst(result, walk_file(context, parsed->operands[i], walk_run_rules,
                                                   NULL, totals));
    return result;
}

/* Every template compiled once, before any stage. */
static enum exit_code compile_templates(struct run_context *context, struct build_state *state)
{
    struct diag_list diags = DIAG_LIST_INIT;
    bool ok = documents_prepare(&state->documents, state->selected, context->templates, &diags);
    diag_print_all(&diags, stderr, SEVERITY_INFO);
    diag_list_free(&diags);
    return ok ? EXIT_VALID : EXIT_INVALID;
}

static enum exit_code prepare(struct run_context *context, struct parsed_command *parsed,
                              struct build_state *state)
{
    parsed->run.quiet = state->quiet;
    enum exit_code status = documents_open_run(context, &parsed->run, &state->documents, "build");
    if (status != EXIT_VALID)
        return status;
    if (!select_documents(state))
        return EXIT_USAGE;
    if (state->unite && !template_set_knows_unit(context->templates, state->unite)) {
        fprintf(stderr, "stagedoc build: --unite « %s » : unité inconnue du référentiel.\n",
                state->unite);
        return EXIT_USAGE;
    }
    return EXIT_VALID;
}

/* Pass 2: each stage's documents, written in input order. */
static void build_all(const struct run_context *context, const struct parsed_command *parsed,
                      struct build_state *state, size_t stages)
{
    struct gathered_information gathered = {0};
    struct walk_totals totals = {.print_least = state->quiet ? SEVERITY_WARNING : SEVERITY_INFO,
                                 .progress = &state->progress, .gathered = &gathered};
    stage_visitor visit = state->walk.workers ? build_from_worker : build_stage;
    progress_start(&state->progress, "build", "stages", stages, state->quiet);
    for (int i = 0; i < parsed->operand_count; i++) {
        state->input = parsed->operands[i];
        walk_file(context, parsed->operands[i], visit, state, &totals);
        progress_clear(&state->progress);
        finish_class(context, state, parsed->operands[i], parsed->operand_count > 1);
    }
    progress_finish(&state->progress);
    bool broken = worker_walk_broken(&state->walk);
    state->result = exit_code_worst(state->result, worker_walk_finish(&state->walk, "build"));
    if (!broken)
        write_index(state, parsed->operands, (size_t)parsed->operand_count);
    walk_print_information("build", &gathered);
    fprintf(stderr, "stagedoc build : %zu stage%s, %zu document%s écrit%s dans %s.\n",
            totals.stages, totals.stages > 1 ? "s" : "", state->written,
            state->written > 1 ? "s" : "", state->written > 1 ? "s" : "", state->output_dir);
}

enum exit_code command_build(int argc, char **argv)
{
    struct build_state state = {.output_dir = "out", .source_date = pipeline_source_date_epoch(),
                                .index = STRBUF_INIT, .class_date = -1, .result = EXIT_VALID,
                                .jobs = workers_default_count()};
    struct parsed_command parsed;
    enum exit_code status;
    if (!options_start_command(argc, argv, build_options,
                               sizeof build_options / sizeof *build_options, set_option, &state,
                               print_help, true, &parsed, &status))
        return status;
    struct run_context context;
    status = prepare(&context, &parsed, &state);
    if (status == EXIT_VALID)
        status = compile_templates(&context, &state);
    /* Spreadsheets are imported first, whatever -j: their cell problems
     * come at the same place, and the workers read the same promotions. */
    if (status == EXIT_VALID)
        walk_import_spreadsheets(&context, parsed.operands, parsed.operand_count);
    /* The workers start now: they make documents while the inputs are
     * checked, and nothing is written unless all of them are valid. */
    state.walk = (struct worker_walk){.context = &context, .paths = parsed.operands,
                                      .path_count = parsed.operand_count, .visit = build_stage,
                                      .state = &state, .result = &state.result};
    if (status == EXIT_VALID && state.jobs > 1)
        worker_walk_start(&state.walk, state.jobs);
    struct walk_totals checked = {.print_least = SEVERITY_WARNING};
    if (status == EXIT_VALID) {
        status = validate_all(&context, &parsed, &checked);
        if (status != EXIT_VALID)
            fputs("stagedoc build : entrées invalides, aucun document écrit.\n", stderr);
    }
    if (status != EXIT_VALID)
        worker_walk_cancel(&state.walk);
    if (status == EXIT_VALID) {
        build_all(&context, &parsed, &state, checked.stages);
        status = state.result;
    }
    free(state.selected);
    stage_selection_free(&state.wanted);
    strbuf_free(&state.index);
    documents_free(&state.documents);
    run_context_close(&context);
    return status;
}
