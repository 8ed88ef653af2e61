/*
 * The pending-signal queue of a guest thread or process: fixed slots
 * that a host signal handler can fill (lock-free, async-signal-safe)
 * while other threads take from them. Standard signals (below 32) are
 * pending at most once; real-time ones queue, oldest first.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef VIREO_LINUX_USER_SIGQUEUE_H
#define VIREO_LINUX_USER_SIGQUEUE_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#define USER_SIGQ_LEN 128

/* One queued signal; its state moves FREE->FILLING->READY->TAKING. */
typedef struct UserSigSlot {
    int state;
    int sig;
    uint64_t seq;               /* FIFO order among same-numbered ones */
    siginfo_t info;
} UserSigSlot;

/* Zero-initialised is empty. */
typedef struct UserSigQueue {
    int count;                  /* READY slots: a cheap emptiness test */
    uint64_t std_queued;        /* standard signals queued (coalesce) */
    uint64_t seq;
    UserSigSlot slot[USER_SIGQ_LEN];
} UserSigQueue;

/*
 * Queue info (its si_signo, 1..64). True when queued or coalesced with a
 * pending standard signal; false when the queue is full.
 */
bool user_sigqueue_push(UserSigQueue *q, const siginfo_t *info);
/* The signals queued (bit sig - 1). */
uint64_t user_sigqueue_pending(UserSigQueue *q);
/* Take the oldest instance of sig into *info; false if there is none. */
bool user_sigqueue_take(UserSigQueue *q, int sig, siginfo_t *info);

#endif
