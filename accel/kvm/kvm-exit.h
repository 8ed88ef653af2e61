/*
 * KVM exit decoding: what a vCPU thread must do after KVM_RUN returned,
 * worked out from the kvm_run area alone. A pure function, so every exit
 * (including ones a host rarely produces) is unit-tested on a hand-made
 * kvm_run (tests/unit/test-kvm-exit.c).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef VIREO_ACCEL_KVM_EXIT_H
#define VIREO_ACCEL_KVM_EXIT_H

#include <linux/kvm.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum KVMExitKind {
    KVM_EXIT_ACTION_RESUME,     /* nothing to do: enter the guest again */
    KVM_EXIT_ACTION_IO,         /* port I/O: dispatch to the I/O space */
    KVM_EXIT_ACTION_MMIO,       /* dispatch to the memory space */
    KVM_EXIT_ACTION_HALT,       /* HLT without an in-kernel irqchip */
    KVM_EXIT_ACTION_RESET,      /* the guest wants a reset (triple fault) */
    KVM_EXIT_ACTION_POWEROFF,   /* the guest switched itself off */
    KVM_EXIT_ACTION_PANIC,      /* the guest reported a crash */
    KVM_EXIT_ACTION_ERROR,      /* cannot go on: message, register dump */
    KVM_EXIT_ACTION_DEBUG,      /* guest debugging (run->debug.arch) */
} KVMExitKind;

typedef struct KVMExitAction {
    KVMExitKind kind;
    bool is_write;
    union {
        struct {
            uint16_t port;
            uint8_t size;       /* 1, 2 or 4 */
            uint32_t count;     /* > 1 for rep ins/outs */
            uint32_t data_offset;   /* in the kvm_run area */
        } io;
        struct {
            uint64_t addr;
            uint8_t len;        /* 1 to 8 */
        } mmio;
    };
    /* For ERROR: one line saying what happened. */
    char message[160];
} KVMExitAction;

/* "IO", "MMIO", "INTERNAL_ERROR", ...; "unknown" for others. */
const char *kvm_exit_reason_name(uint32_t reason);

/*
 * Decode run, whose mapping is run_size bytes long (KVM_GET_VCPU_MMAP_SIZE),
 * into *action. Data offsets and lengths are checked against run_size, so
 * a malformed area gives ERROR, never an access outside it.
 */
void kvm_decode_exit(const struct kvm_run *run, size_t run_size,
                     KVMExitAction *action);

#endif
