/*
 * The body of priv-sv39.S, priv-sv48.S and priv-sv57.S (Privileged ISA
 * v1.12 4.3-4.6), which define LEVELS (3, 4, 5) and SATP_MODE first.
 * Page faults are delegated to S and checked there for scause, stval =
 * the faulting address and sepc: an invalid PTE (load, store, fetch),
 * W without R, permissions (read-only, execute-only with and without
 * MXR, no-execute, U pages from S with and without SUM and never
 * executable there, S pages from U), misaligned 2 MiB and 1 GiB
 * superpages, an aligned one that works, a non-canonical address and an
 * unmapped canonical negative one, a 32-bit instruction across a page
 * boundary (stval = the second page when that one faults), satp keeping
 * its value on a write of a reserved mode; hardware A/D updates read back from
 * the PTE for a load, a store and a fetch; and in M, MPRV with MPP = S
 * and U translating loads, its faults taken in M although delegated.
 *
 * Layout: the program's 1 GiB identity superpage (S, RWX) at VA
 * 0x80000000, the same memory as a U superpage at VA 0, and 4 KiB test
 * pages from VA 0x40000000 through a walk of LEVELS tables.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "priv.h"

#define V 1
#define R 2
#define W 4
#define X 8
#define U 16
#define A 64
#define D 128
#define VA_BITS (12 + 9 * LEVELS)
#define PG(n) (0x40000000 + (n) * 0x1000)
#define U_ALIAS 0x80000000               /* U VA = PA - this */

/* table[idx] = PTE for the physical address in pa_reg with flags */
#define SET_PTE(table, idx, pa_reg, flags)                              \
    la a0, table;                                                      \
    srli t0, pa_reg, 12;                                               \
    slli t0, t0, 10;                                                   \
    ori t0, t0, flags;                                                 \
    sd t0, (idx) * 8(a0);

#define PTE_FLAGS(n, table, idx, mask, want)                           \
    li TESTNUM, n;                                                     \
    ld t1, table + (idx) * 8;                                          \
    andi t1, t1, mask;                                                 \
    li t6, want;                                                       \
    bne t1, t6, fail;

/* Load from va in S expecting a page fault (checks n .. n + 2). */
#define LOAD_FAULT(n, va)                                              \
    li s1, va;                                                         \
    CLEAR_TRAPS;                                                       \
99: ld a5, 0(s1);                                                      \
    EXPECT_S_R(n, 13, s1, 99b)

#define STORE_FAULT(n, va)                                             \
    li s1, va;                                                         \
    CLEAR_TRAPS;                                                       \
99: sd a5, 0(s1);                                                      \
    EXPECT_S_R(n, 15, s1, 99b)

/* Jump to va expecting an instruction page fault there. */
#define FETCH_FAULT(n, va)                                             \
    li s1, va;                                                         \
    CLEAR_TRAPS;                                                       \
    la t0, 98f;                                                        \
    sd t0, s_resume, t1;                                               \
    jalr ra, 0(s1);                                                    \
98: CHECK_MEM(n, s_cause, 12)                                          \
    CHECK_MEM_REG(n + 1, s_tval, s1)                                   \
    CHECK_MEM_REG(n + 2, s_epc, s1)

TEST_BEGIN
    PRIV_SETUP
    .option push
    .option norvc
    csrw mie, zero

    /* the upper levels: root[0] -> ... -> l2 */
#if LEVELS >= 5
    la a2, t3
    SET_PTE(root, 0, a2, V)
#endif
#if LEVELS >= 4
    la a2, l2
#if LEVELS == 4
    SET_PTE(root, 0, a2, V)
#else
    SET_PTE(t3, 0, a2, V)
#endif
#endif
    li a2, 0x80000000
    SET_PTE(l2, 2, a2, V|R|W|X|A|D)          /* the program, for S */
    SET_PTE(l2, 0, a2, V|R|W|X|U|A|D)        /* ... and for U at 0 */
    li a2, 0x80200000
    SET_PTE(l2, 3, a2, V|R|W|A|D)            /* misaligned 1 GiB */
    la a2, l1
    SET_PTE(l2, 1, a2, V)
    la a2, l0
    SET_PTE(l1, 0, a2, V)
    la a2, datapg
    SET_PTE(l1, 1, a2, V|R|W|A|D)            /* misaligned 2 MiB */
    li a2, 0x80000000
    SET_PTE(l1, 2, a2, V|R)                  /* aligned 2 MiB, no A */
    la a2, datapg
    SET_PTE(l0, 0, a2, V|R|W)                /* no A/D yet */
    SET_PTE(l0, 1, a2, V|R|A)                /* read-only */
    SET_PTE(l0, 2, a2, V|R|W|U|A|D)          /* user data */
    SET_PTE(l0, 3, a2, V|X|A)                /* execute-only */
    SET_PTE(l0, 8, a2, V|W|A|D)              /* W without R */
    la a2, codepg
    SET_PTE(l0, 5, a2, V|R|X|A)              /* S code */
    SET_PTE(l0, 6, a2, V|R|W|A|D)            /* not executable */
    SET_PTE(l0, 7, a2, V|X|U|A)              /* U code */
    SET_PTE(l0, 9, a2, V|R|X)                /* code, no A yet */
    SET_PTE(l0, 10, a2, V|R|X|A)             /* PG(11) left invalid */
    SET_PTE(l0, 12, a2, V|R|X|A)
    la a2, codepg2
    SET_PTE(l0, 13, a2, V|R|X|A)
    la a0, datapg
    li t0, 0x1234
    sd t0, 0(a0)
    la t0, root
    srli t0, t0, 12
    li t1, SATP_MODE
    slli t1, t1, 60
    or t0, t0, t1
    csrw satp, t0
    csrr a5, satp
    li TESTNUM, 1
    bne a5, t0, fail                         /* the mode is supported */
    li t1, 15
    slli t1, t1, 60
    csrw satp, t1                            /* reserved mode: no effect */
    csrr a5, satp
    li TESTNUM, 2
    bne a5, t0, fail
    sfence.vma
    li t0, (1 << 12) | (1 << 13) | (1 << 15)
    csrw medeleg, t0
    GOTO_S(in_s)
