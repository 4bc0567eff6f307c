#!/bin/sh
# End-to-end tests of each stage's documents besides the convention: the
# attestation de stage (D124-9) and the employer's attestation for
# apprentices, the evaluation grid of the unit, the apprentice's strategy
# table and the sheet of the English documents. Their text is read back with
# pdftotext and compared with the input and the référentiel; every PDF passes
# qpdf --check, embeds subset fonts and makes poppler say nothing; rebuilds
# are byte-identical. Ends with "N passed, N failed".
. "$(dirname "$0")/lib.sh"
REFERENTIEL=$ROOT/templates/referentiel/referentiel.xml

# has TEXT FILE.txt: the words of TEXT appear in the text (spacing ignored).
has() {
    printf '%s' "$1" | norm > want.norm
    norm < "$2" | grep -qF "$(cat want.norm)"
}

# The text of each element an XPath selects, one a line, tags removed.
texts() { xpath "$1" "$2" | sed 's/<[^>]*>/\n/g' | sed '/^[[:space:]]*$/d'; }

# The referentiel's competences of a unit, one code a line.
unit_competences() { xpath "$REFERENTIEL" "/referentiel/unite[@code='$1']/competence/@ref" | sed 's/ ref="\([^"]*\)"/\1\n/g' | sed '/^$/d'; }

# Expected text of a unit's grid: every competence's label and points,
# then every criterion (their ticks: check_ticks).
expected_grid() { # unit
    for code in $(unit_competences "$1"); do
        echo "$code"
        texts "$REFERENTIEL" "/referentiel/competence[@code='$code']/libelle"
        texts "$REFERENTIEL" "/referentiel/competence[@code='$code']/critere"
        echo "Points obtenus"
    done
}

# The levels ticked on a grid, one "criterion level" line per criterion row
# (level 0: none), read from the layout text: the weight printed beside a
# ticked box sits in the column of its level, whose place the header row
# gives. UTF-8 continuation bytes are dropped so that columns count
# characters; the boxes' states (☐, ☒: read, not seen) become spaces.
ticks_of() {
    pdftotext -layout -enc UTF-8 "$1" - 2> /dev/null | sed 's/☐/ /g; s/☒/ /g; s/ *$//' |
        LC_ALL=C sed 's/[\x80-\xbf]//g' | LC_ALL=C awk '
        /^Crit.res d..valuation/ && /2\. insuffisant/ {
            c[1] = index($0, "1. tr"); c[2] = index($0, "2. insuffisant")
            c[3] = index($0, "3. satisfaisant"); c[4] = index($0, "4. tr"); next }
        c[1] && /^[0-9]+\. / {
            level = 0
            if (match($0, /  +(0|0,4|0,75|1)$/)) {
                end = RSTART + RLENGTH - 1
                for (k = 1; k <= 4; k++) if (end >= c[k]) level = k
            }
            sub(/\..*/, ""); print $0 " " level }'
}

# The same, expected from the input file's <evaluation> and the référentiel.
expected_ticks() { # file unit
    for code in $(unit_competences "$2"); do
        count=$(xpath "$REFERENTIEL" "count(/referentiel/competence[@code='$code']/critere)")
        n=1
        while [ "$n" -le "$count" ]; do
            level=$(xpath "$1" "string(//evaluation/niveau[@competence='$code' and @critere='$n']/@valeur)")
            echo "$n ${level:-0}"
            n=$((n + 1))
        done
    done
}

check_ticks() { # pdf file unit
    ticks_of "$1" > ticks.actual
    expected_ticks "$2" "$3" > ticks.expected
    [ -s ticks.expected ] || fail "no criterion expected for $3"
    cmp -s ticks.actual ticks.expected ||
        fail "ticked levels of $1 (criterion level): got $(tr '\n' ',' < ticks.actual) expected $(tr '\n' ',' < ticks.expected)"
}

# ---- Every voie, every document ---------------------------------------------

