#!/bin/sh
# End-to-end tests of build and bundle on several processes (-j N): the
# same files, bytes, stdout, index.tsv and diagnostics as -j 1, in the same
# order; a failing stage in the middle handled as -j 1 does; a worker that
# dies stops the run with exit 3; no worker outlives a killed parent.
# Ends with "N passed, N failed".
. "$(dirname "$0")/lib.sh"

sd() { # folder command args...: runs stagedoc in folder, sets RC; folder/out, folder/err
    dir=$1
    shift
    mkdir -p "$dir"
    RC=0
    (cd "$dir" && exec "$STAGEDOC" "$@" > out 2> err) || RC=$?
}

# same_run A B: two runs in folders A and B wrote the same files and printed
# the same lines.
same_run() {
    same_tree "$1" "$2"
    cmp -s "$1/out" "$2/out" || fail "stdout differs: $(diff "$1/out" "$2/out" | head -n 4 | tr '\n' '|')"
    cmp -s "$1/err" "$2/err" || fail "stderr differs: $(diff "$1/err" "$2/err" | head -n 4 | tr '\n' '|')"
}

t_build_j2_is_j1_on_the_samples() {
    sd j1 build -j 1 -o docs "$SAMPLES"/*.xml
    [ "$RC" = 0 ] || fail "-j 1: exit $RC: $(tail -n 2 j1/err)"
    sd j2 build -j 2 -o docs "$SAMPLES"/*.xml
    [ "$RC" = 0 ] || fail "-j 2: exit $RC: $(tail -n 2 j2/err)"
    same_run j1 j2
    [ "$(wc -l < j2/out)" -gt 100 ] || fail "too few documents: $(wc -l < j2/out)"
    [ -s j2/docs/promotion-2027-attestations.pdf ] || fail "no class attestations: $(ls j2/docs)"
}

# Stage k goes to worker k mod 3: the paths come back in input order.
t_build_j3_keeps_the_input_order() {
    promotion 40
    sd j3 build -j 3 --only convention -o docs ../promo.xml
    [ "$RC" = 0 ] || fail "exit $RC: $(tail -n 2 j3/err)"
    [ "$(wc -l < j3/out)" -ge 30 ] || fail "too few conventions: $(wc -l < j3/out)"
    sed 's#docs/BENCH-\([0-9]*\)_[^/]*/convention.pdf#\1#' j3/out > numbers
    sort -n numbers | cmp -s - numbers || fail "stdout not in input order: $(tr '\n' ' ' < numbers)"
    tail -n +2 j3/docs/index.tsv | cut -f 1 | sed 's/BENCH-//' | cmp -s - numbers || fail "index.tsv order"
    sd j1 build -j 1 --only convention -o docs ../promo.xml
    same_run j1 j3
}

