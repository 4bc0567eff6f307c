/* convert.c — one workbook cell read the way people type it, to the value
 * the contract wants; and a contract value written so that it reads back the
 * same.
 *
 * Each kind of columns.h has its reader below. A reader accepts what it can
 * read without guessing, restores a leading zero a spreadsheet removed when
 * that is unambiguous (with a warning), and otherwise refuses the cell with
 * a message that quotes it and a hint that says what to write. Checksums
 * (SIRET, UAI) are the rules' business (rules/identifiers.h): they are only
 * used here to decide whether a restored zero is the right one. */
#include "convert.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../rules/identifiers.h"
#include "../util/date.h"
#include "../util/fold.h"
#include "../util/termtext.h"
#include "sheetdate.h"

/* One cell being read. */
struct reading {
    const struct table_cell *cell;
    const char *text; /* trimmed */
    char *shown; /* text as a message quotes it (quoted()), made when needed */
    const struct column_spec *spec;
    const struct cell_context *context;
    struct cell_verdict *out;
};

/* The cell's text as a message quotes it: escaped and cut (a cell may hold
 * a megabyte or escape sequences), made once, only for a message. */
static const char *quoted(struct reading *r)
{
    if (!r->shown)
        r->shown = termtext_escape(r->text, TERMTEXT_MAX_CHARACTERS);
    return r->shown ? r->shown : "";
}

static const char *const restored_zero_warning =
    "le tableur avait retiré le zéro initial. À faire : mettez la colonne au format Texte "
    "pour garder les zéros.";

void cell_verdict_init(struct cell_verdict *verdict)
{
    *verdict = (struct cell_verdict){STRBUF_INIT, STRBUF_INIT, STRBUF_INIT, STRBUF_INIT};
}

void cell_verdict_reset(struct cell_verdict *verdict)
{
    strbuf_reset(&verdict->value);
    strbuf_reset(&verdict->warning);
    strbuf_reset(&verdict->message);
    strbuf_reset(&verdict->hint);
}

void cell_verdict_free(struct cell_verdict *verdict)
{
    strbuf_free(&verdict->value);
    strbuf_free(&verdict->warning);
    strbuf_free(&verdict->message);
    strbuf_free(&verdict->hint);
}

/* Refuses the cell: the message (formatted) and the hint. */
static bool refuse(struct reading *r, const char *hint, const char *format, ...)
    __attribute__((format(printf, 3, 4)));

static bool refuse(struct reading *r, const char *hint, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    strbuf_vprintf(&r->out->message, format, args);
    va_end(args);
    strbuf_puts(&r->out->hint, hint);
    return false;
}

static bool accept(struct reading *r, const char *value)
{
    strbuf_puts(&r->out->value, value);
    return true;
}

/* ----------------------------------------------------------- text helpers */

/* The length of the space at text: ASCII blanks, no-break (U+00A0), narrow
 * no-break (U+202F) and thin (U+2009) spaces; 0 when none. */
static size_t space_at(const char *text)
{
    const unsigned char *s = (const unsigned char *)text;
    if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
        return 1;
    if (s[0] == 0xC2 && s[1] == 0xA0)
        return 2;
    if (s[0] == 0xE2 && s[1] == 0x80 && (s[2] == 0xAF || s[2] == 0x89))
        return 3;
    return 0;
}

/* The length of the space that ends text[0..len), or 0. */
static size_t space_before(const char *text, size_t len)
{
    for (size_t n = 1; n <= 3 && n <= len; n++)
        if (space_at(text + len - n) == n)
            return n;
    return 0;
}

static void trim_into(const char *text, size_t len, struct strbuf *out)
{
    size_t n;
    while (len > 0 && (n = space_at(text)) > 0)
        text += n, len -= n;
    while (len > 0 && (n = space_before(text, len)) > 0)
        len -= n;
    strbuf_add(out, text, len);
}

/* text without its spaces and without the ASCII characters of drop. */
static void squeeze(const char *text, const char *drop, struct strbuf *out)
{
    while (*text) {
        size_t n = space_at(text);
        if (n)
            text += n;
        else if (strchr(drop, *text))
            text++;
        else
            strbuf_add(out, text++, 1);
    }
}

static bool all_digits(const char *text)
{
    if (!*text)
        return false;
    for (; *text; text++)
        if (!isdigit((unsigned char)*text))
            return false;
    return true;
}

/* Digits, then optionally one comma or dot and digits: "4,35", ",5", "12",
 * "4,". *int_len receives the number of digits before the separator,
 * *separator the comma or dot (NULL when none). */
