#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Boot Debian's riscv64 kernel on -M virt through OpenSBI (TAP).

Uses the guest cache tests/guests/fetch-guests.sh fills (VIREO_GUEST_CACHE,
default $XDG_CACHE_HOME/vireo-guests); skipped when it is empty or when
this build cannot run riscv64 code yet. The initramfs prints GUEST-BOOT-OK
and "nproc: N" and powers off, which must end Vireo with status 0.

usage: test-virt-boot.py VIREO-SYSTEM-RISCV64
"""
import os
import subprocess
import sys

VIREO = sys.argv[1]
CACHE = os.environ.get('VIREO_GUEST_CACHE') or os.path.join(
    os.environ.get('XDG_CACHE_HOME') or
    os.path.join(os.path.expanduser('~'), '.cache'), 'vireo-guests')
GUEST = os.path.join(CACHE, 'riscv64')
TIMEOUT = int(os.environ.get('VIREO_BOOT_TIMEOUT', '180'))
# fetch-guests.sh records the OpenSBI it took; a cache without the record
# has bookworm's 1.1, whose HSM hart start races (docs/machines.md).
OLD_SBI = ('the guest cache has OpenSBI 1.1, whose HSM hart start races: '
           'rerun tests/guests/fetch-guests.sh')


def boot(smp):
    cmd = [VIREO, '-M', 'virt', '-smp', str(smp), '-m', '512M',
           '-nographic', '-bios', os.path.join(GUEST, 'fw_dynamic.bin'),
           '-kernel', os.path.join(GUEST, 'Image'),
           '-initrd', os.path.join(GUEST, 'initrd.gz'),
           '-append', 'console=ttyS0 panic=-1', '-no-reboot']
    try:
        r = subprocess.run(cmd, capture_output=True, timeout=TIMEOUT,
                           stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired as e:
        return None, (e.stdout or b'').decode(errors='replace')
    return r.returncode, (r.stdout + r.stderr).decode(errors='replace')


def main():
    need = ['Image', 'initrd.gz', 'fw_dynamic.bin']
    if not all(os.path.exists(os.path.join(GUEST, f)) for f in need):
        print('1..0 # SKIP no guest in %s (tests/guests/fetch-guests.sh)'
              % GUEST)
        return
    old_sbi = not os.path.exists(os.path.join(GUEST, 'OPENSBI-VERSION'))
    tests = []
    for smp in (1, 4):
        names = ['-smp %d boots to the marker' % smp,
                 '-smp %d: the guest sees %d harts' % (smp, smp),
                 '-smp %d: poweroff ends Vireo with status 0' % smp]
        if smp > 1 and old_sbi:
            tests += [(n, None, OLD_SBI) for n in names]
            continue
        rc, out = boot(smp)
        if rc is not None and 'no accelerator can run it' in out:
            print('1..0 # SKIP this build cannot run riscv64 code yet')
            return
        tests.append((names[0], 'GUEST-BOOT-OK' in out, out))
        tests.append((names[1], 'nproc: %d' % smp in out, out))
        tests.append((names[2], rc == 0, 'exit status %s' % rc))
    print('1..%d' % len(tests))
    for i, (name, ok, out) in enumerate(tests, 1):
        if ok is None:
            print('ok %d - %s # SKIP %s' % (i, name, out))
            continue
        print('%s %d - %s' % ('ok' if ok else 'not ok', i, name))
        if not ok:
            for line in out.splitlines()[-20:]:
                print('# ' + line)


main()
