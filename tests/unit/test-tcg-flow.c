/*
 * Values kept in host registers across control flow inside a block, on
 * both backends: a label reached from a single branch takes over that
 * branch's register cache, and a block that loops back to itself
 * (tcg_gen_goto_tb_loop) carries its globals in registers from one
 * iteration to the next, including values that trade places every
 * iteration, and still leaves when its exit check asks; a join keeps
 * only what all its ways in have in the same register.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "tcg-test-util.h"

#include <stddef.h>

/* exit_tb values of the loop block */
enum { LOOP_DONE = 1, LOOP_REQUESTED = 3 };

static unsigned ticks, tick_limit;

/* Counts iterations; asks the block to leave after tick_limit of them. */
static void helper_tick(void *env)
{
    TestEnv *e = env;

    if (++ticks == tick_limit) {
        e->w[3] = 1;
    }
}

static const TCGHelperInfo info_tick = {
    .func = (void *)helper_tick, .name = "tick",
    .flags = TCG_CALL_NO_RWG,
};

/*
 * The loop: (an exit check on env->w[3], as a front end may put one)
 * r2 <-> r3, r4 <- r5 <- r6 <- r4, r1 += r0 + r7, r0 -= 1, until r0 is 0.
 * cycles_first puts the exchanges first, so they are the globals the
 * backend keeps in registers; otherwise the counters are.
 */
static const void *gen_loop(TestCtx *t, bool cycles_first, int *jmp_ofs)
{
    TCGLabel *again = gen_new_label(), *requested = gen_new_label();
    TCGv_i32 flag = tcg_temp_new_i32();
    TCGv_i64 tmp = tcg_temp_new_i64();
    TCGTemp *args[1] = { tcgv_ptr_temp(tcg_env) };
    GError *err = NULL;
    const void *code;

    tcg_gen_ld_i32(flag, tcg_env, offsetof(TestEnv, w[3]));
    tcg_gen_brcondi_i32(TCG_COND_NE, flag, 0, requested);
    for (int pass = 0; pass < 2; pass++) {
        if ((pass == 0) == cycles_first) {
            tcg_gen_mov_i64(tmp, t->r[2]);
            tcg_gen_mov_i64(t->r[2], t->r[3]);
            tcg_gen_mov_i64(t->r[3], tmp);
            tcg_gen_mov_i64(tmp, t->r[4]);
            tcg_gen_mov_i64(t->r[4], t->r[5]);
            tcg_gen_mov_i64(t->r[5], t->r[6]);
            tcg_gen_mov_i64(t->r[6], tmp);
        } else {
            tcg_gen_add_i64(t->r[1], t->r[1], t->r[0]);
            tcg_gen_add_i64(t->r[1], t->r[1], t->r[7]);
            tcg_gen_subi_i64(t->r[0], t->r[0], 1);
        }
    }
    tcg_gen_callN(&info_tick, NULL, 1, args);
    tcg_gen_brcondi_i64(TCG_COND_NE, t->r[0], 0, again);
    tcg_gen_exit_tb(LOOP_DONE);
    gen_set_label(again);
    tcg_gen_goto_tb_loop(0);
    tcg_gen_exit_tb(2);
    gen_set_label(requested);
    tcg_gen_exit_tb(LOOP_REQUESTED);
    code = tcg_gen_code(t->s, &err);
    ck_assert_ptr_null(err);
    ck_assert_ptr_nonnull(code);
    ck_assert_int_eq(tcg_loop_goto_tb(t->s), 0);
    *jmp_ofs = tcg_goto_tb_offset(t->s, 0);
    return code;
}

/* Chain the loop's goto_tb to the block itself, as tb_add_jump does. */
static void chain_to_itself(TestCtx *t, const void *code, int jmp_ofs)
{
    GError *err = NULL;
    const uint8_t *entry = (const uint8_t *)code +
                           tcg_loop_entry_offset(t->s);

    ck_assert(tcg_set_goto_tb_target(t->s, code, jmp_ofs, entry, &err));
    ck_assert_ptr_null(err);
}

