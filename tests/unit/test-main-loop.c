/*
 * util/main-loop.c, util/bql.c, util/event-notifier.c: bottom halves,
 * fd handlers, the BQL and event notifiers.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-check.h"
#include "util/event-notifier.h"
#include "util/main-loop.h"
#include "util/timer.h"

#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

/*
 * A far-off timer that ends a blocking wait which should have been woken
 * by something else; the test then fails on `watchdog_fired`.
 */
static bool watchdog_fired;

static void watchdog_cb(void *opaque)
{
    watchdog_fired = true;
}

static Timer *watchdog_new(void)
{
    Timer *t = timer_new_ms(VIREO_CLOCK_REALTIME, watchdog_cb, NULL);

    watchdog_fired = false;
    timer_mod(t, clock_get_ms(VIREO_CLOCK_REALTIME) + 20000);
    return t;
}

static int counter;

static void count_cb(void *opaque)
{
    counter++;
}

START_TEST(bh_runs_once_per_schedule)
{
    BH *bh;

    ck_assert(main_loop_init(NULL));
    bh = bh_new(count_cb, NULL);
    counter = 0;
    main_loop_wait(true);
    ck_assert_int_eq(counter, 0);
    bh_schedule(bh);
    bh_schedule(bh);
    bh_schedule(bh);
    main_loop_wait(true);
    ck_assert_int_eq(counter, 1);
    main_loop_wait(true);
    ck_assert_int_eq(counter, 1);
    bh_schedule(bh);
    bh_cancel(bh);
    main_loop_wait(true);
    ck_assert_int_eq(counter, 1);
    bh_delete(bh);
}
END_TEST

static BH *victim_bh;
static BH *self_bh;
static int victim_runs, self_runs;

static void victim_cb(void *opaque)
{
    victim_runs++;
}

static void deleter_cb(void *opaque)
{
    self_runs++;
    bh_delete(victim_bh);
    bh_delete(self_bh);
}

START_TEST(bh_deletes_itself_and_another)
{
    /* The victim comes after the deleter, so the walk would reach it. */
    self_bh = bh_new(deleter_cb, NULL);
    victim_bh = bh_new(victim_cb, NULL);
    bh_schedule(self_bh);
    bh_schedule(victim_bh);
    main_loop_wait(true);
    ck_assert_int_eq(self_runs, 1);
    ck_assert_int_eq(victim_runs, 0);
    main_loop_wait(true);
    ck_assert_int_eq(self_runs, 1);
    bh_delete(NULL);
}
END_TEST

static BH *again_bh;

static void again_cb(void *opaque)
{
    if (++counter < 3) {
        bh_schedule(again_bh);
    }
}

START_TEST(bh_reschedules_itself)
{
    counter = 0;
    again_bh = bh_new(again_cb, NULL);
    bh_schedule(again_bh);
    main_loop_wait(true);
    ck_assert_int_eq(counter, 1);   /* not in the same walk */
    main_loop_wait(true);
    main_loop_wait(true);
    main_loop_wait(true);
    ck_assert_int_eq(counter, 3);
    bh_delete(again_bh);
}
END_TEST

static bool bh_saw_bql;

static void bql_probe_cb(void *opaque)
{
    counter++;
    bh_saw_bql = bql_locked();
}

static gpointer schedule_thread(gpointer opaque)
{
    g_usleep(5000);
    bh_schedule(opaque);
    return NULL;
}

START_TEST(bh_from_thread_wakes_blocked_loop)
{
    Timer *wd = watchdog_new();
    BH *bh = bh_new(bql_probe_cb, NULL);
    GThread *th;

    counter = 0;
    th = g_thread_new("sched", schedule_thread, bh);
    while (!counter && !watchdog_fired) {
        main_loop_wait(false);      /* nothing else can end this wait */
    }
    g_thread_join(th);
    ck_assert(!watchdog_fired);
    ck_assert_int_eq(counter, 1);
    ck_assert(bh_saw_bql);          /* taken for the caller */
    ck_assert(!bql_locked());       /* and given back */
    bh_delete(bh);
    timer_free(wd);
}
END_TEST

