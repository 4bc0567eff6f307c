/* bundle.h — one stage's exam package, from its XML to DIR/<name>.zip:
 * the checks before packaging, the documents generated where no signed copy
 * is given, the manifest, the ZIP; then the atomic write, apart, so that a
 * worker of bundle -j can make the package and the parent write it. `stagedoc bundle`
 * (cmd_bundle.c) runs it for every stage and keeps the index. */
#ifndef STAGEDOC_CLI_BUNDLE_H
#define STAGEDOC_CLI_BUNDLE_H

#include <stdint.h>
#include <stdio.h>

#include "../util/diag.h"
#include "../model/calendar.h"
#include "../model/stage.h"
#include "../package/sha256.h"
#include "../util/atomic.h"
#include "../util/keyset.h"
#include "../util/strbuf.h"
#include "context.h"
#include "documents.h"
#include "../cli/exit_codes.h"

struct bundle_settings {
    const char *output_dir;
    const char *name_pattern;  /* see package/naming.h */
    const char *password;      /* NULL: not encrypted */
    int64_t source_date;       /* SOURCE_DATE_EPOCH, or -1 for the stage's first day */
    bool bilingual;            /* --langue fr,en */
    bool complete;             /* --complet: a document not signed by all is an error */
    struct document_list documents;
    struct keyset names_taken; /* package names written this run */
};

struct bundle_result {
    struct strbuf path;        /* DIR/<name>.zip */
    struct strbuf name;        /* <name>.zip */
    char sha256[SHA256_HEX_SIZE];
};

struct bundle_package {
    char *name; /* <name>.zip */
    FILE *zip;  /* the ZIP, in an unlinked temporary file (file_open_temporary) */
    size_t size;
};

/* A package written a piece at a time as it comes, from its temporary file
 * or from a worker: DIR/<name> through a hidden temporary (atomic.h), its
 * SHA-256 for the index computed on the way. */
#define BUNDLE_PIECE_SIZE ((size_t)1 << 20)
struct bundle_writer {
    struct bundle_settings *settings;
    const struct stage *stage;
    struct diag_list *diags;
    struct atomic_file file;
    struct sha256_stream *digest;
    enum exit_code status; /* EXIT_VALID while all goes well */
    struct strbuf error;   /* why writing failed */
};

/* Checks the stage's files and assembles its package: EXIT_VALID
 * with package filled; EXIT_INVALID when a check failed; EXIT_IO when it
 * could not be made. Every reason is in diags, at the element of the stage
 * it concerns. Free package in every case. */
enum exit_code bundle_stage_assemble(const struct run_context *context,
                                     struct bundle_settings *settings, const struct stage *stage,
                                     const struct calendar *calendar, struct diag_list *diags,
                                     struct bundle_package *package);
/* Writes it as DIR/<name>.zip, result filled: EXIT_VALID; EXIT_INVALID when
 * an earlier stage of the run took the name; EXIT_IO when it could not be
 * written (said in diags). */
enum exit_code bundle_package_write(struct bundle_settings *settings, const struct stage *stage,
                                    const struct bundle_package *package,
                                    struct diag_list *diags, struct bundle_result *result);
void bundle_package_free(struct bundle_package *package);

/* The same in three steps: begin claims the name (pieces are dropped when
 * another stage took it, or once writing failed), add takes each piece,
 * finish renames the whole into place and returns as bundle_package_write;
 * abandon removes an unfinished one (a worker that stopped sending). */
void bundle_writer_begin(struct bundle_writer *writer, struct bundle_settings *settings,
                         const struct stage *stage, const char *name, struct diag_list *diags);
void bundle_writer_add(struct bundle_writer *writer, const void *bytes, size_t size);
enum exit_code bundle_writer_finish(struct bundle_writer *writer, struct bundle_result *result);
void bundle_writer_abandon(struct bundle_writer *writer);

#endif
