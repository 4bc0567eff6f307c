/* cmd_signatures.c — `stagedoc signatures`: who has signed what.
 *
 * For a PDF named on the command line, one line per signature field:
 * signed or not, and for a signed one the signer's name, the date and the
 * reason its signature dictionary gives. For a folder, one line per PDF
 * under it: fully signed, or who is missing. This shows the presence of
 * signatures, not their cryptographic validity: poppler's pdfsig checks
 * that. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../package/pdf_inspect.h"
#include "../package/pdf_signatures.h"
#include "../util/dirlist.h"
#include "../util/file.h"
#include "../util/termtext.h"
#include "commands.h"
#include "open.h"
#include "options.h"

enum { OPT_COMPLETE };

static const struct command_option signatures_options[] = {
    {"complet", false, OPT_COMPLETE, 0},
};

struct signatures_state {
    bool require_complete; /* --complet: exit 1 unless every field is signed */
    sd_status result;
};

static bool set_option(int id, const char *value, void *data)
{
    struct signatures_state *state = data;
    (void)id;
    (void)value;
    state->require_complete = true;
    return true;
}

static void print_help(void)
{
    puts("Usage : stagedoc signatures [--complet] [OPTIONS] (FICHIER.pdf | DOSSIER)...\n"
         "\n"
         "Pour un PDF : chaque champ de signature, signé ou non ; pour un champ signé, le\n"
         "nom du signataire, la date et le motif inscrits dans sa signature. Pour un\n"
         "dossier (et ses sous-dossiers) : une ligne par PDF, entièrement signé ou les\n"
         "signatures qui manquent.\n"
         "\n"
         "Ceci montre la PRÉSENCE des signatures, pas leur validité cryptographique\n"
         "(certificat, intégrité du document) : vérifiez-la avec « pdfsig FICHIER.pdf »\n"
         "(paquet poppler-utils).\n"
         "\n"
         "Options :\n"
         "  --complet            sortie 1 si un document n'est pas entièrement signé");
    options_print_common_help(
        "  0  les PDF sont lus\n"
        "  1  un PDF est illisible, abîmé ou chiffré\n"
        "  2  ligne de commande incorrecte\n"
        "  3  un fichier ne peut être lu, ou erreur interne");
}

/* Names, reasons and paths come from other people's files: escaped and
 * cut before they reach the terminal. */
static void print_untrusted(const char *text)
{
    char *safe = termtext_escape(text, TERMTEXT_MAX_CHARACTERS);
    fputs(safe ? safe : "", stdout);
    free(safe);
}

/* path escaped, in a buffer that lasts until the next call. */
static const char *shown(const char *path)
{
    static char *last;
    free(last);
    last = termtext_escape(path, TERMTEXT_MAX_CHARACTERS);
    return last ? last : "";
}

/* The fields of one PDF; false (after saying why on stderr) when it cannot
 * be read as a PDF. */
static bool read_fields(const char *path, struct signature_list *list,
                        struct signatures_state *state)
{
    memset(list, 0, sizeof *list);
    char *bytes;
    size_t size;
    enum file_status status = file_read_all(path, PDF_INPUT_MAX_SIZE, &bytes, &size);
    if (status != FILE_OK) {
        fprintf(stderr, "%s: erreur: [fichier] %s.%s\n", shown(path), file_status_message(status),
                status == FILE_TOO_LARGE ? " À faire : demandez une copie plus légère du "
                                           "document (moins de 64 Mio)."
                                         : " À faire : vérifiez le chemin du fichier.");
        /* A file too large or not a file (a pipe) is the input refused,
         * like a damaged PDF; a missing or unreadable one is the disk. */
        bool refused = status == FILE_TOO_LARGE || status == FILE_NOT_REGULAR;
        state->result = sd_status_worst(state->result, refused ? SD_INVALID : SD_IO);
        return false;
    }
    /* The whole check first, as bundle does: a loop in the page tree or a
     * file qpdf had to repair is not a copy to trust for its signatures. */
    struct pdf_facts facts;
    struct strbuf why = STRBUF_INIT;
    pdf_inspect((const unsigned char *)bytes, size, path, &facts, &why);
    bool ok = facts.state == PDF_READABLE && !facts.repaired;
    if (ok) {
        struct pdf_handle pdf;
        pdf_open_memory(&pdf, (const unsigned char *)bytes, size, path, &why);
        ok = pdf.state == PDF_READABLE && pdf_signature_fields(&pdf, list, &why);
        pdf_close(&pdf);
    }
    if (!ok) {
        bool encrypted = facts.state == PDF_ENCRYPTED;
        char *reason = termtext_escape(strbuf_str(&why), 0);
        fprintf(stderr, "%s: erreur: [pdf] PDF %s (%s). À faire : %s\n", shown(path),
                encrypted ? "chiffré" : facts.repaired ? "endommagé" : "illisible",
                reason ? reason : "",
                encrypted ? "demandez une copie signée sans mot de passe."
                          : "demandez une nouvelle copie du document signé.");
        free(reason);
        state->result = sd_status_worst(state->result, SD_INVALID);
    }
    strbuf_free(&why);
    free(bytes);
    return ok;
}

static void note_completeness(const struct signature_list *list, struct signatures_state *state)
{
    bool complete = list->count > 0 && signature_list_signed(list) == list->count;
    if (state->require_complete && !complete)
        state->result = sd_status_worst(state->result, SD_INVALID);
}

