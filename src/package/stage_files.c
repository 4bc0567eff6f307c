/* stage_files.c — reading rapport, documents-anglais, documents-signes and
 * the logo, and opening their files under the root. */
#include "stage_files.h"

#include <stdlib.h>
#include <string.h>

#include "../input/input.h"
#include "../input/source.h"
#include "../input/xmlnode.h"
#include "../util/file.h"

const char *const signed_document_names[SIGNED_DOCUMENT_KINDS] = {
    "convention", "strategie", "attestation", "grille", "contrat",
};

static bool read_file(xmlNodePtr node, const char *folder, struct stage_file *file)
{
    memset(file, 0, sizeof *file);
    file->node = node;
    file->folder = folder;
    file->written = node ? xml_attr(node, "fichier") : NULL;
    if (!file->written)
        return true;
    file->path = file->written[0] == '/' ? strdup(file->written)
                                         : path_join(folder, file->written);
    file->titre = xml_attr(node, "titre");
    file->nature = xml_attr(node, "nature");
    file->source = xml_attr(node, "source");
    return file->path != NULL;
}

static bool read_english(xmlNodePtr root, const char *folder, struct stage_files *files)
{
    xmlNodePtr documents = xml_child(root, "documents-anglais");
    size_t count = xml_count_children(documents, "document");
    if (!documents || count == 0)
        return true;
    files->anglais = calloc(count, sizeof *files->anglais);
    if (!files->anglais)
        return false;
    XML_FOR_EACH_CHILD(document, documents, "document")
        if (!read_file(document, folder, &files->anglais[files->anglais_count++]))
            return false;
    return true;
}

static bool read_signed(xmlNodePtr root, const char *folder, struct stage_files *files)
{
    xmlNodePtr signes = xml_child(root, "documents-signes");
    for (size_t i = 0; i < SIGNED_DOCUMENT_KINDS; i++)
        if (!read_file(signes ? xml_child(signes, signed_document_names[i]) : NULL, folder,
                       &files->signes[i]))
            return false;
    return true;
}

bool stage_files_read(const struct stage *stage, struct stage_files *files)
{
    memset(files, 0, sizeof *files);
    char *folder = stage_input_folder(stage->input); /* where relative paths start */
    if (!folder)
        return false;
    xmlNodePtr root = stage->root;
    files->stagiaire = xml_child(root, "stagiaire");
    files->numero_candidat = xml_child_text(files->stagiaire, "numero-candidat");
    files->academie = xml_child_text(xml_child(root, "etablissement"), "academie");
    xmlNodePtr rapport = xml_child(root, "rapport");
    files->rapport_transmis = rapport ? xml_attr(rapport, "transmis-le") : NULL;
    files->folder = folder;
    xmlNodePtr logo = xml_child(xml_child(root, "etablissement"), "logo");
    return read_file(rapport, folder, &files->rapport) && read_english(root, folder, files) &&
           read_signed(root, folder, files) && read_file(logo, folder, &files->logo);
}

const struct stage_file *stage_files_signed(const struct stage_files *files, const char *name)
{
    for (size_t i = 0; i < SIGNED_DOCUMENT_KINDS; i++)
        if (strcmp(signed_document_names[i], name) == 0)
            return files->signes[i].path ? &files->signes[i] : NULL;
    return NULL;
}

void stage_files_free(struct stage_files *files)
{
    free(files->numero_candidat);
    free(files->academie);
    free(files->rapport.path);
    for (size_t i = 0; i < files->anglais_count; i++)
        free(files->anglais[i].path);
    free(files->anglais);
    for (size_t i = 0; i < SIGNED_DOCUMENT_KINDS; i++)
        free(files->signes[i].path);
    free(files->logo.path);
    free(files->folder);
    memset(files, 0, sizeof *files);
}

bool stage_file_read(const struct stage_file *file, const char *root, size_t max_size,
                     char **data, size_t *size, struct confine_result *result)
{
    return confine_read_all(root, file->folder, file->written, max_size, data, size, result);
}

void stage_file_say_outside(const struct stage_file *file, const char *root,
                            const char *stage_id, struct diag_list *diags)
{
    diag_add(diags, SEVERITY_ERROR, source_node_position(file->node), "chemin", stage_id,
             "déposez le fichier avec les autres, sans chemin qui en sorte (ni chemin "
             "absolu ailleurs, ni « .. », ni lien vers l'extérieur).",
             "le fichier « %s » est hors du dossier autorisé « %s ».", file->written, root);
}

static void check_file(const struct stage_file *file, const char *root, const char *stage_id,
                       struct diag_list *diags)
{
    if (file->written && confine_leads_out(root, file->folder, file->written))
        stage_file_say_outside(file, root, stage_id, diags);
}

bool stage_files_check_root(const struct stage *stage, const char *root,
                            struct diag_list *diags)
{
    if (!root)
        return true;
    struct stage_files files;
    if (!stage_files_read(stage, &files)) {
        stage_files_free(&files);
        return false;
    }
    check_file(&files.rapport, root, stage->id, diags);
    for (size_t i = 0; i < files.anglais_count; i++)
        check_file(&files.anglais[i], root, stage->id, diags);
    for (size_t i = 0; i < SIGNED_DOCUMENT_KINDS; i++)
        check_file(&files.signes[i], root, stage->id, diags);
    check_file(&files.logo, root, stage->id, diags);
    stage_files_free(&files);
    return true;
}
