# workbook.sh — part of hostile.sh (sourced): class workbooks that try to
# amplify (a shared string referenced by every cell, an ODS row or cell
# repeated a billion times, a huge sharedStrings part, a CSV of a million
# one-character cells), to hang the reader (a styles part whose every cell
# format would scan every number format), to smuggle a formula into a CSV
# file a spreadsheet opens, or to break the promotion with an invisible
# control character. Issue #22, causes 2, 3 (styles), 8 (a long cell
# quoted), 9 and 13. The XLSX and ODS files are made here with python3's
# zipfile: a few hundred kilobytes at most.

# mkxlsx FILE SHEET_XML [SHARED_STRINGS_XML [STYLES_XML]] (from files, so
# that large parts need no command line): a workbook of one sheet,
# « Stagiaires ».
mkxlsx() {
    python3 - "$@" << 'EOF'
import sys, zipfile
path, sheet = sys.argv[1], sys.argv[2]
z = zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED, compresslevel=9)
z.writestr('xl/workbook.xml', '<workbook xmlns:r="r"><sheets><sheet name="Stagiaires" r:id="rId1"/></sheets></workbook>')
z.writestr('xl/_rels/workbook.xml.rels', '<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>')
z.write(sheet, 'xl/worksheets/sheet1.xml')
if len(sys.argv) > 3: z.write(sys.argv[3], 'xl/sharedStrings.xml')
if len(sys.argv) > 4: z.write(sys.argv[4], 'xl/styles.xml')
z.close()
EOF
}

# rezip_part FILE PART PYTHON: FILE (a ZIP) with PART changed by the Python
# expression PYTHON on its text t.
rezip_part() {
    python3 - "$@" << 'EOF'
import sys, zipfile
path, part, change = sys.argv[1:4]
old = zipfile.ZipFile(path)
entries = [(i, old.read(i.filename)) for i in old.infolist()]
old.close()
z = zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED)
for info, data in entries:
    if info.filename == part:
        t = data.decode('utf-8')
        data = eval(change).encode('utf-8')
    z.writestr(info, data, zipfile.ZIP_DEFLATED)
z.close()
EOF
}

HEAD_ROW='<row r="1"><c t="inlineStr"><is><t>Nom</t></is></c><c t="inlineStr"><is><t>Prénom</t></is></c></row>'

# One string of 4,000 characters referenced by 750,000 cells in 40 KB: each
# cell pointed at it, not copied, and counted at its length against the
# workbook's 16 MiB of text (it took 2.4 GB).
t_hostile_workbook_shared_string_everywhere() {
    python3 -c "
row = '<row>' + '<c t=\"s\"><v>0</v></c>' * 250 + '</row>'
open('sheet.xml', 'w').write('<worksheet><sheetData>$HEAD_ROW' + row * 3000 + '</sheetData></worksheet>')
open('sst.xml', 'w').write('<sst><si><t>' + 'x' * 4000 + '</t></si></sst>')"
    mkxlsx partage.xlsx sheet.xml sst.xml && rm sheet.xml sst.xml
    run import -o classe.xml partage.xlsx
    refused "shared string" "^partage.xlsx: erreur: \[classeur\] le classeur a plus de 16 Mio de texte.*À faire"
    [ -e classe.xml ] && fail "shared string: a promotion was written"
    true
}

# sharedStrings of 3 million strings (51 MB in 120 KB): streamed, never
# parsed whole (it took 465 MiB), and refused past a million.
t_hostile_workbook_huge_shared_strings() {
    python3 -c "
open('sheet.xml', 'w').write('<worksheet><sheetData>$HEAD_ROW</sheetData></worksheet>')
open('sst.xml', 'w').write('<sst>' + '<si><t>a</t></si>' * 3000000 + '</sst>')"
    mkxlsx chaines.xlsx sheet.xml sst.xml && rm sheet.xml sst.xml
    run import -o classe.xml chaines.xlsx
    refused "sharedStrings" "^chaines.xlsx: erreur: \[classeur\] xl/sharedStrings.xml : plus d'un million de textes partagés.*À faire"
}

