#!/usr/bin/env python3
# -M spike as a user meets it (TAP): the errors for a missing, unreadable,
# foreign or truncated program, -bios with -kernel, and with the cross
# compiler: the exit status taken from tohost (including a code whose low
# byte is 0, which must not exit 0, and a halt loop writing only tohost's
# low word, as the compliance targets do), HTIF console output on stdout only,
# -bios none -kernel FILE, and -M spike,signature=FILE.
# SPDX-License-Identifier: GPL-2.0-or-later
import os
import shutil
import subprocess
import sys
import tempfile

SRC = os.path.dirname(os.path.abspath(__file__))

PROGRAM = r"""
    .section .text.init, "ax"
    .globl _start
_start:
    la a0, msg
    la t0, sysbuf
    li t1, 64
    sd t1, 0(t0)
    li t1, 1
    sd t1, 8(t0)
    sd a0, 16(t0)
    li t1, 6
    sd t1, 24(t0)
    la t1, tohost
    sd t0, 0(t1)
1:  la t1, fromhost
    ld t2, 0(t1)
    beqz t2, 1b
    li a0, (CODE << 1) | 1
    la t1, tohost
    sd a0, 0(t1)
2:  j 2b
    .data
msg: .ascii "hello\n"
    .balign 8
sysbuf: .dword 0, 0, 0, 0, 0, 0, 0, 0
    .section .tohost, "aw", @progbits
    .balign 64
    .globl tohost
tohost: .dword 0
    .balign 64
    .globl fromhost
fromhost: .dword 0
"""


SIGNATURE = r"""
    .section .text.init, "ax"
    .globl _start
_start:
    la t0, begin_signature
    li t1, 0xdeadbeef
    sw t1, 4(t0)
    li a0, 1
    la t1, tohost
    sd a0, 0(t1)
1:  j 1b
    .data
    .balign 16
    .globl begin_signature
begin_signature: .word 0x11223344, 0, 0xabcdef01, 5
    .globl end_signature
end_signature:
    .section .tohost, "aw", @progbits
    .globl tohost
tohost: .dword 0
    .globl fromhost
fromhost: .dword 0
"""


# The compliance targets' halt: only the low word of tohost is written,
# over and over (spike polls tohost; the upper word stays 0).
LOW_WORD_HALT = r"""
    .section .text.init, "ax"
    .globl _start
_start:
    la t0, begin_signature
    li t1, 0x600df00d
    sw t1, 0(t0)
    li a0, (CODE << 1) | 1
1:  sw a0, tohost, t5
    j 1b
    .data
    .balign 16
    .globl begin_signature
begin_signature: .word 0
    .globl end_signature
end_signature:
    .section .tohost, "aw", @progbits
    .globl tohost
tohost: .dword 0
    .globl fromhost
fromhost: .dword 0
"""


def run(binary, args, timeout=30):
    p = subprocess.run([binary, "-M", "spike", "-display", "none"] + args,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=timeout)
    return p.returncode, p.stdout.decode(), p.stderr.decode()


def expect_error(binary, args, words):
    rc, out, err = run(binary, args)
    if rc == 0:
        return "exit status 0"
    for w in words:
        if w not in err:
            return "stderr lacks %r: %r" % (w, err)
    if out:
        return "stdout not empty: %r" % out
    return None


def cross_cc():
    for c in ("riscv64-unknown-elf-gcc", "riscv64-linux-gnu-gcc"):
        if shutil.which(c):
            return c
    return None


def build(cc, tmp, code, text=PROGRAM):
    src = os.path.join(tmp, "p%d.S" % code)
    elf = os.path.join(tmp, "p%d.elf" % code)
    with open(src, "w") as f:
        f.write(text.replace("CODE", str(code)))
    subprocess.run([cc, "-nostdlib", "-nostartfiles", "-static",
                    "-march=rv64gc", "-mabi=lp64d",
                    "-Wl,--no-warn-rwx-segments",
                    "-T", os.path.join(SRC, "link.ld"), src, "-o", elf],
                   check=True)
    return elf


