/* A riscv64 Linux program for the user-mode gdbstub test. */
#include <stdio.h>
#include <string.h>

int counter;
volatile int spin = 1;

__attribute__((noinline)) int bump(int by)
{
    counter += by;
    return counter;
}

int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "spin")) {
        while (spin) {
            counter++;
        }
        return 3;
    }
    for (int i = 0; i < 3; i++) {
        bump(i + 1);
    }
    printf("counter=%d\n", counter);
    return counter;
}
