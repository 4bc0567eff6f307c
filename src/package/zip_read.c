/* zip_read.c — libzip's reading interface behind the few calls verify makes. */
#include "zip_read.h"

#include <stdlib.h>
#include <string.h>
#include <zip.h>

struct zip_package {
    zip_t *archive;
    size_t count;
};

struct zip_package *zip_package_open(const unsigned char *bytes, size_t size,
                                     const char *password, struct strbuf *error)
{
    zip_error_t zip_error;
    zip_error_init(&zip_error);
    zip_source_t *source = zip_source_buffer_create(bytes, size, 0, &zip_error);
    zip_t *archive =
        source ? zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &zip_error) : NULL;
    if (!archive) {
        strbuf_puts(error, zip_error_strerror(&zip_error));
        zip_error_fini(&zip_error);
        zip_source_free(source);
        return NULL;
    }
    zip_error_fini(&zip_error);
    struct zip_package *package = calloc(1, sizeof *package);
    zip_int64_t count = zip_get_num_entries(archive, 0);
    if (!package || count < 0) {
        free(package);
        zip_discard(archive);
        strbuf_puts(error, "mémoire insuffisante");
        return NULL;
    }
    if (password && zip_set_default_password(archive, password) != 0)
        strbuf_puts(error, "mot de passe refusé par libzip");
    package->archive = archive;
    package->count = (size_t)count;
    return package;
}

size_t zip_package_count(const struct zip_package *package)
{
    return package->count;
}

const char *zip_package_name(const struct zip_package *package, size_t i)
{
    const char *name = zip_get_name(package->archive, (zip_uint64_t)i, ZIP_FL_ENC_GUESS);
    return name ? name : "";
}

bool zip_package_encrypted(const struct zip_package *package, size_t i)
{
    zip_stat_t stat;
    zip_stat_init(&stat);
    return zip_stat_index(package->archive, (zip_uint64_t)i, 0, &stat) == 0 &&
           (stat.valid & ZIP_STAT_ENCRYPTION_METHOD) && stat.encryption_method != ZIP_EM_NONE;
}

static enum zip_read_status status_of(int code)
{
    switch (code) {
    case ZIP_ER_NOPASSWD: return ZIP_READ_NEEDS_PASSWORD;
    case ZIP_ER_WRONGPASSWD: return ZIP_READ_WRONG_PASSWORD;
    default: return ZIP_READ_DAMAGED;
    }
}

static enum zip_read_status fail(zip_error_t *zip_error, struct strbuf *error)
{
    strbuf_puts(error, zip_error_strerror(zip_error));
    return status_of(zip_error_code_zip(zip_error));
}

/* WinZip's AE-2 format (what 7-Zip writes for AES) stores a CRC of 0 and
 * authenticates the data with an HMAC instead. libzip before 1.8 (Debian
 * 12 has 1.7.3) still compares the CRC at the end and reports a CRC error
 * once every byte is read (nih-at/libzip#261); the HMAC was checked just
 * before, so that error alone, at the entry's full size, is not damage. */
static bool is_ae2_end(zip_t *archive, zip_uint64_t index, zip_file_t *file, size_t length)
{
    zip_stat_t stat;
    zip_stat_init(&stat);
    return zip_error_code_zip(zip_file_get_error(file)) == ZIP_ER_CRC &&
           zip_stat_index(archive, index, 0, &stat) == 0 && (stat.valid & ZIP_STAT_CRC) &&
           stat.crc == 0 && (stat.valid & ZIP_STAT_ENCRYPTION_METHOD) &&
           stat.encryption_method >= ZIP_EM_AES_128 && stat.encryption_method <= ZIP_EM_AES_256 &&
           (stat.valid & ZIP_STAT_SIZE) && stat.size == length;
}

/* Reads to the end (libzip checks the CRC there), growing the buffer. */
static enum zip_read_status read_all(zip_t *archive, zip_uint64_t index, zip_file_t *file,
                                     size_t max_size, unsigned char **bytes, size_t *size,
                                     struct strbuf *error)
{
    size_t capacity = 0, length = 0;
    unsigned char *data = NULL;
    for (;;) {
        if (length == capacity) {
            if (capacity > max_size) {
                free(data);
                strbuf_puts(error, "entrée trop volumineuse");
                return ZIP_READ_TOO_LARGE;
            }
            capacity = capacity ? capacity * 2 : 65536;
            unsigned char *grown = realloc(data, capacity);
            if (!grown) {
                free(data);
                strbuf_puts(error, "mémoire insuffisante");
                return ZIP_READ_TOO_LARGE;
            }
            data = grown;
        }
        zip_int64_t got = zip_fread(file, data + length, capacity - length);
        if (got < 0 && is_ae2_end(archive, index, file, length))
            break;
        if (got < 0) {
            free(data);
            return fail(zip_file_get_error(file), error);
        }
        if (got == 0)
            break;
        length += (size_t)got;
    }
    if (length > max_size) {
        free(data);
        strbuf_puts(error, "entrée trop volumineuse");
        return ZIP_READ_TOO_LARGE;
    }
    *bytes = data;
    *size = length;
    return ZIP_READ_OK;
}

enum zip_read_status zip_package_read(struct zip_package *package, size_t i, size_t max_size,
                                      unsigned char **bytes, size_t *size,
                                      struct strbuf *error)
{
    *bytes = NULL;
    *size = 0;
    /* A ZIP bomb says how large it would grow: refuse it before inflating. */
    zip_stat_t stat;
    zip_stat_init(&stat);
    if (zip_stat_index(package->archive, (zip_uint64_t)i, 0, &stat) == 0 &&
        (stat.valid & ZIP_STAT_SIZE) && stat.size > max_size) {
        strbuf_printf(error, "%llu octets une fois décompressée, au-delà de la limite de %zu Mio (archive piège ?)",
                      (unsigned long long)stat.size, max_size >> 20);
        return ZIP_READ_TOO_LARGE;
    }
    zip_file_t *file = zip_fopen_index(package->archive, (zip_uint64_t)i, 0);
    if (!file)
        return fail(zip_get_error(package->archive), error);
    enum zip_read_status status =
        read_all(package->archive, (zip_uint64_t)i, file, max_size, bytes, size, error);
    bool ae2 = status == ZIP_READ_OK && is_ae2_end(package->archive, (zip_uint64_t)i, file, *size);
    if (zip_fclose(file) != 0 && status == ZIP_READ_OK && !ae2) {
        free(*bytes);
        *bytes = NULL;
        strbuf_puts(error, "données altérées (CRC incorrect)");
        status = ZIP_READ_DAMAGED;
    }
    return status;
}

void zip_package_close(struct zip_package *package)
{
    if (!package)
        return;
    zip_discard(package->archive);
    free(package);
}
