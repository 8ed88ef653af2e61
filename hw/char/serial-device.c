/*
 * The NS16550A as a device: its register window (one byte register per
 * 1 << regshift bytes, in either byte order), the chardev it is bound
 * to, its properties, reset, saved state and type registration. The
 * register model itself is in serial.c.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "hw/char/serial-internal.h"
#include "hw/core/qdev-properties.h"
#include "hw/core/vmstate.h"
#include "util/error.h"
#include "util/log.h"

/*
 * Which bits of an access of size bytes at addr hold the register byte:
 * its slot is 1 << regshift bytes wide with the register in the lowest
 * byte of the slot's value. False when the access misses that byte.
 */
static bool serial_lane(SerialState *s, hwaddr addr, unsigned size,
                        unsigned *shift)
{
    unsigned width = 1u << s->regshift;
    unsigned off = addr & (width - 1);
    unsigned pos = s->endianness == SERIAL_BIG_ENDIAN ? width - 1 : 0;

    if (pos < off || pos >= off + size) {
        vireo_log_mask(LOG_GUEST_ERROR,
                       "serial: %u-byte access at 0x%" PRIx64
                       " misses the register byte\n", size, addr);
        return false;
    }
    *shift = 8 * (s->endianness == SERIAL_BIG_ENDIAN ? off + size - 1 - pos
                                                     : pos - off);
    return true;
}

static uint64_t serial_mmio_read(void *opaque, hwaddr addr, unsigned size)
{
    SerialState *s = opaque;
    unsigned shift;

    if (!serial_lane(s, addr, size, &shift)) {
        return 0;
    }
    return (uint64_t)serial_reg_read(s, addr >> s->regshift) << shift;
}

static void serial_mmio_write(void *opaque, hwaddr addr, uint64_t value,
                              unsigned size)
{
    SerialState *s = opaque;
    unsigned shift;

    if (serial_lane(s, addr, size, &shift)) {
        serial_reg_write(s, addr >> s->regshift, value >> shift);
    }
}

/* Nothing wider than a register slot; the memory core logs the refusal. */
static bool serial_mmio_accepts(void *opaque, hwaddr addr, unsigned size,
                                bool is_write, MemTxAttrs attrs)
{
    SerialState *s = opaque;

    return size <= (1u << s->regshift);
}

#define SERIAL_OPS(order) {                                             \
    .read = serial_mmio_read,                                           \
    .write = serial_mmio_write,                                         \
    .endianness = (order),                                              \
    .valid = { .min_access_size = 1, .max_access_size = 4,              \
               .accepts = serial_mmio_accepts },                        \
    .impl = { .min_access_size = 1, .max_access_size = 4 },             \
}

static const MemoryRegionOps serial_ops[] = {
    [SERIAL_LITTLE_ENDIAN] = SERIAL_OPS(DEVICE_LITTLE_ENDIAN),
    [SERIAL_BIG_ENDIAN] = SERIAL_OPS(DEVICE_BIG_ENDIAN),
};

static bool serial_realize(DeviceState *dev, GError **errp)
{
    SerialState *s = SERIAL(dev);
    Chardev *chr = NULL;

    if (s->regshift > 2) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "serial: regshift must be 0, 1 or 2, not %u",
                        s->regshift);
        return false;
    }
    if (s->chardev && *s->chardev) {
        chr = chardev_find(s->chardev);
        if (!chr) {
            vireo_error_set(errp, VIREO_ERROR_NOT_FOUND,
                            "serial: chardev '%s' not found", s->chardev);
            return false;
        }
    }
    if (!chr_fe_init(&s->chr, chr, errp)) {
        return false;
    }
    chr_fe_set_handlers(&s->chr, serial_can_receive, serial_receive,
                        serial_event, s);
    if (!s->iomem_ready) {
        memory_region_init_io(&s->iomem, OBJECT(s),
                              &serial_ops[s->endianness], s, "serial",
                              8u << s->regshift);
        sysbus_init_mmio(SYS_BUS_DEVICE(s), &s->iomem);
        s->iomem_ready = true;
    }
    s->timeout_timer = timer_new_ns(VIREO_CLOCK_VIRTUAL,
                                    serial_timeout_expired, s);
    serial_reset_regs(s);
    return true;
}

static void serial_unrealize(DeviceState *dev)
{
    SerialState *s = SERIAL(dev);

    if (s->watch_tag) {
        g_source_remove(s->watch_tag);
        s->watch_tag = 0;
    }
    chr_fe_deinit(&s->chr);
    timer_free(s->timeout_timer);
    s->timeout_timer = NULL;
}

static void serial_device_reset(DeviceState *dev)
{
    serial_reset_regs(SERIAL(dev));
}

