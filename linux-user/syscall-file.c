/*
 * System calls on open files: reading and writing (plain, positioned,
 * vectored), seeking, closing and duplicating, fcntl, fstat, directory
 * listing, pipes, in-kernel copies, inotify, memfd, locks, and the
 * terminal ioctls. Path-based calls are in syscall-fs.c.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * x86-64 and riscv64 share the asm-generic fcntl commands, open flags,
 * struct flock, f_owner_ex, the kernel struct termios, winsize and
 * inotify_event, so those pass straight through once the guest memory
 * is checked. struct stat is converted (generic/target-stat.h).
 */
#include "user-internal.h"
#include "linux-user/generic/target-stat.h"
#include "util/log.h"

#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/xattr.h>
#include <termios.h>
#include <unistd.h>

/* The kernel's (not glibc's) struct termios: asm-generic termbits.h. */
#define KERNEL_TERMIOS_SIZE 36
#define KERNEL_TERMIOS2_SIZE 44     /* plus c_ispeed, c_ospeed */

/*
 * Requests glibc's headers do not all name (or name only in headers that
 * clash with <termios.h>); the encodings are asm-generic's, shared.
 */
#define U_TCGETS2       _IOR('T', 0x2A, uint8_t[KERNEL_TERMIOS2_SIZE])
#define U_TCSETS2       _IOW('T', 0x2B, uint8_t[KERNEL_TERMIOS2_SIZE])
#define U_TCSETSW2      _IOW('T', 0x2C, uint8_t[KERNEL_TERMIOS2_SIZE])
#define U_TCSETSF2      _IOW('T', 0x2D, uint8_t[KERNEL_TERMIOS2_SIZE])
#define U_FICLONE       _IOW(0x94, 9, int)
#define U_FIGETBSZ      _IO(0x00, 2)
#define U_FS_GETFLAGS   _IOR('f', 1, long)
#define U_FS_SETFLAGS   _IOW('f', 2, long)
#define U_BLKSSZGET     _IO(0x12, 104)
#define U_BLKGETSIZE64  _IOR(0x12, 114, size_t)
#define IFREQ_SIZE 40

#ifndef F_DUPFD_QUERY
#define F_DUPFD_QUERY 1027
#endif
#ifndef F_CREATED_QUERY
#define F_CREATED_QUERY 1028
#endif

static int64_t sys_read(UserThread *t, const uint64_t *a)
{
    void *p;

    if (user_signalfd_is((int)a[0])) {
        return user_signalfd_read(t, (int)a[0], a[1], a[2]);
    }
    p = user_ptr(a[1], a[2], PAGE_WRITE);
    return p ? user_errno_ret(user_safe_syscall(SYS_read, (int)a[0], p,
                                                     a[2])) : -EFAULT;
}

static int64_t sys_write(UserThread *t, const uint64_t *a)
{
    void *p = user_ptr(a[1], a[2], PAGE_READ);

    (void)t;
    return p ? user_errno_ret(user_safe_syscall(SYS_write, (int)a[0], p,
                                                     a[2])) : -EFAULT;
}

static int64_t sys_pread64(UserThread *t, const uint64_t *a)
{
    void *p = user_ptr(a[1], a[2], PAGE_WRITE);

    (void)t;
    return p ? user_errno_ret(user_safe_syscall(SYS_pread64, (int)a[0], p,
                                                     a[2], a[3]))
             : -EFAULT;
}

static int64_t sys_pwrite64(UserThread *t, const uint64_t *a)
{
    void *p = user_ptr(a[1], a[2], PAGE_READ);

    (void)t;
    return p ? user_errno_ret(user_safe_syscall(SYS_pwrite64, (int)a[0], p,
                                                     a[2], a[3]))
             : -EFAULT;
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
    return n < 0 ? n : user_errno_ret(user_safe_syscall(SYS_writev,
                                                     (int)a[0], v, n));
}

