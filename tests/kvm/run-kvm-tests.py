#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Build the KVM test guests with the host's gcc and ld, run each under
vireo-system-x86_64 -M microvm -enable-kvm, and report TAP.

Each guest ends through isa-debug-exit (status (code << 1) | 1) or, for
the triple fault under -no-reboot, with status 0; the runner also checks
what it printed on the serial port. Without a usable /dev/kvm, or
without a compiler able to build 32-bit x86 code, every case is reported
as skipped with the reason.

Usage: run-kvm-tests.py PATH-TO-vireo-system-x86_64 TESTS-KVM-SOURCE-DIR
"""
import os
import shutil
import signal
import subprocess
import sys
import tempfile

PASS = (0x10 << 1) | 1
RUN_TIMEOUT = 120
ITERATIONS = 20000000


def lcg(n):
    x = 1
    for _ in range(n):
        x = (x * 1103515245 + 12345) & 0xffffffff
    return x


# name, source, form (pvh or bios), extra Vireo arguments, expected exit
# status, text the serial output must contain, text it must not contain.
CASES = [
    ("serial hello (PVH)", "hello.S", "pvh", [], PASS, ["hello\n"], []),
    ("port I/O round trips", "pio.S", "pvh", [], PASS, ["pio ok\n"], []),
    ("-bios ROM at the reset vector", "bios.S", "bios", [], PASS,
     ["bios\n"], []),
    ("HLT woken by the PIT through the in-kernel irqchip", "timer.S",
     "bios", [], PASS, [], []),
    ("SMP: 4 vCPUs check in", "smp.S", "bios", ["-smp", "4"], PASS, [], []),
    ("ring-3 compute loop", "ring3.S", "pvh", [], PASS, [], []),
    ("triple fault resets the machine", "triple.S", "pvh", [], PASS,
     ["boot 1\n", "boot 2\n"], []),
    ("triple fault under -no-reboot exits 0", "triple.S", "pvh",
     ["-no-reboot"], 0, ["boot 1\n"], ["boot 2"]),
]
DUMP_CASE = "bad exit: message and register dump"


def kvm_unusable():
    """The reason KVM cannot run guests here, or None."""
    path = os.environ.get("VIREO_KVM_DEVICE", "/dev/kvm")
    if not os.path.exists(path):
        return "no %s" % path
    try:
        os.close(os.open(path, os.O_RDWR))
    except OSError as e:
        return "cannot open %s: %s" % (path, e.strerror)
    return None


def toolchain_missing():
    for tool in ("gcc", "ld"):
        if not shutil.which(tool):
            return "no %s to build the test guests" % tool
    return None


def build(srcdir, tmp, source, form, defines=()):
    obj = os.path.join(tmp, source + ".o")
    out = os.path.join(tmp, source + (".elf" if form == "pvh" else ".rom"))
    subprocess.run(["gcc", "-m32", "-c", "-I", srcdir] + list(defines) +
                   [os.path.join(srcdir, source), "-o", obj],
                   check=True, capture_output=True)
    if form == "pvh":
        ld = ["ld", "-m", "elf_i386", "-T", os.path.join(srcdir, "pvh.ld")]
    else:
        ld = ["ld", "-m", "elf_i386", "-T", os.path.join(srcdir, "bios.ld")]
    subprocess.run(ld + ["-o", out, obj], check=True, capture_output=True)
    return out


def vireo_args(binary, form, image, extra):
    return ([binary, "-M", "microvm", "-enable-kvm", "-m", "64M",
             "-display", "none", "-serial", "stdio",
             "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
             "-kernel" if form == "pvh" else "-bios", image] + extra)


def run_case(binary, srcdir, tmp, case):
    name, source, form, extra, status, want, unwanted = case
    defines = []
    if source == "ring3.S":
        defines = ["-DITERATIONS=%d" % ITERATIONS,
                   "-DEXPECTED=0x%x" % lcg(ITERATIONS)]
    image = build(srcdir, tmp, source, form, defines)
    proc = subprocess.run(vireo_args(binary, form, image, extra),
                          stdin=subprocess.DEVNULL, capture_output=True,
                          timeout=RUN_TIMEOUT)
    out = proc.stdout.decode(errors="replace")
    err = proc.stderr.decode(errors="replace")
    problems = []
    if proc.returncode != status:
        problems.append("exit status %d, expected %d" %
                        (proc.returncode, status))
    for text in want:
        if text not in out:
            problems.append("serial output lacks %r" % text)
    for text in unwanted:
        if text in out:
            problems.append("serial output has %r" % text)
    return problems, out, err


def run_dump_case(binary, srcdir, tmp):
    """The guest makes KVM fail: Vireo must explain, dump, and stay
    stopped (not exit, not spin) until told to end."""
    image = build(srcdir, tmp, "badexit.S", "pvh")
    proc = subprocess.Popen(vireo_args(binary, "pvh", image, []),
                            stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    lines = []
    try:
        for raw in proc.stderr:
            line = raw.decode(errors="replace")
            lines.append(line)
            if "internal-error" in line:
                break
    finally:
        still_running = proc.poll() is None
        proc.send_signal(signal.SIGTERM)
        rest = proc.communicate(timeout=RUN_TIMEOUT)[1]
    err = "".join(lines) + rest.decode(errors="replace")
    problems = []
    for text in ("CPU 0: ", "CPU#0 registers:", "RAX=00000000600dcafe",
                 "RIP=", "CR0=", "state internal-error"):
        if text not in err:
            problems.append("stderr lacks %r" % text)
    if not still_running:
        problems.append("Vireo exited by itself (status %s)" %
                        proc.returncode)
    return problems, "", err


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    binary, srcdir = sys.argv[1], sys.argv[2]
    total = len(CASES) + 1
    print("1..%d" % total)
    reason = kvm_unusable() or toolchain_missing()
    if reason:
        for i, case in enumerate(CASES + [(DUMP_CASE,)], 1):
            print("ok %d - %s # SKIP %s" % (i, case[0], reason))
        return 0
    failed = 0
    with tempfile.TemporaryDirectory(prefix="vireo-kvm-") as tmp:
        for i, case in enumerate(CASES + [(DUMP_CASE,)], 1):
            name = case[0]
            try:
                if name == DUMP_CASE:
                    problems, out, err = run_dump_case(binary, srcdir, tmp)
                else:
                    problems, out, err = run_case(binary, srcdir, tmp, case)
            except subprocess.CalledProcessError as e:
                problems = ["building the guest failed: %s" %
                            e.stderr.decode(errors="replace").strip()]
                out = err = ""
            except subprocess.TimeoutExpired:
                problems = ["no result within %d s" % RUN_TIMEOUT]
                out = err = ""
            if problems:
                failed += 1
                print("not ok %d - %s" % (i, name))
                for p in problems:
                    print("# " + p)
                for label, text in (("serial", out), ("stderr", err)):
                    for line in text.splitlines()[-20:]:
                        print("# %s: %s" % (label, line))
            else:
                print("ok %d - %s" % (i, name))
            sys.stdout.flush()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
