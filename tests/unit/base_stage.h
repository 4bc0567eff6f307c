/* base_stage.h — a valid scolaire stage that passes every rule, written
 * compactly; tests derive failing variants from it with test_replace(). */
#ifndef STAGEDOC_TEST_BASE_STAGE_H
#define STAGEDOC_TEST_BASE_STAGE_H

#define BASE_ETABLISSEMENT                                                              \
    "<etablissement><nom>Lycée Gustave Eiffel</nom><uai>0330031E</uai>"                \
    "<adresse><ligne>143 cours de la Marne</ligne><code-postal>33000</code-postal>"     \
    "<ville>Bordeaux</ville></adresse><academie>Bordeaux</academie>"                   \
    "<representant civilite=\"M.\" fonction=\"Proviseur\"><nom>Duval</nom>"            \
    "<prenom>Marc</prenom></representant>"                                             \
    "<formation intitule=\"BTS Électrotechnique\" heures-annuelles=\"1050\"/>"         \
    "</etablissement>\n"

#define BASE_STAGE_BODY                                                                 \
    "<stagiaire><civilite>M.</civilite><nom>Martin</nom><prenom>Léo</prenom>"          \
    "<naissance>2006-03-14</naissance></stagiaire>\n"                                  \
    "<entreprise><raison-sociale>Électricité Girondine SAS</raison-sociale>"           \
    "<siret>73282932000074</siret><code-naf>43.21A</code-naf>"                         \
    "<adresse><ligne>12 rue des Forges</ligne><code-postal>33300</code-postal>"         \
    "<ville>Bordeaux</ville></adresse>"                                                \
    "<representant civilite=\"M.\" fonction=\"Gérant\"><nom>Roux</nom>"                \
    "<prenom>Paul</prenom></representant>"                                             \
    "<assurance compagnie=\"MAAF\" police=\"123\"/></entreprise>\n"                    \
    "<tuteur civilite=\"Mme\" fonction=\"Chargée d'affaires\"><nom>Lefèvre</nom>"      \
    "<prenom>Claire</prenom></tuteur>\n"                                               \
    "<enseignant-referent civilite=\"M.\" discipline=\"Génie électrique\">"            \
    "<nom>Garnier</nom><prenom>Luc</prenom></enseignant-referent>\n"                   \
    "<periode debut=\"2027-05-18\" fin=\"2027-06-25\"/>\n"                             \
    "<horaires>"                                                                       \
    "<jour nom=\"lundi\" debut=\"08:00\" fin=\"16:00\" pause=\"01:00\"/>"              \
    "<jour nom=\"mardi\" debut=\"08:00\" fin=\"16:00\" pause=\"01:00\"/>"              \
    "<jour nom=\"mercredi\" debut=\"08:00\" fin=\"16:00\" pause=\"01:00\"/>"           \
    "<jour nom=\"jeudi\" debut=\"08:00\" fin=\"16:00\" pause=\"01:00\"/>"              \
    "<jour nom=\"vendredi\" debut=\"08:00\" fin=\"16:00\" pause=\"01:00\"/>"           \
    "<nuit>non</nuit></horaires>\n"                                                    \
    "<gratification montant-horaire=\"0.00\" versement=\"mensuel\"/>\n"                \
    "<activites><activite domaine=\"realisation\">Câblage d'armoires.</activite>"      \
    "<activite domaine=\"mise-en-service\">Mise en service d'un variateur.</activite>" \
    "</activites>\n"                                                                   \
    "<unite>U62</unite>\n"                                                             \
    "<suivi><modalites>Visite à mi-stage.</modalites><visite date=\"2027-06-02\"/>"    \
    "</suivi>\n"

#define BASE_STAGE                                                                      \
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"                                      \
    "<stage version=\"1\" id=\"T-001\" voie=\"scolaire\" annee=\"1\">\n"               \
    "<session>2027</session>\n" BASE_ETABLISSEMENT BASE_STAGE_BODY "</stage>\n"

#endif
