/* planning.c — collecting the class's stages and laying their days out on
 * a common calendar. */
#include "planning.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../input/xmlnode.h"
#include "../util/arena.h"

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

/* Grays of the chart, from light to dark; the template's legend matches. */
static const struct {
    const char *state;
    const char *fill;
} fills[] = {
    {"hors", ""},         {"weekend", "0.93"}, {"ferie", "0.87"},  {"stage", "0.78"},
    {"evaluation", "0.55"}, {"visite", "0.3"}, {"limite", "0.05"},
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
    row->debut = dated ? calendar->debut : DATE_NONE;
    row->fin = dated ? calendar->fin : DATE_NONE;
    row->limite = dated ? calendar->date_limite_rapport : DATE_NONE;
    row->evaluation = dated ? calendar->evaluation_lundi : DATE_NONE;
    XML_FOR_EACH_CHILD(visite, xml_child(stage->root, "suivi"), "visite") {
        if (row->visit_count < MAX_VISITS && dated)
            row->visits[row->visit_count++] = stage_date_attr(visite, "date");
    }
    *planning->tail = row;
    planning->tail = &row->next;
    planning->count++;
}

static void span_of(const struct planning *planning, date_t *first, date_t *last)
{
    *first = *last = DATE_NONE;
    for (const struct planning_row *row = planning->rows; row; row = row->next) {
        if (row->debut == DATE_NONE)
            continue;
        if (*first == DATE_NONE || row->debut < *first)
            *first = row->debut;
        if (*last == DATE_NONE || row->fin > *last)
            *last = row->fin;
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
        if (used < (int)sizeof colonnes - 4)
            used += snprintf(colonnes + used, sizeof colonnes - (size_t)used, " 1");
    }
    set_text(bloc, "colonnes", colonnes);
}

static void add_rows(xmlNodePtr bloc, const struct planning *planning, date_t first, date_t last,
                     const struct holidays *holidays)
{
    for (const struct planning_row *row = planning->rows; row; row = row->next) {
        xmlNodePtr eleve = xmlNewChild(bloc, NULL, BAD_CAST "eleve", NULL);
        set_text(eleve, "id", row->id);
        set_text(eleve, "nom", row->nom);
        set_text(eleve, "prenom", row->prenom);
        set_text(eleve, "entreprise", row->entreprise);
        set_text(eleve, "statut", row->statut);
        for (date_t day = first; day <= last; day++) {
            xmlNodePtr cell = xmlNewChild(eleve, NULL, BAD_CAST "j", NULL);
            const char *state = row_state(row, holidays, day);
            set_text(cell, "etat", state);
            set_text(cell, "fond", fill_of(state));
        }
    }
}

xmlDocPtr planning_document(const struct planning *planning, const struct holidays *holidays,
                            const char *classe, const char *session, const char *etablissement)
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
    date_t first, last;
    span_of(planning, &first, &last);
    set_date(root, "debut", first);
    set_date(root, "fin", last);
    if (first == DATE_NONE)
        return doc;
    /* Whole weeks, Monday to Sunday, cut into tables of a readable width. */
    first = date_monday_of_week(first);
    last = date_monday_of_week(last) + 6;
    for (date_t start = first; start <= last; start += 7 * PLANNING_WEEKS_PER_TABLE) {
        date_t end = start + 7 * PLANNING_WEEKS_PER_TABLE - 1;
        if (end > last)
            end = last;
        xmlNodePtr bloc = xmlNewChild(root, NULL, BAD_CAST "bloc", NULL);
        set_date(bloc, "debut", start);
        set_date(bloc, "fin", end);
        add_header(bloc, start, end, holidays);
        add_rows(bloc, planning, start, end, holidays);
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
