/*
 * virtio-serial-device with a virtconsole and a named virtserialport,
 * driven through virtio-mmio as Linux's multiport driver would: the
 * control handshake (DEVICE_READY, DEVICE_ADD, PORT_READY, CONSOLE_PORT,
 * PORT_NAME, PORT_OPEN), data both ways on port 1, malformed control
 * messages, a driver without MULTIPORT, and the port's setup errors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-check.h"
#include "virtio-test-driver.h"
#include "chardev/char.h"
#include "util/error.h"
#include "util/main-loop.h"

#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define F_MULTIPORT 1
#define QBASE(i) (0x10000 + (i) * 0x4000)
#define CTRL_IN 0x80000             /* control receive buffers */
#define CTRL_OUT 0x90000            /* control messages we send */
#define DATA 0xa0000
#define NCTRL 8

enum {
    DEVICE_READY = 0, DEVICE_ADD = 1, DEVICE_REMOVE = 2, PORT_READY = 3,
    CONSOLE_PORT = 4, RESIZE = 5, PORT_OPEN = 6, PORT_NAME = 7,
};

static VTGuest guest;
static DeviceState *serial, *cons, *port, *extra[3];
static Chardev *chr[2];
static int peer[2] = { -1, -1 };
static VTQueue q[6];                /* p0 rx/tx, control rx/tx, p1 rx/tx */
static unsigned ctrl_out_n;

static DeviceState *make(const char *type, const char *chardev,
                         const char *name, GError **errp)
{
    DeviceState *d = DEVICE(object_new(type));

    if (chardev) {
        ck_assert(object_property_set_str(OBJECT(d), "chardev", chardev,
                                          NULL));
    }
    if (name) {
        ck_assert(object_property_set_str(OBJECT(d), "name", name, NULL));
    }
    if (strcmp(type, "virtio-serial-device") == 0) {
        ck_assert(object_property_set_uint(OBJECT(d), "max_ports", 4,
                                           NULL));
    }
    if (!qdev_realize(d, errp)) {
        object_unref(OBJECT(d));
        return NULL;
    }
    object_unref(OBJECT(d));
    return d;
}

static void setup_bare(void)
{
    bql_lock();
    vt_guest_init(&guest, 1, false);
    ctrl_out_n = 0;
}

static void setup(void)
{
    setup_bare();
    for (unsigned i = 0; i < 2; i++) {
        int sv[2];
        char label[8];

        ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0,
                                    sv), 0);
        g_snprintf(label, sizeof(label), "p%u", i);
        chr[i] = chardev_fd_new(label, sv[0], sv[0], NULL);
        ck_assert_ptr_nonnull(chr[i]);
        peer[i] = sv[1];
    }
    serial = make("virtio-serial-device", NULL, NULL, NULL);
    ck_assert_ptr_nonnull(serial);
    cons = make("virtconsole", "p0", NULL, NULL);
    ck_assert_ptr_nonnull(cons);
    port = make("virtserialport", "p1", "org.test.port", NULL);
    ck_assert_ptr_nonnull(port);
}

static void teardown(void)
{
    DeviceState **devs[] = { &extra[0], &extra[1], &extra[2], &port, &cons,
                             &serial };

    for (unsigned i = 0; i < G_N_ELEMENTS(devs); i++) {
        if (*devs[i]) {
            object_unparent(OBJECT(*devs[i]));
            *devs[i] = NULL;
        }
    }
    for (unsigned i = 0; i < 2; i++) {
        if (chr[i]) {
            chardev_free(chr[i]);
            chr[i] = NULL;
        }
        if (peer[i] >= 0) {
            close(peer[i]);
            peer[i] = -1;
        }
    }
    vt_guest_cleanup(&guest);
    bql_unlock();
}

/* Features, the six queues, DRIVER_OK, control receive buffers. */
static void start(uint64_t features)
{
    ck_assert(vt_negotiate(&guest, VIRTIO_BIT(VIRTIO_F_VERSION_1) |
                           features));
    for (unsigned i = 0; i < 6; i++) {
        vt_queue_setup(&guest, &q[i], i, 16, QBASE(i));
    }
    vt_driver_ok(&guest);
    for (unsigned i = 0; i < NCTRL; i++) {
        VTBuf b = { CTRL_IN + i * 64, 64, true };
        vt_publish(&guest, &q[2], vt_add_chain(&guest, &q[2], &b, 1));
    }
    vt_kick(&guest, &q[2]);
}

