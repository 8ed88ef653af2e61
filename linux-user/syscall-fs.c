/*
 * System calls naming files by path: open, stat, access, links, renames,
 * directories, permissions and times, truncate, the working directory,
 * chroot and umask, and the path-based extended attributes. Every path
 * goes through user_get_path (the -L lookup); the guest's own /proc/self
 * entries (exe, auxv, maps) come from proc-self.c.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "user-internal.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/xattr.h>
#include <unistd.h>

#ifndef SYS_fchmodat2
#define SYS_fchmodat2 452      /* x86-64 too: numbers past 424 are shared */
#endif

#ifndef AT_EMPTY_PATH
#define AT_EMPTY_PATH 0x1000
#endif

/*
 * A path argument with /proc/self/exe meaning the guest program: the
 * host path to use. *guest (optional) gets the guest's own string.
 */
static int get_path_exe(uint64_t addr, char **out)
{
    char *s;
    int r = user_get_string(addr, PATH_MAX, &s);

    if (r < 0) {
        return r;
    }
    if (user_proc_self_is(s, "exe")) {
        *out = g_strdup(user_proc.exe_path);
    } else {
        *out = user_path_lookup(s);
    }
    g_free(s);
    return 0;
}

static int64_t do_openat(int dirfd, uint64_t path_addr, int flags,
                         mode_t mode)
{
    g_autofree char *guest = NULL;
    g_autofree char *path = NULL;
    int r = user_get_string(path_addr, PATH_MAX, &guest);

    if (r < 0) {
        return r;
    }
    r = user_proc_self_open(guest, flags, mode);
    if (r != -2) {
        return user_errno_ret(r);
    }
    path = user_path_lookup(guest);
    /* opening a FIFO blocks until the other end opens */
    return user_errno_ret(user_safe_syscall(SYS_openat, dirfd, path, flags,
                                            mode));
}

static int64_t sys_openat(UserThread *t, const uint64_t *a)
{
    (void)t;
    return do_openat((int)a[0], a[1], (int)a[2], (mode_t)a[3]);
}

/* struct open_how: flags, mode, resolve (u64 each), then maybe more. */
static int64_t sys_openat2(UserThread *t, const uint64_t *a)
{
    g_autofree char *guest = NULL;
    g_autofree char *path = NULL;
    uint64_t how[3];
    void *p;
    int r;

    (void)t;
    if (a[3] < sizeof(how)) {
        return -EINVAL;
    }
    p = user_ptr(a[2], a[3], PAGE_READ);
    if (!p) {
        return -EFAULT;
    }
    memcpy(how, p, sizeof(how));
    r = user_get_string(a[1], PATH_MAX, &guest);
    if (r < 0) {
        return r;
    }
    if (how[2] == 0) {
        r = user_proc_self_open(guest, (int)how[0], (mode_t)how[1]);
        if (r != -2) {
            return user_errno_ret(r);
        }
    }
    path = user_path_lookup(guest);
    return user_errno_ret(user_safe_syscall(SYS_openat2, (int)a[0], path, p,
                                            a[3]));
}

/*
 * A path that may be NULL or "" with AT_EMPTY_PATH (the fd itself).
 * With AT_SYMLINK_NOFOLLOW /proc/self/exe stays the link it is.
 */
static int get_path_or_empty(uint64_t addr, int flags, char **out)
{
    if (!addr && (flags & AT_EMPTY_PATH)) {
        *out = g_strdup("");
        return 0;
    }
    if (flags & AT_SYMLINK_NOFOLLOW) {
        return user_get_path(addr, out);
    }
    return get_path_exe(addr, out);
}

static int64_t sys_newfstatat(UserThread *t, const uint64_t *a)
{
    g_autofree char *path = NULL;
    struct stat st;
    int r = get_path_or_empty(a[1], (int)a[3], &path);

    (void)t;
    if (r < 0) {
        return r;
    }
    if (fstatat((int)a[0], path, &st, (int)a[3]) < 0) {
        return -errno;
    }
    return user_put_stat(a[2], &st);
}

/* struct statx is the same on both ABIs. */
static int64_t sys_statx(UserThread *t, const uint64_t *a)
{
    g_autofree char *path = NULL;
    void *p = user_ptr(a[4], 256, PAGE_WRITE);
    int r = get_path_or_empty(a[1], (int)a[2], &path);

    (void)t;
    if (r < 0) {
        return r;
    }
    if (!p) {
        return -EFAULT;
    }
    return user_errno_ret(syscall(SYS_statx, (int)a[0], path, (int)a[2],
                                  (unsigned)a[3], p));
}

