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
SECTIONS = ["load", "render", "frame", "startup", "export", "png"]


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
    if res.get("figures"):
        L.append(summary_markdown(res))
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


def figure(res, name, ours, peer, ratio_value, goal, met, unit="", note=""):
    """One row of the summary table: the figure, ours, the peer's, their ratio, the goal and whether it is met."""
    res.setdefault("figures", []).append({"figure": name, "ours": ours, "peer": peer, "ratio": ratio_value,
                                          "goal": goal, "met": met, "unit": unit, "note": note})


def measure_solo(name, cmd, runs, warmup, parse=None, env=None):
    """A figure with no peer process (frame rates, start-up): median of runs."""
    print(f"\n== {name}\n   entente: {' '.join(cmd)}", flush=True)
    for _ in range(warmup):
        run_once(cmd, env=env)
    rs = []
    for i in range(runs):
        r = run_once(cmd, env=env)
        if parse:
            r.update(parse(r["stdout"], r))
        r.pop("stdout", None)
        rs.append(r)
        print(f"   run {i + 1}/{runs}: {r['wall_s']:.2f}s ({r['max_rss_mb']:.0f} MB) "
              + " ".join(f"{k}={v}" for k, v in r.items() if k.startswith("x_")), flush=True)
    return summarise(rs, [k for k in rs[0] if k.startswith("x_")]), rs


def parse_json_line(out, _r=None):
    line = [l for l in out.splitlines() if l.startswith("{")][-1]
    return {"x_" + k: v for k, v in json.loads(line).items() if isinstance(v, (int, float))}


def ensure_bench_tools(a):
    """bench_frame, bench_png and bench_arrow_read, built next to the entente being measured."""
    build = os.path.dirname(os.path.dirname(os.path.abspath(a.entente_built)))
    tools = {t: os.path.join(build, "bench", t) for t in ("bench_frame", "bench_png", "bench_arrow_read")}
    missing = [t for t, p in tools.items() if not os.path.exists(p)]
    if missing:
        subprocess.run(["cmake", "--build", build, "--target"] + missing, check=True)
    return tools


def section_load_arrow(a, res, D, tools):
    for f in ["points.gpkg", "polygons.gpkg"]:
        path = os.path.join(D, f)
        ea, pb, raw = measure_pair(f"load {f} vs GDAL's Arrow stream", [a.entente, "load", path],
                                   [tools["bench_arrow_read"], path], a.runs, a.warmup, a_parse=parse_entente_load)
        r = ratio(ea["wall_s"], pb["wall_s"])
        res["load_arrow"].append({"file": f, "entente": ea, "peer": pb, "ratio_wall": r, "raw": raw})
        figure(res, f"Load {f} until drawable, wall", ea["wall_s"], pb["wall_s"], r, "≤ 1.5× GDAL Arrow read",
               r is not None and r <= 1.5, "s", "peer: bench_arrow_read (OGR_L_GetArrowStream, every batch)")


def section_load_figures(res):
    """Summary rows from the ogr2ogr / gdal_translate comparison already measured."""
    for c in res["load"]:
        f, r = c["file"], c["ratio_wall"]
        if f.endswith(".geojson"):
            figure(res, f"Load {f} until drawable, wall", c["entente"]["wall_s"], c["peer"]["wall_s"], r,
                   "≤ 0.33× ogr2ogr -f Memory", r is not None and r <= 1 / 3, "s")
        elif f == "big_polygon.gpkg":
            w = c["entente"].get("x_seconds")
            figure(res, "One polygon of 5M vertices ready to draw (in-process)", w, c["peer"]["wall_s"], r,
                   "< 5 s", w is not None and w < 5, "s", "peer: ogr2ogr -f Memory of the same file")
        else:
            figure(res, f"Load {f} until drawable, wall", c["entente"]["wall_s"], c["peer"]["wall_s"], r,
                   f"≤ 1.3× {c['peer_name']} (foundation goal)", r is not None and r <= 1.3, "s")


