#!/usr/bin/python3
"""Runs every case of cases.tsv, cases_missions.tsv and cases_cli.tsv against the `entente` binary and checks that each hostile input gets the
exit code and message a user should see, without a crash, a hang, runaway memory, a network connection or a
read of a file it names.

usage: run_corpus.py ENTENTE_BIN [--work DIR] [--only CASE ...] [--jobs N] [--cases TSV ...]

Inputs: `gen:NAME` (generate.py, or generate_missions.py for cases_missions.tsv), `tests/...` or `repo:PATH`
(from the repository root), `-` or empty (none), else a file in files/. Arguments are split like a shell
(quotes allowed); {in} {out} {tmp} are substituted, `tests/...` arguments resolve from the repository root,
@LONG@ is a 100,000-character string, and {tmp}/m.entente.gpkg starts as a copy of missions/base.entente.gpkg.
A failing case must leave no file behind in its folder (no partial output, no temporary file), and any
sanitizer report on stderr fails a case whatever its exit code.

Per case: a timeout (60 s; 300 s under sanitizers) and, unless ENTENTE_SANITIZED is set (sanitizers reserve huge address space), an
address-space limit (4 GiB). Across the corpus: a TCP listener on 127.0.0.1 (random port, @CANARY_URL@) that
must see 0 connections, and a FIFO (@SECRET@) that must never be opened for reading: a thread keeps trying
os.open(O_WRONLY | O_NONBLOCK) on it, which succeeds only while some process holds it open to read."""
import argparse, concurrent.futures, csv, errno, os, shlex, shutil, signal, socket, subprocess, sys
import tempfile, threading, time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.dont_write_bytecode = True  # nothing written into the source tree
sys.path.insert(0, str(HERE))
import generate  # noqa: E402
import generate_missions  # noqa: E402

REPO = HERE.parent.parent
SANITIZED = bool(os.environ.get("ENTENTE_SANITIZED"))
TIMEOUT_S = 300 if SANITIZED else 60  # ASan/UBSan run several times slower
SANITIZER_REPORTS = ("ERROR: AddressSanitizer", "runtime error:", "LeakSanitizer", "ERROR: UndefinedBehaviorSanitizer")
TABLES = ["cases.tsv", "cases_missions.tsv", "cases_cli.tsv"]
LONG = "X" * 100000
ADDRESS_SPACE = 4 << 30


class Canary:
    def __init__(self, work):
        self.connections = 0
        self.secret_opens = 0
        self.stop = False
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.url = "http://127.0.0.1:%d" % self.sock.getsockname()[1]
        self.secret = str(work / "secret_canary.txt")
        if os.path.exists(self.secret):
            os.unlink(self.secret)
        os.mkfifo(self.secret)
        self.threads = [threading.Thread(target=self._listen, daemon=True),
                        threading.Thread(target=self._fifo, daemon=True)]
        for t in self.threads:
            t.start()

    def _listen(self):
        while not self.stop:
            try:
                conn, addr = self.sock.accept()
            except (socket.timeout, OSError):
                continue
            self.connections += 1
            print("CANARY: connection from %s:%d" % addr, file=sys.stderr)
            conn.close()

    def _fifo(self):
        while not self.stop:
            try:
                fd = os.open(self.secret, os.O_WRONLY | os.O_NONBLOCK)
            except OSError as e:
                if e.errno != errno.ENXIO:
                    print("CANARY: FIFO check failed: %s" % e, file=sys.stderr)
                time.sleep(0.005)
                continue
            self.secret_opens += 1
            print("CANARY: the secret FIFO was opened for reading", file=sys.stderr)
            os.close(fd)  # the reader sees end of file and goes on
            time.sleep(0.05)

    def close(self):
        self.stop = True
        for t in self.threads:
            t.join()
        self.sock.close()


def limited(command):
    """The command run under the address-space limit and without core files. The limits are set by a shell that
    then execs it, not by preexec_fn: a fork while another worker thread holds a lock (GDAL generating an input,
    malloc) can leave the child deadlocked before exec, and Popen waits for that exec without a timeout (a CI
    run hung 30 min that way)."""
    if SANITIZED:
        return command
    return ["/bin/sh", "-c", 'ulimit -v %d; ulimit -c 0; exec "$0" "$@"' % (ADDRESS_SPACE >> 10)] + command


def read_cases(path):
    cases = []
    with open(path, newline="") as f:
        for row in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            if not row or row[0].startswith("#") or row[0] == "case":
                continue
            row += [""] * (6 - len(row))
            cases.append(dict(case=row[0], input=row[1], args=row[2], exit=int(row[3]), stderr=row[4], note=row[5],
                              table=Path(path).name))
    return cases


def make_mission_input(name, out):
    os.makedirs(out, exist_ok=True)
    if name in generate_missions.OPS:
        path = os.path.join(out, name + ".json")
        with open(path, "w") as f:
            f.write(generate_missions.OPS[name]())
        return path
    return generate_missions.make_mission(name, str(out))


