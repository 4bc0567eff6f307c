#!/bin/sh
# End-to-end tests of `stagedoc import`: class spreadsheets written as
# CSV (UTF-8, Windows-1252), and by LibreOffice as XLSX and ODS, turned into
# promotions that pass `stagedoc check`; every bad cell named by its sheet,
# cell and header; regulation errors pointed back at the spreadsheet row.
# Ends with "N passed, N failed".
. "$(dirname "$0")/lib.sh"

COMMUN=$SAMPLES/import/stage-commun.xml
HEADER=$(head -n 1 "$SAMPLES/classe.csv")
ROW2=$(sed -n 2p "$SAMPLES/classe.csv")

# office FORMAT FILE.csv: LibreOffice converts it (French locale, ';', UTF-8).
office() {
    mkdir -p home
    HOME=$PWD/home soffice --headless --infilter="CSV:59,34,76,1,,1036" \
        --convert-to "$1" --outdir . "$2" > soffice.log 2>&1 || fail "soffice failed: $(cat soffice.log)"
    [ -f "${2%.csv}.$1" ] || fail "soffice wrote no ${2%.csv}.$1"
}

imp() { # args...: runs stagedoc import --force (-o replaces), sets RC, out and err
    RC=0
    "$STAGEDOC" import --force "$@" > out 2> err || RC=$?
}

# expect_error TEXT: stderr holds TEXT (exactly, as a fixed string) and RC is 1.
expect_error() {
    [ "$RC" = 1 ] || fail "exit $RC, expected 1"
    grep -qF -- "$1" err || fail "expected « $1 » in: $(head -n 3 err)"
}

# with_cell ROW COLUMN VALUE: the sample's header and first row, one cell changed.
with_cell() {
    printf '%s\n' "$HEADER"
    printf '%s\n' "$ROW2" | awk -F';' -v OFS=';' -v c="$1" -v v="$2" '{ $c = v; print }'
}

t_csv_sample_imports_and_checks() {
    imp --commun "$COMMUN" -o promo.xml "$SAMPLES/classe.csv"
    [ "$RC" = 0 ] || fail "exit $RC: $(cat err)"
    "$STAGEDOC" check promo.xml 2> check.err || fail "check fails: $(cat check.err)"
    [ "$(xpath promo.xml 'string(//stage[1]/periode/@debut)')" = 2027-05-18 ] || fail "debut"
    [ "$(xpath promo.xml 'string(//stage[2]/periode/@fin)')" = 2027-06-25 ] || fail "ISO date"
    [ "$(xpath promo.xml 'string(//stage[2]/stagiaire/prenom)')" = "Inès" ] || fail "prenom"
    [ "$(xpath promo.xml 'string(/promotion/etablissement/uai)')" = 0330031E ] || fail "commun"
    [ "$(xpath promo.xml 'count(//stage/horaires)')" = 2 ] || fail "defaults not copied"
}

# -o never replaces a file unless --force: an edited promotion is not lost.
t_output_not_replaced_without_force() {
    echo "mine" > promo.xml
    RC=0
    "$STAGEDOC" import --commun "$COMMUN" -o promo.xml "$SAMPLES/classe.csv" > out 2> err || RC=$?
    [ "$RC" = 2 ] || fail "exit $RC, expected 2"
    grep -qF "promo.xml existe déjà ; rien n'est écrit. À faire : choisissez un autre nom, ou ajoutez --force" err ||
        fail "message: $(cat err)"
    [ "$(cat promo.xml)" = mine ] || fail "promo.xml was replaced"
    imp --commun "$COMMUN" -o promo.xml "$SAMPLES/classe.csv"
    [ "$RC" = 0 ] || fail "--force: exit $RC: $(cat err)"
    grep -q '<promotion' promo.xml || fail "--force did not replace"
}

