/* test_records.c — the record events (stagedoc.h), as a web server hears
 * them, through stagedoc.h only: the "stage" records of a promotion (with
 * the values `calendar --format=tsv` writes), the "ligne" records of a CSV
 * workbook with a refused cell, the "paquet" and "signature" records of a
 * sound package and of a changed one, the "signature" records of a built
 * convention, and nothing for a front end built with version 1 events.
 *
 * Run from the repository root (make check does): templates/ and
 * samples/ are read there; TEMPLATES_DIR overrides the templates. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_public.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/stagedoc.h"

/* ------------------------------------------------------------ collecting */

#define MAX_RECORDS 256
#define MAX_FIELDS 32

/* A record as heard, copied: values NULL when absent. */
struct heard_record {
    char *kind;
    char *keys[MAX_FIELDS];
    char *values[MAX_FIELDS];
    size_t count;
    size_t order; /* among every event heard */
};

struct heard_diagnostic {
    char rule[32], cell[16];
    size_t order;
};

struct heard {
    struct heard_record records[MAX_RECORDS];
    size_t record_count;
    struct heard_diagnostic diagnostics[MAX_RECORDS];
    size_t diagnostic_count;
    size_t events;
    char data[1 << 16];
};

static char *copy_or_null(const char *text)
{
    if (!text)
        return NULL;
    char *copy = strdup(text);
    assert_non_null(copy);
    return copy;
}

static void on_record(void *user, const struct sd_record *record)
{
    struct heard *heard = user;
    assert_true(heard->record_count < MAX_RECORDS);
    assert_true(record->count <= MAX_FIELDS);
    struct heard_record *kept = &heard->records[heard->record_count++];
    kept->kind = copy_or_null(record->kind);
    kept->count = record->count;
    kept->order = heard->events++;
    for (size_t i = 0; i < record->count; i++) {
        kept->keys[i] = copy_or_null(record->fields[i].key);
        kept->values[i] = copy_or_null(record->fields[i].value);
    }
}

static void on_diagnostic(void *user, const struct sd_diagnostic *d)
{
    struct heard *heard = user;
    if (heard->diagnostic_count == MAX_RECORDS)
        return;
    struct heard_diagnostic *kept = &heard->diagnostics[heard->diagnostic_count++];
    snprintf(kept->rule, sizeof kept->rule, "%s", d->rule);
    snprintf(kept->cell, sizeof kept->cell, "%s", d->cell ? d->cell : "");
    kept->order = heard->events++;
}

static void on_data(void *user, const char *text)
{
    struct heard *heard = user;
    size_t used = strlen(heard->data);
    snprintf(heard->data + used, sizeof heard->data - used, "%s", text);
}

static void heard_free(struct heard *heard)
{
    for (size_t r = 0; r < heard->record_count; r++) {
        struct heard_record *record = &heard->records[r];
        free(record->kind);
        for (size_t i = 0; i < record->count; i++) {
            free(record->keys[i]);
            free(record->values[i]);
        }
    }
    memset(heard, 0, sizeof *heard);
}

static bool has_key(const struct heard_record *record, const char *key)
{
    for (size_t i = 0; i < record->count; i++)
        if (strcmp(record->keys[i], key) == 0)
            return true;
    return false;
}

/* The value of key, which the record must have (NULL: absent value). */
static const char *value_of(const struct heard_record *record, const char *key)
{
    for (size_t i = 0; i < record->count; i++)
        if (strcmp(record->keys[i], key) == 0)
            return record->values[i];
    fail_msg("record « %s » without the key « %s »", record->kind, key);
    return NULL;
}

static size_t count_kind(const struct heard *heard, const char *kind)
{
    size_t count = 0;
    for (size_t r = 0; r < heard->record_count; r++)
        count += strcmp(heard->records[r].kind, kind) == 0;
    return count;
}

