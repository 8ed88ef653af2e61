/*
 * target/riscv/cpu.c: the rv64 type, extension switches and their rules,
 * the ISA string, reset state and the register dump.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "riscv-test-cpu.h"
#include "util/error.h"

#include <stdio.h>
#include <string.h>

#define FULL_ISA "rv64imafdc_zicbom_zicboz_zicntr_zicond_zicsr_zifencei_" \
                 "zihintntl_zihintpause_zimop_zawrs_zfa_zfhmin_zcb_zcmop_" \
                 "zba_zbb_zbc_zbs_sstc"

START_TEST(default_model_isa_and_misa)
{
    RISCVCPU *cpu = riscv_test_cpu("rv64");
    uint64_t misa;

    ck_assert_str_eq(riscv_cpu_isa_string(cpu), FULL_ISA);
    ck_assert_int_eq(riscv_csr_read(&cpu->env, CSR_MISA, &misa),
                     RISCV_EXCP_NONE);
    ck_assert_uint_eq(misa >> 62, MXL_RV64);
    ck_assert_uint_eq(misa & ((1ull << 26) - 1),
                      RVF_BIT('I') | RVF_BIT('M') | RVF_BIT('A') |
                      RVF_BIT('F') | RVF_BIT('D') | RVF_BIT('C') |
                      RVF_BIT('S') | RVF_BIT('U'));
    ck_assert_int_eq(riscv_cpu_xlen(&cpu->env), 64);
    riscv_test_cpu_free(cpu);
}
END_TEST

START_TEST(switches_shape_the_isa_string)
{
    RISCVCPU *cpu = riscv_test_cpu("rv64,zbb=off,sstc=off,c=off,zicboz=no,"
                                    "zicond=off");
    uint64_t misa;

    ck_assert_str_eq(riscv_cpu_isa_string(cpu),
                     "rv64imafd_zicbom_zicntr_zicsr_zifencei_zihintntl_"
                     "zihintpause_zimop_zawrs_zfa_zfhmin_"
                     "zba_zbc_zbs");
    riscv_csr_read(&cpu->env, CSR_MISA, &misa);
    ck_assert(!(misa & RVF_BIT('C')));
    riscv_test_cpu_free(cpu);

    /* switching a base off switches its default-on dependants off */
    cpu = riscv_test_cpu("rv64,d=off,f=off,m=off,a=off");
    ck_assert_str_eq(riscv_cpu_isa_string(cpu),
                     "rv64ic_zicbom_zicboz_zicntr_zicond_zicsr_zifencei_"
                     "zihintntl_zihintpause_zimop_zcb_zcmop_zba_zbb_zbc_"
                     "zbs_sstc");
    riscv_test_cpu_free(cpu);
}
END_TEST

/* Realize must fail with a message naming the rule. */
static void expect_realize_error(const char *opts, int code,
                                 const char *msg)
{
    GError *err = NULL;
    RISCVCPU *cpu = riscv_cpu_create(opts, &err);

    ck_assert_msg(cpu, "%s: %s", opts, err ? err->message : "");
    ck_assert(!qdev_realize(DEVICE(cpu), &err));
    ck_assert_ptr_nonnull(err);
    ck_assert_msg(strstr(err->message, msg), "%s: got '%s'", opts,
                  err->message);
    ck_assert_int_eq(err->code, code);
    ck_assert(!DEVICE(cpu)->realized);
    g_error_free(err);
    object_unref(cpu);
}

