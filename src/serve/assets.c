/* assets.c — see assets.h; the bytes themselves are in the generated
 * assets_data.c. */
#include "assets.h"

#include <string.h>

const struct asset *asset_find(const char *name)
{
    for (size_t i = 0; i < serve_asset_count; i++)
        if (strcmp(serve_assets[i].name, name) == 0)
            return &serve_assets[i];
    return NULL;
}

const char *asset_type(const char *name)
{
    static const struct { const char *ending, *type; } types[] = {
        {".html", "text/html; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
    };
    size_t length = strlen(name);
    for (size_t i = 0; i < sizeof types / sizeof *types; i++) {
        size_t tail = strlen(types[i].ending);
        if (length >= tail && strcmp(name + length - tail, types[i].ending) == 0)
            return types[i].type;
    }
    return "application/octet-stream";
}
