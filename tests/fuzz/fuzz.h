/* fuzz.h — what the fuzz harnesses share: the libFuzzer entry points, the
 * project's templates folder, and a scratch folder per process where a
 * harness writes the bytes it is given as the file stagedoc would read.
 *
 * Each harness is built twice: with clang's libFuzzer (`make fuzz`), and
 * with replay.c as its main, which runs the committed corpus and the
 * regression inputs in `make check` and `make check-asan`. A harness must
 * not print: diagnostics go to stderr, which the runners discard. */
#ifndef STAGEDOC_TESTS_FUZZ_H
#define STAGEDOC_TESTS_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* $STAGEDOC_TEMPLATES, else the source tree's templates/ (set at build). */
const char *fuzz_templates_dir(void);
/* A folder of this process under /tmp, made on first use, removed at exit. */
const char *fuzz_scratch_dir(void);
/* Writes bytes to scratch/name (replacing it); returns the heap path. */
char *fuzz_write_scratch(const char *name, const uint8_t *data, size_t size);
/* A copy of the templates folder in scratch/name made of symbolic links,
 * one per file, so a harness can replace one file and keep the others. */
char *fuzz_mirror_templates(const char *name);
/* Replaces a file of a mirror with bytes (the link becomes a file). */
void fuzz_replace_in_mirror(const char *mirror, const char *relative, const uint8_t *data,
                            size_t size);

#endif
