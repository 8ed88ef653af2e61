/*
 * hw/core/elf.c: ELF64 (RISC-V, x86-64) and ELF32 (both byte orders)
 * images built here, their program headers, notes and symbols, then every
 * malformation the reader must refuse with a message naming the file, and
 * every prefix and single-byte corruption of a valid image (no crash; run
 * under the sanitizer build).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-check.h"
#include "hw/core/elf.h"
#include "util/error.h"

#include <stddef.h>
#include <string.h>

/*
 * The ELF64 image: header; 4 program headers at 64 (PT_PHDR, PT_INTERP,
 * PT_LOAD of the first 512 bytes to 0x10000 with memsz 0x1000, PT_NOTE);
 * the interpreter path at 300; three notes at 320; .strtab at 400;
 * .symtab at 424; 3 section headers at 512.
 */
enum {
    PH_OFF = 64, INTERP_OFF = 300, NOTE_OFF = 320, NOTE_LEN = 68,
    STR_OFF = 400, STR_LEN = 22, SYM_OFF = 424, SH_OFF = 512,
    IMG_LEN = SH_OFF + 3 * sizeof(Elf64_Shdr),
};

static uint8_t img[1024];

static void put(uint8_t *p, uint64_t v, unsigned size, bool be)
{
    for (unsigned i = 0; i < size; i++) {
        p[be ? size - 1 - i : i] = v >> (8 * i);
    }
}

#define PUT(base, type, field, v) \
    put((base) + offsetof(type, field), (v), sizeof(((type *)0)->field), 0)

static Elf64_Phdr *phdr(unsigned i)
{
    return (Elf64_Phdr *)(img + PH_OFF + i * sizeof(Elf64_Phdr));
}

static Elf64_Shdr *shdr(unsigned i)
{
    return (Elf64_Shdr *)(img + SH_OFF + i * sizeof(Elf64_Shdr));
}

static Elf64_Sym *sym(unsigned i)
{
    return (Elf64_Sym *)(img + SYM_OFF + i * sizeof(Elf64_Sym));
}

static void note(uint8_t **p, uint32_t type, const char *name,
                 uint32_t namesz, const void *desc, uint32_t descsz)
{
    put(*p, namesz, 4, 0);
    put(*p + 4, descsz, 4, 0);
    put(*p + 8, type, 4, 0);
    memcpy(*p + 12, name, namesz);
    *p += 12 + ((namesz + 3) & ~3u);
    memcpy(*p, desc, descsz);
    *p += (descsz + 3) & ~3u;
}

static void make_elf64(uint16_t machine, uint16_t type)
{
    Elf64_Ehdr *eh = (Elf64_Ehdr *)img;
    uint8_t *n = img + NOTE_OFF;
    uint32_t entry32 = 0x1234;

    /* The test runs on a little-endian host: structs are file layout. */
    memset(img, 0, sizeof(img));
    memcpy(eh->e_ident, ELFMAG, SELFMAG);
    eh->e_ident[EI_CLASS] = ELFCLASS64;
    eh->e_ident[EI_DATA] = ELFDATA2LSB;
    eh->e_ident[EI_VERSION] = EV_CURRENT;
    eh->e_type = type;
    eh->e_machine = machine;
    eh->e_version = EV_CURRENT;
    eh->e_entry = 0x10040;
    eh->e_phoff = PH_OFF;
    eh->e_shoff = SH_OFF;
    eh->e_ehsize = sizeof(Elf64_Ehdr);
    eh->e_phentsize = sizeof(Elf64_Phdr);
    eh->e_phnum = 4;
    eh->e_shentsize = sizeof(Elf64_Shdr);
    eh->e_shnum = 3;

    *phdr(0) = (Elf64_Phdr){ .p_type = PT_PHDR, .p_offset = PH_OFF,
                             .p_vaddr = 0x10000 + PH_OFF,
                             .p_filesz = 4 * sizeof(Elf64_Phdr),
                             .p_memsz = 4 * sizeof(Elf64_Phdr) };
    *phdr(1) = (Elf64_Phdr){ .p_type = PT_INTERP, .p_offset = INTERP_OFF,
                             .p_vaddr = 0x10000 + INTERP_OFF,
                             .p_paddr = 0x90000, .p_filesz = 11,
                             .p_memsz = 11 };
    *phdr(2) = (Elf64_Phdr){ .p_type = PT_LOAD, .p_flags = PF_R | PF_X,
                             .p_vaddr = 0x10000, .p_paddr = 0x80000000,
                             .p_filesz = 512, .p_memsz = 0x1000,
                             .p_align = 0x1000 };
    *phdr(3) = (Elf64_Phdr){ .p_type = PT_NOTE, .p_offset = NOTE_OFF,
                             .p_filesz = NOTE_LEN, .p_memsz = NOTE_LEN,
                             .p_align = 4 };
    memcpy(img + INTERP_OFF, "/lib/ld.so", 11);
    note(&n, 18, "Xen", 4, &entry32, 4);
    note(&n, NT_GNU_BUILD_ID, "GNU", 4, "abcdef", 6);
    note(&n, 7, "Linux", 5, &entry32, 4);
    g_assert(n == img + NOTE_OFF + NOTE_LEN);

    memcpy(img + STR_OFF, "\0tohost\0end_signature\0", STR_LEN);
    *sym(1) = (Elf64_Sym){ .st_name = 1, .st_value = 0x80001000 };
    *sym(2) = (Elf64_Sym){ .st_name = 8, .st_value = 0x80002000 };
    *shdr(1) = (Elf64_Shdr){ .sh_type = SHT_SYMTAB, .sh_link = 2,
                             .sh_offset = SYM_OFF,
                             .sh_size = 3 * sizeof(Elf64_Sym),
                             .sh_entsize = sizeof(Elf64_Sym) };
    *shdr(2) = (Elf64_Shdr){ .sh_type = SHT_STRTAB, .sh_offset = STR_OFF,
                             .sh_size = STR_LEN };
}