def section_memory(a, res, D):
    """Bytes per loaded point and per polygon vertex, GPU copy included: on llvmpipe the GPU buffers live in the
    process, so the peak RSS of a small render with the layer, less the same render without it, holds both."""
    base_cmd = [a.entente, "render", "--no-basemap", "--no-graticule", "--no-labels", "--size", "256x256",
                "--bbox", "-180,-85,180,85", "-o", os.path.join(a.results, "mem.png")]
    base, _ = measure_solo("memory: empty render", base_cmd, a.runs, 0)
    out = {}
    for f, unit, goal in [("points.gpkg", "point", 32), ("polygons.gpkg", "polygon vertex", None)]:
        m, _ = measure_solo(f"memory: render {f}", base_cmd + [os.path.join(D, f)], a.runs, 0)
        count = 1_000_000 if f.startswith("points") else 3_944_005
        per = round((m["max_rss_mb"] - base["max_rss_mb"]) * 2**20 / count, 1)
        out[f] = {"peak_rss_mb": m["max_rss_mb"], "empty_rss_mb": base["max_rss_mb"], "bytes_per": per}
        figure(res, f"Memory per loaded {unit}, GPU copy included", per, None, None,
               f"≤ {goal} B" if goal else "recorded", (per <= goal) if goal else None, "B",
               f"peak RSS of a 256² render with {f} less one without ({count:,} {unit}s)")
    res["memory"] = out


def section_frame(a, res, D, tools):
    # Fewer frames where each takes seconds: the median of 6 is as telling, and the run stays short.
    cases = [("Window frame, demo scene, 1920×1080, llvmpipe",
              [tools["bench_frame"], "--demo", "--size", "1920x1080", "--frames", "20"], 30),
             ("Window frame, 1M points + 100k polygons, 1920×1080, llvmpipe",
              [tools["bench_frame"], os.path.join(D, "points.gpkg"), os.path.join(D, "polygons.gpkg"), "--size",
               "1920x1080", "--frames", "6"], 20)]
    res["frame"] = []
    for name, cmd, goal in cases:
        s, raw = measure_solo(name, cmd, a.runs, 0, parse=parse_json_line)
        fps = s.get("x_fps")
        res["frame"].append({"case": name, "summary": s, "raw": raw})
        figure(res, name + ", every layer drawn", fps, None, None, f"≥ {goal} frames/s",
               fps is not None and fps >= goal, "frames/s",
               f"median frame {s.get('x_frame_wall_median_ms')} ms; bench_frame (same scene code as the window)")
        gfps = s.get("x_gesture_fps")
        figure(res, name + ", while panning or zooming", gfps, None, None, f"≥ {goal} frames/s",
               gfps is not None and gfps >= goal, "frames/s",
               f"median {s.get('x_gesture_frame_median_ms')} ms: the last full frame moved and scaled, as the "
               "window shows it during a gesture on a software rasteriser; drawn in full when the gesture pauses")
        pfps = s.get("x_panel_fps")
        figure(res, name + ", when only the panels change", pfps, None, None, f"≥ {goal} frames/s",
               pfps is not None and pfps >= goal, "frames/s",
               f"median {s.get('x_panel_frame_median_ms')} ms, {s.get('x_panel_frames_repeated')} of "
               f"{s.get('x_panel_frames')} frames shown from the capture: the scene signed, not drawn, and the "
               "last full frame shown again, as the window does for a hover, a menu or typing")
        efps = s.get("x_edit_fps")
        if efps is not None:
            full = s.get("x_edit_frame_in_full_median_ms")
            figure(res, name + ", while only what is drawn over the map changes", efps, None, None,
                   f"≥ {goal} frames/s", efps >= goal, "frames/s",
                   f"median {s.get('x_edit_frame_median_ms')} ms against {full} ms for the same frames drawn in "
                   f"full, alternating; {s.get('x_edit_frames_over_kept_map')} of {s.get('x_edit_frames')} "
                   "drawn over the map kept under the mission, as the window does while a route is drawn or a "
                   "unit dragged")
        mfps = s.get("x_pan_fps")
        if mfps is not None:
            figure(res, name + ", panning by whole pixels (a drag, the arrow keys)", mfps, None, None,
                   f"≥ {goal} frames/s", mfps >= goal, "frames/s",
                   f"median {s.get('x_pan_frame_median_ms')} ms against {s.get('x_pan_frame_in_full_median_ms')} "
                   f"ms for the same views drawn in full, alternating; {s.get('x_pan_frames_moved')} of "
                   f"{s.get('x_pan_frames')} moved the map kept under the mission and drew the strips the pan "
                   f"uncovered ({s.get('x_pan_drawn_share')} of the pixels a frame)")
        if s.get("x_in_slices") and s.get("x_slice_fps") is not None:
            sfps = s.get("x_slice_fps")
            figure(res, name + ", while a changed map is drawn in slices", sfps, None, None,
                   f"≥ {goal} frames/s", sfps is not None and sfps >= goal, "frames/s",
                   f"median {s.get('x_slice_frame_median_ms')} ms, at most {s.get('x_slice_frame_max_ms')} ms, "
                   f"{s.get('x_slices_per_frame')} slices: the map is whole after "
                   f"{s.get('x_sliced_complete_median_ms')} ms (drawn at once: {s.get('x_frame_wall_median_ms')} "
                   "ms) while the window shows the last whole frame moved, as it does on a software rasteriser")


