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
# A multi-hart boot sometimes stalls early in the kernel (docs/machines.md,
# "Known"): a timed-out -smp 4 boot is reported as a TODO, not hidden.
STALL = 'known intermittent -smp 4 boot stall (docs/machines.md)'


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
    tests = []
    for smp in (1, 4):
        rc, out = boot(smp)
        if rc is not None and 'no accelerator can run it' in out:
            print('1..0 # SKIP this build cannot run riscv64 code yet')
            return
        todo = STALL if smp > 1 and rc is None else None
        tests.append(('-smp %d boots to the marker' % smp,
                      'GUEST-BOOT-OK' in out, out, todo))
        tests.append(('-smp %d: the guest sees %d harts' % (smp, smp),
                      'nproc: %d' % smp in out, out, todo))
        tests.append(('-smp %d: poweroff ends Vireo with status 0' % smp,
                      rc == 0, 'exit status %s' % rc, todo))
    print('1..%d' % len(tests))
    for i, (name, ok, out, todo) in enumerate(tests, 1):
        print('%s %d - %s%s' % ('ok' if ok else 'not ok', i, name,
                                ' # TODO ' + todo if todo and not ok else ''))
        if not ok:
            for line in out.splitlines()[-20:]:
                print('# ' + line)


main()
