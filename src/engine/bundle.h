/* bundle.h — one stage's exam package, from its XML to DIR/<name>.zip:
 * the checks before packaging, the documents generated where no signed copy
 * is given, the manifest, the ZIP; then the atomic write, apart, so that a
 * worker of bundle -j can make the package and the parent write it. `stagedoc bundle`
 * (cmd_bundle.c) runs it for every stage and keeps the index. */
#ifndef STAGEDOC_ENGINE_BUNDLE_H
#define STAGEDOC_ENGINE_BUNDLE_H

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
#include "stagedoc.h"

struct bundle_settings {
    struct sd_sink *sink;      /* where packages go */
    const char *output_dir;    /* the sink's folder, or NULL */
    const char *name_pattern;  /* see package/naming.h */
    const char *password;      /* NULL: not encrypted */
    int64_t source_date;       /* SOURCE_DATE_EPOCH, or -1 for the stage's first day */
    bool bilingual;            /* --langue fr,en */
    bool pdfa;                 /* --pdfa: the documents made as PDF/A-1b */
    bool complete;             /* --complet: a document not signed by all is an error */
    struct document_list documents;
    struct keyset names_taken; /* package names written this run */
};

struct bundle_result {
    struct strbuf path;        /* DIR/<name>.zip */
    struct strbuf name;        /* <name>.zip */
    char sha256[SHA256_HEX_SIZE];
    size_t size;
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
    char *name;            /* <name>.zip, claimed */
    sd_status status; /* SD_OK while all goes well */
    struct strbuf error;   /* why writing failed */
};

/* Checks the stage's files and assembles its package: SD_OK
 * with package filled; SD_INVALID when a check failed; SD_IO when it
 * could not be made. Every reason is in diags, at the element of the stage
 * it concerns. Free package in every case. */
sd_status bundle_stage_assemble(const struct run_context *context,
                                     struct bundle_settings *settings, const struct stage *stage,
                                     const struct calendar *calendar, struct diag_list *diags,
                                     struct bundle_package *package);
/* Writes it as DIR/<name>.zip, result filled: SD_OK; SD_INVALID when
 * an earlier stage of the run took the name; SD_IO when it could not be
 * written (said in diags). */
sd_status bundle_package_write(struct bundle_settings *settings, const struct stage *stage,
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
sd_status bundle_writer_finish(struct bundle_writer *writer, struct bundle_result *result);
void bundle_writer_abandon(struct bundle_writer *writer);

#endif
