#!/bin/sh
# tests/e2e/cli.sh — end-to-end tests of the stagedoc command line.
#
#   sh tests/e2e/cli.sh                      (binary: $STAGEDOC, default ./stagedoc)
#   STAGEDOC=build/e2e/stagedoc sh tests/e2e/cli.sh
#
# Works from any directory: fixtures and samples are found relative to this
# script (the repository root is two levels up). Each test is a shell
# function t_NAME run in its own subshell and folder; it ends with `fail WHY`
# (or `skip WHY`) or returns normally. Output: one "ok - NAME" or
# "not ok - NAME: WHY" line per test, then "N passed, N failed" alone on the
# last line. Exit status 0 only if no test failed.
#
# Expected calendar values are computed by hand from the input contract
# (/work/shared/design/input-format.md), never copied from the program.

set -u

SCRIPT_DIR=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd) || exit 3
ROOT=$(CDPATH='' cd -- "$SCRIPT_DIR/../.." && pwd) || exit 3
FIX=$SCRIPT_DIR/fixtures
SAMPLES=$ROOT/samples

# The binary: $STAGEDOC, else ./stagedoc (from the caller's folder), else the
# repository's ./stagedoc. Made absolute, because every test runs elsewhere.
if [ -z "${STAGEDOC:-}" ]; then
    if [ -x ./stagedoc ]; then STAGEDOC=./stagedoc; else STAGEDOC=$ROOT/stagedoc; fi
fi
case $STAGEDOC in
/*) ;;
*/*) STAGEDOC=$(pwd)/$STAGEDOC ;;
*) STAGEDOC=$(command -v "$STAGEDOC" 2>/dev/null || printf '%s' "$(pwd)/$STAGEDOC") ;;
esac

TMP=$(mktemp -d "${TMPDIR:-/tmp}/stagedoc-e2e.XXXXXX") || exit 3
trap 'rm -rf "$TMP"' EXIT
trap 'exit 130' INT TERM HUP

TAB=$(printf '\t')

# ---------------------------------------------------------------- helpers

# fail WHY: ends the current test (a subshell) as failed.
fail() {
    printf '%s\n' "$*" | tr '\n' ' ' | cut -c1-400 > "$WHY"
    exit 1
}

# skip WHY: ends the current test as passed, reported with "# SKIP WHY".
skip() {
    printf '%s\n' "$*" > "$SKIP"
    exit 0
}

# sd ARGS...: runs stagedoc; stdout in ./out, stderr in ./err, status in $RC.
sd() {
    "$STAGEDOC" "$@" > out 2> err
    RC=$?
}

# Like sd, bounded in time when timeout(1) exists (status 124 on timeout).
sd_limited() {
    secs=$1
    shift
    if command -v timeout > /dev/null 2>&1; then
        timeout "$secs" "$STAGEDOC" "$@" > out 2> err
    else
        "$STAGEDOC" "$@" > out 2> err
    fi
    RC=$?
}

# The first lines of stderr, for failure messages.
errs() {
    head -n 3 err | cut -c1-160 | tr '\n' '|'
}

expect_rc() {
    [ "$RC" = "$1" ] || fail "exit status $RC, expected $1; stderr: $(errs)"
}

# pos FILE PATTERN [N]: "FILE:LINE:COL" of PATTERN (fixed string) on the Nth
# line that contains it; empty when there is no such line.
pos() {
    awk -v p="$2" -v n="${3:-1}" -v f="$1" \
        'index($0, p) { if (++seen == n) { print f ":" NR ":" index($0, p); exit } }' "$1"
}

# expect_diag SEVERITY RULE FILE PATTERN [N] [STAGE-ID]: stderr has a
# diagnostic of that severity and rule at the position of PATTERN in FILE.
expect_diag() {
    at=$(pos "$3" "$4" "${5:-1}")
    [ -n "$at" ] || fail "test bug: no line with '$4' in $3"
    if [ -n "${6:-}" ]; then
        want="$at: $1: [$2] $6 : "
    else
        want="$at: $1: [$2] "
    fi
    grep -qF -- "$want" err ||
        fail "stderr lacks '$want'; [$2] lines: $(grep -F "[$2]" err | cut -c1-160 | tr '\n' '|') stderr: $(errs)"
}

# expect_err_text TEXT: stderr contains TEXT.
expect_err_text() {
    grep -qF -- "$1" err || fail "stderr lacks '$1'; stderr: $(errs)"
}

# expect_no_rule RULE: no diagnostic of that rule (after a check that ran).
expect_no_rule() {
    expect_summary
    if grep -qF -- "[$1]" err; then fail "unexpected [$1]: $(grep -F "[$1]" err | head -n 2 | cut -c1-200 | tr '\n' '|')"; fi
}

# expect_no_errors: the check ran (summary printed) and reported no error.
expect_no_errors() {
    expect_summary
    case $(tail -n 1 err) in
    *" : 0 erreur, "*) ;;
    *) fail "summary counts errors: '$(tail -n 1 err)'" ;;
    esac
    if grep -q ': erreur: ' err; then fail "unexpected error line: $(grep ': erreur: ' err | head -n 2 | cut -c1-200 | tr '\n' '|')"; fi
}

# expect_summary: the last line of stderr is the check summary.
expect_summary() {
    last=$(tail -n 1 err)
    case $last in
    "stagedoc check : "*) ;;
    *) fail "last stderr line is not the summary: '$last'" ;;
    esac
}

