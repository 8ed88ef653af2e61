/*
 * hw/riscv/boot.c: the image loaders on made-up and truncated ELF, Linux
 * Image and raw files (refused with a message naming the file), where
 * kernel, initrd and device tree are placed, and the reset stub's code
 * (read back through the disassembler) and fw_dynamic information.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-check.h"
#include "hw/core/loader.h"
#include "hw/riscv/boot.h"
#include "softmmu/memory.h"
#include "target/riscv/disas.h"
#include "util/error.h"

#include <unistd.h>

#define ANY MEMTXATTRS_UNSPECIFIED
#define RAM_BASE 0x80000000ull
#define RAM_SIZE (64 * 1024 * 1024ull)
#define MiB (1024 * 1024ull)

static MemoryRegion sysmem, ram;
static AddressSpace as;
static GPtrArray *temps;

static void setup(void)
{
    memory_region_init(&sysmem, NULL, "sys", UINT64_MAX);
    ck_assert(memory_region_init_ram(&ram, NULL, "ram", RAM_SIZE, 0, NULL));
    memory_region_add_subregion(&sysmem, RAM_BASE, &ram);
    address_space_init(&as, &sysmem, "memory");
    temps = g_ptr_array_new_with_free_func(g_free);
}

static void teardown(void)
{
    for (unsigned i = 0; i < temps->len; i++) {
        unlink(g_ptr_array_index(temps, i));
    }
    g_ptr_array_unref(temps);
    rom_clear_all();
    address_space_destroy(&as);
    memory_region_unref(&sysmem);
    memory_region_unref(&ram);
}

static const char *temp_file(const void *data, size_t len)
{
    char *path = g_strdup("/tmp/vireo-test-boot-XXXXXX");
    int fd = mkstemp(path);

    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, data, len), (ssize_t)len);
    close(fd);
    g_ptr_array_add(temps, path);
    return path;
}

static void st16(uint8_t *p, uint16_t v)
{
    p[0] = v;
    p[1] = v >> 8;
}

static void st32(uint8_t *p, uint32_t v)
{
    st16(p, v);
    st16(p + 2, v >> 16);
}

static void st64(uint8_t *p, uint64_t v)
{
    st32(p, v);
    st32(p + 4, v >> 32);
}

static uint64_t ld64(hwaddr addr)
{
    return address_space_ldq_le(&as, addr, ANY, NULL);
}

/* A Linux Image header for image_size bytes with this text_offset. */
static uint8_t *linux_image(size_t len, uint64_t text_offset,
                            uint64_t image_size)
{
    uint8_t *d = g_malloc0(len);

    d[0] = 'M';
    d[1] = 'Z';
    st64(d + 8, text_offset);
    st64(d + 16, image_size);
    st32(d + 32, 2);
    memcpy(d + 0x30, "RISCV\0\0\0", 8);
    memcpy(d + 0x38, "RSC\x05", 4);
    for (size_t i = 64; i < len; i++) {
        d[i] = i;
    }
    return d;
}

/*
 * An ELF64 RISC-V file: segment 0 with 16 bytes of 0xaa at vaddr
 * 0xffffffff80000000 (paddr 0x80100000) plus 16 bytes of bss, segment 1
 * (a PT_NOTE, skipped), segment 2 with 8 bytes of 0xbb at 0x80200000.
 */
