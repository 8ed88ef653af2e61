/*
 * RISC-V disassembler. scripts/decodegen.py --print-trans turns every
 * pattern of insn32.decode and insn16.decode into a trans function that
 * hands its fields to disas_emit() below, so an instruction the decoder
 * knows is an instruction the disassembler prints. The output follows GNU
 * objdump (binutils 2.40) with aliases on; docs/devel/decodegen.md lists
 * where we deliberately differ (objdump's "add a0,a0,1" for addi and
 * friends, CSR names binutils 2.40 lacks).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "target/riscv/disas.h"

#include <glib.h>
#include <inttypes.h>
#include <stdbool.h>
#include <string.h>

#include "target/riscv/decode-helpers.h"

typedef struct RiscvDisas {
    uint64_t pc;
    GString *out;
    uint32_t insn;
    int len;
    const char *const *names;
    const int *vals;
    int n;
} RiscvDisas;

static bool disas_emit(RiscvDisas *d, const char *name,
                       const char *const *names, const int *vals, int n);

#include "target/riscv/disas-insn32.c.inc"
#include "target/riscv/disas-insn16.c.inc"

static const char *const xreg_names[32] = {
    "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2",
    "s0", "s1", "a0", "a1", "a2", "a3", "a4", "a5",
    "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7",
    "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
};

static const char *const freg_names[32] = {
    "ft0", "ft1", "ft2", "ft3", "ft4", "ft5", "ft6", "ft7",
    "fs0", "fs1", "fa0", "fa1", "fa2", "fa3", "fa4", "fa5",
    "fa6", "fa7", "fs2", "fs3", "fs4", "fs5", "fs6", "fs7",
    "fs8", "fs9", "fs10", "fs11", "ft8", "ft9", "ft10", "ft11",
};

static const char *const rm_names[8] = {
    "rne", "rtz", "rdn", "rup", "rmm", "0x5", "0x6", "dyn",
};

const char *riscv_xreg_name(unsigned reg)
{
    return reg < 32 ? xreg_names[reg] : "?";
}

const char *riscv_freg_name(unsigned reg)
{
    return reg < 32 ? freg_names[reg] : "?";
}

/*
 * Operand templates for patterns whose operands do not follow from their
 * argument set (see default_template). Tokens, comma-separated:
 *   rd rs1 rs2       integer registers      frd frs1 frs2 frs3  FP registers
 *   imm              signed decimal         shamt  hex shift amount
 *   uimm             lui/auipc immediate    mem    imm(rs1)   amem  (rs1)
 *   target           pc + imm               csr    CSR name or number
 *   zimm             rs1 as a 5-bit value   rm     rounding mode, none if dyn
 *   rm0              rounding mode, none if rne (exact conversions)
 */
