/*
 * linux-user/sigqueue.c: the pending-signal queue host signal handlers
 * push into: coalescing, FIFO order, a full queue, concurrent pushers.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-check.h"
#include "../../linux-user/sigqueue.h"

#include <glib.h>
#include <string.h>

static siginfo_t info_of(int sig, int value)
{
    siginfo_t si;

    memset(&si, 0, sizeof(si));
    si.si_signo = sig;
    si.si_code = SI_QUEUE;
    si.si_value.sival_int = value;
    return si;
}

START_TEST(empty_queue_has_nothing)
{
    UserSigQueue *q = g_new0(UserSigQueue, 1);
    siginfo_t si;

    ck_assert_uint_eq(user_sigqueue_pending(q), 0);
    ck_assert(!user_sigqueue_take(q, SIGUSR1, &si));
    g_free(q);
}
END_TEST

START_TEST(standard_signals_coalesce)
{
    UserSigQueue *q = g_new0(UserSigQueue, 1);
    siginfo_t a = info_of(SIGUSR1, 1), b = info_of(SIGUSR1, 2), out;

    ck_assert(user_sigqueue_push(q, &a));
    ck_assert(user_sigqueue_push(q, &b));
    ck_assert_uint_eq(user_sigqueue_pending(q), 1ull << (SIGUSR1 - 1));
    ck_assert(user_sigqueue_take(q, SIGUSR1, &out));
    ck_assert_int_eq(out.si_value.sival_int, 1);     /* the first kept */
    ck_assert(!user_sigqueue_take(q, SIGUSR1, &out));
    ck_assert_uint_eq(user_sigqueue_pending(q), 0);
    /* pending again once taken */
    ck_assert(user_sigqueue_push(q, &b));
    ck_assert(user_sigqueue_take(q, SIGUSR1, &out));
    ck_assert_int_eq(out.si_value.sival_int, 2);
    g_free(q);
}
END_TEST

START_TEST(realtime_signals_queue_in_order)
{
    UserSigQueue *q = g_new0(UserSigQueue, 1);
    siginfo_t si, out;

    for (int i = 0; i < 5; i++) {
        si = info_of(40, 100 + i);
        ck_assert(user_sigqueue_push(q, &si));
        si = info_of(SIGTERM, i);
        ck_assert(user_sigqueue_push(q, &si));
    }
    ck_assert_uint_eq(user_sigqueue_pending(q),
                      (1ull << 39) | (1ull << (SIGTERM - 1)));
    /* a slot freed in the middle is reused without breaking the order */
    ck_assert(user_sigqueue_take(q, SIGTERM, &out));
    si = info_of(40, 105);
    ck_assert(user_sigqueue_push(q, &si));
    for (int i = 0; i < 6; i++) {
        ck_assert(user_sigqueue_take(q, 40, &out));
        ck_assert_int_eq(out.si_signo, 40);
        ck_assert_int_eq(out.si_value.sival_int, 100 + i);
    }
    ck_assert(!user_sigqueue_take(q, 40, &out));
    ck_assert_uint_eq(user_sigqueue_pending(q), 0);
    g_free(q);
}
END_TEST

START_TEST(full_queue_refuses)
{
    UserSigQueue *q = g_new0(UserSigQueue, 1);
    siginfo_t si = info_of(50, 0), out;

    for (int i = 0; i < USER_SIGQ_LEN; i++) {
        ck_assert(user_sigqueue_push(q, &si));
    }
    ck_assert(!user_sigqueue_push(q, &si));
    /* a standard signal that could not be queued is not "pending" */
    si = info_of(SIGHUP, 0);
    ck_assert(!user_sigqueue_push(q, &si));
    ck_assert_uint_eq(user_sigqueue_pending(q), 1ull << 49);
    ck_assert(user_sigqueue_take(q, 50, &out));
    ck_assert(user_sigqueue_push(q, &si));
    ck_assert(user_sigqueue_take(q, SIGHUP, &out));
    g_free(q);
}
END_TEST

#define PUSHERS 4
#define PER_PUSHER 2000

typedef struct {
    UserSigQueue *q;
    int sig;
} Pusher;

static gpointer push_many(gpointer opaque)
{
    Pusher *p = opaque;

    for (int i = 0; i < PER_PUSHER; i++) {
        siginfo_t si = info_of(p->sig, i);

        while (!user_sigqueue_push(p->q, &si)) {
            g_thread_yield();       /* full: the taker makes room */
        }
    }
    return NULL;
}

START_TEST(concurrent_pushers_lose_nothing)
{
    UserSigQueue *q = g_new0(UserSigQueue, 1);
    Pusher p[PUSHERS];
    GThread *th[PUSHERS];
    int got[PUSHERS] = { 0 };
    int total = 0;

    for (int i = 0; i < PUSHERS; i++) {
        p[i] = (Pusher){ q, 34 + i };
        th[i] = g_thread_new("pusher", push_many, &p[i]);
    }
    while (total < PUSHERS * PER_PUSHER) {
        for (int i = 0; i < PUSHERS; i++) {
            siginfo_t out;

            if (user_sigqueue_take(q, 34 + i, &out)) {
                /* each pusher's signals come out in its order */
                ck_assert_int_eq(out.si_value.sival_int, got[i]);
                got[i]++;
                total++;
            }
        }
    }
    for (int i = 0; i < PUSHERS; i++) {
        g_thread_join(th[i]);
        ck_assert_int_eq(got[i], PER_PUSHER);
    }
    ck_assert_uint_eq(user_sigqueue_pending(q), 0);
    g_free(q);
}
END_TEST

static Suite *sigqueue_suite(void)
{
    Suite *s = suite_create("user-sigqueue");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, empty_queue_has_nothing);
    tcase_add_test(tc, standard_signals_coalesce);
    tcase_add_test(tc, realtime_signals_queue_in_order);
    tcase_add_test(tc, full_queue_refuses);
    tcase_add_test(tc, concurrent_pushers_lose_nothing);
    suite_add_tcase(s, tc);
    return s;
}

VIREO_CHECK_MAIN(sigqueue_suite)
