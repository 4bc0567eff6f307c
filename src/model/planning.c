/* planning.c — collecting the class's stages and laying their days out on
 * a common calendar. */
#include "planning.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../input/xmlnode.h"
#include "../util/arena.h"
#include "../util/strbuf.h"

#define MAX_VISITS 8

struct planning_row {
    const char *id, *nom, *prenom, *entreprise, *statut;
    date_t debut, fin, limite, evaluation;
    date_t visits[MAX_VISITS];
    int visit_count;
    struct planning_row *next;
};

struct planning {
    struct arena arena;
    struct planning_row *rows, **tail;
    size_t count;
};

/* Fills and patterns of the chart; the template's legend matches. Each mark
 * stays distinct in black-and-white print: the weekend and public holidays
 * are hatched (\\ and ×), the period is a plain grey, the evaluation week
 * the same grey hatched /, a visit dark grey, the report deadline black. */
static const struct {
    const char *state;
    const char *fill;
    const char *pattern;
} fills[] = {
    {"hors", "", ""},
    {"weekend", "0.95", "contre-diagonales"},
    {"ferie", "0.95", "croisillons"},
    {"stage", "0.78", ""},
    {"evaluation", "0.78", "diagonales"},
    {"visite", "0.4", ""},
    {"limite", "0", ""},
};

struct planning *planning_new(void)
{
    struct planning *planning = calloc(1, sizeof *planning);
    if (planning)
        planning->tail = &planning->rows;
    return planning;
}

size_t planning_count(const struct planning *planning)
{
    return planning->count;
}

static const char *status_of(const struct stage *stage)
{
    if (stage->dispense_motif)
        return "dispensé de stage";
    if (stage->voie == VOIE_APPRENTISSAGE)
        return "apprenti (alternance)";
    return NULL;
}

void planning_add(struct planning *planning, const struct stage *stage,
                  const struct calendar *calendar)
{
    struct planning_row *row = arena_alloc(&planning->arena, sizeof *row);
    if (!row)
        return;
    struct arena *arena = &planning->arena;
    row->id = arena_strdup(arena, stage->id);
    row->nom = arena_strdup(arena, stage->stagiaire.nom);
    row->prenom = arena_strdup(arena, stage->stagiaire.prenom);
    row->entreprise = arena_strdup(arena, stage->entreprise_nom);
    row->statut = status_of(stage);
    bool dated = !row->statut && calendar->semaines > 0;
    /* An apprentice has no period on the chart, but a report deadline and
     * visits, drawn like everyone's; an exempted candidate has none. */
    bool marked = !stage->dispense_motif;
    row->debut = dated ? calendar->debut : DATE_NONE;
    row->fin = dated ? calendar->fin : DATE_NONE;
    row->limite = marked ? calendar->date_limite_rapport : DATE_NONE;
    row->evaluation = dated ? calendar->evaluation_lundi : DATE_NONE;
    XML_FOR_EACH_CHILD(visite, xml_child(stage->root, "suivi"), "visite") {
        date_t date = stage_date_attr(visite, "date");
        if (row->visit_count < MAX_VISITS && marked && date != DATE_NONE)
            row->visits[row->visit_count++] = date;
    }
    *planning->tail = row;
    planning->tail = &row->next;
    planning->count++;
}

static void widen(date_t *first, date_t *last, date_t day)
{
    if (day == DATE_NONE)
        return;
    if (*first == DATE_NONE || day < *first)
        *first = day;
    if (*last == DATE_NONE || day > *last)
        *last = day;
}

/* The days the chart covers: every stage's period, report deadline and
 * visits. An apprentice's marks are drawn when they fall in it (a class of
 * apprentices only: the span of their marks); those outside are said in
 * words on the row, so that two years of a contract do not stretch the
 * class's chart over twenty pages. */
static void span_of(const struct planning *planning, date_t *first, date_t *last)
{
    *first = *last = DATE_NONE;
    for (int pass = 0; pass < 2 && *first == DATE_NONE; pass++)
        for (const struct planning_row *row = planning->rows; row; row = row->next) {
            if (pass == 0 && row->debut == DATE_NONE)
                continue;
            widen(first, last, row->debut);
            widen(first, last, row->fin);
            widen(first, last, row->limite);
            for (int i = 0; i < row->visit_count; i++)
                widen(first, last, row->visits[i]);
        }
}

/* "rapport le 05/05/2028 ; visites le 24/11/2026, 09/03/2027": the marks
 * of a row outside [first, last]. */
