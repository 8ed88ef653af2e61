/*
 * Golden IR-in/IR-out tests of the optimizer (tcg/optimize.c) and of
 * liveness (tcg/liveness.c): each builds a small block, runs the passes
 * and compares the dump with the expected text.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "tcg-test-util.h"
#include "util/log.h"

#include <unistd.h>

static TestCtx t;

static void setup(void)
{
    test_ctx_init(&t, TCG_BACKEND_TCI);
}

static void teardown(void)
{
    tcg_context_free(t.s);
}

/* Run both passes and compare the dump. */
static void expect(const char *want)
{
    g_autofree char *got = NULL;

    tcg_optimize(t.s);
    tcg_liveness(t.s);
    got = tcg_dump_ops(t.s);
    ck_assert_msg(strcmp(got, want) == 0, "got:\n%swant:\n%s", got, want);
}

START_TEST(folds_constants)
{
    tcg_gen_add_i64(t.r[0], tcg_constant_i64(2), tcg_constant_i64(3));
    tcg_gen_add_i32(t.w[0], tcg_constant_i32(-1), tcg_constant_i32(1));
    tcg_gen_clz_i64(t.r[1], tcg_constant_i64(1), t.r[2]);
    tcg_gen_movi_i64(t.r[3], 0x10);
    tcg_gen_shli_i64(t.r[3], t.r[3], 4);     /* r3 known: folds too */
    expect(" mov_i64 r0,$0x5\n"
           " mov_i32 w0,$0x0\n"
           " mov_i64 r1,$0x3f\n"
           " mov_i64 r3,$0x100\n");
}
END_TEST

START_TEST(algebraic_identities)
{
    tcg_gen_addi_i64(t.r[0], t.r[1], 0);
    tcg_gen_andi_i64(t.r[2], t.r[1], -1);
    tcg_gen_muli_i64(t.r[3], t.r[1], 1);
    tcg_gen_xor_i64(t.r[4], t.r[1], t.r[1]);
    tcg_gen_sub_i32(t.w[0], t.w[1], t.w[1]);
    tcg_gen_ori_i32(t.w[2], t.w[1], -1);
    tcg_gen_muli_i64(t.r[5], t.r[1], 0);
    tcg_gen_shri_i64(t.r[6], t.r[1], 64);   /* count mod 64 = 0 */
    expect(" mov_i64 r0,r1\n"
           " mov_i64 r2,r1\n"
           " mov_i64 r3,r1\n"
           " mov_i64 r4,$0x0\n"
           " mov_i32 w0,$0x0\n"
           " mov_i32 w2,$0xffffffff\n"
           " mov_i64 r5,$0x0\n"
           " mov_i64 r6,r1\n");
}
END_TEST

START_TEST(propagates_copies_and_drops_dead_temps)
{
    TCGv_i64 a = tcg_temp_new_i64();
    TCGv_i64 unused = tcg_temp_new_i64();

    tcg_gen_mov_i64(a, t.r[1]);
    tcg_gen_add_i64(t.r[0], a, t.r[2]);
    tcg_gen_mul_i64(unused, a, a);
    expect(" add_i64 r0,r1,r2\n");
}
END_TEST

START_TEST(copy_dies_when_source_changes)
{
    TCGv_i64 a = tcg_temp_new_i64();

    tcg_gen_mov_i64(a, t.r[1]);
    tcg_gen_movi_i64(t.r[1], 7);
    tcg_gen_add_i64(t.r[0], a, t.r[2]);     /* a is the old r1 */
    expect(" mov_i64 tmp0,r1\n"
           " mov_i64 r1,$0x7\n"
           " add_i64 r0,tmp0,r2\n");
}
END_TEST

