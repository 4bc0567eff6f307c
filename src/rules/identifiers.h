/* identifiers.h — checksums of French official identifiers.
 *
 * SIRET: 14 digits under the Luhn algorithm; La Poste's
 * establishments (SIREN 356000000) may instead have a digit sum divisible by 5.
 * UAI: 7 digits and the letter at (number mod 23) in ABCDEFGHJKLMNPRSTUVWXYZ.
 * NAF: two digits, a dot, two digits, a capital letter. */
#ifndef STAGEDOC_RULES_IDENTIFIERS_H
#define STAGEDOC_RULES_IDENTIFIERS_H

#include <stdbool.h>

enum identifier_problem { IDENTIFIER_OK, IDENTIFIER_BAD_FORMAT, IDENTIFIER_BAD_CHECKSUM };

enum identifier_problem siret_check(const char *siret);
/* *expected receives the right check letter when the form is right. */
enum identifier_problem uai_check(const char *uai, char *expected);
bool naf_is_well_formed(const char *code);

#endif
