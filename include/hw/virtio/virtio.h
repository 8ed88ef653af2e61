/*
 * The virtio core shared by every virtio device and transport: feature
 * negotiation, the device status state machine, reset, the configuration
 * space with its generation counter, and split virtqueues whose rings and
 * buffers are reached only through the memory API. Devices pop requests as
 * VirtQueueElements (guest buffers as host iovecs) and push them back.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Follows the Virtual I/O Device (VIRTIO) Version 1.2 specification:
 * 2.1 Device Status Field, 2.2 Feature Bits, 2.4 Device Reset, 2.5 Device
 * Configuration Space, 2.7 Split Virtqueues, 6 Reserved Feature Bits.
 *
 * Plugging: a transport (virtio-mmio) registers a VirtioTransport when it
 * is realized; a virtio device, when realized, binds to the first free
 * one. All of it runs with the BQL held.
 */
#ifndef VIREO_HW_VIRTIO_VIRTIO_H
#define VIREO_HW_VIRTIO_VIRTIO_H

#include "hw/core/qdev.h"
#include "hw/core/vmstate.h"
#include "softmmu/memory.h"
#include "util/event-notifier.h"

#include <stdint.h>
#include <sys/uio.h>

/* 2.1 Device Status Field */
enum {
    VIRTIO_CONFIG_S_ACKNOWLEDGE = 1,
    VIRTIO_CONFIG_S_DRIVER = 2,
    VIRTIO_CONFIG_S_DRIVER_OK = 4,
    VIRTIO_CONFIG_S_FEATURES_OK = 8,
    VIRTIO_CONFIG_S_NEEDS_RESET = 64,
    VIRTIO_CONFIG_S_FAILED = 128,
};

/* 6 Reserved Feature Bits (bit numbers) */
enum {
    VIRTIO_RING_F_INDIRECT_DESC = 28,
    VIRTIO_RING_F_EVENT_IDX = 29,
    VIRTIO_F_VERSION_1 = 32,
    VIRTIO_F_ACCESS_PLATFORM = 33,
};

/* Interrupt status bits (4.2.2 InterruptStatus) */
enum {
    VIRTIO_ISR_QUEUE = 1,       /* a used buffer notification */
    VIRTIO_ISR_CONFIG = 2,      /* configuration change / needs reset */
};

/* 2.7.5 descriptor flags */
enum {
    VRING_DESC_F_NEXT = 1,
    VRING_DESC_F_WRITE = 2,
    VRING_DESC_F_INDIRECT = 4,
};
#define VRING_USED_F_NO_NOTIFY 1
#define VRING_AVAIL_F_NO_INTERRUPT 1

/* 5 Device Types (the ones Vireo has) */
enum {
    VIRTIO_ID_NET = 1,
    VIRTIO_ID_BLOCK = 2,
    VIRTIO_ID_CONSOLE = 3,
    VIRTIO_ID_RNG = 4,
};

#define VIRTIO_QUEUE_MAX 64         /* queues per device (virtio-serial) */
#define VIRTQUEUE_MAX_SIZE 1024     /* descriptors per queue */
#define VIRTIO_CONFIG_MAX 256       /* bytes of device config space */

#define VIRTIO_BIT(n) (UINT64_C(1) << (n))

typedef struct VirtIODevice VirtIODevice;
typedef struct VirtQueue VirtQueue;
typedef struct VirtioTransport VirtioTransport;

/* Called when the driver notifies the queue (or its host notifier fires). */
typedef void VirtIOHandleOutput(VirtIODevice *vdev, VirtQueue *vq);

