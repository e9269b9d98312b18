#!/usr/bin/env python3
"""The exported symbols, the linker map and the CSVC_API declarations of the
public headers must be the same set of csvc_* names (libdrm/xkbcommon style).

usage: check_symbols.py LIBRARY MAPFILE HEADER...
"""
import re
import subprocess
import sys


def exported(library):
    out = subprocess.run(["nm", "-D", "--defined-only", library], check=True,
                         capture_output=True, text=True).stdout
    names = set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] in "TtDdBbRrVvWwi":
            names.add(parts[2].split("@")[0])
    # The version node itself shows up as an absolute symbol.
    return {n for n in names if not n.startswith("CSVC_")}


def mapped(mapfile):
    text = re.sub(r"/\*.*?\*/", "", open(mapfile).read(), flags=re.S)
    names = set()
    for block in re.findall(r"global:(.*?)(?:local:|})", text, flags=re.S):
        names.update(n.strip() for n in block.split(";") if n.strip())
    return names


def declared(headers):
    names = set()
    for header in headers:
        text = re.sub(r"/\*.*?\*/", "", open(header).read(), flags=re.S)
        # Drop preprocessor directives, with their continuation lines.
        text = re.sub(r"^[ \t]*#(?:[^\n]*\\\n)*[^\n]*", "", text, flags=re.M)
        names.update(re.findall(r"\bCSVC_API\b[^;{]*?\b(\w+)\s*\(", text))
    return names


def main():
    library, mapfile, headers = sys.argv[1], sys.argv[2], sys.argv[3:]
    sets = {"exported": exported(library), "map": mapped(mapfile),
            "headers": declared(headers)}
    ok = True
    for name, names in sets.items():
        bad = sorted(n for n in names if not n.startswith("csvc_"))
        if bad:
            print(f"{name}: names without the csvc_ prefix: {bad}")
            ok = False
    pairs = [("exported", "map"), ("map", "headers"), ("headers", "exported")]
    for a, b in pairs:
        only = sorted(sets[a] - sets[b])
        if only:
            print(f"in {a} but not in {b}: {only}")
            ok = False
    print(f"{len(sets['headers'])} public functions; "
          f"{'all three sets agree' if ok else 'MISMATCH'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
