#!/bin/sh
# progress.sh — the progress line of build, bundle and import: drawn on a terminal
# (a pseudo-terminal made by script(1)) with stages done / total, rate and
# time left, then cleared; never when stderr is a file or a pipe; hidden by
# --quiet.
. "$(dirname "$0")/lib.sh"

on_terminal() { # command args...: runs stagedoc with stderr on a pseudo-terminal; terminal.txt
    # script(1) passes its standard input to the terminal: from /dev/null or
    # a closed input it echoes a flood of ^@ into the output, even inside
    # the lines under test. A FIFO nobody writes to keeps it quiet.
    rm -f keys && mkfifo keys
    sleep 300 > keys &
    keeper=$!
    script -qec "$STAGEDOC $* > stdout.txt" terminal.raw < keys > /dev/null 2>&1 || RC=$?
    kill "$keeper" 2> /dev/null
    tr '\r' '\n' < terminal.raw > terminal.txt
}

t_build_shows_progress_on_a_terminal() {
    promotion 60
    RC=0
    on_terminal build -o docs promo.xml
    [ "$RC" = 0 ] || fail "exit $RC: $(tail -n 2 terminal.txt)"
    grep -q 'stagedoc build : [0-9]*/60 stages ([0-9]* %), [0-9]* stages/s, reste [0-9]' terminal.txt ||
        fail "no progress line: $(grep -a stages terminal.txt | head -n 2)"
    grep -q 'stagedoc build : 1/60 stages' terminal.txt || fail "the first stage is not shown"
    grep -q '\^@' terminal.txt && fail "script echoed its input into the output"
    # The line is cleared before anything else is printed: the summary and
    # the diagnostics stand alone on their lines.
    grep -q '^\(.\[K\)\{0,1\}stagedoc build : 60 stages, [0-9]* documents écrits dans docs\.$' terminal.txt ||
        fail "the summary is not on a line of its own: $(tail -n 4 terminal.txt | cat -v)"
    grep -q 'stages/s.*[^ ]stagedoc\|stages/s.*information' terminal.txt &&
        fail "output printed over the progress line: $(grep -m 1 'stages/s.*stagedoc' terminal.txt | cat -v)"
    grep -q 'stages/s' stdout.txt && fail "progress went to stdout"
    [ "$(grep -c '\.pdf$' stdout.txt)" -ge 60 ] || fail "stdout lost the paths written"
}

t_bundle_shows_progress_on_a_terminal() {
    promotion 20
    RC=0
    on_terminal bundle --nom '{id}' -o pk promo.xml
    [ "$RC" = 0 ] || fail "exit $RC: $(tail -n 2 terminal.txt)"
    grep -q 'stagedoc bundle : [0-9]*/20 stages' terminal.txt || fail "no progress line: $(tail -n 3 terminal.txt)"
}

# import counts the rows it reads, then the stages it checks.
t_import_shows_progress_on_a_terminal() {
    awk -v n=400 'NR == 1 { print; next } NR == 2 { for (i = 1; i <= n; i++) { r = $0
        sub(/^Abadie-Laffargue/, "NOM-" i, r); sub(/02755500001/, sprintf("0275%07d", i), r); print r } }' \
        "$SAMPLES/classe.csv" > classe.csv
    RC=0
    on_terminal import --commun "$SAMPLES/import/stage-commun.xml" -o promo.xml classe.csv
    [ "$RC" = 0 ] || fail "exit $RC: $(tail -n 2 terminal.txt)"
    grep -q 'stagedoc import : [0-9]*/400 stagiaires ([0-9]* %)' terminal.txt || fail "no rows line: $(head -n 4 terminal.txt)"
    grep -q 'stagedoc import : [0-9]*/400 stages ([0-9]* %), [0-9]* stages/s' terminal.txt || fail "no stages line"
    grep -q '^\(.\[K\)\{0,1\}stagedoc import : 1 fichier, 400 stages : 0 erreur' terminal.txt ||
        fail "the summary is not on a line of its own: $(tail -n 3 terminal.txt | cat -v)"
    on_terminal import --force --quiet --commun "$SAMPLES/import/stage-commun.xml" -o promo.xml classe.csv
    grep -q 'stagiaires (' terminal.txt && fail "progress shown with --quiet"
    "$STAGEDOC" import --force --commun "$SAMPLES/import/stage-commun.xml" -o promo.xml classe.csv 2> err ||
        fail "import off a terminal failed"
    grep -q 'stagiaires/s\|stages/s' err && fail "progress written to a file"
    # build reading the spreadsheet counts its rows too.
    on_terminal build --only convention --commun "$SAMPLES/import/stage-commun.xml" -o docs classe.csv
    grep -q 'stagedoc build : [0-9]*/400 stagiaires' terminal.txt || fail "build: no rows line"
    true
}

t_no_progress_off_a_terminal() {
    promotion 20
    "$STAGEDOC" build -o docs promo.xml > out 2> err || fail "build failed: $(tail -n 2 err)"
    grep -q 'stages/s' err && fail "progress written to a file"
    grep -q "$(printf '\033')" err && fail "terminal codes written to a file"
    "$STAGEDOC" bundle --nom '{id}' -o pk promo.xml 2>&1 | cat > piped || fail "bundle failed"
    grep -q 'stages/s' piped && fail "progress written to a pipe"
    true
}

t_quiet_hides_progress_and_information() {
    promotion 20
    RC=0
    on_terminal build --quiet -o docs promo.xml
    [ "$RC" = 0 ] || fail "exit $RC"
    grep -q 'stages/s' terminal.txt && fail "progress shown with --quiet"
    grep -q 'information:' terminal.txt && fail "information lines shown with --quiet"
    on_terminal bundle --quiet --nom '{id}' -o pk promo.xml
    grep -q 'stages/s' terminal.txt && fail "bundle: progress shown with --quiet"
    true
}

TESTS="build_shows_progress_on_a_terminal bundle_shows_progress_on_a_terminal
import_shows_progress_on_a_terminal no_progress_off_a_terminal
quiet_hides_progress_and_information"
run_tests progress "$TESTS"
