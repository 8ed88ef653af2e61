/*
 * hw/core/runstate.c: transitions, notifiers, reset handlers, requests
 * and the exit codes of vireo_main_loop().
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-check.h"
#include "hw/core/runstate.h"
#include "util/main-loop.h"
#include "util/timer.h"

#include <signal.h>
#include <string.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

static GString *trace;

static void trace_reset(void *opaque)
{
    g_string_append(trace, opaque);
}

static void trace_change(void *opaque, bool running, RunState state)
{
    g_string_append_printf(trace, "%s:%s:%d ", (char *)opaque,
                           runstate_name(state), running);
}

static void setup(void)
{
    trace = g_string_new("");
}

static void teardown(void)
{
    g_string_free(trace, TRUE);
}

START_TEST(names)
{
    ck_assert_str_eq(runstate_name(RUN_STATE_PRELAUNCH), "prelaunch");
    ck_assert_str_eq(runstate_name(RUN_STATE_GUEST_PANICKED),
                     "guest-panicked");
    ck_assert_str_eq(shutdown_cause_name(SHUTDOWN_CAUSE_HOST_SIGNAL),
                     "host-signal");
    ck_assert_str_eq(shutdown_cause_name(SHUTDOWN_CAUSE_GUEST_POWEROFF),
                     "guest-shutdown");
}
END_TEST

START_TEST(transitions_and_notifiers)
{
    RunStateNotifier *a, *b;

    ck_assert_int_eq(runstate_get(), RUN_STATE_PRELAUNCH);
    ck_assert(!runstate_is_running());
    ck_assert(runstate_transition_valid(RUN_STATE_PRELAUNCH,
                                        RUN_STATE_RUNNING));
    ck_assert(runstate_transition_valid(RUN_STATE_PAUSED, RUN_STATE_PAUSED));
    ck_assert(!runstate_transition_valid(RUN_STATE_SHUTDOWN,
                                         RUN_STATE_RUNNING));
    ck_assert(!runstate_transition_valid(RUN_STATE_RUNNING,
                                         RUN_STATE_PRELAUNCH));

    a = runstate_add_change_notifier(trace_change, "a");
    b = runstate_add_change_notifier(trace_change, "b");
    runstate_set(RUN_STATE_RUNNING);
    ck_assert(runstate_is_running());
    ck_assert(clock_virtual_is_running());   /* the clock follows */
    runstate_set(RUN_STATE_RUNNING);         /* no change, no calls */
    runstate_remove_change_notifier(a);
    runstate_set(RUN_STATE_PAUSED);
    ck_assert(!clock_virtual_is_running());
    ck_assert_str_eq(trace->str, "a:running:1 b:running:1 b:paused:0 ");
    runstate_remove_change_notifier(b);
}
END_TEST

/*
 * For tests that end in a failed assertion: glib reports those as a TAP
 * "Bail out!" on stdout, which would end the whole TAP stream. The test
 * runs in its own forked child, so only that child loses its stdout.
 */
static void silence_stdout(void)
{
    int fd = open("/dev/null", O_WRONLY);

    ck_assert_int_ge(fd, 0);
    fflush(stdout);
    dup2(fd, STDOUT_FILENO);
    close(fd);
}

START_TEST(invalid_transition_is_a_bug)
{
    silence_stdout();
    runstate_set(RUN_STATE_RUNNING);
    runstate_set(RUN_STATE_SHUTDOWN);
    runstate_set(RUN_STATE_RUNNING);         /* must reset first */
}
END_TEST

START_TEST(reset_handlers_in_order)
{
    int code = -1;

    runstate_register_reset(trace_reset, "A");
    runstate_register_reset(trace_reset, "B");
    runstate_register_reset(trace_reset, "C");
    runstate_set(RUN_STATE_RUNNING);
    runstate_request_reset(SHUTDOWN_CAUSE_GUEST_RESET);
    ck_assert(!runstate_main_loop_should_exit(&code));
    ck_assert_str_eq(trace->str, "ABC");
    ck_assert(runstate_is_running());         /* a reboot keeps running */

    runstate_unregister_reset(trace_reset, "B");
    runstate_unregister_reset(trace_reset, "nope");
    runstate_system_reset(SHUTDOWN_CAUSE_HOST_QMP_RESET);
    ck_assert_str_eq(trace->str, "ABCAC");
    ck_assert(!runstate_main_loop_should_exit(&code));  /* nothing pending */
    ck_assert_str_eq(trace->str, "ABCAC");
    ck_assert_int_eq(code, -1);
}
END_TEST

