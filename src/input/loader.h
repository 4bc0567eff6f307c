/* loader.h — reading XML safely, whole or as a stream.
 *
 * Safe by construction: no network, no external DTD or entity is loaded, no
 * entity is substituted, libxml2's default size limits stay on, and a file
 * that declares entities is refused before any of them is expanded (this
 * stops entity bombs and external-entity tricks at the declaration). Files
 * over a size bound are refused before they are read (pipes: as soon as
 * they pass it); so are files with too many elements, attributes on one
 * element, or levels of nesting (the budgets below), and anything but a
 * regular file or standard input (a FIFO would block). Every element records
 * its line and column (source.h), counted in one pass however long the
 * lines (textpos.h).
 *
 * Inputs are streamed: the loader feeds the file (or bytes in memory) to
 * libxml2 in chunks and calls back each time a child of the root element
 * is complete, so a promotion of thousands of stages is handled one stage
 * at a time, in memory that does not grow with the class. Templates and
 * data files, which are small, are read whole. */
#ifndef STAGEDOC_INPUT_LOADER_H
#define STAGEDOC_INPUT_LOADER_H

#include <stdbool.h>
#include <stddef.h>
#include <libxml/tree.h>

#include "../util/diag.h"
#include "source.h"

#define LOADER_DEFAULT_MAX_SIZE ((size_t)16 << 20)

/* Budgets of every XML file, past which the parser stops with an error
 * naming the place (rules "elements", "profondeur", "attributs").
 * Elements: one per LOADER_BYTES_PER_ELEMENT bytes of the size limit (a
 * stage of the samples spends 57 bytes on each, an empty element only 4,
 * and each costs some 130 bytes of memory once built), at least
 * LOADER_MIN_BUDGET_BYTES' worth, and never more than LOADER_MAX_ELEMENTS
 * (8,000 stages of 250 elements: twice what the default size allows).
 * Depth: the templates nest 10 levels, stage files 6. Attributes: the
 * widest element of the input format has 7, a template's 7. */
#define LOADER_BYTES_PER_ELEMENT 16
#define LOADER_MIN_BUDGET_BYTES ((size_t)1 << 20)
#define LOADER_MAX_ELEMENTS 2000000
#define LOADER_MAX_DEPTH 32
#define LOADER_MAX_ATTRIBUTES 64
/* libxml2 errors said per file; the others are counted in one line. */
#define LOADER_MAX_XML_ERRORS 50

/* The number of elements a file may hold under a size limit of max_size. */
size_t loader_element_budget(size_t max_size);

enum load_status {
    LOAD_OK = 0,
    LOAD_INVALID, /* the file was read but is not acceptable XML */
    LOAD_IO_ERROR, /* the file could not be read */
    LOAD_LIMIT     /* the file is past a budget: its size, its elements, its depth */
};

/* Whole files (templates, référentiel): read path into a new source. */
enum load_status loader_read_source(const char *path, size_t max_size,
                                    struct diag_list *diags, struct source **out);
/* The same for bytes in memory (copied), named name in diagnostics, past
 * the same size bound as a file. */
enum load_status loader_memory_source(const char *name, const char *bytes, size_t size,
                                      size_t max_size, struct diag_list *diags,
                                      struct source **out);
/* Parses a source read whole into a document whose elements carry their
 * positions. On failure, diagnostics say why and *out is NULL. */
enum load_status loader_parse(struct source *source, struct diag_list *diags,
                              xmlDocPtr *out);

/* Streams ("-" is standard input). */
struct loader_stream;

/* Called when a child of the root element has just been read whole, with
 * the line of its end tag; it may unlink and free the element. */
typedef void (*loader_child_done)(xmlNodePtr child, unsigned end_line, void *data);

enum load_status loader_stream_open(const char *path, size_t max_size, struct diag_list *diags,
                                    loader_child_done on_child, void *data,
                                    struct loader_stream **out);
/* A stream over bytes in memory (the caller's, kept until the stream is
 * closed), named name in diagnostics: the same parser, budgets and
 * messages as a file of those bytes. */
enum load_status loader_stream_open_memory(const char *name, const char *bytes, size_t size,
                                           size_t max_size, struct diag_list *diags,
                                           loader_child_done on_child, void *data,
                                           struct loader_stream **out);
/* Parses the next chunk, reporting into diags. False once the file is
 * finished (read to its end, or stopped by an error). */
bool loader_stream_feed(struct loader_stream *stream, struct diag_list *diags);
/* The document being built (its root once the root's start tag is read). */
xmlDocPtr loader_stream_document(const struct loader_stream *stream);
struct source *loader_stream_source(const struct loader_stream *stream);
/* LOAD_OK once finished without error. */
enum load_status loader_stream_status(const struct loader_stream *stream);
/* Frees the parser and the document. */
void loader_stream_close(struct loader_stream *stream);

#endif
