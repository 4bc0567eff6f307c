/* rules_travail.c — working time and pay: limits for minors and adults, and
 * the gratification owed beyond two months of presence. */
#include "../input/xmlnode.h"
#include "rules.h"

static int week_minutes(const struct stage *stage)
{
    int total = 0;
    for (enum weekday day = LUNDI; day <= SAMEDI; day++)
        total += work_day_minutes(&stage->week[day]);
    return total;
}

static void format_minutes(int minutes, char out[16])
{
    if (minutes % 60)
        snprintf(out, 16, "%d h %02d", minutes / 60, minutes % 60);
    else
        snprintf(out, 16, "%d h", minutes / 60);
}

/* Reports days and a week longer than the limits, under the given rule id. */
static void check_time_limits(const struct rule_context *context, const char *rule,
                              const char *who, long day_limit, long week_limit)
{
    const struct stage *stage = context->stage;
    char worked[16];
    for (enum weekday day = LUNDI; day <= SAMEDI; day++) {
        int minutes = work_day_minutes(&stage->week[day]);
        if (minutes <= day_limit * 60)
            continue;
        format_minutes(minutes, worked);
        rule_report(context, SEVERITY_ERROR, stage->week[day].node, rule,
                    "raccourcissez la journée ou allongez la pause.",
                    "le %s compte %s de présence ; %s ne peut dépasser %ld h par jour.",
                    date_weekday_name_fr(day), worked, who, day_limit);
    }
    int week = week_minutes(stage);
    if (week > week_limit * 60) {
        format_minutes(week, worked);
        rule_report(context, SEVERITY_ERROR, stage->horaires, rule,
                    "réduisez les horaires de la semaine.",
                    "la semaine compte %s de présence ; %s ne peut dépasser %ld h par semaine.",
                    worked, who, week_limit);
    }
}

void rule_mineur(const struct rule_context *context)
{
    const struct stage *stage = context->stage;
    if (!context->calendar->mineur)
        return;
    if (!stage->representant_legal.node)
        rule_report(context, SEVERITY_ERROR, stage->stagiaire.node, "mineur",
                    "ajoutez <representant-legal civilite=… qualite=…> dans <stagiaire> : il "
                    "signe la convention.",
                    "le stagiaire est mineur au début du stage mais son représentant légal "
                    "n'est pas indiqué.");
    if (stage->nuit)
        rule_report(context, SEVERITY_ERROR, xml_child(stage->horaires, "nuit"), "mineur",
                    "mettez <nuit>non</nuit> et adaptez les horaires.",
                    "un stagiaire mineur ne peut pas être présent la nuit.");
    if (stage->dimanche_ferie)
        rule_report(context, SEVERITY_WARNING, xml_child(stage->horaires, "dimanche-ferie"),
                    "mineur",
                    "sauf dérogation propre au secteur, mettez <dimanche-ferie>non</dimanche-ferie>.",
                    "un stagiaire mineur a droit au repos le dimanche et les jours fériés.");
    if (stage->has_horaires)
        check_time_limits(context, "mineur", "un mineur",
                          regulation_param(context->regulation, "horaires.mineur.heures-jour") / 100,
                          regulation_param(context->regulation, "horaires.mineur.heures-semaine") /
                              100);
}

void rule_horaires(const struct rule_context *context)
{
    const struct stage *stage = context->stage;
    for (enum weekday day = LUNDI; day <= SAMEDI; day++) {
        const struct work_day *work = &stage->week[day];
        if (work->worked && work_day_minutes(work) <= 0)
            rule_report(context, SEVERITY_ERROR, work->node, "horaires",
                        "vérifiez debut, fin et pause de ce jour.",
                        "le %s ne compte aucune heure de présence (fin avant début, ou pause "
                        "trop longue).",
                        date_weekday_name_fr(day));
    }
    if (stage->has_horaires && !context->calendar->mineur)
        check_time_limits(context, "horaires", "un stagiaire majeur",
                          regulation_param(context->regulation, "horaires.majeur.heures-jour") / 100,
                          regulation_param(context->regulation, "horaires.majeur.heures-semaine") /
                              100);
}

void rule_gratification(const struct rule_context *context)
{
    const struct stage *stage = context->stage;
    long presence = context->calendar->presence_minutes;
    long threshold_hours = regulation_param(context->regulation, "gratification.seuil-heures") / 100;
    if (presence < 0 || presence <= threshold_hours * 60 || !stage->gratification)
        return;
    bool exact;
    int year = date_year(stage->debut);
    long ceiling = regulation_hourly_ceiling(context->regulation, year, &exact);
    long rate = regulation_param(context->regulation, "gratification.taux-plafond");
    long minimum = (ceiling * rate + 50) / 100; /* cents, rounded */
    if (!exact)
        rule_report(context, SEVERITY_WARNING, stage->gratification, "gratification",
                    "ajoutez le plafond de cette année à "
                    "templates/regles/plafond-horaire-securite-sociale.tsv.",
                    "le plafond horaire de la sécurité sociale de %d n'est pas connu ; la "
                    "dernière valeur connue est utilisée.",
                    year);
    if (stage->gratification_cents_per_hour < minimum)
        rule_report(context, SEVERITY_ERROR, stage->gratification, "gratification",
                    "portez montant-horaire au minimum légal au moins.",
                    "le stage dépasse %ld h de présence (%ld h) : la gratification est "
                    "obligatoire, au moins %ld,%02ld € de l'heure en %d ; %ld,%02ld € est "
                    "indiqué.",
                    threshold_hours, presence / 60, minimum / 100, minimum % 100, year,
                    stage->gratification_cents_per_hour / 100,
                    stage->gratification_cents_per_hour % 100);
}
