/*
 * PVH boot (see include/hw/i386/pvh.h): the PT_LOAD segments and the
 * PHYS32_ENTRY note of an ELF kernel (read with hw/core/elf.h) and the
 * hvm_start_info layout from Xen's public start_info.h.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "hw/i386/pvh.h"
#include "hw/core/elf.h"
#include "util/error.h"

#include <string.h>

#define PVH_MAX_SEGMENTS 64
#define GIB4 0x100000000ULL

static void put_le(uint8_t *p, uint64_t v, unsigned size)
{
    for (unsigned i = 0; i < size; i++) {
        p[i] = v >> (8 * i);
    }
}

bool pvh_is_elf(const uint8_t *data, size_t len)
{
    return elf_is_elf(data, len);
}

void pvh_image_clear(PVHImage *img)
{
    g_free(img->segments);
    memset(img, 0, sizeof(*img));
}

typedef struct PVHNoteScan {
    uint32_t *entry;
    bool found;
    GError *err;
} PVHNoteScan;

/* Pick the PHYS32_ENTRY note out of the image's notes. */
static bool pvh_note(const ElfImage *elf, uint32_t type, const char *name,
                     uint32_t namesz, const uint8_t *desc, uint32_t descsz,
                     void *opaque)
{
    PVHNoteScan *scan = opaque;
    uint64_t v;

    if (type != XEN_ELFNOTE_PHYS32_ENTRY || namesz != 4 ||
        memcmp(name, "Xen", 4) != 0) {
        return true;
    }
    if (descsz != 4 && descsz != 8) {
        vireo_error_set(&scan->err, VIREO_ERROR_INVALID,
                        "PVH entry note has %u bytes (4 or 8)", descsz);
        return false;
    }
    v = elf_read(elf, desc, descsz);
    if (v >= GIB4) {
        vireo_error_set(&scan->err, VIREO_ERROR_INVALID,
                        "PVH entry point 0x%" G_GINT64_MODIFIER "x "
                        "is above 4 GiB", v);
        return false;
    }
    *scan->entry = v;
    scan->found = true;
    return true;
}

bool pvh_elf_parse(const uint8_t *data, size_t len, PVHImage *img,
                   GError **errp)
{
    ElfImage elf;
    PVHNoteScan scan = { .entry = &img->entry };

    memset(img, 0, sizeof(*img));
    /* Say so before big-endian fields make no sense. */
    if (elf_is_elf(data, len) && len > EI_DATA &&
        data[EI_DATA] == ELFDATA2MSB) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "not a little-endian ELF file");
        return false;
    }
    /* No name: the caller's "-kernel FILE: " context names the file. */
    if (!elf_parse(&elf, NULL, data, len, ELFCLASSNONE, EM_NONE, errp)) {
        return false;
    }
    if (elf.machine != EM_X86_64 && elf.machine != EM_386) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "ELF machine %u is not x86", elf.machine);
        return false;
    }
    if (elf.phnum > PVH_MAX_SEGMENTS) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "bad ELF program header table (%u entries, "
                        "at most %u)", elf.phnum, PVH_MAX_SEGMENTS);
        return false;
    }
    if (!elf_foreach_note(&elf, pvh_note, &scan, errp)) {
        return false;
    }
    if (scan.err) {
        g_propagate_error(errp, scan.err);
        return false;
    }
    img->segments = g_new0(PVHSegment, elf.phnum);
    img->lowest = UINT64_MAX;
    for (unsigned i = 0; i < elf.phnum; i++) {
        ElfSegment s;

        elf_get_segment(&elf, i, &s);
        if (s.type != PT_LOAD || s.memsz == 0) {
            continue;
        }
        if (s.paddr >= GIB4 || s.memsz > GIB4 - s.paddr) {
            vireo_error_set(errp, VIREO_ERROR_INVALID,
                            "ELF segment %u (0x%" G_GINT64_MODIFIER
                            "x + 0x%" G_GINT64_MODIFIER "x) does not fit "
                            "below 4 GiB", i, s.paddr, s.memsz);
            goto fail;
        }
        img->segments[img->nr_segments++] = (PVHSegment) {
            .paddr = s.paddr, .offset = s.offset, .filesz = s.filesz,
            .memsz = s.memsz,
        };
        img->lowest = MIN(img->lowest, s.paddr);
        img->highest = MAX(img->highest, s.paddr + s.memsz);
    }
    if (!img->nr_segments) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "ELF file has nothing to load");
        goto fail;
    }
    if (!scan.found) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "ELF file has no PVH entry note "
                        "(XEN_ELFNOTE_PHYS32_ENTRY)");
        goto fail;
    }
    return true;

fail:
    pvh_image_clear(img);
    return false;
}

void pvh_build_start_info(uint8_t *buf, uint64_t cmdline_paddr,
                          uint64_t modlist_paddr, uint32_t nr_modules,
                          uint64_t memmap_paddr, uint32_t memmap_entries)
{
    memset(buf, 0, PVH_START_INFO_SIZE);
    put_le(buf + 0, PVH_START_MAGIC, 4);
    put_le(buf + 4, 1, 4);                  /* version */
    put_le(buf + 12, nr_modules, 4);
    put_le(buf + 16, modlist_paddr, 8);
    put_le(buf + 24, cmdline_paddr, 8);
    put_le(buf + 32, 0, 8);                 /* rsdp: see below */
    put_le(buf + 40, memmap_paddr, 8);
    put_le(buf + 48, memmap_entries, 4);
}

void pvh_build_memmap(uint8_t *buf, const PVHMemmapEntry *e, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        uint8_t *p = buf + (size_t)i * PVH_MEMMAP_ENTRY_SIZE;
        put_le(p, e[i].addr, 8);
        put_le(p + 8, e[i].size, 8);
        put_le(p + 16, e[i].type, 4);
        put_le(p + 20, 0, 4);
    }
}

void pvh_start_info_set_rsdp(uint8_t *buf, uint64_t rsdp_paddr)
{
    put_le(buf + 32, rsdp_paddr, 8);
}
