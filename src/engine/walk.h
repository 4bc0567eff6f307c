/* walk.h — the loop every command runs: for each input (a file, bytes in
 * memory, or a workbook imported to a promotion kept in memory), for each
 * stage, build the model and calendar, hand them to the command, and give
 * the diagnostics to the run's events as they come (then forget them, so
 * memory stays flat however large the promotion).
 *
 * An input's kind comes from its path (a folder of CSV files is a
 * workbook), or for bytes from its name's extension (.xml, .xlsx, .ods,
 * .csv). Bytes are named by the input's name in diagnostics, a file by its
 * path. The relative paths an input holds (report, English documents,
 * signed copies, logo) start from its dir when given, else beside its
 * path, else from the engine's root, else the current folder. */
#ifndef STAGEDOC_ENGINE_WALK_H
#define STAGEDOC_ENGINE_WALK_H

#include <stddef.h>

#include "../util/diag.h"
#include "../model/calendar.h"
#include "../model/stage.h"
#include "context.h"

struct walk_totals {
    size_t files;
    size_t stages;
    size_t counts[3]; /* diagnostics by severity */
    enum severity print_least; /* hide diagnostics below this */
    bool progress;             /* a progress event after each stage */
    size_t progress_done, progress_total;
    /* Optional: the stages to visit (input.h, input_options.wanted). */
    bool (*wanted)(void *data);
    void *wanted_data;
    /* A "stage" record for each stage visited (check, calendar). */
    bool records;
    /* The inputs were checked against the schema already, by the process
     * that reports (a worker's walk): not again. */
    bool checked_already;
    /* Optional: information lines kept back, to be said once for all the
     * stages they concern (walk_print_information), rather than once a
     * student (build's « le tableau de stratégie ne concerne que les
     * apprentis »). */
    struct gathered_information *gathered;
};

/* Information lines said once each, with the stages they concern. */
struct gathered_information {
    struct gathered_line {
        struct diag diag;      /* the first one, owned */
        size_t count;
        struct strbuf who;     /* the first students' names (or ids) */
    } *lines;
    size_t count, capacity;
};
/* Prints each line gathered (« … (34 stagiaires : A, B… et 29 autres) »)
 * for command, then frees them. */
void walk_print_information(struct sd_run *run, const char *command,
                            struct gathered_information *gathered);

typedef void (*stage_visitor)(const struct run_context *context, const struct stage *stage,
                              const struct calendar *calendar, struct diag_list *diags,
                              void *state);

/* A visitor that runs every regulation rule on the stage (check, build). */
void walk_run_rules(const struct run_context *context, const struct stage *stage,
                    const struct calendar *calendar, struct diag_list *diags, void *state);

/* Returns SD_OK, SD_INVALID (the input or a stage has an error), SD_IO
 * (unreadable file), SD_USAGE (an input with neither path nor bytes). A
 * workbook is imported once for the run (spreadsheet_for_run). */
sd_status walk_input(const struct run_context *context, const struct sd_input *input,
                     stage_visitor visit, void *state, struct walk_totals *totals);
/* walk_input of a workbook imported already: its promotion, from memory,
 * each diagnostic pointed back at its cells. */
struct spreadsheet_input;
sd_status walk_spreadsheet(const struct run_context *context, struct spreadsheet_input *sheet,
                           stage_visitor visit, void *state, struct walk_totals *totals);
/* Where the relative paths of an input's stages start (heap; NULL when
 * memory runs out): its dir, else beside its path, else the engine's root,
 * else the current folder. */
char *walk_input_folder(const struct run_context *context, const struct sd_input *input);
/* Imports now the workbooks among inputs (their cell problems are said
 * now), so that processes forked after this share them (build -j). */
void walk_import_spreadsheets(const struct run_context *context, const struct sd_input *inputs,
                              size_t count);
/* Reads an input to its end without running anything on its stages, so
 * that a command that writes as it goes (bundle) can refuse up front an
 * input that breaks off (a read error, broken XML, too large, a bad cell)
 * instead of writing the packages of its first stages. SD_OK when it reads
 * whole (its stages may still be wrong: the real walk says so), adding its
 * stages to *stages; otherwise says why and returns SD_IO (unreadable) or
 * SD_INVALID. */
sd_status walk_input_reads_whole(const struct run_context *context, const struct sd_input *input,
                                 size_t *stages);
/* "3 fichiers, 40 stages : 0 erreur, 2 avertissements, 5 informations." */
void walk_print_summary(struct sd_run *run, const char *command,
                        const struct walk_totals *totals);

#endif
