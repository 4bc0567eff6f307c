#!/bin/sh
# End-to-end tests of tagged PDF (accessible documents), in both modes (the
# default and --pdfa): on every kind of document, `pdfinfo -struct-text`
# shows a Document whose headings are the bookmarks, in order, whose
# tables all have header cells (TH), whose lists are L of LI (Lbl, LBody),
# with a Figure and its alternative text where the logo is; headers,
# footers and repeated table headers are artifacts, out of the structure;
# the structure's text is the page text in reading order (pdftotext -raw:
# the content stream, written top to bottom and, within a table row, left
# to right; and poppler's own reading order for the conventions and
# certificates); the catalog says /MarkInfo, /Lang (fr-FR),
# /StructTreeRoot, DisplayDocTitle, the English of a bilingual convention
# says /Lang (en), signature fields have a tooltip naming the signatory;
# checkboxes say their state where they are (☒ ticked, ☐ not: a grid's
# levels, the convention's oui/non), the planning's header cells their days'
# dates (/Alt; /ColSpan for the weeks), each student's row their days in
# one sentence (one cell spanning the days, its /Alt; the days artifacts);
# qpdf finds nothing wrong, the same input gives the same bytes, and the
# fields still sign with pdfsig and mutool, the signatures valid. A missing
# tool fails the tests with the Debian package to install. Ends with "N
# passed, N failed".
. "$(dirname "$0")/lib.sh"

# The structure as pdfinfo prints it, into struct.txt; its text alone (one
# quoted string a line) into struct.text.
structure_of() {
    pdfinfo -struct-text "$1" > struct.txt 2> struct.err || fail "pdfinfo -struct-text failed on $1"
    [ -s struct.err ] && fail "poppler warns on $1: $(head -n 2 struct.err)"
    sed -n 's/^ *"\(.*\)"$/\1/p' struct.txt > struct.text
}

# chars: one character a line, without spaces, hyphens or no-break spaces:
# lines joined or broken, words hyphenated, compare the same.
chars() { sed 's/\xe2\x80\xaf//g; s/\xc2\xa0//g' | tr -d ' \n\t\r\f-' | grep -o .; }

# Every Table of struct.txt has a TH: "FILE: N tables without header cells".
tables_without_headers() {
    awk '{ match($0, /^ */); depth = RLENGTH; name = substr($0, depth + 1) }
         open && depth <= table_depth { if (!th) bad++; open = 0 }
         open && name ~ /^TH/ { th = 1 }
         name ~ /^Table( |$)/ { open = 1; table_depth = depth; th = 0; tables++ }
         END { if (open && !th) bad++; print bad + 0 }' struct.txt
}

t_structure_follows_the_layout_tree() {
    need pdfinfo poppler-utils && need mutool mupdf-tools || return
    build_all_kinds || return
    kinds > kinds.txt
    [ "$(wc -l < kinds.txt)" = 13 ] || fail "not 13 kinds of documents: $(tr '\n' ' ' < kinds.txt)"
    for mode in docs pdfa; do
        for kind in $(cat kinds.txt); do
            pdf=$mode/$kind
            [ -f "$pdf" ] || { fail "no $pdf"; continue; }
            structure_of "$pdf"
            head -n 1 struct.txt | grep -q '^Document$' || fail "$pdf: the structure is not a Document: $(head -n 1 struct.txt)"
            [ "$(tables_without_headers)" = 0 ] || fail "$pdf: $(tables_without_headers) tables without header cells"
            grep -q '^ *\(TH\|TD\)' struct.txt || fail "$pdf: no table cells"
            # Headings in order: the bookmarks (one per student in the class's certificates).
            case $kind in
                *attestations.pdf)
                    [ "$(grep -c '^  Part' struct.txt)" = "$(mutool show "$pdf" outline 2> /dev/null | grep -c .)" ] ||
                        fail "$pdf: not a Part per certificate: $(grep -c '^  Part' struct.txt)" ;;
                *)
                    awk '/^ *H[1-3]( |$)/ { getline; sub(/^ *"/, ""); sub(/"$/, ""); print }' struct.txt |
                        tr -d ' ' > headings.txt
                    mutool show "$pdf" outline 2> /dev/null | sed 's/^[^"]*"//; s/".*$//' | tr -d ' ' > outline.txt
                    [ -s headings.txt ] || fail "$pdf: no heading"
                    cmp -s headings.txt outline.txt ||
                        fail "$pdf: headings are not the bookmarks: $(diff headings.txt outline.txt | head -n 3 | tr '\n' '|')" ;;
            esac
            # Headers and footers are artifacts.
            grep -q 'page [0-9]* / [0-9]*\|session 2027"$' struct.text &&
                fail "$pdf: a header or footer is in the structure: $(grep 'page [0-9]* / \|session 2027"$' struct.text | head -n 1)"
        done
        # Lists, the logo, signatures.
        minor=$mode/$(sed -n 6p kinds.txt)
        structure_of "$minor"
        for element in L LI Lbl LBody Figure Form; do
            grep -q "^ *$element\( \|\$\)" struct.txt || fail "$minor: no $element"
        done
        qpdf --qdf --object-streams=disable "$minor" qdf.pdf 2> /dev/null
        LC_ALL=C grep -aq "/Alt (Logo de l'.tablissement : Lyc.e Gustave Eiffel)" qdf.pdf ||
            fail "$minor: the logo's Figure has no alternative text"
        # The planning's header rows are repeated on its second page, once in the structure.
        planning=$mode/promotion-2027-planning.pdf
        structure_of "$planning"
        [ "$(grep -c '^Semaines du' struct.text)" = 1 ] ||
            fail "$planning: the header row is $(grep -c '^Semaines du' struct.text) times in the structure"
        [ "$(pdftotext "$planning" - | grep -c '^Semaines du')" -ge 2 ] ||
            fail "$planning: the header row is not repeated (the test needs two pages)"
    done
}

