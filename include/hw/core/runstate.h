/*
 * Machine lifecycle: the run state with its allowed transitions, and the
 * requests (shutdown, reset, powerdown, stop, continue) that any thread
 * may make and the main loop carries out.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A device that wants the machine reset or powered off calls a request
 * function and returns; nothing happens inside the device's own call
 * stack. vireo_main_loop() notices the request on its next iteration and
 * acts on it with the BQL held.
 */
#ifndef VIREO_HW_CORE_RUNSTATE_H
#define VIREO_HW_CORE_RUNSTATE_H

#include <glib.h>
#include <stdbool.h>

typedef enum {
    RUN_STATE_PRELAUNCH,        /* built, not started yet (-S) */
    RUN_STATE_RUNNING,
    RUN_STATE_PAUSED,           /* stopped by the user */
    RUN_STATE_SHUTDOWN,         /* the guest is off */
    RUN_STATE_INTERNAL_ERROR,   /* the emulator could not go on */
    RUN_STATE_GUEST_PANICKED,
    RUN_STATE__MAX,
} RunState;

typedef enum {
    SHUTDOWN_CAUSE_NONE,
    SHUTDOWN_CAUSE_GUEST_POWEROFF,  /* the guest switched itself off */
    SHUTDOWN_CAUSE_GUEST_RESET,     /* the guest asked for a reset */
    SHUTDOWN_CAUSE_GUEST_PANIC,     /* a pvpanic-style device fired */
    SHUTDOWN_CAUSE_HOST_SIGNAL,     /* SIGINT, SIGTERM or SIGHUP */
    SHUTDOWN_CAUSE_HOST_QMP_QUIT,   /* QMP "quit" */
    SHUTDOWN_CAUSE_HOST_QMP_RESET,  /* QMP "system_reset" */
    SHUTDOWN_CAUSE_HOST_UI,         /* Ctrl-a x, closing a window */
    SHUTDOWN_CAUSE__MAX,
} ShutdownCause;

/* "running", "paused", ... (QMP's spelling) */
const char *runstate_name(RunState state);
/* "guest-shutdown", "host-signal", ... (QMP's spelling) */
const char *shutdown_cause_name(ShutdownCause cause);

RunState runstate_get(void);
bool runstate_is_running(void);
/* Whether from -> to is allowed (staying put always is). */
bool runstate_transition_valid(RunState from, RunState to);
/*
 * Change state and tell the change notifiers when whether the machine
 * runs changes. Call with the BQL held; an invalid transition is a
 * programming error (it asserts).
 */
void runstate_set(RunState state);

/*
 * Called after the state changed, in registration order: running says
 * whether the machine now runs. The virtual clock follows the state
 * before any notifier runs.
 */
typedef void RunStateChangeFunc(void *opaque, bool running, RunState state);
typedef struct RunStateNotifier RunStateNotifier;
RunStateNotifier *runstate_add_change_notifier(RunStateChangeFunc *fn,
                                               void *opaque);
void runstate_remove_change_notifier(RunStateNotifier *n);

/*
 * Reset handlers run on every system reset, in registration order (a
 * board registers device reset and ROM reload here). Unregistering
 * removes the first matching (fn, opaque) pair.
 */
typedef void ResetHandler(void *opaque);
void runstate_register_reset(ResetHandler *fn, void *opaque);
void runstate_unregister_reset(ResetHandler *fn, void *opaque);
/* Run every reset handler now (boards call it once before starting). */
void runstate_system_reset(ShutdownCause cause);
/*
 * Called around every system reset: the vCPU layer stops every vCPU at a
 * safe point first and lets the running ones go on afterwards.
 */
void runstate_set_reset_quiesce(void (*stop)(void), void (*restart)(void));

/*
 * Powerdown notifiers: what a "press the power button" request does (an
 * ACPI or GPIO power-button device registers here; with none, nothing).
 */
typedef void PowerdownFunc(void *opaque);
void runstate_register_powerdown(PowerdownFunc *fn, void *opaque);

/* Whether a power-button device registered (system_powerdown can work). */
bool runstate_has_powerdown_handler(void);
/* Whether the cause is the guest's own doing (QMP's "guest" flag). */
bool shutdown_cause_is_guest(ShutdownCause cause);

/*
 * What the main loop did with a request, for the monitor's events
 * (SHUTDOWN, RESET, POWERDOWN); called with the BQL held. One handler.
 */
typedef enum {
    RUNSTATE_EVENT_SHUTDOWN,
    RUNSTATE_EVENT_RESET,
    RUNSTATE_EVENT_POWERDOWN,
} RunStateEvent;
typedef void RunStateEventFunc(RunStateEvent event, ShutdownCause cause);
void runstate_set_event_handler(RunStateEventFunc *fn);

/* -no-reboot: a guest reset ends the program (exit 0) instead. */
void runstate_set_no_reboot(bool no_reboot);
/*
 * -no-shutdown: a guest poweroff or panic stops the machine (state
 * shutdown / guest-panicked) but the program stays, for a monitor or
 * debugger to look at it; only a host request ends it.
 */
void runstate_set_no_shutdown(bool no_shutdown);

/*
 * Requests, from any thread and without the BQL; each wakes the main
 * loop. The first shutdown request wins; later ones are ignored.
 */
void runstate_request_shutdown(ShutdownCause cause);
void runstate_request_reset(ShutdownCause cause);
void runstate_request_powerdown(void);
/*
 * End the program with this exit status (0..255) at the next main-loop
 * iteration, whatever -no-shutdown says: for test devices such as
 * isa-debug-exit, never for a guest's ordinary poweroff.
 */
void runstate_request_exit_status(int status);
void runstate_request_stop(void);
void runstate_request_cont(void);

/*
 * Carry out pending requests (BQL held); return true, with the program's
 * exit status in *exit_code, once a shutdown was requested. Exit codes:
 * 1 for a guest panic, 0 for every other cause.
 */
bool runstate_main_loop_should_exit(int *exit_code);
/* The cause of the shutdown that ended the loop (NONE before that). */
ShutdownCause runstate_shutdown_cause(void);

/*
 * SIGINT, SIGTERM and SIGHUP become shutdown requests with cause
 * SHUTDOWN_CAUSE_HOST_SIGNAL, handled in the main loop (not in the
 * signal handler). Remove undoes it.
 */
void runstate_install_signal_handlers(void);
void runstate_remove_signal_handlers(void);

/*
 * Run main_loop_wait() until a shutdown request; return the exit status.
 * Takes the BQL for the caller if it does not hold it.
 */
int vireo_main_loop(void);

#endif
