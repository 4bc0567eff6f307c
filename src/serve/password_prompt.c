/* password_prompt.c — asking a new password for `stagedoc serve
 * --add-user` (see password_prompt.h): twice, without echo, on the
 * terminal; or one line of standard input for a script. */
#include "password_prompt.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "users.h"

/* A password of at most 1024 bytes, its line end and a NUL. */
#define LINE_SIZE 1027

enum line_result { LINE_OK, LINE_EMPTY_INPUT, LINE_TOO_LONG, LINE_ERROR };

/* The signals that end the process: caught while echo is off, so that the
 * terminal is put back before they take effect. */
static const int ending_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
#define ENDING_COUNT (sizeof ending_signals / sizeof ending_signals[0])
static volatile sig_atomic_t caught_signal;

static void note_signal(int number)
{
    caught_signal = number;
}

static void catch_ending_signals(struct sigaction previous[ENDING_COUNT])
{
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = note_signal; /* no SA_RESTART: read() returns */
    sigemptyset(&action.sa_mask);
    caught_signal = 0;
    for (size_t i = 0; i < ENDING_COUNT; i++)
        sigaction(ending_signals[i], &action, &previous[i]);
}

static void restore_signals(const struct sigaction previous[ENDING_COUNT])
{
    for (size_t i = 0; i < ENDING_COUNT; i++)
        sigaction(ending_signals[i], &previous[i], NULL);
}

/* One line from fd into line (LINE_SIZE bytes), its line end removed; the
 * end of the input also ends a line. A caught signal stops the reading. */
static enum line_result read_line(int fd, char line[LINE_SIZE])
{
    size_t length = 0;
    for (;;) {
        char c;
        ssize_t got = read(fd, &c, 1);
        if (got < 0 && errno == EINTR && !caught_signal)
            continue;
        if (got < 0)
            return LINE_ERROR;
        if (got == 0 && length == 0)
            return LINE_EMPTY_INPUT;
        if (got == 0 || c == '\n')
            break;
        if (length + 1 >= LINE_SIZE)
            return LINE_TOO_LONG;
        line[length++] = c;
    }
    if (length > 0 && line[length - 1] == '\r')
        length--;
    line[length] = '\0';
    return LINE_OK;
}

static void write_text(int fd, const char *text)
{
    size_t length = strlen(text);
    while (length > 0) {
        ssize_t written = write(fd, text, length);
        if (written < 0 && errno == EINTR)
            continue;
        if (written <= 0)
            return;
        text += written;
        length -= (size_t)written;
    }
}

/* Asks prompt on the terminal tty with echo off, echo back as it was
 * after; false with the reason in error. */
static bool ask_without_echo(int tty, const struct termios *saved, const char *prompt,
                             char line[LINE_SIZE], struct strbuf *error)
{
    struct termios quiet = *saved;
    quiet.c_lflag &= (tcflag_t)~ECHO;
    write_text(tty, prompt);
    if (tcsetattr(tty, TCSAFLUSH, &quiet) != 0) {
        strbuf_printf(error, "impossible de masquer la saisie (%s)", strerror(errno));
        return false;
    }
    enum line_result result = read_line(tty, line);
    tcsetattr(tty, TCSANOW, saved);
    write_text(tty, "\n");
    if (result == LINE_OK)
        return true;
    strbuf_puts(error, caught_signal ? "saisie interrompue"
                     : result == LINE_TOO_LONG ? "le mot de passe a plus de 1024 octets"
                     : result == LINE_EMPTY_INPUT ? "aucun mot de passe saisi"
                                                  : "le terminal ne se lit pas");
    return false;
}

/* Both answers on the terminal, the same; false with the reason. */
static bool ask_twice(int tty, char first[LINE_SIZE], struct strbuf *error)
{
    struct termios saved;
    if (tcgetattr(tty, &saved) != 0) {
        strbuf_printf(error, "le terminal ne répond pas (%s)", strerror(errno));
        return false;
    }
    char second[LINE_SIZE];
    struct sigaction previous[ENDING_COUNT];
    catch_ending_signals(previous);
    bool ok = ask_without_echo(tty, &saved, "Mot de passe : ", first, error) &&
              ask_without_echo(tty, &saved, "Encore une fois : ", second, error);
    restore_signals(previous);
    if (caught_signal) {
        OPENSSL_cleanse(first, LINE_SIZE);
        OPENSSL_cleanse(second, LINE_SIZE);
        raise(caught_signal); /* the terminal is back: let it end us as it would have */
        return false;
    }
    if (ok && strcmp(first, second) != 0) {
        strbuf_puts(error, "les deux saisies diffèrent ; À faire : recommencez en tapant deux "
                           "fois le même mot de passe");
        ok = false;
    }
    OPENSSL_cleanse(second, sizeof second);
    return ok;
}

static bool ask_on_terminal(char line[LINE_SIZE], struct strbuf *error)
{
    int tty = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (tty < 0) {
        strbuf_printf(error, "impossible d'ouvrir le terminal /dev/tty (%s)", strerror(errno));
        return false;
    }
    bool ok = ask_twice(tty, line, error);
    close(tty);
    return ok;
}

static bool read_from_input(char line[LINE_SIZE], struct strbuf *error)
{
    enum line_result result = read_line(STDIN_FILENO, line);
    if (result == LINE_OK)
        return true;
    strbuf_puts(error, result == LINE_TOO_LONG ? "le mot de passe a plus de 1024 octets"
                     : result == LINE_EMPTY_INPUT ? "aucun mot de passe sur l'entrée standard"
                                                  : "l'entrée standard ne se lit pas");
    return false;
}

bool prompt_new_password(char **password, struct strbuf *error)
{
    char line[LINE_SIZE];
    *password = NULL;
    bool ok = isatty(STDIN_FILENO) ? ask_on_terminal(line, error) : read_from_input(line, error);
    const char *problem = ok ? users_password_problem(line) : NULL;
    if (problem) {
        strbuf_printf(error, "%s ; À faire : choisissez-en un autre, de %d caractères au moins",
                      problem, USERS_PASSWORD_MIN);
        ok = false;
    }
    if (ok && !(*password = strdup(line))) {
        strbuf_puts(error, "mémoire insuffisante");
        ok = false;
    }
    OPENSSL_cleanse(line, sizeof line);
    return ok;
}

void prompt_password_free(char *password)
{
    if (!password)
        return;
    OPENSSL_cleanse(password, strlen(password));
    free(password);
}
