#!/usr/bin/env python3
# Debian's gdb-multiarch in batch mode against vireo-system-riscv64
# -M spike -S -gdb unix:SOCK,server running tests/gdb/prog.c: attach at
# the first instruction, break at a symbol, continue, stepi and next,
# info registers, writing a register and memory and reading them back, a
# hardware breakpoint, a watchpoint that fires, continue to the exit
# (whose status the poked memory decides), kill (vKill), detach (the
# guest runs on), threads with -smp 2, memory through Sv39 page tables
# and physical memory through "monitor xp".
# TAP; SKIP without the cross compiler or gdb-multiarch.
# SPDX-License-Identifier: GPL-2.0-or-later
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gdbtest  # noqa: E402

VIREO = sys.argv[1]
GDB = shutil.which("gdb-multiarch")


def gdb_batch(elf, sock, commands):
    args = [GDB, "-batch", "-nx", "-ex", "set confirm off",
            "-ex", "target remote " + sock]
    for c in commands:
        args += ["-ex", c]
    r = subprocess.run(args + [elf], capture_output=True, text=True,
                       timeout=120)
    return r.stdout + r.stderr


def finish(p):
    try:
        out, _ = p.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        p.kill()
        out, _ = p.communicate()
        return None, out
    return p.returncode, out


