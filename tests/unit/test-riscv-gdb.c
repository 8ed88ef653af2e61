/*
 * target/riscv/gdbstub.c: the GDB target description and register access
 * by GDB number.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "riscv-test-cpu.h"
#include "target/riscv/gdbstub.h"

#include <string.h>

/* name -> regnum for every <reg> of the XML; fails on malformed XML. */
static void start_element(GMarkupParseContext *ctx, const char *element,
                          const char **names, const char **values,
                          gpointer user_data, GError **error)
{
    GHashTable *regs = user_data;
    const char *name = NULL, *regnum = NULL;

    if (strcmp(element, "reg")) {
        return;
    }
    for (int i = 0; names[i]; i++) {
        if (!strcmp(names[i], "name")) {
            name = values[i];
        } else if (!strcmp(names[i], "regnum")) {
            regnum = values[i];
        }
    }
    ck_assert_ptr_nonnull(name);
    ck_assert_ptr_nonnull(regnum);
    ck_assert_msg(!g_hash_table_contains(regs, name), "duplicate %s", name);
    g_hash_table_insert(regs, g_strdup(name),
                        GINT_TO_POINTER(atoi(regnum) + 1));
}

static GHashTable *parse_regs(RISCVCPU *cpu)
{
    static const GMarkupParser parser = { .start_element = start_element };
    g_autofree char *xml = riscv_gdb_target_xml(cpu);
    GHashTable *regs = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                             NULL);
    GMarkupParseContext *ctx = g_markup_parse_context_new(&parser, 0, regs,
                                                          NULL);
    GError *err = NULL;

    /* the DOCTYPE line is not GMarkup's business */
    const char *body = strstr(xml, "<target>");
    ck_assert_ptr_nonnull(body);
    ck_assert_msg(g_markup_parse_context_parse(ctx, body, -1, &err) &&
                  g_markup_parse_context_end_parse(ctx, &err),
                  "%s", err ? err->message : "");
    g_markup_parse_context_free(ctx);
    return regs;
}

static int regnum(GHashTable *regs, const char *name)
{
    return GPOINTER_TO_INT(g_hash_table_lookup(regs, name)) - 1;
}

START_TEST(target_xml_numbers)
{
    RISCVCPU *cpu = riscv_test_cpu("rv64");
    GHashTable *regs = parse_regs(cpu);
    g_autofree char *xml = riscv_gdb_target_xml(cpu);

    ck_assert_ptr_nonnull(strstr(xml, "<architecture>riscv:rv64"));
    ck_assert_int_eq(regnum(regs, "zero"), 0);
    ck_assert_int_eq(regnum(regs, "t6"), 31);
    ck_assert_int_eq(regnum(regs, "pc"), 32);
    ck_assert_int_eq(regnum(regs, "ft0"), 33);
    ck_assert_int_eq(regnum(regs, "fa0"), 43);
    ck_assert_int_eq(regnum(regs, "fflags"), 66);
    ck_assert_int_eq(regnum(regs, "fcsr"), 68);
    ck_assert_int_eq(regnum(regs, "mstatus"), 65 + 0x300);
    ck_assert_int_eq(regnum(regs, "satp"), 65 + 0x180);
    ck_assert_int_eq(regnum(regs, "pmpaddr15"), 65 + 0x3bf);
    ck_assert_int_eq(regnum(regs, "priv"), RISCV_GDB_PRIV);
    ck_assert_ptr_nonnull(strstr(xml, "ieee_double"));
    g_hash_table_unref(regs);
    riscv_test_cpu_free(cpu);

    cpu = riscv_test_cpu("rv64,f=off,d=off,s=off,sstc=off");
    regs = parse_regs(cpu);
    ck_assert_int_eq(regnum(regs, "fa0"), -1);
    ck_assert_int_eq(regnum(regs, "satp"), -1);
    ck_assert_int_eq(regnum(regs, "mstatus"), 65 + 0x300);
    g_hash_table_unref(regs);
    riscv_test_cpu_free(cpu);
}
END_TEST