START_TEST(dependency_rules)
{
    expect_realize_error("rv64,f=off", VIREO_ERROR_INVALID,
                         "extension 'd' requires 'f'");
    expect_realize_error("rv64,zicsr=off,d=off", VIREO_ERROR_INVALID,
                         "extension 'f' requires 'zicsr'");
    expect_realize_error("rv64,u=off", VIREO_ERROR_INVALID,
                         "extension 's' requires 'u'");
    expect_realize_error("rv64,s=off", VIREO_ERROR_INVALID,
                         "extension 'sstc' requires 's'");
    expect_realize_error("rv64,zfinx=on", VIREO_ERROR_INVALID,
                         "'zfinx' conflicts with 'f'");
    expect_realize_error("rv64,zfinx=on,f=off,d=off",
                         VIREO_ERROR_NOT_SUPPORTED,
                         "'zfinx' is not implemented");
    expect_realize_error("rv64,i=off", VIREO_ERROR_INVALID,
                         "'i' cannot be disabled");
    expect_realize_error("rv64,sv48=off", VIREO_ERROR_INVALID,
                         "'sv57' requires 'sv48'");
    expect_realize_error("rv64,sv39=off,sv57=off", VIREO_ERROR_INVALID,
                         "'sv48' requires 'sv39'");
    expect_realize_error("rv64,cbom_blocksize=48", VIREO_ERROR_INVALID,
                         "cbom_blocksize=48: must be a power of two");
    expect_realize_error("rv64,cboz_blocksize=8192", VIREO_ERROR_INVALID,
                         "cboz_blocksize=8192");
}
END_TEST

START_TEST(m_only_machine_realizes)
{
    RISCVCPU *cpu = riscv_test_cpu("rv64,s=off,u=off,sstc=off");
    uint64_t v;

    ck_assert_str_eq(riscv_cpu_isa_string(cpu),
                     "rv64imafdc_zicbom_zicboz_zicntr_zicond_zicsr_zifencei_"
                     "zihintntl_zihintpause_zimop_zawrs_zfa_zfhmin_zcb_"
                     "zcmop_zba_zbb_zbc_zbs");
    /* Without S the S CSRs and delegation registers do not exist. */
    ck_assert_int_eq(riscv_csr_read(&cpu->env, CSR_SATP, &v),
                     RISCV_EXCP_ILLEGAL_INST);
    ck_assert_int_eq(riscv_csr_read(&cpu->env, CSR_MEDELEG, &v),
                     RISCV_EXCP_ILLEGAL_INST);
    ck_assert(!cpu->cfg.mmu);
    riscv_test_cpu_free(cpu);
}
END_TEST

START_TEST(create_errors)
{
    GError *err = NULL;

    ck_assert_ptr_null(riscv_cpu_create("rv99", &err));
    ck_assert(g_error_matches(err, VIREO_ERROR, VIREO_ERROR_NOT_FOUND));
    ck_assert_ptr_nonnull(strstr(err->message, "unknown CPU model 'rv99'"));
    g_clear_error(&err);

    ck_assert_ptr_null(riscv_cpu_type_name("riscv", &err));
    g_clear_error(&err);

    ck_assert_ptr_null(riscv_cpu_create("", &err));
    ck_assert_ptr_nonnull(strstr(err->message, "empty"));
    g_clear_error(&err);

    ck_assert_ptr_null(riscv_cpu_create("rv64,bogus=on", &err));
    ck_assert_ptr_nonnull(strstr(err->message, "bogus"));
    g_clear_error(&err);

    ck_assert_ptr_null(riscv_cpu_create("rv64,zbb=maybe", &err));
    ck_assert_ptr_nonnull(strstr(err->message, "maybe"));
    g_clear_error(&err);

    ck_assert_ptr_null(riscv_cpu_create("rv64,misaligned=sometimes", &err));
    ck_assert_ptr_nonnull(err);
    g_clear_error(&err);

    char *name = riscv_cpu_type_name("rv64", &err);
    ck_assert_str_eq(name, "rv64-riscv-cpu");
    g_free(name);
}
END_TEST

START_TEST(misaligned_switch)
{
    RISCVCPU *cpu = riscv_test_cpu("rv64");

    ck_assert_int_eq(cpu->cfg.misaligned, RISCV_MISALIGNED_TRAP);
    riscv_test_cpu_free(cpu);
    cpu = riscv_test_cpu("rv64,misaligned=emulate");
    ck_assert_int_eq(cpu->cfg.misaligned, RISCV_MISALIGNED_EMULATE);
    riscv_test_cpu_free(cpu);
}
END_TEST

START_TEST(reset_state)
{
    RISCVCPU *cpu = riscv_test_cpu("rv64,hartid=3,resetvec=0x80000000");
    CPURISCVState *env = &cpu->env;
    uint64_t v;

    ck_assert_uint_eq(env->pc, 0x80000000);
    ck_assert_int_eq(env->priv, PRV_M);
    ck_assert_uint_eq(env->load_res, (uint64_t)-1);
    ck_assert_uint_eq(riscv_csr_read(env, CSR_MHARTID, &v), RISCV_EXCP_NONE);
    ck_assert_uint_eq(v, 3);
    riscv_csr_read(env, CSR_MSTATUS, &v);
    ck_assert_uint_eq(v, (2ull << 32) | (2ull << 34));   /* UXL, SXL */

    env->gpr[5] = 99;
    env->mstatus |= MSTATUS_MIE;
    env->priv = PRV_U;
    device_reset(DEVICE(cpu));
    ck_assert_uint_eq(env->gpr[5], 0);
    ck_assert_int_eq(env->priv, PRV_M);
    ck_assert(!(env->mstatus & MSTATUS_MIE));
    ck_assert_uint_eq(env->mhartid, 3);      /* identity survives */
    ck_assert_uint_eq(cpu_has_work(CPU(cpu)), false);
    CPU_GET_CLASS(cpu)->set_pc(CPU(cpu), 0x1234);
    ck_assert_uint_eq(CPU_GET_CLASS(cpu)->get_pc(CPU(cpu)), 0x1234);
    riscv_test_cpu_free(cpu);
}
END_TEST

START_TEST(dump_state_layout)
{
    RISCVCPU *cpu = riscv_test_cpu("rv64");
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);

    cpu->env.gpr[2] = 0x80001000;
    cpu->env.fpr[10] = 0xffffffff3f800000ull;
    cpu->env.priv = PRV_S;
    cpu_dump_state(CPU(cpu), f, CPU_DUMP_FPU);
    fclose(f);
    ck_assert_ptr_nonnull(strstr(buf, " pc       0000000000001000\n"));
    ck_assert_ptr_nonnull(strstr(buf, " mstatus  0000000a00000000\n"));
    ck_assert_ptr_nonnull(strstr(buf, " x2/sp    0000000080001000"));
    ck_assert_ptr_nonnull(strstr(buf, " x31/t6   0000000000000000\n"));
    ck_assert_ptr_nonnull(strstr(buf, " f10/fa0  ffffffff3f800000"));
    ck_assert_ptr_nonnull(strstr(buf, " priv     1\n"));
    /* the dump reads CSRs as M but leaves the mode alone */
    ck_assert_int_eq(cpu->env.priv, PRV_S);
    free(buf);

    buf = NULL;
    f = open_memstream(&buf, &len);
    cpu_dump_state(CPU(cpu), f, 0);
    fclose(f);
    ck_assert_ptr_null(strstr(buf, "fa0"));
    free(buf);
    riscv_test_cpu_free(cpu);
}
END_TEST

START_TEST(cpu_type_listed)
{
    GSList *list = object_class_get_list(TYPE_CPU, false);
    bool found = false;

    for (GSList *l = list; l; l = l->next) {
        if (!strcmp(object_class_get_name(l->data), TYPE_RISCV_CPU_RV64)) {
            found = true;
        }
        ck_assert_str_ne(object_class_get_name(l->data), TYPE_RISCV_CPU);
    }
    g_slist_free(list);
    ck_assert(found);
}
END_TEST

static Suite *riscv_cpu_suite(void)
{
    Suite *s = suite_create("riscv-cpu");
    TCase *tc = tcase_create("cpu");

    tcase_add_test(tc, default_model_isa_and_misa);
    tcase_add_test(tc, switches_shape_the_isa_string);
    tcase_add_test(tc, dependency_rules);
    tcase_add_test(tc, m_only_machine_realizes);
    tcase_add_test(tc, create_errors);
    tcase_add_test(tc, misaligned_switch);
    tcase_add_test(tc, reset_state);
    tcase_add_test(tc, dump_state_layout);
    tcase_add_test(tc, cpu_type_listed);
    suite_add_tcase(s, tc);
    return s;
}

VIREO_CHECK_MAIN(riscv_cpu_suite)
