/* cmd_bundle.c — `stagedoc bundle`: each stage's exam package as a ZIP.
 *
 * Every stage of every file is checked (the regulation's rules, then the
 * package's own checks) and packaged on its own: one stage's failure does
 * not stop the others. The paths of the packages go to stdout, their list
 * with each one's SHA-256 to DIR/index.tsv, a summary to stderr; the exit
 * status is 1 when a stage failed. With -j N the packages are assembled by
 * N workers (workers.h) and written here, in input order. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../input/source.h"
#include "../package/index.h"
#include "../package/naming.h"
#include "../util/termtext.h"
#include "../engine/bundle.h"
#include "commands.h"
#include "options.h"
#include "../engine/stage_select.h"
#include "password.h"
#include "../engine/pipeline.h"
#include "../engine/walk.h"
#include "../engine/worker_walk.h"
#include "../engine/workers.h"

enum { OPT_OUTPUT, OPT_NAME, OPT_ENCRYPT, OPT_PASSWORD_FILE, OPT_QUIET, OPT_LANGUE, OPT_JOBS,
       OPT_COMPLETE, OPT_STAGE };

/* What a worker sends besides diagnostics: a package assembled, as its name
 * and a NUL, then the ZIP in pieces of BUNDLE_PIECE_SIZE at most (a package
 * may weigh hundreds of megabytes: neither side holds it whole), then its
 * end. A stage that sends none failed, or is exempted. */
enum {
    MESSAGE_PACKAGE = WORKER_MESSAGE_FIRST_FREE,
    MESSAGE_PACKAGE_PIECE,
    MESSAGE_PACKAGE_END,
};

static const struct command_option bundle_options[] = {
    {"output", true, OPT_OUTPUT, 'o'},
    {"nom", true, OPT_NAME, 0},
    {"chiffrer", false, OPT_ENCRYPT, 0},
    {"mot-de-passe-fichier", true, OPT_PASSWORD_FILE, 0},
    {"quiet", false, OPT_QUIET, 0},
    {"langue", true, OPT_LANGUE, 0},
    {"jobs", true, OPT_JOBS, 'j'},
    {"complet", false, OPT_COMPLETE, 0},
    {"stage", true, OPT_STAGE, 0},
    OPTIONS_SPREADSHEET,
};

struct bundle_state {
    struct bundle_settings settings;
    bool encrypt;
    const char *password_file;
    struct strbuf index;
    size_t written, failed, exempted;
    bool quiet; /* --quiet: no progress, no information lines */
    struct progress progress;
    enum exit_code result;
    unsigned jobs;           /* -j */
    struct worker_walk walk; /* with -j N: the parent's or a worker's side */
    struct stage_selection wanted; /* --stage */
};

static bool set_option(int id, const char *value, void *data)
{
    struct bundle_state *state = data;
    struct strbuf error = STRBUF_INIT;
    bool ok = true;
    if (id == OPT_OUTPUT) {
        state->settings.output_dir = value;
    } else if (id == OPT_NAME) {
        ok = package_name_pattern_check(value, &error);
        if (!ok)
            fprintf(stderr, "stagedoc bundle: --nom « %s » : %s.\n", value, strbuf_str(&error));
        state->settings.name_pattern = value;
    } else if (id == OPT_ENCRYPT) {
        state->encrypt = true;
    } else if (id == OPT_COMPLETE) {
        state->settings.complete = true;
    } else if (id == OPT_STAGE) {
        ok = stage_selection_add(&state->wanted, value);
    } else if (id == OPT_QUIET) {
        state->quiet = true;
    } else if (id == OPT_LANGUE) {
        ok = options_parse_languages("bundle", value, &state->settings.bilingual);
    } else if (id == OPT_JOBS) {
        ok = workers_parse_count("bundle", value, &state->jobs);
    } else {
        state->password_file = value;
    }
    strbuf_free(&error);
    return ok;
}

