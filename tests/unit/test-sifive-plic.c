/*
 * hw/intc/sifive_plic.c through its register region: priorities,
 * thresholds, per-context enables, claim/complete with level gateways,
 * and the context lines a hart would see.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-check.h"
#include "hw/core/gpio.h"
#include "hw/core/vmstate.h"
#include "hw/intc/sifive_plic.h"
#include "util/error.h"

static SiFivePLICState *s;
static int ctx_level[4];
static IRQLine *ctx_lines[4];

static void record_level(void *opaque, int n, int level)
{
    ctx_level[n] = level;
}

static void setup(void)
{
    GError *err = NULL;

    memset(ctx_level, 0, sizeof(ctx_level));
    s = SIFIVE_PLIC(object_new(TYPE_SIFIVE_PLIC));
    ck_assert(object_property_set_uint(OBJECT(s), "num-harts", 2, &err));
    ck_assert(object_property_set_uint(OBJECT(s), "num-sources", 40, &err));
    ck_assert(qdev_realize(DEVICE(s), &err));
    for (int c = 0; c < 4; c++) {
        ctx_lines[c] = irq_new(record_level, NULL, c);
        qdev_connect_gpio_out(DEVICE(s), c, ctx_lines[c]);
    }
    device_reset(DEVICE(s));
}

static void teardown(void)
{
    object_unref(s);
    for (int c = 0; c < 4; c++) {
        irq_free(ctx_lines[c]);
    }
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

static void source(int id, int level)
{
    irq_set(qdev_get_gpio_in(DEVICE(s), id), level);
}

#define PRIO(id)        (4 * (id))
#define PENDING(w)      (0x1000 + 4 * (w))
#define ENABLE(c, w)    (0x2000 + 0x80 * (c) + 4 * (w))
#define THRESHOLD(c)    (0x200000 + 0x1000 * (c))
#define CLAIM(c)        (0x200004 + 0x1000 * (c))

START_TEST(registers_reset_and_mask)
{
    ck_assert_uint_eq(memory_region_size(&s->mmio), 0x204000);
    ck_assert_uint_eq(rd(PRIO(5)), 0);
    wr(PRIO(5), 0xff);
    ck_assert_uint_eq(rd(PRIO(5)), 7);             /* 3 priority bits */
    wr(PRIO(0), 3);
    ck_assert_uint_eq(rd(PRIO(0)), 0);             /* hardwired */
    wr(PRIO(45), 3);                               /* no such source */
    ck_assert_uint_eq(rd(PRIO(45)), 0);
    wr(ENABLE(1, 0), 0xffffffff);
    ck_assert_uint_eq(rd(ENABLE(1, 0)), 0xfffffffe);
    wr(ENABLE(1, 1), 0xffffffff);
    ck_assert_uint_eq(rd(ENABLE(1, 1)), 0xff);     /* sources 32..39 */
    wr(ENABLE(1, 2), 0xffffffff);
    ck_assert_uint_eq(rd(ENABLE(1, 2)), 0);
    wr(THRESHOLD(3), 9);
    ck_assert_uint_eq(rd(THRESHOLD(3)), 1);
    device_reset(DEVICE(s));
    ck_assert_uint_eq(rd(PRIO(5)), 0);
    ck_assert_uint_eq(rd(ENABLE(1, 0)), 0);
    ck_assert_uint_eq(rd(THRESHOLD(3)), 0);
}
END_TEST

