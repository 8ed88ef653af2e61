/*
 * Guest signals inside linux-user: the guest's view of dispositions,
 * masks and the alternate stack shared by signal.c (queues, host
 * handlers, delivery), syscall-signal.c (the system calls) and the
 * target's signal frame (riscv64/signal.c).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Guest masks are 64-bit words, bit (sig - 1) for signal sig, as the
 * 8-byte sigset_t of the rt_* system calls holds them on riscv64.
 */
#ifndef VIREO_LINUX_USER_USER_SIGNAL_H
#define VIREO_LINUX_USER_USER_SIGNAL_H

#include "user-internal.h"

#include <signal.h>

#define USER_NSIG 64
#define USER_SIGBIT(sig) (1ull << ((sig) - 1))
/* Masks never hold SIGKILL and SIGSTOP. */
#define USER_SIG_UNBLOCKABLE (USER_SIGBIT(SIGKILL) | USER_SIGBIT(SIGSTOP))

/* The guest's sa_flags (asm-generic values; x86-64's are the same). */
#define USER_SA_NOCLDSTOP  0x00000001u
#define USER_SA_NOCLDWAIT  0x00000002u
#define USER_SA_SIGINFO    0x00000004u
#define USER_SA_ONSTACK    0x08000000u
#define USER_SA_RESTART    0x10000000u
#define USER_SA_NODEFER    0x40000000u
#define USER_SA_RESETHAND  0x80000000u

#define USER_SIG_DFL 0
#define USER_SIG_IGN 1

#define USER_SS_ONSTACK    1
#define USER_SS_DISABLE    2
#define USER_SS_AUTODISARM (1u << 31)
#define USER_MINSIGSTKSZ   2048     /* riscv64 */

/* The kernel's struct sigaction of riscv64: no sa_restorer. */
typedef struct UserSigAction {
    uint64_t handler;
    uint64_t flags;
    uint64_t mask;
} UserSigAction;

/* stack_t as the guest lays it out (LP64). */
typedef struct UserStack {
    uint64_t ss_sp;
    int32_t ss_flags;
    int32_t pad;
    uint64_t ss_size;
} UserStack;

/* --- signal.c, for the system calls and the frame code --------------- */

/* The calling thread's guest mask, and setting it (unblockables off). */
uint64_t user_signal_get_mask(UserThread *t);
void user_signal_set_mask(UserThread *t, uint64_t mask);
/*
 * Run with mask until the next delivery, then go back to the current
 * mask (rt_sigsuspend, and ppoll/pselect6/epoll_pwait with a mask): a
 * handler's frame records the current mask, so sigreturn restores it.
 */
void user_signal_set_temp_mask(UserThread *t, uint64_t mask);
/* Signals pending for t (its own and the process's). */
uint64_t user_signal_pending_set(UserThread *t);
/*
 * Sleep until a signal in wake (or one t does not block and does not
 * ignore) is pending. timeout NULL: no limit. False on timeout.
 */
bool user_signal_wait(UserThread *t, uint64_t wake,
                      const struct timespec *timeout);
/* Take one pending instance of a signal in set: its number, or 0. */
int user_signal_take(UserThread *t, uint64_t set, siginfo_t *info);

/* Dispositions (under the process's signal lock). */
int user_signal_get_action(int sig, UserSigAction *old);
int user_signal_set_action(int sig, const UserSigAction *act);

/*
 * Queue a signal for the process (tid 0) or for one of its threads,
 * kicking a thread that can take it. 0, -ESRCH (no such thread) or
 * -EAGAIN (queue full).
 */
int user_signal_send(pid_t tid, const siginfo_t *info);

/* The guest alternate stack: sigaltstack's rules, with the guest sp. */
int user_signal_altstack(UserThread *t, const UserStack *ss, UserStack *old,
                         uint64_t sp);
/*
 * The uc_stack a frame records for code running on sp; for_frame: a
 * handler starts, which disarms an SS_AUTODISARM stack.
 */
void user_signal_save_altstack(UserThread *t, uint64_t sp, UserStack *out,
                               bool for_frame);
/*
 * Where a frame of size bytes goes for a handler with flags, for code
 * running on sp (SA_ONSTACK: the alternate stack); 0 when it would
 * overflow the alternate stack.
 */
uint64_t user_signal_frame_addr(UserThread *t, uint64_t flags, uint64_t sp,
                                uint64_t size);
/* The guest address of `li a7, 139; ecall` (rt_sigreturn). */
uint64_t user_signal_trampoline(void);

/* --- the target (riscv64/signal.c) ----------------------------------- */

/*
 * Build the frame for a handler of sig and point the CPU at it; mask is
 * the mask the frame records. False when the frame cannot be written
 * (the caller kills the process with SIGSEGV, as Linux does).
 */
bool user_target_setup_frame(UserThread *t, int sig,
                             const UserSigAction *act,
                             const siginfo_t *info, uint64_t mask);
/*
 * rt_sigreturn: restore registers, FP state, mask and alternate stack
 * from the frame at sp. False for a frame that cannot be read or is
 * malformed (the caller sends SIGSEGV).
 */
bool user_target_sigreturn(UserThread *t);
uint64_t user_target_get_sp(CPUState *cpu);

#endif
