/* zip_read.c — libzip's reading interface behind the few calls verify makes. */
#include "zip_read.h"

#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "../util/array.h"

#define READ_CHUNK ((size_t)64 << 10) /* the first read, and the least growth */

struct zip_package {
    zip_t *archive;
    size_t count;
};

/* Opens the archive of a source (freed on failure). */
static struct zip_package *open_source(zip_source_t *source, zip_error_t *zip_error,
                                       const char *password, struct strbuf *error)
{
    zip_t *archive =
        source ? zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, zip_error) : NULL;
    if (!archive) {
        strbuf_puts(error, zip_error_french(zip_error_code_zip(zip_error)));
        zip_error_fini(zip_error);
        zip_source_free(source);
        return NULL;
    }
    zip_error_fini(zip_error);
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

struct zip_package *zip_package_open(const unsigned char *bytes, size_t size,
                                     const char *password, struct strbuf *error)
{
    zip_error_t zip_error;
    zip_error_init(&zip_error);
    zip_source_t *source = zip_source_buffer_create(bytes, size, 0, &zip_error);
    return open_source(source, &zip_error, password, error);
}

struct zip_package *zip_package_open_file(FILE *file, const char *password,
                                          struct strbuf *error)
{
    zip_error_t zip_error;
    zip_error_init(&zip_error);
    zip_source_t *source = zip_source_filep_create(file, 0, -1, &zip_error);
    if (!source) /* otherwise the source closes it */
        fclose(file);
    return open_source(source, &zip_error, password, error);
}

