#!/bin/sh
# Benchmark of `stagedoc export` and `stagedoc import` (a class of 3,500
# students with 3 activities each, as XLSX, ODS and CSV) and `stagedoc build`: a
# synthetic promotion of 1,000 stages made from samples/promotion-2027.xml,
# its conventions built with -j 1 and with -j N (N = JOBS, default nproc),
# then all its documents with -j N.
# Prints conventions per second of the program's own CPU time (user), with
# the kernel's file creation added (it depends on the file system: about
# 1 ms a document on ext4 here, almost nothing on tmpfs), and of wall time;
# the speedup of -j N; bytes per document and peak memory (GNU time: the
# largest process); the peak for 3,500 stages; and, side by side, the naive
# libharu floor (NAIVE_LIBHARU: the same text with the whole DejaVu TTF
# embedded per document). Not a test: nothing fails on speed; compare the
# figures across changes. OUT=/dev/shm puts the documents in a folder there.
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

# export and import: a class of 3,500 students (3 activities each on
# average), written as a workbook in each format, then read back and checked.
UNIQUE=1 sh tests/make-promotion.sh 3500 > "$work/classe-3500.xml"
for format in xlsx ods csv; do
    target=$work/classe.$format
    [ "$format" = csv ] && target=$work/classe-csv
    run export "$STAGEDOC" export -o "$target" "$work/classe-3500.xml"
    echo "export    : 3500 students to $format in ${seconds} s, peak RSS $((peak_kb / 1024)) MiB"
    run import "$STAGEDOC" import --quiet -o "$work/classe-$format.xml" "$target"
    echo "import    : 3500 students from $format to a checked promotion in ${seconds} s, peak RSS $((peak_kb / 1024)) MiB"
done

run check "$STAGEDOC" check --quiet "$work/promotion.xml"
echo "check     : $COUNT stages in ${seconds} s, peak RSS $((peak_kb / 1024)) MiB"

docs=$work/out-docs
[ -n "${OUT:-}" ] && docs=$OUT/stagedoc-bench-$$
trap 'rm -rf "$work" "$docs"' EXIT
JOBS=${JOBS:-$(nproc)}

# build_conventions LABEL JOBS: the promotion's conventions; sets documents,
# bytes, pages and the run's times.
build_conventions() {
    rm -rf "$docs"
    run "$1" "$STAGEDOC" build -j "$2" --only convention -o "$docs" "$work/promotion.xml"
    documents=$(grep -c 'convention.pdf$' "$work/out")
    bytes=$(find "$docs" -name '*.pdf' -exec cat {} + | wc -c)
}

build_conventions build-j1 1
pages=$(for f in $(grep 'convention.pdf$' "$work/out" | head -n 20); do pdfinfo "$f" 2>/dev/null | awk '/^Pages:/ { print $2 }'; done |
        awk '{ s += $1; n++ } END { if (n) printf "%.1f", s / n }')
one_wall=$seconds one_user=$user one_system=$system one_peak=$peak_kb
# The naive floor's input: the text of the first conventions.
mkdir -p "$work/text" "$work/naive"
for f in $(grep 'convention.pdf$' "$work/out" | head -n 50); do
    pdftotext -enc UTF-8 "$f" "$work/text/$(basename "$(dirname "$f")").txt"
done
awk -v d="$documents" -v s="$seconds" -v u="$user" -v k="$system" -v b="$bytes" -v p="$peak_kb" -v pg="$pages" 'BEGIN {
    printf "build -j 1: %d conventions in %.2f s wall: %.2f s in stagedoc, %.2f s in the kernel (checks included)\n", d, s, u, k
    printf "speed     : %.0f conventions per second of stagedoc'"'"'s own work (%.2f ms each); %.0f with the file system; %.0f of wall time\n", (u > 0 ? d / u : 0), (d ? u * 1000 / d : 0), (u + k > 0 ? d / (u + k) : 0), (s > 0 ? d / s : 0)
    printf "size      : %.1f KB per PDF (%s pages on average)\n", (d ? b / d / 1024 : 0), pg
    printf "memory    : peak RSS %.1f MiB\n", p / 1024
}'

build_conventions build-jN "$JOBS"
awk -v j="$JOBS" -v d="$documents" -v s="$seconds" -v w1="$one_wall" -v p="$peak_kb" -v b="$bytes" 'BEGIN {
    printf "build -j %d: %d conventions in %.2f s wall: %.0f per second, speedup %.2fx over -j 1; %.1f KB per PDF; peak RSS %.1f MiB (largest process)\n", j, d, s, (s > 0 ? d / s : 0), (s > 0 ? w1 / s : 0), (d ? b / d / 1024 : 0), p / 1024
}'

# Every document of the promotion, its attestations.pdf and planning.pdf
# included (made in the parent).
rm -rf "$docs"
run build-all "$STAGEDOC" build -j "$JOBS" -o "$docs" "$work/promotion.xml"
all=$(grep -c '\.pdf$' "$work/out")
awk -v n="$all" -v c="$COUNT" -v j="$JOBS" -v s="$seconds" -v p="$peak_kb" 'BEGIN {
    printf "all docs  : %d documents of %d stages with -j %d in %.2f s: %.0f per second; peak RSS %.1f MiB (largest process: the parent, with attestations.pdf and planning.pdf)\n", n, c, j, s, (s > 0 ? n / s : 0), p / 1024
}'