static int64_t sys_readv(UserThread *t, const uint64_t *a)
{
    g_autofree struct iovec *v = NULL;
    int64_t n = get_iov(a[1], a[2], PAGE_WRITE, &v);

    (void)t;
    return n < 0 ? n : user_errno_ret(user_safe_syscall(SYS_readv,
                                                     (int)a[0], v, n));
}

/*
 * preadv and friends: on a 64-bit ABI the offset is whole in a[3] (a[4],
 * the high half for 32-bit ABIs, is ignored as the kernel does).
 */
static int64_t sys_preadv2(UserThread *t, const uint64_t *a)
{
    g_autofree struct iovec *v = NULL;
    int64_t n = get_iov(a[1], a[2], PAGE_WRITE, &v);

    (void)t;
    return n < 0 ? n : user_errno_ret(user_safe_syscall(
                     SYS_preadv2, (int)a[0], v, n, a[3], 0, (int)a[5]));
}

static int64_t sys_pwritev2(UserThread *t, const uint64_t *a)
{
    g_autofree struct iovec *v = NULL;
    int64_t n = get_iov(a[1], a[2], PAGE_READ, &v);

    (void)t;
    return n < 0 ? n : user_errno_ret(user_safe_syscall(
                     SYS_pwritev2, (int)a[0], v, n, a[3], 0, (int)a[5]));
}

static int64_t sys_preadv(UserThread *t, const uint64_t *a)
{
    uint64_t b[6] = { a[0], a[1], a[2], a[3], a[4], 0 };

    return sys_preadv2(t, b);
}

static int64_t sys_pwritev(UserThread *t, const uint64_t *a)
{
    uint64_t b[6] = { a[0], a[1], a[2], a[3], a[4], 0 };

    return sys_pwritev2(t, b);
}

static int64_t sys_lseek(UserThread *t, const uint64_t *a)
{
    (void)t;
    return user_errno_ret(lseek((int)a[0], (off_t)a[1], (int)a[2]));
}

bool user_fd_internal(int fd)
{
    return tcg_user_is_internal_fd(fd) || user_gdb_owns_fd(fd) ||
           user_vfork_owns_fd(fd);
}

static int64_t sys_close(UserThread *t, const uint64_t *a)
{
    (void)t;
    if (user_fd_internal((int)a[0])) {
        return -EBADF;
    }
    user_signalfd_forget((int)a[0]);
    return user_errno_ret(close((int)a[0]));
}

/* close_range around the emulator's own descriptors. */
static int64_t sys_close_range(UserThread *t, const uint64_t *a)
{
    unsigned first = (unsigned)a[0], last = (unsigned)a[1];
    unsigned flags = (unsigned)a[2];

    (void)t;
    if (first > last) {
        return -EINVAL;
    }
    /* ours are low enough (TCG_REGION_FD_MIN, a socket) to find here */
    for (unsigned fd = first; fd <= last && fd <= 65535; fd++) {
        if (user_fd_internal((int)fd)) {
            if (fd > first &&
                syscall(SYS_close_range, first, fd - 1, flags) < 0) {
                return -errno;
            }
            first = fd + 1;
        }
    }
    if (first > last) {
        return 0;
    }
    return user_errno_ret(syscall(SYS_close_range, first, last, flags));
}

static int64_t sys_dup(UserThread *t, const uint64_t *a)
{
    (void)t;
    return user_errno_ret(dup((int)a[0]));
}

static int64_t sys_dup3(UserThread *t, const uint64_t *a)
{
    (void)t;
    if (user_fd_internal((int)a[0]) || user_fd_internal((int)a[1])) {
        return -EBADF;
    }
    return user_errno_ret(dup3((int)a[0], (int)a[1], (int)a[2]));
}

