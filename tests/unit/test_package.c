/* test_package.c — the exam package's modules: file naming, SHA-256, ZIP
 * writing and reading (reproducible, encrypted), the manifest and its
 * schema, PDF inspection and signature fields on PDFs written here by hand,
 * and verification of assembled packages, sound and tampered. */
#include "test_support.h"

#include <fcntl.h>
#include <time.h>
#include <unistd.h>

#include "package/assemble.h"
#include "package/index.h"
#include "package/manifest.h"
#include "package/naming.h"
#include "package/pdf_inspect.h"
#include "package/pdf_signatures.h"
#include "package/roles.h"
#include "package/sha256.h"
#include "package/verify.h"
#include "package/zip_read.h"
#include "package/zip_write.h"
#include "util/file.h"

/* --- PDFs written by hand: objects 1..n, then a correct xref --- */

/* objects[0] is object 1, the catalog. Heap bytes. */
static unsigned char *make_pdf(const char *const *objects, size_t count, size_t *size)
{
    struct strbuf pdf = STRBUF_INIT;
    size_t offsets[16];
    assert_true(count < 16);
    strbuf_puts(&pdf, "%PDF-1.7\n");
    for (size_t i = 0; i < count; i++) {
        offsets[i] = pdf.len;
        strbuf_printf(&pdf, "%zu 0 obj\n%s\nendobj\n", i + 1, objects[i]);
    }
    size_t xref = pdf.len;
    strbuf_printf(&pdf, "xref\n0 %zu\n0000000000 65535 f \n", count + 1);
    for (size_t i = 0; i < count; i++)
        strbuf_printf(&pdf, "%010zu 00000 n \n", offsets[i]);
    strbuf_printf(&pdf, "trailer\n<< /Size %zu /Root 1 0 R >>\nstartxref\n%zu\n%%%%EOF\n",
                  count + 1, xref);
    *size = pdf.len;
    return (unsigned char *)strbuf_detach(&pdf);
}

/* A PDF of `pages` empty pages (1 to 3). */
static unsigned char *make_pages_pdf(int pages, size_t *size)
{
    const char *kids[] = {"[3 0 R]", "[3 0 R 4 0 R]", "[3 0 R 4 0 R 5 0 R]"};
    char tree[80];
    snprintf(tree, sizeof tree, "<< /Type /Pages /Kids %s /Count %d >>", kids[pages - 1], pages);
    const char *objects[] = {"<< /Type /Catalog /Pages 2 0 R >>", tree,
                             "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
                             "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
                             "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"};
    return make_pdf(objects, (size_t)(2 + pages), size);
}

/* Fields: stagiaire signed (UTF-16BE name), tuteur unsigned, and a parent
 * "parties" whose /FT /Sig its kid "entreprise" inherits, signed with a
 * bare UTF-8 name as pdfsig writes it. A text field is not listed. */
static unsigned char *make_signed_pdf(size_t *size)
{
    const char *objects[] = {
        "<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R 5 0 R 6 0 R 8 0 R] >> >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        "<< /FT /Sig /T (stagiaire) /V << /Type /Sig /Name <FEFF00C900760061> "
        "/M (D:20270601143000+02'00') /Reason (Lu et approuv\\351) >> >>",
        "<< /FT /Sig /T (tuteur) >>",
        "<< /FT /Sig /T (parties) /Kids [7 0 R] >>",
        "<< /T (entreprise) /Parent 6 0 R /V << /Type /Sig /Name (J\xc3\xa9r\xc3\xb4me) "
        "/M (D:20270602) >> >>",
        "<< /FT /Tx /T (commentaire) >>",
    };
    return make_pdf(objects, sizeof objects / sizeof *objects, size);
}

static const char *const report_text = "pas un PDF";

/* --- naming --- */

