/*
 * The differential tester's generator and runner (see tcg-diff.h). Every
 * random choice comes from one xorshift stream seeded by the case number,
 * so a failing seed reproduces exactly.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * What it generates: every pure op on both types, all conditions of
 * setcond/movcond/brcond, forward branches (only TB temps live across
 * labels), early exits, host ld/st on env->buf, guest ld/st through
 * call-outs, helper calls (one of which writes a global behind the
 * block's back), goto_tb, insn_start and mb; optionally helper calls
 * with a host fast path (floating point, diff_runner_enable_fp_calls).
 * Division operands are steered away from zero and -1 with movcond,
 * since those are undefined.
 */
#include "tcg-diff.h"
#include "tcg/tcg-op.h"
#include "tcg/tcg-internal.h"
#include "fp-ref.h"

#include <stddef.h>
#include <string.h>

typedef struct DiffTLBEntry {
    uint64_t addr_read, addr_write, addr_code;
    uintptr_t addend;
} DiffTLBEntry;

/* Flags above the alignment bits, as tcg.h requires. */
enum { DIFF_TLB_MMIO = 1 << 8, DIFF_TLB_NOTDIRTY = 1 << 7 };

struct DiffRunner {
    TCGContext *ctx[2];
    TCGv_i64 r[2][DIFF_NR];
    TCGv_i32 w[2][DIFF_NW];
    int op_counts[NB_OPS];
    bool skew;
    bool fp;            /* fast-path floating-point calls too */
    bool direct;        /* user-mode guest memory at a guest base */
    uint8_t direct_mem[2][256];
    bool tlb;           /* system mode: the softmmu TLB inline */
    uint8_t ram[2][DIFF_RAM_SIZE];
    DiffTLBEntry table[2][DIFF_MMU_MODES][TCG_TLB_SIZE];
};

typedef struct Gen {
    uint64_t rng;
    int side;
    DiffRunner *d;
    TCGv_i64 t64[DIFF_NTEMPS];
    TCGv_i32 t32[DIFF_NTEMPS];
    TCGLabel *pending[8];
    int npending;
    /* recent destinations, so ops form chains the optimizer can see */
    TCGv_i64 recent64[4];
    TCGv_i32 recent32[4];
    /*
     * Loops: each has its own counter, set once at the block start and
     * only ever decremented, and branches back while it stays > 0, so
     * even a forward branch into a loop body cannot loop for long.
     */
    TCGv_i64 loop_count[4];
    TCGLabel *loop_top[4];
    int nloops;
    int open_loop;      /* index into loop_*, or -1 */
    /*
     * EBB temps: undefined after a label, so one is read only once it
     * has been written since the last label (valid).
     */
    TCGv_i64 e64[2];
    TCGv_i32 e32[2];
    bool e64_valid[2], e32_valid[2];
    int e64_written, e32_written;   /* by the op being made, or -1 */
} Gen;

static void place_label(Gen *g, TCGLabel *l)
{
    gen_set_label(l);
    memset(g->e64_valid, 0, sizeof(g->e64_valid));
    memset(g->e32_valid, 0, sizeof(g->e32_valid));
}

static uint64_t rnd(Gen *g)
{
    uint64_t x = g->rng;

    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    g->rng = x;
    return x;
}

static unsigned below(Gen *g, unsigned n)
{
    return (unsigned)(rnd(g) % n);
}

static uint64_t interesting(Gen *g)
{
    static const uint64_t v[] = {
        0, 1, 2, 0xffffffffffffffff, 0x8000000000000000,
        0x7fffffffffffffff, 0x80000000, 0x7fffffff, 0xffffffff,
        0x100000000, 31, 32, 63, 64, 0xff, 0x8000, 0xffff, 0xf,
        0xff00, 0xffffffff00000000,
    };
    return below(g, 3) ? rnd(g) : v[below(g, G_N_ELEMENTS(v))];
}

/* A readable i64: global, TB temp or constant. */
static TCGv_i64 src64(Gen *g)
{
    unsigned e = below(g, 2);

    if (g->e64_valid[e] && below(g, 4) == 0) {
        return g->e64[e];
    }
    switch (below(g, 8)) {
    case 6:
    case 7:
        return g->recent64[below(g, 4)];
    case 0:
    case 1:
        return g->d->r[g->side][below(g, DIFF_NR)];
    case 2:
    case 3:
        return g->t64[below(g, DIFF_NTEMPS)];
    case 4:
        return tcg_constant_i64((int64_t)interesting(g));
    default:
        return tcg_constant_i64((int64_t)below(g, 70));
    }
}

static TCGv_i32 src32(Gen *g)
{
    unsigned e = below(g, 2);

    if (g->e32_valid[e] && below(g, 4) == 0) {
        return g->e32[e];
    }
    switch (below(g, 8)) {
    case 6:
    case 7:
        return g->recent32[below(g, 4)];
    case 0:
    case 1:
        return g->d->w[g->side][below(g, DIFF_NW)];
    case 2:
    case 3:
        return g->t32[below(g, DIFF_NTEMPS)];
    case 4:
        return tcg_constant_i32((int32_t)interesting(g));
    default:
        return tcg_constant_i32((int32_t)below(g, 40));
    }
}

