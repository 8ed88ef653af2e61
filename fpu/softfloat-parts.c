/*
 * The software floating-point core, written from IEEE 754-2019 (sections
 * 4.3 rounding, 5.4 arithmetic, 6.2 NaNs, 7 exceptions) and the RISC-V
 * unprivileged ISA's F chapter (NaN generation, fmin/fmax, conversions).
 * Every operation unpacks its operands, settles the special cases (NaN,
 * infinity, zero), computes the exact result or a value with a sticky bit
 * standing for everything below its precision, and hands that to the one
 * rounding routine.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "softfloat-parts.h"

typedef unsigned __int128 u128;

const FpuFormat fpu_format_f32 = { .frac_bits = 23, .exp_bits = 8,
                                   .bias = 127 };
const FpuFormat fpu_format_f64 = { .frac_bits = 52, .exp_bits = 11,
                                   .bias = 1023 };

static inline int fmt_width(const FpuFormat *f)
{
    return 1 + f->exp_bits + f->frac_bits;
}

static inline uint64_t frac_mask(const FpuFormat *f)
{
    return (1ull << f->frac_bits) - 1;
}

static inline uint64_t exp_all_ones(const FpuFormat *f)
{
    return (1ull << f->exp_bits) - 1;
}

static inline uint64_t sign_bit(const FpuFormat *f, bool sign)
{
    return (uint64_t)sign << (fmt_width(f) - 1);
}

static uint64_t pack_zero(const FpuFormat *f, bool sign)
{
    return sign_bit(f, sign);
}

static uint64_t pack_inf(const FpuFormat *f, bool sign)
{
    return sign_bit(f, sign) | exp_all_ones(f) << f->frac_bits;
}

static uint64_t pack_max_finite(const FpuFormat *f, bool sign)
{
    return sign_bit(f, sign) | (exp_all_ones(f) - 1) << f->frac_bits |
           frac_mask(f);
}

/* Shift right, ORing everything shifted out into bit 0 (the sticky bit). */
static inline uint64_t shr_jam64(uint64_t v, int n)
{
    if (n <= 0) {
        return v;
    }
    if (n >= 64) {
        return v != 0;
    }
    return (v >> n) | ((v & ((1ull << n) - 1)) != 0);
}

static inline u128 shr_jam128(u128 v, int n)
{
    if (n <= 0) {
        return v;
    }
    if (n >= 128) {
        return v != 0;
    }
    return (v >> n) | ((v & (((u128)1 << n) - 1)) != 0);
}

static inline int msb128(u128 v)
{
    uint64_t hi = v >> 64;

    return hi ? 127 - __builtin_clzll(hi) : 63 - __builtin_clzll((uint64_t)v);
}

FpuParts fpu_parts_unpack(const FpuFormat *f, uint64_t bits)
{
    FpuParts p = { .sign = (bits >> (fmt_width(f) - 1)) & 1 };
    uint64_t frac = bits & frac_mask(f);
    uint64_t bexp = (bits >> f->frac_bits) & exp_all_ones(f);
    int lead = 62 - f->frac_bits;   /* shift that puts the fraction at 62 */

    if (bexp == exp_all_ones(f)) {
        if (frac == 0) {
            p.cls = FPU_CLS_INF;
        } else {
            /* IEEE 754-2019 6.2.1: the fraction's top bit marks quiet. */
            p.cls = (frac >> (f->frac_bits - 1)) ? FPU_CLS_QNAN
                                                 : FPU_CLS_SNAN;
            p.sig = frac << lead;
        }
    } else if (bexp == 0) {
        if (frac == 0) {
            p.cls = FPU_CLS_ZERO;
        } else {
            int shift = __builtin_clzll(frac) - 1;

            p.cls = FPU_CLS_NORMAL;
            p.sig = frac << shift;
            p.exp = 1 - f->bias - f->frac_bits + 62 - shift;
        }
    } else {
        p.cls = FPU_CLS_NORMAL;
        p.sig = (frac | 1ull << f->frac_bits) << lead;
        p.exp = (int32_t)bexp - f->bias;
    }
    return p;
}

