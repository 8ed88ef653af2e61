#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Run the real vireo-riscv64 with malformed command lines and bad
program files, and report TAP.

A bad command line or file must end with exit status 1 (not a signal),
nothing on stdout and exactly one line on stderr starting with
"vireo-riscv64: " that names the problem. Informational options exit 0
with their text on stdout. Riscv64 programs for the ELF cases are built
with riscv64-linux-gnu-gcc when it is installed (those cases SKIP
otherwise).

Usage: test-user-cli.py PATH-TO-vireo-riscv64
"""
import os
import shutil
import subprocess
import sys
import tempfile

CC = "riscv64-linux-gnu-gcc"


def run(binary, args, cwd):
    return subprocess.run([binary] + args, cwd=cwd, capture_output=True,
                          text=True, timeout=60, stdin=subprocess.DEVNULL)


def check_error(binary, args, want, cwd):
    """The one-line error contract; returns a failure reason or None."""
    p = run(binary, args, cwd)
    lines = p.stderr.splitlines()
    if p.returncode != 1:
        return "exit status %d (want 1): %r" % (p.returncode, p.stderr)
    if p.stdout:
        return "stdout not empty: %r" % p.stdout
    if len(lines) != 1 or not lines[0].startswith("vireo-riscv64: "):
        return "want one 'vireo-riscv64: ' line, got %r" % p.stderr
    if want not in lines[0]:
        return "%r not in %r" % (want, lines[0])
    return None


def make_files(d):
    """Bad files, and riscv64 programs when the cross compiler exists."""
    with open(os.path.join(d, "text"), "w") as f:
        f.write("not an ELF file\n")
    with open(os.path.join(d, "magic"), "wb") as f:
        f.write(b"\x7fELF")
    open(os.path.join(d, "empty"), "w").close()
    os.mkdir(os.path.join(d, "dir"))
    if not shutil.which(CC):
        return False
    src = os.path.join(d, "p.c")
    with open(src, "w") as f:
        f.write("int main(void) { return 7; }\n")
    for name, extra in (("static", ["-static"]), ("dynamic", [])):
        subprocess.run([CC, "-O1", "-o", os.path.join(d, name), src] + extra,
                       check=True)
    with open(os.path.join(d, "static"), "rb") as f:
        data = f.read()
    with open(os.path.join(d, "truncated"), "wb") as f:
        f.write(data[:300])
    # e_machine (offset 18) changed to x86-64's 62
    with open(os.path.join(d, "wrongmachine"), "wb") as f:
        f.write(data[:18] + bytes([62, 0]) + data[20:])
    # e_phnum (offset 56) made huge: the table runs past the file
    with open(os.path.join(d, "badphnum"), "wb") as f:
        f.write(data[:56] + bytes([0xff, 0x7f]) + data[58:])
    # the quad-float ABI (e_flags 0x6 at offset 48)
    with open(os.path.join(d, "quadabi"), "wb") as f:
        f.write(data[:48] + bytes([6, 0, 0, 0]) + data[52:])
    return True


def main():
    binary = os.path.abspath(sys.argv[1])
    d = tempfile.mkdtemp(prefix="vireo-user-cli-")
    have_cc = make_files(d)
    cases = [
        ([], "no program given", False),
        (["-foo", "x"], "unknown option '-foo'", False),
        (["-L"], "option '-L' needs an argument", False),
        (["-E", "NOEQUALS", "x"], "-E 'NOEQUALS': expected NAME=VALUE",
         False),
        (["-d", "bogus", "x"], "-d: unknown log item 'bogus'", False),
        (["-accel", "kvm", "x"], "-accel 'kvm': user mode runs tcg", False),
        (["-accel", "tcg,tb-size=0", "x"],
         "-accel 'tcg,tb-size=0': unknown or bad option 'tb-size=0'", False),
        (["-accel", "tcg,tb-size=12x", "x"], "bad option 'tb-size=12x'",
         False),
        (["-accel", "tcg,backend=kvm", "x"], "bad option 'backend=kvm'",
         False),
        (["-g", "99999", "static"], "-g 99999: not a TCP port number", True),
        (["nonexistent"], "'nonexistent': No such file or directory", False),
        (["dir"], "'dir': not a regular file", False),
        (["text"], "'text': not an ELF file", False),
        (["empty"], "'empty': not an ELF file", False),
        (["magic"], "'magic': truncated ELF header", False),
        (["-cpu", "rv99", "static"], "-cpu: unknown CPU model 'rv99'", True),
        (["truncated"], "'truncated': ELF program header", True),
        (["wrongmachine"], "'wrongmachine': ELF machine 62, expected 243",
         True),
        (["badphnum"], "'badphnum': ", True),
        (["quadabi"], "quad-precision float ABI", True),
        (["-L", "/nonexistent-sysroot", "dynamic"],
         "interpreter of 'dynamic': '/lib/ld-linux-riscv64-lp64d.so.1'",
         True),
    ]
    total = len(cases) + 5
    print("1..%d" % total)
    n = 0
    for args, want, needs_cc in cases:
        n += 1
        name = "error: %s" % " ".join(args)
        if needs_cc and not have_cc:
            print("ok %d - %s # SKIP %s not installed" % (n, name, CC))
            continue
        why = check_error(binary, args, want, d)
        print(("ok %d - %s" if not why else "not ok %d - %s: " + why)
              % (n, name))

    for opt, want in ((["-version"], "vireo-riscv64 version"),
                      (["-help"], "usage: vireo-riscv64"),
                      (["-cpu", "help"], "rv64")):
        n += 1
        p = run(binary, opt, d)
        ok = p.returncode == 0 and want in p.stdout and not p.stderr
        print("%s %d - %s" % ("ok" if ok else "not ok", n, " ".join(opt)))

    n += 1
    if not have_cc:
        print("ok %d - static program exit status # SKIP %s not installed"
              % (n, CC))
    else:
        p = run(binary, ["static"], d)
        print("%s %d - static program exit status 7 (got %d)" %
              ("ok" if p.returncode == 7 else "not ok", n, p.returncode))
    n += 1
    if not have_cc:
        print("ok %d - -accel tcg,backend=tci,tb-size=8 # SKIP %s not "
              "installed" % (n, CC))
    else:
        p = run(binary, ["-accel", "tcg,backend=tci,tb-size=8", "static"], d)
        print("%s %d - -accel tcg,backend=tci,tb-size=8 runs (got %d)" %
              ("ok" if p.returncode == 7 else "not ok", n, p.returncode))
    shutil.rmtree(d)


if __name__ == "__main__":
    main()