static TCGv_i64 dst64(Gen *g)
{
    TCGv_i64 d = below(g, 2) ? g->d->r[g->side][below(g, DIFF_NR)]
                             : g->t64[below(g, DIFF_NTEMPS)];

    if (below(g, 5) == 0) {
        unsigned e = below(g, 2);
        g->e64_written = e;     /* valid once the op is made */
        return g->e64[e];   /* not a recent value: that could outlive it */
    }

    g->recent64[below(g, 4)] = d;
    return d;
}

static TCGv_i32 dst32(Gen *g)
{
    TCGv_i32 d = below(g, 2) ? g->d->w[g->side][below(g, DIFF_NW)]
                             : g->t32[below(g, DIFF_NTEMPS)];

    if (below(g, 5) == 0) {
        unsigned e = below(g, 2);
        g->e32_written = e;
        return g->e32[e];
    }

    g->recent32[below(g, 4)] = d;
    return d;
}

static const TCGCond conds[] = {
    TCG_COND_NEVER, TCG_COND_ALWAYS, TCG_COND_EQ, TCG_COND_NE,
    TCG_COND_LT, TCG_COND_GE, TCG_COND_LE, TCG_COND_GT,
    TCG_COND_LTU, TCG_COND_GEU, TCG_COND_LEU, TCG_COND_GTU,
};

static TCGCond rcond(Gen *g)
{
    return conds[below(g, G_N_ELEMENTS(conds))];
}

typedef void (*Bin64)(TCGv_i64, TCGv_i64, TCGv_i64);
typedef void (*Bin32)(TCGv_i32, TCGv_i32, TCGv_i32);
typedef void (*Un64)(TCGv_i64, TCGv_i64);
typedef void (*Un32)(TCGv_i32, TCGv_i32);

#define B(x) { tcg_gen_##x##_i64, tcg_gen_##x##_i32 }
static const struct { Bin64 f64; Bin32 f32; } binops[] = {
    B(add), B(sub), B(and), B(or), B(xor), B(andc), B(orc), B(eqv),
    B(nand), B(nor), B(shl), B(shr), B(sar), B(rotl), B(rotr), B(mul),
    B(mulsh), B(muluh), B(clz), B(ctz),
};
static const struct { Bin64 f64; Bin32 f32; } divops[] = {
    B(div), B(divu), B(rem), B(remu),
};
#undef B
#define U(x) { tcg_gen_##x##_i64, tcg_gen_##x##_i32 }
static const struct { Un64 f64; Un32 f32; } unops[] = {
    U(mov), U(neg), U(not), U(ext8s), U(ext8u), U(ext16s), U(ext16u),
    U(bswap16), U(bswap32), U(ctpop),
};
#undef U

/*
 * Helpers and call-outs trash every register the ABI lets them, so a
 * backend that keeps a value in one across a call is caught.
 */
static inline void clobber_caller_saved(void)
{
#ifdef __x86_64__
    __asm__ volatile("mov $0xbad1, %%r8\n\t"
                     "mov $0xbad2, %%r9\n\t"
                     "mov $0xbad3, %%r10\n\t"
                     "mov $0xbad4, %%r11\n\t"
                     "mov $0xbad5, %%rsi\n\t"
                     "mov $0xbad6, %%rdi\n\t"
                     ::: "r8", "r9", "r10", "r11", "rsi", "rdi");
#endif
}

static uint64_t helper_mix6(uint64_t a, uint64_t b, uint64_t c, uint64_t d,
                            uint64_t e, uint64_t f)
{
    return (a * 0x9e3779b97f4a7c15) ^ (b << 7) ^ (c >> 3) ^ (d * 5) ^
           ~e ^ (f << 1 | f >> 63);
}

static uint32_t helper_mix32(uint32_t a, uint32_t b)
{
    clobber_caller_saved();
    return (a << 5 | a >> 27) + b;
}

/* Writes a field the block may hold as a global: tests global syncing. */
static void helper_touch_env(DiffEnv *env, uint64_t v)
{
    clobber_caller_saved();
    env->helper_acc = env->helper_acc * 3 + v + env->r[0];
    env->r[1] ^= v;
    env->w[2] += (uint32_t)v;
}

/*
 * Softmmu mode's slow path, written from the TLB contract (tcg.h) rather
 * than the backends' compare: counts itself, notes an access that should
 * have hit inline, then does it byte by byte: RAM through the entry's
 * addend, MMIO as a "device", an unmapped page filled as RAM first.
 */
static DiffTLBEntry *tlb_entry(DiffEnv *e, uint64_t addr, unsigned mmu)
{
    DiffTLBEntry (*t)[TCG_TLB_SIZE] = e->tlb;

    return &t[mmu][(addr >> DIFF_PAGE_BITS) & (TCG_TLB_SIZE - 1)];
}

