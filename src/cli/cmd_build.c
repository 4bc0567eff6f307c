/* cmd_build.c — `stagedoc build`: every document of every stage, as PDF.
 *
 * Two passes: first every input is checked (format and regulation); if any
 * has an error, nothing is written. Then each stage's documents go through
 * the pipeline — template → layout tree → layout → PDF — and are written
 * atomically to DIR/<id>/<file>. The paths written go to stdout. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/tree.h>

#include "../layout/layout.h"
#include "../pdf/pdf.h"
#include "../template/template.h"
#include "../util/atomic.h"
#include "commands.h"
#include "documents.h"
#include "options.h"
#include "walk.h"

#ifndef STAGEDOC_VERSION
#define STAGEDOC_VERSION "0.0.0"
#endif

enum { OPT_OUTPUT, OPT_ONLY, OPT_UNITE };

static const struct command_option build_options[] = {
    {"output", true, OPT_OUTPUT, 'o'},
    {"only", true, OPT_ONLY, 0},
    {"unite", true, OPT_UNITE, 0},
};

struct build_state {
    const char *output_dir;
    const char *only;
    const char *unite;       /* --unite: evaluate in this unit instead */
    struct document_list documents;
    bool *selected;          /* per document kind */
    int64_t source_date;     /* SOURCE_DATE_EPOCH, or -1 */
    size_t written;
    enum exit_code result;
};

static bool set_option(int id, const char *value, void *state)
{
    struct build_state *build = state;
    if (id == OPT_OUTPUT)
        build->output_dir = value;
    else if (id == OPT_ONLY)
        build->only = value;
    else
        build->unite = value;
    return true;
}

static void print_help(void)
{
    puts("Usage : stagedoc build [-o DOSSIER] [--only LISTE] [OPTIONS] FICHIER...\n"
         "\n"
         "Produit les documents de chaque stage en PDF : DOSSIER/<id>/<document>.pdf\n"
         "(dossier « out » par défaut). Les entrées sont d'abord vérifiées comme par\n"
         "« stagedoc check » : si l'une a une erreur, rien n'est écrit. Chaque fichier\n"
         "est écrit sous un nom temporaire puis renommé : un échec laisse intacts les\n"
         "documents déjà produits. Les chemins écrits sont affichés sur la sortie standard.\n"
         "\n"
         "Options :\n"
         "  -o, --output DOSSIER dossier de sortie (défaut : out)\n"
         "  --only LISTE         documents à produire, séparés par des virgules\n"
         "                       (voir templates/documents.tsv)\n"
         "  --unite UNITE        documents pour une autre unité que celle du stage\n"
         "                       (U51, U52, U61, U62), par exemple une grille\n"
         "\n"
         "Les dates inscrites dans les PDF viennent de SOURCE_DATE_EPOCH, sinon du début\n"
         "du stage : deux constructions des mêmes entrées donnent les mêmes octets.");
    options_print_common_help();
}

/* --only convention,attestation: marks the kinds to build. */
static bool select_documents(struct build_state *state)
{
    state->selected = calloc(state->documents.count ? state->documents.count : 1, sizeof(bool));
    if (!state->selected)
        return false;
    if (!state->only) {
        for (size_t i = 0; i < state->documents.count; i++)
            state->selected[i] = true;
        return true;
    }
    for (const char *at = state->only; *at;) {
        size_t len = strcspn(at, ",");
        bool found = false;
        for (size_t i = 0; i < state->documents.count; i++) {
            if (strlen(state->documents.items[i].name) == len &&
                strncmp(state->documents.items[i].name, at, len) == 0)
                state->selected[i] = found = true;
        }
        if (!found) {
            fprintf(stderr, "stagedoc build: document « %.*s » inconnu ; connus :", (int)len, at);
            for (size_t i = 0; i < state->documents.count; i++)
                fprintf(stderr, " %s", state->documents.items[i].name);
            fputs(".\n", stderr);
            return false;
        }
        at += len + (at[len] == ',');
    }
    return true;
}

static int64_t document_date(const struct build_state *state, const struct calendar *calendar)
{
    if (state->source_date >= 0)
        return state->source_date;
    return calendar->debut != DATE_NONE ? (int64_t)calendar->debut * 86400 : 0;
}

static char *input_folder(const char *file)
{
    const char *slash = strrchr(file, '/');
    return slash ? strndup(file, (size_t)(slash - file)) : strdup(".");
}

