/*
 * -bios guest: starts at the reset vector (0xFFFFFFF0, real mode), jumps
 * to F000 (the copy of the ROM's end below 1 MiB), prints "bios" and
 * exits through debug-exit.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "guest.h"

    .code16
    .text
start:
    mov %cs, %ax
    cmp $0xf000, %ax
    jne bad_cs
    mov %ax, %ds
    mov $msg, %si
    mov $COM1, %dx
1:  lodsb
    test %al, %al
    jz 2f
    out %al, %dx
    jmp 1b
2:  exit_with PASS
bad_cs:
    exit_with FAIL + 1

msg: .asciz "bios\n"

    .section .reset, "ax"
    ljmp $0xf000, $start
