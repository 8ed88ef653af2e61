#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The human monitor end to end on vireo-system-riscv64 -M virt -S.

Part 1: -monitor on a unix socket, with a random -bios blob whose bytes
xp must read back; every command and error path; QMP's
human-monitor-command on a second socket; quit. Part 2: the -nographic
mux through a pipe, Ctrl-a c then a command. Part 3: -monitor stdio
through pipes, every command. Part 4: -nographic on a pty as a user
types it: Ctrl-a c, every command, Ctrl-a c to the console and back.

Usage: test-hmp.py VIREO-RISCV64
Output is TAP.
"""
import json
import os
import pty
import re
import select
import subprocess
import sys
import tempfile
import termios
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
import vireotest  # noqa: E402

TIMEOUT = 30
PROMPT = b"(vireo) "
TAP = vireotest.Tap()


def report(name, ok, detail=""):
    TAP.ok(ok, name, detail)


def connect(path):
    return vireotest.connect(path, timeout=TIMEOUT)


class Monitor:
    def __init__(self, path):
        self.sock = connect(path)
        self.buf = b""
        self.banner = self.until_prompt()

    def recv(self):
        return self.sock.recv(65536)

    def send(self, data):
        self.sock.sendall(data)

    def until_prompt(self):
        while PROMPT not in self.buf:
            data = self.recv()
            if not data:
                raise EOFError("monitor closed: %r" % self.buf)
            self.buf += data
        out, self.buf = self.buf.split(PROMPT, 1)
        # A terminal's output processing turns "\r\n" into "\r\r\n".
        return out.decode(errors="replace").replace("\r", "")

    def cmd(self, line):
        self.send(line.encode() + b"\r")
        out = self.until_prompt()
        # The echo of the line comes first.
        first, _, rest = out.partition("\n")
        assert first == line, "echo %r != %r" % (first, line)
        return rest


class QMP:
    def __init__(self, path):
        self.f = connect(path).makefile("rwb")
        json.loads(self.f.readline())
        self.run("qmp_capabilities")

    def run(self, cmd, **args):
        self.f.write(json.dumps({"execute": cmd,
                                 "arguments": args}).encode() + b"\r\n")
        self.f.flush()
        while True:
            r = json.loads(self.f.readline())
            if "event" not in r:
                return r


def wait_status(mon, want):
    deadline = time.time() + TIMEOUT
    while True:
        out = mon.cmd("info status")
        if want in out or time.time() > deadline:
            return out
        time.sleep(0.1)


def part1(vireo, tmp):
    blob = os.urandom(64)
    bios = os.path.join(tmp, "bios.bin")
    with open(bios, "wb") as f:
        f.write(blob)
    mpath = os.path.join(tmp, "mon.sock")
    qpath = os.path.join(tmp, "qmp.sock")
    proc = subprocess.Popen(
        [vireo, "-M", "virt", "-S", "-bios", bios, "-serial", "none",
         "-monitor", "unix:%s,server,wait=off" % mpath,
         "-qmp", "unix:%s,server,wait=off" % qpath],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        mon = Monitor(mpath)
        report("banner", "Vireo monitor" in mon.banner, mon.banner)
        out = mon.cmd("info status")
        report("info status prelaunch",
               out == "VM status: paused (prelaunch)\n", out)
        out = mon.cmd("info registers")
        report("info registers shows pc 0x1000",
               re.search(r"\bpc\s+0*1000\b", out) is not None, out)
        out = mon.cmd("info cpus")
        report("info cpus", re.match(r"\* CPU #0: pc=0x0*1000 "
                                     r"thread_id=\d+\n$", out) is not None,
               out)
        out = mon.cmd("xp /16xb 0x80000000")
        want = "0000000080000000:" + "".join(" 0x%02x" % b
                                              for b in blob[:16]) + "\n"
        report("xp reads the -bios bytes", out == want,
               "%r\n%r" % (out, want))
        out = mon.cmd("xp /2xg 0x80000000")
        vals = [int(v, 16) for v in out.split(":")[1].split()]
        report("xp /2xg little-endian",
               vals == [int.from_bytes(blob[0:8], "little"),
                        int.from_bytes(blob[8:16], "little")], out)
        out = mon.cmd("x/2i 0x1000")
        report("x /i disassembles the reset vector",
               out.startswith("0x0000000000001000:  auipc t0,0x0\n")
               and out.count("\n") == 2, out)
        out = mon.cmd("info mtree")
        report("info mtree names the UART", "): serial" in out, out[:400])
        out = mon.cmd("info qtree")
        report("info qtree lists the UART with properties",
               "dev: ns16550a" in out and " = " in out, out[:400])
        out = mon.cmd("info tlb")
        report("info tlb in Bare mode", "Bare" in out, out)
        out = mon.cmd("foo bar")
        report("unknown command", out == "unknown command: 'foo'\n", out)
        out = mon.cmd("xp /4z 0")
        report("bad format is one line", out.count("\n") == 1 and
               "invalid char 'z'" in out, out)
        out = mon.cmd("xp /4x 0x7000000000")
        report("unreadable memory is one line",
               out == "cannot access memory at 0x7000000000\n", out)
        out = mon.cmd("cpu 1")
        report("cpu out of range", "invalid CPU index 1" in out, out)
        report("cpu 0", mon.cmd("cpu 0") == "", "")
        out = mon.cmd("help info")
        report("help info", "info registers" in out, out)

        qmp = QMP(qpath)
        r = qmp.run("human-monitor-command", **{"command-line":
                                                "info status"})
        report("QMP human-monitor-command",
               r.get("return") == "VM status: paused (prelaunch)\n", r)
        r = qmp.run("human-monitor-command", **{"command-line": "bogus"})
        report("QMP human-monitor-command error",
               "unknown command: 'bogus'" in
               r.get("error", {}).get("desc", ""), r)

        report("cont", mon.cmd("c") == "", "")
        out = wait_status(mon, "running")
        report("info status running", out == "VM status: running\n", out)
        out = mon.cmd("info registers")
        report("info registers while running", " pc " in out, out[:200])
        report("stop", mon.cmd("stop") == "", "")
        out = mon.cmd("info status")
        report("info status paused", out == "VM status: paused\n", out)
        report("system_reset", mon.cmd("system_reset") == "", "")
        deadline = time.time() + TIMEOUT
        while True:
            out = mon.cmd("info cpus")
            if "pc=0x0000000000001000" in out or time.time() > deadline:
                break
            time.sleep(0.1)
        report("system_reset puts pc back at the reset vector",
               "pc=0x0000000000001000" in out, out)
        out = mon.cmd("system_powerdown")
        report("system_powerdown without a power button",
               "no power button" in out, out)
        mon.sock.sendall(b"quit\r")
        rc = proc.wait(timeout=TIMEOUT)
        report("quit exits 0", rc == 0, proc.stderr.read())
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def part2(vireo):
    proc = subprocess.Popen([vireo, "-M", "virt", "-S", "-nographic"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    try:
        proc.stdin.write(b"\x01c")
        proc.stdin.flush()
        time.sleep(0.5)
        proc.stdin.write(b"info status\rq\r")
        proc.stdin.flush()
        out, err = proc.communicate(timeout=TIMEOUT)
        text = out.decode(errors="replace").replace("\r\n", "\n")
        report("mux: Ctrl-a c reaches the monitor",
               "(vireo) info status\nVM status: paused (prelaunch)\n"
               in text, text + err.decode(errors="replace"))
        report("mux: q quits", proc.returncode == 0, proc.returncode)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


class FdMonitor(Monitor):
    """The monitor on a pipe or terminal: read rfd, write wfd."""

    def __init__(self, rfd, wfd, first=b""):
        self.rfd, self.wfd = rfd, wfd
        self.buf = b""
        if first:
            self.send(first)
        self.banner = self.until_prompt()

    def recv(self):
        r, _, _ = select.select([self.rfd], [], [], TIMEOUT)
        if not r:
            raise TimeoutError("no output: %r" % self.buf)
        try:
            return os.read(self.rfd, 65536)
        except OSError:         # a pty's master reads EIO at hang-up
            return b""

    def send(self, data):
        os.write(self.wfd, data)


def common_commands(mon, t):
    """What every way of reaching the monitor must do, at -S."""
    out = mon.cmd("help")
    report(t + ": help lists the commands", all(
        c in out for c in ("info ", "stop", "cont", "system_reset",
                           "quit", "xp ")), out)
    out = mon.cmd("info status")
    report(t + ": info status", out == "VM status: paused (prelaunch)\n",
           out)
    out = mon.cmd("info registers")
    report(t + ": info registers",
           re.search(r"\bpc\s+0*1000\b", out) is not None, out)
    out = mon.cmd("info cpus")
    report(t + ": info cpus", re.match(r"\* CPU #0: pc=0x0*1000 "
                                       r"thread_id=\d+\n$", out), out)
    out = mon.cmd("info mtree")
    report(t + ": info mtree", "): serial" in out, out[:400])
    out = mon.cmd("info qtree")
    report(t + ": info qtree", "dev: ns16550a" in out, out[:400])
    out = mon.cmd("info tlb")
    report(t + ": info tlb", "Bare" in out, out)
    out = mon.cmd("x /2i 0x1000")
    report(t + ": x /i", out.startswith("0x0000000000001000:  auipc t0,"
                                        "0x0\n") and
           out.count("\n") == 2, out)
    out = mon.cmd("xp /1xw 0x1000")
    report(t + ": xp", out == "0000000000001000: 0x00000297\n", out)
    report(t + ": cont", mon.cmd("cont") == "")
    out = wait_status(mon, "running")
    report(t + ": info status running", out == "VM status: running\n", out)
    report(t + ": stop", mon.cmd("stop") == "")
    out = mon.cmd("info status")
    report(t + ": info status paused", out == "VM status: paused\n", out)
    report(t + ": system_reset", mon.cmd("system_reset") == "")


def part3(vireo):
    """-monitor stdio through pipes."""
    t = "-monitor stdio"
    proc = subprocess.Popen([vireo, "-M", "virt", "-S", "-serial", "none",
                             "-monitor", "stdio"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        mon = FdMonitor(proc.stdout.fileno(), proc.stdin.fileno())
        report(t + ": banner", "Vireo monitor" in mon.banner, mon.banner)
        common_commands(mon, t)
        mon.send(b"quit\r")
        rc = proc.wait(timeout=TIMEOUT)
        report(t + ": quit exits 0", rc == 0, proc.stderr.read())
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def part4(vireo):
    """-nographic on a terminal (a pty): Ctrl-a c to the monitor, every
    command, Ctrl-a c back to the console and again to the monitor."""
    t = "mux on a pty"
    master, slave = pty.openpty()
    proc = subprocess.Popen([vireo, "-M", "virt", "-S", "-nographic"],
                            stdin=slave, stdout=slave,
                            stderr=subprocess.PIPE, close_fds=True)
    os.close(slave)
    try:
        # Until Vireo makes the terminal raw the line discipline would
        # echo and buffer what we type: wait for that first.
        deadline = time.time() + TIMEOUT
        while termios.tcgetattr(master)[3] & termios.ECHO:
            if time.time() > deadline or proc.poll() is not None:
                raise TimeoutError("the terminal never became raw")
            time.sleep(0.05)
        mon = FdMonitor(master, master, first=b"\x01c")
        report(t + ": Ctrl-a c shows the monitor banner",
               "Vireo monitor" in mon.banner, mon.banner)
        common_commands(mon, t)
        # Back to the console: the monitor gets no more input.
        mon.send(b"\x01c")
        mon.send(b"\x01c")
        out = mon.until_prompt()
        report(t + ": Ctrl-a c twice: back to the console and again to "
               "a fresh prompt", out.strip() == "", out)
        report(t + ": the monitor still answers",
               mon.cmd("info status") == "VM status: paused\n")
        mon.send(b"q\r")
        rc = proc.wait(timeout=TIMEOUT)
        report(t + ": q exits 0", rc == 0, proc.stderr.read())
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(master)


def main():
    vireo = sys.argv[1]
    with tempfile.TemporaryDirectory() as tmp:
        try:
            part1(vireo, tmp)
        except Exception as e:          # a hang or crash fails, not aborts
            report("part 1 ran to the end", False, repr(e))
        try:
            part2(vireo)
        except Exception as e:
            report("part 2 ran to the end", False, repr(e))
        try:
            part3(vireo)
        except Exception as e:
            report("part 3 ran to the end", False, repr(e))
        try:
            part4(vireo)
        except Exception as e:
            report("part 4 ran to the end", False, repr(e))
    return TAP.plan()


if __name__ == "__main__":
    sys.exit(main())
