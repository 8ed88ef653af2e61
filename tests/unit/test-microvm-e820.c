/*
 * hw/i386/microvm-e820.c: the memory map of -M microvm for small, exact
 * 3 GiB, and large RAM sizes.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-check.h"
#include "hw/i386/microvm-e820.h"

#define MiB (1ULL << 20)
#define GiB (1ULL << 30)

static void check_entry(const PVHMemmapEntry *e, uint64_t addr,
                        uint64_t size, uint32_t type)
{
    ck_assert_uint_eq(e->addr, addr);
    ck_assert_uint_eq(e->size, size);
    ck_assert_uint_eq(e->type, type);
}

START_TEST(small_ram)
{
    PVHMemmapEntry e[MICROVM_E820_MAX];
    uint64_t low, high;
    unsigned n = microvm_e820_build(64 * MiB, &low, &high, e);

    ck_assert_uint_eq(low, 64 * MiB);
    ck_assert_uint_eq(high, 0);
    ck_assert_uint_eq(n, 5);
    check_entry(&e[0], 0, 0x9fc00, PVH_MEMMAP_RAM);
    check_entry(&e[1], 0x9fc00, 0x100000 - 0x9fc00, PVH_MEMMAP_RESERVED);
    check_entry(&e[2], 1 * MiB, 63 * MiB, PVH_MEMMAP_RAM);
    check_entry(&e[3], 0xfec00000, 0x1000, PVH_MEMMAP_RESERVED);
    check_entry(&e[4], 0xfee00000, 0x1000, PVH_MEMMAP_RESERVED);
}
END_TEST

START_TEST(exactly_3g_has_nothing_high)
{
    PVHMemmapEntry e[MICROVM_E820_MAX];
    uint64_t low, high;
    unsigned n = microvm_e820_build(3 * GiB, &low, &high, e);

    ck_assert_uint_eq(low, 3 * GiB);
    ck_assert_uint_eq(high, 0);
    ck_assert_uint_eq(n, 5);
    check_entry(&e[2], 1 * MiB, 3 * GiB - 1 * MiB, PVH_MEMMAP_RAM);
}
END_TEST

START_TEST(large_ram_goes_above_4g)
{
    PVHMemmapEntry e[MICROVM_E820_MAX];
    uint64_t low, high;
    unsigned n = microvm_e820_build(64 * GiB, &low, &high, e);

    ck_assert_uint_eq(low, 3 * GiB);
    ck_assert_uint_eq(high, 61 * GiB);
    ck_assert_uint_eq(n, 6);
    check_entry(&e[5], 4 * GiB, 61 * GiB, PVH_MEMMAP_RAM);
    /* Nothing overlaps and the map is sorted. */
    for (unsigned i = 1; i < n; i++) {
        ck_assert_uint_le(e[i - 1].addr + e[i - 1].size, e[i].addr);
    }
}
END_TEST

START_TEST(tiny_ram_stops_below_640k)
{
    PVHMemmapEntry e[MICROVM_E820_MAX];
    uint64_t low, high;
    unsigned n = microvm_e820_build(512 * 1024, &low, &high, e);

    ck_assert_uint_eq(n, 4);
    check_entry(&e[0], 0, 512 * 1024, PVH_MEMMAP_RAM);
    check_entry(&e[2], 0xfec00000, 0x1000, PVH_MEMMAP_RESERVED);
}
END_TEST

static Suite *e820_suite(void)
{
    Suite *s = suite_create("microvm-e820");
    TCase *tc = tcase_create("e820");

    tcase_add_test(tc, small_ram);
    tcase_add_test(tc, exactly_3g_has_nothing_high);
    tcase_add_test(tc, large_ram_goes_above_4g);
    tcase_add_test(tc, tiny_ram_stops_below_640k);
    suite_add_tcase(s, tc);
    return s;
}

VIREO_CHECK_MAIN(e820_suite)
