/*
 * The virtio device core: the abstract "virtio-device" type, feature
 * negotiation, the status state machine, reset, config space access with
 * its generation counter, the NEEDS_RESET error state, and the registry
 * that plugs devices into free transports. Virtqueues are in virtqueue.c.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Virtio 1.2: 2.1 Device Status Field (FEATURES_OK is kept only when the
 * driver's features are a subset of ours and include VERSION_1, 2.2.1;
 * DEVICE_NEEDS_RESET, 2.1.1), 2.2 Feature Bits, 2.4 Device Reset, 2.5
 * Device Configuration Space (2.5.1: the generation counter changes when
 * the device changes its config), 3.1.1 Driver Requirements: Device
 * Initialization.
 */
#include "hw/virtio/virtio.h"
#include "softmmu/memory-system.h"
#include "util/error.h"
#include "util/log.h"

#include <stdarg.h>
#include <string.h>

static GPtrArray *virtio_transports;

void virtio_transport_register(VirtioTransport *t)
{
    if (!virtio_transports) {
        virtio_transports = g_ptr_array_new();
    }
    g_ptr_array_add(virtio_transports, t);
}

void virtio_transport_unregister(VirtioTransport *t)
{
    if (virtio_transports) {
        g_ptr_array_remove(virtio_transports, t);
    }
}

static bool virtio_plug(VirtIODevice *vdev, GError **errp)
{
    const char *kind = "virtio-mmio";

    for (guint i = 0; virtio_transports && i < virtio_transports->len;
         i++) {
        VirtioTransport *t = g_ptr_array_index(virtio_transports, i);
        if (!t->vdev) {
            t->vdev = vdev;
            vdev->transport = t;
            return true;
        }
        kind = t->kind;
    }
    vireo_error_set(errp, VIREO_ERROR_INVALID, "no free %s slot for %s",
                    kind, object_get_typename(OBJECT(vdev)));
    return false;
}

static void virtio_update_irq(VirtIODevice *vdev)
{
    if (vdev->transport && vdev->transport->ops->update_irq) {
        vdev->transport->ops->update_irq(vdev->transport);
    }
}

bool virtio_has_feature(const VirtIODevice *vdev, unsigned int bit)
{
    return (vdev->guest_features & VIRTIO_BIT(bit)) != 0;
}

void virtio_init(VirtIODevice *vdev, uint16_t device_id, size_t config_len)
{
    VirtioDeviceClass *vdc = VIRTIO_DEVICE_GET_CLASS(vdev);

    g_assert(config_len <= VIRTIO_CONFIG_MAX);
    vdev->device_id = device_id;
    vdev->config_len = config_len;
    vdev->name = object_get_typename(OBJECT(vdev));
    vdev->host_features = VIRTIO_BIT(VIRTIO_F_VERSION_1) |
                          VIRTIO_BIT(VIRTIO_RING_F_INDIRECT_DESC) |
                          VIRTIO_BIT(VIRTIO_RING_F_EVENT_IDX);
    if (vdc->get_features) {
        vdev->host_features |= vdc->get_features(vdev);
    }
    for (unsigned i = 0; i < VIRTIO_QUEUE_MAX; i++) {
        vdev->vq[i].vdev = vdev;
        vdev->vq[i].index = i;
        vdev->vq[i].host_notifier.fd = -1;
    }
}

VirtQueue *virtio_add_queue(VirtIODevice *vdev, unsigned int size,
                            VirtIOHandleOutput *handle)
{
    unsigned i;

    g_assert(size && size <= VIRTQUEUE_MAX_SIZE && !(size & (size - 1)));
    for (i = 0; i < VIRTIO_QUEUE_MAX && vdev->vq[i].num_max; i++) {
    }
    g_assert(i < VIRTIO_QUEUE_MAX);
    vdev->vq[i].num_max = size;
    vdev->vq[i].num = size;
    vdev->vq[i].handle = handle;
    vdev->vq[i].notification = true;
    return &vdev->vq[i];
}

VirtQueue *virtio_get_queue(VirtIODevice *vdev, unsigned int n)
{
    return n < VIRTIO_QUEUE_MAX && vdev->vq[n].num_max ? &vdev->vq[n] : NULL;
}

