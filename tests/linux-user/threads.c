/*
 * Threads: 8 pthreads hammering shared counters with __atomic add and a
 * CAS loop and a mutex-protected counter (totals must be exact), a
 * condition-variable handshake, thread-local storage and join results.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <pthread.h>
#include <stdint.h>
#include "check.h"

#define THREADS 8
#define ITERS 20000

static uint64_t atomic_sum, cas_sum, locked_sum;
static uint32_t small_sum;              /* 32-bit AMOs and lr.w/sc.w */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static int ready, go;
static __thread long tls = 1000;

static void *worker(void *arg)
{
    long id = (long)arg;

    tls += id;
    pthread_mutex_lock(&lock);
    ready++;
    pthread_cond_broadcast(&cond);
    while (!go) {
        pthread_cond_wait(&cond, &lock);
    }
    pthread_mutex_unlock(&lock);
    for (int i = 0; i < ITERS; i++) {
        uint64_t old = __atomic_load_n(&cas_sum, __ATOMIC_RELAXED);
        uint32_t o32 = __atomic_load_n(&small_sum, __ATOMIC_RELAXED);

        __atomic_fetch_add(&atomic_sum, 3, __ATOMIC_SEQ_CST);
        while (!__atomic_compare_exchange_n(&cas_sum, &old, old + 2, 1,
                                            __ATOMIC_SEQ_CST,
                                            __ATOMIC_RELAXED)) {
        }
        while (!__atomic_compare_exchange_n(&small_sum, &o32, o32 + 1, 0,
                                            __ATOMIC_SEQ_CST,
                                            __ATOMIC_RELAXED)) {
        }
        pthread_mutex_lock(&lock);
        locked_sum++;
        pthread_mutex_unlock(&lock);
    }
    return (void *)(tls * 10);
}

int main(void)
{
    pthread_t t[THREADS];
    int ok = 1;

    check_init();
    for (long i = 0; i < THREADS; i++) {
        ok &= pthread_create(&t[i], NULL, worker, (void *)i) == 0;
    }
    CHECK(ok);
    pthread_mutex_lock(&lock);
    while (ready < THREADS) {
        pthread_cond_wait(&cond, &lock);
    }
    go = 1;
    pthread_cond_broadcast(&cond);
    pthread_mutex_unlock(&lock);
    for (long i = 0; i < THREADS; i++) {
        void *ret;

        ok &= pthread_join(t[i], &ret) == 0 && (long)ret == (1000 + i) * 10;
    }
    CHECK(ok);                          /* each thread had its own tls */
    CHECK(tls == 1000);
    CHECK(atomic_sum == 3ull * THREADS * ITERS);
    CHECK(cas_sum == 2ull * THREADS * ITERS);
    CHECK(small_sum == (uint32_t)THREADS * ITERS);
    CHECK(locked_sum == (uint64_t)THREADS * ITERS);
    return check_done();
}
