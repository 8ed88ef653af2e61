/*
 * Run-time helpers of the RISC-V translator: exceptions with their tval,
 * the Zicsr read-modify-write, xRET, WFI and SFENCE.VMA around the checks
 * of trap.c and csr.c, A's AMOs and LR/SC as atomic host operations on
 * RAM, the cache-block operations and the Zbc carry-less multiplies.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * User mode (accel/tcg/user.h: no TLB, no physical addresses, guest
 * memory at the guest base): AMOs and SC work on the host address
 * tcg_user_host_for_rmw gives, LR loads through tcg_cpu_ld. There is no
 * store watch to break reservations, so SC succeeds when the
 * reservation is on its address and a compare-and-swap against the
 * value LR read succeeds. That has an ABA hole: if other threads store
 * a different value and then the old one back between LR and SC, the
 * SC still succeeds, where hardware would fail it. Lock-free code
 * written for LL/SC (pointer stacks relying on it for ABA safety) can
 * misbehave; counters, locks and compare-and-swap loops cannot tell.
 * Other user-mode emulators make the same trade.
 */
#include "internal.h"
#include "accel/tcg/cpu-exec.h"
#include "accel/tcg/user.h"
#include "softmmu/memory-system.h"
#include "util/log.h"

static CPURISCVState *env_of(void *env)
{
    return &riscv_cpu_of(env)->env;
}

G_NORETURN void helper_raise_exception(void *env, uint64_t excp,
                                       uint64_t tval)
{
    riscv_set_pending_tval(env, tval);
    tcg_cpu_raise_exception(env, (int)excp, GETPC());
}

static G_NORETURN void raise_illegal(void *env, uint64_t insn,
                                     uintptr_t ra)
{
    riscv_set_pending_tval(env, insn);
    tcg_cpu_raise_exception(env, RISCV_EXCP_ILLEGAL_INST, ra);
}

uint64_t helper_csrrw(void *env, uint64_t csr, uint64_t val, uint64_t mask,
                      uint64_t write, uint64_t insn)
{
    CPURISCVState *e = env_of(env);
    uint64_t old = 0;
    RISCVException ex;

    /* bit 1 of write: csrrw(i) with rd = x0, which reads nothing */
    ex = riscv_csr_rmw(e, (int)csr, (write & 2) ? NULL : &old, val, mask,
                       write & 1);
    if (ex != RISCV_EXCP_NONE) {
        raise_illegal(env, insn, GETPC());
    }
    if ((write & 1) &&
        (csr == CSR_SATP ||
         (csr >= CSR_PMPCFG0 && csr <= CSR_PMPADDR63))) {
        /* Translations and PMP verdicts the TLB holds are stale. */
        tlb_flush(env);
    }
    return old;
}

uint64_t helper_mret(void *env, uint64_t insn)
{
    CPURISCVState *e = env_of(env);

    if (riscv_cpu_mret(e) != RISCV_EXCP_NONE) {
        raise_illegal(env, insn, GETPC());
    }
    return e->pc;
}

uint64_t helper_sret(void *env, uint64_t insn)
{
    CPURISCVState *e = env_of(env);

    if (riscv_cpu_sret(e) != RISCV_EXCP_NONE) {
        raise_illegal(env, insn, GETPC());
    }
    return e->pc;
}

void helper_wfi(void *env, uint64_t insn, uint64_t next_pc)
{
    CPURISCVState *e = env_of(env);

    if (riscv_cpu_check_wfi(e) != RISCV_EXCP_NONE) {
        raise_illegal(env, insn, GETPC());
    }
    e->pc = next_pc;
    if (riscv_cpu_has_work(e)) {
        return;                 /* an interrupt is already pending */
    }
    /* Sleep until an interrupt is pending (cc->has_work wakes it). */
    tcg_cpu_raise_exception(env, EXCP_HLT, 0);
}

