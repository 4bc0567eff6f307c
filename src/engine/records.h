/* records.h — the record events (stagedoc.h) built from what the engine
 * holds: a record's fields gathered one by one, then given to the run; a
 * stage with its calendar as a "stage" record; and the calendar's values as
 * text, shared with `stagedoc calendar --format=tsv` so that both say the
 * same. */
#ifndef STAGEDOC_ENGINE_RECORDS_H
#define STAGEDOC_ENGINE_RECORDS_H

#include <stdbool.h>
#include <stddef.h>

#include "../model/calendar.h"
#include "../model/stage.h"
#include "../util/date.h"
#include "stagedoc.h"

/* The most fields a record has (a "stage" with its sheet and row: 18). */
#define RECORD_MAX_FIELDS 24

/* A record being gathered: its fields, and the values it owns until given. */
struct record {
    struct sd_field fields[RECORD_MAX_FIELDS];
    char *owned[RECORD_MAX_FIELDS];
    size_t count;
};
#define RECORD_INIT {{{NULL, NULL}}, {NULL}, 0}

/* key (a literal) and value, which must live until record_give; NULL is
 * an absent value. */
void record_add(struct record *record, const char *key, const char *value);
/* The same with a copy of value: a text that will not live that long. */
void record_add_copy(struct record *record, const char *key, const char *value);
/* The same with value's copy trimmed of spaces at both ends. */
void record_add_trimmed(struct record *record, const char *key, const char *value);
void record_add_number(struct record *record, const char *key, unsigned long number);
/* Gives the record to the run's record event (if any), then frees what
 * it owned; the record can be gathered again. */
void record_give(struct sd_run *run, const char *kind, struct record *record);

/* The calendar's values as `calendar --format=tsv` writes them, "-" for
 * what is unknown. */
struct calendar_texts {
    char start[DATE_ISO_SIZE], end[DATE_ISO_SIZE], report_deadline[DATE_ISO_SIZE];
    char evaluation_week[2 * DATE_ISO_SIZE + 1]; /* "2027-06-21/2027-06-27" */
    char weeks[16], presence_hours[32], presence_days[32];
    const char *minor;                           /* "oui", "non", "-" */
};
void calendar_texts_make(const struct calendar *calendar, struct calendar_texts *texts);

/* The "stage" record of a stage that passed the input contract; sheet is
 * the workbook it was imported from, or NULL for an XML input. */
struct spreadsheet_input;
void record_stage(struct sd_run *run, const struct stage *stage,
                  const struct calendar *calendar, const struct spreadsheet_input *sheet);

/* The "signature" record of a PDF's signature field: file, the document
 * ("convention") and the student (« NOM Prénom ») when known, else NULL. */
struct signature_field;
void record_signature(struct sd_run *run, const char *file, const char *document,
                      const char *student, const struct signature_field *field);

/* « NOM Prénom », as the importer names a student (heap; NULL when memory
 * runs out). */
char *record_student_name(const char *nom, const char *prenom);

#endif
