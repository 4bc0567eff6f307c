/* run_signatures.c — sd_signatures: who has signed what.
 *
 * For a PDF (a path or bytes), one data line per signature field: signed or
 * not, and for a signed one the signer's name, the date and the reason its
 * signature dictionary gives. For a folder, one line per PDF under it:
 * fully signed, or who is missing. What cannot be read, and what a folder
 * walk skipped, are diagnostics. Each field is also a "signature" record
 * (records.h). This shows the presence of signatures, not their
 * cryptographic validity: poppler's pdfsig checks that. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../package/pdf_inspect.h"
#include "../package/pdf_signatures.h"
#include "../util/dirlist.h"
#include "../util/file.h"
#include "../util/termtext.h"
#include "records.h"
#include "run.h"

struct signatures_run {
    sd_run *run;
    bool complete;    /* a document not signed by all fails the run */
    sd_status result;
};

static void worsen(struct signatures_run *state, sd_status status)
{
    state->result = sd_status_worst(state->result, status);
}

/* A diagnostic on file, given at once. */
static void say(struct signatures_run *state, enum severity severity, const char *file,
                const char *rule, const char *hint, const char *format, const char *text)
{
    struct diag_list diags = DIAG_LIST_INIT;
    diag_add(&diags, severity, (struct position){file, 0, 0}, rule, NULL, hint, format, text);
    run_diag_all(state->run, &diags);
    diag_list_free(&diags);
}

/* The bytes of a PDF named by path; false after saying why. */
static bool read_bytes(struct signatures_run *state, const char *path, char **bytes,
                       size_t *size)
{
    enum file_status status = file_read_all(path, PDF_INPUT_MAX_SIZE, bytes, size);
    if (status == FILE_OK)
        return true;
    say(state, SEVERITY_ERROR, path, "fichier",
        status == FILE_TOO_LARGE ? "demandez une copie plus légère du document (moins de 64 Mio)."
                                 : "vérifiez le chemin du fichier.",
        "%s.", file_status_message(status));
    /* A file too large or not a file (a pipe) is the input refused, like a
     * damaged PDF; a missing or unreadable one is the disk. */
    bool refused = status == FILE_TOO_LARGE || status == FILE_NOT_REGULAR;
    worsen(state, refused ? SD_INVALID : SD_IO);
    return false;
}

/* The fields of one PDF's bytes; false after saying why when it cannot be
 * trusted as a PDF. */
static bool read_fields(struct signatures_run *state, const char *name,
                        const unsigned char *bytes, size_t size, struct signature_list *list)
{
    /* The whole check first, as bundle does: a loop in the page tree or a
     * file qpdf had to repair is not a copy to trust for its signatures. */
    struct pdf_facts facts;
    struct strbuf why = STRBUF_INIT;
    pdf_inspect(bytes, size, name, &facts, &why);
    bool ok = facts.state == PDF_READABLE && !facts.repaired;
    if (ok) {
        struct pdf_handle pdf;
        pdf_open_memory(&pdf, bytes, size, name, &why);
        ok = pdf.state == PDF_READABLE && pdf_signature_fields(&pdf, list, &why);
        pdf_close(&pdf);
    }
    if (!ok) {
        bool encrypted = facts.state == PDF_ENCRYPTED;
        struct strbuf message = STRBUF_INIT;
        strbuf_printf(&message, "PDF %s (%s).",
                      encrypted ? "chiffré" : facts.repaired ? "endommagé" : "illisible",
                      strbuf_str(&why));
        say(state, SEVERITY_ERROR, name, "pdf",
            encrypted ? "demandez une copie signée sans mot de passe."
                      : "demandez une nouvelle copie du document signé.",
            "%s", strbuf_str(&message));
        strbuf_free(&message);
        worsen(state, SD_INVALID);
    }
    strbuf_free(&why);
    return ok;
}

/* The fields of the PDF input (or of path, under a folder). */
static bool fields_of(struct signatures_run *state, const struct sd_input *input,
                      const char *path, struct signature_list *list)
{
    memset(list, 0, sizeof *list);
    const char *name = path ? path : input->name ? input->name : "PDF";
    if (!path && !input->path) {
        if (input->size > PDF_INPUT_MAX_SIZE) {
            say(state, SEVERITY_ERROR, name, "fichier", "demandez une copie plus légère du "
                "document (moins de 64 Mio).", "%s.", file_status_message(FILE_TOO_LARGE));
            worsen(state, SD_INVALID);
            return false;
        }
        return read_fields(state, name, input->bytes, input->size, list);
    }
    char *bytes;
    size_t size;
    if (!read_bytes(state, path ? path : input->path, &bytes, &size))
        return false;
    bool ok = read_fields(state, name, (const unsigned char *)bytes, size, list);
    free(bytes);
    return ok;
}