static void tlb_slow_check(DiffEnv *e, uint64_t addr, MemOp mop,
                           unsigned mmu, bool store)
{
    unsigned size = 1u << (mop & MO_SIZE);
    unsigned a = (mop & MO_AMASK) >> MO_ALIGN_SHIFT;
    unsigned align = a == 0 ? 1 : a == 1 ? size : 1u << (a - 1);
    uint64_t page_mask = ~(uint64_t)((1u << DIFF_PAGE_BITS) - 1);
    DiffTLBEntry *te = tlb_entry(e, addr, mmu);
    uint64_t tag = store ? te->addr_write : te->addr_read;
    bool should_miss = (addr & (align - 1)) ||
                       ((addr ^ (addr + size - 1)) & page_mask) ||
                       tag != (addr & page_mask);

    e->slow_calls++;
    if (!should_miss) {
        e->tlb_wrong++;
    }
}

static uint8_t *tlb_byte(DiffEnv *e, uint64_t addr, unsigned mmu,
                         bool store, bool *mmio)
{
    uint64_t page = addr & ~(uint64_t)((1u << DIFF_PAGE_BITS) - 1);
    DiffTLBEntry *te = tlb_entry(e, addr, mmu);

    if (te->addr_read == UINT64_MAX) {
        te->addr_read = te->addr_write = te->addr_code = page;
    }
    *mmio = (store ? te->addr_write : te->addr_read) & DIFF_TLB_MMIO;
    return (uint8_t *)(uintptr_t)(addr + te->addend);
}

static uint64_t guest_ld(void *env, uint64_t addr, TCGMemOpIdx oi)
{
    DiffEnv *e = env;
    MemOp mop = tcg_memop_idx_op(oi);
    unsigned size = 1u << (mop & MO_SIZE);
    uint64_t v = 0;

    clobber_caller_saved();
    if (e->tlb) {
        tlb_slow_check(e, addr, mop, tcg_memop_idx_mmu(oi), false);
    }
    for (unsigned i = 0; i < size; i++) {
        uint8_t byte = e->gmem[(addr + i) & 0xff];

        if (e->tlb) {
            uint64_t a = (addr + i) % DIFF_RAM_SIZE;
            bool mmio;
            uint8_t *p = tlb_byte(e, a, tcg_memop_idx_mmu(oi), false, &mmio);

            byte = mmio ? (uint8_t)(0xa5 ^ a ^ e->r[4]) : *p;
        }
        unsigned shift = (mop & MO_BE) ? 8 * (size - 1 - i) : 8 * i;
        v |= (uint64_t)byte << shift;
    }
    if ((mop & MO_SIGN) && size < 8) {
        unsigned sh = 64 - 8 * size;
        v = (uint64_t)((int64_t)(v << sh) >> sh);
    }
    return v;
}

static void guest_st(void *env, uint64_t addr, uint64_t val,
                     TCGMemOpIdx oi)
{
    DiffEnv *e = env;
    MemOp mop = tcg_memop_idx_op(oi);
    unsigned size = 1u << (mop & MO_SIZE);

    clobber_caller_saved();
    if (e->tlb) {
        tlb_slow_check(e, addr, mop, tcg_memop_idx_mmu(oi), true);
    }
    for (unsigned i = 0; i < size; i++) {
        unsigned shift = (mop & MO_BE) ? 8 * (size - 1 - i) : 8 * i;

        if (e->tlb) {
            uint64_t a = (addr + i) % DIFF_RAM_SIZE;
            bool mmio;
            uint8_t *p = tlb_byte(e, a, tcg_memop_idx_mmu(oi), true, &mmio);

            if (mmio) {
                /* a device: may read globals, never change them */
                e->helper_acc = e->helper_acc * 31 + e->r[5] +
                                (uint8_t)(val >> shift) + a;
            } else {
                *p = (uint8_t)(val >> shift);
            }
            continue;
        }
        e->gmem[(addr + i) & 0xff] = (uint8_t)(val >> shift);
    }
    /*
     * Like a device register side effect: reads globals (which must have
     * been written back) but, per the call-out contract (tcg.h), changes
     * none of them.
     */
    e->helper_acc = e->helper_acc * 33 + e->r[3] + e->w[1] + val;
}

static void gen_field(Gen *g, unsigned width, unsigned *ofs, unsigned *len)
{
    *len = 1 + below(g, width);
    *ofs = below(g, width - *len + 1);
}

/* Steer a divisor away from 0 and -1, where division is undefined. */
static TCGv_i64 safe_divisor64(Gen *g, TCGv_i64 b)
{
    TCGv_i64 d = g->t64[below(g, DIFF_NTEMPS)];

    tcg_gen_movcond_i64(TCG_COND_EQ, d, b, tcg_constant_i64(0),
                        tcg_constant_i64(7), b);
    tcg_gen_movcond_i64(TCG_COND_EQ, d, d, tcg_constant_i64(-1),
                        tcg_constant_i64(-3), d);
    return d;
}

static TCGv_i32 safe_divisor32(Gen *g, TCGv_i32 b)
{
    TCGv_i32 d = g->t32[below(g, DIFF_NTEMPS)];

    tcg_gen_movcond_i32(TCG_COND_EQ, d, b, tcg_constant_i32(0),
                        tcg_constant_i32(7), b);
    tcg_gen_movcond_i32(TCG_COND_EQ, d, d, tcg_constant_i32(-1),
                        tcg_constant_i32(-3), d);
    return d;
}