static void names_packages_in_ascii(void **state)
{
    (void)state;
    char *folded = package_name_fold("Nguyễn Thị Ánh");
    assert_string_equal(folded, "Nguyen-Thi-Anh");
    free(folded);
    folded = package_name_fold("N'Diaye");
    assert_string_equal(folded, "NDiaye");
    free(folded);
    folded = package_name_fold(" Le Goff_ (Œuvre) ");
    assert_string_equal(folded, "Le-Goff-OEuvre");
    free(folded);

    struct package_name_values values = {"2027", "Clermont-Ferrand", "02712345678", "N'Diaye",
                                         "Aïssatou", "ET27-014", "scolaire", "U62"};
    struct strbuf error = STRBUF_INIT;
    assert_true(package_name_pattern_check(PACKAGE_NAME_DEFAULT, &error));
    char *name = package_name_expand(PACKAGE_NAME_DEFAULT, &values, &error);
    assert_string_equal(name, "2027_Clermont-Ferrand_02712345678_NDIAYE_Aissatou.zip");
    free(name);
    name = package_name_expand("{ACADEMIE}-{id}.{unite}", &values, &error);
    assert_string_equal(name, "CLERMONT-FERRAND-ET27-014.U62.zip");
    free(name);
    values.academie = NULL;
    assert_null(package_name_expand(PACKAGE_NAME_DEFAULT, &values, &error));
    assert_non_null(strstr(strbuf_str(&error), "{academie}"));
    strbuf_free(&error);
}

/* 80 « Œ » fold to 160 letters: with the first name, past what a file
 * system takes for one name, so the folder's name is cut at 200 bytes. */
static void cuts_long_folder_names(void **state)
{
    (void)state;
    struct strbuf nom = STRBUF_INIT;
    for (int i = 0; i < 80; i++)
        strbuf_puts(&nom, "Œ");
    char *folder = stage_folder_name("02712345678", strbuf_str(&nom), strbuf_str(&nom));
    assert_non_null(folder);
    assert_int_equal(strlen(folder), 200);
    assert_memory_equal(folder, "02712345678_OEOE", 16);
    free(folder);
    folder = stage_folder_name("42", "Durand", "Léa");
    assert_string_equal(folder, "42_DURAND_Lea");
    free(folder);
    strbuf_free(&nom);
}

static void refuses_bad_name_patterns(void **state)
{
    (void)state;
    const char *bad[] = {"", "{nom", "{inconnu}_{nom}", "../{nom}", "a/{nom}", "{nom} {prenom}"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        struct strbuf error = STRBUF_INIT;
        assert_false(package_name_pattern_check(bad[i], &error));
        assert_true(error.len > 0);
        strbuf_free(&error);
    }
}

/* --- digests, roles, index --- */

