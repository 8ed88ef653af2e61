/*
 * Floating point that must be bit-exact: IEEE basic operations, fma,
 * sqrt, conversions under each rounding mode, subnormals, float and
 * double, printed with %a and %.17g. The output is compared with
 * fp.expected, produced by this same file compiled for the x86-64 host
 * (gcc -O2 -frounding-math -fno-builtin: gcc's inline x86 rint ignores
 * the rounding mode for negative numbers)
 * (only correctly rounded operations, and no NaN bit patterns, which the
 * two architectures define differently).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <fenv.h>
#include <math.h>
#include <stdio.h>

static volatile double one = 1.0, three = 3.0, tiny = 0x1p-1070, m25 = -2.5;
static volatile float fthree = 3.0f;

int main(void)
{
    static const int modes[] = { FE_TONEAREST, FE_DOWNWARD, FE_UPWARD,
                                 FE_TOWARDZERO };
    volatile double x;
    volatile float f;

    x = one / three;
    printf("1/3 %a %.17g\n", x, x);
    x = sqrt(2.0 * one);
    printf("sqrt2 %a %.17g\n", x, x);
    x = fma(one / three, three, -one);
    printf("fma %a\n", x);
    x = tiny * 3.5;
    printf("subnormal %a %.17g\n", x, x);
    x = tiny / 1e300;
    printf("underflow %a\n", x);
    x = 1e308 * (one * 10);
    printf("overflow %g %d\n", x, isinf(x));
    x = (one - one) / (one - one);
    printf("0/0 isnan %d\n", isnan(x));
    f = 1.0f / fthree;
    printf("float 1/3 %a %.9g\n", (double)f, (double)f);
    f = sqrtf(fthree);
    printf("sqrtf3 %a\n", (double)f);
    f = fmaf(f, f, -fthree);
    printf("fmaf %a\n", (double)f);
    printf("fmin %g fmax %g\n", fmin(x, 2.0), fmax(-0.0, 0.0));
    printf("(float)1/3 %a\n", (double)(float)(one / three));
    for (int i = 0; i < 4; i++) {
        fesetround(modes[i]);
        x = one / three;
        printf("mode %d: 1/3 %a rint(2.5) %g rint(-2.5) %g lrint(7.5) %ld"
               " float %a\n", i, x, rint(2.5 * one), rint(m25),
               lrint(7.5 * one), (double)(float)(one / three));
    }
    fesetround(FE_TONEAREST);
    printf("(long)-7.9 %ld (unsigned)3.99 %u\n", (long)(-7.9 * one),
           (unsigned)(3.99 * one));
    printf("%.3f %.0f %.20e\n", 2.0005 * one, 0.5 * one, 0.1 * one);
    for (x = 0.5; x < 100; x *= 3.3) {
        printf("%.17g ", x * x / 7);
    }
    printf("\n");
    return 0;
}
