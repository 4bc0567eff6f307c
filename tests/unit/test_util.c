/* test_util.c — identifiers' checksums, ASCII folding, strings, growable
 * arrays, data files. */
#include "test_support.h"

#include "rules/identifiers.h"
#include "util/array.h"
#include "util/atomic.h"
#include "util/datafile.h"
#include "util/dirlist.h"
#include "util/file.h"
#include "util/fold.h"
#include "util/termtext.h"

#include <fcntl.h>
#include <sys/stat.h>

static void checks_siret_with_luhn(void **state)
{
    (void)state;
    assert_int_equal(siret_check("73282932000074"), IDENTIFIER_OK);
    assert_int_equal(siret_check("73282932000075"), IDENTIFIER_BAD_CHECKSUM);
    assert_int_equal(siret_check("7328293200007"), IDENTIFIER_BAD_FORMAT);
    assert_int_equal(siret_check("7328293200007A"), IDENTIFIER_BAD_FORMAT);
    assert_int_equal(siret_check("732 829 320 00074"), IDENTIFIER_BAD_FORMAT);
    assert_int_equal(siret_check("35600000000051"), IDENTIFIER_OK);          /* La Poste */
    assert_int_equal(siret_check("35600000000052"), IDENTIFIER_BAD_CHECKSUM);
}

static void checks_uai_letters(void **state)
{
    (void)state;
    char expected = 0;
    assert_int_equal(uai_check("0330031E", &expected), IDENTIFIER_OK);
    assert_int_equal(uai_check("0330031A", &expected), IDENTIFIER_BAD_CHECKSUM);
    assert_int_equal(expected, 'E');
    assert_int_equal(uai_check("0690128P", &expected), IDENTIFIER_OK);
    assert_int_equal(uai_check("033003E", &expected), IDENTIFIER_BAD_FORMAT);
    assert_int_equal(uai_check("0330031e", &expected), IDENTIFIER_BAD_FORMAT);
}

static void checks_naf_form(void **state)
{
    (void)state;
    assert_true(naf_is_well_formed("43.21A"));
    assert_false(naf_is_well_formed("4321A"));
    assert_false(naf_is_well_formed("43.21a"));
    assert_false(naf_is_well_formed("43.2A"));
}

