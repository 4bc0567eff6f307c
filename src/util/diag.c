/* diag.c — collecting and printing diagnostics. */
#include "diag.h"

#include <stdlib.h>
#include <string.h>

#include "../util/strbuf.h"
#include "array.h"

static char *copy_or_null(const char *text)
{
    return text ? strdup(text) : NULL;
}

static struct diag *diag_append(struct diag_list *list)
{
    if (!ARRAY_GROW(list->items, list->capacity, list->count + 1))
        return NULL;
    struct diag *diag = &list->items[list->count++];
    memset(diag, 0, sizeof *diag);
    return diag;
}

void diag_vadd(struct diag_list *list, enum severity severity, struct position where,
               const char *rule, const char *stage_id, const char *hint, const char *fmt,
               va_list args)
{
    struct strbuf message = STRBUF_INIT;
    strbuf_vprintf(&message, fmt, args);
    struct diag *diag = diag_append(list);
    if (!diag) {
        /* Out of memory: counted, so that the run still fails on an error. */
        list->counts[severity]++;
        list->lost++;
        strbuf_free(&message);
        return;
    }
    diag->severity = severity;
    diag->file = copy_or_null(where.file);
    diag->line = where.line;
    diag->column = where.column;
    diag->rule = copy_or_null(rule);
    diag->stage_id = copy_or_null(stage_id);
    diag->message = strbuf_detach(&message);
    diag->hint = copy_or_null(hint);
    list->counts[severity]++;
}

void diag_add(struct diag_list *list, enum severity severity, struct position where,
              const char *rule, const char *stage_id, const char *hint, const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    diag_vadd(list, severity, where, rule, stage_id, hint, fmt, args);
    va_end(args);
}

static void replace(char **field, const char *text)
{
    if (!text)
        return;
    char *copy = strdup(text);
    if (!copy)
        return;
    free(*field);
    *field = copy;
}

void diag_set_cell(struct diag_list *list, const char *cell, const char *header,
                   const char *student)
{
    if (list->count == 0)
        return;
    struct diag *diag = &list->items[list->count - 1];
    replace(&diag->cell, cell);
    replace(&diag->header, header);
    replace(&diag->student, student);
}

void diag_set_plain(struct diag_list *list, const char *plain, const char *about)
{
    if (list->count == 0)
        return;
    struct diag *diag = &list->items[list->count - 1];
    replace(&diag->plain, plain);
    replace(&diag->about, about);
}

const char *severity_name(enum severity severity)
{
    switch (severity) {
    case SEVERITY_INFO: return "information";
    case SEVERITY_WARNING: return "avertissement";
    case SEVERITY_ERROR: return "erreur";
    }
    return "?";
}

const struct diag *diag_find(const struct diag_list *list, const char *rule)
{
    for (size_t i = 0; i < list->count; i++)
        if (list->items[i].rule && strcmp(list->items[i].rule, rule) == 0)
            return &list->items[i];
    return NULL;
}

size_t diag_count_rule(const struct diag_list *list, const char *rule)
{
    size_t count = 0;
    for (size_t i = 0; i < list->count; i++)
        if (list->items[i].rule && strcmp(list->items[i].rule, rule) == 0)
            count++;
    return count;
}

void diag_free(struct diag *diag)
{
    free(diag->file);
    free(diag->rule);
    free(diag->stage_id);
    free(diag->message);
    free(diag->hint);
    free(diag->cell);
    free(diag->header);
    free(diag->student);
    free(diag->plain);
    free(diag->about);
    memset(diag, 0, sizeof *diag);
}

void diag_list_free(struct diag_list *list)
{
    for (size_t i = 0; i < list->count; i++)
        diag_free(&list->items[i]);
    free(list->items);
    memset(list, 0, sizeof *list);
}
