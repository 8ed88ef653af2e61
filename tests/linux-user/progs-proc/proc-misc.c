/*
 * Process system calls under vireo-riscv64: limits, prctl names,
 * affinity, sysinfo, times, getrandom, ids, riscv_hwprobe, membarrier.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <unistd.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/random.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/times.h>
int main(void) {
    struct rlimit rl; char name[16]; cpu_set_t cs; struct sysinfo si; struct tms tm;
    getrlimit(RLIMIT_STACK, &rl); printf("stack %lu\n", (unsigned long)rl.rlim_cur);
    rl.rlim_cur = 4 << 20; printf("setrl %d\n", setrlimit(RLIMIT_STACK, &rl));
    getrlimit(RLIMIT_STACK, &rl); printf("stack %lu\n", (unsigned long)rl.rlim_cur);
    getrlimit(RLIMIT_NOFILE, &rl); printf("nofile ok %d\n", rl.rlim_cur > 0);
    prctl(PR_SET_NAME, "vtest"); prctl(PR_GET_NAME, name); printf("name %s\n", name);
    printf("dumpable %d\n", prctl(PR_GET_DUMPABLE));
    printf("affinity %d count>0 %d\n", sched_getaffinity(0, sizeof(cs), &cs), CPU_COUNT(&cs) > 0);
    printf("sysinfo %d\n", sysinfo(&si));
    printf("times ok %d\n", times(&tm) != (clock_t)-1);
    char b[16]; printf("getrandom %zd\n", getrandom(b, 16, 0));
    printf("getrandom bad %zd\n", getrandom((void *)8, 16, 0));
    printf("pgid==pid %d sid>0 %d\n", getpgid(0) == getpid(), getsid(0) > 0);
    /* the nice value is the caller's (make check may run niced): a
     * round trip, not a fixed number; raising it is always allowed */
    int prio = getpriority(PRIO_PROCESS, 0), nicer = prio < 19 ? prio + 1 : 19;
    printf("yield %d prio in range %d", sched_yield(), prio >= -20 && prio <= 19);
    printf(" set %d reads back %d\n", setpriority(PRIO_PROCESS, 0, nicer),
           getpriority(PRIO_PROCESS, 0) == nicer);
    long p[4] = {3, 0, 4, 0};
    printf("hwprobe %ld", syscall(258, p, 2, 0, NULL, 0)); printf(" base %ld ima %#lx\n", p[1], p[3]);
    printf("membarrier %ld\n", syscall(283, 0, 0, 0));
    printf("nprocs %d\n", get_nprocs() > 0);
    return 0;
}
