/*
 * RISC-V boot: image loaders (ELF64, Linux RISC-V Image, raw), placement
 * of kernel, initrd and device tree in RAM, and the reset stub with the
 * fw_dynamic information OpenSBI reads (include/sbi/fw_dynamic.h).
 * Every byte goes through rom_add_blob/rom_add_file so a reset reloads it.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "hw/riscv/boot.h"
#include "hw/core/elf.h"
#include "hw/core/loader.h"
#include "util/error.h"

#include <string.h>

#define MiB (1024 * 1024ull)

static uint16_t ld16(const uint8_t *p)
{
    return p[0] | p[1] << 8;
}

static uint32_t ld32(const uint8_t *p)
{
    return ld16(p) | (uint32_t)ld16(p + 2) << 16;
}

static uint64_t ld64(const uint8_t *p)
{
    return ld32(p) | (uint64_t)ld32(p + 4) << 32;
}

static void st32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++) {
        p[i] = v >> (8 * i);
    }
}

static void st64(uint8_t *p, uint64_t v)
{
    st32(p, v);
    st32(p + 4, v >> 32);
}

static hwaddr align_up(hwaddr v, hwaddr align)
{
    return (v + align - 1) & ~(align - 1);
}

int riscv_linux_image_parse(const uint8_t *data, size_t len,
                            const char *path, RISCVLinuxHeader *hdr,
                            GError **errp)
{
    bool magic = len >= RISCV_LINUX_MAGIC_OFFSET + 8 &&
                 memcmp(data + RISCV_LINUX_MAGIC_OFFSET, "RISCV\0\0\0",
                        8) == 0;
    bool magic2 = len >= RISCV_LINUX_MAGIC2_OFFSET + 4 &&
                  memcmp(data + RISCV_LINUX_MAGIC2_OFFSET, "RSC\x05", 4) == 0;

    if (!magic && !magic2) {
        return 0;
    }
    if (len < RISCV_LINUX_HEADER_SIZE) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "'%s': truncated Linux Image header (%zu of %d "
                        "bytes)", path, len, RISCV_LINUX_HEADER_SIZE);
        return -1;
    }
    hdr->text_offset = ld64(data + 8);
    hdr->image_size = ld64(data + 16);
    hdr->flags = ld64(data + 24);
    hdr->version = ld32(data + 32);
    if (hdr->flags & 1) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "'%s': big-endian Linux Image", path);
        return -1;
    }
    if (hdr->image_size && hdr->image_size < len) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "'%s': Linux Image header says %" PRIu64 " bytes "
                        "but the file has %zu", path, hdr->image_size, len);
        return -1;
    }
    if (hdr->text_offset % RISCV_INITRD_ALIGN) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "'%s': Linux Image text_offset 0x%" PRIx64 " is "
                        "not page aligned", path, hdr->text_offset);
        return -1;
    }
    if (!hdr->image_size) {
        hdr->image_size = len;      /* headers before 4.x leave it 0 */
    }
    return 1;
}

bool riscv_load_elf(const char *name, const char *path, const uint8_t *data,
                    size_t len, AddressSpace *as, RISCVBootImage *out,
                    GError **errp)
{
    ElfImage elf;
    unsigned loaded = 0;
    bool entry_found = false;

    if (!elf_parse(&elf, path, data, len, ELFCLASS64, EM_RISCV, errp)) {
        return false;
    }
    if (elf.big_endian) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "'%s': not a little-endian RISC-V ELF file", path);
        return false;
    }
    *out = (RISCVBootImage){ .kind = RISCV_IMAGE_ELF, .start = UINT64_MAX };

    for (unsigned i = 0; i < elf.phnum; i++) {
        ElfSegment s;
        g_autofree char *seg = NULL;

        elf_get_segment(&elf, i, &s);
        if (s.type != PT_LOAD || s.memsz == 0) {
            continue;
        }
        seg = g_strdup_printf("%s %s[%u]", name, path, i);
        if (s.filesz && !rom_add_blob(seg, data + s.offset, s.filesz,
                                      s.paddr, as, errp)) {
            return false;
        }
        if (s.memsz > s.filesz) {
            g_autofree uint8_t *zero = g_try_malloc0(s.memsz - s.filesz);
            g_autofree char *bss = g_strdup_printf("%s.bss", seg);
            if (!zero) {
                vireo_error_set(errp, VIREO_ERROR_INVALID,
                                "'%s': ELF segment %u is too large", path, i);
                return false;
            }
            if (!rom_add_blob(bss, zero, s.memsz - s.filesz,
                              s.paddr + s.filesz, as, errp)) {
                return false;
            }
        }
        /* The entry point is virtual; run it where the segment landed. */
        if (!entry_found && elf.entry >= s.vaddr &&
            elf.entry - s.vaddr < s.memsz) {
            out->entry = s.paddr + (elf.entry - s.vaddr);
            entry_found = true;
        }
        out->start = MIN(out->start, s.paddr);
        out->end = MAX(out->end, s.paddr + s.memsz);
        loaded++;
    }
    if (!loaded) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "'%s': ELF file has nothing to load", path);
        return false;
    }
    if (!entry_found) {
        out->entry = elf.entry;
    }
    return true;
}

/* Raw data at addr, as one blob. */
static bool load_raw(const char *name, const char *path, const uint8_t *data,
                     size_t len, hwaddr addr, AddressSpace *as,
                     RISCVBootImage *out, GError **errp)
{
    g_autofree char *blob = g_strdup_printf("%s %s", name, path);

    if (!rom_add_blob(blob, data, len, addr, as, errp)) {
        return false;
    }
    *out = (RISCVBootImage){ .kind = RISCV_IMAGE_RAW, .start = addr,
                             .end = addr + len, .entry = addr };
    return true;
}

