/*
 * vireo-tcg-diff: the differential tester's long mode. Runs --cases
 * random blocks from --seed on the interpreter and the native backend and
 * stops at the first disagreement, printing the seed and the IR.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 *   vireo-tcg-diff --cases 10000000 --seed 0
 */
#include "tcg-diff.h"

#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    gint64 cases = 100000, seed = 0;
    gboolean baseline = FALSE, direct = FALSE, softmmu = FALSE, pin = FALSE;
    gboolean fp = FALSE;
    GOptionEntry entries[] = {
        { "cases", 'n', 0, G_OPTION_ARG_INT64, &cases,
          "number of random blocks (default 100000)", "N" },
        { "seed", 's', 0, G_OPTION_ARG_INT64, &seed,
          "first seed (default 0)", "S" },
        { "baseline", 'b', 0, G_OPTION_ARG_NONE, &baseline,
          "native backend without optional host features (BMI, LZCNT...)",
          NULL },
        { "direct", 'd', 0, G_OPTION_ARG_NONE, &direct,
          "guest memory inline at a guest base (user mode), not call-outs",
          NULL },
        { "softmmu", 't', 0, G_OPTION_ARG_NONE, &softmmu,
          "guest memory through a softmmu TLB looked up inline (system "
          "mode)", NULL },
        { "pin", 'p', 0, G_OPTION_ARG_NONE, &pin,
          "global r1 pinned in a host register (tcg_context_pin_global)",
          NULL },
        { "fp", 'f', 0, G_OPTION_ARG_NONE, &fp,
          "helper calls with a host fast path (floating point) too", NULL },
        { NULL },
    };
    g_autoptr(GOptionContext) oc = g_option_context_new(NULL);
    GError *err = NULL;
    DiffRunner *d;

    g_option_context_add_main_entries(oc, entries, NULL);
    g_option_context_set_summary(oc, "Run random IR blocks on both TCG "
                                 "backends and compare the results.");
    if (!g_option_context_parse(oc, &argc, &argv, &err)) {
        fprintf(stderr, "vireo-tcg-diff: %s\n", err->message);
        g_error_free(err);
        return 2;
    }
    if (cases < 0) {
        fprintf(stderr, "vireo-tcg-diff: --cases must be >= 0\n");
        return 2;
    }
    d = diff_runner_new();
    if (baseline) {
        diff_runner_mask_host_features(d, 0);
    }
    if (direct && softmmu) {
        fprintf(stderr, "vireo-tcg-diff: --direct or --softmmu, not both\n");
        diff_runner_free(d);
        return 2;
    }
    if (direct) {
        diff_runner_set_direct_guest_memory(d);
    }
    if (softmmu) {
        diff_runner_set_softmmu_tlb(d);
    }
    if (pin) {
        diff_runner_pin_global(d);
    }
    if (fp) {
        diff_runner_enable_fp_calls(d);
    }
    for (gint64 i = 0; i < cases; i++) {
        char *report = NULL;

        if (!diff_run_case(d, (uint64_t)(seed + i), &report)) {
            fprintf(stderr, "%s", report);
            g_free(report);
            diff_runner_free(d);
            return 1;
        }
        if ((i + 1) % 1000000 == 0) {
            printf("%" G_GINT64_FORMAT " cases agree\n", i + 1);
            fflush(stdout);
        }
    }
    printf("%" G_GINT64_FORMAT " cases from seed %" G_GINT64_FORMAT
           ": backends agree\n", cases, seed);
    diff_runner_free(d);
    return 0;
}
