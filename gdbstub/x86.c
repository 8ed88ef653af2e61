/*
 * vireo-system-x86_64's gdbstub hooks: none yet (KVM guest debugging is
 * future work), so -gdb says the target cannot be debugged.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "gdbstub/internal.h"

const GdbArchHooks *gdbstub_arch_hooks(void)
{
    return NULL;
}
