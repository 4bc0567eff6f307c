#!/bin/sh
# End-to-end tests of PDF/A-1b (build --pdfa, bundle --pdfa, pdfa="oui" in
# the XML, « PDF/A » in a workbook's Classe sheet): every kind of document
# passes Apache PDFBox's validator (Validator_A1b, one java call for all,
# its verdict read per file) with zero errors, qpdf finds nothing wrong,
# the text is the default mode's, the same input gives the same bytes, the
# signature fields still sign (pdfsig, mutool), an image with alpha is
# flattened, and the default mode still has its object streams and its
# attached XML. A missing tool fails the tests with the Debian package to
# install. Ends with "N passed, N failed".
. "$(dirname "$0")/lib.sh"

JARS=/usr/share/java
PDFBOX_CLASSPATH=$JARS/preflight.jar:$JARS/pdfbox2.jar:$JARS/xmpbox.jar:$JARS/javax.activation.jar:$JARS/jaxb-api.jar:$JARS/commons-logging.jar

need_validator() {
    need java default-jre-headless || return 1
    for jar in preflight pdfbox2 xmpbox javax.activation jaxb-api commons-logging; do
        [ -f "$JARS/$jar.jar" ] && continue
        fail "$JARS/$jar.jar is missing: install libpdfbox2-java libactivation-java libjaxb-api-java"
        return 1
    done
}

# run_validator FILE...: PDFBox's Validator_A1b on every file at once (its
# "group" mode writes one XML report, a <preflight> per file, in order),
# summed up in verdict: "files N valid N errors N", after the first errors.
run_validator() {
    rm -f files.list.preflight.xml
    printf '%s\n' "$@" > files.list
    java -cp "$PDFBOX_CLASSPATH" org.apache.pdfbox.preflight.Validator_A1b xml group files.list \
        > validator.out 2>&1
    rm -f verdict
    [ -f files.list.preflight.xml ] || { fail "the validator wrote no report: $(tail -n 3 validator.out)"; return; }
    awk 'BEGIN { n = 0 }
         /<preflight name=/ { n++ }
         /<isValid/ && /true</ { valid++ }
         /<error>/ { errors++ }
         /<code>/ { gsub(/ *<\/?code> */, ""); code = $0 }
         /<details>/ { gsub(/ *<\/?details> */, ""); if (bad < 3) print "file " n ": " code " " $0; bad++ }
         END { print "files " n " valid " valid + 0 " errors " errors + 0 }' \
        files.list.preflight.xml > verdict
}

# validate FILE...: each file valid PDF/A-1b, with no error at all.
validate() {
    run_validator "$@"
    [ -f verdict ] || return
    grep -q "^files $# valid $# errors 0\$" verdict ||
        fail "PDF/A-1b: $(tr '\n' '|' < verdict) (files: $(tr '\n' ' ' < files.list))"
}

t_every_kind_passes_the_validator() {
    need_validator || return
    build_all_kinds || return
    kinds > kinds.txt
    [ "$(wc -l < kinds.txt)" = 13 ] || fail "not 13 kinds of documents: $(tr '\n' ' ' < kinds.txt)"
    files=
    for kind in $(cat kinds.txt); do
        [ -f "pdfa/$kind" ] || { fail "no pdfa/$kind"; continue; }
        head -c 9 "pdfa/$kind" | grep -q '^%PDF-1\.4' || fail "$kind is not PDF 1.4"
        files="$files pdfa/$kind"
    done
    validate $files
    # The default mode is not PDF/A (cross-reference streams, attachment).
    run_validator "docs/$(head -n 1 kinds.txt)"
    grep -q "^files 1 valid 0 " verdict || fail "the default mode passes as PDF/A: $(cat verdict)"
}

