/*
 * util/timer.c: deadline order on every clock, callbacks that re-arm and
 * delete timers, the virtual clock's pause and resume, cross-thread
 * wake-ups.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-check.h"
#include "util/main-loop.h"
#include "util/timer.h"

#define MAX_EVENTS 16

static int events[MAX_EVENTS];
static int nevents;

static void record_cb(void *opaque)
{
    ck_assert_int_lt(nevents, MAX_EVENTS);
    events[nevents++] = GPOINTER_TO_INT(opaque);
}

/* Run the loop until n events were recorded (timers end every wait). */
static void run_until_events(int n)
{
    while (nevents < n) {
        main_loop_wait(false);
    }
}

static void check_deadline_order(VireoClock clock)
{
    int64_t now = clock_get_ns(clock);
    Timer *t[4];

    nevents = 0;
    t[0] = timer_new_ns(clock, record_cb, GINT_TO_POINTER(3));
    t[1] = timer_new_ns(clock, record_cb, GINT_TO_POINTER(1));
    t[2] = timer_new_ns(clock, record_cb, GINT_TO_POINTER(2));
    t[3] = timer_new_ns(clock, record_cb, GINT_TO_POINTER(4));
    timer_mod(t[0], now + 3 * SCALE_MS);
    timer_mod(t[1], now + 1 * SCALE_MS);
    timer_mod(t[2], now + 2 * SCALE_MS);
    timer_mod(t[3], now + 3 * SCALE_MS);   /* same deadline: after t[0] */
    run_until_events(4);
    ck_assert_int_eq(events[0], 1);
    ck_assert_int_eq(events[1], 2);
    ck_assert_int_eq(events[2], 3);
    ck_assert_int_eq(events[3], 4);
    for (int i = 0; i < 4; i++) {
        ck_assert(!timer_pending(t[i]));
        timer_free(t[i]);
    }
}

START_TEST(deadline_order_realtime)
{
    check_deadline_order(VIREO_CLOCK_REALTIME);
}
END_TEST

START_TEST(deadline_order_host)
{
    check_deadline_order(VIREO_CLOCK_HOST);
}
END_TEST

START_TEST(deadline_order_virtual)
{
    clock_virtual_set_running(true);
    check_deadline_order(VIREO_CLOCK_VIRTUAL);
}
END_TEST

START_TEST(units_and_queries)
{
    Timer *t = timer_new_us(VIREO_CLOCK_REALTIME, record_cb, NULL);

    ck_assert(!timer_pending(t));
    ck_assert_int_eq(timer_expire_time(t), -1);
    ck_assert_int_eq(timerlist_deadline_ns(VIREO_CLOCK_REALTIME), -1);
    timer_mod(t, INT64_C(1) << 60);   /* far away, saturated in ns */
    ck_assert(timer_pending(t));
    ck_assert_int_gt(timerlist_deadline_ns(VIREO_CLOCK_REALTIME), 0);
    timer_mod(t, 5);
    ck_assert_int_eq(timer_expire_time(t), 5);
    ck_assert_int_eq(timerlist_deadline_ns(VIREO_CLOCK_REALTIME), 0);
    timer_mod_anticipate(t, 9);        /* later: ignored */
    ck_assert_int_eq(timer_expire_time(t), 5);
    timer_mod_anticipate(t, 2);
    ck_assert_int_eq(timer_expire_time(t), 2);
    timer_del(t);
    ck_assert(!timer_pending(t));
    timer_mod_anticipate(t, 7);        /* not armed: arms */
    ck_assert_int_eq(timer_expire_time(t), 7);
    timer_free(t);                     /* armed: unlinked first */
    ck_assert_int_eq(timerlist_deadline_ns(VIREO_CLOCK_REALTIME), -1);
    timer_free(NULL);
}
END_TEST

static Timer *periodic;

static void periodic_cb(void *opaque)
{
    record_cb(opaque);
    if (nevents < 3) {
        timer_mod(periodic, clock_get_ms(VIREO_CLOCK_REALTIME) + 1);
    }
}

