/*
 * The x86-64 CPU: a CPUState subclass holding the architectural state an
 * accelerator loads into the vCPU at reset (general registers, segments,
 * control registers) and reads back for register dumps. Models are types
 * "MODEL-x86_64-cpu"; "host" passes through what KVM supports.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef VIREO_TARGET_I386_CPU_H
#define VIREO_TARGET_I386_CPU_H

#include "hw/core/cpu.h"

#include <stdint.h>

#define TYPE_X86_CPU "x86_64-cpu"
#define X86_CPU_TYPE_SUFFIX "-" TYPE_X86_CPU
#define X86_CPU_TYPE_NAME(model) (model X86_CPU_TYPE_SUFFIX)
#define TYPE_X86_HOST_CPU X86_CPU_TYPE_NAME("host")
OBJECT_DECLARE_TYPE(X86CPU, X86CPUClass, X86_CPU)

enum {
    R_EAX, R_ECX, R_EDX, R_EBX, R_ESP, R_EBP, R_ESI, R_EDI,
    R_R8, R_R9, R_R10, R_R11, R_R12, R_R13, R_R14, R_R15,
    X86_NR_GPRS,
};

enum { R_ES, R_CS, R_SS, R_DS, R_FS, R_GS, X86_NR_SEGS };

/* A segment register with its hidden part, as VMX/SVM keep it. */
typedef struct X86Segment {
    uint64_t base;
    uint32_t limit;             /* in bytes (granularity already applied) */
    uint16_t selector;
    uint8_t type;               /* descriptor type, 4 bits */
    uint8_t present, dpl, db, s, l, g;
} X86Segment;

typedef struct X86DescTable {
    uint64_t base;
    uint16_t limit;
} X86DescTable;

/* x87 and SSE state, laid out as KVM_GET_FPU (FXSAVE's fields) has it. */
typedef struct X86FPUState {
    uint16_t fcw, fsw;
    uint8_t ftw;                /* abridged: a bit per register, 1 = valid */
    uint16_t fop;
    uint64_t fip, fdp;
    uint32_t mxcsr;
    uint8_t st[8][16];          /* ST(0)..ST(7): 64-bit significand, then
                                   sign and 15-bit exponent */
    uint8_t xmm[16][16];
} X86FPUState;

typedef struct CPUX86State {
    uint64_t regs[X86_NR_GPRS];
    uint64_t rip;
    uint64_t rflags;
    X86Segment segs[X86_NR_SEGS];
    X86Segment ldt, tr;
    X86DescTable gdt, idt;
    uint64_t cr0, cr2, cr3, cr4, cr8;
    uint64_t efer;
    uint64_t apic_base;
    X86FPUState fpu;
} CPUX86State;

/* How the CPU starts after a reset. */
typedef enum X86BootEntry {
    X86_BOOT_RESET_VECTOR,      /* real mode at 0xFFFFFFF0, as hardware */
    X86_BOOT_PVH,               /* 32-bit flat protected mode, PVH ABI */
    X86_BOOT_LINUX64,           /* long mode, Linux 64-bit boot protocol */
} X86BootEntry;

/* Selectors of the 64-bit Linux entry (boot.rst: __BOOT_CS, __BOOT_DS). */
#define X86_LINUX_BOOT_CS 0x10
#define X86_LINUX_BOOT_DS 0x18

struct X86CPUClass {
    CPUClass parent_class;
    const char *model;          /* "host" */
    DeviceReset parent_reset;
    DeviceRealize parent_realize;
};

struct X86CPU {
    CPUState parent_obj;
    CPUX86State env;
    X86BootEntry boot_entry;
    uint32_t boot_eip;          /* PVH: the entry point */
    uint32_t boot_ebx;          /* PVH: physical address of hvm_start_info */
    uint64_t boot_rip, boot_rsi, boot_cr3;  /* LINUX64 */
    X86DescTable boot_gdt;                  /* LINUX64 */
    uint32_t apic_id;
};

/* The type for -cpu MODEL ("host" → "host-x86_64-cpu"); g_free it. */
char *x86_cpu_type_name(const char *model);

/*
 * Boot application processors and the BSP alike through the PVH entry
 * (BSP only: the others wait for INIT/SIPI) from the next reset on.
 */
void x86_cpu_set_pvh_entry(X86CPU *cpu, uint32_t entry, uint32_t start_info);

/*
 * Start the BSP in 64-bit mode at rip with rsi (the zero page), paging
 * from cr3 (identity-mapped) and a GDT holding X86_LINUX_BOOT_CS/DS.
 */
void x86_cpu_set_linux64_entry(X86CPU *cpu, uint64_t rip, uint64_t rsi,
                               uint64_t cr3, uint64_t gdt_base,
                               uint16_t gdt_limit);

/* Put the architectural state of a reset (and the boot entry) in env. */
void x86_cpu_reset_state(X86CPU *cpu);

/* The monitor's x /i and info tlb (target/i386/monitor.c). */
int x86_cpu_disas_insn(CPUState *cs, uint64_t pc, const uint8_t *code,
                       size_t len, char *buf, size_t size);
void x86_cpu_dump_mmu(CPUState *cs, FILE *f);

struct kvm_fpu;
/*
 * Read or write a KVM vCPU's x87 and SSE state, MXCSR included (which
 * KVM_GET_FPU and KVM_SET_FPU alone leave out).
 */
bool x86_kvm_get_fpu(CPUState *cs, struct kvm_fpu *fpu, GError **errp);
bool x86_kvm_set_fpu(CPUState *cs, const struct kvm_fpu *fpu, GError **errp);

/* Register dump of env, for cpu_dump_state. */
void x86_cpu_dump_env(const CPUX86State *env, int cpu_index, FILE *f,
                      int flags);

#endif
