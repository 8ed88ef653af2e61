/*
 * The abstract system-bus device: a table of register regions a board
 * maps into address spaces, and IRQ output pins it connects.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "hw/core/sysbus.h"
#include "hw/core/gpio.h"
#include "softmmu/memory-system.h"

#include <stdio.h>
#include <stdlib.h>

int sysbus_init_mmio(SysBusDevice *dev, MemoryRegion *mr)
{
    g_assert(mr);
    g_assert(dev->num_mmio < SYSBUS_MMIO_MAX);
    dev->mmio[dev->num_mmio].mr = mr;
    return dev->num_mmio++;
}

void sysbus_init_irq(SysBusDevice *dev, IRQLine **slot)
{
    qdev_init_gpio_out_named(DEVICE(dev), slot, SYSBUS_DEVICE_GPIO_IRQ, 1);
}

static SysBusMMIO *sysbus_mmio(SysBusDevice *dev, int n)
{
    if (n < 0 || n >= dev->num_mmio) {
        /* A board bug: say which, then stop. */
        fprintf(stderr, "vireo: sysbus: %s has no MMIO region %d\n",
                object_get_typename(OBJECT(dev)), n);
        abort();
    }
    return &dev->mmio[n];
}

void sysbus_mmio_unmap(SysBusDevice *dev, int n)
{
    SysBusMMIO *m = sysbus_mmio(dev, n);

    if (m->container) {
        memory_region_del_subregion(m->container, m->mr);
        m->container = NULL;
    }
}

void sysbus_mmio_map_into(SysBusDevice *dev, int n, MemoryRegion *container,
                          hwaddr addr)
{
    SysBusMMIO *m = sysbus_mmio(dev, n);

    g_assert(container);
    if (m->container == container && m->addr == addr) {
        return;
    }
    memory_region_transaction_begin();
    sysbus_mmio_unmap(dev, n);
    memory_region_add_subregion(container, addr, m->mr);
    m->container = container;
    m->addr = addr;
    memory_region_transaction_commit();
}

void sysbus_mmio_map(SysBusDevice *dev, int n, hwaddr addr)
{
    sysbus_mmio_map_into(dev, n, get_system_memory(), addr);
}

MemoryRegion *sysbus_mmio_get_region(SysBusDevice *dev, int n)
{
    return sysbus_mmio(dev, n)->mr;
}

hwaddr sysbus_mmio_get_addr(SysBusDevice *dev, int n)
{
    SysBusMMIO *m = sysbus_mmio(dev, n);

    return m->container ? m->addr : (hwaddr)-1;
}

int sysbus_mmio_count(SysBusDevice *dev)
{
    return dev->num_mmio;
}

void sysbus_connect_irq(SysBusDevice *dev, int n, IRQLine *line)
{
    qdev_connect_gpio_out_named(DEVICE(dev), SYSBUS_DEVICE_GPIO_IRQ, n, line);
}

int sysbus_irq_count(SysBusDevice *dev)
{
    return qdev_gpio_count(DEVICE(dev), SYSBUS_DEVICE_GPIO_IRQ, true);
}

DeviceState *sysbus_create_simple(const char *type, hwaddr addr,
                                  IRQLine *irq, GError **errp)
{
    DeviceState *dev = DEVICE(object_new(type));
    SysBusDevice *sbd = SYS_BUS_DEVICE(dev);

    if (!qdev_realize_and_unref(dev, errp)) {
        return NULL;
    }
    if (sbd->num_mmio > 0) {
        sysbus_mmio_map(sbd, 0, addr);
    }
    if (sysbus_irq_count(sbd) > 0) {
        sysbus_connect_irq(sbd, 0, irq);
    }
    return dev;
}

static void sysbus_device_finalize(Object *obj)
{
    SysBusDevice *dev = SYS_BUS_DEVICE(obj);

    /*
     * Subclass finalizers ran first; their regions live on here through
     * the container's reference until they are taken out.
     */
    memory_region_transaction_begin();
    for (int i = 0; i < dev->num_mmio; i++) {
        sysbus_mmio_unmap(dev, i);
    }
    memory_region_transaction_commit();
}

static const TypeInfo sysbus_types[] = {
    {
        .name = TYPE_SYS_BUS_DEVICE,
        .parent = TYPE_DEVICE,
        .instance_size = sizeof(SysBusDevice),
        .instance_finalize = sysbus_device_finalize,
        .abstract = true,
    },
};

DEFINE_TYPES(sysbus_types)
