/* test_workbook.c — class workbooks written as XLSX, ODS and a folder of
 * CSV files: read back with the project's readers (codes stay text with
 * their leading zeros, dates come back as dates), the parts that carry the
 * formats, lists and notes, every XML part well formed, the same bytes
 * twice and in any time zone, and the names refused. */
#include "test_support.h"

#include <libxml/parser.h>
#include <time.h>
#include <zip.h>

#include "import/ods.h"
#include "import/table.h"
#include "import/workbook.h"
#include "import/xlsx.h"
#include "util/file.h"

#define BOOK_DATE 1790000000LL /* 2026-09-21T14:13:20Z */

/* Forty companies: too long a list for an XLSX formula (hidden sheet). */
static char companies[40][40];

/* Three sheets: pupils (text codes, a date, a number, two lists, notes),
 * activities (a short list), evaluation (text, date, number). */
static void build(struct workbook *book)
{
    workbook_init(book, BOOK_DATE);
    const char *statuses[] = {"scolaire", "apprenti", "formation continue"};
    const char *company_list[40];
    for (int i = 0; i < 40; i++) {
        snprintf(companies[i], sizeof companies[i], "Entreprise n° %02d, SARL", i + 1);
        company_list[i] = companies[i];
    }
    struct workbook_sheet *pupils = workbook_add_sheet(book, "Stagiaires");
    assert_non_null(pupils);
    assert_true(workbook_add_column(pupils, "Nom", "Nom de famille.\nExemple : N'Diaye",
                                    WORKBOOK_GENERAL, NULL, 0, 0));
    assert_true(workbook_add_column(pupils, "Code postal", "Cinq chiffres : 01000",
                                    WORKBOOK_TEXT, NULL, 0, 12));
    assert_true(workbook_add_column(pupils, "INE", NULL, WORKBOOK_TEXT, NULL, 0, 0));
    assert_true(workbook_add_column(pupils, "Naissance", "JJ/MM/AAAA", WORKBOOK_DATE, NULL, 0, 0));
    assert_true(workbook_add_column(pupils, "Moyenne", NULL, WORKBOOK_GENERAL, NULL, 0, 0));
    assert_true(workbook_add_column(pupils, "Statut", NULL, WORKBOOK_GENERAL, statuses, 3, 0));
    assert_true(workbook_add_column(pupils, "Entreprise", NULL, WORKBOOK_GENERAL, company_list,
                                    40, 30));
    char name[] = "N'Diaye <Aïssatou> & co";
    struct workbook_row *row = workbook_add_row(pupils);
    assert_true(workbook_set(row, 0, WORKBOOK_VALUE_TEXT, name));
    name[0] = 'X'; /* the model holds its own copy */
    assert_true(workbook_set(row, 1, WORKBOOK_VALUE_TEXT, "01000"));
    assert_true(workbook_set(row, 2, WORKBOOK_VALUE_TEXT, "02755500001"));
    assert_true(workbook_set(row, 3, WORKBOOK_VALUE_DATE, "2008-02-29"));
    assert_true(workbook_set(row, 4, WORKBOOK_VALUE_NUMBER, "14.25"));
    assert_true(workbook_set(row, 5, WORKBOOK_VALUE_TEXT, "apprenti"));
    assert_true(workbook_set(row, 6, WORKBOOK_VALUE_TEXT, companies[3]));
    row = workbook_add_row(pupils);
    assert_true(workbook_set(row, 0, WORKBOOK_VALUE_TEXT, "remplacé"));
    assert_true(workbook_set(row, 0, WORKBOOK_VALUE_TEXT, "Durand; \"Jo\""));
    assert_true(workbook_set(row, 1, WORKBOOK_VALUE_NUMBER, "33000")); /* text column: text */
    assert_true(workbook_set(row, 3, WORKBOOK_VALUE_DATE, "1999-12-31"));
    struct workbook_sheet *activities = workbook_add_sheet(book, "Activités");
    assert_true(workbook_add_column(activities, "Domaine", "D1 à D4", WORKBOOK_GENERAL,
                                    (const char *const[]){"D1", "D2", "D3", "D4"}, 4, 0));
    assert_true(workbook_add_column(activities, "Activité", NULL, WORKBOOK_GENERAL, NULL, 0, 0));
    row = workbook_add_row(activities);
    assert_true(workbook_set(row, 0, WORKBOOK_VALUE_TEXT, "D2"));
    assert_true(workbook_set(row, 1, WORKBOOK_VALUE_TEXT, "  Câblage  armoire\tB"));
    struct workbook_sheet *evaluation = workbook_add_sheet(book, "Évaluation");
    assert_true(workbook_add_column(evaluation, "Code", NULL, WORKBOOK_TEXT, NULL, 0, 0));
    assert_true(workbook_add_column(evaluation, "Date", NULL, WORKBOOK_DATE, NULL, 0, 0));
    assert_true(workbook_add_column(evaluation, "Note", NULL, WORKBOOK_GENERAL, NULL, 0, 0));
    row = workbook_add_row(evaluation);
    assert_true(workbook_set(row, 0, WORKBOOK_VALUE_TEXT, "007"));
    assert_true(workbook_set(row, 1, WORKBOOK_VALUE_DATE, "2027-05-18"));
    assert_true(workbook_set(row, 2, WORKBOOK_VALUE_NUMBER, "15.5"));
}