/* struct statfs is the asm-generic 120 bytes on both ABIs. */
static int64_t sys_statfs(UserThread *t, const uint64_t *a)
{
    g_autofree char *path = NULL;
    void *p = user_ptr(a[1], sizeof(struct statfs), PAGE_WRITE);
    int r = user_get_path(a[0], &path);

    (void)t;
    if (r < 0) {
        return r;
    }
    return p ? user_errno_ret(statfs(path, p)) : -EFAULT;
}

static int64_t sys_faccessat2(UserThread *t, const uint64_t *a)
{
    g_autofree char *path = NULL;
    int r = get_path_exe(a[1], &path);

    (void)t;
    if (r < 0) {
        return r;
    }
    return user_errno_ret(syscall(SYS_faccessat2, (int)a[0], path,
                                  (int)a[2], (int)a[3]));
}

static int64_t sys_faccessat(UserThread *t, const uint64_t *a)
{
    g_autofree char *path = NULL;
    int r = get_path_exe(a[1], &path);

    (void)t;
    if (r < 0) {
        return r;
    }
    return user_errno_ret(syscall(SYS_faccessat, (int)a[0], path,
                                  (int)a[2]));
}

static int64_t sys_readlinkat(UserThread *t, const uint64_t *a)
{
    g_autofree char *guest = NULL;
    g_autofree char *path = NULL;
    void *p;
    int r = user_get_string(a[1], PATH_MAX, &guest);

    (void)t;
    if (r < 0) {
        return r;
    }
    if ((int64_t)a[3] <= 0) {
        return -EINVAL;
    }
    p = user_ptr(a[2], a[3], PAGE_WRITE);
    if (!p) {
        return -EFAULT;
    }
    if (user_proc_self_is(guest, "exe")) {
        size_t n = MIN(strlen(user_proc.exe_path), a[3]);

        memcpy(p, user_proc.exe_path, n);
        return n;
    }
    path = user_path_lookup(guest);
    return user_errno_ret(readlinkat((int)a[0], path, p, a[3]));
}

static int64_t sys_mkdirat(UserThread *t, const uint64_t *a)
{
    g_autofree char *path = NULL;
    int r = user_get_path(a[1], &path);

    (void)t;
    return r < 0 ? r : user_errno_ret(mkdirat((int)a[0], path,
                                              (mode_t)a[2]));
}

static int64_t sys_mknodat(UserThread *t, const uint64_t *a)
{
    g_autofree char *path = NULL;
    int r = user_get_path(a[1], &path);

    (void)t;
    /* the guest's device number is already in the kernel's encoding */
    return r < 0 ? r : user_errno_ret(syscall(SYS_mknodat, (int)a[0], path,
                                              (mode_t)a[2],
                                              (unsigned)a[3]));
}

static int64_t sys_unlinkat(UserThread *t, const uint64_t *a)
{
    g_autofree char *path = NULL;
    int r = user_get_path(a[1], &path);

    (void)t;
    return r < 0 ? r : user_errno_ret(unlinkat((int)a[0], path, (int)a[2]));
}

static int64_t sys_renameat2(UserThread *t, const uint64_t *a)
{
    g_autofree char *from = NULL;
    g_autofree char *to = NULL;
    int r = user_get_path(a[1], &from);

    (void)t;
    if (r < 0 || (r = user_get_path(a[3], &to)) < 0) {
        return r;
    }
    return user_errno_ret(syscall(SYS_renameat2, (int)a[0], from, (int)a[2],
                                  to, (unsigned)a[4]));
}

static int64_t sys_linkat(UserThread *t, const uint64_t *a)
{
    g_autofree char *from = NULL;
    g_autofree char *to = NULL;
    int r = get_path_or_empty(a[1], (int)a[4], &from);

    (void)t;
    if (r < 0 || (r = user_get_path(a[3], &to)) < 0) {
        return r;
    }
    return user_errno_ret(linkat((int)a[0], from, (int)a[2], to,
                                 (int)a[4]));
}

/* The link's contents are the guest's string as is: no -L lookup. */
static int64_t sys_symlinkat(UserThread *t, const uint64_t *a)
{
    g_autofree char *target = NULL;
    g_autofree char *path = NULL;
    int r = user_get_string(a[0], PATH_MAX, &target);

    (void)t;
    if (r < 0 || (r = user_get_path(a[2], &path)) < 0) {
        return r;
    }
    return user_errno_ret(symlinkat(target, (int)a[1], path));
}

static int64_t sys_fchmodat(UserThread *t, const uint64_t *a)
{
    g_autofree char *path = NULL;
    int r = user_get_path(a[1], &path);

    (void)t;
    /* the system call has no flags argument (fchmodat2 has) */
    return r < 0 ? r : user_errno_ret(syscall(SYS_fchmodat, (int)a[0], path,
                                              (mode_t)a[2]));
}

