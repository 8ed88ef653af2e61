/*
 * virtio-blk over virtio-mmio and a raw image file, driven as a guest
 * driver would: config space and features, reads and writes checked
 * against the file's bytes, flush, GET_ID, discard and write-zeroes,
 * read-only refusal, out-of-range and malformed requests, and reset with
 * requests in flight.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-check.h"
#include "virtio-test-driver.h"
#include "block/block-backend.h"
#include "util/error.h"
#include "util/log.h"
#include "util/main-loop.h"

#include <string.h>
#include <unistd.h>

#define IMG_SIZE (1024 * 1024)
#define Q_BASE 0x1000
#define HDR 0x10000
#define DATA 0x20000
#define STATUS 0x30000
#define TABLE 0x8000

enum { T_IN = 0, T_OUT = 1, T_FLUSH = 4, T_GET_ID = 8, T_DISCARD = 11,
       T_WRITE_ZEROES = 13 };
enum { S_OK = 0, S_IOERR = 1, S_UNSUPP = 2 };
enum { F_SEG_MAX = 2, F_RO = 5, F_BLK_SIZE = 6, F_FLUSH = 9, F_DISCARD = 13,
       F_WRITE_ZEROES = 14 };

static VTGuest guest;
static VTQueue q;
static char *tmpdir, *img;
static BlockBackend *blk;
static DeviceState *vblk;

static uint8_t pattern(size_t i)
{
    return i * 13 + 1;
}

static uint8_t *file_bytes(void)
{
    gchar *data;
    gsize len;

    ck_assert(g_file_get_contents(img, &data, &len, NULL));
    ck_assert_uint_eq(len, IMG_SIZE);
    return (uint8_t *)data;
}

static DeviceState *make_blk(const char *drive, const char *serial,
                             GError **errp)
{
    DeviceState *dev = DEVICE(object_new("virtio-blk-device"));

    if (drive) {
        ck_assert(object_property_set_str(OBJECT(dev), "drive", drive,
                                          NULL));
    }
    if (serial) {
        ck_assert(object_property_set_str(OBJECT(dev), "serial", serial,
                                          NULL));
    }
    if (!qdev_realize(dev, errp)) {
        object_unref(OBJECT(dev));
        return NULL;
    }
    object_unref(OBJECT(dev));
    return dev;
}

static void open_image(unsigned flags)
{
    GError *err = NULL;

    blk = blk_new_open("d0", img, "raw", flags, &err);
    ck_assert_msg(blk != NULL, "%s", err ? err->message : "");
}

static void setup_common(unsigned flags)
{
    g_autofree uint8_t *data = g_malloc(IMG_SIZE);

    if (g_getenv("VT_DEBUG")) {
        vireo_loglevel = LOG_GUEST_ERROR;
    }
    for (size_t i = 0; i < IMG_SIZE; i++) {
        data[i] = pattern(i);
    }
    tmpdir = g_dir_make_tmp("vireo-vblk-XXXXXX", NULL);
    img = g_build_filename(tmpdir, "disk.img", NULL);
    ck_assert(g_file_set_contents(img, (char *)data, IMG_SIZE, NULL));
    bql_lock();
    vt_guest_init(&guest, 2, false);
    open_image(flags);
    vblk = make_blk("d0", "vireo-disk-0", NULL);
    ck_assert_ptr_nonnull(vblk);
}

static void setup(void)
{
    setup_common(0);
}

static void setup_ro(void)
{
    setup_common(BLK_OPEN_READONLY);
}

static void teardown(void)
{
    if (vblk) {
        object_unparent(OBJECT(vblk));
    }
    blk_unref(blk);
    vt_guest_cleanup(&guest);
    bql_unlock();
    unlink(img);
    rmdir(tmpdir);
    g_free(img);
    g_free(tmpdir);
}

static uint64_t features(void)
{
    uint64_t f;

    vt_writel(&guest, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
    f = (uint64_t)vt_readl(&guest, VIRTIO_MMIO_DEVICE_FEATURES) << 32;
    vt_writel(&guest, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
    return f | vt_readl(&guest, VIRTIO_MMIO_DEVICE_FEATURES);
}

static void start(void)
{
    uint64_t want = features() & ~VIRTIO_BIT(VIRTIO_RING_F_EVENT_IDX);

    ck_assert(vt_negotiate(&guest, want));
    vt_queue_setup(&guest, &q, 0, 16, Q_BASE);
    vt_driver_ok(&guest);
}

static void write_hdr(uint32_t type, uint64_t sector)
{
    uint8_t hdr[16] = { 0 };
    uint32_t t = GUINT32_TO_LE(type);
    uint64_t s = GUINT64_TO_LE(sector);

    memcpy(hdr, &t, 4);
    memcpy(hdr + 8, &s, 8);
    vt_memwrite(&guest, HDR, hdr, sizeof(hdr));
}

/*
 * One request: header, out_len bytes of DATA (device-readable) or in_len
 * bytes (device-writable), then the status byte. Returns the status; the
 * used length goes to *used_len.
 */