static void virtio_queue_reset(VirtQueue *vq)
{
    vq->num = vq->num_max;
    vq->ready = false;
    vq->desc = vq->avail = vq->used = 0;
    vq->last_avail_idx = vq->used_idx = 0;
    vq->signalled_used = 0;
    vq->signalled_used_valid = false;
    vq->notification = true;
    vq->inuse = 0;
}

void virtio_reset(VirtIODevice *vdev)
{
    VirtioDeviceClass *vdc = VIRTIO_DEVICE_GET_CLASS(vdev);

    vdev->reset_count++;
    if (vdc->reset) {
        vdc->reset(vdev);
    }
    vdev->status = 0;
    vdev->isr = 0;
    vdev->guest_features = 0;
    vdev->broken = false;
    for (unsigned i = 0; i < VIRTIO_QUEUE_MAX; i++) {
        virtio_queue_reset(&vdev->vq[i]);
    }
    virtio_update_irq(vdev);
}

void virtio_set_status(VirtIODevice *vdev, uint8_t status)
{
    VirtioDeviceClass *vdc = VIRTIO_DEVICE_GET_CLASS(vdev);

    if (status == 0) {
        virtio_reset(vdev);
        return;
    }
    if ((status & VIRTIO_CONFIG_S_FEATURES_OK) &&
        !(vdev->status & VIRTIO_CONFIG_S_FEATURES_OK)) {
        uint64_t extra = vdev->guest_features & ~vdev->host_features;

        if (extra || !virtio_has_feature(vdev, VIRTIO_F_VERSION_1)) {
            vireo_log_mask(LOG_GUEST_ERROR,
                           "%s: features 0x%" PRIx64 " refused (%s)\n",
                           vdev->name, vdev->guest_features,
                           extra ? "not offered" : "VERSION_1 missing");
            status &= ~VIRTIO_CONFIG_S_FEATURES_OK;
        }
    }
    if (vdev->broken) {
        status |= VIRTIO_CONFIG_S_NEEDS_RESET;
    }
    vdev->status = status;
    if (vdc->set_status) {
        vdc->set_status(vdev, status);
    }
}

uint32_t virtio_get_host_features_word(VirtIODevice *vdev, unsigned int sel)
{
    return sel < 2 ? (uint32_t)(vdev->host_features >> (32 * sel)) : 0;
}

void virtio_set_guest_features_word(VirtIODevice *vdev, unsigned int sel,
                                    uint32_t value)
{
    uint64_t mask;

    if (vdev->status & VIRTIO_CONFIG_S_FEATURES_OK) {
        vireo_log_mask(LOG_GUEST_ERROR,
                       "%s: features written after FEATURES_OK\n",
                       vdev->name);
        return;
    }
    if (sel >= 2) {
        if (value) {
            vireo_log_mask(LOG_GUEST_ERROR,
                           "%s: feature word %u does not exist\n",
                           vdev->name, sel);
        }
        return;
    }
    mask = (uint64_t)UINT32_MAX << (32 * sel);
    vdev->guest_features = (vdev->guest_features & ~mask) |
                           ((uint64_t)value << (32 * sel));
}

static bool virtio_config_range_ok(VirtIODevice *vdev, uint32_t addr,
                                   unsigned size, const char *what)
{
    if (size > 4 || addr >= vdev->config_len ||
        vdev->config_len - addr < size) {
        vireo_log_mask(LOG_GUEST_ERROR,
                       "%s: config %s of %u bytes at 0x%x is outside its "
                       "%zu bytes\n", vdev->name, what, size, addr,
                       vdev->config_len);
        return false;
    }
    return true;
}

uint32_t virtio_config_read(VirtIODevice *vdev, uint32_t addr, unsigned size)
{
    VirtioDeviceClass *vdc = VIRTIO_DEVICE_GET_CLASS(vdev);
    uint32_t v = 0;

    if (!virtio_config_range_ok(vdev, addr, size, "read")) {
        return 0;
    }
    if (vdc->get_config) {
        vdc->get_config(vdev, vdev->config);
    }
    for (unsigned i = 0; i < size; i++) {
        v |= (uint32_t)vdev->config[addr + i] << (8 * i);
    }
    return v;
}