static void print_help(void)
{
    puts("Usage : stagedoc bundle [-o DOSSIER] [--nom MOTIF] [--chiffrer --mot-de-passe-fichier F]\n"
         "                        [OPTIONS] FICHIER...\n"
         "\n"
         "Produit le dossier d'examen de chaque stage : un ZIP\n"
         "DOSSIER/<session>_<academie>_<numero-candidat>_<NOM>_<Prenom>.zip avec le rapport,\n"
         "les trois documents en anglais et leur fiche, la convention (ou pour un apprenti\n"
         "le tableau de stratégie), l'attestation (de l'employeur pour un apprenti), la\n"
         "grille d'évaluation — la version signée de <documents-signes> quand elle est\n"
         "donnée, sinon celle que produit stagedoc — et manifest.xml (rôle, taille,\n"
         "SHA-256 et pages de chaque pièce). Avant : chaque fichier cité doit exister et\n"
         "être un PDF lisible et non chiffré, chaque document en anglais tenir sur une\n"
         "page ; le nombre de pages du rapport est indiqué (avertissement hors de 15 à 30\n"
         "pages par défaut, voir templates/regles/parametres.tsv). Un exemplaire signé ou\n"
         "un document remis produit par stagedoc pour un autre stage ou un autre\n"
         "stagiaire est refusé ; un document signé auquel manquent des signatures est\n"
         "signalé, avec qui n'a pas signé.\n"
         "Un stage en erreur n'empêche pas les autres ; DOSSIER/index.tsv liste chaque\n"
         "paquet avec son SHA-256. Les mêmes entrées donnent les mêmes octets (dates de\n"
         "SOURCE_DATE_EPOCH, sinon du premier jour du stage).\n"
         "\n"
         "Options :\n"
         "  -o, --output DOSSIER dossier des paquets (défaut : paquets)\n"
         "  --nom MOTIF          nom des paquets ; champs {session} {academie} {numero}\n"
         "                       {nom} {prenom} {id} {voie} {unite}, en majuscules si le\n"
         "                       champ est écrit en majuscules ({NOM}) ; défaut :\n"
         "                       " PACKAGE_NAME_DEFAULT "\n"
         "  --chiffrer           chiffre chaque paquet (AES-256, ouvrable avec 7-Zip) ;\n"
         "  --mot-de-passe-fichier FICHIER\n"
         "                       le mot de passe est la première ligne de FICHIER (jamais\n"
         "                       sur la ligne de commande)\n"
         "  --langue fr,en       convention et attestation en français et en anglais\n"
         "                       (stage à l'étranger ; ou langue=\"fr,en\" sur <stage>)\n"
         "  --stage STAGIAIRE    ne refait que le paquet de ce stagiaire (identifiant,\n"
         "                       numéro de candidat ou « NOM Prénom » ; répétable)\n"
         "  --complet            un document signé auquel manque une signature, ou une\n"
         "                       convention ou une attestation sans exemplaire signé,\n"
         "                       est une erreur (un avertissement ou une information\n"
         "                       sinon) : pas de paquet pour ce stage\n"
         "  --quiet              ni progression ni lignes d'information ; la\n"
         "                       progression (stages faits, vitesse, temps restant)\n"
         "                       ne s'affiche que si la sortie d'erreur est un terminal\n"
         "  -j, --jobs N         N processus (défaut : un par processeur) ; -j 1 : un\n"
         "                       seul. Mêmes paquets, mêmes octets, même ordre.");
    options_print_spreadsheet_help();
    options_print_common_help(
        "  0  chaque stage a son paquet (avertissements permis)\n"
        "  1  au moins un stage n'a pas de paquet (ses erreurs sont dites)\n"
        "  2  ligne de commande incorrecte\n"
        "  3  un fichier ne peut être lu ou écrit, ou erreur interne");
}

static enum exit_code check_encryption_options(struct bundle_state *state, char **password)
{
    if (state->encrypt != (state->password_file != NULL)) {
        fprintf(stderr, "stagedoc bundle: --chiffrer et --mot-de-passe-fichier vont ensemble.\n"
                        "Voir « stagedoc bundle --help ».\n");
        return EXIT_USAGE;
    }
    return state->encrypt ? password_read("bundle", state->password_file, password) : EXIT_VALID;
}

