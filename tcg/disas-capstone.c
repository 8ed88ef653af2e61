/*
 * Host code disassembly for `-d out_asm`, through Capstone.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "tcg/tcg-internal.h"

#include <capstone.h>
#include <inttypes.h>

void tcg_disas_host(FILE *f, const void *code, size_t len)
{
    csh handle;
    cs_insn *insn;
    size_t n;

    if (cs_open(CS_ARCH_X86, CS_MODE_64, &handle) != CS_ERR_OK) {
        fprintf(f, "  (capstone unavailable: %zu bytes)\n", len);
        return;
    }
    n = cs_disasm(handle, code, len, (uintptr_t)code, 0, &insn);
    for (size_t i = 0; i < n; i++) {
        fprintf(f, "  0x%" PRIx64 ":  %-8s %s\n", insn[i].address,
                insn[i].mnemonic, insn[i].op_str);
    }
    if (n) {
        cs_free(insn, n);
    }
    cs_close(&handle);
}
