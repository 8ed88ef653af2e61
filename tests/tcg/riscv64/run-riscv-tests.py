#!/usr/bin/env python3
"""Run the public riscv-tests ISA suite (built outside this tree) on
vireo-system-riscv64 -M spike under both TCG backends and report TAP.

RISCV_TESTS_DIR names a built riscv-tests tree: the rv64 physical-env
tests are the files rv64*-p-* found under it (isa/ or the top level,
as `make isa` or an install leaves them). A test passes when the
emulator exits 0 (HTIF tohost == 1); otherwise the failing test number
is the exit status (tohost >> 1). Without RISCV_TESTS_DIR the whole run
is one TAP skip, since the suite is not packaged in Debian.

Usage: run-riscv-tests.py VIREO [--backend native|tci]... [--filter SUB]
                          [--qemu QEMU]
SPDX-License-Identifier: GPL-2.0-or-later
"""

import argparse
import os
import subprocess
import sys

SKIP_REASON = "RISCV_TESTS_DIR not set (riscv-tests are not packaged in Debian)"
TIMEOUT = 30


def find_tests(root):
    """Every rv64 p-environment ELF under root, sorted by name."""
    found = {}
    for dirpath, _, files in os.walk(root):
        for name in files:
            if not name.startswith("rv64") or "-p-" not in name:
                continue
            if name.endswith((".dump", ".S", ".o", ".out", ".log")):
                continue
            path = os.path.join(dirpath, name)
            if os.access(path, os.X_OK) or open(path, "rb").read(4) == \
                    b"\x7fELF":
                found.setdefault(name, path)
    return [found[n] for n in sorted(found)]


def run_one(cmd):
    """Exit status of cmd, or a string saying why there is none."""
    try:
        proc = subprocess.run(cmd, stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return "timeout after %ds" % TIMEOUT
    except OSError as err:
        return "cannot run: %s" % err
    if proc.returncode < 0:
        return "killed by signal %d" % -proc.returncode
    return proc.returncode


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("vireo")
    ap.add_argument("--backend", action="append",
                    choices=["native", "tci"])
    ap.add_argument("--filter", default="")
    ap.add_argument("--qemu", help="also run each test under this QEMU "
                    "(reported as a comment, never failing)")
    args = ap.parse_args()
    backends = args.backend or ["native", "tci"]

    root = os.environ.get("RISCV_TESTS_DIR")
    if not root:
        print("1..0 # SKIP " + SKIP_REASON)
        return 0
    tests = [t for t in find_tests(root)
             if args.filter in os.path.basename(t)]
    if not tests:
        print("1..0 # SKIP no rv64*-p-* tests under " + root)
        return 0

    print("1..%d" % (len(tests) * len(backends)))
    n = 0
    failed = 0
    for test in tests:
        name = os.path.basename(test)
        qnote = ""
        if args.qemu:
            q = run_one([args.qemu, "-M", "spike", "-display", "none",
                         "-bios", "none", "-kernel", test])
            qnote = " (qemu: %s)" % ("pass" if q == 0 else q)
        for backend in backends:
            n += 1
            rc = run_one([args.vireo, "-M", "spike", "-display", "none",
                          "-accel", "tcg,backend=" + backend,
                          "-bios", "none", "-kernel", test])
            desc = "%s %s" % (name, backend)
            if rc == 0:
                print("ok %d - %s%s" % (n, desc, qnote))
            else:
                failed += 1
                why = rc if isinstance(rc, str) else \
                    "failed at test %d" % rc
                print("not ok %d - %s: %s%s" % (n, desc, why, qnote))
    print("# %d of %d failed" % (failed, n))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
