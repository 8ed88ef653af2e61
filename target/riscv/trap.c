/*
 * RISC-V trap entry and return (Privileged ISA v1.12 sections 3.1.6-3.1.9,
 * 3.3.2): delegation through medeleg/mideleg, direct and vectored xtvec,
 * the xPP/xPIE/xIE stack, MRET/SRET, and which pending interrupt is taken
 * first. WFI and SFENCE.VMA legality (TW, TVM) lives here too.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "target/riscv/cpu.h"
#include "util/log.h"

#include <inttypes.h>

/*
 * Priority within one destination mode (section 3.1.9): MEI, MSI, MTI,
 * SEI, SSI, STI, then the local counter-overflow interrupt.
 */
static const int irq_priority[] = {
    IRQ_M_EXT, IRQ_M_SOFT, IRQ_M_TIMER, IRQ_S_EXT, IRQ_S_SOFT, IRQ_S_TIMER,
    IRQ_LCOF,
};

/* mip with STIP from stimecmp when Sstc is enabled (as csr.c reads it). */
static uint64_t pending_bits(const CPURISCVState *env)
{
    uint64_t mip = __atomic_load_n(&env->mip, __ATOMIC_RELAXED);

    if (riscv_env_cfg(env)->ext_sstc && (env->menvcfg & ENVCFG_STCE)) {
        mip &= ~MIP_STIP;
        if (riscv_cpu_get_time((CPURISCVState *)env) >= env->stimecmp) {
            mip |= MIP_STIP;
        }
    }
    return mip & env->mie;
}

static int highest_priority(uint64_t bits)
{
    for (size_t i = 0; i < G_N_ELEMENTS(irq_priority); i++) {
        if (bits & (1ull << irq_priority[i])) {
            return irq_priority[i];
        }
    }
    return -1;
}

int riscv_cpu_pending_interrupt(const CPURISCVState *env)
{
    uint64_t pending = pending_bits(env);
    uint64_t m_pending = pending & ~env->mideleg;
    uint64_t s_pending = pending & env->mideleg;
    bool m_enabled = env->priv < PRV_M || (env->mstatus & MSTATUS_MIE);
    bool s_enabled = env->priv < PRV_S ||
                     (env->priv == PRV_S && (env->mstatus & MSTATUS_SIE));

    /* Interrupts for a higher mode go first, whatever their number. */
    if (m_enabled && m_pending) {
        return highest_priority(m_pending);
    }
    if (s_enabled && s_pending) {
        return highest_priority(s_pending);
    }
    return -1;
}

bool riscv_cpu_has_work(const CPURISCVState *env)
{
    /* WFI resumes on any locally enabled pending interrupt (3.3.3). */
    return pending_bits(env) != 0;
}

void riscv_cpu_update_irq_request(CPURISCVState *env)
{
    CPUState *cs = CPU(riscv_env_cpu(env));

    if (pending_bits(env)) {
        cpu_interrupt(cs, CPU_INTERRUPT_HARD);
        return;
    }
    /*
     * mip changes from other threads without any common lock (a device
     * line under the BQL, the hart's own CSR writes without it). If one
     * raised a bit and set HARD after our look above, our clear would
     * erase its request and a running hart would never take the
     * interrupt. Look again after clearing: the raiser's mip update
     * precedes its set, which precedes our clear, so we see it.
     */
    cpu_reset_interrupt(cs, CPU_INTERRUPT_HARD);
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    if (pending_bits(env)) {
        cpu_interrupt(cs, CPU_INTERRUPT_HARD);
    }
}

void riscv_cpu_update_mip(CPURISCVState *env, uint64_t mask, uint64_t value)
{
    uint64_t old = __atomic_load_n(&env->mip, __ATOMIC_RELAXED);
    uint64_t new_mip;

    do {
        new_mip = (old & ~mask) | (value & mask);
    } while (!__atomic_compare_exchange_n(&env->mip, &old, new_mip, false,
                                          __ATOMIC_SEQ_CST,
                                          __ATOMIC_RELAXED));
    riscv_cpu_update_irq_request(env);
}

static void riscv_cpu_irq_handler(void *opaque, int n, int level)
{
    RISCVCPU *cpu = opaque;

    riscv_cpu_update_mip(&cpu->env, 1ull << n, level ? 1ull << n : 0);
}

IRQLine *riscv_cpu_irq_input(RISCVCPU *cpu, int irq)
{
    uint64_t inputs = M_MODE_INTERRUPTS | MIP_SEIP | MIP_STIP | MIP_SSIP;

    if (irq < 0 || irq >= (int)G_N_ELEMENTS(cpu->irq_in) ||
        !(inputs & (1ull << irq))) {
        return NULL;
    }
    if (!cpu->irq_in[irq]) {
        cpu->irq_in[irq] = irq_new(riscv_cpu_irq_handler, cpu, irq);
    }
    return cpu->irq_in[irq];
}

static uint64_t trap_vector(uint64_t tvec, bool irq, uint64_t code)
{
    uint64_t base = tvec & ~3ull;

    if (irq && (tvec & 3) == TVEC_VECTORED) {
        return base + 4 * code;
    }
    return base;
}

