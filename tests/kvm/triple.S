/*
 * PVH guest: a triple fault (an exception with an empty IDT). A counter
 * in RAM that reloading the kernel image does not touch tells the boots
 * apart: the first prints "boot 1" and faults; the second, after the
 * reset, prints "boot 2" and exits. Under -no-reboot the fault ends
 * Vireo with status 0.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "guest.h"

#define COUNTER 0x500

    PVH_NOTE(_start)
    .text
    .code32
    .globl _start
_start:
    incb COUNTER
    mov COUNTER, %al
    add $'0', %al
    mov %al, digit
    mov $msg, %esi
    mov $COM1, %dx
1:  lodsb
    test %al, %al
    jz 2f
    out %al, %dx
    jmp 1b
2:  cmpb $1, COUNTER
    jne second
    lidt empty_idt
    ud2
second:
    exit_with PASS

    .balign 8
empty_idt:
    .word 0
    .long 0
msg: .ascii "boot "
digit: .ascii "?\n\0"
