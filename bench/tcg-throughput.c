/*
 * Translator benchmark: how fast blocks are translated (IR building,
 * optimizer, liveness, code generation) and how fast the code runs, for
 * the native backend side by side with the interpreter, printing ratios.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The block imitates a front end's output: per "guest instruction" an
 * insn_start, loads of two registers, ALU work with immediates, a
 * compare and a write-back, with a guest load every fourth instruction.
 * QEMU is the intended peer once accel/tcg can run real guest code; its
 * TCG is not a library, so until then the interpreter is the baseline.
 */
#include "tcg/tcg-op.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct BenchEnv {
    uint64_t x[32];
    uint64_t pc;
    uint8_t mem[4096];
} BenchEnv;

typedef struct Bench {
    TCGContext *s;
    TCGv_i64 x[32];
    TCGv_i64 pc;
} Bench;

static uint64_t bench_ld(void *env, uint64_t addr, TCGMemOpIdx oi)
{
    BenchEnv *e = env;
    uint64_t v;

    memcpy(&v, &e->mem[addr & 4088], 8);
    return v;
}

static void bench_st(void *env, uint64_t addr, uint64_t val, TCGMemOpIdx oi)
{
    BenchEnv *e = env;

    memcpy(&e->mem[addr & 4088], &val, 8);
}

static void bench_init(Bench *b, TCGBackend be)
{
    TCGContextOptions o = { .backend = be, .code_size = 8 << 20 };
    GError *err = NULL;

    b->s = tcg_context_new(&o, &err);
    if (!b->s) {
        fprintf(stderr, "tcg-throughput: %s\n", err->message);
        exit(1);
    }
    tcg_context_set_guest_memory(b->s, bench_ld, bench_st);
    for (int i = 0; i < 32; i++) {
        static char names[32][4];
        g_snprintf(names[i], sizeof(names[i]), "x%d", i);
        b->x[i] = tcg_global_mem_new_i64(tcg_env, offsetof(BenchEnv, x[i]),
                                         names[i]);
    }
    b->pc = tcg_global_mem_new_i64(tcg_env, offsetof(BenchEnv, pc), "pc");
}

/* A block of n instructions; with loop, it branches back n_iter times. */
static void gen_guest_like_block(Bench *b, int n, bool loop)
{
    TCGLabel *top = NULL;
    TCGv_i64 t = NULL, u = NULL;

    tcg_func_start(b->s);
    if (loop) {
        top = gen_new_label();
        gen_set_label(top);
    }
    for (int i = 0; i < n; i++) {
        TCGv_i64 rd = b->x[1 + (i * 7) % 30];
        TCGv_i64 rs = b->x[1 + (i * 5) % 30];
        TCGv_i64 rt = b->x[1 + (i * 3) % 30];

        tcg_gen_insn_start(0x1000 + 4 * i);
        t = tcg_temp_new_i64();
        u = tcg_temp_new_i64();
        switch (i % 4) {
        case 0:
            tcg_gen_addi_i64(t, rs, 12);
            tcg_gen_qemu_ld_i64(rd, t, 0, MO_UQ);
            break;
        case 1:
            tcg_gen_add_i64(t, rs, rt);
            tcg_gen_shli_i64(u, t, 3);
            tcg_gen_xor_i64(rd, u, rt);
            break;
        case 2:
            tcg_gen_setcond_i64(TCG_COND_LTU, t, rs, rt);
            tcg_gen_andi_i64(u, rs, 0xff0);
            tcg_gen_add_i64(rd, t, u);
            break;
        default:
            tcg_gen_sub_i64(t, rs, rt);
            tcg_gen_sari_i64(u, t, 1);
            tcg_gen_ext32s_i64(rd, u);
            break;
        }
        tcg_temp_free_i64(t);
        tcg_temp_free_i64(u);
    }
    if (loop) {
        tcg_gen_subi_i64(b->x[0], b->x[0], 1);
        tcg_gen_brcond_i64(TCG_COND_NE, b->x[0], tcg_constant_i64(0), top);
    }
    tcg_gen_movi_i64(b->pc, 0x1000 + 4 * n);
    tcg_gen_exit_tb(0);
}

static const void *translate(Bench *b)
{
    GError *err = NULL;
    const void *code = tcg_gen_code(b->s, &err);

    if (!code && g_error_matches(err, TCG_ERROR, TCG_ERROR_FULL)) {
        g_clear_error(&err);
        tcg_code_flush(b->s);
        code = tcg_gen_code(b->s, &err);
    }
    if (!code) {
        fprintf(stderr, "tcg-throughput: %s\n", err->message);
        exit(1);
    }
    return code;
}

/* Bytes of code buffer one block takes (deterministic, unlike time). */
static double bench_code_bytes(TCGBackend be, int insns)
{
    Bench b;
    size_t before;
    double bytes;

    bench_init(&b, be);
    before = tcg_code_used(b.s);
    gen_guest_like_block(&b, insns, false);
    translate(&b);
    bytes = (double)(tcg_code_used(b.s) - before);
    tcg_context_free(b.s);
    return bytes;
}

/* Blocks translated per second. */
static double bench_translate(TCGBackend be, int blocks, int insns)
{
    Bench b;
    gint64 t0;
    double secs;

    bench_init(&b, be);
    t0 = g_get_monotonic_time();
    for (int i = 0; i < blocks; i++) {
        gen_guest_like_block(&b, insns, false);
        translate(&b);
    }
    secs = (g_get_monotonic_time() - t0) / 1e6;
    tcg_context_free(b.s);
    return blocks / secs;
}

/* Guest instructions executed per second. */
static double bench_execute(TCGBackend be, long iters, int insns)
{
    Bench b;
    BenchEnv *env = g_new0(BenchEnv, 1);
    const void *code;
    gint64 t0;
    double secs;

    bench_init(&b, be);
    gen_guest_like_block(&b, insns, true);
    code = translate(&b);
    env->x[0] = (uint64_t)iters;
    t0 = g_get_monotonic_time();
    tcg_exec(b.s, env, code);
    secs = (g_get_monotonic_time() - t0) / 1e6;
    if (env->x[0] != 0 || env->pc != 0x1000 + 4u * insns) {
        fprintf(stderr, "tcg-throughput: wrong result\n");
        exit(1);
    }
    tcg_context_free(b.s);
    g_free(env);
    return (double)iters * insns / secs;
}

int main(int argc, char **argv)
{
    bool quick = argc > 1 && strcmp(argv[1], "--quick") == 0;
    int blocks = quick ? 2000 : 20000;
    long iters = quick ? 20000 : 200000;
    const int insns = 32;
    double tn, ti, en, ei;

    tn = bench_translate(TCG_BACKEND_NATIVE, blocks, insns);
    ti = bench_translate(TCG_BACKEND_TCI, blocks, insns);
    en = bench_execute(TCG_BACKEND_NATIVE, iters, insns);
    ei = bench_execute(TCG_BACKEND_TCI, iters / 10, insns);
    printf("translate (%d-insn blocks):  native %9.0f blocks/s   "
           "tci %9.0f blocks/s   ratio %.2f\n", insns, tn, ti, tn / ti);
    printf("                             native %9.0f insns/s\n",
           tn * insns);
    printf("code size:                   native %9.1f bytes/insn  "
           "tci %9.1f bytes/insn\n",
           bench_code_bytes(TCG_BACKEND_NATIVE, insns) / insns,
           bench_code_bytes(TCG_BACKEND_TCI, insns) / insns);
    printf("execute:                     native %9.3g insns/s   "
           "tci %9.3g insns/s   ratio %.1f\n", en, ei, en / ei);
    return 0;
}
