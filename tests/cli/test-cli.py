#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Run the real vireo-system binary with malformed and informational
command lines and report TAP.

Every malformed command line must end with exit status 1 (not a signal),
print nothing on stdout and exactly one line on stderr that starts with
the program name and names the option at fault. Informational options
must exit 0 with their text on stdout and nothing on stderr.

Usage: test-cli.py PATH-TO-vireo-system-riscv64
"""
import os
import subprocess
import sys

# (arguments, text the one stderr line must contain)
MALFORMED = [
    (["-foo"], "-foo: invalid option"),
    (["--foo"], "--foo: invalid option"),
    (["--"], "--: invalid option"),
    (["-"], "-: invalid option"),
    (["-m=1G"], "-m=1G: invalid option"),
    (["disk.img"], "disk.img: a disk image argument is not supported yet"),
    ([""], "'': a disk image argument"),
    (["-m"], "-m: requires an argument"),
    (["--kernel"], "-kernel: requires an argument"),
    (["-M", "virt", "-device"], "-device: requires an argument"),
    (["-m", "0"], "-m 0: memory size must be > 0"),
    (["-m", "abc"], "-m abc: size: 'abc' is not a valid size"),
    (["-m", "16E"], "-m 16E: size: '16E' is too large"),
    (["-m", "5T"], "-m 5T: memory size must be at most 4 TiB"),
    (["-m", "1G,foo=1"], "-m 1G,foo=1: unknown parameter 'foo'"),
    (["-m", "1G,"], "-m 1G,: trailing ','"),
    (["-m", ""], "-m '': empty parameter list"),
    (["-m", "2G,maxmem=1G"], "-m 2G,maxmem=1G: maxmem (1 GiB) must be"),
    (["-m", "1G,maxmem=4G"], "-m 1G,maxmem=4G: maxmem (4 GiB) above size"),
    (["-smp", "0"], "-smp 0: cpus must be > 0"),
    (["-smp", "100000"], "-smp 100000: cpus=100000 is more than"),
    (["-smp", "8,cores=3"], "-smp 8,cores=3: sockets (2) * cores (3)"),
    (["-smp", "4,maxcpus=2"], "-smp 4,maxcpus=2: cpus (4) is more than"),
    (["-smp", "x"], "-smp x: cpus: 'x' is not a number"),
    (["-smp", "99999999999999999999999"], "-smp 99999999999999999999999:"),
    (["-M", ""], "-M '': empty parameter list"),
    (["-M", "virt,dumpdtb=a,dumpdtb=b"], "parameter 'dumpdtb' given twice"),
    (["-machine", ",virt"], "-machine ,virt: empty parameter before ','"),
    (["-M", "virt,accel=kvm"], "-M virt,accel=kvm: accel= is not"),
    (["-cpu", ""], "-cpu '': CPU model name is empty"),
    (["-accel", "foo"], "-accel foo: unknown accelerator 'foo'"),
    (["-accel", "tcg,backend=llvm"], "-accel tcg,backend=llvm: backend:"),
    (["-accel", "tcg,tb-size=99999"], "-accel tcg,tb-size=99999: tb-size"),
    (["-accel", "tcg,one-insn-per-tb=2"], "one-insn-per-tb: '2' is not"),
    (["-M", "none", "-accel", "kvm"],
     "-accel kvm: no accelerator 'kvm' in this build"),
    (["-M", "none", "-enable-kvm"],
     "-accel kvm: no accelerator 'kvm' in this build"),
    (["-kernel", ""], "-kernel '': file name is empty"),
    (["-initrd", "r.cpio"], "-initrd r.cpio: only allowed with -kernel"),
    (["-append", "quiet"], "-append quiet: only allowed with -kernel"),
    (["-dtb", "b.dtb"], "-dtb b.dtb: only allowed with -kernel"),
    (["-drive", "file=a,format=vmdk"], "-drive file=a,format=vmdk: format:"),
    (["-drive", "format=raw"], "-drive format=raw: file= is required"),
    (["-drive", "file=a,if=usb"], "-drive file=a,if=usb: if: 'usb'"),
    (["-drive", "file=a,id=1x"], "-drive file=a,id=1x: invalid id '1x'"),
    (["-drive", "file=x.img"],
     "-drive file=x.img: could not open 'x.img': No such file"),
    (["-drive", "file=/dev/null,format=qcow2"],
     "-drive file=/dev/null: '/dev/null': format 'qcow2' is not supported"),
    (["-drive", "file=/dev/null,if=ide"],
     "-drive file=/dev/null: if=ide is not supported"),
    (["-device", ""], "-device '': empty parameter list"),
    (["-device", "id=x"], "-device id=x: device name missing"),
    (["-device", "a,id=x", "-device", "b,id=x"],
     "-device b,id=x: id 'x' is already used by another -device"),
    (["-device", "virtconsole,chardev=c9"],
     "-device virtconsole,chardev=c9: no -chardev with id 'c9'"),
    (["-netdev", "user"], "-netdev user: id= is required"),
    (["-netdev", "foo,id=n0"], "-netdev foo,id=n0: type: 'foo'"),
    (["-netdev", "user,id=n0"], "-netdev: not supported yet"),
    (["-nic", "user"], "-nic: not supported yet"),
    (["-chardev", "stdio"], "-chardev stdio: id= is required"),
    (["-serial", "foo"], "-serial foo: unknown character device 'foo'"),
    (["-serial", "tcp:localhost"], "-serial tcp:localhost: 'tcp:localhost'"),
    (["-serial", "chardev:nope"], "-serial chardev:nope: no -chardev"),
    (["-serial", "stdio", "-serial", "stdio"],
     "-serial stdio: stdio is already used by -serial stdio"),
    (["-serial", "null"] * 5, "-serial null: too many serial ports"),
    (["-serial", "stdio", "-monitor", "stdio"],
     "-monitor stdio: stdio is already used by -serial stdio"),
    (["-qmp", "bogus"], "-qmp bogus: unknown character device"),
    (["-gdb", "bogus"], "-gdb bogus: unknown character device 'bogus'"),
    (["-display", "gtk"], "-display gtk: display 'gtk' is not available"),
    (["-nographic", "-display", "none"],
     "-nographic: cannot be combined with -display"),
    (["-d", "bogus"], "-d bogus: unknown log item 'bogus'"),
    (["-D", ""], "-D '': file name is empty"),
    (["-D", "/nonexistent-dir/vireo.log"],
     "-D: cannot open log file '/nonexistent-dir/vireo.log'"),
    (["-rtc", "base=yesterday"], "-rtc base=yesterday: base:"),
    (["-rtc", "base=utc"], "-rtc: not supported yet"),
    (["-icount", "11"], "-icount 11: shift:"),
    (["-name", "x,foo=y"], "-name x,foo=y: unknown parameter 'foo'"),
    (["-m", "1\n2"], "-m 1\\x0a2: size:"),
    (["-M", "nosuch", "-m", "1G"], "-machine: unsupported machine type"),
    # virt is the default machine of vireo-system-riscv64
    (["-m", "1G", "-bios", "/nonexistent.bin"],
     "-machine virt: -bios /nonexistent.bin: cannot open '/nonexistent.bin'"),
    (["-M", "nosuch,help"], "-machine: unsupported machine type 'nosuch'"),
    (["-M", "none", "-device", "virtio-rng-device"],
     "-device virtio-rng-device: no free virtio-mmio slot"),
    (["-M", "none", "-device", "nosuch"],
     "'-device nosuch': no such device type"),
    (["-device", "nosuch,help"], "'-device nosuch': no such device type"),
    (["-M", "none,ram-size=lots"], "-machine ram-size=lots: "),
    (["-M", "none,colour=red"], "-machine colour=red: Property"),
    (["-M", "none", "-smp", "2"], "2 CPUs requested, but machine 'none'"),
    (["-M", "none", "-accel", "tcg,thread=many"],
     "-accel tcg,thread=many: thread: 'many' is not one of"),
    (["-M", "none", "-chardev", "socket,id=c0,path=/nonexistent/s,server=on"],
     "-chardev socket,id=c0,path=/nonexistent/s,server=on: "),
    (["-M", "none", "-serial", "file:/nonexistent-dir/out"],
     "-serial file:/nonexistent-dir/out: "),
]

# (arguments, text stdout must contain)
INFORMATIONAL = [
    (["-version"], "vireo-system-riscv64 version "),
    (["--version"], "Copyright"),
    (["-h"], "Usage: vireo-system-riscv64 [options]"),
    (["-help"], "Debug and expert options:"),
    (["--help", "-foo"], "Boot options:"),
    (["-d", "help"], "guest_errors"),
    (["-accel", "help"], "tcg"),
    (["-netdev", "help"], "user"),
    (["-display", "help"], "none"),
    (["-M", "help"], "none                 empty machine"),
    (["-machine", "none,help"], "ram-size=<size>"),
    (["-device", "help"], "-device"),
    (["-cpu", "help"], "Available CPUs:\n  rv64\n"),
    (["-chardev", "help"], "socket"),
]


def run(binary, args):
    return subprocess.run([binary] + args, stdin=subprocess.DEVNULL,
                          capture_output=True, timeout=30)


def check_malformed(binary, args, want):
    proc = run(binary, args)
    err = proc.stderr.decode(errors="replace")
    lines = err.splitlines()
    prefix = "vireo-system-riscv64: "
    if proc.returncode < 0:
        return "killed by signal %d" % -proc.returncode
    if proc.returncode != 1:
        return "exit status %d, not 1" % proc.returncode
    if proc.stdout:
        return "unexpected stdout: %r" % proc.stdout[:200]
    if len(lines) != 1 or not err.endswith("\n"):
        return "stderr is not exactly one line: %r" % err[:400]
    if not lines[0].startswith(prefix):
        return "no program name: %r" % lines[0]
    if want not in lines[0]:
        return "%r not in %r" % (want, lines[0])
    return None


def check_informational(binary, args, want):
    proc = run(binary, args)
    out = proc.stdout.decode(errors="replace")
    if proc.returncode != 0:
        return "exit status %d, not 0" % proc.returncode
    if proc.stderr:
        return "unexpected stderr: %r" % proc.stderr[:200]
    if want not in out:
        return "%r not in stdout" % want
    return None


def main():
    if len(sys.argv) != 2 or not os.access(sys.argv[1], os.X_OK):
        print("Bail out! usage: test-cli.py PATH-TO-vireo-system-riscv64")
        return 1
    binary = sys.argv[1]
    cases = ([(check_malformed, a, w) for a, w in MALFORMED] +
             [(check_informational, a, w) for a, w in INFORMATIONAL])
    print("1..%d" % len(cases))
    failed = 0
    for n, (check, args, want) in enumerate(cases, 1):
        why = check(binary, args, want)
        name = " ".join(repr(a) if not a or " " in a or "\n" in a else a
                        for a in args)
        name = name.replace("\n", "\\n")
        if why:
            failed += 1
            print("not ok %d - %s" % (n, name))
            print("# " + why.replace("\n", "\\n"))
        else:
            print("ok %d - %s" % (n, name))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
