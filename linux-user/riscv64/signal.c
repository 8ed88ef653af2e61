/*
 * riscv64's signal frame, as Linux builds it: struct rt_sigframe
 * { siginfo; ucontext } on the guest stack (or the alternate one), the
 * handler entered with a0 = signo, a1 = &info, a2 = &uc, sp = frame and
 * ra = the rt_sigreturn trampoline; rt_sigreturn restores it all.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Layout (arch/riscv/include/uapi/asm/{ucontext,sigcontext,ptrace}.h):
 *   0    siginfo (128)
 *   128  ucontext: uc_flags, uc_link, uc_stack (24), uc_sigmask (8),
 *        reserved to 128 bytes of sigset, then 8 bytes of alignment
 *   304  uc_mcontext: sc_regs = pc, x1..x31 (256)
 *   560  sc_fpregs: f0..f31 (256), fcsr (4), zero to 528 bytes; its last
 *        12 bytes are Linux 6.x's extension header (reserved word and the
 *        END header: all zero without the vector extension)
 *   1088 end (16-aligned)
 */
#include "../user-signal.h"
#include "target/riscv/cpu.h"

#include <stddef.h>
#include <string.h>

typedef struct GuestFpState {
    uint64_t f[32];
    uint32_t fcsr;
    uint32_t reserved[67];      /* Q's upper half, reserved words, header */
} GuestFpState;

typedef struct GuestUcontext {
    uint64_t uc_flags;
    uint64_t uc_link;
    UserStack uc_stack;
    uint64_t uc_sigmask;
    uint8_t sigset_space[1024 / 8 - 8];
    uint64_t align;             /* sigcontext is 16-aligned */
    uint64_t regs[32];          /* pc, then x1 (ra) .. x31 (t6) */
    GuestFpState fp;
} GuestUcontext;

typedef struct GuestSigframe {
    uint8_t info[128];
    GuestUcontext uc;
} GuestSigframe;

G_STATIC_ASSERT(sizeof(siginfo_t) == 128);
G_STATIC_ASSERT(sizeof(UserStack) == 24);
G_STATIC_ASSERT(sizeof(GuestFpState) == 528);
G_STATIC_ASSERT(offsetof(GuestUcontext, uc_sigmask) == 40);
G_STATIC_ASSERT(offsetof(GuestUcontext, regs) == 176);
G_STATIC_ASSERT(sizeof(GuestUcontext) == 960);
G_STATIC_ASSERT(sizeof(GuestSigframe) % 16 == 0);

uint64_t user_target_get_sp(CPUState *cpu)
{
    return RISCV_CPU(cpu)->env.gpr[2];
}

bool user_target_setup_frame(UserThread *t, int sig,
                             const UserSigAction *act,
                             const siginfo_t *info, uint64_t mask)
{
    CPURISCVState *env = &RISCV_CPU(t->cpu)->env;
    g_autofree GuestSigframe *f = g_new0(GuestSigframe, 1);
    uint64_t sp = env->gpr[2];
    uint64_t addr = user_signal_frame_addr(t, act->flags, sp, sizeof(*f));

    if (!addr || !user_signal_trampoline()) {
        return false;
    }
    memcpy(f->info, info, sizeof(f->info));
    user_signal_save_altstack(t, sp, &f->uc.uc_stack, true);
    f->uc.uc_sigmask = mask;
    f->uc.regs[0] = env->pc;
    for (int i = 1; i < 32; i++) {
        f->uc.regs[i] = env->gpr[i];
    }
    memcpy(f->uc.fp.f, env->fpr, sizeof(f->uc.fp.f));
    f->uc.fp.fcsr = (env->frm << 5) | env->fflags;
    if (user_copy_to(addr, f, sizeof(*f)) < 0) {
        return false;
    }
    env->gpr[10] = (uint64_t)sig;
    env->gpr[11] = addr + offsetof(GuestSigframe, info);
    env->gpr[12] = addr + offsetof(GuestSigframe, uc);
    env->gpr[2] = addr;
    env->gpr[1] = user_signal_trampoline();
    env->pc = act->handler;
    return true;
}

bool user_target_sigreturn(UserThread *t)
{
    CPURISCVState *env = &RISCV_CPU(t->cpu)->env;
    g_autofree GuestSigframe *f = g_new(GuestSigframe, 1);

    if (user_copy_from(f, env->gpr[2], sizeof(*f)) < 0) {
        return false;
    }
    /* what Linux rejects: a non-zero reserved word or unknown extension */
    for (size_t i = 0; i < G_N_ELEMENTS(f->uc.fp.reserved); i++) {
        if (i >= 64 && f->uc.fp.reserved[i]) {
            return false;
        }
    }
    env->pc = f->uc.regs[0];
    for (int i = 1; i < 32; i++) {
        env->gpr[i] = f->uc.regs[i];
    }
    memcpy(env->fpr, f->uc.fp.f, sizeof(env->fpr));
    env->fflags = f->uc.fp.fcsr & 0x1f;
    env->frm = (f->uc.fp.fcsr >> 5) & 7;
    riscv_update_tb_flags(env);         /* frm is part of the TB key */
    user_signal_set_mask(t, f->uc.uc_sigmask);
    /* as Linux: a bad uc_stack is ignored */
    user_signal_altstack(t, &f->uc.uc_stack, NULL, env->gpr[2]);
    return true;
}
