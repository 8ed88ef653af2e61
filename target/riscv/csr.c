/*
 * The RISC-V CSR file: Privileged ISA v1.12 chapters 2-4 (plus Zicntr,
 * Sstc and the CMO bits of menvcfg/senvcfg). Each CSR has a predicate (does
 * it exist, may this mode touch it), a read and a write; writes legalise
 * WARL fields the way the spec allows: unsupported values keep the old
 * field (mtvec mode, MPP, satp mode) or are masked away.
 *
 * Access rules common to all (section 2.1): bits 11:10 == 3 mark a
 * read-only CSR, bits 9:8 the lowest privilege that may access it.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "target/riscv/cpu.h"
#include "internal.h"
#include "accel/tcg/user.h"

#include <time.h>

typedef RISCVException CSRPredicate(CPURISCVState *env, int csrno);
typedef RISCVException CSRRead(CPURISCVState *env, int csrno,
                               uint64_t *val);
typedef RISCVException CSRWrite(CPURISCVState *env, int csrno,
                                uint64_t val);

typedef struct CSROps {
    CSRPredicate *pred;
    CSRRead *read;
    CSRWrite *write;            /* NULL: writes ignored (WARL zero) */
} CSROps;

/* --- predicates --- */

static RISCVException pred_any(CPURISCVState *env, int csrno)
{
    return RISCV_EXCP_NONE;
}

static RISCVException pred_smode(CPURISCVState *env, int csrno)
{
    return riscv_has_ext(env, 'S') ? RISCV_EXCP_NONE
                                   : RISCV_EXCP_ILLEGAL_INST;
}

static RISCVException pred_fp(CPURISCVState *env, int csrno)
{
    if (!riscv_has_ext(env, 'F') || !riscv_fs_enabled(env)) {
        return RISCV_EXCP_ILLEGAL_INST;
    }
    return RISCV_EXCP_NONE;
}

/* Zicntr and hpmcounters from below M: mcounteren, then scounteren. */
static RISCVException pred_counter(CPURISCVState *env, int csrno)
{
    uint32_t bit = 1u << (csrno & 31);

    if (!riscv_env_cfg(env)->ext_zicntr && csrno <= CSR_INSTRET) {
        return RISCV_EXCP_ILLEGAL_INST;
    }
    if (env->priv < PRV_M && !(env->mcounteren & bit)) {
        return RISCV_EXCP_ILLEGAL_INST;
    }
    if (env->priv == PRV_U && riscv_has_ext(env, 'S') &&
        !(env->scounteren & bit)) {
        return RISCV_EXCP_ILLEGAL_INST;
    }
    return RISCV_EXCP_NONE;
}

static RISCVException pred_satp(CPURISCVState *env, int csrno)
{
    if (!riscv_has_ext(env, 'S')) {
        return RISCV_EXCP_ILLEGAL_INST;
    }
    if (env->priv == PRV_S && (env->mstatus & MSTATUS_TVM)) {
        return RISCV_EXCP_ILLEGAL_INST;
    }
    return RISCV_EXCP_NONE;
}

static RISCVException pred_sstc(CPURISCVState *env, int csrno)
{
    if (!riscv_env_cfg(env)->ext_sstc || !riscv_has_ext(env, 'S')) {
        return RISCV_EXCP_ILLEGAL_INST;
    }
    if (env->priv < PRV_M && (!(env->menvcfg & ENVCFG_STCE) ||
                              !(env->mcounteren & COUNTEREN_TM))) {
        return RISCV_EXCP_ILLEGAL_INST;
    }
    return RISCV_EXCP_NONE;
}

static RISCVException pred_pmpcfg(CPURISCVState *env, int csrno)
{
    /* RV64 has only the even-numbered pmpcfg registers. */
    return (csrno & 1) ? RISCV_EXCP_ILLEGAL_INST : RISCV_EXCP_NONE;
}

/* --- helpers --- */

