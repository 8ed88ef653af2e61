/*
 * What the RISC-V translator, its run-time helpers and the TCG CPU hooks
 * share inside target/riscv: the TB flag layout (the lookup key), the MMU
 * index encoding, and the helpers generated code calls.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * MMU indexes: bits 1:0 the privilege the access runs at (MPRV applied
 * for data), bit 2 mstatus.SUM, bit 3 mstatus.MXR. A change of any of
 * them selects another index instead of flushing the TLB; satp, PMP and
 * SFENCE.VMA flush.
 */
#ifndef TARGET_RISCV_INTERNAL_H
#define TARGET_RISCV_INTERNAL_H

#include "target/riscv/cpu.h"
#include "accel/tcg/tcg-cpu-ops.h"

#include <stddef.h>
#include <stdint.h>

#define RISCV_MMU_IDX_SUM 4
#define RISCV_MMU_IDX_MXR 8
#define RISCV_NB_MMU_MODES 16

/* TB flags. */
#define RISCV_TB_PRIV_SHIFT   0     /* 2 bits: env->priv */
#define RISCV_TB_MEMIDX_SHIFT 2     /* 4 bits: data MMU index */
#define RISCV_TB_FS_SHIFT     6     /* 2 bits: mstatus.FS */
#define RISCV_TB_MXL_SHIFT    8     /* 2 bits: misa.MXL */
#define RISCV_TB_MISA_SHIFT   10    /* the run-time switchable letters */
#define RISCV_TB_MISA_M       (1u << 10)
#define RISCV_TB_MISA_A       (1u << 11)
#define RISCV_TB_MISA_F       (1u << 12)
#define RISCV_TB_MISA_D       (1u << 13)
#define RISCV_TB_MISA_C       (1u << 14)
#define RISCV_TB_FRM_SHIFT    15    /* 3 bits: frm, so DYN resolves early */

extern const TCGCPUOps riscv_tcg_ops;

/*
 * The RISCVCPU of a CPUState known to be one (the env argument of every
 * helper, the CPU handed to the TCG hooks). RISCV_CPU() checks the type
 * through a hash lookup by name, which cost 85% of an FP-heavy guest's
 * time when every FP helper and TB lookup did it.
 */
static inline RISCVCPU *riscv_cpu_of(void *cs)
{
    return (RISCVCPU *)((char *)cs - offsetof(RISCVCPU, parent_obj));
}

/* The data MMU index for the current state (inline: per block lookup). */
static inline int riscv_data_mmu_index(const CPURISCVState *env)
{
    int idx = riscv_mmu_effective_priv(env, RISCV_ACCESS_LOAD);

    if (env->mstatus & MSTATUS_SUM) {
        idx |= RISCV_MMU_IDX_SUM;
    }
    if (env->mstatus & MSTATUS_MXR) {
        idx |= RISCV_MMU_IDX_MXR;
    }
    return idx;
}

/* translate.c */
void riscv_tcg_initialize(void);
void riscv_translate_code(CPUState *cpu, TranslationBlock *tb,
                          int max_insns);

/*
 * Run-time helpers (op_helper.c). env is the CPUState (the pointer
 * generated code runs with). Those that trap take the instruction bits
 * for tval where the spec wants them.
 */
G_NORETURN void helper_raise_exception(void *env, uint64_t excp,
                                       uint64_t tval);
uint64_t helper_csrrw(void *env, uint64_t csr, uint64_t val, uint64_t mask,
                      uint64_t write, uint64_t insn);
uint64_t helper_mret(void *env, uint64_t insn);
uint64_t helper_sret(void *env, uint64_t insn);
void helper_wfi(void *env, uint64_t insn, uint64_t next_pc);
/*
 * SFENCE.VMA: which says whether rs1 (bit 0) and rs2 (bit 1) are not
 * x0; vaddr and asid are their values.
 */
void helper_sfence_vma(void *env, uint64_t insn, uint64_t vaddr,
                       uint64_t asid, uint64_t which);
/* AMO: op is RISCV_AMO_* | size (MO_32 or MO_64) << 8. */
uint64_t helper_amo(void *env, uint64_t addr, uint64_t val, uint64_t op);
uint64_t helper_lr(void *env, uint64_t addr, uint64_t size);
uint64_t helper_sc(void *env, uint64_t addr, uint64_t val, uint64_t size);
void helper_cbo_zero(void *env, uint64_t addr, uint64_t insn);
void helper_cbo_check(void *env, uint64_t addr, uint64_t insn);
uint64_t helper_clmul(uint64_t a, uint64_t b);
uint64_t helper_clmulh(uint64_t a, uint64_t b);
uint64_t helper_clmulr(uint64_t a, uint64_t b);
uint64_t helper_orc_b(uint64_t a);

