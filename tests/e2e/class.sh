#!/bin/sh
# End-to-end tests of the class-wide outputs of `stagedoc build` on a
# promotion: planning.pdf (every student present, over as many pages as
# needed, landscape), attestations.pdf (one certificate per student of the
# class, in order, each on its own page), and index.tsv (every file written).
# Ends with "N passed, N failed".
. "$(dirname "$0")/lib.sh"

# A promotion of n stages made from the sample promotion's scolaire stages,
# with unique ids and surnames NOM-k so each row can be found.
make_promotion() {
    awk -v n="$1" '
        /<stage / { in_stage = 1; buffer = "" }
        in_stage { buffer = buffer $0 "\n" }
        !in_stage && !seen { header = header $0 "\n" }
        /<\/stage>/ { in_stage = 0; if (buffer ~ /voie="scolaire"/) stages[++count] = buffer; seen = 1 }
        END {
            printf "%s", header
            for (i = 1; i <= n; i++) {
                s = stages[(i - 1) % count + 1]
                sub(/id="[^"]*"/, "id=\"CL-" i "\"", s)
                sub(/<nom>[^<]*<\/nom>/, "<nom>Eleve" i "</nom>", s)
                printf "%s", s
            }
            print "</promotion>"
        }' "$SAMPLES/promotion-2027.xml" > promo.xml
}

t_planning_of_forty_students_loses_nobody() {
    make_promotion 40
    build --only planning -o docs promo.xml
    [ "$RC" = 0 ] || { fail "exit $RC: $(head -n 3 err)"; return; }
    pdf=docs/planning.pdf
    [ -f "$pdf" ] || { fail "no planning.pdf"; return; }
    qpdf --check "$pdf" > /dev/null 2>&1 || fail "qpdf --check fails"
    pdfinfo "$pdf" > info.txt
    pages=$(awk '/^Pages:/ { print $2 }' info.txt)
    [ "$pages" -ge 2 ] || fail "40 students on $pages page(s)"
    grep -q 'Page size: *841.89 x 595.28' info.txt || fail "not landscape A4: $(grep 'Page size' info.txt)"
    pdftotext -enc UTF-8 "$pdf" text.txt 2> poppler.err
    [ -s poppler.err ] && fail "poppler warns: $(head -n 1 poppler.err)"
    i=1
    while [ $i -le 40 ]; do
        grep -q "ELEVE$i\\b" text.txt || fail "student $i missing from the planning"
        i=$((i + 1))
    done
    # Weeks are labelled (S + ISO week number) and the legend is there.
    grep -q 'S2[0-9] · ' text.txt || fail "no week labels"
    grep -q 'date limite du rapport' text.txt || fail "no legend"
    [ -e "$(folder docs CL-1)/convention.pdf" ] && fail "--only planning wrote a convention"
    true
}

t_planning_shades_the_days() {
    make_promotion 3
    build --only planning -o docs promo.xml
    # The report deadline is a black box, the stage's period a grey bar, a
    # visit a dark grey; weekends, holidays and the evaluation week are
    # hatched with thin lines, which survive black-and-white printing.
    qpdf --qdf --object-streams=disable docs/planning.pdf q.pdf > /dev/null 2>&1
    grep -aqE '^[0-9.]+ [0-9.]+ [0-9.]+ [0-9.]+ re f$' q.pdf || fail "no report-deadline mark (black box)"
    grep -aq '0\.78 g' q.pdf || grep -aq '\.78 g' q.pdf || fail "no stage period bar"
    grep -aq '0\.4 g' q.pdf || grep -aq '\.4 g' q.pdf || fail "no visit mark"
    [ "$(grep -ac ' l S$' q.pdf)" -gt 100 ] || fail "no hatching: $(grep -ac ' l S$' q.pdf) lines"
}

t_index_lists_every_file() {
    make_promotion 5
    build -o docs promo.xml
    [ "$RC" = 0 ] || { fail "exit $RC: $(head -n 3 err)"; return; }
    [ -f docs/index.tsv ] || { fail "no index.tsv"; return; }
    head -n 1 docs/index.tsv | grep -q "^id	document	fichier	source$" || fail "header: $(head -n 1 docs/index.tsv)"
    tail -n +2 docs/index.tsv | while IFS='	' read -r id document file source; do
        [ "$source" = promo.xml ] || echo "source of $file: $source" >> "$WHY"
        [ -f "docs/$file" ] || echo "listed but absent: $file" >> "$WHY"
    done
    listed=$(tail -n +2 docs/index.tsv | wc -l)
    written=$(find docs -name '*.pdf' | wc -l)
    [ "$listed" = "$written" ] || fail "$listed files listed, $written written"
    grep -q "^CL-3	convention	CL-3_ELEVE3_[A-Za-z-]*/convention.pdf	promo.xml$" docs/index.tsv || fail "CL-3's convention not listed"
    grep -q "^-	planning	planning.pdf	promo.xml$" docs/index.tsv || fail "planning not listed"
}

