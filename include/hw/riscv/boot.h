/*
 * Booting a RISC-V board: loaders for firmware, kernel and initrd images
 * (ELF, Linux RISC-V `Image`, raw binary), placement rules for the device
 * tree, and the reset stub that enters the firmware the way OpenSBI's
 * fw_dynamic expects. Everything is loaded through hw/core/loader.h, so a
 * system reset writes it all back.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef VIREO_HW_RISCV_BOOT_H
#define VIREO_HW_RISCV_BOOT_H

#include "softmmu/memory.h"

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#define RISCV_KERNEL_ALIGN      0x200000    /* RV64 Image: 2 MiB aligned */
#define RISCV_INITRD_ALIGN      0x1000
#define RISCV_FDT_ALIGN         0x200000

typedef enum RISCVImageKind {
    RISCV_IMAGE_RAW,
    RISCV_IMAGE_ELF,
    RISCV_IMAGE_LINUX,          /* Linux RISC-V Image header */
} RISCVImageKind;

/* Where an image went. */
typedef struct RISCVBootImage {
    RISCVImageKind kind;
    hwaddr start;               /* lowest byte written */
    hwaddr end;                 /* one past the last byte it uses */
    hwaddr entry;
} RISCVBootImage;

/* The Linux RISC-V Image header (Documentation/arch/riscv/boot-image-header) */
typedef struct RISCVLinuxHeader {
    uint64_t text_offset;       /* load offset from the start of RAM */
    uint64_t image_size;        /* bytes of memory it uses (0: file size) */
    uint64_t flags;
    uint32_t version;
} RISCVLinuxHeader;

#define RISCV_LINUX_HEADER_SIZE     64
#define RISCV_LINUX_MAGIC_OFFSET    0x30    /* "RISCV\0\0\0" (deprecated) */
#define RISCV_LINUX_MAGIC2_OFFSET   0x38    /* "RSC\x05" */

/*
 * Is data a Linux Image? 1 with *hdr filled, 0 if it carries neither
 * magic, -1 with *errp (naming path) if it does but the header is cut
 * short or inconsistent with the file.
 */
int riscv_linux_image_parse(const uint8_t *data, size_t len,
                            const char *path, RISCVLinuxHeader *hdr,
                            GError **errp);

/*
 * Load an ELF64 little-endian RISC-V image's PT_LOAD segments at their
 * physical addresses. Refuses other ELF files, segments that lie outside
 * the file or overlap what is loaded, and files with nothing to load.
 */
bool riscv_load_elf(const char *name, const char *path, const uint8_t *data,
                    size_t len, AddressSpace *as, RISCVBootImage *out,
                    GError **errp);

/*
 * Firmware (-bios): an ELF at its addresses, anything else raw at
 * ram_base.
 */
bool riscv_load_firmware(const char *path, hwaddr ram_base,
                         AddressSpace *as, RISCVBootImage *out,
                         GError **errp);

/*
 * Kernel (-kernel) in RAM [ram_base, ram_base + ram_size), at or above
 * min_addr (the end of the firmware; ram_base without one): an ELF at its
 * addresses; an Image at ram_base + text_offset, or the first 2 MiB
 * boundary past min_addr if that is higher; a raw binary at the first
 * 2 MiB boundary at or above min_addr.
 */
bool riscv_load_kernel(const char *path, hwaddr min_addr, hwaddr ram_base,
                       uint64_t ram_size, AddressSpace *as,
                       RISCVBootImage *out, GError **errp);

/*
 * The initrd, far enough above the kernel that an unpacking kernel does
 * not overwrite it: at ram_base + min(ram_size / 2, 128 MiB), or just past
 * kernel_end if that is higher; it must end inside RAM.
 */
bool riscv_load_initrd(const char *path, hwaddr kernel_end, hwaddr ram_base,
                       uint64_t ram_size, AddressSpace *as,
                       RISCVBootImage *out, GError **errp);

/*
 * Where the device tree goes: the highest 2 MiB boundary that leaves room
 * for fdt_size bytes below the end of RAM or 4 GiB, whichever is lower
 * (firmware that runs with 32-bit addressing can still reach it).
 */
hwaddr riscv_fdt_addr(hwaddr ram_base, uint64_t ram_size, size_t fdt_size);

/* fw_dynamic (OpenSBI include/sbi/fw_dynamic.h), version 2. */
#define FW_DYNAMIC_INFO_MAGIC       0x4942534fu     /* "OSBI" */
#define FW_DYNAMIC_INFO_VERSION     2
#define FW_DYNAMIC_NEXT_MODE_U      0
#define FW_DYNAMIC_NEXT_MODE_S      1
#define FW_DYNAMIC_NEXT_MODE_M      3

/*
 * The reset stub: every hart runs it from the boot ROM and jumps to
 * entry with a0 = mhartid, a1 = fdt_addr, a2 = the fw_dynamic info
 * (which follows the code in the ROM) telling OpenSBI to start next_addr
 * in S-mode on hart 0.
 *
 *   0x00  auipc t0, 0
 *   0x04  addi  a2, t0, 40         &fw_dynamic_info
 *   0x08  csrr  a0, mhartid
 *   0x0c  ld    a1, 32(t0)         fdt_addr
 *   0x10  ld    t0, 24(t0)         entry
 *   0x14  jr    t0
 *   0x18  .dword entry
 *   0x20  .dword fdt_addr
 *   0x28  fw_dynamic_info { magic, version, next_addr, next_mode,
 *                           options, boot_hart }
 */
#define RISCV_RESET_STUB_SIZE       0x58
#define RISCV_RESET_STUB_INFO       0x28
void riscv_reset_stub_build(uint8_t *buf, uint64_t entry, uint64_t fdt_addr,
                            uint64_t next_addr);

#endif