in_s:
    /* A on a load, D on a store, in the PTE */
    li s1, PG(0)
    ld a5, 0(s1)
    CHECK(3, a5, 0x1234)
    PTE_FLAGS(4, l0, 0, A|D, A)
    li a4, 0x5678
    sd a4, 8(s1)
    PTE_FLAGS(5, l0, 0, A|D, A|D)
    la a0, datapg
    ld a5, 8(a0)
    CHECK(6, a5, 0x5678)
    /* A on a fetch */
    li s1, PG(9)
    jalr ra, 0(s1)
    CHECK(7, a0, 42)
    PTE_FLAGS(8, l0, 9, A|D, A)

    /* invalid PTE: load, store, fetch */
    LOAD_FAULT(9, PG(4))
    CHECK_STATUS(12, s_status, MSTATUS_SPP, MSTATUS_SPP)
    CHECK_MEM(13, m_count, 0)
    STORE_FAULT(14, PG(4))
    FETCH_FAULT(17, PG(4))
    /* W without R is reserved */
    LOAD_FAULT(20, PG(8))
    STORE_FAULT(23, PG(8))
    /* read-only */
    STORE_FAULT(26, PG(1))
    li s1, PG(1)
    ld a5, 0(s1)
    CHECK(29, a5, 0x1234)
    /* AMOs need write permission: a store page fault */
    CLEAR_TRAPS
29: amoadd.d a5, zero, (s1)
    EXPECT_S_R(30, 15, s1, 29b)
    /* execute-only: readable only with MXR */
    LOAD_FAULT(33, PG(3))
    li t0, MSTATUS_MXR
    csrs sstatus, t0
    li s1, PG(3)
    ld a5, 0(s1)
    CHECK(36, a5, 0x1234)
    li t0, MSTATUS_MXR
    csrc sstatus, t0
    /* execute permission */
    li s1, PG(5)
    jalr ra, 0(s1)
    CHECK(37, a0, 42)
    FETCH_FAULT(38, PG(6))
    /* U pages from S: data only with SUM, code never */
    LOAD_FAULT(41, PG(2))
    STORE_FAULT(44, PG(2))
    li t0, MSTATUS_SUM
    csrs sstatus, t0
    li s1, PG(2)
    ld a5, 0(s1)
    CHECK(47, a5, 0x1234)
    FETCH_FAULT(48, PG(7))
    li t0, MSTATUS_SUM
    csrc sstatus, t0
    /* superpages */
    LOAD_FAULT(51, 0x40200000)
    LOAD_FAULT(54, 0xc0000000)
    la t0, datapg
    li t1, 0x80000000
    sub t0, t0, t1
    li t1, 0x40400000
    add s1, t0, t1
    ld a5, 0(s1)
    CHECK(57, a5, 0x1234)
    PTE_FLAGS(58, l1, 2, A|D, A)            /* A on the 2 MiB leaf */
    /* not canonical: bit VA_BITS - 1 set, the bits above clear */
    LOAD_FAULT(59, 1 << (VA_BITS - 1))
    STORE_FAULT(62, 1 << (VA_BITS - 1))
    FETCH_FAULT(65, 1 << (VA_BITS - 1))
    /* ... and canonical but with nothing mapped */
    LOAD_FAULT(68, -4096)
    /*
     * A 32-bit instruction across a page boundary: it runs when both
     * pages map, and when the second does not, sepc is the instruction
     * and stval the start of the page that faulted (v1.12 4.1.9)
     */
    li a0, 0
    li s1, PG(12) + 0xffe
    jalr ra, 0(s1)
    CHECK(71, a0, 42)
    li s1, PG(10) + 0xffe
    CLEAR_TRAPS
    la t0, 97f
    sd t0, s_resume, t1
    jalr ra, 0(s1)
97: CHECK_MEM(72, s_cause, 12)
    CHECK_MEM_REG(73, s_epc, s1)
    CHECK_MEM(74, s_tval, PG(11))
    /* ... also after other instructions of the same block ran */
    li a1, 0
    li s1, PG(10) + 0xff8
    addi s2, s1, 6
    CLEAR_TRAPS
    la t0, 96f
    sd t0, s_resume, t1
    jalr ra, 0(s1)