static void judge(struct signatures_run *state, const struct signature_list *list)
{
    bool complete = list->count > 0 && signature_list_signed(list) == list->count;
    if (state->complete && !complete)
        worsen(state, SD_INVALID);
}

static void add_field(struct strbuf *out, const char *name, const struct signature_field *field)
{
    termtext_add(out, name, TERMTEXT_MAX_CHARACTERS);
    strbuf_puts(out, " : champ « ");
    termtext_add(out, field->name, TERMTEXT_MAX_CHARACTERS);
    strbuf_puts(out, " » : ");
    if (!field->is_signed) {
        strbuf_puts(out, "non signé\n");
        return;
    }
    strbuf_puts(out, "signé par ");
    termtext_add(out, field->signer ? field->signer : "(nom non indiqué)",
                 TERMTEXT_MAX_CHARACTERS);
    if (field->date) {
        char date[64];
        pdf_date_format(field->date, date, sizeof date);
        strbuf_puts(out, " le ");
        termtext_add(out, date, TERMTEXT_MAX_CHARACTERS);
    }
    if (field->reason) {
        strbuf_puts(out, " (motif : ");
        termtext_add(out, field->reason, TERMTEXT_MAX_CHARACTERS);
        strbuf_puts(out, ")");
    }
    strbuf_puts(out, "\n");
}

/* The student a built document's folder names: « ET27-001_NOM_Prenom »
 * (stage_folder_name: '_' separates the id, the name and the first name,
 * each folded) gives "NOM Prenom"; NULL for any other folder. */
static char *student_of_folder(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return NULL;
    const char *folder = slash;
    while (folder > path && folder[-1] != '/')
        folder--;
    const char *first = memchr(folder, '_', (size_t)(slash - folder));
    const char *second = first ? memchr(first + 1, '_', (size_t)(slash - first - 1)) : NULL;
    if (!second || first == folder || second == first + 1 || second + 1 == slash ||
        memchr(second + 1, '_', (size_t)(slash - second - 1)))
        return NULL;
    struct strbuf name = STRBUF_INIT;
    strbuf_printf(&name, "%.*s %.*s", (int)(second - first - 1), first + 1,
                  (int)(slash - second - 1), second + 1);
    if (strbuf_failed(&name)) {
        strbuf_free(&name);
        return NULL;
    }
    return strbuf_detach(&name);
}

/* A "signature" record for each field of the PDF named name: its document
 * is its file name without ".pdf", its student its folder's. */
static void give_records(struct signatures_run *state, const char *name,
                         const struct signature_list *list)
{
    if (!run_records(state->run))
        return;
    const char *base = strrchr(name, '/') ? strrchr(name, '/') + 1 : name;
    size_t length = strlen(base);
    if (length > 4 && strcasecmp(base + length - 4, ".pdf") == 0)
        length -= 4;
    char *document = strndup(base, length);
    char *student = student_of_folder(name);
    for (size_t i = 0; i < list->count; i++)
        record_signature(state->run, name, document, student, &list->items[i]);
    free(document);
    free(student);
}

static void give(struct signatures_run *state, struct strbuf *out)
{
    run_data(state->run, strbuf_failed(out) ? "mémoire insuffisante\n" : strbuf_str(out));
    strbuf_free(out);
}

/* Every field of one PDF given on its own. */
static void show_document(struct signatures_run *state, const struct sd_input *input)
{
    struct signature_list list;
    if (!fields_of(state, input, NULL, &list))
        return;
    const char *name = input->name ? input->name : input->path ? input->path : "PDF";
    struct strbuf out = STRBUF_INIT;
    if (list.count == 0) {
        termtext_add(&out, name, TERMTEXT_MAX_CHARACTERS);
        strbuf_puts(&out, " : aucun champ de signature.\n");
    }
    for (size_t i = 0; i < list.count; i++)
        add_field(&out, name, &list.items[i]);
    give(state, &out);
    give_records(state, name, &list);
    judge(state, &list);
    signature_list_free(&list);
}

