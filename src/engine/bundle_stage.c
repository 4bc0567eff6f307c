/* bundle_stage.c — one stage's package: gather the candidate's files and
 * check them, generate what <documents-signes> does not give, name the
 * package and assemble it; then, apart (it may be another process's
 * package), write it atomically under a name no other stage took. */
#include "bundle.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>

#include "../input/source.h"
#include "../package/assemble.h"
#include "../package/naming.h"
#include "../package/pdf_signatures.h"
#include "../package/pdf_source.h"
#include "../package/roles.h"
#include "../package/stage_files.h"
#include "../util/file.h"
#include "outputs.h"
#include "pipeline.h"
#include "run.h"

#ifndef STAGEDOC_VERSION
#define STAGEDOC_VERSION "0.0.0"
#endif

#define MAX_PARTS 16

struct gathering {
    const struct run_context *context;
    struct bundle_settings *settings;
    const struct stage *stage;
    const struct calendar *calendar;
    struct diag_list *diags;
    struct stage_xml xml;            /* embedded in every generated PDF */
    struct stage_files files;
    struct stage_identity identity;  /* of the stage being bundled */
    struct package_part parts[MAX_PARTS];
    unsigned char *bytes[MAX_PARTS]; /* what parts[i].bytes points at, owned */
    char *names[MAX_PARTS];          /* what parts[i].name points at, owned */
    size_t count;
    size_t errors_before;
};