# mk OUT FIXTURE [SED-ARGS...]: a fixture copied (through sed) into this test's folder.
mk() {
    out=$1
    src=$2
    shift 2
    [ -f "$FIX/$src" ] || fail "missing fixture tests/e2e/fixtures/$src"
    if [ $# -gt 0 ]; then
        sed "$@" "$FIX/$src" > "$out" || fail "sed failed on $src"
    else
        cp "$FIX/$src" "$out" || fail "cannot copy $src"
    fi
    cmp -s "$out" "$FIX/$src" && [ $# -gt 0 ] && fail "test bug: sed $* changed nothing in $src"
    return 0
}

# after FILE PATTERN TEXT [N]: inserts the line TEXT after the Nth line containing PATTERN.
after() {
    awk -v p="$2" -v t="$3" -v n="${4:-1}" '{ print } index($0, p) && ++seen == n { print t }' \
        "$1" > "$1.tmp" && mv "$1.tmp" "$1"
    grep -qF -- "$3" "$1" || fail "test bug: '$2' not found in $1"
}

# delete_nth FILE PATTERN N: deletes the Nth line containing PATTERN.
delete_nth() {
    awk -v p="$2" -v n="$3" '!(index($0, p) && ++seen == n)' "$1" > "$1.tmp" && mv "$1.tmp" "$1"
}

# expect_stdout_file EXPECTED: stdout equals the file EXPECTED exactly.
expect_stdout_file() {
    cmp -s "$1" out ||
        fail "stdout differs from expected: $(diff "$1" out | grep '^[<>]' | head -n 6 | tr '\n' '|')"
}

# calendar_tsv_of FILE [OPTIONS...]: runs calendar --format=tsv; expects exit 0.
calendar_tsv_of() {
    f=$1
    shift
    sd calendar --format=tsv "$@" "$f"
    expect_rc 0
}

# Period-only variants: no visit, evaluation or report date to conflict with new dates.
NODATES='/<visite /d
/<evaluation /,/<\/evaluation>/d
/<rapport /d'

# ------------------------------------------- 1. samples and init skeletons

t_samples_check_valid() {
    set -- "$SAMPLES"/*.xml
    [ -f "$1" ] || fail "no samples/*.xml found in $SAMPLES"
    bad=""
    for sample; do
        sd check "$sample"
        if [ "$RC" != 0 ] || grep -q ': erreur: ' err || [ -s out ] ||
            ! tail -n 1 err | grep -q '^stagedoc check : 1 fichier, [1-9][0-9]* stages\{0,1\} : 0 erreur, '; then
            bad="$bad $(basename "$sample")(exit $RC: $(grep ': erreur: ' err | head -n 1 | cut -c1-120))"
        fi
    done
    [ -z "$bad" ] || fail "samples not valid:$bad"
}

init_variant() {
    if [ ! -d "$ROOT/templates/squelettes" ]; then
        fail "templates/squelettes is missing: stagedoc init has no skeleton to print"
    fi
    sd init "$@"
    expect_rc 0
    [ -s out ] || fail "init $* printed nothing"
    cp out skeleton.xml
    sd check skeleton.xml
    [ "$RC" = 0 ] || fail "init $* | check: exit $RC; stderr: $(errs)"
    expect_no_errors
}

t_init_default() { init_variant; }
t_init_scolaire() { init_variant --voie scolaire; }
t_init_apprentissage() { init_variant --voie apprentissage; }
t_init_formation_continue() { init_variant --voie formation-continue; }
t_init_scolaire_promotion() { init_variant --voie scolaire --promotion; }
t_init_apprentissage_promotion() { init_variant --voie=apprentissage --promotion; }
t_init_formation_continue_promotion() { init_variant --promotion --voie formation-continue; }

t_init_bad_voie() {
    sd init --voie alternance
    expect_rc 2
    [ ! -s out ] || fail "init with a bad voie printed something on stdout"
}

t_init_rejects_operand() {
    sd init stage.xml
    expect_rc 2
}

# ------------------------------------------------------ 2. the contract example

t_calendar_contract_example() {
    mk f.xml et27-014.xml
    calendar_tsv_of f.xml
    printf 'id\tET27-014\ndebut\t2027-05-18\nfin\t2027-06-25\nsemaines\t6\ndate-limite-rapport\t2027-06-18\nsemaine-evaluation\t2027-06-21/2027-06-27\nheures-presence\t203\njours-presence\t29\nmineur\toui\n' > expected
    expect_stdout_file expected
    [ "$(wc -l < out)" -eq 9 ] || fail "expected 9 lines"
}

t_calendar_example_check_valid() {
    mk f.xml et27-014.xml
    sd check f.xml
    expect_rc 0
    expect_no_errors
    [ ! -s out ] || fail "check wrote on stdout"
}

t_calendar_text_french_dates() {
    mk f.xml et27-014.xml
    sd calendar f.xml
    expect_rc 0
    grep -qF 'vendredi 18 juin 2027' out || fail "text calendar lacks 'vendredi 18 juin 2027': $(head -n 5 out | tr '\n' '|')"
    grep -qF 'mardi 18 mai 2027' out || fail "text calendar lacks 'mardi 18 mai 2027'"
    grep -qF 'ET27-014' out || fail "text calendar lacks the id"
}

# Text format: every value starts in the same column, counted in characters
# (UTF-8 continuation bytes are dropped before measuring, so no locale is needed).
t_calendar_text_aligned() {
    mk f.xml et27-014.xml
    mk g.xml apprenti.xml
    sd calendar f.xml g.xml
    expect_rc 0
    columns=$(grep '^  [^ ]' out | LC_ALL=C tr -d '\200-\277' |
        LC_ALL=C awk 'match($0, /[^ ]  +[^ ]/) { print RSTART + RLENGTH - 1 }' | sort -u | tr '\n' ' ')
    [ -n "$columns" ] || fail "no label/value lines in the text calendar"
    case $columns in
    *' '*' '*) fail "values start in several columns: $columns" ;;
    esac
}

t_calendar_text_french_decimals() {
    mk f.xml majeur.xml -e 's|pause="01:00"|pause="00:30"|'
    sd calendar f.xml
    expect_rc 0
    grep -qF '217,5' out || fail "text calendar lacks '217,5': $(grep -i 'sence' out)"
    grep -qF '31,1' out || fail "text calendar lacks '31,1': $(grep -i 'sence' out)"
}

# ------------------------------------------------- 3. hand-computed calendars

# Tuesday 2028-06-06 (Whit Monday 2028-06-05 is a holiday, not in the stage)
# to Friday 2028-07-21: 46 days = 7 weeks; last week 07-17..07-23; the
# penultimate week's Friday is 14 July 2028, a holiday: deadline Thursday
# 2028-07-13. Working days 4+5+5+5+5+4+5 = 33 (14 July off): 231 h, 33 days.
t_calendar_deadline_14_july_2028() {
    mk f.xml majeur.xml -e "$NODATES" -e 's|<periode debut="2027-05-18" fin="2027-06-25"/>|<periode debut="2028-06-06" fin="2028-07-21"/>|'
    calendar_tsv_of f.xml
    printf 'id\tET27-100\ndebut\t2028-06-06\nfin\t2028-07-21\nsemaines\t7\ndate-limite-rapport\t2028-07-13\nsemaine-evaluation\t2028-07-17/2028-07-23\nheures-presence\t231\njours-presence\t33\nmineur\tnon\n' > expected
    expect_stdout_file expected
}

# 08:00-16:00 with a 00:30 pause = 7.5 h; 29 working days: 217.5 h; 217.5/7 = 31.07 days.
t_calendar_half_hour() {
    mk f.xml majeur.xml -e 's|pause="01:00"|pause="00:30"|'
    calendar_tsv_of f.xml
    grep -qx "heures-presence${TAB}217.5" out || fail "heures-presence: $(grep heures out), expected 217.5"
    grep -qx "jours-presence${TAB}31.1" out || fail "jours-presence: $(grep jours out), expected 31.1"
}

# 08:00-15:20 without pause = 7 h 20; 29 days: 212.67 h -> 212.7; 30.38 days -> 30.4.
t_calendar_twenty_minutes() {
    mk f.xml majeur.xml -e 's|fin="16:00" pause="01:00"|fin="15:20" pause="00:00"|'
    calendar_tsv_of f.xml
    grep -qx "heures-presence${TAB}212.7" out || fail "heures-presence: $(grep heures out), expected 212.7"
    grep -qx "jours-presence${TAB}30.4" out || fail "jours-presence: $(grep jours out), expected 30.4"
}

# Adding Saturday 08:00-12:00: Saturdays 22 and 29 May, 5, 12, 19 June 2027 =
# 20 h more: 223 h, 31.86 days -> 31.9.
t_calendar_saturday() {
    mk f.xml majeur.xml
    after f.xml '<jour nom="vendredi"' '    <jour nom="samedi" debut="08:00" fin="12:00"/>'
    calendar_tsv_of f.xml
    grep -qx "heures-presence${TAB}223" out || fail "heures-presence: $(grep heures out), expected 223"
    grep -qx "jours-presence${TAB}31.9" out || fail "jours-presence: $(grep jours out), expected 31.9"
}

t_calendar_absences_7h() {
    mk f.xml majeur.xml
    after f.xml '</evaluation>' '  <attestation date="2027-06-25" absences-heures="7"/>'
    sd check f.xml
    expect_rc 0
    calendar_tsv_of f.xml
    grep -qx "heures-presence${TAB}196" out || fail "heures-presence: $(grep heures out), expected 203 - 7 = 196"
    grep -qx "jours-presence${TAB}28" out || fail "jours-presence: $(grep jours out), expected 28"
}

t_calendar_absences_half_hour() {
    mk f.xml majeur.xml
    after f.xml '</evaluation>' '  <attestation absences-heures="3.5"/>'
    calendar_tsv_of f.xml
    grep -qx "heures-presence${TAB}199.5" out || fail "heures-presence: $(grep heures out), expected 199.5"
    grep -qx "jours-presence${TAB}28.5" out || fail "jours-presence: $(grep jours out), expected 28.5"
}

# 6 weeks = 42 days; one day more is a 7th week.
t_calendar_weeks_rounding() {
    mk f.xml majeur.xml -e "$NODATES" -e 's|fin="2027-06-25"/>|fin="2027-06-28"/>|'
    calendar_tsv_of f.xml
    grep -qx "semaines${TAB}6" out || fail "2027-05-18..2027-06-28 (42 days): $(grep semaines out), expected 6"
    grep -qx "semaine-evaluation${TAB}2027-06-28/2027-07-04" out || fail "evaluation week: $(grep semaine-eval out)"
    grep -qx "date-limite-rapport${TAB}2027-06-25" out || fail "deadline: $(grep limite out), expected 2027-06-25"
    mk g.xml majeur.xml -e "$NODATES" -e 's|fin="2027-06-25"/>|fin="2027-06-29"/>|'
    calendar_tsv_of g.xml
    grep -qx "semaines${TAB}7" out || fail "2027-05-18..2027-06-29 (43 days): $(grep semaines out), expected 7"
}

# Minor: under 18 on periode/@debut. 18th birthday on the first day: adult.
t_calendar_minor_boundary() {
    mk f.xml majeur.xml -e 's|<naissance>2005-11-08|<naissance>2009-05-18|'
    calendar_tsv_of f.xml
    grep -qx "mineur${TAB}non" out || fail "born 2009-05-18, stage from 2027-05-18: $(grep mineur out), expected non"
    mk g.xml majeur.xml -e 's|<naissance>2005-11-08|<naissance>2009-05-19|'
    sd calendar --format=tsv g.xml
    grep -qx "mineur${TAB}oui" out || fail "born 2009-05-19, stage from 2027-05-18: $(grep mineur out), expected oui"
}

# Contract 2025-09-01..2027-08-31; written exams Monday 2027-05-10; the day
# before (Sunday 05-09) is in the week 05-03..05-09; the week before ends on
# Friday 2027-04-30. Born 2008-01-15: 17 on 2025-09-01, so mineur oui.
t_calendar_apprentice() {
    mk f.xml apprenti.xml
    sd check f.xml
    expect_rc 0
    calendar_tsv_of f.xml
    printf 'id\tAPP27-001\ndebut\t2025-09-01\nfin\t2027-08-31\nsemaines\t-\ndate-limite-rapport\t2027-04-30\nsemaine-evaluation\t-\nheures-presence\t-\njours-presence\t-\nmineur\toui\n' > expected
    expect_stdout_file expected
}

# Written exams on Tuesday 2027-05-11: the day before is Monday 05-10, in the
# week 05-10..05-16; deadline Friday 2027-05-07.
t_calendar_apprentice_tuesday_exams() {
    mk f.xml apprenti.xml -e 's|<epreuves-ecrites debut="2027-05-10"/>|<epreuves-ecrites debut="2027-05-11"/>|'
    calendar_tsv_of f.xml
    grep -qx "date-limite-rapport${TAB}2027-05-07" out || fail "deadline: $(grep limite out), expected 2027-05-07"
}

# Written exams on Monday 2026-05-18: the day before is in the week
# 2026-05-11..17; the week before ends on Friday 8 May 2026, a holiday:
# deadline Thursday 2026-05-07.
t_calendar_apprentice_holiday_friday() {
    mk f.xml apprenti.xml -e 's|<epreuves-ecrites debut="2027-05-10"/>|<epreuves-ecrites debut="2026-05-18"/>|'
    calendar_tsv_of f.xml
    grep -qx "date-limite-rapport${TAB}2026-05-07" out || fail "deadline: $(grep limite out), expected 2026-05-07"
}

t_calendar_dispense() {
    mk f.xml dispense.xml
    calendar_tsv_of f.xml
    printf 'id\tVAE27-05\ndispense\tvae\n' > expected
    expect_stdout_file expected
}

# --format=csv: one header row, then one row per stage, as a French
# spreadsheet opens it (BOM, ';', CRLF, JJ/MM/AAAA, decimal comma); a field
# holding ';' or '"' is quoted.
t_calendar_csv_for_a_spreadsheet() {
    mk a.xml et27-014.xml -e 's|<prenom>Aïssatou</prenom>|<prenom>Aïssatou "Aïcha"; dite Ai</prenom>|'
    mk b.xml dispense.xml
    mk c.xml majeur.xml -e 's|pause="01:00"|pause="00:30"|'
    sd calendar --format=csv a.xml b.xml c.xml
    expect_rc 0
    head -c 3 out | od -An -tx1 | grep -q 'ef bb bf' || fail "no UTF-8 BOM"
    [ "$(wc -l < out)" = 4 ] || fail "expected a header and 3 rows: $(cat out)"
    [ "$(grep -c "$(printf '\r')\$" out)" = 4 ] || fail "lines do not end in CRLF"
    tr -d '\r' < out | tail -n +2 > rows
    printf '%s\n' 'ET27-014;N'"'"'Diaye;"Aïssatou ""Aïcha""; dite Ai";scolaire;18/05/2027;25/06/2027;6;18/06/2027;21/06/2027;27/06/2027;203;29;oui;' \
        'VAE27-05;Da Costa;José;formation-continue;;;;;;;;;;vae' > expected
    head -n 2 rows | cmp -s - expected || fail "rows: $(head -n 2 rows | tr '\n' '|')"
    tail -n 1 rows | grep -q ';217,5;31,1;non;$' || fail "decimals: $(tail -n 1 rows)"
    tr -d '\r' < out | head -n 1 | sed 's/^\xef\xbb\xbf//' | awk -F';' '{ print NF }' | grep -qx 14 ||
        fail "header: $(head -n 1 out)"
}

# LibreOffice, told only what a French user would pick (';', UTF-8), reads
# the dates as dates and the names whole.
t_calendar_csv_opens_in_libreoffice() {
    mk a.xml et27-014.xml
    sd calendar --format=csv a.xml
    expect_rc 0
    cp out calendrier.csv
    mkdir -p home
    HOME=$PWD/home soffice --headless --infilter="CSV:59,34,76,1,,1036" --convert-to xlsx \
        calendrier.csv > soffice.log 2>&1 || fail "soffice: $(cat soffice.log)"
    unzip -p calendrier.xlsx xl/worksheets/sheet1.xml > sheet.xml || fail "no sheet in calendrier.xlsx"
    unzip -p calendrier.xlsx xl/sharedStrings.xml > strings.xml
    # 18/05/2027 is day 46525 counted from 1899-12-30; a text cell would carry t="s".
    grep -q '<c r="E2" s="[0-9]*" t="n"><v>46525</v>' sheet.xml ||
        fail "Début is not a date cell: $(grep -o '<c r="E2"[^/]*' sheet.xml)"
    grep -q '<c r="K2" s="[0-9]*" t="n"><v>203</v>' sheet.xml || fail "hours not a number"
    grep -q 'Aïssatou' strings.xml || fail "accents lost: $(head -c 300 strings.xml)"
    grep -q '<t xml:space="preserve">Identifiant</t>' strings.xml || fail "BOM read into the first title"
}

t_calendar_several_stages() {
    mk a.xml et27-014.xml
    mk b.xml dispense.xml
    mk c.xml apprenti.xml
    sd calendar --format=tsv a.xml b.xml c.xml
    expect_rc 0
    {
        printf 'id\tET27-014\ndebut\t2027-05-18\nfin\t2027-06-25\nsemaines\t6\ndate-limite-rapport\t2027-06-18\nsemaine-evaluation\t2027-06-21/2027-06-27\nheures-presence\t203\njours-presence\t29\nmineur\toui\n'
        printf '\nid\tVAE27-05\ndispense\tvae\n'
        printf '\nid\tAPP27-001\ndebut\t2025-09-01\nfin\t2027-08-31\nsemaines\t-\ndate-limite-rapport\t2027-04-30\nsemaine-evaluation\t-\nheures-presence\t-\njours-presence\t-\nmineur\toui\n'
    } > expected
    expect_stdout_file expected
}

# Monday 2027-02-22 to Friday 2027-04-02: 40 days, 6 weeks. Easter 2027 is
# 28 March. Metropolitan: Easter Monday 03-29 off, 29 days, 203 h; deadline
# Friday 2027-03-26. Alsace-Moselle: Good Friday 03-26 off too: 28 days,
# 196 h, deadline Thursday 2027-03-25.
t_calendar_region_alsace_moselle() {
    mk f.xml majeur.xml -e "$NODATES" -e 's|<periode debut="2027-05-18" fin="2027-06-25"/>|<periode debut="2027-02-22" fin="2027-04-02"/>|'
    calendar_tsv_of f.xml
    printf 'id\tET27-100\ndebut\t2027-02-22\nfin\t2027-04-02\nsemaines\t6\ndate-limite-rapport\t2027-03-26\nsemaine-evaluation\t2027-03-29/2027-04-04\nheures-presence\t203\njours-presence\t29\nmineur\tnon\n' > expected
    expect_stdout_file expected
    calendar_tsv_of f.xml --region alsace-moselle
    printf 'id\tET27-100\ndebut\t2027-02-22\nfin\t2027-04-02\nsemaines\t6\ndate-limite-rapport\t2027-03-25\nsemaine-evaluation\t2027-03-29/2027-04-04\nheures-presence\t196\njours-presence\t28\nmineur\tnon\n' > expected
    expect_stdout_file expected
    calendar_tsv_of f.xml --region=metropole
    grep -qx "heures-presence${TAB}203" out || fail "--region=metropole: $(grep heures out)"
}

t_calendar_region_unknown() {
    mk f.xml majeur.xml
    sd calendar --format=tsv --region atlantide f.xml
    expect_rc 2
    [ ! -s out ] || fail "calendar printed data despite the unknown region"
    sd check --region=atlantide f.xml
    expect_rc 2
}

# ------------------------------------------------------------- 4. the rules

# 2027-04-26..2027-06-25: 61 days, 9 weeks.
t_rule_duree_9_weeks() {
    mk f.xml majeur.xml -e 's|<periode debut="2027-05-18"|<periode debut="2027-04-26"|'
    sd check f.xml
    expect_rc 1
    expect_diag erreur duree f.xml '<periode '
    expect_summary
}

t_rule_duree_8_weeks_ok() {
    mk f.xml majeur.xml -e 's|<periode debut="2027-05-18"|<periode debut="2027-05-03"|'
    sd check f.xml
    expect_rc 0
    expect_no_rule duree
}

# 2027-05-24..2027-06-25: 33 days, 5 weeks.
t_rule_duree_5_weeks_without_amenagement() {
    mk f.xml majeur.xml -e 's|<periode debut="2027-05-18"|<periode debut="2027-05-24"|'
    sd check f.xml
    expect_rc 1
    expect_diag erreur duree f.xml '<periode '
}

t_rule_duree_5_weeks_with_amenagement() {
    mk f.xml majeur.xml -e 's|<periode debut="2027-05-18"|<periode debut="2027-05-24"|'
    after f.xml '<periode ' '  <amenagement motif="force-majeure" decision="DEC-2027-118" date="2027-03-02"/>'
    sd check f.xml
    expect_rc 0
    expect_no_errors
    expect_diag information duree f.xml '<amenagement '
    sd check --werror f.xml
    expect_rc 0
}

# 2027-06-07..2027-06-25: 19 days, 3 weeks.
t_rule_duree_3_weeks_with_amenagement() {
    mk f.xml majeur.xml -e 's|<periode debut="2027-05-18"|<periode debut="2027-06-07"|'
    after f.xml '<periode ' '  <amenagement motif="positionnement" decision="DEC-2027-119" date="2027-03-02"/>'
    sd check f.xml
    expect_rc 1
    expect_diag erreur duree f.xml '<periode '
}

t_rule_duree_amenagement_normal_length() {
    mk f.xml majeur.xml
    after f.xml '<periode ' '  <amenagement motif="force-majeure" decision="DEC-2027-118" date="2027-03-02"/>'
    sd check f.xml
    expect_rc 0
    expect_diag avertissement duree f.xml '<amenagement '
}

t_rule_periode_unique() {
    mk f.xml majeur.xml
    after f.xml '<periode ' '  <periode debut="2027-07-05" fin="2027-07-09"/>'
    sd check f.xml
    expect_rc 1
    expect_diag erreur periode-unique f.xml '<periode ' 2
}

t_rule_lieu_same_name() {
    mk f.xml majeur.xml -e 's|<raison-sociale>Électricité Girondine SAS|<raison-sociale>Lycée Gustave Eiffel|'
    sd check f.xml
    expect_rc 1
    expect_diag erreur lieu f.xml '<entreprise>'
}

t_rule_lieu_same_name_other_case() {
    mk f.xml majeur.xml -e 's|<raison-sociale>Électricité Girondine SAS|<raison-sociale>LYCEE  gustave eiffel|'
    sd check f.xml
    expect_rc 1
    expect_diag erreur lieu f.xml '<entreprise>'
}

t_rule_lieu_same_address() {
    mk f.xml majeur.xml -e '/<entreprise>/,/<\/entreprise>/{
s|12 rue des Forges|143 cours de la Marne|
s|33300|33800|
}'
    sd check f.xml
    expect_rc 1
    expect_diag erreur lieu f.xml '<adresse>' 2
}

t_rule_secteur_warning() {
    mk f.xml majeur.xml -e 's|<code-naf>43.21A|<code-naf>62.01Z|'
    sd check f.xml
    expect_rc 0
    expect_diag avertissement secteur f.xml '<code-naf>'
    expect_no_errors
    sd check --werror f.xml
    expect_rc 1
    expect_diag avertissement secteur f.xml '<code-naf>'
}

t_rule_identifiants_siret_luhn() {
    mk f.xml majeur.xml -e 's|<siret>73282932000074|<siret>73282932000075|'
    sd check f.xml
    expect_rc 1
    expect_diag erreur identifiants f.xml '<siret>'
}

t_rule_identifiants_siret_length() {
    mk f.xml majeur.xml -e 's|<siret>73282932000074|<siret>7328293200007|'
    sd check f.xml
    expect_rc 1
    expect_diag erreur identifiants f.xml '<siret>'
}

t_rule_identifiants_uai_letter() {
    mk f.xml majeur.xml -e 's|<uai>0330031E|<uai>0330031F|'
    sd check f.xml
    expect_rc 1
    expect_diag erreur identifiants f.xml '<uai>'
}

t_rule_identifiants_naf_malformed() {
    mk f.xml majeur.xml -e 's|<code-naf>43.21A|<code-naf>4321A|'
    sd check f.xml
    expect_rc 1
    expect_diag erreur identifiants f.xml '<code-naf>'
    expect_no_rule secteur
}

t_rule_activites_one() {
    mk f.xml majeur.xml -e '/domaine="mise-en-service"/d'
    sd check f.xml
    expect_rc 1
    expect_diag erreur activites f.xml '<activites>'
}

t_rule_mineur_without_representant() {
    mk f.xml et27-014.xml -e '/<representant-legal /d'
    sd check f.xml
    expect_rc 1
    expect_diag erreur mineur f.xml '<stagiaire>'
}

# Monday 08:00-18:00 with 1 h pause = 9 h (limit 8 h); the week is 37 h (limit 35 h).
t_rule_mineur_9h_day() {
    mk f.xml et27-014.xml -e 's|<jour nom="lundi" debut="08:00" fin="16:00"|<jour nom="lundi" debut="08:00" fin="18:00"|'
    sd check f.xml
    expect_rc 1
    expect_diag erreur mineur f.xml '<jour nom="lundi"'
    expect_diag erreur mineur f.xml '<horaires>'
    expect_no_rule horaires
}

t_rule_mineur_night() {
    mk f.xml et27-014.xml -e 's|<nuit>non</nuit>|<nuit>oui</nuit>|'
    sd check f.xml
    expect_rc 1
    expect_diag erreur mineur f.xml '<nuit>'
}

t_rule_mineur_sunday_rest() {
    mk f.xml et27-014.xml -e 's|<dimanche-ferie>non</dimanche-ferie>|<dimanche-ferie>oui</dimanche-ferie>|'
    sd check f.xml
    expect_rc 0
    expect_diag avertissement mineur f.xml '<dimanche-ferie>'
    sd check --werror f.xml
    expect_rc 1
    mk g.xml majeur.xml -e 's|<dimanche-ferie>non</dimanche-ferie>|<dimanche-ferie>oui</dimanche-ferie>|'
    sd check g.xml
    expect_rc 0
    expect_no_rule mineur
}

t_rule_horaires_adult_11h_day() {
    mk f.xml majeur.xml -e 's|<jour nom="lundi" debut="08:00" fin="16:00"|<jour nom="lundi" debut="07:00" fin="19:00"|'
    sd check f.xml
    expect_rc 1
    expect_diag erreur horaires f.xml '<jour nom="lundi"'
    expect_no_rule mineur
}

# 07:00-18:00 with 1 h pause = 10 h a day (allowed), 50 h a week (limit 48 h).
t_rule_horaires_adult_50h_week() {
    mk f.xml majeur.xml -e 's|debut="08:00" fin="16:00"|debut="07:00" fin="18:00"|'
    sd check f.xml
    expect_rc 1
    expect_diag erreur horaires f.xml '<horaires>'
    [ "$(grep -c '\[horaires\]' err)" -eq 1 ] || fail "expected only the week error: $(grep -F '[horaires]' err | cut -c1-100 | tr '\n' '|')"
}

# 2027-05-03..2027-06-25: 8 weeks; 9 h Monday to Friday (45 h a week);
# 40 days minus Ascension (05-06) and Whit Monday (05-17) = 38 days = 342 h > 308 h.
t_rule_gratification_zero() {
    mk f.xml majeur.xml -e 's|<periode debut="2027-05-18"|<periode debut="2027-05-03"|' -e 's|debut="08:00" fin="16:00"|debut="08:00" fin="18:00"|'
    sd check f.xml
    expect_rc 1
    expect_diag erreur gratification f.xml '<gratification '
    expect_err_text '(342 h)'
}

t_rule_gratification_paid() {
    mk f.xml majeur.xml -e 's|<periode debut="2027-05-18"|<periode debut="2027-05-03"|' -e 's|debut="08:00" fin="16:00"|debut="08:00" fin="18:00"|' -e 's|montant-horaire="0.00" versement="sans-objet"|montant-horaire="4.50" versement="mensuel"|'
    sd check f.xml
    expect_rc 0
    expect_no_errors
}

t_rule_dates_fin_before_debut() {
    mk f.xml majeur.xml -e 's|<periode debut="2027-05-18" fin="2027-06-25"/>|<periode debut="2027-06-25" fin="2027-05-18"/>|'
    sd check f.xml
    expect_rc 1
    expect_diag erreur dates f.xml '<periode '
}

t_rule_dates_visit_outside() {
    mk f.xml majeur.xml -e 's|<visite date="2027-06-02"/>|<visite date="2027-07-02"/>|'
    sd check f.xml
    expect_rc 0
    expect_diag avertissement dates f.xml '<visite '
}

t_rule_dates_evaluation_outside_last_week() {
    mk f.xml majeur.xml -e 's|<evaluation date="2027-06-23">|<evaluation date="2027-06-16">|'
    sd check f.xml
    expect_rc 0
    expect_diag avertissement dates f.xml '<evaluation '
}

t_rule_dates_report_late() {
    mk f.xml majeur.xml -e 's|transmis-le="2027-06-11"|transmis-le="2027-06-21"|'
    sd check f.xml
    expect_rc 0
    expect_diag avertissement dates f.xml '<rapport '
    sd check --werror f.xml
    expect_rc 1
}

t_rule_dates_report_on_deadline() {
    mk f.xml majeur.xml -e 's|transmis-le="2027-06-11"|transmis-le="2027-06-18"|'
    sd check f.xml
    expect_rc 0
    expect_no_rule dates
}

t_rule_apprentissage_without_strategie() {
    mk f.xml apprenti.xml -e '/<ligne competence=/d'
    sd check f.xml
    expect_rc 1
    expect_diag erreur apprentissage f.xml '<stage '
    grep -F '[apprentissage]' err | grep -q 'strat' ||
        fail "the [apprentissage] error does not name the strategy table: $(grep -F '[apprentissage]' err | cut -c1-160)"
}

t_rule_apprentissage_contract_order() {
    mk f.xml apprenti.xml -e 's|<contrat numero="044202509001234" debut="2025-09-01" fin="2027-08-31"/>|<contrat numero="044202509001234" debut="2027-08-31" fin="2025-09-01"/>|'
    sd check f.xml
    expect_rc 1
    expect_diag erreur apprentissage f.xml '<contrat '
}

t_rule_anglais_two_documents() {
    mk f.xml majeur.xml -e '/fichier="anglais\/c.pdf"/d'
    sd check f.xml
    expect_rc 1
    expect_diag erreur anglais f.xml '<documents-anglais>'
}

t_rule_requis_tuteur() {
    mk f.xml majeur.xml -e '/<tuteur /d'
    sd check f.xml
    expect_rc 1
    grep -F '[requis]' err | grep -qF 'tuteur' || fail "no [requis] line naming tuteur; stderr: $(errs)"
    at=$(pos f.xml '<stage ')
    grep -F "[requis]" err | grep -qF "$at: erreur: [requis]" || fail "[requis] not at $at: $(grep -F '[requis]' err | cut -c1-120)"
}

t_rule_requis_formation_continue() {
    mk f.xml majeur.xml -e 's|voie="scolaire"|voie="formation-continue"|'
    sd check f.xml
    expect_rc 1
    expect_diag erreur requis f.xml '<stage '
    grep -F '[requis]' err | grep -qF '<formation-continue' || fail "no [requis] line naming <formation-continue>; stderr: $(errs)"
}

t_info_etranger() {
    mk f.xml majeur.xml -e '/<entreprise>/,/<\/entreprise>/{
s|<siret>73282932000074</siret>|<identifiant pays="DE">HRB 123456</identifiant>|
s|<code-postal>33300</code-postal>|<code-postal>10115</code-postal>|
s|<ville>Bordeaux</ville>|<ville>Berlin</ville><pays>DE</pays>|
}'
    sd check f.xml
    expect_rc 0
    expect_no_errors
    expect_diag information etranger f.xml '<entreprise>'
    sd check --quiet f.xml
    expect_rc 0
    expect_no_rule etranger
}

t_info_formation_continue() {
    mk f.xml majeur.xml -e 's|voie="scolaire"|voie="formation-continue"|'
    after f.xml '</suivi>' '  <formation-continue salarie="oui" secteur="Logistique" contrat-particulier="non"/>'
    sd check f.xml
    expect_rc 0
    expect_no_errors
    expect_diag information formation-continue f.xml '<formation-continue '
}

t_info_redoublement() {
    mk f.xml majeur.xml
    after f.xml '<email>theo.marchand' '    <redoublement rapport="reprise"/>'
    sd check f.xml
    expect_rc 0
    expect_no_errors
    expect_diag information redoublement f.xml '<redoublement '
}

t_info_dispense() {
    mk f.xml dispense.xml
    sd check f.xml
    expect_rc 0
    expect_diag information dispense f.xml '<dispense '
}

t_quiet_hides_information() {
    mk f.xml majeur.xml -e 's|<periode debut="2027-05-18"|<periode debut="2027-05-24"|'
    after f.xml '<periode ' '  <amenagement motif="force-majeure" decision="DEC-2027-118" date="2027-03-02"/>'
    sd check f.xml
    expect_rc 0
    grep -q ': information: ' err || fail "no information line without --quiet"
    sd check --quiet f.xml
    expect_rc 0
    if grep -q ': information: ' err; then fail "--quiet still prints: $(grep ': information: ' err | cut -c1-120)"; fi
    expect_summary
}

t_list_rules() {
    sd check --list-rules
    expect_rc 0
    for rule in requis dispense periode-unique duree dates lieu secteur identifiants activites \
        mineur horaires gratification apprentissage anglais etranger formation-continue redoublement; do
        grep -q "^$rule " out || fail "--list-rules lacks $rule"
    done
}

# ------------------------------------------------------- 5. input safety

t_xml_malformed() {
    mk f.xml majeur.xml -e 's|<unite>U62</unite>|<unite>U62</unit>|'
    sd check f.xml
    expect_rc 1
    line=$(grep -n '</unit>' f.xml | cut -d: -f1)
    grep -qE "^f\\.xml:$line(:[0-9]+)?: erreur: \\[xml\\]" err || fail "no [xml] error on line $line; stderr: $(errs)"
    expect_summary
}

t_xml_not_utf8() {
    printf '<?xml version="1.0" encoding="UTF-8"?>\n<stage version="1" id="X" voie="scolaire" annee="1"><session>2027\351</session></stage>\n' > g.xml
    sd check g.xml
    expect_rc 1
    grep -qE '^g\.xml:2(:[0-9]+)?: erreur: \[xml\]' err || fail "no [xml] error on line 2; stderr: $(errs)"
}

t_entity_bomb() {
    {
        printf '<?xml version="1.0"?>\n<!DOCTYPE stage [\n <!ENTITY lol "lol">\n'
        prev=lol
        for i in 1 2 3 4 5 6 7 8 9; do
            printf ' <!ENTITY lol%s "&%s;&%s;&%s;&%s;&%s;&%s;&%s;&%s;&%s;&%s;">\n' "$i" "$prev" "$prev" "$prev" "$prev" "$prev" "$prev" "$prev" "$prev" "$prev" "$prev"
            prev=lol$i
        done
        printf ']>\n<stage version="1" id="B" voie="scolaire" annee="1"><session>&lol9;</session></stage>\n'
    } > bomb.xml
    start=$(date +%s)
    sd_limited 10 check bomb.xml
    end=$(date +%s)
    expect_rc 1
    [ $((end - start)) -le 2 ] || fail "took $((end - start)) s"
    expect_diag erreur entite bomb.xml '<!ENTITY'
    if grep -q lollollol out err; then fail "entities were expanded"; fi
}

t_external_entity() {
    printf '<?xml version="1.0"?>\n<!DOCTYPE stage [\n  <!ENTITY xxe SYSTEM "file:///etc/passwd">\n]>\n<stage version="1" id="X" voie="scolaire" annee="1"><session>2027</session><etablissement><nom>&xxe;</nom></etablissement></stage>\n' > xxe.xml
    sd check xxe.xml
    expect_rc 1
    expect_diag erreur entite xxe.xml '<!ENTITY'
    if grep -q 'root:' out err; then fail "/etc/passwd leaked into the output"; fi
    sd calendar xxe.xml
    expect_rc 1
    if grep -q 'root:' out err; then fail "/etc/passwd leaked into calendar's output"; fi
}

t_external_dtd_not_loaded() {
    printf '<?xml version="1.0"?>\n<!DOCTYPE stage SYSTEM "file:///etc/passwd">\n<stage version="1" id="X" voie="scolaire" annee="1"/>\n' > dtd.xml
    sd check dtd.xml
    expect_rc 1
    if grep -q 'root:' out err; then fail "/etc/passwd leaked into the output"; fi
}

t_max_size_option() {
    mk f.xml majeur.xml
    sd check --max-size 1K f.xml
    expect_rc 1
    grep -qF 'f.xml: erreur: [taille]' err || fail "no [taille] error; stderr: $(errs)"
    sd check --max-size=1M f.xml
    expect_rc 0
}

t_max_size_bad_value() {
    mk f.xml majeur.xml
    sd check --max-size lots f.xml
    expect_rc 2
    sd check --max-size 0 f.xml
    expect_rc 2
}

t_file_over_16mib() {
    mk p.xml promotion.xml
    {
        sed '$d' p.xml
        printf '<!-- '
        dd if=/dev/zero bs=1048576 count=17 2> /dev/null | tr '\0' 'x'
        printf ' -->\n</promotion>\n'
    } > big.xml
    [ "$(wc -c < big.xml)" -gt 17825792 ] || fail "test bug: big.xml too small"
    sd_limited 20 check big.xml
    expect_rc 1
    grep -qF 'big.xml: erreur: [taille]' err || fail "no [taille] error; stderr: $(errs)"
}

t_wrong_root() {
    mk f.xml majeur.xml -e 's|<stage version="1" id="ET27-100" voie="scolaire" annee="1">|<convention>|' -e 's|</stage>|</convention>|'
    sd check f.xml
    expect_rc 1
    expect_diag erreur racine f.xml '<convention>'
}

t_schema_bad_date() {
    mk f.xml majeur.xml -e 's|<periode debut="2027-05-18"|<periode debut="2027-02-30"|'
    sd check f.xml
    expect_rc 1
    expect_diag erreur schema f.xml '<periode '
}

t_schema_unknown_element() {
    mk f.xml majeur.xml
    after f.xml '<unite>' '  <bidule>x</bidule>'
    sd check f.xml
    expect_rc 1
    expect_diag erreur schema f.xml '<bidule>'
}

t_duplicate_ids() {
    mk f.xml promotion.xml -e 's|<stage id="PR27-03"|<stage id="PR27-01"|'
    sd check f.xml
    expect_rc 1
    first=$(pos f.xml '<stage id="PR27-01"' 1 | cut -d: -f2)
    expect_diag erreur id-unique f.xml '<stage id="PR27-01"' 2
    grep -F '[id-unique]' err | grep -q "ligne $first" || fail "[id-unique] does not name line $first: $(grep -F '[id-unique]' err | cut -c1-200)"
}

t_missing_file() {
    sd check absent.xml
    expect_rc 3
    grep -qF 'absent.xml' err || fail "stderr does not name the file"
    expect_summary
    sd calendar absent.xml
    expect_rc 3
}

t_directory_input() {
    mkdir dir.xml
    sd check dir.xml
    expect_rc 3
    sd calendar --format=tsv dir.xml
    expect_rc 3
}

t_valid_and_missing() {
    mk f.xml majeur.xml
    after f.xml '<email>theo.marchand' '    <redoublement rapport="nouveau"/>'
    sd check absent.xml f.xml
    expect_rc 3
    expect_diag information redoublement f.xml '<redoublement '
    expect_err_text 'stagedoc check : 2 fichiers, 1 stage : 1 erreur'
    sd calendar --format=tsv f.xml absent.xml
    expect_rc 3
    grep -qx "id${TAB}ET27-100" out || fail "calendar skipped the valid file"
}

t_invalid_and_valid_exit_1() {
    mk f.xml majeur.xml
    mk g.xml majeur.xml -e '/domaine="mise-en-service"/d'
    sd check f.xml g.xml
    expect_rc 1
    expect_err_text 'stagedoc check : 2 fichiers, 2 stages : 1 erreur'
}

# ---------------------------------------------------------------- 6. CLI

t_cli_help() {
    sd --help
    expect_rc 0
    grep -q 'Usage' out || fail "--help has no Usage"
    for command in check calendar init; do
        sd "$command" --help
        expect_rc 0
        grep -q 'Usage' out || fail "$command --help has no Usage"
        sd "$command" -h
        expect_rc 0
        grep -q 'Usage' out || fail "$command -h has no Usage"
    done
    sd help calendar
    expect_rc 0
    grep -q 'stagedoc calendar' out || fail "help calendar does not show calendar's help"
}

t_cli_version() {
    sd --version
    expect_rc 0
    [ "$(cat out)" = "stagedoc 0.1.0" ] || fail "--version printed '$(cat out)'"
}

t_cli_no_arguments() {
    sd
    expect_rc 2
}

t_cli_unknown_command() {
    sd frobnicate f.xml
    expect_rc 2
    grep -qF 'frobnicate' err || fail "stderr does not name the command"
}

t_cli_unknown_option() {
    mk f.xml majeur.xml
    sd check --frobnicate f.xml
    expect_rc 2
    sd calendar -x f.xml
    expect_rc 2
    sd check --werror=yes f.xml
    expect_rc 2
    sd calendar --format
    expect_rc 2
}

t_cli_check_without_files() {
    sd check
    expect_rc 2
    sd check --werror
    expect_rc 2
    sd calendar --format=tsv
    expect_rc 2
}

t_cli_calendar_bad_format() {
    mk f.xml majeur.xml
    sd calendar --format=xml f.xml
    expect_rc 2
    [ ! -s out ] || fail "calendar printed data"
}

t_cli_check_stdout_empty() {
    mk f.xml majeur.xml -e 's|<code-naf>43.21A|<code-naf>62.01Z|'
    sd check f.xml
    expect_rc 0
    [ ! -s out ] || fail "check wrote on stdout: $(head -n 2 out)"
    grep -q '^f\.xml:[0-9]*:[0-9]*: avertissement: \[secteur\] ' err || fail "no warning on stderr"
    [ "$(tail -n 1 err)" = "stagedoc check : 1 fichier, 1 stage : 0 erreur, 1 avertissement, 0 information." ] ||
        fail "summary: '$(tail -n 1 err)'"
    if grep -v -e '^f\.xml:' -e '^stagedoc check : ' err | grep -q .; then
        fail "unexpected stderr line: $(grep -v -e '^f\.xml:' -e '^stagedoc check : ' err | head -n 1)"
    fi
    mk g.xml majeur.xml -e '/domaine="mise-en-service"/d'
    sd check g.xml
    expect_rc 1
    [ ! -s out ] || fail "check wrote on stdout for an invalid file"
}

t_cli_calendar_diagnostics_on_stderr() {
    mk f.xml majeur.xml -e 's|<code-naf>43.21A|<code-naf>62.01Z|'
    sd calendar --format=tsv f.xml
    expect_rc 0
    if grep -q 'secteur' out; then fail "a diagnostic went to stdout"; fi
    [ "$(head -n 1 out)" = "id${TAB}ET27-100" ] || fail "first stdout line: $(head -n 1 out)"
}

t_cli_templates_missing() {
    mk f.xml majeur.xml
    sd check --templates /nonexistent f.xml
    expect_rc 3
    sd calendar --templates=/nonexistent f.xml
    expect_rc 3
    sd init --templates /nonexistent
    expect_rc 3
}

t_cli_templates_env() {
    mk f.xml majeur.xml
    STAGEDOC_TEMPLATES=/nonexistent "$STAGEDOC" check f.xml > out 2> err
    RC=$?
    expect_rc 3
    STAGEDOC_TEMPLATES=$ROOT/templates "$STAGEDOC" check f.xml > out 2> err
    RC=$?
    expect_rc 0
}

t_cli_option_after_operand() {
    mk f.xml majeur.xml -e 's|<code-naf>43.21A|<code-naf>62.01Z|'
    sd check f.xml --werror
    expect_rc 1
}

t_cli_double_dash() {
    mk ./-f.xml majeur.xml
    sd check -- -f.xml
    expect_rc 0
    expect_no_errors
    grep -qF 'stagedoc check : 1 fichier, 1 stage : ' err || fail "summary: $(tail -n 1 err)"
}

# Exit 3 when stdout cannot be written (Linux /dev/full).
t_cli_write_error_data() {
    [ -w /dev/full ] || skip "no /dev/full"
    mk f.xml majeur.xml
    "$STAGEDOC" calendar --format=tsv f.xml > /dev/full 2> err
    RC=$?
    expect_rc 3
    "$STAGEDOC" init > /dev/full 2> err
    RC=$?
    expect_rc 3
}

t_cli_write_error_list_rules() {
    [ -w /dev/full ] || skip "no /dev/full"
    "$STAGEDOC" check --list-rules > /dev/full 2> err
    RC=$?
    expect_rc 3
}

# ------------------------------------------------------------ 7. promotions

t_promotion_sample() {
    sample=$SAMPLES/promotion-2027.xml
    [ -f "$sample" ] || skip "samples/promotion-2027.xml absent"
    sd check "$sample"
    expect_rc 0
    expect_no_errors
    stages=$(grep -c '<stage[ >]' "$sample")
    sd calendar --format=tsv "$sample"
    expect_rc 0
    [ "$(grep -c "^id${TAB}" out)" -eq "$stages" ] || fail "$(grep -c "^id${TAB}" out) id lines for $stages stages"
    [ "$(grep -c '^$' out)" -eq $((stages - 1)) ] || fail "$(grep -c '^$' out) blank lines for $stages stages"
}

t_promotion_fixture() {
    mk p.xml promotion.xml
    sd check p.xml
    expect_rc 0
    expect_no_errors
    [ "$(tail -n 1 err)" = "stagedoc check : 1 fichier, 4 stages : 0 erreur, 0 avertissement, 0 information." ] ||
        fail "summary: '$(tail -n 1 err)'"
    sd calendar --format=tsv p.xml
    expect_rc 0
    [ "$(grep "^id${TAB}" out | cut -f2 | tr '\n' ' ')" = "PR27-01 PR27-02 PR27-03 PR27-04 " ] ||
        fail "ids: $(grep "^id${TAB}" out | cut -f2 | tr '\n' ' ')"
    [ "$(grep -c '^$' out)" -eq 3 ] || fail "expected 3 blank separator lines"
    [ "$(wc -l < out)" -eq 39 ] || fail "expected 4 x 9 + 3 lines, got $(wc -l < out)"
    # PR27-04: Tuesday 2027-06-01..Friday 2027-07-16, 46 days, 7 weeks; 33
    # working days (14 July off): 231 h; deadline Friday 2027-07-09.
    sed -n '31,39p' out > pr4
    printf 'id\tPR27-04\ndebut\t2027-06-01\nfin\t2027-07-16\nsemaines\t7\ndate-limite-rapport\t2027-07-09\nsemaine-evaluation\t2027-07-12/2027-07-18\nheures-presence\t231\njours-presence\t33\nmineur\tnon\n' > expected
    cmp -s expected pr4 || fail "PR27-04: $(diff expected pr4 | grep '^[<>]' | tr '\n' '|')"
}

t_promotion_error_in_third_stage() {
    mk p.xml promotion.xml -e 's|<siret>64285249500067</siret>|<siret>64285249500068</siret>|'
    sd check p.xml
    expect_rc 1
    expect_diag erreur identifiants p.xml '<siret>64285249500068' 1 PR27-03
    [ "$(grep -c ': erreur: ' err)" -eq 1 ] || fail "expected one error: $(grep ': erreur: ' err | cut -c1-100 | tr '\n' '|')"
    if grep -q 'PR27-0[124]' err; then fail "another stage is named: $(grep 'PR27-0[124]' err | head -n 1 | cut -c1-120)"; fi
}

t_promotion_missing_element_in_third_stage() {
    mk p.xml promotion.xml
    delete_nth p.xml '<tuteur ' 3
    sd check p.xml
    expect_rc 1
    at=$(pos p.xml '<stage id="PR27-03"')
    grep -qF "$at: erreur: [requis] PR27-03 : " err || fail "no [requis] PR27-03 at $at; stderr: $(errs)"
}

t_promotion_schema_error_names_stage() {
    mk p.xml promotion.xml -e 's|<periode debut="2027-05-31" fin="2027-07-09"/>|<periode debut="2027-05-31" fin="2027-07-32"/>|'
    sd check p.xml
    expect_rc 1
    expect_diag erreur schema p.xml '<periode debut="2027-05-31"' 1 PR27-03
}

# A problem in the promotion's shared <etablissement> concerns every stage:
# it is said once, at its place, without a stage id.
t_promotion_shared_block_error_said_once() {
    mk p.xml promotion.xml -e 's|<uai>0690128P</uai>|<uai>0690128A</uai>|'
    sd check p.xml
    expect_rc 1
    expect_diag erreur identifiants p.xml '<uai>0690128A' 1
    [ "$(grep -c '\[identifiants\]' err)" -eq 1 ] || fail "said $(grep -c '\[identifiants\]' err) times: $(errs)"
    grep -q '1 erreur' err || fail "summary does not count one error: $(tail -n 1 err)"
}

# The shared block breaks the schema: every stage is refused with it, and the
# message is still said once, not once more per stage.
t_promotion_shared_schema_error_said_once() {
    mk p.xml promotion.xml -e 's|<uai>0690128P</uai>|<uai>0690128P</uai><uai>0690128P</uai>|'
    sd check p.xml
    expect_rc 1
    [ "$(grep -c '\[schema\]' err)" -eq 1 ] || fail "said $(grep -c '\[schema\]' err) times: $(errs)"
    grep -q '\[schema\] <uai> : élément inattendu à cet endroit' err || fail "not a schema error in French: $(errs)"
}

# "-" reads standard input; a pipe is read to its end.
t_check_standard_input() {
    mk s.xml majeur.xml
    RC=0
    "$STAGEDOC" check - < s.xml > out 2> err || RC=$?
    expect_rc 0
    RC=0
    cat s.xml | "$STAGEDOC" calendar --format=tsv - > out 2> err || RC=$?
    expect_rc 0
    grep -q '^semaines	' out || fail "no calendar from a pipe: $(cat out)"
}

# Neither the promotion nor its stages give <session> or <etablissement>:
# every stage lacks its training establishment, which must not pass.
t_promotion_without_etablissement() {
    mk p.xml promotion.xml -e '/<session>2027<\/session>/d' -e '/^  <etablissement>/,/^  <\/etablissement>/d'
    grep -q '<etablissement>' p.xml && fail "test bug: etablissement still present"
    sd check p.xml
    expect_rc 1
    grep ': erreur: ' err | grep -q 'etablissement' ||
        fail "no error naming the missing etablissement; stderr: $(errs)"
}

t_promotion_calendar_continues_after_invalid_stage() {
    mk p.xml promotion.xml -e 's|<siret>64285249500067</siret>|<siret>64285249500068</siret>|'
    sd calendar --format=tsv p.xml
    [ "$(grep -c "^id${TAB}" out)" -eq 4 ] || fail "calendar printed $(grep -c "^id${TAB}" out) stages, expected 4"
}

# ---------------------------------------------------------------- harness

TESTS="
samples_check_valid
init_default init_scolaire init_apprentissage init_formation_continue
init_scolaire_promotion init_apprentissage_promotion init_formation_continue_promotion
init_bad_voie init_rejects_operand
calendar_contract_example calendar_example_check_valid calendar_text_french_dates
calendar_text_aligned calendar_text_french_decimals
calendar_deadline_14_july_2028 calendar_half_hour calendar_twenty_minutes calendar_saturday
calendar_absences_7h calendar_absences_half_hour calendar_weeks_rounding calendar_minor_boundary
calendar_apprentice calendar_apprentice_tuesday_exams calendar_apprentice_holiday_friday calendar_dispense
calendar_csv_for_a_spreadsheet calendar_csv_opens_in_libreoffice calendar_several_stages
calendar_region_alsace_moselle calendar_region_unknown
rule_duree_9_weeks rule_duree_8_weeks_ok rule_duree_5_weeks_without_amenagement
rule_duree_5_weeks_with_amenagement rule_duree_3_weeks_with_amenagement
rule_duree_amenagement_normal_length rule_periode_unique
rule_lieu_same_name rule_lieu_same_name_other_case rule_lieu_same_address
rule_secteur_warning rule_identifiants_siret_luhn rule_identifiants_siret_length
rule_identifiants_uai_letter rule_identifiants_naf_malformed rule_activites_one
rule_mineur_without_representant rule_mineur_9h_day rule_mineur_night rule_mineur_sunday_rest
rule_horaires_adult_11h_day rule_horaires_adult_50h_week
rule_gratification_zero rule_gratification_paid
rule_dates_fin_before_debut rule_dates_visit_outside rule_dates_evaluation_outside_last_week
rule_dates_report_late rule_dates_report_on_deadline
rule_apprentissage_without_strategie rule_apprentissage_contract_order
rule_anglais_two_documents rule_requis_tuteur rule_requis_formation_continue
info_etranger info_formation_continue info_redoublement info_dispense
quiet_hides_information list_rules
xml_malformed xml_not_utf8 entity_bomb external_entity external_dtd_not_loaded
max_size_option max_size_bad_value file_over_16mib wrong_root
schema_bad_date schema_unknown_element duplicate_ids
missing_file directory_input valid_and_missing invalid_and_valid_exit_1
cli_help cli_version cli_no_arguments cli_unknown_command cli_unknown_option
cli_check_without_files cli_calendar_bad_format cli_check_stdout_empty
cli_calendar_diagnostics_on_stderr cli_templates_missing cli_templates_env
cli_option_after_operand cli_double_dash cli_write_error_data cli_write_error_list_rules
promotion_sample promotion_fixture promotion_error_in_third_stage
promotion_missing_element_in_third_stage promotion_schema_error_names_stage
promotion_without_etablissement promotion_calendar_continues_after_invalid_stage
promotion_shared_block_error_said_once promotion_shared_schema_error_said_once check_standard_input
"

PASSED=0
FAILED=0
if [ ! -x "$STAGEDOC" ]; then
    echo "not ok - binary: $STAGEDOC is not an executable (set STAGEDOC)"
    echo "0 passed, 1 failed"
    exit 1
fi
for name in $TESTS; do
    dir=$TMP/$name
    mkdir "$dir" || exit 3
    WHY=$dir/.why
    SKIP=$dir/.skip
    (cd "$dir" && "t_$name") > "$dir/.log" 2>&1
    status=$?
    if [ "$status" -eq 0 ] && [ ! -s "$WHY" ]; then
        PASSED=$((PASSED + 1))
        if [ -s "$SKIP" ]; then
            echo "ok - $name # SKIP $(cat "$SKIP")"
        else
            echo "ok - $name"
        fi
    else
        FAILED=$((FAILED + 1))
        if [ -s "$WHY" ]; then
            echo "not ok - $name: $(cat "$WHY")"
        else
            echo "not ok - $name: exited with status $status: $(tail -n 1 "$dir/.log")"
        fi
    fi
    rm -rf "$dir"
done
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
