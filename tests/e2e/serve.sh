#!/bin/sh
# serve.sh — end-to-end tests of `stagedoc serve` with curl: every route
# (the page and its files, check, build, bundle, verify, signatures, the
# workbook templates, export) answers what the README and the API say, the
# documents it returns are the bytes the command line writes from the same
# input, and every status the server promises comes when it should (400,
# 401, 403, 404, 405, 413 declared and chunked, 422, 429, 500 when a job is
# killed, 503 past --timeout), slow and vanishing clients hold nothing, a
# SIGTERM lets the running job answer, and TLS works. Each test starts its
# own server on a free loopback port, with its uploads under ./tmp, and
# stops it with SIGTERM (exit 0, uploads folder gone). Under `make
# check-asan` (STAGEDOC_SANITIZED=1) jobs run without an address-space
# limit and the waits are longer. Ends with "N passed, N failed".
. "$(dirname "$0")/lib.sh"

SERVERS=$TMP/.servers
: > "$SERVERS"
if [ -n "${STAGEDOC_SANITIZED:-}" ]; then
    JOB_MEMORY="--job-memory 0" SLOW=4 LONG_STAGES=100
else
    JOB_MEMORY="" SLOW=1 LONG_STAGES=300
fi

# Any server a test left running (it failed early) is stopped at exit.
stop_leftovers() {
    while read -r pid; do
        kill -TERM "$pid" 2> /dev/null
    done < "$SERVERS"
    sleep 0.2
    while read -r pid; do
        kill -KILL "$pid" 2> /dev/null
    done < "$SERVERS"
}
trap 'stop_leftovers; [ -n "${SERVE_KEEP:-}" ] || rm -rf "$TMP"' EXIT

# ------------------------------------------------------------ the server

now_ms() { echo $(($(date +%s%N) / 1000000)); }

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# until_true SECONDS COMMAND...: polls COMMAND every 50 ms; false when it
# never held.
until_true() {
    limit=$(($(now_ms) + $1 * 1000))
    shift
    until "$@"; do
        [ "$(now_ms)" -lt "$limit" ] || return 1
        sleep 0.05
    done
}

listening() { grep -q "à l'écoute sur" server.log || ! kill -0 "$PID" 2> /dev/null; }

# serve [OPTIONS...]: a server (log in server.log, uploads under tmp/, run
# from SERVE_CWD if set) on a free port; sets PID, PORT, URL. A port taken
# meanwhile: another.
serve() {
    mkdir -p tmp
    for _ in 1 2 3 4 5; do
        PORT=$(free_port)
        (cd "${SERVE_CWD:-.}" && TMPDIR=$OLDPWD/tmp exec "$STAGEDOC" serve --port "$PORT" $JOB_MEMORY "$@") \
            2> server.log &
        PID=$!
        echo "$PID" >> "$SERVERS"
        URL=http://127.0.0.1:$PORT
        until_true $((10 * SLOW)) listening
        grep -q "à l'écoute sur" server.log && kill -0 "$PID" 2> /dev/null && return 0
        kill -KILL "$PID" 2> /dev/null
        wait "$PID" 2> /dev/null
        grep -q "impossible d'écouter" server.log || break
    done
    fail "the server did not start: $(head -n 3 server.log | tr '\n' '|')"
    return 1
}

# stop_server: SIGTERM; the server must exit 0, say nothing a sanitizer
# says, and leave no uploads folder.
stop_server() {
    kill -TERM "$PID" 2> /dev/null
    STOP_RC=0
    wait "$PID" || STOP_RC=$?
    [ "$STOP_RC" = 0 ] || fail "the server exited $STOP_RC on SIGTERM: $(tail -n 3 server.log | tr '\n' '|')"
    grep -q 'Sanitizer\|runtime error' server.log && fail "sanitizer: $(grep -m 2 'Sanitizer\|runtime error' server.log)"
    [ -z "$(ls -A tmp)" ] || fail "left in TMPDIR after stop: $(find tmp | head -n 5 | tr '\n' ' ')"
    true
}

# The job processes the server runs now (its children).
children() { pgrep -P "$PID"; }
has_child() { [ -n "$(children)" ]; }

# ------------------------------------------------------------ requests

# call METHOD ROUTE [CURL ARGS...]: the answer's body in body, its headers
# in head, its status in CODE.
call() {
    method=$1 route=$2
    shift 2
    CODE=$(curl -sS -X "$method" -o body -D head -w '%{http_code}' "$@" "$URL$route" 2> curl.err) ||
        echo "curl $method $route: $(cat curl.err)" >> curl.log
}

# The value of one header of the last answer (without its line end).
header() { grep -i "^$1:" "${2:-head}" | head -n 1 | sed 's/^[^:]*: *//' | tr -d '\r'; }

# json EXPRESSION [FILE]: the Python expression over d, the answer's JSON.
json() {
    python3 -c 'import json, sys
d = json.load(open(sys.argv[2]))
v = eval(sys.argv[1])
print(v if not isinstance(v, (dict, list)) else json.dumps(v, ensure_ascii=False))' "$1" "${2:-body}" 2> json.err ||
        echo "(not JSON: $(head -c 200 "${2:-body}"))"
}

expect_code() { # code what
    [ "$CODE" = "$1" ] || fail "$2: HTTP $CODE, $1 expected: $(head -c 300 body)"
}

# An error answer of the server: JSON status "error", its http, a message.
expect_error_json() { # code what
    expect_code "$1" "$2"
    header Content-Type | grep -q '^application/json; charset=utf-8$' || fail "$2: type $(header Content-Type)"
    [ "$(json 'd["status"], d["http"]')" = "('error', $1)" ] || fail "$2: $(head -c 300 body)"
    [ -n "$(json 'd["message"]')" ] || fail "$2: no message"
}

# The same files in two folders, byte for byte (index.tsv included).
same_files() { # a b what
    (cd "$1" && find . -type f | sort) > a.list
    (cd "$2" && find . -type f | sort) > b.list
    cmp -s a.list b.list || { fail "$3: other files: $(diff a.list b.list | head -n 4 | tr '\n' ' ')"; return; }
    [ -s a.list ] || fail "$3: no file at all"
    while read -r file; do
        cmp -s "$1/$file" "$2/$file" || fail "$3: $file differs"
    done < a.list
}

unzip_into() { # zip folder
    rm -rf "$2" && mkdir "$2" && (cd "$2" && unzip -qq "../$1") || fail "cannot unzip $1"
}

# The sample's files a promotion cites, as curl parts named by their path.
cited_parts() { # xml
    grep -o 'fichier="[^"]*"' "$1" | sed 's/^fichier="//; s/"$//' | sort -u |
        while read -r path; do printf -- '-F\n%s=@%s\n' "$path" "$SAMPLES/$path"; done
}

# A long build: LONG_STAGES stages, in the background (answer in long.body,
# its status in long.code); waits for its job to run.
long_build() {
    sh "$ROOT/tests/make-promotion.sh" "$LONG_STAGES" > long.xml
    curl -sS -o long.body -D long.head -w '%{http_code}' -F classe=@long.xml "$URL/api/build" \
        > long.code 2> long.err &
    LONG=$!
    until_true $((10 * SLOW)) has_child || fail "no job started for the long build"
}