void helper_sfence_vma(void *env, uint64_t insn, uint64_t vaddr,
                       uint64_t asid, uint64_t which)
{
    CPURISCVState *e = env_of(env);
    uint64_t cur_asid = (e->satp & SATP64_ASID) >> SATP64_ASID_SHIFT;

    if (riscv_cpu_check_sfence_vma(e) != RISCV_EXCP_NONE) {
        raise_illegal(env, insn, GETPC());
    }
    if (which & 1) {
        /*
         * One address: drop that page in every MMU index, whatever the
         * ASID (a superset of what is asked). A superpage covering it
         * is handled by accel/tcg, which flushes the index it is in.
         */
        tlb_flush_page(env, vaddr);
        return;
    }
    if ((which & 2) && (asid & 0xffff) != cur_asid) {
        /*
         * The TLB only ever holds translations made under the current
         * satp (a satp write flushes it), so another address space has
         * nothing here to remove.
         */
        return;
    }
    tlb_flush(env);
}

void helper_fs_dirty(void *env)
{
    riscv_fs_mark_dirty(env_of(env));
}

/* --- A --- */

/* The RAM word an atomic works on. */
typedef struct AmoHost {
    void *p;            /* host address, NULL for MMIO */
    uint64_t pa;        /* guest-physical address */
    bool mapped;        /* through address_space_map: unmap when done */
} AmoHost;

/* Misaligned AMOs, LR and SC are never emulated: the address fault. */
static void amo_check_align(void *env, uint64_t addr, unsigned size,
                            int cause, uintptr_t ra)
{
    if (addr & (size - 1)) {
        riscv_set_pending_tval(env, addr);
        tcg_cpu_raise_exception(env, cause, ra);
    }
}

/*
 * The naturally aligned word at guest virtual addr (faults raised as
 * store/AMO faults). From the TLB when its store entry is plain RAM
 * without translated code (nothing to unmap or invalidate), else mapped
 * through the memory API.
 */
static AmoHost amo_host(void *env, uint64_t addr, unsigned size,
                        uintptr_t ra)
{
    AmoHost h = { .mapped = false };
    hwaddr len = size;

    amo_check_align(env, addr, size, RISCV_EXCP_STORE_AMO_ADDR_MIS, ra);
    /*
     * The TLB's store entry for the data MMU index holds what a walk
     * for a store would give (A and D set, PMP write allowed, which
     * implies read): atomics in the kernel's hot paths skip the walk.
     */
    h.p = tcg_cpu_host_for_store(env, addr, size,
                                 riscv_data_mmu_index(env_of(env)), ra,
                                 &h.pa);
    if (h.p) {
        return h;
    }
    h.pa = riscv_probe_phys(env, addr, MMU_DATA_STORE, size, ra);
    h.p = address_space_map(address_space_memory(), h.pa, &len, true,
                            MEMTXATTRS_UNSPECIFIED);
    if (h.p && len < size) {
        address_space_unmap(address_space_memory(), h.p, len, true, 0);
        h.p = NULL;
    }
    h.mapped = h.p != NULL;
    return h;
}

/* The atomic wrote (written) or gave up (!written). */
static void amo_done(AmoHost *h, unsigned size, bool written)
{
    if (!h->mapped) {
        return;
    }
    address_space_unmap(address_space_memory(), h->p, size, true,
                        written ? size : 0);
    if (written) {
        /* A write into translated code must drop those blocks. */
        tcg_tb_invalidate_phys_range(h->pa, size);
    }
}

static uint64_t amo_apply(unsigned op, uint64_t old, uint64_t val,
                          unsigned size)
{
    int64_t so = size == 4 ? (int32_t)old : (int64_t)old;
    int64_t sv = size == 4 ? (int32_t)val : (int64_t)val;
    uint64_t uo = size == 4 ? (uint32_t)old : old;
    uint64_t uv = size == 4 ? (uint32_t)val : val;

    switch (op) {
    case RISCV_AMO_SWAP: return val;
    case RISCV_AMO_ADD: return old + val;
    case RISCV_AMO_XOR: return old ^ val;
    case RISCV_AMO_AND: return old & val;
    case RISCV_AMO_OR: return old | val;
    case RISCV_AMO_MIN: return so < sv ? old : val;
    case RISCV_AMO_MAX: return so > sv ? old : val;
    case RISCV_AMO_MINU: return uo < uv ? old : val;
    case RISCV_AMO_MAXU: return uo > uv ? old : val;
    }
    g_assert_not_reached();
}