static void check_loop(TCGBackend be, bool cycles_first, uint64_t n)
{
    TestCtx t;
    TestEnv env = { .r = { n, 0, 2, 3, 4, 5, 6, 7 } };
    const uint64_t rot[3] = { 4, 5, 6 };
    const void *code;
    int ofs;

    test_ctx_init(&t, be);
    code = gen_loop(&t, cycles_first, &ofs);
    if (be == TCG_BACKEND_NATIVE) {
        /* the loop entry follows the loads of the kept globals */
        ck_assert_int_gt(tcg_loop_entry_offset(t.s), 0);
    } else {
        ck_assert_int_eq(tcg_loop_entry_offset(t.s), 0);
    }
    chain_to_itself(&t, code, ofs);
    ticks = 0;
    tick_limit = 0;
    ck_assert_uint_eq(tcg_exec(t.s, &env, code), LOOP_DONE);
    ck_assert_uint_eq(ticks, n);
    ck_assert_uint_eq(env.r[0], 0);
    ck_assert_uint_eq(env.r[1], n * (n + 1) / 2 + 7 * n);
    ck_assert_uint_eq(env.r[2], n % 2 ? 3 : 2);
    ck_assert_uint_eq(env.r[3], n % 2 ? 2 : 3);
    for (int i = 0; i < 3; i++) {
        ck_assert_uint_eq(env.r[4 + i], rot[(i + n) % 3]);
    }
    ck_assert_uint_eq(env.r[7], 7);
    tcg_context_free(t.s);
}

START_TEST(loop_carries_globals_in_registers)
{
    for (int v = 0; v < 2; v++) {
        check_loop(test_backends[_i], v, 1);
        check_loop(test_backends[_i], v, 2);
        check_loop(test_backends[_i], v, 3);
        check_loop(test_backends[_i], v, 1000);
        check_loop(test_backends[_i], v, 1001);
    }
}
END_TEST

START_TEST(loop_leaves_when_its_exit_check_asks)
{
    TestCtx t;
    TestEnv env = { .r = { 100, 0, 2, 3, 4, 5, 6, 7 } };
    const void *code;
    int ofs;

    test_ctx_init(&t, test_backends[_i]);
    code = gen_loop(&t, true, &ofs);
    chain_to_itself(&t, code, ofs);
    ticks = 0;
    tick_limit = 10;
    ck_assert_uint_eq(tcg_exec(t.s, &env, code), LOOP_REQUESTED);
    /* ten whole iterations, every value written back */
    ck_assert_uint_eq(ticks, 10);
    ck_assert_uint_eq(env.r[0], 90);
    ck_assert_uint_eq(env.r[1], (100 + 91) * 10 / 2 + 70);
    ck_assert_uint_eq(env.r[2], 2);
    ck_assert_uint_eq(env.r[4], 5);     /* ten rotations: one step */
    ck_assert_uint_eq(env.r[5], 6);
    ck_assert_uint_eq(env.r[6], 4);

    /* unchained (an invalidation), it leaves after each iteration */
    ck_assert(tcg_set_goto_tb_target(t.s, code, ofs, NULL, NULL));
    env.w[3] = 0;
    tick_limit = 0;
    ck_assert_uint_eq(tcg_exec(t.s, &env, code), 2);
    ck_assert_uint_eq(env.r[0], 89);
    ck_assert_uint_eq(env.r[1], (100 + 91) * 10 / 2 + 70 + 90 + 7);
    tcg_context_free(t.s);
}
END_TEST

/*
 * r0 = r1 + r2 cached, then a branch: the taken side (a label only that
 * branch reaches) uses r0 and r1 again; the side that falls through
 * changes them and leaves. A second label is reached both by a branch
 * and by falling through (which hands r0's register to r6), a third by
 * two branches: those must not keep one side's registers.
 */
