#!/bin/sh
# End-to-end tests of `stagedoc build`: the conventions of every sample are
# checked with real tools (qpdf, pdffonts, pdftotext, pdfinfo, pdfdetach), the
# annex of a 45-activity stage loses nothing over several pages, builds are
# byte-identical, and bad input or an unwritable folder writes nothing.
# Ends with "N passed, N failed".
. "$(dirname "$0")/lib.sh"

# Expected text of a single-stage sample's convention, in reading order.
expected_for_sample() {
    f=$1
    {
        xpath "$f" 'string(/stage/etablissement/nom)'; echo
        xpath "$f" 'string(/stage/entreprise/raison-sociale)'; echo
        xpath "$f" 'string(/stage/stagiaire/prenom)'; echo
        xpath "$f" 'string(/stage/tuteur/prenom)'; echo
        xpath "$f" 'string(/stage/enseignant-referent/prenom)'; echo
        xpath "$f" 'string(/stage/unite)'; echo
        xpath "$f" '/stage/activites/activite' | sed 's/<activite[^>]*>//; s/<\/activite>//' | sed '/^$/d'
    } > expected.txt
}

t_every_sample_builds_a_clean_convention() {
    for f in "$SAMPLES"/*.xml; do
        voie=$(xpath "$f" 'string(/stage/@voie)')
        dispense=$(xpath "$f" 'count(/stage/dispense)')
        [ -n "$voie" ] || continue        # the promotion has its own test
        id=$(xpath "$f" 'string(/stage/@id)')
        build -o docs "$f"
        [ "$RC" = 0 ] || { fail "$f: exit $RC: $(head -n 3 err)"; continue; }
        pdf=$(folder docs "$id")/convention.pdf
        if [ "$voie" = apprentissage ] || [ "$dispense" != 0 ]; then
            [ -e "$pdf" ] && fail "$f: a convention was written for an apprentice or exempted candidate"
            grep -q 'information: \[\(convention\|documents\)\]' err || fail "$f: no information line says why: $(cat err)"
            continue
        fi
        [ -f "$pdf" ] || { fail "$f: no $pdf"; continue; }
        grep -qx "$(folder docs "$id")/convention.pdf" out || fail "$f: path not printed on stdout"
        check_pdf_structure "$pdf"
        text_of "$pdf" > text.txt
        expected_for_sample "$f"
        contains_in_order text.txt
        # The French dates of the calendar.
        "$STAGEDOC" calendar --format=tsv "$f" > cal.tsv
        limite=$(awk -F'\t' '$1 == "date-limite-rapport" { print $2 }' cal.tsv)
        day=$(date -d "$limite" +%-d); year=$(date -d "$limite" +%Y)
        grep -q "$day .* $year" text.txt || fail "$f: report deadline $limite not written in French"
    done
}

t_convention_of_a_minor_names_the_legal_representative() {
    build -o docs "$SAMPLES/scolaire-mineur.xml"
    [ "$RC" = 0 ] || fail "exit $RC: $(cat err)"
    text_of docs/ET27-014_NDIAYE_Aissatou/convention.pdf > text.txt
    grep -q 'Aïssatou' text.txt || fail "student's name missing"
    grep -q 'vendredi 18 juin 2027' text.txt || fail "deadline 'vendredi 18 juin 2027' missing"
    grep -q 'mardi 18 mai 2027' text.txt || fail "start 'mardi 18 mai 2027' missing"
    grep -qi 'représentant légal' text.txt || fail "legal representative missing"
    rep=$(xpath "$SAMPLES/scolaire-mineur.xml" 'string(/stage/stagiaire/representant-legal/prenom)')
    grep -q "$rep" text.txt || fail "legal representative's name $rep missing"
    grep -q '203 heures' text.txt || fail "hours of presence missing"
}

t_metadata_outline_and_attachment() {
    build -o docs "$SAMPLES/scolaire-mineur.xml"
    pdf=docs/ET27-014_NDIAYE_Aissatou/convention.pdf
    pdfinfo "$pdf" > info.txt 2>&1 || fail "pdfinfo failed"
    grep -q '^Title: *Convention de stage — Aïssatou' info.txt || fail "title: $(grep Title info.txt)"
    grep -q '^Creator: *stagedoc ' info.txt || fail "creator: $(grep Creator info.txt)"
    author=$(xpath "$SAMPLES/scolaire-mineur.xml" 'string(/stage/etablissement/nom)')
    grep -q "^Author: *$author" info.txt || fail "author: $(grep Author info.txt)"
    pdfdetach -list "$pdf" > attach.txt 2>&1 || fail "pdfdetach failed"
    grep -q 'ET27-014.xml' attach.txt || fail "no embedded XML: $(cat attach.txt)"
    pdfdetach -save 1 -o embedded.xml "$pdf" > /dev/null 2>&1
    xmllint --noout embedded.xml 2>/dev/null || fail "embedded XML is not well formed"
    grep -q 'N.Diaye' embedded.xml || fail "embedded XML is not the stage's"
    qpdf --json "$pdf" > doc.json 2>/dev/null
    grep -q '"/Outlines"' doc.json || fail "no outline (bookmarks)"
}

t_two_builds_are_byte_identical() {
    build -o a "$SAMPLES/scolaire-majeur.xml"
    build -o b "$SAMPLES/scolaire-majeur.xml"
    cmp -s a/LMM27-007_MARCHAND_Theo/convention.pdf b/LMM27-007_MARCHAND_Theo/convention.pdf || fail "two builds differ"
    SOURCE_DATE_EPOCH=1700000000 "$STAGEDOC" build -o c "$SAMPLES/scolaire-majeur.xml" > /dev/null 2>&1
    cmp -s a/LMM27-007_MARCHAND_Theo/convention.pdf c/LMM27-007_MARCHAND_Theo/convention.pdf && fail "SOURCE_DATE_EPOCH is not used"
    true
}

t_a_45_activity_annex_loses_nothing() {
    awk '/<activites>/ { print; for (i = 1; i <= 45; i++)
            printf "    <activite domaine=\"realisation\">Activité numéro %d : câblage, raccordement et essais de l'\''armoire n° %d avant mise sous tension.</activite>\n", i, i
            skip = 1; next }
         /<\/activites>/ { skip = 0 } !skip' "$SAMPLES/scolaire-majeur.xml" > long.xml
    build -o docs long.xml
    [ "$RC" = 0 ] || { fail "exit $RC: $(head -n 3 err)"; return; }
    pdf=docs/LMM27-007_MARCHAND_Theo/convention.pdf
    check_pdf_structure "$pdf"
    text_of "$pdf" > text.txt
    i=1; : > expected.txt
    while [ $i -le 45 ]; do echo "Activité numéro $i :" >> expected.txt; i=$((i + 1)); done
    contains_in_order text.txt
    pages=$(pdfinfo "$pdf" | awk '/^Pages:/ { print $2 }')
    [ "$pages" -ge 5 ] || fail "45 activities fit on $pages pages?"
}

t_invalid_input_writes_nothing() {
    sed 's|fin="2027-06-25"|fin="2027-09-25"|' "$SAMPLES/scolaire-majeur.xml" > bad.xml
    build -o docs "$SAMPLES/scolaire-mineur.xml" bad.xml
    [ "$RC" = 1 ] || fail "exit $RC, expected 1"
    grep -q '\[duree\]' err || fail "no [duree] diagnostic"
    [ -e docs ] && fail "something was written: $(find docs -type f | head -n 3)"
    true
}

t_failed_run_keeps_earlier_outputs() {
    build -o docs "$SAMPLES/scolaire-mineur.xml"
    cp docs/ET27-014_NDIAYE_Aissatou/convention.pdf before.pdf
    chmod 555 docs/ET27-014
    if [ "$(id -u)" = 0 ]; then
        # root writes anyway: make the target a folder instead
        chmod 755 docs/ET27-014
        rm docs/ET27-014_NDIAYE_Aissatou/convention.pdf
        mkdir docs/ET27-014_NDIAYE_Aissatou/convention.pdf
        build -o docs "$SAMPLES/scolaire-mineur.xml"
        [ "$RC" = 3 ] || fail "exit $RC, expected 3 when the file cannot be replaced"
        ls -a docs/ET27-014 | grep -q '^\.convention' && fail "a temporary file was left behind"
        rmdir docs/ET27-014_NDIAYE_Aissatou/convention.pdf
        return
    fi
    build -o docs "$SAMPLES/scolaire-mineur.xml"
    [ "$RC" = 3 ] || fail "exit $RC, expected 3 for an unwritable folder"
    cmp -s before.pdf docs/ET27-014_NDIAYE_Aissatou/convention.pdf || fail "the earlier output changed"
    chmod 755 docs/ET27-014
}

t_unwritable_output_folder() {
    : > file
    build -o file/sub "$SAMPLES/scolaire-mineur.xml"
    [ "$RC" = 3 ] || fail "exit $RC, expected 3"
    grep -q 'erreur: \[ecriture\]' err || fail "no [ecriture] error: $(cat err)"
}

t_only_and_usage() {
    build --only convention -o docs "$SAMPLES/scolaire-mineur.xml"
    [ "$RC" = 0 ] || fail "--only convention: exit $RC"
    build --only nimporte -o docs "$SAMPLES/scolaire-mineur.xml"
    [ "$RC" = 2 ] || fail "--only unknown: exit $RC, expected 2"
    build
    [ "$RC" = 2 ] || fail "no file: exit $RC, expected 2"
    "$STAGEDOC" build --help | grep -q 'Usage' || fail "no help"
}

t_promotion_builds_every_convention() {
    build -o docs "$SAMPLES/promotion-2027.xml"
    [ "$RC" = 0 ] || { fail "exit $RC: $(head -n 3 err)"; return; }
    expected=$(xpath "$SAMPLES/promotion-2027.xml" 'count(/promotion/stage[@voie!="apprentissage" and not(dispense)])')
    written=$(find docs -name convention.pdf | wc -l)
    [ "$written" = "$expected" ] || fail "$written conventions for $expected stages"
    [ "$(grep -c '/convention.pdf$' out)" = "$expected" ] || fail "stdout lists $(grep -c '/convention.pdf$' out) conventions"
    for pdf in $(find docs -name convention.pdf | sort | head -n 40); do
        text_of "$pdf" > /dev/null
    done
}

t_template_error_names_the_template_line() {
    cp -R "$ROOT/templates" tpl
    sed -i 's|>Article 1 — Objet</titre>|>Article 1 — {fr:date(}</titre>|' tpl/documents/convention.xml
    line=$(grep -n 'Article 1 — {fr:date(' tpl/documents/convention.xml | cut -d: -f1)
    build --templates tpl -o docs "$SAMPLES/scolaire-mineur.xml"
    [ "$RC" = 1 ] || fail "exit $RC, expected 1"
    grep -q "tpl/documents/convention.xml:$line:" err || fail "no diagnostic at the template line $line: $(head -n 2 err)"
    [ -e docs ] && fail "a document was written"
    true
}

t_regulation_number_too_large_is_refused() {
    cp -R "$ROOT/templates" tpl
    sed -i 's/^duree\.semaines-max\t.*/duree.semaines-max\t99999999999999999999/' tpl/regles/parametres.tsv
    line=$(grep -n '^duree\.semaines-max' tpl/regles/parametres.tsv | cut -d: -f1)
    build --templates tpl -o docs "$SAMPLES/scolaire-mineur.xml"
    [ "$RC" = 3 ] || fail "exit $RC, expected 3"
    grep -q "tpl/regles/parametres.tsv:$line: attendu : nom<TAB>nombre" err ||
        fail "no error at the parameter's line $line: $(head -n 2 err)"
    [ -e docs ] && fail "a document was written"
    true
}

