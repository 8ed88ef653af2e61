#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Guest reboot on -M virt (TAP): `reboot -f` at the busybox shell restarts
the machine through the reset path (OpenSBI, kernel, initrd and device tree
written back) and it boots to the marker again; `poweroff -f` then ends
Vireo with status 0. With -no-reboot, `reboot -f` ends Vireo with 0.

usage: test-virt-reboot.py VIREO-SYSTEM-RISCV64
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import guestconsole as gc  # noqa: E402

VIREO = sys.argv[1]
MARK = 'GUEST-BOOT-OK'


def shell_ready(con):
    """Wait for the shell after the marker and check that it runs."""
    if not con.expect(MARK):
        return False
    con.send('echo SHELL-$((6*7))\n')
    return con.expect('SHELL-42', timeout=60)


def main():
    lack = gc.missing(['Image', 'initrd-shell.gz', 'fw_dynamic.bin'])
    if lack:
        gc.skip_all('no %s in %s (tests/guests/fetch-guests.sh)'
                    % (lack, gc.GUEST))
        return
    t = gc.Tap()

    con = gc.Console(VIREO, gc.linux_args('initrd-shell.gz'))
    try:
        ok = t.check('first boot reaches the shell', shell_ready(con),
                     con.tail())
        if ok:
            con.send('reboot -f\n')
            start = con.pos
            ok = t.check('reboot -f: the machine boots again to the shell',
                         shell_ready(con), con.tail())
            again = con.out[start:]
            t.check('the second boot starts from the firmware',
                    'OpenSBI' in again and 'Linux version' in again,
                    con.tail(40))
            t.check('Vireo keeps running across the reboot',
                    con.proc.poll() is None, con.tail())
        if ok:
            con.send('poweroff -f\n')
            rc = con.wait()
            t.check('poweroff after a reboot ends Vireo with status 0',
                    rc == 0, ['exit status %s' % rc] + con.tail())
    finally:
        con.close()

    con = gc.Console(VIREO, gc.linux_args('initrd-shell.gz') +
                     ['-no-reboot'])
    try:
        ok = t.check('-no-reboot: boots to the shell', shell_ready(con),
                     con.tail())
        if ok:
            con.send('reboot -f\n')
            rc = con.wait()
            t.check('-no-reboot: reboot -f ends Vireo with status 0',
                    rc == 0, ['exit status %s' % rc] + con.tail())
            t.check('-no-reboot: no second boot',
                    con.out.count('OpenSBI v') == 1, con.tail())
    finally:
        con.close()
    t.done()


main()
