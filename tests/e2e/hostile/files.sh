# files.sh — part of hostile.sh (sourced): outputs and folders that try to
# send stagedoc's reads or writes elsewhere, names that try to drive the
# terminal, and a run stopped by a signal. Issue #22, causes 6 (-o FIFO),
# 7 (folders walked unsafely, paths made from data), 8 (names from PDFs on
# stdout) and 10 (personal data left in $TMPDIR).

# import -o a FIFO: refused before anything is read (a plain open would
# block, a rename would replace it), --force or not.
t_hostile_files_import_fifo() {
    mkfifo sortie.xml
    for force in "" --force; do
        run import $force -o sortie.xml "$SAMPLES/classe.csv"
        refused "import -o FIFO $force" "sortie.xml n'est pas un fichier ordinaire.*À faire"
        [ -p sortie.xml ] || fail "import $force: the FIFO was replaced"
    done
    mkfifo classe.xlsx
    run export --force -o classe.xlsx "$SAMPLES/scolaire-majeur.xml"
    refused "export -o FIFO" "classe.xlsx n'est pas un fichier ordinaire.*À faire"
    [ -p classe.xlsx ] || fail "export: the FIFO was replaced"
}

SIGNED_FIELD='<< /T (stagiaire) /FT /Sig /V << /Type /Sig /Name (Th\351o) /M (D:20270612) >> >>'

# signatures DIR: a link out of the folder is not followed, each one is
# said; --complet cannot pass over what was not read.
t_hostile_files_signatures_links_not_followed() {
    mkdir -p copies secret
    mkpdf secret/dehors.pdf '<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R] >> >>' \
        '<< /Type /Pages /Kids [3 0 R] /Count 1 >>' "$PAGE" "$SIGNED_FIELD"
    cp secret/dehors.pdf copies/vrai.pdf
    ln -s ../secret/dehors.pdf copies/lien.pdf
    ln -s ../secret copies/dossier-lien
    mkfifo copies/tube.pdf
    run signatures copies
    [ "$RC" = 0 ] || fail "signatures DIR: exit $RC: $(head -c 300 err)"
    grep -q "vrai.pdf : signé par tous" out || fail "the real PDF was not read: $(cat out)"
    grep -q "dehors\|lien.pdf\|secret" out && fail "a link was followed: $(cat out)"
    for entry in lien.pdf dossier-lien; do
        grep -q "^copies/$entry: avertissement: \[fichier\] lien symbolique, non suivi.*À faire" err ||
            fail "link $entry not reported: $(head -c 400 err)"
    done
    grep -q "^copies/tube.pdf: avertissement: .*ni fichier ni dossier" err ||
        fail "FIFO not reported: $(head -c 400 err)"
    bounded "signatures DIR with links"
    run signatures --complet copies
    refused "signatures --complet with links" "lien symbolique, non suivi"
}

# A PDF 20 folders down is past the walk's depth: said, never skipped
# silently, and --complet fails.
t_hostile_files_signatures_too_deep() {
    deep=copies/$(seq -s / 20 | sed 's|[0-9]*|d&|g')
    mkdir -p "$deep"
    mkpdf "$deep/profond.pdf" '<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R] >> >>' \
        '<< /Type /Pages /Kids [3 0 R] /Count 1 >>' "$PAGE" '<< /T (stagiaire) /FT /Sig >>'
    run signatures copies
    grep -q "avertissement: \[fichier\] dossier à plus de 16 niveaux.*À faire" err ||
        fail "the deep folder is not reported: $(head -c 400 err)"
    bounded "signatures deep"
    run signatures --complet copies
    refused "signatures --complet deep" "plus de 16 niveaux"
}

# build -o out where out/<student> is a link planted to another folder:
# nothing is written there; the document is refused, the link kept.
t_hostile_files_build_through_link() {
    run build -o sortie "$SAMPLES/scolaire-majeur.xml"
    student=$(ls sortie | grep -v index.tsv)
    rm -r "sortie/$student" && mkdir elsewhere && ln -s ../elsewhere "sortie/$student"
    run build -o sortie "$SAMPLES/scolaire-majeur.xml"
    refused "build through a link" \
        "sortie/$student : c'est un lien symbolique, pas un dossier.*À faire" 3
    [ -z "$(ls -A elsewhere)" ] || fail "written through the link: $(ls elsewhere)"
    [ -L "sortie/$student" ] || fail "the link was removed"
    # index.tsv naming a file outside sortie/: never removed by the clean-up
    rm "sortie/$student" && echo secret > victim.txt
    printf 'LMM27-007\tconvention\t../victim.txt\t%s\n' "$SAMPLES/scolaire-majeur.xml" \
        >> sortie/index.tsv
    run build -o sortie "$SAMPLES/scolaire-majeur.xml"
    [ "$RC" = 0 ] || fail "rebuild: exit $RC: $(head -c 300 err)"
    [ -f victim.txt ] || fail "index.tsv's ../victim.txt was removed"
}