# ------------------------------------------------------------ the page

t_page_and_its_files() {
    serve || return
    call GET /
    expect_code 200 "GET /"
    header Content-Type | grep -q '^text/html' || fail "GET /: type $(header Content-Type)"
    header Content-Security-Policy | grep -q "^default-src 'self'" ||
        fail "CSP: $(header Content-Security-Policy)"
    [ "$(header X-Content-Type-Options)" = nosniff ] || fail "nosniff: $(header X-Content-Type-Options)"
    [ "$(header Referrer-Policy)" = no-referrer ] || fail "Referrer-Policy: $(header Referrer-Policy)"
    cmp -s body "$ROOT/web/index.html" || fail "GET / is not web/index.html"
    # No inline script or style: every <script> has a src and an empty body.
    tr '\n' ' ' < body | grep -o '<script[^>]*>[^<]*</script>' > scripts
    [ -s scripts ] || fail "no <script> at all"
    grep -v 'src="/app.js"' scripts | grep -q . && fail "another script: $(grep -v 'src="/app.js"' scripts)"
    grep -q '<script[^>]*>[^<[:space:]]' scripts && fail "a script with a body"
    grep -Eqi '<style| style=| on[a-z]+=|javascript:' body && fail "inline style or handler: $(grep -Eoi '<style| style=| on[a-z]+=' body | head -n 2)"
    grep -q 'href="/app.css"' body || fail "the page does not load /app.css"
    for file in app.js app.css; do
        call GET "/$file"
        expect_code 200 "GET /$file"
        cmp -s body "$ROOT/web/$file" || fail "GET /$file is not web/$file"
        header X-Content-Type-Options | grep -q nosniff || fail "/$file: no nosniff"
    done
    header Content-Type | grep -q '^text/css' || fail "app.css type: $(header Content-Type)"
    call GET /app.js
    header Content-Type | grep -Eq '^(text|application)/javascript' || fail "app.js type: $(header Content-Type)"
    call GET /sante
    expect_code 200 "GET /sante"
    [ "$(cat body)" = ok ] || fail "/sante says: $(head -c 100 body)"
    # One log line per request: time, method, route, status, bytes, ms.
    grep -Eq '^[0-9T:-]+Z GET /app.css 200 [0-9]+ [0-9]+ ms$' server.log ||
        fail "no log line for /app.css: $(tail -n 2 server.log | tr '\n' '|')"
    stop_server
}

# ------------------------------------------------------------ check

t_check_gives_the_calendar() {
    serve || return
    call POST /api/check -F classe=@"$SAMPLES/promotion-2027.xml"
    expect_code 200 "check"
    [ "$(header Content-Type)" = "application/json; charset=utf-8" ] || fail "type: $(header Content-Type)"
    [ "$(json 'd["status"]')" = ok ] || fail "status: $(json 'd["status"], d["message"]')"
    [ "$(json 'len(d["stages"])')" = 34 ] || fail "stages: $(json 'len(d["stages"])')"
    [ "$(json 'd["counts"]["errors"]')" = 0 ] || fail "errors: $(json 'd["counts"]')"
    [ "$(json 'sorted(set(s["file"] for s in d["stages"]))')" = '["promotion-2027.xml"]' ] ||
        fail "files named: $(json 'sorted(set(s["file"] for s in d["stages"]))')"
    (cd "$SAMPLES" && "$STAGEDOC" calendar --format=tsv promotion-2027.xml) > calendar.tsv 2> calendar.err ||
        fail "stagedoc calendar: $(cat calendar.err)"
    # Every stage's values, as the command line computes them.
    python3 - body calendar.tsv > differences <<'EOF' || fail "compare: $(cat differences)"
import json, sys
stages = {s["id"]: s for s in json.load(open(sys.argv[1]))["stages"]}
keys = {"debut": "start", "fin": "end", "semaines": "weeks", "date-limite-rapport": "report_deadline",
        "semaine-evaluation": "evaluation_week", "heures-presence": "presence_hours",
        "jours-presence": "presence_days", "mineur": "minor"}
seen = compared = 0
for block in open(sys.argv[2]).read().strip().split("\n\n"):
    values = dict(line.split("\t", 1) for line in block.splitlines())
    stage = stages.get(values["id"])
    seen += 1
    if not stage:
        print("no stage", values["id"]); continue
    for key, name in keys.items():
        if key in values:
            compared += 1
            if (stage[name] if stage[name] is not None else "-") != values[key]:
                print(values["id"], name, stage[name], "!=", values[key])
if seen != 34 or compared < 34 * 6:
    print("compared", seen, "stages,", compared, "values")
EOF
    [ -s differences ] && fail "other values than calendar: $(head -n 3 differences | tr '\n' '|')"
    [ "$(json '[s["evaluation_week"] for s in d["stages"] if s["id"] == "ET27-014"][0]')" = \
      "$(awk -F '\t' '$1 == "id" { id = $2 } id == "ET27-014" && $1 == "semaine-evaluation" { print $2 }' calendar.tsv)" ] ||
        fail "ET27-014's evaluation week differs"
    # The log holds no personal data: no name, no file name.
    grep -q 'ABADIE\|NDIAYE\|promotion-2027' server.log && fail "personal data in the log: $(grep -m 1 'ABADIE\|NDIAYE\|promotion' server.log)"
    stop_server
}

