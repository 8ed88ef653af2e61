/*
 * virtio-serial: the multiport console device (Virtio 1.2 section 5.3
 * with VIRTIO_CONSOLE_F_MULTIPORT), spelled as in QEMU:
 *   -device virtio-serial-device[,max_ports=N]
 *   -device virtconsole,chardev=ID            (an hvc console in Linux)
 *   -device virtserialport,chardev=ID,name=org.example.0  (/dev/vportNpM)
 * Ports join the virtio-serial-device created last before them. Each
 * port is a receive/transmit queue pair bound to a chardev; the control
 * queues carry the port list, names, console flag and open state.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Queues (5.3.2): 0/1 port 0 receive/transmit, 2/3 control receive
 * (device to driver) / transmit, then 2n+2 / 2n+3 for port n >= 1.
 * Control messages (5.3.6.2): le32 id, le16 event, le16 value; PORT_NAME
 * carries the name after them. The driver sends DEVICE_READY, then gets
 * DEVICE_ADD for every port, answers PORT_READY per port, and is told
 * CONSOLE_PORT, PORT_NAME and PORT_OPEN (host side connected) for it.
 * Without MULTIPORT negotiated only port 0 works, as a plain console.
 * Flow control as in virtio-console: host input only into posted
 * buffers, output held in the transmit element until the chardev takes
 * it. A malformed control message is logged under guest_errors.
 */
#include "chardev/char.h"
#include "hw/core/qdev-properties.h"
#include "hw/virtio/virtio.h"
#include "util/error.h"
#include "util/log.h"

#include <string.h>

#define TYPE_VIRTIO_SERIAL "virtio-serial-device"
#define TYPE_VIRTIO_SERIAL_PORT "virtserialport"
#define TYPE_VIRTCONSOLE "virtconsole"
#define VSER_QUEUE_SIZE 64
#define VSER_CONFIG_LEN 12
#define VSER_MAX_PORTS ((VIRTIO_QUEUE_MAX - 2) / 2)
#define VSER_NR_AUTO UINT32_MAX

enum {
    VIRTIO_CONSOLE_F_MULTIPORT = 1,
    VIRTIO_CONSOLE_F_EMERG_WRITE = 2,
};

enum {
    VIRTIO_CONSOLE_DEVICE_READY = 0,
    VIRTIO_CONSOLE_DEVICE_ADD = 1,
    VIRTIO_CONSOLE_DEVICE_REMOVE = 2,
    VIRTIO_CONSOLE_PORT_READY = 3,
    VIRTIO_CONSOLE_CONSOLE_PORT = 4,
    VIRTIO_CONSOLE_RESIZE = 5,
    VIRTIO_CONSOLE_PORT_OPEN = 6,
    VIRTIO_CONSOLE_PORT_NAME = 7,
};

typedef struct VirtIOSerial VirtIOSerial;

typedef struct VirtIOSerialPort {
    DeviceState parent_obj;

    char *chardev;
    char *name;
    uint32_t nr;
    bool is_console;
    CharFrontend fe;
    VirtIOSerial *serial;       /* NULL once the device is gone */
    bool host_connected;
    bool guest_ready;           /* PORT_READY received */
    bool guest_open;            /* PORT_OPEN 1 received */
    VirtQueueElement *rx_elem;  /* popped, waiting for host input */
    VirtQueueElement *tx_elem;  /* output the chardev has not taken yet */
    size_t tx_done;
    guint tx_watch;
} VirtIOSerialPort;

struct VirtIOSerial {
    VirtIODevice parent_obj;

    uint32_t max_ports;
    VirtQueue *c_rx, *c_tx;
    VirtIOSerialPort *ports[VSER_MAX_PORTS];
    GQueue ctrl_pending;        /* GByteArray messages awaiting a buffer */
    bool driver_ready;          /* DEVICE_READY received */
};

/* Serial devices in creation order: a new port joins the last one. */
static GPtrArray *vser_devices;

static VirtQueue *vser_port_rx(VirtIOSerial *s, uint32_t nr)
{
    return virtio_get_queue(VIRTIO_DEVICE(s), nr ? 2 * nr + 2 : 0);
}

