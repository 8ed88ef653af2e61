/*
 * Differential program: 200 rounds of pseudo-random operands (an
 * xorshift generator, with edge values mixed in) through every RV64I,
 * M, Zba, Zbb, Zbc and Zbs register operation; after each round the
 * results' running hash is printed in hex on the HTIF console. The
 * output must be byte-identical on Vireo and on QEMU (diff-qemu.sh).
 * ctzw is left out: Debian QEMU 7.2 gives 63 for a zero low word with
 * bit 63 set where Zbb says 32 (rvb.S checks our 32).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "test.h"
#include "diff-lib.h"

/* s0 = hash; s1, s2 = operands; s3 = generator state */
#define MIX(insn)                                                      \
    insn t0, s1, s2;                                                   \
    xor s0, s0, t0;                                                    \
    rori s0, s0, 7;                                                    \
    add s0, s0, t0;

#define MIX1(insn)                                                     \
    insn t0, s1;                                                       \
    xor s0, s0, t0;                                                    \
    rori s0, s0, 7;                                                    \
    add s0, s0, t0;

#define MIXI(insn, imm)                                                \
    insn t0, s1, imm;                                                  \
    xor s0, s0, t0;                                                    \
    rori s0, s0, 7;                                                    \
    add s0, s0, t0;

TEST_BEGIN
    li s0, 0
    li s3, 0x9e3779b97f4a7c15
    li s4, 200
round:
    /* xorshift64 */
    slli t0, s3, 13
    xor s3, s3, t0
    srli t0, s3, 7
    xor s3, s3, t0
    slli t0, s3, 17
    xor s3, s3, t0
    mv s1, s3
    srli s2, s3, 3
    /* every 4th round: small or edge operands */
    andi t1, s4, 3
    bnez t1, 1f
    srai s2, s2, 58
    li t2, 0x8000000000000000
    andi t1, s4, 4
    beqz t1, 1f
    mv s1, t2
1:
    MIX(add) MIX(sub) MIX(sll) MIX(slt) MIX(sltu) MIX(xor) MIX(srl)
    MIX(sra) MIX(or) MIX(and) MIX(addw) MIX(subw) MIX(sllw) MIX(srlw)
    MIX(sraw)
    MIXI(addi, -7) MIXI(slti, 100) MIXI(sltiu, -100) MIXI(xori, 0x555)
    MIXI(slli, 37) MIXI(srli, 11) MIXI(srai, 63) MIXI(addiw, 2047)
    MIXI(slliw, 31) MIXI(srliw, 1) MIXI(sraiw, 17)
    MIX(mul) MIX(mulh) MIX(mulhsu) MIX(mulhu) MIX(div) MIX(divu)
    MIX(rem) MIX(remu) MIX(mulw) MIX(divw) MIX(divuw) MIX(remw)
    MIX(remuw)
    MIX(sh1add) MIX(sh2add) MIX(sh3add) MIX(add.uw) MIX(sh1add.uw)
    MIX(sh2add.uw) MIX(sh3add.uw) MIXI(slli.uw, 5)
    MIX(andn) MIX(orn) MIX(xnor) MIX1(clz) MIX1(ctz) MIX1(cpop)
    MIX1(clzw) MIX1(cpopw) MIX(max) MIX(maxu) MIX(min)
    MIX(minu) MIX1(sext.b) MIX1(sext.h) MIX1(zext.h) MIX(rol) MIX(ror)
    MIX(rolw) MIX(rorw) MIXI(rori, 13) MIXI(roriw, 29) MIX1(orc.b)
    MIX1(rev8)
    MIX(clmul) MIX(clmulh) MIX(clmulr)
    MIX(bclr) MIXI(bclri, 40) MIX(bext) MIXI(bexti, 3) MIX(binv)
    MIXI(binvi, 63) MIX(bset) MIXI(bseti, 0)
    DIFF_PRINT_S0
    addi s4, s4, -1
    bnez s4, round
TEST_END

    .text
DIFF_PUTC_FN
