/*
 * Memory: malloc small and big, mmap/munmap/mprotect/mremap/madvise,
 * brk through sbrk, and a write to a read-only page caught as SIGSEGV
 * with the faulting address.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>
#include "check.h"

static sigjmp_buf env;
static void *fault_addr;

static void on_segv(int sig, siginfo_t *si, void *uc)
{
    (void)sig;
    (void)uc;
    fault_addr = si->si_addr;
    siglongjmp(env, 1);
}

int main(void)
{
    size_t big = 64 << 20, pg = 4096;
    struct sigaction sa = { .sa_sigaction = on_segv,
                            .sa_flags = SA_SIGINFO };
    unsigned char *m, *r;
    char *small[100];
    uint64_t sum = 0;
    void *brk0;
    int ok = 1;

    check_init();
    for (int i = 0; i < 100; i++) {
        small[i] = malloc(i * 7 + 1);
        memset(small[i], i, i * 7 + 1);
    }
    for (int i = 0; i < 100; i++) {
        ok &= small[i][i * 7] == (char)i;
        free(small[i]);
    }
    CHECK(ok);
    m = malloc(big);
    CHECK(m != NULL);
    for (size_t i = 0; m && i < big; i += pg) {
        m[i] = (unsigned char)(i >> 12);
    }
    for (size_t i = 0; m && i < big; i += pg) {
        sum += m[i];
    }
    CHECK(sum == 64ull * (255 * 256 / 2));  /* 16384 pages, 0..255 */
    free(m);

    m = mmap(NULL, 4 * pg, PROT_READ | PROT_WRITE,
             MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(m != MAP_FAILED);
    CHECK(((uintptr_t)m & (pg - 1)) == 0);
    CHECK(m[0] == 0 && m[4 * pg - 1] == 0);     /* anonymous is zeroed */
    memset(m, 0xab, 4 * pg);
    CHECK(munmap(m + 3 * pg, pg) == 0);
    r = mremap(m, 3 * pg, 8 * pg, MREMAP_MAYMOVE);
    CHECK(r != MAP_FAILED && r[0] == 0xab && r[3 * pg - 1] == 0xab);
    CHECK(r[8 * pg - 1] == 0);
    CHECK(madvise(r, 8 * pg, MADV_DONTNEED) == 0 && r[0] == 0);
    CHECK(mprotect(r, pg, PROT_READ) == 0);
    CHECK(sigaction(SIGSEGV, &sa, NULL) == 0);
    fault_addr = NULL;
    if (sigsetjmp(env, 1) == 0) {
        *(volatile unsigned char *)(r + 16) = 1;
        CHECK(!"write to a read-only page did not fault");
    }
    CHECK(fault_addr == r + 16);
    CHECK(mprotect(r, pg, PROT_READ | PROT_WRITE) == 0);
    r[16] = 1;
    CHECK(r[16] == 1);
    CHECK(munmap(r, 8 * pg) == 0);
    CHECK(mmap((void *)1, pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS |
               MAP_FIXED, -1, 0) == MAP_FAILED && errno == EINVAL);

    brk0 = sbrk(0);
    CHECK(sbrk(1 << 20) == brk0);
    CHECK((char *)sbrk(0) == (char *)brk0 + (1 << 20));
    memset(brk0, 0x5a, 1 << 20);
    CHECK(((char *)brk0)[(1 << 20) - 1] == 0x5a);
    CHECK(sbrk(-(1 << 20)) != (void *)-1 && sbrk(0) == brk0);
    return check_done();
}