t_stdout_and_help() {
    imp --commun "$COMMUN" "$SAMPLES/classe.csv"
    [ "$RC" = 0 ] || fail "exit $RC: $(cat err)"
    grep -q '<promotion version="1">' out || fail "no promotion on stdout"
    "$STAGEDOC" import --help > help || fail "--help fails"
    grep -q -- '--commun' help || fail "help lacks --commun"
    imp || true
    [ "$RC" = 2 ] || fail "no operand: exit $RC"
    imp --encodage latin9 x.csv
    [ "$RC" = 2 ] || fail "bad --encodage: exit $RC"
    imp absent.csv
    [ "$RC" = 3 ] || fail "missing file: exit $RC"
    grep -qF 'absent.csv: erreur: [classeur] fichier introuvable' err || fail "missing file not named: $(cat err)"
}

t_xlsx_written_by_libreoffice() {
    cp "$SAMPLES/classe.csv" classe.csv
    office xlsx classe.csv
    imp --commun "$COMMUN" -o promo.xml classe.xlsx
    [ "$RC" = 0 ] || fail "exit $RC: $(cat err)"
    [ "$(xpath promo.xml 'string(//stage[1]/stagiaire/naissance)')" = 2007-03-14 ] || fail "date cell"
    [ "$(xpath promo.xml 'string(//stage[2]/periode/@debut)')" = 2027-05-18 ] || fail "ISO date cell"
    [ "$(xpath promo.xml 'string(//stage[1]/entreprise/siret)')" = 63082248400071 ] || fail "number"
    [ "$(xpath promo.xml 'string(//stage[2]/entreprise/raison-sociale)')" = "Électricité Girondine SAS" ] || fail "shared string"
}

t_ods_written_by_libreoffice() {
    cp "$SAMPLES/classe.csv" classe.csv
    office ods classe.csv
    imp --commun "$COMMUN" -o promo.xml classe.ods
    [ "$RC" = 0 ] || fail "exit $RC: $(cat err)"
    [ "$(xpath promo.xml 'string(//stage[1]/stagiaire/naissance)')" = 2007-03-14 ] || fail "date-value"
    [ "$(xpath promo.xml 'string(//stage[1]/entreprise/effectif)')" = 41 ] || fail "float"
    [ "$(xpath promo.xml 'string(//stage[2]/tuteur/nom)')" = "Lefèvre" ] || fail "text:p"
}

t_windows_1252_detected_and_forced() {
    iconv -f UTF-8 -t WINDOWS-1252 "$SAMPLES/classe.csv" > classe.csv || fail "iconv"
    imp --commun "$COMMUN" -o promo.xml classe.csv
    [ "$RC" = 0 ] || fail "exit $RC: $(cat err)"
    [ "$(xpath promo.xml 'string(//stage[2]/stagiaire/prenom)')" = "Inès" ] || fail "accents lost"
    imp --commun "$COMMUN" --encodage windows-1252 -o promo2.xml classe.csv
    cmp -s promo.xml promo2.xml || fail "forced differs from detected"
    imp --commun "$COMMUN" --encodage utf-8 classe.csv
    expect_error "pas de l'UTF-8"
}

t_utf8_bom_and_commas() {
    # The sample's first 32 columns: the later ones hold commas of their own.
    { printf '\357\273\277'; cut -d';' -f1-32 "$SAMPLES/classe.csv" |
        sed 's/;/,/g; s/Ingénierie Électrique du Sud-Ouest (IESO)/"IESO, Mérignac"/'; } > classe.csv
    imp --commun "$COMMUN" -o promo.xml classe.csv
    [ "$RC" = 0 ] || fail "exit $RC: $(cat err)"
    [ "$(xpath promo.xml 'string(//stage[1]/entreprise/raison-sociale)')" = "IESO, Mérignac" ] || fail "quoted field"
    [ "$(xpath promo.xml 'string(//stage[1]/stagiaire/nom)')" = "Abadie-Laffargue" ] || fail "BOM kept in header"
}

