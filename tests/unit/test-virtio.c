/*
 * The virtio core and the virtio-mmio transport, driven as a guest driver
 * would: registers, feature negotiation, status and reset, split rings
 * with direct and indirect chains, notification suppression with and
 * without event index, malformed chains that must end in NEEDS_RESET,
 * buffers outside RAM, the slot registry, ioeventfd kicks and VMState.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-check.h"
#include "virtio-test-driver.h"
#include "hw/core/qdev-properties.h"
#include "util/error.h"
#include "util/log.h"
#include "util/main-loop.h"

#include <string.h>
#include <unistd.h>

/*
 * A device for the tests: queue 0 copies each request's readable bytes,
 * each XOR 0xff, into its writable buffers; 8 bytes of config.
 */
#define TYPE_VIRTIO_TEST "virtio-test-device"
#define VIRTIO_TEST_ID 42
#define VIRTIO_TEST_F_X 5

typedef struct VirtIOTest {
    VirtIODevice parent_obj;
    unsigned handled;
    unsigned resets;
    unsigned depth, max_depth;
    uint32_t cfg_written;
} VirtIOTest;

static void test_dev_handle(VirtIODevice *vdev, VirtQueue *vq)
{
    VirtIOTest *t = (VirtIOTest *)vdev;
    VirtQueueElement *elem;

    t->depth++;
    t->max_depth = MAX(t->max_depth, t->depth);
    while ((elem = virtqueue_pop(vq))) {
        g_autofree uint8_t *buf = g_malloc0(elem->out_len + 1);
        size_t n = iov_to_buf(elem->out_sg, elem->out_num, 0, buf,
                              elem->out_len);
        for (size_t i = 0; i < n; i++) {
            buf[i] ^= 0xff;
        }
        n = iov_from_buf(elem->in_sg, elem->in_num, 0, buf, n);
        virtqueue_push(vq, elem, n);
        g_free(elem);
        t->handled++;
    }
    virtio_notify(vdev, vq);
    t->depth--;
}

static uint64_t test_dev_features(VirtIODevice *vdev)
{
    return VIRTIO_BIT(VIRTIO_TEST_F_X);
}

static void test_dev_get_config(VirtIODevice *vdev, uint8_t *config)
{
    config[0] = 0x11;
    config[1] = 0x22;
    config[2] = 0x33;
    config[3] = 0x44;
}

static void test_dev_set_config(VirtIODevice *vdev, const uint8_t *config)
{
    VirtIOTest *t = (VirtIOTest *)vdev;

    memcpy(&t->cfg_written, config + 4, 4);
}

static void test_dev_reset(VirtIODevice *vdev)
{
    ((VirtIOTest *)vdev)->resets++;
}

static bool test_dev_realize(DeviceState *dev, GError **errp)
{
    VirtIODevice *vdev = VIRTIO_DEVICE(dev);

    virtio_init(vdev, VIRTIO_TEST_ID, 8);
    virtio_add_queue(vdev, 16, test_dev_handle);
    virtio_add_queue(vdev, 8, test_dev_handle);
    return true;
}

static void test_dev_class_init(ObjectClass *oc, const void *data)
{
    VirtioDeviceClass *vdc = VIRTIO_DEVICE_CLASS(oc);

    vdc->realize = test_dev_realize;
    vdc->get_features = test_dev_features;
    vdc->get_config = test_dev_get_config;
    vdc->set_config = test_dev_set_config;
    vdc->reset = test_dev_reset;
}

static const TypeInfo test_types[] = {
    {
        .name = TYPE_VIRTIO_TEST,
        .parent = TYPE_VIRTIO_DEVICE,
        .instance_size = sizeof(VirtIOTest),
        .class_init = test_dev_class_init,
    },
};

DEFINE_TYPES(test_types)

#define FEATURES_MODERN (VIRTIO_BIT(VIRTIO_F_VERSION_1))
#define Q0_BASE 0x1000
#define DATA 0x10000
#define TABLE 0x8000

static VTGuest guest;
static VirtIOTest *tdev;

static VirtIOTest *plug_test_device(GError **errp)
{
    DeviceState *dev = DEVICE(object_new(TYPE_VIRTIO_TEST));

    if (!qdev_realize(dev, errp)) {
        object_unref(OBJECT(dev));
        return NULL;
    }
    object_unref(OBJECT(dev));
    return (VirtIOTest *)dev;
}

static void setup_n(unsigned n, bool ioeventfd)
{
    bql_lock();
    vt_guest_init(&guest, n, ioeventfd);
    tdev = plug_test_device(NULL);
    ck_assert_ptr_nonnull(tdev);
}

static void setup(void)
{
    setup_n(1, false);
}

static void teardown(void)
{
    if (tdev) {
        object_unparent(OBJECT(tdev));
        tdev = NULL;
    }
    vt_guest_cleanup(&guest);
    bql_unlock();
}

/* Negotiate, set up queue 0 with 16 entries, DRIVER_OK. */
static void start(VTQueue *q, uint64_t features)
{
    ck_assert(vt_negotiate(&guest, features));
    vt_queue_setup(&guest, q, 0, 16, Q0_BASE);
    vt_driver_ok(&guest);
}

/* Send "out" bytes, expect them back inverted in a writable buffer. */
static void round_trip(VTQueue *q, const char *msg)
{
    size_t len = strlen(msg);
    VTBuf bufs[2] = {
        { DATA, len, false },
        { DATA + 0x100, 64, true },
    };
    uint8_t back[64];
    uint32_t id, used_len;
    unsigned head;

    vt_memwrite(&guest, DATA, msg, len);
    head = vt_add_chain(&guest, q, bufs, 2);
    vt_publish(&guest, q, head);
    vt_kick(&guest, q);
    ck_assert(vt_wait_used(&guest, q));
    ck_assert(vt_get_used(&guest, q, &id, &used_len));
    ck_assert_uint_eq(id, head);
    ck_assert_uint_eq(used_len, len);
    vt_memread(&guest, DATA + 0x100, back, len);
    for (size_t i = 0; i < len; i++) {
        ck_assert_uint_eq(back[i], (uint8_t)~msg[i]);
    }
}

