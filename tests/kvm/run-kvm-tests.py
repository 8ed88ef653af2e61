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
    ("bzImage 64-bit boot protocol entry", "bzimage.S", "bzimage",
     ["-append", "console=ttyS0 from-vireo"], PASS,
     ["console=ttyS0 from-vireo\n"], []),
    ("HLT woken by the PIT through the in-kernel irqchip", "timer.S",
     "bios", [], PASS, [], []),
    ("SMP: 4 vCPUs check in", "smp.S", "bios", ["-smp", "4"], PASS, [], []),
    ("ring-3 compute loop", "ring3.S", "pvh", [], PASS, [], []),
    ("RAM above 4 GiB (-m 5G): memory map and access", "highmem.S", "pvh",
     ["-m", "5G"], PASS, [], []),
    ("triple fault resets the machine", "triple.S", "pvh", [], PASS,
     ["boot 1\n", "boot 2\n"], []),
    ("triple fault under -no-reboot exits 0", "triple.S", "pvh",
     ["-no-reboot"], 0, ["boot 1\n"], ["boot 2"]),
    ("ACPI: RSDP from the start info, MADT with 1 CPU, poweroff", "acpi.S",
     "pvh", [], 0, ["acpi ok\n"], []),
    ("ACPI: MADT with 4 CPUs (-smp 4), poweroff", "acpi.S", "pvh",
     ["-smp", "4"], 0, ["acpi ok\n"], []),
]
DUMP_CASE = "bad exit: message and register dump"

# virtio-blk.S on a disk image the runner makes and checks afterwards:
# (name, arguments with {disk} substituted).
SECTOR0 = b"sector 0, put there by the test\n"
SECTOR1 = b"sector 1, written by the guest\n" + b"\x5a" * (512 - 31)
VIRTIO_CASES = [
    ("virtio-blk (-drive if=virtio): polled, then by interrupt "
     "(ioeventfd, irqfd)", ["-drive", "file={disk},format=raw,if=virtio"]),
    ("virtio-blk (-device virtio-blk-device,drive=)",
     ["-drive", "file={disk},format=raw,if=none,id=d0",
      "-device", "virtio-blk-device,drive=d0"]),
]

# Refused set-ups: (name, arguments after the common ones with {elf} (an
# ELF without a PVH note), {text} (13 bytes of text) and {rom} (4 KiB of
# zeros) substituted, text the one stderr line must contain).
# They need a working /dev/kvm, since the accelerator starts first.
ERRORS = [
    ("nothing to boot", [],
     "-machine microvm: nothing to boot: give -kernel (a bzImage or a PVH "
     "ELF) or -bios"),
    ("-kernel that is neither ELF nor bzImage", ["-kernel", "{text}"],
     "-kernel {text}: not a Linux bzImage (no \"HdrS\" setup header)"),
    ("-kernel ELF without a PVH note", ["-kernel", "{elf}"],
     "-kernel {elf}: ELF file has no PVH entry note"),
    ("-bios of a bad size", ["-bios", "{text}"],
     "-bios {text}: firmware image must be a non-empty multiple of 4 KiB"),
    ("-kernel and -bios", ["-kernel", "{elf}", "-bios", "{text}"],
     "-kernel and -bios: give one of them"),
    ("unknown -cpu", ["-cpu", "nosuch", "-bios", "{rom}"],
     "-cpu nosuch: unknown CPU model (try -cpu help)"),
    ("-smp above the board's limit", ["-smp", "17", "-bios", "{text}"],
     "17 CPUs requested, but machine 'microvm' supports at most 16"),
    ("-append too long", ["-kernel", "{elf}", "-append", "x" * 9000],
     "-append: command line longer than 8191 bytes"),
    ("kernel-irqchip=off", ["-accel", "kvm,kernel-irqchip=off"],
     "-accel kvm: kernel-irqchip=off: not supported yet (only on)"),
    ("debug-exit outside the I/O space",
     ["-bios", "{rom}", "-device", "isa-debug-exit,iobase=0xffff"],
     "iobase=0xffff,iosize=0x2 does not fit in the 64 KiB I/O space"),
]


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
    elif form == "bios":
        ld = ["ld", "-m", "elf_i386", "-T", os.path.join(srcdir, "bios.ld")]
    else:
        ld = ["ld", "-m", "elf_i386", "-Ttext=0", "--oformat", "binary"]
    subprocess.run(ld + ["-o", out, obj], check=True, capture_output=True)
    return out


def vireo_args(binary, form, image, extra):
    if "-m" not in extra:
        extra = ["-m", "64M"] + extra
    return ([binary, "-M", "microvm", "-enable-kvm",
             "-display", "none", "-serial", "stdio",
             "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
             "-bios" if form == "bios" else "-kernel", image] + extra)


def run_case(binary, srcdir, tmp, case):
    name, source, form, extra, status, want, unwanted = case
    defines = []
    if source == "ring3.S":
        defines = ["-DITERATIONS=%d" % ITERATIONS,
                   "-DEXPECTED=0x%x" % lcg(ITERATIONS)]
    elif source == "acpi.S":
        cpus = extra[extra.index("-smp") + 1] if "-smp" in extra else "1"
        defines = ["-DCPUS=" + cpus]
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


