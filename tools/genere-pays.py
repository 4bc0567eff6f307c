#!/usr/bin/env python3
"""genere-pays.py - writes templates/pays.tsv, the ISO 3166-1 table the
documents name countries from, out of Debian's iso-codes package (the
English names in /usr/share/iso-codes/json/iso_3166-1.json, the French
ones from its translation catalogue). Run it again when iso-codes changes;
the table is data, edited by hand where a school prefers another name."""
import gettext, json, sys

CODES = "/usr/share/iso-codes/json/iso_3166-1.json"
FRENCH = "/usr/share/locale/fr/LC_MESSAGES/iso_3166-1.mo"

def main():
    with open(FRENCH, "rb") as f:
        french = gettext.GNUTranslations(f)
    with open(CODES) as f:
        countries = json.load(f)["3166-1"]
    out = sys.stdout
    out.write("# Pays (ISO 3166-1 alpha-2), pour nommer le pays d'accueil d'un stage à\n"
              "# l'étranger en toutes lettres. Une ligne par pays, champs séparés par une\n"
              "# tabulation : code, nom en français, nom en anglais.\n"
              "# Source : paquet Debian iso-codes (tools/genere-pays.py) ; les noms usuels\n"
              "# (common_name) sont préférés aux noms officiels.\n")
    for country in sorted(countries, key=lambda c: c["alpha_2"]):
        english = country.get("common_name", country["name"])
        name_fr = french.gettext(english)
        if name_fr == english and "common_name" in country:
            name_fr = french.gettext(country["name"])
        out.write("%s\t%s\t%s\n" % (country["alpha_2"], name_fr, english))

main()
