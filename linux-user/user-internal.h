/*
 * Linux user mode's shared declarations: the process and its guest
 * threads, guest memory access for system calls, the system-call table
 * every area file contributes to, and the hooks between the CPU loop,
 * signals and the loader. docs/devel/linux-user.md has the design.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Guest ABI facts this relies on (riscv64 and x86-64 Linux agree): errno
 * values, signal numbers, open/mmap flag bits and the layouts of
 * timespec, iovec, sockaddr, msghdr, rlimit, utsname, dirent64, statx
 * and pollfd. Where they differ (struct stat, epoll_event, sigaction,
 * the system-call numbers) the area file converts.
 */
#ifndef VIREO_LINUX_USER_USER_INTERNAL_H
#define VIREO_LINUX_USER_USER_INTERNAL_H

#include "accel/tcg/user.h"
#include "hw/core/cpu.h"

#include <glib.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/types.h>

/* System-call numbers of the guest: USER_NR_read ... */
enum {
#define SYS_NR(name, nr) USER_NR_##name = nr,
#include "generic/syscall-nr.h"
#undef SYS_NR
    USER_NR_MAX = 512,
};

/* Returned by a system call to mean "not a result" (never an errno). */
#define USER_ERESTARTSYS 512     /* run the ecall again (signal first) */
#define USER_ESIGRETURN 4096     /* registers were replaced: leave a0 */

typedef struct UserSigThread UserSigThread;    /* signal.c */

/* One guest thread: one host thread running one CPU. */
typedef struct UserThread {
    CPUState *cpu;
    pid_t tid;                  /* host thread id, the guest's too */
    uint64_t clear_child_tid;   /* CLONE_CHILD_CLEARTID / set_tid_address */
    UserSigThread *sig;
    struct UserThread *next;    /* in user_proc.threads, under its lock */
    uint64_t robust_list;       /* set_robust_list's head (guest address) */
} UserThread;

/* The calling host thread's guest thread (NULL outside guest threads). */
extern __thread UserThread *user_self;

typedef struct UserProcess {
    const char *sysroot;        /* -L: absolute guest paths look here first */
    const char *cpu_model;      /* -cpu */
    bool strace;                /* -strace */
    char *exe_path;             /* the program: /proc/self/exe's target */
    char *vireo_path;           /* this emulator, to run riscv64 execve */
    GPtrArray *reexec_opts;     /* options a re-run emulator gets */
    /* memory (syscall-mem.c) */
    uint64_t brk_start;         /* end of the program's data, page up */
    uint64_t brk;               /* current break */
    uint64_t mmap_base;         /* where mmap looks for free space first */
    uint64_t stack_top;
    /* the initial stack's auxiliary vector, for /proc/self/auxv */
    uint64_t auxv_addr, auxv_len;
    /* threads */
    GMutex lock;                /* threads list */
    UserThread *threads;
    int nthreads;
    /* the main thread's stack: mapped below stack_top (syscall-mem.c) */
    uint64_t stack_size;
} UserProcess;

extern UserProcess user_proc;

/* --- guest memory (guest-mem.c) ------------------------------------------ */

/*
 * The host address of guest [addr, addr + len) for a system call that
 * reads it (prot PAGE_READ) or writes it (PAGE_WRITE: translated code
 * there is dropped first), or NULL when the range is not mapped so
 * (the caller returns -EFAULT). len 0 is always fine.
 */
void *user_ptr(uint64_t addr, uint64_t len, int prot);
/* 0, or -EFAULT. */
int user_copy_from(void *dst, uint64_t src, size_t len);
int user_copy_to(uint64_t dst, const void *src, size_t len);
/* A NUL-terminated guest string of at most max bytes: 0, -EFAULT or
 * -ENAMETOOLONG; *out is g_malloc'ed. */
int user_get_string(uint64_t addr, size_t max, char **out);
/*
 * A path argument: the guest string, and for an absolute path that
 * exists under -L the sysroot's file instead. 0 or -errno.
 */
int user_get_path(uint64_t addr, char **out);
/* The host name of a guest path (the -L lookup alone); g_free it. */
char *user_path_lookup(const char *guest_path);

