#!/bin/sh
# api.sh — the engine through its public header alone: tests/api/api_build.c
# (a second front end, built by `make tests`) hands samples/promotion-2027.xml
# to the engine as bytes in memory, with no environment at all, and streams
# sd_build's ZIP down a pipe. The archive must hold, byte for byte, the files
# `stagedoc build` writes into a folder from the same input and date, and the
# diagnostics and notes it collected as structs must be, line for line, what
# `stagedoc check` and `stagedoc build` print. An invalid input gives its error
# as a struct, SD_INVALID, and an empty stream.
#
# API_BUILD_FLAGS adds options to every run of the program: --chemin gives the
# input by path instead of bytes (to try this script while inputs in memory
# are not read yet; the engine then names the input by its path in
# diagnostics, "samples/promotion-2027.xml", where the command line says
# "promotion-2027.xml").
. "$(dirname "$0")/lib.sh"
: "${TEST_BIN_DIR:=$ROOT/build/release/tests}"
API_BUILD=$TEST_BIN_DIR/api_build

# api_build ARGS...: the program in an environment that holds nothing it may
# use, and values that would change the bytes if the engine read them (a
# date, the templates, fonts, patterns and temporary folder elsewhere); only
# the sanitizers' settings pass. Sets RC; its stderr in api.err.
api_build() {
    [ -x "$API_BUILD" ] || { fail "no $API_BUILD (make tests builds it)"; RC=127; return; }
    RC=0
    env -i ${ASAN_OPTIONS:+ASAN_OPTIONS=$ASAN_OPTIONS} ${UBSAN_OPTIONS:+UBSAN_OPTIONS=$UBSAN_OPTIONS} \
        SOURCE_DATE_EPOCH=1 STAGEDOC_TEMPLATES=/nonexistent STAGEDOC_FONTS=/nonexistent \
        STAGEDOC_HYPHENATION=/nonexistent TMPDIR=/nonexistent \
        "$API_BUILD" $API_BUILD_FLAGS --modeles "$ROOT/templates" --date "$SOURCE_DATE_EPOCH" \
        "$@" 2> "$WORK/api.err" || RC=$?
}

# The program's diagnostic lines of COMMAND as the command line prints them
# (file:line:column: severity: [rule] stage : message À faire : todo).
as_printed() { # command
    awk -F '\t' -v command="$1" '$1 == "diagnostic" && $2 == command {
        line = ($8 == "-" ? "stagedoc" : $8)
        if ($5 > 0) { line = line ":" $5; if ($6 > 0) line = line ":" $6 }
        line = line ": " $3 ": [" $4 "] "
        if ($7 != "-") line = line $7 " : "
        line = line $9
        if ($10 != "-") line = line " À faire : " $10
        print line }' "$WORK/api.err"
}

# The program's notes of COMMAND, one a line.
notes_of() { # command
    awk -F '\t' -v command="$1" '$1 == "note" && $2 == command { print $4 }' "$WORK/api.err"
}

# same_report COMMAND CLI.ERR: the program's diagnostics and notes of
# COMMAND are the command line's stderr, line for line. Notes are the lines
# that start with "stagedoc COMMAND"; a build's last one names its folder,
# the program's "l'archive".
same_report() { # command cli.err
    grep -v "^stagedoc $1 " "$2" > cli.diagnostics
    as_printed "$1" > api.diagnostics
    cmp -s cli.diagnostics api.diagnostics ||
        fail "$1: other diagnostics than the command line's: $(diff cli.diagnostics api.diagnostics | head -n 4 | tr '\n' '|')"
    grep "^stagedoc $1 " "$2" | sed 's/ écrits\{0,1\} dans .*\.$/ écrits dans …./' > cli.notes
    notes_of "$1" | sed 's/ écrits\{0,1\} dans .*\.$/ écrits dans …./' > api.notes
    cmp -s cli.notes api.notes ||
        fail "$1: other notes than the command line's: $(diff cli.notes api.notes | head -n 4 | tr '\n' '|')"
}

