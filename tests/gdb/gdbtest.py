# Shared by the gdb tests: building the riscv64 guest (prog.c) with the
# cross compiler, and starting vireo with -gdb on a unix socket in a
# temporary directory (no port to collide on). TAP output and socket
# helpers come from tests/lib/vireotest.py.
# SPDX-License-Identifier: GPL-2.0-or-later
import os
import shutil
import subprocess
import sys

SRC = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(SRC, "..", "lib"))
import vireotest  # noqa: E402
from vireotest import Tap, free_port, port_free  # noqa: E402,F401
LINK = os.path.join(SRC, "..", "tcg", "riscv64", "link.ld")


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
    vireotest.wait_for_path(sock, p)
    return p


def connect(sock):
    return vireotest.connect(sock, timeout=20)


def packet(data):
    """data (bytes) framed as a remote-protocol packet."""
    return b"$%s#%02x" % (data, sum(data) & 0xff)


def read_packet(s):
    """One $...#xx packet's payload, acked; acks before it skipped; None
    when the stub closed the connection."""
    buf = b""
    while True:
        c = s.recv(1)
        if not c:
            return None
        if not buf and c != b"$":
            continue
        buf += c
        if len(buf) >= 3 and buf[-3:-2] == b"#":
            try:
                s.sendall(b"+")
            except OSError:     # after vKill the stub may be gone
                pass
            return buf[1:-3]


def finish(p, timeout=30):
    """(exit status or None if it had to be killed, output) of p."""
    try:
        out, _ = p.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        p.kill()
        out, _ = p.communicate()
        return None, out
    return p.returncode, out


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