static void say(struct gathering *gathering, enum severity severity, xmlNodePtr node,
                const char *rule, const char *hint, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

static void say(struct gathering *gathering, enum severity severity, xmlNodePtr node,
                const char *rule, const char *hint, const char *fmt, ...)
{
    struct position where = source_node_position(node ? node : gathering->stage->root);
    va_list args;
    va_start(args, fmt);
    diag_vadd(gathering->diags, severity, where, rule, gathering->stage->id, hint, fmt, args);
    va_end(args);
}

static bool failed(const struct gathering *gathering)
{
    return gathering->diags->counts[SEVERITY_ERROR] > gathering->errors_before;
}

/* The date inside generated PDFs and on every ZIP entry, as for build. */
static int64_t package_date(const struct gathering *gathering)
{
    return outputs_date(gathering->settings->source_date, gathering->calendar);
}

/* Takes bytes and name; NULL (after freeing them) when the table is full. */
static struct package_part *add_part(struct gathering *gathering, const char *role, char *name,
                                     unsigned char *bytes, size_t size)
{
    if (gathering->count == MAX_PARTS || !name) {
        say(gathering, SEVERITY_ERROR, NULL, "paquet", "vérifiez templates/documents.tsv, ou "
            "relancez avec moins de processus (-j).", "trop de documents, ou mémoire "
            "insuffisante.");
        free(name);
        free(bytes);
        return NULL;
    }
    if (!package_entry_name_safe(name)) { /* from templates/documents.tsv */
        say(gathering, SEVERITY_ERROR, NULL, "paquet", "corrigez le nom de fichier dans "
            "templates/documents.tsv.", "« %s » ne peut pas nommer une entrée du paquet.", name);
        free(name);
        free(bytes);
        return NULL;
    }
    size_t i = gathering->count++;
    gathering->names[i] = name;
    gathering->bytes[i] = bytes;
    gathering->parts[i] = (struct package_part){.role = role, .name = name, .bytes = bytes,
                                                .size = size};
    if (!sha256_hex(bytes, size, gathering->parts[i].sha256))
        gathering->parts[i].sha256[0] = '\0'; /* assemble says it */
    return &gathering->parts[i];
}

/* A handed-in PDF, once checked, leaves memory: the package reads its file
 * again, which must still have the size and SHA-256 just checked. So a
 * stage's memory is that of one PDF at a time, not of all of them. */
static void let_go(struct gathering *gathering, struct package_part *part,
                   const struct stage_file *file)
{
    size_t i = (size_t)(part - gathering->parts);
    free(gathering->bytes[i]);
    gathering->bytes[i] = NULL;
    part->bytes = NULL;
    part->path = file->path;
}

static void inspect(struct package_part *part, struct strbuf *why)
{
    pdf_inspect(part->bytes, part->size, part->name, &part->facts, why);
}

/* A PDF the XML names, read and inspected; NULL after saying why not. The
 * caller lets it go (let_go) once its own checks are done. */
static struct package_part *add_input(struct gathering *gathering, const char *role, char *name,
                                      const struct stage_file *file, const char *what)
{
    char *bytes;
    size_t size;
    struct confine_result read;
    stage_file_read(file, gathering->context->root, PDF_INPUT_MAX_SIZE, &bytes, &size, &read);
    enum file_status status = read.status;
    if (read.outside) {
        stage_file_say_outside(file, gathering->context->root, gathering->stage->id,
                               gathering->diags);
        free(name);
        return NULL;
    }
    if (status != FILE_OK) {
        say(gathering, SEVERITY_ERROR, file->node, "fichiers", "vérifiez le chemin, relatif au "
            "fichier XML ou au dossier du classeur.", "%s « %s » : %s.", what, file->written,
            status == FILE_TOO_LARGE ? "fichier de plus de 64 Mio" : file_status_message(status));
        free(name);
        return NULL;
    }
    struct package_part *part = add_part(gathering, role, name, (unsigned char *)bytes, size);
    if (!part)
        return NULL;
    struct strbuf why = STRBUF_INIT;
    inspect(part, &why);
    if (part->facts.state == PDF_ENCRYPTED)
        say(gathering, SEVERITY_ERROR, file->node, "pdf", "enregistrez-le sans mot de passe ni "
            "restriction : le jury doit pouvoir l'ouvrir.", "%s « %s » est un PDF chiffré (%s).",
            what, file->written, strbuf_str(&why));
    else if (part->facts.state == PDF_DAMAGED)
        say(gathering, SEVERITY_ERROR, file->node, "pdf", "exportez-le de nouveau en PDF.",
            "%s « %s » n'est pas un PDF lisible (%s).", what, file->written, strbuf_str(&why));
    else if (part->facts.repaired) /* a jury's viewer may not repair it as qpdf did */
        say(gathering, SEVERITY_ERROR, file->node, "pdf", "exportez-le de nouveau en PDF.",
            "%s « %s » est un PDF endommagé (%s).", what, file->written, strbuf_str(&why));
    strbuf_free(&why);
    if (part->facts.state == PDF_READABLE && !part->facts.repaired)
        return part;
    let_go(gathering, part, file);
    return NULL;
}

/* "ET27-002 (Thomas Abadie-Laffargue, candidat n° 027…)": heap. */
static char *describe_stage(const struct stage_identity *identity)
{
    char *who = stage_identity_describe(identity);
    struct strbuf text = STRBUF_INIT;
    strbuf_printf(&text, "%s (%s)", identity->id ? identity->id : "sans identifiant",
                  who ? who : "");
    free(who);
    return strbuf_detach(&text);
}

/* The stage a PDF made by stagedoc embeds must be this one: the copy of
 * another stage or another student is refused, naming both. A copy that
 * does not say (not made by stagedoc) is accepted; for a signed copy, where
 * a wrong path is easy, that is said. */
static void check_source(struct gathering *gathering, const struct package_part *part,
                         const struct stage_file *file, const char *what, bool signed_copy)
{
    struct stage_identity source;
    struct strbuf why = STRBUF_INIT;
    enum pdf_source_status status = pdf_source_read(part->bytes, part->size, &source, &why);
    const struct stage_identity *own = &gathering->identity;
    if (status == PDF_SOURCE_NONE && signed_copy) {
        say(gathering, SEVERITY_INFO, file->node, "copie", "ouvrez-le et vérifiez qu'il s'agit "
            "bien du document de ce stagiaire.", "%s « %s » n'a pas été produit par stagedoc "
            "(pas de description du stage jointe) : rien ne dit à quel stage il appartient.",
            what, file->written);
    } else if (status == PDF_SOURCE_UNREADABLE) {
        say(gathering, SEVERITY_WARNING, file->node, "copie", "ouvrez-le et vérifiez qu'il "
            "s'agit bien du document de ce stagiaire.", "%s « %s » : la description du stage "
            "jointe ne se lit pas (%s).", what, file->written, strbuf_str(&why));
    } else if (status == PDF_SOURCE_FOUND) {
        bool same_stage = source.id && own->id && strcmp(source.id, own->id) == 0;
        bool same_student = stage_identity_same_student(&source, own);
        if (!same_stage || !same_student) {
            char *theirs = describe_stage(&source), *ours = describe_stage(own);
            say(gathering, SEVERITY_ERROR, file->node, "copie", "vérifiez le chemin du fichier "
                "et donnez le document de ce stage-ci.", "%s « %s » est le document %s%s, pas "
                "celui du stage %s.", what, file->written,
                same_stage ? "d'un autre stagiaire : " : same_student ? "d'un autre stage du "
                "même stagiaire : " : "du stage ", theirs, ours);
            free(theirs);
            free(ours);
        }
    }
    stage_identity_free(&source);
    strbuf_free(&why);
}

static void gather_report(struct gathering *gathering)
{
    const struct stage_file *rapport = &gathering->files.rapport;
    if (!rapport->path) {
        say(gathering, SEVERITY_ERROR, NULL, "rapport", "indiquez le fichier du rapport "
            "(colonne « Rapport » du classeur, ou <rapport fichier=\"…\"/> après <attestation> "
            "dans le XML).", "pas de rapport : c'est la pièce principale du dossier d'examen.");
        return;
    }
    struct package_part *part = add_input(gathering, ROLE_REPORT, package_entry_name_report(),
                                          rapport, "le rapport");
    if (!part)
        return;
    check_source(gathering, part, rapport, "le rapport", false);
    let_go(gathering, part, rapport);
    part->titre = rapport->titre;
    const struct regulation *regulation = gathering->context->regulation;
    long minimum = regulation_param(regulation, "rapport.pages-min") / 100;
    long maximum = regulation_param(regulation, "rapport.pages-max") / 100;
    int pages = part->facts.pages;
    if (pages < minimum || pages > maximum)
        say(gathering, SEVERITY_WARNING, rapport->node, "rapport", "vérifiez qu'il s'agit du "
            "rapport complet, sans les annexes.", "le rapport compte %d page%s ; le règlement "
            "attend une vingtaine de pages hors annexes (%ld à %ld).", pages,
            pages > 1 ? "s" : "", minimum, maximum);
    else
        say(gathering, SEVERITY_INFO, rapport->node, "rapport", NULL, "le rapport compte %d "
            "pages.", pages);
}

static void gather_english(struct gathering *gathering)
{
    const struct stage_files *files = &gathering->files;
    if (files->anglais_count == 0) {
        say(gathering, SEVERITY_ERROR, NULL, "anglais", "indiquez les trois fichiers "
            "(colonnes « Document anglais 1 » à « 3 » du classeur, ou <documents-anglais> avec "
            "trois <document> après <rapport> dans le XML).", "pas de documents en anglais : "
            "les trois documents en anglais font partie du dossier d'examen.");
        return;
    }
    for (size_t i = 0; i < files->anglais_count; i++) {
        const struct stage_file *file = &files->anglais[i];
        char what[64];
        snprintf(what, sizeof what, "le document en anglais n° %zu", i + 1);
        struct package_part *part =
            add_input(gathering, ROLE_ENGLISH_DOCUMENT,
                      package_entry_name_english(i + 1, file->nature ? file->nature : ""),
                      file, what);
        if (!part)
            continue;
        check_source(gathering, part, file, what, false);
        let_go(gathering, part, file);
        part->nature = file->nature;
        part->titre = file->titre;
        part->source = file->source;
        if (part->facts.pages != 1)
            say(gathering, SEVERITY_ERROR, file->node, "anglais", "ne gardez qu'une page (un "
                "extrait), iconographie comprise.", "%s « %s » a %d pages ; chaque document "
                "en anglais doit tenir sur une page.", what, file->written, part->facts.pages);
    }
}

/* What a PDF made here holds, from its layout: its pages and its (empty)
 * signature fields, without reading the PDF back. */
static struct pdf_facts facts_of_layout(const struct laid_document *pages)
{
    struct pdf_facts facts = {PDF_READABLE, false, pages->page_count, 0, 0};
    for (const struct laid_page *page = pages->pages; page; page = page->next)
        for (const struct item *item = page->items; item; item = item->next)
            facts.signature_fields += item->kind == ITEM_FIELD;
    return facts;
}

/* A document stagedoc makes from its template, as build does. */
static void generate(struct gathering *gathering, const struct document_kind *kind, char *name)
{
    struct stage_document request = {kind->template, NULL, package_date(gathering),
                                     &gathering->xml, gathering->settings->bilingual,
                                     gathering->settings->pdfa};
    struct strbuf error = STRBUF_INIT;
    size_t size = 0;
    struct laid_document *pages = NULL;
    unsigned char *bytes =
        pipeline_stage_document(gathering->context, &request, gathering->stage,
                                gathering->calendar, &size, &pages, gathering->diags, &error);
    if (!bytes) {
        say(gathering, SEVERITY_ERROR, NULL, kind->name, "corrigez ce que disent les messages "
            "ci-dessus, puis relancez.", "document « %s » non produit : %s.", kind->name,
            strbuf_str(&error));
        free(name);
    } else {
        struct package_part *part = add_part(gathering, kind->name, name, bytes, size);
        if (part && pages)
            part->facts = facts_of_layout(pages);
    }
    if (pages)
        laid_document_free(pages);
    strbuf_free(&error);
}

/* "la convention signée", "le tableau de stratégie signé". */
static const char *signed_copy_name(const char *role)
{
    static const char *const names[][2] = {
        {"convention", "la convention signée"}, {"attestation", "l'attestation signée"},
        {"grille", "la grille d'évaluation signée"},
        {"strategie", "le tableau de stratégie signé"}, {ROLE_CONTRACT, "le contrat signé"},
    };
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strcmp(names[i][0], role) == 0)
            return names[i][1];
    return "le document signé";
}