/* An ELF32 image with one PT_LOAD, in either byte order. */
enum { IMG32_LEN = 128 };
static void make_elf32(uint16_t machine, bool be)
{
    uint8_t *ph = img + sizeof(Elf32_Ehdr);

    memset(img, 0, sizeof(img));
    memcpy(img, ELFMAG, SELFMAG);
    img[EI_CLASS] = ELFCLASS32;
    img[EI_DATA] = be ? ELFDATA2MSB : ELFDATA2LSB;
    put(img + offsetof(Elf32_Ehdr, e_type), ET_EXEC, 2, be);
    put(img + offsetof(Elf32_Ehdr, e_machine), machine, 2, be);
    put(img + offsetof(Elf32_Ehdr, e_entry), 0x80000010, 4, be);
    put(img + offsetof(Elf32_Ehdr, e_phoff), sizeof(Elf32_Ehdr), 4, be);
    put(img + offsetof(Elf32_Ehdr, e_phentsize), sizeof(Elf32_Phdr), 2, be);
    put(img + offsetof(Elf32_Ehdr, e_phnum), 1, 2, be);
    put(ph + offsetof(Elf32_Phdr, p_type), PT_LOAD, 4, be);
    put(ph + offsetof(Elf32_Phdr, p_vaddr), 0x80000000, 4, be);
    put(ph + offsetof(Elf32_Phdr, p_paddr), 0x1000, 4, be);
    put(ph + offsetof(Elf32_Phdr, p_filesz), IMG32_LEN, 4, be);
    put(ph + offsetof(Elf32_Phdr, p_memsz), 0x200, 4, be);
}

typedef struct Notes {
    unsigned count, stop_after;
    uint32_t type[4], namesz[4], descsz[4];
    char name[4][8];
    uint8_t desc[4][8];
} Notes;

static bool record_note(const ElfImage *elf, uint32_t type, const char *name,
                        uint32_t namesz, const uint8_t *desc,
                        uint32_t descsz, void *opaque)
{
    Notes *n = opaque;

    ck_assert_uint_lt(n->count, 4);
    n->type[n->count] = type;
    n->namesz[n->count] = namesz;
    n->descsz[n->count] = descsz;
    memcpy(n->name[n->count], name, MIN(namesz, 7u));
    memcpy(n->desc[n->count], desc, MIN(descsz, 8u));
    return ++n->count != n->stop_after;
}