# The structure's text against the page text: none missing, in order, the
# rest (artifacts) at most 250 characters a page.
same_order() { # pdf [pdftotext option]
    structure_of "$1"
    chars < struct.text > struct.chars
    pdftotext $2 -enc UTF-8 "$1" - 2> /dev/null | chars > page.chars
    diff struct.chars page.chars > order.diff
    missing=$(grep -c '^<' order.diff)
    extra=$(grep -c '^>' order.diff)
    pages=$(pdfinfo "$1" | awk '/^Pages:/ { print $2 }')
    [ "$missing" = 0 ] || fail "$1 ($2): $missing characters of the structure not in the page text's order: $(grep '^<' order.diff | head -n 5 | tr -d '\n')"
    [ "$extra" -le $((250 * pages)) ] || fail "$1 ($2): $extra characters outside the structure on $pages pages"
    [ -s struct.chars ] || fail "$1: the structure has no text"
}

t_reading_order_is_the_visual_order() {
    need pdftotext poppler-utils || return
    build_all_kinds || return
    for mode in docs pdfa; do
        for kind in $(kinds); do
            same_order "$mode/$kind" -raw
        done
        # poppler's own order (its layout analysis) for a convention and the
        # certificates; in the adult's convention it reads a line of
        # checkboxes out of order, which -raw above checks.
        for kind in $(kinds | sed -n '6p;8,9p'); do
            same_order "$mode/$kind"
        done
    done
}

t_catalog_language_title_tooltips() {
    need qpdf qpdf || return
    build_all_kinds || return
    for mode in docs pdfa; do
        for kind in $(kinds); do
            pdf=$mode/$kind
            check_pdf_structure "$pdf"
            qpdf --show-object=trailer "$pdf" > trailer.txt 2>&1
            root=$(sed -n 's/.*\/Root \([0-9]*\) 0 R.*/\1/p' trailer.txt)
            qpdf --show-object="$root" "$pdf" > catalog.txt 2>&1
            for entry in '/MarkInfo << /Marked true >>' '/Lang (fr-FR)' '/StructTreeRoot [0-9]* 0 R' \
                '/ViewerPreferences << /DisplayDocTitle true >>'; do
                grep -q "$entry" catalog.txt || fail "$pdf: no $entry in the catalog: $(head -c 300 catalog.txt)"
            done
            pdfinfo "$pdf" | grep -q '^Title: *[^ ]' || fail "$pdf: no title"
        done
        # The bilingual convention's English.
        qpdf --qdf --object-streams=disable "$mode/$(kinds | sed -n 7p)" qdf.pdf 2> /dev/null
        [ "$(grep -ac '/Lang (en)' qdf.pdf)" -ge 10 ] || fail "$mode: the English parts lack /Lang (en)"
        # PDF/A: the XMP says the title too.
        [ "$mode" = pdfa ] && { qpdf --qdf --object-streams=disable "pdfa/$(kinds | sed -n 5p)" qdf.pdf 2> /dev/null
            grep -aq '<dc:title>' qdf.pdf || fail "pdfa: no dc:title in the XMP"; }
        # Tooltips name the signatory.
        qpdf --json --json-key=acroform "$mode/$(kinds | sed -n 6p)" > acroform.json 2> /dev/null
        for tip in 'Signature du stagiaire' 'Signature pour l.organisme d.accueil' \
            'Signature de l.enseignant\|Signature de l.enseignante' 'Signature du tuteur\|Signature de la tutrice' \
            'Signature du représentant légal'; do
            grep -q "\"alternativename\": \"$tip" acroform.json || fail "$mode: no field tooltip « $tip »"
        done
    done
}

