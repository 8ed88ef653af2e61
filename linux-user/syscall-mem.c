/*
 * System calls on the address space: brk, mmap, munmap, mprotect,
 * mremap, madvise, msync, mlock and friends. Every mapping goes through
 * accel/tcg/user-exec.c, which keeps the page flags and drops translated
 * code of pages unmapped, replaced or made non-executable.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * mmap_lock makes finding free space and mapping it one step for
 * concurrent threads.
 */
#include "user-internal.h"
#include "util/error.h"
#include "util/log.h"

#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include <sys/mman.h>

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

static GMutex mmap_lock;

static uint64_t page_size(void)
{
    return 1ull << tcg_user_page_bits();
}

static uint64_t page_up(uint64_t v)
{
    return (v + page_size() - 1) & ~(page_size() - 1);
}

static bool in_space(uint64_t addr, uint64_t len)
{
    uint64_t size = tcg_user_address_space_size();

    return addr < size && len <= size - addr;
}

static bool range_free(uint64_t addr, uint64_t len)
{
    for (uint64_t a = addr; a < addr + len; a += page_size()) {
        if (tcg_user_page_flags(a) & TCG_USER_PAGE_VALID) {
            return false;
        }
    }
    return true;
}

static int64_t map_or_errno(uint64_t addr, uint64_t len, int prot,
                            int flags, int fd, off_t off)
{
    g_autoptr(GError) err = NULL;

    if (!tcg_user_mmap(addr, len, prot, flags, fd, off, &err)) {
        return -(errno ? errno : ENOMEM);
    }
    return (int64_t)addr;
}

static int64_t do_mmap(uint64_t addr, uint64_t len, int prot, int flags,
                       int fd, uint64_t off)
{
    int type = flags & MAP_SHARED_VALIDATE;
    int host = (type == MAP_PRIVATE ? MAP_PRIVATE : MAP_SHARED) |
               (flags & MAP_ANONYMOUS);
    uint64_t at;
    int64_t r;

    if (!len || (off & (page_size() - 1)) || !type) {
        return -EINVAL;
    }
    if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC)) {
        return -EINVAL;
    }
    len = page_up(len);
    if (!len) {
        return -ENOMEM;         /* it wrapped */
    }
    if (flags & MAP_ANONYMOUS) {
        fd = -1;
        off = 0;
    }
    g_mutex_lock(&mmap_lock);
    if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
        if (addr & (page_size() - 1)) {
            r = -EINVAL;
            goto out;
        }
        if (!in_space(addr, len)) {
            r = -ENOMEM;
            goto out;
        }
        if ((flags & MAP_FIXED_NOREPLACE) && !(flags & MAP_FIXED) &&
            !range_free(addr, len)) {
            r = -EEXIST;
            goto out;
        }
        at = addr;
    } else {
        addr &= ~(page_size() - 1);
        if (addr && in_space(addr, len) && range_free(addr, len)) {
            at = addr;
        } else {
            at = tcg_user_find_free(user_proc.mmap_base, len);
            if (at == (uint64_t)-1) {
                at = tcg_user_find_free(page_size() * 16, len);
            }
            if (at == (uint64_t)-1) {
                r = -ENOMEM;
                goto out;
            }
        }
    }
    r = map_or_errno(at, len, prot, host, fd, (off_t)off);
out:
    g_mutex_unlock(&mmap_lock);
    return r;
}

/*
 * Linux grows the main thread's stack on demand, down to RLIMIT_STACK
 * below its top. Ours is mapped ahead instead (anonymous pages cost
 * nothing until touched): 8 MiB, then to the limit the program
 * inherited and whenever the guest raises the limit (gcc's cc1 sets
 * 64 MiB before it recurses into a deeply nested expression), as far
 * down as the pages below are free and at most USER_STACK_MAX. Lowering
 * the limit leaves what is mapped, as Linux leaves a grown stack.
 */
#define USER_STACK_MAX (1ull << 30)

void user_stack_fit_limit(uint64_t limit)
{
    g_autoptr(GError) err = NULL;
    uint64_t top = user_proc.stack_top, bottom, lo, want;

    want = page_up(MIN(limit, USER_STACK_MAX));
    g_mutex_lock(&mmap_lock);
    bottom = top - user_proc.stack_size;
    lo = bottom;
    if (user_proc.stack_size && want > user_proc.stack_size) {
        while (lo > top - want && range_free(lo - page_size(), page_size())) {
            lo -= page_size();
        }
    }
    if (lo < bottom) {
        if (tcg_user_mmap(lo, bottom - lo, PAGE_READ | PAGE_WRITE,
                          MAP_PRIVATE | MAP_ANONYMOUS, -1, 0, &err)) {
            user_proc.stack_size = top - lo;
        } else {
            /* the guest sees the limit it asked for, and no more stack */
            vireo_log_mask(LOG_GUEST_ERROR, "growing the stack to %" PRIu64
                           " bytes: %s\n", want, err->message);
        }
    }
    g_mutex_unlock(&mmap_lock);
}

