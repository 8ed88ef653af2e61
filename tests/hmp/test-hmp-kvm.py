#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The human monitor on vireo-system-x86_64 -M microvm under KVM.

tests/hmp/paging.S (a PVH guest) is stopped at its entry (-S): info tlb
says paging is off, info registers shows the PVH entry state, x /i
disassembles 32-bit code. Then it runs into long mode with 4-level
paging and spins; stopped again, info registers shows the live KVM state
(CR0.PG, CR3, EFER.LMA, RIP at spin), info tlb lists the guest's three
mappings with their rights, x reads through a high virtual address what
xp reads at its physical page, x /i disassembles 64-bit code, and an
unmapped address is one line of error. The Ctrl-a c mux and the
commands common to every target are tested on riscv64
(tests/functional/test-hmp.py).

Usage: test-hmp-kvm.py VIREO-X86_64
Output is TAP; SKIP without a usable /dev/kvm or gcc -m32 and ld.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
import vireotest  # noqa: E402

TIMEOUT = 30
PROMPT = b"(vireo) "
SRC = os.path.dirname(os.path.abspath(__file__))
KVM_SRC = os.path.join(SRC, "..", "kvm")
TAP = vireotest.Tap()


def report(name, ok, detail=""):
    TAP.ok(ok, name, detail)


skip_all = vireotest.Tap.skip_all


class Monitor:
    def __init__(self, path):
        self.sock = vireotest.connect(path, timeout=TIMEOUT)
        self.buf = b""
        self.until_prompt()

    def until_prompt(self):
        while PROMPT not in self.buf:
            data = self.sock.recv(65536)
            if not data:
                raise EOFError("monitor closed: %r" % self.buf)
            self.buf += data
        out, self.buf = self.buf.split(PROMPT, 1)
        return out.decode(errors="replace").replace("\r\n", "\n")

    def cmd(self, line):
        self.sock.sendall(line.encode() + b"\r")
        out = self.until_prompt()
        first, _, rest = out.partition("\n")
        assert first == line, "echo %r != %r" % (first, line)
        return rest


def build(tmp):
    obj = os.path.join(tmp, "paging.o")
    elf = os.path.join(tmp, "paging.elf")
    r = subprocess.run(["gcc", "-m32", "-c", "-I", KVM_SRC,
                        os.path.join(SRC, "paging.S"), "-o", obj],
                       capture_output=True, text=True)
    if r.returncode:
        skip_all("gcc -m32 cannot build the guest: " +
                 r.stderr.strip()[-200:])
    subprocess.run(["ld", "-m", "elf_i386", "-T",
                    os.path.join(KVM_SRC, "pvh.ld"), "-o", elf, obj],
                   check=True)
    syms = {}
    out = subprocess.run(["nm", elf], capture_output=True, text=True,
                         check=True).stdout
    for line in out.splitlines():
        f = line.split()
        if len(f) == 3:
            syms[f[2]] = int(f[0], 16)
    return elf, syms


def reg(out, name):
    m = re.search(r"\b%s\s*=\s*([0-9a-f]+)" % name, out)
    return int(m.group(1), 16) if m else None