static const struct {
    const char *name;
    const char *tmpl;
} templates[] = {
    { "lb", "rd,mem" }, { "lh", "rd,mem" }, { "lw", "rd,mem" },
    { "ld", "rd,mem" }, { "lbu", "rd,mem" }, { "lhu", "rd,mem" },
    { "lwu", "rd,mem" }, { "flw", "frd,mem" }, { "fld", "frd,mem" },
    { "fsw", "frs2,mem" }, { "fsd", "frs2,mem" },
    { "jal", "rd,target" },
    { "beq", "rs1,rs2,target" }, { "bne", "rs1,rs2,target" },
    { "blt", "rs1,rs2,target" }, { "bge", "rs1,rs2,target" },
    { "bltu", "rs1,rs2,target" }, { "bgeu", "rs1,rs2,target" },
    { "lr_w", "rd,amem" }, { "lr_d", "rd,amem" },
    { "csrrwi", "rd,csr,zimm" }, { "csrrsi", "rd,csr,zimm" },
    { "csrrci", "rd,csr,zimm" },
    { "fsqrt_s", "frd,frs1,rm" }, { "fsqrt_d", "frd,frs1,rm" },
    { "fsgnj_s", "frd,frs1,frs2" }, { "fsgnjn_s", "frd,frs1,frs2" },
    { "fsgnjx_s", "frd,frs1,frs2" }, { "fsgnj_d", "frd,frs1,frs2" },
    { "fsgnjn_d", "frd,frs1,frs2" }, { "fsgnjx_d", "frd,frs1,frs2" },
    { "fmin_s", "frd,frs1,frs2" }, { "fmax_s", "frd,frs1,frs2" },
    { "fmin_d", "frd,frs1,frs2" }, { "fmax_d", "frd,frs1,frs2" },
    { "feq_s", "rd,frs1,frs2" }, { "flt_s", "rd,frs1,frs2" },
    { "fle_s", "rd,frs1,frs2" }, { "feq_d", "rd,frs1,frs2" },
    { "flt_d", "rd,frs1,frs2" }, { "fle_d", "rd,frs1,frs2" },
    { "fclass_s", "rd,frs1" }, { "fclass_d", "rd,frs1" },
    { "fmv_x_w", "rd,frs1" }, { "fmv_x_d", "rd,frs1" },
    { "fmv_w_x", "frd,rs1" }, { "fmv_d_x", "frd,rs1" },
    { "fcvt_w_s", "rd,frs1,rm" }, { "fcvt_wu_s", "rd,frs1,rm" },
    { "fcvt_l_s", "rd,frs1,rm" }, { "fcvt_lu_s", "rd,frs1,rm" },
    { "fcvt_w_d", "rd,frs1,rm" }, { "fcvt_wu_d", "rd,frs1,rm" },
    { "fcvt_l_d", "rd,frs1,rm" }, { "fcvt_lu_d", "rd,frs1,rm" },
    { "fcvt_s_w", "frd,rs1,rm" }, { "fcvt_s_wu", "frd,rs1,rm" },
    { "fcvt_s_l", "frd,rs1,rm" }, { "fcvt_s_lu", "frd,rs1,rm" },
    { "fcvt_d_l", "frd,rs1,rm" }, { "fcvt_d_lu", "frd,rs1,rm" },
    { "fcvt_d_w", "frd,rs1,rm0" }, { "fcvt_d_wu", "frd,rs1,rm0" },
    { "fcvt_s_d", "frd,frs1,rm" }, { "fcvt_d_s", "frd,frs1,rm0" },
    { "fminm_s", "frd,frs1,frs2" }, { "fmaxm_s", "frd,frs1,frs2" },
    { "fminm_d", "frd,frs1,frs2" }, { "fmaxm_d", "frd,frs1,frs2" },
    { "fleq_s", "rd,frs1,frs2" }, { "fltq_s", "rd,frs1,frs2" },
    { "fleq_d", "rd,frs1,frs2" }, { "fltq_d", "rd,frs1,frs2" },
    { "fround_s", "frd,frs1,rm" }, { "froundnx_s", "frd,frs1,rm" },
    { "fround_d", "frd,frs1,rm" }, { "froundnx_d", "frd,frs1,rm" },
    { "fcvtmod_w_d", "rd,frs1,rm" },
    { "flh", "frd,mem" }, { "fsh", "frs2,mem" },
    { "fmv_x_h", "rd,frs1" }, { "fmv_h_x", "frd,rs1" },
    { "fcvt_s_h", "frd,frs1,rm0" }, { "fcvt_d_h", "frd,frs1,rm0" },
    { "fcvt_h_s", "frd,frs1,rm" }, { "fcvt_h_d", "frd,frs1,rm" },
    { "cbo_inval", "amem" }, { "cbo_clean", "amem" },
    { "cbo_flush", "amem" }, { "cbo_zero", "amem" },
};

static int field(RiscvDisas *d, const char *name)
{
    for (int i = 0; i < d->n; i++) {
        if (!strcmp(d->names[i], name)) {
            return d->vals[i];
        }
    }
    /* A template names a field its pattern lacks: a table bug. */
    g_assert_not_reached();
}

static bool has_field(RiscvDisas *d, const char *name)
{
    for (int i = 0; i < d->n; i++) {
        if (!strcmp(d->names[i], name)) {
            return true;
        }
    }
    return false;
}

