/*
 * The virtio-mmio transport, version 2 ("modern" only), as in Virtio 1.2
 * section 4.2 Virtio Over MMIO. One device per transport, one level
 * interrupt line (high while InterruptStatus is non-zero). Registers are
 * 32-bit little-endian; the device's config space is at 0x100 and may be
 * read with 1-, 2- and 4-byte accesses.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 *   off    name                  dir  notes
 *   0x000  MagicValue            R    0x74726976 ("virt")
 *   0x004  Version               R    2
 *   0x008  DeviceID              R    0: no device plugged
 *   0x00c  VendorID              R
 *   0x010  DeviceFeatures        R    32 bits chosen by DeviceFeaturesSel
 *   0x014  DeviceFeaturesSel     W
 *   0x020  DriverFeatures        W    32 bits chosen by DriverFeaturesSel
 *   0x024  DriverFeaturesSel     W
 *   0x030  QueueSel              W
 *   0x034  QueueNumMax           R    0: selected queue does not exist
 *   0x038  QueueNum              W
 *   0x044  QueueReady            RW
 *   0x050  QueueNotify           W    queue index
 *   0x060  InterruptStatus       R    bit 0 used buffer, bit 1 config
 *   0x064  InterruptACK          W
 *   0x070  Status                RW   0 resets the device
 *   0x080  QueueDescLow/High     W    0x084 high
 *   0x090  QueueDriverLow/High   W    available ring; 0x094 high
 *   0x0a0  QueueDeviceLow/High   W    used ring; 0x0a4 high
 *   0x0fc  ConfigGeneration      R
 *   0x100  Config                RW   device-specific
 *
 * With the "ioeventfd" property on, a QueueNotify write signals the
 * queue's EventNotifier and the handler runs from the main loop. The
 * notifier is also offered to the accelerator as the region's ioeventfd
 * (4-byte write of the queue index at QueueNotify), so under KVM the
 * guest's kick signals it without an exit.
 */
#include "hw/virtio/virtio-mmio.h"
#include "hw/core/qdev-properties.h"
#include "softmmu/memory-system.h"
#include "util/log.h"

static VirtIOMMIOState *virtio_mmio_of(VirtioTransport *t)
{
    return (VirtIOMMIOState *)((char *)t -
                               offsetof(VirtIOMMIOState, transport));
}

static void virtio_mmio_update_irq(VirtioTransport *t)
{
    VirtIOMMIOState *s = virtio_mmio_of(t);

    irq_set(s->irq, t->vdev && t->vdev->isr);
}

static void virtio_mmio_set_ioeventfds(VirtIOMMIOState *s, bool on);

static void virtio_mmio_unplug(VirtioTransport *t)
{
    virtio_mmio_set_ioeventfds(virtio_mmio_of(t), false);
}

static const VirtioTransportOps virtio_mmio_transport_ops = {
    .update_irq = virtio_mmio_update_irq,
    .unplug = virtio_mmio_unplug,
};

static VirtQueue *virtio_mmio_sel_queue(VirtIOMMIOState *s)
{
    VirtIODevice *vdev = s->transport.vdev;

    return vdev ? virtio_get_queue(vdev, s->queue_sel) : NULL;
}

static uint64_t virtio_mmio_read(void *opaque, hwaddr addr, unsigned size)
{
    VirtIOMMIOState *s = opaque;
    VirtIODevice *vdev = s->transport.vdev;
    VirtQueue *vq = virtio_mmio_sel_queue(s);

    if (addr >= VIRTIO_MMIO_CONFIG) {
        return vdev ? virtio_config_read(vdev, addr - VIRTIO_MMIO_CONFIG,
                                         size) : 0;
    }
    switch (addr) {
    case VIRTIO_MMIO_MAGIC_VALUE:
        return VIRTIO_MMIO_MAGIC;
    case VIRTIO_MMIO_VERSION:
        return 2;
    case VIRTIO_MMIO_VENDOR_ID:
        return VIRTIO_MMIO_VENDOR;
    case VIRTIO_MMIO_DEVICE_ID:
        return vdev ? vdev->device_id : 0;
    }
    if (!vdev) {
        return 0;
    }
    switch (addr) {
    case VIRTIO_MMIO_DEVICE_FEATURES:
        return virtio_get_host_features_word(vdev, s->host_features_sel);
    case VIRTIO_MMIO_QUEUE_NUM_MAX:
        return vq ? vq->num_max : 0;
    case VIRTIO_MMIO_QUEUE_READY:
        return vq ? vq->ready : 0;
    case VIRTIO_MMIO_INTERRUPT_STATUS:
        return vdev->isr;
    case VIRTIO_MMIO_STATUS:
        return vdev->status;
    case VIRTIO_MMIO_CONFIG_GENERATION:
        return vdev->config_generation;
    default:
        vireo_log_mask(LOG_GUEST_ERROR, "virtio-mmio: read of register "
                       "0x%" PRIx64 ", which is write-only or reserved\n",
                       addr);
        return 0;
    }
}