t_same_input_same_bytes_tagged() {
    for run in 1 2; do
        for flag in "" --pdfa; do
            "$STAGEDOC" build $flag --quiet -o "run$run$flag" "$SAMPLES/scolaire-mineur.xml" \
                "$SAMPLES/apprentissage.xml" > out 2> err || fail "build $run $flag: $(head -n 2 err)"
        done
    done
    same_tree run1 run2
    same_tree run1--pdfa run2--pdfa
    grep -aq '/StructTreeRoot' run1/*/convention.pdf 2> /dev/null ||
        qpdf --qdf run1/*/convention.pdf - 2> /dev/null | grep -aq '/StructTreeRoot' ||
        fail "the default convention is not tagged"
}

t_tagged_fields_still_sign() {
    need pdfsig poppler-utils && need certutil libnss3-tools && need mutool mupdf-tools || return
    make_nss || { fail "no NSS database"; return; }
    add_signer tuteur "Tuteur de test" 2 && add_signer stagiaire "Stagiaire de test" 3 ||
        { fail "no signer"; return; }
    openssl req -x509 -newkey rsa:2048 -nodes -keyout k.pem -out c.pem -days 2 -subj "/CN=Mutool" \
        > /dev/null 2>&1 && openssl pkcs12 -export -inkey k.pem -in c.pem -passout pass:x -out m.p12 \
        > /dev/null 2>&1 || { fail "openssl could not make a signer for mutool"; return; }
    for flag in "" --pdfa; do
        rm -rf docs
        "$STAGEDOC" build $flag --only convention --quiet -o docs "$SAMPLES/scolaire-majeur.xml" > out 2> err ||
            { fail "build $flag: $(head -n 2 err)"; continue; }
        cp docs/*/convention.pdf convention.pdf
        sign tuteur tuteur convention.pdf signed-1.pdf
        sign stagiaire stagiaire signed-1.pdf signed-2.pdf
        pdfsig -nssdir sql:nss signed-2.pdf > signed.sig 2> /dev/null
        [ "$(grep -c 'Signature Validation: Signature is Valid\.' signed.sig)" = 2 ] ||
            fail "$flag: not two valid signatures: $(grep Validation signed.sig | tr '\n' '|')"
        qpdf --check signed-2.pdf > qpdf.out 2>&1 || fail "$flag: qpdf --check fails on the signed copy"
        pdfinfo -struct-text signed-2.pdf 2> /dev/null | grep -q '^ *Form' ||
            fail "$flag: the signed copy lost its structure"
        field=$(qpdf --json --json-key=acroform convention.pdf | awk '
            $1 == "\"fullname\":" { found = ($2 == "\"tuteur\"," || $2 == "\"tuteur\"") }
            $1 == "\"object\":" && found { gsub(/[",]/, "", $2); print $2; exit }')
        mutool sign -s m.p12 -P x -o mutool.pdf convention.pdf "$field" > mutool.out 2>&1 ||
            fail "$flag: mutool sign failed: $(head -n 2 mutool.out)"
        pdfsig mutool.pdf > mutool.sig 2> /dev/null
        grep -q 'Signature Validation: Signature is Valid\.' mutool.sig ||
            fail "$flag: mutool's signature is not valid: $(grep Validation mutool.sig | tr '\n' '|')"
        mutool sign -v mutool.pdf > verify.out 2>&1
        grep -q 'The document is unchanged since signing' verify.out ||
            fail "$flag: mutool does not verify its signature: $(head -n 4 verify.out | tr '\n' '|')"
    done
}

# The text of the structure, characters joined (spaces, no-break spaces
# and hyphens left out), of $1.
joined_structure() { structure_of "$1"; chars < struct.text | tr -d '\n'; }

t_checkboxes_say_their_state() {
    need pdfinfo poppler-utils || return
    build_all_kinds || return
    sed 's|<nuit>non</nuit>|<nuit>oui</nuit>|' "$SAMPLES/scolaire-majeur.xml" > nuit.xml
    "$STAGEDOC" build --only convention --quiet -o nuit nuit.xml > out 2> err ||
        { fail "build nuit.xml: $(head -n 2 err)"; return; }
    "$STAGEDOC" build --pdfa --only convention --quiet -o nuit-pdfa nuit.xml > out 2> err ||
        { fail "build --pdfa nuit.xml: $(head -n 2 err)"; return; }
    # The levels ticked in ET27-014's grid (promotion-2027.xml).
    ticked=$(awk '/<stage id=/ { on = /id="ET27-014"/ } on && /<niveau / { n++ } END { print n + 0 }' \
        "$SAMPLES/promotion-2027.xml")
    [ "$ticked" -gt 0 ] || { fail "no level in ET27-014's evaluation"; return; }
    for mode in docs pdfa; do
        # The convention's oui/non, in the text where the boxes are.
        joined_structure "$mode/$(kinds | sed -n 5p)" > joined.txt
        grep -q 'Présencedenuit:☐oui☒non\.Présenceledimancheouunjourférié:☐oui☒non\.' joined.txt ||
            fail "$mode: the convention's boxes: $(grep -o 'Présencedenuit.\{0,60\}' joined.txt)"
        nuit=nuit; [ "$mode" = pdfa ] && nuit=nuit-pdfa
        joined_structure "$(ls $nuit/*/convention.pdf)" > joined.txt
        grep -q 'Présencedenuit:☒oui☐non\.' joined.txt ||
            fail "$mode: night work ticked: $(grep -o 'Présencedenuit.\{0,30\}' joined.txt)"
        # A grid with levels: one ☒ a criterion, followed by its weight, the three others ☐.
        grid=$(ls $mode/ET27-014_*/grille-*.pdf)
        structure_of "$grid"
        [ "$(grep -c '^☒$' struct.text)" = "$ticked" ] ||
            fail "$grid: $(grep -c '^☒$' struct.text) levels ticked in the structure, not $ticked"
        [ "$(grep -c '^☐$' struct.text)" = $((3 * ticked)) ] ||
            fail "$grid: $(grep -c '^☐$' struct.text) boxes not ticked, not $((3 * ticked))"
        [ "$(grep -A 1 '^☒$' struct.text | grep -c '^ [0-9],*[0-9]*$')" = "$ticked" ] ||
            fail "$grid: a ticked level without its weight after it: $(grep -A 1 '^☒$' struct.text | head -n 4 | tr '\n' '|')"
        [ "$(grep -A 1 '^☐$' struct.text | grep -c '^ [0-9]')" = 0 ] || fail "$grid: a weight after an empty box"
        # The boxes are in the page text too, in the same order (the Span's ActualText).
        [ "$(pdftotext -raw "$grid" - | grep -o '☐\|☒' | tr -d '\n')" = "$(grep -o '☐\|☒' struct.text | tr -d '\n')" ] ||
            fail "$grid: pdftotext's boxes are not the structure's"
        # A grid without levels: boxes, none ticked.
        structure_of "$mode/$(kinds | sed -n 1p)"
        grep -q '^☐$' struct.text && ! grep -q '☒' struct.text || fail "$mode: the empty grid's boxes"
        # The Span and its ActualText, UTF-16BE.
        qpdf --qdf --object-streams=disable "$grid" qdf.pdf 2> /dev/null
        grep -aiq '^/Span <</MCID [0-9]* /ActualText <FEFF2612>>> BDC$' qdf.pdf ||
            fail "$grid: no /Span with /ActualText <FEFF2612>"
    done
}

