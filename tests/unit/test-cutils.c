/*
 * util/cutils.c: numbers, sizes and booleans from the command line, each
 * accepted exactly or refused with the message users will see.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-check.h"
#include "util/cutils.h"
#include "util/error.h"

#include <string.h>

static const struct {
    const char *str;
    int base;
    uint64_t value;
} uint_ok[] = {
    { "0", 0, 0 },
    { "42", 0, 42 },
    { "010", 0, 10 },           /* no octal surprise */
    { "0x1F", 0, 31 },
    { "0X1f", 0, 31 },
    { "0b101", 0, 5 },
    { "18446744073709551615", 0, UINT64_MAX },
    { "0xffffffffffffffff", 0, UINT64_MAX },
    { "ff", 16, 255 },
    { "0xff", 16, 255 },
    { "777", 8, 511 },
};

START_TEST(uint64_accepts)
{
    uint64_t v = 1234;
    GError *err = NULL;

    ck_assert_msg(vireo_parse_uint64(uint_ok[_i].str, uint_ok[_i].base, &v,
                                     &err), "%s", uint_ok[_i].str);
    ck_assert_ptr_null(err);
    ck_assert_uint_eq(v, uint_ok[_i].value);
}
END_TEST

static const struct {
    const char *str;
    int base;
    const char *msg;
} uint_bad[] = {
    { "", 0, "'' is not a number" },
    { " 1", 0, "' 1' is not a number" },
    { "1 ", 0, "'1 ' is not a number" },
    { "-1", 0, "'-1' is not a number" },
    { "+1", 0, "'+1' is not a number" },
    { "12a", 0, "'12a' is not a number" },
    { "0x", 0, "'0x' is not a number" },
    { "0b2", 0, "'0b2' is not a number" },
    { "1.5", 0, "'1.5' is not a number" },
    { "0x10", 10, "'0x10' is not a number" },
    { "8", 8, "'8' is not a number" },
    { "18446744073709551616", 0, "'18446744073709551616' is out of range" },
    { "0x10000000000000000", 0, "'0x10000000000000000' is out of range" },
    { "99999999999999999999x", 0, "'99999999999999999999x' is not a number" },
};

START_TEST(uint64_rejects)
{
    uint64_t v = 77;
    GError *err = NULL;

    ck_assert(!vireo_parse_uint64(uint_bad[_i].str, uint_bad[_i].base, &v,
                                  &err));
    ck_assert_ptr_nonnull(err);
    ck_assert(g_error_matches(err, VIREO_ERROR, VIREO_ERROR_INVALID));
    ck_assert_str_eq(err->message, uint_bad[_i].msg);
    ck_assert_uint_eq(v, 77);
    g_error_free(err);
}
END_TEST

START_TEST(int64_limits)
{
    int64_t v = 0;
    GError *err = NULL;

    ck_assert(vireo_parse_int64("-1", 0, &v, &err));
    ck_assert_int_eq(v, -1);
    ck_assert(vireo_parse_int64("-0x10", 0, &v, &err));
    ck_assert_int_eq(v, -16);
    ck_assert(vireo_parse_int64("-9223372036854775808", 0, &v, &err));
    ck_assert(v == INT64_MIN);
    ck_assert(vireo_parse_int64("9223372036854775807", 0, &v, &err));
    ck_assert(v == INT64_MAX);
    ck_assert_ptr_null(err);

    ck_assert(!vireo_parse_int64("9223372036854775808", 0, &v, &err));
    ck_assert_str_eq(err->message, "'9223372036854775808' is out of range");
    g_clear_error(&err);
    ck_assert(!vireo_parse_int64("-9223372036854775809", 0, &v, &err));
    ck_assert_str_eq(err->message, "'-9223372036854775809' is out of range");
    g_clear_error(&err);
    ck_assert(!vireo_parse_int64("--1", 0, &v, &err));
    ck_assert_str_eq(err->message, "'--1' is not a number");
    g_clear_error(&err);
    ck_assert(!vireo_parse_int64("-", 0, &v, &err));
    ck_assert_str_eq(err->message, "'-' is not a number");
    g_clear_error(&err);
    ck_assert(v == INT64_MAX);
}
END_TEST