/* The first record of kind whose key has value, or NULL. */
static const struct heard_record *find_record(const struct heard *heard, const char *kind,
                                              const char *key, const char *value)
{
    for (size_t r = 0; r < heard->record_count; r++) {
        const struct heard_record *record = &heard->records[r];
        if (strcmp(record->kind, kind) == 0 && has_key(record, key) &&
            value_of(record, key) && strcmp(value_of(record, key), value) == 0)
            return record;
    }
    return NULL;
}

/* ------------------------------------------------------------ inputs */

/* The CSV with the field at column (1-based) of its first student set to
 * value (heap). */
static char *first_student_with(const char *csv, unsigned column, const char *value)
{
    const char *field = strchr(csv, '\n');
    assert_non_null(field);
    field++;
    for (unsigned i = 1; i < column; i++) {
        field = strchr(field, ';');
        assert_non_null(field);
        field++;
    }
    size_t field_length = strcspn(field, ";\n");
    size_t size = strlen(csv) + strlen(value) + 1;
    char *out = malloc(size);
    assert_non_null(out);
    snprintf(out, size, "%.*s%s%s", (int)(field - csv), csv, value, field + field_length);
    return out;
}

/* ------------------------------------------------------------ the engine */

struct fixture {
    sd_engine *engine;
    sd_run *run;
    struct heard heard;
};

static void open_engine(struct fixture *f)
{
    memset(f, 0, sizeof *f);
    struct sd_config config = SD_CONFIG_INIT;
    config.templates_dir = templates_dir();
    config.fixed_date = 1798761600; /* 1 January 2027 */
    assert_int_equal(sd_engine_open(&config, &f->engine), SD_OK);
    struct sd_events events = SD_EVENTS_INIT;
    events.user = &f->heard;
    events.diagnostic = on_diagnostic;
    events.data = on_data;
    events.record = on_record;
    f->run = sd_run_new(f->engine, &events);
    assert_non_null(f->run);
}

static void close_engine(struct fixture *f)
{
    sd_run_free(f->run);
    sd_engine_close(f->engine);
    heard_free(&f->heard);
}

static bool ends_with(const char *text, const char *end)
{
    size_t length = strlen(text), end_length = strlen(end);
    return length >= end_length && strcmp(text + length - end_length, end) == 0;
}

/* ------------------------------------------------------------ stages */

/* The value of key in a block of `calendar --format=tsv` lines ("" when
 * absent), in out. */
static void tsv_value(const char *block, const char *key, char *out, size_t size)
{
    out[0] = '\0';
    size_t key_length = strlen(key);
    for (const char *line = block; line && *line;) {
        const char *end = strchr(line, '\n');
        size_t length = end ? (size_t)(end - line) : strlen(line);
        if (length == 0)
            return; /* the blank line between two stages */
        if (length > key_length && !strncmp(line, key, key_length) && line[key_length] == '\t')
            snprintf(out, size, "%.*s", (int)(length - key_length - 1), line + key_length + 1);
        line = end ? end + 1 : NULL;
    }
}

/* Every stage record of a calendar run says what its TSV block says. */
static void assert_like_the_tsv(const struct heard *heard)
{
    static const char *const pairs[][2] = {
        {"start", "debut"}, {"end", "fin"}, {"weeks", "semaines"},
        {"report_deadline", "date-limite-rapport"}, {"evaluation_week", "semaine-evaluation"},
        {"presence_hours", "heures-presence"}, {"presence_days", "jours-presence"},
        {"minor", "mineur"},
    };
    for (size_t r = 0; r < heard->record_count; r++) {
        const struct heard_record *record = &heard->records[r];
        char head[64];
        snprintf(head, sizeof head, "id\t%s\n", value_of(record, "id"));
        const char *block = strstr(heard->data, head);
        assert_non_null(block);
        if (value_of(record, "exemption"))
            continue; /* the TSV says only the motif */
        for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++) {
            char expected[64];
            tsv_value(block, pairs[i][1], expected, sizeof expected);
            const char *value = value_of(record, pairs[i][0]);
            assert_string_equal(value ? value : "-", expected);
        }
    }
}

/* sd_check and sd_calendar give a stage record a stage of the promotion,
 * with the values `calendar --format=tsv` writes. */
