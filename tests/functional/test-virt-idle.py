#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""An idle guest costs almost no host CPU on -M virt (TAP).

Boots Debian's kernel to the busybox shell (1 and 4 harts), lets it
settle, then reads the Vireo process's user+system CPU time from
/proc/PID/stat across about 3 s of the guest sitting at its prompt. Harts
that execute WFI must sleep in the host, so the CPU time has to stay well
below the wall time (under 30% of it; a spinning hart alone costs 100%).
A behaviour check, not a benchmark: the bound is far from both outcomes.

usage: test-virt-idle.py VIREO-SYSTEM-RISCV64
"""
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import guestconsole as gc  # noqa: E402

VIREO = sys.argv[1]
IDLE_SECONDS = 3.0
LIMIT = 0.30
# A native boot to the shell takes 10-25 s here.
BOOT_TIMEOUT = int(os.environ.get('VIREO_BOOT_TIMEOUT', '150'))


def cpu_seconds(pid):
    with open('/proc/%d/stat' % pid) as f:
        fields = f.read().rsplit(')', 1)[1].split()
    # utime and stime are fields 14 and 15; fields[0] is field 3.
    ticks = int(fields[11]) + int(fields[12])
    return ticks / os.sysconf('SC_CLK_TCK')


def main():
    lack = gc.missing(['Image', 'initrd-shell.gz', 'fw_dynamic.bin'])
    if lack:
        gc.skip_all('no %s in %s (tests/guests/fetch-guests.sh)'
                    % (lack, gc.GUEST))
        return
    if not os.path.exists('/proc/self/stat'):
        gc.skip_all('no /proc to read CPU time from')
        return
    t = gc.Tap()
    for smp in (1, 4):
        if smp > 1 and gc.old_opensbi():
            for what in ('boots to the shell', 'idle at the prompt',
                         'poweroff ends Vireo with status 0'):
                t.skip('-smp %d: %s' % (smp, what), gc.old_opensbi())
            continue
        con = gc.Console(VIREO, gc.linux_args('initrd-shell.gz', smp=smp) +
                         ['-no-reboot'])
        try:
            ok = con.expect('GUEST-BOOT-OK', timeout=BOOT_TIMEOUT)
            if ok:
                con.send('echo SHELL-$((6*7))\n')
                ok = con.expect('SHELL-42', timeout=60)
            if not t.check('-smp %d: boots to the shell' % smp, ok,
                           con.tail()):
                continue
            time.sleep(2)       # let boot-time work in the guest finish
            c0, w0 = cpu_seconds(con.proc.pid), time.monotonic()
            time.sleep(IDLE_SECONDS)
            c1, w1 = cpu_seconds(con.proc.pid), time.monotonic()
            share = (c1 - c0) / (w1 - w0)
            t.check('-smp %d: idle at the prompt, Vireo uses %.0f%% of a '
                    'host CPU (limit %.0f%%)' % (smp, share * 100,
                                                 LIMIT * 100),
                    share < LIMIT,
                    ['cpu %.2f s over %.2f s wall' % (c1 - c0, w1 - w0)])
            con.send('poweroff -f\n')
            rc = con.wait()
            t.check('-smp %d: poweroff ends Vireo with status 0' % smp,
                    rc == 0, ['exit status %s' % rc] + con.tail())
        finally:
            con.close()
    t.done()


main()