static uint64_t sext_size(uint64_t v, unsigned size)
{
    return size == 4 ? (uint64_t)(int64_t)(int32_t)v : v;
}

/*
 * Reservations with more than one hart. A reservation covers the
 * naturally aligned doubleword (the reservation set) holding the
 * address. LR records its physical address and has accel/tcg watch the
 * page, so that any later store into the set -- by a hart's TLB path,
 * an AMO or an SC, whatever value it writes -- breaks it through
 * riscv_store_watch_hook; SC succeeds only if its reservation is still
 * there, checked and written under the store-watch lock. With a single
 * hart no one else can store, and the reservation address plus a
 * compare-and-swap of the loaded value is all SC needs.
 */
#define RES_SET_SIZE 8

static bool multi_hart(void)
{
    /* user mode has no TLB to watch stores with: value compare only */
    return cpu_count() > 1 && !tcg_user_active();
}

static bool res_overlaps(uint64_t res_pa, uint64_t phys, unsigned len)
{
    uint64_t set = res_pa & ~(uint64_t)(RES_SET_SIZE - 1);

    return phys < set + RES_SET_SIZE && set < phys + len;
}

bool riscv_store_watch_hook(uint64_t phys, unsigned len)
{
    uint64_t page = phys & ~0xfffull;
    bool keep = false;
    CPUState *cs;

    CPU_FOREACH(cs) {
        CPURISCVState *e = &riscv_cpu_of(cs)->env;
        uint64_t r = e->load_res_pa;

        if (r == (uint64_t)-1) {
            continue;
        }
        if (len && res_overlaps(r, phys, len)) {
            e->load_res_pa = -1;
        } else if ((r & ~0xfffull) == page) {
            keep = true;
        }
    }
    return keep;
}

/* The read-modify-write itself, atomic on the host word p. */
static uint64_t amo_on_host(void *p, unsigned kind, uint64_t val,
                            unsigned size)
{
    if (size == 4) {
        uint32_t *w = p, o = __atomic_load_n(w, __ATOMIC_RELAXED), n;
        do {
            n = (uint32_t)amo_apply(kind, o, val, 4);
        } while (!__atomic_compare_exchange_n(w, &o, n, true,
                                              __ATOMIC_SEQ_CST,
                                              __ATOMIC_RELAXED));
        return o;
    } else {
        uint64_t *d = p, o = __atomic_load_n(d, __ATOMIC_RELAXED), n;
        do {
            n = amo_apply(kind, o, val, 8);
        } while (!__atomic_compare_exchange_n(d, &o, n, true,
                                              __ATOMIC_SEQ_CST,
                                              __ATOMIC_RELAXED));
        return o;
    }
}

/* User mode: the checked host word of an atomic (user.h). */
static void *amo_user_host(void *env, uint64_t addr, unsigned size,
                           uintptr_t ra)
{
    amo_check_align(env, addr, size, RISCV_EXCP_STORE_AMO_ADDR_MIS, ra);
    return tcg_user_host_for_rmw(env, addr, size, ra);
}

uint64_t helper_amo(void *env, uint64_t addr, uint64_t val, uint64_t op)
{
    unsigned size = 1u << (op >> 8);
    unsigned kind = op & 0xff;
    uintptr_t ra = GETPC();
    AmoHost h;
    void *p;
    uint64_t old;
    bool watched;

    if (tcg_user_active()) {
        p = amo_user_host(env, addr, size, ra);
        old = p ? amo_on_host(p, kind, val, size) : 0;
        tcg_user_rmw_end();
        return sext_size(old, size);
    }
    h = amo_host(env, addr, size, ra);
    p = h.p;
    if (!p) {
        /* MMIO: no atomicity to give; do it as a load and a store. */
        int mmu = riscv_data_mmu_index(env_of(env));
        old = tcg_cpu_ld(env, addr, (MemOp)(op >> 8), mmu, ra);
        tcg_cpu_st(env, addr, amo_apply(kind, old, val, size),
                   (MemOp)(op >> 8), mmu, ra);
        return sext_size(old, size);
    }
    /* Even an AMO that leaves the value alone breaks reservations. */
    watched = tcg_store_watch_begin(h.pa, size);
    old = amo_on_host(p, kind, val, size);
    if (watched) {
        tcg_store_watch_end();
    }
    amo_done(&h, size, true);
    return sext_size(old, size);
}

