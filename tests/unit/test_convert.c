/* test_convert.c — workbook cells read the way people type them (convert.h)
 * and the choices of templates/import/valeurs.tsv (choices.h): every variant
 * accepted, every restored zero with its warning, every refusal with what
 * it says, and the round trip: a canonical value written by export reads
 * back as itself. */
#include "test_support.h"

#include <math.h>

#include "import/choices.h"
#include "import/convert.h"
#include "util/file.h"

static struct choice_list choices;
static const char *country; /* the cell_context of the helpers below */

static int load_choices(void **state)
{
    (void)state;
    struct strbuf path = STRBUF_INIT, error = STRBUF_INIT;
    strbuf_printf(&path, "%s/import/valeurs.tsv", test_templates_dir());
    bool ok = choices_load(strbuf_str(&path), &choices, &error);
    if (!ok)
        fprintf(stderr, "%s\n", strbuf_str(&error));
    strbuf_free(&path);
    strbuf_free(&error);
    return ok ? 0 : -1;
}

static int free_choices(void **state)
{
    (void)state;
    choices_free(&choices);
    return 0;
}

static struct column_spec spec_of(enum column_kind kind)
{
    struct column_spec spec = {0};
    spec.kind = kind;
    spec.title = (char *)"Colonne";
    return spec;
}

static struct column_spec choice_spec(const char *kind, const char *title)
{
    struct column_spec spec = spec_of(KIND_CHOICE);
    spec.choices = choices_find(&choices, kind);
    assert_non_null(spec.choices);
    spec.title = (char *)title;
    return spec;
}

static bool run(const struct column_spec *spec, enum cell_kind kind, const char *text,
                double number, struct cell_verdict *verdict)
{
    struct table_cell cell = {(char *)text, kind};
    (void)number; /* a number cell's number is its text's (table_cell_number) */
    struct cell_context context = {country};
    return convert_cell(&cell, spec, &context, verdict);
}

/* Cells: a typed text, or a number cell (its shortest text and its number). */
#define TXT(text) CELL_TEXT, text, 0
#define NUM(text, number) CELL_NUMBER, text, number

/* Accepted as expected, without a warning. */
static void accepted(const struct column_spec *spec, enum cell_kind kind, const char *text,
                     double number, const char *expected)
{
    struct cell_verdict v;
    cell_verdict_init(&v);
    bool ok = run(spec, kind, text, number, &v);
    if (!ok || strcmp(strbuf_str(&v.value), expected) || v.warning.len)
        fail_msg("« %s » (kind %d): %s « %s », expected « %s »; warning « %s »; message « %s »",
                 text, spec->kind, ok ? "accepted as" : "refused,", strbuf_str(&v.value),
                 expected, strbuf_str(&v.warning), strbuf_str(&v.message));
    cell_verdict_free(&v);
}

/* Accepted as expected, with a warning that quotes the cell and the value
 * and says warning_part. */
static void restored(const struct column_spec *spec, enum cell_kind kind, const char *text,
                     double number, const char *expected, const char *warning_part)
{
    struct cell_verdict v;
    cell_verdict_init(&v);
    bool ok = run(spec, kind, text, number, &v);
    const char *w = strbuf_str(&v.warning);
    struct strbuf quoted = STRBUF_INIT;
    strbuf_printf(&quoted, "« %s »", expected);
    if (!ok || strcmp(strbuf_str(&v.value), expected) || !strstr(w, warning_part) ||
        !strstr(w, strbuf_str(&quoted)))
        fail_msg("« %s »: %s « %s », expected « %s »; warning « %s » should say « %s »",
                 text, ok ? "accepted as" : "refused,", strbuf_str(&v.value), expected, w,
                 warning_part);
    strbuf_free(&quoted);
    cell_verdict_free(&v);
}

/* Refused; the message quotes the cell and says message_part, the hint says
 * hint_part. */
static void refused(const struct column_spec *spec, enum cell_kind kind, const char *text,
                    double number, const char *message_part, const char *hint_part)
{
    struct cell_verdict v;
    cell_verdict_init(&v);
    bool ok = run(spec, kind, text, number, &v);
    const char *m = strbuf_str(&v.message), *h = strbuf_str(&v.hint);
    if (ok || !strstr(m, "« ") || !strstr(m, message_part) || !strstr(h, hint_part))
        fail_msg("« %s »: %s « %s »; message « %s » should say « %s »; hint « %s » should say "
                 "« %s »", text, ok ? "accepted as" : "refused", strbuf_str(&v.value), m,
                 message_part, h, hint_part);
    cell_verdict_free(&v);
}

/* ----------------------------------------------------------- texts and codes */