struct VirtQueue {
    VirtIODevice *vdev;
    uint16_t index;
    uint16_t num_max;           /* 0: queue does not exist */
    uint16_t num;               /* size the driver chose */
    bool ready;
    uint64_t desc, avail, used; /* guest-physical ring addresses */
    uint16_t last_avail_idx;    /* next avail ring slot to pop */
    uint16_t used_idx;          /* our copy of used->idx */
    uint16_t signalled_used;    /* used_idx at the last interrupt */
    bool signalled_used_valid;
    bool notification;          /* driver kicks wanted (not NO_NOTIFY) */
    uint32_t inuse;             /* popped, not yet pushed */
    VirtIOHandleOutput *handle;
    bool in_handler;            /* handle() is running */
    bool kick_pending;          /* kicked meanwhile: run it again */
    EventNotifier host_notifier;
    bool host_notifier_on;
};

/*
 * One request: its buffers in chain order, device-readable ("out") first,
 * then device-writable ("in"), as host iovecs. Buffers outside RAM are
 * bounced: out data is copied in at pop, in data written back at push.
 */
typedef struct VirtQueueElement {
    unsigned int index;         /* head descriptor */
    unsigned int out_num, in_num;
    size_t out_len, in_len;     /* total bytes each way */
    struct iovec *out_sg, *in_sg;
    hwaddr *out_addr, *in_addr; /* guest address of each piece */
    bool *out_bounce, *in_bounce;
} VirtQueueElement;

/* What a transport gives the core. */
typedef struct VirtioTransportOps {
    /* The interrupt status changed (vdev->isr): update the line. */
    void (*update_irq)(VirtioTransport *t);
    /* Optional: the device is leaving; drop host notifiers offered out. */
    void (*unplug)(VirtioTransport *t);
} VirtioTransportOps;

struct VirtioTransport {
    const VirtioTransportOps *ops;
    const char *kind;           /* "virtio-mmio" */
    AddressSpace *dma_as;       /* where rings and buffers live */
    VirtIODevice *vdev;         /* NULL: free */
};

#define TYPE_VIRTIO_DEVICE "virtio-device"
OBJECT_DECLARE_TYPE(VirtIODevice, VirtioDeviceClass, VIRTIO_DEVICE)

struct VirtioDeviceClass {
    DeviceClass parent_class;

    /*
     * Device realize: call virtio_init() and virtio_add_queue(); the core
     * then plugs the device into a transport. unrealize undoes it.
     */
    DeviceRealize realize;
    DeviceUnrealize unrealize;
    /* Device features offered besides the core's (ring, VERSION_1). */
    uint64_t (*get_features)(VirtIODevice *vdev);
    /* Fill vdev->config before the driver reads it. */
    void (*get_config)(VirtIODevice *vdev, uint8_t *config);
    /* The driver wrote config bytes. */
    void (*set_config)(VirtIODevice *vdev, const uint8_t *config);
    /* Status changed (after the core's own handling). */
    void (*set_status)(VirtIODevice *vdev, uint8_t status);
    /* Back to the just-realized state: drop in-flight work. */
    void (*reset)(VirtIODevice *vdev);
};

struct VirtIODevice {
    DeviceState parent_obj;

    const char *name;
    uint16_t device_id;
    uint8_t status;
    uint8_t isr;
    uint32_t config_generation;
    uint64_t host_features;
    uint64_t guest_features;
    bool broken;                /* needs reset: nothing more is processed */
    uint32_t reset_count;       /* bumped on every reset, for async work */
    size_t config_len;
    uint8_t config[VIRTIO_CONFIG_MAX];
    VirtQueue vq[VIRTIO_QUEUE_MAX];
    VirtioTransport *transport;
};

extern const VMStateDescription vmstate_virtio_device;

/* ---- for device models ---- */

/* Called from the device's realize. */
void virtio_init(VirtIODevice *vdev, uint16_t device_id, size_t config_len);
/* The next queue (index 0, 1, ...) with max size (power of 2, <= 1024). */
VirtQueue *virtio_add_queue(VirtIODevice *vdev, unsigned int size,
                            VirtIOHandleOutput *handle);
VirtQueue *virtio_get_queue(VirtIODevice *vdev, unsigned int n);
bool virtio_has_feature(const VirtIODevice *vdev, unsigned int bit);

