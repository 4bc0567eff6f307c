/* users.c — the logins file of `stagedoc serve --users` (see users.h):
 * its lines read and checked, HTTP Basic credentials checked against them
 * with PBKDF2-HMAC-SHA256 in constant time, and a login added or replaced
 * atomically. */
#include "users.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <sys/stat.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "../util/atomic.h"
#include "../util/file.h"

#define ALGORITHM "pbkdf2-sha256"
#define NAME_MAX_BYTES 64
#define HASH_SIZE 32
#define SALT_SIZE 16 /* what users_add makes */
#define SALT_MIN 8
#define SALT_MAX 64
#define ITERATIONS_MIN 1000u
#define ITERATIONS_MAX 10000000u /* some seconds: a line cannot stall the server */
#define PASSWORD_MAX_BYTES 1024
/* The base64 of an Authorization header: room for a name and a long
 * password, no more. */
#define CREDENTIALS_BASE64_MAX 4096
#define TODO_REDO "refaites ce login avec « stagedoc serve --users FICHIER --add-user NOM », " \
                  "ou retirez la ligne"

struct user {
    char name[NAME_MAX_BYTES + 1];
    unsigned line;
    unsigned iterations;
    unsigned char salt[SALT_MAX];
    size_t salt_size;
    unsigned char hash[HASH_SIZE];
    /* The cache, guarded by users->lock: proved when a check with this
     * password passed, quick then holding SHA-256(salt || password). */
    bool proved;
    unsigned char quick[HASH_SIZE];
};

struct users {
    struct user *items; /* sorted by name */
    size_t count;
    struct user dummy; /* what an unknown login is hashed against */
    pthread_mutex_t lock;
    unsigned long full_hashes;
};

/* ---- base64 ---- */

static bool is_base64_letter(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           c == '+' || c == '/';
}

/* Decodes standard base64 with its '=' padding into out, which has room
 * for length / 4 * 3 bytes; the byte count, or -1 when text is not that. */
static long decode_base64(const char *text, size_t length, unsigned char *out)
{
    if (length == 0 || length % 4 != 0 || length > INT32_MAX)
        return -1;
    size_t padding = 0;
    for (size_t i = 0; i < length; i++) {
        if (text[i] == '=' && i + 2 >= length)
            padding++;
        else if (!is_base64_letter(text[i]) || padding)
            return -1;
    }
    int decoded = EVP_DecodeBlock(out, (const unsigned char *)text, (int)length);
    return decoded < 0 ? -1 : decoded - (long)padding;
}

/* ---- hashing ---- */

static bool derive(const struct user *user, const char *password, size_t size,
                   unsigned char out[HASH_SIZE])
{
    return PKCS5_PBKDF2_HMAC(password, (int)size, user->salt, (int)user->salt_size,
                             (int)user->iterations, EVP_sha256(), HASH_SIZE, out) == 1;
}

/* SHA-256(salt || password): what the cache remembers. False when it
 * cannot be computed (the cache is then not used). */
static bool quick_digest(const struct user *user, const char *password, size_t size,
                         unsigned char out[HASH_SIZE])
{
    unsigned char joined[SALT_MAX + PASSWORD_MAX_BYTES];
    if (size > PASSWORD_MAX_BYTES)
        return false;
    memcpy(joined, user->salt, user->salt_size);
    memcpy(joined + user->salt_size, password, size);
    bool ok = EVP_Digest(joined, user->salt_size + size, out, NULL, EVP_sha256(), NULL) == 1;
    OPENSSL_cleanse(joined, sizeof joined);
    return ok;
}

/* ---- names and passwords ---- */

static bool is_name_character(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           c == '.' || c == '_' || c == '@' || c == '-';
}

const char *users_name_problem(const char *name)
{
    size_t length = strlen(name);
    if (length == 0)
        return "le nom est vide";
    if (length > NAME_MAX_BYTES)
        return "le nom a plus de 64 caractères";
    for (const char *c = name; *c; c++)
        if (!is_name_character(*c))
            return "le nom n'admet que des lettres sans accent, des chiffres et . _ @ -";
    return NULL;
}

