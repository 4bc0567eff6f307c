/* rules.c — the table of rules, and running them on a stage. */
#include "rules.h"

#include <stdarg.h>
#include <string.h>

#include "../input/source.h"

static const struct rule table[] = {
    {"requis", SEVERITY_ERROR,
     "Règlement, 2.1 et 2.3 : la convention précise les parties, la durée, le calendrier, "
     "le contenu et le suivi ; Code de l'éducation D124-4 (mentions obligatoires).",
     rule_requis},
    {"limites", SEVERITY_ERROR,
     "Les documents impriment chaque activité, visite, niveau et ligne du tableau de "
     "stratégie : au plus 60 activités, 10 périodes, 20 visites, 18 compétences, 100 niveaux, "
     "10 documents en anglais et 100 lignes de stratégie par stage.",
     rule_limites},
    {"dispense", SEVERITY_INFO,
     "« les candidats qui produisent une dispense (notamment au titre de la validation des "
     "acquis de l'expérience) ne sont pas tenus d'effectuer ce stage. »",
     rule_dispense},
    {"periode-unique", SEVERITY_ERROR, "« Le stage est de 6 à 8 semaines en une seule période. »",
     rule_periode_unique},
    {"duree", SEVERITY_ERROR,
     "« La durée normale du stage est de six à huit semaines. […] la durée de stage peut être "
     "réduite, mais en aucun cas ne peut être inférieure à quatre semaines. »",
     rule_duree},
    {"dates", SEVERITY_WARNING,
     "« L'évaluation du stage se déroule en entreprise […] lors de la dernière semaine du "
     "stage » ; « Le rapport numérique de stage est remis […] au plus tard, le vendredi de "
     "l'avant dernière semaine de stage ».",
     rule_dates},
    {"lieu", SEVERITY_ERROR, "« Il ne peut pas se dérouler dans l'établissement de formation. »",
     rule_lieu},
    {"secteur", SEVERITY_WARNING,
     "« Le stage s'effectue au sein d'une entreprise de la filière Électrotechnique. »",
     rule_secteur},
    {"identifiants", SEVERITY_ERROR,
     "Identifiants officiels : SIRET (14 chiffres, clé de Luhn), UAI (7 chiffres et une "
     "lettre de contrôle), code NAF (NN.NNL).",
     rule_identifiants},
    {"activites", SEVERITY_ERROR,
     "« Au cours de ce stage l'étudiant doit exercer plusieurs activités définies dans le "
     "référentiel des activités professionnelles. »",
     rule_activites},
    {"mineur", SEVERITY_ERROR,
     "Code du travail L3162-1, L3163-2 et L3164-2 : un mineur travaille au plus 8 h par jour "
     "et 35 h par semaine, jamais la nuit, et se repose le dimanche et les jours fériés ; "
     "son représentant légal signe la convention.",
     rule_mineur},
    {"horaires", SEVERITY_ERROR,
     "Code du travail L3121-18 et L3121-20 : au plus 10 h par jour et 48 h par semaine.",
     rule_horaires},
    {"gratification", SEVERITY_ERROR,
     "Code de l'éducation L124-6 et D124-8 : au-delà de deux mois de présence, gratification "
     "d'au moins 15 % du plafond horaire de la sécurité sociale.",
     rule_gratification},
    {"apprentissage", SEVERITY_ERROR,
     "Règlement, 2.2 : « Les objectifs visés […] et les activités à conduire en entreprise "
     "[…] sont consignés dans le tableau de stratégie de la formation. »",
     rule_apprentissage},
    {"anglais", SEVERITY_ERROR,
     "« Le stagiaire (ou apprenti) propose 3 documents en langue anglaise […] Un document "
     "technique et deux extraits de la presse écrite ou de sites d'information. »",
     rule_anglais},
    {"etranger", SEVERITY_INFO,
     "« cette convention pourra être adaptée pour tenir compte des contraintes imposées par la "
     "législation du pays d'accueil. »",
     rule_etranger},
    {"pays", SEVERITY_ERROR,
     "Code de l'éducation, art. D124-4 : la convention mentionne l'adresse du lieu du stage ; "
     "un stage à l'étranger nomme le pays d'accueil.",
     rule_pays},
    {"formation-continue", SEVERITY_INFO,
     "Règlement, 2.3 : « Le stagiaire peut avoir la qualité de salarié d'un autre secteur "
     "professionnel. »",
     rule_formation_continue},
    {"referentiel", SEVERITY_ERROR,
     "« Cette évaluation est consignée dans la grille nationale […] de l'unité retenue » : "
     "les compétences et critères cités doivent être ceux du référentiel et de l'unité.",
     rule_referentiel},
    {"caracteres", SEVERITY_ERROR,
     "Les documents doivent montrer chaque nom tel qu'il est écrit : un caractère qu'aucune "
     "police des documents ne contient serait imprimé faux.",
     rule_caracteres},
    {"texte-modele", SEVERITY_WARNING,
     "Les documents sont imprimés tels que la classe est décrite : un texte d'exemple de "
     "stagedoc init (« NOM », « DÉCRIVEZ UNE ACTIVITÉ… ») laissé en place serait imprimé sur "
     "la convention (liste : templates/regles/textes-a-remplacer.tsv).",
     rule_texte_modele},
    {"redoublement", SEVERITY_INFO,
     "« Les candidats ayant échoué à une session antérieure de l'examen ont le choix entre "
     "présenter le précédent rapport […], de modifier ce rapport ou en élaborer un autre. »",
     rule_redoublement},
};

const struct rule *rules_table(size_t *count)
{
    *count = sizeof table / sizeof *table;
    return table;
}

void rules_run(const struct rule_context *context)
{
    bool exempted = context->stage->dispense_motif != NULL;
    for (size_t i = 0; i < sizeof table / sizeof *table; i++) {
        if (exempted && table[i].check != rule_requis && table[i].check != rule_dispense &&
            table[i].check != rule_limites)
            continue;
        table[i].check(context);
    }
}

void rules_print_table(FILE *out)
{
    for (size_t i = 0; i < sizeof table / sizeof *table; i++)
        fprintf(out, "%-18s %-13s %s\n", table[i].id, severity_name(table[i].severity),
                table[i].enforces);
}

void rule_report(const struct rule_context *context, enum severity severity, xmlNodePtr where,
                 const char *rule, const char *hint, const char *fmt, ...)
{
    const struct stage *stage = context->stage;
    struct position position = source_node_position(where ? where : stage->root);
    if (!position.file)
        position.file = stage->input->file;
    va_list args;
    va_start(args, fmt);
    diag_vadd(context->diags, severity, position, rule, stage->label, hint, fmt, args);
    va_end(args);
}