def session(vireo, tmp, elf, syms):
    sock = os.path.join(tmp, "mon.sock")
    proc = subprocess.Popen(
        [vireo, "-M", "microvm", "-enable-kvm", "-m", "64M", "-display",
         "none", "-serial", "none", "-kernel", elf, "-S",
         "-monitor", "unix:%s,server,wait=off" % sock],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE)
    try:
        mon = Monitor(sock)
        out = mon.cmd("info tlb")
        report("info tlb with paging off says so",
               out == "paging is off (CR0.PG=0): virtual = physical\n", out)
        out = mon.cmd("info registers")
        report("info registers at the PVH entry: RIP, CR0.PE, 32-bit CS",
               reg(out, "RIP") == syms["_start"] and
               reg(out, "CR0") == 0x11 and
               re.search(r"^CS =0008 .* db=1 .* l=0", out, re.M), out)
        report("info registers at the PVH entry: x87 and SSE as after "
               "RESET (FCW 037f, MXCSR 1f80, empty stack)",
               reg(out, "FCW") == 0x37f and reg(out, "MXCSR") == 0x1f80 and
               reg(out, "FTW") == 0 and
               "ST0=0000 0000000000000000 " in out and
               "XMM15=00000000000000000000000000000000" in out, out)
        out = mon.cmd("x/2i $pc")
        report("x /i disassembles 32-bit code at the entry",
               out.startswith("0x%016x:  lgdt " % syms["_start"]) and
               "ljmp 8:0x" in out and out.count("\n") == 2, out)

        report("cont", mon.cmd("c") == "")
        want = "0000000000%06x: 0x65726956 0x4d48206f\n" % syms["data_page"]
        deadline = time.time() + TIMEOUT
        while True:
            out = mon.cmd("xp /2xw 0x%x" % syms["data_page"])
            if out == want or time.time() > deadline:
                break
            time.sleep(0.1)
        report("xp sees what the guest wrote", out == want, out)
        deadline = time.time() + TIMEOUT
        while True:
            out = mon.cmd("info registers")
            if (reg(out, "RIP") or 0) >= syms["spin"] or \
                    time.time() > deadline:
                break
            time.sleep(0.1)
        report("stop", mon.cmd("stop") == "")
        out = mon.cmd("info registers")
        rip = reg(out, "RIP")
        report("info registers reads the live state from KVM: "
               "CR0.PG, CR3, EFER.LMA|LME|NXE, RIP in the loop",
               reg(out, "CR0") == 0x80000011 and
               reg(out, "CR3") == syms["pml4"] and
               reg(out, "EFER") == 0xd00 and
               rip in (syms["spin"], syms["spin"] + 2) and
               re.search(r"^CS =0018 .* l=1", out, re.M), out)
        out = mon.cmd("info tlb")
        want = ("CR3 %016x (4-level paging)\n" % syms["pml4"] +
                "vaddr            paddr            size             attr\n")
        lines = out.splitlines()
        ok = out.startswith(want) and len(lines) == 5
        if ok:
            rows = [ln.split() for ln in lines[2:]]
            ok = (rows[0][:3] == ["0000000000000000", "0000000000000000",
                                  "0000000000200000"] and
                  rows[0][3].startswith("rwxu") and
                  rows[1][:3] == ["ffff800000000000",
                                  "%016x" % syms["data_page"],
                                  "0000000000001000"] and
                  rows[1][3].startswith("rwx-") and
                  rows[2][:3] == ["ffff800000001000",
                                  "%016x" % syms["data_page"],
                                  "0000000000001000"] and
                  rows[2][3] == "r------")
        report("info tlb walks the 4-level tables: 2 MiB page, high 4 KiB "
               "pages, read-only no-execute", ok, out)
        out = mon.cmd("x /2xw 0xffff800000000000")
        report("x through a high virtual address",
               out == "ffff800000000000: 0x65726956 0x4d48206f\n", out)
        out = mon.cmd("x /8c 0xffff800000001000")
        report("x through the read-only alias of the same page",
               out == "ffff800000001000: 'V' 'i' 'r' 'e' 'o' ' ' 'H' "
               "'M'\n", out)
        out = mon.cmd("x/2i 0x%x" % syms["spin"])
        report("x /i disassembles 64-bit code",
               out == "0x%016x:  pause\n0x%016x:  jmp 0x%x\n" %
               (syms["spin"], syms["spin"] + 2, syms["spin"]), out)
        out = mon.cmd("x /1xg 0xffff800000002000")
        report("x of an unmapped virtual address is one line",
               out == "cannot access virtual address 0xffff800000002000\n",
               out)
        out = mon.cmd("info cpus")
        report("info cpus shows the live pc",
               re.match(r"\* CPU #0: pc=0x%016x thread_id=\d+\n$" % rip,
                        out), out)
        mon.sock.sendall(b"quit\r")
        rc = proc.wait(timeout=TIMEOUT)
        report("quit exits 0", rc == 0, proc.stderr.read())
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def main():
    vireo = sys.argv[1]
    if not os.access("/dev/kvm", os.R_OK | os.W_OK):
        skip_all("no usable /dev/kvm")
    if not shutil.which("gcc") or not shutil.which("ld"):
        skip_all("no gcc and ld to build the guest")
    with tempfile.TemporaryDirectory(prefix="vireo-hmp-") as tmp:
        elf, syms = build(tmp)
        try:
            session(vireo, tmp, elf, syms)
        except (OSError, EOFError, AssertionError,
                subprocess.TimeoutExpired) as e:
            report("the session ran to the end", False, repr(e))
    return TAP.plan()


if __name__ == "__main__":
    sys.exit(main())