t_same_text_clean_structure_no_attachment() {
    need qpdf qpdf && need pdftotext poppler-utils && need pdfdetach poppler-utils || return
    build_all_kinds || return
    for kind in $(kinds); do
        check_pdf_structure "pdfa/$kind"
        text_of "docs/$kind" > default.txt
        text_of "pdfa/$kind" > pdfa.txt
        cmp -s default.txt pdfa.txt || fail "$kind: text differs from the default mode's: $(diff default.txt pdfa.txt | head -n 3 | tr '\n' '|')"
        pdfinfo "pdfa/$kind" > info.txt 2>&1
        grep -q '^PDF version: *1\.4' info.txt || fail "$kind: $(grep 'PDF version' info.txt)"
        grep -q '^Producer: *Haru' info.txt || fail "$kind: no Producer"
        pdfdetach -list "pdfa/$kind" | grep -q '^0 embedded files' || fail "$kind has an attachment"
        grep -aq '/Type */XRef\|/ObjStm' "pdfa/$kind" && fail "$kind has a cross-reference or object stream"
        grep -aq '^/ID \[<[0-9A-F]\{32\}><[0-9A-F]\{32\}>\]' "pdfa/$kind" || fail "$kind: no trailer /ID"
    done
    # The default mode keeps the attached XML and its object streams.
    convention=$(kinds | head -n 5 | tail -n 1)
    pdfdetach -list "docs/$convention" | grep -q '^1 embedded files' ||
        fail "the default convention lost its attached XML"
    grep -aq '/Type */XRef' "docs/$convention" || fail "the default convention lost its cross-reference stream"
    true
}

t_same_input_same_bytes() {
    for run in 1 2; do
        "$STAGEDOC" build --pdfa --quiet -o "run$run" "$SAMPLES/scolaire-mineur.xml" \
            "$SAMPLES/apprentissage.xml" > out 2> err || fail "build $run: $(head -n 2 err)"
    done
    same_tree run1 run2
    # -j 2 too.
    "$STAGEDOC" build --pdfa --quiet -j 2 -o run3 "$SAMPLES/scolaire-mineur.xml" \
        "$SAMPLES/apprentissage.xml" > out 2> err || fail "build -j 2: $(head -n 2 err)"
    same_tree run1 run3
}

