/* run_bundle.c — sd_bundle: each stage's exam package as a ZIP, into a
 * sink.
 *
 * Every stage of every file is checked (the regulation's rules, then the
 * package's own checks) and packaged on its own: one stage's failure does
 * not stop the others. Each package is told to the run's output event, and
 * their list with each one's SHA-256 goes to index.tsv; the status is
 * SD_INVALID when a stage failed. With -j N the packages are assembled by N
 * workers (workers.h) and written here, in input order. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../input/source.h"
#include "../package/index.h"
#include "../package/naming.h"
#include "bundle.h"
#include "run.h"
#include "sink.h"
#include "stage_select.h"
#include "walk.h"
#include "worker_walk.h"
#include "workers.h"

/* What a worker sends besides diagnostics: a package assembled, as its name
 * and a NUL, then the ZIP in pieces of BUNDLE_PIECE_SIZE at most (a package
 * may weigh hundreds of megabytes: neither side holds it whole), then its
 * end. A stage that sends none failed, or is exempted. */
enum {
    MESSAGE_PACKAGE = WORKER_MESSAGE_FIRST_FREE,
    MESSAGE_PACKAGE_PIECE,
    MESSAGE_PACKAGE_END,
};

struct bundle_state {
    sd_run *run;
    struct bundle_settings settings;
    struct strbuf index;
    size_t written, failed, exempted;
    sd_status result;
    unsigned jobs;           /* -j */
    struct worker_walk walk; /* with -j N: the parent's or a worker's side */
    struct stage_selection wanted; /* --stage */
};

static void report(struct diag_list *diags, const struct stage *stage, enum severity severity,
                   const char *message)
{
    /* At the stage's element: a spreadsheet's row, for a stage imported. */
    diag_add(diags, severity, source_node_position(stage->root), "paquet", stage->id, NULL, "%s",
             message);
}

/* A package written (or not): its path on stdout, its line in the index. */
static void count_package(struct bundle_state *state, const struct stage *stage,
                          sd_status status, struct bundle_result *result)
{
    if (status == SD_OK) {
        struct sd_output output = {strbuf_str(&result->name), strbuf_str(&result->path),
                                   stage->id, "paquet", result->size, result->sha256};
        run_output(state->run, &output);
        package_index_add(&state->index, stage->id, strbuf_str(&result->name), result->sha256);
        state->written++;
    } else {
        state->failed++;
        state->result = sd_status_worst(state->result, status);
    }
    strbuf_free(&result->path);
    strbuf_free(&result->name);
}

static void write_package(struct bundle_state *state, const struct stage *stage,
                          const struct bundle_package *package, struct diag_list *diags)
{
    struct bundle_result result = {STRBUF_INIT, STRBUF_INIT, "", 0};
    sd_status status = bundle_package_write(&state->settings, stage, package, diags, &result);
    count_package(state, stage, status, &result);
}

/* In a worker, the package goes to the parent: its name, then its pieces,
 * then its end. A temporary file that does not read back sends no end: the
 * parent drops what came, and the error said here reaches it. */
static void send_package(struct bundle_state *state, const struct stage *stage,
                         const struct bundle_package *package, struct diag_list *diags)
{
    worker_walk_send(&state->walk, diags, MESSAGE_PACKAGE, package->name,
                     strlen(package->name) + 1, NULL, 0);
    unsigned char *piece = malloc(BUNDLE_PIECE_SIZE);
    size_t got, total = 0;
    rewind(package->zip);
    while (piece && (got = fread(piece, 1, BUNDLE_PIECE_SIZE, package->zip)) > 0) {
        worker_walk_send(&state->walk, diags, MESSAGE_PACKAGE_PIECE, NULL, 0, piece, got);
        total += got;
    }
    free(piece);
    if (total == package->size && !ferror(package->zip)) {
        worker_walk_send(&state->walk, diags, MESSAGE_PACKAGE_END, NULL, 0, NULL, 0);
        return;
    }
    diag_add(diags, SEVERITY_ERROR, source_node_position(stage->root), "ecriture", stage->id,
             "relancez ; si cela se reproduit, vérifiez la place libre du dossier temporaire "
             "($TMPDIR, sinon /tmp).", "paquet non écrit : le fichier temporaire du paquet ne "
             "se relit pas.");
    state->failed++;
    state->result = sd_status_worst(state->result, SD_IO);
}

