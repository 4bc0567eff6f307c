# build.sh (sourced by hostile.sh) — what `check` accepts, `build` can do:
# texts longer than the documents can print and counts of repeated
# elements beyond what they can lay out are refused by `check` and `build`
# alike, naming the field and its maximum; a stage with every field at its
# maximum builds within the bounds; a logo beyond the pixel budget, or a
# FIFO named as a logo, is refused from its header without decoding it.

# at_max OUT: scolaire-majeur.xml with every text at the maximum the schema
# allows (names 80, short texts 200, free texts 1000 characters) and 60
# activities of 1000 characters.
at_max() {
    python3 - "$SAMPLES/scolaire-majeur.xml" "$1" <<'PY'
import re, sys
src = open(sys.argv[1], encoding='utf-8').read()
def words(n, word='Électrotechnique'):
    text = (word + ' ') * (n // (len(word) + 1) + 1)
    return text[:n - 1] + 'x'
name, short, free = 'M' * 80, words(200), words(1000)
for tag in ('nom', 'prenom'):
    src = re.sub(r'(<%s>)[^<]*(</%s>)' % (tag, tag), r'\g<1>%s\g<2>' % name, src)
for tag in ('raison-sociale', 'ligne', 'ville', 'academie'):
    src = re.sub(r'(<%s>)[^<]*(</%s>)' % (tag, tag), r'\g<1>%s\g<2>' % short, src)
for attr in ('fonction', 'discipline', 'compagnie', 'titre', 'source', 'lien', 'intitule'):
    src = re.sub(r'(%s=")[^"]*(")' % attr, r'\g<1>%s\g<2>' % short, src)
for tag in ('avantages', 'modalites', 'appreciation'):
    src = re.sub(r'(<%s>)[^<]*(</%s>)' % (tag, tag), r'\g<1>%s\g<2>' % free, src, flags=re.S)
acts = ''.join('<activite domaine="maintenance">%s</activite>\n' % free for _ in range(60))
src = re.sub(r'<activites>.*?</activites>', '<activites>' + acts + '</activites>', src, flags=re.S)
open(sys.argv[2], 'w', encoding='utf-8').write(src)
PY
}

# refused_by_check_and_build WHAT PATTERN: stage.xml refused alike by
# `check` and by `build`, which writes nothing.
refused_by_check_and_build() {
    run check stage.xml
    refused "check, $1" "$2"
    run build -o docs stage.xml
    refused "build, $1" "$2"
    [ -z "$(ls -A docs 2> /dev/null)" ] || fail "build wrote $(ls -A docs | head -n 1)"
}

t_hostile_build_long_name_refused() {
    cp -R "$SAMPLES/rapports" "$SAMPLES/anglais" .
    python3 -c "
import sys
s = open('$SAMPLES/scolaire-majeur.xml', encoding='utf-8').read()
open('stage.xml', 'w', encoding='utf-8').write(s.replace('<nom>Marchand</nom>', '<nom>' + 'M' * 1000000 + '</nom>'))"
    refused_by_check_and_build "1 MB <nom>" \
        'stage.xml:[0-9]+:[0-9]+: erreur: \[schema\].*<nom> : le texte fait 1000000 caractères, au-delà du maximum de 80.*raccourcissez'
}

t_hostile_build_many_activities_refused() {
    cp -R "$SAMPLES/rapports" "$SAMPLES/anglais" .
    python3 -c "
s = open('$SAMPLES/scolaire-majeur.xml', encoding='utf-8').read()
acts = '<activite domaine=\"maintenance\">a</activite>\\n' * 300000
open('stage.xml', 'w', encoding='utf-8').write(s.replace('<activites>', '<activites>' + acts))"
    refused_by_check_and_build "300,000 activities" \
        'stage.xml:[0-9]+:[0-9]+: erreur: \[limites\].*<activite> : 300004 activités, au-delà du maximum de 60.*À faire'
}

t_hostile_build_every_field_at_max() {
    cp -R "$SAMPLES/rapports" "$SAMPLES/anglais" .
    at_max stage.xml || { fail "cannot make the stage"; return; }
    run check stage.xml
    [ "$RC" = 0 ] || fail "check refused the largest stage: $(grep erreur err | head -c 300)"
    run build -o docs stage.xml
    [ "$RC" = 0 ] || fail "build of the largest stage: exit $RC: $(grep erreur err | head -c 300)"
    bounded "every field at its maximum"
    [ "$(find docs -name '*.pdf' | wc -l)" -ge 4 ] || fail "documents missing: $(find docs -type f)"
    [ -z "$(ls -A tmpdir 2> /dev/null)" ] || fail "left files in \$TMPDIR"
}

# big_png FILE W H: a valid PNG of W × H black pixels, small once deflated.
big_png() {
    python3 - "$@" <<'PY'
import struct, sys, zlib
path, w, h = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
def chunk(kind, data):
    return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data))
deflate = zlib.compressobj(9)
row = b'\0' * (1 + w)
data = b''.join(deflate.compress(row) for _ in range(h)) + deflate.flush()
open(path, 'wb').write(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 0, 0, 0, 0))
                       + chunk(b'IDAT', data) + chunk(b'IEND', b''))
PY
}

with_logo() { # logo-file stage-out
    sed "s|<formation intitule|<logo fichier=\"$1\"/><formation intitule|" \
        "$SAMPLES/scolaire-majeur.xml" > "$2"
}

t_hostile_build_huge_logo_refused() {
    cp -R "$SAMPLES/rapports" "$SAMPLES/anglais" .
    big_png logo.png 8000 8000 && with_logo logo.png stage.xml || { fail "cannot make the logo"; return; }
    run build -o docs stage.xml
    refused "64-megapixel logo" \
        'erreur: \[convention\].*image trop grande : \./logo\.png fait 8000 × 8000 pixels \(64,0 mégapixels\), au-delà de la limite de 25 mégapixels\. À faire : réduisez'
    [ ! -e docs/*/convention.pdf ] || fail "a convention was written"
}

t_hostile_build_fifo_logo_refused() {
    cp -R "$SAMPLES/rapports" "$SAMPLES/anglais" .
    mkfifo logo.png && with_logo logo.png stage.xml || { fail "cannot make the FIFO"; return; }
    run build -o docs stage.xml
    refused "FIFO logo" "erreur: \[convention\].*image \./logo\.png : ce n'est pas un fichier ordinaire"
}

TESTS="$TESTS hostile_build_long_name_refused hostile_build_many_activities_refused"
TESTS="$TESTS hostile_build_every_field_at_max hostile_build_huge_logo_refused hostile_build_fifo_logo_refused"
