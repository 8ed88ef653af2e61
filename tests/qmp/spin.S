/*
 * PVH guest for the QMP tests: leave a known doubleword at physical
 * 0x9000 for pmemsave to find, then spin (with PAUSE) until the monitor
 * stops, resets or quits the machine. Built like tests/kvm/*.S.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "guest.h"

#define MAGIC_ADDR 0x9000
#define MAGIC 0x21504d51            /* "QMP!" little-endian */

    PVH_NOTE(_start)
    .text
    .code32
    .globl _start
_start:
    movl $MAGIC, MAGIC_ADDR
1:  pause
    jmp 1b