static inline bool is_nan(const FpuParts *p)
{
    return p->cls == FPU_CLS_QNAN || p->cls == FPU_CLS_SNAN;
}

uint64_t fpu_parts_default_nan(const FpuFormat *f, const FpuStatus *st)
{
    return pack_inf(f, st->default_nan_sign) | 1ull << (f->frac_bits - 1);
}

static uint64_t pack_nan(const FpuFormat *f, const FpuParts *p)
{
    uint64_t frac = p->sig >> (62 - f->frac_bits);

    return pack_inf(f, p->sign) | frac | 1ull << (f->frac_bits - 1);
}

/*
 * The result of an operation with at least one NaN among its n operands:
 * NV for any signaling NaN, then the NaN the target's rule asks for.
 */
static uint64_t propagate_nan(const FpuFormat *f, const FpuParts *ops,
                              int n, FpuStatus *st)
{
    int first = -1, first_snan = -1;

    for (int i = 0; i < n; i++) {
        if (ops[i].cls == FPU_CLS_SNAN && first_snan < 0) {
            first_snan = i;
        }
        if (is_nan(&ops[i]) && first < 0) {
            first = i;
        }
    }
    if (first_snan >= 0) {
        st->flags |= FPU_FLAG_NV;
    }
    switch (st->nan_rule) {
    case FPU_NAN_FIRST_OPERAND:
        return pack_nan(f, &ops[first]);
    case FPU_NAN_SNAN_FIRST:
        return pack_nan(f, &ops[first_snan >= 0 ? first_snan : first]);
    default:
        return fpu_parts_default_nan(f, st);
    }
}

static uint64_t invalid(const FpuFormat *f, FpuStatus *st)
{
    st->flags |= FPU_FLAG_NV;
    return fpu_parts_default_nan(f, st);
}

/*
 * Whether rounding goes away from the truncated value, given the last kept
 * bit (lsb), the discarded bits (rem) and the weight of half a unit in the
 * last place (half).
 */
static bool round_away(int rm, bool sign, bool lsb, uint64_t rem,
                       uint64_t half)
{
    switch (rm) {
    case FPU_RTZ:
        return false;
    case FPU_RDN:
        return sign && rem;
    case FPU_RUP:
        return !sign && rem;
    case FPU_RMM:
        return rem >= half;
    default:    /* FPU_RNE; the reserved encodings never get here */
        return rem > half || (rem == half && lsb);
    }
}

uint64_t fpu_parts_round_pack(const FpuFormat *f, bool sign, int32_t exp,
                              uint64_t sig, FpuStatus *st)
{
    const int shift = 62 - f->frac_bits;     /* bits below the precision */
    const uint64_t mask = (1ull << shift) - 1;
    const uint64_t half = 1ull << (shift - 1);
    const int32_t emin = 1 - f->bias;
    const int rm = st->round_mode;
    bool tiny = false;
    uint64_t rem;

    if (exp < emin) {
        /*
         * Tininess (IEEE 754-2019 7.5). After rounding means: rounded to
         * the format's precision as if the exponent range were unbounded,
         * the result is still below 2^emin. Only a value just below 2^emin
         * whose kept bits are all ones can round up to it.
         */
        if (st->tininess_before_rounding || exp < emin - 1) {
            tiny = true;
        } else {
            bool all_ones = (sig | mask) == (UINT64_MAX >> 1);

            tiny = !(all_ones && round_away(rm, sign, (sig >> shift) & 1,
                                            sig & mask, half));
        }
        sig = shr_jam64(sig, emin - exp);
        exp = emin;
    }

    rem = sig & mask;
    if (rem) {
        st->flags |= FPU_FLAG_NX | (tiny ? FPU_FLAG_UF : 0);
        bool up = round_away(rm, sign, (sig >> shift) & 1, rem, half);
        sig &= ~mask;
        if (up) {
            sig += 1ull << shift;
            if (sig >> 63) {
                sig >>= 1;
                exp++;
            }
        }
    }

    if (exp > f->bias) {
        bool to_inf = rm == FPU_RNE || rm == FPU_RMM || rm > FPU_RMM ||
                      (rm == FPU_RDN && sign) || (rm == FPU_RUP && !sign);

        st->flags |= FPU_FLAG_OF | FPU_FLAG_NX;
        return to_inf ? pack_inf(f, sign) : pack_max_finite(f, sign);
    }
    /* A subnormal keeps bit 62 clear; one rounded up to 2^emin sets it. */
    uint64_t bexp = (sig >> 62) ? (uint64_t)(exp + f->bias) : 0;
    return sign_bit(f, sign) | bexp << f->frac_bits |
           ((sig >> shift) & frac_mask(f));
}