START_TEST(known_zero_bits)
{
    TCGv_i64 a = tcg_temp_new_i64();

    tcg_gen_ext8u_i64(a, t.r[1]);
    tcg_gen_andi_i64(t.r[0], a, 0xff);      /* no-op: high bits are 0 */
    tcg_gen_ext16u_i64(t.r[2], a);          /* likewise */
    tcg_gen_extract_i64(t.r[3], a, 0, 8);
    tcg_gen_andi_i64(t.r[4], a, 0xf);       /* needed */
    tcg_gen_ext16s_i64(t.r[5], a);          /* bit 15 is clear */
    tcg_gen_ext8s_i64(t.r[6], a);           /* bit 7 may be set */
    expect(" ext8u_i64 tmp0,r1\n"
           " mov_i64 r0,tmp0\n"
           " mov_i64 r2,tmp0\n"
           " mov_i64 r3,tmp0\n"
           " and_i64 r4,tmp0,$0xf\n"
           " mov_i64 r5,tmp0\n"
           " ext8s_i64 r6,tmp0\n");
}
END_TEST

START_TEST(known_sign_bits)
{
    TCGv_i64 a = tcg_temp_new_i64(), b = tcg_temp_new_i64();
    TCGv_i64 c = tcg_temp_new_i64(), d = tcg_temp_new_i64();
    TCGv_i64 e = tcg_temp_new_i64(), f = tcg_temp_new_i64();

    tcg_gen_ld32s_i64(a, tcg_env, 0);       /* sign-extended from 32 */
    tcg_gen_ext_i32_i64(b, t.w[1]);         /* likewise */
    tcg_gen_xor_i64(c, a, b);
    tcg_gen_ext32s_i64(t.r[0], c);          /* no-op: xor keeps it */
    tcg_gen_ld32u_i64(d, tcg_env, 8);
    tcg_gen_ext32s_i64(t.r[1], d);          /* bit 31 may be set */
    tcg_gen_ext16s_i64(t.r[2], a);          /* wider than 16 bits */
    tcg_gen_ld8s_i64(e, tcg_env, 16);
    tcg_gen_ext16s_i64(t.r[3], e);          /* no-op */
    tcg_gen_and_i64(f, e, a);
    tcg_gen_ext32s_i64(t.r[4], f);          /* no-op: both are */
    tcg_gen_add_i64(f, a, a);
    tcg_gen_ext32s_i64(t.r[5], f);          /* a sum may carry out */
    tcg_gen_ext32s_i64(t.r[6], t.r[7]);     /* nothing known */
    expect(" ld32s tmp0,env,$0x0\n"
           " ext_i32_i64 tmp1,w1\n"
           " xor_i64 tmp2,tmp0,tmp1\n"
           " mov_i64 r0,tmp2\n"
           " ld32u tmp3,env,$0x8\n"
           " ext32s r1,tmp3\n"
           " ext16s_i64 r2,tmp0\n"
           " ld8s_i64 tmp4,env,$0x10\n"
           " mov_i64 r3,tmp4\n"
           " and_i64 tmp5,tmp4,tmp0\n"
           " mov_i64 r4,tmp5\n"
           " add_i64 tmp5,tmp0,tmp0\n"
           " ext32s r5,tmp5\n"
           " ext32s r6,r7\n");
}
END_TEST

/*
 * What is known of a value stays known when the temp it was copied from
 * is overwritten, and across guest loads (their call-outs change no
 * global); a narrow unsigned guest load's high bits are clear.
 */
START_TEST(facts_outlive_copies_and_guest_loads)
{
    TCGv_i64 a = tcg_temp_new_i64();

    tcg_gen_ext32s_i64(a, t.r[1]);
    tcg_gen_mov_i64(t.r[2], a);
    tcg_gen_add_i64(a, t.r[5], t.r[6]);     /* r2 keeps the old value */
    tcg_gen_qemu_ld_i64(t.r[3], t.r[4], 0, MO_UB);
    tcg_gen_ext32s_i64(t.r[0], t.r[2]);     /* no-op */
    tcg_gen_andi_i64(t.r[6], t.r[3], 0xff); /* no-op */
    tcg_gen_mov_i64(t.r[7], a);             /* the new a, not r2 */
    expect(" ext32s tmp0,r1\n"
           " mov_i64 r2,tmp0\n"
           " add_i64 tmp0,r5,r6\n"
           " qemu_ld_i64 r3,r4,leub,0\n"
           " mov_i64 r0,r2\n"
           " mov_i64 r6,r3\n"
           " mov_i64 r7,tmp0\n");
}
END_TEST