# The rows of the structure's tables, one line a TR: its cells, tab
# separated, "TD:alt" ("TH*7:" for a header cell spanning 7 columns).
table_rows() {
    qpdf --json --json-key=qpdf "$1" | python3 -c '
import json, sys
objects = {}
for entry in json.load(sys.stdin)["qpdf"][1:]:
    for key, value in entry.items():
        objects[key[4:]] = value.get("value")
def get(ref):
    return objects.get(ref) if isinstance(ref, str) and ref.endswith(" R") else ref
def kids(element):
    k = element.get("/K")
    return [get(x) for x in (k if isinstance(k, list) else [k]) if isinstance(get(x), dict) and "/S" in get(x)]
def alt(cell):
    a = cell.get("/Alt", "")
    return a[2:] if a[:2] in ("u:", "b:") else ""
def walk(element):
    if element.get("/S") == "/TR":
        cells = []
        for cell in kids(element):
            span = cell.get("/A", {}).get("/ColSpan", 1) if isinstance(cell.get("/A"), dict) else 1
            cells.append("%s%s:%s" % (cell["/S"][1:], "*%d" % span if span != 1 else "", alt(cell)))
        print("\t".join(cells))
        return
    for kid in kids(element):
        walk(kid)
walk(next(v for v in objects.values() if isinstance(v, dict) and v.get("/Type") == "/StructTreeRoot"))'
}