t_every_sample_gets_its_documents_clean() {
    for f in "$SAMPLES"/*.xml; do
        voie=$(xpath "$f" 'string(/stage/@voie)')
        [ -n "$voie" ] || continue        # the promotion has its own test
        id=$(xpath "$f" 'string(/stage/@id)')
        unit=$(xpath "$f" 'normalize-space(/stage/unite)')
        dispense=$(xpath "$f" 'count(/stage/dispense)')
        build -o docs "$f"
        [ "$RC" = 0 ] || { fail "$f: exit $RC: $(head -n 3 err)"; continue; }
        if [ "$dispense" != 0 ]; then
            [ -e "docs/$id" ] && fail "$f: documents written for an exempted candidate: $(ls "docs/$id")"
            grep -q "information: \[documents\] $id : candidat dispensé" err || fail "$f: no information line for the exemption: $(cat err)"
            continue
        fi
        case $voie in
            apprentissage) wanted="attestation.pdf strategie.pdf grille-$unit.pdf anglais.pdf"
                           unwanted=convention.pdf ;;
            *)             wanted="convention.pdf attestation.pdf grille-$unit.pdf anglais.pdf"
                           unwanted=strategie.pdf ;;
        esac
        for file in $wanted; do
            pdf=$(folder docs "$id")/$file
            [ -f "$pdf" ] || { fail "$f: no $file"; continue; }
            grep -qx "$pdf" out || fail "$f: $pdf not printed on stdout"
            check_pdf_structure "$pdf"
            text_of "$pdf" > text.txt
            has "$(xpath "$f" 'string(/stage/stagiaire/prenom)')" text.txt || fail "$f: $file lacks the first name"
        done
        [ -e "$(folder docs "$id")/$unwanted" ] && fail "$f: $unwanted written for voie $voie"
        name=${unwanted%.pdf}
        grep -q "information: \[$name\] $id : " err || fail "$f: no information line says why there is no $unwanted: $(cat err)"
    done
}

t_documents_of_a_promotion() {
    build --only attestation,grille,strategie,anglais -o docs "$SAMPLES/promotion-2027.xml"
    [ "$RC" = 0 ] || { fail "exit $RC: $(head -n 3 err)"; return; }
    stages=$(xpath "$SAMPLES/promotion-2027.xml" 'count(/promotion/stage[not(dispense)])')
    apprentices=$(xpath "$SAMPLES/promotion-2027.xml" 'count(/promotion/stage[@voie="apprentissage" and not(dispense)])')
    [ "$(find docs -name attestation.pdf | wc -l)" = "$stages" ] || fail "attestations: $(find docs -name attestation.pdf | wc -l) for $stages stages"
    [ "$(find docs -name 'grille-U[56][12].pdf' | wc -l)" = "$stages" ] || fail "grids: $(find docs -name 'grille-*.pdf' | wc -l) for $stages stages"
    [ "$(find docs -name anglais.pdf | wc -l)" = "$stages" ] || fail "English sheets: $(find docs -name anglais.pdf | wc -l)"
    [ "$(find docs -name strategie.pdf | wc -l)" = "$apprentices" ] || fail "strategy tables: $(find docs -name strategie.pdf | wc -l) for $apprentices apprentices"
    for id in $(xpath "$SAMPLES/promotion-2027.xml" '/promotion/stage[not(dispense)]/@id' | sed 's/ id="\([^"]*\)"/\1 /g'); do
        unit=$(xpath "$SAMPLES/promotion-2027.xml" "normalize-space(/promotion/stage[@id='$id']/unite)")
        [ -f "$(folder docs "$id")/grille-$unit.pdf" ] || fail "$id: no grille-$unit.pdf"
    done
    for pdf in $(find docs -name '*.pdf' | sort | head -n 12); do
        text_of "$pdf" > /dev/null
    done
}

# ---- Attestation de stage ---------------------------------------------------

t_attestation_duration_and_gratification_by_hand() {
    # scolaire-majeur.xml: Monday 10 May to Friday 25 June 2027, 7 weeks of
    # 4 × 8 h + 6 h = 38 h, less Whit Monday 17 May (8 h): 266 - 8 = 258 h,
    # less attestation/@absences-heures 3.5: 254.5 h = 36.4 days of 7 h.
    # Gratification: attestation/@gratification-totale, 1 145,25 €.
    f=$SAMPLES/scolaire-majeur.xml
    build --only attestation -o docs "$f"
    [ "$RC" = 0 ] || { fail "exit $RC: $(head -n 3 err)"; return; }
    pdf=docs/LMM27-007_MARCHAND_Theo/attestation.pdf
    check_pdf_structure "$pdf"
    text_of "$pdf" > text.txt
    {
        echo "Attestation de stage"
        echo "Compagnie Lyonnaise d'Automatismes et de Maintenance Industrielle (CLAMI)"
        echo "61939071900091"
        echo "Olivier GIRAUD, directeur d'exploitation"
        echo "atteste que"
        echo "M. MARCHAND Théo, né le 8 novembre 2005"
        echo "BTS Électrotechnique, 2e année — session 2027 — candidat n° 02799812345"
        echo "Lycée La Martinière Monplaisir (UAI 0690128P)"
        echo "a effectué un stage"
        echo "du lundi 10 mai 2027 au vendredi 25 juin 2027"
        echo "Saint-Fons"
        echo "U51"
        echo "254,5 heures, soit 36,4 jours de 7 heures, sur 7 semaines"
        echo "(absences déduites : 3,5 heures)"
        echo "1 145,25 €"
        echo "Pour l'organisme d'accueil"
        echo "Fait à Saint-Fons, le 25 juin 2027"
        echo "Cachet de l'organisme d'accueil"
    } > expected.txt
    contains_in_order text.txt
    [ "$(pdfinfo "$pdf" | awk '/^Pages:/ { print $2 }')" = 1 ] || fail "the attestation is not one page"

    # Without the overrides: 258 h = 36.9 days, 258 × 4.50 € = 1 161,00 €,
    # signed in the company's town on the last day.
    sed -e 's|<attestation [^>]*/>||' "$f" > plain.xml
    cp "$SAMPLES/logo-lycee-eiffel.png" . 2>/dev/null
    build --only attestation -o docs2 plain.xml
    [ "$RC" = 0 ] || { fail "plain: exit $RC: $(head -n 3 err)"; return; }
    text_of docs2/LMM27-007_MARCHAND_Theo/attestation.pdf > plain.txt
    printf '%s\n' "258 heures, soit 36,9 jours de 7 heures, sur 7 semaines" "1 161,00 €" \
        "(258 heures à 4,50 €)" "Fait à Lyon, le 25 juin 2027" > expected.txt
    contains_in_order plain.txt
    has "absences déduites" plain.txt && fail "absences printed without attestation/@absences-heures"

    # An explicit total wins over the computed one.
    sed -e 's|gratification-totale="1145.25"|gratification-totale="1000.00"|' "$f" > total.xml
    build --only attestation -o docs3 total.xml
    text_of docs3/LMM27-007_MARCHAND_Theo/attestation.pdf > total.txt
    has "1 000,00 €" total.txt || fail "gratification-totale not used: $(grep '€' total.txt)"
    has "1 145,25" total.txt && fail "the computed total is printed instead of gratification-totale"
    true
}

