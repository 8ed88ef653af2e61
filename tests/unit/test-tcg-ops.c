/*
 * Every IR op class run on both backends (interpreter and x86-64) against
 * hand-computed answers: arithmetic, logic, shifts, multiply/divide,
 * extensions and bit fields, counts, conditions, branches, memory,
 * guest-memory call-outs, helper calls and block exits.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "tcg-test-util.h"

#include <sys/mman.h>

typedef void (*Bin64)(TCGv_i64, TCGv_i64, TCGv_i64);
typedef void (*Bin32)(TCGv_i32, TCGv_i32, TCGv_i32);
typedef void (*Un64)(TCGv_i64, TCGv_i64);
typedef void (*Un32)(TCGv_i32, TCGv_i32);

typedef struct Case64 {
    const char *name;
    Bin64 fn;
    uint64_t a, b, want;
} Case64;

typedef struct Case32 {
    const char *name;
    Bin32 fn;
    uint32_t a, b, want;
} Case32;

/*
 * Run r0 = fn(r1, r2) three ways: globals, constants, and through a
 * temp, so every operand kind reaches the backend.
 */
static void check_bin64(TCGBackend be, const Case64 *c)
{
    TestCtx t;
    TestEnv env = { 0 };
    TCGv_i64 tmp;

    test_ctx_init(&t, be);
    c->fn(t.r[0], t.r[1], t.r[2]);
    c->fn(t.r[3], tcg_constant_i64(c->a), tcg_constant_i64(c->b));
    tmp = tcg_temp_new_i64();
    c->fn(tmp, t.r[1], tcg_constant_i64(c->b));
    tcg_gen_mov_i64(t.r[4], tmp);
    tcg_gen_exit_tb(0);
    env.r[1] = c->a;
    env.r[2] = c->b;
    ck_assert_uint_eq(test_run(&t, &env), 0);
    ck_assert_msg(env.r[0] == c->want && env.r[3] == c->want &&
                  env.r[4] == c->want,
                  "%s backend %d: %s(0x%lx, 0x%lx) = 0x%lx/0x%lx/0x%lx, "
                  "want 0x%lx", c->name, be, c->name, (unsigned long)c->a,
                  (unsigned long)c->b, (unsigned long)env.r[0],
                  (unsigned long)env.r[3], (unsigned long)env.r[4],
                  (unsigned long)c->want);
    tcg_context_free(t.s);
}

static void check_bin32(TCGBackend be, const Case32 *c)
{
    TestCtx t;
    TestEnv env = { 0 };

    test_ctx_init(&t, be);
    c->fn(t.w[0], t.w[1], t.w[2]);
    c->fn(t.w[3], tcg_constant_i32(c->a), tcg_constant_i32(c->b));
    tcg_gen_exit_tb(0);
    env.w[1] = c->a;
    env.w[2] = c->b;
    env.guard = 0xdeadbeef;
    test_run(&t, &env);
    ck_assert_msg(env.w[0] == c->want && env.w[3] == c->want,
                  "%s_i32 backend %d: (0x%x, 0x%x) = 0x%x/0x%x, want 0x%x",
                  c->name, be, c->a, c->b, env.w[0], env.w[3], c->want);
    ck_assert_uint_eq(env.guard, 0xdeadbeef);
    tcg_context_free(t.s);
}

#define C64(fn, a, b, w) { #fn, tcg_gen_##fn##_i64, a, b, w }
#define C32(fn, a, b, w) { #fn, tcg_gen_##fn##_i32, a, b, w }

static const Case64 arith64[] = {
    C64(add, 0xffffffffffffffff, 2, 1),
    C64(add, 0x123456789, 0x100000000, 0x223456789),
    C64(sub, 1, 2, 0xffffffffffffffff),
    C64(and, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, 0x0f000f000f000f00),
    C64(or, 0xff00000000000000, 0xf, 0xff0000000000000f),
    C64(xor, 0xffff0000ffff0000, 0xff00ff00ff00ff00, 0x00ffff0000ffff00),
    C64(andc, 0xff, 0x0f, 0xf0),
    C64(orc, 0xf0, 0xffffffffffffff0f, 0xf0 | 0xf0),
    C64(eqv, 0x5555, 0x5555, 0xffffffffffffffff),
    C64(nand, 0xffffffffffffffff, 0xffffffffffffffff, 0),
    C64(nor, 0, 0, 0xffffffffffffffff),
    C64(shl, 1, 63, 0x8000000000000000),
    C64(shl, 1, 64 + 4, 0x10),     /* counts are taken mod 64 */
    C64(shr, 0x8000000000000000, 63, 1),
    C64(sar, 0x8000000000000000, 63, 0xffffffffffffffff),
    C64(sar, 0x8000000000000000, 64, 0x8000000000000000),
    C64(rotl, 0x8000000000000001, 1, 3),
    C64(rotl, 0x1234, 0, 0x1234),
    C64(rotr, 3, 1, 0x8000000000000001),
    C64(mul, 0x100000001, 0x100000001, 0x200000001),
    C64(mulsh, 0xffffffffffffffff, 0xffffffffffffffff, 0),
    C64(mulsh, 0x8000000000000000, 2, 0xffffffffffffffff),
    C64(muluh, 0xffffffffffffffff, 0xffffffffffffffff, 0xfffffffffffffffe),
    C64(div, (uint64_t)-7, 2, (uint64_t)-3),
    C64(divu, (uint64_t)-7, 2, 0x7ffffffffffffffc),
    C64(rem, (uint64_t)-7, 2, (uint64_t)-1),
    C64(remu, 100, 7, 2),
    C64(clz, 1, 99, 63),
    C64(clz, 0, 99, 99),
    C64(clz, 0x8000000000000000, 99, 0),
    C64(ctz, 0x8000000000000000, 99, 63),
    C64(ctz, 0, 64, 64),
};

static const Case32 arith32[] = {
    C32(add, 0xffffffff, 2, 1),
    C32(sub, 1, 2, 0xffffffff),
    C32(andc, 0xff, 0x0f, 0xf0),
    C32(orc, 0, 0xfffffff0, 0xf),
    C32(eqv, 1, 0, 0xfffffffe),
    C32(nand, 3, 1, 0xfffffffe),
    C32(nor, 1, 2, 0xfffffffc),
    C32(shl, 1, 31, 0x80000000),
    C32(shl, 1, 33, 2),             /* counts are taken mod 32 */
    C32(shr, 0x80000000, 31, 1),
    C32(sar, 0x80000000, 31, 0xffffffff),
    C32(rotl, 0x80000001, 1, 3),
    C32(rotr, 3, 1, 0x80000001),
    C32(mul, 0x10001, 0x10001, 0x20001),
    C32(mulsh, 0xffffffff, 0xffffffff, 0),
    C32(mulsh, 0x80000000, 2, 0xffffffff),
    C32(muluh, 0xffffffff, 0xffffffff, 0xfffffffe),
    C32(div, (uint32_t)-7, 2, (uint32_t)-3),
    C32(divu, (uint32_t)-7, 2, 0x7ffffffc),
    C32(rem, (uint32_t)-7, 2, (uint32_t)-1),
    C32(remu, 100, 7, 2),
    C32(clz, 1, 99, 31),
    C32(clz, 0, 7, 7),
    C32(ctz, 0x80000000, 0, 31),
    C32(ctz, 0, 32, 32),
};

