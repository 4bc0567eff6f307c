# lib.sh — what the end-to-end scripts share (sourced, not run): where the
# program and the samples are, a scratch folder removed at exit, fixed dates
# for reproducible outputs, the helpers the document and long-run tests use,
# and the runner. A test is a shell function
# t_NAME run in its own folder; it calls fail "why" (as often as needed) to
# fail. run_tests PREFIX "NAME..." prints ok / not ok lines and ends with
# "N passed, N failed"; its status is 0 only when none failed.
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
STAGEDOC=${STAGEDOC:-$ROOT/stagedoc}
SAMPLES=$ROOT/samples
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export SOURCE_DATE_EPOCH=1800000000

fail() { echo "$*" >> "$WHY"; }

# norm: text without spaces, line breaks, hyphens or narrow spaces, so that
# justified, wrapped and hyphenated lines compare with the input's words.
norm() { sed 's/\xe2\x80\xaf//g; s/\xc2\xa0//g' | tr -d ' \n\t\r\f-'; }

build() { # args...: runs stagedoc build, sets RC, out and err
    RC=0
    "$STAGEDOC" build "$@" > out 2> err || RC=$?
}

# The text of a PDF, checking that poppler says nothing on stderr.
text_of() {
    pdftotext -enc UTF-8 "$1" - 2> poppler.err || fail "pdftotext failed on $1"
    [ -s poppler.err ] && fail "poppler warns on $1: $(head -n 2 poppler.err)"
}

# contains_in_order FILE.txt: every line of expected.txt appears in order.
contains_in_order() {
    norm < "$1" > actual.norm
    while IFS= read -r want; do
        printf '%s' "$want" | norm > want.norm
        [ -s want.norm ] || continue
        awk -v rest="$(cat actual.norm)" -v want="$(cat want.norm)" 'BEGIN {
            i = index(rest, want); if (!i) exit 1; print substr(rest, i + length(want)) }' \
            > rest.norm || { fail "$1: missing or out of order: $want"; return; }
        mv rest.norm actual.norm
    done < expected.txt
}

check_pdf_structure() {
    qpdf --check "$1" > qpdf.out 2>&1 || fail "qpdf --check fails on $1: $(tail -n 2 qpdf.out)"
    grep -q 'No syntax or stream encoding errors found' qpdf.out || fail "qpdf: $(tail -n 2 qpdf.out)"
    pdffonts "$1" > fonts.out 2> fonts.err || fail "pdffonts failed on $1"
    [ -s fonts.err ] && fail "pdffonts warns on $1: $(head -n 1 fonts.err)"
    [ "$(tail -n +3 fonts.out | wc -l)" -ge 1 ] || fail "no font in $1"
    # name type encoding emb sub uni: every font embedded, subset, with ToUnicode.
    tail -n +3 fonts.out | awk '{ n = NF; if ($(n-4) != "yes" || $(n-3) != "yes" || $(n-2) != "yes") bad = bad $1 " " }
        END { if (bad) { print bad; exit 1 } }' > fonts.bad || fail "fonts not embedded+subset+unicode in $1: $(cat fonts.bad)"
    tail -n +3 fonts.out | awk '{ print $1 }' | grep -qv '^[A-Z]\{6\}+' && fail "a font name lacks a subset tag in $1"
    true
}

promotion() { # count: promo.xml here, with the files its stages cite
    sh "$ROOT/tests/make-promotion.sh" "$1" > promo.xml
    cp -R "$SAMPLES/rapports" "$SAMPLES/anglais" "$SAMPLES/logo-lycee-eiffel.png" .
}

# Every PDF (or ZIP) under a final name is whole; hidden temporary files
# (.NAME.XXXXXX, removed on any error, left only by a kill) do not count.
all_whole() { # folder
    find "$1" -name '*.pdf' ! -name '.*' | while read -r pdf; do
        tail -c 8 "$pdf" | grep -q '%%EOF' || echo "$pdf"
    done > partial.txt
    find "$1" -name '*.zip' ! -name '.*' | while read -r zip; do
        unzip -tqq "$zip" > /dev/null 2>&1 || echo "$zip"
    done >> partial.txt
    [ -s partial.txt ] && fail "partial files under their final name: $(head -n 3 partial.txt)"
    for pdf in $(find "$1" -name '*.pdf' ! -name '.*' | head -n 10); do
        qpdf --check "$pdf" > /dev/null 2>&1 || fail "qpdf --check fails on $pdf"
    done
    true
}

# The files of two folders, hidden ones aside, are the same bytes.
# same_tree A B: the same files, byte for byte; index.tsv is compared
# without its last column, the input each file came from (named otherwise).
same_tree() { # a b
    (cd "$1" && find . -type f ! -name '.*' ! -name index.tsv | sort | xargs sha256sum) > a.sums
    (cd "$2" && find . -type f ! -name '.*' ! -name index.tsv | sort | xargs sha256sum) > b.sums
    cmp -s a.sums b.sums || fail "$1 and $2 differ: $(diff a.sums b.sums | head -n 4 | tr '\n' ' ')"
    if [ -f "$1/index.tsv" ] || [ -f "$2/index.tsv" ]; then
        cut -f 1-3 "$1/index.tsv" > "$TMP/a.index" 2> /dev/null
        cut -f 1-3 "$2/index.tsv" > "$TMP/b.index" 2> /dev/null
        cmp -s "$TMP/a.index" "$TMP/b.index" ||
            fail "$1 and $2 list other files: $(diff "$TMP/a.index" "$TMP/b.index" | head -n 4 | tr '\n' ' ')"
    fi
}