/* "le tuteur, l'organisme d'accueil": who has not signed. */
static void list_unsigned(const struct signature_list *list, struct strbuf *out)
{
    for (size_t i = 0, said = 0; i < list->count; i++)
        if (!list->items[i].is_signed)
            strbuf_printf(out, "%s%s", said++ ? ", " : "", signatory_label(list->items[i].name));
}

/* A signed copy's signature fields: each must be signed (a warning, an
 * error with --complet, naming who has not signed). */
static void check_signatures(struct gathering *gathering, const struct package_part *part,
                             const struct stage_file *file, const char *what)
{
    if (part->facts.signature_fields == 0) {
        say(gathering, SEVERITY_INFO, file->node, "signatures", "vérifiez à l'œil que chacun a "
            "signé.", "%s « %s » n'a pas de champ de signature (copie numérisée ?) : stagedoc "
            "ne peut pas dire qui l'a signé.", what, file->written);
        return;
    }
    if (part->facts.signatures == part->facts.signature_fields)
        return;
    struct pdf_handle pdf;
    struct signature_list list = {NULL, 0};
    struct strbuf why = STRBUF_INIT, missing = STRBUF_INIT;
    pdf_open_memory(&pdf, part->bytes, part->size, part->name, &why);
    if (pdf.state == PDF_READABLE && pdf_signature_fields(&pdf, &list, &why))
        list_unsigned(&list, &missing);
    pdf_close(&pdf);
    say(gathering, gathering->settings->complete ? SEVERITY_ERROR : SEVERITY_WARNING,
        file->node, "signatures", "faites signer ceux qui manquent, puis donnez la nouvelle "
        "copie.", "%s « %s » n'a pas toutes ses signatures : il manque %s (%d signature%s sur "
        "%d).", what, file->written, missing.len ? strbuf_str(&missing) : "des signataires",
        part->facts.signatures, part->facts.signatures > 1 ? "s" : "",
        part->facts.signature_fields);
    signature_list_free(&list);
    strbuf_free(&why);
    strbuf_free(&missing);
}