START_TEST(elf64_riscv_headers_notes_symbols)
{
    ElfImage elf;
    ElfSegment s;
    Notes notes = { 0 };
    uint64_t v = 0;
    GError *err = NULL;

    make_elf64(EM_RISCV, ET_EXEC);
    ck_assert(elf_is_elf(img, IMG_LEN));
    ck_assert(elf_parse(&elf, "r.elf", img, IMG_LEN, ELFCLASS64, EM_RISCV,
                        &err));
    ck_assert_ptr_null(err);
    ck_assert(elf.is64);
    ck_assert(!elf.big_endian);
    ck_assert_uint_eq(elf.type, ET_EXEC);
    ck_assert_uint_eq(elf.machine, EM_RISCV);
    ck_assert_uint_eq(elf.entry, 0x10040);
    ck_assert_uint_eq(elf.phoff, PH_OFF);
    ck_assert_uint_eq(elf.phnum, 4);

    elf_get_segment(&elf, 0, &s);
    ck_assert_uint_eq(s.type, PT_PHDR);
    ck_assert_uint_eq(s.vaddr, 0x10000 + PH_OFF);
    elf_get_segment(&elf, 1, &s);
    ck_assert_uint_eq(s.type, PT_INTERP);
    ck_assert_str_eq((const char *)img + s.offset, "/lib/ld.so");
    elf_get_segment(&elf, 2, &s);
    ck_assert_uint_eq(s.type, PT_LOAD);
    ck_assert_uint_eq(s.flags, PF_R | PF_X);
    ck_assert_uint_eq(s.vaddr, 0x10000);
    ck_assert_uint_eq(s.paddr, 0x80000000);
    ck_assert_uint_eq(s.filesz, 512);
    ck_assert_uint_eq(s.memsz, 0x1000);
    ck_assert_uint_eq(s.align, 0x1000);

    /* Names and descs padded to 4 bytes: "Linux" takes 8. */
    ck_assert(elf_foreach_note(&elf, record_note, &notes, &err));
    ck_assert_uint_eq(notes.count, 3);
    ck_assert_uint_eq(notes.type[0], 18);
    ck_assert_str_eq(notes.name[0], "Xen");
    ck_assert_uint_eq(notes.desc[0][0], 0x34);
    ck_assert_uint_eq(notes.type[1], NT_GNU_BUILD_ID);
    ck_assert_uint_eq(notes.descsz[1], 6);
    ck_assert_mem_eq(notes.desc[1], "abcdef", 6);
    ck_assert_uint_eq(notes.type[2], 7);
    ck_assert_uint_eq(notes.namesz[2], 5);
    ck_assert_mem_eq(notes.name[2], "Linux", 5);
    ck_assert_uint_eq(notes.desc[2][1], 0x12);

    /* The callback can stop the walk. */
    memset(&notes, 0, sizeof(notes));
    notes.stop_after = 1;
    ck_assert(elf_foreach_note(&elf, record_note, &notes, &err));
    ck_assert_uint_eq(notes.count, 1);

    ck_assert_int_eq(elf_find_symbol(&elf, "tohost", &v, &err), 1);
    ck_assert_uint_eq(v, 0x80001000);
    ck_assert_int_eq(elf_find_symbol(&elf, "end_signature", &v, &err), 1);
    ck_assert_uint_eq(v, 0x80002000);
    /* A prefix of a name is not the name. */
    ck_assert_int_eq(elf_find_symbol(&elf, "tohos", &v, &err), 0);
    ck_assert_int_eq(elf_find_symbol(&elf, "fromhost", &v, &err), 0);
    ck_assert_ptr_null(err);

    ck_assert(elf_check_load_overlap(&elf, false, &err));
    ck_assert(elf_check_load_overlap(&elf, true, &err));

    /* No section headers at all: symbols are simply absent. */
    PUT(img, Elf64_Ehdr, e_shnum, 0);
    ck_assert(elf_parse(&elf, "r.elf", img, IMG_LEN, ELFCLASS64, EM_RISCV,
                        &err));
    ck_assert_int_eq(elf_find_symbol(&elf, "tohost", &v, &err), 0);
    ck_assert_ptr_null(err);
}
END_TEST

START_TEST(elf64_x86_dyn_any_class)
{
    ElfImage elf;
    GError *err = NULL;

    make_elf64(EM_X86_64, ET_DYN);
    ck_assert(elf_parse(&elf, "x.elf", img, IMG_LEN, ELFCLASSNONE, EM_NONE,
                        &err));
    ck_assert_uint_eq(elf.machine, EM_X86_64);
    ck_assert_uint_eq(elf.type, ET_DYN);
    ck_assert(elf_parse(&elf, "x.elf", img, IMG_LEN, ELFCLASS64, EM_X86_64,
                        &err));
    ck_assert_ptr_null(err);

    /* Without a name the message has no prefix (the caller's has it). */
    ck_assert(!elf_parse(&elf, NULL, img, IMG_LEN, ELFCLASS64, EM_RISCV,
                         &err));
    ck_assert_str_eq(err->message, "ELF machine 62, expected 243");
    g_clear_error(&err);
}
END_TEST

