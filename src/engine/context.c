/* context.c — finding the templates folder and loading shared data. */
#include "context.h"

#include "../util/termtext.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../layout/font.h"
#include "../layout/layout.h"
#include "../pdf/pdf.h"
#include "../template/template.h"
#include "../util/file.h"
#include "spreadsheet.h"
#include "../util/strbuf.h"

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

static char *find_templates_dir(const char *requested)
{
    return find_data_dir(requested, "STAGEDOC_TEMPLATES", "templates", "schema/stage.xsd",
                         STAGEDOC_DATADIR);
}

char *run_context_template_path(const struct run_context *context, const char *relative)
{
    return path_join(context->templates_dir, relative);
}

static enum exit_code load_schema(struct run_context *context)
{
    struct diag_list diags = DIAG_LIST_INIT;
    char *path = run_context_template_path(context, "schema/stage.xsd");
    context->schema = path ? schema_load(path, &diags) : NULL;
    diag_print_all(&diags, stderr, SEVERITY_INFO);
    diag_list_free(&diags);
    free(path);
    return context->schema ? EXIT_VALID : EXIT_IO;
}

/* Errors of the data files quote what the files hold (a region's name, a
 * cell): escaped before they reach the terminal. */
static void print_escaped_error(const char *what, const struct strbuf *error)
{
    char *shown = termtext_escape(strbuf_str(error), 2000);
    fprintf(stderr, "stagedoc: erreur: %s%s\n", what, shown ? shown : "mémoire insuffisante");
    free(shown);
}

static enum exit_code load_holidays(struct run_context *context, const char *region)
{
    struct strbuf error = STRBUF_INIT;
    char *path = run_context_template_path(context, "calendrier/jours-feries.tsv");
    context->holidays = path ? holidays_load(path, region, &error) : NULL;
    free(path);
    if (context->holidays)
        return EXIT_VALID;
    print_escaped_error("", &error);
    bool unknown_region = strstr(strbuf_str(&error), "inconnue") != NULL;
    strbuf_free(&error);
    return unknown_region ? EXIT_USAGE : EXIT_IO;
}

static enum exit_code load_regulation(struct run_context *context)
{
    struct strbuf error = STRBUF_INIT;
    context->regulation = regulation_load(context->templates_dir, &error);
    if (!context->regulation)
        print_escaped_error("données réglementaires : ", &error);
    strbuf_free(&error);
    return context->regulation ? EXIT_VALID : EXIT_IO;
}


#define DEBIAN_FRENCH_PATTERNS "/usr/share/hyphen/hyph_fr.dic"

/* Fonts sit beside the templates (fonts/ next to templates/ in the source
 * tree and under share/stagedoc/ once installed); a copied templates folder
 * given with --templates still finds the installed fonts. */
static char *find_fonts_dir(const struct run_context *context)
{
    char *beside = path_join(context->templates_dir, "../fonts");
    if (beside && !getenv("STAGEDOC_FONTS") && has_file(beside, "DejaVuSans.ttf"))
        return beside;
    free(beside);
    return find_data_dir(NULL, "STAGEDOC_FONTS", "fonts", "DejaVuSans.ttf",
                         STAGEDOC_DATADIR "/../fonts");
}

static enum exit_code load_fonts(struct run_context *context)
{
    struct strbuf error = STRBUF_INIT;
    char *dir = find_fonts_dir(context);
    context->fonts = dir ? font_set_load(dir, &error) : NULL;
    if (!context->fonts)
        fprintf(stderr, "stagedoc: erreur: polices : %s (indiquez le dossier avec STAGEDOC_FONTS)\n",
                strbuf_str(&error));
    free(dir);
    strbuf_free(&error);
    return context->fonts ? EXIT_VALID : EXIT_IO;
}

static enum exit_code prepare_pdf_fonts(struct run_context *context)
{
    struct strbuf error = STRBUF_INIT;
    context->pdf_fonts = pdf_font_cache_new(context->fonts, &error);
    if (!context->pdf_fonts)
        fprintf(stderr, "stagedoc: erreur: polices : %s\n", strbuf_str(&error));
    strbuf_free(&error);
    return context->pdf_fonts ? EXIT_VALID : EXIT_IO;
}

/* Without patterns, documents are still right, only less evenly spaced. */
static void load_hyphenation(struct run_context *context)
{
    const char *path = getenv("STAGEDOC_HYPHENATION");
    struct strbuf error = STRBUF_INIT;
    context->hyphenator = hyphenator_load(path && *path ? path : DEBIAN_FRENCH_PATTERNS, &error);
    if (!context->hyphenator)
        fprintf(stderr, "stagedoc: avertissement: césure française indisponible (%s) ; "
                        "installez le paquet hyphen-fr.\n", strbuf_str(&error));
    strbuf_free(&error);
}

static enum exit_code load_templates(struct run_context *context)
{
    struct diag_list diags = DIAG_LIST_INIT;
    context->templates = template_set_load(context->templates_dir, &diags);
    diag_print_all(&diags, stderr, SEVERITY_INFO);
    diag_list_free(&diags);
    return context->templates ? EXIT_VALID : EXIT_IO;
}

enum exit_code run_context_open(struct run_context *context, const struct run_options *options)
{
    memset(context, 0, sizeof *context);
    context->max_size = options->max_size;
    context->root = options->root;
    context->commun = options->commun;
    context->encoding = options->encoding;
    context->command = options->command;
    context->quiet = options->quiet;
    context->spreadsheets = calloc(1, sizeof *context->spreadsheets);
    if (!context->spreadsheets)
        return EXIT_IO;
    context->templates_dir = find_templates_dir(options->templates_dir);
    if (!context->templates_dir)
        return EXIT_IO;
    if (!file_is_directory(context->templates_dir)) {
        fprintf(stderr,
                "stagedoc: erreur: dossier de modèles introuvable : %s (indiquez-le avec "
                "--templates DOSSIER ou STAGEDOC_TEMPLATES)\n",
                context->templates_dir);
        return EXIT_IO;
    }
    enum exit_code status = load_holidays(context, options->region);
    if (status == EXIT_VALID)
        status = load_schema(context);
    if (status == EXIT_VALID)
        status = load_regulation(context);
    /* Fonts serve the rules too: a name no font can print is an input error. */
    if (status == EXIT_VALID)
        status = load_fonts(context);
    return status;
}

enum exit_code run_context_open_rendering(struct run_context *context)
{
    enum exit_code status = prepare_pdf_fonts(context);
    if (status == EXIT_VALID)
        status = load_templates(context);
    if (status == EXIT_VALID)
        load_hyphenation(context);
    return status;
}

void run_context_close(struct run_context *context)
{
    spreadsheet_list_free(context->spreadsheets);
    free(context->spreadsheets);
    template_set_free(context->templates);
    pdf_font_cache_free(context->pdf_fonts);
    hyphenator_free(context->hyphenator);
    font_set_free(context->fonts);
    schema_free(context->schema);
    holidays_free(context->holidays);
    regulation_free(context->regulation);
    free(context->templates_dir);
    memset(context, 0, sizeof *context);
}
