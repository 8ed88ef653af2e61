/*
 * x86-64 glue for accel/kvm: CPUID for each vCPU and the copy of the
 * register state between X86CPU.env and KVM (KVM_{GET,SET}_{REGS,SREGS},
 * the FPU at reset, and the multiprocessor state of the APs).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "accel/kvm.h"
#include "hw/core/machine.h"
#include "target/i386/cpu.h"
#include "target/i386/cpuid.h"
#include "util/error.h"

#include <errno.h>
#include <linux/kvm.h>
#include <string.h>
#include <sys/ioctl.h>

/* Enough for any host so far; KVM says E2BIG if not and we grow. */
#define KVM_CPUID_START_ENTRIES 128
#define KVM_CPUID_MAX_ENTRIES 4096

static struct kvm_cpuid2 *get_supported_cpuid(GError **errp)
{
    for (unsigned n = KVM_CPUID_START_ENTRIES; n <= KVM_CPUID_MAX_ENTRIES;
         n *= 2) {
        struct kvm_cpuid2 *c = g_malloc0(sizeof(*c) +
                                         n * sizeof(c->entries[0]));
        c->nent = n;
        if (ioctl(kvm_get_fd(), KVM_GET_SUPPORTED_CPUID, c) == 0) {
            return c;
        }
        g_free(c);
        if (errno != E2BIG) {
            vireo_error_setg_errno(errp, errno, "KVM_GET_SUPPORTED_CPUID");
            return NULL;
        }
    }
    vireo_error_setg(errp, "KVM_GET_SUPPORTED_CPUID: too many entries");
    return NULL;
}

bool kvm_arch_init_vcpu(CPUState *cs, GError **errp)
{
    X86CPU *cpu = X86_CPU(cs);
    MachineState *ms = machine_current();
    g_autofree struct kvm_cpuid2 *sup = get_supported_cpuid(errp);
    g_autofree struct kvm_cpuid2 *out = NULL;
    X86CPUIDTable t;
    X86CPUIDConfig cfg = {
        .apic_id = cpu->apic_id,
        .nr_cpus = ms ? ms->smp.cpus : 1,
        .pvm_host = kvm_host_is_pvm("/sys"),
    };
    int ret;

    if (!sup) {
        return false;
    }
    t.n = sup->nent;
    t.max = sup->nent + 1;
    t.entries = g_new0(X86CPUIDEntry, t.max);
    for (unsigned i = 0; i < sup->nent; i++) {
        const struct kvm_cpuid_entry2 *k = &sup->entries[i];
        t.entries[i] = (X86CPUIDEntry) {
            .function = k->function, .index = k->index,
            .indexed = k->flags & KVM_CPUID_FLAG_SIGNIFCANT_INDEX,
            .eax = k->eax, .ebx = k->ebx, .ecx = k->ecx, .edx = k->edx,
        };
    }
    x86_cpuid_filter(&t, &cfg);
    out = g_malloc0(sizeof(*out) + t.n * sizeof(out->entries[0]));
    out->nent = t.n;
    for (unsigned i = 0; i < t.n; i++) {
        const X86CPUIDEntry *e = &t.entries[i];
        out->entries[i] = (struct kvm_cpuid_entry2) {
            .function = e->function, .index = e->index,
            .flags = e->indexed ? KVM_CPUID_FLAG_SIGNIFCANT_INDEX : 0,
            .eax = e->eax, .ebx = e->ebx, .ecx = e->ecx, .edx = e->edx,
        };
    }
    g_free(t.entries);
    ret = kvm_vcpu_ioctl(cs, KVM_SET_CPUID2, out);
    if (ret < 0) {
        vireo_error_setg_errno(errp, -ret, "CPU %d: KVM_SET_CPUID2",
                               cs->cpu_index);
        return false;
    }
    return true;
}

static void seg_to_kvm(struct kvm_segment *k, const X86Segment *s)
{
    *k = (struct kvm_segment) {
        .base = s->base, .limit = s->limit, .selector = s->selector,
        .type = s->type, .present = s->present, .dpl = s->dpl, .db = s->db,
        .s = s->s, .l = s->l, .g = s->g, .unusable = !s->present,
    };
}

