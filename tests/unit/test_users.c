/* test_users.c — the logins file of `stagedoc serve --users`
 * (serve/users.h): a login added then checked through an HTTP Basic
 * header (right and wrong password, unknown login, malformed headers), a
 * login replaced, a malformed line named by its number, the file's mode,
 * its bounds, and the cache that spares a browser's repeated requests a
 * full PBKDF2, from several threads at once. */
#include "test_support.h"

#include "serve/users.h"

#include <pthread.h>
#include <sys/stat.h>
#include <time.h>

#include <openssl/evp.h>

#define FEW_ITERATIONS 1000u /* the least the file admits: fast tests */

static char folder[64];
static char path[128];

static int make_folder(void **state)
{
    (void)state;
    strcpy(folder, "/tmp/stagedoc-users-XXXXXX");
    assert_non_null(mkdtemp(folder));
    snprintf(path, sizeof path, "%s/utilisateurs", folder);
    return 0;
}

static int remove_folder(void **state)
{
    (void)state;
    char command[128];
    snprintf(command, sizeof command, "rm -rf '%s'", folder);
    return system(command) == 0 ? 0 : -1;
}

/* Each test starts without a file. */
static int no_file(void **state)
{
    (void)state;
    unlink(path);
    return 0;
}

/* "Basic " + base64(credentials), in header (room for 512 bytes). */
static const char *basic(char header[512], const char *credentials)
{
    strcpy(header, "Basic ");
    EVP_EncodeBlock((unsigned char *)header + 6, (const unsigned char *)credentials,
                    (int)strlen(credentials));
    return header;
}

static bool check(struct users *users, const char *credentials)
{
    char header[512];
    return users_check_basic(users, basic(header, credentials));
}

static void add(const char *name, const char *password)
{
    struct strbuf error = STRBUF_INIT;
    bool ok = users_add_iterations(path, name, password, FEW_ITERATIONS, &error);
    if (!ok)
        fprintf(stderr, "users_add: %s\n", strbuf_str(&error));
    assert_true(ok);
    strbuf_free(&error);
}

static struct users *load(void)
{
    struct users *users = NULL;
    struct strbuf error = STRBUF_INIT;
    bool ok = users_load(path, &users, &error);
    if (!ok)
        fprintf(stderr, "users_load: %s\n", strbuf_str(&error));
    assert_true(ok);
    strbuf_free(&error);
    return users;
}

static void write_file(const char *text)
{
    FILE *file = fopen(path, "w");
    assert_non_null(file);
    fputs(text, file);
    fclose(file);
}

static char *read_file(void)
{
    char *text = NULL;
    size_t size;
    FILE *file = fopen(path, "r");
    assert_non_null(file);
    assert_int_equal(getdelim(&text, &size, '\0', file) > 0, 1);
    fclose(file);
    return text;
}

/* The message users_load gives for the file text; the load must fail. */
static char *load_error(const char *text)
{
    write_file(text);
    struct users *users = NULL;
    struct strbuf error = STRBUF_INIT;
    assert_false(users_load(path, &users, &error));
    assert_null(users);
    return strbuf_detach(&error);
}

static void added_login_checks(void **state)
{
    (void)state;
    add("alice", "cheval correct batterie");
    struct users *users = load();
    assert_true(check(users, "alice:cheval correct batterie"));
    assert_false(check(users, "alice:cheval correct batteri"));
    assert_false(check(users, "alice:"));
    assert_false(check(users, "bob:cheval correct batterie"));
    assert_false(check(users, "Alice:cheval correct batterie"));
    char header[512];
    basic(header, "alice:cheval correct batterie");
    memcpy(header, "bAsIc", 5); /* the scheme's case does not matter */
    assert_true(users_check_basic(users, header));
    users_free(users);
}

