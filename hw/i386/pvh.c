/*
 * PVH boot (see include/hw/i386/pvh.h): ELF parsing from the System V
 * gABI (program headers, PT_NOTE layout) and the hvm_start_info layout
 * from Xen's public start_info.h.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "hw/i386/pvh.h"
#include "util/error.h"

#include <string.h>

#define EI_CLASS 4
#define EI_DATA 5
#define ELFCLASS32 1
#define ELFCLASS64 2
#define ELFDATA2LSB 1
#define EM_386 3
#define EM_X86_64 62
#define PT_LOAD 1
#define PT_NOTE 4
#define PVH_MAX_SEGMENTS 64
#define GIB4 0x100000000ULL

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

bool pvh_is_elf(const uint8_t *data, size_t len)
{
    return len >= 4 && memcmp(data, "\177ELF", 4) == 0;
}

void pvh_image_clear(PVHImage *img)
{
    g_free(img->segments);
    memset(img, 0, sizeof(*img));
}

/* Is [off, off + size) inside a file of len bytes? */
static bool in_file(uint64_t off, uint64_t size, size_t len)
{
    return off <= len && size <= len - off;
}

/* Look for the PHYS32_ENTRY note in one PT_NOTE segment. */
static bool find_entry_note(const uint8_t *p, uint64_t size, uint32_t *entry,
                            bool *found, GError **errp)
{
    uint64_t pos = 0;

    while (size - pos >= 12) {
        uint32_t namesz = get_le(p + pos, 4);
        uint32_t descsz = get_le(p + pos + 4, 4);
        uint32_t type = get_le(p + pos + 8, 4);
        uint64_t name_off = pos + 12;
        uint64_t desc_off = name_off + ((namesz + 3ULL) & ~3ULL);
        uint64_t next = desc_off + ((descsz + 3ULL) & ~3ULL);

        if (next > size) {
            vireo_error_set(errp, VIREO_ERROR_INVALID,
                            "ELF note runs past its segment");
            return false;
        }
        if (type == XEN_ELFNOTE_PHYS32_ENTRY && namesz == 4 &&
            memcmp(p + name_off, "Xen", 4) == 0) {
            uint64_t v;
            if (descsz != 4 && descsz != 8) {
                vireo_error_set(errp, VIREO_ERROR_INVALID,
                                "PVH entry note has %u bytes (4 or 8)",
                                descsz);
                return false;
            }
            v = get_le(p + desc_off, descsz);
            if (v >= GIB4) {
                vireo_error_set(errp, VIREO_ERROR_INVALID,
                                "PVH entry point 0x%" G_GINT64_MODIFIER "x "
                                "is above 4 GiB", v);
                return false;
            }
            *entry = v;
            *found = true;
        }
        pos = next;
    }
    return true;
}

bool pvh_elf_parse(const uint8_t *data, size_t len, PVHImage *img,
                   GError **errp)
{
    bool is64, found = false;
    uint64_t phoff;
    unsigned phentsize, phnum, machine;

    memset(img, 0, sizeof(*img));
    if (len < 52 || !pvh_is_elf(data, len)) {
        vireo_error_set(errp, VIREO_ERROR_INVALID, "not an ELF file");
        return false;
    }
    if (data[EI_CLASS] != ELFCLASS32 && data[EI_CLASS] != ELFCLASS64) {
        vireo_error_set(errp, VIREO_ERROR_INVALID, "unknown ELF class %u",
                        data[EI_CLASS]);
        return false;
    }
    is64 = data[EI_CLASS] == ELFCLASS64;
    if (data[EI_DATA] != ELFDATA2LSB) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "not a little-endian ELF file");
        return false;
    }
    if (is64 && len < 64) {
        vireo_error_set(errp, VIREO_ERROR_INVALID, "truncated ELF header");
        return false;
    }
    machine = get_le(data + 18, 2);
    if (machine != EM_X86_64 && machine != EM_386) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "ELF machine %u is not x86", machine);
        return false;
    }
    phoff = is64 ? get_le(data + 32, 8) : get_le(data + 28, 4);
    phentsize = get_le(data + (is64 ? 54 : 42), 2);
    phnum = get_le(data + (is64 ? 56 : 44), 2);
    if (phentsize < (is64 ? 56u : 32u) || phnum == 0 ||
        phnum > PVH_MAX_SEGMENTS ||
        !in_file(phoff, (uint64_t)phentsize * phnum, len)) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "bad ELF program header table (%u entries of %u "
                        "bytes at %" G_GUINT64_FORMAT ")", phnum, phentsize,
                        phoff);
        return false;
    }
    img->segments = g_new0(PVHSegment, phnum);
    img->lowest = UINT64_MAX;
    for (unsigned i = 0; i < phnum; i++) {
        const uint8_t *ph = data + phoff + (uint64_t)i * phentsize;
        uint32_t type = get_le(ph, 4);
        uint64_t off = is64 ? get_le(ph + 8, 8) : get_le(ph + 4, 4);
        uint64_t paddr = is64 ? get_le(ph + 24, 8) : get_le(ph + 12, 4);
        uint64_t filesz = is64 ? get_le(ph + 32, 8) : get_le(ph + 16, 4);
        uint64_t memsz = is64 ? get_le(ph + 40, 8) : get_le(ph + 20, 4);

        if ((type == PT_LOAD || type == PT_NOTE) &&
            !in_file(off, filesz, len)) {
            vireo_error_set(errp, VIREO_ERROR_INVALID,
                            "ELF segment %u lies outside the file", i);
            goto fail;
        }
        if (type == PT_NOTE &&
            !find_entry_note(data + off, filesz, &img->entry, &found,
                             errp)) {
            goto fail;
        }
        if (type != PT_LOAD || memsz == 0) {
            continue;
        }
        if (filesz > memsz || paddr >= GIB4 || memsz > GIB4 - paddr) {
            vireo_error_set(errp, VIREO_ERROR_INVALID,
                            "ELF segment %u (0x%" G_GINT64_MODIFIER "x + "
                            "0x%" G_GINT64_MODIFIER "x) does not fit below "
                            "4 GiB", i, paddr, memsz);
            goto fail;
        }
        img->segments[img->nr_segments++] = (PVHSegment) {
            .paddr = paddr, .offset = off, .filesz = filesz, .memsz = memsz,
        };
        img->lowest = MIN(img->lowest, paddr);
        img->highest = MAX(img->highest, paddr + memsz);
    }
    if (!img->nr_segments) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "ELF file has nothing to load");
        goto fail;
    }
    if (!found) {
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
