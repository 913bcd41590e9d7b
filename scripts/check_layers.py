#!/usr/bin/env python3
"""Checks the layering of docs/ARCHITECTURE.md on the sources: which folder may include which.

CMake already refuses most wrong includes (each target publishes only its own include root), but a header
reached through a relative path or a third-party header reached through a transitive link would slip by;
this reads every #include instead. Exits 1 and prints one line per broken rule.

  check_layers.py [--root DIR]      check a tree (default: the repository)
  check_layers.py --self-test       the check must catch each planted violation in tests/arch/violations
"""
import argparse
import os
import re
import sys

# Project folders a layer may include from, by the first component of a quoted include path.
ALLOWED = {
    "geo": {"geo"},
    "missions": {"geo", "missions"},
    "render": {"render", "geo/types.hpp", "geo/tessellate.hpp"},
    "app/scene": {"geo", "missions", "render", "scene"},
    "app/session": {"geo", "missions", "render", "scene", "session"},
    "app/cli": {"geo", "missions", "render", "scene", "cli"},
    "app/gui": {"geo", "missions", "render", "scene", "session", "cli", "gui"},
    "app": {"cli", "gui"},  # main.cpp joins the command line and the window
}
PROJECT_PREFIXES = {"geo", "missions", "render", "scene", "session", "cli", "gui"}

# Third-party headers only some layers may use: (pattern, layers allowed, why).
RESTRICTED = [
    (re.compile(r"^(imgui|backends/imgui|imgui_)"), {"app/gui"}, "ImGui belongs to app/gui"),
    (re.compile(r"^GLFW/"), {"app/gui"}, "GLFW belongs to app/gui"),
    (re.compile(r"^CLI/"), {"app/cli"}, "CLI11 belongs to app/cli"),
    (re.compile(r"^(epoxy/|EGL/|GL/)"), {"render", "app/gui"}, "OpenGL calls belong to render (and the window)"),
    (re.compile(r"^(gdal|ogr|cpl_|proj\.h|proj/|geos_c)"), {"geo", "missions", "app/scene", "app/cli"},
     "GDAL, PROJ and GEOS stay below render and the UI"),
]

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]', re.M)


def layer_of(rel):
    """The layer a file belongs to, or None for files outside the layered folders (tests, bench)."""
    parts = rel.split("/")
    if parts[0] == "app":
        if len(parts) == 2:
            return "app"
        return "app/" + parts[1]
    return parts[0] if parts[0] in ALLOWED else None


def check_tree(root):
    problems = []
    for top in ("geo", "missions", "render", "app"):
        base = os.path.join(root, top)
        for dirpath, _, files in os.walk(base):
            for name in sorted(files):
                if not name.endswith((".cpp", ".hpp", ".h", ".cc")):
                    continue
                path = os.path.join(dirpath, name)
                rel = os.path.relpath(path, root).replace(os.sep, "/")
                layer = layer_of(rel)
                if layer is None:
                    continue
                with open(path, encoding="utf-8", errors="replace") as f:
                    text = f.read()
                for m in INCLUDE.finditer(text):
                    kind, target = m.group(1), m.group(2)
                    line = text.count("\n", 0, m.start()) + 1
                    where = f"{rel}:{line}: #include {kind}{target}{'>' if kind == '<' else kind}"
                    if kind == '"':
                        if ".." in target.split("/"):
                            problems.append(f"{where}: a relative path out of the folder hides a layer crossing")
                            continue
                        if os.path.exists(os.path.join(dirpath, target)):
                            continue  # a sibling in the same folder
                        first = target.split("/")[0]
                        if first == "app":
                            problems.append(f"{where}: no target publishes app/; name the layer (scene/, session/, ...)")
                            continue
                        if first not in PROJECT_PREFIXES:
                            continue
                        allowed = ALLOWED[layer]
                        if first in allowed or target in allowed:
                            continue
                        problems.append(f"{where}: {layer} may not include from {first}/ "
                                        f"(it may use {', '.join(sorted(allowed))})")
                    else:
                        for pattern, layers, why in RESTRICTED:
                            if pattern.search(target) and layer not in layers:
                                problems.append(f"{where}: {why}")
    return problems


def self_test(repo):
    fixture = os.path.join(repo, "tests", "arch", "violations")
    expected_path = os.path.join(fixture, "expected.txt")
    with open(expected_path, encoding="utf-8") as f:
        expected = [l.strip() for l in f if l.strip() and not l.startswith("#")]
    found = check_tree(fixture)
    missed = [e for e in expected if not any(p.startswith(e) for p in found)]
    extra = [p for p in found if not any(p.startswith(e) for e in expected)]
    for m in missed:
        print(f"not caught: {m}")
    for e in extra:
        print(f"reported but not planted: {e}")
    if missed or extra:
        return 1
    print(f"the check caught all {len(expected)} planted violations")
    return 0


def main():
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--root", default=repo)
    ap.add_argument("--self-test", action="store_true")
    a = ap.parse_args()
    if a.self_test:
        return self_test(repo)
    problems = check_tree(a.root)
    for p in problems:
        print(p)
    if problems:
        print(f"{len(problems)} include(s) break the layer rules (docs/ARCHITECTURE.md)")
        return 1
    print("includes follow the layer rules")
    return 0


if __name__ == "__main__":
    sys.exit(main())
