/*
 * The RISC-V CPU's hooks for the TCG execution loop: the TB lookup key,
 * interrupt and exception delivery through trap.c, the page walker
 * (riscv_mmu_translate over the physical address space) for TLB fills,
 * misaligned and bus-error faults, and -d in_asm through riscv_disas.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "internal.h"
#include "accel/tcg/cpu-exec.h"
#include "softmmu/memory-system.h"
#include "target/riscv/disas.h"

#include <inttypes.h>

static CPURISCVState *cpu_env(CPUState *cs)
{
    return &riscv_cpu_of(cs)->env;
}

void riscv_set_pending_tval(CPUState *cpu, uint64_t tval)
{
    riscv_cpu_of(cpu)->pending_tval = tval;
}

/*
 * Every indirect jump asks for the key: the flags are the cached ones.
 * Sanitizer and debug builds define RISCV_CHECK_TB_FLAGS to catch a
 * writer that forgot riscv_update_tb_flags().
 */
static void riscv_get_tb_cpu_state(CPUState *cs, uint64_t *pc,
                                   uint64_t *cs_base, uint32_t *flags)
{
    CPURISCVState *env = cpu_env(cs);

#ifdef RISCV_CHECK_TB_FLAGS
    g_assert(env->tb_flags == riscv_compute_tb_flags(env));
#endif
    *pc = env->pc;
    *cs_base = 0;
    *flags = env->tb_flags;
}

/* tb_pc_offset and tb_flags_offset count from the CPUState */
G_STATIC_ASSERT(offsetof(RISCVCPU, parent_obj) == 0);

static void riscv_synchronize_from_tb(CPUState *cs,
                                      const TranslationBlock *tb)
{
    cpu_env(cs)->pc = tb->pc;
}

static void riscv_restore_state_to_opc(CPUState *cs, uint64_t pc)
{
    cpu_env(cs)->pc = pc;
}

static bool riscv_cpu_exec_interrupt(CPUState *cs, unsigned request)
{
    CPURISCVState *env = cpu_env(cs);
    int irq;

    if (!(request & CPU_INTERRUPT_HARD)) {
        return false;
    }
    irq = riscv_cpu_pending_interrupt(env);
    if (irq < 0) {
        return false;
    }
    riscv_cpu_do_interrupt(env, RISCV_CAUSE_INTERRUPT | (uint64_t)irq, 0);
    return true;
}

static void riscv_tcg_do_interrupt(CPUState *cs)
{
    RISCVCPU *cpu = riscv_cpu_of(cs);
    int excp = tcg_cpu_exception_index(cs);

    riscv_cpu_do_interrupt(&cpu->env, (uint64_t)excp, cpu->pending_tval);
    cpu->pending_tval = 0;
}

/* --- the page walker's view of physical memory --- */

static bool phys_read64(void *opaque, uint64_t pa, uint64_t *val)
{
    MemTxResult r;

    *val = address_space_ldq_le(opaque, pa, MEMTXATTRS_UNSPECIFIED, &r);
    return r == MEMTX_OK;
}