#define ELF_LEN (64 + 3 * 56 + 24)
static void make_elf(uint8_t *d)
{
    uint8_t *ph = d + 64;

    memset(d, 0, ELF_LEN);
    memcpy(d, "\x7f" "ELF", 4);
    d[4] = 2;
    d[5] = 1;
    d[6] = 1;
    st16(d + 16, 2);                    /* ET_EXEC */
    st16(d + 18, 243);
    st64(d + 24, 0xffffffff80000004ull);
    st64(d + 32, 64);
    st16(d + 54, 56);
    st16(d + 56, 3);
    st32(ph, 1);
    st64(ph + 8, 64 + 3 * 56);
    st64(ph + 16, 0xffffffff80000000ull);
    st64(ph + 24, 0x80100000);
    st64(ph + 32, 16);
    st64(ph + 40, 32);
    st32(ph + 56, 4);                   /* PT_NOTE */
    st32(ph + 112, 1);
    st64(ph + 112 + 8, 64 + 3 * 56 + 16);
    st64(ph + 112 + 16, 0x80200000);
    st64(ph + 112 + 24, 0x80200000);
    st64(ph + 112 + 32, 8);
    st64(ph + 112 + 40, 8);
    memset(d + 64 + 3 * 56, 0xaa, 16);
    memset(d + 64 + 3 * 56 + 16, 0xbb, 8);
}

START_TEST(linux_header_parsed)
{
    g_autofree uint8_t *d = linux_image(4096, 0x200000, 0x10000);
    RISCVLinuxHeader h;

    ck_assert_int_eq(riscv_linux_image_parse(d, 4096, "k", &h, NULL), 1);
    ck_assert_uint_eq(h.text_offset, 0x200000);
    ck_assert_uint_eq(h.image_size, 0x10000);
    ck_assert_uint_eq(h.version, 2);
    /* the deprecated magic alone is enough, and image_size 0: the file */
    memset(d + 0x38, 0, 4);
    st64(d + 16, 0);
    ck_assert_int_eq(riscv_linux_image_parse(d, 4096, "k", &h, NULL), 1);
    ck_assert_uint_eq(h.image_size, 4096);
    memset(d + 0x30, 0, 8);
    ck_assert_int_eq(riscv_linux_image_parse(d, 4096, "k", &h, NULL), 0);
}
END_TEST

START_TEST(linux_header_errors)
{
    g_autofree uint8_t *d = linux_image(4096, 0x200000, 0x10000);
    RISCVLinuxHeader h;

    EXPECT_FAIL(riscv_linux_image_parse(d, 0x3c, "cut.img", &h, &err_) >= 0,
                "'cut.img'", "truncated Linux Image header");
    st64(d + 16, 100);
    EXPECT_FAIL(riscv_linux_image_parse(d, 4096, "big.img", &h, &err_) >= 0,
                "'big.img'", "says 100 bytes but the file has 4096");
    st64(d + 16, 0x10000);
    st64(d + 24, 1);
    EXPECT_FAIL(riscv_linux_image_parse(d, 4096, "be.img", &h, &err_) >= 0,
                "'be.img'", "big-endian");
    st64(d + 24, 0);
    st64(d + 8, 0x200001);
    EXPECT_FAIL(riscv_linux_image_parse(d, 4096, "off.img", &h, &err_) >= 0,
                "'off.img'", "not page aligned");
}
END_TEST

START_TEST(elf_segments_loaded)
{
    uint8_t d[ELF_LEN];
    RISCVBootImage img;
    GError *err = NULL;

    make_elf(d);
    ck_assert(riscv_load_elf("kernel", "t.elf", d, sizeof(d), &as, &img,
                             &err));
    ck_assert_int_eq(img.kind, RISCV_IMAGE_ELF);
    ck_assert_uint_eq(img.entry, 0x80100004);   /* virtual -> physical */
    ck_assert_uint_eq(img.start, 0x80100000);
    ck_assert_uint_eq(img.end, 0x80200008);
    ck_assert_uint_eq(ld64(0x80100000), 0xaaaaaaaaaaaaaaaaull);
    ck_assert_uint_eq(ld64(0x80100008), 0xaaaaaaaaaaaaaaaaull);
    ck_assert_uint_eq(ld64(0x80100010), 0);     /* bss */
    ck_assert_uint_eq(ld64(0x80200000), 0xbbbbbbbbbbbbbbbbull);
    /* written again at reset */
    address_space_stq_le(&as, 0x80200000, 1, ANY, NULL);
    ck_assert(rom_reset_all(NULL));
    ck_assert_uint_eq(ld64(0x80200000), 0xbbbbbbbbbbbbbbbbull);
}
END_TEST

