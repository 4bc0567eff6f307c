#!/bin/sh
# End-to-end tests of --racine: with a root folder, a file an input names
# (report, English documents, signed copies, logo) that resolves outside it
# (an absolute path elsewhere, "..", a link that leads out) is an error at
# its line or cell, for check, build and bundle alike, whether or not it
# exists; a file under the root is read as before; without --racine, files
# are read wherever they are. Ends with "N passed, N failed".
. "$(dirname "$0")/lib.sh"

SAMPLE=scolaire-majeur.xml
REPORT=rapports/rapport-exemple.pdf

run() { # command args...: runs stagedoc, sets RC, out and err
    RC=0
    "$STAGEDOC" "$@" > out 2> err || RC=$?
}

# up/: the root, with the sample and its files; outside.pdf beside it.
setup() {
    mkdir up
    cp "$SAMPLES/$SAMPLE" "$SAMPLES/scolaire-mineur.xml" "$SAMPLES/logo-lycee-eiffel.png" up/
    cp -R "$SAMPLES/rapports" "$SAMPLES/anglais" up/
    cp "up/$REPORT" outside.pdf
    cp up/logo-lycee-eiffel.png outside.png
    REPORT_LINE=$(grep -n '<rapport ' "up/$SAMPLE" | cut -d: -f1)
}

# up/NAME.xml: the sample with its report at path.
report_at() { # name path
    sed "s|fichier=\"$REPORT\"|fichier=\"$2\"|" "up/$SAMPLE" > "up/$1.xml"
}

# The refusal, at the report's line, naming the path as written.
refused_at_report() { # command name written
    [ "$RC" = 1 ] || fail "$1 $2: exit $RC, 1 expected: $(grep erreur err | head -n 2)"
    grep -q "^up/$2.xml:$REPORT_LINE:[0-9]*: erreur: \[chemin\] .*le fichier « $3 » est hors du dossier autorisé « up »\. À faire : déposez le fichier avec les autres" err ||
        fail "$1 $2: no [chemin] error at line $REPORT_LINE: $(grep erreur err | head -n 2)"
}