static uintptr_t run_branches(TCGBackend be, TestEnv *env)
{
    TestCtx t;
    TCGLabel *taken, *merge, *two;
    uintptr_t ret;

    test_ctx_init(&t, be);
    taken = gen_new_label();
    merge = gen_new_label();
    two = gen_new_label();
    tcg_gen_add_i64(t.r[0], t.r[1], t.r[2]);
    tcg_gen_brcondi_i64(TCG_COND_EQ, t.r[3], 0, taken);
    tcg_gen_addi_i64(t.r[0], t.r[0], 100);
    tcg_gen_movi_i64(t.r[1], 0);
    tcg_gen_exit_tb(1);
    gen_set_label(taken);
    tcg_gen_add_i64(t.r[0], t.r[0], t.r[1]);
    tcg_gen_brcondi_i64(TCG_COND_EQ, t.r[4], 0, merge);
    /* r0 dies here: its register goes to r6 */
    tcg_gen_add_i64(t.r[6], t.r[0], t.r[2]);
    tcg_gen_movi_i64(t.r[0], 1000);
    gen_set_label(merge);
    tcg_gen_mov_i64(t.r[3], t.r[0]);
    tcg_gen_brcondi_i64(TCG_COND_EQ, t.r[5], 0, two);
    tcg_gen_addi_i64(t.r[1], t.r[1], 7);
    tcg_gen_brcondi_i64(TCG_COND_NE, t.r[6], 0, two);
    tcg_gen_exit_tb(2);
    gen_set_label(two);
    tcg_gen_add_i64(t.r[7], t.r[0], t.r[1]);
    tcg_gen_exit_tb(3);
    ret = test_run(&t, env);
    tcg_context_free(t.s);
    return ret;
}

START_TEST(label_of_one_branch_keeps_its_registers)
{
    TCGBackend be = test_backends[_i];
    TestEnv env = { .r = { 0, 10, 20, 1 } };

    ck_assert_uint_eq(run_branches(be, &env), 1);
    ck_assert_uint_eq(env.r[0], 130);
    ck_assert_uint_eq(env.r[1], 0);

    env = (TestEnv){ .r = { 0, 10, 20, 0, 1, 0 } };
    ck_assert_uint_eq(run_branches(be, &env), 3);
    ck_assert_uint_eq(env.r[0], 1000);
    ck_assert_uint_eq(env.r[3], 1000);
    ck_assert_uint_eq(env.r[6], 60);
    ck_assert_uint_eq(env.r[7], 1010);

    env = (TestEnv){ .r = { 0, 10, 20, 0, 0, 1, 1 } };
    ck_assert_uint_eq(run_branches(be, &env), 3);
    ck_assert_uint_eq(env.r[0], 40);
    ck_assert_uint_eq(env.r[3], 40);
    ck_assert_uint_eq(env.r[1], 17);
    ck_assert_uint_eq(env.r[7], 57);

    env = (TestEnv){ .r = { 0, 10, 20, 0, 0, 1, 0 } };
    ck_assert_uint_eq(run_branches(be, &env), 2);
    ck_assert_uint_eq(env.r[1], 17);
}
END_TEST

/* Adds 100 to r1 in memory: a call that may write any global. */
static void helper_bump_r1(void *env)
{
    ((TestEnv *)env)->r[1] += 100;
}

static const TCGHelperInfo info_bump_r1 = {
    .func = (void *)helper_bump_r1, .name = "bump_r1", .flags = 0,
};

/*
 * A join reached by three branches. r1 is in a register at the first
 * two (changed in place between them), then a call writes it in memory
 * and empties the cache before the third: only what every way in has
 * in the same register may stay at the join.
 */
static uintptr_t run_join(TCGBackend be, TestEnv *env)
{
    TestCtx t;
    TCGLabel *join;
    TCGTemp *args[1];
    uintptr_t ret;

    test_ctx_init(&t, be);
    join = gen_new_label();
    args[0] = tcgv_ptr_temp(tcg_env);
    tcg_gen_add_i64(t.r[0], t.r[1], t.r[2]);
    tcg_gen_add_i64(t.r[0], t.r[0], t.r[1]);
    tcg_gen_add_i64(t.r[0], t.r[0], t.r[2]);
    tcg_gen_brcondi_i64(TCG_COND_EQ, t.r[3], 0, join);
    tcg_gen_addi_i64(t.r[1], t.r[1], 5);
    tcg_gen_brcondi_i64(TCG_COND_EQ, t.r[3], 1, join);
    tcg_gen_callN(&info_bump_r1, NULL, 1, args);
    tcg_gen_brcondi_i64(TCG_COND_EQ, t.r[3], 2, join);
    tcg_gen_addi_i64(t.r[1], t.r[1], 1);
    tcg_gen_exit_tb(2);
    gen_set_label(join);
    tcg_gen_add_i64(t.r[7], t.r[1], t.r[2]);
    tcg_gen_add_i64(t.r[6], t.r[7], t.r[0]);
    tcg_gen_exit_tb(1);
    ret = test_run(&t, env);
    tcg_context_free(t.s);
    return ret;
}