void riscv_cpu_do_interrupt(CPURISCVState *env, uint64_t cause,
                            uint64_t tval)
{
    bool irq = cause & RISCV_CAUSE_INTERRUPT;
    uint64_t code = cause & ~RISCV_CAUSE_INTERRUPT;
    uint64_t deleg = irq ? env->mideleg : env->medeleg;
    uint64_t s = env->mstatus;

    vireo_log_mask(LOG_INT, "riscv: %s %" PRIu64 " at pc 0x%" PRIx64
                   " priv %d tval 0x%" PRIx64 "\n",
                   irq ? "interrupt" : "exception", code, env->pc,
                   env->priv, tval);
    if (env->priv <= PRV_S && code < 64 && ((deleg >> code) & 1)) {
        s = (s & ~MSTATUS_SPIE) | ((s & MSTATUS_SIE) ? MSTATUS_SPIE : 0);
        s = (s & ~MSTATUS_SPP) | (env->priv == PRV_S ? MSTATUS_SPP : 0);
        s &= ~MSTATUS_SIE;
        env->mstatus = s;
        env->scause = cause;
        env->sepc = env->pc;
        env->stval = tval;
        env->pc = trap_vector(env->stvec, irq, code);
        env->priv = PRV_S;
    } else {
        s = (s & ~MSTATUS_MPIE) | ((s & MSTATUS_MIE) ? MSTATUS_MPIE : 0);
        s = (s & ~MSTATUS_MPP) |
            ((uint64_t)env->priv << MSTATUS_MPP_SHIFT);
        s &= ~MSTATUS_MIE;
        env->mstatus = s;
        env->mcause = cause;
        env->mepc = env->pc;
        env->mtval = tval;
        env->pc = trap_vector(env->mtvec, irq, code);
        env->priv = PRV_M;
    }
    riscv_update_tb_flags(env);
}

/* xEPC as the return address: bit 1 masked when C is off. */
static uint64_t return_address(const CPURISCVState *env, uint64_t epc)
{
    return riscv_has_ext(env, 'C') ? epc & ~1ull : epc & ~3ull;
}

RISCVException riscv_cpu_mret(CPURISCVState *env)
{
    uint64_t s = env->mstatus;
    int mpp;

    if (env->priv != PRV_M) {
        return RISCV_EXCP_ILLEGAL_INST;
    }
    mpp = (s & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT;
    s = (s & ~MSTATUS_MIE) | ((s & MSTATUS_MPIE) ? MSTATUS_MIE : 0);
    s |= MSTATUS_MPIE;
    /* MPP becomes the least-privileged supported mode. */
    s &= ~MSTATUS_MPP;
    if (!riscv_has_ext(env, 'U')) {
        s |= (uint64_t)PRV_M << MSTATUS_MPP_SHIFT;
    }
    if (mpp != PRV_M) {
        s &= ~MSTATUS_MPRV;
    }
    env->mstatus = s;
    env->priv = mpp;
    riscv_update_tb_flags(env);
    env->pc = return_address(env, env->mepc);
    /* xRET may clear the reservation; doing so keeps SC after a trap sane. */
    env->load_res = -1;
    return RISCV_EXCP_NONE;
}

RISCVException riscv_cpu_sret(CPURISCVState *env)
{
    uint64_t s = env->mstatus;
    int spp;

    if (!riscv_has_ext(env, 'S') || env->priv < PRV_S ||
        (env->priv == PRV_S && (s & MSTATUS_TSR))) {
        return RISCV_EXCP_ILLEGAL_INST;
    }
    spp = (s & MSTATUS_SPP) ? PRV_S : PRV_U;
    s = (s & ~MSTATUS_SIE) | ((s & MSTATUS_SPIE) ? MSTATUS_SIE : 0);
    s |= MSTATUS_SPIE;
    s &= ~MSTATUS_SPP;
    s &= ~MSTATUS_MPRV;         /* SPP is never M */
    env->mstatus = s;
    env->priv = spp;
    riscv_update_tb_flags(env);
    env->pc = return_address(env, env->sepc);
    env->load_res = -1;
    return RISCV_EXCP_NONE;
}

RISCVException riscv_cpu_check_wfi(const CPURISCVState *env)
{
    /*
     * TW=1 traps WFI below M; in U mode (with S present) it traps too. We
     * take the "no time limit" choice: trap at once rather than after one.
     */
    if (env->priv < PRV_M && (env->mstatus & MSTATUS_TW)) {
        return RISCV_EXCP_ILLEGAL_INST;
    }
    if (env->priv == PRV_U && riscv_has_ext(env, 'S')) {
        return RISCV_EXCP_ILLEGAL_INST;
    }
    return RISCV_EXCP_NONE;
}

RISCVException riscv_cpu_check_sfence_vma(const CPURISCVState *env)
{
    if (!riscv_has_ext(env, 'S') || env->priv == PRV_U ||
        (env->priv == PRV_S && (env->mstatus & MSTATUS_TVM))) {
        return RISCV_EXCP_ILLEGAL_INST;
    }
    return RISCV_EXCP_NONE;
}