/* The size of what fcntl command cmd's pointer argument points to. */
static int64_t fcntl_arg_size(int cmd, int *prot)
{
    switch (cmd) {
    case F_GETLK:
    case F_OFD_GETLK:
        *prot = PAGE_READ | PAGE_WRITE;
        return sizeof(struct flock);
    case F_SETLK:
    case F_SETLKW:
    case F_OFD_SETLK:
    case F_OFD_SETLKW:
        *prot = PAGE_READ;
        return sizeof(struct flock);
    case F_GETOWN_EX:
        *prot = PAGE_WRITE;
        return sizeof(struct f_owner_ex);
    case F_SETOWN_EX:
        *prot = PAGE_READ;
        return sizeof(struct f_owner_ex);
    case F_GET_RW_HINT:
    case F_GET_FILE_RW_HINT:
        *prot = PAGE_WRITE;
        return sizeof(uint64_t);
    case F_SET_RW_HINT:
    case F_SET_FILE_RW_HINT:
        *prot = PAGE_READ;
        return sizeof(uint64_t);
    case F_DUPFD:
    case F_DUPFD_CLOEXEC:
    case F_GETFD:
    case F_SETFD:
    case F_GETFL:
    case F_SETFL:
    case F_SETOWN:
    case F_GETOWN:
    case F_SETSIG:
    case F_GETSIG:
    case F_SETLEASE:
    case F_GETLEASE:
    case F_NOTIFY:
    case F_SETPIPE_SZ:
    case F_GETPIPE_SZ:
    case F_ADD_SEALS:
    case F_GET_SEALS:
    case F_DUPFD_QUERY:
    case F_CREATED_QUERY:
        return 0;               /* a plain value */
    default:
        return -1;
    }
}

static int64_t sys_fcntl(UserThread *t, const uint64_t *a)
{
    int cmd = (int)a[1];
    int prot = 0;
    int64_t size = fcntl_arg_size(cmd, &prot);
    void *p;

    (void)t;
    if (size < 0) {
        vireo_log_mask(LOG_UNIMP, "fcntl: unknown command %d\n", cmd);
        return -EINVAL;
    }
    if (size == 0) {
        return user_errno_ret(fcntl((int)a[0], cmd, (unsigned long)a[2]));
    }
    p = user_ptr(a[2], size, prot);
    /* F_SETLKW and F_OFD_SETLKW block */
    return p ? user_errno_ret(user_safe_syscall(SYS_fcntl, (int)a[0], cmd, p))
             : -EFAULT;
}

static int64_t sys_getdents64(UserThread *t, const uint64_t *a)
{
    void *p = user_ptr(a[1], a[2], PAGE_WRITE);

    (void)t;
    return p ? user_errno_ret(syscall(SYS_getdents64, (int)a[0], p,
                                      (unsigned)a[2]))
             : -EFAULT;
}

int64_t user_put_stat(uint64_t addr, const struct stat *st)
{
    UserTargetStat ts;

    user_stat_to_target(st, &ts);
    return user_copy_to(addr, &ts, sizeof(ts));
}

static int64_t sys_fstat(UserThread *t, const uint64_t *a)
{
    struct stat st;

    (void)t;
    if (fstat((int)a[0], &st) < 0) {
        return -errno;
    }
    return user_put_stat(a[1], &st);
}

/* struct statfs is the asm-generic 120 bytes on both ABIs. */
static int64_t sys_fstatfs(UserThread *t, const uint64_t *a)
{
    void *p = user_ptr(a[1], sizeof(struct statfs), PAGE_WRITE);

    (void)t;
    return p ? user_errno_ret(fstatfs((int)a[0], p)) : -EFAULT;
}

static int64_t sys_ftruncate(UserThread *t, const uint64_t *a)
{
    (void)t;
    return user_errno_ret(ftruncate((int)a[0], (off_t)a[1]));
}

static int64_t sys_fallocate(UserThread *t, const uint64_t *a)
{
    (void)t;
    return user_errno_ret(fallocate((int)a[0], (int)a[1], (off_t)a[2],
                                    (off_t)a[3]));
}

static int64_t sys_fsync(UserThread *t, const uint64_t *a)
{
    (void)t;
    return user_errno_ret(fsync((int)a[0]));
}

