/*
 * Threads under vireo-riscv64: 12 threads adding atomically, in CAS loops
 * and under a mutex, a condition variable start, __thread values, and
 * 1000 short-lived threads created and joined. Prints the counts.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/syscall.h>
#define N 12
#define ITERS 20000
static long atomic_ctr, cas_ctr, mtx_ctr;
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int ready;
static __thread long tlsv;
static void *work(void *arg) {
    long id = (long)arg;
    tlsv = id * 1000;
    pthread_mutex_lock(&m);
    while (!ready) pthread_cond_wait(&cv, &m);
    pthread_mutex_unlock(&m);
    for (int i = 0; i < ITERS; i++) {
        __atomic_fetch_add(&atomic_ctr, 1, __ATOMIC_SEQ_CST);
        long o = __atomic_load_n(&cas_ctr, __ATOMIC_RELAXED);
        while (!__atomic_compare_exchange_n(&cas_ctr, &o, o + 1, 1, __ATOMIC_SEQ_CST, __ATOMIC_RELAXED)) ;
        pthread_mutex_lock(&m); mtx_ctr++; pthread_mutex_unlock(&m);
    }
    return (void *)(tlsv == id * 1000 ? 0L : 1L);
}
static void *nop(void *a) { return a; }
int main(void) {
    pthread_t th[N];
    int bad = 0;
    for (long i = 0; i < N; i++) pthread_create(&th[i], NULL, work, (void *)i);
    pthread_mutex_lock(&m); ready = 1; pthread_cond_broadcast(&cv); pthread_mutex_unlock(&m);
    for (int i = 0; i < N; i++) { void *r; pthread_join(th[i], &r); bad += (long)r; }
    printf("atomic %ld cas %ld mutex %ld expect %d tlsbad %d\n", atomic_ctr, cas_ctr, mtx_ctr, N * ITERS, bad);
    for (long i = 0; i < 1000; i++) {
        pthread_t t; void *r;
        if (pthread_create(&t, NULL, nop, (void *)i)) { printf("create failed %ld\n", i); return 1; }
        pthread_join(t, &r);
        if ((long)r != i) bad++;
    }
    printf("1000 create/join ok bad=%d\n", bad);
    return 0;
}