/*
 * A join of one branch and the fall-through, where only the branch still
 * has r1 in a register: the call on the fall-through wrote r1 in memory
 * and emptied the cache.
 */
static uintptr_t run_join_fallthrough(TCGBackend be, TestEnv *env)
{
    TestCtx t;
    TCGLabel *join;
    TCGTemp *args[1];
    uintptr_t ret;

    test_ctx_init(&t, be);
    join = gen_new_label();
    args[0] = tcgv_ptr_temp(tcg_env);
    /* r1 and r2 read twice: the cache takes them */
    tcg_gen_add_i64(t.r[0], t.r[1], t.r[2]);
    tcg_gen_add_i64(t.r[0], t.r[0], t.r[1]);
    tcg_gen_add_i64(t.r[0], t.r[0], t.r[2]);
    tcg_gen_brcondi_i64(TCG_COND_EQ, t.r[3], 0, join);
    tcg_gen_callN(&info_bump_r1, NULL, 1, args);
    tcg_gen_add_i64(t.r[7], t.r[2], t.r[2]);
    gen_set_label(join);
    tcg_gen_add_i64(t.r[6], t.r[1], t.r[2]);
    tcg_gen_add_i64(t.r[5], t.r[6], t.r[1]);
    tcg_gen_exit_tb(1);
    ret = test_run(&t, env);
    tcg_context_free(t.s);
    return ret;
}

START_TEST(join_keeps_only_registers_every_way_in_agrees_on)
{
    static const uint64_t want_r1[] = { 10, 15, 115, 116 };

    for (unsigned way = 0; way < 4; way++) {
        TestEnv env = { .r = { 0, 10, 20, way } };

        ck_assert_uint_eq(run_join(test_backends[_i], &env),
                          way == 3 ? 2 : 1);
        ck_assert_uint_eq(env.r[1], want_r1[way]);
        ck_assert_uint_eq(env.r[7], way == 3 ? 0 : want_r1[way] + 20);
        ck_assert_uint_eq(env.r[6], way == 3 ? 0 : want_r1[way] + 20 + 60);
    }
    for (unsigned way = 0; way < 2; way++) {
        TestEnv env = { .r = { 0, 10, 20, way } };
        uint64_t r1 = way ? 110 : 10;

        ck_assert_uint_eq(run_join_fallthrough(test_backends[_i], &env), 1);
        ck_assert_uint_eq(env.r[0], 60);
        ck_assert_uint_eq(env.r[6], r1 + 20);
        ck_assert_uint_eq(env.r[5], r1 + 20 + r1);
        ck_assert_uint_eq(env.r[7], way ? 40 : 0);
    }
}
END_TEST

static Suite *tcg_flow_suite(void)
{
    Suite *s = suite_create("tcg-flow");
    TCase *tc = tcase_create("core");

    tcase_add_loop_test(tc, loop_carries_globals_in_registers, 0,
                        N_BACKENDS);
    tcase_add_loop_test(tc, loop_leaves_when_its_exit_check_asks, 0,
                        N_BACKENDS);
    tcase_add_loop_test(tc, label_of_one_branch_keeps_its_registers, 0,
                        N_BACKENDS);
    tcase_add_loop_test(tc, join_keeps_only_registers_every_way_in_agrees_on,
                        0, N_BACKENDS);
    suite_add_tcase(s, tc);
    return s;
}

VIREO_CHECK_MAIN(tcg_flow_suite)