static int64_t sys_fdatasync(UserThread *t, const uint64_t *a)
{
    (void)t;
    return user_errno_ret(fdatasync((int)a[0]));
}

static int64_t sys_sync(UserThread *t, const uint64_t *a)
{
    (void)t;
    (void)a;
    sync();
    return 0;
}

static int64_t sys_syncfs(UserThread *t, const uint64_t *a)
{
    (void)t;
    return user_errno_ret(syncfs((int)a[0]));
}

static int64_t sys_sync_file_range(UserThread *t, const uint64_t *a)
{
    (void)t;
    return user_errno_ret(sync_file_range((int)a[0], (off_t)a[1],
                                          (off_t)a[2], (unsigned)a[3]));
}

static int64_t sys_fadvise64(UserThread *t, const uint64_t *a)
{
    (void)t;
    return user_errno_ret(syscall(SYS_fadvise64, (int)a[0], (off_t)a[1],
                                  (off_t)a[2], (int)a[3]));
}

static int64_t sys_fchdir(UserThread *t, const uint64_t *a)
{
    (void)t;
    return user_errno_ret(fchdir((int)a[0]));
}

static int64_t sys_fchmod(UserThread *t, const uint64_t *a)
{
    (void)t;
    return user_errno_ret(fchmod((int)a[0], (mode_t)a[1]));
}

static int64_t sys_fchown(UserThread *t, const uint64_t *a)
{
    (void)t;
    return user_errno_ret(fchown((int)a[0], (uid_t)a[1], (gid_t)a[2]));
}

static int64_t sys_pipe2(UserThread *t, const uint64_t *a)
{
    int fds[2];

    (void)t;
    if (!user_ptr(a[0], sizeof(fds), PAGE_WRITE)) {
        return -EFAULT;
    }
    if (pipe2(fds, (int)a[1]) < 0) {
        return -errno;
    }
    if (user_copy_to(a[0], fds, sizeof(fds)) < 0) {
        close(fds[0]);
        close(fds[1]);
        return -EFAULT;
    }
    return 0;
}

static int64_t sys_flock(UserThread *t, const uint64_t *a)
{
    (void)t;
    return user_errno_ret(user_safe_syscall(SYS_flock, (int)a[0], (int)a[1]));
}

/* An optional guest loff_t * for the in-kernel copies: NULL is fine. */
static bool opt_off(uint64_t addr, void **out)
{
    *out = addr ? user_ptr(addr, 8, PAGE_READ | PAGE_WRITE) : NULL;
    return !addr || *out;
}

static int64_t sys_sendfile(UserThread *t, const uint64_t *a)
{
    void *off;

    (void)t;
    if (!opt_off(a[2], &off)) {
        return -EFAULT;
    }
    return user_errno_ret(user_safe_syscall(SYS_sendfile, (int)a[0],
                                            (int)a[1], off, a[3]));
}

static int64_t sys_copy_file_range(UserThread *t, const uint64_t *a)
{
    void *in, *out;

    (void)t;
    if (!opt_off(a[1], &in) || !opt_off(a[3], &out)) {
        return -EFAULT;
    }
    return user_errno_ret(copy_file_range((int)a[0], in, (int)a[2], out,
                                          a[4], (unsigned)a[5]));
}

static int64_t sys_splice(UserThread *t, const uint64_t *a)
{
    void *in, *out;

    (void)t;
    if (!opt_off(a[1], &in) || !opt_off(a[3], &out)) {
        return -EFAULT;
    }
    return user_errno_ret(user_safe_syscall(SYS_splice, (int)a[0], in,
                                            (int)a[2], out, a[4],
                                            (unsigned)a[5]));
}

static int64_t sys_tee(UserThread *t, const uint64_t *a)
{
    (void)t;
    return user_errno_ret(user_safe_syscall(SYS_tee, (int)a[0], (int)a[1],
                                            a[2], (unsigned)a[3]));
}

