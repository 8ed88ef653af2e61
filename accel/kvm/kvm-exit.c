/*
 * KVM exit decoding (see kvm-exit.h): one switch over exit_reason that
 * turns the kvm_run area into an action, touching nothing else.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "accel/kvm/kvm-exit.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *const exit_names[] = {
    [KVM_EXIT_UNKNOWN] = "UNKNOWN",
    [KVM_EXIT_EXCEPTION] = "EXCEPTION",
    [KVM_EXIT_IO] = "IO",
    [KVM_EXIT_HYPERCALL] = "HYPERCALL",
    [KVM_EXIT_DEBUG] = "DEBUG",
    [KVM_EXIT_HLT] = "HLT",
    [KVM_EXIT_MMIO] = "MMIO",
    [KVM_EXIT_IRQ_WINDOW_OPEN] = "IRQ_WINDOW_OPEN",
    [KVM_EXIT_SHUTDOWN] = "SHUTDOWN",
    [KVM_EXIT_FAIL_ENTRY] = "FAIL_ENTRY",
    [KVM_EXIT_INTR] = "INTR",
    [KVM_EXIT_SET_TPR] = "SET_TPR",
    [KVM_EXIT_TPR_ACCESS] = "TPR_ACCESS",
    [KVM_EXIT_NMI] = "NMI",
    [KVM_EXIT_INTERNAL_ERROR] = "INTERNAL_ERROR",
    [KVM_EXIT_OSI] = "OSI",
    [KVM_EXIT_WATCHDOG] = "WATCHDOG",
    [KVM_EXIT_EPR] = "EPR",
    [KVM_EXIT_SYSTEM_EVENT] = "SYSTEM_EVENT",
};

const char *kvm_exit_reason_name(uint32_t reason)
{
    if (reason < sizeof(exit_names) / sizeof(exit_names[0]) &&
        exit_names[reason]) {
        return exit_names[reason];
    }
    return "unknown";
}

static void set_error(KVMExitAction *action, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void set_error(KVMExitAction *action, const char *fmt, ...)
{
    va_list ap;

    action->kind = KVM_EXIT_ACTION_ERROR;
    va_start(ap, fmt);
    vsnprintf(action->message, sizeof(action->message), fmt, ap);
    va_end(ap);
}

static void decode_io(const struct kvm_run *run, size_t run_size,
                      KVMExitAction *action)
{
    uint8_t size = run->io.size;
    uint64_t end = (uint64_t)run->io.data_offset +
                   (uint64_t)size * run->io.count;

    if ((size != 1 && size != 2 && size != 4) || run->io.count == 0 ||
        run->io.data_offset < sizeof(*run) || end > run_size) {
        set_error(action, "KVM exit IO: malformed access (port 0x%x, "
                  "size %u, count %u, data at %llu of %zu bytes)",
                  run->io.port, size, run->io.count,
                  (unsigned long long)run->io.data_offset, run_size);
        return;
    }
    action->kind = KVM_EXIT_ACTION_IO;
    action->is_write = run->io.direction == KVM_EXIT_IO_OUT;
    action->io.port = run->io.port;
    action->io.size = size;
    action->io.count = run->io.count;
    action->io.data_offset = (uint32_t)run->io.data_offset;
}

static void decode_mmio(const struct kvm_run *run, KVMExitAction *action)
{
    if (run->mmio.len == 0 || run->mmio.len > sizeof(run->mmio.data)) {
        set_error(action, "KVM exit MMIO: malformed access (address 0x%llx, "
                  "length %u)", (unsigned long long)run->mmio.phys_addr,
                  run->mmio.len);
        return;
    }
    action->kind = KVM_EXIT_ACTION_MMIO;
    action->is_write = run->mmio.is_write;
    action->mmio.addr = run->mmio.phys_addr;
    action->mmio.len = (uint8_t)run->mmio.len;
}

static void decode_system_event(const struct kvm_run *run,
                                KVMExitAction *action)
{
    switch (run->system_event.type) {
    case KVM_SYSTEM_EVENT_SHUTDOWN:
        action->kind = KVM_EXIT_ACTION_POWEROFF;
        break;
    case KVM_SYSTEM_EVENT_RESET:
        action->kind = KVM_EXIT_ACTION_RESET;
        break;
    case KVM_SYSTEM_EVENT_CRASH:
        action->kind = KVM_EXIT_ACTION_PANIC;
        break;
    default:
        set_error(action, "KVM exit SYSTEM_EVENT: unknown event type %u",
                  run->system_event.type);
        break;
    }
}

static void decode_internal_error(const struct kvm_run *run,
                                  KVMExitAction *action)
{
    static const char *const suberrors[] = {
        [KVM_INTERNAL_ERROR_EMULATION] = "instruction emulation failed",
        [KVM_INTERNAL_ERROR_SIMUL_EX] = "exception while delivering one",
        [KVM_INTERNAL_ERROR_DELIVERY_EV] = "cannot deliver an event",
        [KVM_INTERNAL_ERROR_UNEXPECTED_EXIT_REASON] = "unexpected exit "
                                                      "reason",
    };
    uint32_t sub = run->internal.suberror;
    const char *what = sub < sizeof(suberrors) / sizeof(suberrors[0]) &&
                       suberrors[sub] ? suberrors[sub] : "unknown suberror";
    uint32_t ndata = run->internal.ndata;
    char data[80] = "";
    size_t used = 0;

    if (ndata > sizeof(run->internal.data) / sizeof(run->internal.data[0])) {
        ndata = sizeof(run->internal.data) / sizeof(run->internal.data[0]);
    }
    for (uint32_t i = 0; i < ndata && i < 4 && used < sizeof(data); i++) {
        used += snprintf(data + used, sizeof(data) - used, " 0x%llx",
                         (unsigned long long)run->internal.data[i]);
    }
    set_error(action, "KVM internal error %u (%s)%s%s", sub, what,
              ndata ? "; data:" : "", data);
}

void kvm_decode_exit(const struct kvm_run *run, size_t run_size,
                     KVMExitAction *action)
{
    memset(action, 0, sizeof(*action));
    switch (run->exit_reason) {
    case KVM_EXIT_IO:
        decode_io(run, run_size, action);
        break;
    case KVM_EXIT_MMIO:
        decode_mmio(run, action);
        break;
    case KVM_EXIT_HLT:
        action->kind = KVM_EXIT_ACTION_HALT;
        break;
    case KVM_EXIT_INTR:
    case KVM_EXIT_IRQ_WINDOW_OPEN:
        action->kind = KVM_EXIT_ACTION_RESUME;
        break;
    case KVM_EXIT_SHUTDOWN:
        /* On x86 this is a triple fault: a PC resets. */
        action->kind = KVM_EXIT_ACTION_RESET;
        break;
    case KVM_EXIT_SYSTEM_EVENT:
        decode_system_event(run, action);
        break;
    case KVM_EXIT_INTERNAL_ERROR:
        decode_internal_error(run, action);
        break;
    case KVM_EXIT_DEBUG:
        /* only KVM_SET_GUEST_DEBUG (a debugger attached) produces it */
        action->kind = KVM_EXIT_ACTION_DEBUG;
        break;
    case KVM_EXIT_FAIL_ENTRY:
        set_error(action, "KVM could not enter the guest: hardware entry "
                  "failure reason 0x%llx on host CPU %u",
                  (unsigned long long)
                  run->fail_entry.hardware_entry_failure_reason,
                  run->fail_entry.cpu);
        break;
    default:
        set_error(action, "unexpected KVM exit %u (%s)", run->exit_reason,
                  kvm_exit_reason_name(run->exit_reason));
        break;
    }
}
