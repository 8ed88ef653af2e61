/*
 * hw/core/loader.c: blobs and files registered, checked for fit and
 * overlap, written into guest memory and written again on reset.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-check.h"
#include "hw/core/loader.h"
#include "softmmu/memory.h"
#include "util/error.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define ANY MEMTXATTRS_UNSPECIFIED
#define RAM_BASE 0x80000000u
#define RAM_SIZE 0x10000u

static MemoryRegion sysmem, ram, rom;
static AddressSpace as;

static void machine_init(void)
{
    memory_region_init(&sysmem, NULL, "sys", UINT64_MAX);
    ck_assert(memory_region_init_ram(&ram, NULL, "ram", RAM_SIZE, 0, NULL));
    ck_assert(memory_region_init_rom(&rom, NULL, "mrom", 0x1000, NULL));
    memory_region_add_subregion(&sysmem, RAM_BASE, &ram);
    memory_region_add_subregion(&sysmem, 0x1000, &rom);
    address_space_init(&as, &sysmem, "memory");
}

static void machine_fini(void)
{
    rom_clear_all();
    address_space_destroy(&as);
    memory_region_unref(&sysmem);
    memory_region_unref(&ram);
    memory_region_unref(&rom);
}

/* A temporary file holding len bytes of pattern; g_free + unlink it. */
static char *temp_file(size_t len, uint8_t seed)
{
    char *path = g_strdup("/tmp/vireo-test-loader-XXXXXX");
    int fd = mkstemp(path);
    g_autofree uint8_t *data = g_malloc(len + 1);

    ck_assert_int_ge(fd, 0);
    for (size_t i = 0; i < len; i++) {
        data[i] = seed + i;
    }
    ck_assert_int_eq(write(fd, data, len), (ssize_t)len);
    close(fd);
    return path;
}

START_TEST(blob_written_and_reloaded_on_reset)
{
    const uint8_t fw[8] = { 0x97, 0x02, 0, 0, 0x13, 0x05, 0, 0 };
    const uint8_t stub[4] = { 1, 2, 3, 4 };
    GError *err = NULL;
    uint8_t back[8];
    char *text = NULL;
    size_t size = 0;
    FILE *f;

    machine_init();
    ck_assert(rom_add_blob("fw", fw, sizeof(fw), RAM_BASE, &as, &err));
    ck_assert(rom_add_blob("reset-stub", stub, 4, 0x1000, &as, &err));
    ck_assert_ptr_null(err);
    ck_assert_mem_eq(memory_region_get_ram_ptr(&ram), fw, sizeof(fw));
    ck_assert_mem_eq(memory_region_get_ram_ptr(&rom), stub, 4);

    /* The guest scribbles over its firmware; a cold reset restores it. */
    address_space_stq_le(&as, RAM_BASE, 0, ANY, NULL);
    ck_assert_uint_eq(address_space_ldq_le(&as, RAM_BASE, ANY, NULL), 0);
    memset(memory_region_get_ram_ptr(&rom), 0, 4);
    ck_assert(rom_reset_all(&err));
    ck_assert_int_eq(address_space_read(&as, RAM_BASE, ANY, back, 8),
                     MEMTX_OK);
    ck_assert_mem_eq(back, fw, sizeof(fw));
    ck_assert_mem_eq(memory_region_get_ram_ptr(&rom), stub, 4);

    /* A board patches the registered copy before reset. */
    uint8_t *p = rom_ptr(&as, RAM_BASE + 4, 4);
    ck_assert_ptr_nonnull(p);
    ck_assert_uint_eq(p[0], 0x13);
    p[0] = 0x77;
    ck_assert(rom_reset_all(&err));
    ck_assert_uint_eq(address_space_ldub(&as, RAM_BASE + 4, ANY, NULL), 0x77);
    ck_assert_ptr_null(rom_ptr(&as, RAM_BASE + 4, 8));
    ck_assert_ptr_null(rom_ptr(&as, RAM_BASE + 0x100, 1));

    f = open_memstream(&text, &size);
    rom_list_print(f);
    fclose(f);
    ck_assert_str_eq(text,
                     "memory: addr=0x1000 size=0x4 name=\"reset-stub\"\n"
                     "memory: addr=0x80000000 size=0x8 name=\"fw\"\n");
    free(text);
    machine_fini();
}
END_TEST

START_TEST(file_loaded_whole)
{
    g_autofree char *path = temp_file(3000, 7);
    GError *err = NULL;
    const uint8_t *ram_ptr;

    machine_init();
    ck_assert_int_eq(rom_add_file("kernel", path, RAM_BASE + 0x200, 0x1000,
                                  &as, &err), 3000);
    ck_assert_ptr_null(err);
    ram_ptr = memory_region_get_ram_ptr(&ram);
    ck_assert_uint_eq(ram_ptr[0x200], 7);
    ck_assert_uint_eq(ram_ptr[0x200 + 2999], (uint8_t)(7 + 2999));
    ck_assert_uint_eq(ram_ptr[0x200 + 3000], 0);
    unlink(path);
    machine_fini();
}
END_TEST