static void marks_outside(const struct planning_row *row, date_t first, date_t last,
                          char *out, size_t size)
{
    size_t used = 0;
    out[0] = '\0';
    char text[DATE_ISO_SIZE];
    if (row->limite != DATE_NONE && (row->limite < first || row->limite > last)) {
        date_format_short_fr(row->limite, text);
        used += (size_t)snprintf(out + used, size - used, "rapport le %s", text);
    }
    int outside = 0;
    for (int i = 0; i < row->visit_count; i++)
        outside += row->visits[i] < first || row->visits[i] > last;
    for (int i = 0, n = 0; i < row->visit_count && used < size; i++) {
        if (!(row->visits[i] < first || row->visits[i] > last))
            continue;
        date_format_short_fr(row->visits[i], text);
        used += (size_t)snprintf(out + used, size - used, "%s%s", n == 0 ? (used ? " ; " : "") : ", ",
                                 n == 0 ? (outside > 1 ? "visites le " : "visite le ") : "");
        if (used < size)
            used += (size_t)snprintf(out + used, size - used, "%s", text);
        n++;
    }
}

static const char *day_type(const struct holidays *holidays, date_t day)
{
    if (holidays_contains(holidays, day, NULL))
        return "ferie";
    return date_weekday(day) >= SAMEDI ? "weekend" : "ouvre";
}

/* What a student's row shows on a day, the most telling mark first. */
static const char *row_state(const struct planning_row *row, const struct holidays *holidays,
                             date_t day)
{
    if (row->debut == DATE_NONE || day < row->debut || day > row->fin) {
        if (day == row->limite)
            return "limite";
        for (int i = 0; i < row->visit_count; i++)
            if (row->visits[i] == day)
                return "visite";
        const char *type = day_type(holidays, day);
        return strcmp(type, "ouvre") == 0 ? "hors" : type;
    }
    if (day == row->limite)
        return "limite";
    for (int i = 0; i < row->visit_count; i++)
        if (row->visits[i] == day)
            return "visite";
    const char *type = day_type(holidays, day);
    if (strcmp(type, "ouvre") != 0)
        return type;
    return row->evaluation != DATE_NONE && day >= row->evaluation ? "evaluation" : "stage";
}

static const char *fill_of(const char *state)
{
    for (size_t i = 0; i < sizeof fills / sizeof *fills; i++)
        if (strcmp(fills[i].state, state) == 0)
            return fills[i].fill;
    return "";
}

static const char *pattern_of(const char *state)
{
    for (size_t i = 0; i < sizeof fills / sizeof *fills; i++)
        if (strcmp(fills[i].state, state) == 0)
            return fills[i].pattern;
    return "";
}

static void set_date(xmlNodePtr node, const char *name, date_t date)
{
    char iso[DATE_ISO_SIZE] = "";
    if (date != DATE_NONE)
        date_format_iso(date, iso);
    xmlNewProp(node, BAD_CAST name, BAD_CAST iso);
}

static void set_text(xmlNodePtr node, const char *name, const char *value)
{
    xmlNewProp(node, BAD_CAST name, BAD_CAST(value ? value : ""));
}

/* ISO week number of a Monday. */
static int iso_week(date_t monday)
{
    date_t thursday = monday + 3;
    date_t first_thursday = date_from_ymd(date_year(thursday), 1, 1);
    while (date_weekday(first_thursday) != JEUDI)
        first_thursday++;
    return (thursday - first_thursday) / 7 + 1;
}

static void add_header(xmlNodePtr bloc, date_t first, date_t last,
                       const struct holidays *holidays)
{
    char colonnes[2048];
    int days = last - first + 1;
    /* The names' column takes about a fifth of the width, each day the same. */
    int used = snprintf(colonnes, sizeof colonnes, "%d", (days * 3 + 9) / 10);
    for (date_t day = first; day <= last; day++) {
        if (date_weekday(day) == LUNDI) {
            xmlNodePtr week = xmlNewChild(bloc, NULL, BAD_CAST "semaine", NULL);
            char number[16];
            snprintf(number, sizeof number, "%d", iso_week(day));
            set_text(week, "numero", number);
            set_date(week, "debut", day);
            snprintf(number, sizeof number, "%d", last - day + 1 < 7 ? last - day + 1 : 7);
            set_text(week, "jours", number);
        }
        xmlNodePtr jour = xmlNewChild(bloc, NULL, BAD_CAST "jour", NULL);
        set_date(jour, "date", day);
        set_text(jour, "type", day_type(holidays, day));
        const char *type = day_type(holidays, day);
        set_text(jour, "fond", strcmp(type, "ouvre") == 0 ? "1" : fill_of(type));
        set_text(jour, "motif", strcmp(type, "ouvre") == 0 ? "" : pattern_of(type));
        if (used < (int)sizeof colonnes - 4)
            used += snprintf(colonnes + used, sizeof colonnes - (size_t)used, " 1");
    }
    set_text(bloc, "colonnes", colonnes);
}

