/*
 * CPUID for KVM guests: what KVM_GET_SUPPORTED_CPUID reports, filtered to
 * what the host can really deliver and completed with what a guest must
 * see (hypervisor bit, KVM signature leaves, APIC ids and topology).
 * Pure functions over a table of leaves, so they are unit-tested without
 * /dev/kvm (tests/unit/test-x86-cpuid.c).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef VIREO_TARGET_I386_CPUID_H
#define VIREO_TARGET_I386_CPUID_H

#include <stdbool.h>
#include <stdint.h>

typedef struct X86CPUIDEntry {
    uint32_t function, index;
    bool indexed;               /* index is significant */
    uint32_t eax, ebx, ecx, edx;
} X86CPUIDEntry;

typedef struct X86CPUIDTable {
    unsigned n, max;
    X86CPUIDEntry *entries;     /* max of them allocated */
} X86CPUIDTable;

/* Leaf 1 ECX */
#define CPUID_1_ECX_CX16 (1u << 13)
#define CPUID_1_ECX_X2APIC (1u << 21)
#define CPUID_1_ECX_XSAVE (1u << 26)
#define CPUID_1_ECX_OSXSAVE (1u << 27)
#define CPUID_1_ECX_AVX (1u << 28)
#define CPUID_1_ECX_HYPERVISOR (1u << 31)
/* Leaf 7.0 EBX / EDX */
#define CPUID_7_0_EBX_AVX2 (1u << 5)
#define CPUID_7_0_EBX_AVX512F (1u << 16)
#define CPUID_7_0_EDX_ARCH_CAPABILITIES (1u << 29)

#define CPUID_KVM_SIGNATURE_LEAF 0x40000000u
#define CPUID_KVM_FEATURES_LEAF 0x40000001u

typedef struct X86CPUIDConfig {
    uint32_t apic_id;
    uint32_t nr_cpus;           /* -smp: logical processors per package */
    /*
     * KVM-PVM: ring 0 is emulated and cannot run XSAVE/XRSTOR (nor AVX
     * state) or CMPXCHG16B: hide them so a guest kernel does not try.
     */
    bool pvm_host;
} X86CPUIDConfig;

/* The entry for (function, index), or NULL. */
X86CPUIDEntry *x86_cpuid_find(X86CPUIDTable *t, uint32_t function,
                              uint32_t index);
/*
 * Filter t in place for one vCPU. Adds the KVM signature leaf if KVM did
 * not report it; false if there is no room (t->max reached).
 */
bool x86_cpuid_filter(X86CPUIDTable *t, const X86CPUIDConfig *cfg);

#endif