/*
 * fchmodat2 (Linux 6.6) takes flags; glibc 2.39+ calls it for
 * fchmodat(..., AT_SYMLINK_NOFOLLOW) and lchmod. On an older host kernel
 * flags 0 is plain fchmodat and anything else gets ENOSYS, as the guest
 * would see there (glibc then falls back to an O_PATH descriptor).
 */
static int64_t sys_fchmodat2(UserThread *t, const uint64_t *a)
{
    g_autofree char *path = NULL;
    int flags = (int)a[3];
    int r;
    long ret;

    (void)t;
    if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) {
        return -EINVAL;
    }
    r = get_path_or_empty(a[1], flags, &path);
    if (r < 0) {
        return r;
    }
    ret = syscall(SYS_fchmodat2, (int)a[0], path, (mode_t)a[2], flags);
    if (ret < 0 && errno == ENOSYS && !flags) {
        ret = syscall(SYS_fchmodat, (int)a[0], path, (mode_t)a[2]);
    }
    return user_errno_ret(ret);
}

static int64_t sys_fchownat(UserThread *t, const uint64_t *a)
{
    g_autofree char *path = NULL;
    int r = get_path_or_empty(a[1], (int)a[4], &path);

    (void)t;
    return r < 0 ? r : user_errno_ret(fchownat((int)a[0], path, (uid_t)a[2],
                                               (gid_t)a[3], (int)a[4]));
}

/* A NULL path means the fd itself (futimens); times may be NULL (now). */
static int64_t sys_utimensat(UserThread *t, const uint64_t *a)
{
    g_autofree char *path = NULL;
    void *times = NULL;
    int r;

    (void)t;
    if (a[1] && (r = user_get_path(a[1], &path)) < 0) {
        return r;
    }
    if (a[2]) {
        times = user_ptr(a[2], 2 * sizeof(struct timespec), PAGE_READ);
        if (!times) {
            return -EFAULT;
        }
    }
    return user_errno_ret(syscall(SYS_utimensat, (int)a[0], path, times,
                                  (int)a[3]));
}

static int64_t sys_truncate(UserThread *t, const uint64_t *a)
{
    g_autofree char *path = NULL;
    int r = user_get_path(a[0], &path);

    (void)t;
    return r < 0 ? r : user_errno_ret(truncate(path, (off_t)a[1]));
}

static int64_t sys_chdir(UserThread *t, const uint64_t *a)
{
    g_autofree char *path = NULL;
    int r = user_get_path(a[0], &path);

    (void)t;
    return r < 0 ? r : user_errno_ret(chdir(path));
}

/* The kernel's getcwd: the length including the NUL. */
static int64_t sys_getcwd(UserThread *t, const uint64_t *a)
{
    void *p = user_ptr(a[0], a[1], PAGE_WRITE);

    (void)t;
    return p ? user_errno_ret(syscall(SYS_getcwd, p, a[1])) : -EFAULT;
}

static int64_t sys_chroot(UserThread *t, const uint64_t *a)
{
    g_autofree char *path = NULL;
    int r = user_get_path(a[0], &path);

    (void)t;
    return r < 0 ? r : user_errno_ret(chroot(path));
}

static int64_t sys_umask(UserThread *t, const uint64_t *a)
{
    (void)t;
    return umask((mode_t)a[0] & 0777);
}

/* getxattr and lgetxattr: follow selects which. */
static int64_t do_getxattr(const uint64_t *a, bool follow)
{
    g_autofree char *path = NULL;
    g_autofree char *name = NULL;
    void *p = user_ptr(a[2], a[3], PAGE_WRITE);
    int r = user_get_path(a[0], &path);

    if (r < 0) {
        return r;
    }
    if ((r = user_get_string(a[1], 256, &name)) < 0) {
        return r == -ENAMETOOLONG ? -ERANGE : r;
    }
    if (!p) {
        return -EFAULT;
    }
    return user_errno_ret(follow ? getxattr(path, name, p, a[3])
                                 : lgetxattr(path, name, p, a[3]));
}

static int64_t do_setxattr(const uint64_t *a, bool follow)
{
    g_autofree char *path = NULL;
    g_autofree char *name = NULL;
    void *p = user_ptr(a[2], a[3], PAGE_READ);
    int r = user_get_path(a[0], &path);

    if (r < 0) {
        return r;
    }
    if ((r = user_get_string(a[1], 256, &name)) < 0) {
        return r == -ENAMETOOLONG ? -ERANGE : r;
    }
    if (!p) {
        return -EFAULT;
    }
    return user_errno_ret(follow ? setxattr(path, name, p, a[3], (int)a[4])
                                 : lsetxattr(path, name, p, a[3],
                                             (int)a[4]));
}

