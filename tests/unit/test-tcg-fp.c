/*
 * Helper calls with a host fast path (tcg_gen_call_fp): the native
 * backend, which computes the common case inline, against the
 * interpreter, which always calls the helper. The helper here is
 * RISC-V's contract done in softfloat (flags in an fflags word, NX the
 * gate, singles NaN-boxed). Operands cover zeros, subnormals, the
 * smallest normals, infinities, quiet and signalling NaNs, values
 * whose products and quotients overflow or underflow, and singles with
 * broken boxing; each with NX set and clear. Results, fflags and the
 * integer globals the block keeps in host registers around the calls
 * must agree; the fast path must also be what runs when it can.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "tcg-test-util.h"
#include "../tcg-diff/fp-ref.h"

typedef struct FpEnv {
    uint64_t r[8];
    uint32_t fflags;
    uint32_t pad;
    uint64_t calls;         /* helper calls: not compared */
} FpEnv;

#define FP_ENV_COMPARED offsetof(FpEnv, calls)

/* The operation number in the helper's desc: TCGFpOp | f32 << 8. */
static bool helper_lies;    /* return a wrong value: the fast path shows */

static uint64_t test_fp_helper(void *envp, uint64_t a, uint64_t b,
                               uint64_t c, uint64_t desc)
{
    FpEnv *env = envp;
    FpuStatus st;
    uint64_t r;

    env->calls++;
    fpu_status_init_riscv(&st);
    st.round_mode = FPU_RNE;
    st.flags = (uint8_t)env->fflags;
    r = fp_ref_eval((TCGFpOp)(desc & 0xff), (desc >> 8) & 1, a, b, c, &st);
    env->fflags = st.flags & 0x1f;
    return helper_lies ? r ^ 1 : r;
}

static const TCGHelperInfo test_fp_info = {
    .func = (void *)test_fp_helper, .name = "test_fp",
    .flags = TCG_CALL_NO_RWG,
};

static const uint64_t f64_vals[] = {
    0, 0x8000000000000000ull,                       /* +-0 */
    0x3ff0000000000000ull, 0xbff0000000000000ull,   /* +-1 */
    0x3ff8000000000000ull, 0x4008000000000000ull,   /* 1.5, 3 */
    0x3fb999999999999aull,                          /* 0.1 */
    0x3ff0000000000001ull,                          /* 1 + ulp */
    0x7fefffffffffffffull, 0xffefffffffffffffull,   /* +-max */
    0x5fe0000000000000ull,                          /* 2^511 */
    0x2000000000000000ull,                          /* 2^-511 */
    0x0010000000000000ull, 0x8010000000000000ull,   /* +-min normal */
    0x0020000000000000ull, 0x001fffffffffffffull,   /* 2^-1021, below */
    0x0000000000000001ull, 0x800fffffffffffffull,   /* subnormals */
    0x7ff0000000000000ull, 0xfff0000000000000ull,   /* +-inf */
    0x7ff8000000000000ull, 0xfff8000000000123ull,   /* qNaNs */
    0x7ff0000000000001ull,                          /* sNaN */
    0x4000000000000000ull,                          /* 2 */
};

static const uint32_t f32_vals[] = {
    0, 0x80000000u, 0x3f800000u, 0xbf800000u, 0x3fc00000u, 0x40400000u,
    0x3dcccccdu, 0x3f800001u, 0x7f7fffffu, 0xff7fffffu,
    0x5f000000u,                                    /* 2^63 */
    0x20000000u,                                    /* 2^-63 */
    0x00800000u, 0x80800000u, 0x01000000u, 0x00ffffffu,
    0x00000001u, 0x807fffffu, 0x7f800000u, 0xff800000u,
    0x7fc00000u, 0xffc00123u, 0x7f800001u, 0x40000000u,
};

/* Singles as they sit in 64-bit registers, two with broken boxing. */
static uint64_t f32_reg(unsigned i)
{
    unsigned n = G_N_ELEMENTS(f32_vals);

    if (i == n) {
        return 0x000000003f800000ull;
    }
    if (i == n + 1) {
        return 0x7fffffff40000000ull;
    }
    return fpu_nanbox_f32(f32_vals[i]);
}

static unsigned nb_vals(bool f32)
{
    return f32 ? G_N_ELEMENTS(f32_vals) + 2 : G_N_ELEMENTS(f64_vals);
}

static uint64_t val(bool f32, unsigned i)
{
    return f32 ? f32_reg(i) : f64_vals[i];
}

typedef struct FpRunner {
    TCGContext *s[N_BACKENDS];
} FpRunner;

/* A context per backend with r0..r7 as globals at FpEnv's r[]. */
static void runner_init(FpRunner *fr)
{
    static const char *const rn[8] = {
        "r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7" };

    for (int b = 0; b < N_BACKENDS; b++) {
        TCGContextOptions o = { .backend = test_backends[b],
                                .code_size = 16 << 20 };
        GError *err = NULL;

        fr->s[b] = tcg_context_new(&o, &err);
        ck_assert_ptr_null(err);
        for (int i = 0; i < 8; i++) {
            tcg_global_mem_new_i64(tcg_env, offsetof(FpEnv, r) + 8 * i,
                                   rn[i]);
        }
    }
}

