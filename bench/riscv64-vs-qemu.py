#!/usr/bin/env python3
"""Guest CPU workloads (bench/riscv64/*.c) under Vireo and Debian's QEMU.

Each workload is compiled here with riscv64-unknown-elf-gcc -O2 into a
bare-metal -M spike ELF (bench/riscv64/crt0.S: Sv39 on, main in S-mode,
HTIF console and exit), run REPS times under each emulator alternately,
and its checksum line compared between the two. Prints the median CPU
time (user + system, all threads) and wall time of each and the
Vireo/QEMU ratio of CPU times (below 1: Vireo faster).
With --boot, also times Debian's riscv64 kernel on -M virt from process
start to the initramfs marker (guests from tests/guests/fetch-guests.sh).
Not run by make check.

Usage: bench/riscv64-vs-qemu.py [--vireo PATH] [--reps N] [--boot]
                                [--backend native|tci] [WORKLOAD...]
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
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(HERE, 'riscv64')
WORKLOADS = ['int-crc', 'int-sort', 'fp-nbody', 'fp-matmul', 'mem-random',
             'branch-interp']
CFLAGS = ['-O2', '-march=rv64gc', '-mabi=lp64d', '-mcmodel=medany',
          '-ffreestanding', '-fno-builtin-memset', '-nostdlib',
          '-nostartfiles', '-static', '-Wall',
          '-Wl,--no-warn-rwx-segments']
QEMU = 'qemu-system-riscv64'
TIMEOUT = 300
CACHE = os.path.join(os.environ.get('XDG_CACHE_HOME') or
                     os.path.join(os.path.expanduser('~'), '.cache'),
                     'vireo-guests', 'riscv64')
MARKER = b'GUEST-BOOT-OK'


def build(cc, name, outdir):
    elf = os.path.join(outdir, name + '.elf')
    subprocess.run([cc] + CFLAGS + ['-T', os.path.join(SRC, 'link.ld'),
                    os.path.join(SRC, 'crt0.S'), os.path.join(SRC, 'lib.c'),
                    os.path.join(SRC, name + '.c'), '-lgcc', '-o', elf],
                   check=True)
    return elf


def spike_cmd(which, args, elf):
    if which == 'vireo':
        return [args.vireo, '-M', 'spike', '-m', '256M', '-display', 'none',
                '-accel', 'tcg,backend=' + args.backend,
                '-bios', 'none', '-kernel', elf]
    return [QEMU, '-M', 'spike', '-m', '256M', '-nographic',
            '-bios', 'none', '-kernel', elf]


def run_once(cmd):
    """CPU time (user + system, all threads), wall time, exit status,
    checksum line and output of one run. CPU time is the figure compared:
    on a shared machine it moves less with the load than wall time."""
    with tempfile.TemporaryFile() as out:
        t0 = time.monotonic()
        p = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT,
                             stdin=subprocess.DEVNULL)
        killer = threading.Timer(TIMEOUT, p.kill)
        killer.start()
        _, status, ru = os.wait4(p.pid, 0)
        killer.cancel()
        wall = time.monotonic() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read().decode(errors='replace')
    m = re.search(r'^\S+ checksum [0-9a-f]{16}$', text, re.M)
    return (ru.ru_utime + ru.ru_stime, wall, p.returncode,
            m.group(0) if m else None, text)


def boot_once(cmd):
    """Seconds from process start to the marker on the console."""
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    seen = b''
    try:
        while True:
            if time.monotonic() - t0 > TIMEOUT:
                return None
            chunk = os.read(p.stdout.fileno(), 4096)
            if not chunk:
                return None
            seen = seen[-64:] + chunk
            if MARKER in seen:
                return time.monotonic() - t0
    finally:
        p.kill()
        p.wait()


def boot_cmd(which, args):
    common = ['-M', 'virt', '-m', '512M', '-nographic',
              '-kernel', os.path.join(CACHE, 'Image'),
              '-initrd', os.path.join(CACHE, 'initrd.gz'),
              '-append', 'console=ttyS0 panic=-1', '-no-reboot']
    if which == 'vireo':
        return [args.vireo, '-accel', 'tcg,backend=' + args.backend,
                '-bios', os.path.join(CACHE, 'fw_dynamic.bin')] + common
    return [QEMU] + common          # QEMU's own default OpenSBI


def fmt_row(cells, widths):
    return '| ' + ' | '.join(str(c).rjust(w) if i else str(c).ljust(w)
                             for i, (c, w) in enumerate(zip(cells, widths))) \
        + ' |'


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--vireo', default=os.path.join(
        HERE, '..', 'build', 'vireo-system-riscv64'))
    ap.add_argument('--reps', type=int, default=3)
    ap.add_argument('--backend', default='native')
    ap.add_argument('--boot', action='store_true',
                    help='also time the -M virt Linux boot to the marker')
    ap.add_argument('workloads', nargs='*', default=WORKLOADS)
    args = ap.parse_args()

    cc = shutil.which('riscv64-unknown-elf-gcc')
    if not cc or not shutil.which(QEMU) or not os.path.exists(args.vireo):
        sys.exit('need riscv64-unknown-elf-gcc, %s and %s' %
                 (QEMU, args.vireo))
    rows, failed = [], False
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.workloads:
            elf = build(cc, name, tmp)
            times = {'vireo': [], 'qemu': []}
            walls = {'vireo': [], 'qemu': []}
            sums = {}
            for _ in range(args.reps):
                for which in ('vireo', 'qemu'):
                    dt, wall, rc, line, out = run_once(
                        spike_cmd(which, args, elf))
                    if rc != 0 or not line:
                        print('%s under %s: exit %d\n%s' %
                              (name, which, rc, out[-2000:]), file=sys.stderr)
                        failed = True
                    times[which].append(dt)
                    walls[which].append(wall)
                    sums.setdefault(which, line)
            same = sums.get('vireo') == sums.get('qemu') and sums['vireo']
            if not same:
                print('%s: checksums differ: vireo %r, qemu %r' %
                      (name, sums.get('vireo'), sums.get('qemu')),
                      file=sys.stderr)
                failed = True
            v = statistics.median(times['vireo'])
            q = statistics.median(times['qemu'])
            rows.append([name, '%.3f' % v, '%.3f' % q, '%.2f' % (v / q),
                         '%.3f' % statistics.median(walls['vireo']),
                         '%.3f' % statistics.median(walls['qemu']),
                         'same' if same else 'DIFFER'])
            print('%s: cpu vireo %s, qemu %s' %
                  (name, ' '.join('%.3f' % t for t in times['vireo']),
                   ' '.join('%.3f' % t for t in times['qemu'])),
                  file=sys.stderr)
    if args.boot:
        if not os.path.exists(os.path.join(CACHE, 'Image')):
            print('no guests in %s (tests/guests/fetch-guests.sh): boot '
                  'skipped' % CACHE, file=sys.stderr)
        else:
            times = {'vireo': [], 'qemu': []}
            for _ in range(args.reps):
                for which in ('vireo', 'qemu'):
                    t = boot_once(boot_cmd(which, args))
                    if t is None:
                        print('boot under %s: no marker' % which,
                              file=sys.stderr)
                        failed = True
                    else:
                        times[which].append(t)
            if times['vireo'] and times['qemu']:
                v = statistics.median(times['vireo'])
                q = statistics.median(times['qemu'])
                rows.append(['virt Linux boot to marker (wall)', '-', '-',
                             '%.2f' % (v / q), '%.3f' % v, '%.3f' % q, '-'])

    head = ['workload', 'Vireo CPU (s)', 'QEMU CPU (s)', 'Vireo/QEMU',
            'Vireo wall (s)', 'QEMU wall (s)', 'checksum']
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
