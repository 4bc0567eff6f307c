#!/bin/sh
# End-to-end tests of the documents' French, right to the letter (issue 21,
# item 6): each fault a careful reader found, read back with pdftotext from
# the built PDFs. A function agrees with the person's civilité and is in
# lower case after a comma; elision before a vowel (« auprès d'AXA »);
# thousands with a narrow no-break space (« 1 050 heures »); money rounded
# half up to the cent, the same figure everywhere (254,5 h × 4,05 € =
# 1 030,725 → 1 030,73 €); days with one decimal everywhere; no weekday on
# a birth date; the evaluation week ends on the stage's last day while
# `calendar` keeps the ISO week; one place and date per certificate; no ISO
# date in any document; the signature block kept on one page; the
# regulation's words quoted the same everywhere. Ends with "N passed, N failed".
. "$(dirname "$0")/lib.sh"

# has TEXT FILE.txt: TEXT appears in the text, spaces and line ends folded.
has() {
    printf '%s' "$1" | tr '\n' ' ' | sed 's/  */ /g' > want.txt
    tr '\n' ' ' < "$2" | sed 's/\xc2\xa0/ /g; s/\xe2\x80\xaf/ /g; s/  */ /g' | grep -qF "$(cat want.txt)"
}

# The scolaire-majeur sample with a tutrice, a gratification of 4,05 € an
# hour and no stated total, built into docs/.
t_prepare() {
    cp -r "$SAMPLES"/. .
    sed -e 's|<tuteur civilite="M." fonction="Responsable d.équipe maintenance électrique">|<tuteur civilite="Mme" fonction="Chargée d'"'"'études électricité">|' \
        -e 's|<gratification montant-horaire="4.50"|<gratification montant-horaire="4.05"|' \
        -e 's| gratification-totale="1145.25"||' \
        scolaire-majeur.xml > stage.xml
    grep -q 'civilite="Mme" fonction="Chargée' stage.xml && grep -q 'montant-horaire="4.05"' stage.xml &&
        ! grep -q gratification-totale stage.xml || fail "the fixture was not changed"
    build -o docs stage.xml
    [ "$RC" -eq 0 ] || fail "build failed: $(head -n 3 err)"
    for doc in convention attestation grille-U51 anglais; do
        [ -f docs/LMM27-007_MARCHAND_Theo/$doc.pdf ] && text_of docs/LMM27-007_MARCHAND_Theo/$doc.pdf > $doc.txt
    done
    pdftotext -layout docs/LMM27-007_MARCHAND_Theo/convention.pdf convention-layout.txt 2>/dev/null
}

t_functions_agree_with_civilite() {
    t_prepare
    has "tutrice, chargée d'études électricité" convention.txt ||
        fail "convention: « tutrice, chargée d'études électricité » missing: $(grep -o 'tut[^.]*' convention.txt | head -n 2)"
    grep -q "tuteur, Chargée" convention.txt && fail "convention still says « tuteur, Chargée »"
    grep -q "La tutrice" convention.txt || fail "the tutor's signature box is not « La tutrice »"
    has "enseignante référente" convention.txt || fail "the teacher (Mme) is not « enseignante référente »"
    # The company's representative: « M. …, directeur d'exploitation ».
    has "directeur d'exploitation" convention.txt || fail "the representative's function is not in lower case"
}

t_elision() {
    t_prepare
    has "auprès d'AXA France IARD" convention.txt || fail "« auprès d'AXA » missing: $(grep -o 'auprès [^,]*' convention.txt)"
    grep -q "auprès de AXA" convention.txt && fail "« auprès de AXA » printed"
}

t_thousands_with_narrow_space() {
    t_prepare
    # pdftotext reads the narrow no-break space back as a space; that it is
    # U+202F (never a line break) is test_frformat's and test_layout's.
    has "formation de 1 050 heures" convention.txt || fail "« 1 050 heures » missing: $(grep -o 'formation de .\{0,12\}' convention.txt)"
    grep -q "1050 heures" convention.txt && fail "« 1050 heures » printed"
}