/* The summary of a row, read by screen readers in place of its days:
 * "stage du lundi 3 mai au vendredi 25 juin 2027 ; jours fériés : jeudi 6
 * mai, samedi 8 mai, lundi 17 mai ; semaine d'évaluation du 21 au 25 juin ;
 * visite le 3 juin ; rapport à rendre le 18 juin", in the legend's words. Days of
 * one mark in a row make a range; the period and its evaluation week are
 * whole, their weekends and public holidays in them (the holidays said
 * apart, those of the period only: others are no one's business in a row). */
enum summary_mark { MARK_PERIOD, MARK_HOLIDAY, MARK_EVALUATION, MARK_VISIT, MARK_DEADLINE };

static bool has_mark(const struct planning_row *row, date_t day, const char *state,
                     enum summary_mark mark)
{
    bool in_period = row->debut != DATE_NONE && day >= row->debut && day <= row->fin;
    switch (mark) {
    case MARK_PERIOD: return in_period;
    case MARK_EVALUATION: return in_period && row->evaluation != DATE_NONE && day >= row->evaluation;
    case MARK_HOLIDAY: return in_period && strcmp(state, "ferie") == 0; /* the student's own */
    case MARK_VISIT: return strcmp(state, "visite") == 0;
    case MARK_DEADLINE: return strcmp(state, "limite") == 0;
    }
    return false;
}

/* "lundi 18 mai 2027" cut to what a range needs: without its weekday,
 * without its year. */
static void day_words(date_t day, bool weekday, bool year, char out[DATE_LONG_SIZE])
{
    char full[DATE_LONG_SIZE];
    date_format_long_fr(day, full);
    const char *start = weekday ? full : strchr(full, ' ') + 1;
    size_t length = strlen(start);
    if (!year)
        length = (size_t)(strrchr(start, ' ') - start);
    snprintf(out, DATE_LONG_SIZE, "%.*s", (int)length, start);
}

/* "le 3 juin", "du 21 au 25 juin", "du lundi 18 mai au vendredi 25 juin 2027". */
static void add_range(struct strbuf *text, date_t from, date_t to, bool weekday, bool year)
{
    char first[DATE_LONG_SIZE], last[DATE_LONG_SIZE];
    day_words(to, weekday, year, last);
    if (from == to) {
        strbuf_printf(text, "le %s", last);
        return;
    }
    int y1, m1, d1, y2, m2, d2;
    date_to_ymd(from, &y1, &m1, &d1);
    date_to_ymd(to, &y2, &m2, &d2);
    day_words(from, weekday, year && y1 != y2, first);
    if (!weekday && y1 == y2 && m1 == m2)
        snprintf(first, sizeof first, "%d%s", d1, d1 == 1 ? "er" : "");
    strbuf_printf(text, "du %s au %s", first, last);
}

/* The ranges of one mark over the days [first, last] (states: each day's),
 * after its words: "visite le 3 juin", "visites le 3 juin, le 10 juin". */
static void add_mark(struct strbuf *text, const struct planning_row *row,
                     const char *const *states, date_t first, date_t last,
                     enum summary_mark mark)
{
    static const char *const one[] = {"stage ", "jour férié : ", "semaine d'évaluation ",
                                      "visite ", "rapport à rendre "};
    static const char *const several[] = {"stage ", "jours fériés : ", "semaine d'évaluation ",
                                          "visites ", "rapport à rendre "};
    bool weekday = mark == MARK_PERIOD || mark == MARK_HOLIDAY;
    int ranges = 0;
    for (date_t day = first; day <= last; day++)
        ranges += has_mark(row, day, states[day - first], mark) &&
                  (day == first || !has_mark(row, day - 1, states[day - 1 - first], mark));
    int said = 0;
    for (date_t day = first; day <= last; day++) {
        if (!has_mark(row, day, states[day - first], mark))
            continue;
        date_t end = day;
        while (end < last && has_mark(row, end + 1, states[end + 1 - first], mark))
            end++;
        if (said++ == 0)
            strbuf_printf(text, "%s%s", text->len ? " ; " : "",
                          (ranges > 1 ? several : one)[mark]);
        else
            strbuf_puts(text, ", ");
        if (mark == MARK_HOLIDAY && day == end) { /* "jeudi 13 mai", after a colon */
            char words[DATE_LONG_SIZE];
            day_words(day, true, false, words);
            strbuf_puts(text, words);
        } else {
            add_range(text, day, end, weekday, mark == MARK_PERIOD);
        }
        day = end;
    }
}

/* The row's summary over the days [first, last] (at most a table's); a heap
 * string, NULL when memory runs out. */
