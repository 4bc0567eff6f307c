/* datafile.c — reads the tab-separated data files line by line. */
#include "datafile.h"

#include <stdlib.h>
#include <string.h>

#include "file.h"

#define DATAFILE_MAX_SIZE (4u << 20)

static void split_fields(char *line, struct datafile_record *record)
{
    record->count = 0;
    char *field = line;
    while (record->count < DATAFILE_MAX_FIELDS) {
        record->fields[record->count++] = field;
        char *tab = strchr(field, '\t');
        if (!tab)
            break;
        *tab = '\0';
        field = tab + 1;
    }
}

static bool is_comment_or_blank(const char *line)
{
    while (*line == ' ' || *line == '\t')
        line++;
    return *line == '\0' || *line == '#';
}

static bool visit_lines(char *text, const char *path, datafile_visitor visit, void *context,
                        struct strbuf *error)
{
    int number = 0;
    char *line = text;
    while (line && *line) {
        char *newline = strchr(line, '\n');
        if (newline)
            *newline = '\0';
        number++;
        size_t len = strlen(line);
        if (len && line[len - 1] == '\r')
            line[len - 1] = '\0';
        if (!is_comment_or_blank(line)) {
            struct datafile_record record = {.path = path, .line = number};
            split_fields(line, &record);
            struct strbuf message = STRBUF_INIT;
            if (!visit(&record, context, &message)) {
                strbuf_printf(error, "%s:%d: %s", path, number, strbuf_str(&message));
                strbuf_free(&message);
                return false;
            }
            strbuf_free(&message);
        }
        line = newline ? newline + 1 : NULL;
    }
    return true;
}

bool datafile_read(const char *path, datafile_visitor visit, void *context,
                   struct strbuf *error)
{
    char *text;
    size_t size;
    enum file_status status = file_read_all(path, DATAFILE_MAX_SIZE, &text, &size);
    if (status != FILE_OK) {
        strbuf_printf(error, "%s: %s", path, file_status_message(status));
        return false;
    }
    bool ok = visit_lines(text, path, visit, context, error);
    free(text);
    return ok;
}