96: CHECK_MEM(75, s_cause, 12)
    CHECK_MEM_REG(76, s_epc, s2)
    CHECK_MEM(77, s_tval, PG(11))
    CHECK(78, a1, 7)
    li a7, 1
    ecall                                /* back to M */

    /* U: its own pages yes, S pages no */
    CLEAR_TRAPS
    li t0, MSTATUS_MPP
    csrc mstatus, t0
    la t0, in_u
    li t1, U_ALIAS
    sub t0, t0, t1
    csrw mepc, t0
    mret
in_u:
    li s1, PG(2)
    ld a5, 0(s1)
    CHECK(79, a5, 0x1234)
    li s1, PG(7)
    jalr ra, 0(s1)
    CHECK(80, a0, 42)
    LOAD_FAULT(81, PG(0))
    CHECK_STATUS(84, s_status, MSTATUS_SPP, 0)
    STORE_FAULT(85, PG(1))
    FETCH_FAULT(88, PG(5))
    CHECK_MEM(91, m_count, 0)
    /* to M at the physical address of 1f */
    la t0, 1f
    li t1, U_ALIAS
    add t0, t0, t1
    sd t0, m_resume, t1
    li a7, 1
    ecall
1:
    /* MPRV: M's loads and stores translated as for MPP */
    CLEAR_TRAPS
    li t0, MSTATUS_MPP
    csrc mstatus, t0
    li t0, (1 << 11) | MSTATUS_MPRV
    csrs mstatus, t0                     /* MPP = S */
    li s1, PG(0)
    ld a5, 0(s1)
    CHECK(92, a5, 0x1234)
    li s1, PG(2)
80: ld a5, 0(s1)                         /* U page, SUM = 0 */
    /*
     * The trap saved MPP = M and ran the handler untranslated; its MRET
     * back to M kept MPRV and left MPP = U (v1.12 3.1.6.1, 3.3.2), so
     * stop translating before touching memory again.
     */
    csrr s2, mstatus
    li t0, MSTATUS_MPRV
    csrc mstatus, t0
    EXPECT_M_R(93, 13, s1, 80b)
    CHECK_MEM(96, s_count, 0)            /* a trap in M stays in M */
    li t0, MSTATUS_MPRV | MSTATUS_MPP
    and s2, s2, t0
    CHECK(97, s2, MSTATUS_MPRV)
    li t0, MSTATUS_MPRV
    csrs mstatus, t0                     /* MPP = U */
    ld a5, 0(s1)
    CHECK(98, a5, 0x1234)
    li s1, PG(0)
86: sd a5, 0(s1)
    li t0, MSTATUS_MPRV
    csrc mstatus, t0
    EXPECT_M_R(99, 15, s1, 86b)
    li s1, PG(0)                         /* M itself: bare */
    la t0, datapg
    ld a5, 0(t0)
    CHECK(102, a5, 0x1234)

    /*
     * PMP on the walk: with l0's page closed to S, a translated load
     * through it is a load access fault (not a page fault); with
     * codepg2 closed, a fetch through a valid PTE is an instruction
     * access fault. stval is the virtual address either way.
     */
    la t0, l0
    srli t0, t0, 2
    ori t0, t0, 0x1ff
    csrw pmpaddr0, t0
    la t0, codepg2
    srli t0, t0, 2
    ori t0, t0, 0x1ff
    csrw pmpaddr1, t0
    li t0, -1
    csrw pmpaddr2, t0
    li t0, 0x1f1818
    csrw pmpcfg0, t0
    li t0, (1 << 1) | (1 << 5)
    csrs medeleg, t0
    GOTO_S(in_s2)
in_s2:
    sfence.vma
    li s1, PG(0)
    CLEAR_TRAPS
201: ld a5, 0(s1)
    EXPECT_S_R(103, 5, s1, 201b)
    li s1, PG(13)
    CLEAR_TRAPS
    la t0, 203f
    sd t0, s_resume, t1
    jalr ra, 0(s1)
203: CHECK_MEM(106, s_cause, 1)
    CHECK_MEM_REG(107, s_tval, s1)
    CHECK_MEM_REG(108, s_epc, s1)
    CHECK_MEM(109, m_count, 0)
    li a7, 1
    ecall
    .option pop
TEST_END
PRIV_HANDLERS
    .data
    .balign 4096
root: .fill 512, 8, 0
#if LEVELS >= 5
t3: .fill 512, 8, 0
#endif
#if LEVELS >= 4
l2: .fill 512, 8, 0
#else
    .set l2, root
#endif
l1: .fill 512, 8, 0
l0: .fill 512, 8, 0
datapg: .dword 0, 0
    .balign 4096
    .option push
    .option norvc
codepg:
    li a0, 42
    ret
    /* li a1, 7; c.nop; the first half of "li a0, 42" */
    .org codepg + 0xff8
    li a1, 7
    .half 0x0001
    .half 0x0513
codepg2:
    .half 0x02a0
    ret
    .option pop
    .balign 4096