static void malformed_headers_are_refused(void **state)
{
    (void)state;
    add("alice", "cheval correct batterie");
    struct users *users = load();
    char header[512];
    assert_false(users_check_basic(users, NULL));
    assert_false(users_check_basic(users, ""));
    assert_false(users_check_basic(users, "Basic"));
    assert_false(users_check_basic(users, "Basic "));
    assert_false(users_check_basic(users, "Bearer YWxpY2U6eA=="));
    assert_false(users_check_basic(users, "BasicYWxpY2U6eA=="));
    /* Not base64: a stray '=', a letter outside the alphabet, a cut group. */
    assert_false(users_check_basic(users, "Basic YWxp=2U6eA=="));
    assert_false(users_check_basic(users, "Basic YWxpY2U6eA!="));
    assert_false(users_check_basic(users, "Basic YWxpY2U6eA="));
    /* Something after the token. */
    basic(header, "alice:cheval correct batterie");
    strcat(header, " x");
    assert_false(users_check_basic(users, header));
    /* No colon between name and password. */
    assert_false(check(users, "alicecheval correct batterie"));
    /* A NUL byte inside. */
    assert_false(users_check_basic(users, "Basic YWxpY2UAOmNoZXZhbA=="));
    /* Far too long. */
    char *huge = malloc(20000);
    assert_non_null(huge);
    memcpy(huge, "Basic ", 6);
    memset(huge + 6, 'A', 20000 - 7);
    huge[19999] = '\0';
    assert_false(users_check_basic(users, huge));
    free(huge);
    users_free(users);
}

static void unknown_login_costs_a_full_hash(void **state)
{
    (void)state;
    add("alice", "cheval correct batterie");
    struct users *users = load();
    assert_int_equal(users_full_hashes(users), 0);
    assert_false(check(users, "mallory:cheval correct batterie"));
    assert_int_equal(users_full_hashes(users), 1);
    assert_false(check(users, "alice:mauvais mot de passe"));
    assert_int_equal(users_full_hashes(users), 2);
    users_free(users);
}

static void second_check_uses_the_cache(void **state)
{
    (void)state;
    add("alice", "cheval correct batterie");
    add("bob", "un autre mot de passe");
    struct users *users = load();
    assert_true(check(users, "alice:cheval correct batterie"));
    assert_int_equal(users_full_hashes(users), 1);
    for (int i = 0; i < 5; i++)
        assert_true(check(users, "alice:cheval correct batterie"));
    assert_int_equal(users_full_hashes(users), 1);
    /* A wrong password is never answered from the cache... */
    assert_false(check(users, "alice:cheval correct batterix"));
    assert_int_equal(users_full_hashes(users), 2);
    /* ...nor another login's. */
    assert_false(check(users, "bob:cheval correct batterie"));
    assert_int_equal(users_full_hashes(users), 3);
    assert_true(check(users, "alice:cheval correct batterie"));
    assert_int_equal(users_full_hashes(users), 3);
    users_free(users);
}

static double seconds_since(const struct timespec *start)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

/* users_add as the server's --add-user calls it: 600000 iterations, a
 * first check that costs them, a second one that does not. */
static void real_cost_then_cached(void **state)
{
    (void)state;
    struct strbuf error = STRBUF_INIT;
    assert_true(users_add(path, "alice", "cheval correct batterie", &error));
    strbuf_free(&error);
    char *text = read_file();
    assert_non_null(strstr(text, "alice:pbkdf2-sha256:600000:"));
    free(text);
    struct users *users = load();
    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    assert_true(check(users, "alice:cheval correct batterie"));
    double first = seconds_since(&start);
    clock_gettime(CLOCK_MONOTONIC, &start);
    assert_true(check(users, "alice:cheval correct batterie"));
    double second = seconds_since(&start);
    fprintf(stderr, "PBKDF2-SHA256, 600000 itérations : %.3f s ; depuis le cache : %.6f s\n",
            first, second);
    assert_true(second < first / 10);
    users_free(users);
}

