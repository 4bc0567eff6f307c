#!/bin/sh
# End-to-end tests of what build leaves in its output folder: a rebuild
# after a row is removed takes away that student's files and nothing else
# (the user's own files and another input's outputs stay); a signed PDF in
# the folder is never overwritten; --stage rebuilds one student and keeps
# the others and the class files. Ends with "N passed, N failed".
. "$(dirname "$0")/lib.sh"

# A class workbook here: the example of init --tableur as CSV files.
class_here() {
    "$STAGEDOC" init --tableur m > /dev/null 2>&1 || fail "init --tableur"
}

# drop_student ID: the class without that student's rows, in every sheet.
drop_student() {
    for f in m/classe/*.csv; do
        grep -v "$1" "$f" > "$f.new" && mv "$f.new" "$f"
    done
}

t_rebuild_forgets_a_removed_student_and_nothing_else() {
    class_here
    build -o docs m/classe
    [ "$RC" = 0 ] || { fail "first build: $(cat err)"; return; }
    [ -f docs/ET27-035_HOFFMANN_Lena/convention.pdf ] || fail "no convention for ET27-035"
    echo "mes notes" > docs/notes.txt
    echo "à relire" > docs/ET27-014_NDIAYE_Aissatou/mes-notes.txt
    build -o docs "$SAMPLES/scolaire-majeur.xml" # another input, same folder
    [ "$RC" = 0 ] || fail "other input: $(cat err)"
    other=$(grep -c "	$SAMPLES/scolaire-majeur.xml\$" docs/index.tsv)
    [ "$other" -ge 3 ] || fail "the other input's lines: $other"
    grep -q "	m/classe\$" docs/index.tsv || fail "the class's lines were lost by the other build"
    head -n 1 docs/index.tsv | grep -qx "id	document	fichier	source" || fail "header: $(head -n 1 docs/index.tsv)"
    drop_student ET27-035
    build -o docs m/classe
    [ "$RC" = 0 ] || { fail "rebuild: $(cat err)"; return; }
    [ -e docs/ET27-035_HOFFMANN_Lena ] && fail "ET27-035's folder is still there: $(ls docs/ET27-035_HOFFMANN_Lena)"
    grep -q "docs/ET27-035_HOFFMANN_Lena/convention.pdf: information: \[sortie\] ET27-035 : retiré, le stage ne le donne plus" err ||
        fail "the removal is not said: $(grep ET27-035 err)"
    [ "$(cat docs/notes.txt)" = "mes notes" ] || fail "the user's file in docs/ is gone"
    [ "$(cat docs/ET27-014_NDIAYE_Aissatou/mes-notes.txt)" = "à relire" ] || fail "the user's file in a student's folder is gone"
    [ -f docs/ET27-014_NDIAYE_Aissatou/convention.pdf ] || fail "another student's convention is gone"
    [ "$(grep -c "	$SAMPLES/scolaire-majeur.xml\$" docs/index.tsv)" = "$other" ] ||
        fail "the other input's lines changed"
    for f in $(grep "	$SAMPLES/scolaire-majeur.xml\$" docs/index.tsv | cut -f 3); do
        [ -f "docs/$f" ] || fail "the other input's $f is gone"
    done
    grep -q "^ET27-035	" docs/index.tsv && fail "index.tsv still lists ET27-035"
    true
}

t_signed_copy_is_never_overwritten() {
    class_here
    build -o docs m/classe
    [ "$RC" = 0 ] || { fail "first build: $(cat err)"; return; }
    make_nss && add_signer tutrice "Aurélie Cazenave" 2 || { fail "the test PKI"; return; }
    sign tuteur tutrice docs/ET27-001_ABADIE-LAFFARGUE_Thomas/convention.pdf signed.pdf
    [ -f signed.pdf ] || { fail "pdfsig did not sign"; return; }
    cp signed.pdf docs/ET27-001_ABADIE-LAFFARGUE_Thomas/convention.pdf
    build -o docs m/classe
    [ "$RC" = 0 ] || fail "rebuild: exit $RC: $(cat err)"
    cmp -s signed.pdf docs/ET27-001_ABADIE-LAFFARGUE_Thomas/convention.pdf || fail "the signed convention was overwritten"
    [ -f docs/ET27-001_ABADIE-LAFFARGUE_Thomas/convention-nouvelle.pdf ] || fail "no fresh copy beside it"
    grep -q "avertissement: \[sortie\] .*convention.pdf porte 1 signature : il est gardé ; le nouveau document est écrit à côté, dans .*convention-nouvelle.pdf" err ||
        fail "not said: $(grep sortie err)"
    # A rebuild again keeps it again, and the index lists both.
    build -o docs m/classe
    cmp -s signed.pdf docs/ET27-001_ABADIE-LAFFARGUE_Thomas/convention.pdf || fail "overwritten on the second rebuild"
    grep -q "^ET27-001	convention	ET27-001_ABADIE-LAFFARGUE_Thomas/convention-nouvelle.pdf	" docs/index.tsv ||
        fail "index: fresh copy"
    grep -q "^ET27-001	convention	ET27-001_ABADIE-LAFFARGUE_Thomas/convention.pdf	" docs/index.tsv ||
        fail "index: the signed one"
}

t_stage_rebuilds_one_student() {
    class_here
    build -o docs --stage ET27-014 m/classe
    [ "$RC" = 0 ] || { fail "exit $RC: $(cat err)"; return; }
    [ -f docs/ET27-014_NDIAYE_Aissatou/convention.pdf ] || fail "no convention for ET27-014"
    [ -e docs/ET27-001 ] && fail "--stage built another student"
    # The class files still count every student.
    [ "$(pdfinfo docs/attestations.pdf | sed -n 's/^Pages: *//p')" -ge 3 ] ||
        fail "attestations.pdf lacks the class's students"
    # By name, in a folder built whole: the others stay, files and index lines.
    build -o all m/classe
    before=$(tail -n +2 all/index.tsv | sort | md5sum)
    touch -d '2000-01-01' all/ET27-001_ABADIE-LAFFARGUE_Thomas/convention.pdf
    build -o all --stage "Aïssatou N'Diaye" m/classe
    [ "$RC" = 0 ] || fail "--stage by name: exit $RC: $(cat err)"
    [ "$(tail -n +2 all/index.tsv | sort | md5sum)" = "$before" ] || fail "index.tsv changed"
    [ -f all/ET27-001_ABADIE-LAFFARGUE_Thomas/convention.pdf ] || fail "another student's convention was removed"
    [ "$(stat -c %Y all/ET27-001_ABADIE-LAFFARGUE_Thomas/convention.pdf)" = "$(date -d 2000-01-01 +%s)" ] ||
        fail "another student's convention was rewritten"
    grep -qx "all/ET27-014_NDIAYE_Aissatou/convention.pdf" out || fail "N'Diaye not rebuilt: $(cat out)"
    "$STAGEDOC" build --help | grep -q -- '--stage' || fail "--help lacks --stage"
}

