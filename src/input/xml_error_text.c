/* xml_error_text.c — French wording of libxml2's parse errors (see
 * xml_error_text.h). Each code libxml2 gives for a file a person could
 * have typed has a sentence; "%1" and "%2" stand for the names the error
 * carries (error->str1, error->str2), escaped later like every message. */
#include "xml_error_text.h"

#include <stddef.h>

struct error_wording {
    int code;
    const char *text;
};

static const struct error_wording wordings[] = {
    {XML_ERR_DOCUMENT_EMPTY, "le fichier est vide"},
    {XML_ERR_DOCUMENT_START, "le fichier ne commence pas par une balise"},
    {XML_ERR_DOCUMENT_END, "le document ne se termine pas proprement (texte après la "
                           "dernière balise, ou balise jamais fermée)"},
    {XML_ERR_INVALID_CHAR, "caractère interdit en XML, ou octets qui ne sont pas de l'UTF-8 "
                          "(le fichier a sans doute été enregistré dans un autre encodage)"},
    {XML_ERR_INVALID_CHARREF, "référence de caractère (&#…;) invalide"},
    {XML_ERR_INVALID_ENCODING, "octets qui ne sont pas de l'UTF-8 (le fichier a sans doute "
                               "été enregistré dans un autre encodage)"},
    {XML_ERR_UNKNOWN_ENCODING, "encodage « %1 » inconnu"},
    {XML_ERR_UNSUPPORTED_ENCODING, "encodage « %1 » non pris en charge"},
    {XML_ERR_UNDECLARED_ENTITY, "l'entité « &%1; » n'est pas définie (écrivez le caractère "
                                "lui-même ; pour « & », écrivez &amp;)"},
    {XML_WAR_UNDECLARED_ENTITY, "l'entité « &%1; » n'est pas définie (écrivez le caractère "
                                "lui-même ; pour « & », écrivez &amp;)"},
    {XML_ERR_ENTITYREF_SEMICOL_MISSING, "un « & » n'est pas suivi d'un nom terminé par « ; » "
                                        "(pour « & » lui-même, écrivez &amp;)"},
    {XML_ERR_NAME_REQUIRED, "un nom de balise ou d'entité est attendu ici (pour « & » ou "
                            "« < » dans un texte, écrivez &amp; ou &lt;)"},
    {XML_ERR_LT_IN_ATTRIBUTE, "« < » dans la valeur d'un attribut (écrivez &lt;)"},
    {XML_ERR_ATTRIBUTE_NOT_STARTED, "la valeur d'un attribut doit être entre guillemets"},
    {XML_ERR_STRING_NOT_STARTED, "la valeur d'un attribut doit être entre guillemets"},
    {XML_ERR_ATTRIBUTE_NOT_FINISHED, "la valeur de l'attribut « %1 » n'est pas refermée"},
    {XML_ERR_STRING_NOT_CLOSED, "un texte entre guillemets n'est pas refermé"},
    {XML_ERR_LITERAL_NOT_FINISHED, "un texte entre guillemets n'est pas refermé"},
    {XML_ERR_ATTRIBUTE_WITHOUT_VALUE, "l'attribut « %1 » n'a pas de valeur (écrivez %1=\"…\")"},
    {XML_ERR_ATTRIBUTE_REDEFINED, "l'attribut « %1 » est donné deux fois dans la même balise"},
    {XML_ERR_EQUAL_REQUIRED, "« = » attendu entre le nom d'un attribut et sa valeur"},
    {XML_ERR_SPACE_REQUIRED, "une espace est attendue ici"},
    {XML_ERR_GT_REQUIRED, "la balise n'est pas fermée par « > »"},
    {XML_ERR_LTSLASH_REQUIRED, "balise fermante « </…> » attendue"},
    {XML_ERR_TAG_NAME_MISMATCH, "la balise <%1> est fermée par </%2>"},
    {XML_ERR_TAG_NOT_FINISHED, "la balise <%1> n'est jamais fermée"},
    {XML_ERR_NOT_WELL_BALANCED, "les balises ne sont pas bien imbriquées"},
    {XML_ERR_COMMENT_NOT_FINISHED, "un commentaire « <!-- » n'est pas refermé par « --> »"},
    {XML_ERR_HYPHEN_IN_COMMENT, "« -- » à l'intérieur d'un commentaire"},
    {XML_ERR_PI_NOT_FINISHED, "une instruction « <? » n'est pas refermée par « ?> »"},
    {XML_ERR_CDATA_NOT_FINISHED, "une section « <![CDATA[ » n'est pas refermée par « ]]> »"},
    {XML_ERR_XMLDECL_NOT_FINISHED, "la déclaration « <?xml … ?> » est mal formée"},
    {XML_ERR_VERSION_MISSING, "la déclaration « <?xml … ?> » n'a pas de version"},
    {XML_ERR_RESERVED_XML_NAME, "« <?xml » n'est permis qu'au tout début du fichier"},
    {XML_NS_ERR_UNDEFINED_NAMESPACE, "le préfixe « %1: » n'est déclaré par aucun xmlns"},
};

static void add_wording(const char *text, const xmlError *error, struct strbuf *out)
{
    for (const char *at = text; *at; at++) {
        if (at[0] == '%' && (at[1] == '1' || at[1] == '2')) {
            const char *name = at[1] == '1' ? error->str1 : error->str2;
            strbuf_puts(out, name ? name : "?");
            at++;
        } else {
            strbuf_add(out, at, 1);
        }
    }
}

void xml_error_text(const xmlError *error, struct strbuf *out)
{
    for (size_t i = 0; i < sizeof wordings / sizeof wordings[0]; i++)
        if (wordings[i].code == error->code) {
            add_wording(wordings[i].text, error, out);
            return;
        }
    strbuf_printf(out, "erreur de syntaxe XML (n° %d de libxml2)", error->code);
}