static char *scratch_dir(void)
{
    char *dir = strdup("/tmp/stagedoc-workbook-XXXXXX");
    assert_non_null(mkdtemp(dir));
    return dir;
}

static char *read_file(const char *dir, const char *name, size_t *size)
{
    char *path = path_join(dir, name);
    char *data = NULL;
    assert_int_equal(file_read_all(path, 64u << 20, &data, size), FILE_OK);
    free(path);
    return data;
}

static void remove_file(const char *dir, const char *name)
{
    char *path = path_join(dir, name);
    assert_int_equal(unlink(path), 0);
    free(path);
}

/* The part's text (heap), or NULL when the package has no such part. */
static char *part_text(const void *bytes, size_t size, const char *name)
{
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t *source = zip_source_buffer_create(bytes, size, 0, &error);
    zip_t *zip = zip_open_from_source(source, ZIP_RDONLY, &error);
    assert_non_null(zip);
    zip_stat_t stat;
    char *text = NULL;
    if (zip_stat(zip, name, 0, &stat) == 0) {
        zip_file_t *file = zip_fopen(zip, name, 0);
        text = calloc(1, stat.size + 1);
        assert_int_equal(zip_fread(file, text, stat.size), (zip_int64_t)stat.size);
        zip_fclose(file);
    }
    zip_close(zip);
    zip_error_fini(&error);
    return text;
}

static void assert_part_has(const void *bytes, size_t size, const char *name, const char *what)
{
    char *text = part_text(bytes, size, name);
    assert_non_null(text);
    if (!strstr(text, what))
        fail_msg("%s has no %s", name, what);
    free(text);
}

/* Every part of the package, but the mimetype, is well-formed XML. */
static void assert_parts_are_xml(const void *bytes, size_t size)
{
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t *source = zip_source_buffer_create(bytes, size, 0, &error);
    zip_t *zip = zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &error);
    assert_non_null(zip);
    zip_int64_t count = zip_get_num_entries(zip, 0);
    assert_true(count > 3);
    for (zip_int64_t i = 0; i < count; i++) {
        const char *name = zip_get_name(zip, (zip_uint64_t)i, 0);
        if (!strcmp(name, "mimetype"))
            continue;
        char *text = part_text(bytes, size, name);
        xmlDocPtr doc = xmlReadMemory(text, (int)strlen(text), name, NULL, XML_PARSE_NONET);
        if (!doc)
            fail_msg("%s is not well-formed XML", name);
        xmlFreeDoc(doc);
        free(text);
    }
    zip_close(zip);
    zip_error_fini(&error);
}

static const struct table_cell *cell_at(const struct table *table, unsigned number, size_t column)
{
    const struct table_row *row = table_find_row(table, number);
    assert_non_null(row);
    const struct table_cell *cell = table_cell(row, column);
    assert_non_null(cell);
    return cell;
}

