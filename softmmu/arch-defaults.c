/*
 * Per-program defaults (see include/softmmu/arch-defaults.h); built into
 * each program's own library with VIREO_TARGET_NAME set.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "softmmu/arch-defaults.h"

#include <string.h>

const char *const arch_name = VIREO_TARGET_NAME;
/* x86-64 guests run under KVM; other targets are translated. */
const char *const arch_default_accel =
    __builtin_strcmp(VIREO_TARGET_NAME, "x86_64") == 0 ? "kvm" : "tcg";
