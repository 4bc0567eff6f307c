/* stage.c — reading a stage's XML into the typed model. */
#include "stage.h"

#include <stdlib.h>
#include <string.h>

#include "../input/xmlnode.h"

const char *voie_name(enum voie voie)
{
    switch (voie) {
    case VOIE_SCOLAIRE: return "scolaire";
    case VOIE_APPRENTISSAGE: return "apprentissage";
    case VOIE_FORMATION_CONTINUE: return "formation-continue";
    }
    return "?";
}

const char *stage_child_text(struct stage *stage, xmlNodePtr parent, const char *name)
{
    char *text = xml_child_text(parent, name);
    const char *copy = arena_strdup(&stage->arena, text);
    free(text);
    return copy;
}

date_t stage_date_attr(xmlNodePtr node, const char *name)
{
    date_t date;
    return date_parse_iso(xml_attr(node, name), &date) ? date : DATE_NONE;
}

static date_t child_date(xmlNodePtr parent, const char *name)
{
    char *text = xml_child_text(parent, name);
    date_t date;
    bool ok = date_parse_iso(text, &date);
    free(text);
    return ok ? date : DATE_NONE;
}

long stage_hundredths_attr(xmlNodePtr node, const char *name)
{
    const char *text = xml_attr(node, name);
    if (!text || !*text)
        return -1;
    char *end;
    long whole = strtol(text, &end, 10);
    long fraction = 0;
    if (*end == '.') {
        const char *digits = end + 1;
        if (digits[0] >= '0' && digits[0] <= '9') {
            fraction = (digits[0] - '0') * 10;
            if (digits[1] >= '0' && digits[1] <= '9')
                fraction += digits[1] - '0';
        }
    }
    return whole * 100 + fraction;
}

/* "HH:MM" in minutes; the schema has checked the form. */
static int minutes_attr(xmlNodePtr node, const char *name)
{
    const char *text = xml_attr(node, name);
    if (!text || strlen(text) != 5)
        return 0;
    return ((text[0] - '0') * 10 + (text[1] - '0')) * 60 + (text[3] - '0') * 10 + (text[4] - '0');
}

static void read_person(struct stage *stage, xmlNodePtr node, struct person *person)
{
    person->node = node;
    if (!node)
        return;
    person->civilite = arena_strdup(&stage->arena, xml_attr(node, "civilite"));
    person->fonction = arena_strdup(&stage->arena, xml_attr(node, "fonction"));
    person->nom = stage_child_text(stage, node, "nom");
    person->prenom = stage_child_text(stage, node, "prenom");
}

static enum weekday weekday_from_name(const char *name)
{
    for (enum weekday day = LUNDI; day <= DIMANCHE; day++)
        if (name && strcmp(name, date_weekday_name_fr(day)) == 0)
            return day;
    return 0;
}

static bool is_oui(struct stage *stage, xmlNodePtr parent, const char *name)
{
    const char *text = stage_child_text(stage, parent, name);
    return text && strcmp(text, "oui") == 0;
}

static void read_horaires(struct stage *stage)
{
    xmlNodePtr horaires = xml_child(stage->root, "horaires");
    stage->horaires = horaires;
    stage->has_horaires = horaires != NULL;
    XML_FOR_EACH_CHILD(jour, horaires, "jour") {
        enum weekday day = weekday_from_name(xml_attr(jour, "nom"));
        if (!day)
            continue;
        struct work_day *work = &stage->week[day];
        work->worked = true;
        work->node = jour;
        work->start_minutes = minutes_attr(jour, "debut");
        work->end_minutes = minutes_attr(jour, "fin");
        work->pause_minutes = minutes_attr(jour, "pause");
    }
    stage->nuit = is_oui(stage, horaires, "nuit");
    stage->dimanche_ferie = is_oui(stage, horaires, "dimanche-ferie");
}

int work_day_minutes(const struct work_day *day)
{
    return day->worked ? day->end_minutes - day->start_minutes - day->pause_minutes : 0;
}

