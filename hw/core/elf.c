/*
 * ELF reader (see include/hw/core/elf.h). Field offsets and sizes come
 * from <elf.h> via offsetof/sizeof; values are read byte by byte in the
 * image's byte order so no structure is ever cast onto unaligned or
 * foreign-endian file bytes. Every range is checked as "off <= len &&
 * size <= len - off" so nothing can overflow.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "hw/core/elf.h"
#include "util/error.h"

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#define FIELD(type, f) offsetof(type, f), sizeof(((type *)0)->f)

/* An INVALID error, "'NAME': MESSAGE" or just MESSAGE if name is NULL. */
static void G_GNUC_PRINTF(3, 4) elf_error(const ElfImage *img,
                                          GError **errp, const char *fmt,
                                          ...)
{
    g_autofree char *msg = NULL;
    va_list ap;

    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    if (img->name) {
        vireo_error_set(errp, VIREO_ERROR_INVALID, "'%s': %s", img->name,
                        msg);
    } else {
        vireo_error_set(errp, VIREO_ERROR_INVALID, "%s", msg);
    }
}

bool elf_is_elf(const uint8_t *data, size_t len)
{
    return len >= SELFMAG && memcmp(data, ELFMAG, SELFMAG) == 0;
}

uint64_t elf_read(const ElfImage *img, const uint8_t *p, unsigned size)
{
    uint64_t v = 0;

    for (unsigned i = 0; i < size; i++) {
        unsigned b = img->big_endian ? i : size - 1 - i;
        v = (v << 8) | p[b];
    }
    return v;
}

static uint64_t rd(const ElfImage *img, const uint8_t *base, size_t off,
                   size_t size)
{
    return elf_read(img, base + off, size);
}

/* Is [off, off + size) inside a file of len bytes? */
static bool in_file(uint64_t off, uint64_t size, size_t len)
{
    return off <= len && size <= len - off;
}

static bool parse_header(ElfImage *img, int elf_class, uint16_t machine,
                         GError **errp)
{
    const uint8_t *d = img->data;
    unsigned ehsize;

    if (!elf_is_elf(d, img->len)) {
        elf_error(img, errp, "not an ELF file");
        return false;
    }
    if (img->len < EI_NIDENT) {
        elf_error(img, errp,
                  "truncated ELF header");
        return false;
    }
    if (d[EI_CLASS] != ELFCLASS32 && d[EI_CLASS] != ELFCLASS64) {
        elf_error(img, errp,
                  "unknown ELF class %u", d[EI_CLASS]);
        return false;
    }
    if (elf_class != ELFCLASSNONE && d[EI_CLASS] != elf_class) {
        elf_error(img, errp,
                  "not a %d-bit ELF file",
                  elf_class == ELFCLASS64 ? 64 : 32);
        return false;
    }
    if (d[EI_DATA] != ELFDATA2LSB && d[EI_DATA] != ELFDATA2MSB) {
        elf_error(img, errp,
                  "unknown ELF byte order %u", d[EI_DATA]);
        return false;
    }
    img->is64 = d[EI_CLASS] == ELFCLASS64;
    img->big_endian = d[EI_DATA] == ELFDATA2MSB;
    ehsize = img->is64 ? sizeof(Elf64_Ehdr) : sizeof(Elf32_Ehdr);
    if (img->len < ehsize) {
        elf_error(img, errp,
                  "truncated ELF header");
        return false;
    }
    if (img->is64) {
        img->type = rd(img, d, FIELD(Elf64_Ehdr, e_type));
        img->machine = rd(img, d, FIELD(Elf64_Ehdr, e_machine));
        img->entry = rd(img, d, FIELD(Elf64_Ehdr, e_entry));
        img->phoff = rd(img, d, FIELD(Elf64_Ehdr, e_phoff));
        img->phentsize = rd(img, d, FIELD(Elf64_Ehdr, e_phentsize));
        img->phnum = rd(img, d, FIELD(Elf64_Ehdr, e_phnum));
        img->shoff = rd(img, d, FIELD(Elf64_Ehdr, e_shoff));
        img->shentsize = rd(img, d, FIELD(Elf64_Ehdr, e_shentsize));
        img->shnum = rd(img, d, FIELD(Elf64_Ehdr, e_shnum));
    } else {
        img->type = rd(img, d, FIELD(Elf32_Ehdr, e_type));
        img->machine = rd(img, d, FIELD(Elf32_Ehdr, e_machine));
        img->entry = rd(img, d, FIELD(Elf32_Ehdr, e_entry));
        img->phoff = rd(img, d, FIELD(Elf32_Ehdr, e_phoff));
        img->phentsize = rd(img, d, FIELD(Elf32_Ehdr, e_phentsize));
        img->phnum = rd(img, d, FIELD(Elf32_Ehdr, e_phnum));
        img->shoff = rd(img, d, FIELD(Elf32_Ehdr, e_shoff));
        img->shentsize = rd(img, d, FIELD(Elf32_Ehdr, e_shentsize));
        img->shnum = rd(img, d, FIELD(Elf32_Ehdr, e_shnum));
    }
    if (machine != EM_NONE && img->machine != machine) {
        elf_error(img, errp,
                  "ELF machine %u, expected %u",
                  img->machine, machine);
        return false;
    }
    if (img->type != ET_EXEC && img->type != ET_DYN) {
        elf_error(img, errp,
                  "ELF type %u is not an executable",
                  img->type);
        return false;
    }
    return true;
}

