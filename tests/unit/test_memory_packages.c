/* test_memory_packages.c — verify reading packages as bytes in memory, as a
 * web server receives them, through stagedoc.h only: a package bundle
 * wrote into a memory sink is sound; the same bytes with one byte of a PDF
 * changed (its CRC-32 redone, so that the ZIP still reads) are caught by
 * the manifest's SHA-256, and by the index.tsv given in the options.
 *
 * Run from the repository root (make check does): templates/ and
 * samples/ are read there; TEMPLATES_DIR overrides the templates. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_public.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/stagedoc.h"

/* ------------------------------------------------------------ collecting */

struct collected {
    char rules[64][32];
    char files[64][128];
    char messages[64][512];
    size_t count;
    char data[4096];
};

static void on_diagnostic(void *user, const struct sd_diagnostic *d)
{
    struct collected *c = user;
    if (c->count == sizeof c->rules / sizeof *c->rules)
        return;
    snprintf(c->rules[c->count], sizeof c->rules[0], "%s", d->rule);
    snprintf(c->files[c->count], sizeof c->files[0], "%s", d->file ? d->file : "");
    snprintf(c->messages[c->count], sizeof c->messages[0], "%s", d->message);
    c->count++;
}

static void on_data(void *user, const char *text)
{
    struct collected *c = user;
    size_t used = strlen(c->data);
    snprintf(c->data + used, sizeof c->data - used, "%s", text);
}

/* The index of the first diagnostic of rule, or -1. */
static int find_rule(const struct collected *c, const char *rule)
{
    for (size_t i = 0; i < c->count; i++)
        if (strcmp(c->rules[i], rule) == 0)
            return (int)i;
    return -1;
}

/* ------------------------------------------------------------ the engine */

struct fixture {
    sd_engine *engine;
    sd_run *run;
    struct collected collected;
};

static void open_engine(struct fixture *f)
{
    memset(f, 0, sizeof *f);
    struct sd_config config = SD_CONFIG_INIT;
    config.templates_dir = templates_dir();
    config.fixed_date = 1798761600; /* 1 January 2027 */
    assert_int_equal(sd_engine_open(&config, &f->engine), SD_OK);
    struct sd_events events = SD_EVENTS_INIT;
    events.user = &f->collected;
    events.diagnostic = on_diagnostic;
    events.data = on_data;
    f->run = sd_run_new(f->engine, &events);
    assert_non_null(f->run);
}

static void close_engine(struct fixture *f)
{
    sd_run_free(f->run);
    sd_engine_close(f->engine);
}

/* ------------------------------------------------------------ a package */

struct package {
    char name[256];
    unsigned char *bytes;
    size_t size;
    char *index;   /* index.tsv's text */
};

static bool ends_with(const char *text, const char *end)
{
    size_t length = strlen(text), end_length = strlen(end);
    return length >= end_length && strcmp(text + length - end_length, end) == 0;
}

/* A sample's package, bundled into memory, and the index.tsv beside it. */
static void bundle_sample(const char *sample, struct package *package)
{
    struct fixture f;
    open_engine(&f);
    struct sd_sink *sink = sd_sink_memory();
    assert_non_null(sink);
    struct sd_input input = {.name = sample, .path = sample};
    struct sd_bundle_options options = SD_BUNDLE_INIT;
    assert_int_equal(sd_bundle(f.run, &input, 1, &options, sink), SD_OK);
    memset(package, 0, sizeof *package);
    const char *name;
    const unsigned char *bytes;
    size_t size;
    for (size_t i = 0; sd_sink_memory_file(sink, i, &name, &bytes, &size); i++) {
        if (ends_with(name, ".zip")) {
            snprintf(package->name, sizeof package->name, "%s", name);
            package->bytes = malloc(size);
            assert_non_null(package->bytes);
            memcpy(package->bytes, bytes, size);
            package->size = size;
        } else if (ends_with(name, "index.tsv")) {
            package->index = strndup((const char *)bytes, size);
        }
    }
    assert_non_null(package->bytes);
    assert_non_null(package->index);
    sd_sink_free(sink);
    close_engine(&f);
}

static void package_free(struct package *package)
{
    free(package->bytes);
    free(package->index);
}

/* ------------------------------------------------------------ changing a byte */

static uint32_t le32(const unsigned char *at)
{
    return (uint32_t)at[0] | (uint32_t)at[1] << 8 | (uint32_t)at[2] << 16 |
           (uint32_t)at[3] << 24;
}

static unsigned le16(const unsigned char *at)
{
    return (unsigned)at[0] | (unsigned)at[1] << 8;
}

static void put_le32(unsigned char *at, uint32_t value)
{
    for (int i = 0; i < 4; i++)
        at[i] = (unsigned char)(value >> (8 * i));
}

