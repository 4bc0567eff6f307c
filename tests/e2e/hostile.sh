#!/bin/sh
# hostile.sh — files handed in that try to break stagedoc: PDFs given as a
# report (bundle) or as a signed copy (signatures) that are truncated, loop
# in their page tree, xref chain or form field tree, claim a 1-GB object stream, or are
# encrypted; packages (verify) that are ZIP bombs, name entries ../ or /,
# or whose manifest lies. Each gets a French error naming the file and what
# to do, exit 1, nothing written, within 5 s and 256 MiB (the bounds are
# relaxed under the sanitizers, whose own costs they would measure).
. "$(dirname "$0")/lib.sh"

if [ -n "${STAGEDOC_SANITIZED:-}" ]; then MAX_SECONDS=60 MAX_KB=0; else MAX_SECONDS=5 MAX_KB=262144; fi

# run ARGS...: stagedoc within the bounds, with a $TMPDIR of its own that
# refused checks is left empty.
run() {
    mkdir -p "$PWD/tmpdir"
    TMPDIR=$PWD/tmpdir timed "$@"
}

# refused WHAT PATTERN [RC]: the last run ended with exit RC (1 unless
# given), stderr matches the extended regular expression PATTERN, it kept
# within the time and memory bounds, and it left nothing in its $TMPDIR.
refused() {
    [ "$RC" = "${3:-1}" ] || fail "$1: exit $RC, expected ${3:-1}: $(head -c 300 err)"
    grep -Eq "$2" err || fail "$1: stderr does not match « $2 »: $(head -c 300 err)"
    bounded "$1"
    [ -z "$(ls -A tmpdir 2> /dev/null)" ] || fail "$1: left files in \$TMPDIR: $(ls -A tmpdir | head -n 3)"
}

# mkpdf FILE OBJECT...: a PDF whose objects are numbered from 1 in order,
# with a correct xref table; PDF_TRAILER adds to the trailer, and "@XREF@"
# in it stands for the xref table's own offset (a /Prev loop).
mkpdf() {
    file=$1
    shift
    printf '%%PDF-1.7\n' > "$file"
    n=0 offsets=
    for object in "$@"; do
        n=$((n + 1))
        offsets="$offsets $(wc -c < "$file")"
        printf '%d 0 obj\n%s\nendobj\n' "$n" "$object" >> "$file"
    done
    xref=$(wc -c < "$file")
    printf 'xref\n0 %d\n0000000000 65535 f \n' $((n + 1)) >> "$file"
    for offset in $offsets; do printf '%010d 00000 n \n' "$offset" >> "$file"; done
    extra=$(printf '%s' "${PDF_TRAILER:-}" | sed "s/@XREF@/$xref/")
    printf 'trailer\n<< /Size %d /Root 1 0 R %s >>\nstartxref\n%d\n%%%%EOF\n' $((n + 1)) "$extra" "$xref" >> "$file"
}

PAGE='<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>'

make_hostile_pdfs() {
    head -c 20000 "$SAMPLES/rapports/rapport-exemple.pdf" > truncated.pdf
    mkpdf page-tree-loop.pdf '<< /Type /Catalog /Pages 2 0 R >>' \
        '<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>' "$PAGE"
    PDF_TRAILER='/Prev @XREF@' mkpdf xref-loop.pdf '<< /Type /Catalog /Pages 2 0 R >>' \
        '<< /Type /Pages /Kids [3 0 R] /Count 1 >>' "$PAGE"
    mkpdf huge-object-stream.pdf '<< /Type /Catalog /Pages 2 0 R >>' \
        '<< /Type /Pages /Kids [3 0 R] /Count 1 /Extra 4 0 R >>' "$PAGE" \
        "<< /Type /ObjStm /N 100000000 /First 1000000000 /Length 1073741824 >>
stream
1 0 2 0
endstream"
    qpdf --encrypt user owner 256 -- "$SAMPLES/rapports/rapport-exemple.pdf" encrypted.pdf
    # a signature field whose 30 kids are itself: walked naively, 30^32 visits
    kids=$(for i in $(seq 30); do printf '4 0 R '; done)
    mkpdf field-tree-loop.pdf '<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R] >> >>' \
        '<< /Type /Pages /Kids [3 0 R] /Count 1 >>' "$PAGE" "<< /T (a) /FT /Sig /Kids [$kids] >>"
}

HOSTILE_PDFS="truncated.pdf page-tree-loop.pdf xref-loop.pdf huge-object-stream.pdf encrypted.pdf"
HOSTILE_SIGNED_COPIES="$HOSTILE_PDFS field-tree-loop.pdf"

