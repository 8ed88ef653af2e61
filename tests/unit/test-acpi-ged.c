/*
 * acpi-ged, the microvm power device: the sleep control register powers
 * off only for SLP_EN with SLP_TYP 5, the reset register resets only
 * for its value, a powerdown request raises the GED line and reading the
 * event register returns the event and lowers it.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-check.h"
#include "hw/core/runstate.h"
#include "hw/i386/acpi-ged.h"
#include "util/error.h"
#include "util/main-loop.h"

static MemoryRegion io;
static AddressSpace as;
static IRQLine *line;
static DeviceState *ged;
static int level = -1;

static void line_set(void *opaque, int n, int l)
{
    level = l;
}

static void setup(void)
{
    GError *err = NULL;

    ck_assert(main_loop_init(NULL));
    memory_region_init(&io, NULL, "io", 0x10000);
    address_space_init(&as, &io, "io");
    line = irq_new(line_set, NULL, 0);
    ged = acpi_ged_create(&io, 0x600, line, &err);
    ck_assert_ptr_nonnull(ged);
}

static void teardown(void)
{
    object_unparent(OBJECT(ged));
    irq_free(line);
    address_space_destroy(&as);
    memory_region_unref(&io);
}

static void outb(uint16_t port, uint8_t v)
{
    address_space_stb(&as, port, v, MEMTXATTRS_UNSPECIFIED, NULL);
}

static uint8_t inb(uint16_t port)
{
    return address_space_ldub(&as, port, MEMTXATTRS_UNSPECIFIED, NULL);
}

START_TEST(sleep_control_s5_powers_off)
{
    int code = -1;

    outb(0x600, 5 << 2);                    /* no SLP_EN: nothing */
    outb(0x600, (3 << 2) | (1 << 5));       /* S3 does not exist */
    outb(0x601, 0x80);                      /* WAK_STS clear: ignored */
    ck_assert_uint_eq(inb(0x601), 0);
    ck_assert(!runstate_main_loop_should_exit(&code));
    outb(0x600, (5 << 2) | (1 << 5));
    ck_assert(runstate_main_loop_should_exit(&code));
    ck_assert_int_eq(code, 0);
    ck_assert_int_eq(runstate_shutdown_cause(),
                     SHUTDOWN_CAUSE_GUEST_POWEROFF);
}
END_TEST

static void count_reset(void *opaque)
{
    (*(int *)opaque)++;
}

START_TEST(reset_register_resets)
{
    int code = -1, resets = 0;

    runstate_register_reset(count_reset, &resets);
    outb(0x602, 0x01);                      /* not RESET_VALUE */
    ck_assert(!runstate_main_loop_should_exit(&code));
    ck_assert_int_eq(resets, 0);
    outb(0x602, ACPI_GED_RESET_VALUE);
    ck_assert(!runstate_main_loop_should_exit(&code));
    ck_assert_int_eq(resets, 1);
}
END_TEST

START_TEST(powerdown_raises_the_event)
{
    int code = -1;

    ck_assert_uint_eq(inb(0x603), 0);
    ck_assert_int_eq(level, 0);
    runstate_request_powerdown();
    ck_assert(!runstate_main_loop_should_exit(&code));
    ck_assert_int_eq(level, 1);
    ck_assert_uint_eq(inb(0x603), ACPI_GED_EVENT_PWR_BUTTON);
    ck_assert_int_eq(level, 0);
    ck_assert_uint_eq(inb(0x603), 0);       /* read cleared it */
}
END_TEST

static Suite *acpi_ged_suite(void)
{
    Suite *s = suite_create("acpi-ged");
    TCase *tc = tcase_create("ports");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, sleep_control_s5_powers_off);
    tcase_add_test(tc, reset_register_resets);
    tcase_add_test(tc, powerdown_raises_the_event);
    suite_add_tcase(s, tc);
    return s;
}

VIREO_CHECK_MAIN(acpi_ged_suite)