static void send_raw(const void *msg, uint32_t len)
{
    hwaddr a = CTRL_OUT + 64 * ctrl_out_n++;
    VTBuf b = { a, len, false };

    vt_memwrite(&guest, a, msg, len);
    vt_publish(&guest, &q[3], vt_add_chain(&guest, &q[3], &b, 1));
    vt_kick(&guest, &q[3]);
    ck_assert(vt_wait_used(&guest, &q[3]));
    ck_assert(vt_get_used(&guest, &q[3], &(uint32_t){ 0 },
                          &(uint32_t){ 0 }));
}

static void send_ctrl(uint32_t id, uint16_t event, uint16_t value)
{
    uint8_t m[8];
    uint32_t id_le = GUINT32_TO_LE(id);
    uint16_t ev = GUINT16_TO_LE(event), val = GUINT16_TO_LE(value);

    memcpy(m, &id_le, 4);
    memcpy(m + 4, &ev, 2);
    memcpy(m + 6, &val, 2);
    send_raw(m, sizeof(m));
}

/* The next control message from the device; false if none came. */
static bool get_ctrl(uint32_t *id, uint16_t *event, uint16_t *value,
                     char *extra, size_t extra_size)
{
    uint8_t m[64] = { 0 };
    uint32_t head, len;

    vt_pump();
    if (!vt_get_used(&guest, &q[2], &head, &len)) {
        return false;
    }
    ck_assert_uint_ge(len, 8);
    ck_assert_uint_le(len, 64);
    /* Buffers were posted in order: descriptor i is buffer i. */
    vt_memread(&guest, CTRL_IN + (head % NCTRL) * 64, m, len);
    memcpy(id, m, 4);
    memcpy(event, m + 4, 2);
    memcpy(value, m + 6, 2);
    *id = GUINT32_FROM_LE(*id);
    *event = GUINT16_FROM_LE(*event);
    *value = GUINT16_FROM_LE(*value);
    if (extra) {
        size_t n = MIN(len - 8, extra_size - 1);
        memcpy(extra, m + 8, n);
        extra[n] = 0;
    }
    return true;
}

static void expect_ctrl(uint32_t id, uint16_t event, uint16_t value)
{
    uint32_t gid;
    uint16_t gev, gval;

    ck_assert(get_ctrl(&gid, &gev, &gval, NULL, 0));
    ck_assert_uint_eq(gid, id);
    ck_assert_uint_eq(gev, event);
    ck_assert_uint_eq(gval, value);
}

static bool peer1_readable(void *opaque)
{
    struct pollfd p = { .fd = peer[1], .events = POLLIN };

    return poll(&p, 1, 0) == 1;
}

static void handshake(void)
{
    char name[32];
    uint32_t id;
    uint16_t ev, val;

    start(VIRTIO_BIT(F_MULTIPORT));
    ck_assert_uint_eq(vt_read_config(&guest, 4, 4), 4);   /* max_nr_ports */
    send_ctrl(UINT32_MAX, DEVICE_READY, 1);
    expect_ctrl(0, DEVICE_ADD, 1);
    expect_ctrl(1, DEVICE_ADD, 1);
    send_ctrl(0, PORT_READY, 1);
    expect_ctrl(0, CONSOLE_PORT, 1);
    expect_ctrl(0, PORT_OPEN, 1);
    send_ctrl(1, PORT_READY, 1);
    ck_assert(get_ctrl(&id, &ev, &val, name, sizeof(name)));
    ck_assert_uint_eq(id, 1);
    ck_assert_uint_eq(ev, PORT_NAME);
    ck_assert_str_eq(name, "org.test.port");
    expect_ctrl(1, PORT_OPEN, 1);
    ck_assert(!get_ctrl(&id, &ev, &val, NULL, 0));
}

START_TEST(test_serial_handshake_and_data)
{
    VTBuf out = { DATA, 5, false }, in = { DATA + 0x100, 32, true };
    char got[8] = { 0 };
    uint32_t id, len;

    handshake();
    send_ctrl(1, PORT_OPEN, 1);
    /* Guest to host on port 1 ... */
    vt_memwrite(&guest, DATA, "hello", 5);
    vt_publish(&guest, &q[5], vt_add_chain(&guest, &q[5], &out, 1));
    vt_kick(&guest, &q[5]);
    ck_assert(vt_pump_until(peer1_readable, NULL));
    ck_assert_int_eq(read(peer[1], got, 5), 5);
    ck_assert_str_eq(got, "hello");
    ck_assert(vt_wait_used(&guest, &q[5]));
    /* ... and host to guest. */
    vt_publish(&guest, &q[4], vt_add_chain(&guest, &q[4], &in, 1));
    vt_kick(&guest, &q[4]);
    ck_assert_int_eq(write(peer[1], "back", 4), 4);
    ck_assert(vt_wait_used(&guest, &q[4]));
    ck_assert(vt_get_used(&guest, &q[4], &id, &len));
    ck_assert_uint_eq(len, 4);
    vt_memread(&guest, DATA + 0x100, got, 4);
    got[4] = 0;
    ck_assert_str_eq(got, "back");
    /* Nothing crossed over to the console port. */
    ck_assert_uint_eq(vt_lduw(&guest, q[0].used + 2), 0);
}
END_TEST

