#!/bin/sh
# Benchmark of `stagedoc build`: a synthetic promotion of 1,000 stages made
# from samples/promotion-2027.xml, built once. Prints documents per second,
# bytes per document and peak memory (GNU time). Not a test: nothing fails
# on speed; compare the figures across changes.
cd "$(dirname "$0")/.." || exit 3
STAGEDOC=${STAGEDOC:-./stagedoc}
COUNT=${COUNT:-1000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

awk -v n="$COUNT" '
    /<stage / { in_stage = 1; buffer = "" }
    in_stage { buffer = buffer $0 "\n" }
    !in_stage && !seen_stage { header = header $0 "\n" }
    /<\/stage>/ { in_stage = 0; stages[++count] = buffer; seen_stage = 1 }
    END {
        printf "%s", header
        for (i = 0; i < n; i++) {
            stage = stages[i % count + 1]
            sub(/id="[^"]*"/, "id=\"BENCH-" i "\"", stage)
            printf "%s", stage
        }
        print "</promotion>"
    }' samples/promotion-2027.xml > "$work/promotion.xml"

run() { # label, command...
    label=$1
    shift
    /usr/bin/time -f "%e %M" -o "$work/time" "$@" > "$work/out" 2> "$work/err" || {
        echo "bench: $label failed:"; tail -n 5 "$work/err"; exit 1; }
    read -r seconds peak_kb < "$work/time"
}

run check "$STAGEDOC" check --quiet "$work/promotion.xml"
echo "check     : $COUNT stages in ${seconds} s, peak RSS $((peak_kb / 1024)) MiB"

run build "$STAGEDOC" build --only convention -o "$work/out-docs" "$work/promotion.xml"
documents=$(wc -l < "$work/out")
bytes=$(find "$work/out-docs" -name '*.pdf' -exec cat {} + | wc -c)
pages=$(for f in $(head -n 20 "$work/out"); do pdfinfo "$f" 2>/dev/null | awk '/^Pages:/ { print $2 }'; done |
        awk '{ s += $1; n++ } END { if (n) printf "%.1f", s / n }')
awk -v d="$documents" -v s="$seconds" -v b="$bytes" -v p="$peak_kb" -v pg="$pages" 'BEGIN {
    printf "build     : %d conventions in %.2f s (checks included)\n", d, s
    printf "speed     : %.0f conventions per second (one core)\n", (s > 0 ? d / s : 0)
    printf "size      : %.1f KB per PDF (%s pages on average)\n", (d ? b / d / 1024 : 0), pg
    printf "memory    : peak RSS %.1f MiB\n", p / 1024
}'
