/* work.h — what a job process does: one engine call for one request.
 *
 * It runs in a child of the server (jobs.c), over the request's private
 * folder: the uploaded parts are in parts/, the files a workbook names are
 * laid out in in/ (their form names as relative paths, checked), and the
 * engine's root is in/, so that a path in a workbook resolves only among
 * the uploads. The answer goes to the file "reponse" and its HTTP status,
 * type and download name to "entete" ("200 application/zip documents.zip"),
 * which the server reads once the process has ended. */
#ifndef STAGEDOC_SERVE_WORK_H
#define STAGEDOC_SERVE_WORK_H

#include <stdint.h>

#include "../engine/stagedoc.h"
#include "routes.h"
#include "upload.h"

#define WORK_ANSWER "reponse"
#define WORK_HEADER "entete"
/* The largest file a job reads into memory (uploads are bounded by
 * --max-body before this). */
#define WORK_MAX_INPUT ((size_t)1 << 30)

/* 0 when an answer was written (whatever its status), else non-zero. ZIP
 * entries are dated zip_date; a ZIP uploaded is unpacked up to
 * 4 × max_body. */
int work_run(sd_engine *engine, enum route_kind kind, const struct upload *upload,
             int64_t zip_date, size_t max_body);

#endif