void virtio_config_write(VirtIODevice *vdev, uint32_t addr, uint32_t value,
                         unsigned size)
{
    VirtioDeviceClass *vdc = VIRTIO_DEVICE_GET_CLASS(vdev);

    if (!virtio_config_range_ok(vdev, addr, size, "write")) {
        return;
    }
    if (vdc->get_config) {
        vdc->get_config(vdev, vdev->config);
    }
    for (unsigned i = 0; i < size; i++) {
        vdev->config[addr + i] = value >> (8 * i);
    }
    if (vdc->set_config) {
        vdc->set_config(vdev, vdev->config);
    }
}

void virtio_notify_config(VirtIODevice *vdev)
{
    vdev->config_generation++;
    if (!(vdev->status & VIRTIO_CONFIG_S_DRIVER_OK)) {
        return;
    }
    vdev->isr |= VIRTIO_ISR_CONFIG;
    virtio_update_irq(vdev);
}

void virtio_isr_ack(VirtIODevice *vdev, uint8_t bits)
{
    vdev->isr &= ~bits;
    virtio_update_irq(vdev);
}

void virtio_error(VirtIODevice *vdev, const char *fmt, ...)
{
    g_autofree char *msg = NULL;
    va_list ap;

    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    vireo_log_mask(LOG_GUEST_ERROR, "%s: %s; device needs reset\n",
                   vdev->name, msg);
    if (vdev->broken) {
        return;
    }
    vdev->broken = true;
    vdev->status |= VIRTIO_CONFIG_S_NEEDS_RESET;
    if (vdev->status & VIRTIO_CONFIG_S_DRIVER_OK) {
        vdev->isr |= VIRTIO_ISR_CONFIG;
        virtio_update_irq(vdev);
    }
}

/*
 * A kick that arrives while the handler runs (a bounced buffer written
 * back into the transport's own QueueNotify, say) runs the handler again
 * afterwards instead of inside itself.
 */
static void virtio_queue_call_handler(VirtQueue *vq)
{
    if (vq->in_handler) {
        vq->kick_pending = true;
        return;
    }
    if (!(vq->vdev->status & VIRTIO_CONFIG_S_DRIVER_OK)) {
        vireo_log_mask(LOG_GUEST_ERROR, "%s: kick of queue %u before "
                       "DRIVER_OK ignored\n", vq->vdev->name, vq->index);
        return;
    }
    vq->in_handler = true;
    do {
        vq->kick_pending = false;
        if (vq->vdev->broken || !vq->ready || !vq->handle) {
            break;
        }
        vq->handle(vq->vdev, vq);
    } while (vq->kick_pending);
    vq->in_handler = false;
}

void virtio_queue_notify(VirtIODevice *vdev, unsigned int n)
{
    VirtQueue *vq = virtio_get_queue(vdev, n);

    if (!vq) {
        vireo_log_mask(LOG_GUEST_ERROR, "%s: notify of queue %u, which "
                       "does not exist\n", vdev->name, n);
        return;
    }
    if (vq->host_notifier_on) {
        event_notifier_set(&vq->host_notifier);
        return;
    }
    virtio_queue_call_handler(vq);
}

static void virtio_host_notifier_read(EventNotifier *e)
{
    VirtQueue *vq = (VirtQueue *)((char *)e -
                                  offsetof(VirtQueue, host_notifier));

    if (event_notifier_test_and_clear(e)) {
        virtio_queue_call_handler(vq);
    }
}

bool virtio_queue_set_host_notifier(VirtQueue *vq, bool on, GError **errp)
{
    if (on == vq->host_notifier_on) {
        return true;
    }
    if (on) {
        if (!event_notifier_init(&vq->host_notifier, false, errp)) {
            return false;
        }
        event_notifier_set_handler(&vq->host_notifier,
                                   virtio_host_notifier_read);
    } else {
        /* A kick that arrived meanwhile is not lost. */
        if (event_notifier_test_and_clear(&vq->host_notifier)) {
            virtio_queue_call_handler(vq);
        }
        event_notifier_cleanup(&vq->host_notifier);
    }
    vq->host_notifier_on = on;
    return true;
}

EventNotifier *virtio_queue_get_host_notifier(VirtQueue *vq)
{
    return vq->host_notifier_on ? &vq->host_notifier : NULL;
}

/* ---- the QOM type ---- */

