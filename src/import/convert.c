/* convert.c — cell values checked and written as the contract says. */
#include "convert.h"

#include <stdlib.h>
#include <string.h>

#include "../util/fold.h"
#include "sheetdate.h"

/* Text with its surrounding spaces and line breaks removed. */
static void trimmed(const char *text, struct strbuf *out)
{
    while (*text == ' ' || *text == '\t' || *text == '\n' || *text == '\r')
        text++;
    size_t len = strlen(text);
    while (len > 0 && strchr(" \t\r\n", text[len - 1]))
        len--;
    strbuf_add(out, text, len);
}

static bool looks_like_number(const char *text, double *number)
{
    char copy[64];
    size_t len = strlen(text);
    if (len == 0 || len >= sizeof copy)
        return false;
    memcpy(copy, text, len + 1);
    char *comma = strchr(copy, ',');
    if (comma)
        *comma = '.';
    char *end;
    *number = strtod(copy, &end);
    return end != copy && *end == '\0' && !strchr(copy, 'x') && !strchr(copy, 'X');
}

static bool convert_date(const struct table_cell *cell, const char *text, struct strbuf *value,
                         struct strbuf *message, const char **hint)
{
    date_t date;
    bool ok = cell->kind == CELL_DATE ? date_parse_iso(text, &date)
              : cell->kind == CELL_NUMBER ? sheetdate_from_serial(cell->number, false, &date)
                                          : sheetdate_parse_text(text, &date);
    if (!ok) {
        strbuf_printf(message, "« %s » n'est pas une date.", text);
        *hint = "écrivez la date au format JJ/MM/AAAA.";
        return false;
    }
    char iso[DATE_ISO_SIZE];
    date_format_iso(date, iso);
    strbuf_puts(value, iso);
    return true;
}

static bool convert_choice(const char *text, enum column_kind kind, struct strbuf *value,
                           struct strbuf *message, const char **hint)
{
    char *folded = fold_for_comparison(text);
    const char *result = NULL;
    if (folded && kind == KIND_YES_NO) {
        if (!strcmp(folded, "oui") || !strcmp(folded, "o") || !strcmp(folded, "1") ||
            !strcmp(folded, "x") || !strcmp(folded, "vrai"))
            result = "oui";
        else if (!strcmp(folded, "non") || !strcmp(folded, "n") || !strcmp(folded, "0") ||
                 !strcmp(folded, "faux"))
            result = "non";
    } else if (folded) {
        if (!strcmp(folded, "m") || !strcmp(folded, "monsieur") || !strcmp(folded, "mr") ||
            !strcmp(folded, "h"))
            result = "M.";
        else if (!strcmp(folded, "mme") || !strcmp(folded, "madame") || !strcmp(folded, "f") ||
                 !strcmp(folded, "mlle"))
            result = "Mme";
    }
    free(folded);
    if (result) {
        strbuf_puts(value, result);
        return true;
    }
    strbuf_printf(message, "« %s » n'est pas %s.", text,
                  kind == KIND_YES_NO ? "oui ou non" : "une civilité");
    *hint = kind == KIND_YES_NO ? "écrivez oui ou non." : "écrivez M. ou Mme.";
    return false;
}

bool convert_cell(const struct table_cell *cell, enum column_kind kind, struct strbuf *value,
                  struct strbuf *message, const char **hint)
{
    struct strbuf text = STRBUF_INIT;
    trimmed(cell->text ? cell->text : "", &text);
    const char *t = strbuf_str(&text);
    double number = cell->number;
    bool ok = true;
    if (kind == KIND_DATE) {
        ok = convert_date(cell, t, value, message, hint);
    } else if (kind == KIND_YES_NO || kind == KIND_CIVILITE) {
        ok = convert_choice(t, kind, value, message, hint);
    } else if (kind == KIND_NUMBER) {
        ok = cell->kind == CELL_NUMBER || looks_like_number(t, &number);
        if (ok) {
            char shortest[32];
            table_number_text(number, shortest);
            strbuf_puts(value, shortest);
        } else {
            strbuf_printf(message, "« %s » n'est pas un nombre.", t);
            *hint = "écrivez un nombre (chiffres, virgule ou point pour les décimales).";
        }
    } else if (kind == KIND_TEXT && (cell->kind == CELL_NUMBER || cell->kind == CELL_DATE ||
                                     looks_like_number(t, &number))) {
        strbuf_printf(message, "« %s » est un nombre ; un texte est attendu.", t);
        *hint = "écrivez le texte attendu par la colonne (un nom, une ville…).";
        ok = false;
    } else {
        strbuf_puts(value, t);
    }
    strbuf_free(&text);
    return ok;
}