static bool split_decimal(const char *text, size_t *int_len, const char **separator)
{
    size_t i = strspn(text, "0123456789");
    *int_len = i;
    *separator = NULL;
    if (text[i] == '\0')
        return i > 0;
    if (text[i] != ',' && text[i] != '.')
        return false;
    *separator = text + i;
    return all_digits(text + i + 1);
}

/* Whether text is only a number (« 33000 », « -4,5 »): a text column refuses it. */
static bool is_only_a_number(const char *text)
{
    struct strbuf plain = STRBUF_INIT;
    squeeze(text, "", &plain);
    const char *p = strbuf_str(&plain);
    if (*p == '-' || *p == '+')
        p++;
    size_t int_len;
    const char *separator;
    bool number = split_decimal(p, &int_len, &separator) && (int_len > 0 || separator);
    strbuf_free(&plain);
    return number;
}

/* The text of a number cell when it is a whole number from 0 to 10^15. */
static bool whole_number_text(const struct table_cell *cell, char out[32])
{
    double number = table_cell_number(cell);
    if (cell->kind != CELL_NUMBER || !isfinite(number) || number < 0 || number >= 1e15 ||
        number != floor(number))
        return false;
    table_number_text(number, out);
    return true;
}

/* ----------------------------------------------------------- texts and codes */

static bool read_text(struct reading *r)
{
    if (r->cell->kind == CELL_NUMBER || is_only_a_number(r->text))
        return refuse(r, "écrivez le texte attendu par la colonne (un nom, une ville…).",
                      "« %s » est un nombre ; un texte est attendu.", quoted(r));
    return accept(r, r->text);
}

/* A code the spreadsheet turned into a number may have lost a leading zero
 * or its spaces (« 033202609000012 », « 10 552 901 774 »): kept, and said. */
static bool read_code(struct reading *r)
{
    if (r->cell->kind == CELL_NUMBER)
        strbuf_printf(&r->out->warning,
                      "« %s » a été lu comme un nombre par le tableur : vérifiez qu'il n'a "
                      "perdu ni zéro initial ni espaces. À faire : mettez la colonne au format "
                      "Texte et recopiez la valeur.", quoted(r));
    return accept(r, r->text);
}

static bool read_file(struct reading *r)
{
    const char *t = r->text;
    size_t len = strlen(t);
    struct strbuf inner = STRBUF_INIT;
    if (len >= 2 && ((t[0] == '"' && t[len - 1] == '"') || (t[0] == '\'' && t[len - 1] == '\'')))
        trim_into(t + 1, len - 2, &inner);
    else
        strbuf_puts(&inner, t);
    bool ok = inner.len > 0;
    if (ok) {
        for (char *p = inner.data; *p; p++)
            if (*p == '\\')
                *p = '/';
        accept(r, strbuf_str(&inner));
    } else {
        refuse(r, "écrivez le chemin du fichier, relatif au dossier du tableur "
                  "(par exemple rapports/dupont.pdf).",
               "« %s » ne nomme aucun fichier.", quoted(r));
    }
    strbuf_free(&inner);
    return ok;
}

/* ----------------------------------------------------------- dates */

static bool read_date(struct reading *r)
{
    date_t date;
    bool ok = r->cell->kind == CELL_DATE     ? date_parse_iso(r->text, &date)
              : r->cell->kind == CELL_NUMBER ? sheetdate_from_serial(table_cell_number(r->cell), false, &date)
                                             : sheetdate_parse_text(r->text, &date);
    if (!ok)
        return refuse(r, "écrivez la date au format JJ/MM/AAAA (par exemple 18/05/2027).",
                      "« %s » n'est pas une date.", quoted(r));
    char iso[DATE_ISO_SIZE];
    date_format_iso(date, iso);
    return accept(r, iso);
}

/* ----------------------------------------------------------- numbers */

/* The number's text: a number cell's shortest text, or the typed text
 * without its spaces (thousands separators). */
static void number_source(struct reading *r, struct strbuf *out)
{
    if (r->cell->kind == CELL_NUMBER) {
        char text[32];
        table_number_text(table_cell_number(r->cell), text);
        strbuf_puts(out, text);
    } else {
        squeeze(r->text, "", out);
    }
}

/* A non-negative decimal: digits, a comma or a dot, digits. Writes it with a
 * dot, the typed digits kept ("4,50" → "4.50", ",5" → "0.5"); *decimals
 * receives the number of decimals. */
