/* rules_periode.c — what must be there, and when: required elements, the
 * exempted candidate, the single period, its length and its dates. */
#include <string.h>

#include "../input/xmlnode.h"
#include "rules.h"

static const char *voie_key(const struct stage *stage)
{
    return stage->dispense_motif ? "dispense" : voie_name(stage->voie);
}

/* Reports the required elements of the data file for this rule id. */
static void check_required(const struct rule_context *context, const char *rule)
{
    size_t count;
    const struct required_element *items = regulation_required(context->regulation, &count);
    const char *voie = voie_key(context->stage);
    for (size_t i = 0; i < count; i++) {
        if (strcmp(items[i].rule, rule) != 0 || strcmp(items[i].voie, voie) != 0)
            continue;
        if (xml_path(context->stage->root, items[i].path))
            continue;
        rule_report(context, SEVERITY_ERROR, NULL, rule,
                    "ajoutez l'élément à sa place (voir « stagedoc init » pour un modèle).",
                    "il manque %s pour la voie %s.", items[i].label, voie);
    }
}

void rule_requis(const struct rule_context *context)
{
    check_required(context, "requis");
}

void rule_apprentissage(const struct rule_context *context)
{
    const struct stage *stage = context->stage;
    if (stage->voie != VOIE_APPRENTISSAGE)
        return;
    check_required(context, "apprentissage");
    xmlNodePtr contrat = xml_child(stage->apprentissage, "contrat");
    if (stage->contrat_debut != DATE_NONE && stage->contrat_fin != DATE_NONE &&
        stage->contrat_fin <= stage->contrat_debut)
        rule_report(context, SEVERITY_ERROR, contrat, "apprentissage",
                    "corrigez les dates du contrat.",
                    "le contrat finit avant de commencer.");
    if (stage->epreuves_ecrites != DATE_NONE && stage->contrat_fin != DATE_NONE &&
        (stage->epreuves_ecrites < stage->contrat_debut ||
         stage->epreuves_ecrites > stage->contrat_fin))
        rule_report(context, SEVERITY_WARNING,
                    xml_child(stage->apprentissage, "epreuves-ecrites"), "apprentissage",
                    "vérifiez la date des épreuves écrites et celles du contrat.",
                    "les épreuves écrites tombent hors du contrat d'apprentissage.");
    if (stage->periode_count > 0)
        rule_report(context, SEVERITY_WARNING, stage->periode, "apprentissage",
                    "retirez <periode> : l'alternance est décrite par <apprentissage>.",
                    "un apprenti n'a pas de période de stage ; <periode> est ignorée.");
}

void rule_dispense(const struct rule_context *context)
{
    const struct stage *stage = context->stage;
    if (!stage->dispense_motif)
        return;
    const char *decision = xml_attr(stage->dispense, "decision");
    rule_report(context, SEVERITY_INFO, stage->dispense, "dispense", NULL,
                "candidat dispensé de stage (motif : %s%s%s) : aucun document de stage "
                "n'est produit.",
                stage->dispense_motif, decision ? ", décision " : "", decision ? decision : "");
    if (stage->periode_count > 0)
        rule_report(context, SEVERITY_WARNING, stage->periode, "dispense",
                    "retirez <periode> ou <dispense>.",
                    "un candidat dispensé n'a pas de période de stage ; elle est ignorée.");
}

void rule_periode_unique(const struct rule_context *context)
{
    const struct stage *stage = context->stage;
    if (stage->voie == VOIE_APPRENTISSAGE)
        return;
    if (stage->periode_count == 0)
        rule_report(context, SEVERITY_ERROR, NULL, "periode-unique",
                    "ajoutez <periode debut=\"AAAA-MM-JJ\" fin=\"AAAA-MM-JJ\"/> après "
                    "<enseignant-referent>.",
                    "la période du stage manque.");
    else if (stage->periode_count > 1)
        rule_report(context, SEVERITY_ERROR, xml_next_sibling(stage->periode, "periode"),
                    "periode-unique",
                    "gardez une seule <periode> (le stage se fait en une seule période).",
                    "%d périodes sont données ; le stage se fait en une seule période.",
                    stage->periode_count);
}

static bool amenagement_is_complete(xmlNodePtr amenagement)
{
    return xml_attr(amenagement, "motif") && xml_attr(amenagement, "decision") &&
           xml_attr(amenagement, "date");
}