static void reads_texts_and_codes(void **state)
{
    (void)state;
    struct column_spec text = spec_of(KIND_TEXT), code = spec_of(KIND_CODE);
    accepted(&text, TXT("  Bordeaux \r\n"), "Bordeaux");
    accepted(&text, TXT("\xC2\xA0N'Diaye\xE2\x80\xAF"), "N'Diaye"); /* no-break spaces */
    accepted(&text, TXT("12 rue des Lilas\nBât. B"), "12 rue des Lilas\nBât. B");
    accepted(&text, TXT("Nan"), "Nan"); /* a name, not strtod's NaN */
    refused(&text, TXT("33000"), "« 33000 » est un nombre ; un texte est attendu",
            "écrivez le texte attendu");
    refused(&text, TXT("4,5"), "est un nombre", "écrivez le texte");
    refused(&text, NUM("33000", 33000), "« 33000 » est un nombre", "écrivez le texte");
    refused(&text, CELL_DATE, "2027-05-18", 0,
            "« 2027-05-18 » a été lu comme une date par le tableur ; la colonne attend un texte",
            "mettez la colonne au format Texte");
    struct cell_verdict v;
    cell_verdict_init(&v);
    assert_false(run(&text, TXT(" \r\n "), &v));
    assert_string_equal(strbuf_str(&v.message), "cellule vide.");
    assert_string_equal(strbuf_str(&v.hint), "remplissez la cellule.");
    cell_verdict_free(&v);
    refused(&text, CELL_UNCOMPUTED, "=B2&\" \"&C2", 0,
            "« =B2&\" \"&C2 » est une formule dont le fichier n'a pas gardé le résultat",
            "remplacez la formule par sa valeur");
    /* A code the spreadsheet made a number is kept, and said: it may have lost a
     * leading zero (« 033202609000012 ») or its spaces (« 10 552 901 774 »). */
    restored(&code, NUM("33202609000012", 33202609000012.0), "33202609000012",
             "lu comme un nombre par le tableur");
    accepted(&code, TXT("33000"), "33000");
    accepted(&code, TXT(" 2A004 "), "2A004");
    accepted(&code, TXT("01000"), "01000");
    refused(&code, CELL_DATE, "2027-01-02", 0, "la colonne attend un code", "format Texte");
}

static void reads_files(void **state)
{
    (void)state;
    struct column_spec file = spec_of(KIND_FILE);
    accepted(&file, TXT("rapports\\dupont.pdf"), "rapports/dupont.pdf");
    accepted(&file, TXT("\"C:\\Users\\prof\\rapports\\dupont.pdf\""),
             "C:/Users/prof/rapports/dupont.pdf");
    accepted(&file, TXT(" ' anglais/doc 1.pdf ' "), "anglais/doc 1.pdf");
    accepted(&file, TXT("rapports/dupont.pdf"), "rapports/dupont.pdf");
    refused(&file, TXT("\"\""), "ne nomme aucun fichier", "chemin du fichier");
}

/* ----------------------------------------------------------- dates and numbers */

static void reads_dates(void **state)
{
    (void)state;
    struct column_spec date = spec_of(KIND_DATE);
    accepted(&date, TXT("18/05/2027"), "2027-05-18");
    accepted(&date, TXT(" 1/6/2027 "), "2027-06-01");
    accepted(&date, TXT("2027-05-18"), "2027-05-18");
    accepted(&date, TXT("29.02.2028"), "2028-02-29");
    accepted(&date, CELL_DATE, "2027-05-18", 46525, "2027-05-18");
    accepted(&date, NUM("46525", 46525), "2027-05-18"); /* a serial without date format */
    accepted(&date, NUM("46525.75", 46525.75), "2027-05-18");
    refused(&date, TXT("31/02/2027"), "« 31/02/2027 » n'est pas une date", "JJ/MM/AAAA");
    refused(&date, TXT("mai 2027"), "n'est pas une date", "JJ/MM/AAAA");
    refused(&date, NUM("60", 60), "n'est pas une date", "JJ/MM/AAAA"); /* 29/02/1900 */
}

static void reads_numbers(void **state)
{
    (void)state;
    struct column_spec number = spec_of(KIND_NUMBER), integer = spec_of(KIND_INTEGER);
    accepted(&number, TXT("4,5"), "4.5");
    accepted(&number, TXT("4.5"), "4.5");
    accepted(&number, TXT("3,50"), "3.50"); /* typed decimals kept */
    accepted(&number, TXT(",5"), "0.5");
    accepted(&number, TXT("1 200"), "1200");
    accepted(&number, NUM("41", 41), "41");
    accepted(&number, NUM("3.5", 3.5), "3.5");
    refused(&number, TXT("beaucoup"), "« beaucoup » n'est pas un nombre", "écrivez un nombre");
    refused(&number, TXT("4,"), "n'est pas un nombre", "virgule ou point");
    refused(&number, TXT("1e3"), "n'est pas un nombre", "écrivez un nombre");
    refused(&number, TXT("-2"), "« -2 » est négatif", "sans signe moins");

    accepted(&integer, NUM("45", 45), "45");
    accepted(&integer, TXT("45"), "45");
    accepted(&integer, TXT("1 200"), "1200");
    accepted(&integer, TXT("007"), "007");
    refused(&integer, TXT("45,0"), "« 45,0 » a des décimales ; un nombre entier est attendu",
            "sans virgule ni décimales, par exemple 45");
    refused(&integer, NUM("45.5", 45.5), "« 45.5 » a des décimales", "sans virgule");
    refused(&integer, NUM("-3", -3), "« -3 » est négatif", "sans signe moins");
    refused(&integer, TXT("douze"), "« douze » n'est pas un nombre entier", "en chiffres");
}