static void seg_from_kvm(X86Segment *s, const struct kvm_segment *k)
{
    *s = (X86Segment) {
        .base = k->base, .limit = k->limit, .selector = k->selector,
        .type = k->type, .present = k->present, .dpl = k->dpl, .db = k->db,
        .s = k->s, .l = k->l, .g = k->g,
    };
}

static void fpu_to_kvm(struct kvm_fpu *k, const X86FPUState *f)
{
    k->fcw = f->fcw;
    k->fsw = f->fsw;
    k->ftwx = f->ftw;
    k->last_opcode = f->fop;
    k->last_ip = f->fip;
    k->last_dp = f->fdp;
    k->mxcsr = f->mxcsr;
    memcpy(k->fpr, f->st, sizeof(k->fpr));
    memcpy(k->xmm, f->xmm, sizeof(k->xmm));
}

static void fpu_from_kvm(X86FPUState *f, const struct kvm_fpu *k)
{
    f->fcw = k->fcw;
    f->fsw = k->fsw;
    f->ftw = k->ftwx;
    f->fop = k->last_opcode;
    f->fip = k->last_ip;
    f->fdp = k->last_dp;
    f->mxcsr = k->mxcsr;
    memcpy(f->st, k->fpr, sizeof(f->st));
    memcpy(f->xmm, k->xmm, sizeof(f->xmm));
}

/*
 * The legacy region of an XSAVE image is FXSAVE's layout (SDM vol. 1,
 * 10.5.1 and 13.4.1); XSTATE_BV, in the header after it, says which
 * components the image holds.
 */
enum {
    XSAVE_FCW = 0, XSAVE_FSW = 2, XSAVE_FTW = 4, XSAVE_FOP = 6,
    XSAVE_FIP = 8, XSAVE_FDP = 16, XSAVE_MXCSR = 24, XSAVE_ST = 32,
    XSAVE_XMM = 160, XSAVE_XSTATE_BV = 512,
    XSTATE_X87_SSE = 3,
};

/* The vCPU's XSAVE image (g_free it), its size in *size; NULL on error. */
static uint8_t *xsave_image(CPUState *cs, int *size, GError **errp)
{
    uint8_t *xs;
    int ret;

    *size = MAX(kvm_check_extension(KVM_CAP_XSAVE2),
                (int)sizeof(struct kvm_xsave));
    xs = g_malloc0(*size);
    ret = kvm_vcpu_ioctl(cs, *size > (int)sizeof(struct kvm_xsave) ?
                         KVM_GET_XSAVE2 : KVM_GET_XSAVE, xs);
    if (ret < 0) {
        vireo_error_setg_errno(errp, -ret, "KVM_GET_XSAVE");
        g_free(xs);
        return NULL;
    }
    return xs;
}

/*
 * KVM_GET_FPU and KVM_SET_FPU leave MXCSR out (the kernel copies every
 * other field of struct kvm_fpu), so where the host has XSAVE, MXCSR
 * comes from and goes to the XSAVE image.
 */
bool x86_kvm_get_fpu(CPUState *cs, struct kvm_fpu *fpu, GError **errp)
{
    g_autofree uint8_t *xs = NULL;
    int size;
    int ret = kvm_vcpu_ioctl(cs, KVM_GET_FPU, fpu);

    if (ret < 0) {
        vireo_error_setg_errno(errp, -ret, "KVM_GET_FPU");
        return false;
    }
    if (kvm_check_extension(KVM_CAP_XSAVE)) {
        xs = xsave_image(cs, &size, errp);
        if (!xs) {
            return false;
        }
        memcpy(&fpu->mxcsr, xs + XSAVE_MXCSR, 4);
    }
    return true;
}

