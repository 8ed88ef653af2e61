/*
 * JSON values, parser and serializer (RFC 8259). The parser is a
 * recursive descent over the whole text with an explicit depth limit, so
 * hostile input can neither overflow the stack nor slip an invalid string
 * into a C string.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "util/json.h"
#include "util/error.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* --- values --- */

static JsonValue *json_new(JsonKind kind)
{
    JsonValue *v = g_new0(JsonValue, 1);
    v->kind = kind;
    return v;
}

JsonValue *json_null(void)
{
    return json_new(JSON_NULL);
}

JsonValue *json_bool(bool b)
{
    JsonValue *v = json_new(JSON_BOOL);
    v->u.b = b;
    return v;
}

JsonValue *json_int(int64_t i)
{
    JsonValue *v = json_new(JSON_INT);
    v->u.i = i;
    return v;
}

JsonValue *json_uint(uint64_t u)
{
    if (u <= INT64_MAX) {
        return json_int((int64_t)u);
    }
    JsonValue *v = json_new(JSON_UINT);
    v->u.u = u;
    return v;
}

JsonValue *json_double(double d)
{
    JsonValue *v = json_new(JSON_DOUBLE);
    v->u.d = d;
    return v;
}

JsonValue *json_string_take(char *s)
{
    JsonValue *v = json_new(JSON_STRING);
    v->u.s = s;
    return v;
}

JsonValue *json_string(const char *s)
{
    return json_string_take(g_strdup(s));
}

static void member_free(gpointer p)
{
    JsonMember *m = p;
    g_free(m->key);
    json_value_free(m->value);
    g_free(m);
}

JsonValue *json_array_new(void)
{
    JsonValue *v = json_new(JSON_ARRAY);
    v->u.arr = g_ptr_array_new_with_free_func(
        (GDestroyNotify)json_value_free);
    return v;
}

JsonValue *json_object_new(void)
{
    JsonValue *v = json_new(JSON_OBJECT);
    v->u.obj = g_ptr_array_new_with_free_func(member_free);
    return v;
}

void json_value_free(JsonValue *v)
{
    if (!v) {
        return;
    }
    switch (v->kind) {
    case JSON_STRING:
        g_free(v->u.s);
        break;
    case JSON_ARRAY:
        g_ptr_array_unref(v->u.arr);
        break;
    case JSON_OBJECT:
        g_ptr_array_unref(v->u.obj);
        break;
    default:
        break;
    }
    g_free(v);
}

JsonValue *json_copy(const JsonValue *v)
{
    JsonValue *c;

    switch (v->kind) {
    case JSON_STRING:
        return json_string(v->u.s);
    case JSON_ARRAY:
        c = json_array_new();
        for (guint i = 0; i < v->u.arr->len; i++) {
            json_array_append(c, json_copy(g_ptr_array_index(v->u.arr, i)));
        }
        return c;
    case JSON_OBJECT:
        c = json_object_new();
        for (guint i = 0; i < v->u.obj->len; i++) {
            const JsonMember *m = g_ptr_array_index(v->u.obj, i);
            json_object_set(c, m->key, json_copy(m->value));
        }
        return c;
    default:
        c = json_new(v->kind);
        c->u = v->u;
        return c;
    }
}

void json_array_append(JsonValue *arr, JsonValue *v)
{
    g_assert(arr->kind == JSON_ARRAY);
    g_ptr_array_add(arr->u.arr, v);
}

static int member_index(const JsonValue *obj, const char *key)
{
    g_assert(obj->kind == JSON_OBJECT);
    for (guint i = 0; i < obj->u.obj->len; i++) {
        const JsonMember *m = g_ptr_array_index(obj->u.obj, i);
        if (strcmp(m->key, key) == 0) {
            return i;
        }
    }
    return -1;
}

void json_object_set(JsonValue *obj, const char *key, JsonValue *v)
{
    int i = member_index(obj, key);
    if (i >= 0) {
        JsonMember *m = g_ptr_array_index(obj->u.obj, i);
        json_value_free(m->value);
        m->value = v;
        return;
    }
    JsonMember *m = g_new(JsonMember, 1);
    m->key = g_strdup(key);
    m->value = v;
    g_ptr_array_add(obj->u.obj, m);
}

JsonValue *json_object_get(const JsonValue *obj, const char *key)
{
    int i = member_index(obj, key);
    return i < 0 ? NULL
                 : ((JsonMember *)g_ptr_array_index(obj->u.obj, i))->value;
}

JsonValue *json_object_steal(JsonValue *obj, const char *key)
{
    int i = member_index(obj, key);
    if (i < 0) {
        return NULL;
    }
    JsonMember *m = g_ptr_array_index(obj->u.obj, i);
    JsonValue *v = m->value;
    m->value = NULL;
    g_ptr_array_remove_index(obj->u.obj, i);
    return v;
}

