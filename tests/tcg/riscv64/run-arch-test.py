#!/usr/bin/env python3
"""Run the public riscv-arch-test suite (kept outside this tree) on
vireo-system-riscv64 -M spike under both TCG backends and report TAP.

RISCV_ARCH_TEST_DIR names a riscv-arch-test checkout, or several
separated by ':' (trees fetched at different commits, each with its own
env/). Every riscv-test-suite/rv64i_m/EXT/src/TEST.S that has a
references/TEST.reference_output is built with the riscv64 cross
compiler against its tree's env/ (arch_test.h or compliance_test.h) and
this directory's arch-test/ target glue (model_test.h, link.ld), run
with -M spike,signature=FILE, and passes when the signature equals the
reference word for word. -march comes from the test's own
RVTEST_ISA("RV64...") when it has one (an RV64I test must not be
assembled with C: trap handlers and references count 4-byte
instructions), else from the directory. A test that does not build (a
macro or an extension the toolchain lacks) is reported as a TAP skip
with the compiler's first error, never as a pass. Without
RISCV_ARCH_TEST_DIR the whole run is one TAP skip.

Usage: run-arch-test.py VIREO [--backend native|tci]... [--ext I]...
                        [--filter SUB]... [--jobs N]
SPDX-License-Identifier: GPL-2.0-or-later
"""

import argparse
import concurrent.futures
import os
import re
import shutil
import subprocess
import sys
import tempfile

SKIP_REASON = ("RISCV_ARCH_TEST_DIR not set (riscv-arch-test is not "
               "packaged in Debian)")
TIMEOUT = 60
GLUE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "arch-test")
# -march per suite directory; the tests use only these extensions.
MARCH = {
    "I": "rv64i_zicsr", "M": "rv64im_zicsr", "A": "rv64ia_zicsr",
    "F": "rv64if_zicsr", "D": "rv64ifd_zicsr", "C": "rv64ic_zicsr",
    "B": "rv64i_zba_zbb_zbc_zbs_zicsr",
    "Zicsr": "rv64i_zicsr", "Zifencei": "rv64i_zicsr_zifencei",
    "privilege": "rv64ic_zicsr",
}
DEFAULT_MARCH = "rv64gc_zba_zbb_zbc_zbs_zicsr_zifencei"
ISA_RE = re.compile(r'^\s*RVTEST_ISA\("RV64([A-Z]+)((?:_Z[a-z]+)*)"\)', re.M)


def test_march(src, ext):
    """-march for one test: its RVTEST_ISA string, else by directory."""
    with open(src, errors="replace") as f:
        m = ISA_RE.search(f.read())
    if not m:
        return MARCH.get(ext, DEFAULT_MARCH)
    subsets = [z.lower() for z in m.group(2).split("_") if z]
    for z in ("zicsr",):
        if z not in subsets:
            subsets.append(z)
    return "_".join(["rv64" + m.group(1).lower()] + subsets)


def find_cc():
    for cc in ("riscv64-unknown-elf-gcc", "riscv64-linux-gnu-gcc"):
        if shutil.which(cc):
            return cc
    return None


def find_tests(root, exts, wanted):
    """(root, ext, name, source, reference) for every test with a
    reference."""
    base = os.path.join(root, "riscv-test-suite", "rv64i_m")
    found = []
    if not os.path.isdir(base):
        return found
    for ext in sorted(os.listdir(base)):
        if exts and ext not in exts:
            continue
        src = os.path.join(base, ext, "src")
        ref = os.path.join(base, ext, "references")
        if not os.path.isdir(src):
            continue
        for f in sorted(os.listdir(src)):
            name = f[:-2]
            r = os.path.join(ref, name + ".reference_output")
            if f.endswith(".S") and os.path.exists(r) and \
                    wanted("%s-%s" % (ext, name)):
                found.append((root, ext, name, os.path.join(src, f), r))
    return found


