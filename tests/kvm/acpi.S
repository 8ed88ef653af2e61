/*
 * PVH guest: find the ACPI tables as a kernel does and power off through
 * them. The RSDP comes from the start info (rsdp_paddr); its checksums,
 * the XSDT's and the MADT's are checked, the MADT's enabled Local APIC
 * entries counted against CPUS (the -smp the runner passes), and the
 * sleep control register named by the FADT written with SLP_TYP 5 |
 * SLP_EN: Vireo must then exit 0. Step n failing exits with FAIL + n.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * ACPI 6.4: 5.2.5.3 RSDP, 5.2.8 XSDT, 5.2.9 FADT (SLEEP_CONTROL_REG at
 * offset 244), 5.2.12 MADT, 7.4.2 \_S5.
 */
#include "guest.h"

#ifndef CPUS
#define CPUS 1
#endif

    PVH_NOTE(_start)
    .text
    .code32
    .globl _start
_start:
    mov $0x80000, %esp
    /* 1: the start info points at an RSDP. */
    mov 32(%ebx), %esi
    test %esi, %esi
    jz fail1
    cmpl $0x20445352, (%esi)        /* "RSD " */
    jne fail1
    cmpl $0x20525450, 4(%esi)       /* "PTR " */
    jne fail1
    /* 2: both RSDP checksums. */
    mov $20, %ecx
    call checksum
    jnz fail2
    mov $36, %ecx
    call checksum
    jnz fail2
    /* 3: the XSDT. */
    mov 24(%esi), %esi
    cmpl $0x54445358, (%esi)        /* "XSDT" */
    jne fail3
    mov 4(%esi), %ecx
    call checksum
    jnz fail3
    /* 4, 5: its entries include a FADT and a MADT. */
    xor %ebp, %ebp                  /* FADT */
    xor %edi, %edi                  /* MADT */
    mov 4(%esi), %ecx
    sub $36, %ecx
    shr $3, %ecx
    lea 36(%esi), %ebx
1:  mov (%ebx), %eax
    cmpl $0x50434146, (%eax)        /* "FACP" */
    jne 2f
    mov %eax, %ebp
2:  cmpl $0x43495041, (%eax)        /* "APIC" */
    jne 3f
    mov %eax, %edi
3:  add $8, %ebx
    dec %ecx
    jnz 1b
    test %ebp, %ebp
    jz fail4
    test %edi, %edi
    jz fail5
    /* 6: MADT checksum and one enabled Local APIC per CPU. */
    mov %edi, %esi
    mov 4(%esi), %ecx
    call checksum
    jnz fail6
    xor %edx, %edx                  /* count */
    lea 44(%esi), %ebx
    mov 4(%esi), %ecx
    add %esi, %ecx                  /* end */
4:  cmp %ecx, %ebx
    jae 6f
    cmpb $0, (%ebx)
    jne 5f
    testb $1, 4(%ebx)
    jz 5f
    inc %edx
5:  movzbl 1(%ebx), %eax
    test %eax, %eax
    jz fail6
    add %eax, %ebx
    jmp 4b
6:  cmp $CPUS, %edx
    jne fail7
    mov $msg, %esi
    call puts
    /* 8: poweroff through SLEEP_CONTROL_REG (a byte in I/O space). */
    cmpb $1, 244(%ebp)
    jne fail8
    mov 244 + 4(%ebp), %edx
    mov $(5 << 2) | (1 << 5), %al
    out %al, %dx
7:  hlt
    jmp 7b

/* ZF set if the %ecx bytes at %esi sum to 0 mod 256. */
checksum:
    push %esi
    xor %al, %al
1:  add (%esi), %al
    inc %esi
    dec %ecx
    jnz 1b
    pop %esi
    test %al, %al
    ret

puts:
    mov $COM1 + 5, %dx
1:  in %dx, %al
    test $0x20, %al
    jz 1b
    lodsb
    test %al, %al
    jz 2f
    mov $COM1, %dx
    out %al, %dx
    jmp puts
2:  ret

fail1: exit_with FAIL + 1
fail2: exit_with FAIL + 2
fail3: exit_with FAIL + 3
fail4: exit_with FAIL + 4
fail5: exit_with FAIL + 5
fail6: exit_with FAIL + 6
fail7: exit_with FAIL + 7
fail8: exit_with FAIL + 8

msg: .asciz "acpi ok\n"
