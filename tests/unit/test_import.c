/* test_import.c — the CSV reader (separators, quotes, line breaks,
 * encodings) and spreadsheet dates (serials with the 1900 leap-year bug,
 * typed dates), formula neutralising, the table's bounds. Cells converted
 * or refused: test_convert.c. */
#include "test_support.h"

#include "import/csv.h"
#include "import/sheetdate.h"
#include "import/table.h"
#include "import/textenc.h"
#include "util/date.h"

static const char *cell_text(const struct table *table, size_t row, size_t column)
{
    const struct table_cell *cell = table_cell(&table->rows[row], column);
    return cell ? cell->text : "";
}

static void detects_the_separator(void **state)
{
    (void)state;
    assert_int_equal(csv_detect_separator("Nom;Prénom;Date\n"), ';');
    assert_int_equal(csv_detect_separator("Nom,Prénom,Date\n"), ',');
    assert_int_equal(csv_detect_separator("\"a;b\",c,d\n"), ',');
    assert_int_equal(csv_detect_separator("Nom\tPrénom\n"), '\t');
    assert_int_equal(csv_detect_separator("Nom\n"), ';');
}

static void reads_quotes_and_line_breaks(void **state)
{
    (void)state;
    struct table table;
    table_init(&table, "classe.csv", NULL);
    struct strbuf error = STRBUF_INIT;
    assert_true(csv_read("Nom;Adresse\r\n\"N'Diaye\";\"12 rue \"\"A\"\"\r\nBât. B\";x\n"
                         "Benali;;\n\nDurand;\"a;b\"", &table, &error));
    assert_int_equal(table.row_count, 5);
    assert_string_equal(cell_text(&table, 1, 0), "N'Diaye");
    assert_string_equal(cell_text(&table, 1, 1), "12 rue \"A\"\nBât. B");
    assert_string_equal(cell_text(&table, 1, 2), "x");
    assert_int_equal(table.rows[1].number, 2);
    assert_int_equal(table.rows[2].number, 4); /* the quoted break took line 3 */
    assert_string_equal(cell_text(&table, 2, 1), "");
    assert_int_equal(table.rows[4].number, 6);
    assert_string_equal(cell_text(&table, 4, 1), "a;b");
    struct strbuf where = STRBUF_INIT;
    table_location(&table, &table.rows[2], 3, &where);
    assert_string_equal(strbuf_str(&where), "classe.csv:D4");
    strbuf_free(&where);
    table_free(&table);
    strbuf_free(&error);
}

static void refuses_an_unclosed_quote(void **state)
{
    (void)state;
    struct table table;
    table_init(&table, "classe.csv", NULL);
    struct strbuf error = STRBUF_INIT;
    assert_false(csv_read("Nom;Prénom\n\"Durand;Paul\n", &table, &error));
    assert_non_null(strstr(strbuf_str(&error), "ligne 2"));
    table_free(&table);
    strbuf_free(&error);
}

static void converts_encodings(void **state)
{
    (void)state;
    enum text_encoding used;
    size_t bad = 0;
    char *text = text_to_utf8("\xEF\xBB\xBFIn\xC3\xA8s", 8, TEXT_ENCODING_AUTO, &used, &bad);
    assert_string_equal(text, "Inès");
    assert_int_equal(used, TEXT_ENCODING_UTF8);
    free(text);
    text = text_to_utf8("In\xE8s \x80 \x9C", 8, TEXT_ENCODING_AUTO, &used, &bad);
    assert_string_equal(text, "Inès € œ");
    assert_int_equal(used, TEXT_ENCODING_CP1252);
    free(text);
    assert_null(text_to_utf8("In\xE8s", 4, TEXT_ENCODING_UTF8, &used, &bad));
    assert_int_equal(bad, 2);
    assert_false(text_is_utf8("\xC0\xAF", 2)); /* overlong */
}

static void names_columns_and_cells(void **state)
{
    (void)state;
    char name[8];
    table_column_name(0, name);
    assert_string_equal(name, "A");
    table_column_name(25, name);
    assert_string_equal(name, "Z");
    table_column_name(26, name);
    assert_string_equal(name, "AA");
    table_column_name(30, name);
    assert_string_equal(name, "AE");
    struct table table;
    table_init(&table, "classe.xlsx", "Feuille1");
    struct table_row *row = table_add_row(&table, 12);
    struct strbuf where = STRBUF_INIT;
    table_location(&table, row, 3, &where);
    assert_string_equal(strbuf_str(&where), "classe.xlsx:Feuille1!D12");
    strbuf_free(&where);
    table_free(&table);
}

static void iso(date_t date, const char *expected)
{
    char text[DATE_ISO_SIZE];
    date_format_iso(date, text);
    assert_string_equal(text, expected);
}

static void converts_serials_with_the_1900_bug(void **state)
{
    (void)state;
    date_t date;
    assert_true(sheetdate_from_serial(1, false, &date));
    iso(date, "1900-01-01");
    assert_true(sheetdate_from_serial(59, false, &date));
    iso(date, "1900-02-28");
    assert_false(sheetdate_from_serial(60, false, &date)); /* 29 Feb 1900 never was */
    assert_true(sheetdate_from_serial(61, false, &date));
    iso(date, "1900-03-01");
    assert_true(sheetdate_from_serial(46525, false, &date));
    iso(date, "2027-05-18");
    assert_true(sheetdate_from_serial(46525.75, false, &date)); /* a time of day */
    iso(date, "2027-05-18");
    assert_true(sheetdate_from_serial(0, true, &date));
    iso(date, "1904-01-01");
    assert_false(sheetdate_from_serial(0, false, &date));
    assert_false(sheetdate_from_serial(-3, false, &date));
}

static void parses_typed_dates(void **state)
{
    (void)state;
    date_t date;
    assert_true(sheetdate_parse_text("18/05/2027", &date));
    iso(date, "2027-05-18");
    assert_true(sheetdate_parse_text(" 2027-05-18 ", &date));
    iso(date, "2027-05-18");
    assert_true(sheetdate_parse_text("1/6/2027", &date));
    iso(date, "2027-06-01");
    assert_true(sheetdate_parse_text("29.02.2028", &date));
    iso(date, "2028-02-29");
    assert_false(sheetdate_parse_text("31/02/2027", &date));
    assert_false(sheetdate_parse_text("29/02/2027", &date));
    assert_false(sheetdate_parse_text("18/05/27", &date));
    assert_false(sheetdate_parse_text("18/05-2027", &date));
    assert_false(sheetdate_parse_text("mai 2027", &date));
    assert_false(sheetdate_parse_text("", &date));
}

static void writes_csv_fields(void **state)
{
    (void)state;
    struct strbuf out = STRBUF_INIT;
    csv_write_field(&out, "Le Goff");
    csv_write_field(&out, NULL);
    csv_write_field(&out, "IESO; Mérignac");
    csv_write_field(&out, "dit \"Jo\"");
    csv_write_field(&out, "deux\r\nlignes");
    assert_string_equal(strbuf_str(&out),
                        "Le Goff\"IESO; Mérignac\"\"dit \"\"Jo\"\"\"\"deux\r\nlignes\"");
    /* What is written reads back as it was. */
    struct table table;
    table_init(&table, "t.csv", NULL);
    struct strbuf error = STRBUF_INIT;
    strbuf_reset(&out);
    csv_write_field(&out, "IESO; Mérignac");
    strbuf_puts(&out, CSV_SEPARATOR);
    csv_write_field(&out, "dit \"Jo\"");
    strbuf_puts(&out, CSV_LINE_END);
    assert_true(csv_read(strbuf_str(&out), &table, &error));
    assert_string_equal(cell_text(&table, 0, 0), "IESO; Mérignac");
    assert_string_equal(cell_text(&table, 0, 1), "dit \"Jo\"");
    table_free(&table);
    strbuf_free(&error);
    strbuf_free(&out);
}

/* A text that starts like a formula is written after an apostrophe (OWASP)
 * and reads back without it; a negative number read from a sheet keeps its
 * sign. */
