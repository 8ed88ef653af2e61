/*
 * Loading a guest program as Linux's binfmt_elf does: its PT_LOAD
 * segments mapped from the file (position-independent programs at a
 * fixed base), the PT_INTERP dynamic linker found under -L and mapped
 * where mmap would put it, and the initial stack: argc, argv, envp and
 * the auxiliary vector glibc and musl read at start-up.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "user-internal.h"
#include "hw/core/elf.h"
#include "util/error.h"

#include <errno.h>
#include <stddef.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* Linux's ELF_ET_DYN_BASE for riscv64 with Sv39: 2/3 of the user space. */
#define PIE_BASE 0x2aaaaab000ull
#define STACK_SIZE (8ull << 20)
#define ARG_SPACE_MAX (6ull << 20)    /* Linux: 3/4 of its 8 MiB _STK_LIM */
#define ARG_SPACE_MIN (128ull << 10)  /* Linux: ARG_MAX, 32 pages */

typedef struct LoadedFile {
    int fd;
    uint8_t *data;
    size_t len;
    ElfImage elf;
} LoadedFile;

static void file_close(LoadedFile *f)
{
    if (f->data) {
        munmap(f->data, f->len);
    }
    if (f->fd >= 0) {
        close(f->fd);
    }
}

static bool file_open(LoadedFile *f, const char *path, const char *shown,
                      GError **errp)
{
    struct stat st;

    memset(f, 0, sizeof(*f));
    f->fd = open(path, O_RDONLY | O_CLOEXEC);
    if (f->fd < 0) {
        vireo_error_setg_errno(errp, errno, "'%s'", shown);
        return false;
    }
    if (fstat(f->fd, &st) < 0 || !S_ISREG(st.st_mode)) {
        vireo_error_setg(errp, "'%s': not a regular file", shown);
        return false;
    }
    f->len = st.st_size;
    f->data = f->len ? mmap(NULL, f->len, PROT_READ, MAP_PRIVATE, f->fd, 0)
                     : NULL;
    if (f->data == MAP_FAILED) {
        f->data = NULL;
        vireo_error_setg_errno(errp, errno, "'%s': cannot map", shown);
        return false;
    }
    if (!f->data || !elf_is_elf(f->data, f->len)) {
        vireo_error_setg(errp, "'%s': not an ELF file", shown);
        return false;
    }
    if (!elf_parse(&f->elf, shown, f->data, f->len, ELFCLASS64,
                   user_target_elf_machine(), errp)) {
        return false;
    }
    if (f->elf.big_endian) {
        vireo_error_setg(errp, "'%s': big-endian ELF", shown);
        return false;
    }
    return elf_check_load_overlap(&f->elf, false, errp);
}

static int elf_prot(uint32_t flags)
{
    return (flags & PF_R ? PAGE_READ : 0) | (flags & PF_W ? PAGE_WRITE : 0) |
           (flags & PF_X ? PAGE_EXEC : 0);
}

/* The span [lo, hi) of the PT_LOAD segments, page-aligned. */
static bool load_span(const LoadedFile *f, uint64_t *lo, uint64_t *hi,
                      const char *shown, GError **errp)
{
    uint64_t page = 1ull << tcg_user_page_bits();
    ElfSegment seg;

    *lo = UINT64_MAX;
    *hi = 0;
    for (unsigned i = 0; i < f->elf.phnum; i++) {
        elf_get_segment(&f->elf, i, &seg);
        if (seg.type != PT_LOAD || !seg.memsz) {
            continue;
        }
        if ((seg.vaddr - seg.offset) & (page - 1)) {
            vireo_error_setg(errp, "'%s': segment %u's address and file "
                             "offset differ within a page", shown, i);
            return false;
        }
        *lo = MIN(*lo, seg.vaddr & ~(page - 1));
        *hi = MAX(*hi, (seg.vaddr + seg.memsz + page - 1) & ~(page - 1));
    }
    if (*lo >= *hi) {
        vireo_error_setg(errp, "'%s': nothing to load", shown);
        return false;
    }
    return true;
}

/* Map every PT_LOAD segment of f at bias; fills the UserImage bits. */
static bool map_segments(const LoadedFile *f, uint64_t bias,
                         const char *shown, GError **errp)
{
    uint64_t page = 1ull << tcg_user_page_bits();
    ElfSegment seg;

    for (unsigned i = 0; i < f->elf.phnum; i++) {
        uint64_t start, file_end, mem_end, map_end;
        int prot;

        elf_get_segment(&f->elf, i, &seg);
        if (seg.type != PT_LOAD || !seg.memsz) {
            continue;
        }
        prot = elf_prot(seg.flags);
        start = (seg.vaddr + bias) & ~(page - 1);
        file_end = seg.vaddr + bias + seg.filesz;
        mem_end = seg.vaddr + bias + seg.memsz;
        map_end = (file_end + page - 1) & ~(page - 1);
        if (seg.filesz) {
            /* writable while the tail is zeroed; protected after */
            if (!tcg_user_mmap(start, map_end - start, prot | PAGE_WRITE,
                               MAP_PRIVATE, f->fd,
                               seg.offset & ~(page - 1), errp)) {
                g_prefix_error(errp, "'%s': segment %u: ", shown, i);
                return false;
            }
            if (map_end > file_end) {
                memset(tcg_user_g2h(file_end), 0, map_end - file_end);
            }
            if (!(prot & PAGE_WRITE) &&
                !tcg_user_mprotect(start, map_end - start, prot, errp)) {
                return false;
            }
        } else {
            map_end = start;
        }
        mem_end = (mem_end + page - 1) & ~(page - 1);
        if (mem_end > map_end &&
            !tcg_user_mmap(map_end, mem_end - map_end, prot,
                           MAP_PRIVATE | MAP_ANONYMOUS, -1, 0, errp)) {
            g_prefix_error(errp, "'%s': segment %u: ", shown, i);
            return false;
        }
    }
    return true;
}

