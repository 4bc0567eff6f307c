#!/bin/sh
# fuzz.sh — replays every fuzz harness (tests/fuzz/fuzz_NAME.c) on its seed
# corpus and on the inputs that once crashed it (tests/fuzz/regressions/NAME),
# through the harness's replay program: under `make check-asan` a memory error,
# undefined behaviour or a leak in any of them fails the test. Each input
# must run, and the whole replay must end within its time bound.
. "$(dirname "$0")/lib.sh"
: "${TEST_BIN_DIR:=$ROOT/build/release/tests}"

replay() { # name
    program=$TEST_BIN_DIR/fuzz/replay_$1
    [ -x "$program" ] || { fail "no replay program $program (make tests builds it)"; return; }
    corpus=$ROOT/tests/fuzz/corpus/$1
    regressions=$ROOT/tests/fuzz/regressions/$1
    [ -d "$regressions" ] || regressions=
    expected=$(find "$corpus" $regressions -type f | wc -l)
    [ "$expected" -ge 2 ] || fail "corpus of $1 has $expected inputs"
    RC=0
    timeout 300 "$program" "$corpus" $regressions > out 2> err || RC=$?
    [ "$RC" = 0 ] || { fail "replay_$1 exit $RC: $(grep -m 3 -E 'ERROR|runtime error|SUMMARY' err)"; return; }
    [ "$(cat out)" = "$expected inputs" ] || fail "replay_$1 ran $(cat out), expected $expected inputs"
}

for name in $(cd "$ROOT/tests/fuzz" && ls fuzz_*.c | sed 's/^fuzz_//; s/\.c$//' | grep -v '^support$'); do
    eval "t_$name() { replay $name; }"
    TESTS="$TESTS $name"
done

run_tests fuzz "$TESTS"