unsigned json_object_size(const JsonValue *obj)
{
    g_assert(obj->kind == JSON_OBJECT);
    return obj->u.obj->len;
}

const char *json_kind_name(JsonKind kind)
{
    static const char *const names[] = {
        [JSON_NULL] = "null", [JSON_BOOL] = "boolean",
        [JSON_INT] = "integer", [JSON_UINT] = "integer",
        [JSON_DOUBLE] = "number", [JSON_STRING] = "string",
        [JSON_ARRAY] = "array", [JSON_OBJECT] = "object",
    };
    return names[kind];
}

/* --- parser --- */

typedef struct Parser {
    const char *p, *start, *end;
    GError **errp;
} Parser;

static bool parse_fail(Parser *ps, const char *what)
{
    vireo_error_set(ps->errp, VIREO_ERROR_INVALID,
                    "JSON parse error at byte %td: %s", ps->p - ps->start,
                    what);
    return false;
}

static void skip_ws(Parser *ps)
{
    while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' ||
                               *ps->p == '\n' || *ps->p == '\r')) {
        ps->p++;
    }
}

static int hex4(const char *p)
{
    int v = 0;
    for (int i = 0; i < 4; i++) {
        int d = g_ascii_xdigit_value(p[i]);
        if (d < 0) {
            return -1;
        }
        v = v * 16 + d;
    }
    return v;
}

/* Read \uXXXX (p at the backslash); the code point or -1. */
static int read_u_escape(Parser *ps)
{
    if (ps->end - ps->p < 6 || ps->p[1] != 'u') {
        return -1;
    }
    int v = hex4(ps->p + 2);
    if (v >= 0) {
        ps->p += 6;
    }
    return v;
}

static bool parse_escape(Parser *ps, GString *out)
{
    static const char simple[] = "\"\"\\\\//b\bf\fn\nr\rt\t";
    const char *q;
    int cp, lo;

    if (ps->end - ps->p < 2) {
        return parse_fail(ps, "unterminated string");
    }
    if (ps->p[1] != 'u') {
        for (q = simple; *q; q += 2) {
            if (q[0] == ps->p[1]) {
                g_string_append_c(out, q[1]);
                ps->p += 2;
                return true;
            }
        }
        return parse_fail(ps, "invalid escape sequence in string");
    }
    cp = read_u_escape(ps);
    if (cp < 0) {
        return parse_fail(ps, "invalid \\u escape (need four hex digits)");
    }
    if (cp >= 0xdc00 && cp <= 0xdfff) {
        return parse_fail(ps, "\\u escape is a lone low surrogate");
    }
    if (cp >= 0xd800 && cp <= 0xdbff) {
        lo = read_u_escape(ps);
        if (lo < 0xdc00 || lo > 0xdfff) {
            return parse_fail(ps, "high surrogate not followed by a low "
                              "surrogate \\u escape");
        }
        cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
    }
    if (cp == 0) {
        return parse_fail(ps, "\\u0000 is not supported in strings");
    }
    g_string_append_unichar(out, cp);
    return true;
}

static char *parse_string(Parser *ps)
{
    g_autoptr(GString) out = g_string_new(NULL);

    ps->p++;                            /* the opening quote */
    for (;;) {
        const char *run = ps->p;
        while (ps->p < ps->end && *ps->p != '"' && *ps->p != '\\' &&
               (unsigned char)*ps->p >= 0x20) {
            ps->p++;
        }
        g_string_append_len(out, run, ps->p - run);
        if (ps->p >= ps->end) {
            parse_fail(ps, "unterminated string");
            return NULL;
        }
        if (*ps->p == '"') {
            ps->p++;
            break;
        }
        if (*ps->p != '\\') {
            parse_fail(ps, "control character in string");
            return NULL;
        }
        if (!parse_escape(ps, out)) {
            return NULL;
        }
    }
    if (!g_utf8_validate(out->str, out->len, NULL)) {
        parse_fail(ps, "string is not valid UTF-8");
        return NULL;
    }
    return g_string_free(g_steal_pointer(&out), false);
}