/* Where the program headers are in memory: PT_PHDR, or inside a load. */
static uint64_t phdr_addr(const LoadedFile *f, uint64_t bias)
{
    ElfSegment seg;

    for (unsigned i = 0; i < f->elf.phnum; i++) {
        elf_get_segment(&f->elf, i, &seg);
        if (seg.type == PT_PHDR) {
            return seg.vaddr + bias;
        }
    }
    for (unsigned i = 0; i < f->elf.phnum; i++) {
        elf_get_segment(&f->elf, i, &seg);
        if (seg.type == PT_LOAD && f->elf.phoff >= seg.offset &&
            f->elf.phoff < seg.offset + seg.filesz) {
            return seg.vaddr + bias + (f->elf.phoff - seg.offset);
        }
    }
    return 0;
}

/* The PT_INTERP path, or NULL (0 return) / -1 on a malformed one. */
static int interp_path(const LoadedFile *f, char **out, const char *shown,
                       GError **errp)
{
    ElfSegment seg;

    *out = NULL;
    for (unsigned i = 0; i < f->elf.phnum; i++) {
        elf_get_segment(&f->elf, i, &seg);
        if (seg.type != PT_INTERP) {
            continue;
        }
        if (!seg.filesz || seg.filesz > 4096 ||
            f->data[seg.offset + seg.filesz - 1] != '\0') {
            vireo_error_setg(errp, "'%s': malformed PT_INTERP", shown);
            return -1;
        }
        *out = g_strndup((const char *)f->data + seg.offset, seg.filesz);
        return 1;
    }
    return 0;
}

/* Map f somewhere free (ET_DYN) or at its addresses; returns the bias. */
static bool place_file(const LoadedFile *f, uint64_t hint, uint64_t *bias,
                       const char *shown, GError **errp)
{
    uint64_t lo, hi, at;

    if (!load_span(f, &lo, &hi, shown, errp)) {
        return false;
    }
    if (hi > tcg_user_address_space_size()) {
        vireo_error_setg(errp, "'%s': loads above the guest address space "
                         "(0x%" G_GINT64_MODIFIER "x)", shown, hi);
        return false;
    }
    if (f->elf.type == ET_DYN) {
        at = tcg_user_find_free(hint, hi - lo);
        if (at == (uint64_t)-1) {
            vireo_error_setg(errp, "'%s': no room for %" G_GINT64_MODIFIER
                             "u bytes", shown, hi - lo);
            return false;
        }
        *bias = at - lo;
    } else {
        *bias = 0;
    }
    return map_segments(f, *bias, shown, errp);
}

bool user_load_program(const char *path, UserImage *img, GError **errp)
{
    LoadedFile prog, interp = { .fd = -1 };
    g_autofree char *ipath = NULL, *ihost = NULL;
    uint64_t bias, ibias = 0;
    bool ok = false;
    int has_interp;

    memset(img, 0, sizeof(*img));
    if (!file_open(&prog, path, path, errp)) {
        goto out;
    }
    img->e_flags = (uint32_t)elf_read(&prog.elf, prog.data +
                                      offsetof(Elf64_Ehdr, e_flags), 4);
    if (!user_target_elf_flags_ok(user_self->cpu, img->e_flags, errp)) {
        g_prefix_error(errp, "'%s': ", path);
        goto out;
    }
    has_interp = interp_path(&prog, &ipath, path, errp);
    if (has_interp < 0) {
        goto out;
    }
    if (!place_file(&prog, PIE_BASE, &bias, path, errp)) {
        goto out;
    }
    img->load_bias = bias;
    img->prog_entry = prog.elf.entry + bias;
    img->entry = img->prog_entry;
    img->phdr = phdr_addr(&prog, bias);
    img->phent = prog.elf.phentsize;
    img->phnum = prog.elf.phnum;
    {
        uint64_t lo, hi;

        load_span(&prog, &lo, &hi, path, NULL);
        img->end = hi + bias;
    }
    if (has_interp) {
        ihost = user_path_lookup(ipath);
        if (!file_open(&interp, ihost, ipath, errp)) {
            g_prefix_error(errp, "interpreter of '%s': ", path);
            goto out;
        }
        if (!place_file(&interp, user_proc.mmap_base, &ibias, ipath, errp)) {
            goto out;
        }
        img->interp_base = ibias;
        img->entry = interp.elf.entry + ibias;
    }
    ok = true;
out:
    file_close(&prog);
    if (interp.fd >= 0 || interp.data) {
        file_close(&interp);
    }
    return ok;
}

