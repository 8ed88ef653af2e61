#!/usr/bin/env python3
"""Debian's riscv64 Linux on -M virt under Vireo and Debian's QEMU.

Boots the kernel and initramfs of the guest cache
(tests/guests/fetch-guests.sh) with `-M virt -m 512M -smp N` under
build/vireo-system-riscv64 and qemu-system-riscv64, alternately, REPS
times each. The initramfs is the cache's initrd.gz with a /test.sh
appended (a second cpio archive, which the kernel unpacks over the
first) that runs a fixed CPU workload in the booted guest and prints
its result, then the guest powers off. Per run it measures, from the
host side:
  boot      process start to the GUEST-BOOT-OK marker (wall)
  shell     the busybox ash arithmetic loop (wall, marker to marker)
  md5       `md5sum` of 8 MiB made by `dd` and `tr` (wall, marker to marker)
  total     process start to exit after poweroff (wall)
  cpu       user + system time of the process, all threads, for the
            whole run and (from /proc/PID/stat at each marker, 10 ms
            resolution) for each phase above: on a loaded machine the
            CPU times move less than the wall times
  maxrss    peak resident memory of the process (wait4's ru_maxrss;
            it counts the forked Python before exec too, which is far
            smaller than either emulator)
and prints the medians, the Vireo/QEMU ratios (below 1: Vireo faster or
smaller) and the firmware each one reported. The workload's checksums
must agree between the two. Not run by make check; wall times on a
shared machine move with its load: run several reps.

With --baseline PATH, a second Vireo binary (an older build, say) runs
in the same alternation and gets its own column.

Usage: bench/riscv64-boot.py [--vireo PATH] [--baseline PATH] [--reps N]
           [--smp N] [--vireo-cpu MODEL[,PROPS]] [--qemu-bios PATH|default]
SPDX-License-Identifier: GPL-2.0-or-later
"""
import argparse
import gzip
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
QEMU = 'qemu-system-riscv64'
TIMEOUT = 600
CACHE = os.path.join(os.environ.get('XDG_CACHE_HOME') or
                     os.path.join(os.path.expanduser('~'), '.cache'),
                     'vireo-guests', 'riscv64')

# Sourced by the initramfs's /init after the boot marker; the loop counts
# are fixed so every run does the same guest work.
TEST_SH = r'''
echo WORK-SHELL-START
i=0; s=1
while [ $i -lt 20000 ]; do
    s=$(( (s * 31 + i) % 1000003 )); i=$((i + 1))
done
echo "WORK-SHELL-END $s"
echo WORK-MD5-START
dd if=/dev/zero bs=65536 count=128 2>/dev/null | busybox tr '\0' 'v' |
    busybox md5sum
echo WORK-MD5-END
'''
MARKERS = [b'GUEST-BOOT-OK', b'WORK-SHELL-START', b'WORK-SHELL-END',
           b'WORK-MD5-START', b'WORK-MD5-END']


def cpio_newc(files):
    """A newc cpio archive of (name, mode, data) entries."""
    out = bytearray()
    for ino, (name, mode, data) in enumerate(files + [('TRAILER!!!', 0,
                                                       b'')], 1):
        nb = name.encode() + b'\0'
        hdr = ('070701' + '%08x' * 13) % (
            ino, mode, 0, 0, 1, 0, len(data), 0, 0, 0, 0, len(nb), 0)
        out += hdr.encode() + nb
        out += b'\0' * (-len(out) % 4)
        out += data
        out += b'\0' * (-len(out) % 4)
    return bytes(out)


def make_initrd(path):
    """The cache's initrd.gz followed by a gzip'd cpio with /test.sh."""
    with open(os.path.join(CACHE, 'initrd.gz'), 'rb') as f:
        base = f.read()
    extra = gzip.compress(cpio_newc([('test.sh', 0o100755,
                                      TEST_SH.encode())]))
    with open(path, 'wb') as f:
        f.write(base + extra)


def cmd_for(which, args, initrd):
    common = ['-M', 'virt', '-smp', str(args.smp), '-m', '512M',
              '-nographic', '-kernel', os.path.join(CACHE, 'Image'),
              '-initrd', initrd, '-append', 'console=ttyS0 panic=-1',
              '-no-reboot']
    if which != 'qemu':
        extra = ['-cpu', args.vireo_cpu] if args.vireo_cpu else []
        binary = args.vireo if which == 'vireo' else args.baseline
        return [binary, '-bios',
                os.path.join(CACHE, 'fw_dynamic.bin')] + extra + common
    bios = [] if args.qemu_bios == 'default' else ['-bios', args.qemu_bios]
    return [QEMU] + bios + common


TICK = os.sysconf('SC_CLK_TCK')


