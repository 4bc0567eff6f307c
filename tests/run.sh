#!/bin/sh
# Runs every test of stagedoc: the cmocka unit tests, then the end-to-end
# tests of the command line. Ends with one line the CI reads:
#   N passed, N failed
# Environment: STAGEDOC (the binary), TEST_BIN_DIR (the unit test programs).
cd "$(dirname "$0")/.." || exit 3
: "${STAGEDOC:=$PWD/stagedoc}"
: "${TEST_BIN_DIR:=$PWD/build/release/tests}"
export STAGEDOC

passed=0
failed=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

for test in "$TEST_BIN_DIR"/test_*; do
    [ -x "$test" ] || continue
    "$test" >"$log" 2>&1
    status=$?
    cat "$log"
    ok=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
    ko=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
    passed=$((passed + ${ok:-0}))
    failed=$((failed + ${ko:-0}))
    # A crash (or a sanitizer report) fails the program even if no test did.
    if [ "$status" -ne 0 ] && [ "${ko:-0}" -eq 0 ]; then
        echo "not ok - $(basename "$test") exited with status $status"
        failed=$((failed + 1))
    fi
done

for script in tests/e2e/*.sh; do
    [ -f "$script" ] || continue
    [ "${script##*/}" = lib.sh ] && continue # sourced by the others
    sh "$script" >"$log" 2>&1
    status=$?
    cat "$log"
    summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1)
    ok=$(echo "$summary" | sed -n 's/^\([0-9]*\) passed.*/\1/p')
    ko=$(echo "$summary" | sed -n 's/.* \([0-9]*\) failed$/\1/p')
    passed=$((passed + ${ok:-0}))
    failed=$((failed + ${ko:-0}))
    if [ "$status" -ne 0 ] && [ "${ko:-0}" -eq 0 ]; then
        echo "not ok - $script exited with status $status"
        failed=$((failed + 1))
    fi
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
