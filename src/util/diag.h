/* diag.h — diagnostics: what is wrong with an input, where, and what to do.
 *
 * Every stage of the pipeline reports into a diag_list; the engine gives
 * each to the run's events (engine/run.h), and the command line prints it
 * like a compiler would (cli/report.c):
 *   FILE:LINE:COL: erreur: [rule-id] STAGE : message. À faire : hint.
 * or, for a workbook, at the cell, with the column and the student:
 *   FILE:SHEET!CELL: erreur: [rule-id] NOM Prénom, colonne « Header » : message. …
 * Keeping them in a list (rather than printing at once) lets tests inspect
 * them and lets the CLI count and sort by severity. */
#ifndef STAGEDOC_UTIL_DIAG_H
#define STAGEDOC_UTIL_DIAG_H

#include <stdarg.h>
#include <stddef.h>

enum severity { SEVERITY_INFO, SEVERITY_WARNING, SEVERITY_ERROR };

/* A place in an input file; line and column are 1-based, 0 when unknown. */
struct position {
    const char *file;
    unsigned line;
    unsigned column;
};

struct diag {
    enum severity severity;
    char *file;
    unsigned line;
    unsigned column;
    char *rule;
    char *stage_id; /* NULL when the file holds a single stage */
    char *message;
    char *hint;     /* NULL when there is nothing more to say */
    /* In a workbook (each NULL otherwise): the cell ("Stagiaires!D12", or
     * "D12" in a CSV file), its column's header and the student's name. */
    char *cell;
    char *header;
    char *student;
    /* The message without the XML's words, for a workbook's author (NULL
     * when message is already plain), and the attribute or element it is
     * about. */
    char *plain;
    char *about;
};

struct diag_list {
    struct diag *items;
    size_t count;
    size_t capacity;
    size_t counts[3]; /* by severity */
    size_t lost;      /* counted, but not kept: memory ran out */
};

#define DIAG_LIST_INIT {NULL, 0, 0, {0, 0, 0}, 0}

void diag_add(struct diag_list *list, enum severity severity, struct position where,
              const char *rule, const char *stage_id, const char *hint, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));
void diag_vadd(struct diag_list *list, enum severity severity, struct position where,
               const char *rule, const char *stage_id, const char *hint, const char *fmt,
               va_list args);

/* Puts the last diagnostic added at a workbook's cell (any may be NULL). */
void diag_set_cell(struct diag_list *list, const char *cell, const char *header,
                   const char *student);

/* Gives the last diagnostic added its plain wording (diag.plain, .about). */
void diag_set_plain(struct diag_list *list, const char *plain, const char *about);

const char *severity_name(enum severity severity);
/* The first diagnostic of that rule, or NULL: for tests and callers. */
const struct diag *diag_find(const struct diag_list *list, const char *rule);
size_t diag_count_rule(const struct diag_list *list, const char *rule);
/* Frees one diagnostic's strings (it is left empty). */
void diag_free(struct diag *diag);
void diag_list_free(struct diag_list *list);

#endif
