#!/usr/bin/env python3
"""Run the public riscv-tests ISA suite (kept outside this tree) on
vireo-system-riscv64 -M spike under both TCG backends and report TAP.

RISCV_TESTS_DIR names a riscv-tests checkout or a directory of built
tests. With sources (isa/rv64*/NAME.S beside env/p and env/v) every
rv64 test is built first with the riscv64 cross compiler, the way
upstream's isa/Makefile does: the p (physical) environment for every
suite, the v (virtual memory) environment for the user-level ones, into
RISCV_TESTS_BUILD (default: a temporary directory). Files already named
rv64*-p-* / rv64*-v-* under the directory are run as they are.

A test passes when the emulator exits 0 (HTIF tohost == 1); otherwise
the exit status is the failing test number (tohost >> 1). ma_data checks
misaligned loads and stores done in hardware, which the ISA leaves
optional; Vireo traps them unless -cpu rv64,misaligned=emulate, so that
test runs with it. Without RISCV_TESTS_DIR the whole run is one TAP skip,
since the suite is not packaged in Debian.

Usage: run-riscv-tests.py VIREO [--backend native|tci]... [--filter SUB]...
                          [--env p|v]... [--qemu QEMU] [--jobs N]
SPDX-License-Identifier: GPL-2.0-or-later
"""

import argparse
import concurrent.futures
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile

SKIP_REASON = "RISCV_TESTS_DIR not set (riscv-tests are not packaged in Debian)"
TIMEOUT = 30
# As upstream: no compressed instructions but in rv64uc, since tests such
# as jalr's count the bytes of the instructions they jump over.
MARCH = "rv64g%s_zba_zbb_zbc_zbs_zicsr_zifencei"
# Suites whose tests upstream also builds in the v environment.
V_SUITES = ("rv64ui", "rv64um", "rv64ua", "rv64uf", "rv64ud", "rv64uc",
            "rv64uzba", "rv64uzbb", "rv64uzbc", "rv64uzbs")
# Per-test -cpu options: behaviour the ISA leaves to the implementation.
CPU_OPTIONS = {"ma_data": "rv64,misaligned=emulate"}


def find_cc():
    for cc in ("riscv64-unknown-elf-gcc", "riscv64-linux-gnu-gcc"):
        if shutil.which(cc):
            return cc
    return None


def find_sources(root):
    """(suite, name, path) of every isa/rv64*/NAME.S under root."""
    isa = os.path.join(root, "isa")
    found = []
    if not os.path.isdir(isa):
        return found
    for suite in sorted(os.listdir(isa)):
        sdir = os.path.join(isa, suite)
        if not suite.startswith("rv64") or not os.path.isdir(sdir):
            continue
        for name in sorted(os.listdir(sdir)):
            if name.endswith(".S"):
                found.append((suite, name[:-2], os.path.join(sdir, name)))
    return found


def libc_stub(out):
    """A directory with the string.h and stdio.h env/v/vm.c includes."""
    inc = os.path.join(out, "include")
    os.makedirs(inc, exist_ok=True)
    with open(os.path.join(inc, "string.h"), "w") as f:
        f.write("#include <stddef.h>\n"
                "void *memcpy(void *, const void *, size_t);\n"
                "void *memset(void *, int, size_t);\n"
                "int memcmp(const void *, const void *, size_t);\n")
    with open(os.path.join(inc, "stdio.h"), "w") as f:
        f.write("")
    return inc


