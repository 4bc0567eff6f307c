# lib.sh — what the end-to-end scripts share (sourced, not run): where the
# program and the samples are, a scratch folder removed at exit, fixed dates
# for reproducible outputs, and the runner. A test is a shell function
# t_NAME run in its own folder; it calls fail "why" (as often as needed) to
# fail. run_tests PREFIX "NAME..." prints ok / not ok lines and ends with
# "N passed, N failed"; its status is 0 only when none failed.
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
STAGEDOC=${STAGEDOC:-$ROOT/stagedoc}
SAMPLES=$ROOT/samples
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export SOURCE_DATE_EPOCH=1800000000

fail() { echo "$*" >> "$WHY"; }

run_tests() {
    prefix=$1
    passed=0
    failed=0
    for name in $2; do
        dir=$TMP/$name
        mkdir "$dir"
        WHY=$dir/.why
        (cd "$dir" && "t_$name") > "$dir/.log" 2>&1
        if [ ! -s "$WHY" ]; then
            passed=$((passed + 1))
            echo "ok - $prefix: $name"
        else
            failed=$((failed + 1))
            echo "not ok - $prefix: $name: $(head -n 3 "$WHY" | tr '\n' '|')"
        fi
    done
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
}
