/*
 * Test helper: disassemble "ADDRESS HEXWORD" lines from stdin with
 * riscv_disas(), one output line each (tests/riscv/test-disas.py compares
 * them with GNU objdump).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "target/riscv/disas.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    char line[256];
    char out[128];

    while (fgets(line, sizeof(line), stdin)) {
        uint64_t pc;
        uint32_t insn;
        if (sscanf(line, "%" SCNx64 " %" SCNx32, &pc, &insn) != 2) {
            fprintf(stderr, "riscv-disas-tool: bad line: %s", line);
            return 1;
        }
        riscv_disas(out, sizeof(out), pc, insn);
        printf("%s\n", out);
    }
    return 0;
}
