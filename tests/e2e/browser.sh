#!/bin/sh
# browser.sh — the page of `stagedoc serve` in a real browser: starts the
# server on a free loopback port and runs tests/browser/serve.test.mjs
# (Debian's chromium driven by playwright-core; see that file for the
# scenarios). Its « N passed, N failed » line is this script's. Screenshots
# of every section, at 1280 and 360 px, go to build/browser-shots/ for a
# person to look at.
. "$(dirname "$0")/lib.sh"

SHOTS=$ROOT/build/browser-shots
mkdir -p "$SHOTS"
if ! command -v node >/dev/null || [ ! -x /usr/bin/chromium ] ||
   [ ! -d "$ROOT/tests/browser/node_modules/playwright-core" ]; then
    echo "not ok - browser: node, /usr/bin/chromium or tests/browser/node_modules missing (make deps tests)"
    echo "0 passed, 1 failed"
    exit 1
fi

# A job under AddressSanitizer cannot take an address-space limit.
memory="--job-memory 1G"
[ -n "$STAGEDOC_SANITIZED" ] && memory="--job-memory 0"

port=$((18300 + $$ % 600))
server_pid=
for attempt in 1 2 3 4 5 6 7 8; do
    "$STAGEDOC" serve --no-auth --port "$port" $memory 2> "$TMP/serve.log" &
    server_pid=$!
    for wait in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
        grep -q "à l'écoute" "$TMP/serve.log" 2>/dev/null && break
        kill -0 "$server_pid" 2>/dev/null || break
        sleep 0.25
    done
    grep -q "à l'écoute" "$TMP/serve.log" && break
    wait "$server_pid" 2>/dev/null
    port=$((port + 1))
done
trap 'kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null; rm -rf "$TMP"' EXIT

cd "$ROOT/tests/browser" &&
    STAGEDOC_URL="http://127.0.0.1:$port" STAGEDOC_SHOTS="$SHOTS" STAGEDOC_BIN="$STAGEDOC" \
    node serve.test.mjs
