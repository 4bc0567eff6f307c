#!/bin/sh
# End-to-end tests of the signature fields, with real signing clients: the
# conventions built by stagedoc list their fields in pdfsig (six for a
# minor, five for an adult), every field is signed one after another with
# pdfsig (poppler) from a throwaway CA and signer made with openssl and an
# NSS database (certutil, pk12util), each signature appending to the file
# and leaving the earlier ones valid; one changed byte breaks them all;
# mutool (MuPDF) signs a field too, without drawing over the captions, and
# pdfsig signs after it. A missing tool fails the tests with the Debian
# package to install. Ends with "N passed, N failed".
. "$(dirname "$0")/lib.sh"

MINOR_FIELDS="stagiaire representant-legal entreprise etablissement enseignant-referent tuteur"
ADULT_FIELDS="stagiaire entreprise etablissement enseignant-referent tuteur"


# The throwaway PKI, made once for every test: a CA, a signer certificate
# it issued, and an NSS database holding the signer's key (nickname
# "signataire") and trusting the CA. PKI_WHY says why it could not be made.
PKI=$TMP/pki
NSS=sql:$PKI/nss
PKI_WHY=$TMP/pki.why
make_pki() {
    for tool in openssl:openssl certutil:libnss3-tools pk12util:libnss3-tools; do
        command -v "${tool%%:*}" > /dev/null 2>&1 ||
            echo "${tool%%:*} is missing: install the Debian package ${tool#*:} (sudo apt-get install ${tool#*:})" >> "$PKI_WHY"
    done
    [ -s "$PKI_WHY" ] && return
    mkdir -p "$PKI/nss" && cd "$PKI" || return
    {
        openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 30 \
            -subj "/CN=stagedoc test CA" \
            -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign &&
        openssl req -newkey rsa:2048 -nodes -keyout signer.key -out signer.csr \
            -subj "/CN=Signataire de test" &&
        printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\n' > signer.ext &&
        openssl x509 -req -in signer.csr -CA ca.pem -CAkey ca.key -CAcreateserial \
            -out signer.pem -days 30 -extfile signer.ext &&
        openssl pkcs12 -export -inkey signer.key -in signer.pem -certfile ca.pem \
            -name signataire -passout pass:secret -out signer.p12 &&
        certutil -N -d "$NSS" --empty-password &&
        pk12util -i signer.p12 -d "$NSS" -W secret &&
        certutil -M -d "$NSS" -n "stagedoc test CA" -t CT,C,C &&
        certutil -L -d "$NSS" -n signataire
    } > pki.log 2>&1 || echo "the test PKI could not be made: $(tail -n 3 pki.log)" >> "$PKI_WHY"
}

pki() {
    [ -s "$PKI_WHY" ] || return 0
    cat "$PKI_WHY" >> "$WHY"
    return 1
}

# build_sample SAMPLE: the convention of samples/SAMPLE.xml as convention.pdf
# here; false (with a reason) when it cannot be built.
build_sample() {
    "$STAGEDOC" build -o docs "$SAMPLES/$1.xml" > out 2> err ||
        { fail "stagedoc build $1: $(head -n 3 err)"; return 1; }
    pdf=$(grep '/convention.pdf$' out | head -n 1)
    [ -f "$pdf" ] || { fail "$1: no convention written: $(cat out)"; return 1; }
    cp "$pdf" convention.pdf
}

# pdfsig's report on FILE in FILE.sig (its exit status says nothing of
# validity: read the text).
report() {
    pdfsig -nssdir "$NSS" "$1" > "$1.sig" 2> /dev/null || fail "pdfsig failed on $1"
}

field_names() { sed -n 's/^ *- Signature Field Name: //p' "$1"; }

qpdf_clean() {
    qpdf --check "$1" > qpdf.out 2>&1 || fail "qpdf --check fails on $1: $(tail -n 2 qpdf.out)"
    grep -q 'No syntax or stream encoding errors found' qpdf.out || fail "qpdf on $1: $(tail -n 2 qpdf.out)"
    grep -q 'WARNING' qpdf.out && fail "qpdf warns on $1: $(grep WARNING qpdf.out | head -n 1)"
    grep -q '^File is not encrypted' qpdf.out || fail "$1 is encrypted"
    true
}