START_TEST(binary_ops_i64)
{
    for (size_t i = 0; i < G_N_ELEMENTS(arith64); i++) {
        check_bin64(test_backends[_i], &arith64[i]);
    }
}
END_TEST

START_TEST(binary_ops_i32)
{
    for (size_t i = 0; i < G_N_ELEMENTS(arith32); i++) {
        check_bin32(test_backends[_i], &arith32[i]);
    }
}
END_TEST

/* The fallback paths of the native backend, with host features off. */
START_TEST(count_ops_without_host_features)
{
    static const Case64 c[] = {
        C64(clz, 0x10, 5, 59), C64(clz, 0, 5, 5),
        C64(ctz, 0x10, 5, 4), C64(ctz, 0, 5, 5),
    };
    static const Case32 c32[] = {
        C32(clz, 0x10, 5, 27), C32(clz, 0, 5, 5),
        C32(ctz, 0x10, 5, 4), C32(ctz, 0, 5, 5),
    };

    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < G_N_ELEMENTS(c); i++) {
            TestCtx t;
            TestEnv env = { 0 };
            test_ctx_init(&t, TCG_BACKEND_NATIVE);
            t.s->host_features = pass ? ~0u : 0;
            c[i].fn(t.r[0], t.r[1], t.r[2]);
            c32[i].fn(t.w[0], t.w[1], t.w[2]);
            tcg_gen_ctpop_i64(t.r[3], t.r[1]);
            tcg_gen_ctpop_i32(t.w[3], t.w[1]);
            env.r[1] = c[i].a;
            env.r[2] = c[i].b;
            env.w[1] = c32[i].a;
            env.w[2] = c32[i].b;
            test_run(&t, &env);
            ck_assert_uint_eq(env.r[0], c[i].want);
            ck_assert_uint_eq(env.w[0], c32[i].want);
            ck_assert_uint_eq(env.r[3], c[i].a ? 1 : 0);
            ck_assert_uint_eq(env.w[3], c32[i].a ? 1 : 0);
            tcg_context_free(t.s);
        }
    }
}
END_TEST

typedef struct UnCase {
    const char *name;
    Un64 fn64;
    Un32 fn32;
    uint64_t a, want64;
    uint32_t want32;
} UnCase;

