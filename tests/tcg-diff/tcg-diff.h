/*
 * The differential tester: a seeded generator of random IR blocks, run
 * on the interpreter (unoptimized: the reference) and on the native
 * backend (optimized) from the same starting state; the final states
 * must agree bit for bit. So it checks the optimizer, liveness and the
 * x86-64 backend at once.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef VIREO_TESTS_TCG_DIFF_H
#define VIREO_TESTS_TCG_DIFF_H

#include "tcg/tcg.h"

#include <stdbool.h>
#include <stdint.h>

#define DIFF_NR 16
#define DIFF_NW 8
#define DIFF_NTEMPS 8

typedef struct DiffEnv {
    uint64_t r[DIFF_NR];
    uint32_t w[DIFF_NW];
    uint64_t out[2 * DIFF_NTEMPS];  /* temps stored at the block end */
    uint64_t helper_acc;            /* written by a helper */
    uint8_t buf[256];               /* host ld/st target */
    uint8_t gmem[256];              /* "guest memory" of the call-outs */
} DiffEnv;

typedef struct DiffRunner DiffRunner;

DiffRunner *diff_runner_new(void);
void diff_runner_free(DiffRunner *d);
/*
 * Generate the block for seed on both backends, run it from a state
 * derived from seed, and compare. On a mismatch returns false and, if
 * report is non-NULL, sets it to a description with the IR (g_free it).
 */
bool diff_run_case(DiffRunner *d, uint64_t seed, char **report);
/*
 * Make the native side start from a state differing in one field: the
 * runner's own check must then fail. For testing the tester.
 */
void diff_runner_set_skew(DiffRunner *d, bool on);
/*
 * User mode: guest memory accessed inline at a guest base (each side has
 * its own 256 bytes, compared too) instead of through call-outs, except
 * for accesses that require alignment.
 */
void diff_runner_set_direct_guest_memory(DiffRunner *d);
/* Limit the host features the native side may use (0: baseline x86-64). */
void diff_runner_mask_host_features(DiffRunner *d, unsigned keep);
/* How many ops of each opcode the generator has emitted so far. */
void diff_runner_op_counts(DiffRunner *d, const int **counts, int *n);

#endif