/*
 * Round sig * 2^(exp - 125), any nonzero 128-bit sig: bring the leading
 * one to bit 62 of a 64-bit significand, keeping a sticky bit.
 */
static uint64_t round_pack128(const FpuFormat *f, bool sign, int32_t exp,
                              u128 sig, FpuStatus *st)
{
    int msb = msb128(sig);
    uint64_t sig64;

    if (msb > 62) {
        sig64 = (uint64_t)shr_jam128(sig, msb - 62);
    } else {
        sig64 = (uint64_t)sig << (62 - msb);
    }
    return fpu_parts_round_pack(f, sign, exp + msb - 125, sig64, st);
}

/*
 * Add two nonzero finite values a = ma * 2^(ea - 125) and b likewise,
 * each with its leading one at bit 125, and round once. The smaller is
 * aligned with a sticky bit: when it moves by two places or more at most
 * one bit cancels, and when it moves by less nothing reaches the sticky
 * bit, so the rounding sees the exact sum.
 */
static uint64_t add_round(const FpuFormat *f, bool sa, int32_t ea, u128 ma,
                          bool sb, int32_t eb, u128 mb, FpuStatus *st)
{
    u128 m;

    if (ea < eb || (ea == eb && ma < mb)) {
        bool ts = sa;
        int32_t te = ea;
        u128 tm = ma;

        sa = sb; ea = eb; ma = mb;
        sb = ts; eb = te; mb = tm;
    }
    mb = shr_jam128(mb, ea - eb);
    if (sa == sb) {
        m = ma + mb;
    } else {
        m = ma - mb;
        if (m == 0) {
            /* IEEE 754-2019 6.3: an exact zero sum is +0 but in RDN. */
            return pack_zero(f, st->round_mode == FPU_RDN);
        }
    }
    return round_pack128(f, sa, ea, m, st);
}

static inline u128 sig_to_125(uint64_t sig)
{
    return (u128)sig << 63;
}

/* The packed form of an unpacked finite nonzero value; always exact. */
static uint64_t repack(const FpuFormat *f, const FpuParts *p, FpuStatus *st)
{
    return fpu_parts_round_pack(f, p->sign, p->exp, p->sig, st);
}

