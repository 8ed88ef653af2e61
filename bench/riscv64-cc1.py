#!/usr/bin/env python3
"""Debian's riscv64 C compiler proper (cc1 of gcc-14, from the devroot
sysroot that tests/guests/fetch-guests.sh makes) under vireo-riscv64 and
qemu-riscv64: a large program that runs briefly, so translation speed and
the lookup of indirect-jump targets count as much as the generated code.
Each rep compiles every source (tests/linux-user/toolchain/workload.c and
bench/riscv64/*.c) at -O2 to assembly under each emulator in turn; the
table has the median CPU time (user + system) per source and the ratio
Vireo/QEMU (below 1: Vireo faster). The two assembly outputs must be
byte-identical. Not run by make check.

Usage: bench/riscv64-cc1.py [--vireo PATH] [--qemu PATH] [--devroot DIR]
                            [--reps N]
SPDX-License-Identifier: GPL-2.0-or-later
"""
import argparse
import glob
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'tests', 'lib'))
from vireotest import guest_sysroot  # noqa: E402

GCC_LIB = 'usr/lib/gcc/riscv64-linux-gnu/14'
CC1 = 'usr/libexec/gcc/riscv64-linux-gnu/14/cc1'
TIMEOUT = 600


def cc1_args(root, src, out):
    return [os.path.join(root, CC1), '-quiet',
            '-imultiarch', 'riscv64-linux-gnu',
            '-iprefix', os.path.join(root, GCC_LIB) + '/',
            '-isystem', os.path.join(root, GCC_LIB, 'include'),
            '-isystem', os.path.join(root, 'usr/include/riscv64-linux-gnu'),
            '-isystem', os.path.join(root, 'usr/include'),
            '-DBENCH_HOSTED', src, '-march=rv64imafdc_zicsr_zifencei',
            '-mabi=lp64d', '-O2', '-o', out]


def cpu_time(cmd):
    """CPU time (user + system) of one run, its exit status and stderr."""
    before = os.times()
    try:
        p = subprocess.run(cmd, stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                           timeout=TIMEOUT)
        rc, err = p.returncode, p.stderr.decode(errors='replace')
    except subprocess.TimeoutExpired:
        rc, err = -1, 'timed out'
    after = os.times()
    return (after.children_user - before.children_user +
            after.children_system - before.children_system), rc, err


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--vireo', default=os.path.join(
        HERE, '..', 'build', 'vireo-riscv64'))
    ap.add_argument('--qemu', default=shutil.which('qemu-riscv64') or
                    '/usr/bin/qemu-riscv64')
    ap.add_argument('--devroot', default=guest_sysroot('devroot',
                                                       'VIREO_DEVROOT'))
    ap.add_argument('--reps', type=int, default=3)
    args = ap.parse_args()

    if not os.access(os.path.join(args.devroot, CC1), os.X_OK):
        sys.exit('no cc1 in %s (tests/guests/fetch-guests.sh riscv64)' %
                 args.devroot)
    for path in (args.vireo, args.qemu):
        if not os.access(path, os.X_OK):
            sys.exit('no emulator at %s (--vireo/--qemu)' % path)
    sources = [os.path.join(HERE, '..', 'tests', 'linux-user', 'toolchain',
                            'workload.c')] + \
        sorted(glob.glob(os.path.join(HERE, 'riscv64', '*.c')))
    emulators = {'vireo': args.vireo, 'qemu': args.qemu}
    rows, failed = [], False
    with tempfile.TemporaryDirectory() as tmp:
        for src in sources:
            name = os.path.basename(src)
            times = {e: [] for e in emulators}
            outs = {}
            for _ in range(args.reps):
                for e, emu in emulators.items():
                    out = os.path.join(tmp, '%s-%s.s' % (name, e))
                    dt, rc, err = cpu_time([emu, '-L', args.devroot] +
                                           cc1_args(args.devroot, src, out))
                    if rc != 0:
                        print('%s under %s: exit %d\n%s' %
                              (name, e, rc, err[-2000:]), file=sys.stderr)
                        failed = True
                    times[e].append(dt)
                    outs[e] = b''
                    if os.path.exists(out):
                        with open(out, 'rb') as f:
                            outs[e] = f.read()
            same = outs['vireo'] == outs['qemu'] and outs['vireo']
            failed |= not same
            med = {e: statistics.median(times[e]) for e in emulators}
            rows.append((name, med['vireo'], med['qemu'],
                         med['vireo'] / max(med['qemu'], 1e-3),
                         'same' if same else 'DIFFER'))
            print('%s: cpu vireo %s; qemu %s' % (
                name, ' '.join('%.2f' % t for t in times['vireo']),
                ' '.join('%.2f' % t for t in times['qemu'])),
                file=sys.stderr)
    print('| source | Vireo CPU (s) | QEMU CPU (s) | Vireo/QEMU | output |')
    print('|---|---:|---:|---:|---|')
    for r in rows:
        print('| %s | %.2f | %.2f | %.2f | %s |' % r)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
