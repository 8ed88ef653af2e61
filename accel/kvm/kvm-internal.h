/*
 * State shared by the files of accel/kvm: the one VM of this process,
 * its memory slots and the per-vCPU data.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef VIREO_ACCEL_KVM_INTERNAL_H
#define VIREO_ACCEL_KVM_INTERNAL_H

#include "accel/kvm.h"
#include "softmmu/memory.h"

#include <linux/kvm.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>

/* The signal that kicks a vCPU out of KVM_RUN (blocked elsewhere). */
#define KVM_KICK_SIGNAL SIGUSR1

/* ISA interrupts plus the IOAPIC's: KVM's default routing covers 0..23. */
#define KVM_NR_GSI 24
/* The IOAPIC-only pins, level-triggered: irqfds (kvm-irqfd.c). */
#define KVM_FIRST_IRQFD_GSI 16

typedef struct KVMSlot {
    bool used;
    uint32_t flags;             /* KVM_MEM_* */
    hwaddr gpa;
    uint64_t size;
    void *hva;
} KVMSlot;

typedef struct KVMState {
    int fd;                     /* /dev/kvm */
    int vm_fd;
    size_t run_size;            /* KVM_GET_VCPU_MMAP_SIZE */
    bool readonly_mem;          /* KVM_CAP_READONLY_MEM */
    bool ioeventfds;            /* KVM_CAP_IOEVENTFD */
    bool dirty_log;             /* writable slots log dirty pages */
    bool irqchip;               /* in-kernel PIC/IOAPIC/LAPIC/PIT created */
    bool irqchip_allowed;       /* kernel-irqchip=on (the default) */
    unsigned nr_slots;
    KVMSlot *slots;
    MemoryListener listener;
    IRQLine *gsi_lines[KVM_NR_GSI];
    struct KVMIrqfd *irqfds[KVM_NR_GSI];    /* NULL: KVM_IRQ_LINE */
} KVMState;

struct AccelCPUState {
    int fd;
    struct kvm_run *run;
    pthread_t thread;
    int thread_known;           /* atomic: thread is valid */
    int dirty;                  /* atomic: push registers before KVM_RUN */
};

extern KVMState *kvm_state;

#define KVM_STATE_OF_LISTENER(l) \
    ((KVMState *)((char *)(l) - offsetof(KVMState, listener)))

/* kvm-memory.c */
void kvm_memory_listener_register(KVMState *s);
void kvm_memory_listener_unregister(KVMState *s);

/* kvm-irqfd.c */
/*
 * The line for a level-triggered GSI backed by an irqfd with a resample
 * fd, or NULL (with *errp set) where the host cannot do that.
 */
IRQLine *kvm_irqfd_line_new(KVMState *s, unsigned gsi, GError **errp);

/* kvm-vcpu.c */
bool kvm_create_vcpu_thread(CPUState *cpu, GError **errp);
void kvm_kick_vcpu_thread(CPUState *cpu);
void kvm_synchronize_state(CPUState *cpu);
void kvm_synchronize_post_reset(CPUState *cpu);
void kvm_init_kick_signal(void);

#endif
