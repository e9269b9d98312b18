#!/usr/bin/env python3
"""Generates csvc/_decls.py, the ctypes declarations of libcsvc, from the
public headers: every struct (field by field), opaque handle, enum and
integer constant, callback type and function.

    python3 bindings/python/gen_decls.py [INCLUDE_DIR [OUTPUT]]

With no arguments it reads include/ and writes bindings/python/csvc/_decls.py
of the repository it lives in. The output is committed; the `abi` test suite
regenerates it and fails on any difference (tests/abi/check_python_decls.py).
Standard library only: it understands the subset of C the headers are
written in (one declaration per statement, no nested anonymous types).
"""
import os
import re
import sys

HEADER_NOTE = '''"""ctypes declarations of libcsvc, generated from the public headers by
bindings/python/gen_decls.py. Do not edit: change the headers and run it.

Every struct is mirrored field by field (enums are C int), handles are
opaque Structures used through pointers, and FUNCTIONS lists each exported
function as (name, restype, argtypes, returns_status), in header order.
"""
'''

BASE_TYPES = {
    "void": None,
    "char": "c_char",
    "int": "c_int",
    "double": "c_double",
    "size_t": "c_size_t",
    "int8_t": "c_int8",
    "uint8_t": "c_uint8",
    "int16_t": "c_int16",
    "uint16_t": "c_uint16",
    "int32_t": "c_int32",
    "uint32_t": "c_uint32",
    "int64_t": "c_int64",
    "uint64_t": "c_uint64",
}

LIMITS = {"INT64_MIN": -(1 << 63), "INT64_MAX": (1 << 63) - 1, "UINT32_MAX": (1 << 32) - 1,
          "INT32_MAX": (1 << 31) - 1}


def strip_comments(text):
    text = re.sub(r"/\*.*?\*/", lambda m: " " * 0 + "\n" * m.group(0).count("\n"), text,
                  flags=re.S)
    return re.sub(r"//[^\n]*", "", text)


def header_order(include_dir):
    """csvc/*.h with every header after those it includes."""
    names = sorted(n for n in os.listdir(os.path.join(include_dir, "csvc")) if n.endswith(".h"))
    deps = {}
    for n in names:
        with open(os.path.join(include_dir, "csvc", n), encoding="utf-8") as f:
            deps[n] = re.findall(r'#include "([a-z_]+\.h)"', f.read())
    order, seen = [], set()

    def visit(n):
        if n in seen:
            return
        seen.add(n)
        for d in deps.get(n, []):
            visit(d)
        order.append(n)

    for n in names:
        visit(n)
    return order


def code_lines(text):
    """The header without preprocessor lines and without the C++ guards."""
    out, skip = [], 0
    lines = text.replace("\\\n", " ").split("\n")
    for line in lines:
        s = line.strip()
        if s.startswith("#ifdef __cplusplus"):
            skip = 1
            continue
        if skip:
            if s.startswith("#endif"):
                skip = 0
            continue
        if s.startswith("#"):
            continue
        out.append(line)
    return "\n".join(out)


def statements(code):
    """Top-level statements (split at ';' outside braces and parentheses)."""
    out, depth, cur = [], 0, []
    for ch in code:
        if ch in "{(":
            depth += 1
        elif ch in "})":
            depth -= 1
        if ch == ";" and depth == 0:
            out.append(" ".join("".join(cur).split()))
            cur = []
        else:
            cur.append(ch)
    return [s for s in out if s]


def split_top(text, sep=","):
    parts, depth, cur = [], 0, []
    for ch in text:
        if ch in "({[":
            depth += 1
        elif ch in ")}]":
            depth -= 1
        if ch == sep and depth == 0:
            parts.append("".join(cur).strip())
            cur = []
        else:
            cur.append(ch)
    if "".join(cur).strip():
        parts.append("".join(cur).strip())
    return parts


