/*
 * The block layer: opening raw images (and every way that fails, each
 * naming the file), image locking, asynchronous read/write/flush/discard/
 * write-zeroes completing in the main loop, range checks and read-only
 * refusal, checked against the bytes in the host file.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-check.h"
#include "block/block-backend.h"
#include "util/error.h"
#include "util/main-loop.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define IMG_SIZE (64 * 1024)

static char *tmpdir;
static char *img;

static void write_file(const char *path, const void *data, size_t len)
{
    ck_assert(g_file_set_contents(path, data, len, NULL));
}

static void setup(void)
{
    g_autofree uint8_t *data = g_malloc(IMG_SIZE);

    for (int i = 0; i < IMG_SIZE; i++) {
        data[i] = i * 7 + 3;
    }
    tmpdir = g_dir_make_tmp("vireo-block-XXXXXX", NULL);
    ck_assert_ptr_nonnull(tmpdir);
    img = g_build_filename(tmpdir, "disk.img", NULL);
    write_file(img, data, IMG_SIZE);
    bql_lock();
    ck_assert(main_loop_init(NULL));
}

static void teardown(void)
{
    bql_unlock();
    unlink(img);
    rmdir(tmpdir);
    g_free(img);
    g_free(tmpdir);
}

static uint8_t *file_bytes(void)
{
    gchar *data;
    gsize len;

    ck_assert(g_file_get_contents(img, &data, &len, NULL));
    ck_assert_uint_eq(len, IMG_SIZE);
    return (uint8_t *)data;
}

typedef struct {
    int done;
    int ret;
} Result;

static void on_done(void *opaque, int ret)
{
    Result *r = opaque;

    ck_assert(bql_locked());
    r->done++;
    r->ret = ret;
}

static int wait_result(BlockBackend *blk, Result *r)
{
    blk_drain(blk);
    ck_assert_int_eq(r->done, 1);
    ck_assert_uint_eq(blk_in_flight(blk), 0);
    return r->ret;
}

static BlockBackend *open_ok(const char *name, unsigned flags)
{
    GError *err = NULL;
    BlockBackend *blk = blk_new_open(name, img, "raw", flags, &err);

    if (!blk) {
        ck_abort_msg("open failed: %s", err->message);
    }
    return blk;
}

#define EXPECT_OPEN_FAIL(name, file, fmt, flags, needle)                  \
    do {                                                                  \
        GError *err_ = NULL;                                              \
        ck_assert_ptr_null(blk_new_open(name, file, fmt, flags, &err_));  \
        ck_assert_ptr_nonnull(err_);                                      \
        ck_assert_msg(strstr(err_->message, needle), "'%s' lacks '%s'",   \
                      err_->message, needle);                             \
        g_error_free(err_);                                               \
    } while (0)

START_TEST(test_open_errors)
{
    g_autofree char *missing = g_build_filename(tmpdir, "nope.img", NULL);
    g_autofree char *qcow = g_build_filename(tmpdir, "q.img", NULL);

    EXPECT_OPEN_FAIL("d0", missing, "raw", 0, "nope.img");
    EXPECT_OPEN_FAIL("d0", missing, "raw", 0, "No such file");
    EXPECT_OPEN_FAIL("d0", img, "qcow2", 0, "disk.img");
    EXPECT_OPEN_FAIL("d0", img, "qcow2", 0, "not supported");
    EXPECT_OPEN_FAIL("d0", img, "vmdk", 0, "unknown image format 'vmdk'");
    EXPECT_OPEN_FAIL("d0", tmpdir, "raw", 0, "directory");
    EXPECT_OPEN_FAIL("d0", tmpdir, "raw", BLK_OPEN_READONLY, "is a directory");
    write_file(qcow, "QFI\xfb\0\0\0\3", 8);
    EXPECT_OPEN_FAIL("d0", qcow, NULL, 0, "q.img' is a qcow image");
    unlink(qcow);
    ck_assert_ptr_null(blk_by_name("d0"));
}
END_TEST

START_TEST(test_open_probe_raw_and_names)
{
    BlockBackend *blk = blk_new_open("d0", img, NULL, 0, NULL);

    ck_assert_ptr_nonnull(blk);
    ck_assert_ptr_eq(blk_by_name("d0"), blk);
    ck_assert_str_eq(blk_name(blk), "d0");
    ck_assert_str_eq(blk_filename(blk), img);
    ck_assert_int_eq(blk_getlength(blk), IMG_SIZE);
    ck_assert(!blk_is_read_only(blk));
    EXPECT_OPEN_FAIL("d0", img, "raw", BLK_OPEN_NO_LOCK,
                     "drive named 'd0' already exists");
    blk_unref(blk);
    ck_assert_ptr_null(blk_by_name("d0"));
    blk_unref(NULL);
}
END_TEST

START_TEST(test_locking)
{
    BlockBackend *rw = open_ok("a", 0);
    BlockBackend *ro;

    EXPECT_OPEN_FAIL("b", img, "raw", 0, "\"write\" lock on '");
    EXPECT_OPEN_FAIL("b", img, "raw", BLK_OPEN_READONLY, "disk.img");
    blk_unref(rw);
    ro = open_ok("a", BLK_OPEN_READONLY);
    blk_unref(open_ok("b", BLK_OPEN_READONLY));     /* readers share */
    EXPECT_OPEN_FAIL("b", img, "raw", 0, "is another process using");
    blk_unref(ro);
    blk_unref(open_ok("b", 0));
}
END_TEST