t_attestation_abroad_computes_the_gratification() {
    # etranger.xml: Tuesday 18 May to Friday 2 July 2027 at 4 × 8 h + 5 h a
    # week: 29 h the first week, then 6 × 37 h: 251 h = 35.9 days;
    # 251 × 5.00 € = 1 255,00 €. No SIRET: the German registration instead.
    build --only attestation -o docs "$SAMPLES/etranger.xml"
    [ "$RC" = 0 ] || { fail "exit $RC: $(head -n 3 err)"; return; }
    text_of docs/LLC27-DE-01_HOFFMANN_Lena/attestation.pdf > text.txt
    printf '%s\n' "Oberrhein Elektrotechnik GmbH" "DE287451936 (Allemagne)" "Mme HOFFMANN Léna" \
        "du mardi 18 mai 2027 au vendredi 2 juillet 2027" "Offenburg" \
        "251 heures, soit 35,9 jours de 7 heures, sur 7 semaines" "1 255,00 €" "Fait à Kehl" > expected.txt
    contains_in_order text.txt
}

t_attestation_without_gratification_says_neant() {
    build --only attestation -o docs "$SAMPLES/scolaire-mineur.xml"
    [ "$RC" = 0 ] || { fail "exit $RC: $(head -n 3 err)"; return; }
    text_of docs/ET27-014_NDIAYE_Aissatou/attestation.pdf > text.txt
    printf '%s\n' "Mme N'DIAYE Aïssatou, née le 2 septembre 2009" "du mardi 18 mai 2027 au vendredi 25 juin 2027" \
        "203 heures, soit 29 jours de 7 heures, sur 6 semaines" "Montant total de la gratification versée" "néant" \
        "Fait à Bordeaux, le 25 juin 2027" > expected.txt
    contains_in_order text.txt
    has "€" text.txt && fail "an amount is printed for an unpaid stage: $(grep '€' text.txt)"
    true
}

