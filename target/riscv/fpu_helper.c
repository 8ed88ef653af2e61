/*
 * F and D helpers: the translator passes an operation number, the rm
 * field and the instruction bits; the helper resolves the rounding mode
 * (rm = DYN reads frm; reserved modes raise illegal instruction with
 * the instruction in tval), runs the operation through fpu/ (the host
 * fast path when available, bit-exact either way) and accrues the
 * exception flags into fflags. Singles are NaN-boxed in the 64-bit
 * registers; 32-bit integer results are sign-extended.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "internal.h"
#include "accel/tcg/cpu-exec.h"
#include "fpu/host-fp.h"

/* Start an operation: the status with the resolved rounding mode. */
static inline __attribute__((always_inline)) FpuStatus *
fp_begin(void *env, uint64_t desc, uintptr_t ra)
{
    RISCVCPU *cpu = riscv_cpu_of(env);
    unsigned rm = (desc >> 8) & 7;

    if (!cpu->fp_ops) {
        fpu_status_init_riscv(&cpu->fp_status);
        cpu->fp_ops = fpu_ops_select(true);
    }
    if (rm == 7) {
        rm = cpu->env.frm;
    }
    if (rm > 4) {
        riscv_set_pending_tval(env, desc >> 16);
        tcg_cpu_raise_exception(env, RISCV_EXCP_ILLEGAL_INST, ra);
    }
    cpu->fp_status.round_mode = (uint8_t)rm;
    cpu->fp_status.flags = (uint8_t)cpu->env.fflags;
    return &cpu->fp_status;
}

static inline uint64_t fp_end(void *env, uint64_t result)
{
    RISCVCPU *cpu = riscv_cpu_of(env);

    cpu->env.fflags = cpu->fp_status.flags & 0x1f;
    return result;
}

static const FpuOps *ops_of(void *env)
{
    return riscv_cpu_of(env)->fp_ops;
}

#define BOX(v) fpu_nanbox_f32(v)
#define UNBOX(v) fpu_unbox_f32(v)
#define SEXT32(v) ((uint64_t)(int64_t)(int32_t)(v))

/* Zfa's NaN handling, on top of fpu/'s NaN-free answers. */
static bool f32_is_nan(uint32_t a)
{
    return (a & 0x7fffffff) > 0x7f800000;
}

static bool f64_is_nan(uint64_t a)
{
    return (a & INT64_MAX) > 0x7ff0000000000000ull;
}

static bool f32_is_snan(uint32_t a)
{
    return f32_is_nan(a) && !(a & 0x00400000);
}

static bool f64_is_snan(uint64_t a)
{
    return f64_is_nan(a) && !(a & 0x0008000000000000ull);
}

/*
 * fminm/fmaxm (IEEE 754-2019 minimum/maximum): any NaN operand gives the
 * canonical NaN, a signaling one also NV; otherwise as fmin/fmax.
 */
static uint32_t f32_minmax_m(const FpuOps *o, uint32_t a, uint32_t b,
                             bool max, FpuStatus *st)
{
    if (f32_is_nan(a) || f32_is_nan(b)) {
        if (f32_is_snan(a) || f32_is_snan(b)) {
            st->flags |= FPU_FLAG_NV;
        }
        return FPU_F32_DEFAULT_NAN;
    }
    return max ? o->f32_max(a, b, st) : o->f32_min(a, b, st);
}

static uint64_t f64_minmax_m(const FpuOps *o, uint64_t a, uint64_t b,
                             bool max, FpuStatus *st)
{
    if (f64_is_nan(a) || f64_is_nan(b)) {
        if (f64_is_snan(a) || f64_is_snan(b)) {
            st->flags |= FPU_FLAG_NV;
        }
        return FPU_F64_DEFAULT_NAN;
    }
    return max ? o->f64_max(a, b, st) : o->f64_min(a, b, st);
}

/* fleq/fltq: fle/flt that are quiet (NV on a signaling NaN only). */
static bool f32_cmp_q(const FpuOps *o, uint32_t a, uint32_t b, bool lt,
                      FpuStatus *st)
{
    if (f32_is_nan(a) || f32_is_nan(b)) {
        if (f32_is_snan(a) || f32_is_snan(b)) {
            st->flags |= FPU_FLAG_NV;
        }
        return false;
    }
    return lt ? o->f32_lt(a, b, st) : o->f32_le(a, b, st);
}

static bool f64_cmp_q(const FpuOps *o, uint64_t a, uint64_t b, bool lt,
                      FpuStatus *st)
{
    if (f64_is_nan(a) || f64_is_nan(b)) {
        if (f64_is_snan(a) || f64_is_snan(b)) {
            st->flags |= FPU_FLAG_NV;
        }
        return false;
    }
    return lt ? o->f64_lt(a, b, st) : o->f64_le(a, b, st);
}

