#!/usr/bin/env python3
"""Trixie's static riscv64 busybox under a user-mode emulator:
`EMULATOR busybox sh -c 'echo hi; ls /; seq 1 1000 | sha256sum'`, a shell
forking applets (busybox runs its applets in-process after fork) through
a pipe. The expected output is computed on the host: "hi", the names in
/ (busybox ls to a pipe prints one per line, sorted, no dotfiles) and the
host's sha256 of seq 1 1000. SKIP (77) when the busybox from
tests/guests/fetch-guests.sh or the emulator is missing.

Usage: run-busybox-test.py EMULATOR [BUSYBOX]
SPDX-License-Identifier: GPL-2.0-or-later
"""
import hashlib
import os
import subprocess
import sys

CACHE = os.path.join(os.environ.get('XDG_CACHE_HOME') or
                     os.path.join(os.path.expanduser('~'), '.cache'),
                     'vireo-guests', 'riscv64')
SCRIPT = 'echo hi; ls /; seq 1 1000 | sha256sum'


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__.split('SPDX')[0])
    emulator = os.path.abspath(sys.argv[1]) if os.sep in sys.argv[1] \
        else sys.argv[1]
    busybox = sys.argv[2] if len(sys.argv) == 3 else \
        os.path.join(CACHE, 'busybox')
    if not os.access(emulator, os.X_OK):
        print('SKIP: no emulator at %s' % emulator)
        return 77
    if not os.path.exists(busybox):
        print('SKIP: no %s (tests/guests/fetch-guests.sh riscv64)' % busybox)
        return 77
    seq = ''.join('%d\n' % i for i in range(1, 1001)).encode()
    want = 'hi\n' + ''.join(n + '\n' for n in
                            sorted(n for n in os.listdir('/')
                                   if not n.startswith('.'))) + \
        hashlib.sha256(seq).hexdigest() + '  -\n'
    cmd = [emulator, busybox, 'sh', '-c', SCRIPT]
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                           env={'PATH': '/usr/bin:/bin', 'LC_ALL': 'C'},
                           timeout=120, cwd='/')
    except subprocess.TimeoutExpired:
        print('FAIL: timed out: %s' % ' '.join(cmd))
        return 1
    out = p.stdout.decode(errors='replace')
    if p.returncode != 0 or out != want:
        print('FAIL: %s: exit %d\n--- got\n%s--- want\n%s--- stderr\n%s' %
              (' '.join(cmd), p.returncode, out, want,
               p.stderr.decode(errors='replace')[-2000:]))
        return 1
    print(out, end='')
    print('PASS')
    return 0


if __name__ == '__main__':
    sys.exit(main())
