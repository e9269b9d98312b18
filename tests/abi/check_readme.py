#!/usr/bin/env python3
"""The README's programs work as written, on a first run and on a second.

Every ```c block of README.md is a whole program: it is saved as app.c and
built with the README's own pkg-config command (the ```sh block that uses
build/meson-uninstalled), with warnings as errors, then run twice in a
scratch directory that looks like the repository root (examples/,
bindings/ and build/ link to the real ones; whatever a program writes
stays in the scratch directory). Every ```python block runs twice the same
way. A run must exit 0 and write nothing to stderr.

usage: check_readme.py SOURCE_ROOT BUILD_ROOT "CC COMMAND"
"""
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

STRICT = "-std=c11 -Wall -Wextra -Wpedantic -Werror"


def blocks(readme, language):
    return re.findall(r"^```" + language + r"\n(.*?)^```", readme, re.M | re.S)


def scratch_root(source, build):
    root = tempfile.mkdtemp(prefix="csvc-readme-")
    for name, target in (("examples", os.path.join(source, "examples")),
                         ("bindings", os.path.join(source, "bindings")),
                         ("build", build)):
        os.symlink(target, os.path.join(root, name))
    return root


def run(command, cwd, env, what):
    p = subprocess.run(command, cwd=cwd, env=env, shell=True, capture_output=True, text=True,
                       timeout=120)
    if p.returncode != 0 or p.stderr:
        sys.exit("FAIL: %s: %s exited %d\n--- stdout\n%s--- stderr\n%s"
                 % (what, command, p.returncode, p.stdout, p.stderr))
    return p.stdout


def link_commands(readme, cc):
    """The README's build-and-run lines, with our compiler and strict flags."""
    for block in blocks(readme, "sh"):
        if "meson-uninstalled" in block:
            lines = [line for line in block.splitlines() if line.strip()]
            build, launch = lines[0], lines[1]
            if not build.startswith("cc app.c "):
                sys.exit("FAIL: the pkg-config block no longer starts with 'cc app.c'")
            return cc + " " + STRICT + " " + build[len("cc "):], launch
    sys.exit("FAIL: README.md has no pkg-config block using build/meson-uninstalled")


def main():
    source, build, cc = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2]), sys.argv[3]
    with open(os.path.join(source, "README.md"), encoding="utf-8") as f:
        readme = f.read()
    compile_line, launch = link_commands(readme, cc)
    env = dict(os.environ)
    env.pop("CSVC_LIBRARY", None)
    env["PYTHONPATH"] = os.path.join(source, "bindings", "python")
    env["CSVC_LIBRARY"] = os.path.join(build, "src", "libcsvc.so")

    programs = [("c", b) for b in blocks(readme, "c")] + \
               [("python", b) for b in blocks(readme, "python")]
    if len([p for p in programs if p[0] == "c"]) < 4 or not any(p[0] == "python" for p in programs):
        sys.exit("FAIL: expected the C programs of every section and a Python one")
    for number, (language, text) in enumerate(programs, 1):
        what = "README %s block %d" % (language, number)
        root = scratch_root(source, build)
        if language == "c":
            if "int main(" not in text:
                sys.exit("FAIL: %s is not a whole program" % what)
            with open(os.path.join(root, "app.c"), "w", encoding="utf-8") as f:
                f.write(text)
            run(compile_line, root, env, what + " (build)")
            command = launch
        else:
            with open(os.path.join(root, "app.py"), "w", encoding="utf-8") as f:
                f.write(text)
            command = shlex.quote(sys.executable) + " app.py"
        first = run(command, root, env, what + " (first run)")
        second = run(command, root, env, what + " (second run)")
        shutil.rmtree(root)
        print("ok: %s, first run: %s; second run: %s"
              % (what, first.strip().splitlines()[-1:] or ["(no output)"],
                 second.strip().splitlines()[-1:] or ["(no output)"]))


if __name__ == "__main__":
    main()