t_bad_date_named_by_cell() {
    with_cell 31 31/02/2027 > classe.csv
    imp --commun "$COMMUN" classe.csv
    expect_error "classe.csv:AE2: erreur: [cellule] ABADIE-LAFFARGUE Thomas, colonne « Date de début » : « 31/02/2027 » n'est pas une date. À faire : écrivez la date au format JJ/MM/AAAA"
    [ -s out ] && fail "XML written despite a bad cell"
    office xlsx classe.csv
    imp --commun "$COMMUN" classe.xlsx
    expect_error "classe.xlsx:classe!AE2: erreur: [cellule] ABADIE-LAFFARGUE Thomas, colonne « Date de début » : « 31/02/2027 » n'est pas une date."
}

# « Document anglais 3 » may come before « Document anglais 1 »: each goes to
# its own <document>, in their order, beside the spreadsheet's other columns.
t_english_documents_by_rank() {
    # Columns 35-38 are document 1, 43-46 document 3: swap them.
    awk -F';' -v OFS=';' '{ for (c = 35; c <= 38; c++) { t = $c; $c = $(c + 8); $(c + 8) = t }; print }' \
        "$SAMPLES/classe.csv" > classe.csv
    head -n 1 classe.csv | cut -d';' -f35 | grep -qx 'Document anglais 3 Nature' || fail "test bug"
    imp --commun "$COMMUN" -o promo.xml classe.csv
    [ "$RC" = 0 ] || fail "exit $RC: $(cat err)"
    [ "$(xpath promo.xml 'count(//stage[1]/documents-anglais/document)')" = 3 ] || fail "not 3 documents"
    [ "$(xpath promo.xml 'string(//stage[1]/documents-anglais/document[1]/@nature)')" = technique ] || fail "order"
    [ "$(xpath promo.xml 'string(//stage[1]/documents-anglais/document[3]/@titre)')" = "The electricians the energy transition needs" ] || fail "titre 3"
    [ "$(xpath promo.xml 'string(//stage[2]/rapport/@transmis-le)')" = 2027-06-11 ] || fail "rapport date"
}

# Every bad cell of every row is told in one run, not the first row's alone.
t_every_bad_row_is_told() {
    { with_cell 31 31/02/2027; printf '%s\n' "$ROW2" | sed 's/^Abadie-Laffargue/Bernard/; s/02755500001/02755500003/'
      printf '%s\n' "$ROW2" | awk -F';' -v OFS=';' '{ $1 = "Carrère"; $5 = "02755500004"; $14 = "beaucoup"; $32 = "2027-13-25"; print }'
    } > classe.csv
    imp --commun "$COMMUN" classe.csv
    expect_error "classe.csv:AE2: erreur: [cellule] ABADIE-LAFFARGUE Thomas, colonne « Date de début » : « 31/02/2027 » n'est pas une date."
    grep -qF "classe.csv:N4: erreur: [cellule] CARRÈRE Thomas, colonne « Effectif » : « beaucoup » n'est pas un nombre entier." err || fail "row 4: $(cat err)"
    grep -qF "classe.csv:AF4: erreur: [cellule] CARRÈRE Thomas, colonne « Date de fin » : « 2027-13-25 » n'est pas une date." err || fail "row 4, second cell"
    grep -q "classe.csv:[A-Z]*3:" err && fail "the good row 3 is blamed: $(grep ':[A-Z]*3:' err)"
    grep -qF "stagedoc import : 3 erreurs ; rien n'est écrit." err || fail "summary: $(tail -n 1 err)"
    [ -s out ] && fail "XML written despite bad cells"
    true
}

