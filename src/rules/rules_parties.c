/* rules_parties.c — who the parties are: the company is not the school, it
 * belongs to the sector, and its identifiers are well formed. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "../input/xmlnode.h"
#include "../util/fold.h"
#include "../util/strbuf.h"
#include "identifiers.h"
#include "rules.h"

/* An address as comparable text: lines, postcode and town, folded. */
static char *comparable_address(xmlNodePtr adresse)
{
    if (!adresse)
        return NULL;
    struct strbuf text = STRBUF_INIT;
    XML_FOR_EACH_CHILD(ligne, adresse, "ligne") {
        xmlChar *content = xmlNodeGetContent(ligne);
        strbuf_printf(&text, "%s ", content ? (const char *)content : "");
        xmlFree(content);
    }
    char *postcode = xml_child_text(adresse, "code-postal");
    char *town = xml_child_text(adresse, "ville");
    strbuf_printf(&text, "%s %s", postcode ? postcode : "", town ? town : "");
    free(postcode);
    free(town);
    char *folded = fold_for_comparison(strbuf_str(&text));
    strbuf_free(&text);
    return folded;
}

static bool same_folded(const char *a, const char *b)
{
    char *left = a ? fold_for_comparison(a) : NULL;
    char *right = b ? fold_for_comparison(b) : NULL;
    bool same = left && right && *left && strcmp(left, right) == 0;
    free(left);
    free(right);
    return same;
}

void rule_lieu(const struct rule_context *context)
{
    const struct stage *stage = context->stage;
    if (!stage->entreprise || !stage->etablissement)
        return;
    xmlNodePtr place = xml_path(stage->entreprise, "lieu-stage/adresse");
    if (!place)
        place = xml_child(stage->entreprise, "adresse");
    char *company = comparable_address(place);
    char *school = comparable_address(xml_child(stage->etablissement, "adresse"));
    bool same_address = company && school && *company && strcmp(company, school) == 0;
    free(company);
    free(school);
    if (same_folded(stage->entreprise_nom, stage->etablissement_nom))
        rule_report(context, SEVERITY_ERROR, stage->entreprise, "lieu",
                    "choisissez une entreprise d'accueil distincte de l'établissement.",
                    "l'entreprise d'accueil porte le nom de l'établissement de formation (%s).",
                    stage->etablissement_nom);
    else if (same_address)
        rule_report(context, SEVERITY_ERROR, place, "lieu",
                    "vérifiez l'adresse du lieu de stage.",
                    "le stage aurait lieu à l'adresse de l'établissement de formation.");
}

void rule_secteur(const struct rule_context *context)
{
    xmlNodePtr naf = xml_child(context->stage->entreprise, "code-naf");
    char *code = xml_child_text(context->stage->entreprise, "code-naf");
    if (code && naf_is_well_formed(code) && !regulation_naf_in_sector(context->regulation, code))
        rule_report(context, SEVERITY_WARNING, naf, "secteur",
                    "faites valider ce lieu de stage par l'équipe pédagogique (liste des codes : "
                    "templates/regles/naf-electrotechnique.tsv).",
                    "le code NAF %s n'appartient pas à la filière électrotechnique.", code);
    free(code);
}

static void check_siret(const struct rule_context *context, xmlNodePtr owner)
{
    xmlNodePtr node = xml_child(owner, "siret");
    char *siret = xml_child_text(owner, "siret");
    if (!siret)
        return;
    enum identifier_problem problem = siret_check(siret);
    if (problem == IDENTIFIER_BAD_FORMAT)
        rule_report(context, SEVERITY_ERROR, node, "identifiants",
                    "recopiez les 14 chiffres du SIRET sans espace (avis de situation INSEE).",
                    "le SIRET « %s » n'a pas 14 chiffres.", siret);
    else if (problem == IDENTIFIER_BAD_CHECKSUM)
        rule_report(context, SEVERITY_ERROR, node, "identifiants",
                    "un chiffre est sans doute mal recopié ; vérifiez le SIRET.",
                    "le SIRET %s a une clé de contrôle (Luhn) fausse.", siret);
    free(siret);
}

static void check_uai(const struct rule_context *context, xmlNodePtr owner, const char *whose)
{
    xmlNodePtr node = xml_child(owner, "uai");
    char *uai = xml_child_text(owner, "uai");
    if (!uai)
        return;
    char expected;
    enum identifier_problem problem = uai_check(uai, &expected);
    if (problem == IDENTIFIER_BAD_FORMAT)
        rule_report(context, SEVERITY_ERROR, node, "identifiants",
                    "l'UAI s'écrit avec 7 chiffres suivis d'une lettre majuscule (0330031E).",
                    "l'UAI « %s » %s est mal formé.", uai, whose);
    else if (problem == IDENTIFIER_BAD_CHECKSUM)
        rule_report(context, SEVERITY_ERROR, node, "identifiants",
                    "vérifiez l'UAI dans l'annuaire de l'éducation.",
                    "l'UAI %s %s a une lettre de contrôle fausse (attendue : %c).", uai, whose,
                    expected);
    free(uai);
}

static void check_naf(const struct rule_context *context)
{
    xmlNodePtr node = xml_child(context->stage->entreprise, "code-naf");
    char *code = xml_child_text(context->stage->entreprise, "code-naf");
    if (code && !naf_is_well_formed(code))
        rule_report(context, SEVERITY_ERROR, node, "identifiants",
                    "écrivez le code APE/NAF sous la forme 43.21A.",
                    "le code NAF « %s » est mal formé.", code);
    free(code);
}

void rule_identifiants(const struct rule_context *context)
{
    const struct stage *stage = context->stage;
    check_siret(context, stage->entreprise);
    check_naf(context);
    check_uai(context, stage->etablissement, "de l'établissement");
    check_uai(context, xml_child(stage->apprentissage, "centre-formation"),
              "du centre de formation");
}