enum {
    RISCV_AMO_SWAP,
    RISCV_AMO_ADD,
    RISCV_AMO_XOR,
    RISCV_AMO_AND,
    RISCV_AMO_OR,
    RISCV_AMO_MIN,
    RISCV_AMO_MAX,
    RISCV_AMO_MINU,
    RISCV_AMO_MAXU,
};

/* F/D operations of helper_fp2 (desc bits 7:0). */
typedef enum RiscvFpOp {
    FP_ADD_S, FP_SUB_S, FP_MUL_S, FP_DIV_S, FP_SQRT_S, FP_MIN_S, FP_MAX_S,
    FP_EQ_S, FP_LT_S, FP_LE_S, FP_CVT_W_S, FP_CVT_WU_S, FP_CVT_L_S,
    FP_CVT_LU_S, FP_CVT_S_W, FP_CVT_S_WU, FP_CVT_S_L, FP_CVT_S_LU,
    FP_SGNJ_S, FP_SGNJN_S, FP_SGNJX_S, FP_CLASS_S,
    FP_ADD_D, FP_SUB_D, FP_MUL_D, FP_DIV_D, FP_SQRT_D, FP_MIN_D, FP_MAX_D,
    FP_EQ_D, FP_LT_D, FP_LE_D, FP_CVT_W_D, FP_CVT_WU_D, FP_CVT_L_D,
    FP_CVT_LU_D, FP_CVT_D_W, FP_CVT_D_WU, FP_CVT_D_L, FP_CVT_D_LU,
    FP_SGNJ_D, FP_SGNJN_D, FP_SGNJX_D, FP_CLASS_D,
    FP_CVT_S_D, FP_CVT_D_S,
    /* Zfa */
    FP_ROUND_S, FP_ROUNDNX_S, FP_MINM_S, FP_MAXM_S, FP_LEQ_S, FP_LTQ_S,
    FP_ROUND_D, FP_ROUNDNX_D, FP_MINM_D, FP_MAXM_D, FP_LEQ_D, FP_LTQ_D,
    FP_CVTMOD_W_D,
    /* Zfhmin */
    FP_CVT_S_H, FP_CVT_H_S, FP_CVT_D_H, FP_CVT_H_D,
} RiscvFpOp;

/*
 * F/D: desc = op | rm << 8 | insn << 16 (rm 7 = frm; a reserved mode
 * raises illegal instruction; the translator resolves both from the TB
 * flags' frm, so its calls never raise). helper_fp3 is the fused
 * multiply-add: op bits 1:0 the FPU_MULADD_* negations, bit 2 double.
 * The helper_f*_[sd] are helper_fp2's frequent operations without its
 * switch.
 */
uint64_t helper_fp2(void *env, uint64_t a, uint64_t b, uint64_t desc);
uint64_t helper_fp3(void *env, uint64_t a, uint64_t b, uint64_t c,
                    uint64_t desc);
uint64_t helper_fadd_s(void *env, uint64_t a, uint64_t b, uint64_t desc);
uint64_t helper_fsub_s(void *env, uint64_t a, uint64_t b, uint64_t desc);
uint64_t helper_fmul_s(void *env, uint64_t a, uint64_t b, uint64_t desc);
uint64_t helper_fdiv_s(void *env, uint64_t a, uint64_t b, uint64_t desc);
uint64_t helper_fadd_d(void *env, uint64_t a, uint64_t b, uint64_t desc);
uint64_t helper_fsub_d(void *env, uint64_t a, uint64_t b, uint64_t desc);
uint64_t helper_fmul_d(void *env, uint64_t a, uint64_t b, uint64_t desc);
uint64_t helper_fdiv_d(void *env, uint64_t a, uint64_t b, uint64_t desc);
uint64_t helper_fsqrt_d(void *env, uint64_t a, uint64_t b, uint64_t desc);
void helper_fs_dirty(void *env);

/*
 * Translate addr for a helper that touches memory itself (AMOs, CBO):
 * the physical address, or the guest fault raised (no return).
 */
/* CPUClass.get_phys_addr_debug: translate va for the monitor. */
bool riscv_cpu_get_phys_addr_debug(CPUState *cs, uint64_t va, uint64_t *pa);
/* CPUClass.disas_insn and dump_mmu (monitor.c): for the human monitor. */
int riscv_cpu_disas_insn(CPUState *cs, uint64_t pc, const uint8_t *code,
                         size_t len, char *buf, size_t size);
void riscv_cpu_dump_mmu(CPUState *cs, FILE *f);
uint64_t riscv_probe_phys(CPUState *cs, uint64_t addr, MMUAccessType type,
                          int size, uintptr_t retaddr);

/*
 * accel/tcg's store-watch hook (op_helper.c): a store to [phys, phys +
 * len) breaks the reservations it overlaps; true while any hart still
 * holds one in that page.
 */
bool riscv_store_watch_hook(uint64_t phys, unsigned len);

/* The tval an exception raised from generated code carries. */
void riscv_set_pending_tval(CPUState *cpu, uint64_t tval);

#endif
