#!/bin/sh
# End-to-end tests of a class spreadsheet given where a promotion is
# expected: `stagedoc check|calendar|build|bundle classe.csv` (or .xlsx,
# .ods written by LibreOffice) read it as `stagedoc import` would, make the
# same bytes as from the imported XML, resolve files beside the spreadsheet,
# point diagnostics at its rows, and leave no temporary file behind.
# Ends with "N passed, N failed".
. "$(dirname "$0")/lib.sh"

COMMUN=$SAMPLES/import/stage-commun.xml
HEADER=$(head -n 1 "$SAMPLES/classe.csv")
ROW2=$(sed -n 2p "$SAMPLES/classe.csv")

# The sample class in this folder, with the files its rows name.
class_here() {
    cp "$SAMPLES/classe.csv" classe.csv
    cp -R "$SAMPLES/rapports" "$SAMPLES/anglais" .
    mkdir -p tmp
}

# with_cell COLUMN VALUE: the sample's header and first row, one cell changed.
with_cell() {
    printf '%s\n' "$HEADER"
    printf '%s\n' "$ROW2" | awk -F';' -v OFS=';' -v c="$1" -v v="$2" '{ $c = v; print }'
}

sd() { # command args...: runs stagedoc with TMPDIR=tmp, sets RC, out and err
    RC=0
    TMPDIR=${TMPDIR_FOR_TEST:-$PWD/tmp} "$STAGEDOC" "$@" > out 2> err || RC=$?
}

no_temporary_left() {
    [ -z "$(ls -A tmp)" ] || fail "temporary files left: $(ls tmp)"
}

# FORMAT FILE.csv: LibreOffice converts it (French locale, ';', UTF-8), the
# candidate number and insurance policy (columns 5, 24) as text, as a school
# must to keep their zeros and spaces.
office() {
    mkdir -p home
    HOME=$PWD/home soffice --headless --infilter="CSV:59,34,76,1,5/2/24/2,1036" \
        --convert-to "$1" --outdir . "$2" > soffice.log 2>&1 || fail "soffice: $(cat soffice.log)"
}

t_build_makes_the_bytes_of_the_imported_promotion() {
    class_here
    "$STAGEDOC" import --commun "$COMMUN" -o promo.xml classe.csv 2> import.err ||
        fail "import: $(cat import.err)"
    "$STAGEDOC" build -o from-xml promo.xml > xml.out 2> xml.err || fail "build xml: $(cat xml.err)"
    sd build --commun "$COMMUN" -o from-csv classe.csv
    [ "$RC" = 0 ] || fail "build classe.csv: exit $RC: $(cat err)"
    [ "$(wc -l < out)" = 10 ] || fail "paths on stdout: $(cat out)"
    grep -qF "2 stages, 10 documents écrits dans from-csv" err || fail "summary: $(tail -n 1 err)"
    same_tree from-xml from-csv
    no_temporary_left
}

t_xlsx_and_ods_build_like_csv() {
    class_here
    office xlsx classe.csv
    office ods classe.csv
    sd build --commun "$COMMUN" -o csv classe.csv
    for kind in xlsx ods; do
        sd build --commun "$COMMUN" -o "$kind" "classe.$kind"
        [ "$RC" = 0 ] || fail "build classe.$kind: exit $RC: $(cat err)"
        same_tree csv "$kind"
    done
    no_temporary_left
}