START_TEST(elf32_both_byte_orders)
{
    for (int be = 0; be <= 1; be++) {
        ElfImage elf;
        ElfSegment s;
        GError *err = NULL;

        make_elf32(be ? EM_PPC : EM_RISCV, be);
        ck_assert(elf_parse(&elf, "32.elf", img, IMG32_LEN, ELFCLASS32,
                            be ? EM_PPC : EM_RISCV, &err));
        ck_assert_ptr_null(err);
        ck_assert(!elf.is64);
        ck_assert_int_eq(elf.big_endian, be);
        ck_assert_uint_eq(elf.entry, 0x80000010);
        ck_assert_uint_eq(elf.phnum, 1);
        elf_get_segment(&elf, 0, &s);
        ck_assert_uint_eq(s.type, PT_LOAD);
        ck_assert_uint_eq(s.vaddr, 0x80000000);
        ck_assert_uint_eq(s.paddr, 0x1000);
        ck_assert_uint_eq(s.filesz, IMG32_LEN);
        ck_assert_uint_eq(s.memsz, 0x200);
        ck_assert_uint_eq(elf_read(&elf, img + 16, 2), ET_EXEC);
    }
}
END_TEST

/* parse img[0..len) as a RISC-V ELF64: must fail naming bad.elf and msg */
#define PARSE_FAILS(len, msg)                                          \
    do {                                                               \
        ElfImage e_;                                                   \
        EXPECT_FAIL(elf_parse(&e_, "bad.elf", img, (len), ELFCLASS64,  \
                              EM_RISCV, &err_), "'bad.elf': ", msg);   \
    } while (0)

START_TEST(malformed_headers)
{
    make_elf64(EM_RISCV, ET_EXEC);
    PARSE_FAILS(3, "not an ELF file");
    PARSE_FAILS(40, "truncated ELF header");
    img[EI_CLASS] = 7;
    PARSE_FAILS(IMG_LEN, "unknown ELF class 7");
    img[EI_CLASS] = ELFCLASS32;
    PARSE_FAILS(IMG_LEN, "not a 64-bit ELF file");
    make_elf64(EM_RISCV, ET_EXEC);
    img[EI_DATA] = 9;
    PARSE_FAILS(IMG_LEN, "unknown ELF byte order 9");
    make_elf64(EM_X86_64, ET_EXEC);
    PARSE_FAILS(IMG_LEN, "ELF machine 62, expected 243");
    make_elf64(EM_RISCV, ET_REL);
    PARSE_FAILS(IMG_LEN, "ELF type 1 is not an executable");
    make_elf64(EM_RISCV, ET_EXEC);
    PUT(img, Elf64_Ehdr, e_phnum, 0);
    PARSE_FAILS(IMG_LEN, "has no program headers");
    make_elf64(EM_RISCV, ET_EXEC);
    PUT(img, Elf64_Ehdr, e_phentsize, 32);
    PARSE_FAILS(IMG_LEN, "program header size 32, expected 56");
    make_elf64(EM_RISCV, ET_EXEC);
    PARSE_FAILS(PH_OFF + 3 * 56 + 10,
                "ELF program header 3 extends past the end of the file");

    /* ELF32 class wanted, ELF32 header truncated */
    make_elf32(EM_RISCV, false);
    {
        ElfImage e;
        EXPECT_FAIL(elf_parse(&e, "s.elf", img, 50, ELFCLASS32, EM_RISCV,
                              &err_), "'s.elf'", "truncated ELF header");
        EXPECT_FAIL(elf_parse(&e, "s.elf", img, IMG32_LEN, ELFCLASS64,
                              EM_RISCV, &err_), "'s.elf'", "not a 64-bit");
    }
}
END_TEST

