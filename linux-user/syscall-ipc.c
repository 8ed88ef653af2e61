/*
 * System V IPC for the guest: message queues (msgget, msgsnd, msgrcv,
 * msgctl), semaphore sets (semget, semop, semtimedop, semctl) and shared
 * memory (shmget, shmat, shmdt, shmctl), all backed by the host's own
 * objects, so a guest shares them with every other process on the host.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * riscv64 uses the asm-generic structures; x86-64 does too (ipc64_perm,
 * msqid64_ds, shmid64_ds, sembuf, msgbuf's mtype) except struct
 * semid64_ds, whose 64-bit generic form has no padding after the two
 * times: semctl converts it. Neither architecture parses an IPC_64
 * version bit (the kernel ignores it), so commands go through as given.
 * A shmat segment is placed inside the guest's address space: the range
 * is first mapped for the guest (so the translator knows its pages) and
 * the host's segment then replaces it (SHM_REMAP); shmdt puts the guest's
 * reservation back.
 */
#include "user-internal.h"
#include "util/log.h"

#include <errno.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/syscall.h>
#include <time.h>

#ifndef SHM_REMAP
#define SHM_REMAP 040000
#endif
#ifndef SHM_EXEC
#define SHM_EXEC 0100000
#endif
#ifndef SEM_STAT_ANY
#define SEM_STAT_ANY 20
#endif
#ifndef MSG_STAT_ANY
#define MSG_STAT_ANY 13
#endif
#ifndef SHM_STAT_ANY
#define SHM_STAT_ANY 15
#endif

#ifndef IPC_64
#define IPC_64 0x0100
#endif
#define SEMOPM_MAX 65536

#define IPC_PERM_SIZE 48        /* struct ipc64_perm, both ABIs */
#define MSQID_DS_SIZE 120       /* struct msqid64_ds, both ABIs */
#define SHMID_DS_SIZE 112       /* struct shmid64_ds, both ABIs */
#define MSGINFO_SIZE 32         /* struct msginfo: 8 ints */
#define SEMINFO_SIZE 40         /* struct seminfo: 10 ints */
#define SHMINFO_SIZE 72         /* struct shminfo64: 9 longs */
#define SHM_INFO_SIZE 48        /* struct shm_info: an int, 5 longs */

/* asm-generic's 64-bit struct semid64_ds (x86-64's pads the times). */
typedef struct GuestSemidDs {
    uint8_t perm[IPC_PERM_SIZE];
    int64_t otime;
    int64_t ctime;
    uint64_t nsems;
    uint64_t unused3, unused4;
} GuestSemidDs;

G_STATIC_ASSERT(sizeof(GuestSemidDs) == 88);
G_STATIC_ASSERT(sizeof(struct msqid_ds) == MSQID_DS_SIZE);
G_STATIC_ASSERT(sizeof(struct shmid_ds) == SHMID_DS_SIZE);
G_STATIC_ASSERT(sizeof(struct ipc_perm) == IPC_PERM_SIZE);

/* --- message queues ------------------------------------------------------- */

static int64_t sys_msgget(UserThread *t, const uint64_t *a)
{
    (void)t;
    return user_errno_ret(msgget((key_t)a[0], (int)a[1]));
}

static int64_t sys_msgsnd(UserThread *t, const uint64_t *a)
{
    /* struct msgbuf: a long mtype, then the text */
    void *p = user_ptr(a[1], sizeof(int64_t) + a[2], PAGE_READ);

    (void)t;
    if ((int64_t)a[2] < 0) {
        return -EINVAL;
    }
    if (!p) {
        return -EFAULT;
    }
    return user_errno_ret(user_safe_syscall(SYS_msgsnd, (int)a[0], p,
                                            (size_t)a[2], (int)a[3]));
}

