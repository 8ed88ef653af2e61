/*
 * The x86-64 CPU type: reset state for each boot entry (the hardware reset
 * vector, or the PVH 32-bit entry) and the register dump. The registers
 * live in X86CPU.env; the accelerator loads them at reset and reads them
 * back when the host needs them (target/i386/kvm.c for KVM).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "target/i386/cpu.h"
#include "vireo-config.h"
#ifdef CONFIG_KVM
#include "accel/kvm.h"
#include <linux/kvm.h>
#endif

#include <inttypes.h>
#include <string.h>

/* Intel SDM vol. 3, 9.1.1: state after power-up or RESET. */
#define X86_CR0_ET (1u << 4)
#define X86_CR0_PE (1u << 0)
#define X86_CR0_CD (1u << 30)
#define X86_CR0_NW (1u << 29)
#define X86_CR0_PG (1u << 31)
#define X86_CR4_PAE (1u << 5)
#define X86_EFER_LME (1u << 8)
#define X86_EFER_LMA (1u << 10)
#define X86_RFLAGS_FIXED 0x2
#define X86_APIC_DEFAULT_BASE 0xfee00000ULL
#define X86_APIC_BASE_BSP (1ULL << 8)
#define X86_APIC_BASE_ENABLE (1ULL << 11)
/* Segment descriptor types (S=1): data read/write, code execute/read. */
#define X86_SEG_DATA_RW_ACCESSED 0x3
#define X86_SEG_CODE_XR_ACCESSED 0xb
/* System types (S=0). */
#define X86_SEG_LDT 0x2
#define X86_SEG_TSS32_BUSY 0xb

char *x86_cpu_type_name(const char *model)
{
    return g_strconcat(model, X86_CPU_TYPE_SUFFIX, NULL);
}

void x86_cpu_set_pvh_entry(X86CPU *cpu, uint32_t entry, uint32_t start_info)
{
    cpu->boot_entry = X86_BOOT_PVH;
    cpu->boot_eip = entry;
    cpu->boot_ebx = start_info;
}

void x86_cpu_set_linux64_entry(X86CPU *cpu, uint64_t rip, uint64_t rsi,
                               uint64_t cr3, uint64_t gdt_base,
                               uint16_t gdt_limit)
{
    cpu->boot_entry = X86_BOOT_LINUX64;
    cpu->boot_rip = rip;
    cpu->boot_rsi = rsi;
    cpu->boot_cr3 = cr3;
    cpu->boot_gdt.base = gdt_base;
    cpu->boot_gdt.limit = gdt_limit;
}

static X86Segment flat_segment(uint8_t type, uint16_t selector, bool is32)
{
    X86Segment seg = {
        .base = 0,
        .limit = is32 ? 0xffffffff : 0xffff,
        .selector = selector,
        .type = type,
        .present = 1,
        .s = 1,
        .db = is32,
        .g = is32,
    };
    return seg;
}

static void reset_vector_state(CPUX86State *env)
{
    for (int i = 0; i < X86_NR_SEGS; i++) {
        env->segs[i] = flat_segment(X86_SEG_DATA_RW_ACCESSED, 0, false);
    }
    /* CS.base 0xFFFF0000 + IP 0xFFF0: the first fetch is at 0xFFFFFFF0. */
    env->segs[R_CS] = flat_segment(X86_SEG_CODE_XR_ACCESSED, 0xf000, false);
    env->segs[R_CS].base = 0xffff0000;
    env->rip = 0xfff0;
    env->cr0 = X86_CR0_ET | X86_CR0_CD | X86_CR0_NW;
    /* EDX holds the processor signature after reset (family 6). */
    env->regs[R_EDX] = 0x600;
}

/*
 * PVH boot ABI (xen/include/public/arch-x86/hvm/start_info.h): 32-bit
 * protected mode, paging off, flat 4 GiB CS (read/execute) and DS/ES/SS
 * (read/write), TR a 32-bit TSS, EBX the hvm_start_info address,
 * interrupts off; everything else undefined.
 */
static void pvh_entry_state(X86CPU *cpu, CPUX86State *env)
{
    for (int i = 0; i < X86_NR_SEGS; i++) {
        env->segs[i] = flat_segment(X86_SEG_DATA_RW_ACCESSED, 0x10, true);
    }
    env->segs[R_CS] = flat_segment(X86_SEG_CODE_XR_ACCESSED, 0x08, true);
    env->tr.limit = 0x67;
    env->cr0 = X86_CR0_PE | X86_CR0_ET;
    env->rip = cpu->boot_eip;
    env->regs[R_EBX] = cpu->boot_ebx;
}

/*
 * Linux 64-bit boot protocol (boot.rst, "64-bit Boot Protocol"): long
 * mode, paging on with the loaded kernel, zero page and command line
 * identity-mapped, a GDT with __BOOT_CS (64-bit code) and __BOOT_DS
 * (flat data) loaded, interrupts off, %rsi the zero page.
 */