# The promotion, given by the program from the tree's root as
# name "promotion-2027.xml", dir "samples" (its relative paths start there,
# not in the current folder), so that it is named as the command line names
# it when run in samples/ (the word index.tsv and the diagnostics show).
api_promotion() { # archive [options]
    archive=$1
    shift
    (cd "$ROOT" && api_build "$@" -o "$archive" samples/promotion-2027.xml; exit "$RC")
    RC=$?
}

t_archive_holds_the_command_lines_files() {
    WORK=$PWD
    api_promotion "$PWD/api.zip"
    [ "$RC" = 0 ] || { fail "api_build exit $RC: $(grep -v '^sortie' api.err | tail -n 3 | tr '\n' '|')"; return; }
    unzip -tqq api.zip > unzip.out 2>&1 || { fail "unzip -t: $(head -n 3 unzip.out)"; return; }
    mkdir zip && (cd zip && unzip -qq ../api.zip) || fail "unzip failed"
    (cd "$SAMPLES" && "$STAGEDOC" build -o "$WORK/cli" promotion-2027.xml) > cli.out 2> cli.err ||
        fail "stagedoc build failed: $(tail -n 2 cli.err)"
    (cd zip && find . -type f | sort) > zip.files
    (cd cli && find . -type f | sort) > cli.files
    cmp -s zip.files cli.files || fail "other files: $(diff zip.files cli.files | head -n 4 | tr '\n' ' ')"
    [ "$(wc -l < zip.files)" -ge 100 ] || fail "only $(wc -l < zip.files) files in the archive"
    # Every file, index.tsv included: it names the input as given (the same
    # word here) and, in a fresh folder, says nothing about earlier builds,
    # so it is the same bytes too.
    while read -r file; do
        cmp -s "zip/$file" "cli/$file" || fail "$file differs from the command line's"
    done < zip.files
    grep -qx 'id	document	fichier	source' zip/index.tsv || fail "index.tsv has no header"
    # The output events: every entry but index.tsv, in the archive's order,
    # with its size and SHA-256.
    unzip -Z1 api.zip | grep -vx index.tsv > entries
    awk -F '\t' '$1 == "sortie" { print $2 }' api.err > told
    cmp -s entries told || fail "output events are not the archive's entries: $(diff entries told | head -n 3 | tr '\n' ' ')"
    awk -F '\t' '$1 == "sortie" { print $4 "  " $2 }' api.err > told.sums
    (cd zip && sha256sum -c --quiet ../told.sums) > sums.out 2>&1 || fail "sha256 told: $(head -n 2 sums.out)"
}

t_diagnostics_are_the_command_lines() {
    WORK=$PWD
    api_promotion "$PWD/api.zip"
    [ "$RC" = 0 ] || { fail "api_build exit $RC: $(grep -v '^sortie' api.err | tail -n 3 | tr '\n' '|')"; return; }
    (cd "$SAMPLES" && "$STAGEDOC" check promotion-2027.xml) > /dev/null 2> check.err
    (cd "$SAMPLES" && "$STAGEDOC" build -o "$WORK/cli" promotion-2027.xml) > /dev/null 2> build.err
    same_report check check.err
    same_report build build.err
    # The sample gives information lines: the comparison compares something.
    [ "$(as_printed check | wc -l)" -ge 3 ] || fail "check gave $(as_printed check | wc -l) diagnostics, 3 expected"
    grep -q '^api_build : check : fait (0) ; 3 diagnostics (0 erreur, 0 avertissement, 3 informations)' api.err ||
        fail "summary: $(grep '^api_build : check' api.err)"
}