static bool parse_phdrs(ElfImage *img, GError **errp)
{
    size_t want = img->is64 ? sizeof(Elf64_Phdr) : sizeof(Elf32_Phdr);
    uint64_t fit;

    if (img->phnum == 0) {
        elf_error(img, errp,
                  "ELF file has no program headers");
        return false;
    }
    if (img->phentsize != want) {
        elf_error(img, errp,
                  "ELF program header size %u, expected %zu", img->phentsize,
                  want);
        return false;
    }
    fit = img->phoff <= img->len ? (img->len - img->phoff) / want : 0;
    if (fit < img->phnum) {
        elf_error(img, errp,
                  "ELF program header %" G_GUINT64_FORMAT
                  " extends past the end of the file "
                  "(truncated?)", fit);
        return false;
    }
    for (unsigned i = 0; i < img->phnum; i++) {
        ElfSegment s;

        elf_get_segment(img, i, &s);
        if (!in_file(s.offset, s.filesz, img->len)) {
            elf_error(img, errp,
                      "ELF segment %u lies outside the file "
                      "(truncated?)", i);
            return false;
        }
        if (s.type != PT_LOAD) {
            continue;
        }
        if (s.filesz > s.memsz) {
            elf_error(img, errp,
                      "ELF segment %u has more file bytes than "
                      "memory bytes", i);
            return false;
        }
        if (s.memsz && (s.vaddr + s.memsz - 1 < s.vaddr ||
                        s.paddr + s.memsz - 1 < s.paddr)) {
            elf_error(img, errp,
                      "ELF segment %u wraps around the address "
                      "space", i);
            return false;
        }
    }
    return true;
}

bool elf_parse(ElfImage *img, const char *name, const uint8_t *data,
               size_t len, int elf_class, uint16_t machine, GError **errp)
{
    memset(img, 0, sizeof(*img));
    img->name = name;
    img->data = data;
    img->len = len;
    return parse_header(img, elf_class, machine, errp) &&
           parse_phdrs(img, errp);
}

