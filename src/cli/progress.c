/* progress.c — drawing the progress line (see progress.h). */
#include "progress.h"

#include <stdio.h>
#include <time.h>
#include <unistd.h>

#define REDRAW_SECONDS 0.2

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

void progress_start(struct progress *progress, const char *command, const char *unit,
                    size_t total, bool quiet)
{
    *progress = (struct progress){.enabled = !quiet && isatty(STDERR_FILENO),
                                  .command = command, .unit = unit, .total = total};
    progress->started = now();
}

/* "1 min 40 s", "12 s". */
static void format_duration(double seconds, char *out, size_t size)
{
    long whole = (long)(seconds + 0.5);
    if (whole >= 60)
        snprintf(out, size, "%ld min %02ld s", whole / 60, whole % 60);
    else
        snprintf(out, size, "%ld s", whole);
}

static void draw(struct progress *progress, double at)
{
    double elapsed = at - progress->started;
    double rate = elapsed > 0 ? (double)progress->done / elapsed : 0;
    fprintf(stderr, "\r\033[Kstagedoc %s : %zu", progress->command, progress->done);
    if (progress->total)
        fprintf(stderr, "/%zu %s (%zu %%)", progress->total, progress->unit,
                progress->done * 100 / progress->total);
    else
        fprintf(stderr, " %s", progress->unit);
    if (rate > 0)
        fprintf(stderr, ", %.0f %s/s", rate, progress->unit);
    if (rate > 0 && progress->total > progress->done) {
        char left[32];
        format_duration((double)(progress->total - progress->done) / rate, left, sizeof left);
        fprintf(stderr, ", reste %s", left);
    }
    fflush(stderr);
    progress->drawn = true;
    progress->last_drawn = at;
}

void progress_set(struct progress *progress, const char *unit, size_t done, size_t total)
{
    progress->unit = unit;
    progress->done = done;
    progress->total = total;
    if (!progress->enabled)
        return;
    double at = now();
    if (progress->done == 1 || at - progress->last_drawn >= REDRAW_SECONDS)
        draw(progress, at);
}

void progress_advance(struct progress *progress)
{
    progress->done++;
    if (!progress->enabled)
        return;
    double at = now();
    if (progress->done == 1 || at - progress->last_drawn >= REDRAW_SECONDS)
        draw(progress, at);
}

void progress_clear(struct progress *progress)
{
    if (!progress->drawn)
        return;
    fputs("\r\033[K", stderr);
    fflush(stderr);
    progress->drawn = false;
}

void progress_finish(struct progress *progress)
{
    progress_clear(progress);
    progress->enabled = false;
}
