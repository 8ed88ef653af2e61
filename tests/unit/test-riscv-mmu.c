/*
 * target/riscv/mmu.c and pmp.c: page walks over hand-built Sv39/Sv48/Sv57
 * tables in a fake physical memory, A/D updates, permission faults, and
 * PMP matching, priority and locking.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "riscv-test-cpu.h"
#include "softmmu/memory-system.h"
#include "softmmu/memory.h"

#include <string.h>

#define MEM_BASE 0x80000000ull
#define MEM_SIZE (4u << 20)

static RISCVCPU *cpu;
static CPURISCVState *env;
static uint8_t *mem;
static int cas_interference;    /* flip the PTE this many times under CAS */
static int cas_calls;

static bool in_mem(uint64_t pa)
{
    return pa >= MEM_BASE && pa + 8 <= MEM_BASE + MEM_SIZE;
}

static bool fake_read64(void *opaque, uint64_t pa, uint64_t *val)
{
    if (!in_mem(pa)) {
        return false;
    }
    memcpy(val, mem + (pa - MEM_BASE), 8);
    return true;
}

static bool fake_cmpxchg64(void *opaque, uint64_t pa, uint64_t expected,
                           uint64_t new_val, uint64_t *seen)
{
    uint64_t cur;

    if (!in_mem(pa)) {
        return false;
    }
    cas_calls++;
    memcpy(&cur, mem + (pa - MEM_BASE), 8);
    if (cas_interference > 0) {
        /* another hart set A first */
        cas_interference--;
        cur |= PTE_A;
        memcpy(mem + (pa - MEM_BASE), &cur, 8);
    }
    *seen = cur;
    if (cur == expected) {
        memcpy(mem + (pa - MEM_BASE), &new_val, 8);
    }
    return true;
}

static const RISCVPhysOps ops = {
    .read64 = fake_read64,
    .cmpxchg64 = fake_cmpxchg64,
};

static uint64_t pte_at(uint64_t pa)
{
    uint64_t v;

    ck_assert(fake_read64(NULL, pa, &v));
    return v;
}

static void set_pte(uint64_t table, int index, uint64_t pa, uint64_t flags)
{
    uint64_t pte = ((pa >> 12) << PTE_PPN_SHIFT) | flags;

    memcpy(mem + (table - MEM_BASE) + index * 8, &pte, 8);
}

#define ROOT   (MEM_BASE + 0x0000)
#define L1     (MEM_BASE + 0x1000)
#define L0     (MEM_BASE + 0x2000)
#define L2     (MEM_BASE + 0x3000)
#define L3     (MEM_BASE + 0x4000)
#define DATA   (MEM_BASE + 0x10000)

static void allow_all_pmp(void)
{
    /* entry 15: NAPOT over everything, RWX, so S and U may access */
    env->pmpaddr[15] = (1ull << 54) - 1;
    env->pmpcfg[15] = PMP_R | PMP_W | PMP_X | (PMP_A_NAPOT << 3);
}

static void setup(void)
{
    cpu = riscv_test_cpu("rv64");
    env = &cpu->env;
    mem = g_malloc0(MEM_SIZE);
    cas_interference = 0;
    cas_calls = 0;
    allow_all_pmp();
}

static void teardown(void)
{
    g_free(mem);
    riscv_test_cpu_free(cpu);
}

static void use_sv39(void)
{
    env->satp = ((uint64_t)SATP_MODE_SV39 << 60) | (ROOT >> 12);
    env->priv = PRV_S;
}

static RISCVException xlate(uint64_t va, RISCVAccessType a,
                            RISCVTranslation *t)
{
    return riscv_mmu_translate(env, &ops, va, a, 4, t);
}

/* va 0x40201000 -> DATA, 4 KiB page, through ROOT[1] -> L1[1] -> L0[1] */
#define VA4K 0x40201000ull
static void map_4k(uint64_t flags)
{
    set_pte(ROOT, 1, L1, PTE_V);
    set_pte(L1, 1, L0, PTE_V);
    set_pte(L0, 1, DATA, flags);
}

