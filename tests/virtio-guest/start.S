/*
 * Entry of the bare-metal virtio guest: one hart in M-mode, a stack, a
 * trap vector that reports the cause and ends the run, then main().
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
    .section .text.init, "ax"
    .globl _start
_start:
    csrr t0, mhartid
1:  bnez t0, 1b
    la sp, _stack_top
    la t0, trap_entry
    csrw mtvec, t0
    /* .bss is zero: the loader writes only what the ELF file holds */
    la t0, __bss_start
    la t1, _stack_top
2:  bgeu t0, t1, 3f
    sd zero, 0(t0)
    addi t0, t0, 8
    j 2b
3:  call main
4:  j 4b

    .align 4
trap_entry:
    csrr a0, mcause
    csrr a1, mepc
    csrr a2, mtval
    call guest_trap
5:  j 5b
