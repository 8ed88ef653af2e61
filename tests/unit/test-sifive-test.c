/*
 * hw/misc/sifive_test.c: each finisher value posts the request it stands
 * for (poweroff, reset, poweroff with an exit status), seen through the
 * run-state code the main loop uses; anything else is ignored.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-check.h"
#include "hw/core/runstate.h"
#include "hw/core/vmstate.h"
#include "hw/misc/sifive_test.h"

static SiFiveTestState *s;
static int resets;

static void count_reset(void *opaque)
{
    resets++;
}

static void setup(void)
{
    s = SIFIVE_TEST(object_new(TYPE_SIFIVE_TEST));
    ck_assert(qdev_realize(DEVICE(s), NULL));
    resets = 0;
    runstate_register_reset(count_reset, NULL);
    runstate_set(RUN_STATE_RUNNING);
}

static void teardown(void)
{
    runstate_unregister_reset(count_reset, NULL);
    object_unref(s);
}

static MemTxResult wr(hwaddr addr, uint64_t v, unsigned size)
{
    return memory_region_dispatch_write(&s->mmio, addr, v, size,
                                        DEVICE_LITTLE_ENDIAN,
                                        (MemTxAttrs){ 0 });
}

START_TEST(pass_powers_off_with_status_0)
{
    int code = -1;

    ck_assert(!runstate_main_loop_should_exit(&code));
    ck_assert_int_eq(wr(0, SIFIVE_TEST_PASS, 4), MEMTX_OK);
    ck_assert(runstate_main_loop_should_exit(&code));
    ck_assert_int_eq(code, 0);
    ck_assert_int_eq(runstate_shutdown_cause(),
                     SHUTDOWN_CAUSE_GUEST_POWEROFF);
    ck_assert_int_eq(resets, 0);
}
END_TEST

START_TEST(fail_exits_with_its_code)
{
    int code = -1;

    ck_assert_int_eq(wr(0, (42u << 16) | SIFIVE_TEST_FAIL, 4), MEMTX_OK);
    ck_assert(runstate_main_loop_should_exit(&code));
    ck_assert_int_eq(code, 42);
    ck_assert_int_eq(runstate_get(), RUN_STATE_SHUTDOWN);
}
END_TEST

START_TEST(reset_resets_and_keeps_running)
{
    int code = -1;
    uint64_t v = 1;

    ck_assert_int_eq(wr(0, SIFIVE_TEST_RESET, 2), MEMTX_OK);   /* 16-bit */
    ck_assert(!runstate_main_loop_should_exit(&code));
    ck_assert_int_eq(resets, 1);
    ck_assert(runstate_is_running());
    ck_assert_int_eq(memory_region_dispatch_read(&s->mmio, 0, &v, 4,
                                                 DEVICE_LITTLE_ENDIAN,
                                                 (MemTxAttrs){ 0 }),
                     MEMTX_OK);
    ck_assert_uint_eq(v, 0);
}
END_TEST

START_TEST(other_values_are_ignored)
{
    int code = -1;
    GByteArray *buf = g_byte_array_new();

    ck_assert_int_eq(wr(0, 0x1234, 4), MEMTX_OK);
    ck_assert_int_eq(wr(4, SIFIVE_TEST_PASS, 4), MEMTX_OK);   /* offset */
    ck_assert_int_ne(wr(0, SIFIVE_TEST_PASS, 1), MEMTX_OK);   /* size */
    ck_assert(!runstate_main_loop_should_exit(&code));
    ck_assert_int_eq(resets, 0);
    ck_assert(vmstate_save(DEVICE_GET_CLASS(s)->vmsd, s, buf, NULL));
    ck_assert(vmstate_load(DEVICE_GET_CLASS(s)->vmsd, s, buf->data,
                           buf->len, VMSTATE_VERSION_FROM_STREAM, NULL));
    g_byte_array_unref(buf);
}
END_TEST

static Suite *sifive_test_suite(void)
{
    Suite *su = suite_create("sifive-test");
    TCase *tc = tcase_create("finisher");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, pass_powers_off_with_status_0);
    tcase_add_test(tc, fail_exits_with_its_code);
    tcase_add_test(tc, reset_resets_and_keeps_running);
    tcase_add_test(tc, other_values_are_ignored);
    suite_add_tcase(su, tc);
    return su;
}

VIREO_CHECK_MAIN(sifive_test_suite)