# The school on every row instead of in --commun: one <etablissement> for
# the class; a row that names another school is an error at its cell.
t_school_from_repeated_columns() {
    sed '/<etablissement>/,/<\/etablissement>/d' "$COMMUN" > commun.xml
    school="Établissement;UAI;Adresse de l'établissement;Code postal de l'établissement;Ville de l'établissement;Académie;Civilité du chef d'établissement;Fonction du chef d'établissement;Chef d'établissement;Prénom du chef d'établissement"
    values="Lycée Gustave Eiffel;0330031E;143 cours de la Marne;33800;Bordeaux;Bordeaux;M.;Proviseur;Dufau;Jean-Marc"
    { printf '%s;%s\n' "$HEADER" "$school"; sed -n '2,3p' "$SAMPLES/classe.csv" | sed "s/\$/;$values/"; } > classe.csv
    imp --commun commun.xml -o promo.xml classe.csv
    [ "$RC" = 0 ] || fail "exit $RC: $(head -n 3 err)"
    [ "$(xpath promo.xml 'count(/promotion/etablissement)')" = 1 ] || fail "not one etablissement"
    [ "$(xpath promo.xml 'count(/promotion/etablissement/nom)')" = 1 ] || fail "the name repeated per row"
    [ "$(xpath promo.xml 'string(/promotion/etablissement/uai)')" = 0330031E ] || fail "uai"
    [ "$(xpath promo.xml 'string(/promotion/etablissement/representant/prenom)')" = Jean-Marc ] || fail "head"
    sed '3s/0330031E/0330032F/' classe.csv > other.csv
    imp --commun commun.xml other.csv
    [ "$(printf '%s' "$HEADER" | tr -cd ';' | wc -c)" = 45 ] || fail "test bug: UAI is no longer AV"
    expect_error "other.csv:AV3: erreur: [cellule] BENALI Inès, colonne « UAI » : « 0330032F » : la classe a déjà « 0330031E »"
    grep -qF 'À faire : une seule valeur par classe' err || fail "no hint: $(cat err)"
    # --commun gives the school: a row that contradicts it is wrong too.
    imp --commun "$COMMUN" other.csv
    grep -qF "other.csv:AV3: erreur: [cellule] BENALI Inès, colonne « UAI »" err || fail "--commun then a row: $(cat err)"
    # An address of two lines in --commun: a row giving either is no conflict.
    sed 's#<ligne>143 cours de la Marne</ligne>#&<ligne>Bâtiment B</ligne>#' "$COMMUN" > two-lines.xml
    cmp -s "$COMMUN" two-lines.xml && fail "test bug: no second line"
    imp --commun two-lines.xml -o promo.xml classe.csv
    [ "$RC" = 0 ] || fail "the first of two lines is a conflict: $(head -n 2 err)"
    [ "$(xpath promo.xml 'count(/promotion/etablissement/adresse/ligne)')" = 2 ] || fail "lines added"
}

t_unknown_header_named() {
    { printf '%s;Couleur préférée\n' "$HEADER"; printf '%s;bleu\n' "$ROW2"; } > classe.csv
    imp --commun "$COMMUN" classe.csv
    [ "$RC" = 0 ] || fail "an extra column is not an error: exit $RC"
    grep -qF "classe.csv:AU1: avertissement: [classeur] colonne « Couleur préférée » : intitulé inconnu : colonne ignorée." err || fail "$(cat err)"
}

t_missing_required_column() {
    cut -d';' -f1-31 "$SAMPLES/classe.csv" > classe.csv
    imp --commun "$COMMUN" classe.csv
    expect_error "classe.csv:A1: erreur: [classeur] la colonne « Date de fin » manque ; elle est obligatoire dès que « Date de début » est rempli (ligne 2 d'abord)."
    [ "$(grep -c 'Date de fin' err)" = 1 ] || fail "said more than once: $(cat err)"
}

t_empty_required_cell() {
    with_cell 1 "" > classe.csv
    imp --commun "$COMMUN" classe.csv
    expect_error "classe.csv:A2: erreur: [cellule] Thomas, colonne « Nom de l'élève » : cellule vide ; elle est obligatoire."
}

t_number_where_text_expected() {
    with_cell 8 33000 > classe.csv
    imp --commun "$COMMUN" classe.csv
    expect_error "classe.csv:H2: erreur: [cellule] ABADIE-LAFFARGUE Thomas, colonne « Ville » : « 33000 » est un nombre ; un texte est attendu."
}

