/*
 * The pending-signal queue (sigqueue.h): slots claimed by compare and
 * swap, so a host signal handler may push while another thread takes.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "sigqueue.h"

#include <stddef.h>

enum { SLOT_FREE, SLOT_FILLING, SLOT_READY, SLOT_TAKING };

#define SIGBIT(sig) (1ull << ((sig) - 1))
#define FIRST_RT 32

bool user_sigqueue_push(UserSigQueue *q, const siginfo_t *info)
{
    int sig = info->si_signo;

    if (sig < FIRST_RT &&
        (__atomic_fetch_or(&q->std_queued, SIGBIT(sig), __ATOMIC_SEQ_CST) &
         SIGBIT(sig))) {
        return true;            /* a standard signal is pending once */
    }
    for (int i = 0; i < USER_SIGQ_LEN; i++) {
        UserSigSlot *s = &q->slot[i];
        int expect = SLOT_FREE;

        if (__atomic_compare_exchange_n(&s->state, &expect, SLOT_FILLING,
                                        false, __ATOMIC_ACQUIRE,
                                        __ATOMIC_RELAXED)) {
            s->sig = sig;
            s->info = *info;
            s->seq = __atomic_fetch_add(&q->seq, 1, __ATOMIC_RELAXED);
            __atomic_store_n(&s->state, SLOT_READY, __ATOMIC_RELEASE);
            __atomic_fetch_add(&q->count, 1, __ATOMIC_SEQ_CST);
            return true;
        }
    }
    if (sig < FIRST_RT) {
        __atomic_fetch_and(&q->std_queued, ~SIGBIT(sig), __ATOMIC_SEQ_CST);
    }
    return false;
}

uint64_t user_sigqueue_pending(UserSigQueue *q)
{
    uint64_t set = 0;

    if (!__atomic_load_n(&q->count, __ATOMIC_ACQUIRE)) {
        return 0;
    }
    for (int i = 0; i < USER_SIGQ_LEN; i++) {
        if (__atomic_load_n(&q->slot[i].state, __ATOMIC_ACQUIRE) ==
            SLOT_READY) {
            set |= SIGBIT(q->slot[i].sig);
        }
    }
    return set;
}

bool user_sigqueue_take(UserSigQueue *q, int sig, siginfo_t *info)
{
    for (;;) {
        UserSigSlot *best = NULL;
        int expect = SLOT_READY;

        bool better = true;

        /*
         * A scan is not a snapshot: a slot seen FREE early may be filled
         * with an older signal than one found later. Scan until nothing
         * older turns up (a pusher finishes one push before the next).
         */
        while (better) {
            better = false;
            for (int i = 0; i < USER_SIGQ_LEN; i++) {
                UserSigSlot *s = &q->slot[i];

                if (__atomic_load_n(&s->state, __ATOMIC_ACQUIRE) ==
                    SLOT_READY && s->sig == sig &&
                    (!best || s->seq < best->seq)) {
                    best = s;
                    better = true;
                }
            }
        }
        if (!best) {
            return false;
        }
        if (!__atomic_compare_exchange_n(&best->state, &expect, SLOT_TAKING,
                                         false, __ATOMIC_ACQUIRE,
                                         __ATOMIC_RELAXED)) {
            continue;           /* another thread took it first */
        }
        __atomic_fetch_sub(&q->count, 1, __ATOMIC_SEQ_CST);
        *info = best->info;
        if (sig < FIRST_RT) {
            __atomic_fetch_and(&q->std_queued, ~SIGBIT(sig),
                               __ATOMIC_SEQ_CST);
        }
        __atomic_store_n(&best->state, SLOT_FREE, __ATOMIC_RELEASE);
        return true;
    }
}
