#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""A bare-metal guest breaks virtio-blk on purpose (TAP).

Builds blk-robust.c with the riscv64 cross compiler, runs it on
`-M virt -bios none -kernel` with a 1 MiB raw image holding a known
pattern and `-d guest_errors`, and checks:
- every case the guest reports passes (it checks NEEDS_RESET, the config
  interrupt, the status byte, and that a reset device works again);
- Vireo ends with the guest's verdict (a crash or abort would not);
- each case that should break the device logged one guest_errors line
  ending in "device needs reset" while it ran;
- the image changed only where valid requests wrote, and the discarded
  range is a hole where the host file system can punch one.

usage: test-blk-robust.py VIREO-SYSTEM-RISCV64 SRCDIR
"""
import ctypes
import os
import shutil
import subprocess
import sys
import tempfile

VIREO, SRC = sys.argv[1], sys.argv[2]
SECTOR = 512
SECTORS = 2048
CHANGED = {8: 'c3'}
for first in (64, 128, 200):        # discard, write-zeroes (+unmap)
    for s in range(first, first + 8):
        CHANGED[s] = '00'
DISCARD_OFF, DISCARD_LEN = 64 * SECTOR, 8 * SECTOR

# Cases that must end in NEEDS_RESET with a guest_errors line.
NEEDS_RESET = [
    'chain-loop', 'chain-longer-than-queue', 'next-outside-table',
    'buffer-outside-ram', 'buffer-wraps-address-space',
    'status-outside-ram', 'indirect-without-feature',
    'indirect-bad-length', 'indirect-empty', 'indirect-nested',
    'indirect-and-next', 'indirect-table-outside-ram', 'indirect-loop',
    'readable-after-writable', 'status-not-writable', 'header-too-short',
    'desc-table-outside-ram', 'avail-ring-outside-ram',
    'used-ring-outside-ram', 'queue-size-not-power-of-2',
    'queue-size-above-max', 'queue-size-zero', 'avail-index-jumps',
    'head-outside-queue', 'read-into-rom', 'buffer-straddles-ram-end',
]
# Cases answered per request, but still worth a log line.
LOGGED = ['read-into-device-readable-buffer', 'notify-before-driver-ok',
          'kick-missing-queue', 'features-not-offered', 'no-version-1']


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def check(self, name, ok, detail=()):
        self.n += 1
        print('%sok %d - %s' % ('' if ok else 'not ', self.n, name))
        if not ok:
            self.failed += 1
            for line in detail:
                print('# ' + line)
        sys.stdout.flush()

    def done(self):
        print('1..%d' % self.n)
        sys.exit(1 if self.failed else 0)


def pat(off):
    return ((off >> 9) * 31 + (off & 511) * 7 + 1) & 0xff


def pattern_image(path):
    img = bytearray(SECTORS * SECTOR)
    for off in range(len(img)):
        img[off] = pat(off)
    with open(path, 'wb') as f:
        f.write(img)
    return img


def can_punch(directory):
    """Whether the host file system deallocates a punched range."""
    libc = ctypes.CDLL(None, use_errno=True)
    path = os.path.join(directory, 'punch-probe')
    with open(path, 'wb') as f:
        f.write(b'x' * 65536)
        f.flush()
        r = libc.fallocate(f.fileno(), 3, ctypes.c_long(0),
                           ctypes.c_long(65536))   # PUNCH_HOLE|KEEP_SIZE
    os.unlink(path)
    return r == 0


def build(tmp):
    cc = shutil.which('riscv64-unknown-elf-gcc') or \
        shutil.which('riscv64-linux-gnu-gcc')
    if not cc:
        return None
    elf = os.path.join(tmp, 'blk-robust.elf')
    subprocess.run([cc, '-O2', '-ffreestanding', '-nostdlib',
                    '-nostartfiles', '-static', '-mcmodel=medany',
                    '-march=rv64gc', '-mabi=lp64d',
                    '-Wl,--no-warn-rwx-segments',
                    '-T', os.path.join(SRC, 'link.ld'),
                    os.path.join(SRC, 'start.S'),
                    os.path.join(SRC, 'blk-robust.c'), '-o', elf],
                   check=True)
    return elf


def segments(out):
    """{case: text between its BEGIN line and the next} and verdicts."""
    segs, verdict, name = {}, {}, None
    for line in out.splitlines():
        if line.startswith('BEGIN '):
            name = line[6:].strip()
            segs[name] = []
            continue
        if line.startswith('PASS ') or line.startswith('FAIL '):
            case = line[5:].split(':')[0].strip()
            verdict[case] = line
        if name:
            segs[name].append(line)
    return segs, verdict


def run(t, tmp, elf, label):
    img = os.path.join(tmp, 'disk-%s.img' % label)
    want = pattern_image(img)
    for s, byte in CHANGED.items():
        want[s * SECTOR:(s + 1) * SECTOR] = bytes.fromhex(byte) * SECTOR
    fuzz = os.path.join(tmp, 'fuzz-%s.img' % label)
    with open(fuzz, 'wb') as f:
        f.truncate(SECTORS * SECTOR)
    args = [VIREO, '-M', 'virt', '-bios', 'none', '-kernel', elf,
            '-m', '64M', '-display', 'none', '-serial', 'stdio',
            '-monitor', 'none', '-d', 'guest_errors',
            '-drive', 'file=%s,format=raw,if=none,id=d0' % img,
            '-device', 'virtio-blk-device,drive=d0',
            '-drive', 'file=%s,format=raw,if=none,id=d1' % fuzz,
            '-device', 'virtio-blk-device,drive=d1']
    try:
        p = subprocess.run(args, stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           timeout=600)
        out, rc = p.stdout.decode(errors='replace'), p.returncode
    except subprocess.TimeoutExpired as e:
        out, rc = (e.stdout or b'').decode(errors='replace'), 'timeout'
    tail = out.splitlines()[-25:]
    segs, verdict = segments(out)
    t.check('%s: the guest ran to the end, Vireo exited with its verdict'
            % label, 'DONE failures=0x0' in out and rc == 0,
            ['exit status %s' % rc] + tail)
    san = [x for x in out.splitlines()
           if 'runtime error' in x or 'Sanitizer' in x]
    t.check('%s: no sanitizer report (in a sanitizer build)' % label,
            not san, san[:10])
    for case in segs:
        v = verdict.get(case, 'no verdict')
        t.check('%s: %s' % (label, case), v.startswith('PASS'),
                [v] + segs[case][-6:])
    for case in NEEDS_RESET + LOGGED:
        lines = [x for x in segs.get(case, []) if 'virtio' in x and
                 not x.startswith(('BEGIN', 'PASS', 'FAIL'))]
        ok = bool(lines)
        if case in NEEDS_RESET:
            ok = ok and any(x.endswith('device needs reset') for x in lines)
        t.check('%s: %s logged under guest_errors' % (label, case), ok,
                segs.get(case, ['case did not run']))
    with open(img, 'rb') as f:
        got = f.read()
    bad = [s for s in range(SECTORS)
           if got[s * SECTOR:(s + 1) * SECTOR] !=
           want[s * SECTOR:(s + 1) * SECTOR]]
    t.check('%s: the image changed only where valid requests wrote' % label,
            not bad and len(got) == len(want),
            ['sectors differing: %s' % bad[:20], 'size %d' % len(got)])
    if can_punch(tmp):
        with open(img, 'rb') as f:
            hole = os.lseek(f.fileno(), DISCARD_OFF, os.SEEK_HOLE)
        t.check('%s: the discarded range is a hole in the image' % label,
                hole == DISCARD_OFF, ['SEEK_HOLE from %d: %d'
                                      % (DISCARD_OFF, hole)])


def main():
    t = Tap()
    with tempfile.TemporaryDirectory(prefix='vireo-blkrobust-') as tmp:
        elf = build(tmp)
        if not elf:
            print('1..0 # SKIP no riscv64 cross compiler')
            return
        run(t, tmp, elf, 'virtio-blk')
    t.done()


main()
