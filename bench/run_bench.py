#!/usr/bin/python3
"""Measures entente against its peers; called by bench/run.sh (see docs/PERFORMANCE.md).

Every case runs --runs times (default 3) after one untimed warm-up run, entente and its peer alternating
(entente first on odd rounds, the peer first on even ones) so background load hits both alike. Each run goes
through `/usr/bin/time -v` for CPU time and peak RSS; wall time is measured here around the whole process.
Medians are reported. Results: bench/results/latest.json (all raw runs) and bench/results/latest.md.
"""
import argparse
import datetime
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def sh(cmd):
    try:
        return subprocess.run(cmd, shell=True, capture_output=True, text=True, timeout=60).stdout.strip()
    except Exception:
        return ""


def loadavg():
    try:
        return [float(x) for x in open("/proc/loadavg").read().split()[:3]]
    except OSError:
        return None


def run_once(cmd, env=None):
    """Runs cmd under /usr/bin/time -v; returns wall, user, sys, peak RSS and stdout."""
    with tempfile.NamedTemporaryFile("r", suffix=".time", delete=False) as tf:
        tpath = tf.name
    try:
        la = loadavg()
        t0 = time.perf_counter()
        p = subprocess.run(["/usr/bin/time", "-v", "-o", tpath] + cmd, capture_output=True, text=True,
                           env=env)
        wall = time.perf_counter() - t0
        tv = open(tpath).read()
    finally:
        os.unlink(tpath)
    if p.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({p.returncode}):\n{p.stderr[-2000:]}")

    def field(name):
        m = re.search(re.escape(name) + r":\s*([\d.]+)", tv)
        return float(m.group(1)) if m else None

    return {"wall_s": round(wall, 4), "user_s": field("User time (seconds)"), "sys_s": field("System time (seconds)"),
            "max_rss_mb": round(field("Maximum resident set size (kbytes)") / 1024.0, 1),
            "loadavg_before": la, "stdout": p.stdout, "stderr": p.stderr[-4000:]}


def median(xs):
    xs = [x for x in xs if x is not None]
    return round(statistics.median(xs), 4) if xs else None


def summarise(runs, extra=None):
    s = {"runs": len(runs),
         "wall_s": median([r["wall_s"] for r in runs]),
         "cpu_s": median([(r["user_s"] or 0) + (r["sys_s"] or 0) for r in runs]),
         "max_rss_mb": median([r["max_rss_mb"] for r in runs]),
         "wall_all_s": [r["wall_s"] for r in runs]}
    if extra:
        for k in extra:
            s[k] = median([r.get(k) for r in runs])
    return s


def measure_pair(name, a_cmd, b_cmd, runs, warmup, a_parse=None, b_parse=None):
    """Alternates a (entente) and b (peer); returns (a_summary, b_summary, raw)."""
    print(f"\n== {name}", flush=True)
    print(f"   entente: {' '.join(a_cmd)}", flush=True)
    print(f"   peer:    {' '.join(b_cmd)}", flush=True)
    for _ in range(warmup):
        run_once(a_cmd)
        run_once(b_cmd)
    ra, rb = [], []
    for i in range(runs):
        order = [(a_cmd, ra, a_parse), (b_cmd, rb, b_parse)]
        if i % 2 == 1:
            order.reverse()
        for cmd, acc, parse in order:
            r = run_once(cmd)
            if parse:
                r.update(parse(r["stdout"]))
            acc.append(r)
        print(f"   run {i + 1}/{runs}: entente {ra[-1]['wall_s']:.2f}s ({ra[-1]['max_rss_mb']:.0f} MB), "
              f"peer {rb[-1]['wall_s']:.2f}s ({rb[-1]['max_rss_mb']:.0f} MB), load {ra[-1]['loadavg_before']}",
              flush=True)
    a_extra = [k for k in ra[0] if k.startswith("x_")]
    b_extra = [k for k in rb[0] if k.startswith("x_")]
    for r in ra + rb:
        r.pop("stdout", None)
        if not r.get("stderr"):
            r.pop("stderr", None)
    return summarise(ra, a_extra), summarise(rb, b_extra), {"entente": ra, "peer": rb}


def parse_entente_load(out):
    j = json.loads(out)[0]
    return {"x_seconds": j["seconds"], "x_features": j["features"], "x_triangles": j["triangles"],
            "x_vertices": j["vertices"]}


