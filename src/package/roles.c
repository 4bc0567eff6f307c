/* roles.c — the composition of a package, by voie. */
#include "roles.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct role_requirement student_roles[] = {
    {ROLE_REPORT, 1}, {ROLE_ENGLISH_DOCUMENT, PACKAGE_ENGLISH_DOCUMENTS}, {"anglais", 1},
    {"convention", 1}, {"attestation", 1}, {"grille", 1},
};

static const struct role_requirement apprentice_roles[] = {
    {ROLE_REPORT, 1}, {ROLE_ENGLISH_DOCUMENT, PACKAGE_ENGLISH_DOCUMENTS}, {"anglais", 1},
    {"strategie", 1}, {"attestation", 1}, {"grille", 1},
};

const struct role_requirement *package_required_roles(const char *voie, size_t *count)
{
    if (strcmp(voie, "scolaire") == 0 || strcmp(voie, "formation-continue") == 0) {
        *count = sizeof student_roles / sizeof *student_roles;
        return student_roles;
    }
    if (strcmp(voie, "apprentissage") == 0) {
        *count = sizeof apprentice_roles / sizeof *apprentice_roles;
        return apprentice_roles;
    }
    *count = 0;
    return NULL;
}

bool package_role_allowed(const char *voie, const char *role)
{
    size_t count;
    const struct role_requirement *roles = package_required_roles(voie, &count);
    for (size_t i = 0; i < count; i++)
        if (strcmp(roles[i].role, role) == 0)
            return true;
    return strcmp(voie, "apprentissage") == 0 && strcmp(role, ROLE_CONTRACT) == 0;
}

char *package_entry_name_report(void)
{
    return strdup("rapport.pdf");
}

char *package_entry_name_english(size_t number, const char *nature)
{
    bool known = strcmp(nature, "technique") == 0 || strcmp(nature, "presse") == 0;
    char name[64];
    snprintf(name, sizeof name, "anglais-%zu-%s.pdf", number, known ? nature : "document");
    return strdup(name);
}

bool package_entry_name_safe(const char *name)
{
    if (!*name || name[0] == '.')
        return false;
    for (const char *at = name; *at; at++)
        if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-", *at))
            return false;
    return true;
}

static const char *const signatories[][2] = {
    {"stagiaire", "le stagiaire"},
    {"representant-legal", "le représentant légal"},
    {"entreprise", "l'organisme d'accueil"},
    {"etablissement", "l'établissement"},
    {"enseignant-referent", "l'enseignant référent"},
    {"enseignant", "l'enseignant"},
    {"tuteur", "le tuteur"},
    {"employeur", "l'employeur"},
    {"formateur", "le formateur"},
    {"maitre-apprentissage", "le maître d'apprentissage"},
};

const char *signatory_label(const char *field_name)
{
    for (size_t i = 0; i < sizeof signatories / sizeof *signatories; i++) {
        size_t length = strlen(signatories[i][0]);
        if (strncmp(field_name, signatories[i][0], length) == 0 &&
            (field_name[length] == '\0' ||
             (field_name[length] == '-' && strspn(field_name + length + 1, "0123456789") > 0 &&
              field_name[length + 1 + strspn(field_name + length + 1, "0123456789")] == '\0')))
            return signatories[i][1];
    }
    return field_name;
}