def build_one(cc, root, out, suite, name, src, env):
    """Build one test as upstream's isa/Makefile does; (elf, error)."""
    elf = os.path.join(out, "%s-%s-%s" % (suite, env, name))
    envdir = os.path.join(root, "env", env)
    # Upstream seeds the v environment's page allocator from a pid; a hash
    # of the name keeps each build reproducible.
    entropy = "0x" + hashlib.md5(name.encode()).hexdigest()[:7]
    march = MARCH % ("c" if suite == "rv64uc" else "")
    cmd = [cc, "-march=" + march, "-mabi=lp64d", "-DENTROPY=" + entropy,
           "-static", "-mcmodel=medany", "-fvisibility=hidden", "-nostdlib",
           "-nostartfiles", "-Wl,--no-warn-rwx-segments",
           "-I" + envdir, "-I" + os.path.join(root, "isa", "macros",
                                               "scalar"),
           "-T" + os.path.join(envdir, "link.ld")]
    if env == "v":
        # Debian's bare-metal compiler has no C library: vm.c's stdint.h
        # comes from the freestanding compiler, string.h and stdio.h from
        # declarations of the three functions env/v/string.c defines.
        # -msmall-data-limit=0: vm.c's small globals (the free list head)
        # would land in .sbss, which link.ld places after the test's own
        # .bss; a test that touches the end of its .bss (amoor_d reads 64K
        # past its operand) then gets a user copy of that page, and the
        # eviction at exit sees it "modified" without a dirty bit.
        cmd += ["-std=gnu99", "-O2", "-ffreestanding",
                "-msmall-data-limit=0",
                "-I" + libc_stub(out), os.path.join(envdir, "entry.S")]
        cmd += sorted(os.path.join(envdir, f) for f in os.listdir(envdir)
                      if f.endswith(".c"))
    cmd += [src, "-o", elf]
    proc = subprocess.run(cmd, stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if proc.returncode != 0:
        return None, proc.stdout.decode(errors="replace")
    return elf, None


def find_built(root):
    """Every rv64 p or v environment ELF under root, by name."""
    found = {}
    for dirpath, _, files in os.walk(root):
        for name in files:
            if not name.startswith("rv64") or \
                    ("-p-" not in name and "-v-" not in name):
                continue
            if name.endswith((".dump", ".S", ".o", ".out", ".log")):
                continue
            path = os.path.join(dirpath, name)
            with open(path, "rb") as f:
                if f.read(4) == b"\x7fELF":
                    found.setdefault(name, path)
    return found


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


def test_cmd(emu, elf, backend=None):
    name = os.path.basename(elf)
    cmd = [emu, "-M", "spike", "-display", "none"]
    base = name.split("-", 2)[-1]
    if base in CPU_OPTIONS:
        cmd += ["-cpu", CPU_OPTIONS[base]]
    if backend:
        cmd += ["-accel", "tcg,backend=" + backend]
    return cmd + ["-bios", "none", "-kernel", elf]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("vireo")
    ap.add_argument("--backend", action="append",
                    choices=["native", "tci"])
    ap.add_argument("--env", action="append", choices=["p", "v"])
    ap.add_argument("--filter", action="append",
                    help="run only tests whose name contains this "
                    "(repeatable)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--qemu", help="also run each test under this QEMU "
                    "(reported as a comment, never failing)")
    args = ap.parse_args()
    backends = args.backend or ["native", "tci"]
    filters = args.filter or [""]

    def wanted(name):
        return any(f in name for f in filters)

    envs = args.env or ["p", "v"]

    root = os.environ.get("RISCV_TESTS_DIR")
    if not root:
        print("1..0 # SKIP " + SKIP_REASON)
        return 0

    tests = {}
    broken = {}
    tmp = None
    sources = [s for s in find_sources(root)
               if wanted("%s-%s" % (s[0], s[1]))]
    if sources:
        cc = find_cc()
        if not cc:
            print("1..0 # SKIP no riscv64 cross compiler")
            return 0
        out = os.environ.get("RISCV_TESTS_BUILD")
        if not out:
            out = tmp = tempfile.mkdtemp(prefix="riscv-tests-")
        os.makedirs(out, exist_ok=True)
        jobs = []
        with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
            for suite, name, src in sources:
                for env in envs:
                    if env == "v" and suite not in V_SUITES:
                        continue
                    key = "%s-%s-%s" % (suite, env, name)
                    jobs.append((key, pool.submit(build_one, cc, root, out,
                                                  suite, name, src, env)))
        for key, job in jobs:
            elf, err = job.result()
            if elf:
                tests[key] = elf
            else:
                broken[key] = err
    else:
        tests = {n: p for n, p in find_built(root).items()
                 if wanted(n) and n.split("-")[1] in envs}
    if not tests and not broken:
        print("1..0 # SKIP no rv64 tests under " + root)
        return 0

    names = sorted(set(tests) | set(broken))
    print("1..%d" % (len(names) * len(backends)))
    n = 0
    failed = 0
    for name in names:
        if name in broken:
            for backend in backends:
                n += 1
                failed += 1
                print("not ok %d - %s %s: does not build" %
                      (n, name, backend))
            for line in broken[name].splitlines()[:5]:
                print("# " + line)
            continue
        qnote = ""
        if args.qemu:
            q = run_one(test_cmd(args.qemu, tests[name]))
            qnote = " (qemu: %s)" % ("pass" if q == 0 else q)
        for backend in backends:
            n += 1
            rc = run_one(test_cmd(args.vireo, tests[name], backend))
            desc = "%s %s" % (name, backend)
            if rc == 0:
                print("ok %d - %s%s" % (n, desc, qnote))
            else:
                failed += 1
                why = rc if isinstance(rc, str) else \
                    "failed at test %d" % rc
                print("not ok %d - %s: %s%s" % (n, desc, why, qnote))
            sys.stdout.flush()
    print("# %d of %d failed" % (failed, n))
    if tmp:
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
