/*
 * Shared definitions for the KVM test guests: the PVH entry note, the
 * debug-exit port and the serial port. Guests end by writing a code to
 * isa-debug-exit (iobase 0xf4): Vireo exits with (code << 1) | 1.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define DEBUG_EXIT 0xf4
#define COM1 0x3f8
#define PASS 0x10               /* exit status 33 */
#define FAIL 0x20               /* exit status 65 (+2 per failing step) */

/* XEN_ELFNOTE_PHYS32_ENTRY (18): the 32-bit PVH entry point. */
#define PVH_NOTE(entry)                     \
    .pushsection .note.pvh, "a";            \
    .balign 4;                              \
    .long 4, 4, 18;                         \
    .asciz "Xen";                           \
    .long entry;                            \
    .popsection

/* Write code to the debug-exit port and stop. */
.macro exit_with code
    mov $\code, %al
    out %al, $DEBUG_EXIT
9999:
    hlt
    jmp 9999b
.endm
