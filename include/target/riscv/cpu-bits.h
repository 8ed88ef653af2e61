/*
 * RISC-V architectural constants: CSR numbers, mstatus and satp fields,
 * interrupt and exception causes, PTE and PMP bits. Values from the
 * Privileged ISA v1.12 (sections 2.2, 3.1, 4.1, 4.3-4.6) and the Sstc and
 * CMO specifications.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef VIREO_TARGET_RISCV_CPU_BITS_H
#define VIREO_TARGET_RISCV_CPU_BITS_H

/* Privilege levels */
enum {
    PRV_U = 0,
    PRV_S = 1,
    PRV_M = 3,
};

/* misa.MXL / mstatus.SXL / UXL */
enum {
    MXL_RV32 = 1,
    MXL_RV64 = 2,
};

#define RVF_BIT(c) (1ull << ((c) - 'A'))

/* CSR numbers */
enum {
    CSR_FFLAGS = 0x001,
    CSR_FRM = 0x002,
    CSR_FCSR = 0x003,
    CSR_CYCLE = 0xc00,
    CSR_TIME = 0xc01,
    CSR_INSTRET = 0xc02,
    CSR_HPMCOUNTER3 = 0xc03,
    CSR_HPMCOUNTER31 = 0xc1f,

    CSR_SSTATUS = 0x100,
    CSR_SIE = 0x104,
    CSR_STVEC = 0x105,
    CSR_SCOUNTEREN = 0x106,
    CSR_SENVCFG = 0x10a,
    CSR_SSCRATCH = 0x140,
    CSR_SEPC = 0x141,
    CSR_SCAUSE = 0x142,
    CSR_STVAL = 0x143,
    CSR_SIP = 0x144,
    CSR_STIMECMP = 0x14d,
    CSR_SATP = 0x180,

    CSR_MVENDORID = 0xf11,
    CSR_MARCHID = 0xf12,
    CSR_MIMPID = 0xf13,
    CSR_MHARTID = 0xf14,
    CSR_MCONFIGPTR = 0xf15,
    CSR_MSTATUS = 0x300,
    CSR_MISA = 0x301,
    CSR_MEDELEG = 0x302,
    CSR_MIDELEG = 0x303,
    CSR_MIE = 0x304,
    CSR_MTVEC = 0x305,
    CSR_MCOUNTEREN = 0x306,
    CSR_MENVCFG = 0x30a,
    CSR_MCOUNTINHIBIT = 0x320,
    CSR_MHPMEVENT3 = 0x323,
    CSR_MHPMEVENT31 = 0x33f,
    CSR_MSCRATCH = 0x340,
    CSR_MEPC = 0x341,
    CSR_MCAUSE = 0x342,
    CSR_MTVAL = 0x343,
    CSR_MIP = 0x344,
    CSR_PMPCFG0 = 0x3a0,
    CSR_PMPCFG15 = 0x3af,
    CSR_PMPADDR0 = 0x3b0,
    CSR_PMPADDR63 = 0x3ef,
    CSR_MSECCFG = 0x747,
    CSR_TSELECT = 0x7a0,
    CSR_TDATA1 = 0x7a1,
    CSR_TDATA2 = 0x7a2,
    CSR_TDATA3 = 0x7a3,
    CSR_TINFO = 0x7a4,
    CSR_MCYCLE = 0xb00,
    CSR_MINSTRET = 0xb02,
    CSR_MHPMCOUNTER3 = 0xb03,
    CSR_MHPMCOUNTER31 = 0xb1f,
};

/* mstatus / sstatus */
#define MSTATUS_SIE     (1ull << 1)
#define MSTATUS_MIE     (1ull << 3)
#define MSTATUS_SPIE    (1ull << 5)
#define MSTATUS_UBE     (1ull << 6)
#define MSTATUS_MPIE    (1ull << 7)
#define MSTATUS_SPP     (1ull << 8)
#define MSTATUS_VS      (3ull << 9)
#define MSTATUS_MPP     (3ull << 11)
#define MSTATUS_FS      (3ull << 13)
#define MSTATUS_XS      (3ull << 15)
#define MSTATUS_MPRV    (1ull << 17)
#define MSTATUS_SUM     (1ull << 18)
#define MSTATUS_MXR     (1ull << 19)
#define MSTATUS_TVM     (1ull << 20)
#define MSTATUS_TW      (1ull << 21)
#define MSTATUS_TSR     (1ull << 22)
#define MSTATUS_UXL     (3ull << 32)
#define MSTATUS_SXL     (3ull << 34)
#define MSTATUS_SBE     (1ull << 36)
#define MSTATUS_MBE     (1ull << 37)
#define MSTATUS_SD      (1ull << 63)

#define MSTATUS_MPP_SHIFT 11
#define MSTATUS_FS_SHIFT  13

/* The FS/VS/XS field values */
enum {
    EXT_STATUS_OFF = 0,
    EXT_STATUS_INITIAL = 1,
    EXT_STATUS_CLEAN = 2,
    EXT_STATUS_DIRTY = 3,
};