START_TEST(claim_complete_level_source)
{
    wr(PRIO(10), 1);
    wr(ENABLE(1, 0), 1u << 10);                    /* hart 0, S-mode */
    source(10, 1);
    ck_assert_uint_eq(rd(PENDING(0)), 1u << 10);
    ck_assert_int_eq(ctx_level[1], 1);
    ck_assert_int_eq(ctx_level[0], 0);             /* M not enabled */
    ck_assert_int_eq(ctx_level[3], 0);
    ck_assert_uint_eq(rd(CLAIM(1)), 10);
    ck_assert_uint_eq(rd(PENDING(0)), 0);
    ck_assert_int_eq(ctx_level[1], 0);
    ck_assert_uint_eq(rd(CLAIM(1)), 0);            /* nothing left */
    /* still high at completion: pending again */
    wr(CLAIM(1), 10);
    ck_assert_uint_eq(rd(PENDING(0)), 1u << 10);
    ck_assert_int_eq(ctx_level[1], 1);
    ck_assert_uint_eq(rd(CLAIM(1)), 10);
    source(10, 0);
    source(10, 1);                                 /* in service: held */
    ck_assert_uint_eq(rd(PENDING(0)), 0);
    source(10, 0);
    wr(CLAIM(1), 10);
    ck_assert_uint_eq(rd(PENDING(0)), 0);
    ck_assert_int_eq(ctx_level[1], 0);
}
END_TEST

START_TEST(dropped_line_withdraws_request)
{
    wr(PRIO(3), 1);
    wr(ENABLE(0, 0), 1u << 3);
    source(3, 1);
    ck_assert_int_eq(ctx_level[0], 1);
    source(3, 0);
    ck_assert_int_eq(ctx_level[0], 0);
    ck_assert_uint_eq(rd(CLAIM(0)), 0);
}
END_TEST

START_TEST(priority_threshold_and_ties)
{
    wr(ENABLE(2, 0), (1u << 4) | (1u << 6) | (1u << 8));
    wr(ENABLE(2, 1), 1u << 1);                     /* source 33 */
    wr(PRIO(4), 2);
    wr(PRIO(6), 5);
    wr(PRIO(8), 5);
    wr(PRIO(33), 7);
    source(4, 1);
    source(6, 1);
    source(8, 1);
    ck_assert_uint_eq(rd(PENDING(0)), 0x150);
    /* priority 0 never interrupts */
    wr(PRIO(4), 0);
    wr(PRIO(6), 0);
    wr(PRIO(8), 0);
    ck_assert_int_eq(ctx_level[2], 0);
    ck_assert_uint_eq(rd(CLAIM(2)), 0);
    wr(PRIO(4), 2);
    wr(PRIO(6), 5);
    wr(PRIO(8), 5);
    ck_assert_int_eq(ctx_level[2], 1);
    wr(THRESHOLD(2), 5);                           /* must be above it */
    ck_assert_int_eq(ctx_level[2], 0);
    ck_assert_uint_eq(rd(CLAIM(2)), 0);
    wr(THRESHOLD(2), 4);
    ck_assert_int_eq(ctx_level[2], 1);
    source(33, 1);
    ck_assert_uint_eq(rd(PENDING(1)), 2);
    ck_assert_uint_eq(rd(CLAIM(2)), 33);           /* highest priority */
    ck_assert_uint_eq(rd(CLAIM(2)), 6);            /* tie: lowest ID */
    ck_assert_uint_eq(rd(CLAIM(2)), 8);
    ck_assert_uint_eq(rd(CLAIM(2)), 0);            /* 4 is below 4+1 */
    wr(THRESHOLD(2), 0);
    ck_assert_uint_eq(rd(CLAIM(2)), 4);
    ck_assert_int_eq(ctx_level[2], 0);
}
END_TEST

START_TEST(contexts_are_independent)
{
    wr(PRIO(7), 1);
    wr(ENABLE(0, 0), 1u << 7);
    wr(ENABLE(3, 0), 1u << 7);
    source(7, 1);
    ck_assert_int_eq(ctx_level[0], 1);
    ck_assert_int_eq(ctx_level[3], 1);
    ck_assert_uint_eq(rd(CLAIM(3)), 7);            /* first claim wins */
    ck_assert_int_eq(ctx_level[0], 0);
    ck_assert_uint_eq(rd(CLAIM(0)), 0);
    /* completion by a context that does not enable it is ignored */
    wr(CLAIM(1), 7);
    ck_assert_uint_eq(rd(PENDING(0)), 0);
    wr(CLAIM(3), 7);
    ck_assert_uint_eq(rd(PENDING(0)), 1u << 7);
}
END_TEST

