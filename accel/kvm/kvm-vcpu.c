/*
 * KVM vCPUs: one host thread each (through vcpu_thread_start), running
 * KVM_RUN without the global lock and acting on every exit.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Kicks: the kicker sets exit_request, then kvm_run.immediate_exit, then
 * sends KVM_KICK_SIGNAL to the thread. The thread keeps that signal
 * blocked except inside KVM_RUN (KVM_SET_SIGNAL_MASK), so a kick that
 * lands just before KVM_RUN stays pending and makes it return at once,
 * and one that lands inside it ends it with EINTR: never lost. Outside
 * KVM_RUN the signal is blocked, so a pending one is never delivered; the
 * thread takes it with sigtimedwait after KVM_RUN returns, or every later
 * KVM_RUN would end at once with EINTR.
 */
#include "accel/kvm/kvm-exit.h"
#include "accel/kvm/kvm-internal.h"
#include "accel/vcpu.h"
#include "hw/core/runstate.h"
#include "softmmu/memory-system.h"
#include "util/error.h"
#include "util/main-loop.h"

#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

static void kvm_kick_signal_handler(int signo)
{
    /* Only there to make KVM_RUN return with EINTR. */
}

void kvm_init_kick_signal(void)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = kvm_kick_signal_handler;
    sigemptyset(&sa.sa_mask);
    sigaction(KVM_KICK_SIGNAL, &sa, NULL);
}

void kvm_cpu_mark_dirty(CPUState *cpu)
{
    if (cpu->accel) {
        g_atomic_int_set(&cpu->accel->dirty, 1);
    }
}

void kvm_synchronize_state(CPUState *cpu)
{
    GError *err = NULL;

    /* A reset's state not yet pushed is newer than what KVM holds. */
    if (cpu->accel && (!kvm_cpu_flush_dirty(cpu, &err) ||
                       !kvm_arch_get_registers(cpu, &err))) {
        vireo_warn("CPU %d: %s", cpu->cpu_index, err->message);
        g_error_free(err);
    }
}

void kvm_synchronize_post_reset(CPUState *cpu)
{
    kvm_cpu_mark_dirty(cpu);
}

void kvm_kick_vcpu_thread(CPUState *cpu)
{
    AccelCPUState *acs = cpu->accel;

    if (!acs) {
        return;
    }
    __atomic_store_n(&acs->run->immediate_exit, 1, __ATOMIC_SEQ_CST);
    if (g_atomic_int_get(&acs->thread_known) &&
        !pthread_equal(acs->thread, pthread_self())) {
        pthread_kill(acs->thread, KVM_KICK_SIGNAL);
    }
}

static void kvm_eat_kick_signals(void)
{
    static const struct timespec now = { 0, 0 };
    sigset_t kick, pending;

    sigemptyset(&kick);
    sigaddset(&kick, KVM_KICK_SIGNAL);
    while (sigpending(&pending) == 0 &&
           sigismember(&pending, KVM_KICK_SIGNAL) &&
           sigtimedwait(&kick, NULL, &now) > 0) {
        continue;
    }
}

bool kvm_cpu_flush_dirty(CPUState *cpu, GError **errp)
{
    AccelCPUState *acs = cpu->accel;

    if (acs && g_atomic_int_compare_and_exchange(&acs->dirty, 1, 0) &&
        !kvm_arch_put_registers(cpu, errp)) {
        g_atomic_int_set(&acs->dirty, 1);
        return false;
    }
    return true;
}

static KVMDebugExitFn *kvm_debug_exit_fn;

void kvm_set_debug_exit_handler(KVMDebugExitFn *fn)
{
    kvm_debug_exit_fn = fn;
}

