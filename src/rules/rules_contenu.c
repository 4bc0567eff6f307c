/* rules_contenu.c — the content of the stage (activities, English
 * documents) and the information lines for particular candidates. */
#include <stdlib.h>
#include <string.h>

#include "../input/xmlnode.h"
#include "../model/countries.h"
#include "regulation.h"
#include "../util/fold.h"
#include "rules.h"

void rule_activites(const struct rule_context *context)
{
    xmlNodePtr activites = xml_child(context->stage->root, "activites");
    if (!activites)
        return; /* reported by `requis` */
    long minimum = regulation_param(context->regulation, "activites.minimum") / 100;
    size_t count = xml_count_children(activites, "activite");
    if ((long)count < minimum)
        rule_report(context, SEVERITY_ERROR, activites, "activites",
                    "décrivez au moins deux activités, de préférence de domaines différents.",
                    "%zu activité%s seulement ; le règlement demande plusieurs activités du "
                    "référentiel.",
                    count, count > 1 ? "s" : "");
}

void rule_anglais(const struct rule_context *context)
{
    xmlNodePtr documents = xml_child(context->stage->root, "documents-anglais");
    if (!documents)
        return;
    size_t technical = 0, press = 0, total = 0;
    XML_FOR_EACH_CHILD(document, documents, "document") {
        const char *nature = xml_attr(document, "nature");
        technical += nature && strcmp(nature, "technique") == 0;
        press += nature && strcmp(nature, "presse") == 0;
        total++;
    }
    if (total != 3 || technical != 1 || press != 2)
        rule_report(context, SEVERITY_ERROR, documents, "anglais",
                    "donnez exactement trois documents : un nature=\"technique\" et deux "
                    "nature=\"presse\".",
                    "%zu document%s en anglais (%zu technique, %zu presse) ; il en faut trois : "
                    "un technique et deux extraits de presse.",
                    total, total > 1 ? "s" : "", technical, press);
}

void rule_etranger(const struct rule_context *context)
{
    const struct stage *stage = context->stage;
    if (!stage->pays || strcmp(stage->pays, "FR") == 0)
        return;
    const char *name = countries_name_fr(regulation_countries(context->regulation), stage->pays);
    rule_report(context, SEVERITY_INFO, stage->entreprise, "etranger",
                "pour une convention en français et en anglais, ajoutez langue=\"fr,en\" à "
                "<stage> ou construisez-la avec --langue fr,en.",
                "stage à l'étranger (%s) : la convention peut être adaptée à la législation du "
                "pays d'accueil ; le stage reste sous le contrôle des autorités académiques et "
                "du conseiller de coopération et d'action culturelle de l'ambassade.",
                name ? name : stage->pays);
}

static void check_country_code(const struct rule_context *context, xmlNodePtr where,
                               const char *code)
{
    if (code && !countries_name_fr(regulation_countries(context->regulation), code))
        rule_report(context, SEVERITY_ERROR, where, "pays",
                    "écrivez le code ISO 3166-1 du pays en deux majuscules (DE, BE, ES…) ; "
                    "la liste est templates/pays.tsv.",
                    "« %s » n'est pas un code de pays connu.", code);
}

/* Every adresse/pays and identifiant/@pays under node names a country of
 * the table: the documents print its name, not the code. */
static void check_country_codes(const struct rule_context *context, xmlNodePtr node)
{
    for (xmlNodePtr child = node->children; child; child = child->next) {
        if (child->type != XML_ELEMENT_NODE)
            continue;
        if (xml_is(child, "identifiant"))
            check_country_code(context, child, xml_attr(child, "pays"));
        if (xml_is(child, "adresse")) {
            char *code = xml_child_text(child, "pays");
            check_country_code(context, xml_child(child, "pays"), code);
            free(code);
        }
        check_country_codes(context, child);
    }
}

void rule_pays(const struct rule_context *context)
{
    check_country_codes(context, context->stage->root);
}

void rule_formation_continue(const struct rule_context *context)
{
    const struct stage *stage = context->stage;
    if (stage->voie != VOIE_FORMATION_CONTINUE)
        return;
    xmlNodePtr situation = xml_child(stage->root, "formation-continue");
    const char *particular = xml_attr(situation, "contrat-particulier");
    if (particular && strcmp(particular, "oui") == 0)
        rule_report(context, SEVERITY_INFO, situation, "formation-continue", NULL,
                    "contrat de travail de type particulier : le stage est inclus dans la "
                    "période de formation en milieu professionnel si les activités sont "
                    "conformes au référentiel.");
    else
        rule_report(context, SEVERITY_INFO, situation ? situation : stage->root,
                    "formation-continue", NULL,
                    "formation continue : stage de 6 à 8 semaines ; l'organisme de formation "
                    "peut aider à trouver l'entreprise, le stagiaire peut être salarié d'un "
                    "autre secteur.");
}

void rule_redoublement(const struct rule_context *context)
{
    const struct stage *stage = context->stage;
    if (!stage->redoublement)
        return;
    const char *choice = strcmp(stage->redoublement, "reprise") == 0
                             ? "présente son précédent rapport de stage"
                         : strcmp(stage->redoublement, "modification") == 0
                             ? "présente son précédent rapport, modifié"
                             : "élabore un nouveau rapport après une nouvelle période de stage";
    rule_report(context, SEVERITY_INFO, xml_child(stage->stagiaire.node, "redoublement"),
                "redoublement", NULL,
                "candidat ayant échoué à une session antérieure : il %s (le règlement lui "
                "laisse ce choix).",
                choice);
}

/* The first character of text that no face of the document fonts has. */
static unsigned unprintable_character(const struct font_set *fonts, const char *text)
{
    while (*text) {
        unsigned codepoint;
        text += utf8_decode(text, &codepoint);
        if (codepoint < 0x20)
            continue; /* line breaks and tabs of the XML layout */
        bool found = false;
        for (int style = 0; style < FONT_STYLE_COUNT && !found; style++)
            found = font_glyph(font_set_face(fonts, (enum font_style)style), codepoint) != 0;
        if (!found)
            return codepoint;
    }
    return 0;
}

static void report_unprintable(const struct rule_context *context, xmlNodePtr element,
                               const char *where, unsigned codepoint)
{
    char character[5] = {0};
    utf8_encode(codepoint, character);
    rule_report(context, SEVERITY_ERROR, element, "caracteres",
                "remplacez-le (translittération) ou ajoutez à fonts/ une police qui le contient.",
                "le caractère « %s » (U+%04X) de %s n'existe dans aucune police des documents.",
                character, codepoint, where);
}

static void check_element_characters(const struct rule_context *context, xmlNodePtr element)
{
    char where[96];
    for (xmlAttrPtr attr = element->properties; attr; attr = attr->next) {
        unsigned bad = unprintable_character(context->fonts, xml_attr(element, (const char *)attr->name));
        if (bad) {
            snprintf(where, sizeof where, "l'attribut %s de <%s>", attr->name, element->name);
            report_unprintable(context, element, where, bad);
        }
    }
    for (xmlNodePtr child = element->children; child; child = child->next) {
        if (child->type == XML_ELEMENT_NODE) {
            check_element_characters(context, child);
        } else if (child->type == XML_TEXT_NODE && child->content) {
            unsigned bad = unprintable_character(context->fonts, (const char *)child->content);
            if (bad) {
                snprintf(where, sizeof where, "<%s>", element->name);
                report_unprintable(context, element, where, bad);
            }
        }
    }
}

void rule_caracteres(const struct rule_context *context)
{
    if (context->fonts)
        check_element_characters(context, context->stage->root);
}