/* The stage happens where lieu-stage says, else at the company's address;
 * a foreign identifier also marks a company abroad. */
static const char *stage_country(struct stage *stage)
{
    xmlNodePtr entreprise = stage->entreprise;
    const char *pays = stage_child_text(stage, xml_path(entreprise, "lieu-stage/adresse"), "pays");
    if (!pays)
        pays = stage_child_text(stage, xml_child(entreprise, "adresse"), "pays");
    if (!pays)
        pays = arena_strdup(&stage->arena, xml_attr(xml_child(entreprise, "identifiant"), "pays"));
    return pays ? pays : "FR";
}

static void read_parties(struct stage *stage)
{
    xmlNodePtr root = stage->root;
    xmlNodePtr stagiaire = xml_child(root, "stagiaire");
    read_person(stage, stagiaire, &stage->stagiaire);
    stage->naissance = child_date(stagiaire, "naissance");
    read_person(stage, xml_child(stagiaire, "representant-legal"), &stage->representant_legal);
    stage->redoublement =
        arena_strdup(&stage->arena, xml_attr(xml_child(stagiaire, "redoublement"), "rapport"));
    stage->etablissement = xml_child(root, "etablissement");
    stage->etablissement_nom = stage_child_text(stage, stage->etablissement, "nom");
    stage->entreprise = xml_child(root, "entreprise");
    stage->entreprise_nom = stage_child_text(stage, stage->entreprise, "raison-sociale");
    stage->pays = stage_country(stage);
}

static void read_periods(struct stage *stage)
{
    xmlNodePtr root = stage->root;
    stage->periode_count = (int)xml_count_children(root, "periode");
    stage->periode = xml_child(root, "periode");
    stage->debut = stage_date_attr(stage->periode, "debut");
    stage->fin = stage_date_attr(stage->periode, "fin");
    stage->amenagement = xml_child(root, "amenagement");
    stage->apprentissage = xml_child(root, "apprentissage");
    xmlNodePtr contrat = xml_child(stage->apprentissage, "contrat");
    stage->contrat_debut = stage_date_attr(contrat, "debut");
    stage->contrat_fin = stage_date_attr(contrat, "fin");
    stage->epreuves_ecrites =
        stage_date_attr(xml_child(stage->apprentissage, "epreuves-ecrites"), "debut");
}

static void read_identity(struct stage *stage)
{
    xmlNodePtr root = stage->root;
    const char *voie = xml_attr(root, "voie");
    stage->voie = voie && strcmp(voie, "apprentissage") == 0        ? VOIE_APPRENTISSAGE
                  : voie && strcmp(voie, "formation-continue") == 0 ? VOIE_FORMATION_CONTINUE
                                                                    : VOIE_SCOLAIRE;
    const char *annee = xml_attr(root, "annee");
    stage->annee = annee ? atoi(annee) : 0;
    stage->session = stage_child_text(stage, root, "session");
    stage->unite = stage_child_text(stage, root, "unite");
    stage->dispense = xml_child(root, "dispense");
    stage->dispense_motif = arena_strdup(&stage->arena, xml_attr(stage->dispense, "motif"));
}

bool stage_build(struct stage *stage, const struct stage_input *input)
{
    memset(stage, 0, sizeof *stage);
    stage->input = input;
    stage->root = input->root;
    stage->id = input->id;
    stage->label = input->in_promotion ? input->id : NULL;
    read_identity(stage);
    read_parties(stage);
    read_periods(stage);
    read_horaires(stage);
    stage->gratification = xml_child(stage->root, "gratification");
    stage->gratification_cents_per_hour =
        stage_hundredths_attr(stage->gratification, "montant-horaire");
    long absences = stage_hundredths_attr(xml_child(stage->root, "attestation"),
                                          "absences-heures");
    stage->absences_minutes = absences > 0 ? absences * 60 / 100 : 0;
    return !stage->arena.failed;
}

void stage_free(struct stage *stage)
{
    arena_free(&stage->arena);
}
