/*
 * Blocking host system calls that a guest signal always interrupts: a
 * signal that arrives after the system-call layer last looked at the
 * queues but before the host call has started would otherwise leave the
 * call blocked (a pause() waiting forever for the SIGTERM that already
 * came). user_safe_syscall() checks a per-thread flag the host signal
 * handler sets, then enters the kernel; the handler moves a thread caught
 * between that check and the `syscall` instruction (or in the call, when
 * the kernel rewinds it to start it again) to a path that returns without
 * calling. The call then fails with errno USER_ERESTARTSYS: the CPU loop
 * delivers the signal and runs the guest's ecall again, which is what
 * Linux does with a signal that comes just before a call (a call that is
 * not blocking, such as a futex wake, must not fail with EINTR).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Only x86-64 hosts have the stub; elsewhere user_safe_syscall() is
 * syscall() and the window stays (docs/devel/linux-user.md).
 */
#include "user-internal.h"

#include <errno.h>
#include <signal.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

/* Set by the host handler, cleared before the CPU loop looks for work. */
static __thread volatile int safe_wake;

#if defined(__x86_64__) && defined(__linux__)

long user_safe_syscall_base(volatile int *wake, long nr, long a1, long a2,
                            long a3, long a4, long a5, long a6);
extern const char user_safe_syscall_start[], user_safe_syscall_end[];
extern const char user_safe_syscall_interrupted[];

#ifdef __CET__
#define SAFE_ENDBR "endbr64\n"
#else
#define SAFE_ENDBR ""
#endif

/*
 * SysV arguments: rdi wake, rsi nr, rdx..r9 a1..a4, stack a5, a6.
 * Kernel arguments: rax nr, rdi, rsi, rdx, r10, r8, r9. rbp (saved)
 * holds wake across the call; rcx and r11 are the kernel's.
 * From `start` up to (not including) `end`, the call has not happened:
 * the handler may send the thread to `interrupted`.
 */
__asm__(
    "    .text\n"
    "    .globl user_safe_syscall_base\n"
    "    .type user_safe_syscall_base, @function\n"
    "user_safe_syscall_base:\n"
    "    .cfi_startproc\n"
    SAFE_ENDBR
    "    push %rbp\n"
    "    .cfi_adjust_cfa_offset 8\n"
    "    .cfi_rel_offset %rbp, 0\n"
    "    mov %rdi, %rbp\n"
    "    mov %rsi, %rax\n"
    "    mov %rdx, %rdi\n"
    "    mov %rcx, %rsi\n"
    "    mov %r8, %rdx\n"
    "    mov %r9, %r10\n"
    "    mov 16(%rsp), %r8\n"
    "    mov 24(%rsp), %r9\n"
    "    .globl user_safe_syscall_start\n"
    "user_safe_syscall_start:\n"
    "    cmpl $0, (%rbp)\n"
    "    jnz user_safe_syscall_interrupted\n"
    "    syscall\n"
    "    .globl user_safe_syscall_end\n"
    "user_safe_syscall_end:\n"
    "    pop %rbp\n"
    "    .cfi_remember_state\n"
    "    .cfi_adjust_cfa_offset -8\n"
    "    .cfi_restore %rbp\n"
    "    ret\n"
    "    .cfi_restore_state\n"
    "    .globl user_safe_syscall_interrupted\n"
    "user_safe_syscall_interrupted:\n"
    "    mov $-" G_STRINGIFY(USER_ERESTARTSYS) ", %rax\n"
    "    pop %rbp\n"
    "    .cfi_adjust_cfa_offset -8\n"
    "    .cfi_restore %rbp\n"
    "    ret\n"
    "    .cfi_endproc\n"
    "    .size user_safe_syscall_base, .-user_safe_syscall_base\n"
);

long user_safe_syscall6(long nr, long a1, long a2, long a3, long a4,
                        long a5, long a6)
{
    long r = user_safe_syscall_base(&safe_wake, nr, a1, a2, a3, a4, a5, a6);

    if (r < 0 && r > -4096) {
        errno = (int)-r;
        return -1;
    }
    return r;
}

void user_safe_syscall_signal(void *uc)
{
    ucontext_t *u = uc;
    uintptr_t pc = (uintptr_t)u->uc_mcontext.gregs[REG_RIP];

    safe_wake = 1;
    if (pc >= (uintptr_t)user_safe_syscall_start &&
        pc < (uintptr_t)user_safe_syscall_end) {
        u->uc_mcontext.gregs[REG_RIP] =
            (greg_t)(uintptr_t)user_safe_syscall_interrupted;
    }
}

#else

long user_safe_syscall6(long nr, long a1, long a2, long a3, long a4,
                        long a5, long a6)
{
    return syscall(nr, a1, a2, a3, a4, a5, a6);
}

void user_safe_syscall_signal(void *uc)
{
    (void)uc;
    safe_wake = 1;
}

#endif

void user_safe_syscall_rearm(void)
{
    safe_wake = 0;
    __atomic_signal_fence(__ATOMIC_SEQ_CST);
}
