/* rules_referentiel.c — what the input says of the référentiel must exist
 * in it: listed competences, strategy lines, and the criteria an
 * evaluation rates (the grid could not place them otherwise). */
#include <string.h>

#include "../input/xmlnode.h"
#include "rules.h"

static xmlNodePtr competence_of(xmlDocPtr referentiel, const char *code)
{
    XML_FOR_EACH_CHILD(competence, xmlDocGetRootElement(referentiel), "competence") {
        const char *own = xml_attr(competence, "code");
        if (code && own && strcmp(own, code) == 0)
            return competence;
    }
    return NULL;
}

static bool unit_has(xmlDocPtr referentiel, const char *unit, const char *code)
{
    XML_FOR_EACH_CHILD(entry, xmlDocGetRootElement(referentiel), "unite") {
        if (!unit || !xml_attr(entry, "code") || strcmp(xml_attr(entry, "code"), unit) != 0)
            continue;
        XML_FOR_EACH_CHILD(ref, entry, "competence")
            if (code && xml_attr(ref, "ref") && strcmp(xml_attr(ref, "ref"), code) == 0)
                return true;
    }
    return false;
}

static bool has_criterion(xmlNodePtr competence, const char *number)
{
    XML_FOR_EACH_CHILD(criterion, competence, "critere")
        if (number && xml_attr(criterion, "numero") &&
            strcmp(xml_attr(criterion, "numero"), number) == 0)
            return true;
    return false;
}

static void check_known(const struct rule_context *context, xmlNodePtr node, const char *attr)
{
    const char *code = xml_attr(node, attr);
    if (code && !competence_of(regulation_referentiel(context->regulation), code))
        rule_report(context, SEVERITY_ERROR, node, "referentiel",
                    "les compétences du BTS Électrotechnique vont de C1 à C18 "
                    "(templates/referentiel/referentiel.xml).",
                    "la compétence %s n'existe pas dans le référentiel.", code);
}

static void check_rating(const struct rule_context *context, xmlNodePtr niveau)
{
    xmlDocPtr referentiel = regulation_referentiel(context->regulation);
    const char *code = xml_attr(niveau, "competence");
    xmlNodePtr competence = competence_of(referentiel, code);
    if (!competence) {
        check_known(context, niveau, "competence");
    } else if (!unit_has(referentiel, context->stage->unite, code)) {
        rule_report(context, SEVERITY_WARNING, niveau, "referentiel",
                    "n'évaluez que les compétences de l'unité du stage.",
                    "la compétence %s n'est pas évaluée dans l'unité %s : ce niveau est ignoré "
                    "par la grille.",
                    code, context->stage->unite ? context->stage->unite : "?");
    } else if (!has_criterion(competence, xml_attr(niveau, "critere"))) {
        rule_report(context, SEVERITY_ERROR, niveau, "referentiel",
                    "numérotez les critères comme la grille de l'unité "
                    "(templates/referentiel/referentiel.xml).",
                    "la compétence %s n'a pas de critère n° %s.", code,
                    xml_attr(niveau, "critere"));
    }
}

void rule_referentiel(const struct rule_context *context)
{
    xmlNodePtr root = context->stage->root;
    XML_FOR_EACH_CHILD(competence, xml_child(root, "competences"), "competence")
        check_known(context, competence, "ref");
    XML_FOR_EACH_CHILD(ligne, xml_path(root, "apprentissage/strategie"), "ligne")
        check_known(context, ligne, "competence");
    XML_FOR_EACH_CHILD(niveau, xml_child(root, "evaluation"), "niveau")
        check_rating(context, niveau);
}
