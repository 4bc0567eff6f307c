/* api_build.c — a second, small front end that proves the engine's wall.
 *
 * It includes the engine's public header and libc, nothing else from src/
 * (tests/e2e/wall.sh checks it), so whatever it does any front end can do:
 * it opens the engine with a configuration taken from its own command line
 * (it never reads the environment, to show the engine needs none), reads
 * one input file into memory and hands it over as bytes, checks it
 * (sd_check), then builds it (sd_build) into a ZIP streamed down a pipe —
 * not a seekable file — to a child process that copies it into ARCHIVE.
 * Every diagnostic is kept as a struct of its own; notes and the files
 * the sink completed are kept too.
 *
 *   api_build [--chemin] [--date SECONDES] [--modeles DOSSIER] [--dossier DOSSIER]
 *             [-j N] -o ARCHIVE FICHIER
 *
 *   --chemin    the input given by its path instead of its bytes
 *   --date      the date written into PDFs and ZIP entries (SOURCE_DATE_EPOCH's
 *               value, passed by the caller); default: each stage's first day
 *   --modeles   the templates folder (default: templates, run from the tree)
 *   --dossier   where the input's relative paths start (default: its folder)
 *
 * At the end, on stderr, tab-separated lines for tests/e2e/api.sh:
 *   diagnostic COMMAND SEVERITY RULE LINE COLUMN STAGE FILE MESSAGE TODO
 *   note       COMMAND SEVERITY TEXT
 *   sortie     NAME SIZE SHA256
 * then a summary. Exit status: sd_build's status (0 only when it returned
 * SD_OK; 1 for an invalid input), 2 for a wrong argument, 3 when the input
 * or the archive could not be read or written, 7 when the engine's counts
 * disagree with the diagnostics it gave. */
#include "../../src/engine/stagedoc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

/* The largest input this program reads into memory. */
#define MAX_INPUT_BYTES (64u * 1024u * 1024u)

/* ------------------------------------------------------------ what a run told */

/* A diagnostic as this front end keeps it: its own copies of the strings,
 * which the engine's struct only lends until the callback returns. */
struct kept_diagnostic {
    enum sd_severity severity;
    char *rule, *stage, *file, *message, *todo;
    unsigned line, column;
};

struct kept_note {
    enum sd_severity severity;
    char *text;
};

struct kept_output {
    char *name;
    char *sha256;
    size_t size;
};

/* Everything one run (check or build) told through its events. */
struct collector {
    const char *command;
    struct kept_diagnostic *diagnostics;
    size_t diagnostic_count;
    struct kept_note *notes;
    size_t note_count;
    struct kept_output *outputs;
    size_t output_count;
    size_t progress_calls;
    size_t counts[3];  /* diagnostics by severity */
    bool out_of_memory;
};

static char *copy(struct collector *c, const char *text)
{
    if (!text)
        return NULL;
    char *kept = strdup(text);
    if (!kept)
        c->out_of_memory = true;
    return kept;
}

/* items (count of them) with room for one more, grown by doubling; NULL
 * when memory is short (items is then left as it was). */
static void *grow(struct collector *c, void *items, size_t count, size_t item_size)
{
    if (count & (count - 1)) /* not a power of two: room is left */
        return items;
    void *grown = realloc(items, (count ? count * 2 : 1) * item_size);
    if (!grown)
        c->out_of_memory = true;
    return grown;
}

static void on_diagnostic(void *user, const struct sd_diagnostic *d)
{
    struct collector *c = user;
    struct kept_diagnostic *grown =
        grow(c, c->diagnostics, c->diagnostic_count, sizeof *c->diagnostics);
    if (!grown)
        return;
    c->diagnostics = grown;
    c->diagnostics[c->diagnostic_count++] = (struct kept_diagnostic){
        d->severity, copy(c, d->rule), copy(c, d->stage), copy(c, d->file),
        copy(c, d->message), copy(c, d->todo), d->line, d->column};
    if ((unsigned)d->severity < 3)
        c->counts[d->severity]++;
}

static void on_note(void *user, enum sd_severity severity, const char *text)
{
    struct collector *c = user;
    struct kept_note *grown = grow(c, c->notes, c->note_count, sizeof *c->notes);
    if (!grown)
        return;
    c->notes = grown;
    c->notes[c->note_count++] = (struct kept_note){severity, copy(c, text)};
}

