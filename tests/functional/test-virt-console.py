#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""virtio consoles under Debian's kernel on -M virt (TAP).

Two boots. One with -device virtio-console-device (one port, no
MULTIPORT), one with QEMU's spelling: -device virtio-serial-device,
-device virtconsole and -device virtserialport,name=... (MULTIPORT and
the control queues). Each console port is on a unix socket chardev, with
-append 'console=ttyS0 console=hvc0'. The guest (fetched initrd.gz plus
/test.sh and virtio_mmio.ko) loads virtio_mmio, finds /dev/hvc0, writes a
line to it, reads a line the host sends through the socket, echoes it
back on both hvc0 and the serial console, writes a few thousand numbered
lines (flow control), and logs to /dev/kmsg, which must reach the socket
too because hvc0 is a kernel console. With virtio-serial it also finds
the named port under /sys/class/virtio-ports, and exchanges a line each
way with the host through it.

usage: test-virt-console.py VIREO-SYSTEM-RISCV64
"""
import os
import socket
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import guestconsole as gc  # noqa: E402

VIREO = sys.argv[1]
LINES = 3000

TEST_SH = r'''
insmod /mod/virtio_mmio.ko || echo INSMOD-FAIL
for i in $(seq 1 100); do [ -e /dev/hvc0 ] && break; sleep 0.1; done
echo "HVC-NODE: $(ls /dev/hvc0 2>&1)"
if [ -e /dev/hvc0 ]; then
    exec 3<>/dev/hvc0
    stty -F /dev/hvc0 -echo -onlcr
    echo "HVC-OUT %(out)s" >&3
    if read -t 120 line <&3; then
        echo "HVC-IN: $line"
        echo "HVC-ECHO $line" >&3
    else
        echo HVC-READ-FAILED
    fi
    seq 1 %(lines)d >&3
    echo "SEQ-DONE" >&3
    echo "KMSG-VIA-HVC %(kmsg)s" > /dev/kmsg
    sleep 1
    exec 3>&-
fi
if [ -n "%(pname)s" ]; then
    vp=
    for i in $(seq 1 100); do
        for n in /sys/class/virtio-ports/*; do
            [ "$(cat $n/name 2>/dev/null)" = "%(pname)s" ] && vp=/dev/${n##*/}
        done
        [ -n "$vp" ] && [ -e "$vp" ] && break
        sleep 0.1
    done
    echo "VPORT: $vp"
    if [ -n "$vp" ]; then
        exec 4<>$vp
        echo "VPORT-OUT %(vout)s" >&4
        if read -t 120 l2 <&4; then echo "VPORT-IN: $l2"; fi
        exec 4>&-
    fi
fi
echo TEST-SH-DONE
'''


def find_module(name):
    for dirpath, _, files in os.walk(gc.guest('modules')):
        if name + '.ko' in files:
            return os.path.join(dirpath, name + '.ko')
    return None


def make_initrd(tmp, mod, tokens, pname):
    script = TEST_SH % dict(tokens, lines=LINES, pname=pname)
    return gc.initrd_with_test(tmp,
                               'initrd-console-%s.gz' % (pname or 'one'),
                               script, [('virtio_mmio.ko', mod)])


class Host:
    """The host end of the guest's hvc0: a unix socket client."""

    def __init__(self, path):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        for _ in range(200):
            try:
                self.sock.connect(path)
                break
            except OSError:
                time.sleep(0.05)
        else:
            raise OSError('cannot connect to ' + path)
        self.data = b''

    def expect(self, marker, con, timeout=gc.TIMEOUT):
        """Wait for marker on the socket, pumping the serial console."""
        deadline = time.monotonic() + timeout
        want = marker.encode()
        while want not in self.data:
            if time.monotonic() > deadline:
                return False
            self.sock.settimeout(0.2)
            try:
                chunk = self.sock.recv(65536)
                if not chunk:
                    return want in self.data
                self.data += chunk
            except socket.timeout:
                pass
            con._read(time.monotonic() + 0.05)
        return True

    def send(self, text):
        self.sock.sendall(text.encode())

    def close(self):
        self.sock.close()


PORT_NAME = 'org.vireo.test.0'


