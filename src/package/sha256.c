/* sha256.c — one EVP digest over a buffer. */
#include "sha256.h"

#include <stdio.h>
#include <openssl/evp.h>

bool sha256_hex(const void *data, size_t size, char out[SHA256_HEX_SIZE])
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    out[0] = '\0';
    if (!EVP_Digest(data, size, digest, &length, EVP_sha256(), NULL) || length != 32)
        return false;
    for (unsigned i = 0; i < length; i++)
        snprintf(out + 2 * i, 3, "%02x", digest[i]);
    return true;
}