START_TEST(malformed_program_headers)
{
    make_elf64(EM_RISCV, ET_EXEC);
    PUT(img, Elf64_Ehdr, e_phoff, IMG_LEN + 8);
    PARSE_FAILS(IMG_LEN, "program header 0 extends past the end");
    /* phoff + phnum * phentsize would wrap a 64-bit sum */
    PUT(img, Elf64_Ehdr, e_phoff, UINT64_MAX - 20);
    PARSE_FAILS(IMG_LEN, "program header 0 extends past the end");
    make_elf64(EM_RISCV, ET_EXEC);
    PUT(img, Elf64_Ehdr, e_phnum, 0xffff);
    PARSE_FAILS(IMG_LEN, "program header 11 extends past the end");

    make_elf64(EM_RISCV, ET_EXEC);
    phdr(2)->p_filesz = 0x1001;
    phdr(2)->p_memsz = 0x1000;
    PARSE_FAILS(sizeof(img), "segment 2 lies outside the file");
    phdr(2)->p_filesz = 0x200;
    phdr(2)->p_memsz = 0x100;
    PARSE_FAILS(IMG_LEN, "segment 2 has more file bytes than memory bytes");
    make_elf64(EM_RISCV, ET_EXEC);
    phdr(3)->p_offset = IMG_LEN - 10;
    PARSE_FAILS(IMG_LEN, "segment 3 lies outside the file");
    /* offset + filesz wrapping around must not pass for "inside" */
    phdr(3)->p_offset = 16;
    phdr(3)->p_filesz = UINT64_MAX - 8;
    PARSE_FAILS(IMG_LEN, "segment 3 lies outside the file");
    make_elf64(EM_RISCV, ET_EXEC);
    phdr(2)->p_vaddr = UINT64_MAX - 0x10;
    PARSE_FAILS(IMG_LEN, "segment 2 wraps around the address space");
    make_elf64(EM_RISCV, ET_EXEC);
    phdr(2)->p_paddr = UINT64_MAX - 0x10;
    PARSE_FAILS(IMG_LEN, "segment 2 wraps around the address space");
}
END_TEST

START_TEST(overlapping_segments)
{
    ElfImage elf;
    GError *err = NULL;

    make_elf64(EM_RISCV, ET_EXEC);
    phdr(1)->p_type = PT_LOAD;      /* its vaddr lies inside segment 2 */
    ck_assert(elf_parse(&elf, "o.elf", img, IMG_LEN, ELFCLASS64, EM_RISCV,
                        &err));
    ck_assert(elf_check_load_overlap(&elf, true, &err));
    ck_assert(!elf_check_load_overlap(&elf, false, &err));
    vireo_expect_error(err, "'o.elf'", "ELF segments 1 and 2 overlap");
    g_clear_error(&err);
}
END_TEST

#define SYMBOL_FAILS(msg)                                                  \
    do {                                                                   \
        ElfImage e_;                                                       \
        uint64_t v_;                                                       \
        GError *err_ = NULL;                                               \
        ck_assert(elf_parse(&e_, "sym.elf", img, IMG_LEN, ELFCLASS64,     \
                            EM_RISCV, &err_));                             \
        ck_assert_int_eq(elf_find_symbol(&e_, "nope", &v_, &err_), -1);   \
        vireo_expect_error(err_, "'sym.elf': ", msg);                      \
        g_error_free(err_);                                                \
    } while (0)

START_TEST(malformed_symbols)
{
    make_elf64(EM_RISCV, ET_EXEC);
    sym(2)->st_name = STR_LEN;
    SYMBOL_FAILS("symbol 2 has a name past the end of the string table");
    /* "end_signature" without its NUL inside the table */
    make_elf64(EM_RISCV, ET_EXEC);
    shdr(2)->sh_size = STR_LEN - 1;
    SYMBOL_FAILS("symbol 2 has a name past the end of the string table");
    make_elf64(EM_RISCV, ET_EXEC);
    shdr(1)->sh_offset = IMG_LEN - 8;
    SYMBOL_FAILS("ELF section 1 extends past the end of the file");
    make_elf64(EM_RISCV, ET_EXEC);
    shdr(2)->sh_size = UINT64_MAX;
    SYMBOL_FAILS("ELF section 2 extends past the end of the file");
    make_elf64(EM_RISCV, ET_EXEC);
    shdr(1)->sh_link = 3;
    SYMBOL_FAILS("malformed ELF symbol table (section 1)");
    make_elf64(EM_RISCV, ET_EXEC);
    shdr(1)->sh_entsize = 16;
    SYMBOL_FAILS("malformed ELF symbol table (section 1)");
    make_elf64(EM_RISCV, ET_EXEC);
    shdr(1)->sh_link = 1;
    SYMBOL_FAILS("section 1) is not a string table");
    make_elf64(EM_RISCV, ET_EXEC);
    PUT(img, Elf64_Ehdr, e_shentsize, 40);
    SYMBOL_FAILS("section header size 40, expected 64");
    make_elf64(EM_RISCV, ET_EXEC);
    PUT(img, Elf64_Ehdr, e_shoff, IMG_LEN - 64);
    SYMBOL_FAILS("section headers extend past the end of the file");
}
END_TEST

