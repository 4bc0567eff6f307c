/* stage_select.c — matching --stage values against a stage. */
#include "stage_select.h"

#include <stdlib.h>
#include <string.h>

#include "../input/xmlnode.h"
#include "../util/array.h"
#include "../util/fold.h"
#include "../util/strbuf.h"

bool stage_selection_add(struct stage_selection *selection, const char *value)
{
    if (!ARRAY_GROW(selection->wanted, selection->capacity, selection->count + 1))
        return false;
    selection->wanted[selection->count] = strdup(value);
    return selection->wanted[selection->count++] != NULL;
}

static bool same_name(const char *wanted, const char *first, const char *second)
{
    struct strbuf name = STRBUF_INIT;
    strbuf_printf(&name, "%s %s", first ? first : "", second ? second : "");
    char *a = fold_for_comparison(wanted), *b = fold_for_comparison(strbuf_str(&name));
    bool same = a && b && *a && !strcmp(a, b);
    free(a);
    free(b);
    strbuf_free(&name);
    return same;
}

bool stage_selection_has_id(const struct stage_selection *selection, const char *id)
{
    for (size_t i = 0; i < selection->count; i++)
        if (!strcmp(selection->wanted[i], id))
            return true;
    return false;
}

bool stage_selection_has(const struct stage_selection *selection, const struct stage *stage)
{
    if (!selection->count || stage_selection_has_id(selection, stage->id))
        return true;
    char *number = xml_child_text(xml_child(stage->root, "stagiaire"), "numero-candidat");
    const char *nom = stage->stagiaire.nom, *prenom = stage->stagiaire.prenom;
    bool wanted = false;
    for (size_t i = 0; i < selection->count && !wanted; i++)
        wanted = (number && !strcmp(selection->wanted[i], number)) ||
                 same_name(selection->wanted[i], nom, prenom) ||
                 same_name(selection->wanted[i], prenom, nom);
    free(number);
    return wanted;
}

void stage_selection_free(struct stage_selection *selection)
{
    for (size_t i = 0; i < selection->count; i++)
        free(selection->wanted[i]);
    free(selection->wanted);
    selection->wanted = NULL;
    selection->count = selection->capacity = 0;
}