static bool plain_decimal(const char *text, struct strbuf *out, size_t *decimals)
{
    size_t int_len;
    const char *separator;
    if (!split_decimal(text, &int_len, &separator))
        return false;
    if (separator && separator[1] == '\0')
        return false; /* « 4, » */
    if (int_len == 0)
        strbuf_puts(out, "0");
    strbuf_add(out, text, int_len);
    *decimals = separator ? strlen(separator + 1) : 0;
    if (separator) {
        strbuf_puts(out, ".");
        strbuf_puts(out, separator + 1);
    }
    return true;
}

static bool read_number(struct reading *r)
{
    struct strbuf source = STRBUF_INIT, value = STRBUF_INIT;
    number_source(r, &source);
    const char *s = strbuf_str(&source);
    size_t decimals;
    bool ok;
    if (*s == '-' && plain_decimal(s + 1, &value, &decimals))
        ok = refuse(r, "écrivez un nombre positif ou nul, sans signe moins.",
                    "« %s » est négatif ; un nombre positif ou nul est attendu.", quoted(r));
    else if (plain_decimal(*s == '+' ? s + 1 : s, &value, &decimals))
        ok = accept(r, strbuf_str(&value));
    else
        ok = refuse(r, "écrivez un nombre (chiffres, virgule ou point pour les décimales).",
                    "« %s » n'est pas un nombre.", quoted(r));
    strbuf_free(&source);
    strbuf_free(&value);
    return ok;
}

static bool read_integer(struct reading *r)
{
    char text[32];
    if (whole_number_text(r->cell, text))
        return accept(r, text);
    struct strbuf source = STRBUF_INIT;
    number_source(r, &source);
    const char *s = strbuf_str(&source);
    bool ok;
    size_t int_len;
    const char *separator;
    if (all_digits(s))
        ok = accept(r, s);
    else if (*s == '-' && split_decimal(s + 1, &int_len, &separator))
        ok = refuse(r, "écrivez un nombre entier positif ou nul, sans signe moins.",
                    "« %s » est négatif ; un nombre entier positif ou nul est attendu.", quoted(r));
    else if (split_decimal(s, &int_len, &separator) && separator)
        ok = refuse(r, "écrivez le nombre sans virgule ni décimales, par exemple 45.",
                    "« %s » a des décimales ; un nombre entier est attendu.", quoted(r));
    else
        ok = refuse(r, "écrivez un nombre entier en chiffres, par exemple 45.",
                    "« %s » n'est pas un nombre entier.", quoted(r));
    strbuf_free(&source);
    return ok;
}

/* Whether text ends with suffix, any case; *len receives the length before it. */
static bool ends_with(const char *text, const char *suffix, size_t *len)
{
    size_t n = strlen(text), m = strlen(suffix);
    if (n < m || strncasecmp(text + n - m, suffix, m) != 0)
        return false;
    *len = n - m;
    return true;
}

static bool read_amount(struct reading *r)
{
    struct strbuf typed = STRBUF_INIT, source = STRBUF_INIT, value = STRBUF_INIT;
    if (r->cell->kind == CELL_NUMBER) {
        number_source(r, &source);
    } else {
        static const char *const currencies[] = {"€", "euros", "euro", "eur"};
        size_t len = strlen(r->text);
        for (size_t i = 0; i < sizeof currencies / sizeof *currencies; i++)
            if (ends_with(r->text, currencies[i], &len))
                break;
        trim_into(r->text, len, &typed);
        squeeze(strbuf_str(&typed), "", &source);
    }
    const char *s = strbuf_str(&source);
    size_t decimals = 0;
    bool ok;
    if (*s == '-' && plain_decimal(s + 1, &value, &decimals))
        ok = refuse(r, "écrivez le montant sans signe moins (0,00 quand il n'y a rien à verser).",
                    "« %s » est négatif ; un montant est positif ou nul.", quoted(r));
    else if (!plain_decimal(s, &value, &decimals))
        ok = refuse(r, "écrivez le montant en euros avec une virgule avant les centimes, par "
                       "exemple 4,35 ou 1 050,00 €.",
                    "« %s » n'est pas un montant en euros.", quoted(r));
    else if (decimals > 2)
        ok = refuse(r, "arrondissez le montant au centime : deux chiffres au plus après la "
                       "virgule.",
                    "« %s » a %zu décimales ; un montant en euros en a au plus deux (les "
                    "centimes).", quoted(r), decimals);
    else
        ok = accept(r, strbuf_str(&value));
    strbuf_free(&typed);
    strbuf_free(&source);
    strbuf_free(&value);
    return ok;
}