class Decls:
    def __init__(self):
        self.out = []          # lines of the generated module
        self.kinds = {}        # C type name -> "struct", "opaque", "enum", "callback", "alias"
        self.constants = {}    # name -> value
        self.functions = []
        self.after_class = False
        self.hex = False

    # -- constants

    def define(self, name, value):
        self.hex = value.lower().startswith("0x")
        v = re.sub(r"UINT32_C\(([^)]*)\)|INT64_C\(([^)]*)\)|UINT64_C\(([^)]*)\)",
                   lambda m: next(g for g in m.groups() if g), value)
        v = re.sub(r"\b(0x[0-9A-Fa-f]+|\d+)[uUlL]+\b", r"\1", v)
        if v.startswith('"'):
            self.constant(name, v)
            return
        if "{" in v or not v:
            return
        env = dict(LIMITS)
        env.update({k: c for k, c in self.constants.items() if isinstance(c, int)})
        try:
            result = eval(v, {"__builtins__": {}}, env)  # noqa: S307 (the headers' own macros)
        except Exception:
            return
        if isinstance(result, int):
            self.constant(name, result)

    def constant(self, name, value):
        if isinstance(value, str) and value.startswith('"'):
            self.line("%s = %s" % (name, value))
            self.constants[name] = value
            return
        self.constants[name] = value
        text = ("0x%X" % value) if getattr(self, "hex", False) else str(value)
        self.hex = False
        self.line("%s = %s" % (name, text))

    def line(self, text):
        """A module-level line; two blank lines after a class (PEP 8)."""
        if self.after_class:
            self.out += ["", ""]
            self.after_class = False
        self.out.append(text)

    def block(self, lines):
        """A class: two blank lines around it."""
        while self.out and self.out[-1] == "":
            self.out.pop()
        self.out += ["", ""] + lines
        self.after_class = True

    # -- types

    def ctype(self, decl, where):
        """ctypes expression for a declaration's type (name already removed)."""
        t = decl.replace("const", " ").replace("struct", " ")
        array = re.search(r"\[([^\]]*)\]\s*$", t)
        if array:
            t = t[:array.start()]
        stars = t.count("*")
        base = t.replace("*", " ").split()
        if len(base) != 1:
            raise ValueError("cannot read type %r in %s" % (decl, where))
        base = base[0]
        if base in BASE_TYPES:
            inner = BASE_TYPES[base]
        elif base in self.kinds:
            kind = self.kinds[base]
            inner = "c_int" if kind == "enum" else base
        else:
            raise ValueError("unknown type %r in %s" % (base, where))
        if array and where.startswith("field"):
            n = array.group(1).strip()
            count = self.constants.get(n, None) if not n.isdigit() else int(n)
            if count is None:
                raise ValueError("unknown array size %r in %s" % (n, where))
            return "%s * %s" % (inner, n if not n.isdigit() else n)
        if array:  # a parameter array is a pointer
            stars += 1
        if stars == 0:
            return inner
        if base == "char":
            if stars == 1:
                return "c_char_p"
            # char **: an owned buffer the caller frees (c_void_p keeps the
            # address); const char ** or const char *const *: strings.
            return "POINTER(c_char_p)" if "const" in decl else "POINTER(c_void_p)"
        if inner is None:
            return "c_void_p" if stars == 1 else "POINTER(c_void_p)"
        if self.kinds.get(base) == "callback":
            stars -= 1
            inner_expr = base
        else:
            inner_expr = inner
        for _ in range(stars):
            inner_expr = "POINTER(%s)" % inner_expr
        return inner_expr

    def params(self, text, where):
        text = text.strip()
        if text in ("", "void"):
            return []
        return [self.ctype(self.strip_name(p), where) for p in split_top(text)]

    @staticmethod
    def strip_name(p):
        """The type of one parameter or field declarator (its name removed)."""
        p = p.strip()
        m = re.match(r"^(.*?)\(\s*\*\s*\w+\s*\)\s*\((.*)\)$", p)
        if m:
            return "FNPTR:%s:%s" % (m.group(1), m.group(2))
        m = re.match(r"^(.*[\s*])(\w+)(\s*\[[^\]]*\])?$", p)
        if not m:
            return p
        return m.group(1) + (m.group(3) or "")

    def fnptr(self, ret, params, where):
        r = self.ctype(ret, where) if ret.strip() not in ("void",) else "None"
        args = self.params(params, where)
        return "CFUNCTYPE(%s)" % ", ".join([r] + args)

    def field(self, decl, where):
        t = self.strip_name(decl)
        if t.startswith("FNPTR:"):
            _, ret, params = t.split(":", 2)
            return self.fnptr(ret, params, where)
        return self.ctype(t, where)

    # -- statements

    def statement(self, s):
        m = re.match(r"^typedef struct (\w+) (\w+)$", s)
        if m:
            self.kinds[m.group(2)] = "opaque"
            self.block(["class %s(Structure):" % m.group(2),
                        '    """Opaque ``%s``; used through pointers only."""' % m.group(2)])
            return
        m = re.match(r"^typedef struct (\w+) \{(.*)\} (\w+)$", s)
        if m:
            self.struct(m.group(3), m.group(2))
            return
        m = re.match(r"^typedef enum (\w+) \{(.*)\} (\w+)$", s)
        if m:
            self.enum(m.group(3), m.group(2))
            return
        m = re.match(r"^typedef (.+?)\(\s*\*\s*(\w+)\s*\)\s*\((.*)\)$", s)
        if m:
            name = m.group(2)
            text = "%s = %s" % (name, self.fnptr(m.group(1), m.group(3), name))
            if len(text) > 99:
                text = text.replace("CFUNCTYPE(", "CFUNCTYPE(\n    ", 1)
            self.line(text)
            self.kinds[name] = "callback"
            return
        m = re.match(r"^CSVC_API (.+?)\b(csvc_\w+)\s*\((.*)\)$", s)
        if m:
            ret, name, params = m.group(1).strip(), m.group(2), m.group(3)
            restype = "None" if ret == "void" else self.ctype(ret, "return of " + name)
            args = self.params(params, "parameters of " + name)
            self.functions.append((name, restype, args, ret == "csvc_status"))
            return
        raise ValueError("cannot read statement: %s" % s[:120])

    def struct(self, name, body):
        fields = []
        for decl in split_top(body, ";"):
            decl = decl.strip()
            if not decl:
                continue
            # "double a, b, c" declares three fields of one type.
            declarators = split_top(decl)
            first = declarators[0]
            m = re.match(r"^(.*?[\s*])(\w+)(\s*\[[^\]]*\])?$", first)
            if len(declarators) > 1 and m and "(" not in first:
                base = m.group(1)
                names = [m.group(2)] + [d.strip() for d in declarators[1:]]
                for n in names:
                    fields.append((n, self.ctype(base, "field %s.%s" % (name, n))))
                continue
            fname = re.search(r"\(\s*\*\s*(\w+)\s*\)", decl) if "(" in decl else None
            fname = fname.group(1) if fname else re.match(r"^.*?(\w+)(\s*\[[^\]]*\])?$", decl).group(1)
            fields.append((fname, self.field(decl, "field %s.%s" % (name, fname))))
        self.kinds[name] = "struct"
        self.block(["class %s(Structure):" % name, "    _fields_ = ["] +
                   ['        ("%s", %s),' % f for f in fields] + ["    ]"])

    def enum(self, name, body):
        value = -1
        for item in split_top(body):
            m = re.match(r"^(\w+)\s*(?:=\s*(.+))?$", item.strip())
            if not m or not m.group(1).startswith("CSVC_") or m.group(1).endswith("_"):
                continue  # the status enum's X-macro expansion is read from its map
            value = int(eval(m.group(2), {"__builtins__": {}}, dict(self.constants))) \
                if m.group(2) else value + 1
            self.constant(m.group(1), value)
        self.kinds[name] = "enum"
        self.line("%s = c_int  # enum %s" % (name, name))



