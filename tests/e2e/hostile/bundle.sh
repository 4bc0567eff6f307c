# hostile/bundle.sh — large but legal inputs of `stagedoc bundle` (#22): a
# stage whose report and English documents weigh 40 MB each is packaged
# within the bounds (256 MiB), with -j 1 and -j 2, to the same bytes.
# Sourced by tests/e2e/hostile.sh (run, bounded, fail come from there).

# padded SRC DST MB: SRC rewritten with an xref table, then an incremental
# update adding an uncompressed stream of MB megabytes (no object points at
# it: the pages stay those of SRC).
padded() {
    qpdf --object-streams=disable "$1" base.pdf && python3 -c "
import re, sys
src, dst, mb = sys.argv[1], sys.argv[2], int(sys.argv[3])
data = open(src, 'rb').read()
trailer = data[data.rfind(b'trailer'):]
size = int(re.search(rb'/Size (\d+)', trailer).group(1))
root = re.search(rb'/Root (\d+ \d+ R)', trailer).group(1)
prev = int(re.search(rb'startxref\s+(\d+)', data[-64:]).group(1))
head = b'\n%d 0 obj\n<< /Length %d >>\nstream\n' % (size, mb << 20)
tail = b'\nendstream\nendobj\n'
with open(dst, 'wb') as out:
    out.write(data + head)
    for _ in range(mb):
        out.write(bytes(1 << 20))
    out.write(tail + b'xref\n%d 1\n%010d 00000 n \ntrailer\n<< /Size %d /Root %s /Prev %d >>\nstartxref\n%d\n%%%%EOF\n'
              % (size, len(data) + 1, size + 1, root, prev, len(data) + len(head) + (mb << 20) + len(tail)))
" base.pdf "$2" "$3" && rm base.pdf
}

# Report and three English documents of 40 MB: the packages held them all,
# and the ZIP besides, in memory (some 330 MiB; 1.2 GiB for seven of 60 MB).
t_hostile_bundle_large_documents() {
    cp "$SAMPLES/scolaire-mineur.xml" stage.xml && mkdir rapports anglais
    padded "$SAMPLES/rapports/rapport-exemple.pdf" rapports/rapport-exemple.pdf 40 || { fail "cannot make the PDFs"; return; }
    for pdf in "$SAMPLES"/anglais/*.pdf; do
        padded "$pdf" "anglais/${pdf##*/}" 40 || { fail "cannot make the PDFs"; return; }
    done
    sed -e 's/id="ET27-014"/id="ET27-015"/' -e 's/02712345678/02712345679/' stage.xml > other.xml
    run bundle -j 1 -o pk1 stage.xml
    [ "$RC" = 0 ] || fail "-j 1: exit $RC: $(grep erreur err | head -n 1)"
    bounded "-j 1"
    run bundle -j 2 -o pk2 stage.xml other.xml
    [ "$RC" = 0 ] || fail "-j 2: exit $RC: $(grep erreur err | head -n 1)"
    bounded "-j 2"
    [ -z "$(ls -A tmpdir)" ] || fail "left files in \$TMPDIR: $(ls -A tmpdir | head -n 3)"
    [ "$(ls -A pk2 | grep -c '^\.')" = 0 ] || fail "a temporary left in the output folder"
    zip=$(ls pk1/*.zip)
    [ "$(wc -c < "$zip")" -gt $((160 << 20)) ] || fail "the package lacks the documents: $(wc -c < "$zip") bytes"
    cmp -s "$zip" "pk2/${zip#pk1/}" || fail "-j 1 and -j 2 give different bytes"
    unzip -tqq "$zip" > /dev/null 2>&1 || fail "the package does not test as a ZIP"
    true
}

TESTS="$TESTS hostile_bundle_large_documents"
