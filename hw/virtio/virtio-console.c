/*
 * virtio-console: one console port bound to a chardev (Virtio 1.2 section
 * 5.3 Console Device), without VIRTIO_CONSOLE_F_MULTIPORT. Queue 0
 * (receiveq) carries host input to the guest in buffers the driver posts;
 * queue 1 (transmitq) carries guest output to the chardev.
 * VIRTIO_CONSOLE_F_EMERG_WRITE lets a driver write single characters
 * through config space before the queues are up.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Config space (5.3.4): 0x0 cols u16, 0x2 rows u16, 0x4 max_nr_ports u32,
 * 0x8 emerg_wr u32.
 *
 * Flow control both ways: host input is offered only while a receive
 * buffer is available (can_read), and output the chardev cannot take now
 * stays in the current transmit element until a write watch fires.
 */
#include "chardev/char.h"
#include "hw/core/qdev-properties.h"
#include "hw/virtio/virtio.h"
#include "util/error.h"

#include <string.h>

#define TYPE_VIRTIO_CONSOLE "virtio-console-device"
#define VIRTIO_CONSOLE_QUEUE_SIZE 64
#define VIRTIO_CONSOLE_CONFIG_LEN 12
#define VIRTIO_CONSOLE_F_EMERG_WRITE 2

typedef struct VirtIOConsole {
    VirtIODevice parent_obj;

    char *chardev;
    CharFrontend fe;
    VirtQueue *rx, *tx;
    VirtQueueElement *rx_elem;  /* popped, waiting for host input */
    VirtQueueElement *tx_elem;  /* output the chardev has not taken yet */
    size_t tx_done;
    guint tx_watch;
} VirtIOConsole;

static void virtio_console_flush_tx(VirtIOConsole *s);

static bool virtio_console_tx_writable(void *opaque, GIOCondition cond)
{
    VirtIOConsole *s = opaque;

    s->tx_watch = 0;
    virtio_console_flush_tx(s);
    return false;
}

/* Write out transmit elements until done or the chardev is full. */
static void virtio_console_flush_tx(VirtIOConsole *s)
{
    VirtIODevice *vdev = VIRTIO_DEVICE(s);
    bool pushed = false;

    for (;;) {
        VirtQueueElement *e = s->tx_elem;

        if (!e) {
            e = s->tx_elem = virtqueue_pop(s->tx);
            s->tx_done = 0;
            if (!e) {
                break;
            }
        }
        while (s->tx_done < e->out_len) {
            uint8_t buf[512];
            size_t n = iov_to_buf(e->out_sg, e->out_num, s->tx_done, buf,
                                  MIN(sizeof(buf), e->out_len - s->tx_done));
            int w = chr_fe_write(&s->fe, buf, n);
            if (w < 0) {
                /* A dead host side drops output, as a cut cable would. */
                s->tx_done = e->out_len;
                break;
            }
            s->tx_done += w;
            if ((size_t)w < n) {
                if (!s->tx_watch) {
                    s->tx_watch = chr_fe_add_watch(&s->fe, G_IO_OUT,
                                                   virtio_console_tx_writable,
                                                   s);
                }
                goto out;
            }
        }
        virtqueue_push(s->tx, e, 0);
        g_free(e);
        s->tx_elem = NULL;
        pushed = true;
    }
out:
    if (pushed) {
        virtio_notify(vdev, s->tx);
    }
}

static void virtio_console_handle_tx(VirtIODevice *vdev, VirtQueue *vq)
{
    VirtIOConsole *s = (VirtIOConsole *)vdev;

    if (!s->tx_watch) {
        virtio_console_flush_tx(s);
    }
}

static void virtio_console_handle_rx(VirtIODevice *vdev, VirtQueue *vq)
{
    chr_fe_accept_input(&((VirtIOConsole *)vdev)->fe);
}

static int virtio_console_can_read(void *opaque)
{
    VirtIOConsole *s = opaque;

    if (!s->rx_elem) {
        s->rx_elem = virtqueue_pop(s->rx);
        if (s->rx_elem && !s->rx_elem->in_len) {
            /* Input would stall forever on a buffer it cannot fill. */
            virtio_error(VIRTIO_DEVICE(s), "receive buffer %u has no "
                         "device-writable part", s->rx_elem->index);
            virtqueue_detach_element(s->rx, s->rx_elem);
            g_free(s->rx_elem);
            s->rx_elem = NULL;
        }
    }
    return s->rx_elem ? (int)MIN(s->rx_elem->in_len, 4096) : 0;
}