static void runner_free(FpRunner *fr)
{
    for (int b = 0; b < N_BACKENDS; b++) {
        tcg_context_free(fr->s[b]);
    }
}

/* Global r<i> of the current context (registered right after env). */
static TCGv_i64 reg(int i)
{
    return temp_tcgv_i64(&tcg_ctx->temps[1 + i]);
}

static void gen_fp(TCGv_i64 d, TCGv_i64 a, TCGv_i64 b, TCGv_i64 c,
                   TCGFpOp op, bool f32)
{
    TCGFpFast f = {
        .op = op, .f32 = f32, .nanbox = true, .first = 1,
        .gate_mask = op >= TCG_FP_EQ ? 0 : FPU_FLAG_NX,
        .gate_ofs = offsetof(FpEnv, fflags),
    };
    unsigned n = tcg_fp_nb_operands(op);
    /* inputs besides the operands must be constants (or env) */
    TCGTemp *args[5] = {
        tcgv_ptr_temp(tcg_env), tcgv_i64_temp(a),
        tcgv_i64_temp(n > 1 ? b : tcg_constant_i64(0)),
        tcgv_i64_temp(n > 2 ? c : tcg_constant_i64(0)),
        tcgv_i64_temp(tcg_constant_i64(op | f32 << 8)),
    };

    tcg_gen_call_fp(&test_fp_info, tcgv_i64_temp(d), 5, args, &f);
}

/*
 * The block: integer globals r6/r7 changed before (cached, newer than
 * memory) and used after the calls; three calls with the operands in
 * several orders, one through a temp and one on its own result.
 */
static void gen_block(TCGFpOp op, bool f32)
{
    TCGv_i64 t = tcg_temp_new_i64();

    tcg_gen_addi_i64(reg(6), reg(6), 0x1111);
    tcg_gen_xor_i64(reg(7), reg(7), reg(6));
    gen_fp(reg(0), reg(1), reg(2), reg(3), op, f32);
    gen_fp(t, reg(2), reg(1), reg(3), op, f32);
    tcg_gen_mov_i64(reg(4), t);
    gen_fp(reg(5), reg(3), reg(1), reg(2), op, f32);
    gen_fp(reg(1), reg(1), reg(3), reg(2), op, f32);
    tcg_gen_add_i64(reg(7), reg(7), reg(6));
    tcg_gen_exit_tb(0);
}

/* Translate (flushing a full buffer) and run on env. */
static void run_block(TCGContext *s, FpEnv *env)
{
    GError *err = NULL;
    const void *code = tcg_gen_code(s, &err);

    if (!code && g_error_matches(err, TCG_ERROR, TCG_ERROR_FULL)) {
        g_clear_error(&err);
        tcg_code_flush(s);
        code = tcg_gen_code(s, &err);
    }
    ck_assert_ptr_null(err);
    ck_assert_ptr_nonnull(code);
    tcg_exec(s, env, code);
}

/*
 * One case on both backends; false (with a message) if they differ.
 * calls[b] gets each side's helper call count.
 */
static bool run_case(FpRunner *fr, TCGFpOp op, bool f32, const FpEnv *start,
                     uint64_t *calls, GString *msg)
{
    FpEnv env[N_BACKENDS];

    for (int b = 0; b < N_BACKENDS; b++) {
        tcg_context_set_current(fr->s[b]);
        tcg_func_start(fr->s[b]);
        gen_block(op, f32);
        env[b] = *start;
        run_block(fr->s[b], &env[b]);
        calls[b] = env[b].calls;
    }
    if (memcmp(&env[0], &env[1], FP_ENV_COMPARED) == 0) {
        return true;
    }
    g_string_append_printf(msg, "op %d f%d: r1 %016" G_GINT64_MODIFIER
                           "x r2 %016" G_GINT64_MODIFIER "x r3 %016"
                           G_GINT64_MODIFIER "x fflags %x\n", op,
                           f32 ? 32 : 64, start->r[1], start->r[2],
                           start->r[3], start->fflags);
    for (int i = 0; i < 8; i++) {
        g_string_append_printf(msg, "  r%d tci %016" G_GINT64_MODIFIER
                               "x native %016" G_GINT64_MODIFIER "x\n", i,
                               env[0].r[i], env[1].r[i]);
    }
    g_string_append_printf(msg, "  fflags tci %x native %x\n",
                           env[0].fflags, env[1].fflags);
    return false;
}

