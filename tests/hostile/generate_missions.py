#!/usr/bin/python3
"""Hostile mission files and operations files for the corpus (tests/hostile/cases_missions.tsv).

Usage: generate_missions.py OUT_DIR [NAME ...]

Writes OUT_DIR/NAME.entente.gpkg for each mission case (made from missions/base.entente.gpkg, a small mission
saved by `entente edit`, changed here with SQLite directly, as an adversary would) and OUT_DIR/NAME.json for
the operations files too large to keep in git. A `gen:NAME` input in cases_missions.tsv names one of these;
with no NAME, all are written. Only the Python standard library (sqlite3, json) is used.
"""
import json
import os
import shutil
import sqlite3
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
BASE = os.path.join(HERE, "missions", "base.entente.gpkg")


def unit_json(**over):
    u = {"id": "u1", "sidc": "10031000151211000000", "designation": "1 BN", "strength": 600, "nation": "GHA",
         "position": [18.5, 4.4]}
    u.update(over)
    return json.dumps(u)


def set_unit(db, text):
    db.execute("UPDATE entente_units SET json = ?", (text,))


def set_meta(db, key, value):
    db.execute("UPDATE entente_meta SET value = ? WHERE key = ?", (value, key))


# name -> function(db) changing a copy of the base mission
MISSIONS = {
    # The 155 KB file: a generated column in an allowed table makes every reader compute 3.5 GB.
    "generated_column_meta": lambda db: db.execute(
        "ALTER TABLE entente_meta ADD COLUMN g TEXT GENERATED ALWAYS AS (printf('%.*c', 100000000, 'x')) VIRTUAL"),
    "generated_column_units": lambda db: db.execute(
        "ALTER TABLE entente_units ADD COLUMN g BLOB GENERATED ALWAYS AS (zeroblob(500000000)) VIRTUAL"),
    "extra_column_units": lambda db: db.execute("ALTER TABLE entente_units ADD COLUMN secret TEXT"),
    "view": lambda db: db.execute("CREATE VIEW entente_v AS SELECT * FROM entente_units"),
    "recursive_view": lambda db: db.execute(
        "CREATE VIEW entente_r AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) "
        "SELECT x FROM c"),
    "foreign_trigger": lambda db: db.execute(
        "CREATE TRIGGER entente_t AFTER INSERT ON entente_units BEGIN DELETE FROM entente_measures; END"),
    "foreign_table": lambda db: db.execute("CREATE TABLE notes_of_mine (x TEXT)"),
    "virtual_table": lambda db: db.execute("CREATE VIRTUAL TABLE entente_vt USING rtree(id, a, b)"),
    "designation_1mib": lambda db: set_unit(db, unit_json(designation="X" * (1 << 20))),
    "designation_5mib_cell": lambda db: set_unit(db, unit_json(designation="X" * (5 << 20))),
    "notes_100kib": lambda db: set_unit(db, unit_json(notes="N" * (100 << 10))),
    "strength_2p40": lambda db: set_unit(db, unit_json(strength=1 << 40)),
    "strength_negative": lambda db: set_unit(db, unit_json(strength=-5)),
    "strength_text": lambda db: set_unit(db, unit_json(strength="many")),
    "dday_month13": lambda db: set_meta(db, "d_day", "1800-13-45"),
    "dday_feb30": lambda db: set_meta(db, "d_day", "2027-02-30"),
    "schema_newer": lambda db: set_meta(db, "schema_version", "999"),
    "schema_missing": lambda db: db.execute("DELETE FROM entente_meta WHERE key = 'schema_version'"),
    "unit_json_not_json": lambda db: set_unit(db, "{not json"),
    "unit_json_deep": lambda db: set_unit(db, "[" * 200000 + "]" * 200000),
    "measure_200k_points": lambda db: db.execute(
        "UPDATE entente_measures SET json = ?",
        (json.dumps({"id": "ao", "kind": "area_of_operations",
                     "points": [[18 + i * 1e-6, 4 + (i % 2) * 1e-3] for i in range(200000)]}),)),
    "releasability_10k": lambda db: set_unit(db, unit_json(releasability=["UN"] * 10000)),
    "name_u_fffe": lambda db: set_unit(db, unit_json(designation="BN \ufffe\u0001 \uffff end")),
    # The fuzzer's find: one letter of a declared type changed; GDAL 3.6 then took the column for a second
    # geometry and crashed reading the table.
    "column_type_mediuminm": lambda db: set_declared_type(db, "entente_units", '"strength" MEDIUMINT',
                                                          '"strength" MEDIUMINM'),
    "column_type_point_strength": lambda db: set_declared_type(db, "entente_units", '"strength" MEDIUMINT',
                                                               '"strength" POINT'),
    "column_type_geom_text": lambda db: set_declared_type(db, "entente_measures", '"geom" GEOMETRY',
                                                          '"geom" TEXT'),
    # A table of ours this version does not know: never read, but GDAL lists it, so its types are checked too.
    "column_type_unknown_table": lambda db: db.execute(
        'CREATE TABLE entente_zz (fid INTEGER PRIMARY KEY, "shape" POINT, "n" MEDIUMINM)'),
    "column_type_gpkg_table": lambda db: db.execute(
        'CREATE TABLE gpkg_zz (fid INTEGER PRIMARY KEY, "n" MEDIUMINM)'),
}


