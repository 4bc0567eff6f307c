/* bundle.h — one stage's exam package, from its XML to DIR/<name>.zip:
 * the checks before packaging, the documents generated where no signed copy
 * is given, the manifest, the ZIP; then the atomic write, apart, so that a
 * worker of bundle -j can make the package and the parent write it. `stagedoc bundle`
 * (cmd_bundle.c) runs it for every stage and keeps the index. */
#ifndef STAGEDOC_CLI_BUNDLE_H
#define STAGEDOC_CLI_BUNDLE_H

#include <stdint.h>

#include "../input/diag.h"
#include "../model/calendar.h"
#include "../model/stage.h"
#include "../package/sha256.h"
#include "../util/strbuf.h"
#include "context.h"
#include "documents.h"
#include "exit_codes.h"

struct bundle_settings {
    const char *output_dir;
    const char *name_pattern;  /* see package/naming.h */
    const char *password;      /* NULL: not encrypted */
    int64_t source_date;       /* SOURCE_DATE_EPOCH, or -1 for the stage's first day */
    bool bilingual;            /* --langue fr,en */
    bool complete;             /* --complet: a document not signed by all is an error */
    struct document_list documents;
    struct strbuf names_taken; /* "\n"-separated package names written this run */
};

struct bundle_result {
    struct strbuf path;        /* DIR/<name>.zip */
    struct strbuf name;        /* <name>.zip */
    char sha256[SHA256_HEX_SIZE];
};

struct bundle_package {
    char *name;              /* <name>.zip */
    unsigned char *bytes;    /* the ZIP */
    size_t size;
};

/* Checks the stage's files and assembles its package in memory: EXIT_VALID
 * with package filled; EXIT_INVALID when a check failed; EXIT_IO when it
 * could not be made. Every reason is in diags, at the element of the stage
 * it concerns. Free package in every case. */
enum exit_code bundle_stage_assemble(const struct run_context *context,
                                     struct bundle_settings *settings, const struct stage *stage,
                                     const struct calendar *calendar, struct diag_list *diags,
                                     struct bundle_package *package);
/* Writes it as DIR/<name>.zip, result filled: EXIT_VALID; EXIT_INVALID when
 * an earlier stage of the run took the name; EXIT_IO when it could not be
 * written. */
enum exit_code bundle_package_write(struct bundle_settings *settings, const struct stage *stage,
                                    const struct bundle_package *package,
                                    struct diag_list *diags, struct bundle_result *result);
void bundle_package_free(struct bundle_package *package);

#endif
