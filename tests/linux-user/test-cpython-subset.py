#!/usr/bin/env python3
"""A small, fast part of CPython's own regression suite under vireo-riscv64.

Runs `EMULATOR -L PYROOT PYROOT/usr/bin/python3.13 -m test MODULES` for a
few modules that finish in well under a minute (about 20 s) and do
not depend on timing (terminals and ptys, epoll, select, poll, fcntl
locks, limits, scheduling, file I/O, signals in threads), and passes
when regrtest says SUCCESS. PYROOT is a trixie riscv64 sysroot holding
python3.13, libpython3.13-stdlib and libpython3.13-testsuite, which
tests/guests/fetch-guests.sh makes (docs/devel/linux-user.md, "CPython's
test suite"); it is not fetched here: SKIP when it is absent. The full by-hand run is in the same section.

Usage: test-cpython-subset.py EMULATOR [PYROOT]
  PYROOT defaults to $VIREO_PYROOT, else
  $XDG_CACHE_HOME/vireo-guests/riscv64/pyroot (~/.cache/...).
SPDX-License-Identifier: GPL-2.0-or-later
"""
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                '..', 'lib'))
from vireotest import guest_sysroot  # noqa: E402

MODULES = ['test_termios', 'test_pty', 'test_epoll', 'test_select', 'test_poll',
           'test_fcntl', 'test_resource', 'test_sched', 'test_fileio',
           'test_threadsignals']
TIMEOUT = 240


def default_root():
    return guest_sysroot('pyroot', 'VIREO_PYROOT')


def main():
    if len(sys.argv) not in (2, 3):
        print(__doc__.split('\n\n')[-1])
        return 2
    emulator = os.path.abspath(sys.argv[1])
    root = sys.argv[2] if len(sys.argv) == 3 else default_root()
    python = os.path.join(root, 'usr', 'bin', 'python3.13')
    tests = os.path.join(root, 'usr', 'lib', 'python3.13', 'test',
                         'test_termios.py')
    if not os.access(emulator, os.X_OK):
        print('SKIP: no emulator at %s' % emulator)
        return 77
    if not os.path.exists(python) or not os.path.exists(tests):
        print('SKIP: no CPython test suite sysroot at %s (see '
              'docs/devel/linux-user.md)' % root)
        return 77
    with tempfile.TemporaryDirectory() as work:
        cmd = [emulator, '-L', root, python, '-m', 'test', '--timeout',
               str(TIMEOUT // 2)] + MODULES
        env = {'PATH': '/usr/bin:/bin', 'LC_ALL': 'C.UTF-8', 'HOME': work,
               'TMPDIR': work}
        try:
            p = subprocess.run(cmd, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT,
                               stdin=subprocess.DEVNULL, env=env, cwd=work,
                               timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            print('FAIL: timed out after %d s: %s' % (TIMEOUT, ' '.join(cmd)))
            return 1
    out = p.stdout.decode(errors='replace')
    print(out[-4000:], end='')
    if p.returncode != 0 or 'Result: SUCCESS' not in out:
        print('FAIL: %s exited %d' % (' '.join(cmd), p.returncode))
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
