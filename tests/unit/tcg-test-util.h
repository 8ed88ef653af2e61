/*
 * Shared set-up for the translator unit tests: a small CPU-state struct
 * with globals registered on it, a context per backend, and a helper to
 * translate and run the current block.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef VIREO_TESTS_UNIT_TCG_TEST_UTIL_H
#define VIREO_TESTS_UNIT_TCG_TEST_UTIL_H

#include "vireo-check.h"
#include "tcg/tcg-op.h"
#include "tcg/tcg-internal.h"
#include "util/error.h"

#include <stddef.h>
#include <string.h>

typedef struct TestEnv {
    uint64_t r[8];
    uint32_t w[4];
    uint32_t guard;         /* must survive 32-bit stores to w[3] */
    uint8_t buf[64];
} TestEnv;

typedef struct TestCtx {
    TCGContext *s;
    TCGv_i64 r[8];
    TCGv_i32 w[4];
} TestCtx;

static const TCGBackend test_backends[] = {
    TCG_BACKEND_TCI, TCG_BACKEND_NATIVE,
};
#define N_BACKENDS 2

static inline void test_ctx_init_sized(TestCtx *t, TCGBackend b,
                                       size_t code_size)
{
    static const char *const rn[8] = {
        "r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7" };
    static const char *const wn[4] = { "w0", "w1", "w2", "w3" };
    TCGContextOptions o = { .backend = b, .code_size = code_size };
    GError *err = NULL;

    t->s = tcg_context_new(&o, &err);
    ck_assert_ptr_null(err);
    ck_assert_ptr_nonnull(t->s);
    for (int i = 0; i < 8; i++) {
        t->r[i] = tcg_global_mem_new_i64(tcg_env,
                                         offsetof(TestEnv, r) + 8 * i, rn[i]);
    }
    for (int i = 0; i < 4; i++) {
        t->w[i] = tcg_global_mem_new_i32(tcg_env,
                                         offsetof(TestEnv, w) + 4 * i, wn[i]);
    }
    tcg_func_start(t->s);
}

static inline void test_ctx_init(TestCtx *t, TCGBackend b)
{
    test_ctx_init_sized(t, b, 1 << 20);
}

/* Translate the current block and run it on env; returns exit value. */
static inline uintptr_t test_run(TestCtx *t, TestEnv *env)
{
    GError *err = NULL;
    const void *code = tcg_gen_code(t->s, &err);

    ck_assert_ptr_null(err);
    ck_assert_ptr_nonnull(code);
    return tcg_exec(t->s, env, code);
}

#endif
