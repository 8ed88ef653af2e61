/*
 * System calls on files, directories and terminals.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "user-internal.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/uio.h>
#include <unistd.h>

static int64_t sys_read(UserThread *t, const uint64_t *a)
{
    void *p = user_ptr(a[1], a[2], PAGE_WRITE);

    (void)t;
    return p ? user_errno_ret(read((int)a[0], p, a[2])) : -EFAULT;
}

static int64_t sys_write(UserThread *t, const uint64_t *a)
{
    void *p = user_ptr(a[1], a[2], PAGE_READ);

    (void)t;
    return p ? user_errno_ret(write((int)a[0], p, a[2])) : -EFAULT;
}

/* A guest iovec array as host iovecs; -errno or the count. */
static int64_t get_iov(uint64_t addr, uint64_t cnt, int prot,
                       struct iovec **out)
{
    struct iovec *v;

    if (cnt > IOV_MAX) {
        return -EINVAL;
    }
    v = g_new0(struct iovec, cnt ? cnt : 1);
    for (uint64_t i = 0; i < cnt; i++) {
        uint64_t g[2];

        if (user_copy_from(g, addr + i * 16, 16) < 0) {
            g_free(v);
            return -EFAULT;
        }
        v[i].iov_base = user_ptr(g[0], g[1], prot);
        v[i].iov_len = g[1];
        if (!v[i].iov_base) {
            g_free(v);
            return -EFAULT;
        }
    }
    *out = v;
    return cnt;
}

static int64_t sys_writev(UserThread *t, const uint64_t *a)
{
    g_autofree struct iovec *v = NULL;
    int64_t n = get_iov(a[1], a[2], PAGE_READ, &v);

    (void)t;
    return n < 0 ? n : user_errno_ret(writev((int)a[0], v, (int)n));
}

static int64_t sys_readv(UserThread *t, const uint64_t *a)
{
    g_autofree struct iovec *v = NULL;
    int64_t n = get_iov(a[1], a[2], PAGE_WRITE, &v);

    (void)t;
    return n < 0 ? n : user_errno_ret(readv((int)a[0], v, (int)n));
}

static int64_t sys_openat(UserThread *t, const uint64_t *a)
{
    g_autofree char *path = NULL;
    int r = user_get_path(a[1], &path);

    (void)t;
    if (r < 0) {
        return r;
    }
    return user_errno_ret(openat((int)a[0], path, (int)a[2], (mode_t)a[3]));
}

static int64_t sys_close(UserThread *t, const uint64_t *a)
{
    (void)t;
    return user_errno_ret(close((int)a[0]));
}

const UserSyscall user_syscalls_file[] = {
    { USER_NR_read, "read", sys_read, "dpu" },
    { USER_NR_write, "write", sys_write, "dpu" },
    { USER_NR_readv, "readv", sys_readv, "dpu" },
    { USER_NR_writev, "writev", sys_writev, "dpu" },
    { USER_NR_openat, "openat", sys_openat, "fsFo" },
    { USER_NR_close, "close", sys_close, "d" },
    { 0 }
};