t_planning_cells_say_their_state() {
    need qpdf qpdf && need python3 python3 || return
    build_all_kinds || return
    for mode in docs pdfa; do
        planning=$mode/promotion-2027-planning.pdf
        table_rows "$planning" > rows.txt || { fail "$planning: no structure read"; continue; }
        # The weeks' header: the names' column, then nine weeks of seven days.
        sed -n 1p rows.txt | grep -q "^TH:$(printf '\tTH\*7:%.0s' 1 2 3 4 5 6 7 8 9)\$" ||
            fail "$planning: the weeks' header cells do not span their days: $(sed -n 1p rows.txt | head -c 200)"
        # The days' header: each day's date, holidays said.
        sed -n 2p rows.txt | tr '\t' '\n' > days.txt
        [ "$(wc -l < days.txt)" = 64 ] || fail "$planning: $(wc -l < days.txt) cells in the days' header"
        sed -n 2p days.txt | grep -qx 'TH:lundi 3 mai 2027' || fail "$planning: the first day: $(sed -n 2p days.txt)"
        sed -n 16p days.txt | grep -qx 'TH:lundi 17 mai 2027 (jour férié)' || fail "$planning: Whit Monday: $(sed -n 16p days.txt)"
        # The first student's row (ABADIE-LAFFARGUE Thomas, 18 May to 25 June,
        # evaluated the last week): their name (a row header), then one cell
        # over the 63 days whose /Alt says them in a sentence; the days
        # themselves are artifacts.
        sed -n 3p rows.txt | tr '\t' '\n' > row.txt
        [ "$(wc -l < row.txt)" = 2 ] || fail "$planning: $(wc -l < row.txt) cells in a student's row"
        sed -n 1p row.txt | grep -qx 'TH:' || fail "$planning: the student's name cell: $(sed -n 1p row.txt)"
        sed -n 2p row.txt | grep -q '^TD\*63:stage du mardi 18 mai au vendredi 25 juin 2027 ; ' ||
            fail "$planning: the first row's days: $(sed -n 2p row.txt)"
        for said in "semaine d'évaluation du 21 au 25 juin" 'visite le ' 'rapport à rendre le 18 juin'; do
            sed -n 2p row.txt | grep -qF "$said" || fail "$planning: the first row does not say « $said »"
        done
        # Holidays are said for the students whose period holds them only:
        # not the first (from 18 May), but those from 3 May.
        sed -n 2p row.txt | grep -q 'férié' && fail "$planning: the first row names holidays outside its period"
        grep -qF 'stage du lundi 3 mai au vendredi 25 juin 2027 ; jours fériés : jeudi 6 mai, samedi 8 mai, lundi 17 mai' rows.txt ||
            fail "$planning: no row from 3 May names its holidays"
        # Every student's row is two cells: no day is in the structure.
        [ "$(sed -n '3,$p' rows.txt | awk -F '\t' 'NF != 2' | wc -l)" = 0 ] ||
            fail "$planning: a student's row is not its name and one cell: $(sed -n '3,$p' rows.txt | awk -F '\t' 'NF != 2' | head -n 1 | head -c 200)"
        grep -q 'TD\*63:hors stage' rows.txt || fail "$planning: no row « hors stage »"
    done
}

TESTS="structure_follows_the_layout_tree reading_order_is_the_visual_order
catalog_language_title_tooltips same_input_same_bytes_tagged tagged_fields_still_sign
checkboxes_say_their_state planning_cells_say_their_state"

run_tests tagged "$TESTS"