# Without an Identifiant column, a student's folder comes from the candidate
# number: sorting the rows moves no one, and nothing is removed.
t_rows_reordered_move_nothing() {
    class_here
    for f in m/classe/*.csv; do # the Identifiant column (the first) taken away
        [ "$f" = m/classe/Classe.csv ] && continue
        cut -d';' -f2- "$f" | sed '1s/^\(\xef\xbb\xbf\)*/\xef\xbb\xbf/' > "$f.new" && mv "$f.new" "$f"
    done
    head -n 1 m/classe/Stagiaires.csv | grep -q '^.*Voie;Année' || fail "test bug: $(head -c 60 m/classe/Stagiaires.csv)"
    build -o docs m/classe
    [ "$RC" = 0 ] || { fail "first build: $(cat err)"; return; }
    [ -f docs/02755500001_ABADIE-LAFFARGUE_Thomas/convention.pdf ] || fail "folders: $(ls docs)"
    ls docs > before
    { head -n 1 m/classe/Stagiaires.csv; tail -n +2 m/classe/Stagiaires.csv | sort -r; } > sorted.csv
    mv sorted.csv m/classe/Stagiaires.csv
    build -o docs m/classe
    [ "$RC" = 0 ] || fail "rebuild: $(cat err)"
    ls docs | cmp -s before - || fail "folders moved: $(ls docs | diff before - | tr '\n' ' ')"
    grep -q 'retiré' err && fail "files removed: $(grep retiré err)"
    true
}

t_bundle_stage_redoes_one_package() {
    for j in 1 2; do
        RC=0
        "$STAGEDOC" bundle -j "$j" -o "p$j" --stage ET27-014 --stage "Thomas Abadie-Laffargue" \
            "$SAMPLES/promotion-2027.xml" > out 2> err || RC=$?
        [ "$RC" = 0 ] || { fail "-j $j: exit $RC: $(tail -n 2 err)"; continue; }
        [ "$(ls "p$j" | grep -c '\.zip$')" = 2 ] || fail "-j $j: packages: $(ls "p$j")"
        ls "p$j" | grep -q 'NDIAYE_Aissatou.zip' || fail "-j $j: N'Diaye's package missing"
        grep -q "2 paquets écrits dans p$j, 0 en échec" err || fail "-j $j: $(tail -n 1 err)"
    done
    cmp -s p1/index.tsv p2/index.tsv || fail "-j 1 and -j 2 differ"
}

TESTS="rebuild_forgets_a_removed_student_and_nothing_else signed_copy_is_never_overwritten
stage_rebuilds_one_student rows_reordered_move_nothing bundle_stage_redoes_one_package"
run_tests outputs "$TESTS"