static void gen_memory(Gen *g, bool is64)
{
    const intptr_t base = offsetof(DiffEnv, buf);
    intptr_t ofs = base + below(g, 256 - 8);

    if (is64) {
        switch (below(g, 11)) {
        case 0: tcg_gen_ld8u_i64(dst64(g), tcg_env, ofs); break;
        case 1: tcg_gen_ld8s_i64(dst64(g), tcg_env, ofs); break;
        case 2: tcg_gen_ld16u_i64(dst64(g), tcg_env, ofs); break;
        case 3: tcg_gen_ld16s_i64(dst64(g), tcg_env, ofs); break;
        case 4: tcg_gen_ld32u_i64(dst64(g), tcg_env, ofs); break;
        case 5: tcg_gen_ld32s_i64(dst64(g), tcg_env, ofs); break;
        case 6: tcg_gen_ld_i64(dst64(g), tcg_env, ofs); break;
        case 7: tcg_gen_st8_i64(src64(g), tcg_env, ofs); break;
        case 8: tcg_gen_st16_i64(src64(g), tcg_env, ofs); break;
        case 9: tcg_gen_st32_i64(src64(g), tcg_env, ofs); break;
        default: tcg_gen_st_i64(src64(g), tcg_env, ofs); break;
        }
    } else {
        switch (below(g, 8)) {
        case 0: tcg_gen_ld8u_i32(dst32(g), tcg_env, ofs); break;
        case 1: tcg_gen_ld8s_i32(dst32(g), tcg_env, ofs); break;
        case 2: tcg_gen_ld16u_i32(dst32(g), tcg_env, ofs); break;
        case 3: tcg_gen_ld16s_i32(dst32(g), tcg_env, ofs); break;
        case 4: tcg_gen_ld_i32(dst32(g), tcg_env, ofs); break;
        case 5: tcg_gen_st8_i32(src32(g), tcg_env, ofs); break;
        case 6: tcg_gen_st16_i32(src32(g), tcg_env, ofs); break;
        default: tcg_gen_st_i32(src32(g), tcg_env, ofs); break;
        }
    }
}

static void gen_guest_memory(Gen *g, bool is64)
{
    MemOp mop = (MemOp)(below(g, is64 ? 4 : 3) |
                        (below(g, 2) ? MO_SIGN : 0) |
                        (below(g, 2) ? MO_BE : 0) |
                        (below(g, 4) == 0 ? MO_ALIGN : 0));
    unsigned idx = below(g, 4);
    TCGv_i64 addr = tcg_temp_new_i64();

    if (g->d->tlb) {
        /*
         * Anywhere in the 4 pages, near a page's end (crossings), or
         * 8-aligned; alignment requirements of every kind.
         */
        static const MemOp aligns[] = { MO_ALIGN_2, MO_ALIGN_4, MO_ALIGN_8,
                                        MO_ALIGN_16 };
        switch (below(g, 3)) {
        case 0:
            tcg_gen_andi_i64(addr, src64(g), DIFF_RAM_SIZE - 1);
            break;
        case 1:
            tcg_gen_andi_i64(addr, src64(g), 0xc07);
            tcg_gen_ori_i64(addr, addr, 0x3f8);
            break;
        default:
            tcg_gen_andi_i64(addr, src64(g), 0xcf8);
            break;
        }
        if (below(g, 4) == 0) {
            mop = (MemOp)((mop & ~MO_AMASK) | aligns[below(g, 4)]);
        }
    } else {
        /* in range of the 256-byte guest memory even for 8-byte ones */
        tcg_gen_andi_i64(addr, src64(g), 0xf7);
    }
    if (is64) {
        if (below(g, 2)) {
            tcg_gen_qemu_ld_i64(dst64(g), addr, idx, mop);
        } else {
            tcg_gen_qemu_st_i64(src64(g), addr, idx, mop);
        }
    } else {
        if (below(g, 2)) {
            tcg_gen_qemu_ld_i32(dst32(g), addr, idx, mop);
        } else {
            tcg_gen_qemu_st_i32(src32(g), addr, idx, mop);
        }
    }
    tcg_temp_free_i64(addr);
}

/*
 * The fallback of the fast-path calls, written from the contract
 * (tcg-op.h): softfloat in round to nearest even on RISC-V's terms,
 * flags accrued in env->fflags, binary32 NaN-boxed. desc: TCGFpOp and
 * bit 8 for binary32.
 */
static uint64_t helper_fp(DiffEnv *env, uint64_t a, uint64_t b, uint64_t c,
                          uint64_t desc)
{
    FpuStatus st;
    uint64_t r;

    clobber_caller_saved();
    fpu_status_init_riscv(&st);
    st.flags = (uint8_t)(env->fflags & 0x1f);
    r = fp_ref_eval((TCGFpOp)(desc & 0xff), desc & 0x100, a, b, c, &st);
    env->fflags = (env->fflags & ~0x1fu) | st.flags;
    return r;
}

static const TCGHelperInfo info_fp = {
    .func = (void *)helper_fp, .name = "fp", .flags = TCG_CALL_NO_RWG };