static void report(struct diag_list *diags, const struct stage *stage, enum severity severity,
                   const char *message)
{
    /* At the stage's element: a spreadsheet's row, for a stage imported. */
    diag_add(diags, severity, source_node_position(stage->root), "paquet", stage->id, NULL, "%s",
             message);
}

/* A package written (or not): its path on stdout, its line in the index. */
static void count_package(struct bundle_state *state, const struct stage *stage,
                          enum exit_code status, struct bundle_result *result)
{
    if (status == EXIT_VALID) {
        progress_clear(&state->progress); /* stdout may be the same terminal */
        termtext_print(stdout, strbuf_str(&result->path), 0);
        putchar('\n');
        package_index_add(&state->index, stage->id, strbuf_str(&result->name), result->sha256);
        state->written++;
    } else {
        state->failed++;
        state->result = exit_code_worst(state->result, status);
    }
    strbuf_free(&result->path);
    strbuf_free(&result->name);
}

static void write_package(struct bundle_state *state, const struct stage *stage,
                          const struct bundle_package *package, struct diag_list *diags)
{
    struct bundle_result result = {STRBUF_INIT, STRBUF_INIT, ""};
    enum exit_code status = bundle_package_write(&state->settings, stage, package, diags, &result);
    count_package(state, stage, status, &result);
}

/* In a worker, the package goes to the parent: its name, then its pieces,
 * then its end. A temporary file that does not read back sends no end: the
 * parent drops what came, and the error said here reaches it. */
static void send_package(struct bundle_state *state, const struct stage *stage,
                         const struct bundle_package *package, struct diag_list *diags)
{
    worker_walk_send(&state->walk, diags, MESSAGE_PACKAGE, package->name,
                     strlen(package->name) + 1, NULL, 0);
    unsigned char *piece = malloc(BUNDLE_PIECE_SIZE);
    size_t got, total = 0;
    rewind(package->zip);
    while (piece && (got = fread(piece, 1, BUNDLE_PIECE_SIZE, package->zip)) > 0) {
        worker_walk_send(&state->walk, diags, MESSAGE_PACKAGE_PIECE, NULL, 0, piece, got);
        total += got;
    }
    free(piece);
    if (total == package->size && !ferror(package->zip)) {
        worker_walk_send(&state->walk, diags, MESSAGE_PACKAGE_END, NULL, 0, NULL, 0);
        return;
    }
    diag_add(diags, SEVERITY_ERROR, source_node_position(stage->root), "ecriture", stage->id,
             "relancez ; si cela se reproduit, vérifiez la place libre du dossier temporaire "
             "($TMPDIR, sinon /tmp).", "paquet non écrit : le fichier temporaire du paquet ne "
             "se relit pas.");
    state->failed++;
    state->result = exit_code_worst(state->result, EXIT_IO);
}

static void bundle_visit(const struct run_context *context, const struct stage *stage,
                         const struct calendar *calendar, struct diag_list *diags, void *data)
{
    struct bundle_state *state = data;
    if (!stage_selection_has(&state->wanted, stage))
        return; /* --stage: another student, whose package stays as it is */
    if (stage->dispense_motif) {
        report(diags, stage, SEVERITY_INFO, "candidat dispensé de stage : pas de dossier de "
                                            "stage.");
        state->exempted++;
        return;
    }
    size_t errors_before = diags->counts[SEVERITY_ERROR];
    walk_run_rules(context, stage, calendar, diags, NULL);
    if (diags->counts[SEVERITY_ERROR] > errors_before) {
        report(diags, stage, SEVERITY_ERROR, "dossier non produit : le stage a des erreurs. "
                                             "À faire : corrigez-les (messages ci-dessus), puis "
                                             "relancez « stagedoc bundle ».");
        state->failed++;
        return;
    }
    struct bundle_package package;
    enum exit_code status =
        bundle_stage_assemble(context, &state->settings, stage, calendar, diags, &package);
    if (status != EXIT_VALID) {
        state->failed++;
        state->result = exit_code_worst(state->result, status);
    } else if (state->walk.channel) {
        send_package(state, stage, &package, diags);
    } else {
        write_package(state, stage, &package, diags);
    }
    bundle_package_free(&package);
}