static void reads_amounts(void **state)
{
    (void)state;
    struct column_spec amount = spec_of(KIND_AMOUNT);
    accepted(&amount, TXT("4,35"), "4.35");
    accepted(&amount, TXT("4,35 €"), "4.35");
    accepted(&amount, TXT("4.35€"), "4.35");
    accepted(&amount, TXT("4,35 EUR"), "4.35");
    accepted(&amount, TXT("4,35 euros"), "4.35");
    accepted(&amount, TXT("1 050,00"), "1050.00");
    accepted(&amount, TXT("1\xC2\xA0" "050,00 €"), "1050.00");     /* NBSP */
    accepted(&amount, TXT("1\xE2\x80\xAF" "050,00\xC2\xA0€"), "1050.00"); /* U+202F */
    accepted(&amount, TXT("0,00"), "0.00");
    accepted(&amount, TXT("0.00"), "0.00");
    accepted(&amount, TXT("4,5"), "4.5");
    accepted(&amount, TXT("12"), "12");
    accepted(&amount, NUM("4.35", 4.35), "4.35");
    accepted(&amount, NUM("0", 0), "0");
    refused(&amount, TXT("4,355"),
            "« 4,355 » a 3 décimales ; un montant en euros en a au plus deux (les centimes)",
            "arrondissez le montant au centime");
    refused(&amount, NUM("4.355", 4.355), "a 3 décimales", "arrondissez");
    refused(&amount, TXT("-4,35"), "« -4,35 » est négatif ; un montant est positif ou nul",
            "sans signe moins");
    refused(&amount, NUM("-4.35", -4.35), "est négatif", "sans signe moins");
    refused(&amount, TXT("4,35 $"), "« 4,35 $ » n'est pas un montant en euros",
            "par exemple 4,35");
    refused(&amount, TXT("1.050,00"), "n'est pas un montant en euros", "virgule avant les centimes");
    refused(&amount, TXT("gratuit"), "n'est pas un montant", "4,35");
}

static void reads_times_and_durations(void **state)
{
    (void)state;
    struct column_spec time = spec_of(KIND_TIME), duration = spec_of(KIND_DURATION);
    accepted(&time, TXT("08:00"), "08:00");
    accepted(&time, TXT("8:00"), "08:00");
    accepted(&time, TXT("8h"), "08:00");
    accepted(&time, TXT("8H30"), "08:30");
    accepted(&time, TXT("8 h 30"), "08:30");
    accepted(&time, TXT("08:00:00"), "08:00");
    accepted(&time, TXT("16h45"), "16:45");
    accepted(&time, NUM("0.3333333", 0.3333333), "08:00"); /* a time cell */
    accepted(&time, NUM("0.6875", 0.6875), "16:30");
    accepted(&time, NUM("0", 0), "00:00");
    refused(&time, TXT("24:00"), "« 24:00 » n'est pas une heure de la journée (00:00 à 23:59)",
            "HH:MM, par exemple 08:00");
    refused(&time, TXT("8:75"), "75 minutes", "HH:MM");
    refused(&time, TXT("8"), "« 8 » n'est pas une heure", "8h30");
    refused(&time, TXT("8h5"), "n'est pas une heure", "HH:MM");
    refused(&time, TXT("08:00:30"), "n'est pas une heure", "HH:MM");
    refused(&time, TXT("30 min"), "n'est pas une heure", "HH:MM");
    refused(&time, NUM("1.5", 1.5), "« 1.5 » n'est pas une heure", "HH:MM");

    accepted(&duration, TXT("30 min"), "00:30");
    accepted(&duration, TXT("45min"), "00:45");
    accepted(&duration, TXT("90 minutes"), "01:30");
    accepted(&duration, TXT("1h30"), "01:30");
    accepted(&duration, TXT("1 h 30 min"), "01:30");
    accepted(&duration, TXT("0:30"), "00:30");
    accepted(&duration, TXT("1h"), "01:00");
    accepted(&duration, NUM("0.0208333", 0.0208333), "00:30");
    refused(&duration, TXT("une demi-heure"), "n'est pas une durée", "30 min");
    refused(&duration, TXT("24:00"), "moins de 24 heures", "HH:MM");
    refused(&duration, TXT("30"), "« 30 » n'est pas une durée", "00:30");
}

/* ----------------------------------------------------------- identifiers */

static void reads_postcodes(void **state)
{
    (void)state;
    struct column_spec postcode = spec_of(KIND_POSTCODE);
    struct cell_verdict v;
    cell_verdict_init(&v);
    assert_true(run(&postcode, NUM("1000", 1000), &v));
    assert_string_equal(strbuf_str(&v.value), "01000");
    assert_string_equal(strbuf_str(&v.warning),
                        "« 1000 » lu comme « 01000 » : le tableur avait retiré le zéro initial. "
                        "À faire : mettez la colonne au format Texte pour garder les zéros.");
    cell_verdict_free(&v);
    accepted(&postcode, TXT("33000"), "33000");
    accepted(&postcode, TXT("33 000"), "33000");
    accepted(&postcode, NUM("33000", 33000), "33000");
    restored(&postcode, TXT("1000"), "01000", "retiré le zéro initial");
    refused(&postcode, TXT("330"), "« 330 » n'est pas un code postal français : il faut 5 chiffres",
            "5 chiffres du code postal");
    refused(&postcode, TXT("330000"), "il faut 5 chiffres", "pays");
    refused(&postcode, TXT("SW1A 1AA"), "il faut 5 chiffres", "étranger");
    country = "FR";
    restored(&postcode, TXT("1000"), "01000", "format Texte");
    country = "BE";
    accepted(&postcode, NUM("1000", 1000), "1000");
    accepted(&postcode, TXT("1000"), "1000");
    country = "GB";
    accepted(&postcode, TXT(" SW1A 1AA "), "SW1A 1AA");
    refused(&postcode, TXT("SW1A/1AA"), "« SW1A/1AA » n'est pas un code postal",
            "tel que l'adresse l'écrit");
    country = NULL;
}

