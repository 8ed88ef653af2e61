/*
 * virtio-rng and virtio-console driven through virtio-mmio as a guest
 * driver would: entropy filling posted buffers, and a console round trip
 * through a socketpair chardev (host input into receive buffers, guest
 * output out of transmit buffers, emergency writes through config).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-check.h"
#include "virtio-test-driver.h"
#include "chardev/char.h"
#include "util/error.h"
#include "util/main-loop.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define Q_BASE 0x1000
#define Q1_BASE 0x4000
#define DATA 0x20000

static VTGuest guest;
static DeviceState *dev;
static Chardev *chr;
static int peer = -1;

static DeviceState *make_dev(const char *type, const char *chardev,
                             GError **errp)
{
    DeviceState *d = DEVICE(object_new(type));

    if (chardev) {
        ck_assert(object_property_set_str(OBJECT(d), "chardev", chardev,
                                          NULL));
    }
    if (!qdev_realize(d, errp)) {
        object_unref(OBJECT(d));
        return NULL;
    }
    object_unref(OBJECT(d));
    return d;
}

static void setup_rng(void)
{
    bql_lock();
    vt_guest_init(&guest, 1, false);
    dev = make_dev("virtio-rng-device", NULL, NULL);
    ck_assert_ptr_nonnull(dev);
}

static void setup_console(void)
{
    int sv[2];

    bql_lock();
    vt_guest_init(&guest, 1, false);
    ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv),
                     0);
    chr = chardev_fd_new("con0", sv[0], sv[0], NULL);
    ck_assert_ptr_nonnull(chr);
    peer = sv[1];
    dev = make_dev("virtio-console-device", "con0", NULL);
    ck_assert_ptr_nonnull(dev);
}

static void teardown(void)
{
    if (dev) {
        object_unparent(OBJECT(dev));
        dev = NULL;
    }
    if (chr) {
        chardev_free(chr);
        chr = NULL;
    }
    if (peer >= 0) {
        close(peer);
        peer = -1;
    }
    vt_guest_cleanup(&guest);
    bql_unlock();
}

static void start(VTQueue *q0, VTQueue *q1)
{
    ck_assert(vt_negotiate(&guest, VIRTIO_BIT(VIRTIO_F_VERSION_1)));
    vt_queue_setup(&guest, q0, 0, 16, Q_BASE);
    if (q1) {
        vt_queue_setup(&guest, q1, 1, 16, Q1_BASE);
    }
    vt_driver_ok(&guest);
}

START_TEST(test_rng_fills)
{
    VTQueue q;
    VTBuf a[1] = { { DATA, 64, true } };
    VTBuf b[2] = { { DATA + 0x100, 16, true }, { DATA + 0x200, 16, true } };
    uint8_t buf[64], zero[64] = { 0 };
    uint32_t id, len;

    ck_assert_uint_eq(vt_readl(&guest, VIRTIO_MMIO_DEVICE_ID), 4);
    start(&q, NULL);
    vt_publish(&guest, &q, vt_add_chain(&guest, &q, a, 1));
    vt_publish(&guest, &q, vt_add_chain(&guest, &q, b, 2));
    vt_kick(&guest, &q);
    ck_assert(vt_wait_used(&guest, &q));
    ck_assert(vt_get_used(&guest, &q, &id, &len));
    ck_assert_uint_eq(len, 64);
    ck_assert(vt_get_used(&guest, &q, &id, &len));
    ck_assert_uint_eq(len, 32);
    vt_memread(&guest, DATA, buf, 64);
    ck_assert_int_ne(memcmp(buf, zero, 64), 0);     /* 2^-512 to fail */
    vt_memread(&guest, DATA + 0x200, buf, 16);
    ck_assert_int_ne(memcmp(buf, zero, 16), 0);
    ck_assert_int_eq(guest.irq_level[0], 1);
}
END_TEST