static int request(uint32_t type, uint64_t sector, uint32_t out_len,
                   uint32_t in_len, uint32_t *used_len)
{
    VTBuf bufs[3];
    unsigned n = 0;
    uint32_t id, len;
    uint8_t status = 0xff;

    write_hdr(type, sector);
    vt_memwrite(&guest, STATUS, &status, 1);
    bufs[n++] = (VTBuf) { HDR, 16, false };
    if (out_len) {
        bufs[n++] = (VTBuf) { DATA, out_len, false };
    }
    if (in_len) {
        bufs[n++] = (VTBuf) { DATA, in_len, true };
    }
    bufs[n++] = (VTBuf) { STATUS, 1, true };
    vt_publish(&guest, &q, vt_add_chain(&guest, &q, bufs, n));
    vt_kick(&guest, &q);
    ck_assert(vt_wait_used(&guest, &q));
    ck_assert(vt_get_used(&guest, &q, &id, &len));
    if (used_len) {
        *used_len = len;
    }
    vt_memread(&guest, STATUS, &status, 1);
    return status;
}

START_TEST(test_config_and_features)
{
    uint64_t f = features();

    ck_assert_uint_eq(vt_readl(&guest, VIRTIO_MMIO_DEVICE_ID), 2);
    ck_assert(f & VIRTIO_BIT(F_FLUSH));
    ck_assert(f & VIRTIO_BIT(F_SEG_MAX));
    ck_assert(f & VIRTIO_BIT(F_BLK_SIZE));
    ck_assert(f & VIRTIO_BIT(F_DISCARD));
    ck_assert(f & VIRTIO_BIT(F_WRITE_ZEROES));
    ck_assert(!(f & VIRTIO_BIT(F_RO)));
    ck_assert(f & VIRTIO_BIT(VIRTIO_F_VERSION_1));
    ck_assert_uint_eq(vt_read_config(&guest, 0, 4), IMG_SIZE / 512);
    ck_assert_uint_eq(vt_read_config(&guest, 4, 4), 0);
    ck_assert_uint_eq(vt_read_config(&guest, 0x0c, 4), 126);
    ck_assert_uint_eq(vt_read_config(&guest, 0x14, 4), 512);
    ck_assert_uint_eq(vt_read_config(&guest, 0x28, 4), 1);
}
END_TEST

START_TEST(test_read)
{
    uint8_t buf[1024];
    uint32_t len;

    start();
    ck_assert_int_eq(request(T_IN, 3, 0, sizeof(buf), &len), S_OK);
    ck_assert_uint_eq(len, sizeof(buf) + 1);
    vt_memread(&guest, DATA, buf, sizeof(buf));
    for (size_t i = 0; i < sizeof(buf); i++) {
        ck_assert_uint_eq(buf[i], pattern(3 * 512 + i));
    }
    ck_assert_int_eq(guest.irq_level[0], 1);
    /* The last sector is readable. */
    ck_assert_int_eq(request(T_IN, IMG_SIZE / 512 - 1, 0, 512, NULL), S_OK);
}
END_TEST

