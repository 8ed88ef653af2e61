/*
 * User mode's guest memory: the reservation at the guest base, the
 * page-flags table, guest mmap/munmap/mprotect, host write protection of
 * pages translated from, the accesses of call-outs, helpers and the
 * translator, and the host SIGSEGV/SIGBUS handler that tells a guest
 * fault (a guest signal, or a store to a protected code page) from an
 * emulator crash.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Locking: page_lock guards flag changes and host protection changes;
 * readers (the signal handler included) read flag bytes atomically.
 * Order: exclusive section, then tb_lock, then page_lock.
 */
#include "internal.h"
#include "accel/tcg/user.h"
#include "util/error.h"
#include "util/log.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#define L2_BITS 12
/*
 * Inaccessible bytes kept after the space: an inline access that starts
 * below its end and ends above faults here (generated code checks only
 * the start against the size).
 */
#define GUARD_SIZE (64 * 1024)
#define L2_SIZE (1u << L2_BITS)
/*
 * Writable private anonymous guest mappings this large get transparent
 * huge pages where the host offers them on request (THP "madvise"
 * mode): a program walking a big array or heap then misses the host TLB
 * far less, as guest RAM in system mode does. Smaller ones, and
 * reservations made PROT_NONE to be committed piecemeal later (malloc's
 * arenas), keep small pages so that sparse use does not grow the
 * footprint.
 */
#define HUGE_MIN (4u << 20)

static struct {
    bool active;
    uint8_t *base;
    uint64_t size;
    unsigned page_bits;
    uint64_t page_size;
    uint8_t **l1;               /* atomic pointers to L2_SIZE flag bytes */
    uint64_t l1_size;
    TCGUserSegvFn *segv;
} user;

static GMutex page_lock;
static struct sigaction old_segv, old_bus;
static bool handlers_installed;

/* Set by call-outs and helpers around guest accesses that may fault. */
static __thread uintptr_t helper_ra;
static __thread bool helper_access;

bool tcg_user_is_internal_fd(int fd)
{
    return fd >= 0 && tcg_global.ctx &&
           fd == tcg_context_code_fd(tcg_global.ctx);
}

bool tcg_user_active(void)
{
    return user.active;
}

uintptr_t tcg_user_guest_base(void)
{
    return (uintptr_t)user.base;
}

uint64_t tcg_user_address_space_size(void)
{
    return user.size;
}

unsigned tcg_user_page_bits(void)
{
    return user.page_bits;
}

void tcg_user_set_segv_hook(TCGUserSegvFn *fn)
{
    user.segv = fn;
}

/* --- the page-flags table -------------------------------------------------- */

static uint8_t *flag_slot(uint64_t page_index, bool make)
{
    uint64_t i1 = page_index >> L2_BITS;
    uint8_t *l2;

    if (i1 >= user.l1_size) {
        return NULL;
    }
    l2 = __atomic_load_n(&user.l1[i1], __ATOMIC_ACQUIRE);
    if (!l2 && make) {
        l2 = g_malloc0(L2_SIZE);
        __atomic_store_n(&user.l1[i1], l2, __ATOMIC_RELEASE);
    }
    return l2 ? &l2[page_index & (L2_SIZE - 1)] : NULL;
}

int tcg_user_page_flags(uint64_t addr)
{
    uint8_t *f;

    if (!user.active || addr >= user.size) {
        return 0;
    }
    f = flag_slot(addr >> user.page_bits, false);
    return f ? __atomic_load_n(f, __ATOMIC_ACQUIRE) : 0;
}

static void set_flags(uint64_t page, int flags)    /* page_lock held */
{
    uint8_t *f = flag_slot(page >> user.page_bits, flags != 0);

    if (f) {
        __atomic_store_n(f, (uint8_t)flags, __ATOMIC_RELEASE);
    }
}