/*
 * An fp operand: a special value, or a readable i64 (boxed or not; a
 * boxed one is a new temp, *made, for the caller to free).
 */
static TCGv_i64 fp_operand(Gen *g, bool f32, bool *made)
{
    static const uint64_t v64[] = {
        0, 0x8000000000000000, 0x3ff0000000000000, 0x0010000000000000,
        0x001fffffffffffff, 0x0000000000000001, 0x7ff0000000000000,
        0x7ff8000000000000, 0x7ff0000000000001, 0x7fefffffffffffff,
        0x5fe0000000000000, 0x2000000000000000, 0x3fefffffffffffff,
    };
    static const uint32_t v32[] = {
        0, 0x80000000, 0x3f800000, 0x00800000, 0x00ffffff, 0x00000001,
        0x7f800000, 0x7fc00000, 0x7f800001, 0x7f7fffff, 0x5f000000,
        0x20000000, 0x3f7fffff,
    };
    TCGv_i64 t;

    switch (below(g, 4)) {
    case 0:
        return tcg_constant_i64(f32 ? fpu_nanbox_f32(v32[below(g, 13)])
                                    : v64[below(g, 13)]);
    case 1:
        return src64(g);
    default:
        if (!f32) {
            return src64(g);
        }
        t = tcg_temp_new_i64();
        tcg_gen_ori_i64(t, src64(g), (int64_t)0xffffffff00000000ull);
        *made = true;
        return t;
    }
}

static void gen_fp_call(Gen *g)
{
    TCGFpOp op = (TCGFpOp)(1 + below(g, TCG_FP_NB_OPS - 1));
    bool f32 = below(g, 2);
    unsigned n = tcg_fp_nb_operands(op);
    TCGFpFast f = {
        .op = op, .f32 = f32, .nanbox = true, .first = 1,
        .gate_mask = op >= TCG_FP_EQ ? 0 : FPU_FLAG_NX,
        .gate_ofs = offsetof(DiffEnv, fflags),
    };
    TCGTemp *args[5] = { tcgv_ptr_temp(tcg_env) };
    TCGv_i64 in[3];
    bool made[3] = { false, false, false };

    for (unsigned i = 0; i < 3; i++) {
        in[i] = i < n ? fp_operand(g, f32, &made[i]) : tcg_constant_i64(0);
        args[1 + i] = tcgv_i64_temp(in[i]);
    }
    args[4] = tcgv_i64_temp(tcg_constant_i64(op | (f32 ? 0x100 : 0)));
    tcg_gen_call_fp(&info_fp, tcgv_i64_temp(dst64(g)), 5, args, &f);
    for (unsigned i = 0; i < n; i++) {
        if (made[i]) {
            tcg_temp_free_i64(in[i]);
        }
    }
}

static const TCGHelperInfo info_mix6 = {
    .func = (void *)helper_mix6, .name = "mix6",
    .flags = TCG_CALL_NO_RWG_SE };
static const TCGHelperInfo info_mix32 = {
    .func = (void *)helper_mix32, .name = "mix32",
    .flags = TCG_CALL_NO_RWG_SE };
static const TCGHelperInfo info_touch_env = {
    .func = (void *)helper_touch_env, .name = "touch_env", .flags = 0 };

static void gen_call(Gen *g)
{
    TCGTemp *args[6];

    switch (below(g, g->d->fp ? 5 : 3)) {
    case 3:
    case 4:
        gen_fp_call(g);
        break;
    case 0:
        for (int i = 0; i < 6; i++) {
            args[i] = tcgv_i64_temp(src64(g));
        }
        tcg_gen_callN(&info_mix6, tcgv_i64_temp(dst64(g)), 6, args);
        break;
    case 1:
        args[0] = tcgv_i32_temp(src32(g));
        args[1] = tcgv_i32_temp(src32(g));
        tcg_gen_callN(&info_mix32, tcgv_i32_temp(dst32(g)), 2, args);
        break;
    default:
        args[0] = tcgv_ptr_temp(tcg_env);
        args[1] = tcgv_i64_temp(src64(g));
        tcg_gen_callN(&info_touch_env, NULL, 2, args);
        break;
    }
}

static void close_loop(Gen *g)
{
    TCGv_i64 c = g->loop_count[g->open_loop];

    tcg_gen_subi_i64(c, c, 1);
    tcg_gen_brcond_i64(TCG_COND_GT, c, tcg_constant_i64(0),
                       g->loop_top[g->open_loop]);
    g->open_loop = -1;
}

