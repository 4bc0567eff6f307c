/* planning.h — the class at a glance: for each student, the days of the
 * stage, the evaluation week, the report deadline and the visits (an
 * apprentice's too), over the weeks they span, with weekends and public
 * holidays marked by hatching that survives black-and-white printing.
 *
 * The planning is built as a small XML document (the template
 * templates/documents/planning.xml draws it as a Gantt chart), so that its
 * look stays in data and this module only computes. */
#ifndef STAGEDOC_MODEL_PLANNING_H
#define STAGEDOC_MODEL_PLANNING_H

#include <libxml/tree.h>

#include "calendar.h"
#include "holidays.h"
#include "stage.h"

/* At most this many weeks in one table; longer spans make several. */
#define PLANNING_WEEKS_PER_TABLE 9

struct planning;

struct planning *planning_new(void);
/* Records a stage (its strings are copied). Stages without a period
 * (apprentices, exempted candidates) are recorded with their status. */
void planning_add(struct planning *planning, const struct stage *stage,
                  const struct calendar *calendar);
size_t planning_count(const struct planning *planning);
/* The XML the planning template reads; NULL when memory runs out.
 *   <planning classe session etablissement stagiaires debut fin>
 *                                     stagiaires: how many students in all
 *     <bloc colonnes="…">             one table of at most 9 weeks
 *       <semaine numero debut jours/> the ISO weeks, for the header
 *       <jour date type fond motif/>  ouvre | weekend | ferie
 *       <eleve id nom prenom entreprise statut hors-planning>  the marks outside the
 *                                     chart, in words ("rapport le 05/05/2028")
 *         <j etat fond motif/>       hors | stage | evaluation | visite | limite | ferie | weekend
 *       </eleve>
 *     </bloc>
 *   </planning> */
xmlDocPtr planning_document(const struct planning *planning, const struct holidays *holidays,
                            const char *classe, const char *session, const char *etablissement);

/* A part of that document, for a class too large to lay out whole: one
 * table (0-based; -1: every table) with the students [first_row,
 * first_row + row_count) of the class, in order. */
struct planning_part {
    int table;
    size_t first_row, row_count;
};
xmlDocPtr planning_document_part(const struct planning *planning, const struct holidays *holidays,
                                 const char *classe, const char *session,
                                 const char *etablissement, const struct planning_part *part);
/* How many <bloc> the document has (tables of at most 9 weeks). */
int planning_table_count(const struct planning *planning);
void planning_free(struct planning *planning);

#endif