# 100,000 number formats and 100,000 cell formats added to the styles of a
# sound workbook: formats indexed by id (each cell format scanned every
# number format: it hung); the workbook still imports.
t_hostile_workbook_styles_many_formats() {
    run export -o classe.xlsx "$SAMPLES/scolaire-majeur.xml"
    [ "$RC" = 0 ] || { fail "export: exit $RC: $(head -c 300 err)"; return; }
    rezip_part classe.xlsx xl/styles.xml "t.replace('<numFmts count=\"1\">', '<numFmts count=\"1\">' + ''.join('<numFmt numFmtId=\"%d\" formatCode=\"0.0\"/>' % (200 + i) for i in range(100000))).replace('</cellXfs>', '<xf numFmtId=\"7\"/>' * 100000 + '</cellXfs>')"
    [ "$(unzip -p classe.xlsx xl/styles.xml | wc -c)" -gt 5000000 ] || fail "styles.xml was not grown"
    run import -o classe.xml classe.xlsx
    [ "$RC" = 0 ] || fail "styles: exit $RC: $(head -c 300 err)"
    bounded "styles"
    grep -q "<naissance>2005-11-08</naissance>" classe.xml || fail "styles: the date format was lost"
}

# An ODS row with a cell repeated a billion times over a billion rows (it
# took 1.4 GB before being refused): refused before any copy is made, at the
# row, and likewise a cell repeated past the last column.
t_hostile_workbook_ods_repeats() {
    for case in 'lignes|table:number-rows-repeated="1000000000"||ligne 2 : répétée 1000000000 fois, au-delà de la dernière ligne' \
        'colonnes||table:number-columns-repeated="1000000000"|cellule A2 : répétée 1000000000 fois, au-delà de la dernière colonne' \
        'cellules|table:number-rows-repeated="99000"|table:number-columns-repeated="255"|plus d.un million de cellules'; do
        name=${case%%|*} rest=${case#*|} rows=${rest%%|*} rest=${rest#*|} columns=${rest%%|*} message=${rest#*|}
        python3 -c "
import zipfile
z = zipfile.ZipFile('$name.ods', 'w', zipfile.ZIP_DEFLATED)
z.writestr('mimetype', 'application/vnd.oasis.opendocument.spreadsheet')
z.writestr('content.xml', '<office:document-content xmlns:office=\"o\" xmlns:table=\"t\" xmlns:text=\"x\"><office:body><office:spreadsheet><table:table table:name=\"Stagiaires\"><table:table-row><table:table-cell><text:p>Nom</text:p></table:table-cell></table:table-row><table:table-row $rows><table:table-cell $columns><text:p>x</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>')
z.close()"
        run import -o classe.xml "$name.ods"
        refused "ODS $name" "^$name.ods: erreur: \[classeur\] .*$message.*À faire"
    done
}

# A sound ODS workbook whose every sheet ends with a billion empty rows of
# a billion empty cells (as a spreadsheet may write formatted space): they
# cost nothing, and it imports.
t_hostile_workbook_ods_empty_repeats_cost_nothing() {
    run export -o classe.ods "$SAMPLES/scolaire-majeur.xml"
    [ "$RC" = 0 ] || { fail "export: exit $RC: $(head -c 300 err)"; return; }
    rezip_part classe.ods content.xml "t.replace('</table:table>', '<table:table-row table:number-rows-repeated=\"1000000000\"><table:table-cell table:number-columns-repeated=\"1000000000\"/></table:table-row></table:table>')"
    unzip -p classe.ods content.xml | grep -q 'rows-repeated="1000000000"' || fail "no repeat added"
    run import -o classe.xml classe.ods
    [ "$RC" = 0 ] || fail "empty repeats: exit $RC: $(head -c 300 err)"
    bounded "empty repeats"
}

# 16 MiB of one-character cells (it took 498 MiB): refused at a million
# cells, in bounded memory.
t_hostile_workbook_csv_of_tiny_cells() {
    python3 -c "open('cellules.csv', 'w').write(('a;' * 255 + 'a\n') * 32768)"
    run import -o classe.xml cellules.csv
    refused "tiny cells" "^cellules.csv: erreur: \[classeur\] la feuille « cellules.csv » a plus d'un million de cellules remplies.*À faire"
}

# The headers of the model, then rows of « a » in every column, just under
# the million cells a sheet may hold (as many rows as that allows, 7,000
# or so): near a million refused cells (it took 232 MiB keeping a message
# for each): the first messages are given, the rest counted.
t_hostile_workbook_every_cell_refused() {
    run export -o dossier "$SAMPLES/scolaire-majeur.xml"
    [ "$RC" = 0 ] || { fail "export: exit $RC: $(head -c 300 err)"; return; }
    python3 - << 'EOF'
header = open('dossier/Stagiaires.csv', encoding='utf-8-sig', newline='').read().split('\r\n')[0]
columns = len(header.split(';'))
row = ';'.join(['a'] * columns)
open('Stagiaires.csv', 'w').write(header + '\n' + (row + '\n') * (990000 // columns - 1))
EOF
    run import -o classe.xml Stagiaires.csv
    refused "every cell refused" "^Stagiaires.csv: erreur: \[classeur\] 1000 messages sur les cellules sont donnés ; [0-9]{6} erreurs.*ne sont que comptés.*À faire"
    [ "$(grep -c ': erreur: ' err)" -lt 1100 ] || fail "every cell refused: $(grep -c ': erreur: ' err) messages"
}

# A name =HYPERLINK(…) (LibreOffice would import it as a live formula) and a
# phone +49…: calendar --format=csv and export to CSV write them after an
# apostrophe; the folder imports back to the very same values.
t_hostile_workbook_csv_injection() {
    sed 's|<nom>[^<]*</nom>|<nom>=HYPERLINK("http://x.example/?a","clic")</nom>|
         s|<prenom>[^<]*</prenom>|<prenom>@SOMME(A1)</prenom>|' "$SAMPLES/scolaire-majeur.xml" > stage.xml
    run calendar --format=csv stage.xml
    [ "$RC" = 0 ] || fail "calendar: exit $RC: $(head -c 300 err)"
    grep -q ";\"'=HYPERLINK(\"\"http://x.example/?a\"\",\"\"clic\"\")\";'@SOMME(A1);" out ||
        fail "calendar: the name is not neutralised: $(sed -n 2p out)"
    grep -Eq '(^|;)"?[=+@-]' out && fail "calendar: a field starts like a formula: $(grep -E '(^|;)"?[=+@-]' out | head -n 1)"
    run export -o dossier stage.xml
    [ "$RC" = 0 ] || fail "export: exit $RC: $(head -c 300 err)"
    grep -q "\"'=HYPERLINK(" dossier/Stagiaires.csv || fail "export: the name is not neutralised"
    cat dossier/*.csv | grep -Eq '(^|;)"?[=+@]' && fail "export: a field starts like a formula"
    run import -o retour.xml dossier
    [ "$RC" = 0 ] || fail "import of the export: exit $RC: $(head -c 300 err)"
    grep -q '<nom>=HYPERLINK("http://x.example/?a","clic")</nom>' retour.xml ||
        fail "the round trip changed the name: $(grep '<nom>' retour.xml | head -n 1)"
    grep -q '<prenom>@SOMME(A1)</prenom>' retour.xml || fail "the round trip changed the first name"
}

# An escape character in a CSV cell (it made an ill-formed promotion and an
# error about stagedoc's own XML): refused at its cell, with its column and
# student, shown as \x1B; a cell of a megabyte is quoted cut short.
t_hostile_workbook_control_character_and_long_cell() {
    run export -o dossier "$SAMPLES/scolaire-majeur.xml"
    [ "$RC" = 0 ] || { fail "export: exit $RC: $(head -c 300 err)"; return; }
    python3 - << 'EOF'
p = 'dossier/Stagiaires.csv'
lines = open(p, encoding='utf-8-sig', newline='').read().split('\r\n')
cells = lines[1].split(';')
cells[5] = 'Marchand\x1b[2J'
cells[12] = '6' * 1000000 # Code postal
lines[1] = ';'.join(cells)
open(p, 'w', encoding='utf-8-sig', newline='').write('\r\n'.join(lines))
EOF
    run import -o classe.xml dossier
    refused "control character" "^dossier/Stagiaires.csv:F2: erreur: \[cellule\] MARCHAND\\\\x1B\[2J Théo, colonne « Nom » : « Marchand\\\\x1B\[2J » contient un caractère de contrôle invisible \(U\+001B\).*À faire"
    grep -q "$(printf '\033')" err && fail "the escape character reached the terminal"
    grep -q "^dossier/Stagiaires.csv:M2: erreur: \[cellule\] .*« Code postal » : « 6666.*…" err ||
        fail "the long cell is not quoted: $(grep M2 err | head -c 300)"
    [ "$(wc -c < err)" -lt 8000 ] || fail "the long cell was echoed: $(wc -c < err) bytes on stderr"
    [ -e classe.xml ] && fail "control character: a promotion was written"
    true
}

TESTS="$TESTS hostile_workbook_shared_string_everywhere hostile_workbook_huge_shared_strings
hostile_workbook_styles_many_formats hostile_workbook_ods_repeats
hostile_workbook_ods_empty_repeats_cost_nothing hostile_workbook_csv_of_tiny_cells
hostile_workbook_every_cell_refused hostile_workbook_csv_injection hostile_workbook_control_character_and_long_cell"