START_TEST(bare_and_m_mode_are_physical)
{
    RISCVTranslation t;

    ck_assert_int_eq(xlate(0x12345678, RISCV_ACCESS_LOAD, &t),
                     RISCV_EXCP_NONE);
    ck_assert_uint_eq(t.pa, 0x12345678);
    ck_assert_int_eq(t.prot, RISCV_PROT_READ | RISCV_PROT_WRITE |
                     RISCV_PROT_EXEC);
    /* satp set, but M does not translate */
    env->satp = ((uint64_t)SATP_MODE_SV39 << 60) | (ROOT >> 12);
    ck_assert_int_eq(xlate(0x1000, RISCV_ACCESS_FETCH, &t), RISCV_EXCP_NONE);
    ck_assert_uint_eq(t.pa, 0x1000);
}
END_TEST

START_TEST(sv39_4k_with_ad_updates)
{
    RISCVTranslation t;

    map_4k(PTE_V | PTE_R | PTE_W | PTE_X);
    use_sv39();
    ck_assert_int_eq(xlate(VA4K + 0x123, RISCV_ACCESS_LOAD, &t),
                     RISCV_EXCP_NONE);
    ck_assert_uint_eq(t.pa, DATA + 0x123);
    ck_assert_int_eq(t.level_shift, 12);
    /* A set by the load, D not: the TLB may not cache write permission */
    ck_assert(pte_at(L0 + 8) & PTE_A);
    ck_assert(!(pte_at(L0 + 8) & PTE_D));
    ck_assert_int_eq(t.prot, RISCV_PROT_READ | RISCV_PROT_EXEC);
    ck_assert_int_eq(xlate(VA4K, RISCV_ACCESS_STORE, &t), RISCV_EXCP_NONE);
    ck_assert(pte_at(L0 + 8) & PTE_D);
    ck_assert(t.prot & RISCV_PROT_WRITE);
    /* already A and D: no more CAS */
    int calls = cas_calls;
    ck_assert_int_eq(xlate(VA4K, RISCV_ACCESS_STORE, &t), RISCV_EXCP_NONE);
    ck_assert_int_eq(cas_calls, calls);
}
END_TEST

/*
 * The monitor's walk (CPUClass.get_phys_addr_debug, for memsave) reads
 * the tables through the system address space and sets no A/D bit.
 */
START_TEST(debug_walk_has_no_side_effects)
{
    CPUClass *cc = CPU_GET_CLASS(cpu);
    MemoryRegion ram;
    uint64_t pa = 0;

    memory_region_init_ram_ptr(&ram, NULL, "test-ram", MEM_SIZE, mem);
    memory_region_add_subregion(get_system_memory(), MEM_BASE, &ram);
    map_4k(PTE_V | PTE_R | PTE_W);
    use_sv39();
    ck_assert_ptr_nonnull(cc->get_phys_addr_debug);
    ck_assert(cc->get_phys_addr_debug(CPU(cpu), VA4K + 0x10, &pa));
    ck_assert_uint_eq(pa, DATA + 0x10);
    ck_assert(!(pte_at(L0 + 8) & (PTE_A | PTE_D)));
    /* Not mapped: false, nothing raised. */
    ck_assert(!cc->get_phys_addr_debug(CPU(cpu), VA4K + 0x1000, &pa));
    ck_assert_uint_eq(pa, DATA + 0x10);
    /* M-mode without MPRV: physical. */
    env->priv = PRV_M;
    ck_assert(cc->get_phys_addr_debug(CPU(cpu), 0x1234, &pa));
    ck_assert_uint_eq(pa, 0x1234);
    memory_region_del_subregion(get_system_memory(), &ram);
    memory_region_unref(&ram);
}
END_TEST

START_TEST(ad_update_retries_when_pte_changes)
{
    RISCVTranslation t;

    map_4k(PTE_V | PTE_R | PTE_W);
    use_sv39();
    cas_interference = 1;
    ck_assert_int_eq(xlate(VA4K, RISCV_ACCESS_STORE, &t), RISCV_EXCP_NONE);
    ck_assert_int_eq(cas_calls, 2);
    ck_assert_uint_eq(pte_at(L0 + 8) & (PTE_A | PTE_D), PTE_A | PTE_D);
}
END_TEST

