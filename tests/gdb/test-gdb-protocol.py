#!/usr/bin/env python3
# The gdbstub spoken to in raw packets (TAP): acks, a bad checksum
# (nack, then the resent packet works), unknown and empty packets (empty
# reply), malformed arguments (E22), unmapped memory (E14), an oversized
# packet, run-length input, noise and half packets, thread and
# breakpoint errors, Ctrl-C stopping a running guest, no-ack mode, and
# after all that the guest still runs to its normal exit, unharmed;
# with -smp 2 qfThreadInfo, Hg/Hc and stop replies naming the thread;
# vKill; G; -gdb tcp:HOST:PORT, tcp::PORT and -s; D (detach) letting
# the guest run on.
# SPDX-License-Identifier: GPL-2.0-or-later
import os
import re
import socket
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gdbtest  # noqa: E402

VIREO = sys.argv[1]


def frame(payload):
    if isinstance(payload, str):
        payload = payload.encode()
    return b"$" + payload + b"#%02x" % (sum(payload) & 0xff)


class Conn:
    def __init__(self, sock):
        self.s = (gdbtest.vireotest.connect(sock, socket.AF_INET, 20)
                  if isinstance(sock, tuple) else gdbtest.connect(sock))
        self.buf = b""
        self.ack = True

    def send_raw(self, data):
        self.s.sendall(data)

    def read_byte(self):
        while not self.buf:
            chunk = self.s.recv(65536)
            if not chunk:
                raise EOFError("connection closed")
            self.buf += chunk
        b, self.buf = self.buf[:1], self.buf[1:]
        return b

    def read_ack(self):
        return self.read_byte()

    def read_packet(self):
        while self.read_byte() != b"$":
            pass
        data = b""
        while True:
            b = self.read_byte()
            if b == b"#":
                break
            data += b
        cs = self.read_byte() + self.read_byte()
        assert int(cs, 16) == sum(data) & 0xff, "stub sent a bad checksum"
        return data.decode("latin-1")

    def cmd(self, payload):
        self.send_raw(frame(payload))
        if self.ack:
            a = self.read_ack()
            assert a == b"+", "expected an ack, got %r" % a
        return self.read_packet()


