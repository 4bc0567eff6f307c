#!/bin/sh
# End-to-end tests of the exam package: `stagedoc bundle`, `verify` and
# `signatures`. Every package is checked with independent tools (unzip -t,
# zipinfo, 7z, xmllint, sha256sum, pdfinfo); verify must accept sound
# packages and find tampered ones; bad inputs are refused stage by stage;
# conventions are signed with poppler's pdfsig and a throwaway NSS database.
# Ends with "N passed, N failed".
. "$(dirname "$0")/lib.sh"


run() { # command args...: runs stagedoc, sets RC, out and err
    RC=0
    "$STAGEDOC" "$@" > out 2> err || RC=$?
}

# The single-stage samples, without the exempted candidate's.
single_samples() {
    for f in "$SAMPLES"/*.xml; do
        grep -q '<promotion' "$f" && continue
        grep -q '<dispense' "$f" && continue
        echo "$f"
    done
}

# A sample copied here with the files it points at, to be edited.
copy_sample() {
    cp "$SAMPLES/$1" "$SAMPLES/logo-lycee-eiffel.png" .
    cp -R "$SAMPLES/rapports" "$SAMPLES/anglais" .
}

only_zip() { ls "$1"/*.zip 2> /dev/null | head -n 1; }

attr() { # file xpath
    xmllint --xpath "$2" "$1" 2> /dev/null
}

t_samples_bundle_into_sound_packages() {
    expected=$(single_samples | wc -l)
    run bundle -o pk $(single_samples)
    [ "$RC" = 0 ] || { fail "exit $RC: $(grep erreur err | head -n 3)"; return; }
    [ "$(ls pk/*.zip | wc -l)" = "$expected" ] || fail "$(ls pk/*.zip | wc -l) packages for $expected stages"
    [ "$(grep -c '\.zip$' out)" = "$expected" ] || fail "stdout lists $(grep -c '\.zip$' out) packages"
    grep -q "$expected paquets écrits dans pk, 0 en échec" err || fail "no summary: $(tail -n 1 err)"
    [ "$(tail -n +2 pk/index.tsv | wc -l)" = "$expected" ] || fail "index.tsv: $(cat pk/index.tsv)"
    for zip in pk/*.zip; do
        name=$(basename "$zip")
        unzip -t -q "$zip" > unzip.out 2>&1 || fail "unzip -t $name: $(cat unzip.out)"
        zipinfo "$zip" > info.out 2>&1 || fail "zipinfo $name failed"
        sed -n 3p info.out | grep -q ' defX .* manifest.xml$' || fail "$name: manifest.xml not first or not deflated: $(sed -n 3p info.out)"
        grep '\.pdf$' info.out | grep -v ' stor ' | head -n 1 | grep . && fail "$name: a PDF is compressed"
        grep -q '^-rw-r--r--' info.out || fail "$name: permissions not fixed"
        sha=$(sha256sum "$zip" | cut -d' ' -f1)
        grep -q "	$name	$sha\$" pk/index.tsv || fail "$name: index.tsv lacks its SHA-256"
        "$STAGEDOC" verify "$zip" > v.out 2> v.err || fail "verify $name: $(cat v.err)"
        grep -q 'complet et intact' v.out || fail "verify $name says: $(cat v.out)"
    done
    ls pk/2027_Bordeaux_02712345678_NDIAYE_Aissatou.zip > /dev/null 2>&1 || fail "name of ET27-014's package: $(ls pk)"
    ls pk/2027_Nantes_02744120987_LE-GOFF_Erwan.zip > /dev/null 2>&1 || fail "name of the apprentice's package: $(ls pk)"
    true
}

t_manifest_describes_every_entry() {
    run bundle -o pk "$SAMPLES/apprentissage.xml"
    zip=$(only_zip pk)
    [ -n "$zip" ] || { fail "no package: $(cat err)"; return; }
    mkdir x && (cd x && unzip -q "../$zip")
    xmllint --noout --schema "$ROOT/templates/schema/manifest.xsd" x/manifest.xml 2> schema.err || fail "manifest invalid: $(cat schema.err)"
    [ "$(attr x/manifest.xml 'string(/paquet/stage/@voie)')" = apprentissage ] || fail "voie not in the manifest"
    [ "$(attr x/manifest.xml 'string(/paquet/candidat/@numero)')" = 02744120987 ] || fail "candidate number not in the manifest"
    attr x/manifest.xml 'string(/paquet/@generateur)' | grep -q '^stagedoc ' || fail "no generator"
    count=$(attr x/manifest.xml 'count(/paquet/entree)')
    [ "$count" = "$(($(ls x | wc -l) - 1))" ] || fail "$count entries in the manifest for $(ls x | wc -l) files"
    i=1
    while [ "$i" -le "$count" ]; do
        e="/paquet/entree[$i]"
        name=$(attr x/manifest.xml "string($e/@nom)")
        [ -f "x/$name" ] || fail "$name is not in the package"
        [ "$(attr x/manifest.xml "string($e/@sha256)")" = "$(sha256sum "x/$name" | cut -d' ' -f1)" ] || fail "$name: SHA-256 differs"
        [ "$(attr x/manifest.xml "string($e/@taille)")" = "$(wc -c < "x/$name" | tr -d ' ')" ] || fail "$name: size differs"
        [ "$(attr x/manifest.xml "string($e/@pages)")" = "$(pdfinfo "x/$name" | awk '/^Pages:/ { print $2 }')" ] || fail "$name: page count differs"
        i=$((i + 1))
    done
    for role in rapport strategie attestation grille anglais; do
        [ "$(attr x/manifest.xml "count(/paquet/entree[@role='$role'])")" = 1 ] || fail "no single $role"
    done
    [ "$(attr x/manifest.xml "count(/paquet/entree[@role='document-anglais'])")" = 3 ] || fail "not three English documents"
    [ "$(attr x/manifest.xml "count(/paquet/entree[@role='convention'])")" = 0 ] || fail "an apprentice's package has a convention"
    cmp -s x/rapport.pdf "$SAMPLES/rapports/rapport-exemple.pdf" || fail "the report is not the candidate's file"
}

t_two_bundles_are_byte_identical() {
    run bundle -o a "$SAMPLES/scolaire-majeur.xml"
    TZ=Asia/Tokyo "$STAGEDOC" bundle -o b "$SAMPLES/scolaire-majeur.xml" > /dev/null 2>&1
    cmp -s "$(only_zip a)" "$(only_zip b)" || fail "two bundles differ"
    cmp -s a/index.tsv b/index.tsv || fail "two index.tsv differ"
    (unset SOURCE_DATE_EPOCH; "$STAGEDOC" bundle -o c "$SAMPLES/scolaire-majeur.xml" > /dev/null 2>&1
     TZ=America/Cayenne "$STAGEDOC" bundle -o d "$SAMPLES/scolaire-majeur.xml" > /dev/null 2>&1)
    cmp -s "$(only_zip c)" "$(only_zip d)" || fail "bundles dated from the stage differ"
    zipinfo "$(only_zip c)" | grep -q ' 27-May-1[0-9] 00:00 ' || fail "ZIP dates do not come from the stage: $(zipinfo "$(only_zip c)" | sed -n 3p)"
    cmp -s "$(only_zip a)" "$(only_zip c)" && fail "SOURCE_DATE_EPOCH is not used"
    true
}

t_promotion_goes_on_after_a_failed_stage() {
    copy_sample promotion-2027.xml
    awk '/<stage id="ET27-005"/ { in5 = 1 } in5 && /<rapport / { sub(/rapport-exemple.pdf/, "absent.pdf"); in5 = 0 } { print }' \
        promotion-2027.xml > promo.xml
    run bundle -o pk promo.xml
    total=$(grep -c '<stage id=' promo.xml)
    [ "$RC" = 1 ] || fail "exit $RC, expected 1"
    grep -q 'erreur: \[fichiers\] ET27-005 : le rapport « rapports/absent.pdf »' err || fail "no error for ET27-005: $(grep erreur err | head -n 2)"
    [ "$(ls pk/*.zip | wc -l)" = "$((total - 1))" ] || fail "$(ls pk/*.zip | wc -l) packages for $((total - 1)) sound stages"
    [ "$(tail -n +2 pk/index.tsv | wc -l)" = "$((total - 1))" ] || fail "index.tsv has $(tail -n +2 pk/index.tsv | wc -l) packages"
    grep -q "$total stages : $((total - 1)) paquets écrits dans pk, 1 en échec" err || fail "summary: $(tail -n 1 err)"
    grep -q 'ET27-005' pk/index.tsv && fail "the failed stage is in index.tsv"
    true
}

# A stage that breaks the input contract stops the file before any package
# is written, and bundle says where (it used to refuse without a word).
t_schema_error_said_before_refusing() {
    copy_sample promotion-2027.xml
    awk '/<stage id="ET27-002"/ && !done { print; print "<inconnu/>"; done = 1; next } { print }' \
        promotion-2027.xml > promo.xml
    run bundle -j 2 -o pk promo.xml
    [ "$RC" = 1 ] || fail "exit $RC, expected 1"
    grep -q 'promo.xml:[0-9]*:[0-9]*: erreur: \[schema\] ET27-002 : <inconnu>' err ||
        fail "no schema error: $(head -n 2 err)"
    grep -q 'entrées illisibles, aucun paquet écrit' err || fail "no refusal: $(tail -n 1 err)"
    [ -e pk ] && [ -n "$(ls pk)" ] && fail "packages written: $(ls pk)"
    true
}

t_missing_candidate_number_fails_the_stage() {
    copy_sample scolaire-mineur.xml
    grep -v '<numero-candidat>' scolaire-mineur.xml > s.xml
    run bundle -o pk s.xml
    [ "$RC" = 1 ] || fail "exit $RC, expected 1"
    grep -q 'erreur: \[numero-candidat\] ET27-014' err || fail "no [numero-candidat] error: $(cat err)"
    [ -z "$(only_zip pk)" ] || fail "a package was written"
    sed 's|<rapport [^>]*/>||' scolaire-mineur.xml > r.xml
    run bundle -o pk r.xml
    [ "$RC" = 1 ] || fail "no report: exit $RC, expected 1"
    grep -q 'erreur: \[rapport\] ET27-014 : pas de rapport' err || fail "no [rapport] error: $(cat err)"
}