static void test_stage_records_of_a_promotion(void **state)
{
    (void)state;
    struct sd_input input = {.name = "samples/promotion-2027.xml",
                             .path = "samples/promotion-2027.xml"};
    struct fixture f;
    open_engine(&f);
    struct sd_check_options check = SD_CHECK_INIT;
    sd_check(f.run, &input, 1, &check);
    assert_int_equal(count_kind(&f.heard, "stage"), 34);
    const struct heard_record *first = find_record(&f.heard, "stage", "id", "ET27-001");
    assert_non_null(first);
    assert_string_equal(value_of(first, "student"), "ABADIE-LAFFARGUE Thomas");
    assert_string_equal(value_of(first, "voie"), "scolaire");
    assert_string_equal(value_of(first, "company"), "Ingénierie Électrique du Sud-Ouest (IESO)");
    assert_string_equal(value_of(first, "start"), "2027-05-18");
    assert_string_equal(value_of(first, "end"), "2027-06-25");
    assert_string_equal(value_of(first, "weeks"), "6");
    assert_string_equal(value_of(first, "report_deadline"), "2027-06-18");
    assert_string_equal(value_of(first, "evaluation_week"), "2027-06-21/2027-06-27");
    assert_string_equal(value_of(first, "presence_hours"), "217.5");
    assert_string_equal(value_of(first, "minor"), "non");
    assert_null(value_of(first, "exemption"));
    assert_string_equal(value_of(first, "file"), "samples/promotion-2027.xml");
    assert_false(has_key(first, "sheet")); /* not a workbook */
    close_engine(&f);

    open_engine(&f);
    struct sd_calendar_options calendar = SD_CALENDAR_INIT;
    calendar.format = SD_CALENDAR_TSV;
    assert_int_equal(sd_calendar(f.run, &input, 1, &calendar), SD_OK);
    assert_int_equal(count_kind(&f.heard, "stage"), 34);
    assert_like_the_tsv(&f.heard);
    close_engine(&f);
}

/* ------------------------------------------------------------ rows */

/* A CSV workbook whose first student's start date is refused: its row is
 * still told, before the diagnostics, with its cells as written, and the
 * refusal points at the cell the record gives. */
static void test_row_records_with_a_refused_cell(void **state)
{
    (void)state;
    size_t size, commun_size;
    char *sample = read_sample("samples/classe.csv", &size);
    char *commun = read_sample("samples/import/stage-commun.xml", &commun_size);
    char *csv = first_student_with(sample, 31, "31/02/2027"); /* AE: « Date de début » */
    struct fixture f;
    open_engine(&f);
    struct sd_input workbook = {.name = "classe.csv", .bytes = (const unsigned char *)csv,
                                .size = strlen(csv)};
    struct sd_input commun_input = {.name = "stage-commun.xml",
                                    .bytes = (const unsigned char *)commun,
                                    .size = commun_size};
    struct sd_check_options options = SD_CHECK_INIT;
    options.read.commun = &commun_input;
    assert_int_equal(sd_check(f.run, &workbook, 1, &options), SD_INVALID);

    size_t students = 0;
    for (const char *line = strchr(csv, '\n'); line && line[1]; line = strchr(line + 1, '\n'))
        students++;
    assert_int_equal(count_kind(&f.heard, "ligne"), students);
    assert_int_equal(count_kind(&f.heard, "stage"), 0); /* nothing passed the contract */
    const struct heard_record *row = find_record(&f.heard, "ligne", "row", "2");
    assert_non_null(row);
    assert_string_equal(value_of(row, "file"), "classe.csv");
    assert_null(value_of(row, "sheet"));
    assert_string_equal(value_of(row, "nom"), "Abadie-Laffargue");
    assert_string_equal(value_of(row, "nom_cell"), "A2");
    assert_string_equal(value_of(row, "prenom"), "Thomas");
    assert_string_equal(value_of(row, "prenom_cell"), "B2");
    assert_string_equal(value_of(row, "entreprise"), "Ingénierie Électrique du Sud-Ouest (IESO)");
    assert_string_equal(value_of(row, "entreprise_cell"), "K2");
    assert_string_equal(value_of(row, "debut"), "31/02/2027");
    assert_string_equal(value_of(row, "debut_cell"), "AE2");
    assert_string_equal(value_of(row, "fin"), "25/06/2027");
    assert_string_equal(value_of(row, "fin_cell"), "AF2");
    assert_null(value_of(row, "unite")); /* no such column: the Classe sheet or --commun */
    assert_null(value_of(row, "unite_cell"));

    const struct heard_diagnostic *refusal = NULL;
    for (size_t i = 0; i < f.heard.diagnostic_count && !refusal; i++)
        if (!strcmp(f.heard.diagnostics[i].cell, value_of(row, "debut_cell")))
            refusal = &f.heard.diagnostics[i];
    assert_non_null(refusal);
    assert_string_equal(refusal->rule, "cellule");
    assert_true(row->order < refusal->order);
    close_engine(&f);
    free(csv);
    free(commun);
    free(sample);
}

