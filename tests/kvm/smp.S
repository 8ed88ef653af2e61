/*
 * -bios guest: SMP bring-up. The BSP switches its LAPIC to x2APIC mode
 * (so real-mode code reaches the ICR through an MSR), sends INIT and
 * SIPI to all others with vector 0xF0, so they start at F000:0000, the
 * start of this image. Each AP increments a counter; the BSP waits until
 * it reaches CPUID's logical processor count minus one.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "guest.h"

#define COUNT 0x600
#define BSP_DONE 0x604
#define MSR_APIC_BASE 0x1b
#define MSR_X2APIC_ICR 0x830

    .code16
    .text
start:
    cli
    xor %ax, %ax
    mov %ax, %ds
    cmpb $0xa5, BSP_DONE
    je ap
    movw $0, COUNT
    mov $1, %eax
    cpuid
    shr $16, %ebx
    and $0xff, %bx
    dec %bx
    mov %bx, %di
    movb $0xa5, BSP_DONE
    mov $MSR_APIC_BASE, %ecx
    rdmsr
    or $0xc00, %eax             /* enabled, x2APIC */
    wrmsr
    mov $MSR_X2APIC_ICR, %ecx
    xor %edx, %edx
    mov $0x000c4500, %eax       /* INIT, assert, all but self */
    wrmsr
    mov $0x000c46f0, %eax       /* SIPI, vector 0xf0, all but self */
    wrmsr
    wrmsr
1:  pause
    cmp %di, COUNT
    jne 1b
    movb $0, BSP_DONE
    exit_with PASS

ap:
    lock incw COUNT
2:  hlt
    jmp 2b

    .section .reset, "ax"
    ljmp $0xf000, $start
