#!/bin/sh
# End-to-end tests of what `make install` puts in place for `stagedoc serve`
# in production: the systemd unit, with ExecStart naming the installed
# binary, the users file handed over as a credential, the hardening keys;
# the example configuration and the nginx variant beside the templates,
# nothing in /etc; `make uninstall` takes the unit away. When
# systemd-analyze is there and works, it verifies the unit (no warning) and
# rates its exposure. Ends with "N passed, N failed".
. "$(dirname "$0")/lib.sh"

UNIT=usr/lib/systemd/system/stagedoc.service

install_here() {
    make -s -C "$ROOT" install DESTDIR="$PWD/x" PREFIX=/usr > make.log 2>&1 ||
        { fail "make install failed: $(tail -n 3 make.log)"; return 1; }
}

t_unit_runs_the_installed_binary() {
    install_here || return
    [ -f "x/$UNIT" ] || { fail "no $UNIT"; return; }
    grep -qx 'ExecStart=/usr/bin/stagedoc serve --users ${CREDENTIALS_DIRECTORY}/utilisateurs $STAGEDOC_OPTIONS' "x/$UNIT" ||
        fail "ExecStart: $(grep ExecStart "x/$UNIT")"
    grep -q '@BINDIR@' "x/$UNIT" && fail "@BINDIR@ left in the unit"
    [ -x x/usr/bin/stagedoc ] || fail "no binary where ExecStart looks"
    [ "$(stat -c %a "x/$UNIT")" = 644 ] || fail "unit mode $(stat -c %a "x/$UNIT")"
    true
}

t_unit_has_the_hardening_keys() {
    install_here || return
    for key in DynamicUser=yes ProtectSystem=strict PrivateTmp=yes NoNewPrivileges=yes \
               ProtectHome=yes Restart=on-failure KillSignal=SIGTERM TimeoutStopSec=90 \
               LoadCredential=utilisateurs:/etc/stagedoc/utilisateurs \
               EnvironmentFile=-/etc/default/stagedoc WantedBy=multi-user.target; do
        grep -qx "$key" "x/$UNIT" || fail "no $key in the unit"
    done
    # The drain outlasts a request: TimeoutStopSec above the default --timeout.
    [ "$(sed -n 's/^TimeoutStopSec=//p' "x/$UNIT")" -gt 60 ] || fail "TimeoutStopSec not above 60"
}

t_examples_go_beside_the_templates_not_to_etc() {
    install_here || return
    for file in stagedoc.default nginx-stagedoc.conf; do
        cmp -s "$ROOT/dist/$file" "x/usr/share/stagedoc/exemples/$file" || fail "$file not installed"
    done
    [ -e x/etc ] && fail "make install wrote under /etc: $(find x/etc | head -n 3)"
    # The example is a shell assignment systemd reads: one active line.
    grep -c '^STAGEDOC_OPTIONS="' x/usr/share/stagedoc/exemples/stagedoc.default > count
    [ "$(cat count)" = 1 ] || fail "$(cat count) active STAGEDOC_OPTIONS lines"
    # nginx takes a body a little over --max-body and waits past --timeout.
    grep -q 'client_max_body_size 65m;' "$ROOT/dist/nginx-stagedoc.conf" || fail "client_max_body_size"
    grep -q 'proxy_pass http://127.0.0.1:8080;' "$ROOT/dist/nginx-stagedoc.conf" || fail "proxy_pass"
    true
}

t_every_option_of_the_example_is_documented() {
    sed -n 's/^#\{0,1\}STAGEDOC_OPTIONS="\(.*\)"$/\1/p' "$ROOT/dist/stagedoc.default" |
        tr ' ' '\n' | grep -- '^--' | sort -u > options.txt
    [ -s options.txt ] || { fail "no option read from stagedoc.default"; return; }
    mandoc -T utf8 "$ROOT/man/stagedoc.1" | sed 's/.\x08//g' > man.txt
    while read -r opt; do
        grep -q -- "^#   $opt " "$ROOT/dist/stagedoc.default" || fail "$opt not explained in stagedoc.default"
        grep -Eq -- "(^|[^a-z-])$opt([^a-z-]|\$)" man.txt || fail "$opt not in the man page"
    done < options.txt
}

t_uninstall_removes_the_unit() {
    install_here || return
    make -s -C "$ROOT" uninstall DESTDIR="$PWD/x" PREFIX=/usr > make.log 2>&1 || fail "make uninstall failed"
    [ -e "x/$UNIT" ] && fail "unit left by uninstall"
    [ -e x/usr/share/stagedoc/exemples ] && fail "examples left by uninstall"
    true
}

# systemd-analyze verify reads the unit as systemd would; it checks that
# ExecStart's binary exists, so the copy verified names the one under x/.
t_systemd_analyze_verifies_the_unit() {
    if ! command -v systemd-analyze > /dev/null; then
        echo "note: no systemd-analyze here, unit not verified" >&2
        return
    fi
    install_here || return
    mkdir v
    sed "s|^ExecStart=/usr/bin/|ExecStart=$PWD/x/usr/bin/|" "x/$UNIT" > v/stagedoc.service
    if ! systemd-analyze verify --man=no v/stagedoc.service > verify.out 2>&1; then
        if grep -q 'Failed to\|System has not been booted\|Operation not permitted' verify.out &&
           ! grep -q 'stagedoc.service:[0-9]' verify.out; then
            echo "note: systemd-analyze verify does not work here: $(head -n 1 verify.out)" >&2
            return
        fi
        fail "systemd-analyze verify: $(head -n 3 verify.out | tr '\n' '|')"
    fi
    [ -s verify.out ] && fail "systemd-analyze verify warns: $(head -n 3 verify.out | tr '\n' '|')"
    # Exposure 0 (locked down) to 10 (exposed); this unit rates under 3.
    if systemd-analyze security --offline=yes --no-pager v/stagedoc.service > security.out 2>&1; then
        level=$(sed -n 's/.*Overall exposure level for stagedoc.service: \([0-9.]*\).*/\1/p' security.out)
        awk -v l="$level" 'BEGIN { exit !(l != "" && l < 3) }' ||
            fail "exposure level ${level:-unknown}: $(tail -n 1 security.out)"
    fi
    true
}

run_tests deploy "unit_runs_the_installed_binary unit_has_the_hardening_keys
examples_go_beside_the_templates_not_to_etc every_option_of_the_example_is_documented
uninstall_removes_the_unit systemd_analyze_verifies_the_unit"
