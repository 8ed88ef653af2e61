/*
 * The RISC-V CPU: architectural state (CPURISCVState), the QOM type with
 * its extension switches, and the entry points of the CSR file, trap logic
 * and MMU that the translator and the boards call.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * State layout: generated code reaches fields by offsetof, so fields are
 * only ever appended. The integer and FP files and pc come first (hot),
 * then the CSRs, then PMP; the vector extension's CSRs are already here
 * (zero while V is absent) and its register file will be appended last,
 * sized by a vlen property, so adding V moves nothing.
 */
#ifndef VIREO_TARGET_RISCV_CPU_H
#define VIREO_TARGET_RISCV_CPU_H

#include "hw/core/cpu.h"
#include "hw/core/irq.h"
#include "fpu/host-fp.h"
#include "target/riscv/cpu-bits.h"
#include "util/timer.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define TYPE_RISCV_CPU "riscv-cpu"
#define RISCV_CPU_TYPE_SUFFIX "-" TYPE_RISCV_CPU
#define RISCV_CPU_TYPE_NAME(model) model RISCV_CPU_TYPE_SUFFIX
#define TYPE_RISCV_CPU_RV64 RISCV_CPU_TYPE_NAME("rv64")

OBJECT_DECLARE_TYPE(RISCVCPU, RISCVCPUClass, RISCV_CPU)

#define RISCV_PMP_ENTRIES 16

/* A single held in an FP register has its upper 32 bits all ones. */
#define RISCV_NANBOX_MASK 0xffffffff00000000ull

typedef struct CPURISCVState {
    uint64_t gpr[32];
    uint64_t pc;
    /*
     * The TB lookup flags of priv, mstatus, misa, mxl and frm, kept
     * current by riscv_update_tb_flags() after every write of those.
     */
    uint32_t tb_flags;
    uint64_t fpr[32];           /* NaN-boxed singles */
    uint32_t fflags;            /* fcsr[4:0] */
    uint32_t frm;               /* fcsr[7:5] */

    /* LR/SC: the reserved address (-1: none) and the value loaded. */
    uint64_t load_res;
    /*
     * With more than one hart: the reservation's physical address (-1:
     * none or broken), under tcg_store_watch_lock.
     */
    uint64_t load_res_pa;
    uint64_t load_val;

    int priv;                   /* PRV_U, PRV_S, PRV_M */
    int mxl;                    /* misa.MXL: MXL_RV64 (MXL_RV32 later) */
    uint64_t misa_ext;          /* misa letters, RVF_BIT('A') ... */
    uint64_t misa_ext_mask;     /* letters that may be switched at run time */

    /* Machine level */
    uint64_t mstatus;
    uint64_t medeleg;
    uint64_t mideleg;
    uint64_t mie;
    uint64_t mip;               /* software-writable bits and device lines */
    uint64_t mtvec;
    uint64_t mepc;
    uint64_t mcause;
    uint64_t mtval;
    uint64_t mscratch;
    uint32_t mcounteren;
    uint32_t mcountinhibit;
    uint64_t menvcfg;
    uint64_t mhartid;
    uint64_t mvendorid;
    uint64_t marchid;
    uint64_t mimpid;
    uint64_t mseccfg;
    /*
     * minstret as the translator updates it (at block exits); mcycle is
     * minstret + mcycle_delta (riscv_cpu_mcycle), so blocks update one
     * counter only: the two differ only after a write to either.
     */
    uint64_t mcycle_delta;
    uint64_t minstret;

    /* Supervisor level (sstatus, sie, sip are views of the M ones) */
    uint64_t stvec;
    uint64_t sepc;
    uint64_t scause;
    uint64_t stval;
    uint64_t sscratch;
    uint32_t scounteren;
    uint64_t senvcfg;
    uint64_t satp;
    uint64_t stimecmp;

    /* Physical memory protection */
    uint8_t pmpcfg[RISCV_PMP_ENTRIES];
    uint64_t pmpaddr[RISCV_PMP_ENTRIES];

    /* Vector CSRs (V extension, later) */
    uint64_t vstart;
    uint64_t vxsat;
    uint64_t vxrm;
    uint64_t vl;
    uint64_t vtype;

    /*
     * The machine's time source for the time CSR and Sstc (the ACLINT's
     * mtime); NULL reads 0.
     */
    uint64_t (*rdtime_fn)(void *opaque);
    void *rdtime_opaque;
    /* The virtual-clock ns at which time reaches ticks (Sstc's timer). */
    int64_t (*time_deadline_fn)(void *opaque, uint64_t ticks);
} CPURISCVState;