/* The same workbook, sound: each stage record names its row. */
static void test_stage_records_of_a_workbook(void **state)
{
    (void)state;
    size_t size, commun_size;
    char *csv = read_sample("samples/classe.csv", &size);
    char *commun = read_sample("samples/import/stage-commun.xml", &commun_size);
    struct fixture f;
    open_engine(&f);
    struct sd_input workbook = {.name = "classe.csv", .bytes = (const unsigned char *)csv,
                                .size = size};
    struct sd_input commun_input = {.name = "stage-commun.xml",
                                    .bytes = (const unsigned char *)commun,
                                    .size = commun_size};
    struct sd_check_options options = SD_CHECK_INIT;
    options.read.commun = &commun_input;
    sd_check(f.run, &workbook, 1, &options);
    assert_true(count_kind(&f.heard, "stage") > 1);
    assert_int_equal(count_kind(&f.heard, "stage"), count_kind(&f.heard, "ligne"));
    const struct heard_record *first = find_record(&f.heard, "stage", "row", "2");
    assert_non_null(first);
    assert_string_equal(value_of(first, "student"), "ABADIE-LAFFARGUE Thomas");
    assert_string_equal(value_of(first, "file"), "classe.csv");
    assert_null(value_of(first, "sheet"));
    assert_string_equal(value_of(first, "start"), "2027-05-18");
    close_engine(&f);
    free(commun);
    free(csv);
}

/* ------------------------------------------------------------ packages */

struct package {
    char name[256];
    unsigned char *bytes;
    size_t size;
};

static void bundle_sample(const char *sample, struct package *package)
{
    struct fixture f;
    open_engine(&f);
    struct sd_sink *sink = sd_sink_memory();
    assert_non_null(sink);
    struct sd_input input = {.name = sample, .path = sample};
    struct sd_bundle_options options = SD_BUNDLE_INIT;
    assert_int_equal(sd_bundle(f.run, &input, 1, &options, sink), SD_OK);
    memset(package, 0, sizeof *package);
    const char *name;
    const unsigned char *bytes;
    size_t size;
    for (size_t i = 0; sd_sink_memory_file(sink, i, &name, &bytes, &size); i++)
        if (ends_with(name, ".zip")) {
            snprintf(package->name, sizeof package->name, "%s", name);
            package->bytes = malloc(size);
            assert_non_null(package->bytes);
            memcpy(package->bytes, bytes, size);
            package->size = size;
        }
    assert_non_null(package->bytes);
    sd_sink_free(sink);
    close_engine(&f);
}

static uint32_t le32(const unsigned char *at)
{
    return (uint32_t)at[0] | (uint32_t)at[1] << 8 | (uint32_t)at[2] << 16 |
           (uint32_t)at[3] << 24;
}

static unsigned le16(const unsigned char *at)
{
    return (unsigned)at[0] | (unsigned)at[1] << 8;
}

/* A byte of the first stored PDF changed, its CRC-32 left as it was: the
 * ZIP's data check or the manifest's SHA-256 tells. */
