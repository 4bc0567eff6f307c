#!/bin/sh
# Benchmark of `stagedoc export` and `stagedoc import` (a class of 3,500
# students with 3 activities each, as XLSX, ODS and CSV) and `stagedoc build`: a
# synthetic promotion of 1,000 stages made from samples/promotion-2027.xml,
# its conventions built with -j 1 and with -j N (N = JOBS, default nproc),
# then all its documents with -j N; the cost of each mode (default and
# --pdfa) per convention; and `stagedoc serve`: a class of 35
# students posted as a workbook, the ZIP of all its documents timed from the
# request to the last byte on loopback, alone and 20 at once, with the
# memory of the server and of its largest job.
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

# The server: a class of 35 students (UNIQUE=1, written as an XLSX workbook
# by this stagedoc) posted to `stagedoc serve` on loopback, -j JOBS, and the
# ZIP of all its documents fetched; times from the request to the last byte
# (curl's time_total), after one request not counted (the first fork and
# page cache). First 5 requests one after the other (best and median), then
# 20 at once with --queue 20 (median and 95th percentile, nearest rank, of
# the 20 times, and the wall time of all). Memory sampled every 50 ms during
# both: the VmRSS of the server process alone (idle: before any request;
# after: once the 20 are answered), and the largest VmHWM of its job
# processes (the children it forks per request; their shared pages with the
# server counted).
SERVE_PID=
trap 'serve_stop; rm -rf "$work" "$docs"' EXIT
UNIQUE=1 sh tests/make-promotion.sh 35 > "$work/classe-35.xml"
run export-35 "$STAGEDOC" export -o "$work/classe-35.xlsx" "$work/classe-35.xml"
mkdir -p "$work/serve-tmp" "$work/serve"

# serve_start BINARY OPTIONS...: the server on a free port; sets SERVE_PID
# and SERVE_URL once it listens, or fails (no serve command, an option it
# does not know, no free port).
serve_start() {
    binary=$1
    shift
    port=$((19800 + $$ % 150))
    for attempt in 1 2 3 4 5 6 7 8; do
        TMPDIR=$work/serve-tmp "$binary" serve --no-auth --port "$port" "$@" > /dev/null 2> "$work/serve.log" &
        SERVE_PID=$!
        tries=0
        while [ $tries -lt 100 ] && kill -0 "$SERVE_PID" 2> /dev/null &&
              ! grep -q "à l'écoute" "$work/serve.log"; do
            sleep 0.05
            tries=$((tries + 1))
        done
        if grep -q "à l'écoute" "$work/serve.log" && kill -0 "$SERVE_PID" 2> /dev/null; then
            SERVE_URL=http://127.0.0.1:$port
            return 0
        fi
        serve_stop
        grep -q 'port\|adresse' "$work/serve.log" || return 1 # not a busy port
        port=$((port + 1))
    done
    return 1
}

serve_stop() {
    [ -n "$SERVE_PID" ] || return 0
    kill "$SERVE_PID" 2> /dev/null
    wait "$SERVE_PID" 2> /dev/null
    SERVE_PID=
}

# post_build OUTPUT: the workbook to /api/build; prints "STATUS SECONDS".
post_build() {
    curl -s --max-time 120 -o "$1" -w '%{http_code} %{time_total}\n' \
        -F "classe=@$work/classe-35.xlsx" "$SERVE_URL/api/build"
}

# serve_sequential N: N requests one after the other into $work/serve/seq,
# one "STATUS SECONDS" a line, after one not counted; fails on any status
# but 200 or a ZIP that is not whole.
serve_sequential() {
    post_build "$work/serve/warm.zip" > /dev/null
    : > "$work/serve/seq"
    for i in $(seq "$1"); do
        post_build "$work/serve/one.zip" >> "$work/serve/seq"
    done
    awk '$1 != 200 { bad = 1 } END { exit bad }' "$work/serve/seq" &&
        unzip -tqq "$work/serve/one.zip" > /dev/null 2>&1
}

# stat_of FILE WHAT: of the second column of FILE, sorted: best, median
# (the mean of the two middle values for an even count) or p95 (nearest
# rank).
stat_of() {
    awk '{ print $2 }' "$1" | sort -n | awk -v what="$2" '{ v[NR] = $1 } END {
        if (what == "best") x = v[1]
        else if (what == "median") x = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
        else { r = int(0.95 * NR); if (r < 0.95 * NR) r++; x = v[r] }
        printf "%.2f", x }'
}