static void assert_cell(const struct table *table, unsigned number, size_t column,
                        enum cell_kind kind, const char *text)
{
    const struct table_cell *cell = cell_at(table, number, column);
    if (cell->kind != kind || strcmp(cell->text ? cell->text : "", text))
        fail_msg("row %u column %zu: kind %d \"%s\", expected kind %d \"%s\"", number, column,
                 cell->kind, cell->text ? cell->text : "", kind, text);
}

/* The sheets as both readers see them: the three of the model, in order,
 * and the hidden sheet of long lists (XLSX) hidden, whatever reads it. */
static void assert_sheets(const struct table_set *set, bool lists)
{
    const char *names[] = {"Stagiaires", "Activités", "Évaluation"};
    assert_int_equal(set->count, 3 + lists);
    for (size_t i = 0; i < 3; i++) {
        assert_string_equal(set->tables[i].sheet, names[i]);
        assert_false(set->tables[i].hidden);
    }
    if (lists) {
        assert_string_equal(set->tables[3].sheet, "Listes");
        assert_true(set->tables[3].hidden);
    }
    assert_cell(&set->tables[1], 2, 0, CELL_TEXT, "D2");
    assert_cell(&set->tables[2], 2, 0, CELL_TEXT, "007");
    assert_cell(&set->tables[2], 2, 1, CELL_DATE, "2027-05-18");
    assert_cell(&set->tables[2], 2, 2, CELL_NUMBER, "15.5");
}

/* The first sheet as both readers see it. */
static void assert_first_sheet(const struct table *table)
{
    assert_string_equal(table->sheet, "Stagiaires");
    assert_cell(table, 1, 0, CELL_TEXT, "Nom");
    assert_cell(table, 1, 6, CELL_TEXT, "Entreprise");
    assert_cell(table, 2, 0, CELL_TEXT, "N'Diaye <Aïssatou> & co");
    assert_cell(table, 2, 1, CELL_TEXT, "01000");
    assert_cell(table, 2, 2, CELL_TEXT, "02755500001");
    assert_cell(table, 2, 3, CELL_DATE, "2008-02-29");
    assert_cell(table, 2, 4, CELL_NUMBER, "14.25");
    assert_true(table_cell_number(cell_at(table, 2, 4)) == 14.25);
    assert_cell(table, 2, 5, CELL_TEXT, "apprenti");
    assert_cell(table, 2, 6, CELL_TEXT, "Entreprise n° 04, SARL");
    assert_cell(table, 3, 0, CELL_TEXT, "Durand; \"Jo\"");
    assert_cell(table, 3, 1, CELL_TEXT, "33000");
    assert_cell(table, 3, 3, CELL_DATE, "1999-12-31");
    assert_null(table_find_row(table, 4)); /* the empty rows below read as nothing */
}

