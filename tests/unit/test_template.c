/* test_template.c — the template language: interpolation, French functions,
 * variables, conditionals, loops, includes, tables, and errors that name the
 * template's file and line. Templates are written to a scratch copy of the
 * templates folder (with the real schema and référentiel). */
#include "test_support.h"

#include <sys/stat.h>

#include "base_stage.h"
#include "template/template.h"

static char scratch[64];

static void copy_file(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
    assert_non_null(in);
    assert_non_null(out);
    char buffer[8192];
    size_t got;
    while ((got = fread(buffer, 1, sizeof buffer, in)) > 0)
        assert_int_equal(fwrite(buffer, 1, got, out), got);
    fclose(in);
    fclose(out);
}

static void scratch_path(char *out, size_t size, const char *relative)
{
    snprintf(out, size, "%s/%s", scratch, relative);
}

static void write_scratch(const char *relative, const char *text)
{
    char path[256];
    scratch_path(path, sizeof path, relative);
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
}

static int setup(void **state)
{
    (void)state;
    test_world_open(&world, NULL);
    strcpy(scratch, "/tmp/stagedoc-templates-XXXXXX");
    if (!mkdtemp(scratch))
        return -1;
    const char *dirs[] = {"schema", "referentiel", "documents", "fragments"};
    char path[256], from[256];
    for (size_t i = 0; i < 4; i++) {
        scratch_path(path, sizeof path, dirs[i]);
        mkdir(path, 0755);
    }
    snprintf(from, sizeof from, "%s/schema/template.xsd", test_templates_dir());
    scratch_path(path, sizeof path, "schema/template.xsd");
    copy_file(from, path);
    snprintf(from, sizeof from, "%s/referentiel/referentiel.xml", test_templates_dir());
    scratch_path(path, sizeof path, "referentiel/referentiel.xml");
    copy_file(from, path);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    test_world_close(&world);
    char command[128];
    snprintf(command, sizeof command, "rm -rf '%s'", scratch);
    return system(command);
}

/* Renders documents/NAME.xml (given as text) against the base stage. */
struct rendered {
    struct arena arena;
    struct diag_list diags;
    struct layout_document *doc;
};

static void render(const char *name, const char *template_text, const char *stage_xml,
                   struct rendered *out)
{
    char relative[128];
    snprintf(relative, sizeof relative, "documents/%s.xml", name);
    write_scratch(relative, template_text);
    memset(out, 0, sizeof *out);
    struct template_set *set = template_set_load(scratch, &out->diags);
    assert_non_null(set);
    char *path = test_write_temp(stage_xml, strlen(stage_xml));
    struct input_options options = {.max_size = 0, .schema = world.schema};
    struct input_file *file;
    assert_int_equal(input_open(path, &options, &out->diags, &file), LOAD_OK);
    struct stage_input input;
    assert_true(input_next_stage(file, &input, &out->diags));
    struct stage stage;
    assert_true(stage_build(&stage, &input));
    struct calendar calendar;
    calendar_compute(&stage, world.holidays, &calendar);
    struct template_context values = {.stage = &stage, .calendar = &calendar, .input_dir = "/tmp",
                                      .label = stage.id,
                                      .countries = regulation_countries(world.regulation)};
    if (template_prepare(set, name, &out->diags))
        out->doc = template_render(set, name, &values, &out->arena, &out->diags);
    stage_free(&stage);
    stage_input_release(&input);
    input_close(file);
    template_set_free(set);
    unlink(path);
    free(path);
}

static void release(struct rendered *rendered)
{
    diag_list_free(&rendered->diags);
    arena_free(&rendered->arena);
}

/* All text of a run list, for comparisons. */
static void runs_text(const struct run *run, char *out, size_t size)
{
    out[0] = '\0';
    for (; run; run = run->next)
        if (run->kind == RUN_TEXT)
            strncat(out, run->text, size - strlen(out) - 1);
}

#define DOC(body) "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<document titre=\"T {@id}\">\n" body "</document>\n"

static void interpolates_xpath_and_french_functions(void **state)
{
    (void)state;
    struct rendered r;
    render("t", DOC("<p>Du {fr:date($debut)} au {fr:date($fin)}, {$semaines} semaines, "
                    "{fr:nombre($heures-presence)} h, {fr:montant(1234.5)} — {{x}}</p>\n"),
           BASE_STAGE, &r);
    assert_non_null(r.doc);
    assert_string_equal(r.doc->title, "T T-001");
    char text[512];
    runs_text(r.doc->blocks->runs, text, sizeof text);
    assert_string_equal(text, "Du mardi 18 mai 2027 au vendredi 25 juin 2027, 6 semaines, "
                              "203 h, 1\xe2\x80\xaf" "234,50\xe2\x80\xaf€ — {x}");
    release(&r);
}

static void collapses_template_whitespace_and_keeps_styles(void **state)
{
    (void)state;
    struct rendered r;
    render("t", DOC("<p>\n   Entre   <b>{etablissement/nom}</b> ,\n   et <i>lui</i>  </p>\n"),
           BASE_STAGE, &r);
    assert_non_null(r.doc);
    const struct run *run = r.doc->blocks->runs;
    assert_string_equal(run->text, "Entre ");
    assert_string_equal(run->next->text, "Lycée Gustave Eiffel");
    assert_int_equal(run->next->style, STYLE_BOLD);
    assert_string_equal(run->next->next->text, " , et ");
    assert_string_equal(run->next->next->next->text, "lui");
    assert_int_equal(run->next->next->next->style, STYLE_ITALIC);
    assert_null(run->next->next->next->next); /* trailing spaces dropped */
    release(&r);
}

