/*
 * System calls' way into guest memory: range checks against the page
 * flags (a guest pointer outside its mappings is -EFAULT, never an
 * emulator address), strings, and the -L sysroot lookup of absolute
 * paths.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Host calls are given host pointers into the guest space: the kernel
 * itself then faults on pages another thread unmapped meanwhile
 * (EFAULT), since unmapped guest pages are PROT_NONE reservation.
 */
#include "user-internal.h"

#include <errno.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void *user_ptr(uint64_t addr, uint64_t len, int prot)
{
    static char empty;

    if (!len) {
        return addr < tcg_user_address_space_size() ?
               tcg_user_g2h(addr) : &empty;
    }
    if (!tcg_user_access_ok(addr, len, prot)) {
        return NULL;
    }
    if (prot & PAGE_WRITE) {
        tcg_user_prepare_write(addr, len);
    }
    return tcg_user_g2h(addr);
}

int user_copy_from(void *dst, uint64_t src, size_t len)
{
    void *p = user_ptr(src, len, PAGE_READ);

    if (!p) {
        return -EFAULT;
    }
    memcpy(dst, p, len);
    return 0;
}

int user_copy_to(uint64_t dst, const void *src, size_t len)
{
    void *p = user_ptr(dst, len, PAGE_WRITE);

    if (!p) {
        return -EFAULT;
    }
    memcpy(p, src, len);
    return 0;
}

int user_get_string(uint64_t addr, size_t max, char **out)
{
    uint64_t page = 1ull << tcg_user_page_bits();
    GString *s = g_string_new(NULL);

    *out = NULL;
    for (;;) {
        uint64_t chunk = page - (addr & (page - 1));
        const char *p = user_ptr(addr, chunk, PAGE_READ);
        const char *nul;

        if (!p) {
            g_string_free(s, TRUE);
            return -EFAULT;
        }
        nul = memchr(p, 0, chunk);
        g_string_append_len(s, p, nul ? nul - p : (gssize)chunk);
        if (s->len >= max) {
            g_string_free(s, TRUE);
            return -ENAMETOOLONG;
        }
        if (nul) {
            *out = g_string_free(s, FALSE);
            return 0;
        }
        addr += chunk;
    }
}

char *user_path_lookup(const char *guest_path)
{
    struct stat st;
    char *p;

    /* "/" itself stays the host's: ls / lists the real root */
    if (!user_proc.sysroot || guest_path[0] != '/' || !guest_path[1]) {
        return g_strdup(guest_path);
    }
    p = g_strconcat(user_proc.sysroot, guest_path, NULL);
    if (lstat(p, &st) == 0) {
        return p;
    }
    g_free(p);
    return g_strdup(guest_path);
}

int user_get_path(uint64_t addr, char **out)
{
    char *s;
    int r = user_get_string(addr, PATH_MAX, &s);

    if (r < 0) {
        return r;
    }
    *out = user_path_lookup(s);
    g_free(s);
    return 0;
}