# sample_memory: every 50 ms until $work/serve/stop exists, the largest
# VmRSS of the server and VmHWM of its children, in KiB, into
# $work/serve/memory ("SERVER JOB").
sample_memory() {
    server=0 job=0
    while [ ! -e "$work/serve/stop" ]; do
        now=$(awk '/^VmRSS:/ { print $2 }' "/proc/$SERVE_PID/status" 2> /dev/null)
        [ -n "$now" ] && [ "$now" -gt "$server" ] && server=$now
        for child in $(pgrep -P "$SERVE_PID"); do
            now=$(awk '/^VmHWM:/ { print $2 }' "/proc/$child/status" 2> /dev/null)
            [ -n "$now" ] && [ "$now" -gt "$job" ] && job=$now
        done
        sleep 0.05
    done
    echo "$server $job" > "$work/serve/memory"
}

rss_of_server() { awk '/^VmRSS:/ { print $2 }' "/proc/$SERVE_PID/status" 2> /dev/null; }

if serve_start "$STAGEDOC" -j "$JOBS" --queue 20; then
    idle_kb=$(rss_of_server)
    rm -f "$work/serve/stop"
    sample_memory &
    sampler=$!
    serve_sequential 5 || {
        echo "bench: serve failed:"; cat "$work/serve/seq"; tail -n 5 "$work/serve.log"; exit 1; }
    files=$(unzip -Z1 "$work/serve/one.zip" | grep -cv '/$')
    zip_bytes=$(wc -c < "$work/serve/one.zip")
    start=$(date +%s.%N)
    clients=
    for i in $(seq 20); do
        post_build "$work/serve/many-$i.zip" > "$work/serve/time-$i" &
        clients="$clients $!"
    done
    wait $clients
    end=$(date +%s.%N)
    touch "$work/serve/stop"
    wait "$sampler"
    after_kb=$(rss_of_server)
    cat "$work/serve"/time-* > "$work/serve/many"
    same=0
    for i in $(seq 20); do
        cmp -s "$work/serve/many-$i.zip" "$work/serve/one.zip" && same=$((same + 1))
    done
    read -r server_kb job_kb < "$work/serve/memory"
    serve_stop
    awk -v files="$files" -v bytes="$zip_bytes" -v best="$(stat_of "$work/serve/seq" best)" \
        -v median="$(stat_of "$work/serve/seq" median)" 'BEGIN {
        printf "serve     : 35 students to the ZIP of every document (%d files, %.1f MB) over HTTP on loopback: %.2f s (median of 5), best %.2f s\n", files, bytes / 1e6, median, best }'
    awk -v j="$JOBS" -v median="$(stat_of "$work/serve/many" median)" -v p95="$(stat_of "$work/serve/many" p95)" \
        -v wall="$(awk -v s="$start" -v e="$end" 'BEGIN { print e - s }')" \
        -v ok="$(awk '$1 == 200' "$work/serve/many" | wc -l)" -v same="$same" 'BEGIN {
        printf "serve     : 20 such requests at once (-j %d, --queue 20): median %.2f s, p95 %.2f s, all answered in %.2f s; %d of 20 answered 200, %d the same ZIP\n", j, median, p95, wall, ok, same }'
    awk -v idle="$idle_kb" -v peak="$server_kb" -v after="$after_kb" -v job="$job_kb" 'BEGIN {
        printf "serve     : memory: the server process %.1f MiB idle, %.1f MiB at peak, %.1f MiB after; largest job process %.1f MiB (peak RSS)\n", idle / 1024, peak / 1024, after / 1024, job / 1024 }'
else
    echo "serve     : the server did not start: $(tail -n 2 "$work/serve.log" | tr '\n' ' ')"
