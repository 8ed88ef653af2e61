#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Fail on an #include that points up the layers of the design.

Layers, lowest first (docs/devel/architecture.md):
  0 base     util/ fpu/ qom/ qapi/ hw/core/ softmmu/memory*
  1 tcg      tcg/
  2 accel    accel/
  3 cpu      target/ block/ net/ chardev/
  4 devices  hw/* (not hw/core/ or the boards)
  5 boards   hw/riscv/ hw/i386/
  6 programs softmmu/ linux-user/ tools/ monitor/ gdbstub/
A file may include headers of its own layer or below, and devices never
include target/ (they must not know which CPU they serve). Headers live in
include/ mirroring the tree, so include/X/... has the layer of X/...
tests/, bench/ and scripts/ may include anything.
"""
import argparse
import os
import re
import sys

LAYER_NAMES = ["base", "tcg", "accel", "cpu", "devices", "boards", "programs"]
PREFIXES = [  # longest match wins
    ("util/", 0), ("fpu/", 0), ("qom/", 0), ("qapi/", 0), ("hw/core/", 0),
    ("softmmu/memory", 0),
    ("tcg/", 1),
    ("accel/", 2),
    ("target/", 3), ("block/", 3), ("net/", 3), ("chardev/", 3),
    ("hw/riscv/", 5), ("hw/i386/", 5),
    ("hw/", 4),
    ("softmmu/", 6), ("linux-user/", 6), ("tools/", 6), ("monitor/", 6),
    ("gdbstub/", 6),
]
EXEMPT = ("tests/", "bench/", "scripts/", "build", "pc-bios/")
INCLUDE_RE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')


DEVICES = LAYER_NAMES.index("devices")


def is_target(path):
    return path.startswith(("target/", "include/target/"))


def layer_of(path):
    """Layer of a source path relative to the root (include/ stripped)."""
    if path.startswith("include/"):
        path = path[len("include/"):]
    best = None
    for prefix, layer in PREFIXES:
        if path.startswith(prefix) and (best is None or len(prefix) > best[0]):
            best = (len(prefix), layer)
    return None if best is None else best[1]


def resolve(root, src, name):
    """Where an #include "name" in src points, relative to root."""
    for base in (os.path.dirname(src), "include", ""):
        cand = os.path.normpath(os.path.join(base, name))
        if os.path.exists(os.path.join(root, cand)):
            return cand
    return None


def violations(root):
    for dirpath, dirnames, filenames in os.walk(root):
        rel_dir = os.path.relpath(dirpath, root)
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        if rel_dir != "." and rel_dir.startswith(EXEMPT):
            dirnames[:] = []
            continue
        for fn in filenames:
            if not fn.endswith((".c", ".h", ".c.inc", ".h.inc")):
                continue
            src = os.path.normpath(os.path.join(rel_dir, fn))
            own = layer_of(src)
            if own is None:
                continue
            with open(os.path.join(root, src), encoding="utf-8",
                      errors="replace") as f:
                for lineno, line in enumerate(f, 1):
                    m = INCLUDE_RE.match(line)
                    if not m:
                        continue
                    target = resolve(root, src, m.group(1))
                    if target is None:
                        continue   # generated or system header
                    theirs = layer_of(target)
                    if theirs is not None and theirs > own:
                        yield (f"{src}:{lineno}: {LAYER_NAMES[own]} layer "
                               f"includes \"{m.group(1)}\" from the "
                               f"{LAYER_NAMES[theirs]} layer")
                    elif own == DEVICES and is_target(target):
                        # Devices must not know which CPU they serve.
                        yield (f"{src}:{lineno}: a device includes "
                               f"\"{m.group(1)}\" from target/")


def self_test():
    """The checker on a made-up tree: it must flag what points up, and
    only that. TAP on stdout."""
    import tempfile
    files = {
        "include/util/ok.h": "",
        "include/hw/char/uart.h": "",
        "include/target/riscv/cpu.h": "",
        "util/good.c": '#include "util/ok.h"\n',
        "util/bad.c": '#include "hw/char/uart.h"\n',
        "hw/char/uart.c": '#include "target/riscv/cpu.h"\n',
        "target/riscv/cpu.c": '#include "hw/char/uart.h"\n',
        "softmmu/memory.c": '#include "hw/char/uart.h"\n',
        "softmmu/main.c": '#include "hw/char/uart.h"\n',
        "tests/unit/t.c": '#include "hw/char/uart.h"\n',
    }
    with tempfile.TemporaryDirectory() as root:
        for path, text in files.items():
            os.makedirs(os.path.join(root, os.path.dirname(path)),
                        exist_ok=True)
            with open(os.path.join(root, path), "w") as f:
                f.write(text)
        found = sorted(v.split(":")[0] for v in violations(root))
    want = ["hw/char/uart.c", "softmmu/memory.c", "target/riscv/cpu.c",
            "util/bad.c"]
    print("1..1")
    ok = found == want
    if not ok:
        print("# flagged %s, expected %s" % (found, want))
    print(("ok" if ok else "not ok") + " 1 - checker flags exactly the "
          "upward includes of a made-up tree")
    return 0 if ok else 1


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tap", action="store_true", help="report as TAP")
    ap.add_argument("--self-test", action="store_true",
                    help="check the checker on a made-up tree")
    ap.add_argument("root", nargs="?", default=".")
    args = ap.parse_args()
    if args.self_test:
        return self_test()
    bad = list(violations(os.path.abspath(args.root)))
    if args.tap:
        print("1..1")
        for b in bad:
            print("# " + b)
        print(("not ok" if bad else "ok") + " 1 - includes point downward")
    else:
        for b in bad:
            print(b, file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