/* A sign extension of a value whose bit 31 is clear zero-extends. */
START_TEST(nonnegative_sign_extension_becomes_zero_extension)
{
    TCGv_i32 a = tcg_temp_new_i32();

    tcg_gen_shri_i32(a, t.w[1], 8);
    tcg_gen_ext_i32_i64(t.r[0], a);         /* bit 31 clear: extu */
    tcg_gen_ext_i32_i64(t.r[1], t.w[2]);    /* may be negative */
    tcg_gen_ext32s_i64(t.r[2], t.r[0]);     /* no-op */
    tcg_gen_ext32u_i64(t.r[3], t.r[0]);     /* no-op */
    expect(" shr_i32 tmp0,w1,$0x8\n"
           " extu_i32_i64 r0,tmp0\n"
           " ext_i32_i64 r1,w2\n"
           " mov_i64 r2,r0\n"
           " mov_i64 r3,r0\n");
}
END_TEST

START_TEST(constant_goes_second)
{
    tcg_gen_add_i64(t.r[0], tcg_constant_i64(3), t.r[1]);
    tcg_gen_sub_i64(t.r[2], tcg_constant_i64(3), t.r[1]);
    expect(" add_i64 r0,r1,$0x3\n"
           " sub_i64 r2,$0x3,r1\n");
}
END_TEST

START_TEST(conditions_fold)
{
    tcg_gen_setcond_i64(TCG_COND_EQ, t.r[0], t.r[1], t.r[1]);
    tcg_gen_setcond_i64(TCG_COND_LTU, t.r[2], t.r[1], t.r[1]);
    tcg_gen_setcond_i32(TCG_COND_LT, t.w[0], tcg_constant_i32(-1),
                        tcg_constant_i32(0));
    tcg_gen_movcond_i64(TCG_COND_NE, t.r[3], t.r[1], t.r[2], t.r[4],
                        t.r[4]);
    tcg_gen_movcond_i64(TCG_COND_GEU, t.r[5], tcg_constant_i64(1),
                        tcg_constant_i64(2), t.r[4], t.r[6]);
    expect(" mov_i64 r0,$0x1\n"
           " mov_i64 r2,$0x0\n"
           " mov_i32 w0,$0x1\n"
           " mov_i64 r3,r4\n"
           " mov_i64 r5,r6\n");
}
END_TEST

START_TEST(branches_fold_and_unreachable_code_goes)
{
    TCGLabel *l1 = gen_new_label();
    TCGLabel *l2 = gen_new_label();

    tcg_gen_brcond_i64(TCG_COND_NE, tcg_constant_i64(1),
                       tcg_constant_i64(1), l1);   /* never */
    tcg_gen_brcond_i64(TCG_COND_LE, t.r[1], t.r[1], l2);  /* always */
    tcg_gen_movi_i64(t.r[0], 1);                 /* unreachable */
    gen_set_label(l1);
    tcg_gen_movi_i64(t.r[0], 2);
    gen_set_label(l2);
    tcg_gen_exit_tb(0);
    tcg_gen_movi_i64(t.r[0], 3);                 /* unreachable */
    expect(" br $L1\n"
           "L0:\n"
           " mov_i64 r0,$0x2\n"
           "L1:\n"
           " exit_tb $0x0\n");
}
END_TEST

START_TEST(labels_forget_facts)
{
    TCGv_i64 a = tcg_temp_new_tb_i64();
    TCGLabel *l = gen_new_label();

    tcg_gen_movi_i64(a, 5);
    tcg_gen_brcond_i64(TCG_COND_EQ, t.r[1], t.r[2], l);
    tcg_gen_movi_i64(a, 6);
    gen_set_label(l);
    tcg_gen_addi_i64(t.r[0], a, 1);     /* a is 5 or 6: no folding */
    expect(" mov_i64 loc0,$0x5\n"
           " brcond_i64 r1,r2,eq,$L0\n"
           " mov_i64 loc0,$0x6\n"
           "L0:\n"
           " add_i64 r0,loc0,$0x1\n");
}
END_TEST

static void helper_noop(void)
{
}

static const TCGHelperInfo noop_rw = {
    .func = (void *)helper_noop, .name = "noop_rw", .flags = 0 };
static const TCGHelperInfo noop_r = {
    .func = (void *)helper_noop, .name = "noop_r",
    .flags = TCG_CALL_NO_WRITE_GLOBALS };
