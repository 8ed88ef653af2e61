/*
 * The KVM accelerator: guest code runs on the host CPU through /dev/kvm.
 * This header is what the target's KVM glue (target/i386/kvm.c) and
 * tests use; boards never include it, they go through accel/accel.h.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The target implements the kvm_arch_* hooks; accel/kvm calls them on the
 * vCPU's own thread (registers) or while creating the vCPU (CPUID).
 */
#ifndef VIREO_ACCEL_KVM_H
#define VIREO_ACCEL_KVM_H

#include "accel/accel.h"

#include <stdbool.h>
#include <stdint.h>

#define TYPE_KVM_ACCEL ACCEL_TYPE_NAME("kvm")

/* Where the VMM looks; tests point it elsewhere (VIREO_KVM_DEVICE). */
#define KVM_DEVICE_PATH "/dev/kvm"

/* True once a KVM VM exists (the kvm accelerator was initialised). */
bool kvm_enabled(void);

/* The /dev/kvm fd and the VM fd; -1 without a VM. */
int kvm_get_fd(void);
int kvm_get_vm_fd(void);

/* ioctl() on the VM or on cpu's vCPU fd; -errno on failure. */
int kvm_vm_ioctl(unsigned long request, void *arg);
int kvm_vcpu_ioctl(CPUState *cpu, unsigned long request, void *arg);
/* KVM_CHECK_EXTENSION on /dev/kvm: 0 when absent. */
int kvm_check_extension(unsigned int cap);

/*
 * Whether the host is KVM-PVM (module kvm_pvm): a software nested
 * hypervisor that runs guest ring 3 natively but emulates ring 0.
 * sysfs_root is "/sys" outside tests.
 */
bool kvm_host_is_pvm(const char *sysfs_root);

/*
 * Registers changed on the host side (reset, boot entry): the vCPU thread
 * pushes them with kvm_arch_put_registers before it next enters the guest.
 */
void kvm_cpu_mark_dirty(CPUState *cpu);

/*
 * Guest debugging: a KVM_EXIT_DEBUG (after KVM_SET_GUEST_DEBUG on the
 * vCPU) calls fn on the vCPU's thread, without the global lock, with the
 * exit's kvm_run; the vCPU then leaves its run loop. Without a handler
 * such an exit stops the machine as an internal error.
 */
struct kvm_run;
/*
 * A stopped vCPU whose state is still to be pushed (kvm_cpu_mark_dirty)
 * gets it pushed now, so that a debugger reading KVM's registers sees it.
 */
bool kvm_cpu_flush_dirty(CPUState *cpu, GError **errp);
typedef void KVMDebugExitFn(CPUState *cpu, const struct kvm_run *run);
void kvm_set_debug_exit_handler(KVMDebugExitFn *fn);

/* --- implemented by the target (target/<arch>/kvm.c) ------------------ */

/* Once per vCPU, after its fd exists: CPUID, MSRs, ... */
bool kvm_arch_init_vcpu(CPUState *cpu, GError **errp);
/* Copy the CPU's register state into KVM, or read it back. */
bool kvm_arch_put_registers(CPUState *cpu, GError **errp);
bool kvm_arch_get_registers(CPUState *cpu, GError **errp);

#endif