xpath() { xmllint --xpath "$2" "$1" 2>/dev/null; }

# Signing in tests: a throwaway CA in an NSS database here (make_nss), one
# certificate per signer (add_signer), pdfsig signing a field (sign).
make_nss() {
    mkdir nss
    head -c 4096 /dev/urandom > noise
    certutil -N -d sql:nss --empty-password || return 1
    certutil -S -d sql:nss -n ca -s "CN=Autorite de test stagedoc" -x -t "CT,C,C" -k rsa -g 2048 \
        -Z SHA256 -v 12 -m 1 -z noise > /dev/null 2>&1 || return 1
}

add_signer() { # nickname common-name serial
    certutil -S -d sql:nss -n "$1" -s "CN=$2" -c ca -t ",," -k rsa -g 2048 -Z SHA256 -v 12 \
        -m "$3" -z noise > /dev/null 2>&1
}

sign() { # field nickname in out
    pdfsig -nssdir sql:nss -sign "$1" -nick "$2" -reason "Lu et approuvé" "$3" "$4" > sign.out 2>&1 \
        || fail "pdfsig -sign $1: $(cat sign.out)"
}

# timed ARGS...: stagedoc under GNU time, within MAX_SECONDS and MAX_KB (0:
# no bound on memory), which the caller sets; RC, out, err, SECONDS_USED,
# KB_USED. A hang ends as exit 124 after twice the bound. bounded WHAT
# fails the test when either bound was passed.
timed() {
    RC=0
    /usr/bin/time -f "%e %M" -o time.out timeout $((MAX_SECONDS * 2)) "$STAGEDOC" "$@" > out 2> err || RC=$?
    read -r SECONDS_USED KB_USED <<EOT
$(tail -n 1 time.out)
EOT
}

bounded() { # what
    awk -v s="$SECONDS_USED" -v max="$MAX_SECONDS" 'BEGIN { exit !(s <= max) }' ||
        fail "$1: took $SECONDS_USED s (bound $MAX_SECONDS s)"
    [ "$MAX_KB" = 0 ] || [ "$KB_USED" -le "$MAX_KB" ] || fail "$1: used $KB_USED KiB (bound $MAX_KB KiB)"
}

# folder DIR ID: the student's folder build made in DIR (ID_NOM_Prenom).
folder() { ls -d "$1/$2_"* "$1/$2" 2>/dev/null | head -n 1; }

# ------------------------------------------------------------ every kind of document
# (pdfa.sh, tagged.sh; need also signatures.sh, copies.sh)

# need COMMAND PACKAGE: fails the test when a tool is missing.
need() {
    command -v "$1" > /dev/null 2>&1 && return 0
    fail "$1 is missing: install the Debian package $2 (sudo apt-get install $2)"
    return 1
}

# Every kind of document, in both modes: docs (default) and pdfa (--pdfa).
build_all_kinds() {
    cp -R "$SAMPLES/rapports" "$SAMPLES/anglais" "$SAMPLES/logo-lycee-eiffel.png" .
    for mode in docs pdfa; do
        flag=
        [ "$mode" = pdfa ] && flag=--pdfa
        "$STAGEDOC" build $flag --quiet -o "$mode" "$SAMPLES"/*.xml > out 2> err ||
            { fail "build $flag: $(head -n 3 err)"; return 1; }
        "$STAGEDOC" build $flag --quiet --langue fr,en -o "$mode/bilingue" "$SAMPLES/etranger.xml" \
            > out 2> err || { fail "build $flag --langue fr,en: $(head -n 3 err)"; return 1; }
    done
}

# One document of each kind, relative to a build folder: adult, minor and
# bilingual conventions, certificate, employer's certificate, the four
# grids, strategy table, English sheet, the class's certificates and
# planning.
kinds() {
    adult=$(basename "$(folder docs LMM27-007)")
    minor=$(basename "$(folder docs ET27-014)")
    apprentice=$(basename "$(folder docs APP27-NANTES-02)")
    abroad=$(basename "$(folder docs/bilingue LLC27-DE-01)")
    for unit in U51 U52 U61 U62; do
        (cd docs && ls */grille-$unit.pdf | head -n 1)
    done
    strategy=$(cd docs && ls */strategie.pdf | head -n 1)
    echo "$adult/convention.pdf $minor/convention.pdf bilingue/$abroad/convention.pdf
$adult/attestation.pdf $apprentice/attestation.pdf $adult/anglais.pdf $strategy
promotion-2027-attestations.pdf promotion-2027-planning.pdf" | tr ' ' '\n'
}

run_tests() {
    prefix=$1
    passed=0
    failed=0
    for name in $2; do
        dir=$TMP/$name
        mkdir "$dir"
        WHY=$dir/.why
        (cd "$dir" && "t_$name") > "$dir/.log" 2>&1
        if [ ! -s "$WHY" ]; then
            passed=$((passed + 1))
            echo "ok - $prefix: $name"
        else
            failed=$((failed + 1))
            echo "not ok - $prefix: $name: $(head -n 3 "$WHY" | tr '\n' '|')"
        fi
    done
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
}
