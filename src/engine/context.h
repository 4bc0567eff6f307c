/* context.h — what one run of stagedoc loads once and shares: the templates
 * folder, the schema, the public holidays and the regulation data. Commands
 * ask for the parts they need; nothing here is global. */
#ifndef STAGEDOC_CLI_CONTEXT_H
#define STAGEDOC_CLI_CONTEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/diag.h"
#include "../import/textenc.h"
#include "../input/schema.h"
#include "../model/holidays.h"
#include "../rules/regulation.h"
#include "../cli/exit_codes.h"

struct run_options {
    const char *templates_dir; /* --templates, or NULL to search */
    const char *region;        /* --region, or NULL for metropolitan France */
    size_t max_size;           /* --max-size, 0 for the default */
    const char *root;          /* --racine: files inputs name stay under it; NULL: anywhere */
    /* For a spreadsheet given in place of a promotion (spreadsheet.h). */
    const char *commun;        /* --commun, or NULL */
    enum text_encoding encoding; /* --encodage of a CSV, or detected */
    /* For the progress line of a spreadsheet's import (progress.h). */
    const char *command;       /* "build", as the user typed it */
    bool quiet;                /* --quiet: no progress line */
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
    const char *root;          /* files inputs name stay under it (confine.h), or NULL */
    const char *commun;
    enum text_encoding encoding;
    const char *command;
    bool quiet;
    struct spreadsheet_list *spreadsheets; /* imported so far (spreadsheet.h) */
    /* For commands that make documents (run_context_open_rendering). */
    struct font_set *fonts;
    struct hyphenator *hyphenator;
    struct template_set *templates;
    struct pdf_font_cache *pdf_fonts; /* faces prepared once for subsetting */
};

/* Loads everything; on failure prints why on stderr and returns EXIT_IO
 * (missing or broken data) or EXIT_USAGE (unknown region). */
enum exit_code run_context_open(struct run_context *context, const struct run_options *options);
/* Loads what rendering needs beyond run_context_open (which reads the fonts,
 * beside the templates folder or in $STAGEDOC_FONTS): the fonts prepared for
 * subsetting, French hyphenation patterns ($STAGEDOC_HYPHENATION or Debian's
 * hyph_fr.dic) and the template set. Prints why on failure. */
enum exit_code run_context_open_rendering(struct run_context *context);
void run_context_close(struct run_context *context);
/* A file under the templates folder (heap string). */
char *run_context_template_path(const struct run_context *context, const char *relative);

#endif
