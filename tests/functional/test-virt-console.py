#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""virtio-console under Debian's kernel on -M virt (TAP).

Vireo runs with -device virtio-console-device on a unix socket chardev
and -append 'console=ttyS0 console=hvc0'. The guest (fetched initrd.gz
plus /test.sh and virtio_mmio.ko) loads virtio_mmio, finds /dev/hvc0,
writes a line to it, reads a line the host sends through the socket,
echoes it back on both hvc0 and the serial console, writes a few
thousand numbered lines (flow control), and logs to /dev/kmsg, which
must reach the socket too because hvc0 is a kernel console. The host
checks each piece, then the guest powers off.

usage: test-virt-console.py VIREO-SYSTEM-RISCV64
"""
import gzip
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
echo TEST-SH-DONE
'''


def find_module(name):
    for dirpath, _, files in os.walk(gc.guest('modules')):
        if name + '.ko' in files:
            return os.path.join(dirpath, name + '.ko')
    return None


def make_initrd(tmp, mod, tokens):
    script = TEST_SH % dict(tokens, lines=LINES)
    with open(mod, 'rb') as f:
        entries = [('mod', 0o40755, None),
                   ('test.sh', 0o100755, script.encode()),
                   ('mod/virtio_mmio.ko', 0o100644, f.read())]
    path = os.path.join(tmp, 'initrd-console.gz')
    with open(gc.guest('initrd.gz'), 'rb') as f:
        base = f.read()
    with open(path, 'wb') as f:
        f.write(base)
        f.write(gzip.compress(gc.cpio_newc(entries)))
    return path


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
    tokens = {k: '%s-%s' % (k, os.urandom(5).hex())
              for k in ('out', 'in', 'kmsg')}
    t = gc.Tap()
    with tempfile.TemporaryDirectory(prefix='vireo-console-') as tmp:
        initrd = make_initrd(tmp, mod, tokens)
        sock = os.path.join(tmp, 'hvc.sock')
        args = gc.linux_args(initrd,
                             append=gc.APPEND + ' console=hvc0') + [
            '-no-reboot',
            '-chardev', 'socket,id=vc0,path=%s,server=on,wait=off' % sock,
            '-device', 'virtio-console-device,chardev=vc0']
        con = gc.Console(VIREO, args)
        host = None
        try:
            host = Host(sock)
            got_out = host.expect('HVC-OUT ' + tokens['out'], con)
            if got_out:
                host.send(tokens['in'] + '\n')
            got_echo = got_out and host.expect('HVC-ECHO ' + tokens['in'],
                                               con)
            got_seq = got_echo and host.expect('SEQ-DONE', con)
            got_kmsg = got_seq and host.expect('KMSG-VIA-HVC ' +
                                               tokens['kmsg'], con)
            done = con.expect('TEST-SH-DONE')
            rc = con.wait()
        finally:
            if host:
                host.close()
            con.close()
        text = host.data.decode(errors='replace') if host else ''
        tail = con.tail(30)
        htail = ['hvc: ' + x for x in text.splitlines()[-10:]]
        t.check('virtio_mmio loads and /dev/hvc0 appears',
                'INSMOD-FAIL' not in con.out and
                'HVC-NODE: /dev/hvc0' in con.out, tail)
        t.check('guest output on hvc0 reaches the host socket', got_out,
                tail + htail)
        t.check('host input reaches the guest through hvc0',
                'HVC-IN: ' + tokens['in'] in con.out and got_echo,
                tail + htail)
        seq = text.split('HVC-ECHO', 1)[-1].split('SEQ-DONE')[0]
        nums = [x.strip() for x in seq.splitlines()[1:] if x.strip()]
        t.check('%d lines of guest output arrive whole and in order'
                % LINES,
                got_seq and nums == [str(i) for i in range(1, LINES + 1)],
                ['%d lines, first %s last %s' % (len(nums), nums[:2],
                                                 nums[-2:])])
        t.check('console=hvc0: kernel messages reach the socket',
                got_kmsg, htail)
        t.check('the guest finishes and poweroff ends Vireo with 0',
                done and rc == 0, ['exit status %s' % rc] + tail)
    t.done()


main()