START_TEST(test_char_device_not_locked)
{
    BlockBackend *a = blk_new_open("a", "/dev/null", "raw", 0, NULL);
    BlockBackend *b = blk_new_open("b", "/dev/null", "raw", 0, NULL);

    ck_assert_ptr_nonnull(a);
    ck_assert_ptr_nonnull(b);
    ck_assert_int_eq(blk_getlength(a), 0);
    blk_unref(a);
    blk_unref(b);
}
END_TEST

START_TEST(test_attach)
{
    BlockBackend *blk = open_ok("d0", 0);
    int a, b;
    GError *err = NULL;

    ck_assert(blk_attach_dev(blk, &a, NULL));
    ck_assert(!blk_attach_dev(blk, &b, &err));
    ck_assert_ptr_nonnull(strstr(err->message, "'d0' is already in use"));
    g_error_free(err);
    blk_detach_dev(blk, &a);
    ck_assert(blk_attach_dev(blk, &b, NULL));
    blk_unref(blk);
}
END_TEST

START_TEST(test_read)
{
    BlockBackend *blk = open_ok(NULL, 0);
    uint8_t a[100], b[412];
    struct iovec iov[2] = { { a, sizeof(a) }, { b, sizeof(b) } };
    Result r = { 0 };

    blk_aio_preadv(blk, 1024, iov, 2, on_done, &r);
    ck_assert_int_eq(r.done, 0);        /* never inside the call */
    ck_assert_uint_eq(blk_in_flight(blk), 1);
    ck_assert_int_eq(wait_result(blk, &r), 0);
    ck_assert_uint_eq(a[0], (uint8_t)(1024 * 7 + 3));
    ck_assert_uint_eq(b[411], (uint8_t)((1024 + 511) * 7 + 3));
    blk_unref(blk);
}
END_TEST

START_TEST(test_write_and_flush)
{
    BlockBackend *blk = open_ok(NULL, 0);
    uint8_t data[3000];
    struct iovec iov = { data, sizeof(data) };
    Result r = { 0 }, f = { 0 }, u = { 0 };
    g_autofree uint8_t *file = NULL;

    memset(data, 0x5a, sizeof(data));
    blk_aio_pwritev(blk, 5000, &iov, 1, 0, on_done, &r);
    ck_assert_int_eq(wait_result(blk, &r), 0);
    blk_aio_flush(blk, on_done, &f);
    ck_assert_int_eq(wait_result(blk, &f), 0);
    memset(data, 0xa5, 10);
    iov.iov_len = 10;
    blk_aio_pwritev(blk, IMG_SIZE - 10, &iov, 1, BLK_REQ_FUA, on_done, &u);
    ck_assert_int_eq(wait_result(blk, &u), 0);
    file = file_bytes();
    ck_assert_uint_eq(file[4999], (uint8_t)(4999 * 7 + 3));
    ck_assert_uint_eq(file[5000], 0x5a);
    ck_assert_uint_eq(file[7999], 0x5a);
    ck_assert_uint_eq(file[8000], (uint8_t)(8000 * 7 + 3));
    ck_assert_uint_eq(file[IMG_SIZE - 1], 0xa5);
    ck_assert_uint_eq(file[IMG_SIZE - 11], (uint8_t)((IMG_SIZE - 11) * 7 + 3));
    blk_unref(blk);
}
END_TEST