static void reads_uais(void **state)
{
    (void)state;
    struct column_spec uai = spec_of(KIND_UAI);
    accepted(&uai, TXT("0330031E"), "0330031E");
    accepted(&uai, TXT("0330031e"), "0330031E");
    accepted(&uai, TXT("0330031 E"), "0330031E");
    /* A wrong key is the rule « identifiants »'s to report, not the reader's. */
    accepted(&uai, TXT("0330031F"), "0330031F");
    restored(&uai, TXT("330031E"), "0330031E", "il manquait le zéro initial");
    restored(&uai, TXT("440029t"), "0440029T", "la lettre clé le confirme");
    refused(&uai, TXT("330031F"), "« 330031F » n'a que 6 chiffres ; un UAI en a 7 suivis d'une lettre",
            "par exemple 0330031E");
    refused(&uai, TXT("0330031"), "« 0330031 » n'a pas de lettre clé",
            "si les chiffres sont justes, l'UAI est 0330031E");
    refused(&uai, NUM("442765", 442765), "n'est pas un code UAI : il faut 7 chiffres suivis d'une lettre",
            "annuaire");
    refused(&uai, TXT("UAI0330031E"), "n'est pas un code UAI", "7 chiffres et une lettre");
}

static void reads_sirets(void **state)
{
    (void)state;
    struct column_spec siret = spec_of(KIND_SIRET);
    accepted(&siret, TXT("73282932000074"), "73282932000074");
    accepted(&siret, TXT("732 829 320 00074"), "73282932000074");
    accepted(&siret, TXT("732.829.320.00074"), "73282932000074");
    accepted(&siret, TXT("732\xC2\xA0" "829\xC2\xA0" "320\xE2\x80\xAF" "00074"), "73282932000074");
    accepted(&siret, NUM("73282932000074", 73282932000074.0), "73282932000074");
    /* A wrong Luhn key is the rule « identifiants »'s to report. */
    accepted(&siret, TXT("73282932000075"), "73282932000075");
    /* 05650215300010 passes the Luhn check: a spreadsheet removed its zero. */
    restored(&siret, NUM("5650215300010", 5650215300010.0), "05650215300010",
             "le tableur avait retiré le zéro initial");
    restored(&siret, TXT("565 021 530 0010"), "05650215300010", "format Texte");
    /* With a zero in front 05650215300014 fails it: no guess. */
    refused(&siret, TXT("5650215300014"), "« 5650215300014 » a 13 chiffres ; un SIRET en a 14",
            "recopiez les 14 chiffres");
    refused(&siret, TXT("732 829 320"),
            "« 732 829 320 » est un SIREN (9 chiffres), le numéro de l'entreprise ; il manque le NIC",
            "le SIREN suivi des 5 chiffres du NIC");
    refused(&siret, TXT("732829320000"), "a 12 chiffres ; un SIRET en a 14", "14 chiffres");
    refused(&siret, TXT("SIRET 73282932000074"), "il ne s'écrit qu'avec des chiffres",
            "avis de situation INSEE");
}

static void reads_naf_codes(void **state)
{
    (void)state;
    struct column_spec naf = spec_of(KIND_NAF);
    accepted(&naf, TXT("43.21A"), "43.21A");
    accepted(&naf, TXT("4321A"), "43.21A");
    accepted(&naf, TXT("43.21a"), "43.21A");
    accepted(&naf, TXT("43 21A"), "43.21A");
    accepted(&naf, TXT("43,21 a"), "43.21A");
    refused(&naf, TXT("4321"), "« 4321 » n'est pas un code NAF : il faut 4 chiffres et une lettre",
            "sous la forme 43.21A");
    refused(&naf, NUM("4321", 4321), "n'est pas un code NAF", "43.21A");
    refused(&naf, TXT("43.2A"), "n'est pas un code NAF", "43.21A");
}

static void reads_candidate_numbers(void **state)
{
    (void)state;
    struct column_spec candidate = spec_of(KIND_CANDIDATE);
    accepted(&candidate, TXT("02712345678"), "02712345678");
    accepted(&candidate, TXT("027 1234 5678"), "02712345678");
    accepted(&candidate, NUM("12345678901", 12345678901.0), "12345678901");
    accepted(&candidate, TXT("AB-12"), "AB-12"); /* the contract takes any text */
    accepted(&candidate, TXT("12345"), "12345");
    restored(&candidate, NUM("2712345678", 2712345678.0), "02712345678",
             "le tableur avait retiré le zéro initial");
    restored(&candidate, TXT("2712345678"), "02712345678", "format Texte");
    restored(&candidate, NUM("12345", 12345), "12345",
             "« 12345 » a été lu comme un nombre par le tableur : vérifiez que ce numéro de "
             "candidat n'a pas perdu de zéros initiaux");
}

