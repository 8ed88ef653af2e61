/*
 * Guest x86 instructions disassembled one at a time, for the monitor's
 * x /i on vireo-system-x86_64. Capstone does the work, loaded on first
 * use as for -d out_asm (tcg/disas-capstone.c); without it at build or
 * run time the answer is -1 and the caller prints raw bytes.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef VIREO_TCG_DISAS_H
#define VIREO_TCG_DISAS_H

#include <stddef.h>
#include <stdint.h>

/*
 * Disassemble the instruction at pc (code holds len readable bytes) in
 * 16-, 32- or 64-bit mode (bits) into buf as "mnemonic operands".
 * Returns its length; 0 when the bytes do not decode (or are cut off by
 * len); -1 when no disassembler is available.
 */
int tcg_disas_x86_insn(unsigned bits, uint64_t pc, const uint8_t *code,
                       size_t len, char *buf, size_t size);

#endif
