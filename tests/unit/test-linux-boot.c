/*
 * hw/i386/linux-boot.c: bzImage header checks on made-up images (good,
 * malformed, truncated) and the zero page built from them.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-check.h"
#include "hw/i386/linux-boot.h"
#include "util/error.h"

#include <string.h>

#define IMAGE_SIZE 0x2000

static uint8_t img[IMAGE_SIZE];

static void put(uint8_t *p, uint64_t v, unsigned size)
{
    for (unsigned i = 0; i < size; i++) {
        p[i] = v >> (8 * i);
    }
}

static uint64_t get(const uint8_t *p, unsigned size)
{
    uint64_t v = 0;
    for (unsigned i = size; i > 0; i--) {
        v = (v << 8) | p[i - 1];
    }
    return v;
}

/* Protocol 2.15, 3 setup sectors (setup: 0x800 bytes), 64-bit entry. */
static void make_bzimage(void)
{
    memset(img, 0, sizeof(img));
    img[0x1f1] = 3;
    put(img + 0x1fe, 0xaa55, 2);
    img[0x200] = 0xeb;
    img[0x201] = 0x66;
    memcpy(img + 0x202, "HdrS", 4);
    put(img + 0x206, 0x020f, 2);
    img[0x211] = 0x01;
    put(img + 0x22c, 0x7fffffff, 4);
    put(img + 0x236, 0x0003, 2);
    put(img + 0x238, 2047, 4);
    put(img + 0x260, 0x400000, 4);
}

START_TEST(parse_good_image)
{
    LinuxBzImage bz;
    GError *err = NULL;

    make_bzimage();
    ck_assert(linux_bzimage_parse(img, sizeof(img), &bz, &err));
    ck_assert_uint_eq(bz.version, 0x020f);
    ck_assert_uint_eq(bz.setup_size, 0x800);
    ck_assert_uint_eq(bz.kernel_size, IMAGE_SIZE - 0x800);
    ck_assert_uint_eq(bz.header_len, 0x268 - 0x1f1);
    ck_assert_uint_eq(bz.init_size, 0x400000);
    ck_assert_uint_eq(bz.cmdline_size, 2047);
    ck_assert_uint_eq(bz.initrd_addr_max, 0x7fffffff);

    /* setup_sects 0 means 4; init_size below the kernel size grows. */
    img[0x1f1] = 0;
    put(img + 0x260, 16, 4);
    ck_assert(linux_bzimage_parse(img, sizeof(img), &bz, &err));
    ck_assert_uint_eq(bz.setup_size, 0xa00);
    ck_assert_uint_eq(bz.init_size, IMAGE_SIZE - 0xa00);
}
END_TEST

#define expect_error(len, msg) expect_error_at(__LINE__, len, msg)
static void expect_error_at(int line, size_t len, const char *msg)
{
    LinuxBzImage bz;
    GError *err = NULL;

    ck_assert_msg(!linux_bzimage_parse(img, len, &bz, &err), "line %d",
                  line);
    ck_assert_msg(strstr(err->message, msg), "line %d: '%s' lacks '%s'",
                  line, err->message, msg);
    ck_assert(g_error_matches(err, VIREO_ERROR, VIREO_ERROR_INVALID));
    g_error_free(err);
}

START_TEST(malformed_images)
{
    make_bzimage();
    memcpy(img + 0x202, "HdrT", 4);
    expect_error(sizeof(img), "not a Linux bzImage");
    make_bzimage();
    put(img + 0x206, 0x020b, 2);
    expect_error(sizeof(img), "boot protocol 2.11 is too old");
    make_bzimage();
    img[0x211] = 0;
    expect_error(sizeof(img), "no 64-bit entry point");
    make_bzimage();
    put(img + 0x236, 0x0002, 2);
    expect_error(sizeof(img), "no 64-bit entry point");
    make_bzimage();
    img[0x1f1] = 200;                   /* setup bigger than the file */
    expect_error(sizeof(img), "setup code alone takes 102912");
    make_bzimage();
    expect_error(0x800 + 0x100, "no kernel after the setup code");
}
END_TEST

START_TEST(truncated_images)
{
    make_bzimage();
    for (size_t len = 0; len < 0xa01; len += 0x33) {
        LinuxBzImage bz;
        GError *err = NULL;
        ck_assert_msg(!linux_bzimage_parse(img, len, &bz, &err), "%zu", len);
        g_error_free(err);
    }
}
END_TEST

START_TEST(zero_page)
{
    static uint8_t zp[LINUX_ZERO_PAGE_SIZE];
    LinuxE820Entry e820[2] = {
        { 0, 0x9fc00, 1 },
        { 0x100000000ULL, 0x40000000, 1 },
    };
    LinuxBzImage bz;
    GError *err = NULL;

    make_bzimage();
    img[0x300] = 0x77;                  /* past the header: not copied */
    ck_assert(linux_bzimage_parse(img, sizeof(img), &bz, &err));
    memset(zp, 0xaa, sizeof(zp));
    linux_build_zero_page(zp, img, &bz, 0x20000, 0x1000000000ULL, 0x123456,
                          e820, 2);
    ck_assert_mem_eq(zp + 0x202, "HdrS", 4);
    ck_assert_uint_eq(zp[0x1f1], 3);
    ck_assert_uint_eq(get(zp + 0x206, 2), 0x020f);
    ck_assert_uint_eq(zp[0x300], 0);
    ck_assert_uint_eq(zp[0x210], 0xff);
    ck_assert_uint_eq(get(zp + 0x1fa, 2), 0xffff);
    ck_assert_uint_eq(get(zp + 0x228, 4), 0x20000);
    ck_assert_uint_eq(get(zp + 0x0c8, 4), 0);
    /* An initrd above 4 GiB: the high halves go in ext_ramdisk_*. */
    ck_assert_uint_eq(get(zp + 0x218, 4), 0);
    ck_assert_uint_eq(get(zp + 0x0c0, 4), 0x10);
    ck_assert_uint_eq(get(zp + 0x21c, 4), 0x123456);
    ck_assert_uint_eq(get(zp + 0x0c4, 4), 0);
    ck_assert_uint_eq(zp[0x1e8], 2);
    ck_assert_uint_eq(get(zp + 0x2d0 + 8, 8), 0x9fc00);
    ck_assert_uint_eq(get(zp + 0x2d0 + 16, 4), 1);
    ck_assert_uint_eq(get(zp + 0x2d0 + 20, 8), 0x100000000ULL);
    ck_assert_uint_eq(get(zp + 0x2d0 + 28, 8), 0x40000000);

    /* No initrd: its fields stay 0. */
    linux_build_zero_page(zp, img, &bz, 0x20000, 0x5000, 0, e820, 1);
    ck_assert_uint_eq(get(zp + 0x218, 4), 0);
    ck_assert_uint_eq(get(zp + 0x21c, 4), 0);
    ck_assert_uint_eq(zp[0x1e8], 1);
}
END_TEST

static Suite *linux_boot_suite(void)
{
    Suite *s = suite_create("linux-boot");
    TCase *tc = tcase_create("bzimage");

    tcase_add_test(tc, parse_good_image);
    tcase_add_test(tc, malformed_images);
    tcase_add_test(tc, truncated_images);
    tcase_add_test(tc, zero_page);
    suite_add_tcase(s, tc);
    return s;
}

VIREO_CHECK_MAIN(linux_boot_suite)
