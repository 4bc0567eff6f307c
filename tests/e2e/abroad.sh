#!/bin/sh
# abroad.sh — stages abroad: the host country named in full from
# templates/pays.tsv, an unknown country code refused, and the bilingual
# French/English convention and attestation (--langue fr,en or
# <stage langue="fr,en">).
. "$(dirname "$0")/lib.sh"

convention_text() { # folder
    text_of "$1/LLC27-DE-01_HOFFMANN_Lena/convention.pdf" > convention.txt
}

t_country_named_in_full() {
    build -o docs "$SAMPLES/etranger.xml"
    [ "$RC" = 0 ] || { fail "exit $RC: $(cat err)"; return; }
    convention_text docs
    grep -q 'DE287451936 (Allemagne)' convention.txt || fail "the identifier's country is not named"
    grep -q "pays : Allemagne" convention.txt || fail "article 14 does not name the country"
    grep -q '(DE)' convention.txt && fail "a bare country code is printed"
    grep -q 'Purpose\.' convention.txt && fail "English text without --langue"
    true
}

t_unknown_country_code_refused() {
    sed 's|<pays>DE</pays>|<pays>XX</pays>|' "$SAMPLES/etranger.xml" > xx.xml
    "$STAGEDOC" check xx.xml > out 2> err && fail "check accepts XX"
    grep -q 'erreur: \[pays\] .*« XX » n.est pas un code de pays connu\. À faire' err || fail "no [pays] error: $(grep erreur err | head -n 1)"
}

t_bilingual_with_the_option() {
    build --langue fr,en -o docs "$SAMPLES/etranger.xml"
    [ "$RC" = 0 ] || { fail "exit $RC: $(cat err)"; return; }
    convention_text docs
    printf '%s\n' 'Convention de stage' 'Work placement agreement' 'Article 1 — Objet' 'Purpose.' \
        'Article 14 — Stage à l’étranger' 'Placement abroad.' 'Germany' 'Annexe pédagogique' 'Educational annex' > expected.txt
    sed -i "s/’/'/" expected.txt
    contains_in_order convention.txt
    text_of docs/LLC27-DE-01_HOFFMANN_Lena/attestation.pdf > attestation.txt
    grep -q 'Placement certificate' attestation.txt || fail "the attestation is not bilingual"
    check_pdf_structure docs/LLC27-DE-01_HOFFMANN_Lena/convention.pdf
}

t_bilingual_from_the_stage_attribute() {
    sed 's|<stage \(.*\)id="LLC27-DE-01"|<stage \1id="LLC27-DE-01" langue="fr,en"|' "$SAMPLES/etranger.xml" > bilingue.xml
    grep -q 'langue="fr,en"' bilingue.xml || { fail "sed did not add the attribute"; return; }
    cp "$SAMPLES/logo-lycee-eiffel.png" . 2> /dev/null
    build -o docs bilingue.xml
    [ "$RC" = 0 ] || { fail "exit $RC: $(cat err)"; return; }
    convention_text docs
    grep -q 'Purpose\.' convention.txt || fail "langue=\"fr,en\" gives no English text"
    build --langue fr,en -o docs2 "$SAMPLES/etranger.xml"
    build --langue fr,en -o docs3 "$SAMPLES/etranger.xml"
    cmp -s docs2/LLC27-DE-01_HOFFMANN_Lena/convention.pdf docs3/LLC27-DE-01_HOFFMANN_Lena/convention.pdf || fail "two bilingual builds differ"
}

t_bad_language_is_a_usage_error() {
    build --langue de -o docs "$SAMPLES/etranger.xml"
    [ "$RC" = 2 ] || fail "exit $RC, expected 2"
    grep -q '« fr » ou « fr,en » attendu' err || fail "no clear message: $(cat err)"
    [ -e docs ] && fail "something was written"
    true
}

TESTS="country_named_in_full unknown_country_code_refused bilingual_with_the_option
bilingual_from_the_stage_attribute bad_language_is_a_usage_error"
run_tests abroad "$TESTS"