def section_startup(a, res):
    # `entente render` of the basemap alone.
    cmd = [a.entente, "render", "--size", "1920x1080", "-o", os.path.join(a.results, "basemap.png")]
    s, raw = measure_solo("render the basemap alone at 1920x1080", cmd, a.runs, a.warmup)
    res["startup"] = {"render_basemap": s}
    figure(res, "`entente render` of the basemap, 1920×1080, whole process", s["wall_s"], None, None, "< 0.3 s",
           s["wall_s"] < 0.3, "s")
    # The window's first frame with the basemap, under Xvfb, from the event log.
    if not shutil.which("xvfb-run"):
        figure(res, "Window: first frame with the basemap", None, None, None, "< 0.5 s", None, "s",
               "not measured: xvfb-run missing")
        return
    times = []
    for i in range(a.runs):
        with tempfile.TemporaryDirectory() as cfg:
            log = os.path.join(cfg, "events.log")
            env = dict(os.environ, ENTENTE_CONFIG_DIR=cfg, ENTENTE_EVENT_LOG=log, ENTENTE_WINDOW_SIZE="1920x1080")
            subprocess.run(["xvfb-run", "-a", "-s", "-screen 0 1920x1080x24", "timeout", "6", a.entente],
                           env=env, capture_output=True)
            first = None
            for line in open(log) if os.path.exists(log) else []:
                e = json.loads(line)
                if e.get("event") == "frame" and e.get("basemap") and first is None:
                    first = e["seconds_since_start"]
            times.append(first)
            print(f"   window run {i + 1}/{a.runs}: first frame with the basemap at {first} s", flush=True)
    t = median(times)
    res["startup"]["window_basemap_frame_s"] = times
    figure(res, "Window: first frame with the basemap (process start to frame on screen)", t, None, None,
           "< 0.5 s", t is not None and t < 0.5, "s", "Xvfb, first start (demo), event log")