fi

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
# serve_median BINARY: the median of 5 requests for the 35 students' ZIP
# (as above, -j JOBS), or "-" when BINARY has no serve command or fails.
serve_median() {
    serve_start "$1" -j "$JOBS" || { printf -- "-"; return; }
    if serve_sequential 5; then stat_of "$work/serve/seq" median; else printf -- "-"; fi
    serve_stop
}
# The cost of each mode: the promotion's conventions with -j 1 in the
# default mode (tagged PDF 1.7, object streams) and with --pdfa (PDF/A-1b,
# tagged too), CPU (user) per convention, best of 3, and bytes per
# convention; beside them those of STAGEDOC_BEFORE when given (make bench
# BEFORE=REV: e.g. the last untagged revision). PDF/A would be the default
# if it cost less than 10 % more in both (README, Performances).
mode_figures() { # binary flag → "ms KB" per convention
    best=999999
    for round in 1 2 3; do
        rm -rf "$docs"
        run mode "$1" build -j 1 $2 --only convention -o "$docs" "$work/promotion.xml"
        best=$(smaller "$user" "$best")
    done
    bytes=$(find "$docs" -name 'convention.pdf' -exec cat {} + | wc -c)
    documents=$(find "$docs" -name 'convention.pdf' | wc -l)
    awk -v u="$best" -v b="$bytes" -v d="$documents" 'BEGIN { printf "%.3f %.2f", (d ? u * 1000 / d : 0), (d ? b / d / 1024 : 0) }'
}
mode_line() { # label after-figures before-figures base-figures (base: the default mode's, or "")
    awk -v label="$1" -v after="$2" -v before="$3" -v base="$4" 'BEGIN {
        split(after, a, " "); printf "modes     : %-8s %6.2f ms %6.1f KB per convention", label, a[1], a[2]
        if (before != "") { split(before, b, " "); printf "; before %6.2f ms %6.1f KB (%+.0f %% time, %+.0f %% bytes)", b[1], b[2], (b[1] > 0 ? 100 * (a[1] / b[1] - 1) : 0), (b[2] > 0 ? 100 * (a[2] / b[2] - 1) : 0) }
        if (base != "") { split(base, c, " "); printf "; over the default: %+.0f %% time, %+.0f %% bytes", (c[1] > 0 ? 100 * (a[1] / c[1] - 1) : 0), (c[2] > 0 ? 100 * (a[2] / c[2] - 1) : 0) }
        printf "\n" }'
}
default_after=$(mode_figures "$STAGEDOC" "")
pdfa_after=$(mode_figures "$STAGEDOC" --pdfa)
default_before= pdfa_before=
if [ -x "${STAGEDOC_BEFORE:-}" ]; then
    default_before=$(mode_figures "$STAGEDOC_BEFORE" "")
    pdfa_before=$(mode_figures "$STAGEDOC_BEFORE" --pdfa)
fi
mode_line default "$default_after" "$default_before" ""
mode_line --pdfa "$pdfa_after" "$pdfa_before" "$default_after"

if [ -x "${STAGEDOC_BEFORE:-}" ]; then
    echo "side by side: before = $STAGEDOC_BEFORE, after = $STAGEDOC (best of 3 each)"
    for program in before after; do eval "best_${program}_check=999 best_${program}_one=999 best_${program}_n=999 best_${program}_parent=999999 best_${program}_serve=999"; done
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
            serve=$(serve_median "$binary")
            [ "$serve" != - ] && eval "best_${program}_serve=\$(smaller $serve \$best_${program}_serve)"
        done
    done
    awk -v c0="$best_before_check" -v c1="$best_after_check" -v o0="$best_before_one" -v o1="$best_after_one" \
        -v n0="$best_before_n" -v n1="$best_after_n" -v p0="$best_before_parent" -v p1="$best_after_parent" \
        -v s0="$best_before_serve" -v s1="$best_after_serve" -v d="$COUNT" -v j="$JOBS" 'BEGIN {
        printf "%-44s %10s %10s\n", "", "before", "after"
        printf "%-44s %9.2fs %9.2fs\n", "check " d " stages (CPU)", c0, c1
        printf "%-44s %9.2fs %9.2fs\n", "build -j 1, " d " conventions (CPU)", o0, o1
        printf "%-44s %9.2fs %9.2fs\n", "build -j " j ", " d " conventions (wall)", n0, n1
        if (p0 < 999999 && p1 < 999999)
            printf "%-44s %8.0fms %8.0fms\n", "build -j " j ": the parent alone (CPU)", p0, p1
        printf "%-44s %10s %10s\n", "serve: 35 students to a ZIP (median of 5)", (s0 < 999 ? sprintf("%.2fs", s0) : "-"), (s1 < 999 ? sprintf("%.2fs", s1) : "-")
    }'
fi
