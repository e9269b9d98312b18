#!/usr/bin/env python3
"""Every public header must compile on its own as C11 and as C++, with
-Wall -Wextra -Wpedantic -Werror.

usage: check_headers.py INCLUDE_DIR CC [CXX]
"""
import os
import subprocess
import sys
import tempfile


def compile_alone(compiler, std, suffix, include_dir, header):
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "only" + suffix)
        with open(src, "w") as f:
            f.write(f"#include <{header}>\n#include <{header}>\nint main(void) {{ return 0; }}\n"
                    if suffix == ".c" else
                    f"#include <{header}>\n#include <{header}>\nint main() {{ return 0; }}\n")
        cmd = compiler.split() + [f"-std={std}", "-Wall", "-Wextra", "-Wpedantic", "-Werror",
                                  "-fsyntax-only", "-I", include_dir, src]
        res = subprocess.run(cmd, capture_output=True, text=True)
        return res.returncode, res.stderr


def main():
    include_dir, cc = sys.argv[1], sys.argv[2]
    cxx = sys.argv[3] if len(sys.argv) > 3 else ""
    headers = ["csvc.h"] + sorted("csvc/" + h for h in os.listdir(os.path.join(include_dir, "csvc"))
                                  if h.endswith(".h"))
    failures = 0
    checks = [(cc, "c11", ".c")] + ([(cxx, "c++11", ".cpp")] if cxx else [])
    for header in headers:
        for compiler, std, suffix in checks:
            rc, err = compile_alone(compiler, std, suffix, include_dir, header)
            status = "ok" if rc == 0 else "FAILED"
            print(f"{header} as {std}: {status}")
            if rc:
                print(err)
                failures += 1
    if not cxx:
        print("no C++ compiler: C++ checks skipped")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