#define U(fn, a, w64, w32) \
    { #fn, tcg_gen_##fn##_i64, tcg_gen_##fn##_i32, a, w64, w32 }

static const UnCase unary[] = {
    U(mov, 0x123456789abcdef0, 0x123456789abcdef0, 0x9abcdef0),
    U(neg, 1, 0xffffffffffffffff, 0xffffffff),
    U(not, 0, 0xffffffffffffffff, 0xffffffff),
    U(ext8s, 0x80, 0xffffffffffffff80, 0xffffff80),
    U(ext8u, 0xfff0, 0xf0, 0xf0),
    U(ext16s, 0x8000, 0xffffffffffff8000, 0xffff8000),
    U(ext16u, 0xfffff000, 0xf000, 0xf000),
    U(bswap16, 0xaabbccdd, 0xddcc, 0xddcc),
    U(bswap32, 0x1122334455667788, 0x88776655, 0x88776655),
    U(ctpop, 0xf0f0f0f0f0f0f0f0, 32, 16),
};

START_TEST(unary_ops)
{
    for (size_t i = 0; i < G_N_ELEMENTS(unary); i++) {
        TestCtx t;
        TestEnv env = { 0 };

        test_ctx_init(&t, test_backends[_i]);
        unary[i].fn64(t.r[0], t.r[1]);
        unary[i].fn32(t.w[0], t.w[1]);
        unary[i].fn64(t.r[2], tcg_constant_i64(unary[i].a));
        env.r[1] = unary[i].a;
        env.w[1] = (uint32_t)unary[i].a;
        test_run(&t, &env);
        ck_assert_msg(env.r[0] == unary[i].want64 &&
                      env.r[2] == unary[i].want64,
                      "%s_i64: 0x%lx", unary[i].name,
                      (unsigned long)env.r[0]);
        ck_assert_msg(env.w[0] == unary[i].want32, "%s_i32: 0x%x",
                      unary[i].name, env.w[0]);
        tcg_context_free(t.s);
    }
}
END_TEST

START_TEST(width_changes_and_fields)
{
    TestCtx t;
    TestEnv env = { 0 };

    test_ctx_init(&t, test_backends[_i]);
    tcg_gen_ext32s_i64(t.r[0], t.r[7]);
    tcg_gen_ext32u_i64(t.r[1], t.r[7]);
    tcg_gen_bswap64_i64(t.r[2], t.r[7]);
    tcg_gen_extrl_i64_i32(t.w[0], t.r[7]);
    tcg_gen_ext_i32_i64(t.r[3], t.w[3]);
    tcg_gen_extu_i32_i64(t.r[4], t.w[3]);
    tcg_gen_deposit_i64(t.r[5], t.r[7], tcg_constant_i64(0), 8, 16);
    tcg_gen_extract_i64(t.r[6], t.r[7], 60, 4);
    tcg_gen_sextract_i32(t.w[1], t.w[3], 4, 8);
    tcg_gen_deposit_i32(t.w[2], t.w[3], tcg_constant_i32(0xff), 28, 4);
    env.r[7] = 0xf1234567f89abcde;
    env.w[3] = 0x80000f00;
    test_run(&t, &env);
    ck_assert_uint_eq(env.r[0], 0xfffffffff89abcde);
    ck_assert_uint_eq(env.r[1], 0xf89abcde);
    ck_assert_uint_eq(env.r[2], 0xdebc9af8674523f1);
    ck_assert_uint_eq(env.w[0], 0xf89abcde);
    ck_assert_uint_eq(env.r[3], 0xffffffff80000f00);
    ck_assert_uint_eq(env.r[4], 0x80000f00);
    ck_assert_uint_eq(env.r[5], 0xf1234567f80000de);
    ck_assert_uint_eq(env.r[6], 0xf);
    ck_assert_uint_eq(env.w[1], 0xfffffff0);
    ck_assert_uint_eq(env.w[2], 0xf0000f00);
    tcg_context_free(t.s);
}
END_TEST

START_TEST(full_width_fields)
{
    TestCtx t;
    TestEnv env = { 0 };

    test_ctx_init(&t, test_backends[_i]);
    tcg_gen_deposit_i64(t.r[0], t.r[1], t.r[2], 0, 64);
    tcg_gen_extract_i64(t.r[3], t.r[1], 0, 64);
    tcg_gen_sextract_i64(t.r[4], t.r[1], 63, 1);
    tcg_gen_extract_i32(t.w[0], t.w[1], 0, 32);
    tcg_gen_deposit_i32(t.w[2], t.w[1], t.w[1], 1, 31);
    env.r[1] = 0x8000000000000001;
    env.r[2] = 0x5555;
    env.w[1] = 0x80000001;
    test_run(&t, &env);
    ck_assert_uint_eq(env.r[0], 0x5555);
    ck_assert_uint_eq(env.r[3], 0x8000000000000001);
    ck_assert_uint_eq(env.r[4], 0xffffffffffffffff);
    ck_assert_uint_eq(env.w[0], 0x80000001);
    ck_assert_uint_eq(env.w[2], 0x00000003);
    tcg_context_free(t.s);
}
END_TEST

static const TCGCond all_conds[] = {
    TCG_COND_NEVER, TCG_COND_ALWAYS, TCG_COND_EQ, TCG_COND_NE,
    TCG_COND_LT, TCG_COND_GE, TCG_COND_LE, TCG_COND_GT,
    TCG_COND_LTU, TCG_COND_GEU, TCG_COND_LEU, TCG_COND_GTU,
};

/* Expected truth for (a, b) = (-1, 1), (1, 1), (1, -1). */
static const uint8_t cond_truth[12][3] = {
    { 0, 0, 0 }, { 1, 1, 1 }, { 0, 1, 0 }, { 1, 0, 1 },
    { 1, 0, 0 }, { 0, 1, 1 }, { 1, 1, 0 }, { 0, 0, 1 },
    { 0, 0, 1 }, { 1, 1, 0 }, { 0, 1, 1 }, { 1, 0, 0 },
};

START_TEST(conditions)
{
    static const int64_t pairs[3][2] = { { -1, 1 }, { 1, 1 }, { 1, -1 } };

    for (int c = 0; c < 12; c++) {
        for (int p = 0; p < 3; p++) {
            TestCtx t;
            TestEnv env = { 0 };
            TCGLabel *skip = NULL;
            TCGv_i32 tmp;

            test_ctx_init(&t, test_backends[_i]);
            skip = gen_new_label();
            tcg_gen_setcond_i64(all_conds[c], t.r[0], t.r[1], t.r[2]);
            tcg_gen_setcond_i32(all_conds[c], t.w[0], t.w[1], t.w[2]);
            tcg_gen_movcond_i64(all_conds[c], t.r[3], t.r[1], t.r[2],
                                tcg_constant_i64(10), tcg_constant_i64(20));
            tcg_gen_movcond_i32(all_conds[c], t.w[3], t.w[1], t.w[2],
                                t.w[1], t.w[2]);
            tcg_gen_movi_i64(t.r[4], 1);
            tcg_gen_setcondi_i64(all_conds[c], t.r[5], t.r[1], pairs[p][1]);
            tmp = tcg_temp_new_i32();
            tcg_gen_setcondi_i32(all_conds[c], tmp, t.w[1], pairs[p][1]);
            tcg_gen_extu_i32_i64(t.r[6], tmp);
            tcg_gen_brcond_i64(all_conds[c], t.r[1], t.r[2], skip);
            tcg_gen_movi_i64(t.r[4], 0);
            gen_set_label(skip);
            env.r[1] = pairs[p][0];
            env.r[2] = pairs[p][1];
            env.w[1] = (uint32_t)pairs[p][0];
            env.w[2] = (uint32_t)pairs[p][1];
            test_run(&t, &env);
            ck_assert_msg(env.r[0] == cond_truth[c][p],
                          "setcond_i64 cond %d pair %d", all_conds[c], p);
            ck_assert_uint_eq(env.w[0], cond_truth[c][p]);
            ck_assert_uint_eq(env.r[3], cond_truth[c][p] ? 10 : 20);
            ck_assert_uint_eq(env.w[3], cond_truth[c][p] ? env.w[1]
                                                         : env.w[2]);
            ck_assert_msg(env.r[4] == cond_truth[c][p],
                          "brcond_i64 cond %d pair %d", all_conds[c], p);
            ck_assert_uint_eq(env.r[5], cond_truth[c][p]);
            ck_assert_uint_eq(env.r[6], cond_truth[c][p]);
            tcg_context_free(t.s);
        }
    }
}
END_TEST

START_TEST(backward_branch_loop)
{
    TestCtx t;
    TestEnv env = { 0 };
    TCGLabel *top, *skip;
    TCGv_i64 i;

    /* r0 = sum of 1..r1, counted down in a TB temp across the label */
    test_ctx_init(&t, test_backends[_i]);
    top = gen_new_label();
    i = tcg_temp_new_tb_i64();
    tcg_gen_mov_i64(i, t.r[1]);
    tcg_gen_movi_i64(t.r[0], 0);
    gen_set_label(top);
    tcg_gen_add_i64(t.r[0], t.r[0], i);
    tcg_gen_subi_i64(i, i, 1);
    tcg_gen_brcond_i64(TCG_COND_NE, i, tcg_constant_i64(0), top);
    skip = gen_new_label();
    tcg_gen_br(skip);
    tcg_gen_movi_i64(t.r[0], 99);
    gen_set_label(skip);
    tcg_gen_exit_tb(77);
    tcg_gen_movi_i64(t.r[0], 98);   /* unreachable */
    env.r[1] = 100;
    ck_assert_uint_eq(test_run(&t, &env), 77);
    ck_assert_uint_eq(env.r[0], 5050);
    tcg_context_free(t.s);

    /* the same loop counted with brcondi_i32 on a 32-bit global */
    test_ctx_init(&t, test_backends[_i]);
    top = gen_new_label();
    tcg_gen_movi_i32(t.w[0], 0);
    gen_set_label(top);
    tcg_gen_addi_i32(t.w[0], t.w[0], 3);
    tcg_gen_subi_i32(t.w[1], t.w[1], 1);
    tcg_gen_brcondi_i32(TCG_COND_GT, t.w[1], 0, top);
    env.w[1] = 10;
    ck_assert_uint_eq(test_run(&t, &env), 0);
    ck_assert_uint_eq(env.w[0], 30);
    ck_assert_uint_eq(env.r[0], 5050);
    tcg_context_free(t.s);
}
END_TEST

/*
 * A field of env loaded and compared with a constant, the value dying at
 * the compare (the native backend compares memory directly): both
 * outcomes, 32 and 64 bits, signed and unsigned, an 8- and a 32-bit
 * immediate.
 */
START_TEST(ld_then_brcond_on_env)
{
    static const struct {
        TCGCond c;
        bool is64;
        int64_t imm;
        uint64_t val;
        bool taken;
    } cases[] = {
        { TCG_COND_NE, false, 0, 0, false },
        { TCG_COND_NE, false, 0, 5, true },
        { TCG_COND_LT, false, 1, 0xffffffff, true },     /* -1 < 1 */
        { TCG_COND_LTU, false, 1, 0xffffffff, false },
        { TCG_COND_EQ, true, 0x12345678, 0x12345678, true },
        { TCG_COND_EQ, true, 0x12345678, 0x112345678ull, false },
        { TCG_COND_GT, true, -2, 0xffffffffffffffffull, true },
    };
    const int b = offsetof(TestEnv, buf);

    for (size_t k = 0; k < G_N_ELEMENTS(cases); k++) {
        TestCtx t;
        TestEnv env = { 0 };
        TCGLabel *l;

        test_ctx_init(&t, test_backends[_i]);
        l = gen_new_label();
        tcg_gen_movi_i64(t.r[0], 1);    /* dirty: written back first */
        if (cases[k].is64) {
            TCGv_i64 v = tcg_temp_new_i64();

            tcg_gen_ld_i64(v, tcg_env, b + 8);
            tcg_gen_brcond_i64(cases[k].c, v,
                               tcg_constant_i64(cases[k].imm), l);
        } else {
            TCGv_i32 v = tcg_temp_new_i32();

            tcg_gen_ld_i32(v, tcg_env, b + 8);
            tcg_gen_brcond_i32(cases[k].c, v,
                               tcg_constant_i32((int32_t)cases[k].imm), l);
        }
        tcg_gen_exit_tb(10);
        gen_set_label(l);
        tcg_gen_exit_tb(20);
        memcpy(env.buf + 8, &cases[k].val, 8);
        ck_assert_uint_eq(test_run(&t, &env), cases[k].taken ? 20 : 10);
        ck_assert_uint_eq(env.r[0], 1);
        tcg_context_free(t.s);
    }
}
END_TEST

START_TEST(host_loads_and_stores)
{
    TestCtx t;
    TestEnv env = { 0 };
    TCGv_ptr p = NULL;
    const int b = offsetof(TestEnv, buf);

    test_ctx_init(&t, test_backends[_i]);
    tcg_gen_ld8u_i64(t.r[0], tcg_env, b + 0);
    tcg_gen_ld8s_i64(t.r[1], tcg_env, b + 0);
    tcg_gen_ld16u_i64(t.r[2], tcg_env, b + 0);
    tcg_gen_ld16s_i32(t.w[0], tcg_env, b + 0);
    tcg_gen_ld32s_i64(t.r[3], tcg_env, b + 0);
    tcg_gen_ld32u_i64(t.r[4], tcg_env, b + 0);
    tcg_gen_ld_i64(t.r[5], tcg_env, b + 0);
    tcg_gen_ld8s_i32(t.w[1], tcg_env, b + 0);
    tcg_gen_st8_i64(t.r[7], tcg_env, b + 16);
    tcg_gen_st16_i32(t.w[3], tcg_env, b + 18);
    tcg_gen_st32_i64(t.r[7], tcg_env, b + 20);
    tcg_gen_st_i64(t.r[7], tcg_env, b + 24);
    /* through a pointer temp, with a far base pulled back into range */
    p = tcg_temp_new_ptr();
    tcg_gen_mov_ptr(p, tcg_env);
    tcg_gen_addi_ptr(p, p, (intptr_t)1 << 39);
    tcg_gen_add_ptr(p, p, tcg_constant_i64((int64_t)1 << 39));
    tcg_gen_ld_i32(t.w[2], p, b + 4 - ((intptr_t)1 << 40));
    memset(env.buf, 0x80, 8);
    env.buf[4] = 0x12;
    env.r[7] = 0x1122334455667788;
    env.w[3] = 0xabcd;
    test_run(&t, &env);
    ck_assert_uint_eq(env.r[0], 0x80);
    ck_assert_uint_eq(env.r[1], 0xffffffffffffff80);
    ck_assert_uint_eq(env.r[2], 0x8080);
    ck_assert_uint_eq(env.w[0], 0xffff8080);
    ck_assert_uint_eq(env.r[3], 0xffffffff80808080);
    ck_assert_uint_eq(env.r[4], 0x80808080);
    ck_assert_uint_eq(env.r[5], 0x8080801280808080);
    ck_assert_uint_eq(env.w[1], 0xffffff80);
    ck_assert_uint_eq(env.buf[16], 0x88);
    ck_assert_uint_eq(env.buf[17], 0);
    ck_assert_uint_eq(env.buf[18] | env.buf[19] << 8, 0xabcd);
    ck_assert_uint_eq(env.buf[20] | env.buf[23] << 24, 0x55000088);
    ck_assert_uint_eq(env.buf[31], 0x11);
    ck_assert_uint_eq(env.w[2], 0x80808012);
    tcg_context_free(t.s);
}
END_TEST

static uint64_t last_addr;
static TCGMemOpIdx last_oi;
static uint64_t stored;

static uint64_t seen_r5;

static uint64_t fake_guest_ld(void *env, uint64_t addr, TCGMemOpIdx oi)
{
    last_addr = addr;
    last_oi = oi;
    return addr + 1;
}

static void fake_guest_st(void *env, uint64_t addr, uint64_t val,
                          TCGMemOpIdx oi)
{
    TestEnv *e = env;

    last_addr = addr;
    last_oi = oi;
    stored = val;
    seen_r5 = e->r[5];  /* call-outs may read CPU state (written back) */
}

START_TEST(guest_memory_callouts)
{
    TestCtx t;
    TestEnv env = { 0 };

    test_ctx_init(&t, test_backends[_i]);
    tcg_context_set_guest_memory(t.s, fake_guest_ld, fake_guest_st);
    tcg_gen_qemu_ld_i64(t.r[0], t.r[1], 3, MO_SW | MO_BE | MO_ALIGN);
    tcg_gen_qemu_ld_i32(t.w[0], t.r[1], 1, MO_UL);
    tcg_gen_movi_i64(t.r[6], 1);        /* cached across the call-out */
    tcg_gen_addi_i64(t.r[5], t.r[5], 1);    /* dirty: the call-out reads */
    tcg_gen_qemu_st_i64(t.r[2], tcg_constant_i64(0x1000), 2, MO_UQ);
    tcg_gen_mov_i64(t.r[3], t.r[6]);
    env.r[1] = 0xffffffff;
    env.r[2] = 0xcafe;
    env.r[5] = 0x41;
    seen_r5 = 0;
    test_run(&t, &env);
    ck_assert_uint_eq(seen_r5, 0x42);
    ck_assert_uint_eq(env.r[0], 0x100000000);
    ck_assert_uint_eq(env.w[0], 0);
    ck_assert_uint_eq(last_addr, 0x1000);
    ck_assert_uint_eq(stored, 0xcafe);
    ck_assert_uint_eq(last_oi, tcg_make_memop_idx(MO_UQ, 2));
    ck_assert_uint_eq(env.r[3], 1);
    ck_assert_uint_eq(env.r[6], 1);
    tcg_context_free(t.s);
}
END_TEST

/* User mode: guest memory at a fixed host base, accessed inline. */
START_TEST(guest_memory_direct)
{
    static uint8_t mem[64];
    static const uint8_t init[8] = { 0x81, 0x82, 0x83, 0x84,
                                     0x85, 0x86, 0x87, 0x88 };

    for (int pass = 0; pass < 2; pass++) {
        TestCtx t;
        TestEnv env = { 0 };

        test_ctx_init(&t, test_backends[_i]);
        if (pass) {
            t.s->host_features = 0;     /* no MOVBE: bswap instead */
        }
        tcg_context_set_guest_memory(t.s, fake_guest_ld, fake_guest_st);
        tcg_context_set_guest_base(t.s, (uintptr_t)mem - 0x1000);
        memset(mem, 0, sizeof(mem));
        memcpy(mem, init, 8);
        last_addr = 0;
        tcg_gen_movi_i64(t.r[7], 0x1000);
        tcg_gen_qemu_ld_i64(t.r[0], t.r[7], 0, MO_UQ);
        tcg_gen_qemu_ld_i64(t.r[1], t.r[7], 0, MO_UQ | MO_BE);
        tcg_gen_qemu_ld_i64(t.r[2], t.r[7], 0, MO_SW | MO_BE);
        tcg_gen_qemu_ld_i64(t.r[3], t.r[7], 0, MO_SL);
        tcg_gen_qemu_ld_i32(t.w[0], t.r[7], 0, MO_UL | MO_BE);
        tcg_gen_qemu_ld_i32(t.w[1], t.r[7], 0, MO_SB);
        tcg_gen_qemu_ld_i64(t.r[4], t.r[7], 0, MO_UW);
        tcg_gen_qemu_st_i64(t.r[0], tcg_constant_i64(0x1010), 0,
                            MO_UQ | MO_BE);
        tcg_gen_qemu_st_i32(t.w[0], tcg_constant_i64(0x1020), 0, MO_UL);
        tcg_gen_qemu_st_i64(t.r[0], tcg_constant_i64(0x1028), 0,
                            MO_UW | MO_BE);
        tcg_gen_qemu_st_i64(t.r[0], tcg_constant_i64(0x102c), 0, MO_UB);
        tcg_gen_qemu_st_i32(t.w[1], tcg_constant_i64(0x1030), 0,
                            MO_UL | MO_BE);
        /* an alignment requirement still goes through the call-out */
        tcg_gen_qemu_ld_i64(t.r[5], t.r[7], 0, MO_UQ | MO_ALIGN);
        test_run(&t, &env);
        ck_assert_uint_eq(env.r[0], 0x8887868584838281);
        ck_assert_uint_eq(env.r[1], 0x8182838485868788);
        ck_assert_uint_eq(env.r[2], 0xffffffffffff8182);
        ck_assert_uint_eq(env.r[3], 0xffffffff84838281);
        ck_assert_uint_eq(env.w[0], 0x81828384);
        ck_assert_uint_eq(env.w[1], 0xffffff81);
        ck_assert_uint_eq(env.r[4], 0x8281);
        ck_assert_mem_eq(mem + 0x10, "\x88\x87\x86\x85\x84\x83\x82\x81",
                         8);
        ck_assert_mem_eq(mem + 0x20, "\x84\x83\x82\x81", 4);
        ck_assert_mem_eq(mem + 0x28, "\x82\x81", 2);
        ck_assert_uint_eq(mem[0x2c], 0x81);
        ck_assert_mem_eq(mem + 0x30, "\xff\xff\xff\x81", 4);
        ck_assert_uint_eq(env.r[5], 0x1001);    /* fake_guest_ld: addr+1 */
        ck_assert_uint_eq(last_addr, 0x1000);
        tcg_context_free(t.s);
    }
}
END_TEST

/*
 * User mode's table lookup: the address (index << k) + table, copied to a
 * guest register, then loaded from. The native backend loads from the
 * parts directly while the sum feeds the bound check and the register;
 * an index past the bounded space still goes to the call-out.
 */
START_TEST(table_index_load)
{
    TestCtx t;
    TestEnv env = { .r = { 0, 0x1305, 0x100, 0, 0, 0, 0, 0x1fff0 } };
    uint8_t *mem = MAP_FAILED;
    TCGv_i64 a;

    /* guest_base must fit a 32-bit displacement, as user mode's does */
    for (uintptr_t at = 0x10000000; mem == MAP_FAILED && at < 0x70000000;
         at += 0x10000000) {
        mem = mmap((void *)at, 0x20000, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    }
    ck_assert_ptr_ne(mem, MAP_FAILED);
    for (int i = 0; i < 256; i++) {
        uint32_t v = 0x80000000u + i * 3;
        uint64_t q = 0x1111111100000000ull + i;

        memcpy(mem + 0x100 + 4 * i, &v, 4);
        memcpy(mem + 0x1000 + 8 * i, &q, 8);
    }
    test_ctx_init(&t, test_backends[_i]);
    tcg_context_set_guest_memory(t.s, fake_guest_ld, fake_guest_st);
    tcg_context_set_guest_base(t.s, (uintptr_t)mem);
    tcg_context_set_guest_addr_bits(t.s, 17);
    a = tcg_temp_new_i64();
    tcg_gen_andi_i64(a, t.r[1], 0xff);
    tcg_gen_shli_i64(a, a, 2);
    tcg_gen_add_i64(a, a, t.r[2]);
    tcg_gen_mov_i64(t.r[3], a);
    tcg_gen_qemu_ld_i64(t.r[4], a, 0, MO_SL);
    tcg_gen_andi_i64(a, t.r[1], 0x7f);
    tcg_gen_shli_i64(a, a, 3);
    tcg_gen_add_i64(a, t.r[7], a);                  /* past 2^17 */
    tcg_gen_qemu_ld_i64(t.r[5], a, 0, MO_UQ);
    tcg_gen_addi_i64(t.r[6], t.r[2], 0xf00);
    tcg_gen_andi_i64(a, t.r[1], 0xff);
    tcg_gen_shli_i64(a, a, 3);
    tcg_gen_add_i64(a, t.r[6], a);
    tcg_gen_qemu_ld_i64(t.r[6], a, 0, MO_UQ);
    test_run(&t, &env);
    ck_assert_uint_eq(env.r[3], 0x114);
    ck_assert_uint_eq(env.r[4], 0xffffffff80000000ull + 5 * 3);
    ck_assert_uint_eq(env.r[5], 0x1fff0 + 8 * 5 + 1);  /* the call-out */
    ck_assert_uint_eq(env.r[6], 0x1111111100000005ull);
    tcg_context_free(t.s);
    munmap(mem, 0x20000);
}
END_TEST

static uint64_t helper_mix(uint64_t a, uint32_t b, uint64_t c, uint64_t d,
                           uint64_t e, uint64_t f)
{
    return a * 1000000 + b * 10000 + c * 1000 + d * 100 + e * 10 + f;
}

static uint32_t helper_add32(uint32_t a, uint32_t b)
{
    return a + b;
}

static TestEnv *seen_env;
static void helper_void(void *env)
{
    seen_env = env;
}

static const TCGHelperInfo info_mix = {
    .func = (void *)helper_mix, .name = "mix", .flags = 0 };
static const TCGHelperInfo info_add32 = {
    .func = (void *)helper_add32, .name = "add32",
    .flags = TCG_CALL_NO_RWG_SE };
static const TCGHelperInfo info_void = {
    .func = (void *)helper_void, .name = "void", .flags = 0 };

/* A helper that may read and write globals: sees r7, adds 100 to it. */
static uint64_t pinned_seen;
static void helper_bump_r7(void *env)
{
    TestEnv *e = env;

    pinned_seen = e->r[7];
    e->r[7] += 100;
}

static const TCGHelperInfo info_bump_r7 = {
    .func = (void *)helper_bump_r7, .name = "bump_r7", .flags = 0,
};

/*
 * A pinned global: kept across a chained goto_tb, a branch and a label,
 * written back before a helper that may read it, reloaded after one that
 * may write it, in memory after the block returns; other globals still
 * cached and written as usual.
 */
START_TEST(pinned_global)
{
    TestCtx t;
    TestEnv env = { 0 };
    GError *err = NULL;
    const void *first, *second;
    TCGTemp *args[1];
    TCGLabel *l;
    int ofs;

    test_ctx_init(&t, test_backends[_i]);
    tcg_context_pin_global(t.s, t.r[7]);
    tcg_func_start(t.s);
    tcg_gen_addi_i64(t.r[7], t.r[7], 5);
    tcg_gen_addi_i64(t.r[0], t.r[0], 1);
    l = gen_new_label();
    tcg_gen_brcondi_i64(TCG_COND_EQ, t.r[1], 0, l);
    tcg_gen_addi_i64(t.r[7], t.r[7], 1000);     /* r1 != 0 only */
    gen_set_label(l);
    tcg_gen_addi_i64(t.r[7], t.r[7], 2);
    tcg_gen_goto_tb(0);
    tcg_gen_exit_tb(1);
    first = tcg_gen_code(t.s, &err);
    ck_assert_ptr_nonnull(first);
    ofs = tcg_goto_tb_offset(t.s, 0);

    tcg_func_start(t.s);
    tcg_gen_addi_i64(t.r[7], t.r[7], 3);
    args[0] = tcgv_ptr_temp(tcg_env);
    tcg_gen_callN(&info_bump_r7, NULL, 1, args);
    tcg_gen_addi_i64(t.r[7], t.r[7], 7);
    tcg_gen_mov_i64(t.r[2], t.r[7]);
    tcg_gen_exit_tb(2);
    second = tcg_gen_code(t.s, &err);
    ck_assert_ptr_nonnull(second);

    env.r[7] = 10;
    ck_assert_uint_eq(tcg_exec(t.s, &env, first), 1);
    ck_assert_uint_eq(env.r[7], 17);
    ck_assert_uint_eq(env.r[0], 1);
    ck_assert(tcg_set_goto_tb_target(t.s, first, ofs, second, &err));
    env.r[1] = 1;
    ck_assert_uint_eq(tcg_exec(t.s, &env, first), 2);
    ck_assert_uint_eq(pinned_seen, 17 + 1007 + 3);
    ck_assert_uint_eq(env.r[7], 17 + 1007 + 3 + 100 + 7);
    ck_assert_uint_eq(env.r[2], env.r[7]);
    ck_assert_uint_eq(env.r[0], 2);
    tcg_context_free(t.s);
}
END_TEST

START_TEST(helper_calls)
{
    TestCtx t;
    TestEnv env = { 0 };
    TCGTemp *args[6];

    test_ctx_init(&t, test_backends[_i]);
    args[0] = tcgv_i64_temp(t.r[1]);
    args[1] = tcgv_i32_temp(t.w[1]);
    args[2] = tcgv_i64_temp(tcg_constant_i64(3));
    args[3] = tcgv_i64_temp(tcg_constant_i64(4));
    args[4] = tcgv_i64_temp(tcg_constant_i64(5));
    args[5] = tcgv_i64_temp(tcg_constant_i64(6));
    tcg_gen_callN(&info_mix, tcgv_i64_temp(t.r[0]), 6, args);
    args[0] = tcgv_i32_temp(t.w[1]);
    args[1] = tcgv_i32_temp(tcg_constant_i32(-1));
    tcg_gen_callN(&info_add32, tcgv_i32_temp(t.w[0]), 2, args);
    args[0] = tcgv_ptr_temp(tcg_env);
    tcg_gen_callN(&info_void, NULL, 1, args);
    env.r[1] = 1;
    env.w[1] = 2;
    seen_env = NULL;
    test_run(&t, &env);
    ck_assert_uint_eq(env.r[0], 1023456);
    ck_assert_uint_eq(env.w[0], 1);
    ck_assert_ptr_eq(seen_env, &env);
    tcg_context_free(t.s);
}
END_TEST

START_TEST(exits_and_goto_ptr)
{
    TestCtx t;
    TestEnv env = { 0 };
    const void *second;
    const void *first;
    GError *err = NULL;

    test_ctx_init(&t, test_backends[_i]);
    tcg_gen_insn_start(0x1000);
    tcg_gen_addi_i64(t.r[0], t.r[0], 5);
    tcg_gen_mb(TCG_MO_ALL);
    tcg_gen_goto_tb(0);
    tcg_gen_exit_tb(0x1234);
    second = tcg_gen_code(t.s, &err);
    ck_assert_ptr_nonnull(second);
    ck_assert_int_ge(tcg_goto_tb_offset(t.s, 0), 0);
    if (test_backends[_i] == TCG_BACKEND_NATIVE) {
        /* the rel32 after the jmp opcode is 4-byte aligned */
        ck_assert_int_eq(((uintptr_t)second + tcg_goto_tb_offset(t.s, 0))
                         % 4, 3);
    }
    ck_assert_int_eq(tcg_goto_tb_offset(t.s, 1), -1);
    ck_assert_int_eq(tcg_goto_tb_offset(t.s, 7), -1);

    tcg_func_start(t.s);
    tcg_gen_addi_i64(t.r[0], t.r[0], 1);
    tcg_gen_goto_ptr(tcg_constant_ptr((uintptr_t)second));
    first = tcg_gen_code(t.s, &err);
    ck_assert_ptr_nonnull(first);
    ck_assert_uint_eq(tcg_exec(t.s, &env, first), 0x1234);
    ck_assert_uint_eq(env.r[0], 6);

    /* goto_ptr to 0 leaves with 0 */
    tcg_func_start(t.s);
    tcg_gen_goto_ptr(tcg_constant_ptr(0));
    first = tcg_gen_code(t.s, &err);
    ck_assert_uint_eq(tcg_exec(t.s, &env, first), 0);

    /* an empty block acts as exit_tb 0 */
    tcg_func_start(t.s);
    ck_assert_uint_eq(test_run(&t, &env), 0);
    tcg_context_free(t.s);
}
END_TEST

START_TEST(goto_tb_chaining)
{
    TestCtx t;
    TestEnv env = { 0 };
    GError *err = NULL;
    const void *first, *second;
    int ofs;

    test_ctx_init(&t, test_backends[_i]);
    tcg_gen_addi_i64(t.r[0], t.r[0], 1);
    tcg_gen_goto_tb(1);
    tcg_gen_exit_tb(1);
    first = tcg_gen_code(t.s, &err);
    ofs = tcg_goto_tb_offset(t.s, 1);
    ck_assert_int_ge(ofs, 0);
    ck_assert_int_eq(tcg_goto_tb_offset(t.s, 0), -1);

    tcg_func_start(t.s);
    tcg_gen_addi_i64(t.r[0], t.r[0], 10);
    tcg_gen_exit_tb(2);
    second = tcg_gen_code(t.s, &err);
    ck_assert_ptr_nonnull(second);

    ck_assert_uint_eq(tcg_exec(t.s, &env, first), 1);
    ck_assert_uint_eq(env.r[0], 1);
    ck_assert(tcg_set_goto_tb_target(t.s, first, ofs, second, &err));
    ck_assert_uint_eq(tcg_exec(t.s, &env, first), 2);
    ck_assert_uint_eq(env.r[0], 12);
    ck_assert(tcg_set_goto_tb_target(t.s, first, ofs, NULL, &err));
    ck_assert_uint_eq(tcg_exec(t.s, &env, first), 1);
    ck_assert_uint_eq(env.r[0], 13);

    /* refused, and nothing changed: a target outside the buffer */
    ck_assert(!tcg_set_goto_tb_target(t.s, first, ofs, &env, &err));
    ck_assert(g_error_matches(err, VIREO_ERROR, VIREO_ERROR_INVALID));
    g_clear_error(&err);
    ck_assert(!tcg_set_goto_tb_target(t.s, &env, 0, second, &err));
    g_clear_error(&err);
    ck_assert(!tcg_set_goto_tb_target(t.s, first, -1, second, &err));
    g_clear_error(&err);
    ck_assert_uint_eq(tcg_exec(t.s, &env, first), 1);
    tcg_context_free(t.s);
}
END_TEST

static TCGContext *unwind_ctx;
static const void *unwind_code;
static uint64_t unwound_pc;
static bool unwound;

static __attribute__((noinline)) uint64_t
unwinding_ld(void *env, uint64_t addr, TCGMemOpIdx oi)
{
    unwound = tcg_unwind_pc(unwind_ctx, unwind_code,
                            (uintptr_t)__builtin_return_address(0),
                            &unwound_pc);
    return 0;
}

START_TEST(unwind_maps_host_pc_to_guest_pc)
{
    TestCtx t;
    TestEnv env = { 0 };
    GError *err = NULL;
    uint64_t pc = 0;

    test_ctx_init(&t, test_backends[_i]);
    tcg_context_set_guest_memory(t.s, unwinding_ld, fake_guest_st);
    tcg_gen_insn_start(0x100);
    tcg_gen_addi_i64(t.r[0], t.r[0], 1);
    tcg_gen_insn_start(0x104);
    tcg_gen_qemu_ld_i64(t.r[1], t.r[0], 0, MO_UQ);
    tcg_gen_insn_start(0x108);
    tcg_gen_addi_i64(t.r[0], t.r[0], 1);
    unwind_ctx = t.s;
    unwind_code = tcg_gen_code(t.s, &err);
    ck_assert_ptr_nonnull(unwind_code);
    unwound = false;
    tcg_exec(t.s, &env, unwind_code);
    ck_assert(unwound);
    ck_assert_uint_eq(unwound_pc, 0x104);
    ck_assert_uint_eq(env.r[0], 2);
    if (test_backends[_i] == TCG_BACKEND_NATIVE) {
        /* not inside the block: no answer */
        ck_assert(!tcg_unwind_pc(t.s, unwind_code,
                                 (uintptr_t)unwind_code - 1, &pc));
        ck_assert(!tcg_unwind_pc(t.s, unwind_code, (uintptr_t)unwind_code,
                                 &pc));
        ck_assert(!tcg_unwind_pc(t.s, unwind_code,
                                 (uintptr_t)unwind_code + (1 << 20), &pc));
    }
    tcg_context_free(t.s);
}
END_TEST

/*
 * Inputs that die at an op, globals among them (overwritten before
 * anything can see them), lend the op their register: the values that
 * are still read, and the globals' final values, must be unharmed.
 */
START_TEST(dying_inputs_lend_their_registers)
{
    TestCtx t;
    TestEnv env = { 0 };
    TCGv_i64 a, b;
    TCGv_i32 w;

    test_ctx_init(&t, test_backends[_i]);
    a = tcg_temp_new_i64();
    b = tcg_temp_new_i64();
    w = tcg_temp_new_i32();
    tcg_gen_add_i64(t.r[1], t.r[1], t.r[2]);    /* r1 newer than env */
    tcg_gen_xor_i64(a, t.r[1], t.r[2]);         /* r1 dies here */
    tcg_gen_andi_i64(a, a, 0xff);
    tcg_gen_mov_i64(t.r[1], a);
    tcg_gen_xor_i64(b, t.r[3], t.r[2]);         /* r3 is read again */
    tcg_gen_mov_i64(t.r[0], b);
    tcg_gen_mov_i64(t.r[4], t.r[3]);
    tcg_gen_shri_i32(w, t.w[3], 8);
    tcg_gen_ext_i32_i64(t.r[5], w);             /* a zero extension */
    tcg_gen_not_i64(a, t.r[6]);                 /* r6 dies here */
    tcg_gen_mov_i64(t.r[6], a);
    env.r[1] = 0x1234;
    env.r[2] = 0xff00ff;
    env.r[3] = 0x5555;
    env.r[6] = 0xf;
    env.w[3] = 0x80000f00;
    test_run(&t, &env);
    ck_assert_uint_eq(env.r[1], 0xcc);
    ck_assert_uint_eq(env.r[2], 0xff00ff);
    ck_assert_uint_eq(env.r[0], 0xff55aa);
    ck_assert_uint_eq(env.r[3], 0x5555);
    ck_assert_uint_eq(env.r[4], 0x5555);
    ck_assert_uint_eq(env.r[5], 0x80000f);
    ck_assert_uint_eq(env.r[6], 0xfffffffffffffff0);
    tcg_context_free(t.s);
}
END_TEST

/*
 * shl then add of the shifted value, which the native backend emits as
 * one scaled lea when the shifted value dies there: with the temp the
 * output, shifted in place, added to itself, with the insn_start of a
 * second guest instruction between, and the cases it must leave alone
 * (the shifted value read again, a count above 3, 32 bits, a
 * constant addend).
 */
START_TEST(shift_then_add_is_one_lea)
{
    TestCtx t;
    TestEnv env = { .r = { 0, 0x10, 0x1000, 7, 0, 0, 0, 0 } };
    TCGv_i64 a;

    test_ctx_init(&t, test_backends[_i]);
    a = tcg_temp_new_i64();
    tcg_gen_insn_start(0x100);
    tcg_gen_shli_i64(a, t.r[1], 2);
    tcg_gen_insn_start(0x104);
    tcg_gen_add_i64(a, a, t.r[2]);
    tcg_gen_mov_i64(t.r[0], a);                 /* 0x1040 */
    tcg_gen_shli_i64(t.r[4], t.r[3], 3);
    tcg_gen_add_i64(t.r[4], t.r[2], t.r[4]);    /* 0x1038, d = x */
    tcg_gen_shli_i64(t.r[5], t.r[1], 1);
    tcg_gen_add_i64(t.r[5], t.r[5], t.r[1]);    /* 0x30: z = y */
    tcg_gen_shli_i64(t.r[6], t.r[3], 1);
    tcg_gen_add_i64(t.r[7], t.r[6], t.r[3]);    /* r6 = 14 stays */
    tcg_gen_shli_i64(a, t.r[3], 4);
    tcg_gen_add_i64(t.r[3], a, t.r[3]);         /* count 4: 0x77 */
    tcg_gen_shli_i32(t.w[0], t.w[1], 2);
    tcg_gen_add_i32(t.w[0], t.w[0], t.w[2]);    /* 32 bits */
    tcg_gen_shli_i64(t.r[1], t.r[1], 2);
    tcg_gen_addi_i64(t.r[1], t.r[1], 5);        /* 0x45 */
    env.w[1] = 0x40000001;
    env.w[2] = 3;
    test_run(&t, &env);
    ck_assert_uint_eq(env.r[0], 0x1040);
    ck_assert_uint_eq(env.r[4], 0x1038);
    ck_assert_uint_eq(env.r[5], 0x30);
    ck_assert_uint_eq(env.r[6], 14);
    ck_assert_uint_eq(env.r[7], 21);
    ck_assert_uint_eq(env.r[3], 0x77);
    ck_assert_uint_eq(env.w[0], 7);
    ck_assert_uint_eq(env.r[1], 0x45);
    ck_assert_uint_eq(env.r[2], 0x1000);
    tcg_context_free(t.s);
}
END_TEST

START_TEST(temps_and_constants)
{
    TestCtx t;
    TCGv_i64 a, b;

    test_ctx_init(&t, test_backends[_i]);
    ck_assert_ptr_eq(tcg_constant_i64(5), tcg_constant_i64(5));
    ck_assert_ptr_ne((void *)tcg_constant_i64(5),
                     (void *)tcg_constant_i32(5));
    ck_assert_ptr_eq(tcg_constant_i32(-1), tcg_constant_i32(0xffffffff));
    a = tcg_temp_new_i64();
    tcg_temp_free_i64(a);
    tcg_temp_free_i64(a);           /* a second free is harmless */
    b = tcg_temp_new_i64();
    ck_assert_ptr_eq(a, b);         /* freed temps are reused */
    ck_assert_ptr_ne(tcg_temp_new_i64(), b);    /* but only once */
    tcg_temp_free_i64(b);
    ck_assert_ptr_ne((void *)tcg_temp_new_tb_i64(), (void *)b); /* kind */
    ck_assert_ptr_ne((void *)tcg_temp_new_i32(), (void *)b);
    ck_assert_int_eq(tcg_context_backend(t.s), test_backends[_i]);
    tcg_context_free(t.s);
}
END_TEST

static Suite *tcg_ops_suite(void)
{
    Suite *s = suite_create("tcg-ops");
    TCase *tc = tcase_create("core");

    tcase_add_loop_test(tc, binary_ops_i64, 0, N_BACKENDS);
    tcase_add_loop_test(tc, binary_ops_i32, 0, N_BACKENDS);
    tcase_add_test(tc, count_ops_without_host_features);
    tcase_add_loop_test(tc, unary_ops, 0, N_BACKENDS);
    tcase_add_loop_test(tc, width_changes_and_fields, 0, N_BACKENDS);
    tcase_add_loop_test(tc, full_width_fields, 0, N_BACKENDS);
    tcase_add_loop_test(tc, conditions, 0, N_BACKENDS);
    tcase_add_loop_test(tc, backward_branch_loop, 0, N_BACKENDS);
    tcase_add_loop_test(tc, ld_then_brcond_on_env, 0, N_BACKENDS);
    tcase_add_loop_test(tc, pinned_global, 0, N_BACKENDS);
    tcase_add_loop_test(tc, host_loads_and_stores, 0, N_BACKENDS);
    tcase_add_loop_test(tc, guest_memory_callouts, 0, N_BACKENDS);
    tcase_add_loop_test(tc, guest_memory_direct, 0, N_BACKENDS);
    tcase_add_loop_test(tc, helper_calls, 0, N_BACKENDS);
    tcase_add_loop_test(tc, exits_and_goto_ptr, 0, N_BACKENDS);
    tcase_add_loop_test(tc, goto_tb_chaining, 0, N_BACKENDS);
    tcase_add_loop_test(tc, unwind_maps_host_pc_to_guest_pc, 0, N_BACKENDS);
    tcase_add_loop_test(tc, dying_inputs_lend_their_registers, 0,
                        N_BACKENDS);
    tcase_add_loop_test(tc, shift_then_add_is_one_lea, 0, N_BACKENDS);
    tcase_add_loop_test(tc, table_index_load, 0, N_BACKENDS);
    tcase_add_loop_test(tc, temps_and_constants, 0, N_BACKENDS);
    suite_add_tcase(s, tc);
    return s;
}

VIREO_CHECK_MAIN(tcg_ops_suite)
