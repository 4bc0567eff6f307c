/* sink.h — where the engine puts the files a run makes (a folder written
 * atomically, a ZIP streamed to a descriptor, memory): the calls behind
 * stagedoc.h's sd_sink, for build and bundle.
 *
 * A file is begun, written any number of times, then ended; sink_put does
 * the three at once. When the run is over, sink_commit (it succeeded: a
 * ZIP gets its central directory) or sink_abort (it failed: the unfinished
 * file's temporary is removed). A sink is used by one thread at a time.
 *
 * Names are relative, '/' separated ("ET27-001_NOM_Prénom/convention.pdf"),
 * made from data: a name that would leave the sink (« .. », a leading « / »
 * or « . », a control character, a part of more than 200 bytes) is refused
 * by every kind of sink, as util/atomic.h refuses it. A name given twice
 * replaces the first file in a folder, is kept twice in memory, and is
 * refused by a ZIP (which cannot hold two files of one name).
 *
 * Failures: every call returns false with the reason, in French, in
 * sink_reason (the latest failure, for the file's diagnostic) and, for the
 * first failure of the run, in sd_sink_error. A file whose begin or write
 * failed stays failed: its later writes and its end return false without
 * changing the reason, so a caller may check only sink_end; it needs no
 * end either (the next begin, commit or abort closes it). A failed file
 * does not stop the next one in a folder or in memory (as build writes
 * every document it can); in a ZIP, a failure once bytes went out (disk,
 * pipe, 4 GiB) stops every later call, and a refused name does not. */
#ifndef STAGEDOC_ENGINE_SINK_H
#define STAGEDOC_ENGINE_SINK_H

#include <stdbool.h>
#include <stddef.h>

#include "../package/sha256.h"
#include "stagedoc.h"

/* A file the sink completed. name and shown belong to the sink and stay
 * valid until the next sink_begin (or sink_put) or sd_sink_free. */
struct sink_output {
    const char *name;   /* as given: "ET27-001_NOM_Prénom/convention.pdf" */
    const char *shown;  /* as a user names it: "out/ET27-…/convention.pdf" in a
                           folder, the name itself in a ZIP or in memory */
    size_t size;
    char sha256[SHA256_HEX_SIZE]; /* of the bytes written, lower-case hex */
};

bool sink_begin(struct sd_sink *sink, const char *name);
bool sink_write(struct sd_sink *sink, const void *bytes, size_t size);
/* Completes the file (a folder's is renamed into place); out may be NULL. */
bool sink_end(struct sd_sink *sink, struct sink_output *out);
/* Abandons the open file (a worker stopped sending it): a folder's
 * temporary is removed, memory's bytes dropped; a ZIP whose entry has
 * begun to go out can only be failed whole. */
void sink_drop(struct sd_sink *sink);
/* begin, write, end. */
bool sink_put(struct sd_sink *sink, const char *name, const void *bytes, size_t size,
              struct sink_output *out);
/* The run succeeded: a ZIP's central directory and end record. A file
 * still open is an error (it is abandoned). Nothing can be added after. */
bool sink_commit(struct sd_sink *sink);
/* The run failed: the unfinished file is abandoned (a folder's temporary
 * removed); a ZIP stays without its central directory, which tells its
 * reader it is incomplete. Files already ended in a folder stay. */
void sink_abort(struct sd_sink *sink);
/* The folder of a directory sink as the user named it; NULL for others. */
const char *sink_directory(const struct sd_sink *sink);
/* Why the latest call that returned false failed, or "". */
const char *sink_reason(const struct sd_sink *sink);

#endif