t_employer_attestation_for_an_apprentice() {
    f=$SAMPLES/apprentissage.xml
    build --only attestation -o docs "$f" "$SAMPLES/scolaire-mineur.xml"
    [ "$RC" = 0 ] || { fail "exit $RC: $(head -n 3 err)"; return; }
    pdf=docs/APP27-NANTES-02_LE-GOFF_Erwan/attestation.pdf
    [ -f "$pdf" ] || { fail "no attestation.pdf for the apprentice"; return; }
    [ -f docs/ET27-014_NDIAYE_Aissatou/attestation.pdf ] || fail "--only attestation did not select the student's attestation too"
    check_pdf_structure "$pdf"
    text_of "$pdf" > text.txt
    numero=$(xpath "$f" 'string(//apprentissage/contrat/@numero)')
    [ -n "$numero" ] || fail "the sample has no contract number"
    {
        echo "Attestation de l'employeur"
        echo "Je soussignée Mme Anne-Sophie ROUXEL, présidente"
        echo "Atlantique Tableaux Électriques"
        echo "64285249500067"
        echo "atteste que"
        echo "M. LE GOFF Erwan, né le 12 mars 2006"
        echo "CFA académique des Pays de la Loire"
        echo "en qualité d'apprenti"
        echo "$numero"
        echo "du lundi 1er septembre 2025 au mardi 31 août 2027"
        echo "M. Stéphane LE BIHAN"
        echo "2 semaines centre / 2 semaines entreprise"
        echo "Pour l'employeur"
        echo "Fait à Nantes"
        echo "Cachet de l'entreprise"
    } > expected.txt
    contains_in_order text.txt
    has "D124-9" text.txt && fail "the employer's attestation cites the student's certificate article"
    pdfinfo "$pdf" | grep -q "^Title: *Attestation de l'employeur — Erwan Le Goff" || fail "title: $(pdfinfo "$pdf" | grep Title)"
    text_of docs/ET27-014_NDIAYE_Aissatou/attestation.pdf > student.txt
    has "Attestation de stage" student.txt || fail "the student got another attestation"
    true
}

# ---- Evaluation grid ----------------------------------------------------------

t_grid_with_every_criterion_ticks_and_mark() {
    # scolaire-mineur.xml rates every criterion of U62 (weights 0, 0.4, 0.75, 1):
    # C4 0.75 × 5 = 3.75; C14 (1 + 0.75 + 1) / 3 × 5 = 4.583; C15 (0.4 + 0.75 +
    # 0.4) / 3 × 5 = 2.583; C16 3.75: 14.667 → 14.5 (rounded down).
    f=$SAMPLES/scolaire-mineur.xml
    build --only grille -o docs "$f"
    [ "$RC" = 0 ] || { fail "exit $RC: $(head -n 3 err)"; return; }
    pdf=docs/ET27-014_NDIAYE_Aissatou/grille-U62.pdf
    check_pdf_structure "$pdf"
    text_of "$pdf" > text.txt
    {
        echo "Grille d'évaluation du stage"
        echo "Unité U62 — Réalisation, mise en service d'un projet"
        echo "2027"; echo "Bordeaux"; echo "Lycée Gustave Eiffel"
        echo "N'DIAYE Aïssatou"
        echo "Électricité Girondine SAS"
        echo "du mardi 18 mai 2027 au vendredi 25 juin 2027"
        echo "mercredi 23 juin 2027"
        echo "20 minutes d'exposé"
        echo "Claire LEFÈVRE"; echo "Laurent CASTAING"
        expected_grid U62
        echo "Note proposée : 14,5 / 20"
        echo "(14,67 sur 20, arrondi au demi-point.)"
        echo "un tiers"
        echo "Stagiaire sérieuse et rigoureuse"
        echo "La tutrice"; echo "L'enseignant"
    } > expected.txt
    contains_in_order text.txt
    check_ticks "$pdf" "$f" U62
    has "(non évalué)" text.txt && fail "a rated criterion is said not rated"
    printf '%s\n' "3,75" "4,58" "2,58" "3,75" "14,67" > expected.txt
    sed -n '/Synthèse/,$p' text.txt > synthese.txt
    contains_in_order synthese.txt
    pdfinfo "$pdf" | grep -q "^Title: *Grille d'évaluation U62 — Aïssatou N'Diaye" || fail "title: $(pdfinfo "$pdf" | grep Title)"
    true
}

