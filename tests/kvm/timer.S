/*
 * -bios guest: HLT woken by a timer interrupt through the in-kernel
 * irqchip. Real mode: IRQ 0 of the PIC (vector 8) points at a handler in
 * the interrupt vector table, the PIT's channel 0 ticks every 10 ms, the
 * guest halts until the handler has run.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "guest.h"

#define TICKED 0x600

    .code16
    .text
start:
    cli
    xor %ax, %ax
    mov %ax, %ds
    mov %ax, %ss
    mov $0x7000, %sp
    movb $0, TICKED
    movw $handler, 8 * 4
    movw $0xf000, 8 * 4 + 2
    /* PIC: ICW1-4, vectors 8-15 and 0x70-0x77, only IRQ 0 unmasked. */
    mov $0x11, %al
    out %al, $0x20
    out %al, $0xa0
    mov $0x08, %al
    out %al, $0x21
    mov $0x70, %al
    out %al, $0xa1
    mov $0x04, %al
    out %al, $0x21
    mov $0x02, %al
    out %al, $0xa1
    mov $0x01, %al
    out %al, $0x21
    out %al, $0xa1
    mov $0xfe, %al
    out %al, $0x21
    mov $0xff, %al
    out %al, $0xa1
    /* PIT channel 0, lobyte/hibyte, mode 2, 11932 (10 ms). */
    mov $0x34, %al
    out %al, $0x43
    mov $0x9c, %al
    out %al, $0x40
    mov $0x2e, %al
    out %al, $0x40
1:  sti
    hlt
    cli
    cmpb $0, TICKED
    je 1b
    exit_with PASS

handler:
    movb $1, TICKED
    push %ax
    mov $0x20, %al              /* EOI */
    out %al, $0x20
    pop %ax
    iret

    .section .reset, "ax"
    ljmp $0xf000, $start
