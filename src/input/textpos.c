/* textpos.c — line and character column of byte offsets (textpos.h). */
#include "textpos.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../util/array.h"

static void start_at_file_start(struct textpos *pos)
{
    pos->offset = 0;
    pos->line = 1;
    pos->column = 1;
    pos->bom_checked = false;
}

void textpos_view(struct textpos *pos, const char *bytes, size_t size)
{
    memset(pos, 0, sizeof *pos);
    pos->bytes = bytes;
    pos->len = size;
    start_at_file_start(pos);
}

void textpos_stream(struct textpos *pos)
{
    memset(pos, 0, sizeof *pos);
    start_at_file_start(pos);
}

/* Forgets the bytes before the anchor once they are at least as many as
 * those kept, so that each byte is moved a bounded number of times. */
static void drop_counted(struct textpos *pos)
{
    size_t counted = pos->offset - pos->start;
    if (counted == 0 || counted < pos->len - counted)
        return;
    memmove(pos->owned, pos->owned + counted, pos->len - counted);
    pos->start += counted;
    pos->len -= counted;
}

bool textpos_feed(struct textpos *pos, const char *chunk, size_t len)
{
    if (len == 0) /* an empty file: nothing to keep, and no buffer yet */
        return true;
    drop_counted(pos);
    if (len > SIZE_MAX - pos->len || !ARRAY_GROW(pos->owned, pos->capacity, pos->len + len))
        return false;
    memcpy(pos->owned + pos->len, chunk, len);
    pos->len += len;
    pos->bytes = pos->owned;
    return true;
}

/* A byte order mark is not a column: the count starts after it. */
static void skip_bom(struct textpos *pos)
{
    if (pos->bom_checked || pos->len < 3)
        return;
    pos->bom_checked = true;
    if (pos->start == 0 && pos->offset == 0 && memcmp(pos->bytes, "\xEF\xBB\xBF", 3) == 0)
        pos->offset = 3;
}

void textpos_locate(struct textpos *pos, size_t offset, bool advance, unsigned *line,
                    unsigned *column)
{
    skip_bom(pos);
    size_t end = pos->start + pos->len;
    if (offset > end)
        offset = end;
    unsigned at_line = pos->line, at_column = pos->column;
    size_t at = pos->offset;
    for (; at < offset; at++) {
        unsigned char byte = (unsigned char)pos->bytes[at - pos->start];
        if (byte == '\n') {
            at_line++;
            at_column = 1;
        } else {
            at_column += (byte & 0xC0) != 0x80;
        }
    }
    *line = at_line;
    *column = at_column;
    if (advance) {
        pos->offset = at;
        pos->line = at_line;
        pos->column = at_column;
    }
}

void textpos_free(struct textpos *pos)
{
    free(pos->owned);
    memset(pos, 0, sizeof *pos);
}