static char *row_summary(const struct planning_row *row, const struct holidays *holidays,
                         date_t first, date_t last)
{
    const char *states[7 * PLANNING_WEEKS_PER_TABLE];
    if (last - first + 1 > (date_t)(sizeof states / sizeof *states))
        last = first + (date_t)(sizeof states / sizeof *states) - 1;
    for (date_t day = first; day <= last; day++)
        states[day - first] = row_state(row, holidays, day);
    struct strbuf text = STRBUF_INIT;
    add_mark(&text, row, states, first, last, MARK_PERIOD);
    if (text.len == 0) /* no period on these weeks: an apprentice, an exempted candidate */
        strbuf_puts(&text, "hors stage");
    for (enum summary_mark mark = MARK_HOLIDAY; mark <= MARK_DEADLINE; mark++)
        add_mark(&text, row, states, first, last, mark);
    return strbuf_detach(&text);
}

/* The rows [part->first_row, + part->row_count) of the table of days
 * [first, last]. */
static void add_rows(xmlNodePtr bloc, const struct planning *planning,
                     const struct planning_part *part, date_t first, date_t last,
                     date_t span_first, date_t span_last, const struct holidays *holidays)
{
    const struct planning_row *row = planning->rows;
    for (size_t k = 0; row && k < part->first_row; k++)
        row = row->next;
    for (size_t k = 0; row && k < part->row_count; row = row->next, k++) {
        xmlNodePtr eleve = xmlNewChild(bloc, NULL, BAD_CAST "eleve", NULL);
        char outside[256];
        marks_outside(row, span_first, span_last, outside, sizeof outside);
        set_text(eleve, "hors-planning", outside);
        set_text(eleve, "id", row->id);
        set_text(eleve, "nom", row->nom);
        set_text(eleve, "prenom", row->prenom);
        set_text(eleve, "entreprise", row->entreprise);
        set_text(eleve, "statut", row->statut);
        char *summary = row_summary(row, holidays, first, last);
        set_text(eleve, "resume", summary);
        free(summary);
        for (date_t day = first; day <= last; day++) {
            xmlNodePtr cell = xmlNewChild(eleve, NULL, BAD_CAST "j", NULL);
            const char *state = row_state(row, holidays, day);
            set_text(cell, "etat", state);
            set_text(cell, "fond", fill_of(state));
            set_text(cell, "motif", pattern_of(state));
        }
    }
}

/* The chart's days: whole weeks, Monday to Sunday; false when it has none. */
static bool chart_days(const struct planning *planning, date_t *first, date_t *last)
{
    span_of(planning, first, last);
    if (*first == DATE_NONE)
        return false;
    *first = date_monday_of_week(*first);
    *last = date_monday_of_week(*last) + 6;
    return true;
}

int planning_table_count(const struct planning *planning)
{
    date_t first, last;
    if (!chart_days(planning, &first, &last))
        return 0;
    int weeks = (last - first + 1) / 7;
    return (weeks + PLANNING_WEEKS_PER_TABLE - 1) / PLANNING_WEEKS_PER_TABLE;
}

xmlDocPtr planning_document(const struct planning *planning, const struct holidays *holidays,
                            const char *classe, const char *session, const char *etablissement)
{
    struct planning_part whole = {-1, 0, planning->count};
    return planning_document_part(planning, holidays, classe, session, etablissement, &whole);
}

xmlDocPtr planning_document_part(const struct planning *planning, const struct holidays *holidays,
                                 const char *classe, const char *session,
                                 const char *etablissement, const struct planning_part *part)
{
    xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
    xmlNodePtr root = doc ? xmlNewNode(NULL, BAD_CAST "planning") : NULL;
    if (!root) {
        xmlFreeDoc(doc);
        return NULL;
    }
    xmlDocSetRootElement(doc, root);
    set_text(root, "classe", classe);
    set_text(root, "session", session);
    set_text(root, "etablissement", etablissement);
    date_t span_first, span_last, first, last;
    span_of(planning, &span_first, &span_last);
    set_date(root, "debut", span_first);
    set_date(root, "fin", span_last);
    bool chart = chart_days(planning, &first, &last);
    char count[32]; /* the rows of the chart, in all its parts */
    snprintf(count, sizeof count, "%zu", chart ? planning->count : 0);
    set_text(root, "stagiaires", count);
    if (!chart)
        return doc;
    /* Cut into tables of a readable width. */
    int table = 0;
    for (date_t start = first; start <= last; start += 7 * PLANNING_WEEKS_PER_TABLE, table++) {
        if (part->table >= 0 && table != part->table)
            continue;
        date_t end = start + 7 * PLANNING_WEEKS_PER_TABLE - 1;
        if (end > last)
            end = last;
        xmlNodePtr bloc = xmlNewChild(root, NULL, BAD_CAST "bloc", NULL);
        set_date(bloc, "debut", start);
        set_date(bloc, "fin", end);
        add_header(bloc, start, end, holidays);
        add_rows(bloc, planning, part, start, end, first, last, holidays);
    }
    return doc;
}

void planning_free(struct planning *planning)
{
    if (!planning)
        return;
    arena_free(&planning->arena);
    free(planning);
}