static void replacing_a_login_keeps_the_rest(void **state)
{
    (void)state;
    write_file("# logins de la section\n\n");
    add("alice", "premier mot de passe");
    add("bob", "celui de bob, assez long");
    add("alice", "second mot de passe");
    char *text = read_file();
    const char *start = "# logins de la section\n\nalice:";
    assert_int_equal(strncmp(text, start, strlen(start)), 0);
    assert_non_null(strstr(text, "\nbob:"));
    assert_null(strstr(strstr(text, "alice:") + 1, "alice:")); /* one alice line */
    free(text);
    struct users *users = load();
    assert_false(check(users, "alice:premier mot de passe"));
    assert_true(check(users, "alice:second mot de passe"));
    assert_true(check(users, "bob:celui de bob, assez long"));
    users_free(users);
}

static void new_file_is_private(void **state)
{
    (void)state;
    add("alice", "cheval correct batterie");
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    /* A file a group may read stays so; others lose their access. */
    assert_int_equal(chmod(path, 0644), 0);
    add("bob", "celui de bob, assez long");
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0640);
    /* No temporary left beside it. */
    char command[160];
    snprintf(command, sizeof command, "test $(ls -A '%s' | wc -l) -eq 1", folder);
    assert_int_equal(system(command), 0);
}

#define GOOD_SALT "c2VsZGUxNm9jdGV0c3Nz"
#define GOOD_HASH "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="

static void assert_line_error(const char *text, const char *expected)
{
    char *message = load_error(text);
    if (!strstr(message, expected))
        fprintf(stderr, "expected « %s » in: %s\n", expected, message);
    assert_non_null(strstr(message, expected));
    assert_non_null(strstr(message, "À faire"));
    free(message);
}

static void malformed_line_gives_its_number(void **state)
{
    (void)state;
    const char *good = "alice:pbkdf2-sha256:1000:" GOOD_SALT ":" GOOD_HASH "\n";
    struct strbuf text = STRBUF_INIT;
    strbuf_printf(&text, "# commentaire\n\n%sbob:md5:1000:" GOOD_SALT ":" GOOD_HASH "\n", good);
    assert_line_error(strbuf_str(&text), "utilisateurs, ligne 4 : l'algorithme");
    strbuf_reset(&text);
    strbuf_printf(&text, "%sbob:pbkdf2-sha256:12:" GOOD_SALT ":" GOOD_HASH "\n", good);
    assert_line_error(strbuf_str(&text), "ligne 2 : le nombre d'itérations");
    assert_line_error("bob:pbkdf2-sha256:1000:pas du base64:" GOOD_HASH "\n", "ligne 1 : le sel");
    assert_line_error("bob:pbkdf2-sha256:1000:" GOOD_SALT ":YWJj\n", "ligne 1 : l'empreinte");
    assert_line_error("bob:pbkdf2-sha256:1000:" GOOD_SALT "\n", "ligne 1 : la ligne n'a pas");
    assert_line_error("b b:pbkdf2-sha256:1000:" GOOD_SALT ":" GOOD_HASH "\n", "ligne 1 : le nom");
    strbuf_reset(&text);
    strbuf_printf(&text, "%s# encore\n%s", good, good);
    assert_line_error(strbuf_str(&text), "ligne 3 : le nom « alice » est déjà celui de la ligne 1");
    assert_line_error("# personne\n", "aucun login");
    strbuf_free(&text);
    /* A CRLF file reads as well. */
    write_file("alice:pbkdf2-sha256:1000:" GOOD_SALT ":" GOOD_HASH "\r\n");
    users_free(load());
}

