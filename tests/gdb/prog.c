/*
 * The guest the gdb tests debug: a bare-metal riscv64 program for -M
 * spike with symbols a test can break on, a variable to watch and an
 * exit through HTIF tohost (status = result of check_counter()).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
typedef unsigned long uint64_t;

volatile uint64_t tohost __attribute__((section(".tohost"), aligned(64)));
volatile uint64_t fromhost __attribute__((section(".tohost")));

volatile uint64_t counter;
volatile uint64_t watched;
volatile uint64_t poked;        /* gdb writes it; the program reports it */

void __attribute__((noinline)) bump(uint64_t by)
{
    counter += by;
}

uint64_t __attribute__((noinline)) step_here(uint64_t x)
{
    uint64_t y = x * 3;

    y += 7;
    return y;
}

void __attribute__((noinline)) touch_watched(void)
{
    watched = 0x1234;
}

void __attribute__((noreturn)) finish(uint64_t code)
{
    tohost = (code << 1) | 1;
    for (;;) {
    }
}

void __attribute__((noreturn)) main(void)
{
    for (int i = 0; i < 5; i++) {
        bump(i);
    }
    counter += step_here(counter);
    touch_watched();
    /* exit 0 when nobody poked, else the poked value (gdb checks it) */
    finish(poked);
}