bool riscv_fs_enabled(const CPURISCVState *env)
{
    return (env->mstatus & MSTATUS_FS) != 0;
}

uint32_t riscv_compute_tb_flags(const CPURISCVState *env)
{
    uint32_t f;

    f = (uint32_t)env->priv << RISCV_TB_PRIV_SHIFT;
    f |= (uint32_t)riscv_data_mmu_index(env) << RISCV_TB_MEMIDX_SHIFT;
    f |= (uint32_t)((env->mstatus & MSTATUS_FS) >> MSTATUS_FS_SHIFT)
         << RISCV_TB_FS_SHIFT;
    f |= (uint32_t)env->mxl << RISCV_TB_MXL_SHIFT;
    f |= (uint32_t)(env->frm & 7) << RISCV_TB_FRM_SHIFT;
    f |= riscv_has_ext(env, 'M') ? RISCV_TB_MISA_M : 0;
    f |= riscv_has_ext(env, 'A') ? RISCV_TB_MISA_A : 0;
    f |= riscv_has_ext(env, 'F') ? RISCV_TB_MISA_F : 0;
    f |= riscv_has_ext(env, 'D') ? RISCV_TB_MISA_D : 0;
    f |= riscv_has_ext(env, 'C') ? RISCV_TB_MISA_C : 0;
    return f;
}

void riscv_update_tb_flags(CPURISCVState *env)
{
    env->tb_flags = riscv_compute_tb_flags(env);
}

void riscv_fs_mark_dirty(CPURISCVState *env)
{
    if ((env->mstatus & MSTATUS_FS) != MSTATUS_FS) {
        env->mstatus |= MSTATUS_FS;
        riscv_update_tb_flags(env);
    }
}

uint64_t riscv_cpu_get_time(CPURISCVState *env)
{
    return env->rdtime_fn ? env->rdtime_fn(env->rdtime_opaque) : 0;
}

void riscv_cpu_sstc_update(CPURISCVState *env)
{
    RISCVCPU *cpu = riscv_env_cpu(env);

    if (cpu->stimer) {
        timer_del(cpu->stimer);
        if (riscv_env_cfg(env)->ext_sstc && (env->menvcfg & ENVCFG_STCE) &&
            env->time_deadline_fn &&
            riscv_cpu_get_time(env) < env->stimecmp) {
            timer_mod(cpu->stimer,
                      env->time_deadline_fn(env->rdtime_opaque,
                                            env->stimecmp));
        }
    }
    riscv_cpu_update_irq_request(env);
}

/* mip as software sees it: with Sstc on, STIP follows stimecmp. */
static uint64_t mip_effective(CPURISCVState *env)
{
    uint64_t mip = __atomic_load_n(&env->mip, __ATOMIC_RELAXED);

    if (riscv_env_cfg(env)->ext_sstc && (env->menvcfg & ENVCFG_STCE)) {
        mip &= ~MIP_STIP;
        if (riscv_cpu_get_time(env) >= env->stimecmp) {
            mip |= MIP_STIP;
        }
    }
    return mip;
}

static uint64_t mstatus_with_sd(uint64_t s)
{
    s &= ~MSTATUS_SD;
    if ((s & MSTATUS_FS) == MSTATUS_FS || (s & MSTATUS_XS) == MSTATUS_XS ||
        (s & MSTATUS_VS) == MSTATUS_VS) {
        s |= MSTATUS_SD;
    }
    return s;
}

static bool priv_supported(CPURISCVState *env, int priv)
{
    switch (priv) {
    case PRV_M:
        return true;
    case PRV_S:
        return riscv_has_ext(env, 'S');
    case PRV_U:
        return riscv_has_ext(env, 'U');
    default:
        return false;
    }
}

/* --- mstatus, sstatus, misa --- */

static RISCVException read_mstatus(CPURISCVState *env, int csrno,
                                   uint64_t *val)
{
    *val = mstatus_with_sd(env->mstatus);
    return RISCV_EXCP_NONE;
}