START_TEST(test_out_of_range)
{
    BlockBackend *blk = open_ok(NULL, 0);
    uint8_t data[512] = { 0 };
    struct iovec iov = { data, sizeof(data) };
    Result r1 = { 0 }, r2 = { 0 }, r3 = { 0 }, r4 = { 0 };
    g_autofree uint8_t *file = NULL;

    blk_aio_preadv(blk, IMG_SIZE - 100, &iov, 1, on_done, &r1);
    ck_assert_int_eq(r1.done, 0);
    ck_assert_int_eq(wait_result(blk, &r1), -EIO);
    blk_aio_pwritev(blk, IMG_SIZE, &iov, 1, 0, on_done, &r2);
    ck_assert_int_eq(wait_result(blk, &r2), -EIO);
    blk_aio_pdiscard(blk, -512, 512, on_done, &r3);
    ck_assert_int_eq(wait_result(blk, &r3), -EIO);
    blk_aio_pwrite_zeroes(blk, 0, INT64_MAX, 0, on_done, &r4);
    ck_assert_int_eq(wait_result(blk, &r4), -EIO);
    file = file_bytes();
    ck_assert_uint_eq(file[IMG_SIZE - 1], (uint8_t)((IMG_SIZE - 1) * 7 + 3));
    blk_unref(blk);
}
END_TEST

START_TEST(test_read_only)
{
    BlockBackend *blk = open_ok(NULL, BLK_OPEN_READONLY);
    g_autofree uint8_t *before = file_bytes();
    g_autofree uint8_t *after = NULL;
    uint8_t data[512];
    struct iovec iov = { data, sizeof(data) };
    Result w = { 0 }, d = { 0 }, z = { 0 }, f = { 0 }, rd = { 0 };

    ck_assert(blk_is_read_only(blk));
    ck_assert(!blk_supports_discard(blk));
    memset(data, 0xee, sizeof(data));
    blk_aio_pwritev(blk, 0, &iov, 1, 0, on_done, &w);
    ck_assert_int_eq(wait_result(blk, &w), -EACCES);
    blk_aio_pdiscard(blk, 0, 4096, on_done, &d);
    ck_assert_int_eq(wait_result(blk, &d), -EACCES);
    blk_aio_pwrite_zeroes(blk, 0, 4096, 0, on_done, &z);
    ck_assert_int_eq(wait_result(blk, &z), -EACCES);
    blk_aio_flush(blk, on_done, &f);
    ck_assert_int_eq(wait_result(blk, &f), 0);
    blk_aio_preadv(blk, 0, &iov, 1, on_done, &rd);
    ck_assert_int_eq(wait_result(blk, &rd), 0);
    ck_assert_uint_eq(data[1], 10);
    after = file_bytes();
    ck_assert_int_eq(memcmp(before, after, IMG_SIZE), 0);
    blk_unref(blk);
}
END_TEST

START_TEST(test_discard_and_zeroes)
{
    BlockBackend *blk = open_ok(NULL, 0);
    Result d = { 0 }, z = { 0 }, u = { 0 };
    g_autofree uint8_t *file = NULL;
    struct stat st;

    blk_aio_pdiscard(blk, 8192, 8192, on_done, &d);
    ck_assert_int_eq(wait_result(blk, &d), 0);
    blk_aio_pwrite_zeroes(blk, 100, 50, 0, on_done, &z);
    ck_assert_int_eq(wait_result(blk, &z), 0);
    blk_aio_pwrite_zeroes(blk, 32768, 4096, BLK_REQ_MAY_UNMAP | BLK_REQ_FUA,
                          on_done, &u);
    ck_assert_int_eq(wait_result(blk, &u), 0);
    file = file_bytes();
    ck_assert_uint_eq(file[99], (uint8_t)(99 * 7 + 3));
    for (int i = 100; i < 150; i++) {
        ck_assert_uint_eq(file[i], 0);
    }
    ck_assert_uint_eq(file[150], (uint8_t)(150 * 7 + 3));
    for (int i = 32768; i < 32768 + 4096; i++) {
        ck_assert_uint_eq(file[i], 0);
    }
    if (blk_supports_discard(blk)) {
        /* Punched: reads as zeroes, size kept. */
        for (int i = 8192; i < 16384; i++) {
            ck_assert_uint_eq(file[i], 0);
        }
    }
    ck_assert_uint_eq(file[16384], (uint8_t)(16384 * 7 + 3));
    ck_assert_int_eq(stat(img, &st), 0);
    ck_assert_int_eq(st.st_size, IMG_SIZE);
    blk_unref(blk);
}
END_TEST

