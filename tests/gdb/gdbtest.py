# Shared by the gdb tests: TAP output, building the riscv64 guest
# (prog.c) with the cross compiler, and starting vireo with -gdb on a
# unix socket in a temporary directory (no port to collide on).
# SPDX-License-Identifier: GPL-2.0-or-later
import os
import shutil
import socket
import subprocess
import sys
import time

SRC = os.path.dirname(os.path.abspath(__file__))
LINK = os.path.join(SRC, "..", "tcg", "riscv64", "link.ld")


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def ok(self, cond, name, detail=""):
        self.n += 1
        print(("ok" if cond else "not ok") + " %d - %s" % (self.n, name))
        if not cond:
            self.failed += 1
            for line in str(detail).splitlines()[-40:]:
                print("# " + line)
        sys.stdout.flush()
        return cond

    def skip_all(self, reason):
        print("1..0 # SKIP " + reason)
        sys.exit(0)

    def done(self):
        print("1..%d" % self.n)
        sys.exit(1 if self.failed else 0)


def cross_compiler():
    return shutil.which("riscv64-unknown-elf-gcc")


def build_guest(tmp):
    """prog.c + start.S -> ELF with symbols; None without a compiler."""
    cc = cross_compiler()
    if not cc:
        return None
    elf = os.path.join(tmp, "prog.elf")
    subprocess.run([cc, "-g", "-O1", "-ffreestanding", "-nostdlib",
                    "-nostartfiles", "-static", "-march=rv64gc",
                    "-mabi=lp64d", "-mcmodel=medany",
                    "-Wl,--no-warn-rwx-segments", "-T", LINK,
                    os.path.join(SRC, "start.S"),
                    os.path.join(SRC, "prog.c"), "-o", elf], check=True)
    return elf


def start_vireo(vireo, elf, sock, extra=()):
    args = [vireo, "-M", "spike", "-display", "none", "-bios", elf,
            "-gdb", "unix:" + sock + ",server"] + list(extra)
    p = subprocess.Popen(args, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, text=True)
    for _ in range(500):
        if os.path.exists(sock) or p.poll() is not None:
            break
        time.sleep(0.02)
    return p


def connect(sock):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(sock)
    s.settimeout(20)
    return s


def symbols(elf):
    """name -> address, from the cross toolchain's nm."""
    nm = cross_compiler()[:-len("gcc")] + "nm"
    out = subprocess.run([nm, elf], capture_output=True, text=True,
                         check=True).stdout
    syms = {}
    for line in out.splitlines():
        f = line.split()
        if len(f) == 3:
            syms[f[2]] = int(f[0], 16)
    return syms
