/*
 * KVM dirty bitmaps: sizes, and the walk from bits to written ranges
 * (runs, word boundaries, clean words, bits past the slot's end).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-check.h"
#include "accel/kvm/kvm-dirty.h"

#include <inttypes.h>

static void record(void *opaque, uint64_t gpa, uint64_t len)
{
    g_string_append_printf(opaque, "%" PRIx64 "+%" PRIx64 " ", gpa, len);
}

static char *walk(const uint64_t *bitmap, uint64_t npages)
{
    GString *s = g_string_new("");

    kvm_dirty_bitmap_walk(bitmap, npages, 0x100000, 0x1000, record, s);
    return g_string_free(s, false);
}

#define EXPECT_WALK(bitmap, npages, want)          \
    do {                                           \
        g_autofree char *got_ = walk(bitmap, npages); \
        ck_assert_str_eq(got_, want);              \
    } while (0)

START_TEST(bitmap_size_is_whole_words)
{
    ck_assert_uint_eq(kvm_dirty_bitmap_size(0), 0);
    ck_assert_uint_eq(kvm_dirty_bitmap_size(1), 8);
    ck_assert_uint_eq(kvm_dirty_bitmap_size(64), 8);
    ck_assert_uint_eq(kvm_dirty_bitmap_size(65), 16);
    ck_assert_uint_eq(kvm_dirty_bitmap_size(1ULL << 20), 1ULL << 17);
}
END_TEST

START_TEST(clean_and_full)
{
    uint64_t clean[3] = { 0 }, full[3] = { ~0ULL, ~0ULL, ~0ULL };

    EXPECT_WALK(clean, 192, "");
    EXPECT_WALK(full, 192, "100000+c0000 ");
    EXPECT_WALK(full, 0, "");
}
END_TEST

START_TEST(runs_and_word_boundaries)
{
    /* Pages 0, 2-3, 62-65 (across words), 127, 128 (the last). */
    uint64_t b[3] = {
        (1ULL << 0) | (3ULL << 2) | (3ULL << 62),
        3ULL | (1ULL << 63),
        1ULL,
    };

    EXPECT_WALK(b, 129, "100000+1000 102000+2000 13e000+4000 17f000+2000 ");
}
END_TEST

START_TEST(bits_past_the_end_are_ignored)
{
    uint64_t b[1] = { ~0ULL };

    EXPECT_WALK(b, 3, "100000+3000 ");
    b[0] = 1ULL << 5;
    EXPECT_WALK(b, 5, "");
}
END_TEST

static Suite *kvm_dirty_suite(void)
{
    Suite *s = suite_create("kvm-dirty");
    TCase *tc = tcase_create("bitmap");

    tcase_add_test(tc, bitmap_size_is_whole_words);
    tcase_add_test(tc, clean_and_full);
    tcase_add_test(tc, runs_and_word_boundaries);
    tcase_add_test(tc, bits_past_the_end_are_ignored);
    suite_add_tcase(s, tc);
    return s;
}

VIREO_CHECK_MAIN(kvm_dirty_suite)
