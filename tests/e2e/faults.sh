#!/bin/sh
# faults.sh — stagedoc under faults it does not cause: the file system full
# (ulimit -f, with SIGXFSZ ignored so writes fail with EFBIG as on a full
# disk), the process killed (SIGKILL) in the middle of a 200-stage build and
# bundle, an input that fails to read in the middle of a promotion. After
# each: no partial PDF or ZIP under its final name, earlier outputs
# unchanged, and the next run completes.
. "$(dirname "$0")/lib.sh"

run() { # command args...: runs stagedoc, sets RC, out and err
    RC=0
    "$STAGEDOC" "$@" > out 2> err || RC=$?
}

# Starts stagedoc in the background and kills it once `count` files matching
# `pattern` are under folder (or after 60 s).
kill_when() { # folder pattern count command args...
    folder=$1 pattern=$2 count=$3
    shift 3
    "$STAGEDOC" "$@" > killed.out 2> killed.err &
    pid=$!
    tries=0
    while [ "$(find "$folder" -name "$pattern" -newer promo.xml 2> /dev/null | wc -l)" -lt "$count" ] &&
          [ $tries -lt 1200 ] && kill -0 $pid 2> /dev/null; do
        sleep 0.05
        tries=$((tries + 1))
    done
    kill -0 $pid 2> /dev/null || fail "stagedoc ended before it could be killed: $(tail -n 2 killed.err)"
    kill -9 $pid
    wait $pid 2> /dev/null
    true
}

t_full_disk_during_build() {
    run build -o docs "$SAMPLES/scolaire-majeur.xml"
    [ "$RC" = 0 ] || { fail "first build: exit $RC: $(cat err)"; return; }
    cp -R docs before
    touch promo.xml
    RC=0
    (trap '' XFSZ; ulimit -f 20; exec "$STAGEDOC" build -o docs "$SAMPLES/scolaire-majeur.xml") > out 2> err || RC=$?
    [ "$RC" = 3 ] || fail "exit $RC on a full disk, expected 3"
    grep -q 'écriture impossible' err || fail "no clear message: $(head -n 2 err)"
    same_tree before docs
    find docs -name '.*' -type f | grep -q . && fail "temporary files left: $(find docs -name '.*' -type f | head -n 2)"
    RC=0
    (trap '' XFSZ; ulimit -f 20; exec "$STAGEDOC" build -o fresh "$SAMPLES/scolaire-majeur.xml") > out 2> err || RC=$?
    [ "$RC" = 3 ] || fail "exit $RC on a full disk in a new folder, expected 3"
    all_whole fresh
    run build -o fresh "$SAMPLES/scolaire-majeur.xml"
    [ "$RC" = 0 ] || fail "the next run: exit $RC: $(cat err)"
    same_tree before fresh
}

