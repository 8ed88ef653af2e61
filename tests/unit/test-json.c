/*
 * util/json.c and util/json-streamer.c: every malformed input the parser
 * must refuse, unicode escapes both ways, numbers at the edges of their
 * types, the depth limit, and how the streamer cuts and bounds messages.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-check.h"
#include "util/error.h"
#include "util/json.h"

#include <math.h>
#include <stdint.h>

static JsonValue *parse_ok(const char *text)
{
    GError *err = NULL;
    JsonValue *v = json_parse(text, strlen(text), &err);

    ck_assert_msg(v, "'%s' failed: %s", text, err ? err->message : "?");
    return v;
}

/* text must fail with a message containing what. */
static void parse_bad(const char *text, size_t len, const char *what)
{
    GError *err = NULL;
    JsonValue *v = json_parse(text, len, &err);

    ck_assert_msg(!v, "'%s' parsed", text);
    ck_assert(g_error_matches(err, VIREO_ERROR, VIREO_ERROR_INVALID));
    ck_assert_msg(strstr(err->message, what), "'%s': '%s' lacks '%s'", text,
                  err->message, what);
    ck_assert(strstr(err->message, "JSON parse error at byte"));
    g_error_free(err);
}

#define BAD(text, what) parse_bad(text, strlen(text), what)

/* Parse, serialize, compare with the expected canonical text. */
static void roundtrip(const char *text, const char *expect)
{
    g_autoptr(JsonValue) v = parse_ok(text);
    g_autofree char *out = json_to_string(v);

    ck_assert_str_eq(out, expect);
}

START_TEST(scalars)
{
    g_autoptr(JsonValue) t = parse_ok(" true ");
    g_autoptr(JsonValue) f = parse_ok("false");
    g_autoptr(JsonValue) n = parse_ok("\n\tnull\r\n");
    g_autoptr(JsonValue) s = parse_ok("\"hi\"");

    ck_assert_int_eq(t->kind, JSON_BOOL);
    ck_assert(t->u.b);
    ck_assert_int_eq(f->kind, JSON_BOOL);
    ck_assert(!f->u.b);
    ck_assert_int_eq(n->kind, JSON_NULL);
    ck_assert_int_eq(s->kind, JSON_STRING);
    ck_assert_str_eq(s->u.s, "hi");
}
END_TEST

START_TEST(numbers)
{
    g_autoptr(JsonValue) zero = parse_ok("0");
    g_autoptr(JsonValue) neg = parse_ok("-42");
    g_autoptr(JsonValue) imax = parse_ok("9223372036854775807");
    g_autoptr(JsonValue) imin = parse_ok("-9223372036854775808");
    g_autoptr(JsonValue) big = parse_ok("9223372036854775808");
    g_autoptr(JsonValue) umax = parse_ok("18446744073709551615");
    g_autoptr(JsonValue) over = parse_ok("18446744073709551616");
    g_autoptr(JsonValue) under = parse_ok("-9223372036854775809");
    g_autoptr(JsonValue) frac = parse_ok("1.5");
    g_autoptr(JsonValue) expo = parse_ok("-2.5E+3");
    g_autoptr(JsonValue) expo2 = parse_ok("1e-2");

    ck_assert_int_eq(zero->kind, JSON_INT);
    ck_assert_int_eq(zero->u.i, 0);
    ck_assert_int_eq(neg->u.i, -42);
    ck_assert_int_eq(imax->kind, JSON_INT);
    ck_assert(imax->u.i == INT64_MAX);
    ck_assert_int_eq(imin->kind, JSON_INT);
    ck_assert(imin->u.i == INT64_MIN);
    ck_assert_int_eq(big->kind, JSON_UINT);
    ck_assert(big->u.u == (uint64_t)INT64_MAX + 1);
    ck_assert_int_eq(umax->kind, JSON_UINT);
    ck_assert(umax->u.u == UINT64_MAX);
    ck_assert_int_eq(over->kind, JSON_DOUBLE);
    ck_assert_int_eq(under->kind, JSON_DOUBLE);
    ck_assert_int_eq(frac->kind, JSON_DOUBLE);
    ck_assert(frac->u.d == 1.5);
    ck_assert(expo->u.d == -2500.0);
    ck_assert(fabs(expo2->u.d - 0.01) < 1e-15);

    roundtrip("18446744073709551615", "18446744073709551615");
    roundtrip("-9223372036854775808", "-9223372036854775808");
    roundtrip("2.0", "2.0");
    roundtrip("0.1", "0.10000000000000001");
    roundtrip("1e300", "1.0000000000000001e+300");
}
END_TEST

