/*
 * The riscv64 register description for GDB (its "target description"
 * features org.gnu.gdb.riscv.cpu, .fpu and .csr) and register access by
 * GDB register number: x0-x31 are 0-31, pc 32, f0-f31 33-64, and CSR c is
 * 65 + c (so fflags, frm and fcsr are 66-68, as GDB numbers them). The
 * gdbstub (later) serves the XML and calls these.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "target/riscv/gdbstub.h"
#include "target/riscv/disas.h"

#include <string.h>

/* CSRs offered in the csr feature (the FP ones are in the fpu feature). */
static const int gdb_csrs[] = {
    CSR_CYCLE, CSR_TIME, CSR_INSTRET,
    CSR_SSTATUS, CSR_SIE, CSR_STVEC, CSR_SCOUNTEREN, CSR_SENVCFG,
    CSR_SSCRATCH, CSR_SEPC, CSR_SCAUSE, CSR_STVAL, CSR_SIP, CSR_STIMECMP,
    CSR_SATP,
    CSR_MVENDORID, CSR_MARCHID, CSR_MIMPID, CSR_MHARTID,
    CSR_MSTATUS, CSR_MISA, CSR_MEDELEG, CSR_MIDELEG, CSR_MIE, CSR_MTVEC,
    CSR_MCOUNTEREN, CSR_MENVCFG, CSR_MSCRATCH, CSR_MEPC, CSR_MCAUSE,
    CSR_MTVAL, CSR_MIP, CSR_PMPCFG0, CSR_PMPCFG0 + 2,
    CSR_PMPADDR0, CSR_PMPADDR0 + 1, CSR_PMPADDR0 + 2, CSR_PMPADDR0 + 3,
    CSR_PMPADDR0 + 4, CSR_PMPADDR0 + 5, CSR_PMPADDR0 + 6, CSR_PMPADDR0 + 7,
    CSR_PMPADDR0 + 8, CSR_PMPADDR0 + 9, CSR_PMPADDR0 + 10,
    CSR_PMPADDR0 + 11, CSR_PMPADDR0 + 12, CSR_PMPADDR0 + 13,
    CSR_PMPADDR0 + 14, CSR_PMPADDR0 + 15, CSR_MCYCLE, CSR_MINSTRET,
};

static void feature_begin(GString *x, const char *name)
{
    g_string_append_printf(x, "  <feature name=\"%s\">\n", name);
}

static void reg(GString *x, const char *name, int regnum, const char *type,
                const char *group)
{
    g_string_append_printf(x, "    <reg name=\"%s\" bitsize=\"64\" "
                           "regnum=\"%d\" type=\"%s\"%s%s%s/>\n", name,
                           regnum, type, group ? " group=\"" : "",
                           group ? group : "", group ? "\"" : "");
}

/* CSRs that exist on this CPU (read as M, so privilege does not hide). */
static bool csr_exists(CPURISCVState *env, int csr)
{
    int saved = env->priv;
    uint64_t v;
    bool ok;

    env->priv = PRV_M;
    ok = riscv_csr_read(env, csr, &v) == RISCV_EXCP_NONE;
    env->priv = saved;
    return ok;
}

char *riscv_gdb_target_xml(RISCVCPU *cpu)
{
    CPURISCVState *env = &cpu->env;
    GString *x = g_string_new(NULL);

    g_string_append(x, "<?xml version=\"1.0\"?>\n"
                    "<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n"
                    "<target>\n  <architecture>riscv:rv64</architecture>\n");
    feature_begin(x, "org.gnu.gdb.riscv.cpu");
    for (int i = 0; i < 32; i++) {
        reg(x, riscv_xreg_name(i), i,
            i == 1 ? "code_ptr" : (i == 2 || i == 8) ? "data_ptr" : "int",
            NULL);
    }
    reg(x, "pc", RISCV_GDB_PC, "code_ptr", NULL);
    g_string_append(x, "  </feature>\n");

    if (riscv_has_ext(env, 'F')) {
        const char *type = riscv_has_ext(env, 'D') ? "ieee_double"
                                                     : "ieee_single";
        feature_begin(x, "org.gnu.gdb.riscv.fpu");
        for (int i = 0; i < 32; i++) {
            reg(x, riscv_freg_name(i), RISCV_GDB_F0 + i, type, NULL);
        }
        reg(x, "fflags", RISCV_GDB_CSR0 + CSR_FFLAGS, "int", "float");
        reg(x, "frm", RISCV_GDB_CSR0 + CSR_FRM, "int", "float");
        reg(x, "fcsr", RISCV_GDB_CSR0 + CSR_FCSR, "int", "float");
        g_string_append(x, "  </feature>\n");
    }

    feature_begin(x, "org.gnu.gdb.riscv.csr");
    for (size_t i = 0; i < G_N_ELEMENTS(gdb_csrs); i++) {
        if (csr_exists(env, gdb_csrs[i])) {
            reg(x, riscv_csr_name(gdb_csrs[i]), RISCV_GDB_CSR0 + gdb_csrs[i],
                "int", "csr");
        }
    }
    g_string_append(x, "  </feature>\n");
    /* The privilege mode, as GDB's "virtual" feature has it. */
    feature_begin(x, "org.gnu.gdb.riscv.virtual");
    reg(x, "priv", RISCV_GDB_PRIV, "int", "system");
    g_string_append(x, "  </feature>\n</target>\n");
    return g_string_free(x, FALSE);
}

