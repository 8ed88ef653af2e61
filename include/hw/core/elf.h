/*
 * ELF reader: parses and validates an in-memory ELF32/ELF64 image of
 * either byte order once (header, program header table, every segment
 * against the file length), then hands out program headers, symbols from
 * .symtab and the notes of PT_NOTE segments without ever reading past the
 * file. Used by the RISC-V and PVH boot loaders and -M spike; structure
 * layouts come from the system's <elf.h>. Errors are one line starting
 * with the file name: "'FILE': ELF program header 3 extends past ..."
 * (or without it when the caller's context already names the file).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef VIREO_HW_CORE_ELF_H
#define VIREO_HW_CORE_ELF_H

#include <elf.h>
#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One program header, widened to 64 bits and in host byte order. */
typedef struct ElfSegment {
    uint32_t type;
    uint32_t flags;
    uint64_t offset;
    uint64_t vaddr;
    uint64_t paddr;
    uint64_t filesz;
    uint64_t memsz;
    uint64_t align;
} ElfSegment;

/* A parsed image; it points into the caller's buffer, which must live on. */
typedef struct ElfImage {
    const char *name;           /* for messages (NULL: none); not copied */
    const uint8_t *data;
    size_t len;
    bool is64;
    bool big_endian;
    uint16_t type;              /* ET_EXEC or ET_DYN */
    uint16_t machine;
    uint64_t entry;
    uint64_t phoff;             /* file offset of the program headers */
    unsigned phentsize;
    unsigned phnum;
    uint64_t shoff;
    unsigned shentsize;
    unsigned shnum;
} ElfImage;

/* Whether data starts with the ELF magic. */
bool elf_is_elf(const uint8_t *data, size_t len);

/*
 * Parse data[0..len) named name into img. elf_class is ELFCLASS32,
 * ELFCLASS64 or ELFCLASSNONE (either); machine is the expected e_machine
 * or EM_NONE to let the caller check img->machine. Checks e_type is
 * EXEC or DYN, the header sizes, that the program header table and every
 * segment's file bytes lie in the file, p_filesz <= p_memsz and that no
 * segment wraps around the address space.
 */
bool elf_parse(ElfImage *img, const char *name, const uint8_t *data,
               size_t len, int elf_class, uint16_t machine, GError **errp);

/* Program header i (< img->phnum) of a parsed image. */
void elf_get_segment(const ElfImage *img, unsigned i, ElfSegment *seg);

/*
 * Fail if two PT_LOAD segments overlap in physical (use_paddr) or
 * virtual addresses.
 */
bool elf_check_load_overlap(const ElfImage *img, bool use_paddr,
                            GError **errp);

/*
 * Look up symbol sym in .symtab: 1 and *value if found, 0 if the image has
 * no symbol table or no such symbol, -1 with errp set if the section
 * headers, the symbol table or its string table are malformed.
 */
int elf_find_symbol(const ElfImage *img, const char *sym, uint64_t *value,
                    GError **errp);

/*
 * Called for each note: name is namesz bytes (normally NUL-terminated),
 * desc descsz bytes, both inside the file. Return false to stop.
 */
typedef bool (*ElfNoteFunc)(const ElfImage *img, uint32_t type,
                            const char *name, uint32_t namesz,
                            const uint8_t *desc, uint32_t descsz,
                            void *opaque);

/*
 * Walk the notes of every PT_NOTE segment (4-byte aligned name and desc).
 * Fails if a note runs past its segment.
 */
bool elf_foreach_note(const ElfImage *img, ElfNoteFunc fn, void *opaque,
                      GError **errp);

/* Read a 16/32/64-bit value in the image's byte order. */
uint64_t elf_read(const ElfImage *img, const uint8_t *p, unsigned size);

#endif