/* ------------------------------------------------------------ -j N */

struct replay {
    struct bundle_state *state;
    const struct stage *stage;
    struct diag_list *diags;
    bool packaged;
    bool writing; /* a package begun, its end not come yet */
    struct bundle_writer writer;
};

/* A package a worker sends, written as -j 1 would as its pieces come. Out
 * of order (a piece before a name, two names): false, the run is broken. */
static bool replay_package(const struct worker_message *message, void *data)
{
    struct replay *r = data;
    if (message->type == MESSAGE_PACKAGE) {
        if (r->writing || r->packaged || message->size == 0 ||
            strnlen((const char *)message->bytes, message->size) != message->size - 1)
            return false;
        bundle_writer_begin(&r->writer, &r->state->settings, r->stage,
                            (const char *)message->bytes, r->diags);
        r->writing = true;
    } else if (message->type == MESSAGE_PACKAGE_PIECE && r->writing) {
        bundle_writer_add(&r->writer, message->bytes, message->size);
    } else if (message->type == MESSAGE_PACKAGE_END && r->writing) {
        struct bundle_result result = {STRBUF_INIT, STRBUF_INIT, ""};
        count_package(r->state, r->stage, bundle_writer_finish(&r->writer, &result), &result);
        r->writing = false;
        r->packaged = true;
    } else {
        return false;
    }
    return true;
}

/* In the parent: the stage's package, from its worker. The counts follow:
 * no package means exempted or failed. */
static void bundle_from_worker(const struct run_context *context, const struct stage *stage,
                               const struct calendar *calendar, struct diag_list *diags,
                               void *data)
{
    (void)context;
    (void)calendar;
    struct bundle_state *state = data;
    struct replay replay = {.state = state, .stage = stage, .diags = diags};
    enum exit_code code =
        worker_walk_receive(&state->walk, stage, "bundle", diags, replay_package, &replay);
    if (replay.writing) /* the worker stopped sending it: nothing under its name */
        bundle_writer_abandon(&replay.writer);
    if (worker_walk_broken(&state->walk))
        code = EXIT_IO;
    else if (!stage_selection_has(&state->wanted, stage))
        ; /* --stage: another student, not redone */
    else if (stage->dispense_motif)
        state->exempted++;
    else if (!replay.packaged)
        state->failed++;
    state->result = exit_code_worst(state->result, code);
}

static void write_index(struct bundle_state *state)
{
    if (state->written == 0)
        return;
    struct strbuf path = STRBUF_INIT, error = STRBUF_INIT, text = STRBUF_INIT;
    strbuf_puts(&text, PACKAGE_INDEX_HEADER);
    strbuf_puts(&text, strbuf_str(&state->index));
    if (!pipeline_write(state->settings.output_dir, PACKAGE_INDEX_NAME,
                        (const unsigned char *)strbuf_str(&text), text.len, &path, &error)) {
        fprintf(stderr, "stagedoc bundle: erreur: [ecriture] %s. À faire : vérifiez que le "
                        "dossier de sortie est accessible en écriture, puis relancez.\n",
                strbuf_str(&error));
        state->result = exit_code_worst(state->result, EXIT_IO);
    }
    strbuf_free(&path);
    strbuf_free(&error);
    strbuf_free(&text);
}

static void print_summary(const struct bundle_state *state, const struct walk_totals *totals)
{
    fprintf(stderr, "stagedoc bundle : %zu stage%s : %zu paquet%s écrit%s dans %s, %zu en "
                    "échec", totals->stages, totals->stages > 1 ? "s" : "", state->written,
            state->written > 1 ? "s" : "", state->written > 1 ? "s" : "",
            state->settings.output_dir, state->failed);
    if (state->exempted)
        fprintf(stderr, ", %zu sans dossier (dispense)", state->exempted);
    fputs(".\n", stderr);
}

