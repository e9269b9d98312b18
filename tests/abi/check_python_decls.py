#!/usr/bin/env python3
"""The Python bindings' declarations are generated from the headers and
agree with the C compiler:

1. regenerating bindings/python/csvc/_decls.py gives the committed file;
2. every struct has the compiler's size, and every field its offset;
3. every integer constant has the compiler's value.

usage: check_python_decls.py SOURCE_DIR CC
"""
import ctypes
import difflib
import importlib.util
import os
import subprocess
import sys
import tempfile


def load(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main():
    src, cc = sys.argv[1], sys.argv[2]
    committed = os.path.join(src, "bindings", "python", "csvc", "_decls.py")
    gen = load(os.path.join(src, "bindings", "python", "gen_decls.py"), "gen_decls")
    fresh = gen.generate(os.path.join(src, "include"))
    with open(committed, encoding="utf-8") as f:
        old = f.read()
    failures = 0
    if fresh != old:
        sys.stdout.writelines(difflib.unified_diff(old.splitlines(True), fresh.splitlines(True),
                                                   "committed _decls.py", "regenerated"))
        print("FAIL: _decls.py is stale: run python3 bindings/python/gen_decls.py")
        failures += 1
    decls = load(committed, "decls")
    structs = [(n, c) for n, c in vars(decls).items()
               if isinstance(c, type) and issubclass(c, ctypes.Structure) and "_fields_" in vars(c)]
    constants = [(n, v) for n, v in vars(decls).items() if n.startswith("CSVC_") and
                 isinstance(v, int)]
    lines = ["#include <csvc.h>", "#include <stddef.h>", "#include <stdio.h>",
             "int main(void) {"]
    expected = []
    for name, cls in structs:
        lines.append('printf("%%zu\\n", sizeof(%s));' % name)
        expected.append("%s size %d" % (name, ctypes.sizeof(cls)))
        for field in cls._fields_:
            lines.append('printf("%%zu\\n", offsetof(%s, %s));' % (name, field[0]))
            expected.append("%s.%s offset %d" % (name, field[0], getattr(cls, field[0]).offset))
    for name, value in constants:
        lines.append('printf("%%lld\\n", (long long)(%s));' % name)
        expected.append("%s = %d" % (name, value))
    lines.append("return 0; }")
    with tempfile.TemporaryDirectory() as tmp:
        probe = os.path.join(tmp, "probe.c")
        with open(probe, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        exe = os.path.join(tmp, "probe")
        subprocess.run(cc.split() + ["-std=c11", "-I", os.path.join(src, "include"), probe,
                                     "-o", exe], check=True)
        got = subprocess.run([exe], stdout=subprocess.PIPE, check=True,
                             universal_newlines=True).stdout.split()
    for want, value in zip(expected, got):
        if int(want.rsplit(" ", 1)[1]) != int(value):
            print("FAIL: %s, the compiler says %s" % (want, value))
            failures += 1
    print("%d structs (%d fields) and %d constants checked against the compiler"
          % (len(structs), sum(len(c._fields_) for _, c in structs), len(constants)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
