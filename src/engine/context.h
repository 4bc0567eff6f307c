/* context.h — what one run of stagedoc loads once and shares: the templates
 * folder, the schema, the public holidays and the regulation data. Commands
 * ask for the parts they need; nothing here is global. */
#ifndef STAGEDOC_ENGINE_CONTEXT_H
#define STAGEDOC_ENGINE_CONTEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/diag.h"
#include "../import/textenc.h"
#include "../input/schema.h"
#include "../model/holidays.h"
#include "../rules/regulation.h"
#include "stagedoc.h"

/* What the engine is opened with (sd_config, once checked). */
struct run_options {
    const char *templates_dir;
    const char *region;        /* NULL for metropolitan France */
    size_t max_size;           /* 0 for the default */
    const char *root;          /* files inputs name stay under it; NULL: anywhere */
};

struct font_set;
struct hyphenator;
struct spreadsheet_list;
struct template_set;
struct pdf_font_cache;

struct run_context {
    char *templates_dir;
    struct schema *schema;
    struct holidays *holidays;
    struct regulation *regulation;
    size_t max_size;
    /* A run's own (sd_run), beside the engine's shared resources. */
    struct sd_run *run;        /* whose events hear what happens */
    const char *command;       /* "build": how notes name the run */
    const struct sd_input *commun; /* the shared blocks of a workbook, or NULL */
    enum text_encoding encoding; /* of a CSV, or detected */
    const char *root;          /* files inputs name stay under it; NULL: anywhere */
    struct spreadsheet_list *spreadsheets; /* imported so far (spreadsheet.h) */
    /* For commands that make documents (run_context_open_rendering). */
    struct font_set *fonts;
    struct hyphenator *hyphenator;
    struct template_set *templates;
    struct pdf_font_cache *pdf_fonts; /* faces prepared once for subsetting */
    /* The sRGB ICC profile of PDF/A documents (sRGB.icc beside the fonts),
     * or NULL when the folder has none: then --pdfa fails, nothing else. */
    unsigned char *srgb_profile;
    size_t srgb_profile_size;
};

struct sd_engine;
/* Loads everything; on failure the engine's error says why, and SD_IO
 * (missing or broken data) or SD_USAGE (unknown region) is returned. */
sd_status run_context_open(struct run_context *context, const struct run_options *options,
                           struct sd_engine *engine);
/* Loads what rendering needs beyond run_context_open (which reads the
 * fonts): the fonts prepared for subsetting, French hyphenation patterns
 * (the configuration's, or Debian's hyph_fr.dic) and the template set. The
 * run hears why on failure. */
sd_status run_context_open_rendering(struct run_context *context, struct sd_run *run);
void run_context_close(struct run_context *context);
/* A file under the templates folder (heap string). */
char *run_context_template_path(const struct run_context *context, const char *relative);

#endif
