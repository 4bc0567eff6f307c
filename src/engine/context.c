/* context.c — finding the templates folder and loading shared data. */
#include "context.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../layout/font.h"
#include "../layout/layout.h"
#include "../pdf/pdf.h"
#include "../template/template.h"
#include "../util/file.h"
#include "run.h"
#include "../util/strbuf.h"

char *run_context_template_path(const struct run_context *context, const char *relative)
{
    return path_join(context->templates_dir, relative);
}

static sd_status load_schema(struct run_context *context, struct strbuf *error)
{
    struct diag_list diags = DIAG_LIST_INIT;
    char *path = run_context_template_path(context, "schema/stage.xsd");
    context->schema = path ? schema_load(path, &diags) : NULL;
    if (!context->schema)
        strbuf_printf(error, "schéma : %s", diags.count ? diags.items[0].message
                                                        : "mémoire insuffisante");
    diag_list_free(&diags);
    free(path);
    return context->schema ? SD_OK : SD_IO;
}

static sd_status load_holidays(struct run_context *context, const char *region,
                               struct strbuf *error)
{
    char *path = run_context_template_path(context, "calendrier/jours-feries.tsv");
    bool unknown_region = false;
    context->holidays = path ? holidays_load_region(path, region, &unknown_region, error) : NULL;
    free(path);
    if (context->holidays)
        return SD_OK;
    return unknown_region ? SD_USAGE : SD_IO;
}

static sd_status load_regulation(struct run_context *context, struct strbuf *error)
{
    struct strbuf why = STRBUF_INIT;
    context->regulation = regulation_load(context->templates_dir, &why);
    if (!context->regulation)
        strbuf_printf(error, "données réglementaires : %s", strbuf_str(&why));
    strbuf_free(&why);
    return context->regulation ? SD_OK : SD_IO;
}


#define DEBIAN_FRENCH_PATTERNS "/usr/share/hyphen/hyph_fr.dic"

/* The sRGB profile PDF/A documents embed, shipped beside the fonts
 * (fonts/sRGB.icc, from Debian's icc-profiles-free); a few kilobytes.
 * Missing or unreadable: none, and a PDF/A document then says so. */
#define SRGB_PROFILE_MAX_BYTES (1u << 20)
static void load_srgb_profile(struct run_context *context, const char *fonts_dir)
{
    char *path = path_join(fonts_dir, "sRGB.icc");
    char *data = NULL;
    size_t size = 0;
    if (path && file_read_all(path, SRGB_PROFILE_MAX_BYTES, &data, &size) == FILE_OK) {
        context->srgb_profile = (unsigned char *)data;
        context->srgb_profile_size = size;
    }
    free(path);
}

/* Fonts sit beside the templates (fonts/ next to templates/ in the source
 * tree and under share/stagedoc/ once installed) unless the front end
 * found them elsewhere. */
static sd_status load_fonts(struct run_context *context, const char *fonts_dir,
                            struct strbuf *error)
{
    struct strbuf why = STRBUF_INIT;
    char *dir = fonts_dir ? strdup(fonts_dir) : path_join(context->templates_dir, "../fonts");
    context->fonts = dir ? font_set_load(dir, &why) : NULL;
    if (context->fonts)
        load_srgb_profile(context, dir);
    if (!context->fonts)
        strbuf_printf(error, "polices : %s (indiquez le dossier avec STAGEDOC_FONTS)",
                      strbuf_str(&why));
    free(dir);
    strbuf_free(&why);
    return context->fonts ? SD_OK : SD_IO;
}

static sd_status prepare_pdf_fonts(struct run_context *context, sd_run *run)
{
    struct strbuf error = STRBUF_INIT;
    context->pdf_fonts = pdf_font_cache_new(context->fonts, &error);
    if (!context->pdf_fonts) {
        run_fail(run, "polices : %s", strbuf_str(&error));
        run_note(run, SEVERITY_ERROR, "stagedoc: erreur: polices : %s", strbuf_str(&error));
    }
    strbuf_free(&error);
    return context->pdf_fonts ? SD_OK : SD_IO;
}

/* Without patterns, documents are still right, only less evenly spaced. */
static void load_hyphenation(struct run_context *context, sd_run *run)
{
    const char *path = run->engine->hyphenation;
    struct strbuf error = STRBUF_INIT;
    context->hyphenator = hyphenator_load(path && *path ? path : DEBIAN_FRENCH_PATTERNS, &error);
    if (!context->hyphenator)
        run_note(run, SEVERITY_WARNING, "stagedoc: avertissement: césure française indisponible "
                 "(%s) ; installez le paquet hyphen-fr.", strbuf_str(&error));
    strbuf_free(&error);
}

static sd_status load_templates(struct run_context *context, sd_run *run)
{
    struct diag_list diags = DIAG_LIST_INIT;
    context->templates = template_set_load(context->templates_dir, &diags);
    run_diag_all(run, &diags);
    if (!context->templates)
        run_fail(run, "modèles : %s", diags.count ? diags.items[0].message : "illisibles");
    diag_list_free(&diags);
    return context->templates ? SD_OK : SD_IO;
}

sd_status run_context_open(struct run_context *context, const struct run_options *options,
                           struct sd_engine *engine)
{
    memset(context, 0, sizeof *context);
    context->max_size = options->max_size;
    context->root = options->root;
    context->templates_dir = strdup(options->templates_dir);
    if (!context->templates_dir)
        return SD_NOMEM;
    if (!file_is_directory(context->templates_dir)) {
        strbuf_printf(&engine->error,
                      "dossier de modèles introuvable : %s (indiquez-le avec --templates "
                      "DOSSIER ou STAGEDOC_TEMPLATES)", context->templates_dir);
        return SD_IO;
    }
    sd_status status = load_holidays(context, options->region, &engine->error);
    if (status == SD_OK)
        status = load_schema(context, &engine->error);
    if (status == SD_OK)
        status = load_regulation(context, &engine->error);
    /* Fonts serve the rules too: a name no font can print is an input error. */
    if (status == SD_OK)
        status = load_fonts(context, engine->fonts_dir, &engine->error);
    return status;
}

sd_status run_context_open_rendering(struct run_context *context, sd_run *run)
{
    sd_status status = prepare_pdf_fonts(context, run);
    if (status == SD_OK)
        status = load_templates(context, run);
    if (status == SD_OK)
        load_hyphenation(context, run);
    return status;
}

void run_context_close(struct run_context *context)
{
    template_set_free(context->templates);
    pdf_font_cache_free(context->pdf_fonts);
    hyphenator_free(context->hyphenator);
    font_set_free(context->fonts);
    free(context->srgb_profile);
    schema_free(context->schema);
    holidays_free(context->holidays);
    regulation_free(context->regulation);
    free(context->templates_dir);
    memset(context, 0, sizeof *context);
}
