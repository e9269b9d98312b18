#!/usr/bin/env python3
"""The include firewall between modules: a module's own internal header
compiles in its module, its seam header compiles everywhere, and another
module's internal header refuses to compile (even when it is on the include
path, as the folder of a module this one may use).

usage: check_firewall.py SRC_DIR INCLUDE_DIR CC
"""
import os
import subprocess
import sys
import tempfile


def compiles(cc, src_dir, include_dir, module, header):
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "probe.c")
        with open(path, "w") as f:
            f.write(f'#include "{header}"\nint main(void) {{ return 0; }}\n')
        dirs = ["util"] + sorted(d for d in os.listdir(src_dir)
                                 if os.path.isdir(os.path.join(src_dir, d)) and d != "util")
        cmd = cc.split() + ["-std=c11", "-fsyntax-only", "-D_POSIX_C_SOURCE=200809L",
                            f"-DCS_MODULE_{module.upper()}", "-I", include_dir]
        for d in dirs:
            cmd += ["-I", os.path.join(src_dir, d)]
        return subprocess.run(cmd + [path], capture_output=True, text=True).returncode == 0


def main():
    src_dir, include_dir, cc = sys.argv[1], sys.argv[2], sys.argv[3]
    modules = sorted(d for d in os.listdir(src_dir)
                     if os.path.exists(os.path.join(src_dir, d, d + "_internal.h")))
    failures = 0
    for module in modules:
        for other in modules:
            header = other + "_internal.h"
            expected = module == other
            ok = compiles(cc, src_dir, include_dir, module, header) == expected
            print(f"{module} includes {header}: {'compiles' if expected else 'refused'}"
                  f"{'' if ok else '  <-- WRONG'}")
            failures += not ok
            seam = os.path.join(src_dir, other, other + "_seam.h")
            if os.path.exists(seam) and not compiles(cc, src_dir, include_dir, module,
                                                      other + "_seam.h"):
                print(f"{module} includes {other}_seam.h: does not compile  <-- WRONG")
                failures += 1
    return 1 if failures or not modules else 0


if __name__ == "__main__":
    sys.exit(main())
