/*
 * The virtio-mmio transport (version 2): one page of registers and one
 * interrupt line carrying one virtio device. Boards create a row of them
 * at fixed addresses; `-device virtio-*-device` fills the first free one.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Until a sysbus-style base type exists the transport is a plain device:
 * the board maps virtio_mmio_get_region() and wires virtio_mmio_set_irq().
 */
#ifndef VIREO_HW_VIRTIO_VIRTIO_MMIO_H
#define VIREO_HW_VIRTIO_VIRTIO_MMIO_H

#include "hw/core/irq.h"
#include "hw/virtio/virtio.h"

#define TYPE_VIRTIO_MMIO "virtio-mmio"
#define VIRTIO_MMIO_REGION_SIZE 0x200
#define VIRTIO_MMIO_MAGIC 0x74726976    /* "virt" */
#define VIRTIO_MMIO_VENDOR 0x554d4551   /* "QEMU": what drivers expect */

/* Register offsets (4.2.2 MMIO Device Register Layout). */
enum {
    VIRTIO_MMIO_MAGIC_VALUE = 0x000,
    VIRTIO_MMIO_VERSION = 0x004,
    VIRTIO_MMIO_DEVICE_ID = 0x008,
    VIRTIO_MMIO_VENDOR_ID = 0x00c,
    VIRTIO_MMIO_DEVICE_FEATURES = 0x010,
    VIRTIO_MMIO_DEVICE_FEATURES_SEL = 0x014,
    VIRTIO_MMIO_DRIVER_FEATURES = 0x020,
    VIRTIO_MMIO_DRIVER_FEATURES_SEL = 0x024,
    VIRTIO_MMIO_QUEUE_SEL = 0x030,
    VIRTIO_MMIO_QUEUE_NUM_MAX = 0x034,
    VIRTIO_MMIO_QUEUE_NUM = 0x038,
    VIRTIO_MMIO_QUEUE_READY = 0x044,
    VIRTIO_MMIO_QUEUE_NOTIFY = 0x050,
    VIRTIO_MMIO_INTERRUPT_STATUS = 0x060,
    VIRTIO_MMIO_INTERRUPT_ACK = 0x064,
    VIRTIO_MMIO_STATUS = 0x070,
    VIRTIO_MMIO_QUEUE_DESC_LOW = 0x080,
    VIRTIO_MMIO_QUEUE_DESC_HIGH = 0x084,
    VIRTIO_MMIO_QUEUE_DRIVER_LOW = 0x090,
    VIRTIO_MMIO_QUEUE_DRIVER_HIGH = 0x094,
    VIRTIO_MMIO_QUEUE_DEVICE_LOW = 0x0a0,
    VIRTIO_MMIO_QUEUE_DEVICE_HIGH = 0x0a4,
    VIRTIO_MMIO_CONFIG_GENERATION = 0x0fc,
    VIRTIO_MMIO_CONFIG = 0x100,
};

typedef struct VirtIOMMIOState VirtIOMMIOState;

struct VirtIOMMIOState {
    DeviceState parent_obj;

    MemoryRegion iomem;
    IRQLine *irq;
    VirtioTransport transport;
    uint32_t host_features_sel;
    uint32_t guest_features_sel;
    uint32_t queue_sel;
    bool ioeventfd;             /* kicks through each queue's eventfd */
};

extern const VMStateDescription vmstate_virtio_mmio;

/* The register page to map (VIRTIO_MMIO_REGION_SIZE bytes). */
MemoryRegion *virtio_mmio_get_region(DeviceState *dev);
/* The interrupt line the transport drives (level: InterruptStatus != 0). */
void virtio_mmio_set_irq(DeviceState *dev, IRQLine *irq);
/* Where rings and buffers are (default: address_space_memory()). */
void virtio_mmio_set_dma_as(DeviceState *dev, AddressSpace *as);
/*
 * For boards: create and realize a transport, map it at addr in parent
 * and wire irq. The order of calls is the order -device fills them.
 */
DeviceState *virtio_mmio_create(MemoryRegion *parent, hwaddr addr,
                                IRQLine *irq, GError **errp);
/* The plugged device, or NULL. */
VirtIODevice *virtio_mmio_get_vdev(DeviceState *dev);

#endif