START_TEST(elf_errors_name_the_file)
{
    uint8_t d[ELF_LEN];
    RISCVBootImage img;

    make_elf(d);
    EXPECT_FAIL(riscv_load_elf("k", "a.elf", d, 40, &as, &img, &err_),
                "'a.elf'", "truncated ELF header");
    EXPECT_FAIL(riscv_load_elf("k", "b.elf", d, 64 + 56, &as, &img, &err_),
                "'b.elf'", "program header 1 extends past the end of the file");
    EXPECT_FAIL(riscv_load_elf("k", "c.elf", d, ELF_LEN - 4, &as, &img,
                               &err_),
                "'c.elf'", "segment 2 lies outside the file");
    d[18] = 62;                                  /* x86-64 */
    EXPECT_FAIL(riscv_load_elf("k", "d.elf", d, ELF_LEN, &as, &img, &err_),
                "'d.elf'", "ELF machine 62, expected 243");
    make_elf(d);
    d[4] = 1;                                    /* ELFCLASS32 */
    EXPECT_FAIL(riscv_load_elf("k", "e.elf", d, ELF_LEN, &as, &img, &err_),
                "'e.elf'", "not a 64-bit");
    make_elf(d);
    st32(d + 64, 4);
    st32(d + 64 + 112, 4);
    EXPECT_FAIL(riscv_load_elf("k", "f.elf", d, ELF_LEN, &as, &img, &err_),
                "'f.elf'", "nothing to load");
    make_elf(d);
    st64(d + 64 + 24, 0x10000);                  /* not RAM */
    EXPECT_FAIL(riscv_load_elf("k", "g.elf", d, ELF_LEN, &as, &img, &err_),
                "g.elf", "does not fit");
}
END_TEST

START_TEST(kernel_placement)
{
    g_autofree uint8_t *d = linux_image(4096, 0x200000, 0x300000);
    const char *image = temp_file(d, 4096);
    const char *raw = temp_file("\x13\0\0\0", 4);
    RISCVBootImage k;
    GError *err = NULL;

    /* Image after a small firmware: RAM base + text_offset */
    ck_assert(riscv_load_kernel(image, RAM_BASE + 0x40000, RAM_BASE,
                                RAM_SIZE, &as, &k, &err));
    ck_assert_int_eq(k.kind, RISCV_IMAGE_LINUX);
    ck_assert_uint_eq(k.start, RAM_BASE + 0x200000);
    ck_assert_uint_eq(k.entry, RAM_BASE + 0x200000);
    ck_assert_uint_eq(k.end, RAM_BASE + 0x500000);  /* image_size */
    ck_assert_uint_eq(ld64(RAM_BASE + 0x200030), 0x5643534952ull);
    rom_clear_all();
    /* a firmware past text_offset: next 2 MiB boundary */
    ck_assert(riscv_load_kernel(image, RAM_BASE + 0x200001, RAM_BASE,
                                RAM_SIZE, &as, &k, &err));
    ck_assert_uint_eq(k.start, RAM_BASE + 0x400000);
    rom_clear_all();
    /* raw: at the boundary; with no firmware at RAM base itself */
    ck_assert(riscv_load_kernel(raw, RAM_BASE + 0x1000, RAM_BASE, RAM_SIZE,
                                &as, &k, &err));
    ck_assert_int_eq(k.kind, RISCV_IMAGE_RAW);
    ck_assert_uint_eq(k.start, RAM_BASE + 0x200000);
    ck_assert_uint_eq(k.end, RAM_BASE + 0x200004);
    rom_clear_all();
    ck_assert(riscv_load_kernel(raw, RAM_BASE, RAM_BASE, RAM_SIZE, &as, &k,
                                &err));
    ck_assert_uint_eq(k.entry, RAM_BASE);
}
END_TEST

