/* worker_walk.c — the worker's walk and the parent's reading of it. */
#include "worker_walk.h"

#include <string.h>

/* ------------------------------------------------------------ in a worker */

static bool owned(void *data)
{
    struct worker_walk *walk = data;
    return worker_owns(walk->channel, walk->stages++);
}

static void visit_owned(const struct run_context *context, const struct stage *stage,
                        const struct calendar *calendar, struct diag_list *diags, void *data)
{
    struct worker_walk *walk = data;
    const char *id = stage->id ? stage->id : "";
    worker_send(walk->channel, WORKER_MESSAGE_STAGE, id, strlen(id));
    *walk->result = SD_OK;
    walk->diags_sent = diags->count; /* the input's own: the parent's walk says them */
    walk->visit(context, stage, calendar, diags, walk->state);
    worker_send_diags(walk->channel, diags, &walk->diags_sent);
    worker_send_end(walk->channel, *walk->result);
}

static void run_walk(struct worker_channel *channel, void *data)
{
    struct worker_walk *walk = data;
    walk->channel = channel;
    walk->stages = 0;
    struct walk_totals silent = {.print_least = SEVERITY_ERROR + 1, .wanted = owned,
                                 .wanted_data = walk};
    for (size_t i = 0; i < walk->input_count; i++) {
        silent.checked_already = !walk->checked || walk->checked(&walk->inputs[i]);
        walk_input(walk->context, &walk->inputs[i], visit_owned, walk, &silent);
    }
}

void worker_walk_send(struct worker_walk *walk, struct diag_list *diags, int type,
                      const void *head, size_t head_size, const void *body, size_t body_size)
{
    worker_send_diags(walk->channel, diags, &walk->diags_sent);
    worker_send_parts(walk->channel, type, head, head_size, body, body_size);
}

/* ------------------------------------------------------------ in the parent */

bool worker_walk_start(struct worker_walk *walk, unsigned jobs)
{
    walk->stages = 0;
    walk->workers = jobs > 1 ? workers_start(walk->context->run, jobs, run_walk, walk) : NULL;
    return walk->workers != NULL;
}

bool worker_walk_broken(const struct worker_walk *walk)
{
    return walk->workers && workers_broken(walk->workers);
}

/* The stage's first message names it: the worker read the same stage. */
static bool same_stage(const struct worker_message *message, const struct stage *stage)
{
    const char *id = stage->id ? stage->id : "";
    return message->type == WORKER_MESSAGE_STAGE && message->size == strlen(id) &&
           memcmp(message->bytes, id, message->size) == 0;
}

sd_status worker_walk_receive(struct worker_walk *walk, const struct stage *stage,
                                   const char *command, struct diag_list *diags,
                                   worker_replay replay, void *data)
{
    size_t index = walk->stages++;
    if (worker_walk_broken(walk))
        return SD_INTERNAL;
    struct worker_message message;
    if (!workers_receive(walk->workers, index, &message)) {
        workers_report_broken(walk->workers, command, NULL);
        return SD_INTERNAL; /* a worker is gone */
    }
    if (!same_stage(&message, stage)) {
        workers_report_broken(walk->workers, command,
                              "un processus de travail n'a pas lu le même stage (l'entrée a-t-elle "
                              "changé pendant le travail ?)");
        return SD_IO;
    }
    bool ok = true;
    while (ok && workers_receive(walk->workers, index, &message)) {
        if (message.type == WORKER_MESSAGE_END)
            return worker_message_code(&message);
        if (message.type == WORKER_MESSAGE_DIAG)
            worker_message_add_diag(&message, diags);
        else
            ok = replay(&message, data);
    }
    workers_report_broken(walk->workers, command,
                          ok ? NULL : "message inattendu d'un processus de travail");
    return SD_INTERNAL;
}

void worker_walk_cancel(struct worker_walk *walk)
{
    if (walk->workers)
        workers_cancel(walk->workers);
    walk->workers = NULL;
}

sd_status worker_walk_finish(struct worker_walk *walk, const char *command)
{
    if (!walk->workers)
        return SD_OK;
    sd_status code = workers_finish(walk->workers, command);
    walk->workers = NULL;
    return code;
}