/* The pipe's end decides which way the kernel moves the guest's data. */
static int64_t sys_vmsplice(UserThread *t, const uint64_t *a)
{
    g_autofree struct iovec *v = NULL;
    int fl = fcntl((int)a[0], F_GETFL);
    int64_t n;

    (void)t;
    if (fl < 0) {
        return -errno;
    }
    n = get_iov(a[1], a[2], (fl & O_ACCMODE) == O_WRONLY ? PAGE_READ
                                                         : PAGE_WRITE, &v);
    return n < 0 ? n : user_errno_ret(user_safe_syscall(SYS_vmsplice,
                                                         (int)a[0], v, n,
                                                         (unsigned)a[3]));
}

static int64_t sys_inotify_init1(UserThread *t, const uint64_t *a)
{
    (void)t;
    return user_errno_ret(inotify_init1((int)a[0]));
}

static int64_t sys_inotify_add_watch(UserThread *t, const uint64_t *a)
{
    g_autofree char *path = NULL;
    int r = user_get_path(a[1], &path);

    (void)t;
    if (r < 0) {
        return r;
    }
    return user_errno_ret(inotify_add_watch((int)a[0], path,
                                            (uint32_t)a[2]));
}

static int64_t sys_inotify_rm_watch(UserThread *t, const uint64_t *a)
{
    (void)t;
    return user_errno_ret(inotify_rm_watch((int)a[0], (int)a[1]));
}

static int64_t sys_memfd_create(UserThread *t, const uint64_t *a)
{
    g_autofree char *name = NULL;
    int r = user_get_string(a[0], 250, &name);

    (void)t;
    if (r < 0) {
        return r == -ENAMETOOLONG ? -EINVAL : r;
    }
    return user_errno_ret(memfd_create(name, (unsigned)a[1]));
}

static int64_t sys_fgetxattr(UserThread *t, const uint64_t *a)
{
    g_autofree char *name = NULL;
    void *p = user_ptr(a[2], a[3], PAGE_WRITE);
    int r = user_get_string(a[1], 256, &name);

    (void)t;
    if (r < 0) {
        return r == -ENAMETOOLONG ? -ERANGE : r;
    }
    if (!p) {
        return -EFAULT;
    }
    return user_errno_ret(fgetxattr((int)a[0], name, p, a[3]));
}

static int64_t sys_fsetxattr(UserThread *t, const uint64_t *a)
{
    g_autofree char *name = NULL;
    void *p = user_ptr(a[2], a[3], PAGE_READ);
    int r = user_get_string(a[1], 256, &name);

    (void)t;
    if (r < 0) {
        return r == -ENAMETOOLONG ? -ERANGE : r;
    }
    if (!p) {
        return -EFAULT;
    }
    return user_errno_ret(fsetxattr((int)a[0], name, p, a[3], (int)a[4]));
}

static int64_t sys_flistxattr(UserThread *t, const uint64_t *a)
{
    void *p = user_ptr(a[1], a[2], PAGE_WRITE);

    (void)t;
    return p ? user_errno_ret(flistxattr((int)a[0], p, a[2])) : -EFAULT;
}

static int64_t sys_fremovexattr(UserThread *t, const uint64_t *a)
{
    g_autofree char *name = NULL;
    int r = user_get_string(a[1], 256, &name);

    (void)t;
    if (r < 0) {
        return r == -ENAMETOOLONG ? -ERANGE : r;
    }
    return user_errno_ret(fremovexattr((int)a[0], name));
}

/* --- ioctl ---------------------------------------------------------------- */

enum { UIOC_VALUE, UIOC_IN, UIOC_OUT, UIOC_INOUT };   /* the argument, as the kernel sees */

typedef struct UserIoctl {
    unsigned long cmd;
    const char *name;
    int dir;
    size_t size;                /* of the pointed-to argument */
} UserIoctl;