START_TEST(no_reboot_turns_guest_reset_into_exit)
{
    int code = -1;

    runstate_register_reset(trace_reset, "R");
    runstate_set_no_reboot(true);
    runstate_set(RUN_STATE_RUNNING);

    /* A host reset still resets. */
    runstate_request_reset(SHUTDOWN_CAUSE_HOST_QMP_RESET);
    ck_assert(!runstate_main_loop_should_exit(&code));
    ck_assert_str_eq(trace->str, "R");

    runstate_request_reset(SHUTDOWN_CAUSE_GUEST_RESET);
    ck_assert(runstate_main_loop_should_exit(&code));
    ck_assert_int_eq(code, 0);
    ck_assert_int_eq(runstate_shutdown_cause(), SHUTDOWN_CAUSE_GUEST_RESET);
    ck_assert_int_eq(runstate_get(), RUN_STATE_SHUTDOWN);
    ck_assert_str_eq(trace->str, "R");        /* no reset ran */
}
END_TEST

static void check_shutdown(ShutdownCause cause, int want_code,
                           RunState want_state)
{
    int code = -1;

    runstate_set(RUN_STATE_RUNNING);
    ck_assert_int_eq(runstate_shutdown_cause(), SHUTDOWN_CAUSE_NONE);
    runstate_request_shutdown(cause);
    ck_assert(runstate_main_loop_should_exit(&code));
    ck_assert_int_eq(code, want_code);
    ck_assert_int_eq(runstate_shutdown_cause(), cause);
    ck_assert_int_eq(runstate_get(), want_state);
    ck_assert(!clock_virtual_is_running());
}

START_TEST(no_shutdown_keeps_the_program_after_poweroff)
{
    int code = -1;

    runstate_set_no_shutdown(true);
    runstate_set(RUN_STATE_RUNNING);
    runstate_request_shutdown(SHUTDOWN_CAUSE_GUEST_POWEROFF);
    ck_assert(!runstate_main_loop_should_exit(&code));
    ck_assert_int_eq(runstate_get(), RUN_STATE_SHUTDOWN);

    /* The host can still end it. */
    runstate_request_shutdown(SHUTDOWN_CAUSE_HOST_SIGNAL);
    ck_assert(runstate_main_loop_should_exit(&code));
    ck_assert_int_eq(code, 0);
    runstate_set_no_shutdown(false);
}
END_TEST

static void quiesce_stop(void)
{
    g_string_append(trace, "[");
}

static void quiesce_restart(void)
{
    g_string_append(trace, "]");
}

START_TEST(reset_is_wrapped_by_quiesce_hooks)
{
    runstate_register_reset(trace_reset, "A");
    runstate_register_reset(trace_reset, "B");
    runstate_set_reset_quiesce(quiesce_stop, quiesce_restart);
    runstate_system_reset(SHUTDOWN_CAUSE_HOST_QMP_RESET);
    ck_assert_str_eq(trace->str, "[AB]");
    runstate_set_reset_quiesce(NULL, NULL);
    runstate_system_reset(SHUTDOWN_CAUSE_HOST_QMP_RESET);
    ck_assert_str_eq(trace->str, "[AB]AB");
}
END_TEST

START_TEST(shutdown_poweroff)
{
    check_shutdown(SHUTDOWN_CAUSE_GUEST_POWEROFF, 0, RUN_STATE_SHUTDOWN);
}
END_TEST

START_TEST(shutdown_panic)
{
    check_shutdown(SHUTDOWN_CAUSE_GUEST_PANIC, 1, RUN_STATE_GUEST_PANICKED);
}
END_TEST