static VirtQueue *vser_port_tx(VirtIOSerial *s, uint32_t nr)
{
    return virtio_get_queue(VIRTIO_DEVICE(s), nr ? 2 * nr + 3 : 1);
}

/* The port whose data queue is vq, or NULL. */
static VirtIOSerialPort *vser_port_of_queue(VirtIOSerial *s, VirtQueue *vq)
{
    unsigned i = vq->index;
    uint32_t nr = i < 2 ? 0 : i / 2 - 1;

    if (i == 2 || i == 3 || nr >= s->max_ports) {
        return NULL;
    }
    return s->ports[nr];
}

static bool vser_multiport(VirtIOSerial *s)
{
    return virtio_has_feature(VIRTIO_DEVICE(s), VIRTIO_CONSOLE_F_MULTIPORT);
}

/* ---- control messages ---- */

static void vser_ctrl_flush(VirtIOSerial *s)
{
    VirtIODevice *vdev = VIRTIO_DEVICE(s);
    bool pushed = false;

    while (!g_queue_is_empty(&s->ctrl_pending)) {
        VirtQueueElement *e = virtqueue_pop(s->c_rx);
        GByteArray *m;
        size_t n;

        if (!e) {
            break;
        }
        m = g_queue_pop_head(&s->ctrl_pending);
        n = iov_from_buf(e->in_sg, e->in_num, 0, m->data, m->len);
        if (n < m->len) {
            vireo_log_mask(LOG_GUEST_ERROR, "virtio-serial: control "
                           "buffer of %zu bytes for a %u-byte message\n",
                           e->in_len, m->len);
        }
        virtqueue_push(s->c_rx, e, n);
        g_free(e);
        g_byte_array_free(m, true);
        pushed = true;
    }
    if (pushed) {
        virtio_notify(vdev, s->c_rx);
    }
}

static void vser_ctrl_send(VirtIOSerial *s, uint32_t id, uint16_t event,
                           uint16_t value, const char *extra)
{
    GByteArray *m = g_byte_array_new();
    uint32_t id_le = GUINT32_TO_LE(id);
    uint16_t ev_le = GUINT16_TO_LE(event), val_le = GUINT16_TO_LE(value);

    if (!vser_multiport(s)) {
        g_byte_array_free(m, true);
        return;
    }
    g_byte_array_append(m, (const guint8 *)&id_le, 4);
    g_byte_array_append(m, (const guint8 *)&ev_le, 2);
    g_byte_array_append(m, (const guint8 *)&val_le, 2);
    if (extra) {
        g_byte_array_append(m, (const guint8 *)extra, strlen(extra));
    }
    g_queue_push_tail(&s->ctrl_pending, m);
    vser_ctrl_flush(s);
}

static void vser_port_announce(VirtIOSerialPort *p)
{
    vser_ctrl_send(p->serial, p->nr, VIRTIO_CONSOLE_DEVICE_ADD, 1, NULL);
}

static void vser_port_ready(VirtIOSerialPort *p)
{
    VirtIOSerial *s = p->serial;

    p->guest_ready = true;
    if (p->is_console) {
        vser_ctrl_send(s, p->nr, VIRTIO_CONSOLE_CONSOLE_PORT, 1, NULL);
    }
    if (p->name) {
        vser_ctrl_send(s, p->nr, VIRTIO_CONSOLE_PORT_NAME, 1, p->name);
    }
    if (p->host_connected) {
        vser_ctrl_send(s, p->nr, VIRTIO_CONSOLE_PORT_OPEN, 1, NULL);
    }
}