/* ----------------------------------------------------------- times */

/* Reads min to max digits at *p and moves past them; -1 (and *p kept)
 * when there are fewer than min. */
static int digits_at(const char **p, int min, int max)
{
    int value = 0, n = 0;
    while (n < max && isdigit((unsigned char)(*p)[n]))
        value = value * 10 + ((*p)[n++] - '0');
    if (n < min)
        return -1;
    *p += n;
    return value;
}

/* "08:00", "8:00", "08:00:00", "8h", "8h30", "8 h 30", "1h30min" and, for a
 * duration, "30 min" or "90 minutes": *hours and *mins as read (not yet
 * checked against 23 and 59, so that the message can say which is wrong).
 * False on anything else. */
static bool parse_clock(const char *text, bool duration, int *hours, int *mins)
{
    struct strbuf plain = STRBUF_INIT;
    squeeze(text, "", &plain);
    for (char *c = plain.data; c && *c; c++)
        *c = (char)tolower((unsigned char)*c);
    const char *p = strbuf_str(&plain);
    static const char *const minute_words[] = {"minutes", "minute", "min", "mn", ""};
    bool ok = false;
    *hours = digits_at(&p, 1, 2);
    *mins = 0;
    if (*hours >= 0 && *p == ':') {
        p++;
        *mins = digits_at(&p, 2, 2);
        if (*mins >= 0 && *p == ':') {
            p++;
            ok = digits_at(&p, 2, 2) == 0 && *p == '\0';
        } else {
            ok = *mins >= 0 && *p == '\0';
        }
    } else if (*hours >= 0 && *p == 'h') {
        p++;
        if (isdigit((unsigned char)*p)) {
            *mins = digits_at(&p, 2, 2);
            for (size_t i = 0; *mins >= 0 && i < sizeof minute_words / sizeof *minute_words; i++)
                if (!strcmp(p, minute_words[i]))
                    ok = true;
        } else {
            ok = *p == '\0';
        }
    } else if (duration) {
        p = strbuf_str(&plain);
        int total = digits_at(&p, 1, 4);
        if (total >= 0 && *p)
            for (size_t i = 0; i + 1 < sizeof minute_words / sizeof *minute_words; i++)
                if (!strcmp(p, minute_words[i]))
                    ok = true;
        if (ok) {
            *hours = total / 60;
            *mins = total % 60;
        }
    }
    strbuf_free(&plain);
    return ok;
}

static bool read_clock(struct reading *r)
{
    bool duration = r->spec->kind == KIND_DURATION;
    const char *hint = duration ? "écrivez la durée au format HH:MM, par exemple 00:30 ou 01:30 "
                                  "(« 30 min » et « 1h30 » sont lus aussi)."
                                : "écrivez l'heure au format HH:MM, par exemple 08:00 ou 16:30 "
                                  "(« 8h » et « 8h30 » sont lus aussi).";
    const char *what = duration ? "une durée" : "une heure";
    int hours, mins;
    if (r->cell->kind == CELL_NUMBER) {
        /* A time cell: a fraction of a day. */
        double number = table_cell_number(r->cell);
        if (!isfinite(number) || number < 0 || number >= 1)
            return refuse(r, hint, "« %s » n'est pas %s.", quoted(r), what);
        long total = lround(number * 24 * 60);
        hours = (int)(total / 60);
        mins = (int)(total % 60);
    } else if (!parse_clock(r->text, duration, &hours, &mins)) {
        return refuse(r, hint, "« %s » n'est pas %s.", quoted(r), what);
    }
    if (mins > 59)
        return refuse(r, hint, "« %s » : %d minutes ; il en faut moins de 60 après les heures.",
                      quoted(r), mins);
    if (hours > 23)
        return refuse(r, hint, duration
                                   ? "« %s » : une durée s'écrit ici en moins de 24 heures."
                                   : "« %s » n'est pas une heure de la journée (00:00 à 23:59).",
                      quoted(r));
    char text[32];
    snprintf(text, sizeof text, "%02d:%02d", hours, mins);
    return accept(r, text);
}

/* ----------------------------------------------------------- identifiers */

/* Accepts "0" + digits, with the warning that the spreadsheet dropped it. */
static bool restore_zero(struct reading *r, const char *digits)
{
    strbuf_puts(&r->out->value, "0");
    strbuf_puts(&r->out->value, digits);
    strbuf_printf(&r->out->warning, "« %s » lu comme « %s » : %s", quoted(r),
                  strbuf_str(&r->out->value), restored_zero_warning);
    return true;
}