void rule_duree(const struct rule_context *context)
{
    const struct stage *stage = context->stage;
    int weeks = context->calendar->semaines;
    if (stage->voie == VOIE_APPRENTISSAGE || weeks < 0)
        return;
    long minimum = regulation_param(context->regulation, "duree.semaines-min") / 100;
    long maximum = regulation_param(context->regulation, "duree.semaines-max") / 100;
    long floor = regulation_param(context->regulation, "duree.semaines-min-amenagee") / 100;
    if (weeks > maximum)
        rule_report(context, SEVERITY_ERROR, stage->periode, "duree",
                    "ramenez la période à 8 semaines au plus.",
                    "le stage dure %d semaines ; le maximum est de %ld semaines.", weeks, maximum);
    else if (weeks < floor)
        rule_report(context, SEVERITY_ERROR, stage->periode, "duree",
                    "allongez la période ; seul le recteur peut dispenser du stage.",
                    "le stage dure %d semaine%s ; même aménagé, il ne peut durer moins de "
                    "%ld semaines.",
                    weeks, weeks > 1 ? "s" : "", floor);
    else if (weeks < minimum && !stage->amenagement)
        rule_report(context, SEVERITY_ERROR, stage->periode, "duree",
                    "allongez la période, ou ajoutez <amenagement motif=… decision=… date=…/> "
                    "si le recteur a réduit la durée.",
                    "le stage dure %d semaines, moins que les %ld semaines normales, sans "
                    "aménagement de durée.",
                    weeks, minimum);
    else if (weeks < minimum && !amenagement_is_complete(stage->amenagement))
        rule_report(context, SEVERITY_ERROR, stage->amenagement, "duree",
                    "indiquez le motif, la décision du recteur et sa date.",
                    "l'aménagement de durée est incomplet.");
    else if (weeks < minimum)
        rule_report(context, SEVERITY_INFO, stage->amenagement, "duree", NULL,
                    "durée réduite à %d semaines (motif : %s, décision %s du %s).", weeks,
                    xml_attr(stage->amenagement, "motif"),
                    xml_attr(stage->amenagement, "decision"),
                    xml_attr(stage->amenagement, "date"));
    else if (stage->amenagement)
        rule_report(context, SEVERITY_WARNING, stage->amenagement, "duree",
                    "retirez <amenagement> ou vérifiez les dates de la période.",
                    "un aménagement de durée est déclaré mais le stage dure %d semaines, "
                    "une durée normale.",
                    weeks);
}

static void check_period_order(const struct rule_context *context)
{
    const struct stage *stage = context->stage;
    if (stage->debut != DATE_NONE && stage->fin != DATE_NONE && stage->fin < stage->debut)
        rule_report(context, SEVERITY_ERROR, stage->periode, "dates",
                    "échangez ou corrigez les dates de <periode>.",
                    "la période finit (fin=\"%s\") avant de commencer (debut=\"%s\").",
                    xml_attr(stage->periode, "fin"), xml_attr(stage->periode, "debut"));
}

static void check_evaluation_date(const struct rule_context *context)
{
    const struct calendar *calendar = context->calendar;
    xmlNodePtr evaluation = xml_child(context->stage->root, "evaluation");
    date_t date = stage_date_attr(evaluation, "date");
    if (date == DATE_NONE || calendar->evaluation_lundi == DATE_NONE)
        return;
    if (date >= calendar->evaluation_lundi && date <= calendar->evaluation_dimanche)
        return;
    char monday[DATE_LONG_SIZE], sunday[DATE_LONG_SIZE];
    date_format_long_fr(calendar->evaluation_lundi, monday);
    date_format_long_fr(calendar->evaluation_dimanche, sunday);
    rule_report(context, SEVERITY_WARNING, evaluation, "dates",
                "fixez l'entretien d'évaluation pendant la dernière semaine du stage.",
                "l'évaluation (%s) a lieu hors de la dernière semaine du stage, du %s au %s.",
                xml_attr(evaluation, "date"), monday, sunday);
}

static void check_visits(const struct rule_context *context)
{
    const struct stage *stage = context->stage;
    if (stage->debut == DATE_NONE || stage->fin == DATE_NONE)
        return;
    XML_FOR_EACH_CHILD(visite, xml_child(stage->root, "suivi"), "visite") {
        date_t date = stage_date_attr(visite, "date");
        if (date != DATE_NONE && (date < stage->debut || date > stage->fin))
            rule_report(context, SEVERITY_WARNING, visite, "dates",
                        "placez la visite pendant la période du stage.",
                        "la visite du %s a lieu hors de la période du stage.",
                        xml_attr(visite, "date"));
    }
}

static void check_report_date(const struct rule_context *context)
{
    xmlNodePtr rapport = xml_child(context->stage->root, "rapport");
    date_t sent = stage_date_attr(rapport, "transmis-le");
    date_t deadline = context->calendar->date_limite_rapport;
    if (sent == DATE_NONE || deadline == DATE_NONE || sent <= deadline)
        return;
    char limit[DATE_LONG_SIZE];
    date_format_long_fr(deadline, limit);
    rule_report(context, SEVERITY_WARNING, rapport, "dates",
                "le rapport doit parvenir au tuteur et à l'enseignant au plus tard le vendredi "
                "de l'avant-dernière semaine.",
                "le rapport a été transmis le %s, après la date limite du %s.",
                xml_attr(rapport, "transmis-le"), limit);
}

void rule_dates(const struct rule_context *context)
{
    check_period_order(context);
    check_evaluation_date(context);
    check_visits(context);
    check_report_date(context);
}