/* Every template compiled once, before any stage: a broken template is
 * reported once with its file and line, not once per stage. */
static enum exit_code prepare_templates(struct run_context *context, struct bundle_state *state)
{
    struct diag_list diags = DIAG_LIST_INIT;
    enum exit_code status = documents_prepare(&state->settings.documents, NULL,
                                              context->templates, &diags)
                                ? EXIT_VALID
                                : EXIT_INVALID;
    diag_print_all(&diags, stderr, SEVERITY_INFO);
    diag_list_free(&diags);
    return status;
}

static enum exit_code prepare(struct run_context *context, struct parsed_command *parsed,
                              struct bundle_state *state)
{
    parsed->run.quiet = state->quiet;
    enum exit_code status =
        documents_open_run(context, &parsed->run, &state->settings.documents, "bundle");
    return status == EXIT_VALID ? prepare_templates(context, state) : status;
}

static enum exit_code bundle_all(struct run_context *context, struct parsed_command *parsed,
                                 struct bundle_state *state)
{
    /* An information line the same for several students is said once, at
     * the end, with their number (« le rapport compte 21 pages »). */
    struct gathered_information gathered = {0};
    struct walk_totals totals = {.print_least = state->quiet ? SEVERITY_WARNING : SEVERITY_INFO,
                                 .progress = &state->progress, .gathered = &gathered};
    enum exit_code status = EXIT_VALID;
    size_t stages = 0;
    for (int i = 0; i < parsed->operand_count; i++)
        status = exit_code_worst(status,
                                 walk_file_reads_whole(context, parsed->operands[i], &stages));
    if (status != EXIT_VALID) {
        fputs("stagedoc bundle : entrées illisibles, aucun paquet écrit. À faire : corrigez ce "
              "que disent les messages ci-dessus, puis relancez.\n", stderr);
        return status;
    }
    progress_start(&state->progress, "bundle", "stages", stages, state->quiet);
    state->walk = (struct worker_walk){.context = context, .paths = parsed->operands,
                                       .path_count = parsed->operand_count, .visit = bundle_visit,
                                       .state = state, .result = &state->result};
    if (state->jobs > 1 && stages > 1)
        worker_walk_start(&state->walk, state->jobs);
    stage_visitor visit = state->walk.workers ? bundle_from_worker : bundle_visit;
    for (int i = 0; i < parsed->operand_count; i++)
        status = exit_code_worst(status, walk_file(context, parsed->operands[i], visit, state,
                                                   &totals));
    progress_finish(&state->progress);
    bool broken = worker_walk_broken(&state->walk);
    state->result = exit_code_worst(state->result, worker_walk_finish(&state->walk, "bundle"));
    if (!broken)
        write_index(state);
    walk_print_information("bundle", &gathered);
    print_summary(state, &totals);
    return exit_code_worst(status, state->result);
}

enum exit_code command_bundle(int argc, char **argv)
{
    struct bundle_state state = {
        .settings = {.output_dir = "paquets", .name_pattern = PACKAGE_NAME_DEFAULT,
                     .source_date = pipeline_source_date_epoch(), .names_taken = KEYSET_INIT},
        .index = STRBUF_INIT, .result = EXIT_VALID, .jobs = workers_default_count()};
    struct parsed_command parsed;
    enum exit_code status;
    if (!options_start_command(argc, argv, bundle_options,
                               sizeof bundle_options / sizeof *bundle_options, set_option,
                               &state, print_help, true, &parsed, &status))
        return status;
    char *password = NULL;
    status = check_encryption_options(&state, &password);
    if (status != EXIT_VALID)
        return status;
    state.settings.password = password;
    struct run_context context;
    status = prepare(&context, &parsed, &state);
    if (status == EXIT_VALID)
        status = bundle_all(&context, &parsed, &state);
    free(password);
    strbuf_free(&state.index);
    stage_selection_free(&state.wanted);
    keyset_free(&state.settings.names_taken);
    documents_free(&state.settings.documents);
    run_context_close(&context);
    return status;
}