static void writes_xlsx(void **state)
{
    (void)state;
    struct workbook book;
    build(&book);
    char *dir = scratch_dir();
    char *path = path_join(dir, "classe.xlsx");
    struct strbuf error = STRBUF_INIT;
    assert_true(workbook_write_xlsx(&book, path, &error));
    size_t size;
    char *bytes = read_file(dir, "classe.xlsx", &size);
    assert_parts_are_xml(bytes, size);
    struct table_set set = {0};
    if (!xlsx_read((const unsigned char *)bytes, size, "classe.xlsx", &set, &error))
        fail_msg("%s", strbuf_str(&error));
    assert_sheets(&set, true);
    assert_first_sheet(&set.tables[0]);
    table_set_free(&set);

    assert_part_has(bytes, size, "xl/workbook.xml", "<sheet name=\"Activités\" sheetId=\"2\"");
    assert_part_has(bytes, size, "xl/workbook.xml", "<sheet name=\"Évaluation\" sheetId=\"3\"");
    assert_part_has(bytes, size, "xl/workbook.xml",
                    "<sheet name=\"Listes\" sheetId=\"4\" state=\"hidden\"");
    assert_part_has(bytes, size, "xl/styles.xml", "<numFmt numFmtId=\"164\" "
                                 "formatCode=\"dd/mm/yyyy\"/>");
    assert_part_has(bytes, size, "xl/styles.xml", "<xf numFmtId=\"49\"");
    const char *sheet = "xl/worksheets/sheet1.xml";
    assert_part_has(bytes, size, sheet, "<pane ySplit=\"1\" topLeftCell=\"A2\"");
    assert_part_has(bytes, size, sheet, "<col min=\"2\" max=\"2\" width=\"12.7\" "
                                        "customWidth=\"1\" style=\"2\"/>");
    assert_part_has(bytes, size, sheet, "<col min=\"4\" max=\"4\" width=\"12.7\" "
                                        "customWidth=\"1\" style=\"3\"/>");
    assert_part_has(bytes, size, sheet, "<c r=\"A1\" s=\"1\" t=\"inlineStr\">");
    assert_part_has(bytes, size, sheet, "<c r=\"D2\" s=\"3\"><v>39507</v></c>");
    assert_part_has(bytes, size, sheet, "<c r=\"E2\"><v>14.25</v></c>");
    assert_part_has(bytes, size, sheet, "sqref=\"F2:F1000\"><formula1>&quot;scolaire,apprenti,"
                                        "formation continue&quot;</formula1>");
    assert_part_has(bytes, size, sheet, "sqref=\"G2:G1000\"><formula1>"
                                        "Listes!$A$1:$A$40</formula1>");
    assert_part_has(bytes, size, sheet, "errorStyle=\"warning\" allowBlank=\"1\"");
    assert_part_has(bytes, size, sheet, "error=\"Choisissez une valeur de la liste.\"");
    assert_part_has(bytes, size, sheet, "<legacyDrawing r:id=\"rId1\"/>");
    assert_part_has(bytes, size, "xl/worksheets/sheet4.xml",
                    "<c r=\"A40\" s=\"2\" t=\"inlineStr\"><is><t xml:space=\"preserve\">"
                    "Entreprise n° 40, SARL");
    assert_part_has(bytes, size, "xl/comments1.xml", "<author>stagedoc</author>");
    assert_part_has(bytes, size, "xl/comments1.xml",
                    "<comment ref=\"A1\" authorId=\"0\"><text><r><t xml:space=\"preserve\">"
                    "Nom de famille.\nExemple : N&apos;Diaye</t>");
    assert_part_has(bytes, size, "xl/drawings/vmlDrawing1.vml", "<x:Row>0</x:Row><x:Column>"
                                 "3</x:Column>");
    assert_part_has(bytes, size, "xl/worksheets/_rels/sheet2.xml.rels", "../comments2.xml");
    assert_part_has(bytes, size, "[Content_Types].xml", "/xl/comments2.xml");
    assert_null(part_text(bytes, size, "xl/comments3.xml")); /* no note on Évaluation */
    assert_part_has(bytes, size, "docProps/core.xml", "2026-09-21T14:13:20Z");
    remove_file(dir, "classe.xlsx");
    assert_int_equal(rmdir(dir), 0);
    free(bytes);
    free(path);
    free(dir);
    strbuf_free(&error);
    workbook_free(&book);
}