/* The cell's digits: a whole number cell's text, or the typed text without
 * spaces and the ASCII characters of drop. */
static void code_source(struct reading *r, const char *drop, struct strbuf *out)
{
    char text[32];
    if (whole_number_text(r->cell, text))
        strbuf_puts(out, text);
    else
        squeeze(r->text, drop, out);
}

static bool is_france(const struct cell_context *context)
{
    return !context || !context->country || !*context->country ||
           !strcasecmp(context->country, "FR");
}

/* The XSD CodePostal pattern: [A-Za-z0-9][A-Za-z0-9 \-]{1,11}. */
static bool is_postcode_form(const char *text)
{
    size_t len = strlen(text);
    if (len < 2 || len > 12 || !isalnum((unsigned char)text[0]))
        return false;
    for (size_t i = 1; i < len; i++)
        if (!isalnum((unsigned char)text[i]) && text[i] != ' ' && text[i] != '-')
            return false;
    return true;
}

static bool read_postcode(struct reading *r)
{
    if (!is_france(r->context)) {
        if (is_postcode_form(r->text))
            return accept(r, r->text);
        return refuse(r, "recopiez le code postal tel que l'adresse l'écrit, par exemple 1000 "
                         "ou SW1A 1AA.",
                      "« %s » n'est pas un code postal : lettres, chiffres, espaces ou tirets, "
                      "de 2 à 12 caractères.", quoted(r));
    }
    struct strbuf digits = STRBUF_INIT;
    code_source(r, "", &digits);
    const char *d = strbuf_str(&digits);
    bool ok;
    if (all_digits(d) && strlen(d) == 5)
        ok = accept(r, d);
    else if (all_digits(d) && strlen(d) == 4)
        ok = restore_zero(r, d);
    else
        ok = refuse(r, "écrivez les 5 chiffres du code postal, par exemple 33000 ; pour une "
                       "adresse à l'étranger, indiquez aussi son pays.",
                    "« %s » n'est pas un code postal français : il faut 5 chiffres.", quoted(r));
    strbuf_free(&digits);
    return ok;
}

static bool read_uai(struct reading *r)
{
    static const char *const hint = "recopiez l'UAI complet de l'établissement, 7 chiffres et "
                                    "une lettre, par exemple 0330031E (annuaire de l'éducation).";
    struct strbuf code = STRBUF_INIT;
    squeeze(r->text, "", &code);
    char c[16] = "";
    size_t len = code.len < sizeof c ? code.len : 0;
    memcpy(c, strbuf_str(&code), len);
    if (len > 0 && isalpha((unsigned char)c[len - 1]))
        c[len - 1] = (char)toupper((unsigned char)c[len - 1]);
    bool letter = len > 0 && isupper((unsigned char)c[len - 1]);
    char candidate[32], expected;
    bool ok;
    if (len == 8 && letter && strspn(c, "0123456789") == 7) {
        ok = accept(r, c);
    } else if (len == 7 && letter && strspn(c, "0123456789") == 6) {
        snprintf(candidate, sizeof candidate, "0%s", c);
        if (uai_check(candidate, &expected) == IDENTIFIER_OK) {
            accept(r, candidate);
            strbuf_printf(&r->out->warning,
                          "« %s » lu comme « %s » : il manquait le zéro initial (la lettre clé "
                          "le confirme). À faire : écrivez les 8 caractères de l'UAI, la "
                          "colonne au format Texte.", quoted(r), candidate);
            ok = true;
        } else {
            ok = refuse(r, hint, "« %s » n'a que 6 chiffres ; un UAI en a 7 suivis d'une lettre.",
                        quoted(r));
        }
    } else if (len == 7 && all_digits(c)) {
        snprintf(candidate, sizeof candidate, "%sA", c);
        uai_check(candidate, &expected);
        struct strbuf better = STRBUF_INIT;
        strbuf_printf(&better, "ajoutez la lettre clé : si les chiffres sont justes, l'UAI est "
                               "%s%c.", c, expected);
        ok = refuse(r, strbuf_str(&better),
                    "« %s » n'a pas de lettre clé ; un UAI a 7 chiffres suivis d'une lettre.",
                    quoted(r));
        strbuf_free(&better);
    } else {
        ok = refuse(r, hint, "« %s » n'est pas un code UAI : il faut 7 chiffres suivis d'une "
                             "lettre.", quoted(r));
    }
    strbuf_free(&code);
    return ok;
}