START_TEST(page_fault_causes)
{
    RISCVTranslation t;

    use_sv39();
    /* nothing mapped */
    ck_assert_int_eq(xlate(VA4K, RISCV_ACCESS_LOAD, &t),
                     RISCV_EXCP_LOAD_PAGE_FAULT);
    ck_assert_int_eq(xlate(VA4K, RISCV_ACCESS_STORE, &t),
                     RISCV_EXCP_STORE_PAGE_FAULT);
    ck_assert_int_eq(xlate(VA4K, RISCV_ACCESS_FETCH, &t),
                     RISCV_EXCP_INST_PAGE_FAULT);
    /* read-only page: store faults, load and fetch-without-X decided */
    map_4k(PTE_V | PTE_R);
    ck_assert_int_eq(xlate(VA4K, RISCV_ACCESS_STORE, &t),
                     RISCV_EXCP_STORE_PAGE_FAULT);
    ck_assert(!(pte_at(L0 + 8) & PTE_A));   /* no A on a faulting access */
    ck_assert_int_eq(xlate(VA4K, RISCV_ACCESS_FETCH, &t),
                     RISCV_EXCP_INST_PAGE_FAULT);
    ck_assert_int_eq(xlate(VA4K, RISCV_ACCESS_LOAD, &t), RISCV_EXCP_NONE);
    /* W without R is reserved */
    map_4k(PTE_V | PTE_W);
    ck_assert_int_eq(xlate(VA4K, RISCV_ACCESS_STORE, &t),
                     RISCV_EXCP_STORE_PAGE_FAULT);
    /* reserved bits, PBMT without Svpbmt, N without Svnapot */
    map_4k(PTE_V | PTE_R | (1ull << 54));
    ck_assert_int_eq(xlate(VA4K, RISCV_ACCESS_LOAD, &t),
                     RISCV_EXCP_LOAD_PAGE_FAULT);
    map_4k(PTE_V | PTE_R | (1ull << 61));
    ck_assert_int_eq(xlate(VA4K, RISCV_ACCESS_LOAD, &t),
                     RISCV_EXCP_LOAD_PAGE_FAULT);
    map_4k(PTE_V | PTE_R | PTE_N);
    ck_assert_int_eq(xlate(VA4K, RISCV_ACCESS_LOAD, &t),
                     RISCV_EXCP_LOAD_PAGE_FAULT);
    /* a pointer at level 0 */
    map_4k(PTE_V);
    ck_assert_int_eq(xlate(VA4K, RISCV_ACCESS_LOAD, &t),
                     RISCV_EXCP_LOAD_PAGE_FAULT);
    /* non-canonical: bits 63..39 must copy bit 38 */
    map_4k(PTE_V | PTE_R);
    ck_assert_int_eq(xlate(VA4K | (1ull << 45), RISCV_ACCESS_LOAD, &t),
                     RISCV_EXCP_LOAD_PAGE_FAULT);
}
END_TEST

START_TEST(user_pages_sum_and_mxr)
{
    RISCVTranslation t;

    map_4k(PTE_V | PTE_R | PTE_X | PTE_U);
    use_sv39();
    /* S on a U page: no without SUM, loads with SUM, never fetch */
    ck_assert_int_eq(xlate(VA4K, RISCV_ACCESS_LOAD, &t),
                     RISCV_EXCP_LOAD_PAGE_FAULT);
    env->mstatus |= MSTATUS_SUM;
    ck_assert_int_eq(xlate(VA4K, RISCV_ACCESS_LOAD, &t), RISCV_EXCP_NONE);
    ck_assert_int_eq(t.prot, RISCV_PROT_READ);
    ck_assert_int_eq(xlate(VA4K, RISCV_ACCESS_FETCH, &t),
                     RISCV_EXCP_INST_PAGE_FAULT);
    /* U on the U page */
    env->priv = PRV_U;
    ck_assert_int_eq(xlate(VA4K, RISCV_ACCESS_FETCH, &t), RISCV_EXCP_NONE);
    /* U on an S page */
    map_4k(PTE_V | PTE_R | PTE_X);
    ck_assert_int_eq(xlate(VA4K, RISCV_ACCESS_LOAD, &t),
                     RISCV_EXCP_LOAD_PAGE_FAULT);
    /* MXR: execute-only page readable only with MXR */
    env->priv = PRV_S;
    map_4k(PTE_V | PTE_X);
    ck_assert_int_eq(xlate(VA4K, RISCV_ACCESS_LOAD, &t),
                     RISCV_EXCP_LOAD_PAGE_FAULT);
    env->mstatus |= MSTATUS_MXR;
    ck_assert_int_eq(xlate(VA4K, RISCV_ACCESS_LOAD, &t), RISCV_EXCP_NONE);
}
END_TEST