START_TEST(shutdown_signal)
{
    check_shutdown(SHUTDOWN_CAUSE_HOST_SIGNAL, 0, RUN_STATE_SHUTDOWN);
}
END_TEST

START_TEST(shutdown_qmp_quit)
{
    check_shutdown(SHUTDOWN_CAUSE_HOST_QMP_QUIT, 0, RUN_STATE_SHUTDOWN);
}
END_TEST

START_TEST(shutdown_ui)
{
    check_shutdown(SHUTDOWN_CAUSE_HOST_UI, 0, RUN_STATE_SHUTDOWN);
}
END_TEST

START_TEST(first_shutdown_request_wins)
{
    int code = -1;

    runstate_request_shutdown(SHUTDOWN_CAUSE_GUEST_POWEROFF);
    runstate_request_shutdown(SHUTDOWN_CAUSE_GUEST_PANIC);
    runstate_request_reset(SHUTDOWN_CAUSE_GUEST_RESET);
    ck_assert(runstate_main_loop_should_exit(&code));
    ck_assert_int_eq(code, 0);
    ck_assert_int_eq(runstate_shutdown_cause(),
                     SHUTDOWN_CAUSE_GUEST_POWEROFF);
    /* Shut down from prelaunch: allowed. */
    ck_assert_int_eq(runstate_get(), RUN_STATE_SHUTDOWN);
}
END_TEST

START_TEST(exit_status_request)
{
    int code = -1;

    /* Wins over -no-shutdown, a pending reset and later requests. */
    runstate_set_no_shutdown(true);
    runstate_set(RUN_STATE_RUNNING);
    runstate_request_exit_status(67);
    runstate_request_exit_status(3);
    runstate_request_reset(SHUTDOWN_CAUSE_GUEST_RESET);
    ck_assert(runstate_main_loop_should_exit(&code));
    ck_assert_int_eq(code, 67);
    ck_assert_int_eq(runstate_get(), RUN_STATE_SHUTDOWN);
    runstate_set_no_shutdown(false);
}
END_TEST

START_TEST(exit_status_is_a_byte)
{
    int code = -1;

    /* (0xff << 1) | 1 from debug-exit: the OS keeps the low 8 bits. */
    runstate_request_exit_status(0x1ff);
    ck_assert(runstate_main_loop_should_exit(&code));
    ck_assert_int_eq(code, 0xff);
    runstate_request_exit_status(0);
    ck_assert(runstate_main_loop_should_exit(&code));
    ck_assert_int_eq(code, 0);
}
END_TEST

static void power_button(void *opaque)
{
    g_string_append(trace, "P");
}

START_TEST(stop_cont_powerdown)
{
    int code = -1;

    runstate_request_cont();
    ck_assert(!runstate_main_loop_should_exit(&code));
    ck_assert_int_eq(runstate_get(), RUN_STATE_RUNNING);
    runstate_request_stop();
    ck_assert(!runstate_main_loop_should_exit(&code));
    ck_assert_int_eq(runstate_get(), RUN_STATE_PAUSED);
    ck_assert(!clock_virtual_is_running());
    runstate_request_stop();
    runstate_request_cont();                  /* the last one wins */
    ck_assert(!runstate_main_loop_should_exit(&code));
    ck_assert_int_eq(runstate_get(), RUN_STATE_RUNNING);

    runstate_request_powerdown();             /* nobody listens: nothing */
    ck_assert(!runstate_main_loop_should_exit(&code));
    runstate_register_powerdown(power_button, NULL);
    runstate_request_powerdown();
    ck_assert(!runstate_main_loop_should_exit(&code));
    ck_assert_str_eq(trace->str, "P");
    ck_assert(runstate_is_running());
}
END_TEST

