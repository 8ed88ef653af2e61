/*
 * PVH guest: port I/O round trips through Vireo's I/O dispatch (the
 * UART's scratch register, string I/O, ports nothing answers) and an
 * MMIO access to a hole. Step n failing exits with FAIL + n.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "guest.h"

#define SCRATCH (COM1 + 7)
#define NOBODY 0x510

    PVH_NOTE(_start)
    .text
    .code32
    .globl _start
_start:
    /* 1, 2: the scratch register keeps what was written. */
    mov $SCRATCH, %dx
    mov $0x5a, %al
    out %al, %dx
    xor %eax, %eax
    in %dx, %al
    cmp $0x5a, %al
    jne fail1
    mov $0xa5, %al
    out %al, %dx
    xor %eax, %eax
    in %dx, %al
    cmp $0xa5, %al
    jne fail2
    /* 3: rep insb: one exit, three reads of it. */
    mov $buf, %edi
    mov $3, %ecx
    cld
    rep insb
    cmpl $0x00a5a5a5, buf
    jne fail3
    /* 4, 5, 6: nothing at the port: all ones, at every width. */
    mov $NOBODY, %dx
    xor %eax, %eax
    in %dx, %al
    cmp $0xff, %eax
    jne fail4
    xor %eax, %eax
    in %dx, %ax
    cmp $0xffff, %eax
    jne fail5
    in %dx, %eax
    cmp $0xffffffff, %eax
    jne fail6
    /* rep outsb: "pio ok\n" to the UART in one exit. */
    mov $COM1, %dx
    mov $msg, %esi
    mov $msg_end - msg, %ecx
    rep outsb
    /* An MMIO hole: the write is dropped, the guest goes on. */
    movl $0x12345678, 0xd0000000
    mov 0xd0000000, %eax
    exit_with PASS
fail1: exit_with FAIL + 1
fail2: exit_with FAIL + 2
fail3: exit_with FAIL + 3
fail4: exit_with FAIL + 4
fail5: exit_with FAIL + 5
fail6: exit_with FAIL + 6

msg: .ascii "pio ok\n"
msg_end:
    .balign 4
buf: .long 0
