#!/usr/bin/env bash
# Regenerates the domain tables in assets/domain/ from the project's sourced reference tables:
#
#   countries.csv        ISO 3166-1 codes from Debian's iso-codes, plus XKX (Kosovo, user-assigned code)
#   memberships.csv      ../shared/reference/memberships.csv, with the full days we know (column date_note says
#                        where each day came from)
#   peace_operations.csv ../shared/reference/missions.csv, unchanged
#
# organisations.csv is hand-maintained (names, colours, patterns) and is not rewritten; this script only checks
# that every organisation code used by the other tables has a row in it.
#
# Usage: scripts/build_domain_data.sh [REFERENCE_DIR]   (default: ../shared/reference next to the repository)
# The files it writes overwrite hand edits: after a hand edit of memberships.csv or peace_operations.csv, run
# it only to take in new reference tables, and look at `git diff assets/domain` before committing.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
ref=${1:-$here/../shared/reference}
out=$here/assets/domain
iso_json=/usr/share/iso-codes/json/iso_3166-1.json
for f in "$ref/memberships.csv" "$ref/missions.csv" "$iso_json" "$out/organisations.csv"; do
  [ -r "$f" ] || { echo "build_domain_data.sh: $f: not readable" >&2; exit 1; }
done
mkdir -p "$out"

# Debian's own interpreter, not whatever python3 comes first on PATH: the script needs only the standard
# library.
/usr/bin/python3 - "$ref" "$out" "$iso_json" <<'PY'
import csv, json, re, sys

ref, out, iso_json = sys.argv[1:4]

def read(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))

def write(path, fields, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"wrote {path} ({len(rows)} rows)")

# --- countries.csv -------------------------------------------------------------------------------------------
iso = json.load(open(iso_json, encoding="utf-8"))["3166-1"]
countries = [{"iso3": c["alpha_3"], "numeric": c["numeric"], "name": c["name"], "note": ""} for c in iso]
codes = {c["iso3"] for c in countries}
# ESH (Western Sahara) is an ISO 3166-1 code already; the reference tables use it for the Sahrawi Arab
# Democratic Republic (AU member) and for MINURSO's host territory.
assert "ESH" in codes, "iso-codes lacks ESH"
countries.append({"iso3": "XKX", "numeric": "", "name": "Kosovo",
                  "note": "user-assigned code (not ISO 3166-1), as used by the EU and the IMF; no numeric code"})
countries.sort(key=lambda c: c["iso3"])
codes.add("XKX")
write(f"{out}/countries.csv", ["iso3", "numeric", "name", "note"], countries)

