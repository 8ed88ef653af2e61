/*
 * The registers a SIGSEGV handler sees are those of the faulting
 * instruction: values computed just before a bad load or store (still
 * only in host registers in the emulator's generated code) appear in
 * the handler's ucontext, the handler can step over the access by
 * advancing the pc, and execution goes on with every register intact.
 * Also inside a loop whose values the emulator carries in registers.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <ucontext.h>
#include "check.h"

static volatile uint64_t seen_t3, seen_s2, seen_a5, seen_addr;
static volatile int faults;

/* Record t3 (x28), s2 (x18), a5 (x15), then skip the 4-byte access. */
static void on_segv(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;

    (void)sig;
    seen_t3 = uc->uc_mcontext.__gregs[28];
    seen_s2 = uc->uc_mcontext.__gregs[18];
    seen_a5 = uc->uc_mcontext.__gregs[15];
    seen_addr = (uint64_t)(uintptr_t)si->si_addr;
    uc->uc_mcontext.__gregs[0] += 4;
    faults++;
}

/* t3 = x + 5, s2 = 0x1234, a load from bad, t3 += 1 after it. */
static uint64_t load_after_writes(uint64_t x, uintptr_t bad)
{
    uint64_t out;

    __asm__ volatile(".option push\n.option norvc\n"
                     "li s2, 0x1234\n"
                     "addi t3, %[x], 5\n"
                     "ld t4, 0(%[bad])\n"
                     "addi t3, t3, 1\n"
                     "mv %[out], t3\n"
                     ".option pop\n"
                     : [out] "=r"(out)
                     : [x] "r"(x), [bad] "r"(bad)
                     : "t3", "t4", "s2", "memory");
    return out;
}

static uint64_t store_after_writes(uint64_t x, uintptr_t bad)
{
    uint64_t out;

    __asm__ volatile(".option push\n.option norvc\n"
                     "li s2, 0x5678\n"
                     "slli t3, %[x], 1\n"
                     "sw t3, 0(%[bad])\n"
                     "addi t3, t3, 3\n"
                     "mv %[out], t3\n"
                     ".option pop\n"
                     : [out] "=r"(out)
                     : [x] "r"(x), [bad] "r"(bad)
                     : "t3", "s2", "memory");
    return out;
}

/*
 * A loop in one block: a5 counts down, t3 accumulates; when a5 reaches
 * 3 the load goes to bad instead of buf. The handler must see the
 * values of that very iteration.
 */
static uint64_t loop_fault(uintptr_t bad)
{
    static uint64_t buf[1];
    uint64_t out;

    __asm__ volatile(".option push\n.option norvc\n"
                     "li a5, 10\n"
                     "li t3, 0\n"
                     "1:\n"
                     "add t3, t3, a5\n"
                     "addi t4, a5, -3\n"
                     "seqz t4, t4\n"
                     "neg t4, t4\n"
                     "and t5, t4, %[bad]\n"
                     "not t4, t4\n"
                     "and t4, t4, %[buf]\n"
                     "or t4, t4, t5\n"
                     "ld t5, 0(t4)\n"
                     "addi a5, a5, -1\n"
                     "bnez a5, 1b\n"
                     "mv %[out], t3\n"
                     ".option pop\n"
                     : [out] "=r"(out)
                     : [bad] "r"(bad), [buf] "r"(buf)
                     : "a5", "t3", "t4", "t5", "memory");
    return out;
}

int main(void)
{
    struct sigaction sa = { .sa_sigaction = on_segv,
                            .sa_flags = SA_SIGINFO };
    uintptr_t bad = 16;     /* page 0 is never mapped */

    CHECK(sigaction(SIGSEGV, &sa, NULL) == 0);

    CHECK(load_after_writes(100, bad) == 106);
    CHECK(faults == 1 && seen_addr == bad);
    CHECK(seen_t3 == 105);
    CHECK(seen_s2 == 0x1234);

    CHECK(store_after_writes(100, bad + 8) == 203);
    CHECK(faults == 2 && seen_addr == bad + 8);
    CHECK(seen_t3 == 200);
    CHECK(seen_s2 == 0x5678);

    CHECK(loop_fault(bad) == 10 + 9 + 8 + 7 + 6 + 5 + 4 + 3 + 2 + 1);
    CHECK(faults == 3);
    CHECK(seen_a5 == 3);
    CHECK(seen_t3 == 10 + 9 + 8 + 7 + 6 + 5 + 4 + 3);
    return check_done();
}
