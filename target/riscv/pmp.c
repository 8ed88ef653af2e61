/*
 * RISC-V physical memory protection, Privileged ISA v1.12 section 3.7:
 * 16 entries (pmpcfg0 and pmpcfg2 on RV64), address matching OFF, TOR,
 * NA4 and NAPOT with the granularity G = 0, the lowest-numbered match
 * deciding, partial matches failing, and the lock bit that freezes an
 * entry (and the pmpaddr below a locked TOR entry) and applies it to M.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "target/riscv/cpu.h"

/* pmpaddr holds address bits 55:2 on RV64. */
#define PMPADDR_MASK ((1ull << 54) - 1)

static int pmp_mode(uint8_t cfg)
{
    return (cfg & PMP_A) >> 3;
}

static bool pmp_locked(const CPURISCVState *env, int i)
{
    return env->pmpcfg[i] & PMP_L;
}

uint64_t riscv_pmpcfg_read(const CPURISCVState *env, int index)
{
    uint64_t val = 0;
    int first = index * 4;      /* pmpcfgN holds entries 4N..4N+7 on RV64 */

    if (!riscv_env_cfg(env)->pmp) {
        return 0;
    }
    for (int b = 0; b < 8; b++) {
        if (first + b < RISCV_PMP_ENTRIES) {
            val |= (uint64_t)env->pmpcfg[first + b] << (8 * b);
        }
    }
    return val;
}

void riscv_pmpcfg_write(CPURISCVState *env, int index, uint64_t val)
{
    int first = index * 4;

    if (!riscv_env_cfg(env)->pmp) {
        return;
    }
    for (int b = 0; b < 8; b++) {
        int i = first + b;
        uint8_t cfg = val >> (8 * b);
        if (i >= RISCV_PMP_ENTRIES || pmp_locked(env, i)) {
            continue;
        }
        /* Bits 6:5 are reserved zero; R=0 W=1 is reserved: drop W. */
        cfg &= PMP_R | PMP_W | PMP_X | PMP_A | PMP_L;
        if (!(cfg & PMP_R)) {
            cfg &= ~PMP_W;
        }
        env->pmpcfg[i] = cfg;
    }
}

uint64_t riscv_pmpaddr_read(const CPURISCVState *env, int index)
{
    if (!riscv_env_cfg(env)->pmp || index >= RISCV_PMP_ENTRIES) {
        return 0;
    }
    return env->pmpaddr[index];
}

void riscv_pmpaddr_write(CPURISCVState *env, int index, uint64_t val)
{
    if (!riscv_env_cfg(env)->pmp || index >= RISCV_PMP_ENTRIES ||
        pmp_locked(env, index)) {
        return;
    }
    /* A locked TOR entry also freezes the pmpaddr below it. */
    if (index + 1 < RISCV_PMP_ENTRIES && pmp_locked(env, index + 1) &&
        pmp_mode(env->pmpcfg[index + 1]) == PMP_A_TOR) {
        return;
    }
    env->pmpaddr[index] = val & PMPADDR_MASK;
}

/* The byte range [*start, *end] entry i covers; false if it covers none. */
static bool pmp_range(const CPURISCVState *env, int i, uint64_t *start,
                      uint64_t *end)
{
    uint64_t a = env->pmpaddr[i];

    switch (pmp_mode(env->pmpcfg[i])) {
    case PMP_A_TOR: {
        uint64_t lo = i ? env->pmpaddr[i - 1] << 2 : 0;
        uint64_t hi = a << 2;
        if (lo >= hi) {
            return false;
        }
        *start = lo;
        *end = hi - 1;
        return true;
    }
    case PMP_A_NA4:
        *start = a << 2;
        *end = *start + 3;
        return true;
    case PMP_A_NAPOT: {
        /* Trailing ones t give a 2^(t+3)-byte region. */
        int t = __builtin_ctzll(~a);
        uint64_t size_m1 = t + 3 >= 64 ? ~0ull : (1ull << (t + 3)) - 1;
        *start = (a << 2) & ~size_m1;
        *end = *start + size_m1;
        return true;
    }
    default:
        return false;
    }
}

bool riscv_pmp_page_uniform(const CPURISCVState *env, uint64_t page)
{
    uint64_t last = page + 0xfff;

    if (!riscv_env_cfg(env)->pmp) {
        return true;
    }
    for (int i = 0; i < RISCV_PMP_ENTRIES; i++) {
        uint64_t start, end;

        if (!pmp_range(env, i, &start, &end) ||
            last < start || page > end) {
            continue;
        }
        /* Covering the page wholly, it decides for every byte. */
        return start <= page && end >= last;
    }
    return true;                /* no entry touches it */
}

bool riscv_pmp_check(const CPURISCVState *env, uint64_t addr, int size,
                     RISCVAccessType access, int priv, int *prot)
{
    uint64_t last = addr + (size ? size - 1 : 0);
    static const int need[] = {
        [RISCV_ACCESS_LOAD] = PMP_R,
        [RISCV_ACCESS_STORE] = PMP_W,
        [RISCV_ACCESS_FETCH] = PMP_X,
    };

    if (!riscv_env_cfg(env)->pmp) {
        if (prot) {
            *prot = RISCV_PROT_READ | RISCV_PROT_WRITE | RISCV_PROT_EXEC;
        }
        return true;
    }
    for (int i = 0; i < RISCV_PMP_ENTRIES; i++) {
        uint64_t start, end;
        uint8_t cfg = env->pmpcfg[i];
        int perms;

        if (!pmp_range(env, i, &start, &end)) {
            continue;
        }
        if (last < start || addr > end) {
            continue;
        }
        if (addr < start || last > end) {
            return false;       /* matches some bytes but not all */
        }
        if (priv == PRV_M && !(cfg & PMP_L)) {
            perms = PMP_R | PMP_W | PMP_X;
        } else {
            perms = cfg & (PMP_R | PMP_W | PMP_X);
        }
        if (prot) {
            *prot = ((perms & PMP_R) ? RISCV_PROT_READ : 0) |
                    ((perms & PMP_W) ? RISCV_PROT_WRITE : 0) |
                    ((perms & PMP_X) ? RISCV_PROT_EXEC : 0);
        }
        return (perms & need[access]) != 0;
    }
    /* No match: M succeeds; S and U fail since entries are implemented. */
    if (prot) {
        *prot = priv == PRV_M
                ? RISCV_PROT_READ | RISCV_PROT_WRITE | RISCV_PROT_EXEC : 0;
    }
    return priv == PRV_M;
}