START_TEST(mprv_translates_m_loads)
{
    RISCVTranslation t;

    map_4k(PTE_V | PTE_R | PTE_W | PTE_A | PTE_D);
    env->satp = ((uint64_t)SATP_MODE_SV39 << 60) | (ROOT >> 12);
    env->priv = PRV_M;
    env->mstatus |= MSTATUS_MPRV | ((uint64_t)PRV_S << MSTATUS_MPP_SHIFT);
    ck_assert_int_eq(riscv_mmu_effective_priv(env, RISCV_ACCESS_LOAD),
                     PRV_S);
    ck_assert_int_eq(xlate(VA4K + 8, RISCV_ACCESS_STORE, &t),
                     RISCV_EXCP_NONE);
    ck_assert_uint_eq(t.pa, DATA + 8);
    /* fetches ignore MPRV */
    ck_assert_int_eq(riscv_mmu_effective_priv(env, RISCV_ACCESS_FETCH),
                     PRV_M);
    ck_assert_int_eq(xlate(VA4K, RISCV_ACCESS_FETCH, &t), RISCV_EXCP_NONE);
    ck_assert_uint_eq(t.pa, VA4K);
    /* MPP=U: the U rules apply to the S page */
    env->mstatus &= ~MSTATUS_MPP;
    ck_assert_int_eq(xlate(VA4K, RISCV_ACCESS_LOAD, &t),
                     RISCV_EXCP_LOAD_PAGE_FAULT);
}
END_TEST

START_TEST(superpages)
{
    RISCVTranslation t;

    use_sv39();
    /* 2 MiB page at level 1: ROOT[1] -> L1[2] leaf */
    set_pte(ROOT, 1, L1, PTE_V);
    set_pte(L1, 2, MEM_BASE + 0x200000, PTE_V | PTE_R | PTE_A);
    ck_assert_int_eq(xlate(0x40400000 + 0x12345, RISCV_ACCESS_LOAD, &t),
                     RISCV_EXCP_NONE);
    ck_assert_uint_eq(t.pa, MEM_BASE + 0x200000 + 0x12345);
    ck_assert_int_eq(t.level_shift, 21);
    /* misaligned: PPN[0] not zero */
    set_pte(L1, 2, MEM_BASE + 0x201000, PTE_V | PTE_R | PTE_A);
    ck_assert_int_eq(xlate(0x40400000, RISCV_ACCESS_LOAD, &t),
                     RISCV_EXCP_LOAD_PAGE_FAULT);
    /* 1 GiB page at the root */
    set_pte(ROOT, 3, 0x40000000, PTE_V | PTE_X | PTE_A);
    ck_assert_int_eq(xlate(0xc0000000 + 0x3456789, RISCV_ACCESS_FETCH, &t),
                     RISCV_EXCP_NONE);
    ck_assert_uint_eq(t.pa, 0x40000000 + 0x3456789);
    ck_assert_int_eq(t.level_shift, 30);
    set_pte(ROOT, 3, 0x40200000, PTE_V | PTE_X | PTE_A);
    ck_assert_int_eq(xlate(0xc0000000, RISCV_ACCESS_FETCH, &t),
                     RISCV_EXCP_INST_PAGE_FAULT);
}
END_TEST

START_TEST(sv48_and_sv57)
{
    RISCVTranslation t;
    uint64_t va48 = 0x0000008040201000ull;  /* VPN3=1 VPN2=1 VPN1=1 VPN0=1 */
    uint64_t va57 = 0x0001008040201000ull;  /* plus VPN4=1 */

    set_pte(ROOT, 1, L2, PTE_V);
    set_pte(L2, 1, L1, PTE_V);
    set_pte(L1, 1, L0, PTE_V);
    set_pte(L0, 1, DATA, PTE_V | PTE_R | PTE_A);
    env->priv = PRV_S;
    env->satp = ((uint64_t)SATP_MODE_SV48 << 60) | (ROOT >> 12);
    ck_assert_int_eq(xlate(va48 + 4, RISCV_ACCESS_LOAD, &t),
                     RISCV_EXCP_NONE);
    ck_assert_uint_eq(t.pa, DATA + 4);
    /* Sv48 requires bits 63..48 to copy bit 47 */
    ck_assert_int_eq(xlate(va57, RISCV_ACCESS_LOAD, &t),
                     RISCV_EXCP_LOAD_PAGE_FAULT);
    /* Sv57: one more level on top */
    set_pte(L3, 1, ROOT, PTE_V);
    env->satp = ((uint64_t)SATP_MODE_SV57 << 60) | (L3 >> 12);
    ck_assert_int_eq(xlate(va57 + 8, RISCV_ACCESS_LOAD, &t),
                     RISCV_EXCP_NONE);
    ck_assert_uint_eq(t.pa, DATA + 8);
    /* a negative (sign-extended) Sv57 address walks entry 511 */
    ck_assert_int_eq(xlate(0xff00000000000000ull, RISCV_ACCESS_LOAD, &t),
                     RISCV_EXCP_LOAD_PAGE_FAULT);
}
END_TEST

