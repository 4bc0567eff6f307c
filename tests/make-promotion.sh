#!/bin/sh
# make-promotion.sh COUNT — prints a promotion of COUNT stages made from
# samples/promotion-2027.xml (its stages repeated in turn, ids BENCH-0…),
# for the benchmark and the tests of long runs. Relative file names in it
# (reports, English documents) are those of samples/. With UNIQUE=1 each
# student gets a name and a candidate number of their own (NOM-1…), as a
# real class has: a workbook refuses two rows for one student.
cd "$(dirname "$0")/.." || exit 3
awk -v n="${1:?COUNT}" '
    /<stage / { in_stage = 1; buffer = "" }
    in_stage { buffer = buffer $0 "\n" }
    !in_stage && !seen_stage { header = header $0 "\n" }
    /<\/stage>/ { in_stage = 0; stages[++count] = buffer; seen_stage = 1 }
    END {
        printf "%s", header
        for (i = 0; i < n; i++) {
            stage = stages[i % count + 1]
            sub(/id="[^"]*"/, "id=\"BENCH-" i "\"", stage)
            printf "%s", stage
        }
        print "</promotion>"
    }' samples/promotion-2027.xml |
if [ "${UNIQUE:-0}" = 1 ]; then
    awk '/<stagiaire>/ { s = 1 } s && /<nom>/ { n++; sub(/<nom>[^<]*<\/nom>/, "<nom>Nom-" n "</nom>"); s = 0 }
         /<numero-candidat>/ { c++; sub(/<numero-candidat>[^<]*</, sprintf("<numero-candidat>0275%07d<", c)) }
         { print }'
else
    cat
fi