/* LR with other harts about: reserve, watch the page, then load. */
static bool lr_watched(void *env, uint64_t addr, uint64_t size,
                       uintptr_t ra, uint64_t *val)
{
    CPURISCVState *e = env_of(env);
    uint64_t pa = riscv_probe_phys(env, addr, MMU_DATA_LOAD, (int)size, ra);
    hwaddr len = size;
    void *p = address_space_map(address_space_memory(), pa, &len, false,
                                MEMTXATTRS_UNSPECIFIED);

    if (!p || len < size) {
        if (p) {
            address_space_unmap(address_space_memory(), p, len, false, 0);
        }
        return false;           /* MMIO: no reservation to keep */
    }
    tcg_store_watch_lock();
    e->load_res_pa = pa;
    tcg_store_watch_add_locked(env, addr, pa);
    if (size == 4) {
        *val = (uint64_t)(int64_t)__atomic_load_n((int32_t *)p,
                                                  __ATOMIC_SEQ_CST);
    } else {
        *val = __atomic_load_n((uint64_t *)p, __ATOMIC_SEQ_CST);
    }
    tcg_store_watch_unlock();
    address_space_unmap(address_space_memory(), p, size, false, size);
    return true;
}

uint64_t helper_lr(void *env, uint64_t addr, uint64_t size)
{
    CPURISCVState *e = env_of(env);
    uintptr_t ra = GETPC();
    uint64_t v;

    amo_check_align(env, addr, (unsigned)size, RISCV_EXCP_LOAD_ADDR_MIS, ra);
    /* user mode: no physical addresses to watch (see the top) */
    if (tcg_user_active() || !multi_hart() ||
        !lr_watched(env, addr, size, ra, &v)) {
        v = tcg_cpu_ld(env, addr, size == 4 ? MO_SL : MO_UQ,
                       riscv_data_mmu_index(e), ra);
    }
    e->load_res = addr;
    e->load_val = v;
    return v;
}