START_TEST(access_faults_on_walk)
{
    RISCVTranslation t;

    /* root outside memory */
    env->priv = PRV_S;
    env->satp = ((uint64_t)SATP_MODE_SV39 << 60) | (0x1000 >> 12);
    ck_assert_int_eq(xlate(VA4K, RISCV_ACCESS_STORE, &t),
                     RISCV_EXCP_STORE_AMO_ACCESS_FAULT);
    ck_assert_int_eq(xlate(VA4K, RISCV_ACCESS_FETCH, &t),
                     RISCV_EXCP_INST_ACCESS_FAULT);
    /* PMP forbids reading the page table: access fault, not page fault */
    map_4k(PTE_V | PTE_R | PTE_A);
    use_sv39();
    env->pmpaddr[0] = (ROOT + 0x1000) >> 2;
    env->pmpcfg[0] = PMP_A_TOR << 3;    /* [0, L1): no permissions */
    ck_assert_int_eq(xlate(VA4K, RISCV_ACCESS_LOAD, &t),
                     RISCV_EXCP_LOAD_ACCESS_FAULT);
    /* PMP on the final address */
    env->pmpcfg[0] = 0;
    env->pmpaddr[1] = (DATA >> 2) | 0x1ff;    /* NAPOT 4 KiB at DATA */
    env->pmpcfg[1] = PMP_R | (PMP_A_NAPOT << 3);
    ck_assert_int_eq(xlate(VA4K, RISCV_ACCESS_LOAD, &t), RISCV_EXCP_NONE);
    ck_assert_int_eq(t.prot, RISCV_PROT_READ);
    map_4k(PTE_V | PTE_R | PTE_W | PTE_A | PTE_D);
    ck_assert_int_eq(xlate(VA4K, RISCV_ACCESS_STORE, &t),
                     RISCV_EXCP_STORE_AMO_ACCESS_FAULT);
}
END_TEST

/* --- PMP --- */

static bool pmp(uint64_t addr, int size, RISCVAccessType a, int priv)
{
    return riscv_pmp_check(env, addr, size, a, priv, NULL);
}

START_TEST(pmp_no_match_rules)
{
    memset(env->pmpcfg, 0, sizeof(env->pmpcfg));
    ck_assert(pmp(0x1000, 4, RISCV_ACCESS_STORE, PRV_M));
    ck_assert(!pmp(0x1000, 4, RISCV_ACCESS_LOAD, PRV_S));
    ck_assert(!pmp(0x1000, 4, RISCV_ACCESS_LOAD, PRV_U));

    RISCVCPU *nopmp = riscv_test_cpu("rv64,pmp=off");
    int prot = 0;
    ck_assert(riscv_pmp_check(&nopmp->env, 0x1000, 4, RISCV_ACCESS_STORE,
                              PRV_U, &prot));
    ck_assert_int_eq(prot, RISCV_PROT_READ | RISCV_PROT_WRITE |
                     RISCV_PROT_EXEC);
    riscv_test_cpu_free(nopmp);
}
END_TEST