def run_case(t, tmp, mod, label, multiport):
    tokens = {k: '%s-%s' % (k, os.urandom(5).hex())
              for k in ('out', 'in', 'kmsg', 'vout', 'vin')}
    pname = PORT_NAME if multiport else ''
    initrd = make_initrd(tmp, mod, tokens, pname)
    sock = os.path.join(tmp, 'hvc-%s.sock' % label)
    psock = os.path.join(tmp, 'port-%s.sock' % label)
    args = gc.linux_args(initrd, append=gc.APPEND + ' console=hvc0') + [
        '-no-reboot',
        '-chardev', 'socket,id=vc0,path=%s,server=on,wait=off' % sock]
    if multiport:
        args += ['-chardev',
                 'socket,id=vp0,path=%s,server=on,wait=off' % psock,
                 '-device', 'virtio-serial-device',
                 '-device', 'virtconsole,chardev=vc0',
                 '-device', 'virtserialport,chardev=vp0,name=' + pname]
    else:
        args += ['-device', 'virtio-console-device,chardev=vc0']
    con = gc.Console(VIREO, args)
    host = port = None
    got_vport = False
    try:
        host = Host(sock)
        if multiport:
            port = Host(psock)
        got_out = host.expect('HVC-OUT ' + tokens['out'], con)
        if got_out:
            host.send(tokens['in'] + '\n')
        got_echo = got_out and host.expect('HVC-ECHO ' + tokens['in'], con)
        got_seq = got_echo and host.expect('SEQ-DONE', con)
        got_kmsg = got_seq and host.expect('KMSG-VIA-HVC ' +
                                           tokens['kmsg'], con)
        if port:
            got_vport = port.expect('VPORT-OUT ' + tokens['vout'], con)
            if got_vport:
                port.send(tokens['vin'] + '\n')
        done = con.expect('TEST-SH-DONE')
        rc = con.wait()
    finally:
        for h in (host, port):
            if h:
                h.close()
        con.close()
    text = host.data.decode(errors='replace') if host else ''
    tail = con.tail(30)
    htail = ['hvc: ' + x for x in text.splitlines()[-10:]]
    t.check('%s: virtio_mmio loads and /dev/hvc0 appears' % label,
            'INSMOD-FAIL' not in con.out and
            'HVC-NODE: /dev/hvc0' in con.out, tail)
    t.check('%s: guest output on hvc0 reaches the host socket' % label,
            got_out, tail + htail)
    t.check('%s: host input reaches the guest through hvc0' % label,
            'HVC-IN: ' + tokens['in'] in con.out and got_echo,
            tail + htail)
    seq = text.split('HVC-ECHO', 1)[-1].split('SEQ-DONE')[0]
    nums = [x.strip() for x in seq.splitlines()[1:] if x.strip()]
    t.check('%s: %d lines of guest output arrive whole and in order'
            % (label, LINES),
            got_seq and nums == [str(i) for i in range(1, LINES + 1)],
            ['%d lines, first %s last %s' % (len(nums), nums[:2],
                                             nums[-2:])])
    t.check('%s: console=hvc0: kernel messages reach the socket' % label,
            got_kmsg, htail)
    if multiport:
        t.check('%s: the named port appears under /sys/class/virtio-ports'
                % label, 'VPORT: /dev/vport' in con.out, tail)
        t.check('%s: the named port carries a line each way' % label,
                got_vport and 'VPORT-IN: ' + tokens['vin'] in con.out,
                tail)
    san = [x for x in con.out.splitlines()
           if 'runtime error' in x or 'Sanitizer' in x]
    t.check('%s: no sanitizer report (sanitizer build)' % label,
            not san,
            san[:10])
    t.check('%s: the guest finishes and poweroff ends Vireo with 0'
            % label, done and rc == 0, ['exit status %s' % rc] + tail)


def main():
    lack = gc.missing(['Image', 'initrd.gz', 'fw_dynamic.bin', 'modules'])
    if lack:
        gc.skip_all('no %s in %s (tests/guests/fetch-guests.sh)'
                    % (lack, gc.GUEST))
        return
    mod = find_module('virtio_mmio')
    if not mod:
        gc.skip_all('virtio_mmio.ko is not in %s' % gc.guest('modules'))
        return
    t = gc.Tap()
    with tempfile.TemporaryDirectory(prefix='vireo-console-') as tmp:
        run_case(t, tmp, mod, 'virtio-console-device', False)
        run_case(t, tmp, mod, 'virtio-serial-device', True)
    t.done()


main()
