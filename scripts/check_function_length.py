#!/usr/bin/env python3
"""Lists functions longer than a limit (default 200 lines, from the line of their opening brace to the line of
their closing one) in the project's C++ sources. Lambdas count as part of the function that holds them, since
a 700-line function of lambdas is still one function to read. Exits 1 when one is over the limit.

  check_function_length.py [--max N] [--root DIR] [--list K]
"""
import argparse
import os
import re
import sys

FOLDERS = ("geo", "missions", "render", "app", "tests", "bench")
NOT_FUNCTIONS = re.compile(
    r"(^|[\s;}])(if|for|while|switch|catch|else|do|try|return|namespace|class|struct|union|enum|extern)\b")


def strip_code(text):
    """Comments, string and character literals, and preprocessor lines blanked; newlines kept."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            i = j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append("\n" * text.count("\n", i, j))
            i = j
        elif c == 'R' and text.startswith('R"', i):
            m = re.match(r'R"([^(]*)\(', text[i:])
            if m:
                end = text.find(")" + m.group(1) + '"', i)
                end = n if end < 0 else end + len(m.group(1)) + 2
                out.append("\n" * text.count("\n", i, end) + '""')
                i = end
            else:
                out.append(c)
                i += 1
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            out.append(c + c)
            i = j + 1
        elif c == "#" and (i == 0 or text[i - 1] == "\n" or text[: i].rsplit("\n", 1)[-1].strip() == ""):
            # A preprocessor line (with continuations).
            j = i
            while True:
                k = text.find("\n", j)
                if k < 0:
                    j = n
                    break
                if text[k - 1] == "\\":
                    j = k + 1
                    continue
                j = k
                break
            out.append("\n" * text.count("\n", i, j))
            i = j
        else:
            out.append(c)
            i += 1
    return "".join(out)


def functions(text):
    """(name, first line, last line) of each function body at namespace or class scope."""
    code = strip_code(text)
    found = []
    stack = []  # kinds of the open braces: "scope" (namespace, class, extern) or "func" or "other"
    header_start = 0
    line = 1
    for i, c in enumerate(code):
        if c == "\n":
            line += 1
        elif c == "{":
            header = code[header_start:i]
            in_function = any(k == "func" for k in stack)
            kind = "other"
            if not in_function:
                h = " ".join(header.split())
                if re.search(r"\b(namespace|class|struct|union|extern)\b[^()]*$", h) or re.search(r"\benum\b", h):
                    kind = "scope"
                elif (")" in h and not NOT_FUNCTIONS.search(h.split("(")[0] + " ")
                      and not h.rstrip().endswith("=") and re.search(r"\)[^()]*$", h)
                      and not re.search(r"=\s*$", h)):
                    name = h.split("(")[0].split()[-1] if h.split("(")[0].split() else "?"
                    kind = "func"
                    stack.append(("func", name, line))
                    header_start = i + 1
                    continue
            stack.append((kind, None, line))
            header_start = i + 1
        elif c == "}":
            if stack:
                kind, name, start = stack.pop()
                if kind == "func":
                    found.append((name, start, line))
            header_start = i + 1
        elif c == ";":
            header_start = i + 1
    return found


def main():
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--max", type=int, default=200)
    ap.add_argument("--root", default=repo)
    ap.add_argument("--list", type=int, default=0, help="also print the K longest functions")
    a = ap.parse_args()
    all_funcs = []
    for folder in FOLDERS:
        for dirpath, _, files in os.walk(os.path.join(a.root, folder)):
            if "violations" in dirpath.split(os.sep):
                continue
            for f in files:
                if f.endswith((".cpp", ".hpp", ".h")):
                    p = os.path.join(dirpath, f)
                    with open(p, encoding="utf-8", errors="replace") as fh:
                        for name, s, e in functions(fh.read()):
                            all_funcs.append((e - s + 1, os.path.relpath(p, a.root), s, name))
    all_funcs.sort(reverse=True)
    for length, path, start, name in all_funcs[: a.list]:
        print(f"{length:5d}  {path}:{start}  {name}")
    over = [f for f in all_funcs if f[0] > a.max]
    for length, path, start, name in over:
        print(f"{path}:{start}: {name} is {length} lines (at most {a.max})")
    if over:
        return 1
    print(f"{len(all_funcs)} functions, none over {a.max} lines")
    return 0


if __name__ == "__main__":
    sys.exit(main())
