/*
 * Field transforms named by !function= in target/riscv/insn*.decode. They
 * are macros so the translator and the disassembler, whose context types
 * differ, share them; shifts go through uint32_t so negative immediates
 * scale without undefined behaviour.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef TARGET_RISCV_DECODE_HELPERS_H
#define TARGET_RISCV_DECODE_HELPERS_H

#include <stdint.h>

#define ex_shift_1(ctx, x)      ((int)((uint32_t)(x) << 1))
#define ex_shift_2(ctx, x)      ((int)((uint32_t)(x) << 2))
#define ex_shift_3(ctx, x)      ((int)((uint32_t)(x) << 3))
#define ex_shift_4(ctx, x)      ((int)((uint32_t)(x) << 4))
#define ex_shift_12(ctx, x)     ((int)((uint32_t)(x) << 12))
/* The 3-bit register fields of the C extension name x8..x15. */
#define ex_rvc_register(ctx, x) ((x) + 8)
/* c.mop.n: the 3-bit field is n[3:1]; n is odd (its rd is xn). */
#define ex_c_mop(ctx, x)        ((x) * 2 + 1)

#endif
