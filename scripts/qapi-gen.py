#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Generate C types, JSON visitors, QMP marshallers and events from a schema.

The schema (docs/devel/qapi.md) is a sequence of expressions written as
Python/JSON literals with single or double quotes and '#' comments:

  { 'include': 'other.json' }
  { 'enum': 'Name', 'data': [ 'value', ... ] }
  { 'struct': 'Name', 'data': { 'member': 'type', '*optional': 'type' } }
  { 'command': 'name', 'data': { ... }, 'returns': 'type' }
  { 'event': 'NAME', 'data': { ... } }

Types: str, int, uint64, bool, number, an enum, a struct, or ['type'] (an
array of str or of a struct). Outputs, for -p PREFIX (default empty):
PREFIXqapi-types.h/.c (types, free functions, visitors, events) and
PREFIXqapi-commands.h/.c (qmp_* prototypes, marshallers, the table
PREFIXqmp_commands[], NULL-terminated).
"""
import argparse
import ast
import os
import re
import sys

BUILTINS = {
    # name: (C type of a member, C type of a parameter, JSON type name)
    'str': ('char *', 'const char *', 'string'),
    'int': ('int64_t', 'int64_t', 'integer'),
    'uint64': ('uint64_t', 'uint64_t', 'integer'),
    'bool': ('bool', 'bool', 'boolean'),
    'number': ('double', 'double', 'number'),
}


class SchemaError(Exception):
    pass


def split_expressions(text, fname):
    """Top-level {...} expressions of a schema file, comments removed."""
    exprs = []
    depth = 0
    quote = None
    start = None
    i = 0
    line = 1
    out = []
    while i < len(text):
        c = text[i]
        if c == '\n':
            line += 1
        if quote:
            out.append(c)
            if c == '\\':
                out.append(text[i + 1])
                i += 2
                continue
            if c == quote:
                quote = None
        elif c == '#':
            while i < len(text) and text[i] != '\n':
                i += 1
            continue
        elif c in '\'"':
            quote = c
            out.append(c)
        elif c in '{[':
            if depth == 0:
                if c != '{':
                    raise SchemaError('%s:%d: expected {' % (fname, line))
                out = []
                start = line
            depth += 1
            out.append(c)
        elif c in '}]':
            depth -= 1
            out.append(c)
            if depth < 0:
                raise SchemaError('%s:%d: unbalanced %s' % (fname, line, c))
            if depth == 0:
                exprs.append((''.join(out), start))
        elif depth > 0:
            out.append(c)
        elif not c.isspace():
            raise SchemaError('%s:%d: junk %r outside an expression'
                              % (fname, line, c))
        i += 1
    if depth or quote:
        raise SchemaError('%s: unterminated expression' % fname)
    return exprs


def load(path, seen=None):
    seen = seen if seen is not None else set()
    path = os.path.normpath(path)
    if path in seen:
        return []
    seen.add(path)
    with open(path, encoding='utf-8') as f:
        text = f.read()
    result = []
    for src, line in split_expressions(text, path):
        try:
            expr = ast.literal_eval(src)
        except (ValueError, SyntaxError) as e:
            raise SchemaError('%s:%d: %s' % (path, line, e))
        if not isinstance(expr, dict):
            raise SchemaError('%s:%d: not an object' % (path, line))
        if 'include' in expr:
            inc = os.path.join(os.path.dirname(path), expr['include'])
            result += load(inc, seen)
            continue
        expr['_where'] = '%s:%d' % (path, line)
        result.append(expr)
    return result


def c_name(name):
    return re.sub(r'[^A-Za-z0-9_]', '_', name)


def upper_snake(name):
    s = re.sub(r'([a-z0-9])([A-Z])', r'\1_\2', name)
    return c_name(s).upper()


class Schema:
    def __init__(self, exprs):
        self.enums = {}
        self.structs = {}
        self.commands = []
        self.events = []
        self.order = []
        seen = set()
        for e in exprs:
            kinds = [k for k in ('enum', 'struct', 'command', 'event')
                     if k in e]
            if len(kinds) != 1:
                raise SchemaError('%s: need exactly one of enum, struct, '
                                  'command, event' % e['_where'])
            kind = kinds[0]
            name = e[kind]
            if (kind, name) in seen or (kind in ('enum', 'struct') and
                                        name in self.enums.keys() |
                                        self.structs.keys()):
                raise SchemaError('%s: %s %s is defined twice'
                                  % (e['_where'], kind, name))
            seen.add((kind, name))
            allowed = {kind, 'data', '_where'}
            if kind == 'command':
                allowed.add('returns')
            extra = set(e) - allowed
            if extra:
                raise SchemaError('%s: unknown keys %s'
                                  % (e['_where'], sorted(extra)))
            if kind == 'enum':
                self.enums[name] = list(e['data'])
                self.order.append(('enum', name))
            elif kind == 'struct':
                self.structs[name] = self.members(e.get('data', {}), e)
                self.order.append(('struct', name))
            elif kind == 'command':
                self.commands.append((name, self.members(e.get('data', {}), e),
                                      e.get('returns')))
            else:
                self.events.append((name, self.members(e.get('data', {}), e)))
        self.check()

    def members(self, data, e):
        if not isinstance(data, dict):
            raise SchemaError('%s: data must be an object' % e['_where'])
        out = []
        for key, typ in data.items():
            optional = key.startswith('*')
            out.append((key.lstrip('*'), typ, optional))
        return out

    def known(self, typ):
        if isinstance(typ, list):
            return (len(typ) == 1 and isinstance(typ[0], str) and
                    (typ[0] == 'str' or typ[0] in self.structs))
        return typ in BUILTINS or typ in self.enums or typ in self.structs

    def check(self):
        def check_members(where, members):
            for name, typ, _ in members:
                if not self.known(typ):
                    raise SchemaError('%s: member %s has unknown or '
                                      'unsupported type %r'
                                      % (where, name, typ))
        for name, members in self.structs.items():
            check_members('struct ' + name, members)
        for name, members, ret in self.commands:
            check_members('command ' + name, members)
            if ret is not None and not (
                    self.known(ret) and (isinstance(ret, list) or
                                         ret in self.structs or
                                         ret == 'str')):
                raise SchemaError('command %s: returns must be a struct, an '
                                  'array or str' % name)
        for name, members in self.events:
            check_members('event ' + name, members)

    # --- C spelling of a type ---
    def member_ctype(self, typ):
        if isinstance(typ, list):
            return 'GPtrArray *'
        if typ in BUILTINS:
            return BUILTINS[typ][0]
        if typ in self.enums:
            return typ + ' '
        return typ + ' *'

    def param_ctype(self, typ):
        if isinstance(typ, list):
            return 'GPtrArray *'
        if typ in BUILTINS:
            return BUILTINS[typ][1] + ('' if typ == 'str' else ' ')
        if typ in self.enums:
            return typ + ' '
        return typ + ' *'

    def is_pointer(self, typ):
        return (isinstance(typ, list) or typ == 'str' or
                typ in self.structs)


def spaced(ctype):
    return ctype if ctype.endswith(('*', ' ')) else ctype + ' '


class Gen:
    def __init__(self, schema, prefix):
        self.s = schema
        self.prefix = prefix
        self.types_h = []
        self.types_c = []
        self.cmds_h = []
        self.cmds_c = []

    # --- output of a C value as JSON ---
    def to_json(self, typ, expr):
        if isinstance(typ, list):
            return 'qapi_list_to_json_%s(%s)' % (c_name(typ[0]), expr)
        if typ == 'str':
            return 'json_string(%s)' % expr
        if typ == 'int':
            return 'json_int(%s)' % expr
        if typ == 'uint64':
            return 'json_uint(%s)' % expr
        if typ == 'bool':
            return 'json_bool(%s)' % expr
        if typ == 'number':
            return 'json_double(%s)' % expr
        if typ in self.s.enums:
            return 'json_string(qapi_%s_str(%s))' % (typ, expr)
        return 'qapi_to_json_%s(%s)' % (typ, expr)

    # --- input: JSON value v into C lvalue dst; returns C statements ---
    def from_json(self, typ, v, dst, name, indent):
        pad = ' ' * indent
        if isinstance(typ, list):
            return [pad + 'if (!qapi_list_from_json_%s(%s, "%s", &%s, errp)) {'
                    % (c_name(typ[0]), v, name, dst),
                    pad + '    return false;', pad + '}']
        if typ in BUILTINS:
            fn = {'str': 'str', 'int': 'int', 'uint64': 'uint64',
                  'bool': 'bool', 'number': 'number'}[typ]
            return [pad + 'if (!qapi_in_%s(%s, "%s", &%s, errp)) {'
                    % (fn, v, name, dst),
                    pad + '    return false;', pad + '}']
        if typ in self.s.enums:
            return [pad + '{',
                    pad + '    int e_;',
                    pad + '    if (!qapi_in_enum(%s, "%s", %s_names, %s__MAX, '
                    '&e_, errp)) {' % (v, name, typ, upper_snake(typ)),
                    pad + '        return false;',
                    pad + '    }',
                    pad + '    %s = e_;' % dst,
                    pad + '}']
        return [pad + 'if (!qapi_from_json_%s(%s, "%s", &%s, errp)) {'
                % (typ, v, name, dst),
                pad + '    return false;', pad + '}']

    def free_member(self, typ, expr):
        if isinstance(typ, list):
            return 'if (%s) {\n        g_ptr_array_unref(%s);\n    }' % (
                expr, expr)
        if typ == 'str':
            return 'g_free(%s);' % expr
        if typ in self.s.structs:
            return 'qapi_free_%s(%s);' % (typ, expr)
        return None

    # --- enums ---
    def gen_enum(self, name, values):
        up = upper_snake(name)
        self.types_h.append('typedef enum %s {' % name)
        for v in values:
            self.types_h.append('    %s_%s,' % (up, upper_snake(v)))
        self.types_h.append('    %s__MAX,' % up)
        self.types_h.append('} %s;' % name)
        self.types_h.append('extern const char *const %s_names[];' % name)
        self.types_h.append('const char *qapi_%s_str(%s value);' % (name, name))
        self.types_h.append('')
        self.types_c.append('const char *const %s_names[] = {' % name)
        for v in values:
            self.types_c.append('    "%s",' % v)
        self.types_c.append('    NULL,')
        self.types_c.append('};')
        self.types_c.append('')
        self.types_c.append('const char *qapi_%s_str(%s value)' % (name, name))
        self.types_c.append('{')
        self.types_c.append('    g_assert(value >= 0 && value < %s__MAX);' % up)
        self.types_c.append('    return %s_names[value];' % name)
        self.types_c.append('}')
        self.types_c.append('')

    # --- structs ---
    def struct_fields(self, members):
        out = []
        for mname, typ, optional in members:
            cn = c_name(mname)
            if optional and not self.s.is_pointer(typ):
                out.append('    bool has_%s;' % cn)
            out.append('    %s%s;' % (spaced(self.s.member_ctype(typ)), cn))
        return out

    def gen_struct_decl(self, name):
        self.types_h.append('typedef struct %s %s;' % (name, name))

    def gen_struct(self, name, members):
        h, c = self.types_h, self.types_c
        h.append('struct %s {' % name)
        h += self.struct_fields(members) or ['    char unused_;']
        h.append('};')
        h.append('void qapi_free_%s(%s *obj);' % (name, name))
        h.append('G_DEFINE_AUTOPTR_CLEANUP_FUNC(%s, qapi_free_%s)'
                 % (name, name))
        h.append('JsonValue *qapi_to_json_%s(const %s *obj);' % (name, name))
        h.append('bool qapi_from_json_%s(const JsonValue *v, const char *name,'
                 % name)
        h.append('    %s **out, GError **errp);' % name)
        h.append('JsonValue *qapi_list_to_json_%s(const GPtrArray *list);'
                 % name)
        h.append('bool qapi_list_from_json_%s(const JsonValue *v, '
                 'const char *name,' % name)
        h.append('    GPtrArray **out, GError **errp);')
        h.append('')

        c.append('void qapi_free_%s(%s *obj)' % (name, name))
        c.append('{')
        c.append('    if (!obj) {')
        c.append('        return;')
        c.append('    }')
        for mname, typ, _ in members:
            f = self.free_member(typ, 'obj->' + c_name(mname))
            if f:
                c.append('    ' + f)
        c.append('    g_free(obj);')
        c.append('}')
        c.append('')

        c.append('JsonValue *qapi_to_json_%s(const %s *obj)' % (name, name))
        c.append('{')
        c.append('    JsonValue *v = json_object_new();')
        c.append('')
        for mname, typ, optional in members:
            cn = 'obj->' + c_name(mname)
            setter = 'json_object_set(v, "%s", %s);' % (
                mname, self.to_json(typ, cn))
            if optional:
                cond = cn if self.s.is_pointer(typ) else \
                    'obj->has_' + c_name(mname)
                c.append('    if (%s) {' % cond)
                c.append('        ' + setter)
                c.append('    }')
            else:
                c.append('    ' + setter)
        c.append('    return v;')
        c.append('}')
        c.append('')

        c.append('static bool qapi_fill_%s(const JsonValue *v, '
                 'const char *name,' % name)
        c.append('                          %s *obj, GError **errp)' % name)
        c.append('{')
        c.append('    static const char *const known[] = {')
        for mname, _, _ in members:
            c.append('        "%s",' % mname)
        c.append('        NULL,')
        c.append('    };')
        c.append('    const JsonValue *m;')
        c.append('')
        c.append('    (void)m;')
        c.append('    if (!qapi_in_object(v, name, known, errp)) {')
        c.append('        return false;')
        c.append('    }')
        for mname, typ, optional in members:
            cn = c_name(mname)
            c.append('    m = v ? json_object_get(v, "%s") : NULL;' % mname)
            c.append('    if (m) {')
            c += self.from_json(typ, 'm', 'obj->' + cn, mname, 8)
            if optional and not self.s.is_pointer(typ):
                c.append('        obj->has_%s = true;' % cn)
            if not optional:
                c.append('    } else {')
                c.append('        return qapi_missing("%s", errp);' % mname)
            c.append('    }')
        c.append('    return true;')
        c.append('}')
        c.append('')

        c.append('bool qapi_from_json_%s(const JsonValue *v, const char *name,'
                 % name)
        c.append('    %s **out, GError **errp)' % name)
        c.append('{')
        c.append('    %s *obj = g_new0(%s, 1);' % (name, name))
        c.append('')
        c.append('    if (!qapi_fill_%s(v, name, obj, errp)) {' % name)
        c.append('        qapi_free_%s(obj);' % name)
        c.append('        return false;')
        c.append('    }')
        c.append('    *out = obj;')
        c.append('    return true;')
        c.append('}')
        c.append('')
        self.gen_list(name, 'qapi_to_json_%s(g_ptr_array_index(list, i))'
                      % name, 'qapi_free_%s' % name,
                      'qapi_from_json_%s(g_ptr_array_index(v->u.arr, i), '
                      'name, &elem, errp)' % name, name + ' *')

    def gen_list(self, name, elem_to_json, free_fn, elem_from_json, ctype):
        c = self.types_c
        c.append('JsonValue *qapi_list_to_json_%s(const GPtrArray *list)'
                 % name)
        c.append('{')
        c.append('    JsonValue *v = json_array_new();')
        c.append('')
        c.append('    for (guint i = 0; list && i < list->len; i++) {')
        c.append('        json_array_append(v, %s);' % elem_to_json)
        c.append('    }')
        c.append('    return v;')
        c.append('}')
        c.append('')
        c.append('bool qapi_list_from_json_%s(const JsonValue *v, '
                 'const char *name,' % name)
        c.append('    GPtrArray **out, GError **errp)')
        c.append('{')
        c.append('    GPtrArray *list;')
        c.append('')
        c.append('    if (!qapi_in_array(v, name, errp)) {')
        c.append('        return false;')
        c.append('    }')
        c.append('    list = g_ptr_array_new_with_free_func('
                 '(GDestroyNotify)%s);' % free_fn)
        c.append('    for (guint i = 0; i < v->u.arr->len; i++) {')
        c.append('        %selem = NULL;' % spaced(ctype))
        c.append('        if (!%s) {' % elem_from_json)
        c.append('            g_ptr_array_unref(list);')
        c.append('            return false;')
        c.append('        }')
        c.append('        g_ptr_array_add(list, elem);')
        c.append('    }')
        c.append('    *out = list;')
        c.append('    return true;')
        c.append('}')
        c.append('')

    # --- events ---
    def params(self, members):
        out = []
        for mname, typ, optional in members:
            cn = c_name(mname)
            if optional and not self.s.is_pointer(typ):
                out.append('bool has_%s' % cn)
            out.append('%s%s' % (self.s.param_ctype(typ), cn))
        return out

    def gen_event(self, name, members):
        fn = 'qapi_event_send_%s' % c_name(name.lower())
        sig = 'void %s(%s)' % (fn, ', '.join(self.params(members)) or 'void')
        self.types_h.append(sig + ';')
        c = self.types_c
        c.append(sig)
        c.append('{')
        if not members:
            c.append('    qapi_event_emit("%s", NULL);' % name)
        else:
            c.append('    JsonValue *data = json_object_new();')
            c.append('')
            for mname, typ, optional in members:
                cn = c_name(mname)
                setter = 'json_object_set(data, "%s", %s);' % (
                    mname, self.to_json(typ, cn))
                if optional:
                    cond = cn if self.s.is_pointer(typ) else 'has_' + cn
                    c.append('    if (%s) {' % cond)
                    c.append('        ' + setter)
                    c.append('    }')
                else:
                    c.append('    ' + setter)
            c.append('    qapi_event_emit("%s", data);' % name)
        c.append('}')
        c.append('')

    # --- commands ---
    def ret_ctype(self, ret):
        if ret is None:
            return 'bool '
        if isinstance(ret, list):
            return 'GPtrArray *'
        if ret == 'str':
            return 'char *'
        return ret + ' *'

    def gen_command(self, name, members, ret):
        cn = c_name(name)
        args = self.params(members) + ['GError **errp']
        proto = '%sqmp_%s(%s)' % (self.ret_ctype(ret), cn, ', '.join(args))
        self.cmds_h.append(proto + ';')
        c = self.cmds_c
        argtype = None
        if members:
            argtype = 'q_obj_%s_arg' % cn
        c.append('static JsonValue *qmp_marshal_%s(const JsonValue *args, '
                 'GError **errp)' % cn)
        c.append('{')
        if argtype:
            c.append('    g_autoptr(%s) a = NULL;' % argtype)
        else:
            c.append('    static const char *const known[] = { NULL };')
        c.append('    GError *err = NULL;')
        c.append('')
        if argtype:
            c.append('    if (!qapi_from_json_%s(args, "arguments", &a, '
                     'errp)) {' % argtype)
        else:
            c.append('    if (!qapi_in_object(args, "arguments", known, '
                     'errp)) {')
        c.append('        return NULL;')
        c.append('    }')
        call_args = []
        for mname, typ, optional in members:
            m = c_name(mname)
            if optional and not self.s.is_pointer(typ):
                call_args.append('a->has_' + m)
            call_args.append('a->' + m)
        call_args.append('&err')
        call = 'qmp_%s(%s)' % (cn, ', '.join(call_args))
        if ret is None:
            c.append('    if (!%s) {' % call)
            c.append('        g_assert(err);')
            c.append('        g_propagate_error(errp, err);')
            c.append('        return NULL;')
            c.append('    }')
            c.append('    g_assert(!err);')
            c.append('    return json_object_new();')
        else:
            c.append('    %sr = %s;' % (self.ret_ctype(ret), call))
            c.append('')
            c.append('    if (err) {')
            c.append('        g_assert(!r);')
            c.append('        g_propagate_error(errp, err);')
            c.append('        return NULL;')
            c.append('    }')
            c.append('    g_assert(r);')
            if isinstance(ret, list):
                c.append('    JsonValue *v = %s;' % self.to_json(ret, 'r'))
                c.append('    g_ptr_array_unref(r);')
            elif ret == 'str':
                c.append('    JsonValue *v = json_string_take(r);')
            else:
                c.append('    JsonValue *v = %s;' % self.to_json(ret, 'r'))
                c.append('    qapi_free_%s(r);' % ret)
            c.append('    return v;')
        c.append('}')
        c.append('')

    def generate(self):
        s = self.s
        # Argument structs of commands are ordinary (internal) structs.
        for name, members, _ in s.commands:
            if members:
                argname = 'q_obj_%s_arg' % c_name(name)
                s.structs[argname] = members
                s.order.append(('struct', argname))
        for kind, name in s.order:
            if kind == 'struct':
                self.gen_struct_decl(name)
        self.types_h.append('')
        for kind, name in s.order:
            if kind == 'enum':
                self.gen_enum(name, s.enums[name])
        for kind, name in s.order:
            if kind == 'struct':
                self.gen_struct(name, s.structs[name])
        for name, members in s.events:
            self.gen_event(name, members)
        for name, members, ret in s.commands:
            self.gen_command(name, members, ret)
        table = '%sqmp_commands' % c_name(self.prefix)
        self.cmds_h.append('')
        self.cmds_h.append('extern const QmpCommand %s[];' % table)
        self.cmds_c.append('const QmpCommand %s[] = {' % table)
        for name, _, _ in s.commands:
            self.cmds_c.append('    { "%s", qmp_marshal_%s },'
                               % (name, c_name(name)))
        self.cmds_c.append('    { NULL, NULL },')
        self.cmds_c.append('};')


HEADER = """/*
 * Generated by scripts/qapi-gen.py from %s: do not edit.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
"""


def write(path, text):
    # Leave an unchanged file alone so dependants do not rebuild.
    try:
        with open(path, encoding='utf-8') as f:
            if f.read() == text:
                return
    except OSError:
        pass
    with open(path, 'w', encoding='utf-8') as f:
        f.write(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('-o', '--output-dir', default='.')
    ap.add_argument('-p', '--prefix', default='')
    ap.add_argument('-I', '--include-base', default='qapi/',
                    help='how generated files include each other')
    ap.add_argument('schema')
    args = ap.parse_args()
    try:
        schema = Schema(load(args.schema))
    except (SchemaError, OSError) as e:
        print('qapi-gen: %s' % e, file=sys.stderr)
        return 1
    g = Gen(schema, args.prefix)
    g.generate()
    p = args.prefix
    src = os.path.basename(args.schema)
    guard = c_name(p).upper() + 'QAPI_TYPES_H'
    types_h = (HEADER % src + '#ifndef %s\n#define %s\n\n' % (guard, guard) +
               '#include "qapi/qapi-util.h"\n\n' +
               '\n'.join(g.types_h) + '\n#endif\n')
    types_c = (HEADER % src + '#include "%s%sqapi-types.h"\n\n'
               % (args.include_base, p) + '\n'.join(g.types_c))
    guard = c_name(p).upper() + 'QAPI_COMMANDS_H'
    cmds_h = (HEADER % src + '#ifndef %s\n#define %s\n\n' % (guard, guard) +
              '#include "%s%sqapi-types.h"\n\n' % (args.include_base, p) +
              '\n'.join(g.cmds_h) + '\n\n#endif\n')
    cmds_c = (HEADER % src + '#include "%s%sqapi-commands.h"\n\n'
              % (args.include_base, p) + '\n'.join(g.cmds_c) + '\n')
    os.makedirs(args.output_dir, exist_ok=True)
    for name, text in (('qapi-types.h', types_h), ('qapi-types.c', types_c),
                       ('qapi-commands.h', cmds_h),
                       ('qapi-commands.c', cmds_c)):
        write(os.path.join(args.output_dir, p + name), text)
    return 0


if __name__ == '__main__':
    sys.exit(main())
