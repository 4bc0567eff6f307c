/* roles.h — what an exam package holds: the role of each entry, the name
 * it has inside the ZIP (always ours, never taken from a user's path) and
 * the roles each voie's package must have.
 *
 * Every package: the report, the three English documents and their sheet
 * ("anglais"), the certificate ("attestation": the employer's attestation
 * for an apprentice) and the evaluation grid ("grille"); a student's or
 * adult's also the convention, an apprentice's the strategy table
 * ("strategie") and, when given, a copy of the contract ("contrat").
 * Generated and signed documents take the role of their document name in
 * templates/documents.tsv. */
#ifndef STAGEDOC_PACKAGE_ROLES_H
#define STAGEDOC_PACKAGE_ROLES_H

#include <stdbool.h>
#include <stddef.h>

#define PACKAGE_MANIFEST_NAME "manifest.xml"
#define ROLE_REPORT "rapport"
#define ROLE_ENGLISH_DOCUMENT "document-anglais"
#define ROLE_CONTRACT "contrat"
#define PACKAGE_ENGLISH_DOCUMENTS 3

struct role_requirement {
    const char *role;
    int count; /* entries of that role the package must have */
};

/* The roles a voie ("scolaire", "apprentissage", "formation-continue")
 * requires; NULL (and *count 0) for an unknown voie. */
const struct role_requirement *package_required_roles(const char *voie, size_t *count);
/* Whether a role may appear in a package of that voie at all. */
bool package_role_allowed(const char *voie, const char *role);
/* "rapport.pdf"; "anglais-2-presse.pdf" for the second English document
 * (nature is technique or presse, as the schema allows). Heap string. */
char *package_entry_name_report(void);
char *package_entry_name_english(size_t number, const char *nature);
/* A name stagedoc could have written: ASCII letters, digits, '.', '-' and
 * '_', not starting with '.', no folder. verify flags any other. */
bool package_entry_name_safe(const char *name);
/* Who signs in a signature field, from its name (the signatory's role, as
 * the templates name it: "tuteur", "representant-legal", "tuteur-2" in a
 * bound book): "le tuteur", "le représentant légal"; a name we do not know
 * is given back as it is. Static string or name itself. */
const char *signatory_label(const char *field_name);

#endif