/* Characters of a UTF-8 text: bytes that do not continue another. */
static size_t characters(const char *text)
{
    size_t count = 0;
    for (const unsigned char *c = (const unsigned char *)text; *c; c++)
        count += (*c & 0xC0) != 0x80;
    return count;
}

/* ---- one line of the file ---- */

struct line {
    const char *text; /* not NUL-terminated */
    size_t length;    /* without the line end */
    unsigned number;
};

static bool is_blank_or_comment(const struct line *line)
{
    size_t i = 0;
    while (i < line->length && (line->text[i] == ' ' || line->text[i] == '\t'))
        i++;
    return i == line->length || line->text[i] == '#';
}

/* The fields of a login line, split at ':' (exactly five). */
static bool split_fields(const struct line *line, const char *field[5], size_t length[5])
{
    const char *start = line->text, *end = line->text + line->length;
    for (int i = 0; i < 5; i++) {
        const char *colon = memchr(start, ':', (size_t)(end - start));
        if ((colon != NULL) != (i < 4))
            return false;
        field[i] = start;
        length[i] = (size_t)((colon ? colon : end) - start);
        start = colon ? colon + 1 : end;
    }
    return true;
}

static bool parse_iterations(const char *text, size_t length, unsigned *iterations)
{
    unsigned long value = 0;
    if (length == 0 || length > 9)
        return false;
    for (size_t i = 0; i < length; i++) {
        if (text[i] < '0' || text[i] > '9')
            return false;
        value = value * 10 + (unsigned long)(text[i] - '0');
    }
    *iterations = (unsigned)value;
    return value >= ITERATIONS_MIN && value <= ITERATIONS_MAX;
}

/* A login line into user; NULL, or what is wrong with it. */
static const char *parse_user(const struct line *line, struct user *user)
{
    const char *field[5];
    size_t length[5];
    unsigned char buffer[CREDENTIALS_BASE64_MAX];
    *user = (struct user){.line = line->number};
    if (!split_fields(line, field, length))
        return "la ligne n'a pas la forme NOM:pbkdf2-sha256:ITÉRATIONS:SEL:EMPREINTE";
    if (length[0] > NAME_MAX_BYTES)
        return "le nom a plus de 64 caractères";
    memcpy(user->name, field[0], length[0]);
    const char *problem = users_name_problem(user->name);
    if (problem)
        return problem;
    if (length[1] != strlen(ALGORITHM) || memcmp(field[1], ALGORITHM, length[1]) != 0)
        return "l'algorithme n'est pas pbkdf2-sha256, le seul que stagedoc connaisse";
    if (!parse_iterations(field[2], length[2], &user->iterations))
        return "le nombre d'itérations n'est pas un entier de 1000 à 10000000";
    long salt = length[3] <= sizeof buffer / 3 * 4 ? decode_base64(field[3], length[3], buffer) : -1;
    if (salt < SALT_MIN || salt > SALT_MAX)
        return "le sel n'est pas le base64 de 8 à 64 octets";
    memcpy(user->salt, buffer, (size_t)salt);
    user->salt_size = (size_t)salt;
    long hash = length[4] <= sizeof buffer / 3 * 4 ? decode_base64(field[4], length[4], buffer) : -1;
    if (hash != HASH_SIZE)
        return "l'empreinte n'est pas le base64 de 32 octets";
    memcpy(user->hash, buffer, HASH_SIZE);
    return NULL;
}

/* ---- the whole file ---- */

/* Calls visit on every line of text (the last one may lack its line end);
 * false with the message in error when text breaks the bounds or visit
 * returns false. */