t_bad_number_and_civilite() {
    with_cell 14 beaucoup > classe.csv
    imp --commun "$COMMUN" classe.csv
    expect_error "classe.csv:N2: erreur: [cellule] ABADIE-LAFFARGUE Thomas, colonne « Effectif » : « beaucoup » n'est pas un nombre entier."
    with_cell 3 Docteur > classe.csv
    imp --commun "$COMMUN" classe.csv
    expect_error "classe.csv:C2: erreur: [cellule] ABADIE-LAFFARGUE Thomas, colonne « Civilité » : « Docteur » n'est pas une valeur permise pour « Civilité ». À faire : écrivez M. ou Mme."
}

t_regulation_error_points_at_row() {
    with_cell 32 31/07/2027 > classe.csv
    # The end date decides a stage too long: its cell is named, -o or not.
    imp --commun "$COMMUN" -o promo.xml classe.csv
    expect_error "classe.csv:AF2: erreur: [duree] ABADIE-LAFFARGUE Thomas, colonne « Date de fin » : le stage dure 11 semaines"
    imp --commun "$COMMUN" classe.csv
    grep -qF 'classe.csv:AF2: erreur: [duree]' err || fail "stdout mode: $(grep duree err)"
}

t_multiline_quoted_cell() {
    { printf '%s\n' "$HEADER"; printf '%s\n' "$ROW2" | sed 's/9 cours de l.Argonne/"9 cours de l''Argonne\nBâtiment ""B"""/'; } > classe.csv
    with_cell 31 31/02/2027 | tail -n 1 | sed 's/^Abadie-Laffargue/Bernard/; s/02755500001/02755500003/' >> classe.csv
    imp --commun "$COMMUN" classe.csv
    expect_error "classe.csv:AE4: erreur: [cellule] BERNARD Thomas, colonne « Date de début »"
}

t_merged_header_in_ods() {
    cat > content.xml <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Liste">
<table:table-row><table:table-cell table:number-columns-repeated="2"/><table:table-cell table:number-columns-spanned="2" office:value-type="string"><text:p>Tuteur</text:p></table:table-cell><table:covered-table-cell/></table:table-row>
<table:table-row><table:table-cell office:value-type="string"><text:p>Nom</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Début</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Nom</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Email</text:p></table:table-cell></table:table-row>
<table:table-row table:number-rows-repeated="3"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>
<table:table-row><table:table-cell office:value-type="string"><text:p>Durand</text:p></table:table-cell><table:table-cell office:value-type="date" office:date-value="2027-05-18"><text:p>18/05/27</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Lefèvre</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>c.lefevre@example.fr</text:p></table:table-cell></table:table-row>
<table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>
</table:table></office:spreadsheet></office:body></office:document-content>
XML
    printf 'application/vnd.oasis.opendocument.spreadsheet' > mimetype
    zip -q -X merged.ods mimetype content.xml || fail "zip"
    # A copy of the templates where no column is required: the sheet has few.
    cp -R "$ROOT/templates" tpl && sed -i 's/\t\(oui\|bloc\)\t/\tnon\t/' tpl/import/colonnes.tsv
    imp --templates tpl merged.ods
    grep -q '<nom>Durand</nom>' out || fail "stagiaire: $(cat err)"
    grep -q 'debut="2027-05-18"' out || fail "date-value"
    tr -d ' \n' < out | grep -q '<tuteur><nom>Lefèvre</nom><email>c.lefevre@example.fr</email></tuteur>' \
        || fail "merged header not applied: $(cat out)"
    grep -q 'intitulé inconnu' err && fail "merged header reported as unknown: $(cat err)"
    true
}

