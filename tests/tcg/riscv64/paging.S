/*
 * Sv39 from S mode: a 1 GiB identity superpage for the program, a
 * three-level walk to 4 KiB pages, hardware A/D updates in the PTE,
 * load and store page faults with stval... as mtval (not delegated),
 * a read-only page refusing stores, a U page refused to S until
 * sstatus.SUM is set, and a mapping change seen after SFENCE.VMA.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "test.h"

#define PTE(pa, flags)  (((pa) >> 12) << 10 | (flags))
#define V 1
#define R 2
#define W 4
#define X 8
#define U 16
#define A 64
#define D 128

/* a0 = table, a1 = index, a2 = physical address, a3 = flags */
#define SET_PTE(table, idx, pa_reg, flags)                              \
    la a0, table;                                                      \
    srli t0, pa_reg, 12;                                               \
    slli t0, t0, 10;                                                   \
    ori t0, t0, flags;                                                 \
    sd t0, (idx) * 8(a0);

#define EXPECT_TRAP(n, cause, tval)                                    \
    li TESTNUM, n;                                                     \
    ld t1, last_cause;                                                 \
    li t6, cause;                                                      \
    bne t1, t6, fail;                                                  \
    ld t1, last_tval;                                                  \
    li t6, tval;                                                       \
    bne t1, t6, fail;                                                  \
    sd zero, last_cause, t6;

TEST_BEGIN
    .option push
    .option norvc
    la t0, mtrap
    csrw mtvec, t0
    li a2, 0x80000000
    SET_PTE(root, 2, a2, V|R|W|X|A|D)
    la a2, l1
    SET_PTE(root, 1, a2, V)
    la a2, l0
    SET_PTE(l1, 0, a2, V)
    la a2, datapg
    SET_PTE(l0, 0, a2, V|R|W)                /* 0x40000000, no A/D */
    SET_PTE(l0, 1, a2, V|R|A)                /* 0x40001000, read-only */
    SET_PTE(l0, 2, a2, V|R|W|U|A|D)          /* 0x40002000, user */
    la a0, datapg
    li t0, 0x1234
    sd t0, 0(a0)
    la t0, root
    srli t0, t0, 12
    li t1, 8 << 60
    or t0, t0, t1
    csrw satp, t0
    sfence.vma
    li t0, 3 << 11
    csrc mstatus, t0
    li t0, 1 << 11
    csrs mstatus, t0
    la t0, in_s
    csrw mepc, t0
    mret
in_s:
    li s1, 0x40000000
    ld a5, 0(s1)
    CHECK(1, a5, 0x1234)
    ld a5, l0
    andi a5, a5, A|D
    CHECK(2, a5, A)                          /* read set A only */
    li a4, 0x5678
    sd a4, 0(s1)
    ld a5, l0
    andi a5, a5, A|D
    CHECK(3, a5, A|D)
    ld a5, datapg
    CHECK(4, a5, 0x5678)

    li s2, 0xc0000000                        /* nothing mapped */
    ld a5, 0(s2)
    EXPECT_TRAP(5, 13, 0xc0000000)
    li s2, 0x40001008
    sd a4, 0(s2)                             /* read-only page */
    EXPECT_TRAP(6, 15, 0x40001008)
    ld a5, 0(s2)                             /* reading it is fine */
    CHECK(7, a5, 0)
    li s2, 0x40002000
    ld a5, 0(s2)                             /* U page, SUM = 0 */
    EXPECT_TRAP(8, 13, 0x40002000)
    li t0, 1 << 18
    csrs sstatus, t0
    ld a5, 0(s2)
    CHECK(9, a5, 0x5678)
    csrc sstatus, t0

    /* remap 0x40000000 to the second data page; sfence.vma sees it */
    la a2, datapg2
    SET_PTE(l0, 0, a2, V|R|W|A|D)
    sfence.vma
    ld a5, 0(s1)
    CHECK(10, a5, 0xabcd)
    /* an instruction fetch from a non-executable page faults */
    li s2, 0x40000000
    la t0, 11f
    sd t0, ret_to, t6
    jalr zero, 0(s2)
11: EXPECT_TRAP(11, 12, 0x40000000)
    .option pop
TEST_END

/* Record and skip: a fetch fault resumes at ret_to. */
    .balign 4
mtrap:
    csrr t1, mcause
    sd t1, last_cause, t6
    csrr t1, mtval
    sd t1, last_tval, t6
    csrr t1, mcause
    li t2, 12
    bne t1, t2, 1f
    ld t1, ret_to
    csrw mepc, t1
    mret
1:  csrr t1, mepc
    addi t1, t1, 4
    csrw mepc, t1
    mret

    .data
    .balign 4096
root:   .skip 4096
l1:     .skip 4096
l0:     .skip 4096
datapg: .skip 4096
datapg2: .dword 0xabcd
    .skip 4088
    .balign 8
last_cause: .dword 0
last_tval:  .dword 0
ret_to:     .dword 0
