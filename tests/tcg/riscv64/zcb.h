/*
 * Zcb encodings as .2byte words (binutils 2.40 lacks the mnemonics).
 * Register operands are x8..x15 given as 0..7 (x10 = 2, x11 = 3).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef TESTS_TCG_RISCV64_ZCB_H
#define TESTS_TCG_RISCV64_ZCB_H

#define C_LBU(rd, uimm, rs1)                                           \
    .2byte 0x8000 | (rs1) << 7 | ((uimm) & 1) << 6 | ((uimm) >> 1) << 5 \
           | (rd) << 2
#define C_LHU(rd, uimm, rs1)                                           \
    .2byte 0x8400 | (rs1) << 7 | ((uimm) >> 1) << 5 | (rd) << 2
#define C_LH(rd, uimm, rs1)                                            \
    .2byte 0x8440 | (rs1) << 7 | ((uimm) >> 1) << 5 | (rd) << 2
#define C_SB(rs2, uimm, rs1)                                           \
    .2byte 0x8800 | (rs1) << 7 | ((uimm) & 1) << 6 | ((uimm) >> 1) << 5 \
           | (rs2) << 2
#define C_SH(rs2, uimm, rs1)                                           \
    .2byte 0x8c00 | (rs1) << 7 | ((uimm) >> 1) << 5 | (rs2) << 2
#define C_ZCB_UN(f, rd) .2byte 0x9c61 | (rd) << 7 | (f) << 2
#define C_ZEXT_B(rd) C_ZCB_UN(0, rd)
#define C_SEXT_B(rd) C_ZCB_UN(1, rd)
#define C_ZEXT_H(rd) C_ZCB_UN(2, rd)
#define C_SEXT_H(rd) C_ZCB_UN(3, rd)
#define C_ZEXT_W(rd) C_ZCB_UN(4, rd)
#define C_NOT(rd) C_ZCB_UN(5, rd)
#define C_MUL(rd, rs2) .2byte 0x9c41 | (rd) << 7 | (rs2) << 2

#endif
