#!/usr/bin/env python3
"""Debian's riscv64 compiler toolchain under vireo-riscv64.

Runs trixie's native riscv64 gcc-14, binutils and make as
`EMULATOR -L DEVROOT DEVROOT/usr/bin/TOOL ARGS`, the way a foreign-
architecture build chroot runs them, in a scratch directory; every
program they build also runs under EMULATOR. DEVROOT is the sysroot
tests/guests/fetch-guests.sh makes (riscv64/devroot in its cache); it
is not fetched here. One TAP line per subtest:
  gcc --version; hello world dynamic and -static (when libc.a is
  there), built and run; toolchain/workload.c built at -O2 by the
  guest's gcc and by the host's riscv64-linux-gnu-gcc, both run: same
  output, also for -march=rv64gc_zba_zbb_zbs; objdump -d of the
  guest-built object against the host's riscv64-linux-gnu-objdump on
  the same file; a multi-file project with a static library and a
  recursive make under `make -j2` (fork, exec, pipes, the jobserver);
  a failing recipe stops make; as + ld of a program that makes system
  calls itself; ar; strip; 8,000 nested parentheses (cc1 raises its
  stack limit and needs the stack to grow); a compile error gives
  gcc's diagnostic and a non-zero status.
The host's cross tools are optional: the subtests that compare with
them SKIP without. Exit status 77 (SKIP, with the reason) when the
emulator or DEVROOT is missing; 1 when a subtest fails.

Usage: test-debian-toolchain.py EMULATOR [DEVROOT]
  DEVROOT defaults to $VIREO_DEVROOT, else
  $XDG_CACHE_HOME/vireo-guests/riscv64/devroot (~/.cache/...).
SPDX-License-Identifier: GPL-2.0-or-later
"""
import difflib
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'lib'))
from vireotest import Tap, guest_sysroot  # noqa: E402

TIMEOUT = 120
HOST_CC = 'riscv64-linux-gnu-gcc'
HOST_OBJDUMP = 'riscv64-linux-gnu-objdump'
# -ffp-contract=off: whether a*b+c becomes one fused instruction is the
# compiler's choice and changes the last bits; both compilers must agree.
WORKLOAD_FLAGS = ['-O2', '-ffp-contract=off', '-Wall', '-Werror']

HELLO = '#include <stdio.h>\nint main(void)\n{\n' \
        '    printf("hello, %s\\n", "riscv64");\n    return 0;\n}\n'

ASM = '''    .globl _start
    .text
_start:
    li a0, 1
    la a1, msg
    li a2, 19           # its length
    li a7, 64           # write
    ecall
    li a0, 42
    li a7, 93           # exit
    ecall
    .data
msg: .ascii "as and ld, no libc\\n"
'''

# A project: main.c and a generated header, a static library of
# three files, and a sub-make building a second library with the
# parent's jobserver.
PROJECT = {
    # make's default $(CC), cc: the alternatives link fetch-guests.sh makes
    'Makefile': '''CFLAGS = -O2 -Wall -pipe
all: prog
lib/libsq.a: FORCE
\t$(MAKE) -C lib
FORCE:
version.h:
\tprintf '#define VERSION "v1.%d"\\n' $$((6 * 7)) > $@
main.o: main.c version.h
libops.a: add.o mul.o neg.o
\tar rcs $@ $^
prog: main.o libops.a lib/libsq.a
\t$(CC) -o $@ main.o -L. -lops lib/libsq.a
clean:
\trm -f *.o *.a prog version.h
''',
    'main.c': '''#include <stdio.h>
#include "version.h"
int add(int, int), mul(int, int), neg(int), sq(int), cube(int);
int main(void)
{
    printf("%s %d %d %d %d %d\\n", VERSION, add(2, 3), mul(4, 5), neg(6),
           sq(7), cube(3));
    return 0;
}
''',
    'add.c': 'int add(int a, int b) { return a + b; }\n',
    'mul.c': 'int mul(int a, int b) { return a * b; }\n',
    'neg.c': 'int neg(int a) { return -a; }\n',
    'lib/Makefile': '''CC = gcc
libsq.a: sq.o cube.o
\tar rcs $@ $^
\t@echo "jobserver: $(findstring jobserver-auth,$(MAKEFLAGS))"
''',
    'lib/sq.c': 'int sq(int a) { return a * a; }\n',
    'lib/cube.c': 'int cube(int a) { return a * a * a; }\n',
}


def default_root():
    return guest_sysroot('devroot', 'VIREO_DEVROOT')


