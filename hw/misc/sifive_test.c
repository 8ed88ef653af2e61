/*
 * SiFive test finisher: the power and reset register of the riscv virt
 * board (compatible "sifive,test1", "sifive,test0", "syscon"). OpenSBI's
 * "sifive,test" reset driver and Linux's syscon-poweroff/syscon-reboot
 * nodes write it; bare-metal tests write a failure code to end a run.
 *
 *   0x0   finisher (write-only, reads 0)
 *         [15:0]  0x5555 power off, 0x7777 reset,
 *                 0x3333 power off with exit status [31:16]
 *
 * Other values and offsets are logged under guest_errors and ignored. The
 * device only posts requests: the main loop carries them out.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "hw/misc/sifive_test.h"
#include "hw/core/runstate.h"
#include "hw/core/vmstate.h"
#include "util/log.h"

static uint64_t sifive_test_read(void *opaque, hwaddr addr, unsigned size)
{
    return 0;
}

static void sifive_test_write(void *opaque, hwaddr addr, uint64_t val,
                              unsigned size)
{
    if (addr == 0) {
        switch (val & 0xffff) {
        case SIFIVE_TEST_FAIL:
            /* A test's verdict ends the program even under -no-shutdown. */
            runstate_request_exit_status((val >> 16) & 0xffff);
            return;
        case SIFIVE_TEST_PASS:
            runstate_request_shutdown(SHUTDOWN_CAUSE_GUEST_POWEROFF);
            return;
        case SIFIVE_TEST_RESET:
            runstate_request_reset(SHUTDOWN_CAUSE_GUEST_RESET);
            return;
        }
    }
    vireo_log_mask(LOG_GUEST_ERROR, "sifive-test: write of 0x%" PRIx64
                   " at offset 0x%" PRIx64 " ignored\n", val, addr);
}

static const MemoryRegionOps sifive_test_ops = {
    .read = sifive_test_read,
    .write = sifive_test_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 2, .max_access_size = 4 },
    .impl = { .min_access_size = 2, .max_access_size = 4 },
};

static void sifive_test_init(Object *obj)
{
    SiFiveTestState *s = SIFIVE_TEST(obj);

    memory_region_init_io(&s->mmio, obj, &sifive_test_ops, s, "sifive-test",
                          SIFIVE_TEST_SIZE);
    sysbus_init_mmio(SYS_BUS_DEVICE(obj), &s->mmio);
}

/* No register holds state: the section is empty but keeps the name. */
static const VMStateField sifive_test_fields[] = {
    VMSTATE_END_OF_LIST()
};

static const VMStateDescription vmstate_sifive_test = {
    .name = "sifive-test",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = sifive_test_fields,
};

static void sifive_test_class_init(ObjectClass *oc, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->desc = "SiFive test finisher (poweroff, reset, exit status)";
    dc->vmsd = &vmstate_sifive_test;
}

static const TypeInfo sifive_test_types[] = {
    {
        .name = TYPE_SIFIVE_TEST,
        .parent = TYPE_SYS_BUS_DEVICE,
        .instance_size = sizeof(SiFiveTestState),
        .instance_init = sifive_test_init,
        .class_init = sifive_test_class_init,
    },
};

DEFINE_TYPES(sifive_test_types)
