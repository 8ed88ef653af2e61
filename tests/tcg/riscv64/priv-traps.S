/*
 * Synchronous traps to M (Privileged ISA v1.12 3.1.14-3.1.17, 3.7):
 * illegal instruction with mtval = the instruction (32- and 16-bit
 * encodings, upper bits zero for 16), breakpoint (mtval = pc, or 0 as
 * QEMU writes: the spec allows both), load/store/AMO/LR/SC address
 * misaligned and load/store/fetch access faults from PMP with mtval =
 * the address, ecall from U, S and M; for each mcause, mepc, mtval and
 * the MPP/MPIE the handler saw, and the mstatus MRET leaves behind.
 * A jump to an odd address clears bit 0 and, with C, a 2-aligned
 * target is fine (priv-noc.S covers the misaligned-fetch trap).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "priv.h"

#define PMP_NAPOT_4K(sym) ((sym) >> 2 | 0x1ff)

TEST_BEGIN
    PRIV_SETUP
    csrw mie, zero
    .option push
    .option norvc

    /* illegal 32-bit: custom-0 and an OP with funct7 = 0x7f */
    li t0, MSTATUS_MIE
    csrs mstatus, t0
1:  .word 0x1234500b
    EXPECT_M(1, 2, 0x1234500b, 1b)
    CHECK_STATUS(4, m_status, MSTATUS_MPP | MSTATUS_MPIE | MSTATUS_MIE,
                 MSTATUS_MPP | MSTATUS_MPIE)
    /* MRET put MPIE back in MIE, set MPIE and left MPP = U */
    csrr a5, mstatus
    li t0, MSTATUS_MPP | MSTATUS_MPIE | MSTATUS_MIE
    and a5, a5, t0
    CHECK(5, a5, MSTATUS_MPIE | MSTATUS_MIE)
    li t0, MSTATUS_MIE
    csrc mstatus, t0
2:  .word 0xfe0100b3
    EXPECT_M(6, 2, 0xfe0100b3, 2b)
    CHECK_STATUS(9, m_status, MSTATUS_MPP | MSTATUS_MPIE | MSTATUS_MIE,
                 MSTATUS_MPP)

    /*
     * illegal 16-bit: c.fld and c.fsdsp with mstatus.FS = Off (the
     * reserved encodings such as c.addi4spn with imm 0 are not
     * required to trap, and QEMU runs them)
     */
    li t0, 3 << 13
    csrc mstatus, t0
    .option rvc
3:  .half 0x2100
    .option norvc
    EXPECT_M(10, 2, 0x2100, 3b)
    .option rvc
4:  .half 0xa002
    .option norvc
    EXPECT_M(13, 2, 0xa002, 4b)

    /* ebreak, 32-bit and compressed: mtval = pc or 0 */
    CLEAR_TRAPS
5:  ebreak
    CHECK_MEM(16, m_cause, 3)
    CHECK_MEM_LABEL(17, m_epc, 5b)
    li TESTNUM, 18
    ld t1, m_tval
    beqz t1, 6f
    la t6, 5b
    bne t1, t6, fail
6:  .option rvc
7:  c.ebreak
    .option norvc
    CHECK_MEM(19, m_cause, 3)
    CHECK_MEM_LABEL(20, m_epc, 7b)
    li TESTNUM, 21
    ld t1, m_tval
    beqz t1, 8f
    la t6, 7b
    bne t1, t6, fail
8:

    /*
     * misaligned loads and stores: mtval = the address. Vireo traps
     * (misaligned=trap); QEMU does them in "hardware", which the spec
     * allows too: then the value must be right.
     */
    la s1, data
    addi s2, s1, 1
    addi s3, s1, 2
    CLEAR_TRAPS
9:  ld a5, 0(s2)
    ld t1, m_count
    bnez t1, 90f
    CHECK(22, a5, 0x0011223344556677)
    j 91f
