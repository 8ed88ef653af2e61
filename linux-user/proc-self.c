/*
 * The guest's view of its own /proc entries: /proc/self/exe is the guest
 * program (not this emulator), /proc/self/auxv the guest's auxiliary
 * vector, /proc/self/maps the guest mappings in guest addresses. Opening
 * one of these gives a file whose contents the emulator made (a memfd).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "user-internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

bool user_proc_self_is(const char *path, const char *entry)
{
    char pid[32];
    size_t n;

    if (!g_str_has_prefix(path, "/proc/")) {
        return false;
    }
    path += strlen("/proc/");
    snprintf(pid, sizeof(pid), "%d/", (int)getpid());
    if (g_str_has_prefix(path, "self/")) {
        path += 5;
    } else if (g_str_has_prefix(path, "thread-self/")) {
        path += 12;
    } else if (g_str_has_prefix(path, pid)) {
        path += strlen(pid);
    } else {
        return false;
    }
    n = strlen(entry);
    return strncmp(path, entry, n) == 0 && path[n] == '\0';
}

/* A memfd holding data, rewound; -errno. */
static int memfd_with(const char *name, const void *data, size_t len,
                      int flags)
{
    int fd = memfd_create(name, flags & O_CLOEXEC ? MFD_CLOEXEC : 0);
    const char *p = data;

    if (fd < 0) {
        return -errno;
    }
    while (len) {
        ssize_t w = write(fd, p, len);

        if (w < 0) {
            int e = errno;

            close(fd);
            return -e;
        }
        p += w;
        len -= (size_t)w;
    }
    lseek(fd, 0, SEEK_SET);
    return fd;
}

/* The guest protection bits of the page at addr (-1: not mapped). */
static int guest_prot(uint64_t addr)
{
    int f = tcg_user_page_flags(addr);

    if (!(f & TCG_USER_PAGE_VALID)) {
        return -1;
    }
    return f & (PAGE_READ | PAGE_WRITE | PAGE_EXEC);
}

static void maps_line(GString *out, uint64_t lo, uint64_t hi, int prot,
                      char share, uint64_t off, const char *dev,
                      unsigned long long ino, const char *name)
{
    size_t start = out->len;

    if (!*name && lo < user_proc.stack_top && user_proc.stack_top <= hi) {
        name = "[stack]";
    }
    g_string_append_printf(out, "%08" G_GINT64_MODIFIER "x-%08"
                           G_GINT64_MODIFIER "x %c%c%c%c %08"
                           G_GINT64_MODIFIER "x %s %llu", lo, hi,
                           prot & PAGE_READ ? 'r' : '-',
                           prot & PAGE_WRITE ? 'w' : '-',
                           prot & PAGE_EXEC ? 'x' : '-', share, off, dev,
                           ino);
    if (*name) {
        /* the kernel pads the name to one column */
        int pad = 73 - (int)(out->len - start);

        g_string_append_printf(out, "%*s%s", MAX(pad, 1), "", name);
    }
    g_string_append_c(out, '\n');
}

/*
 * The host's maps lines that fall inside the guest reservation, in guest
 * addresses, split where the guest's protection changes (the host's may
 * differ: code pages are write-protected). Reserved but unmapped space,
 * which the guest cannot see, is left out: a host range ends at its
 * first page the guest has not mapped.
 */
static GString *guest_maps(void)
{
    GString *out = g_string_new(NULL);
    uint64_t base = tcg_user_guest_base();
    uint64_t size = tcg_user_address_space_size();
    uint64_t page = 1ull << tcg_user_page_bits();
    g_autofree char *text = NULL;
    g_auto(GStrv) lines = NULL;

    if (!g_file_get_contents("/proc/self/maps", &text, NULL, NULL)) {
        return out;
    }
    lines = g_strsplit(text, "\n", -1);
    for (char **l = lines; *l && **l; l++) {
        unsigned long long lo, hi, off, ino;
        char perms[8], dev[16];
        int name_at = 0;
        const char *name;
        uint64_t seg, a;
        int prot;

        if (sscanf(*l, "%llx-%llx %7s %llx %15s %llu %n", &lo, &hi, perms,
                   &off, dev, &ino, &name_at) < 6) {
            continue;
        }
        if (hi <= base || lo >= base + size) {
            continue;
        }
        name = name_at ? *l + name_at : "";
        if (lo < base) {
            off += base - lo;
            lo = base;
        }
        lo -= base;
        hi = MIN(hi, base + size) - base;
        seg = lo;
        prot = guest_prot(lo);
        for (a = lo; a < hi && prot >= 0; a += page) {
            int p = guest_prot(a + page);

            if (a + page == hi || p != prot) {
                maps_line(out, seg, a + page, prot, perms[3],
                          off + (seg - lo), dev, ino, name);
                seg = a + page;
                prot = p;
            }
        }
    }
    return out;
}

int user_proc_self_open(const char *path, int flags, mode_t mode)
{
    if (user_proc_self_is(path, "exe")) {
        return open(user_proc.exe_path, flags, mode);
    }
    if (user_proc_self_is(path, "auxv")) {
        void *p = user_ptr(user_proc.auxv_addr, user_proc.auxv_len,
                           PAGE_READ);
        int fd;

        if (!p) {
            errno = EIO;
            return -1;
        }
        fd = memfd_with("auxv", p, user_proc.auxv_len, flags);
        if (fd < 0) {
            errno = -fd;
            return -1;
        }
        return fd;
    }
    if (user_proc_self_is(path, "maps")) {
        g_autoptr(GString) m = guest_maps();
        int fd = memfd_with("maps", m->str, m->len, flags);

        if (fd < 0) {
            errno = -fd;
            return -1;
        }
        return fd;
    }
    errno = ENOENT;
    return -2;          /* not ours: open the real file */
}
