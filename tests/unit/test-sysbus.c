/*
 * hw/core/sysbus.c and hw/core/gpio.c: mapping a device's regions into
 * system memory, port I/O and other containers, moving and unmapping
 * them, wiring IRQ pins and GPIO inputs, and the lines' lifetime.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-check.h"
#include "hw/core/gpio.h"
#include "hw/core/sysbus.h"
#include "softmmu/memory-system.h"
#include "util/error.h"

#include <string.h>

/* A device with two register banks and two IRQ pins, plus four inputs. */
#define TYPE_TEST_SBD "test-sbd"
OBJECT_DECLARE_SIMPLE_TYPE(TestSbd, TEST_SBD)

struct TestSbd {
    SysBusDevice parent_obj;
    MemoryRegion regs, bank2;
    IRQLine *irq[2];
    uint8_t last_write;
    int inputs[4];
    int named_input;
    bool fail;
};

static uint64_t tsbd_read(void *opaque, hwaddr addr, unsigned size)
{
    return 0xa0 + addr;
}

static void tsbd_write(void *opaque, hwaddr addr, uint64_t v, unsigned size)
{
    TestSbd *s = opaque;

    s->last_write = v;
    irq_set(s->irq[addr & 1], v & 1);
}

static const MemoryRegionOps tsbd_ops = {
    .read = tsbd_read,
    .write = tsbd_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
};

static void tsbd_set_input(void *opaque, int n, int level)
{
    TEST_SBD(opaque)->inputs[n] = level;
}

static void tsbd_set_named(void *opaque, int n, int level)
{
    TEST_SBD(opaque)->named_input = level + 10 * n;
}

static void tsbd_init(Object *obj)
{
    TestSbd *s = TEST_SBD(obj);

    memory_region_init_io(&s->regs, obj, &tsbd_ops, s, "tsbd", 0x10);
    memory_region_init_io(&s->bank2, obj, &tsbd_ops, s, "tsbd2", 0x10);
    ck_assert_int_eq(sysbus_init_mmio(SYS_BUS_DEVICE(s), &s->regs), 0);
    ck_assert_int_eq(sysbus_init_mmio(SYS_BUS_DEVICE(s), &s->bank2), 1);
    sysbus_init_irq(SYS_BUS_DEVICE(s), &s->irq[0]);
    sysbus_init_irq(SYS_BUS_DEVICE(s), &s->irq[1]);
    qdev_init_gpio_in(DEVICE(s), tsbd_set_input, 3);
    qdev_init_gpio_in(DEVICE(s), tsbd_set_input, 1);    /* appended: #3 */
    qdev_init_gpio_in_named(DEVICE(s), tsbd_set_named, "wake", 2);
}

static void tsbd_finalize(Object *obj)
{
    TestSbd *s = TEST_SBD(obj);

    memory_region_unref(&s->regs);
    memory_region_unref(&s->bank2);
}

static bool tsbd_realize(DeviceState *dev, GError **errp)
{
    if (TEST_SBD(dev)->fail) {
        vireo_error_setg(errp, "test-sbd: told to fail");
        return false;
    }
    return true;
}

static void tsbd_class_init(ObjectClass *oc, const void *data)
{
    DEVICE_CLASS(oc)->realize = tsbd_realize;
}

static const TypeInfo test_types[] = {
    {
        .name = TYPE_TEST_SBD,
        .parent = TYPE_SYS_BUS_DEVICE,
        .instance_size = sizeof(TestSbd),
        .instance_init = tsbd_init,
        .instance_finalize = tsbd_finalize,
        .class_init = tsbd_class_init,
    },
};

DEFINE_TYPES(test_types)

static int levels[8];

static void record(void *opaque, int n, int level)
{
    levels[n] = level;
}

static TestSbd *new_realized(void)
{
    TestSbd *s = TEST_SBD(object_new(TYPE_TEST_SBD));

    ck_assert(qdev_realize_and_unref(DEVICE(s), NULL));
    return s;
}