static int64_t sys_mmap(UserThread *t, const uint64_t *a)
{
    (void)t;
    return do_mmap(a[0], a[1], (int)a[2], (int)a[3], (int)a[4], a[5]);
}

static int64_t sys_munmap(UserThread *t, const uint64_t *a)
{
    g_autoptr(GError) err = NULL;
    uint64_t addr = a[0], len = page_up(a[1]);
    int64_t r = 0;

    (void)t;
    if ((addr & (page_size() - 1)) || !a[1] || !len) {
        return -EINVAL;
    }
    if (!in_space(addr, len)) {
        return -EINVAL;
    }
    g_mutex_lock(&mmap_lock);
    if (!tcg_user_munmap(addr, len, &err)) {
        r = -(errno ? errno : EINVAL);
    }
    g_mutex_unlock(&mmap_lock);
    return r;
}

static int64_t sys_mprotect(UserThread *t, const uint64_t *a)
{
    g_autoptr(GError) err = NULL;
    uint64_t addr = a[0], len = page_up(a[1]);
    int prot = (int)a[2] & ~(PROT_GROWSDOWN | PROT_GROWSUP);
    int64_t r = 0;

    (void)t;
    if ((addr & (page_size() - 1)) || (a[1] && !len) ||
        (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC))) {
        return -EINVAL;
    }
    if (!len) {
        return 0;
    }
    if (!in_space(addr, len)) {
        return -ENOMEM;
    }
    g_mutex_lock(&mmap_lock);
    if (!tcg_user_mprotect(addr, len, prot, &err)) {
        r = -(errno ? errno : ENOMEM);
    }
    g_mutex_unlock(&mmap_lock);
    return r;
}

/*
 * mremap: grow or shrink in place when the pages after are free, else
 * move (MREMAP_MAYMOVE) by copying into a new anonymous mapping. A
 * moved file mapping becomes anonymous memory with the same bytes:
 * MAP_SHARED file mappings moved so lose their link to the file.
 */