static void vser_ctrl_handle(VirtIOSerial *s, uint32_t id, uint16_t event,
                             uint16_t value)
{
    VirtIOSerialPort *p = id < s->max_ports ? s->ports[id] : NULL;

    if (event == VIRTIO_CONSOLE_DEVICE_READY) {
        if (value != 1) {
            vireo_log_mask(LOG_GUEST_ERROR, "virtio-serial: the driver "
                           "failed to set up (DEVICE_READY %u)\n", value);
            return;
        }
        if (s->driver_ready) {
            return;
        }
        s->driver_ready = true;
        for (uint32_t i = 0; i < s->max_ports; i++) {
            if (s->ports[i]) {
                vser_port_announce(s->ports[i]);
            }
        }
        return;
    }
    if (!p) {
        vireo_log_mask(LOG_GUEST_ERROR, "virtio-serial: control event %u "
                       "for port %u, which does not exist\n", event, id);
        return;
    }
    switch (event) {
    case VIRTIO_CONSOLE_PORT_READY:
        if (value != 1) {
            vireo_log_mask(LOG_GUEST_ERROR, "virtio-serial: the driver "
                           "failed to add port %u\n", id);
        } else if (!p->guest_ready) {
            vser_port_ready(p);
        }
        break;
    case VIRTIO_CONSOLE_PORT_OPEN:
        p->guest_open = value != 0;
        break;
    default:
        vireo_log_mask(LOG_GUEST_ERROR, "virtio-serial: control event %u "
                       "from the driver is not one it sends\n", event);
        break;
    }
}

static void vser_handle_ctrl_tx(VirtIODevice *vdev, VirtQueue *vq)
{
    VirtIOSerial *s = (VirtIOSerial *)vdev;
    VirtQueueElement *e;
    bool pushed = false;

    while ((e = virtqueue_pop(vq))) {
        uint8_t msg[8];
        uint32_t id;
        uint16_t event, value;

        if (iov_to_buf(e->out_sg, e->out_num, 0, msg, sizeof(msg))
            < sizeof(msg)) {
            vireo_log_mask(LOG_GUEST_ERROR, "virtio-serial: control "
                           "message of %zu bytes\n", e->out_len);
        } else {
            memcpy(&id, msg, 4);
            memcpy(&event, msg + 4, 2);
            memcpy(&value, msg + 6, 2);
            vser_ctrl_handle(s, GUINT32_FROM_LE(id), GUINT16_FROM_LE(event),
                             GUINT16_FROM_LE(value));
        }
        virtqueue_push(vq, e, 0);
        g_free(e);
        pushed = true;
        if (vdev->broken) {
            break;
        }
    }
    if (pushed) {
        virtio_notify(vdev, vq);
    }
}

static void vser_handle_ctrl_rx(VirtIODevice *vdev, VirtQueue *vq)
{
    vser_ctrl_flush((VirtIOSerial *)vdev);
}

/* ---- port data ---- */

static void vser_port_flush_tx(VirtIOSerialPort *p);

static bool vser_port_tx_writable(void *opaque, GIOCondition cond)
{
    VirtIOSerialPort *p = opaque;

    p->tx_watch = 0;
    vser_port_flush_tx(p);
    return false;
}

static void vser_port_flush_tx(VirtIOSerialPort *p)
{
    VirtIOSerial *s = p->serial;
    VirtQueue *tx = s ? vser_port_tx(s, p->nr) : NULL;
    bool pushed = false;

    if (!tx) {
        return;
    }
    for (;;) {
        VirtQueueElement *e = p->tx_elem;

        if (!e) {
            e = p->tx_elem = virtqueue_pop(tx);
            p->tx_done = 0;
            if (!e) {
                break;
            }
        }
        while (p->tx_done < e->out_len) {
            uint8_t buf[512];
            size_t n = iov_to_buf(e->out_sg, e->out_num, p->tx_done, buf,
                                  MIN(sizeof(buf), e->out_len - p->tx_done));
            int w = chr_fe_write(&p->fe, buf, n);

            if (w < 0) {
                p->tx_done = e->out_len;    /* a dead host side drops it */
                break;
            }
            p->tx_done += w;
            if ((size_t)w < n) {
                if (!p->tx_watch) {
                    p->tx_watch = chr_fe_add_watch(&p->fe, G_IO_OUT,
                                                   vser_port_tx_writable, p);
                }
                goto out;
            }
        }
        virtqueue_push(tx, e, 0);
        g_free(e);
        p->tx_elem = NULL;
        pushed = true;
    }
out:
    if (pushed) {
        virtio_notify(VIRTIO_DEVICE(s), tx);
    }
}

