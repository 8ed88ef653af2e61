#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""TAP tests for scripts/decodegen.py: small pattern files are turned into
C, compiled with the build's compiler and run on chosen instruction words;
malformed files must fail with FILE:LINE and a message naming the problem.

usage: test-decodegen.py DECODEGEN.PY CC [CC ARGS...]
"""
import os
import subprocess
import sys
import tempfile

GEN = sys.argv[1]
CC = sys.argv[2:] or ['cc']
results = []


def tap(ok, name, diag=''):
    results.append(ok)
    print('%s %d - %s' % ('ok' if ok else 'not ok', len(results), name))
    if not ok and diag:
        for line in diag.rstrip().split('\n'):
            print('# ' + line)


def generate(tmp, text, extra=()):
    path = os.path.join(tmp, 't.decode')
    with open(path, 'w') as f:
        f.write(text)
    out = os.path.join(tmp, 'out.c.inc')
    r = subprocess.run([sys.executable, GEN, '--ctx-type', 'Ctx',
                        '--decode', 'decode', '-o', out] + list(extra)
                       + [path], capture_output=True, text=True)
    return r, path, out


def run_c(tmp, inc, body, words):
    src = os.path.join(tmp, 'main.c')
    exe = os.path.join(tmp, 'main')
    with open(src, 'w') as f:
        f.write('#include <stdbool.h>\n#include <stdint.h>\n'
                '#include <stdio.h>\n#include <stdlib.h>\n'
                'typedef struct { int refuse; } Ctx;\n')
        f.write('static int times2(Ctx *ctx, int x);\n'
                'static bool show(Ctx *c, const char *name, '
                'const char *const *names, const int *vals, int n);\n')
        f.write('#include "%s"\n' % inc)
        f.write(body)
        f.write('int main(int argc, char **argv)\n{\n'
                '    Ctx ctx = { 0 };\n'
                '    for (int i = 1; i < argc; i++) {\n'
                '        uint32_t w = strtoul(argv[i], NULL, 0);\n'
                '        if (!decode(&ctx, w)) printf("none\\n");\n'
                '    }\n    return 0;\n}\n')
    r = subprocess.run(CC + ['-std=gnu11', '-Wall', '-Werror',
                             '-Wno-unused-function', '-o', exe, src],
                       capture_output=True, text=True)
    if r.returncode:
        return None, r.stderr
    r = subprocess.run([exe] + ['0x%x' % w for w in words],
                       capture_output=True, text=True)
    return r.stdout.split('\n')[:-1], r.stderr


BASIC = r'''
# a toy 32-bit ISA
%rd      7:5
%rs1     15:5
%imm_i   20:s12
%imm_s   25:s7 7:5            # concatenation, most significant first
%shamt2  20:5 !function=times2
&i       rd rs1 imm
&s       rs1 imm
@i       ............ ..... ... ..... ....... &i imm=%imm_i %rs1 %rd
@s       ....... ..... ..... ... ..... ....... &s imm=%imm_s %rs1
addi     ............ ..... 000 ..... 0010011 @i
slli     0000000 ..... ..... 001 ..... 0010011 &i imm=%shamt2 %rs1 %rd
sw       ....... ..... ..... 010 ..... 0100011 @s
nop2     0000000 00000 00000 111 00000 0010011
lit      imm:s4 ........ ..... 110 ..... 0010011 &i rd=31 %rs1
'''


def test_basic(tmp):
    r, _, out = generate(tmp, BASIC)
    if r.returncode:
        tap(False, 'basic file generates', r.stderr)
        return
    tap(True, 'basic file generates')
    body = r'''
static int times2(Ctx *ctx, int x) { return x * 2; }
static bool trans_addi(Ctx *c, arg_i *a)
{ printf("addi %d %d %d\n", a->rd, a->rs1, a->imm); return true; }
static bool trans_slli(Ctx *c, arg_i *a)
{ printf("slli %d %d %d\n", a->rd, a->rs1, a->imm); return true; }
static bool trans_sw(Ctx *c, arg_s *a)
{ printf("sw %d %d\n", a->rs1, a->imm); return true; }
static bool trans_nop2(Ctx *c, arg_nop2 *a)
{ printf("nop2\n"); return true; }
static bool trans_lit(Ctx *c, arg_i *a)
{ printf("lit %d %d %d\n", a->rd, a->rs1, a->imm); return true; }
'''
    words = [
        0xfff50513,     # addi a0,a0,-1
        0x00a00093,     # addi x1,x0,10
        0x00311293,     # slli: shamt 3 doubled by the function
        0xfea42e23,     # sw x10,-4(x8)
        0x00007013,     # nop2
        0x80006f93 | (3 << 15),  # lit: cst = top nibble 0x8 -> -8
        0x0000007f,     # nothing
    ]
    lines, err = run_c(tmp, 'out.c.inc', body, words)
    want = ['addi 10 10 -1', 'addi 1 0 10', 'slli 5 2 6', 'sw 8 -4',
            'nop2', 'lit 31 3 -8', 'none']
    tap(lines == want, 'fields: sign extension, concatenation, '
        '!function, constants, inline fields', 'got %r\n%s' % (lines, err))


OVERLAP = r'''
%rd   7:5
%imm  12:s20
&u    rd imm
@u    .................... ..... ....... &u %rd %imm
{
  special  00000000000000000000 ..... 0110111 @u
  zero     .................... 00000 0110111 @u
  lui      .................... ..... 0110111 @u
}
other    .................... ..... 0010111 @u
'''


def test_overlap(tmp):
    r, _, out = generate(tmp, OVERLAP)
    if r.returncode:
        tap(False, 'overlap group generates', r.stderr)
        return
    tap(True, 'overlap group generates')
    body = r'''
static int times2(Ctx *ctx, int x) { return x; }
static bool trans_special(Ctx *c, arg_u *a)
{ if (c->refuse) return false; printf("special %d\n", a->rd); return true; }
static bool trans_zero(Ctx *c, arg_u *a)
{ printf("zero %d\n", a->imm); return a->imm != 7; }
static bool trans_lui(Ctx *c, arg_u *a)
{ printf("lui %d %d\n", a->rd, a->imm); return true; }
static bool trans_other(Ctx *c, arg_u *a)
{ printf("other\n"); return true; }
'''
    words = [0x000000b7, 0x00001037, 0x00007037, 0x000050b7, 0x00000097,
             0xfffff0b7]
    lines, err = run_c(tmp, 'out.c.inc', body, words)
    want = ['special 1', 'zero 1', 'zero 7', 'lui 0 7', 'lui 1 5', 'other',
            'lui 1 -1']
    tap(lines == want, 'overlapping patterns tried in order, falling '
        'through when trans returns false', 'got %r\n%s' % (lines, err))


def test_print_trans(tmp):
    r, _, out = generate(tmp, OVERLAP, ['--print-trans', 'show'])
    if r.returncode:
        tap(False, '--print-trans generates', r.stderr)
        return
    body = r'''
static int times2(Ctx *ctx, int x) { return x; }
static bool show(Ctx *c, const char *name, const char *const *names,
                 const int *vals, int n)
{
    printf("%s", name);
    for (int i = 0; i < n; i++) printf(" %s=%d", names[i], vals[i]);
    printf("\n");
    return true;
}
'''
    lines, err = run_c(tmp, 'out.c.inc', body, [0x000050b7, 0x12345097])
    # argument order is the &u declaration order
    want = ['lui rd=1 imm=5', 'other rd=1 imm=74565']
    tap(lines == want, '--print-trans defines printing trans functions',
        'got %r\n%s' % (lines, err))


ERRORS = [
    ('conflicting bits between pattern and format',
     '@f ........ ........ ........ .......1\n'
     'x  ........ ........ ........ .......0 @f\n',
     't.decode:2: conflicting bits'),
    ('unknown field',
     '&a x\n'
     '# comment\n'
     'p  ........ ........ ........ ........ &a x=%foo\n',
     't.decode:3: unknown field %foo'),
    ('unknown format',
     'p  ........ ........ ........ ........ @nope\n',
     "t.decode:1: unknown format '@nope'"),
    ('unknown argument set',
     'p  ........ ........ ........ ........ &nope\n',
     "t.decode:1: unknown argument set '&nope'"),
    ('wrong number of bits',
     'p  ........ ........ ........ .......\n',
     't.decode:1: 31 bits given, the instruction has 32'),
    ('overlap outside a group',
     'a  00000000 00000000 00000000 0000000.\n'
     'b  00000000 00000000 00000000 000000.0\n',
     't.decode:2: pattern overlaps a at t.decode:1'),
    ('argument never set',
     '&r rd rs\n%rd 0:5\n'
     'p  ........ ........ ........ ........ &r %rd\n',
     "t.decode:3: argument 'rs' of &r is never set"),
    ('field outside the argument set',
     '&r rd\n%rd 0:5\n%rs 5:5\n'
     'p  ........ ........ ........ ........ &r %rd %rs\n',
     "t.decode:4: field 'rs' is not in argument set &r"),
    ('field segment outside the instruction',
     '%f 30:5\n', "t.decode:1: segment '30:5' outside"),
    ('group never closed',
     '{\np 00000000 00000000 00000000 00000000\n',
     't.decode:1: group opened here is never closed'),
    ('unmatched close',
     '}\n', "t.decode:1: unmatched '}'"),
    ('overlap inside a [ ] group nested in { }',
     '{\n[\na  00000000 00000000 00000000 0000000.\n'
     'b  00000000 00000000 00000000 000000.0\n]\n'
     'c  ........ ........ ........ ........\n}\n',
     't.decode:4: pattern overlaps a at t.decode:3'),
    ('empty group',
     '{\n}\n', 't.decode:2: empty group'),
    ('conflicting bits between a pattern and a format constant in group',
     '@f 1....... ........ ........ ........\n'
     '{\nx  0....... ........ ........ ........ @f\n}\n',
     't.decode:3: conflicting bits 0x80000000'),
    ('duplicate field',
     '%f 0:5\n%f 1:5\n', 't.decode:2: field %f already defined'),
    ('bad token',
     'p  ........ ........ ........ ........ ?\n',
     "t.decode:1: unexpected token '?'"),
    ('continuation lines count from their first line',
     'p  ........ ........ \\\n   ........ ........ @x\n',
     "t.decode:1: unknown format '@x'"),
]


def test_errors(tmp):
    for name, text, msg in ERRORS:
        r, path, _ = generate(tmp, text)
        err = r.stderr.replace(tmp + '/', '')
        tap(r.returncode == 1 and msg in err,
            'error: %s' % name, 'rc %d, stderr %r' % (r.returncode, err))


def main():
    print('TAP version 13')
    with tempfile.TemporaryDirectory() as tmp:
        test_basic(tmp)
        test_overlap(tmp)
        test_print_trans(tmp)
        test_errors(tmp)
    print('1..%d' % len(results))
    return 0 if all(results) else 1


if __name__ == '__main__':
    sys.exit(main())