/* CSR access for the debugger: as M, FS not required for the FP CSRs. */
static bool gdb_csr(CPURISCVState *env, int csr, uint64_t *val, bool write)
{
    int saved_priv = env->priv;
    uint64_t saved_status = env->mstatus;
    RISCVException r;

    env->priv = PRV_M;
    if (csr <= CSR_FCSR && riscv_has_ext(env, 'F')) {
        env->mstatus |= MSTATUS_FS;
    }
    r = write ? riscv_csr_write(env, csr, *val)
              : riscv_csr_read(env, csr, val);
    env->priv = saved_priv;
    if (csr <= CSR_FCSR) {
        /* A debugger's look at fcsr must not mark the FP state dirty. */
        env->mstatus = (env->mstatus & ~MSTATUS_FS) |
                       (saved_status & MSTATUS_FS);
    }
    riscv_update_tb_flags(env);
    return r == RISCV_EXCP_NONE;
}

int riscv_gdb_read_register(RISCVCPU *cpu, int n, uint8_t *buf)
{
    CPURISCVState *env = &cpu->env;
    uint64_t v;

    if (n >= 0 && n < 32) {
        v = env->gpr[n];
    } else if (n == RISCV_GDB_PC) {
        v = env->pc;
    } else if (n >= RISCV_GDB_F0 && n < RISCV_GDB_F0 + 32 &&
               riscv_has_ext(env, 'F')) {
        v = env->fpr[n - RISCV_GDB_F0];
    } else if (n >= RISCV_GDB_CSR0 && n < RISCV_GDB_CSR0 + 4096) {
        if (!gdb_csr(env, n - RISCV_GDB_CSR0, &v, false)) {
            return 0;
        }
    } else if (n == RISCV_GDB_PRIV) {
        v = env->priv;
    } else {
        return 0;
    }
    for (int i = 0; i < 8; i++) {
        buf[i] = v >> (8 * i);          /* target byte order: little */
    }
    return 8;
}

int riscv_gdb_write_register(RISCVCPU *cpu, int n, const uint8_t *buf)
{
    CPURISCVState *env = &cpu->env;
    uint64_t v = 0;

    for (int i = 0; i < 8; i++) {
        v |= (uint64_t)buf[i] << (8 * i);
    }
    if (n >= 0 && n < 32) {
        if (n) {
            env->gpr[n] = v;        /* x0 stays zero */
        }
    } else if (n == RISCV_GDB_PC) {
        env->pc = v;
    } else if (n >= RISCV_GDB_F0 && n < RISCV_GDB_F0 + 32 &&
               riscv_has_ext(env, 'F')) {
        env->fpr[n - RISCV_GDB_F0] = v;
    } else if (n >= RISCV_GDB_CSR0 && n < RISCV_GDB_CSR0 + 4096) {
        if (!gdb_csr(env, n - RISCV_GDB_CSR0, &v, true)) {
            return 0;
        }
    } else if (n == RISCV_GDB_PRIV) {
        if (v != PRV_M && !(v == PRV_S && riscv_has_ext(env, 'S')) &&
            !(v == PRV_U && riscv_has_ext(env, 'U'))) {
            return 0;
        }
        env->priv = v;
        riscv_update_tb_flags(env);
    } else {
        return 0;
    }
    return 8;
}
