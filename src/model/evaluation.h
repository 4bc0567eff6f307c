/* evaluation.h — the proposed mark of the stage's evaluation grid.
 *
 * The référentiel (templates/referentiel/referentiel.xml) gives, for the
 * unit evaluated, its competences and their points, each competence's
 * numbered criteria, and the grid's scale (levels 1 to 4 and their
 * weights), the mark's maximum (20) and its rounding step (0.5). The
 * stage's <evaluation> gives one <niveau competence critere valeur> per
 * rated criterion. Then:
 *
 *   mean weight of a competence = mean of the weights of its RATED criteria
 *   points obtained             = its points × that mean weight
 *   proposed mark               = note-sur × Σ obtained / Σ points,
 *                                 rounded to the nearest half point (halves
 *                                 round up) only at the end
 *
 * Missing ratings: an unrated criterion of a competence that has at least
 * one rated criterion is left out of that competence's mean (the grid names
 * it). A competence with no rated criterion makes the mark INCOMPLETE: no
 * mark is given and the competences missing are named, rather than a wrong
 * mark. Without any rated criterion of the unit, the grid is BLANK (to fill
 * by hand). A <niveau> naming a competence outside the unit, a criterion
 * the référentiel does not have or a level outside the scale is ignored and
 * reported in the result.
 *
 * Nothing here knows of templates: the template engine turns the result into
 * the small XML document templates read as $evaluation. */
#ifndef STAGEDOC_MODEL_EVALUATION_H
#define STAGEDOC_MODEL_EVALUATION_H

#include <stdbool.h>
#include <stddef.h>
#include <libxml/tree.h>

enum evaluation_state {
    EVALUATION_BLANK,      /* no criterion of the unit rated */
    EVALUATION_INCOMPLETE, /* a competence has no rated criterion */
    EVALUATION_COMPLETE,
};

struct evaluation_criterion {
    int number;            /* numero in the référentiel */
    xmlNodePtr node;       /* the référentiel's <critere> (its text) */
    int level;             /* 0 when not rated */
    double weight;         /* the level's weight; 0 when not rated */
};

struct evaluation_competence {
    const char *code;      /* the référentiel's string */
    xmlNodePtr node;       /* the référentiel's <competence>, or NULL if unknown */
    double points;
    struct evaluation_criterion *criteria;
    size_t criterion_count;
    size_t rated;
    double mean_weight;    /* NAN when no criterion is rated */
    double obtained;       /* points × mean_weight; NAN when none is rated */
};

struct evaluation_ignored {
    const char *competence; /* the input's strings */
    const char *criterion;
    const char *level;
    const char *reason;     /* "competence", "critere" or "niveau" */
};

struct evaluation_level {
    int value;
    double weight;
    xmlNodePtr node;        /* its label */
};

struct evaluation {
    enum evaluation_state state;
    const char *unit;
    double out_of;          /* note-sur, 20 */
    double step;            /* arrondi, 0.5 */
    double total_points;    /* Σ points of the unit's competences */
    double raw;             /* note-sur × Σ obtained / Σ points; NAN unless complete */
    double mark;            /* raw rounded to the step; NAN unless complete */
    struct evaluation_level *levels;
    size_t level_count;
    struct evaluation_competence *competences;
    size_t competence_count;
    struct evaluation_ignored *ignored;
    size_t ignored_count, ignored_capacity;
};

/* Computes the evaluation of unit from the stage's <evaluation> element
 * (NULL: a blank grid). Strings and nodes point into referentiel and
 * evaluation, which must outlive out. False when the référentiel lacks the
 * unit or the scale, or when memory runs out (out is then empty). */
bool evaluation_compute(xmlDocPtr referentiel, const char *unit, xmlNodePtr evaluation,
                        struct evaluation *out);
void evaluation_free(struct evaluation *evaluation);

/* value rounded to the nearest multiple of step, halves away from zero
 * (14.25 → 14.5, 14.24 → 14 with step 0.5), tolerant of binary noise. */
double evaluation_round(double value, double step);

/* The result as a new XML document, for templates ($evaluation):
 *   <resultat unite="U62" etat="complete|incomplete|vierge" complete="oui|non"
 *             note="14.5" note-brute="14.375" note-sur="20" points="20"
 *             manquantes="C15, C16">
 *     <competence code="C4" points="5" criteres="3" evalues="2"
 *                 moyenne="0.75" obtenus="3.75" complete="oui">
 *       <libelle>…</libelle>
 *       <critere numero="1" valeur="3" poids="0.75">text</critere>
 *       <critere numero="3">text</critere>      (not rated)
 *     </competence>
 *     <ignore competence="C5" critere="1" valeur="2" raison="competence"/>
 *   </resultat>
 * note and note-brute are absent unless complete; moyenne and obtenus are
 * absent for a competence without a rated criterion. NULL when memory runs
 * out. The caller frees it with xmlFreeDoc. */
xmlDocPtr evaluation_document(const struct evaluation *evaluation);

#endif