static void add_signed(struct gathering *gathering, const char *role, char *name,
                       const struct stage_file *file)
{
    const char *what = signed_copy_name(role);
    struct package_part *part = add_input(gathering, role, name, file, what);
    if (!part)
        return;
    part->signe = true;
    check_source(gathering, part, file, what, true);
    check_signatures(gathering, part, file, what);
    let_go(gathering, part, file);
}

/* The convention and the certificate must reach the jury signed: without
 * a signed copy the package holds stagedoc's, unsigned (an error with
 * --complet). */
static void note_unsigned(struct gathering *gathering, const char *role)
{
    if (strcmp(role, "convention") != 0 && strcmp(role, "attestation") != 0)
        return;
    bool convention = role[0] == 'c';
    say(gathering, gathering->settings->complete ? SEVERITY_ERROR : SEVERITY_INFO, NULL,
        "signatures", convention ? "une fois signée, donnez son fichier dans "
        "<documents-signes><convention fichier=\"…\"/></documents-signes> (README, « Dossiers "
        "d'examen »)." : "une fois signée, donnez son fichier dans <documents-signes>"
        "<attestation fichier=\"…\"/></documents-signes> (README, « Dossiers d'examen »).",
        "pas %s signée : le dossier contient celle que produit stagedoc, sans signature.",
        convention ? "de convention" : "d'attestation");
}

