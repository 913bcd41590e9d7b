#!/usr/bin/python3
"""Kills `entente edit` with SIGKILL at random moments while it loads, edits and saves a mission, many times
over, as a crash or a power cut would. After every kill the mission file must be whole (SQLite's integrity
check passes, Entente loads it) and hold either the revision before the edit or the one the edit wrote, never
a mix; leftovers of a killed save may stay until the next save, which must remove them all.

usage: killed_saves.py ENTENTE_BIN MISSION --work DIR [--kills N] [--seed S]"""
import argparse, os, random, shutil, signal, sqlite3, subprocess, sys, time
from pathlib import Path


def revision(path):
    """The mission name (our revision stamp), after SQLite's own integrity check of the file."""
    db = sqlite3.connect("file:%s?mode=ro" % path, uri=True)
    try:
        check = db.execute("PRAGMA integrity_check").fetchone()[0]
        if check != "ok":
            raise RuntimeError("integrity_check: " + check)
        return db.execute("SELECT value FROM entente_meta WHERE key = 'name'").fetchone()[0]
    finally:
        db.close()


def leftovers(work):
    return sorted(p.name for p in work.iterdir() if p.name.startswith(".~"))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("mission")
    ap.add_argument("--work", required=True)
    ap.add_argument("--kills", type=int, default=60)
    ap.add_argument("--seed", type=int, default=13)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    work = Path(a.work)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    plan = work / "plan.entente.gpkg"
    shutil.copy(a.mission, plan)
    # Each edit renames the mission (the revision stamp) and adds units with long notes, so that the save
    # takes long enough for kills to land inside it.
    def edit(rev, env=None):
        ops = work / ("ops-%d.json" % rev)
        units = ['{"op":"add_unit","unit":{"id":"k%d_%d","position":[%f,%f],"notes":"%s"}}'
                 % (rev, i, 15 + rng.random() * 5, 4 + rng.random() * 3, "n" * 30000) for i in range(20)]
        ops.write_text('[{"op":"set_mission","name":"rev %d"},%s]' % (rev, ",".join(units)))
        return subprocess.Popen([a.binary, "edit", str(plan), "--apply", str(ops)], stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, env=env)

    # How long one edit takes here, to spread the kills over its whole life.
    t0 = time.monotonic()
    p = edit(0)
    _, err = p.communicate()
    if p.returncode != 0:
        print("FAIL: a plain edit failed: %s" % err.decode(errors="replace"))
        return 1
    span = time.monotonic() - t0
    committed = "rev 0"
    killed_in_time = torn = lost = seen_leftovers = 0
    for rev in range(1, a.kills + 1):
        p = edit(rev)
        # Most kills late in the edit, where the save runs; some anywhere.
        time.sleep(rng.uniform(0.6 * span, 1.05 * span) if rng.random() < 0.8 else rng.uniform(0, span))
        finished = p.poll() is not None
        p.send_signal(signal.SIGKILL)
        p.wait()
        killed_in_time += not finished
        try:
            now = revision(plan)
        except Exception as e:  # noqa: BLE001 - any failure to read is a torn file
            print("FAIL: after kill %d the mission is torn: %s" % (rev, e))
            torn += 1
            break
        if now not in (committed, "rev %d" % rev):
            print("FAIL: after kill %d the mission holds %r (expected %r or 'rev %d')" % (rev, now, committed, rev))
            lost += 1
        committed = now
        left = leftovers(work)
        seen_leftovers += bool(left)
        if len(left) > 1:  # each save removes what earlier killed saves left: they never pile up
            print("FAIL: after kill %d copies pile up: %s" % (rev, left))
            lost += 1
        check = subprocess.run([a.binary, "validate", str(plan)], capture_output=True)
        if check.returncode not in (0, 1):  # 1: the plan has findings; anything else: it did not load
            print("FAIL: after kill %d Entente cannot load the mission (exit %d): %s"
                  % (rev, check.returncode, check.stderr.decode(errors="replace")[:300]))
            torn += 1
    left_before = leftovers(work)
    # The next save removes every copy a killed save left.
    p = edit(a.kills + 1)
    _, err = p.communicate()
    left_after = leftovers(work)
    print("killed saves: %d kills (%d before the edit finished, %d left a copy), %d torn, %d lost; %d leftovers "
          "before the next save, %d after; edit span %.2f s" % (a.kills, killed_in_time, seen_leftovers, torn, lost,
                                                              len(left_before), len(left_after), span))
    ok = p.returncode == 0 and revision(plan) == "rev %d" % (a.kills + 1)
    if not ok:
        print("FAIL: the save after the kills failed: %s" % err.decode(errors="replace"))
    if left_after:
        print("FAIL: leftovers after the next save: %s" % left_after)
    if killed_in_time < a.kills // 2:
        print("FAIL: too few kills landed inside an edit (%d): the test would prove little" % killed_in_time)
        ok = False
    return 0 if ok and not torn and not lost and not left_after else 1


if __name__ == "__main__":
    sys.exit(main())