/* --- system calls (syscall.c and the syscall-*.c area files) ------------ */

typedef int64_t UserSyscallFn(UserThread *t, const uint64_t *a);

typedef struct UserSyscall {
    int nr;                     /* USER_NR_* */
    const char *name;
    UserSyscallFn *fn;
    /*
     * -strace: one letter per argument: d int, u unsigned, x hex, p
     * pointer, s string, o octal, f fd (AT_FDCWD named), F open flags
     * (O_RDONLY|O_CLOEXEC), P mmap prot, M mmap flags, S signal
     * (SIGTERM), C clock id (CLOCK_MONOTONIC); a '=' then one letter for
     * the result (x: hex, as mmap's). See strace.c.
     */
    const char *fmt;
} UserSyscall;

/* Each area's table, ended by an entry with a NULL name. */
extern const UserSyscall user_syscalls_file[];
extern const UserSyscall user_syscalls_mem[];
extern const UserSyscall user_syscalls_proc[];
extern const UserSyscall user_syscalls_time[];
extern const UserSyscall user_syscalls_net[];
extern const UserSyscall user_syscalls_signal[];
extern const UserSyscall user_syscalls_fs[];

void user_syscall_init(void);
/* Run system call nr: the guest's a0 (a result or -errno). */
int64_t user_do_syscall(UserThread *t, int nr, const uint64_t *args);
/*
 * A file descriptor of the emulator's own (the code buffer, gdb's
 * socket): to the guest it is not open, and it cannot close or replace it.
 */
bool user_fd_internal(int fd);
/* A host call's result as the guest sees it: r < 0 gives -errno. */
int64_t user_errno_ret(int64_t r);

/* -strace (strace.c): before and after one call. */
void user_strace_enter(UserThread *t, const UserSyscall *s, int nr,
                       const uint64_t *args);
void user_strace_exit(UserThread *t, const UserSyscall *s, int64_t ret);
/* The same lines appended to out: "TID name(args)" and " = result\n". */
void user_strace_format_enter(GString *out, int tid, const UserSyscall *s,
                              const uint64_t *args);
void user_strace_format_exit(GString *out, const UserSyscall *s,
                             int64_t ret);

/* --- loading (loader.c) -------------------------------------------------- */

typedef struct UserImage {
    uint64_t entry;             /* where the thread starts (interp's) */
    uint64_t prog_entry;        /* the program's own entry (AT_ENTRY) */
    uint64_t phdr, phent, phnum;
    uint64_t interp_base;       /* AT_BASE: 0 without an interpreter */
    uint64_t load_bias;
    uint64_t end;               /* end of the program's highest segment */
    uint32_t e_flags;
} UserImage;

/*
 * Map the program at path (and its PT_INTERP interpreter, looked up
 * under -L) into the guest space. False with errp naming the file.
 */
bool user_load_program(const char *path, UserImage *img, GError **errp);
/*
 * Build the initial stack (argv, envp, auxv) below user_proc.stack_top;
 * returns the guest sp, or 0 with errp.
 */
uint64_t user_setup_stack(const UserImage *img, char **argv, char **envp,
                          const char *execfn, GError **errp);
/*
 * Grow the main thread's stack (mapped from user_proc.stack_top down by
 * user_proc.stack_size) to a new RLIMIT_STACK, as far down as the pages
 * below are free; it never shrinks (syscall-mem.c).
 */
void user_stack_fit_limit(uint64_t limit);
/* The guest's RLIMIT_STACK soft limit (syscall-proc.c). */
uint64_t user_stack_limit(void);

/* --- the target (riscv64/) ------------------------------------------------ */

/* Create, realize and attach the CPU for the first thread. */
CPUState *user_target_cpu_create(const char *model, GError **errp);
/* A copy of parent's CPU for a new thread or fork child; attached. */
CPUState *user_target_cpu_clone(CPUState *parent, GError **errp);
void user_target_cpu_free(CPUState *cpu);
void user_target_init_regs(CPUState *cpu, uint64_t entry, uint64_t sp);
/* Run thread t's guest code forever (threads leave through exit). */
G_NORETURN void user_target_cpu_loop(UserThread *t);
/* The target's clone register conventions. */
void user_target_set_clone_child(CPUState *cpu, uint64_t newsp, bool settls,
                                 uint64_t tls);