static uint64_t get(RISCVCPU *cpu, int n)
{
    uint8_t b[8];
    uint64_t v = 0;

    ck_assert_int_eq(riscv_gdb_read_register(cpu, n, b), 8);
    for (int i = 0; i < 8; i++) {
        v |= (uint64_t)b[i] << (8 * i);
    }
    return v;
}

static int put(RISCVCPU *cpu, int n, uint64_t v)
{
    uint8_t b[8];

    for (int i = 0; i < 8; i++) {
        b[i] = v >> (8 * i);
    }
    return riscv_gdb_write_register(cpu, n, b);
}

START_TEST(register_access)
{
    RISCVCPU *cpu = riscv_test_cpu("rv64");
    CPURISCVState *env = &cpu->env;
    uint8_t b[8];

    env->gpr[10] = 0x1122334455667788ull;
    ck_assert_uint_eq(get(cpu, 10), 0x1122334455667788ull);
    riscv_gdb_read_register(cpu, 10, b);
    ck_assert_uint_eq(b[0], 0x88);          /* little-endian */
    ck_assert_int_eq(put(cpu, 0, 5), 8);
    ck_assert_uint_eq(env->gpr[0], 0);
    ck_assert_int_eq(put(cpu, RISCV_GDB_PC, 0x80000000), 8);
    ck_assert_uint_eq(env->pc, 0x80000000);
    ck_assert_int_eq(put(cpu, RISCV_GDB_F0 + 10, 0xffffffff3f800000ull), 8);
    ck_assert_uint_eq(env->fpr[10], 0xffffffff3f800000ull);

    /* CSRs as M, whatever the current mode; WARL applies */
    env->priv = PRV_U;
    ck_assert_int_eq(put(cpu, RISCV_GDB_CSR0 + CSR_MTVEC, 0x8002), 8);
    ck_assert_uint_eq(env->mtvec, 0x8000);
    ck_assert_uint_eq(get(cpu, RISCV_GDB_CSR0 + CSR_MHARTID), 0);
    ck_assert_int_eq(env->priv, PRV_U);
    /* fcsr with FS=Off: readable, writable, FS left alone */
    ck_assert_int_eq(put(cpu, RISCV_GDB_CSR0 + CSR_FCSR, 0x41), 8);
    ck_assert_uint_eq(get(cpu, RISCV_GDB_CSR0 + CSR_FRM), 2);
    ck_assert_uint_eq(env->mstatus & MSTATUS_FS, 0);
    /* no such CSR, read-only CSR, out of range */
    ck_assert_int_eq(riscv_gdb_read_register(cpu, RISCV_GDB_CSR0 + 0x7c0, b),
                     0);
    ck_assert_int_eq(put(cpu, RISCV_GDB_CSR0 + CSR_MHARTID, 1), 0);
    ck_assert_int_eq(riscv_gdb_read_register(cpu, RISCV_GDB_PRIV + 1, b), 0);
    ck_assert_int_eq(riscv_gdb_read_register(cpu, -1, b), 0);

    /* the virtual priv register */
    ck_assert_uint_eq(get(cpu, RISCV_GDB_PRIV), PRV_U);
    ck_assert_int_eq(put(cpu, RISCV_GDB_PRIV, PRV_S), 8);
    ck_assert_int_eq(env->priv, PRV_S);
    ck_assert_int_eq(put(cpu, RISCV_GDB_PRIV, 2), 0);
    ck_assert_int_eq(env->priv, PRV_S);
    riscv_test_cpu_free(cpu);

    cpu = riscv_test_cpu("rv64,f=off,d=off");
    ck_assert_int_eq(riscv_gdb_read_register(cpu, RISCV_GDB_F0, b), 0);
    ck_assert_int_eq(put(cpu, RISCV_GDB_F0, 1), 0);
    riscv_test_cpu_free(cpu);
}
END_TEST

static Suite *riscv_gdb_suite(void)
{
    Suite *s = suite_create("riscv-gdb");
    TCase *tc = tcase_create("gdb");

    tcase_add_test(tc, target_xml_numbers);
    tcase_add_test(tc, register_access);
    suite_add_tcase(s, tc);
    return s;
}

VIREO_CHECK_MAIN(riscv_gdb_suite)
