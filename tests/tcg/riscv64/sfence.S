/*
 * SFENCE.VMA forms under Sv39 from S mode: after a PTE is rewritten,
 * the new mapping must be seen after sfence.vma by that address (also
 * an address inside the page other than the one used), by an address
 * inside a 2 MiB megapage other than the one accessed, by the current
 * ASID, and by the all-address all-ASID form. Flushing another ASID
 * need not drop anything, so it is only checked not to trap. Code run
 * from an executable megapage must be fetched afresh after a flush by
 * another address inside it (translated blocks may not outlive the
 * mapping they were fetched through).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "test.h"

#define PTE(pa, flags)  (((pa) >> 12) << 10 | (flags))
#define V 1
#define R 2
#define W 4
#define X 8
#define A 64
#define D 128
#define VA4K    0x40000000
#define VA2M    0x40200000
#define PA2M_A  0x80200000
#define PA2M_B  0x80400000
#define VA2M_X  0x40400000
#define PA2M_C  0x80600000
#define PA2M_D  0x80800000
#define FN_OFS  0x3000
#define LI_A5(v)        (((v) << 20) | (15 << 7) | 0x13)
#define RET             0x00008067
#define MY_ASID 5

/* table[idx] = leaf or pointer to physical address in pa_reg */
#define SET_PTE(table, idx, pa_reg, flags)                              \
    la a0, table;                                                      \
    srli t0, pa_reg, 12;                                               \
    slli t0, t0, 10;                                                   \
    ori t0, t0, flags;                                                 \
    sd t0, (idx) * 8(a0);

TEST_BEGIN
    .option push
    .option norvc
    li a2, 0x80000000
    SET_PTE(root, 2, a2, V|R|W|X|A|D)        /* the program, identity */
    la a2, l1
    SET_PTE(root, 1, a2, V)
    la a2, l0
    SET_PTE(l1, 0, a2, V)
    li a2, PA2M_A
    SET_PTE(l1, 1, a2, V|R|W|A|D)            /* VA2M -> PA2M_A */
    la a2, page_a
    SET_PTE(l0, 0, a2, V|R|W|A|D)            /* VA4K -> page_a */
    /* markers: each physical page holds its own name */
    li t0, 0xaaaa
    sd t0, page_a, t1
    li t0, 0xbbbb
    sd t0, page_b, t1
    li t1, PA2M_A + 0x5000
    li t0, 0x2a2a
    sd t0, 0(t1)
    li t1, PA2M_B + 0x5000
    li t0, 0x2b2b
    sd t0, 0(t1)
    /* the same function at FN_OFS of C and D, returning 0x111 / 0x222 */
    li t1, PA2M_C + FN_OFS
    li t0, LI_A5(0x111)
    sw t0, 0(t1)
    li t0, RET
    sw t0, 4(t1)
    li t1, PA2M_D + FN_OFS
    li t0, LI_A5(0x222)
    sw t0, 0(t1)
    li t0, RET
    sw t0, 4(t1)
    fence.i
    li a2, PA2M_C
    SET_PTE(l1, 2, a2, V|R|X|A)              /* VA2M_X -> PA2M_C */
    la t0, root
    srli t0, t0, 12
    li t1, (8 << 60) | (MY_ASID << 44)
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
    li s1, VA4K
    ld a5, 0(s1)
    CHECK(1, a5, 0xaaaa)

    /* by the page's own address */
    la a2, page_b
    SET_PTE(l0, 0, a2, V|R|W|A|D)
    sfence.vma s1, x0
    ld a5, 0(s1)
    CHECK(2, a5, 0xbbbb)

    /* by another address in the same page, and with an ASID given */
    la a2, page_a
    SET_PTE(l0, 0, a2, V|R|W|A|D)
    addi t2, s1, 0x7f8
    li t3, MY_ASID
    sfence.vma t2, t3
    ld a5, 0(s1)
    CHECK(3, a5, 0xaaaa)

    /* a megapage: accessed at +0x5000, flushed by its first address */
    li s2, VA2M + 0x5000
    ld a5, 0(s2)
    CHECK(4, a5, 0x2a2a)
    li a2, PA2M_B
    SET_PTE(l1, 1, a2, V|R|W|A|D)
    li t2, VA2M
    sfence.vma t2, x0
    ld a5, 0(s2)
    CHECK(5, a5, 0x2b2b)

    /* the current ASID, every address */
    la a2, page_b
    SET_PTE(l0, 0, a2, V|R|W|A|D)
    li t3, MY_ASID
    sfence.vma x0, t3
    ld a5, 0(s1)
    CHECK(6, a5, 0xbbbb)

    /* another ASID: allowed to keep ours; must not trap */
    li t3, MY_ASID + 1
    sfence.vma x0, t3
    li t2, VA4K
    sfence.vma t2, t3

    /* everything */
    la a2, page_a
    SET_PTE(l0, 0, a2, V|R|W|A|D)
    sfence.vma x0, x0
    ld a5, 0(s1)
    CHECK(7, a5, 0xaaaa)

    /* code in a megapage, flushed by an address in another 4 KiB of it */
    li s3, VA2M_X + FN_OFS
    jalr s3
    CHECK(8, a5, 0x111)
    jalr s3                                  /* now from the jump cache */
    CHECK(9, a5, 0x111)
    li a2, PA2M_D
    SET_PTE(l1, 2, a2, V|R|X|A)
    li t2, VA2M_X + 0x100000
    sfence.vma t2, x0
    jalr s3
    CHECK(10, a5, 0x222)
    .option pop
TEST_END
    .balign 4096
root:   .fill 512, 8, 0
l1:     .fill 512, 8, 0
l0:     .fill 512, 8, 0
page_a: .fill 512, 8, 0
page_b: .fill 512, 8, 0
