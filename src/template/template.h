/* template.h — the template language: XML templates evaluated against a
 * stage, producing a layout tree.
 *
 * A template is an XML file under templates/documents/ (shared pieces under
 * templates/fragments/, pulled in with <inclure>). Text is copied;
 * {xpath} inside text or attributes is replaced by the string value of an
 * XPath expression evaluated on the current stage node, with French
 * formatting functions (fr:date, fr:montant, …) and variables for computed
 * values ($date-limite-rapport, $heures-presence, $mineur, …). See
 * templates/README.md for the language and templates/schema/template.xsd for
 * its grammar. Templates are parsed and their expressions compiled once per
 * run; rendering walks the compiled form. Nothing here knows of PDF. */
#ifndef STAGEDOC_TEMPLATE_TEMPLATE_H
#define STAGEDOC_TEMPLATE_TEMPLATE_H

#include <stdbool.h>
#include <libxml/tree.h>

#include "../util/diag.h"
#include "../layout/tree.h"
#include "../model/calendar.h"
#include "../model/stage.h"
#include "../util/arena.h"

struct template_set;
struct countries;

/* What a template reads: the stage (its XML and computed values), or for
 * class-wide documents any XML node the caller prepared (root, no stage). */
struct template_context {
    const struct stage *stage;      /* NULL for a document that is not a stage's */
    const struct calendar *calendar;
    const char *input_dir;          /* relative file names (logo) resolve here */
    const char *files_root;         /* and must stay under it (NULL: anywhere) */
    const char *unite;              /* NULL, or a unit to use instead of the stage's */
    xmlNodePtr root;                /* NULL: the stage's root element */
    const char *label;              /* names the document in diagnostics (stage id) */
    const struct countries *countries; /* names of countries ($pays, fr:pays), or NULL */
    bool bilingual;                 /* --langue fr,en: French then English ($bilingue) */
};

/* Reads templates_dir's référentiel and prepares to parse templates on
 * first use. NULL with diagnostics on failure. */
struct template_set *template_set_load(const char *templates_dir, struct diag_list *diags);
void template_set_free(struct template_set *set);
/* True when the référentiel has this unit (U51…). */
bool template_set_knows_unit(const struct template_set *set, const char *code);

/* Parses (once) templates/documents/NAME.xml and its fragments. False with
 * diagnostics naming the template's file and line when it is wrong. */
bool template_prepare(struct template_set *set, const char *name, struct diag_list *diags);

/* Evaluates a prepared template against a stage. The tree lives in arena.
 * NULL with diagnostics (naming the template line) on failure. */
struct layout_document *template_render(const struct template_set *set, const char *name,
                                        const struct template_context *context,
                                        struct arena *arena, struct diag_list *diags);

#endif
