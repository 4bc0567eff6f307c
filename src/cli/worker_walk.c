/* worker_walk.c — a worker's walk: its stages, visited, their results sent. */
#include "worker_walk.h"

static bool owned(void *data)
{
    struct worker_walk *walk = data;
    return worker_owns(*walk->channel, walk->stages++);
}

static void visit_owned(const struct run_context *context, const struct stage *stage,
                        const struct calendar *calendar, struct diag_list *diags, void *data)
{
    struct worker_walk *walk = data;
    *walk->result = EXIT_VALID;
    *walk->diags_sent = diags->count; /* the input's own: the parent's walk says them */
    walk->visit(context, stage, calendar, diags, walk->state);
    worker_send_diags(*walk->channel, diags, walk->diags_sent);
    worker_send_end(*walk->channel, *walk->result);
}

void worker_walk_run(struct worker_channel *channel, void *data)
{
    struct worker_walk *walk = data;
    *walk->channel = channel;
    struct walk_totals silent = {.print_least = SEVERITY_ERROR + 1, .wanted = owned,
                                 .wanted_data = walk};
    for (int i = 0; i < walk->path_count; i++)
        walk_file(walk->context, walk->paths[i], visit_owned, walk, &silent);
}