/*
 * Take the next available request, or NULL when there is none (or the
 * device is broken). A malformed chain puts the device into NEEDS_RESET
 * and returns NULL. Free the element with g_free after push/detach.
 */
VirtQueueElement *virtqueue_pop(VirtQueue *vq);
/*
 * Return elem to the driver with len bytes written to its in buffers,
 * unmapping them; the caller then calls virtio_notify (or uses
 * virtqueue_push_notify). Does not free elem.
 */
void virtqueue_push(VirtQueue *vq, VirtQueueElement *elem, uint32_t len);
/*
 * Like virtqueue_push when the device wrote the first len bytes and the
 * last tail bytes of the in buffers (data, then a status byte at the end,
 * as virtio-blk does); the used length is len + tail.
 */
void virtqueue_push_tail(VirtQueue *vq, VirtQueueElement *elem,
                         uint32_t len, uint32_t tail);
void virtqueue_push_notify(VirtQueue *vq, VirtQueueElement *elem,
                           uint32_t len);
/* Unmap elem without returning it (device reset with requests pending). */
void virtqueue_detach_element(VirtQueue *vq, VirtQueueElement *elem);
/* Put the last popped element back: it is popped again next time. */
void virtqueue_unpop(VirtQueue *vq, VirtQueueElement *elem);
/* Interrupt the driver for vq unless it suppressed it (2.7.7, 2.7.10). */
void virtio_notify(VirtIODevice *vdev, VirtQueue *vq);
/* The device's configuration changed: bump the generation, interrupt. */
void virtio_notify_config(VirtIODevice *vdev);
/* Ask (or stop asking) the driver to kick for new buffers. */
void virtio_queue_set_notification(VirtQueue *vq, bool enable);
bool virtio_queue_empty(VirtQueue *vq);
bool virtio_queue_ready(const VirtQueue *vq);

/* Copy between an iovec and a flat buffer; bytes copied. */
size_t iov_from_buf(const struct iovec *iov, unsigned int cnt, size_t off,
                    const void *buf, size_t len);
size_t iov_to_buf(const struct iovec *iov, unsigned int cnt, size_t off,
                  void *buf, size_t len);

/*
 * The guest broke the protocol: log it under guest_errors, set
 * NEEDS_RESET, raise a config-change interrupt; the device processes
 * nothing more until reset.
 */
void virtio_error(VirtIODevice *vdev, const char *fmt, ...)
    G_GNUC_PRINTF(2, 3);

/* ---- for transports ---- */

/* Make t available to devices; the order of calls is the slot order. */
void virtio_transport_register(VirtioTransport *t);
void virtio_transport_unregister(VirtioTransport *t);

void virtio_reset(VirtIODevice *vdev);
/* The driver wrote the status register (2.1, 3.1.1). */
void virtio_set_status(VirtIODevice *vdev, uint8_t status);
/* 32 feature bits at word sel (0 or 1); others read 0. */
uint32_t virtio_get_host_features_word(VirtIODevice *vdev, unsigned int sel);
void virtio_set_guest_features_word(VirtIODevice *vdev, unsigned int sel,
                                    uint32_t value);
/* Config space access by the driver; out of range reads 0. */
uint32_t virtio_config_read(VirtIODevice *vdev, uint32_t addr, unsigned size);
void virtio_config_write(VirtIODevice *vdev, uint32_t addr, uint32_t value,
                         unsigned size);
/* The driver kicked queue n (out of range or not ready: logged). */
void virtio_queue_notify(VirtIODevice *vdev, unsigned int n);
/* Read and clear interrupt status bits. */
void virtio_isr_ack(VirtIODevice *vdev, uint8_t bits);
/*
 * Route kicks of vq through its EventNotifier (an eventfd that KVM can
 * signal as an ioeventfd) instead of a direct call. The transport then
 * sets the notifier on a QueueNotify write.
 */
bool virtio_queue_set_host_notifier(VirtQueue *vq, bool on, GError **errp);
EventNotifier *virtio_queue_get_host_notifier(VirtQueue *vq);

#endif