bool x86_kvm_set_fpu(CPUState *cs, const struct kvm_fpu *fpu, GError **errp)
{
    g_autofree uint8_t *xs = NULL;
    uint64_t bv;
    int size, ret;

    if (!kvm_check_extension(KVM_CAP_XSAVE)) {
        ret = kvm_vcpu_ioctl(cs, KVM_SET_FPU, (void *)fpu);
        if (ret < 0) {
            vireo_error_setg_errno(errp, -ret, "KVM_SET_FPU");
            return false;
        }
        return true;
    }
    xs = xsave_image(cs, &size, errp);
    if (!xs) {
        return false;
    }
    memcpy(xs + XSAVE_FCW, &fpu->fcw, 2);
    memcpy(xs + XSAVE_FSW, &fpu->fsw, 2);
    xs[XSAVE_FTW] = fpu->ftwx;
    memcpy(xs + XSAVE_FOP, &fpu->last_opcode, 2);
    memcpy(xs + XSAVE_FIP, &fpu->last_ip, 8);
    memcpy(xs + XSAVE_FDP, &fpu->last_dp, 8);
    memcpy(xs + XSAVE_MXCSR, &fpu->mxcsr, 4);
    memcpy(xs + XSAVE_ST, fpu->fpr, sizeof(fpu->fpr));
    memcpy(xs + XSAVE_XMM, fpu->xmm, sizeof(fpu->xmm));
    memcpy(&bv, xs + XSAVE_XSTATE_BV, 8);
    bv |= XSTATE_X87_SSE;
    memcpy(xs + XSAVE_XSTATE_BV, &bv, 8);
    ret = kvm_vcpu_ioctl(cs, KVM_SET_XSAVE, xs);
    if (ret < 0) {
        vireo_error_setg_errno(errp, -ret, "KVM_SET_XSAVE");
        return false;
    }
    return true;
}

/*
 * Local APIC LINT0 as ExtINT and LINT1 as NMI on the BSP, as firmware of
 * an MP system sets them (Intel MP spec, virtual wire mode), so the PIC's
 * interrupts reach the BSP from the first instruction on.
 */
static void kvm_lapic_virtual_wire(CPUState *cs)
{
    struct kvm_lapic_state lapic;
    uint32_t lvt0 = 0x700, lvt1 = 0x400;

    /* ENXIO without an in-kernel LAPIC: nothing to set. */
    if (cs->cpu_index != 0 || kvm_vcpu_ioctl(cs, KVM_GET_LAPIC, &lapic) < 0) {
        return;
    }
    memcpy(&lapic.regs[0x350], &lvt0, 4);
    memcpy(&lapic.regs[0x360], &lvt1, 4);
    kvm_vcpu_ioctl(cs, KVM_SET_LAPIC, &lapic);
}

bool kvm_arch_put_registers(CPUState *cs, GError **errp)
{
    CPUX86State *env = &X86_CPU(cs)->env;
    struct kvm_regs regs = { 0 };
    struct kvm_sregs sregs = { 0 };
    struct kvm_fpu fpu = { 0 };
    struct kvm_mp_state mp = {
        .mp_state = cs->cpu_index == 0 ? KVM_MP_STATE_RUNNABLE
                                       : KVM_MP_STATE_UNINITIALIZED,
    };
    __u64 *r = &regs.rax;
    int ret;

    /* struct kvm_regs lists rax rbx rcx rdx rsi rdi rsp rbp r8..r15. */
    static const int order[] = { R_EAX, R_EBX, R_ECX, R_EDX, R_ESI, R_EDI,
                                 R_ESP, R_EBP, R_R8, R_R9, R_R10, R_R11,
                                 R_R12, R_R13, R_R14, R_R15 };
    for (size_t i = 0; i < G_N_ELEMENTS(order); i++) {
        r[i] = env->regs[order[i]];
    }
    regs.rip = env->rip;
    regs.rflags = env->rflags;
    ret = kvm_vcpu_ioctl(cs, KVM_SET_REGS, &regs);
    if (ret < 0) {
        vireo_error_setg_errno(errp, -ret, "KVM_SET_REGS");
        return false;
    }
    seg_to_kvm(&sregs.es, &env->segs[R_ES]);
    seg_to_kvm(&sregs.cs, &env->segs[R_CS]);
    seg_to_kvm(&sregs.ss, &env->segs[R_SS]);
    seg_to_kvm(&sregs.ds, &env->segs[R_DS]);
    seg_to_kvm(&sregs.fs, &env->segs[R_FS]);
    seg_to_kvm(&sregs.gs, &env->segs[R_GS]);
    seg_to_kvm(&sregs.ldt, &env->ldt);
    seg_to_kvm(&sregs.tr, &env->tr);
    sregs.gdt.base = env->gdt.base;
    sregs.gdt.limit = env->gdt.limit;
    sregs.idt.base = env->idt.base;
    sregs.idt.limit = env->idt.limit;
    sregs.cr0 = env->cr0;
    sregs.cr2 = env->cr2;
    sregs.cr3 = env->cr3;
    sregs.cr4 = env->cr4;
    sregs.cr8 = env->cr8;
    sregs.efer = env->efer;
    sregs.apic_base = env->apic_base;
    ret = kvm_vcpu_ioctl(cs, KVM_SET_SREGS, &sregs);
    if (ret < 0) {
        vireo_error_setg_errno(errp, -ret, "KVM_SET_SREGS");
        return false;
    }
    fpu_to_kvm(&fpu, &env->fpu);
    if (!x86_kvm_set_fpu(cs, &fpu, errp)) {
        return false;
    }
    kvm_lapic_virtual_wire(cs);
    /* With the in-kernel LAPIC, APs wait for INIT/SIPI from the BSP. */
    if (kvm_check_extension(KVM_CAP_MP_STATE)) {
        ret = kvm_vcpu_ioctl(cs, KVM_SET_MP_STATE, &mp);
        /* Without an in-kernel LAPIC an AP cannot wait: only the BSP must. */
        if (ret < 0 && cs->cpu_index == 0) {
            vireo_error_setg_errno(errp, -ret, "KVM_SET_MP_STATE");
            return false;
        }
    }
    return true;
}

