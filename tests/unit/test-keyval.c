/*
 * util/keyval.c: key=value lists as typed after -device, -drive, -M ...
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-check.h"
#include "util/error.h"
#include "util/keyval.h"

#include <string.h>

/* "k1=v1|k2=v2" of kv, to compare whole lists in one assertion. */
static char *dump(const Keyval *kv)
{
    GString *out = g_string_new(NULL);

    for (unsigned i = 0; i < keyval_count(kv); i++) {
        const KeyvalPair *pair = keyval_nth(kv, i);
        g_string_append_printf(out, "%s%s=%s", i ? "|" : "", pair->key,
                               pair->value);
    }
    if (kv->help) {
        g_string_append(out, "|HELP");
    }
    return g_string_free(out, false);
}

static const struct {
    const char *str;
    const char *implied;
    KeyvalDupPolicy dup;
    const char *pairs;
} parse_ok[] = {
    { "a=1,b=2", NULL, KEYVAL_DUP_ERROR, "a=1|b=2" },
    { "b=2,a=1", NULL, KEYVAL_DUP_ERROR, "b=2|a=1" },
    { "virt,dumpdtb=f.dtb", "type", KEYVAL_DUP_ERROR,
      "type=virt|dumpdtb=f.dtb" },
    { "type=virt,x=1", "type", KEYVAL_DUP_ERROR, "type=virt|x=1" },
    { "virtio-blk-device,drive=d0", "driver", KEYVAL_DUP_LAST_WINS,
      "driver=virtio-blk-device|drive=d0" },
    { "tcg,tb-size=64", "accel", KEYVAL_DUP_LAST_WINS,
      "accel=tcg|tb-size=64" },
    { "1G", "size", KEYVAL_DUP_LAST_WINS, "size=1G" },
    { "file=a,,b,id=x", NULL, KEYVAL_DUP_ERROR, "file=a,b|id=x" },
    { "a=1,,", NULL, KEYVAL_DUP_ERROR, "a=1," },
    { "a=,,,b=2", NULL, KEYVAL_DUP_ERROR, "a=,|b=2" },
    { "a=,,,,", NULL, KEYVAL_DUP_ERROR, "a=,," },
    { "virtio,,blk,x=1", "driver", KEYVAL_DUP_ERROR,
      "driver=virtio,blk|x=1" },
    { "a=", NULL, KEYVAL_DUP_ERROR, "a=" },
    { "a=x=y", NULL, KEYVAL_DUP_ERROR, "a=x=y" },
    { "server,wait=off", NULL, KEYVAL_DUP_ERROR, "server=on|wait=off" },
    { "socket,id=c0,server,nowait", "backend", KEYVAL_DUP_ERROR,
      "backend=socket|id=c0|server=on|nowait=on" },
    { "help", "driver", KEYVAL_DUP_ERROR, "|HELP" },
    { "?", "type", KEYVAL_DUP_ERROR, "|HELP" },
    { "virtio-net-device,help", "driver", KEYVAL_DUP_ERROR,
      "driver=virtio-net-device|HELP" },
    { "a=1,?", NULL, KEYVAL_DUP_ERROR, "a=1|HELP" },
    { "help=1", NULL, KEYVAL_DUP_ERROR, "help=1" },
    { "a=1,a=2", NULL, KEYVAL_DUP_LAST_WINS, "a=2" },
    { "a=1,b=2,a=3", NULL, KEYVAL_DUP_LAST_WINS, "a=3|b=2" },
    { "x.y_z-9=1", NULL, KEYVAL_DUP_ERROR, "x.y_z-9=1" },
};

START_TEST(parses)
{
    GError *err = NULL;
    g_autoptr(Keyval) kv = keyval_parse(parse_ok[_i].str,
                                        parse_ok[_i].implied,
                                        parse_ok[_i].dup, &err);
    g_autofree char *got = NULL;

    ck_assert_msg(kv != NULL, "%s: %s", parse_ok[_i].str,
                  err ? err->message : "");
    got = dump(kv);
    ck_assert_str_eq(got, parse_ok[_i].pairs);
}
END_TEST