/* Every malformed control message is logged; the device carries on. */
START_TEST(test_serial_bad_control)
{
    uint8_t shorty[4] = { 0 };
    uint32_t id;
    uint16_t ev, val;

    start(VIRTIO_BIT(F_MULTIPORT));
    send_raw(shorty, sizeof(shorty));
    send_ctrl(UINT32_MAX, DEVICE_READY, 0);     /* driver failed */
    send_ctrl(9, PORT_READY, 1);                /* no such port */
    send_ctrl(UINT32_MAX, PORT_OPEN, 1);
    send_ctrl(3, PORT_OPEN, 1);                 /* free number */
    send_ctrl(0, CONSOLE_PORT, 1);              /* device-to-driver only */
    send_ctrl(0, 42, 1);
    send_ctrl(0, PORT_READY, 1);                /* before DEVICE_READY */
    ck_assert(!(vt_readl(&guest, VIRTIO_MMIO_STATUS) &
                VIRTIO_CONFIG_S_NEEDS_RESET));
    /* Only the PORT_READY of an existing port got an answer. */
    expect_ctrl(0, CONSOLE_PORT, 1);
    expect_ctrl(0, PORT_OPEN, 1);
    ck_assert(!get_ctrl(&id, &ev, &val, NULL, 0));
    send_ctrl(UINT32_MAX, DEVICE_READY, 1);
    expect_ctrl(0, DEVICE_ADD, 1);
    expect_ctrl(1, DEVICE_ADD, 1);
    /* A second DEVICE_READY announces nothing again. */
    send_ctrl(UINT32_MAX, DEVICE_READY, 1);
    ck_assert(!get_ctrl(&id, &ev, &val, NULL, 0));
}
END_TEST

/* Control messages wait for a receive buffer instead of being lost. */
START_TEST(test_serial_control_waits_for_buffers)
{
    VTBuf b = { CTRL_IN, 64, true };
    uint32_t id;
    uint16_t ev, val;

    ck_assert(vt_negotiate(&guest, VIRTIO_BIT(VIRTIO_F_VERSION_1) |
                           VIRTIO_BIT(F_MULTIPORT)));
    for (unsigned i = 0; i < 6; i++) {
        vt_queue_setup(&guest, &q[i], i, 16, QBASE(i));
    }
    vt_driver_ok(&guest);
    send_ctrl(UINT32_MAX, DEVICE_READY, 1);
    ck_assert(!get_ctrl(&id, &ev, &val, NULL, 0));
    vt_publish(&guest, &q[2], vt_add_chain(&guest, &q[2], &b, 1));
    vt_kick(&guest, &q[2]);
    expect_ctrl(0, DEVICE_ADD, 1);
    b.addr = CTRL_IN + 64;
    vt_publish(&guest, &q[2], vt_add_chain(&guest, &q[2], &b, 1));
    vt_kick(&guest, &q[2]);
    expect_ctrl(1, DEVICE_ADD, 1);
}
END_TEST

/* A driver without MULTIPORT sees port 0 as a plain console. */
START_TEST(test_serial_without_multiport)
{
    VTBuf out = { DATA, 2, false };
    uint32_t id;
    uint16_t ev, val;
    char c[3] = { 0 };

    start(0);
    send_ctrl(UINT32_MAX, DEVICE_READY, 1);
    ck_assert(!get_ctrl(&id, &ev, &val, NULL, 0));
    vt_memwrite(&guest, DATA, "p0", 2);
    vt_publish(&guest, &q[1], vt_add_chain(&guest, &q[1], &out, 1));
    vt_kick(&guest, &q[1]);
    ck_assert(vt_wait_used(&guest, &q[1]));
    ck_assert_int_eq(read(peer[0], c, 2), 2);
    ck_assert_str_eq(c, "p0");
}
END_TEST

/*
 * Random control messages (any length, id, event, value) and tiny
 * receive buffers: nothing breaks; after a reset the handshake works.
 */