t_money_rounded_half_up() {
    t_prepare
    # 254,5 h × 4,05 € = 1 030,725 € (1030.7249999… as a double, 103072.4999…
    # cents): 1 030,73 €, not 1 030,72 €. (217,5 h × 4,35 € = 946,13 €:
    # test_frformat.)
    has "1 030,73 €" attestation.txt || fail "attestation: 1 030,73 € missing: $(grep -o '[0-9 ]*,[0-9]*.€' attestation.txt | tr '\n' ' ')"
    has "1 030,72" attestation.txt && fail "attestation: 1 030,72 € (rounded down)"
    has "4,05 € par heure" convention.txt || fail "convention: the hourly rate 4,35 € missing"
    # 217,5 h × 4,35 € = 946,125 €: 946,13 € in the student's certificate and
    # in the class's file of certificates alike.
    sed -e '/<stage id="ET27-001"/,/<\/stage>/s|<gratification montant-horaire="0.00" versement="sans-objet"/>|<gratification montant-horaire="4.35" versement="mensuel"/>|' \
        "$SAMPLES"/promotion-2027.xml > promo.xml
    build -o class promo.xml
    text_of class/ET27-001_ABADIE-LAFFARGUE_Thomas/attestation.pdf > et27-001.txt
    has "946,13 € (217,5 heures à 4,35 €)" et27-001.txt || fail "ET27-001: 946,13 € missing: $(grep '€' et27-001.txt)"
    all=$(ls class/*attestations.pdf 2>/dev/null | head -n 1)
    [ -n "$all" ] || fail "no file of the class's certificates: $(ls class)"
    [ -n "$all" ] && text_of "$all" > class.txt
    has "946,13 € (217,5 heures à 4,35 €)" class.txt || fail "the class's certificates do not say 946,13 €"
}

t_same_hours_and_days_everywhere() {
    t_prepare
    "$STAGEDOC" calendar stage.xml > calendar.txt 2>/dev/null
    days=$(sed -n 's/.*soit \([0-9,]*\) jours.*/\1/p' calendar.txt | head -n 1)
    [ -n "$days" ] || fail "calendar gives no days: $(cat calendar.txt)"
    has "254,5 heures, soit $days jours de 7 heures" convention.txt || fail "convention: not « 254,5 heures, soit $days jours »: $(grep -o 'soit [0-9,]* jours' convention.txt)"
    has "254,5 heures, soit $days jours de 7 heures" attestation.txt || fail "attestation: not « 254,5 heures, soit $days jours »: $(grep -o 'soit [0-9,]* jours' attestation.txt)"
}

t_birth_date_without_weekday() {
    t_prepare
    for doc in convention attestation; do
        has "né le 8 novembre 2005" $doc.txt || fail "$doc: « né le 8 novembre 2005 » missing: $(grep -o 'né le [^,]*' $doc.txt)"
        grep -Eq "née? le (lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)" $doc.txt && fail "$doc: a weekday on the birth date"
    done
}

t_evaluation_week_ends_with_the_stage() {
    t_prepare
    has "du lundi 21 au vendredi 25 juin 2027" convention.txt || fail "convention: evaluation week not « du lundi 21 au vendredi 25 juin 2027 »: $(grep -o 'semaine du stage[^.]*' convention.txt | head -n 1)"
    grep -q "dimanche 27 juin" convention.txt && fail "convention: the evaluation week ends on Sunday"
    grep -q "dimanche 27 juin" grille-U51.txt && fail "grid: the evaluation week ends on Sunday"
    "$STAGEDOC" calendar --format tsv stage.xml > calendar.tsv 2>/dev/null
    grep -q "2027-06-27" calendar.tsv || fail "calendar's semaine-evaluation no longer the ISO week: $(cat calendar.tsv)"
}

t_one_place_and_date_per_certificate() {
    t_prepare
    count=$(grep -c "Fait à" attestation.txt)
    [ "$count" -eq 1 ] || fail "attestation: « Fait à » $count times"
    grep -q "Fait à Villeurbanne, le 25 juin 2027\|Fait à [^…]*, le [0-9]* [a-zéû]* 2027" attestation.txt ||
        fail "attestation: no filled place and date: $(grep 'Fait à' attestation.txt)"
    grep "Fait à" attestation.txt | grep -q "…" && fail "attestation: an empty « Fait à … le … »"
}

t_no_iso_dates_in_documents() {
    t_prepare
    build -o all "$SAMPLES"/*.xml
    build -o bilingual --langue fr,en "$SAMPLES"/scolaire-majeur.xml "$SAMPLES"/etranger.xml
    [ "$RC" -eq 0 ] || fail "bilingual build failed: $(head -n 2 err)"
    for pdf in all/*/*.pdf all/*.pdf bilingual/*/*.pdf; do
        pdftotext "$pdf" - 2>/dev/null | grep -Eq '(^|[^0-9])20[0-9]{2}-[01][0-9]-[0-3][0-9]' &&
            fail "$pdf: an ISO date: $(pdftotext "$pdf" - | grep -Eo '20[0-9]{2}-[01][0-9]-[0-3][0-9]' | head -n 1)"
    done
    :
}

t_signature_block_on_one_page() {
    build -o docs "$SAMPLES"/*.xml
    for pdf in docs/*/convention.pdf; do
        n=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')
        pdftotext -f "$n" -l "$n" "$pdf" last.txt 2>/dev/null
        for role in "Le stagiaire" "Pour l'organisme d'accueil" "Pour l'établissement"; do
            grep -q "$role" last.txt || fail "$pdf: « $role » not on the last page with the other boxes"
        done
        grep -Eq "Le tuteur|La tutrice" last.txt || fail "$pdf: the tutor's box not with the others"
        # the last page holds more than a lone box
        [ "$(grep -cE "Lu et approuvé|^Vu$" last.txt)" -ge 4 ] || fail "$pdf: lone signature boxes on the last page"
    done
}

t_regulation_words_agree() {
    ref=$ROOT/templates/referentiel/referentiel.xml
    xsd=$ROOT/templates/schema/stage.xsd
    for unit in U51 U52 U61 U62; do
        title=$(xpath "$ref" "string(/referentiel/unite[@code='$unit']/@titre)")
        grep -qF "$unit — $title." "$xsd" || fail "stage.xsd's documentation of $unit is not « $title »"
    done
    grep -qF "Gérer et conduire (y compris avec les documents de : organisation, planification, suivi, pilotage, réception, etc.) le projet/chantier" "$ref" ||
        fail "C12 is not worded as the référentiel words it"
    grep -qF "un rapport d'environ vingt pages (hors annexes)" "$ROOT/templates/regles/parametres.tsv" ||
        fail "parametres.tsv does not quote the regulation"
    build -o docs "$SAMPLES"/scolaire-majeur.xml
    text_of docs/LMM27-007_MARCHAND_Theo/grille-U51.pdf > grid.txt
    has "Cette évaluation contribue à hauteur de 1/3 à la détermination de la note finale de l'unité arrêtée par la commission d'examen ou la commission d'évaluation." grid.txt ||
        fail "the grid does not quote the one-third sentence whole"
}

# `init`'s placeholders (templates/regles/textes-a-remplacer.tsv) are
# warned at their line, and at their cell once the stage is in a workbook;
# the samples have none.
t_init_placeholders_warned() {
    "$STAGEDOC" init > stage.xml 2>/dev/null
    "$STAGEDOC" check stage.xml > check.out 2>&1
    line=$(grep -n "<nom>NOM DE L'ÉTABLISSEMENT</nom>" stage.xml | cut -d: -f1)
    grep -q "^stage.xml:$line:[0-9]*: avertissement: \[texte-modele\] « NOM DE L'ÉTABLISSEMENT »" check.out ||
        fail "no warning at line $line: $(grep texte-modele check.out | head -n 1)"
    line=$(grep -n "DÉCRIVEZ UNE ACTIVITÉ DE MISE EN SERVICE" stage.xml | cut -d: -f1)
    grep -q "^stage.xml:$line:[0-9]*: avertissement: \[texte-modele\] « DÉCRIVEZ UNE ACTIVITÉ DE MISE EN SERVICE. »" check.out ||
        fail "no warning at the activity's line $line"
    grep -q "\[texte-modele\] « NOM »" check.out || fail "« NOM » not warned"
    "$STAGEDOC" export -o classe stage.xml > export.out 2>&1 || fail "export failed: $(head -n 2 export.out)"
    "$STAGEDOC" check classe > wb.out 2>&1
    grep -Eq "^classe/Stagiaires.csv:[A-Z]+2: avertissement: \[texte-modele\] .*colonne « Nom du tuteur » : « NOM »" wb.out ||
        fail "no warning at the tutor's name cell: $(grep texte-modele wb.out | head -n 2)"
    "$STAGEDOC" check "$SAMPLES"/*.xml > samples.out 2>&1
    grep -q "texte-modele" samples.out && fail "a sample warned: $(grep texte-modele samples.out | head -n 1)"
    :
}

TESTS="init_placeholders_warned functions_agree_with_civilite elision thousands_with_narrow_space money_rounded_half_up
same_hours_and_days_everywhere birth_date_without_weekday evaluation_week_ends_with_the_stage
one_place_and_date_per_certificate no_iso_dates_in_documents signature_block_on_one_page
regulation_words_agree"
run_tests typography "$TESTS"
