/* unpack.c — see unpack.h. libzip reads the archive; sizes are those the
 * central directory declares, checked before reading, and the bytes read
 * are counted again while copying, in case the directory lies. */
#include "unpack.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <zip.h>

#include "../util/array.h"
#include "../util/file.h"

static bool ends_with(const char *name, const char *suffix)
{
    size_t length = strlen(name), tail = strlen(suffix);
    return length > tail && strcasecmp(name + length - tail, suffix) == 0;
}

bool unpack_is_collection(const char *path, const char *suffix)
{
    zip_t *archive = zip_open(path, ZIP_RDONLY, NULL);
    if (!archive)
        return false;
    bool members = false;
    zip_int64_t count = zip_get_num_entries(archive, 0);
    if (zip_name_locate(archive, "manifest.xml", 0) < 0)
        for (zip_int64_t i = 0; i < count && i < UNPACK_MAX_MEMBERS * 4 && !members; i++) {
            const char *name = zip_get_name(archive, (zip_uint64_t)i, 0);
            members = name && ends_with(name, suffix);
        }
    zip_discard(archive);
    return members;
}

static bool fail(struct strbuf *error, const char *message, const char *name)
{
    strbuf_printf(error, message, name ? name : "");
    return false;
}

/* Copies one member to path, counting what it really gives. */
static bool copy_member(zip_t *archive, zip_uint64_t index, const char *path, zip_uint64_t limit)
{
    zip_file_t *member = zip_fopen_index(archive, index, 0);
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    bool ok = member && fd >= 0;
    char buffer[65536];
    zip_uint64_t total = 0;
    zip_int64_t got;
    while (ok && (got = zip_fread(member, buffer, sizeof buffer)) > 0) {
        total += (zip_uint64_t)got;
        ok = total <= limit && file_write_all(fd, buffer, (size_t)got);
    }
    ok = ok && got == 0;
    if (member)
        zip_fclose(member);
    if (fd >= 0)
        close(fd);
    return ok;
}

/* What unpacking one archive has used so far, and may use. */
struct budget {
    zip_uint64_t used, total;
    bool *too_large;
};

static bool take_member(zip_t *archive, zip_uint64_t index, const char *name, const char *dir,
                        const char *prefix, struct unpacked_list *list, struct budget *budget,
                        struct strbuf *error)
{
    zip_stat_t stat;
    if (zip_stat_index(archive, index, 0, &stat) != 0 || !(stat.valid & ZIP_STAT_SIZE))
        return fail(error, "l'archive est illisible à « %s »", name);
    zip_uint64_t compressed = (stat.valid & ZIP_STAT_COMP_SIZE) ? stat.comp_size : stat.size;
    budget->used += stat.size;
    if (stat.size > UNPACK_MAX_MEMBER || budget->used > budget->total ||
        stat.size > (compressed + 1) * UNPACK_MAX_RATIO) {
        *budget->too_large = true;
        strbuf_printf(error, "« %s » est trop gros une fois décompressé (64 Mio au plus par "
                             "fichier, %llu Mio pour toute l'archive)", name,
                      (unsigned long long)(budget->total >> 20));
        return false;
    }
    if (list->count >= UNPACK_MAX_MEMBERS ||
        !ARRAY_GROW(list->items, list->capacity, list->count + 1)) {
        *budget->too_large = list->count >= UNPACK_MAX_MEMBERS;
        return fail(error, "l'archive a trop de fichiers (1000 au plus)", NULL);
    }
    char relative[64];
    snprintf(relative, sizeof relative, "%s%zu", prefix, list->count);
    struct unpacked *item = &list->items[list->count];
    *item = (struct unpacked){strdup(name), path_join(dir, relative)};
    list->count++;
    if (!item->name || !item->path)
        return fail(error, "mémoire insuffisante", NULL);
    if (!copy_member(archive, index, item->path, stat.size))
        return fail(error, "l'archive est illisible à « %s »", name);
    return true;
}

bool unpack_members(const char *path, const char *suffix, const char *dir, const char *prefix,
                    size_t total, struct unpacked_list *list, struct strbuf *error,
                    bool *too_large)
{
    int code = 0;
    struct budget budget = {0, total, too_large};
    *too_large = false;
    zip_t *archive = zip_open(path, ZIP_RDONLY, &code);
    if (!archive)
        return fail(error, "ce n'est pas une archive ZIP lisible", NULL);
    zip_int64_t count = zip_get_num_entries(archive, 0);
    bool ok = count >= 0 && count <= UNPACK_MAX_MEMBERS * 4;
    if (!ok) {
        *too_large = true;
        fail(error, "l'archive a trop de fichiers (1000 au plus)", NULL);
    }
    for (zip_int64_t i = 0; ok && i < count; i++) {
        const char *name = zip_get_name(archive, (zip_uint64_t)i, 0);
        if (name && ends_with(name, suffix))
            ok = take_member(archive, (zip_uint64_t)i, name, dir, prefix, list, &budget, error);
    }
    zip_discard(archive);
    return ok;
}

void unpacked_list_free(struct unpacked_list *list)
{
    for (size_t i = 0; i < list->count; i++) {
        free(list->items[i].name);
        free(list->items[i].path);
    }
    free(list->items);
    *list = (struct unpacked_list){0};
}