class Toolchain:
    """Runs guest tools and built programs under the emulator."""

    def __init__(self, emulator, root, work):
        self.emulator = emulator
        self.root = root
        self.work = work
        os.mkdir(os.path.join(work, 'tmp'))
        # TMPDIR: gcc's temporaries, else /tmp, which -L maps into the
        # shared devroot.
        self.env = {'PATH': '/usr/bin:/bin', 'LC_ALL': 'C', 'HOME': work,
                    'TMPDIR': os.path.join(work, 'tmp')}

    def run(self, argv, cwd=None, tool=True):
        """(status, stdout, stderr) of a devroot tool (argv[0] in its
        /usr/bin) or, with tool=False, of a program built here; status
        None and the reason as stderr when it hung."""
        prog = os.path.join(self.root, 'usr', 'bin', argv[0]) if tool \
            else argv[0]
        cmd = [self.emulator, '-L', self.root, prog] + argv[1:]
        try:
            p = subprocess.run(cmd, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, env=self.env,
                               cwd=cwd or self.work, timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            return None, '', 'timed out after %d s' % TIMEOUT
        return (p.returncode, p.stdout.decode(errors='replace'),
                p.stderr.decode(errors='replace'))

    def path(self, *names):
        return os.path.join(self.work, *names)

    def write(self, name, text):
        os.makedirs(os.path.dirname(self.path(name)), exist_ok=True)
        with open(self.path(name), 'w') as f:
            f.write(text)


def report(argv, res):
    rc, out, err = res
    return '$ %s\nstatus %s\n--- stdout\n%s--- stderr\n%s' % (
        ' '.join(argv), rc, out, err)


def host(argv, cwd):
    p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       cwd=cwd, timeout=TIMEOUT)
    return (p.returncode, p.stdout.decode(errors='replace'),
            p.stderr.decode(errors='replace'))


def step(t, tc, name, steps):
    """Run (argv, tool, want_status, check) steps in order; the subtest
    passes when all do. check(out, err) returns why it is wrong or None.
    The failing step's command and output are the diagnostic."""
    for argv, tool, status, check in steps:
        res = tc.run(argv, tool=tool)
        why = None
        if res[0] != status:
            why = 'exit status %s, want %s' % (res[0], status)
        elif check:
            why = check(res[1], res[2])
        if why:
            return t.ok(False, name, why + '\n' + report(argv, res))
    return t.ok(True, name)


def equals(want):
    return lambda out, err: None if out == want else \
        'stdout is not %r' % want


def test_version(t, tc):
    step(t, tc, 'gcc --version', [
        (['gcc', '--version'], True, 0,
         lambda out, err: None if out.startswith('gcc (Debian 14.') and
         'Free Software Foundation' in out else 'not gcc-14\'s banner'),
        (['gcc', '-dumpmachine'], True, 0, equals('riscv64-linux-gnu\n')),
    ])


def test_hello(t, tc, root):
    tc.write('hello.c', HELLO)
    step(t, tc, 'gcc hello.c (dynamic), run it', [
        (['gcc', '-Wall', '-o', 'hello', 'hello.c'], True, 0,
         equals('')),
        (['./hello'], False, 0, equals('hello, riscv64\n')),
    ])
    if not os.path.exists(os.path.join(root, 'usr', 'lib',
                                       'riscv64-linux-gnu', 'libc.a')):
        t.skip('gcc -static hello.c, run it', 'no libc.a in the devroot')
        return
    step(t, tc, 'gcc -static hello.c, run it', [
        (['gcc', '-static', '-o', 'hello-static', 'hello.c'], True, 0,
         equals('')),
        (['readelf', '-l', 'hello-static'], True, 0,
         lambda out, err: 'has an INTERP header' if 'INTERP' in out or
         'LOAD' not in out else None),
        (['./hello-static'], False, 0, equals('hello, riscv64\n')),
    ])