START_TEST(bad_accesses_are_harmless)
{
    wr(PENDING(0), 0xffffffff);                    /* read-only */
    ck_assert_uint_eq(rd(PENDING(0)), 0);
    ck_assert_uint_eq(rd(ENABLE(4, 0)), 0);        /* no context 4 */
    wr(ENABLE(4, 0), 1);
    ck_assert_uint_eq(rd(THRESHOLD(2) + 8), 0);
    wr(THRESHOLD(2) + 8, 1);
    wr(CLAIM(0), 0);
    wr(CLAIM(0), 1000);
    source(0, 1);                                  /* ID 0 is not a source */
    ck_assert_uint_eq(rd(PENDING(0)), 0);
    /* a region access wider than 4 bytes is refused by the memory API */
    uint64_t v;
    ck_assert_int_ne(memory_region_dispatch_read(&s->mmio, 0, &v, 8,
                                                 DEVICE_LITTLE_ENDIAN,
                                                 (MemTxAttrs){ 0 }),
                     MEMTX_OK);
}
END_TEST

START_TEST(state_survives_save_and_load)
{
    GError *err = NULL;
    g_autoptr(GByteArray) buf = g_byte_array_new();
    const VMStateDescription *vmsd = DEVICE_GET_CLASS(s)->vmsd;

    wr(PRIO(9), 3);
    wr(ENABLE(1, 0), 1u << 9);
    wr(THRESHOLD(1), 2);
    source(9, 1);
    ck_assert(vmstate_save(vmsd, s, buf, &err));
    device_reset(DEVICE(s));
    ck_assert_uint_eq(rd(PRIO(9)), 0);
    ck_assert(vmstate_load(vmsd, s, buf->data, buf->len,
                           VMSTATE_VERSION_FROM_STREAM, &err));
    ck_assert_uint_eq(rd(PRIO(9)), 3);
    ck_assert_uint_eq(rd(THRESHOLD(1)), 2);
    ck_assert_uint_eq(rd(CLAIM(1)), 9);
}
END_TEST

START_TEST(realize_checks_properties)
{
    Object *o = object_new(TYPE_SIFIVE_PLIC);

    ck_assert(object_property_set_uint(o, "num-sources", 1025, NULL));
    EXPECT_FAIL(qdev_realize(DEVICE(o), &err_), "num-sources=1025", NULL);
    ck_assert(object_property_set_uint(o, "num-sources", 1, NULL));
    EXPECT_FAIL(qdev_realize(DEVICE(o), &err_), "num-sources=1", NULL);
    ck_assert(object_property_set_uint(o, "num-sources", 1024, NULL));
    ck_assert(object_property_set_uint(o, "num-harts", 0, NULL));
    EXPECT_FAIL(qdev_realize(DEVICE(o), &err_), "num-harts=0", NULL);
    ck_assert(object_property_set_uint(o, "num-harts", 65, NULL));
    EXPECT_FAIL(qdev_realize(DEVICE(o), &err_), "num-harts=65", NULL);
    ck_assert(object_property_set_uint(o, "num-harts", 8, NULL));
    ck_assert(qdev_realize(DEVICE(o), NULL));
    ck_assert_int_eq(qdev_gpio_count(DEVICE(o), NULL, false), 1024);
    ck_assert_int_eq(qdev_gpio_count(DEVICE(o), NULL, true), 16);
    object_unref(o);
}
END_TEST

static Suite *sifive_plic_suite(void)
{
    Suite *su = suite_create("sifive-plic");
    TCase *tc = tcase_create("plic");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, registers_reset_and_mask);
    tcase_add_test(tc, claim_complete_level_source);
    tcase_add_test(tc, dropped_line_withdraws_request);
    tcase_add_test(tc, priority_threshold_and_ties);
    tcase_add_test(tc, contexts_are_independent);
    tcase_add_test(tc, bad_accesses_are_harmless);
    tcase_add_test(tc, state_survives_save_and_load);
    tcase_add_test(tc, realize_checks_properties);
    suite_add_tcase(su, tc);
    return su;
}

VIREO_CHECK_MAIN(sifive_plic_suite)
