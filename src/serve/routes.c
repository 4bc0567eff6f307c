/* routes.c — the server's routes: the page, the health check, and the
 * HTTP API the README documents (each a job). */
#include "routes.h"

#include <string.h>

static const struct route routes[] = {
    {"GET", "/", ROUTE_PAGE, "index.html"},
    {"GET", "/index.html", ROUTE_PAGE, "index.html"},
    {"GET", "/app.js", ROUTE_PAGE, "app.js"},
    {"GET", "/app.css", ROUTE_PAGE, "app.css"},
    {"GET", "/sante", ROUTE_HEALTH, NULL},
    {"POST", "/api/check", ROUTE_CHECK, NULL},
    {"POST", "/api/build", ROUTE_BUILD, NULL},
    {"POST", "/api/bundle", ROUTE_BUNDLE, NULL},
    {"POST", "/api/verify", ROUTE_VERIFY, NULL},
    {"POST", "/api/signatures", ROUTE_SIGNATURES, NULL},
    {"POST", "/api/export", ROUTE_EXPORT, NULL},
    {"GET", "/api/modele/classe.xlsx", ROUTE_MODEL_XLSX, NULL},
    {"GET", "/api/modele/classe.ods", ROUTE_MODEL_ODS, NULL},
    {"GET", "/api/modele/classe.csv", ROUTE_MODEL_CSV, NULL},
};

const struct route *route_find(const char *method, const char *path, bool *wrong_method)
{
    *wrong_method = false;
    bool head = strcmp(method, "HEAD") == 0;
    for (size_t i = 0; i < sizeof routes / sizeof *routes; i++) {
        if (strcmp(routes[i].path, path) != 0)
            continue;
        if (strcmp(routes[i].method, method) == 0 ||
            (head && strcmp(routes[i].method, "GET") == 0 && routes[i].kind <= ROUTE_HEALTH))
            return &routes[i];
        *wrong_method = true;
    }
    return NULL;
}

const char *route_methods(const char *path)
{
    for (size_t i = 0; i < sizeof routes / sizeof *routes; i++)
        if (strcmp(routes[i].path, path) == 0)
            return strcmp(routes[i].method, "POST") == 0 ? "POST"
                   : routes[i].kind <= ROUTE_HEALTH      ? "GET, HEAD"
                                                         : "GET";
    return NULL;
}

bool route_is_job(const struct route *route)
{
    return route->kind >= ROUTE_CHECK;
}