static void virtio_mmio_set_addr(uint64_t *field, bool high, uint32_t v)
{
    if (high) {
        *field = (*field & UINT32_MAX) | ((uint64_t)v << 32);
    } else {
        *field = (*field & ~(uint64_t)UINT32_MAX) | v;
    }
}

static void virtio_mmio_write_queue(VirtIOMMIOState *s, hwaddr addr,
                                    uint32_t v)
{
    VirtQueue *vq = virtio_mmio_sel_queue(s);

    if (!vq) {
        vireo_log_mask(LOG_GUEST_ERROR, "virtio-mmio: write to queue "
                       "register 0x%" PRIx64 " of missing queue %u\n",
                       addr, s->queue_sel);
        return;
    }
    if (addr == VIRTIO_MMIO_QUEUE_READY) {
        vq->ready = v & 1;
        return;
    }
    if (vq->ready) {
        vireo_log_mask(LOG_GUEST_ERROR, "virtio-mmio: queue %u register "
                       "0x%" PRIx64 " written while the queue is ready\n",
                       s->queue_sel, addr);
        return;
    }
    switch (addr) {
    case VIRTIO_MMIO_QUEUE_NUM:
        /* 2.7: a split virtqueue's size is a power of 2 */
        if (v == 0 || v > vq->num_max || (v & (v - 1))) {
            virtio_error(s->transport.vdev, "queue %u size %u is not a "
                         "power of 2 up to %u", s->queue_sel, v,
                         vq->num_max);
            return;
        }
        vq->num = v;
        break;
    case VIRTIO_MMIO_QUEUE_DESC_LOW:
    case VIRTIO_MMIO_QUEUE_DESC_HIGH:
        virtio_mmio_set_addr(&vq->desc, addr & 4, v);
        break;
    case VIRTIO_MMIO_QUEUE_DRIVER_LOW:
    case VIRTIO_MMIO_QUEUE_DRIVER_HIGH:
        virtio_mmio_set_addr(&vq->avail, addr & 4, v);
        break;
    case VIRTIO_MMIO_QUEUE_DEVICE_LOW:
    case VIRTIO_MMIO_QUEUE_DEVICE_HIGH:
        virtio_mmio_set_addr(&vq->used, addr & 4, v);
        break;
    }
}

static void virtio_mmio_set_ioeventfds(VirtIOMMIOState *s, bool on)
{
    VirtIODevice *vdev = s->transport.vdev;

    for (unsigned i = 0; i < VIRTIO_QUEUE_MAX; i++) {
        VirtQueue *vq = &vdev->vq[i];
        EventNotifier *e = virtio_queue_get_host_notifier(vq);
        GError *err = NULL;

        if (!vq->num_max || !e == !on) {
            continue;
        }
        if (e && !on) {
            /* The accelerator lets go of the fd before it closes. */
            memory_region_del_eventfd(&s->iomem, VIRTIO_MMIO_QUEUE_NOTIFY,
                                      4, true, i, e);
        }
        if (!virtio_queue_set_host_notifier(vq, on, &err)) {
            /* Kicks then take the direct path, which works as well. */
            vireo_log_mask(LOG_UNIMP, "virtio-mmio: %s\n", err->message);
            g_error_free(err);
            continue;
        }
        e = virtio_queue_get_host_notifier(vq);
        if (e && on) {
            memory_region_add_eventfd(&s->iomem, VIRTIO_MMIO_QUEUE_NOTIFY,
                                      4, true, i, e);
        }
    }
}