static bool each_line(const char *path, const char *text, size_t size,
                      bool (*visit)(const struct line *line, void *context, struct strbuf *error),
                      void *context, struct strbuf *error)
{
    if (memchr(text, '\0', size)) {
        strbuf_printf(error, "%s : le fichier contient un octet nul ; ce n'est pas un fichier "
                             "d'utilisateurs de stagedoc", path);
        return false;
    }
    struct line line = {.text = text};
    while (line.text < text + size) {
        if (++line.number > USERS_FILE_MAX_LINES) {
            strbuf_printf(error, "%s : plus de %u lignes ; À faire : gardez-en moins", path,
                          USERS_FILE_MAX_LINES);
            return false;
        }
        const char *end = memchr(line.text, '\n', (size_t)(text + size - line.text));
        const char *next = end ? end + 1 : text + size;
        line.length = (size_t)((end ? end : text + size) - line.text);
        if (line.length > 0 && line.text[line.length - 1] == '\r')
            line.length--;
        if (!visit(&line, context, error))
            return false;
        line.text = next;
    }
    return true;
}

/* Reads path into a NUL-terminated heap text; a missing file is an empty
 * text when missing_is_empty. */
static bool read_users_file(const char *path, bool missing_is_empty, char **text, size_t *size,
                            struct strbuf *error)
{
    *text = NULL;
    if (strcmp(path, "-") == 0) { /* file_read_all would read standard input */
        strbuf_puts(error, "« - » : le fichier des logins doit être un fichier nommé, pas "
                           "l'entrée standard");
        return false;
    }
    enum file_status status = file_read_all(path, USERS_FILE_MAX_BYTES, text, size);
    if (status == FILE_NOT_FOUND && missing_is_empty) {
        free(*text);
        *text = strdup("");
        *size = 0;
        status = *text ? FILE_OK : FILE_NO_MEMORY;
    }
    if (status == FILE_OK)
        return true;
    strbuf_printf(error, "%s : %s", path, file_status_message(status));
    if (status == FILE_TOO_LARGE)
        strbuf_puts(error, " (plus de 1 Mio) ; ce n'est pas un fichier d'utilisateurs de stagedoc");
    else if (status == FILE_NOT_FOUND)
        strbuf_puts(error, " ; À faire : créez-le avec « stagedoc serve --users FICHIER "
                           "--add-user NOM »");
    free(*text);
    *text = NULL;
    return false;
}

static void line_error(struct strbuf *error, const char *path, unsigned line, const char *problem)
{
    strbuf_printf(error, "%s, ligne %u : %s ; À faire : %s", path, line, problem, TODO_REDO);
}

struct loading {
    const char *path;
    struct users *users;
    size_t capacity;
};

static bool load_line(const struct line *line, void *context, struct strbuf *error)
{
    struct loading *loading = context;
    struct users *users = loading->users;
    if (is_blank_or_comment(line))
        return true;
    if (users->count == loading->capacity) {
        size_t capacity = loading->capacity ? loading->capacity * 2 : 16;
        struct user *items = realloc(users->items, capacity * sizeof *items);
        if (!items) {
            strbuf_puts(error, "mémoire insuffisante");
            return false;
        }
        users->items = items;
        loading->capacity = capacity;
    }
    const char *problem = parse_user(line, &users->items[users->count]);
    if (problem) {
        line_error(error, loading->path, line->number, problem);
        return false;
    }
    users->count++;
    return true;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(((const struct user *)a)->name, ((const struct user *)b)->name);
}

/* Sorted by name, for bsearch; false with a message on a name given twice. */
static bool sort_users(const char *path, struct users *users, struct strbuf *error)
{
    qsort(users->items, users->count, sizeof *users->items, by_name);
    for (size_t i = 1; i < users->count; i++) {
        const struct user *first = &users->items[i - 1], *second = &users->items[i];
        if (strcmp(first->name, second->name) == 0) {
            unsigned early = first->line < second->line ? first->line : second->line;
            unsigned late = first->line < second->line ? second->line : first->line;
            strbuf_printf(error, "%s, ligne %u : le nom « %s » est déjà celui de la ligne %u ; "
                                 "À faire : gardez une seule de ces lignes",
                          path, late, first->name, early);
            return false;
        }
    }
    return true;
}