static void reads_emails_and_phones(void **state)
{
    (void)state;
    struct column_spec email = spec_of(KIND_EMAIL), phone = spec_of(KIND_PHONE);
    accepted(&email, TXT(" prenom.nom@example.fr "), "prenom.nom@example.fr");
    accepted(&email, TXT("mailto:prenom.nom@example.fr"), "prenom.nom@example.fr");
    accepted(&email, TXT("MAILTO:a@b.c"), "a@b.c");
    refused(&email, TXT("prenom.nom.example.fr"),
            "« prenom.nom.example.fr » n'est pas une adresse électronique : il manque « @ »",
            "prenom.nom@example.fr");
    refused(&email, TXT("a@b@example.fr"), "contient plusieurs « @ »", "l'adresse seule");
    refused(&email, TXT("Jean Dupont <jean@example.fr>"), "contient une espace", "l'adresse seule");
    refused(&email, TXT("jean@example"), "un domaine comme example.fr", "prenom.nom@example.fr");
    refused(&email, TXT("@example.fr"), "il faut un nom avant « @ »", "prenom.nom@example.fr");

    accepted(&phone, TXT("05 56 00 00 00"), "05 56 00 00 00");
    accepted(&phone, TXT("+49 30 1234567"), "+49 30 1234567");
    accepted(&phone, TXT("05.56.00.00.00"), "05.56.00.00.00");
    accepted(&phone, TXT("(0)5-56-00-00-00"), "(0)5-56-00-00-00");
    restored(&phone, NUM("556000000", 556000000), "0556000000",
             "« 556000000 » lu comme « 0556000000 » : le tableur avait retiré le zéro initial");
    refused(&phone, TXT("05 56 AB 00 00"),
            "« 05 56 AB 00 00 » n'est pas un numéro de téléphone : « A » n'y a pas sa place",
            "par exemple 05 56 00 00 00");
    refused(&phone, TXT("Tél. 05 56 00 00 00"), "« T » n'y a pas sa place", "« + » et l'indicatif");
    refused(&phone, TXT("0556"), "« 0556 » est trop court pour un numéro de téléphone", "chiffres");
    refused(&phone, TXT("05 56 00 00 00 05 56 00 00 00"), "est trop long", "chiffres");
}

/* ----------------------------------------------------------- choices */

static void reads_choices(void **state)
{
    (void)state;
    struct column_spec voie = choice_spec("voie", "Voie");
    accepted(&voie, TXT("Scolaire"), "scolaire");
    accepted(&voie, TXT("élève"), "scolaire");
    accepted(&voie, TXT("Sous statut scolaire"), "scolaire");
    accepted(&voie, TXT("Apprenti"), "apprentissage");
    accepted(&voie, TXT("APPRENTIE"), "apprentissage");
    accepted(&voie, TXT("Apprentissage"), "apprentissage");
    accepted(&voie, TXT("alternance"), "apprentissage");
    accepted(&voie, TXT("Contrat d’apprentissage"), "apprentissage");
    accepted(&voie, TXT("Formation continue"), "formation-continue");
    accepted(&voie, TXT("formation   CONTINUE"), "formation-continue");
    accepted(&voie, TXT("FC"), "formation-continue");
    refused(&voie, TXT("Scolair"), "« Scolair » n'est pas une valeur permise pour « Voie ».",
            "écrivez Scolaire, Apprentissage ou Formation continue.");

    struct column_spec civilite = choice_spec("civilite", "Civilité");
    accepted(&civilite, TXT("Madame"), "Mme");
    accepted(&civilite, TXT("Mme."), "Mme");
    accepted(&civilite, TXT("mlle"), "Mme");
    accepted(&civilite, TXT("Monsieur"), "M.");
    accepted(&civilite, TXT("M"), "M.");
    accepted(&civilite, TXT("m."), "M.");
    refused(&civilite, TXT("Docteur"), "« Docteur » n'est pas une valeur permise pour « Civilité »",
            "écrivez M. ou Mme.");

    struct column_spec yes_no = choice_spec("oui-non", "Mineur");
    accepted(&yes_no, TXT("Oui"), "oui");
    accepted(&yes_no, TXT("x"), "oui");
    accepted(&yes_no, TXT("FAUX"), "non");
    accepted(&yes_no, NUM("1", 1), "oui");
    accepted(&yes_no, NUM("0", 0), "non");
    refused(&yes_no, TXT("peut-être"), "« peut-être » n'est pas une valeur permise pour « Mineur »",
            "écrivez oui ou non.");

    struct column_spec annee = choice_spec("annee", "Année");
    accepted(&annee, NUM("2", 2), "2");
    accepted(&annee, TXT("1ère année"), "1");
    accepted(&annee, TXT("Deuxième"), "2");
    refused(&annee, TXT("3"), "« 3 » n'est pas une valeur permise pour « Année »", "écrivez 1 ou 2.");

    struct column_spec domaine = choice_spec("domaine", "Domaine");
    accepted(&domaine, TXT("conception et etudes"), "conception-etudes");
    accepted(&domaine, TXT("Mise en service"), "mise-en-service");
    accepted(&domaine, TXT("Réalisation"), "realisation");

    struct column_spec unite = choice_spec("unite", "Unité");
    accepted(&unite, TXT("u61"), "U61");
    accepted(&unite, TXT("U 52"), "U52");
    refused(&unite, TXT("U63"), "n'est pas une valeur permise", "écrivez U51, U52, U61 ou U62.");

    struct column_spec jour = choice_spec("jour", "Jour");
    accepted(&jour, TXT("Lundi"), "lundi");
    accepted(&jour, TXT("mer."), "mercredi");
    refused(&jour, TXT("dimanche"), "n'est pas une valeur permise", "lundi, mardi");

    struct column_spec langue = choice_spec("langue", "Langues");
    accepted(&langue, TXT("bilingue"), "fr,en");
    accepted(&langue, TXT("fr en"), "fr,en");
    accepted(&langue, TXT("Français"), "fr");

    refused(&voie, CELL_DATE, "2027-05-18", 0, "la colonne attend une valeur de sa liste",
            "format Texte");
    struct column_spec sheet = spec_of(KIND_SHEET);
    refused(&sheet, TXT("Stagiaires"), "erreur interne", "signalez-le");
}