def test_workload(t, tc, march=None):
    """The same source built by both compilers must behave the same;
    march: both build for that ISA (the B extension's Zba, Zbb and Zbs
    give the translator gcc's own use of them). True when the guest's
    object was built."""
    sfx = '-' + march if march else ''
    flags = WORKLOAD_FLAGS + (['-march=' + march] if march else [])
    name = 'gcc %s workload.c equals riscv64-linux-gnu-gcc\'s build' % \
        ' '.join(flags[:1] + flags[len(WORKLOAD_FLAGS):])
    if not os.path.exists(tc.path('workload.c')):
        shutil.copy(os.path.join(HERE, 'toolchain', 'workload.c'),
                    tc.path('workload.c'))
    obj, exe = 'workload%s.o' % sfx, './workload' + sfx
    argv = ['gcc'] + flags + ['-c', 'workload.c', '-o', obj]
    res = tc.run(argv)
    if res[0] != 0 or res[2]:
        t.ok(False, name, 'compiling failed\n' + report(argv, res))
        return False
    argv = ['gcc', '-o', exe, obj, '-lm']
    res = tc.run(argv)
    if res[0] != 0:
        t.ok(False, name, 'linking failed\n' + report(argv, res))
        return True
    res = tc.run([exe], tool=False)
    if res[0] != 0 or 'longjmp 75' not in res[1]:
        t.ok(False, name, 'the guest-built program failed\n' +
             report([exe], res))
        return True
    if not shutil.which(HOST_CC):
        t.skip(name, 'no %s on the host' % HOST_CC)
        return True
    hres = host([HOST_CC] + flags + ['-o', exe + '-host', 'workload.c',
                                     '-lm'], tc.work)
    if hres[0] != 0:
        t.ok(False, name, '%s failed (not Vireo\'s fault)\n%s' %
             (HOST_CC, hres[2]))
        return True
    href = tc.run([exe + '-host'], tool=False)
    t.ok(href == res, name, 'outputs differ\n--- host-built\n%s'
         '--- guest-built\n%s' % (href[1] + href[2], res[1] + res[2]))
    return True


def test_objdump(t, tc, have_obj):
    """objdump -d of one object, under Vireo and natively: the same
    text. -M no-aliases: trixie's 2.44 and bookworm's 2.40 pick
    different alias names for some compressed instructions."""
    name = 'objdump -d workload.o equals riscv64-linux-gnu-objdump\'s'
    if not have_obj:
        t.ok(False, name, 'no workload.o (its compile failed)')
        return
    if not shutil.which(HOST_OBJDUMP):
        t.skip(name, 'no %s on the host' % HOST_OBJDUMP)
        return
    args = ['-d', '-r', '-M', 'no-aliases', 'workload.o']
    res = tc.run(['objdump'] + args)
    hres = host([HOST_OBJDUMP] + args, tc.work)
    lines = res[1].count('\n')
    if res[0] != 0 or hres[0] != 0 or res[1] != hres[1] or lines < 500:
        t.ok(False, name, 'status %s (host %s), %d lines\n%s' % (
            res[0], hres[0], lines, udiff(hres[1], res[1], res[2])))
        return
    t.ok(True, name)


def udiff(want, got, err):
    d = list(difflib.unified_diff(want.splitlines(), got.splitlines(),
                                  'host', 'vireo', lineterm='', n=1))
    return '\n'.join(d[:60]) + '\n--- stderr\n' + err


def test_make(t, tc):
    for name, text in PROJECT.items():
        tc.write(os.path.join('proj', name), text)
    name = 'make -j2: a multi-file project, a library, a sub-make'
    argv = ['make', '-j2']
    res = tc.run(argv, cwd=tc.path('proj'))
    why = None
    if res[0] != 0:
        why = 'exit status %s' % res[0]
    elif 'jobserver: jobserver-auth' not in res[1]:
        why = 'the sub-make did not get the jobserver'
    elif 'Entering directory' not in res[1]:
        why = 'no sub-make'
    if why:
        t.ok(False, name, why + '\n' + report(argv, res))
        return
    res = tc.run([tc.path('proj', 'prog')], tool=False)
    want = 'v1.42 5 20 -6 49 27\n'
    if not t.ok(res[:2] == (0, want), name,
                'prog printed %r, want %r\n%s' % (res[1], want,
                                                  report(['prog'], res))):
        return
    # Up to date now: a second make has nothing to do but the sub-make.
    res = tc.run(['make', '-j2', 'prog'], cwd=tc.path('proj'))
    t.ok(res[0] == 0 and not re.search(r'^g?cc ', res[1], re.M),
         'make again rebuilds nothing', report(['make', '-j2'], res))
    tc.write('proj/bad.c', 'int f(void) { return missing; }\n')
    argv = ['make', '-j2', 'bad.o']
    res = tc.run(argv, cwd=tc.path('proj'))
    t.ok(res[0] == 2 and '[<builtin>: bad.o] Error 1' in res[2] and
         'missing' in res[2] and not os.path.exists(tc.path('proj',
                                                            'bad.o')),
         'make stops on a failing recipe with status 2', report(argv, res))