START_TEST(missing_file_says_why)
{
    GError *err = NULL;

    machine_init();
    ck_assert_int_eq(rom_add_file("initrd", "/nonexistent/initrd.img",
                                  RAM_BASE, 0, &as, &err), -1);
    ck_assert(g_error_matches(err, VIREO_ERROR, VIREO_ERROR_IO));
    ck_assert_str_eq(err->message, "initrd: cannot open "
                     "'/nonexistent/initrd.img': No such file or directory");
    g_clear_error(&err);

    ck_assert_int_eq(rom_add_file("bios", "/tmp", RAM_BASE, 0, &as, &err),
                     -1);
    ck_assert_ptr_nonnull(strstr(err->message, "Is a directory"));
    g_clear_error(&err);
    ck_assert_int_eq(load_image_size("/nonexistent/x", &err), -1);
    ck_assert_ptr_nonnull(strstr(err->message, "No such file"));
    g_clear_error(&err);
    ck_assert_int_eq(load_image_size("/tmp", &err), -1);
    ck_assert_ptr_nonnull(strstr(err->message, "not a regular file"));
    g_clear_error(&err);
    machine_fini();
}
END_TEST

START_TEST(file_too_big_names_sizes)
{
    g_autofree char *path = temp_file(5000, 0);
    GError *err = NULL;
    size_t len = 0;
    uint8_t *data;

    machine_init();
    ck_assert_int_eq(rom_add_file("bios", path, RAM_BASE, 4096, &as, &err),
                     -1);
    ck_assert(g_error_matches(err, VIREO_ERROR, VIREO_ERROR_INVALID));
    ck_assert_ptr_nonnull(strstr(err->message, "bios: "));
    ck_assert_ptr_nonnull(strstr(err->message, "5000 bytes"));
    ck_assert_ptr_nonnull(strstr(err->message, "4096 bytes"));
    g_clear_error(&err);

    /* No max_size, but the RAM ends 1000 bytes after the load address. */
    ck_assert_int_eq(rom_add_file("kernel", path, RAM_BASE + RAM_SIZE - 1000,
                                  0, &as, &err), -1);
    ck_assert_str_eq(err->message, "'kernel' (5000 bytes) does not fit at "
                     "0x8000fc18: only 1000 bytes of RAM/ROM there in "
                     "'memory'");
    g_clear_error(&err);

    ck_assert_int_eq(load_image_size(path, &err), 5000);
    data = load_image_data(path, 5000, &len, &err);
    ck_assert_ptr_nonnull(data);
    ck_assert_uint_eq(len, 5000);
    ck_assert_uint_eq(data[4999], (uint8_t)4999);
    g_free(data);
    ck_assert_ptr_null(load_image_data(path, 4999, &len, &err));
    g_clear_error(&err);
    /* A device file has no size to check first: the read loop stops. */
    ck_assert_ptr_null(load_image_data("/dev/zero", 100000, &len, &err));
    ck_assert_str_eq(err->message, "'/dev/zero' holds more than the 100000 "
                     "bytes it may take");
    g_clear_error(&err);
    unlink(path);
    machine_fini();
}
END_TEST

START_TEST(overlap_names_both_blobs)
{
    const uint8_t a[16] = { 0xaa }, b[16] = { 0xbb };
    GError *err = NULL;

    machine_init();
    ck_assert(rom_add_blob("fdt", a, 16, RAM_BASE + 0x100, &as, &err));
    ck_assert(!rom_add_blob("initrd", b, 16, RAM_BASE + 0x10f, &as, &err));
    ck_assert_str_eq(err->message, "'initrd' (0x8000010f-0x8000011e) "
                     "overlaps 'fdt' (0x80000100-0x8000010f)");
    g_clear_error(&err);
    /* Nothing of the refused blob reached memory. */
    ck_assert_uint_eq(address_space_ldub(&as, RAM_BASE + 0x110, ANY, NULL),
                      0);
    /* Touching but not overlapping is fine. */
    ck_assert(rom_add_blob("initrd", b, 16, RAM_BASE + 0x110, &as, &err));
    machine_fini();
}
END_TEST

START_TEST(blob_outside_memory_or_empty)
{
    const uint8_t a[16] = { 0 };
    GError *err = NULL;

    machine_init();
    ck_assert(!rom_add_blob("dtb", a, 16, 0x40000000, &as, &err));
    ck_assert_ptr_nonnull(strstr(err->message, "only 0 bytes"));
    g_clear_error(&err);
    ck_assert(!rom_add_blob("dtb", a, 0, RAM_BASE, &as, &err));
    ck_assert_str_eq(err->message, "'dtb' is empty");
    g_clear_error(&err);
    ck_assert(!rom_add_blob("dtb", a, 16, UINT64_MAX - 4, &as, &err));
    ck_assert_ptr_nonnull(strstr(err->message, "past the end"));
    g_clear_error(&err);
    machine_fini();
}
END_TEST

START_TEST(reset_fails_when_memory_went_away)
{
    const uint8_t a[4] = { 1, 2, 3, 4 };
    GError *err = NULL;

    machine_init();
    ck_assert(rom_add_blob("fw", a, 4, RAM_BASE, &as, &err));
    memory_region_del_subregion(&sysmem, &ram);
    ck_assert(!rom_reset_all(&err));
    ck_assert_ptr_nonnull(strstr(err->message, "'fw'"));
    g_clear_error(&err);
    machine_fini();
}
END_TEST

static Suite *loader_suite(void)
{
    Suite *s = suite_create("loader");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, blob_written_and_reloaded_on_reset);
    tcase_add_test(tc, file_loaded_whole);
    tcase_add_test(tc, missing_file_says_why);
    tcase_add_test(tc, file_too_big_names_sizes);
    tcase_add_test(tc, overlap_names_both_blobs);
    tcase_add_test(tc, blob_outside_memory_or_empty);
    tcase_add_test(tc, reset_fails_when_memory_went_away);
    suite_add_tcase(s, tc);
    return s;
}

VIREO_CHECK_MAIN(loader_suite)
