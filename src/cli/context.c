/* context.c — finding the templates folder and loading shared data. */
#include "context.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../util/file.h"
#include "../util/strbuf.h"

#ifndef STAGEDOC_DATADIR
#define STAGEDOC_DATADIR "/usr/local/share/stagedoc/templates"
#endif

static bool has_schema(const char *dir)
{
    char *path = path_join(dir, "schema/stage.xsd");
    bool found = path && access(path, R_OK) == 0;
    free(path);
    return found;
}

/* --templates, then $STAGEDOC_TEMPLATES, then beside the executable (a
 * build tree), then ../share/stagedoc/templates (an installed, relocated
 * tree), then the folder chosen at build time. */
static char *find_templates_dir(const char *requested)
{
    if (requested)
        return strdup(requested);
    const char *from_env = getenv("STAGEDOC_TEMPLATES");
    if (from_env && *from_env)
        return strdup(from_env);
    char *exe_dir = path_executable_dir();
    if (exe_dir) {
        const char *relatives[] = {"templates", "../share/stagedoc/templates"};
        for (size_t i = 0; i < 2; i++) {
            char *candidate = path_join(exe_dir, relatives[i]);
            if (candidate && has_schema(candidate)) {
                free(exe_dir);
                return candidate;
            }
            free(candidate);
        }
        free(exe_dir);
    }
    return strdup(STAGEDOC_DATADIR);
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

static enum exit_code load_holidays(struct run_context *context, const char *region)
{
    struct strbuf error = STRBUF_INIT;
    char *path = run_context_template_path(context, "calendrier/jours-feries.tsv");
    context->holidays = path ? holidays_load(path, region, &error) : NULL;
    free(path);
    if (context->holidays)
        return EXIT_VALID;
    fprintf(stderr, "stagedoc: erreur: %s\n", strbuf_str(&error));
    bool unknown_region = strstr(strbuf_str(&error), "inconnue") != NULL;
    strbuf_free(&error);
    return unknown_region ? EXIT_USAGE : EXIT_IO;
}

static enum exit_code load_regulation(struct run_context *context)
{
    struct strbuf error = STRBUF_INIT;
    context->regulation = regulation_load(context->templates_dir, &error);
    if (!context->regulation)
        fprintf(stderr, "stagedoc: erreur: données réglementaires : %s\n", strbuf_str(&error));
    strbuf_free(&error);
    return context->regulation ? EXIT_VALID : EXIT_IO;
}

enum exit_code run_context_open(struct run_context *context, const struct run_options *options)
{
    memset(context, 0, sizeof *context);
    context->max_size = options->max_size;
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
    return status;
}

void run_context_close(struct run_context *context)
{
    schema_free(context->schema);
    holidays_free(context->holidays);
    regulation_free(context->regulation);
    free(context->templates_dir);
    memset(context, 0, sizeof *context);
}