def build(cc, root, out, ext, name, src):
    """(elf, None) or (None, first compiler error)."""
    elf = os.path.join(out, "%s-%s-%s.elf" % (os.path.basename(root), ext,
                                             name))
    env = os.path.join(root, "riscv-test-suite", "env")
    march = test_march(src, ext)
    flen = "64" if "d" in march.split("_")[0][4:] else "32"
    cmd = [cc, "-march=" + march, "-mabi=lp64", "-static",
           "-mcmodel=medany", "-fvisibility=hidden", "-nostdlib",
           "-nostartfiles", "-Wl,--no-warn-rwx-segments",
           "-DXLEN=64", "-DFLEN=" + flen,
           "-I" + GLUE, "-I" + env, "-T" + os.path.join(GLUE, "link.ld"),
           src, "-o", elf]
    proc = subprocess.run(cmd, stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if proc.returncode != 0:
        text = proc.stdout.decode(errors="replace").splitlines()
        errs = [ln for ln in text if "error" in ln.lower()] or text or ["?"]
        return None, errs[0].strip()
    return elf, None


def compare(sig_path, ref_path):
    """None if the signature matches the reference, else why not."""
    try:
        with open(sig_path) as f:
            got = [ln.strip().lower() for ln in f if ln.strip()]
    except OSError:
        return "no signature written"
    with open(ref_path) as f:
        want = [ln.strip().lower() for ln in f if ln.strip()]
    if len(got) < len(want):
        return "signature has %d words, reference %d" % (len(got),
                                                         len(want))
    for i, (g, w) in enumerate(zip(got, want)):
        if g != w:
            return "word %d (offset 0x%x): %s, reference %s" % (
                i, i * 4, g, w)
    return None


def run_one(vireo, elf, backend, sig):
    cmd = [vireo, "-M", "spike,signature=" + sig, "-display", "none",
           "-accel", "tcg,backend=" + backend, "-bios", "none",
           "-kernel", elf]
    try:
        proc = subprocess.run(cmd, stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return "timeout after %ds" % TIMEOUT
    if proc.returncode != 0:
        return "exit status %d" % proc.returncode
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("vireo")
    ap.add_argument("--backend", action="append", choices=["native", "tci"])
    ap.add_argument("--ext", action="append",
                    help="only this rv64i_m/ directory (repeatable)")
    ap.add_argument("--filter", action="append")
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    backends = args.backend or ["native", "tci"]
    filters = args.filter or [""]

    roots = [r for r in os.environ.get("RISCV_ARCH_TEST_DIR",
                                       "").split(":") if r]
    if not roots:
        print("1..0 # SKIP " + SKIP_REASON)
        return 0
    cc = find_cc()
    if not cc:
        print("1..0 # SKIP no riscv64 cross compiler")
        return 0
    tests = []
    for root in roots:
        tests += find_tests(root, args.ext,
                            lambda n: any(f in n for f in filters))
    if not tests:
        print("1..0 # SKIP no rv64i_m tests with references under " +
              " ".join(roots))
        return 0

    out = tempfile.mkdtemp(prefix="arch-test-")
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        builds = [pool.submit(build, cc, r, out, e, n, s)
                  for r, e, n, s, _ in tests]
    print("1..%d" % (len(tests) * len(backends)))
    n = failed = 0
    for (root, ext, name, _, ref), job in zip(tests, builds):
        elf, err = job.result()
        tree = os.path.basename(root) + ":" if len(roots) > 1 else ""
        for backend in backends:
            n += 1
            desc = "%s%s/%s %s" % (tree, ext, name, backend)
            if not elf:
                print("ok %d - %s # SKIP does not build: %s" % (n, desc, err))
                continue
            sig = elf[:-4] + "-%s.sig" % backend
            why = run_one(args.vireo, elf, backend, sig) or \
                compare(sig, ref)
            if why:
                failed += 1
                print("not ok %d - %s: %s" % (n, desc, why))
            else:
                print("ok %d - %s" % (n, desc))
            sys.stdout.flush()
    print("# %d of %d failed" % (failed, n))
    shutil.rmtree(out, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