static void print_field(const char *path, const struct signature_field *field)
{
    printf("%s : champ « ", shown(path));
    print_untrusted(field->name);
    fputs(" » : ", stdout);
    if (!field->is_signed) {
        puts("non signé");
        return;
    }
    fputs("signé par ", stdout);
    print_untrusted(field->signer ? field->signer : "(nom non indiqué)");
    if (field->date) {
        char date[64];
        pdf_date_format(field->date, date, sizeof date);
        fputs(" le ", stdout);
        print_untrusted(date);
    }
    if (field->reason) {
        fputs(" (motif : ", stdout);
        print_untrusted(field->reason);
        putchar(')');
    }
    putchar('\n');
}

static void show_document(const char *path, struct signatures_state *state)
{
    struct signature_list list;
    if (!read_fields(path, &list, state))
        return;
    if (list.count == 0)
        printf("%s : aucun champ de signature.\n", shown(path));
    for (size_t i = 0; i < list.count; i++)
        print_field(path, &list.items[i]);
    note_completeness(&list, state);
    signature_list_free(&list);
}

/* "signé par tous (5/5)" or "manque stagiaire, tuteur (3/5 signés)". */
static void summarize_document(const char *path, struct signatures_state *state)
{
    struct signature_list list;
    if (!read_fields(path, &list, state))
        return;
    size_t signed_count = signature_list_signed(&list);
    if (list.count == 0) {
        printf("%s : aucun champ de signature.\n", shown(path));
    } else if (signed_count == list.count) {
        printf("%s : signé par tous (%zu/%zu).\n", shown(path), signed_count, list.count);
    } else {
        printf("%s : manque ", shown(path));
        for (size_t i = 0, said = 0; i < list.count; i++) {
            if (list.items[i].is_signed)
                continue;
            fputs(said++ ? ", " : "", stdout);
            print_untrusted(list.items[i].name);
        }
        printf(" (%zu/%zu signé%s).\n", signed_count, list.count, signed_count > 1 ? "s" : "");
    }
    note_completeness(&list, state);
    signature_list_free(&list);
}

/* What the folder walk did not read, each said on stderr: under --complet a
 * document there could be unsigned, so the answer is no. */
static void report_skipped(const struct dirlist_skipped *skipped, struct signatures_state *state)
{
    static const char *const what[][2] = {
        [DIRLIST_LINK] = {"lien symbolique, non suivi (il pourrait mener hors du dossier)",
                          "copiez dans le dossier le PDF lui-même, ou donnez son chemin"},
        [DIRLIST_NOT_REGULAR] = {"ni fichier ni dossier (tube, socket ou périphérique), non lu",
                                 "retirez-le du dossier"},
        [DIRLIST_HIDDEN] = {"caché (nom commençant par « . »), non lu",
                            "renommez-le sans point au début s'il doit être vérifié"},
        [DIRLIST_TOO_DEEP] = {"dossier à plus de 16 niveaux sous celui donné, non parcouru",
                              "donnez ce dossier lui-même, ou rapprochez les PDF"},
        [DIRLIST_UNREADABLE] = {"dossier illisible, non parcouru", "vérifiez vos droits de "
                                                                   "lecture"},
    };
    for (size_t i = 0; i < skipped->list.count; i++) {
        enum dirlist_skip reason = skipped->reasons[i];
        fprintf(stderr, "%s: avertissement: [fichier] %s. À faire : %s.\n",
                shown(skipped->list.paths[i]), what[reason][0], what[reason][1]);
    }
    if (skipped->list.count && state->require_complete)
        state->result = sd_status_worst(state->result, SD_INVALID);
}

static void summarize_folder(const char *dir, struct signatures_state *state)
{
    struct path_list pdfs;
    struct dirlist_skipped skipped;
    struct strbuf error = STRBUF_INIT;
    if (!dirlist_find_checked(dir, ".pdf", &pdfs, &skipped, &error)) {
        char *reason = termtext_escape(strbuf_str(&error), 0);
        fprintf(stderr, "%s: erreur: [fichier] %s. À faire : vérifiez le chemin du dossier et "
                        "vos droits de lecture.\n", shown(dir), reason ? reason : "");
        free(reason);
        state->result = sd_status_worst(state->result, SD_IO);
    }
    report_skipped(&skipped, state);
    if (!strbuf_failed(&error) && !error.len && pdfs.count == 0) {
        fprintf(stderr, "%s: avertissement: [fichier] aucun PDF dans ce dossier. À faire : "
                        "donnez le dossier où « stagedoc build » a écrit les documents, ou les "
                        "PDF signés eux-mêmes.\n", shown(dir));
    }
    for (size_t i = 0; i < pdfs.count; i++)
        summarize_document(pdfs.paths[i], state);
    path_list_free(&pdfs);
    dirlist_skipped_free(&skipped);
    strbuf_free(&error);
}

sd_status command_signatures(int argc, char **argv)
{
    struct signatures_state state = {false, SD_OK};
    struct parsed_command parsed;
    sd_status status;
    if (!options_start_command(argc, argv, signatures_options,
                               sizeof signatures_options / sizeof *signatures_options,
                               set_option, &state, print_help, true, &parsed, &status))
        return status;
    for (int i = 0; i < parsed.operand_count; i++) {
        if (file_is_directory(parsed.operands[i]))
            summarize_folder(parsed.operands[i], &state);
        else
            show_document(parsed.operands[i], &state);
    }
    fputs("stagedoc signatures : présence des signatures seulement, pas leur validité "
          "cryptographique ; vérifiez-la avec « pdfsig FICHIER.pdf ».\n", stderr);
    return state.result;
}