# --- memberships.csv -----------------------------------------------------------------------------------------
# Full days we know. Key: (org, iso3, column, value in the reference table) -> (new value, date_note).
# Convention (see assets/domain/README.md): a member from `joined` (inclusive) until `left` (exclusive): `left`
# is the first day the country is no longer a member.
ISSUE = "day from issue text"
README = "day from reference README"
ROW = "day from the row's source text"
PFP = "day of NATO accession (issue text); PfP rows end when the country joins NATO"
DAYS = {
    ("NATO", "FIN", "joined", "2023"): ("2023-04-04", ISSUE),
    ("NATO", "SWE", "joined", "2024"): ("2024-03-07", ISSUE + " and the row's source text"),
    ("NATO_PfP", "FIN", "left", "2023"): ("2023-04-04", PFP),
    ("NATO_PfP", "SWE", "left", "2024"): ("2024-03-07", PFP),
    # The UK was a member until the end of 31 January 2020 (issue text), so the first day it was not is 1 Feb.
    ("EU", "GBR", "left", "2020"): ("2020-02-01",
        "left at the end of 2020-01-31 (issue text); stored as the first day not a member"),
    ("ECOWAS", "BFA", "left", "2025"): ("2025-01-29", README + " (withdrawal with effect from 29 Jan 2025)"),
    ("ECOWAS", "MLI", "left", "2025"): ("2025-01-29", README + " (withdrawal with effect from 29 Jan 2025)"),
    ("ECOWAS", "NER", "left", "2025"): ("2025-01-29", README + " (withdrawal with effect from 29 Jan 2025)"),
    ("ASEAN", "TLS", "joined", "2025"): ("2025-10-26", README + " and the row's source text (admitted 26 Oct 2025)"),
    ("AU", "AGO", "joined", "1976"): ("1976-02-12", ROW + " (admitted 12 Feb 1976)"),
    ("AU", "MAR", "joined", "2017"): ("2017-01-31", ROW + " (acceded to the AU 31 Jan 2017)"),
    ("SADC", "MDG", "joined", "2005"): ("2005-08-17", ROW + " (admitted 17 Aug 2005)"),
    ("CSTO", "UZB", "joined", "2006"): ("2006-06-23", ROW + " (rejoined 23 June 2006)"),
    ("SCO", "IND", "joined", "2017"): ("2017-06-09", ROW + " (9 June 2017)"),
    ("SCO", "PAK", "joined", "2017"): ("2017-06-09", ROW + " (9 June 2017)"),
    ("SCO", "IRN", "joined", "2023"): ("2023-07-04", ROW + " (4 July 2023)"),
    ("SCO", "BLR", "joined", "2024"): ("2024-07-04", ROW + " (4 July 2024)"),
}
for founder in ("CHN", "KAZ", "KGZ", "RUS", "TJK", "UZB"):
    DAYS[("SCO", founder, "joined", "2001")] = ("2001-06-15", ROW + " (SCO founded 15 June 2001)")

date_re = re.compile(r"^\d{4}(-\d{2}-\d{2})?$")
rows = read(f"{ref}/memberships.csv")
used = set()
problems = []
for n, r in enumerate(rows, start=2):
    notes = []
    for col in ("joined", "left"):
        key = (r["org"], r["iso3"], col, r[col])
        if key in DAYS:
            r[col], note = DAYS[key]
            notes.append(f"{col}: {note}")
            used.add(key)
        if r[col] and not date_re.match(r[col]):
            problems.append(f"memberships.csv: row {n}: {col} '{r[col]}' is not YYYY or YYYY-MM-DD")
    r["date_note"] = "; ".join(notes)
    if r["iso3"] not in codes:
        problems.append(f"memberships.csv: row {n}: iso3 '{r['iso3']}' is not a known code")
for key in sorted(set(DAYS) - used):
    problems.append(f"memberships.csv: no row {key[0]} {key[1]} with {key[2]} '{key[3]}' (reference changed?)")
write(f"{out}/memberships.csv", ["org", "iso3", "country", "joined", "left", "source", "date_note"], rows)
member_orgs = {r["org"] for r in rows}

# --- peace_operations.csv ------------------------------------------------------------------------------------
missions = read(f"{ref}/missions.csv")
fields = ["acronym", "name", "lead_org", "host_iso3", "hq_city", "hq_lat", "hq_lon", "start_year", "end_year",
          "personnel", "personnel_year", "source"]
for n, m in enumerate(missions, start=2):
    for code in m["host_iso3"].split(";"):
        if code.strip() not in codes:
            problems.append(f"missions.csv: row {n}: host_iso3 '{code}' is not a known code")
write(f"{out}/peace_operations.csv", fields, missions)
lead_orgs = {o.strip() for m in missions for o in m["lead_org"].split(";")}

# --- organisations.csv (hand-maintained): every code used must have a row ------------------------------------
orgs = {o["code"] for o in read(f"{out}/organisations.csv")}
for code in sorted((member_orgs | lead_orgs) - orgs):
    problems.append(f"organisations.csv: no row for '{code}' (used by memberships.csv or missions.csv)")

for p in problems:
    print("build_domain_data.sh: " + p, file=sys.stderr)
sys.exit(1 if problems else 0)
PY