def parse_mapnik(out):
    line = [l for l in out.splitlines() if l.startswith("{")][-1]
    j = json.loads(line)
    return {"x_" + k: v for k, v in j.items() if isinstance(v, (int, float)) and k != "mapnik"}


def env_info(entente):
    info = {
        "date": datetime.datetime.now().isoformat(timespec="seconds"),
        "host": platform.node(),
        "cpu": sh("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2").strip(),
        "cores": os.cpu_count(),
        "mem_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "os": sh(". /etc/os-release && echo $PRETTY_NAME"),
        "kernel": platform.release(),
        "gdal": sh("gdalinfo --version"),
        "mesa": sh("dpkg-query -W -f='${Version}' libgl1-mesa-dri"),
        "mapnik": sh("/usr/bin/python3 -c 'import mapnik; v = mapnik.mapnik_version(); "
                     "print(f\"{v // 100000}.{v // 100 % 1000}.{v % 100}\")'"),
        "entente_binary": entente,
        "entente_binary_mtime": datetime.datetime.fromtimestamp(os.path.getmtime(entente)).isoformat(
            timespec="seconds"),
        "git_commit": sh(f"git -C {ROOT} rev-parse --short HEAD"),
        "git_dirty_files": len([l for l in sh(f"git -C {ROOT} status --porcelain").splitlines() if l.strip()]),
        "gl": "Mesa llvmpipe (software rasteriser, EGL surfaceless/device); no GPU used",
    }
    return info


def fmt(x, d=2):
    return "-" if x is None else f"{x:.{d}f}"


def ratio(a, b):
    return round(a / b, 3) if a and b else None


def markdown(res):
    L = []
    e = res["env"]
    L.append(f"Machine: {e['cpu']}, {e['cores']} cores, {e['mem_gb']} GB; {e['os']}; {e['gdal']}; "
             f"Mesa {e['mesa']} (llvmpipe); Mapnik {e['mapnik']}. Median of {res['runs']} runs after "
             f"{res['warmup']} warm-up, warm page cache. Entente {e['git_commit']} "
             f"(+{e['git_dirty_files']} changed files), binary built {e['entente_binary_mtime']}.")
    L.append("")
    if res.get("load"):
        L.append("### Loading until ready to draw")
        L.append("")
        L.append("| File | Features | entente wall (s) | entente in-process (s) | entente CPU (s) | entente peak RSS (MB) "
                 "| peer | peer wall (s) | peer CPU (s) | peer peak RSS (MB) | ratio wall entente/peer (goal ≤ 1.3) |")
        L.append("|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|")
        for c in res["load"]:
            a, b = c["entente"], c["peer"]
            ok = "✅" if c["ratio_wall"] is not None and c["ratio_wall"] <= 1.3 else "❌"
            feats = a.get("x_features")
            L.append(f"| {c['file']} | {'-' if not feats else f'{int(feats):,}'} | {fmt(a['wall_s'])} | "
                     f"{fmt(a.get('x_seconds'))} | {fmt(a['cpu_s'])} | {a['max_rss_mb']:.0f} | {c['peer_name']} | "
                     f"{fmt(b['wall_s'])} | {fmt(b['cpu_s'])} | {b['max_rss_mb']:.0f} | "
                     f"**{fmt(c['ratio_wall'])}** {ok} |")
        L.append("")
    if res.get("render"):
        r = res["render"]
        a, b = r["entente"], r["peer"]
        L.append(f"### Rendering points + polygons + raster to a {r['size']} PNG in EPSG:3857")
        L.append("")
        L.append("| | wall (s) | CPU (s) | peak RSS (MB) |")
        L.append("|---|---:|---:|---:|")
        L.append(f"| entente render | {fmt(a['wall_s'])} | {fmt(a['cpu_s'])} | {a['max_rss_mb']:.0f} |")
        L.append(f"| Mapnik {res['env']['mapnik']} (bench/mapnik_render.py) | {fmt(b['wall_s'])} | {fmt(b['cpu_s'])} | "
                 f"{b['max_rss_mb']:.0f} |")
        ok = "✅" if r["ratio_wall"] is not None and r["ratio_wall"] < 1 else "❌"
        L.append(f"| **ratio entente/Mapnik (goal < 1)** | **{fmt(r['ratio_wall'])}** {ok} | {fmt(r['ratio_cpu'])} | "
                 f"{fmt(ratio(a['max_rss_mb'], b['max_rss_mb']))} |")
        L.append("")
        L.append(f"Mapnik phases (median, in-script): setup {fmt(b.get('x_setup'))} s, read+draw "
                 f"{fmt(b.get('x_render'))} s, PNG encode+write {fmt(b.get('x_encode'))} s.")
        L.append("")
    return "\n".join(L)