START_TEST(rearm_from_callback)
{
    nevents = 0;
    periodic = timer_new_ms(VIREO_CLOCK_REALTIME, periodic_cb,
                            GINT_TO_POINTER(7));
    timer_mod(periodic, clock_get_ms(VIREO_CLOCK_REALTIME) + 1);
    run_until_events(3);
    ck_assert(!timer_pending(periodic));
    main_loop_wait(true);
    ck_assert_int_eq(nevents, 3);
    timer_free(periodic);
}
END_TEST

static Timer *t_first, *t_second, *t_third;

static void delete_others_cb(void *opaque)
{
    record_cb(opaque);
    timer_del(t_second);
    timer_free(t_first);            /* itself */
}

START_TEST(callback_deletes_another_and_frees_itself)
{
    nevents = 0;
    t_first = timer_new_ns(VIREO_CLOCK_REALTIME, delete_others_cb,
                           GINT_TO_POINTER(1));
    t_second = timer_new_ns(VIREO_CLOCK_REALTIME, record_cb,
                            GINT_TO_POINTER(2));
    t_third = timer_new_ns(VIREO_CLOCK_REALTIME, record_cb,
                           GINT_TO_POINTER(3));
    /* All already expired: they would run in one pass. */
    timer_mod(t_first, 1);
    timer_mod(t_second, 2);
    timer_mod(t_third, 3);
    ck_assert(timerlist_run_timers(VIREO_CLOCK_REALTIME));
    ck_assert_int_eq(nevents, 2);
    ck_assert_int_eq(events[0], 1);
    ck_assert_int_eq(events[1], 3);
    ck_assert(!timer_pending(t_second));
    ck_assert(!timerlist_run_timers(VIREO_CLOCK_REALTIME));
    timer_free(t_second);
    timer_free(t_third);
}
END_TEST

static int64_t fake_ns;

static int64_t fake_source(void *opaque)
{
    return fake_ns;
}

START_TEST(virtual_clock_pauses_without_jump)
{
    int64_t v;

    ck_assert(!clock_virtual_is_running());
    ck_assert_int_eq(clock_get_ns(VIREO_CLOCK_VIRTUAL), 0);
    fake_ns = 1000000;
    clock_virtual_set_source(fake_source, NULL);
    clock_virtual_set_running(true);
    ck_assert(clock_virtual_is_running());
    ck_assert_int_eq(clock_get_ns(VIREO_CLOCK_VIRTUAL), 0);
    fake_ns += 500;
    ck_assert_int_eq(clock_get_ns(VIREO_CLOCK_VIRTUAL), 500);

    clock_virtual_set_running(false);
    fake_ns += 1000000;             /* time passes on the host ... */
    ck_assert_int_eq(clock_get_ns(VIREO_CLOCK_VIRTUAL), 500);
    clock_virtual_set_running(true);
    ck_assert_int_eq(clock_get_ns(VIREO_CLOCK_VIRTUAL), 500);  /* no jump */
    fake_ns += 7;
    ck_assert_int_eq(clock_get_ns(VIREO_CLOCK_VIRTUAL), 507);

    /* Back to host time: continues from where it is. */
    clock_virtual_set_source(NULL, NULL);
    v = clock_get_ns(VIREO_CLOCK_VIRTUAL);
    ck_assert_int_ge(v, 507);
    clock_virtual_set_running(false);
    v = clock_get_ns(VIREO_CLOCK_VIRTUAL);
    g_usleep(2000);
    ck_assert_int_eq(clock_get_ns(VIREO_CLOCK_VIRTUAL), v);
}
END_TEST

START_TEST(virtual_timers_wait_while_paused)
{
    Timer *t = timer_new_ns(VIREO_CLOCK_VIRTUAL, record_cb,
                            GINT_TO_POINTER(5));

    nevents = 0;
    timer_mod(t, 0);                /* expired, but the clock stands */
    ck_assert_int_eq(timerlist_deadline_ns(VIREO_CLOCK_VIRTUAL), -1);
    ck_assert(!timerlist_run_timers(VIREO_CLOCK_VIRTUAL));
    main_loop_wait(true);
    ck_assert_int_eq(nevents, 0);
    ck_assert(timer_pending(t));

    clock_virtual_set_running(true);
    ck_assert_int_eq(timerlist_deadline_ns(VIREO_CLOCK_VIRTUAL), 0);
    main_loop_wait(true);
    ck_assert_int_eq(nevents, 1);
    ck_assert_int_eq(events[0], 5);
    timer_free(t);
}
END_TEST

