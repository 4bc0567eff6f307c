/* sha256.c — EVP digests over a buffer or a file. */
#include "sha256.h"

#include <stdio.h>
#include <openssl/evp.h>

#include <stdlib.h>

#define FILE_PIECE ((size_t)1 << 20)

static bool write_hex(const unsigned char *digest, unsigned int length, char out[SHA256_HEX_SIZE])
{
    if (length != 32)
        return false;
    for (unsigned i = 0; i < length; i++)
        snprintf(out + 2 * i, 3, "%02x", digest[i]);
    return true;
}

bool sha256_hex(const void *data, size_t size, char out[SHA256_HEX_SIZE])
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    out[0] = '\0';
    return EVP_Digest(data, size, digest, &length, EVP_sha256(), NULL) &&
           write_hex(digest, length, out);
}

bool sha256_hex_file(FILE *file, char out[SHA256_HEX_SIZE])
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    out[0] = '\0';
    EVP_MD_CTX *context = EVP_MD_CTX_new();
    unsigned char *piece = malloc(FILE_PIECE);
    bool ok = context && piece && EVP_DigestInit_ex(context, EVP_sha256(), NULL);
    size_t got;
    while (ok && (got = fread(piece, 1, FILE_PIECE, file)) > 0)
        ok = EVP_DigestUpdate(context, piece, got);
    ok = ok && !ferror(file) && EVP_DigestFinal_ex(context, digest, &length) &&
         write_hex(digest, length, out);
    EVP_MD_CTX_free(context);
    free(piece);
    return ok;
}

struct sha256_stream *sha256_begin(void)
{
    EVP_MD_CTX *context = EVP_MD_CTX_new();
    if (context && !EVP_DigestInit_ex(context, EVP_sha256(), NULL)) {
        EVP_MD_CTX_free(context);
        context = NULL;
    }
    return (struct sha256_stream *)context;
}

bool sha256_add(struct sha256_stream *stream, const void *data, size_t size)
{
    return stream && EVP_DigestUpdate((EVP_MD_CTX *)stream, data, size);
}

bool sha256_finish(struct sha256_stream *stream, char out[SHA256_HEX_SIZE])
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    out[0] = '\0';
    bool ok = stream && EVP_DigestFinal_ex((EVP_MD_CTX *)stream, digest, &length) &&
              write_hex(digest, length, out);
    EVP_MD_CTX_free((EVP_MD_CTX *)stream);
    return ok;
}
