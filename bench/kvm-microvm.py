#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Vireo vs QEMU on -M microvm -enable-kvm, side by side in one run.

On the same test guests (tests/kvm/*.S, built here with gcc and ld):
  - time from process start to the guest's first serial byte, and to exit
    (hello.S, PVH boot);
  - port-I/O exit round trip: ring-3 loop of N writes to port 0x80
    (ring3.S -DPIO_EXITS), minus the same guest with N = 1, divided by N;
  - the VMM's peak RSS on hello.S (the guest touches a few pages only);
  - ring-3 compute loop wall time (ring3.S), vs the same loop native.
Prints a table and the Vireo/QEMU ratios. Medians of RUNS runs.

Usage: kvm-microvm.py PATH-TO-vireo-system-x86_64 [RUNS]
"""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
GUESTS = os.path.join(HERE, "..", "tests", "kvm")
PIO_N = 20000
LOOP_N = 200000000
QEMU = "qemu-system-x86_64"
GNU_TIME = "/usr/bin/time"


def build(tmp, source, out, defines=()):
    obj = os.path.join(tmp, out + ".o")
    elf = os.path.join(tmp, out + ".elf")
    subprocess.run(["gcc", "-m32", "-c", "-I", GUESTS] + list(defines) +
                   [os.path.join(GUESTS, source), "-o", obj], check=True)
    subprocess.run(["ld", "-m", "elf_i386", "-T",
                    os.path.join(GUESTS, "pvh.ld"), "-o", elf, obj],
                   check=True)
    return elf


def command(vmm, kernel):
    common = ["-M", "microvm", "-enable-kvm", "-m", "64M", "-display",
              "none", "-serial", "stdio", "-device",
              "isa-debug-exit,iobase=0xf4,iosize=0x04", "-kernel", kernel]
    if vmm == "qemu":
        return [QEMU, "-cpu", "host,-arch-capabilities", "-nodefaults",
                "-no-user-config"] + common
    return [vmm] + common


def run(cmd):
    """(seconds to first stdout byte, seconds to exit, peak RSS KiB).

    The peak RSS comes from GNU time (-f %M), whose child is forked from
    time itself: a child forked from this Python process would count
    Python's own pages (ru_maxrss keeps the pre-exec peak), about 14 MiB.
    """
    rss_file = tempfile.NamedTemporaryFile(prefix="vireo-rss-")
    start = time.monotonic()
    proc = subprocess.Popen([GNU_TIME, "-q", "-f", "%M", "-o", rss_file.name,
                             "timeout", "120"] + cmd,
                            stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL)
    first = None
    if os.read(proc.stdout.fileno(), 1):
        first = time.monotonic() - start
    proc.stdout.read()
    proc.wait()
    end = time.monotonic() - start
    if proc.returncode != 33:
        sys.exit("%s: exit status %d" % (" ".join(cmd), proc.returncode))
    with open(rss_file.name) as f:
        rss = int(f.read().split()[-1])
    rss_file.close()
    return first, end, rss


def median_runs(cmd, runs):
    """Medians of each measurement (None if it never happened)."""
    results = [run(cmd) for _ in range(runs)]
    medians = []
    for i in range(3):
        seen = [r[i] for r in results if r[i] is not None]
        medians.append(statistics.median(seen) if seen else None)
    return medians


def native_loop_seconds(tmp):
    src = os.path.join(tmp, "loop.c")
    with open(src, "w") as f:
        f.write("int main(void){volatile unsigned x=1;"
                "for(unsigned i=0;i<%du;i++)x=x*1103515245u+12345u;"
                "return 0;}\n" % LOOP_N)
    exe = os.path.join(tmp, "loop")
    subprocess.run(["gcc", "-O1", "-o", exe, src], check=True)
    start = time.monotonic()
    subprocess.run([exe], check=True)
    return time.monotonic() - start


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    vireo = sys.argv[1]
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    if not os.access(GNU_TIME, os.X_OK):
        sys.exit("no %s: install the time package" % GNU_TIME)
    if not shutil.which(QEMU):
        sys.exit("no %s: install qemu-system-x86" % QEMU)
    with tempfile.TemporaryDirectory(prefix="vireo-bench-") as tmp:
        hello = build(tmp, "hello.S", "hello")
        pio1 = build(tmp, "ring3.S", "pio1",
                     ["-DPIO_EXITS", "-DITERATIONS=1", "-DEXPECTED=1"])
        pion = build(tmp, "ring3.S", "pion",
                     ["-DPIO_EXITS", "-DITERATIONS=%d" % PIO_N,
                      "-DEXPECTED=1"])
        loop = build(tmp, "ring3.S", "loop",
                     ["-DITERATIONS=%d" % LOOP_N,
                      "-DEXPECTED=0x%x" % lcg_fast(LOOP_N)])
        rows = {}
        for name, vmm in (("vireo", vireo), ("qemu", "qemu")):
            first, end, rss = median_runs(command(vmm, hello), runs)
            base = median_runs(command(vmm, pio1), runs)[1]
            many = median_runs(command(vmm, pion), runs)[1]
            loop_s = median_runs(command(vmm, loop), runs)[1] - base
            rows[name] = {
                "first serial byte (ms)": first * 1e3,
                "exit (ms)": end * 1e3,
                "port-I/O round trip (us)": (many - base) / PIO_N * 1e6,
                "peak RSS (MiB)": rss / 1024,
                "ring-3 loop (s)": loop_s,
            }
        native = native_loop_seconds(tmp)
    print("%-28s %12s %12s %8s" % ("", "vireo", "qemu", "ratio"))
    for key in rows["vireo"]:
        v, q = rows["vireo"][key], rows["qemu"][key]
        print("%-28s %12.3f %12.3f %8.2f" % (key, v, q, v / q if q else 0))
    print("%-28s %12.3f" % ("ring-3 loop native (s)", native))
    return 0


def lcg_fast(n):
    """The loop's result without n Python iterations: x -> a*x + c
    composed with itself by squaring."""
    a, c = 1103515245, 12345
    mod = 1 << 32
    ra, rc = 1, 0           # the identity map
    while n:
        if n & 1:
            ra, rc = (ra * a) % mod, (rc * a + c) % mod
        a, c = (a * a) % mod, (c * a + c) % mod
        n >>= 1
    return (ra * 1 + rc) % mod


if __name__ == "__main__":
    sys.exit(main())
