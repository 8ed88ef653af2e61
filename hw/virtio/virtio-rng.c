/*
 * virtio-rng: the entropy device (Virtio 1.2 section 5.4 Entropy Device).
 * One queue, requestq; the driver posts device-writable buffers and the
 * device fills them from the host's getrandom(). No rate limit.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * No config space and no device features (5.4.3, 5.4.4).
 */
#include "hw/virtio/virtio.h"
#include "util/log.h"

#include <errno.h>
#include <sys/random.h>

#define TYPE_VIRTIO_RNG "virtio-rng-device"
#define VIRTIO_RNG_QUEUE_SIZE 64

/* Fill buf from the host; false when the host has nothing (yet). */
static bool virtio_rng_fill(void *buf, size_t len)
{
    size_t done = 0;

    while (done < len) {
        ssize_t n = getrandom((char *)buf + done, len - done, GRND_NONBLOCK);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return false;
        }
        done += n;
    }
    return true;
}

static void virtio_rng_handle_request(VirtIODevice *vdev, VirtQueue *vq)
{
    VirtQueueElement *elem;

    while ((elem = virtqueue_pop(vq))) {
        size_t len = 0;

        for (unsigned i = 0; i < elem->in_num; i++) {
            if (!virtio_rng_fill(elem->in_sg[i].iov_base,
                                 elem->in_sg[i].iov_len)) {
                vireo_log_mask(LOG_UNIMP, "virtio-rng: host getrandom "
                               "failed\n");
                break;
            }
            len += elem->in_sg[i].iov_len;
        }
        virtqueue_push(vq, elem, len);
        g_free(elem);
    }
    virtio_notify(vdev, vq);
}

static bool virtio_rng_realize(DeviceState *dev, GError **errp)
{
    VirtIODevice *vdev = VIRTIO_DEVICE(dev);

    virtio_init(vdev, VIRTIO_ID_RNG, 0);
    virtio_add_queue(vdev, VIRTIO_RNG_QUEUE_SIZE, virtio_rng_handle_request);
    return true;
}

static void virtio_rng_class_init(ObjectClass *oc, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);
    VirtioDeviceClass *vdc = VIRTIO_DEVICE_CLASS(oc);

    dc->desc = "virtio entropy source (host getrandom)";
    dc->user_creatable = true;
    vdc->realize = virtio_rng_realize;
}

static const TypeInfo virtio_rng_types[] = {
    {
        .name = TYPE_VIRTIO_RNG,
        .parent = TYPE_VIRTIO_DEVICE,
        .instance_size = sizeof(VirtIODevice),
        .class_init = virtio_rng_class_init,
    },
};

DEFINE_TYPES(virtio_rng_types)
