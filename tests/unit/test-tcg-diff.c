/*
 * The differential tester in CI mode: ten thousand random blocks, each
 * run on the interpreter and the native backend, must leave identical
 * state. tests/tcg-diff/vireo-tcg-diff runs millions (--cases).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-check.h"
#include "../tcg-diff/tcg-diff.h"
#include "tcg/tcg-internal.h"

#include <stdio.h>
#include <string.h>

#define CHUNKS 20
#define PER_CHUNK 500

/* PER_CHUNK cases from seed first on; frees d. */
static void run_chunk(DiffRunner *d, uint64_t first)
{
    for (uint64_t seed = first; seed < first + PER_CHUNK; seed++) {
        char *report = NULL;

        if (!diff_run_case(d, seed, &report)) {
            fprintf(stderr, "%s", report);
            ck_abort_msg("backends disagree on seed %lu",
                         (unsigned long)seed);
        }
    }
    diff_runner_free(d);
}

START_TEST(random_blocks_agree)
{
    DiffRunner *d = diff_runner_new();

    if (_i % 2) {
        /* every other chunk: the fall-backs for hosts without BMI etc. */
        diff_runner_mask_host_features(d, 0);
    }
    if (_i % 4 >= 2) {
        /* half the chunks: a global pinned in a host register */
        diff_runner_pin_global(d);
    }
    if (_i / 2 % 3 == 1) {
        /* a third of the chunks: user-mode guest memory, inline */
        diff_runner_set_direct_guest_memory(d);
        if (_i >= 8) {
            /* some within a bounded space (pinned or not), as user mode */
            diff_runner_bound_guest_space(d);
        }
    } else if (_i / 2 % 3 == 2) {
        /* a third: system mode, the softmmu TLB inline */
        diff_runner_set_softmmu_tlb(d);
    }

    run_chunk(d, (uint64_t)_i * PER_CHUNK);
}
END_TEST

/*
 * Helper calls with a host fast path among the random ops: the native
 * side computes most inline, the interpreter calls the helper; plain,
 * pinned, baseline and softmmu chunks.
 */
START_TEST(random_blocks_with_fp_calls_agree)
{
    DiffRunner *d = diff_runner_new();

    diff_runner_enable_fp_calls(d);
    if (_i == 1) {
        diff_runner_pin_global(d);
    } else if (_i == 2) {
        diff_runner_mask_host_features(d, 0);    /* no FMA: calls */
    } else if (_i == 3) {
        diff_runner_set_softmmu_tlb(d);
    }
    run_chunk(d, 7000000 + (uint64_t)_i * PER_CHUNK);
}
END_TEST

START_TEST(generator_covers_every_op)
{
    DiffRunner *d = diff_runner_new();
    const int *counts;
    int n;

    for (int i = 0; i < 1500; i++) {
        ck_assert(diff_run_case(d, 1000000 + i, NULL));
    }
    diff_runner_op_counts(d, &counts, &n);
    for (int op = 0; op < n; op++) {
        if (op == INDEX_op_nop || op == INDEX_op_goto_ptr) {
            continue;   /* never generated; goto_ptr has a unit test */
        }
        ck_assert_msg(counts[op] > 0, "op %s never generated",
                      tcg_op_defs[op].name);
    }
    diff_runner_free(d);
}
END_TEST

/* The tester must be able to fail: a state difference is reported. */
START_TEST(mismatch_is_reported)
{
    DiffRunner *d = diff_runner_new();
    char *report = NULL;

    ck_assert(diff_run_case(d, 42, &report));
    ck_assert_ptr_null(report);
    diff_runner_set_skew(d, true);
    ck_assert(!diff_run_case(d, 42, &report));
    ck_assert_ptr_nonnull(strstr(report, "seed 42:"));
    ck_assert_ptr_nonnull(strstr(report, "env byte"));
    ck_assert_ptr_nonnull(strstr(report, "exit_tb"));
    g_free(report);
    diff_runner_free(d);
}
END_TEST

static Suite *tcg_diff_suite(void)
{
    Suite *s = suite_create("tcg-diff");
    TCase *tc = tcase_create("core");

    tcase_set_timeout(tc, 20);   /* a chunk takes well under 1 s */
    tcase_add_loop_test(tc, random_blocks_agree, 0, CHUNKS);
    tcase_add_loop_test(tc, random_blocks_with_fp_calls_agree, 0, 4);
    tcase_add_test(tc, generator_covers_every_op);
    tcase_add_test(tc, mismatch_is_reported);
    suite_add_tcase(s, tc);
    return s;
}

VIREO_CHECK_MAIN(tcg_diff_suite)