static void writes_ods(void **state)
{
    (void)state;
    struct workbook book;
    build(&book);
    char *dir = scratch_dir();
    char *path = path_join(dir, "classe.ods");
    struct strbuf error = STRBUF_INIT;
    assert_true(workbook_write_ods(&book, path, &error));
    size_t size;
    char *bytes = read_file(dir, "classe.ods", &size);
    /* mimetype first, stored: its name at 30, its text at 38 */
    assert_true(size > 100);
    assert_memory_equal(bytes + 30, "mimetypeapplication/vnd.oasis.opendocument.spreadsheet", 54);
    assert_parts_are_xml(bytes, size);
    struct table_set set = {0};
    if (!ods_read((const unsigned char *)bytes, size, "classe.ods", &set, &error))
        fail_msg("%s", strbuf_str(&error));
    assert_sheets(&set, false);
    assert_first_sheet(&set.tables[0]);
    table_set_free(&set);

    const char *content = "content.xml";
    assert_part_has(bytes, size, content, "<table:table table:name=\"Activités\"");
    assert_part_has(bytes, size, content, "<table:table table:name=\"Évaluation\"");
    assert_part_has(bytes, size, content, "<number:text-style style:name=\"NTexte\">"
                                          "<number:text-content/>");
    assert_part_has(bytes, size, content, "<number:day number:style=\"long\"/><number:text>"
                                          "/</number:text>"
                                          "<number:month number:style=\"long\"/>");
    assert_part_has(bytes, size, content, "<table:table-column table:style-name=\"co1_2\" "
                                          "table:default-cell-style-name=\"ceTexte\"/>");
    assert_part_has(bytes, size, content, "<table:table-column table:style-name=\"co1_4\" "
                                          "table:default-cell-style-name=\"ceDate\"/>");
    assert_part_has(bytes, size, content, "table:style-name=\"ceDate\" office:value-type=\"date\" "
                                          "office:date-value=\"2008-02-29\"><text:p>"
                                          "29/02/2008</text:p>");
    assert_part_has(bytes, size, content, "office:value-type=\"float\" office:value=\"14.25\"");
    assert_part_has(bytes, size, content, "table:condition=\"of:cell-content-is-in-list(&quot;scolaire"
                                          "&quot;;&quot;apprenti&quot;;&quot;formation "
                                          "continue&quot;)\" "
                                          "table:allow-empty-cell=\"true\"");
    assert_part_has(bytes, size, content, "table:message-type=\"warning\"");
    assert_part_has(bytes, size, content, "<office:annotation><dc:creator>stagedoc</dc:creator>"
                                          "<dc:date>2026-09-21T14:13:20</dc:date><text:p>Nom de "
                                          "famille."
                                          "</text:p><text:p>Exemple : N&apos;Diaye</text:p>"
                                          "</office:annotation>");
    assert_part_has(bytes, size, content, "<text:p>Durand; &quot;Jo&quot;</text:p>");
    assert_part_has(bytes, size, content, "<text:p><text:s text:c=\"2\"/>Câblage <text:s/>armoire"
                                          "<text:tab/>B</text:p>");
    /* the lists reach row 1000, the formats the last row */
    assert_part_has(bytes, size, content, "table:number-rows-repeated=\"997\"><table:table-cell "
                                          "table:number-columns-repeated=\"5\"/><table:table-cell "
                                          "table:content-validation-name=\"val1\"/>");
    assert_part_has(bytes, size, content, "table:number-rows-repeated=\"1047576\">");
    assert_part_has(bytes, size, "settings.xml", "<config:config-item "
                                 "config:name=\"VerticalSplitPosition\" "
                                                 "config:type=\"int\">1</config:config-item>");
    assert_part_has(bytes, size, "meta.xml", "<dc:date>2026-09-21T14:13:20</dc:date>");
    assert_part_has(bytes, size, "META-INF/manifest.xml", "manifest:full-path=\"content.xml\"");
    remove_file(dir, "classe.ods");
    assert_int_equal(rmdir(dir), 0);
    free(bytes);
    free(path);
    free(dir);
    strbuf_free(&error);
    workbook_free(&book);
}