def main():
    binary = sys.argv[1]
    tmp = tempfile.mkdtemp()
    try:
        junk = os.path.join(tmp, "junk.bin")
        with open(junk, "wb") as f:
            f.write(b"not an elf file at all" * 4)
        trunc = os.path.join(tmp, "trunc.elf")
        with open(trunc, "wb") as f:
            # an RV64 ELF header claiming program headers past the end
            hdr = bytearray(64)
            hdr[0:4] = b"\x7fELF"
            hdr[4] = 2      # 64-bit
            hdr[5] = 1      # little-endian
            hdr[6] = 1
            hdr[16] = 2     # ET_EXEC
            hdr[18] = 243   # EM_RISCV
            hdr[32] = 200   # e_phoff
            hdr[54] = 56    # e_phentsize
            hdr[56] = 4     # e_phnum
            f.write(hdr)
        cases = [
            ("no program", lambda: expect_error(binary, [], ["-bios"])),
            ("missing file", lambda: expect_error(
                binary, ["-bios", os.path.join(tmp, "nope.elf")],
                ["nope.elf"])),
            ("not ELF", lambda: expect_error(binary, ["-bios", junk],
                                             ["not a little-endian RV64"])),
            ("foreign ELF", lambda: expect_error(
                binary, ["-bios", sys.executable],
                ["not a little-endian RV64"])),
            ("truncated ELF", lambda: expect_error(binary, ["-bios", trunc],
                                                   ["truncated"])),
            ("-bios and -kernel", lambda: expect_error(
                binary, ["-bios", junk, "-kernel", junk], ["not both"])),
        ]
        cc = cross_cc()

        def exit_case(code, want, bios_none=False):
            def f():
                elf = build(cc, tmp, code)
                args = (["-bios", "none", "-kernel", elf] if bios_none
                        else ["-bios", elf])
                rc, out, err = run(binary, args)
                if rc != want:
                    return "exit status %d, want %d (%s)" % (rc, want, err)
                if out != "hello\n":
                    return "stdout %r" % out
                if code and "FAILED" not in err:
                    return "no failure note on stderr: %r" % err
                return None
            return f

        def signature_case():
            elf = build(cc, tmp, 1000, SIGNATURE)
            sig = os.path.join(tmp, "sig.txt")
            rc, out, err = run(binary, ["-M", "spike,signature=" + sig,
                                        "-bios", elf])
            if rc != 0:
                return "exit status %d (%s)" % (rc, err)
            with open(sig) as f:
                got = f.read()
            want = "11223344\ndeadbeef\nabcdef01\n00000005\n"
            return None if got == want else "signature %r" % got

        def no_signature_symbols():
            elf = build(cc, tmp, 0)
            sig = os.path.join(tmp, "nosig.txt")
            rc, out, err = run(binary, ["-M", "spike,signature=" + sig,
                                        "-bios", elf])
            if rc != 0 or "begin_signature" not in err:
                return "status %d, stderr %r" % (rc, err)
            return "file written" if os.path.exists(sig) else None

        def low_word_halt():
            elf = build(cc, tmp, 7, LOW_WORD_HALT)
            sig = os.path.join(tmp, "low.txt")
            try:
                rc, out, err = run(binary, ["-M", "spike,signature=" + sig,
                                            "-bios", elf], timeout=20)
            except subprocess.TimeoutExpired:
                return "no exit: the low-word write was never acted on"
            if rc != 7:
                return "exit status %d, want 7 (%s)" % (rc, err)
            with open(sig) as f:
                got = f.read()
            return None if got == "600df00d\n" else "signature %r" % got

        for name, f in [("signature file", signature_case),
                        ("low-word tohost halt loop", low_word_halt),
                        ("signature without symbols", no_signature_symbols),
                        ("tohost 1 exits 0", exit_case(0, 0)),
                        ("tohost code 3 exits 3", exit_case(3, 3)),
                        ("code 256 exits 255", exit_case(256, 255)),
                        ("-bios none -kernel", exit_case(5, 5, True))]:
            cases.append((name, f if cc else None))

        print("1..%d" % len(cases))
        for n, (name, fn) in enumerate(cases, 1):
            if fn is None:
                print("ok %d - %s # SKIP no riscv64 cross compiler"
                      % (n, name))
                continue
            why = fn()
            if why:
                print("not ok %d - %s" % (n, name))
                print("# " + why.replace("\n", "\\n"))
            else:
                print("ok %d - %s" % (n, name))
    finally:
        shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
