/* schema_text.c — libxml2's schema messages in French (schema_text.h). */
#include "schema_text.h"

#include <string.h>

void schema_text_init(struct schema_text *text)
{
    text->message = (struct strbuf)STRBUF_INIT;
    text->plain = (struct strbuf)STRBUF_INIT;
    text->name = (struct strbuf)STRBUF_INIT;
}

void schema_text_free(struct schema_text *text)
{
    strbuf_free(&text->message);
    strbuf_free(&text->plain);
    strbuf_free(&text->name);
}

/* The text between the quote after key and the next quote: key "Element '"
 * in "Element 'stage': …" gives "stage". False when key is absent. */
static bool quoted_after(const char *english, const char *key, struct strbuf *out)
{
    const char *at = strstr(english, key);
    if (!at)
        return false;
    at += strlen(key);
    const char *end = strchr(at, '\'');
    if (!end)
        return false;
    strbuf_reset(out);
    strbuf_add(out, at, (size_t)(end - at));
    return true;
}

/* "( a, b, c )" after key, as "a, b, c". */
static bool list_after(const char *english, const char *key, struct strbuf *out)
{
    const char *at = strstr(english, key);
    const char *open = at ? strchr(at, '(') : NULL;
    const char *close = open ? strchr(open, ')') : NULL;
    if (!close)
        return false;
    open++;
    while (open < close && *open == ' ')
        open++;
    while (close > open && close[-1] == ' ')
        close--;
    strbuf_add(out, open, (size_t)(close - open));
    return true;
}

/* "a, b" as "<a>, <b>": element names the workbook words rewrite. */
static void tagged(const char *list, struct strbuf *out)
{
    for (const char *p = list; *p;) {
        size_t len = strcspn(p, ", ");
        if (len)
            strbuf_printf(out, "<%.*s>", (int)len, p);
        p += len;
        size_t gap = strspn(p, ", ");
        strbuf_add(out, p, gap);
        p += gap;
    }
}

/* "{'a', 'b'}" as "a, b". */
static void set_after(const char *english, struct strbuf *out)
{
    const char *open = strchr(english, '{');
    const char *close = open ? strchr(open, '}') : NULL;
    for (const char *p = open ? open + 1 : NULL; p && p < close; p++)
        if (*p != '\'')
            strbuf_add(out, p, 1);
}

void schema_text_translate(const char *english, struct schema_text *text)
{
    struct strbuf element = STRBUF_INIT, attribute = STRBUF_INIT, value = STRBUF_INIT,
                  list = STRBUF_INIT;
    bool has_element = quoted_after(english, "Element '", &element);
    bool has_attribute = quoted_after(english, "attribute '", &attribute) ||
                         quoted_after(english, "The attribute '", &attribute);
    strbuf_printf(&text->message, "<%s>", has_element ? strbuf_str(&element) : "?");
    if (has_attribute && !strstr(english, "is required but missing"))
        strbuf_printf(&text->message, ", attribut « %s »", strbuf_str(&attribute));
    strbuf_puts(&text->message, " : ");
    strbuf_puts(&text->name, has_attribute ? strbuf_str(&attribute) : strbuf_str(&element));
    struct strbuf *plain = &text->plain;
    if (strstr(english, "[facet 'enumeration']") && quoted_after(english, "The value '", &value)) {
        set_after(english, &list);
        strbuf_printf(plain, "la valeur « %s » n'est pas permise (valeurs permises : %s)",
                      strbuf_str(&value), strbuf_str(&list));
    } else if (strstr(english, "[facet 'pattern']") &&
               quoted_after(english, "The value '", &value)) {
        strbuf_printf(plain, "« %s » n'a pas la forme attendue", strbuf_str(&value));
    } else if (strstr(english, "[facet 'minLength']") || strstr(english, "[facet 'length']")) {
        strbuf_puts(plain, "la valeur est vide ou trop courte");
    } else if (strstr(english, "[facet 'maxLength']") &&
               quoted_after(english, "has a length of '", &value) &&
               quoted_after(english, "maximum length of '", &list)) {
        strbuf_printf(plain,
                      "le texte fait %s caractères, au-delà du maximum de %s que les documents "
                      "peuvent imprimer ; raccourcissez-le à %s caractères au plus",
                      strbuf_str(&value), strbuf_str(&list), strbuf_str(&list));
    } else if (strstr(english, "[facet 'maxLength']")) {
        strbuf_puts(plain, "la valeur est trop longue");
    } else if (strstr(english, "is not a valid value of the atomic type") &&
               quoted_after(english, "': '", &value)) {
        strbuf_printf(plain, "« %s » n'est pas une valeur possible ici", strbuf_str(&value));
    } else if (strstr(english, "is required but missing")) {
        strbuf_printf(plain, "« %s » manque ; il est obligatoire", strbuf_str(&attribute));
        strbuf_printf(&text->message, "l'attribut obligatoire « %s » manque",
                      strbuf_str(&attribute));
    } else if (strstr(english, "is not allowed") && has_attribute) {
        strbuf_printf(plain, "« %s » n'a pas sa place ici", strbuf_str(&attribute));
    } else if (strstr(english, "Missing child element") &&
               list_after(english, "Expected is", &list)) {
        strbuf_puts(plain, "il manque ");
        tagged(strbuf_str(&list), plain);
        strbuf_printf(&text->message, "il manque un élément : %s", strbuf_str(&list));
    } else if (strstr(english, "This element is not expected")) {
        bool known = list_after(english, "Expected is", &list);
        strbuf_puts(plain, known ? "il manque d'abord " : "valeur inattendue ici");
        if (known)
            tagged(strbuf_str(&list), plain);
        strbuf_printf(&text->message, "élément inattendu à cet endroit%s%s",
                      known ? " ; attendu : " : "", known ? strbuf_str(&list) : "");
    } else if (strstr(english, "Character content other than whitespace")) {
        strbuf_puts(plain, "du texte là où n'en est pas permis");
    } else if (strstr(english, "No matching global declaration")) {
        strbuf_puts(plain, "l'élément racine doit être <stage> ou <promotion>");
    } else {
        strbuf_puts(plain, "contenu non conforme au format d'entrée");
    }
    if (!strstr(strbuf_str(&text->message), "manque") &&
        !strstr(strbuf_str(&text->message), "inattendu"))
        strbuf_add(&text->message, strbuf_str(plain), plain->len);
    strbuf_free(&element);
    strbuf_free(&attribute);
    strbuf_free(&value);
    strbuf_free(&list);
}