def section_export(a, res, D):
    src = os.path.join(D, "points.gpkg")
    e_out, p_out = os.path.join(a.results, "export.geojson"), os.path.join(a.results, "ogr2ogr.geojson")
    for p in (e_out, p_out):
        if os.path.exists(p):
            os.unlink(p)
    ea, pb, raw = measure_pair("GeoJSON export of 1M points", [a.entente, "export", src, "-o", e_out],
                               ["sh", "-c", f"rm -f {p_out}; exec ogr2ogr -f GeoJSON -lco RFC7946=YES {p_out} {src}"],
                               a.runs, a.warmup)
    r = ratio(ea["wall_s"], pb["wall_s"])
    res["export"] = {"entente": ea, "peer": pb, "ratio_wall": r, "raw": raw,
                     "bytes": {"entente": os.path.getsize(e_out), "peer": os.path.getsize(p_out)}}
    figure(res, "GeoJSON export of 1M points, wall", ea["wall_s"], pb["wall_s"], r,
           "≤ 1× ogr2ogr -lco RFC7946=YES", r is not None and r <= 1, "s")
    # "Memory that does not grow with the output": the same export of the file's first 50,000 points (an
    # output 20 times smaller) gives the process's fixed share; the 1M export may add at most 2 MB to it.
    small = os.path.join(a.results, "points_50k.gpkg")
    if not os.path.exists(small):
        subprocess.run(["ogr2ogr", "-limit", "50000", small, src], check=True)
    s_out = os.path.join(a.results, "export_50k.geojson")
    es, _ = measure_solo("GeoJSON export of 50,000 points (memory baseline)",
                         [a.entente, "export", small, "-o", s_out], a.runs, a.warmup)
    growth = None if ea["max_rss_mb"] is None or es.get("max_rss_mb") is None else ea["max_rss_mb"] - es["max_rss_mb"]
    res["export"]["small_max_rss_mb"] = es.get("max_rss_mb")
    mr = ratio(ea["max_rss_mb"], pb["max_rss_mb"])
    figure(res, "GeoJSON export of 1M points, peak memory", ea["max_rss_mb"], pb["max_rss_mb"], mr,
           "does not grow with the output (1M points ≤ 50k points + 2 MB)", growth is not None and growth <= 2, "MB",
           f"output {os.path.getsize(e_out) / 2**20:.0f} MB; 50k points: "
           f"{es.get('max_rss_mb') or 0:.1f} MB, so the output adds {growth if growth is not None else float('nan'):.1f} MB")


def section_png(a, res, tools):
    img = os.path.join(a.results, "entente.png")
    if not os.path.exists(img):
        return
    print(f"\n== PNG encoding of {img}", flush=True)
    out = subprocess.run([tools["bench_png"], img, str(max(3, a.runs))], capture_output=True, text=True,
                         check=True).stdout
    rows = [json.loads(l) for l in out.splitlines() if l.startswith("{")]
    enc = {r["encoder"]: r for r in rows if "encoder" in r}
    res["png"] = rows
    ours = [v for k, v in enc.items() if k == "entente, all cores"]
    lib = enc.get("libpng, one stream")
    if ours and lib:
        o = ours[-1]
        r = ratio(o["seconds"], lib["seconds"])
        figure(res, "PNG encoding of the 4096² render", o["seconds"], lib["seconds"], r,
               "faster than libpng (one stream)", r is not None and r < 1, "s",
               f"{o['bytes']:,} B against {lib['bytes']:,} B")


def section_gpu(res):
    for name, goal in [("GPU: full scene at 3840×2160", "≤ 2 ms a frame"), ("GPU: 10M points", "≥ 60 frames/s"),
                       ("GPU: 100k APP-6 symbols", "≥ 60 frames/s")]:
        figure(res, name, None, None, None, goal, None, "",
               "not measured here: no GPU on this machine (bench_frame runs on the NVIDIA EGL device when lent)")