/* Every pair of operands (a third from a stride), NX set and clear. */
static void check_op(TCGFpOp op, bool f32)
{
    FpRunner fr;
    unsigned n = nb_vals(f32);
    g_autoptr(GString) msg = g_string_new(NULL);
    unsigned bad = 0;

    runner_init(&fr);
    for (unsigned i = 0; i < n; i++) {
        for (unsigned j = 0; j < n; j++) {
            for (unsigned nx = 0; nx < 2; nx++) {
                FpEnv start = {
                    .r = { 0, val(f32, i), val(f32, j),
                           val(f32, (i * 7 + j * 3 + nx) % n), 0, 0,
                           0x0123456789abcdefull, 0xfedcba9876543210ull },
                    .fflags = nx ? FPU_FLAG_NX : 0,
                };
                uint64_t calls[N_BACKENDS];

                if (!run_case(&fr, op, f32, &start, calls, msg)) {
                    bad++;
                }
            }
        }
    }
    runner_free(&fr);
    ck_assert_msg(bad == 0, "%u cases differ, first:\n%.2000s", bad,
                  msg->str);
}

static const TCGFpOp all_ops[] = {
    TCG_FP_ADD, TCG_FP_SUB, TCG_FP_MUL, TCG_FP_DIV, TCG_FP_SQRT,
    TCG_FP_MULADD, TCG_FP_MULSUB, TCG_FP_NMULADD, TCG_FP_NMULSUB,
    TCG_FP_EQ, TCG_FP_LT, TCG_FP_LE,
};

START_TEST(native_matches_helper_f64)
{
    check_op(all_ops[_i], false);
}
END_TEST

START_TEST(native_matches_helper_f32)
{
    check_op(all_ops[_i], true);
}
END_TEST

/* Does the host have what the fast path of op needs? */
static bool fast_possible(TCGFpOp op)
{
    FpRunner fr;
    bool fma;

    if (tcg_fp_nb_operands(op) < 3) {
        return true;
    }
    runner_init(&fr);
    fma = fr.s[1]->host_features & TCG_HOST_FMA;
    runner_free(&fr);
    return fma;
}

/*
 * With a lying helper the backends differ exactly where the native
 * side took the fast path: ordinary results with NX set (and compares
 * without NaNs); with NX clear it calls the helper every time.
 */
START_TEST(fast_path_taken_when_it_may)
{
    TCGFpOp op = all_ops[_i];
    FpRunner fr;
    g_autoptr(GString) msg = g_string_new(NULL);
    bool cmp = op >= TCG_FP_EQ;
    /* 4, 16 and 1: every result exact (no NX) and ordinary */
    FpEnv start = {
        .r = { 0, 0x4010000000000000ull, 0x4030000000000000ull,
               0x3ff0000000000000ull },
    };
    uint64_t calls[N_BACKENDS];

    if (!fast_possible(op)) {
        return;
    }
    runner_init(&fr);
    helper_lies = true;
    start.fflags = FPU_FLAG_NX;
    ck_assert(!run_case(&fr, op, false, &start, calls, msg));
    ck_assert_uint_eq(calls[0], 4);
    ck_assert_uint_eq(calls[1], 0);
    start.fflags = 0;
    ck_assert(run_case(&fr, op, false, &start, calls, msg) == !cmp);
    ck_assert_uint_eq(calls[1], cmp ? 0 : 4);
    /* a NaN operand always goes to the helper */
    start.fflags = FPU_FLAG_NX;
    start.r[1] = 0x7ff8000000000000ull;
    start.r[2] = 0x7ff8000000000000ull;
    start.r[3] = 0x7ff8000000000000ull;
    ck_assert(run_case(&fr, op, false, &start, calls, msg));
    ck_assert_uint_eq(calls[1], 4);
    /* singles: broken boxing goes to the helper too */
    start.r[1] = 0x0000000040800000ull;
    start.r[2] = 0x7fffffff41800000ull;
    start.r[3] = 0xffffffef3f800000ull;
    ck_assert(run_case(&fr, op, true, &start, calls, msg));
    ck_assert_uint_eq(calls[1], 4);
    helper_lies = false;
    runner_free(&fr);
}
END_TEST

/* The dump names the fast path; a plain call's has none. */
START_TEST(dump_shows_fast_path)
{
    FpRunner fr;
    g_autofree char *text = NULL;

    runner_init(&fr);
    tcg_context_set_current(fr.s[0]);
    tcg_func_start(fr.s[0]);
    gen_block(TCG_FP_MULADD, true);
    text = tcg_dump_ops(fr.s[0]);
    ck_assert_msg(strstr(text, "test_fp,$0x3,fast=muladd_f32box@1/0x1@env+64"),
                  "%s", text);
    runner_free(&fr);
}
END_TEST

static Suite *fp_suite(void)
{
    Suite *s = suite_create("tcg-fp");
    TCase *tc = tcase_create("fast");

    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, native_matches_helper_f64, 0,
                        G_N_ELEMENTS(all_ops));
    tcase_add_loop_test(tc, native_matches_helper_f32, 0,
                        G_N_ELEMENTS(all_ops));
    tcase_add_loop_test(tc, fast_path_taken_when_it_may, 0,
                        G_N_ELEMENTS(all_ops));
    tcase_add_test(tc, dump_shows_fast_path);
    suite_add_tcase(s, tc);
    return s;
}

VIREO_CHECK_MAIN(fp_suite)
