#!/usr/bin/env python3
"""Build one of the area programs (tests/linux-user/progs-AREA/*.c: they
print what they see rather than check it) statically for riscv64 and run
it under a user-mode emulator; its output must equal qemu-riscv64's when
QEMU is installed and is not known to be wrong for that program, and
otherwise NAME.expected next to the source (written from a vireo-riscv64
run that was compared with QEMU, and with the kernel's documented
behaviour where QEMU 7.2 differs). The signal program runs through its
harness, progs-signal/run.sh. Exit 77 (SKIP, with the reason) when the
compiler or the emulator is missing.

Known QEMU 7.2 differences (QEMU_WRONG below; only .expected is used):
  file-calls  an unknown ioctl gives ENOSYS (Linux: ENOTTY), no openat2,
              /proc/self/exe is not the program
  fork-exec   execve of a riscv64 program (or a #! script naming one)
              goes to the host kernel
  net-edge    socket() of an unknown type, MSG_CTRUNC, setsockopt with a
              negative length, no epoll_pwait2
  proc-misc   setrlimit(RLIMIT_STACK) is not kept, no riscv_hwprobe,
              membarrier offers the rseq commands
  fexecve,    execveat/execve of a riscv64 program goes to the host
  posix-spawn, kernel (and QEMU's vfork child writes are not seen)
  exec-pending,
  exec-kill-race
  exec-limits the same, and a host program does not get the limits set
  stack-growth  the main thread's stack stays 8 MiB whatever RLIMIT_STACK
  tty-calls   TIOCSBRK, TIOCCBRK, TIOCGPKT, TIOCGEXCL and TIOCSIG give
              ENOSYS

Usage: run-area-prog.py --emulator PATH [--qemu PATH] [--builddir DIR]
           SOURCE
SPDX-License-Identifier: GPL-2.0-or-later
"""
import argparse
import difflib
import os
import shutil
import subprocess
import sys
import tempfile

CC = 'riscv64-linux-gnu-gcc'
TIMEOUT = 120
QEMU_WRONG = {'file-calls', 'fork-exec', 'net-edge', 'proc-misc',
              'tty-calls', 'fexecve', 'posix-spawn', 'exec-pending',
              'exec-kill-race', 'stack-growth', 'exec-limits'}
# The signal cases run.sh runs: its default list and the thread ones.
SIGNAL_CASES = ['raise', 'kill', 'mask', 'segv-jump', 'segv-fix', 'sigbus',
                'altstack', 'nested', 'ucontext', 'fp', 'term', 'abort',
                'blocked-segv', 'bad-sigreturn', 'errors', 'eintr-ext',
                'suspend-ext', 'term-ext', 'thread', 'thread-route',
                'thread-ext']


def skip(why):
    print('SKIP: ' + why)
    sys.exit(77)


def setup(name, exe, scratch):
    """The program's arguments and environment."""
    env = {'PATH': '/usr/bin:/bin', 'LC_ALL': 'C'}
    if name == 'file-calls':
        return [scratch], env
    if name == 'fork-exec':
        with open(os.path.join(scratch, 's.sh'), 'w') as f:
            f.write('#!/bin/sh\necho "shell script: $*"\nexit 5\n')
        with open(os.path.join(scratch, 's2.sh'), 'w') as f:
            f.write('#!%s -x\n' % exe)
        for s in ('s.sh', 's2.sh'):
            os.chmod(os.path.join(scratch, s), 0o755)
        env['FORK_EXEC_DIR'] = scratch
    return [], env


def run(emulator, name, exe, source, tmp):
    """Output (with the exit status) of one run, or None and why."""
    scratch = tempfile.mkdtemp(dir=tmp)
    if name == 'sigtest':
        harness = os.path.join(os.path.dirname(source), 'run.sh')
        cmd = ['bash', harness, emulator, exe] + SIGNAL_CASES
        args, env = [], {'PATH': '/usr/bin:/bin', 'LC_ALL': 'C'}
    else:
        args, env = setup(name, exe, scratch)
        cmd = [emulator, exe] + args
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                           env=env, cwd=scratch, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return None, 'timed out after %d s: %s' % (TIMEOUT, ' '.join(cmd))
    out = p.stdout.decode(errors='replace')
    return out + 'exit status %d\n' % p.returncode, None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--emulator', required=True)
    ap.add_argument('--qemu')
    ap.add_argument('--builddir')
    ap.add_argument('source')
    args = ap.parse_args()

    name = os.path.splitext(os.path.basename(args.source))[0]
    expected = os.path.splitext(args.source)[0] + '.expected'
    emulator = os.path.abspath(args.emulator)
    if not shutil.which(CC):
        skip('%s is not installed (gcc-riscv64-linux-gnu)' % CC)
    if not os.access(emulator, os.X_OK):
        skip('no emulator at %s' % emulator)
    with tempfile.TemporaryDirectory() as tmp:
        outdir = args.builddir or tmp
        os.makedirs(outdir, exist_ok=True)
        exe = os.path.abspath(os.path.join(outdir, name))
        # -w: some programs pass bad pointers on purpose
        cmd = [CC, '-static', '-O2', '-w', '-pthread', args.source, '-o',
               exe, '-lm']
        c = subprocess.run(cmd, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT)
        if c.returncode != 0:
            print('compile failed: %s\n%s' %
                  (' '.join(cmd), c.stdout.decode(errors='replace')))
            return 1
        out, why = run(emulator, name, exe, args.source, tmp)
        if why:
            print('FAIL: ' + why)
            return 1
        print(out, end='')
        qemu = args.qemu if args.qemu and os.access(args.qemu, os.X_OK) \
            else None
        if qemu and name not in QEMU_WRONG:
            want, why = run(qemu, name, exe, args.source, tmp)
            if why:
                print('FAIL: QEMU: ' + why)
                return 1
            oracle = qemu
        elif os.path.exists(expected):
            with open(expected) as f:
                want = f.read()
            oracle = expected
        else:
            print('FAIL: no QEMU to compare with and no %s' % expected)
            return 1
        if out != want:
            print('FAIL: the output differs from %s\'s:' % oracle)
            sys.stdout.writelines(difflib.unified_diff(
                want.splitlines(True), out.splitlines(True),
                oracle, 'vireo-riscv64'))
            return 1
        print('same output as %s' % oracle)
    return 0


if __name__ == '__main__':
    sys.exit(main())
