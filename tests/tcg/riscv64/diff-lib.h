/*
 * Pieces the random differential guest programs (diff-ops.S, diff-fp.S,
 * diff-zfhmin.S, rvext-random.S) share: the xorshift generator, the HTIF
 * console, the floating-point hash and printing a round's hash, whose
 * printed lines the harness compares between Vireo's backends and QEMU.
 * Include after test.h.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef TESTS_TCG_RISCV64_DIFF_LIB_H
#define TESTS_TCG_RISCV64_DIFF_LIB_H

/* Print s0 as 16 hex digits and a newline (clobbers t0, t1, t3, a0). */
#define DIFF_PRINT_S0                                                  \
    li t3, 60;                                                         \
2:  srl t0, s0, t3;                                                    \
    andi t0, t0, 15;                                                   \
    li t1, 10;                                                         \
    blt t0, t1, 3f;                                                    \
    addi t0, t0, 'a' - '0' - 10;                                       \
3:  addi a0, t0, '0';                                                  \
    call putc;                                                         \
    addi t3, t3, -4;                                                   \
    bgez t3, 2b;                                                       \
    li a0, '\n';                                                       \
    call putc

/* rnd: the next xorshift64 value of s3, also in a0 (clobbers t0). */
#define DIFF_RND_FN                                                    \
rnd:                                                                   \
    slli t0, s3, 13;                                                   \
    xor s3, s3, t0;                                                    \
    srli t0, s3, 7;                                                    \
    xor s3, s3, t0;                                                    \
    slli t0, s3, 17;                                                   \
    xor s3, s3, t0;                                                    \
    mv a0, s3;                                                         \
    ret

/*
 * putc: a0's byte to the HTIF console (device 1, command 1), waiting for
 * the host to take it (clobbers t0-t2).
 */
#define DIFF_PUTC_FN                                                   \
putc:                                                                  \
    li t0, 0x0101000000000000;                                         \
    or t0, t0, a0;                                                     \
    la t1, tohost;                                                     \
1:  ld t2, 0(t1);                                                      \
    bnez t2, 1b;                                                       \
    sd t0, 0(t1);                                                      \
    la t1, fromhost;                                                   \
2:  ld t2, 0(t1);                                                      \
    beqz t2, 2b;                                                       \
    sd zero, 0(t1);                                                    \
    ret

/*
 * The floating-point programs' hash: a result (and the fflags it raised,
 * which are cleared) into s0. FOP: an instruction writing ft0 (its 64
 * bits, NaN boxing included); XOP: one writing t0.
 */
#define HASH(reg)                                                      \
    xor s0, s0, reg;                                                   \
    rori s0, s0, 11;                                                   \
    csrrw t1, fflags, zero;                                            \
    add s0, s0, t1;

#define FOP(insn, ops...)                                              \
    insn ft0, ops;                                                     \
    fmv.x.d t0, ft0;                                                   \
    HASH(t0)

#define XOP(insn, ops...)                                              \
    insn t0, ops;                                                      \
    HASH(t0)

#endif