t_logo_is_embedded_once() {
    build -o docs "$SAMPLES/scolaire-mineur.xml"
    pdfimages -list docs/ET27-014_NDIAYE_Aissatou/convention.pdf > images.txt 2>&1
    [ "$(tail -n +3 images.txt | wc -l)" = 1 ] || fail "expected one image (the logo): $(cat images.txt)"
    grep -q ' 360 *120 ' images.txt || fail "the logo's size is not kept: $(tail -n 1 images.txt)"
    sed 's|logo-lycee-eiffel.png|absent.png|' "$SAMPLES/scolaire-mineur.xml" > nologo.xml
    cp "$SAMPLES/logo-lycee-eiffel.png" . 2>/dev/null
    build -o docs2 nologo.xml
    [ "$RC" = 0 ] || fail "a missing logo stops the build: exit $RC"
    grep -q 'avertissement: \[image\] ET27-014 : image introuvable : absent.png' err || fail "no warning for the missing logo: $(cat err)"
    [ -f docs2/ET27-014_NDIAYE_Aissatou/convention.pdf ] || fail "no convention without the logo"
}

t_unprintable_character_names_the_field() {
    sed 's|<prenom>Aïssatou</prenom>|<prenom>Aïssatou 中</prenom>|' "$SAMPLES/scolaire-mineur.xml" > cjk.xml
    cp "$SAMPLES/logo-lycee-eiffel.png" .
    line=$(grep -n 'Aïssatou 中' cjk.xml | cut -d: -f1)
    build -o docs cjk.xml
    [ "$RC" = 1 ] || fail "exit $RC, expected 1"
    grep -q "cjk.xml:$line:[0-9]*: erreur: \[caracteres\] .*U+4E2D.*<prenom>" err || fail "no [caracteres] at line $line: $(cat err)"
    [ -e docs ] && fail "something was written"
    true
}