bool tcg_user_access_ok(uint64_t addr, uint64_t len, int prot)
{
    uint64_t mask = ~(user.page_size - 1);

    if (!user.active || !len) {
        return user.active;
    }
    if (addr >= user.size || len > user.size - addr) {
        return false;
    }
    for (uint64_t p = addr & mask; p < addr + len; p += user.page_size) {
        int f = tcg_user_page_flags(p);
        if (!(f & TCG_USER_PAGE_VALID) || (f & prot) != prot) {
            return false;
        }
    }
    return true;
}

/* Host protection for guest flags: code pages are never host-writable. */
static int host_prot(int flags)
{
    int p = 0;

    if (!(flags & TCG_USER_PAGE_VALID)) {
        return PROT_NONE;
    }
    if (flags & (PAGE_READ | PAGE_EXEC | PAGE_WRITE)) {
        p |= PROT_READ;         /* x86 has no write-only pages */
    }
    if ((flags & PAGE_WRITE) && !(flags & TCG_USER_PAGE_CODE)) {
        p |= PROT_WRITE;
    }
    return p;
}

/*
 * The translator reads code from page: from now on guest stores there
 * fault on the host (tb_lock may or may not be held). Done before the
 * code is read, so a store racing with the translation either lands
 * first (and is read) or faults and bumps the page's generation (and
 * the block is translated again): no stale block.
 */
void user_protect_code(uint64_t page)
{
    int f = tcg_user_page_flags(page);

    if (!(f & TCG_USER_PAGE_VALID) || (f & TCG_USER_PAGE_CODE)) {
        return;
    }
    g_mutex_lock(&page_lock);
    f = tcg_user_page_flags(page);
    if ((f & TCG_USER_PAGE_VALID) && !(f & TCG_USER_PAGE_CODE)) {
        f |= TCG_USER_PAGE_CODE;
        set_flags(page, f);
        if (f & PAGE_WRITE) {
            mprotect(user.base + page, user.page_size, host_prot(f));
        }
    }
    g_mutex_unlock(&page_lock);
}

/*
 * A guest store to [addr, addr + len) of a page holding code: drop the
 * page's blocks and make it writable again. True if the block holding
 * the guest instruction at pc (when have_pc) was one of them with more
 * instructions after the store.
 */
static bool user_code_written(uint64_t addr, uint64_t len, bool have_pc,
                              uint64_t pc)
{
    uint64_t mask = ~(user.page_size - 1);
    uint64_t first = addr & mask, last = (addr + len - 1) & mask;
    bool hit;

    g_mutex_lock(&tcg_global.tb_lock);
    hit = tb_invalidate_range_locked(first, last + user.page_size,
                                     have_pc, pc);
    g_mutex_lock(&page_lock);
    for (uint64_t p = first; p <= last; p += user.page_size) {
        int f = tcg_user_page_flags(p);
        if (f & TCG_USER_PAGE_CODE) {
            f &= ~TCG_USER_PAGE_CODE;
            set_flags(p, f);
            mprotect(user.base + p, user.page_size, host_prot(f));
        }
    }
    g_mutex_unlock(&page_lock);
    g_mutex_unlock(&tcg_global.tb_lock);
    return hit;
}

void tcg_user_prepare_write(uint64_t addr, uint64_t len)
{
    uint64_t mask = ~(user.page_size - 1);
    bool code = false;

    if (!user.active || !len || addr >= user.size) {
        return;
    }
    len = MIN(len, user.size - addr);
    for (uint64_t p = addr & mask; p < addr + len; p += user.page_size) {
        code |= (tcg_user_page_flags(p) & TCG_USER_PAGE_CODE) != 0;
    }
    if (code) {
        user_code_written(addr, len, false, 0);
    }
}

/* --- guest faults ------------------------------------------------------------ */

static void unblock_fault_signals(void)
{
    sigset_t set;

    sigemptyset(&set);
    sigaddset(&set, SIGSEGV);
    sigaddset(&set, SIGBUS);
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);
}