/* The documents of documents.tsv that belong in this voie's package, in
 * its order: the signed copy when given, else generated. */
static void gather_documents(struct gathering *gathering)
{
    const struct stage *stage = gathering->stage;
    const char *voie = voie_name(stage->voie);
    const struct document_list *documents = &gathering->settings->documents;
    for (size_t i = 0; i < documents->count; i++) {
        const struct document_kind *kind = &documents->items[i];
        if (!document_applies(kind, stage) || !package_role_allowed(voie, kind->name))
            continue;
        struct strbuf name = STRBUF_INIT;
        document_file_name(kind, stage->unite, &name);
        const struct stage_file *signed_copy = stage_files_signed(&gathering->files, kind->name);
        if (signed_copy) {
            add_signed(gathering, kind->name, strbuf_detach(&name), signed_copy);
        } else {
            generate(gathering, kind, strbuf_detach(&name));
            note_unsigned(gathering, kind->name);
        }
    }
    const struct stage_file *contract = stage_files_signed(&gathering->files, ROLE_CONTRACT);
    if (contract && package_role_allowed(voie, ROLE_CONTRACT))
        add_signed(gathering, ROLE_CONTRACT, strdup("contrat.pdf"), contract);
}

/* Said only when nothing else failed: then a missing role means that
 * templates/documents.tsv lacks a document the package needs. */
static void check_roles(struct gathering *gathering)
{
    size_t count;
    const struct role_requirement *roles =
        package_required_roles(voie_name(gathering->stage->voie), &count);
    for (size_t r = 0; r < count; r++) {
        int found = 0;
        for (size_t i = 0; i < gathering->count; i++)
            found += strcmp(gathering->parts[i].role, roles[r].role) == 0;
        if (found != roles[r].count)
            say(gathering, SEVERITY_ERROR, NULL, "paquet", "vérifiez templates/documents.tsv.",
                "le dossier aurait %d document%s « %s » au lieu de %d.", found,
                found > 1 ? "s" : "", roles[r].role, roles[r].count);
    }
}

static void gather(struct gathering *gathering)
{
    const struct stage_files *files = &gathering->files;
    if (!files->numero_candidat || !*files->numero_candidat)
        say(gathering, SEVERITY_ERROR, files->stagiaire, "numero-candidat",
            "indiquez-le (colonne « Numéro de candidat » du classeur, ou "
            "<numero-candidat>…</numero-candidat> après <naissance> dans le XML).",
            "pas de numéro de candidat : il identifie le dossier à l'examen.");
    gather_report(gathering);
    gather_english(gathering);
    gather_documents(gathering);
    if (!failed(gathering))
        check_roles(gathering);
}