uint64_t fpu_parts_add(const FpuFormat *f, uint64_t a, uint64_t b,
                       bool subtract, FpuStatus *st)
{
    FpuParts p[2] = { fpu_parts_unpack(f, a), fpu_parts_unpack(f, b) };

    if (is_nan(&p[0]) || is_nan(&p[1])) {
        return propagate_nan(f, p, 2, st);
    }
    p[1].sign ^= subtract;
    if (p[0].cls == FPU_CLS_INF) {
        if (p[1].cls == FPU_CLS_INF && p[0].sign != p[1].sign) {
            return invalid(f, st);
        }
        return pack_inf(f, p[0].sign);
    }
    if (p[1].cls == FPU_CLS_INF) {
        return pack_inf(f, p[1].sign);
    }
    if (p[0].cls == FPU_CLS_ZERO && p[1].cls == FPU_CLS_ZERO) {
        bool sign = p[0].sign == p[1].sign ? p[0].sign
                                           : st->round_mode == FPU_RDN;
        return pack_zero(f, sign);
    }
    if (p[0].cls == FPU_CLS_ZERO) {
        return repack(f, &p[1], st);
    }
    if (p[1].cls == FPU_CLS_ZERO) {
        return repack(f, &p[0], st);
    }
    return add_round(f, p[0].sign, p[0].exp, sig_to_125(p[0].sig),
                     p[1].sign, p[1].exp, sig_to_125(p[1].sig), st);
}

uint64_t fpu_parts_mul(const FpuFormat *f, uint64_t a, uint64_t b,
                       FpuStatus *st)
{
    FpuParts p[2] = { fpu_parts_unpack(f, a), fpu_parts_unpack(f, b) };
    bool sign = p[0].sign ^ p[1].sign;

    if (is_nan(&p[0]) || is_nan(&p[1])) {
        return propagate_nan(f, p, 2, st);
    }
    if (p[0].cls == FPU_CLS_INF || p[1].cls == FPU_CLS_INF) {
        if (p[0].cls == FPU_CLS_ZERO || p[1].cls == FPU_CLS_ZERO) {
            return invalid(f, st);
        }
        return pack_inf(f, sign);
    }
    if (p[0].cls == FPU_CLS_ZERO || p[1].cls == FPU_CLS_ZERO) {
        return pack_zero(f, sign);
    }
    /* (sa * 2^(ea-62)) * (sb * 2^(eb-62)) = P * 2^((ea+eb+1) - 125) */
    return round_pack128(f, sign, p[0].exp + p[1].exp + 1,
                         (u128)p[0].sig * p[1].sig, st);
}

uint64_t fpu_parts_div(const FpuFormat *f, uint64_t a, uint64_t b,
                       FpuStatus *st)
{
    FpuParts p[2] = { fpu_parts_unpack(f, a), fpu_parts_unpack(f, b) };
    bool sign = p[0].sign ^ p[1].sign;

    if (is_nan(&p[0]) || is_nan(&p[1])) {
        return propagate_nan(f, p, 2, st);
    }
    if (p[0].cls == FPU_CLS_INF) {
        return p[1].cls == FPU_CLS_INF ? invalid(f, st) : pack_inf(f, sign);
    }
    if (p[1].cls == FPU_CLS_INF) {
        return pack_zero(f, sign);
    }
    if (p[1].cls == FPU_CLS_ZERO) {
        if (p[0].cls == FPU_CLS_ZERO) {
            return invalid(f, st);
        }
        st->flags |= FPU_FLAG_DZ;
        return pack_inf(f, sign);
    }
    if (p[0].cls == FPU_CLS_ZERO) {
        return pack_zero(f, sign);
    }
    /*
     * Scale the dividend so the quotient has its leading one at bit 62:
     * 63 bits of quotient plus a sticky bit for a nonzero remainder are
     * far more than rounding to 53 bits needs.
     */
    int k = p[0].sig < p[1].sig ? 63 : 62;
    u128 num = (u128)p[0].sig << k;
    uint64_t q = (uint64_t)(num / p[1].sig);
    bool rest = (num % p[1].sig) != 0;

    return fpu_parts_round_pack(f, sign, p[0].exp - p[1].exp - k + 62,
                                q | rest, st);
}

/* floor(sqrt(m)) for m < 2^126, one result bit at a time. */
static uint64_t isqrt128(u128 m)
{
    uint64_t r = 0;

    for (int bit = 62; bit >= 0; bit--) {
        uint64_t t = r | 1ull << bit;
        if ((u128)t * t <= m) {
            r = t;
        }
    }
    return r;
}