static bool read_siret(struct reading *r)
{
    static const char *const hint = "recopiez les 14 chiffres du SIRET de l'établissement "
                                    "d'accueil (avis de situation INSEE) ; les espaces sont "
                                    "permis.";
    struct strbuf digits = STRBUF_INIT;
    code_source(r, ".", &digits);
    const char *d = strbuf_str(&digits);
    size_t len = strlen(d);
    char candidate[32];
    bool ok;
    if (!all_digits(d)) {
        ok = refuse(r, hint, "« %s » n'est pas un SIRET : il ne s'écrit qu'avec des chiffres.",
                    quoted(r));
    } else if (len == 14) {
        ok = accept(r, d);
    } else if (len == 13 &&
               (snprintf(candidate, sizeof candidate, "0%s", d),
                siret_check(candidate) == IDENTIFIER_OK)) {
        ok = restore_zero(r, d);
    } else if (len == 9) {
        ok = refuse(r, "écrivez le SIRET : le SIREN suivi des 5 chiffres du NIC de "
                       "l'établissement où a lieu le stage, 14 chiffres en tout (avis de "
                       "situation INSEE).",
                    "« %s » est un SIREN (9 chiffres), le numéro de l'entreprise ; il manque le "
                    "NIC de l'établissement.", quoted(r));
    } else {
        ok = refuse(r, hint, "« %s » a %zu chiffres ; un SIRET en a 14.", quoted(r), len);
    }
    strbuf_free(&digits);
    return ok;
}

static bool read_naf(struct reading *r)
{
    struct strbuf code = STRBUF_INIT;
    squeeze(r->text, ".,", &code);
    const char *c = strbuf_str(&code);
    bool ok = strlen(c) == 5 && strspn(c, "0123456789") == 4 && isalpha((unsigned char)c[4]);
    if (ok) {
        char naf[8];
        snprintf(naf, sizeof naf, "%.2s.%.2s%c", c, c + 2, toupper((unsigned char)c[4]));
        accept(r, naf);
    } else {
        refuse(r, "écrivez le code APE/NAF de l'entreprise sous la forme 43.21A (avis de "
                  "situation INSEE).",
               "« %s » n'est pas un code NAF : il faut 4 chiffres et une lettre.", quoted(r));
    }
    strbuf_free(&code);
    return ok;
}

static bool read_candidate(struct reading *r)
{
    struct strbuf digits = STRBUF_INIT;
    code_source(r, "", &digits);
    const char *d = strbuf_str(&digits);
    size_t len = strlen(d);
    if (all_digits(d) && len == 10) {
        restore_zero(r, d);
    } else if (all_digits(d)) {
        accept(r, d);
        if (r->cell->kind == CELL_NUMBER && len != 11)
            strbuf_printf(&r->out->warning,
                          "« %s » a été lu comme un nombre par le tableur : vérifiez que ce "
                          "numéro de candidat n'a pas perdu de zéros initiaux (il a "
                          "d'habitude 11 chiffres). À faire : mettez la colonne au format "
                          "Texte et recopiez le numéro.", quoted(r));
    } else {
        accept(r, r->text);
        if (r->cell->kind == CELL_NUMBER)
            strbuf_printf(&r->out->warning,
                          "« %s » a été lu comme un nombre par le tableur : vérifiez le numéro "
                          "de candidat. À faire : mettez la colonne au format Texte et "
                          "recopiez le numéro.", quoted(r));
    }
    strbuf_free(&digits);
    return true;
}

/* ----------------------------------------------------------- email, phone */

static bool read_email(struct reading *r)
{
    static const char *const hint = "écrivez l'adresse seule, sous la forme "
                                    "prenom.nom@example.fr.";
    const char *e = r->text;
    if (!strncasecmp(e, "mailto:", 7))
        e += 7;
    const char *at = strchr(e, '@');
    /* The XSD Email pattern: [^@\s]+@[^@\s]+\.[^@\s]+ */
    for (const char *p = e; *p; p++)
        if (isspace((unsigned char)*p))
            return refuse(r, hint, "« %s » contient une espace ; une adresse électronique n'en "
                                   "a pas.", quoted(r));
    if (!at)
        return refuse(r, hint, "« %s » n'est pas une adresse électronique : il manque « @ ».",
                      quoted(r));
    if (strchr(at + 1, '@'))
        return refuse(r, hint, "« %s » contient plusieurs « @ » ; une adresse électronique "
                               "n'en a qu'un.", quoted(r));
    const char *domain = at + 1;
    size_t domain_len = strlen(domain);
    bool dotted = false; /* a dot with something on each side */
    for (size_t i = 1; i + 1 < domain_len; i++)
        dotted = dotted || domain[i] == '.';
    if (at == e || !dotted)
        return refuse(r, hint, "« %s » n'est pas une adresse électronique complète : il faut un "
                               "nom avant « @ » et un domaine comme example.fr après.",
                      quoted(r));
    return accept(r, e);
}