bool zip_package_locate(const struct zip_package *package, const char *name, size_t *index)
{
    zip_int64_t found = zip_name_locate(package->archive, name, 0);
    if (found < 0)
        return false;
    *index = (size_t)found;
    return true;
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
    strbuf_puts(error, zip_error_french(zip_error_code_zip(zip_error)));
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
            if (!ARRAY_GROW(data, capacity, length + READ_CHUNK)) {
                free(data);
                strbuf_puts(error, "mémoire insuffisante");
                return ZIP_READ_TOO_LARGE;
            }
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

/* A ZIP bomb says how large it would grow: refused before inflating. */
static bool claims_too_much(struct zip_package *package, size_t i, size_t max_size,
                            struct strbuf *error)
{
    zip_stat_t stat;
    zip_stat_init(&stat);
    if (zip_stat_index(package->archive, (zip_uint64_t)i, 0, &stat) != 0 ||
        !(stat.valid & ZIP_STAT_SIZE) || stat.size <= max_size)
        return false;
    strbuf_printf(error, "%llu octets une fois décompressée, au-delà de la limite de %zu Mio "
                         "(archive piège ?)", (unsigned long long)stat.size, max_size >> 20);
    return true;
}

/* An entry whose encryption method libzip cannot decrypt is refused here:
 * asking libzip to open it anyway, once a password is set, leaks the
 * sources it had already made for it (libzip 1.7.3, _zip_source_zip_new;
 * found by fuzz_zip, tests/fuzz/regressions/zip/unknown-encryption-*). */
static bool encryption_unsupported(struct zip_package *package, size_t i, struct strbuf *error)
{
    zip_stat_t stat;
    zip_stat_init(&stat);
    if (zip_stat_index(package->archive, (zip_uint64_t)i, 0, &stat) != 0 ||
        !(stat.valid & ZIP_STAT_ENCRYPTION_METHOD) || stat.encryption_method == ZIP_EM_NONE ||
        zip_encryption_method_supported(stat.encryption_method, 0))
        return false;
    strbuf_puts(error, zip_error_french(ZIP_ER_ENCRNOTSUPP));
    return true;
}

enum zip_read_status zip_package_read(struct zip_package *package, size_t i, size_t max_size,
                                      unsigned char **bytes, size_t *size,
                                      struct strbuf *error)
{
    *bytes = NULL;
    *size = 0;
    if (claims_too_much(package, i, max_size, error))
        return ZIP_READ_TOO_LARGE;
    if (encryption_unsupported(package, i, error))
        return ZIP_READ_DAMAGED;
    zip_file_t *file = zip_fopen_index(package->archive, (zip_uint64_t)i, 0);
    if (!file)
        return fail(zip_get_error(package->archive), error);
    enum zip_read_status status =
        read_all(package->archive, (zip_uint64_t)i, file, max_size, bytes, size, error);
    bool ae2 = status == ZIP_READ_OK && is_ae2_end(package->archive, (zip_uint64_t)i, file, *size);
    if (zip_fclose(file) != 0 && status == ZIP_READ_OK && !ae2) {
        free(*bytes);
        *bytes = NULL;
        strbuf_puts(error, "données altérées (somme de contrôle CRC incorrecte)");
        status = ZIP_READ_DAMAGED;
    }
    return status;
}

struct zip_entry_stream {
    zip_t *archive;
    zip_uint64_t index;
    zip_file_t *file;
    size_t read, max_size;
    enum zip_read_status status; /* ZIP_READ_OK until a read fails */
};

struct zip_entry_stream *zip_package_stream(struct zip_package *package, size_t i,
                                            size_t max_size, struct strbuf *error)
{
    if (claims_too_much(package, i, max_size, error) || encryption_unsupported(package, i, error))
        return NULL;
    struct zip_entry_stream *stream = calloc(1, sizeof *stream);
    zip_file_t *file = stream ? zip_fopen_index(package->archive, (zip_uint64_t)i, 0) : NULL;
    if (!file) {
        if (stream)
            fail(zip_get_error(package->archive), error);
        free(stream);
        return NULL;
    }
    *stream = (struct zip_entry_stream){package->archive, (zip_uint64_t)i, file, 0, max_size,
                                        ZIP_READ_OK};
    return stream;
}

long zip_entry_stream_read(struct zip_entry_stream *stream, void *buffer, size_t len)
{
    if (stream->status != ZIP_READ_OK)
        return -1;
    zip_int64_t got = zip_fread(stream->file, buffer, len);
    if (got < 0) {
        stream->status = status_of(zip_error_code_zip(zip_file_get_error(stream->file)));
        return -1;
    }
    stream->read += (size_t)got;
    if (stream->read > stream->max_size) { /* a size the header did not say */
        stream->status = ZIP_READ_TOO_LARGE;
        return -1;
    }
    return (long)got;
}

enum zip_read_status zip_entry_stream_close(struct zip_entry_stream *stream,
                                            struct strbuf *error)
{
    enum zip_read_status status = stream->status;
    if (status == ZIP_READ_TOO_LARGE)
        strbuf_printf(error, "au-delà de la limite de %zu Mio une fois décompressée (archive "
                             "piège ?)", stream->max_size >> 20);
    else if (status != ZIP_READ_OK)
        strbuf_puts(error, zip_error_french(zip_error_code_zip(zip_file_get_error(stream->file))));
    bool ae2 = status == ZIP_READ_OK &&
               is_ae2_end(stream->archive, stream->index, stream->file, stream->read);
    if (zip_fclose(stream->file) != 0 && status == ZIP_READ_OK && !ae2) {
        strbuf_puts(error, "données altérées (somme de contrôle CRC incorrecte)");
        status = ZIP_READ_DAMAGED;
    }
    free(stream);
    return status;
}

void zip_package_close(struct zip_package *package)
{
    if (!package)
        return;
    zip_discard(package->archive);
    free(package);
}

const char *zip_error_french(int code)
{
    switch (code) {
    case ZIP_ER_OK: return "aucune erreur";
    case ZIP_ER_MULTIDISK: return "archive ZIP en plusieurs volumes, que stagedoc ne lit pas";
    case ZIP_ER_RENAME: return "le fichier temporaire n'a pas pu être renommé";
    case ZIP_ER_CLOSE: return "l'archive n'a pas pu être fermée";
    case ZIP_ER_SEEK: case ZIP_ER_TELL: return "erreur de déplacement dans le fichier";
    case ZIP_ER_READ: return "erreur de lecture";
    case ZIP_ER_WRITE: return "erreur d'écriture (disque plein ?)";
    case ZIP_ER_CRC:
        return "données altérées (somme de contrôle CRC incorrecte)";
    case ZIP_ER_NOENT: return "fichier introuvable";
    case ZIP_ER_EXISTS: return "le fichier existe déjà";
    case ZIP_ER_OPEN: return "le fichier ne s'ouvre pas";
    case ZIP_ER_TMPOPEN: return "le fichier temporaire n'a pas pu être créé";
    case ZIP_ER_ZLIB: case ZIP_ER_COMPRESSED_DATA:
        return "données compressées invalides : le fichier est abîmé";
    case ZIP_ER_MEMORY: return "mémoire insuffisante";
    case ZIP_ER_COMPNOTSUPP: return "méthode de compression que stagedoc ne lit pas";
    case ZIP_ER_EOF: return "le fichier s'arrête trop tôt (copie ou téléchargement incomplet)";
    case ZIP_ER_NOZIP: return "ce n'est pas une archive ZIP";
    case ZIP_ER_INCONS:
        return "archive ZIP incohérente (répertoire central abîmé ou modifié)";
    case ZIP_ER_ENCRNOTSUPP: return "méthode de chiffrement que stagedoc ne lit pas";
    case ZIP_ER_NOPASSWD: return "entrée chiffrée : il faut le mot de passe";
    case ZIP_ER_WRONGPASSWD: return "mot de passe incorrect";
    case ZIP_ER_DELETED: case ZIP_ER_CHANGED: case ZIP_ER_ZIPCLOSED:
        return "entrée indisponible dans l'archive";
    default: return "erreur de la bibliothèque ZIP (libzip)";
    }
}