static bool virtio_device_realize(DeviceState *dev, GError **errp)
{
    VirtIODevice *vdev = VIRTIO_DEVICE(dev);
    VirtioDeviceClass *vdc = VIRTIO_DEVICE_GET_CLASS(dev);

    if (vdc->realize && !vdc->realize(dev, errp)) {
        return false;
    }
    if (!virtio_plug(vdev, errp)) {
        if (vdc->unrealize) {
            vdc->unrealize(dev);
        }
        return false;
    }
    virtio_reset(vdev);
    return true;
}

static void virtio_device_unrealize(DeviceState *dev)
{
    VirtIODevice *vdev = VIRTIO_DEVICE(dev);
    VirtioDeviceClass *vdc = VIRTIO_DEVICE_GET_CLASS(dev);

    virtio_reset(vdev);
    if (vdev->transport && vdev->transport->ops->unplug) {
        vdev->transport->ops->unplug(vdev->transport);
    }
    for (unsigned i = 0; i < VIRTIO_QUEUE_MAX; i++) {
        virtio_queue_set_host_notifier(&vdev->vq[i], false, NULL);
    }
    if (vdev->transport) {
        vdev->transport->vdev = NULL;
        vdev->transport = NULL;
    }
    if (vdc->unrealize) {
        vdc->unrealize(dev);
    }
}

static void virtio_device_reset(DeviceState *dev)
{
    virtio_reset(VIRTIO_DEVICE(dev));
}

static const VMStateField virtqueue_fields[] = {
    VMSTATE_UINT16(num, VirtQueue),
    VMSTATE_BOOL(ready, VirtQueue),
    VMSTATE_UINT64(desc, VirtQueue),
    VMSTATE_UINT64(avail, VirtQueue),
    VMSTATE_UINT64(used, VirtQueue),
    VMSTATE_UINT16(last_avail_idx, VirtQueue),
    VMSTATE_UINT16(used_idx, VirtQueue),
    VMSTATE_UINT16(signalled_used, VirtQueue),
    VMSTATE_BOOL(signalled_used_valid, VirtQueue),
    VMSTATE_BOOL(notification, VirtQueue),
    VMSTATE_END_OF_LIST()
};

static const VMStateDescription vmstate_virtqueue = {
    .name = "virtqueue",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = virtqueue_fields,
};

static bool virtio_device_post_load(void *opaque, int version_id,
                                    GError **errp)
{
    VirtIODevice *vdev = opaque;

    for (unsigned i = 0; i < VIRTIO_QUEUE_MAX; i++) {
        VirtQueue *vq = &vdev->vq[i];
        if (vq->num_max ? (vq->num == 0 || vq->num > vq->num_max)
                        : vq->num != 0) {
            vireo_error_set(errp, VIREO_ERROR_INVALID,
                            "%s: queue %u size %u is not valid here",
                            vdev->name, i, vq->num);
            return false;
        }
        /* Requests in flight at save time were completed or dropped. */
        vq->inuse = 0;
    }
    if (vdev->guest_features & ~vdev->host_features) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "%s: saved features 0x%" PRIx64 " not offered here",
                        vdev->name, vdev->guest_features);
        return false;
    }
    return true;
}

static const VMStateField virtio_device_fields[] = {
    VMSTATE_UINT8(status, VirtIODevice),
    VMSTATE_UINT8(isr, VirtIODevice),
    VMSTATE_UINT32(config_generation, VirtIODevice),
    VMSTATE_UINT64(guest_features, VirtIODevice),
    VMSTATE_BOOL(broken, VirtIODevice),
    VMSTATE_STRUCT_ARRAY(vq, VirtIODevice, VIRTIO_QUEUE_MAX,
                         vmstate_virtqueue, VirtQueue),
    VMSTATE_END_OF_LIST()
};

const VMStateDescription vmstate_virtio_device = {
    .name = "virtio-device",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = virtio_device_fields,
    .post_load = virtio_device_post_load,
};

static void virtio_device_class_init(ObjectClass *oc, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->realize = virtio_device_realize;
    dc->unrealize = virtio_device_unrealize;
    dc->reset = virtio_device_reset;
    dc->vmsd = &vmstate_virtio_device;
}

static const TypeInfo virtio_types[] = {
    {
        .name = TYPE_VIRTIO_DEVICE,
        .parent = TYPE_DEVICE,
        .abstract = true,
        .instance_size = sizeof(VirtIODevice),
        .class_size = sizeof(VirtioDeviceClass),
        .class_init = virtio_device_class_init,
    },
};

DEFINE_TYPES(virtio_types)
