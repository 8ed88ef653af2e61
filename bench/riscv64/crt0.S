/*
 * Start-up for the riscv64 benchmark workloads on -M spike: stack, .bss
 * cleared, FPU on, an Sv39 identity map of the low 4 GiB in 1 GiB pages,
 * then main() in S-mode (so every guest access goes through the MMU, as
 * under an OS) and its return value to HTIF as the exit status.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
    .section .text.init, "ax"
    .globl _start
_start:
    la sp, stack_top
    la t0, __bss_start
    la t1, _end
1:  bgeu t0, t1, 2f
    sd zero, 0(t0)
    addi t0, t0, 8
    j 1b
2:
    la t0, trap
    csrw mtvec, t0
    /* all of memory to S-mode through one NAPOT PMP entry */
    li t0, -1
    csrw pmpaddr0, t0
    li t0, 0x1f
    csrw pmpcfg0, t0
    /* root table: four 1 GiB leaves (V R W X A D, global) */
    la t0, pt_root
    li t1, 0xef
    li t2, 0
    li t3, 4
3:  slli t4, t2, 28         /* (i GiB >> 12) << 10 */
    or t4, t4, t1
    sd t4, 0(t0)
    addi t0, t0, 8
    addi t2, t2, 1
    bltu t2, t3, 3b
    la t0, pt_root
    srli t0, t0, 12
    li t1, 8
    slli t1, t1, 60         /* mode Sv39 */
    or t0, t0, t1
    csrw satp, t0
    sfence.vma
    /* mret to S-mode main with FS dirty */
    li t0, (1 << 11) | (3 << 13)
    csrw mstatus, t0
    csrwi fcsr, 0
    la t0, s_entry
    csrw mepc, t0
    mret
s_entry:
    call main
    slli a0, a0, 1
    ori a0, a0, 1
    la t0, tohost
    sd a0, 0(t0)
4:  j 4b

    .balign 4
trap:
    /* any trap is a bug in the workload: exit with 100 + mcause */
    csrr a0, mcause
    addi a0, a0, 100
    slli a0, a0, 1
    ori a0, a0, 1
    la t0, tohost
    sd a0, 0(t0)
5:  j 5b

    .section .tohost, "aw", @progbits
    .balign 64
    .globl tohost
tohost: .dword 0
    .size tohost, 8
    .balign 64
    .globl fromhost
fromhost: .dword 0
    .size fromhost, 8

    .bss
    .balign 4096
pt_root: .skip 4096
    .balign 16
    .skip 65536
stack_top:
