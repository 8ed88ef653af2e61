/*
 * PVH guest: print "hello" on the serial port (polling the transmitter
 * holding register empty bit), then exit through debug-exit.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "guest.h"

    PVH_NOTE(_start)
    .text
    .code32
    .globl _start
_start:
    mov $msg, %esi
next:
    mov $COM1 + 5, %dx          /* LSR */
1:  in %dx, %al
    test $0x20, %al             /* THRE */
    jz 1b
    lodsb
    test %al, %al
    jz done
    mov $COM1, %dx
    out %al, %dx
    jmp next
done:
    exit_with PASS

msg: .asciz "hello\n"