t_grid_mark_rounds_up_and_counts_rated_criteria_only() {
    # scolaire-majeur.xml rates criteria 1 and 2 of each U51 competence:
    # C2 (1 + 0.75) / 2 × 5 = 4.375, C13 3.75, C17 (0.75 + 0.4) / 2 × 5 =
    # 2.875, C18 5: 16 exactly; criterion 3 is "non évalué" everywhere.
    f=$SAMPLES/scolaire-majeur.xml
    build --only grille -o docs "$f"
    [ "$RC" = 0 ] || { fail "exit $RC: $(head -n 3 err)"; return; }
    text_of docs/LMM27-007_MARCHAND_Theo/grille-U51.pdf > text.txt
    { expected_grid U51; echo "Note proposée : 16 / 20"; } > expected.txt
    contains_in_order text.txt
    check_ticks docs/LMM27-007_MARCHAND_Theo/grille-U51.pdf "$f" U51
    [ "$(grep -c '(non évalué)' text.txt)" = 4 ] || fail "expected 4 unrated criteria: $(grep -c '(non évalué)' text.txt)"
    # C17 criterion 2 at level 3 instead of 2: C17 3.75, total 16.875 → 17.
    sed 's|<niveau competence="C17" critere="2" valeur="2"/>|<niveau competence="C17" critere="2" valeur="3"/>|' "$f" > up.xml
    build --only grille -o up up.xml
    text_of up/LMM27-007_MARCHAND_Theo/grille-U51.pdf > up.txt
    check_ticks up/LMM27-007_MARCHAND_Theo/grille-U51.pdf up.xml U51
    has "Note proposée : 17 / 20" up.txt || fail "16.875 is not rounded up to 17: $(grep 'Note' up.txt)"
    has "(16,88 sur 20" up.txt || fail "raw total 16,88 missing"
}

t_grid_with_a_competence_unrated_names_it() {
    grep -v 'competence="C16"' "$SAMPLES/scolaire-mineur.xml" > partial.xml
    cp "$SAMPLES/logo-lycee-eiffel.png" .
    build --only grille -o docs partial.xml
    [ "$RC" = 0 ] || { fail "exit $RC: $(head -n 3 err)"; return; }
    text_of docs/ET27-014_NDIAYE_Aissatou/grille-U62.pdf > text.txt
    has "Note non calculée : aucun critère n'est évalué pour C16." text.txt || fail "the missing competence is not named: $(grep -i 'note' text.txt)"
    norm < text.txt | grep -q 'Noteproposée:[0-9]' && fail "a mark is printed although C16 is not rated"
    # The rated competences still show their points.
    has "Points obtenus : 3,75" text.txt || fail "C4's points are gone"
    check_ticks docs/ET27-014_NDIAYE_Aissatou/grille-U62.pdf partial.xml U62
    true
}

t_blank_grid_without_evaluation() {
    f=$SAMPLES/formation-continue.xml
    build --only grille -o docs "$f"
    [ "$RC" = 0 ] || { fail "exit $RC: $(head -n 3 err)"; return; }
    id=$(xpath "$f" 'string(/stage/@id)')
    pdf=$(folder docs "$id")/grille-U52.pdf
    check_pdf_structure "$pdf"
    text_of "$pdf" > text.txt
    { echo "Unité U52 — Conduite de projet/chantier"; expected_grid U52; echo "Note proposée :"; } > expected.txt
    contains_in_order text.txt
    check_ticks "$pdf" /dev/null U52
    norm < text.txt | grep -q 'Noteproposée:[0-9]' && fail "a mark is printed on a blank grid"
    has "(10 points)" text.txt || fail "C12's 10 points missing"
    has "Note non calculée" text.txt && fail "a blank grid is reported incomplete"
    true
}

t_grid_of_an_apprentice_is_signed_by_the_master() {
    build --only grille -o docs "$SAMPLES/apprentissage.xml"
    [ "$RC" = 0 ] || { fail "exit $RC: $(head -n 3 err)"; return; }
    text_of docs/APP27-NANTES-02_LE-GOFF_Erwan/grille-U61.pdf > text.txt
    { expected_grid U61
      printf '%s\n' "Le maître d'apprentissage" "Stéphane LE BIHAN" "L'enseignant" "Gaëlle MORVAN"; } > expected.txt
    contains_in_order text.txt
    check_ticks docs/APP27-NANTES-02_LE-GOFF_Erwan/grille-U61.pdf /dev/null U61
    has "(6,67 points)" text.txt || fail "U61's 20 points are not split in three"
    has "02744120987" text.txt || fail "candidate number missing"
    { has "Le tuteur" text.txt || has "La tutrice" text.txt; } && fail "an apprentice's grid names a tutor"
    true
}