START_TEST(pmp_page_uniform)
{
    /* no entry: uniform (M allowed, S/U denied everywhere) */
    memset(env->pmpcfg, 0, sizeof(env->pmpcfg));
    ck_assert(riscv_pmp_page_uniform(env, 0x80002000));

    /* NA4 inside the page: not uniform, neighbouring page still is */
    env->pmpaddr[0] = 0x80002004 >> 2;
    env->pmpcfg[0] = PMP_R | (PMP_A_NA4 << 3);
    ck_assert(!riscv_pmp_page_uniform(env, 0x80002000));
    ck_assert(riscv_pmp_page_uniform(env, 0x80003000));

    /* a higher-priority entry covering the page wholly decides alone */
    env->pmpaddr[0] = (0x80000000 >> 2) | 0x3fff;     /* NAPOT 64 KiB */
    env->pmpcfg[0] = PMP_R | (PMP_A_NAPOT << 3);
    env->pmpaddr[1] = 0x80002004 >> 2;
    env->pmpcfg[1] = PMP_W | (PMP_A_NA4 << 3);
    ck_assert(riscv_pmp_page_uniform(env, 0x80002000));

    /* TOR ending mid-page: the pages it cuts are not uniform */
    memset(env->pmpcfg, 0, sizeof(env->pmpcfg));
    env->pmpaddr[0] = 0x80001000 >> 2;
    env->pmpaddr[1] = 0x80002800 >> 2;
    env->pmpcfg[1] = PMP_R | (PMP_A_TOR << 3);
    ck_assert(riscv_pmp_page_uniform(env, 0x80001000));
    ck_assert(!riscv_pmp_page_uniform(env, 0x80002000));
    ck_assert(riscv_pmp_page_uniform(env, 0x80003000));

    /* an entry that is off changes nothing */
    env->pmpcfg[1] = PMP_R;
    ck_assert(riscv_pmp_page_uniform(env, 0x80002000));

    RISCVCPU *nopmp = riscv_test_cpu("rv64,pmp=off");
    ck_assert(riscv_pmp_page_uniform(&nopmp->env, 0x80002000));
    riscv_test_cpu_free(nopmp);
}
END_TEST

START_TEST(pmp_modes)
{
    memset(env->pmpcfg, 0, sizeof(env->pmpcfg));
    /* TOR [0x1000, 0x2000) R */
    env->pmpaddr[0] = 0x1000 >> 2;
    env->pmpaddr[1] = 0x2000 >> 2;
    env->pmpcfg[1] = PMP_R | (PMP_A_TOR << 3);
    ck_assert(pmp(0x1000, 4, RISCV_ACCESS_LOAD, PRV_S));
    ck_assert(pmp(0x1ffc, 4, RISCV_ACCESS_LOAD, PRV_U));
    ck_assert(!pmp(0x1ffc, 4, RISCV_ACCESS_STORE, PRV_S));
    ck_assert(!pmp(0xffc, 4, RISCV_ACCESS_LOAD, PRV_S));
    ck_assert(!pmp(0x2000, 4, RISCV_ACCESS_LOAD, PRV_S));
    /* straddling the end: partial match fails, even for M */
    ck_assert(!pmp(0x1ffe, 4, RISCV_ACCESS_LOAD, PRV_S));
    ck_assert(!pmp(0x1ffe, 4, RISCV_ACCESS_LOAD, PRV_M));
    /* TOR entry 0 starts at 0 */
    env->pmpcfg[1] = 0;
    env->pmpcfg[0] = PMP_X | PMP_R | (PMP_A_TOR << 3);
    ck_assert(pmp(0, 4, RISCV_ACCESS_FETCH, PRV_U));
    ck_assert(!pmp(0x1000, 4, RISCV_ACCESS_FETCH, PRV_U));
    /* TOR with top <= bottom matches nothing */
    env->pmpcfg[0] = 0;
    env->pmpaddr[2] = 0x800 >> 2;
    env->pmpcfg[2] = PMP_R | (PMP_A_TOR << 3);
    ck_assert(!pmp(0x1800, 4, RISCV_ACCESS_LOAD, PRV_S));
    env->pmpcfg[2] = 0;
    /* NA4 */
    env->pmpaddr[3] = 0x3000 >> 2;
    env->pmpcfg[3] = PMP_W | PMP_R | (PMP_A_NA4 << 3);
    ck_assert(pmp(0x3000, 4, RISCV_ACCESS_STORE, PRV_S));
    ck_assert(!pmp(0x3004, 4, RISCV_ACCESS_STORE, PRV_S));
    ck_assert(!pmp(0x3000, 8, RISCV_ACCESS_STORE, PRV_S));
    /* NAPOT 8 bytes (pmpaddr ...0) and 64 KiB */
    env->pmpaddr[4] = (0x4000 >> 2) | 0;
    env->pmpcfg[4] = PMP_R | (PMP_A_NAPOT << 3);
    ck_assert(pmp(0x4004, 4, RISCV_ACCESS_LOAD, PRV_S));
    ck_assert(!pmp(0x4008, 4, RISCV_ACCESS_LOAD, PRV_S));
    env->pmpaddr[5] = (0x10000 >> 2) | ((0x10000 >> 3) - 1);
    env->pmpcfg[5] = PMP_R | (PMP_A_NAPOT << 3);
    ck_assert(pmp(0x1fffc, 4, RISCV_ACCESS_LOAD, PRV_S));
    ck_assert(!pmp(0x20000, 4, RISCV_ACCESS_LOAD, PRV_S));
    ck_assert(!pmp(0xfffc, 4, RISCV_ACCESS_LOAD, PRV_S));
}
END_TEST

