/*
 * Self-modifying code: a function's instructions written into an RWX page
 * and into an RW page turned RX, run, rewritten in place, run again
 * (__builtin___clear_cache in between, as the ABI requires: fence.i).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdint.h>
#include <sys/mman.h>
#include "check.h"

typedef long (*fn_t)(long);

/* addi a0, a0, IMM; ret */
static void emit_add(uint32_t *p, int imm)
{
    p[0] = ((uint32_t)(imm & 0xfff) << 20) | (10 << 15) | (10 << 7) | 0x13;
    p[1] = 0x00008067;
}

static long run(uint32_t *code, int imm, long arg)
{
    emit_add(code, imm);
    __builtin___clear_cache((char *)code, (char *)(code + 2));
    return ((fn_t)(uintptr_t)code)(arg);
}

int main(void)
{
    uint32_t *rwx, *rw;

    check_init();
    rwx = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
               MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(rwx != MAP_FAILED);
    CHECK(run(rwx, 1, 41) == 42);
    CHECK(run(rwx, 100, 41) == 141);        /* same page, new code */
    CHECK(run(rwx, -41, 41) == 0);
    for (int i = 0; i < 200; i++) {         /* a hot, often-patched block */
        if (run(rwx, i, 1000) != 1000 + i) {
            CHECK(!"patched code ran stale");
            break;
        }
    }
    /* code and data on one page: patch the second copy while the first runs */
    emit_add(rwx + 8, 7);
    __builtin___clear_cache((char *)(rwx + 8), (char *)(rwx + 10));
    CHECK(((fn_t)(uintptr_t)(rwx + 8))(1) == 8);

    rw = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
              MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(rw != MAP_FAILED);
    emit_add(rw, 5);
    CHECK(mprotect(rw, 4096, PROT_READ | PROT_EXEC) == 0);
    __builtin___clear_cache((char *)rw, (char *)(rw + 2));
    CHECK(((fn_t)(uintptr_t)rw)(10) == 15);
    CHECK(mprotect(rw, 4096, PROT_READ | PROT_WRITE) == 0);
    emit_add(rw, 9);
    CHECK(mprotect(rw, 4096, PROT_READ | PROT_EXEC) == 0);
    __builtin___clear_cache((char *)rw, (char *)(rw + 2));
    CHECK(((fn_t)(uintptr_t)rw)(10) == 19);
    return check_done();
}