void elf_get_segment(const ElfImage *img, unsigned i, ElfSegment *s)
{
    const uint8_t *p;

    g_assert(i < img->phnum);
    p = img->data + img->phoff + (uint64_t)i * img->phentsize;
    if (img->is64) {
        s->type = rd(img, p, FIELD(Elf64_Phdr, p_type));
        s->flags = rd(img, p, FIELD(Elf64_Phdr, p_flags));
        s->offset = rd(img, p, FIELD(Elf64_Phdr, p_offset));
        s->vaddr = rd(img, p, FIELD(Elf64_Phdr, p_vaddr));
        s->paddr = rd(img, p, FIELD(Elf64_Phdr, p_paddr));
        s->filesz = rd(img, p, FIELD(Elf64_Phdr, p_filesz));
        s->memsz = rd(img, p, FIELD(Elf64_Phdr, p_memsz));
        s->align = rd(img, p, FIELD(Elf64_Phdr, p_align));
    } else {
        s->type = rd(img, p, FIELD(Elf32_Phdr, p_type));
        s->flags = rd(img, p, FIELD(Elf32_Phdr, p_flags));
        s->offset = rd(img, p, FIELD(Elf32_Phdr, p_offset));
        s->vaddr = rd(img, p, FIELD(Elf32_Phdr, p_vaddr));
        s->paddr = rd(img, p, FIELD(Elf32_Phdr, p_paddr));
        s->filesz = rd(img, p, FIELD(Elf32_Phdr, p_filesz));
        s->memsz = rd(img, p, FIELD(Elf32_Phdr, p_memsz));
        s->align = rd(img, p, FIELD(Elf32_Phdr, p_align));
    }
}

bool elf_check_load_overlap(const ElfImage *img, bool use_paddr,
                            GError **errp)
{
    for (unsigned i = 0; i < img->phnum; i++) {
        ElfSegment a;

        elf_get_segment(img, i, &a);
        if (a.type != PT_LOAD || !a.memsz) {
            continue;
        }
        for (unsigned j = i + 1; j < img->phnum; j++) {
            ElfSegment b;
            uint64_t sa, sb;

            elf_get_segment(img, j, &b);
            if (b.type != PT_LOAD || !b.memsz) {
                continue;
            }
            sa = use_paddr ? a.paddr : a.vaddr;
            sb = use_paddr ? b.paddr : b.vaddr;
            /* parse_phdrs made sure neither wraps */
            if (sa <= sb + b.memsz - 1 && sb <= sa + a.memsz - 1) {
                elf_error(img, errp,
                          "ELF segments %u and %u overlap", i, j);
                return false;
            }
        }
    }
    return true;
}

typedef struct ElfSection {
    uint32_t type;
    uint32_t link;
    uint64_t offset;
    uint64_t size;
    uint64_t entsize;
} ElfSection;

static bool get_section(const ElfImage *img, unsigned i, ElfSection *s,
                        GError **errp)
{
    const uint8_t *p = img->data + img->shoff + (uint64_t)i * img->shentsize;

    if (img->is64) {
        s->type = rd(img, p, FIELD(Elf64_Shdr, sh_type));
        s->link = rd(img, p, FIELD(Elf64_Shdr, sh_link));
        s->offset = rd(img, p, FIELD(Elf64_Shdr, sh_offset));
        s->size = rd(img, p, FIELD(Elf64_Shdr, sh_size));
        s->entsize = rd(img, p, FIELD(Elf64_Shdr, sh_entsize));
    } else {
        s->type = rd(img, p, FIELD(Elf32_Shdr, sh_type));
        s->link = rd(img, p, FIELD(Elf32_Shdr, sh_link));
        s->offset = rd(img, p, FIELD(Elf32_Shdr, sh_offset));
        s->size = rd(img, p, FIELD(Elf32_Shdr, sh_size));
        s->entsize = rd(img, p, FIELD(Elf32_Shdr, sh_entsize));
    }
    if (s->type != SHT_NOBITS && !in_file(s->offset, s->size, img->len)) {
        elf_error(img, errp,
                  "ELF section %u extends past the end of the "
                  "file", i);
        return false;
    }
    return true;
}