/* The sstatus view of mstatus (RV64) */
#define SSTATUS_MASK (MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_UBE | \
                      MSTATUS_SPP | MSTATUS_VS | MSTATUS_FS | MSTATUS_XS | \
                      MSTATUS_SUM | MSTATUS_MXR | MSTATUS_UXL | MSTATUS_SD)

/* Interrupt numbers (mip/mie bits, mcause with the interrupt bit) */
enum {
    IRQ_S_SOFT = 1,
    IRQ_M_SOFT = 3,
    IRQ_S_TIMER = 5,
    IRQ_M_TIMER = 7,
    IRQ_S_EXT = 9,
    IRQ_M_EXT = 11,
    IRQ_LCOF = 13,
};

#define MIP_SSIP  (1ull << IRQ_S_SOFT)
#define MIP_MSIP  (1ull << IRQ_M_SOFT)
#define MIP_STIP  (1ull << IRQ_S_TIMER)
#define MIP_MTIP  (1ull << IRQ_M_TIMER)
#define MIP_SEIP  (1ull << IRQ_S_EXT)
#define MIP_MEIP  (1ull << IRQ_M_EXT)
#define MIP_LCOFIP (1ull << IRQ_LCOF)

#define S_MODE_INTERRUPTS (MIP_SSIP | MIP_STIP | MIP_SEIP | MIP_LCOFIP)
#define M_MODE_INTERRUPTS (MIP_MSIP | MIP_MTIP | MIP_MEIP)

/* Exception causes */
typedef enum RISCVException {
    RISCV_EXCP_NONE = -1,
    RISCV_EXCP_INST_ADDR_MIS = 0,
    RISCV_EXCP_INST_ACCESS_FAULT = 1,
    RISCV_EXCP_ILLEGAL_INST = 2,
    RISCV_EXCP_BREAKPOINT = 3,
    RISCV_EXCP_LOAD_ADDR_MIS = 4,
    RISCV_EXCP_LOAD_ACCESS_FAULT = 5,
    RISCV_EXCP_STORE_AMO_ADDR_MIS = 6,
    RISCV_EXCP_STORE_AMO_ACCESS_FAULT = 7,
    RISCV_EXCP_U_ECALL = 8,
    RISCV_EXCP_S_ECALL = 9,
    RISCV_EXCP_M_ECALL = 11,
    RISCV_EXCP_INST_PAGE_FAULT = 12,
    RISCV_EXCP_LOAD_PAGE_FAULT = 13,
    RISCV_EXCP_STORE_PAGE_FAULT = 15,
} RISCVException;

/* mcause/scause: the interrupt flag (RV64) */
#define RISCV_CAUSE_INTERRUPT (1ull << 63)

/* mtvec/stvec MODE */
enum {
    TVEC_DIRECT = 0,
    TVEC_VECTORED = 1,
};

/* satp (RV64) */
#define SATP64_MODE_SHIFT 60
#define SATP64_ASID_SHIFT 44
#define SATP64_ASID      (0xffffull << SATP64_ASID_SHIFT)
#define SATP64_PPN       ((1ull << 44) - 1)
enum {
    SATP_MODE_BARE = 0,
    SATP_MODE_SV39 = 8,
    SATP_MODE_SV48 = 9,
    SATP_MODE_SV57 = 10,
};

/* menvcfg / senvcfg */
#define ENVCFG_FIOM   (1ull << 0)
#define ENVCFG_CBIE   (3ull << 4)
#define ENVCFG_CBCFE  (1ull << 6)
#define ENVCFG_CBZE   (1ull << 7)
#define ENVCFG_PBMTE  (1ull << 62)
#define ENVCFG_STCE   (1ull << 63)

/* mcounteren / scounteren bits */
#define COUNTEREN_CY  (1u << 0)
#define COUNTEREN_TM  (1u << 1)
#define COUNTEREN_IR  (1u << 2)

/* Page-table entry (Sv39/48/57) */
#define PTE_V (1ull << 0)
#define PTE_R (1ull << 1)
#define PTE_W (1ull << 2)
#define PTE_X (1ull << 3)
#define PTE_U (1ull << 4)
#define PTE_G (1ull << 5)
#define PTE_A (1ull << 6)
#define PTE_D (1ull << 7)
#define PTE_PPN_SHIFT 10
#define PTE_PPN_MASK  ((1ull << 44) - 1)
#define PTE_RESERVED  (0x7full << 54)
#define PTE_PBMT      (3ull << 61)
#define PTE_N         (1ull << 63)

/* pmpcfg entry */
#define PMP_R     (1u << 0)
#define PMP_W     (1u << 1)
#define PMP_X     (1u << 2)
#define PMP_A     (3u << 3)
#define PMP_L     (1u << 7)
enum {
    PMP_A_OFF = 0,
    PMP_A_TOR = 1,
    PMP_A_NA4 = 2,
    PMP_A_NAPOT = 3,
};

/* fcsr */
#define FSR_RD_SHIFT 5
#define FSR_AEXC     0x1f

#endif
