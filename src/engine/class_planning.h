/* class_planning.h — planning.pdf, the class's chart of its stages, laid
 * out in parts of a few hundred students whose pages wait in a temporary
 * file (page_store.h), so that memory stays flat however large the
 * promotion (a whole document of 4,400 students once took half a
 * gigabyte). The pages, and so the bytes, are those of the document laid
 * out whole. */
#ifndef STAGEDOC_ENGINE_CLASS_PLANNING_H
#define STAGEDOC_ENGINE_CLASS_PLANNING_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/diag.h"
#include "../model/planning.h"
#include "../pdf/pdf.h"
#include "../util/strbuf.h"
#include "context.h"

/* Students in one part: about 10 MiB of XML, layout tree and pages. */
#define CLASS_PLANNING_PART_ROWS 250

struct class_planning_names {
    const char *classe, *session, *etablissement;
};

/* What failed when there are no bytes. */
enum class_planning_failure {
    PLANNING_LAYOUT,  /* the template or the layout */
    PLANNING_STORE,   /* the temporary file of the pages */
    PLANNING_DRAWING, /* the PDF */
};

/* planning.pdf's bytes (the caller frees them), or NULL with a message in
 * error and what failed in *failure. */
unsigned char *class_planning_pdf(const struct run_context *context,
                                  const struct planning *planning,
                                  const struct class_planning_names *names,
                                  const struct pdf_options *options, size_t *size,
                                  struct strbuf *error, enum class_planning_failure *failure,
                                  struct diag_list *diags);

#endif