/* The operands an argument set implies, by its field names. */
static const char *default_template(RiscvDisas *d)
{
    if (has_field(d, "rs3")) {
        return "frd,frs1,frs2,frs3,rm";
    }
    if (has_field(d, "rm")) {
        return "frd,frs1,frs2,rm";
    }
    if (has_field(d, "aq")) {
        return "rd,rs2,amem";
    }
    if (has_field(d, "csr")) {
        return "rd,csr,rs1";
    }
    if (has_field(d, "shamt")) {
        return "rd,rs1,shamt";
    }
    if (has_field(d, "imm")) {
        if (!has_field(d, "rd")) {
            return "rs2,mem";           /* stores; branches are listed */
        }
        return has_field(d, "rs1") ? "rd,rs1,imm" : "rd,uimm";
    }
    if (has_field(d, "rs2")) {
        return "rd,rs1,rs2";
    }
    if (has_field(d, "rs1")) {
        return "rd,rs1";
    }
    return "";
}

static void put_csr(RiscvDisas *d, int csr)
{
    const char *name = riscv_csr_name(csr);

    if (name) {
        g_string_append(d->out, name);
    } else {
        g_string_append_printf(d->out, "0x%x", csr);
    }
}

static void put_target(RiscvDisas *d, int imm)
{
    g_string_append_printf(d->out, "%" PRIx64, d->pc + (int64_t)imm);
}

/* Print one template operand; false if it printed nothing. */
static bool put_operand(RiscvDisas *d, const char *tok)
{
    if (!strcmp(tok, "rm") || !strcmp(tok, "rm0")) {
        int rm = field(d, "rm");
        if (rm == (tok[2] ? 0 : 7)) {
            return false;
        }
        g_string_append(d->out, rm_names[rm]);
    } else if (tok[0] == 'f' && tok[1] == 'r') {
        g_string_append(d->out, riscv_freg_name(field(d, tok + 1)));
    } else if (tok[0] == 'r') {
        g_string_append(d->out, riscv_xreg_name(field(d, tok)));
    } else if (!strcmp(tok, "imm")) {
        g_string_append_printf(d->out, "%d", field(d, "imm"));
    } else if (!strcmp(tok, "shamt")) {
        g_string_append_printf(d->out, "0x%x", field(d, "shamt"));
    } else if (!strcmp(tok, "uimm")) {
        g_string_append_printf(d->out, "0x%x",
                               ((unsigned)field(d, "imm") >> 12) & 0xfffff);
    } else if (!strcmp(tok, "mem")) {
        g_string_append_printf(d->out, "%d(%s)", field(d, "imm"),
                               riscv_xreg_name(field(d, "rs1")));
    } else if (!strcmp(tok, "amem")) {
        g_string_append_printf(d->out, "(%s)",
                               riscv_xreg_name(field(d, "rs1")));
    } else if (!strcmp(tok, "target")) {
        put_target(d, field(d, "imm"));
    } else if (!strcmp(tok, "csr")) {
        put_csr(d, field(d, "csr"));
    } else if (!strcmp(tok, "zimm")) {
        g_string_append_printf(d->out, "%d", field(d, "rs1"));
    } else {
        g_assert_not_reached();
    }
    return true;
}

static void put_template(RiscvDisas *d, const char *mnemonic,
                         const char *tmpl)
{
    g_auto(GStrv) toks = g_strsplit(tmpl, ",", -1);
    bool first = true;

    g_string_append(d->out, mnemonic);
    for (int i = 0; toks[i]; i++) {
        size_t mark = d->out->len;
        if (!toks[i][0]) {
            continue;
        }
        g_string_append_c(d->out, first ? ' ' : ',');
        if (put_operand(d, toks[i])) {
            first = false;
        } else {
            g_string_truncate(d->out, mark);
        }
    }
}

static const char *fence_set(int bits, char *buf)
{
    char *p = buf;

    if (bits & 8) {
        *p++ = 'i';
    }
    if (bits & 4) {
        *p++ = 'o';
    }
    if (bits & 2) {
        *p++ = 'r';
    }
    if (bits & 1) {
        *p++ = 'w';
    }
    if (p == buf) {
        *p++ = '0';
    }
    *p = 0;
    return buf;
}

