/*
 * A few hundred lines of ordinary C for the toolchain test
 * (test-debian-toolchain.py): Debian's riscv64 gcc builds it at -O2
 * under vireo-riscv64, the host's riscv64-linux-gnu-gcc builds the same
 * source, and both programs must print the same. It is meant to give
 * cc1's optimizer plenty to do (loops to unroll and vectorize, switch
 * tables, inlining, 128-bit and floating-point arithmetic) and the
 * result to depend on every part: a bytecode interpreter, SHA-256, a
 * sieve, sorting with qsort, a hash table, big-number factorials,
 * matrices and an n-body step, string formatting and parsing,
 * setjmp/longjmp and varargs. Output is deterministic and free of
 * undefined behaviour, so any two correct compilers agree on it.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <inttypes.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- SHA-256 (FIPS 180-4) --- */
static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
    0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
    0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
    0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
    0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
    0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
    0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
    0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
    0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static uint32_t ror(uint32_t x, int n)
{
    return (x >> n) | (x << (32 - n));
}

static void sha256_block(uint32_t h[8], const uint8_t *p)
{
    uint32_t w[64], a[8];
    int i;

    for (i = 0; i < 16; i++) {
        w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
               (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
    }
    for (; i < 64; i++) {
        uint32_t s0 = ror(w[i - 15], 7) ^ ror(w[i - 15], 18) ^
                      (w[i - 15] >> 3);
        uint32_t s1 = ror(w[i - 2], 17) ^ ror(w[i - 2], 19) ^
                      (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    memcpy(a, h, sizeof(a));
    for (i = 0; i < 64; i++) {
        uint32_t t1 = a[7] + (ror(a[4], 6) ^ ror(a[4], 11) ^ ror(a[4], 25)) +
                      ((a[4] & a[5]) ^ (~a[4] & a[6])) + K[i] + w[i];
        uint32_t t2 = (ror(a[0], 2) ^ ror(a[0], 13) ^ ror(a[0], 22)) +
                      ((a[0] & a[1]) ^ (a[0] & a[2]) ^ (a[1] & a[2]));
        memmove(a + 1, a, 7 * sizeof(a[0]));
        a[4] += t1;
        a[0] = t1 + t2;
    }
    for (i = 0; i < 8; i++) {
        h[i] += a[i];
    }
}

static void sha256(const void *data, size_t len, char hex[65])
{
    uint32_t h[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                      0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };
    uint8_t tail[128] = { 0 };
    size_t full = len / 64 * 64, rest = len - full, n;
    uint64_t bits = (uint64_t)len * 8;
    int i;

    for (size_t off = 0; off < full; off += 64) {
        sha256_block(h, (const uint8_t *)data + off);
    }
    memcpy(tail, (const uint8_t *)data + full, rest);
    tail[rest] = 0x80;
    n = rest < 56 ? 64 : 128;
    for (i = 0; i < 8; i++) {
        tail[n - 1 - i] = (uint8_t)(bits >> (8 * i));
    }
    for (size_t off = 0; off < n; off += 64) {
        sha256_block(h, tail + off);
    }
    for (i = 0; i < 8; i++) {
        sprintf(hex + 8 * i, "%08" PRIx32, h[i]);
    }
}

/* --- a stack-machine interpreter: sum of Collatz lengths --- */
enum { PUSH, LOAD, STORE, ADD, MUL, SHR, AND, LT, JZ, JMP, EQ, HALT };

static int64_t interp(const int32_t *code, int64_t *v)
{
    int64_t st[32];
    int sp = 0, pc = 0;

    for (;;) {
        switch (code[pc++]) {
        case PUSH: st[sp++] = code[pc++]; break;
        case LOAD: st[sp++] = v[code[pc++]]; break;
        case STORE: v[code[pc++]] = st[--sp]; break;
        case ADD: sp--; st[sp - 1] += st[sp]; break;
        case MUL: sp--; st[sp - 1] *= st[sp]; break;
        case SHR: sp--; st[sp - 1] >>= st[sp]; break;
        case AND: sp--; st[sp - 1] &= st[sp]; break;
        case LT: sp--; st[sp - 1] = st[sp - 1] < st[sp]; break;
        case EQ: sp--; st[sp - 1] = st[sp - 1] == st[sp]; break;
        case JZ: pc = st[--sp] ? pc + 1 : code[pc]; break;
        case JMP: pc = code[pc]; break;
        default: return v[0];
        }
    }
}

static const int32_t collatz[] = {
    /* for n = 1 .. 2999: x = n; while x != 1: x = odd ? 3x+1 : x/2 */
    PUSH, 1, STORE, 1,                              /* 0: n = 1 */
    LOAD, 1, PUSH, 3000, LT, JZ, 66,                /* 4: n < 3000? */
    LOAD, 1, STORE, 2,                              /* 11: x = n */
    LOAD, 2, PUSH, 1, EQ, JZ, 31,                   /* 15: x == 1? */
    LOAD, 1, PUSH, 1, ADD, STORE, 1, JMP, 4,        /* 22: n++ */
    LOAD, 0, PUSH, 1, ADD, STORE, 0,                /* 31: steps++ */
    LOAD, 2, PUSH, 1, AND, JZ, 57,                  /* 38: odd? */
    LOAD, 2, PUSH, 3, MUL, PUSH, 1, ADD, STORE, 2, JMP, 15, /* 45 */
    LOAD, 2, PUSH, 1, SHR, STORE, 2, JMP, 15,       /* 57: x /= 2 */
    HALT,                                           /* 66 */
};

/* --- sorting, a hash table, primes --- */
static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

    return (x > y) - (x < y);
}

struct entry {
    char key[16];
    int count;
    struct entry *next;
};

static unsigned hash_str(const char *s)
{
    unsigned h = 2166136261u;

    while (*s) {
        h = (h ^ (unsigned char)*s++) * 16777619u;
    }
    return h;
}

static uint32_t xs = 2463534242u;

static uint32_t rnd(void)
{
    xs ^= xs << 13;
    xs ^= xs >> 17;
    xs ^= xs << 5;
    return xs;
}

/* --- big numbers in base 10^9 --- */
static int bigfact(int n, uint32_t *d, int cap)
{
    int len = 1;

    d[0] = 1;
    for (int k = 2; k <= n; k++) {
        uint64_t carry = 0;
        for (int i = 0; i < len; i++) {
            uint64_t t = (uint64_t)d[i] * k + carry;
            d[i] = t % 1000000000u;
            carry = t / 1000000000u;
        }
        while (carry && len < cap) {
            d[len++] = carry % 1000000000u;
            carry /= 1000000000u;
        }
    }
    return len;
}

/* --- varargs and setjmp --- */
static long vsum(int n, ...)
{
    va_list ap;
    long s = 0;

    va_start(ap, n);
    for (int i = 0; i < n; i++) {
        s += i % 2 ? (long)va_arg(ap, double) : va_arg(ap, long);
    }
    va_end(ap);
    return s;
}

static jmp_buf jb;
static volatile int bottom = 25;

static int descend(int depth)
{
    if (depth >= bottom) {
        longjmp(jb, depth * 3);
    }
    if (depth > 1000) {
        return 0;
    }
    return descend(depth + 1) + 1;
}

int main(void)
{
    static char buf[40000];
    static uint32_t arr[5000], fact[200];
    static struct entry *table[256];
    static unsigned char sieve[100001];
    char hex[65];
    int64_t vars[4] = { 0 };
    size_t len = 0;

    /* SHA-256 of a known string and of generated text */
    sha256("abc", 3, hex);
    printf("sha256(abc) %s\n", hex);
    for (int i = 0; i < 2000; i++) {
        len += snprintf(buf + len, sizeof(buf) - len, "%d:%x;", i * i, i);
    }
    sha256(buf, len, hex);
    printf("sha256(text) %zu %s\n", len, hex);

    printf("collatz steps %" PRId64 "\n", interp(collatz, vars));

    /* primes below 100000 */
    int primes = 0;
    uint64_t psum = 0;
    for (int i = 2; i <= 100000; i++) {
        if (!sieve[i]) {
            primes++;
            psum += i;
            for (int j = 2 * i; j <= 100000; j += i) {
                sieve[j] = 1;
            }
        }
    }
    printf("primes %d sum %" PRIu64 "\n", primes, psum);

    /* qsort and a checksum of the order */
    for (int i = 0; i < 5000; i++) {
        arr[i] = rnd() % 100000;
    }
    qsort(arr, 5000, sizeof(arr[0]), cmp_u32);
    uint64_t ck = 0;
    for (int i = 0; i < 5000; i++) {
        ck = ck * 31 + arr[i];
    }
    printf("sorted min %u max %u median %u ck %" PRIx64 "\n", arr[0],
           arr[4999], arr[2500], ck);

    /* word counts in a hash table */
    static const char *words[] = { "ant", "bee", "cat", "dog", "eel", "fox",
                                   "gnu", "hen", "ibis", "jay" };
    for (int i = 0; i < 20000; i++) {
        const char *w = words[rnd() % 10];
        unsigned h = hash_str(w) & 255;
        struct entry *e;
        for (e = table[h]; e && strcmp(e->key, w); e = e->next) {
        }
        if (!e) {
            e = calloc(1, sizeof(*e));
            strcpy(e->key, w);
            e->next = table[h];
            table[h] = e;
        }
        e->count++;
    }
    for (int i = 0; i < 10; i++) {
        unsigned h = hash_str(words[i]) & 255;
        for (struct entry *e = table[h]; e; e = e->next) {
            if (!strcmp(e->key, words[i])) {
                printf("%s=%d%c", e->key, e->count, i == 9 ? '\n' : ' ');
            }
        }
    }
    for (int i = 0; i < 256; i++) {
        while (table[i]) {
            struct entry *e = table[i];
            table[i] = e->next;
            free(e);
        }
    }

    /* 150! in decimal: its digit count and a checksum */
    int n = bigfact(150, fact, 200);
    len = sprintf(buf, "%u", fact[n - 1]);
    for (int i = n - 2; i >= 0; i--) {
        len += sprintf(buf + len, "%09u", fact[i]);
    }
    unsigned dsum = 0;
    for (size_t i = 0; i < len; i++) {
        dsum += buf[i] - '0';
    }
    printf("150! digits %zu digit-sum %u head %.20s\n", len, dsum, buf);

    /* 128-bit arithmetic */
    unsigned __int128 p = 1;
    for (int i = 0; i < 20; i++) {
        p = p * 0x9e3779b97f4a7c15ull + i;
    }
    printf("u128 %016" PRIx64 "%016" PRIx64 " clz %d pop %d\n",
           (uint64_t)(p >> 64), (uint64_t)p, __builtin_clzll((uint64_t)p),
           __builtin_popcountll((uint64_t)(p >> 64)));

    /* floating point: a matrix product and an n-body step */
    double m[12][12], r[12][12];
    for (int i = 0; i < 12; i++) {
        for (int j = 0; j < 12; j++) {
            m[i][j] = (double)(i * 12 + j + 1) / (i + j + 2);
        }
    }
    for (int i = 0; i < 12; i++) {
        for (int j = 0; j < 12; j++) {
            double s = 0;
            for (int k = 0; k < 12; k++) {
                s += m[i][k] * m[k][j];
            }
            r[i][j] = s;
        }
    }
    printf("matrix trace %.9g corner %.9g\n",
           r[0][0] + r[5][5] + r[11][11], r[11][0]);
    double px[3] = { 0, 1, -1 }, py[3] = { 0, 0.5, -0.5 };
    double vx[3] = { 0, 0, 0 }, vy[3] = { 0, 1, -1 }, ms[3] = { 10, 1, 1 };
    for (int step = 0; step < 1000; step++) {
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                if (i != j) {
                    double dx = px[j] - px[i], dy = py[j] - py[i];
                    double d = sqrt(dx * dx + dy * dy) + 0.01;
                    vx[i] += 0.001 * ms[j] * dx / (d * d * d);
                    vy[i] += 0.001 * ms[j] * dy / (d * d * d);
                }
            }
        }
        for (int i = 0; i < 3; i++) {
            px[i] += 0.001 * vx[i];
            py[i] += 0.001 * vy[i];
        }
    }
    printf("nbody %.6f %.6f %.6f %.6f\n", px[1], py[1], px[2], py[2]);
    float f = 1.0f;
    for (int i = 0; i < 50; i++) {
        f = f * 1.1f - 0.05f;
    }
    printf("float %.6e %a exp %.10f\n", f, (double)f, exp(1.5));

    /* parsing, varargs, setjmp */
    char *end;
    long a = strtol("  -12345xyz", &end, 10);
    double d = strtod("6.02214076e23 mol", NULL);
    printf("strtol %ld rest '%s' strtod %.8e\n", a, end, d);
    printf("vsum %ld\n", vsum(6, 1L, 2.9, 3L, 4.5, 5L, -6.2));
    int v = setjmp(jb);
    if (!v) {
        descend(0);
    }
    printf("longjmp %d\n", v);
    return 0;
}