t_two_page_english_document_refused() {
    copy_sample scolaire-mineur.xml
    qpdf --empty --pages anglais/heat-pumps-schools.pdf anglais/electricians-transition.pdf -- two.pdf
    mv two.pdf anglais/heat-pumps-schools.pdf
    run bundle -o pk scolaire-mineur.xml
    [ "$RC" = 1 ] || fail "exit $RC, expected 1"
    line=$(grep -n 'heat-pumps-schools.pdf' scolaire-mineur.xml | cut -d: -f1)
    grep -q "scolaire-mineur.xml:$line:[0-9]*: erreur: \[anglais\] ET27-014 : le document en anglais n° 2 « anglais/heat-pumps-schools.pdf » a 2 pages" err \
        || fail "no [anglais] error at line $line: $(grep erreur err)"
    [ -z "$(only_zip pk)" ] || fail "a package was written"
}

t_report_pages_and_deadline() {
    copy_sample scolaire-mineur.xml
    run bundle -o pk scolaire-mineur.xml
    grep -q 'information: \[rapport\] ET27-014 : le rapport compte 21 pages' err || fail "page count not stated: $(cat err)"
    qpdf --empty --pages rapports/rapport-exemple.pdf 1-3 -- short.pdf
    sed 's|rapports/rapport-exemple.pdf" transmis-le="2027-06-11"|short.pdf" transmis-le="2027-06-23"|' scolaire-mineur.xml > late.xml
    run bundle -o pk2 late.xml
    [ "$RC" = 0 ] || fail "warnings stop the package: exit $RC: $(grep erreur err)"
    grep -q 'avertissement: \[rapport\] ET27-014 : le rapport compte 3 pages' err || fail "no warning for a 3-page report: $(cat err)"
    grep -q 'avertissement: \[dates\] le rapport a été transmis le 2027-06-23' err || fail "no warning for a late report: $(cat err)"
    [ -n "$(only_zip pk2)" ] || fail "no package"
}

t_unreadable_inputs_refused() {
    copy_sample scolaire-mineur.xml
    qpdf --encrypt user owner 256 -- rapports/rapport-exemple.pdf locked.pdf
    echo 'pas un PDF' > text.pdf
    for case in locked.pdf:chiffré text.pdf:lisible absent.pdf:introuvable; do
        file=${case%%:*}
        sed "s|rapports/rapport-exemple.pdf|$file|" scolaire-mineur.xml > s.xml
        run bundle -o pk s.xml
        [ "$RC" = 1 ] || fail "$file: exit $RC, expected 1"
        grep 'erreur: \[\(pdf\|fichiers\)\] ET27-014 : le rapport' err | grep -q "${case#*:}" || fail "$file: $(grep erreur err)"
    done
    [ -z "$(only_zip pk)" ] || fail "a package was written"
}

t_signed_copy_replaces_the_generated_document() {
    copy_sample scolaire-mineur.xml
    mkdir signes
    cp anglais/variable-frequency-drive.pdf signes/convention-signee.pdf
    sed 's|</documents-anglais>|</documents-anglais>\n  <documents-signes><convention fichier="signes/convention-signee.pdf"/></documents-signes>|' \
        scolaire-mineur.xml > s.xml
    run bundle -o pk s.xml
    [ "$RC" = 0 ] || { fail "exit $RC: $(grep erreur err)"; return; }
    zip=$(only_zip pk)
    unzip -p "$zip" manifest.xml > manifest.xml
    [ "$(attr manifest.xml "string(/paquet/entree[@role='convention']/@signe)")" = oui ] || fail "convention not marked signed"
    [ "$(attr manifest.xml "string(/paquet/entree[@role='attestation']/@signe)")" = non ] || fail "attestation marked signed"
    unzip -p "$zip" convention.pdf | cmp -s - signes/convention-signee.pdf || fail "the package's convention is not the signed copy"
}

t_encrypted_package_needs_its_password() {
    printf 'Mot de passe de test 2027\n' > pw
    run bundle --chiffrer --mot-de-passe-fichier pw -o pk "$SAMPLES/scolaire-mineur.xml"
    [ "$RC" = 0 ] || { fail "exit $RC: $(cat err)"; return; }
    zip=$(only_zip pk)
    7z t -p"Mot de passe de test 2027" "$zip" > 7z.out 2>&1 || fail "7z cannot open it with the password: $(tail -n 3 7z.out)"
    grep -q 'Everything is Ok' 7z.out || fail "7z: $(tail -n 3 7z.out)"
    7z t -p"mauvais" "$zip" > 7z.bad 2>&1 && fail "7z opens it with a wrong password"
    mkdir x && (cd x && 7z x -p"Mot de passe de test 2027" "../$zip" > /dev/null 2>&1)
    cmp -s x/rapport.pdf "$SAMPLES/rapports/rapport-exemple.pdf" || fail "7z does not give back the report"
    unzip -t -q -P "" "$zip" > /dev/null 2>&1 && fail "unzip opens it without the password"
    run verify "$zip"
    [ "$RC" = 1 ] || fail "verify without the password: exit $RC"
    grep -q '\[chiffrement\]' err || fail "no [chiffrement] problem: $(cat err)"
    run verify --mot-de-passe-fichier pw "$zip"
    [ "$RC" = 0 ] || fail "verify with the password: exit $RC: $(cat err)"
    run bundle --chiffrer -o pk2 "$SAMPLES/scolaire-mineur.xml"
    [ "$RC" = 2 ] || fail "--chiffrer alone: exit $RC, expected 2"
    run bundle --mot-de-passe "x" -o pk2 "$SAMPLES/scolaire-mineur.xml"
    [ "$RC" = 2 ] || fail "a password on the command line: exit $RC, expected 2"
    : > empty
    run bundle --chiffrer --mot-de-passe-fichier empty -o pk2 "$SAMPLES/scolaire-mineur.xml"
    [ "$RC" = 2 ] || fail "empty password: exit $RC, expected 2"
}