START_TEST(test_serial_random_control)
{
    GRand *r = g_rand_new_with_seed(12345);
    VTBuf tiny = { CTRL_IN, 3, true };

    start(VIRTIO_BIT(F_MULTIPORT));
    for (unsigned i = 0; i < 200; i++) {
        uint8_t m[16];
        uint32_t len = g_rand_int_range(r, 1, sizeof(m) + 1);

        for (unsigned j = 0; j < sizeof(m); j++) {
            m[j] = g_rand_int(r);
        }
        if (g_rand_boolean(r)) {
            m[0] = g_rand_int_range(r, 0, 6);       /* a real port id */
            m[1] = m[2] = m[3] = 0;
            m[4] = g_rand_int_range(r, 0, 9);
            m[5] = 0;
        }
        ctrl_out_n %= 16;
        send_raw(m, len);
        /* Take what the device sent, keep it supplied with buffers. */
        while (vt_get_used(&guest, &q[2], &(uint32_t){ 0 },
                           &(uint32_t){ 0 })) {
            vt_publish(&guest, &q[2], vt_add_chain(&guest, &q[2], &tiny,
                                                   1));
            vt_kick(&guest, &q[2]);
        }
        ck_assert(!(vt_readl(&guest, VIRTIO_MMIO_STATUS) &
                    VIRTIO_CONFIG_S_NEEDS_RESET));
    }
    g_rand_free(r);
    vt_writel(&guest, VIRTIO_MMIO_STATUS, 0);
    ctrl_out_n = 0;
    handshake();
}
END_TEST

/* A reset forgets the handshake; the driver can do it again. */
START_TEST(test_serial_reset)
{
    handshake();
    vt_writel(&guest, VIRTIO_MMIO_STATUS, 0);
    ctrl_out_n = 0;
    handshake();
}
END_TEST

START_TEST(test_serial_port_errors)
{
    g_autoptr(GError) err = NULL;
    DeviceState *d;

    d = make("virtserialport", NULL, NULL, &err);
    ck_assert_ptr_null(d);
    ck_assert_ptr_nonnull(strstr(err->message, "no virtio-serial-device"));
    g_clear_error(&err);

    serial = make("virtio-serial-device", NULL, NULL, NULL);
    ck_assert_ptr_nonnull(serial);
    cons = make("virtconsole", NULL, "same", NULL);
    ck_assert_ptr_nonnull(cons);
    d = make("virtserialport", NULL, "same", &err);
    ck_assert_ptr_null(d);
    ck_assert_ptr_nonnull(strstr(err->message, "already used"));
    g_clear_error(&err);
    d = make("virtserialport", "nosuch", NULL, &err);
    ck_assert_ptr_null(d);
    ck_assert_ptr_nonnull(strstr(err->message, "no chardev"));
    g_clear_error(&err);

    d = DEVICE(object_new("virtserialport"));
    ck_assert(object_property_set_uint(OBJECT(d), "nr", 4, NULL));
    ck_assert(!qdev_realize(d, &err));
    ck_assert_ptr_nonnull(strstr(err->message, "no free port number"));
    g_clear_error(&err);
    ck_assert(object_property_set_uint(OBJECT(d), "nr", 0, NULL));
    ck_assert(!qdev_realize(d, &err));      /* the console has 0 */
    ck_assert_ptr_nonnull(strstr(err->message, "already used"));
    g_clear_error(&err);
    object_unref(OBJECT(d));

    /* Ports 1..3 are free; a fourth port finds none. */
    for (unsigned i = 0; i < 3; i++) {
        extra[i] = make("virtserialport", NULL, NULL, NULL);
        ck_assert_ptr_nonnull(extra[i]);
    }
    ck_assert_ptr_null(make("virtserialport", NULL, NULL, &err));
    g_clear_error(&err);

    d = DEVICE(object_new("virtio-serial-device"));
    ck_assert(object_property_set_uint(OBJECT(d), "max_ports", 0, NULL));
    ck_assert(!qdev_realize(d, &err));
    ck_assert_ptr_nonnull(strstr(err->message, "max_ports=0"));
    g_clear_error(&err);
    ck_assert(object_property_set_uint(OBJECT(d), "max_ports", 32, NULL));
    ck_assert(!qdev_realize(d, &err));
    object_unref(OBJECT(d));
}
END_TEST

static Suite *virtio_serial_suite(void)
{
    Suite *s = suite_create("virtio-serial");
    TCase *tc = tcase_create("multiport");
    TCase *errs = tcase_create("errors");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_serial_handshake_and_data);
    tcase_add_test(tc, test_serial_bad_control);
    tcase_add_test(tc, test_serial_control_waits_for_buffers);
    tcase_add_test(tc, test_serial_without_multiport);
    tcase_add_test(tc, test_serial_reset);
    tcase_add_test(tc, test_serial_random_control);
    suite_add_tcase(s, tc);

    tcase_add_checked_fixture(errs, setup_bare, teardown);
    tcase_add_test(errs, test_serial_port_errors);
    suite_add_tcase(s, errs);
    return s;
}

VIREO_CHECK_MAIN(virtio_serial_suite)