START_TEST(test_rng_readable_buffer)
{
    VTQueue q;
    VTBuf a[1] = { { DATA, 64, false } };
    uint8_t buf[64] = { 0 };
    uint32_t id, len;

    start(&q, NULL);
    vt_memwrite(&guest, DATA, buf, sizeof(buf));
    vt_publish(&guest, &q, vt_add_chain(&guest, &q, a, 1));
    vt_kick(&guest, &q);
    ck_assert(vt_wait_used(&guest, &q));
    ck_assert(vt_get_used(&guest, &q, &id, &len));
    ck_assert_uint_eq(len, 0);
    vt_memread(&guest, DATA, buf, sizeof(buf));
    ck_assert_uint_eq(buf[0] | buf[31] | buf[63], 0);
}
END_TEST

START_TEST(test_console_needs_chardev)
{
    GError *err = NULL;

    object_unparent(OBJECT(dev));
    dev = make_dev("virtio-console-device", "nosuch", &err);
    ck_assert_ptr_null(dev);
    ck_assert_ptr_nonnull(strstr(err->message, "no chardev with id "
                                 "'nosuch'"));
    g_error_free(err);
    /* Without a chardev it still works, output goes nowhere. */
    dev = make_dev("virtio-console-device", NULL, NULL);
    ck_assert_ptr_nonnull(dev);
}
END_TEST

START_TEST(test_console_config)
{
    ck_assert_uint_eq(vt_readl(&guest, VIRTIO_MMIO_DEVICE_ID), 3);
    ck_assert_uint_eq(vt_read_config(&guest, 4, 4), 1);     /* max ports */
}
END_TEST

static bool peer_readable(void *opaque)
{
    struct pollfd p = { .fd = peer, .events = POLLIN };

    return poll(&p, 1, 0) == 1;
}

START_TEST(test_console_output)
{
    VTQueue rx, tx;
    VTBuf out[2] = { { DATA, 6, false }, { DATA + 0x100, 7, false } };
    char got[32] = { 0 };
    size_t have = 0;
    uint32_t id, len;

    start(&rx, &tx);
    vt_memwrite(&guest, DATA, "hello ", 6);
    vt_memwrite(&guest, DATA + 0x100, "console", 7);
    vt_publish(&guest, &tx, vt_add_chain(&guest, &tx, out, 2));
    vt_kick(&guest, &tx);
    ck_assert(vt_wait_used(&guest, &tx));
    ck_assert(vt_get_used(&guest, &tx, &id, &len));
    ck_assert_uint_eq(len, 0);
    while (have < 13) {
        ssize_t n;
        ck_assert(vt_pump_until(peer_readable, NULL));
        n = read(peer, got + have, sizeof(got) - 1 - have);
        ck_assert_int_gt(n, 0);
        have += n;
    }
    ck_assert_str_eq(got, "hello console");
}
END_TEST

START_TEST(test_console_input)
{
    VTQueue rx, tx;
    VTBuf in[1] = { { DATA, 32, true } };
    char got[33] = { 0 };
    uint32_t id, len;

    start(&rx, &tx);
    /* Input before any buffer waits in the socket (flow control). */
    ck_assert_int_eq(write(peer, "ping", 4), 4);
    vt_pump();
    ck_assert_uint_eq(vt_lduw(&guest, rx.used + 2), 0);
    vt_publish(&guest, &rx, vt_add_chain(&guest, &rx, in, 1));
    vt_kick(&guest, &rx);
    ck_assert(vt_wait_used(&guest, &rx));
    ck_assert(vt_get_used(&guest, &rx, &id, &len));
    ck_assert_uint_eq(len, 4);
    vt_memread(&guest, DATA, got, len);
    ck_assert_str_eq(got, "ping");
    ck_assert_int_eq(guest.irq_level[0], 1);
    /* A round trip: echo it back out through the transmit queue. */
    {
        VTBuf out[1] = { { DATA, 4, false } };
        char echo[5] = { 0 };
        vt_publish(&guest, &tx, vt_add_chain(&guest, &tx, out, 1));
        vt_kick(&guest, &tx);
        ck_assert(vt_pump_until(peer_readable, NULL));
        ck_assert_int_eq(read(peer, echo, 4), 4);
        ck_assert_str_eq(echo, "ping");
    }
}
END_TEST