static void change_a_pdf_byte(unsigned char *zip, size_t size)
{
    size_t end = size - 22;
    assert_int_equal(le32(zip + end), 0x06054b50u);
    size_t central = le32(zip + end + 16), entries = le16(zip + end + 10);
    for (size_t i = 0; i < entries; i++) {
        unsigned char *header = zip + central;
        unsigned name_length = le16(header + 28);
        bool pdf = name_length > 4 && memcmp(header + 46 + name_length - 4, ".pdf", 4) == 0;
        if (pdf && le16(header + 10) == 0) {
            unsigned char *local = zip + le32(header + 42);
            unsigned char *data = local + 30 + le16(local + 26) + le16(local + 28);
            data[le32(header + 20) / 2] ^= 0x20;
            return;
        }
        central += 46 + name_length + le16(header + 30) + le16(header + 32);
    }
    fail_msg("no stored PDF in the package");
}

/* The first line of the data heard, without its line end (heap). */
static char *first_line(const char *data)
{
    return strndup(data, strcspn(data, "\n"));
}

/* A sound package: « complet », then its documents' signature fields,
 * named in the package, with the manifest's candidate. A changed one:
 * « altere ». */
static void test_package_records(void **state)
{
    (void)state;
    struct package package;
    bundle_sample("samples/scolaire-mineur.xml", &package);
    struct fixture f;
    open_engine(&f);
    struct sd_input input = {.name = package.name, .bytes = package.bytes,
                             .size = package.size};
    struct sd_verify_options options = SD_VERIFY_INIT;
    assert_int_equal(sd_verify(f.run, &input, 1, &options), SD_OK);
    assert_int_equal(count_kind(&f.heard, "paquet"), 1);
    const struct heard_record *verdict = &f.heard.records[0];
    assert_string_equal(verdict->kind, "paquet");
    assert_string_equal(value_of(verdict, "file"), package.name);
    assert_string_equal(value_of(verdict, "verdict"), "complet");
    assert_string_equal(value_of(verdict, "ok"), "oui");
    assert_true(atoi(value_of(verdict, "pieces")) > 1);
    char *line = first_line(f.heard.data);
    assert_string_equal(value_of(verdict, "text"), line);
    free(line);
    assert_true(count_kind(&f.heard, "signature") > 1);
    char convention[300];
    snprintf(convention, sizeof convention, "%s/convention.pdf", package.name);
    const struct heard_record *tutor = find_record(&f.heard, "signature", "field", "tuteur");
    assert_non_null(tutor);
    assert_string_equal(value_of(tutor, "file"), convention);
    assert_string_equal(value_of(tutor, "document"), "convention");
    assert_string_equal(value_of(tutor, "student"), "N'DIAYE Aïssatou");
    assert_string_equal(value_of(tutor, "signed"), "non");
    assert_null(value_of(tutor, "date"));
    close_engine(&f);

    change_a_pdf_byte(package.bytes, package.size);
    open_engine(&f);
    assert_int_equal(sd_verify(f.run, &input, 1, &options), SD_INVALID);
    verdict = find_record(&f.heard, "paquet", "file", package.name);
    assert_non_null(verdict);
    assert_string_equal(value_of(verdict, "verdict"), "altere");
    assert_string_equal(value_of(verdict, "ok"), "non");
    line = first_line(f.heard.data);
    assert_string_equal(value_of(verdict, "text"), line);
    free(line);
    close_engine(&f);
    free(package.bytes);
}

/* ------------------------------------------------------------ signatures */

/* A convention just built: a record per field, named, none signed, the
 * student read from its folder's name. */