static void serial_instance_init(Object *obj)
{
    SerialState *s = SERIAL(obj);

    sysbus_init_irq(SYS_BUS_DEVICE(s), &s->irq);
}

static void serial_finalize(Object *obj)
{
    SerialState *s = SERIAL(obj);

    /* sysbus's finalizer, which runs next, unmaps the region. */
    if (s->iomem_ready) {
        memory_region_unref(&s->iomem);
    }
}

static bool serial_post_load(void *opaque, int version_id, GError **errp)
{
    SerialState *s = opaque;
    unsigned cap = (s->fcr & 1) ? SERIAL_FIFO_SIZE : 1;

    if (s->rx_head >= SERIAL_FIFO_SIZE || s->tx_head >= SERIAL_FIFO_SIZE ||
        s->rx_count > cap || s->tx_count > cap) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "serial: FIFO state out of range (rx %u@%u, tx %u@%u)",
                        s->rx_count, s->rx_head, s->tx_count, s->tx_head);
        return false;
    }
    serial_arm_timeout(s);
    if (s->tx_count && !s->watch_tag) {
        /* Send what was in flight from the main loop, not from here. */
        s->watch_tag = chr_fe_add_watch(&s->chr, G_IO_OUT | G_IO_HUP,
                                        serial_tx_ready, s);
    }
    serial_update_irq(s);
    return true;
}

static const VMStateField serial_fields[] = {
    VMSTATE_UINT16(divider, SerialState),
    VMSTATE_UINT8(ier, SerialState),
    VMSTATE_UINT8(fcr, SerialState),
    VMSTATE_UINT8(lcr, SerialState),
    VMSTATE_UINT8(mcr, SerialState),
    VMSTATE_UINT8(lsr, SerialState),
    VMSTATE_UINT8(msr, SerialState),
    VMSTATE_UINT8(scr, SerialState),
    VMSTATE_UINT8_ARRAY(rx_fifo, SerialState, SERIAL_FIFO_SIZE),
    VMSTATE_UINT8(rx_head, SerialState),
    VMSTATE_UINT8(rx_count, SerialState),
    VMSTATE_UINT8_ARRAY(tx_fifo, SerialState, SERIAL_FIFO_SIZE),
    VMSTATE_UINT8(tx_head, SerialState),
    VMSTATE_UINT8(tx_count, SerialState),
    VMSTATE_BOOL(thr_ipending, SerialState),
    VMSTATE_BOOL(timeout_ipending, SerialState),
    VMSTATE_END_OF_LIST()
};

static const VMStateDescription vmstate_serial = {
    .name = "ns16550a",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = serial_fields,
    .post_load = serial_post_load,
};

static const char *const serial_endian_names[] = { "little", "big", NULL };

static const Property serial_props[] = {
    DEFINE_PROP_STRING("chardev", SerialState, chardev,
                       .description = "ID of the chardev to bind to"),
    DEFINE_PROP_UINT8("regshift", SerialState, regshift, 0,
                      .description = "registers are 1 << regshift apart"),
    DEFINE_PROP_ENUM("endianness", SerialState, endianness,
                     SERIAL_LITTLE_ENDIAN, serial_endian_names, "Endian",
                     .description = "byte order of wide register slots"),
    DEFINE_PROP_END_OF_LIST(),
};

static void serial_class_init(ObjectClass *oc, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->desc = "NS16550A UART";
    dc->user_creatable = false;     /* boards place and wire it */
    dc->realize = serial_realize;
    dc->unrealize = serial_unrealize;
    dc->reset = serial_device_reset;
    dc->vmsd = &vmstate_serial;
    device_class_set_props(dc, serial_props);
}

static const TypeInfo serial_types[] = {
    {
        .name = TYPE_SERIAL,
        .parent = TYPE_SYS_BUS_DEVICE,
        .instance_size = sizeof(SerialState),
        .instance_init = serial_instance_init,
        .instance_finalize = serial_finalize,
        .class_init = serial_class_init,
    },
};

DEFINE_TYPES(serial_types)

DeviceState *serial_create(MemoryRegion *container, hwaddr addr,
                           unsigned regshift, IRQLine *irq, Chardev *chr,
                           GError **errp)
{
    DeviceState *dev = DEVICE(object_new(TYPE_SERIAL));

    if (!object_property_set_uint(OBJECT(dev), "regshift", regshift, errp) ||
        (chr && !object_property_set_str(OBJECT(dev), "chardev",
                                         chardev_label(chr), errp))) {
        object_unref(dev);
        return NULL;
    }
    if (!qdev_realize_and_unref(dev, errp)) {
        return NULL;
    }
    sysbus_mmio_map_into(SYS_BUS_DEVICE(dev), 0, container, addr);
    sysbus_connect_irq(SYS_BUS_DEVICE(dev), 0, irq);
    return dev;
}
