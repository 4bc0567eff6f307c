# hostile/xml.sh — XML inputs made to cost time or memory (sourced by
# hostile.sh): files on one line (positions are counted once, not per
# element), floods of schema errors (the first 50 said, the rest counted),
# a holidays file of 100,000 regions, millions of empty elements, 100,000
# attributes on one element, deep nesting, --commun files that are too
# large, declare entities or are FIFOs, and FIFOs as the stage file.

# cpu_seconds FILE: the user time of `check FILE`, steadier than elapsed
# time on a loaded machine.
cpu_seconds() {
    /usr/bin/time -f "%U" -o cpu.out "$STAGEDOC" check "$1" > /dev/null 2>&1
    tail -n 1 cpu.out
}

# A promotion on one line costs what it costs with its line breaks (it was
# 5 times more, quadratic in the line's length): within 2 times the CPU
# time, and within the bounds.
t_hostile_xml_one_line_promotion() {
    sh "$ROOT/tests/make-promotion.sh" 2300 > lines.xml && tr -d '\n' < lines.xml > one-line.xml
    sed -i 's|rapports/|'"$SAMPLES"'/rapports/|g; s|anglais/|'"$SAMPLES"'/anglais/|g' lines.xml one-line.xml
    run check one-line.xml
    [ "$RC" = 0 ] || fail "one-line promotion: exit $RC: $(grep erreur err | head -n 2)"
    bounded "one-line promotion"
    with_lines=$(cpu_seconds lines.xml) one_line=$(cpu_seconds one-line.xml)
    awk -v a="$one_line" -v b="$with_lines" 'BEGIN { exit !(a <= 2 * b + 0.3) }' ||
        fail "one-line promotion: $one_line s of CPU, against $with_lines s with its line breaks"
    true
}

t_hostile_xml_one_line_referentiel() {
    cp -R "$ROOT/templates" modeles
    python3 - modeles/referentiel/referentiel.xml <<'PY'
import sys
path = sys.argv[1]
text = open(path, encoding="utf-8").read()
notes = "".join('<note n="%d">x</note>' % i for i in range(150000))
open(path, "w", encoding="utf-8").write(text.replace("</referentiel>", notes + "</referentiel>").replace("\n", " "))
PY
    run check --templates modeles "$SAMPLES/scolaire-majeur.xml"
    [ "$RC" = 0 ] || fail "one-line référentiel: exit $RC: $(grep erreur err | head -n 2)"
    bounded "one-line référentiel"
}

t_hostile_xml_schema_error_flood() {
    python3 - "$SAMPLES/scolaire-majeur.xml" <<'PY' > flood.xml
import sys
text = open(sys.argv[1], encoding="utf-8").read()
bad = '<activite domaine="x">a</activite>' * 64000
sys.stdout.write(text.replace("<activites>", "<activites>" + bad, 1))
PY
    run check flood.xml
    refused "64,000 schema errors" 'flood.xml: erreur: \[schema\] … et 63.{1,3}950 autres erreurs de schéma non affichées'
    [ "$(grep -c 'erreur: \[schema\]' err)" = 51 ] || fail "schema errors said: $(grep -c 'erreur: \[schema\]' err), expected 50 and the count"
}

t_hostile_xml_many_holiday_regions() {
    cp -R "$ROOT/templates" modeles
    awk 'BEGIN { for (i = 0; i < 100000; i++) printf "region-%d\t05-0%d\tFête %d\n", i, i % 9 + 1, i }' \
        >> modeles/calendrier/jours-feries.tsv
    run check --templates modeles --region region-99999 "$SAMPLES/scolaire-majeur.xml"
    [ "$RC" = 0 ] || fail "100,000 regions: exit $RC: $(head -n 2 err)"
    bounded "100,000 regions"
    run check --templates modeles --region bretagne "$SAMPLES/scolaire-majeur.xml"
    refused "unknown region among 100,000" 'région « bretagne » inconnue ; régions connues : metropole, .* et 99987 autres' 2
    [ "$(wc -c < err)" -lt 2000 ] || fail "unknown region: the message lists every region"
}

t_hostile_xml_empty_elements() {
    python3 -c 'import sys; sys.stdout.write("<promotion version=\"1\"><classe>" + "<a/>" * 3300000 + "</classe></promotion>\n")' > empty.xml
    run check empty.xml
    refused "3.3 million empty elements" '^empty.xml:1:[0-9]+: erreur: \[elements\] le fichier a plus de 1.{1,3}048.{1,3}576 éléments XML.*À faire'
}

t_hostile_xml_many_attributes() {
    python3 -c 'import sys; sys.stdout.write("<stage version=\"1\">\n  <x " + " ".join("a%d=\"1\"" % i for i in range(100000)) + "/>\n</stage>\n")' > attributes.xml
    run check attributes.xml
    refused "100,000 attributes" '^attributes.xml:2:3: erreur: \[attributs\] cette balise a plus de 64 attributs.*À faire'
}

t_hostile_xml_deep_nesting() {
    python3 -c 'import sys; sys.stdout.write("<stage version=\"1\">" + "<a>" * 10000 + "</a>" * 10000 + "</stage>\n")' > deep.xml
    run check deep.xml
    refused "10,000 levels" '^deep.xml:1:[0-9]+: erreur: \[profondeur\] <a> est imbriqué sur plus de 32 niveaux.*À faire'
}

t_hostile_xml_commun_over_size() {
    truncate -s 40M commun.xml
    run check --commun commun.xml "$SAMPLES/classe.csv"
    refused "--commun of 40 MB" '^commun.xml: erreur: \[taille\] le fichier fait 40.0 Mio, au-delà de la limite de 16.0 Mio'
}

t_hostile_xml_commun_with_a_dtd() {
    printf '<?xml version="1.0"?>\n<!DOCTYPE promotion [\n<!ENTITY a "aaaaaaaaaa">\n<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">\n]>\n<promotion version="1"><classe>&b;</classe></promotion>\n' > commun.xml
    run check --commun commun.xml "$SAMPLES/classe.csv"
    refused "--commun with a DTD" '^commun.xml:3:1: erreur: \[entite\] le fichier déclare l.entité « a »'
}

t_hostile_xml_fifos() {
    mkfifo stage.xml commun.xml || { fail "mkfifo"; return; }
    run check stage.xml
    refused "FIFO as the stage file" '^stage.xml: erreur: \[fichier\] ce n.est pas un fichier ordinaire'
    run check --commun commun.xml "$SAMPLES/classe.csv"
    refused "FIFO as --commun" '^commun.xml: erreur: \[fichier\] ce n.est pas un fichier ordinaire'
}

TESTS="$TESTS hostile_xml_one_line_promotion hostile_xml_one_line_referentiel hostile_xml_schema_error_flood"
TESTS="$TESTS hostile_xml_many_holiday_regions hostile_xml_empty_elements hostile_xml_many_attributes"
TESTS="$TESTS hostile_xml_deep_nesting hostile_xml_commun_over_size hostile_xml_commun_with_a_dtd hostile_xml_fifos"