static bool phys_cmpxchg64(void *opaque, uint64_t pa, uint64_t expected,
                           uint64_t new_val, uint64_t *seen)
{
    hwaddr len = 8;
    uint64_t *p = address_space_map(opaque, pa, &len, true,
                                    MEMTXATTRS_UNSPECIFIED);

    if (!p || len < 8 || (pa & 7)) {
        if (p) {
            address_space_unmap(opaque, p, len, true, 0);
        }
        return false;
    }
    *seen = expected;
    if (!__atomic_compare_exchange_n(p, seen, new_val, false,
                                     __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
        /* *seen now holds what the other writer left. */
    }
    address_space_unmap(opaque, p, len, true, 8);
    return true;
}

static RISCVException riscv_translate_access(CPUState *cs, uint64_t addr,
                                             MMUAccessType type, int size,
                                             RISCVTranslation *out)
{
    RISCVPhysOps ops = {
        .read64 = phys_read64,
        .cmpxchg64 = phys_cmpxchg64,
        .opaque = address_space_memory(),
    };

    return riscv_mmu_translate(cpu_env(cs), &ops, addr,
                               (RISCVAccessType)type, size, out);
}

/* The debug walk sets no A/D bit: its "update" always succeeds, unwritten. */
static bool phys_cmpxchg64_debug(void *opaque, uint64_t pa, uint64_t expected,
                                 uint64_t new_val, uint64_t *seen)
{
    *seen = expected;
    return true;
}

bool riscv_cpu_get_phys_addr_debug(CPUState *cs, uint64_t va, uint64_t *pa)
{
    RISCVPhysOps ops = {
        .read64 = phys_read64,
        .cmpxchg64 = phys_cmpxchg64_debug,
        .opaque = address_space_memory(),
    };
    RISCVTranslation t;

    if (riscv_mmu_translate(cpu_env(cs), &ops, va, RISCV_ACCESS_LOAD, 1,
                            &t) != RISCV_EXCP_NONE) {
        return false;
    }
    *pa = t.pa;
    return true;
}

static bool riscv_tlb_fill(CPUState *cs, uint64_t addr, MMUAccessType type,
                           int mmu_idx, bool probe, TCGTLBFill *out,
                           uintptr_t retaddr)
{
    RISCVTranslation t;
    RISCVException ex = riscv_translate_access(cs, addr, type, 1, &t);

    if (ex == RISCV_EXCP_NONE) {
        out->phys = t.pa & ~0xfffull;
        out->prot = t.prot;
        /*
         * PMP may cut a page; the walk checked only the byte asked for,
         * so a page PMP does not treat uniformly is filled for the one
         * access (once), and PMP changes flush the TLB.
         * The leaf's real size is still reported: SFENCE.VMA by an
         * address anywhere in a superpage must drop every 4 KiB entry
         * made from it, and accel/tcg tracks that range from this.
         */
        out->lg_page_size = t.level_shift > 12 ? t.level_shift : 12;
        /* A PMP region smaller than the page: no caching of the page. */
        out->once = t.pmp_partial;
        out->attrs = MEMTXATTRS_UNSPECIFIED;
        return true;
    }
    if (probe) {
        return false;
    }
    riscv_set_pending_tval(cs, addr);
    tcg_cpu_raise_exception(cs, ex, retaddr);
}

uint64_t riscv_probe_phys(CPUState *cs, uint64_t addr, MMUAccessType type,
                          int size, uintptr_t retaddr)
{
    RISCVTranslation t;
    RISCVException ex = riscv_translate_access(cs, addr, type, size, &t);

    if (ex != RISCV_EXCP_NONE) {
        riscv_set_pending_tval(cs, addr);
        tcg_cpu_raise_exception(cs, ex, retaddr);
    }
    return t.pa;
}

static int riscv_mmu_index_code(CPUState *cs)
{
    return cpu_env(cs)->priv;
}

static void riscv_do_unaligned_access(CPUState *cs, uint64_t addr,
                                      MMUAccessType type, int mmu_idx,
                                      uintptr_t retaddr)
{
    static const int causes[] = {
        [MMU_DATA_LOAD] = RISCV_EXCP_LOAD_ADDR_MIS,
        [MMU_DATA_STORE] = RISCV_EXCP_STORE_AMO_ADDR_MIS,
        [MMU_INST_FETCH] = RISCV_EXCP_INST_ADDR_MIS,
    };

    riscv_set_pending_tval(cs, addr);
    tcg_cpu_raise_exception(cs, causes[type], retaddr);
}

static void riscv_do_transaction_failed(CPUState *cs, uint64_t phys,
                                        uint64_t addr, MMUAccessType type,
                                        int mmu_idx, uintptr_t retaddr)
{
    static const int causes[] = {
        [MMU_DATA_LOAD] = RISCV_EXCP_LOAD_ACCESS_FAULT,
        [MMU_DATA_STORE] = RISCV_EXCP_STORE_AMO_ACCESS_FAULT,
        [MMU_INST_FETCH] = RISCV_EXCP_INST_ACCESS_FAULT,
    };

    riscv_set_pending_tval(cs, addr);
    tcg_cpu_raise_exception(cs, causes[type], retaddr);
}

static void riscv_disas_log(CPUState *cs, FILE *f, uint64_t pc,
                            uint32_t size)
{
    int mmu = riscv_mmu_index_code(cs);
    uint32_t off = 0;

    while (off < size) {
        char buf[128];
        uint32_t insn = (uint32_t)tcg_cpu_ld(cs, pc + off, MO_UW, mmu, 0);
        int len;

        if ((insn & 3) == 3) {
            insn |= (uint32_t)tcg_cpu_ld(cs, pc + off + 2, MO_UW, mmu, 0)
                    << 16;
        }
        len = riscv_disas(buf, sizeof(buf), pc + off, insn);
        if (len == 2) {
            fprintf(f, "0x%016" PRIx64 ":  %04x          %s\n", pc + off,
                    insn & 0xffff, buf);
        } else {
            fprintf(f, "0x%016" PRIx64 ":  %08x      %s\n", pc + off, insn,
                    buf);
        }
        off += len > 0 ? (uint32_t)len : 2;
    }
}

const TCGCPUOps riscv_tcg_ops = {
    .initialize = riscv_tcg_initialize,
    .translate_code = riscv_translate_code,
    .get_tb_cpu_state = riscv_get_tb_cpu_state,
    .tb_pc_offset = offsetof(RISCVCPU, env.pc),
    .tb_flags_offset = offsetof(RISCVCPU, env.tb_flags),
    .synchronize_from_tb = riscv_synchronize_from_tb,
    .restore_state_to_opc = riscv_restore_state_to_opc,
    .cpu_exec_interrupt = riscv_cpu_exec_interrupt,
    .do_interrupt = riscv_tcg_do_interrupt,
    .tlb_fill = riscv_tlb_fill,
    .mmu_index_code = riscv_mmu_index_code,
    .do_unaligned_access = riscv_do_unaligned_access,
    .do_transaction_failed = riscv_do_transaction_failed,
    .disas_log = riscv_disas_log,
    .page_bits = 12,
    .nb_mmu_modes = RISCV_NB_MMU_MODES,
};