def run_virtio_case(binary, srcdir, tmp, case):
    name, extra = case
    disk = os.path.join(tmp, "virtio-blk.img")
    with open(disk, "wb") as f:
        f.write(SECTOR0 + bytes(64 * 1024 - len(SECTOR0)))
    image = build(srcdir, tmp, "virtio-blk.S", "pvh")
    proc = subprocess.run(vireo_args(binary, "pvh", image,
                                     [a.format(disk=disk) for a in extra]),
                          stdin=subprocess.DEVNULL, capture_output=True,
                          timeout=RUN_TIMEOUT)
    out = proc.stdout.decode(errors="replace")
    err = proc.stderr.decode(errors="replace")
    problems = []
    if proc.returncode != PASS:
        problems.append("exit status %d, expected %d" %
                        (proc.returncode, PASS))
    want = (SECTOR0 + SECTOR1[:31]).decode()
    if want not in out:
        problems.append("serial output lacks %r" % want)
    with open(disk, "rb") as f:
        data = f.read()
    if data[:len(SECTOR0)] != SECTOR0 or data[512:1024] != SECTOR1:
        problems.append("disk image: sector 0 %r, sector 1 %r" %
                        (data[:32], data[512:544]))
    if data[1024:] != bytes(len(data) - 1024):
        problems.append("disk image changed beyond sector 1")
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


def expect_refusal(binary, args, want, env=None):
    try:
        proc = subprocess.run([binary, "-M", "microvm", "-display", "none"]
                              + args, stdin=subprocess.DEVNULL,
                              capture_output=True, timeout=RUN_TIMEOUT,
                              env=env)
    except subprocess.TimeoutExpired:
        return ["still running after %d s: not refused" % RUN_TIMEOUT]
    err = proc.stderr.decode(errors="replace")
    lines = [l for l in err.splitlines() if "warning: KVM here" not in l]
    problems = []
    if proc.returncode != 1:
        problems.append("exit status %d, expected 1" % proc.returncode)
    if len(lines) != 1 or want not in lines[0]:
        problems.append("stderr %r lacks %r" % (lines, want))
    return problems


def device_errors(binary, tmp):
    """Opening the KVM device fails: exact messages, no KVM needed."""
    missing = os.path.join(tmp, "no-such-kvm")
    cases = [
        ("missing KVM device", missing,
         "vireo-system-x86_64: -accel kvm: cannot open %s: "
         "No such file or directory" % missing),
        ("KVM device that is not KVM", "/dev/null",
         "vireo-system-x86_64: -accel kvm: /dev/null: KVM API version -1, "
         "expected 12"),
    ]
    results = []
    for name, path, want in cases:
        env = dict(os.environ, VIREO_KVM_DEVICE=path)
        problems = expect_refusal(binary, ["-enable-kvm", "-bios", "x"],
                                  want, env)
        if not problems and want.split(": ", 1)[0] != \
                os.path.basename(binary):
            problems.append("program name")
        results.append((name, problems))
    return results


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    binary, srcdir = sys.argv[1], sys.argv[2]
    total = len(CASES) + len(VIRTIO_CASES) + 1 + len(ERRORS) + 2
    print("1..%d" % total)
    failed = 0
    n = 0
    with tempfile.TemporaryDirectory(prefix="vireo-kvm-") as tmp:
        for name, problems in device_errors(binary, tmp):
            n += 1
            failed += report(n, name, problems)
        reason = kvm_unusable() or toolchain_missing()
        if reason:
            for case in CASES + VIRTIO_CASES + [(DUMP_CASE,)] + ERRORS:
                n += 1
                print("ok %d - %s # SKIP %s" % (n, case[0], reason))
            return 1 if failed else 0
        text = os.path.join(tmp, "text")
        with open(text, "w") as f:
            f.write("not a kernel\n")
        elf = os.path.join(tmp, "no-note.elf")
        obj = os.path.join(tmp, "no-note.o")
        subprocess.run(["gcc", "-m32", "-c", "-x", "assembler", "-",
                        "-o", obj], input=b".text\nnop\n", check=True)
        subprocess.run(["ld", "-m", "elf_i386", "-Ttext=0x100000",
                        "-e", "0x100000", "-o", elf, obj], check=True)
        rom = os.path.join(tmp, "zeros.rom")
        with open(rom, "wb") as f:
            f.write(bytes(4096))
        for name, args, want in ERRORS:
            n += 1
            subst = {"elf": elf, "text": text, "rom": rom}
            args = [a.format(**subst) for a in args]
            if "-accel" not in args:
                args = ["-enable-kvm"] + args
            failed += report(n, "refused: " + name, expect_refusal(
                binary, args, want.format(**subst)))
        for case in CASES + VIRTIO_CASES + [(DUMP_CASE,)]:
            n += 1
            name = case[0]
            try:
                if case in VIRTIO_CASES:
                    problems, out, err = run_virtio_case(binary, srcdir,
                                                         tmp, case)
                elif name == DUMP_CASE:
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
            failed += report(n, name, problems, out, err)
    return 1 if failed else 0


def report(n, name, problems, out="", err=""):
    """Print one TAP line (and why it failed); 1 if it failed."""
    if not problems:
        print("ok %d - %s" % (n, name))
        sys.stdout.flush()
        return 0
    print("not ok %d - %s" % (n, name))
    for p in problems:
        print("# " + p)
    for label, text in (("serial", out), ("stderr", err)):
        for line in text.splitlines()[-20:]:
            print("# %s: %s" % (label, line))
    sys.stdout.flush()
    return 1


if __name__ == "__main__":
    sys.exit(main())
