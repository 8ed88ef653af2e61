/*
 * hw/i386/pvh.c: PVH note and ELF parsing on made-up images (well formed,
 * malformed and truncated), and the hvm_start_info layout.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-check.h"
#include "hw/i386/pvh.h"
#include "util/error.h"

#include <string.h>

static uint8_t img[4096];

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

/*
 * An ELF64 image: PT_LOAD of 0x100 file bytes at 0x200 to 0x100000
 * (memsz 0x300), PT_NOTE at 0x400 holding the PVH note (desc of
 * desc_size bytes) with entry 0x100040.
 */
static void make_elf64(unsigned desc_size)
{
    uint8_t *ph;

    memset(img, 0, sizeof(img));
    memcpy(img, "\177ELF", 4);
    img[4] = 2;
    img[5] = 1;
    put(img + 16, 2, 2);            /* ET_EXEC */
    put(img + 18, 62, 2);
    put(img + 32, 64, 8);           /* phoff */
    put(img + 54, 56, 2);           /* phentsize */
    put(img + 56, 2, 2);            /* phnum */
    ph = img + 64;
    put(ph, 1, 4);
    put(ph + 8, 0x200, 8);
    put(ph + 24, 0x100000, 8);
    put(ph + 32, 0x100, 8);
    put(ph + 40, 0x300, 8);
    ph += 56;
    put(ph, 4, 4);
    put(ph + 8, 0x400, 8);
    put(ph + 32, 16 + desc_size, 8);
    put(img + 0x400, 4, 4);
    put(img + 0x404, desc_size, 4);
    put(img + 0x408, XEN_ELFNOTE_PHYS32_ENTRY, 4);
    memcpy(img + 0x40c, "Xen", 4);
    put(img + 0x410, 0x100040, desc_size);
}

START_TEST(elf64_with_note)
{
    PVHImage pi;
    GError *err = NULL;

    make_elf64(8);
    ck_assert(pvh_is_elf(img, sizeof(img)));
    ck_assert(pvh_elf_parse(img, sizeof(img), &pi, &err));
    ck_assert_uint_eq(pi.entry, 0x100040);
    ck_assert_uint_eq(pi.nr_segments, 1);
    ck_assert_uint_eq(pi.segments[0].paddr, 0x100000);
    ck_assert_uint_eq(pi.segments[0].offset, 0x200);
    ck_assert_uint_eq(pi.segments[0].filesz, 0x100);
    ck_assert_uint_eq(pi.segments[0].memsz, 0x300);
    ck_assert_uint_eq(pi.lowest, 0x100000);
    ck_assert_uint_eq(pi.highest, 0x100300);
    pvh_image_clear(&pi);
    ck_assert_ptr_null(pi.segments);

    make_elf64(4);                  /* a 32-bit desc works too */
    ck_assert(pvh_elf_parse(img, sizeof(img), &pi, &err));
    ck_assert_uint_eq(pi.entry, 0x100040);
    pvh_image_clear(&pi);
}
END_TEST

#define expect_error(len, msg) expect_error_at(__LINE__, len, msg)
static void expect_error_at(int line, size_t len, const char *msg)
{
    PVHImage pi;
    GError *err = NULL;

    ck_assert_msg(!pvh_elf_parse(img, len, &pi, &err), "line %d", line);
    ck_assert_ptr_nonnull(err);
    ck_assert_msg(strstr(err->message, msg), "'%s' lacks '%s'",
                  err->message, msg);
    ck_assert(g_error_matches(err, VIREO_ERROR, VIREO_ERROR_INVALID));
    ck_assert_ptr_null(pi.segments);
    g_error_free(err);
}