# LibreOffice turns an HTML colspan into merged cells (XLSX <mergeCells>,
# ODS number-columns-spanned): the merged title above « Nom » and « Email »
# makes them the tutor's.
t_merged_header_written_by_libreoffice() {
    cat > merged.html <<'HTML'
<html><head><meta charset="utf-8"></head><body><table>
<tr><td></td><td></td><td colspan="2">Tuteur</td></tr>
<tr><td>Nom</td><td>Début</td><td>Nom</td><td>Email</td></tr>
<tr><td>Durand</td><td>2027-05-18</td><td>Lefèvre</td><td>c.lefevre@example.fr</td></tr>
</table></body></html>
HTML
    mkdir -p home
    for kind in xlsx ods; do
        HOME=$PWD/home soffice --headless --infilter="HTML (StarCalc)" --convert-to "$kind" \
            --outdir . merged.html > soffice.log 2>&1 || fail "soffice: $(cat soffice.log)"
    done
    unzip -p merged.xlsx xl/worksheets/sheet1.xml | grep -q '<mergeCell ref="C1:D1"/>' ||
        fail "LibreOffice wrote no mergeCell"
    cp -R "$ROOT/templates" tpl && sed -i 's/\t\(oui\|bloc\)\t/\tnon\t/' tpl/import/colonnes.tsv
    for kind in xlsx ods; do
        imp --templates tpl "merged.$kind"
        tr -d ' \n' < out | grep -q '<tuteur><nom>Lefèvre</nom><email>c.lefevre@example.fr</email></tuteur>' \
            || fail "$kind: merged header not applied: $(cat out)"
        tr -d ' \n' < out | grep -q '<stagiaire><nom>Durand</nom>' \
            || fail "$kind: the student's Nom: $(cat out)"
        grep -q 'intitulé inconnu' err && fail "$kind: merged header reported unknown: $(cat err)"
    done
    true
}

# repack FILE PART SED OUT: FILE (a workbook LibreOffice wrote) with PART
# changed by the sed script, zipped again as OUT.
repack() {
    rm -rf parts && mkdir parts && (cd parts && unzip -q "../$1") || fail "unzip $1"
    sed -i "$3" "parts/$2"
    (cd parts && 7z a -tzip -bso0 -bsp0 "../$4" .) || fail "7z $4"
}

# A sheet that declares entities (a bomb) or breaks off is refused at once,
# with its part named, whether XLSX or ODS; the rows are read as they come,
# so a huge sheet never has to fit in memory.
t_hostile_workbooks_refused() {
    cp "$SAMPLES/classe.csv" classe.csv
    office xlsx classe.csv
    office ods classe.csv
    bomb='<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "\&a;\&a;\&a;\&a;\&a;\&a;\&a;\&a;">]>'
    repack classe.xlsx xl/worksheets/sheet1.xml "1s#?>#?>$bomb#" bomb.xlsx
    imp --commun "$COMMUN" bomb.xlsx
    expect_error "bomb.xlsx: erreur: [classeur] xl/worksheets/sheet1.xml : XML illisible (il a une DTD)."
    repack classe.ods content.xml "1s#?>#?>$bomb#" bomb.ods
    imp --commun "$COMMUN" bomb.ods
    expect_error "bomb.ods: erreur: [classeur] content.xml : XML illisible (il a une DTD)."
    # Two empty rows written as one self-closing element still count.
    with_cell 31 31/02/2027 > gap.csv
    office ods gap.csv
    repack gap.ods content.xml 's#</table:table-row>#&<table:table-row table:number-rows-repeated="2"/>#' gap2.ods
    imp --commun "$COMMUN" gap2.ods
    expect_error "gap2.ods:gap!AE4: erreur: [cellule] ABADIE-LAFFARGUE Thomas, colonne « Date de début »"
    repack classe.xlsx xl/worksheets/sheet1.xml 's#</sheetData>.*##' cut.xlsx
    imp --commun "$COMMUN" cut.xlsx
    expect_error "cut.xlsx: erreur: [classeur] xl/worksheets/sheet1.xml : XML illisible."
    [ -s out ] && fail "XML written for a broken workbook"
    true
}