static uint32_t crc32_of(const unsigned char *bytes, size_t size)
{
    uint32_t crc = 0xFFFFFFFFu;
    for (size_t i = 0; i < size; i++) {
        crc ^= bytes[i];
        for (int bit = 0; bit < 8; bit++)
            crc = crc >> 1 ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
    return ~crc;
}

/* Changes a byte in the middle of the first stored PDF entry and writes
 * its new CRC-32 wherever the ZIP keeps it (central directory, local
 * header, data descriptor), so that only the manifest can tell. */
static void change_a_pdf_byte(unsigned char *zip, size_t size)
{
    size_t end = size - 22; /* the end record, with no comment */
    assert_int_equal(le32(zip + end), 0x06054b50u);
    size_t central = le32(zip + end + 16), entries = le16(zip + end + 10);
    for (size_t i = 0; i < entries; i++) {
        unsigned char *header = zip + central;
        assert_int_equal(le32(header), 0x02014b50u);
        unsigned name_length = le16(header + 28);
        size_t next = central + 46 + name_length + le16(header + 30) + le16(header + 32);
        bool pdf = name_length > 4 && memcmp(header + 46 + name_length - 4, ".pdf", 4) == 0;
        if (pdf && le16(header + 10) == 0 /* stored */) {
            unsigned char *local = zip + le32(header + 42);
            size_t length = le32(header + 20);
            unsigned char *data = local + 30 + le16(local + 26) + le16(local + 28);
            assert_true(length > 100);
            data[length / 2] ^= 0x20;
            uint32_t crc = crc32_of(data, length);
            put_le32(header + 16, crc);
            if (le16(local + 6) & 8) { /* a data descriptor follows the data */
                unsigned char *descriptor = data + length;
                put_le32(descriptor + (le32(descriptor) == 0x08074b50u ? 4 : 0), crc);
            } else {
                put_le32(local + 14, crc);
            }
            return;
        }
        central = next;
    }
    fail_msg("no stored PDF in the package");
}

/* ------------------------------------------------------------ tests */

/* A sound package given as bytes: SD_OK and its verdict, named by the
 * input's name. */
static void test_package_as_bytes_is_sound(void **state)
{
    (void)state;
    struct package package;
    bundle_sample("samples/scolaire-mineur.xml", &package);
    struct fixture f;
    open_engine(&f);
    struct sd_input input = {.name = package.name, .bytes = package.bytes,
                             .size = package.size};
    struct sd_verify_options options = SD_VERIFY_INIT;
    assert_int_equal(sd_verify(f.run, &input, 1, &options), SD_OK);
    assert_int_equal(f.collected.count, 0);
    char verdict[512];
    snprintf(verdict, sizeof verdict, "%s : complet et intact (", package.name);
    assert_memory_equal(f.collected.data, verdict, strlen(verdict));
    assert_non_null(strstr(f.collected.data, " pièces).\n"));
    close_engine(&f);
    package_free(&package);
}

/* The same bytes with a PDF byte changed: the manifest's SHA-256 catches
 * it; with the index.tsv given, the package's own digest too. */
static void test_changed_package_as_bytes(void **state)
{
    (void)state;
    struct package package;
    bundle_sample("samples/scolaire-mineur.xml", &package);
    change_a_pdf_byte(package.bytes, package.size);
    char index_path[] = "/tmp/test_memory_packages_XXXXXX";
    int fd = mkstemp(index_path);
    assert_true(fd >= 0);
    size_t index_length = strlen(package.index);
    assert_int_equal(write(fd, package.index, index_length), (ssize_t)index_length);
    close(fd);
    for (int with_index = 0; with_index < 2; with_index++) {
        struct fixture f;
        open_engine(&f);
        struct sd_input input = {.name = package.name, .bytes = package.bytes,
                                 .size = package.size};
        struct sd_verify_options options = SD_VERIFY_INIT;
        options.index = with_index ? index_path : NULL;
        assert_int_equal(sd_verify(f.run, &input, 1, &options), SD_INVALID);
        int sha256 = find_rule(&f.collected, "sha256");
        assert_true(sha256 >= 0);
        assert_string_equal(f.collected.files[sha256], package.name);
        assert_non_null(strstr(f.collected.messages[sha256], " : empreinte SHA-256 "));
        assert_non_null(strstr(f.collected.messages[sha256], "le contenu a changé."));
        assert_int_equal(find_rule(&f.collected, "donnees"), -1);
        assert_int_equal(find_rule(&f.collected, "index") >= 0, with_index);
        char verdict[512];
        snprintf(verdict, sizeof verdict, "%s : ", package.name);
        assert_memory_equal(f.collected.data, verdict, strlen(verdict));
        assert_non_null(strstr(f.collected.data, " problème"));
        close_engine(&f);
    }
    unlink(index_path);
    package_free(&package);
}

/* A package with neither a path nor bytes is a usage error. */
static void test_package_with_nothing_to_read(void **state)
{
    (void)state;
    struct fixture f;
    open_engine(&f);
    struct sd_input input = {.name = "rien.zip"};
    struct sd_verify_options options = SD_VERIFY_INIT;
    assert_int_equal(sd_verify(f.run, &input, 1, &options), SD_USAGE);
    assert_non_null(strstr(sd_run_error(f.run), "rien.zip"));
    close_engine(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_package_as_bytes_is_sound),
        cmocka_unit_test(test_changed_package_as_bytes),
        cmocka_unit_test(test_package_with_nothing_to_read),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
