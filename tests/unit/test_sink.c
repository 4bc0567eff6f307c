/* test_sink.c — the sinks a run writes into: a folder written atomically
 * (the same files and messages as util/atomic.h's writes), a ZIP streamed to a
 * pipe (read back by unzip and libzip, the same bytes each time), memory. */
#include "test_support.h"

#include "util/atomic.h"
#include "engine/sink.h"
#include "package/sha256.h"
#include "package/zip_stream.h"
#include "util/file.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <zip.h>

/* ------------------------------------------------------------ helpers */

/* A new empty folder in /tmp (heap path). */
static char *scratch_folder(void)
{
    char *path = strdup("/tmp/stagedoc-sink-XXXXXX");
    assert_non_null(mkdtemp(path));
    return path;
}

static void remove_tree(const char *path)
{
    struct strbuf command = STRBUF_INIT;
    strbuf_printf(&command, "rm -rf '%s'", path);
    assert_int_equal(system(strbuf_str(&command)), 0);
    strbuf_free(&command);
}

/* How many entries of folder start with '.' (temporaries), and how many
 * do not. */
static void count_entries(const char *folder, int *hidden, int *shown)
{
    *hidden = *shown = 0;
    DIR *dir = opendir(folder);
    assert_non_null(dir);
    for (struct dirent *entry; (entry = readdir(dir));) {
        if (!strcmp(entry->d_name, ".") || !strcmp(entry->d_name, ".."))
            continue;
        (*(entry->d_name[0] == '.' ? hidden : shown))++;
    }
    closedir(dir);
}

static unsigned char *read_all(const char *path, size_t *size)
{
    char *bytes = NULL;
    assert_int_equal(file_read_all(path, (size_t)1 << 30, &bytes, size), FILE_OK);
    return (unsigned char *)bytes;
}

/* Some bytes that are not all alike, of any size. */
static unsigned char *pattern(size_t size, unsigned seed)
{
    unsigned char *bytes = malloc(size ? size : 1);
    assert_non_null(bytes);
    for (size_t i = 0; i < size; i++)
        bytes[i] = (unsigned char)((i * 2654435761u + seed) >> 13);
    return bytes;
}

/* ------------------------------------------------------------ folder */

static void directory_sink_writes_files_atomically(void **state)
{
    (void)state;
    char *root = scratch_folder();
    struct strbuf out = STRBUF_INIT, folder = STRBUF_INIT, path = STRBUF_INIT;
    strbuf_printf(&out, "%s/sortie/neuve", root); /* created as named */
    struct sd_sink *sink = sd_sink_directory(strbuf_str(&out));
    assert_string_equal(sink_directory(sink), strbuf_str(&out));

    assert_true(sink_begin(sink, "ET27-001_NOM_Prénom/convention.pdf"));
    assert_true(sink_write(sink, "%PDF-", 5));
    strbuf_printf(&folder, "%s/ET27-001_NOM_Prénom", strbuf_str(&out));
    int hidden, shown;
    count_entries(strbuf_str(&folder), &hidden, &shown);
    assert_int_equal(hidden, 1); /* the temporary, not yet the file */
    assert_int_equal(shown, 0);
    assert_true(sink_write(sink, "1.7\n", 4));
    struct sink_output written;
    assert_true(sink_end(sink, &written));
    count_entries(strbuf_str(&folder), &hidden, &shown);
    assert_int_equal(hidden, 0);
    assert_int_equal(shown, 1);

    strbuf_printf(&path, "%s/convention.pdf", strbuf_str(&folder));
    assert_string_equal(written.shown, strbuf_str(&path));
    assert_string_equal(written.name, "ET27-001_NOM_Prénom/convention.pdf");
    assert_int_equal(written.size, 9);
    char expected[SHA256_HEX_SIZE];
    assert_true(sha256_hex("%PDF-1.7\n", 9, expected));
    assert_string_equal(written.sha256, expected);
    size_t size;
    unsigned char *bytes = read_all(strbuf_str(&path), &size);
    assert_int_equal(size, 9);
    assert_memory_equal(bytes, "%PDF-1.7\n", 9);
    free(bytes);
    struct stat st;
    assert_int_equal(stat(strbuf_str(&path), &st), 0);
    assert_int_equal(st.st_mode & 0777, 0644);

    /* put replaces the file as a whole. */
    assert_true(sink_put(sink, "ET27-001_NOM_Prénom/convention.pdf", "autre", 5, &written));
    bytes = read_all(strbuf_str(&path), &size);
    assert_int_equal(size, 5);
    free(bytes);
    assert_true(sink_commit(sink));
    assert_string_equal(sd_sink_error(sink), "");
    sd_sink_free(sink);
    remove_tree(root);
    free(root);
    strbuf_free(&out);
    strbuf_free(&folder);
    strbuf_free(&path);
}

