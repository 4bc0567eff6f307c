/* records.c — records gathered and given (records.h), the calendar's values
 * as text, and a stage as a "stage" record. */
#include "records.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../import/import.h"
#include "../input/input.h"
#include "../input/source.h"
#include "../package/pdf_signatures.h"
#include "../util/frformat.h"
#include "../util/strbuf.h"
#include "run.h"
#include "spreadsheet.h"

/* ------------------------------------------------------------ gathering */

/* A field whose value the record owns (NULL stays absent). A record past
 * its fields drops the rest: RECORD_MAX_FIELDS is sized for every kind. */
static void add_owned(struct record *record, const char *key, char *value)
{
    if (record->count == RECORD_MAX_FIELDS) {
        free(value);
        return;
    }
    record->owned[record->count] = value;
    record->fields[record->count++] = (struct sd_field){key, value};
}

void record_add(struct record *record, const char *key, const char *value)
{
    if (record->count < RECORD_MAX_FIELDS)
        record->fields[record->count++] = (struct sd_field){key, value};
}

void record_add_copy(struct record *record, const char *key, const char *value)
{
    add_owned(record, key, value ? strdup(value) : NULL);
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

void record_add_trimmed(struct record *record, const char *key, const char *value)
{
    if (!value) {
        add_owned(record, key, NULL);
        return;
    }
    while (is_space(*value))
        value++;
    size_t length = strlen(value);
    while (length && is_space(value[length - 1]))
        length--;
    add_owned(record, key, strndup(value, length));
}

void record_add_number(struct record *record, const char *key, unsigned long number)
{
    char text[24];
    snprintf(text, sizeof text, "%lu", number);
    record_add_copy(record, key, text);
}

void record_give(sd_run *run, const char *kind, struct record *record)
{
    run_record(run, kind, record->fields, record->count);
    for (size_t i = 0; i < record->count; i++)
        free(record->owned[i]);
    memset(record, 0, sizeof *record);
}

/* ------------------------------------------------------------ calendar */

static void date_text(date_t date, char out[DATE_ISO_SIZE])
{
    if (date == DATE_NONE)
        strcpy(out, "-");
    else
        date_format_iso(date, out);
}

static void quantity_text(long hundredths, char out[32])
{
    if (hundredths < 0)
        strcpy(out, "-");
    else
        calendar_format_quantity(hundredths, out, 32);
}

void calendar_texts_make(const struct calendar *calendar, struct calendar_texts *texts)
{
    date_text(calendar->debut, texts->start);
    date_text(calendar->fin, texts->end);
    date_text(calendar->date_limite_rapport, texts->report_deadline);
    if (calendar->evaluation_lundi == DATE_NONE) {
        strcpy(texts->evaluation_week, "-");
    } else {
        char monday[DATE_ISO_SIZE], sunday[DATE_ISO_SIZE];
        date_text(calendar->evaluation_lundi, monday);
        date_text(calendar->evaluation_dimanche, sunday);
        snprintf(texts->evaluation_week, sizeof texts->evaluation_week, "%s/%s", monday, sunday);
    }
    if (calendar->semaines < 0)
        strcpy(texts->weeks, "-");
    else
        snprintf(texts->weeks, sizeof texts->weeks, "%d", calendar->semaines);
    quantity_text(calendar_presence_hours_hundredths(calendar), texts->presence_hours);
    quantity_text(calendar_presence_days_hundredths(calendar), texts->presence_days);
    texts->minor = !calendar->mineur_connu ? "-" : calendar->mineur ? "oui" : "non";
}

/* ------------------------------------------------------------ stage */

char *record_student_name(const char *nom, const char *prenom)
{
    struct strbuf name = STRBUF_INIT;
    frformat_upper(&name, nom ? nom : "");
    if (prenom && *prenom)
        strbuf_printf(&name, "%s%s", name.len ? " " : "", prenom);
    if (strbuf_failed(&name)) {
        strbuf_free(&name);
        return NULL;
    }
    return strbuf_detach(&name);
}

/* A computed value, absent when the calendar could not compute it. */
static void add_computed(struct record *record, const char *key, const char *text)
{
    record_add(record, key, strcmp(text, "-") ? text : NULL);
}

/* The workbook's sheet and row the stage was imported from. */
static void add_place(struct record *record, const struct stage *stage,
                      const struct spreadsheet_input *sheet)
{
    const struct import_result *result = &sheet->result;
    unsigned line = source_node_position(stage->root).line;
    long index = line ? import_stage_of_line(result, line) : -1;
    const char *cell = result->students_sheet < result->sheet_count
                           ? result->sheet_cells[result->students_sheet] : "";
    size_t length = strlen(cell); /* "Stagiaires!", or "" for a CSV file */
    add_owned(record, "sheet", length ? strndup(cell, length - 1) : NULL);
    if (index >= 0)
        record_add_number(record, "row", result->rows[index]);
    else
        record_add(record, "row", NULL);
}

void record_stage(sd_run *run, const struct stage *stage, const struct calendar *calendar,
                  const struct spreadsheet_input *sheet)
{
    if (!run_records(run))
        return;
    struct calendar_texts texts;
    calendar_texts_make(calendar, &texts);
    bool exempted = calendar->dispense;
    struct record record = RECORD_INIT;
    record_add(&record, "id", stage->id);
    add_owned(&record, "student", record_student_name(stage->stagiaire.nom,
                                                      stage->stagiaire.prenom));
    record_add(&record, "voie", voie_name(stage->voie));
    record_add(&record, "company", stage->entreprise_nom);
    record_add(&record, "unit", stage->unite);
    add_computed(&record, "start", exempted ? "-" : texts.start);
    add_computed(&record, "end", exempted ? "-" : texts.end);
    add_computed(&record, "weeks", exempted ? "-" : texts.weeks);
    add_computed(&record, "report_deadline", exempted ? "-" : texts.report_deadline);
    add_computed(&record, "evaluation_week", exempted ? "-" : texts.evaluation_week);
    add_computed(&record, "presence_hours", exempted ? "-" : texts.presence_hours);
    add_computed(&record, "presence_days", exempted ? "-" : texts.presence_days);
    record_add(&record, "minor", texts.minor);
    record_add(&record, "exemption", exempted ? stage->dispense_motif : NULL);
    record_add(&record, "file", sheet ? sheet->label : stage->input->file);
    if (sheet)
        add_place(&record, stage, sheet);
    record_give(run, "stage", &record);
}

/* ------------------------------------------------------------ signature */

void record_signature(sd_run *run, const char *file, const char *document, const char *student,
                      const struct signature_field *field)
{
    if (!run_records(run))
        return;
    char date[32];
    bool dated = field->is_signed && field->date && pdf_date_iso(field->date, date, sizeof date);
    struct record record = RECORD_INIT;
    record_add(&record, "file", file);
    record_add(&record, "document", document);
    record_add(&record, "student", student);
    record_add(&record, "field", field->name);
    record_add(&record, "signed", field->is_signed ? "oui" : "non");
    record_add(&record, "signer", field->is_signed ? field->signer : NULL);
    record_add(&record, "date", dated ? date : NULL);
    record_add(&record, "reason", field->is_signed ? field->reason : NULL);
    record_give(run, "signature", &record);
}