static int64_t do_listxattr(const uint64_t *a, bool follow)
{
    g_autofree char *path = NULL;
    void *p = user_ptr(a[1], a[2], PAGE_WRITE);
    int r = user_get_path(a[0], &path);

    if (r < 0) {
        return r;
    }
    if (!p) {
        return -EFAULT;
    }
    return user_errno_ret(follow ? listxattr(path, p, a[2])
                                 : llistxattr(path, p, a[2]));
}

static int64_t do_removexattr(const uint64_t *a, bool follow)
{
    g_autofree char *path = NULL;
    g_autofree char *name = NULL;
    int r = user_get_path(a[0], &path);

    if (r < 0) {
        return r;
    }
    if ((r = user_get_string(a[1], 256, &name)) < 0) {
        return r == -ENAMETOOLONG ? -ERANGE : r;
    }
    return user_errno_ret(follow ? removexattr(path, name)
                                 : lremovexattr(path, name));
}

static int64_t sys_getxattr(UserThread *t, const uint64_t *a)
{
    (void)t;
    return do_getxattr(a, true);
}

static int64_t sys_lgetxattr(UserThread *t, const uint64_t *a)
{
    (void)t;
    return do_getxattr(a, false);
}

static int64_t sys_setxattr(UserThread *t, const uint64_t *a)
{
    (void)t;
    return do_setxattr(a, true);
}

static int64_t sys_lsetxattr(UserThread *t, const uint64_t *a)
{
    (void)t;
    return do_setxattr(a, false);
}

static int64_t sys_listxattr(UserThread *t, const uint64_t *a)
{
    (void)t;
    return do_listxattr(a, true);
}

static int64_t sys_llistxattr(UserThread *t, const uint64_t *a)
{
    (void)t;
    return do_listxattr(a, false);
}

static int64_t sys_removexattr(UserThread *t, const uint64_t *a)
{
    (void)t;
    return do_removexattr(a, true);
}

static int64_t sys_lremovexattr(UserThread *t, const uint64_t *a)
{
    (void)t;
    return do_removexattr(a, false);
}

const UserSyscall user_syscalls_fs[] = {
    { USER_NR_openat, "openat", sys_openat, "fsFo" },
    { USER_NR_openat2, "openat2", sys_openat2, "fspu" },
    { USER_NR_newfstatat, "newfstatat", sys_newfstatat, "fspx" },
    { USER_NR_statx, "statx", sys_statx, "fsxxp" },
    { USER_NR_statfs, "statfs", sys_statfs, "sp" },
    { USER_NR_faccessat, "faccessat", sys_faccessat, "fso" },
    { USER_NR_faccessat2, "faccessat2", sys_faccessat2, "fsox" },
    { USER_NR_readlinkat, "readlinkat", sys_readlinkat, "fspu" },
    { USER_NR_mkdirat, "mkdirat", sys_mkdirat, "fso" },
    { USER_NR_mknodat, "mknodat", sys_mknodat, "fsox" },
    { USER_NR_unlinkat, "unlinkat", sys_unlinkat, "fsx" },
    { USER_NR_renameat2, "renameat2", sys_renameat2, "fsfsx" },
    { USER_NR_linkat, "linkat", sys_linkat, "fsfsx" },
    { USER_NR_symlinkat, "symlinkat", sys_symlinkat, "sfs" },
    { USER_NR_fchmodat, "fchmodat", sys_fchmodat, "fso" },
    { USER_NR_fchmodat2, "fchmodat2", sys_fchmodat2, "fsox" },
    { USER_NR_fchownat, "fchownat", sys_fchownat, "fsddx" },
    { USER_NR_utimensat, "utimensat", sys_utimensat, "fspx" },
    { USER_NR_truncate, "truncate", sys_truncate, "sd" },
    { USER_NR_chdir, "chdir", sys_chdir, "s" },
    { USER_NR_getcwd, "getcwd", sys_getcwd, "pu" },
    { USER_NR_chroot, "chroot", sys_chroot, "s" },
    { USER_NR_umask, "umask", sys_umask, "o" },
    { USER_NR_getxattr, "getxattr", sys_getxattr, "sspu" },
    { USER_NR_lgetxattr, "lgetxattr", sys_lgetxattr, "sspu" },
    { USER_NR_setxattr, "setxattr", sys_setxattr, "sspux" },
    { USER_NR_lsetxattr, "lsetxattr", sys_lsetxattr, "sspux" },
    { USER_NR_listxattr, "listxattr", sys_listxattr, "spu" },
    { USER_NR_llistxattr, "llistxattr", sys_llistxattr, "spu" },
    { USER_NR_removexattr, "removexattr", sys_removexattr, "ss" },
    { USER_NR_lremovexattr, "lremovexattr", sys_lremovexattr, "ss" },
    { 0 }
};