static gpointer locked_probe_thread(gpointer opaque)
{
    return GINT_TO_POINTER(bql_locked());
}

static gpointer bql_taker_thread(gpointer opaque)
{
    /* Succeeds only while the main loop sleeps with the BQL dropped. */
    bql_lock();
    ck_assert(bql_locked());
    bh_schedule(opaque);
    bql_unlock();
    return NULL;
}

START_TEST(bql_ownership)
{
    Timer *wd = watchdog_new();
    BH *bh = bh_new(bql_probe_cb, NULL);
    GThread *th;

    ck_assert(!bql_locked());
    bql_lock();
    ck_assert(bql_locked());
    th = g_thread_new("probe", locked_probe_thread, NULL);
    ck_assert_int_eq(GPOINTER_TO_INT(g_thread_join(th)), 0);

    counter = 0;
    th = g_thread_new("taker", bql_taker_thread, bh);
    while (!counter && !watchdog_fired) {
        main_loop_wait(false);
    }
    g_thread_join(th);
    ck_assert(!watchdog_fired);
    ck_assert(bh_saw_bql);
    ck_assert(bql_locked());        /* the caller still holds it */
    bql_unlock();
    ck_assert(!bql_locked());
    bh_delete(bh);
    timer_free(wd);
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

START_TEST(bql_double_lock_is_a_bug)
{
    silence_stdout();
    bql_lock();
    bql_lock();
}
END_TEST

START_TEST(bql_unlock_unheld_is_a_bug)
{
    silence_stdout();
    bql_unlock();
}
END_TEST

static int pipe_fds[2];
static int reads, writes;
static char last_byte;

static void pipe_read_cb(void *opaque)
{
    reads++;
    ck_assert_int_eq(read(pipe_fds[0], &last_byte, 1), 1);
    ck_assert_ptr_eq(opaque, &pipe_fds);
}

static void pipe_write_cb(void *opaque)
{
    writes++;
    /* Stop watching writability, or it fires every iteration. */
    main_loop_set_fd_handler(pipe_fds[1], NULL, NULL, NULL);
}

START_TEST(fd_handlers_with_a_pipe)
{
    ck_assert_int_eq(pipe(pipe_fds), 0);
    main_loop_set_fd_handler(pipe_fds[0], pipe_read_cb, NULL, &pipe_fds);
    main_loop_wait(true);
    ck_assert_int_eq(reads, 0);

    ck_assert_int_eq(write(pipe_fds[1], "x", 1), 1);
    main_loop_wait(true);
    ck_assert_int_eq(reads, 1);
    ck_assert_int_eq(last_byte, 'x');

    main_loop_set_fd_handler(pipe_fds[1], NULL, pipe_write_cb, NULL);
    main_loop_wait(true);
    main_loop_wait(true);
    ck_assert_int_eq(writes, 1);

    main_loop_set_fd_handler(pipe_fds[0], NULL, NULL, NULL);
    ck_assert_int_eq(write(pipe_fds[1], "y", 1), 1);
    main_loop_wait(true);
    ck_assert_int_eq(reads, 1);     /* removed: not called */
    close(pipe_fds[0]);
    close(pipe_fds[1]);
}
END_TEST

static void replacing_read_cb(void *opaque)
{
    char c;

    reads++;
    ck_assert_int_eq(read(pipe_fds[0], &c, 1), 1);
    /* Replace this handler by one without a read side. */
    main_loop_set_fd_handler(pipe_fds[0], NULL, pipe_write_cb, NULL);
}

START_TEST(fd_handler_replaces_itself)
{
    ck_assert_int_eq(pipe(pipe_fds), 0);
    main_loop_set_fd_handler(pipe_fds[0], replacing_read_cb, NULL, NULL);
    ck_assert_int_eq(write(pipe_fds[1], "ab", 2), 2);
    main_loop_wait(true);
    ck_assert_int_eq(reads, 1);
    main_loop_wait(true);
    main_loop_wait(true);
    ck_assert_int_eq(reads, 1);     /* the old read side is gone */
    main_loop_set_fd_handler(pipe_fds[0], NULL, NULL, NULL);
    close(pipe_fds[0]);
    close(pipe_fds[1]);
}
END_TEST

static int notified;

static void notifier_cb(EventNotifier *e)
{
    notified++;
    ck_assert(event_notifier_test_and_clear(e));
}

START_TEST(event_notifier_basics)
{
    EventNotifier e, on;
    GError *err = NULL;

    ck_assert(event_notifier_init(&e, false, &err));
    ck_assert_ptr_null(err);
    ck_assert_int_ge(event_notifier_get_fd(&e), 0);
    ck_assert(!event_notifier_test_and_clear(&e));
    event_notifier_set(&e);
    event_notifier_set(&e);
    ck_assert(event_notifier_test_and_clear(&e));
    ck_assert(!event_notifier_test_and_clear(&e));

    ck_assert(event_notifier_init(&on, true, &err));
    ck_assert(event_notifier_test_and_clear(&on));
    event_notifier_cleanup(&on);
    ck_assert_int_eq(event_notifier_get_fd(&on), -1);
    event_notifier_cleanup(&on);    /* twice is harmless */

    event_notifier_set_handler(&e, notifier_cb);
    main_loop_wait(true);
    ck_assert_int_eq(notified, 0);
    event_notifier_set(&e);
    main_loop_wait(true);
    ck_assert_int_eq(notified, 1);
    main_loop_wait(true);
    ck_assert_int_eq(notified, 1);  /* cleared by the handler */

    event_notifier_set_handler(&e, NULL);
    event_notifier_set(&e);
    main_loop_wait(true);
    ck_assert_int_eq(notified, 1);
    event_notifier_set_handler(&e, notifier_cb);
    event_notifier_cleanup(&e);     /* removes the handler too */
    main_loop_wait(true);
    ck_assert_int_eq(notified, 1);
}
END_TEST

static gpointer notify_thread(gpointer opaque)
{
    g_usleep(5000);
    event_notifier_set(opaque);
    return NULL;
}

START_TEST(event_notifier_from_thread_wakes_loop)
{
    Timer *wd = watchdog_new();
    EventNotifier e;
    GThread *th;

    ck_assert(event_notifier_init(&e, false, NULL));
    event_notifier_set_handler(&e, notifier_cb);
    th = g_thread_new("notify", notify_thread, &e);
    while (!notified && !watchdog_fired) {
        main_loop_wait(false);
    }
    g_thread_join(th);
    ck_assert(!watchdog_fired);
    ck_assert_int_eq(notified, 1);
    event_notifier_cleanup(&e);
    timer_free(wd);
}
END_TEST

static Suite *main_loop_suite(void)
{
    Suite *s = suite_create("main-loop");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, bh_runs_once_per_schedule);
    tcase_add_test(tc, bh_deletes_itself_and_another);
    tcase_add_test(tc, bh_reschedules_itself);
    tcase_add_test(tc, bh_from_thread_wakes_blocked_loop);
    tcase_add_test(tc, bql_ownership);
    tcase_add_test_raise_signal(tc, bql_double_lock_is_a_bug, SIGABRT);
    tcase_add_test_raise_signal(tc, bql_unlock_unheld_is_a_bug, SIGABRT);
    tcase_add_test(tc, fd_handlers_with_a_pipe);
    tcase_add_test(tc, fd_handler_replaces_itself);
    tcase_add_test(tc, event_notifier_basics);
    tcase_add_test(tc, event_notifier_from_thread_wakes_loop);
    suite_add_tcase(s, tc);
    return s;
}

VIREO_CHECK_MAIN(main_loop_suite)