START_TEST(test_mmio_identity)
{
    ck_assert_uint_eq(vt_readl(&guest, VIRTIO_MMIO_MAGIC_VALUE), 0x74726976);
    ck_assert_uint_eq(vt_readl(&guest, VIRTIO_MMIO_VERSION), 2);
    ck_assert_uint_eq(vt_readl(&guest, VIRTIO_MMIO_DEVICE_ID),
                      VIRTIO_TEST_ID);
    ck_assert_uint_eq(vt_readl(&guest, VIRTIO_MMIO_VENDOR_ID),
                      VIRTIO_MMIO_VENDOR);
    ck_assert_uint_eq(vt_readl(&guest, VIRTIO_MMIO_STATUS), 0);
    vt_writel(&guest, VIRTIO_MMIO_QUEUE_SEL, 0);
    ck_assert_uint_eq(vt_readl(&guest, VIRTIO_MMIO_QUEUE_NUM_MAX), 16);
    vt_writel(&guest, VIRTIO_MMIO_QUEUE_SEL, 1);
    ck_assert_uint_eq(vt_readl(&guest, VIRTIO_MMIO_QUEUE_NUM_MAX), 8);
    vt_writel(&guest, VIRTIO_MMIO_QUEUE_SEL, 2);
    ck_assert_uint_eq(vt_readl(&guest, VIRTIO_MMIO_QUEUE_NUM_MAX), 0);
    /* A write-only register reads 0; the magic ignores writes. */
    ck_assert_uint_eq(vt_readl(&guest, VIRTIO_MMIO_QUEUE_NOTIFY), 0);
    vt_writel(&guest, VIRTIO_MMIO_MAGIC_VALUE, 0);
    ck_assert_uint_eq(vt_readl(&guest, VIRTIO_MMIO_MAGIC_VALUE), 0x74726976);
}
END_TEST

START_TEST(test_mmio_access_sizes)
{
    uint16_t v16 = 0;
    uint8_t v8 = 0;
    hwaddr base = VT_MMIO_BASE;

    /* Registers take only aligned 32-bit accesses. */
    ck_assert_int_ne(address_space_read(&guest.as, base, MEMTXATTRS_UNSPECIFIED,
                                        &v16, 2), MEMTX_OK);
    ck_assert_int_ne(address_space_read(&guest.as, base + 1,
                                        MEMTXATTRS_UNSPECIFIED, &v8, 1),
                     MEMTX_OK);
    /* Config space: bytes and halves too. */
    ck_assert_uint_eq(vt_read_config(&guest, 0, 1), 0x11);
    ck_assert_uint_eq(vt_read_config(&guest, 2, 2), 0x4433);
    ck_assert_uint_eq(vt_read_config(&guest, 0, 4), 0x44332211);
    /* Past the 8 bytes the device has: reads 0. */
    ck_assert_uint_eq(vt_read_config(&guest, 8, 4), 0);
    ck_assert_uint_eq(vt_read_config(&guest, 6, 4), 0);
}
END_TEST

START_TEST(test_empty_transport)
{
    object_unparent(OBJECT(tdev));
    tdev = NULL;
    ck_assert_uint_eq(vt_readl(&guest, VIRTIO_MMIO_MAGIC_VALUE), 0x74726976);
    ck_assert_uint_eq(vt_readl(&guest, VIRTIO_MMIO_DEVICE_ID), 0);
    ck_assert_uint_eq(vt_readl(&guest, VIRTIO_MMIO_DEVICE_FEATURES), 0);
    vt_writel(&guest, VIRTIO_MMIO_STATUS, 1);      /* logged, ignored */
    ck_assert_uint_eq(vt_readl(&guest, VIRTIO_MMIO_STATUS), 0);
    /* The slot is free again. */
    tdev = plug_test_device(NULL);
    ck_assert_ptr_nonnull(tdev);
    ck_assert_uint_eq(vt_readl(&guest, VIRTIO_MMIO_DEVICE_ID),
                      VIRTIO_TEST_ID);
}
END_TEST

START_TEST(test_no_free_slot)
{
    GError *err = NULL;

    ck_assert_ptr_null(plug_test_device(&err));
    ck_assert_ptr_nonnull(err);
    ck_assert_ptr_nonnull(strstr(err->message, "no free virtio-mmio slot"));
    g_error_free(err);
}
END_TEST

START_TEST(test_slots_in_order)
{
    VirtIOTest *second;

    teardown();
    setup_n(3, false);
    second = plug_test_device(NULL);
    ck_assert_ptr_nonnull(second);
    ck_assert_ptr_eq(virtio_mmio_get_vdev(guest.mmio[0]), tdev);
    ck_assert_ptr_eq(virtio_mmio_get_vdev(guest.mmio[1]), second);
    ck_assert_ptr_null(virtio_mmio_get_vdev(guest.mmio[2]));
    guest.cur = 2;
    ck_assert_uint_eq(vt_readl(&guest, VIRTIO_MMIO_DEVICE_ID), 0);
    guest.cur = 0;
    object_unparent(OBJECT(second));
    ck_assert_ptr_null(virtio_mmio_get_vdev(guest.mmio[1]));
}
END_TEST

START_TEST(test_board_helper)
{
    DeviceState *extra = virtio_mmio_create(&guest.root, 0x30000000, NULL,
                                            NULL);
    VirtIOTest *second;
    uint32_t magic = 0, id = 0;

    ck_assert_ptr_nonnull(extra);
    address_space_read(&guest.as, 0x30000000, MEMTXATTRS_UNSPECIFIED,
                       &magic, 4);
    ck_assert_uint_eq(magic, VIRTIO_MMIO_MAGIC);
    second = plug_test_device(NULL);
    ck_assert_ptr_eq(virtio_mmio_get_vdev(extra), second);
    address_space_read(&guest.as, 0x30000000 + VIRTIO_MMIO_DEVICE_ID,
                       MEMTXATTRS_UNSPECIFIED, &id, 4);
    ck_assert_uint_eq(id, VIRTIO_TEST_ID);
    object_unparent(OBJECT(second));
    memory_region_del_subregion(&guest.root, virtio_mmio_get_region(extra));
    object_unparent(OBJECT(extra));
}
END_TEST