START_TEST(uint_range_bounds)
{
    uint64_t v = 0;
    GError *err = NULL;

    ck_assert(vireo_parse_uint_range("10", 1, 10, &v, &err));
    ck_assert_uint_eq(v, 10);
    ck_assert(!vireo_parse_uint_range("11", 1, 10, &v, &err));
    ck_assert_str_eq(err->message, "'11' is out of range (1..10)");
    g_clear_error(&err);
    ck_assert(!vireo_parse_uint_range("0", 1, 10, &v, &err));
    ck_assert_str_eq(err->message, "'0' is out of range (1..10)");
    g_clear_error(&err);
    ck_assert(!vireo_parse_uint_range("x", 1, 10, &v, &err));
    ck_assert_str_eq(err->message, "'x' is not a number");
    g_clear_error(&err);
    ck_assert_uint_eq(v, 10);
}
END_TEST

static const struct {
    const char *str;
    char suffix;
    uint64_t value;
} size_ok[] = {
    { "0", 'B', 0 },
    { "512", 'B', 512 },
    { "512", 'M', UINT64_C(512) << 20 },
    { "512M", 'B', UINT64_C(512) << 20 },
    { "2G", 'M', UINT64_C(2) << 30 },
    { "2g", 'M', UINT64_C(2) << 30 },
    { "1.5G", 'B', UINT64_C(3) << 29 },
    { "1.5", 'M', UINT64_C(3) << 19 },
    { "0.5K", 'B', 512 },
    { "1.1K", 'B', 1126 },      /* 1126.4, truncated */
    { "16T", 'B', UINT64_C(16) << 40 },
    { "1k", 'B', 1024 },
    { "3B", 'M', 3 },
    { "2P", 'B', UINT64_C(2) << 50 },
    { "15E", 'B', UINT64_C(15) << 60 },
    { "15.9375E", 'B', UINT64_C(255) << 56 },
    { "0x1000", 'B', 4096 },
    { "0x10M", 'B', UINT64_C(16) << 20 },
    { "18446744073709551615", 'B', UINT64_MAX },
};

START_TEST(size_accepts)
{
    uint64_t v = 1;
    GError *err = NULL;

    ck_assert_msg(vireo_parse_size(size_ok[_i].str, size_ok[_i].suffix, &v,
                                   &err), "%s", size_ok[_i].str);
    ck_assert_ptr_null(err);
    ck_assert_uint_eq(v, size_ok[_i].value);
}
END_TEST

#define NOT_SIZE " is not a valid size (a number with an optional suffix " \
                 "B, K, M, G, T, P or E)"

static const struct {
    const char *str;
    char suffix;
    const char *msg;
} size_bad[] = {
    { "", 'B', "''" NOT_SIZE },
    { "abc", 'B', "'abc'" NOT_SIZE },
    { "1X", 'B', "'1X'" NOT_SIZE },
    { "1KB", 'B', "'1KB'" NOT_SIZE },
    { "1 G", 'B', "'1 G'" NOT_SIZE },
    { " 1G", 'B', "' 1G'" NOT_SIZE },
    { "-1", 'M', "'-1'" NOT_SIZE },
    { "+1", 'M', "'+1'" NOT_SIZE },
    { "1.", 'M', "'1.'" NOT_SIZE },
    { ".5G", 'B', "'.5G'" NOT_SIZE },
    { "1.5.5G", 'B', "'1.5.5G'" NOT_SIZE },
    { "0x", 'B', "'0x'" NOT_SIZE },
    { "0x1.5M", 'B', "'0x1.5M'" NOT_SIZE },
    { "1.5", 'B', "'1.5' is not a whole number of bytes" },
    { "2.5B", 'M', "'2.5B' is not a whole number of bytes" },
    { "16E", 'B', "'16E' is too large" },
    { "17179869184G", 'B', "'17179869184G' is too large" },
    { "18446744073709551616", 'B', "'18446744073709551616' is too large" },
    { "16777216T", 'M', "'16777216T' is too large" },
    { "17592186044416", 'M', "'17592186044416' is too large" },
};

