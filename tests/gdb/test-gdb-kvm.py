#!/usr/bin/env python3
# gdb-multiarch against vireo-system-x86_64 -M microvm -enable-kvm -S
# running tests/kvm/hello.S (a PVH guest with symbols): attach at the PVH
# entry, hbreak at a symbol, continue, stepi, info registers (general,
# control, SSE), a register written and read back, memory read, the
# fifth debug-register breakpoint refused (hbreak and break), continue
# to the exit; then detach (the guest runs on), monitor xp (physical
# memory, a byte written) and kill (vKill); watchpoints; raw packets
# with -smp 2: a thread per vCPU, Ctrl-C stops a spinning guest, vKill.
# TAP; SKIP without /dev/kvm, gcc -m32/ld or gdb-multiarch.
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
from gdbtest import packet, read_packet  # noqa: E402

VIREO = sys.argv[1]
KVM_SRC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                       "kvm")
PASS = (0x10 << 1) | 1


def host_is_pvm():
    """As accel/kvm/kvm-host.c decides it."""
    if os.path.isdir("/sys/module/kvm_pvm"):
        return True
    try:
        with open("/proc/modules") as f:
            return any(ln.startswith("kvm_pvm ") for ln in f)
    except OSError:
        return False


def raw_cmd(s, data):
    s.sendall(packet(data))
    return read_packet(s)


def start(elf, sock, extra=()):
    if os.path.exists(sock):
        os.unlink(sock)
    p = subprocess.Popen([VIREO, "-M", "microvm", "-enable-kvm",
                          "-m", "64M", "-display", "none",
                          "-serial", "stdio", "-device",
                          "isa-debug-exit,iobase=0xf4,iosize=0x04",
                          "-kernel", elf, "-S",
                          "-gdb", "unix:" + sock + ",server"] + list(extra),
                         stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, text=True)
    gdbtest.vireotest.wait_for_path(sock, p)
    return p


def session(elf, sock, cmds):
    """One gdb-multiarch batch run against a fresh emulator."""
    p = start(elf, sock)
    args = [shutil.which("gdb-multiarch"), "-batch", "-nx",
            "-ex", "set confirm off",
            "-ex", "set architecture i386:x86-64",
            "-ex", "target remote " + sock]
    for c in cmds:
        args += ["-ex", c]
    r = subprocess.run(args + [elf], capture_output=True, text=True,
                       timeout=120)
    rc, vout = gdbtest.finish(p)
    return r.stdout + r.stderr, rc, vout


