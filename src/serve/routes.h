/* routes.h — what the server answers, by method and path (the table in
 * routes.c), and what kind of work each route is. */
#ifndef STAGEDOC_SERVE_ROUTES_H
#define STAGEDOC_SERVE_ROUTES_H

#include <stdbool.h>

enum route_kind {
    ROUTE_PAGE,        /* GET /, /app.js, /app.css: the page */
    ROUTE_HEALTH,      /* GET /sante */
    ROUTE_CHECK,       /* the rest are jobs, each in its own process */
    ROUTE_BUILD,
    ROUTE_BUNDLE,
    ROUTE_VERIFY,
    ROUTE_SIGNATURES,
    ROUTE_EXPORT,
    ROUTE_MODEL_XLSX,
    ROUTE_MODEL_ODS,
    ROUTE_MODEL_CSV,
};

struct route {
    const char *method;
    const char *path;
    enum route_kind kind;
    const char *asset;   /* ROUTE_PAGE: the page's file ("index.html") */
};

/* The route for method and path; NULL when the path is unknown. When the
 * path is known for another method only, *wrong_method is set. */
const struct route *route_find(const char *method, const char *path, bool *wrong_method);
/* The methods path is served with ("GET, HEAD", "POST"), for a 405's
 * Allow header; NULL for an unknown path. */
const char *route_methods(const char *path);
/* Whether the route runs as a job (a process of its own). */
bool route_is_job(const struct route *route);

#endif