START_TEST(test_many_in_flight)
{
    BlockBackend *blk = open_ok(NULL, 0);
    uint8_t bufs[16][512];
    Result r[16] = { { 0 } };
    g_autofree uint8_t *file = NULL;

    for (int i = 0; i < 16; i++) {
        struct iovec iov = { bufs[i], 512 };
        memset(bufs[i], i + 1, 512);
        blk_aio_pwritev(blk, i * 512, &iov, 1, 0, on_done, &r[i]);
    }
    ck_assert_uint_eq(blk_in_flight(blk), 16);
    blk_drain_all();
    file = file_bytes();
    for (int i = 0; i < 16; i++) {
        ck_assert_int_eq(r[i].done, 1);
        ck_assert_int_eq(r[i].ret, 0);
        ck_assert_uint_eq(file[i * 512 + 17], i + 1);
    }
    blk_unref(blk);
}
END_TEST

START_TEST(test_nocache_unaligned)
{
    GError *err = NULL;
    BlockBackend *blk = blk_new_open(NULL, img, "raw", BLK_OPEN_NOCACHE,
                                     &err);
    uint8_t *data = g_malloc(700);
    struct iovec iov = { data + 1, 600 };
    Result w = { 0 }, rd = { 0 };
    g_autofree uint8_t *file = NULL;

    if (!blk) {
        /* tmpfs has no O_DIRECT: the error must say so, naming the file. */
        ck_assert_ptr_nonnull(strstr(err->message, "cache=none"));
        ck_assert_ptr_nonnull(strstr(err->message, "disk.img"));
        g_error_free(err);
        g_free(data);
        return;
    }
    memset(data, 0x42, 700);
    blk_aio_pwritev(blk, 1000, &iov, 1, 0, on_done, &w);
    ck_assert_int_eq(wait_result(blk, &w), 0);
    memset(data, 0, 700);
    blk_aio_preadv(blk, 999, &iov, 1, on_done, &rd);
    ck_assert_int_eq(wait_result(blk, &rd), 0);
    ck_assert_uint_eq(data[1], (uint8_t)(999 * 7 + 3));
    ck_assert_uint_eq(data[2], 0x42);
    blk_unref(blk);
    file = file_bytes();
    ck_assert_uint_eq(file[999], (uint8_t)(999 * 7 + 3));
    ck_assert_uint_eq(file[1000], 0x42);
    ck_assert_uint_eq(file[1599], 0x42);
    ck_assert_uint_eq(file[1600], (uint8_t)(1600 * 7 + 3));
    g_free(data);
}
END_TEST

static Suite *block_suite(void)
{
    Suite *s = suite_create("block");
    TCase *tc = tcase_create("raw");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_open_errors);
    tcase_add_test(tc, test_open_probe_raw_and_names);
    tcase_add_test(tc, test_locking);
    tcase_add_test(tc, test_char_device_not_locked);
    tcase_add_test(tc, test_attach);
    tcase_add_test(tc, test_read);
    tcase_add_test(tc, test_write_and_flush);
    tcase_add_test(tc, test_out_of_range);
    tcase_add_test(tc, test_read_only);
    tcase_add_test(tc, test_discard_and_zeroes);
    tcase_add_test(tc, test_many_in_flight);
    tcase_add_test(tc, test_nocache_unaligned);
    suite_add_tcase(s, tc);
    return s;
}

VIREO_CHECK_MAIN(block_suite)
