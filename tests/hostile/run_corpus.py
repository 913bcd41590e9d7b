#!/usr/bin/python3
"""Runs every case of cases.tsv against the `entente` binary and checks that each hostile input gets the
exit code and message a user should see, without a crash, a hang, runaway memory, a network connection or a
read of a file it names.

usage: run_corpus.py ENTENTE_BIN [--work DIR] [--only CASE ...] [--jobs N]

Per case: a timeout (60 s) and, unless ENTENTE_SANITIZED is set (sanitizers reserve huge address space), an
address-space limit (4 GiB). Across the corpus: a TCP listener on 127.0.0.1 (random port, @CANARY_URL@) that
must see 0 connections, and a FIFO (@SECRET@) that must never be opened for reading: a thread keeps trying
os.open(O_WRONLY | O_NONBLOCK) on it, which succeeds only while some process holds it open to read."""
import argparse, concurrent.futures, csv, errno, os, resource, shutil, signal, socket, subprocess, sys
import tempfile, threading, time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.dont_write_bytecode = True  # nothing written into the source tree
sys.path.insert(0, str(HERE))
import generate  # noqa: E402

TIMEOUT_S = 60
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


def limit_memory():
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def read_cases(path):
    cases = []
    with open(path, newline="") as f:
        for row in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            if not row or row[0].startswith("#") or row[0] == "case":
                continue
            row += [""] * (6 - len(row))
            cases.append(dict(case=row[0], input=row[1], args=row[2], exit=int(row[3]), stderr=row[4], note=row[5]))
    return cases


def run_case(c, binary, work, canary):
    tmp = Path(tempfile.mkdtemp(prefix=c["case"] + "-", dir=work))
    sub = lambda s: s.replace("@CANARY_URL@", canary.url).replace("@SECRET@", canary.secret)
    if c["input"].startswith("gen:"):
        # Each case makes its own copy: cases sharing an input run in parallel and must not see it half-written.
        inp = str(generate.make(c["input"][4:], tmp / "gen", canary.url, canary.secret))
    elif c["input"]:
        inp = sub(c["input"]) if "@" in c["input"] else str(HERE / "files" / c["input"])
    else:
        inp = ""
    out = tmp / "out"
    args = [sub(a).replace("{in}", inp).replace("{out}", str(out)).replace("{tmp}", str(tmp))
            for a in c["args"].split()]
    sanitized = bool(os.environ.get("ENTENTE_SANITIZED"))
    t0 = time.monotonic()
    try:
        p = subprocess.run([binary] + args, capture_output=True, timeout=TIMEOUT_S, cwd=tmp,
                           preexec_fn=None if sanitized else limit_memory, stdin=subprocess.DEVNULL)
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
    shutil.rmtree(tmp, ignore_errors=True)
    return c, rc, secs, problems, err


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("--work", help="folder for generated inputs and outputs (default: a temporary one)")
    ap.add_argument("--only", nargs="*", help="case ids to run")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--cases", default=str(HERE / "cases.tsv"))
    a = ap.parse_args()
    a.binary = str(Path(a.binary).resolve())
    work = Path(a.work or tempfile.mkdtemp(prefix="entente-hostile-")).resolve()
    work.mkdir(parents=True, exist_ok=True)
    cases = read_cases(a.cases)
    if a.only:
        cases = [c for c in cases if c["case"] in a.only]
    ids = [c["case"] for c in cases]
    dups = sorted({i for i in ids if ids.count(i) > 1})
    if dups:
        sys.exit("cases.tsv: duplicate case ids: " + ", ".join(dups))
    canary = Canary(work)
    t0 = time.monotonic()
    failed = []
    with concurrent.futures.ThreadPoolExecutor(a.jobs) as pool:
        for c, rc, secs, problems, err in pool.map(lambda c: run_case(c, a.binary, work, canary), cases):
            status = "FAIL" if problems else "ok"
            print("%-4s %-34s exit %-4s %5.1fs %s" % (status, c["case"], rc, secs, "; ".join(problems)))
            if problems:
                failed.append(c["case"])
                last = err.strip().splitlines()[-3:]
                for line in last:
                    print("       | " + line[:200])
    time.sleep(0.3)  # let the canaries see a late connection
    canary.close()
    total = time.monotonic() - t0
    print("\nhostile corpus: %d cases, %d passed, %d failed, %d connections, %d secret opens, %.0f s"
          % (len(cases), len(cases) - len(failed), len(failed), canary.connections, canary.secret_opens, total))
    if failed:
        print("failed: " + " ".join(failed))
    sys.exit(1 if failed or canary.connections or canary.secret_opens else 0)


if __name__ == "__main__":
    main()