static void describes_choices(void **state)
{
    (void)state;
    struct strbuf out = STRBUF_INIT;
    choices_describe(choices_find(&choices, "voie"), &out);
    assert_string_equal(strbuf_str(&out), "Scolaire, Apprentissage ou Formation continue");
    strbuf_reset(&out);
    choices_describe(choices_find(&choices, "civilite"), &out);
    assert_string_equal(strbuf_str(&out), "M. ou Mme");
    strbuf_free(&out);
    const struct choice_set *voie = choices_find(&choices, "voie");
    assert_null(choices_find(&choices, "inconnu"));
    assert_string_equal(choices_by_value(voie, "formation-continue")->label, "Formation continue");
    assert_null(choices_by_value(voie, "Formation continue"));
    assert_string_equal(choices_match(voie, "Stagiaire de la formation continue")->value,
                        "formation-continue");
    assert_null(choices_match(voie, ""));
    assert_null(choices_match(voie, "  -- "));
}

/* The enumeration values of the XSD simple type name, one a line. */
static void xsd_enumeration(const char *xsd, const char *name, struct strbuf *out)
{
    struct strbuf start = STRBUF_INIT;
    strbuf_printf(&start, "<xs:simpleType name=\"%s\">", name);
    const char *p = strstr(xsd, strbuf_str(&start));
    if (!p)
        fail_msg("type %s absent from stage.xsd", name);
    const char *end = strstr(p, "</xs:simpleType>");
    static const char tag[] = "<xs:enumeration value=\"";
    while ((p = strstr(p, tag)) && p < end) {
        p += strlen(tag);
        strbuf_add(out, p, strcspn(p, "\""));
        strbuf_puts(out, "\n");
    }
    strbuf_free(&start);
}

/* Every kind of valeurs.tsv has exactly the values of its XSD type. */
static void choices_are_the_schema_enumerations(void **state)
{
    (void)state;
    static const char *const types[][2] = {
        {"voie", "Voie"},
        {"civilite", "Civilite"},
        {"oui-non", "OuiNon"},
        {"annee", "Annee"},
        {"domaine", "Domaine"},
        {"unite", "Unite"},
        {"nature", "NatureDocument"},
        {"niveau", "Niveau"},
        {"lieu", "LieuStrategie"},
        {"jour", "NomJour"},
        {"motif-amenagement", "MotifAmenagement"},
        {"motif-dispense", "MotifDispense"},
        {"versement", "Versement"},
        {"rapport-redoublement", "RapportRedoublement"},
        {"langue", "Langues"},
    };
    struct strbuf path = STRBUF_INIT;
    strbuf_printf(&path, "%s/schema/stage.xsd", test_templates_dir());
    char *xsd;
    size_t size;
    assert_int_equal(file_read_all(strbuf_str(&path), 1u << 22, &xsd, &size), FILE_OK);
    assert_int_equal(choices.count, sizeof types / sizeof *types);
    for (size_t i = 0; i < sizeof types / sizeof *types; i++) {
        const struct choice_set *set = choices_find(&choices, types[i][0]);
        if (!set)
            fail_msg("kind %s absent from valeurs.tsv", types[i][0]);
        struct strbuf schema = STRBUF_INIT, ours = STRBUF_INIT;
        xsd_enumeration(xsd, types[i][1], &schema);
        for (size_t j = 0; j < set->count; j++)
            strbuf_printf(&ours, "%s\n", set->items[j].value);
        assert_string_equal(strbuf_str(&ours), strbuf_str(&schema));
        strbuf_free(&schema);
        strbuf_free(&ours);
    }
    free(xsd);
    strbuf_free(&path);
}

/* Loads text as a valeurs.tsv: false expected, with an error that says
 * each of parts. */
static void refuses_values_file(const char *text, const char *part1, const char *part2)
{
    char *path = test_write_temp(text, strlen(text));
    struct choice_list list;
    struct strbuf error = STRBUF_INIT;
    assert_false(choices_load(path, &list, &error));
    assert_int_equal(list.count, 0);
    const char *e = strbuf_str(&error);
    if (strncmp(e, path, strlen(path)) || !strstr(e, part1) || !strstr(e, part2))
        fail_msg("error « %s » should name %s and say « %s » and « %s »", e, path, part1, part2);
    unlink(path);
    free(path);
    strbuf_free(&error);
}