static char *package_name(struct gathering *gathering)
{
    const struct stage *stage = gathering->stage;
    struct package_name_values values = {
        stage->session, gathering->files.academie, gathering->files.numero_candidat,
        stage->stagiaire.nom, stage->stagiaire.prenom, stage->id, voie_name(stage->voie),
        stage->unite};
    struct strbuf error = STRBUF_INIT;
    char *name = package_name_expand(gathering->settings->name_pattern, &values, &error);
    if (!name)
        say(gathering, SEVERITY_ERROR, NULL, "nom-paquet", "corrigez le motif donné à --nom.",
            "nom du paquet : %s (motif « %s »).", strbuf_str(&error), gathering->settings->name_pattern);
    strbuf_free(&error);
    return name;
}

static void format_date(int64_t seconds, char out[32])
{
    time_t time = (time_t)seconds;
    struct tm fields;
    if (!gmtime_r(&time, &fields) || !strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &fields))
        snprintf(out, 32, "1970-01-01T00:00:00Z");
}

/* The ZIP in an unlinked temporary file, never whole in memory; takes name. */
static sd_status assemble(struct gathering *gathering, char *name,
                               struct bundle_package *package)
{
    const struct stage *stage = gathering->stage;
    char date[32];
    format_date(package_date(gathering), date);
    struct package_identity identity = {
        "stagedoc " STAGEDOC_VERSION, date, stage->id, voie_name(stage->voie), stage->unite,
        stage->session, gathering->files.academie, gathering->files.numero_candidat,
        stage->stagiaire.nom, stage->stagiaire.prenom};
    struct zip_package_options options = {package_date(gathering),
                                          gathering->settings->password};
    struct strbuf error = STRBUF_INIT;
    package->name = name;
    package->zip = file_open_temporary(gathering->context->run->engine->tmp_dir);
    if (!package->zip)
        strbuf_puts(&error, "pas de fichier temporaire où le préparer");
    struct stat st;
    bool made = package->zip &&
                package_assemble(&identity, gathering->parts, gathering->count, &options,
                                 fileno(package->zip), &error) &&
                fstat(fileno(package->zip), &st) == 0;
    if (made)
        package->size = (size_t)st.st_size;
    else
        say(gathering, SEVERITY_ERROR, NULL, "ecriture", "relancez sans modifier les fichiers "
            "du stage pendant qu'il est empaqueté ; si cela se reproduit, vérifiez la place "
            "libre du dossier temporaire ($TMPDIR, sinon /tmp).", "paquet non écrit : %s.",
            strbuf_str(&error));
    strbuf_free(&error);
    return made ? SD_OK : SD_IO;
}

static void release(struct gathering *gathering)
{
    for (size_t i = 0; i < gathering->count; i++) {
        free(gathering->bytes[i]);
        free(gathering->names[i]);
    }
    stage_files_free(&gathering->files);
    stage_identity_free(&gathering->identity);
    pipeline_stage_xml_free(&gathering->xml);
}

sd_status bundle_stage_assemble(const struct run_context *context,
                                     struct bundle_settings *settings, const struct stage *stage,
                                     const struct calendar *calendar, struct diag_list *diags,
                                     struct bundle_package *package)
{
    memset(package, 0, sizeof *package);
    struct gathering gathering = {.context = context, .settings = settings, .stage = stage,
                                  .calendar = calendar, .diags = diags,
                                  .errors_before = diags->counts[SEVERITY_ERROR]};
    pipeline_stage_xml(stage, &gathering.xml);
    if (!stage_files_read(stage, &gathering.files) ||
        !stage_identity_read(stage->root, &gathering.identity)) {
        release(&gathering);
        say(&gathering, SEVERITY_ERROR, NULL, "memoire", NULL, "mémoire insuffisante.");
        return SD_IO;
    }
    gather(&gathering);
    char *name = failed(&gathering) ? NULL : package_name(&gathering);
    sd_status status = name ? assemble(&gathering, name, package) : SD_INVALID;
    release(&gathering);
    return status;
}

void bundle_package_free(struct bundle_package *package)
{
    free(package->name);
    if (package->zip)
        fclose(package->zip);
    memset(package, 0, sizeof *package);
}
