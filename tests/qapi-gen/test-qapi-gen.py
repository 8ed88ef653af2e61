#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""scripts/qapi-gen.py on bad schemas: each must fail with exit 1 and a
message naming the problem (and the file and line where it has one),
writing nothing; a good one must write the four files. TAP output.

Usage: test-qapi-gen.py PATH-TO-qapi-gen.py
"""
import os
import subprocess
import sys
import tempfile

CASES = [
    ("unknown member type", "{ 'struct': 'S', 'data': { 'a': 'nope' } }",
     "member a has unknown or unsupported type 'nope'"),
    ("array of int unsupported",
     "{ 'struct': 'S', 'data': { 'a': ['int'] } }",
     "unknown or unsupported type"),
    ("unknown key", "{ 'command': 'c', 'bogus': 1 }",
     "unknown keys ['bogus']"),
    ("two kinds in one expression", "{ 'struct': 'S', 'enum': 'E' }",
     "need exactly one of"),
    ("bad returns", "{ 'command': 'c', 'returns': 'int' }",
     "returns must be a struct, an array or str"),
    ("data not an object", "{ 'struct': 'S', 'data': [ 'a' ] }",
     "data must be an object"),
    ("syntax error", "{ 'struct': 'S', 'data': { 'a' 'str' } }",
     "t.json:1:"),
    ("unterminated", "{ 'struct': 'S'", "unterminated expression"),
    ("junk between expressions", "{ 'enum': 'E', 'data': [] } x",
     "junk 'x' outside an expression"),
    ("type defined twice", "{ 'enum': 'T', 'data': [] }\n"
     "{ 'struct': 'T' }", "t.json:2: struct T is defined twice"),
    ("command defined twice", "{ 'command': 'c' }\n{ 'command': 'c' }",
     "command c is defined twice"),
    ("missing include", "{ 'include': 'missing.json' }", "missing.json"),
]
GOOD = """# comment
{ 'enum': 'E', 'data': [ 'a-b' ] }   # trailing comment
{ "struct": "S", "data": { "x": "E", "*y": ["str"] } }
{ 'command': 'c', 'data': { 'n': 'int' }, 'returns': ['S'] }
{ 'event': 'EV' }
"""


def main():
    gen = sys.argv[1]
    n = 0
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        for name, text, want in CASES + [("good schema", GOOD, None)]:
            n += 1
            schema = os.path.join(tmp, "t.json")
            out = os.path.join(tmp, "out%d" % n)
            with open(schema, "w") as f:
                f.write(text)
            p = subprocess.run([sys.executable, gen, "-o", out, schema],
                               capture_output=True, text=True)
            if want is None:
                ok = (p.returncode == 0 and
                      sorted(os.listdir(out)) == [
                          "qapi-commands.c", "qapi-commands.h",
                          "qapi-types.c", "qapi-types.h"])
            else:
                ok = (p.returncode == 1 and want in p.stderr and
                      p.stderr.startswith("qapi-gen: ") and
                      not os.path.exists(out))
            print("%s %d - %s" % ("ok" if ok else "not ok", n, name))
            if not ok:
                failed = True
                print("# exit %d, stderr: %s" % (p.returncode,
                                                 p.stderr.strip()))
    print("1..%d" % n)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