static const TCGHelperInfo noop_se = {
    .func = (void *)helper_noop, .name = "noop_se",
    .flags = TCG_CALL_NO_RWG_SE };

START_TEST(calls_clobber_globals_unless_flagged)
{
    tcg_gen_movi_i64(t.r[0], 5);
    tcg_gen_callN(&noop_r, NULL, 0, NULL);
    tcg_gen_addi_i64(t.r[1], t.r[0], 1);     /* r0 still 5 */
    tcg_gen_callN(&noop_rw, NULL, 0, NULL);
    tcg_gen_addi_i64(t.r[2], t.r[0], 1);     /* r0 may have changed */
    {
        g_autofree char *got = NULL;
        tcg_optimize(t.s);
        tcg_liveness(t.s);
        got = tcg_dump_ops(t.s);
        ck_assert_ptr_nonnull(strstr(got, " mov_i64 r1,$0x6\n"));
        ck_assert_ptr_nonnull(strstr(got, " add_i64 r2,r0,$0x1\n"));
    }
}
END_TEST

START_TEST(dead_global_writes_go_but_observed_ones_stay)
{
    TCGTemp *arg = tcgv_i64_temp(t.r[7]);

    tcg_gen_movi_i64(t.r[0], 1);    /* overwritten before anyone looks */
    tcg_gen_movi_i64(t.r[0], 2);    /* a helper may read it: stays */
    tcg_gen_callN(&noop_r, NULL, 1, &arg);
    tcg_gen_movi_i64(t.r[0], 3);
    tcg_gen_callN(&noop_se, NULL, 0, NULL);
    tcg_gen_movi_i64(t.r[1], 4);    /* read by nobody, but a global */
    expect(" mov_i64 r0,$0x2\n"
           " call r7,noop_r,$0x2\n"
           " mov_i64 r0,$0x3\n"
           " mov_i64 r1,$0x4\n");
}
END_TEST

/* A chained goto_tb leaves the block: globals written before it stay. */
START_TEST(goto_tb_observes_globals)
{
    tcg_gen_movi_i64(t.r[0], 1);    /* the chained successor sees it */
    tcg_gen_movi_i64(t.r[1], 5);    /* overwritten before the jump */
    tcg_gen_movi_i64(t.r[1], 6);
    tcg_gen_goto_tb(0);
    tcg_gen_movi_i64(t.r[0], 2);    /* only on the way out to the loop */
    tcg_gen_exit_tb(0x1000);
    expect(" mov_i64 r0,$0x1\n"
           " mov_i64 r1,$0x6\n"
           " goto_tb $0x0\n"
           " mov_i64 r0,$0x2\n"
           " exit_tb $0x1000\n");
}
END_TEST

START_TEST(liveness_marks_last_uses)
{
    TCGv_i64 a = tcg_temp_new_i64();
    TCGOp *op;

    tcg_gen_add_i64(a, t.r[1], t.r[2]);
    tcg_gen_add_i64(t.r[0], a, a);
    tcg_liveness(t.s);
    op = &t.s->ops[0];
    ck_assert_uint_eq(op->life, 0);             /* globals stay live */
    op = &t.s->ops[1];
    ck_assert_uint_eq(op->life, (1u << 1) | (1u << 2)); /* a dies here */
}
END_TEST

/* An input that is also the output does not die at the op. */
START_TEST(liveness_input_reused_as_output)
{
    TCGv_i64 a = tcg_temp_new_tb_i64();
    TCGv_i64 dead = tcg_temp_new_i64();

    tcg_gen_mov_i64(a, t.r[1]);
    tcg_gen_addi_i64(a, a, 1);
    tcg_gen_mov_i64(t.r[0], a);
    tcg_gen_callN(&noop_rw, tcgv_i64_temp(dead), 0, NULL);
    tcg_liveness(t.s);
    ck_assert_uint_eq(t.s->ops[1].life, 0);
    ck_assert_uint_eq(t.s->ops[2].life, 1u << 1);
    ck_assert_uint_eq(t.s->ops[3].life, 1u << 0);   /* unused result */
}
END_TEST