/* State already restored: report to the hook and leave for the loop. */
static G_NORETURN void user_raise(CPUState *cpu, int signo, uint64_t addr,
                                  MMUAccessType type)
{
    int f = tcg_user_page_flags(addr);
    int code = signo == SIGBUS ? TCG_USER_BUS_ADRERR :
               (f & TCG_USER_PAGE_VALID) ? TCG_USER_SEGV_ACCERR
                                         : TCG_USER_SEGV_MAPERR;

    helper_access = false;
    vireo_log_mask(LOG_INT, "tcg-user: CPU %d signal %d at 0x%"
                   G_GINT64_MODIFIER "x (code %d)\n", cpu->cpu_index, signo,
                   addr, code);
    user.segv(cpu, signo, addr, type, code);
    unblock_fault_signals();
    tcg_cpu_loop_exit(cpu);
}

/* Check an access by software before touching it; faults raise. */
static void user_check(CPUState *cpu, uint64_t addr, unsigned size,
                       MMUAccessType type, uintptr_t ra)
{
    int need = type == MMU_DATA_STORE ? PAGE_WRITE :
               type == MMU_INST_FETCH ? PAGE_EXEC : PAGE_READ;

    for (unsigned i = 0; i < size; i++) {
        uint64_t a = addr + i;
        if (!tcg_user_access_ok(a, 1, need) && user.segv) {
            tcg_cpu_restore_state(cpu, ra);
            user_raise(cpu, SIGSEGV, a, type);
        }
        /* the rest of this page is alike */
        i += (unsigned)MIN((uint64_t)size,
                           user.page_size - (a & (user.page_size - 1))) - 1;
    }
}

void user_load(CPUState *cpu, uint64_t addr, uint8_t *buf, unsigned size,
               MMUAccessType type, uintptr_t ra)
{
    user_check(cpu, addr, size, type, ra);
    helper_ra = ra;
    helper_access = true;
    memcpy(buf, tcg_user_g2h(addr), size);
    helper_access = false;
}

void user_store(CPUState *cpu, uint64_t addr, const uint8_t *buf,
                unsigned size, uintptr_t ra)
{
    bool code, restart = false;

    user_check(cpu, addr, size, MMU_DATA_STORE, ra);
    code = (tcg_user_page_flags(addr) | tcg_user_page_flags(addr + size - 1))
           & TCG_USER_PAGE_CODE;
    if (code) {
        uint64_t pc = 0;
        bool have_pc = tcg_unwind_guest_pc(ra, &pc);

        restart = user_code_written(addr, size, have_pc, pc);
    }
    helper_ra = ra;
    helper_access = true;
    memcpy(tcg_user_g2h(addr), buf, size);
    helper_access = false;
    if (restart) {
        /* As in system mode: redo the store alone, translate the rest. */
        cpu->accel->cflags_next = CF_ONE_INSN | CF_NOCHAIN;
        tcg_cpu_loop_exit_restore(cpu, ra);
    }
}

void *tcg_user_host_for_rmw(CPUState *cpu, uint64_t addr, unsigned size,
                            uintptr_t retaddr)
{
    bool code = false, restart = false;

    g_assert(user.active && size);
    for (uint64_t i = 0; i < size;) {
        uint64_t a = addr + i;

        if (!tcg_user_access_ok(a, 1, PAGE_READ | PAGE_WRITE)) {
            if (!user.segv) {
                return NULL;
            }
            /* an atomic's fault is a store's (Linux reports it so) */
            tcg_cpu_restore_state(cpu, retaddr);
            user_raise(cpu, SIGSEGV, a, MMU_DATA_STORE);
        }
        code |= (tcg_user_page_flags(a) & TCG_USER_PAGE_CODE) != 0;
        i += user.page_size - (a & (user.page_size - 1));
    }
    if (code) {
        uint64_t pc = 0;
        bool have_pc = tcg_unwind_guest_pc(retaddr, &pc);

        restart = user_code_written(addr, size, have_pc, pc);
    }
    if (restart) {
        /*
         * Later instructions of this block may be what we are about to
         * write: redo this one alone (its block then ends after it).
         */
        cpu->accel->cflags_next = CF_ONE_INSN | CF_NOCHAIN;
        tcg_cpu_loop_exit_restore(cpu, retaddr);
    }
    /* A host fault until tcg_user_rmw_end is this helper's. */
    helper_ra = retaddr;
    helper_access = true;
    return tcg_user_g2h(addr);
}