static void loader_refuses_ambiguous_values(void **state)
{
    (void)state;
    refuses_values_file("# essai\n"
                        "voie\tscolaire\tScolaire|Alternance\n"
                        "voie\tapprentissage\tApprentissage|ALTERNANCE\n",
                        ":3: « ALTERNANCE » désigne à la fois « scolaire » et « apprentissage »",
                        "un synonyme ne peut nommer qu'une valeur");
    refuses_values_file("voie\tscolaire\tScolaire\nvoie\tapprentissage\tscolaire\n",
                        ":2: « scolaire » désigne à la fois « scolaire » et « apprentissage »",
                        "« voie »");
    refuses_values_file("oui-non\toui\tOui\noui-non\tnon\tOui|n\n",
                        ":2: le libellé « Oui » est déjà celui de « oui »",
                        "deux libellés doivent différer");
    refuses_values_file("voie\tscolaire\tScolaire\nvoie\tscolaire\tÉlève\n",
                        ":2: la valeur « scolaire » figure déjà", "« voie »");
    refuses_values_file("voie\tscolaire\n", ":1: 3 champs attendus", "2 trouvés");
    refuses_values_file("voie\tscolaire\tScolaire||Élève\n", ":1: libellé ou synonyme vide",
                        "« || »");
    refuses_values_file("voie\tscolaire\tScolaire|--\n", ":1: « -- »", "forme vide");
    /* The same word in two kinds is no conflict. */
    static const char two_kinds[] = "oui-non\toui\toui|1\nannee\t1\t1re\n";
    char *path = test_write_temp(two_kinds, strlen(two_kinds));
    struct choice_list list;
    struct strbuf error = STRBUF_INIT;
    assert_true(choices_load(path, &list, &error));
    assert_string_equal(choices_match(choices_find(&list, "annee"), "1")->value, "1");
    assert_string_equal(choices_match(choices_find(&list, "oui-non"), "1")->value, "oui");
    choices_free(&list);
    unlink(path);
    free(path);
    strbuf_free(&error);
}

/* ----------------------------------------------------------- the round trip */

/* value, a canonical value of spec, reads as itself typed in a text cell,
 * and as itself once written by export and read back (XLSX or ODS: number
 * and date cells; CSV: numbers with a comma, dates as JJ/MM/AAAA). */
static void round_trip(const struct column_spec *spec, const char *value)
{
    accepted(spec, TXT(value), value);
    enum workbook_value kind;
    struct strbuf text = STRBUF_INIT;
    convert_for_workbook(spec, value, &kind, &text);
    const char *t = strbuf_str(&text);
    if (kind == WORKBOOK_VALUE_NUMBER) {
        double number = strtod(t, NULL);
        char shortest[32];
        table_number_text(number, shortest);
        accepted(spec, NUM(shortest, number), value);
        if (strchr(t, '.')) {
            char *comma = test_replace(t, ".", ",");
            accepted(spec, TXT(comma), value);
            free(comma);
        }
    } else if (kind == WORKBOOK_VALUE_DATE) {
        date_t date;
        assert_true(date_parse_iso(t, &date));
        char short_fr[DATE_ISO_SIZE];
        date_format_short_fr(date, short_fr);
        accepted(spec, CELL_DATE, t, 0, value);
        accepted(spec, TXT(short_fr), value);
    } else {
        accepted(spec, TXT(t), value);
    }
    strbuf_free(&text);
}

static void round_trips_every_canonical_value(void **state)
{
    (void)state;
    static const struct {
        enum column_kind kind;
        const char *values[8];
    } table[] = {
        {KIND_TEXT, {"Bordeaux", "N'Diaye", "12 rue des Lilas", "Électricité Dupont & fils"}},
        {KIND_CODE, {"2A004", "01000", "POL-2027-001", "2027"}},
        {KIND_DATE, {"2027-05-18", "2028-02-29", "1999-12-31", "2027-01-01"}},
        {KIND_NUMBER, {"0", "7", "3.5", "3.50", "12.25", "0.00", "007", "140"}},
        {KIND_INTEGER, {"0", "45", "1200", "007", "1"}},
        {KIND_AMOUNT, {"0.00", "0", "4.35", "4.5", "4.50", "1050", "1050.00", "600.60"}},
        {KIND_TIME, {"00:00", "08:00", "12:30", "16:45", "23:59"}},
        {KIND_DURATION, {"00:00", "00:30", "01:00", "01:30", "23:59"}},
        {KIND_POSTCODE, {"33000", "01000", "97400", "69008"}},
        {KIND_UAI, {"0330031E", "0440029T", "0442765S", "0333253G", "0693394P", "0595894L"}},
        {KIND_SIRET, {"73282932000074", "94591829000053", "12345678901234"}},
        {KIND_NAF, {"43.21A", "27.12Z", "35.11Z"}},
        {KIND_CANDIDATE, {"02712345678", "02755500026", "12345678901", "AB-12"}},
        {KIND_EMAIL, {"prenom.nom@example.fr", "a@b.c", "x+y@sous.domaine.fr", "a@b.c."}},
        {KIND_PHONE, {"05 56 00 00 00", "+49 30 1234567", "0556000000", "(0)5.56.00-00-00"}},
        {KIND_FILE, {"rapports/ndiaye.pdf", "anglais/doc 1.pdf", "rapport.pdf"}},
    };
    for (size_t i = 0; i < sizeof table / sizeof *table; i++) {
        struct column_spec spec = spec_of(table[i].kind);
        for (size_t j = 0; j < 8 && table[i].values[j]; j++)
            round_trip(&spec, table[i].values[j]);
    }
    /* Abroad, a postal code is kept as typed. */
    struct column_spec postcode = spec_of(KIND_POSTCODE);
    country = "DE";
    round_trip(&postcode, "10115");
    round_trip(&postcode, "1000");
    round_trip(&postcode, "SW1A 1AA");
    round_trip(&postcode, "D-80331");
    country = NULL;
    /* Every value of every kind of valeurs.tsv, written as its label. */
    for (size_t i = 0; i < choices.count; i++) {
        struct column_spec spec = spec_of(KIND_CHOICE);
        spec.choices = &choices.sets[i];
        for (size_t j = 0; j < choices.sets[i].count; j++)
            round_trip(&spec, choices.sets[i].items[j].value);
    }
}