START_TEST(pmp_priority_and_locking)
{
    int prot;

    memset(env->pmpcfg, 0, sizeof(env->pmpcfg));
    /* entry 2 denies a 4 KiB hole inside entry 3's RWX region */
    env->pmpaddr[2] = (0x8000 >> 2) | 0x1ff;
    env->pmpcfg[2] = PMP_A_NAPOT << 3;
    env->pmpaddr[3] = (0x0 >> 2) | 0xffff;
    env->pmpcfg[3] = PMP_R | PMP_W | PMP_X | (PMP_A_NAPOT << 3);
    ck_assert(!pmp(0x8000, 4, RISCV_ACCESS_LOAD, PRV_S));
    ck_assert(pmp(0x9000, 4, RISCV_ACCESS_LOAD, PRV_S));
    /* M ignores unlocked entries ... */
    ck_assert(riscv_pmp_check(env, 0x8000, 4, RISCV_ACCESS_STORE, PRV_M,
                              &prot));
    ck_assert_int_eq(prot, RISCV_PROT_READ | RISCV_PROT_WRITE |
                     RISCV_PROT_EXEC);
    /* ... but obeys locked ones */
    riscv_pmpcfg_write(env, 0, (uint64_t)(PMP_L | PMP_R |
                                          (PMP_A_NAPOT << 3)) << 16);
    ck_assert(!pmp(0x8000, 4, RISCV_ACCESS_STORE, PRV_M));
    ck_assert(pmp(0x8000, 4, RISCV_ACCESS_LOAD, PRV_M));
    /* a locked entry cannot be changed until reset */
    riscv_pmpcfg_write(env, 0, 0);
    riscv_pmpaddr_write(env, 2, 0);
    ck_assert_uint_eq(env->pmpcfg[2], PMP_L | PMP_R | (PMP_A_NAPOT << 3));
    ck_assert_uint_eq(env->pmpaddr[2], (0x8000 >> 2) | 0x1ff);
    device_reset(DEVICE(cpu));
    ck_assert_uint_eq(env->pmpcfg[2], 0);
}
END_TEST

static Suite *riscv_mmu_suite(void)
{
    Suite *s = suite_create("riscv-mmu");
    TCase *tc = tcase_create("mmu");
    TCase *tp = tcase_create("pmp");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, bare_and_m_mode_are_physical);
    tcase_add_test(tc, sv39_4k_with_ad_updates);
    tcase_add_test(tc, debug_walk_has_no_side_effects);
    tcase_add_test(tc, ad_update_retries_when_pte_changes);
    tcase_add_test(tc, page_fault_causes);
    tcase_add_test(tc, user_pages_sum_and_mxr);
    tcase_add_test(tc, mprv_translates_m_loads);
    tcase_add_test(tc, superpages);
    tcase_add_test(tc, sv48_and_sv57);
    tcase_add_test(tc, access_faults_on_walk);
    suite_add_tcase(s, tc);

    tcase_add_checked_fixture(tp, setup, teardown);
    tcase_add_test(tp, pmp_no_match_rules);
    tcase_add_test(tp, pmp_modes);
    tcase_add_test(tp, pmp_priority_and_locking);
    tcase_add_test(tp, pmp_page_uniform);
    suite_add_tcase(s, tp);
    return s;
}

VIREO_CHECK_MAIN(riscv_mmu_suite)