static void digests_with_sha256(void **state)
{
    (void)state;
    char hex[SHA256_HEX_SIZE];
    assert_true(sha256_hex("abc", 3, hex));
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

static void knows_the_roles_of_each_voie(void **state)
{
    (void)state;
    size_t count;
    const struct role_requirement *roles = package_required_roles("apprentissage", &count);
    assert_non_null(roles);
    assert_true(package_role_allowed("apprentissage", "strategie"));
    assert_true(package_role_allowed("apprentissage", ROLE_CONTRACT));
    assert_false(package_role_allowed("apprentissage", "convention"));
    assert_true(package_role_allowed("scolaire", "convention"));
    assert_false(package_role_allowed("formation-continue", ROLE_CONTRACT));
    assert_null(package_required_roles("autre", &count));
    assert_true(package_entry_name_safe("grille-U62.pdf"));
    assert_false(package_entry_name_safe("../rapport.pdf"));
    assert_false(package_entry_name_safe("a/b.pdf"));
    assert_false(package_entry_name_safe(".cache"));
    char *name = package_entry_name_english(2, "presse");
    assert_string_equal(name, "anglais-2-presse.pdf");
    free(name);
}

static void finds_packages_in_an_index(void **state)
{
    (void)state;
    struct strbuf index = STRBUF_INIT;
    strbuf_puts(&index, PACKAGE_INDEX_HEADER);
    package_index_add(&index, "A", "a.zip", "11");
    package_index_add(&index, "B", "b.zip", "22");
    char *path = test_write_temp(strbuf_str(&index), index.len);
    char sha[SHA256_HEX_SIZE];
    assert_int_equal(package_index_find(path, "b.zip", sha), INDEX_LISTED);
    assert_string_equal(sha, "22");
    assert_int_equal(package_index_find(path, "c.zip", sha), INDEX_NOT_LISTED);
    assert_int_equal(package_index_find("/nonexistent/index.tsv", "a.zip", sha), INDEX_ABSENT);
    unlink(path);
    free(path);
    strbuf_free(&index);
}

/* --- ZIP --- */

static unsigned char *two_entry_zip(const char *password, int64_t mtime, size_t *size)
{
    const char *text = "<a>texte</a>";
    struct zip_entry_data entries[] = {
        {"manifest.xml", (const unsigned char *)text, strlen(text), ZIP_ENTRY_DEFLATE, NULL,
         NULL},
        {"rapport.pdf", (const unsigned char *)report_text, strlen(report_text),
         ZIP_ENTRY_STORE, NULL, NULL},
    };
    struct zip_package_options options = {mtime, password};
    struct strbuf error = STRBUF_INIT;
    unsigned char *bytes = zip_package_build(entries, 2, &options, size, &error);
    if (!bytes)
        fprintf(stderr, "%s\n", strbuf_str(&error));
    assert_non_null(bytes);
    strbuf_free(&error);
    return bytes;
}

static void writes_reproducible_zips(void **state)
{
    (void)state;
    size_t size1, size2, size3;
    unsigned char *first = two_entry_zip(NULL, 1800000000, &size1);
    const char *zone = getenv("TZ");
    char *saved = zone ? strdup(zone) : NULL;
    setenv("TZ", "XYZ-14", 1); /* UTC+14, no tzdata needed */
    tzset();
    unsigned char *second = two_entry_zip(NULL, 1800000000, &size2);
    if (saved)
        setenv("TZ", saved, 1);
    else
        unsetenv("TZ");
    tzset();
    free(saved);
    unsigned char *later = two_entry_zip(NULL, 1800086400, &size3);
    assert_int_equal(size1, size2);
    assert_memory_equal(first, second, size1);
    assert_true(size1 != size3 || memcmp(first, later, size1) != 0);

    struct strbuf error = STRBUF_INIT;
    struct zip_package *zip = zip_package_open(first, size1, NULL, &error);
    assert_non_null(zip);
    assert_int_equal(zip_package_count(zip), 2);
    assert_string_equal(zip_package_name(zip, 0), "manifest.xml");
    assert_string_equal(zip_package_name(zip, 1), "rapport.pdf");
    unsigned char *data;
    size_t size;
    assert_int_equal(zip_package_read(zip, 1, 1024, &data, &size, &error), ZIP_READ_OK);
    assert_int_equal(size, strlen(report_text));
    assert_memory_equal(data, report_text, size);
    free(data);
    assert_int_equal(zip_package_read(zip, 0, 4, &data, &size, &error), ZIP_READ_TOO_LARGE);
    zip_package_close(zip);
    free(first);
    free(second);
    free(later);
    strbuf_free(&error);
}

/* The report of two_entry_zip, as a package takes a handed-in PDF: from its
 * file, read again while the ZIP is written to a file. */
static bool zip_from_file(const char *report, const char *sha256, const char *zip_path,
                          struct strbuf *error)
{
    const char *text = "<a>texte</a>";
    struct zip_entry_data entries[] = {
        {"manifest.xml", (const unsigned char *)text, strlen(text), ZIP_ENTRY_DEFLATE, NULL,
         NULL},
        {"rapport.pdf", NULL, strlen(report_text), ZIP_ENTRY_STORE, report, sha256},
    };
    struct zip_package_options options = {1800000000, NULL};
    int fd = open(zip_path, O_RDWR);
    assert_true(fd >= 0);
    bool ok = zip_package_write(entries, 2, &options, fd, error);
    close(fd);
    return ok;
}

static void writes_files_read_again_to_the_same_bytes(void **state)
{
    (void)state;
    size_t size;
    unsigned char *in_memory = two_entry_zip(NULL, 1800000000, &size);
    char *report = test_write_temp(report_text, strlen(report_text));
    char *zip_path = test_write_temp("", 0);
    char sha256[SHA256_HEX_SIZE];
    assert_true(sha256_hex(report_text, strlen(report_text), sha256));
    struct strbuf error = STRBUF_INIT;
    assert_true(zip_from_file(report, sha256, zip_path, &error));
    char *written;
    size_t written_size;
    assert_int_equal(file_read_all(zip_path, 1 << 20, &written, &written_size), FILE_OK);
    assert_int_equal(written_size, size);
    assert_memory_equal(written, in_memory, size);
    free(written);
    free(in_memory);
    unlink(report);
    unlink(zip_path);
    free(report);
    free(zip_path);
    strbuf_free(&error);
}

static void refuses_a_file_changed_since_checked(void **state)
{
    (void)state;
    char *report = test_write_temp("pas un PDH", strlen(report_text)); /* same size */
    char *zip_path = test_write_temp("", 0);
    char sha256[SHA256_HEX_SIZE];
    assert_true(sha256_hex(report_text, strlen(report_text), sha256));
    struct strbuf error = STRBUF_INIT;
    assert_false(zip_from_file(report, sha256, zip_path, &error));
    assert_non_null(strstr(strbuf_str(&error), "a changé depuis sa vérification"));
    strbuf_reset(&error);
    unlink(report); /* gone */
    assert_false(zip_from_file(report, sha256, zip_path, &error));
    assert_non_null(strstr(strbuf_str(&error), "ne se lit plus"));
    unlink(zip_path);
    free(report);
    free(zip_path);
    strbuf_free(&error);
}

static void encrypts_with_a_password(void **state)
{
    (void)state;
    size_t size, read_size;
    unsigned char *bytes = two_entry_zip("s3cret", 1800000000, &size);
    struct strbuf error = STRBUF_INIT;
    unsigned char *data;
    const char *passwords[] = {NULL, "wrong", "s3cret"};
    enum zip_read_status expected[] = {ZIP_READ_NEEDS_PASSWORD, ZIP_READ_WRONG_PASSWORD,
                                       ZIP_READ_OK};
    for (int i = 0; i < 3; i++) {
        struct zip_package *zip = zip_package_open(bytes, size, passwords[i], &error);
        assert_non_null(zip);
        assert_true(zip_package_encrypted(zip, 1));
        assert_int_equal(zip_package_read(zip, 1, 1024, &data, &read_size, &error), expected[i]);
        if (expected[i] == ZIP_READ_OK) {
            assert_memory_equal(data, report_text, read_size);
            free(data);
        }
        zip_package_close(zip);
    }
    free(bytes);
    strbuf_free(&error);
}

/* --- PDF --- */

static void inspects_pdfs(void **state)
{
    (void)state;
    size_t size;
    unsigned char *pdf = make_pages_pdf(3, &size);
    struct pdf_facts facts;
    struct strbuf why = STRBUF_INIT;
    pdf_inspect(pdf, size, "trois-pages.pdf", &facts, &why);
    assert_int_equal(facts.state, PDF_READABLE);
    assert_false(facts.repaired);
    assert_int_equal(facts.pages, 3);
    assert_int_equal(facts.signature_fields, 0);
    pdf_inspect(pdf, size / 2, "coupe.pdf", &facts, &why);
    assert_int_equal(facts.state, PDF_DAMAGED);
    pdf_inspect((const unsigned char *)report_text, strlen(report_text), "texte.pdf", &facts,
                &why);
    assert_int_equal(facts.state, PDF_DAMAGED);
    assert_true(why.len > 0);
    free(pdf);
    strbuf_free(&why);
}

static void lists_signature_fields(void **state)
{
    (void)state;
    size_t size;
    unsigned char *pdf = make_signed_pdf(&size);
    struct pdf_handle handle;
    struct strbuf why = STRBUF_INIT;
    pdf_open_memory(&handle, pdf, size, "signe.pdf", &why);
    assert_int_equal(handle.state, PDF_READABLE);
    struct signature_list list;
    assert_true(pdf_signature_fields(&handle, &list, &why));
    assert_int_equal(list.count, 3);
    assert_string_equal(list.items[0].name, "stagiaire");
    assert_true(list.items[0].is_signed);
    assert_string_equal(list.items[0].signer, "Éva");
    assert_string_equal(list.items[0].reason, "Lu et approuvé");
    assert_string_equal(list.items[1].name, "tuteur");
    assert_false(list.items[1].is_signed);
    assert_null(list.items[1].signer);
    assert_string_equal(list.items[2].name, "parties.entreprise");
    assert_true(list.items[2].is_signed);
    assert_string_equal(list.items[2].signer, "Jérôme");
    assert_int_equal(signature_list_signed(&list), 2);
    signature_list_free(&list);
    pdf_close(&handle);

    struct pdf_facts facts;
    pdf_inspect(pdf, size, "signe.pdf", &facts, &why);
    assert_int_equal(facts.signature_fields, 3);
    assert_int_equal(facts.signatures, 2);
    free(pdf);
    strbuf_free(&why);
}

static void formats_pdf_dates(void **state)
{
    (void)state;
    char out[64];
    pdf_date_format("D:20270601143000+02'00'", out, sizeof out);
    assert_string_equal(out, "01/06/2027 à 14:30:00 (UTC+02:00)");
    pdf_date_format("D:20270601143000Z", out, sizeof out);
    assert_string_equal(out, "01/06/2027 à 14:30:00 (UTC)");
    pdf_date_format("D:20270602", out, sizeof out);
    assert_string_equal(out, "02/06/2027");
    pdf_date_format("hier", out, sizeof out);
    assert_string_equal(out, "hier");
}

/* --- manifest, assembly, verification --- */

static struct schema *manifest_schema(void)
{
    struct strbuf path = STRBUF_INIT;
    struct diag_list diags = DIAG_LIST_INIT;
    strbuf_printf(&path, "%s/schema/manifest.xsd", test_templates_dir());
    struct schema *schema = schema_load(strbuf_str(&path), &diags);
    test_dump(&diags);
    assert_non_null(schema);
    strbuf_free(&path);
    diag_list_free(&diags);
    return schema;
}

struct sample_package {
    unsigned char *pdfs[8];
    struct package_part parts[8];
    size_t count;
};

static void add_sample_part(struct sample_package *sample, const char *role, const char *name,
                            int pages)
{
    struct package_part *part = &sample->parts[sample->count];
    unsigned char *pdf = make_pages_pdf(pages, &part->size);
    sample->pdfs[sample->count++] = pdf;
    struct strbuf why = STRBUF_INIT;
    part->role = role;
    part->name = name;
    part->bytes = pdf;
    pdf_inspect(pdf, part->size, name, &part->facts, &why);
    strbuf_free(&why);
}

/* A complete apprentice's package, written to a temporary file. */
static char *write_sample_package(const char *password)
{
    struct sample_package sample = {0};
    add_sample_part(&sample, ROLE_REPORT, "rapport.pdf", 3);
    add_sample_part(&sample, ROLE_ENGLISH_DOCUMENT, "anglais-1-technique.pdf", 1);
    add_sample_part(&sample, ROLE_ENGLISH_DOCUMENT, "anglais-2-presse.pdf", 1);
    add_sample_part(&sample, ROLE_ENGLISH_DOCUMENT, "anglais-3-presse.pdf", 1);
    add_sample_part(&sample, "strategie", "strategie.pdf", 1);
    add_sample_part(&sample, "attestation", "attestation.pdf", 1);
    add_sample_part(&sample, "grille", "grille-U61.pdf", 2);
    add_sample_part(&sample, "anglais", "anglais.pdf", 1);
    sample.parts[1].nature = "technique";
    sample.parts[1].titre = "Quick start";
    struct package_identity identity = {"stagedoc test", "2027-05-18T00:00:00Z", "ET27-012",
                                        "apprentissage", "U61", "2027", "Bordeaux",
                                        "02755500012", "Le Goff", "Erwan"};
    struct zip_package_options options = {1800000000, password};
    struct strbuf error = STRBUF_INIT;
    char *path = test_write_temp("", 0);
    int fd = open(path, O_RDWR);
    assert_true(fd >= 0);
    assert_true(package_assemble(&identity, sample.parts, sample.count, &options, fd, &error));
    close(fd);
    for (size_t i = 0; i < sample.count; i++)
        free(sample.pdfs[i]);
    strbuf_free(&error);
    return path;
}

static enum verify_outcome verify_file(const char *path, const struct schema *schema,
                                       const char *password, struct diag_list *diags)
{
    struct verify_options options = {schema, password, "/nonexistent/index.tsv", NULL, NULL, NULL};
    size_t entries;
    enum verify_outcome outcome = package_verify(path, &options, diags, &entries);
    /* the index given does not exist: exactly that one [index] problem */
    assert_int_equal(diag_count_rule(diags, "index"), 1);
    return outcome;
}

static void round_trips_the_manifest(void **state)
{
    (void)state;
    struct schema *schema = manifest_schema();
    char *path = write_sample_package(NULL);
    char *bytes;
    size_t size;
    assert_int_equal(file_read_all(path, 1 << 20, &bytes, &size), FILE_OK);
    struct strbuf error = STRBUF_INIT;
    struct zip_package *zip = zip_package_open((unsigned char *)bytes, size, NULL, &error);
    assert_non_null(zip);
    assert_string_equal(zip_package_name(zip, 0), PACKAGE_MANIFEST_NAME);
    unsigned char *xml;
    size_t xml_size;
    assert_int_equal(zip_package_read(zip, 0, 1 << 20, &xml, &xml_size, &error), ZIP_READ_OK);
    struct manifest manifest;
    struct diag_list diags = DIAG_LIST_INIT;
    bool read = manifest_read((const char *)xml, xml_size, "manifest.xml", schema, &manifest,
                              &diags);
    test_dump(&diags);
    assert_true(read);
    assert_string_equal(manifest.voie, "apprentissage");
    assert_string_equal(manifest.nom, "Le Goff");
    assert_int_equal(manifest.count, 8);
    assert_string_equal(manifest.entries[0].role, ROLE_REPORT);
    assert_int_equal(manifest.entries[0].pages, 3);
    assert_string_equal(manifest.entries[1].nature, "technique");
    assert_int_equal(strlen(manifest.entries[6].sha256), 64);
    manifest_free(&manifest);
    free(xml);
    zip_package_close(zip);
    free(bytes);
    unlink(path);
    free(path);
    diag_list_free(&diags);
    strbuf_free(&error);
    schema_free(schema);
}

static void verifies_a_sound_package(void **state)
{
    (void)state;
    struct schema *schema = manifest_schema();
    char *path = write_sample_package(NULL);
    struct diag_list diags = DIAG_LIST_INIT;
    struct verify_options options = {schema, NULL, NULL, NULL, NULL, NULL};
    size_t entries;
    enum verify_outcome outcome = package_verify(path, &options, &diags, &entries);
    test_dump(&diags);
    assert_int_equal(outcome, VERIFY_SOUND);
    assert_int_equal(entries, 8);
    unlink(path);
    free(path);
    diag_list_free(&diags);
    schema_free(schema);
}

static void finds_a_changed_byte(void **state)
{
    (void)state;
    struct schema *schema = manifest_schema();
    char *path = write_sample_package(NULL);
    char *bytes;
    size_t size;
    assert_int_equal(file_read_all(path, 1 << 20, &bytes, &size), FILE_OK);
    char *page = strstr(bytes + 1000, "/MediaBox [0 0 595");
    assert_non_null(page);
    page[strlen("/MediaBox [0 0 59")] = '6'; /* inside a stored PDF */
    FILE *out = fopen(path, "wb");
    fwrite(bytes, 1, size, out);
    fclose(out);
    struct diag_list diags = DIAG_LIST_INIT;
    assert_int_equal(verify_file(path, schema, NULL, &diags), VERIFY_PROBLEMS);
    assert_true(diag_count_rule(&diags, "donnees") + diag_count_rule(&diags, "sha256") >= 1);
    unlink(path);
    free(path);
    free(bytes);
    diag_list_free(&diags);
    schema_free(schema);
}

static void needs_the_password_of_an_encrypted_package(void **state)
{
    (void)state;
    struct schema *schema = manifest_schema();
    char *path = write_sample_package("s3cret");
    struct diag_list diags = DIAG_LIST_INIT;
    assert_int_equal(verify_file(path, schema, NULL, &diags), VERIFY_PROBLEMS);
    assert_int_equal(diag_count_rule(&diags, "chiffrement"), 1);
    diag_list_free(&diags);
    assert_int_equal(verify_file(path, schema, "s3cret", &diags), VERIFY_PROBLEMS);
    assert_int_equal(diags.counts[SEVERITY_ERROR], 1); /* only the missing index */
    unlink(path);
    free(path);
    diag_list_free(&diags);
    schema_free(schema);
}

static void refuses_what_is_not_a_zip(void **state)
{
    (void)state;
    char *path = test_write_temp(report_text, strlen(report_text));
    struct diag_list diags = DIAG_LIST_INIT;
    struct verify_options options = {NULL, NULL, NULL, NULL, NULL, NULL};
    size_t entries;
    assert_int_equal(package_verify(path, &options, &diags, &entries), VERIFY_PROBLEMS);
    assert_int_equal(diag_count_rule(&diags, "zip"), 1);
    diag_list_free(&diags);
    assert_int_equal(package_verify("/nonexistent.zip", &options, &diags, &entries),
                     VERIFY_UNREADABLE);
    unlink(path);
    free(path);
    diag_list_free(&diags);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(names_packages_in_ascii),
        cmocka_unit_test(refuses_bad_name_patterns),
        cmocka_unit_test(cuts_long_folder_names),
        cmocka_unit_test(digests_with_sha256),
        cmocka_unit_test(knows_the_roles_of_each_voie),
        cmocka_unit_test(finds_packages_in_an_index),
        cmocka_unit_test(writes_reproducible_zips),
        cmocka_unit_test(writes_files_read_again_to_the_same_bytes),
        cmocka_unit_test(refuses_a_file_changed_since_checked),
        cmocka_unit_test(encrypts_with_a_password),
        cmocka_unit_test(inspects_pdfs),
        cmocka_unit_test(lists_signature_fields),
        cmocka_unit_test(formats_pdf_dates),
        cmocka_unit_test(round_trips_the_manifest),
        cmocka_unit_test(verifies_a_sound_package),
        cmocka_unit_test(finds_a_changed_byte),
        cmocka_unit_test(needs_the_password_of_an_encrypted_package),
        cmocka_unit_test(refuses_what_is_not_a_zip),
    };
    return cmocka_run_group_tests_name("package", tests, NULL, NULL);
}