/* The special CSR accessors objdump prints for csrrs rd,CSR,zero. */
static const char *csr_read_alias(int csr)
{
    switch (csr) {
    case 0x001: return "frflags";
    case 0x002: return "frrm";
    case 0x003: return "frcsr";
    case 0xc00: return "rdcycle";
    case 0xc01: return "rdtime";
    case 0xc02: return "rdinstret";
    default: return NULL;
    }
}

/* ... and for csrrw rd,CSR,rs1 on the FP CSRs. */
static const char *csr_write_alias(int csr)
{
    switch (csr) {
    case 0x001: return "fsflags";
    case 0x002: return "fsrm";
    case 0x003: return "fscsr";
    default: return NULL;
    }
}

#define X(r) riscv_xreg_name(r)
#define F(r) riscv_freg_name(r)

/* Pseudo-instructions and special shapes; false to print the plain form. */
static bool put_alias(RiscvDisas *d, const char *name)
{
    GString *o = d->out;
    int rd = has_field(d, "rd") ? field(d, "rd") : 0;
    int rs1 = has_field(d, "rs1") ? field(d, "rs1") : 0;
    int rs2 = has_field(d, "rs2") ? field(d, "rs2") : 0;
    int imm = has_field(d, "imm") ? field(d, "imm") : 0;

    if (!strcmp(name, "add") && rd == 0 && rs1 == 0 && rs2 >= 2 &&
        rs2 <= 5) {
        /*
         * Zihintntl's hints as binutils 2.44 prints them: c.ntl.* as
         * its expansion, like the rest of C
         */
        static const char *const ntl[4] = { "p1", "pall", "s1", "all" };
        g_string_append_printf(o, "ntl.%s", ntl[rs2 - 2]);
    } else if (!strcmp(name, "mop_r_n")) {
        g_string_append_printf(o, "mop.r.%d %s,%s", field(d, "n"), X(rd),
                               X(rs1));
    } else if (!strcmp(name, "mop_rr_n")) {
        g_string_append_printf(o, "mop.rr.%d %s,%s,%s", field(d, "n"),
                               X(rd), X(rs1), X(rs2));
    } else if (!strcmp(name, "fli_s") || !strcmp(name, "fli_d")) {
        /* binutils: names for min/inf/nan, the others as C's %a */
        static const double val[32] = {
            -1.0, 0, 0x1p-16, 0x1p-15, 0x1p-8, 0x1p-7, 0.0625, 0.125,
            0.25, 0.3125, 0.375, 0.4375, 0.5, 0.625, 0.75, 0.875,
            1.0, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 4.0,
            8.0, 16.0, 128.0, 256.0, 0x1p15, 0x1p16, 0, 0,
        };
        g_string_append_printf(o, "fli.%c %s,", name[4], F(rd));
        if (rs1 == 1 || rs1 >= 30) {
            g_string_append(o, rs1 == 1 ? "min" : rs1 == 30 ? "inf" : "nan");
        } else {
            g_string_append_printf(o, "%a", val[rs1]);
        }
    } else if (!strcmp(name, "c_mop_n")) {
        g_string_append_printf(o, "c.mop.%d", field(d, "n"));
    } else if (!strcmp(name, "addi")) {
        if (rd == 0 && rs1 == 0 && imm == 0) {
            g_string_append(o, "nop");
        } else if (rs1 == 0) {
            g_string_append_printf(o, "li %s,%d", X(rd), imm);
        } else if (imm == 0) {
            g_string_append_printf(o, "mv %s,%s", X(rd), X(rs1));
        } else {
            return false;
        }
    } else if (!strcmp(name, "addiw") && imm == 0) {
        g_string_append_printf(o, "sext.w %s,%s", X(rd), X(rs1));
    } else if (!strcmp(name, "xori") && imm == -1) {
        g_string_append_printf(o, "not %s,%s", X(rd), X(rs1));
    } else if (!strcmp(name, "andi") && imm == 255) {
        g_string_append_printf(o, "zext.b %s,%s", X(rd), X(rs1));
    } else if (!strcmp(name, "sltiu") && imm == 1) {
        g_string_append_printf(o, "seqz %s,%s", X(rd), X(rs1));
    } else if ((!strcmp(name, "sub") || !strcmp(name, "subw")) && rs1 == 0) {
        g_string_append_printf(o, "%s %s,%s", name[3] ? "negw" : "neg",
                               X(rd), X(rs2));
    } else if (!strcmp(name, "sltu") && rs1 == 0) {
        g_string_append_printf(o, "snez %s,%s", X(rd), X(rs2));
    } else if (!strcmp(name, "slt") && rs2 == 0) {
        g_string_append_printf(o, "sltz %s,%s", X(rd), X(rs1));
    } else if (!strcmp(name, "slt") && rs1 == 0) {
        g_string_append_printf(o, "sgtz %s,%s", X(rd), X(rs2));
    } else if (!strcmp(name, "add_uw") && rs2 == 0) {
        g_string_append_printf(o, "zext.w %s,%s", X(rd), X(rs1));
    } else if (!strcmp(name, "jal") && (rd == 0 || rd == 1)) {
        g_string_append(o, rd ? "jal " : "j ");
        put_target(d, imm);
    } else if (!strcmp(name, "jalr")) {
        const char *mn = rd == 0 ? "jr" : "jalr";
        if (rd == 0 && rs1 == 1 && imm == 0) {
            g_string_append(o, "ret");
            return true;
        }
        g_string_append_printf(o, "%s ", mn);
        if (rd > 1) {
            g_string_append_printf(o, "%s,", X(rd));
        }
        if (imm) {
            g_string_append_printf(o, "%d(%s)", imm, X(rs1));
        } else {
            g_string_append(o, X(rs1));
        }
    } else if ((!strcmp(name, "beq") || !strcmp(name, "bne")) && rs2 == 0) {
        g_string_append_printf(o, "%sz %s,", name, X(rs1));
        put_target(d, imm);
    } else if ((!strcmp(name, "blt") || !strcmp(name, "bge")) &&
               (rs1 == 0 || rs2 == 0)) {
        /* objdump's choice when both are zero: bltz, blez */
        bool ge = name[1] == 'g';
        bool swap = ge ? rs1 == 0 : rs2 != 0;
        g_string_append_printf(o, "%s %s,",
                               ge ? (swap ? "blez" : "bgez")
                                  : (swap ? "bgtz" : "bltz"),
                               X(swap ? rs2 : rs1));
        put_target(d, imm);
    } else if (!strcmp(name, "csrrs") && rs1 == 0) {
        int csr = field(d, "csr");
        if (csr_read_alias(csr)) {
            g_string_append_printf(o, "%s %s", csr_read_alias(csr), X(rd));
        } else {
            g_string_append_printf(o, "csrr %s,", X(rd));
            put_csr(d, csr);
        }
    } else if (!strcmp(name, "csrrw") && csr_write_alias(field(d, "csr"))) {
        g_string_append_printf(o, "%s ", csr_write_alias(field(d, "csr")));
        if (rd) {
            g_string_append_printf(o, "%s,", X(rd));
        }
        g_string_append(o, X(rs1));
    } else if (!strcmp(name, "csrrwi") &&
               (field(d, "csr") == 1 || field(d, "csr") == 2)) {
        g_string_append_printf(o, "%s %s,%d",
                               field(d, "csr") == 1 ? "fsflagsi" : "fsrmi",
                               X(rd), rs1);
    } else if (!strncmp(name, "csrr", 4) && rd == 0) {
        /* csrw/csrs/csrc and their immediate forms */
        bool is_imm = name[5] == 'i';
        g_string_append_printf(o, "csr%c%s ", name[4], is_imm ? "i" : "");
        put_csr(d, field(d, "csr"));
        if (is_imm) {
            g_string_append_printf(o, ",%d", rs1);
        } else {
            g_string_append_printf(o, ",%s", X(rs1));
        }
    } else if (!strncmp(name, "fsgnj", 5) && rs1 == rs2) {
        static const char *const mn[3] = { "fmv", "fneg", "fabs" };
        int kind = name[5] == '_' ? 0 : name[5] == 'n' ? 1 : 2;
        g_string_append_printf(o, "%s.%c %s,%s", mn[kind],
                               name[strlen(name) - 1], F(rd), F(rs1));
    } else if (!strcmp(name, "fence")) {
        int pred = field(d, "pred"), succ = field(d, "succ");
        char p[8], s[8];
        if (pred == 15 && succ == 15) {
            g_string_append(o, "fence");
        } else if (pred == 1 && succ == 0) {
            g_string_append(o, "pause");
        } else {
            g_string_append_printf(o, "fence %s,%s", fence_set(pred, p),
                                   fence_set(succ, s));
        }
    } else if (!strcmp(name, "sfence_vma")) {
        g_string_append(o, "sfence.vma");
        if (rs1 || rs2) {
            g_string_append_printf(o, " %s", X(rs1));
        }
        if (rs2) {
            g_string_append_printf(o, ",%s", X(rs2));
        }
    } else if (has_field(d, "aq")) {
        g_autofree char *mn = g_strdelimit(g_strdup(name), "_", '.');
        const char *suffix[4] = { "", ".rl", ".aq", ".aqrl" };
        g_string_append_printf(o, "%s%s", mn,
                               suffix[field(d, "aq") * 2 + field(d, "rl")]);
        put_template(d, "", name[0] == 'l' ? "rd,amem" : "rd,rs2,amem");
    } else if (!strcmp(name, "illegal")) {
        if (d->insn == 0) {
            g_string_append(o, "unimp");
        } else {
            g_string_append_printf(o, ".2byte 0x%04x", d->insn);
        }
    } else {
        return false;
    }
    return true;
}

