/*
 * The Linux/x86 boot protocol (see include/hw/i386/linux-boot.h). Field
 * offsets are those of Documentation/arch/x86/boot.rst ("The real-mode
 * kernel header") and zero-page.rst.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "hw/i386/linux-boot.h"
#include "util/error.h"

#include <string.h>

enum {
    BP_ACPI_RSDP_ADDR = 0x070,
    BP_EXT_RAMDISK_IMAGE = 0x0c0,
    BP_EXT_RAMDISK_SIZE = 0x0c4,
    BP_EXT_CMD_LINE_PTR = 0x0c8,
    BP_E820_ENTRIES = 0x1e8,
    HDR_START = 0x1f1,          /* setup_sects: the header starts here */
    HDR_VID_MODE = 0x1fa,
    HDR_BOOT_FLAG = 0x1fe,
    HDR_JUMP_END = 0x201,       /* 0x202 + this byte: end of the header */
    HDR_MAGIC = 0x202,
    HDR_VERSION = 0x206,
    HDR_TYPE_OF_LOADER = 0x210,
    HDR_LOADFLAGS = 0x211,
    HDR_RAMDISK_IMAGE = 0x218,
    HDR_RAMDISK_SIZE = 0x21c,
    HDR_CMD_LINE_PTR = 0x228,
    HDR_INITRD_ADDR_MAX = 0x22c,
    HDR_XLOADFLAGS = 0x236,
    HDR_CMDLINE_SIZE = 0x238,
    HDR_INIT_SIZE = 0x260,
    BP_E820_TABLE = 0x2d0,
    E820_ENTRY_SIZE = 20,
};

#define LOADED_HIGH 0x01
#define XLF_KERNEL_64 0x01
#define LINUX_PROTOCOL_MIN 0x020c

static uint64_t get_le(const uint8_t *p, unsigned size)
{
    uint64_t v = 0;

    for (unsigned i = size; i > 0; i--) {
        v = (v << 8) | p[i - 1];
    }
    return v;
}

static void put_le(uint8_t *p, uint64_t v, unsigned size)
{
    for (unsigned i = 0; i < size; i++) {
        p[i] = v >> (8 * i);
    }
}

bool linux_bzimage_parse(const uint8_t *data, size_t len, LinuxBzImage *bz,
                         GError **errp)
{
    unsigned setup_sects;

    memset(bz, 0, sizeof(*bz));
    if (len < HDR_INIT_SIZE + 4 || memcmp(data + HDR_MAGIC, "HdrS", 4)) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "not a Linux bzImage (no \"HdrS\" setup header)");
        return false;
    }
    bz->version = get_le(data + HDR_VERSION, 2);
    if (bz->version < LINUX_PROTOCOL_MIN) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "Linux boot protocol %u.%02u is too old (2.12 or "
                        "later has the 64-bit entry)", bz->version >> 8,
                        bz->version & 0xff);
        return false;
    }
    if (!(data[HDR_LOADFLAGS] & LOADED_HIGH) ||
        !(get_le(data + HDR_XLOADFLAGS, 2) & XLF_KERNEL_64)) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "the kernel has no 64-bit entry point "
                        "(XLF_KERNEL_64)");
        return false;
    }
    setup_sects = data[HDR_START] ? data[HDR_START] : 4;
    bz->setup_size = (setup_sects + 1) * 512;
    bz->header_len = HDR_MAGIC + data[HDR_JUMP_END] - HDR_START;
    if (bz->setup_size >= len ||
        HDR_START + bz->header_len > bz->setup_size) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "truncated bzImage: %zu bytes, setup code alone "
                        "takes %zu", len, bz->setup_size);
        return false;
    }
    bz->kernel_size = len - bz->setup_size;
    if (bz->kernel_size <= LINUX_ENTRY64_OFFSET) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "truncated bzImage: no kernel after the setup code");
        return false;
    }
    bz->init_size = get_le(data + HDR_INIT_SIZE, 4);
    if (bz->init_size < bz->kernel_size) {
        bz->init_size = bz->kernel_size;
    }
    bz->cmdline_size = get_le(data + HDR_CMDLINE_SIZE, 4);
    bz->initrd_addr_max = get_le(data + HDR_INITRD_ADDR_MAX, 4);
    return true;
}

void linux_build_zero_page(uint8_t *zp, const uint8_t *data,
                           const LinuxBzImage *bz, uint64_t cmdline_addr,
                           uint64_t initrd_addr, uint64_t initrd_size,
                           const LinuxE820Entry *e820, unsigned n)
{
    memset(zp, 0, LINUX_ZERO_PAGE_SIZE);
    memcpy(zp + HDR_START, data + HDR_START, bz->header_len);
    put_le(zp + HDR_VID_MODE, 0xffff, 2);          /* "normal" */
    zp[HDR_TYPE_OF_LOADER] = 0xff;                 /* not registered */
    put_le(zp + HDR_CMD_LINE_PTR, (uint32_t)cmdline_addr, 4);
    put_le(zp + BP_EXT_CMD_LINE_PTR, cmdline_addr >> 32, 4);
    if (initrd_size) {
        put_le(zp + HDR_RAMDISK_IMAGE, (uint32_t)initrd_addr, 4);
        put_le(zp + HDR_RAMDISK_SIZE, (uint32_t)initrd_size, 4);
        put_le(zp + BP_EXT_RAMDISK_IMAGE, initrd_addr >> 32, 4);
        put_le(zp + BP_EXT_RAMDISK_SIZE, initrd_size >> 32, 4);
    }
    n = MIN(n, (unsigned)LINUX_E820_MAX);
    zp[BP_E820_ENTRIES] = n;
    for (unsigned i = 0; i < n; i++) {
        uint8_t *p = zp + BP_E820_TABLE + i * E820_ENTRY_SIZE;
        put_le(p, e820[i].addr, 8);
        put_le(p + 8, e820[i].size, 8);
        put_le(p + 16, e820[i].type, 4);
    }
}

void linux_zero_page_set_rsdp(uint8_t *zp, const LinuxBzImage *bz,
                              uint64_t rsdp_addr)
{
    if (bz->version >= 0x020e) {
        put_le(zp + BP_ACPI_RSDP_ADDR, rsdp_addr, 8);
    }
}
