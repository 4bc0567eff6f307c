/* assets.h — the web page's files (web/), built into the program so that
 * the server needs nothing beside it (the Makefile generates assets_data.c
 * from web/ with tools/embed-web.sh). */
#ifndef STAGEDOC_SERVE_ASSETS_H
#define STAGEDOC_SERVE_ASSETS_H

#include <stddef.h>

struct asset {
    const char *name;          /* "index.html" */
    const unsigned char *bytes;
    size_t size;
};

extern const struct asset serve_assets[];
extern const size_t serve_asset_count;

/* The built-in file named name, or NULL. */
const struct asset *asset_find(const char *name);
/* "text/html; charset=utf-8" for "index.html"… */
const char *asset_type(const char *name);

#endif