# Same input, same bytes: twice, and with two worker processes.
t_same_bytes_every_time() {
    WORK=$PWD
    api_promotion "$PWD/one.zip"
    [ "$RC" = 0 ] || { fail "api_build exit $RC"; return; }
    api_promotion "$PWD/two.zip"
    cmp -s one.zip two.zip || fail "two runs give two archives"
    api_promotion "$PWD/jobs.zip" -j 2
    [ "$RC" = 0 ] || fail "api_build -j 2 exit $RC"
    cmp -s one.zip jobs.zip || fail "-j 2 gives another archive"
}

# The error comes as a struct with its line and rule; sd_build says
# SD_INVALID; the ZIP sink is aborted before any entry began, so the pipe
# carried nothing at all (not even a local header): the archive is empty.
t_invalid_input_streams_nothing() {
    WORK=$PWD
    sed 's|fin="2027-06-25"|fin="2027-09-25"|' "$SAMPLES/scolaire-majeur.xml" > bad.xml
    cp -R "$SAMPLES/rapports" "$SAMPLES/anglais" "$SAMPLES/logo-lycee-eiffel.png" .
    api_build -o bad.zip bad.xml
    [ "$RC" = 1 ] || fail "api_build exit $RC, expected 1 (SD_INVALID): $(tail -n 2 api.err | tr '\n' '|')"
    awk -F '\t' '$1 == "diagnostic" && $2 == "build" && $3 == "erreur" && $4 == "duree" && $5 == 79' \
        api.err | grep -q . || fail "no error struct [duree] at line 79: $(grep '^diagnostic' api.err | head -n 2)"
    grep -q '^api_build : build : entrée invalide (1) ; 3 diagnostics (1 erreur, 2 avertissements' api.err ||
        fail "summary: $(grep '^api_build : build' api.err)"
    [ -f bad.zip ] || fail "no archive file"
    [ -s bad.zip ] && fail "the invalid input streamed $(wc -c < bad.zip) bytes"
    grep -q '^sortie' api.err && fail "output events for an invalid input"
    "$STAGEDOC" check bad.xml > /dev/null 2> check.err
    "$STAGEDOC" build -o docs bad.xml > /dev/null 2> build.err
    same_report check check.err
    same_report build build.err
    [ -e docs ] && fail "the command line wrote something"
    true
}

# A document that cannot be made once the checks passed (a logo that is not
# an image): SD_INVALID, and the ZIP never gets its central directory, so
# no reader takes it for a whole archive.
t_failed_document_leaves_no_whole_archive() {
    WORK=$PWD
    cp -R "$SAMPLES/rapports" "$SAMPLES/anglais" .
    printf 'pas une image\n' > logo-lycee-eiffel.png
    cp "$SAMPLES/scolaire-mineur.xml" stage.xml
    grep -q 'logo-lycee-eiffel.png' stage.xml || { fail "the sample has no logo any more"; return; }
    api_build -o broken.zip stage.xml
    [ "$RC" = 1 ] || fail "api_build exit $RC, expected 1 (SD_INVALID)"
    grep -q 'non produit' api.err || fail "no diagnostic for the document: $(grep '^diagnostic' api.err | head -n 2)"
    unzip -tq broken.zip > /dev/null 2>&1 && fail "a failed run gave an archive unzip takes as whole"
    true
}

# Bytes or path: the same archive.
t_bytes_and_path_give_one_archive() {
    WORK=$PWD
    api_promotion "$PWD/bytes.zip"
    [ "$RC" = 0 ] || { fail "api_build exit $RC: $(grep -v '^sortie' api.err | tail -n 2 | tr '\n' '|')"; return; }
    api_promotion "$PWD/path.zip" --chemin
    [ "$RC" = 0 ] || fail "api_build --chemin exit $RC"
    cmp -s bytes.zip path.zip || fail "bytes and path give two archives"
}

run_tests api "archive_holds_the_command_lines_files diagnostics_are_the_command_lines
same_bytes_every_time invalid_input_streams_nothing failed_document_leaves_no_whole_archive
bytes_and_path_give_one_archive"