# The workbook init --tableur writes (XLSX, ODS, a folder of CSV files)
# imports and builds as it is, with no other file; it is never written over.
t_init_writes_spreadsheet_templates() {
    "$STAGEDOC" init --tableur modele > written 2> err || fail "init --tableur: $(cat err)"
    [ "$(head -n 3 written)" = "$(printf 'modele/classe.xlsx\nmodele/classe.ods\nmodele/classe/Classe.csv')" ] ||
        fail "paths: $(cat written)"
    head -c 3 modele/classe/Stagiaires.csv | od -An -tx1 | grep -q 'ef bb bf' || fail "no BOM"
    for f in classe.xlsx classe.ods classe; do
        imp -o "$f.xml" "modele/$f"
        [ "$RC" = 0 ] || fail "$f does not import: $(cat err)"
        "$STAGEDOC" build --quiet -o "out-$f" "modele/$f" > /dev/null 2> err || fail "$f does not build: $(cat err)"
        [ -f "out-$f/ET27-012_DA-SILVA_Enzo/strategie.pdf" ] || fail "$f: no strategy table for the apprentice"
    done
    cmp -s classe.xlsx.xml classe.ods.xml || fail "XLSX and ODS templates differ"
    cmp -s classe.xlsx.xml classe.xml || fail "XLSX and CSV templates differ"
    # Never over a workbook that is there, unless --force.
    echo mine > modele/classe.ods
    "$STAGEDOC" init --tableur modele > /dev/null 2> err && fail "overwrote modele/"
    grep -qF 'modele/classe.xlsx existe déjà ; rien n'"'"'est écrit' err || fail "message: $(cat err)"
    [ "$(cat modele/classe.ods)" = mine ] || fail "a file was replaced"
    "$STAGEDOC" init --tableur modele --force > /dev/null 2> err || fail "--force: $(cat err)"
    [ "$(cat modele/classe.ods)" = mine ] && fail "--force did not replace"
    # LibreOffice reads the workbooks stagedoc wrote.
    mkdir -p home lo
    for f in classe.xlsx classe.ods; do
        HOME=$PWD/home soffice --headless --convert-to csv --outdir lo "modele/$f" > soffice.log 2>&1
    done
    grep -q 'ABADIE-LAFFARGUE\|Abadie-Laffargue\|Session' lo/classe.csv || fail "LibreOffice cannot read them: $(cat soffice.log)"
}

t_large_class_imports_and_checks() {
    awk -v n=3500 -v header="$HEADER" -v row="$ROW2" 'BEGIN {
        print header
        for (i = 1; i <= n; i++) { r = row; sub(/^Abadie-Laffargue/, "NOM-" i, r)
            sub(/02755500001/, sprintf("0275%07d", i), r); print r } }' > classe.csv
    start=$(date +%s)
    imp --commun "$COMMUN" -o promo.xml classe.csv
    [ "$RC" = 0 ] || fail "exit $RC: $(tail -n 3 err)"
    grep -q 'stagedoc import : 1 fichier, 3500 stages : 0 erreur' err || fail "$(tail -n 1 err)"
    [ "$(grep -c '<stage ' promo.xml)" = 3500 ] || fail "not 3500 stages"
    [ $(( $(date +%s) - start )) -le 60 ] || fail "too slow"
    # The last row's regulation error still points at its row.
    awk -F';' -v OFS=';' 'NR == 3501 { $32 = "31/07/2027" } { print }' classe.csv > last.csv
    imp --commun "$COMMUN" -o promo.xml last.csv
    [ "$RC" = 1 ] || fail "a 10-week stage: exit $RC"
    grep -F '[duree]' err | grep -qF 'last.csv:AF3501: erreur: [duree] NOM-3500 Thomas, colonne « Date de fin »' ||
        fail "not row 3501: $(grep duree err)"
}

TESTS="csv_sample_imports_and_checks output_not_replaced_without_force stdout_and_help xlsx_written_by_libreoffice
ods_written_by_libreoffice windows_1252_detected_and_forced utf8_bom_and_commas
bad_date_named_by_cell every_bad_row_is_told school_from_repeated_columns english_documents_by_rank unknown_header_named missing_required_column empty_required_cell
number_where_text_expected bad_number_and_civilite regulation_error_points_at_row
multiline_quoted_cell merged_header_in_ods merged_header_written_by_libreoffice
init_writes_spreadsheet_templates hostile_workbooks_refused
large_class_imports_and_checks"

run_tests import "$TESTS"