# A candidate may re-encrypt a package with 7-Zip, whose AES entries (AE-2)
# carry no CRC; libzip 1.7 reports those as CRC errors (nih-at/libzip#261).
# verify accepts them, and still finds a changed byte in one.
t_package_encrypted_by_7zip_verifies() {
    printf 'motdepasse\n' > pw
    run bundle -o pk "$SAMPLES/scolaire-mineur.xml"
    [ "$RC" = 0 ] || { fail "exit $RC: $(cat err)"; return; }
    zip=$(only_zip pk)
    mkdir x && (cd x && unzip -q "../$zip") || { fail "unzip failed"; return; }
    (cd x && 7z a -tzip -pmotdepasse -mem=AES256 ../aes.zip manifest.xml ./*.pdf > /dev/null) \
        || { fail "7z failed"; return; }
    run verify --mot-de-passe-fichier pw aes.zip
    [ "$RC" = 0 ] || fail "a 7-Zip AES package: exit $RC: $(cat err)"
    offset=$(( $(stat -c %s aes.zip) / 2 ))
    flip_byte aes.zip "$offset"
    run verify --mot-de-passe-fichier pw aes.zip
    [ "$RC" = 1 ] || fail "a changed byte in a 7-Zip AES package: exit $RC: $(cat err)"
}

# Problems verify must find in copies of a sound package; each case edits
# pk/x.zip (index.tsv beside it lists the original).
tamper_case() { # name expected-rule command...
    case_name=$1 rule=$2
    shift 2
    rm -rf t && mkdir t && cp pk/index.tsv t/ && cp "$ZIP" "t/$(basename "$ZIP")"
    z=t/$(basename "$ZIP")
    (cd t && "$@" "$(basename "$z")") > /dev/null 2>&1
    run verify "$z"
    [ "$RC" = 1 ] || fail "$case_name: exit $RC, expected 1"
    grep -q "^$z: erreur: \[$rule\]" err || fail "$case_name: no [$rule] problem: $(cat err)"
    grep -v "^$z: erreur: \[" err | grep -q . && fail "$case_name: a problem is not one line: $(cat err)"
    grep -q '^t/.*: [1-9][0-9]* problèmes\?\.$' out || fail "$case_name: no verdict: $(cat out)"
}

# Writes the complement of the byte at an offset: encrypted bytes are random,
# so writing a fixed letter would leave the file unchanged one time in 256.
flip_byte() { # file offset
    old=$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' ')
    printf "\\$(printf '%03o' $(( 255 - old )))" | dd of="$1" bs=1 seek="$2" conv=notrunc 2> /dev/null
}

change_a_byte() {
    flip_byte "$1" "$(grep -obUa '%%EOF' "$1" | sed -n 2p | cut -d: -f1)"
}
remove_entry() { 7z d "$1" anglais-2-presse.pdf; }
add_entry() { echo intrus > intrus.txt && 7z a "$1" intrus.txt; }
rename_entry() { 7z rn "$1" rapport.pdf memoire.pdf; }
edit_manifest_digest() {
    unzip -p "$1" manifest.xml | sed '0,/sha256="[0-9a-f]*"/s//sha256="0000000000000000000000000000000000000000000000000000000000000000"/' > manifest.xml
    7z a "$1" manifest.xml
}
edit_manifest_name() {
    unzip -p "$1" manifest.xml | sed 's/nom="N.Diaye"/nom="Dupont"/' > manifest.xml
    7z a "$1" manifest.xml
}

t_verify_finds_tampering() {
    run bundle -o pk "$SAMPLES/scolaire-mineur.xml"
    ZIP=$(only_zip pk)
    [ -n "$ZIP" ] || { fail "no package: $(cat err)"; return; }
    tamper_case "a byte changed" donnees change_a_byte
    tamper_case "an entry removed" entree-manquante remove_entry
    tamper_case "an entry added" entree-en-trop add_entry
    tamper_case "an entry renamed" entree-manquante rename_entry
    grep -q '\[entree-en-trop\].*memoire.pdf' err || fail "renamed: the new name is not reported"
    tamper_case "a digest edited in the manifest" sha256 edit_manifest_digest
    tamper_case "the candidate edited in the manifest" index edit_manifest_name
    [ "$(grep -c 'erreur' err)" = 1 ] || fail "the edited name: only the index can tell: $(cat err)"
}

t_verify_rejects_what_is_not_a_package() {
    echo 'pas un zip' > faux.zip
    run verify faux.zip
    [ "$RC" = 1 ] || fail "not a ZIP: exit $RC, expected 1"
    grep -q '^faux.zip: erreur: \[zip\]' err || fail "no [zip] problem: $(cat err)"
    run verify absent.zip
    [ "$RC" = 3 ] || fail "missing file: exit $RC, expected 3"
    echo texte > a.txt && 7z a autre.zip a.txt > /dev/null 2>&1
    run verify autre.zip
    [ "$RC" = 1 ] || fail "ZIP without manifest: exit $RC, expected 1"
    grep -q '\[manifeste\]' err || fail "no [manifeste] problem: $(cat err)"
}

t_name_pattern_option() {
    run bundle --nom '{id}_{NOM}' -o pk "$SAMPLES/scolaire-mineur.xml"
    [ -f pk/ET27-014_NDIAYE.zip ] || fail "--nom: $(ls pk)"
    run bundle --nom 'x/{nom}' -o pk "$SAMPLES/scolaire-mineur.xml"
    [ "$RC" = 2 ] || fail "a folder in --nom: exit $RC, expected 2"
    run bundle --nom '{inconnu}' -o pk "$SAMPLES/scolaire-mineur.xml"
    [ "$RC" = 2 ] || fail "unknown field: exit $RC, expected 2"
    grep -q 'inconnu' err || fail "no reason: $(cat err)"
}

t_unwritable_output_folder() {
    : > file
    run bundle -o file/sub "$SAMPLES/scolaire-mineur.xml"
    [ "$RC" = 3 ] || fail "exit $RC, expected 3"
    grep -q 'erreur: \[ecriture\] ET27-014 : paquet non écrit' err || fail "no [ecriture] error: $(cat err)"
}

t_usage_and_help() {
    for command in bundle verify signatures; do
        run "$command"
        [ "$RC" = 2 ] || fail "$command without files: exit $RC, expected 2"
        "$STAGEDOC" "$command" --help | grep -q 'Usage' || fail "$command --help"
    done
    "$STAGEDOC" signatures --help | grep -q 'pdfsig' || fail "signatures --help does not point to pdfsig"
    "$STAGEDOC" --help | grep -q 'bundle' || fail "bundle not in the command list"
}

# --- signatures, with a throwaway CA and one certificate per signer ---


t_signatures_of_unsigned_partly_and_fully_signed_conventions() {
    command -v certutil > /dev/null || { fail "certutil missing (Debian package libnss3-tools)"; return; }
    "$STAGEDOC" build --only convention -o docs "$SAMPLES/scolaire-mineur.xml" > /dev/null 2>&1
    pdf=docs/ET27-014_NDIAYE_Aissatou/convention.pdf
    run signatures "$pdf"
    fields=$(sed -n 's/.* : champ « \(.*\) » : .*/\1/p' out)
    if [ -z "$fields" ]; then
        fail "signature fields have not landed in src/pdf yet: convention.pdf has no /FT /Sig field ($(cat out))"
        return
    fi
    total=$(echo "$fields" | wc -l)
    [ "$RC" = 0 ] || fail "unsigned: exit $RC"
    [ "$(grep -c ': non signé$' out)" = "$total" ] || fail "unsigned: $(cat out)"
    grep -q 'pdfsig' err || fail "no note that this is not cryptographic validation"
    run signatures --complet docs
    [ "$RC" = 1 ] || fail "--complet on an unsigned convention: exit $RC, expected 1"
    grep -q "^docs/ET27-014_NDIAYE_Aissatou/convention.pdf : manque $(echo "$fields" | paste -sd, | sed 's/,/, /g') (0/$total signé)" out \
        || fail "unsigned folder summary: $(cat out)"

    make_nss || { fail "NSS database not created"; return; }
    serial=2
    for field in $fields; do
        add_signer "$field" "Signataire $field" "$serial" || fail "certificate for $field"
        serial=$((serial + 1))
    done
    add_signer eleve "Aïssatou N'Diaye" 99
    mkdir partly fully
    sign stagiaire eleve "$pdf" partly/convention.pdf
    run signatures partly/convention.pdf
    grep -q "^partly/convention.pdf : champ « stagiaire » : signé par Aïssatou N'Diaye le [0-3][0-9]/[01][0-9]/20[0-9][0-9] à [0-9:]* (UTC[^)]*) (motif : Lu et approuvé)$" out \
        || fail "partly: stagiaire's signature: $(cat out)"
    [ "$(grep -c ': non signé$' out)" = "$((total - 1))" ] || fail "partly: $(cat out)"
    run signatures partly
    grep -q "^partly/convention.pdf : manque .* (1/$total signé)\.$" out || fail "partly folder: $(cat out)"
    grep 'manque' out | grep -q 'stagiaire' && fail "partly: stagiaire still missing"

    cp "$pdf" fully/step.pdf
    for field in $fields; do
        sign "$field" "$field" fully/step.pdf fully/next.pdf
        mv fully/next.pdf fully/step.pdf
    done
    mv fully/step.pdf fully/convention.pdf
    run signatures --complet fully
    [ "$RC" = 0 ] || fail "--complet on a fully signed convention: exit $RC: $(cat out)"
    grep -q "^fully/convention.pdf : signé par tous ($total/$total)\.$" out || fail "fully: $(cat out)"
    pdfsig -nssdir sql:nss fully/convention.pdf 2> /dev/null | grep -c 'Signature is Valid' | grep -qx "$total" \
        || fail "pdfsig does not find $total valid signatures"

    copy_sample scolaire-mineur.xml
    mkdir signes && cp fully/convention.pdf signes/
    sed 's|</documents-anglais>|</documents-anglais>\n  <documents-signes><convention fichier="signes/convention.pdf"/></documents-signes>|' \
        scolaire-mineur.xml > s.xml
    run bundle -o pk s.xml
    unzip -p "$(only_zip pk)" manifest.xml > manifest.xml 2> /dev/null
    e="/paquet/entree[@role='convention']"
    [ "$(attr manifest.xml "string($e/@signe)")/$(attr manifest.xml "string($e/@signatures)")/$(attr manifest.xml "string($e/@champs-signature)")" = "oui/$total/$total" ] \
        || fail "manifest of the signed convention: $(grep convention manifest.xml)"
}

TESTS="samples_bundle_into_sound_packages manifest_describes_every_entry two_bundles_are_byte_identical
promotion_goes_on_after_a_failed_stage schema_error_said_before_refusing
missing_candidate_number_fails_the_stage
two_page_english_document_refused report_pages_and_deadline unreadable_inputs_refused
signed_copy_replaces_the_generated_document encrypted_package_needs_its_password
package_encrypted_by_7zip_verifies
verify_finds_tampering verify_rejects_what_is_not_a_package name_pattern_option unwritable_output_folder
usage_and_help
signatures_of_unsigned_partly_and_fully_signed_conventions"

run_tests package "$TESTS"