static int on_progress(void *user, const struct sd_progress *progress)
{
    struct collector *c = user;
    (void)progress;
    c->progress_calls++;
    return 0; /* never cancels */
}

static void on_output(void *user, const struct sd_output *output)
{
    struct collector *c = user;
    struct kept_output *grown = grow(c, c->outputs, c->output_count, sizeof *c->outputs);
    if (!grown)
        return;
    c->outputs = grown;
    c->outputs[c->output_count++] = (struct kept_output){
        copy(c, output->name), copy(c, output->sha256), output->size};
}

static struct sd_events collecting_events(struct collector *c, const char *command)
{
    *c = (struct collector){.command = command};
    struct sd_events events = SD_EVENTS_INIT;
    events.user = c;
    events.diagnostic = on_diagnostic;
    events.note = on_note;
    events.progress = on_progress;
    events.output = on_output;
    return events;
}

static void collector_free(struct collector *c)
{
    for (size_t i = 0; i < c->diagnostic_count; i++) {
        struct kept_diagnostic *d = &c->diagnostics[i];
        free(d->rule);
        free(d->stage);
        free(d->file);
        free(d->message);
        free(d->todo);
    }
    for (size_t i = 0; i < c->note_count; i++)
        free(c->notes[i].text);
    for (size_t i = 0; i < c->output_count; i++) {
        free(c->outputs[i].name);
        free(c->outputs[i].sha256);
    }
    free(c->diagnostics);
    free(c->notes);
    free(c->outputs);
}

/* ------------------------------------------------------------ telling it */

static const char *severity_word(enum sd_severity severity)
{
    return severity == SD_ERROR ? "erreur" : severity == SD_WARNING ? "avertissement"
                                                                    : "information";
}

/* A field of a tab-separated line: "-" for none, tabs and line breaks as
 * spaces so that one line stays one line. */
static void put_field(const char *text)
{
    fputc('\t', stderr);
    if (!text || !*text) {
        fputc('-', stderr);
        return;
    }
    for (const char *at = text; *at; at++)
        fputc(*at == '\t' || *at == '\n' || *at == '\r' ? ' ' : *at, stderr);
}

static void tell(const struct collector *c)
{
    for (size_t i = 0; i < c->diagnostic_count; i++) {
        const struct kept_diagnostic *d = &c->diagnostics[i];
        fprintf(stderr, "diagnostic\t%s\t%s\t%s\t%u\t%u", c->command, severity_word(d->severity),
                d->rule ? d->rule : "-", d->line, d->column);
        put_field(d->stage);
        put_field(d->file);
        put_field(d->message);
        put_field(d->todo);
        fputc('\n', stderr);
    }
    for (size_t i = 0; i < c->note_count; i++) {
        fprintf(stderr, "note\t%s\t%s", c->command, severity_word(c->notes[i].severity));
        put_field(c->notes[i].text);
        fputc('\n', stderr);
    }
    for (size_t i = 0; i < c->output_count; i++) {
        fputs("sortie", stderr);
        put_field(c->outputs[i].name);
        fprintf(stderr, "\t%zu", c->outputs[i].size);
        put_field(c->outputs[i].sha256);
        fputc('\n', stderr);
    }
}

/* The engine's own counts (sd_run_count) must be what its events gave. */
static bool counts_agree(const struct collector *c, const sd_run *run)
{
    bool agree = !c->out_of_memory;
    for (int severity = SD_INFO; severity <= SD_ERROR; severity++) {
        size_t counted = sd_run_count(run, (enum sd_severity)severity);
        if (counted != c->counts[severity]) {
            fprintf(stderr, "api_build : %s : sd_run_count dit %zu %s, les événements en ont "
                    "donné %zu.\n", c->command, counted, severity_word(severity),
                    c->counts[severity]);
            agree = false;
        }
    }
    return agree;
}

static void summarize(const struct collector *c, sd_status status)
{
    fprintf(stderr, "api_build : %s : %s (%d) ; %zu diagnostic%s (%zu erreur%s, %zu "
            "avertissement%s, %zu information%s) ; %zu note%s ; %zu fichier%s ; %zu "
            "progression%s.\n", c->command, sd_status_text(status), (int)status,
            c->diagnostic_count, c->diagnostic_count > 1 ? "s" : "",
            c->counts[SD_ERROR], c->counts[SD_ERROR] > 1 ? "s" : "",
            c->counts[SD_WARNING], c->counts[SD_WARNING] > 1 ? "s" : "",
            c->counts[SD_INFO], c->counts[SD_INFO] > 1 ? "s" : "",
            c->note_count, c->note_count > 1 ? "s" : "",
            c->output_count, c->output_count > 1 ? "s" : "",
            c->progress_calls, c->progress_calls > 1 ? "s" : "");
}

