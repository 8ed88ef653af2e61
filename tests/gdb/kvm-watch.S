/*
 * PVH guest for the gdb test on KVM (tests/gdb/test-gdb-kvm.py): long
 * mode, then ring 3 (through SYSEXIT, as tests/kvm/ring3.S) writes
 * 0x1234 to `watched` and exits PASS through isa-debug-exit. Ring 3 runs
 * natively even on KVM-PVM, so a debug-register watchpoint fires there.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "guest.h"

#define MSR_EFER 0xc0000080
#define MSR_SYSENTER_CS 0x174

    PVH_NOTE(_start)
    .text
    .code32
    .globl _start
_start:
    lgdt gdt_desc
    ljmp $0x08, $1f
1:  mov $0x10, %ax
    mov %ax, %ds
    mov %ax, %es
    mov %ax, %ss
    mov $stack_top, %esp
    mov %cr4, %eax
    or $0x20, %eax              /* PAE */
    mov %eax, %cr4
    mov $pml4, %eax
    mov %eax, %cr3
    mov $MSR_EFER, %ecx
    rdmsr
    or $0x100, %eax             /* LME */
    wrmsr
    mov %cr0, %eax
    or $0x80000000, %eax        /* PG: long mode is active */
    mov %eax, %cr0
    ljmp $0x18, $long_mode

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
    .globl user_write
user_write:
    movl $0x1234, watched(%rip)
    mov watched(%rip), %eax
    cmp $0x1234, %eax
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
    .balign 8
    .globl watched
watched:
    .quad 0