static void virtio_mmio_write(void *opaque, hwaddr addr, uint64_t value,
                              unsigned size)
{
    VirtIOMMIOState *s = opaque;
    VirtIODevice *vdev = s->transport.vdev;
    uint32_t v = value;

    if (!vdev) {
        vireo_log_mask(LOG_GUEST_ERROR, "virtio-mmio: write to 0x%" PRIx64
                       " with no device plugged\n", addr);
        return;
    }
    if (addr >= VIRTIO_MMIO_CONFIG) {
        virtio_config_write(vdev, addr - VIRTIO_MMIO_CONFIG, v, size);
        return;
    }
    switch (addr) {
    case VIRTIO_MMIO_DEVICE_FEATURES_SEL:
        s->host_features_sel = v;
        break;
    case VIRTIO_MMIO_DRIVER_FEATURES:
        virtio_set_guest_features_word(vdev, s->guest_features_sel, v);
        break;
    case VIRTIO_MMIO_DRIVER_FEATURES_SEL:
        s->guest_features_sel = v;
        break;
    case VIRTIO_MMIO_QUEUE_SEL:
        s->queue_sel = v;
        break;
    case VIRTIO_MMIO_QUEUE_NUM:
    case VIRTIO_MMIO_QUEUE_READY:
    case VIRTIO_MMIO_QUEUE_DESC_LOW:
    case VIRTIO_MMIO_QUEUE_DESC_HIGH:
    case VIRTIO_MMIO_QUEUE_DRIVER_LOW:
    case VIRTIO_MMIO_QUEUE_DRIVER_HIGH:
    case VIRTIO_MMIO_QUEUE_DEVICE_LOW:
    case VIRTIO_MMIO_QUEUE_DEVICE_HIGH:
        virtio_mmio_write_queue(s, addr, v);
        break;
    case VIRTIO_MMIO_QUEUE_NOTIFY:
        virtio_queue_notify(vdev, v);
        break;
    case VIRTIO_MMIO_INTERRUPT_ACK:
        virtio_isr_ack(vdev, v);
        break;
    case VIRTIO_MMIO_STATUS:
        if (s->ioeventfd && !(vdev->status & VIRTIO_CONFIG_S_DRIVER_OK) &&
            (v & VIRTIO_CONFIG_S_DRIVER_OK)) {
            virtio_mmio_set_ioeventfds(s, true);
        }
        if (v == 0 && s->ioeventfd) {
            virtio_mmio_set_ioeventfds(s, false);
        }
        virtio_set_status(vdev, v);
        break;
    default:
        vireo_log_mask(LOG_GUEST_ERROR, "virtio-mmio: write of 0x%x to "
                       "register 0x%" PRIx64 ", which is read-only or "
                       "reserved\n", v, addr);
        break;
    }
}

/* Registers are whole aligned words; config space takes any size. */
static bool virtio_mmio_accepts(void *opaque, hwaddr addr, unsigned size,
                                bool is_write, MemTxAttrs attrs)
{
    if (addr >= VIRTIO_MMIO_CONFIG) {
        return size <= 4 && (addr & (size - 1)) == 0;
    }
    return size == 4 && (addr & 3) == 0;
}

static const MemoryRegionOps virtio_mmio_ops = {
    .read = virtio_mmio_read,
    .write = virtio_mmio_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = {
        .min_access_size = 1,
        .max_access_size = 4,
        .accepts = virtio_mmio_accepts,
    },
    .impl = {
        .min_access_size = 1,
        .max_access_size = 4,
    },
};

MemoryRegion *virtio_mmio_get_region(DeviceState *dev)
{
    return &((VirtIOMMIOState *)dev)->iomem;
}

void virtio_mmio_set_irq(DeviceState *dev, IRQLine *irq)
{
    ((VirtIOMMIOState *)dev)->irq = irq;
}