START_TEST(test_console_emergency_write)
{
    uint32_t c = GUINT32_TO_LE('!');
    char got = 0;

    ck_assert(vt_negotiate(&guest, VIRTIO_BIT(VIRTIO_F_VERSION_1) |
                           VIRTIO_BIT(2)));
    address_space_write(&guest.as, VT_MMIO_BASE + VIRTIO_MMIO_CONFIG + 8,
                        MEMTXATTRS_UNSPECIFIED, &c, 4);
    ck_assert(vt_pump_until(peer_readable, NULL));
    ck_assert_int_eq(read(peer, &got, 1), 1);
    ck_assert_int_eq(got, '!');
}
END_TEST

START_TEST(test_console_reset_drops_buffers)
{
    VTQueue rx, tx;
    VTBuf in[1] = { { DATA, 32, true } };

    start(&rx, &tx);
    vt_publish(&guest, &rx, vt_add_chain(&guest, &rx, in, 1));
    vt_kick(&guest, &rx);
    vt_pump();
    /* The device holds the buffer for input; reset must let it go. */
    vt_writel(&guest, VIRTIO_MMIO_STATUS, 0);
    ck_assert_int_eq(write(peer, "late", 4), 4);
    vt_pump();
    ck_assert_uint_eq(vt_lduw(&guest, rx.used + 2), 0);
    /* After restarting, the waiting input arrives. */
    start(&rx, &tx);
    vt_publish(&guest, &rx, vt_add_chain(&guest, &rx, in, 1));
    vt_kick(&guest, &rx);
    ck_assert(vt_wait_used(&guest, &rx));
}
END_TEST

/* A receive buffer the device cannot write to is a broken driver. */
START_TEST(test_console_readonly_rx_buffer)
{
    VTQueue rx, tx;
    VTBuf ro[1] = { { DATA, 32, false } };
    VTBuf in[1] = { { DATA, 32, true } };
    uint32_t id, len;

    start(&rx, &tx);
    vt_publish(&guest, &rx, vt_add_chain(&guest, &rx, ro, 1));
    vt_kick(&guest, &rx);
    ck_assert_int_eq(write(peer, "lost", 4), 4);
    vt_pump();
    ck_assert(vt_readl(&guest, VIRTIO_MMIO_STATUS) &
              VIRTIO_CONFIG_S_NEEDS_RESET);
    ck_assert_uint_eq(vt_lduw(&guest, rx.used + 2), 0);
    /* After a reset the input waiting in the socket arrives. */
    start(&rx, &tx);
    vt_publish(&guest, &rx, vt_add_chain(&guest, &rx, in, 1));
    vt_kick(&guest, &rx);
    ck_assert(vt_wait_used(&guest, &rx));
    ck_assert(vt_get_used(&guest, &rx, &id, &len));
    ck_assert_uint_eq(len, 4);
}
END_TEST

static Suite *virtio_devices_suite(void)
{
    Suite *s = suite_create("virtio-devices");
    TCase *rng = tcase_create("rng");
    TCase *con = tcase_create("console");

    tcase_add_checked_fixture(rng, setup_rng, teardown);
    tcase_add_test(rng, test_rng_fills);
    tcase_add_test(rng, test_rng_readable_buffer);
    suite_add_tcase(s, rng);

    tcase_add_checked_fixture(con, setup_console, teardown);
    tcase_add_test(con, test_console_needs_chardev);
    tcase_add_test(con, test_console_config);
    tcase_add_test(con, test_console_output);
    tcase_add_test(con, test_console_input);
    tcase_add_test(con, test_console_emergency_write);
    tcase_add_test(con, test_console_reset_drops_buffers);
    tcase_add_test(con, test_console_readonly_rx_buffer);
    suite_add_tcase(s, con);
    return s;
}

VIREO_CHECK_MAIN(virtio_devices_suite)
