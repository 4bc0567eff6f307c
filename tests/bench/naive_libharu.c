/* naive_libharu.c — the floor `make bench` compares stagedoc with: what a
 * plain libharu program costs for the same text, embedding the whole
 * DejaVu Sans TTF in every document, as libharu does when asked to embed.
 *
 *   naive_libharu FONT.ttf OUT_DIR TEXT_FILE...
 *
 * Each TEXT_FILE (UTF-8, form feeds between pages, as pdftotext writes it)
 * becomes OUT_DIR/<n>.pdf: A4, 10 pt lines, no layout beyond cutting long
 * lines. Prints "documents bytes" on stdout. Not part of stagedoc. */
#include <hpdf.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void on_error(HPDF_STATUS error, HPDF_STATUS detail, void *data)
{
    (void)data;
    fprintf(stderr, "naive_libharu: libharu error %04X (%u)\n", (unsigned)error, (unsigned)detail);
    exit(1);
}

static char *read_text(const char *path)
{
    FILE *file = fopen(path, "rb");
    if (!file)
        return NULL;
    fseek(file, 0, SEEK_END);
    long size = ftell(file);
    rewind(file);
    char *text = malloc((size_t)size + 1);
    if (text && fread(text, 1, (size_t)size, file) != (size_t)size) {
        free(text);
        text = NULL;
    }
    if (text)
        text[size] = '\0';
    fclose(file);
    return text;
}

static HPDF_Page new_page(HPDF_Doc pdf, HPDF_Font font)
{
    HPDF_Page page = HPDF_AddPage(pdf);
    HPDF_Page_SetSize(page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
    HPDF_Page_BeginText(page);
    HPDF_Page_SetFontAndSize(page, font, 10);
    HPDF_Page_SetTextLeading(page, 12);
    HPDF_Page_MoveTextPos(page, 50, 800);
    return page;
}

/* One document: the font loaded and embedded whole, the text line by line. */
static long write_document(const char *font_path, const char *text, const char *out_path)
{
    HPDF_Doc pdf = HPDF_New(on_error, NULL);
    HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
    HPDF_UseUTFEncodings(pdf);
    HPDF_SetCurrentEncoder(pdf, "UTF-8");
    const char *name = HPDF_LoadTTFontFromFile(pdf, font_path, HPDF_TRUE);
    HPDF_Font font = HPDF_GetFont(pdf, name, "UTF-8");
    HPDF_Page page = new_page(pdf, font);
    int lines = 0;
    for (const char *line = text; *line;) {
        size_t length = strcspn(line, "\n\f");
        char buffer[512];
        size_t kept = length < sizeof buffer - 1 ? length : sizeof buffer - 1;
        memcpy(buffer, line, kept);
        buffer[kept] = '\0';
        bool page_break = line[length] == '\f' || ++lines > 64;
        if (page_break) {
            HPDF_Page_EndText(page);
            page = new_page(pdf, font);
            lines = 0;
        }
        HPDF_Page_ShowText(page, buffer);
        HPDF_Page_MoveToNextLine(page);
        line += length + (line[length] != '\0');
    }
    HPDF_Page_EndText(page);
    HPDF_SaveToFile(pdf, out_path);
    HPDF_Free(pdf);
    FILE *file = fopen(out_path, "rb");
    long size = -1;
    if (file && fseek(file, 0, SEEK_END) == 0)
        size = ftell(file);
    if (file)
        fclose(file);
    return size;
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fputs("usage: naive_libharu FONT.ttf OUT_DIR TEXT_FILE...\n", stderr);
        return 2;
    }
    long total = 0;
    for (int i = 3; i < argc; i++) {
        char *text = read_text(argv[i]);
        char out_path[4096];
        snprintf(out_path, sizeof out_path, "%s/%d.pdf", argv[2], i - 2);
        long size = text ? write_document(argv[1], text, out_path) : -1;
        free(text);
        if (size < 0) {
            fprintf(stderr, "naive_libharu: %s: cannot make %s\n", argv[i], out_path);
            return 1;
        }
        total += size;
    }
    printf("%d %ld\n", argc - 3, total);
    return 0;
}
