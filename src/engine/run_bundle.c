/* run_bundle.c — sd_bundle: each stage's exam package as a ZIP, into a
 * sink.
 *
 * Every stage of every file is checked (the regulation's rules, then the
 * package's own checks) and packaged on its own: one stage's failure does
 * not stop the others. Each package is told to the run's output event, and
 * their list with each one's SHA-256 goes to index.tsv; the status is
 * SD_INVALID when a stage failed. With -j N the packages are assembled by N
 * workers (workers.h) and written here, in input order. The walk, the
 * workers' replay, the index and the sink's end are outputs.h's; the
 * packages, sent in pieces, and their counts are bundle's own. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../input/source.h"
#include "../package/index.h"
#include "../package/naming.h"
#include "bundle.h"
#include "outputs.h"
#include "run.h"
#include "sink.h"
#include "spreadsheet.h"
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

/* In the parent under -j N: the package of the stage being received. */
struct receiving {
    bool packaged;
    bool writing; /* a package begun, its end not come yet */
    struct bundle_writer writer;
};

struct bundle_state {
    struct outputs out;      /* the run, the sink, index.tsv's lines, -j */
    sd_run *run;
    struct bundle_settings settings;
    size_t failed, exempted;
    struct receiving receiving;
};

/* A package written (or not): told to the run, its line in the index. */
static void count_package(struct bundle_state *state, const struct stage *stage,
                          sd_status status, struct bundle_result *result)
{
    if (status == SD_OK) {
        struct sd_output output = {strbuf_str(&result->name), strbuf_str(&result->path),
                                   stage->id, "paquet", result->size, result->sha256};
        package_index_add(&state->out.index, stage->id, strbuf_str(&result->name),
                          result->sha256);
        outputs_told(&state->out, &output);
    } else {
        state->failed++;
        state->out.result = sd_status_worst(state->out.result, status);
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
    worker_walk_send(&state->out.walk, diags, MESSAGE_PACKAGE, package->name,
                     strlen(package->name) + 1, NULL, 0);
    unsigned char *piece = malloc(BUNDLE_PIECE_SIZE);
    size_t got, total = 0;
    rewind(package->zip);
    while (piece && (got = fread(piece, 1, BUNDLE_PIECE_SIZE, package->zip)) > 0) {
        worker_walk_send(&state->out.walk, diags, MESSAGE_PACKAGE_PIECE, NULL, 0, piece, got);
        total += got;
    }
    free(piece);
    if (total == package->size && !ferror(package->zip)) {
        worker_walk_send(&state->out.walk, diags, MESSAGE_PACKAGE_END, NULL, 0, NULL, 0);
        return;
    }
    diag_add(diags, SEVERITY_ERROR, source_node_position(stage->root), "ecriture", stage->id,
             "relancez ; si cela se reproduit, vérifiez la place libre du dossier temporaire "
             "($TMPDIR, sinon /tmp).", "paquet non écrit : le fichier temporaire du paquet ne "
             "se relit pas.");
    state->failed++;
    state->out.result = sd_status_worst(state->out.result, SD_IO);
}

static void bundle_visit(const struct run_context *context, const struct stage *stage,
                         const struct calendar *calendar, struct diag_list *diags, void *data)
{
    struct bundle_state *state = data;
    if (!stage_selection_has(&state->out.wanted, stage))
        return; /* --stage: another student, whose package stays as it is */
    if (stage->dispense_motif) {
        outputs_say(diags, stage, SEVERITY_INFO, "paquet", "candidat dispensé de stage : pas "
                    "de dossier de stage.");
        state->exempted++;
        return;
    }
    size_t errors_before = diags->counts[SEVERITY_ERROR];
    walk_run_rules(context, stage, calendar, diags, NULL);
    if (diags->counts[SEVERITY_ERROR] > errors_before) {
        outputs_say(diags, stage, SEVERITY_ERROR, "paquet", "dossier non produit : le stage a "
                    "des erreurs. À faire : corrigez-les (messages ci-dessus), puis relancez "
                    "« stagedoc bundle ».");
        state->failed++;
        return;
    }
    struct bundle_package package;
    sd_status status =
        bundle_stage_assemble(context, &state->settings, stage, calendar, diags, &package);
    if (status != SD_OK) {
        state->failed++;
        state->out.result = sd_status_worst(state->out.result, status);
    } else if (state->out.walk.channel) {
        send_package(state, stage, &package, diags);
    } else {
        write_package(state, stage, &package, diags);
    }
    bundle_package_free(&package);
}

/* ------------------------------------------------------------ -j N */

/* In the parent, before a stage's messages: no package yet. */
static void receiving_stage(void *data, const struct outputs_stage *here)
{
    (void)here;
    struct bundle_state *state = data;
    state->receiving.packaged = state->receiving.writing = false;
}

/* A package a worker sends, written as -j 1 would as its pieces come. Out
 * of order (a piece before a name, two names): false, the run is broken. */
static bool replay_package(void *data, const struct outputs_stage *here,
                           const struct worker_message *message)
{
    struct bundle_state *state = data;
    struct receiving *r = &state->receiving;
    if (message->type == MESSAGE_PACKAGE) {
        if (r->writing || r->packaged || message->size == 0 ||
            strnlen((const char *)message->bytes, message->size) != message->size - 1)
            return false;
        bundle_writer_begin(&r->writer, &state->settings, here->stage,
                            (const char *)message->bytes, here->diags);
        r->writing = true;
    } else if (message->type == MESSAGE_PACKAGE_PIECE && r->writing) {
        bundle_writer_add(&r->writer, message->bytes, message->size);
    } else if (message->type == MESSAGE_PACKAGE_END && r->writing) {
        struct bundle_result result = {STRBUF_INIT, STRBUF_INIT, "", 0};
        count_package(state, here->stage, bundle_writer_finish(&r->writer, &result), &result);
        r->writing = false;
        r->packaged = true;
    } else {
        return false;
    }
    return true;
}

/* After a stage's messages, the counts follow: no package means exempted
 * or failed. */
static void received_stage(void *data, const struct outputs_stage *here, sd_status *outcome)
{
    struct bundle_state *state = data;
    if (state->receiving.writing) /* the worker stopped sending it: nothing under its name */
        bundle_writer_abandon(&state->receiving.writer);
    state->receiving.writing = false;
    if (worker_walk_broken(&state->out.walk))
        *outcome = SD_IO;
    else if (!stage_selection_has(&state->out.wanted, here->stage))
        ; /* --stage: another student, not redone */
    else if (here->stage->dispense_motif)
        state->exempted++;
    else if (!state->receiving.packaged)
        state->failed++;
}

/* ------------------------------------------------------------ the run */

/* Pass 1 checks an XML file's stages against the schema as it reads it
 * whole; a spreadsheet's promotion is only imported then, and checked in
 * pass 2. */
static bool checked_in_pass_1(const struct sd_input *input)
{
    return input->path && !spreadsheet_is_named(input->path);
}

static const struct outputs_command bundle_command = {
    .name = "bundle",
    .make = bundle_visit,
    .replay = replay_package,
    .receiving = receiving_stage,
    .received = received_stage,
    .checked = checked_in_pass_1,
    .index_header = PACKAGE_INDEX_HEADER,
    .index_hint = "À faire : vérifiez que le dossier de sortie est accessible en écriture, puis "
                  "relancez.",
};

static void print_summary(const struct bundle_state *state)
{
    struct strbuf exempted = STRBUF_INIT;
    size_t stages = state->out.stages, written = state->out.written;
    if (state->exempted)
        strbuf_printf(&exempted, ", %zu sans dossier (dispense)", state->exempted);
    run_note(state->run, SEVERITY_INFO, "stagedoc bundle : %zu stage%s : %zu paquet%s écrit%s "
             "dans %s, %zu en échec%s.", stages, stages > 1 ? "s" : "", written,
             written > 1 ? "s" : "", written > 1 ? "s" : "",
             state->settings.output_dir ? state->settings.output_dir : "l'archive",
             state->failed, strbuf_str(&exempted));
    strbuf_free(&exempted);
}

/* The package names' pattern, then the documents and their templates. */
static sd_status prepare(struct bundle_state *state)
{
    struct strbuf error = STRBUF_INIT;
    sd_status status = SD_OK;
    if (!package_name_pattern_check(state->settings.name_pattern, &error)) {
        run_fail(state->run, "motif de nom « %s » : %s", state->settings.name_pattern,
                 strbuf_str(&error));
        status = SD_USAGE;
    }
    strbuf_free(&error);
    if (status == SD_OK)
        status = documents_open_run(state->run, &state->settings.documents);
    if (status == SD_OK)
        status = outputs_compile_templates(&state->out, &state->settings.documents, NULL);
    return status;
}

/* Pass 1: each file reads whole (its format), or no package is written;
 * the stages' own problems are said in pass 2, each with its package. */
static sd_status read_all(struct bundle_state *state, size_t *stages)
{
    sd_status status = SD_OK;
    for (size_t i = 0; i < state->out.input_count; i++)
        status = sd_status_worst(status, walk_input_reads_whole(&state->run->context,
                                                                &state->out.inputs[i], stages));
    if (status != SD_OK)
        run_note(state->run, SEVERITY_ERROR, "stagedoc bundle : entrées illisibles, aucun paquet "
                 "écrit. À faire : corrigez ce que disent les messages ci-dessus, puis relancez.");
    return status;
}

static sd_status bundle_all(struct bundle_state *state)
{
    size_t stages = 0;
    sd_status status = read_all(state, &stages);
    if (status != SD_OK)
        return status;
    if (stages > 1)
        outputs_start_workers(&state->out);
    status = outputs_walk(&state->out, stages);
    print_summary(state);
    return status;
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
                     .pdfa = options->pdfa,
                     .names_taken = KEYSET_INIT}};
    sd_status status = outputs_begin(&state.out, run, &bundle_command, &state, &options->read,
                                     options->stages, options->stage_count, options->jobs,
                                     inputs, count, sink);
    if (status == SD_OK)
        status = prepare(&state);
    if (status == SD_OK)
        status = bundle_all(&state);
    status = outputs_finish(&state.out, status);
    outputs_free(&state.out);
    keyset_free(&state.settings.names_taken);
    documents_free(&state.settings.documents);
    return status;
}