static uint8_t ldub(AddressSpace *as, hwaddr addr, MemTxResult *r)
{
    return address_space_ldub(as, addr, MEMTXATTRS_UNSPECIFIED, r);
}

START_TEST(abstract_base)
{
    ObjectClass *oc = object_class_by_name(TYPE_SYS_BUS_DEVICE);

    ck_assert_ptr_nonnull(oc);
    ck_assert(object_class_is_abstract(oc));
    ck_assert_ptr_nonnull(object_class_dynamic_cast(oc, TYPE_DEVICE));
}
END_TEST

START_TEST(map_into_system_memory_and_io)
{
    TestSbd *s = new_realized();
    SysBusDevice *sbd = SYS_BUS_DEVICE(s);
    MemTxResult r;

    ck_assert_int_eq(sysbus_mmio_count(sbd), 2);
    ck_assert_ptr_eq(sysbus_mmio_get_region(sbd, 1), &s->bank2);
    ck_assert_uint_eq(sysbus_mmio_get_addr(sbd, 0), (hwaddr)-1);

    sysbus_mmio_map(sbd, 0, 0x10000000);
    sysbus_mmio_map_into(sbd, 1, get_system_io(), 0x3f8);
    ck_assert_uint_eq(sysbus_mmio_get_addr(sbd, 0), 0x10000000);
    ck_assert_int_eq(ldub(address_space_memory(), 0x10000003, &r), 0xa3);
    ck_assert_int_eq(r, MEMTX_OK);
    address_space_stb(address_space_io(), 0x3f9, 0x42,
                      MEMTXATTRS_UNSPECIFIED, &r);
    ck_assert_int_eq(r, MEMTX_OK);
    ck_assert_int_eq(s->last_write, 0x42);
    /* Not in the other space. */
    ldub(address_space_memory(), 0x3f8, &r);
    ck_assert_int_eq(r, MEMTX_DECODE_ERROR);

    /* Moving a mapped region leaves nothing at the old address. */
    sysbus_mmio_map(sbd, 0, 0x20000000);
    ldub(address_space_memory(), 0x10000000, &r);
    ck_assert_int_eq(r, MEMTX_DECODE_ERROR);
    ck_assert_int_eq(ldub(address_space_memory(), 0x20000001, &r), 0xa1);
    sysbus_mmio_map(sbd, 0, 0x20000000);    /* same place: no-op */
    ck_assert_int_eq(ldub(address_space_memory(), 0x20000001, &r), 0xa1);

    sysbus_mmio_unmap(sbd, 0);
    sysbus_mmio_unmap(sbd, 0);              /* twice is harmless */
    ldub(address_space_memory(), 0x20000000, &r);
    ck_assert_int_eq(r, MEMTX_DECODE_ERROR);
    ck_assert_uint_eq(sysbus_mmio_get_addr(sbd, 0), (hwaddr)-1);
    object_unparent(OBJECT(s));
    /* Finalizing unmapped the port I/O bank. */
    address_space_ldub(address_space_io(), 0x3f8, MEMTXATTRS_UNSPECIFIED,
                       &r);
    ck_assert_int_eq(r, MEMTX_DECODE_ERROR);
}
END_TEST

START_TEST(map_into_a_test_container)
{
    MemoryRegion root;
    AddressSpace as;
    TestSbd *s = new_realized();
    MemTxResult r;

    memory_region_init(&root, NULL, "root", 0x1000);
    address_space_init(&as, &root, "test");
    sysbus_mmio_map_into(SYS_BUS_DEVICE(s), 0, &root, 0x100);
    ck_assert_int_eq(ldub(&as, 0x105, &r), 0xa5);
    /* The device goes first; its region leaves the container. */
    object_unparent(OBJECT(s));
    ldub(&as, 0x105, &r);
    ck_assert_int_eq(r, MEMTX_DECODE_ERROR);
    address_space_destroy(&as);
    memory_region_unref(&root);
}
END_TEST

