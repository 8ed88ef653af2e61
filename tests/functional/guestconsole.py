# SPDX-License-Identifier: GPL-2.0-or-later
"""Shared pieces of the riscv64 guest tests: where the guest cache is, a
Vireo run on a pseudo-terminal that a test can wait on ("expect") and type
into, a newc cpio writer for initramfs additions, and TAP output.

Vireo runs with -nographic, its stdio on the pty's slave side, so the
serial console and the Ctrl-a escapes behave as for a user at a terminal.
"""
import gzip
import os
import pty
import select
import signal
import subprocess
import termios
import time

CACHE = os.environ.get('VIREO_GUEST_CACHE') or os.path.join(
    os.environ.get('XDG_CACHE_HOME') or
    os.path.join(os.path.expanduser('~'), '.cache'), 'vireo-guests')
GUEST = os.path.join(CACHE, 'riscv64')
TIMEOUT = int(os.environ.get('VIREO_BOOT_TIMEOUT', '300'))
APPEND = 'console=ttyS0 panic=-1'


def guest(name):
    return os.path.join(GUEST, name)


def missing(names):
    """The first guest piece of names the cache lacks, or None."""
    for n in names:
        if not os.path.exists(guest(n)):
            return n
    return None


def old_opensbi():
    """Why the cache's OpenSBI cannot start several harts reliably, or
    None. fetch-guests.sh records the OpenSBI it took (trixie's); a cache
    without that record has bookworm's 1.1, which marks a hart
    START_PENDING before storing its start address (docs/machines.md)."""
    if os.path.exists(guest('OPENSBI-VERSION')):
        return None
    return ('the guest cache has OpenSBI 1.1, whose HSM hart start races: '
            'rerun tests/guests/fetch-guests.sh')


def linux_args(initrd='initrd.gz', smp=1, append=APPEND):
    return ['-M', 'virt', '-smp', str(smp), '-m', '512M', '-nographic',
            '-bios', guest('fw_dynamic.bin'), '-kernel', guest('Image'),
            '-initrd', initrd if os.path.isabs(initrd) else guest(initrd),
            '-append', append]


class Console:
    """One Vireo process on a pty: expect(), send(), wait()."""

    def __init__(self, vireo, args):
        self.master, slave = pty.openpty()
        attrs = termios.tcgetattr(slave)
        attrs[3] &= ~termios.ECHO     # our typing comes back from the guest
        termios.tcsetattr(slave, termios.TCSANOW, attrs)
        self.proc = subprocess.Popen([vireo] + args, stdin=slave,
                                     stdout=slave, stderr=slave,
                                     start_new_session=True)
        os.close(slave)
        self.out = ''
        self.pos = 0           # expect() searches from here on

    def _read(self, deadline):
        left = deadline - time.monotonic()
        if left <= 0:
            return False
        r, _, _ = select.select([self.master], [], [], min(left, 1.0))
        if not r:
            return True
        try:
            data = os.read(self.master, 65536)
        except OSError:         # EIO: every slave fd closed, Vireo ended
            data = b''
        if not data:
            if self.proc.poll() is not None:
                return False
            time.sleep(0.05)
            return True
        self.out += data.decode(errors='replace')
        return True

    def expect(self, marker, timeout=TIMEOUT):
        """Wait until marker appears past the last match; True if it did."""
        deadline = time.monotonic() + timeout
        while True:
            i = self.out.find(marker, self.pos)
            if i >= 0:
                self.pos = i + len(marker)
                return True
            if not self._read(deadline):
                return False

    def send(self, text):
        os.write(self.master, text.encode())

    def wait(self, timeout=60):
        """Exit status of Vireo (draining output), None on a timeout."""
        deadline = time.monotonic() + timeout
        while self.proc.poll() is None and time.monotonic() < deadline:
            self._read(min(deadline, time.monotonic() + 0.2))
        while self._read(time.monotonic() + 0.1) and \
                select.select([self.master], [], [], 0)[0]:
            pass
        return self.proc.poll()

    def kill(self):
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()

    def close(self):
        self.kill()
        os.close(self.master)

    def tail(self, n=20):
        return self.out.splitlines()[-n:]


def cpio_newc(entries):
    """A newc archive of entries (path, mode, data or None for a dir)."""
    out = bytearray()
    ino = 1000

    def put(name, mode, data):
        nonlocal ino
        ino += 1
        name_b = name.encode() + b'\0'
        hdr = '070701' + ''.join('%08x' % v for v in (
            ino, mode, 0, 0, 1, 0, len(data), 0, 0, 0, 0,
            len(name_b), 0))
        out.extend(hdr.encode() + name_b)
        out.extend(b'\0' * (-len(out) % 4))
        out.extend(data)
        out.extend(b'\0' * (-len(out) % 4))

    for path, mode, data in entries:
        put(path, mode, data if data is not None else b'')
    put('TRAILER!!!', 0, b'')
    return bytes(out)


def initrd_with_test(tmp, name, script, modules=()):
    """The cache's initrd.gz plus a cpio holding /test.sh (run by /init
    after the boot marker) and the kernel modules in /mod: modules is a
    list of (file name, host path). Returns the new initrd's path."""
    entries = [('mod', 0o40755, None),
               ('test.sh', 0o100755, script.encode())]
    for mod_name, host_path in modules:
        with open(host_path, 'rb') as f:
            entries.append(('mod/' + mod_name, 0o100644, f.read()))
    path = os.path.join(tmp, name)
    with open(guest('initrd.gz'), 'rb') as f:
        base = f.read()
    with open(path, 'wb') as f:
        f.write(base)
        f.write(gzip.compress(cpio_newc(entries)))
    return path


class Tap:
    def __init__(self):
        self.results = []

    def check(self, name, ok, detail=(), todo=None):
        """Record a result; todo names a known bug a failure is due to."""
        if todo and not ok:
            name += ' # TODO ' + todo
        self.results.append((name, bool(ok), list(detail)))
        return ok

    def skip(self, name, reason):
        self.results.append((name, None, [reason]))

    def done(self):
        print('1..%d' % len(self.results))
        for i, (name, ok, detail) in enumerate(self.results, 1):
            if ok is None:
                print('ok %d - %s # SKIP %s' % (i, name, detail[0]))
                continue
            print('%s %d - %s' % ('ok' if ok else 'not ok', i, name))
            if not ok:
                for line in detail:
                    print('# ' + line)


def skip_all(reason):
    print('1..0 # SKIP %s' % reason)