# make install honours PREFIX and DESTDIR, and the installed program finds
# its templates and fonts under PREFIX/share/stagedoc wherever it is moved.
t_make_install_gives_a_working_program() {
    make -s -C "$ROOT" install DESTDIR="$PWD/root" PREFIX=/opt/stagedoc > make.log 2>&1 ||
        { fail "make install failed: $(tail -n 3 make.log)"; return; }
    installed=$PWD/root/opt/stagedoc/bin/stagedoc
    [ -x "$installed" ] || { fail "no installed binary"; return; }
    for f in templates/schema/stage.xsd templates/documents/convention.xml fonts/DejaVuSans.ttf; do
        [ -f "root/opt/stagedoc/share/stagedoc/$f" ] || fail "not installed: $f"
    done
    mv root moved
    RC=0
    "$PWD/moved/opt/stagedoc/bin/stagedoc" build -o docs "$SAMPLES/scolaire-majeur.xml" > out 2> err || RC=$?
    [ "$RC" = 0 ] || fail "the installed program failed: $(head -n 2 err)"
    [ -f docs/LMM27-007_MARCHAND_Theo/convention.pdf ] || fail "the installed program wrote no convention"
}

TESTS="make_install_gives_a_working_program regulation_number_too_large_is_refused logo_is_embedded_once unprintable_character_names_the_field every_sample_builds_a_clean_convention convention_of_a_minor_names_the_legal_representative
metadata_outline_and_attachment two_builds_are_byte_identical a_45_activity_annex_loses_nothing
invalid_input_writes_nothing failed_run_keeps_earlier_outputs unwritable_output_folder
only_and_usage promotion_builds_every_convention template_error_names_the_template_line"

run_tests build "$TESTS"
