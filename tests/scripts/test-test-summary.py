#!/usr/bin/env python3
"""scripts/test-summary.py on made-up meson logs: how each kind of result
is counted, and that a failure shows why above the totals line.

Usage: test-test-summary.py SUMMARY_SCRIPT
SPDX-License-Identifier: GPL-2.0-or-later
"""
import json
import os
import subprocess
import sys
import tempfile

ENTRIES = [
    {'name': 'plain-ok', 'result': 'OK', 'stdout': 'hello\n'},
    {'name': 'tap-mixed', 'result': 'FAIL',
     'stdout': 'ok 1 - a\nnot ok 2 - b\n# b printed 3, want 4\n'
               'ok 3 - c # SKIP no disk\nnot ok 4 - d # TODO known\n'},
    {'name': 'tap-died', 'result': 'ERROR',
     'stdout': 'ok 1 - a\nok 2 - b\n',
     'stderr': 'Traceback (most recent call last):\n'
               'lzma.LZMAError: Corrupt input data\n'},
    {'name': 'skipped', 'result': 'SKIP', 'stdout': '1..0 # SKIP no kvm\n'},
]


def main():
    script = sys.argv[1]
    n = 0
    with tempfile.TemporaryDirectory() as d:
        os.mkdir(os.path.join(d, 'meson-logs'))
        with open(os.path.join(d, 'meson-logs', 'testlog.json'), 'w') as f:
            for e in ENTRIES:
                f.write(json.dumps(e) + '\n')
        p = subprocess.run([sys.executable, script, d],
                           stdout=subprocess.PIPE, text=True)
    lines = p.stdout.splitlines()
    checks = [
        ('exit status 1 when a test failed', p.returncode == 1),
        ('totals on the last line', lines[-1:] ==
         ['4 passed, 2 failed, 3 skipped']),
        ('a failed TAP case shows its diagnostic',
         '  | # b printed 3, want 4' in lines),
        ('a test that died shows the tail of its stderr',
         '  | lzma.LZMAError: Corrupt input data' in lines),
        ('skip reasons listed', any(l.endswith('no kvm') for l in lines)),
        ('a known failure is listed as such',
         any('known failure (TODO)' in l for l in lines)),
    ]
    for name, good in checks:
        n += 1
        print('%s %d - %s' % ('ok' if good else 'not ok', n, name))
    if not all(g for _, g in checks):
        print('# output was:')
        for l in lines:
            print('#   ' + l)
    print('1..%d' % n)
    return 0 if all(g for _, g in checks) else 1


if __name__ == '__main__':
    sys.exit(main())
