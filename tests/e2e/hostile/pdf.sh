# hostile/pdf.sh — handed-in PDFs and packages that cost too much (#22):
# decompression and object bombs, a page tree of 200,000 pages, ZIPs of
# 65,000 entries, a manifest that names one entry 20,000 times, pipes where
# files are expected, control characters in entry names, and a large legal
# package that verify must stream. Sourced by tests/e2e/hostile.sh (run,
# refused, mkzip, bounded come from there).

# pdf_tool SCRIPT...: python3 with pdf(objects) -> bytes (objects numbered
# from 1, a classic xref table) and write(name, bytes) defined.
pdf_tool() {
    python3 -c "
import sys, zlib, struct
def pdf(objs):
    out = bytearray(b'%PDF-1.7\n'); offs = []
    for i, o in enumerate(objs, 1):
        offs.append(len(out)); out += b'%d 0 obj\n' % i + o + b'\nendobj\n'
    x = len(out)
    out += b'xref\n0 %d\n0000000000 65535 f \n' % (len(objs) + 1)
    for o in offs: out += b'%010d 00000 n \n' % o
    return bytes(out + b'trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n' % (len(objs) + 1, x))
def write(name, data): open(name, 'wb').write(data)
CATALOG = b'<< /Type /Catalog /Pages 2 0 R >>'
PAGE = b'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>'
$1"
}

# report_stage PDF: stage.xml, the sample whose report is PDF.
report_stage() {
    cp "$SAMPLES/scolaire-mineur.xml" . && cp -R "$SAMPLES/rapports" "$SAMPLES/anglais" .
    sed "s|rapports/rapport-exemple.pdf|$1|" scolaire-mineur.xml > stage.xml
}

# A content stream Flate-encoded twice: 1.7 KB that inflate to 80 MiB.
t_hostile_pdf_twice_deflated() {
    pdf_tool "
c = zlib.compressobj(1)
once = b''.join([c.compress(bytes(1 << 20)) for _ in range(80)] + [c.flush()])
twice = zlib.compress(once, 9)
write('twice.pdf', pdf([CATALOG, b'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    b'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>',
    b'<< /Length %d /Filter [/FlateDecode /FlateDecode] >>\nstream\n' % len(twice) + twice + b'\nendstream']))"
    run signatures twice.pdf
    refused "signatures twice.pdf" "^twice.pdf: erreur: \[pdf\] .*décompressent en plus de 64 Mio.*À faire"
    report_stage twice.pdf
    run bundle -o pk stage.xml
    refused "bundle twice.pdf" "rapport.*twice.pdf.*décompressent en plus de 64 Mio.*À faire"
    [ -z "$(find pk -name '*.zip' 2> /dev/null)" ] || fail "bundle twice.pdf: a package was written"
}

# An object stream of 16 KB holding one array of 8 million elements, on the
# page tree's path (an xref stream points there).
t_hostile_pdf_object_stream_array() {
    pdf_tool "
body = b'5 0 [' + b'0 ' * 8000000 + b']'
objstm = zlib.compress(body, 9)
objs = [CATALOG, b'<< /Type /Pages /Kids [3 0 R] /Count 1 /Extra 5 0 R >>', PAGE,
        b'<< /Type /ObjStm /N 1 /First 4 /Length %d /Filter /FlateDecode >>\nstream\n' % len(objstm)
        + objstm + b'\nendstream']
out = bytearray(b'%PDF-1.7\n'); offs = {}
for i, o in enumerate(objs, 1):
    offs[i] = len(out); out += b'%d 0 obj\n' % i + o + b'\nendobj\n'
offs[6] = len(out)
rows = b''.join(struct.pack('>BIH', 1, offs[i], 0) if i in offs else
                struct.pack('>BIH', 2, 4, 0) if i == 5 else struct.pack('>BIH', 0, 0, 65535)
                for i in range(7))
data = zlib.compress(rows)
out += b'6 0 obj\n<< /Type /XRef /Size 7 /W [1 4 2] /Root 1 0 R /Length %d /Filter /FlateDecode >>\nstream\n' % len(data)
out += data + b'\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n' % offs[6]
write('objstm.pdf', out)"
    run signatures objstm.pdf
    refused "signatures objstm.pdf" "^objstm.pdf: erreur: \[pdf\] .*(objets élémentaires|flux d'objets).*À faire"
}

# 200,000 pages in 3 KB: a root whose 500 kids are one node of 400 kids that
# are all the same page (its /Count lies, so the walk must count).
t_hostile_pdf_many_pages() {
    pdf_tool "
write('pages.pdf', pdf([CATALOG, b'<< /Type /Pages /Kids [' + b'4 0 R ' * 500 + b'] /Count 1 >>',
    b'<< /Type /Page /Parent 4 0 R /MediaBox [0 0 595 842] >>',
    b'<< /Type /Pages /Parent 2 0 R /Kids [' + b'3 0 R ' * 400 + b'] /Count 1 >>']))"
    run signatures pages.pdf
    refused "signatures pages.pdf" "^pages.pdf: erreur: \[pdf\] .*plus de 10 000 pages.*À faire"
    report_stage pages.pdf
    run bundle -o pk stage.xml
    refused "bundle pages.pdf" "rapport.*pages.pdf.*plus de 10 000 pages.*À faire"
}

# A ZIP of 65,000 entries (its names were once compared pairwise: 26 s).
t_hostile_verify_many_entries() {
    python3 -c "
import zipfile
with zipfile.ZipFile('many.zip', 'w') as z:
    for i in range(65000):
        z.writestr('e%05d.pdf' % i, b'')"
    run verify many.zip
    refused "verify many.zip" "^many.zip: erreur: \[zip\] le paquet compte 65000 entrées, au-delà de 1000.*À faire"
}

# bundle_sample: pk/*.zip (and pk/index.tsv) from the major sample, and x/
# its contents.
bundle_sample() {
    run bundle -o pk "$SAMPLES/scolaire-majeur.xml"
    [ "$RC" = 0 ] || { fail "bundle of the sample: exit $RC: $(head -n 3 err)"; return 1; }
    mkdir x && (cd x && unzip -q ../pk/*.zip)
}

# manifest_repeating COUNT: x/manifest.xml with its report entry COUNT times more.
manifest_repeating() {
    python3 -c "
import re
text = open('x/manifest.xml').read()
entry = re.search(r'\s*<entree role=\"rapport\"[^>]*/>', text).group(0)
open('manifest.xml', 'w').write(text.replace(entry, entry * ($1 + 1), 1))"
}

# A manifest naming the report 20,000 times: refused at once; 900 times:
# one problem, and the report read once (each listing used to re-read it).
t_hostile_verify_manifest_repeats() {
    bundle_sample || return
    manifest_repeating 20000 && cp pk/*.zip many.zip && 7z a many.zip manifest.xml > /dev/null ||
        { fail "cannot make the package"; return; }
    run verify many.zip
    refused "verify, 20,000 repeats" "^many.zip: erreur: \[manifeste\] le manifeste cite 2[0-9]{4} entrées, au-delà de 1000"
    manifest_repeating 900 && cp pk/*.zip some.zip && 7z a some.zip manifest.xml > /dev/null ||
        { fail "cannot make the package"; return; }
    run verify some.zip
    refused "verify, 900 repeats" "« rapport.pdf » figure plusieurs fois au manifeste"
    [ "$(grep -c 'plusieurs fois' err)" = 1 ] || fail "900 repeats: $(grep -c 'plusieurs fois' err) problems, expected 1"
}

# Pipes where a report, a package or an index is expected: refused, never
# waited on.
t_hostile_pdf_fifos() {
    mkfifo report.pdf package.zip
    report_stage report.pdf
    run bundle -o pk stage.xml
    refused "bundle, report a FIFO" "report.pdf.*pas un fichier ordinaire.*À faire"
    run signatures report.pdf
    refused "signatures, a FIFO" "^report.pdf: erreur: \[fichier\] ce n'est pas un fichier ordinaire"
    run verify package.zip
    refused "verify, package a FIFO" "^package.zip: erreur: \[fichier\] ce n'est pas un fichier ordinaire.*À faire"
    bundle_sample || return
    rm pk/index.tsv && mkfifo pk/index.tsv
    run verify pk/*.zip
    refused "verify, index.tsv a FIFO" "erreur: \[index\] pk/index.tsv n'est pas un fichier ordinaire.*À faire"
}

# Names holding CR and LF, in the ZIP (with an é, so that it is UTF-8 and
# libzip does not read it as CP437; libzip itself refuses an escape
# character there) and in the manifest: shown escaped, so that they cannot
# forge lines of stagedoc's own output.
t_hostile_verify_control_names() {
    bundle_sample || return
    python3 -c "
import zipfile, re
text = open('x/manifest.xml').read()
text = text.replace('nom=\"rapport.pdf\"', 'nom=\"r&#13;&#10;forged: ok.pdf\"', 1)
with zipfile.ZipFile('names.zip', 'w') as z:
    z.writestr('manifest.xml', text)
    z.writestr('\xe9\r\nforged: ok.pdf', open('x/rapport.pdf', 'rb').read())"
    run verify names.zip
    refused "verify, control characters in an entry's name" 'é\\x0D\\x0Aforged: ok.pdf'
    grep -q 'r\\x0D\\x0Aforged: ok.pdf' err ||
        fail "the manifest's name is not shown escaped: $(grep manque err | head -n 1)"
    ! grep -q "$(printf '\r')" err || fail "a carriage return reached stderr"
    ! grep -q '^forged' err || fail "a line was forged on stderr"
}

# A legal package of 180 MB (three English documents of 60 MB, a stream no
# page uses): verify reads it a piece at a time, within 256 MiB.
t_hostile_verify_large_package() {
    cp "$SAMPLES/scolaire-majeur.xml" stage.xml && cp -R "$SAMPLES/rapports" "$SAMPLES/anglais" .
    for document in anglais/*.pdf; do
        pdf_tool "
write('$document', pdf([CATALOG, b'<< /Type /Pages /Kids [3 0 R] /Count 1 >>', PAGE,
    b'<< /Length %d >>\nstream\n' % (60 << 20) + bytes(60 << 20) + b'\nendstream']))"
    done
    "$STAGEDOC" bundle -o pk stage.xml > /dev/null 2>&1 || { fail "bundle of the large package failed"; return; }
    run verify pk/*.zip
    [ "$RC" = 0 ] || fail "verify of a large package: exit $RC: $(head -n 3 err)"
    bounded "verify of a 180 MB package"
}

TESTS="$TESTS hostile_pdf_twice_deflated hostile_pdf_object_stream_array hostile_pdf_many_pages"
TESTS="$TESTS hostile_verify_many_entries hostile_verify_manifest_repeats hostile_pdf_fifos"
TESTS="$TESTS hostile_verify_control_names hostile_verify_large_package"
