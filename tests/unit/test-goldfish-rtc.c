/*
 * hw/rtc/goldfish_rtc.c: the time follows the host's wall clock and the
 * offset the guest sets, the alarm raises the interrupt when enabled, and
 * the registers are read and written as Linux's rtc-goldfish driver does.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-check.h"
#include "hw/core/vmstate.h"
#include "hw/rtc/goldfish_rtc.h"
#include "util/main-loop.h"

static GoldfishRTCState *s;
static IRQLine *line;
static int level;

static void record_level(void *opaque, int n, int lvl)
{
    level = lvl;
}

static void setup(void)
{
    s = GOLDFISH_RTC(object_new(TYPE_GOLDFISH_RTC));
    ck_assert(qdev_realize(DEVICE(s), NULL));
    level = -1;
    line = irq_new(record_level, NULL, 0);
    sysbus_connect_irq(SYS_BUS_DEVICE(s), 0, line);
    device_reset(DEVICE(s));
}

static void teardown(void)
{
    object_unref(s);
    irq_free(line);
}

static uint32_t rd(hwaddr addr)
{
    uint64_t v = 0;

    ck_assert_int_eq(memory_region_dispatch_read(&s->mmio, addr, &v, 4,
                                                 DEVICE_LITTLE_ENDIAN,
                                                 (MemTxAttrs){ 0 }),
                     MEMTX_OK);
    return v;
}

static void wr(hwaddr addr, uint32_t v)
{
    ck_assert_int_eq(memory_region_dispatch_write(&s->mmio, addr, v, 4,
                                                  DEVICE_LITTLE_ENDIAN,
                                                  (MemTxAttrs){ 0 }),
                     MEMTX_OK);
}

/* As Linux reads it: TIME_LOW latches TIME_HIGH. */
static uint64_t read_time(void)
{
    uint64_t lo = rd(0x00);

    return ((uint64_t)rd(0x04) << 32) | lo;
}

static void set_time(uint64_t t)
{
    wr(0x04, t >> 32);
    wr(0x00, (uint32_t)t);
}

static void set_alarm(uint64_t t)
{
    wr(0x0c, t >> 32);
    wr(0x08, (uint32_t)t);
}

#define SEC 1000000000ull

START_TEST(time_follows_the_host_clock)
{
    uint64_t host = clock_get_ns(VIREO_CLOCK_HOST);
    uint64_t t = read_time();

    /* The host's wall clock, give or take how long this test runs. */
    ck_assert_uint_ge(t, host);
    ck_assert_uint_lt(t, host + 60 * SEC);
    ck_assert_uint_gt(t, 1600000000ull * SEC);          /* after 2020 */
}
END_TEST

START_TEST(set_time_moves_the_clock)
{
    uint64_t t;

    set_time(1000 * SEC);
    t = read_time();
    ck_assert_uint_ge(t, 1000 * SEC);
    ck_assert_uint_lt(t, 1060 * SEC);
    device_reset(DEVICE(s));                            /* kept */
    ck_assert_uint_lt(read_time(), 1060 * SEC);
}
END_TEST

START_TEST(past_alarm_fires_at_once)
{
    wr(0x10, 1);
    ck_assert_int_eq(level, 0);
    set_alarm(read_time() - SEC);
    ck_assert_int_eq(level, 1);
    ck_assert_uint_eq(rd(0x18), 0);                     /* not running */
    wr(0x1c, 1);                                        /* acknowledge */
    ck_assert_int_eq(level, 0);
}
END_TEST

START_TEST(alarm_waits_and_can_be_cleared)
{
    set_alarm(read_time() + 3600 * SEC);
    ck_assert_uint_eq(rd(0x18), 1);
    ck_assert_uint_eq(((uint64_t)rd(0x0c) << 32 | rd(0x08)) > read_time(),
                      1);
    wr(0x10, 1);
    ck_assert_int_eq(level, 0);
    wr(0x14, 1);
    ck_assert_uint_eq(rd(0x18), 0);
    /* moving the time past a set alarm fires it */
    set_alarm(read_time() + 3600 * SEC);
    set_time(read_time() + 7200 * SEC);
    ck_assert_int_eq(level, 1);
}
END_TEST

START_TEST(alarm_fires_from_the_timer)
{
    /* The interrupt is held back while disabled, then appears. */
    set_alarm(read_time() + 1000000);                   /* 1 ms */
    for (int i = 0; i < 1000 && rd(0x18); i++) {
        g_usleep(2000);
        bql_lock();
        timerlist_run_timers(VIREO_CLOCK_HOST);
        bql_unlock();
    }
    ck_assert_uint_eq(rd(0x18), 0);
    ck_assert_int_eq(level, 0);
    wr(0x10, 1);
    ck_assert_int_eq(level, 1);
    ck_assert_uint_eq(rd(0x10), 1);
}
END_TEST

START_TEST(bad_offsets_and_state)
{
    GByteArray *buf = g_byte_array_new();
    const VMStateDescription *vmsd = DEVICE_GET_CLASS(s)->vmsd;

    ck_assert_uint_eq(rd(0x20), 0);
    wr(0x20, 1);
    wr(0x18, 1);                                        /* read-only */
    set_alarm(read_time() - SEC);
    ck_assert(vmstate_save(vmsd, s, buf, NULL));
    device_reset(DEVICE(s));
    wr(0x10, 1);
    ck_assert_int_eq(level, 0);
    wr(0x10, 0);
    ck_assert(vmstate_load(vmsd, s, buf->data, buf->len,
                           VMSTATE_VERSION_FROM_STREAM, NULL));
    wr(0x10, 1);
    ck_assert_int_eq(level, 1);                         /* pending again */
    g_byte_array_unref(buf);
}
END_TEST

static Suite *goldfish_rtc_suite(void)
{
    Suite *su = suite_create("goldfish-rtc");
    TCase *tc = tcase_create("rtc");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, time_follows_the_host_clock);
    tcase_add_test(tc, set_time_moves_the_clock);
    tcase_add_test(tc, past_alarm_fires_at_once);
    tcase_add_test(tc, alarm_waits_and_can_be_cleared);
    tcase_add_test(tc, alarm_fires_from_the_timer);
    tcase_add_test(tc, bad_offsets_and_state);
    suite_add_tcase(su, tc);
    return su;
}

VIREO_CHECK_MAIN(goldfish_rtc_suite)
