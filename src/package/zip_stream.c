/* zip_stream.c — a ZIP written front to back, stored entries with data
 * descriptors, for a pipe (see zip_stream.h). */
#include "zip_stream.h"

#include <errno.h>
#include <stdarg.h>
#include <libdeflate.h>
#include <stdlib.h>
#include <string.h>

#include "../util/file.h"
#include "../util/keyset.h"

#define LOCAL_HEADER_SIGNATURE 0x04034b50u
#define DATA_DESCRIPTOR_SIGNATURE 0x08074b50u
#define CENTRAL_HEADER_SIGNATURE 0x02014b50u
#define END_RECORD_SIGNATURE 0x06054b50u
#define LOCAL_HEADER_SIZE 30
#define DATA_DESCRIPTOR_SIZE 16
#define CENTRAL_HEADER_SIZE 46
#define END_RECORD_SIZE 22

#define VERSION_NEEDED 20                  /* 2.0: data descriptors */
#define VERSION_MADE_BY ((3 << 8) | 20)    /* Unix, 2.0 */
#define FLAGS ((1u << 3) | (1u << 11))     /* sizes after the data; UTF-8 name */
#define METHOD_STORED 0
#define EXTERNAL_ATTRIBUTES (0100644u << 16) /* a regular file, rw-r--r-- */
/* Every size and offset must stay below 0xFFFFFFFF, which says "see ZIP64". */
#define MAX_OFFSET 0xFFFFFFFEu

/* What the central directory needs of an entry once its data is gone. */
struct entry {
    char *name;
    uint32_t crc, size, offset;
};

struct zip_stream {
    int fd;
    uint16_t dos_date, dos_time;
    uint64_t offset;            /* bytes written so far */
    struct entry *entries;
    size_t count, capacity;
    struct keyset names;        /* the entries' names: none twice */
    bool open;                  /* an entry's data is being written */
    uint64_t entry_size;
    uint32_t entry_crc;
    bool finished;
    struct strbuf broken;       /* why the stream cannot go on; empty while it can */
};

/* ------------------------------------------------------------ dates */

/* Year, month, day of a count of days since 1970-01-01 (H. Hinnant's
 * civil_from_days). */
static void civil_from_days(int64_t days, int64_t *year, unsigned *month, unsigned *day)
{
    days += 719468;
    int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    unsigned day_of_era = (unsigned)(days - era * 146097);
    unsigned year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 -
                            day_of_era / 146096) / 365;
    unsigned day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    unsigned shifted_month = (5 * day_of_year + 2) / 153;
    *day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    *month = shifted_month < 10 ? shifted_month + 3 : shifted_month - 9;
    *year = (int64_t)year_of_era + era * 400 + (*month <= 2);
}

void zip_dos_date_time(int64_t date, uint16_t *dos_date, uint16_t *dos_time)
{
    const int64_t first = 315532800;  /* 1980-01-01 00:00:00 */
    const int64_t last = 4354819198;  /* 2107-12-31 23:59:58 */
    date = date < first ? first : date > last ? last : date;
    int64_t days = date / 86400, seconds = date % 86400;
    int64_t year;
    unsigned month, day;
    civil_from_days(days, &year, &month, &day);
    *dos_date = (uint16_t)(((year - 1980) << 9) | (month << 5) | day);
    *dos_time = (uint16_t)(((seconds / 3600) << 11) | ((seconds / 60 % 60) << 5) |
                           (seconds % 60 / 2));
}

/* ------------------------------------------------------------ writing */

static void put16(unsigned char *at, unsigned value)
{
    at[0] = (unsigned char)(value & 0xFF);
    at[1] = (unsigned char)(value >> 8 & 0xFF);
}

static void put32(unsigned char *at, uint32_t value)
{
    put16(at, value & 0xFFFF);
    put16(at + 2, value >> 16);
}