def test_binutils(t, tc):
    tc.write('start.s', ASM)
    step(t, tc, 'as + ld a program without libc, run it', [
        (['as', '-o', 'start.o', 'start.s'], True, 0, equals('')),
        (['ld', '-o', 'start', 'start.o'], True, 0, equals('')),
        (['./start'], False, 42, equals('as and ld, no libc\n')),
    ])
    tc.write('one.c', 'int one(void) { return 1; }\n')
    tc.write('two.c', 'int two(void) { return 2; }\n')
    tc.write('usetwo.c', 'int one(void), two(void);\n'
             'int main(void) { return one() * 10 + two(); }\n')
    step(t, tc, 'ar rcs, ar t, nm -s; link against the archive', [
        (['gcc', '-c', 'one.c', 'two.c'], True, 0, None),
        (['ar', 'rcs', 'libnum.a', 'one.o', 'two.o'], True, 0, equals('')),
        (['ar', 't', 'libnum.a'], True, 0, equals('one.o\ntwo.o\n')),
        (['nm', '-s', 'libnum.a'], True, 0,
         lambda out, err: None if 'one in one.o' in out and
         'two in two.o' in out else 'no archive index'),
        (['gcc', '-o', 'usetwo', 'usetwo.c', 'libnum.a'], True, 0, None),
        (['./usetwo'], False, 12, None),
    ])
    if not os.path.exists(tc.path('hello')):
        t.ok(False, 'strip', 'no hello to strip (its build failed)')
        return
    shutil.copy(tc.path('hello'), tc.path('hello-stripped'))
    before = os.path.getsize(tc.path('hello-stripped'))
    step(t, tc, 'strip a program; it still runs', [
        (['nm', 'hello-stripped'], True, 0,
         lambda out, err: None if ' T main' in out else 'no symbols'),
        (['strip', 'hello-stripped'], True, 0, equals('')),
        (['nm', 'hello-stripped'], True, 0,
         lambda out, err: None if 'no symbols' in err else
         'symbols are left'),
        (['./hello-stripped'], False, 0,
         lambda out, err: None if out == 'hello, riscv64\n' and
         os.path.getsize(tc.path('hello-stripped')) < before else
         'wrong output or not smaller'),
    ])


def test_deep(t, tc):
    """cc1 raises RLIMIT_STACK to 64 MiB and recurses once per nesting
    level; 8,000 levels take more than the usual 8 MiB of stack."""
    n = 8000
    tc.write('deep.c', 'int f(int a)\n{\n    return %sa%s;\n}\n' %
             ('(' * n, ' + 1)' * n))
    tc.write('deepmain.c', '#include <stdio.h>\nint f(int);\n'
             'int main(void) { printf("%d\\n", f(1)); return 0; }\n')
    step(t, tc, 'gcc compiles %d nested parentheses (a grown stack)' % n, [
        (['gcc', '-o', 'deep', 'deep.c', 'deepmain.c'], True, 0,
         equals('')),
        (['./deep'], False, 0, equals('%d\n' % (n + 1))),
    ])


def test_error(t, tc):
    tc.write('broken.c', 'int main(void)\n{\n    return undeclared_x + ;\n}\n')
    argv = ['gcc', '-c', 'broken.c']
    res = tc.run(argv)
    t.ok(res[0] == 1 and res[1] == '' and
         "broken.c:3:12: error: 'undeclared_x' undeclared" in res[2] and
         "broken.c:3:27: error: expected expression before ';' token"
         in res[2] and not os.path.exists(tc.path('broken.o')),
         'a compile error: diagnostics and status 1', report(argv, res))


def main():
    if len(sys.argv) not in (2, 3):
        print(__doc__.split('\n\n')[-1])
        return 2
    emulator = os.path.abspath(sys.argv[1])
    root = os.path.abspath(sys.argv[2] if len(sys.argv) == 3
                           else default_root())
    if not os.access(emulator, os.X_OK):
        print('1..0 # SKIP no emulator at %s' % emulator)
        return 77
    if not os.access(os.path.join(root, 'usr', 'bin', 'gcc'), os.X_OK):
        print('1..0 # SKIP no riscv64 toolchain in %s '
              '(tests/guests/fetch-guests.sh riscv64)' % root)
        return 77
    t = Tap()
    with tempfile.TemporaryDirectory(prefix='vireo-toolchain-') as work:
        tc = Toolchain(emulator, root, work)
        test_version(t, tc)
        test_hello(t, tc, root)
        have_obj = test_workload(t, tc)
        test_workload(t, tc, 'rv64gc_zba_zbb_zbs')
        test_objdump(t, tc, have_obj)
        test_make(t, tc)
        test_binutils(t, tc)
        test_deep(t, tc)
        test_error(t, tc)
    return t.plan()


if __name__ == '__main__':
    sys.exit(main())
