/*
 * PVH guest: a virtio-blk driver in a few dozen instructions, on the
 * first virtio-mmio transport of microvm (0xfeb00000, GSI 16). It reads
 * sector 0 and prints its first line, writes sector 1, both by polling
 * the used ring with interrupts suppressed (VIRTQ_AVAIL_F_NO_INTERRUPT),
 * then reads sector 1 back and waits, without looking at the ring, for
 * the device's interrupt to reach the LAPIC through the IOAPIC (pin 16,
 * level, vector 0x30). IF stays clear: the vector is seen pending in the
 * LAPIC's IRR, so no IDT or IRET is needed (IRET fails on KVM-PVM).
 * Under KVM the kicks are ioeventfds and the interrupt an irqfd.
 * Step n failing exits with FAIL + n.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Virtio 1.2: 2.7 split virtqueues, 3.1.1 driver initialisation,
 * 4.2.2 MMIO register layout, 5.2.6 virtio-blk requests.
 */
#include "guest.h"

#define MMIO 0xfeb00000
#define IOAPIC 0xfec00000
#define LAPIC 0xfee00000
#define VECTOR 0x30
#define GSI 16

#define DESC 0x10000            /* 16 descriptors */
#define AVAIL 0x10100
#define USED 0x11000
#define REQ 0x12000             /* three headers, 0x20 apart */
#define STATUS(n) (REQ + 0x20 * (n) + 0x10)
#define BUF0 0x13000
#define BUF2 0x14000
#define TIMEOUT 0x400000

/* Descriptor n: addr, len, flags, next. */
.macro desc n, addr, len, flags, next
    movl $\addr, DESC + 16 * \n
    movl $0, DESC + 16 * \n + 4
    movl $\len, DESC + 16 * \n + 8
    movw $\flags, DESC + 16 * \n + 12
    movw $\next, DESC + 16 * \n + 14
.endm

/* A request header at slot n: type (0 in, 1 out), sector. */
.macro header n, type, sector
    movl $\type, REQ + 0x20 * \n
    movl $0, REQ + 0x20 * \n + 4
    movl $\sector, REQ + 0x20 * \n + 8
    movl $0, REQ + 0x20 * \n + 12
    movb $0xff, STATUS(\n)
.endm

    PVH_NOTE(_start)
    .text
    .code32
    .globl _start
_start:
    mov $0x80000, %esp
    /* 1: a version-2 virtio-mmio transport with a block device. */
    cmpl $0x74726976, MMIO + 0x000
    jne fail1
    cmpl $2, MMIO + 0x004
    jne fail1
    cmpl $2, MMIO + 0x008
    jne fail1
    /* 2: reset, ACKNOWLEDGE | DRIVER, VERSION_1 only, FEATURES_OK. */
    movl $0, MMIO + 0x070
    movl $3, MMIO + 0x070
    movl $1, MMIO + 0x024
    movl $1, MMIO + 0x020
    movl $0, MMIO + 0x024
    movl $0, MMIO + 0x020
    movl $0xb, MMIO + 0x070
    testl $8, MMIO + 0x070
    jz fail2
    /* 3: queue 0, 16 entries. */
    movl $0, MMIO + 0x030
    cmpl $16, MMIO + 0x034
    jb fail3
    movl $16, MMIO + 0x038
    movl $DESC, MMIO + 0x080
    movl $0, MMIO + 0x084
    movl $AVAIL, MMIO + 0x090
    movl $0, MMIO + 0x094
    movl $USED, MMIO + 0x0a0
    movl $0, MMIO + 0x0a4
    movl $1, MMIO + 0x044
    movw $1, AVAIL              /* VIRTQ_AVAIL_F_NO_INTERRUPT */
    movw $0, AVAIL + 2
    movl $0xf, MMIO + 0x070     /* DRIVER_OK */

    /* 4: read sector 0, polled. */
    header 0, 0, 0
    desc 0, REQ, 16, 1, 1
    desc 1, BUF0, 512, 3, 2
    desc 2, STATUS(0), 1, 2, 0
    movw $0, AVAIL + 4
    movw $1, AVAIL + 2
    movl $0, MMIO + 0x050       /* QueueNotify: the ioeventfd */
    mov $1, %eax
    call wait_used
    jc fail4
    cmpb $0, STATUS(0)
    jne fail4
    mov $BUF0, %esi
    call puts
    /* 5: write sector 1, polled. */
    header 1, 1, 1
    desc 3, REQ + 0x20, 16, 1, 4
    desc 4, wbuf, 512, 1, 5
    desc 5, STATUS(1), 1, 2, 0
    movw $3, AVAIL + 6
    movw $2, AVAIL + 2
    movl $0, MMIO + 0x050
    mov $2, %eax
    call wait_used
    jc fail5
    cmpb $0, STATUS(1)
    jne fail5
    /* 6: suppressed: no interrupt was raised. */
    cmpl $0, MMIO + 0x060
    jne fail6

    /* 7: read sector 1 back, woken by the interrupt. */
    movl $0x1ff, LAPIC + 0xf0   /* software-enable the LAPIC */
    movl $0x10 + 2 * GSI + 1, IOAPIC
    movl $0, IOAPIC + 0x10      /* destination APIC 0 */
    movl $0x10 + 2 * GSI, IOAPIC
    movl $0x8000 + VECTOR, IOAPIC + 0x10    /* level, high, unmasked */
    movw $0, AVAIL              /* interrupts wanted */
    header 2, 0, 1
    desc 6, REQ + 0x40, 16, 1, 7
    desc 7, BUF2, 512, 3, 8
    desc 8, STATUS(2), 1, 2, 0
    movw $6, AVAIL + 8
    movw $3, AVAIL + 2
    movl $0, MMIO + 0x050
    mov $TIMEOUT, %ecx
1:  testl $1 << (VECTOR % 32), LAPIC + 0x200 + 0x10 * (VECTOR / 32)
    jnz 2f
    dec %ecx
    jnz 1b
    jmp fail7
    /* 8: the interrupt means the request is done, and says why. */
2:  cmpw $3, USED + 2
    jne fail8
    cmpb $0, STATUS(2)
    jne fail8
    testl $1, MMIO + 0x060
    jz fail8
    mov MMIO + 0x060, %eax
    mov %eax, MMIO + 0x064      /* InterruptACK */
    /* 9: what came back is what was written. */
    mov $BUF2, %esi
    mov $wbuf, %edi
    mov $512, %ecx
    cld
    repe cmpsb
    jne fail9
    mov $BUF2, %esi
    call puts
    exit_with PASS

/* Carry set unless the used index reaches %ax in time. */
wait_used:
    mov $TIMEOUT, %ecx
1:  cmpw %ax, USED + 2
    je 2f
    dec %ecx
    jnz 1b
    stc
    ret
2:  clc
    ret

/* Print the NUL- or newline-ended line at %esi, with its newline. */
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
    cmp $'\n', %al
    jne puts
2:  ret

fail1: exit_with FAIL + 1
fail2: exit_with FAIL + 2
fail3: exit_with FAIL + 3
fail4: exit_with FAIL + 4
fail5: exit_with FAIL + 5
fail6: exit_with FAIL + 6
fail7: exit_with FAIL + 7
fail8: exit_with FAIL + 8
fail9: exit_with FAIL + 9

    .balign 512
wbuf:
    .ascii "sector 1, written by the guest\n"
    .fill 512 - 31, 1, 0x5a
