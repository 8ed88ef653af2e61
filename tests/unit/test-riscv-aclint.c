/*
 * hw/intc/riscv_aclint.c: msip, mtimecmp and mtime through the device's
 * region, with the virtual clock driven by a fake time source, and the
 * MTIP/MSIP lines a hart would see.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-check.h"
#include "hw/intc/riscv_aclint.h"
#include "util/error.h"

#include <string.h>

static int64_t fake_ns;
static int levels[2][2];        /* [hart][0 = msip, 1 = mtip] */
static RISCVAclintState *s;
static IRQLine *lines[2][2];

static int64_t fake_source(void *opaque)
{
    return fake_ns;
}

static void record_level(void *opaque, int n, int level)
{
    levels[GPOINTER_TO_INT(opaque)][n] = level;
}

static void setup(void)
{
    GError *err = NULL;

    fake_ns = 1000000000;
    clock_virtual_set_source(fake_source, NULL);
    clock_virtual_set_running(true);
    memset(levels, 0, sizeof(levels));
    s = RISCV_ACLINT(object_new(TYPE_RISCV_ACLINT));
    ck_assert(object_property_set_uint(OBJECT(s), "num-harts", 2, &err));
    ck_assert(qdev_realize(DEVICE(s), &err));
    for (int h = 0; h < 2; h++) {
        lines[h][0] = irq_new(record_level, GINT_TO_POINTER(h), 0);
        lines[h][1] = irq_new(record_level, GINT_TO_POINTER(h), 1);
        riscv_aclint_connect_hart(s, h, lines[h][0], lines[h][1]);
    }
    device_reset(DEVICE(s));
}

static void teardown(void)
{
    qdev_unrealize(DEVICE(s));
    object_unref(s);
    for (int h = 0; h < 2; h++) {
        irq_free(lines[h][0]);
        irq_free(lines[h][1]);
    }
    clock_virtual_set_running(false);
}

static uint64_t rd(hwaddr addr, unsigned size)
{
    uint64_t v = 0;

    ck_assert_int_eq(memory_region_dispatch_read(riscv_aclint_mmio(s), addr,
                                                 &v, size,
                                                 DEVICE_LITTLE_ENDIAN,
                                                 (MemTxAttrs){ 0 }),
                     MEMTX_OK);
    return v;
}

static void wr(hwaddr addr, uint64_t v, unsigned size)
{
    ck_assert_int_eq(memory_region_dispatch_write(riscv_aclint_mmio(s), addr,
                                                  v, size,
                                                  DEVICE_LITTLE_ENDIAN,
                                                  (MemTxAttrs){ 0 }),
                     MEMTX_OK);
}

START_TEST(mtime_counts_at_timebase)
{
    ck_assert_uint_eq(rd(0xbff8, 8), 0);            /* reset */
    fake_ns += 1000;                                /* 1 us = 10 ticks */
    ck_assert_uint_eq(rd(0xbff8, 8), 10);
    ck_assert_uint_eq(riscv_aclint_read_mtime(s), 10);
    /* paused machine: no time passes */
    clock_virtual_set_running(false);
    fake_ns += 5000;
    ck_assert_uint_eq(rd(0xbff8, 8), 10);
    clock_virtual_set_running(true);
    /* writes move mtime, including by 32-bit halves */
    wr(0xbff8, 0x100000000ull, 8);
    ck_assert_uint_eq(rd(0xbffc, 4), 1);
    ck_assert_uint_eq(rd(0xbff8, 4), 0);
    wr(0xbff8, 0x55, 4);
    ck_assert_uint_eq(rd(0xbff8, 8), 0x100000055ull);
    fake_ns += 100;
    ck_assert_uint_eq(rd(0xbff8, 8), 0x100000056ull);
}
END_TEST

START_TEST(msip_drives_the_line)
{
    wr(0x4, 0xffffffff, 4);                         /* hart 1 */
    ck_assert_uint_eq(rd(0x4, 4), 1);
    ck_assert_int_eq(levels[1][0], 1);
    ck_assert_int_eq(levels[0][0], 0);
    wr(0x4, 2, 4);                                  /* only bit 0 counts */
    ck_assert_int_eq(levels[1][0], 0);
    wr(0x0, 1, 4);
    ck_assert_int_eq(levels[0][0], 1);
    device_reset(DEVICE(s));
    ck_assert_int_eq(levels[0][0], 0);
    ck_assert_uint_eq(rd(0x0, 4), 0);
}
END_TEST

START_TEST(mtimecmp_raises_mtip_when_reached)
{
    ck_assert_uint_eq(rd(0x4000, 8), UINT64_MAX);   /* no timer at reset */
    ck_assert_int_eq(levels[0][1], 0);
    wr(0x4000, 100, 8);                             /* 10 us from now */
    ck_assert_int_eq(levels[0][1], 0);
    ck_assert(timerlist_deadline_ns(VIREO_CLOCK_VIRTUAL) >= 0);
    fake_ns += 9999;                                /* 99 ticks */
    timerlist_run_timers(VIREO_CLOCK_VIRTUAL);
    ck_assert_int_eq(levels[0][1], 0);
    fake_ns += 1;
    ck_assert(timerlist_run_timers(VIREO_CLOCK_VIRTUAL));
    ck_assert_int_eq(levels[0][1], 1);
    ck_assert_int_eq(levels[1][1], 0);
    /* a later compare value lowers it again */
    wr(0x4004, 1, 4);
    ck_assert_uint_eq(rd(0x4000, 8), (1ull << 32) | 100);
    ck_assert_int_eq(levels[0][1], 0);
    /* a compare value in the past raises it at once */
    wr(0x4008, 0, 8);
    ck_assert_int_eq(levels[1][1], 1);
    /* moving mtime back lowers it */
    wr(0xbff8, 0, 8);
    wr(0x4008, 5, 8);
    ck_assert_int_eq(levels[1][1], 0);
}
END_TEST

