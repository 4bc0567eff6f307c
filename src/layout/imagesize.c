/* imagesize.c — the pixel size of a PNG or JPEG file read from its header
 * (PNG's IHDR chunk, JPEG's first SOFn segment), so that images keep their
 * aspect ratio without a decoding library, and so that an image too large
 * to decode within the memory budget is refused before anything decodes
 * it (a 64-megapixel logo took 542 MiB in libharu). */
#include "engine.h"

#include <stdio.h>
#include <string.h>

#include "../util/file.h"

static unsigned be16(const unsigned char *p)
{
    return (unsigned)p[0] << 8 | p[1];
}

static unsigned be32(const unsigned char *p)
{
    return (unsigned)p[0] << 24 | (unsigned)p[1] << 16 | (unsigned)p[2] << 8 | p[3];
}

/* Walks the JPEG segments from after SOI up to the frame header. */
static bool jpeg_size(FILE *file, unsigned *width, unsigned *height)
{
    if (fseek(file, 2, SEEK_SET) != 0)
        return false;
    for (;;) {
        int marker = fgetc(file);
        if (marker != 0xFF)
            return false;
        while ((marker = fgetc(file)) == 0xFF)
            ; /* fill bytes */
        if (marker == EOF || marker == 0xD9 || marker == 0xDA)
            return false; /* end of image or scan data before any frame */
        if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8))
            continue; /* markers without a length */
        unsigned char length[2], frame[5];
        if (fread(length, 1, 2, file) != 2 || be16(length) < 2)
            return false;
        bool sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 &&
                   marker != 0xCC;
        if (sof) {
            if (fread(frame, 1, 5, file) != 5)
                return false;
            *height = be16(frame + 1);
            *width = be16(frame + 3);
            return true;
        }
        if (fseek(file, (long)be16(length) - 2, SEEK_CUR) != 0)
            return false;
    }
}

/* Past the budget: the size and what to do, in the message. */
static bool too_many_pixels(const char *path, unsigned width, unsigned height,
                            struct strbuf *error)
{
    unsigned long long pixels = (unsigned long long)width * height;
    if (pixels <= IMAGE_MAX_PIXELS)
        return false;
    unsigned long long tenths = pixels / 100000; /* of a megapixel, written 64,0 */
    strbuf_printf(error,
                  "image trop grande : %s fait %u × %u pixels (%llu,%llu mégapixels), au-delà de la "
                  "limite de %d mégapixels. À faire : réduisez l'image (un logo imprimé sur "
                  "quelques centimètres n'a pas besoin de plus de 1000 pixels de large) et "
                  "relancez",
                  path, width, height, tenths / 10, tenths % 10, IMAGE_MAX_PIXELS / 1000000);
    return true;
}

bool image_pixel_size(const char *path, unsigned *width, unsigned *height, struct strbuf *error)
{
    enum file_status status = FILE_NOT_FOUND;
    FILE *file = path ? file_open_regular(path, &status) : NULL;
    if (!file) {
        if (status == FILE_NOT_REGULAR)
            strbuf_printf(error, "image %s : %s", path, file_status_message(status));
        else
            strbuf_printf(error, "image introuvable : %s", path ? path : "(aucun chemin)");
        return false;
    }
    unsigned char head[24];
    size_t got = fread(head, 1, sizeof head, file);
    bool ok = false;
    *width = *height = 0;
    if (got == sizeof head && memcmp(head, "\x89PNG\r\n\x1a\n", 8) == 0 &&
        memcmp(head + 12, "IHDR", 4) == 0) {
        *width = be32(head + 16);
        *height = be32(head + 20);
        ok = true;
    } else if (got >= 4 && head[0] == 0xFF && head[1] == 0xD8) {
        ok = jpeg_size(file, width, height);
    }
    fclose(file);
    if (!ok || *width == 0 || *height == 0) {
        strbuf_printf(error, "image illisible (PNG ou JPEG attendu) : %s", path);
        return false;
    }
    return !too_many_pixels(path, *width, *height, error);
}
