/*
 * Shared by the RISC-V unit tests: make a realized, reset rv64 CPU from a
 * -cpu style option string, and drop it again.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef VIREO_TESTS_UNIT_RISCV_TEST_CPU_H
#define VIREO_TESTS_UNIT_RISCV_TEST_CPU_H

#include "vireo-check.h"
#include "target/riscv/cpu.h"

static inline RISCVCPU *riscv_test_cpu(const char *opts)
{
    GError *err = NULL;
    RISCVCPU *cpu = riscv_cpu_create(opts, &err);

    ck_assert_msg(cpu, "%s: %s", opts, err ? err->message : "?");
    ck_assert_msg(qdev_realize(DEVICE(cpu), &err), "%s: %s", opts,
                  err ? err->message : "?");
    device_reset(DEVICE(cpu));
    return cpu;
}

static inline void riscv_test_cpu_free(RISCVCPU *cpu)
{
    qdev_unrealize(DEVICE(cpu));
    object_unref(cpu);
}

#endif