/* Extension switches (properties of the CPU type, fixed at realize). */
typedef struct RISCVCPUConfig {
    bool ext_i, ext_m, ext_a, ext_f, ext_d, ext_c, ext_s, ext_u;
    bool ext_zicsr, ext_zifencei, ext_zicntr, ext_zihintpause;
    bool ext_zba, ext_zbb, ext_zbc, ext_zbs;
    bool ext_zicbom, ext_zicboz;
    bool ext_zicond, ext_zihintntl, ext_zimop, ext_zcmop, ext_zawrs;
    bool ext_zcb, ext_zfa, ext_zfhmin;
    bool ext_zfinx;             /* not implemented: refused when set */
    bool ext_sstc;
    bool pmp;
    bool mmu;
    bool sv39, sv48, sv57;
    int misaligned;             /* RISCV_MISALIGNED_* */
    uint16_t cbom_blocksize;
    uint16_t cboz_blocksize;
    uint64_t resetvec;
} RISCVCPUConfig;

enum {
    RISCV_MISALIGNED_TRAP = 0,
    RISCV_MISALIGNED_EMULATE = 1,
};

struct RISCVCPU {
    CPUState parent_obj;
    CPURISCVState env;
    RISCVCPUConfig cfg;
    char *isa_string;           /* derived at realize */
    IRQLine *irq_in[16];        /* riscv_cpu_irq_input(), made on demand */
    Timer *stimer;              /* Sstc: fires when time reaches stimecmp */
    uint64_t pending_tval;      /* TCG: xtval of the exception being raised */
    FpuStatus fp_status;        /* TCG: F/D rounding and flags per call */
    const FpuOps *fp_ops;       /* TCG: chosen on the vCPU thread */
};

struct RISCVCPUClass {
    CPUClass parent_class;
    DeviceRealize parent_realize;
    DeviceReset parent_reset;
    int mxl;                    /* the model's native XLEN */
};

static inline RISCVCPU *riscv_env_cpu(CPURISCVState *env)
{
    return (RISCVCPU *)((char *)env - offsetof(RISCVCPU, env));
}

static inline const RISCVCPUConfig *riscv_env_cfg(const CPURISCVState *env)
{
    return &((const RISCVCPU *)((const char *)env -
                                offsetof(RISCVCPU, env)))->cfg;
}

static inline int riscv_cpu_xlen(const CPURISCVState *env)
{
    return 16 << env->mxl;
}

/* The mcycle counter (see mcycle_delta). */
static inline uint64_t riscv_cpu_mcycle(const CPURISCVState *env)
{
    return env->minstret + env->mcycle_delta;
}

static inline bool riscv_has_ext(const CPURISCVState *env, char letter)
{
    return env->misa_ext & RVF_BIT(letter);
}

/*
 * "rv64" -> "rv64-riscv-cpu"; NULL (and *errp set) for a model this build
 * does not have. Caller frees.
 */
char *riscv_cpu_type_name(const char *model, GError **errp);

/*
 * Create (not realize) the CPU a -cpu option names: "rv64,zbb=off,sstc=on".
 * Features are property settings; unknown ones are errors.
 */
RISCVCPU *riscv_cpu_create(const char *cpu_option, GError **errp);

