/*
 * PVH direct boot: an ELF kernel carrying a XEN_ELFNOTE_PHYS32_ENTRY note
 * is entered in 32-bit protected mode with %ebx pointing at an
 * hvm_start_info block (xen/include/public/arch-x86/hvm/start_info.h,
 * version 1: command line, modules, memory map). Parsing and building
 * are pure functions over buffers, unit-tested in tests/unit/test-pvh.c.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef VIREO_HW_I386_PVH_H
#define VIREO_HW_I386_PVH_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define XEN_ELFNOTE_PHYS32_ENTRY 18
#define PVH_START_MAGIC 0x336ec578u
#define PVH_START_INFO_SIZE 56
#define PVH_MEMMAP_ENTRY_SIZE 24
#define PVH_MODLIST_ENTRY_SIZE 32

/* hvm_memmap_table_entry.type, the e820 types */
enum {
    PVH_MEMMAP_RAM = 1,
    PVH_MEMMAP_RESERVED = 2,
    PVH_MEMMAP_ACPI = 3,
};

/* One PT_LOAD segment: file bytes [offset, + filesz), zeroed to memsz. */
typedef struct PVHSegment {
    uint64_t paddr;
    uint64_t offset;
    uint64_t filesz;
    uint64_t memsz;
} PVHSegment;

typedef struct PVHImage {
    uint32_t entry;             /* from the PHYS32_ENTRY note */
    unsigned nr_segments;
    PVHSegment *segments;       /* g_free */
    uint64_t lowest, highest;   /* [lowest, highest) covers every segment */
} PVHImage;

/*
 * Whether data starts like an ELF file at all (so a caller can tell a
 * PVH kernel from a bzImage before parsing).
 */
bool pvh_is_elf(const uint8_t *data, size_t len);

/*
 * Parse an ELF32 or ELF64 little-endian x86 image of len bytes: its
 * PT_LOAD segments (all inside the file, below 4 GiB) and the PVH entry
 * note. Fails with a message naming what is wrong.
 */
bool pvh_elf_parse(const uint8_t *data, size_t len, PVHImage *img,
                   GError **errp);
void pvh_image_clear(PVHImage *img);

typedef struct PVHMemmapEntry {
    uint64_t addr, size;
    uint32_t type;
} PVHMemmapEntry;

/*
 * Write an hvm_start_info (version 1) into buf (PVH_START_INFO_SIZE
 * bytes): the other blocks are already in guest memory at the given
 * addresses (0: absent).
 */
void pvh_build_start_info(uint8_t *buf, uint64_t cmdline_paddr,
                          uint64_t modlist_paddr, uint32_t nr_modules,
                          uint64_t memmap_paddr, uint32_t memmap_entries);
/* The little-endian memory map table: n * PVH_MEMMAP_ENTRY_SIZE bytes. */
void pvh_build_memmap(uint8_t *buf, const PVHMemmapEntry *e, unsigned n);

/* Point the start info in buf at the ACPI RSDP (rsdp_paddr). */
void pvh_start_info_set_rsdp(uint8_t *buf, uint64_t rsdp_paddr);

#endif
