/* verify.c — the checks of verify.h, one function each. */
#include "verify.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../util/array.h"
#include "../util/file.h"
#include "../util/termtext.h"
#include "index.h"
#include "manifest.h"
#include "pdf_inspect.h"
#include "pdf_signatures.h"
#include "roles.h"
#include "sha256.h"
#include "zip_read.h"

#define ENTRY_MAX_SIZE PDF_INPUT_MAX_SIZE /* a package holds what bundle accepted */
#define MANIFEST_MAX_SIZE ((size_t)16 << 20)
#define NOT_FOUND SIZE_MAX

struct verification {
    const char *path;
    const struct verify_options *options;
    struct diag_list *diags;
    struct zip_package *zip;
    unsigned char *listed; /* per ZIP entry: LISTED_* */
    struct manifest manifest;
    char **shown;          /* names escaped for messages, freed at the end */
    size_t shown_count, shown_capacity;
};

enum { LISTED_NOT, LISTED_ONCE, LISTED_REPEATED };

static void problem(struct verification *check, const char *rule, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#define REDO "reprenez la copie d'origine du paquet, ou refaites-le avec « stagedoc bundle »."

/* What the person who checks the package can do about each kind of problem. */
static const char *hint_for(const char *rule)
{
    if (strcmp(rule, "index") == 0)
        return "si le paquet a été refait, reprenez aussi l'index.tsv de la même exécution de "
               "« stagedoc bundle » ; sinon, " REDO;
    if (strcmp(rule, "chiffrement") == 0)
        return "vérifiez le mot de passe : c'est la première ligne du fichier donné à "
               "--mot-de-passe-fichier.";
    if (strcmp(rule, "zip") == 0 || strcmp(rule, "donnees") == 0)
        return "le fichier a été abîmé (copie, envoi ou téléchargement incomplet) : " REDO;
    return "le paquet a été modifié depuis sa production : " REDO;
}

static void problem(struct verification *check, const char *rule, const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    diag_vadd(check->diags, SEVERITY_ERROR, (struct position){check->path, 0, 0}, rule, NULL,
              hint_for(rule), fmt, args);
    va_end(args);
}

/* Text from the package (an entry's name, a role, a signer) as a message
 * shows it: control characters visible, cut at a line's length. */
static const char *shown(struct verification *check, const char *text)
{
    char *escaped = termtext_escape(text, TERMTEXT_MAX_CHARACTERS);
    if (!escaped || !ARRAY_GROW(check->shown, check->shown_capacity, check->shown_count + 1)) {
        free(escaped);
        return "?";
    }
    return check->shown[check->shown_count++] = escaped;
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

static char *index_beside(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return strdup(PACKAGE_INDEX_NAME);
    char *dir = strndup(path, (size_t)(slash - path + 1));
    char *index = dir ? path_join(dir, PACKAGE_INDEX_NAME) : NULL;
    free(dir);
    return index;
}

/* Where the package's bytes are: an open file, read where needed, or
 * bytes in memory (an upload), which have no folder beside them. */
struct package_source {
    FILE *file;
    const unsigned char *bytes;
    size_t size;
};

/* The package's own SHA-256: a file is read a piece at a time, then
 * rewound for the ZIP. */
static bool package_digest(const struct package_source *source, char out[SHA256_HEX_SIZE])
{
    if (!source->file)
        return sha256_hex(source->bytes, source->size, out);
    bool ok = sha256_hex_file(source->file, out);
    rewind(source->file);
    return ok;
}

/* The package's own digest against index.tsv, when one lists it: the one
 * given, else (for a file) the one beside the package. */
static void check_index(struct verification *check, const struct package_source *source)
{
    const char *given = check->options->index_path;
    char *index = given ? strdup(given) : source->file ? index_beside(check->path) : NULL;
    char listed[SHA256_HEX_SIZE], actual[SHA256_HEX_SIZE];
    enum index_lookup found =
        index ? package_index_find(index, base_name(check->path), listed) : INDEX_ABSENT;
    if (found == INDEX_LISTED && package_digest(source, actual) && strcmp(listed, actual) != 0)
        problem(check, "index", "l'empreinte SHA-256 du paquet (%s) n'est pas celle que donne "
                                "%s (%s) : le paquet a été modifié après sa production.",
                actual, shown(check, index), shown(check, listed));
    else if (found == INDEX_NOT_REGULAR)
        problem(check, "index", "%s n'est pas un fichier ordinaire (tube, périphérique…) : il "
                                "n'est pas lu.", shown(check, index));
    else if (given && found != INDEX_LISTED)
        problem(check, "index", "%s %s.", shown(check, given),
                found == INDEX_ABSENT ? "est illisible" : "ne cite pas ce paquet");
    free(index);
}

static size_t find_entry(const struct verification *check, const char *name)
{
    size_t index;
    return zip_package_locate(check->zip, name, &index) ? index : NOT_FOUND;
}

/* libzip (ZIP_CHECKCONS) refuses an archive that names an entry twice; a
 * name that reads the same only once decoded is caught here, through the
 * hash table: the entry found for a name must be this one. */
static void check_names(struct verification *check)
{
    size_t count = zip_package_count(check->zip);
    for (size_t i = 0; i < count; i++) {
        const char *name = zip_package_name(check->zip, i);
        if (!package_entry_name_safe(name))
            problem(check, "nom", "entrée « %s » : nom que stagedoc n'écrit jamais (dossier, "
                                  "« .. » ou caractère non ASCII).", shown(check, name));
        if (find_entry(check, name) != i)
            problem(check, "nom", "entrée « %s » présente plusieurs fois.", shown(check, name));
    }
}

/* An entry's bytes, or NULL after saying why. */
static unsigned char *read_entry(struct verification *check, size_t index, size_t max_size,
                                 size_t *size)
{
    unsigned char *bytes;
    struct strbuf why = STRBUF_INIT;
    enum zip_read_status status =
        zip_package_read(check->zip, index, max_size, &bytes, size, &why);
    const char *name = shown(check, zip_package_name(check->zip, index));
    if (status == ZIP_READ_NEEDS_PASSWORD)
        problem(check, "chiffrement", "paquet chiffré : donnez son mot de passe avec "
                                      "--mot-de-passe-fichier FICHIER.");
    else if (status == ZIP_READ_WRONG_PASSWORD)
        problem(check, "chiffrement", "mot de passe incorrect pour « %s ».", name);
    else if (status != ZIP_READ_OK)
        problem(check, "donnees", "entrée « %s » illisible : %s.", name, strbuf_str(&why));
    strbuf_free(&why);
    return bytes;
}

static bool read_manifest(struct verification *check)
{
    size_t index = find_entry(check, PACKAGE_MANIFEST_NAME);
    if (index == NOT_FOUND) {
        problem(check, "manifeste", "pas de " PACKAGE_MANIFEST_NAME " : ce n'est pas un paquet "
                                    "produit par stagedoc bundle, ou il a été retiré.");
        return false;
    }
    check->listed[index] = LISTED_ONCE;
    size_t size;
    unsigned char *bytes = read_entry(check, index, MANIFEST_MAX_SIZE, &size);
    if (!bytes)
        return false;
    struct strbuf description = STRBUF_INIT;
    strbuf_printf(&description, "%s:" PACKAGE_MANIFEST_NAME, check->path);
    size_t first = check->diags->count;
    bool ok = manifest_read((const char *)bytes, size, strbuf_str(&description),
                            check->options->schema, &check->manifest, check->diags);
    /* The schema's advice is for a stage's XML: a manifest is not written by hand. */
    for (size_t i = first; i < check->diags->count; i++) {
        struct diag *diag = &check->diags->items[i];
        char *hint = strdup(hint_for("manifeste"));
        if (hint) {
            free(diag->hint);
            diag->hint = hint;
        }
    }
    strbuf_free(&description);
    free(bytes);
    return ok;
}

static bool is_pdf_name(const char *name)
{
    size_t len = strlen(name);
    return len > 4 && strcmp(name + len - 4, ".pdf") == 0;
}

/* "signé par le stagiaire (Aïssatou N'Diaye), le tuteur ; manque
 * l'établissement (2 signatures sur 3)". */
static void describe_signers(const struct signature_list *list, struct strbuf *out)
{
    size_t signed_count = signature_list_signed(list);
    if (signed_count == 0)
        strbuf_puts(out, "aucune signature");
    bool said_signed = signed_count > 0;
    for (size_t i = 0, said = 0; i < list->count; i++) {
        const struct signature_field *field = &list->items[i];
        if (!field->is_signed)
            continue;
        /* names from the PDF, shown on a terminal: escaped */
        strbuf_puts(out, said++ ? ", " : "signé par ");
        termtext_add(out, signatory_label(field->name), TERMTEXT_MAX_CHARACTERS);
        if (field->signer) {
            strbuf_puts(out, " (");
            termtext_add(out, field->signer, TERMTEXT_MAX_CHARACTERS);
            strbuf_puts(out, ")");
        }
    }
    for (size_t i = 0, said = 0; i < list->count; i++)
        if (!list->items[i].is_signed) {
            strbuf_puts(out, said++ ? ", " : said_signed ? " ; manque " : " : manque ");
            termtext_add(out, signatory_label(list->items[i].name), TERMTEXT_MAX_CHARACTERS);
        }
    strbuf_printf(out, " (%zu signature%s sur %zu)", signed_count, signed_count > 1 ? "s" : "",
                  list->count);
}

static void note_signers(struct verification *check, const struct manifest_entry *entry,
                         const unsigned char *bytes, size_t size)
{
    struct pdf_handle pdf;
    struct signature_list list = {NULL, 0};
    struct strbuf why = STRBUF_INIT;
    pdf_open_memory(&pdf, bytes, size, entry->name, &why);
    if (pdf.state == PDF_READABLE && pdf_signature_fields(&pdf, &list, &why) && list.count) {
        if (check->options->signers) {
            strbuf_printf(check->options->signers, "  %s : ", shown(check, entry->name));
            describe_signers(&list, check->options->signers);
            strbuf_puts(check->options->signers, ".\n");
        }
        if (check->options->document_signatures)
            check->options->document_signatures(check->options->data, &check->manifest, entry,
                                                &list);
    }
    pdf_close(&pdf);
    signature_list_free(&list);
    strbuf_free(&why);
}

static void check_pdf(struct verification *check, const struct manifest_entry *entry,
                      const unsigned char *bytes, size_t size)
{
    struct pdf_facts facts;
    struct strbuf why = STRBUF_INIT;
    pdf_inspect(bytes, size, entry->name, &facts, &why);
    if (facts.state != PDF_READABLE)
        problem(check, "pdf", "« %s » : PDF %s (%s).", shown(check, entry->name),
                facts.state == PDF_ENCRYPTED ? "chiffré" : "illisible", strbuf_str(&why));
    else if (entry->pages >= 0 && facts.pages != entry->pages)
        problem(check, "pages", "« %s » : %d page%s, le manifeste en annonce %d.",
                shown(check, entry->name),
                facts.pages, facts.pages > 1 ? "s" : "", entry->pages);
    if (facts.state == PDF_READABLE && facts.signature_fields > 0 &&
        (check->options->signers || check->options->document_signatures))
        note_signers(check, entry, bytes, size);
    strbuf_free(&why);
}

/* Each entry is read, hashed and checked once: a manifest that names one
 * entry again gets one problem for it, and nothing is read again. */
static void check_entry(struct verification *check, const struct manifest_entry *entry)
{
    size_t index = find_entry(check, entry->name);
    if (index == NOT_FOUND) {
        problem(check, "entree-manquante", "« %s » (%s) figure au manifeste mais pas dans le "
                                           "paquet.", shown(check, entry->name),
                shown(check, entry->role));
        return;
    }
    if (check->listed[index] != LISTED_NOT) {
        if (check->listed[index] == LISTED_ONCE)
            problem(check, "manifeste", "« %s » figure plusieurs fois au manifeste.",
                    shown(check, entry->name));
        check->listed[index] = LISTED_REPEATED;
        return;
    }
    check->listed[index] = LISTED_ONCE;
    size_t size;
    unsigned char *bytes = read_entry(check, index, ENTRY_MAX_SIZE, &size);
    if (!bytes)
        return;
    char actual[SHA256_HEX_SIZE];
    if (size != entry->size)
        problem(check, "taille", "« %s » : %zu octets, le manifeste en annonce %zu.",
                shown(check, entry->name), size, entry->size);
    if (sha256_hex(bytes, size, actual) && strcmp(actual, entry->sha256) != 0)
        problem(check, "sha256", "« %s » : empreinte SHA-256 %s, le manifeste donne %s : le "
                                 "contenu a changé.", shown(check, entry->name), actual,
                shown(check, entry->sha256));
    if (is_pdf_name(entry->name))
        check_pdf(check, entry, bytes, size);
    free(bytes);
}

static void check_extra_entries(struct verification *check)
{
    for (size_t i = 0; i < zip_package_count(check->zip); i++)
        if (check->listed[i] == LISTED_NOT)
            problem(check, "entree-en-trop", "« %s » est dans le paquet mais pas au manifeste.",
                    shown(check, zip_package_name(check->zip, i)));
}

static int count_role(const struct manifest *manifest, const char *role)
{
    int count = 0;
    for (size_t i = 0; i < manifest->count; i++)
        count += strcmp(manifest->entries[i].role, role) == 0;
    return count;
}

static void check_roles(struct verification *check)
{
    const struct manifest *manifest = &check->manifest;
    size_t count;
    const struct role_requirement *required = package_required_roles(manifest->voie, &count);
    for (size_t i = 0; i < count; i++) {
        int found = count_role(manifest, required[i].role);
        if (found != required[i].count)
            problem(check, "roles", "voie %s : %d entrée%s de rôle « %s », il en faut %d.",
                    shown(check, manifest->voie), found, found > 1 ? "s" : "", required[i].role,
                    required[i].count);
    }
    for (size_t i = 0; i < manifest->count; i++)
        if (!package_role_allowed(manifest->voie, manifest->entries[i].role))
            problem(check, "roles", "« %s » : le rôle « %s » n'a pas sa place dans le dossier "
                                    "d'un candidat de la voie %s.",
                    shown(check, manifest->entries[i].name),
                    shown(check, manifest->entries[i].role), shown(check, manifest->voie));
}

static void check_contents(struct verification *check, size_t *entries)
{
    size_t count = zip_package_count(check->zip);
    if (count > PACKAGE_MAX_ENTRIES) {
        problem(check, "zip", "le paquet compte %zu entrées, au-delà de %d : ce n'est pas un "
                              "paquet produit par stagedoc.", count, PACKAGE_MAX_ENTRIES);
        return;
    }
    check_names(check);
    check->listed = calloc(count + 1, sizeof *check->listed);
    if (!check->listed || !read_manifest(check))
        return;
    if (check->manifest.count > PACKAGE_MAX_ENTRIES) {
        problem(check, "manifeste", "le manifeste cite %zu entrées, au-delà de %d.",
                check->manifest.count, PACKAGE_MAX_ENTRIES);
        return;
    }
    for (size_t i = 0; i < check->manifest.count; i++)
        check_entry(check, &check->manifest.entries[i]);
    check_extra_entries(check);
    check_roles(check);
    *entries = check->manifest.count;
}

/* A package that cannot be a package (too large, a pipe) or cannot be read. */
static void refuse(struct diag_list *diags, const char *name, enum file_status status)
{
    diag_add(diags, SEVERITY_ERROR, (struct position){name, 0, 0}, "fichier", NULL,
             status == FILE_TOO_LARGE ? "un paquet de stagedoc pèse moins de 1 Gio : "
                                        "vérifiez qu'il s'agit bien d'un paquet."
             : status == FILE_NOT_REGULAR ? "donnez le fichier du paquet lui-même, pas un "
                                            "tube ni un périphérique."
                                          : "vérifiez le chemin du paquet.",
             "%s.", file_status_message(status));
}

/* Every check of verify.h on a package within its size, named name in
 * messages; the source's file is closed. */
static enum verify_outcome verify_source(const char *name, const struct package_source *source,
                                         const struct verify_options *options,
                                         struct diag_list *diags, size_t *entries)
{
    struct verification check = {name, options, diags, NULL, NULL, {0}, NULL, 0, 0};
    size_t errors_before = diags->counts[SEVERITY_ERROR];
    check_index(&check, source);
    struct strbuf why = STRBUF_INIT;
    check.zip = source->file
                    ? zip_package_open_file(source->file, options->password, &why)
                    : zip_package_open(source->bytes, source->size, options->password, &why);
    if (!check.zip)
        problem(&check, "zip", "pas une archive ZIP saine : %s.", strbuf_str(&why));
    else
        check_contents(&check, entries);
    strbuf_free(&why);
    zip_package_close(check.zip);
    manifest_free(&check.manifest);
    free(check.listed);
    for (size_t i = 0; i < check.shown_count; i++)
        free(check.shown[i]);
    free(check.shown);
    return diags->counts[SEVERITY_ERROR] > errors_before ? VERIFY_PROBLEMS : VERIFY_SOUND;
}

/* Rules of problems that say a package cannot be read as one, and of those
 * that say only that a piece is missing. */
static const char *const unreadable_rules[] = {"fichier", "zip", "chiffrement"};
static const char *const missing_rules[] = {"entree-manquante", "roles"};

static bool rule_in(const char *rule, const char *const *rules, size_t count)
{
    for (size_t i = 0; rule && i < count; i++)
        if (strcmp(rule, rules[i]) == 0)
            return true;
    return false;
}

const char *verify_verdict(enum verify_outcome outcome, const struct diag_list *problems,
                           size_t first)
{
    if (outcome == VERIFY_SOUND)
        return "complet";
    if (outcome == VERIFY_UNREADABLE)
        return "illisible";
    bool changed = false, missing = false;
    for (size_t i = first; i < problems->count; i++) {
        const struct diag *problem = &problems->items[i];
        if (problem->severity != SEVERITY_ERROR)
            continue;
        if (rule_in(problem->rule, unreadable_rules, 3))
            return "illisible";
        if (rule_in(problem->rule, missing_rules, 2))
            missing = true;
        else
            changed = true;
    }
    return changed || !missing ? "altere" : "incomplet";
}

enum verify_outcome package_verify(const char *path, const struct verify_options *options,
                                   struct diag_list *diags, size_t *entries)
{
    *entries = 0;
    enum file_status status;
    FILE *package = file_open_regular(path, &status);
    struct stat st;
    if (package && (fstat(fileno(package), &st) != 0 ||
                    (unsigned long long)st.st_size > PACKAGE_MAX_SIZE)) {
        fclose(package);
        package = NULL;
        status = FILE_TOO_LARGE;
    }
    if (!package) {
        refuse(diags, path, status);
        /* Not a package (too large, a pipe): refused; a missing file: unreadable. */
        return status == FILE_TOO_LARGE || status == FILE_NOT_REGULAR ? VERIFY_PROBLEMS
                                                                      : VERIFY_UNREADABLE;
    }
    struct package_source source = {package, NULL, 0};
    return verify_source(path, &source, options, diags, entries);
}

enum verify_outcome package_verify_bytes(const char *name, const unsigned char *bytes,
                                         size_t size, const struct verify_options *options,
                                         struct diag_list *diags, size_t *entries)
{
    *entries = 0;
    if (size > PACKAGE_MAX_SIZE) {
        refuse(diags, name, FILE_TOO_LARGE);
        return VERIFY_PROBLEMS;
    }
    struct package_source source = {NULL, bytes, size};
    return verify_source(name, &source, options, diags, entries);
}