/* "signé par tous (5/5)" or "manque stagiaire, tuteur (3/5 signés)". */
static void summarize_document(struct signatures_run *state, const char *path)
{
    struct signature_list list;
    if (!fields_of(state, NULL, path, &list))
        return;
    size_t signed_count = signature_list_signed(&list);
    struct strbuf out = STRBUF_INIT;
    termtext_add(&out, path, TERMTEXT_MAX_CHARACTERS);
    if (list.count == 0) {
        strbuf_puts(&out, " : aucun champ de signature.\n");
    } else if (signed_count == list.count) {
        strbuf_printf(&out, " : signé par tous (%zu/%zu).\n", signed_count, list.count);
    } else {
        strbuf_puts(&out, " : manque ");
        for (size_t i = 0, said = 0; i < list.count; i++) {
            if (list.items[i].is_signed)
                continue;
            strbuf_puts(&out, said++ ? ", " : "");
            termtext_add(&out, list.items[i].name, TERMTEXT_MAX_CHARACTERS);
        }
        strbuf_printf(&out, " (%zu/%zu signé%s).\n", signed_count, list.count,
                      signed_count > 1 ? "s" : "");
    }
    give(state, &out);
    give_records(state, path, &list);
    judge(state, &list);
    signature_list_free(&list);
}

/* What the folder walk did not read: under complete, a document there
 * could be unsigned, so the answer is no. */
static void report_skipped(struct signatures_run *state, const struct dirlist_skipped *skipped)
{
    static const char *const what[][2] = {
        [DIRLIST_LINK] = {"lien symbolique, non suivi (il pourrait mener hors du dossier)",
                          "copiez dans le dossier le PDF lui-même, ou donnez son chemin."},
        [DIRLIST_NOT_REGULAR] = {"ni fichier ni dossier (tube, socket ou périphérique), non lu",
                                 "retirez-le du dossier."},
        [DIRLIST_HIDDEN] = {"caché (nom commençant par « . »), non lu",
                            "renommez-le sans point au début s'il doit être vérifié."},
        [DIRLIST_TOO_DEEP] = {"dossier à plus de 16 niveaux sous celui donné, non parcouru",
                              "donnez ce dossier lui-même, ou rapprochez les PDF."},
        [DIRLIST_UNREADABLE] = {"dossier illisible, non parcouru",
                                "vérifiez vos droits de lecture."},
    };
    for (size_t i = 0; i < skipped->list.count; i++) {
        enum dirlist_skip reason = skipped->reasons[i];
        say(state, SEVERITY_WARNING, skipped->list.paths[i], "fichier", what[reason][1], "%s.",
            what[reason][0]);
    }
    if (skipped->list.count && state->complete)
        worsen(state, SD_INVALID);
}

static void summarize_folder(struct signatures_run *state, const char *dir)
{
    struct path_list pdfs;
    struct dirlist_skipped skipped;
    struct strbuf error = STRBUF_INIT;
    if (!dirlist_find_checked(dir, ".pdf", &pdfs, &skipped, &error)) {
        say(state, SEVERITY_ERROR, dir, "fichier",
            "vérifiez le chemin du dossier et vos droits de lecture.", "%s.", strbuf_str(&error));
        worsen(state, SD_IO);
    }
    report_skipped(state, &skipped);
    if (!strbuf_failed(&error) && !error.len && pdfs.count == 0)
        say(state, SEVERITY_WARNING, dir, "fichier", "donnez le dossier où « stagedoc build » a "
            "écrit les documents, ou les PDF signés eux-mêmes.", "%s",
            "aucun PDF dans ce dossier.");
    for (size_t i = 0; i < pdfs.count && !run_cancelled(state->run); i++)
        summarize_document(state, pdfs.paths[i]);
    path_list_free(&pdfs);
    dirlist_skipped_free(&skipped);
    strbuf_free(&error);
}

sd_status sd_signatures(sd_run *run, const struct sd_input *pdfs, size_t count,
                        const struct sd_signatures_options *options)
{
    struct signatures_run state = {run, options && options->complete, SD_OK};
    state.result = run_begin(run, "signatures", NULL);
    for (size_t i = 0; i < count && !run_cancelled(run); i++) {
        if (pdfs[i].path && file_is_directory(pdfs[i].path))
            summarize_folder(&state, pdfs[i].path);
        else
            show_document(&state, &pdfs[i]);
    }
    run_note(run, SEVERITY_INFO, "stagedoc signatures : présence des signatures seulement, pas "
             "leur validité cryptographique ; vérifiez-la avec « pdfsig FICHIER.pdf ».");
    return run_end(run, state.result);
}
