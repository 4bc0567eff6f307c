#!/bin/sh
# End-to-end tests of the class workbook (sheets Classe, Stagiaires and the
# lists Horaires, Activités, Stratégie, Évaluation; templates/import/
# colonnes.tsv) as a secretary meets it: every sample and test stage goes to
# XLSX, ODS and a folder of CSV files and comes back the same promotion,
# building the same PDF bytes; export writes the same bytes twice; what
# people type (and what LibreOffice makes of it: codes turned into numbers,
# dates into date cells) is read, with a warning where a zero was restored;
# every kind of message names its file, sheet and cell, its column, its
# student and what to do, in French, on each format; nothing is written when
# a cell is refused; a sheet that claims a million rows costs nothing; the
# template of init --tableur has its notes, text columns and drop-down lists.
# The workbooks said to be written by LibreOffice are: CSV files read by
# LibreOffice with its types guessed (French locale), their sheets put
# together in one flat ODS (merge_fods), saved by LibreOffice as XLSX and
# ODS. WORKBOOK_TESTS="NAME..." runs only those tests. Ends with
# "N passed, N failed".
. "$(dirname "$0")/lib.sh"

COMMUN=$SAMPLES/import/stage-commun.xml
if [ -n "${STAGEDOC_SANITIZED:-}" ]; then MAX_SECONDS=60 MAX_KB=0; else MAX_SECONDS=5 MAX_KB=262144; fi

sd() { # command args...: runs stagedoc, sets RC, out and err
    RC=0
    "$STAGEDOC" "$@" > out 2> err || RC=$?
}

# has FILE STRING...: some line of FILE holds every STRING (fixed strings).
has() {
    has_file=$1
    shift
    cp "$has_file" has.now
    for has_string in "$@"; do
        grep -F -- "$has_string" has.now > has.next || { rm -f has.now has.next; return 1; }
        mv has.next has.now
    done
    rm -f has.now
}

# lines FILE STRING...: how many lines of FILE hold every STRING.
lines() {
    lines_file=$1
    shift
    cp "$lines_file" lines.now
    for lines_string in "$@"; do
        grep -F -- "$lines_string" lines.now > lines.next
        mv lines.next lines.now
    done
    wc -l < lines.now | tr -d ' '
    rm -f lines.now
}

# expect WHAT STRING...: a line of err holds every STRING, or WHAT fails.
expect() {
    expect_what=$1
    shift
    has err "$@" || fail "$expect_what: no line with « $* » in: $(head -n 4 err | tr '\n' '|')"
}

# french FILE: no line of FILE (what stagedoc said on a workbook) speaks
# English or XML.
french() {
    grep -n -e '<' -e 'Element' -e 'element' -e 'attribute' -e 'expected' -e 'is not' \
        -e 'error:' -e 'warning:' -e 'stage\.xsd' "$1" > jargon.txt &&
        fail "English or XML said to the secretary: $(head -n 2 jargon.txt | tr '\n' '|')"
    true
}

# The canonical form of a stage or promotion (comments and blank text gone,
# C14N); a <stage> file becomes the promotion import gives back.
canon() {
    perl -0pe 's/<!--.*?-->//gs' "$1" | xmllint --noblanks - | xmllint --c14n - |
        perl -0pe 'if (/^<stage /) { s/ version="1"//; my ($s) = /(<session>.*?<\/session>)/;
            my ($e) = /(<etablissement>.*?<\/etablissement>)/; s/<session>.*?<\/session>//;
            s/<etablissement>.*?<\/etablissement>//; $_ = "<promotion version=\"1\">$s$e$_</promotion>"; }'
}

# The same move on the file itself, its attributes in their order (a PDF
# embeds its stage as written): a <stage> file as a promotion, comments out.
as_promotion() {
    perl -0pe 's/<!--.*?-->//gs; if (/<stage version="1"/) { s/^<\?xml[^>]*>\s*//;
        s/<stage version="1"/<stage/; my ($s) = /(<session>.*?<\/session>)/s;
        my ($e) = /(<etablissement>.*?<\/etablissement>)/s; s/<session>.*?<\/session>//s;
        s/<etablissement>.*?<\/etablissement>//s;
        $_ = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<promotion version=\"1\">$s$e$_</promotion>\n"; }' "$1"
}

col_letter() { # N: the letters of column N (1 is A)
    awk -v n="$1" 'BEGIN { s = ""; while (n > 0) { n--; s = sprintf("%c", 65 + n % 26) s; n = int(n / 26) } print s }'
}