static JsonValue *parse_number(Parser *ps)
{
    const char *s = ps->p;
    bool is_int = true;
    char buf[64];

    if (ps->p < ps->end && *ps->p == '-') {
        ps->p++;
    }
    if (ps->p >= ps->end || !g_ascii_isdigit(*ps->p)) {
        parse_fail(ps, "invalid number");
        return NULL;
    }
    if (*ps->p == '0' && ps->p + 1 < ps->end && g_ascii_isdigit(ps->p[1])) {
        parse_fail(ps, "number with a leading zero");
        return NULL;
    }
    while (ps->p < ps->end && g_ascii_isdigit(*ps->p)) {
        ps->p++;
    }
    if (ps->p < ps->end && *ps->p == '.') {
        is_int = false;
        ps->p++;
        if (ps->p >= ps->end || !g_ascii_isdigit(*ps->p)) {
            parse_fail(ps, "digits must follow a decimal point");
            return NULL;
        }
        while (ps->p < ps->end && g_ascii_isdigit(*ps->p)) {
            ps->p++;
        }
    }
    if (ps->p < ps->end && (*ps->p == 'e' || *ps->p == 'E')) {
        is_int = false;
        ps->p++;
        if (ps->p < ps->end && (*ps->p == '+' || *ps->p == '-')) {
            ps->p++;
        }
        if (ps->p >= ps->end || !g_ascii_isdigit(*ps->p)) {
            parse_fail(ps, "digits must follow an exponent");
            return NULL;
        }
        while (ps->p < ps->end && g_ascii_isdigit(*ps->p)) {
            ps->p++;
        }
    }
    if ((size_t)(ps->p - s) >= sizeof(buf)) {
        ps->p = s;
        parse_fail(ps, "number too long");
        return NULL;
    }
    memcpy(buf, s, ps->p - s);
    buf[ps->p - s] = 0;
    if (is_int) {
        errno = 0;
        if (buf[0] == '-') {
            long long v = strtoll(buf, NULL, 10);
            if (errno == 0) {
                return json_int(v);
            }
        } else {
            unsigned long long v = strtoull(buf, NULL, 10);
            if (errno == 0) {
                return json_uint(v);
            }
        }
    }
    /* Out of integer range, or a fraction: a double (inf stays inf). */
    return json_double(g_ascii_strtod(buf, NULL));
}

static bool match_word(Parser *ps, const char *word)
{
    size_t n = strlen(word);
    if ((size_t)(ps->end - ps->p) >= n && memcmp(ps->p, word, n) == 0) {
        ps->p += n;
        return true;
    }
    return false;
}

static JsonValue *parse_value(Parser *ps, unsigned depth);

static JsonValue *parse_array(Parser *ps, unsigned depth)
{
    g_autoptr(JsonValue) arr = json_array_new();

    ps->p++;
    skip_ws(ps);
    if (ps->p < ps->end && *ps->p == ']') {
        ps->p++;
        return g_steal_pointer(&arr);
    }
    for (;;) {
        JsonValue *v = parse_value(ps, depth + 1);
        if (!v) {
            return NULL;
        }
        json_array_append(arr, v);
        skip_ws(ps);
        if (ps->p < ps->end && *ps->p == ',') {
            ps->p++;
            continue;
        }
        if (ps->p < ps->end && *ps->p == ']') {
            ps->p++;
            return g_steal_pointer(&arr);
        }
        parse_fail(ps, "expected ',' or ']' in array");
        return NULL;
    }
}

static JsonValue *parse_object(Parser *ps, unsigned depth)
{
    g_autoptr(JsonValue) obj = json_object_new();

    ps->p++;
    skip_ws(ps);
    if (ps->p < ps->end && *ps->p == '}') {
        ps->p++;
        return g_steal_pointer(&obj);
    }
    for (;;) {
        g_autofree char *key = NULL;
        const char *key_at;
        JsonValue *v;

        skip_ws(ps);
        if (ps->p >= ps->end || *ps->p != '"') {
            parse_fail(ps, "expected a string as object key");
            return NULL;
        }
        key_at = ps->p;
        key = parse_string(ps);
        if (!key) {
            return NULL;
        }
        if (json_object_get(obj, key)) {
            ps->p = key_at;
            parse_fail(ps, "duplicate key in object");
            return NULL;
        }
        skip_ws(ps);
        if (ps->p >= ps->end || *ps->p != ':') {
            parse_fail(ps, "expected ':' after object key");
            return NULL;
        }
        ps->p++;
        v = parse_value(ps, depth + 1);
        if (!v) {
            return NULL;
        }
        json_object_set(obj, key, v);
        skip_ws(ps);
        if (ps->p < ps->end && *ps->p == ',') {
            ps->p++;
            continue;
        }
        if (ps->p < ps->end && *ps->p == '}') {
            ps->p++;
            return g_steal_pointer(&obj);
        }
        parse_fail(ps, "expected ',' or '}' in object");
        return NULL;
    }
}