static void writes_a_csv_folder(void **state)
{
    (void)state;
    struct workbook book;
    build(&book);
    char *dir = scratch_dir();
    char *folder = path_join(dir, "classe");
    struct strbuf written = STRBUF_INIT, error = STRBUF_INIT, expected = STRBUF_INIT;
    assert_true(workbook_write_csv_folder(&book, folder, &written, &error));
    strbuf_printf(&expected, "%s/Stagiaires.csv\n%s/Activités.csv\n%s/Évaluation.csv\n", folder,
                  folder, folder);
    assert_string_equal(strbuf_str(&written), strbuf_str(&expected));
    size_t size;
    char *text = read_file(folder, "Stagiaires.csv", &size);
    assert_string_equal(text, "\xEF\xBB\xBFNom;Code "
                              "postal;INE;Naissance;Moyenne;Statut;Entreprise\r\n"
                              "N'Diaye <Aïssatou> & co;01000;02755500001;29/02/2008;14,25;apprenti;"
                              "Entreprise n° 04, SARL\r\n"
                              "\"Durand; \"\"Jo\"\"\";33000;;31/12/1999;;;\r\n");
    free(text);
    text = read_file(folder, "Évaluation.csv", &size);
    assert_string_equal(text, "\xEF\xBB\xBF" "Code;Date;Note\r\n007;18/05/2027;15,5\r\n");
    free(text);
    for (size_t i = 0; i < book.sheet_count; i++) {
        strbuf_reset(&expected);
        strbuf_printf(&expected, "%s.csv", book.sheets[i].name);
        remove_file(folder, strbuf_str(&expected));
    }
    assert_int_equal(rmdir(folder), 0);
    assert_int_equal(rmdir(dir), 0);
    free(folder);
    free(dir);
    strbuf_free(&written);
    strbuf_free(&error);
    strbuf_free(&expected);
    workbook_free(&book);
}

/* Both packages, each written twice: same bytes. */
static void assert_same_bytes(const struct workbook *book, const void *xlsx, size_t xlsx_size,
                              const void *ods, size_t ods_size)
{
    struct strbuf error = STRBUF_INIT;
    void *again;
    size_t size;
    assert_true(workbook_xlsx_bytes(book, &again, &size, &error));
    assert_int_equal(size, xlsx_size);
    assert_memory_equal(again, xlsx, size);
    free(again);
    assert_true(workbook_ods_bytes(book, &again, &size, &error));
    assert_int_equal(size, ods_size);
    assert_memory_equal(again, ods, size);
    free(again);
    strbuf_free(&error);
}

static void writes_the_same_bytes_twice(void **state)
{
    (void)state;
    struct workbook book;
    build(&book);
    struct strbuf error = STRBUF_INIT;
    void *xlsx, *ods;
    size_t xlsx_size, ods_size;
    assert_true(workbook_xlsx_bytes(&book, &xlsx, &xlsx_size, &error));
    assert_true(workbook_ods_bytes(&book, &ods, &ods_size, &error));
    assert_same_bytes(&book, xlsx, xlsx_size, ods, ods_size);
    /* nor does the machine's time zone change them */
    const char *zone = getenv("TZ");
    char *saved = zone ? strdup(zone) : NULL;
    setenv("TZ", "XYZ-14", 1); /* 14 hours east, no zone file needed */
    tzset();
    assert_same_bytes(&book, xlsx, xlsx_size, ods, ods_size);
    if (saved)
        setenv("TZ", saved, 1);
    else
        unsetenv("TZ");
    tzset();
    free(saved);
    /* the entries are dated from the model: 2026-09-21 14:13:20 in DOS form */
    assert_int_equal((unsigned char)((char *)xlsx)[10] | ((unsigned char)((char *)xlsx)[11] << 8),
                     14 << 11 | 13 << 5 | 20 / 2);
    assert_int_equal((unsigned char)((char *)xlsx)[12] | ((unsigned char)((char *)xlsx)[13] << 8),
                     (2026 - 1980) << 9 | 9 << 5 | 21);
    free(xlsx);
    free(ods);
    strbuf_free(&error);
    workbook_free(&book);
}

/* Odd text (invalid UTF-8, control characters, quotes, markup) and a sheet
 * without columns still give packages whose every part is well formed,
 * and read back. */