static void every_sink_refuses_names_that_leave_it(void **state)
{
    (void)state;
    char *root = scratch_folder();
    struct strbuf out = STRBUF_INIT;
    strbuf_printf(&out, "%s/out", root);
    struct sd_sink *sinks[3] = {sd_sink_directory(strbuf_str(&out)), sd_sink_zip(-1, 0),
                                sd_sink_memory()};
    const char *bad[] = {"../x", "a/../../x", "/etc/passwd", ".cache", "a/.b", "a\x01b", "",
                         "a//b", "a/"};
    for (size_t k = 0; k < 3; k++) {
        for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
            assert_false(sink_put(sinks[k], bad[i], "x", 1, NULL));
            assert_true(*sink_reason(sinks[k]));
        }
        assert_non_null(strstr(sd_sink_error(sinks[k]), "« .. » sortirait du dossier"));
        /* A refused name does not stop the next file. */
        if (k != 1) { /* the ZIP's descriptor is not one */
            assert_true(sink_put(sinks[k], "bon.pdf", "x", 1, NULL));
            assert_string_equal(sink_reason(sinks[k]), "");
        }
        assert_non_null(strstr(sd_sink_error(sinks[k]), "../x"));
        sd_sink_free(sinks[k]);
    }
    int hidden, shown;
    count_entries(root, &hidden, &shown);
    assert_int_equal(hidden + shown, 1); /* out alone: nothing beside it */
    remove_tree(root);
    free(root);
    strbuf_free(&out);
}

/* The folder sink says what atomic_write_under says, word for word. */
static void directory_sink_says_what_atomic_writes_say(void **state)
{
    (void)state;
    char *root = scratch_folder();
    struct strbuf out = STRBUF_INIT, link = STRBUF_INIT;
    strbuf_printf(&out, "%s/out", root);
    strbuf_printf(&link, "%s/out/lien", root);
    assert_int_equal(mkdir(strbuf_str(&out), 0755), 0);
    assert_int_equal(symlink("/tmp", strbuf_str(&link)), 0);
    const char *names[] = {"../x.pdf", "lien/x.pdf", "a/\x7f.pdf"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        struct strbuf error = STRBUF_INIT;
        assert_false(atomic_write_under(strbuf_str(&out), names[i], "x", 1, &error));
        struct sd_sink *sink = sd_sink_directory(strbuf_str(&out));
        assert_false(sink_put(sink, names[i], "x", 1, NULL));
        assert_string_equal(sink_reason(sink), strbuf_str(&error));
        assert_string_equal(sd_sink_error(sink), strbuf_str(&error));
        sd_sink_free(sink);
        strbuf_free(&error);
    }
    remove_tree(root);
    free(root);
    strbuf_free(&out);
    strbuf_free(&link);
}

static void abort_leaves_no_hidden_temporary(void **state)
{
    (void)state;
    char *root = scratch_folder();
    struct sd_sink *sink = sd_sink_directory(root);
    assert_true(sink_put(sink, "fait.pdf", "fait", 4, NULL));
    assert_true(sink_begin(sink, "inacheve.pdf"));
    assert_true(sink_write(sink, "moitié", 7));
    int hidden, shown;
    count_entries(root, &hidden, &shown);
    assert_int_equal(hidden, 1);
    sink_abort(sink);
    count_entries(root, &hidden, &shown);
    assert_int_equal(hidden, 0);
    assert_int_equal(shown, 1); /* a file already ended stays */
    assert_false(sink_begin(sink, "apres.pdf")); /* the run is over */
    assert_false(sink_end(sink, NULL));
    sd_sink_free(sink);

    /* Freed with a file open: its temporary goes too. */
    sink = sd_sink_directory(root);
    assert_true(sink_begin(sink, "oublie.pdf"));
    sd_sink_free(sink);
    count_entries(root, &hidden, &shown);
    assert_int_equal(hidden, 0);
    assert_int_equal(shown, 1);
    remove_tree(root);
    free(root);
}

