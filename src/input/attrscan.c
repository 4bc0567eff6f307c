/* attrscan.c — counting a start tag's attributes ahead of libxml2 (attrscan.h). */
#include "attrscan.h"

#include <string.h>

enum scan_state {
    IN_TEXT,
    AFTER_LT,      /* "<" */
    IN_START_TAG,
    IN_VALUE,      /* an attribute's quoted value */
    AFTER_BANG,    /* "<!" */
    AFTER_BANG_DASH,
    IN_COMMENT,
    IN_CDATA,      /* from "<![" to "]]>" */
    IN_PI,         /* from "<?" to "?>" */
    TO_GT          /* an end tag or a declaration: up to its '>' */
};

void attrscan_init(struct attrscan *scan)
{
    memset(scan, 0, sizeof *scan);
    scan->state = IN_TEXT;
}

static void after_lt(struct attrscan *scan, char c)
{
    scan->equals = 0;
    if (c == '!')
        scan->state = AFTER_BANG;
    else if (c == '?')
        scan->state = IN_PI;
    else if (c == '/')
        scan->state = TO_GT;
    else
        scan->state = IN_START_TAG;
    scan->run = 0;
}

/* One byte past the text; true when the tag has one attribute too many. */
static bool step(struct attrscan *scan, char c, unsigned max)
{
    switch (scan->state) {
    case AFTER_LT: after_lt(scan, c); return false;
    case IN_START_TAG:
        if (c == '"' || c == '\'') {
            scan->quote = c;
            scan->state = IN_VALUE;
        } else if (c == '>') {
            scan->state = IN_TEXT;
        } else if (c == '=') {
            return ++scan->equals > max;
        }
        return false;
    case IN_VALUE:
        if (c == scan->quote)
            scan->state = IN_START_TAG;
        return false;
    case AFTER_BANG:
        scan->state = c == '-' ? AFTER_BANG_DASH : c == '[' ? IN_CDATA : TO_GT;
        return false;
    case AFTER_BANG_DASH: scan->state = c == '-' ? IN_COMMENT : TO_GT; return false;
    case IN_COMMENT:
    case IN_CDATA: {
        char closer = scan->state == IN_COMMENT ? '-' : ']';
        if (c == '>' && scan->run >= 2)
            scan->state = IN_TEXT;
        scan->run = c == closer ? scan->run + 1 : 0;
        return false;
    }
    case IN_PI:
        if (c == '>' && scan->run)
            scan->state = IN_TEXT;
        scan->run = c == '?';
        return false;
    case TO_GT:
        if (c == '>')
            scan->state = IN_TEXT;
        return false;
    }
    return false;
}

bool attrscan_feed(struct attrscan *scan, const char *bytes, size_t len, unsigned max,
                   size_t *tag_start)
{
    size_t i = 0;
    while (i < len) {
        if (scan->state == IN_TEXT) {
            const char *lt = memchr(bytes + i, '<', len - i);
            if (!lt)
                break;
            i = (size_t)(lt - bytes);
            scan->tag_start = scan->offset + i;
            scan->state = AFTER_LT;
        } else if (step(scan, bytes[i], max)) {
            *tag_start = scan->tag_start;
            scan->offset += len;
            return true;
        }
        i++;
    }
    scan->offset += len;
    return false;
}