static void neutralises_formulas(void **state)
{
    (void)state;
    static const char *const texts[] = {"=HYPERLINK(\"http://x\")", "+33 6 12", "-2", "@SOMME(A1)",
                                        "\tx", "\rx;y"};
    struct strbuf out = STRBUF_INIT;
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        strbuf_reset(&out);
        csv_write_field(&out, texts[i]);
        const char *field = strbuf_str(&out);
        assert_int_equal(field[field[0] == '"'], '\'');
        strbuf_puts(&out, CSV_SEPARATOR "z"); /* so that ';' is the separator, not a tab */
        struct table table;
        table_init(&table, "t.csv", NULL);
        struct strbuf error = STRBUF_INIT;
        strbuf_puts(&out, CSV_LINE_END);
        assert_true(csv_read(strbuf_str(&out), &table, &error));
        assert_string_equal(cell_text(&table, 0, 0), texts[i]);
        table_free(&table);
        strbuf_free(&error);
    }
    strbuf_reset(&out);
    csv_write_field(&out, "'apostrophe");
    assert_string_equal(strbuf_str(&out), "'apostrophe");
    strbuf_free(&out);
    struct table table;
    table_init(&table, "t.xlsx", "Feuille1");
    struct table_row *row = table_add_row(&table, 1);
    assert_true(table_set(&table, row, 0, CELL_NUMBER, "-4"));
    assert_true(table_set(&table, row, 1, CELL_TEXT, "'-4"));
    assert_true(table_set(&table, row, 2, CELL_TEXT, "'Arc"));
    assert_string_equal(cell_text(&table, 0, 0), "-4");
    assert_string_equal(cell_text(&table, 0, 1), "-4");
    assert_string_equal(cell_text(&table, 0, 2), "'Arc");
    table_free(&table);
}

/* Cells and characters are counted, a kept text and a repeated row at
 * their length, before anything is made; the characters are the whole
 * set's. */
static void counts_cells_and_characters(void **state)
{
    (void)state;
    struct table_set set = {0};
    struct table *first = table_set_add(&set, "t.xlsx", "A");
    char *shared = malloc(TABLE_MAX_CHARACTERS / 4 + 1);
    memset(shared, 'x', TABLE_MAX_CHARACTERS / 4);
    shared[TABLE_MAX_CHARACTERS / 4] = '\0';
    assert_true(table_set_keep(&set, shared));
    struct table_row *row = table_add_row(first, 1);
    assert_true(table_set_kept(first, row, 0, CELL_TEXT, shared));
    assert_ptr_equal(table_cell(row, 0)->text, shared); /* pointed at, not copied */
    assert_true(table_set_kept(first, row, 1, CELL_TEXT, shared));
    struct table *second = table_set_add(&set, "t.xlsx", "B");
    first = &set.tables[0];
    assert_int_equal(second->characters, TABLE_MAX_CHARACTERS / 2);
    row = table_add_row(second, 1);
    assert_true(table_set_kept(second, row, 0, CELL_TEXT, shared));
    assert_false(table_would_refuse_copies(second, row, 0));
    assert_true(table_would_refuse_copies(second, row, 2));
    assert_int_equal(second->refused, TABLE_TOO_MUCH_TEXT);
    assert_false(table_set(second, row, 1, CELL_TEXT, "y"));
    assert_true(table_full(second));
    table_set_free(&set);

    struct table table;
    table_init(&table, "t.ods", "A");
    row = table_add_row(&table, 1);
    assert_true(table_set(&table, row, 0, CELL_TEXT, "a"));
    assert_true(table_set(&table, row, 3, CELL_TEXT, "b"));
    for (unsigned n = 2; n <= 4; n++)
        assert_non_null(table_repeat_row(&table, &table.rows[0], n));
    assert_int_equal(table.filled, 8);
    assert_string_equal(cell_text(&table, 3, 3), "b");
    assert_int_equal(table.rows[3].number, 4);
    assert_false(table_would_refuse_copies(&table, &table.rows[0], TABLE_MAX_CELLS / 4));
    assert_true(table_would_refuse_copies(&table, &table.rows[0], 4000000000u)); /* no overflow */
    assert_int_equal(table.refused, TABLE_TOO_MANY_CELLS);
    assert_int_equal(table.row_count, 4); /* refused before any copy */
    table_free(&table);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(detects_the_separator),
        cmocka_unit_test(reads_quotes_and_line_breaks),
        cmocka_unit_test(refuses_an_unclosed_quote),
        cmocka_unit_test(converts_encodings),
        cmocka_unit_test(names_columns_and_cells),
        cmocka_unit_test(converts_serials_with_the_1900_bug),
        cmocka_unit_test(parses_typed_dates),
        cmocka_unit_test(writes_csv_fields),
        cmocka_unit_test(neutralises_formulas),
        cmocka_unit_test(counts_cells_and_characters),
    };
    return cmocka_run_group_tests_name("import", tests, NULL, NULL);
}