int elf_find_symbol(const ElfImage *img, const char *sym, uint64_t *value,
                    GError **errp)
{
    size_t want = img->is64 ? sizeof(Elf64_Shdr) : sizeof(Elf32_Shdr);
    size_t symsz = img->is64 ? sizeof(Elf64_Sym) : sizeof(Elf32_Sym);
    size_t symlen = strlen(sym);
    ElfSection st, str;
    unsigned i;

    if (img->shnum == 0 || img->shoff == 0) {
        return 0;
    }
    if (img->shentsize != want) {
        elf_error(img, errp,
                  "ELF section header size %u, expected %zu", img->shentsize,
                  want);
        return -1;
    }
    if (!in_file(img->shoff, (uint64_t)img->shnum * want, img->len)) {
        elf_error(img, errp,
                  "ELF section headers extend past the end of "
                  "the file");
        return -1;
    }
    for (i = 0; i < img->shnum; i++) {
        if (!get_section(img, i, &st, errp)) {
            return -1;
        }
        if (st.type == SHT_SYMTAB) {
            break;
        }
    }
    if (i == img->shnum) {
        return 0;
    }
    if (st.entsize != symsz || st.link >= img->shnum) {
        elf_error(img, errp,
                  "malformed ELF symbol table (section %u)", i);
        return -1;
    }
    if (!get_section(img, st.link, &str, errp)) {
        return -1;
    }
    if (str.type != SHT_STRTAB) {
        elf_error(img, errp,
                  "ELF symbol table's string table (section %u) "
                  "is not a string table", st.link);
        return -1;
    }
    for (uint64_t n = 0; n < st.size / symsz; n++) {
        const uint8_t *p = img->data + st.offset + n * symsz;
        uint64_t name_off, v;
        const char *s;

        if (img->is64) {
            name_off = rd(img, p, FIELD(Elf64_Sym, st_name));
            v = rd(img, p, FIELD(Elf64_Sym, st_value));
        } else {
            name_off = rd(img, p, FIELD(Elf32_Sym, st_name));
            v = rd(img, p, FIELD(Elf32_Sym, st_value));
        }
        if (name_off == 0) {
            continue;
        }
        s = (const char *)img->data + str.offset + name_off;
        /* The name plus its NUL must lie inside the string table. */
        if (name_off >= str.size ||
            !memchr(s, '\0', str.size - name_off)) {
            elf_error(img, errp,
                      "ELF symbol %" G_GUINT64_FORMAT " has a "
                      "name past the end of the string table", n);
            return -1;
        }
        if (strncmp(s, sym, symlen + 1) == 0) {
            *value = v;
            return 1;
        }
    }
    return 0;
}

static bool walk_notes(const ElfImage *img, unsigned seg_index,
                       const uint8_t *p, uint64_t size, ElfNoteFunc fn,
                       void *opaque, bool *stop, GError **errp)
{
    uint64_t pos = 0;

    /* A trailing fragment shorter than a note header is padding. */
    while (size - pos >= 12) {
        uint32_t namesz = elf_read(img, p + pos, 4);
        uint32_t descsz = elf_read(img, p + pos + 4, 4);
        uint32_t type = elf_read(img, p + pos + 8, 4);
        uint64_t name_off = pos + 12;
        uint64_t desc_off = name_off + ((namesz + 3ULL) & ~3ULL);
        uint64_t next = desc_off + ((descsz + 3ULL) & ~3ULL);

        /* 64-bit sums of 32-bit sizes cannot wrap */
        if (desc_off > size || descsz > size - desc_off) {
            elf_error(img, errp,
                      "ELF note runs past the end of "
                      "segment %u", seg_index);
            return false;
        }
        if (!fn(img, type, (const char *)p + name_off, namesz,
                p + desc_off, descsz, opaque)) {
            *stop = true;
            return true;
        }
        if (next >= size) {
            break;
        }
        pos = next;
    }
    return true;
}

bool elf_foreach_note(const ElfImage *img, ElfNoteFunc fn, void *opaque,
                      GError **errp)
{
    bool stop = false;

    for (unsigned i = 0; i < img->phnum && !stop; i++) {
        ElfSegment s;

        elf_get_segment(img, i, &s);
        if (s.type == PT_NOTE &&
            !walk_notes(img, i, img->data + s.offset, s.filesz, fn, opaque,
                        &stop, errp)) {
            return false;
        }
    }
    return true;
}
