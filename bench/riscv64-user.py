#!/usr/bin/env python3
"""The riscv64 CPU workloads (bench/riscv64/*.c) as Linux programs under
vireo-riscv64 and qemu-riscv64 (user-mode emulation), and natively.

Each workload is compiled with riscv64-linux-gnu-gcc -O2 -static and, for
the native baseline, with the host's gcc -O2, both with -DBENCH_HOSTED
(bench.h then prints the checksum line to stdout instead of the HTIF
console) and -DBENCH_SCALE=N: the workloads are sized for -M spike, where
they take a fraction of a second in user mode, so each gets a fixed
multiple of its work (SCALE below, about 1.5-3 s under qemu-riscv64 on
the reference machine) to keep start-up and translation from dominating.
--scale N uses one multiple for every workload (1: the -M spike size).
Each rep runs the three in turn; the table has the median CPU time
(user + system, all threads) of each and the ratios Vireo/QEMU and
Vireo/native (below 1: Vireo faster). The two emulators' checksum lines
must be equal; the native one is only reported (gcc contracts a*b+c into
fmadd for riscv64 -O2 but not for x86-64 without -mfma, so the fp
workloads may differ in the last bits). Not run by make check.

Until vireo-riscv64 exists: --vireo /usr/bin/qemu-riscv64 checks the
script itself.

Usage: bench/riscv64-user.py [--vireo PATH] [--qemu PATH] [--reps N]
                             [--scale N] [WORKLOAD...]
SPDX-License-Identifier: GPL-2.0-or-later
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(HERE, 'riscv64')
WORKLOADS = ['int-crc', 'int-sort', 'fp-nbody', 'fp-matmul', 'mem-random',
             'branch-interp']
SCALE = {'int-crc': 10, 'int-sort': 5, 'fp-nbody': 5, 'fp-matmul': 6,
         'mem-random': 20, 'branch-interp': 5}
CROSS = 'riscv64-linux-gnu-gcc'
HOST_CC = 'gcc'
CFLAGS = ['-O2', '-Wall', '-DBENCH_HOSTED']
TIMEOUT = 300
RUNNERS = ('vireo', 'qemu', 'native')


def build(cc, extra, src, exe):
    subprocess.run([cc] + CFLAGS + extra + [src, '-o', exe, '-lm'], check=True)
    return exe


def run_once(cmd):
    """CPU time of one run (children's rusage: the emulator and anything
    it forks), exit status and checksum line."""
    with tempfile.TemporaryFile() as out:
        p = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT,
                             stdin=subprocess.DEVNULL)
        killer = threading.Timer(TIMEOUT, p.kill)
        killer.start()
        _, status, ru = os.wait4(p.pid, 0)
        killer.cancel()
        out.seek(0)
        text = out.read().decode(errors='replace')
    m = re.search(r'^\S+ checksum [0-9a-f]{16}$', text, re.M)
    return (ru.ru_utime + ru.ru_stime, os.waitstatus_to_exitcode(status),
            m.group(0) if m else None, text)


def fmt_row(cells, widths):
    return '| ' + ' | '.join(str(c).rjust(w) if i else str(c).ljust(w)
                             for i, (c, w) in enumerate(zip(cells, widths))) \
        + ' |'


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--vireo', default=os.path.join(
        HERE, '..', 'build', 'vireo-riscv64'))
    ap.add_argument('--qemu', default=shutil.which('qemu-riscv64') or
                    '/usr/bin/qemu-riscv64')
    ap.add_argument('--reps', type=int, default=3)
    ap.add_argument('--scale', type=int, default=None,
                    help='work multiple for every workload (default: '
                    'per-workload, see SCALE)')
    ap.add_argument('workloads', nargs='*', default=WORKLOADS)
    args = ap.parse_args()

    for tool in (CROSS, HOST_CC):
        if not shutil.which(tool):
            sys.exit('need %s' % tool)
    for path in (args.vireo, args.qemu):
        if not os.access(path, os.X_OK):
            sys.exit('no emulator at %s (--vireo/--qemu)' % path)
    rows, failed = [], False
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.workloads:
            src = os.path.join(SRC, name + '.c')
            scale = ['-DBENCH_SCALE=%d' % (args.scale or SCALE.get(name, 1))]
            rv = build(CROSS, ['-static'] + scale, src,
                       os.path.join(tmp, name + '-riscv64'))
            host = build(HOST_CC, ['-fno-math-errno'] + scale, src,
                         os.path.join(tmp, name + '-native'))
            cmds = {'vireo': [args.vireo, rv], 'qemu': [args.qemu, rv],
                    'native': [host]}
            times = {r: [] for r in RUNNERS}
            sums = {}
            for _ in range(args.reps):
                for r in RUNNERS:
                    dt, rc, line, out = run_once(cmds[r])
                    if rc != 0 or not line:
                        print('%s under %s: exit %d\n%s' %
                              (name, r, rc, out[-2000:]), file=sys.stderr)
                        failed = True
                    times[r].append(dt)
                    sums.setdefault(r, line)
            same = sums['vireo'] is not None and sums['vireo'] == sums['qemu']
            if not same:
                print('%s: checksums differ: vireo %r, qemu %r' %
                      (name, sums['vireo'], sums['qemu']), file=sys.stderr)
                failed = True
            med = {r: statistics.median(times[r]) for r in RUNNERS}
            rows.append([name] + ['%.3f' % med[r] for r in RUNNERS] +
                        ['%.2f' % (med['vireo'] / med['qemu']),
                         '%.1f' % (med['vireo'] / max(med['native'], 1e-3)),
                         'same' if same else 'DIFFER',
                         'same' if sums['native'] == sums['vireo']
                         else 'differs'])
            print('%s: cpu %s' % (name, '; '.join(
                '%s %s' % (r, ' '.join('%.3f' % t for t in times[r]))
                for r in RUNNERS)), file=sys.stderr)

    head = ['workload', 'Vireo CPU (s)', 'QEMU CPU (s)', 'native CPU (s)',
            'Vireo/QEMU', 'Vireo/native', 'checksum', 'native checksum']
    widths = [max(len(str(r[i])) for r in rows + [head])
              for i in range(len(head))]
    print(fmt_row(head, widths))
    print('| ' + ' | '.join('-' * (w - 1) + (':' if i else '-')
                            for i, w in enumerate(widths)) + ' |')
    for r in rows:
        print(fmt_row(r, widths))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
