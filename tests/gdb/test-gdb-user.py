#!/usr/bin/env python3
# The user-mode gdbstub: vireo-riscv64 -g SOCKET running a riscv64 Linux
# program (tests/gdb/user-prog.c, built at test time with
# riscv64-linux-gnu-gcc): Debian's gdb-multiarch attaches before the
# first instruction, breaks at a symbol, reads an argument, steps, writes
# memory and continues to the exit, whose status the write decides; then
# detach (the program runs on), software watchpoints, kill (vKill);
# then raw packets: Ctrl-C
# stops a spinning program, and k ends it.
# TAP; SKIP without the cross compiler or gdb-multiarch.
# SPDX-License-Identifier: GPL-2.0-or-later
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gdbtest  # noqa: E402

VIREO = sys.argv[1]
GDB = shutil.which("gdb-multiarch")
CC = shutil.which("riscv64-linux-gnu-gcc")
SRC = os.path.dirname(os.path.abspath(__file__))


def start(tmp, elf, args=()):
    sock = os.path.join(tmp, "gdb.sock")
    p = subprocess.Popen([VIREO, "-g", sock, elf] + list(args),
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         text=True)
    gdbtest.vireotest.wait_for_path(sock, p)
    return p, sock


def main():
    tap = gdbtest.Tap()
    if not CC:
        tap.skip_all("no riscv64-linux-gnu-gcc")
    if not GDB:
        tap.skip_all("no gdb-multiarch")
    with tempfile.TemporaryDirectory() as tmp:
        elf = os.path.join(tmp, "user-prog")
        subprocess.run([CC, "-g", "-O1", "-static", "-o", elf,
                        os.path.join(SRC, "user-prog.c")], check=True)

        p, sock = start(tmp, elf)
        r = subprocess.run([GDB, "-batch", "-nx", "-ex", "set confirm off",
                            "-ex", "target remote " + sock,
                            "-ex", "info registers pc",
                            "-ex", "break bump", "-ex", "continue",
                            "-ex", "print by", "-ex", "continue",
                            "-ex", "print by", "-ex", "print counter",
                            "-ex", "stepi", "-ex", "info registers pc",
                            "-ex", "delete",
                            "-ex", "set var counter=100",
                            "-ex", "continue", elf],
                           capture_output=True, text=True, timeout=120)
        out = r.stdout + r.stderr
        status, pout = gdbtest.finish(p)
        tap.ok(re.search(r"pc\s+0x[0-9a-f]+\s+0x[0-9a-f]+ <_start", out),
               "attached before the first instruction (at _start)", out)
        tap.ok("Breakpoint 1, bump (by=by@entry=1)" in out,
               "break at a symbol, continue", out)
        tap.ok("$1 = 1" in out and "$2 = 2" in out and "$3 = 1" in out,
               "arguments and globals read", out)
        tap.ok(re.search(r"pc\s+0x[0-9a-f]+\s+0x[0-9a-f]+ <bump\+\d+>",
                         out), "stepi moved inside bump", out)
        tap.ok("exited with code 0151" in out,
               "gdb sees the exit status the poked memory decided", out)
        tap.ok(status == 105 and "counter=105" in (pout or ""),
               "the program ran on with the poked value (status 105)",
               "%s %s" % (status, pout))

        def batch(cmds):
            args = [GDB, "-batch", "-nx", "-ex", "set confirm off",
                    "-ex", "target remote " + sock]
            for c in cmds:
                args += ["-ex", c]
            r = subprocess.run(args + [elf], capture_output=True,
                               text=True, timeout=120)
            return r.stdout + r.stderr

        # detach: the program runs on with what gdb wrote.
        os.unlink(sock) if os.path.exists(sock) else None
        p, sock = start(tmp, elf)
        out = batch(["break bump", "continue", "set var counter = 40",
                     "detach"])
        status, pout = gdbtest.finish(p)
        tap.ok("[Inferior 1 (Remote target) detached]" in out and
               status == 46 and "counter=46" in (pout or ""),
               "detach: the program runs on (status 46)",
               "%s %s\n%s" % (status, pout, out))
        # No hardware watchpoints in user mode: gdb is told so, and its
        # software watchpoints (single-stepping) work.
        os.unlink(sock) if os.path.exists(sock) else None
        p, sock = start(tmp, elf)
        out = batch(["break bump", "continue", "watch counter", "continue",
                     "delete", "set can-use-hw-watchpoints 0",
                     "watch counter", "continue", "kill"])
        gdbtest.finish(p)
        tap.ok("Could not insert hardware watchpoint 2" in out and
               re.search(r"\nWatchpoint 3: counter\s+Old value = 0\s+"
                         r"New value = 1\s", out),
               "watch: hardware refused, software fires", out)

        # gdb's kill (vKill) ends the program.
        os.unlink(sock) if os.path.exists(sock) else None
        p, sock = start(tmp, elf)
        out = batch(["break bump", "continue", "kill"])
        status, pout = gdbtest.finish(p)
        tap.ok("[Inferior 1 (Remote target) killed]" in out and
               status == 128 + 9 and "counter=" not in (pout or ""),
               "kill (vKill) ends the program", "%s %s\n%s" %
               (status, pout, out))

        os.unlink(sock) if os.path.exists(sock) else None
        p, sock = start(tmp, elf, ["spin"])
        s = gdbtest.connect(sock)
        s.sendall(gdbtest.packet(b"?"))
        first = gdbtest.read_packet(s)
        tap.ok(first is not None and first.startswith(b"T05"),
               "stop reply on attach", first)
        s.sendall(gdbtest.packet(b"c"))
        time.sleep(0.5)
        s.sendall(b"\x03")
        stop = gdbtest.read_packet(s)
        tap.ok(stop is not None and stop[:3] in (b"T02", b"S02"),
               "Ctrl-C stops a spinning program", stop)
        s.sendall(gdbtest.packet(b"g"))
        regs = gdbtest.read_packet(s)
        tap.ok(regs is not None and len(regs) >= 33 * 16,
               "registers readable after the interrupt", regs)
        s.sendall(gdbtest.packet(b"k"))
        status, pout = gdbtest.finish(p)
        s.close()
        tap.ok(status is not None and status != 0 and status != 3,
               "k ends the program", "%s %s" % (status, pout))
    tap.done()


if __name__ == "__main__":
    main()
