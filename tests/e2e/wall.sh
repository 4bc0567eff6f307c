#!/bin/sh
# wall.sh — the wall between the engine and its front ends (issue #23).
#
# Outside src/cli/ (and src/serve/, a front end to come) nothing prints,
# reads the environment, ends the process, installs a signal handler or asks
# whether it talks to a terminal: no file there names stdout, stderr,
# printf(, puts(, putchar(, perror(, getenv, isatty, exit(, signal( or
# sigaction( as a word, nor reads the clock (time(, clock_gettime(,
# gettimeofday(: the date comes from the configuration), comments included (a comment that says "stdout" is
# a promise the engine cannot keep: it hands its results to events). Words
# inside longer ones are fine: strbuf_printf(, snprintf(, fprintf(file, …),
# _exit(, sd_clean_up_after_signal(. Each offending line is printed.
#
# The compiled objects say the same: none outside cli/ refers to those
# symbols, and the second front end (tests/api/) links no object of
# src/cli/. That program includes no header of src/ but the public one,
# src/engine/stagedoc.h. Every file of src/engine/ starts with a comment
# naming it and saying what it is for.
. "$(dirname "$0")/lib.sh"
: "${TEST_BIN_DIR:=$ROOT/build/release/tests}"
BUILD_DIR=$(dirname "$TEST_BIN_DIR")
OFFENDING=$TMP/offending.txt
: > "$OFFENDING"

# Names that start a word ("word" as C means it: letters, digits, _).
WORDS='stdout|stderr|(secure_)?getenv|isatty'
CALLS='printf|puts|putchar|perror|exit|signal|sigaction|time|clock_gettime|gettimeofday'
PATTERN="(^|[^[:alnum:]_])(($WORDS)([^[:alnum:]_]|\$)|($CALLS)\\()"

say() { echo "$*" >> "$OFFENDING"; }

t_engine_never_prints_nor_reads_the_environment() {
    (cd "$ROOT" && find src -type f ! -path 'src/cli/*' ! -path 'src/serve/*' | sort |
        xargs grep -nHE "$PATTERN") > lines.txt
    [ -s lines.txt ] || return 0
    fail "$(wc -l < lines.txt) line(s) outside src/cli/ print, exit, read the environment or handle signals (listed below)"
    sed 's/^/    /' lines.txt >> "$OFFENDING"
}

# The objects of the sources there are now (a build folder may still hold
# objects of files since moved or removed), under $BUILD_DIR/src/$1.
current_objects() {
    (cd "$ROOT" && find "$BUILD_DIR/src/$1" -name '*.o' 2> /dev/null | sort) | while read -r object; do
        source=${object#"$BUILD_DIR"/}
        [ -f "$ROOT/${source%.o}.c" ] && echo "$object"
    done
}

# The symbols an object file refers to without defining them.
undefined_symbols() { nm -u "$1" | awk '{ print $NF }'; }

t_engine_objects_call_no_printing() {
    objects=$(current_objects "" | grep -v -e '/src/cli/' -e '/src/serve/')
    [ -n "$objects" ] || { fail "no object under $BUILD_DIR/src: build first (make tests)"; return; }
    for object in $objects; do
        undefined_symbols "$object" |
            grep -xE "stdout|stderr|printf|vprintf|puts|putchar|perror|(secure_)?getenv|isatty|exit|signal|sigaction|time|clock_gettime|gettimeofday" |
            sed "s|^|    ${object#"$ROOT"/}: refers to |" >> symbols.txt
    done
    [ -s symbols.txt ] || return 0
    fail "$(wc -l < symbols.txt) forbidden symbol(s) in objects outside src/cli/ (listed below)"
    cat symbols.txt >> "$OFFENDING"
}

t_api_program_links_no_command_line_code() {
    program=$TEST_BIN_DIR/api_build
    [ -x "$program" ] || { fail "no $program (make tests builds it)"; return; }
    # shellcheck disable=SC2046 # one argument per object
    nm $(current_objects cli) 2> /dev/null | awk '$2 ~ /^[TDRB]$/ { print $3 }' | grep -vx main |
        sort -u > cli.symbols
    [ -s cli.symbols ] || { fail "no symbol in $BUILD_DIR/src/cli/*.o"; return; }
    nm "$program" | awk '$2 ~ /^[TDRB]$/ { print $3 }' | sort -u | comm -12 - cli.symbols > shared
    [ -s shared ] || return 0
    fail "api_build links code of src/cli/: $(head -n 5 shared | tr '\n' ' ')"
    sed 's/^/    api_build defines /' shared >> "$OFFENDING"
}

t_api_programs_include_only_the_public_header() {
    set -- "$ROOT"/tests/api/*.c
    [ -f "$1" ] || { fail "no program in tests/api/"; return; }
    for program in "$@"; do
        name=${program#"$ROOT"/}
        grep -q '^#include "../../src/engine/stagedoc.h"$' "$program" ||
            fail "$name does not include ../../src/engine/stagedoc.h"
        grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$program" |
            grep -v ':#include "../../src/engine/stagedoc.h"$' > quoted
        while IFS= read -r line; do
            fail "$name:$line: only the public header may be included with quotes"
            say "    $name:$line"
        done < quoted
        # <header.h> may be libc's or POSIX's, never one of src/ reached by -I.
        sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*<\([^>]*\)>.*/\1/p' "$program" > angled
        while IFS= read -r header; do
            if [ -e "$ROOT/src/$header" ] || ls "$ROOT"/src/*/"$header" > /dev/null 2>&1; then
                fail "$name includes <$header>, a header of src/"
                say "    $name: #include <$header>"
            fi
        done < angled
    done
}

t_engine_files_say_what_they_are_for() {
    for file in "$ROOT"/src/engine/*.c "$ROOT"/src/engine/*.h; do
        base=${file##*/}
        head -n 1 "$file" | grep -q "^/\* $base — ..." || {
            fail "src/engine/$base does not start with « /* $base — what it is for »"
            say "    src/engine/$base:1: $(head -n 1 "$file")"
        }
    done
}

run_tests wall "engine_never_prints_nor_reads_the_environment engine_objects_call_no_printing
api_program_links_no_command_line_code api_programs_include_only_the_public_header
engine_files_say_what_they_are_for"
status=$?
if [ -s "$OFFENDING" ]; then
    echo "Lignes en cause :"
    cat "$OFFENDING"
fi
exit "$status"