static RISCVException write_mstatus(CPURISCVState *env, int csrno,
                                    uint64_t val)
{
    uint64_t mask = MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP;
    uint64_t mpp = (val & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT;

    if (riscv_has_ext(env, 'S')) {
        mask |= MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_SUM |
                MSTATUS_MXR | MSTATUS_TVM | MSTATUS_TSR;
    }
    if (riscv_has_ext(env, 'U')) {
        mask |= MSTATUS_MPRV | MSTATUS_TW;
    }
    if (riscv_has_ext(env, 'F')) {
        mask |= MSTATUS_FS;
    }
    if (!priv_supported(env, mpp)) {
        /* WARL: an unsupported mode leaves MPP as it was. */
        mask &= ~MSTATUS_MPP;
    }
    env->mstatus = (env->mstatus & ~mask) | (val & mask);
    return RISCV_EXCP_NONE;
}

static RISCVException read_sstatus(CPURISCVState *env, int csrno,
                                   uint64_t *val)
{
    *val = mstatus_with_sd(env->mstatus) & SSTATUS_MASK;
    return RISCV_EXCP_NONE;
}

static RISCVException write_sstatus(CPURISCVState *env, int csrno,
                                    uint64_t val)
{
    uint64_t mask = MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_SUM |
                    MSTATUS_MXR;

    if (riscv_has_ext(env, 'F')) {
        mask |= MSTATUS_FS;
    }
    env->mstatus = (env->mstatus & ~mask) | (val & mask);
    return RISCV_EXCP_NONE;
}

static RISCVException read_misa(CPURISCVState *env, int csrno,
                                uint64_t *val)
{
    *val = ((uint64_t)env->mxl << 62) | env->misa_ext;
    return RISCV_EXCP_NONE;
}

/* --- delegation and interrupts --- */

/* Exceptions that may go to S: all defined ones but ecall from M. */
#define MEDELEG_WRITABLE ((1ull << RISCV_EXCP_INST_ADDR_MIS) | \
                          (1ull << RISCV_EXCP_INST_ACCESS_FAULT) | \
                          (1ull << RISCV_EXCP_ILLEGAL_INST) | \
                          (1ull << RISCV_EXCP_BREAKPOINT) | \
                          (1ull << RISCV_EXCP_LOAD_ADDR_MIS) | \
                          (1ull << RISCV_EXCP_LOAD_ACCESS_FAULT) | \
                          (1ull << RISCV_EXCP_STORE_AMO_ADDR_MIS) | \
                          (1ull << RISCV_EXCP_STORE_AMO_ACCESS_FAULT) | \
                          (1ull << RISCV_EXCP_U_ECALL) | \
                          (1ull << RISCV_EXCP_S_ECALL) | \
                          (1ull << RISCV_EXCP_INST_PAGE_FAULT) | \
                          (1ull << RISCV_EXCP_LOAD_PAGE_FAULT) | \
                          (1ull << RISCV_EXCP_STORE_PAGE_FAULT))

static RISCVException read_medeleg(CPURISCVState *env, int csrno,
                                   uint64_t *val)
{
    *val = env->medeleg;
    return RISCV_EXCP_NONE;
}

static RISCVException write_medeleg(CPURISCVState *env, int csrno,
                                    uint64_t val)
{
    env->medeleg = val & MEDELEG_WRITABLE;
    return RISCV_EXCP_NONE;
}

static RISCVException read_mideleg(CPURISCVState *env, int csrno,
                                   uint64_t *val)
{
    *val = env->mideleg;
    return RISCV_EXCP_NONE;
}

static RISCVException write_mideleg(CPURISCVState *env, int csrno,
                                    uint64_t val)
{
    env->mideleg = val & S_MODE_INTERRUPTS;
    return RISCV_EXCP_NONE;
}

static uint64_t mie_writable(CPURISCVState *env)
{
    return M_MODE_INTERRUPTS |
           (riscv_has_ext(env, 'S') ? S_MODE_INTERRUPTS : 0);
}

