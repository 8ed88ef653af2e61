/*
 * acpi-ged: what a hardware-reduced ACPI platform has instead of PM1
 * blocks (ACPI 6.4, 4.1 hardware-reduced ACPI; 5.2.9 FADT sleep
 * control/status and reset registers; 5.6.9 Generic Event Device). Four
 * byte-wide I/O ports, described to the guest by hw/i386/acpi-build.c:
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 *   port+0  SLEEP_CONTROL  W  SLP_EN (bit 5) with SLP_TYP (bits 2-4) = 5
 *                             (\_S5) powers the machine off
 *   port+1  SLEEP_STATUS   RW 0 (never asleep: no S1-S4); writes (WAK_STS
 *                             write-1-to-clear) are ignored
 *   port+2  RESET          W  0x0f (the FADT's RESET_VALUE) resets
 *   port+3  GED_EVENT      R  pending events, cleared by the read, which
 *                             also lowers the interrupt; bit 0: power
 *                             button (system_powerdown)
 */
#include "hw/i386/acpi-ged.h"
#include "hw/core/runstate.h"
#include "hw/core/vmstate.h"
#include "util/log.h"

OBJECT_DECLARE_SIMPLE_TYPE(AcpiGedState, ACPI_GED)

enum {
    GED_SLEEP_CONTROL = 0,
    GED_SLEEP_STATUS = 1,
    GED_RESET = 2,
    GED_EVENT = 3,
    SLP_EN = 1 << 5,
    SLP_TYP_SHIFT = 2,
    SLP_TYP_MASK = 7,
    SLP_TYP_S5 = 5,
};

struct AcpiGedState {
    DeviceState parent_obj;
    MemoryRegion io;
    IRQLine *irq;
    uint8_t events;
};

static void acpi_ged_update_irq(AcpiGedState *s)
{
    irq_set(s->irq, s->events != 0);
}

static uint64_t acpi_ged_read(void *opaque, hwaddr addr, unsigned size)
{
    AcpiGedState *s = opaque;
    uint8_t v;

    switch (addr) {
    case GED_EVENT:
        v = s->events;
        s->events = 0;
        acpi_ged_update_irq(s);
        return v;
    case GED_SLEEP_STATUS:
        return 0;
    default:
        vireo_log_mask(LOG_GUEST_ERROR, "acpi-ged: read of write-only "
                       "port +%" PRIu64 "\n", addr);
        return 0;
    }
}

static void acpi_ged_write(void *opaque, hwaddr addr, uint64_t val,
                           unsigned size)
{
    switch (addr) {
    case GED_SLEEP_CONTROL:
        if (!(val & SLP_EN)) {
            return;
        }
        if (((val >> SLP_TYP_SHIFT) & SLP_TYP_MASK) == SLP_TYP_S5) {
            runstate_request_shutdown(SHUTDOWN_CAUSE_GUEST_POWEROFF);
        } else {
            vireo_log_mask(LOG_UNIMP, "acpi-ged: sleep type %u: only S5 "
                           "(off) exists\n",
                           (unsigned)(val >> SLP_TYP_SHIFT) & SLP_TYP_MASK);
        }
        return;
    case GED_SLEEP_STATUS:
        /* WAK_STS is write-1-to-clear; Linux clears it before sleeping. */
        return;
    case GED_RESET:
        if (val == ACPI_GED_RESET_VALUE) {
            runstate_request_reset(SHUTDOWN_CAUSE_GUEST_RESET);
        } else {
            vireo_log_mask(LOG_GUEST_ERROR, "acpi-ged: reset register "
                           "written with 0x%" PRIx64 "\n", val);
        }
        return;
    default:
        vireo_log_mask(LOG_GUEST_ERROR, "acpi-ged: write to read-only "
                       "port +%" PRIu64 "\n", addr);
    }
}

static const MemoryRegionOps acpi_ged_ops = {
    .read = acpi_ged_read,
    .write = acpi_ged_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid.min_access_size = 1,
    .valid.max_access_size = 1,
    .impl.min_access_size = 1,
    .impl.max_access_size = 1,
};

/* system_powerdown: press the button. */
static void acpi_ged_powerdown(void *opaque)
{
    AcpiGedState *s = opaque;

    s->events |= ACPI_GED_EVENT_PWR_BUTTON;
    acpi_ged_update_irq(s);
}

static void acpi_ged_init(Object *obj)
{
    AcpiGedState *s = ACPI_GED(obj);

    memory_region_init_io(&s->io, obj, &acpi_ged_ops, s, TYPE_ACPI_GED,
                          ACPI_GED_IO_SIZE);
}

static void acpi_ged_finalize(Object *obj)
{
    memory_region_unref(&ACPI_GED(obj)->io);
}

/* The button stays registered: the device lives as long as the machine. */
static bool acpi_ged_realize(DeviceState *dev, GError **errp)
{
    runstate_register_powerdown(acpi_ged_powerdown, ACPI_GED(dev));
    return true;
}

static void acpi_ged_unrealize(DeviceState *dev)
{
    AcpiGedState *s = ACPI_GED(dev);

    if (s->io.container) {
        memory_region_del_subregion(s->io.container, &s->io);
    }
}

static void acpi_ged_reset(DeviceState *dev)
{
    AcpiGedState *s = ACPI_GED(dev);

    s->events = 0;
    acpi_ged_update_irq(s);
}

static const VMStateField acpi_ged_fields[] = {
    VMSTATE_UINT8(events, AcpiGedState),
    VMSTATE_END_OF_LIST()
};

static const VMStateDescription vmstate_acpi_ged = {
    .name = TYPE_ACPI_GED,
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = acpi_ged_fields,
};

static void acpi_ged_class_init(ObjectClass *oc, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->desc = "hardware-reduced ACPI sleep, reset and event registers";
    dc->realize = acpi_ged_realize;
    dc->unrealize = acpi_ged_unrealize;
    dc->reset = acpi_ged_reset;
    dc->vmsd = &vmstate_acpi_ged;
}

DeviceState *acpi_ged_create(MemoryRegion *io, uint16_t port, IRQLine *irq,
                             GError **errp)
{
    DeviceState *dev = DEVICE(object_new(TYPE_ACPI_GED));

    ACPI_GED(dev)->irq = irq;
    if (!qdev_realize(dev, errp)) {
        object_unref(OBJECT(dev));
        return NULL;
    }
    object_unref(OBJECT(dev));      /* the tree keeps it */
    memory_region_add_subregion(io, port, &ACPI_GED(dev)->io);
    return dev;
}

static const TypeInfo acpi_ged_types[] = {
    {
        .name = TYPE_ACPI_GED,
        .parent = TYPE_DEVICE,
        .instance_size = sizeof(AcpiGedState),
        .instance_init = acpi_ged_init,
        .instance_finalize = acpi_ged_finalize,
        .class_init = acpi_ged_class_init,
    },
};

DEFINE_TYPES(acpi_ged_types)