START_TEST(deadline_for_the_cpu_timer)
{
    int64_t t0 = clock_get_ns(VIREO_CLOCK_VIRTUAL);

    /* mtime is 0 now (reset): mtime 100 is 10 us later */
    ck_assert_uint_eq(rd(0xbff8, 8), 0);
    ck_assert_int_eq(riscv_aclint_mtime_deadline_ns(s, 100), t0 + 10000);
    ck_assert_int_eq(riscv_aclint_mtime_deadline_ns(s, 101), t0 + 10100);
    fake_ns += 20000;
    ck_assert_int_eq(riscv_aclint_mtime_deadline_ns(s, 100),
                     clock_get_ns(VIREO_CLOCK_VIRTUAL));     /* due */
    ck_assert_int_eq(riscv_aclint_mtime_deadline_ns(s, UINT64_MAX),
                     INT64_MAX);
}
END_TEST

/*
 * At a timebase that does not divide 1 GHz, a tick is not a whole number
 * of ns: the deadline must be the first ns at which mtime has reached the
 * compare value, neither earlier (an early timer interrupt that finds
 * nothing due) nor later.
 */
START_TEST(deadline_rounds_to_the_first_due_ns)
{
    GError *err = NULL;
    RISCVAclintState *t = RISCV_ACLINT(object_new(TYPE_RISCV_ACLINT));
    int64_t skew;

    ck_assert(object_property_set_uint(OBJECT(t), "timebase-freq", 3000000,
                                       &err));
    ck_assert(qdev_realize(DEVICE(t), &err));
    fake_ns += 100;     /* reset away from a tick boundary */
    device_reset(DEVICE(t));
    /* the virtual clock is the source minus where it started */
    skew = fake_ns - clock_get_ns(VIREO_CLOCK_VIRTUAL);

    /* the virtual clock never goes back: look at d - 1 before d */
    for (uint64_t ticks = 1; ticks <= 40; ticks++) {
        int64_t d = riscv_aclint_mtime_deadline_ns(t, ticks);

        fake_ns = d + skew - 1;
        ck_assert_uint_lt(riscv_aclint_read_mtime(t), ticks);
        fake_ns = d + skew;
        ck_assert_uint_ge(riscv_aclint_read_mtime(t), ticks);
    }
    qdev_unrealize(DEVICE(t));
    object_unref(t);
}
END_TEST

START_TEST(bad_accesses_are_harmless)
{
    ck_assert_uint_eq(rd(0x8, 4), 0);               /* past the 2 harts */
    wr(0x8, 1, 4);
    ck_assert_uint_eq(rd(0x4010, 8), 0);
    wr(0x4010, 1, 8);
    wr(0x0, 1, 8);                                  /* msip is 32-bit */
    ck_assert_int_eq(levels[0][0], 0);
    /* 1- and 2-byte accesses are refused by the region */
    uint64_t v;
    ck_assert_int_ne(memory_region_dispatch_read(riscv_aclint_mmio(s), 0, &v,
                                                 1, DEVICE_LITTLE_ENDIAN,
                                                 (MemTxAttrs){ 0 }),
                     MEMTX_OK);
}
END_TEST

START_TEST(realize_checks_properties)
{
    GError *err = NULL;
    Object *o = object_new(TYPE_RISCV_ACLINT);

    ck_assert(object_property_set_uint(o, "num-harts", 0, &err));
    ck_assert(!qdev_realize(DEVICE(o), &err));
    ck_assert_ptr_nonnull(strstr(err->message, "num-harts=0"));
    g_clear_error(&err);
    ck_assert(object_property_set_uint(o, "num-harts", 1, &err));
    ck_assert(object_property_set_uint(o, "timebase-freq", 0, &err));
    ck_assert(!qdev_realize(DEVICE(o), &err));
    ck_assert_ptr_nonnull(strstr(err->message, "timebase-freq=0"));
    g_clear_error(&err);
    object_unref(o);
}
END_TEST

static Suite *riscv_aclint_suite(void)
{
    Suite *su = suite_create("riscv-aclint");
    TCase *tc = tcase_create("aclint");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, mtime_counts_at_timebase);
    tcase_add_test(tc, msip_drives_the_line);
    tcase_add_test(tc, mtimecmp_raises_mtip_when_reached);
    tcase_add_test(tc, deadline_for_the_cpu_timer);
    tcase_add_test(tc, deadline_rounds_to_the_first_due_ns);
    tcase_add_test(tc, bad_accesses_are_harmless);
    tcase_add_test(tc, realize_checks_properties);
    suite_add_tcase(su, tc);
    return su;
}

VIREO_CHECK_MAIN(riscv_aclint_suite)
