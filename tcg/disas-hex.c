/*
 * Host code dump for `-d out_asm` when Capstone is not available: bytes
 * in hex, 16 to a line, for an external disassembler. Guest x86
 * disassembly (the monitor's x /i) says it has no disassembler.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "tcg/tcg-internal.h"
#include "tcg/disas.h"

void tcg_disas_host(FILE *f, const void *code, size_t len)
{
    const uint8_t *p = code;

    for (size_t i = 0; i < len; i++) {
        if (i % 16 == 0) {
            fprintf(f, "%s  %p:", i ? "\n" : "", (const void *)(p + i));
        }
        fprintf(f, " %02x", p[i]);
    }
    fprintf(f, "\n");
}

int tcg_disas_x86_insn(unsigned bits, uint64_t pc, const uint8_t *code,
                       size_t len, char *buf, size_t size)
{
    return -1;
}