static void bundle_visit(const struct run_context *context, const struct stage *stage,
                         const struct calendar *calendar, struct diag_list *diags, void *data)
{
    struct bundle_state *state = data;
    if (!stage_selection_has(&state->wanted, stage))
        return; /* --stage: another student, whose package stays as it is */
    if (stage->dispense_motif) {
        report(diags, stage, SEVERITY_INFO, "candidat dispensé de stage : pas de dossier de "
                                            "stage.");
        state->exempted++;
        return;
    }
    size_t errors_before = diags->counts[SEVERITY_ERROR];
    walk_run_rules(context, stage, calendar, diags, NULL);
    if (diags->counts[SEVERITY_ERROR] > errors_before) {
        report(diags, stage, SEVERITY_ERROR, "dossier non produit : le stage a des erreurs. "
                                             "À faire : corrigez-les (messages ci-dessus), puis "
                                             "relancez « stagedoc bundle ».");
        state->failed++;
        return;
    }
    struct bundle_package package;
    sd_status status =
        bundle_stage_assemble(context, &state->settings, stage, calendar, diags, &package);
    if (status != SD_OK) {
        state->failed++;
        state->result = sd_status_worst(state->result, status);
    } else if (state->walk.channel) {
        send_package(state, stage, &package, diags);
    } else {
        write_package(state, stage, &package, diags);
    }
    bundle_package_free(&package);
}

/* ------------------------------------------------------------ -j N */

struct replay {
    struct bundle_state *state;
    const struct stage *stage;
    struct diag_list *diags;
    bool packaged;
    bool writing; /* a package begun, its end not come yet */
    struct bundle_writer writer;
};

/* A package a worker sends, written as -j 1 would as its pieces come. Out
 * of order (a piece before a name, two names): false, the run is broken. */
static bool replay_package(const struct worker_message *message, void *data)
{
    struct replay *r = data;
    if (message->type == MESSAGE_PACKAGE) {
        if (r->writing || r->packaged || message->size == 0 ||
            strnlen((const char *)message->bytes, message->size) != message->size - 1)
            return false;
        bundle_writer_begin(&r->writer, &r->state->settings, r->stage,
                            (const char *)message->bytes, r->diags);
        r->writing = true;
    } else if (message->type == MESSAGE_PACKAGE_PIECE && r->writing) {
        bundle_writer_add(&r->writer, message->bytes, message->size);
    } else if (message->type == MESSAGE_PACKAGE_END && r->writing) {
        struct bundle_result result = {STRBUF_INIT, STRBUF_INIT, "", 0};
        count_package(r->state, r->stage, bundle_writer_finish(&r->writer, &result), &result);
        r->writing = false;
        r->packaged = true;
    } else {
        return false;
    }
    return true;
}

/* In the parent: the stage's package, from its worker. The counts follow:
 * no package means exempted or failed. */
static void bundle_from_worker(const struct run_context *context, const struct stage *stage,
                               const struct calendar *calendar, struct diag_list *diags,
                               void *data)
{
    (void)context;
    (void)calendar;
    struct bundle_state *state = data;
    struct replay replay = {.state = state, .stage = stage, .diags = diags};
    sd_status code =
        worker_walk_receive(&state->walk, stage, "bundle", diags, replay_package, &replay);
    if (replay.writing) /* the worker stopped sending it: nothing under its name */
        bundle_writer_abandon(&replay.writer);
    if (worker_walk_broken(&state->walk))
        code = SD_IO;
    else if (!stage_selection_has(&state->wanted, stage))
        ; /* --stage: another student, not redone */
    else if (stage->dispense_motif)
        state->exempted++;
    else if (!replay.packaged)
        state->failed++;
    state->result = sd_status_worst(state->result, code);
}

static void write_index(struct bundle_state *state)
{
    if (state->written == 0)
        return;
    struct strbuf text = STRBUF_INIT;
    strbuf_puts(&text, PACKAGE_INDEX_HEADER);
    strbuf_puts(&text, strbuf_str(&state->index));
    if (!sink_put(state->settings.sink, PACKAGE_INDEX_NAME, strbuf_str(&text), text.len, NULL)) {
        run_note(state->run, SEVERITY_ERROR, "stagedoc bundle: erreur: [ecriture] %s. À faire : "
                 "vérifiez que le dossier de sortie est accessible en écriture, puis relancez.",
                 sink_reason(state->settings.sink));
        state->result = sd_status_worst(state->result, SD_IO);
    }
    strbuf_free(&text);
}

static void print_summary(const struct bundle_state *state, const struct walk_totals *totals)
{
    struct strbuf exempted = STRBUF_INIT;
    if (state->exempted)
        strbuf_printf(&exempted, ", %zu sans dossier (dispense)", state->exempted);
    run_note(state->run, SEVERITY_INFO, "stagedoc bundle : %zu stage%s : %zu paquet%s écrit%s "
             "dans %s, %zu en échec%s.", totals->stages, totals->stages > 1 ? "s" : "",
             state->written, state->written > 1 ? "s" : "", state->written > 1 ? "s" : "",
             state->settings.output_dir ? state->settings.output_dir : "l'archive",
             state->failed, strbuf_str(&exempted));
    strbuf_free(&exempted);
}