static void a_failed_file_stays_failed_until_its_end(void **state)
{
    (void)state;
    struct sd_sink *sink = sd_sink_memory();
    assert_false(sink_begin(sink, "../x"));
    char first[200];
    snprintf(first, sizeof first, "%s", sink_reason(sink));
    assert_false(sink_write(sink, "x", 1));
    assert_false(sink_end(sink, NULL));
    assert_string_equal(sink_reason(sink), first);
    /* Misuse says so and does not crash. */
    assert_false(sink_write(sink, "x", 1));
    assert_non_null(strstr(sink_reason(sink), "erreur de stagedoc"));
    assert_false(sink_end(sink, NULL));
    /* A failed file needs no end before the next. */
    assert_false(sink_begin(sink, "a/../b"));
    assert_true(sink_put(sink, "b.pdf", "b", 1, NULL));
    /* A file begun over one still open: both are lost, and it says so. */
    assert_true(sink_begin(sink, "premier.pdf"));
    assert_false(sink_begin(sink, "second.pdf"));
    assert_non_null(strstr(sink_reason(sink), "avant la fin de premier.pdf"));
    assert_false(sink_end(sink, NULL));
    assert_true(sink_begin(sink, "ouvert.pdf"));
    assert_false(sink_commit(sink));
    assert_non_null(strstr(sink_reason(sink), "ouvert.pdf"));
    assert_string_equal(sd_sink_error(sink), first);
    assert_int_equal(sd_sink_memory_count(sink), 1);
    sd_sink_free(sink);
}

/* ------------------------------------------------------------ memory */

static void memory_sink_keeps_files_in_order(void **state)
{
    (void)state;
    struct sd_sink *sink = sd_sink_memory();
    assert_null(sink_directory(sink));
    struct sink_output written;
    assert_true(sink_put(sink, "b/deux.pdf", "deux", 4, &written));
    assert_string_equal(written.shown, "b/deux.pdf");
    assert_true(sink_begin(sink, "a/un.pdf"));
    assert_true(sink_write(sink, "u", 1));
    assert_true(sink_write(sink, NULL, 0));
    assert_true(sink_write(sink, "n", 1));
    assert_true(sink_end(sink, &written));
    assert_int_equal(written.size, 2);
    assert_true(sink_put(sink, "vide.txt", NULL, 0, &written));
    char expected[SHA256_HEX_SIZE];
    assert_true(sha256_hex("", 0, expected));
    assert_string_equal(written.sha256, expected);
    assert_true(sink_commit(sink));

    assert_int_equal(sd_sink_memory_count(sink), 3);
    const char *wanted[][2] = {{"b/deux.pdf", "deux"}, {"a/un.pdf", "un"}, {"vide.txt", ""}};
    for (size_t i = 0; i < 3; i++) {
        const char *name;
        const unsigned char *bytes;
        size_t size;
        assert_true(sd_sink_memory_file(sink, i, &name, &bytes, &size));
        assert_string_equal(name, wanted[i][0]);
        assert_int_equal(size, strlen(wanted[i][1]));
        assert_memory_equal(bytes, wanted[i][1], size);
    }
    const char *name;
    const unsigned char *bytes;
    size_t size;
    assert_false(sd_sink_memory_file(sink, 3, &name, &bytes, &size));
    sd_sink_free(sink);
}

/* ------------------------------------------------------------ ZIP */

struct entry_spec {
    const char *name;
    size_t size;
};

/* The sizes cross the 64 KiB of a pipe's buffer, so the writer waits for
 * its reader, as behind a web server. */
static const struct entry_spec entries[] = {
    {"ET27-001_NOM_Prénom.zip", 200000},
    {"vide.txt", 0},
    {"dossier/sous-dossier/convention.pdf", 70001},
    {"index.tsv", 31},
};
#define ENTRY_COUNT (sizeof entries / sizeof *entries)
#define ZIP_DATE 1710506096 /* 2024-03-15 12:34:56 UTC */

/* Writes the test's entries through a ZIP sink to fd, some in pieces. */
static void write_entries(int fd)
{
    struct sd_sink *sink = sd_sink_zip(fd, ZIP_DATE);
    for (size_t i = 0; i < ENTRY_COUNT; i++) {
        unsigned char *bytes = pattern(entries[i].size, (unsigned)i);
        struct sink_output written;
        if (i % 2 == 0) {
            assert_true(sink_begin(sink, entries[i].name));
            for (size_t at = 0; at < entries[i].size; at += 4096) {
                size_t piece = entries[i].size - at < 4096 ? entries[i].size - at : 4096;
                assert_true(sink_write(sink, bytes + at, piece));
            }
            assert_true(sink_end(sink, &written));
        } else {
            assert_true(sink_put(sink, entries[i].name, bytes, entries[i].size, &written));
        }
        char expected[SHA256_HEX_SIZE];
        assert_true(sha256_hex(bytes, entries[i].size, expected));
        assert_string_equal(written.sha256, expected);
        assert_string_equal(written.shown, entries[i].name);
        assert_int_equal(written.size, entries[i].size);
        free(bytes);
    }
    assert_true(sink_commit(sink));
    assert_string_equal(sd_sink_error(sink), "");
    sd_sink_free(sink);
}