static void folds_names_to_ascii(void **state)
{
    (void)state;
    const char *cases[][2] = {
        {"N'Diaye Aïssatou", "N'Diaye Aissatou"}, {"Lefèvre", "Lefevre"},
        {"Œuvre Straße", "OEuvre Strasse"},      {"Nguyễn Thị Ánh", "Nguyen Thi Anh"},
        {"Łukasz Wójcik", "Lukasz Wojcik"},      {"Çağrı Öztürk", "Cagri Ozturk"},
        {"Ελένη", "_____"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *folded = fold_ascii(cases[i][0]);
        assert_string_equal(folded, cases[i][1]);
        free(folded);
    }
    char *compared = fold_for_comparison("  Lycée  GUSTAVE-Eiffel ");
    assert_string_equal(compared, "lycee gustave eiffel");
    free(compared);
}

static void builds_strings_of_any_length(void **state)
{
    (void)state;
    struct strbuf sb = STRBUF_INIT;
    assert_string_equal(strbuf_str(&sb), "");
    for (int i = 0; i < 1000; i++)
        strbuf_printf(&sb, "%03d", i);
    assert_int_equal(sb.len, 3000);
    assert_memory_equal(sb.data + 2997, "999", 3);
    char *text = strbuf_detach(&sb);
    assert_int_equal(strlen(text), 3000);
    assert_int_equal(sb.len, 0);
    free(text);
}

struct collected {
    int lines[8];
    int count;
};

static bool collect(const struct datafile_record *record, void *context, struct strbuf *error)
{
    struct collected *collected = context;
    if (strcmp(record->fields[0], "stop") == 0) {
        strbuf_puts(error, "arrêt demandé");
        return false;
    }
    collected->lines[collected->count++] = record->line;
    return record->count == 2;
}

static void reads_data_files_skipping_comments(void **state)
{
    (void)state;
    const char text[] = "# comment\n\na\t1\r\n  # indented comment\nb\t2\nstop\n";
    char *path = test_write_temp(text, sizeof text - 1);
    struct collected collected = {{0}, 0};
    struct strbuf error = STRBUF_INIT;
    assert_false(datafile_read(path, collect, &collected, &error));
    assert_int_equal(collected.count, 2);
    assert_int_equal(collected.lines[0], 3);
    assert_int_equal(collected.lines[1], 5);
    assert_non_null(strstr(strbuf_str(&error), ":6: arrêt demandé"));
    unlink(path);
    free(path);
    strbuf_free(&error);
}

/* A file name made from data stays one name in its folder. */
static void refuses_names_that_leave_the_folder(void **state)
{
    (void)state;
    assert_null(atomic_name_problem("convention.pdf"));
    assert_null(atomic_relative_problem("LMM27-007_MARCHAND_Theo/grille-U51.pdf"));
    const char *refused[] = {"", ".", "..", ".cache.pdf", "a/b", "a\x1B[31m", "a\rb"};
    for (size_t i = 0; i < sizeof refused / sizeof *refused; i++)
        assert_non_null(atomic_name_problem(refused[i]));
    const char *paths[] = {"../../x.pdf", "/etc/x", "a//b", "a/", "a/../b", "a/.b"};
    for (size_t i = 0; i < sizeof paths / sizeof *paths; i++)
        assert_non_null(atomic_relative_problem(paths[i]));
}

static char *scratch_folder(void)
{
    char *dir = strdup("/tmp/stagedoc-test-XXXXXX");
    assert_non_null(mkdtemp(dir));
    return dir;
}

static void run_in(const char *dir, const char *command)
{
    char line[512];
    snprintf(line, sizeof line, "cd '%s' && %s", dir, command);
    assert_int_equal(system(line), 0);
}

/* Below the output folder, a link or a FIFO is never written through nor
 * replaced; a plain file is. */
static void writes_below_a_folder_without_following_links(void **state)
{
    (void)state;
    char *dir = scratch_folder();
    run_in(dir, "mkdir out elsewhere && ln -s ../elsewhere out/lien && mkfifo out/tube");
    struct strbuf error = STRBUF_INIT;
    assert_true(atomic_write_under(dir, "out/eleve/a.pdf", "x", 1, &error));
    assert_false(atomic_write_under(dir, "out/lien/a.pdf", "x", 1, &error));
    assert_non_null(strstr(strbuf_str(&error), "lien symbolique"));
    strbuf_reset(&error);
    assert_false(atomic_write_under(dir, "out/tube", "x", 1, &error));
    assert_non_null(strstr(strbuf_str(&error), "tube"));
    strbuf_reset(&error);
    assert_false(atomic_write_under(dir, "out/../x.pdf", "x", 1, &error));
    run_in(dir, "test -z \"$(ls -A elsewhere)\" && test -p out/tube && test -f out/eleve/a.pdf"
                " && test -z \"$(find . -name '.*' ! -name .)\" && test ! -e x.pdf");
    run_in(dir, "rm -r out elsewhere");
    rmdir(dir);
    free(dir);
    strbuf_free(&error);
}

/* A file written in pieces: nothing under its name until committed, no
 * hidden temporary left whether committed or abandoned. */
static void writes_in_pieces_then_renames_or_removes(void **state)
{
    (void)state;
    char *dir = scratch_folder();
    struct strbuf error = STRBUF_INIT;
    struct atomic_file file;
    assert_true(atomic_begin_under(dir, "out/a.zip", &file, &error));
    assert_true(atomic_file_write(&file, "un ", 3, &error));
    run_in(dir, "test ! -e out/a.zip");
    assert_true(atomic_file_write(&file, "deux", 4, &error));
    assert_true(atomic_commit(&file, &error));
    assert_true(atomic_begin_under(dir, "out/a.zip", &file, &error));
    assert_true(atomic_file_write(&file, "trois", 5, &error));
    atomic_abandon(&file);
    run_in(dir, "test \"$(cat out/a.zip)\" = 'un deux' && test -z \"$(find . -name '.*' ! -name .)\"");
    run_in(dir, "rm -r out");
    rmdir(dir);
    free(dir);
    strbuf_free(&error);
}

/* What the walk does not read comes back with its reason, in path order. */
static void walks_without_following_links_and_says_what_it_skipped(void **state)
{
    (void)state;
    char *dir = scratch_folder();
    run_in(dir, "mkdir -p w/sous && touch w/a.pdf w/sous/b.PDF w/.cache.pdf w/.x.pdf.abc123 "
                "&& ln -s /etc w/etc && ln -s a.pdf w/c.pdf && mkfifo w/f.pdf");
    char *root = path_join(dir, "w");
    struct path_list list;
    struct dirlist_skipped skipped;
    struct strbuf error = STRBUF_INIT;
    assert_true(dirlist_find_checked(root, ".pdf", &list, &skipped, &error));
    assert_int_equal(list.count, 2);
    assert_non_null(strstr(list.paths[0], "/w/a.pdf"));
    assert_non_null(strstr(list.paths[1], "/w/sous/b.PDF"));
    assert_int_equal(skipped.list.count, 4); /* .cache.pdf, c.pdf, etc, f.pdf */
    assert_int_equal(skipped.reasons[0], DIRLIST_HIDDEN);
    assert_int_equal(skipped.reasons[1], DIRLIST_LINK);
    assert_int_equal(skipped.reasons[2], DIRLIST_LINK);
    assert_int_equal(skipped.reasons[3], DIRLIST_NOT_REGULAR);
    path_list_free(&list);
    dirlist_skipped_free(&skipped);
    run_in(dir, "rm -r w");
    rmdir(dir);
    free(root);
    free(dir);
    strbuf_free(&error);
}

static void escapes_untrusted_text(void **state)
{
    (void)state;
    char *safe = termtext_escape("Eve\x1B]0;x\x07\r\tÉlise", 0);
    assert_string_equal(safe, "Eve\\x1B]0;x\\x07\\x0D\\x09Élise");
    free(safe);
}

static void grows_arrays_by_doubling_and_keeps_their_items(void **state)
{
    (void)state;
    int *items = NULL;
    size_t count = 0, capacity = 0;
    assert_true(ARRAY_GROW(items, capacity, count)); /* nothing needed: nothing made */
    assert_null(items);
    assert_int_equal(capacity, 0);
    for (int i = 0; i < 1000; i++) {
        size_t before = capacity;
        assert_true(ARRAY_GROW(items, capacity, count + 1));
        assert_true(capacity == before || capacity == (before ? 2 * before : ARRAY_FIRST_CAPACITY));
        items[count++] = i;
    }
    assert_int_equal(capacity, 1024);
    for (int i = 0; i < 1000; i++)
        assert_int_equal(items[i], i);

    int *same = items;
    assert_true(ARRAY_GROW(items, capacity, 1024)); /* room enough: untouched */
    assert_ptr_equal(items, same);
    assert_int_equal(capacity, 1024);
    assert_true(ARRAY_GROW(items, capacity, 5000)); /* more than double: what is needed */
    assert_int_equal(capacity, 5000);
    for (int i = 0; i < 1000; i++)
        assert_int_equal(items[i], i);
    free(items);
}

static void refuses_array_sizes_that_overflow(void **state)
{
    (void)state;
    struct wide {
        char bytes[16];
    } *items = NULL;
    size_t capacity = 0;
    assert_true(ARRAY_GROW(items, capacity, 3));
    memcpy(items[2].bytes, "gardé", sizeof "gardé");
    struct wide *before = items;
    size_t too_many = SIZE_MAX / sizeof *items + 1; /* their bytes overflow a size_t */
    assert_false(ARRAY_GROW(items, capacity, too_many));
    assert_ptr_equal(items, before);
    assert_int_equal(capacity, ARRAY_FIRST_CAPACITY);
    assert_string_equal(items[2].bytes, "gardé");
    assert_false(ARRAY_GROW(items, capacity, SIZE_MAX));
    assert_ptr_equal(items, before);
    free(items);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(checks_siret_with_luhn),
        cmocka_unit_test(checks_uai_letters),
        cmocka_unit_test(checks_naf_form),
        cmocka_unit_test(folds_names_to_ascii),
        cmocka_unit_test(builds_strings_of_any_length),
        cmocka_unit_test(grows_arrays_by_doubling_and_keeps_their_items),
        cmocka_unit_test(refuses_array_sizes_that_overflow),
        cmocka_unit_test(reads_data_files_skipping_comments),
        cmocka_unit_test(refuses_names_that_leave_the_folder),
        cmocka_unit_test(writes_below_a_folder_without_following_links),
        cmocka_unit_test(writes_in_pieces_then_renames_or_removes),
        cmocka_unit_test(walks_without_following_links_and_says_what_it_skipped),
        cmocka_unit_test(escapes_untrusted_text),
    };
    return cmocka_run_group_tests_name("util", tests, NULL, NULL);
}