/*
 * fcvtmod.w.d: truncate to an integer, keep it modulo 2^32 (NaN and
 * infinity give 0); the flags are fcvt.w.d's in RTZ: NV alone when the
 * integer does not fit in int32 (or the input is NaN or infinite), else
 * NX when a fraction was dropped.
 */
static uint64_t f64_cvtmod_w(uint64_t a, FpuStatus *st)
{
    bool sign = a >> 63;
    int exp = (int)((a >> 52) & 0x7ff);
    uint64_t frac = a & ((1ull << 52) - 1);
    uint64_t sig, ipart, lost;
    bool fits;

    if (exp == 0x7ff) {
        st->flags |= FPU_FLAG_NV;
        return 0;
    }
    if (exp == 0) {
        /* zero or subnormal: |a| < 1 */
        if (frac) {
            st->flags |= FPU_FLAG_NX;
        }
        return 0;
    }
    exp -= 1023;
    sig = frac | (1ull << 52);
    if (exp < 0) {
        st->flags |= FPU_FLAG_NX;
        return 0;
    }
    if (exp <= 52) {
        ipart = sig >> (52 - exp);
        lost = exp == 52 ? 0 : sig & ((1ull << (52 - exp)) - 1);
    } else {
        ipart = exp - 52 < 64 ? sig << (exp - 52) : 0;
        lost = 0;
    }
    fits = exp < 32 && (sign ? ipart <= 0x80000000ull
                             : ipart <= 0x7fffffffull);
    if (!fits) {
        st->flags |= FPU_FLAG_NV;
    } else if (lost) {
        st->flags |= FPU_FLAG_NX;
    }
    if (sign) {
        ipart = -ipart;
    }
    return SEXT32((uint32_t)ipart);
}

uint64_t helper_fp2(void *env, uint64_t a, uint64_t b, uint64_t desc)
{
    FpuStatus *st = fp_begin(env, desc, GETPC());
    const FpuOps *o = ops_of(env);
    uint32_t as = UNBOX(a), bs = UNBOX(b);
    uint64_t r;

    switch ((RiscvFpOp)(desc & 0xff)) {
    case FP_ADD_S: r = BOX(o->f32_add(as, bs, st)); break;
    case FP_SUB_S: r = BOX(o->f32_sub(as, bs, st)); break;
    case FP_MUL_S: r = BOX(o->f32_mul(as, bs, st)); break;
    case FP_DIV_S: r = BOX(o->f32_div(as, bs, st)); break;
    case FP_SQRT_S: r = BOX(o->f32_sqrt(as, st)); break;
    case FP_MIN_S: r = BOX(o->f32_min(as, bs, st)); break;
    case FP_MAX_S: r = BOX(o->f32_max(as, bs, st)); break;
    case FP_EQ_S: r = o->f32_eq(as, bs, st); break;
    case FP_LT_S: r = o->f32_lt(as, bs, st); break;
    case FP_LE_S: r = o->f32_le(as, bs, st); break;
    case FP_CVT_W_S: r = SEXT32(o->f32_to_i32(as, st)); break;
    case FP_CVT_WU_S: r = SEXT32(o->f32_to_u32(as, st)); break;
    case FP_CVT_L_S: r = (uint64_t)o->f32_to_i64(as, st); break;
    case FP_CVT_LU_S: r = o->f32_to_u64(as, st); break;
    case FP_CVT_S_W: r = BOX(o->i32_to_f32((int32_t)a, st)); break;
    case FP_CVT_S_WU: r = BOX(o->u32_to_f32((uint32_t)a, st)); break;
    case FP_CVT_S_L: r = BOX(o->i64_to_f32((int64_t)a, st)); break;
    case FP_CVT_S_LU: r = BOX(o->u64_to_f32(a, st)); break;
    case FP_SGNJ_S: r = BOX(fpu_f32_sgnj(as, bs)); break;
    case FP_SGNJN_S: r = BOX(fpu_f32_sgnjn(as, bs)); break;
    case FP_SGNJX_S: r = BOX(fpu_f32_sgnjx(as, bs)); break;
    case FP_CLASS_S: r = fpu_f32_classify(as); break;
    case FP_ADD_D: r = o->f64_add(a, b, st); break;
    case FP_SUB_D: r = o->f64_sub(a, b, st); break;
    case FP_MUL_D: r = o->f64_mul(a, b, st); break;
    case FP_DIV_D: r = o->f64_div(a, b, st); break;
    case FP_SQRT_D: r = o->f64_sqrt(a, st); break;
    case FP_MIN_D: r = o->f64_min(a, b, st); break;
    case FP_MAX_D: r = o->f64_max(a, b, st); break;
    case FP_EQ_D: r = o->f64_eq(a, b, st); break;
    case FP_LT_D: r = o->f64_lt(a, b, st); break;
    case FP_LE_D: r = o->f64_le(a, b, st); break;
    case FP_CVT_W_D: r = SEXT32(o->f64_to_i32(a, st)); break;
    case FP_CVT_WU_D: r = SEXT32(o->f64_to_u32(a, st)); break;
    case FP_CVT_L_D: r = (uint64_t)o->f64_to_i64(a, st); break;
    case FP_CVT_LU_D: r = o->f64_to_u64(a, st); break;
    case FP_CVT_D_W: r = o->i32_to_f64((int32_t)a, st); break;
    case FP_CVT_D_WU: r = o->u32_to_f64((uint32_t)a, st); break;
    case FP_CVT_D_L: r = o->i64_to_f64((int64_t)a, st); break;
    case FP_CVT_D_LU: r = o->u64_to_f64(a, st); break;
    case FP_SGNJ_D: r = fpu_f64_sgnj(a, b); break;
    case FP_SGNJN_D: r = fpu_f64_sgnjn(a, b); break;
    case FP_SGNJX_D: r = fpu_f64_sgnjx(a, b); break;
    case FP_CLASS_D: r = fpu_f64_classify(a); break;
    case FP_CVT_S_D: r = BOX(o->f64_to_f32(a, st)); break;
    case FP_CVT_D_S: r = o->f32_to_f64(as, st); break;
    case FP_ROUND_S: r = BOX(fpu_f32_round_to_int(as, false, st)); break;
    case FP_ROUNDNX_S: r = BOX(fpu_f32_round_to_int(as, true, st)); break;
    case FP_MINM_S: r = BOX(f32_minmax_m(o, as, bs, false, st)); break;
    case FP_MAXM_S: r = BOX(f32_minmax_m(o, as, bs, true, st)); break;
    case FP_LEQ_S: r = f32_cmp_q(o, as, bs, false, st); break;
    case FP_LTQ_S: r = f32_cmp_q(o, as, bs, true, st); break;
    case FP_ROUND_D: r = fpu_f64_round_to_int(a, false, st); break;
    case FP_ROUNDNX_D: r = fpu_f64_round_to_int(a, true, st); break;
    case FP_MINM_D: r = f64_minmax_m(o, a, b, false, st); break;
    case FP_MAXM_D: r = f64_minmax_m(o, a, b, true, st); break;
    case FP_LEQ_D: r = f64_cmp_q(o, a, b, false, st); break;
    case FP_LTQ_D: r = f64_cmp_q(o, a, b, true, st); break;
    case FP_CVTMOD_W_D: r = f64_cvtmod_w(a, st); break;
    case FP_CVT_S_H: r = BOX(fpu_f16_to_f32(fpu_unbox_f16(a), st)); break;
    case FP_CVT_D_H: r = fpu_f16_to_f64(fpu_unbox_f16(a), st); break;
    case FP_CVT_H_S: r = fpu_nanbox_f16(fpu_f32_to_f16(as, st)); break;
    case FP_CVT_H_D: r = fpu_nanbox_f16(fpu_f64_to_f16(a, st)); break;
    default:
        g_assert_not_reached();
    }
    return fp_end(env, r);
}