# Check and bundle refuse it alike; bundle writes no package.
both_refuse() { # name written
    run check --racine up "up/$1.xml"
    refused_at_report check "$1" "$2"
    run bundle --racine up -o "pk-$1" "up/$1.xml"
    refused_at_report bundle "$1" "$2"
    ls "pk-$1"/*.zip > /dev/null 2>&1 && fail "bundle $1: a package was written"
    true
}

t_absolute_path_outside_refused() {
    setup
    report_at absolu "$PWD/outside.pdf"
    both_refuse absolu "$PWD/outside.pdf"
}

t_dotdot_leading_out_refused() {
    setup
    report_at remonte ../outside.pdf
    both_refuse remonte ../outside.pdf
    report_at detour "rapports/../../outside.pdf"
    both_refuse detour "rapports/../../outside.pdf"
}

t_link_leading_out_refused() {
    setup
    ln -s "$PWD/outside.pdf" up/lien.pdf
    report_at lien lien.pdf
    both_refuse lien lien.pdf
    ln -s ../.. up/rapports/haut
    report_at lien-dossier "rapports/haut/$(basename "$PWD")/outside.pdf"
    both_refuse lien-dossier "rapports/haut/$(basename "$PWD")/outside.pdf"
}

# Whether the file exists or not, the same words: an input cannot probe
# what lies outside the root.
t_missing_file_outside_said_outside() {
    setup
    report_at absent /nulle-part/rapport.pdf
    both_refuse absent /nulle-part/rapport.pdf
    report_at absent-haut ../../nulle-part.pdf
    both_refuse absent-haut ../../nulle-part.pdf
    ln -s /nulle-part/rapport.pdf up/lien-mort.pdf
    report_at lien-mort lien-mort.pdf
    both_refuse lien-mort lien-mort.pdf
}

t_files_under_root_accepted() {
    setup
    ln -s "$REPORT" up/lien-dedans.pdf
    report_at dedans lien-dedans.pdf
    for xml in "$SAMPLE" dedans.xml; do
        run check --racine up "up/$xml"
        [ "$RC" = 0 ] || fail "check $xml: exit $RC: $(grep erreur err | head -n 2)"
        run bundle --racine up -o "pk-$xml" "up/$xml"
        [ "$RC" = 0 ] || fail "bundle $xml: exit $RC: $(grep erreur err | head -n 2)"
        [ "$(ls "pk-$xml"/*.zip 2> /dev/null | wc -l)" = 1 ] || fail "bundle $xml: no package"
    done
    # The root named through a link, and as an absolute path.
    ln -s up lien-racine
    run check --racine lien-racine "up/$SAMPLE"
    [ "$RC" = 0 ] || fail "root through a link: exit $RC: $(grep erreur err | head -n 2)"
    run check --racine "$PWD/up" "up/$SAMPLE"
    [ "$RC" = 0 ] || fail "absolute root: exit $RC: $(grep erreur err | head -n 2)"
    # An input outside the root may name files under it.
    sed "s|fichier=\"$REPORT\"|fichier=\"up/$REPORT\"|; s|fichier=\"anglais/|fichier=\"up/anglais/|" \
        "up/$SAMPLE" > dehors.xml
    run bundle --racine up -o pk-dehors dehors.xml
    [ "$RC" = 0 ] || fail "input outside the root: exit $RC: $(grep erreur err | head -n 2)"
    true
}

t_without_root_anywhere_as_before() {
    setup
    report_at absolu "$PWD/outside.pdf"
    run check up/absolu.xml
    [ "$RC" = 0 ] || fail "check: exit $RC: $(grep erreur err | head -n 2)"
    run bundle -o pk up/absolu.xml
    [ "$RC" = 0 ] || fail "bundle: exit $RC: $(grep erreur err | head -n 2)"
    grep -q chemin err && fail "bundle speaks of a root: $(grep chemin err)"
    true
}

t_logo_outside_refused_by_build() {
    setup
    sed "s|<logo fichier=\"[^\"]*\"|<logo fichier=\"$PWD/outside.png\"|" up/scolaire-mineur.xml \
        > up/logo.xml
    line=$(grep -n '<logo ' up/logo.xml | cut -d: -f1)
    run build --racine up -o docs up/logo.xml
    [ "$RC" = 1 ] || fail "build: exit $RC, 1 expected"
    grep -q "^up/logo.xml:$line:[0-9]*: erreur: \[chemin\] .*« $PWD/outside.png » est hors du dossier autorisé" err ||
        fail "build: no [chemin] error at line $line: $(grep erreur err | head -n 2)"
    [ -d docs ] && [ -n "$(find docs -name '*.pdf')" ] && fail "build wrote documents"
    run build -o docs2 up/logo.xml
    [ "$RC" = 0 ] || fail "build without --racine: exit $RC: $(grep erreur err | head -n 2)"
    true
}

# In a workbook the error is at the cell that holds the path.
t_workbook_cell_refused() {
    mkdir classe
    cp -R "$SAMPLES/rapports" "$SAMPLES/anglais" "$SAMPLES/logo-lycee-eiffel.png" classe/
    cp "$SAMPLES/rapports/rapport-exemple.pdf" outside.pdf
    column=$(head -n 1 "$SAMPLES/classe.csv" | tr ';' '\n' | grep -n '^Rapport$' | cut -d: -f1)
    awk -F';' -v c="$column" 'BEGIN { OFS = ";" } NR == 3 { $c = "../outside.pdf" } { print }' \
        "$SAMPLES/classe.csv" > classe/classe.csv
    commun=$SAMPLES/import/stage-commun.xml
    run check --racine classe --commun "$commun" classe/classe.csv
    [ "$RC" = 1 ] || fail "check: exit $RC, 1 expected"
    grep -q "^classe/classe.csv:AG3: erreur: \[chemin\] .*colonne « Rapport » : le fichier « \.\./outside\.pdf » est hors du dossier autorisé « classe »\. À faire : déposez le fichier avec le classeur" err ||
        fail "no [chemin] error at AG3: $(grep erreur err | head -n 2)"
    run check --commun "$commun" classe/classe.csv
    [ "$RC" = 0 ] || fail "without --racine: exit $RC: $(grep erreur err | head -n 2)"
    true
}

TESTS="absolute_path_outside_refused dotdot_leading_out_refused link_leading_out_refused
missing_file_outside_said_outside files_under_root_accepted without_root_anywhere_as_before
logo_outside_refused_by_build workbook_cell_refused"

run_tests confine "$TESTS"