t_unite_option_gives_another_units_grid() {
    build --only grille --unite U51 -o docs "$SAMPLES/scolaire-mineur.xml"
    [ "$RC" = 0 ] || { fail "exit $RC: $(head -n 3 err)"; return; }
    pdf=docs/ET27-014_NDIAYE_Aissatou/grille-U51.pdf
    [ -f "$pdf" ] || { fail "no grille-U51.pdf: $(ls docs/ET27-014)"; return; }
    [ -e docs/ET27-014_NDIAYE_Aissatou/grille-U62.pdf ] && fail "--unite U51 also wrote the U62 grid"
    check_pdf_structure "$pdf"
    text_of "$pdf" > text.txt
    { echo "Unité U51 — Analyse, diagnostic, maintenance"; expected_grid U51; echo "Note proposée :"; } > expected.txt
    contains_in_order text.txt
    check_ticks "$pdf" /dev/null U51
    norm < text.txt | grep -q 'Noteproposée:[0-9]' && fail "a mark is printed on the U51 grid"
    for code in C4 C14 C15 C16; do
        grep -q "^$code — " text.txt && fail "U62's $code appears on the U51 grid"
    done
    # The stage's U62 evaluation (date, appreciation) is not the U51 one.
    has "Stagiaire sérieuse" text.txt && fail "the U62 appreciation is printed on the U51 grid"
    has "mercredi 23 juin 2027" text.txt && fail "the U62 evaluation date is printed on the U51 grid"
    # --unite naming the stage's own unit keeps its evaluation.
    build --only grille --unite U62 -o same "$SAMPLES/scolaire-mineur.xml"
    text_of same/ET27-014_NDIAYE_Aissatou/grille-U62.pdf > same.txt
    has "Note proposée : 14,5 / 20" same.txt || fail "--unite U62 lost the U62 evaluation"
    true
}

# ---- Strategy table and English documents ------------------------------------

t_strategy_table_has_every_line() {
    f=$SAMPLES/apprentissage.xml
    build --only strategie -o docs "$f"
    [ "$RC" = 0 ] || { fail "exit $RC: $(head -n 3 err)"; return; }
    pdf=docs/APP27-NANTES-02_LE-GOFF_Erwan/strategie.pdf
    check_pdf_structure "$pdf"
    pdfinfo "$pdf" | grep -q 'Page size: *841.89 x 595.28' || fail "not landscape: $(pdfinfo "$pdf" | grep 'Page size')"
    text_of "$pdf" > text.txt
    {
        echo "Tableau de stratégie"
        echo "M. LE GOFF Erwan"
        echo "n° $(xpath "$f" 'string(//contrat/@numero)'), du lundi 1er septembre 2025 au mardi 31 août 2027"
        echo "Atlantique Tableaux Électriques — SIRET 64285249500067"
        echo "M. Stéphane LE BIHAN"
        echo "CFA académique des Pays de la Loire"; echo "0442765S"
        echo "Mme Gaëlle MORVAN"
        echo "2 semaines centre / 2 semaines entreprise"
        echo "vendredi 7 mai 2027"
        count=$(xpath "$f" 'count(//strategie/ligne)')
        i=1
        while [ "$i" -le "$count" ]; do
            line="//strategie/ligne[$i]"
            code=$(xpath "$f" "string($line/@competence)")
            echo "$code"
            texts "$REFERENTIEL" "/referentiel/competence[@code='$code']/libelle"
            xpath "$f" "string($line/@activite)"; echo
            case $(xpath "$f" "string($line/@lieu)") in
                entreprise) echo "Entreprise" ;; centre) echo "Centre de formation" ;; les-deux) echo "Entreprise et centre" ;;
            esac
            xpath "$f" "string($line/@periode)"; echo
            echo "$(xpath "$f" "string($line/@niveau-vise)") / 4"
            unit=$(xpath "$f" "string($line/@unite)")
            # Without @unite, the unit whose competences include it.
            [ -n "$unit" ] || unit=$(xpath "$REFERENTIEL" "string(/referentiel/unite[competence/@ref='$code']/@code)")
            echo "$unit"
            i=$((i + 1))
        done
        echo "Le maître d'apprentissage"; echo "Le formateur"
    } > expected.txt
    [ "$(grep -c . expected.txt)" -gt 30 ] || fail "too few expected lines: the sample has no strategy?"
    # Content order (-raw): cells of a row side by side would mix in the
    # default reading order.
    pdftotext -raw -enc UTF-8 "$pdf" raw.txt 2> /dev/null
    contains_in_order raw.txt
    sed -n '/^C4 /,/^Lieu/p' raw.txt | grep -q 'U62' || fail "C4 (no @unite) is not given its référentiel unit U62"
}

