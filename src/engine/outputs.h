/* outputs.h — what build and bundle share: a run that reads stages and
 * makes files into a sink.
 *
 * Both commands go the same way. They begin (the run's options, --stage),
 * open the documents and compile their templates once; they check their
 * inputs in a first pass of their own (build: the format and the rules,
 * bundle: that each file reads whole); then outputs_walk reads every stage
 * again, as already checked, and hands it to the command's maker — or, with
 * -j N, reads what the stage's worker made and hands each of its messages to
 * the command's replay, so that the files, the diagnostics and their order
 * are those of -j 1. Each file written is told to the run and listed in the
 * index; the index is written last, then the sink committed or aborted.
 *
 * A command keeps what is its own (which documents, how a package is named,
 * the class documents, its summary) in its state, which holds its struct
 * outputs. */
#ifndef STAGEDOC_ENGINE_OUTPUTS_H
#define STAGEDOC_ENGINE_OUTPUTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/diag.h"
#include "../util/strbuf.h"
#include "documents.h"
#include "stage_select.h"
#include "stagedoc.h"
#include "walk.h"
#include "worker_walk.h"

/* A stage as the parent walks it. */
struct outputs_stage {
    const struct run_context *context;
    const struct stage *stage;
    const struct calendar *calendar;
    struct diag_list *diags;
};

/* What a command brings. Every hook is given the command's state. */
struct outputs_command {
    const char *name;  /* "build", "bundle": in notes */
    /* A stage's files, as with -j 1; in a worker too, where what it would
     * write goes to the parent instead (worker_walk_send). */
    stage_visitor make;
    /* In the parent under -j N: one of the command's own messages for the
     * stage (false when it is not one the command sends: the run is broken). */
    bool (*replay)(void *state, const struct outputs_stage *stage,
                   const struct worker_message *message);
    /* Optional, in the parent under -j N: before the stage's messages are
     * read, and after them, with the stage's outcome. */
    void (*receiving)(void *state, const struct outputs_stage *stage);
    void (*received)(void *state, const struct outputs_stage *stage, sd_status *outcome);
    /* Optional: false for an input whose stages the command's first pass
     * did not check against the schema, which pass 2 then does (NULL: it
     * checked every input). */
    bool (*checked)(const struct sd_input *input);
    /* Optional: after each input's stages (build's class documents). */
    void (*input_done)(void *state, const char *input, bool several_inputs);
    /* Optional: the index's text from this run's lines (NULL: index_header
     * then the lines). */
    void (*index_text)(void *state, const char *lines, struct strbuf *text);
    const char *index_header;
    const char *index_hint;  /* « À faire » when the index cannot be written, or NULL */
};

struct outputs {
    sd_run *run;
    const struct outputs_command *command;
    void *state;                   /* the command's, which holds this */
    struct sd_sink *sink;
    const char *output_dir;        /* a folder sink's, or NULL */
    int64_t fixed_date;            /* the engine's date for PDFs and ZIPs, or -1 */
    unsigned jobs;                 /* -j */
    struct stage_selection wanted; /* --stage */
    const struct sd_input *inputs;
    size_t input_count;
    char **input_names;            /* as index.tsv and the workers know them */
    const char *input;             /* the input being walked, as named */
    struct strbuf index;           /* this run's lines */
    size_t written;                /* files told to the run */
    size_t stages;                 /* stages walked */
    sd_status result;
    struct worker_walk walk;       /* with -j N: the parent's or a worker's side */
};

/* The run starts for command: its read options, --stage, the inputs. */
sd_status outputs_begin(struct outputs *outputs, sd_run *run, const struct outputs_command *command,
                        void *state, const struct sd_read_options *read,
                        const char *const *stages, size_t stage_count, unsigned jobs,
                        const struct sd_input *inputs, size_t count, struct sd_sink *sink);
/* Every template of the documents marked in selected (all when NULL)
 * compiled once, before any stage: a broken one is said once, with its file
 * and line. */
sd_status outputs_compile_templates(struct outputs *outputs, const struct document_list *documents,
                                    const bool *selected);
/* Forks the -j workers (when jobs > 1): each makes its share of the stages
 * with the command's maker. Without them the run goes on as -j 1. */
void outputs_start_workers(struct outputs *outputs);
/* Pass 2: every stage of every input (stages of them in all, for the
 * progress), made here or received from its worker; then the index. The
 * outcome, also kept in result. */
sd_status outputs_walk(struct outputs *outputs, size_t stages);
/* The sink committed when the run succeeded, or made files and then failed
 * on some (kept, as on a teacher's disk); aborted otherwise. The outcome,
 * worsened when the commit fails. */
sd_status outputs_finish(struct outputs *outputs, sd_status status);
void outputs_free(struct outputs *outputs);

/* A file the sink completed, told to the run (its line in the index is the
 * command's to add). */
void outputs_told(struct outputs *outputs, const struct sd_output *output);

/* The date written into a stage's PDFs and ZIP: the engine's, else the
 * stage's first day. Never the clock: same input, same bytes. */
int64_t outputs_date(int64_t fixed_date, const struct calendar *calendar);
/* A diagnostic at the stage's element (a spreadsheet's row, for a stage
 * imported). */
void outputs_say(struct diag_list *diags, const struct stage *stage, enum severity severity,
                 const char *rule, const char *format, ...)
    __attribute__((format(printf, 5, 6)));

#endif