uint64_t fpu_parts_sqrt(const FpuFormat *f, uint64_t a, FpuStatus *st)
{
    FpuParts p = fpu_parts_unpack(f, a);

    if (is_nan(&p)) {
        return propagate_nan(f, &p, 1, st);
    }
    if (p.cls == FPU_CLS_ZERO) {
        return a;               /* sqrt(-0) is -0 (IEEE 754-2019 5.4.1) */
    }
    if (p.sign) {
        return invalid(f, st);
    }
    if (p.cls == FPU_CLS_INF) {
        return a;
    }
    /*
     * value = sig * 2^(exp-62) = m * 2^(exp - 62 - k) with m = sig << k;
     * k = 62 or 63 makes the exponent even and sqrt(m) in [2^62, 2^63).
     */
    int k = (p.exp & 1) ? 63 : 62;
    u128 m = (u128)p.sig << k;
    uint64_t r = isqrt128(m);
    bool rest = (u128)r * r != m;

    return fpu_parts_round_pack(f, false, p.exp >> 1, r | rest, st);
}

uint64_t fpu_parts_muladd(const FpuFormat *f, uint64_t a, uint64_t b,
                          uint64_t c, int neg, FpuStatus *st)
{
    FpuParts p[3] = { fpu_parts_unpack(f, a), fpu_parts_unpack(f, b),
                      fpu_parts_unpack(f, c) };
    bool inf_times_zero =
        (p[0].cls == FPU_CLS_INF && p[1].cls == FPU_CLS_ZERO) ||
        (p[0].cls == FPU_CLS_ZERO && p[1].cls == FPU_CLS_INF);
    bool psign = p[0].sign ^ p[1].sign ^ !!(neg & FPU_MULADD_NEG_PRODUCT);
    bool csign = p[2].sign ^ !!(neg & FPU_MULADD_NEG_C);

    if (is_nan(&p[0]) || is_nan(&p[1]) || is_nan(&p[2])) {
        /*
         * RISC-V: inf * 0 is invalid even when the addend is a quiet NaN
         * (IEEE 754-2019 7.2 leaves that case to the implementation).
         */
        if (inf_times_zero) {
            st->flags |= FPU_FLAG_NV;
        }
        return propagate_nan(f, p, 3, st);
    }
    if (inf_times_zero) {
        return invalid(f, st);
    }
    if (p[0].cls == FPU_CLS_INF || p[1].cls == FPU_CLS_INF) {
        if (p[2].cls == FPU_CLS_INF && csign != psign) {
            return invalid(f, st);
        }
        return pack_inf(f, psign);
    }
    if (p[2].cls == FPU_CLS_INF) {
        return pack_inf(f, csign);
    }
    if (p[0].cls == FPU_CLS_ZERO || p[1].cls == FPU_CLS_ZERO) {
        if (p[2].cls == FPU_CLS_ZERO) {
            bool sign = psign == csign ? psign : st->round_mode == FPU_RDN;
            return pack_zero(f, sign);
        }
        p[2].sign = csign;
        return repack(f, &p[2], st);
    }

    /* The exact product, leading one moved to bit 125. */
    u128 prod = (u128)p[0].sig * p[1].sig;
    int32_t pexp = p[0].exp + p[1].exp + 1;

    if (!(prod >> 125)) {
        prod <<= 1;
        pexp--;
    }
    if (p[2].cls == FPU_CLS_ZERO) {
        return round_pack128(f, psign, pexp, prod, st);
    }
    return add_round(f, psign, pexp, prod, csign, p[2].exp,
                     sig_to_125(p[2].sig), st);
}

/*
 * Round a finite unpacked value to an integer magnitude. Returns false
 * when the magnitude does not fit in 64 bits; *inexact says whether any
 * fraction was dropped.
 */
