/* attrscan.h — finding a start tag with too many attributes before libxml2
 * reads it.
 *
 * libxml2 checks each attribute of a tag against all those before it (and
 * its tree appends each to the end of a list): 100,000 attributes on one
 * element take minutes inside the parser, before any callback could count
 * them. So the bytes are scanned first, as they come: an '=' outside
 * quotes inside a start tag is an attribute (comments, CDATA sections,
 * processing instructions, end tags and declarations are skipped). The scan
 * keeps its state between chunks, and looks at each byte once. */
#ifndef STAGEDOC_INPUT_ATTRSCAN_H
#define STAGEDOC_INPUT_ATTRSCAN_H

#include <stdbool.h>
#include <stddef.h>

struct attrscan {
    int state;
    char quote;      /* the quote that closes the value being read */
    unsigned run;    /* dashes or brackets met in a row, closing a comment or CDATA */
    unsigned equals; /* attributes of the start tag being read */
    size_t offset;   /* of the next byte to scan */
    size_t tag_start;
};

void attrscan_init(struct attrscan *scan);
/* Scans the next len bytes of the file; true, with the offset of its '<',
 * as soon as a start tag has more than max attributes. */
bool attrscan_feed(struct attrscan *scan, const char *bytes, size_t len, unsigned max,
                   size_t *tag_start);

#endif
