/* pdf_image.c — image files as image XObjects, each loaded once per
 * document.
 *
 * libharu 2.3.0 decodes PNG through libpng without a setjmp: any libpng
 * error (a truncated file, a bad CRC, an unknown critical chunk) makes libpng
 * call abort() and takes the whole process down. So a PNG is read here and
 * its structure checked first (signature, every chunk's CRC, IHDR values,
 * PLTE, IDAT, IEND), and only a well-formed file is handed to libharu, from
 * memory. libharu 2.3.0 also dereferences a null pointer on an RGB PNG with
 * a tRNS chunk (it takes colour type 2 for a palette: 2 & 3 != 0), so tRNS
 * is removed from gray and RGB images and its colour key given back to the
 * image as a /Mask [min max …] array, which is what it means in PDF.
 * JPEG is parsed by libharu itself, which reports errors normally.
 * For PDF/A-1, which forbids soft masks, an image with alpha is blended
 * onto white instead (flatten_alpha). */
#include "pdf_internal.h"

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "../util/array.h"
#include "../util/file.h"

/* Image files larger than this are refused (logos and signatures are far
 * smaller). */
#define IMAGE_MAX_BYTES (32u << 20)
/* Decoded size bound, in pixels. */
#define IMAGE_MAX_PIXELS (64u << 20)

