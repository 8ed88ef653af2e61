/*
 * CPUID filtering for KVM guests (see include/target/i386/cpuid.h).
 * Leaf layouts from the Intel SDM vol. 2A, CPUID; the KVM leaves from
 * the kernel's Documentation/virt/kvm/x86/cpuid.rst.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "target/i386/cpuid.h"

#include <string.h>

X86CPUIDEntry *x86_cpuid_find(X86CPUIDTable *t, uint32_t function,
                              uint32_t index)
{
    for (unsigned i = 0; i < t->n; i++) {
        X86CPUIDEntry *e = &t->entries[i];
        if (e->function == function && (!e->indexed || e->index == index)) {
            return e;
        }
    }
    return NULL;
}

static void filter_leaf1(X86CPUIDEntry *e, const X86CPUIDConfig *cfg)
{
    uint32_t count = cfg->nr_cpus ? cfg->nr_cpus : 1;

    e->ecx |= CPUID_1_ECX_HYPERVISOR;
    /* OSXSAVE mirrors the guest's CR4, which KVM keeps up to date. */
    e->ecx &= ~CPUID_1_ECX_OSXSAVE;
    /* EBX[31:24] initial APIC id, [23:16] logical processors. */
    e->ebx = (e->ebx & 0xffff) | ((count & 0xff) << 16) |
             (cfg->apic_id << 24);
    if (count > 1) {
        e->edx |= 1u << 28;     /* HTT: the count above is valid */
    }
    if (cfg->pvm_host) {
        e->ecx &= ~(CPUID_1_ECX_XSAVE | CPUID_1_ECX_AVX | CPUID_1_ECX_CX16);
    }
}

static void filter_leaf7(X86CPUIDEntry *e, const X86CPUIDConfig *cfg)
{
    /* No IA32_ARCH_CAPABILITIES (MSR 0x10a): some hosts refuse it. */
    e->edx &= ~CPUID_7_0_EDX_ARCH_CAPABILITIES;
    if (cfg->pvm_host) {
        e->ebx &= ~(CPUID_7_0_EBX_AVX2 | CPUID_7_0_EBX_AVX512F);
    }
}

static bool ensure_kvm_leaves(X86CPUIDTable *t)
{
    X86CPUIDEntry *e = x86_cpuid_find(t, CPUID_KVM_SIGNATURE_LEAF, 0);

    if (e) {
        return true;
    }
    if (t->n >= t->max) {
        return false;
    }
    e = &t->entries[t->n++];
    memset(e, 0, sizeof(*e));
    e->function = CPUID_KVM_SIGNATURE_LEAF;
    e->eax = CPUID_KVM_FEATURES_LEAF;
    memcpy(&e->ebx, "KVMK", 4);
    memcpy(&e->ecx, "VMKV", 4);
    memcpy(&e->edx, "M\0\0\0", 4);
    return true;
}

bool x86_cpuid_filter(X86CPUIDTable *t, const X86CPUIDConfig *cfg)
{
    for (unsigned i = 0; i < t->n; i++) {
        X86CPUIDEntry *e = &t->entries[i];

        switch (e->function) {
        case 1:
            filter_leaf1(e, cfg);
            break;
        case 7:
            if (e->index == 0) {
                filter_leaf7(e, cfg);
            }
            break;
        case 0xb:
        case 0x1f:
            /* x2APIC topology: every level reports this CPU's id. */
            e->edx = cfg->apic_id;
            break;
        case 0xd:
            if (cfg->pvm_host) {
                /* No XSAVE: no XSAVE state components either. */
                e->eax = e->ebx = e->ecx = e->edx = 0;
            }
            break;
        default:
            break;
        }
    }
    return ensure_kvm_leaves(t);
}
