#!/bin/sh
# End-to-end tests of the manual page and the bash completion: mandoc finds
# nothing to say, every command and every option that --help prints is in the
# page (so it cannot fall behind), the completion offers commands and
# options, and make install puts both in place. Ends with "N passed, N failed".
. "$(dirname "$0")/lib.sh"

MAN=$ROOT/man/stagedoc.1
COMPLETION=$ROOT/completion/stagedoc.bash

# The commands listed by `stagedoc --help`, one a line.
commands() {
    "$STAGEDOC" --help | sed -n '/^Commandes/,/^$/p' | sed -n 's/^  \([a-z][a-z]*\) .*/\1/p'
}

# complete WORD...: the completion's answer for the words, the last one being
# completed, one candidate a line.
complete_words() {
    bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _stagedoc;
             printf "%s\n" "${COMPREPLY[@]}"' sh "$COMPLETION" "$@"
}

t_mandoc_lint_is_clean() {
    command -v mandoc > /dev/null || { fail "mandoc is missing: install the Debian package mandoc"; return; }
    mandoc -T lint -W warning "$MAN" > lint.out 2>&1
    [ -s lint.out ] && fail "mandoc: $(head -n 3 lint.out)"
    true
}

# Every heading a reader sees is French: NOM, not NAME; our own header line.
t_headings_are_french() {
    mandoc -T utf8 "$MAN" | sed 's/.\x08//g' > man.txt
    grep -qx "NOM" man.txt || fail "no NOM heading"
    grep -q "NAME\|General Commands Manual" man.txt && fail "an English heading: $(grep 'NAME\|General' man.txt)"
    for heading in SYNOPSIS DESCRIPTION "CLASSEUR DE CLASSE" MESSAGES "CODES DE SORTIE" "VOIR AUSSI"; do
        grep -qx "$heading" man.txt || fail "no heading $heading"
    done
    head -n 1 man.txt | grep -q "Manuel de stagedoc" || fail "header: $(head -n 1 man.txt)"
}

t_every_command_has_a_section() {
    commands > commands.txt
    [ "$(wc -l < commands.txt)" -ge 7 ] || fail "too few commands read from --help: $(cat commands.txt)"
    while read -r cmd; do
        grep -qx "\.SS \"$cmd\"" "$MAN" || fail "no section .SS \"$cmd\" in the man page"
    done < commands.txt
}

t_every_option_is_documented() {
    # In the page as a reader sees it (rendered, without overstrikes).
    mandoc -T utf8 "$MAN" | sed 's/.\x08//g' > man.txt
    for cmd in $(commands); do
        "$STAGEDOC" "$cmd" --help > help.txt 2>&1 || { fail "$cmd --help failed"; continue; }
        grep -o -- '\(^\|[ ,[]\)--*[a-z][a-z-]*' help.txt | sed 's/^[ ,[]//' | sort -u > options.txt
        [ -s options.txt ] || fail "$cmd: no option read from --help"
        while read -r opt; do
            grep -Eq -- "(^|[^a-z-])$opt([^a-z-]|\$)" man.txt || fail "$cmd: option $opt not in the man page"
        done < options.txt
    done
}

t_completion_offers_commands() {
    complete_words stagedoc bu > reply.txt || fail "the completion failed"
    grep -qx build reply.txt || fail "no build for 'stagedoc bu': $(tr '\n' ' ' < reply.txt)"
    grep -qx check reply.txt && fail "check offered for 'stagedoc bu'"
    true
}

t_completion_offers_options() {
    complete_words stagedoc build -- > reply.txt || fail "the completion failed"
    grep -qx -- --output reply.txt || fail "no --output for 'stagedoc build --': $(tr '\n' ' ' < reply.txt)"
    grep -qx -- --only reply.txt || fail "no --only for 'stagedoc build --'"
    grep -qx -- --werror reply.txt && fail "check's --werror offered for build"
    true
}

t_completion_offers_xml_and_directories() {
    mkdir dossier && touch stage.xml notes.txt classe.xlsx
    complete_words stagedoc check "" > reply.txt
    grep -qx stage.xml reply.txt || fail "no stage.xml offered: $(tr '\n' ' ' < reply.txt)"
    grep -qx classe.xlsx reply.txt || fail "no spreadsheet offered: $(tr '\n' ' ' < reply.txt)"
    grep -qx notes.txt reply.txt && fail "notes.txt offered as an input"
    complete_words stagedoc import "" > reply.txt
    grep -qx stage.xml reply.txt && fail "an XML offered to import"
    complete_words stagedoc calendar --format "" > reply.txt
    grep -qx csv reply.txt || fail "no csv format offered"
    complete_words stagedoc build -o "" > reply.txt
    grep -qx dossier reply.txt || fail "no directory after -o: $(tr '\n' ' ' < reply.txt)"
    grep -qx stage.xml reply.txt && fail "a file offered after -o"
    true
}

t_make_install_puts_man_page_and_completion() {
    make -s -C "$ROOT" install DESTDIR="$PWD/x" PREFIX=/usr > make.log 2>&1 ||
        { fail "make install failed: $(tail -n 3 make.log)"; return; }
    cmp -s "$MAN" x/usr/share/man/man1/stagedoc.1 || fail "man page not installed"
    cmp -s "$COMPLETION" x/usr/share/bash-completion/completions/stagedoc || fail "completion not installed"
    make -s -C "$ROOT" uninstall DESTDIR="$PWD/x" PREFIX=/usr > make.log 2>&1 || fail "make uninstall failed"
    [ -e x/usr/share/man/man1/stagedoc.1 ] && fail "man page left by uninstall"
    [ -e x/usr/share/bash-completion/completions/stagedoc ] && fail "completion left by uninstall"
    true
}

run_tests man "mandoc_lint_is_clean headings_are_french every_command_has_a_section every_option_is_documented
completion_offers_commands completion_offers_options completion_offers_xml_and_directories
make_install_puts_man_page_and_completion"