bool kvm_arch_get_registers(CPUState *cs, GError **errp)
{
    CPUX86State *env = &X86_CPU(cs)->env;
    struct kvm_regs regs;
    struct kvm_sregs sregs;
    struct kvm_fpu fpu;
    __u64 *r = &regs.rax;
    int ret;
    static const int order[] = { R_EAX, R_EBX, R_ECX, R_EDX, R_ESI, R_EDI,
                                 R_ESP, R_EBP, R_R8, R_R9, R_R10, R_R11,
                                 R_R12, R_R13, R_R14, R_R15 };

    ret = kvm_vcpu_ioctl(cs, KVM_GET_REGS, &regs);
    if (ret < 0) {
        vireo_error_setg_errno(errp, -ret, "KVM_GET_REGS");
        return false;
    }
    ret = kvm_vcpu_ioctl(cs, KVM_GET_SREGS, &sregs);
    if (ret < 0) {
        vireo_error_setg_errno(errp, -ret, "KVM_GET_SREGS");
        return false;
    }
    if (!x86_kvm_get_fpu(cs, &fpu, errp)) {
        return false;
    }
    fpu_from_kvm(&env->fpu, &fpu);
    for (size_t i = 0; i < G_N_ELEMENTS(order); i++) {
        env->regs[order[i]] = r[i];
    }
    env->rip = regs.rip;
    env->rflags = regs.rflags;
    seg_from_kvm(&env->segs[R_ES], &sregs.es);
    seg_from_kvm(&env->segs[R_CS], &sregs.cs);
    seg_from_kvm(&env->segs[R_SS], &sregs.ss);
    seg_from_kvm(&env->segs[R_DS], &sregs.ds);
    seg_from_kvm(&env->segs[R_FS], &sregs.fs);
    seg_from_kvm(&env->segs[R_GS], &sregs.gs);
    seg_from_kvm(&env->ldt, &sregs.ldt);
    seg_from_kvm(&env->tr, &sregs.tr);
    env->gdt.base = sregs.gdt.base;
    env->gdt.limit = sregs.gdt.limit;
    env->idt.base = sregs.idt.base;
    env->idt.limit = sregs.idt.limit;
    env->cr0 = sregs.cr0;
    env->cr2 = sregs.cr2;
    env->cr3 = sregs.cr3;
    env->cr4 = sregs.cr4;
    env->cr8 = sregs.cr8;
    env->efer = sregs.efer;
    env->apic_base = sregs.apic_base;
    return true;
}
