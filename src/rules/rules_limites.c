/* rules_limites.c — how many of each repeated element a stage may have.
 * Every count has a maximum that the documents can lay out on their pages
 * and that `build` makes within the bounds of `make bench` (5 s, 256 MiB a
 * stage); past it, the first element too many is named with the maximum.
 * The lengths of texts are bounded by the schema (maxLength). Counted
 * here rather than with maxOccurs so that the message says how many there
 * are and how many are allowed. */
#include "../input/xmlnode.h"
#include "rules.h"

struct limit {
    const char *parent; /* a child of <stage>, or NULL for <stage> itself */
    const char *child;
    size_t maximum;
    const char *plural; /* what they are, for the message */
    const char *hint;
};

static const struct limit limits[] = {
    {"activites", "activite", 60, "activités",
     "regroupez les activités voisines en une seule (60 au plus)."},
    {NULL, "periode", 10, "périodes", "gardez la seule période du stage."},
    {"suivi", "visite", 20, "visites", "gardez les visites prévues dans l'entreprise (20 au plus)."},
    {"competences", "competence", 18, "compétences",
     "citez chaque compétence du référentiel (C1 à C18) au plus une fois."},
    {"evaluation", "niveau", 100, "niveaux",
     "donnez un niveau par critère évalué, chacun une seule fois (100 au plus)."},
    {"documents-anglais", "document", 10, "documents en anglais",
     "gardez les trois documents en anglais du dossier."},
};

/* The strategy table lies one level deeper: apprentissage/strategie/ligne. */
static const struct limit strategy = {"strategie", "ligne", 100, "lignes du tableau de stratégie",
                                      "une ligne par compétence et par période (100 au plus)."};

static void check_limit(const struct rule_context *context, xmlNodePtr parent,
                        const struct limit *limit)
{
    size_t count = 0;
    xmlNodePtr first_over = NULL;
    XML_FOR_EACH_CHILD(child, parent, limit->child) {
        if (++count == limit->maximum + 1)
            first_over = child;
    }
    if (first_over)
        rule_report(context, SEVERITY_ERROR, first_over, "limites", limit->hint,
                    "<%s> : %zu %s, au-delà du maximum de %zu que les documents peuvent "
                    "imprimer ; celui-ci est le premier de trop.",
                    limit->child, count, limit->plural, limit->maximum);
}

void rule_limites(const struct rule_context *context)
{
    xmlNodePtr root = context->stage->root;
    for (size_t k = 0; k < sizeof limits / sizeof *limits; k++) {
        xmlNodePtr parent = limits[k].parent ? xml_child(root, limits[k].parent) : root;
        if (parent)
            check_limit(context, parent, &limits[k]);
    }
    xmlNodePtr table = xml_child(xml_child(root, "apprentissage"), "strategie");
    if (table)
        check_limit(context, table, &strategy);
}