# Memory stays flat with the class size: 3,500 stages on every core.
sh tests/make-promotion.sh 3500 > "$work/promotion-3500.xml"
rm -rf "$docs"
run build-3500 "$STAGEDOC" build -j "$JOBS" --only convention -o "$docs" "$work/promotion-3500.xml"
echo "3500      : $(grep -c 'convention.pdf$' "$work/out") conventions with -j $JOBS in ${seconds} s, peak RSS $((peak_kb / 1024)) MiB (largest process)"

# The naive libharu floor: the same text, the whole DejaVu Sans embedded in
# every document.
if [ -x "${NAIVE_LIBHARU:-}" ]; then
    naive_docs=$(ls "$work/text" | wc -l)
    run naive "$NAIVE_LIBHARU" fonts/DejaVuSans.ttf "$work/naive" "$work"/text/*.txt
    read -r naive_count naive_bytes < "$work/out"
    awk -v n="$naive_count" -v nb="$naive_bytes" -v nu="$user" -v ns="$system" -v d="$documents" -v b="$bytes" -v u="$one_user" -v k="$one_system" 'BEGIN {
        nt = (nu + ns) / n; st = (u + k) / d; nsz = nb / n; ssz = b / d
        printf "naive     : libharu with the full DejaVu Sans TTF per document, same text: %.2f ms and %.1f KB per document\n", nt * 1000, nsz / 1024
        printf "vs naive  : stagedoc -j 1 takes %.2fx the time (%.2f ms) and %.2fx the bytes (%.1f KB) of the naive floor\n", (nt > 0 ? st / nt : 0), st * 1000, (nsz > 0 ? ssz / nsz : 0), ssz / 1024
    }'
fi

# Side by side with another build of stagedoc (make bench BEFORE=REV builds
# that revision in a scratch worktree and sets STAGEDOC_BEFORE): the same
# runs, alternated so that a busy machine weighs on both alike. "parent"
# is the CPU of the parent process alone with -j N (perf stat --no-inherit),
# where inputs are read and checked and files written.
parent_cpu() { # command... → prints the parent's task-clock in ms, or "-"
    if command -v perf > /dev/null 2>&1 &&
       perf stat -i -e task-clock -x, -o "$work/perf" "$@" > /dev/null 2>&1; then
        awk -F, '/task-clock/ { printf "%.0f", $1 }' "$work/perf"
    else
        printf -- "-"
    fi
}
smaller() { awk -v a="$1" -v b="$2" 'BEGIN { print (a + 0 < b + 0) ? a : b }'; }
if [ -x "${STAGEDOC_BEFORE:-}" ]; then
    echo "side by side: before = $STAGEDOC_BEFORE, after = $STAGEDOC (best of 3 each)"
    for program in before after; do eval "best_${program}_check=999 best_${program}_one=999 best_${program}_n=999 best_${program}_parent=999999"; done
    for round in 1 2 3; do
        for program in before after; do
            binary=$STAGEDOC
            [ "$program" = before ] && binary=$STAGEDOC_BEFORE
            run check "$binary" check --quiet "$work/promotion.xml"
            eval "best_${program}_check=\$(smaller $user \$best_${program}_check)"
            saved=$STAGEDOC
            STAGEDOC=$binary
            build_conventions one 1
            eval "best_${program}_one=\$(smaller $user \$best_${program}_one)"
            build_conventions n "$JOBS"
            STAGEDOC=$saved
            eval "best_${program}_n=\$(smaller $seconds \$best_${program}_n)"
            rm -rf "$docs"
            parent=$(parent_cpu "$binary" build -j "$JOBS" --only convention -o "$docs" "$work/promotion.xml")
            [ "$parent" != - ] && eval "best_${program}_parent=\$(smaller $parent \$best_${program}_parent)"
        done
    done
    awk -v c0="$best_before_check" -v c1="$best_after_check" -v o0="$best_before_one" -v o1="$best_after_one" \
        -v n0="$best_before_n" -v n1="$best_after_n" -v p0="$best_before_parent" -v p1="$best_after_parent" \
        -v d="$COUNT" -v j="$JOBS" 'BEGIN {
        printf "%-44s %10s %10s\n", "", "before", "after"
        printf "%-44s %9.2fs %9.2fs\n", "check " d " stages (CPU)", c0, c1
        printf "%-44s %9.2fs %9.2fs\n", "build -j 1, " d " conventions (CPU)", o0, o1
        printf "%-44s %9.2fs %9.2fs\n", "build -j " j ", " d " conventions (wall)", n0, n1
        if (p0 < 999999 && p1 < 999999)
            printf "%-44s %8.0fms %8.0fms\n", "build -j " j ": the parent alone (CPU)", p0, p1
    }'
fi