static void keeps_every_part_well_formed(void **state)
{
    (void)state;
    struct workbook book;
    workbook_init(&book, BOOK_DATE);
    const char *name = "L'été \"x\" & <y>";
    struct workbook_sheet *odd = workbook_add_sheet(&book, name);
    assert_true(workbook_add_column(odd, "Titre \x01<b>", "note\r\nà \xFF",
                                    WORKBOOK_TEXT, (const char *const[]){"a \"b\"", "c & d", "e,f"},
                                    3, 0));
    struct workbook_row *row = workbook_add_row(odd);
    assert_true(workbook_set(row, 0, WORKBOOK_VALUE_TEXT, "x\xE9y\xC3(")); /* Latin-1, cut */
    assert_non_null(workbook_add_sheet(&book, "Vide"));
    struct strbuf error = STRBUF_INIT;
    void *bytes;
    size_t size;
    for (int ods = 0; ods <= 1; ods++) {
        assert_true(ods ? workbook_ods_bytes(&book, &bytes, &size, &error)
                        : workbook_xlsx_bytes(&book, &bytes, &size, &error));
        assert_parts_are_xml(bytes, size);
        struct table_set set = {0};
        bool read = ods ? ods_read(bytes, size, "odd", &set, &error)
                        : xlsx_read(bytes, size, "odd", &set, &error);
        if (!read)
            fail_msg("%s", strbuf_str(&error));
        assert_string_equal(set.tables[0].sheet, name);
        assert_string_equal(set.tables[1].sheet, "Vide");
        assert_cell(&set.tables[0], 1, 0, CELL_TEXT, "Titre <b>");
        assert_cell(&set.tables[0], 2, 0, CELL_TEXT, "x\xEF\xBF\xBDy\xEF\xBF\xBD(");
        table_set_free(&set);
        free(bytes);
    }
    workbook_free(&book);
    workbook_init(&book, BOOK_DATE);
    assert_false(workbook_xlsx_bytes(&book, &bytes, &size, &error));
    assert_non_null(strstr(strbuf_str(&error), "aucune feuille"));
    strbuf_free(&error);
}

static void assert_refused(struct workbook *book, const char *why)
{
    struct strbuf error = STRBUF_INIT;
    void *bytes = NULL;
    size_t size;
    assert_false(workbook_xlsx_bytes(book, &bytes, &size, &error));
    assert_null(bytes);
    if (!strstr(strbuf_str(&error), why))
        fail_msg("xlsx: \"%s\" does not say \"%s\"", strbuf_str(&error), why);
    strbuf_reset(&error);
    assert_false(workbook_ods_bytes(book, &bytes, &size, &error));
    if (!strstr(strbuf_str(&error), why))
        fail_msg("ods: \"%s\" does not say \"%s\"", strbuf_str(&error), why);
    strbuf_free(&error);
    workbook_free(book);
}

static void refuses_sheet_names(void **state)
{
    (void)state;
    struct workbook book;
    workbook_init(&book, BOOK_DATE);
    workbook_add_sheet(&book, "Listes");
    assert_refused(&book, "réservé");
    workbook_init(&book, BOOK_DATE);
    workbook_add_sheet(&book, "Activités");
    workbook_add_sheet(&book, "ACTIVITéS");
    assert_refused(&book, "même nom");
    workbook_init(&book, BOOK_DATE);
    workbook_add_sheet(&book, "Évaluations des stagiaires de BTS"); /* 33 characters */
    assert_refused(&book, "31 caractères");
    workbook_init(&book, BOOK_DATE);
    workbook_add_sheet(&book, "a/b");
    assert_refused(&book, "caractères [ ] : * ? / \\");

    const char *bad[] = {"../Stagiaires", ".cache", "a/b"};
    for (size_t i = 0; i < 3; i++) {
        workbook_init(&book, BOOK_DATE);
        workbook_add_sheet(&book, bad[i]);
        struct strbuf written = STRBUF_INIT, error = STRBUF_INIT;
        assert_false(workbook_write_csv_folder(&book, "/tmp/stagedoc-workbook-never", &written,
                                               &error));
        assert_non_null(strstr(strbuf_str(&error), "ne peut pas être celui d'un fichier"));
        assert_int_equal(written.len, 0);
        assert_false(file_is_directory("/tmp/stagedoc-workbook-never"));
        strbuf_free(&written);
        strbuf_free(&error);
        workbook_free(&book);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(writes_xlsx),
        cmocka_unit_test(writes_ods),
        cmocka_unit_test(writes_a_csv_folder),
        cmocka_unit_test(writes_the_same_bytes_twice),
        cmocka_unit_test(keeps_every_part_well_formed),
        cmocka_unit_test(refuses_sheet_names),
    };
    return cmocka_run_group_tests_name("workbook", tests, NULL, NULL);
}