t_class_documents_are_byte_identical() {
    make_promotion 4
    build -o a promo.xml
    build -o b promo.xml
    cmp -s a/planning.pdf b/planning.pdf || fail "planning differs between two builds"
    cmp -s a/index.tsv b/index.tsv || fail "index differs between two builds"
}

t_attestations_one_per_student_in_order() {
    make_promotion 12
    build --only attestation -o docs promo.xml
    [ "$RC" = 0 ] || { fail "exit $RC: $(head -n 3 err)"; return; }
    pdf=docs/attestations.pdf
    [ -f "$pdf" ] || { fail "no attestations.pdf"; return; }
    qpdf --check "$pdf" > /dev/null 2>&1 || fail "qpdf --check fails"
    pages=$(pdfinfo "$pdf" | awk '/^Pages:/ { print $2 }')
    single=$(pdfinfo "$(folder docs CL-1)/attestation.pdf" | awk '/^Pages:/ { print $2 }')
    [ "$pages" = $((12 * single)) ] || fail "$pages pages for 12 certificates of $single page(s)"
    i=1
    while [ $i -le 12 ]; do
        first=$(( (i - 1) * single + 1 ))
        pdftotext -f "$first" -l "$first" -enc UTF-8 "$pdf" page.txt 2>/dev/null
        grep -qi "ELEVE$i\\b" page.txt || fail "certificate $i is not on page $first"
        i=$((i + 1))
    done
}

# The certificates wait for attestations.pdf in a temporary file: without
# room for it, the class's attestations are refused clearly (exit 3), and
# every stage's own documents are still written.
t_attestations_need_a_temporary_folder() {
    make_promotion 3
    RC=0
    TMPDIR=$PWD/absent "$STAGEDOC" build --only attestation -o docs promo.xml > out 2> err || RC=$?
    [ "$RC" = 3 ] || fail "exit $RC, expected 3: $(tail -n 2 err)"
    grep -q 'attestations de la promotion non produites.*À faire : libérez de la place' err ||
        fail "no clear message: $(cat err)"
    [ -e docs/attestations.pdf ] && fail "attestations.pdf written"
    [ -s "$(folder docs CL-3)/attestation.pdf" ] || fail "the stages' own certificates are missing"
    true
}

# A certificate with an image (the établissement's own template adds the
# logo): each page drawn from the temporary file finds the image the first
# one loaded, once for the whole file.
t_attestations_with_a_logo() {
    make_promotion 3
    cp "$SAMPLES/logo-lycee-eiffel.png" .
    sed 's#</etablissement>#<logo fichier="logo-lycee-eiffel.png"/></etablissement>#' promo.xml > logo.xml
    cp -R "$ROOT/templates" mine
    sed '/^  <pied>/a\  <image fichier="{etablissement/logo/@fichier}" largeur="20mm"/>' \
        "$ROOT/templates/documents/attestation.xml" > mine/documents/attestation.xml
    build --templates mine --only attestation -o docs logo.xml
    [ "$RC" = 0 ] || { fail "exit $RC: $(head -n 3 err)"; return; }
    qpdf --check docs/attestations.pdf > /dev/null 2>&1 || fail "qpdf --check fails"
    pdfimages -list docs/attestations.pdf > images.txt 2> /dev/null
    [ "$(tail -n +3 images.txt | wc -l)" = 3 ] || fail "not one image a page: $(cat images.txt)"
    [ "$(tail -n +3 images.txt | awk '{ print $11 }' | sort -u | wc -l)" = 1 ] ||
        fail "the image is embedded more than once: $(cat images.txt)"
}

TESTS="planning_of_forty_students_loses_nobody planning_shades_the_days index_lists_every_file
class_documents_are_byte_identical attestations_one_per_student_in_order
attestations_need_a_temporary_folder attestations_with_a_logo"

run_tests class "$TESTS"