static void vser_handle_port_tx(VirtIODevice *vdev, VirtQueue *vq)
{
    VirtIOSerialPort *p = vser_port_of_queue((VirtIOSerial *)vdev, vq);
    VirtQueueElement *e;

    if (p) {
        if (!p->tx_watch) {
            vser_port_flush_tx(p);
        }
        return;
    }
    /* No port behind the queue: its output goes nowhere. */
    while ((e = virtqueue_pop(vq))) {
        virtqueue_push(vq, e, 0);
        g_free(e);
    }
    virtio_notify(vdev, vq);
}

static void vser_handle_port_rx(VirtIODevice *vdev, VirtQueue *vq)
{
    VirtIOSerialPort *p = vser_port_of_queue((VirtIOSerial *)vdev, vq);

    if (p) {
        chr_fe_accept_input(&p->fe);
    }
}

static int vser_port_can_read(void *opaque)
{
    VirtIOSerialPort *p = opaque;
    VirtIOSerial *s = p->serial;

    if (!s) {
        return 0;
    }
    if (!p->rx_elem) {
        p->rx_elem = virtqueue_pop(vser_port_rx(s, p->nr));
        if (p->rx_elem && !p->rx_elem->in_len) {
            virtio_error(VIRTIO_DEVICE(s), "port %u: receive buffer %u has "
                         "no device-writable part", p->nr,
                         p->rx_elem->index);
            virtqueue_detach_element(vser_port_rx(s, p->nr), p->rx_elem);
            g_free(p->rx_elem);
            p->rx_elem = NULL;
        }
    }
    return p->rx_elem ? (int)MIN(p->rx_elem->in_len, 4096) : 0;
}

static void vser_port_read(void *opaque, const uint8_t *buf, int len)
{
    VirtIOSerialPort *p = opaque;
    VirtQueue *rx;
    size_t n;

    if (!p->rx_elem && !vser_port_can_read(p)) {
        return;     /* nowhere to put it */
    }
    rx = vser_port_rx(p->serial, p->nr);
    n = iov_from_buf(p->rx_elem->in_sg, p->rx_elem->in_num, 0, buf, len);
    virtqueue_push(rx, p->rx_elem, n);
    g_free(p->rx_elem);
    p->rx_elem = NULL;
    virtio_notify(VIRTIO_DEVICE(p->serial), rx);
}

static void vser_port_event(void *opaque, ChrEvent event)
{
    VirtIOSerialPort *p = opaque;
    bool up;

    if (event != CHR_EVENT_OPENED && event != CHR_EVENT_CLOSED) {
        return;
    }
    up = event == CHR_EVENT_OPENED;
    if (up == p->host_connected) {
        return;
    }
    p->host_connected = up;
    if (p->serial && p->guest_ready) {
        vser_ctrl_send(p->serial, p->nr, VIRTIO_CONSOLE_PORT_OPEN, up, NULL);
    }
}

/* Let go of popped elements (reset, unplug). */
static void vser_port_drop(VirtIOSerialPort *p)
{
    VirtIOSerial *s = p->serial;

    if (p->tx_watch) {
        g_source_remove(p->tx_watch);
        p->tx_watch = 0;
    }
    if (p->rx_elem) {
        virtqueue_detach_element(vser_port_rx(s, p->nr), p->rx_elem);
        g_free(p->rx_elem);
        p->rx_elem = NULL;
    }
    if (p->tx_elem) {
        virtqueue_detach_element(vser_port_tx(s, p->nr), p->tx_elem);
        g_free(p->tx_elem);
        p->tx_elem = NULL;
    }
    p->guest_ready = p->guest_open = false;
}

/* ---- the device ---- */

static uint64_t vser_get_features(VirtIODevice *vdev)
{
    return VIRTIO_BIT(VIRTIO_CONSOLE_F_MULTIPORT) |
           VIRTIO_BIT(VIRTIO_CONSOLE_F_EMERG_WRITE);
}

static void vser_get_config(VirtIODevice *vdev, uint8_t *config)
{
    uint32_t n = GUINT32_TO_LE(((VirtIOSerial *)vdev)->max_ports);

    memset(config, 0, VSER_CONFIG_LEN);
    memcpy(config + 4, &n, 4);
}

