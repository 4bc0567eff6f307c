/* stage_select.h — `--stage`: the students a command is asked to redo, by
 * id, candidate number or « NOM Prénom » (either order, any case or
 * accents). Shared by build and bundle. */
#ifndef STAGEDOC_ENGINE_STAGE_SELECT_H
#define STAGEDOC_ENGINE_STAGE_SELECT_H

#include <stdbool.h>
#include <stddef.h>

#include "../model/stage.h"

struct stage_selection {
    char **wanted;
    size_t count; /* 0: every stage */
    size_t capacity;
};

/* Adds one --stage value; false when memory runs out. */
bool stage_selection_add(struct stage_selection *selection, const char *value);
/* Is stage asked for (always, without --stage)? */
bool stage_selection_has(const struct stage_selection *selection, const struct stage *stage);
/* Is this id one of the values given (for files indexed by id)? */
bool stage_selection_has_id(const struct stage_selection *selection, const char *id);
void stage_selection_free(struct stage_selection *selection);

#endif