/* Zcb's patterns print as their expansions, as objdump prints them. */
static const char *const zcb_expansions[][2] = {
    { "c_lbu", "lbu" }, { "c_lhu", "lhu" }, { "c_lh", "lh" },
    { "c_sb", "sb" }, { "c_sh", "sh" }, { "c_zext_b", "andi" },
    { "c_sext_b", "sext_b" }, { "c_zext_h", "zext_h" },
    { "c_sext_h", "sext_h" }, { "c_zext_w", "add_uw" },
    { "c_not", "xori" }, { "c_mul", "mul" },
};

static bool disas_emit(RiscvDisas *d, const char *name,
                       const char *const *names, const int *vals, int n)
{
    const char *tmpl = NULL;
    g_autofree char *mnemonic = NULL;

    for (size_t i = 0; i < G_N_ELEMENTS(zcb_expansions); i++) {
        if (!strcmp(name, zcb_expansions[i][0])) {
            name = zcb_expansions[i][1];
            break;
        }
    }
    d->names = names;
    d->vals = vals;
    d->n = n;
    if (put_alias(d, name)) {
        return true;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(templates); i++) {
        if (!strcmp(templates[i].name, name)) {
            tmpl = templates[i].tmpl;
            break;
        }
    }
    mnemonic = g_strdelimit(g_strdup(name), "_", '.');
    put_template(d, mnemonic, tmpl ? tmpl : default_template(d));
    return true;
}

int riscv_disas(char *buf, size_t size, uint64_t pc, uint32_t insn)
{
    RiscvDisas d = {
        .pc = pc,
        .out = g_string_new(NULL),
        .len = riscv_insn_length(insn),
    };
    bool ok;

    if (d.len == 2) {
        d.insn = insn & 0xffff;
        ok = disas_decode16(&d, d.insn);
    } else {
        d.insn = insn;
        ok = disas_decode32(&d, d.insn);
    }
    if (!ok) {
        g_string_truncate(d.out, 0);
        g_string_append_printf(d.out, d.len == 2 ? ".2byte 0x%04x"
                               : ".4byte 0x%08x", d.insn);
    }
    if (size) {
        g_strlcpy(buf, d.out->str, size);
    }
    g_string_free(d.out, TRUE);
    return d.len;
}