/* The guest (or KVM) made the machine unusable: say so, never hang. */
static void kvm_vcpu_fail(CPUState *cpu, const char *message)
{
    GError *err = NULL;

    vireo_report("CPU %d: %s", cpu->cpu_index, message);
    if (kvm_arch_get_registers(cpu, &err)) {
        cpu_dump_state(cpu, stderr, CPU_DUMP_FPU);
    } else {
        vireo_report("CPU %d: no register dump: %s", cpu->cpu_index,
                     err->message);
        g_error_free(err);
    }
    vireo_report("the machine stopped in state internal-error (end it "
                 "with SIGTERM or Ctrl-C)");
    bql_lock();
    if (runstate_transition_valid(runstate_get(),
                                  RUN_STATE_INTERNAL_ERROR)) {
        runstate_set(RUN_STATE_INTERNAL_ERROR);
    }
    /* Whatever the state, this vCPU must not enter the guest again. */
    cpu->stopped = true;
    bql_unlock();
    g_atomic_int_set(&cpu->exit_request, 1);
}

/* Stop this vCPU until a reset, after asking the main loop for one. */
static void kvm_vcpu_park(CPUState *cpu)
{
    bql_lock();
    cpu->halted = true;
    bql_unlock();
    g_atomic_int_set(&cpu->exit_request, 1);
}

static void kvm_handle_io(CPUState *cpu, const KVMExitAction *act)
{
    uint8_t *data = (uint8_t *)cpu->accel->run + act->io.data_offset;

    bql_lock();
    for (uint32_t i = 0; i < act->io.count; i++) {
        uint8_t *p = data + (size_t)i * act->io.size;
        MemTxResult r = address_space_rw(address_space_io(), act->io.port,
                                         MEMTXATTRS_UNSPECIFIED, p,
                                         act->io.size, act->is_write);
        if (r != MEMTX_OK && !act->is_write) {
            /* Nothing answers: the ISA bus floats high. */
            memset(p, 0xff, act->io.size);
        }
    }
    bql_unlock();
}

static void kvm_handle_mmio(CPUState *cpu, const KVMExitAction *act)
{
    struct kvm_run *run = cpu->accel->run;

    bql_lock();
    address_space_rw(address_space_memory(), act->mmio.addr,
                     MEMTXATTRS_UNSPECIFIED, run->mmio.data, act->mmio.len,
                     act->is_write);
    bql_unlock();
}

static void kvm_handle_exit(CPUState *cpu)
{
    AccelCPUState *acs = cpu->accel;
    KVMExitAction act;

    kvm_decode_exit(acs->run, kvm_state->run_size, &act);
    switch (act.kind) {
    case KVM_EXIT_ACTION_RESUME:
        break;
    case KVM_EXIT_ACTION_IO:
        kvm_handle_io(cpu, &act);
        break;
    case KVM_EXIT_ACTION_MMIO:
        kvm_handle_mmio(cpu, &act);
        break;
    case KVM_EXIT_ACTION_HALT:
        /* Only without an in-kernel irqchip: wait for CPU_INTERRUPT_HARD. */
        kvm_vcpu_park(cpu);
        break;
    case KVM_EXIT_ACTION_RESET:
        runstate_request_reset(SHUTDOWN_CAUSE_GUEST_RESET);
        kvm_vcpu_park(cpu);
        break;
    case KVM_EXIT_ACTION_POWEROFF:
        runstate_request_shutdown(SHUTDOWN_CAUSE_GUEST_POWEROFF);
        kvm_vcpu_park(cpu);
        break;
    case KVM_EXIT_ACTION_PANIC:
        runstate_request_shutdown(SHUTDOWN_CAUSE_GUEST_PANIC);
        kvm_vcpu_park(cpu);
        break;
    case KVM_EXIT_ACTION_ERROR:
        kvm_vcpu_fail(cpu, act.message);
        break;
    case KVM_EXIT_ACTION_DEBUG:
        if (!kvm_debug_exit_fn) {
            kvm_vcpu_fail(cpu, "KVM debug exit without a debugger");
            break;
        }
        kvm_debug_exit_fn(cpu, acs->run);
        g_atomic_int_set(&cpu->exit_request, 1);
        break;
    }
}

static void kvm_push_registers(CPUState *cpu)
{
    GError *err = NULL;
    bool ok;

    bql_lock();
    ok = kvm_arch_put_registers(cpu, &err);
    bql_unlock();
    if (!ok) {
        g_autofree char *msg = g_strdup(err->message);
        g_error_free(err);
        kvm_vcpu_fail(cpu, msg);
    }
}