static bool read_phone(struct reading *r)
{
    static const char *const hint = "écrivez le numéro avec des chiffres, séparés si vous "
                                    "voulez par des espaces, des points ou des tirets, par "
                                    "exemple 05 56 00 00 00 ; pour l'étranger, « + » et "
                                    "l'indicatif (+49 30 1234567).";
    char digits[32];
    if (whole_number_text(r->cell, digits) && strlen(digits) == 9)
        return restore_zero(r, digits);
    /* The XSD Telephone pattern: \+?[0-9(][0-9 .()\-]{5,24} */
    const char *t = r->text;
    const char *p = *t == '+' ? t + 1 : t;
    size_t rest = strlen(p);
    const char *bad = NULL;
    if (*p && !isdigit((unsigned char)*p) && *p != '(')
        bad = p;
    for (const char *q = p + (*p ? 1 : 0); !bad && *q; q++)
        if (!isdigit((unsigned char)*q) && !strchr(" .()-", *q))
            bad = q;
    if (bad) {
        unsigned cp;
        size_t n = utf8_decode(bad, &cp);
        return refuse(r, hint, "« %s » n'est pas un numéro de téléphone : « %.*s » n'y a pas "
                               "sa place.", quoted(r), (int)n, bad);
    }
    if (rest < 6)
        return refuse(r, hint, "« %s » est trop court pour un numéro de téléphone.", quoted(r));
    if (rest > 25)
        return refuse(r, hint, "« %s » est trop long pour un numéro de téléphone.", quoted(r));
    return accept(r, t);
}

/* ----------------------------------------------------------- choices */

static bool read_choice(struct reading *r)
{
    const struct choice_set *set = r->spec->choices;
    if (!set)
        return refuse(r, "signalez-le : colonnes.tsv nomme un type de valeurs absent de "
                         "valeurs.tsv.",
                      "la colonne « %s » n'a pas de liste de valeurs (erreur interne).",
                      r->spec->title ? r->spec->title : "?");
    const struct choice *choice = choices_match(set, r->text);
    if (choice)
        return accept(r, choice->value);
    strbuf_printf(&r->out->message, "« %s » n'est pas une valeur permise pour « %s ».", quoted(r),
                  r->spec->title ? r->spec->title : set->kind);
    strbuf_puts(&r->out->hint, "écrivez ");
    choices_describe(set, &r->out->hint);
    strbuf_puts(&r->out->hint, ".");
    return false;
}

/* ----------------------------------------------------------- dispatch */

/* What a column of each kind expects, for the message on a date cell. */
static const char *const expected[] = {
    [KIND_TEXT] = "un texte",
    [KIND_CODE] = "un code",
    [KIND_DATE] = "une date",
    [KIND_NUMBER] = "un nombre",
    [KIND_INTEGER] = "un nombre entier",
    [KIND_AMOUNT] = "un montant",
    [KIND_TIME] = "une heure",
    [KIND_DURATION] = "une durée",
    [KIND_POSTCODE] = "un code postal",
    [KIND_UAI] = "un code UAI",
    [KIND_SIRET] = "un SIRET",
    [KIND_NAF] = "un code NAF",
    [KIND_CANDIDATE] = "un numéro de candidat",
    [KIND_EMAIL] = "une adresse électronique",
    [KIND_PHONE] = "un numéro de téléphone",
    [KIND_FILE] = "un chemin de fichier",
    [KIND_CHOICE] = "une valeur de sa liste",
    [KIND_SHEET] = "une feuille",
};

static bool (*const readers[])(struct reading *) = {
    [KIND_TEXT] = read_text,         [KIND_CODE] = read_code,
    [KIND_DATE] = read_date,         [KIND_NUMBER] = read_number,
    [KIND_INTEGER] = read_integer,   [KIND_AMOUNT] = read_amount,
    [KIND_TIME] = read_clock,        [KIND_DURATION] = read_clock,
    [KIND_POSTCODE] = read_postcode, [KIND_UAI] = read_uai,
    [KIND_SIRET] = read_siret,       [KIND_NAF] = read_naf,
    [KIND_CANDIDATE] = read_candidate, [KIND_EMAIL] = read_email,
    [KIND_PHONE] = read_phone,       [KIND_FILE] = read_file,
    [KIND_CHOICE] = read_choice,     [KIND_SHEET] = NULL,
};