START_TEST(malformed_numbers)
{
    BAD("01", "leading zero");
    BAD("-", "invalid number");
    BAD("-a", "invalid number");
    BAD("1.", "decimal point");
    BAD("1.e5", "decimal point");
    BAD(".5", "invalid token");
    BAD("1e", "exponent");
    BAD("1e+", "exponent");
    BAD("+1", "invalid token");
    BAD("0x10", "trailing characters");
    BAD("1 2", "trailing characters");
    BAD("NaN", "invalid token");
    BAD("Infinity", "invalid token");
    BAD("1111111111111111111111111111111111111111111111111111111111111111"
        "11111", "number too long");
}
END_TEST

START_TEST(strings_and_escapes)
{
    g_autoptr(JsonValue) esc = parse_ok("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"");
    g_autoptr(JsonValue) u = parse_ok("\"\\u00e9\\u20AC\"");
    g_autoptr(JsonValue) pair = parse_ok("\"\\ud83d\\ude00\"");
    g_autoptr(JsonValue) raw = parse_ok("\"\xc3\xa9\"");

    ck_assert_str_eq(esc->u.s, "\"\\/\b\f\n\r\t");
    ck_assert_str_eq(u->u.s, "\xc3\xa9\xe2\x82\xac");
    ck_assert_str_eq(pair->u.s, "\xf0\x9f\x98\x80");
    ck_assert_str_eq(raw->u.s, "\xc3\xa9");

    /* Output is ASCII: escapes for the rest, surrogate pairs above BMP. */
    roundtrip("\"\\ud83d\\ude00 \xc3\xa9\"", "\"\\ud83d\\ude00 \\u00e9\"");
    roundtrip("\"a\\u0001\\n\\\"\"", "\"a\\u0001\\n\\\"\"");
    roundtrip("\"\\/\"", "\"/\"");
}
END_TEST

START_TEST(malformed_strings)
{
    BAD("\"abc", "unterminated string");
    BAD("\"abc\\", "unterminated string");
    BAD("\"\\x\"", "invalid escape");
    BAD("\"\\u12\"", "four hex digits");
    BAD("\"\\u12g4\"", "four hex digits");
    BAD("\"\\ude00\"", "lone low surrogate");
    BAD("\"\\ud83d\"", "high surrogate");
    BAD("\"\\ud83dx\"", "high surrogate");
    BAD("\"\\ud83d\\u0041\"", "high surrogate");
    BAD("\"\\u0000\"", "\\u0000");
    BAD("\"a\nb\"", "control character");
    BAD("\"a\tb\"", "control character");
    BAD("\"\xff\"", "not valid UTF-8");
    BAD("\"\xc3\"", "not valid UTF-8");
    BAD("'single'", "invalid token");
    /* A NUL byte inside the text, not an escape. */
    parse_bad("\"a\0b\"", 5, "control character");
}
END_TEST

START_TEST(containers)
{
    g_autoptr(JsonValue) v = parse_ok(
        "{\"a\": [1, {\"b\": null}, []], \"c\": {}, \"d\": \"x\"}");
    JsonValue *a;

    ck_assert_int_eq(v->kind, JSON_OBJECT);
    ck_assert_uint_eq(json_object_size(v), 3);
    a = json_object_get(v, "a");
    ck_assert_int_eq(a->kind, JSON_ARRAY);
    ck_assert_uint_eq(a->u.arr->len, 3);
    ck_assert_ptr_null(json_object_get(v, "zz"));
    roundtrip(" { \"a\" : [ 1 , true ] , \"b\" : { } } ",
              "{\"a\": [1, true], \"b\": {}}");
    roundtrip("[]", "[]");
}
END_TEST

START_TEST(malformed_containers)
{
    BAD("", "unexpected end");
    BAD("   ", "unexpected end");
    BAD("[", "unexpected end");
    BAD("[1,", "unexpected end");
    BAD("[1,]", "invalid token");
    BAD("[1 2]", "expected ',' or ']'");
    BAD("{", "expected a string as object key");
    BAD("{\"a\"}", "expected ':'");
    BAD("{\"a\":}", "invalid token");
    BAD("{\"a\":1,}", "expected a string as object key");
    BAD("{\"a\":1 \"b\":2}", "expected ',' or '}'");
    BAD("{1:2}", "expected a string as object key");
    BAD("{'a':1}", "expected a string as object key");
    BAD("{\"a\":1,\"a\":2}", "duplicate key");
    BAD("]", "invalid token");
    BAD("{}}", "trailing characters");
    BAD("tru", "invalid token");
    BAD("nul", "invalid token");
    BAD("[true false]", "expected ',' or ']'");
}
END_TEST

START_TEST(depth_limit)
{
    GString *ok = g_string_new(NULL), *deep = g_string_new(NULL);

    for (int i = 0; i < JSON_MAX_DEPTH; i++) {
        g_string_append_c(ok, '[');
    }
    for (int i = 0; i < JSON_MAX_DEPTH; i++) {
        g_string_append_c(ok, ']');
    }
    json_value_free(parse_ok(ok->str));
    for (int i = 0; i < 100000; i++) {
        g_string_append(deep, "{\"a\":[");
    }
    parse_bad(deep->str, deep->len, "nesting too deep");
    g_string_free(ok, true);
    g_string_free(deep, true);
}
END_TEST

START_TEST(build_and_copy)
{
    g_autoptr(JsonValue) obj = json_object_new();
    g_autoptr(JsonValue) copy = NULL;
    g_autofree char *a = NULL, *b = NULL;
    JsonValue *arr = json_array_new();

    json_array_append(arr, json_uint(UINT64_MAX));
    json_array_append(arr, json_double(NAN));
    json_array_append(arr, json_string("bad \xff utf8"));
    json_object_set(obj, "k", json_int(1));
    json_object_set(obj, "arr", arr);
    json_object_set(obj, "k", json_bool(false));    /* replaces */
    copy = json_copy(obj);
    a = json_to_string(obj);
    b = json_to_string(copy);
    ck_assert_str_eq(a, "{\"k\": false, \"arr\": [18446744073709551615, "
                     "null, \"bad \\ufffd utf8\"]}");
    ck_assert_str_eq(a, b);
    json_value_free(json_object_steal(obj, "k"));
    ck_assert_ptr_null(json_object_steal(obj, "k"));
    ck_assert_uint_eq(json_object_size(obj), 1);
    ck_assert_str_eq(json_kind_name(JSON_UINT), "integer");
}
END_TEST

/* --- streamer --- */

typedef struct Got {
    GPtrArray *texts;       /* "T:text" or "E:message" */
} Got;

static void got_fn(void *opaque, const char *text, size_t len, GError *err)
{
    Got *g = opaque;

    if (err) {
        g_ptr_array_add(g->texts, g_strdup_printf("E:%s", err->message));
    } else {
        ck_assert_uint_eq(strlen(text), len);
        g_ptr_array_add(g->texts, g_strdup_printf("T:%s", text));
    }
}

static Got *got_new(void)
{
    Got *g = g_new0(Got, 1);
    g->texts = g_ptr_array_new_with_free_func(g_free);
    return g;
}

static void got_free(Got *g)
{
    g_ptr_array_unref(g->texts);
    g_free(g);
}

static const char *got_nth(Got *g, unsigned i)
{
    ck_assert_uint_lt(i, g->texts->len);
    return g_ptr_array_index(g->texts, i);
}

START_TEST(streamer_splits)
{
    Got *g = got_new();
    JsonStreamer *s = json_streamer_new(1024, 8, got_fn, g);
    const char *in = "{\"a\": \"}{\\\"\"}[1,[2]]  \"str\" 12 true\n{}";

    /* Byte by byte: the cut points must not depend on read sizes. */
    for (const char *p = in; *p; p++) {
        json_streamer_feed(s, p, 1);
    }
    ck_assert_uint_eq(g->texts->len, 6);
    ck_assert_str_eq(got_nth(g, 0), "T:{\"a\": \"}{\\\"\"}");
    ck_assert_str_eq(got_nth(g, 1), "T:[1,[2]]");
    ck_assert_str_eq(got_nth(g, 2), "T:\"str\"");
    ck_assert_str_eq(got_nth(g, 3), "T:12");
    ck_assert_str_eq(got_nth(g, 4), "T:true");
    ck_assert_str_eq(got_nth(g, 5), "T:{}");
    json_streamer_feed(s, "7", 1);
    json_streamer_flush(s);
    ck_assert_str_eq(got_nth(g, 6), "T:7");
    json_streamer_free(s);
    got_free(g);
}
END_TEST

START_TEST(streamer_limits)
{
    Got *g = got_new();
    JsonStreamer *s = json_streamer_new(32, 3, got_fn, g);
    g_autofree char *big = NULL;

    json_streamer_feed(s, "[[[[1]]]] {}", 12);
    ck_assert_uint_eq(g->texts->len, 2);
    ck_assert_str_eq(got_nth(g, 0), "E:JSON nesting too deep");
    ck_assert_str_eq(got_nth(g, 1), "T:{}");   /* back in step after it */

    big = g_strdup_printf("{\"k\": \"%0100d\"}{\"ok\": 1}", 0);
    json_streamer_feed(s, big, strlen(big));
    ck_assert_uint_eq(g->texts->len, 4);
    ck_assert_str_eq(got_nth(g, 2), "E:JSON message too large");
    ck_assert_str_eq(got_nth(g, 3), "T:{\"ok\": 1}");

    /* Oversized top-level scalars: one error each, then in step. */
    g_free(big);
    big = g_strdup_printf("\"%0100d\" %0100d [2]", 0, 0);
    json_streamer_feed(s, big, strlen(big));
    ck_assert_uint_eq(g->texts->len, 7);
    ck_assert_str_eq(got_nth(g, 4), "E:JSON message too large");
    ck_assert_str_eq(got_nth(g, 5), "E:JSON message too large");
    ck_assert_str_eq(got_nth(g, 6), "T:[2]");
    g_ptr_array_set_size(g->texts, 4);

    json_streamer_feed(s, "}", 1);
    ck_assert_str_eq(got_nth(g, 4),
                     "E:JSON parse error: unexpected closing bracket");

    /* 0xff drops a partial text. */
    json_streamer_feed(s, "{\"a\": [\xff{}", 10);
    ck_assert_uint_eq(g->texts->len, 6);
    ck_assert_str_eq(got_nth(g, 5), "T:{}");

    /* A partial text is dropped at flush. */
    json_streamer_feed(s, "{\"a\"", 4);
    json_streamer_flush(s);
    json_streamer_feed(s, "[]", 2);
    ck_assert_uint_eq(g->texts->len, 7);
    ck_assert_str_eq(got_nth(g, 6), "T:[]");
    json_streamer_free(s);
    got_free(g);
}
END_TEST

static Suite *json_suite(void)
{
    Suite *s = suite_create("json");
    TCase *tc = tcase_create("json");

    tcase_add_test(tc, scalars);
    tcase_add_test(tc, numbers);
    tcase_add_test(tc, malformed_numbers);
    tcase_add_test(tc, strings_and_escapes);
    tcase_add_test(tc, malformed_strings);
    tcase_add_test(tc, containers);
    tcase_add_test(tc, malformed_containers);
    tcase_add_test(tc, depth_limit);
    tcase_add_test(tc, build_and_copy);
    tcase_add_test(tc, streamer_splits);
    tcase_add_test(tc, streamer_limits);
    suite_add_tcase(s, tc);
    return s;
}

VIREO_CHECK_MAIN(json_suite)