# A template's documents.tsv naming ../../x.pdf: refused at its line,
# nothing written outside -o.
t_hostile_files_documents_tsv_escape() {
    cp -R "$ROOT/templates" modeles
    sed -i 's|\tconvention.pdf\t|\t../../x.pdf\t|' modeles/documents.tsv
    mkdir -p a/b
    run build --templates modeles -o a/b/out "$SAMPLES/scolaire-majeur.xml"
    refused "documents.tsv ../../x.pdf" \
        "documents.tsv:[0-9]+: fichier produit « \.\./\.\./x\.pdf » refusé.*À faire" 3
    [ -z "$(find . -name x.pdf)" ] || fail "x.pdf written: $(find . -name x.pdf)"
}

# utf16 TEXT: a PDF text string holding TEXT as is (UTF-16BE): in the
# PDFDocEncoding of a (literal) string, byte 27 is an accent, not ESC.
utf16() { printf '<FEFF%s>' "$(printf "$1" | iconv -f UTF-8 -t UTF-16BE | od -An -tx1 | tr -d ' \n')"; }

# Field and signer names with ESC, BEL and CR reach stdout escaped.
t_hostile_files_names_escaped() {
    mkpdf evil.pdf '<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R 5 0 R] >> >>' \
        '<< /Type /Pages /Kids [3 0 R] /Count 1 >>' "$PAGE" \
        "<< /T $(utf16 'a\033[31mrouge\007\rfaux') /FT /Sig /V << /Type /Sig
            /Name $(utf16 'Eve\033]0;titre\007\r') /Reason $(utf16 'ok\033[2J') >> >>" \
        "<< /T $(utf16 'b\033[5m') /FT /Sig >>"
    run signatures evil.pdf
    [ "$RC" = 0 ] || fail "signatures evil.pdf: exit $RC: $(head -c 300 err)"
    if LC_ALL=C grep -q "$(printf '[\033\007\r]')" out; then
        fail "control characters reached stdout: $(od -c out | head)"
    fi
    grep -qF 'a\x1B[31mrouge\x07\x0Dfaux' out || fail "field name not escaped: $(cat out)"
    grep -qF 'Eve\x1B]0;titre\x07\x0D' out || fail "signer not escaped: $(cat out)"
    mkdir d && cp evil.pdf d/
    run signatures d
    if LC_ALL=C grep -q "$(printf '[\033\007\r]')" out; then
        fail "control characters reached stdout (folder): $(od -c out | head)"
    fi
    bounded "escaped names"
}

# stop_build SIGNAL JOBS: a build of 1,000 students from a workbook,
# stopped by SIGNAL once its first PDF is written.
stop_build() {
    mkdir -p tmpdir
    rm -rf out
    TMPDIR=$PWD/tmpdir env --default-signal="$1" "$STAGEDOC" build -j "$2" -o out classe.xlsx \
        > out.txt 2> err &
    pid=$!
    for i in $(seq 200); do
        [ -n "$(find out -name '*.pdf' 2> /dev/null | head -n 1)" ] && break
        sleep 0.05
    done
    workers=$(pgrep -P "$pid")
    kill -s "$1" "$pid"
    RC=0
    wait "$pid" || RC=$?
    for i in $(seq 40); do # killed workers go at once, but are reaped a moment later
        alive=
        for worker in $workers; do
            state=$(ps -o stat= -p "$worker" 2> /dev/null)
            case $state in '' | Z*) ;; *) alive="$alive $worker" ;; esac
        done
        [ -z "$alive" ] && break
        sleep 0.05
    done
    [ -z "$alive" ] || fail "SIG$1 -j $2: workers still running:$alive"
    [ -z "$(ls -A tmpdir)" ] || fail "SIG$1 -j $2: left in \$TMPDIR: $(ls -A tmpdir)"
    [ -z "$(find out -name '.*')" ] || fail "SIG$1 -j $2: partial outputs: $(find out -name '.*')"
}

t_hostile_files_signals_clean_up() {
    cp -R "$SAMPLES/rapports" "$SAMPLES/anglais" .
    UNIQUE=1 sh "$ROOT/tests/make-promotion.sh" 1000 > promo.xml
    "$STAGEDOC" export -o classe.xlsx promo.xml > /dev/null 2>&1 || { fail "export failed"; return; }
    stop_build INT 1
    [ "$RC" = 130 ] || fail "SIGINT: exit $RC, expected 130"
    stop_build TERM 2
    [ "$RC" = 143 ] || fail "SIGTERM -j 2: exit $RC, expected 143"
    [ -n "$workers" ] || fail "SIGTERM -j 2: no worker seen"
    stop_build HUP 2
    [ "$RC" = 129 ] || fail "SIGHUP -j 2: exit $RC, expected 129"
}

TESTS="$TESTS hostile_files_import_fifo hostile_files_signatures_links_not_followed"
TESTS="$TESTS hostile_files_signatures_too_deep hostile_files_build_through_link"
TESTS="$TESTS hostile_files_documents_tsv_escape hostile_files_names_escaped"
TESTS="$TESTS hostile_files_signals_clean_up"