def cpu_now(pid):
    """User + system seconds of process pid so far (all threads)."""
    try:
        with open('/proc/%d/stat' % pid) as f:
            fields = f.read().rsplit(')', 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICK
    except (OSError, IndexError, ValueError):
        return float('nan')


def run_once(cmd):
    """Marker times (wall, CPU), exit time, CPU time, max RSS (KiB) and
    console text of one run."""
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    killer = threading.Timer(TIMEOUT, p.kill)
    killer.start()
    seen, cpu, text = {}, {}, b''
    while True:
        chunk = os.read(p.stdout.fileno(), 65536)
        if not chunk:
            break
        now = time.monotonic() - t0
        text += chunk
        for m in MARKERS:
            if m not in seen and m in text:
                seen[m] = now
                cpu[m] = cpu_now(p.pid)
    _, status, ru = os.wait4(p.pid, 0)
    total = time.monotonic() - t0
    killer.cancel()
    p.stdout.close()
    p.returncode = os.waitstatus_to_exitcode(status)
    return {'seen': seen, 'cpu_at': cpu, 'total': total,
            'cpu': ru.ru_utime + ru.ru_stime, 'maxrss': ru.ru_maxrss,
            'rc': p.returncode, 'text': text.decode(errors='replace')}


def measures(r):
    s, c = r['seen'], r['cpu_at']
    if len(s) != len(MARKERS):
        return None
    return {'boot': s[b'GUEST-BOOT-OK'],
            'shell': s[b'WORK-SHELL-END'] - s[b'WORK-SHELL-START'],
            'md5': s[b'WORK-MD5-END'] - s[b'WORK-MD5-START'],
            'total': r['total'],
            'boot cpu': c[b'GUEST-BOOT-OK'],
            'shell cpu': c[b'WORK-SHELL-END'] - c[b'WORK-SHELL-START'],
            'md5 cpu': c[b'WORK-MD5-END'] - c[b'WORK-MD5-START'],
            'cpu': r['cpu'], 'maxrss': r['maxrss'] / 1024.0}


def checksum(text):
    shell = re.search(r'WORK-SHELL-END (\d+)', text)
    md5 = re.search(r'^([0-9a-f]{32})\s', text, re.M)
    return (shell.group(1) if shell else None,
            md5.group(1) if md5 else None)


def firmware(text):
    m = re.search(r'OpenSBI (v[0-9.]+)', text)
    return m.group(1) if m else '?'


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--vireo', default=os.path.join(
        HERE, '..', 'build', 'vireo-system-riscv64'))
    ap.add_argument('--baseline', default=None,
                    help='another Vireo binary to run alongside')
    ap.add_argument('--reps', type=int, default=3)
    ap.add_argument('--smp', type=int, default=1)
    ap.add_argument('--vireo-cpu', default=None,
                    help='e.g. rv64,misaligned=emulate')
    ap.add_argument('--qemu-bios', default='default',
                    help="QEMU's firmware: its own (default) or a file")
    args = ap.parse_args()

    need = [os.path.join(CACHE, f) for f in ('Image', 'initrd.gz',
                                             'fw_dynamic.bin')]
    if not shutil.which(QEMU) or not os.path.exists(args.vireo) or \
            not all(os.path.exists(f) for f in need):
        sys.exit('need %s, %s and the guests in %s '
                 '(tests/guests/fetch-guests.sh)' % (QEMU, args.vireo, CACHE))
    keys = ['boot', 'shell', 'md5', 'total', 'boot cpu', 'shell cpu',
            'md5 cpu', 'cpu', 'maxrss']
    names = ['vireo', 'qemu'] + (['baseline'] if args.baseline else [])
    got = {n: [] for n in names}
    sums, fw, failed = {}, {}, False
    with tempfile.TemporaryDirectory() as tmp:
        initrd = os.path.join(tmp, 'initrd-bench.gz')
        make_initrd(initrd)
        for rep in range(args.reps):
            # rotate which goes first, so a load change hits each
            order = names[rep % len(names):] + names[:rep % len(names)]
            for which in order:
                r = run_once(cmd_for(which, args, initrd))
                m = measures(r)
                if m is None or r['rc'] != 0:
                    print('%s: exit %s, markers %d/%d\n%s' %
                          (which, r['rc'], len(r['seen']), len(MARKERS),
                           r['text'][-2000:]), file=sys.stderr)
                    failed = True
                    continue
                got[which].append(m)
                sums.setdefault(which, set()).add(checksum(r['text']))
                fw[which] = firmware(r['text'])
                print('%s rep %d: %s' % (which, rep + 1, ' '.join(
                    '%s %.2f' % (k, m[k]) for k in keys)), file=sys.stderr)
    if not got['vireo'] or not got['qemu']:
        return 1
    if len(set().union(*sums.values())) != 1:
        print('workload results differ: %r' % sums, file=sys.stderr)
        failed = True
    units = {'maxrss': 'MiB'}
    base = bool(args.baseline and got['baseline'])
    print('| measure (median of %d) | Vireo | QEMU | Vireo/QEMU |%s' %
          (min(len(g) for g in got.values()),
           ' baseline | baseline/QEMU |' if base else ''))
    print('| --- | ---: | ---: | ---: |%s' % (' ---: | ---: |' if base
                                              else ''))
    for k in keys:
        v = statistics.median(m[k] for m in got['vireo'])
        q = statistics.median(m[k] for m in got['qemu'])
        extra = ''
        if base:
            b = statistics.median(m[k] for m in got['baseline'])
            extra = ' %.2f | %.2f |' % (b, b / q)
        print('| %s (%s) | %.2f | %.2f | %.2f |%s' %
              (k, units.get(k, 's'), v, q, v / q, extra))
    print('firmware: Vireo %s (%s), QEMU %s (%s); -smp %d; workload '
          'checksums %s' % (fw.get('vireo'), os.path.join(CACHE,
                                                          'fw_dynamic.bin'),
                            fw.get('qemu'), args.qemu_bios, args.smp,
                            'agree' if not failed else 'see above'))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