static int64_t sys_mremap(UserThread *t, const uint64_t *a)
{
    g_autoptr(GError) err = NULL;
    uint64_t old = a[0], old_len = page_up(a[1]), new_len = page_up(a[2]);
    uint64_t flags = a[3], fixed = a[4], to;
    int prot;
    int64_t r;

    (void)t;
    if ((old & (page_size() - 1)) || !new_len ||
        (flags & ~(uint64_t)(MREMAP_MAYMOVE | MREMAP_FIXED)) ||
        ((flags & MREMAP_FIXED) && !(flags & MREMAP_MAYMOVE))) {
        return -EINVAL;
    }
    if (!old_len || !in_space(old, old_len) ||
        !tcg_user_access_ok(old, old_len, 0)) {
        return -EFAULT;
    }
    prot = tcg_user_page_flags(old) & (PAGE_READ | PAGE_WRITE | PAGE_EXEC);
    g_mutex_lock(&mmap_lock);
    if (!(flags & MREMAP_FIXED)) {
        if (new_len <= old_len) {
            if (new_len < old_len &&
                !tcg_user_munmap(old + new_len, old_len - new_len, &err)) {
                r = -EINVAL;
                goto out;
            }
            r = (int64_t)old;
            goto out;
        }
        if (in_space(old, new_len) &&
            range_free(old + old_len, new_len - old_len)) {
            r = map_or_errno(old + old_len, new_len - old_len, prot,
                             MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
            r = r < 0 ? r : (int64_t)old;
            goto out;
        }
        if (!(flags & MREMAP_MAYMOVE)) {
            r = -ENOMEM;
            goto out;
        }
        to = tcg_user_find_free(user_proc.mmap_base, new_len);
        if (to == (uint64_t)-1) {
            r = -ENOMEM;
            goto out;
        }
    } else {
        to = fixed;
        if ((to & (page_size() - 1)) || !in_space(to, new_len) ||
            (to < old + old_len && old < to + new_len)) {
            r = -EINVAL;
            goto out;
        }
    }
    r = map_or_errno(to, new_len, prot | PAGE_READ | PAGE_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (r < 0) {
        goto out;
    }
    /* the old pages must be readable to copy them */
    if (!(prot & PAGE_READ)) {
        tcg_user_mprotect(old, old_len, prot | PAGE_READ, NULL);
    }
    memcpy(tcg_user_g2h(to), tcg_user_g2h(old), MIN(old_len, new_len));
    if (!(prot & PAGE_WRITE) || !(prot & PAGE_READ)) {
        tcg_user_mprotect(to, new_len, prot, NULL);
    }
    tcg_user_munmap(old, old_len, NULL);
    r = (int64_t)to;
out:
    g_mutex_unlock(&mmap_lock);
    return r;
}

static int64_t sys_brk(UserThread *t, const uint64_t *a)
{
    uint64_t want = a[0], cur, old_end, new_end;

    (void)t;
    g_mutex_lock(&mmap_lock);
    cur = user_proc.brk;
    if (want < user_proc.brk_start || !in_space(want, 0)) {
        goto out;               /* a query, or out of range: the break */
    }
    old_end = page_up(cur);
    new_end = page_up(want);
    if (new_end > old_end) {
        if (!range_free(old_end, new_end - old_end) ||
            map_or_errno(old_end, new_end - old_end, PAGE_READ | PAGE_WRITE,
                         MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) < 0) {
            goto out;           /* Linux answers with the old break */
        }
    } else if (new_end < old_end) {
        tcg_user_munmap(new_end, old_end - new_end, NULL);
    }
    if (want > cur && old_end > cur) {
        /* memory between the old break and its page end reads as zero */
        memset(tcg_user_g2h(cur), 0, MIN(want, old_end) - cur);
    }
    user_proc.brk = cur = want;
out:
    g_mutex_unlock(&mmap_lock);
    return (int64_t)cur;
}

static int64_t sys_madvise(UserThread *t, const uint64_t *a)
{
    uint64_t addr = a[0], len = page_up(a[1]);
    int advice = (int)a[2];

    (void)t;
    if ((addr & (page_size() - 1)) || (a[1] && !len)) {
        return -EINVAL;
    }
    if (!len) {
        return 0;
    }
    if (!in_space(addr, len) || !tcg_user_access_ok(addr, len, 0)) {
        return -ENOMEM;
    }
    switch (advice) {
    case MADV_DONTNEED:
        /* the guest relies on the zero fill: the host does the same */
        tcg_user_prepare_write(addr, len);
        return user_errno_ret(madvise(tcg_user_g2h(addr), len, advice));
    case MADV_NORMAL: case MADV_RANDOM: case MADV_SEQUENTIAL:
    case MADV_WILLNEED: case MADV_FREE: case MADV_HUGEPAGE:
    case MADV_NOHUGEPAGE: case MADV_DONTFORK: case MADV_DOFORK:
    case MADV_DONTDUMP: case MADV_DODUMP: case MADV_COLD:
    case MADV_PAGEOUT:
        return user_errno_ret(madvise(tcg_user_g2h(addr), len, advice));
    default:
        return -EINVAL;
    }
}

static int64_t sys_msync(UserThread *t, const uint64_t *a)
{
    (void)t;
    if (!in_space(a[0], a[1]) || !tcg_user_access_ok(a[0], a[1], 0)) {
        return -ENOMEM;
    }
    return user_errno_ret(msync(tcg_user_g2h(a[0]), a[1], (int)a[2]));
}

/* mlock and friends: the host pages are the guest's, lock those. */
static int64_t sys_mlock(UserThread *t, const uint64_t *a)
{
    (void)t;
    if (!in_space(a[0], a[1]) || !tcg_user_access_ok(a[0], a[1], 0)) {
        return -ENOMEM;
    }
    return user_errno_ret(mlock(tcg_user_g2h(a[0]), a[1]));
}

static int64_t sys_munlock(UserThread *t, const uint64_t *a)
{
    (void)t;
    if (!in_space(a[0], a[1])) {
        return -ENOMEM;
    }
    return user_errno_ret(munlock(tcg_user_g2h(a[0]), a[1]));
}

static int64_t sys_mincore(UserThread *t, const uint64_t *a)
{
    uint64_t len = page_up(a[1]);
    void *vec = user_ptr(a[2], len >> tcg_user_page_bits(), PAGE_WRITE);

    (void)t;
    if (a[0] & (page_size() - 1)) {
        return -EINVAL;
    }
    if (!in_space(a[0], len) || !tcg_user_access_ok(a[0], len, 0)) {
        return -ENOMEM;
    }
    if (!vec) {
        return -EFAULT;
    }
    return user_errno_ret(mincore(tcg_user_g2h(a[0]), len, vec));
}

const UserSyscall user_syscalls_mem[] = {
    { USER_NR_brk, "brk", sys_brk, "x=x" },
    { USER_NR_mmap, "mmap", sys_mmap, "xuPMdx=x" },
    { USER_NR_munmap, "munmap", sys_munmap, "xu" },
    { USER_NR_mprotect, "mprotect", sys_mprotect, "xuP" },
    { USER_NR_mremap, "mremap", sys_mremap, "xuuxx=x" },
    { USER_NR_madvise, "madvise", sys_madvise, "xud" },
    { USER_NR_msync, "msync", sys_msync, "xux" },
    { USER_NR_mlock, "mlock", sys_mlock, "xu" },
    { USER_NR_munlock, "munlock", sys_munlock, "xu" },
    { USER_NR_mincore, "mincore", sys_mincore, "xup" },
    { 0 }
};

/* Around a host fork (syscall-thread.c): no other thread mid-mmap. */
void user_mem_fork_lock(void)
{
    g_mutex_lock(&mmap_lock);
}

void user_mem_fork_unlock(void)
{
    g_mutex_unlock(&mmap_lock);
}
