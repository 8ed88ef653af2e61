/*
 * Entry of the gdb test guest: a stack, then main.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
    .section .text.init, "ax"
    .globl _start
_start:
    la sp, stack_top
    call main
1:  j 1b

    .bss
    .balign 16
    .space 4096
stack_top:
