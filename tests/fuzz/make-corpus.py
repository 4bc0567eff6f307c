#!/usr/bin/env python3
"""make-corpus.py - writes the seed corpora of the fuzz harnesses under
tests/fuzz/corpus/NAME/ from the samples, the templates and a package made
by stagedoc, kept small so that libFuzzer mutates them quickly (its inputs
are capped at 64 KiB). Run from the repository root after `make`; the
result is committed, so the tests replay the same seeds everywhere.

Packages: the real manifest of a sample's package, with each PDF replaced
by a one-page PDF of a few hundred bytes (sizes and SHA-256 updated), plain
and AES-256 encrypted with 7z (password "motdepasse", as fuzz_zip.c)."""
import hashlib, io, os, re, shutil, subprocess, sys, tempfile, zipfile

ROOT = os.getcwd()
OUT = os.path.join(ROOT, "tests/fuzz/corpus")

def put(harness, name, data):
    folder = os.path.join(OUT, harness)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)

def read(path):
    with open(os.path.join(ROOT, path), "rb") as f:
        return f.read()

def tiny_pdf(text, signature_field=False):
    """A one-page PDF with a correct xref table (and an /AcroForm with one
    signature field, signed with a dummy dictionary, when asked)."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R%s >>" % (b" /AcroForm << /Fields [4 0 R] >>" if signature_field else b""),
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 5 0 R%s >>" % (b" /Annots [4 0 R]" if signature_field else b"")]
    if signature_field:
        objects.append(b"<< /FT /Sig /T (Tuteur) /Type /Annot /Subtype /Widget /Rect [0 0 0 0] /P 3 0 R "
                       b"/V << /Type /Sig /Name (Jeanne Martin) /M (D:20270601143000+02'00') /Reason (Lu et approuve) >> >>")
    else:
        objects.append(b"<< >>")
    stream = b"BT /F1 12 Tf 72 720 Td (" + text.encode() + b") Tj ET"
    objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()

def check_corpus():
    for folder in ("samples", "templates/squelettes", "tests/e2e/fixtures"):
        for name in sorted(os.listdir(os.path.join(ROOT, folder))):
            data = read(os.path.join(folder, name)) if name.endswith(".xml") else None
            if data and len(data) <= 65536:
                put("check", folder.replace("/", "-") + "-" + name, data)
    put("check", "entity-bomb.xml", b'<?xml version="1.0"?><!DOCTYPE s [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]><stage>&b;</stage>')
    put("check", "external-entity.xml", b'<?xml version="1.0"?><!DOCTYPE s [<!ENTITY x SYSTEM "file:///etc/passwd">]><stage>&x;</stage>')

def calendar_corpus():
    put("calendar", "dates", b"2027-01-04\n2027-02-12\n2027-05-24\n2027-06-30\n")
    put("calendar", "region", b"region=alsace-moselle\n2027-03-26\n2027-12-26\n2028-04-14\n")
    put("calendar", "table", b"2027-01-04\n2027-07-14\n--\n*\t07-14\tFete nationale\n*\tpaques+1\tLundi\n*\tpaques-2\tVendredi\n")
    put("calendar", "project-table", b"2027-05-01\n2027-05-08\n--\n" + read("templates/calendrier/jours-feries.tsv"))

def template_corpus():
    for name in sorted(os.listdir(os.path.join(ROOT, "templates/documents"))):
        put("template", name, read("templates/documents/" + name))

DATA_FILES = ["referentiel/referentiel.xml", "regles/elements-requis.tsv",
              "regles/naf-electrotechnique.tsv", "regles/parametres.tsv",
              "regles/plafond-horaire-securite-sociale.tsv", "calendrier/jours-feries.tsv"]

def data_corpus():
    for index, relative in enumerate(DATA_FILES):
        data = read("templates/" + relative)
        if len(data) < 65536:
            put("data", os.path.basename(relative), bytes([index]) + data)

def pdf_corpus():
    put("pdf", "tiny.pdf", tiny_pdf("Rapport"))
    put("pdf", "signed-field.pdf", tiny_pdf("Convention", signature_field=True))
    for path in ("samples/anglais/variable-frequency-drive.pdf", "samples/anglais/heat-pumps-schools.pdf"):
        put("pdf", os.path.basename(path), read(path))

def zip_corpus():
    work = tempfile.mkdtemp()
    env = dict(os.environ, SOURCE_DATE_EPOCH="1800000000")
    subprocess.run(["./stagedoc", "bundle", "-o", work, "samples/scolaire-majeur.xml"], check=True,
                   env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    package = [n for n in os.listdir(work) if n.endswith(".zip")][0]
    with zipfile.ZipFile(os.path.join(work, package)) as z:
        manifest = z.read("manifest.xml").decode()
        names = [n for n in z.namelist() if n != "manifest.xml"]
    pieces = {}
    for name in names:
        pdf = tiny_pdf(name, signature_field=name.startswith("convention"))
        pieces[name] = pdf
        entry = re.search(r'<entree [^>]*nom="%s"[^>]*/>' % re.escape(name), manifest).group(0)
        fixed = re.sub(r'taille="\d+"', 'taille="%d"' % len(pdf), entry)
        fixed = re.sub(r'sha256="[0-9a-f]+"', 'sha256="%s"' % hashlib.sha256(pdf).hexdigest(), fixed)
        fixed = re.sub(r'pages="\d+"', 'pages="1"', fixed)
        fixed = re.sub(r' champs-signature="\d+" signatures="\d+"',
                       ' champs-signature="1" signatures="1"' if name.startswith("convention") else "", fixed)
        manifest = manifest.replace(entry, fixed)
    folder = os.path.join(work, "pieces")
    os.makedirs(folder)
    with open(os.path.join(folder, "manifest.xml"), "w") as f:
        f.write(manifest)
    for name, pdf in pieces.items():
        with open(os.path.join(folder, name), "wb") as f:
            f.write(pdf)
    ordered = ["manifest.xml"] + names
    plain = io.BytesIO()
    with zipfile.ZipFile(plain, "w", zipfile.ZIP_DEFLATED) as z:
        for name in ordered:
            info = zipfile.ZipInfo(name, (2027, 1, 15, 8, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, read(os.path.join(folder, name)))
    put("zip", "package.zip", plain.getvalue())
    encrypted = os.path.join(work, "encrypted.zip")
    subprocess.run(["7z", "a", "-tzip", "-pmotdepasse", "-mem=AES256", encrypted] + ordered,
                   cwd=folder, check=True, stdout=subprocess.DEVNULL)
    put("zip", "package-aes.zip", read(encrypted))
    shutil.rmtree(work)

def office_zip(entries):
    """A ZIP of XML parts stored, not deflated, so that the fuzzer's
    mutations (and the dictionary's words) reach the XML itself."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as z:
        for name, text in entries:
            z.writestr(zipfile.ZipInfo(name, (2027, 1, 15, 8, 0, 0)), text)
    return out.getvalue()

XLSX_BOOK = [("xl/workbook.xml", '<workbook xmlns:r="r"><workbookPr date1904="0"/><sheets><sheet name="Classe" r:id="rId1"/>'
              '<sheet name="Stagiaires" r:id="rId2"/></sheets></workbook>'),
             ("xl/_rels/workbook.xml.rels", '<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/>'
              '<Relationship Id="rId2" Target="worksheets/sheet2.xml"/></Relationships>')]

def import_corpus():
    """Seeds that reach the shapes of issue #22: shared strings referenced by
    many cells, styles with many number formats, ODS repeats, long CSV
    lines, cells that start like formulas, control characters. The other
    seeds of corpus/import (LibreOffice's files) are made by hand."""
    classe = ('<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
              '<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2"><v>2027</v></c></row></sheetData></worksheet>')
    cells = "".join('<c t="s"><v>%d</v></c>' % (i % 6) for i in range(40))
    stagiaires = ('<worksheet><sheetData><row r="1">' + "".join('<c t="s"><v>%d</v></c>' % i for i in (3, 4, 5)) +
                  '<c t="inlineStr"><is><t>Date de naissance</t></is></c></row>' +
                  "".join('<row r="%d">%s<c r="D%d" s="1"><v>38500</v></c><c r="E%d"><f>A1+1</f></c></row>'
                          % (r, cells, r, r) for r in range(2, 12)) +
                  '</sheetData><mergeCells><mergeCell ref="A1:B1"/></mergeCells></worksheet>')
    strings = ('<sst><si><t>Champ</t></si><si><t>Valeur</t></si><si><t>Session</t></si><si><t>Nom</t></si>'
               '<si><r><t>Pr</t></r><r><t>énom</t></r><rPh><t>x</t></rPh></si><si><t xml:space="preserve">'
               + "x" * 200 + '</t></si></sst>')
    styles = ('<styleSheet><numFmts>' + "".join('<numFmt numFmtId="%d" formatCode="%s"/>' % (164 + i, "dd/mm/yyyy" if i % 2 else "0.00")
                                             for i in range(40)) +
              '</numFmts><cellXfs>' + "".join('<xf numFmtId="%d"/>' % (164 + i) for i in range(40)) + '</cellXfs></styleSheet>')
    put("import", "shared-strings.xlsx", office_zip(XLSX_BOOK + [("xl/worksheets/sheet1.xml", classe),
        ("xl/worksheets/sheet2.xml", stagiaires), ("xl/sharedStrings.xml", strings), ("xl/styles.xml", styles)]))
    row = ('<table:table-row table:number-rows-repeated="3"><table:table-cell table:number-columns-repeated="4" '
           'office:value-type="string"><text:p>x<text:s text:c="3"/>y</text:p></table:table-cell>'
           '<table:table-cell table:number-columns-spanned="2" office:value-type="float" office:value="4.5"/>'
           '<table:covered-table-cell/><table:table-cell table:number-columns-repeated="1000000000"/></table:table-row>')
    content = ('<office:document-content xmlns:office="o" xmlns:table="t" xmlns:text="x"><office:body><office:spreadsheet>'
               '<table:table table:name="Stagiaires"><table:table-header-rows><table:table-row><table:table-cell><text:p>Nom</text:p>'
               '</table:table-cell><table:table-cell><text:p>Prénom</text:p></table:table-cell></table:table-row></table:table-header-rows>'
               + row + '<table:table-row table:number-rows-repeated="1000000000"><table:table-cell/></table:table-row>'
               '</table:table></office:spreadsheet></office:body></office:document-content>')
    put("import", "repeats.ods", office_zip([("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
                                             ("content.xml", content)]))
    header = read("samples/classe.csv").split(b"\n")[0].rstrip(b"\r")
    put("import", "long-line.csv", header + b"\n" + b";".join([b"a"] * 12000) + b"\n")
    put("import", "formulas-and-controls.csv", header + b"\n" +
        b"'=HYPERLINK(\"http://x.example\");'+33 6 12 34 56 78;'@SOMME(A1);-4;\"a\x1b[2Jb\";\"12 rue\nde la Paix\"\r\n")

if __name__ == "__main__":
    for name in os.listdir(OUT) if os.path.isdir(OUT) else []:
        if name != "import": # corpus/import also holds seeds made by hand
            shutil.rmtree(os.path.join(OUT, name))
    for make in (check_corpus, calendar_corpus, template_corpus, data_corpus, pdf_corpus, zip_corpus,
                 import_corpus):
        make()
    print("corpus written to", OUT)