void tcg_user_rmw_end(void)
{
    helper_access = false;
}

uint64_t user_get_code_phys(CPUState *cpu, uint64_t pc, bool probe, bool *ok)
{
    int f = tcg_user_page_flags(pc);

    *ok = (f & TCG_USER_PAGE_VALID) && (f & PAGE_EXEC);
    if (!*ok) {
        if (probe || !user.segv) {
            /* no hook: the fetch below reports the crash */
            return probe ? -1ull : pc;
        }
        user_raise(cpu, SIGSEGV, pc, MMU_INST_FETCH);
    }
    if (!probe) {
        user_protect_code(pc & ~(user.page_size - 1));
    }
    return pc;              /* user mode: "physical" is virtual */
}

/* --- the host signal handler ------------------------------------------------ */

static void crash(int sig, siginfo_t *si, uintptr_t host_pc)
{
    char msg[200];
    int n;

    n = snprintf(msg, sizeof(msg), "vireo: emulator crash: host signal %d "
                 "at pc %#lx, address %p (not a guest access)\n", sig,
                 (unsigned long)host_pc, si->si_addr);
    if (write(STDERR_FILENO, msg, (size_t)MAX(n, 0)) < 0) {
        /* nothing more we can say */
    }
    /* Back to what was there before us (default: die with the signal). */
    sigaction(sig, sig == SIGBUS ? &old_bus : &old_segv, NULL);
}

static bool host_pc_in_code(uintptr_t host_pc)
{
    bool in;

    if (tcg_context_backend(tcg_global.ctx) == TCG_BACKEND_TCI) {
        /* The interpreter accesses guest memory itself. */
        return true;
    }
    g_mutex_lock(&tcg_global.tb_lock);
    in = tb_find_by_host_pc(host_pc) != NULL;
    g_mutex_unlock(&tcg_global.tb_lock);
    return in;
}

/*
 * Generated code does not write guest registers back before an inline
 * access: take the newer ones from the faulting context's registers.
 */
static void fault_writeback(const ucontext_t *uc, uintptr_t host_pc)
{
    static const int gregs_of[16] = {
        REG_RAX, REG_RCX, REG_RDX, REG_RBX, REG_RSP, REG_RBP, REG_RSI,
        REG_RDI, REG_R8, REG_R9, REG_R10, REG_R11, REG_R12, REG_R13,
        REG_R14, REG_R15,
    };
    uint64_t regs[16];

    for (int i = 0; i < 16; i++) {
        regs[i] = (uint64_t)uc->uc_mcontext.gregs[gregs_of[i]];
    }
    tcg_fault_writeback_globals(host_pc, regs);
}