static bool sc_cmpxchg(void *p, uint64_t expect, uint64_t val,
                       uint64_t size)
{
    if (size == 4) {
        uint32_t x = (uint32_t)expect;
        return __atomic_compare_exchange_n((uint32_t *)p, &x, (uint32_t)val,
                                           false, __ATOMIC_SEQ_CST,
                                           __ATOMIC_SEQ_CST);
    }
    return __atomic_compare_exchange_n((uint64_t *)p, &expect, val, false,
                                       __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
}

/*
 * SC succeeds if this hart's reservation is on addr and, with other
 * harts, no store broke it (riscv_store_watch_hook); the compare-and-swap
 * of the value LR read stays as a second guard for stores the watch
 * cannot see (devices, see accel/tcg/store-watch.c).
 */
uint64_t helper_sc(void *env, uint64_t addr, uint64_t val, uint64_t size)
{
    CPURISCVState *e = env_of(env);
    uintptr_t ra = GETPC();
    uint64_t res = e->load_res;
    AmoHost h;
    bool ok;

    e->load_res = -1;
    if (tcg_user_active()) {
        void *p = amo_user_host(env, addr, (unsigned)size, ra);

        ok = p && res == addr && sc_cmpxchg(p, e->load_val, val, size);
        tcg_user_rmw_end();
        return ok ? 0 : 1;
    }
    h = amo_host(env, addr, (unsigned)size, ra);
    if (res != addr || !h.p) {
        /* no reservation here, or MMIO: none is ever kept there */
        amo_done(&h, (unsigned)size, false);
        if (multi_hart()) {
            tcg_store_watch_lock();
            e->load_res_pa = -1;
            tcg_store_watch_unlock();
        }
        return 1;
    }
    if (multi_hart()) {
        tcg_store_watch_lock();
        ok = e->load_res_pa == h.pa;
        e->load_res_pa = -1;
        if (ok) {
            /* our store breaks the other harts' reservations */
            tcg_store_watch_notify_locked(h.pa, (unsigned)size);
            ok = sc_cmpxchg(h.p, e->load_val, val, size);
        }
        tcg_store_watch_unlock();
    } else {
        ok = sc_cmpxchg(h.p, e->load_val, val, size);
    }
    amo_done(&h, (unsigned)size, ok);
    return ok ? 0 : 1;
}

/* --- Zicbom / Zicboz --- */

/* Is the CBO allowed at the current privilege by xenvcfg (field mask)? */
static bool cbo_enabled(CPURISCVState *e, uint64_t field)
{
    if (e->priv < PRV_M && !(e->menvcfg & field)) {
        return false;
    }
    if (e->priv == PRV_U && riscv_has_ext(e, 'S') && !(e->senvcfg & field)) {
        return false;
    }
    return true;
}

void helper_cbo_check(void *env, uint64_t addr, uint64_t insn)
{
    CPURISCVState *e = env_of(env);
    bool inval = ((insn >> 20) & 0xfff) == 0;
    uint64_t field = inval ? ENVCFG_CBIE : ENVCFG_CBCFE;
    uintptr_t ra = GETPC();

    if (!cbo_enabled(e, field)) {
        raise_illegal(env, insn, ra);
    }
    /* No cache to manage: only the permission check remains. */
    if (tcg_user_active()) {
        /* no PMP or page tables: the guest mapping says */
        tcg_cpu_ld(env, addr, MO_8, riscv_data_mmu_index(e), ra);
        return;
    }
    riscv_probe_phys(env, addr, MMU_DATA_LOAD, 1, ra);
}

void helper_cbo_zero(void *env, uint64_t addr, uint64_t insn)
{
    CPURISCVState *e = env_of(env);
    unsigned bs = riscv_env_cfg(e)->cboz_blocksize;
    uintptr_t ra = GETPC();
    int mmu = riscv_data_mmu_index(e);
    void *p;

    if (!cbo_enabled(e, ENVCFG_CBZE)) {
        raise_illegal(env, insn, ra);
    }
    addr &= ~(uint64_t)(bs - 1);
    if (tcg_user_active()) {
        p = tcg_user_host_for_rmw(env, addr, bs, ra);
        if (p) {
            memset(p, 0, bs);
        }
        tcg_user_rmw_end();
        return;
    }
    p = tcg_cpu_host_for_store(env, addr, bs, mmu, ra, NULL);
    if (p) {
        memset(p, 0, bs);       /* plain RAM: what the stores would do */
        return;
    }
    for (unsigned i = 0; i < bs; i += 8) {
        tcg_cpu_st(env, addr + i, 0, MO_UQ, mmu, ra);
    }
}

/* --- Zbc, Zbb --- */

uint64_t helper_clmul(uint64_t a, uint64_t b)
{
    uint64_t r = 0;

    for (int i = 0; i < 64; i++) {
        if ((b >> i) & 1) {
            r ^= a << i;
        }
    }
    return r;
}

uint64_t helper_clmulh(uint64_t a, uint64_t b)
{
    uint64_t r = 0;

    for (int i = 1; i < 64; i++) {
        if ((b >> i) & 1) {
            r ^= a >> (64 - i);
        }
    }
    return r;
}

uint64_t helper_clmulr(uint64_t a, uint64_t b)
{
    uint64_t r = 0;

    for (int i = 0; i < 64; i++) {
        if ((b >> i) & 1) {
            r ^= a >> (63 - i);
        }
    }
    return r;
}

uint64_t helper_orc_b(uint64_t a)
{
    uint64_t r = 0;

    for (int i = 0; i < 64; i += 8) {
        if ((a >> i) & 0xff) {
            r |= 0xffull << i;
        }
    }
    return r;
}