static int64_t sys_msgrcv(UserThread *t, const uint64_t *a)
{
    void *p = user_ptr(a[1], sizeof(int64_t) + a[2], PAGE_WRITE);

    (void)t;
    if ((int64_t)a[2] < 0) {
        return -EINVAL;
    }
    if (!p) {
        return -EFAULT;
    }
    return user_errno_ret(user_safe_syscall(SYS_msgrcv, (int)a[0], p,
                                            (size_t)a[2], (long)a[3],
                                            (int)a[4]));
}

/* The size and direction of a msgctl/shmctl argument: 0 for none. */
static size_t ctl_arg(int cmd, bool shm, int *prot)
{
    *prot = PAGE_WRITE;
    switch (cmd) {
    case IPC_RMID:
        return 0;
    case IPC_SET:
        *prot = PAGE_READ;
        return shm ? SHMID_DS_SIZE : MSQID_DS_SIZE;
    case IPC_STAT:
        return shm ? SHMID_DS_SIZE : MSQID_DS_SIZE;
    case IPC_INFO:
        return shm ? SHMINFO_SIZE : MSGINFO_SIZE;
    }
    if (shm) {
        switch (cmd) {
        case SHM_STAT:
        case SHM_STAT_ANY:
            return SHMID_DS_SIZE;
        case SHM_INFO:
            return SHM_INFO_SIZE;
        case SHM_LOCK:
        case SHM_UNLOCK:
            return 0;
        }
    } else {
        switch (cmd) {
        case MSG_STAT:
        case MSG_STAT_ANY:
            return MSQID_DS_SIZE;
        case MSG_INFO:
            return MSGINFO_SIZE;
        }
    }
    *prot = -1;
    return 0;
}

static int64_t ipc_ctl(long nr, bool shm, const uint64_t *a)
{
    int cmd = (int)a[1] & ~IPC_64, prot;
    size_t size = ctl_arg(cmd, shm, &prot);
    void *p = NULL;

    if (prot < 0) {
        return -EINVAL;
    }
    if (size && !(p = user_ptr(a[2], size, prot))) {
        return -EFAULT;
    }
    return user_errno_ret(syscall(nr, (int)a[0], cmd, p));
}

static int64_t sys_msgctl(UserThread *t, const uint64_t *a)
{
    (void)t;
    return ipc_ctl(SYS_msgctl, false, a);
}

/* --- semaphores ----------------------------------------------------------- */

static int64_t sys_semget(UserThread *t, const uint64_t *a)
{
    (void)t;
    return user_errno_ret(semget((key_t)a[0], (int)a[1], (int)a[2]));
}

static int64_t do_semtimedop(int id, uint64_t sops, uint64_t nsops,
                             uint64_t timeout)
{
    struct timespec ts;
    void *p;

    if (nsops < 1) {
        return -EINVAL;
    }
    if (nsops > SEMOPM_MAX) {
        return -E2BIG;          /* the host's limit is far lower anyway */
    }
    p = user_ptr(sops, nsops * sizeof(struct sembuf), PAGE_READ);
    if (!p) {
        return -EFAULT;
    }
    if (timeout && user_copy_from(&ts, timeout, sizeof(ts)) < 0) {
        return -EFAULT;
    }
    return user_errno_ret(user_safe_syscall(SYS_semtimedop, id, p,
                                            (size_t)nsops,
                                            timeout ? &ts : NULL));
}

static int64_t sys_semop(UserThread *t, const uint64_t *a)
{
    (void)t;
    return do_semtimedop((int)a[0], a[1], a[2], 0);
}

static int64_t sys_semtimedop(UserThread *t, const uint64_t *a)
{
    (void)t;
    return do_semtimedop((int)a[0], a[1], a[2], a[3]);
}

/* The number of semaphores in set id, or -errno. */
static int64_t sem_count(int id)
{
    struct semid_ds ds;

    if (syscall(SYS_semctl, id, 0, IPC_STAT, &ds) < 0) {
        return -errno;
    }
    return (int64_t)ds.sem_nsems;
}