static int notifications;

static void count_notify(void *opaque)
{
    ck_assert_ptr_eq(opaque, &notifications);
    notifications++;
}

START_TEST(notify_on_new_earliest_deadline)
{
    Timer *a = timer_new_ns(VIREO_CLOCK_VIRTUAL, record_cb, NULL);
    Timer *b = timer_new_ns(VIREO_CLOCK_VIRTUAL, record_cb, NULL);

    timerlist_set_notify(VIREO_CLOCK_VIRTUAL, count_notify, &notifications);
    timer_mod(a, 1000);
    ck_assert_int_eq(notifications, 1);
    timer_mod(b, 2000);              /* not the earliest: no call */
    ck_assert_int_eq(notifications, 1);
    timer_mod(b, 500);
    ck_assert_int_eq(notifications, 2);
    timer_mod(a, 100);               /* moves to the front again */
    ck_assert_int_eq(notifications, 3);
    timer_del(a);
    timerlist_set_notify(VIREO_CLOCK_VIRTUAL, NULL, NULL);
    timer_mod(a, 1);
    ck_assert_int_eq(notifications, 3);
    /* Each clock has its own. */
    timerlist_set_notify(VIREO_CLOCK_HOST, count_notify, &notifications);
    timer_mod(a, 0);                 /* virtual: its notifier is gone */
    ck_assert_int_eq(notifications, 3);
    timer_free(a);
    timer_free(b);
    a = timer_new_ns(VIREO_CLOCK_HOST, record_cb, NULL);
    timer_mod(a, 1);
    ck_assert_int_eq(notifications, 4);
    timer_free(a);
}
END_TEST

static Timer *cross_timer;
static bool watchdog_fired;

static void watchdog_cb(void *opaque)
{
    watchdog_fired = true;
}

static gpointer arm_thread(gpointer opaque)
{
    g_usleep(5000);
    bql_lock();
    timer_mod(cross_timer, clock_get_ns(VIREO_CLOCK_REALTIME));
    bql_unlock();
    return NULL;
}

START_TEST(timer_armed_from_thread_wakes_loop)
{
    Timer *wd = timer_new_ms(VIREO_CLOCK_REALTIME, watchdog_cb, NULL);
    GThread *th;

    nevents = 0;
    timer_mod(wd, clock_get_ms(VIREO_CLOCK_REALTIME) + 20000);
    cross_timer = timer_new_ns(VIREO_CLOCK_REALTIME, record_cb,
                               GINT_TO_POINTER(9));
    th = g_thread_new("arm", arm_thread, NULL);
    while (!nevents && !watchdog_fired) {
        main_loop_wait(false);      /* poll timeout: the watchdog */
    }
    g_thread_join(th);
    ck_assert(!watchdog_fired);
    ck_assert_int_eq(events[0], 9);
    timer_free(cross_timer);
    timer_free(wd);
}
END_TEST

static Suite *timer_suite(void)
{
    Suite *s = suite_create("timer");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, deadline_order_realtime);
    tcase_add_test(tc, deadline_order_host);
    tcase_add_test(tc, deadline_order_virtual);
    tcase_add_test(tc, units_and_queries);
    tcase_add_test(tc, rearm_from_callback);
    tcase_add_test(tc, callback_deletes_another_and_frees_itself);
    tcase_add_test(tc, virtual_clock_pauses_without_jump);
    tcase_add_test(tc, virtual_timers_wait_while_paused);
    tcase_add_test(tc, timer_armed_from_thread_wakes_loop);
    tcase_add_test(tc, notify_on_new_earliest_deadline);
    suite_add_tcase(s, tc);
    return s;
}

VIREO_CHECK_MAIN(timer_suite)
