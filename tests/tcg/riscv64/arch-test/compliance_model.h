/*
 * The name riscv-arch-test's older (compliance_test.h) tests include for
 * the target macros: the same as model_test.h.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "model_test.h"