def main():
    tap = gdbtest.Tap()
    if not gdbtest.cross_compiler():
        tap.skip_all("no riscv64-unknown-elf-gcc")
    if not GDB:
        tap.skip_all("no gdb-multiarch")
    with tempfile.TemporaryDirectory() as tmp:
        elf = gdbtest.build_guest(tmp)
        sock = os.path.join(tmp, "gdb.sock")

        # One long session: every step checks what gdb printed.
        p = gdbtest.start_vireo(VIREO, elf, sock, ["-S"])
        out = gdb_batch(elf, sock, [
            "echo @attach\\n", "p/x $pc",
            "break bump", "continue", "echo @bump0\\n", "p by",
            "continue", "echo @bump1\\n", "p by",
            "stepi", "echo @stepi\\n", "p $pc == bump + 4",
            "delete", "hbreak step_here", "continue", "echo @hbreak\\n",
            "p $pc == step_here", "next", "echo @next\\n",
            "info line *$pc",
            "echo @regs\\n", "info registers pc mstatus priv",
            "set $t3 = 0x1234abcd", "echo @setreg\\n", "p/x $t3",
            "set var poked = 42", "echo @setmem\\n", "p poked",
            "x/2xw &poked",
            "delete", "watch watched", "continue", "echo @watch\\n",
            "delete", "continue", "echo @end\\n",
        ])
        rc, vout = finish(p)

        def section(name):
            m = re.search("@" + name + r"\n(.*?)(?=\n@|\Z)", out, re.S)
            return m.group(1) if m else ""

        tap.ok("0x80000000" in section("attach"),
               "-S waits at the first instruction", out)
        tap.ok(re.search(r"Breakpoint 1, bump \(by=by@entry=0\)", out) and
               "$2 = 0" in section("bump0"), "break at a symbol", out)
        tap.ok("= 1" in section("bump1"), "continue to the next hit", out)
        tap.ok("= 1" in section("stepi"), "stepi moves one instruction",
               out)
        tap.ok("= 1" in section("hbreak") and
               "Hardware assisted breakpoint" in out, "hbreak", out)
        tap.ok(re.search(r"Line 2[4-6] of .*<step_here\+", section("next")),
               "next steps to a later source line of the function", out)
        regs = section("regs")
        tap.ok(re.search(r"^pc\s+0x8000", regs, re.M) and
               re.search(r"^mstatus\s+0x", regs, re.M) and
               re.search(r"^priv\s+0x3", regs, re.M),
               "info registers: pc, a CSR, the privilege", out)
        tap.ok("0x1234abcd" in section("setreg"),
               "a register written reads back", out)
        tap.ok("= 42" in section("setmem") and "0x0000002a" in out,
               "memory written reads back", out)
        tap.ok(re.search(r"Hardware watchpoint \d+: watched\s+Old value = 0"
                         r"\s+New value = 4660", out),
               "a watchpoint fires with the old and new value", out)
        tap.ok("exited with code 052" in out,
               "continue to the end: gdb sees the exit status", out)
        tap.ok(rc == 42, "the guest saw the poked value (exit 42)",
               "rc=%s\n%s" % (rc, vout))

        # kill ends the emulator.
        os.unlink(sock) if os.path.exists(sock) else None
        p = gdbtest.start_vireo(VIREO, elf, sock, ["-S"])
        out = gdb_batch(elf, sock, ["break main", "continue", "kill"])
        rc, vout = finish(p)
        tap.ok(rc == 0 and "Breakpoint 1, main" in out,
               "kill ends the emulator", "rc=%s\n%s\n%s" % (rc, out, vout))

        # detach lets the machine run on, with what gdb changed: vKill
        # (gdb's kill, above) ends it, D does not.
        os.unlink(sock) if os.path.exists(sock) else None
        p = gdbtest.start_vireo(VIREO, elf, sock, ["-S"])
        out = gdb_batch(elf, sock, ["break bump", "continue",
                                    "set var poked = 7", "detach"])
        rc, vout = finish(p)
        tap.ok(rc == 7 and
               "[Inferior 1 (Remote target) detached]" in out,
               "detach: the guest runs on to its exit (status 7)",
               "rc=%s\n%s\n%s" % (rc, out, vout))

        # Threads: one per hart, ids cpu_index + 1.
        os.unlink(sock) if os.path.exists(sock) else None
        p = gdbtest.start_vireo(VIREO, elf, sock, ["-S", "-smp", "2"])
        out = gdb_batch(elf, sock, ["info threads", "thread 2",
                                    "p/x $mhartid", "kill"])
        rc, vout = finish(p)
        tap.ok(re.search(r"1\s+Thread 1 \(CPU#0\)", out) and
               re.search(r"2\s+Thread 2 \(CPU#1\)", out) and
               "= 0x1" in out, "a thread per hart (-smp 2)", out)

        # Memory through the page tables: tests/tcg/riscv64/paging.S in
        # S mode under Sv39; gdb's reads must not set the PTE's A bit
        # (the program checks its own A/D updates and would fail).
        tcg = os.path.join(gdbtest.SRC, "..", "tcg", "riscv64")
        pelf = os.path.join(tmp, "paging.elf")
        subprocess.run([gdbtest.cross_compiler(), "-g", "-nostdlib",
                        "-nostartfiles", "-static",
                        "-march=rv64gc_zicsr_zifencei", "-mabi=lp64d",
                        "-Wl,--no-warn-rwx-segments", "-T", gdbtest.LINK,
                        "-I", tcg, os.path.join(tcg, "paging.S"), "-o",
                        pelf], check=True)
        os.unlink(sock) if os.path.exists(sock) else None
        psyms = gdbtest.symbols(pelf)
        p = gdbtest.start_vireo(VIREO, pelf, sock, ["-S"])
        out = gdb_batch(pelf, sock, [
            "break in_s", "continue", "p $priv", "x/gx 0x40000000",
            "x/gx 0xc0000000", "p/x *(long *)&l0 & 0xc0",
            "monitor xp /1xg 0x%x" % psyms["datapg"],
            "monitor xp /1xg 0x40000000", "delete",
            "continue"])
        rc, vout = finish(p)
        tap.ok(re.search(r"0x40000000:\s+0x0+1234", out) and
               "Cannot access memory at address 0xc0000000" in out,
               "memory through Sv39 page tables; unmapped is an error",
               out)
        # gdb prints monitor output on stderr: no order to rely on.
        tap.ok("%016x: 0x0000000000001234\n" % psyms["datapg"] in out and
               "cannot access memory at 0x40000000\n" in out,
               "physical memory through monitor xp (the page behind "
               "0x40000000; 0x40000000 itself is no RAM)", out)
        tap.ok("$2 = 0x0" in out and rc == 0 and
               "exited normally" in out,
               "the debugger's walk leaves A/D alone (the guest passes)",
               "rc=%s\n%s\n%s" % (rc, out, vout))
    tap.done()


main()