static void kvm_vcpu_exec(CPUState *cpu)
{
    AccelCPUState *acs = cpu->accel;

    if (!g_atomic_int_get(&acs->thread_known)) {
        acs->thread = pthread_self();
        g_atomic_int_set(&acs->thread_known, 1);
    }
    while (!g_atomic_int_get(&cpu->exit_request)) {
        int ret;

        if (g_atomic_int_compare_and_exchange(&acs->dirty, 1, 0)) {
            kvm_push_registers(cpu);
            continue;
        }
        ret = ioctl(acs->fd, KVM_RUN, 0);
        __atomic_store_n(&acs->run->immediate_exit, 0, __ATOMIC_SEQ_CST);
        if (ret < 0) {
            if (errno == EINTR || errno == EAGAIN) {
                kvm_eat_kick_signals();
                continue;
            }
            g_autofree char *msg = g_strdup_printf("KVM_RUN: %s",
                                                   g_strerror(errno));
            kvm_vcpu_fail(cpu, msg);
            break;
        }
        kvm_handle_exit(cpu);
    }
    g_atomic_int_set(&cpu->exit_request, 0);
}

/* KVM_RUN lets the kick signal in; everywhere else it stays blocked. */
static bool kvm_set_run_signal_mask(CPUState *cpu, GError **errp)
{
    sigset_t set;
    struct kvm_signal_mask *mask;
    int ret;

    pthread_sigmask(SIG_BLOCK, NULL, &set);
    sigdelset(&set, KVM_KICK_SIGNAL);
    /* The kernel's sigset is 64 bits on x86-64, glibc's is larger. */
    mask = g_malloc0(sizeof(*mask) + 8);
    mask->len = 8;
    memcpy(mask->sigset, &set, 8);
    ret = kvm_vcpu_ioctl(cpu, KVM_SET_SIGNAL_MASK, mask);
    g_free(mask);
    if (ret < 0) {
        vireo_error_setg_errno(errp, -ret, "KVM_SET_SIGNAL_MASK");
        return false;
    }
    return true;
}

static void kvm_vcpu_destroy(CPUState *cpu)
{
    AccelCPUState *acs = cpu->accel;

    if (acs->run && acs->run != MAP_FAILED) {
        munmap(acs->run, kvm_state->run_size);
    }
    if (acs->fd >= 0) {
        close(acs->fd);
    }
    g_free(acs);
    cpu->accel = NULL;
}

bool kvm_create_vcpu_thread(CPUState *cpu, GError **errp)
{
    AccelCPUState *acs = g_new0(AccelCPUState, 1);
    sigset_t kick, old;
    bool ok;

    cpu->accel = acs;
    acs->fd = ioctl(kvm_state->vm_fd, KVM_CREATE_VCPU,
                    (unsigned long)cpu->cpu_index);
    if (acs->fd < 0) {
        vireo_error_setg_errno(errp, errno, "CPU %d: KVM_CREATE_VCPU",
                               cpu->cpu_index);
        goto fail;
    }
    acs->run = mmap(NULL, kvm_state->run_size, PROT_READ | PROT_WRITE,
                    MAP_SHARED, acs->fd, 0);
    if (acs->run == MAP_FAILED) {
        vireo_error_setg_errno(errp, errno, "CPU %d: mmap of kvm_run",
                               cpu->cpu_index);
        goto fail;
    }
    /* The first entry loads whatever the CPU's reset put in its state. */
    acs->dirty = 1;
    if (!kvm_arch_init_vcpu(cpu, errp)) {
        goto fail;
    }
    /* The new thread inherits the blocked kick signal. */
    sigemptyset(&kick);
    sigaddset(&kick, KVM_KICK_SIGNAL);
    pthread_sigmask(SIG_BLOCK, &kick, &old);
    ok = kvm_set_run_signal_mask(cpu, errp) &&
         vcpu_thread_start(cpu, "KVM", kvm_vcpu_exec, errp);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (ok) {
        return true;
    }
fail:
    kvm_vcpu_destroy(cpu);
    return false;
}