static void test_signature_records_of_a_built_convention(void **state)
{
    (void)state;
    struct fixture f;
    open_engine(&f);
    struct sd_sink *sink = sd_sink_memory();
    assert_non_null(sink);
    struct sd_input input = {.name = "samples/scolaire-mineur.xml",
                             .path = "samples/scolaire-mineur.xml"};
    struct sd_build_options build = SD_BUILD_INIT;
    build.only = "convention";
    assert_int_equal(sd_build(f.run, &input, 1, &build, sink), SD_OK);
    const char *name = NULL;
    const unsigned char *bytes = NULL;
    size_t size = 0;
    for (size_t i = 0; sd_sink_memory_file(sink, i, &name, &bytes, &size); i++)
        if (ends_with(name, "/convention.pdf"))
            break;
    assert_true(ends_with(name, "ET27-014_NDIAYE_Aissatou/convention.pdf"));
    close_engine(&f);

    open_engine(&f);
    struct sd_input pdf = {.name = name, .bytes = bytes, .size = size};
    struct sd_signatures_options options = SD_SIGNATURES_INIT;
    assert_int_equal(sd_signatures(f.run, &pdf, 1, &options), SD_OK);
    assert_int_equal(count_kind(&f.heard, "signature"), 6);
    static const char *const fields[] = {"stagiaire", "representant-legal", "entreprise",
                                         "etablissement", "enseignant-referent", "tuteur"};
    for (size_t i = 0; i < 6; i++) {
        const struct heard_record *record = &f.heard.records[i];
        assert_string_equal(value_of(record, "field"), fields[i]);
        assert_string_equal(value_of(record, "file"), name);
        assert_string_equal(value_of(record, "document"), "convention");
        assert_string_equal(value_of(record, "student"), "NDIAYE Aissatou");
        assert_string_equal(value_of(record, "signed"), "non");
        assert_null(value_of(record, "signer"));
        assert_null(value_of(record, "date"));
    }
    close_engine(&f);
    sd_sink_free(sink);
}

/* ------------------------------------------------------------ version 1 */

/* What a front end built with version 1 of the events passes: no record
 * field. A record callback placed right after it must not be called. */
struct events_version_1 {
    int version;
    void *user;
    void (*diagnostic)(void *user, const struct sd_diagnostic *diagnostic);
    void (*note)(void *user, enum sd_severity severity, const char *text);
    void (*data)(void *user, const char *text);
    int (*progress)(void *user, const struct sd_progress *progress);
    void (*output)(void *user, const struct sd_output *output);
};

struct version_1_and_after {
    struct events_version_1 events;
    void (*after)(void *user, const struct sd_record *record);
};

static void test_version_1_events_get_no_record(void **state)
{
    (void)state;
    assert_int_equal(offsetof(struct version_1_and_after, after),
                     offsetof(struct sd_events, record));
    struct heard *heard = calloc(1, sizeof *heard);
    assert_non_null(heard);
    struct version_1_and_after *given = malloc(sizeof *given);
    assert_non_null(given);
    given->events = (struct events_version_1){1, heard, on_diagnostic, NULL, on_data, NULL,
                                              NULL};
    given->after = on_record;
    struct sd_config config = SD_CONFIG_INIT;
    config.templates_dir = templates_dir();
    sd_engine *engine;
    assert_int_equal(sd_engine_open(&config, &engine), SD_OK);
    sd_run *run = sd_run_new(engine, (const struct sd_events *)(const void *)given);
    assert_non_null(run);
    struct sd_input input = {.name = "samples/promotion-2027.xml",
                             .path = "samples/promotion-2027.xml"};
    struct sd_calendar_options calendar = SD_CALENDAR_INIT;
    calendar.format = SD_CALENDAR_TSV;
    assert_int_equal(sd_calendar(run, &input, 1, &calendar), SD_OK);
    assert_non_null(strstr(heard->data, "id\tET27-001\n")); /* its other events work */
    assert_int_equal(heard->record_count, 0);
    sd_run_free(run);
    sd_engine_close(engine);
    free(given);
    heard_free(heard);
    free(heard);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stage_records_of_a_promotion),
        cmocka_unit_test(test_row_records_with_a_refused_cell),
        cmocka_unit_test(test_stage_records_of_a_workbook),
        cmocka_unit_test(test_package_records),
        cmocka_unit_test(test_signature_records_of_a_built_convention),
        cmocka_unit_test(test_version_1_events_get_no_record),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