def generate(include_dir):
    d = Decls()
    d.out.append(HEADER_NOTE.rstrip())
    d.out += ["", "from ctypes import (", "    CFUNCTYPE,", "    POINTER,", "    Structure,"]
    d.out += ["    %s," % t for t in sorted(set(BASE_TYPES.values()) - {None} | {"c_char_p",
                                                                           "c_void_p"})]
    d.out.append(")")
    for name in header_order(include_dir):
        with open(os.path.join(include_dir, "csvc", name), encoding="utf-8") as f:
            raw = strip_comments(f.read())
        d.block(["# " + "-" * 70, "# csvc/%s" % name])
        d.after_class = False
        for m in re.finditer(r"\bX\((\w+), (-?\d+), \"", raw):
            d.constant("CSVC_" + m.group(1), int(m.group(2)))
        # Constants and declarations in the order the header gives them.
        joined = raw.replace("\\\n", " ")
        items = []
        for m in re.finditer(r"^[ \t]*#define (CSVC_\w+)(?![\w(])[ \t]*(.*)$", joined, re.M):
            items.append((m.start(), "define", (m.group(1), m.group(2).strip())))
        code = code_lines(raw)
        # Statement positions: find them again in the joined text by their first words.
        pos = 0
        for s in statements(code):
            key = s.split("{")[0][:40]
            words = key.split()
            pattern = r"\s+".join(re.escape(w) for w in words[:4])
            m = re.compile(pattern).search(joined, pos)
            start = m.start() if m else pos
            pos = start + 1
            items.append((start, "statement", s))
        for _, kind, payload in sorted(items, key=lambda i: i[0]):
            if kind == "define":
                d.define(*payload)
            else:
                d.statement(payload)
    d.block(["# name, restype, argtypes, returns csvc_status", "FUNCTIONS = ("])
    d.after_class = False
    for name, restype, args, status in d.functions:
        flag = "True" if status else "False"
        row = '    ("%s", %s, (%s), %s),' % (name, restype, "".join(a + ", " for a in args)[:-1]
                                          if args else "", flag)
        if len(row) <= 99:
            d.out.append(row)
        else:  # one argument per line
            d.out.append('    ("%s", %s, (' % (name, restype))
            d.out += ["        %s," % a for a in args]
            d.out.append("    ), %s)," % flag)
    d.out.append(")")
    return "\n".join(d.out) + "\n"


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    repo = os.path.dirname(os.path.dirname(here))
    include_dir = argv[1] if len(argv) > 1 else os.path.join(repo, "include")
    output = argv[2] if len(argv) > 2 else os.path.join(here, "csvc", "_decls.py")
    text = generate(include_dir)
    if output == "-":
        sys.stdout.write(text)
    else:
        with open(output, "w", encoding="utf-8") as f:
            f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