static void adding_refuses_bad_names_passwords_and_files(void **state)
{
    (void)state;
    struct strbuf error = STRBUF_INIT;
    assert_false(users_add_iterations(path, "", "cheval correct batterie", 1000, &error));
    assert_false(users_add_iterations(path, "élodie", "cheval correct batterie", 1000, &error));
    assert_false(users_add_iterations(path, "a:b", "cheval correct batterie", 1000, &error));
    char long_name[70];
    memset(long_name, 'a', 65);
    long_name[65] = '\0';
    assert_false(users_add_iterations(path, long_name, "cheval correct batterie", 1000, &error));
    long_name[64] = '\0';
    assert_true(users_add_iterations(path, long_name, "cheval correct batterie", 1000, &error));
    assert_true(users_add_iterations(path, "j.dupont-2@lycee_x", "cheval correct batterie", 1000,
                                     &error));
    assert_false(users_add_iterations(path, "bob", "court", 1000, &error));
    assert_non_null(strstr(strbuf_str(&error), "moins de 10 caractères"));
    /* Ten characters, not ten bytes: "éééééééééé" is 20 bytes, 10 characters. */
    assert_true(users_add_iterations(path, "bob", "éééééééééé", 1000, &error));
    assert_false(users_add_iterations(path, "carol", "ééééééééé", 1000, &error));
    /* A broken file is not carried on, nor changed. */
    const char *broken = "alice:pbkdf2-sha256:1000:" GOOD_SALT ":" GOOD_HASH "\nn'importe quoi\n";
    write_file(broken);
    strbuf_reset(&error);
    assert_false(users_add_iterations(path, "bob", "cheval correct batterie", 1000, &error));
    assert_non_null(strstr(strbuf_str(&error), "ligne 2"));
    char *text = read_file();
    assert_string_equal(text, broken);
    free(text);
    strbuf_free(&error);
}

static void file_is_bounded(void **state)
{
    (void)state;
    struct strbuf text = STRBUF_INIT;
    for (int i = 0; i < 10001; i++)
        strbuf_puts(&text, "#\n");
    char *message = load_error(strbuf_str(&text));
    assert_non_null(strstr(message, "plus de 10000 lignes"));
    free(message);
    strbuf_reset(&text);
    for (int i = 0; i < 1100; i++)
        strbuf_printf(&text, "# %1020d\n", i);
    message = load_error(strbuf_str(&text));
    assert_non_null(strstr(message, "1 Mio"));
    free(message);
    strbuf_free(&text);
    struct users *users = NULL;
    struct strbuf error = STRBUF_INIT;
    unlink(path);
    assert_false(users_load(path, &users, &error));
    assert_non_null(strstr(strbuf_str(&error), "--add-user"));
    assert_false(users_load("-", &users, &error)); /* not standard input */
    strbuf_free(&error);
}

struct checker {
    struct users *users;
    int passed;
};

static void *check_many(void *argument)
{
    struct checker *checker = argument;
    for (int i = 0; i < 50; i++)
        checker->passed += check(checker->users, i % 2 ? "alice:cheval correct batterie"
                                                       : "bob:celui de bob, assez long");
    return NULL;
}

static void checks_from_several_threads(void **state)
{
    (void)state;
    add("alice", "cheval correct batterie");
    add("bob", "celui de bob, assez long");
    struct users *users = load();
    pthread_t threads[8];
    struct checker checkers[8];
    for (int i = 0; i < 8; i++) {
        checkers[i] = (struct checker){.users = users};
        assert_int_equal(pthread_create(&threads[i], NULL, check_many, &checkers[i]), 0);
    }
    for (int i = 0; i < 8; i++) {
        assert_int_equal(pthread_join(threads[i], NULL), 0);
        assert_int_equal(checkers[i].passed, 50);
    }
    /* At most one full hash per thread and login before the cache knew. */
    assert_true(users_full_hashes(users) <= 16);
    users_free(users);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(added_login_checks, no_file),
        cmocka_unit_test_setup(malformed_headers_are_refused, no_file),
        cmocka_unit_test_setup(unknown_login_costs_a_full_hash, no_file),
        cmocka_unit_test_setup(second_check_uses_the_cache, no_file),
        cmocka_unit_test_setup(real_cost_then_cached, no_file),
        cmocka_unit_test_setup(replacing_a_login_keeps_the_rest, no_file),
        cmocka_unit_test_setup(new_file_is_private, no_file),
        cmocka_unit_test_setup(malformed_line_gives_its_number, no_file),
        cmocka_unit_test_setup(adding_refuses_bad_names_passwords_and_files, no_file),
        cmocka_unit_test_setup(file_is_bounded, no_file),
        cmocka_unit_test_setup(checks_from_several_threads, no_file),
    };
    return cmocka_run_group_tests(tests, make_folder, remove_folder);
}
