/*
 * Branchy workload: a switch-dispatched stack-machine interpreter
 * running a bytecode program (a sieve of primes and a Collatz walk),
 * i.e. an indirect jump per bytecode and unpredictable branches.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "bench.h"

enum {
    OP_PUSH, OP_LOAD, OP_STORE, OP_ADD, OP_SUB, OP_MUL, OP_AND, OP_SHR,
    OP_LT, OP_JZ, OP_JMP, OP_DUP, OP_DROP, OP_LDM, OP_STM, OP_HALT,
};

#define MEM 8192

static int64_t mem[MEM];

static int64_t run(const int32_t *code, int64_t *vars)
{
    int64_t stack[64];
    int sp = 0, pc = 0;

    for (;;) {
        int32_t op = code[pc++];

        switch (op) {
        case OP_PUSH: stack[sp++] = code[pc++]; break;
        case OP_LOAD: stack[sp++] = vars[code[pc++]]; break;
        case OP_STORE: vars[code[pc++]] = stack[--sp]; break;
        case OP_ADD: sp--; stack[sp - 1] += stack[sp]; break;
        case OP_SUB: sp--; stack[sp - 1] -= stack[sp]; break;
        case OP_MUL: sp--; stack[sp - 1] *= stack[sp]; break;
        case OP_AND: sp--; stack[sp - 1] &= stack[sp]; break;
        case OP_SHR: sp--; stack[sp - 1] >>= stack[sp]; break;
        case OP_LT: sp--; stack[sp - 1] = stack[sp - 1] < stack[sp]; break;
        case OP_JZ: pc = stack[--sp] ? pc + 1 : code[pc]; break;
        case OP_JMP: pc = code[pc]; break;
        case OP_DUP: stack[sp] = stack[sp - 1]; sp++; break;
        case OP_DROP: sp--; break;
        case OP_LDM: stack[sp - 1] = mem[stack[sp - 1] & (MEM - 1)]; break;
        case OP_STM: sp -= 2; mem[stack[sp + 1] & (MEM - 1)] = stack[sp];
            break;
        case OP_HALT: return stack[sp - 1];
        default: return -1;
        }
    }
}

/*
 * The program, built in main() with its jump labels resolved there.
 * vars: 0 i, 1 j/n walk, 2 primes, 3 n, 4 steps. Sieve of Eratosthenes
 * over mem[2..MEM), then Collatz walks for n in 1..3000 counting steps;
 * the result is primes * 1000000 + steps.
 */
int main(void)
{
    static int32_t code[256];
    int n = 0;
    int64_t vars[8] = { 0 };
    uint64_t sum = 0;
    int outer, inner, skip, sieve_done, next_n, walk, even, walk_done, done;
    int fix_outer_exit, fix_skip, fix_inner_exit, fix_next_exit, fix_walk,
        fix_even;

#define E(x) (code[n++] = (x))
    E(OP_PUSH); E(2); E(OP_STORE); E(0);
    outer = n;
    E(OP_LOAD); E(0); E(OP_PUSH); E(MEM); E(OP_LT); E(OP_JZ);
    fix_outer_exit = n; E(0);
    E(OP_LOAD); E(0); E(OP_LDM); E(OP_PUSH); E(1); E(OP_LT); E(OP_JZ);
    fix_skip = n; E(0);
    E(OP_LOAD); E(2); E(OP_PUSH); E(1); E(OP_ADD); E(OP_STORE); E(2);
    E(OP_LOAD); E(0); E(OP_LOAD); E(0); E(OP_MUL); E(OP_STORE); E(1);
    inner = n;
    E(OP_LOAD); E(1); E(OP_PUSH); E(MEM); E(OP_LT); E(OP_JZ);
    fix_inner_exit = n; E(0);
    E(OP_PUSH); E(1); E(OP_LOAD); E(1); E(OP_STM);
    E(OP_LOAD); E(1); E(OP_LOAD); E(0); E(OP_ADD); E(OP_STORE); E(1);
    E(OP_JMP); E(inner);
    skip = n;
    code[fix_skip] = skip;
    code[fix_inner_exit] = skip;
    E(OP_LOAD); E(0); E(OP_PUSH); E(1); E(OP_ADD); E(OP_STORE); E(0);
    E(OP_JMP); E(outer);
    sieve_done = n;
    code[fix_outer_exit] = sieve_done;
    E(OP_PUSH); E(1); E(OP_STORE); E(3);
    next_n = n;
    E(OP_LOAD); E(3); E(OP_PUSH); E(3000); E(OP_LT); E(OP_JZ);
    fix_next_exit = n; E(0);
    E(OP_LOAD); E(3); E(OP_STORE); E(1);
    walk = n;
    E(OP_PUSH); E(1); E(OP_LOAD); E(1); E(OP_LT); E(OP_JZ);
    fix_walk = n; E(0);
    E(OP_LOAD); E(4); E(OP_PUSH); E(1); E(OP_ADD); E(OP_STORE); E(4);
    E(OP_LOAD); E(1); E(OP_PUSH); E(1); E(OP_AND); E(OP_JZ);
    fix_even = n; E(0);
    E(OP_LOAD); E(1); E(OP_PUSH); E(3); E(OP_MUL); E(OP_PUSH); E(1);
    E(OP_ADD); E(OP_STORE); E(1); E(OP_JMP); E(walk);
    even = n;
    code[fix_even] = even;
    E(OP_LOAD); E(1); E(OP_PUSH); E(1); E(OP_SHR); E(OP_STORE); E(1);
    E(OP_JMP); E(walk);
    walk_done = n;
    code[fix_walk] = walk_done;
    E(OP_LOAD); E(3); E(OP_PUSH); E(1); E(OP_ADD); E(OP_STORE); E(3);
    E(OP_JMP); E(next_n);
    done = n;
    code[fix_next_exit] = done;
    E(OP_LOAD); E(2); E(OP_PUSH); E(1000000); E(OP_MUL);
    E(OP_LOAD); E(4); E(OP_ADD); E(OP_HALT);
#undef E

    for (int r = 0; r < 4 * BENCH_SCALE; r++) {
        for (int i = 0; i < MEM; i++) {
            mem[i] = 0;
        }
        for (int i = 0; i < 8; i++) {
            vars[i] = 0;
        }
        sum = sum * 1000003 + (uint64_t)run(code, vars);
    }
    bench_checksum("branch-interp", sum);
    return 0;
}