/* --- the initial stack ---------------------------------------------------- */

typedef struct StackBuilder {
    uint64_t sp;
} StackBuilder;

static uint64_t push_bytes(StackBuilder *b, const void *p, size_t len)
{
    b->sp -= len;
    memcpy(tcg_user_g2h(b->sp), p, len);
    return b->sp;
}

static uint64_t push_string(StackBuilder *b, const char *s)
{
    return push_bytes(b, s, strlen(s) + 1);
}

/*
 * How much the strings of argv and envp and their pointers may take, as
 * Linux counts it at execve: a quarter of RLIMIT_STACK, at least 128 KiB
 * and at most 6 MiB. The host kernel held the next emulator to the same
 * (user_rlimits_before_exec); what passes fits the STACK_SIZE mapped.
 */
static uint64_t arg_space(void)
{
    return MAX(MIN(user_stack_limit() / 4, ARG_SPACE_MAX), ARG_SPACE_MIN);
}

uint64_t user_setup_stack(const UserImage *img, char **argv, char **envp,
                          const char *execfn, GError **errp)
{
    uint64_t top = user_proc.stack_top;
    StackBuilder b = { .sp = top };
    int argc = g_strv_length(argv), envc = g_strv_length(envp);
    g_autofree uint64_t *argp = g_new0(uint64_t, argc + 1);
    g_autofree uint64_t *envpp = g_new0(uint64_t, envc + 1);
    size_t strings = 0, words;
    uint64_t execfn_addr, random_addr, *w;
    uint8_t rnd[16];
    unsigned n = 0;

    for (int i = 0; i < argc; i++) {
        strings += strlen(argv[i]) + 1;
    }
    for (int i = 0; i < envc; i++) {
        strings += strlen(envp[i]) + 1;
    }
    if (strings + (argc + envc + 2) * 8ull > arg_space()) {
        vireo_error_setg(errp, "arguments and environment too large "
                         "(%zu bytes)", strings);
        return 0;
    }
    if (!tcg_user_mmap(top - STACK_SIZE, STACK_SIZE,
                       PAGE_READ | PAGE_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                       -1, 0, errp)) {
        g_prefix_error(errp, "the stack: ");
        return 0;
    }
    user_proc.stack_size = STACK_SIZE;
    /* a larger limit the program inherited (`ulimit -s` in its shell) */
    user_stack_fit_limit(user_stack_limit());
    execfn_addr = push_string(&b, execfn);
    for (int i = envc - 1; i >= 0; i--) {
        envpp[i] = push_string(&b, envp[i]);
    }
    for (int i = argc - 1; i >= 0; i--) {
        argp[i] = push_string(&b, argv[i]);
    }
    if (getentropy(rnd, sizeof(rnd)) < 0) {
        for (size_t i = 0; i < sizeof(rnd); i++) {
            rnd[i] = (uint8_t)g_random_int();
        }
    }
    b.sp &= ~15ull;
    random_addr = push_bytes(&b, rnd, sizeof(rnd));

    /* argc, argv..., NULL, envp..., NULL, auxv pairs, AT_NULL */
    words = 1 + argc + 1 + envc + 1 + 2 * 20;
    w = g_new0(uint64_t, words);
    w[n++] = argc;
    for (int i = 0; i < argc; i++) {
        w[n++] = argp[i];
    }
    w[n++] = 0;
    for (int i = 0; i < envc; i++) {
        w[n++] = envpp[i];
    }
    w[n++] = 0;
    {
        unsigned auxv_start = n;
#define AUX(k, v) do { w[n++] = (k); w[n++] = (v); } while (0)
        AUX(AT_PHDR, img->phdr);
        AUX(AT_PHENT, img->phent);
        AUX(AT_PHNUM, img->phnum);
        AUX(AT_PAGESZ, 1ull << tcg_user_page_bits());
        AUX(AT_BASE, img->interp_base);
        AUX(AT_FLAGS, 0);
        AUX(AT_ENTRY, img->prog_entry);
        AUX(AT_UID, getuid());
        AUX(AT_EUID, geteuid());
        AUX(AT_GID, getgid());
        AUX(AT_EGID, getegid());
        AUX(AT_SECURE, 0);
        AUX(AT_HWCAP, user_target_hwcap(user_self->cpu));
        AUX(AT_CLKTCK, sysconf(_SC_CLK_TCK));
        AUX(AT_RANDOM, random_addr);
        AUX(AT_EXECFN, execfn_addr);
        AUX(AT_NULL, 0);
#undef AUX
        b.sp -= n * 8;
        b.sp &= ~15ull;
        memcpy(tcg_user_g2h(b.sp), w, n * 8);
        user_proc.auxv_addr = b.sp + auxv_start * 8;
        user_proc.auxv_len = (n - auxv_start) * 8;
    }
    g_free(w);
    return b.sp;
}