static uint32_t read_be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static bool is_letter(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

struct png_info {
    int color_type, depth;
    size_t trns_at, trns_size; /* the tRNS chunk to leave out (size 0: none) */
    bool color_key;            /* gray or RGB: trns gives the transparent colour */
    unsigned key[3];
};

/* NULL when data is a PNG libpng will read without error, else why not. */
/* IHDR: a sane size, a depth allowed for the colour type, no interlace. */
static const char *check_header(const unsigned char *body, uint32_t len, struct png_info *info)
{
    if (len != 13)
        return "en-tête IHDR absent";
    uint32_t width = read_be32(body), height = read_be32(body + 4);
    int depth = body[8], color_type = body[9];
    if (width == 0 || height == 0 || width > 0x7FFFFFFFu || height > 0x7FFFFFFFu ||
        (uint64_t)width * height > IMAGE_MAX_PIXELS)
        return "dimensions invalides ou trop grandes";
    bool depth_ok = false;
    switch (color_type) {
    case 0: depth_ok = depth == 1 || depth == 2 || depth == 4 || depth == 8 || depth == 16; break;
    case 3: depth_ok = depth == 1 || depth == 2 || depth == 4 || depth == 8; break;
    case 2: case 4: case 6: depth_ok = depth == 8 || depth == 16; break;
    }
    if (!depth_ok || body[10] != 0 || body[11] != 0 || body[12] > 1)
        return "en-tête IHDR invalide";
    /* libharu 2.3.0 fails on every interlaced PNG, and then frees some of
     * them twice. */
    if (body[12] == 1)
        return "PNG entrelacé non pris en charge, à réenregistrer sans entrelacement";
    info->color_type = color_type;
    info->depth = depth;
    return NULL;
}

/* What has been met so far while walking the chunks. */
struct png_walk {
    bool palette, idat, iend;
};

/* tRNS: libharu mishandles it; gray and RGB images keep it as a colour key
 * (the chunk is left out when loading), palettes as they are. */
static const char *check_transparency(const unsigned char *body, uint32_t len, size_t at,
                                      const struct png_walk *walk, struct png_info *info)
{
    if (walk->idat || info->trns_size)
        return "transparence (tRNS) mal placée";
    if (info->color_type == 3)
        return !walk->palette || len > 256 ? "transparence (tRNS) invalide" : NULL;
    info->trns_at = at;
    info->trns_size = 12 + (size_t)len;
    if (info->color_type == 0 && len == 2) {
        info->color_key = true;
        info->key[0] = (unsigned)body[0] << 8 | body[1];
    } else if (info->color_type == 2 && len == 6) {
        info->color_key = true;
        for (int i = 0; i < 3; i++)
            info->key[i] = (unsigned)body[2 * i] << 8 | body[2 * i + 1];
    }
    return NULL;
}

static const char *check_chunk(const unsigned char *type, const unsigned char *body, uint32_t len,
                               size_t at, int index, struct png_walk *walk,
                               struct png_info *info)
{
    if (index == 0)
        return memcmp(type, "IHDR", 4) != 0 ? "en-tête IHDR absent"
                                            : check_header(body, len, info);
    if (memcmp(type, "IHDR", 4) == 0)
        return "en-tête IHDR répété";
    if (memcmp(type, "PLTE", 4) == 0) {
        walk->palette = true;
        return len == 0 || len % 3 != 0 || len > 768 || walk->idat ? "palette invalide" : NULL;
    }
    if (memcmp(type, "tRNS", 4) == 0)
        return check_transparency(body, len, at, walk, info);
    if (memcmp(type, "IDAT", 4) == 0) {
        if (info->color_type == 3 && !walk->palette)
            return "palette absente";
        /* The first data bytes must be a zlib header. */
        if (!walk->idat && len >= 2 &&
            ((body[0] & 0x0F) != 8 || (body[0] * 256u + body[1]) % 31 != 0))
            return "données compressées invalides";
        walk->idat = true;
        return NULL;
    }
    if (memcmp(type, "IEND", 4) == 0)
        walk->iend = true;
    else if (!(type[0] & 0x20))
        return "bloc critique inconnu";
    return NULL;
}

/* Walks every chunk: bounds, names, CRCs, then what each one says. */
static const char *png_inspect(const unsigned char *data, size_t size, struct png_info *info)
{
    static const unsigned char signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    memset(info, 0, sizeof *info);
    info->color_type = -1;
    if (size < 8 || memcmp(data, signature, 8) != 0)
        return "signature PNG absente";
    struct png_walk walk = {false, false, false};
    size_t at = 8;
    for (int index = 0; !walk.iend; index++) {
        if (size - at < 12)
            return "fichier tronqué";
        uint32_t len = read_be32(data + at);
        const unsigned char *type = data + at + 4;
        if (len > 0x7FFFFFFFu || size - at - 12 < len)
            return "fichier tronqué";
        for (int i = 0; i < 4; i++)
            if (!is_letter(type[i]))
                return "bloc PNG invalide";
        if (crc32(0, type, 4 + len) != read_be32(data + at + 8 + len))
            return "somme de contrôle (CRC) incorrecte";
        const char *problem = check_chunk(type, data + at + 8, len, at, index, &walk, info);
        if (problem)
            return problem;
        at += 12 + (size_t)len;
    }
    return walk.idat ? NULL : "aucune donnée d'image";
}

/* Loads a checked PNG, without its tRNS chunk when it has to go, and sets
 * the colour key mask. */
static HPDF_Image load_png(struct pdf_render *r, unsigned char *data, size_t size,
                           const struct png_info *info)
{
    if (info->trns_size) {
        memmove(data + info->trns_at, data + info->trns_at + info->trns_size,
                size - info->trns_at - info->trns_size);
        size -= info->trns_size;
    }
    HPDF_Image image = HPDF_LoadPngImageFromMem(r->pdf, data, (HPDF_UINT)size);
    if (!image || !info->color_key)
        return image;
    /* libharu turns 16-bit samples into 8-bit ones by dropping the low byte;
     * smaller gray depths stay as they are. */
    int channels = info->color_type == 2 ? 3 : 1;
    HPDF_Array mask = HPDF_Array_New(r->pdf->mmgr);
    HPDF_STATUS st = HPDF_Dict_Add(image, "Mask", mask);
    for (int i = 0; mask && i < channels; i++) {
        unsigned value = info->depth == 16 ? info->key[i] >> 8 : info->key[i];
        value &= (1u << (info->depth == 16 ? 8 : info->depth)) - 1;
        st |= HPDF_Array_AddNumber(mask, (HPDF_INT32)value);
        st |= HPDF_Array_AddNumber(mask, (HPDF_INT32)value);
    }
    return pdf_check_status(r, st, "masque d'image") ? image : NULL;
}

/* The whole of a stream libharu keeps in memory, in a heap buffer of
 * *size bytes; NULL when memory runs out. */
static HPDF_BYTE *stream_bytes(HPDF_Stream stream, HPDF_UINT *size)
{
    *size = HPDF_Stream_Size(stream);
    HPDF_BYTE *bytes = malloc(*size ? *size : 1);
    if (bytes && *size && (HPDF_Stream_Seek(stream, 0, HPDF_SEEK_SET) != HPDF_OK ||
                           HPDF_Stream_Read(stream, bytes, size) != HPDF_OK)) {
        free(bytes);
        return NULL;
    }
    return bytes;
}

/* PDF/A-1 forbids soft masks: an image with an alpha channel (libharu
 * gives it an /SMask) is blended onto white, as it shows on a white page,
 * and loses its mask. 8-bit gray and RGB samples, which is what libharu
 * makes of a gray or RGB PNG with alpha; anything else is refused. */
static bool flatten_alpha(struct pdf_render *r, HPDF_Image image, const char *path)
{
    HPDF_Dict mask = HPDF_Dict_GetItem(image, "SMask", HPDF_OCLASS_DICT);
    if (!mask)
        return true;
    const char *space = HPDF_Image_GetColorSpace(image);
    unsigned channels = space && strcmp(space, "DeviceRGB") == 0    ? 3
                        : space && strcmp(space, "DeviceGray") == 0 ? 1
                                                                    : 0;
    HPDF_UINT pixels = HPDF_Image_GetWidth(image) * HPDF_Image_GetHeight(image);
    if (!channels || HPDF_Image_GetBitsPerComponent(image) != 8)
        return pdf_fail(r, "image transparente non prise en charge en PDF/A (enregistrez-la "
                           "sans transparence, ou en RVB) : %s", path);
    HPDF_UINT color_size, alpha_size;
    HPDF_BYTE *color = stream_bytes(image->stream, &color_size);
    HPDF_BYTE *alpha = stream_bytes(mask->stream, &alpha_size);
    bool ok = color && alpha && color_size == pixels * channels && alpha_size == pixels;
    for (HPDF_UINT i = 0; ok && i < pixels; i++)
        for (unsigned c = 0; c < channels; c++) {
            unsigned value = color[i * channels + c], a = alpha[i];
            color[i * channels + c] = (HPDF_BYTE)((value * a + 255 * (255 - a) + 127) / 255);
        }
    if (ok) {
        HPDF_MemStream_FreeData(image->stream);
        ok = HPDF_Stream_Write(image->stream, color, color_size) == HPDF_OK &&
             HPDF_Dict_RemoveElement(image, "SMask") == HPDF_OK;
    }
    free(color);
    free(alpha);
    return ok || pdf_fail(r, "image transparente illisible : %s", path);
}

static HPDF_Image load_image(struct pdf_render *r, const char *path)
{
    char *data;
    size_t size;
    if (strcmp(path, "-") == 0) { /* file_read_all would read standard input */
        pdf_fail(r, "image introuvable ou illisible : %s", path);
        return NULL;
    }
    enum file_status status = file_read_all(path, IMAGE_MAX_BYTES, &data, &size);
    if (status == FILE_NOT_FOUND || status == FILE_UNREADABLE) {
        pdf_fail(r, "image introuvable ou illisible : %s", path);
        return NULL;
    }
    if (status != FILE_OK) {
        pdf_fail(r, "image %s : %s", path, file_status_message(status));
        return NULL;
    }
    unsigned char *bytes = (unsigned char *)data;
    HPDF_Image image = NULL;
    if (size >= 8 && memcmp(bytes, "\x89PNG", 4) == 0) {
        struct png_info info;
        const char *problem = png_inspect(bytes, size, &info);
        if (problem)
            pdf_fail(r, "image PNG invalide (%s) : %s", problem, path);
        else
            image = load_png(r, bytes, size, &info);
    } else if (size >= 4 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF) {
        image = HPDF_LoadJpegImageFromMem(r->pdf, bytes, (HPDF_UINT)size);
    } else {
        pdf_fail(r, "format d'image non pris en charge (PNG ou JPEG attendu) : %s", path);
    }
    free(data);
    if (image && r->options->pdfa && !flatten_alpha(r, image, path))
        return NULL;
    if (!image && !r->failed) {
        struct strbuf what = STRBUF_INIT;
        strbuf_printf(&what, "image %s", path);
        pdf_check(r, strbuf_str(&what));
        strbuf_free(&what);
        pdf_fail(r, "image illisible : %s", path);
    }
    return image;
}

HPDF_Image pdf_image(struct pdf_render *r, const char *path)
{
    /* A document has a handful of distinct images: a linear search. */
    for (size_t i = 0; i < r->image_count; i++)
        if (strcmp(r->images[i].path, path) == 0)
            return r->images[i].image;
    if (!ARRAY_GROW(r->images, r->image_cap, r->image_count + 1)) {
        pdf_fail(r, "mémoire insuffisante");
        return NULL;
    }
    HPDF_Image image = load_image(r, path);
    /* The path is copied: a page handed out by a page source (page_store.h)
     * is gone when the next one comes. */
    char *copy = image ? strdup(path) : NULL;
    if (image && !copy) {
        pdf_fail(r, "mémoire insuffisante");
        return NULL;
    }
    if (image)
        r->images[r->image_count++] = (struct pdf_image){copy, image};
    return image;
}