# A CSV class with a refused date, as the page shows it: the diagnostic's
# cell is the row's cell of that value, with its header and what to do.
t_check_points_at_the_refused_cell() {
    serve || return
    head -n 1 "$SAMPLES/classe.csv" > bad.csv
    sed -n 2p "$SAMPLES/classe.csv" | awk -F';' -v OFS=';' '{ $31 = "31/02/2027"; print }' >> bad.csv
    call POST /api/check -F "classe=@bad.csv;filename=ma classe.csv" \
        -F commun=@"$SAMPLES/import/stage-commun.xml"
    expect_code 200 "an invalid class is still checked"
    [ "$(json 'd["status"]')" = invalid ] || fail "status: $(json 'd["status"]')"
    [ "$(json 'd["counts"]["errors"]')" -ge 1 ] 2> /dev/null || fail "counts: $(json 'd["counts"]')"
    [ "$(json 'len(d["rows"])')" = 1 ] || fail "rows: $(json 'd["rows"]')"
    [ "$(json 'd["rows"][0]["debut"]')" = 31/02/2027 ] || fail "row's debut: $(json 'd["rows"][0]')"
    [ "$(json '[x["rule"] for x in d["diagnostics"] if x["severity"] == "error"]')" = '["cellule"]' ] ||
        fail "errors: $(json 'd["diagnostics"]')"
    error='[x for x in d["diagnostics"] if x["severity"] == "error"][0]'
    cell=$(json "${error}[\"cell\"]")
    [ -n "$cell" ] && [ "$cell" != None ] || fail "no cell: $(json "$error")"
    { [ "$cell" = "$(json 'd["rows"][0]["debut_cell"]')" ] || [ "$cell" = "$(json 'd["rows"][0]["fin_cell"]')" ]; } ||
        fail "cell $cell is not the row's date cell: $(json 'd["rows"][0]')"
    [ "$cell" = AE2 ] || fail "cell $cell, AE2 expected"
    [ "$(json "${error}[\"header\"]")" = "Date de début" ] || fail "header: $(json "${error}[\"header\"]")"
    json "${error}[\"todo\"]" | grep -q 'JJ/MM/AAAA' || fail "todo: $(json "${error}[\"todo\"]")"
    json "${error}[\"message\"]" | grep -q '31/02/2027' || fail "message: $(json "${error}[\"message\"]")"
    [ "$(json "${error}[\"file\"]")" = "ma classe.csv" ] || fail "file named $(json "${error}[\"file\"]"), not as uploaded"
    [ "$(json 'd["rows"][0]["file"]')" = "ma classe.csv" ] || fail "row's file: $(json 'd["rows"][0]["file"]')"
    grep -q 'stagedoc-serve\|/tmp' body && fail "a server path in the answer: $(grep -o '[^"]*stagedoc-serve[^"]*' body | head -n 1)"
    stop_server
}

# ------------------------------------------------------------ build

# DNS rebinding: on a loopback address the server answers to loopback
# names only; with --host, to those names only.
t_host_names_served() {
    serve --no-auth || return
    call GET /sante -H "Host: evil.example:$PORT"
    expect_error_json 421 "a foreign name on a loopback server"
    call GET /sante -H "Host: localhost:$PORT"
    expect_code 200 "localhost"
    call GET / -H "Host: [::1]:$PORT"
    expect_code 200 "[::1]"
    stop_server
    serve --no-auth --host stagedoc.lycee.example || return
    call GET /sante -H "Host: stagedoc.lycee.example"
    expect_code 200 "a --host name"
    call GET /sante -H "Host: autre.example"
    expect_error_json 421 "a name --host does not give"
    call GET /sante
    expect_code 200 "127.0.0.1 beside the --host names (a local health check)"
    stop_server
}

# 405 names the allowed methods; a field the API does not know is refused;
# a ZIP of PDFs given before a PDF is read too.
t_http_details() {
    serve --no-auth || return
    call PUT /api/check
    expect_error_json 405 "PUT"
    [ "$(header Allow)" = POST ] || fail "Allow: $(header Allow)"
    call POST /api/check -F classe=@"$SAMPLES/scolaire-majeur.xml" -F surprise=1
    expect_error_json 400 "an unknown field"
    "$STAGEDOC" build -o built "$SAMPLES/scolaire-majeur.xml" > /dev/null 2>&1
    python3 -c 'import sys, os, zipfile
with zipfile.ZipFile("pdfs.zip", "w") as z:
    for root, _, files in os.walk("built"):
        for f in files:
            if f.endswith(".pdf"): z.write(os.path.join(root, f), os.path.relpath(os.path.join(root, f), "built"))'
    call POST /api/signatures -F zip=@pdfs.zip -F pdf=@"$(find built -name attestation.pdf | head -n 1)"
    expect_code 200 "zip then pdf"
    [ "$(json 'len(set(x["file"] for x in d["signatures"]))')" -ge 4 ] ||
        fail "documents read: $(json '[x["file"] for x in d["signatures"]]')"
    stop_server
}

# A ZIP that unpacks past 4 × --max-body is refused with 413 before it
# fills the disk.
t_zip_bomb_413() {
    serve --no-auth --max-body 1M || return
    mkdir bomb
    head -c 3000000 /dev/zero > bomb/a.pdf
    cp bomb/a.pdf bomb/b.pdf
    python3 -c 'import zipfile
with zipfile.ZipFile("bomb.zip", "w", zipfile.ZIP_DEFLATED) as z:
    z.write("bomb/a.pdf", "a.pdf"); z.write("bomb/b.pdf", "b.pdf")'
    call POST /api/signatures -F zip=@bomb.zip
    expect_error_json 413 "a ZIP of 6 MB unpacked under --max-body 1M"
    [ -z "$(find tmp -type f)" ] || fail "left: $(find tmp -type f | head -n 3)"
    stop_server
}

# A client that never finishes its headers is cut off after some seconds
# (slowloris), and a stop refuses new connections at once.
t_slow_headers_cut_and_stop_refuses() {
    serve --no-auth || return
    python3 - "$PORT" > slow.out 2>&1 << 'EOF'
import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
start = time.time()
try:
    for c in b"GET /sante HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"a" * 40:
        s.send(bytes([c]))
        time.sleep(1)
        s.settimeout(0.01)
        try:
            if s.recv(100) == b"":
                break
        except socket.timeout:
            pass
except OSError:
    pass
print(round(time.time() - start))
EOF
    [ "$(cat slow.out)" -le 16 ] 2> /dev/null || fail "a slow client kept its connection $(cat slow.out) s"
    long_build
    sleep 0.5
    kill -TERM "$PID"
    sleep 0.3
    start=$(now_ms)
    curl -s -o /dev/null --max-time 5 "$URL/sante" && fail "a new connection was taken during the stop"
    [ $(($(now_ms) - start)) -lt 1000 ] || fail "a new connection waited $(($(now_ms) - start)) ms during the stop"
    wait "$LONG"
    [ "$(cat long.code)" = 200 ] || fail "the running build: HTTP $(cat long.code)"
    stop_server
}

# The fields that choose how documents are made: pdfa (PDF/A-1b, as
# build --pdfa) and langue=fr,en (as build --langue fr,en).
t_build_pdfa_and_languages_as_the_command_line() {
    serve || return
    call POST /api/build -F classe=@"$SAMPLES/etranger.xml" -F pdfa=oui -F langue=fr,en
    expect_code 200 "pdfa=oui langue=fr,en"
    mv body pdfa.zip
    unzip_into pdfa.zip zip
    (cd "$SAMPLES" && "$STAGEDOC" build --pdfa --langue fr,en -o "$OLDPWD/cli" etranger.xml) > /dev/null 2> cli.err ||
        fail "stagedoc build --pdfa: $(tail -n 2 cli.err)"
    same_files zip cli "pdfa=oui langue=fr,en"
    convention=$(find zip -name convention.pdf | head -n 1)
    head -c 8 "$convention" | grep -q '%PDF-1.4' || fail "not PDF 1.4: $(head -c 8 "$convention")"
    pdftotext "$convention" - 2> /dev/null | grep -qi "internship\|agreement" ||
        fail "no English in the bilingual convention"
}

t_build_gives_the_command_lines_bytes() {
    serve || return
    call POST /api/build -F classe=@"$SAMPLES/promotion-2027.xml"
    expect_code 200 "build"
    [ "$(header Content-Type)" = application/zip ] || fail "type: $(header Content-Type)"
    [ "$(header Content-Disposition)" = 'attachment; filename="documents.zip"' ] ||
        fail "disposition: $(header Content-Disposition)"
    mv body documents.zip
    unzip -tqq documents.zip > unzip.out 2>&1 || fail "unzip -t: $(head -n 2 unzip.out)"
    (cd "$SAMPLES" && "$STAGEDOC" build -o "$OLDPWD/cli" promotion-2027.xml) > /dev/null 2> cli.err ||
        fail "stagedoc build: $(tail -n 2 cli.err)"
    unzip_into documents.zip zip
    same_files zip cli "build"
    [ "$(find zip -name '*.pdf' | wc -l)" -ge 100 ] || fail "only $(find zip -name '*.pdf' | wc -l) PDF"
    call POST /api/build -F classe=@"$SAMPLES/promotion-2027.xml"
    cmp -s body documents.zip || fail "a second request gives other bytes"
    # One student, by the repeatable stage field.
    call POST /api/build -F classe=@"$SAMPLES/promotion-2027.xml" -F stage=ET27-014
    expect_code 200 "stage=ET27-014"
    mv body one.zip
    unzip_into one.zip one
    (cd "$SAMPLES" && "$STAGEDOC" build --stage ET27-014 -o "$OLDPWD/cli-one" promotion-2027.xml) > /dev/null 2>&1
    same_files one cli-one "stage=ET27-014"
    [ "$(ls -d one/*_* | wc -l)" = 1 ] && [ -d one/ET27-014_NDIAYE_Aissatou ] || fail "students: $(ls one | tr '\n' ' ')"
    # Some documents only.
    call POST /api/build -F classe=@"$SAMPLES/promotion-2027.xml" -F only=convention
    expect_code 200 "only=convention"
    mv body conventions.zip
    unzip_into conventions.zip conventions
    (cd "$SAMPLES" && "$STAGEDOC" build --only convention -o "$OLDPWD/cli-conventions" promotion-2027.xml) > /dev/null 2>&1
    same_files conventions cli-conventions "only=convention"
    [ -z "$(find conventions -name '*.pdf' ! -name convention.pdf)" ] || fail "other documents: $(find conventions -name '*.pdf' ! -name convention.pdf | head -n 2)"
    [ "$(find conventions -name convention.pdf | wc -l)" -ge 20 ] || fail "conventions: $(find conventions -name convention.pdf | wc -l)"
    # An invalid input: 422, the JSON of the run, no ZIP.
    sed 's|fin="2027-06-25"|fin="2027-09-25"|' "$SAMPLES/scolaire-majeur.xml" > trop-long.xml
    call POST /api/build -F classe=@trop-long.xml
    expect_code 422 "invalid input"
    [ "$(header Content-Type)" = "application/json; charset=utf-8" ] || fail "422 type: $(header Content-Type)"
    [ "$(json 'd["status"]')" = invalid ] || fail "422 status: $(json 'd["status"]')"
    [ "$(json '[(x["rule"], x["file"], x["line"]) for x in d["diagnostics"] if x["severity"] == "error"][0]')" = \
      "('duree', 'trop-long.xml', 79)" ] || fail "422 diagnostics: $(json 'd["diagnostics"]')"
    [ -z "$(header Content-Disposition)" ] || fail "422 is a download: $(header Content-Disposition)"
    stop_server
}

# ------------------------------------------------------------ bundle

bundle_parts() { # xml: curl arguments, one a line, for the files it cites
    cited_parts "$1" > parts
    [ "$(grep -c '=@' parts)" -ge 5 ] || fail "files cited by $1: $(grep '=@' parts | tr '\n' ' ')"
}

t_bundle_gives_the_command_lines_packages() {
    # The server runs where the cited files lie: it must still not use them.
    mkdir here && cp -R "$SAMPLES/rapports" "$SAMPLES/anglais" "$SAMPLES/logo-lycee-eiffel.png" here/
    SERVE_CWD=here serve || return
    bundle_parts "$SAMPLES/scolaire-mineur.xml"
    grep -q 'logo-lycee-eiffel.png=@' parts || fail "the logo is not sent"
    IFS='
'
    # shellcheck disable=SC2046 # one argument a line
    call POST /api/bundle -F classe=@"$SAMPLES/scolaire-mineur.xml" $(cat parts)
    unset IFS
    expect_code 200 "bundle"
    [ "$(header Content-Type)" = application/zip ] || fail "type: $(header Content-Type)"
    [ "$(header Content-Disposition)" = 'attachment; filename="paquets.zip"' ] ||
        fail "disposition: $(header Content-Disposition)"
    mv body paquets.zip
    unzip -tqq paquets.zip > unzip.out 2>&1 || fail "unzip -t: $(head -n 2 unzip.out)"
    unzip_into paquets.zip zip
    (cd "$SAMPLES" && "$STAGEDOC" bundle -o "$OLDPWD/cli" scolaire-mineur.xml) > /dev/null 2> cli.err ||
        fail "stagedoc bundle: $(tail -n 2 cli.err)"
    same_files zip cli "bundle"
    [ "$(find zip -name '*.zip' | wc -l)" = 1 ] || fail "packages: $(ls zip | tr '\n' ' ')"
    for package in zip/*.zip; do
        unzip -p "$package" rapport.pdf | cmp -s - "$SAMPLES/rapports/rapport-exemple.pdf" ||
            fail "the package's report is not the one sent"
    done
    # The files are looked for among the parts only, not where the server runs.
    call POST /api/bundle -F classe=@"$SAMPLES/scolaire-mineur.xml"
    expect_code 422 "bundle without the cited files"
    [ "$(json '[x["rule"] for x in d["diagnostics"] if x["severity"] == "error"].count("fichiers")')" -ge 4 ] 2> /dev/null ||
        fail "missing files not said: $(json '[(x["rule"], x["message"]) for x in d["diagnostics"]]')"
    stop_server
}

# expect_outside WHAT: a 422 whose errors are [chemin].
expect_outside() {
    expect_code 422 "$1"
    [ "$(json 'd["status"]')" = invalid ] || fail "$1: status $(json 'd["status"]')"
    rules=$(json 'sorted(set(x["rule"] for x in d["diagnostics"] if x["severity"] == "error"))')
    echo "$rules" | grep -q '"chemin"' ||
        fail "$1: no [chemin] error: $(json '[(x["rule"], x["message"]) for x in d["diagnostics"] if x["severity"] == "error"]')"
    echo "$rules" | grep -q '"pdf"' && fail "$1: the server read the file outside: $rules"
    true
}

t_bundle_resolves_files_among_the_uploads_only() {
    serve || return
    english="-F anglais/variable-frequency-drive.pdf=@$SAMPLES/anglais/variable-frequency-drive.pdf
-F anglais/heat-pumps-schools.pdf=@$SAMPLES/anglais/heat-pumps-schools.pdf
-F anglais/electricians-transition.pdf=@$SAMPLES/anglais/electricians-transition.pdf"
    for path in ../../etc/passwd /etc/passwd; do
        sed "s#fichier=\"rapports/rapport-exemple.pdf\"#fichier=\"$path\"#" "$SAMPLES/scolaire-majeur.xml" > cites.xml
        # shellcheck disable=SC2086 # word splitting wanted
        call POST /api/bundle -F classe=@cites.xml $english
        expect_outside "XML citing $path"
    done
    # A workbook (CSV) citing a file outside, in its Rapport column.
    head -n 1 "$SAMPLES/classe.csv" > cites.csv
    sed -n 2p "$SAMPLES/classe.csv" | awk -F';' -v OFS=';' '{ $33 = "/etc/passwd"; print }' >> cites.csv
    # shellcheck disable=SC2086
    call POST /api/bundle -F classe=@cites.csv -F commun=@"$SAMPLES/import/stage-commun.xml" $english
    expect_outside "CSV citing /etc/passwd"
    [ "$(json '[x["cell"] for x in d["diagnostics"] if x["rule"] == "chemin"]')" = '["AG2"]' ] ||
        fail "CSV: [chemin] not at the Rapport cell AG2: $(json '[(x["rule"], x["cell"]) for x in d["diagnostics"]]')"
    # A part named with a path that climbs out: refused as a request.
    call POST /api/bundle -F classe=@"$SAMPLES/scolaire-majeur.xml" -F "../x=@$SAMPLES/rapports/rapport-exemple.pdf"
    expect_error_json 400 "a part named ../x"
    json 'd["message"]' | grep -q '\.\./x' || fail "the message does not name the part: $(json 'd["message"]')"
    stop_server
}

# ------------------------------------------------------------ verify, signatures

# flip_byte FILE OFFSET: the byte at offset complemented.
flip_byte() {
    old=$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' ')
    printf "\\$(printf '%03o' $((255 - old)))" | dd of="$1" bs=1 seek="$2" conv=notrunc 2> /dev/null
}

t_verify_gives_a_verdict_per_package() {
    (cd "$SAMPLES" && "$STAGEDOC" bundle -o "$OLDPWD/pk" scolaire-majeur.xml) > /dev/null 2> bundle.err ||
        { fail "stagedoc bundle: $(cat bundle.err)"; return; }
    cp pk/*.zip sain.zip
    cp sain.zip altere.zip
    flip_byte altere.zip "$(grep -obUa '%%EOF' altere.zip | sed -n 2p | cut -d: -f1)"
    cmp -s sain.zip altere.zip && { fail "the byte was not changed"; return; }
    serve || return
    call POST /api/verify -F paquet=@sain.zip
    expect_code 200 "verify a sound package"
    [ "$(json '[(p["file"], p["verdict"], p["ok"]) for p in d["packages"]]')" = '[["sain.zip", "complet", "oui"]]' ] ||
        fail "sound: $(json 'd["packages"]')"
    [ "$(json 'd["status"]')" = ok ] || fail "sound: status $(json 'd["status"]')"
    [ "$(json 'd["packages"][0]["pieces"]')" = 8 ] || fail "pieces: $(json 'd["packages"][0]["pieces"]')"
    call POST /api/verify -F paquet=@altere.zip
    expect_code 200 "verify a changed package"
    [ "$(json '[(p["file"], p["verdict"], p["ok"]) for p in d["packages"]]')" = '[["altere.zip", "altere", "non"]]' ] ||
        fail "changed: $(json 'd["packages"]')"
    [ "$(json 'd["status"]')" = invalid ] || fail "changed: status $(json 'd["status"]')"
    # Both in one ZIP: a verdict each.
    zip -q0 deux.zip sain.zip altere.zip
    call POST /api/verify -F paquet=@deux.zip
    expect_code 200 "verify a ZIP of packages"
    [ "$(json 'sorted((p["file"], p["verdict"]) for p in d["packages"])')" = '[["altere.zip", "altere"], ["sain.zip", "complet"]]' ] ||
        fail "two: $(json '[(p["file"], p["verdict"]) for p in d["packages"]]')"
    call POST /api/verify -F autre=@sain.zip
    expect_error_json 400 "verify without a paquet part"
    stop_server
}

t_signatures_of_a_built_convention() {
    (cd "$SAMPLES" && "$STAGEDOC" build -o "$OLDPWD/docs" scolaire-mineur.xml) > /dev/null 2> build.err ||
        { fail "stagedoc build: $(cat build.err)"; return; }
    convention=$(find docs -name convention.pdf)
    "$STAGEDOC" signatures "$convention" > cli.out 2> /dev/null
    [ "$(grep -c 'non signé' cli.out)" = 6 ] || fail "the command line sees: $(cat cli.out)"
    serve || return
    call POST /api/signatures -F pdf=@"$convention"
    expect_code 200 "signatures"
    [ "$(json 'len(d["signatures"])')" = 6 ] || fail "fields: $(json 'd["signatures"]')"
    [ "$(json 'sorted(set((s["document"], s["signed"], s["file"]) for s in d["signatures"]))')" = \
      '[["convention", "non", "convention.pdf"]]' ] || fail "fields: $(json 'd["signatures"]')"
    sed -n 's/.*champ « \([^»]*\) ».*/\1/p' cli.out > cli.fields
    json '"\n".join(s["field"] for s in d["signatures"])' > http.fields
    cmp -s cli.fields http.fields || fail "other fields than the command line's: $(tr '\n' ' ' < http.fields)"
    # PDFs in one ZIP.
    (cd docs && zip -q ../pdfs.zip */convention.pdf */attestation.pdf)
    call POST /api/signatures -F zip=@pdfs.zip
    expect_code 200 "signatures of a ZIP"
    [ "$(json 'sorted(set(s["document"] for s in d["signatures"]))')" = '["attestation", "convention"]' ] ||
        fail "documents of the ZIP: $(json 'd["signatures"]')"
    [ "$(json 'sum(1 for s in d["signatures"] if s["document"] == "convention")')" = 6 ] ||
        fail "convention's fields in the ZIP: $(json 'd["signatures"]')"
    stop_server
}

# ------------------------------------------------------------ workbooks

t_workbook_templates() {
    "$STAGEDOC" init --tableur modele > /dev/null 2> init.err || fail "init --tableur: $(cat init.err)"
    serve || return
    for kind in xlsx ods csv; do
        call GET "/api/modele/classe.$kind"
        expect_code 200 "template $kind"
        cp body "template.$kind"
        header Content-Disposition | grep -q '^attachment; filename="[A-Za-z0-9._-]*"$' ||
            fail "$kind: disposition $(header Content-Disposition)"
    done
    cp head head.csv
    [ "$(header Content-Type head.csv)" = application/zip ] || fail "csv type: $(header Content-Type head.csv)"
    call GET /api/modele/classe.xlsx
    [ "$(header Content-Type)" = application/vnd.openxmlformats-officedocument.spreadsheetml.sheet ] ||
        fail "xlsx type: $(header Content-Type)"
    call GET /api/modele/classe.ods
    [ "$(header Content-Type)" = application/vnd.oasis.opendocument.spreadsheet ] ||
        fail "ods type: $(header Content-Type)"
    cmp -s template.xlsx modele/classe.xlsx || fail "the xlsx template is not init --tableur's"
    cmp -s template.ods modele/classe.ods || fail "the ods template is not init --tableur's"
    "$STAGEDOC" check template.xlsx > check.out 2> check.err || fail "check of the xlsx template: $(tail -n 2 check.err)"
    grep -q '4 stages' check.err || fail "the template is not the example class: $(tail -n 1 check.err)"
    # The CSV files in a ZIP: whole, and init --tableur's files.
    unzip -tqq template.csv > unzip.out 2>&1 || fail "the csv template is not a whole ZIP: $(head -n 2 unzip.out | tr '\n' ' ')"
    if unzip_into template.csv csv 2> /dev/null; then
        same_files csv modele/classe "csv template"
    fi
    call POST /api/modele/classe.xlsx
    expect_error_json 405 "POST to a template"
    stop_server
}

t_export_gives_the_command_lines_workbook() {
    mkdir cli && cp "$SAMPLES/promotion-2027.xml" cli/
    (cd cli && "$STAGEDOC" export -o classe.xlsx promotion-2027.xml && "$STAGEDOC" export -o classe.ods promotion-2027.xml) \
        > /dev/null 2> export.err || fail "stagedoc export: $(cat export.err)"
    serve || return
    for kind in xlsx ods; do
        call POST /api/export -F classe=@"$SAMPLES/promotion-2027.xml" -F format=$kind
        expect_code 200 "export $kind"
        [ "$(header Content-Disposition)" = "attachment; filename=\"classe.$kind\"" ] ||
            fail "$kind: disposition $(header Content-Disposition)"
        cmp -s body "cli/classe.$kind" || fail "export $kind: not the bytes of stagedoc export"
        grep -aq 'stagedoc-serve' body || unzip -p body 2> /dev/null | grep -aq 'stagedoc-serve' &&
            fail "export $kind: the server's folder is in the workbook: $(unzip -p body | grep -ao '[^>]*stagedoc-serve[^<]*' | head -n 1)"
    done
    cp body export.ods
    "$STAGEDOC" check export.ods > /dev/null 2> check.err || fail "check of the exported workbook: $(tail -n 2 check.err)"
    call POST /api/export -F classe=@"$SAMPLES/promotion-2027.xml" -F format=pdf
    expect_error_json 400 "format=pdf"
    stop_server
}

# ------------------------------------------------------------ statuses

t_refusals_400_404_405() {
    serve || return
    call GET /nulle-part
    expect_error_json 404 "GET /nulle-part"
    header Content-Security-Policy | grep -q "default-src 'self'" || fail "404 without CSP"
    call GET /api/build
    expect_error_json 405 "GET /api/build"
    call POST /sante
    expect_error_json 405 "POST /sante"
    call POST /api/check -d 'classe=promotion'
    expect_error_json 400 "not multipart"
    call POST /api/check -F autre=@"$SAMPLES/promotion-2027.xml"
    expect_error_json 400 "no classe part"
    json 'd["message"]' | grep -q 'classe' || fail "the message does not name the part: $(json 'd["message"]')"
    call POST /api/check -H 'Content-Type: multipart/form-data; boundary=----limite' --data-binary 'pas un formulaire'
    [ "$CODE" = 400 ] || fail "a broken form: HTTP $CODE: $(head -c 200 body)"
    stop_server
}

# Python: a request that declares BYTES of body, sends a few, and says the
# status line and how long the answer took (ms).
declared_body() { # port bytes
    python3 - "$1" "$2" <<'EOF'
import socket, sys, time
port, length = int(sys.argv[1]), int(sys.argv[2])
s = socket.create_connection(("127.0.0.1", port), timeout=20)
start = time.monotonic()
s.sendall(("POST /api/build HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
           "Content-Type: multipart/form-data; boundary=----limite\r\nContent-Length: %d\r\n\r\n"
           % (port, length)).encode() + b"------limite\r\nContent-Disposition: form-data; name=\"classe\"\r\n\r\n")
answer = b""
try:
    while b"\r\n\r\n" not in answer:
        chunk = s.recv(65536)
        if not chunk:
            break
        answer += chunk
except socket.timeout:
    pass
print(int((time.monotonic() - start) * 1000), answer.split(b"\r\n", 1)[0].decode(errors="replace"))
EOF
}

t_too_large_413() {
    serve --max-body 1M || return
    # Declared: 1 GiB announced, 80 bytes sent; the answer cannot wait for it.
    declared_body "$PORT" 1073741824 > declared.out 2> declared.err
    read -r ms _ status _ < declared.out
    [ "$status" = 413 ] || fail "declared 1 GiB: $(cat declared.out declared.err)"
    [ "${ms:-99999}" -lt $((2000 * SLOW)) ] || fail "declared 1 GiB: answered after $ms ms"
    until_true 5 grep -q ' POST /api/build 413 ' server.log || fail "no log line: $(tail -n 2 server.log)"
    logged=$(grep ' POST /api/build 413 ' server.log | head -n 1 | awk '{ print $(NF - 1) }')
    [ "${logged:-99999}" -lt $((2000 * SLOW)) ] || fail "the log says $logged ms"
    # The same with curl and a real body over the limit.
    head -c 2097152 /dev/zero | tr '\0' 'a' > big.xml
    call POST /api/check -F classe=@big.xml -H 'Expect:'
    expect_error_json 413 "2 MiB declared"
    json 'd["message"]' | grep -q 'max-body' || fail "the message: $(json 'd["message"]')"
    # Chunked: no length declared, counted as it comes.
    call POST /api/check -H 'Transfer-Encoding: chunked' -F classe=@big.xml
    expect_error_json 413 "2 MiB chunked"
    # Under the limit, the same route works.
    call POST /api/check -F classe=@"$SAMPLES/scolaire-majeur.xml"
    expect_code 200 "a small class after 413s"
    stop_server
}

t_other_origin_403() {
    serve || return
    call POST /api/check -F classe=@"$SAMPLES/scolaire-majeur.xml" -H 'Origin: http://evil.example'
    expect_error_json 403 "Origin http://evil.example"
    call POST /api/check -F classe=@"$SAMPLES/scolaire-majeur.xml" -H 'Sec-Fetch-Site: cross-site'
    expect_error_json 403 "Sec-Fetch-Site: cross-site"
    call POST /api/check -F classe=@"$SAMPLES/scolaire-majeur.xml" -H "Origin: http://evil.example:$PORT"
    expect_error_json 403 "Origin on another host, same port"
    call POST /api/check -F classe=@"$SAMPLES/scolaire-majeur.xml" -H "Origin: $URL" -H 'Sec-Fetch-Site: same-origin'
    expect_code 200 "the same origin"
    [ "$(json 'd["status"]')" = ok ] || fail "same origin: $(json 'd["status"]')"
    stop_server
}

t_logins_401() {
    printf 'motdepasse-assez-long\n' | "$STAGEDOC" serve --users users --add-user prof > add.out 2> add.err ||
        fail "--add-user: $(cat add.err)"
    grep -q '^prof:' users || fail "users file: $(cat users)"
    grep -q 'motdepasse' users && fail "the password is in the users file"
    serve --users users || return
    call POST /api/check -F classe=@"$SAMPLES/scolaire-majeur.xml"
    expect_error_json 401 "no login"
    header WWW-Authenticate | grep -q '^Basic realm="stagedoc"' || fail "WWW-Authenticate: $(header WWW-Authenticate)"
    call POST /api/check -F classe=@"$SAMPLES/scolaire-majeur.xml" -u prof:mauvais-mot-de-passe
    expect_error_json 401 "wrong password"
    call POST /api/check -F classe=@"$SAMPLES/scolaire-majeur.xml" -u autre:motdepasse-assez-long
    expect_error_json 401 "unknown login"
    call GET / 
    expect_code 401 "the page without login"
    call POST /api/check -F classe=@"$SAMPLES/scolaire-majeur.xml" -u prof:motdepasse-assez-long
    expect_code 200 "the right login"
    [ "$(json 'd["status"]')" = ok ] || fail "with login: $(json 'd["status"]')"
    call GET / -u prof:motdepasse-assez-long
    expect_code 200 "the page with login"
    call GET /sante
    expect_code 200 "/sante needs no login"
    stop_server
}

t_other_address_needs_logins() {
    RC=0
    timeout $((10 * SLOW)) "$STAGEDOC" serve --listen 0.0.0.0 --port "$(free_port)" > out 2> err || RC=$?
    [ "$RC" = 2 ] || fail "exit $RC, 2 expected: $(cat err)"
    grep -q "refus d'écouter sur 0.0.0.0 sans identification" err || fail "message: $(cat err)"
    grep -q -- '--users' err && grep -q -- '--no-auth' err || fail "the message does not say what to do: $(cat err)"
    grep -q "à l'écoute" err && fail "it listened: $(cat err)"
    RC=0
    timeout $((10 * SLOW)) "$STAGEDOC" serve --listen :: --port "$(free_port)" > out 2> err || RC=$?
    [ "$RC" = 2 ] || fail "::: exit $RC, 2 expected: $(cat err)"
}

# What keeps the server from starting says why, with its exit code: a
# logins file with a broken line (3, its line), a certificate without its
# key (2), a certificate that cannot be read (3).
t_start_refusals_say_why() {
    printf 'prof:pbkdf2-sha256:pas-un-nombre:AAAA:BBBB\n' > utilisateurs
    RC=0
    timeout $((10 * SLOW)) "$STAGEDOC" serve --users utilisateurs --port "$(free_port)" > out 2> err || RC=$?
    [ "$RC" = 3 ] || fail "broken logins file: exit $RC, 3 expected: $(cat err)"
    grep -q "utilisateurs, ligne 1 :.*À faire" err || fail "broken logins file: the message names no file and line: $(cat err)"
    RC=0
    timeout $((10 * SLOW)) "$STAGEDOC" serve --tls-cert cert.pem --port "$(free_port)" > out 2> err || RC=$?
    [ "$RC" = 2 ] || fail "a certificate without its key: exit $RC, 2 expected: $(cat err)"
    grep -q -- "--tls-key" err || fail "a certificate without its key: $(cat err)"
    RC=0
    timeout $((10 * SLOW)) "$STAGEDOC" serve --tls-cert absent.pem --tls-key absente.pem --port "$(free_port)" \
        > out 2> err || RC=$?
    [ "$RC" = 3 ] || fail "an unreadable certificate: exit $RC, 3 expected: $(cat err)"
    grep -q "certificat absent.pem" err || fail "an unreadable certificate: $(cat err)"
    grep -q "à l'écoute" err && fail "it listened: $(cat err)"
}

# ------------------------------------------------------------ load and faults

t_queue_full_429() {
    serve -j 1 --queue 0 || return
    long_build
    call POST /api/check -F classe=@"$SAMPLES/scolaire-majeur.xml"
    expect_error_json 429 "a second job while one runs (-j 1 --queue 0)"
    [ "$(header Retry-After)" -ge 1 ] 2> /dev/null || fail "Retry-After: $(header Retry-After)"
    # /sante says the server cannot take work now, then that it can again.
    call GET /sante
    expect_error_json 503 "/sante while every job and queue place is taken"
    wait "$LONG"
    [ "$(cat long.code)" = 200 ] || fail "the long build: HTTP $(cat long.code): $(head -c 200 long.body)"
    unzip -tqq long.body > /dev/null 2>&1 || fail "the long build's ZIP is not whole"
    call GET /sante
    expect_code 200 "/sante once the job is done"
    call POST /api/check -F classe=@"$SAMPLES/scolaire-majeur.xml"
    expect_code 200 "the next job once the first is done"
    stop_server
}

t_timeout_503() {
    serve --timeout 1 || return
    long_build
    wait "$LONG"
    [ "$(cat long.code)" = 503 ] || fail "past --timeout: HTTP $(cat long.code): $(head -c 200 long.body)"
    cp long.body body && cp long.head head && CODE=$(cat long.code)
    expect_error_json 503 "past --timeout"
    json 'd["message"]' | grep -q 'timeout' || fail "message: $(json 'd["message"]')"
    until_true 5 sh -c "! pgrep -P $PID > /dev/null" || fail "the job is still running: $(children)"
    call POST /api/check -F classe=@"$SAMPLES/scolaire-majeur.xml"
    expect_code 200 "the next request"
    stop_server
}

t_killed_job_500_and_the_next_works() {
    serve -j 1 || return
    long_build
    job=$(children | head -n 1)
    kill -KILL "$job" || fail "cannot kill job $job"
    wait "$LONG"
    cp long.body body && cp long.head head && CODE=$(cat long.code)
    expect_error_json 500 "a job killed"
    call POST /api/check -F classe=@"$SAMPLES/scolaire-majeur.xml"
    expect_code 200 "the next request"
    [ "$(json 'd["status"]')" = ok ] || fail "next: $(json 'd["status"]')"
    call POST /api/build -F classe=@"$SAMPLES/scolaire-majeur.xml"
    expect_code 200 "the next build"
    kill -0 "$PID" || fail "the server died"
    stop_server
}

uploaded_part() { [ -n "$(find tmp -path '*/parts/*' -type f -size +0 2> /dev/null)" ]; }
nothing_kept() { [ -z "$(find tmp -mindepth 2 2> /dev/null)" ]; }

t_client_gone_mid_upload_leaves_nothing() {
    serve || return
    head -c 4194304 /dev/zero | tr '\0' 'x' > big.csv
    RC=0
    curl -sS -o /dev/null --limit-rate 256k --max-time 3 -F classe=@big.csv "$URL/api/check" 2> curl.err &
    client=$!
    until_true 5 uploaded_part || fail "no upload seen on the server's disk (the test sees nothing)"
    wait "$client" || RC=$?
    [ "$RC" = 28 ] || fail "curl ended with $RC, 28 (timeout) expected: $(cat curl.err)"
    until_true $((5 * SLOW)) nothing_kept || fail "left after the client went: $(find tmp -mindepth 2 | head -n 5 | tr '\n' ' ')"
    until_true 5 grep -q ' POST /api/check 499 ' server.log || fail "no 499 in the log: $(tail -n 2 server.log)"
    ls -d tmp/stagedoc-serve-* > /dev/null 2>&1 || fail "no uploads folder while running: $(ls tmp)"
    call GET /sante
    expect_code 200 "the server after the client left"
    stop_server
}

# A client that leaves while its job runs: the job is killed, nothing kept.
t_client_gone_mid_job_kills_it() {
    serve -j 1 || return
    sh "$ROOT/tests/make-promotion.sh" "$LONG_STAGES" > long.xml
    curl -sS -o /dev/null -F classe=@long.xml "$URL/api/build" 2> curl.err &
    client=$!
    until_true $((10 * SLOW)) has_child || fail "no job started"
    job=$(children | head -n 1)
    kill -TERM "$client"
    wait "$client" 2> /dev/null
    until_true $((5 * SLOW)) sh -c "! kill -0 $job 2> /dev/null" || fail "job $job still runs after its client left"
    until_true $((5 * SLOW)) nothing_kept || fail "left after the client went: $(find tmp -mindepth 2 | head -n 5 | tr '\n' ' ')"
    until_true 5 grep -q ' POST /api/build 499 ' server.log || fail "no 499 in the log: $(tail -n 2 server.log)"
    call POST /api/check -F classe=@"$SAMPLES/scolaire-majeur.xml"
    expect_code 200 "the next request (-j 1)"
    stop_server
}

# Python: a request sent one body byte a second; says when the server cut
# it (ms) and what it answered.
slow_client() { # port
    python3 - "$1" <<'EOF'
import select, socket, sys, time
port = int(sys.argv[1])
s = socket.create_connection(("127.0.0.1", port), timeout=5)
start = time.monotonic()
s.sendall(("POST /api/check HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
           "Content-Type: multipart/form-data; boundary=----limite\r\nContent-Length: 400\r\n\r\n"
           "------limite\r\nContent-Disposition: form-data; name=\"classe\"; filename=\"classe.xml\"\r\n\r\n"
           % port).encode())
answer, cut = b"", False
while time.monotonic() - start < 60 and not cut:
    try:
        s.sendall(b"-")
    except OSError:
        cut = True
        break
    ready, _, _ = select.select([s], [], [], 1.0)
    if ready:
        try:
            chunk = s.recv(4096)
        except OSError:
            chunk = b""
        answer += chunk
        cut = not chunk
print("cut" if cut else "open", int((time.monotonic() - start) * 1000),
      answer.split(b"\r\n", 1)[0].decode(errors="replace"))
EOF
}

t_slow_client_is_cut_and_holds_no_job() {
    serve --timeout 3 -j 1 --queue 0 || return
    slow_client "$PORT" > slow.out 2> slow.err &
    slow=$!
    sleep 1
    call POST /api/check -F classe=@"$SAMPLES/scolaire-majeur.xml"
    expect_code 200 "a request while a slow client sends (-j 1 --queue 0)"
    wait "$slow"
    read -r state ms _ < slow.out
    [ "$state" = cut ] || fail "the slow client was not cut: $(cat slow.out slow.err)"
    [ "${ms:-0}" -ge 2500 ] && [ "${ms:-99999}" -le $((3000 + 3000 * SLOW)) ] ||
        fail "cut after $ms ms, --timeout 3"
    until_true 5 grep -q ' POST /api/check 408 ' server.log || fail "no 408 in the log: $(tail -n 3 server.log | tr '\n' '|')"
    until_true 5 nothing_kept || fail "left by the slow client: $(find tmp -mindepth 2 | head -n 3)"
    stop_server
}

t_sigterm_lets_the_running_job_answer() {
    serve || return
    long_build
    uploads=$(ls -d tmp/stagedoc-serve-*)
    [ -d "$uploads" ] || fail "no uploads folder: $(ls tmp)"
    kill -TERM "$PID"
    wait "$LONG"
    [ "$(cat long.code)" = 200 ] || fail "the running job after SIGTERM: HTTP $(cat long.code): $(head -c 200 long.body)"
    unzip -tqq long.body > /dev/null 2>&1 || fail "its ZIP is not whole"
    [ "$(unzip -Z1 long.body | grep -c '/convention.pdf$')" -ge $((LONG_STAGES * 3 / 4)) ] ||
        fail "conventions in its ZIP: $(unzip -Z1 long.body | grep -c '/convention.pdf$')"
    RC=0
    wait "$PID" || RC=$?
    [ "$RC" = 0 ] || fail "exit $RC after SIGTERM: $(tail -n 3 server.log | tr '\n' '|')"
    [ -e "$uploads" ] && fail "the uploads folder is still there: $(find "$uploads" | head -n 3)"
    grep -q ' POST /api/build 200 ' server.log || fail "no log line for the job: $(tail -n 3 server.log | tr '\n' '|')"
    grep -q 'interrompue' server.log && fail "a request interrupted: $(grep interrompue server.log)"
    true
}

# ------------------------------------------------------------ TLS

t_tls() {
    openssl req -x509 -newkey rsa:2048 -nodes -keyout key.pem -out cert.pem -days 2 \
        -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 > openssl.out 2>&1 ||
        { fail "openssl: $(tail -n 2 openssl.out)"; return; }
    serve --tls-cert cert.pem --tls-key key.pem || return
    grep -q "à l'écoute sur https://127.0.0.1:$PORT/" server.log || fail "start line: $(head -n 1 server.log)"
    URL=https://127.0.0.1:$PORT
    call GET /sante --cacert cert.pem
    expect_code 200 "/sante over TLS"
    [ "$(cat body)" = ok ] || fail "/sante over TLS: $(head -c 100 body)"
    call POST /api/check --cacert cert.pem -F classe=@"$SAMPLES/promotion-2027.xml"
    expect_code 200 "check over TLS"
    [ "$(json 'len(d["stages"])')" = 34 ] || fail "check over TLS: $(json 'd["status"]')"
    CODE=$(curl -sS -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:$PORT/sante" 2> /dev/null)
    [ "$CODE" = 200 ] && fail "plain HTTP answered 200 on the TLS port"
    stop_server
}

TESTS="page_and_its_files check_gives_the_calendar check_points_at_the_refused_cell
    host_names_served http_details zip_bomb_413 slow_headers_cut_and_stop_refuses
    build_pdfa_and_languages_as_the_command_line
build_gives_the_command_lines_bytes bundle_gives_the_command_lines_packages
bundle_resolves_files_among_the_uploads_only verify_gives_a_verdict_per_package
signatures_of_a_built_convention workbook_templates export_gives_the_command_lines_workbook
refusals_400_404_405 too_large_413 other_origin_403 logins_401 other_address_needs_logins
    start_refusals_say_why
queue_full_429 timeout_503 killed_job_500_and_the_next_works client_gone_mid_upload_leaves_nothing
client_gone_mid_job_kills_it
slow_client_is_cut_and_holds_no_job sigterm_lets_the_running_job_answer tls"
run_tests serve "${SERVE_TESTS:-$TESTS}" # SERVE_TESTS: some of them only