/* The ELF checks and AT_HWCAP of this target. */
uint16_t user_target_elf_machine(void);
bool user_target_elf_flags_ok(CPUState *cpu, uint32_t e_flags,
                              GError **errp);
uint64_t user_target_hwcap(CPUState *cpu);
/* uname's machine. */
#define USER_TARGET_MACHINE "riscv64"

/* --- threads (syscall-proc.c) --------------------------------------------- */

UserThread *user_thread_new(CPUState *cpu);
/* The current thread ends: clear_child_tid, then the host thread exits. */
G_NORETURN void user_thread_exit(UserThread *t, int status);
/* The whole process ends with status (exit_group). */
G_NORETURN void user_exit_group(int status);

/* --- signals (signal.c) ---------------------------------------------------- */

void user_signal_init(void);
void user_signal_thread_init(UserThread *t, const UserThread *parent);
void user_signal_thread_free(UserThread *t);
/*
 * A synchronous signal the guest itself caused (bad access, illegal
 * instruction, breakpoint): delivered before the thread runs on.
 */
void user_force_signal(UserThread *t, int sig, int code, uint64_t addr);
/* Deliver what is pending and unblocked (from the CPU loop). */
void user_process_signals(UserThread *t);
/* Is a signal waiting for t (a blocking call should not start)? */
bool user_signal_pending(UserThread *t);
/*
 * A host call of system call nr returned EINTR: -EINTR for the guest,
 * or -USER_ERESTARTSYS to run it again (no handler runs, or one with
 * SA_RESTART). user_do_syscall applies it to every -EINTR.
 */
int64_t user_signal_eintr(UserThread *t, int nr);
/*
 * ppoll, pselect6 and epoll_pwait with a mask (the guest's 8-byte
 * sigset at mask, size bytes): the guest runs with it until the call
 * ends, and with -EINTR until the handler's frame is built (its
 * sigreturn restores the old mask). begin: 0, or -EINTR when a signal
 * the mask lets through is already pending; end: returns ret.
 */
int64_t user_signal_mask_begin(UserThread *t, const void *mask,
                               uint64_t size);
int64_t user_signal_mask_end(UserThread *t, int64_t ret);
/* In a fork child's only thread: nothing is pending there. */
void user_signal_fork_child(UserThread *t);
/*
 * Around a host execve of the emulator or a host program: the guest's
 * mask becomes the host's (the new emulator takes it over) and what is
 * queued and blocked goes back to the host; undone if execve fails.
 * false: a signal came during the call, execve must be restarted after
 * it (nothing was changed).
 */
bool user_signal_before_exec(UserThread *t);
void user_signal_exec_failed(UserThread *t);

/* --- files (syscall-file.c, syscall-fs.c, proc-self.c) ------------------ */

struct stat;
/* Store a host stat as the guest's struct stat at addr: 0 or -EFAULT. */
int64_t user_put_stat(uint64_t addr, const struct stat *st);
/* Is path the guest's /proc/self/ENTRY (self, thread-self or our pid)? */
bool user_proc_self_is(const char *path, const char *entry);
/*
 * Open one of the /proc/self entries the emulator makes up (exe, auxv,
 * maps): an fd, or -1 with errno; -2 when path is none of them.
 */
int user_proc_self_open(const char *path, int flags, mode_t mode);

/* --- the gdbstub (gdbstub.c), -g PORT ------------------------------------ */

/* Wait for gdb on port and serve it until it lets the program start. */
bool user_gdb_start(const char *port, UserThread *t, GError **errp);
bool user_gdb_active(void);
bool user_gdb_owns_fd(int fd);
/* EXCP_DEBUG (a breakpoint or a step) on t: true if gdb took it. */
bool user_gdb_handle_debug(UserThread *t);
/* After the CPU loop handled excp: a step's end, a Ctrl-C from gdb. */
void user_gdb_after_exception(UserThread *t, int excp);
/* The program ends with status: gdb hears of it. */
void user_gdb_exit(int status);