static void linux64_entry_state(X86CPU *cpu, CPUX86State *env)
{
    for (int i = 0; i < X86_NR_SEGS; i++) {
        env->segs[i] = flat_segment(X86_SEG_DATA_RW_ACCESSED,
                                    X86_LINUX_BOOT_DS, true);
    }
    env->segs[R_CS] = flat_segment(X86_SEG_CODE_XR_ACCESSED,
                                   X86_LINUX_BOOT_CS, true);
    env->segs[R_CS].l = 1;
    env->segs[R_CS].db = 0;
    env->tr.limit = 0x67;
    env->gdt = cpu->boot_gdt;
    env->cr0 = X86_CR0_PE | X86_CR0_ET | X86_CR0_PG;
    env->cr3 = cpu->boot_cr3;
    env->cr4 = X86_CR4_PAE;
    env->efer = X86_EFER_LME | X86_EFER_LMA;
    env->rip = cpu->boot_rip;
    env->regs[R_ESI] = cpu->boot_rsi;
}

void x86_cpu_reset_state(X86CPU *cpu)
{
    CPUX86State *env = &cpu->env;
    bool bsp = CPU(cpu)->cpu_index <= 0;

    memset(env, 0, sizeof(*env));
    env->rflags = X86_RFLAGS_FIXED;
    env->gdt.limit = 0xffff;
    env->idt.limit = 0xffff;
    env->ldt = (X86Segment) { .limit = 0xffff, .type = X86_SEG_LDT,
                              .present = 1 };
    env->tr = (X86Segment) { .limit = 0xffff, .type = X86_SEG_TSS32_BUSY,
                             .present = 1 };
    env->apic_base = X86_APIC_DEFAULT_BASE | X86_APIC_BASE_ENABLE |
                     (bsp ? X86_APIC_BASE_BSP : 0);
    /* x87 and SSE after RESET (SDM vol. 3, table 9-1). */
    env->fpu.fcw = 0x37f;
    env->fpu.mxcsr = 0x1f80;
    if (cpu->boot_entry == X86_BOOT_PVH && bsp) {
        pvh_entry_state(cpu, env);
    } else if (cpu->boot_entry == X86_BOOT_LINUX64 && bsp) {
        linux64_entry_state(cpu, env);
    } else {
        reset_vector_state(env);
    }
}

static void x86_cpu_reset(DeviceState *dev)
{
    X86CPU *cpu = X86_CPU(dev);

    X86_CPU_GET_CLASS(cpu)->parent_reset(dev);
    x86_cpu_reset_state(cpu);
#ifdef CONFIG_KVM
    if (kvm_enabled()) {
        kvm_cpu_mark_dirty(CPU(cpu));
    }
#endif
}

#ifdef CONFIG_KVM
/*
 * The monitor's page walk: KVM's own (KVM_TRANSLATE), on the state the
 * kernel holds. Only valid while the vCPU is out of KVM_RUN, which the
 * caller (memsave) ensures by pausing the vCPUs.
 */
static bool x86_cpu_get_phys_addr_debug(CPUState *cs, uint64_t va,
                                        uint64_t *pa)
{
    struct kvm_translation tr = { .linear_address = va };

    /* A reset's state not yet in KVM would be translated with the old. */
    if (!kvm_enabled() || !cs->accel || !kvm_cpu_flush_dirty(cs, NULL) ||
        kvm_vcpu_ioctl(cs, KVM_TRANSLATE, &tr) < 0 || !tr.valid) {
        return false;
    }
    *pa = tr.physical_address;
    return true;
}
#endif

static void dump_segment(FILE *f, const char *name, const X86Segment *s)
{
    fprintf(f, "%-3s=%04x %016" PRIx64 " %08x type=%x p=%u dpl=%u db=%u "
            "s=%u l=%u g=%u\n", name, s->selector, s->base, s->limit,
            s->type, s->present, s->dpl, s->db, s->s, s->l, s->g);
}

/*
 * x87 registers as sign+exponent and significand (an 80-bit value is not
 * a host double), in FXSAVE's order: ST0 is the top of the stack.
 */
static void dump_fpu(FILE *f, const X86FPUState *fpu)
{
    fprintf(f, "FCW=%04x FSW=%04x [TOP=%u] FTW=%02x FOP=%04x "
            "FIP=%016" PRIx64 " FDP=%016" PRIx64 "\n", fpu->fcw, fpu->fsw,
            (fpu->fsw >> 11) & 7, fpu->ftw, fpu->fop, fpu->fip, fpu->fdp);
    for (int i = 0; i < 8; i++) {
        uint64_t sig;
        uint16_t se;

        memcpy(&sig, fpu->st[i], 8);
        memcpy(&se, fpu->st[i] + 8, 2);
        fprintf(f, "ST%d=%04x %016" PRIx64 "%s", i, se, sig,
                (i % 4) == 3 ? "\n" : " ");
    }
    fprintf(f, "MXCSR=%08x\n", fpu->mxcsr);
    for (int i = 0; i < 16; i++) {
        uint64_t lo, hi;

        memcpy(&lo, fpu->xmm[i], 8);
        memcpy(&hi, fpu->xmm[i] + 8, 8);
        fprintf(f, "XMM%02d=%016" PRIx64 "%016" PRIx64 "%s", i, hi, lo,
                (i % 2) == 1 ? "\n" : " ");
    }
}

