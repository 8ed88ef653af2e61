/*
 * PVH guest for -m 5G: finds the RAM above 4 GiB in the PVH memory map
 * (an entry at 0x100000000 of 2 GiB), switches to long mode with that
 * range's first 2 MiB mapped, and checks a write there reads back.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "guest.h"


    PVH_NOTE(_start)
    .text
    .code32
    .globl _start
_start:
    /* hvm_start_info: memmap_paddr at +40, memmap_entries at +48. */
    mov 40(%ebx), %esi
    mov 48(%ebx), %ecx
1:  test %ecx, %ecx
    jz fail1
    cmpl $0, (%esi)             /* addr low */
    jne 2f
    cmpl $1, 4(%esi)            /* addr high: 4 GiB */
    jne 2f
    cmpl $0x80000000, 8(%esi)   /* size: 2 GiB */
    jne 2f
    cmpl $0, 12(%esi)
    jne 2f
    cmpl $1, 16(%esi)           /* RAM */
    je found
2:  add $24, %esi
    dec %ecx
    jmp 1b
fail1:
    exit_with FAIL + 1
found:
    enter_long_mode gdt_desc, pml4, 0x100, long_mode /* LME */

    .code64
long_mode:
    movabs $0x100000000, %rdi
    movabs $0x0123456789abcdef, %rax
    mov %rax, (%rdi)
    mov %rax, 0x1ff8(%rdi)
    xor %rdx, %rdx
    mov (%rdi), %rdx
    cmp %rax, %rdx
    jne fail2
    exit_with PASS
fail2:
    exit_with FAIL + 2

    .balign 8
gdt:
    .quad 0
    .quad 0x00cf9a000000ffff    /* 0x08 code, 32-bit */
    .quad 0x00cf92000000ffff    /* 0x10 data */
    .quad 0x00af9a000000ffff    /* 0x18 code, 64-bit */
gdt_end:
gdt_desc:
    .word gdt_end - gdt - 1
    .long gdt

    /* The first 2 MiB, and the 2 MiB at 4 GiB, identity-mapped. */
    .balign 4096
pml4:
    .long pdpt + 3, 0
    .fill 511, 8, 0
pdpt:
    .long pd_low + 3, 0
    .fill 3, 8, 0
    .long pd_high + 3, 0
    .fill 507, 8, 0
pd_low:
    .long 0x83, 0
    .fill 511, 8, 0
pd_high:
    .long 0x83, 1               /* 0x100000000 */
    .fill 511, 8, 0