/* --- processes and threads (syscall-thread.c, syscall-exec.c) ----------- */

extern const UserSyscall user_syscalls_thread[];
extern const UserSyscall user_syscalls_exec[];
extern const UserSyscall user_syscalls_ipc[];     /* syscall-ipc.c */
/* syscall-mem.c: its lock held around a host fork. */
void user_mem_fork_lock(void);
void user_mem_fork_unlock(void);
/*
 * riscv_hwprobe's answer for key on this CPU: false for a key the
 * target does not know.
 */
bool user_target_hwprobe(CPUState *cpu, int64_t key, uint64_t *value);

/*
 * safe-syscall.c: a blocking host system call (syscall()'s arguments and
 * result: -1 and errno) that fails with errno USER_ERESTARTSYS, without
 * being made, when a host signal came after the last
 * user_safe_syscall_rearm() of this thread, so no guest signal waits for
 * the call to end by itself (the area returns -errno as usual: the guest's
 * ecall runs again after the signal). The
 * host signal handler calls user_safe_syscall_signal(its ucontext);
 * user_process_signals rearms before it looks at the queues.
 */
long user_safe_syscall6(long nr, long a1, long a2, long a3, long a4,
                        long a5, long a6);
#define USER_SAFE_SYSCALL_(nr, a1, a2, a3, a4, a5, a6, ...) \
    user_safe_syscall6((nr), (long)(a1), (long)(a2), (long)(a3), \
                       (long)(a4), (long)(a5), (long)(a6))
#define user_safe_syscall(...) \
    USER_SAFE_SYSCALL_(__VA_ARGS__, 0, 0, 0, 0, 0, 0, 0)
void user_safe_syscall_signal(void *uc);
void user_safe_syscall_rearm(void);

/*
 * syscall-proc.c: the guest's own RLIMIT_STACK/AS/DATA (never the
 * host's) go to the next emulator across execve in the environment:
 * user_rlimits_env() is "NAME=..." to add to the new environment (NULL
 * when the guest never set one); main() calls user_rlimits_inherit()
 * first, which takes them and removes the variable.
 */
#define USER_RLIMITS_ENV "VIREO_GUEST_RLIMITS"
char *user_rlimits_env(void);
void user_rlimits_inherit(void);
/*
 * Around a host execve: the host's soft limits become what the new
 * program is to have. A host program gets the guest's stack, address
 * space and data limits, as on Linux; the next emulator the guest's
 * stack limit, which sets how much argument and environment the host
 * kernel takes (a quarter of it, at most 6 MiB), as Linux would for the
 * guest. Put back by user_rlimits_exec_failed if execve fails.
 */
typedef struct UserExecLimits {
    struct rlimit saved[3];
    bool changed[3];
} UserExecLimits;
void user_rlimits_before_exec(bool host_program, UserExecLimits *el);
void user_rlimits_exec_failed(const UserExecLimits *el);

/*
 * syscall-proc.c: mark the robust futexes every thread of the process
 * still holds as owner-died (the process is going away: exit_group, or a
 * signal's default action).
 */
void user_robust_exit_all(void);

/*
 * signalfd.c: signalfd4 (the system call), read() on a signalfd, a
 * guest signal queued (from signal.c, also in a host signal handler:
 * async-signal-safe), and close() of a descriptor.
 */
int64_t user_signalfd4(UserThread *t, int fd, uint64_t mask_addr,
                       uint64_t size, int flags);
bool user_signalfd_is(int fd);
int64_t user_signalfd_read(UserThread *t, int fd, uint64_t buf,
                           uint64_t len);
void user_signalfd_notify(int sig);
void user_signalfd_forget(int fd);

/*
 * syscall-thread.c: a CLONE_VM|CLONE_VFORK child that ends without exec
 * sends its view of the parent's stack window back (user_exit_group
 * calls it; nothing to do in other processes). Until then the child
 * keeps a descriptor of the emulator's (user_fd_internal).
 */
void user_vfork_child_exit(void);
bool user_vfork_owns_fd(int fd);

#endif