/* The frequent operations of helper_fp2, each without the switch. */
#define FP_HELPER_S(name, fn)                                           \
    uint64_t helper_##name(void *env, uint64_t a, uint64_t b,           \
                           uint64_t desc)                               \
    {                                                                   \
        FpuStatus *st = fp_begin(env, desc, GETPC());                   \
                                                                        \
        return fp_end(env, BOX(ops_of(env)->fn(UNBOX(a), UNBOX(b), st))); \
    }
#define FP_HELPER_D(name, fn)                                           \
    uint64_t helper_##name(void *env, uint64_t a, uint64_t b,           \
                           uint64_t desc)                               \
    {                                                                   \
        FpuStatus *st = fp_begin(env, desc, GETPC());                   \
                                                                        \
        return fp_end(env, ops_of(env)->fn(a, b, st));                  \
    }

FP_HELPER_S(fadd_s, f32_add)
FP_HELPER_S(fsub_s, f32_sub)
FP_HELPER_S(fmul_s, f32_mul)
FP_HELPER_S(fdiv_s, f32_div)
FP_HELPER_D(fadd_d, f64_add)
FP_HELPER_D(fsub_d, f64_sub)
FP_HELPER_D(fmul_d, f64_mul)
FP_HELPER_D(fdiv_d, f64_div)

uint64_t helper_fsqrt_d(void *env, uint64_t a, uint64_t b, uint64_t desc)
{
    FpuStatus *st = fp_begin(env, desc, GETPC());

    return fp_end(env, ops_of(env)->f64_sqrt(a, st));
}

uint64_t helper_fp3(void *env, uint64_t a, uint64_t b, uint64_t c,
                    uint64_t desc)
{
    FpuStatus *st = fp_begin(env, desc, GETPC());
    const FpuOps *o = ops_of(env);
    int neg = (int)(desc & 3);

    if (desc & 4) {
        return fp_end(env, o->f64_muladd(a, b, c, neg, st));
    }
    return fp_end(env, BOX(o->f32_muladd(UNBOX(a), UNBOX(b), UNBOX(c), neg,
                                         st)));
}
