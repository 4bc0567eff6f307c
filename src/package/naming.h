/* naming.h — a package's file name, from a pattern.
 *
 * The default, "{session}_{academie}_{numero}_{NOM}_{Prenom}", gives
 * 2027_Bordeaux_02712345678_NDIAYE_Aissatou.zip. Fields: session, academie,
 * numero (the candidate's number), nom, prenom, id, voie, unite. A field
 * written in capitals is upper-cased ({NOM}); written otherwise ({nom},
 * {Prenom}) its value is kept as written.
 *
 * Each value is folded to ASCII (Nguyễn → Nguyen, Œ → OE), apostrophes are
 * dropped (N'Diaye → NDiaye), and every other run of characters that is not
 * a letter or a digit (spaces, hyphens, dots, underscores) becomes one '-'
 * (Le Goff → Le-Goff), so '_' only ever separates fields. Outside fields, a
 * pattern may hold ASCII letters, digits, '.', '-' and '_'. ".zip" is
 * appended. */
#ifndef STAGEDOC_PACKAGE_NAMING_H
#define STAGEDOC_PACKAGE_NAMING_H

#include <stdbool.h>

#include "../util/strbuf.h"

#define PACKAGE_NAME_DEFAULT "{session}_{academie}_{numero}_{NOM}_{Prenom}"

struct package_name_values {
    const char *session, *academie, *numero, *nom, *prenom, *id, *voie, *unite;
};

/* False with the reason when the pattern has an unknown field, an
 * unclosed brace or a character a file name should not have. */
bool package_name_pattern_check(const char *pattern, struct strbuf *error);
/* The file name (heap), or NULL with the reason: a field the stage does
 * not give, or that folds to nothing. The pattern must have passed the check. */
char *package_name_expand(const char *pattern, const struct package_name_values *values,
                          struct strbuf *error);
/* A student's output folder: « ET27-001_ABADIE-LAFFARGUE_Thomas », the id
 * (stable) then the name (readable), folded like package names; the id
 * alone when the stage names no one. Heap, or NULL. */
char *stage_folder_name(const char *id, const char *nom, const char *prenom);
/* One value as it appears in a name ("Thị Ánh" → "Thi-Anh"); heap. */
char *package_name_fold(const char *utf8);

#endif