START_TEST(test_write_flush)
{
    uint8_t buf[1024];
    g_autofree uint8_t *file = NULL;
    uint32_t len;

    start();
    memset(buf, 0xab, sizeof(buf));
    vt_memwrite(&guest, DATA, buf, sizeof(buf));
    ck_assert_int_eq(request(T_OUT, 10, sizeof(buf), 0, &len), S_OK);
    ck_assert_uint_eq(len, 1);
    ck_assert_int_eq(request(T_FLUSH, 0, 0, 0, NULL), S_OK);
    file = file_bytes();
    ck_assert_uint_eq(file[10 * 512 - 1], pattern(10 * 512 - 1));
    for (size_t i = 0; i < sizeof(buf); i++) {
        ck_assert_uint_eq(file[10 * 512 + i], 0xab);
    }
    ck_assert_uint_eq(file[12 * 512], pattern(12 * 512));
}
END_TEST

START_TEST(test_indirect_write)
{
    VTBuf bufs[4] = {
        { HDR, 16, false }, { DATA, 512, false }, { DATA + 0x1000, 512, false },
        { STATUS, 1, true },
    };
    uint8_t a[512], b[512], status = 0xff;
    uint32_t id, len;
    g_autofree uint8_t *file = NULL;

    start();
    memset(a, 1, sizeof(a));
    memset(b, 2, sizeof(b));
    vt_memwrite(&guest, DATA, a, sizeof(a));
    vt_memwrite(&guest, DATA + 0x1000, b, sizeof(b));
    vt_memwrite(&guest, STATUS, &status, 1);
    write_hdr(T_OUT, 100);
    vt_publish(&guest, &q, vt_add_indirect(&guest, &q, TABLE, bufs, 4));
    vt_kick(&guest, &q);
    ck_assert(vt_wait_used(&guest, &q));
    ck_assert(vt_get_used(&guest, &q, &id, &len));
    vt_memread(&guest, STATUS, &status, 1);
    ck_assert_uint_eq(status, S_OK);
    file = file_bytes();
    ck_assert_uint_eq(file[100 * 512], 1);
    ck_assert_uint_eq(file[101 * 512 - 1], 1);
    ck_assert_uint_eq(file[101 * 512], 2);
    ck_assert_uint_eq(file[102 * 512 - 1], 2);
}
END_TEST

START_TEST(test_get_id)
{
    char id[21] = { 0 };
    uint32_t len;

    start();
    ck_assert_int_eq(request(T_GET_ID, 0, 0, 20, &len), S_OK);
    ck_assert_uint_eq(len, 21);
    vt_memread(&guest, DATA, id, 20);
    ck_assert_str_eq(id, "vireo-disk-0");
}
END_TEST

static void write_seg(uint64_t sector, uint32_t num, uint32_t flags)
{
    uint8_t seg[16];
    uint64_t s = GUINT64_TO_LE(sector);
    uint32_t n = GUINT32_TO_LE(num), f = GUINT32_TO_LE(flags);

    memcpy(seg, &s, 8);
    memcpy(seg + 8, &n, 4);
    memcpy(seg + 12, &f, 4);
    vt_memwrite(&guest, DATA, seg, sizeof(seg));
}

START_TEST(test_discard_write_zeroes)
{
    g_autofree uint8_t *file = NULL;

    start();
    write_seg(16, 16, 0);
    ck_assert_int_eq(request(T_DISCARD, 0, 16, 0, NULL), S_OK);
    write_seg(40, 2, 0);
    ck_assert_int_eq(request(T_WRITE_ZEROES, 0, 16, 0, NULL), S_OK);
    write_seg(60, 1, 1);
    ck_assert_int_eq(request(T_WRITE_ZEROES, 0, 16, 0, NULL), S_OK);
    file = file_bytes();
    if (blk_supports_discard(blk)) {
        for (size_t i = 16 * 512; i < 32 * 512; i++) {
            ck_assert_uint_eq(file[i], 0);
        }
    }
    ck_assert_uint_eq(file[32 * 512], pattern(32 * 512));
    ck_assert_uint_eq(file[40 * 512 - 1], pattern(40 * 512 - 1));
    for (size_t i = 40 * 512; i < 42 * 512; i++) {
        ck_assert_uint_eq(file[i], 0);
    }
    ck_assert_uint_eq(file[42 * 512], pattern(42 * 512));
    ck_assert_uint_eq(file[60 * 512], 0);
    ck_assert_uint_eq(file[61 * 512], pattern(61 * 512));
    /* Discard takes no flags; write-zeroes only UNMAP. */
    write_seg(16, 1, 1);
    ck_assert_int_eq(request(T_DISCARD, 0, 16, 0, NULL), S_UNSUPP);
    write_seg(16, 1, 2);
    ck_assert_int_eq(request(T_WRITE_ZEROES, 0, 16, 0, NULL), S_UNSUPP);
    /* Past the end, or two segments where one is allowed. */
    write_seg(IMG_SIZE / 512 - 1, 2, 0);
    ck_assert_int_eq(request(T_DISCARD, 0, 16, 0, NULL), S_IOERR);
    ck_assert_int_eq(request(T_DISCARD, 0, 32, 0, NULL), S_IOERR);
}
END_TEST

