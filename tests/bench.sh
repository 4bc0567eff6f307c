#!/bin/sh
# Benchmark of `stagedoc import` (3,500 rows) and `stagedoc build`: a synthetic promotion of 1,000 stages made
# from samples/promotion-2027.xml, built once. Prints conventions per second
# of the program's own CPU time (user), with the kernel's file creation
# added (it depends on the file system: about 1 ms a document on ext4 here,
# almost nothing on tmpfs), and of wall time; bytes per document and peak
# memory (GNU time). Not a test: nothing fails on speed; compare the figures
# across changes. OUT=/dev/shm puts the documents in a folder there.
cd "$(dirname "$0")/.." || exit 3
STAGEDOC=${STAGEDOC:-./stagedoc}
COUNT=${COUNT:-1000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

sh tests/make-promotion.sh "$COUNT" > "$work/promotion.xml"

run() { # label, command...
    label=$1
    shift
    /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$@" > "$work/out" 2> "$work/err" || {
        echo "bench: $label failed:"; tail -n 5 "$work/err"; exit 1; }
    read -r seconds user system peak_kb < "$work/time"
}

# import: a class list of 3,500 rows (the sample's first row repeated).
awk -v n=3500 'NR == 1 { print; next } NR == 2 { for (i = 1; i <= n; i++) { r = $0; sub(/^[^;]*/, "NOM-" i, r); print r } }' \
    samples/classe.csv > "$work/classe.csv"
run import "$STAGEDOC" import --commun samples/import/stage-commun.xml -o "$work/classe.xml" "$work/classe.csv"
echo "import    : 3500 rows (CSV) to a checked promotion in ${seconds} s, peak RSS $((peak_kb / 1024)) MiB"

run check "$STAGEDOC" check --quiet "$work/promotion.xml"
echo "check     : $COUNT stages in ${seconds} s, peak RSS $((peak_kb / 1024)) MiB"

docs=$work/out-docs
[ -n "${OUT:-}" ] && docs=$OUT/stagedoc-bench-$$
trap 'rm -rf "$work" "$docs"' EXIT
run build "$STAGEDOC" build --only convention -o "$docs" "$work/promotion.xml"
documents=$(grep -c 'convention.pdf$' "$work/out")
bytes=$(find "$docs" -name '*.pdf' -exec cat {} + | wc -c)
pages=$(for f in $(grep 'convention.pdf$' "$work/out" | head -n 20); do pdfinfo "$f" 2>/dev/null | awk '/^Pages:/ { print $2 }'; done |
        awk '{ s += $1; n++ } END { if (n) printf "%.1f", s / n }')
awk -v d="$documents" -v s="$seconds" -v u="$user" -v k="$system" -v b="$bytes" -v p="$peak_kb" -v pg="$pages" 'BEGIN {
    printf "build     : %d conventions in %.2f s wall: %.2f s in stagedoc, %.2f s in the kernel (checks included)\n", d, s, u, k
    printf "speed     : %.0f conventions per second of stagedoc'"'"'s own work (one core); %.0f with the file system; %.0f of wall time\n", (u > 0 ? d / u : 0), (u + k > 0 ? d / (u + k) : 0), (s > 0 ? d / s : 0)
    printf "size      : %.1f KB per PDF (%s pages on average)\n", (d ? b / d / 1024 : 0), pg
    printf "memory    : peak RSS %.1f MiB\n", p / 1024
}'
