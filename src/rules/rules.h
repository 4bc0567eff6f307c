/* rules.h — the regulation checks of `stagedoc check`.
 *
 * One function per rule. Each rule has a stable id (what users grep for and
 * what tests assert), a default severity, and the sentence of the regulation
 * (or code) it enforces; `stagedoc check --list-rules` prints the table.
 * Rules read the typed stage, its calendar and the regulation data; they
 * only report, never change anything. */
#ifndef STAGEDOC_RULES_RULES_H
#define STAGEDOC_RULES_RULES_H

#include <stddef.h>
#include <stdio.h>

#include "../util/diag.h"
#include "../layout/font.h"
#include "../model/calendar.h"
#include "../model/holidays.h"
#include "../model/stage.h"
#include "regulation.h"

struct rule_context {
    const struct stage *stage;
    const struct calendar *calendar;
    const struct regulation *regulation;
    const struct holidays *holidays;
    struct diag_list *diags;
    const struct font_set *fonts; /* NULL: the printable-characters rule is skipped */
};

typedef void (*rule_check)(const struct rule_context *context);

struct rule {
    const char *id;
    enum severity severity; /* the usual one; a rule may report others */
    const char *enforces;   /* the text it applies, quoted */
    rule_check check;
};

const struct rule *rules_table(size_t *count);
/* Runs every rule that applies to the stage (only `requis`, `limites` and
 * `dispense` for an exempted candidate). */
void rules_run(const struct rule_context *context);
void rules_print_table(FILE *out);

/* For rule implementations: a diagnostic at a node of the stage. */
void rule_report(const struct rule_context *context, enum severity severity, xmlNodePtr where,
                 const char *rule, const char *hint, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* The rule functions, grouped by theme in rules_*.c. */
void rule_requis(const struct rule_context *context);
void rule_dispense(const struct rule_context *context);
void rule_limites(const struct rule_context *context);
void rule_periode_unique(const struct rule_context *context);
void rule_duree(const struct rule_context *context);
void rule_dates(const struct rule_context *context);
void rule_lieu(const struct rule_context *context);
void rule_secteur(const struct rule_context *context);
void rule_identifiants(const struct rule_context *context);
void rule_activites(const struct rule_context *context);
void rule_mineur(const struct rule_context *context);
void rule_horaires(const struct rule_context *context);
void rule_gratification(const struct rule_context *context);
void rule_apprentissage(const struct rule_context *context);
void rule_anglais(const struct rule_context *context);
void rule_etranger(const struct rule_context *context);
void rule_pays(const struct rule_context *context);
void rule_formation_continue(const struct rule_context *context);
void rule_redoublement(const struct rule_context *context);
void rule_caracteres(const struct rule_context *context);
void rule_referentiel(const struct rule_context *context);
void rule_texte_modele(const struct rule_context *context);

#endif