_Static_assert(sizeof readers / sizeof *readers == KIND_SHEET + 1, "one reader a kind");
_Static_assert(sizeof expected / sizeof *expected == KIND_SHEET + 1, "one noun a kind");

bool convert_cell(const struct table_cell *cell, const struct column_spec *spec,
                  const struct cell_context *context, struct cell_verdict *out)
{
    cell_verdict_reset(out);
    struct strbuf text = STRBUF_INIT;
    const char *raw = cell->kind != CELL_EMPTY && cell->text ? cell->text : "";
    trim_into(raw, strlen(raw), &text);
    struct reading r = {cell, strbuf_str(&text), NULL, spec, context, out};
    unsigned control = convert_forbidden_character(raw);
    bool ok;
    if (control)
        ok = refuse(&r, "retapez la valeur dans le tableur, sans la coller depuis un autre "
                        "logiciel, ou effacez le caractère invisible.",
                    "« %s » contient un caractère de contrôle invisible (U+%04X) qu'une "
                    "promotion ne peut pas porter.", quoted(&r), control);
    else if ((unsigned)spec->kind > KIND_SHEET || !readers[spec->kind])
        ok = refuse(&r, "signalez-le : c'est une erreur de stagedoc.",
                    "la colonne « %s » déclare une feuille ; elle n'a pas de cellules à lire "
                    "(erreur interne).", spec->title ? spec->title : "?");
    else if (!*r.text)
        ok = refuse(&r, "remplissez la cellule.", "cellule vide.");
    else if (cell->kind == CELL_UNCOMPUTED)
        ok = refuse(&r, "ouvrez le fichier dans le tableur et enregistrez-le, ou remplacez la "
                        "formule par sa valeur (copier, puis collage spécial des valeurs).",
                    "« %s » est une formule dont le fichier n'a pas gardé le résultat.", quoted(&r));
    else if (cell->kind == CELL_DATE && spec->kind != KIND_DATE)
        ok = refuse(&r, "mettez la colonne au format Texte, puis retapez la valeur.",
                    "« %s » a été lu comme une date par le tableur ; la colonne attend %s.",
                    quoted(&r), expected[spec->kind]);
    else
        ok = readers[spec->kind](&r);
    strbuf_free(&text);
    free(r.shown);
    return ok;
}

unsigned convert_forbidden_character(const char *text)
{
    /* XML 1.0 holds TAB, LF and CR of the C0 controls; not U+FFFE, U+FFFF. */
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        if (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')
            return *p;
        if (p[0] == 0xEF && p[1] == 0xBF && (p[2] == 0xBE || p[2] == 0xBF))
            return 0xFFFE + (p[2] == 0xBF);
    }
    return 0;
}

/* ----------------------------------------------------------- export */

/* Whether value, read back from a number cell, gives value again: plain
 * digits with at most a dot, and the shortest text of its number. */
static bool reads_back_as_number(const char *value)
{
    size_t int_len;
    const char *separator;
    if (!split_decimal(value, &int_len, &separator) || int_len == 0 ||
        (separator && *separator != '.'))
        return false;
    char *end;
    double number = strtod(value, &end);
    if (*end || !isfinite(number))
        return false;
    char text[32];
    table_number_text(number, text);
    return !strcmp(text, value);
}

void convert_for_workbook(const struct column_spec *spec, const char *value,
                          enum workbook_value *kind, struct strbuf *text)
{
    *kind = WORKBOOK_VALUE_TEXT;
    date_t date;
    const struct choice *choice;
    switch (spec->kind) {
    case KIND_DATE:
        if (date_parse_iso(value, &date))
            *kind = WORKBOOK_VALUE_DATE;
        break;
    case KIND_CHOICE:
        if ((choice = choices_by_value(spec->choices, value))) {
            strbuf_puts(text, choice->label);
            return;
        }
        break;
    case KIND_NUMBER:
    case KIND_INTEGER:
    case KIND_AMOUNT:
        if (reads_back_as_number(value))
            *kind = WORKBOOK_VALUE_NUMBER;
        break;
    default:
        break;
    }
    strbuf_puts(text, value);
}