/* ------------------------------------------------------------ the input */

/* The whole file at path, up to MAX_INPUT_BYTES (heap); NULL, said, when
 * it cannot be read or is larger. */
static unsigned char *read_whole(const char *path, size_t *size)
{
    FILE *file = fopen(path, "rb");
    struct stat about;
    if (!file || fstat(fileno(file), &about) != 0) {
        fprintf(stderr, "api_build : %s : %s\n", path, strerror(errno));
        if (file)
            fclose(file);
        return NULL;
    }
    bool fits = S_ISREG(about.st_mode) && about.st_size <= (off_t)MAX_INPUT_BYTES;
    size_t expected = fits ? (size_t)about.st_size : 0;
    unsigned char *bytes = fits ? malloc(expected + 1) : NULL;
    /* One byte more than expected: a file that grew is refused too. */
    size_t got = bytes ? fread(bytes, 1, expected + 1, file) : 0;
    bool failed = !bytes || ferror(file) || got != expected;
    fclose(file);
    if (failed) {
        fprintf(stderr, "api_build : %s : illisible, pas un fichier ordinaire ou plus grand "
                "que %u octets\n", path, MAX_INPUT_BYTES);
        free(bytes);
        return NULL;
    }
    *size = got;
    return bytes;
}

/* The folder part of path ("." when it has none), on the heap. */
static char *folder_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return strdup(".");
    size_t length = slash == path ? 1 : (size_t)(slash - path);
    char *folder = malloc(length + 1);
    if (folder) {
        memcpy(folder, path, length);
        folder[length] = '\0';
    }
    return folder;
}

/* ------------------------------------------------------------ the pipe */

static bool write_all(int to, const char *bytes, size_t size)
{
    while (size > 0) {
        ssize_t put = write(to, bytes, size);
        if (put < 0 && errno == EINTR)
            continue;
        if (put < 0)
            return false;
        bytes += put;
        size -= (size_t)put;
    }
    return true;
}

/* In the child: everything from the pipe into the archive; its exit
 * status. After a failure the pipe is still read to its end, so that the
 * engine's writes do not fail for a reader gone. */
static int copy_pipe_to_file(int from, const char *archive)
{
    int to = open(archive, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    bool written = to >= 0;
    char buffer[65536];
    ssize_t got;
    while ((got = read(from, buffer, sizeof buffer)) != 0) {
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            written = false;
            break;
        }
        written = written && write_all(to, buffer, (size_t)got);
    }
    if (to >= 0 && close(to) != 0)
        written = false;
    return written ? 0 : 3;
}

/* A child that copies what is written to *write_end into archive. */
static pid_t start_writer(const char *archive, int *write_end)
{
    int ends[2];
    if (pipe(ends) != 0)
        return -1;
    pid_t child = fork();
    if (child == 0) {
        close(ends[1]);
        _exit(copy_pipe_to_file(ends[0], archive));
    }
    close(ends[0]);
    if (child < 0) {
        close(ends[1]);
        return -1;
    }
    *write_end = ends[1];
    return child;
}

/* Closes the pipe and waits for the child; true when it wrote everything. */
static bool finish_writer(pid_t child, int write_end)
{
    close(write_end);
    int status;
    while (waitpid(child, &status, 0) < 0)
        if (errno != EINTR)
            return false;
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/* ------------------------------------------------------------ the command */

struct arguments {
    const char *input;
    const char *archive;
    const char *templates;
    const char *dir;
    bool by_path;
    int64_t date;
    unsigned jobs;
};

static bool parse_number(const char *text, long long least, long long *value)
{
    char *end;
    errno = 0;
    *value = text ? strtoll(text, &end, 10) : 0;
    return text && *text && !*end && errno == 0 && *value >= least;
}

static bool parse_arguments(int argc, char **argv, struct arguments *a)
{
    *a = (struct arguments){.templates = "templates", .date = -1, .jobs = 1};
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        const char *value = i + 1 < argc ? argv[i + 1] : NULL;
        long long number;
        if (strcmp(arg, "--chemin") == 0) {
            a->by_path = true;
            continue;
        }
        if (strcmp(arg, "-o") == 0 && value)
            a->archive = value;
        else if (strcmp(arg, "--modeles") == 0 && value)
            a->templates = value;
        else if (strcmp(arg, "--dossier") == 0 && value)
            a->dir = value;
        else if (strcmp(arg, "--date") == 0 && parse_number(value, 0, &number))
            a->date = number;
        else if (strcmp(arg, "-j") == 0 && parse_number(value, 1, &number) && number <= 64)
            a->jobs = (unsigned)number;
        else if (arg[0] != '-' && !a->input) {
            a->input = arg;
            continue;
        } else
            return false;
        i++; /* the option's value */
    }
    return a->input && a->archive;
}

