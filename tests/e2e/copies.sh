#!/bin/sh
# End-to-end tests of the copies bundle packs (issue 21, items 4 and 5): a
# signed copy or a handed-in document whose embedded stage XML names another
# stage or another student is refused, naming both; a PDF without one is
# accepted with an information line; an attachment too large is not read
# whole; a convention signed by some of its signatories is a warning listing
# who has not signed (an error with --complet); verify says per document who
# signed and who did not; a CRC-damaged package gets a French message with
# « À faire »; an information line that is the same for every student is
# said once, with a count. Conventions are signed with poppler's pdfsig and
# a throwaway NSS database. Ends with "N passed, N failed".
. "$(dirname "$0")/lib.sh"

run() { # command args...: runs stagedoc, sets RC, out and err
    RC=0
    "$STAGEDOC" "$@" > out 2> err || RC=$?
}

copy_sample() {
    cp "$SAMPLES/$1" "$SAMPLES/logo-lycee-eiffel.png" .
    cp -R "$SAMPLES/rapports" "$SAMPLES/anglais" .
}

only_zip() { ls "$1"/*.zip 2> /dev/null | head -n 1; }

# with_signed SAMPLE ROLE FILE OUT: SAMPLE with <documents-signes><ROLE
# fichier="FILE"/></documents-signes>, as OUT.
with_signed() {
    sed "s|</documents-anglais>|</documents-anglais>\n  <documents-signes><$2 fichier=\"$3\"/></documents-signes>|" \
        "$1" > "$4"
}

# The convention stagedoc builds for a sample, as FILE.
convention_of() { # sample.xml file
    "$STAGEDOC" build --only convention -o "docs-$$" "$1" > build.out 2> build.err ||
        { fail "build $1: $(head -n 3 build.err)"; return 1; }
    pdf=$(grep '/convention.pdf$' build.out | head -n 1)
    [ -f "$pdf" ] || { fail "no convention for $1: $(cat build.out)"; return 1; }
    cp "$pdf" "$2"
}


t_other_students_signed_convention_refused() {
    copy_sample scolaire-mineur.xml
    mkdir signes
    convention_of "$SAMPLES/scolaire-majeur.xml" signes/convention.pdf || return
    with_signed scolaire-mineur.xml convention signes/convention.pdf s.xml
    run bundle -o pk s.xml
    [ "$RC" = 1 ] || fail "exit $RC, expected 1"
    line=$(grep -n '<documents-signes>' s.xml | cut -d: -f1)
    grep "^s.xml:$line:[0-9]*: erreur: \[copie\] ET27-014 : la convention signée « signes/convention.pdf »" err \
        > refusal || fail "no [copie] error at the signed copy's line $line: $(cat err)"
    grep -q "LMM27-007 (Théo Marchand" refusal || fail "the other stage and student are not named: $(cat refusal)"
    grep -q "ET27-014 (Aïssatou N'Diaye" refusal || fail "this stage and student are not named: $(cat refusal)"
    grep -q 'À faire : ' refusal || fail "nothing to do: $(cat refusal)"
    [ -z "$(only_zip pk)" ] || fail "a package was written with another student's convention"

    # The same student's own convention is accepted, without a word on its source.
    convention_of scolaire-mineur.xml signes/own.pdf || return
    with_signed scolaire-mineur.xml convention signes/own.pdf own.xml
    run bundle -o pk2 own.xml
    grep -q '\[copie\]' err && fail "own convention: $(grep '\[copie\]' err)"
    [ -n "$(only_zip pk2)" ] || fail "own convention: no package: $(grep erreur err)"

    # Same stage id, another student (the name changed in the XML): refused.
    sed "s|<nom>N'Diaye</nom>|<nom>Durand</nom>|" own.xml > renamed.xml
    grep -q '<nom>Durand</nom>' renamed.xml || { fail "the sample's name was not changed"; return; }
    run bundle -o pk3 renamed.xml
    [ "$RC" = 1 ] || fail "another student, same id: exit $RC, expected 1"
    grep 'erreur: \[copie\]' err | grep -q "d'un autre stagiaire.*Aïssatou N'Diaye.*Aïssatou Durand" ||
        fail "another student, same id: $(grep copie err)"
}

t_other_students_report_refused() {
    copy_sample scolaire-mineur.xml
    convention_of "$SAMPLES/scolaire-majeur.xml" other.pdf || return
    sed 's|rapports/rapport-exemple.pdf|other.pdf|' scolaire-mineur.xml > s.xml
    run bundle -o pk s.xml
    [ "$RC" = 1 ] || fail "exit $RC, expected 1"
    grep -q "erreur: \[copie\] ET27-014 : le rapport « other.pdf » est le document du stage LMM27-007" err ||
        fail "a report made for another stage is not refused: $(cat err)"
}

t_pdf_without_source_accepted_with_information() {
    copy_sample scolaire-mineur.xml
    mkdir signes
    cp rapports/rapport-exemple.pdf signes/scan.pdf
    with_signed scolaire-mineur.xml attestation signes/scan.pdf s.xml
    run bundle -o pk s.xml
    [ "$RC" = 0 ] || fail "exit $RC: $(grep erreur err)"
    grep -q "information: \[copie\] ET27-014 : l'attestation signée « signes/scan.pdf » n'a pas été produite\? par stagedoc" err ||
        grep -q "information: \[copie\] ET27-014 : l'attestation signée « signes/scan.pdf » n'a pas été produit par stagedoc" err ||
        fail "no information line for a PDF not made by stagedoc: $(cat err)"
    [ -n "$(only_zip pk)" ] || fail "no package"
}

# An attachment named <…>.xml larger than the limit is not read whole: a
# warning, and the package is still made.
t_large_attachment_bounded() {
    need pdfattach poppler-utils || return
    copy_sample scolaire-mineur.xml
    mkdir signes
    { printf '<stage id="ET27-014">'; head -c 3000000 /dev/zero | tr '\0' ' '; printf '</stage>'; } > ET27-014.xml
    pdfattach rapports/rapport-exemple.pdf ET27-014.xml signes/gros.pdf || { fail "pdfattach failed"; return; }
    with_signed scolaire-mineur.xml attestation signes/gros.pdf s.xml
    run bundle -o pk s.xml
    [ "$RC" = 0 ] || fail "exit $RC: $(grep erreur err)"
    grep -q "avertissement: \[copie\] ET27-014 : .*dépasse 1 Mio" err || fail "no warning for a large attachment: $(cat err)"
}

# A convention of five signatories signed by two: a warning listing the
# three missing, the package made; an error with --complet, no package.
t_partly_signed_convention_warned() {
    need certutil libnss3-tools && need pdfsig poppler-utils || return
    copy_sample scolaire-majeur.xml
    mkdir signes
    convention_of scolaire-majeur.xml convention.pdf || return
    make_nss || { fail "NSS database not created"; return; }
    add_signer eleve "Théo Marchand" 2 && add_signer tuteur "Tuteur de test" 3 ||
        { fail "certificates not made"; return; }
    sign stagiaire eleve convention.pdf one.pdf
    sign tuteur tuteur one.pdf signes/convention.pdf
    with_signed scolaire-majeur.xml convention signes/convention.pdf s.xml
    run bundle -o pk s.xml
    [ "$RC" = 0 ] || fail "a partly signed convention stops the package: exit $RC: $(grep erreur err)"
    grep "avertissement: \[signatures\] LMM27-007 : la convention signée « signes/convention.pdf »" err > warning ||
        { fail "no warning: $(cat err)"; return; }
    grep -q "il manque l'organisme d'accueil, l'établissement, l'enseignant référent (2 signatures sur 5)" warning ||
        fail "who has not signed is not listed: $(cat warning)"
    grep -q 'le stagiaire\|le tuteur' warning && fail "a signatory who signed is listed: $(cat warning)"
    grep -q 'À faire' warning || fail "nothing to do: $(cat warning)"
    zip=$(only_zip pk)
    [ -n "$zip" ] || { fail "no package"; return; }

    # verify: per document, who signed (with the name in the signature) and who did not.
    run verify "$zip"
    [ "$RC" = 0 ] || fail "verify: exit $RC: $(cat err)"
    grep -q "^  convention.pdf : signé par le stagiaire (Théo Marchand), le tuteur (Tuteur de test) ; manque l'organisme d'accueil, l'établissement, l'enseignant référent (2 signatures sur 5)\.$" out ||
        fail "verify does not say who signed the convention: $(cat out)"
    grep -q "^  attestation.pdf : aucune signature : manque " out || fail "verify: the unsigned attestation: $(cat out)"

    run bundle --complet -o pk2 s.xml
    [ "$RC" = 1 ] || fail "--complet: exit $RC, expected 1"
    grep -q "erreur: \[signatures\] LMM27-007 : la convention signée « signes/convention.pdf » .*il manque l'organisme d'accueil" err ||
        fail "--complet: no error: $(cat err)"
    [ -z "$(only_zip pk2)" ] || fail "--complet: a package was written"
    "$STAGEDOC" bundle --help | grep -q -- '--complet' || fail "--complet is not in bundle --help"
    # --complet: no signed attestation at all is an error too.
    grep -q "erreur: \[signatures\] LMM27-007 : pas d'attestation signée" err ||
        fail "--complet: a package without a signed attestation: $(grep attestation err)"
}

# A byte changed in an entry's data: libzip's CRC error in French, with
# something to do, never libzip's English.
t_crc_damage_said_in_french() {
    run bundle -o pk "$SAMPLES/scolaire-mineur.xml"
    zip=$(only_zip pk)
    [ -n "$zip" ] || { fail "no package: $(cat err)"; return; }
    cp "$zip" damaged.zip
    at=$(grep -obUa '%%EOF' damaged.zip | head -n 1 | cut -d: -f1)
    at=$((at - 200))
    old=$(od -An -tu1 -j "$at" -N1 damaged.zip | tr -d ' ')
    printf "\\$(printf '%03o' $(( 255 - old )))" | dd of=damaged.zip bs=1 seek="$at" conv=notrunc 2> /dev/null
    run verify damaged.zip
    [ "$RC" = 1 ] || fail "exit $RC, expected 1"
    grep -q "^damaged.zip: erreur: \[donnees\] entrée « rapport.pdf » illisible : données altérées (somme de contrôle CRC incorrecte)\. À faire : " err ||
        fail "no French CRC message with something to do: $(cat err)"
    grep -qi 'CRC error\|Zip archive\|Read error\|not a zip' err && fail "libzip's English: $(cat err)"
    echo 'pas un zip' > faux.zip
    run verify faux.zip
    grep -q "^faux.zip: erreur: \[zip\] pas une archive ZIP saine : ce n'est pas une archive ZIP\. À faire" err ||
        fail "not a ZIP: $(cat err)"
    grep -qi 'Not a zip archive' err && fail "libzip's English: $(cat err)"
    true
}

# The information lines that are the same for every student are said once,
# with the number of stages; the same with workers.
t_repeated_information_said_once() {
    promotion 6
    for jobs in 1 3; do
        run bundle -j "$jobs" -o "pk$jobs" promo.xml
        [ "$RC" = 0 ] || { fail "-j $jobs: exit $RC: $(grep erreur err | head -n 3)"; continue; }
        [ "$(grep -c 'le rapport compte 21 pages' err)" = 1 ] ||
            fail "-j $jobs: the page count said $(grep -c 'le rapport compte 21 pages' err) times: $(grep 'compte' err | head -n 3)"
        grep -q 'information : \[rapport\] le rapport compte 21 pages (6 stagiaires : ' err ||
            fail "-j $jobs: no count: $(grep 'compte' err)"
        [ "$(grep -c "pas d'attestation signée" err)" = 1 ] ||
            fail "-j $jobs: the unsigned attestation said $(grep -c "pas d'attestation signée" err) times"
        sed 's/-j [0-9]/-j N/; s/pk[0-9]/pkN/' err > "err$jobs"
    done
    cmp -s err1 err3 || fail "-j 1 and -j 3 say different things: $(diff err1 err3 | head -n 4)"
    true
}

TESTS="other_students_signed_convention_refused other_students_report_refused
pdf_without_source_accepted_with_information large_attachment_bounded
partly_signed_convention_warned crc_damage_said_in_french repeated_information_said_once"

run_tests copies "$TESTS"
