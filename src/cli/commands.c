/* commands.c — how every subcommand runs (see commands.h): its options
 * read, then the engine opened with its configuration — where the
 * templates, fonts and patterns are, what date goes into documents, where
 * temporary files go: read from the options and the environment here, once
 * — and a run whose events print on the terminal; the command's one call;
 * all closed. */
#include "commands.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../util/file.h"
#include "../util/strbuf.h"
#include "../util/termtext.h"

#ifndef STAGEDOC_DATADIR
#define STAGEDOC_DATADIR "/usr/local/share/stagedoc/templates"
#endif

static bool has_file(const char *dir, const char *name)
{
    char *path = path_join(dir, name);
    bool found = path && access(path, R_OK) == 0;
    free(path);
    return found;
}

/* Where a folder of stagedoc's data is: the option, then the environment,
 * then beside the executable (a build tree), then ../share/stagedoc/ (an
 * installed, relocated tree), then the folder chosen at build time. A
 * candidate counts when it holds marker. */
static char *find_data_dir(const char *requested, const char *variable, const char *name,
                           const char *marker, const char *built_in)
{
    if (requested)
        return strdup(requested);
    const char *from_env = getenv(variable);
    if (from_env && *from_env)
        return strdup(from_env);
    char *exe_dir = path_executable_dir();
    char *found = NULL;
    const char *prefixes[] = {"", "../share/stagedoc/"};
    for (size_t i = 0; exe_dir && !found && i < 2; i++) {
        struct strbuf relative = STRBUF_INIT;
        strbuf_printf(&relative, "%s%s", prefixes[i], name);
        char *candidate = path_join(exe_dir, strbuf_str(&relative));
        strbuf_free(&relative);
        if (candidate && has_file(candidate, marker))
            found = candidate;
        else
            free(candidate);
    }
    free(exe_dir);
    return found ? found : strdup(built_in);
}

/* Fonts sit beside the templates (fonts/ next to templates/ in the source
 * tree and under share/stagedoc/ once installed); a copied templates folder
 * given with --templates still finds the installed fonts. */
static char *find_fonts_dir(const char *templates_dir)
{
    char *beside = path_join(templates_dir, "../fonts");
    if (beside && !getenv("STAGEDOC_FONTS") && has_file(beside, "DejaVuSans.ttf"))
        return beside;
    free(beside);
    return find_data_dir(NULL, "STAGEDOC_FONTS", "fonts", "DejaVuSans.ttf",
                         STAGEDOC_DATADIR "/../fonts");
}

/* $SOURCE_DATE_EPOCH as seconds, or -1 when unset (a warning when it is
 * not a number): the only clock a reproducible document may read. */
static int64_t source_date_epoch(void)
{
    const char *text = getenv("SOURCE_DATE_EPOCH");
    if (!text || !*text)
        return -1;
    char *end;
    long long value = strtoll(text, &end, 10);
    if (*end || value < 0) {
        char *shown = termtext_escape(text, TERMTEXT_MAX_CHARACTERS);
        fprintf(stderr, "stagedoc: avertissement: SOURCE_DATE_EPOCH « %s » ignoré "
                        "(un nombre de secondes est attendu).\n", shown ? shown : "");
        free(shown);
        return -1;
    }
    return value;
}

static const char *non_empty(const char *text)
{
    return text && *text ? text : NULL;
}

/* The engine for the options; on failure says why on stderr. */
static sd_status open_engine(const struct common_options *options, sd_engine **engine)
{
    char *templates = find_data_dir(options->templates_dir, "STAGEDOC_TEMPLATES", "templates",
                                    "schema/stage.xsd", STAGEDOC_DATADIR);
    char *fonts = templates ? find_fonts_dir(templates) : NULL;
    struct sd_config config = SD_CONFIG_INIT;
    config.templates_dir = templates;
    config.fonts_dir = fonts;
    config.hyphenation = non_empty(getenv("STAGEDOC_HYPHENATION"));
    config.region = options->region;
    config.tmp_dir = non_empty(getenv("TMPDIR"));
    config.root = options->root;
    config.max_size = options->max_size;
    config.fixed_date = source_date_epoch();
    sd_status status = templates && fonts ? sd_engine_open(&config, engine) : SD_NOMEM;
    free(templates);
    free(fonts);
    if (status != SD_OK) {
        char *shown = termtext_escape(sd_engine_error(*engine), 2000);
        fprintf(stderr, "stagedoc: erreur: %s\n", shown ? shown : "mémoire insuffisante");
        free(shown);
    }
    return status;
}