# csvedit FILE OP...: edits a CSV of init --tableur (';', quotes, BOM, CRLF
# kept) in place. OP: KEY:Header=value (the first row whose first cell is
# KEY), KEY@N=value (its column N), +KEY<FROM (a copy of row FROM, its
# first cell KEY), +KEY (a row of one cell), -Header (the column removed).
CSVEDIT=$(cat <<'PERL'
use strict; use warnings;
my $file = shift;
open my $in, '<', $file or die "$file: $!"; my @lines = <$in>; close $in;
my $bom = $lines[0] =~ s/^\xef\xbb\xbf// ? "\xef\xbb\xbf" : '';
my $eol = $lines[0] =~ /\r\n$/ ? "\r\n" : "\n";
sub split_csv {
    my $l = shift; $l =~ s/\r?\n$//; my @f;
    while (1) {
        if ($l =~ s/^"((?:[^"]|"")*)"(;|$)//s) { (my $v = $1) =~ s/""/"/g; push @f, $v; last unless $2 }
        elsif ($l =~ s/^([^;]*)(;|$)//) { push @f, $1; last unless $2 }
        else { die "$file: not CSV" }
    }
    return \@f;
}
sub join_csv { join(';', map { my $v = $_ // ''; $v =~ /[;"\n]/ ? do { (my $q = $v) =~ s/"/""/g; "\"$q\"" } : $v } @{$_[0]}) . $eol }
my @rows = map { split_csv($_) } @lines;
sub column { my $h = shift; for my $i (0 .. $#{$rows[0]}) { return $i if $rows[0][$i] eq $h } die "$file: no column $h" }
sub row { my $k = shift; for my $r (@rows[1 .. $#rows]) { return $r if $r->[0] eq $k } die "$file: no row $k" }
for my $op (@ARGV) {
    if ($op =~ /^\+([^<]*)<(.*)$/) { my @copy = @{row($2)}; $copy[0] = $1; push @rows, \@copy }
    elsif ($op =~ /^\+(.*)$/) { push @rows, [$1] }
    elsif ($op =~ /^-(.*)$/) { my $c = column($1); splice @$_, $c, 1 for grep { @$_ > $c } @rows }
    elsif ($op =~ /^([^:@]*)@(\d+)=(.*)$/s) { row($1)->[$2 - 1] = $3 }
    elsif ($op =~ /^([^:]*):([^=]+)=(.*)$/s) { my $c = column($2); row($1)->[$c] = $3 }
    else { die "bad op $op" }
}
open my $out, '>', $file or die; print $out $bom, map { join_csv($_) } @rows; close $out;
PERL
)
csvedit() { perl -e "$CSVEDIT" "$@" || fail "csvedit $*"; }

# merge_fods FILE...: one flat ODS of the sheets of FILE... (flat ODS files
# LibreOffice wrote), on stdout; a sheet "BOOK__Name" is named "Name"; the
# automatic styles of each are renamed apart.
MERGE=$(cat <<'PERL'
use strict; use warnings;
local $/;
my @files = @ARGV;
open my $fh, '<', shift @files or die; my $base = <$fh>; close $fh;
$base =~ s/<office:settings>.*?<\/office:settings>//s;
my $i = 0;
for my $f (@files) {
    $i++;
    open my $g, '<', $f or die; my $doc = <$g>; close $g;
    my ($auto) = $doc =~ /<office:automatic-styles>(.*?)<\/office:automatic-styles>/s or die "$f: no styles";
    my @tables = $doc =~ /(<table:table [^>]*>.*?<\/table:table>)/sg or die "$f: no sheet";
    my %names = map { $_ => 1 } $auto =~ /style:name="([^"]+)"/g;
    for ($auto, @tables) {
        s/(style:name|style-name|data-style-name|table:default-cell-style-name)="([^"]+)"/exists $names{$2} ? "$1=\"m${i}_$2\"" : "$1=\"$2\""/ge;
    }
    $base =~ s/<\/office:automatic-styles>/$auto<\/office:automatic-styles>/ or die;
    my $last = rindex($base, '</table:table>');
    die "no sheet" if $last < 0;
    substr($base, $last + length('</table:table>'), 0) = join('', @tables);
}
$base =~ s/table:name="[^"]*__/table:name="/g;
print $base;
PERL
)

# odfedit FILE OP...: edits the sheets of an ODF spreadsheet (flat ODS or
# content.xml) in place; rows and columns count from 1. OP: hide:SHEET:ROW,
# merge:SHEET:ROW:COL (with the cell on its right), set:SHEET:ROW:COL:TEXT,
# formula:SHEET:ROW:COL:FORMULA (no computed value).
ODFEDIT=$(cat <<'PERL'
use strict; use warnings;
my $file = shift;
open my $in, '<', $file or die "$file: $!"; local $/; my $doc = <$in>; close $in;
my $cell_re = qr{<table:(?:covered-)?table-cell\b[^>]*?(?:/>|>.*?</table:(?:covered-)?table-cell>)}s;
sub cells { my $row = shift; my @out;
    for my $c ($row =~ /($cell_re)/g) {
        my $n = $c =~ s/\s*table:number-columns-repeated="(\d+)"// ? $1 : 1;
        push @out, ($c) x $n;
    }
    return @out }
for my $op (@ARGV) {
    my ($what, $sheet, $row, $col, $arg) = split /:/, $op, 5;
    $doc =~ /(<table:table table:name="\Q$sheet\E"[^>]*>)(.*?)(<\/table:table>)/s or die "no sheet $sheet";
    my ($body, $pos) = ($2, $-[2]);
    my $len = length $body;
    my ($n, $done) = (0, 0);
    $body =~ s{(<table:table-row\b[^>]*?)(/>|>(.*?)</table:table-row>)}{
        my ($open, $rest, $inner) = ($1, $2, $3);
        my $count = $open =~ /table:number-rows-repeated="(\d+)"/ ? $1 : 1;
        my $out = "$open$rest";
        if (!$done && $row > $n && $row <= $n + $count) {
            die "row $row is repeated" if $count > 1;
            $done = 1;
            if ($what eq 'hide') {
                $out = "$open table:visibility=\"collapse\"$rest";
            } else {
                my @c = cells($inner // '');
                push @c, '<table:table-cell/>' while @c < $col + 1;
                if ($what eq 'merge') {
                    $c[$col - 1] =~ s/^<table:table-cell/<table:table-cell table:number-columns-spanned="2" table:number-rows-spanned="1"/;
                    $c[$col] = '<table:covered-table-cell/>';
                } elsif ($what eq 'set') {
                    $c[$col - 1] = "<table:table-cell office:value-type=\"string\"><text:p>$arg</text:p></table:table-cell>";
                } elsif ($what eq 'formula') {
                    $c[$col - 1] = "<table:table-cell table:formula=\"$arg\"/>";
                } else { die "bad op $what" }
                # runs of one cell written once, repeated, as spreadsheets do
                my @runs;
                for my $x (@c) {
                    if (@runs && $runs[-1][0] eq $x) { $runs[-1][1]++ } else { push @runs, [$x, 1] }
                }
                $out = "$open>" . join('', map { $_->[1] == 1 ? $_->[0]
                    : $_->[0] =~ s/^<table:((?:covered-)?table-cell)/<table:$1 table:number-columns-repeated="$_->[1]"/r } @runs) . '</table:table-row>';
            }
        }
        $n += $count; $out
    }gse;
    die "no row $row in $sheet" unless $done;
    substr($doc, $pos, $len) = $body;
}
open my $out, '>', $file or die; print $out $doc; close $out;
PERL
)
odfedit() { perl -e "$ODFEDIT" "$@" || fail "odfedit $*"; }

# lo_csv FORMAT FILE.csv...: LibreOffice reads each CSV (';', '"', UTF-8,
# French; column types guessed but those of LO_TYPES, "N/2/…" for text) and
# writes it as FORMAT here.
lo_csv() {
    lo_format=$1
    shift
    mkdir -p home
    HOME=$PWD/home soffice --headless --infilter="CSV:59,34,76,1,${LO_TYPES:-},1036" \
        --convert-to "$lo_format" --outdir . "$@" > soffice.log 2>&1 || fail "soffice: $(tail -n 2 soffice.log)"
}

lo_save() { # FORMAT FILE...: LibreOffice saves each file as FORMAT here
    lo_format=$1
    shift
    mkdir -p home
    HOME=$PWD/home soffice --headless --convert-to "$lo_format" --outdir . "$@" > soffice.log 2>&1 ||
        fail "soffice: $(tail -n 2 soffice.log)"
}

# books NAME...: each folder of CSV files NAME/ as NAME.xlsx and NAME.ods
# written by LibreOffice (see the top); NAME.ops, when there, holds odfedit
# operations (one a line) made on the sheets before they are saved.
books() {
    rm -rf lo && mkdir lo
    for book in "$@"; do
        for csv in "$book"/*.csv; do cp "$csv" "lo/${book}__$(basename "$csv")"; done
    done
    (cd lo && lo_csv fods ./*.csv)
    for book in "$@"; do
        list=
        for sheet in Classe Stagiaires Horaires Activités Stratégie Évaluation; do
            [ -f "lo/${book}__$sheet.fods" ] && list="$list lo/${book}__$sheet.fods"
        done
        for fods in lo/"${book}"__*.fods; do
            case " $list " in *" $fods "*) ;; *) list="$list $fods" ;; esac
        done
        # shellcheck disable=SC2086 # the names have no spaces
        perl -e "$MERGE" $list > "$book.fods" || fail "merge $book"
        if [ -f "$book.ops" ]; then
            while IFS= read -r op; do odfedit "$book.fods" "$op"; done < "$book.ops"
        fi
    done
    list=
    for book in "$@"; do list="$list $book.fods"; done
    # shellcheck disable=SC2086
    lo_save xlsx $list
    # shellcheck disable=SC2086
    lo_save ods $list
    for book in "$@"; do
        [ -f "$book.xlsx" ] && [ -f "$book.ods" ] || fail "LibreOffice wrote no $book.xlsx or $book.ods"
    done
}

# rezip FILE.xlsx|FILE.ods DIR: DIR (an unzipped workbook) zipped as FILE.
rezip() {
    rm -f "$1"
    case $1 in
    *.ods) (cd "$2" && zip -q -X -0 "../$1" mimetype && zip -q -X -r "../$1" . -x mimetype) || fail "zip $1" ;;
    *) (cd "$2" && 7z a -tzip -bso0 -bsp0 "../$1" .) || fail "7z $1" ;;
    esac
}

# Where a message of each format points: place FORMAT BOOK SHEET CELL.
place() {
    case $1 in
    csv) printf '%s/%s.csv:%s:' "$2" "$3" "$4" ;;
    *) printf '%s.%s:%s!%s:' "$2" "$1" "$3" "$4" ;;
    esac
}

# expect_row WHAT FORMAT BOOK SHEET ROW STRING...: a line of err about a
# cell of that row (any column) holds every STRING.
expect_row() {
    expect_what=$1
    case $2 in csv) row_place="$3/$4\\.csv:" ;; *) row_place="$3\\.$2:$4!" ;; esac
    grep -E "^$row_place[A-Z]+$5: " err > row.txt
    shift 5
    has row.txt "$@" || fail "$expect_what: no line with « $* » in: $(head -n 4 row.txt | tr '\n' '|')"
}

rows_told() { # FORMAT BOOK SHEET ROW: how many lines of err are about that row
    case $1 in csv) row_place="$2/$3\\.csv:" ;; *) row_place="$2\\.$1:$3!" ;; esac
    grep -cE "^$row_place[A-Z]+$4: " err
}

workbook_of() { # FORMAT BOOK: the file or folder to give stagedoc
    case $1 in csv) printf '%s' "$2" ;; *) printf '%s.%s' "$2" "$1" ;; esac
}

# ------------------------------------------------------------------ 1

# Every sample and test stage, to XLSX, ODS and a folder of CSV files and
# back, is the same promotion and builds the same bytes. No exception is
# listed: each of these files fits in a workbook.
t_round_trip_of_every_stage() {
    cp -R "$SAMPLES/rapports" "$SAMPLES/anglais" "$SAMPLES/logo-lycee-eiffel.png" .
    for xml in "$SAMPLES"/*.xml "$ROOT"/tests/e2e/fixtures/*.xml; do
        case $xml in "$SAMPLES"/*) name=$(basename "$xml" .xml) ;; *) name=fixture-$(basename "$xml" .xml) ;; esac
        cp "$xml" "$name.xml"
        for kind in xlsx ods csv; do
            book=$name.$kind
            [ "$kind" = csv ] && book=$name-csv
            sd export -o "$book" "$name.xml"
            if [ "$RC" != 0 ]; then
                fail "$name.xml: export to $kind refused (exit $RC): $(head -n 2 err | tr '\n' '|')"
                continue
            fi
            [ -s err ] && fail "$name.xml: export to $kind says: $(head -n 2 err | tr '\n' '|')"
            sd import --force -o "$name.$kind.back.xml" "$book"
            if [ "$RC" != 0 ]; then
                fail "$name.xml: import of its $kind refused (exit $RC): $(grep -v information err | head -n 2 | tr '\n' '|')"
                continue
            fi
            french err
            canon "$name.xml" > a.canon
            canon "$name.$kind.back.xml" > b.canon
            [ -s a.canon ] && [ -s b.canon ] || fail "$name.xml: test bug: no canonical form"
            cmp -s a.canon b.canon || fail "$name.xml: $kind round trip differs: $(diff a.canon b.canon | head -c 300)"
        done
        [ -f "$name.xlsx.back.xml" ] || continue
        for kind in ods csv; do
            [ -f "$name.$kind.back.xml" ] && ! cmp -s "$name.xlsx.back.xml" "$name.$kind.back.xml" &&
                fail "$name.xml: the $kind and xlsx workbooks import to different bytes"
        done
        # A PDF embeds its stage as the file writes it, comments included, and
        # a promotion adds the class documents: a <stage> file is built as
        # the promotion it stands for; a promotion as it is.
        if grep -q '<stage version=' "$name.xml"; then
            as_promotion "$name.xml" > "$name.promotion.xml"
        else
            cp "$name.xml" "$name.promotion.xml"
        fi
        "$STAGEDOC" build --quiet -o "built-$name" "$name.promotion.xml" > /dev/null 2> build.err ||
            fail "$name.xml: build fails: $(head -n 2 build.err)"
        "$STAGEDOC" build --quiet -o "rebuilt-$name" "$name.xlsx.back.xml" > /dev/null 2> build.err ||
            fail "$name.xml: build of the re-imported promotion fails: $(head -n 2 build.err)"
        diff -r -x index.tsv "built-$name" "rebuilt-$name" > build.diff || fail "$name.xml: the PDFs differ: $(head -n 3 build.diff | tr '\n' '|')"
        cut -f 1-3 "built-$name/index.tsv" > built.index 2> /dev/null
        cut -f 1-3 "rebuilt-$name/index.tsv" > rebuilt.index 2> /dev/null
        cmp -s built.index rebuilt.index || fail "$name.xml: index.tsv lists other files"
        rm -rf "built-$name" "rebuilt-$name"
    done
}

# The school's address on two lines: the second is its own field of the
# Classe sheet, not a second value for the first (samples/dispense.xml).
t_school_address_on_two_lines() {
    "$STAGEDOC" init --tableur modele > /dev/null 2>&1 || fail "init --tableur"
    csvedit modele/classe/Classe.csv "Adresse de l'établissement (ligne 2):Valeur=Bâtiment B"
    sd import --force -o promo.xml modele/classe
    [ "$RC" = 0 ] || fail "exit $RC: $(grep -v information err | head -n 2 | tr '\n' '|')"
    [ "$(xpath promo.xml 'string(/promotion/etablissement/adresse/ligne[2])')" = "Bâtiment B" ] ||
        fail "second line: $(xpath promo.xml '/promotion/etablissement/adresse')"
}

# ------------------------------------------------------------------ 2

t_export_is_reproducible() {
    cp -R "$SAMPLES/rapports" "$SAMPLES/anglais" "$SAMPLES/logo-lycee-eiffel.png" "$SAMPLES/promotion-2027.xml" .
    for run in 1 2; do
        for kind in xlsx ods; do
            "$STAGEDOC" export -o "$run.$kind" promotion-2027.xml 2> err ||
                fail "export $kind: $(cat err)"
        done
        "$STAGEDOC" export -o "csv$run" promotion-2027.xml 2> err || fail "export csv: $(cat err)"
    done
    cmp -s 1.xlsx 2.xlsx || fail "two XLSX differ"
    cmp -s 1.ods 2.ods || fail "two ODS differ"
    [ "$(ls csv1 | wc -l)" = 6 ] || fail "CSV files: $(ls csv1 | tr '\n' ' ')"
    for f in csv1/*.csv; do cmp -s "$f" "csv2/${f#csv1/}" || fail "two ${f#csv1/} differ"; done
    # Without SOURCE_DATE_EPOCH, the date is fixed, not the clock's.
    for run in 3 4; do
        [ "$run" = 4 ] && sleep 2
        env -u SOURCE_DATE_EPOCH "$STAGEDOC" export -o "$run.xlsx" promotion-2027.xml 2> err || fail "export: $(cat err)"
        env -u SOURCE_DATE_EPOCH "$STAGEDOC" export -o "$run.ods" promotion-2027.xml 2> err || fail "export: $(cat err)"
    done
    cmp -s 3.xlsx 4.xlsx || fail "two XLSX made 2 s apart differ"
    cmp -s 3.ods 4.ods || fail "two ODS made 2 s apart differ"
}

# ------------------------------------------------------------------ 3

# The example class of init --tableur, retyped the many ways people write
# its values (and four more students); in its folder of CSV files here, and
# ($TMP/variants) as LibreOffice saves it in XLSX and ODS, the codes turned
# into numbers and « Date de fin » kept as text.
variants_book() {
    "$STAGEDOC" init --tableur modele > /dev/null 2>&1 || fail "init --tableur"
    rm -rf variants && cp -R modele/classe variants
    csvedit variants/Stagiaires.csv \
        'ET27-001:Voie=scolaire' 'ET27-001:Civilité=Monsieur' 'ET27-001:Code postal=01000' \
        'ET27-001:Ville=Bourg-en-Bresse' 'ET27-001:SIRET=630 822 484 00071' 'ET27-001:Code NAF=4321A' \
        'ET27-001:Gratification horaire=4,35' 'ET27-001:Versement de la gratification=Mensuel' \
        'ET27-001:Rapport=rapports\rapport-exemple.pdf' 'ET27-001:Date de début=2027-05-18' \
        'ET27-001:Civilité du représentant=M' \
        'ET27-014:Voie=FORMATION CONTINUE' 'ET27-014:Salarié=non' 'ET27-014:Contrat particulier=non' \
        'ET27-014:Civilité=Madame' 'ET27-014:Gratification horaire=4,35 €' \
        'ET27-014:Versement de la gratification=Mensuel' 'ET27-014:Civilité du tuteur=Mme.' \
        'ET27-012:Voie=APPRENTI' 'ET27-012:UAI du CFA=333253G' \
        '+ET27-101<ET27-001' 'ET27-101:Voie=ELEVE' 'ET27-101:Nom=Bernard' 'ET27-101:Numéro de candidat=02755500101' \
        '+ET27-102<ET27-001' 'ET27-102:Voie=fc' 'ET27-102:Nom=Carrère' 'ET27-102:Numéro de candidat=02755500102' \
        'ET27-102:Salarié=oui' 'ET27-102:Contrat particulier=non' \
        '+ET27-112<ET27-012' 'ET27-112:Voie=Apprentie' 'ET27-112:Nom=Dubois' 'ET27-112:Prénom=Emma' \
        'ET27-112:Civilité=Mme' 'ET27-112:Numéro de candidat=02755500112' \
        '+ET27-113<ET27-012' 'ET27-113:Voie=apprentissage' 'ET27-113:Nom=Etcheverry' \
        'ET27-113:Numéro de candidat=02755500113'
    # The class's own timetable and activities, for the students without rows.
    for day in lundi mardi mercredi jeudi vendredi; do printf ';;%s;08:00;17:00;01:00\r\n' "$day"; done >> variants/Horaires.csv
    printf ';;Réalisation;Câblage et raccordement.\r\n;;Mise en service;Essais et mise en service.\r\n' >> variants/Activités.csv
    for id in ET27-112 ET27-113; do printf '%s;;C14;Entreprise;S2;3;Réalisation en atelier;U62\r\n' "$id"; done >> variants/Stratégie.csv
    cp -R "$SAMPLES/rapports" .
}

shared_variants() { # $TMP/variants: the folder and its XLSX and ODS, made once
    if [ ! -f "$TMP/variants/done" ]; then
        mkdir -p "$TMP/variants"
        (cd "$TMP/variants" && variants_book && LO_TYPES=67/2 books variants && touch done)
    fi
    cp -R "$TMP/variants/variants" "$TMP/variants/variants.xlsx" "$TMP/variants/variants.ods" "$TMP/variants/rapports" .
}

# check_variants FILE.xml: the values read from every way of writing them.
check_variants() {
    for pair in ET27-001=scolaire ET27-101=scolaire ET27-014=formation-continue ET27-102=formation-continue \
        ET27-012=apprentissage ET27-112=apprentissage ET27-113=apprentissage; do
        got=$(xpath "$1" "string(//stage[@id='${pair%=*}']/@voie)")
        [ "$got" = "${pair#*=}" ] || fail "$1: voie of ${pair%=*}: « $got », expected ${pair#*=}"
    done
    for check in \
        "//stage[@id='ET27-001']/stagiaire/civilite=M." \
        "//stage[@id='ET27-014']/stagiaire/civilite=Mme" \
        "//stage[@id='ET27-112']/stagiaire/civilite=Mme" \
        "//stage[@id='ET27-014']/tuteur/@civilite=Mme" \
        "//stage[@id='ET27-001']/entreprise/representant/@civilite=M." \
        "//stage[@id='ET27-001']/stagiaire/adresse/code-postal=01000" \
        "//stage[@id='ET27-001']/stagiaire/numero-candidat=02755500001" \
        "//stage[@id='ET27-014']/stagiaire/numero-candidat=02712345678" \
        "//stage[@id='ET27-001']/entreprise/siret=63082248400071" \
        "//stage[@id='ET27-001']/entreprise/code-naf=43.21A" \
        "//stage[@id='ET27-001']/gratification/@montant-horaire=4.35" \
        "//stage[@id='ET27-014']/gratification/@montant-horaire=4.35" \
        "//stage[@id='ET27-014']/gratification/@versement=mensuel" \
        "//stage[@id='ET27-001']/rapport/@fichier=rapports/rapport-exemple.pdf" \
        "//stage[@id='ET27-001']/periode/@debut=2027-05-18" \
        "//stage[@id='ET27-001']/periode/@fin=2027-06-25" \
        "//stage[@id='ET27-001']/stagiaire/naissance=2007-03-14" \
        "//stage[@id='ET27-012']/apprentissage/centre-formation/uai=0333253G" \
        "//stage[@id='ET27-102']/formation-continue/@salarie=oui"; do
        got=$(xpath "$1" "string(${check%=*})")
        [ "$got" = "${check##*=}" ] || fail "$1: ${check%=*} is « $got », expected « ${check##*=} »"
    done
    [ "$(xpath "$1" 'count(//stage)')" = 8 ] || fail "$1: $(xpath "$1" 'count(//stage)') stages, expected 8"
}

t_variants_in_csv_folder() {
    variants_book
    sd import --force -o promo.xml variants
    [ "$RC" = 0 ] || fail "exit $RC: $(grep -v information err | head -n 3 | tr '\n' '|')"
    check_variants promo.xml
    expect "UAI one digit short" "variants/Stagiaires.csv:CO4: avertissement: [cellule] DA SILVA Enzo, colonne « UAI du CFA » : « 333253G » lu comme « 0333253G »" "À faire"
    [ "$(grep -c ': avertissement: ' err)" = 3 ] || fail "warnings: $(grep ': avertissement: ' err | tr '\n' '|')"
    french err
}

t_variants_in_xlsx_and_ods_written_by_libreoffice() {
    shared_variants
    # LibreOffice did turn the codes into numbers and the start date into a date.
    unzip -p variants.xlsx xl/worksheets/sheet2.xml > sheet2.xml
    for cell in I2 M2 BN2; do
        grep -q "<c r=\"$cell\"[^>]*t=\"n\"" sheet2.xml || fail "test bug: LibreOffice wrote $cell as text"
    done
    grep -q '<c r="BO2"[^>]*t="s"' sheet2.xml || fail "test bug: « Date de fin » is not text"
    for kind in xlsx ods; do
        sd import --force -o "$kind.xml" "variants.$kind"
        [ "$RC" = 0 ] || fail "$kind: exit $RC: $(grep -v information err | head -n 3 | tr '\n' '|')"
        check_variants "$kind.xml"
        expect "$kind: postal code" "variants.$kind:Stagiaires!M2: avertissement: [cellule] ABADIE-LAFFARGUE Thomas, colonne « Code postal » : « 1000 » lu comme « 01000 »" "À faire"
        expect "$kind: candidate number" "variants.$kind:Stagiaires!I2: avertissement: [cellule] ABADIE-LAFFARGUE Thomas, colonne « Numéro de candidat » : « 2755500001 » lu comme « 02755500001 »" "À faire"
        expect "$kind: candidate number of N'DIAYE" "variants.$kind:Stagiaires!I3: avertissement: [cellule] N'DIAYE Aïssatou, colonne « Numéro de candidat » : « 2712345678 » lu comme « 02712345678 »"
        expect "$kind: UAI" "variants.$kind:Stagiaires!CO4: avertissement: [cellule] DA SILVA Enzo, colonne « UAI du CFA » : « 333253G » lu comme « 0333253G »" "À faire"
        grep ': avertissement: ' err | grep -v 'lu comme' > other.txt && fail "$kind: other warnings: $(head -n 2 other.txt | tr '\n' '|')"
        french err
    done
    cmp -s xlsx.xml ods.xml || fail "the XLSX and ODS give different promotions: $(diff xlsx.xml ods.xml | head -n 4 | tr '\n' '|')"
}

# The last line counts the stages, errors, warnings and informations the
# lines above it told.
t_summary_counts_what_was_told() {
    shared_variants
    for book in variants variants.xlsx; do
        sd import --force -o promo.xml "$book"
        for what in avertissement information; do
            told=$(grep -c ": $what: " err)
            grep -q "[ ,]$told ${what}s\?[,.]" err || fail "$book: $told lines « $what », summary: $(tail -n 1 err)"
        done
        grep -q ' 8 stages' err || fail "$book: 8 stages, summary: $(tail -n 1 err)"
    done
}

# A number LibreOffice made of a code (the apprenticeship contract
# 033202609000012) has lost its zero: the promotion keeps it, or the cell
# is warned about, as for the candidate number.
t_code_read_as_a_number_is_told() {
    shared_variants
    for kind in xlsx ods; do
        sd import --force -o "$kind.xml" "variants.$kind"
        got=$(xpath "$kind.xml" "string(//stage[@id='ET27-012']/apprentissage/contrat/@numero)")
        [ "$got" = 033202609000012 ] || has err "variants.$kind:Stagiaires!CE4: avertissement" ||
            fail "$kind: « N° de contrat d'apprentissage » 033202609000012 became « $got » with no warning at CE4"
    done
}

# A lone Stagiaires sheet with --commun (the way import.sh's class works):
# the row's « Travail de nuit » joins the timetable --commun gives.
t_lone_stagiaires_sheet_with_commun() {
    "$STAGEDOC" init --tableur modele > /dev/null 2>&1 || fail "init --tableur"
    cp modele/classe/Stagiaires.csv classe.csv
    # The Horaires and Stratégie sheets are left behind with a lone sheet: the
    # minor gets the class's 37.5-hour week of --commun and the apprentice has
    # no strategy line, both said; nothing else is wrong.
    sd import --force --commun "$COMMUN" -o promo.xml classe.csv
    [ "$RC" = 1 ] || fail "exit $RC: $(grep -v information err | head -n 2 | tr '\n' '|')"
    [ "$(grep -c ': erreur: ' err)" = 2 ] || fail "errors: $(grep erreur err | tr '\n' '|')"
    grep -q ': erreur: \[mineur\] N.DIAYE' err && grep -q ': erreur: \[apprentissage\] DA SILVA' err ||
        fail "not the two expected: $(grep erreur err | tr '\n' '|')"
    french err
    [ "$(xpath promo.xml "count(//stage[@id='ET27-001']/horaires/jour)")" = 5 ] || fail "the days of --commun are lost"
    [ "$(xpath promo.xml "string(//stage[@id='ET27-001']/horaires/nuit)")" = non ] || fail "nuit"
}

# ------------------------------------------------------------------ 4

# The workbooks of the messages, as folders of CSV files (each problem in
# its own book when one would hide the others), in $TMP/messages, with
# their XLSX and ODS written by LibreOffice, made once.
message_books() {
    "$STAGEDOC" init --tableur modele > /dev/null 2>&1 || fail "init --tableur"
    # cells: every problem of a cell at once. Rows: 2 ET27-001, 3 ET27-014,
    # 4 ET27-012, 5 ET27-035, 6 a second DA SILVA (same candidate number),
    # 7 the row of ET27-035 again, 8 a « Total » line.
    cp -R modele/classe cells
    csvedit cells/Stagiaires.csv 'ET27-001:Date de naissance=31/02/2007' 'ET27-001:Code postal=1000' \
        'ET27-014:Prénom=' 'ET27-035:Civilité du tuteur=' \
        '+ET27-099<ET27-012' 'ET27-099:Nom=Dasilva' '+ET27-035<ET27-035' '+Total' 'Total:Effectif=267'
    printf 'Remarque\r\nà revoir avec le proviseur\r\n' > cells/Notes.csv
    {
        echo 'hide:Stagiaires:3'
        echo 'merge:Stagiaires:4:14'
    } > cells.ops
    # far: a note far to the right of ABADIE-LAFFARGUE Thomas (column 1000, ALL).
    cp -R modele/classe far
    csvedit far/Stagiaires.csv 'ET27-001@1000=à voir'
    # schema: what only the contract refuses: a session of two digits, a
    # country in words, a student without his timetable.
    cp -R modele/classe schema
    csvedit schema/Classe.csv 'Session:Valeur=27'
    csvedit schema/Stagiaires.csv "ET27-001:Pays de l'élève=France"
    grep -v '^ET27-014' schema/Horaires.csv > h.csv && mv h.csv schema/Horaires.csv
    # rule: a stage of 9 weeks.
    cp -R modele/classe rule
    csvedit rule/Stagiaires.csv 'ET27-001:Date de fin=16/07/2027'
    # header: a title above the headers.
    cp -R modele/classe header
    { printf '\357\273\277Liste de la classe BTS 2027\r\n'; sed '1s/^\xef\xbb\xbf//' modele/classe/Stagiaires.csv; } > header/Stagiaires.csv
    # nosheet: no Stagiaires sheet.
    cp -R modele/classe nosheet && rm nosheet/Stagiaires.csv
    # nocol: no « Date de naissance » column.
    cp -R modele/classe nocol
    csvedit nocol/Stagiaires.csv '-Date de naissance'
    books cells far schema rule header nosheet nocol
    # A formula saved without its value (as some generators write) in
    # « Effectif » of ABADIE-LAFFARGUE Thomas.
    rm -rf x && mkdir x && (cd x && unzip -q ../cells.xlsx) || fail "unzip cells.xlsx"
    perl -0pi -e 's#<c r="AF2"[^>]*?(/>|>.*?</c>)#<c r="AF2"><f>A1+1</f></c>#s or die "no AF2\n";' x/xl/worksheets/sheet2.xml ||
        fail "no AF2 in cells.xlsx"
    rezip cells.xlsx x
    rm -rf x && mkdir x && (cd x && unzip -q ../cells.ods) || fail "unzip cells.ods"
    odfedit x/content.xml 'formula:Stagiaires:2:32:of:=[.A1]+1'
    rezip cells.ods x
    rm -rf x
}

# check_messages FORMAT: each kind of message on that format.
check_messages() {
    f=$1
    if [ ! -f "$TMP/messages/done" ]; then
        mkdir -p "$TMP/messages"
        (cd "$TMP/messages" && message_books && touch done)
    fi
    for book in cells far schema rule header nosheet nocol; do
        cp -R "$TMP/messages/$book" "$TMP/messages/$book.xlsx" "$TMP/messages/$book.ods" .
    done
    : > all.err

    sd import --force -o cells.xml "$(workbook_of "$f" cells)"
    cat err >> all.err
    [ "$RC" = 1 ] || fail "cells: exit $RC"
    [ -e cells.xml ] && fail "cells: a promotion written despite refused cells"
    expect "refused cell" "$(place "$f" cells Stagiaires H2) erreur: [cellule] ABADIE-LAFFARGUE Thomas, colonne « Date de naissance » : « 31/02/2007 » n'est pas une date." "À faire : écrivez la date au format JJ/MM/AAAA"
    expect "restored zero" "$(place "$f" cells Stagiaires M2) avertissement: [cellule] ABADIE-LAFFARGUE Thomas, colonne « Code postal » : « 1000 » lu comme « 01000 »" "À faire"
    expect "empty required cell" "$(place "$f" cells Stagiaires G3) erreur: [cellule] N'DIAYE, colonne « Prénom » : cellule vide" "obligatoire" "À faire"
    expect "required in its block" "$(place "$f" cells Stagiaires BB5) erreur: [cellule] HOFFMANN Léna, colonne « Civilité du tuteur » : cellule vide" "obligatoire" "À faire"
    expect_row "two rows, one candidate number" "$f" cells Stagiaires 6 "erreur:" "Enzo" "lignes 4 et 6" "numéro de candidat" "À faire"
    [ "$(lines err 'lignes 4 et 6')" = 1 ] || fail "rows 4 and 6 told $(lines err 'lignes 4 et 6') times"
    [ "$(lines err 'lignes 5 et 7')" = 1 ] || fail "a row given twice (rows 5 and 7) told $(lines err 'lignes 5 et 7') times: $(grep -F 'lignes 5 et 7' err | head -n 3 | tr '\n' '|')"
    expect_row "the Total line" "$f" cells Stagiaires 8 "information:" "ignorée"
    [ "$(rows_told "$f" cells Stagiaires 8)" = 1 ] || fail "the Total line told $(rows_told "$f" cells Stagiaires 8) times: $(head -n 2 row.txt | tr '\n' '|')"
    case $f in
    csv) expect "unknown sheet" "cells/Notes.csv: avertissement:" "« Notes »" "À faire" ;;
    *) expect "unknown sheet" "cells.$f:Notes: avertissement:" "« Notes »" "À faire" ;;
    esac
    if [ "$f" != csv ]; then
        expect "merged cells" "$(place "$f" cells Stagiaires N4) avertissement:" "DA SILVA Enzo" "« Ville »" "fusionnées" "À faire"
        expect "hidden row" "cells.$f:Stagiaires" "information:" "N'DIAYE" "ligne 3" "masquée"
        expect "formula without its value" "$(place "$f" cells Stagiaires AF2) erreur:" "ABADIE-LAFFARGUE Thomas" "« Effectif »" "formule" "À faire"
    fi

    sd import --force -o far.xml "$(workbook_of "$f" far)"
    cat err >> all.err
    [ "$RC" = 0 ] || fail "far: a cell beyond column IV stops the import: exit $RC: $(head -n 2 err | tr '\n' '|')"
    expect "beyond column IV" "$(place "$f" far Stagiaires ALL2) avertissement:" "ABADIE-LAFFARGUE Thomas" "au-delà" "À faire"

    sd import --force -o schema.xml "$(workbook_of "$f" schema)"
    cat err >> all.err
    [ "$RC" = 1 ] || fail "schema: exit $RC"
    expect "schema: session" "$(place "$f" schema Classe B2) erreur:" "« Session »" "« 27 »" "À faire"
    expect "schema: country" "$(place "$f" schema Stagiaires O2) erreur:" "ABADIE-LAFFARGUE Thomas" "« Pays de l'élève »" "« France »" "À faire"
    expect_row "schema: no timetable" "$f" schema Stagiaires 3 "erreur:" "N'DIAYE Aïssatou" "À faire"
    grep -F "N'DIAYE" err | grep -e 'élément' -e 'attendu : [a-z-]*\( \|$\)' > xml-words.txt &&
        fail "schema: XML words said to the secretary: $(head -n 1 xml-words.txt)"

    sd import --force -o rule.xml "$(workbook_of "$f" rule)"
    cat err >> all.err
    [ "$RC" = 1 ] || fail "rule: exit $RC"
    expect "regulation" "$(place "$f" rule Stagiaires BO2) erreur: [duree] ABADIE-LAFFARGUE Thomas, colonne « Date de fin » : le stage dure 9 semaines" "À faire"

    sd import --force -o header.xml "$(workbook_of "$f" header)"
    cat err >> all.err
    [ "$RC" = 0 ] || fail "header: exit $RC: $(head -n 2 err | tr '\n' '|')"
    [ "$(xpath header.xml 'count(//stage)')" = 4 ] || fail "header: not 4 stages"
    case $f in
    csv) expect "header row" "header/Stagiaires.csv" "information:" "ligne 2" ;;
    *) expect "header row" "header.$f:Stagiaires" "information:" "ligne 2" ;;
    esac

    sd import --force -o nosheet.xml "$(workbook_of "$f" nosheet)"
    cat err >> all.err
    [ "$RC" = 1 ] || fail "nosheet: exit $RC"
    expect "no Stagiaires sheet" "nosheet" "erreur:" "« Stagiaires »" "À faire"

    sd import --force -o nocol.xml "$(workbook_of "$f" nocol)"
    cat err >> all.err
    [ "$RC" = 1 ] || fail "nocol: exit $RC"
    case $f in
    csv) expect "missing column" "nocol/Stagiaires.csv" "erreur:" "« Date de naissance » manque" "À faire" ;;
    *) expect "missing column" "nocol.$f:Stagiaires" "erreur:" "« Date de naissance » manque" "À faire" ;;
    esac
    [ "$(lines err 'Date de naissance')" = 1 ] || fail "missing column said $(lines err 'Date de naissance') times"

    french all.err
}

t_messages_csv_folder() { check_messages csv; }
t_messages_xlsx() { check_messages xlsx; }
t_messages_ods() { check_messages ods; }

# The advice of a rule names the row's own column, not the Classe sheet's
# default for it.
t_rule_advice_names_the_rows_column() {
    "$STAGEDOC" init --tableur modele > /dev/null 2>&1 || fail "init --tableur"
    csvedit modele/classe/Stagiaires.csv 'ET27-001:Date de fin=16/07/2027'
    sd import --force -o promo.xml modele/classe
    expect "gratification" "modele/classe/Stagiaires.csv:BX2: erreur: [gratification] ABADIE-LAFFARGUE Thomas, colonne « Gratification horaire »" "À faire"
    grep -F 'par défaut' err > defaults.txt && fail "a Classe default named for a row: $(head -n 2 defaults.txt | tr '\n' '|')"
    french err
}

# ------------------------------------------------------------------ 5

t_nothing_written_when_a_cell_is_refused() {
    "$STAGEDOC" init --tableur modele > /dev/null 2>&1 || fail "init --tableur"
    for f in classe classe.xlsx; do
        sd import --force -o promo.xml "modele/$f"
        [ "$RC" = 0 ] || fail "$f: exit $RC"
        cp promo.xml before.xml
        "$STAGEDOC" build --quiet -o pdf "modele/$f" > /dev/null 2>&1 || fail "$f: first build"
        cp -R pdf pdf.before
        ls -A | grep -v -e '^files\.' -e '\.sums$' > files.before
        case $f in
        classe) csvedit modele/classe/Stagiaires.csv 'ET27-014:Date de naissance=31/02/2009' ;;
        *) rm -rf x && mkdir x && (cd x && unzip -q ../modele/classe.xlsx) || fail "unzip"
           perl -0pi -e 's#<c r="H3"[^>]*?(/>|>.*?</c>)#<c r="H3" t="inlineStr"><is><t>31/02/2009</t></is></c>#s or die "no H3\n";' \
               x/xl/worksheets/sheet2.xml || fail "no H3"
           rezip modele/classe.xlsx x && rm -rf x ;;
        esac
        sd import --force -o promo.xml "modele/$f"
        [ "$RC" = 1 ] || fail "$f: refused cell, exit $RC"
        grep -qF "Stagiaires" err && grep -qF "H3: erreur: [cellule] N'DIAYE Aïssatou, colonne « Date de naissance »" err ||
            fail "$f: $(head -n 2 err | tr '\n' '|')"
        cmp -s promo.xml before.xml || fail "$f: promo.xml changed"
        sd build --quiet -o pdf "modele/$f"
        [ "$RC" = 1 ] || fail "$f: build with a refused cell: exit $RC"
        [ -s out ] && fail "$f: build printed paths: $(head -n 2 out)"
        same_tree pdf.before pdf
        ls -A | grep -v -e '^files\.' -e '\.sums$' > files.after
        cmp -s files.before files.after || fail "$f: files left: $(diff files.before files.after | tr '\n' ' ')"
        rm -rf pdf pdf.before
    done
}

# ------------------------------------------------------------------ 6


# Sheets that claim 1,048,576 rows (and a cell at XFD, the last column):
# read in bounded time and memory, the far value named.
t_a_million_rows_cost_nothing() {
    "$STAGEDOC" init --tableur modele > /dev/null 2>&1 || fail "init --tableur"
    mkdir x && (cd x && unzip -q ../modele/classe.xlsx) || fail "unzip"
    perl -0pi -e 's#</sheetData>#<row r="1048576"><c r="N1048576" t="inlineStr"><is><t>Bordeaux</t></is></c></row></sheetData># or die "no sheetData\n";
        s#(<row r="2".*?)</row>#$1<c r="XFD2" t="inlineStr"><is><t>loin</t></is></c></row>#s or die "no row 2\n";' x/xl/worksheets/sheet2.xml ||
        fail "test bug: sheet2.xml"
    rezip big.xlsx x
    mkdir o && (cd o && unzip -q ../modele/classe.ods) || fail "unzip"
    grep -q 'table:number-rows-repeated="1047576"' o/content.xml || fail "test bug: the template claims fewer rows"
    perl -0pi -e 's#(<table:table table:name="Stagiaires".*?)<table:table-row([^>]*) table:number-rows-repeated="1047576">(.*?)</table:table-row></table:table>#$1<table:table-row$2 table:number-rows-repeated="1047575">$3</table:table-row><table:table-row><table:table-cell table:number-columns-repeated="13"/><table:table-cell office:value-type="string"><text:p>Bordeaux</text:p></table:table-cell></table:table-row></table:table>#s or die "no repeated rows\n";' o/content.xml ||
        fail "test bug: content.xml"
    odfedit o/content.xml 'set:Stagiaires:2:16384:loin'
    rezip big.ods o
    for f in big.xlsx big.ods; do
        timed import --force -o "$f.xml" "$f"
        bounded "$f"
        [ "$RC" = 0 ] || fail "$f: exit $RC: $(head -n 2 err | tr '\n' '|')"
        [ "$(xpath "$f.xml" 'count(//stage)')" = 4 ] || fail "$f: not 4 stages"
        expect "$f: the last row" "$f:Stagiaires!N1048576: information:" "ligne 1048576 ignorée"
        # (the value is at XFD2 in both)
        expect "$f: the far cell" "$f:Stagiaires!XFD2: avertissement:" "au-delà" "À faire"
        french err
    done
}

# ------------------------------------------------------------------ 7

# XLSXINFO SHEET.xml STYLES.xml COMMENTS.xml HEADER: the header's column
# letters, whether its column is text (numFmtId 49), its note, and the list
# of its drop-down, tab-separated.
XLSXINFO=$(cat <<'PERL'
use strict; use warnings;
my ($sheet, $styles, $comments, $header) = @ARGV;
sub slurp { local $/; open my $f, '<', $_[0] or return ''; my $t = <$f>; close $f; $t }
my ($s, $st, $c) = (slurp($sheet), slurp($styles), slurp($comments));
my ($row1) = $s =~ /(<row r="1".*?<\/row>)/s or die "no row 1";
sub unxml { my $t = shift; $t =~ s/&apos;/'/g; $t =~ s/&quot;/"/g; $t =~ s/&lt;/</g; $t =~ s/&gt;/>/g; $t =~ s/&amp;/&/g; $t }
my $ref;
for my $c ($row1 =~ /(<c r="[A-Z]+1".*?<\/c>)/g) { my ($r, $t) = $c =~ /<c r="([A-Z]+)1".*?<t[^>]*>([^<]*)<\/t>/; if (defined $t && unxml($t) eq $header) { $ref = $r; last } }
defined $ref or die "no header $header\n";
my $n = 0; $n = $n * 26 + ord($_) - 64 for split //, $ref;
my ($xfs) = $st =~ /<cellXfs[^>]*>(.*?)<\/cellXfs>/s;
my @xf = $xfs =~ /(<xf [^>]*>)/g;
my $text = 'no';
for my $col ($s =~ /(<col [^>]*>)/g) {
    my ($min, $max) = $col =~ /min="(\d+)" max="(\d+)"/;
    next unless $min <= $n && $n <= $max;
    my ($style) = $col =~ /style="(\d+)"/;
    $text = 'yes' if defined $style && $xf[$style] =~ /numFmtId="49"/;
}
my ($note) = $c =~ /<comment ref="\Q$ref\E1"[^>]*>.*?<t(?:\s[^>]*)?>([^<]*)</s;
my $list = '';
for my $v ($s =~ /(<dataValidation .*?<\/dataValidation>)/sg) {
    next unless $v =~ /type="list"/ && $v =~ /sqref="\Q$ref\E2:/;
    ($list) = $v =~ /<formula1>(.*?)<\/formula1>/s;
}
print join("\t", $ref, $text, $note // '', $list), "\n";
PERL
)

# ODSINFO content.xml SHEET HEADER: the same for an ODS: column number,
# whether its column's default style is text, its note, and its list.
ODSINFO=$(cat <<'PERL'
use strict; use warnings;
my ($file, $sheet, $header) = @ARGV;
local $/; open my $f, '<', $file or die; my $d = <$f>; close $f;
my ($t) = $d =~ /(<table:table table:name="\Q$sheet\E".*?<\/table:table>)/s or die "no sheet";
my @styles;
for my $col ($t =~ /(<table:table-column [^>]*>)/g) {
    my $n = $col =~ /number-columns-repeated="(\d+)"/ ? $1 : 1;
    my ($style) = $col =~ /default-cell-style-name="([^"]*)"/;
    push @styles, ($style // '') x $n;
}
my ($head) = $t =~ /(<table:table-row.*?<\/table:table-row>)/s;
my ($row2) = $t =~ /<\/table:table-header-rows>\s*(<table:table-row.*?<\/table:table-row>)/s;
sub cells { my @out; for my $c ($_[0] =~ /(<table:(?:covered-)?table-cell\b[^>]*?(?:\/>|>.*?<\/table:(?:covered-)?table-cell>))/sg) {
    my $n = $c =~ /number-columns-repeated="(\d+)"/ ? $1 : 1; push @out, ($c) x $n } @out }
my @h = cells($head); my @r = cells($row2 // '');
sub unxml { my $t = shift; $t =~ s/&apos;/'/g; $t =~ s/&quot;/"/g; $t =~ s/&lt;/</g; $t =~ s/&gt;/>/g; $t =~ s/&amp;/&/g; $t }
my $i; for (0 .. $#h) { (my $p = $h[$_]) =~ s/<office:annotation>.*?<\/office:annotation>//s; if ($p =~ /<text:p>([^<]*)<\/text:p>/ && unxml($1) eq $header) { $i = $_; last } }
defined $i or die "no header $header";
my ($note) = $h[$i] =~ /<office:annotation>.*?<text:p>(.*?)<\/text:p>/s;
my $style = $styles[$i] // '';
my $text = $style && $d =~ /<style:style style:name="\Q$style\E"[^>]*style:data-style-name="([^"]*)"/ && $d =~ /<number:text-style style:name="\Q$1\E"/ ? 'yes' : 'no';
my ($vname) = ($r[$i] // '') =~ /table:content-validation-name="([^"]*)"/;
my $list = '';
($list) = $d =~ /<table:content-validation table:name="\Q$vname\E" table:condition="([^"]*)"/ if $vname;
print join("\t", $i + 1, $text, $note // '', $list // ''), "\n";
PERL
)

t_init_template_has_notes_text_columns_and_lists() {
    "$STAGEDOC" init --tableur modele > /dev/null 2>&1 || fail "init --tableur"
    mkdir x && (cd x && unzip -q ../modele/classe.xlsx) || fail "unzip"
    unzip -p modele/classe.ods content.xml > content.xml || fail "unzip ods"
    sheets=$(grep -o '<sheet name="[^"]*"' x/xl/workbook.xml | sed 's/.*"\(.*\)"/\1/' | tr '\n' ' ')
    [ "$sheets" = "Classe Stagiaires Horaires Activités Stratégie Évaluation " ] || fail "sheets: $sheets"
    sheet_number() { case $1 in Classe) echo 1 ;; Stagiaires) echo 2 ;; Horaires) echo 3 ;; Activités) echo 4 ;; Stratégie) echo 5 ;; Évaluation) echo 6 ;; esac; }
    # SHEET|HEADER|text?|note holds|list holds
    while IFS='|' read -r sheet header text note list; do
        [ -n "$sheet" ] || continue
        n=$(sheet_number "$sheet")
        info=$(perl -e "$XLSXINFO" "x/xl/worksheets/sheet$n.xml" x/xl/styles.xml "x/xl/comments$n.xml" "$header") ||
            { fail "xlsx: $sheet « $header »: no such header"; continue; }
        got_text=$(printf '%s' "$info" | cut -f2)
        got_note=$(printf '%s' "$info" | cut -f3)
        got_list=$(printf '%s' "$info" | cut -f4)
        [ "$text" = - ] || [ "$got_text" = "$text" ] || fail "xlsx: $sheet « $header »: text format $got_text, expected $text"
        [ -z "$note" ] || case $got_note in *"$note"*) ;; *) fail "xlsx: $sheet « $header »: note « $got_note » lacks « $note »" ;; esac
        [ -z "$list" ] || case $got_list in *"$list"*) ;; *) fail "xlsx: $sheet « $header »: drop-down « $got_list » lacks « $list »" ;; esac
        info=$(perl -e "$ODSINFO" content.xml "$sheet" "$header") || { fail "ods: $sheet « $header »: no such header"; continue; }
        got_text=$(printf '%s' "$info" | cut -f2)
        got_note=$(printf '%s' "$info" | cut -f3)
        got_list=$(printf '%s' "$info" | cut -f4)
        [ "$text" = - ] || [ "$got_text" = "$text" ] || fail "ods: $sheet « $header »: text format $got_text, expected $text"
        [ -z "$note" ] || case $got_note in *"$note"*) ;; *) fail "ods: $sheet « $header »: note « $got_note » lacks « $note »" ;; esac
        [ -z "$list" ] || case $got_list in *"$list"*) ;; *) fail "ods: $sheet « $header »: drop-down « $got_list » lacks « $list »" ;; esac
    done <<'EOT'
Stagiaires|Date de naissance|-|JJ/MM/AAAA|
Stagiaires|Date de début|-|JJ/MM/AAAA|
Stagiaires|SIRET|yes|14 chiffres|
Stagiaires|Numéro de candidat|yes|11 chiffres|
Stagiaires|Code postal|yes|5 chiffres|
Stagiaires|Police d'assurance|yes||
Stagiaires|UAI du CFA|yes||
Stagiaires|N° de contrat d'apprentissage|yes||
Stagiaires|Nom|no||
Stagiaires|Voie|-|Scolaire, Apprentissage ou Formation continue|Formation continue
Stagiaires|Civilité|-|M. ou Mme|Mme
Stagiaires|Civilité du tuteur|-||Mme
Stagiaires|Unité|-|U51|U62
Stagiaires|Document anglais 1 Nature|-||Presse
Activités|Domaine|-||Mise en service
Évaluation|Niveau|-||4
Stratégie|Niveau visé|-||4
Stratégie|Lieu|-||Les deux
Classe|Valeur|yes||
EOT
    # The drop-down reaches the rows a secretary adds, not only the example's.
    grep -q 'sqref="B2:B1000"' x/xl/worksheets/sheet2.xml || fail "xlsx: the Voie list stops before row 1000"
    perl -0ne 'exit !(/<table:table table:name="Stagiaires".*?<table:table-row[^>]*number-rows-repeated="\d{3,}"[^>]*><table:table-cell[^>]*>?<table:table-cell table:content-validation-name=/s)' content.xml ||
        fail "ods: the empty rows after the example have no Voie list"
    # Every note of the headers, and every list, in French.
    cat x/xl/comments*.xml content.xml | grep -o -e 'expected' -e 'Choose' -e 'Invalid' > english.txt && fail "English in the template: $(head -n 1 english.txt)"
    true
}

TESTS="round_trip_of_every_stage school_address_on_two_lines export_is_reproducible
variants_in_csv_folder variants_in_xlsx_and_ods_written_by_libreoffice summary_counts_what_was_told
code_read_as_a_number_is_told
lone_stagiaires_sheet_with_commun
messages_csv_folder messages_xlsx messages_ods rule_advice_names_the_rows_column
nothing_written_when_a_cell_is_refused a_million_rows_cost_nothing
init_template_has_notes_text_columns_and_lists"

run_tests workbook "${WORKBOOK_TESTS:-$TESTS}"