static JsonValue *parse_value(Parser *ps, unsigned depth)
{
    skip_ws(ps);
    if (ps->p >= ps->end) {
        parse_fail(ps, "unexpected end of input");
        return NULL;
    }
    switch (*ps->p) {
    case '{':
    case '[':
        if (depth >= JSON_MAX_DEPTH) {
            parse_fail(ps, "nesting too deep");
            return NULL;
        }
        return *ps->p == '{' ? parse_object(ps, depth)
                             : parse_array(ps, depth);
    case '"': {
        char *s = parse_string(ps);
        return s ? json_string_take(s) : NULL;
    }
    case '-':
    case '0' ... '9':
        return parse_number(ps);
    default:
        if (match_word(ps, "true")) {
            return json_bool(true);
        }
        if (match_word(ps, "false")) {
            return json_bool(false);
        }
        if (match_word(ps, "null")) {
            return json_null();
        }
        parse_fail(ps, "invalid token");
        return NULL;
    }
}

JsonValue *json_parse(const char *text, size_t len, GError **errp)
{
    Parser ps = { .p = text, .start = text, .end = text + len,
                  .errp = errp };
    g_autoptr(JsonValue) v = parse_value(&ps, 0);

    if (!v) {
        return NULL;
    }
    skip_ws(&ps);
    if (ps.p != ps.end) {
        parse_fail(&ps, "trailing characters after the JSON value");
        return NULL;
    }
    return g_steal_pointer(&v);
}

/* --- serializer --- */

static void append_string(GString *out, const char *s)
{
    g_string_append_c(out, '"');
    for (const char *p = s; *p;) {
        gunichar c = g_utf8_get_char_validated(p, -1);
        if (c == (gunichar)-1 || c == (gunichar)-2) {
            c = 0xfffd;                 /* not UTF-8: say so, go on */
            p++;
        } else {
            p = g_utf8_next_char(p);
        }
        switch (c) {
        case '"':  g_string_append(out, "\\\""); break;
        case '\\': g_string_append(out, "\\\\"); break;
        case '\n': g_string_append(out, "\\n"); break;
        case '\r': g_string_append(out, "\\r"); break;
        case '\t': g_string_append(out, "\\t"); break;
        case '\b': g_string_append(out, "\\b"); break;
        case '\f': g_string_append(out, "\\f"); break;
        default:
            if (c >= 0x20 && c < 0x7f) {
                g_string_append_c(out, c);
            } else if (c < 0x10000) {
                g_string_append_printf(out, "\\u%04x", c);
            } else {
                c -= 0x10000;
                g_string_append_printf(out, "\\u%04x\\u%04x",
                                       0xd800 + (c >> 10),
                                       0xdc00 + (c & 0x3ff));
            }
        }
    }
    g_string_append_c(out, '"');
}

static void append_double(GString *out, double d)
{
    char buf[G_ASCII_DTOSTR_BUF_SIZE];

    if (!isfinite(d)) {
        g_string_append(out, "null");   /* JSON has no inf or NaN */
        return;
    }
    g_ascii_formatd(buf, sizeof(buf), "%.17g", d);
    g_string_append(out, buf);
    if (!strpbrk(buf, ".eE")) {
        g_string_append(out, ".0");     /* stays a double when read back */
    }
}

void json_append(GString *out, const JsonValue *v)
{
    switch (v->kind) {
    case JSON_NULL:
        g_string_append(out, "null");
        break;
    case JSON_BOOL:
        g_string_append(out, v->u.b ? "true" : "false");
        break;
    case JSON_INT:
        g_string_append_printf(out, "%" PRId64, v->u.i);
        break;
    case JSON_UINT:
        g_string_append_printf(out, "%" PRIu64, v->u.u);
        break;
    case JSON_DOUBLE:
        append_double(out, v->u.d);
        break;
    case JSON_STRING:
        append_string(out, v->u.s);
        break;
    case JSON_ARRAY:
        g_string_append_c(out, '[');
        for (guint i = 0; i < v->u.arr->len; i++) {
            if (i) {
                g_string_append(out, ", ");
            }
            json_append(out, g_ptr_array_index(v->u.arr, i));
        }
        g_string_append_c(out, ']');
        break;
    case JSON_OBJECT:
        g_string_append_c(out, '{');
        for (guint i = 0; i < v->u.obj->len; i++) {
            const JsonMember *m = g_ptr_array_index(v->u.obj, i);
            if (i) {
                g_string_append(out, ", ");
            }
            append_string(out, m->key);
            g_string_append(out, ": ");
            json_append(out, m->value);
        }
        g_string_append_c(out, '}');
        break;
    }
}

char *json_to_string(const JsonValue *v)
{
    GString *out = g_string_new(NULL);
    json_append(out, v);
    return g_string_free(out, false);
}
