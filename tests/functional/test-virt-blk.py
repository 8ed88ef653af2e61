#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""ext4 on virtio-blk, a read-only drive and virtio-rng on -M virt (TAP).

The host builds an ext4 image with `mke2fs -d` holding a file; the guest
(the fetched initrd.gz plus a second cpio with /test.sh and the kernel's
modules, which the kernel unpacks over the first) loads crc32c_generic,
crc16, mbcache, jbd2, ext4, virtio_mmio, virtio_blk and virtio-rng,
mounts the disk, reads the host's file, writes its own, syncs, unmounts
and powers off. The host then reads the guest's file back with debugfs
and `e2fsck -fn` must find the image clean. A second drive, readonly=on,
must refuse writes inside the guest and stay unchanged; the guest must
see virtio-rng as its hardware RNG. Run once with -drive if=none +
-device virtio-blk-device and once with the -drive if=virtio shorthand.

usage: test-virt-blk.py VIREO-SYSTEM-RISCV64
"""
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import guestconsole as gc  # noqa: E402

VIREO = sys.argv[1]
MODULES = ['crc32c_generic', 'crc16', 'mbcache', 'jbd2', 'ext4',
           'virtio_mmio', 'virtio_blk', 'virtio-rng']

# The rw disk is the one whose ro flag is 0; the read-only one has 1.
TEST_SH = r'''
for m in %(mods)s; do
    insmod /mod/$m.ko || echo "INSMOD-FAIL $m"
done
rw=; ro=
for d in /sys/block/vd*; do
    [ -e "$d" ] || continue
    n=${d##*/}
    echo "DISK $n ro=$(cat $d/ro) sectors=$(cat $d/size)"
    if [ "$(cat $d/ro)" = 1 ]; then ro=$n; else rw=$n; fi
done
mkdir -p /mnt/rw /mnt/ro
if [ -n "$rw" ] && mount -t ext4 /dev/$rw /mnt/rw; then
    echo "READ: $(cat /mnt/rw/hello.txt)"
    echo "%(token)s" > /mnt/rw/f
    sync
    umount /mnt/rw && echo UMOUNT-OK
fi
if [ -n "$ro" ]; then
    if dd if=/dev/zero of=/dev/$ro bs=512 count=1 2>/dev/null; then
        echo RO-DEV-WRITE-ALLOWED
    else
        echo RO-DEV-WRITE-REFUSED
    fi
    if mount -t ext4 /dev/$ro /mnt/ro; then
        echo "RO-READ: $(cat /mnt/ro/ro.txt)"
        if echo x > /mnt/ro/new; then
            echo RO-FS-WRITE-ALLOWED
        else
            echo RO-FS-WRITE-REFUSED
        fi
        umount /mnt/ro
    fi
fi
if [ -e /sys/class/misc/hw_random/rng_current ]; then
    echo "RNG-CURRENT: $(cat /sys/class/misc/hw_random/rng_current)"
    echo "RNG-BYTES: $(dd if=/dev/hwrng bs=32 count=1 2>/dev/null | wc -c)"
fi
echo TEST-SH-DONE
'''


def find_modules():
    """{name: path} of the modules the guest loads, or a missing name."""
    base = gc.guest('modules')
    found = {}
    for dirpath, _, files in os.walk(base):
        for f in files:
            if f.endswith('.ko') and f[:-3] in MODULES:
                found[f[:-3]] = os.path.join(dirpath, f)
    for m in MODULES:
        if m not in found:
            return None, m
    return found, None


def make_initrd(tmp, mods, token):
    script = TEST_SH % {'mods': ' '.join(MODULES), 'token': token}
    return gc.initrd_with_test(tmp, 'initrd-blk.gz', script,
                               [(m + '.ko', mods[m]) for m in MODULES])


def mkfs(tmp, name, size, files):
    src = os.path.join(tmp, name + '.d')
    os.mkdir(src)
    for fname, text in files.items():
        with open(os.path.join(src, fname), 'w') as f:
            f.write(text)
    img = os.path.join(tmp, name)
    subprocess.run(['mke2fs', '-q', '-F', '-t', 'ext4', '-d', src, img,
                    size], check=True, capture_output=True)
    return img


def digest(path):
    with open(path, 'rb') as f:
        return hashlib.sha256(f.read()).hexdigest()


def run_case(t, tmp, mods, label, shorthand):
    token = 'guest-wrote-%s' % os.urandom(6).hex()
    hello = 'host-wrote-%s' % os.urandom(6).hex()
    case = os.path.join(tmp, label)
    os.mkdir(case)
    disk = mkfs(case, 'disk.img', '16M', {'hello.txt': hello + '\n'})
    initrd = make_initrd(case, mods, token)
    args = gc.linux_args(initrd) + ['-no-reboot']
    if shorthand:
        args += ['-drive', 'file=%s,format=raw,if=virtio' % disk]
    else:
        ro = mkfs(case, 'ro.img', '8M', {'ro.txt': 'read-only-disk\n'})
        ro_sum = digest(ro)
        args += ['-drive', 'file=%s,format=raw,if=none,id=d0' % disk,
                 '-device', 'virtio-blk-device,drive=d0',
                 '-drive',
                 'file=%s,format=raw,if=none,id=d1,readonly=on' % ro,
                 '-device', 'virtio-blk-device,drive=d1',
                 '-device', 'virtio-rng-device']
    con = gc.Console(VIREO, args)
    try:
        done = con.expect('TEST-SH-DONE')
        rc = con.wait()
    finally:
        con.close()
    out = con.out
    tail = con.tail(30)
    t.check('%s: every module loads' % label,
            done and 'INSMOD-FAIL' not in out, tail)
    t.check('%s: the guest reads the host\'s file' % label,
            'READ: ' + hello in out, tail)
    t.check('%s: unmounted cleanly, poweroff ends Vireo with 0' % label,
            'UMOUNT-OK' in out and rc == 0, ['exit status %s' % rc] + tail)
    r = subprocess.run(['debugfs', '-R', 'cat /f', disk],
                       capture_output=True, text=True)
    t.check('%s: the host reads the guest\'s file back' % label,
            r.stdout.strip() == token,
            ['debugfs: %r' % r.stdout, r.stderr])
    r = subprocess.run(['e2fsck', '-fn', disk], capture_output=True,
                       text=True)
    t.check('%s: e2fsck -fn finds the image clean' % label,
            r.returncode == 0, (r.stdout + r.stderr).splitlines())
    if shorthand:
        return
    t.check('%s: the read-only drive is read-only in the guest' % label,
            'RO-DEV-WRITE-REFUSED' in out and
            'RO-READ: read-only-disk' in out and
            'RO-FS-WRITE-REFUSED' in out, tail)
    t.check('%s: the read-only image is unchanged' % label,
            digest(ro) == ro_sum)
    t.check('%s: the guest uses virtio-rng as its hardware RNG' % label,
            'RNG-CURRENT: virtio_rng' in out and 'RNG-BYTES: 32' in out,
            tail)


def main():
    lack = gc.missing(['Image', 'initrd.gz', 'fw_dynamic.bin', 'modules'])
    if lack:
        gc.skip_all('no %s in %s (tests/guests/fetch-guests.sh)'
                    % (lack, gc.GUEST))
        return
    for tool in ('mke2fs', 'debugfs', 'e2fsck'):
        if not shutil.which(tool, path=os.environ.get('PATH', '') +
                            ':/sbin:/usr/sbin'):
            gc.skip_all('%s is missing (e2fsprogs)' % tool)
            return
    os.environ['PATH'] = os.environ.get('PATH', '') + ':/sbin:/usr/sbin'
    mods, lack = find_modules()
    if lack:
        gc.skip_all('module %s is not in %s' % (lack, gc.guest('modules')))
        return
    t = gc.Tap()
    with tempfile.TemporaryDirectory(prefix='vireo-blk-') as tmp:
        run_case(t, tmp, mods, '-device virtio-blk-device', False)
        run_case(t, tmp, mods, '-drive if=virtio', True)
    t.done()


main()
