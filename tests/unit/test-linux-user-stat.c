/*
 * linux-user/user-stat.c: the host struct stat converted to the riscv64
 * asm-generic layout, checked at the byte offsets the guest reads.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-check.h"
#include "linux-user/generic/target-stat.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

static uint64_t u64_at(const void *p, size_t off)
{
    uint64_t v;

    memcpy(&v, (const uint8_t *)p + off, sizeof(v));
    return v;
}

static uint32_t u32_at(const void *p, size_t off)
{
    uint32_t v;

    memcpy(&v, (const uint8_t *)p + off, sizeof(v));
    return v;
}

static struct stat sample(void)
{
    struct stat st;

    memset(&st, 0, sizeof(st));
    st.st_dev = 0x801;
    st.st_ino = 0x123456789aull;
    st.st_mode = 0100644;
    st.st_nlink = 3;
    st.st_uid = 1000;
    st.st_gid = 100;
    st.st_rdev = 0x8811;
    st.st_size = 0x100000001ll;
    st.st_blksize = 4096;
    st.st_blocks = 16;
    st.st_atim.tv_sec = 1700000000;
    st.st_atim.tv_nsec = 111;
    st.st_mtim.tv_sec = 1700000001;
    st.st_mtim.tv_nsec = 222;
    st.st_ctim.tv_sec = 1700000002;
    st.st_ctim.tv_nsec = 333;
    return st;
}

/* Offsets from the riscv64 asm-generic/stat.h layout. */
START_TEST(fields_land_at_generic_offsets)
{
    struct stat st = sample();
    UserTargetStat ts;

    memset(&ts, 0xaa, sizeof(ts));
    user_stat_to_target(&st, &ts);
    ck_assert_uint_eq(u64_at(&ts, 0), 0x801);
    ck_assert_uint_eq(u64_at(&ts, 8), 0x123456789aull);
    ck_assert_uint_eq(u32_at(&ts, 16), 0100644);
    ck_assert_uint_eq(u32_at(&ts, 20), 3);
    ck_assert_uint_eq(u32_at(&ts, 24), 1000);
    ck_assert_uint_eq(u32_at(&ts, 28), 100);
    ck_assert_uint_eq(u64_at(&ts, 32), 0x8811);
    ck_assert_uint_eq(u64_at(&ts, 48), 0x100000001ull);
    ck_assert_uint_eq(u32_at(&ts, 56), 4096);
    ck_assert_uint_eq(u64_at(&ts, 64), 16);
    ck_assert_uint_eq(u64_at(&ts, 72), 1700000000);
    ck_assert_uint_eq(u64_at(&ts, 80), 111);
    ck_assert_uint_eq(u64_at(&ts, 88), 1700000001);
    ck_assert_uint_eq(u64_at(&ts, 96), 222);
    ck_assert_uint_eq(u64_at(&ts, 104), 1700000002);
    ck_assert_uint_eq(u64_at(&ts, 112), 333);
}
END_TEST

START_TEST(padding_is_zeroed)
{
    struct stat st = sample();
    UserTargetStat ts;

    memset(&ts, 0xaa, sizeof(ts));
    user_stat_to_target(&st, &ts);
    ck_assert_uint_eq(u64_at(&ts, 40), 0);      /* __pad1 */
    ck_assert_uint_eq(u32_at(&ts, 60), 0);      /* __pad2 */
    ck_assert_uint_eq(u32_at(&ts, 120), 0);     /* __unused4 */
    ck_assert_uint_eq(u32_at(&ts, 124), 0);     /* __unused5 */
}
END_TEST

START_TEST(huge_link_count_is_clamped)
{
    struct stat st = sample();
    UserTargetStat ts;

    st.st_nlink = 0x100000005ull;
    user_stat_to_target(&st, &ts);
    ck_assert_uint_eq(u32_at(&ts, 20), UINT32_MAX);
}
END_TEST

START_TEST(real_file_round_trip)
{
    struct stat st;
    UserTargetStat ts;

    ck_assert_int_eq(stat("/", &st), 0);
    user_stat_to_target(&st, &ts);
    ck_assert_uint_eq(ts.st_ino, st.st_ino);
    ck_assert_uint_eq(ts.st_mode, st.st_mode);
    ck_assert(S_ISDIR(ts.st_mode));
    ck_assert_int_eq(ts.st_mtime_sec, st.st_mtim.tv_sec);
}
END_TEST

static Suite *stat_suite(void)
{
    Suite *s = suite_create("linux-user-stat");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, fields_land_at_generic_offsets);
    tcase_add_test(tc, padding_is_zeroed);
    tcase_add_test(tc, huge_link_count_is_clamped);
    tcase_add_test(tc, real_file_round_trip);
    suite_add_tcase(s, tc);
    return s;
}

VIREO_CHECK_MAIN(stat_suite)