void virtio_mmio_set_dma_as(DeviceState *dev, AddressSpace *as)
{
    ((VirtIOMMIOState *)dev)->transport.dma_as = as;
}

DeviceState *virtio_mmio_create(MemoryRegion *parent, hwaddr addr,
                                IRQLine *irq, GError **errp)
{
    DeviceState *dev = DEVICE(object_new(TYPE_VIRTIO_MMIO));

    if (!qdev_realize(dev, errp)) {
        object_unref(OBJECT(dev));
        return NULL;
    }
    object_unref(OBJECT(dev));      /* the tree keeps it */
    virtio_mmio_set_irq(dev, irq);
    memory_region_add_subregion(parent, addr, virtio_mmio_get_region(dev));
    return dev;
}

VirtIODevice *virtio_mmio_get_vdev(DeviceState *dev)
{
    return ((VirtIOMMIOState *)dev)->transport.vdev;
}

static void virtio_mmio_init(Object *obj)
{
    VirtIOMMIOState *s = (VirtIOMMIOState *)obj;

    memory_region_init_io(&s->iomem, obj, &virtio_mmio_ops, s,
                          TYPE_VIRTIO_MMIO, VIRTIO_MMIO_REGION_SIZE);
    s->transport.ops = &virtio_mmio_transport_ops;
    s->transport.kind = TYPE_VIRTIO_MMIO;
    s->transport.dma_as = address_space_memory();
}

static void virtio_mmio_finalize(Object *obj)
{
    VirtIOMMIOState *s = (VirtIOMMIOState *)obj;

    memory_region_unref(&s->iomem);
}

static bool virtio_mmio_realize(DeviceState *dev, GError **errp)
{
    virtio_transport_register(&((VirtIOMMIOState *)dev)->transport);
    return true;
}

static void virtio_mmio_unrealize(DeviceState *dev)
{
    VirtIOMMIOState *s = (VirtIOMMIOState *)dev;

    if (s->transport.vdev) {
        /* The device outlives its slot only as an unplugged object. */
        s->transport.vdev->transport = NULL;
        s->transport.vdev = NULL;
    }
    virtio_transport_unregister(&s->transport);
}

static void virtio_mmio_reset(DeviceState *dev)
{
    VirtIOMMIOState *s = (VirtIOMMIOState *)dev;

    s->host_features_sel = s->guest_features_sel = s->queue_sel = 0;
    if (s->transport.vdev) {
        if (s->ioeventfd) {
            virtio_mmio_set_ioeventfds(s, false);
        }
        virtio_reset(s->transport.vdev);
    }
    irq_set(s->irq, 0);
}

static const VMStateField virtio_mmio_fields[] = {
    VMSTATE_UINT32(host_features_sel, VirtIOMMIOState),
    VMSTATE_UINT32(guest_features_sel, VirtIOMMIOState),
    VMSTATE_UINT32(queue_sel, VirtIOMMIOState),
    VMSTATE_END_OF_LIST()
};

const VMStateDescription vmstate_virtio_mmio = {
    .name = TYPE_VIRTIO_MMIO,
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = virtio_mmio_fields,
};

static const Property virtio_mmio_props[] = {
    DEFINE_PROP_BOOL("ioeventfd", VirtIOMMIOState, ioeventfd, false,
                     .description = "deliver queue kicks through an eventfd"),
    DEFINE_PROP_END_OF_LIST(),
};

static void virtio_mmio_class_init(ObjectClass *oc, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->desc = "virtio-mmio transport (version 2)";
    dc->realize = virtio_mmio_realize;
    dc->unrealize = virtio_mmio_unrealize;
    dc->reset = virtio_mmio_reset;
    dc->vmsd = &vmstate_virtio_mmio;
    device_class_set_props(dc, virtio_mmio_props);
}

static const TypeInfo virtio_mmio_types[] = {
    {
        .name = TYPE_VIRTIO_MMIO,
        .parent = TYPE_DEVICE,
        .instance_size = sizeof(VirtIOMMIOState),
        .instance_init = virtio_mmio_init,
        .instance_finalize = virtio_mmio_finalize,
        .class_init = virtio_mmio_class_init,
    },
};

DEFINE_TYPES(virtio_mmio_types)