t_bundle_j2_is_j1_with_names_taken_twice() {
    promotion 40 # stages 35 to 40 repeat the candidate numbers of 1 to 6
    sd j1 bundle -j 1 -o pk ../promo.xml
    [ "$RC" = 1 ] || fail "-j 1: exit $RC, expected 1: $(tail -n 1 j1/err)"
    sd j2 bundle -j 2 -o pk ../promo.xml
    [ "$RC" = 1 ] || fail "-j 2: exit $RC, expected 1"
    same_run j1 j2
    [ "$(grep -c 'a déjà été écrit pour un autre stage' j2/err)" = 6 ] || fail "names taken: $(grep -c 'déjà' j2/err)"
    grep -q '34 paquets écrits dans pk, 6 en échec' j2/err || fail "summary: $(tail -n 1 j2/err)"
    for zip in j2/pk/*.zip; do unzip -tqq "$zip" > /dev/null || fail "unzip -t $zip"; done
}

# Packages larger than a pipe and than a worker's outbox (12 MB reports):
# the same bytes through -j 2 as with -j 1.
t_bundle_large_packages_j2_is_j1() {
    promotion 4
    head -c 12000000 /dev/urandom > blob.bin
    pdfattach rapports/rapport-exemple.pdf blob.bin rapports/gros.pdf || { fail "pdfattach"; return; }
    sed 's#rapport-exemple.pdf#gros.pdf#' promo.xml > big.xml
    sd j1 bundle -j 1 --nom '{id}' -o pk ../big.xml
    [ "$RC" = 0 ] || fail "-j 1: exit $RC: $(tail -n 2 j1/err)"
    sd j2 bundle -j 2 --nom '{id}' -o pk ../big.xml
    [ "$RC" = 0 ] || fail "-j 2: exit $RC: $(tail -n 2 j2/err)"
    same_run j1 j2
    [ "$(find j2/pk -name '*.zip' -size +11M | wc -l)" = 4 ] || fail "packages: $(ls -l j2/pk)"
}

# A stage whose rapport is missing fails in its worker; the others are
# packaged, as with -j 1.
t_bundle_failure_in_the_middle() {
    promotion 12
    awk '/id="BENCH-5"/ { hit = 1 } hit && /<rapport / { sub(/rapport-exemple/, "absent"); hit = 0 } { print }' \
        promo.xml > broken.xml
    cmp -s promo.xml broken.xml && fail "test bug: nothing changed"
    sd j1 bundle -j 1 --nom '{id}' -o pk ../broken.xml
    sd j2 bundle -j 2 --nom '{id}' -o pk ../broken.xml
    [ "$RC" = 1 ] || fail "exit $RC, expected 1"
    same_run j1 j2
    grep -q 'BENCH-5 : le rapport « rapports/absent.pdf » : fichier introuvable' j2/err || fail "$(grep BENCH-5 j2/err)"
    [ -e j2/pk/BENCH-5.zip ] && fail "a package for the failed stage"
    [ -e j2/pk/BENCH-6.zip ] && [ -e j2/pk/BENCH-11.zip ] || fail "the stages after it are missing"
}

# A workbook row whose stage breaks the input contract (a town of 250
# characters) is skipped by the parent and the workers alike: with -j 2 the
# same packages and messages as with -j 1 (the workers used to count it and
# read another stage than their parent).
t_bundle_workbook_schema_error_j2_is_j1() {
    "$STAGEDOC" export -o wb "$SAMPLES/promotion-2027.xml" > /dev/null 2>&1 || { fail "export"; return; }
    cp -R "$SAMPLES/rapports" "$SAMPLES/anglais" .
    column=$(head -n 1 wb/Stagiaires.csv | tr ';' '\n' | grep -n '^Ville$' | head -n 1 | cut -d: -f1)
    long=$(printf 'Ville%.0s' $(seq 1 50))
    awk -F';' -v OFS=';' -v c="$column" -v long="$long" 'NR == 3 { $c = long } { print }' \
        wb/Stagiaires.csv > stagiaires.csv && mv stagiaires.csv wb/Stagiaires.csv
    sd j1 bundle -j 1 --nom '{id}' -o pk ../wb
    sd j2 bundle -j 2 --nom '{id}' -o pk ../wb
    [ "$RC" = 1 ] || fail "exit $RC, expected 1"
    grep -q 'erreur interne' j2/err && fail "-j 2 broke: $(grep 'erreur interne' j2/err)"
    grep -q 'Stagiaires.csv:N3: erreur: \[schema\]' j2/err || fail "no schema error at N3: $(grep erreur j2/err | head -n 2)"
    same_run j1 j2
}

# A folder where a stage's documents should go is a file: that stage's
# writes fail (exit 3), the others are written, as with -j 1.
t_build_write_error_in_the_middle() {
    promotion 8
    for j in 1 2; do
        mkdir -p "j$j/docs" && : > "j$j/docs/BENCH-3_WOJCIK_Lukasz"
        sd "j$j" build -j "$j" --only convention,attestation -o docs ../promo.xml
        [ "$RC" = 3 ] || fail "-j $j: exit $RC, expected 3"
    done
    same_run j1 j2
    grep -q 'BENCH-3' j2/err || fail "the failing stage is not named: $(tail -n 2 j2/err)"
    [ -s j2/docs/BENCH-7_ETIENNE_Chloe/convention.pdf ] || fail "the stages after it are missing"
}

# A document that cannot be rendered (BENCH-3's own school has a logo that
# is no image) fails in its worker: said at its place, the other documents
# written, exit 1, as with -j 1.
t_build_render_error_in_the_middle() {
    promotion 8
    awk '/<stage id="BENCH-3"/ { print; print "<etablissement><nom>Lycée Eiffel</nom><uai>0330031E</uai><adresse><ligne>143 cours de la Marne</ligne><code-postal>33800</code-postal><ville>Bordeaux</ville></adresse><logo fichier=\"casse.png\"/></etablissement>"; next } { print }' \
        promo.xml > broken.xml
    printf '\211PNG\r\n\032\npas une image' > casse.png
    "$STAGEDOC" check broken.xml 2> check.err || fail "the input itself must be valid: $(tail -n 2 check.err)"
    for j in 1 2; do
        sd "j$j" build -j "$j" --only convention,attestation -o docs ../broken.xml
        [ "$RC" = 1 ] || fail "-j $j: exit $RC, expected 1"
    done
    same_run j1 j2
    grep -q 'BENCH-3 : document non produit : image illisible' j2/err || fail "$(cat j2/err)"
    [ -e j2/docs/BENCH-3_WOJCIK_Lukasz/convention.pdf ] && fail "a convention for the failed stage"
    [ -s j2/docs/BENCH-3_WOJCIK_Lukasz/attestation.pdf ] && [ -s j2/docs/BENCH-7_ETIENNE_Chloe/convention.pdf ] ||
        fail "the other documents are missing"
}

# An invalid stage anywhere: the workers are stopped, nothing is written,
# an earlier output stays as it was.
t_build_invalid_input_writes_nothing() {
    promotion 12
    sed '/<stage id="BENCH-9"/,/<\/stage>/ s#<nom>#<nom/><nom>#' promo.xml > invalid.xml
    cmp -s promo.xml invalid.xml && fail "test bug: nothing changed"
    mkdir -p docs && echo earlier > docs/index.tsv
    RC=0
    "$STAGEDOC" build -j 2 -o docs invalid.xml > out 2> err || RC=$?
    [ "$RC" = 1 ] || fail "exit $RC, expected 1"
    grep -q 'BENCH-9' err || fail "the invalid stage is not named: $(head -n 2 err)"
    grep -q 'aucun document écrit' err || fail "$(tail -n 1 err)"
    [ "$(find docs -type f | wc -l)" = 1 ] || fail "files written: $(find docs -type f | head -n 3)"
    [ "$(cat docs/index.tsv)" = earlier ] || fail "the earlier index.tsv changed"
    [ -s out ] && fail "paths printed for an invalid run"
    true
}

# A worker killed: the parent says so and exits 3, leaves whole files only,
# writes no index.tsv nor any class document (the class is not whole); the
# next run succeeds.
t_killed_worker_stops_the_run() {
    promotion 300
    (cd . && exec "$STAGEDOC" build -j 2 -o docs promo.xml > out 2> err) &
    parent=$!
    tries=0
    while [ "$(find docs -name '*.pdf' 2> /dev/null | wc -l)" -lt 40 ] && [ $tries -lt 600 ]; do
        sleep 0.05
        tries=$((tries + 1))
    done
    worker=$(pgrep -P "$parent" | head -n 1)
    [ -n "$worker" ] || fail "no worker process found"
    kill -9 "$worker" 2> /dev/null
    RC=0
    wait "$parent" || RC=$?
    [ "$RC" = 3 ] || fail "exit $RC, expected 3"
    grep -q "erreur interne : un processus de travail s'est arrêté" err || fail "$(tail -n 2 err)"
    [ -e docs/index.tsv ] && fail "index.tsv written by a broken run"
    [ -e docs/attestations.pdf ] || [ -e docs/planning.pdf ] && fail "class documents of a broken run"
    grep -q 'attestations.pdf\|planning.pdf' out && fail "class documents printed"
    all_whole docs
    RC=0
    "$STAGEDOC" build -j 2 -o docs promo.xml > out 2> err || RC=$?
    [ "$RC" = 0 ] || fail "the next run: exit $RC"
    [ -s docs/attestations.pdf ] || fail "the next run has no attestations.pdf"
}

# The workers read another input than their parent (a shim swaps the file
# in every process but the first): the first stage that differs stops the
# run, and no document goes under another stage's name.
t_worker_reading_another_stage_stops_the_run() {
    cc -shared -fPIC -o swap.so "$ROOT/tests/e2e/fixtures/swap-in-workers.c" -ldl 2> cc.err ||
        { fail "cannot build the shim: $(cat cc.err)"; return; }
    promotion 8
    sed 's/id="BENCH-2"/id="BENCH-2X"/' promo.xml > other.xml
    RC=0
    SWAP_FILE=/promo.xml SWAP_WITH=$PWD/other.xml LD_PRELOAD=$PWD/swap.so \
        ASAN_OPTIONS=verify_asan_link_order=0:detect_leaks=1 "$STAGEDOC" build -j 2 --only convention -o docs "$PWD/promo.xml" > out 2> err || RC=$?
    [ "$RC" = 3 ] || fail "exit $RC, expected 3: $(tail -n 2 err)"
    grep -q "n'a pas lu le même stage" err || fail "$(tail -n 2 err)"
    [ -e docs/BENCH-2 ] && fail "documents under BENCH-2, which the worker did not make"
    [ -s docs/BENCH-1_BENALI_Ines/convention.pdf ] || fail "the stages before it are missing"
    [ -e docs/index.tsv ] && fail "index.tsv written by a broken run"
    true
}

# A caller that ignores SIGCHLD (inherited through exec) must not make the
# workers' end look like a failure.
t_sigchld_ignored_by_the_caller() {
    promotion 6
    RC=0
    perl -e '$SIG{CHLD} = "IGNORE"; exec @ARGV or exit 99' \
        "$STAGEDOC" build -j 2 --only convention -o docs promo.xml > out 2> err || RC=$?
    [ "$RC" = 0 ] || fail "exit $RC: $(tail -n 2 err)"
    [ -s docs/index.tsv ] || fail "no index.tsv"
}

# The parent killed: its workers end too (PR_SET_PDEATHSIG).
t_no_worker_outlives_its_parent() {
    promotion 300
    "$STAGEDOC" build -j 2 --only convention -o docs promo.xml > out 2> err &
    parent=$!
    tries=0
    while [ -z "$(pgrep -P "$parent")" ] && [ $tries -lt 200 ]; do sleep 0.05; tries=$((tries + 1)); done
    sleep 0.3
    workers=$(pgrep -P "$parent" | tr '\n' ' ')
    [ -n "$workers" ] || fail "no worker process found"
    kill -9 "$parent"
    wait "$parent" 2> /dev/null
    for pid in $workers; do
        tries=0 # a dead worker may stay a zombie (Z) for a while
        while ps -o stat= -p "$pid" | grep -q '^[^Z]' && [ $tries -lt 100 ]; do
            sleep 0.05
            tries=$((tries + 1))
        done
        ps -o stat= -p "$pid" | grep -q '^[^Z]' && fail "worker $pid outlived its parent"
    done
    true
}

t_jobs_option() {
    for bad in 0 -1 abc 257 2x; do
        sd . build -j "$bad" "$SAMPLES/scolaire-majeur.xml"
        [ "$RC" = 2 ] || fail "-j $bad: exit $RC, expected 2"
    done
    grep -qF -- "-j « 2x » : un nombre de 1 à 256 est attendu" err || fail "$(cat err)"
    sd . bundle --jobs=2 -o pk "$SAMPLES/scolaire-majeur.xml"
    [ "$RC" = 0 ] || fail "bundle --jobs=2: exit $RC: $(tail -n 1 err)"
    "$STAGEDOC" build --help | grep -q -- '-j, --jobs N' || fail "build --help lacks -j"
    "$STAGEDOC" bundle --help | grep -q -- '-j, --jobs N' || fail "bundle --help lacks -j"
}

TESTS="build_j2_is_j1_on_the_samples build_j3_keeps_the_input_order
bundle_j2_is_j1_with_names_taken_twice bundle_large_packages_j2_is_j1 bundle_failure_in_the_middle
bundle_workbook_schema_error_j2_is_j1
build_write_error_in_the_middle build_render_error_in_the_middle build_invalid_input_writes_nothing
killed_worker_stops_the_run worker_reading_another_stage_stops_the_run sigchld_ignored_by_the_caller
no_worker_outlives_its_parent
jobs_option"

run_tests parallel "$TESTS"