static bool round_to_uint64(const FpuParts *p, int rm, uint64_t *out,
                            bool *inexact)
{
    uint64_t ipart, rem, half;

    *inexact = false;
    if (p->cls == FPU_CLS_ZERO) {
        *out = 0;
        return true;
    }
    if (p->exp > 63) {
        return false;
    }
    if (p->exp == 63) {
        *out = p->sig << 1;
        return true;
    }
    if (p->exp >= -1) {
        int shift = 62 - p->exp;         /* 0 .. 63 */

        if (shift == 0) {
            *out = p->sig;
            return true;
        }
        ipart = p->sig >> shift;
        rem = p->sig & ((1ull << shift) - 1);
        half = 1ull << (shift - 1);
    } else {
        ipart = 0;          /* below one half: a nonzero sticky fraction */
        rem = 1;
        half = 2;
    }
    *inexact = rem != 0;
    /* ipart < 2^63 here, so the increment cannot wrap. */
    *out = ipart + round_away(rm, p->sign, ipart & 1, rem, half);
    return true;
}

uint64_t fpu_parts_to_int(const FpuFormat *f, uint64_t a, int width,
                          bool is_signed, FpuStatus *st)
{
    FpuParts p = fpu_parts_unpack(f, a);
    uint64_t umax = width == 64 ? UINT64_MAX : (1ull << width) - 1;
    uint64_t smax = umax >> 1;
    /* The saturated results, as RISC-V's fcvt table gives them. */
    uint64_t pos_limit = is_signed ? smax : umax;
    uint64_t neg_limit = is_signed ? smax + 1 : 0;   /* a magnitude */
    uint64_t mag;
    bool inexact;

    if (is_nan(&p)) {
        st->flags |= FPU_FLAG_NV;
        return pos_limit;
    }
    if (p.cls == FPU_CLS_INF ||
        !round_to_uint64(&p, st->round_mode, &mag, &inexact) ||
        mag > (p.sign ? neg_limit : pos_limit)) {
        /* Out of range: NV alone, no NX (RISC-V F, fcvt). */
        st->flags |= FPU_FLAG_NV;
        return p.sign ? (-neg_limit & umax) : pos_limit;
    }
    if (inexact) {
        st->flags |= FPU_FLAG_NX;
    }
    return (p.sign ? -mag : mag) & umax;
}

uint64_t fpu_parts_from_int(const FpuFormat *f, bool sign, uint64_t mag,
                            FpuStatus *st)
{
    int msb;

    if (mag == 0) {
        return pack_zero(f, false);
    }
    msb = 63 - __builtin_clzll(mag);
    if (msb == 63) {
        return fpu_parts_round_pack(f, sign, 63, shr_jam64(mag, 1), st);
    }
    return fpu_parts_round_pack(f, sign, msb, mag << (62 - msb), st);
}

uint64_t fpu_parts_round_to_int(const FpuFormat *f, uint64_t a, bool exact,
                                FpuStatus *st)
{
    FpuParts p = fpu_parts_unpack(f, a);
    uint64_t mag;
    bool inexact;

    if (is_nan(&p)) {
        return propagate_nan(f, &p, 1, st);
    }
    if (p.cls != FPU_CLS_NORMAL || p.exp >= f->frac_bits) {
        return a;           /* zeros, infinities and integers stay put */
    }
    round_to_uint64(&p, st->round_mode, &mag, &inexact);
    if (inexact && exact) {
        st->flags |= FPU_FLAG_NX;
    }
    if (mag == 0) {
        return pack_zero(f, p.sign);    /* -0.4 rounds to -0 */
    }
    return fpu_parts_from_int(f, p.sign, mag, st);
}