START_TEST(kernel_errors_name_the_file)
{
    g_autofree uint8_t *d = linux_image(4096, 0x200000, RAM_SIZE);
    const char *huge = temp_file(d, 4096);
    const char *empty = temp_file("", 0);
    const char *cut = temp_file(d, 0x3c);
    RISCVBootImage k;

    EXPECT_FAIL(riscv_load_kernel(huge, RAM_BASE, RAM_BASE, RAM_SIZE, &as,
                                  &k, &err_), huge, "past the end of RAM");
    EXPECT_FAIL(riscv_load_kernel(empty, RAM_BASE, RAM_BASE, RAM_SIZE, &as,
                                  &k, &err_), empty, "is empty");
    EXPECT_FAIL(riscv_load_kernel(cut, RAM_BASE, RAM_BASE, RAM_SIZE, &as,
                                  &k, &err_), cut, "truncated");
    EXPECT_FAIL(riscv_load_kernel("/nonexistent/k", RAM_BASE, RAM_BASE,
                                  RAM_SIZE, &as, &k, &err_),
                "/nonexistent/k", NULL);
    EXPECT_FAIL(riscv_load_firmware("/nonexistent/fw", RAM_BASE, &as, &k,
                                    &err_), "/nonexistent/fw", NULL);
    EXPECT_FAIL(riscv_load_firmware(empty, RAM_BASE, &as, &k, &err_), empty,
                "is empty");
}
END_TEST

START_TEST(firmware_raw_and_elf)
{
    uint8_t d[ELF_LEN];
    const char *raw = temp_file("\x97\x02\0\0", 4);
    const char *elf;
    RISCVBootImage fw;
    GError *err = NULL;

    ck_assert(riscv_load_firmware(raw, RAM_BASE, &as, &fw, &err));
    ck_assert_uint_eq(fw.entry, RAM_BASE);
    ck_assert_uint_eq(fw.end, RAM_BASE + 4);
    rom_clear_all();
    make_elf(d);
    elf = temp_file(d, sizeof(d));
    ck_assert(riscv_load_firmware(elf, RAM_BASE, &as, &fw, &err));
    ck_assert_int_eq(fw.kind, RISCV_IMAGE_ELF);
    ck_assert_uint_eq(fw.entry, 0x80100004);
}
END_TEST

START_TEST(initrd_placement)
{
    const char *rd = temp_file("initrd", 6);
    g_autofree uint8_t *big = g_malloc0(RAM_SIZE / 2 + 1);
    const char *too_big = temp_file(big, RAM_SIZE / 2 + 1);
    RISCVBootImage r;
    GError *err = NULL;

    /* 64 MiB of RAM: half way up */
    ck_assert(riscv_load_initrd(rd, RAM_BASE + 0x500000, RAM_BASE, RAM_SIZE,
                                &as, &r, &err));
    ck_assert_uint_eq(r.start, RAM_BASE + RAM_SIZE / 2);
    ck_assert_uint_eq(r.end, RAM_BASE + RAM_SIZE / 2 + 6);
    rom_clear_all();
    /* a kernel reaching past that: just after it, page aligned */
    ck_assert(riscv_load_initrd(rd, RAM_BASE + RAM_SIZE / 2 + 1, RAM_BASE,
                                RAM_SIZE, &as, &r, &err));
    ck_assert_uint_eq(r.start, RAM_BASE + RAM_SIZE / 2 + 0x1000);
    rom_clear_all();
    EXPECT_FAIL(riscv_load_initrd(too_big, RAM_BASE, RAM_BASE, RAM_SIZE, &as,
                                  &r, &err_), too_big, "does not fit");
    EXPECT_FAIL(riscv_load_initrd(temp_file("", 0), RAM_BASE, RAM_BASE,
                                  RAM_SIZE, &as, &r, &err_), "is empty",
                NULL);
}
END_TEST

