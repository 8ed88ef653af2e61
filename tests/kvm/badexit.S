/*
 * PVH guest: jumps into a hole of the address space, so KVM cannot fetch
 * the next instruction and exits with an internal error. Vireo must say
 * so, dump the registers and stop in state internal-error.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "guest.h"

    PVH_NOTE(_start)
    .text
    .code32
    .globl _start
_start:
    mov $0x600dcafe, %eax       /* shows up in the dump */
    mov $0xd0000000, %ecx
    jmp *%ecx
