/*
 * The gdbstub hooks of a program whose accelerator cannot be debugged
 * (vireo-system-x86_64 built without KVM): -gdb says so.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "gdbstub/internal.h"

const GdbArchHooks *gdbstub_arch_hooks(void)
{
    return NULL;
}