START_TEST(size_rejects)
{
    uint64_t v = 99;
    GError *err = NULL;

    ck_assert(!vireo_parse_size(size_bad[_i].str, size_bad[_i].suffix, &v,
                                &err));
    ck_assert_ptr_nonnull(err);
    ck_assert(g_error_matches(err, VIREO_ERROR, VIREO_ERROR_INVALID));
    ck_assert_str_eq(err->message, size_bad[_i].msg);
    ck_assert_uint_eq(v, 99);
    g_error_free(err);
}
END_TEST

START_TEST(bool_words)
{
    static const char *const yes[] = { "on", "yes", "true" };
    static const char *const no[] = { "off", "no", "false" };
    static const char *const bad[] = { "On", "1", "0", "", "maybe", "y" };
    GError *err = NULL;
    bool v;

    for (size_t i = 0; i < G_N_ELEMENTS(yes); i++) {
        v = false;
        ck_assert(vireo_parse_bool(yes[i], &v, &err));
        ck_assert(v);
        v = true;
        ck_assert(vireo_parse_bool(no[i], &v, &err));
        ck_assert(!v);
    }
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        g_autofree char *want =
            g_strdup_printf("'%s' is not a boolean (use on or off)", bad[i]);
        v = true;
        ck_assert(!vireo_parse_bool(bad[i], &v, &err));
        ck_assert_str_eq(err->message, want);
        ck_assert(v);
        g_clear_error(&err);
    }
}
END_TEST

START_TEST(size_to_str_is_exact)
{
    static const struct {
        uint64_t size;
        const char *text;
    } cases[] = {
        { 0, "0 B" },
        { 512, "512 B" },
        { 1024, "1 KiB" },
        { 1536, "1536 B" },
        { UINT64_C(1536) << 20, "1536 MiB" },
        { UINT64_C(2) << 30, "2 GiB" },
        { UINT64_C(4) << 40, "4 TiB" },
        { UINT64_C(8) << 60, "8 EiB" },
        { UINT64_MAX, "18446744073709551615 B" },
    };

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *text = vireo_size_to_str(cases[i].size);
        ck_assert_str_eq(text, cases[i].text);
    }
}
END_TEST

START_TEST(escape_controls_keeps_one_line)
{
    g_autofree char *a = vireo_str_escape_controls("a\nb\tc\x7f");
    g_autofree char *b = vireo_str_escape_controls("caf\xc3\xa9 ok");
    g_autofree char *c = vireo_str_escape_controls("");

    ck_assert_str_eq(a, "a\\x0ab\\x09c\\x7f");
    ck_assert_str_eq(b, "caf\xc3\xa9 ok");
    ck_assert_str_eq(c, "");
}
END_TEST

START_TEST(errors_tolerate_null_errp)
{
    uint64_t u = 5;
    bool b = true;

    ck_assert(!vireo_parse_uint64("x", 0, &u, NULL));
    ck_assert(!vireo_parse_size("x", 'B', &u, NULL));
    ck_assert(!vireo_parse_bool("x", &b, NULL));
    ck_assert_uint_eq(u, 5);
}
END_TEST

static Suite *cutils_suite(void)
{
    Suite *s = suite_create("cutils");
    TCase *tc = tcase_create("core");

    tcase_add_loop_test(tc, uint64_accepts, 0, G_N_ELEMENTS(uint_ok));
    tcase_add_loop_test(tc, uint64_rejects, 0, G_N_ELEMENTS(uint_bad));
    tcase_add_test(tc, int64_limits);
    tcase_add_test(tc, uint_range_bounds);
    tcase_add_loop_test(tc, size_accepts, 0, G_N_ELEMENTS(size_ok));
    tcase_add_loop_test(tc, size_rejects, 0, G_N_ELEMENTS(size_bad));
    tcase_add_test(tc, bool_words);
    tcase_add_test(tc, size_to_str_is_exact);
    tcase_add_test(tc, escape_controls_keeps_one_line);
    tcase_add_test(tc, errors_tolerate_null_errp);
    suite_add_tcase(s, tc);
    return s;
}

VIREO_CHECK_MAIN(cutils_suite)