t_pdfa_conventions_still_sign() {
    need pdfsig poppler-utils && need certutil libnss3-tools && need mutool mupdf-tools || return
    "$STAGEDOC" build --pdfa --only convention --quiet -o docs "$SAMPLES/scolaire-majeur.xml" > out 2> err ||
        { fail "build: $(head -n 2 err)"; return; }
    cp docs/*/convention.pdf convention.pdf
    make_nss || { fail "no NSS database"; return; }
    add_signer tuteur "Tuteur de test" 2 && add_signer stagiaire "Stagiaire de test" 3 ||
        { fail "no signer"; return; }
    sign tuteur tuteur convention.pdf signed-1.pdf
    sign stagiaire stagiaire signed-1.pdf signed-2.pdf
    pdfsig -nssdir sql:nss signed-2.pdf > signed.sig 2> /dev/null
    [ "$(grep -c 'Signature Validation: Signature is Valid\.' signed.sig)" = 2 ] ||
        fail "not two valid signatures: $(grep Validation signed.sig | tr '\n' '|')"
    qpdf --check signed-2.pdf > qpdf.out 2>&1 || fail "qpdf --check fails on the signed copy"
    # mutool signs a field of the PDF/A convention too.
    certutil -L -d sql:nss > /dev/null 2>&1
    openssl req -x509 -newkey rsa:2048 -nodes -keyout k.pem -out c.pem -days 2 -subj "/CN=Mutool" \
        > /dev/null 2>&1 && openssl pkcs12 -export -inkey k.pem -in c.pem -passout pass:x -out m.p12 \
        > /dev/null 2>&1 || { fail "openssl could not make a signer for mutool"; return; }
    field=$(qpdf --json --json-key=acroform convention.pdf | awk '
        $1 == "\"fullname\":" { found = ($2 == "\"tuteur\"," || $2 == "\"tuteur\"") }
        $1 == "\"object\":" && found { gsub(/[",]/, "", $2); print $2; exit }')
    mutool sign -s m.p12 -P x -o mutool.pdf convention.pdf "$field" > mutool.out 2>&1 ||
        fail "mutool sign failed: $(head -n 2 mutool.out)"
    pdfsig mutool.pdf 2> /dev/null | grep -q 'Signature Validation: Signature is Valid\|Signer Certificate Common Name: Mutool' ||
        fail "pdfsig does not see mutool's signature"
}

t_promotion_stage_and_workbook_switches() {
    need_validator || return
    cp -R "$SAMPLES/rapports" "$SAMPLES/anglais" "$SAMPLES/logo-lycee-eiffel.png" .
    sed 's/<promotion version="1"/<promotion version="1" pdfa="oui"/;
         s/<stage id="ET27-002"/<stage pdfa="non" id="ET27-002"/' \
        "$SAMPLES/promotion-2027.xml" > promo.xml
    "$STAGEDOC" check promo.xml > out 2> err || fail "check: $(head -n 2 err)"
    "$STAGEDOC" build --quiet -o docs promo.xml > out 2> err || { fail "build: $(head -n 2 err)"; return; }
    for pdf in "$(folder docs ET27-001)/convention.pdf" docs/attestations.pdf docs/planning.pdf; do
        head -c 8 "$pdf" | grep -q '%PDF-1.4' || fail "$pdf is not PDF/A"
    done
    head -c 8 "$(folder docs ET27-002)/convention.pdf" | grep -q '%PDF-1.7' ||
        fail "pdfa=\"non\" on a stage is not obeyed"
    # The Classe sheet's « PDF/A » cell, there and back.
    "$STAGEDOC" export --force -o classe.xlsx promo.xml > out 2> err &&
        "$STAGEDOC" import --force -o back.xml classe.xlsx > out 2> err ||
        { fail "export or import: $(head -n 2 err)"; return; }
    grep -q '<promotion version="1" pdfa="oui">' back.xml || fail "the workbook lost pdfa: $(sed -n 2p back.xml)"
    "$STAGEDOC" build --quiet -o fromxlsx classe.xlsx > out 2> err || fail "build of the workbook: $(head -n 2 err)"
    head -c 8 fromxlsx/attestations.pdf | grep -q '%PDF-1.4' || fail "the workbook's class is not PDF/A"
    # A bad value is a schema error.
    sed 's/pdfa="oui"/pdfa="peut-etre"/' promo.xml > bad.xml
    "$STAGEDOC" check bad.xml > out 2> err && fail "pdfa=\"peut-etre\" accepted"
    grep -q 'pdfa' err || fail "no message about pdfa: $(head -n 2 err)"
}

t_bundle_holds_pdfa_documents() {
    need_validator || return
    cp "$SAMPLES/scolaire-majeur.xml" stage.xml
    cp -R "$SAMPLES/rapports" "$SAMPLES/anglais" .
    "$STAGEDOC" bundle --pdfa -o paquets stage.xml > out 2> err || { fail "bundle: $(head -n 3 err)"; return; }
    zip=$(ls paquets/*.zip | head -n 1)
    mkdir inside && (cd inside && unzip -q "../$zip") || { fail "unzip $zip"; return; }
    files=$(find inside -name 'convention.pdf' -o -name 'attestation.pdf' | sort)
    [ -n "$files" ] || { fail "no convention in $zip"; return; }
    validate $files
    "$STAGEDOC" verify "$zip" > out 2> err || fail "verify: $(head -n 2 out err)"
}

t_transparent_logo_is_flattened() {
    need_validator || return
    # A 40 × 10 RGBA PNG, red fading in from transparent.
    python3 - << 'EOF' || { fail "python3 could not write the PNG"; return; }
import struct, zlib
def chunk(kind, data):
    return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data))
rows = b''.join(b'\0' + b''.join(bytes([200, 30, 30, x * 255 // 39]) for x in range(40)) for y in range(10))
open('logo.png', 'wb').write(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', 40, 10, 8, 6, 0, 0, 0))
                             + chunk(b'IDAT', zlib.compress(rows)) + chunk(b'IEND', b''))
EOF
    sed 's|logo-lycee-eiffel.png|logo.png|' "$SAMPLES/scolaire-mineur.xml" > stage.xml
    cp -R "$SAMPLES/rapports" "$SAMPLES/anglais" .
    "$STAGEDOC" build --pdfa --only convention --quiet -o docs stage.xml > out 2> err ||
        { fail "build: $(head -n 2 err)"; return; }
    grep -aq '/SMask' docs/*/convention.pdf && fail "the logo kept its soft mask"
    validate docs/*/convention.pdf
}

TESTS="every_kind_passes_the_validator same_text_clean_structure_no_attachment same_input_same_bytes
pdfa_conventions_still_sign promotion_stage_and_workbook_switches bundle_holds_pdfa_documents
transparent_logo_is_flattened"

run_tests pdfa "$TESTS"
