/*
 * Machine lifecycle: the run state, its transition table, change
 * notifiers, reset and powerdown handlers, and the requests other threads
 * post for the main loop to carry out.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "hw/core/runstate.h"
#include "util/error.h"
#include "util/main-loop.h"
#include "util/timer.h"

#include <glib-unix.h>
#include <signal.h>

struct RunStateNotifier {
    RunStateChangeFunc *fn;
    void *opaque;
};

typedef struct Handler {
    void (*fn)(void *opaque);
    void *opaque;
} Handler;

enum { RUN_REQUEST_NONE, RUN_REQUEST_STOP, RUN_REQUEST_CONT };

static int current_state = RUN_STATE_PRELAUNCH;     /* atomic */
static GPtrArray *change_notifiers;
static GArray *reset_handlers;
static GArray *powerdown_handlers;
static bool no_reboot;
static int exit_status_request;     /* atomic: status + 1, or 0 */
static bool no_shutdown;
static void (*reset_quiesce_stop)(void);
static void (*reset_quiesce_restart)(void);
static ShutdownCause final_cause = SHUTDOWN_CAUSE_NONE;

/* Posted by any thread, taken by the main loop. */
static int shutdown_request;    /* ShutdownCause, first one wins */
static int reset_request;       /* ShutdownCause */
static int powerdown_request;
static int run_request;

static guint signal_sources[3];
static const int shutdown_signals[3] = { SIGINT, SIGTERM, SIGHUP };

static const char *const state_names[RUN_STATE__MAX] = {
    [RUN_STATE_PRELAUNCH] = "prelaunch",
    [RUN_STATE_RUNNING] = "running",
    [RUN_STATE_PAUSED] = "paused",
    [RUN_STATE_SHUTDOWN] = "shutdown",
    [RUN_STATE_INTERNAL_ERROR] = "internal-error",
    [RUN_STATE_GUEST_PANICKED] = "guest-panicked",
};

static const char *const cause_names[SHUTDOWN_CAUSE__MAX] = {
    [SHUTDOWN_CAUSE_NONE] = "none",
    [SHUTDOWN_CAUSE_GUEST_POWEROFF] = "guest-shutdown",
    [SHUTDOWN_CAUSE_GUEST_RESET] = "guest-reset",
    [SHUTDOWN_CAUSE_GUEST_PANIC] = "guest-panic",
    [SHUTDOWN_CAUSE_HOST_SIGNAL] = "host-signal",
    [SHUTDOWN_CAUSE_HOST_QMP_QUIT] = "host-qmp-quit",
    [SHUTDOWN_CAUSE_HOST_QMP_RESET] = "host-qmp-system-reset",
    [SHUTDOWN_CAUSE_HOST_UI] = "host-ui",
};

#define BIT(s) (1u << (s))
/* allowed[from] is the set of states one may go to from `from`. */
static const unsigned allowed[RUN_STATE__MAX] = {
    [RUN_STATE_PRELAUNCH] = BIT(RUN_STATE_RUNNING) | BIT(RUN_STATE_PAUSED) |
        BIT(RUN_STATE_SHUTDOWN) | BIT(RUN_STATE_INTERNAL_ERROR) |
        BIT(RUN_STATE_GUEST_PANICKED),
    [RUN_STATE_RUNNING] = BIT(RUN_STATE_PAUSED) | BIT(RUN_STATE_SHUTDOWN) |
        BIT(RUN_STATE_INTERNAL_ERROR) | BIT(RUN_STATE_GUEST_PANICKED),
    [RUN_STATE_PAUSED] = BIT(RUN_STATE_RUNNING) | BIT(RUN_STATE_PRELAUNCH) |
        BIT(RUN_STATE_SHUTDOWN) | BIT(RUN_STATE_INTERNAL_ERROR) |
        BIT(RUN_STATE_GUEST_PANICKED),
    /* A machine that stopped for good must be reset (to prelaunch). */
    [RUN_STATE_SHUTDOWN] = BIT(RUN_STATE_PRELAUNCH) | BIT(RUN_STATE_PAUSED),
    [RUN_STATE_INTERNAL_ERROR] = BIT(RUN_STATE_PRELAUNCH) |
        BIT(RUN_STATE_PAUSED) | BIT(RUN_STATE_RUNNING),
    [RUN_STATE_GUEST_PANICKED] = BIT(RUN_STATE_PRELAUNCH) |
        BIT(RUN_STATE_PAUSED) | BIT(RUN_STATE_RUNNING),
};

const char *runstate_name(RunState state)
{
    g_assert(state >= 0 && state < RUN_STATE__MAX);
    return state_names[state];
}

const char *shutdown_cause_name(ShutdownCause cause)
{
    g_assert(cause >= 0 && cause < SHUTDOWN_CAUSE__MAX);
    return cause_names[cause];
}

RunState runstate_get(void)
{
    return g_atomic_int_get(&current_state);
}

bool runstate_is_running(void)
{
    return runstate_get() == RUN_STATE_RUNNING;
}