START_TEST(test_features_offered)
{
    uint32_t lo, hi;

    vt_writel(&guest, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
    lo = vt_readl(&guest, VIRTIO_MMIO_DEVICE_FEATURES);
    vt_writel(&guest, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
    hi = vt_readl(&guest, VIRTIO_MMIO_DEVICE_FEATURES);
    ck_assert(lo & (1u << VIRTIO_TEST_F_X));
    ck_assert(lo & (1u << VIRTIO_RING_F_INDIRECT_DESC));
    ck_assert(lo & (1u << VIRTIO_RING_F_EVENT_IDX));
    ck_assert(hi & (1u << (VIRTIO_F_VERSION_1 - 32)));
    vt_writel(&guest, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 2);
    ck_assert_uint_eq(vt_readl(&guest, VIRTIO_MMIO_DEVICE_FEATURES), 0);
}
END_TEST

START_TEST(test_features_accepted)
{
    VirtIODevice *vdev = VIRTIO_DEVICE(tdev);

    ck_assert(vt_negotiate(&guest, FEATURES_MODERN |
                           VIRTIO_BIT(VIRTIO_TEST_F_X)));
    ck_assert(virtio_has_feature(vdev, VIRTIO_TEST_F_X));
    ck_assert(!virtio_has_feature(vdev, VIRTIO_RING_F_EVENT_IDX));
    /* Once FEATURES_OK is set the features are frozen. */
    vt_writel(&guest, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
    vt_writel(&guest, VIRTIO_MMIO_DRIVER_FEATURES, 0);
    ck_assert(virtio_has_feature(vdev, VIRTIO_TEST_F_X));
}
END_TEST

START_TEST(test_features_need_version_1)
{
    ck_assert(!vt_negotiate(&guest, VIRTIO_BIT(VIRTIO_TEST_F_X)));
    ck_assert_uint_eq(vt_readl(&guest, VIRTIO_MMIO_STATUS),
                      VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER);
}
END_TEST

START_TEST(test_features_not_offered)
{
    ck_assert(!vt_negotiate(&guest, FEATURES_MODERN | VIRTIO_BIT(7)));
    ck_assert(!vt_negotiate(&guest, FEATURES_MODERN |
                            VIRTIO_BIT(VIRTIO_F_ACCESS_PLATFORM)));
    /* A good set after a refusal is still accepted. */
    ck_assert(vt_negotiate(&guest, FEATURES_MODERN));
}
END_TEST

START_TEST(test_simple_request)
{
    VTQueue q;

    start(&q, FEATURES_MODERN);
    ck_assert_int_eq(guest.irq_level[0], 0);
    round_trip(&q, "hello, virtio");
    ck_assert_int_eq(guest.irq_level[0], 1);
    ck_assert_uint_eq(vt_readl(&guest, VIRTIO_MMIO_INTERRUPT_STATUS),
                      VIRTIO_ISR_QUEUE);
    vt_writel(&guest, VIRTIO_MMIO_INTERRUPT_ACK, VIRTIO_ISR_QUEUE);
    ck_assert_int_eq(guest.irq_level[0], 0);
    ck_assert_uint_eq(vt_readl(&guest, VIRTIO_MMIO_INTERRUPT_STATUS), 0);
    round_trip(&q, "second");
    ck_assert_uint_eq(tdev->handled, 2);
    ck_assert_int_eq(guest.irq_raises[0], 2);
}
END_TEST

START_TEST(test_many_requests_wrap)
{
    VTQueue q;

    start(&q, FEATURES_MODERN);
    /* More than the ring holds: indexes wrap, entries are reused. */
    for (int i = 0; i < 40; i++) {
        g_autofree char *msg = g_strdup_printf("request %d", i);
        round_trip(&q, msg);
    }
    ck_assert_uint_eq(tdev->handled, 40);
}
END_TEST

START_TEST(test_scattered_buffers)
{
    VTQueue q;
    VTBuf bufs[5] = {
        { DATA, 3, false }, { DATA + 0x40, 0, false },
        { DATA + 0x80, 4, false },
        { DATA + 0x200, 2, true }, { DATA + 0x300, 10, true },
    };
    uint8_t a[2], b[10];
    uint32_t id, len;

    start(&q, FEATURES_MODERN);
    vt_memwrite(&guest, DATA, "abc", 3);
    vt_memwrite(&guest, DATA + 0x80, "defg", 4);
    vt_publish(&guest, &q, vt_add_chain(&guest, &q, bufs, 5));
    vt_kick(&guest, &q);
    ck_assert(vt_wait_used(&guest, &q));
    ck_assert(vt_get_used(&guest, &q, &id, &len));
    ck_assert_uint_eq(len, 7);
    vt_memread(&guest, DATA + 0x200, a, 2);
    vt_memread(&guest, DATA + 0x300, b, 5);
    ck_assert_uint_eq(a[0], (uint8_t)~'a');
    ck_assert_uint_eq(a[1], (uint8_t)~'b');
    ck_assert_uint_eq(b[0], (uint8_t)~'c');
    ck_assert_uint_eq(b[4], (uint8_t)~'g');
}
END_TEST

START_TEST(test_indirect)
{
    VTQueue q;
    VTBuf bufs[3] = {
        { DATA, 2, false }, { DATA + 0x10, 2, false },
        { DATA + 0x100, 8, true },
    };
    uint8_t back[4];
    uint32_t id, len;
    unsigned head;

    start(&q, FEATURES_MODERN | VIRTIO_BIT(VIRTIO_RING_F_INDIRECT_DESC));
    vt_memwrite(&guest, DATA, "xy", 2);
    vt_memwrite(&guest, DATA + 0x10, "zw", 2);
    head = vt_add_indirect(&guest, &q, TABLE, bufs, 3);
    vt_publish(&guest, &q, head);
    vt_kick(&guest, &q);
    ck_assert(vt_wait_used(&guest, &q));
    ck_assert(vt_get_used(&guest, &q, &id, &len));
    ck_assert_uint_eq(id, head);
    ck_assert_uint_eq(len, 4);
    vt_memread(&guest, DATA + 0x100, back, 4);
    ck_assert_uint_eq(back[0], (uint8_t)~'x');
    ck_assert_uint_eq(back[3], (uint8_t)~'w');
    ck_assert_uint_eq(vt_readl(&guest, VIRTIO_MMIO_STATUS) &
                      VIRTIO_CONFIG_S_NEEDS_RESET, 0);
}
END_TEST

START_TEST(test_indirect_not_negotiated)
{
    VTQueue q;
    VTBuf bufs[1] = { { DATA + 0x100, 8, true } };

    start(&q, FEATURES_MODERN);
    vt_publish(&guest, &q, vt_add_indirect(&guest, &q, TABLE, bufs, 1));
    vt_kick(&guest, &q);
    ck_assert(vt_readl(&guest, VIRTIO_MMIO_STATUS) &
              VIRTIO_CONFIG_S_NEEDS_RESET);
}
END_TEST

START_TEST(test_event_idx)
{
    VTQueue q;

    start(&q, FEATURES_MODERN | VIRTIO_BIT(VIRTIO_RING_F_EVENT_IDX));
    /* First completion always interrupts (nothing signalled yet). */
    vt_stw(&guest, q.avail + 4 + 2 * q.num, 0);
    round_trip(&q, "one");
    ck_assert_int_eq(guest.irq_raises[0], 1);
    /* The device asks for a kick at the next entry (avail_event). */
    ck_assert_uint_eq(vt_lduw(&guest, q.used + 4 + 8 * q.num), 1);
    vt_writel(&guest, VIRTIO_MMIO_INTERRUPT_ACK, VIRTIO_ISR_QUEUE);
    /* used_event = 5: completions 2..5 stay quiet. */
    vt_stw(&guest, q.avail + 4 + 2 * q.num, 5);
    for (int i = 0; i < 4; i++) {
        round_trip(&q, "quiet");
    }
    ck_assert_int_eq(guest.irq_raises[0], 1);
    ck_assert_int_eq(guest.irq_level[0], 0);
    /* The one that moves used idx past 5 interrupts. */
    round_trip(&q, "loud");
    ck_assert_int_eq(guest.irq_raises[0], 2);
    ck_assert_uint_eq(vt_lduw(&guest, q.used + 4 + 8 * q.num), 6);
}
END_TEST

START_TEST(test_no_interrupt_flag)
{
    VTQueue q;

    start(&q, FEATURES_MODERN);
    vt_stw(&guest, q.avail, VRING_AVAIL_F_NO_INTERRUPT);
    round_trip(&q, "shh");
    ck_assert_int_eq(guest.irq_raises[0], 0);
    vt_stw(&guest, q.avail, 0);
    round_trip(&q, "now");
    ck_assert_int_eq(guest.irq_raises[0], 1);
}
END_TEST

START_TEST(test_used_no_notify)
{
    VTQueue q;
    VirtQueue *vq;

    start(&q, FEATURES_MODERN);
    vq = virtio_get_queue(VIRTIO_DEVICE(tdev), 0);
    virtio_queue_set_notification(vq, false);
    ck_assert_uint_eq(vt_lduw(&guest, q.used), VRING_USED_F_NO_NOTIFY);
    virtio_queue_set_notification(vq, true);
    ck_assert_uint_eq(vt_lduw(&guest, q.used), 0);
}
END_TEST

START_TEST(test_reset)
{
    VTQueue q;
    VirtIODevice *vdev = VIRTIO_DEVICE(tdev);
    unsigned resets;

    start(&q, FEATURES_MODERN | VIRTIO_BIT(VIRTIO_TEST_F_X));
    round_trip(&q, "before");
    resets = tdev->resets;
    ck_assert_int_eq(guest.irq_level[0], 1);
    vt_writel(&guest, VIRTIO_MMIO_STATUS, 0);
    ck_assert_uint_eq(tdev->resets, resets + 1);
    ck_assert_uint_eq(vt_readl(&guest, VIRTIO_MMIO_STATUS), 0);
    ck_assert_uint_eq(vt_readl(&guest, VIRTIO_MMIO_INTERRUPT_STATUS), 0);
    ck_assert_int_eq(guest.irq_level[0], 0);
    ck_assert_uint_eq(vdev->guest_features, 0);
    vt_writel(&guest, VIRTIO_MMIO_QUEUE_SEL, 0);
    ck_assert_uint_eq(vt_readl(&guest, VIRTIO_MMIO_QUEUE_READY), 0);
    ck_assert_uint_eq(vt_readl(&guest, VIRTIO_MMIO_QUEUE_NUM_MAX), 16);
    ck_assert_uint_eq(vdev->vq[0].desc, 0);
    /* A kick on the reset queue does nothing. */
    vt_kick(&guest, &q);
    ck_assert_uint_eq(tdev->handled, 1);
    /* And the device starts over cleanly. */
    start(&q, FEATURES_MODERN);
    round_trip(&q, "after");
    ck_assert_uint_eq(tdev->handled, 2);
    /* A machine reset (qdev) does the same. */
    device_reset(guest.mmio[0]);
    ck_assert_uint_eq(vt_readl(&guest, VIRTIO_MMIO_STATUS), 0);
}
END_TEST

START_TEST(test_queue_registers)
{
    VTQueue q;
    VirtIODevice *vdev = VIRTIO_DEVICE(tdev);

    /* Above max 8, zero, not a power of 2: refused, NEEDS_RESET. */
    static const uint32_t bad[] = { 16, 0, 3 };

    for (unsigned i = 0; i < G_N_ELEMENTS(bad); i++) {
        ck_assert(vt_negotiate(&guest, FEATURES_MODERN));
        vt_writel(&guest, VIRTIO_MMIO_QUEUE_SEL, 1);
        vt_writel(&guest, VIRTIO_MMIO_QUEUE_NUM, bad[i]);
        ck_assert_uint_eq(vdev->vq[1].num, 8);
        ck_assert(vt_readl(&guest, VIRTIO_MMIO_STATUS) &
                  VIRTIO_CONFIG_S_NEEDS_RESET);
    }
    ck_assert(vt_negotiate(&guest, FEATURES_MODERN));
    ck_assert(!(vt_readl(&guest, VIRTIO_MMIO_STATUS) &
                VIRTIO_CONFIG_S_NEEDS_RESET));
    vt_writel(&guest, VIRTIO_MMIO_QUEUE_SEL, 1);
    vt_writel(&guest, VIRTIO_MMIO_QUEUE_NUM, 4);
    ck_assert_uint_eq(vdev->vq[1].num, 4);
    vt_writel(&guest, VIRTIO_MMIO_QUEUE_DESC_LOW, 0x12345000);
    vt_writel(&guest, VIRTIO_MMIO_QUEUE_DESC_HIGH, 0x1);
    ck_assert_uint_eq(vdev->vq[1].desc, UINT64_C(0x112345000));
    vt_queue_setup(&guest, &q, 0, 8, Q0_BASE);
    /* Changes while ready are refused. */
    vt_writel(&guest, VIRTIO_MMIO_QUEUE_DESC_LOW, 0x5000);
    ck_assert_uint_eq(vdev->vq[0].desc, Q0_BASE);
    /* Missing queues: writes and kicks are logged, nothing else. */
    vt_writel(&guest, VIRTIO_MMIO_QUEUE_SEL, 7);
    vt_writel(&guest, VIRTIO_MMIO_QUEUE_READY, 1);
    vt_writel(&guest, VIRTIO_MMIO_QUEUE_NOTIFY, 7);
    vt_writel(&guest, VIRTIO_MMIO_QUEUE_NOTIFY, 1000);
    ck_assert_uint_eq(vt_readl(&guest, VIRTIO_MMIO_QUEUE_READY), 0);
    vt_driver_ok(&guest);
    round_trip(&q, "8-entry ring");
}
END_TEST

START_TEST(test_config_generation)
{
    VirtIODevice *vdev = VIRTIO_DEVICE(tdev);
    VTQueue q;
    uint32_t gen = vt_readl(&guest, VIRTIO_MMIO_CONFIG_GENERATION);
    uint32_t v = GUINT32_TO_LE(0xcafef00d);

    start(&q, FEATURES_MODERN);
    virtio_notify_config(vdev);
    ck_assert_uint_ne(vt_readl(&guest, VIRTIO_MMIO_CONFIG_GENERATION), gen);
    ck_assert_uint_eq(vt_readl(&guest, VIRTIO_MMIO_INTERRUPT_STATUS),
                      VIRTIO_ISR_CONFIG);
    ck_assert_int_eq(guest.irq_level[0], 1);
    address_space_write(&guest.as, VT_MMIO_BASE + VIRTIO_MMIO_CONFIG + 4,
                        MEMTXATTRS_UNSPECIFIED, &v, 4);
    ck_assert_uint_eq(tdev->cfg_written, 0xcafef00d);
}
END_TEST

/* ---- malformed chains: NEEDS_RESET, never a crash ---- */

static void expect_needs_reset(VTQueue *q)
{
    unsigned handled = tdev->handled;

    vt_kick(&guest, q);
    vt_pump();
    ck_assert(vt_readl(&guest, VIRTIO_MMIO_STATUS) &
              VIRTIO_CONFIG_S_NEEDS_RESET);
    ck_assert(vt_readl(&guest, VIRTIO_MMIO_INTERRUPT_STATUS) &
              VIRTIO_ISR_CONFIG);
    ck_assert_int_eq(guest.irq_level[0], 1);
    ck_assert_uint_eq(tdev->handled, handled);
    ck_assert_uint_eq(vt_lduw(&guest, q->used + 2), q->last_used);
    /* Nothing more is processed until reset, even good requests. */
    {
        VTBuf good[1] = { { DATA + 0x100, 8, true } };
        vt_publish(&guest, q, vt_add_chain(&guest, q, good, 1));
        vt_kick(&guest, q);
        vt_pump();
        ck_assert_uint_eq(vt_lduw(&guest, q->used + 2), q->last_used);
        /* The status bit survives the driver's own status writes. */
        vt_driver_ok(&guest);
        ck_assert(vt_readl(&guest, VIRTIO_MMIO_STATUS) &
                  VIRTIO_CONFIG_S_NEEDS_RESET);
    }
    /* Reset brings it back. */
    start(q, FEATURES_MODERN | VIRTIO_BIT(VIRTIO_RING_F_INDIRECT_DESC));
    ck_assert_uint_eq(vt_readl(&guest, VIRTIO_MMIO_STATUS) &
                      VIRTIO_CONFIG_S_NEEDS_RESET, 0);
    round_trip(q, "recovered");
}

static void start_bad(VTQueue *q)
{
    start(q, FEATURES_MODERN | VIRTIO_BIT(VIRTIO_RING_F_INDIRECT_DESC));
}

START_TEST(test_bad_loop)
{
    VTQueue q;

    start_bad(&q);
    vt_write_desc(&guest, q.desc, 0, DATA, 4, VRING_DESC_F_NEXT, 1);
    vt_write_desc(&guest, q.desc, 1, DATA, 4, VRING_DESC_F_NEXT, 0);
    vt_publish(&guest, &q, 0);
    expect_needs_reset(&q);
}
END_TEST

START_TEST(test_bad_self_loop)
{
    VTQueue q;

    start_bad(&q);
    vt_write_desc(&guest, q.desc, 3, DATA, 4, VRING_DESC_F_NEXT, 3);
    vt_publish(&guest, &q, 3);
    expect_needs_reset(&q);
}
END_TEST

START_TEST(test_bad_next_index)
{
    VTQueue q;

    start_bad(&q);
    vt_write_desc(&guest, q.desc, 0, DATA, 4, VRING_DESC_F_NEXT, 16);
    vt_publish(&guest, &q, 0);
    expect_needs_reset(&q);
}
END_TEST

START_TEST(test_bad_head_index)
{
    VTQueue q;

    start_bad(&q);
    vt_publish(&guest, &q, 200);
    expect_needs_reset(&q);
}
END_TEST

START_TEST(test_bad_avail_idx)
{
    VTQueue q;

    start_bad(&q);
    vt_stw(&guest, q.avail + 2, 17);    /* 17 new entries in a 16 ring */
    expect_needs_reset(&q);
}
END_TEST

START_TEST(test_bad_length_overflow)
{
    VTQueue q;

    start_bad(&q);
    vt_write_desc(&guest, q.desc, 0, DATA, 0x80000000, VRING_DESC_F_NEXT, 1);
    vt_write_desc(&guest, q.desc, 1, DATA, 0x80000000, 0, 0);
    vt_publish(&guest, &q, 0);
    expect_needs_reset(&q);
}
END_TEST

START_TEST(test_bad_address_wrap)
{
    VTQueue q;

    start_bad(&q);
    vt_write_desc(&guest, q.desc, 0, UINT64_MAX - 2, 16, 0, 0);
    vt_publish(&guest, &q, 0);
    expect_needs_reset(&q);
}
END_TEST

START_TEST(test_bad_outside_ram)
{
    VTQueue q;

    start_bad(&q);
    /* Runs off the end of RAM into the hole after it. */
    vt_write_desc(&guest, q.desc, 0, VT_RAM_SIZE - 8, 64, VRING_DESC_F_WRITE,
                  0);
    vt_publish(&guest, &q, 0);
    expect_needs_reset(&q);
}
END_TEST

START_TEST(test_bad_into_mmio_registers)
{
    VTQueue q;

    start_bad(&q);
    /* A huge "buffer" over device registers: over the bounce limit. */
    vt_write_desc(&guest, q.desc, 0, VT_MMIO_BASE, 0x10000000,
                  VRING_DESC_F_WRITE, 0);
    vt_publish(&guest, &q, 0);
    expect_needs_reset(&q);
}
END_TEST

START_TEST(test_bad_indirect_in_indirect)
{
    VTQueue q;

    start_bad(&q);
    vt_write_desc(&guest, TABLE, 0, DATA, 4, VRING_DESC_F_NEXT, 1);
    vt_write_desc(&guest, TABLE, 1, TABLE + 0x100, 16, VRING_DESC_F_INDIRECT,
                  0);
    vt_write_desc(&guest, q.desc, 0, TABLE, 32, VRING_DESC_F_INDIRECT, 0);
    vt_publish(&guest, &q, 0);
    expect_needs_reset(&q);
}
END_TEST

START_TEST(test_bad_indirect_mid_chain)
{
    VTQueue q;

    start_bad(&q);
    vt_write_desc(&guest, TABLE, 0, DATA, 4, 0, 0);
    vt_write_desc(&guest, q.desc, 0, DATA, 4, VRING_DESC_F_NEXT, 1);
    vt_write_desc(&guest, q.desc, 1, TABLE, 16, VRING_DESC_F_INDIRECT, 0);
    vt_publish(&guest, &q, 0);
    expect_needs_reset(&q);
}
END_TEST

START_TEST(test_bad_indirect_and_next)
{
    VTQueue q;

    start_bad(&q);
    vt_write_desc(&guest, TABLE, 0, DATA, 4, 0, 0);
    vt_write_desc(&guest, q.desc, 0, TABLE, 16,
                  VRING_DESC_F_INDIRECT | VRING_DESC_F_NEXT, 1);
    vt_publish(&guest, &q, 0);
    expect_needs_reset(&q);
}
END_TEST

START_TEST(test_bad_indirect_size)
{
    VTQueue q;

    start_bad(&q);
    vt_write_desc(&guest, TABLE, 0, DATA, 4, 0, 0);
    vt_write_desc(&guest, q.desc, 0, TABLE, 20, VRING_DESC_F_INDIRECT, 0);
    vt_publish(&guest, &q, 0);
    expect_needs_reset(&q);
}
END_TEST

START_TEST(test_bad_indirect_loop)
{
    VTQueue q;

    start_bad(&q);
    vt_write_desc(&guest, TABLE, 0, DATA, 4, VRING_DESC_F_NEXT, 1);
    vt_write_desc(&guest, TABLE, 1, DATA, 4, VRING_DESC_F_NEXT, 0);
    vt_write_desc(&guest, q.desc, 0, TABLE, 32, VRING_DESC_F_INDIRECT, 0);
    vt_publish(&guest, &q, 0);
    expect_needs_reset(&q);
}
END_TEST

START_TEST(test_bad_indirect_table_outside)
{
    VTQueue q;

    start_bad(&q);
    vt_write_desc(&guest, q.desc, 0, 0x40000000, 64, VRING_DESC_F_INDIRECT,
                  0);
    vt_publish(&guest, &q, 0);
    expect_needs_reset(&q);
}
END_TEST

START_TEST(test_bad_order)
{
    VTQueue q;

    start_bad(&q);
    vt_write_desc(&guest, q.desc, 0, DATA, 4,
                  VRING_DESC_F_WRITE | VRING_DESC_F_NEXT, 1);
    vt_write_desc(&guest, q.desc, 1, DATA + 0x10, 4, 0, 0);
    vt_publish(&guest, &q, 0);
    expect_needs_reset(&q);
}
END_TEST

START_TEST(test_bad_ring_address)
{
    VTQueue q;

    ck_assert(vt_negotiate(&guest, FEATURES_MODERN));
    vt_writel(&guest, VIRTIO_MMIO_QUEUE_SEL, 0);
    vt_writel(&guest, VIRTIO_MMIO_QUEUE_NUM, 16);
    vt_writel(&guest, VIRTIO_MMIO_QUEUE_DESC_LOW, 0x1000);
    vt_writel(&guest, VIRTIO_MMIO_QUEUE_DRIVER_LOW, 0x0);
    vt_writel(&guest, VIRTIO_MMIO_QUEUE_DRIVER_HIGH, 0x80);  /* a hole */
    vt_writel(&guest, VIRTIO_MMIO_QUEUE_DEVICE_LOW, 0x3000);
    vt_writel(&guest, VIRTIO_MMIO_QUEUE_READY, 1);
    vt_driver_ok(&guest);
    memset(&q, 0, sizeof(q));
    q.num = 16;
    q.used = 0x3000;
    q.avail = 0x2000;
    q.desc = 0x1000;
    expect_needs_reset(&q);
}
END_TEST

START_TEST(test_error_before_driver_ok)
{
    VirtIODevice *vdev = VIRTIO_DEVICE(tdev);

    /* No interrupt before DRIVER_OK, but the status bit is set. */
    virtio_error(vdev, "test error");
    ck_assert(vt_readl(&guest, VIRTIO_MMIO_STATUS) &
              VIRTIO_CONFIG_S_NEEDS_RESET);
    ck_assert_int_eq(guest.irq_level[0], 0);
    vt_writel(&guest, VIRTIO_MMIO_STATUS, 0);
    ck_assert_uint_eq(vt_readl(&guest, VIRTIO_MMIO_STATUS), 0);
}
END_TEST

/* 2.1.2: a kick before DRIVER_OK uses no buffer; after it, it does. */
START_TEST(test_kick_before_driver_ok)
{
    VTBuf bufs[2] = { { DATA, 4, false }, { DATA + 0x100, 64, true } };
    unsigned handled = tdev->handled;
    unsigned head;
    uint32_t id, len;
    VTQueue q;

    ck_assert(vt_negotiate(&guest, FEATURES_MODERN));
    vt_queue_setup(&guest, &q, 0, 16, Q0_BASE);
    vt_memwrite(&guest, DATA, "ping", 4);
    head = vt_add_chain(&guest, &q, bufs, 2);
    vt_publish(&guest, &q, head);
    vt_kick(&guest, &q);
    vt_pump();
    ck_assert_uint_eq(tdev->handled, handled);
    ck_assert(!vt_get_used(&guest, &q, &id, &len));
    ck_assert(!(vt_readl(&guest, VIRTIO_MMIO_STATUS) &
                VIRTIO_CONFIG_S_NEEDS_RESET));
    vt_driver_ok(&guest);
    vt_kick(&guest, &q);
    ck_assert(vt_wait_used(&guest, &q));
    ck_assert(vt_get_used(&guest, &q, &id, &len));
    ck_assert_uint_eq(id, head);
    ck_assert_uint_eq(len, 4);
}
END_TEST

START_TEST(test_error_is_logged)
{
    g_autofree char *dir = g_dir_make_tmp("vireo-vlog-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "log", NULL);
    g_autofree char *text = NULL;
    VTQueue q;

    ck_assert(vireo_log_set_file(path, NULL));
    vireo_loglevel = LOG_GUEST_ERROR;
    start_bad(&q);
    vt_write_desc(&guest, q.desc, 0, DATA, 4, VRING_DESC_F_NEXT, 9);
    vt_write_desc(&guest, q.desc, 9, DATA, 4, VRING_DESC_F_NEXT, 0);
    vt_publish(&guest, &q, 0);
    vt_kick(&guest, &q);
    vireo_log_flush();
    ck_assert(g_file_get_contents(path, &text, NULL, NULL));
    ck_assert_msg(strstr(text, "virtio-test-device: queue 0: descriptor "
                         "chain from 0 loops") &&
                  strstr(text, "device needs reset"), "log: %s", text);
    vireo_loglevel = 0;
    ck_assert(vireo_log_set_file(NULL, NULL));
    unlink(path);
    rmdir(dir);
}
END_TEST

/* ---- buffers outside RAM, ioeventfd, VMState ---- */

START_TEST(test_bounce_mmio_buffers)
{
    VTQueue q;
    VTBuf bufs[2] = {
        { VT_SCRATCH, 4, false },
        { VT_SCRATCH + 0x100, 8, true },
    };
    uint32_t id, len;

    start(&q, FEATURES_MODERN);
    memcpy(guest.scratch_bytes, "mmio", 4);
    vt_publish(&guest, &q, vt_add_chain(&guest, &q, bufs, 2));
    vt_kick(&guest, &q);
    ck_assert(vt_wait_used(&guest, &q));
    ck_assert(vt_get_used(&guest, &q, &id, &len));
    ck_assert_uint_eq(len, 4);
    ck_assert_uint_eq(guest.scratch_bytes[0x100], (uint8_t)~'m');
    ck_assert_uint_eq(guest.scratch_bytes[0x103], (uint8_t)~'o');
    /* Only what was written is written back. */
    ck_assert_uint_eq(guest.scratch_bytes[0x104], 0);
}
END_TEST

START_TEST(test_kick_from_own_buffer)
{
    VTQueue q;
    /* The writable buffer is this transport's QueueNotify register. */
    VTBuf bufs[2] = {
        { DATA, 4, false },
        { VT_MMIO_BASE + VIRTIO_MMIO_QUEUE_NOTIFY, 4, true },
    };
    uint32_t id, len;

    start(&q, FEATURES_MODERN);
    vt_memwrite(&guest, DATA, "\xff\xff\xff\xff", 4);   /* ~ = queue 0 */
    vt_publish(&guest, &q, vt_add_chain(&guest, &q, bufs, 2));
    vt_kick(&guest, &q);
    ck_assert(vt_get_used(&guest, &q, &id, &len));
    ck_assert_uint_eq(len, 4);
    ck_assert_uint_eq(tdev->handled, 1);
    /* The kick from inside ran the handler again, not within itself. */
    ck_assert_uint_eq(tdev->max_depth, 1);
    round_trip(&q, "still fine");
}
END_TEST

/* What an accelerator hears of the transports' doorbells. */
static GString *doorbells;

static void doorbell_add(MemoryListener *l, hwaddr addr,
                         const MemoryRegionIoeventfd *fd)
{
    g_string_append_printf(doorbells, "+%" PRIx64 "/%u/%d/%" PRIu64 " ",
                           addr, fd->size, fd->match_data, fd->data);
}

static void doorbell_del(MemoryListener *l, hwaddr addr,
                         const MemoryRegionIoeventfd *fd)
{
    g_string_append_printf(doorbells, "-%" PRIx64 " ", addr);
}

START_TEST(test_ioeventfd)
{
    VTQueue q;
    VirtQueue *vq;
    unsigned handled;
    MemoryListener l = { .eventfd_add = doorbell_add,
                         .eventfd_del = doorbell_del };
    g_autofree char *want = NULL;

    teardown();
    setup_n(1, true);
    doorbells = g_string_new("");
    memory_listener_register(&l, &guest.as);
    start(&q, FEATURES_MODERN);
    vq = virtio_get_queue(VIRTIO_DEVICE(tdev), 0);
    ck_assert_ptr_nonnull(virtio_queue_get_host_notifier(vq));
    /* Offered at QueueNotify, 4 bytes, data = the queue index. */
    want = g_strdup_printf("+%x/4/1/0 +%x/4/1/1 ", VT_MMIO_BASE + 0x50,
                           VT_MMIO_BASE + 0x50);
    ck_assert_str_eq(doorbells->str, want);
    /* The kick only sets the eventfd; the handler runs from the loop. */
    handled = tdev->handled;
    {
        VTBuf bufs[2] = { { DATA, 3, false }, { DATA + 0x100, 8, true } };
        vt_publish(&guest, &q, vt_add_chain(&guest, &q, bufs, 2));
        vt_kick(&guest, &q);
        ck_assert_uint_eq(tdev->handled, handled);
        ck_assert(vt_wait_used(&guest, &q));
        ck_assert_uint_eq(tdev->handled, handled + 1);
        q.last_used++;
    }
    /* Signalling the eventfd directly (as KVM would) works too. */
    {
        VTBuf bufs[2] = { { DATA, 3, false }, { DATA + 0x100, 8, true } };
        vt_publish(&guest, &q, vt_add_chain(&guest, &q, bufs, 2));
        event_notifier_set(virtio_queue_get_host_notifier(vq));
        ck_assert(vt_wait_used(&guest, &q));
    }
    /* Reset turns the notifiers off and withdraws the doorbell. */
    vt_writel(&guest, VIRTIO_MMIO_STATUS, 0);
    ck_assert_ptr_null(virtio_queue_get_host_notifier(vq));
    g_free(want);
    want = g_strdup_printf("+%x/4/1/0 +%x/4/1/1 -%x -%x ",
                           VT_MMIO_BASE + 0x50, VT_MMIO_BASE + 0x50,
                           VT_MMIO_BASE + 0x50, VT_MMIO_BASE + 0x50);
    ck_assert_str_eq(doorbells->str, want);
    memory_listener_unregister(&l);
    g_string_free(doorbells, true);
}
END_TEST

START_TEST(test_vmstate_round_trip)
{
    VTQueue q;
    VirtIODevice *vdev = VIRTIO_DEVICE(tdev);
    VirtIOMMIOState *mmio = (VirtIOMMIOState *)guest.mmio[0];
    g_autoptr(GByteArray) dev_state = g_byte_array_new();
    g_autoptr(GByteArray) mmio_state = g_byte_array_new();
    GError *err = NULL;

    start(&q, FEATURES_MODERN | VIRTIO_BIT(VIRTIO_RING_F_EVENT_IDX));
    for (int i = 0; i < 3; i++) {
        round_trip(&q, "saved");
    }
    vt_writel(&guest, VIRTIO_MMIO_QUEUE_SEL, 1);
    ck_assert(vmstate_save(&vmstate_virtio_device, vdev, dev_state, NULL));
    ck_assert(vmstate_save(&vmstate_virtio_mmio, mmio, mmio_state, NULL));
    /* Power-cycle the device: everything gone. */
    device_reset(guest.mmio[0]);
    ck_assert_uint_eq(vdev->vq[0].used_idx, 0);
    ck_assert_uint_eq(mmio->queue_sel, 0);
    ck_assert(vmstate_load(&vmstate_virtio_device, vdev, dev_state->data,
                           dev_state->len, VMSTATE_VERSION_FROM_STREAM,
                           &err));
    ck_assert(vmstate_load(&vmstate_virtio_mmio, mmio, mmio_state->data,
                           mmio_state->len, VMSTATE_VERSION_FROM_STREAM,
                           &err));
    ck_assert_uint_eq(mmio->queue_sel, 1);
    ck_assert_uint_eq(vt_readl(&guest, VIRTIO_MMIO_STATUS) &
                      VIRTIO_CONFIG_S_DRIVER_OK, VIRTIO_CONFIG_S_DRIVER_OK);
    ck_assert(virtio_has_feature(vdev, VIRTIO_RING_F_EVENT_IDX));
    /* The ring carries on where it was. */
    ck_assert_uint_eq(vdev->vq[0].used_idx, 3);
    round_trip(&q, "restored");
    ck_assert_uint_eq(vt_lduw(&guest, q.used + 2), 4);
}
END_TEST

START_TEST(test_vmstate_rejects_bad_queue)
{
    VirtIODevice *vdev = VIRTIO_DEVICE(tdev);
    g_autoptr(GByteArray) state = g_byte_array_new();
    GError *err = NULL;
    VTQueue q;

    start(&q, FEATURES_MODERN);
    vdev->vq[1].num = 64;       /* more than queue 1's 8 */
    ck_assert(vmstate_save(&vmstate_virtio_device, vdev, state, NULL));
    vdev->vq[1].num = 8;
    ck_assert(!vmstate_load(&vmstate_virtio_device, vdev, state->data,
                            state->len, VMSTATE_VERSION_FROM_STREAM, &err));
    ck_assert_ptr_nonnull(strstr(err->message, "queue 1 size 64"));
    g_error_free(err);
}
END_TEST

static Suite *virtio_suite(void)
{
    Suite *s = suite_create("virtio");

    if (g_getenv("VT_DEBUG")) {
        vireo_loglevel = LOG_GUEST_ERROR;
    }
    TCase *tc = tcase_create("mmio");
    TCase *rings = tcase_create("rings");
    TCase *bad = tcase_create("malformed");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_mmio_identity);
    tcase_add_test(tc, test_mmio_access_sizes);
    tcase_add_test(tc, test_empty_transport);
    tcase_add_test(tc, test_no_free_slot);
    tcase_add_test(tc, test_slots_in_order);
    tcase_add_test(tc, test_board_helper);
    tcase_add_test(tc, test_features_offered);
    tcase_add_test(tc, test_features_accepted);
    tcase_add_test(tc, test_features_need_version_1);
    tcase_add_test(tc, test_features_not_offered);
    tcase_add_test(tc, test_reset);
    tcase_add_test(tc, test_queue_registers);
    tcase_add_test(tc, test_config_generation);
    tcase_add_test(tc, test_ioeventfd);
    tcase_add_test(tc, test_vmstate_round_trip);
    tcase_add_test(tc, test_vmstate_rejects_bad_queue);
    suite_add_tcase(s, tc);

    tcase_add_checked_fixture(rings, setup, teardown);
    tcase_add_test(rings, test_simple_request);
    tcase_add_test(rings, test_many_requests_wrap);
    tcase_add_test(rings, test_scattered_buffers);
    tcase_add_test(rings, test_indirect);
    tcase_add_test(rings, test_indirect_not_negotiated);
    tcase_add_test(rings, test_event_idx);
    tcase_add_test(rings, test_no_interrupt_flag);
    tcase_add_test(rings, test_used_no_notify);
    tcase_add_test(rings, test_bounce_mmio_buffers);
    tcase_add_test(rings, test_kick_from_own_buffer);
    suite_add_tcase(s, rings);

    tcase_add_checked_fixture(bad, setup, teardown);
    tcase_add_test(bad, test_bad_loop);
    tcase_add_test(bad, test_bad_self_loop);
    tcase_add_test(bad, test_bad_next_index);
    tcase_add_test(bad, test_bad_head_index);
    tcase_add_test(bad, test_bad_avail_idx);
    tcase_add_test(bad, test_bad_length_overflow);
    tcase_add_test(bad, test_bad_address_wrap);
    tcase_add_test(bad, test_bad_outside_ram);
    tcase_add_test(bad, test_bad_into_mmio_registers);
    tcase_add_test(bad, test_bad_indirect_in_indirect);
    tcase_add_test(bad, test_bad_indirect_mid_chain);
    tcase_add_test(bad, test_bad_indirect_and_next);
    tcase_add_test(bad, test_bad_indirect_size);
    tcase_add_test(bad, test_bad_indirect_loop);
    tcase_add_test(bad, test_bad_indirect_table_outside);
    tcase_add_test(bad, test_bad_order);
    tcase_add_test(bad, test_bad_ring_address);
    tcase_add_test(bad, test_error_before_driver_ok);
    tcase_add_test(bad, test_kick_before_driver_ok);
    tcase_add_test(bad, test_error_is_logged);
    suite_add_tcase(s, bad);
    return s;
}

VIREO_CHECK_MAIN(virtio_suite)