def main():
    tap = gdbtest.Tap()
    if not gdbtest.cross_compiler():
        tap.skip_all("no riscv64-unknown-elf-gcc")
    with tempfile.TemporaryDirectory() as tmp:
        elf = gdbtest.build_guest(tmp)
        sock = os.path.join(tmp, "gdb.sock")
        p = gdbtest.start_vireo(VIREO, elf, sock, ["-S"])
        c = Conn(sock)
        syms = gdbtest.symbols(elf)

        r = c.cmd("qSupported:swbreak+;hwbreak+")
        tap.ok("PacketSize=4000" in r and "qXfer:features:read+" in r and
               "vContSupported+" in r and "swbreak+" in r and
               "hwbreak+" in r, "qSupported", r)
        tap.ok(c.cmd("?") == "T05thread:01;", "? after -S: stopped")
        r = c.cmd("g")
        tap.ok(len(r) == 33 * 16 and r[-16:] == "0000008000000000",
               "g: 33 registers, pc at the reset vector", r)

        # A bad checksum is nacked and changes nothing.
        c.send_raw(b"$g#00")
        tap.ok(c.read_ack() == b"-", "bad checksum: nack")
        c.send_raw(b"$g#zz")
        tap.ok(c.read_ack() == b"-", "non-hex checksum: nack")
        tap.ok(len(c.cmd("g")) == 33 * 16, "the resent packet is answered")

        tap.ok(c.cmd("jUnknownPacket") == "", "unknown packet: empty")
        tap.ok(c.cmd("") == "", "empty packet: empty")
        tap.ok(c.cmd("vMustReplyEmpty") == "", "vMustReplyEmpty")
        for bad in ["m", "m80000000", "m80000000,", "mzz,4", "M80000000,4:1",
                    "M80000000,2:zzzz", "p", "pzz", "P20", "P20=1",
                    "Z0,80000000", "Z9x", "Hgzz", "Hx1", "H", "T99",
                    "vCont;x", "vCont;c:99", "qXfer:features:read:target.xml",
                    "qRcmd,4", "C", "m" + "1" * 17 + ",4"]:
            tap.ok(c.cmd(bad) == "E22", "malformed %r: E22" % bad)
        tap.ok(c.cmd("mfffffffff000000,4") == "E14",
               "unmapped memory: E14")
        tap.ok(c.cmd("qXfer:features:read:other.xml:0,100") == "E00",
               "an unknown annex: E00")
        tap.ok(c.cmd("Z7,80000000,4") == "", "unknown Z type: empty")
        tap.ok(c.cmd("z0,80000000,4") == "E02",
               "removing a breakpoint never set: E02 (ENOENT)")
        r = c.cmd("qXfer:features:read:target.xml:0,40")
        tap.ok(r.startswith("m<?xml"), "target.xml, first part", r)
        xml = ""
        while True:
            r = c.cmd("qXfer:features:read:target.xml:%x,400" % len(xml))
            xml += r[1:]
            if r[:1] != "m":
                break
        names = set(re.findall(r'name="([^"]+)"', xml))
        nums = {int(n) for n in re.findall(r'regnum="(\d+)"', xml)}
        # gdb's regnums: x0-x31 0-31, pc 32, f0-f31 33-64 (ABI names)
        want = {"zero", "ra", "sp", "t6", "pc", "ft0", "fa0", "ft11",
                "fflags", "frm", "fcsr", "mstatus", "mepc", "mcause",
                "satp", "mhartid", "priv"}
        tap.ok(r.startswith("l") and xml.rstrip().endswith("</target>") and
               set(range(65)) <= nums and want <= names,
               "target.xml: x0-x31, pc, f0-f31, fflags/frm/fcsr, CSRs, "
               "priv", (sorted(want - names), sorted(set(range(65)) - nums)))
        tap.ok(c.cmd("p20") == "0000008000000000", "p: the pc")
        regs = c.cmd("g")
        new = regs[:5 * 16] + (0x5555).to_bytes(8, "little").hex() + \
            regs[6 * 16:]
        tap.ok(c.cmd("G" + new) == "OK", "G: all registers written")
        tap.ok(c.cmd("p5") == (0x5555).to_bytes(8, "little").hex() and
               c.cmd("g") == new, "G: the written registers read back")
        tap.ok(c.cmd("G" + new[:-2]) == "E22", "G too short: E22")

        # Oversized: nothing breaks, the stream stays in step.
        r = c.cmd("M80003000,10:" + "00" * 0x3000)
        tap.ok(r == "E22", "oversized packet: E22", r)
        tap.ok(c.cmd("?") == "T05thread:01;", "in step after it")

        # Run-length input (legal, though gdb does not send it): '0*"'
        # is six '0's; and an escaped byte ('}' 0x14 is '4').
        r = c.cmd('m80*"0,4')
        tap.ok(r == c.cmd("m80000000,4") and len(r) == 8,
               "run-length input decodes", r)
        r = c.cmd(b"m80000000,}\x14")
        tap.ok(len(r) == 8, "an escaped byte decodes", r)

        # Noise between packets and a cut-off packet are ignored.
        c.send_raw(b"garbage$m8000")
        tap.ok(c.cmd("?") == "T05thread:01;", "noise and a cut-off packet")

        # Monitor commands without a monitor: output, then an error.
        # gdb's "monitor" reaches the human monitor: output in O packets.
        r = c.cmd("qRcmd," + b"info version".hex())
        tap.ok(r.startswith("O") and
               bytes.fromhex(r[1:]).decode().strip()[:1].isdigit(),
               "qRcmd info version: the version text", r)
        tap.ok(c.read_packet() == "OK", "... then OK")
        r = c.cmd("qRcmd," + b"no-such-command".hex())
        tap.ok(r.startswith("O") and
               "no-such-command" in bytes.fromhex(r[1:]).decode(),
               "qRcmd of an unknown command: error text", r)
        tap.ok(c.read_packet() == "E01", "... then E01")

        # Breakpoints, a watchpoint, then the guest runs on to its end.
        tap.ok(c.cmd("Z0,%x,2" % syms["bump"]) == "OK", "Z0 set")
        r = c.cmd("vCont;c")
        tap.ok(r == "T05thread:01;swbreak:;", "the breakpoint stops", r)
        tap.ok(int.from_bytes(bytes.fromhex(c.cmd("p20")), "little") ==
               syms["bump"], "at the breakpoint's pc")
        tap.ok(c.cmd("z0,%x,2" % syms["bump"]) == "OK", "z0 removed")
        tap.ok(c.cmd("Z2,%x,8" % syms["watched"]) == "OK", "Z2 set")
        r = c.cmd("vCont;c")
        tap.ok(r.startswith("T05") and
               "watch:%x;" % syms["watched"] in r,
               "the write watchpoint fires", r)
        tap.ok(c.cmd("z2,%x,8" % syms["watched"]) == "OK", "z2 removed")
        # finish() reads poked (Z3, read) and then writes tohost (Z4).
        tap.ok(c.cmd("Z3,%x,8" % syms["poked"]) == "OK", "Z3 set")
        r = c.cmd("vCont;c")
        tap.ok(r.startswith("T05") and "rwatch:%x;" % syms["poked"] in r,
               "the read watchpoint fires", r)
        tap.ok(c.cmd("z3,%x,8" % syms["poked"]) == "OK", "z3 removed")
        tap.ok(c.cmd("Z4,%x,8" % syms["tohost"]) == "OK", "Z4 set")
        r = c.cmd("vCont;c")
        tap.ok(r.startswith("T05") and "awatch:%x;" % syms["tohost"] in r,
               "the access watchpoint fires on a write", r)
        tap.ok(c.cmd("z4,%x,8" % syms["tohost"]) == "OK", "z4 removed")
        c.send_raw(frame("c"))
        tap.ok(c.read_ack() == b"+", "c acked")
        try:
            r = c.read_packet()
        except EOFError:
            r = ""
        tap.ok(r == "W00", "the guest ran to its exit unharmed", r)
        try:
            out, _ = p.communicate(timeout=30)
        except Exception:
            p.kill()
            out, _ = p.communicate()
        tap.ok(p.returncode == 0, "exit status 0", out)

        # Ctrl-C: a guest spinning on "j ." (written by us) is stopped.
        os.unlink(sock) if os.path.exists(sock) else None
        p = gdbtest.start_vireo(VIREO, elf, sock, ["-S"])
        c = Conn(sock)
        tap.ok(c.cmd("QStartNoAckMode") == "OK", "no-ack mode")
        c.ack = False
        loop = syms["finish"]
        tap.ok(c.cmd("M%x,4:6f000000" % loop) == "OK", "write j .")
        tap.ok(c.cmd("P20=" + loop.to_bytes(8, "little").hex()) == "OK",
               "P: set the pc")
        c.send_raw(frame("vCont;c"))
        c.send_raw(frame("g"))
        r = c.read_packet()
        tap.ok(r == "E16", "a packet while running: E16 (busy)", r)
        c.send_raw(b"\x03")
        r = c.read_packet()
        tap.ok(r == "T02thread:01;", "Ctrl-C stops the guest", r)
        pc = int.from_bytes(bytes.fromhex(c.cmd("p20")), "little")
        tap.ok(pc == loop, "it was spinning on the loop", hex(pc))
        r = c.cmd("vCont;s:1")
        tap.ok(r == "T05thread:01;", "a step", r)
        c.send_raw(frame("k"))
        try:
            out, _ = p.communicate(timeout=30)
        except Exception:
            p.kill()
            out, _ = p.communicate()
        tap.ok(p.returncode == 0, "k ends the emulator", out)

        # Two harts: threads listed, Hg picks whose registers g/p/P
        # see, Hc whose step 's' makes, stop replies name the thread.
        os.unlink(sock) if os.path.exists(sock) else None
        p = gdbtest.start_vireo(VIREO, elf, sock, ["-S", "-smp", "2"])
        c = Conn(sock)
        tap.ok(c.cmd("qfThreadInfo") == "m1,2", "qfThreadInfo: 2 harts")
        tap.ok(c.cmd("qsThreadInfo") == "l", "qsThreadInfo: end")
        tap.ok(c.cmd("T2") == "OK" and c.cmd("T3") == "E22",
               "T: thread 2 alive, 3 not")
        tap.ok(c.cmd("Hg3") == "E22", "Hg of a missing thread: E22")
        for t, v in ((1, 0x1111), (2, 0x2222)):
            c.cmd("Hg%d" % t)
            c.cmd("P5=" + v.to_bytes(8, "little").hex())
        vals = []
        for t in (1, 2):
            tap.ok(c.cmd("Hg%d" % t) == "OK", "Hg%d" % t)
            vals.append(int.from_bytes(bytes.fromhex(c.cmd("p5")),
                                       "little"))
        tap.ok(vals == [0x1111, 0x2222],
               "Hg: each thread's registers are its own", vals)

        def pc_of(t):
            c.cmd("Hg%d" % t)
            return int.from_bytes(bytes.fromhex(c.cmd("p20")), "little")

        pc1, pc2 = pc_of(1), pc_of(2)
        tap.ok(c.cmd("Hc2") == "OK", "Hc2")
        r = c.cmd("s")
        tap.ok(r == "T05thread:02;", "s after Hc2: the stop names thread 2",
               r)
        tap.ok(pc_of(2) == pc2 + 4 and pc_of(1) == pc1,
               "only thread 2 stepped", (pc1, pc2, pc_of(1), pc_of(2)))
        r = c.cmd("vCont;s:1")
        tap.ok(r == "T05thread:01;", "vCont;s:1 names thread 1", r)
        tap.ok(pc_of(1) == pc1 + 4, "thread 1 stepped")
        r = c.cmd("?")
        tap.ok(r == "T05thread:01;", "? repeats the last stop", r)
        tap.ok(c.cmd("vKill;1") == "OK", "vKill;1: OK")
        try:
            out, _ = p.communicate(timeout=30)
        except Exception:
            p.kill()
            out, _ = p.communicate()
        tap.ok(p.returncode == 0, "vKill ends the emulator", out)

        # TCP: -gdb tcp:HOST:PORT, -gdb tcp::PORT and -s (tcp::1234).
        for spec in ("tcp:127.0.0.1:%d", "tcp::%d", "-s"):
            if spec == "-s":
                port, args = 1234, ["-s"]
            else:
                port = gdbtest.free_port()
                args = ["-gdb", spec % port]
            if spec == "-s" and not gdbtest.port_free(1234):
                tap.ok(True, "%s # SKIP port 1234 is in use" % spec)
                continue
            p = subprocess.Popen([VIREO, "-M", "spike", "-display", "none",
                                  "-bios", elf, "-S"] + args,
                                 stdout=subprocess.PIPE,
                                 stderr=subprocess.STDOUT, text=True)
            try:
                c = Conn(("127.0.0.1", port))
                r = c.cmd("?")
                c.cmd("vKill")
            except OSError as e:
                r = repr(e)
            try:
                out, _ = p.communicate(timeout=30)
            except Exception:
                p.kill()
                out, _ = p.communicate()
            tap.ok(r == "T05thread:01;" and p.returncode == 0,
                   "%s: gdb attaches over TCP" % (spec if spec == "-s" else
                                                  "-gdb " + spec % port),
                   "%s %s %s" % (r, p.returncode, out))

        # D: breakpoints go, the machine runs to its end.
        os.unlink(sock) if os.path.exists(sock) else None
        p = gdbtest.start_vireo(VIREO, elf, sock, ["-S"])
        c = Conn(sock)
        tap.ok(c.cmd("Z0,%x,2" % syms["bump"]) == "OK", "Z0 before D")
        tap.ok(c.cmd("M%x,8:%s" % (syms["poked"],
                                    (9).to_bytes(8, "little").hex())) ==
               "OK", "poke 9")
        tap.ok(c.cmd("D") == "OK", "D: OK")
        try:
            out, _ = p.communicate(timeout=30)
        except Exception:
            p.kill()
            out, _ = p.communicate()
        tap.ok(p.returncode == 9, "after D the guest ran to its end "
               "without stopping at the breakpoint (exit 9)",
               "%s %s" % (p.returncode, out))
    tap.done()


main()