t_hostile_reports_refused_by_bundle() {
    cp "$SAMPLES/scolaire-mineur.xml" . && cp -R "$SAMPLES/rapports" "$SAMPLES/anglais" .
    make_hostile_pdfs
    for pdf in $HOSTILE_PDFS; do
        sed "s|rapports/rapport-exemple.pdf|$pdf|" scolaire-mineur.xml > stage.xml
        run bundle -o "pk-$pdf" stage.xml
        [ "$RC" = 1 ] || fail "$pdf: exit $RC, expected 1: $(grep erreur err | head -n 1)"
        grep -q "erreur: \[[a-z]*\] ET27-014 : le rapport.*$pdf.*À faire" err ||
            fail "$pdf: no clear error naming the file: $(grep erreur err | head -n 1)"
        find "pk-$pdf" -name '*.zip' 2> /dev/null | grep -q . && fail "$pdf: a package was written"
        bounded "$pdf"
    done
    true
}

t_hostile_pdfs_given_to_signatures() {
    make_hostile_pdfs
    for pdf in $HOSTILE_SIGNED_COPIES; do
        run signatures "$pdf"
        [ "$RC" = 1 ] || fail "$pdf: exit $RC, expected 1: $(head -n 1 err)"
        grep -q "^$pdf: erreur: " err || fail "$pdf: no error naming the file: $(head -n 1 err)"
        bounded "$pdf"
    done
    true
}

le16() { printf "\\$(printf %03o $(($1 & 255)))\\$(printf %03o $((($1 >> 8) & 255)))"; }
le32() { le16 $(($1 & 65535)); le16 $((($1 >> 16) & 65535)); }

# mkzip FILE NAME DATA: a ZIP of one stored entry called NAME, made byte by
# byte (ZIP tools refuse to write such names); the CRC-32 comes from gzip's
# trailer, which holds it in the same byte order.
mkzip() {
    zip=$1 name=$2 data=$3
    size=$(wc -c < "$data") len=$(printf '%s' "$name" | wc -c)
    gzip -c < "$data" | tail -c 8 | head -c 4 > crc
    { printf 'PK\003\004'; le16 20; le16 0; le16 0; le16 0; le16 0; cat crc; le32 "$size"; le32 "$size"
      le16 "$len"; le16 0; printf '%s' "$name"; cat "$data"; } > "$zip"
    central=$(wc -c < "$zip")
    { printf 'PK\001\002'; le16 20; le16 20; le16 0; le16 0; le16 0; le16 0; cat crc; le32 "$size"
      le32 "$size"; le16 "$len"; le16 0; le16 0; le16 0; le16 0; le32 0; le32 0; printf '%s' "$name"; } >> "$zip"
    end=$(wc -c < "$zip")
    { printf 'PK\005\006'; le16 0; le16 0; le16 1; le16 1; le32 $((end - central)); le32 "$central"; le16 0; } >> "$zip"
}

t_hostile_packages_refused_by_verify() {
    cp "$SAMPLES/rapports/rapport-exemple.pdf" r.pdf
    mkzip parent.zip '../rapport.pdf' r.pdf
    mkzip absolute.zip '/tmp/rapport.pdf' r.pdf
    unzip -tqq parent.zip > /dev/null 2>&1 || true # unzip warns about the name, not the data
    run bundle -o pk "$SAMPLES/scolaire-majeur.xml"
    mkdir x && (cd x && unzip -q ../pk/*.zip) && sed 's/pages="21"/pages="2"/' x/manifest.xml > manifest.xml &&
        cp pk/*.zip lying.zip && 7z a lying.zip manifest.xml > /dev/null || { fail "cannot make the lying package"; return; }
    # The bomb: a sound manifest, and a report of 300 MB of zeros in 300 KB.
    mkdir bomb && cp x/manifest.xml bomb/ && truncate -s 300M bomb/rapport.pdf &&
        (cd bomb && 7z a -tzip -mx=1 ../bomb.zip manifest.xml rapport.pdf > /dev/null) || { fail "7z cannot make the bomb"; return; }
    rm -r bomb
    for case in parent.zip:nom bomb.zip:donnees absolute.zip:nom lying.zip:pages; do
        zip=${case%%:*} rule=${case#*:}
        run verify "$zip"
        [ "$RC" = 1 ] || fail "$zip: exit $RC, expected 1: $(head -n 1 err)"
        grep -q "^$zip: erreur: \[$rule\]" err || fail "$zip: no [$rule] error: $(head -n 2 err)"
        bounded "$zip"
    done
    [ "$(find . -newer bomb.zip -type f ! -name 'out' ! -name 'err' ! -name 'time.out' ! -name '.*' | grep -v '^./x/\|lying.zip\|manifest.xml\|^./pk/' | wc -l)" = 0 ] ||
        fail "verify wrote files"
    true
}

TESTS="hostile_reports_refused_by_bundle hostile_pdfs_given_to_signatures hostile_packages_refused_by_verify"

# One part a kind of input (tests/e2e/hostile/*.sh): each defines its t_
# functions and adds their names to TESTS.
for part in "$ROOT"/tests/e2e/hostile/*.sh; do
    [ -f "$part" ] && . "$part"
done
run_tests hostile "$TESTS"
