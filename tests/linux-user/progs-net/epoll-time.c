/*
 * epoll on pipes with data (the event's data comes back), eventfd,
 * timerfd, nanosleep and clock_nanosleep, clocks, itimers and POSIX
 * timers: prints what is stable across runs.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/time.h>
#include <sys/timerfd.h>
#include <sys/timex.h>
#include <time.h>
#include <unistd.h>

static double now(clockid_t c)
{
    struct timespec ts;

    clock_gettime(c, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(void)
{
    int p1[2], p2[2], ep, efd, tfd, n;
    struct epoll_event ev, out[4];
    uint64_t v;
    struct itimerspec its = { { 0, 0 }, { 0, 50000000 } }, cur;
    struct timespec res, req = { 0, 100000000 };
    double t0, t1;
    struct timeval tv;
    struct itimerval itv;
    struct timex tx = { 0 };
    timer_t tid;
    struct sigevent sev = { .sigev_notify = SIGEV_NONE };

    pipe(p1);
    pipe(p2);
    ep = epoll_create1(EPOLL_CLOEXEC);
    ev = (struct epoll_event){ .events = EPOLLIN,
                               .data.u64 = 0x1122334455667788ull };
    printf("ctl add %d\n", epoll_ctl(ep, EPOLL_CTL_ADD, p1[0], &ev));
    ev = (struct epoll_event){ .events = EPOLLIN | EPOLLET, .data.fd = 42 };
    printf("ctl add %d\n", epoll_ctl(ep, EPOLL_CTL_ADD, p2[0], &ev));
    printf("wait empty %d\n", epoll_wait(ep, out, 4, 0));
    write(p2[1], "x", 1);
    write(p1[1], "y", 1);
    n = epoll_wait(ep, out, 4, 1000);
    printf("wait %d\n", n);
    for (int i = 0; i < n; i++) {
        printf(" events %x data %llx\n", out[i].events,
               (unsigned long long)out[i].data.u64);
    }
    printf("ctl del %d\n", epoll_ctl(ep, EPOLL_CTL_DEL, p1[0], NULL));
    printf("ctl bad %d %s\n", epoll_ctl(ep, EPOLL_CTL_ADD, p1[0], (void *)8),
           strerror(errno));
    printf("wait after del (ET consumed) %d\n", epoll_wait(ep, out, 4, 0));
    printf("wait bad max %d %s\n", epoll_wait(ep, out, 0, 0), strerror(errno));

    efd = eventfd(3, EFD_NONBLOCK);
    write(efd, &(uint64_t){ 4 }, 8);
    read(efd, &v, 8);
    printf("eventfd %llu\n", (unsigned long long)v);
    printf("eventfd empty %zd %s\n", read(efd, &v, 8), strerror(errno));

    tfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
    printf("timerfd_settime %d\n", timerfd_settime(tfd, 0, &its, NULL));
    timerfd_gettime(tfd, &cur);
    printf("gettime armed %d\n", cur.it_value.tv_nsec > 0 ||
                                 cur.it_value.tv_sec > 0);
    struct pollfd pfd = { .fd = tfd, .events = POLLIN };
    printf("poll timerfd %d\n", poll(&pfd, 1, 2000));
    printf("read expirations %zd %llu\n", read(tfd, &v, 8),
           (unsigned long long)v);

    t0 = now(CLOCK_MONOTONIC);
    printf("nanosleep %d\n", nanosleep(&req, NULL));
    t1 = now(CLOCK_MONOTONIC);
    printf("slept >= 0.1 %d\n", t1 - t0 >= 0.1);
    t0 = t1;
    printf("clock_nanosleep %d\n",
           clock_nanosleep(CLOCK_MONOTONIC, 0, &req, NULL));
    printf("slept >= 0.1 %d\n", now(CLOCK_MONOTONIC) - t0 >= 0.1);
    printf("monotonic increases %d\n",
           now(CLOCK_MONOTONIC) >= t0);
    printf("clock_getres %d %ld\n", clock_getres(CLOCK_MONOTONIC, &res),
           res.tv_nsec);
    printf("clock_getres bad %d %s\n", clock_getres(12345, &res),
           strerror(errno));
    printf("clock_settime %d %s\n", clock_settime(CLOCK_MONOTONIC, &res),
           strerror(errno));
    printf("gettimeofday %d near realtime %d\n", gettimeofday(&tv, NULL),
           tv.tv_sec - (long)now(CLOCK_REALTIME) <= 1);
    printf("adjtimex read %d\n", adjtimex(&tx) >= 0);
    itv = (struct itimerval){ { 0, 0 }, { 100, 0 } };
    printf("setitimer %d\n", setitimer(ITIMER_REAL, &itv, NULL));
    getitimer(ITIMER_REAL, &itv);
    printf("getitimer left > 90 %d\n", itv.it_value.tv_sec >= 90);
    itv = (struct itimerval){ { 0, 0 }, { 0, 0 } };
    setitimer(ITIMER_REAL, &itv, NULL);
    printf("timer_create %d\n", timer_create(CLOCK_MONOTONIC, &sev, &tid));
    its = (struct itimerspec){ { 0, 0 }, { 10, 0 } };
    printf("timer_settime %d\n", timer_settime(tid, 0, &its, NULL));
    timer_gettime(tid, &cur);
    printf("timer_gettime left > 5 %d\n", cur.it_value.tv_sec >= 5);
    printf("timer_getoverrun %d\n", timer_getoverrun(tid));
    printf("timer_delete %d\n", timer_delete(tid));
    printf("timer_delete again %d %s\n", timer_delete(tid), strerror(errno));
    return 0;
}
