/* stage.h — the typed view of one stage, built once from its XML.
 *
 * Rules, the calendar and (later) the documents read these fields instead of
 * walking XML: values are parsed and checked for form here, once. Each value
 * keeps the node it came from so a diagnostic can point at it. Strings live
 * in the stage's arena and die with it. */
#ifndef STAGEDOC_MODEL_STAGE_H
#define STAGEDOC_MODEL_STAGE_H

#include <stdbool.h>
#include <libxml/tree.h>

#include "../input/input.h"
#include "../util/arena.h"
#include "../util/date.h"

enum voie { VOIE_SCOLAIRE, VOIE_APPRENTISSAGE, VOIE_FORMATION_CONTINUE };

struct person {
    const char *civilite;
    const char *nom;
    const char *prenom;
    const char *fonction;
    xmlNodePtr node; /* NULL when the person is absent */
};

/* One day of the typical week (index LUNDI..SAMEDI of enum weekday). */
struct work_day {
    bool worked;
    int start_minutes;
    int end_minutes;
    int pause_minutes;
    xmlNodePtr node;
};

struct stage {
    struct arena arena;
    const struct stage_input *input;
    xmlNodePtr root;
    const char *id;
    const char *label; /* the id when the file holds several stages, else NULL */
    enum voie voie;
    int annee;
    const char *session;

    const char *dispense_motif; /* non-NULL for an exempted candidate */
    xmlNodePtr dispense;

    struct person stagiaire;
    date_t naissance;
    struct person representant_legal;
    const char *redoublement; /* reprise | modification | nouveau, or NULL */

    const char *etablissement_nom;
    xmlNodePtr etablissement;
    xmlNodePtr entreprise;
    const char *entreprise_nom;
    const char *pays;         /* of the place of the stage; "FR" by default */

    int periode_count;
    xmlNodePtr periode;       /* the first one */
    date_t debut, fin;        /* DATE_NONE when absent */
    xmlNodePtr amenagement;

    bool has_horaires;
    struct work_day week[DIMANCHE + 1];
    bool nuit;
    bool dimanche_ferie;
    xmlNodePtr horaires;

    long gratification_cents_per_hour; /* -1 when absent */
    xmlNodePtr gratification;
    long absences_minutes;

    const char *unite;

    xmlNodePtr apprentissage;
    date_t contrat_debut, contrat_fin, epreuves_ecrites;
};

/* Fills stage from its input. Returns false only when memory runs out. */
bool stage_build(struct stage *stage, const struct stage_input *input);
void stage_free(struct stage *stage);

const char *voie_name(enum voie voie);
/* Minutes of one worked day: end - start - pause. */
int work_day_minutes(const struct work_day *day);
/* The date's attribute of a node, or DATE_NONE (the schema checked form). */
date_t stage_date_attr(xmlNodePtr node, const char *name);
/* Decimal hours or euros ("7", "3.5", "4.50") in hundredths; -1 if absent. */
long stage_hundredths_attr(xmlNodePtr node, const char *name);
/* The text of a child element, copied into the stage's arena, or NULL. */
const char *stage_child_text(struct stage *stage, xmlNodePtr parent, const char *name);

#endif