bool riscv_load_firmware(const char *path, hwaddr ram_base,
                         AddressSpace *as, RISCVBootImage *out,
                         GError **errp)
{
    size_t len;
    g_autofree uint8_t *data = load_image_data(path, 0, &len, errp);

    if (!data) {
        return false;
    }
    if (elf_is_elf(data, len)) {
        return riscv_load_elf("firmware", path, data, len, as, out, errp);
    }
    if (len == 0) {
        vireo_error_set(errp, VIREO_ERROR_INVALID, "'%s' is empty", path);
        return false;
    }
    return load_raw("firmware", path, data, len, ram_base, as, out, errp);
}

bool riscv_load_kernel(const char *path, hwaddr min_addr, hwaddr ram_base,
                       uint64_t ram_size, AddressSpace *as,
                       RISCVBootImage *out, GError **errp)
{
    size_t len;
    g_autofree uint8_t *data = load_image_data(path, ram_size, &len, errp);
    RISCVLinuxHeader hdr;
    hwaddr addr;
    int is_image;

    if (!data) {
        return false;
    }
    if (len == 0) {
        vireo_error_set(errp, VIREO_ERROR_INVALID, "'%s' is empty", path);
        return false;
    }
    if (elf_is_elf(data, len)) {
        return riscv_load_elf("kernel", path, data, len, as, out, errp);
    }
    is_image = riscv_linux_image_parse(data, len, path, &hdr, errp);
    if (is_image < 0) {
        return false;
    }
    addr = align_up(min_addr, RISCV_KERNEL_ALIGN);
    if (is_image) {
        if (hdr.text_offset < ram_size) {
            addr = MAX(addr, ram_base + hdr.text_offset);
        }
        if (addr - ram_base > ram_size ||
            ram_size - (addr - ram_base) < hdr.image_size) {
            vireo_error_set(errp, VIREO_ERROR_INVALID,
                            "'%s': the kernel needs %" PRIu64 " bytes at "
                            "0x%" PRIx64 ", past the end of RAM (-m)", path,
                            hdr.image_size, addr);
            return false;
        }
    }
    if (!load_raw("kernel", path, data, len, addr, as, out, errp)) {
        return false;
    }
    if (is_image) {
        out->kind = RISCV_IMAGE_LINUX;
        out->end = addr + hdr.image_size;
    }
    return true;
}

bool riscv_load_initrd(const char *path, hwaddr kernel_end, hwaddr ram_base,
                       uint64_t ram_size, AddressSpace *as,
                       RISCVBootImage *out, GError **errp)
{
    size_t len;
    g_autofree uint8_t *data = load_image_data(path, ram_size, &len, errp);
    hwaddr addr;

    if (!data) {
        return false;
    }
    if (len == 0) {
        vireo_error_set(errp, VIREO_ERROR_INVALID, "'%s' is empty", path);
        return false;
    }
    addr = ram_base + MIN(ram_size / 2, 128 * MiB);
    addr = align_up(MAX(addr, kernel_end), RISCV_INITRD_ALIGN);
    if (addr - ram_base > ram_size || ram_size - (addr - ram_base) < len) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "'%s' (%zu bytes) does not fit in RAM above the "
                        "kernel at 0x%" PRIx64 " (-m)", path, len, addr);
        return false;
    }
    return load_raw("initrd", path, data, len, addr, as, out, errp);
}

hwaddr riscv_fdt_addr(hwaddr ram_base, uint64_t ram_size, size_t fdt_size)
{
    hwaddr top = MIN(ram_base + ram_size, 0x100000000ull);

    if (top < ram_base + fdt_size) {
        top = ram_base + ram_size;
    }
    return (top - fdt_size) & ~(hwaddr)(RISCV_FDT_ALIGN - 1);
}

/* Instruction encodings (RISC-V unprivileged ISA, chapter 2). */
enum { REG_T0 = 5, REG_A0 = 10, REG_A1 = 11, REG_A2 = 12 };

static uint32_t enc_i(unsigned opcode, unsigned funct3, unsigned rd,
                      unsigned rs1, int32_t imm)
{
    return (uint32_t)(imm & 0xfff) << 20 | rs1 << 15 | funct3 << 12 |
           rd << 7 | opcode;
}

void riscv_reset_stub_build(uint8_t *buf, uint64_t entry, uint64_t fdt_addr,
                            uint64_t next_addr)
{
    const uint32_t code[] = {
        0x17 | REG_T0 << 7,                             /* auipc t0, 0 */
        enc_i(0x13, 0, REG_A2, REG_T0, RISCV_RESET_STUB_INFO),
        enc_i(0x73, 2, REG_A0, 0, 0xf14),               /* csrr mhartid */
        enc_i(0x03, 3, REG_A1, REG_T0, 0x20),           /* ld */
        enc_i(0x03, 3, REG_T0, REG_T0, 0x18),           /* ld */
        enc_i(0x67, 0, 0, REG_T0, 0),                   /* jr t0 */
    };
    uint8_t *info = buf + RISCV_RESET_STUB_INFO;

    memset(buf, 0, RISCV_RESET_STUB_SIZE);
    for (size_t i = 0; i < G_N_ELEMENTS(code); i++) {
        st32(buf + 4 * i, code[i]);
    }
    st64(buf + 0x18, entry);
    st64(buf + 0x20, fdt_addr);
    st64(info, FW_DYNAMIC_INFO_MAGIC);
    st64(info + 8, FW_DYNAMIC_INFO_VERSION);
    st64(info + 16, next_addr);
    st64(info + 24, FW_DYNAMIC_NEXT_MODE_S);
    st64(info + 32, 0);                         /* options */
    st64(info + 40, 0);                         /* boot hart: 0 */
}