static void user_signal(int sig, siginfo_t *si, void *vuc)
{
    ucontext_t *uc = vuc;
    uintptr_t host_pc = (uintptr_t)uc->uc_mcontext.gregs[REG_RIP];
    uintptr_t haddr = (uintptr_t)si->si_addr;
    /* x86 page-fault error code: bit 1 = the access was a write */
    bool is_write = sig == SIGSEGV &&
                    (uc->uc_mcontext.gregs[REG_ERR] & 2);
    CPUState *cpu = cpu_current();
    bool in_space = user.active &&
                    haddr - (uintptr_t)user.base < user.size + GUARD_SIZE;
    uintptr_t ra;
    uint64_t addr = haddr - (uintptr_t)user.base;
    int f;

    if (!user.active || !cpu || !cpu->accel || !in_space) {
        crash(sig, si, host_pc);
        return;
    }
    if (helper_access) {
        ra = helper_ra;         /* a call-out's or helper's own access */
    } else if (tcg_running_tb && host_pc_in_code(host_pc)) {
        ra = host_pc;           /* never the first insn of its guest insn */
        fault_writeback(uc, host_pc);
    } else {
        crash(sig, si, host_pc);
        return;
    }
    f = tcg_user_page_flags(addr);
    if (is_write && (f & TCG_USER_PAGE_VALID) && (f & PAGE_WRITE)) {
        /* Only our protection of code stops it: drop code, retry. */
        uint64_t pc = 0;
        bool have_pc = tcg_unwind_guest_pc(ra, &pc);

        if (user_code_written(addr, 1, have_pc, pc)) {
            cpu->accel->cflags_next = CF_ONE_INSN | CF_NOCHAIN;
            tcg_cpu_restore_state(cpu, ra);
            helper_access = false;
            unblock_fault_signals();
            tcg_cpu_loop_exit(cpu);
        }
        return;
    }
    if (!user.segv) {
        crash(sig, si, host_pc);
        return;
    }
    tcg_cpu_restore_state(cpu, ra);
    user_raise(cpu, sig, addr, is_write ? MMU_DATA_STORE : MMU_DATA_LOAD);
}

#define ALT_STACK_SIZE (64 * 1024)

static pthread_key_t alt_stack_key;
static pthread_once_t alt_stack_once = PTHREAD_ONCE_INIT;

/*
 * At thread exit: drop our alternate stack unless someone else already
 * did (ASan unmaps whatever alternate stack a dying thread has, which is
 * why the stack comes from mmap and not from TLS or the heap).
 */
static void alt_stack_free(void *sp)
{
    stack_t cur, off = { .ss_flags = SS_DISABLE };

    if (sigaltstack(NULL, &cur) == 0 && cur.ss_sp == sp &&
        !(cur.ss_flags & SS_DISABLE)) {
        sigaltstack(&off, NULL);
        munmap(sp, ALT_STACK_SIZE);
    }
}

static void alt_stack_key_init(void)
{
    pthread_key_create(&alt_stack_key, alt_stack_free);
}

