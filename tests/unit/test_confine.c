/* test_confine.c — files opened under a root (util/confine.h): what stays
 * under it opens, what leads out (absolute path, "..", link) is refused
 * whether it exists or not; the same once a seccomp filter has taken
 * openat2 away, so that the realpath fallback is tried too. */
#define _GNU_SOURCE
#include "test_support.h"

#include "util/confine.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>

static char base[64]; /* base/up is the root; base/outside.pdf is not under it */
static char root[96], outside[96];

static void touch(const char *path)
{
    FILE *file = fopen(path, "w");
    assert_non_null(file);
    fputs("%PDF-1.4\n", file);
    fclose(file);
}

static int make_tree(void **state)
{
    (void)state;
    strcpy(base, "/tmp/stagedoc-confine-XXXXXX");
    assert_non_null(mkdtemp(base));
    snprintf(root, sizeof root, "%s/up", base);
    snprintf(outside, sizeof outside, "%s/outside.pdf", base);
    char path[160];
    assert_int_equal(mkdir(root, 0700), 0);
    snprintf(path, sizeof path, "%s/sub", root);
    assert_int_equal(mkdir(path, 0700), 0);
    snprintf(path, sizeof path, "%s/sub/rapport.pdf", root);
    touch(path);
    touch(outside);
    snprintf(path, sizeof path, "%s/out.pdf", root);
    assert_int_equal(symlink(outside, path), 0);
    snprintf(path, sizeof path, "%s/in.pdf", root);
    assert_int_equal(symlink("sub/rapport.pdf", path), 0);
    snprintf(path, sizeof path, "%s/haut", root);
    assert_int_equal(symlink("..", path), 0);
    return 0;
}

static int remove_tree(void **state)
{
    (void)state;
    char command[128];
    snprintf(command, sizeof command, "rm -rf '%s'", base);
    return system(command) == 0 ? 0 : -1;
}

/* Opens written from the root's folder: 1 opened, 0 missing or unreadable
 * under the root, -1 led out. */
static int opens(const char *folder, const char *written)
{
    struct confine_result result;
    int fd = confine_open(root, folder, written, &result);
    if (fd >= 0) {
        close(fd);
        return 1;
    }
    return result.outside ? -1 : 0;
}

static void check_all_cases(void)
{
    assert_int_equal(opens(root, "sub/rapport.pdf"), 1);
    assert_int_equal(opens(root, "in.pdf"), 1);
    assert_int_equal(opens(root, "sub/../sub/rapport.pdf"), 1);
    assert_int_equal(opens(root, "absent.pdf"), 0);
    assert_int_equal(opens(root, "sub"), 0);      /* a folder: not a file */
    assert_int_equal(opens(base, "up/sub/rapport.pdf"), 1); /* an input outside */
    char absolute[160];
    snprintf(absolute, sizeof absolute, "%s/sub/rapport.pdf", root);
    assert_int_equal(opens(root, absolute), 1);
    assert_int_equal(opens(root, outside), -1);
    assert_int_equal(opens(root, "../outside.pdf"), -1);
    assert_int_equal(opens(root, "sub/../../outside.pdf"), -1);
    assert_int_equal(opens(root, "out.pdf"), -1);
    assert_int_equal(opens(root, "haut/outside.pdf"), -1);
    assert_int_equal(opens(root, "/etc/passwd"), -1);
    assert_int_equal(opens(root, "/nulle-part/absent.pdf"), -1);
    assert_int_equal(opens(root, "../absent.pdf"), -1);
    assert_int_equal(opens(base, "outside.pdf"), -1);
    assert_int_equal(opens(root, "/proc/self/root/etc/passwd"), -1);
}

static void confines_with_openat2(void **state)
{
    (void)state;
    check_all_cases();
}

static void reads_whole_and_bounded(void **state)
{
    (void)state;
    struct confine_result result;
    char *data;
    size_t size;
    assert_true(confine_read_all(root, root, "in.pdf", 100, &data, &size, &result));
    assert_int_equal(size, 9);
    assert_string_equal(data, "%PDF-1.4\n");
    free(data);
    assert_false(confine_read_all(root, root, "in.pdf", 4, &data, &size, &result));
    assert_int_equal(result.status, FILE_TOO_LARGE);
    assert_false(confine_read_all(root, root, "out.pdf", 100, &data, &size, &result));
    assert_true(result.outside);
    /* No root: anywhere, as before. */
    assert_true(confine_read_all(NULL, root, "out.pdf", 100, &data, &size, &result));
    free(data);
    assert_false(confine_leads_out(NULL, root, "/etc/passwd"));
    assert_true(confine_leads_out(root, root, "/etc/passwd"));
}

/* Last: openat2 answers ENOSYS from here on, in this process. */
static void confines_without_openat2(void **state)
{
    (void)state;
#ifdef SYS_openat2
    struct sock_filter filter[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_openat2, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (ENOSYS & SECCOMP_RET_DATA)),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    };
    struct sock_fprog program = {sizeof filter / sizeof *filter, filter};
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
        prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &program) != 0)
        skip();
    assert_int_equal(syscall(SYS_openat2, AT_FDCWD, ".", NULL, 0), -1);
    assert_int_equal(errno, ENOSYS);
#endif
    check_all_cases();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(confines_with_openat2),
        cmocka_unit_test(reads_whole_and_bounded),
        cmocka_unit_test(confines_without_openat2),
    };
    return cmocka_run_group_tests(tests, make_tree, remove_tree);
}
