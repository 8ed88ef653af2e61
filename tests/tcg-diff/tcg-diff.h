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
#include <stddef.h>
#include <stdint.h>

#define DIFF_NR 16
#define DIFF_NW 8
#define DIFF_NTEMPS 8

typedef struct DiffEnv {
    uint64_t r[DIFF_NR];
    uint32_t w[DIFF_NW];
    uint64_t out[2 * DIFF_NTEMPS];  /* temps stored at the block end */
    uint64_t helper_acc;            /* written by a helper */
    uint32_t fflags;                /* the fast-path calls' flags */
    uint32_t fp_pad;
    uint8_t buf[256];               /* host ld/st target */
    uint8_t gmem[256];              /* "guest memory" of the call-outs */
    uint64_t slow_calls;            /* softmmu mode: call-outs reached */
    uint64_t tlb_wrong;             /* call-outs for accesses that hit */
    /* Softmmu mode: this side's TLB (not compared); NULL otherwise. */
    void *tlb;
} DiffEnv;

/* The part of DiffEnv both sides must agree on. */
#define DIFF_ENV_COMPARED offsetof(DiffEnv, tlb)
/* Softmmu mode: 4 pages of 1 KiB of guest RAM, MMIO or unmapped. */
#define DIFF_PAGE_BITS 10
#define DIFF_RAM_SIZE 4096
#define DIFF_MMU_MODES 4

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
/*
 * With direct guest memory: a 2^8-byte guest space, as user mode bounds
 * it, so every inline access first compares with the bound (the cases'
 * addresses all pass; with a global pinned the bound is read from
 * memory, otherwise from the register the prologue loads it into).
 */
void diff_runner_bound_guest_space(DiffRunner *d);
/*
 * System mode: qemu_ld/st look up a softmmu TLB inline (each side has its
 * own tables and 4 KiB of RAM, compared too). Per MMU index the 4 pages
 * are plain RAM, RAM whose write tag has a flag (stores go slow), MMIO
 * (a flag in both tags) or unmapped (the call-out fills the entry as
 * RAM). The call-outs count themselves and flag any access that should
 * have hit.
 */
void diff_runner_set_softmmu_tlb(DiffRunner *d);
/*
 * Pin global r1 on both sides (tcg_context_pin_global): the native side
 * keeps it in a host register. Before the first case.
 */
void diff_runner_pin_global(DiffRunner *d);
/*
 * Also generate helper calls with a host fast path (tcg_gen_call_fp):
 * the four arithmetic operations, sqrt, the fused multiply-adds and
 * compares on binary64 and NaN-boxed binary32 operands (random bit
 * patterns, special values, broken boxing), gated on NX in
 * DiffEnv.fflags, with a softfloat helper as the fallback. Changes
 * what every seed generates; before the first case.
 */
void diff_runner_enable_fp_calls(DiffRunner *d);
/* Limit the host features the native side may use (0: baseline x86-64). */
void diff_runner_mask_host_features(DiffRunner *d, unsigned keep);
/* How many ops of each opcode the generator has emitted so far. */
void diff_runner_op_counts(DiffRunner *d, const int **counts, int *n);

#endif
