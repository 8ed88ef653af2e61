/*
 * The Linux/x86 boot protocol (Documentation/arch/x86/boot.rst), 64-bit
 * entry: a bzImage's setup header is checked, its protected-mode part
 * loaded at 1 MiB, and the zero page (struct boot_params: setup header,
 * command line pointer, initrd, e820 map) built for %rsi. Parsing and
 * building are pure functions over buffers (tests/unit/test-linux-boot.c).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef VIREO_HW_I386_LINUX_BOOT_H
#define VIREO_HW_I386_LINUX_BOOT_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LINUX_ZERO_PAGE_SIZE 4096
#define LINUX_E820_MAX 128
/* The 64-bit entry is this far into the protected-mode kernel. */
#define LINUX_ENTRY64_OFFSET 0x200

typedef struct LinuxE820Entry {
    uint64_t addr, size;
    uint32_t type;              /* 1 RAM, 2 reserved, 3 ACPI, ... */
} LinuxE820Entry;

typedef struct LinuxBzImage {
    uint16_t version;           /* 0x020c is 2.12 */
    size_t setup_size;          /* (setup_sects + 1) * 512 */
    size_t header_len;          /* setup header bytes from 0x1f1 */
    size_t kernel_size;         /* what follows the setup code */
    uint32_t init_size;         /* memory the kernel needs from its load */
    uint32_t cmdline_size;      /* longest command line, without NUL */
    uint32_t initrd_addr_max;
} LinuxBzImage;

/*
 * Check a bzImage of len bytes: "HdrS", protocol 2.12 or later (64-bit
 * entry), loaded high, XLF_KERNEL_64, sizes that fit in the file.
 */
bool linux_bzimage_parse(const uint8_t *data, size_t len, LinuxBzImage *bz,
                         GError **errp);

/*
 * Fill zp (LINUX_ZERO_PAGE_SIZE bytes) for a kernel whose image is data:
 * the setup header copied from it, loader type, command line and initrd
 * addresses (initrd_size 0: none), and the e820 map (at most
 * LINUX_E820_MAX entries).
 */
void linux_build_zero_page(uint8_t *zp, const uint8_t *data,
                           const LinuxBzImage *bz, uint64_t cmdline_addr,
                           uint64_t initrd_addr, uint64_t initrd_size,
                           const LinuxE820Entry *e820, unsigned n);

/*
 * Tell the kernel where the ACPI RSDP is (acpi_rsdp_addr, boot protocol
 * 2.14+; older kernels find it by scanning 0xe0000-0xfffff).
 */
void linux_zero_page_set_rsdp(uint8_t *zp, const LinuxBzImage *bz,
                              uint64_t rsdp_addr);

#endif