static void writes_cells_for_export(void **state)
{
    (void)state;
    static const struct {
        enum column_kind kind;
        const char *value;
        enum workbook_value written;
        const char *text;
    } cases[] = {
        {KIND_DATE, "2027-05-18", WORKBOOK_VALUE_DATE, "2027-05-18"},
        {KIND_AMOUNT, "4.35", WORKBOOK_VALUE_NUMBER, "4.35"},
        {KIND_AMOUNT, "0.00", WORKBOOK_VALUE_TEXT, "0.00"},
        {KIND_AMOUNT, "4.50", WORKBOOK_VALUE_TEXT, "4.50"},
        {KIND_NUMBER, "3.5", WORKBOOK_VALUE_NUMBER, "3.5"},
        {KIND_INTEGER, "45", WORKBOOK_VALUE_NUMBER, "45"},
        {KIND_INTEGER, "007", WORKBOOK_VALUE_TEXT, "007"},
        {KIND_POSTCODE, "01000", WORKBOOK_VALUE_TEXT, "01000"},
        {KIND_SIRET, "73282932000074", WORKBOOK_VALUE_TEXT, "73282932000074"},
        {KIND_TIME, "08:00", WORKBOOK_VALUE_TEXT, "08:00"},
        {KIND_TEXT, "12", WORKBOOK_VALUE_TEXT, "12"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct column_spec spec = spec_of(cases[i].kind);
        enum workbook_value kind;
        struct strbuf text = STRBUF_INIT;
        convert_for_workbook(&spec, cases[i].value, &kind, &text);
        assert_int_equal(kind, cases[i].written);
        assert_string_equal(strbuf_str(&text), cases[i].text);
        strbuf_free(&text);
    }
    struct column_spec voie = choice_spec("voie", "Voie");
    enum workbook_value kind;
    struct strbuf text = STRBUF_INIT;
    convert_for_workbook(&voie, "formation-continue", &kind, &text);
    assert_int_equal(kind, WORKBOOK_VALUE_TEXT);
    assert_string_equal(strbuf_str(&text), "Formation continue");
    strbuf_reset(&text);
    convert_for_workbook(&voie, "inconnue", &kind, &text);
    assert_string_equal(strbuf_str(&text), "inconnue");
    strbuf_free(&text);
}

/* A character XML cannot hold is refused at the cell, shown escaped; tab
 * and line breaks are kept; a long cell is quoted cut short. */
static void refuses_control_characters(void **state)
{
    (void)state;
    struct column_spec text = spec_of(KIND_TEXT);
    refused(&text, TXT("Dupont\x1b[31m"), "caractère de contrôle invisible (U+001B)",
            "caractère invisible");
    refused(&text, TXT("a\x01z"), "(U+0001)", "retapez");
    refused(&text, TXT("a\xef\xbf\xbez"), "(U+FFFE)", "retapez");
    accepted(&text, TXT("12 rue\nde la Paix"), "12 rue\nde la Paix");
    assert_int_equal(convert_forbidden_character("a\tb\r\nc"), 0);
    struct cell_verdict v;
    cell_verdict_init(&v);
    char *big = malloc(100001);
    memset(big, '7', 100000);
    big[100000] = '\0';
    big[0] = '\x1b';
    struct column_spec date = spec_of(KIND_DATE);
    assert_false(run(&date, TXT(big), &v));
    assert_true(v.message.len < 1000);
    assert_non_null(strstr(strbuf_str(&v.message), "\\x1B777"));
    assert_non_null(strstr(strbuf_str(&v.message), "…"));
    cell_verdict_free(&v);
    free(big);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reads_texts_and_codes),
        cmocka_unit_test(reads_files),
        cmocka_unit_test(reads_dates),
        cmocka_unit_test(reads_numbers),
        cmocka_unit_test(reads_amounts),
        cmocka_unit_test(reads_times_and_durations),
        cmocka_unit_test(reads_postcodes),
        cmocka_unit_test(reads_uais),
        cmocka_unit_test(reads_sirets),
        cmocka_unit_test(reads_naf_codes),
        cmocka_unit_test(reads_candidate_numbers),
        cmocka_unit_test(reads_emails_and_phones),
        cmocka_unit_test(reads_choices),
        cmocka_unit_test(describes_choices),
        cmocka_unit_test(choices_are_the_schema_enumerations),
        cmocka_unit_test(loader_refuses_ambiguous_values),
        cmocka_unit_test(round_trips_every_canonical_value),
        cmocka_unit_test(writes_cells_for_export),
        cmocka_unit_test(refuses_control_characters),
    };
    return cmocka_run_group_tests_name("convert", tests, load_choices, free_choices);
}
