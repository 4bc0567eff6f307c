/* outputs.c — the walk, the replay of -j N, the index and the sink's end,
 * shared by build and bundle. */
#include "outputs.h"

#include <stdarg.h>
#include <stdlib.h>

#include "../input/source.h"
#include "run.h"
#include "sink.h"

/* The inputs' names, as index.tsv and the workers know them (heap). */
static char **input_names(const struct sd_input *inputs, size_t count)
{
    char **names = calloc(count ? count : 1, sizeof *names);
    for (size_t i = 0; names && i < count; i++)
        names[i] = (char *)(inputs[i].name ? inputs[i].name : inputs[i].path);
    return names;
}

sd_status outputs_begin(struct outputs *outputs, sd_run *run, const struct outputs_command *command,
                        void *state, const struct sd_read_options *read,
                        const char *const *stages, size_t stage_count, unsigned jobs,
                        const struct sd_input *inputs, size_t count, struct sd_sink *sink)
{
    *outputs = (struct outputs){.run = run, .command = command, .state = state, .sink = sink,
                                .output_dir = sink_directory(sink),
                                .fixed_date = run->engine->fixed_date, .jobs = jobs ? jobs : 1,
                                .inputs = inputs, .input_count = count,
                                .input_names = input_names(inputs, count), .index = STRBUF_INIT,
                                .result = SD_OK};
    if (!outputs->input_names)
        return SD_NOMEM;
    sd_status status = run_begin(run, command->name, read);
    for (size_t i = 0; status == SD_OK && i < stage_count; i++)
        if (!stage_selection_add(&outputs->wanted, stages[i]))
            status = SD_NOMEM;
    return status;
}

sd_status outputs_compile_templates(struct outputs *outputs, const struct document_list *documents,
                                    const bool *selected)
{
    struct diag_list diags = DIAG_LIST_INIT;
    bool ok = documents_prepare(documents, selected, outputs->run->context.templates, &diags);
    run_diag_all(outputs->run, &diags);
    diag_list_free(&diags);
    return ok ? SD_OK : SD_INVALID;
}

void outputs_start_workers(struct outputs *outputs)
{
    outputs->walk = (struct worker_walk){.context = &outputs->run->context,
                                         .inputs = outputs->inputs,
                                         .input_count = outputs->input_count,
                                         .visit = outputs->command->make,
                                         .checked = outputs->command->checked,
                                         .state = outputs->state,
                                         .result = &outputs->result};
    if (outputs->jobs > 1)
        worker_walk_start(&outputs->walk, outputs->jobs);
}

/* ------------------------------------------------------------ -j N */

struct replay {
    struct outputs *outputs;
    const struct outputs_stage *stage;
};

static bool replay_message(const struct worker_message *message, void *data)
{
    struct replay *replay = data;
    return replay->outputs->command->replay(replay->outputs->state, replay->stage, message);
}

/* In the parent: the stage's files, from its worker, done as -j 1 would. */
static void from_worker(const struct run_context *context, const struct stage *stage,
                        const struct calendar *calendar, struct diag_list *diags, void *data)
{
    struct outputs *outputs = data;
    const struct outputs_command *command = outputs->command;
    struct outputs_stage here = {context, stage, calendar, diags};
    if (command->receiving)
        command->receiving(outputs->state, &here);
    struct replay replay = {outputs, &here};
    sd_status outcome = worker_walk_receive(&outputs->walk, stage, command->name, diags,
                                            replay_message, &replay);
    if (command->received)
        command->received(outputs->state, &here, &outcome);
    outputs->result = sd_status_worst(outputs->result, outcome);
}

/* ------------------------------------------------------------ the index */