static void gen_one_op(Gen *g)
{
    bool is64 = below(g, 2);
    unsigned k = below(g, 100);
    unsigned ofs, len;

    if (below(g, 40) == 0) {
        if (g->open_loop >= 0) {
            close_loop(g);
        } else if (g->nloops < (int)G_N_ELEMENTS(g->loop_top)) {
            g->open_loop = g->nloops++;
            g->loop_top[g->open_loop] = gen_new_label();
            place_label(g, g->loop_top[g->open_loop]);
        }
        return;
    }

    if (k < 35) {
        unsigned i = below(g, G_N_ELEMENTS(binops));
        if (is64) {
            binops[i].f64(dst64(g), src64(g), src64(g));
        } else {
            binops[i].f32(dst32(g), src32(g), src32(g));
        }
    } else if (k < 50) {
        unsigned i = below(g, G_N_ELEMENTS(unops));
        if (is64) {
            unops[i].f64(dst64(g), src64(g));
        } else {
            unops[i].f32(dst32(g), src32(g));
        }
    } else if (k < 54) {
        unsigned i = below(g, G_N_ELEMENTS(divops));
        if (is64) {
            TCGv_i64 a = src64(g), d = safe_divisor64(g, src64(g));
            divops[i].f64(dst64(g), a, d);
        } else {
            TCGv_i32 a = src32(g), d = safe_divisor32(g, src32(g));
            divops[i].f32(dst32(g), a, d);
        }
    } else if (k < 60) {
        switch (below(g, 6)) {
        case 0: tcg_gen_ext32s_i64(dst64(g), src64(g)); break;
        case 1: tcg_gen_ext32u_i64(dst64(g), src64(g)); break;
        case 2: tcg_gen_bswap64_i64(dst64(g), src64(g)); break;
        case 3: tcg_gen_extrl_i64_i32(dst32(g), src64(g)); break;
        case 4: tcg_gen_ext_i32_i64(dst64(g), src32(g)); break;
        default: tcg_gen_extu_i32_i64(dst64(g), src32(g)); break;
        }
    } else if (k < 66) {
        gen_field(g, is64 ? 64 : 32, &ofs, &len);
        switch (below(g, 3)) {
        case 0:
            if (is64) {
                tcg_gen_deposit_i64(dst64(g), src64(g), src64(g), ofs, len);
            } else {
                tcg_gen_deposit_i32(dst32(g), src32(g), src32(g), ofs, len);
            }
            break;
        case 1:
            if (is64) {
                tcg_gen_extract_i64(dst64(g), src64(g), ofs, len);
            } else {
                tcg_gen_extract_i32(dst32(g), src32(g), ofs, len);
            }
            break;
        default:
            if (is64) {
                tcg_gen_sextract_i64(dst64(g), src64(g), ofs, len);
            } else {
                tcg_gen_sextract_i32(dst32(g), src32(g), ofs, len);
            }
            break;
        }
    } else if (k < 72) {
        TCGCond c = rcond(g);
        if (below(g, 2)) {
            if (is64) {
                tcg_gen_setcond_i64(c, dst64(g), src64(g), src64(g));
            } else {
                tcg_gen_setcond_i32(c, dst32(g), src32(g), src32(g));
            }
        } else if (is64) {
            TCGv_i64 c1 = src64(g), c2 = src64(g), v1 = src64(g);
            tcg_gen_movcond_i64(c, dst64(g), c1, c2, v1, src64(g));
        } else {
            TCGv_i32 c1 = src32(g), c2 = src32(g), v1 = src32(g);
            tcg_gen_movcond_i32(c, dst32(g), c1, c2, v1, src32(g));
        }
    } else if (k < 78) {
        /* forward branch to a label placed later */
        if (g->npending < (int)G_N_ELEMENTS(g->pending)) {
            TCGLabel *l = gen_new_label();
            TCGCond c = rcond(g);
            g->pending[g->npending++] = l;
            if (below(g, 8) == 0) {
                tcg_gen_br(l);
            } else if (is64) {
                tcg_gen_brcond_i64(c, src64(g), src64(g), l);
            } else {
                tcg_gen_brcond_i32(c, src32(g), src32(g), l);
            }
        }
    } else if (k < 83) {
        if (g->npending) {
            unsigned i = below(g, g->npending);
            place_label(g, g->pending[i]);
            g->pending[i] = g->pending[--g->npending];
        }
    } else if (k < 89) {
        gen_memory(g, is64);
    } else if (k < 93) {
        gen_guest_memory(g, is64);
    } else if (k < 97) {
        gen_call(g);
    } else if (k < 98) {
        /* an early exit, skipped or not */
        TCGLabel *l = gen_new_label();
        tcg_gen_brcond_i64(rcond(g), src64(g), src64(g), l);
        tcg_gen_exit_tb(0x100 + below(g, 100));
        place_label(g, l);
    } else if (k < 99) {
        tcg_gen_insn_start(rnd(g));
    } else {
        tcg_gen_mb(below(g, 16));
    }
}

static void gen_one(Gen *g)
{
    g->e64_written = g->e32_written = -1;
    gen_one_op(g);
    if (g->e64_written >= 0) {
        g->e64_valid[g->e64_written] = true;
    }
    if (g->e32_written >= 0) {
        g->e32_valid[g->e32_written] = true;
    }
}

