/*
 * Names of the RISC-V control and status registers (Unprivileged ISA
 * "Zicsr" and "Counters" chapters, Privileged ISA v1.12 tables 2.2-2.6),
 * for the disassembler and register dumps.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "target/riscv/disas.h"

#include <glib.h>

static const struct {
    unsigned num;
    const char *name;
} csr_fixed[] = {
    { 0x001, "fflags" }, { 0x002, "frm" }, { 0x003, "fcsr" },
    { 0xc00, "cycle" }, { 0xc01, "time" }, { 0xc02, "instret" },
    { 0xc80, "cycleh" }, { 0xc81, "timeh" }, { 0xc82, "instreth" },
    { 0x100, "sstatus" }, { 0x104, "sie" }, { 0x105, "stvec" },
    { 0x106, "scounteren" }, { 0x10a, "senvcfg" }, { 0x140, "sscratch" },
    { 0x141, "sepc" }, { 0x142, "scause" }, { 0x143, "stval" },
    { 0x144, "sip" }, { 0x14d, "stimecmp" }, { 0x15d, "stimecmph" },
    { 0x180, "satp" }, { 0x5a8, "scontext" },
    { 0xf11, "mvendorid" }, { 0xf12, "marchid" }, { 0xf13, "mimpid" },
    { 0xf14, "mhartid" }, { 0xf15, "mconfigptr" },
    { 0x300, "mstatus" }, { 0x301, "misa" }, { 0x302, "medeleg" },
    { 0x303, "mideleg" }, { 0x304, "mie" }, { 0x305, "mtvec" },
    { 0x306, "mcounteren" }, { 0x30a, "menvcfg" }, { 0x310, "mstatush" },
    { 0x31a, "menvcfgh" }, { 0x320, "mcountinhibit" },
    { 0x340, "mscratch" }, { 0x341, "mepc" }, { 0x342, "mcause" },
    { 0x343, "mtval" }, { 0x344, "mip" }, { 0x34a, "mtinst" },
    { 0x34b, "mtval2" }, { 0x747, "mseccfg" }, { 0x757, "mseccfgh" },
    { 0xb00, "mcycle" }, { 0xb02, "minstret" },
    { 0xb80, "mcycleh" }, { 0xb82, "minstreth" },
    { 0x7a0, "tselect" }, { 0x7a1, "tdata1" }, { 0x7a2, "tdata2" },
    { 0x7a3, "tdata3" }, { 0x7a8, "mcontext" },
    { 0x7b0, "dcsr" }, { 0x7b1, "dpc" }, { 0x7b2, "dscratch0" },
    { 0x7b3, "dscratch1" },
};

/* Numbered families: first CSR, count, first index, printf pattern. */
static const struct {
    unsigned base, count, first;
    const char *pattern;
} csr_families[] = {
    { 0xc03, 29, 3, "hpmcounter%u" },
    { 0xc83, 29, 3, "hpmcounter%uh" },
    { 0xb03, 29, 3, "mhpmcounter%u" },
    { 0xb83, 29, 3, "mhpmcounter%uh" },
    { 0x323, 29, 3, "mhpmevent%u" },
    { 0x3a0, 16, 0, "pmpcfg%u" },
    { 0x3b0, 64, 0, "pmpaddr%u" },
};

static const char *csr_table[4096];

static void csr_table_init(void)
{
    for (size_t i = 0; i < G_N_ELEMENTS(csr_fixed); i++) {
        csr_table[csr_fixed[i].num] = csr_fixed[i].name;
    }
    /* Built once and kept for the life of the program. */
    for (size_t i = 0; i < G_N_ELEMENTS(csr_families); i++) {
        for (unsigned n = 0; n < csr_families[i].count; n++) {
            csr_table[csr_families[i].base + n] =
                g_strdup_printf(csr_families[i].pattern,
                                csr_families[i].first + n);
        }
    }
}

const char *riscv_csr_name(unsigned csr)
{
    static gsize once;

    if (g_once_init_enter(&once)) {
        csr_table_init();
        g_once_init_leave(&once, 1);
    }
    return csr < G_N_ELEMENTS(csr_table) ? csr_table[csr] : NULL;
}