static int64_t sem_stat(int id, int num, int cmd, uint64_t addr)
{
    struct semid_ds ds;
    GuestSemidDs g;
    int64_t r;

    r = syscall(SYS_semctl, id, num, cmd, &ds);
    if (r < 0) {
        return -errno;
    }
    memset(&g, 0, sizeof(g));
    memcpy(g.perm, &ds.sem_perm, sizeof(g.perm));
    g.otime = ds.sem_otime;
    g.ctime = ds.sem_ctime;
    g.nsems = ds.sem_nsems;
    return user_copy_to(addr, &g, sizeof(g)) < 0 ? -EFAULT : r;
}

static int64_t sys_semctl(UserThread *t, const uint64_t *a)
{
    int id = (int)a[0], num = (int)a[1], cmd = (int)a[2] & ~IPC_64;
    struct semid_ds ds;
    GuestSemidDs g;
    int64_t n;
    void *p;

    (void)t;
    switch (cmd) {
    case IPC_RMID:
    case GETVAL:
    case GETPID:
    case GETNCNT:
    case GETZCNT:
        return user_errno_ret(syscall(SYS_semctl, id, num, cmd, 0));
    case SETVAL:
        /* union semun by value: its int is the low half of the register */
        return user_errno_ret(syscall(SYS_semctl, id, num, cmd,
                                      (unsigned long)(uint32_t)a[3]));
    case IPC_STAT:
    case SEM_STAT:
    case SEM_STAT_ANY:
        return sem_stat(id, num, cmd, a[3]);
    case IPC_SET:
        if (user_copy_from(&g, a[3], sizeof(g)) < 0) {
            return -EFAULT;
        }
        memset(&ds, 0, sizeof(ds));
        memcpy(&ds.sem_perm, g.perm, sizeof(g.perm));
        return user_errno_ret(syscall(SYS_semctl, id, num, cmd, &ds));
    case IPC_INFO:
    case SEM_INFO:
        p = user_ptr(a[3], SEMINFO_SIZE, PAGE_WRITE);
        return p ? user_errno_ret(syscall(SYS_semctl, id, num, cmd, p))
                 : -EFAULT;
    case GETALL:
    case SETALL:
        n = sem_count(id);
        if (n < 0) {
            return n;
        }
        p = user_ptr(a[3], n * sizeof(unsigned short),
                     cmd == GETALL ? PAGE_WRITE : PAGE_READ);
        return p ? user_errno_ret(syscall(SYS_semctl, id, num, cmd, p))
                 : -EFAULT;
    default:
        return -EINVAL;
    }
}

/* --- shared memory -------------------------------------------------------- */

/* A guest attachment: shmdt finds its length here. */
typedef struct ShmAttach {
    uint64_t addr, len;
} ShmAttach;

static GMutex shm_lock;
static GArray *shm_attached;    /* of ShmAttach */

static int64_t sys_shmget(UserThread *t, const uint64_t *a)
{
    (void)t;
    return user_errno_ret(shmget((key_t)a[0], (size_t)a[1], (int)a[2]));
}

static bool range_free(uint64_t addr, uint64_t len)
{
    uint64_t page = 1ull << tcg_user_page_bits();

    for (uint64_t p = addr; p < addr + len; p += page) {
        if (tcg_user_page_flags(p) & TCG_USER_PAGE_VALID) {
            return false;
        }
    }
    return true;
}

