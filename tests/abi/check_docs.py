#!/usr/bin/env python3
"""Every public function has its own doc comment (/** ... */ right before
its declaration) that says since which release it exists, and that release
is the node of the linker version script that exports it.

usage: check_docs.py INCLUDE_DIR VERSION_SCRIPT
"""
import os
import re
import sys


def main():
    include_dir, map_path = sys.argv[1], sys.argv[2]
    with open(map_path, encoding="utf-8") as f:
        script = f.read()
    node_of = {}
    for node in re.finditer(r"CSVC_(\d+)\.(\d+)\s*\{(.*?)\}", script, re.S):
        for sym in re.findall(r"(csvc_\w+);", node.group(3)):
            node_of[sym] = "%s.%s" % (node.group(1), node.group(2))
    failures = checked = 0
    for header in sorted(os.listdir(os.path.join(include_dir, "csvc"))):
        with open(os.path.join(include_dir, "csvc", header), encoding="utf-8") as f:
            text = f.read()
        for m in re.finditer(r"CSVC_API\s[^;(]*?(csvc_\w+)\s*\(", text):
            name, checked = m.group(1), checked + 1
            before = text[:m.start()].rstrip()
            start = before.rfind("/*")
            comment = before[start:] if before.endswith("*/") else ""
            since = re.search(r"@since (\d+\.\d+)", comment)
            if not comment.startswith("/**") or len(comment) < 12:
                print("%s: %s has no doc comment of its own" % (header, name))
                failures += 1
            elif not since:
                print("%s: %s: its doc comment has no @since" % (header, name))
                failures += 1
            elif since.group(1) != node_of.get(name):
                print("%s: %s: @since %s, but the version script exports it in CSVC_%s"
                      % (header, name, since.group(1), node_of.get(name)))
                failures += 1
    print("%d functions checked" % checked)
    return 1 if failures or not checked else 0


if __name__ == "__main__":
    sys.exit(main())