/* The login unknown names are hashed against: a random salt, as many
 * iterations as the costliest login, so that it costs as much. */
static void make_dummy(struct users *users)
{
    struct user *dummy = &users->dummy;
    *dummy = (struct user){.salt_size = SALT_SIZE, .iterations = ITERATIONS_MIN};
    if (getrandom(dummy->salt, SALT_SIZE, 0) != SALT_SIZE)
        memset(dummy->salt, 0x5A, SALT_SIZE);
    for (size_t i = 0; i < users->count; i++)
        if (users->items[i].iterations > dummy->iterations)
            dummy->iterations = users->items[i].iterations;
}

bool users_load(const char *path, struct users **result, struct strbuf *error)
{
    *result = NULL;
    char *text = NULL;
    size_t size = 0;
    if (!read_users_file(path, false, &text, &size, error))
        return false;
    struct users *users = calloc(1, sizeof *users);
    struct loading loading = {.path = path, .users = users};
    bool ok = users && each_line(path, text, size, load_line, &loading, error);
    if (!users)
        strbuf_puts(error, "mémoire insuffisante");
    OPENSSL_cleanse(text, size);
    free(text);
    if (ok && users->count == 0) {
        strbuf_printf(error, "%s : aucun login ; À faire : ajoutez-en un avec « stagedoc serve "
                             "--users %s --add-user NOM »", path, path);
        ok = false;
    }
    ok = ok && sort_users(path, users, error);
    if (ok && pthread_mutex_init(&users->lock, NULL) != 0) {
        strbuf_puts(error, "impossible de créer un verrou (pthread_mutex_init)");
        ok = false;
    }
    if (!ok) {
        if (users)
            free(users->items);
        free(users);
        return false;
    }
    make_dummy(users);
    *result = users;
    return true;
}

void users_free(struct users *users)
{
    if (!users)
        return;
    pthread_mutex_destroy(&users->lock);
    OPENSSL_cleanse(users->items, users->count * sizeof *users->items);
    free(users->items);
    free(users);
}

/* ---- checking an Authorization header ---- */

struct credentials {
    unsigned char decoded[CREDENTIALS_BASE64_MAX / 4 * 3 + 1];
    const char *name; /* in decoded, NUL-terminated */
    const char *password;
    size_t password_size;
};

static bool is_space(char c)
{
    return c == ' ' || c == '\t';
}

/* "Basic TOKEN" (scheme in any case, spaces around) decoded into name and
 * password, split at the first ':'. */
static bool parse_basic(const char *header, struct credentials *given)
{
    while (is_space(*header))
        header++;
    if (strncasecmp(header, "Basic", 5) != 0 || !is_space(header[5]))
        return false;
    const char *token = header + 5;
    while (is_space(*token))
        token++;
    size_t length = 0;
    while (token[length] && !is_space(token[length]) && length <= CREDENTIALS_BASE64_MAX)
        length++;
    for (const char *rest = token + length; *rest; rest++)
        if (!is_space(*rest))
            return false;
    long size = length <= CREDENTIALS_BASE64_MAX ? decode_base64(token, length, given->decoded) : -1;
    if (size < 0 || memchr(given->decoded, '\0', (size_t)size))
        return false;
    given->decoded[size] = '\0';
    char *colon = strchr((char *)given->decoded, ':');
    if (!colon)
        return false;
    *colon = '\0';
    given->name = (const char *)given->decoded;
    given->password = colon + 1;
    given->password_size = (size_t)(((char *)given->decoded + size) - (colon + 1));
    return true;
}

