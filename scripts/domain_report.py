#!/usr/bin/python3
"""Coverage report of assets/domain: what is known only to the month or year (uncertain), where sources
disagree (rows whose note records it), and the calendar years of each operation with no strength figure.
Prints Markdown; assets/domain/README.md carries its output under "What is still uncertain".

Usage: scripts/domain_report.py [DOMAIN_DIR]             print the report
       scripts/domain_report.py --write [DOMAIN_DIR]     rewrite DOMAIN_DIR/COVERAGE.md
       scripts/domain_report.py --check [DOMAIN_DIR]     exit 1 when COVERAGE.md is not the report
"""
import csv
import os
import re
import sys

TODAY_YEAR = 2026
here = os.path.dirname(os.path.abspath(__file__))
args = [a for a in sys.argv[1:] if not a.startswith('--')]
mode = next((a for a in sys.argv[1:] if a in ('--write', '--check')), '')
d = args[0] if args else os.path.join(here, '..', 'assets', 'domain')
lines = []


def print(*parts):  # noqa: A001 - the report is collected, then printed, written or compared
    lines.append(' '.join(str(p) for p in parts))


def read(name):
    with open(os.path.join(d, name), newline='', encoding='utf-8') as f:
        return list(csv.DictReader(f))


def imprecise(v):
    return bool(v) and len(v) < 10


def years(spans):
    """'1990-1993, 1995' from a sorted list of ints."""
    out, run = [], []
    for y in spans:
        if run and y == run[-1] + 1:
            run.append(y)
            continue
        if run:
            out.append(str(run[0]) if len(run) == 1 else '%d-%d' % (run[0], run[-1]))
        run = [y]
    if run:
        out.append(str(run[0]) if len(run) == 1 else '%d-%d' % (run[0], run[-1]))
    return ', '.join(out)


members = read('memberships.csv')
ops = read('peace_operations.csv')
strength = read('peace_operation_strength.csv')

print('### Memberships known only to the month or year (uncertain inside that span)\n')
for r in members:
    parts = [('from', r['from']), ('to', r['to'])]
    bad = ['%s %s' % (k, v) for k, v in parts if imprecise(v)]
    if bad:
        print('- %s %s %s: %s' % (r['org'], r['iso3'], r['status'], ', '.join(bad)))
print()
print('### Operations with a start or end known only to the month or year\n')
for r in ops:
    bad = ['%s %s' % (k, r[k]) for k in ('start', 'end') if imprecise(r[k])]
    if bad:
        print('- %s: %s' % (r['acronym'], ', '.join(bad)))
print()
print('### Where sources disagree (the row\'s note gives the choice made)\n')
pat = re.compile(r'(sources? (differ|disagree)|conflict|against|vs\.? |other sources|some sources|one source)', re.I)
for r in members:
    if pat.search(r.get('note', '')):
        print('- memberships %s %s %s: %s' % (r['org'], r['iso3'], r['status'], r['note']))
for r in ops:
    if pat.search(r.get('note', '')):
        print('- operation %s: %s' % (r['acronym'], r['note']))
print()
print('### Strength: calendar years of an operation (1990 on) with no figure dated in them\n')
have = {}
for r in strength:
    have.setdefault(r['acronym'], set()).add(int(r['date'][:4]))
total = missing = 0
for r in ops:
    first = max(1990, int(r['start'][:4]))
    last = int(r['end'][:4]) if r['end'] else TODAY_YEAR
    if r['end'] and r['end'][5:] in ('', '01', '01-01'):
        last -= 1 if len(r['end']) == 10 and r['end'].endswith('-01-01') else 0
    span = list(range(first, last + 1))
    gaps = [y for y in span if y not in have.get(r['acronym'], set())]
    total += len(span)
    missing += len(gaps)
    if gaps:
        print('- %s: %s' % (r['acronym'], years(gaps) if len(gaps) < len(span) else 'no figure at all'))
print()
print('%d of %d operation-years (%.0f %%) have a strength figure.' % (total - missing, total, 100.0 * (total - missing) / max(1, total)))

text = '# Coverage of the domain tables\n\nWritten by `scripts/domain_report.py --write`; do not edit by hand.\n\n' + '\n'.join(lines) + '\n'
path = os.path.join(d, 'COVERAGE.md')
if mode == '--write':
    with open(path, 'w', encoding='utf-8') as f:
        f.write(text)
elif mode == '--check':
    with open(path, encoding='utf-8') as f:
        if f.read() != text:
            sys.stderr.write('%s is out of date: run scripts/domain_report.py --write\n' % path)
            sys.exit(1)
    sys.stdout.write('%s is up to date\n' % path)
else:
    sys.stdout.write(text)