/* -d op and -d op_opt: the dumps reach the log, each under its item. */
START_TEST(dumps_go_to_the_log)
{
    char path[] = "/tmp/vireo-test-tcg-log-XXXXXX";
    int fd = mkstemp(path);
    GError *err = NULL;
    g_autofree char *text = NULL;

    ck_assert_int_ge(fd, 0);
    close(fd);
    ck_assert(vireo_log_set_file(path, &err));
    vireo_loglevel = LOG_OP;
    tcg_gen_addi_i64(t.r[0], t.r[1], 0);
    ck_assert_ptr_nonnull(tcg_gen_code(t.s, &err));
    vireo_loglevel = LOG_OP_OPT;
    tcg_func_start(t.s);
    tcg_gen_addi_i64(t.r[2], t.r[3], 0);
    ck_assert_ptr_nonnull(tcg_gen_code(t.s, &err));
    vireo_loglevel = 0;
    ck_assert(vireo_log_set_file(NULL, &err));
    ck_assert(g_file_get_contents(path, &text, NULL, &err));
    unlink(path);
    ck_assert_ptr_nonnull(strstr(text, "OP:\n add_i64 r0,r1,$0x0\n"));
    ck_assert_ptr_nonnull(strstr(text, "OP after optimization and "
                                       "liveness:\n mov_i64 r2,r3\n"));
    ck_assert_ptr_null(strstr(text, "r2,r3,$0x0"));   /* op not logged */
}
END_TEST

/* -d out_asm: native code is disassembled (or hex-dumped) to the log. */
START_TEST(out_asm_goes_to_the_log)
{
    char path[] = "/tmp/vireo-test-tcg-asm-XXXXXX";
    int fd = mkstemp(path);
    GError *err = NULL;
    g_autofree char *text = NULL;
    TestCtx n;

    ck_assert_int_ge(fd, 0);
    close(fd);
    test_ctx_init(&n, TCG_BACKEND_NATIVE);
    ck_assert(vireo_log_set_file(path, &err));
    vireo_loglevel = LOG_OUT_ASM;
    tcg_gen_exit_tb(0x1234);
    ck_assert_ptr_nonnull(tcg_gen_code(n.s, &err));
    vireo_loglevel = 0;
    ck_assert(vireo_log_set_file(NULL, &err));
    tcg_context_free(n.s);
    tcg_context_set_current(t.s);
    ck_assert(g_file_get_contents(path, &text, NULL, &err));
    unlink(path);
    ck_assert_ptr_nonnull(strstr(text, "OUT: [size="));
    /* mov $0x1234, %eax: "0x1234" from Capstone, "34 12" as hex */
    ck_assert(strstr(text, "0x1234") || strstr(text, "34 12"));
}
END_TEST

static Suite *tcg_optimize_suite(void)
{
    Suite *s = suite_create("tcg-optimize");
    TCase *tc = tcase_create("golden");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, folds_constants);
    tcase_add_test(tc, algebraic_identities);
    tcase_add_test(tc, propagates_copies_and_drops_dead_temps);
    tcase_add_test(tc, copy_dies_when_source_changes);
    tcase_add_test(tc, known_zero_bits);
    tcase_add_test(tc, known_sign_bits);
    tcase_add_test(tc, facts_outlive_copies_and_guest_loads);
    tcase_add_test(tc, nonnegative_sign_extension_becomes_zero_extension);
    tcase_add_test(tc, constant_goes_second);
    tcase_add_test(tc, conditions_fold);
    tcase_add_test(tc, branches_fold_and_unreachable_code_goes);
    tcase_add_test(tc, labels_forget_facts);
    tcase_add_test(tc, calls_clobber_globals_unless_flagged);
    tcase_add_test(tc, dead_global_writes_go_but_observed_ones_stay);
    tcase_add_test(tc, goto_tb_observes_globals);
    tcase_add_test(tc, liveness_marks_last_uses);
    tcase_add_test(tc, liveness_input_reused_as_output);
    tcase_add_test(tc, dumps_go_to_the_log);
    tcase_add_test(tc, out_asm_goes_to_the_log);
    suite_add_tcase(s, tc);
    return s;
}

VIREO_CHECK_MAIN(tcg_optimize_suite)