START_TEST(irq_pins)
{
    TestSbd *s = new_realized();
    SysBusDevice *sbd = SYS_BUS_DEVICE(s);
    IRQLine **lines = irq_allocate(2, record, NULL);

    memset(levels, 0, sizeof(levels));
    ck_assert_int_eq(sysbus_irq_count(sbd), 2);
    ck_assert_ptr_null(s->irq[0]);          /* unconnected */
    address_space_stb(address_space_memory(), 0, 1, MEMTXATTRS_UNSPECIFIED,
                      NULL);                /* not mapped: nothing */
    sysbus_mmio_map(sbd, 0, 0x1000);
    address_space_stb(address_space_memory(), 0x1000, 1,
                      MEMTXATTRS_UNSPECIFIED, NULL);   /* pin 0, unwired */
    ck_assert_int_eq(levels[0], 0);

    sysbus_connect_irq(sbd, 1, lines[1]);
    ck_assert_ptr_eq(s->irq[1], lines[1]);
    address_space_stb(address_space_memory(), 0x1001, 1,
                      MEMTXATTRS_UNSPECIFIED, NULL);
    ck_assert_int_eq(levels[1], 1);
    ck_assert_int_eq(levels[0], 0);
    address_space_stb(address_space_memory(), 0x1001, 0,
                      MEMTXATTRS_UNSPECIFIED, NULL);
    ck_assert_int_eq(levels[1], 0);
    sysbus_connect_irq(sbd, 1, NULL);
    ck_assert_ptr_null(s->irq[1]);
    object_unparent(OBJECT(s));
    irq_free_array(lines, 2);
}
END_TEST

START_TEST(gpio_inputs)
{
    TestSbd *s = new_realized();
    DeviceState *dev = DEVICE(s);
    GError *err = NULL;

    ck_assert_int_eq(qdev_gpio_count(dev, NULL, false), 4);
    ck_assert_int_eq(qdev_gpio_count(dev, "wake", false), 2);
    ck_assert_int_eq(qdev_gpio_count(dev, "sleep", false), 0);
    ck_assert_int_eq(qdev_gpio_count(dev, SYSBUS_DEVICE_GPIO_IRQ, true), 2);
    irq_raise(qdev_get_gpio_in(dev, 3));
    irq_raise(qdev_get_gpio_in(dev, 0));
    ck_assert_int_eq(s->inputs[3], 1);
    ck_assert_int_eq(s->inputs[0], 1);
    ck_assert_int_eq(s->inputs[1], 0);
    irq_raise(qdev_get_gpio_in_named(dev, "wake", 1));
    ck_assert_int_eq(s->named_input, 11);
    /* The groups show up as read-only counts. */
    ck_assert_uint_eq(object_property_get_uint(OBJECT(dev), "gpio-in",
                                               &err), 4);
    ck_assert_uint_eq(object_property_get_uint(OBJECT(dev), "gpio-in-wake",
                                               &err), 2);
    ck_assert(!object_property_set_uint(OBJECT(dev), "gpio-in", 9, &err));
    ck_assert_ptr_nonnull(err);
    g_clear_error(&err);
    object_unparent(OBJECT(s));
}
END_TEST

/* One device's output pin wired to another's input, board style. */
START_TEST(output_to_input)
{
    TestSbd *a = new_realized(), *b = new_realized();
    IRQLine *pins[2] = { NULL, NULL };

    qdev_init_gpio_out_named(DEVICE(a), pins, "led", 2);
    qdev_connect_gpio_out_named(DEVICE(a), "led", 1,
                                qdev_get_gpio_in(DEVICE(b), 2));
    ck_assert_ptr_null(pins[0]);
    irq_raise(pins[1]);
    ck_assert_int_eq(b->inputs[2], 1);
    sysbus_connect_irq(SYS_BUS_DEVICE(a), 0, qdev_get_gpio_in(DEVICE(b), 1));
    sysbus_mmio_map(SYS_BUS_DEVICE(a), 0, 0x2000);
    address_space_stb(address_space_memory(), 0x2000, 1,
                      MEMTXATTRS_UNSPECIFIED, NULL);
    ck_assert_int_eq(b->inputs[1], 1);
    object_unparent(OBJECT(a));
    object_unparent(OBJECT(b));
}
END_TEST