static bool count_note(const ElfImage *elf, uint32_t type, const char *name,
                       uint32_t namesz, const uint8_t *desc, uint32_t descsz,
                       void *opaque)
{
    (*(unsigned *)opaque)++;
    return true;
}

static void expect_note_error(const char *msg)
{
    ElfImage elf;
    unsigned n = 0;
    GError *err = NULL;

    ck_assert(elf_parse(&elf, "n.elf", img, IMG_LEN, ELFCLASS64, EM_RISCV,
                        &err));
    ck_assert(!elf_foreach_note(&elf, count_note, &n, &err));
    vireo_expect_error(err, "'n.elf': ", msg);
    g_error_free(err);
}

START_TEST(malformed_notes)
{
    ElfImage elf;
    unsigned n = 0;
    GError *err = NULL;

    make_elf64(EM_RISCV, ET_EXEC);
    put(img + NOTE_OFF, 0xffffffff, 4, 0);           /* namesz */
    expect_note_error("ELF note runs past the end of segment 3");
    make_elf64(EM_RISCV, ET_EXEC);
    put(img + NOTE_OFF + 20 + 4, 0xfffffffd, 4, 0);  /* 2nd descsz */
    expect_note_error("ELF note runs past the end of segment 3");
    /* The last note's desc cut short by the segment end */
    make_elf64(EM_RISCV, ET_EXEC);
    phdr(3)->p_filesz = NOTE_LEN - 2;
    expect_note_error("ELF note runs past the end of segment 3");

    /* A fragment shorter than a note header is padding, not a note. */
    make_elf64(EM_RISCV, ET_EXEC);
    phdr(3)->p_filesz = NOTE_LEN + 8;
    ck_assert(elf_parse(&elf, "n.elf", img, IMG_LEN, ELFCLASS64, EM_RISCV,
                        &err));
    ck_assert(elf_foreach_note(&elf, count_note, &n, &err));
    ck_assert_uint_eq(n, 3);
}
END_TEST

/*
 * Exercise every reader on whatever parses, from an exact-size heap copy
 * so ASan sees any read past the end.
 */
static void try_everything(size_t len)
{
    g_autofree uint8_t *buf = g_memdup2(img, len);
    ElfImage elf;
    uint64_t v;
    unsigned n = 0;
    GError *err = NULL;

    if (!elf_parse(&elf, "f.elf", buf, len, ELFCLASSNONE, EM_NONE, &err)) {
        ck_assert_ptr_nonnull(err);
        ck_assert_ptr_null(strchr(err->message, '\n'));
        g_clear_error(&err);
        return;
    }
    for (unsigned i = 0; i < elf.phnum; i++) {
        ElfSegment s;
        elf_get_segment(&elf, i, &s);
        ck_assert(s.offset <= len && s.filesz <= len - s.offset);
    }
    if (elf_find_symbol(&elf, "end_signature", &v, &err) < 0) {
        g_clear_error(&err);
    }
    if (!elf_foreach_note(&elf, count_note, &n, &err)) {
        g_clear_error(&err);
    }
    if (!elf_check_load_overlap(&elf, false, &err)) {
        g_clear_error(&err);
    }
}

START_TEST(truncations_and_corruptions_never_crash)
{
    make_elf64(EM_RISCV, ET_EXEC);
    for (size_t len = 0; len <= IMG_LEN; len++) {
        try_everything(len);
    }
    for (size_t i = 0; i < IMG_LEN; i++) {
        static const uint8_t vals[] = { 0xff, 0x80, 0x7f, 0x00 };

        for (size_t k = 0; k < G_N_ELEMENTS(vals); k++) {
            make_elf64(EM_RISCV, ET_EXEC);
            img[i] = vals[k];
            try_everything(IMG_LEN);
        }
    }
}
END_TEST

static Suite *elf_suite(void)
{
    Suite *s = suite_create("elf");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, elf64_riscv_headers_notes_symbols);
    tcase_add_test(tc, elf64_x86_dyn_any_class);
    tcase_add_test(tc, elf32_both_byte_orders);
    tcase_add_test(tc, malformed_headers);
    tcase_add_test(tc, malformed_program_headers);
    tcase_add_test(tc, overlapping_segments);
    tcase_add_test(tc, malformed_symbols);
    tcase_add_test(tc, malformed_notes);
    tcase_add_test(tc, truncations_and_corruptions_never_crash);
    suite_add_tcase(s, tc);
    return s;
}

VIREO_CHECK_MAIN(elf_suite)