t_full_disk_during_bundle() {
    RC=0
    (trap '' XFSZ; ulimit -f 100; exec "$STAGEDOC" bundle -o pk "$SAMPLES/scolaire-majeur.xml") > out 2> err || RC=$?
    [ "$RC" = 3 ] || fail "exit $RC on a full disk, expected 3: $(tail -n 2 err)"
    grep -q 'écriture impossible' err || fail "no clear message: $(head -n 2 err)"
    all_whole pk
    find pk -name '*.zip' | grep -q . && fail "a package was written on a full disk"
    run bundle -o pk "$SAMPLES/scolaire-majeur.xml"
    [ "$RC" = 0 ] || fail "the next run: exit $RC: $(cat err)"
    run verify pk/*.zip
    [ "$RC" = 0 ] || fail "the package of the next run: $(cat out err)"
}

t_build_killed_midway() {
    promotion 200
    run build -o base promo.xml
    [ "$RC" = 0 ] || { fail "first build: exit $RC: $(tail -n 2 err)"; return; }
    cp -R base saved
    touch promo.xml
    sleep 1 # files rewritten from here on are newer than promo.xml
    touch promo.xml
    kill_when base '*.pdf' 100 build -o base promo.xml
    all_whole base
    same_tree saved base
    kill_when fresh '*.pdf' 100 build -o fresh promo.xml
    all_whole fresh
    [ -e fresh/index.tsv ] && fail "index.tsv written by a killed run"
    run build -o fresh promo.xml
    [ "$RC" = 0 ] || fail "the next run: exit $RC: $(tail -n 2 err)"
    same_tree saved fresh
}

t_bundle_killed_midway() {
    promotion 200
    run bundle --nom '{id}' -o base promo.xml
    [ "$RC" = 0 ] || { fail "first bundle: exit $RC: $(tail -n 2 err)"; return; }
    cp -R base saved
    sleep 1
    touch promo.xml
    kill_when base '*.zip' 30 bundle --nom '{id}' -o base promo.xml
    all_whole base
    same_tree saved base
    kill_when fresh '*.zip' 30 bundle --nom '{id}' -o fresh promo.xml
    all_whole fresh
    run bundle --nom '{id}' -o fresh promo.xml
    [ "$RC" = 0 ] || fail "the next run: exit $RC: $(tail -n 2 err)"
    same_tree saved fresh
}

# The shim makes fread fail with EIO after FAULT_READ_AFTER bytes of the
# promotion: well inside it, after its first stages.
t_read_error_mid_promotion() {
    promotion 200
    cc -shared -fPIC -o fault-read.so "$ROOT/tests/e2e/fixtures/fault-read.c" -ldl 2> cc.err ||
        { fail "cannot build the shim: $(cat cc.err)"; return; }
    for command in build bundle; do
        RC=0
        FAULT_READ_FILE=/promo.xml FAULT_READ_AFTER=200000 LD_PRELOAD=$PWD/fault-read.so \
            ASAN_OPTIONS=verify_asan_link_order=0:detect_leaks=1 \
            "$STAGEDOC" $command -o "out-$command" promo.xml > out 2> err || RC=$?
        [ "$RC" = 3 ] || fail "$command: exit $RC on a read error, expected 3: $(tail -n 2 err)"
        grep -q 'promo.xml: erreur: \[fichier\].*erreur de lecture' err || fail "$command: no clear message: $(tail -n 2 err)"
        [ -e "out-$command" ] && fail "$command wrote $(find "out-$command" -type f | head -n 2)"
    done
    RC=0
    FAULT_READ_FILE=/promo.xml FAULT_READ_AFTER=200000 LD_PRELOAD=$PWD/fault-read.so \
        ASAN_OPTIONS=verify_asan_link_order=0:detect_leaks=1 "$STAGEDOC" check promo.xml > out 2> err || RC=$?
    [ "$RC" = 3 ] || fail "check: exit $RC on a read error, expected 3"
    true
}

# A stream that cannot be deflated (a shim makes libdeflate fail on the
# attached XML, then on page content) refuses its document, with a message;
# it is never written without the stream.
t_deflate_failure_refuses_the_document() {
    cc -shared -fPIC -o deflate-fails.so "$ROOT/tests/e2e/fixtures/deflate-fails.c" -ldl 2> cc.err ||
        { fail "cannot build the shim: $(cat cc.err)"; return; }
    cp "$SAMPLES/scolaire-majeur.xml" stage.xml
    for prefix in '<?xml' 'BT'; do
        rm -rf docs
        RC=0
        DEFLATE_FAILS_ON=$prefix LD_PRELOAD=$PWD/deflate-fails.so \
            ASAN_OPTIONS=verify_asan_link_order=0:detect_leaks=1 \
            "$STAGEDOC" build --only convention -o docs stage.xml > out 2> err || RC=$?
        [ "$RC" = 1 ] || fail "failing on « $prefix »: exit $RC, expected 1"
        grep -q 'document non produit : compression impossible' err ||
            fail "failing on « $prefix »: $(tail -n 2 err)"
        [ -n "$(find docs -name '*.pdf' 2> /dev/null)" ] && fail "failing on « $prefix »: a PDF written"
    done
    true
}

TESTS="full_disk_during_build full_disk_during_bundle build_killed_midway bundle_killed_midway
read_error_mid_promotion deflate_failure_refuses_the_document"
run_tests faults "$TESTS"