bool runstate_transition_valid(RunState from, RunState to)
{
    g_assert(from >= 0 && from < RUN_STATE__MAX);
    g_assert(to >= 0 && to < RUN_STATE__MAX);
    return from == to || (allowed[from] & BIT(to));
}

void runstate_set(RunState state)
{
    RunState old = runstate_get();
    bool running = state == RUN_STATE_RUNNING;

    if (old == state) {
        return;
    }
    if (!runstate_transition_valid(old, state)) {
        g_printerr("invalid run state transition %s -> %s\n",
                   runstate_name(old), runstate_name(state));
        g_assert_not_reached();
    }
    g_atomic_int_set(&current_state, state);
    clock_virtual_set_running(running);
    if (!change_notifiers) {
        return;
    }
    /* By index: a notifier may add another. */
    for (guint i = 0; i < change_notifiers->len; i++) {
        RunStateNotifier *n = g_ptr_array_index(change_notifiers, i);
        n->fn(n->opaque, running, state);
    }
}

RunStateNotifier *runstate_add_change_notifier(RunStateChangeFunc *fn,
                                               void *opaque)
{
    RunStateNotifier *n = g_new0(RunStateNotifier, 1);

    if (!change_notifiers) {
        change_notifiers = g_ptr_array_new_with_free_func(g_free);
    }
    n->fn = fn;
    n->opaque = opaque;
    g_ptr_array_add(change_notifiers, n);
    return n;
}

void runstate_remove_change_notifier(RunStateNotifier *n)
{
    if (n && change_notifiers) {
        g_ptr_array_remove(change_notifiers, n);
    }
}

static void handler_add(GArray **list, void (*fn)(void *), void *opaque)
{
    Handler h = { .fn = fn, .opaque = opaque };

    if (!*list) {
        *list = g_array_new(FALSE, FALSE, sizeof(Handler));
    }
    g_array_append_val(*list, h);
}

/* Run a copy, so a handler may (un)register others as it runs. */
static void handlers_run(GArray *list)
{
    g_autoptr(GArray) copy = NULL;

    if (!list || !list->len) {
        return;
    }
    copy = g_array_copy(list);
    for (guint i = 0; i < copy->len; i++) {
        Handler *h = &g_array_index(copy, Handler, i);
        h->fn(h->opaque);
    }
}

void runstate_register_reset(ResetHandler *fn, void *opaque)
{
    handler_add(&reset_handlers, fn, opaque);
}

void runstate_unregister_reset(ResetHandler *fn, void *opaque)
{
    for (guint i = 0; reset_handlers && i < reset_handlers->len; i++) {
        Handler *h = &g_array_index(reset_handlers, Handler, i);
        if (h->fn == fn && h->opaque == opaque) {
            g_array_remove_index(reset_handlers, i);
            return;
        }
    }
}

void runstate_set_reset_quiesce(void (*stop)(void), void (*restart)(void))
{
    reset_quiesce_stop = stop;
    reset_quiesce_restart = restart;
}

void runstate_system_reset(ShutdownCause cause)
{
    if (reset_quiesce_stop) {
        reset_quiesce_stop();
    }
    handlers_run(reset_handlers);
    if (reset_quiesce_restart) {
        reset_quiesce_restart();
    }
}

void runstate_register_powerdown(PowerdownFunc *fn, void *opaque)
{
    handler_add(&powerdown_handlers, fn, opaque);
}

static RunStateEventFunc *event_handler;

void runstate_set_event_handler(RunStateEventFunc *fn)
{
    event_handler = fn;
}

static void runstate_event(RunStateEvent event, ShutdownCause cause)
{
    if (event_handler) {
        event_handler(event, cause);
    }
}

bool runstate_has_powerdown_handler(void)
{
    return powerdown_handlers && powerdown_handlers->len > 0;
}

bool shutdown_cause_is_guest(ShutdownCause cause)
{
    return cause == SHUTDOWN_CAUSE_GUEST_POWEROFF ||
           cause == SHUTDOWN_CAUSE_GUEST_RESET ||
           cause == SHUTDOWN_CAUSE_GUEST_PANIC;
}

void runstate_set_no_reboot(bool value)
{
    no_reboot = value;
}

void runstate_set_no_shutdown(bool value)
{
    no_shutdown = value;
}

void runstate_request_shutdown(ShutdownCause cause)
{
    g_assert(cause > SHUTDOWN_CAUSE_NONE && cause < SHUTDOWN_CAUSE__MAX);
    g_atomic_int_compare_and_exchange(&shutdown_request, 0, cause);
    main_loop_wakeup();
}

void runstate_request_exit_status(int status)
{
    /* Encoded +1 so 0 stays "none"; the first request wins. */
    g_atomic_int_compare_and_exchange(&exit_status_request, 0,
                                      (status & 0xff) + 1);
    main_loop_wakeup();
}

void runstate_request_reset(ShutdownCause cause)
{
    g_assert(cause > SHUTDOWN_CAUSE_NONE && cause < SHUTDOWN_CAUSE__MAX);
    g_atomic_int_set(&reset_request, cause);
    main_loop_wakeup();
}