/* The ISA string for the device tree: "rv64imafdc_zicsr_..._sstc". */
const char *riscv_cpu_isa_string(RISCVCPU *cpu);

/* Register dump in the layout of QEMU's -d cpu (for comparing traces). */
void riscv_cpu_dump_state(CPUState *cs, FILE *f, int flags);

/* --- CSRs (target/riscv/csr.c) --- */

/*
 * The Zicsr read-modify-write at the current privilege: reads the old
 * value into *old (if old is non-NULL: csrrw with rd=x0 reads nothing),
 * and if write, writes (old & ~mask) | (value & mask) with WARL
 * legalisation. Returns RISCV_EXCP_NONE or RISCV_EXCP_ILLEGAL_INST (no such
 * CSR, too little privilege, a read-only CSR written, TVM, counteren,
 * FS=Off ...), in which case nothing changed.
 */
RISCVException riscv_csr_rmw(CPURISCVState *env, int csrno, uint64_t *old,
                             uint64_t value, uint64_t mask, bool write);
/* Shorthands for a plain read and a full write. */
RISCVException riscv_csr_read(CPURISCVState *env, int csrno, uint64_t *val);
RISCVException riscv_csr_write(CPURISCVState *env, int csrno, uint64_t val);
/*
 * Read a CSR as a debugger sees it: no privilege or access check and no
 * write to the CPU state, so another thread may call it on a running
 * hart (its value is then only a snapshot). False for no such CSR.
 */
bool riscv_csr_peek(CPURISCVState *env, int csrno, uint64_t *val);

/* mstatus.FS: may FP instructions run, and mark the state dirty. */
bool riscv_fs_enabled(const CPURISCVState *env);
void riscv_fs_mark_dirty(CPURISCVState *env);

/* The value the time CSR reads. */
uint64_t riscv_cpu_get_time(CPURISCVState *env);
/*
 * Sstc: re-derive STIP's interrupt request and re-arm the timer for
 * stimecmp (after stimecmp, menvcfg.STCE or the time base changed).
 */
void riscv_cpu_sstc_update(CPURISCVState *env);

/* --- Traps (target/riscv/trap.c) --- */

/*
 * Take a trap: cause is an exception number, or an interrupt number with
 * RISCV_CAUSE_INTERRUPT set; tval goes to xtval. Chooses M or S by
 * delegation, saves pc, updates xPP/xPIE/xIE and jumps to xtvec.
 */
void riscv_cpu_do_interrupt(CPURISCVState *env, uint64_t cause,
                            uint64_t tval);
/*
 * The interrupt to take now (highest priority among pending and enabled,
 * by destination mode then the spec's order), or -1.
 */
int riscv_cpu_pending_interrupt(const CPURISCVState *env);
/* Interrupts pending and enabled in mie (for WFI wake-up), any mode. */
bool riscv_cpu_has_work(const CPURISCVState *env);
/*
 * Set or clear mip bits (atomically: devices call this from other threads)
 * and update the CPU's CPU_INTERRUPT_HARD request to match.
 */
void riscv_cpu_update_mip(CPURISCVState *env, uint64_t mask, uint64_t value);
/* Re-derive CPU_INTERRUPT_HARD after mie or the Sstc timer changed. */
void riscv_cpu_update_irq_request(CPURISCVState *env);
/*
 * The CPU's interrupt input for mip bit irq (IRQ_M_SOFT, IRQ_M_TIMER,
 * IRQ_M_EXT, IRQ_S_EXT ...): the ACLINT and PLIC drive these. Owned by
 * the CPU. NULL for a bit that is not an interrupt input.
 */
IRQLine *riscv_cpu_irq_input(RISCVCPU *cpu, int irq);
/*
 * MRET/SRET: RISCV_EXCP_NONE with env->pc set to the return address and
 * the mode restored, or RISCV_EXCP_ILLEGAL_INST.
 */