/*
 * Status and data outside RAM (bounced): a failed read must still deliver
 * its status byte and must not write the data it never read; GET_ID into
 * a bigger buffer gets its status at the very end.
 */
START_TEST(test_bounced_status)
{
    uint8_t st = 0xff, data[8], ones[8];
    uint32_t id, len;
    VTBuf bufs[3] = {
        { HDR, 16, false },
        { VT_SCRATCH, 512, true },
        { VT_SCRATCH + 0x800, 1, true },
    };

    start();
    memset(ones, 0x11, sizeof(ones));
    vt_memwrite(&guest, VT_SCRATCH, ones, sizeof(ones));
    vt_memwrite(&guest, VT_SCRATCH + 0x800, &st, 1);
    write_hdr(T_IN, IMG_SIZE / 512);
    vt_publish(&guest, &q, vt_add_chain(&guest, &q, bufs, 3));
    vt_kick(&guest, &q);
    ck_assert(vt_wait_used(&guest, &q));
    ck_assert(vt_get_used(&guest, &q, &id, &len));
    ck_assert_uint_eq(len, 1);
    vt_memread(&guest, VT_SCRATCH + 0x800, &st, 1);
    ck_assert_uint_eq(st, S_IOERR);
    vt_memread(&guest, VT_SCRATCH, data, sizeof(data));
    ck_assert_int_eq(memcmp(data, ones, sizeof(data)), 0);

    /* GET_ID: 20 id bytes, the status 64 bytes in. */
    st = 0xff;
    vt_memwrite(&guest, VT_SCRATCH + 0x800, &st, 1);
    bufs[1].len = 64;
    write_hdr(T_GET_ID, 0);
    vt_publish(&guest, &q, vt_add_chain(&guest, &q, bufs, 3));
    vt_kick(&guest, &q);
    ck_assert(vt_wait_used(&guest, &q));
    ck_assert(vt_get_used(&guest, &q, &id, &len));
    ck_assert_uint_eq(len, 21);
    vt_memread(&guest, VT_SCRATCH + 0x800, &st, 1);
    ck_assert_uint_eq(st, S_OK);
    vt_memread(&guest, VT_SCRATCH, data, 5);
    ck_assert_int_eq(memcmp(data, "vireo", 5), 0);
}
END_TEST

START_TEST(test_errors)
{
    g_autofree uint8_t *before = file_bytes();
    g_autofree uint8_t *after = NULL;
    uint32_t len;

    start();
    ck_assert_int_eq(request(T_IN, IMG_SIZE / 512, 0, 512, &len), S_IOERR);
    ck_assert_uint_eq(len, 1);
    ck_assert_int_eq(request(T_IN, IMG_SIZE / 512 - 1, 0, 1024, NULL),
                     S_IOERR);
    ck_assert_int_eq(request(T_OUT, UINT64_MAX / 256, 512, 0, NULL),
                     S_IOERR);
    ck_assert_int_eq(request(T_OUT, IMG_SIZE / 512, 512, 0, NULL), S_IOERR);
    ck_assert_int_eq(request(T_IN, 0, 0, 100, NULL), S_IOERR);   /* partial */
    ck_assert_int_eq(request(T_OUT, 0, 100, 0, NULL), S_IOERR);
    ck_assert_int_eq(request(99, 0, 0, 0, NULL), S_UNSUPP);
    after = file_bytes();
    ck_assert_int_eq(memcmp(before, after, IMG_SIZE), 0);
    /* The device is still fine. */
    ck_assert_int_eq(request(T_IN, 0, 0, 512, NULL), S_OK);
}
END_TEST

