/* xmlquiet.c — see xmlquiet.h. */
#include "xmlquiet.h"

#include <libxml/globals.h>

static void ignore_errors(void *context, const char *message, ...)
{
    (void)context;
    (void)message;
}

struct xml_quiet xml_quiet_begin(void)
{
    struct xml_quiet saved = {xmlGenericError, xmlGenericErrorContext};
    xmlSetGenericErrorFunc(NULL, ignore_errors);
    return saved;
}

void xml_quiet_end(struct xml_quiet saved)
{
    xmlSetGenericErrorFunc(saved.context, saved.handler);
}