/* The command's own help, then the options every command takes. */
static void print_help(const struct command_spec *spec)
{
    puts(spec->help);
    if (spec->reads_workbooks)
        puts("\nUn classeur de classe à la place d'un fichier XML (classe.xlsx, classe.ods,\n"
             "un dossier de fichiers CSV, ou un CSV seul), lu comme par « stagedoc import » :\n"
             "chaque problème est dit à sa cellule (classe.xlsx:Stagiaires!AE2), avec sa\n"
             "colonne et le nom du stagiaire.\n"
             "  --commun FICHIER     pour un CSV seul : promotion XML qui donne ce que la classe\n"
             "                       partage (session, établissement, valeurs par défaut)\n"
             "  --encodage ENC       CSV en utf-8 ou windows-1252 (défaut : détecté)");
    puts("\nOptions communes :\n"
         "  --templates DOSSIER  modèles et données réglementaires à utiliser\n"
         "                       (défaut : ceux installés avec stagedoc ; variable\n"
         "                       STAGEDOC_TEMPLATES)\n"
         "  --region REGION      jours fériés : metropole (défaut), alsace-moselle,\n"
         "                       guadeloupe, martinique, guyane, reunion, mayotte\n"
         "  --max-size TAILLE    refuse les fichiers plus gros (défaut 16 Mio : 16M ;\n"
         "                       aussi 512K, 1G)\n"
         "  --racine DOSSIER     les fichiers que nomment les entrées (rapport, documents\n"
         "                       en anglais, copies signées, logo) doivent être dans ce\n"
         "                       dossier, liens suivis : sinon, erreur à leur ligne ou\n"
         "                       cellule (défaut : n'importe où)\n"
         "  -h, --help           affiche cette aide\n");
    printf("Codes de sortie :\n%s\n%s\n", spec->exit_codes, HELP_EXIT_SIGNALS);
}

/* The files named on the command line as the engine's inputs (heap; NULL
 * when memory is short, said). */
static struct sd_input *inputs_of(char *const *paths, int count)
{
    struct sd_input *inputs = calloc(count > 0 ? (size_t)count : 1, sizeof *inputs);
    if (!inputs) {
        fputs("stagedoc: erreur: mémoire insuffisante\n", stderr);
        return NULL;
    }
    for (int i = 0; i < count; i++)
        inputs[i] = (struct sd_input){.name = paths[i], .path = paths[i]};
    return inputs;
}

/* The read options a command passes on; commun must outlive them. */
static struct sd_read_options read_options(const struct common_options *options,
                                           struct sd_input *commun, bool quiet)
{
    struct sd_read_options read = SD_READ_INIT;
    if (options->commun) {
        *commun = (struct sd_input){.name = options->commun, .path = options->commun};
        read.commun = commun;
    }
    read.encoding = options->encoding;
    read.least = quiet ? SD_WARNING : SD_INFO;
    return read;
}

sd_status command_run(const struct command_spec *spec, int argc, char **argv, void *state)
{
    struct parsed_command parsed;
    sd_status status = options_parse(argc, argv, spec->options, spec->option_count,
                                     spec->handle, state, &parsed);
    if (status != SD_OK)
        return status;
    if (parsed.help) {
        print_help(spec);
        return SD_OK;
    }
    if (spec->needs_files && parsed.operand_count == 0)
        return options_usage(argv[0], "aucun fichier.", NULL);
    if (spec->prepare && !spec->prepare(&parsed, &status))
        return status;
    bool quiet = parsed.run.quiet || !spec->informs;
    struct report report;
    struct sd_events events = report_events(&report, parsed.run.command, quiet);
    sd_engine *engine = NULL;
    sd_run *run = NULL;
    status = open_engine(&parsed.run, &engine);
    if (status == SD_OK && !(run = sd_run_new(engine, &events))) {
        fputs("stagedoc: erreur: mémoire insuffisante\n", stderr);
        status = SD_NOMEM;
    }
    struct sd_input *inputs = inputs_of(parsed.operands, parsed.operand_count);
    if (status == SD_OK && inputs) {
        struct sd_input commun;
        struct command_call call = {parsed.given, state, engine, run, &report, inputs,
                                    (size_t)parsed.operand_count,
                                    read_options(&parsed.run, &commun, quiet)};
        status = spec->call(&call);
    } else if (status == SD_OK) {
        status = SD_NOMEM;
    }
    free(inputs);
    report_finish(&report);
    sd_run_free(run);
    sd_engine_close(engine);
    return status;
}