def summary_markdown(res):
    L = ["### Every figure", "", "| Figure | Entente | Peer | Ratio | Goal | Met |", "|---|---:|---:|---:|---|---|"]

    def val(v, unit):
        if v is None:
            return "-"
        return f"{v:,.2f} {unit}".strip() if isinstance(v, float) else f"{v} {unit}".strip()

    for f in res.get("figures", []):
        met = "-" if f["met"] is None else ("yes" if f["met"] else "**no**")
        note = f" ({f['note']})" if f.get("note") else ""
        L.append(f"| {f['figure']}{note} | {val(f['ours'], f['unit'])} | {val(f['peer'], f['unit'])} | "
                 f"{fmt(f['ratio'])} | {f['goal']} | {met} |")
    return "\n".join(L)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--entente", default=os.path.join(ROOT, "build", "app", "entente"))
    ap.add_argument("--data", default=os.path.join(HERE, "data"))
    ap.add_argument("--results", default=os.path.join(HERE, "results"))
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--only", choices=SECTIONS, action="append",
                    help="run only these sections (repeatable); default: all")
    ap.add_argument("--size", default="4096x4096")
    a = ap.parse_args()
    if a.runs < 1:
        sys.exit("--runs must be >= 1")
    os.makedirs(a.results, exist_ok=True)
    D = a.data
    # Other people rebuild build/app/entente while this runs: measure a private copy, fixed at the start.
    snap = os.path.join(a.results, "entente.snapshot")
    shutil.copy2(a.entente, snap)
    # `entente` is a launcher that starts `entente-app` beside it (app/launch.cpp): copy the program too, and
    # never leave an earlier run's copy for this launcher to start.
    program = os.path.join(os.path.dirname(a.entente), "entente-app")
    program_snap = os.path.join(a.results, "entente-app")
    if os.path.exists(program_snap):
        os.remove(program_snap)
    if not os.path.exists(program):
        sys.exit(f"{program} is missing: build the entente target, which builds the launcher and the program")
    shutil.copy2(program, program_snap)
    built_from = a.entente
    a.entente_built = built_from
    a.entente = snap
    want = set(a.only or SECTIONS)
    tools = ensure_bench_tools(a)
    res = {"runs": a.runs, "warmup": a.warmup, "env": env_info(program), "load": [], "load_arrow": [],
           "render": None, "figures": []}
    res["env"]["entente_sha256"] = sh(f"sha256sum {program_snap} | cut -c1-16")
    print(json.dumps(res["env"], indent=1), flush=True)
    t_all = time.time()

    if "load" in want:
        for f in ["points.gpkg", "points.geojson", "polygons.gpkg", "polygons.geojson", "raster.tif",
                  "big_polygon.gpkg"]:
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
        section_load_figures(res)
        section_load_arrow(a, res, D, tools)
        section_memory(a, res, D)
        save(res, a.results, partial=True)

    if "render" in want:
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
        rw, rc = res["render"]["ratio_wall"], res["render"]["ratio_cpu"]
        rm = ratio(ea["max_rss_mb"], pb["max_rss_mb"])
        what = f"Render points + polygons + raster to {a.size} PNG"
        figure(res, f"{what}, wall", ea["wall_s"], pb["wall_s"], rw, "≤ 0.25× Mapnik (4× faster)",
               rw is not None and rw <= 0.25, "s")
        figure(res, f"{what}, CPU", ea["cpu_s"], pb["cpu_s"], rc, "≤ 0.5× Mapnik", rc is not None and rc <= 0.5, "s")
        figure(res, f"{what}, peak memory", ea["max_rss_mb"], pb["max_rss_mb"], rm, "≤ 1× Mapnik",
               rm is not None and rm <= 1, "MB")
        save(res, a.results, partial=True)

    if "frame" in want:
        section_frame(a, res, D, tools)
        save(res, a.results, partial=True)
    if "startup" in want:
        section_startup(a, res)
        save(res, a.results, partial=True)
    if "export" in want:
        section_export(a, res, D)
        save(res, a.results, partial=True)
    if "png" in want:
        section_png(a, res, tools)
    section_gpu(res)

    res["total_bench_s"] = round(time.time() - t_all, 1)
    md = save(res, a.results, partial=False)
    print("\n" + md)
    print(f"\nwrote {os.path.join(a.results, 'latest.json')} and latest.md ({res['total_bench_s']} s)")


if __name__ == "__main__":
    main()
