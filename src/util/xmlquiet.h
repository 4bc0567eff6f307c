/* xmlquiet.h — silencing libxml2 around one parse, then putting back the
 * generic error handler that was there (the front end's, or libxml2's
 * default): the engine leaves libxml2's global handlers as it found them.
 * The parses using it report their failures themselves, in French. */
#ifndef STAGEDOC_UTIL_XMLQUIET_H
#define STAGEDOC_UTIL_XMLQUIET_H

#include <libxml/xmlerror.h>

struct xml_quiet {
    xmlGenericErrorFunc handler;
    void *context;
};

/* Saves this thread's generic error handler and installs a silent one. */
struct xml_quiet xml_quiet_begin(void);
/* Puts back what xml_quiet_begin saved. */
void xml_quiet_end(struct xml_quiet saved);

#endif