/* sd_check, then sd_build into the pipe; the build's status. */
static sd_status check_and_build(sd_engine *engine, const struct sd_input *input,
                                 const struct arguments *a, int write_end, bool *agree)
{
    struct collector checked, built;
    struct sd_events check_events = collecting_events(&checked, "check");
    struct sd_events build_events = collecting_events(&built, "build");
    sd_run *check_run = sd_run_new(engine, &check_events);
    sd_run *build_run = sd_run_new(engine, &build_events);
    struct sd_sink *sink = sd_sink_zip(write_end, a->date >= 0 ? a->date : 0);
    sd_status check_status = SD_NOMEM, build_status = SD_NOMEM;
    if (check_run && build_run && sink) {
        struct sd_check_options check_options = SD_CHECK_INIT;
        check_status = sd_check(check_run, input, 1, &check_options);
        struct sd_build_options build_options = SD_BUILD_INIT;
        build_options.jobs = a->jobs;
        build_status = sd_build(build_run, input, 1, &build_options, sink);
        *agree = counts_agree(&checked, check_run) && counts_agree(&built, build_run);
    }
    tell(&checked);
    tell(&built);
    summarize(&checked, check_status);
    summarize(&built, build_status);
    if (build_status != SD_OK && build_run && *sd_run_error(build_run))
        fprintf(stderr, "api_build : sd_run_error : %s\n", sd_run_error(build_run));
    if (sink && *sd_sink_error(sink))
        fprintf(stderr, "api_build : sd_sink_error : %s\n", sd_sink_error(sink));
    sd_sink_free(sink);
    sd_run_free(check_run);
    sd_run_free(build_run);
    collector_free(&checked);
    collector_free(&built);
    return build_status;
}

static int run(const struct arguments *a, const struct sd_input *input)
{
    int write_end;
    pid_t writer = start_writer(a->archive, &write_end);
    if (writer < 0) {
        fprintf(stderr, "api_build : pas de tube ni de processus d'écriture : %s\n",
                strerror(errno));
        return SD_IO;
    }
    struct sd_config config = SD_CONFIG_INIT;
    config.templates_dir = a->templates;
    config.fixed_date = a->date;
    sd_engine *engine = NULL;
    sd_status status = sd_engine_open(&config, &engine);
    bool agree = true;
    if (status == SD_OK)
        status = check_and_build(engine, input, a, write_end, &agree);
    else
        fprintf(stderr, "api_build : sd_engine_open : %s\n",
                engine ? sd_engine_error(engine) : sd_status_text(status));
    sd_engine_close(engine);
    if (!finish_writer(writer, write_end)) {
        fprintf(stderr, "api_build : %s : l'archive n'a pu être écrite\n", a->archive);
        status = sd_status_worst(status, SD_IO);
    }
    return agree ? (int)status : SD_INTERNAL;
}

int main(int argc, char **argv)
{
    struct arguments a;
    if (!parse_arguments(argc, argv, &a)) {
        fputs("Usage : api_build [--chemin] [--date SECONDES] [--modeles DOSSIER] "
              "[--dossier DOSSIER] [-j N] -o ARCHIVE FICHIER\n", stderr);
        return SD_USAGE;
    }
    const char *slash = strrchr(a.input, '/');
    char *dir = a.dir ? strdup(a.dir) : folder_of(a.input);
    struct sd_input input = {.name = slash ? slash + 1 : a.input, .dir = dir};
    unsigned char *bytes = NULL;
    if (a.by_path) {
        input.path = a.input;
    } else {
        bytes = read_whole(a.input, &input.size);
        input.bytes = bytes;
    }
    sd_global_init();
    int status = dir && (a.by_path || bytes) ? run(&a, &input) : SD_IO;
    sd_global_cleanup();
    free(bytes);
    free(dir);
    return status;
}