static void report(struct diag_list *diags, const struct stage *stage, enum severity severity,
                   const char *rule, const char *message, const char *detail)
{
    struct position where = {stage->input->file, 0, 0};
    diag_add(diags, severity, where, rule, stage->id, NULL, message, detail);
}

/* Template → layout → PDF bytes; NULL and a diagnostic on failure. */
static unsigned char *render_document(const struct run_context *context,
                                      const struct document_kind *kind, const struct stage *stage,
                                      const struct calendar *calendar, struct build_state *state,
                                      struct diag_list *diags, size_t *size)
{
    struct arena arena = ARENA_INIT;
    char *folder = input_folder(stage->input->file);
    struct template_context values = {stage, calendar, folder, state->unite, NULL, stage->id};
    struct layout_document *tree = template_render(context->templates, kind->template, &values,
                                                   &arena, diags);
    struct strbuf error = STRBUF_INIT;
    struct layout_options layout = {context->fonts, context->hyphenator};
    struct laid_document *pages = tree ? layout_run(tree, &layout, &error) : NULL;
    xmlChar *xml = NULL;
    int xml_size = 0;
    xmlDocDumpFormatMemoryEnc(stage->root->doc, &xml, &xml_size, "UTF-8", 0);
    char attachment_name[160];
    snprintf(attachment_name, sizeof attachment_name, "%s.xml", stage->id);
    struct pdf_options pdf = {
        .creator = "stagedoc " STAGEDOC_VERSION,
        .date = document_date(state, calendar),
        .attachment_name = attachment_name,
        .attachment = xml,
        .attachment_size = (size_t)(xml_size > 0 ? xml_size : 0),
        .attachment_description = "Description XML du stage (format d'entrée de stagedoc)",
    };
    unsigned char *bytes = NULL;
    if (pages && !pdf_render_with_cache(pages, context->fonts, context->pdf_fonts, &pdf, &bytes,
                                        size, &error))
        bytes = NULL;
    if (tree && !bytes)
        report(diags, stage, SEVERITY_ERROR, kind->name, "document non produit : %s.",
               strbuf_str(&error));
    xmlFree(xml);
    laid_document_free(pages);
    strbuf_free(&error);
    arena_free(&arena);
    free(folder);
    return bytes;
}

/* The document's file name, with {unite} replaced by the unit evaluated. */
static void document_file_name(const struct document_kind *kind, const struct stage *stage,
                               const struct build_state *state, struct strbuf *out)
{
    const char *unit = state->unite ? state->unite : stage->unite ? stage->unite : "";
    const char *marker = strstr(kind->file, "{unite}");
    if (!marker) {
        strbuf_puts(out, kind->file);
        return;
    }
    strbuf_add(out, kind->file, (size_t)(marker - kind->file));
    strbuf_puts(out, unit);
    strbuf_puts(out, marker + strlen("{unite}"));
}

static void write_document(const struct document_kind *kind, const struct stage *stage,
                           const unsigned char *bytes, size_t size, struct build_state *state,
                           struct diag_list *diags)
{
    struct strbuf dir = STRBUF_INIT, path = STRBUF_INIT, error = STRBUF_INIT;
    strbuf_printf(&dir, "%s/%s", state->output_dir, stage->id);
    strbuf_printf(&path, "%s/", strbuf_str(&dir));
    document_file_name(kind, stage, state, &path);
    if (atomic_make_dirs(strbuf_str(&dir), &error) &&
        atomic_write(strbuf_str(&path), bytes, size, &error)) {
        printf("%s\n", strbuf_str(&path));
        state->written++;
    } else {
        report(diags, stage, SEVERITY_ERROR, "ecriture", "%s.", strbuf_str(&error));
        state->result = exit_code_worst(state->result, EXIT_IO);
    }
    strbuf_free(&dir);
    strbuf_free(&path);
    strbuf_free(&error);
}

static void build_stage(const struct run_context *context, const struct stage *stage,
                        const struct calendar *calendar, struct diag_list *diags, void *data)
{
    struct build_state *state = data;
    if (stage->dispense_motif) {
        report(diags, stage, SEVERITY_INFO, "documents",
               "candidat dispensé de stage (%s) : aucun document de stage.", stage->dispense_motif);
        return;
    }
    for (size_t i = 0; i < state->documents.count; i++) {
        const struct document_kind *kind = &state->documents.items[i];
        if (!state->selected[i])
            continue;
        if (!document_applies(kind, stage)) {
            report(diags, stage, SEVERITY_INFO, kind->name, "%s.", kind->not_for);
            continue;
        }
        size_t size = 0;
        unsigned char *bytes = render_document(context, kind, stage, calendar, state, diags,
                                               &size);
        if (bytes)
            write_document(kind, stage, bytes, size, state, diags);
        else
            state->result = exit_code_worst(state->result, EXIT_INVALID);
        free(bytes);
    }
}