# The object number of field NAME in FILE, from qpdf's view of the form.
field_object() {
    qpdf --json --json-key=acroform "$2" | awk -v name="\"$1\"" '
        $1 == "\"fullname\":" { found = ($2 == name "," || $2 == name) }
        $1 == "\"object\":" && found { gsub(/[",]/, "", $2); print $2; exit }'
}

# sign_in_turn FIELDS: signs convention.pdf's fields one after another with
# pdfsig (signed-0.pdf is the unsigned file, signed-N.pdf has N signatures),
# checking after each that the file only grew and every signature so far is
# valid, the last one covering the whole file.
sign_in_turn() {
    cp convention.pdf signed-0.pdf
    n=0
    for field in $1; do
        next=$((n + 1))
        pdfsig -nssdir "$NSS" -nick signataire -reason "Signature : $field" -sign "$field" \
            "signed-$n.pdf" "signed-$next.pdf" > sign.out 2>&1
        [ -f "signed-$next.pdf" ] || { fail "pdfsig did not sign $field: $(head -n 3 sign.out)"; return 1; }
        size=$(wc -c < "signed-$n.pdf")
        cmp -s -n "$size" "signed-$n.pdf" "signed-$next.pdf" ||
            fail "signing $field rewrote the file instead of appending to it"
        qpdf_clean "signed-$next.pdf"
        report "signed-$next.pdf"
        [ "$(grep -c 'Signature Validation: Signature is Valid\.' "signed-$next.pdf.sig")" = "$next" ] ||
            fail "after signing $field, not $next valid signatures: $(grep 'Validation' "signed-$next.pdf.sig" | tr '\n' '|')"
        n=$next
    done
}

# check_fully_signed FILE FIELDS: every field signed and valid, in order,
# the certificate trusted, and only the last signature covers the whole file.
check_fully_signed() {
    report "$1"
    count=$(echo $2 | wc -w)
    [ "$(field_names "$1.sig" | tr '\n' ' ')" = "$2 " ] ||
        fail "fields of $1: $(field_names "$1.sig" | tr '\n' ' '), expected $2"
    [ "$(grep -c 'Signature Validation: Signature is Valid\.' "$1.sig")" = "$count" ] ||
        fail "not $count valid signatures in $1: $(grep Validation "$1.sig" | tr '\n' '|')"
    [ "$(grep -c 'Certificate Validation: Certificate is Trusted\.' "$1.sig")" = "$count" ] ||
        fail "the signer's certificate is not trusted in $1"
    grep -q 'not signed' "$1.sig" && fail "a field of $1 is still unsigned"
    # The summary of each signature, one line each: the last one alone says
    # "Total document signed".
    awk '/^Signature #/ { if (s) print s; s = "" } /document signed/ { s = $0 } END { print s }' \
        "$1.sig" > totals
    [ "$(grep -c 'Not total document signed' totals)" = "$((count - 1))" ] ||
        fail "earlier signatures of $1: $(tr '\n' '|' < totals)"
    tail -n 1 totals | grep -q -- '- Total document signed' ||
        fail "the last signature of $1 does not cover the whole document: $(tail -n 1 totals)"
}

t_unsigned_conventions_list_their_fields() {
    need pdfsig poppler-utils && need qpdf qpdf || return
    for sample in scolaire-mineur:6 scolaire-majeur:5; do
        name=${sample%:*}
        build_sample "$name" || continue
        qpdf_clean convention.pdf
        pdfsig convention.pdf > unsigned.sig 2> pdfsig.err || fail "pdfsig failed on $name"
        [ -s pdfsig.err ] && fail "pdfsig warns on $name: $(head -n 2 pdfsig.err)"
        expected=$MINOR_FIELDS
        [ "${sample#*:}" = 5 ] && expected=$ADULT_FIELDS
        [ "$(field_names unsigned.sig | tr '\n' ' ')" = "$expected " ] ||
            fail "$name: fields $(field_names unsigned.sig | tr '\n' ' '), expected $expected"
        [ "$(grep -c 'The signature form field is not signed\.' unsigned.sig)" = "${sample#*:}" ] ||
            fail "$name: not ${sample#*:} unsigned fields: $(cat unsigned.sig)"
    done
}

t_minor_convention_signed_by_six_in_turn() {
    need pdfsig poppler-utils && need qpdf qpdf && pki || return
    build_sample scolaire-mineur || return
    sign_in_turn "$MINOR_FIELDS" || return
    check_fully_signed signed-6.pdf "$MINOR_FIELDS"
}

t_adult_convention_signed_by_five_in_turn() {
    need pdfsig poppler-utils && need qpdf qpdf && pki || return
    build_sample scolaire-majeur || return
    sign_in_turn "$ADULT_FIELDS" || return
    check_fully_signed signed-5.pdf "$ADULT_FIELDS"
}

t_one_changed_byte_breaks_every_signature() {
    need pdfsig poppler-utils && need qpdf qpdf && pki || return
    build_sample scolaire-mineur || return
    sign_in_turn "$MINOR_FIELDS" || return
    # A byte of the first revision, which every signature covers.
    cp signed-6.pdf changed.pdf
    at=$(($(wc -c < signed-0.pdf) / 2))
    byte=$(od -An -tu1 -j "$at" -N 1 changed.pdf | tr -d ' ')
    if [ "$byte" = 65 ]; then new=B; else new=A; fi
    printf '%s' "$new" | dd of=changed.pdf bs=1 seek="$at" conv=notrunc 2> /dev/null
    [ "$(cmp -l signed-6.pdf changed.pdf | wc -l)" = 1 ] || { fail "the byte at $at was not changed"; return; }
    report changed.pdf
    [ "$(field_names changed.pdf.sig | wc -l)" = 6 ] ||
        fail "pdfsig no longer lists the six signatures: $(head -n 5 changed.pdf.sig)"
    grep -q 'Signature is Valid' changed.pdf.sig &&
        fail "a signature is still valid after a byte changed: $(grep Validation changed.pdf.sig | tr '\n' '|')"
    [ "$(grep -c 'Signature Validation: Digest Mismatch' changed.pdf.sig)" = 6 ] ||
        fail "not six digest mismatches: $(grep Validation changed.pdf.sig | tr '\n' '|')"
}

t_mutool_signs_a_field_and_pdfsig_after_it() {
    need mutool mupdf-tools && need pdfsig poppler-utils && need qpdf qpdf &&
        need pdftoppm poppler-utils && pki || return
    build_sample scolaire-majeur || return
    tuteur=$(field_object tuteur convention.pdf)
    [ -n "$tuteur" ] || { fail "no field tuteur in qpdf's view of the form"; return; }
    mutool sign -s "$PKI/signer.p12" -P secret -o mutool.pdf convention.pdf "$tuteur" > mutool.out 2>&1 ||
        { fail "mutool sign failed: $(head -n 3 mutool.out)"; return; }
    cmp -s -n "$(wc -c < convention.pdf)" convention.pdf mutool.pdf ||
        fail "mutool rewrote the file instead of appending to it"
    qpdf_clean mutool.pdf
    mutool sign -v mutool.pdf > verify.out 2>&1
    grep -q 'The document is unchanged since signing' verify.out ||
        fail "mutool does not verify its signature: $(cat verify.out)"
    report mutool.pdf
    grep -A 9 'Field Name: tuteur' mutool.pdf.sig | grep -q 'Signature is Valid\.' ||
        fail "pdfsig does not validate mutool's signature: $(cat mutool.pdf.sig)"
    [ "$(grep -c 'not signed' mutool.pdf.sig)" = 4 ] || fail "mutool signed more than one field"

    # mutool draws its appearance inside the field, below the captions:
    # outside the field's /Rect, page 3 is unchanged.
    rect=$(qpdf --show-object="$tuteur" mutool.pdf | sed -n 's/.*\/Rect \[ *\([^]]*\)\].*/\1/p')
    set -- $rect
    [ $# = 4 ] || { fail "no /Rect for tuteur: $rect"; return; }
    page=$(qpdf --json --json-key=acroform convention.pdf | awk '
        $1 == "\"fullname\":" { found = ($2 == "\"tuteur\"," || $2 == "\"tuteur\"") }
        $1 == "\"pageposfrom1\":" && found { gsub(/,/, "", $2); print $2; exit }')
    height=$(pdfinfo -f "$page" -l "$page" convention.pdf | sed -n 's/^Page.*size: *[0-9.]* x \([0-9.]*\).*/\1/p')
    [ -n "$height" ] || { fail "no page height from pdfinfo"; return; }
    # The field in pixels at 72 dpi (top-left origin), a pixel of margin
    # around it for antialiasing.
    left=$(awk -v v="$1" 'BEGIN { print int(v) - 1 }')
    right=$(awk -v v="$3" 'BEGIN { print int(v) + 2 }')
    top=$(awk -v v="$4" -v h="$height" 'BEGIN { print int(h - v) - 1 }')
    bottom=$(awk -v v="$2" -v h="$height" 'BEGIN { print int(h - v) + 2 }')
    for f in convention mutool; do
        # above, below, left and right of the field; the field itself
        pdftoppm -gray -r 72 -f "$page" -l "$page" -singlefile -x 0 -y 0 -W 10000 -H "$top" "$f.pdf" "$f-above"
        pdftoppm -gray -r 72 -f "$page" -l "$page" -singlefile -x 0 -y "$bottom" -W 10000 -H 10000 "$f.pdf" "$f-below"
        pdftoppm -gray -r 72 -f "$page" -l "$page" -singlefile -x 0 -y "$top" -W "$left" -H $((bottom - top)) "$f.pdf" "$f-left"
        pdftoppm -gray -r 72 -f "$page" -l "$page" -singlefile -x "$right" -y "$top" -W 10000 -H $((bottom - top)) "$f.pdf" "$f-right"
        pdftoppm -gray -r 72 -f "$page" -l "$page" -singlefile -x "$left" -y "$top" -W $((right - left)) -H $((bottom - top)) "$f.pdf" "$f-field"
    done
    for part in above below left right; do
        cmp -s "convention-$part.pgm" "mutool-$part.pgm" ||
            fail "mutool's signature changed the page $part the field (captions covered?)"
    done
    cmp -s convention-field.pgm mutool-field.pgm && fail "mutool drew nothing in the field"

    # pdfsig signs another field after mutool's: both valid.
    pdfsig -nssdir "$NSS" -nick signataire -sign stagiaire mutool.pdf both.pdf > sign.out 2>&1
    [ -f both.pdf ] || { fail "pdfsig did not sign after mutool: $(head -n 3 sign.out)"; return; }
    qpdf_clean both.pdf
    report both.pdf
    [ "$(grep -c 'Signature is Valid\.' both.pdf.sig)" = 2 ] ||
        fail "not two valid signatures after mutool and pdfsig: $(grep Validation both.pdf.sig | tr '\n' '|')"
    mutool sign -v both.pdf > verify.out 2>&1
    grep -q 'The signature is valid but there have been edits since signing' verify.out ||
        fail "mutool no longer validates its signature after pdfsig's: $(cat verify.out)"
}

t_signing_leaves_the_pages_unchanged() {
    need pdfsig poppler-utils && need pdftoppm poppler-utils && pki || return
    build_sample scolaire-mineur || return
    sign_in_turn "$MINOR_FIELDS" || return
    # pdfsig adds no appearance of its own: the signed pages look exactly
    # like the unsigned ones, boxes and captions included.
    pdftoppm -gray -r 50 signed-0.pdf unsigned 2> /dev/null
    pdftoppm -gray -r 50 signed-6.pdf signed 2> /dev/null
    ls unsigned-*.pgm > /dev/null 2>&1 || { fail "pdftoppm rendered nothing"; return; }
    for page in unsigned-*.pgm; do
        cmp -s "$page" "signed-${page#unsigned-}" || fail "page ${page#unsigned-} changed when signed"
    done
}

t_bound_attestations_have_unique_field_names() {
    need pdfsig poppler-utils || return
    "$STAGEDOC" build -o docs "$SAMPLES/promotion-2027.xml" > out 2> err ||
        { fail "stagedoc build: $(head -n 3 err)"; return; }
    book=$(grep 'attestations\.pdf$' out | head -n 1)
    [ -f "$book" ] || { fail "no attestations.pdf: $(cat out)"; return; }
    pdfsig "$book" > book.sig 2> /dev/null
    field_names book.sig > names
    [ -s names ] || { fail "no field in $book"; return; }
    [ -z "$(sort names | uniq -d)" ] || fail "duplicate field names: $(sort names | uniq -d | tr '\n' ' ')"
    individual=$(grep '/attestation\.pdf$' out | wc -l)
    [ "$(wc -l < names)" = "$individual" ] ||
        fail "$(wc -l < names) fields for $individual attestations"
    # Each role name first as it is, then with -2, -3, … in page order.
    awk '{ base = $0; n = 1
           if (match($0, /-[0-9]+$/)) { base = substr($0, 1, RSTART - 1); n = substr($0, RSTART + 1) + 0 }
           if (n != ++seen[base]) { print "field " NR ": " $0 " after " seen[base] - 1 " " base; exit 1 } }' \
        names > order.out || fail "names are not the role, then role-2, role-3…: $(cat order.out)"
}

TESTS="unsigned_conventions_list_their_fields minor_convention_signed_by_six_in_turn
adult_convention_signed_by_five_in_turn one_changed_byte_breaks_every_signature
mutool_signs_a_field_and_pdfsig_after_it signing_leaves_the_pages_unchanged
bound_attestations_have_unique_field_names"

(make_pki) > /dev/null 2>&1

run_tests signatures "$TESTS"
