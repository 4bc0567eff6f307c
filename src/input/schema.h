/* schema.h — validation of inputs against templates/schema/stage.xsd.
 *
 * The schema is parsed once per run and reused for every file. Violations
 * become diagnostics at the offending element, with libxml2's own detail. */
#ifndef STAGEDOC_INPUT_SCHEMA_H
#define STAGEDOC_INPUT_SCHEMA_H

#include <stdbool.h>
#include <libxml/tree.h>

#include "../util/diag.h"

struct schema;

/* NULL on failure, with a diagnostic naming the schema file. */
struct schema *schema_load(const char *path, struct diag_list *diags);
/* True when doc conforms; otherwise diagnostics say where and why, naming
 * stage_label (or, when NULL, the promotion's stage the error lies in). */
/* A NULL schema checks nothing (true). */
bool schema_validate(const struct schema *schema, xmlDocPtr doc, const char *stage_label,
                     struct diag_list *diags);

/* A file with thousands of errors would bury the first ones (and cost time
 * to word each): past SCHEMA_MAX_ERRORS in one file they are only counted,
 * and said in one line at the end. schema_validate keeps a budget per
 * call; a reader of several documents from one file (a promotion's
 * stages) shares one across them. */
#define SCHEMA_MAX_ERRORS 50

struct schema_budget {
    size_t said, hidden;
};

bool schema_validate_within(const struct schema *schema, xmlDocPtr doc,
                            const char *stage_label, struct schema_budget *budget,
                            struct diag_list *diags);
/* « … et N autres erreurs de schéma non affichées. », at path, if any. */
void schema_report_hidden(struct schema_budget *budget, const char *path,
                          struct diag_list *diags);
void schema_free(struct schema *schema);

#endif
