/*
 * System-bus devices: the abstract base of every device reached through
 * memory-mapped (or port-mapped) registers and signalling through IRQ
 * output pins. The device registers its regions and pins; the board maps
 * the regions where its memory map says and connects the pins.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Device side (in realize, or instance_init when the sizes are fixed):
 *     sysbus_init_mmio(SYS_BUS_DEVICE(s), &s->iomem);      region 0
 *     sysbus_init_irq(SYS_BUS_DEVICE(s), &s->irq);         pin 0
 * Board side (after realize):
 *     sysbus_mmio_map(sbd, 0, 0x10000000);                 system memory
 *     sysbus_mmio_map_into(sbd, 0, get_system_io(), 0x3f8); port I/O
 *     sysbus_connect_irq(sbd, 0, qdev_get_gpio_in(plic, 10));
 *
 * Pins are the GPIO output group "sysbus-irq" (hw/core/gpio.h); an
 * unconnected pin is NULL and setting it does nothing. A region still
 * mapped when the device is finalized is unmapped then. Region and pin
 * numbers out of range are board bugs and abort.
 */
#ifndef VIREO_HW_CORE_SYSBUS_H
#define VIREO_HW_CORE_SYSBUS_H

#include "hw/core/irq.h"
#include "hw/core/qdev.h"
#include "softmmu/memory.h"

#define TYPE_SYS_BUS_DEVICE "sys-bus-device"
OBJECT_DECLARE_SIMPLE_TYPE(SysBusDevice, SYS_BUS_DEVICE)

#define SYSBUS_DEVICE_GPIO_IRQ "sysbus-irq"
#define SYSBUS_MMIO_MAX 32

typedef struct SysBusMMIO {
    MemoryRegion *mr;
    MemoryRegion *container;    /* where it is mapped, or NULL */
    hwaddr addr;
} SysBusMMIO;

struct SysBusDevice {
    DeviceState parent_obj;

    int num_mmio;
    SysBusMMIO mmio[SYSBUS_MMIO_MAX];
};

/* Register mr as the device's next region; returns its number. */
int sysbus_init_mmio(SysBusDevice *dev, MemoryRegion *mr);
/* Register *slot as the device's next IRQ output pin. */
void sysbus_init_irq(SysBusDevice *dev, IRQLine **slot);

/* Map region n at addr in system memory (moving it if mapped already). */
void sysbus_mmio_map(SysBusDevice *dev, int n, hwaddr addr);
/* The same in any container: get_system_io(), a test's root region. */
void sysbus_mmio_map_into(SysBusDevice *dev, int n, MemoryRegion *container,
                          hwaddr addr);
/* Take region n out of wherever it is mapped (no-op if it is not). */
void sysbus_mmio_unmap(SysBusDevice *dev, int n);
MemoryRegion *sysbus_mmio_get_region(SysBusDevice *dev, int n);
/* Where region n is mapped, or (hwaddr)-1 when it is not. */
hwaddr sysbus_mmio_get_addr(SysBusDevice *dev, int n);
int sysbus_mmio_count(SysBusDevice *dev);

/* Point pin n at line (an interrupt controller's input; NULL: none). */
void sysbus_connect_irq(SysBusDevice *dev, int n, IRQLine *line);
int sysbus_irq_count(SysBusDevice *dev);

/*
 * Create a device of type, realize it (under /machine/unattached), map
 * region 0 at addr in system memory and connect pin 0 to irq (if the
 * device has a pin; irq may be NULL). NULL with *errp if realize failed.
 */
DeviceState *sysbus_create_simple(const char *type, hwaddr addr,
                                  IRQLine *irq, GError **errp);

#endif