90:
    CHECK_MEM(23, m_cause, 4)
    CHECK_MEM_REG(24, m_tval, s2)
    CHECK_MEM_LABEL(25, m_epc, 9b)
10: lh a5, 0(s2)
    CHECK_MEM(26, m_cause, 4)
    CHECK_MEM_REG(27, m_tval, s2)
11: lw a5, 0(s3)
    CHECK_MEM(28, m_cause, 4)
    CHECK_MEM_REG(29, m_tval, s3)
12: sw a5, 0(s3)
    CHECK_MEM(30, m_cause, 6)
    CHECK_MEM_REG(31, m_tval, s3)
    CHECK_MEM_LABEL(32, m_epc, 12b)
13: sd a5, 0(s2)
    CHECK_MEM(33, m_cause, 6)
    CHECK_MEM_REG(34, m_tval, s2)
    ld a5, 0(s1)                         /* nothing was written */
    CHECK(35, a5, 0x1122334455667788)
91:
    /* AMOs and SC: store/AMO misaligned; LR: load misaligned */
14: amoadd.w a5, a5, (s3)
    CHECK_MEM(36, m_cause, 6)
    CHECK_MEM_REG(37, m_tval, s3)
    CHECK_MEM_LABEL(38, m_epc, 14b)
15: lr.w a5, (s3)
    CHECK_MEM(39, m_cause, 4)
    CHECK_MEM_REG(40, m_tval, s3)
16: sc.w a5, a5, (s3)
    CHECK_MEM(41, m_cause, 6)
    CHECK_MEM_REG(42, m_tval, s3)
    ld a5, 0(s1)
    CHECK(43, a5, 0x1122334455667788)

    /* ecall from M */
17: ecall
    EXPECT_M(44, 11, 0, 17b)
    CHECK_STATUS(47, m_status, MSTATUS_MPP, MSTATUS_MPP)

    /*
     * PMP: entry 0 no access to nopage, 1 no execute on noexec, 2
     * read-only rdonly, 3 everything. S/U are checked, M is not.
     */
    la t0, nopage
    srli t0, t0, 2
    ori t0, t0, 0x1ff
    csrw pmpaddr0, t0
    la t0, noexec
    srli t0, t0, 2
    ori t0, t0, 0x1ff
    csrw pmpaddr1, t0
    la t0, rdonly
    srli t0, t0, 2
    ori t0, t0, 0x1ff
    csrw pmpaddr2, t0
    li t0, -1
    csrw pmpaddr3, t0
    li t0, 0x1f1d1b18
    csrw pmpcfg0, t0
    sfence.vma
    la s4, nopage
    ld a5, 0(s4)                         /* M: allowed */
    CHECK(48, a5, 0x55)

    /* to S with MIE = 1 (mie = 0): the traps see MPIE = 1, MPP = S */
    li t0, MSTATUS_MPIE
    csrs mstatus, t0
    CLEAR_TRAPS
    GOTO_S(in_s)
in_s:
18: ld a5, 0(s4)
    EXPECT_M_R(49, 5, s4, 18b)
    CHECK_STATUS(52, m_status, MSTATUS_MPP | MSTATUS_MPIE | MSTATUS_MIE,
                 (1 << 11) | MSTATUS_MPIE)
    /* MRET returned to S with MIE = 1 again */
    la s5, rdonly
    ld a5, 0(s5)
    CHECK(53, a5, 0x66)
19: sd a5, 0(s5)
    EXPECT_M_R(54, 7, s5, 19b)
20: amoor.d a5, zero, (s5)               /* AMOs need write permission */
    EXPECT_M_R(57, 7, s5, 20b)
21: sw a5, 4(s4)
    addi t0, s4, 4
    EXPECT_M_R(60, 7, t0, 21b)
    /* fetch from noexec: mepc = mtval = the target */
    la t0, 22f
    sd t0, m_resume, t6
    la s6, noexec
    jalr ra, 0(s6)