static void vser_set_config(VirtIODevice *vdev, const uint8_t *config)
{
    VirtIOSerial *s = (VirtIOSerial *)vdev;

    if (config[8] && s->ports[0]) {
        chr_fe_write(&s->ports[0]->fe, &config[8], 1);     /* emerg_wr */
    }
}

static void vser_clear_pending(VirtIOSerial *s)
{
    GByteArray *m;

    while ((m = g_queue_pop_head(&s->ctrl_pending))) {
        g_byte_array_free(m, true);
    }
}

static void vser_reset(VirtIODevice *vdev)
{
    VirtIOSerial *s = (VirtIOSerial *)vdev;

    for (uint32_t i = 0; i < s->max_ports; i++) {
        if (s->ports[i]) {
            vser_port_drop(s->ports[i]);
        }
    }
    vser_clear_pending(s);
    s->driver_ready = false;
}

static bool vser_realize(DeviceState *dev, GError **errp)
{
    VirtIOSerial *s = (VirtIOSerial *)dev;
    VirtIODevice *vdev = VIRTIO_DEVICE(dev);

    if (s->max_ports == 0 || s->max_ports > VSER_MAX_PORTS) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "virtio-serial-device: max_ports=%u is not in "
                        "1..%u", s->max_ports, VSER_MAX_PORTS);
        return false;
    }
    virtio_init(vdev, VIRTIO_ID_CONSOLE, VSER_CONFIG_LEN);
    for (uint32_t i = 0; i < s->max_ports; i++) {
        virtio_add_queue(vdev, VSER_QUEUE_SIZE, vser_handle_port_rx);
        virtio_add_queue(vdev, VSER_QUEUE_SIZE, vser_handle_port_tx);
        if (i == 0) {
            s->c_rx = virtio_add_queue(vdev, VSER_QUEUE_SIZE,
                                       vser_handle_ctrl_rx);
            s->c_tx = virtio_add_queue(vdev, VSER_QUEUE_SIZE,
                                       vser_handle_ctrl_tx);
        }
    }
    g_queue_init(&s->ctrl_pending);
    if (!vser_devices) {
        vser_devices = g_ptr_array_new();
    }
    g_ptr_array_add(vser_devices, s);
    return true;
}

static void vser_unrealize(DeviceState *dev)
{
    VirtIOSerial *s = (VirtIOSerial *)dev;

    for (uint32_t i = 0; i < s->max_ports; i++) {
        if (s->ports[i]) {
            vser_port_drop(s->ports[i]);
            s->ports[i]->serial = NULL;
            s->ports[i] = NULL;
        }
    }
    vser_clear_pending(s);
    g_ptr_array_remove(vser_devices, s);
}

/* ---- ports ---- */

static bool vser_port_realize(DeviceState *dev, GError **errp)
{
    VirtIOSerialPort *p = (VirtIOSerialPort *)dev;
    const char *type = object_get_typename(OBJECT(dev));
    VirtIOSerial *s;
    Chardev *chr = NULL;
    uint32_t nr = p->nr;

    if (!vser_devices || !vser_devices->len) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "%s: no virtio-serial-device to join (give "
                        "-device virtio-serial-device before it)", type);
        return false;
    }
    s = g_ptr_array_index(vser_devices, vser_devices->len - 1);
    if (nr == VSER_NR_AUTO) {
        /* Port 0 is for a console, as drivers without MULTIPORT see it. */
        for (nr = p->is_console && !s->ports[0] ? 0 : 1;
             nr < s->max_ports && s->ports[nr]; nr++) {
        }
    }
    if (nr >= s->max_ports || s->ports[nr]) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "%s: %s (max_ports=%u)", type,
                        nr >= s->max_ports ? "no free port number"
                                           : "port number already used",
                        s->max_ports);
        return false;
    }
    for (uint32_t i = 0; p->name && i < s->max_ports; i++) {
        if (s->ports[i] && s->ports[i]->name &&
            strcmp(s->ports[i]->name, p->name) == 0) {
            vireo_error_set(errp, VIREO_ERROR_INVALID,
                            "%s: name '%s' is already used", type, p->name);
            return false;
        }
    }
    if (p->chardev) {
        chr = chardev_find(p->chardev);
        if (!chr) {
            vireo_error_set(errp, VIREO_ERROR_NOT_FOUND,
                            "%s: no chardev with id '%s'", type,
                            p->chardev);
            return false;
        }
        if (!chr_fe_init(&p->fe, chr, errp)) {
            return false;
        }
    }
    p->nr = nr;
    p->serial = s;
    /* No host side at all: output is dropped, never held back. */
    p->host_connected = !chr;
    s->ports[nr] = p;
    chr_fe_set_handlers(&p->fe, vser_port_can_read, vser_port_read,
                        vser_port_event, p);
    if (s->driver_ready) {
        vser_port_announce(p);
    }
    return true;
}