static void gen_block(DiffRunner *d, int side, uint64_t seed)
{
    Gen g = { .rng = seed * 0x9e3779b97f4a7c15 + 1, .side = side, .d = d };
    unsigned n;

    tcg_func_start(d->ctx[side]);
    /* TB temps: they live across the labels of forward branches */
    for (int i = 0; i < DIFF_NTEMPS; i++) {
        g.t64[i] = tcg_temp_new_tb_i64();
        g.t32[i] = tcg_temp_new_tb_i32();
        tcg_gen_movi_i64(g.t64[i], (int64_t)interesting(&g));
        tcg_gen_movi_i32(g.t32[i], (int32_t)interesting(&g));
    }
    for (int i = 0; i < 4; i++) {
        g.recent64[i] = g.t64[i];
        g.recent32[i] = g.t32[i];
        g.loop_count[i] = tcg_temp_new_tb_i64();
        tcg_gen_movi_i64(g.loop_count[i], 1 + below(&g, 4));
    }
    g.open_loop = -1;
    for (int i = 0; i < 2; i++) {
        g.e64[i] = tcg_temp_new_i64();
        g.e32[i] = tcg_temp_new_i32();
    }
    n = 5 + below(&g, 60);
    for (unsigned i = 0; i < n; i++) {
        gen_one(&g);
    }
    if (g.open_loop >= 0) {
        close_loop(&g);
    }
    while (g.npending) {
        place_label(&g, g.pending[--g.npending]);
    }
    for (int i = 0; i < DIFF_NTEMPS; i++) {
        tcg_gen_st_i64(g.t64[i], tcg_env, offsetof(DiffEnv, out) + 8 * i);
        tcg_gen_st_i32(g.t32[i], tcg_env,
                       offsetof(DiffEnv, out) + 8 * (DIFF_NTEMPS + i));
    }
    if (below(&g, 4) == 0) {
        tcg_gen_goto_tb(0);
    }
    tcg_gen_exit_tb(below(&g, 1000));
}

DiffRunner *diff_runner_new(void)
{
    DiffRunner *d = g_new0(DiffRunner, 1);
    static const TCGBackend kinds[2] = { TCG_BACKEND_TCI,
                                         TCG_BACKEND_NATIVE };

    for (int side = 0; side < 2; side++) {
        /* the reference runs the IR as written; native is optimized */
        TCGContextOptions o = { .backend = kinds[side],
                                .code_size = 4 << 20,
                                .no_optimize = side == 0 };
        GError *err = NULL;

        d->ctx[side] = tcg_context_new(&o, &err);
        g_assert_no_error(err);
        tcg_context_set_guest_memory(d->ctx[side], guest_ld, guest_st);
        for (int i = 0; i < DIFF_NR; i++) {
            char name[8];
            g_snprintf(name, sizeof(name), "r%d", i);
            d->r[side][i] = tcg_global_mem_new_i64(
                tcg_env, offsetof(DiffEnv, r) + 8 * i,
                g_intern_string(name));
        }
        for (int i = 0; i < DIFF_NW; i++) {
            char name[8];
            g_snprintf(name, sizeof(name), "w%d", i);
            d->w[side][i] = tcg_global_mem_new_i32(
                tcg_env, offsetof(DiffEnv, w) + 4 * i,
                g_intern_string(name));
        }
    }
    return d;
}

void diff_runner_free(DiffRunner *d)
{
    if (d) {
        tcg_context_free(d->ctx[0]);
        tcg_context_free(d->ctx[1]);
        g_free(d);
    }
}

void diff_runner_set_direct_guest_memory(DiffRunner *d)
{
    d->direct = true;
    for (int side = 0; side < 2; side++) {
        tcg_context_set_guest_base(d->ctx[side],
                                   (uintptr_t)d->direct_mem[side]);
    }
}

void diff_runner_bound_guest_space(DiffRunner *d)
{
    for (int side = 0; side < 2; side++) {
        tcg_context_set_guest_addr_bits(d->ctx[side], 8);
    }
}

void diff_runner_pin_global(DiffRunner *d)
{
    for (int side = 0; side < 2; side++) {
        tcg_context_set_current(d->ctx[side]);
        tcg_context_pin_global(d->ctx[side], d->r[side][1]);
    }
}

void diff_runner_enable_fp_calls(DiffRunner *d)
{
    d->fp = true;
}

void diff_runner_set_softmmu_tlb(DiffRunner *d)
{
    TCGSoftmmuTLB l = { .ptr_ofs = offsetof(DiffEnv, tlb),
                        .table_ofs = 0, .page_bits = DIFF_PAGE_BITS };

    d->tlb = true;
    for (int side = 0; side < 2; side++) {
        tcg_context_set_softmmu_tlb(d->ctx[side], &l);
    }
}

/* Each case starts from the same tables (the call-outs fill entries). */
static void tlb_reset(DiffRunner *d, int side, DiffEnv *env)
{
    memset(d->table[side], 0xff, sizeof(d->table[side]));
    for (unsigned m = 0; m < DIFF_MMU_MODES; m++) {
        for (unsigned p = 0; p < DIFF_RAM_SIZE >> DIFF_PAGE_BITS; p++) {
            DiffTLBEntry *te = &d->table[side][m][p];
            uint64_t page = (uint64_t)p << DIFF_PAGE_BITS;

            te->addend = (uintptr_t)d->ram[side];
            switch ((p + m) & 3) {
            case 0:
                te->addr_read = te->addr_write = page;
                break;
            case 1:
                te->addr_read = page;
                te->addr_write = page | DIFF_TLB_NOTDIRTY;
                break;
            case 2:
                te->addr_read = te->addr_write = page | DIFF_TLB_MMIO;
                break;
            default:
                break;      /* unmapped: -1 */
            }
        }
    }
    /* the RAM starts as a function of the case's env bytes */
    for (unsigned i = 0; i < DIFF_RAM_SIZE; i++) {
        d->ram[side][i] = env->gmem[i & 0xff] ^ (uint8_t)(i >> 8);
    }
    env->tlb = d->table[side];
}

