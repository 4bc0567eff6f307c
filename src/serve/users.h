/* users.h — the logins of `stagedoc serve --users FICHIER`: reading the
 * file, checking an HTTP Basic Authorization header against it, adding a
 * login to it.
 *
 * The file holds one login a line,
 *     NAME:pbkdf2-sha256:ITERATIONS:SALT_BASE64:HASH_BASE64
 * with `#` comments and blank lines; HASH is PBKDF2-HMAC-SHA256 of the
 * password with SALT, 32 bytes. No password is ever stored. A check costs
 * the same work whether the login exists or not, and compares in constant
 * time; the logins a browser has already proved are remembered for the
 * life of the server as SHA-256(salt || password), so that its following
 * requests cost a hash, not a PBKDF2. */
#ifndef STAGEDOC_SERVE_USERS_H
#define STAGEDOC_SERVE_USERS_H

#include <stdbool.h>

#include "../util/strbuf.h"

/* What users_add writes: OWASP's figure for PBKDF2-SHA256 (2023), about
 * 0.2 s on the machine this was written on, paid once per login and
 * server run thanks to the cache. */
#define USERS_ITERATIONS 600000u
/* A new password has at least this many characters (UTF-8 code points). */
#define USERS_PASSWORD_MIN 10
/* Bounds of the file. */
#define USERS_FILE_MAX_BYTES (1024u * 1024u)
#define USERS_FILE_MAX_LINES 10000u

struct users;

/* Reads the file. False with a French message in *error (file, line, what
 * to do) when it cannot be read, has a malformed line or no login. */
bool users_load(const char *path, struct users **users, struct strbuf *error);
/* authorization: the value of an Authorization header ("Basic
 * base64(name:password)"), or NULL. True when it names a known login with
 * its password. Thread-safe. */
bool users_check_basic(struct users *users, const char *authorization);
void users_free(struct users *users);

/* Adds NAME to the file, or replaces its line, with a fresh 16-byte salt
 * and USERS_ITERATIONS; the file is created 0600 when missing, and
 * written atomically (comments and other lines kept as they are). Names:
 * 1 to 64 of [A-Za-z0-9._@-]; passwords: at least USERS_PASSWORD_MIN
 * characters. False with a French message in *error. */
bool users_add(const char *path, const char *name, const char *password, struct strbuf *error);

/* Why name cannot be a login, in French; NULL when it can. */
const char *users_name_problem(const char *name);
/* Why password cannot be a new one (too short, too long, a line end), in
 * French; NULL when it can. */
const char *users_password_problem(const char *password);

/* For the tests: users_add with another iteration count (at least
 * 1000), and how many full PBKDF2 computations checks have made so far. */
bool users_add_iterations(const char *path, const char *name, const char *password,
                          unsigned iterations, struct strbuf *error);
unsigned long users_full_hashes(struct users *users);

#endif
