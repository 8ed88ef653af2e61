#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The human monitor end to end on vireo-system-riscv64 -M virt -S.

Part 1: -monitor on a unix socket, with a random -bios blob whose bytes
xp must read back; every command and error path; QMP's
human-monitor-command on a second socket; quit. Part 2: the -nographic
mux through a pipe, Ctrl-a c then a command.

Usage: test-hmp.py VIREO-RISCV64
Output is TAP.
"""
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time

TIMEOUT = 30
PROMPT = b"(vireo) "
results = []


def report(name, ok, detail=""):
    results.append(ok)
    print("%s %d - %s" % ("ok" if ok else "not ok", len(results), name))
    if detail and not ok:
        for line in str(detail).splitlines()[:40]:
            print("# " + line)
    sys.stdout.flush()


def connect(path):
    deadline = time.time() + TIMEOUT
    while True:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(TIMEOUT)
        try:
            s.connect(path)
            return s
        except OSError:
            s.close()
            if time.time() > deadline:
                raise
            time.sleep(0.1)


class Monitor:
    def __init__(self, path):
        self.sock = connect(path)
        self.buf = b""
        self.banner = self.until_prompt()

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
    print("1..%d" % len(results))
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
