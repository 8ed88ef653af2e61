/*
 * User mode's way to guest memory: one PROT_NONE reservation at a fixed
 * host base holds the whole guest address space (guest address a is host
 * address base + a, accessed inline by generated code), guest mmap,
 * munmap and mprotect on it with a page-flags table, host write
 * protection of pages holding translated code, and the host SIGSEGV /
 * SIGBUS handler that turns faults of generated code into guest signals.
 * docs/devel/tcg-exec.md ("User mode") has the rules.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef VIREO_ACCEL_TCG_USER_H
#define VIREO_ACCEL_TCG_USER_H

#include "accel/tcg/cpu-exec.h"

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

/* Page flags beyond PAGE_READ/WRITE/EXEC (tcg-cpu-ops.h). */
enum {
    TCG_USER_PAGE_VALID = 8,    /* mapped */
    TCG_USER_PAGE_CODE = 16,    /* translated from: host write-protected */
};

/* The hook's si_code, as Linux numbers them. */
enum {
    TCG_USER_SEGV_MAPERR = 1,   /* SIGSEGV: nothing mapped there */
    TCG_USER_SEGV_ACCERR = 2,   /* SIGSEGV: mapped without that permission */
    TCG_USER_BUS_ADRERR = 2,    /* SIGBUS: no backing (file past its end) */
};

/*
 * A guest access faulted (generated code, a call-out, a helper's
 * tcg_cpu_ld/st or a code fetch). The CPU state is already at the
 * faulting guest instruction; the hook records the guest signal signo
 * (SIGSEGV, or SIGBUS for a file mapping with no page behind it; e.g.
 * sets an exception index for its loop) and returns; the execution
 * loop is then left through its long jump. Set before running vCPUs;
 * without a hook such a fault is reported as an emulator crash.
 */
typedef void TCGUserSegvFn(CPUState *cpu, int signo, uint64_t addr,
                           MMUAccessType type, int si_code);

/*
 * After accel_init_machine("tcg") and before any vCPU translates:
 * reserve 2^guest_addr_bits bytes (16..46) at a host base and make the
 * accelerator translate for user mode. Nothing is mapped yet. The
 * process's SIGSEGV and SIGBUS handlers become ours (the previous ones
 * run for faults that are not the guest's).
 */
bool tcg_user_init(unsigned guest_addr_bits, GError **errp);
/* Unmap everything and leave user mode (no vCPU may be running). */
void tcg_user_exit(void);
bool tcg_user_active(void);
uintptr_t tcg_user_guest_base(void);
uint64_t tcg_user_address_space_size(void);
unsigned tcg_user_page_bits(void);
/* The host address of guest address addr (no check). */
static inline void *tcg_user_g2h(uint64_t addr)
{
    return (void *)(tcg_user_guest_base() + (uintptr_t)addr);
}
void tcg_user_set_segv_hook(TCGUserSegvFn *fn);

/*
 * Running a guest thread on the calling host thread, without a vCPU
 * thread (a Linux user-mode program: one host thread per guest thread).
 * attach gives a realized CPU its execution state; detach frees it again
 * (the CPU must not run any more). exec runs guest code until the guest
 * raises an exception, which it returns (the target's number, or
 * EXCP_DEBUG), or until exit_request is set (EXCP_INTERRUPT); the state
 * is at the instruction that raised it.
 */
bool tcg_user_cpu_attach(CPUState *cpu, GError **errp);
/* A file descriptor the translator keeps open (the guest must not). */
bool tcg_user_is_internal_fd(int fd);
void tcg_user_cpu_detach(CPUState *cpu);
int tcg_user_cpu_exec(CPUState *cpu);

/* PAGE_* | TCG_USER_PAGE_* of the page holding addr (0: unmapped). */
int tcg_user_page_flags(uint64_t addr);
/* Is [addr, addr + len) mapped with every PAGE_* of prot? */
bool tcg_user_access_ok(uint64_t addr, uint64_t len, int prot);

/*
 * Map [addr, addr + len) (page aligned, inside the space) with guest
 * protection prot (PAGE_*), replacing whatever was there: host flags
 * MAP_SHARED or MAP_PRIVATE, plus MAP_ANONYMOUS (fd -1) or a file and
 * its offset. Translated code of replaced pages is dropped. Returns
 * false with errp (errno in the message, and in errno) on failure.
 */
bool tcg_user_mmap(uint64_t addr, uint64_t len, int prot, int flags,
                   int fd, off_t offset, GError **errp);
/* Unmap (back to the reservation); drops translated code there. */
bool tcg_user_munmap(uint64_t addr, uint64_t len, GError **errp);
/*
 * Change the guest protection of mapped pages (every page of the range
 * must be mapped). Removing PAGE_EXEC drops translated code there;
 * code pages stay write-protected on the host while they hold code.
 */
bool tcg_user_mprotect(uint64_t addr, uint64_t len, int prot,
                       GError **errp);
/*
 * The emulator itself is about to write guest [addr, addr + len) through
 * tcg_user_g2h (a syscall's read() into a guest buffer, a loader): drop
 * translated code there and give the host write permission back, where
 * the guest has it. Without this a code page is host-read-only: the
 * kernel fails such a syscall with EFAULT, and a plain store from
 * emulator code is reported as a crash.
 */
void tcg_user_prepare_write(uint64_t addr, uint64_t len);

/*
 * A helper's atomic read-modify-write of guest [addr, addr + size)
 * (an AMO, SC, a cache-block zero): the host address to do it at, after
 * checking the pages are mapped readable and writable (else the guest
 * SIGSEGV, MAPERR or ACCERR as a store, with the state restored to
 * retaddr's instruction: does not return) and dropping translated code
 * there. If that code includes later instructions of the helper's own
 * block, the instruction is redone alone (does not return either).
 * Until tcg_user_rmw_end() a host fault is taken as this access's (a
 * racing mprotect); call it before returning or raising anything else.
 * NULL (no access done) only when no segv hook is set and the check
 * failed.
 */
void *tcg_user_host_for_rmw(CPUState *cpu, uint64_t addr, unsigned size,
                            uintptr_t retaddr);
void tcg_user_rmw_end(void);

/*
 * The lowest page-aligned address >= hint where len bytes are free
 * (nothing mapped), or -1 when none is.
 */
uint64_t tcg_user_find_free(uint64_t hint, uint64_t len);

/*
 * A host fork() of a multi-threaded user-mode process: prepare stops
 * every other vCPU outside guest code and takes the translator's locks;
 * parent and child (after fork) release them. The child must then
 * detach the CPUs of the threads it did not inherit. The child's
 * fails (errp) when it cannot get a code buffer of its own: it must not
 * run guest code then. The parent must not call tcg_user_fork_parent
 * before the child's tcg_user_fork_child has returned (its threads
 * would patch code the child is still copying).
 */
void tcg_user_fork_prepare(void);
void tcg_user_fork_parent(void);
bool tcg_user_fork_child(GError **errp);

#endif