START_TEST(reset_after_shutdown_goes_to_prelaunch)
{
    int code = -1;

    runstate_set(RUN_STATE_RUNNING);
    runstate_set(RUN_STATE_SHUTDOWN);
    runstate_request_cont();                  /* refused: reset first */
    ck_assert(!runstate_main_loop_should_exit(&code));
    ck_assert_int_eq(runstate_get(), RUN_STATE_SHUTDOWN);
    runstate_request_reset(SHUTDOWN_CAUSE_HOST_QMP_RESET);
    ck_assert(!runstate_main_loop_should_exit(&code));
    ck_assert_int_eq(runstate_get(), RUN_STATE_PRELAUNCH);
    runstate_request_cont();
    ck_assert(!runstate_main_loop_should_exit(&code));
    ck_assert_int_eq(runstate_get(), RUN_STATE_RUNNING);
}
END_TEST

static void watchdog_cb(void *opaque)
{
    /* Ends the loop with a code the test does not expect. */
    runstate_request_shutdown(SHUTDOWN_CAUSE_GUEST_PANIC);
}

static Timer *watchdog_new(void)
{
    Timer *t = timer_new_ms(VIREO_CLOCK_REALTIME, watchdog_cb, NULL);

    timer_mod(t, clock_get_ms(VIREO_CLOCK_REALTIME) + 20000);
    return t;
}

static gpointer quit_thread(gpointer opaque)
{
    g_usleep(5000);
    runstate_request_shutdown(SHUTDOWN_CAUSE_HOST_QMP_QUIT);
    return NULL;
}

START_TEST(request_from_thread_ends_main_loop)
{
    Timer *wd = watchdog_new();
    GThread *th;

    runstate_set(RUN_STATE_RUNNING);
    th = g_thread_new("quit", quit_thread, NULL);
    ck_assert_int_eq(vireo_main_loop(), 0);
    g_thread_join(th);
    ck_assert_int_eq(runstate_shutdown_cause(), SHUTDOWN_CAUSE_HOST_QMP_QUIT);
    ck_assert(!bql_locked());
    timer_free(wd);
}
END_TEST

static void send_sigterm(void *opaque)
{
    kill(getpid(), SIGTERM);
}

START_TEST(signal_becomes_shutdown_request)
{
    Timer *wd = watchdog_new();
    BH *bh;

    runstate_install_signal_handlers();
    runstate_set(RUN_STATE_RUNNING);
    bh = bh_new(send_sigterm, NULL);
    bh_schedule(bh);
    ck_assert_int_eq(vireo_main_loop(), 0);
    ck_assert_int_eq(runstate_shutdown_cause(), SHUTDOWN_CAUSE_HOST_SIGNAL);
    runstate_remove_signal_handlers();
    bh_delete(bh);
    timer_free(wd);
}
END_TEST

static Suite *runstate_suite(void)
{
    Suite *s = suite_create("runstate");
    TCase *tc = tcase_create("core");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, names);
    tcase_add_test(tc, transitions_and_notifiers);
    tcase_add_test_raise_signal(tc, invalid_transition_is_a_bug, SIGABRT);
    tcase_add_test(tc, reset_handlers_in_order);
    tcase_add_test(tc, no_reboot_turns_guest_reset_into_exit);
    tcase_add_test(tc, no_shutdown_keeps_the_program_after_poweroff);
    tcase_add_test(tc, reset_is_wrapped_by_quiesce_hooks);
    tcase_add_test(tc, shutdown_poweroff);
    tcase_add_test(tc, shutdown_panic);
    tcase_add_test(tc, shutdown_signal);
    tcase_add_test(tc, shutdown_qmp_quit);
    tcase_add_test(tc, shutdown_ui);
    tcase_add_test(tc, first_shutdown_request_wins);
    tcase_add_test(tc, exit_status_request);
    tcase_add_test(tc, exit_status_is_a_byte);
    tcase_add_test(tc, stop_cont_powerdown);
    tcase_add_test(tc, reset_after_shutdown_goes_to_prelaunch);
    tcase_add_test(tc, request_from_thread_ends_main_loop);
    tcase_add_test(tc, signal_becomes_shutdown_request);
    suite_add_tcase(s, tc);
    return s;
}

VIREO_CHECK_MAIN(runstate_suite)