/* Each thread that runs guest code needs an alternate stack of its own. */
void user_thread_init(void)
{
    static __thread bool done;
    stack_t cur, ss = { .ss_size = ALT_STACK_SIZE };

    if (done || !user.active) {
        return;
    }
    done = true;
    if (sigaltstack(NULL, &cur) == 0 && !(cur.ss_flags & SS_DISABLE) &&
        cur.ss_size >= ALT_STACK_SIZE) {
        return;                 /* the thread has one already */
    }
    ss.ss_sp = mmap(NULL, ALT_STACK_SIZE, PROT_READ | PROT_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (ss.ss_sp == MAP_FAILED) {
        return;                 /* faults are then handled on the stack */
    }
    pthread_once(&alt_stack_once, alt_stack_key_init);
    if (sigaltstack(&ss, NULL) < 0) {
        munmap(ss.ss_sp, ALT_STACK_SIZE);
        return;
    }
    pthread_setspecific(alt_stack_key, ss.ss_sp);
}

static void install_handlers(void)
{
    struct sigaction sa;

    if (handlers_installed) {
        return;
    }
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = user_signal;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigfillset(&sa.sa_mask);
    sigdelset(&sa.sa_mask, SIGSEGV);
    sigdelset(&sa.sa_mask, SIGBUS);
    sigaction(SIGSEGV, &sa, &old_segv);
    sigaction(SIGBUS, &sa, &old_bus);
    handlers_installed = true;
}

/* --- setup and the mapping calls --------------------------------------------- */

/*
 * Bases to try first, all below 2^31: there the x86-64 backend reaches
 * guest memory as [address register + 32-bit displacement] instead of
 * loading a 64-bit base constant into a register for every access. On a
 * PIE emulator the low 2^46 bytes are normally free (the executable and
 * its heap sit near 0x55..., mmap and the stacks near 0x7f...); when
 * something already occupies them (a non-PIE build, a sanitizer's
 * shadow memory) the kernel's choice is taken.
 */
static const uintptr_t low_bases[] = { 0x10000, 0x1000000, 0x40000000 };

static void *reserve_space(uint64_t len)
{
    const int flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE;

    for (size_t i = 0; i < G_N_ELEMENTS(low_bases); i++) {
        void *want = (void *)low_bases[i];
        void *p = mmap(want, len, PROT_NONE, flags | MAP_FIXED_NOREPLACE,
                       -1, 0);

        if (p == want) {
            return p;
        }
        if (p != MAP_FAILED) {
            /* a kernel before 4.17 took the flag as a mere hint */
            munmap(p, len);
        }
    }
    return mmap(NULL, len, PROT_NONE, flags, -1, 0);
}

bool tcg_user_init(unsigned guest_addr_bits, GError **errp)
{
    long host_page = sysconf(_SC_PAGESIZE);
    unsigned page_bits = tcg_global.page_bits ? tcg_global.page_bits : 12;
    void *p;

    if (user.active) {
        vireo_error_setg(errp, "tcg-user: already initialised");
        return false;
    }
    if (!tcg_global.ctx) {
        vireo_error_setg(errp, "tcg-user: no TCG accelerator yet");
        return false;
    }
    if (guest_addr_bits < 16 || guest_addr_bits > 46) {
        vireo_error_setg(errp, "tcg-user: a %u-bit address space is not "
                         "supported (16..46)", guest_addr_bits);
        return false;
    }
    if ((1l << page_bits) < host_page) {
        vireo_error_setg(errp, "tcg-user: guest pages (%lu bytes) smaller "
                         "than the host's (%ld)", 1ul << page_bits,
                         host_page);
        return false;
    }
    p = reserve_space((1ull << guest_addr_bits) + GUARD_SIZE);
    if (p == MAP_FAILED) {
        vireo_error_setg_errno(errp, errno, "tcg-user: cannot reserve "
                               "2^%u bytes of guest address space",
                               guest_addr_bits);
        return false;
    }
    user.base = p;
    user.size = 1ull << guest_addr_bits;
    user.page_bits = page_bits;
    user.page_size = 1ull << page_bits;
    user.l1_size = MAX(1ull, (user.size >> page_bits) >> L2_BITS);
    user.l1 = g_new0(uint8_t *, user.l1_size);
    g_mutex_lock(&tcg_global.tb_lock);
    tcg_context_set_softmmu_tlb(tcg_global.ctx, NULL);
    tcg_context_set_guest_base(tcg_global.ctx, (uintptr_t)p);
    tcg_context_set_guest_addr_bits(tcg_global.ctx, guest_addr_bits);
    g_mutex_unlock(&tcg_global.tb_lock);
    user.active = true;
    install_handlers();
    return true;
}

void tcg_user_exit(void)
{
    if (!user.active) {
        return;
    }
    user.active = false;
    munmap(user.base, user.size + GUARD_SIZE);
    for (uint64_t i = 0; i < user.l1_size; i++) {
        g_free(user.l1[i]);
    }
    g_free(user.l1);
    memset(&user, 0, sizeof(user));
}

static bool check_range(const char *what, uint64_t addr, uint64_t len,
                        GError **errp)
{
    if (!user.active) {
        vireo_error_setg(errp, "tcg-user: %s: not in user mode", what);
        return false;
    }
    if ((addr | len) & (user.page_size - 1) || !len ||
        addr >= user.size || len > user.size - addr) {
        vireo_error_setg_errno(errp, EINVAL, "tcg-user: %s of 0x%"
                               G_GINT64_MODIFIER "x+0x%" G_GINT64_MODIFIER
                               "x: not whole pages of the guest space",
                               what, addr, len);
        errno = EINVAL;
        return false;
    }
    return true;
}

static bool range_has_code(uint64_t addr, uint64_t len)
{
    for (uint64_t p = addr; p < addr + len; p += user.page_size) {
        if (tcg_user_page_flags(p) & TCG_USER_PAGE_CODE) {
            return true;
        }
    }
    return false;
}

/*
 * Drop the code of [addr, addr + len) with every other vCPU outside
 * guest code, so none runs a block of it afterwards. Returns with the
 * exclusive section, tb_lock and page_lock held (end_change releases).
 */
static void begin_change(uint64_t addr, uint64_t len, bool drop_code,
                         bool *exclusive)
{
    *exclusive = drop_code && range_has_code(addr, len);
    if (*exclusive) {
        tcg_start_exclusive();
    }
    g_mutex_lock(&tcg_global.tb_lock);
    if (*exclusive) {
        tb_invalidate_range_locked(addr, addr + len, false, 0);
    }
    g_mutex_lock(&page_lock);
}

static void end_change(bool exclusive)
{
    g_mutex_unlock(&page_lock);
    g_mutex_unlock(&tcg_global.tb_lock);
    if (exclusive) {
        tcg_end_exclusive();
    }
}

bool tcg_user_mmap(uint64_t addr, uint64_t len, int prot, int flags,
                   int fd, off_t offset, GError **errp)
{
    bool excl;
    void *p;
    int err = 0;

    if (!check_range("mmap", addr, len, errp)) {
        return false;
    }
    begin_change(addr, len, true, &excl);
    p = mmap(user.base + addr, len,
             host_prot(TCG_USER_PAGE_VALID | (prot & 7)),
             (flags & (MAP_SHARED | MAP_PRIVATE | MAP_ANONYMOUS)) |
             MAP_FIXED, fd, offset);
    if (p == MAP_FAILED) {
        err = errno;
    } else {
        if ((flags & (MAP_ANONYMOUS | MAP_SHARED)) == MAP_ANONYMOUS &&
            (prot & PAGE_WRITE) && len >= HUGE_MIN) {
            /* advice only: the mapping is fine without it */
            madvise(p, len, MADV_HUGEPAGE);
        }
        for (uint64_t a = addr; a < addr + len; a += user.page_size) {
            set_flags(a, TCG_USER_PAGE_VALID | (prot & 7));
        }
    }
    end_change(excl);
    if (err) {
        vireo_error_setg_errno(errp, err, "tcg-user: mmap of 0x%"
                               G_GINT64_MODIFIER "x+0x%" G_GINT64_MODIFIER
                               "x", addr, len);
        errno = err;            /* for system calls to return */
        return false;
    }
    return true;
}

bool tcg_user_munmap(uint64_t addr, uint64_t len, GError **errp)
{
    bool excl;
    void *p;
    int err = 0;

    if (!check_range("munmap", addr, len, errp)) {
        return false;
    }
    begin_change(addr, len, true, &excl);
    /* Back to the reservation, not a hole another mmap could take. */
    p = mmap(user.base + addr, len, PROT_NONE,
             MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED, -1, 0);
    if (p == MAP_FAILED) {
        err = errno;
    } else {
        for (uint64_t a = addr; a < addr + len; a += user.page_size) {
            set_flags(a, 0);
        }
    }
    end_change(excl);
    if (err) {
        vireo_error_setg_errno(errp, err, "tcg-user: munmap of 0x%"
                               G_GINT64_MODIFIER "x", addr);
        errno = err;            /* for system calls to return */
        return false;
    }
    return true;
}

bool tcg_user_mprotect(uint64_t addr, uint64_t len, int prot,
                       GError **errp)
{
    bool excl;
    int err = 0;

    if (!check_range("mprotect", addr, len, errp)) {
        return false;
    }
    if (!tcg_user_access_ok(addr, len, 0)) {
        vireo_error_setg_errno(errp, ENOMEM, "tcg-user: mprotect of 0x%"
                               G_GINT64_MODIFIER "x+0x%" G_GINT64_MODIFIER
                               "x: not all mapped", addr, len);
        errno = ENOMEM;
        return false;
    }
    begin_change(addr, len, !(prot & PAGE_EXEC), &excl);
    for (uint64_t a = addr, run; a < addr + len && !err; a += run) {
        int f = tcg_user_page_flags(a);
        int nf = TCG_USER_PAGE_VALID | (prot & 7);

        if ((f & TCG_USER_PAGE_CODE) && (prot & PAGE_EXEC)) {
            nf |= TCG_USER_PAGE_CODE;   /* its blocks stay: keep them safe */
        }
        /* one host call for the run of pages that get the same flags */
        for (run = user.page_size; a + run < addr + len;
             run += user.page_size) {
            int g = tcg_user_page_flags(a + run);

            if ((g & TCG_USER_PAGE_CODE) != (f & TCG_USER_PAGE_CODE)) {
                break;
            }
        }
        if (mprotect(user.base + a, run, host_prot(nf)) < 0) {
            err = errno;
            break;
        }
        for (uint64_t p = a; p < a + run; p += user.page_size) {
            set_flags(p, nf);
        }
    }
    end_change(excl);
    if (err) {
        vireo_error_setg_errno(errp, err, "tcg-user: mprotect of 0x%"
                               G_GINT64_MODIFIER "x", addr);
        errno = err;            /* for system calls to return */
        return false;
    }
    return true;
}

uint64_t tcg_user_find_free(uint64_t hint, uint64_t len)
{
    uint64_t start, run = 0;

    if (!user.active || !len || len > user.size) {
        return -1ull;
    }
    len = (len + user.page_size - 1) & ~(user.page_size - 1);
    start = hint & ~(user.page_size - 1);
    for (uint64_t a = start; a < user.size; a += user.page_size) {
        uint64_t i1 = (a >> user.page_bits) >> L2_BITS;

        if (!__atomic_load_n(&user.l1[i1], __ATOMIC_ACQUIRE) &&
            !(a & ((user.page_size << L2_BITS) - 1))) {
            /* a whole chunk never mapped */
            run += user.page_size << L2_BITS;
            a += (user.page_size << L2_BITS) - user.page_size;
        } else if (tcg_user_page_flags(a) & TCG_USER_PAGE_VALID) {
            run = 0;
            start = a + user.page_size;
            continue;
        } else {
            run += user.page_size;
        }
        if (run >= len) {
            return start;
        }
    }
    return -1ull;
}

/* --- fork ---------------------------------------------------------------- */

/*
 * Every lock of user mode's translator taken by the forking thread, so
 * that the child (which has that thread alone) finds them all free.
 * Order as everywhere: exclusive, tb_lock, page_lock.
 */
void tcg_user_fork_prepare(void)
{
    tcg_exclusive_fork_prepare();
    g_mutex_lock(&tcg_global.tb_lock);
    g_mutex_lock(&page_lock);
}

void tcg_user_fork_parent(void)
{
    g_mutex_unlock(&page_lock);
    g_mutex_unlock(&tcg_global.tb_lock);
    tcg_exclusive_fork_done();
}

/*
 * The locks were taken by this very thread before fork(): a GMutex has
 * no owner, so unlocking them in the child is enough. The code buffer
 * is a shared memfd: the child needs its own.
 */
bool tcg_user_fork_child(GError **errp)
{
    bool ok = tcg_context_unshare_code(tcg_global.ctx, errp);

    tcg_user_fork_parent();
    return ok;
}
