#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Discard from a Linux guest reaches the raw image on -M virt (TAP).

Two virtio-blk drives: an 8 MiB raw image fully written with 0xa5, and a
32 MiB ext4 image. The guest (fetched initrd.gz plus /test.sh and the
modules) runs busybox `blkdiscard` on 2 MiB of the raw drive, and on the
ext4 drive writes an 8 MiB file, syncs and waits; the host measures the
image's allocated blocks and lets it go on; the guest deletes the file
and runs `fstrim`. The host checks that the discarded range reads zero
and is a hole (SEEK_HOLE/SEEK_DATA), that the rest is untouched, that
fstrim gave the file's blocks back (st_blocks drops), and that e2fsck
finds the file system clean.

usage: test-virt-discard.py VIREO-SYSTEM-RISCV64
"""
import ctypes
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import guestconsole as gc  # noqa: E402

VIREO = sys.argv[1]
MODULES = ['crc32c_generic', 'crc16', 'mbcache', 'jbd2', 'ext4',
           'virtio_mmio', 'virtio_blk']
MIB = 1 << 20
RAW_SIZE, EXT_SIZE = 8 * MIB, 32 * MIB
DISCARD_OFF, DISCARD_LEN = 1 * MIB, 2 * MIB

TEST_SH = r'''
for m in %(mods)s; do
    insmod /mod/$m.ko || echo "INSMOD-FAIL $m"
done
raw=; ext=
for d in /sys/block/vd*; do
    [ -e "$d" ] || continue
    n=${d##*/}
    dmax=$(cat $d/queue/discard_max_bytes)
    echo "DISK $n sectors=$(cat $d/size) discard_max=$dmax"
    case $(cat $d/size) in
    %(raw_sectors)d) raw=$n ;;
    %(ext_sectors)d) ext=$n ;;
    esac
done
if [ -n "$raw" ]; then
    blkdiscard -o %(off)d -l %(len)d /dev/$raw && echo BLKDISCARD-OK
    sync
fi
mkdir -p /mnt/ext
if [ -n "$ext" ] && mount -t ext4 /dev/$ext /mnt/ext; then
    dd if=/dev/zero of=/mnt/ext/big bs=65536 count=128 2>/dev/null
    sync
    echo FILE-WRITTEN
    read -t 300 go
    rm /mnt/ext/big
    sync
    fstrim -v /mnt/ext && echo FSTRIM-OK
    umount /mnt/ext && echo UMOUNT-OK
fi
echo TEST-SH-DONE
'''


def find_modules():
    found = {}
    for dirpath, _, files in os.walk(gc.guest('modules')):
        for f in files:
            if f.endswith('.ko') and f[:-3] in MODULES:
                found[f[:-3]] = os.path.join(dirpath, f)
    for m in MODULES:
        if m not in found:
            return None, m
    return found, None


def make_initrd(tmp, mods):
    script = TEST_SH % {'mods': ' '.join(MODULES),
                        'raw_sectors': RAW_SIZE // 512,
                        'ext_sectors': EXT_SIZE // 512,
                        'off': DISCARD_OFF, 'len': DISCARD_LEN}
    return gc.initrd_with_test(tmp, 'initrd-discard.gz', script,
                               [(m + '.ko', mods[m]) for m in MODULES])


def can_punch(directory):
    libc = ctypes.CDLL(None, use_errno=True)
    path = os.path.join(directory, 'punch-probe')
    with open(path, 'wb') as f:
        f.write(b'x' * 65536)
        f.flush()
        r = libc.fallocate(f.fileno(), 3, ctypes.c_long(0),
                           ctypes.c_long(65536))   # PUNCH_HOLE|KEEP_SIZE
    os.unlink(path)
    return r == 0


def allocated(path):
    return os.stat(path).st_blocks * 512


def main():
    lack = gc.missing(['Image', 'initrd.gz', 'fw_dynamic.bin', 'modules'])
    if lack:
        gc.skip_all('no %s in %s (tests/guests/fetch-guests.sh)'
                    % (lack, gc.GUEST))
        return
    os.environ['PATH'] = os.environ.get('PATH', '') + ':/sbin:/usr/sbin'
    for tool in ('mke2fs', 'e2fsck'):
        if not shutil.which(tool):
            gc.skip_all('%s is missing (e2fsprogs)' % tool)
            return
    mods, lack = find_modules()
    if lack:
        gc.skip_all('module %s is not in %s' % (lack, gc.guest('modules')))
        return
    t = gc.Tap()
    with tempfile.TemporaryDirectory(prefix='vireo-discard-') as tmp:
        if not can_punch(tmp):
            gc.skip_all('%s cannot punch holes' % tmp)
            return
        raw = os.path.join(tmp, 'raw.img')
        with open(raw, 'wb') as f:
            f.write(b'\xa5' * RAW_SIZE)
        ext = os.path.join(tmp, 'ext.img')
        subprocess.run(['mke2fs', '-q', '-F', '-t', 'ext4', ext,
                        str(EXT_SIZE // 1024)], check=True,
                       capture_output=True)
        initrd = make_initrd(tmp, mods)
        args = gc.linux_args(initrd) + [
            '-no-reboot',
            '-drive', 'file=%s,format=raw,if=none,id=d0' % raw,
            '-device', 'virtio-blk-device,drive=d0',
            '-drive', 'file=%s,format=raw,if=none,id=d1' % ext,
            '-device', 'virtio-blk-device,drive=d1']
        con = gc.Console(VIREO, args)
        full = trimmed = None
        try:
            if con.expect('FILE-WRITTEN'):
                full = allocated(ext)
                con.send('\n')
            done = con.expect('TEST-SH-DONE')
            rc = con.wait()
        finally:
            con.close()
        trimmed = allocated(ext)
        out, tail = con.out, con.tail(30)
        t.check('the modules load, both drives offer discard',
                'INSMOD-FAIL' not in out and
                out.count('discard_max=') == 2 and
                'discard_max=0' not in out, tail)
        t.check('blkdiscard succeeds in the guest',
                'BLKDISCARD-OK' in out, tail)
        with open(raw, 'rb') as f:
            data = f.read()
            hole = os.lseek(f.fileno(), DISCARD_OFF, os.SEEK_HOLE)
            nxt = os.lseek(f.fileno(), DISCARD_OFF, os.SEEK_DATA)
        end = DISCARD_OFF + DISCARD_LEN
        t.check('the discarded range reads zero, the rest is untouched',
                len(data) == RAW_SIZE and
                data[DISCARD_OFF:end] == bytes(DISCARD_LEN) and
                data[:DISCARD_OFF] == b'\xa5' * DISCARD_OFF and
                data[end:] == b'\xa5' * (RAW_SIZE - end))
        t.check('the discarded range is a hole in the image',
                hole == DISCARD_OFF and nxt == end,
                ['SEEK_HOLE %d, SEEK_DATA %d (want %d, %d)'
                 % (hole, nxt, DISCARD_OFF, end)])
        t.check('fstrim succeeds and unmounts',
                'FSTRIM-OK' in out and 'UMOUNT-OK' in out, tail)
        t.check('fstrim gives the deleted file\'s blocks back to the host',
                full is not None and full - trimmed >= 6 * MIB,
                ['allocated with the file %s, after fstrim %s'
                 % (full, trimmed)])
        r = subprocess.run(['e2fsck', '-fn', ext], capture_output=True,
                           text=True)
        t.check('e2fsck -fn finds the trimmed file system clean',
                r.returncode == 0, (r.stdout + r.stderr).splitlines())
        san = [x for x in con.out.splitlines()
               if 'runtime error' in x or 'Sanitizer' in x]
        t.check('no sanitizer report (in a sanitizer build)', not san,
                san[:10])
        t.check('poweroff ends Vireo with 0', done and rc == 0,
                ['exit status %s' % rc] + tail)
    t.done()


main()