static RISCVException read_mie(CPURISCVState *env, int csrno, uint64_t *val)
{
    *val = env->mie;
    return RISCV_EXCP_NONE;
}

static RISCVException write_mie(CPURISCVState *env, int csrno, uint64_t val)
{
    env->mie = val & mie_writable(env);
    riscv_cpu_update_irq_request(env);
    return RISCV_EXCP_NONE;
}

static RISCVException read_mip(CPURISCVState *env, int csrno, uint64_t *val)
{
    *val = mip_effective(env);
    return RISCV_EXCP_NONE;
}

static RISCVException write_mip(CPURISCVState *env, int csrno, uint64_t val)
{
    /*
     * M software may set the S-level pending bits; the M-level ones are
     * driven by the ACLINT and PLIC only, and STIP by stimecmp under Sstc.
     */
    uint64_t mask = riscv_has_ext(env, 'S')
                    ? (MIP_SSIP | MIP_STIP | MIP_SEIP) : 0;

    if (riscv_env_cfg(env)->ext_sstc && (env->menvcfg & ENVCFG_STCE)) {
        mask &= ~MIP_STIP;
    }
    riscv_cpu_update_mip(env, mask, val);
    return RISCV_EXCP_NONE;
}

static RISCVException read_sie(CPURISCVState *env, int csrno, uint64_t *val)
{
    *val = env->mie & env->mideleg;
    return RISCV_EXCP_NONE;
}

static RISCVException write_sie(CPURISCVState *env, int csrno, uint64_t val)
{
    uint64_t mask = env->mideleg & S_MODE_INTERRUPTS;

    env->mie = (env->mie & ~mask) | (val & mask);
    riscv_cpu_update_irq_request(env);
    return RISCV_EXCP_NONE;
}

static RISCVException read_sip(CPURISCVState *env, int csrno, uint64_t *val)
{
    *val = mip_effective(env) & env->mideleg;
    return RISCV_EXCP_NONE;
}

static RISCVException write_sip(CPURISCVState *env, int csrno, uint64_t val)
{
    /* Only SSIP is writable through sip, and only when delegated. */
    uint64_t mask = env->mideleg & MIP_SSIP;

    riscv_cpu_update_mip(env, mask, val);
    return RISCV_EXCP_NONE;
}

/* --- trap setup and handling registers --- */

static uint64_t *tvec_reg(CPURISCVState *env, int csrno)
{
    return csrno == CSR_MTVEC ? &env->mtvec : &env->stvec;
}

static RISCVException read_tvec(CPURISCVState *env, int csrno,
                                uint64_t *val)
{
    *val = *tvec_reg(env, csrno);
    return RISCV_EXCP_NONE;
}

static RISCVException write_tvec(CPURISCVState *env, int csrno,
                                 uint64_t val)
{
    uint64_t *reg = tvec_reg(env, csrno);
    uint64_t mode = val & 3;

    if (mode > TVEC_VECTORED) {
        /* Reserved mode: WARL keeps the old mode, takes the new base. */
        mode = *reg & 3;
    }
    *reg = (val & ~3ull) | mode;
    return RISCV_EXCP_NONE;
}

static uint64_t *epc_reg(CPURISCVState *env, int csrno)
{
    return csrno == CSR_MEPC ? &env->mepc : &env->sepc;
}

static RISCVException read_epc(CPURISCVState *env, int csrno, uint64_t *val)
{
    uint64_t v = *epc_reg(env, csrno);

    /* With IALIGN=32 (no C), bit 1 reads as zero. */
    *val = riscv_has_ext(env, 'C') ? v : v & ~3ull;
    return RISCV_EXCP_NONE;
}

static RISCVException write_epc(CPURISCVState *env, int csrno, uint64_t val)
{
    *epc_reg(env, csrno) = val & ~1ull;
    return RISCV_EXCP_NONE;
}