void runstate_request_powerdown(void)
{
    g_atomic_int_set(&powerdown_request, 1);
    main_loop_wakeup();
}

void runstate_request_stop(void)
{
    g_atomic_int_set(&run_request, RUN_REQUEST_STOP);
    main_loop_wakeup();
}

void runstate_request_cont(void)
{
    g_atomic_int_set(&run_request, RUN_REQUEST_CONT);
    main_loop_wakeup();
}

/* Take a posted request: read it and leave 0 behind, atomically. */
static int request_take(int *request)
{
    return g_atomic_int_and(request, 0);
}

static void runstate_set_if_valid(RunState state)
{
    if (runstate_transition_valid(runstate_get(), state)) {
        runstate_set(state);
    }
}

static int runstate_do_shutdown(ShutdownCause cause)
{
    final_cause = cause;
    runstate_event(RUNSTATE_EVENT_SHUTDOWN, cause);
    if (cause == SHUTDOWN_CAUSE_GUEST_PANIC) {
        runstate_set_if_valid(RUN_STATE_GUEST_PANICKED);
        return 1;
    }
    runstate_set_if_valid(RUN_STATE_SHUTDOWN);
    return 0;
}

bool runstate_main_loop_should_exit(int *exit_code)
{
    int status = request_take(&exit_status_request);
    int cause = request_take(&shutdown_request);
    int run;

    if (status) {
        final_cause = SHUTDOWN_CAUSE_GUEST_POWEROFF;
        runstate_event(RUNSTATE_EVENT_SHUTDOWN, final_cause);
        runstate_set_if_valid(RUN_STATE_SHUTDOWN);
        *exit_code = status - 1;
        return true;
    }

    if (cause) {
        *exit_code = runstate_do_shutdown(cause);
        /* -no-shutdown: a guest that switched off stays, stopped. */
        if (!(no_shutdown && (cause == SHUTDOWN_CAUSE_GUEST_POWEROFF ||
                              cause == SHUTDOWN_CAUSE_GUEST_PANIC))) {
            return true;
        }
        *exit_code = 0;
    }
    cause = request_take(&reset_request);
    if (cause) {
        if (no_reboot && cause == SHUTDOWN_CAUSE_GUEST_RESET) {
            *exit_code = runstate_do_shutdown(cause);
            return true;
        }
        runstate_event(RUNSTATE_EVENT_RESET, cause);
        runstate_system_reset(cause);
        switch (runstate_get()) {
        case RUN_STATE_SHUTDOWN:
        case RUN_STATE_INTERNAL_ERROR:
        case RUN_STATE_GUEST_PANICKED:
            runstate_set(RUN_STATE_PRELAUNCH);
            break;
        default:
            break;
        }
    }
    if (request_take(&powerdown_request)) {
        runstate_event(RUNSTATE_EVENT_POWERDOWN, SHUTDOWN_CAUSE_NONE);
        handlers_run(powerdown_handlers);
    }
    run = request_take(&run_request);
    if (run == RUN_REQUEST_STOP && runstate_is_running()) {
        runstate_set(RUN_STATE_PAUSED);
    } else if (run == RUN_REQUEST_CONT && !runstate_is_running()) {
        if (runstate_transition_valid(runstate_get(), RUN_STATE_RUNNING)) {
            runstate_set(RUN_STATE_RUNNING);
        } else {
            vireo_warn("cannot continue from state '%s': reset first",
                       runstate_name(runstate_get()));
        }
    }
    return false;
}

ShutdownCause runstate_shutdown_cause(void)
{
    return final_cause;
}

static gboolean runstate_on_signal(gpointer opaque)
{
    int signo = GPOINTER_TO_INT(opaque);

    /* Say why we stop: an unexplained exit 0 looks like a guest poweroff. */
    g_printerr("%s: terminating on signal %d\n",
               g_get_prgname() ? g_get_prgname() : "vireo", signo);
    runstate_request_shutdown(SHUTDOWN_CAUSE_HOST_SIGNAL);
    return G_SOURCE_CONTINUE;
}

void runstate_install_signal_handlers(void)
{
    for (int i = 0; i < 3; i++) {
        if (!signal_sources[i]) {
            int signo = shutdown_signals[i];
            signal_sources[i] = g_unix_signal_add(signo, runstate_on_signal,
                                                  GINT_TO_POINTER(signo));
        }
    }
}

void runstate_remove_signal_handlers(void)
{
    for (int i = 0; i < 3; i++) {
        if (signal_sources[i]) {
            g_source_remove(signal_sources[i]);
            signal_sources[i] = 0;
        }
    }
}

int vireo_main_loop(void)
{
    bool took = !bql_locked();
    int exit_code = 0;

    if (took) {
        bql_lock();
    }
    while (!runstate_main_loop_should_exit(&exit_code)) {
        main_loop_wait(false);
    }
    if (took) {
        bql_unlock();
    }
    return exit_code;
}
