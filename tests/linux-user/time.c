/*
 * Time: CLOCK_MONOTONIC never goes back and advances across a nanosleep
 * at least as long as the sleep, gettimeofday and CLOCK_REALTIME agree,
 * clock_getres, time().
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <sys/time.h>
#include <time.h>
#include "check.h"

static long long ns(struct timespec t)
{
    return t.tv_sec * 1000000000ll + t.tv_nsec;
}

int main(void)
{
    struct timespec a, b, req = { 0, 20 * 1000 * 1000 }, res;
    struct timeval tv;
    long long prev;
    int mono = 1;

    check_init();
    CHECK(clock_gettime(CLOCK_MONOTONIC, &a) == 0);
    prev = ns(a);
    for (int i = 0; i < 1000; i++) {
        clock_gettime(CLOCK_MONOTONIC, &b);
        mono &= ns(b) >= prev;
        prev = ns(b);
    }
    CHECK(mono);
    CHECK(nanosleep(&req, NULL) == 0);
    CHECK(clock_gettime(CLOCK_MONOTONIC, &b) == 0 &&
          ns(b) - ns(a) >= 20 * 1000 * 1000);
    CHECK(clock_getres(CLOCK_MONOTONIC, &res) == 0 && ns(res) > 0 &&
          ns(res) <= 1000000);
    CHECK(gettimeofday(&tv, NULL) == 0 && tv.tv_sec > 1600000000);
    CHECK(clock_gettime(CLOCK_REALTIME, &a) == 0 &&
          a.tv_sec - tv.tv_sec >= 0 && a.tv_sec - tv.tv_sec < 60);
    CHECK(time(NULL) >= tv.tv_sec);
    CHECK(clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &a) == 0);
    req.tv_nsec = 2000000000;
    CHECK(nanosleep(&req, NULL) == -1 && errno == EINVAL);
    return check_done();
}
