/*
 * The SiFive test finisher ("sifive,test1", also a "syscon" for Linux's
 * syscon-poweroff and syscon-reboot): one 32-bit register through which
 * firmware and kernels power the machine off, reset it, or end a test run
 * with an exit status. Region 0, SIFIVE_TEST_SIZE bytes; no interrupt.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef VIREO_HW_MISC_SIFIVE_TEST_H
#define VIREO_HW_MISC_SIFIVE_TEST_H

#include "hw/core/sysbus.h"

#define TYPE_SIFIVE_TEST "sifive-test"
OBJECT_DECLARE_SIMPLE_TYPE(SiFiveTestState, SIFIVE_TEST)

#define SIFIVE_TEST_SIZE 0x1000

/* Low 16 bits of the value written at offset 0. */
enum {
    SIFIVE_TEST_FAIL = 0x3333,      /* exit status in the high 16 bits */
    SIFIVE_TEST_PASS = 0x5555,      /* power off */
    SIFIVE_TEST_RESET = 0x7777,
};

struct SiFiveTestState {
    SysBusDevice parent_obj;

    MemoryRegion mmio;
};

#endif
