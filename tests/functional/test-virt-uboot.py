#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Debian's U-Boot (u-boot-qemu, the S-mode build) as OpenSBI's payload on
-M virt (TAP): it reaches its `=>` prompt (a key stops autoboot), `version`
prints the U-Boot version line, and Ctrl-a x on the console ends Vireo
with status 0.

usage: test-virt-uboot.py VIREO-SYSTEM-RISCV64
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import guestconsole as gc  # noqa: E402

VIREO = sys.argv[1]


def main():
    lack = gc.missing(['u-boot-smode.bin', 'fw_dynamic.bin'])
    if lack:
        gc.skip_all('no %s in %s (tests/guests/fetch-guests.sh)'
                    % (lack, gc.GUEST))
        return
    t = gc.Tap()
    con = gc.Console(VIREO, ['-M', 'virt', '-m', '256M', '-nographic',
                             '-bios', gc.guest('fw_dynamic.bin'),
                             '-kernel', gc.guest('u-boot-smode.bin')])
    try:
        ok = t.check('OpenSBI starts U-Boot',
                     con.expect('U-Boot 20', timeout=120), con.tail())
        if ok:
            # Stop autoboot; a prompt that comes without it is fine too.
            con.expect('autoboot', timeout=60)
            con.send('\n')
            ok = t.check('U-Boot reaches its prompt',
                         con.expect('=> ', timeout=120), con.tail())
        if ok:
            con.send('version\n')
            ok = t.check('`version` prints the U-Boot version line',
                         con.expect('\nU-Boot 20', timeout=60) and
                         con.expect('=> ', timeout=60), con.tail())
        if ok:
            con.send('\x01x')
            rc = con.wait(30)
            t.check('Ctrl-a x ends Vireo with status 0', rc == 0,
                    ['exit status %s' % rc] + con.tail())
    finally:
        con.close()
    t.done()


main()