static void vser_port_unrealize(DeviceState *dev)
{
    VirtIOSerialPort *p = (VirtIOSerialPort *)dev;
    VirtIOSerial *s = p->serial;

    if (s) {
        bool announce = s->driver_ready;

        vser_port_drop(p);
        s->ports[p->nr] = NULL;
        if (announce) {
            vser_ctrl_send(s, p->nr, VIRTIO_CONSOLE_DEVICE_REMOVE, 0, NULL);
        }
        p->serial = NULL;
    }
    chr_fe_set_handlers(&p->fe, NULL, NULL, NULL, NULL);
    chr_fe_deinit(&p->fe);
}

static void vser_console_init(Object *obj)
{
    ((VirtIOSerialPort *)obj)->is_console = true;
}

static const Property vser_props[] = {
    DEFINE_PROP_UINT32("max_ports", VirtIOSerial, max_ports, 31,
                       .description = "port numbers offered (1..31)"),
    DEFINE_PROP_END_OF_LIST(),
};

static const Property vser_port_props[] = {
    DEFINE_PROP_STRING("chardev", VirtIOSerialPort, chardev,
                       .description = "the -chardev id to connect"),
    DEFINE_PROP_STRING("name", VirtIOSerialPort, name,
                       .description = "the port name the guest sees"),
    DEFINE_PROP_UINT32("nr", VirtIOSerialPort, nr, VSER_NR_AUTO,
                       .description = "port number (default: first free)"),
    DEFINE_PROP_END_OF_LIST(),
};

static void vser_class_init(ObjectClass *oc, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);
    VirtioDeviceClass *vdc = VIRTIO_DEVICE_CLASS(oc);

    dc->desc = "virtio serial (multiport console) device";
    dc->user_creatable = true;
    device_class_set_props(dc, vser_props);
    vdc->realize = vser_realize;
    vdc->unrealize = vser_unrealize;
    vdc->get_features = vser_get_features;
    vdc->get_config = vser_get_config;
    vdc->set_config = vser_set_config;
    vdc->reset = vser_reset;
}

static void vser_port_class_init(ObjectClass *oc, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->desc = "a port of the last virtio-serial-device, on a chardev";
    dc->user_creatable = true;
    dc->realize = vser_port_realize;
    dc->unrealize = vser_port_unrealize;
    device_class_set_props(dc, vser_port_props);
}

static void vser_console_class_init(ObjectClass *oc, const void *data)
{
    DEVICE_CLASS(oc)->desc = "a console port (hvc in Linux) of the last "
                             "virtio-serial-device";
}

static const TypeInfo vser_types[] = {
    {
        .name = TYPE_VIRTIO_SERIAL,
        .parent = TYPE_VIRTIO_DEVICE,
        .instance_size = sizeof(VirtIOSerial),
        .class_init = vser_class_init,
    },
    {
        .name = TYPE_VIRTIO_SERIAL_PORT,
        .parent = TYPE_DEVICE,
        .instance_size = sizeof(VirtIOSerialPort),
        .class_init = vser_port_class_init,
    },
    {
        .name = TYPE_VIRTCONSOLE,
        .parent = TYPE_VIRTIO_SERIAL_PORT,
        .instance_init = vser_console_init,
        .class_init = vser_console_class_init,
    },
};

DEFINE_TYPES(vser_types)