static void chooses_branches_and_repeats_loops(void **state)
{
    (void)state;
    struct rendered r;
    render("t", DOC("<si test=\"$mineur\"><p>mineur</p></si>\n  <sinon><p>majeur</p></sinon>\n"
                    "<pour-chaque select=\"activites/activite\"><p>{position()}/{last()} "
                    "{fr:libelle('domaine', @domaine)}</p></pour-chaque>\n"),
           BASE_STAGE, &r);
    assert_non_null(r.doc);
    char text[256];
    const struct block *block = r.doc->blocks;
    runs_text(block->runs, text, sizeof text);
    assert_string_equal(text, "majeur");
    runs_text(block->next->runs, text, sizeof text);
    assert_string_equal(text, "1/2 Réalisation");
    runs_text(block->next->next->runs, text, sizeof text);
    assert_string_equal(text, "2/2 Mise en service");
    assert_null(block->next->next->next);
    release(&r);
}

static void builds_tables_with_header_rows(void **state)
{
    (void)state;
    struct rendered r;
    render("t", DOC("<tableau colonnes=\"1 3\" entete=\"1\"><ligne><cellule>A</cellule>"
                    "<cellule>B</cellule></ligne><pour-chaque select=\"$competences\"><ligne>"
                    "<cellule>{@code}</cellule><cellule>{.}</cellule></ligne></pour-chaque>"
                    "</tableau>\n"),
           BASE_STAGE, &r);
    assert_non_null(r.doc);
    const struct block *table = r.doc->blocks;
    assert_int_equal(table->kind, BLOCK_TABLE);
    assert_int_equal(table->column_count, 2);
    assert_true(table->column_widths[0] > 0.249f && table->column_widths[0] < 0.251f);
    assert_int_equal(table->header_rows, 1);
    int rows = 0;
    for (const struct block *row = table->children; row; row = row->next)
        rows++;
    assert_int_equal(rows, 1 + 4); /* U62: C4, C14, C15, C16 */
    assert_true(table->children->shaded);
    char text[256];
    runs_text(table->children->next->children->children->runs, text, sizeof text);
    assert_string_equal(text, "C4");
    release(&r);
}

static void includes_fragments(void **state)
{
    (void)state;
    write_scratch("fragments/nom.xml",
                  "<fragment><p>Stagiaire : {fr:majuscules(stagiaire/nom)}</p></fragment>");
    struct rendered r;
    render("t", DOC("<inclure fragment=\"nom.xml\"/><p>fin</p>\n"), BASE_STAGE, &r);
    assert_non_null(r.doc);
    char text[128];
    runs_text(r.doc->blocks->runs, text, sizeof text);
    assert_string_equal(text, "Stagiaire : MARTIN");
    release(&r);
}

static void makes_signature_blocks_checkboxes_and_footers(void **state)
{
    (void)state;
    struct rendered r;
    render("t", "<document><pied>page <numero-page/> / <nombre-pages/></pied>"
                "<p><case coche=\"horaires/nuit = 'non'\"/> non <blanc largeur=\"20mm\"/></p>"
                "<signature champ=\"tuteur\" role=\"Le tuteur\" nom=\"{tuteur/nom}\" "
                "mention=\"Vu\"/></document>",
           BASE_STAGE, &r);
    assert_non_null(r.doc);
    assert_int_equal(r.doc->footer->next->kind, RUN_PAGE_NUMBER);
    assert_int_equal(r.doc->footer->next->next->next->kind, RUN_PAGE_COUNT);
    const struct run *box = r.doc->blocks->runs;
    assert_int_equal(box->kind, RUN_CHECKBOX);
    assert_true(box->checked);
    assert_int_equal(box->next->next->kind, RUN_BLANK);
    assert_true(box->next->next->width > 56.6f && box->next->next->width < 56.8f);
    const struct block *signature = r.doc->blocks->next;
    assert_int_equal(signature->kind, BLOCK_SIGNATURE);
    assert_string_equal(signature->field_name, "tuteur");
    assert_string_equal(signature->person, "Lefèvre");
    release(&r);
}

static void names_the_template_line_of_an_error(void **state)
{
    (void)state;
    struct rendered r;
    render("broken", DOC("<p>ok</p>\n<p>{fr:date(}</p>\n"), BASE_STAGE, &r);
    assert_null(r.doc);
    const struct diag *diag = diag_find(&r.diags, "modele");
    assert_non_null(diag);
    assert_non_null(strstr(diag->file, "documents/broken.xml"));
    assert_int_equal(diag->line, 4);
    release(&r);
    render("unknown", DOC("<p>ok</p>\n<paragraphe>x</paragraphe>\n"), BASE_STAGE, &r);
    assert_null(r.doc);
    assert_non_null(diag_find(&r.diags, "schema"));
    assert_int_equal(diag_find(&r.diags, "schema")->line, 4);
    release(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(interpolates_xpath_and_french_functions),
        cmocka_unit_test(collapses_template_whitespace_and_keeps_styles),
        cmocka_unit_test(chooses_branches_and_repeats_loops),
        cmocka_unit_test(builds_tables_with_header_rows),
        cmocka_unit_test(includes_fragments),
        cmocka_unit_test(makes_signature_blocks_checkboxes_and_footers),
        cmocka_unit_test(names_the_template_line_of_an_error),
    };
    return cmocka_run_group_tests_name("template", tests, setup, teardown);
}
