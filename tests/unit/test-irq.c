/*
 * hw/core/irq.c: handlers, arrays, fan-out, inversion, unconnected pins.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-check.h"
#include "hw/core/irq.h"

#define MAX_CALLS 16

typedef struct Call {
    void *opaque;
    int n;
    int level;
} Call;

static Call calls[MAX_CALLS];
static int ncalls;

static void record_handler(void *opaque, int n, int level)
{
    ck_assert_int_lt(ncalls, MAX_CALLS);
    calls[ncalls++] = (Call){ opaque, n, level };
}

static void check_call(int i, void *opaque, int n, int level)
{
    ck_assert_int_gt(ncalls, i);
    ck_assert_ptr_eq(calls[i].opaque, opaque);
    ck_assert_int_eq(calls[i].n, n);
    ck_assert_int_eq(calls[i].level, level);
}

START_TEST(set_raise_lower_pulse)
{
    int dev;
    IRQLine *line = irq_new(record_handler, &dev, 5);

    irq_raise(line);
    irq_lower(line);
    irq_set(line, 42);              /* any non-zero level is 1 */
    irq_pulse(line);
    ck_assert_int_eq(ncalls, 5);
    check_call(0, &dev, 5, 1);
    check_call(1, &dev, 5, 0);
    check_call(2, &dev, 5, 1);
    check_call(3, &dev, 5, 1);
    check_call(4, &dev, 5, 0);
    irq_free(line);
}
END_TEST

START_TEST(allocate_numbers_lines)
{
    int dev;
    IRQLine **lines = irq_allocate(4, record_handler, &dev);

    for (int i = 3; i >= 0; i--) {
        irq_raise(lines[i]);
    }
    ck_assert_int_eq(ncalls, 4);
    for (int i = 0; i < 4; i++) {
        check_call(i, &dev, 3 - i, 1);
    }
    irq_free_array(lines, 4);
    irq_free_array(NULL, 0);
    irq_free_array(irq_allocate(0, record_handler, NULL), 0);
}
END_TEST

START_TEST(null_line_is_unconnected)
{
    irq_raise(NULL);
    irq_lower(NULL);
    irq_pulse(NULL);
    irq_set(NULL, 1);
    irq_free(NULL);
    ck_assert_int_eq(ncalls, 0);
}
END_TEST

START_TEST(split_drives_both)
{
    int a_dev, b_dev;
    IRQLine *a = irq_new(record_handler, &a_dev, 1);
    IRQLine *b = irq_new(record_handler, &b_dev, 2);
    IRQLine *s = irq_split(a, b);
    IRQLine *half = irq_split(NULL, b);

    irq_raise(s);
    irq_lower(s);
    ck_assert_int_eq(ncalls, 4);
    check_call(0, &a_dev, 1, 1);
    check_call(1, &b_dev, 2, 1);
    check_call(2, &a_dev, 1, 0);
    check_call(3, &b_dev, 2, 0);
    irq_raise(half);
    ck_assert_int_eq(ncalls, 5);
    check_call(4, &b_dev, 2, 1);
    irq_free(half);
    irq_free(s);                    /* a and b live on */
    irq_lower(a);
    check_call(5, &a_dev, 1, 0);
    irq_free(a);
    irq_free(b);
}
END_TEST

START_TEST(invert_flips_level)
{
    int dev;
    IRQLine *target = irq_new(record_handler, &dev, 0);
    IRQLine *inv = irq_invert(target);
    IRQLine *twice = irq_invert(inv);

    irq_raise(inv);
    irq_lower(inv);
    irq_set(twice, 3);
    ck_assert_int_eq(ncalls, 3);
    check_call(0, &dev, 0, 0);
    check_call(1, &dev, 0, 1);
    check_call(2, &dev, 0, 1);
    irq_free(twice);
    irq_free(inv);
    inv = irq_invert(NULL);
    irq_raise(inv);                 /* inverting nothing is still nothing */
    ck_assert_int_eq(ncalls, 3);
    irq_free(inv);
    irq_free(target);
}
END_TEST

static Suite *irq_suite(void)
{
    Suite *s = suite_create("irq");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, set_raise_lower_pulse);
    tcase_add_test(tc, allocate_numbers_lines);
    tcase_add_test(tc, null_line_is_unconnected);
    tcase_add_test(tc, split_drives_both);
    tcase_add_test(tc, invert_flips_level);
    suite_add_tcase(s, tc);
    return s;
}

VIREO_CHECK_MAIN(irq_suite)