static int64_t read_source_date_epoch(void)
{
    const char *text = getenv("SOURCE_DATE_EPOCH");
    if (!text || !*text)
        return -1;
    char *end;
    long long value = strtoll(text, &end, 10);
    if (*end || value < 0) {
        fprintf(stderr, "stagedoc: avertissement: SOURCE_DATE_EPOCH « %s » ignoré "
                        "(un nombre de secondes est attendu).\n", text);
        return -1;
    }
    return value;
}

/* Pass 1: every input valid, every template compiled, or nothing written. */
static enum exit_code validate_all(struct run_context *context, struct parsed_command *parsed,
                                   struct build_state *state, struct walk_totals *totals)
{
    enum exit_code result = EXIT_VALID;
    for (int i = 0; i < parsed->operand_count; i++)
        result = exit_code_worst(result, walk_file(context, parsed->operands[i], walk_run_rules,
                                                   NULL, totals));
    struct diag_list diags = DIAG_LIST_INIT;
    for (size_t i = 0; i < state->documents.count; i++)
        if (state->selected[i] &&
            !template_prepare(context->templates, state->documents.items[i].template, &diags))
            result = exit_code_worst(result, EXIT_INVALID);
    diag_print_all(&diags, stderr, SEVERITY_INFO);
    diag_list_free(&diags);
    return result;
}

static enum exit_code prepare(struct run_context *context, struct parsed_command *parsed,
                              struct build_state *state)
{
    enum exit_code status = run_context_open(context, &parsed->run);
    if (status == EXIT_VALID)
        status = run_context_open_rendering(context);
    if (status != EXIT_VALID)
        return status;
    struct strbuf error = STRBUF_INIT;
    if (!documents_load(context->templates_dir, &state->documents, &error)) {
        fprintf(stderr, "stagedoc build: %s\n", strbuf_str(&error));
        status = EXIT_IO;
    } else if (!select_documents(state)) {
        status = EXIT_USAGE;
    } else if (state->unite && !template_set_knows_unit(context->templates, state->unite)) {
        fprintf(stderr, "stagedoc build: --unite « %s » : unité inconnue du référentiel.\n",
                state->unite);
        status = EXIT_USAGE;
    }
    strbuf_free(&error);
    return status;
}

enum exit_code command_build(int argc, char **argv)
{
    struct build_state state = {.output_dir = "out", .source_date = read_source_date_epoch(),
                                .result = EXIT_VALID};
    struct parsed_command parsed;
    enum exit_code status = options_parse(argc, argv, build_options, 3, set_option, &state,
                                          &parsed);
    if (status != EXIT_VALID)
        return status;
    if (parsed.help) {
        print_help();
        return EXIT_VALID;
    }
    if (parsed.operand_count == 0) {
        fputs("stagedoc build: aucun fichier.\nVoir « stagedoc build --help ».\n", stderr);
        return EXIT_USAGE;
    }
    struct run_context context;
    status = prepare(&context, &parsed, &state);
    struct walk_totals checked = {.print_least = SEVERITY_WARNING};
    if (status == EXIT_VALID) {
        status = validate_all(&context, &parsed, &state, &checked);
        if (status != EXIT_VALID)
            fputs("stagedoc build : entrées invalides, aucun document écrit.\n", stderr);
    }
    if (status == EXIT_VALID) {
        struct walk_totals totals = {.print_least = SEVERITY_INFO};
        for (int i = 0; i < parsed.operand_count; i++)
            walk_file(&context, parsed.operands[i], build_stage, &state, &totals);
        status = state.result;
        fprintf(stderr, "stagedoc build : %zu stage%s, %zu document%s écrit%s dans %s.\n",
                totals.stages, totals.stages > 1 ? "s" : "", state.written,
                state.written > 1 ? "s" : "", state.written > 1 ? "s" : "", state.output_dir);
    }
    free(state.selected);
    documents_free(&state.documents);
    run_context_close(&context);
    return status;
}
