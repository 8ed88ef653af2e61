/*
 * Start-up state: argv, envp and the auxiliary vector (AT_PAGESZ,
 * AT_RANDOM, AT_HWCAP, AT_EXECFN) as a riscv64 Linux program sees them.
 * The runner passes "one two three" and VIREO_LU_ENV=env-ok; the output is
 * compared with hello.expected.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>
#include <sys/auxv.h>
#include "check.h"

int main(int argc, char **argv, char **envp)
{
    const unsigned char *rnd = (const void *)getauxval(AT_RANDOM);
    const char *execfn = (const char *)getauxval(AT_EXECFN);
    unsigned long hwcap = getauxval(AT_HWCAP);
    int nonzero = 0, found = 0;

    check_init();
    printf("hello, world\n");
    printf("argc %d\n", argc);
    for (int i = 1; i < argc; i++) {
        printf("argv[%d] %s\n", i, argv[i]);
    }
    CHECK(argv[argc] == NULL);
    for (char **e = envp; *e; e++) {
        found |= !strcmp(*e, "VIREO_LU_ENV=env-ok");
    }
    CHECK(found);
    CHECK(getauxval(AT_PAGESZ) == 4096);
    CHECK(rnd != NULL);
    for (int i = 0; rnd && i < 16; i++) {
        nonzero |= rnd[i];
    }
    CHECK(nonzero);
    /* the single-letter extensions, bit N for letter 'a' + N */
    printf("hwcap");
    for (int i = 0; i < 26; i++) {
        if (hwcap & (1ul << i)) {
            printf(" %c", 'a' + i);
        }
    }
    printf("\n");
    CHECK((hwcap & 0x112d) == 0x112d);     /* i m a f d c */
    CHECK(execfn && strrchr(execfn, '/'));
    CHECK(execfn && !strcmp(strrchr(execfn, '/'), strrchr(argv[0], '/')));
    return check_done();
}