def set_declared_type(db, table, old, new):
    # SQLite cannot change a column's declared type; an adversary edits the stored CREATE TABLE instead.
    (sql,) = db.execute("SELECT sql FROM sqlite_master WHERE name = ?", (table,)).fetchone()
    assert old in sql, (table, old)
    db.execute("PRAGMA writable_schema = ON")
    db.execute("UPDATE sqlite_master SET sql = ? WHERE name = ?", (sql.replace(old, new), table))
    db.execute("PRAGMA writable_schema = OFF")


def corrupt_pages(path):
    # Garbage over the middle pages: the header still says SQLite, the b-trees are broken.
    with open(path, "r+b") as f:
        f.seek(8192)
        f.write(b"\xa5" * 16384)


def truncate(path):
    size = os.path.getsize(path)
    with open(path, "r+b") as f:
        f.truncate(size // 3)


FILE_CHANGES = {"corrupt_pages": corrupt_pages, "truncated": truncate}

OPS = {
    "ops_deep_groups_100k": lambda: '{"op":"group","ops":[' * 100000 + "]}" * 100000,
    "ops_measure_120k_points": lambda: json.dumps(
        [{"op": "add_measure", "measure": {"id": "r", "kind": "route", "points": [
            [0.001 * (i % 1000), 0.0001 * (i // 1000)] for i in range(120000)]}}]),
    "ops_designation_1mib": lambda: json.dumps(
        [{"op": "add_unit", "unit": {"id": "x", "designation": "D" * (1 << 20), "position": [1, 1]}}]),
}


def make_mission(name, out):
    path = os.path.join(out, name + ".entente.gpkg")
    shutil.copyfile(BASE, path)
    if name in FILE_CHANGES:
        FILE_CHANGES[name](path)
        return path
    db = sqlite3.connect(path)
    # GeoPackage's spatial-index triggers name these SQL functions (GDAL provides them); stand-ins let SQLite
    # prepare the statements. Only the geometry-less columns change here.
    for fn in ("ST_IsEmpty", "ST_MinX", "ST_MaxX", "ST_MinY", "ST_MaxY"):
        db.create_function(fn, 1, lambda g: 0)
    MISSIONS[name](db)
    db.commit()
    db.close()
    return path


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    names = sys.argv[2:] or list(MISSIONS) + list(FILE_CHANGES) + list(OPS)
    for name in names:
        if name in OPS:
            with open(os.path.join(out, name + ".json"), "w") as f:
                f.write(OPS[name]())
        elif name in MISSIONS or name in FILE_CHANGES:
            make_mission(name, out)
        else:
            sys.exit("generate_missions.py: no case " + name)


if __name__ == "__main__":
    main()