START_TEST(test_read_only)
{
    g_autofree uint8_t *before = file_bytes();
    g_autofree uint8_t *after = NULL;
    uint8_t buf[512];

    ck_assert(features() & VIRTIO_BIT(F_RO));
    ck_assert(!(features() & VIRTIO_BIT(F_DISCARD)));
    start();
    memset(buf, 0xcd, sizeof(buf));
    vt_memwrite(&guest, DATA, buf, sizeof(buf));
    ck_assert_int_eq(request(T_OUT, 0, 512, 0, NULL), S_IOERR);
    write_seg(0, 8, 0);
    ck_assert_int_eq(request(T_DISCARD, 0, 16, 0, NULL), S_UNSUPP);
    ck_assert_int_eq(request(T_WRITE_ZEROES, 0, 16, 0, NULL), S_UNSUPP);
    ck_assert_int_eq(request(T_FLUSH, 0, 0, 0, NULL), S_OK);
    ck_assert_int_eq(request(T_IN, 0, 0, 512, NULL), S_OK);
    vt_memread(&guest, DATA, buf, sizeof(buf));
    ck_assert_uint_eq(buf[5], pattern(5));
    after = file_bytes();
    ck_assert_int_eq(memcmp(before, after, IMG_SIZE), 0);
}
END_TEST

/* A malformed write must leave the image exactly as it was. */
static void expect_broken_untouched(void)
{
    vt_kick(&guest, &q);
    vt_pump();
    blk_drain(blk);
    ck_assert(vt_readl(&guest, VIRTIO_MMIO_STATUS) &
              VIRTIO_CONFIG_S_NEEDS_RESET);
    ck_assert_int_eq(guest.irq_level[0], 1);
    ck_assert_uint_eq(vt_lduw(&guest, q.used + 2), 0);
}

START_TEST(test_malformed_keep_image)
{
    g_autofree uint8_t *before = file_bytes();
    g_autofree uint8_t *after = NULL;
    uint8_t junk[512];

    memset(junk, 0x66, sizeof(junk));
    vt_memwrite(&guest, DATA, junk, sizeof(junk));
    write_hdr(T_OUT, 0);

    /* A loop through the data descriptor. */
    start();
    vt_write_desc(&guest, q.desc, 0, HDR, 16, VRING_DESC_F_NEXT, 1);
    vt_write_desc(&guest, q.desc, 1, DATA, 512, VRING_DESC_F_NEXT, 0);
    vt_publish(&guest, &q, 0);
    expect_broken_untouched();

    /* Data beyond guest RAM. */
    start();
    vt_write_desc(&guest, q.desc, 0, HDR, 16, VRING_DESC_F_NEXT, 1);
    vt_write_desc(&guest, q.desc, 1, VT_RAM_SIZE - 256, 512,
                  VRING_DESC_F_NEXT, 2);
    vt_write_desc(&guest, q.desc, 2, STATUS, 1, VRING_DESC_F_WRITE, 0);
    vt_publish(&guest, &q, 0);
    expect_broken_untouched();

    /* No status byte. */
    start();
    vt_write_desc(&guest, q.desc, 0, HDR, 16, VRING_DESC_F_NEXT, 1);
    vt_write_desc(&guest, q.desc, 1, DATA, 512, 0, 0);
    vt_publish(&guest, &q, 0);
    expect_broken_untouched();

    /* Header cut short. */
    start();
    vt_write_desc(&guest, q.desc, 0, HDR, 8, VRING_DESC_F_NEXT, 1);
    vt_write_desc(&guest, q.desc, 1, STATUS, 1, VRING_DESC_F_WRITE, 0);
    vt_publish(&guest, &q, 0);
    expect_broken_untouched();

    /* Indirect table inside an indirect table. */
    start();
    vt_write_desc(&guest, TABLE, 0, HDR, 16, VRING_DESC_F_NEXT, 1);
    vt_write_desc(&guest, TABLE, 1, TABLE + 0x100, 32, VRING_DESC_F_INDIRECT,
                  0);
    vt_write_desc(&guest, TABLE + 0x100, 0, DATA, 512, VRING_DESC_F_NEXT, 1);
    vt_write_desc(&guest, TABLE + 0x100, 1, STATUS, 1, VRING_DESC_F_WRITE, 0);
    vt_write_desc(&guest, q.desc, 0, TABLE, 32, VRING_DESC_F_INDIRECT, 0);
    vt_publish(&guest, &q, 0);
    expect_broken_untouched();

    after = file_bytes();
    ck_assert_int_eq(memcmp(before, after, IMG_SIZE), 0);
    /* After a reset it works again. */
    start();
    ck_assert_int_eq(request(T_IN, 0, 0, 512, NULL), S_OK);
}
END_TEST