/* Same numbers and argument layouts on both ABIs (asm-generic ioctls.h). */
static const UserIoctl ioctls[] = {
    { TCGETS, "TCGETS", UIOC_OUT, KERNEL_TERMIOS_SIZE },
    { TCSETS, "TCSETS", UIOC_IN, KERNEL_TERMIOS_SIZE },
    { TCSETSW, "TCSETSW", UIOC_IN, KERNEL_TERMIOS_SIZE },
    { TCSETSF, "TCSETSF", UIOC_IN, KERNEL_TERMIOS_SIZE },
    { TCSBRK, "TCSBRK", UIOC_VALUE, 0 },
    /* tcsendbreak() with a duration, and the BSD break on/off pair */
    { TCSBRKP, "TCSBRKP", UIOC_VALUE, 0 },
    { TIOCSBRK, "TIOCSBRK", UIOC_VALUE, 0 },
    { TIOCCBRK, "TIOCCBRK", UIOC_VALUE, 0 },
    { TIOCPKT, "TIOCPKT", UIOC_IN, sizeof(int) },
    { TIOCGPKT, "TIOCGPKT", UIOC_OUT, sizeof(int) },
    { TIOCGEXCL, "TIOCGEXCL", UIOC_OUT, sizeof(int) },
    { TIOCSIG, "TIOCSIG", UIOC_VALUE, 0 },
    { TCXONC, "TCXONC", UIOC_VALUE, 0 },
    { TCFLSH, "TCFLSH", UIOC_VALUE, 0 },
    { TIOCEXCL, "TIOCEXCL", UIOC_VALUE, 0 },
    { TIOCNXCL, "TIOCNXCL", UIOC_VALUE, 0 },
    { TIOCSCTTY, "TIOCSCTTY", UIOC_VALUE, 0 },
    { TIOCNOTTY, "TIOCNOTTY", UIOC_VALUE, 0 },
    { TIOCGPGRP, "TIOCGPGRP", UIOC_OUT, sizeof(int) },
    { TIOCSPGRP, "TIOCSPGRP", UIOC_IN, sizeof(int) },
    { TIOCGSID, "TIOCGSID", UIOC_OUT, sizeof(int) },
    { TIOCOUTQ, "TIOCOUTQ", UIOC_OUT, sizeof(int) },
    { TIOCGWINSZ, "TIOCGWINSZ", UIOC_OUT, sizeof(struct winsize) },
    { TIOCSWINSZ, "TIOCSWINSZ", UIOC_IN, sizeof(struct winsize) },
    { TIOCMGET, "TIOCMGET", UIOC_OUT, sizeof(int) },
    { TIOCMSET, "TIOCMSET", UIOC_IN, sizeof(int) },
    { FIONREAD, "FIONREAD", UIOC_OUT, sizeof(int) },
    { FIONBIO, "FIONBIO", UIOC_IN, sizeof(int) },
    { FIOASYNC, "FIOASYNC", UIOC_IN, sizeof(int) },
    { FIOCLEX, "FIOCLEX", UIOC_VALUE, 0 },
    { FIONCLEX, "FIONCLEX", UIOC_VALUE, 0 },
    { TIOCGPTN, "TIOCGPTN", UIOC_OUT, sizeof(unsigned) },
    { TIOCSPTLCK, "TIOCSPTLCK", UIOC_IN, sizeof(int) },
    { TIOCGPTLCK, "TIOCGPTLCK", UIOC_OUT, sizeof(int) },
    { TIOCGPTPEER, "TIOCGPTPEER", UIOC_VALUE, 0 },
    { U_TCGETS2, "TCGETS2", UIOC_OUT, KERNEL_TERMIOS2_SIZE },
    { U_TCSETS2, "TCSETS2", UIOC_IN, KERNEL_TERMIOS2_SIZE },
    { U_TCSETSW2, "TCSETSW2", UIOC_IN, KERNEL_TERMIOS2_SIZE },
    { U_TCSETSF2, "TCSETSF2", UIOC_IN, KERNEL_TERMIOS2_SIZE },
    { TIOCGETD, "TIOCGETD", UIOC_OUT, sizeof(int) },
    { TIOCSETD, "TIOCSETD", UIOC_IN, sizeof(int) },
    { TIOCSTI, "TIOCSTI", UIOC_IN, 1 },
    { TIOCMBIS, "TIOCMBIS", UIOC_IN, sizeof(int) },
    { TIOCMBIC, "TIOCMBIC", UIOC_IN, sizeof(int) },
    { TIOCVHANGUP, "TIOCVHANGUP", UIOC_VALUE, 0 },
    { TIOCCONS, "TIOCCONS", UIOC_VALUE, 0 },
    /* files and block devices: cp --reflink, dd, lsattr */
    { U_FICLONE, "FICLONE", UIOC_VALUE, 0 },
    { U_FIGETBSZ, "FIGETBSZ", UIOC_OUT, sizeof(int) },
    /* the kernel moves an int despite the 'long' in the encoding */
    { U_FS_GETFLAGS, "FS_IOC_GETFLAGS", UIOC_OUT, sizeof(int) },
    { U_FS_SETFLAGS, "FS_IOC_SETFLAGS", UIOC_IN, sizeof(int) },
    { U_BLKSSZGET, "BLKSSZGET", UIOC_OUT, sizeof(int) },
    { U_BLKGETSIZE64, "BLKGETSIZE64", UIOC_OUT, sizeof(uint64_t) },
    /* sockets: struct ifreq is 40 bytes on both (no pointers inside) */
    { SIOCGIFNAME, "SIOCGIFNAME", UIOC_INOUT, IFREQ_SIZE },
    { SIOCGIFFLAGS, "SIOCGIFFLAGS", UIOC_INOUT, IFREQ_SIZE },
    { SIOCGIFADDR, "SIOCGIFADDR", UIOC_INOUT, IFREQ_SIZE },
    { SIOCGIFNETMASK, "SIOCGIFNETMASK", UIOC_INOUT, IFREQ_SIZE },
    { SIOCGIFBRDADDR, "SIOCGIFBRDADDR", UIOC_INOUT, IFREQ_SIZE },
    { SIOCGIFMTU, "SIOCGIFMTU", UIOC_INOUT, IFREQ_SIZE },
    { SIOCGIFHWADDR, "SIOCGIFHWADDR", UIOC_INOUT, IFREQ_SIZE },
    { SIOCGIFINDEX, "SIOCGIFINDEX", UIOC_INOUT, IFREQ_SIZE },
    { SIOCATMARK, "SIOCATMARK", UIOC_OUT, sizeof(int) },
};

