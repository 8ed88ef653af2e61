/*
 * A tiny stand-in for a Linux bzImage: a setup header (boot protocol
 * 2.15, XLF_KERNEL_64, one setup sector) and, 0x200 bytes into the
 * "kernel", 64-bit code that checks what the 64-bit boot protocol
 * promises (CS = __BOOT_CS, %rsi the zero page with the header copied,
 * loader type set, an e820 map, acpi_rsdp_addr pointing at an RSDP)
 * and prints the command line.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "guest.h"

    .text
    .org 0x1f1
    .byte 1                     /* setup_sects */
    .org 0x1fa
    .word 0xffff                /* vid_mode */
    .org 0x1fe
    .word 0xaa55                /* boot_flag */
    .byte 0xeb, 0x66            /* jump: the header ends at 0x268 */
    .ascii "HdrS"
    .word 0x020f                /* protocol 2.15 */
    .org 0x211
    .byte 0x01                  /* loadflags: LOADED_HIGH */
    .org 0x22c
    .long 0x7fffffff            /* initrd_addr_max */
    .org 0x236
    .word 0x0001                /* xloadflags: XLF_KERNEL_64 */
    .long 2047                  /* cmdline_size */
    .org 0x260
    .long 0x100000              /* init_size */

    .org 0x400                  /* the kernel: loaded at 1 MiB */
    .org 0x600                  /* its 64-bit entry, kernel + 0x200 */
    .code64
    mov %cs, %ax
    cmp $0x10, %ax
    jne fail1
    cmpl $0x53726448, 0x202(%rsi)   /* "HdrS" in the zero page */
    jne fail2
    cmpb $0xff, 0x210(%rsi)         /* type_of_loader */
    jne fail3
    cmpb $0, 0x1e8(%rsi)            /* e820_entries */
    je fail4
    mov 0x070(%rsi), %rbx           /* acpi_rsdp_addr (2.14+) */
    test %rbx, %rbx
    jz fail5
    mov $0x2052545020445352, %rax   /* "RSD PTR " */
    cmp %rax, (%rbx)
    jne fail5
    mov 0x228(%rsi), %ebx           /* cmd_line_ptr */
    mov $COM1, %dx
1:  mov (%rbx), %al
    test %al, %al
    jz 2f
    out %al, %dx
    inc %rbx
    jmp 1b
2:  mov $'\n', %al
    out %al, %dx
    exit_with PASS
fail1: exit_with FAIL + 1
fail2: exit_with FAIL + 2
fail3: exit_with FAIL + 3
fail4: exit_with FAIL + 4
fail5: exit_with FAIL + 5
    .org 0x800