START_TEST(test_reset_in_flight)
{
    uint8_t buf[4096];
    VTBuf bufs[3] = {
        { HDR, 16, false }, { DATA, sizeof(buf), false }, { STATUS, 1, true },
    };
    g_autofree uint8_t *file = NULL;

    start();
    memset(buf, 0x77, sizeof(buf));
    vt_memwrite(&guest, DATA, buf, sizeof(buf));
    write_hdr(T_OUT, 200);
    vt_publish(&guest, &q, vt_add_chain(&guest, &q, bufs, 3));
    vt_kick(&guest, &q);
    /* Reset before the completion ran: the I/O finishes, nothing is used. */
    vt_writel(&guest, VIRTIO_MMIO_STATUS, 0);
    ck_assert_uint_eq(blk_in_flight(blk), 1);
    blk_drain(blk);
    ck_assert_uint_eq(vt_lduw(&guest, Q_BASE + 0x2000 + 2), 0);
    ck_assert_int_eq(guest.irq_level[0], 0);
    file = file_bytes();
    ck_assert_uint_eq(file[200 * 512], 0x77);
    /* And the device starts over. */
    start();
    ck_assert_int_eq(request(T_IN, 200, 0, 512, NULL), S_OK);
}
END_TEST

START_TEST(test_realize_errors)
{
    GError *err = NULL;

    ck_assert_ptr_null(make_blk(NULL, NULL, &err));
    ck_assert_ptr_nonnull(strstr(err->message, "drive= is required"));
    g_clear_error(&err);
    ck_assert_ptr_null(make_blk("nosuch", NULL, &err));
    ck_assert_ptr_nonnull(strstr(err->message, "no drive with id 'nosuch'"));
    g_clear_error(&err);
    /* d0 belongs to the first device; a free slot does not change that. */
    ck_assert_ptr_null(make_blk("d0", NULL, &err));
    ck_assert_ptr_nonnull(strstr(err->message, "'d0' is already in use"));
    g_clear_error(&err);
    /* Once the first device is gone, d0 can be attached again. */
    object_unparent(OBJECT(vblk));
    vblk = make_blk("d0", NULL, NULL);
    ck_assert_ptr_nonnull(vblk);
}
END_TEST

static Suite *virtio_blk_suite(void)
{
    Suite *s = suite_create("virtio-blk");
    TCase *tc = tcase_create("rw");
    TCase *ro = tcase_create("read-only");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_config_and_features);
    tcase_add_test(tc, test_read);
    tcase_add_test(tc, test_write_flush);
    tcase_add_test(tc, test_indirect_write);
    tcase_add_test(tc, test_get_id);
    tcase_add_test(tc, test_discard_write_zeroes);
    tcase_add_test(tc, test_errors);
    tcase_add_test(tc, test_bounced_status);
    tcase_add_test(tc, test_malformed_keep_image);
    tcase_add_test(tc, test_reset_in_flight);
    tcase_add_test(tc, test_realize_errors);
    suite_add_tcase(s, tc);

    tcase_add_checked_fixture(ro, setup_ro, teardown);
    tcase_add_test(ro, test_read_only);
    suite_add_tcase(s, ro);
    return s;
}

VIREO_CHECK_MAIN(virtio_blk_suite)