def run_case(c, binary, work, canary):
    tmp = Path(tempfile.mkdtemp(prefix=c["case"] + "-", dir=work))
    sub = lambda s: s.replace("@CANARY_URL@", canary.url).replace("@SECRET@", canary.secret)
    repo_path = lambda a: str(REPO / a[5:]) if a.startswith("repo:") else str(REPO / a) if a.startswith("tests/") else a
    if c["input"].startswith("gen:"):
        # Each case makes its own copy: cases sharing an input run in parallel and must not see it half-written.
        if c["table"] == "cases_missions.tsv":
            inp = make_mission_input(c["input"][4:], tmp / "gen")
        else:
            inp = str(generate.make(c["input"][4:], tmp / "gen", canary.url, canary.secret))
    elif c["input"].startswith(("tests/", "repo:")):
        inp = repo_path(c["input"])
    elif c["input"] and c["input"] != "-":
        inp = sub(c["input"]) if "@" in c["input"] else str(HERE / "files" / c["input"])
    else:
        inp = ""
    out = tmp / "out"
    args = [repo_path(sub(a).replace("@LONG@", LONG)).replace("{in}", inp).replace("{out}", str(out))
            .replace("{tmp}", str(tmp)) for a in shlex.split(c["args"])]
    if "{tmp}/m.entente.gpkg" in c["args"]:
        shutil.copyfile(generate_missions.BASE, tmp / "m.entente.gpkg")
    before = set(tmp.rglob("*"))
    t0 = time.monotonic()
    try:
        p = subprocess.run(limited([binary] + args), capture_output=True, timeout=TIMEOUT_S, cwd=tmp,
                           stdin=subprocess.DEVNULL)
        rc, err = p.returncode, p.stderr.decode(errors="replace")
    except subprocess.TimeoutExpired as e:
        rc, err = None, (e.stderr or b"").decode(errors="replace")
    secs = time.monotonic() - t0
    problems = []
    if rc is None:
        problems.append("timed out after %d s" % TIMEOUT_S)
    elif rc < 0:
        problems.append("killed by signal %s" % signal.Signals(-rc).name)
    elif rc != c["exit"]:
        problems.append("exit %d, expected %d" % (rc, c["exit"]))
    if c["stderr"] and c["stderr"] not in err:
        problems.append("stderr lacks %r" % c["stderr"])
    reports = [r for r in SANITIZER_REPORTS if r in err]
    if reports:
        problems.append("sanitizer report: " + ", ".join(reports))
    left = sorted(str(p.relative_to(tmp)) for p in set(tmp.rglob("*")) - before if not p.is_dir())
    if rc != 0 and left:
        problems.append("failed but left behind: " + ", ".join(left[:3]))
    shutil.rmtree(tmp, ignore_errors=True)
    return c, rc, secs, problems, err


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("--work", help="folder for generated inputs and outputs (default: a temporary one)")
    ap.add_argument("--only", nargs="*", help="case ids to run")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--cases", nargs="*", default=[str(HERE / t) for t in TABLES])
    a = ap.parse_args()
    a.binary = str(Path(a.binary).resolve())
    work = Path(a.work or tempfile.mkdtemp(prefix="entente-hostile-")).resolve()
    work.mkdir(parents=True, exist_ok=True)
    cases = [c for t in a.cases for c in read_cases(t)]
    if a.only:
        cases = [c for c in cases if c["case"] in a.only]
    ids = [c["case"] for c in cases]
    dups = sorted({i for i in ids if ids.count(i) > 1})
    if dups:
        sys.exit("hostile corpus: duplicate case ids across the tables: " + ", ".join(dups))
    canary = Canary(work)
    t0 = time.monotonic()
    failed = []
    with concurrent.futures.ThreadPoolExecutor(a.jobs) as pool:
        for c, rc, secs, problems, err in pool.map(lambda c: run_case(c, a.binary, work, canary), cases):
            status = "FAIL" if problems else "ok"
            print("%-4s %-40s exit %-4s %5.1fs %s" % (status, c["case"], rc, secs, "; ".join(problems)))
            if problems:
                failed.append(c["case"])
                last = err.strip().splitlines()[-3:]
                for line in last:
                    print("       | " + line[:200])
    time.sleep(0.3)  # let the canaries see a late connection
    canary.close()
    total = time.monotonic() - t0
    for t in a.cases:
        n = sum(c["table"] == Path(t).name for c in cases)
        print("%s: %d cases, %d failed" % (Path(t).name, n, sum(c["table"] == Path(t).name and c["case"] in failed for c in cases)))
    print("\nhostile corpus: %d cases, %d passed, %d failed, %d connections, %d secret opens, %.0f s"
          % (len(cases), len(cases) - len(failed), len(failed), canary.connections, canary.secret_opens, total))
    if failed:
        print("failed: " + " ".join(failed))
    sys.exit(1 if failed or canary.connections or canary.secret_opens else 0)


if __name__ == "__main__":
    main()
