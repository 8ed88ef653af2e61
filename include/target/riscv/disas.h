/*
 * The RISC-V disassembler for -d in_asm, generated from the same pattern
 * files as the decoder (target/riscv/insn*.decode). It prints GNU objdump's
 * syntax: ABI register names, the pseudo-instructions objdump prints, and
 * compressed instructions as their 32-bit expansions.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef VIREO_TARGET_RISCV_DISAS_H
#define VIREO_TARGET_RISCV_DISAS_H

#include <stddef.h>
#include <stdint.h>

/* Length in bytes (2 or 4) of the instruction whose low bits are insn. */
static inline int riscv_insn_length(uint32_t insn)
{
    return (insn & 3) == 3 ? 4 : 2;
}

/*
 * Write the instruction at pc into buf (always NUL-terminated, truncated
 * to size) and return its length. insn holds the instruction's bytes in
 * little-endian order; for a 16-bit instruction the upper half is ignored.
 * An encoding no extension defines prints as ".2byte"/".4byte" and a value.
 */
int riscv_disas(char *buf, size_t size, uint64_t pc, uint32_t insn);

/* ABI names: "zero", "ra", ... "t6" and "ft0" ... "ft11". */
const char *riscv_xreg_name(unsigned reg);
const char *riscv_freg_name(unsigned reg);

/* The CSR's name, or NULL for a number the privileged spec does not name. */
const char *riscv_csr_name(unsigned csr);

#endif