/* Says why the stream stops; its later calls repeat it. */
static bool break_stream(struct zip_stream *zip, struct strbuf *error, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static bool break_stream(struct zip_stream *zip, struct strbuf *error, const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    strbuf_vprintf(&zip->broken, fmt, args);
    va_end(args);
    if (strbuf_failed(&zip->broken) || zip->broken.len == 0) {
        strbuf_reset(&zip->broken);
        strbuf_puts(&zip->broken, "mémoire insuffisante");
    }
    strbuf_puts(error, strbuf_str(&zip->broken));
    return false;
}

/* True while the stream can go on; else the reason goes to error. */
static bool usable(struct zip_stream *zip, struct strbuf *error)
{
    if (zip->broken.len == 0)
        return true;
    strbuf_puts(error, strbuf_str(&zip->broken));
    return false;
}

/* Writes bytes to fd, short writes and EINTR included, within 4 GiB. */
static bool emit(struct zip_stream *zip, const void *bytes, size_t size, struct strbuf *error)
{
    if (zip->offset + size > MAX_OFFSET)
        return break_stream(zip, error, "archive ZIP de plus de 4 Gio : stagedoc n'écrit pas "
                                        "de ZIP64 ; demandez moins de fichiers à la fois");
    errno = 0;
    if (!file_write_all(zip->fd, bytes, size)) {
        if (errno == EPIPE || errno == ECONNRESET)
            return break_stream(zip, error, "archive ZIP : le destinataire a fermé la connexion "
                                            "avant la fin");
        return break_stream(zip, error, "archive ZIP : écriture impossible (%s)",
                            errno ? strerror(errno) : "rien n'a été écrit");
    }
    zip->offset += size;
    return true;
}

/* ------------------------------------------------------------ the stream */

struct zip_stream *zip_stream_new(int fd, int64_t date)
{
    struct zip_stream *zip = calloc(1, sizeof *zip);
    if (!zip)
        return NULL;
    zip->fd = fd;
    zip->broken = (struct strbuf)STRBUF_INIT;
    zip->names = (struct keyset)KEYSET_INIT;
    zip_dos_date_time(date, &zip->dos_date, &zip->dos_time);
    return zip;
}

/* Room for one more entry record. */
static bool grow(struct zip_stream *zip)
{
    if (zip->count < zip->capacity)
        return true;
    size_t capacity = zip->capacity ? zip->capacity * 2 : 16;
    struct entry *entries = realloc(zip->entries, capacity * sizeof *entries);
    if (!entries)
        return false;
    zip->entries = entries;
    zip->capacity = capacity;
    return true;
}

bool zip_stream_begin(struct zip_stream *zip, const char *name, struct strbuf *error)
{
    if (!usable(zip, error))
        return false;
    if (zip->finished || zip->open)
        return break_stream(zip, error, "archive ZIP : %s ajouté %s (erreur de stagedoc)", name,
                            zip->finished ? "après la fin de l'archive"
                                          : "avant la fin du fichier précédent");
    size_t length = strlen(name);
    if (length == 0 || length > ZIP_STREAM_MAX_NAME) {
        strbuf_printf(error, "archive ZIP : nom de fichier %s", length ? "trop long" : "vide");
        return false;
    }
    if (zip->count >= ZIP_STREAM_MAX_ENTRIES) {
        strbuf_printf(error, "%s : l'archive ZIP a déjà 65 535 fichiers, le plus qu'elle peut "
                             "tenir sans ZIP64 ; demandez moins de fichiers à la fois", name);
        return false;
    }
    bool added;
    if (!keyset_add(&zip->names, name, &added)) {
        strbuf_puts(error, "mémoire insuffisante");
        return false;
    }
    if (!added) {
        strbuf_printf(error, "%s : ce nom est déjà dans l'archive ZIP ; deux fichiers ne peuvent "
                             "y porter le même", name);
        return false;
    }
    char *copy = strdup(name);
    unsigned char *header = malloc(LOCAL_HEADER_SIZE + length);
    if (!copy || !header || !grow(zip)) {
        free(copy);
        free(header);
        strbuf_puts(error, "mémoire insuffisante");
        return false;
    }
    struct entry *entry = &zip->entries[zip->count];
    *entry = (struct entry){.name = copy, .offset = (uint32_t)zip->offset};
    put32(header, LOCAL_HEADER_SIGNATURE);
    put16(header + 4, VERSION_NEEDED);
    put16(header + 6, FLAGS);
    put16(header + 8, METHOD_STORED);
    put16(header + 10, zip->dos_time);
    put16(header + 12, zip->dos_date);
    memset(header + 14, 0, 12); /* CRC-32 and sizes: in the data descriptor */
    put16(header + 26, (unsigned)length);
    put16(header + 28, 0);      /* no extra field */
    memcpy(header + LOCAL_HEADER_SIZE, name, length);
    bool ok = emit(zip, header, LOCAL_HEADER_SIZE + length, error);
    free(header);
    if (!ok) {
        free(copy);
        return false;
    }
    zip->count++;
    zip->open = true;
    zip->entry_size = 0;
    zip->entry_crc = 0;
    return true;
}

bool zip_stream_write(struct zip_stream *zip, const void *bytes, size_t size,
                      struct strbuf *error)
{
    if (!usable(zip, error))
        return false;
    if (!zip->open)
        return break_stream(zip, error, "archive ZIP : données hors d'un fichier (erreur de "
                                        "stagedoc)");
    if (size == 0)
        return true;
    if (!emit(zip, bytes, size, error))
        return false;
    zip->entry_crc = (uint32_t)libdeflate_crc32(zip->entry_crc, bytes, size);
    zip->entry_size += size;
    return true;
}

bool zip_stream_end(struct zip_stream *zip, struct strbuf *error)
{
    if (!usable(zip, error))
        return false;
    if (!zip->open)
        return break_stream(zip, error, "archive ZIP : fin d'un fichier jamais commencé (erreur "
                                        "de stagedoc)");
    struct entry *entry = &zip->entries[zip->count - 1];
    entry->crc = zip->entry_crc;
    entry->size = (uint32_t)zip->entry_size; /* below 4 GiB: emit saw to it */
    unsigned char descriptor[DATA_DESCRIPTOR_SIZE];
    put32(descriptor, DATA_DESCRIPTOR_SIGNATURE);
    put32(descriptor + 4, entry->crc);
    put32(descriptor + 8, entry->size);  /* compressed: stored, the same */
    put32(descriptor + 12, entry->size);
    zip->open = false;
    return emit(zip, descriptor, sizeof descriptor, error);
}

/* One entry's record in the central directory. */
static bool emit_central_header(struct zip_stream *zip, const struct entry *entry,
                                struct strbuf *error)
{
    size_t length = strlen(entry->name);
    unsigned char *header = malloc(CENTRAL_HEADER_SIZE + length);
    if (!header)
        return break_stream(zip, error, "mémoire insuffisante");
    put32(header, CENTRAL_HEADER_SIGNATURE);
    put16(header + 4, VERSION_MADE_BY);
    put16(header + 6, VERSION_NEEDED);
    put16(header + 8, FLAGS);
    put16(header + 10, METHOD_STORED);
    put16(header + 12, zip->dos_time);
    put16(header + 14, zip->dos_date);
    put32(header + 16, entry->crc);
    put32(header + 20, entry->size);
    put32(header + 24, entry->size);
    put16(header + 28, (unsigned)length);
    put16(header + 30, 0);      /* extra field */
    put16(header + 32, 0);      /* comment */
    put16(header + 34, 0);      /* disk */
    put16(header + 36, 0);      /* internal attributes */
    put32(header + 38, EXTERNAL_ATTRIBUTES);
    put32(header + 42, entry->offset);
    memcpy(header + CENTRAL_HEADER_SIZE, entry->name, length);
    bool ok = emit(zip, header, CENTRAL_HEADER_SIZE + length, error);
    free(header);
    return ok;
}

bool zip_stream_finish(struct zip_stream *zip, struct strbuf *error)
{
    if (!usable(zip, error))
        return false;
    if (zip->open || zip->finished)
        return break_stream(zip, error, "archive ZIP : %s (erreur de stagedoc)",
                            zip->open ? "terminée avant la fin de son dernier fichier"
                                      : "terminée deux fois");
    uint64_t start = zip->offset;
    for (size_t i = 0; i < zip->count; i++)
        if (!emit_central_header(zip, &zip->entries[i], error))
            return false;
    unsigned char end[END_RECORD_SIZE];
    put32(end, END_RECORD_SIGNATURE);
    put16(end + 4, 0);          /* this disk */
    put16(end + 6, 0);          /* the central directory's disk */
    put16(end + 8, (unsigned)zip->count);
    put16(end + 10, (unsigned)zip->count);
    put32(end + 12, (uint32_t)(zip->offset - start));
    put32(end + 16, (uint32_t)start);
    put16(end + 20, 0);         /* no comment */
    zip->finished = true;
    return emit(zip, end, sizeof end, error);
}

uint64_t zip_stream_offset(const struct zip_stream *zip)
{
    return zip->offset;
}

void zip_stream_free(struct zip_stream *zip)
{
    if (!zip)
        return;
    for (size_t i = 0; i < zip->count; i++)
        free(zip->entries[i].name);
    free(zip->entries);
    keyset_free(&zip->names);
    strbuf_free(&zip->broken);
    free(zip);
}
