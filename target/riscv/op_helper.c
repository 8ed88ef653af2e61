/*
 * Run-time helpers of the RISC-V translator: exceptions with their tval,
 * the Zicsr read-modify-write, xRET, WFI and SFENCE.VMA around the checks
 * of trap.c and csr.c, A's AMOs and LR/SC as atomic host operations on
 * RAM, the cache-block operations and the Zbc carry-less multiplies.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "internal.h"
#include "accel/tcg/cpu-exec.h"
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

/*
 * A host pointer to the naturally aligned RAM word at guest virtual addr
 * (faults raised as store/AMO faults), or NULL for MMIO. *pa_out is the
 * physical address for amo_done, or -1 when the word came from the TLB
 * (plain RAM without translated code: nothing to unmap or invalidate).
 */
static void *amo_host(void *env, uint64_t addr, unsigned size,
                      uintptr_t ra, uint64_t *pa_out)
{
    hwaddr len = size;
    uint64_t pa;
    void *p;

    if (addr & (size - 1)) {
        /* AMOs and LR/SC are never emulated when misaligned. */
        riscv_set_pending_tval(env, addr);
        tcg_cpu_raise_exception(env, RISCV_EXCP_STORE_AMO_ADDR_MIS, ra);
    }
    /*
     * The TLB's store entry for the data MMU index holds what a walk
     * for a store would give (A and D set, PMP write allowed, which
     * implies read): atomics in the kernel's hot paths skip the walk.
     */
    p = tcg_cpu_host_for_store(env, addr, size,
                               riscv_data_mmu_index(env_of(env)), ra);
    if (p) {
        *pa_out = -1ull;
        return p;
    }
    pa = riscv_probe_phys(env, addr, MMU_DATA_STORE, size, ra);
    *pa_out = pa;
    p = address_space_map(address_space_memory(), pa, &len, true,
                          MEMTXATTRS_UNSPECIFIED);
    if (p && len < size) {
        address_space_unmap(address_space_memory(), p, len, true, 0);
        return NULL;
    }
    return p;
}

static void amo_done(void *p, unsigned size, uint64_t pa)
{
    if (pa == -1ull) {
        return;                 /* from the TLB */
    }
    address_space_unmap(address_space_memory(), p, size, true, size);
    /* A write into translated code must drop those blocks. */
    tcg_tb_invalidate_phys_range(pa, size);
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

uint64_t helper_amo(void *env, uint64_t addr, uint64_t val, uint64_t op)
{
    unsigned size = 1u << (op >> 8);
    unsigned kind = op & 0xff;
    uintptr_t ra = GETPC();
    uint64_t pa, old;
    void *p = amo_host(env, addr, size, ra, &pa);

    if (!p) {
        /* MMIO: no atomicity to give; do it as a load and a store. */
        int mmu = riscv_data_mmu_index(env_of(env));
        old = tcg_cpu_ld(env, addr, (MemOp)(op >> 8), mmu, ra);
        tcg_cpu_st(env, addr, amo_apply(kind, old, val, size),
                   (MemOp)(op >> 8), mmu, ra);
        return sext_size(old, size);
    }
    if (size == 4) {
        uint32_t *w = p, o = __atomic_load_n(w, __ATOMIC_RELAXED), n;
        do {
            n = (uint32_t)amo_apply(kind, o, val, 4);
        } while (!__atomic_compare_exchange_n(w, &o, n, true,
                                              __ATOMIC_SEQ_CST,
                                              __ATOMIC_RELAXED));
        old = o;
    } else {
        uint64_t *d = p, o = __atomic_load_n(d, __ATOMIC_RELAXED), n;
        do {
            n = amo_apply(kind, o, val, 8);
        } while (!__atomic_compare_exchange_n(d, &o, n, true,
                                              __ATOMIC_SEQ_CST,
                                              __ATOMIC_RELAXED));
        old = o;
    }
    amo_done(p, size, pa);
    return sext_size(old, size);
}

uint64_t helper_lr(void *env, uint64_t addr, uint64_t size)
{
    CPURISCVState *e = env_of(env);
    uintptr_t ra = GETPC();
    uint64_t v;

    if (addr & (size - 1)) {
        riscv_set_pending_tval(env, addr);
        tcg_cpu_raise_exception(env, RISCV_EXCP_LOAD_ADDR_MIS, ra);
    }
    v = tcg_cpu_ld(env, addr, size == 4 ? MO_SL : MO_UQ,
                   riscv_data_mmu_index(e), ra);
    e->load_res = addr;
    e->load_val = v;
    return v;
}

/*
 * SC succeeds if this hart's reservation is on addr and memory still
 * holds the value LR read: the compare-and-swap makes a store by any
 * other hart (or device) that changed the word fail it.
 */
uint64_t helper_sc(void *env, uint64_t addr, uint64_t val, uint64_t size)
{
    CPURISCVState *e = env_of(env);
    uintptr_t ra = GETPC();
    uint64_t res = e->load_res, pa;
    bool ok;
    void *p;

    e->load_res = -1;
    p = amo_host(env, addr, (unsigned)size, ra, &pa);
    if (res != addr) {
        if (p && pa != -1ull) {
            address_space_unmap(address_space_memory(), p, size, true, 0);
        }
        return 1;
    }
    if (!p) {
        return 1;               /* no reservations on MMIO */
    }
    if (size == 4) {
        uint32_t expect = (uint32_t)e->load_val;
        ok = __atomic_compare_exchange_n((uint32_t *)p, &expect,
                                         (uint32_t)val, false,
                                         __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    } else {
        uint64_t expect = e->load_val;
        ok = __atomic_compare_exchange_n((uint64_t *)p, &expect, val, false,
                                         __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    }
    if (ok) {
        amo_done(p, (unsigned)size, pa);
    } else if (pa != -1ull) {
        address_space_unmap(address_space_memory(), p, size, true, 0);
    }
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
    p = tcg_cpu_host_for_store(env, addr, bs, mmu, ra);
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