START_TEST(fdt_placement)
{
    ck_assert_uint_eq(riscv_fdt_addr(RAM_BASE, 128 * MiB, 0x2000),
                      0x87e00000);
    ck_assert_uint_eq(riscv_fdt_addr(RAM_BASE, 16384 * MiB, 0x2000),
                      0xffe00000);                  /* below 4 GiB */
    ck_assert_uint_eq(riscv_fdt_addr(RAM_BASE, 2048 * MiB, 0x200000),
                      0xffe00000);
}
END_TEST

START_TEST(reset_stub_code_and_info)
{
    static const char *const expect[] = {
        "auipc t0,0x0",
        "addi a2,t0,40",
        "csrr a0,mhartid",
        "ld a1,32(t0)",
        "ld t0,24(t0)",
        "jr t0",
    };
    uint8_t stub[RISCV_RESET_STUB_SIZE];
    const uint8_t *info = stub + RISCV_RESET_STUB_INFO;
    char text[64];

    riscv_reset_stub_build(stub, 0x80000000, 0x87e00000, 0x80200000);
    for (size_t i = 0; i < G_N_ELEMENTS(expect); i++) {
        uint32_t insn = stub[4 * i] | stub[4 * i + 1] << 8 |
                        stub[4 * i + 2] << 16 | (uint32_t)stub[4 * i + 3]
                        << 24;
        ck_assert_int_eq(riscv_disas(text, sizeof(text), 0x1000 + 4 * i,
                                     insn), 4);
        /* objdump separates mnemonic and operands with whitespace */
        g_auto(GStrv) words = g_strsplit_set(text, " \t", 2);
        g_autofree char *rest = g_strstrip(g_strdup(words[1] ? words[1]
                                                              : ""));
        g_autofree char *norm = g_strdup_printf("%s %s", words[0], rest);
        ck_assert_str_eq(norm, expect[i]);
    }
#define LD64(p) ((uint64_t)(p)[0] | (uint64_t)(p)[1] << 8 |              \
                 (uint64_t)(p)[2] << 16 | (uint64_t)(p)[3] << 24 |       \
                 (uint64_t)(p)[4] << 32 | (uint64_t)(p)[5] << 40 |       \
                 (uint64_t)(p)[6] << 48 | (uint64_t)(p)[7] << 56)
    ck_assert_uint_eq(LD64(stub + 0x18), 0x80000000);
    ck_assert_uint_eq(LD64(stub + 0x20), 0x87e00000);
    ck_assert_uint_eq(LD64(info), 0x4942534f);
    ck_assert_uint_eq(LD64(info + 8), 2);
    ck_assert_uint_eq(LD64(info + 16), 0x80200000);
    ck_assert_uint_eq(LD64(info + 24), 1);          /* S-mode */
    ck_assert_uint_eq(LD64(info + 32), 0);
    ck_assert_uint_eq(LD64(info + 40), 0);
    ck_assert_uint_eq(RISCV_RESET_STUB_INFO + 48, RISCV_RESET_STUB_SIZE);
}
END_TEST

static Suite *riscv_boot_suite(void)
{
    Suite *su = suite_create("riscv-boot");
    TCase *tc = tcase_create("boot");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, linux_header_parsed);
    tcase_add_test(tc, linux_header_errors);
    tcase_add_test(tc, elf_segments_loaded);
    tcase_add_test(tc, elf_errors_name_the_file);
    tcase_add_test(tc, kernel_placement);
    tcase_add_test(tc, kernel_errors_name_the_file);
    tcase_add_test(tc, firmware_raw_and_elf);
    tcase_add_test(tc, initrd_placement);
    tcase_add_test(tc, fdt_placement);
    tcase_add_test(tc, reset_stub_code_and_info);
    suite_add_tcase(su, tc);
    return su;
}

VIREO_CHECK_MAIN(riscv_boot_suite)