/* The ZIP written to a new file in /tmp (heap path). */
static char *zip_to_file(void)
{
    char *path = strdup("/tmp/stagedoc-sink-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    write_entries(fd);
    close(fd);
    return path;
}

/* The ZIP written to a pipe, drained into a file by a child process. */
static char *zip_through_pipe(void)
{
    char *path = strdup("/tmp/stagedoc-sink-XXXXXX");
    int out = mkstemp(path);
    assert_true(out >= 0);
    int ends[2];
    assert_int_equal(pipe(ends), 0);
    pid_t child = fork();
    assert_true(child >= 0);
    if (child == 0) {
        close(ends[1]);
        char piece[1000]; /* smaller than the writer's: short reads on its side */
        ssize_t got;
        while ((got = read(ends[0], piece, sizeof piece)) > 0)
            if (!file_write_all(out, piece, (size_t)got))
                _exit(1);
        _exit(got == 0 ? 0 : 1);
    }
    close(ends[0]);
    close(out);
    write_entries(ends[1]);
    close(ends[1]);
    int status;
    assert_int_equal(waitpid(child, &status, 0), child);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    return path;
}

static void unzip_accepts(const char *path)
{
    if (system("command -v unzip >/dev/null 2>&1") != 0) {
        fprintf(stderr, "unzip absent : vérification sautée\n");
        return;
    }
    struct strbuf command = STRBUF_INIT;
    strbuf_printf(&command, "unzip -tq '%s' >/dev/null", path);
    assert_int_equal(system(strbuf_str(&command)), 0);
    strbuf_free(&command);
}

static void libzip_reads_back(const char *path)
{
    int error = 0;
    zip_t *zip = zip_open(path, ZIP_RDONLY | ZIP_CHECKCONS, &error);
    assert_non_null(zip);
    assert_int_equal(zip_get_num_entries(zip, 0), ENTRY_COUNT);
    for (size_t i = 0; i < ENTRY_COUNT; i++) {
        assert_string_equal(zip_get_name(zip, i, ZIP_FL_ENC_RAW), entries[i].name);
        zip_stat_t st;
        assert_int_equal(zip_stat_index(zip, i, 0, &st), 0);
        assert_int_equal(st.size, entries[i].size);
        assert_int_equal(st.comp_method, ZIP_CM_STORE);
        unsigned char *expected = pattern(entries[i].size, (unsigned)i);
        unsigned char *got = malloc(entries[i].size + 1);
        zip_file_t *file = zip_fopen_index(zip, i, 0);
        assert_non_null(file);
        assert_int_equal(zip_fread(file, got, entries[i].size + 1), (zip_int64_t)entries[i].size);
        assert_memory_equal(got, expected, entries[i].size);
        zip_fclose(file);
        free(got);
        free(expected);
    }
    zip_close(zip);
}

static void zip_sink_streams_an_archive_others_read(void **state)
{
    (void)state;
    char *file = zip_to_file(), *piped = zip_through_pipe(), *again = zip_to_file();
    size_t file_size, piped_size, again_size;
    unsigned char *file_bytes = read_all(file, &file_size);
    unsigned char *piped_bytes = read_all(piped, &piped_size);
    unsigned char *again_bytes = read_all(again, &again_size);
    /* Same entries, same bytes: whether piped or not, whenever made. */
    assert_int_equal(piped_size, file_size);
    assert_memory_equal(piped_bytes, file_bytes, file_size);
    assert_int_equal(again_size, file_size);
    assert_memory_equal(again_bytes, file_bytes, file_size);
    /* The first local header: version 2.0, bits 3 and 11, stored, the
     * date's DOS time and day, sizes left to the data descriptor. */
    const unsigned char header[] = {'P', 'K', 3, 4, 20, 0, 0x08, 0x08, 0, 0,
                                    0x5C, 0x64, 0x6F, 0x58, 0, 0, 0, 0};
    assert_memory_equal(file_bytes, header, sizeof header);
    unzip_accepts(piped);
    libzip_reads_back(piped);
    unlink(file);
    unlink(piped);
    unlink(again);
    free(file);
    free(piped);
    free(again);
    free(file_bytes);
    free(piped_bytes);
    free(again_bytes);
}

static void zip_dates_are_clamped_to_dos(void **state)
{
    (void)state;
    uint16_t day, time;
    zip_dos_date_time(ZIP_DATE, &day, &time);
    assert_int_equal(day, (44 << 9) | (3 << 5) | 15);
    assert_int_equal(time, (12 << 11) | (34 << 5) | 28);
    zip_dos_date_time(0, &day, &time); /* 1970: before DOS, 1980-01-01 */
    assert_int_equal(day, (0 << 9) | (1 << 5) | 1);
    assert_int_equal(time, 0);
    zip_dos_date_time(-86400, &day, &time);
    assert_int_equal(day, (1 << 5) | 1);
    zip_dos_date_time(INT64_MAX, &day, &time); /* 2107-12-31 23:59:58 */
    assert_int_equal(day, (127 << 9) | (12 << 5) | 31);
    assert_int_equal(time, (23 << 11) | (59 << 5) | 29);
    zip_dos_date_time(951782400, &day, &time); /* 2000-02-29 00:00:00 */
    assert_int_equal(day, (20 << 9) | (2 << 5) | 29);
}

static void zip_sink_says_when_the_reader_is_gone(void **state)
{
    (void)state;
    void (*previous)(int) = signal(SIGPIPE, SIG_IGN); /* as the front ends do */
    int ends[2];
    assert_int_equal(pipe(ends), 0);
    close(ends[0]);
    struct sd_sink *sink = sd_sink_zip(ends[1], 0);
    assert_false(sink_begin(sink, "a.pdf"));
    assert_non_null(strstr(sink_reason(sink), "fermé la connexion"));
    /* The stream is broken: every later call says why. */
    assert_false(sink_put(sink, "b.pdf", "b", 1, NULL));
    assert_non_null(strstr(sink_reason(sink), "fermé la connexion"));
    assert_false(sink_commit(sink));
    assert_non_null(strstr(sd_sink_error(sink), "fermé la connexion"));
    sd_sink_free(sink);
    close(ends[1]);
    signal(SIGPIPE, previous);
}

static void zip_stream_refuses_what_needs_zip64(void **state)
{
    (void)state;
    int fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
    assert_true(fd >= 0);
    struct strbuf error = STRBUF_INIT;
    struct zip_stream *zip = zip_stream_new(fd, 0);
    for (unsigned i = 0; i < ZIP_STREAM_MAX_ENTRIES; i++) {
        char name[16];
        snprintf(name, sizeof name, "%u", i);
        assert_true(zip_stream_begin(zip, name, &error));
        assert_true(zip_stream_end(zip, &error));
        if (i == 1) { /* a name twice: refused, and the stream goes on */
            assert_false(zip_stream_begin(zip, "0", &error));
            assert_non_null(strstr(strbuf_str(&error), "déjà dans l'archive"));
            strbuf_reset(&error);
        }
    }
    assert_false(zip_stream_begin(zip, "un-de-trop", &error));
    assert_non_null(strstr(strbuf_str(&error), "65 535 fichiers"));
    strbuf_reset(&error);
    assert_true(zip_stream_finish(zip, &error)); /* the 65,535 before stay whole */
    zip_stream_free(zip);

    /* 4 GiB of data, written to /dev/null a mebibyte at a time. */
    zip = zip_stream_new(fd, 0);
    size_t piece = 1 << 20;
    unsigned char *bytes = calloc(1, piece);
    assert_true(zip_stream_begin(zip, "grand.zip", &error));
    bool ok = true;
    for (int i = 0; i < 4096 && ok; i++)
        ok = zip_stream_write(zip, bytes, piece, &error);
    assert_false(ok);
    assert_true(zip_stream_offset(zip) <= 0xFFFFFFFEu);
    assert_true(zip_stream_offset(zip) > 0xFFFFFFFEu - piece);
    assert_non_null(strstr(strbuf_str(&error), "4 Gio"));
    strbuf_reset(&error);
    assert_false(zip_stream_finish(zip, &error));
    assert_non_null(strstr(strbuf_str(&error), "4 Gio"));
    free(bytes);
    zip_stream_free(zip);
    strbuf_free(&error);
    close(fd);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(directory_sink_writes_files_atomically),
        cmocka_unit_test(every_sink_refuses_names_that_leave_it),
        cmocka_unit_test(directory_sink_says_what_atomic_writes_say),
        cmocka_unit_test(abort_leaves_no_hidden_temporary),
        cmocka_unit_test(a_failed_file_stays_failed_until_its_end),
        cmocka_unit_test(memory_sink_keeps_files_in_order),
        cmocka_unit_test(zip_sink_streams_an_archive_others_read),
        cmocka_unit_test(zip_dates_are_clamped_to_dos),
        cmocka_unit_test(zip_sink_says_when_the_reader_is_gone),
        cmocka_unit_test(zip_stream_refuses_what_needs_zip64),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