/* Plain read/write registers, by CSR number. */
static uint64_t *plain_reg(CPURISCVState *env, int csrno)
{
    switch (csrno) {
    case CSR_MCAUSE: return &env->mcause;
    case CSR_MTVAL: return &env->mtval;
    case CSR_MSCRATCH: return &env->mscratch;
    case CSR_SCAUSE: return &env->scause;
    case CSR_STVAL: return &env->stval;
    case CSR_SSCRATCH: return &env->sscratch;
    case CSR_MHARTID: return &env->mhartid;
    case CSR_MVENDORID: return &env->mvendorid;
    case CSR_MARCHID: return &env->marchid;
    case CSR_MIMPID: return &env->mimpid;
    default: g_assert_not_reached();
    }
}

static RISCVException read_plain(CPURISCVState *env, int csrno,
                                 uint64_t *val)
{
    *val = *plain_reg(env, csrno);
    return RISCV_EXCP_NONE;
}

static RISCVException write_plain(CPURISCVState *env, int csrno,
                                  uint64_t val)
{
    *plain_reg(env, csrno) = val;
    return RISCV_EXCP_NONE;
}

static RISCVException read_zero(CPURISCVState *env, int csrno,
                                uint64_t *val)
{
    *val = 0;
    return RISCV_EXCP_NONE;
}

static RISCVException write_ignore(CPURISCVState *env, int csrno,
                                   uint64_t val)
{
    return RISCV_EXCP_NONE;
}

/* --- counters --- */

static RISCVException read_counteren(CPURISCVState *env, int csrno,
                                     uint64_t *val)
{
    *val = csrno == CSR_MCOUNTEREN ? env->mcounteren : env->scounteren;
    return RISCV_EXCP_NONE;
}

static RISCVException write_counteren(CPURISCVState *env, int csrno,
                                      uint64_t val)
{
    /* All 32 bits are writable: hpmcounters exist and read zero. */
    if (csrno == CSR_MCOUNTEREN) {
        env->mcounteren = (uint32_t)val;
    } else {
        env->scounteren = (uint32_t)val;
    }
    return RISCV_EXCP_NONE;
}

static RISCVException read_mcountinhibit(CPURISCVState *env, int csrno,
                                         uint64_t *val)
{
    *val = env->mcountinhibit;
    return RISCV_EXCP_NONE;
}

static RISCVException write_mcountinhibit(CPURISCVState *env, int csrno,
                                          uint64_t val)
{
    /* Bit 1 (time) is read-only zero. */
    env->mcountinhibit = (uint32_t)val & ~COUNTEREN_TM;
    return RISCV_EXCP_NONE;
}

static RISCVException read_mcounter(CPURISCVState *env, int csrno,
                                    uint64_t *val)
{
    *val = csrno == CSR_MCYCLE ? riscv_cpu_mcycle(env) : env->minstret;
    return RISCV_EXCP_NONE;
}

/* Either counter: the other keeps its value (mcycle_delta absorbs it). */
static RISCVException write_mcounter(CPURISCVState *env, int csrno,
                                     uint64_t val)
{
    uint64_t cycle = riscv_cpu_mcycle(env);

    if (csrno == CSR_MCYCLE) {
        cycle = val;
    } else {
        env->minstret = val;
    }
    env->mcycle_delta = cycle - env->minstret;
    return RISCV_EXCP_NONE;
}

/*
 * User mode does not count instructions (translate.c): cycle and instret
 * read the host's monotonic clock in nanoseconds, which goes forward as
 * a program's busy-wait on them expects.
 */
static uint64_t user_counter(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static RISCVException read_counter(CPURISCVState *env, int csrno,
                                   uint64_t *val)
{
    switch (csrno) {
    case CSR_CYCLE:
        *val = tcg_user_active() ? user_counter() : riscv_cpu_mcycle(env);
        break;
    case CSR_TIME:
        *val = riscv_cpu_get_time(env);
        break;
    case CSR_INSTRET:
        *val = tcg_user_active() ? user_counter() : env->minstret;
        break;
    default:
        *val = 0;               /* hpmcounter3..31 */
        break;
    }
    return RISCV_EXCP_NONE;
}

static RISCVException read_stimecmp(CPURISCVState *env, int csrno,
                                    uint64_t *val)
{
    *val = env->stimecmp;
    return RISCV_EXCP_NONE;
}

static RISCVException write_stimecmp(CPURISCVState *env, int csrno,
                                     uint64_t val)
{
    env->stimecmp = val;
    riscv_cpu_sstc_update(env);
    return RISCV_EXCP_NONE;
}

/* --- environment configuration --- */

static uint64_t envcfg_mask(CPURISCVState *env, bool machine)
{
    const RISCVCPUConfig *cfg = riscv_env_cfg(env);
    uint64_t mask = ENVCFG_FIOM;

    if (cfg->ext_zicbom) {
        mask |= ENVCFG_CBIE | ENVCFG_CBCFE;
    }
    if (cfg->ext_zicboz) {
        mask |= ENVCFG_CBZE;
    }
    if (machine && cfg->ext_sstc) {
        mask |= ENVCFG_STCE;
    }
    return mask;
}

static RISCVException read_envcfg(CPURISCVState *env, int csrno,
                                  uint64_t *val)
{
    *val = csrno == CSR_MENVCFG ? env->menvcfg : env->senvcfg;
    return RISCV_EXCP_NONE;
}

static RISCVException write_envcfg(CPURISCVState *env, int csrno,
                                   uint64_t val)
{
    bool machine = csrno == CSR_MENVCFG;
    uint64_t *reg = machine ? &env->menvcfg : &env->senvcfg;
    uint64_t mask = envcfg_mask(env, machine);

    if ((val & ENVCFG_CBIE) == (2ull << 4)) {
        /* CBIE=2 is reserved: keep the old field. */
        mask &= ~ENVCFG_CBIE;
    }
    *reg = (*reg & ~mask) | (val & mask);
    if (machine) {
        riscv_cpu_sstc_update(env);     /* STCE may have changed */
    }
    return RISCV_EXCP_NONE;
}

/* --- FP --- */

static RISCVException read_fp(CPURISCVState *env, int csrno, uint64_t *val)
{
    switch (csrno) {
    case CSR_FFLAGS:
        *val = env->fflags;
        break;
    case CSR_FRM:
        *val = env->frm;
        break;
    default:
        *val = env->fflags | env->frm << FSR_RD_SHIFT;
        break;
    }
    return RISCV_EXCP_NONE;
}

static RISCVException write_fp(CPURISCVState *env, int csrno, uint64_t val)
{
    switch (csrno) {
    case CSR_FFLAGS:
        env->fflags = val & FSR_AEXC;
        break;
    case CSR_FRM:
        env->frm = val & 7;
        break;
    default:
        env->fflags = val & FSR_AEXC;
        env->frm = (val >> FSR_RD_SHIFT) & 7;
        break;
    }
    riscv_fs_mark_dirty(env);
    return RISCV_EXCP_NONE;
}

/* --- satp --- */

static RISCVException read_satp(CPURISCVState *env, int csrno,
                                uint64_t *val)
{
    *val = env->satp;
    return RISCV_EXCP_NONE;
}

static bool satp_mode_supported(CPURISCVState *env, unsigned mode)
{
    const RISCVCPUConfig *cfg = riscv_env_cfg(env);

    switch (mode) {
    case SATP_MODE_BARE:
        return true;
    case SATP_MODE_SV39:
        return cfg->mmu && cfg->sv39;
    case SATP_MODE_SV48:
        return cfg->mmu && cfg->sv48;
    case SATP_MODE_SV57:
        return cfg->mmu && cfg->sv57;
    default:
        return false;
    }
}

static RISCVException write_satp(CPURISCVState *env, int csrno,
                                 uint64_t val)
{
    unsigned mode = val >> SATP64_MODE_SHIFT;

    /* An unsupported mode makes the whole write have no effect. */
    if (satp_mode_supported(env, mode)) {
        env->satp = val;
    }
    return RISCV_EXCP_NONE;
}

/* --- PMP --- */

static RISCVException read_pmpcfg(CPURISCVState *env, int csrno,
                                  uint64_t *val)
{
    *val = riscv_pmpcfg_read(env, csrno - CSR_PMPCFG0);
    return RISCV_EXCP_NONE;
}

static RISCVException write_pmpcfg(CPURISCVState *env, int csrno,
                                   uint64_t val)
{
    riscv_pmpcfg_write(env, csrno - CSR_PMPCFG0, val);
    return RISCV_EXCP_NONE;
}

static RISCVException read_pmpaddr(CPURISCVState *env, int csrno,
                                   uint64_t *val)
{
    *val = riscv_pmpaddr_read(env, csrno - CSR_PMPADDR0);
    return RISCV_EXCP_NONE;
}

static RISCVException write_pmpaddr(CPURISCVState *env, int csrno,
                                    uint64_t val)
{
    riscv_pmpaddr_write(env, csrno - CSR_PMPADDR0, val);
    return RISCV_EXCP_NONE;
}

/*
 * --- trigger module (Sdtrig), with no triggers ---
 * The CSRs exist so that software probing for triggers (debuggers,
 * riscv-tests' breakpoint test) finds none instead of trapping: tselect
 * holds only 0, tdata1 reads type 0 ("no trigger at this tselect"),
 * tdata2/tdata3 read 0, and tinfo reads 1 (only type 0 "supported"), as
 * the Debug spec 1.0 (5.7) asks of a tselect without a trigger. Writes
 * are ignored, which keeps every field at its one legal value.
 */
static RISCVException read_tinfo(CPURISCVState *env, int csrno,
                                 uint64_t *val)
{
    *val = 1;
    return RISCV_EXCP_NONE;
}

/* --- the table --- */

static const CSROps csr_ops[4096] = {
    [CSR_FFLAGS] = { pred_fp, read_fp, write_fp },
    [CSR_FRM] = { pred_fp, read_fp, write_fp },
    [CSR_FCSR] = { pred_fp, read_fp, write_fp },
    [CSR_CYCLE ... CSR_HPMCOUNTER31] = { pred_counter, read_counter, NULL },

    [CSR_SSTATUS] = { pred_smode, read_sstatus, write_sstatus },
    [CSR_SIE] = { pred_smode, read_sie, write_sie },
    [CSR_STVEC] = { pred_smode, read_tvec, write_tvec },
    [CSR_SCOUNTEREN] = { pred_smode, read_counteren, write_counteren },
    [CSR_SENVCFG] = { pred_smode, read_envcfg, write_envcfg },
    [CSR_SSCRATCH] = { pred_smode, read_plain, write_plain },
    [CSR_SEPC] = { pred_smode, read_epc, write_epc },
    [CSR_SCAUSE] = { pred_smode, read_plain, write_plain },
    [CSR_STVAL] = { pred_smode, read_plain, write_plain },
    [CSR_SIP] = { pred_smode, read_sip, write_sip },
    [CSR_STIMECMP] = { pred_sstc, read_stimecmp, write_stimecmp },
    [CSR_SATP] = { pred_satp, read_satp, write_satp },

    [CSR_MVENDORID] = { pred_any, read_plain, NULL },
    [CSR_MARCHID] = { pred_any, read_plain, NULL },
    [CSR_MIMPID] = { pred_any, read_plain, NULL },
    [CSR_MHARTID] = { pred_any, read_plain, NULL },
    [CSR_MCONFIGPTR] = { pred_any, read_zero, NULL },
    [CSR_MSTATUS] = { pred_any, read_mstatus, write_mstatus },
    [CSR_MISA] = { pred_any, read_misa, write_ignore },
    [CSR_MEDELEG] = { pred_smode, read_medeleg, write_medeleg },
    [CSR_MIDELEG] = { pred_smode, read_mideleg, write_mideleg },
    [CSR_MIE] = { pred_any, read_mie, write_mie },
    [CSR_MTVEC] = { pred_any, read_tvec, write_tvec },
    [CSR_MCOUNTEREN] = { pred_any, read_counteren, write_counteren },
    [CSR_MENVCFG] = { pred_any, read_envcfg, write_envcfg },
    [CSR_MCOUNTINHIBIT] = { pred_any, read_mcountinhibit,
                            write_mcountinhibit },
    [CSR_MHPMEVENT3 ... CSR_MHPMEVENT31] = { pred_any, read_zero,
                                             write_ignore },
    [CSR_MSCRATCH] = { pred_any, read_plain, write_plain },
    [CSR_MEPC] = { pred_any, read_epc, write_epc },
    [CSR_MCAUSE] = { pred_any, read_plain, write_plain },
    [CSR_MTVAL] = { pred_any, read_plain, write_plain },
    [CSR_MIP] = { pred_any, read_mip, write_mip },
    [CSR_PMPCFG0 ... CSR_PMPCFG15] = { pred_pmpcfg, read_pmpcfg,
                                       write_pmpcfg },
    [CSR_PMPADDR0 ... CSR_PMPADDR63] = { pred_any, read_pmpaddr,
                                         write_pmpaddr },
    [CSR_TSELECT ... CSR_TDATA3] = { pred_any, read_zero, write_ignore },
    [CSR_TINFO] = { pred_any, read_tinfo, write_ignore },
    [CSR_MCYCLE] = { pred_any, read_mcounter, write_mcounter },
    [CSR_MINSTRET] = { pred_any, read_mcounter, write_mcounter },
    [CSR_MHPMCOUNTER3 ... CSR_MHPMCOUNTER31] = { pred_any, read_zero,
                                                 write_ignore },
};

RISCVException riscv_csr_rmw(CPURISCVState *env, int csrno, uint64_t *old,
                             uint64_t value, uint64_t mask, bool write)
{
    const CSROps *ops;
    RISCVException r;
    uint64_t cur;

    if (csrno < 0 || csrno >= (int)G_N_ELEMENTS(csr_ops)) {
        return RISCV_EXCP_ILLEGAL_INST;
    }
    ops = &csr_ops[csrno];
    if (!ops->read) {
        return RISCV_EXCP_ILLEGAL_INST;
    }
    if (write && ((csrno >> 10) & 3) == 3) {
        return RISCV_EXCP_ILLEGAL_INST;
    }
    if (env->priv < ((csrno >> 8) & 3)) {
        return RISCV_EXCP_ILLEGAL_INST;
    }
    r = ops->pred(env, csrno);
    if (r != RISCV_EXCP_NONE) {
        return r;
    }
    r = ops->read(env, csrno, &cur);
    if (r != RISCV_EXCP_NONE) {
        return r;
    }
    if (write && ops->write) {
        r = ops->write(env, csrno, (cur & ~mask) | (value & mask));
        /* mstatus, misa, frm, fcsr ...: one place for every CSR */
        riscv_update_tb_flags(env);
        if (r != RISCV_EXCP_NONE) {
            return r;
        }
    }
    if (old) {
        *old = cur;
    }
    return RISCV_EXCP_NONE;
}

RISCVException riscv_csr_read(CPURISCVState *env, int csrno, uint64_t *val)
{
    return riscv_csr_rmw(env, csrno, val, 0, 0, false);
}

bool riscv_csr_peek(CPURISCVState *env, int csrno, uint64_t *val)
{
    if (csrno < 0 || csrno >= (int)G_N_ELEMENTS(csr_ops) ||
        !csr_ops[csrno].read) {
        return false;
    }
    return csr_ops[csrno].read(env, csrno, val) == RISCV_EXCP_NONE;
}

RISCVException riscv_csr_write(CPURISCVState *env, int csrno, uint64_t val)
{
    return riscv_csr_rmw(env, csrno, NULL, val, ~0ull, true);
}