/* Every template compiled once, before any stage: a broken template is
 * reported once with its file and line, not once per stage. */
static sd_status prepare_templates(struct bundle_state *state)
{
    struct diag_list diags = DIAG_LIST_INIT;
    sd_status status = documents_prepare(&state->settings.documents, NULL,
                                         state->run->context.templates, &diags)
                           ? SD_OK
                           : SD_INVALID;
    run_diag_all(state->run, &diags);
    diag_list_free(&diags);
    return status;
}

static sd_status prepare(struct bundle_state *state, const struct sd_bundle_options *options)
{
    sd_status status = run_begin(state->run, "bundle", &options->read);
    struct strbuf error = STRBUF_INIT;
    if (status == SD_OK && !package_name_pattern_check(state->settings.name_pattern, &error)) {
        run_fail(state->run, "motif de nom « %s » : %s", state->settings.name_pattern,
                 strbuf_str(&error));
        status = SD_USAGE;
    }
    strbuf_free(&error);
    for (size_t i = 0; status == SD_OK && i < options->stage_count; i++)
        if (!stage_selection_add(&state->wanted, options->stages[i]))
            status = SD_NOMEM;
    if (status == SD_OK)
        status = documents_open_run(state->run, &state->settings.documents);
    return status == SD_OK ? prepare_templates(state) : status;
}

static sd_status bundle_all(struct bundle_state *state, const struct sd_input *inputs,
                            size_t count)
{
    const struct run_context *context = &state->run->context;
    /* An information line the same for several students is said once, at
     * the end, with their number (« le rapport compte 21 pages »). */
    struct gathered_information gathered = {0};
    struct walk_totals totals = {.print_least = state->run->least, .progress = true,
                                 .gathered = &gathered};
    sd_status status = SD_OK;
    size_t stages = 0;
    for (size_t i = 0; i < count; i++)
        status = sd_status_worst(status, walk_input_reads_whole(context, &inputs[i], &stages));
    if (status != SD_OK) {
        run_note(state->run, SEVERITY_ERROR, "stagedoc bundle : entrées illisibles, aucun paquet "
                 "écrit. À faire : corrigez ce que disent les messages ci-dessus, puis relancez.");
        return status;
    }
    totals.progress_total = stages;
    state->walk = (struct worker_walk){.context = context, .inputs = inputs,
                                       .input_count = count, .visit = bundle_visit,
                                       .state = state, .result = &state->result};
    if (state->jobs > 1 && stages > 1)
        worker_walk_start(&state->walk, state->jobs);
    stage_visitor visit = state->walk.workers ? bundle_from_worker : bundle_visit;
    for (size_t i = 0; i < count && !run_cancelled(state->run); i++)
        status = sd_status_worst(status, walk_input(context, &inputs[i], visit, state, &totals));
    bool broken = worker_walk_broken(&state->walk);
    state->result = sd_status_worst(state->result, worker_walk_finish(&state->walk, "bundle"));
    if (run_cancelled(state->run))
        state->result = sd_status_worst(state->result, SD_CANCELLED);
    else if (!broken)
        write_index(state);
    walk_print_information(state->run, "bundle", &gathered);
    print_summary(state, &totals);
    return sd_status_worst(status, state->result);
}

sd_status sd_bundle(sd_run *run, const struct sd_input *inputs, size_t count,
                    const struct sd_bundle_options *options, struct sd_sink *sink)
{
    if (!sink || !options) {
        run_fail(run, "sd_bundle sans sortie ni options");
        return SD_USAGE;
    }
    struct bundle_state state = {
        .run = run,
        .settings = {.sink = sink, .output_dir = sink_directory(sink),
                     .name_pattern = options->name_pattern ? options->name_pattern
                                                           : PACKAGE_NAME_DEFAULT,
                     .password = options->password, .source_date = run->engine->fixed_date,
                     .bilingual = options->bilingual, .complete = options->complete,
                     .names_taken = KEYSET_INIT},
        .index = STRBUF_INIT, .result = SD_OK, .jobs = options->jobs ? options->jobs : 1};
    sd_status status = prepare(&state, options);
    if (status == SD_OK)
        status = bundle_all(&state, inputs, count);
    if (state.written > 0 && status != SD_CANCELLED && status != SD_INTERNAL) {
        if (!sink_commit(sink))
            status = sd_status_worst(status, SD_IO);
    } else {
        sink_abort(sink);
    }
    strbuf_free(&state.index);
    stage_selection_free(&state.wanted);
    keyset_free(&state.settings.names_taken);
    documents_free(&state.settings.documents);
    return status;
}