static void virtio_console_read(void *opaque, const uint8_t *buf, int len)
{
    VirtIOConsole *s = opaque;
    VirtIODevice *vdev = VIRTIO_DEVICE(s);
    size_t n;

    if (!s->rx_elem && !virtio_console_can_read(s)) {
        return;     /* nowhere to put it: the driver has no buffer */
    }
    n = iov_from_buf(s->rx_elem->in_sg, s->rx_elem->in_num, 0, buf, len);
    virtqueue_push(s->rx, s->rx_elem, n);
    g_free(s->rx_elem);
    s->rx_elem = NULL;
    virtio_notify(vdev, s->rx);
}

static uint64_t virtio_console_get_features(VirtIODevice *vdev)
{
    return VIRTIO_BIT(VIRTIO_CONSOLE_F_EMERG_WRITE);
}

static void virtio_console_get_config(VirtIODevice *vdev, uint8_t *config)
{
    uint32_t one = GUINT32_TO_LE(1);

    memset(config, 0, VIRTIO_CONSOLE_CONFIG_LEN);
    memcpy(config + 4, &one, 4);                /* max_nr_ports */
}

static void virtio_console_set_config(VirtIODevice *vdev,
                                      const uint8_t *config)
{
    VirtIOConsole *s = (VirtIOConsole *)vdev;

    if (config[8]) {
        chr_fe_write(&s->fe, &config[8], 1);    /* emerg_wr */
    }
}

static void virtio_console_drop(VirtIOConsole *s)
{
    if (s->tx_watch) {
        g_source_remove(s->tx_watch);
        s->tx_watch = 0;
    }
    if (s->rx_elem) {
        virtqueue_detach_element(s->rx, s->rx_elem);
        g_free(s->rx_elem);
        s->rx_elem = NULL;
    }
    if (s->tx_elem) {
        virtqueue_detach_element(s->tx, s->tx_elem);
        g_free(s->tx_elem);
        s->tx_elem = NULL;
    }
}

static void virtio_console_reset(VirtIODevice *vdev)
{
    virtio_console_drop((VirtIOConsole *)vdev);
}

static bool virtio_console_realize(DeviceState *dev, GError **errp)
{
    VirtIOConsole *s = (VirtIOConsole *)dev;
    VirtIODevice *vdev = VIRTIO_DEVICE(dev);
    Chardev *chr = NULL;

    if (s->chardev) {
        chr = chardev_find(s->chardev);
        if (!chr) {
            vireo_error_set(errp, VIREO_ERROR_NOT_FOUND,
                            "virtio-console-device: no chardev with id "
                            "'%s'", s->chardev);
            return false;
        }
    }
    if (chr && !chr_fe_init(&s->fe, chr, errp)) {
        return false;
    }
    virtio_init(vdev, VIRTIO_ID_CONSOLE, VIRTIO_CONSOLE_CONFIG_LEN);
    s->rx = virtio_add_queue(vdev, VIRTIO_CONSOLE_QUEUE_SIZE,
                             virtio_console_handle_rx);
    s->tx = virtio_add_queue(vdev, VIRTIO_CONSOLE_QUEUE_SIZE,
                             virtio_console_handle_tx);
    chr_fe_set_handlers(&s->fe, virtio_console_can_read, virtio_console_read,
                        NULL, s);
    return true;
}

static void virtio_console_unrealize(DeviceState *dev)
{
    VirtIOConsole *s = (VirtIOConsole *)dev;

    virtio_console_drop(s);
    chr_fe_set_handlers(&s->fe, NULL, NULL, NULL, NULL);
    chr_fe_deinit(&s->fe);
}

static const Property virtio_console_props[] = {
    DEFINE_PROP_STRING("chardev", VirtIOConsole, chardev,
                       .description = "the -chardev id to connect"),
    DEFINE_PROP_END_OF_LIST(),
};

static void virtio_console_class_init(ObjectClass *oc, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);
    VirtioDeviceClass *vdc = VIRTIO_DEVICE_CLASS(oc);

    dc->desc = "virtio console (one port on a chardev)";
    dc->user_creatable = true;
    device_class_set_props(dc, virtio_console_props);
    vdc->realize = virtio_console_realize;
    vdc->unrealize = virtio_console_unrealize;
    vdc->get_features = virtio_console_get_features;
    vdc->get_config = virtio_console_get_config;
    vdc->set_config = virtio_console_set_config;
    vdc->reset = virtio_console_reset;
}

static const TypeInfo virtio_console_types[] = {
    {
        .name = TYPE_VIRTIO_CONSOLE,
        .parent = TYPE_VIRTIO_DEVICE,
        .instance_size = sizeof(VirtIOConsole),
        .class_init = virtio_console_class_init,
    },
};

DEFINE_TYPES(virtio_console_types)