static void write_index(struct outputs *outputs)
{
    if (outputs->written == 0)
        return;
    const struct outputs_command *command = outputs->command;
    struct strbuf text = STRBUF_INIT;
    if (command->index_text)
        command->index_text(outputs->state, strbuf_str(&outputs->index), &text);
    else
        strbuf_printf(&text, "%s%s", command->index_header, strbuf_str(&outputs->index));
    if (!sink_put(outputs->sink, "index.tsv", strbuf_str(&text), text.len, NULL)) {
        run_note(outputs->run, SEVERITY_ERROR, "stagedoc %s: erreur: [ecriture] %s.%s%s",
                 command->name, sink_reason(outputs->sink), command->index_hint ? " " : "",
                 command->index_hint ? command->index_hint : "");
        outputs->result = sd_status_worst(outputs->result, SD_IO);
    }
    strbuf_free(&text);
}

void outputs_told(struct outputs *outputs, const struct sd_output *output)
{
    run_output(outputs->run, output);
    outputs->written++;
}

/* ------------------------------------------------------------ the walk */

sd_status outputs_walk(struct outputs *outputs, size_t stages)
{
    const struct run_context *context = &outputs->run->context;
    const struct outputs_command *command = outputs->command;
    /* An information line the same for several students is said once, at
     * the end, with their number (« le rapport compte 21 pages »). */
    struct gathered_information gathered = {0};
    struct walk_totals totals = {.print_least = outputs->run->least, .progress = true,
                                 .progress_total = stages, .gathered = &gathered};
    stage_visitor visit = outputs->walk.workers ? from_worker : command->make;
    void *data = outputs->walk.workers ? (void *)outputs : outputs->state;
    sd_status status = SD_OK;
    for (size_t i = 0; i < outputs->input_count && !run_cancelled(outputs->run); i++) {
        outputs->input = outputs->inputs[i].name;
        /* What the first pass checked against the schema is not checked again. */
        totals.checked_already = !command->checked || command->checked(&outputs->inputs[i]);
        status = sd_status_worst(status, walk_input(context, &outputs->inputs[i], visit, data,
                                                    &totals));
        if (command->input_done)
            command->input_done(outputs->state, outputs->inputs[i].name,
                                outputs->input_count > 1);
    }
    outputs->stages = totals.stages;
    bool broken = worker_walk_broken(&outputs->walk);
    outputs->result = sd_status_worst(outputs->result,
                                      worker_walk_finish(&outputs->walk, command->name));
    if (run_cancelled(outputs->run))
        outputs->result = sd_status_worst(outputs->result, SD_CANCELLED);
    else if (!broken)
        write_index(outputs);
    walk_print_information(outputs->run, command->name, &gathered);
    outputs->result = sd_status_worst(outputs->result, status);
    return outputs->result;
}

/* ------------------------------------------------------------ the end */

/* Committed when the run succeeded, aborted otherwise: a ZIP then never
 * gets its central directory, while a folder keeps the files already
 * renamed into place (each document whole, the failure said at its stage),
 * as a teacher's disk always did. */
sd_status outputs_finish(struct outputs *outputs, sd_status status)
{
    if (status == SD_OK) {
        if (!sink_commit(outputs->sink))
            status = sd_status_worst(status, SD_IO);
    } else {
        sink_abort(outputs->sink);
    }
    return status;
}

void outputs_free(struct outputs *outputs)
{
    worker_walk_cancel(&outputs->walk); /* nothing when they were finished */
    free(outputs->input_names);
    stage_selection_free(&outputs->wanted);
    strbuf_free(&outputs->index);
}

/* ------------------------------------------------------------ a stage */

int64_t outputs_date(int64_t fixed_date, const struct calendar *calendar)
{
    if (fixed_date >= 0)
        return fixed_date;
    return calendar->debut != DATE_NONE ? (int64_t)calendar->debut * 86400 : 0;
}

void outputs_say(struct diag_list *diags, const struct stage *stage, enum severity severity,
                 const char *rule, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    diag_vadd(diags, severity, source_node_position(stage->root), rule, stage->id, NULL, format,
              args);
    va_end(args);
}