t_english_sheet_with_and_without_documents() {
    f=$SAMPLES/apprentissage.xml
    build --only anglais -o docs "$f" "$SAMPLES/amenagement.xml"
    [ "$RC" = 0 ] || { fail "exit $RC: $(head -n 3 err)"; return; }
    pdf=docs/APP27-NANTES-02_LE-GOFF_Erwan/anglais.pdf
    check_pdf_structure "$pdf"
    text_of "$pdf" > text.txt
    {
        echo "Épreuve E2"
        echo "LE GOFF Erwan"
        echo "U61 — Conception – étude détaillée du projet"
        echo "Atlantique Tableaux Électriques"
        echo "du lundi 1er septembre 2025 au mardi 31 août 2027"
        n=1
        for nature in $(xpath "$f" '//documents-anglais/document/@nature' | sed 's/ nature="\([^"]*\)"/\1 /g'); do
            if [ "$nature" = technique ]; then echo "Document $n — document technique"
            else echo "Document $n — extrait de presse ou de site d'information"; fi
            xpath "$f" "string(//documents-anglais/document[$n]/@titre)"; echo
            xpath "$f" "string(//documents-anglais/document[$n]/@source)"; echo
            echo "Lien avec le stage"
            n=$((n + 1))
        done
    } > expected.txt
    contains_in_order text.txt
    has "02744120987" text.txt || fail "candidate number missing"
    # amenagement.xml has no <documents-anglais>: three frames to fill by hand.
    text_of docs/DDS27-12_BOUSQUET-FERRER_Maiwenn/anglais.pdf > blank.txt
    printf '%s\n' "BOUSQUET-FERRER Maïwenn" "U62" "du lundi 24 mai 2027 au vendredi 25 juin 2027" \
        "Document 1 — document technique" "Titre" "Source" "Lien avec le stage" \
        "Document 2 — extrait de presse" "Document 3 — extrait de presse" > expected.txt
    contains_in_order blank.txt
    grep -q 'Document 4' blank.txt && fail "more than three frames"
    true
}

# ---- Reproducibility -----------------------------------------------------------

t_rebuilds_are_byte_identical() {
    build -o a "$SAMPLES/scolaire-mineur.xml" "$SAMPLES/apprentissage.xml"
    build -o b "$SAMPLES/scolaire-mineur.xml" "$SAMPLES/apprentissage.xml"
    count=0
    for pdf in $(cd a && find . -name '*.pdf' | sort); do
        cmp -s "a/$pdf" "b/$pdf" || fail "$pdf differs between two builds"
        count=$((count + 1))
    done
    [ "$count" -ge 8 ] || fail "only $count documents built"
    SOURCE_DATE_EPOCH=1700000000 "$STAGEDOC" build -o c "$SAMPLES/scolaire-mineur.xml" > /dev/null 2>&1
    cmp -s a/ET27-014_NDIAYE_Aissatou/grille-U62.pdf c/ET27-014_NDIAYE_Aissatou/grille-U62.pdf && fail "SOURCE_DATE_EPOCH is not used"
    true
}

TESTS="every_sample_gets_its_documents_clean documents_of_a_promotion
attestation_duration_and_gratification_by_hand attestation_abroad_computes_the_gratification
attestation_without_gratification_says_neant employer_attestation_for_an_apprentice
grid_with_every_criterion_ticks_and_mark grid_mark_rounds_up_and_counts_rated_criteria_only
grid_with_a_competence_unrated_names_it blank_grid_without_evaluation
grid_of_an_apprentice_is_signed_by_the_master unite_option_gives_another_units_grid
strategy_table_has_every_line english_sheet_with_and_without_documents rebuilds_are_byte_identical"

run_tests documents "$TESTS"