START_TEST(create_simple)
{
    GError *err = NULL;
    IRQLine *line = irq_new(record, NULL, 5);
    DeviceState *dev = sysbus_create_simple(TYPE_TEST_SBD, 0x3000, line,
                                            &err);

    ck_assert_ptr_null(err);
    ck_assert_ptr_nonnull(dev);
    ck_assert(dev->realized);
    ck_assert_ptr_nonnull(OBJECT(dev)->parent);     /* in the tree */
    ck_assert_uint_eq(sysbus_mmio_get_addr(SYS_BUS_DEVICE(dev), 0), 0x3000);
    ck_assert_uint_eq(sysbus_mmio_get_addr(SYS_BUS_DEVICE(dev), 1),
                      (hwaddr)-1);
    ck_assert_ptr_eq(TEST_SBD(dev)->irq[0], line);
    address_space_stb(address_space_memory(), 0x3000, 1,
                      MEMTXATTRS_UNSPECIFIED, NULL);
    ck_assert_int_eq(levels[5], 1);
    object_unparent(OBJECT(dev));
    irq_free(line);
}
END_TEST

/* A device whose realize fails: NULL, the error, nothing mapped. */
static void fail_next(Object *obj)
{
    TEST_SBD(obj)->fail = true;
}

START_TEST(create_simple_failure)
{
    static const TypeInfo failing = {
        .name = "test-sbd-failing",
        .parent = TYPE_TEST_SBD,
        .instance_init = fail_next,
    };
    GError *err = NULL;
    MemTxResult r;

    type_register_static(&failing);
    ck_assert_ptr_null(sysbus_create_simple("test-sbd-failing", 0x4000, NULL,
                                            &err));
    ck_assert_ptr_nonnull(strstr(err->message, "told to fail"));
    g_error_free(err);
    ldub(address_space_memory(), 0x4000, &r);
    ck_assert_int_eq(r, MEMTX_DECODE_ERROR);
}
END_TEST

START_TEST(bad_region_number_aborts)
{
    TestSbd *s = new_realized();

    sysbus_mmio_map(SYS_BUS_DEVICE(s), 2, 0);
}
END_TEST

START_TEST(bad_gpio_number_aborts)
{
    TestSbd *s = new_realized();

    qdev_get_gpio_in(DEVICE(s), 4);
}
END_TEST

START_TEST(bad_irq_number_aborts)
{
    TestSbd *s = new_realized();

    sysbus_connect_irq(SYS_BUS_DEVICE(s), 2, NULL);
}
END_TEST

static Suite *sysbus_suite(void)
{
    Suite *s = suite_create("sysbus");
    TCase *tc = tcase_create("sysbus");

    tcase_add_test(tc, abstract_base);
    tcase_add_test(tc, map_into_system_memory_and_io);
    tcase_add_test(tc, map_into_a_test_container);
    tcase_add_test(tc, irq_pins);
    tcase_add_test(tc, gpio_inputs);
    tcase_add_test(tc, output_to_input);
    tcase_add_test(tc, create_simple);
    tcase_add_test(tc, create_simple_failure);
    tcase_add_test_raise_signal(tc, bad_region_number_aborts, SIGABRT);
    tcase_add_test_raise_signal(tc, bad_gpio_number_aborts, SIGABRT);
    tcase_add_test_raise_signal(tc, bad_irq_number_aborts, SIGABRT);
    suite_add_tcase(s, tc);
    return s;
}

VIREO_CHECK_MAIN(sysbus_suite)