static const struct {
    const char *str;
    const char *implied;
    KeyvalDupPolicy dup;
    const char *msg;
} parse_bad[] = {
    { "", NULL, KEYVAL_DUP_ERROR, "empty parameter list" },
    { "", "type", KEYVAL_DUP_ERROR, "empty parameter list" },
    { ",a=1", NULL, KEYVAL_DUP_ERROR, "empty parameter before ','" },
    { ",a=1", "type", KEYVAL_DUP_ERROR, "empty parameter before ','" },
    { "a,,b", NULL, KEYVAL_DUP_ERROR, "empty parameter before ','" },
    { "a=1,", NULL, KEYVAL_DUP_ERROR,
      "trailing ',' (write ',,' for a comma in a value)" },
    { "virt,", "type", KEYVAL_DUP_ERROR,
      "trailing ',' (write ',,' for a comma in a value)" },
    { "=1", NULL, KEYVAL_DUP_ERROR, "empty parameter name before '=1'" },
    { "a=1,=2", "type", KEYVAL_DUP_ERROR,
      "empty parameter name before '=2'" },
    { "a b=1", NULL, KEYVAL_DUP_ERROR,
      "invalid parameter name 'a b' (letters, digits, '-', '_' and '.' "
      "only)" },
    { "x,fo/o", "type", KEYVAL_DUP_ERROR,
      "invalid parameter name 'fo/o' (letters, digits, '-', '_' and '.' "
      "only)" },
    { "a=1,a=2", NULL, KEYVAL_DUP_ERROR, "parameter 'a' given twice" },
    { "virt,type=spike", "type", KEYVAL_DUP_ERROR,
      "parameter 'type' given twice" },
};

START_TEST(rejects)
{
    GError *err = NULL;
    Keyval *kv = keyval_parse(parse_bad[_i].str, parse_bad[_i].implied,
                              parse_bad[_i].dup, &err);

    ck_assert_ptr_null(kv);
    ck_assert_ptr_nonnull(err);
    ck_assert(g_error_matches(err, VIREO_ERROR, VIREO_ERROR_INVALID));
    ck_assert_str_eq(err->message, parse_bad[_i].msg);
    g_error_free(err);
}
END_TEST

START_TEST(lookups)
{
    g_autoptr(Keyval) kv = keyval_parse("a=1,b=,c=x", NULL,
                                        KEYVAL_DUP_ERROR, NULL);

    ck_assert_uint_eq(keyval_count(kv), 3);
    ck_assert_str_eq(keyval_get(kv, "a"), "1");
    ck_assert_str_eq(keyval_get(kv, "b"), "");
    ck_assert_ptr_null(keyval_get(kv, "d"));
    ck_assert(keyval_has(kv, "c"));
    ck_assert(!keyval_has(kv, "A"));
    ck_assert_str_eq(keyval_nth(kv, 2)->key, "c");
}
END_TEST

START_TEST(typed_lookups)
{
    g_autoptr(Keyval) kv = keyval_parse("ro=on,n=0x10,sz=2G,bad=maybe",
                                        NULL, KEYVAL_DUP_ERROR, NULL);
    GError *err = NULL;
    bool b = false;
    uint64_t u = 0;

    ck_assert(keyval_get_bool(kv, "ro", false, &b, &err));
    ck_assert(b);
    ck_assert(keyval_get_bool(kv, "absent", true, &b, &err));
    ck_assert(b);
    ck_assert(keyval_get_uint64(kv, "n", 0, &u, &err));
    ck_assert_uint_eq(u, 16);
    ck_assert(keyval_get_uint64(kv, "absent", 7, &u, &err));
    ck_assert_uint_eq(u, 7);
    ck_assert(keyval_get_size(kv, "sz", 'B', 0, &u, &err));
    ck_assert_uint_eq(u, UINT64_C(2) << 30);
    ck_assert(keyval_get_size(kv, "absent", 'M', 5, &u, &err));
    ck_assert_uint_eq(u, 5);
    ck_assert_ptr_null(err);

    ck_assert(!keyval_get_bool(kv, "bad", false, &b, &err));
    ck_assert_str_eq(err->message,
                     "bad: 'maybe' is not a boolean (use on or off)");
    g_clear_error(&err);
    ck_assert(!keyval_get_uint64(kv, "bad", 0, &u, &err));
    ck_assert_str_eq(err->message, "bad: 'maybe' is not a number");
    g_clear_error(&err);
    ck_assert(!keyval_get_size(kv, "bad", 'B', 0, &u, &err));
    ck_assert_str_eq(err->message,
                     "bad: 'maybe' is not a valid size (a number with an "
                     "optional suffix B, K, M, G, T, P or E)");
    g_clear_error(&err);
    ck_assert_uint_eq(u, 5);
}
END_TEST

