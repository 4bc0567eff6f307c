/* columns.h — the class workbook's layout: which sheet and column fills
 * which part of a stage.
 *
 * The layout is data (templates/import/colonnes.tsv), one line a field:
 * its sheet, its path in the input contract, the kind of value, whether it
 * is required, the headers schools write for it, an example and a note.
 * Sheets are declared by lines of kind « feuille »:
 *   - « Classe » (path "/"): one field a row, « Champ » then « Valeur »:
 *     the class's values (paths from <promotion>, "/etablissement/nom") and
 *     defaults for every student (any field of « Stagiaires »);
 *   - « Stagiaires » (path "."): one row a student, one column a field;
 *   - list sheets (path of the repeated element, "activites/activite"):
 *     one row an item, tied to its student by the « Identifiant » or
 *     « Stagiaire » column (an empty one: every student).
 * Headers and sheet names are compared folded (no case, no accents,
 * punctuation as spaces). The choices of a kind (voie, civilité, domaine…)
 * are data too (templates/import/valeurs.tsv, choices.h). */
#ifndef STAGEDOC_IMPORT_COLUMNS_H
#define STAGEDOC_IMPORT_COLUMNS_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/strbuf.h"
#include "choices.h"

enum column_kind {
    KIND_TEXT,      /* texte: words, not a number alone */
    KIND_CODE,      /* code: letters and digits kept as typed */
    KIND_DATE,      /* date: JJ/MM/AAAA, AAAA-MM-JJ, a date cell or serial */
    KIND_NUMBER,    /* nombre: decimal, comma or dot */
    KIND_INTEGER,   /* entier: digits */
    KIND_AMOUNT,    /* montant: euros, « 4,35 € » → 4.35 */
    KIND_TIME,      /* heure: HH:MM (« 8h », « 8:00 », a time cell) */
    KIND_DURATION,  /* duree: HH:MM (« 30 min », « 0:30 », a time cell) */
    KIND_POSTCODE,  /* code-postal: 5 digits in France (a lost leading zero restored) */
    KIND_UAI,       /* uai: 7 digits and a letter */
    KIND_SIRET,     /* siret: 14 digits, spaces allowed */
    KIND_NAF,       /* naf: 43.21A (« 4321A » accepted) */
    KIND_CANDIDATE, /* candidat: the candidate number, 11 digits */
    KIND_EMAIL,     /* email */
    KIND_PHONE,     /* telephone */
    KIND_FILE,      /* fichier: a path relative to the workbook, « \ » as « / » */
    KIND_CHOICE,    /* a kind of templates/import/valeurs.tsv: spec->choices */
    KIND_SHEET,     /* feuille: the line declares a sheet */
};

struct column_spec {
    char *sheet;    /* the sheet's proposed name, as written: « Stagiaires » */
    size_t sheet_line; /* the index of the line that declares that sheet */
    char *path;     /* "stagiaire/nom", "@id", "/session", "activites/activite" (a sheet) */
    enum column_kind kind;
    const struct choice_set *choices; /* KIND_CHOICE */
    bool multiple;  /* « date* »: several values in the cell, separated by « ; » */
    bool required;  /* requis « oui »: every row fills it (or the Classe sheet) */
    bool required_in_block; /* requis « bloc »: once its element is there */
    char *title;    /* the proposed header (or sheet name), as written */
    char *example;  /* the template's example value ("" when none) */
    char *note;     /* what goes there, for the header's note ("" when none) */
    char **folded;  /* every header, folded */
    size_t folded_count;
};

struct column_map {
    struct column_spec *specs;
    size_t count, capacity;
    struct choice_list choices; /* the kinds the specs name */
};

/* Reads the layout and the choices it names (valeurs.tsv beside it); false
 * with "PATH:LINE: message" in error. */
bool columns_load(const char *path, struct column_map *map, struct strbuf *error);
/* The spec of the sheet declared at line sheet whose header matches text
 * (any case or accents), or -1. */
long columns_match(const struct column_map *map, size_t sheet, const char *text);
/* The declaring line of the sheet named text, or -1. */
long columns_match_sheet(const struct column_map *map, const char *text);
void columns_free(struct column_map *map);

#endif