START_TEST(malformed_images)
{
    make_elf64(8);
    expect_error(40, "truncated ELF header");
    expect_error(3, "not an ELF file");
    img[4] = 3;
    expect_error(sizeof(img), "unknown ELF class 3");
    make_elf64(8);
    img[5] = 2;
    expect_error(sizeof(img), "not a little-endian");
    make_elf64(8);
    put(img + 18, 183, 2);
    expect_error(sizeof(img), "ELF machine 183 is not x86");
    make_elf64(8);
    put(img + 32, 4090, 8);
    expect_error(sizeof(img), "program header 0 extends past the end");
    make_elf64(8);
    put(img + 56, 0, 2);
    expect_error(sizeof(img), "no program headers");
    make_elf64(8);
    memset(img + 0x400, 0, 0x20);   /* the extra headers are empty */
    put(img + 56, 65, 2);
    expect_error(sizeof(img), "65 entries, at most 64");
    make_elf64(8);
    put(img + 0x408, 17, 4);        /* some other Xen note */
    expect_error(sizeof(img), "no PVH entry note");
    make_elf64(8);
    put(img + 0x410, 0x100000000ULL, 8);
    expect_error(sizeof(img), "above 4 GiB");
    make_elf64(8);
    put(img + 0x404, 2, 4);
    put(img + 64 + 56 + 32, 20, 8);
    expect_error(sizeof(img), "has 2 bytes");
    make_elf64(8);
    put(img + 0x404, 400, 4);       /* desc runs past the segment */
    expect_error(sizeof(img), "note runs past");
    make_elf64(8);
    put(img + 64 + 24, 0xffffff00, 8);  /* crosses 4 GiB */
    expect_error(sizeof(img), "does not fit below 4 GiB");
    make_elf64(8);
    put(img + 64 + 32, 0x400, 8);   /* filesz > memsz */
    expect_error(sizeof(img), "more file bytes than memory bytes");
    make_elf64(8);
    put(img + 64 + 56 + 8, 0x2000, 8);  /* note outside the file */
    expect_error(sizeof(img), "lies outside the file");
    make_elf64(8);
    put(img + 64, 6, 4);            /* PT_PHDR: nothing to load */
    expect_error(sizeof(img), "nothing to load");
}
END_TEST

START_TEST(truncated_image)
{
    make_elf64(8);
    /* The note at 0x400 is cut off: every prefix fails, none crashes. */
    for (size_t len = 0; len < 0x418; len += 7) {
        PVHImage pi;
        GError *err = NULL;
        ck_assert(!pvh_elf_parse(img, len, &pi, &err));
        ck_assert_ptr_nonnull(err);
        g_error_free(err);
    }
}
END_TEST

START_TEST(start_info_layout)
{
    uint8_t buf[PVH_START_INFO_SIZE];
    uint8_t map[2 * PVH_MEMMAP_ENTRY_SIZE];
    PVHMemmapEntry e[2] = {
        { 0, 0x9fc00, PVH_MEMMAP_RAM },
        { 0x100000000ULL, 0x40000000, PVH_MEMMAP_RAM },
    };

    memset(buf, 0xaa, sizeof(buf));
    pvh_build_start_info(buf, 0x7000, 0x6400, 1, 0x6040, 2);
    ck_assert_uint_eq(get(buf, 4), 0x336ec578);
    ck_assert_uint_eq(get(buf + 4, 4), 1);
    ck_assert_uint_eq(get(buf + 8, 4), 0);
    ck_assert_uint_eq(get(buf + 12, 4), 1);
    ck_assert_uint_eq(get(buf + 16, 8), 0x6400);
    ck_assert_uint_eq(get(buf + 24, 8), 0x7000);
    ck_assert_uint_eq(get(buf + 32, 8), 0);
    ck_assert_uint_eq(get(buf + 40, 8), 0x6040);
    ck_assert_uint_eq(get(buf + 48, 4), 2);
    ck_assert_uint_eq(get(buf + 52, 4), 0);

    memset(map, 0xaa, sizeof(map));
    pvh_build_memmap(map, e, 2);
    ck_assert_uint_eq(get(map + 8, 8), 0x9fc00);
    ck_assert_uint_eq(get(map + 16, 4), 1);
    ck_assert_uint_eq(get(map + 20, 4), 0);
    ck_assert_uint_eq(get(map + 24, 8), 0x100000000ULL);
    ck_assert_uint_eq(get(map + 32, 8), 0x40000000);
}
END_TEST

static Suite *pvh_suite(void)
{
    Suite *s = suite_create("pvh");
    TCase *tc = tcase_create("pvh");

    tcase_add_test(tc, elf64_with_note);
    tcase_add_test(tc, malformed_images);
    tcase_add_test(tc, truncated_image);
    tcase_add_test(tc, start_info_layout);
    suite_add_tcase(s, tc);
    return s;
}

VIREO_CHECK_MAIN(pvh_suite)
