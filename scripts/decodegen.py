#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Generate an instruction decoder in C from a pattern file.

The pattern-file format is described in docs/devel/decodegen.md. In short:

  %field  pos:len pos:slen ... [!function=fn]    a field made of bit ranges
  &args   name name ... [!extern]                an argument structure
  @fmt    bits... [&args] [%field] [name=%f] [name=N]   a reusable format
  name    bits... [@fmt] [&args] [%field] [name=%f] [name=N]   a pattern
  { ... }   patterns that may overlap, tried in order
  [ ... ]   patterns that must not overlap each other

The output is a C fragment to #include: argument structs, trans_NAME
prototypes (or, with --print-trans, trans functions that hand the fields to
a printer), and `static bool DECODE(CTX *ctx, uint32_t insn)` which calls
trans_NAME for the first matching pattern whose trans returns true.

Errors are reported as FILE:LINE: message and exit status 1.
"""
import argparse
import re
import sys

NAME_RE = re.compile(r'^[A-Za-z_][A-Za-z0-9_]*$')
BITS_RE = re.compile(r'^[01.\-]+$')
INLINE_RE = re.compile(r'^([A-Za-z_][A-Za-z0-9_]*):(s?)(\d+)$')
SEG_RE = re.compile(r'^(\d+):(s?)(\d+)$')
ASSIGN_RE = re.compile(r'^([A-Za-z_][A-Za-z0-9_]*)=(.+)$')


class DecodeError(Exception):
    def __init__(self, where, msg):
        super().__init__('%s: %s' % (where, msg))


class Field:
    """A value taken from instruction bits: segments, most significant first."""

    def __init__(self, name, segments, function, where):
        self.name = name
        self.segments = segments        # [(pos, len, signed)]
        self.function = function
        self.where = where

    def mask(self):
        m = 0
        for pos, length, _ in self.segments:
            m |= ((1 << length) - 1) << pos
        return m

    def c_expr(self, prefix):
        expr = None
        for i, (pos, length, signed) in enumerate(self.segments):
            if i == 0:
                fn = 'sextract' if signed else 'extract'
                expr = '%s_%s(insn, %d, %d)' % (prefix, fn, pos, length)
            else:
                expr = '(int)(((uint32_t)%s << %d) | %s_extract(insn, %d, %d))' \
                    % (expr, length, prefix, pos, length)
        if expr is None:
            expr = '0'
        if self.function:
            expr = '%s(ctx, %s)' % (self.function, expr)
        return expr


class ArgSet:
    def __init__(self, name, fields, extern, where, implicit=False):
        self.name = name
        self.fields = fields
        self.extern = extern
        self.where = where
        self.implicit = implicit


class Shape:
    """What formats and patterns share: fixed bits, fields, argument set."""

    def __init__(self, name, where):
        self.name = name
        self.where = where
        self.fixed_mask = 0
        self.fixed_bits = 0
        self.dont_care = 0
        self.field_bits = 0              # bits written as '.' or inline
        self.assign = {}                 # name -> Field or int
        self.args = None                 # ArgSet name given with &
        self.fmt = None                  # Format


class Pattern(Shape):
    def __init__(self, name, where):
        super().__init__(name, where)
        self.argset = None               # resolved ArgSet

    def overlaps(self, other):
        common = self.fixed_mask & other.fixed_mask
        return (self.fixed_bits & common) == (other.fixed_bits & common)


class Group:
    def __init__(self, kind, where):
        self.kind = kind                 # '{' overlapping, '[' disjoint
        self.where = where
        self.items = []

    def patterns(self):
        for it in self.items:
            if isinstance(it, Group):
                yield from it.patterns()
            else:
                yield it

    @property
    def fixed_mask(self):
        """Bits every member fixes, to the same value."""
        pats = list(self.patterns())
        m = 0xffffffff
        for p in pats:
            m &= p.fixed_mask
        for p in pats[1:]:
            m &= ~(p.fixed_bits ^ pats[0].fixed_bits)
        return m & 0xffffffff

    @property
    def fixed_bits(self):
        return next(self.patterns()).fixed_bits & self.fixed_mask

    def overlaps(self, other):
        return any(p.overlaps(o) for p in self.patterns()
                   for o in (other.patterns() if isinstance(other, Group)
                             else [other]))


class Parser:
    def __init__(self, width):
        self.width = width
        self.fields = {}
        self.argsets = {}
        self.formats = {}
        self.top = Group('[', None)
        self.stack = [self.top]
        self.names = set()

    # -- lexical ---------------------------------------------------------
    def parse_file(self, path):
        with open(path) as f:
            text = f.read()
        lines = text.split('\n')
        i = 0
        while i < len(lines):
            lineno = i + 1
            line = lines[i]
            i += 1
            while line.rstrip().endswith('\\') and i < len(lines):
                line = line.rstrip()[:-1] + ' ' + lines[i]
                i += 1
            line = line.split('#', 1)[0].strip()
            if line:
                self.parse_line('%s:%d' % (path, lineno), line.split())
        if len(self.stack) != 1:
            raise DecodeError(self.stack[-1].where,
                              "group opened here is never closed")

    def parse_line(self, where, toks):
        head = toks[0]
        if head in ('{', '['):
            if len(toks) != 1:
                raise DecodeError(where, "'%s' must be alone on its line" % head)
            g = Group(head, where)
            self.stack[-1].items.append(g)
            self.stack.append(g)
        elif head in ('}', ']'):
            if len(toks) != 1:
                raise DecodeError(where, "'%s' must be alone on its line" % head)
            want = {'}': '{', ']': '['}[head]
            if len(self.stack) == 1 or self.stack[-1].kind != want:
                raise DecodeError(where, "unmatched '%s'" % head)
            if not list(self.stack[-1].patterns()):
                raise DecodeError(where, "empty group")
            self.stack.pop()
        elif head[0] == '%':
            self.parse_field(where, head[1:], toks[1:])
        elif head[0] == '&':
            self.parse_argset(where, head[1:], toks[1:])
        elif head[0] == '@':
            self.parse_shape(where, head[1:], toks[1:], is_format=True)
        else:
            self.parse_shape(where, head, toks[1:], is_format=False)

    def check_name(self, where, name, what):
        if not NAME_RE.match(name):
            raise DecodeError(where, "invalid %s name '%s'" % (what, name))

    # -- definitions -----------------------------------------------------
    def parse_field(self, where, name, toks):
        self.check_name(where, name, 'field')
        if name in self.fields:
            raise DecodeError(where, "field %%%s already defined at %s"
                              % (name, self.fields[name].where))
        segs = []
        function = None
        used = 0
        for t in toks:
            if t.startswith('!function='):
                function = t[len('!function='):]
                self.check_name(where, function, 'function')
                continue
            m = SEG_RE.match(t)
            if not m:
                raise DecodeError(where, "bad field segment '%s'" % t)
            pos, signed, length = int(m.group(1)), m.group(2) == 's', \
                int(m.group(3))
            if length == 0 or pos + length > self.width:
                raise DecodeError(where, "segment '%s' outside the %d-bit "
                                  "instruction" % (t, self.width))
            m = ((1 << length) - 1) << pos
            if used & m:
                raise DecodeError(where, "segment '%s' overlaps another "
                                  "segment of the field" % t)
            used |= m
            segs.append((pos, length, signed))
        if not segs and not function:
            raise DecodeError(where, "field %%%s has no segments" % name)
        self.fields[name] = Field(name, segs, function, where)

    def parse_argset(self, where, name, toks):
        self.check_name(where, name, 'argument set')
        if name in self.argsets:
            raise DecodeError(where, "argument set &%s already defined" % name)
        extern = False
        names = []
        for t in toks:
            if t == '!extern':
                extern = True
                continue
            self.check_name(where, t, 'argument')
            if t in names:
                raise DecodeError(where, "argument '%s' repeated" % t)
            names.append(t)
        self.argsets[name] = ArgSet(name, names, extern, where)

    def parse_shape(self, where, name, toks, is_format):
        self.check_name(where, name, 'format' if is_format else 'pattern')
        if is_format:
            if name in self.formats:
                raise DecodeError(where, "format @%s already defined" % name)
            s = Shape(name, where)
        else:
            s = Pattern(name, where)
        nbits = 0
        for t in toks:
            m = INLINE_RE.match(t)
            if BITS_RE.match(t):
                for c in t:
                    bit = self.width - 1 - nbits
                    nbits += 1
                    if bit < 0:
                        continue
                    if c in '01':
                        s.fixed_mask |= 1 << bit
                        s.fixed_bits |= int(c) << bit
                    elif c == '-':
                        s.dont_care |= 1 << bit
                    else:
                        s.field_bits |= 1 << bit
            elif m:
                fname, signed, length = m.group(1), m.group(2) == 's', \
                    int(m.group(3))
                pos = self.width - nbits - length
                nbits += length
                if pos >= 0:
                    s.field_bits |= ((1 << length) - 1) << pos
                    self.assign(where, s, fname,
                                Field(fname, [(pos, length, signed)], None,
                                      where))
            elif t.startswith('@'):
                if is_format:
                    raise DecodeError(where, "a format cannot use a format")
                if s.fmt is not None:
                    raise DecodeError(where, "more than one format")
                if t[1:] not in self.formats:
                    raise DecodeError(where, "unknown format '%s'" % t)
                s.fmt = self.formats[t[1:]]
            elif t.startswith('&'):
                if s.args is not None:
                    raise DecodeError(where, "more than one argument set")
                if t[1:] not in self.argsets:
                    raise DecodeError(where, "unknown argument set '%s'" % t)
                s.args = self.argsets[t[1:]]
            elif t.startswith('%'):
                self.assign(where, s, t[1:], self.lookup_field(where, t[1:]))
            elif ASSIGN_RE.match(t):
                fname, val = ASSIGN_RE.match(t).groups()
                if val.startswith('%'):
                    self.assign(where, s, fname,
                                self.lookup_field(where, val[1:]))
                else:
                    try:
                        self.assign(where, s, fname, int(val, 0))
                    except ValueError:
                        raise DecodeError(where, "bad constant '%s'" % val)
            else:
                raise DecodeError(where, "unexpected token '%s'" % t)
        if nbits != self.width and (nbits or not is_format):
            raise DecodeError(where, "%d bits given, the instruction has %d"
                              % (nbits, self.width))
        if is_format:
            self.formats[name] = s
        else:
            self.finish_pattern(s)
            self.stack[-1].items.append(s)

    def lookup_field(self, where, name):
        if name not in self.fields:
            raise DecodeError(where, "unknown field %%%s" % name)
        return self.fields[name]

    def assign(self, where, s, name, value):
        if name in s.assign:
            raise DecodeError(where, "field '%s' given twice" % name)
        s.assign[name] = value

    # -- resolution ------------------------------------------------------
    def finish_pattern(self, p):
        where = p.where
        f = p.fmt
        if f is not None:
            clash = p.fixed_mask & f.fixed_mask & (p.fixed_bits ^ f.fixed_bits)
            if clash:
                raise DecodeError(where, "conflicting bits 0x%x: the pattern "
                                  "and format @%s fix them differently"
                                  % (clash, f.name))
            # Bits the format leaves to fields may be fixed by the pattern
            # (e.g. rd=0); bits the pattern leaves open take the format's.
            open_bits = ~p.fixed_mask & f.fixed_mask
            p.fixed_mask |= f.fixed_mask
            p.fixed_bits |= f.fixed_bits & open_bits
            p.field_bits |= f.field_bits & ~p.fixed_mask
            merged = dict(f.assign)
            for k, v in p.assign.items():
                merged[k] = v
            p.assign = merged
            if p.args is None:
                p.args = f.args
        if p.args is None:
            implicit = f.name if (f is not None and f.args is None) \
                else p.name
            key = implicit
            names = sorted(p.assign)
            a = self.argsets.get(key)
            if a is None:
                a = ArgSet(key, names, False, where, implicit=True)
                self.argsets[key] = a
            elif not a.implicit or a.fields != names:
                raise DecodeError(where, "implicit argument set &%s clashes "
                                  "with %s" % (key, a.where))
            p.args = a
        p.argset = p.args
        for name in p.assign:
            if name not in p.argset.fields:
                raise DecodeError(where, "field '%s' is not in argument set "
                                  "&%s" % (name, p.argset.name))
        for name in p.argset.fields:
            if name not in p.assign:
                raise DecodeError(where, "argument '%s' of &%s is never set"
                                  % (name, p.argset.name))

    def check_overlaps(self, group):
        items = group.items
        for it in items:
            if isinstance(it, Group):
                self.check_overlaps(it)
        if group.kind == '{':
            return
        for i, a in enumerate(items):
            for b in items[i + 1:]:
                if a.overlaps(b):
                    raise DecodeError(b.where, "pattern overlaps %s at %s "
                                      "outside an overlap group { }"
                                      % (getattr(a, 'name', 'a group'),
                                         a.where))


class Emitter:
    def __init__(self, parser, args):
        self.p = parser
        self.a = args
        self.out = []
        self.prefix = 'vd'

    def w(self, s=''):
        self.out.append(s)

    def emit(self):
        p = self.p
        a = self.a
        self.w('/* Generated by scripts/decodegen.py: do not edit. */')
        self.w('#ifndef VD_EXTRACT_DEFINED')
        self.w('#define VD_EXTRACT_DEFINED')
        self.w('static inline int vd_extract(uint32_t v, int pos, int len)')
        self.w('{')
        self.w('    return (int)((v >> pos) & ((1u << len) - 1));')
        self.w('}')
        self.w('static inline int vd_sextract(uint32_t v, int pos, int len)')
        self.w('{')
        self.w('    return (int32_t)(v << (32 - pos - len)) >> (32 - len);')
        self.w('}')
        self.w('#endif')
        self.w()
        for s in p.argsets.values():
            if s.extern:
                continue
            guard = 'VD_ARG_%s' % s.name
            self.w('#ifndef %s' % guard)
            self.w('#define %s' % guard)
            self.w('typedef struct {')
            for f in s.fields:
                self.w('    int %s;' % f)
            if not s.fields:
                self.w('    char unused_;')
            self.w('} arg_%s;' % s.name)
            self.w('#endif')
        self.w()
        for pat in self.p.top.patterns():
            guard = 'VD_TRANS_%s' % pat.name
            self.w('#ifndef %s' % guard)
            self.w('#define %s' % guard)
            proto = 'static bool trans_%s(%s *ctx, arg_%s *a)' % (
                pat.name, a.ctx_type, pat.argset.name)
            if a.print_trans:
                flds = pat.argset.fields
                vals = ', '.join('a->%s' % f for f in flds) or '0'
                self.w(proto)
                self.w('{')
                self.w('    static const char *const names[] = { %s };'
                       % (', '.join('"%s"' % f for f in flds) or 'NULL'))
                self.w('    const int vals[] = { %s };' % vals)
                self.w('    return %s(ctx, "%s", names, vals, %d);'
                       % (a.print_trans, pat.name, len(flds)))
                self.w('}')
            else:
                self.w(proto + ';')
            self.w('#endif')
        self.w()
        self.w('static bool %s(%s *ctx, uint32_t insn)' % (a.decode,
                                                           a.ctx_type))
        self.w('{')
        self.tree(self.p.top.items, 0, 1)
        self.w('    return false;')
        self.w('}')
        return '\n'.join(self.out) + '\n'

    def pattern(self, pat, ind):
        sp = '    ' * ind
        self.w('%sif ((insn & 0x%08xu) == 0x%08xu) {'
               % (sp, pat.fixed_mask, pat.fixed_bits))
        self.w('%s    arg_%s a;' % (sp, pat.argset.name))
        for f in pat.argset.fields:
            v = pat.assign[f]
            expr = v.c_expr('vd') if isinstance(v, Field) else str(v)
            self.w('%s    a.%s = %s;' % (sp, f, expr))
        self.w('%s    if (trans_%s(ctx, &a)) {' % (sp, pat.name))
        self.w('%s        return true;' % sp)
        self.w('%s    }' % sp)
        self.w('%s}' % sp)

    def tree(self, items, used, ind):
        """Switch on the bits every item fixes (and no outer switch used)."""
        sp = '    ' * ind
        common = 0xffffffff
        for it in items:
            common &= it.fixed_mask
        common &= ~used
        if len(items) > 1 and common:
            buckets = {}
            order = []
            for it in items:
                bits = it.fixed_bits & common
                if bits not in buckets:
                    buckets[bits] = []
                    order.append(bits)
                buckets[bits].append(it)
            if len(order) > 1:
                self.w('%sswitch (insn & 0x%08xu) {' % (sp, common))
                for bits in order:
                    self.w('%scase 0x%08xu:' % (sp, bits))
                    self.tree(buckets[bits], used | common, ind + 1)
                    self.w('%s    break;' % sp)
                self.w('%s}' % sp)
                return
        for it in items:
            if isinstance(it, Group):
                self.group(it, used, ind)
            else:
                self.pattern(it, ind)

    def group(self, g, used, ind):
        if g.kind == '[':
            self.tree(g.items, used, ind)
            return
        for it in g.items:
            if isinstance(it, Group):
                self.group(it, used, ind)
            else:
                self.pattern(it, ind)


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--insnwidth', type=int, default=32, choices=(16, 32))
    ap.add_argument('--decode', default='decode_insn',
                    help='name of the generated decode function')
    ap.add_argument('--ctx-type', default='DisasContext')
    ap.add_argument('--print-trans', metavar='FUNC',
                    help='define trans functions that call FUNC(ctx, name, '
                    'field_names, values, count)')
    ap.add_argument('-o', '--output')
    ap.add_argument('files', nargs='+')
    args = ap.parse_args(argv)
    parser = Parser(args.insnwidth)
    try:
        for f in args.files:
            parser.parse_file(f)
        parser.check_overlaps(parser.top)
    except DecodeError as e:
        print('decodegen: %s' % e, file=sys.stderr)
        return 1
    except OSError as e:
        print('decodegen: %s' % e, file=sys.stderr)
        return 1
    text = Emitter(parser, args).emit()
    if args.output:
        with open(args.output, 'w') as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
