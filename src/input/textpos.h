/* textpos.h — line and character column of byte offsets, each byte counted
 * once.
 *
 * libxml2 gives byte offsets (and columns in bytes, or partly in
 * characters); messages want the line and the column in characters. Walking
 * back to the start of the line for every element is quadratic on a file
 * written on one line, so the tracker keeps an anchor (an offset whose line
 * and column are known) and counts forward from it: queries come in file
 * order (elements start one after the other), and each byte between them is
 * counted once. A query may also look ahead of the anchor without moving it
 * (an error inside the tag being read, before the element is marked).
 *
 * A file read whole is viewed in place; a streamed file is fed chunk by
 * chunk, and the tracker keeps only the bytes from its anchor on (usually
 * one chunk: elements keep moving the anchor forward). */
#ifndef STAGEDOC_INPUT_TEXTPOS_H
#define STAGEDOC_INPUT_TEXTPOS_H

#include <stdbool.h>
#include <stddef.h>

struct textpos {
    const char *bytes; /* bytes[0] is the byte at offset start */
    char *owned;       /* bytes' storage when fed (streams), else NULL */
    size_t start, len, capacity;
    bool bom_checked;
    size_t offset;     /* the anchor, never before start */
    unsigned line, column;
};

/* A whole file: bytes stay the caller's and must outlive the tracker. */
void textpos_view(struct textpos *pos, const char *bytes, size_t size);
/* A stream: nothing yet, bytes come through textpos_feed. */
void textpos_stream(struct textpos *pos);
/* Appends the next chunk of a stream (copied); false when out of memory. */
bool textpos_feed(struct textpos *pos, const char *chunk, size_t len);
/* Line and column (both from 1, a byte order mark not counted) of offset;
 * offsets before the anchor are given the anchor's place, offsets past
 * the bytes known the place of their end. With advance, the anchor moves
 * to offset. */
void textpos_locate(struct textpos *pos, size_t offset, bool advance, unsigned *line,
                    unsigned *column);
void textpos_free(struct textpos *pos);

#endif