void diff_runner_mask_host_features(DiffRunner *d, unsigned keep)
{
    d->ctx[1]->host_features &= keep;
}

void diff_runner_set_skew(DiffRunner *d, bool on)
{
    d->skew = on;
}

void diff_runner_op_counts(DiffRunner *d, const int **counts, int *n)
{
    *counts = d->op_counts;
    *n = NB_OPS;
}

static const void *translate(DiffRunner *d, int side, uint64_t seed)
{
    GError *err = NULL;
    const void *code;

    gen_block(d, side, seed);
    if (side == 0) {
        TCGContext *s = d->ctx[0];
        for (int i = 0; i < s->nb_ops; i++) {
            d->op_counts[s->ops[i].opc]++;
        }
    }
    code = tcg_gen_code(d->ctx[side], &err);
    if (!code && g_error_matches(err, TCG_ERROR, TCG_ERROR_FULL)) {
        g_clear_error(&err);
        tcg_code_flush(d->ctx[side]);
        code = tcg_gen_code(d->ctx[side], &err);
    }
    g_assert_no_error(err);
    return code;
}

static void init_env(DiffEnv *env, uint64_t seed)
{
    Gen g = { .rng = seed ^ 0x5555aaaa5555aaaa };
    uint8_t *p = (uint8_t *)env;

    for (size_t i = 0; i < sizeof(*env); i++) {
        p[i] = (uint8_t)rnd(&g);
    }
    for (int i = 0; i < DIFF_NR; i++) {
        if (below(&g, 3) == 0) {
            env->r[i] = interesting(&g);
        }
    }
    env->fflags &= 0x1f;
}

bool diff_run_case(DiffRunner *d, uint64_t seed, char **report)
{
    DiffEnv env[2];
    uintptr_t ret[2];
    TCGContext *tci = d->ctx[0];

    for (int side = 0; side < 2; side++) {
        const void *code = translate(d, side, seed);
        init_env(&env[side], seed);
        /* each side's direct guest memory starts as its env->gmem */
        memcpy(d->direct_mem[side], env[side].gmem, 256);
        env[side].tlb = NULL;
        env[side].slow_calls = env[side].tlb_wrong = 0;
        if (d->tlb) {
            tlb_reset(d, side, &env[side]);
        }
        if (side == 1 && d->skew) {
            env[side].helper_acc++;
        }
        ret[side] = tcg_exec(d->ctx[side], &env[side], code);
    }
    if (ret[0] == ret[1] &&
        memcmp(&env[0], &env[1], DIFF_ENV_COMPARED) == 0 &&
        memcmp(d->direct_mem[0], d->direct_mem[1], 256) == 0 &&
        memcmp(d->ram[0], d->ram[1], DIFF_RAM_SIZE) == 0 &&
        !env[0].tlb_wrong) {
        return true;
    }
    if (report) {
        GString *s = g_string_new(NULL);
        g_autofree char *opt = tcg_dump_ops(d->ctx[1]);
        g_autofree char *ir = NULL;
        const uint8_t *a = (const uint8_t *)&env[0];
        const uint8_t *b = (const uint8_t *)&env[1];

        g_string_append_printf(s, "seed %" G_GUINT64_FORMAT
                               ": exit tci %#lx native %#lx\n", seed,
                               (unsigned long)ret[0], (unsigned long)ret[1]);
        if (env[0].tlb_wrong) {
            g_string_append_printf(s, "  %" G_GUINT64_FORMAT " call-outs "
                                   "for accesses that should hit\n",
                                   env[0].tlb_wrong);
        }
        for (size_t i = 0; i < DIFF_RAM_SIZE; i++) {
            if (d->ram[0][i] != d->ram[1][i]) {
                g_string_append_printf(s, "  RAM byte %zu: tci %02x "
                                       "native %02x\n", i, d->ram[0][i],
                                       d->ram[1][i]);
            }
        }
        for (size_t i = 0; i < DIFF_ENV_COMPARED; i++) {
            if (a[i] != b[i]) {
                g_string_append_printf(s, "  env byte %zu: tci %02x "
                                       "native %02x\n", i, a[i], b[i]);
            }
        }
        for (size_t i = 0; i < 256; i++) {
            if (d->direct_mem[0][i] != d->direct_mem[1][i]) {
                g_string_append_printf(s, "  guest byte %zu: tci %02x "
                                       "native %02x\n", i,
                                       d->direct_mem[0][i],
                                       d->direct_mem[1][i]);
            }
        }
        gen_block(d, 0, seed);
        ir = tcg_dump_ops(tci);
        g_string_append_printf(s, "IR:\n%s\nIR as optimized for the native "
                               "backend:\n%s", ir, opt);
        *report = g_string_free(s, FALSE);
    }
    return false;
}
