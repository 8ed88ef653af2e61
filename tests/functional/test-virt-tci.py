#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""One 1-hart boot of Debian's kernel on -M virt with the TCG interpreter
backend (-accel tcg,backend=tci) to the marker, then poweroff ending Vireo
with status 0 (TAP).

usage: test-virt-tci.py VIREO-SYSTEM-RISCV64
"""
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import guestconsole as gc  # noqa: E402

VIREO = sys.argv[1]
TIMEOUT = int(os.environ.get('VIREO_TCI_BOOT_TIMEOUT', '600'))


def main():
    lack = gc.missing(['Image', 'initrd.gz', 'fw_dynamic.bin'])
    if lack:
        gc.skip_all('no %s in %s (tests/guests/fetch-guests.sh)'
                    % (lack, gc.GUEST))
        return
    t = gc.Tap()
    start = time.monotonic()
    con = gc.Console(VIREO, ['-accel', 'tcg,backend=tci'] +
                     gc.linux_args('initrd.gz') + ['-no-reboot'])
    try:
        ok = con.expect('GUEST-BOOT-OK', timeout=TIMEOUT)
        took = time.monotonic() - start
        t.check('tci: -smp 1 boots to the marker (%.0f s)' % took, ok,
                con.tail())
        t.check('tci: the guest sees 1 hart',
                ok and con.expect('nproc: 1', timeout=60), con.tail())
        rc = con.wait(60) if ok else None
        t.check('tci: poweroff ends Vireo with status 0', rc == 0,
                ['exit status %s' % rc] + con.tail())
    finally:
        con.close()
    t.done()


main()
