#!/usr/bin/env python3
"""Build one tests/linux-user program for riscv64 Linux and run it under a
user-mode emulator (build/vireo-riscv64, or qemu-riscv64 by hand).

The program is cross-compiled at test time with riscv64-linux-gnu-gcc,
statically or dynamically linked (a dynamic one runs with -L SYSROOT).
It passes when it exits 0, prints no "FAIL" line, ends with "PASS" (the
self-checking programs, see check.h) and, when NAME.expected exists next
to the source, its output equals that file. With --qemu, the same binary
also runs under QEMU and the two outputs must be equal. Exit 77 (SKIP,
with the reason) when the compiler, the sysroot or the emulator is missing.

Known QEMU 7.2 differences (the checks are skipped, via VIREO_LU_SKIP,
only when the emulator run is QEMU's):
  execve-self  process.c: a riscv64 program execve'ing a riscv64 binary.
               qemu-riscv64 hands execve to the host kernel, which cannot
               run the foreign ELF without binfmt_misc (ENOEXEC); an
               emulator must run it under itself.

Usage: run-linux-user-test.py --emulator PATH [--sysroot DIR]
           [--link static|dynamic] [--builddir DIR] [--qemu PATH] SOURCE
SPDX-License-Identifier: GPL-2.0-or-later
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap

CC = 'riscv64-linux-gnu-gcc'
TIMEOUT = 120
QEMU_KNOWN_WRONG = {'process': ['execve-self'], 'recent-calls': ['execve-self']}
ARGS = {'hello': ['one', 'two', 'three']}


def skip(why):
    print('SKIP: ' + why)
    sys.exit(77)


def is_qemu(path):
    return os.path.basename(path).startswith('qemu-')


def run(emulator, args, exe, name, tmp):
    cmd = [emulator]
    if args.link == 'dynamic':
        cmd += ['-L', args.sysroot]
    cmd += [exe] + ARGS.get(name, [])
    if name == 'files':
        cmd.append(tempfile.mkdtemp(dir=tmp))
    env = {'PATH': '/usr/bin:/bin', 'LC_ALL': 'C',
           'VIREO_LU_ENV': 'env-ok'}
    if is_qemu(emulator):
        env['VIREO_LU_SKIP'] = ','.join(QEMU_KNOWN_WRONG.get(name, []))
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                           env=env, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return None, 'timed out after %d s: %s' % (TIMEOUT, ' '.join(cmd))
    out = p.stdout.decode(errors='replace')
    why = None
    if p.returncode != 0:
        why = 'exit status %d' % p.returncode
    elif re.search(r'^FAIL', out, re.M):
        why = 'a check failed'
    elif os.path.exists(args.expected):
        with open(args.expected) as f:
            if f.read() != out:
                why = 'output differs from ' + args.expected
    elif not out.endswith('PASS\n'):
        why = 'no PASS line'
    if why:
        why += ' (%s)\n%s%s' % (' '.join(cmd), out,
                                p.stderr.decode(errors='replace')[-2000:])
    return out, why


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--emulator', required=True)
    ap.add_argument('--sysroot', default='/usr/riscv64-linux-gnu')
    ap.add_argument('--link', choices=['static', 'dynamic'],
                    default='static')
    ap.add_argument('--builddir')
    ap.add_argument('--qemu', help='also run under this QEMU and compare')
    ap.add_argument('source')
    args = ap.parse_args()

    name = os.path.splitext(os.path.basename(args.source))[0]
    args.expected = os.path.splitext(args.source)[0] + '.expected'
    if not shutil.which(CC):
        skip('%s is not installed (gcc-riscv64-linux-gnu)' % CC)
    if not os.access(args.emulator, os.X_OK):
        skip('no emulator at %s' % args.emulator)
    if args.link == 'dynamic' and not os.path.exists(
            os.path.join(args.sysroot, 'lib', 'ld-linux-riscv64-lp64d.so.1')):
        skip('no riscv64 sysroot at %s (libc6-dev-riscv64-cross)' %
             args.sysroot)
    with tempfile.TemporaryDirectory() as tmp:
        outdir = args.builddir or tmp
        os.makedirs(outdir, exist_ok=True)
        exe = os.path.join(outdir, '%s-%s' % (name, args.link))
        cmd = [CC, '-O2', '-g', '-Wall', '-Werror', '-pthread',
               args.source, '-o', exe, '-lm']
        if args.link == 'static':
            cmd.insert(1, '-static')
        c = subprocess.run(cmd, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT)
        if c.returncode != 0:
            print('compile failed: %s\n%s' %
                  (' '.join(cmd), c.stdout.decode(errors='replace')))
            return 1
        out, why = run(args.emulator, args, exe, name, tmp)
        if why:
            print('FAIL under %s: %s' % (args.emulator, why))
            return 1
        print(out, end='')
        if args.qemu and os.path.realpath(args.qemu) != \
                os.path.realpath(args.emulator):
            if not os.access(args.qemu, os.X_OK):
                print('(no %s: not compared with QEMU)' % args.qemu)
                return 0
            qout, why = run(args.qemu, args, exe, name, tmp)
            if why:
                # indented: QEMU's own TAP lines must not count as ours
                print('note: QEMU itself fails:\n' +
                      textwrap.indent(why, '#   '))
            elif QEMU_KNOWN_WRONG.get(name):
                print('(not compared with QEMU: it is known wrong on %s)' %
                      ', '.join(QEMU_KNOWN_WRONG[name]))
            elif qout != out:
                print('FAIL: output differs from QEMU\'s:\n' +
                      textwrap.indent(qout, '#   '))
                return 1
            else:
                print('same output under %s' % args.qemu)
    return 0


if __name__ == '__main__':
    sys.exit(main())
