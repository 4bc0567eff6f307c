/* test_public.h — helpers for the unit tests that use the engine through
 * its public header alone (stagedoc.h), as a front end does: where the
 * templates are, and a sample file's bytes. */
#ifndef STAGEDOC_TEST_PUBLIC_H
#define STAGEDOC_TEST_PUBLIC_H

#include <stdio.h>
#include <stdlib.h>

static inline const char *templates_dir(void)
{
    const char *dir = getenv("TEMPLATES_DIR");
    return dir && *dir ? dir : "templates";
}

/* A sample file's bytes (heap, NUL-terminated). */
static inline char *read_sample(const char *path, size_t *size)
{
    FILE *file = fopen(path, "rb");
    assert_non_null(file);
    assert_int_equal(fseek(file, 0, SEEK_END), 0);
    long length = ftell(file);
    assert_true(length > 0);
    rewind(file);
    char *bytes = malloc((size_t)length + 1);
    assert_non_null(bytes);
    assert_int_equal(fread(bytes, 1, (size_t)length, file), (size_t)length);
    bytes[length] = '\0';
    fclose(file);
    *size = (size_t)length;
    return bytes;
}

#endif
