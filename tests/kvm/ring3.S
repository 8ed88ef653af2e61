/*
 * PVH guest: switches to 64-bit long mode (identity-mapped first 2 MiB,
 * a user page), drops to ring 3 through SYSEXIT with IOPL 3 (so ring 3
 * may use the debug-exit port itself) and runs a compute loop there:
 * ITERATIONS steps of a linear congruential generator. The runner
 * computes the same value; a match exits PASS. KVM-PVM runs ring 3 of a
 * paged long-mode guest natively, so this is fast there too.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "guest.h"

#ifndef ITERATIONS
#error "the runner passes -DITERATIONS and -DEXPECTED"
#endif
/*
 * bench/kvm-microvm.py builds it with -DPIO_EXITS: the loop then writes
 * port 0x80 (no device in either VMM: a plain exit to user space)
 * ITERATIONS times. The immediate-port form: on KVM-PVM an OUT to %dx
 * from ring 3 raises #GP despite IOPL 3.
 */

#define MSR_SYSENTER_CS 0x174

    PVH_NOTE(_start)
    .text
    .code32
    .globl _start
_start:
    mov $stack_top, %esp
    enter_long_mode gdt_desc, pml4, 0x100, long_mode /* LME */

    .code64
long_mode:
    push $0x3002                /* IOPL 3, interrupts off */
    popfq
    /*
     * SYSEXIT rather than IRET: KVM's instruction emulator (which runs
     * ring 0 on KVM-PVM) handles IRET in real mode only. With REX.W it
     * loads CS from SYSENTER_CS + 32 (0x28 | 3), SS from + 40 (0x30 | 3),
     * RIP from RDX and RSP from RCX.
     */
    mov $MSR_SYSENTER_CS, %ecx
    mov $0x08, %eax
    xor %edx, %edx
    wrmsr
    mov $user, %edx
    mov $stack3_top, %ecx
    .byte 0x48, 0x0f, 0x35      /* sysexitq */

user:
    mov $1, %eax
    mov $ITERATIONS, %ecx
#ifdef PIO_EXITS
2:  out %al, $0x80
#else
2:  imul $1103515245, %eax, %eax
    add $12345, %eax
#endif
    dec %ecx
    jnz 2b
    cmp $EXPECTED, %eax
    jne 3f
    mov $PASS, %al
    jmp 4f
3:  mov $FAIL + 1, %al
4:  out %al, $DEBUG_EXIT
5:  jmp 5b                      /* no HLT in ring 3; Vireo is exiting */

    .balign 8
gdt:
    .quad 0
    .quad 0x00cf9a000000ffff    /* 0x08 ring 0 code, 32-bit */
    .quad 0x00cf92000000ffff    /* 0x10 ring 0 data */
    .quad 0x00af9a000000ffff    /* 0x18 ring 0 code, 64-bit */
    .quad 0                     /* 0x20 unused */
    .quad 0x00affa000000ffff    /* 0x28 ring 3 code, 64-bit */
    .quad 0x00cff2000000ffff    /* 0x30 ring 3 data */
gdt_end:
gdt_desc:
    .word gdt_end - gdt - 1
    .long gdt

    /* Present, writable, user at every level; one 2 MiB page at 0. */
    .balign 4096
pml4:
    .long pdpt + 7, 0
    .fill 511, 8, 0
pdpt:
    .long pd + 7, 0
    .fill 511, 8, 0
pd:
    .long 0x87, 0
    .fill 511, 8, 0
    .fill 256, 1, 0
stack_top:
    .fill 256, 1, 0
stack3_top:
