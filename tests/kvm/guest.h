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

#define MSR_EFER 0xc0000080

/*
 * From the 32-bit PVH entry to 64-bit code at \target: load \gdtr (code
 * 0x08 32-bit, data 0x10, code 0x18 64-bit),
 * flat data segments, PAE, CR3 = \pml4, EFER |= \efer (LME, and NXE
 * where the tables use NX), paging on.
 */
.macro enter_long_mode gdtr, pml4, efer, target
    lgdt \gdtr
    ljmp $0x08, $9998f
9998:
    mov $0x10, %ax
    mov %ax, %ds
    mov %ax, %es
    mov %ax, %ss
    mov %cr4, %eax
    or $0x20, %eax              /* PAE */
    mov %eax, %cr4
    mov $\pml4, %eax
    mov %eax, %cr3
    mov $MSR_EFER, %ecx
    rdmsr
    or $\efer, %eax
    wrmsr
    mov %cr0, %eax
    or $0x80000000, %eax        /* PG: long mode is active */
    mov %eax, %cr0
    ljmp $0x18, $\target
.endm