RISCVException riscv_cpu_mret(CPURISCVState *env);
RISCVException riscv_cpu_sret(CPURISCVState *env);
/* WFI and SFENCE.VMA legality at the current privilege (TW, TVM). */
RISCVException riscv_cpu_check_wfi(const CPURISCVState *env);
RISCVException riscv_cpu_check_sfence_vma(const CPURISCVState *env);

/* --- Address translation (target/riscv/mmu.c, pmp.c) --- */

typedef enum RISCVAccessType {
    RISCV_ACCESS_LOAD = 0,
    RISCV_ACCESS_STORE = 1,
    RISCV_ACCESS_FETCH = 2,
} RISCVAccessType;

/*
 * How the MMU reaches physical memory: 8-byte little-endian PTE reads and
 * a compare-and-swap for the A/D update. Each returns false for an
 * address with nothing behind it (an access fault).
 */
typedef struct RISCVPhysOps {
    bool (*read64)(void *opaque, uint64_t pa, uint64_t *val);
    /* Store new if the doubleword still holds expected; *seen = value. */
    bool (*cmpxchg64)(void *opaque, uint64_t pa, uint64_t expected,
                      uint64_t new_val, uint64_t *seen);
    void *opaque;
} RISCVPhysOps;

typedef struct RISCVTranslation {
    uint64_t pa;
    int prot;                   /* PAGE_READ | PAGE_WRITE | PAGE_EXEC */
    int level_shift;            /* log2 of the page size: 12, 21, 30 ... */
    bool pmp_partial;           /* PMP differs within the 4 KiB page */
} RISCVTranslation;

enum {
    RISCV_PROT_READ = 1,
    RISCV_PROT_WRITE = 2,
    RISCV_PROT_EXEC = 4,
};

/*
 * Translate va for an access of the given type at the effective privilege
 * (MPRV applied for loads and stores), checking PMP on the page walk and on
 * the final address. Returns RISCV_EXCP_NONE and fills *out, or the fault
 * cause (page fault or access fault of the access type).
 */
RISCVException riscv_mmu_translate(CPURISCVState *env,
                                   const RISCVPhysOps *ops, uint64_t va,
                                   RISCVAccessType access, int size,
                                   RISCVTranslation *out);
/*
 * The privilege loads/stores (or fetches) run at: MPRV applied. Inline:
 * every block lookup computes the data MMU index from it.
 */
/*
 * The TB lookup flags computed from the state, and their cache
 * env->tb_flags: every writer of priv, mstatus, misa, mxl or frm calls
 * riscv_update_tb_flags() (the CSR writes do it in riscv_csr_rmw).
 */
uint32_t riscv_compute_tb_flags(const CPURISCVState *env);
void riscv_update_tb_flags(CPURISCVState *env);

static inline int riscv_mmu_effective_priv(const CPURISCVState *env,
                                           RISCVAccessType access)
{
    if (access != RISCV_ACCESS_FETCH && (env->mstatus & MSTATUS_MPRV)) {
        return (env->mstatus & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT;
    }
    return env->priv;
}

/*
 * PMP check of [addr, addr+size) for an access at priv. True if allowed;
 * *prot (if non-NULL) gets the permissions of the matching region.
 */
bool riscv_pmp_check(const CPURISCVState *env, uint64_t addr, int size,
                     RISCVAccessType access, int priv, int *prot);
/*
 * True if every byte of the 4 KiB page at page gets the same PMP verdict
 * (no enabled entry ahead of the first one covering the whole page only
 * partly overlaps it), so a check of one byte holds for the page.
 */
bool riscv_pmp_page_uniform(const CPURISCVState *env, uint64_t page);
/* pmpcfg/pmpaddr writes with locking (csr.c calls these). */
void riscv_pmpcfg_write(CPURISCVState *env, int index, uint64_t val);
uint64_t riscv_pmpcfg_read(const CPURISCVState *env, int index);
void riscv_pmpaddr_write(CPURISCVState *env, int index, uint64_t val);
uint64_t riscv_pmpaddr_read(const CPURISCVState *env, int index);

#endif