void x86_cpu_dump_env(const CPUX86State *env, int cpu_index, FILE *f,
                      int flags)
{
    static const char *const gpr_names[X86_NR_GPRS] = {
        "RAX", "RCX", "RDX", "RBX", "RSP", "RBP", "RSI", "RDI",
        "R8", "R9", "R10", "R11", "R12", "R13", "R14", "R15",
    };
    static const char *const seg_names[X86_NR_SEGS] = {
        "ES", "CS", "SS", "DS", "FS", "GS",
    };

    fprintf(f, "CPU#%d registers:\n", cpu_index);
    for (int i = 0; i < X86_NR_GPRS; i++) {
        fprintf(f, "%-3s=%016" PRIx64 "%s", gpr_names[i], env->regs[i],
                (i % 4) == 3 ? "\n" : " ");
    }
    fprintf(f, "RIP=%016" PRIx64 " RFL=%08" PRIx64 "\n", env->rip,
            env->rflags);
    for (int i = 0; i < X86_NR_SEGS; i++) {
        dump_segment(f, seg_names[i], &env->segs[i]);
    }
    dump_segment(f, "LDT", &env->ldt);
    dump_segment(f, "TR", &env->tr);
    fprintf(f, "GDT=     %016" PRIx64 " %08x\n", env->gdt.base,
            env->gdt.limit);
    fprintf(f, "IDT=     %016" PRIx64 " %08x\n", env->idt.base,
            env->idt.limit);
    fprintf(f, "CR0=%08" PRIx64 " CR2=%016" PRIx64 " CR3=%016" PRIx64
            " CR4=%08" PRIx64 "\n", env->cr0, env->cr2, env->cr3, env->cr4);
    fprintf(f, "CR8=%" PRIx64 " EFER=%016" PRIx64 " APICBASE=%016" PRIx64
            "\n", env->cr8, env->efer, env->apic_base);
    if (flags & CPU_DUMP_FPU) {
        dump_fpu(f, &env->fpu);
    }
}

static void x86_cpu_dump_state(CPUState *cs, FILE *f, int flags)
{
    x86_cpu_dump_env(&X86_CPU(cs)->env, cs->cpu_index, f, flags);
}

static void x86_cpu_set_pc(CPUState *cs, uint64_t pc)
{
    X86_CPU(cs)->env.rip = pc;
}

static uint64_t x86_cpu_get_pc(CPUState *cs)
{
    return X86_CPU(cs)->env.rip;
}

static bool x86_cpu_realize(DeviceState *dev, GError **errp)
{
    X86CPU *cpu = X86_CPU(dev);
    CPUState *cs = CPU(dev);

    if (!X86_CPU_GET_CLASS(cpu)->parent_realize(dev, errp)) {
        return false;
    }
    /* xAPIC ids follow creation order: -smp N gives 0..N-1. */
    cpu->apic_id = cs->cpu_index;
    x86_cpu_reset_state(cpu);
    return true;
}

static void x86_cpu_class_init(ObjectClass *oc, const void *data)
{
    X86CPUClass *xcc = X86_CPU_CLASS(oc);
    CPUClass *cc = CPU_CLASS(oc);
    DeviceClass *dc = DEVICE_CLASS(oc);

    xcc->parent_reset = dc->reset;
    dc->reset = x86_cpu_reset;
    device_class_set_parent_realize(dc, x86_cpu_realize,
                                    &xcc->parent_realize);
    cc->dump_state = x86_cpu_dump_state;
    cc->set_pc = x86_cpu_set_pc;
    cc->get_pc = x86_cpu_get_pc;
    cc->disas_insn = x86_cpu_disas_insn;
    cc->dump_mmu = x86_cpu_dump_mmu;
#ifdef CONFIG_KVM
    cc->get_phys_addr_debug = x86_cpu_get_phys_addr_debug;
#endif
}

static void x86_host_cpu_class_init(ObjectClass *oc, const void *data)
{
    X86CPUClass *xcc = X86_CPU_CLASS(oc);
    DeviceClass *dc = DEVICE_CLASS(oc);

    xcc->model = "host";
    dc->desc = "the host's CPU, with what KVM can deliver of it";
}

static const TypeInfo x86_cpu_types[] = {
    {
        .name = TYPE_X86_CPU,
        .parent = TYPE_CPU,
        .abstract = true,
        .instance_size = sizeof(X86CPU),
        .class_size = sizeof(X86CPUClass),
        .class_init = x86_cpu_class_init,
    },
    {
        .name = TYPE_X86_HOST_CPU,
        .parent = TYPE_X86_CPU,
        .class_init = x86_host_cpu_class_init,
    },
};

DEFINE_TYPES(x86_cpu_types)