def save(res, results_dir, partial):
    """Writes latest.json / latest.md (also after each case, marked partial, so a failure keeps what ran)."""
    res["partial"] = partial
    md = markdown(res)
    with open(os.path.join(results_dir, "latest.json"), "w") as f:
        json.dump(res, f, indent=1)
    with open(os.path.join(results_dir, "latest.md"), "w") as f:
        f.write(md + "\n")
    return md


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--entente", default=os.path.join(ROOT, "build", "app", "entente"))
    ap.add_argument("--data", default=os.path.join(HERE, "data"))
    ap.add_argument("--results", default=os.path.join(HERE, "results"))
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--only", choices=["load", "render"])
    ap.add_argument("--size", default="4096x4096")
    a = ap.parse_args()
    if a.runs < 1:
        sys.exit("--runs must be >= 1")
    os.makedirs(a.results, exist_ok=True)
    D = a.data
    # Other people rebuild build/app/entente while this runs: measure a private copy, fixed at the start.
    snap = os.path.join(a.results, "entente.snapshot")
    shutil.copy2(a.entente, snap)
    built_from = a.entente
    a.entente = snap
    res = {"runs": a.runs, "warmup": a.warmup, "env": env_info(built_from), "load": [], "render": None}
    res["env"]["entente_sha256"] = sh(f"sha256sum {snap} | cut -c1-16")
    print(json.dumps(res["env"], indent=1), flush=True)
    t_all = time.time()

    if a.only in (None, "load"):
        for f in ["points.gpkg", "points.geojson", "polygons.gpkg", "polygons.geojson", "raster.tif"]:
            path = os.path.join(D, f)
            if f.endswith(".tif"):
                peer, peer_name = ["gdal_translate", "-q", "-of", "MEM", path, "/vsimem/x"], "gdal_translate -of MEM"
            else:
                peer, peer_name = ["ogr2ogr", "-f", "Memory", "/vsimem/x", path], "ogr2ogr -f Memory"
            ea, pb, raw = measure_pair(f"load {f}", [a.entente, "load", path], peer, a.runs, a.warmup,
                                       a_parse=parse_entente_load)
            res["load"].append({"file": f, "entente": ea, "peer": pb, "peer_name": peer_name,
                                "ratio_wall": ratio(ea["wall_s"], pb["wall_s"]),
                                "ratio_inprocess_vs_peer_wall": ratio(ea.get("x_seconds"), pb["wall_s"]),
                                "ratio_cpu": ratio(ea["cpu_s"], pb["cpu_s"]), "raw": raw})
            save(res, a.results, partial=True)

    if a.only in (None, "render"):
        files = [os.path.join(D, f) for f in ("points.gpkg", "polygons.gpkg", "raster.tif")]
        e_png = os.path.join(a.results, "entente.png")
        m_png = os.path.join(a.results, "mapnik.png")
        e_cmd = [a.entente, "render"] + files + ["--bbox", "-180,-85,180,85", "--crs", "EPSG:3857", "--size", a.size,
                                                 "--no-basemap", "-o", e_png]
        m_cmd = ["/usr/bin/python3", os.path.join(HERE, "mapnik_render.py")] + files + [
            "--bbox=-180,-85,180,85", "--size", a.size, "-o", m_png]
        ea, pb, raw = measure_pair("render", e_cmd, m_cmd, a.runs, a.warmup, b_parse=parse_mapnik)
        res["render"] = {"size": a.size, "entente": ea, "peer": pb, "ratio_wall": ratio(ea["wall_s"], pb["wall_s"]),
                         "ratio_cpu": ratio(ea["cpu_s"], pb["cpu_s"]),
                         "png_bytes": {"entente": os.path.getsize(e_png), "mapnik": os.path.getsize(m_png)},
                         "raw": raw}

    res["total_bench_s"] = round(time.time() - t_all, 1)
    md = save(res, a.results, partial=False)
    print("\n" + md)
    print(f"\nwrote {os.path.join(a.results, 'latest.json')} and latest.md ({res['total_bench_s']} s)")


if __name__ == "__main__":
    main()