def main():
    tap = gdbtest.Tap()
    ok, tap_skip = tap.ok, tap.skip_all

    if not os.access("/dev/kvm", os.R_OK | os.W_OK):
        tap_skip("no usable /dev/kvm")
    gdb = shutil.which("gdb-multiarch")
    if not gdb:
        tap_skip("no gdb-multiarch")
    if not shutil.which("gcc") or not shutil.which("ld"):
        tap_skip("no gcc and ld to build the guest")
    with tempfile.TemporaryDirectory() as tmp:
        obj = os.path.join(tmp, "hello.o")
        elf = os.path.join(tmp, "hello.elf")
        r = subprocess.run(["gcc", "-m32", "-c", "-I", KVM_SRC,
                            os.path.join(KVM_SRC, "hello.S"), "-o", obj],
                           capture_output=True, text=True)
        if r.returncode:
            tap_skip("gcc -m32 cannot build the guest: " +
                     r.stderr.strip().splitlines()[-1])
        subprocess.run(["ld", "-m", "elf_i386", "-T",
                        os.path.join(KVM_SRC, "pvh.ld"), "-o", elf, obj],
                       check=True)
        syms = {}
        for line in subprocess.run(["nm", elf], capture_output=True,
                                   text=True, check=True).stdout.split("\n"):
            f = line.split()
            if len(f) == 3:
                syms[f[2]] = int(f[0], 16)
        sock = os.path.join(tmp, "gdb.sock")
        p = start(elf, sock)
        cmds = ["set confirm off",
                # a 32-bit ELF; the stub describes the CPU as x86-64
                "set architecture i386:x86-64",
                "target remote " + sock,
                "echo @attach\\n", "p/x $pc",
                "hbreak next", "continue", "echo @hbreak\\n",
                "stepi", "echo @stepi\\n", "p/x $pc",
                "echo @regs\\n",
                "info registers rip eflags cs ss fs_base cr0 cr3 cr4 efer "
                "st0 fctrl mxcsr", "p $xmm0",
                "set $rdi = 0x1234abcd", "set $mxcsr = 0x1f00",
                "echo @setreg\\n", "p/x $rdi", "p/x $mxcsr",
                "echo @mem\\n", "x/6cb &msg",
                "delete",
                "hbreak *0x100000", "hbreak *0x100001", "hbreak *0x100002",
                "hbreak *0x100003", "hbreak *0x100004", "continue",
                "echo @toomany\\n", "delete",
                # break (Z0) takes a debug register too: the fifth fails
                "break *0x200000", "break *0x200001", "break *0x200002",
                "break *0x200003", "break *0x200004", "continue",
                "echo @swtoomany\\n", "p/x $pc",
                "delete", "continue", "echo @end\\n"]
        args = [gdb, "-batch", "-nx"]
        for c in cmds:
            args += ["-ex", c]
        r = subprocess.run(args + [elf], capture_output=True, text=True,
                           timeout=120)
        out = r.stdout + r.stderr
        rc, vout = gdbtest.finish(p)

        def section(name):
            m = re.search("@" + name + r"\n(.*?)(?=\n@|\Z)", out, re.S)
            return m.group(1) if m else ""

        ok("0x100000" in section("attach"),
           "-S: stopped at the PVH entry point", out)
        ok(re.search(r"Breakpoint 1, 0x0+100005 in next", out),
           "hbreak at a symbol", out)
        # next: mov $COM1 + 5, %dx is 4 bytes
        ok("= 0x100009" in section("stepi"), "stepi", out)
        regs = section("regs")
        ok(all(re.search(r"^%s\s+" % r, regs, re.M) for r in
               ("rip", "eflags", "cs", "ss", "fs_base", "cr0", "cr3", "cr4",
                "efer", "st0", "fctrl", "mxcsr")) and
           re.search(r"^rip\s+0x10000", regs, re.M) and
           re.search(r"^cs\s+0x8\b", regs, re.M) and
           re.search(r"^cr0\s+0x11\b", regs, re.M) and
           re.search(r"^fctrl\s+0x37f", regs, re.M) and
           re.search(r"^mxcsr\s+0x1f80\b", regs, re.M) and
           re.search(r"^\$\d+ = 0$", regs, re.M),
           "info registers: general, segment, control, x87, SSE", out)
        ok("0x1234abcd" in section("setreg") and
           "= 0x1f00" in section("setreg"),
           "registers written read back (rdi; mxcsr, through XSAVE)", out)
        ok("104 'h'" in section("mem") and "111 'o'" in section("mem"),
           "memory reads through the guest's view", out)
        ok(re.search(r"Couldn't write debug register|Could not insert|"
                     r"Cannot insert hardware breakpoint",
                     section("toomany") + out),
           "a fifth debug-register breakpoint is refused", out)
        sw = section("swtoomany")
        ok(re.search(r"Cannot insert breakpoint \d+\.\s+Cannot access memory "
                     r"at address 0x200004", out) and
           "= 0x100009" in sw and
           "all 4 debug registers are in use" in vout,
           "a fifth break (Z0) is refused: gdb aborts the continue, the "
           "guest stays put, the emulator says why", "%s\n%s" % (out, vout))
        ok("exited with code 041" in out and rc == PASS,
           "the guest runs to its exit", "%s\n%s" % (out, vout))

        # detach: the guest runs on; memory through "monitor xp".
        out, rc, vout = session(elf, sock, [
            "hbreak next", "continue", "delete",
            "monitor xp /6c 0x%x" % syms["msg"],
            "set {char}0x%x = 'j'" % syms["msg"], "detach"])
        ok("0000000000%06x: 'h' 'e' 'l' 'l' 'o' '\\x0a'" % syms["msg"] in out,
           "monitor xp reads physical memory", out)
        ok("[Inferior 1 (Remote target) detached]" in out and
           rc == PASS and "jello" in vout,
           "detach: the guest runs on to its exit, with the byte gdb "
           "wrote", "%s\n%s" % (out, vout))
        # gdb's kill (vKill) ends the emulator at once.
        out, rc, vout = session(elf, sock, ["hbreak next", "continue",
                                            "kill"])
        ok("[Inferior 1 (Remote target) killed]" in out and rc == 0 and
           "hello" not in vout, "kill (vKill) ends the emulator",
           "%s\n%s\n%s" % (rc, out, vout))
        # Watchpoints on tests/hmp/paging.S's write through
        # 0xffff800000000000 ("Vire" = 1701996886), in ring 0. A KVM-PVM
        # host never fires them: there the stub refuses, and gdb's
        # software watchpoints (single-stepping) do the job.
        pobj = os.path.join(tmp, "paging.o")
        pelf = os.path.join(tmp, "paging.elf")
        subprocess.run(["gcc", "-m32", "-c", "-I", KVM_SRC,
                        os.path.join(KVM_SRC, "..", "hmp", "paging.S"),
                        "-o", pobj], check=True)
        subprocess.run(["ld", "-m", "elf_i386", "-T",
                        os.path.join(KVM_SRC, "pvh.ld"), "-o", pelf, pobj],
                       check=True)
        watch = ["hbreak long_mode", "continue", "delete",
                 "watch *(int *)0xffff800000000000", "continue",
                 "echo @hw\\n"]
        if host_is_pvm():
            watch += ["delete", "set can-use-hw-watchpoints 0",
                      "watch *(int *)0xffff800000000000", "continue",
                      "echo @sw\\n"]
        watch += ["echo @virt\\n", "x/2wx 0xffff800000000000",
                  "x/2wx 0xffff800000002000"]
        out, rc, vout = session(pelf, sock, watch + ["kill"])
        ok(re.search(r"0xffff800000000000:\s+0x65726956\s+0x00000000",
                     section("virt")) and
           "Cannot access memory at address 0xffff800000002000" in out,
           "memory through the guest's 4-level page tables (KVM_TRANSLATE)",
           out)
        fired = r"atchpoint \d+: \*\(int \*\)0xffff800000000000\s+" \
                r"Old value = 0\s+New value = 1701996886"
        if host_is_pvm():
            # gdb's warnings go to stderr: search the whole output
            ok("Could not insert hardware watchpoint 2" in out and
               "data watchpoints never fire on a KVM-PVM host" in vout,
               "KVM-PVM: a hardware watchpoint is refused, saying why",
               "%s\n%s" % (out, vout))
            ok(re.search(fired, out) and "Hardware watchpoint 2" in out,
               "KVM-PVM: a software watchpoint fires", out)
        else:
            ok(re.search(fired, section("hw")),
               "a debug-register watchpoint fires", out)

        # Raw packets against tests/hmp/paging.S, which spins in long
        # mode: Ctrl-C stops it, the stop names the thread, rip is in
        # the loop, and vKill ends the emulator.
        spin = int(subprocess.run(["nm", pelf], capture_output=True,
                                  text=True).stdout.split(" T spin")[0]
                   .split("\n")[-1], 16)
        p = start(pelf, sock, ["-smp", "2"])
        s = gdbtest.vireotest.connect(sock)
        first = raw_cmd(s, b"?")
        threads = raw_cmd(s, b"qfThreadInfo")
        ok(threads == b"m1,2" and raw_cmd(s, b"Hg2") == b"OK" and
           len(raw_cmd(s, b"g")) > 0 and raw_cmd(s, b"Hg1") == b"OK",
           "-smp 2: a thread per vCPU, each one's registers readable",
           threads)
        s.sendall(packet(b"vCont;c"))
        # the guest reaches its loop; KVM exits are not needed for that
        stop = None
        for _ in range(100):
            time.sleep(0.1)
            s.sendall(b"\x03")
            stop = read_packet(s)
            rip = int.from_bytes(bytes.fromhex(
                raw_cmd(s, b"p10").decode()), "little")
            if rip in (spin, spin + 2):
                break
            s.sendall(packet(b"vCont;c"))
        ok(first == b"T05thread:01;" and stop == b"T02thread:01;",
           "Ctrl-C stops a running KVM guest; stops name the thread",
           (first, stop))
        ok(rip in (spin, spin + 2), "rip is in the guest's loop", hex(rip))
        ok(raw_cmd(s, b"vKill;1") == b"OK", "vKill: OK")
        rc, vout = gdbtest.finish(p)
        ok(rc == 0, "vKill ends the emulator", vout)
        s.close()
    tap.done()


main()
