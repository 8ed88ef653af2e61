/*
 * Host code disassembly for -d out_asm (x86-64 through capstone; a hex
 * dump when capstone is missing from the build).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "disas-host.h"
#include "accel/tcg/accel-tcg-config.h"

#include <glib.h>
#include <stdint.h>

#ifdef CONFIG_CAPSTONE
#include <capstone/capstone.h>
#endif

static void disas_hex(FILE *f, const uint8_t *p, size_t size)
{
    for (size_t i = 0; i < size; i += 16) {
        fprintf(f, "  %p:", (const void *)(p + i));
        for (size_t j = i; j < size && j < i + 16; j++) {
            fprintf(f, " %02x", p[j]);
        }
        fprintf(f, "\n");
    }
}

void tcg_disas_host(FILE *f, const void *code, size_t size)
{
#ifdef CONFIG_CAPSTONE
    csh h;
    cs_insn *insn;
    size_t n;

    if (cs_open(CS_ARCH_X86, CS_MODE_64, &h) == CS_ERR_OK) {
        n = cs_disasm(h, code, size, (uintptr_t)code, 0, &insn);
        for (size_t i = 0; i < n; i++) {
            fprintf(f, "  0x%016" G_GINT64_MODIFIER "x:  %-8s %s\n",
                    (uint64_t)insn[i].address, insn[i].mnemonic,
                    insn[i].op_str);
        }
        if (n) {
            cs_free(insn, n);
        }
        cs_close(&h);
        /* The block's unwind table follows its code: not instructions. */
        return;
    }
#endif
    disas_hex(f, code, size);
}