static struct user *find_user(struct users *users, const char *name)
{
    struct user key;
    if (strlen(name) > NAME_MAX_BYTES)
        return NULL;
    strcpy(key.name, name);
    return bsearch(&key, users->items, users->count, sizeof *users->items, by_name);
}

/* Whether the cache says user proved this password before. */
static bool remembered(struct users *users, const struct user *user,
                       const unsigned char quick[HASH_SIZE])
{
    pthread_mutex_lock(&users->lock);
    bool hit = user->proved && CRYPTO_memcmp(user->quick, quick, HASH_SIZE) == 0;
    pthread_mutex_unlock(&users->lock);
    return hit;
}

static void remember(struct users *users, struct user *user, const unsigned char quick[HASH_SIZE])
{
    pthread_mutex_lock(&users->lock);
    memcpy(user->quick, quick, HASH_SIZE);
    user->proved = true;
    pthread_mutex_unlock(&users->lock);
}

/* The full PBKDF2 of the password against user (the dummy for an unknown
 * login: the same work, then false). */
static bool proves(struct users *users, const struct user *user, bool known,
                   const struct credentials *given)
{
    unsigned char derived[HASH_SIZE];
    bool derived_ok = derive(user, given->password, given->password_size, derived);
    bool same = CRYPTO_memcmp(derived, user->hash, HASH_SIZE) == 0;
    OPENSSL_cleanse(derived, sizeof derived);
    pthread_mutex_lock(&users->lock);
    users->full_hashes++;
    pthread_mutex_unlock(&users->lock);
    return derived_ok && same && known;
}

bool users_check_basic(struct users *users, const char *authorization)
{
    struct credentials given;
    if (!users || !authorization || strlen(authorization) > 2 * CREDENTIALS_BASE64_MAX)
        return false;
    if (!parse_basic(authorization, &given)) {
        OPENSSL_cleanse(&given, sizeof given);
        return false;
    }
    struct user *user = find_user(users, given.name);
    bool known = user != NULL;
    if (!known)
        user = &users->dummy;
    unsigned char quick[HASH_SIZE];
    bool quick_ok = quick_digest(user, given.password, given.password_size, quick);
    bool ok = quick_ok && known && remembered(users, user, quick);
    if (!ok && given.password_size <= PASSWORD_MAX_BYTES) {
        ok = proves(users, user, known, &given);
        if (ok && quick_ok)
            remember(users, user, quick);
    }
    OPENSSL_cleanse(&given, sizeof given);
    OPENSSL_cleanse(quick, sizeof quick);
    return ok;
}

unsigned long users_full_hashes(struct users *users)
{
    pthread_mutex_lock(&users->lock);
    unsigned long count = users->full_hashes;
    pthread_mutex_unlock(&users->lock);
    return count;
}

/* ---- adding a login ---- */

/* "NAME:pbkdf2-sha256:ITERATIONS:SALT:HASH" for password, salt fresh. */
static bool format_user(const char *name, const char *password, unsigned iterations,
                        struct strbuf *out, struct strbuf *error)
{
    struct user user = {.iterations = iterations, .salt_size = SALT_SIZE};
    if (getrandom(user.salt, SALT_SIZE, 0) != SALT_SIZE) {
        strbuf_printf(error, "pas d'aléa pour le sel (getrandom : %s)", strerror(errno));
        return false;
    }
    if (!derive(&user, password, strlen(password), user.hash)) {
        strbuf_puts(error, "le calcul de l'empreinte (PBKDF2) a échoué");
        return false;
    }
    char salt[SALT_SIZE / 3 * 4 + 5], hash[HASH_SIZE / 3 * 4 + 5];
    EVP_EncodeBlock((unsigned char *)salt, user.salt, SALT_SIZE);
    EVP_EncodeBlock((unsigned char *)hash, user.hash, HASH_SIZE);
    strbuf_printf(out, "%s:%s:%u:%s:%s\n", name, ALGORITHM, iterations, salt, hash);
    OPENSSL_cleanse(&user, sizeof user);
    return true;
}