START_TEST(check_keys_names_the_stranger)
{
    static const char *const allowed[] = { "size", "slots", NULL };
    g_autoptr(Keyval) ok = keyval_parse("size=1,slots=2", NULL,
                                        KEYVAL_DUP_ERROR, NULL);
    g_autoptr(Keyval) bad = keyval_parse("size=1,slot=2", NULL,
                                         KEYVAL_DUP_ERROR, NULL);
    GError *err = NULL;

    ck_assert(keyval_check_keys(ok, allowed, &err));
    ck_assert(!keyval_check_keys(bad, allowed, &err));
    ck_assert_str_eq(err->message,
                     "unknown parameter 'slot' (expected one of: size, "
                     "slots)");
    g_error_free(err);
}
END_TEST

START_TEST(edit_and_merge)
{
    g_autoptr(Keyval) kv = keyval_parse("a=1,b=2", NULL, KEYVAL_DUP_ERROR,
                                        NULL);
    g_autoptr(Keyval) more = keyval_parse("b=3,c=4,help", NULL,
                                          KEYVAL_DUP_ERROR, NULL);
    g_autofree char *s1 = NULL, *s2 = NULL;

    keyval_set(kv, "a", "9");
    keyval_set(kv, "z", "0");
    ck_assert(keyval_remove(kv, "z"));
    ck_assert(!keyval_remove(kv, "z"));
    keyval_merge(kv, more);
    s1 = dump(kv);
    ck_assert_str_eq(s1, "a=9|b=3|c=4");    /* help is not merged */
    ck_assert(more->help);
    keyval_free(keyval_new());
    keyval_free(NULL);
    s2 = dump(more);
    ck_assert_str_eq(s2, "b=3|c=4|HELP");
}
END_TEST

START_TEST(to_string_round_trips)
{
    static const char *const texts[] = {
        "a=x,,y,b=2", "driver=virtio-blk-device,drive=d0", "a=,,",
        "a=1,help", "help",
    };

    for (size_t i = 0; i < G_N_ELEMENTS(texts); i++) {
        g_autoptr(Keyval) kv = keyval_parse(texts[i], NULL,
                                            KEYVAL_DUP_ERROR, NULL);
        g_autofree char *back = keyval_to_string(kv);
        ck_assert_str_eq(back, texts[i]);
    }
}
END_TEST

static Suite *keyval_suite(void)
{
    Suite *s = suite_create("keyval");
    TCase *tc = tcase_create("core");

    tcase_add_loop_test(tc, parses, 0, G_N_ELEMENTS(parse_ok));
    tcase_add_loop_test(tc, rejects, 0, G_N_ELEMENTS(parse_bad));
    tcase_add_test(tc, lookups);
    tcase_add_test(tc, typed_lookups);
    tcase_add_test(tc, check_keys_names_the_stranger);
    tcase_add_test(tc, edit_and_merge);
    tcase_add_test(tc, to_string_round_trips);
    suite_add_tcase(s, tc);
    return s;
}

VIREO_CHECK_MAIN(keyval_suite)