static int64_t sys_ioctl(UserThread *t, const uint64_t *a)
{
    unsigned long cmd = (unsigned)a[1];
    const UserIoctl *io = NULL;
    void *p;

    (void)t;
    for (size_t i = 0; i < G_N_ELEMENTS(ioctls); i++) {
        if (ioctls[i].cmd == cmd) {
            io = &ioctls[i];
            break;
        }
    }
    if (!io) {
        vireo_log_mask(LOG_UNIMP, "ioctl: unsupported request 0x%lx on fd "
                       "%d\n", cmd, (int)a[0]);
        return -ENOTTY;
    }
    /* a terminal's TCSBRK/TCSETSW/TCSETSF wait for its output */
    if (io->dir == UIOC_VALUE) {
        return user_errno_ret(user_safe_syscall(SYS_ioctl, (int)a[0], cmd,
                                                (unsigned long)a[2]));
    }
    p = user_ptr(a[2], io->size,
                 io->dir == UIOC_OUT ? PAGE_WRITE
                 : io->dir == UIOC_IN ? PAGE_READ : PAGE_READ | PAGE_WRITE);
    return p ? user_errno_ret(user_safe_syscall(SYS_ioctl, (int)a[0], cmd,
                                                p)) : -EFAULT;
}

const UserSyscall user_syscalls_file[] = {
    { USER_NR_read, "read", sys_read, "dpu" },
    { USER_NR_write, "write", sys_write, "dpu" },
    { USER_NR_pread64, "pread64", sys_pread64, "dpud" },
    { USER_NR_pwrite64, "pwrite64", sys_pwrite64, "dpud" },
    { USER_NR_readv, "readv", sys_readv, "dpu" },
    { USER_NR_writev, "writev", sys_writev, "dpu" },
    { USER_NR_preadv, "preadv", sys_preadv, "dpud" },
    { USER_NR_pwritev, "pwritev", sys_pwritev, "dpud" },
    { USER_NR_preadv2, "preadv2", sys_preadv2, "dpudxx" },
    { USER_NR_pwritev2, "pwritev2", sys_pwritev2, "dpudxx" },
    { USER_NR_lseek, "lseek", sys_lseek, "ddd" },
    { USER_NR_close, "close", sys_close, "d" },
    { USER_NR_close_range, "close_range", sys_close_range, "uux" },
    { USER_NR_dup, "dup", sys_dup, "d" },
    { USER_NR_dup3, "dup3", sys_dup3, "ddx" },
    { USER_NR_fcntl, "fcntl", sys_fcntl, "ddx" },
    { USER_NR_getdents64, "getdents64", sys_getdents64, "dpu" },
    { USER_NR_fstat, "fstat", sys_fstat, "dp" },
    { USER_NR_fstatfs, "fstatfs", sys_fstatfs, "dp" },
    { USER_NR_ftruncate, "ftruncate", sys_ftruncate, "dd" },
    { USER_NR_fallocate, "fallocate", sys_fallocate, "dxdd" },
    { USER_NR_fsync, "fsync", sys_fsync, "d" },
    { USER_NR_fdatasync, "fdatasync", sys_fdatasync, "d" },
    { USER_NR_sync, "sync", sys_sync, "" },
    { USER_NR_syncfs, "syncfs", sys_syncfs, "d" },
    { USER_NR_sync_file_range, "sync_file_range", sys_sync_file_range,
      "dddx" },
    { USER_NR_fadvise64, "fadvise64", sys_fadvise64, "dddd" },
    { USER_NR_fchdir, "fchdir", sys_fchdir, "d" },
    { USER_NR_fchmod, "fchmod", sys_fchmod, "do" },
    { USER_NR_fchown, "fchown", sys_fchown, "ddd" },
    { USER_NR_pipe2, "pipe2", sys_pipe2, "px" },
    { USER_NR_flock, "flock", sys_flock, "dx" },
    { USER_NR_sendfile, "sendfile", sys_sendfile, "ddpu" },
    { USER_NR_copy_file_range, "copy_file_range", sys_copy_file_range,
      "dpdpux" },
    { USER_NR_splice, "splice", sys_splice, "dpdpux" },
    { USER_NR_tee, "tee", sys_tee, "ddux" },
    { USER_NR_vmsplice, "vmsplice", sys_vmsplice, "dpux" },
    { USER_NR_inotify_init1, "inotify_init1", sys_inotify_init1, "x" },
    { USER_NR_inotify_add_watch, "inotify_add_watch",
      sys_inotify_add_watch, "dsx" },
    { USER_NR_inotify_rm_watch, "inotify_rm_watch", sys_inotify_rm_watch,
      "dd" },
    { USER_NR_memfd_create, "memfd_create", sys_memfd_create, "sx" },
    { USER_NR_fgetxattr, "fgetxattr", sys_fgetxattr, "dspu" },
    { USER_NR_fsetxattr, "fsetxattr", sys_fsetxattr, "dspux" },
    { USER_NR_flistxattr, "flistxattr", sys_flistxattr, "dpu" },
    { USER_NR_fremovexattr, "fremovexattr", sys_fremovexattr, "ds" },
    { USER_NR_ioctl, "ioctl", sys_ioctl, "dxx" },
    { 0 }
};