t_bundle_finds_files_beside_the_spreadsheet() {
    mkdir -p classe && (cd classe && class_here) && mkdir -p tmp
    sd bundle --commun "$COMMUN" -o paquets classe/classe.csv
    [ "$RC" = 0 ] || fail "bundle: exit $RC: $(cat err)"
    [ "$(ls paquets/*.zip | wc -l)" = 2 ] || fail "packages: $(ls paquets)"
    for zip in paquets/*.zip; do
        unzip -t "$zip" > unzip.out 2>&1 || fail "unzip -t $zip: $(tail -n 1 unzip.out)"
        unzip -l "$zip" | grep -q ' rapport.pdf$' || fail "no rapport in $zip"
        unzip -p "$zip" rapport.pdf | cmp -s - "$SAMPLES/rapports/rapport-exemple.pdf" ||
            fail "rapport of $zip is not the spreadsheet's"
    done
    # Said once for the class, with the students' names.
    grep -qF 'stagedoc bundle : information : [rapport] le rapport compte 21 pages (2 stagiaires : ABADIE-LAFFARGUE Thomas, BENALI Inès).' err ||
        fail "$(cat err)"
    grep -q '<documents-signes>' err && fail "XML advice for a workbook: $(grep documents-signes err)"
    [ -z "$(ls -A tmp)" ] || fail "temporary files left: $(ls tmp)"
}

t_bad_cell_writes_nothing_and_keeps_earlier_output() {
    class_here
    sd build --commun "$COMMUN" -o docs classe.csv
    [ "$RC" = 0 ] || fail "first build: $(cat err)"
    find docs -type f -exec md5sum {} + | sort > before
    with_cell 31 31/02/2027 > classe.csv
    sd build --commun "$COMMUN" -o docs classe.csv
    [ "$RC" = 1 ] || fail "exit $RC, expected 1"
    grep -qF "classe.csv:AE2: erreur: [cellule] ABADIE-LAFFARGUE Thomas, colonne « Date de début » : « 31/02/2027 » n'est pas une date." err ||
        fail "$(cat err)"
    [ -s out ] && fail "paths printed: $(cat out)"
    find docs -type f -exec md5sum {} + | sort > after
    cmp -s before after || fail "earlier documents changed"
    sd bundle --commun "$COMMUN" -o paquets classe.csv
    [ "$RC" = 1 ] || fail "bundle: exit $RC, expected 1"
    [ -e paquets ] && fail "bundle wrote paquets"
    no_temporary_left
}

t_regulation_error_names_the_row() {
    class_here
    { printf '%s\n' "$HEADER"; printf '%s\n' "$ROW2"
      with_cell 32 21/05/2027 | tail -n 1 | sed 's/^Abadie-Laffargue/Bernard/; s/02755500001/02755500003/'; } > classe.csv
    sd build --commun "$COMMUN" -o docs classe.csv
    [ "$RC" = 1 ] || fail "exit $RC, expected 1"
    grep -qF 'classe.csv:AF3: erreur: [duree] BERNARD Thomas, colonne « Date de fin » : le stage dure 1 semaine' err ||
        fail "not pointed at row 3: $(grep duree err)"
    grep -q 'ABADIE' err && fail "the good row is blamed: $(cat err)"
    [ -e docs ] && fail "documents written for an invalid class"
    sd check --commun "$COMMUN" classe.csv
    [ "$RC" = 1 ] || fail "check: exit $RC"
    grep -qF 'classe.csv:AF3: erreur: [duree]' err || fail "check: $(cat err)"
    no_temporary_left
}

# -j 1 and -j 2 say the same, in the same order, with a spreadsheet after
# an XML file: every line of a stage imported names its row, the
# information lines too.
t_j1_and_j2_say_the_same() {
    class_here
    sd build -j 1 --commun "$COMMUN" -o docs1 classe.csv
    [ "$RC" = 0 ] || fail "-j 1: exit $RC: $(cat err)"
    # Said once for the class, naming its students, not once a row.
    grep -qF "stagedoc build : information : [strategie] le tableau de stratégie ne concerne que les apprentis : pour un stagiaire, l'annexe pédagogique de la convention fixe les activités et l'unité évaluée (2 stagiaires : ABADIE-LAFFARGUE Thomas, BENALI Inès)." err ||
        fail "the strategy table's information, said once: $(grep information err | head -n 2)"
    [ "$(grep -c '\[strategie\]' err)" = 1 ] || fail "said more than once"
    grep -q '^classe.csv: ' err && fail "a line without a row: $(grep '^classe.csv: ' err)"
    sed 's#id="ET27-014"#id="ET27 014"#' "$SAMPLES/promotion-2027.xml" > broken.xml
    cp -R "$SAMPLES/logo-lycee-eiffel.png" . 2> /dev/null
    with_cell 31 31/02/2027 > bad.csv
    for j in 1 2; do
        sd build -j "$j" --commun "$COMMUN" -o "docs$j" broken.xml bad.csv
        [ "$RC" = 1 ] || fail "-j $j: exit $RC, expected 1"
        mv err "err$j"
    done
    grep -q 'broken.xml' err1 && grep -q 'bad.csv:AE2' err1 || fail "-j 1 lacks an error: $(cat err1)"
    cmp -s err1 err2 || fail "stderr differs: $(diff err1 err2 | head -n 4 | tr '\n' '|')"
    no_temporary_left
}

t_check_and_calendar_read_a_spreadsheet() {
    class_here
    sd check --commun "$COMMUN" classe.csv
    [ "$RC" = 0 ] || fail "check: exit $RC: $(cat err)"
    grep -qF 'stagedoc check : 1 fichier, 2 stages : 0 erreur' err || fail "$(tail -n 1 err)"
    sd calendar --commun "$COMMUN" --format=tsv classe.csv
    [ "$RC" = 0 ] || fail "calendar: exit $RC: $(cat err)"
    grep -q '^id	02755500002$' out || fail "calendar lacks the candidate 02755500002 (ids from candidate numbers): $(cat out)"
    grep -q '^fin	2027-06-25$' out || fail "calendar: $(cat out)"
    no_temporary_left
}

t_options_and_failures() {
    class_here
    sd check --commun absent.xml classe.csv
    [ "$RC" = 3 ] || fail "missing --commun: exit $RC"
    grep -qF 'absent.xml' err || fail "missing --commun not named: $(cat err)"
    iconv -f UTF-8 -t WINDOWS-1252 classe.csv > cp1252.csv
    sd check --commun "$COMMUN" --encodage utf-8 cp1252.csv
    [ "$RC" = 1 ] || fail "forced utf-8 on cp1252: exit $RC"
    grep -qF "pas de l'UTF-8" err || fail "$(cat err)"
    sd check --commun "$COMMUN" --encodage latin9 classe.csv
    [ "$RC" = 2 ] || fail "unknown --encodage: exit $RC"
    sd build --commun "$COMMUN" absent.xlsx
    [ "$RC" = 3 ] || fail "missing spreadsheet: exit $RC"
    # The imported promotion stays in memory: a workbook is read without
    # TMPDIR (a stage's documents need none; the class documents' pages do).
    : > not-a-folder
    TMPDIR_FOR_TEST=$PWD/not-a-folder sd build --commun "$COMMUN" --only convention -o docs classe.csv
    [ "$RC" = 0 ] || fail "unwritable TMPDIR: exit $RC: $(cat err)"
    grep -qF "promotion temporaire" err && fail "a temporary promotion written: $(cat err)"
    [ -s docs/02755500001_ABADIE-LAFFARGUE_Thomas/convention.pdf ] || fail "no convention"
    "$STAGEDOC" build --help | grep -q -- '--commun' || fail "build --help lacks --commun"
    no_temporary_left
}

TESTS="build_makes_the_bytes_of_the_imported_promotion xlsx_and_ods_build_like_csv
bundle_finds_files_beside_the_spreadsheet bad_cell_writes_nothing_and_keeps_earlier_output
regulation_error_names_the_row j1_and_j2_say_the_same check_and_calendar_read_a_spreadsheet options_and_failures"

run_tests spreadsheet "$TESTS"