uint64_t fpu_parts_convert(const FpuFormat *to, const FpuFormat *from,
                           uint64_t a, FpuStatus *st)
{
    FpuParts p = fpu_parts_unpack(from, a);

    switch (p.cls) {
    case FPU_CLS_QNAN:
    case FPU_CLS_SNAN:
        return propagate_nan(to, &p, 1, st);
    case FPU_CLS_INF:
        return pack_inf(to, p.sign);
    case FPU_CLS_ZERO:
        return pack_zero(to, p.sign);
    default:
        return fpu_parts_round_pack(to, p.sign, p.exp, p.sig, st);
    }
}

/*
 * Order of two non-NaN values: the bit patterns, read as sign-magnitude
 * integers, sort like the values except that -0 and +0 differ.
 */
static inline bool bits_lt(const FpuFormat *f, uint64_t a, uint64_t b)
{
    uint64_t sbit = sign_bit(f, true);
    bool sa = a & sbit, sb = b & sbit;

    if (sa != sb) {
        return sa;              /* also makes -0 < +0 */
    }
    return sa ? a > b : a < b;
}

static inline bool is_zero_bits(const FpuFormat *f, uint64_t v)
{
    return (v & ~sign_bit(f, true)) == 0;
}

bool fpu_parts_eq(const FpuFormat *f, uint64_t a, uint64_t b, FpuStatus *st)
{
    FpuParts p[2] = { fpu_parts_unpack(f, a), fpu_parts_unpack(f, b) };

    if (is_nan(&p[0]) || is_nan(&p[1])) {
        if (p[0].cls == FPU_CLS_SNAN || p[1].cls == FPU_CLS_SNAN) {
            st->flags |= FPU_FLAG_NV;
        }
        return false;
    }
    return a == b || (is_zero_bits(f, a) && is_zero_bits(f, b));
}

bool fpu_parts_lt(const FpuFormat *f, uint64_t a, uint64_t b, bool or_equal,
                  FpuStatus *st)
{
    FpuParts p[2] = { fpu_parts_unpack(f, a), fpu_parts_unpack(f, b) };

    if (is_nan(&p[0]) || is_nan(&p[1])) {
        st->flags |= FPU_FLAG_NV;
        return false;
    }
    if (is_zero_bits(f, a) && is_zero_bits(f, b)) {
        return or_equal;
    }
    return bits_lt(f, a, b) || (or_equal && a == b);
}

uint64_t fpu_parts_minmax(const FpuFormat *f, uint64_t a, uint64_t b,
                          bool want_max, FpuStatus *st)
{
    FpuParts p[2] = { fpu_parts_unpack(f, a), fpu_parts_unpack(f, b) };

    if (p[0].cls == FPU_CLS_SNAN || p[1].cls == FPU_CLS_SNAN) {
        st->flags |= FPU_FLAG_NV;
    }
    if (is_nan(&p[0]) && is_nan(&p[1])) {
        return fpu_parts_default_nan(f, st);
    }
    if (is_nan(&p[0])) {
        return b;
    }
    if (is_nan(&p[1])) {
        return a;
    }
    return bits_lt(f, a, b) != want_max ? a : b;
}

unsigned fpu_parts_classify(const FpuFormat *f, uint64_t a)
{
    uint64_t bexp = (a >> f->frac_bits) & exp_all_ones(f);
    uint64_t frac = a & frac_mask(f);
    bool neg = a & sign_bit(f, true);

    if (bexp == exp_all_ones(f)) {
        if (frac == 0) {
            return neg ? FPU_CLASS_NEG_INF : FPU_CLASS_POS_INF;
        }
        return (frac >> (f->frac_bits - 1)) ? FPU_CLASS_QNAN
                                            : FPU_CLASS_SNAN;
    }
    if (bexp == 0) {
        if (frac == 0) {
            return neg ? FPU_CLASS_NEG_ZERO : FPU_CLASS_POS_ZERO;
        }
        return neg ? FPU_CLASS_NEG_SUBNORMAL : FPU_CLASS_POS_SUBNORMAL;
    }
    return neg ? FPU_CLASS_NEG_NORMAL : FPU_CLASS_POS_NORMAL;
}