22: CHECK_MEM(63, m_cause, 1)
    CHECK_MEM_REG(64, m_tval, s6)
    CHECK_MEM_REG(65, m_epc, s6)
23: ecall
    EXPECT_M(66, 9, 0, 23b)
    CHECK_STATUS(69, m_status, MSTATUS_MPP, 1 << 11)
    /* an M-only CSR from S: illegal with the instruction as mtval */
24: csrr a5, mscratch
    EXPECT_M(70, 2, 0x340027f3, 24b)
    /* to U: the same faults, and ecall from U */
    li a7, 1
    ecall
    CLEAR_TRAPS
    GOTO_U(in_u)
in_u:
25: ecall
    EXPECT_M(73, 8, 0, 25b)
    CHECK_STATUS(76, m_status, MSTATUS_MPP, 0)
26: lw a5, 0(s4)
    EXPECT_M_R(77, 5, s4, 26b)
27: sb a5, 3(s5)
    addi t0, s5, 3
    EXPECT_M_R(80, 7, t0, 27b)
28: csrr a5, sstatus                      /* S CSR from U */
    EXPECT_M(83, 2, 0x100027f3, 28b)
29: sret                                 /* SRET in U */
    EXPECT_M(86, 2, 0x10200073, 29b)
30: mret
    EXPECT_M(89, 2, 0x30200073, 30b)
    li a7, 1
    ecall
    CHECK_MEM(92, m_count, 7)            /* six in U and the return */
    /* SRET from M goes to SPP (U here) and clears MPRV */
    li t0, MSTATUS_MPRV | MSTATUS_MPP
    csrs mstatus, t0                     /* MPP = M: MPRV changes nothing */
    li t0, MSTATUS_SPP
    csrc mstatus, t0
    la t0, in_u3
    csrw sepc, t0
    CLEAR_TRAPS
    sret
in_u3:
    li a7, 1
32: ecall
    EXPECT_M(93, 8, 0, 32b)
    CHECK_STATUS(96, m_status, MSTATUS_MPRV, 0)
    /* MRET to S clears MPRV too */
    li t0, MSTATUS_MPRV
    csrs mstatus, t0
    GOTO_S(in_s3)
in_s3:
    li a7, 1
33: ecall
    EXPECT_M(97, 9, 0, 33b)
    CHECK_STATUS(100, m_status, MSTATUS_MPRV, 0)
    /* misaligned accesses delegated: to S with stval = the address */
    li t0, (1 << 4) | (1 << 6)
    csrw medeleg, t0
    CLEAR_TRAPS
    GOTO_S(in_s4)
in_s4:
    ld t1, m_count                       /* misaligned traps at all? */
34: lw a5, 0(s3)
    ld t2, s_count
    beqz t2, 35f
    EXPECT_S_R(101, 4, s3, 34b)
36: sd a5, 0(s2)
    EXPECT_S_R(104, 6, s2, 36b)
    CHECK_MEM(107, m_count, 0)
35: li a7, 1
    ecall
    csrw medeleg, zero
    /* mepc drops bit 0; mtvec keeps its mode on a reserved one */
    li t0, 0x80000003
    csrw mepc, t0
    csrr a5, mepc
    CHECK(108, a5, 0x80000002)
    la t0, mtrap
    ori t0, t0, 2
    csrw mtvec, t0
    csrr a5, mtvec
    andi a5, a5, 3
    li TESTNUM, 109
    li t6, 2
    bgeu a5, t6, fail
    la t0, mtrap
    csrw mtvec, t0
    /* back in M: the jump to an odd address lands on the even one */
    la t0, 31f
    addi t0, t0, 1
    jalr zero, 0(t0)
    j fail
31: li TESTNUM, 110
    .option pop
TEST_END
PRIV_HANDLERS
    .data
    .balign 8
data: .dword 0x1122334455667788, 0
    .balign 4096
nopage: .dword 0x55
    .balign 4096
noexec: ret
    .balign 4096
rdonly: .dword 0x66
    .balign 4096