static int64_t sys_shmat(UserThread *t, const uint64_t *a)
{
    uint64_t page = 1ull << tcg_user_page_bits(), addr = a[1], len, at;
    int id = (int)a[0], flags = (int)a[2];
    int prot = PROT_READ | (flags & SHM_RDONLY ? 0 : PROT_WRITE) |
               (flags & SHM_EXEC ? PROT_EXEC : 0);
    g_autoptr(GError) err = NULL;
    struct shmid_ds ds;
    ShmAttach att;
    int64_t r;

    (void)t;
    if (syscall(SYS_shmctl, id, IPC_STAT, &ds) < 0) {
        return -errno;
    }
    len = (ds.shm_segsz + page - 1) & ~(page - 1);
    if (flags & SHM_RND) {
        addr &= ~(uint64_t)(SHMLBA - 1);
    }
    if (addr & (page - 1)) {
        return -EINVAL;
    }
    user_mem_fork_lock();       /* no mmap of another thread in between */
    if (addr) {
        if (addr + len < addr ||
            addr + len > tcg_user_address_space_size() ||
            (!(flags & SHM_REMAP) && !range_free(addr, len))) {
            r = -EINVAL;
            goto out;
        }
        at = addr;
    } else {
        at = tcg_user_find_free(user_proc.mmap_base, len);
        if (at == (uint64_t)-1) {
            at = tcg_user_find_free(page * 16, len);
        }
        if (at == (uint64_t)-1) {
            r = -ENOMEM;
            goto out;
        }
    }
    if (!tcg_user_mmap(at, len, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0,
                       &err)) {
        r = -ENOMEM;
        goto out;
    }
    if (shmat(id, tcg_user_g2h(at),
              (flags & (SHM_RDONLY | SHM_EXEC)) | SHM_REMAP) == (void *)-1) {
        r = -errno;
        tcg_user_munmap(at, len, NULL);
        goto out;
    }
    att = (ShmAttach){ at, len };
    g_mutex_lock(&shm_lock);
    if (!shm_attached) {
        shm_attached = g_array_new(false, false, sizeof(ShmAttach));
    }
    /* one that was replaced (SHM_REMAP, or unmapped and reused) is gone */
    for (guint i = 0; i < shm_attached->len; i++) {
        ShmAttach *o = &g_array_index(shm_attached, ShmAttach, i);

        if (o->addr < at + len && at < o->addr + o->len) {
            g_array_remove_index_fast(shm_attached, i--);
        }
    }
    g_array_append_val(shm_attached, att);
    g_mutex_unlock(&shm_lock);
    r = (int64_t)at;
out:
    user_mem_fork_unlock();
    return r;
}

static int64_t sys_shmdt(UserThread *t, const uint64_t *a)
{
    uint64_t addr = a[0], len = 0;
    int64_t r = -EINVAL;

    (void)t;
    user_mem_fork_lock();
    g_mutex_lock(&shm_lock);
    for (guint i = 0; shm_attached && i < shm_attached->len; i++) {
        ShmAttach *o = &g_array_index(shm_attached, ShmAttach, i);

        if (o->addr == addr) {
            len = o->len;
            g_array_remove_index_fast(shm_attached, i);
            break;
        }
    }
    g_mutex_unlock(&shm_lock);
    if (len) {
        r = user_errno_ret(shmdt(tcg_user_g2h(addr)));
        /* the pages go back to the guest's reservation either way */
        tcg_user_munmap(addr, len, NULL);
    }
    user_mem_fork_unlock();
    return r;
}

static int64_t sys_shmctl(UserThread *t, const uint64_t *a)
{
    (void)t;
    return ipc_ctl(SYS_shmctl, true, a);
}

const UserSyscall user_syscalls_ipc[] = {
    { USER_NR_msgget, "msgget", sys_msgget, "xo" },
    { USER_NR_msgsnd, "msgsnd", sys_msgsnd, "dpux" },
    { USER_NR_msgrcv, "msgrcv", sys_msgrcv, "dpudx" },
    { USER_NR_msgctl, "msgctl", sys_msgctl, "ddp" },
    { USER_NR_semget, "semget", sys_semget, "xdo" },
    { USER_NR_semop, "semop", sys_semop, "dpu" },
    { USER_NR_semtimedop, "semtimedop", sys_semtimedop, "dpup" },
    { USER_NR_semctl, "semctl", sys_semctl, "dddx" },
    { USER_NR_shmget, "shmget", sys_shmget, "xuo" },
    { USER_NR_shmat, "shmat", sys_shmat, "dpx=x" },
    { USER_NR_shmdt, "shmdt", sys_shmdt, "p" },
    { USER_NR_shmctl, "shmctl", sys_shmctl, "ddp" },
    { 0 }
};