struct adding {
    const char *path;
    const char *name;
    const char *line; /* the new line, with its line end */
    struct strbuf *out;
    bool replaced;
};

/* Copies a line to the new text, the login's own replaced; every login
 * line must be sound, so that a broken file is not carried on. */
static bool add_line(const struct line *line, void *context, struct strbuf *error)
{
    struct adding *adding = context;
    struct user user;
    const char *problem = is_blank_or_comment(line) ? NULL : parse_user(line, &user);
    if (problem) {
        line_error(error, adding->path, line->number, problem);
        return false;
    }
    if (!is_blank_or_comment(line) && strcmp(user.name, adding->name) == 0) {
        if (!adding->replaced)
            strbuf_puts(adding->out, adding->line);
        adding->replaced = true;
    } else {
        strbuf_add(adding->out, line->text, line->length);
        strbuf_puts(adding->out, "\n");
    }
    OPENSSL_cleanse(&user, sizeof user);
    return true;
}

const char *users_password_problem(const char *password)
{
    if (characters(password) < USERS_PASSWORD_MIN)
        return "le mot de passe a moins de 10 caractères";
    if (strlen(password) > PASSWORD_MAX_BYTES)
        return "le mot de passe a plus de 1024 octets";
    if (strpbrk(password, "\r\n"))
        return "le mot de passe contient un saut de ligne";
    return NULL;
}

/* The permissions of the new file: those of the old one, never readable by
 * others and always by its owner; 0600 for a new file. */
static mode_t users_file_mode(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return 0600;
    return (st.st_mode & 0660) | 0600;
}

/* Writes text over path atomically with the given permissions. */
static bool write_users_file(const char *path, const struct strbuf *text, mode_t mode,
                             struct strbuf *error)
{
    const char *slash = strrchr(path, '/');
    char *folder = slash ? strndup(path, (size_t)(slash - path) + (slash == path)) : strdup(".");
    struct atomic_file file;
    bool ok = folder && atomic_begin_under(folder, slash ? slash + 1 : path, &file, error);
    if (!folder)
        strbuf_puts(error, "mémoire insuffisante");
    free(folder);
    if (!ok)
        return false;
    if (!atomic_file_write(&file, text->data ? text->data : "", text->len, error)) {
        atomic_abandon(&file);
        return false;
    }
    return atomic_commit_mode(&file, mode, error);
}

bool users_add_iterations(const char *path, const char *name, const char *password,
                          unsigned iterations, struct strbuf *error)
{
    const char *problem = users_name_problem(name);
    if (!problem)
        problem = users_password_problem(password);
    if (!problem && (iterations < ITERATIONS_MIN || iterations > ITERATIONS_MAX))
        problem = "nombre d'itérations hors de 1000 à 10000000";
    if (problem) {
        strbuf_printf(error, "%s : %s", name, problem);
        return false;
    }
    char *old = NULL;
    size_t size = 0;
    struct strbuf line = STRBUF_INIT, text = STRBUF_INIT;
    struct adding adding = {.path = path, .name = name, .out = &text};
    bool ok = read_users_file(path, true, &old, &size, error) &&
              format_user(name, password, iterations, &line, error);
    adding.line = strbuf_str(&line);
    ok = ok && each_line(path, old, size, add_line, &adding, error);
    if (ok && !adding.replaced)
        strbuf_puts(&text, adding.line);
    if (ok && strbuf_failed(&text)) {
        strbuf_puts(error, "mémoire insuffisante");
        ok = false;
    }
    ok = ok && write_users_file(path, &text, users_file_mode(path), error);
    if (old)
        OPENSSL_cleanse(old, size);
    free(old);
    strbuf_free(&line);
    strbuf_free(&text);
    return ok;
}

bool users_add(const char *path, const char *name, const char *password, struct strbuf *error)
{
    return users_add_iterations(path, name, password, USERS_ITERATIONS, error);
}
