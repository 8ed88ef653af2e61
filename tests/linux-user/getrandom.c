/*
 * getrandom: full reads, GRND_NONBLOCK, two reads differ, a bad buffer is
 * EFAULT, bad flags are EINVAL.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <sys/random.h>
#include "check.h"

int main(void)
{
    unsigned char a[64], b[64], big[4096];
    void *volatile bad = (void *)8;
    int nonzero = 0;

    check_init();
    CHECK(getrandom(a, sizeof(a), 0) == sizeof(a));
    CHECK(getrandom(b, sizeof(b), GRND_NONBLOCK) == sizeof(b));
    CHECK(memcmp(a, b, sizeof(a)) != 0);
    CHECK(getrandom(big, sizeof(big), 0) == sizeof(big));
    for (size_t i = 0; i < sizeof(big); i++) {
        nonzero += big[i] != 0;
    }
    CHECK(nonzero > 3900);
    CHECK(getrandom(a, 0, 0) == 0);
    CHECK(getrandom(bad, 16, 0) == -1 && errno == EFAULT);
    CHECK(getrandom(a, 16, 0x100) == -1 && errno == EINVAL);
    return check_done();
}
