/* input.h — from a file (or bytes in memory) to the stages it describes.
 *
 * input_open() starts reading a file (safely, as a stream) and checks its
 * root; input_next_stage() then hands out one stage at a time, each as a
 * self-contained document checked against the schema: a stage of a
 * promotion gets copies of the promotion's session and etablissement when
 * it has none of its own, so everything downstream sees the same shape
 * whatever the file's root. A promotion is read stage by stage, so memory
 * does not grow with the size of the class. Problems found on the way (a
 * stage that breaks the schema, a duplicate id, broken XML further down)
 * are reported as they are met; input_status() tells how the file ended. */
#ifndef STAGEDOC_INPUT_INPUT_H
#define STAGEDOC_INPUT_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <libxml/tree.h>

#include "../util/diag.h"
#include "loader.h"
#include "schema.h"

struct input_options {
    size_t max_size;             /* refuse larger files (LOADER_DEFAULT_MAX_SIZE) */
    /* The schema to check each stage against; NULL only for a reader whose
     * stages were checked already by another (the workers of -j N: their
     * parent checks the very same stages and says what is wrong). */
    const struct schema *schema;
    /* The file as the user named it, when path is something read in its
     * place (a spreadsheet's imported XML): stages give it as their file,
     * so their relative paths start beside it. NULL: path itself. */
    const char *named_as;
    /* Where the relative paths of its stages start (their report, English
     * documents, signed copies, logo). NULL: beside the file they name. */
    const char *folder;
    /* Bytes in memory read in place of a file (the caller's, kept until
     * input_close): path then only names them in diagnostics. */
    const char *bytes;
    size_t size;
    /* Optional: asked once per stage, in order; a stage it declines is read
     * past without being handed out (a worker of build -j skips the stages
     * of the others so). Without a schema it is asked first, and a declined
     * stage is not even expanded; with one, it is asked of the stages that
     * pass the schema only, so that every reader counts the same stages. */
    bool (*wanted)(void *data);
    void *wanted_data;
};

struct input_file;

struct stage_input {
    xmlDocPtr doc;          /* root element is <stage> */
    xmlNodePtr root;
    const char *id;         /* the stage's id attribute */
    const char *file;       /* the input file's path */
    const char *folder;     /* where its relative paths start, or NULL: beside file */
    const char *classe;     /* the promotion's class name, or NULL */
    bool in_promotion;      /* diagnostics then name the stage */
    bool promotion_pdfa;    /* its promotion says pdfa="oui" */
    bool owns_doc;
};

/* LOAD_OK when the file could be opened and starts as a stage or a
 * promotion; otherwise diagnostics say why and *out is NULL. */
enum load_status input_open(const char *path, const struct input_options *options,
                            struct diag_list *diags, struct input_file **out);
bool input_is_promotion(const struct input_file *file);
/* Stages handed out so far (all of them once input_next_stage is false). */
size_t input_stage_count(const struct input_file *file);
/* The line of a promotion's first <stage> (what comes before it is shared
 * by every stage); 0 for a single stage or before the first stage. */
unsigned input_first_stage_line(const struct input_file *file);
/* Fills stage with the next valid stage; false when there is none left.
 * Release each stage after use. */
bool input_next_stage(struct input_file *file, struct stage_input *stage,
                      struct diag_list *diags);
/* After the last stage: LOAD_OK, or why the file is not acceptable. */
enum load_status input_status(const struct input_file *file);
void stage_input_release(struct stage_input *stage);
/* The folder where the stage's relative paths start (heap): the input's
 * folder when one was given, else the folder of its file ("." for
 * standard input or a bare name). NULL when memory runs out. */
char *stage_input_folder(const struct stage_input *stage);
/* The folder of a file's path (heap): "." for standard input ("-") or a
 * bare name. */
char *input_folder_of(const char *file);
void input_close(struct input_file *file);

#endif
