# planning.sh (sourced by hostile.sh) — a large but legal promotion: its
# planning.pdf is laid out in parts whose pages wait in a temporary file,
# so that memory stays flat (laid out whole, 1,200 students took 170 MiB
# and 4,400 took 550 MiB; now about 57 and 78), and the file leaves
# nothing in $TMPDIR.

t_hostile_planning_large_promotion_bounded() {
    sh "$ROOT/tests/make-promotion.sh" 1200 > promo.xml
    run build -j1 --only planning -o docs promo.xml
    [ "$RC" = 0 ] || fail "planning of 1,200 stages: exit $RC: $(head -c 300 err)"
    bounded "planning of 1,200 stages"
    [ "$MAX_KB" = 0 ] || [ "$KB_USED" -le 102400 ] ||
        fail "planning of 1,200 stages: used $KB_USED KiB, more than 100 MiB: laid out whole?"
    [ -z "$(ls -A tmpdir 2> /dev/null)" ] || fail "left files in \$TMPDIR: $(ls -A tmpdir | head -n 3)"
    pdftotext docs/planning.pdf text.txt 2> /dev/null || fail "planning.pdf unreadable"
    grep -q "1200 stagiaires" text.txt || fail "the planning does not count 1,200 students"
    pages=$(pdfinfo docs/planning.pdf | awk '/^Pages:/ { print $2 }')
    last=$(pdftotext -f "$pages" -l "$pages" docs/planning.pdf - | grep -c "page $pages / $pages")
    [ "$last" = 1 ] || fail "the last page's footer does not say page $pages / $pages"
}

TESTS="$TESTS hostile_planning_large_promotion_bounded"
