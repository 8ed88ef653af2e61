/*
 * PVH guest for the human monitor's x86 tests (tests/hmp/test-hmp-kvm.py):
 * switches to long mode under 4-level paging with three kinds of mapping
 * for info tlb to list, then writes a known quadword through a high
 * virtual address and spins there (PAUSE) for the monitor to inspect:
 *   0                  -> 0          2 MiB, writable, user
 *   0xffff800000000000 -> data_page  4 KiB, writable
 *   0xffff800000001000 -> data_page  4 KiB, read-only, no-execute
 * Built like tests/kvm/*.S (gcc -m32, ld -T tests/kvm/pvh.ld).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "guest.h"

#define MAGIC_LO 0x65726956         /* "Vireo HM" in its first bytes */
#define MAGIC_HI 0x4d48206f

    PVH_NOTE(_start)
    .text
    .code32
    .globl _start
_start:
    enter_long_mode gdt_desc, pml4, 0x900, long_mode /* LME, NXE */

    .code64
long_mode:
    movabs $0xffff800000000000, %rdi
    movl $MAGIC_LO, (%rdi)
    movl $MAGIC_HI, 4(%rdi)
    .globl spin
spin:
    pause
    jmp spin

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

    .balign 4096
    .globl pml4
pml4:
    .long pdpt_low + 7, 0
    .fill 255, 8, 0
    .long pdpt_high + 3, 0      /* entry 256: 0xffff800000000000 */
    .fill 255, 8, 0
pdpt_low:
    .long pd_low + 7, 0
    .fill 511, 8, 0
pd_low:
    .long 0x87, 0               /* 2 MiB page at 0: P, RW, US, PS */
    .fill 511, 8, 0
pdpt_high:
    .long pd_high + 3, 0
    .fill 511, 8, 0
pd_high:
    .long pt_high + 3, 0
    .fill 511, 8, 0
pt_high:
    .long data_page + 3, 0              /* P, RW */
    .long data_page + 1, 0x80000000     /* P, NX */
    .fill 510, 8, 0
    .globl data_page
data_page:
    .fill 4096, 1, 0
