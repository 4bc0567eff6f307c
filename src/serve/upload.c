/* upload.c — see upload.h. */
#include "upload.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../util/array.h"
#include "../util/file.h"

static bool refuse(struct upload *upload, const char *message)
{
    if (upload->error.len == 0)
        strbuf_puts(&upload->error, message);
    return false;
}

static void close_current(struct upload *upload)
{
    if (upload->fd >= 0)
        close(upload->fd);
    upload->fd = -1;
}

static bool open_part_file(struct upload *upload, struct upload_part *part, size_t index)
{
    char relative[32];
    snprintf(relative, sizeof relative, "parts/%zu", index);
    part->path = path_join(upload->dir, relative);
    if (!part->path)
        return refuse(upload, "mémoire insuffisante");
    upload->fd = open(part->path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    return upload->fd >= 0 || refuse(upload, "impossible d'écrire un fichier reçu sur le serveur");
}

static bool is_known_field(const char *name)
{
    static const char *const fields[] = {"stage", "only", "format", "pdfa", "langue"};
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
        if (strcmp(name, fields[i]) == 0)
            return true;
    return false;
}

bool upload_part_begin(struct upload *upload, const char *name, const char *filename)
{
    close_current(upload);
    if (upload->error.len)
        return false;
    if (!name || !*name || strlen(name) > UPLOAD_MAX_NAME ||
        (filename && strlen(filename) > UPLOAD_MAX_NAME))
        return refuse(upload, "une partie du formulaire a un nom vide ou trop long");
    if (!filename && !is_known_field(name))
        return refuse(upload, "champ inconnu dans le formulaire : les champs sont stage, only, "
                              "format, pdfa et langue ; les fichiers ont un nom de fichier");
    if (upload->count >= UPLOAD_MAX_PARTS ||
        !ARRAY_GROW(upload->parts, upload->capacity, upload->count + 1))
        return refuse(upload, "trop de fichiers dans une seule requête (2000 au plus)");
    struct upload_part *part = &upload->parts[upload->count];
    *part = (struct upload_part){strdup(name), filename ? strdup(filename) : NULL, NULL,
                                 STRBUF_INIT, 0};
    upload->count++;
    if (!part->name || (filename && !part->filename))
        return refuse(upload, "mémoire insuffisante");
    return !filename || open_part_file(upload, part, upload->count - 1);
}

bool upload_part_add(struct upload *upload, const char *bytes, size_t size)
{
    if (upload->error.len || upload->count == 0)
        return false;
    struct upload_part *part = &upload->parts[upload->count - 1];
    part->size += size;
    if (!part->filename) {
        upload->field_bytes += size;
        if (part->size > UPLOAD_MAX_FIELD || upload->field_bytes > UPLOAD_MAX_FIELDS_TOTAL)
            return refuse(upload, "les champs du formulaire sont trop longs");
        strbuf_add(&part->value, bytes, size);
        return !strbuf_failed(&part->value) || refuse(upload, "mémoire insuffisante");
    }
    return file_write_all(upload->fd, bytes, size) ||
           refuse(upload, "impossible d'écrire un fichier reçu sur le serveur (disque plein ?)");
}

void upload_finish(struct upload *upload)
{
    close_current(upload);
}

const struct upload_part *upload_find(const struct upload *upload, const char *name,
                                      size_t *from)
{
    for (size_t i = from ? *from : 0; i < upload->count; i++)
        if (strcmp(upload->parts[i].name, name) == 0) {
            if (from)
                *from = i + 1;
            return &upload->parts[i];
        }
    return NULL;
}

void upload_free(struct upload *upload)
{
    close_current(upload);
    for (size_t i = 0; i < upload->count; i++) {
        free(upload->parts[i].name);
        free(upload->parts[i].filename);
        free(upload->parts[i].path);
        strbuf_free(&upload->parts[i].value);
    }
    free(upload->parts);
    free(upload->dir);
    strbuf_free(&upload->error);
    upload->parts = NULL;
    upload->count = upload->capacity = 0;
}
