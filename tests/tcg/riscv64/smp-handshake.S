/*
 * Two harts (-smp 2) run a hart-start handshake the way OpenSBI's HSM
 * does (done right): hart 0 stores a start address and argument, then,
 * after a fence, the state word; hart 1 polls the state in a WFI loop
 * with a stale software interrupt pending (enabled in mie, masked by
 * mstatus.MIE), as OpenSBI 1.1's stopped harts do. So WFI must fall
 * through at once, and once hart 1 sees the new state it must see the
 * stores made before it. Hart 1 acknowledges each round; 2000 rounds.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "test.h"

#define ACLINT_MSIP 0x2000000
#define ROUNDS 2000

TEST_BEGIN
    la s0, state
    la s1, start
    la s2, ack
    li s3, 1                    /* the round */
    csrr a0, mhartid
    bnez a0, hart1

    /* hart 0: leave hart 1 an IPI it will not take */
    li t0, ACLINT_MSIP + 4
    li t1, 1
    sw t1, 0(t0)
1:  sd s3, 0(s1)                /* "start address" */
    not t1, s3
    sd t1, 8(s1)                /* "argument" */
    fence w, w
    sd s3, 0(s0)                /* START_PENDING for this round */
2:  ld t2, 0(s2)
    bne t2, s3, 2b
    addi s3, s3, 1
    li t1, ROUNDS
    ble s3, t1, 1b
    ld a5, errors
    CHECK(1, a5, 0)
    csrr a5, mip
    andi a5, a5, 8
    CHECK(2, a5, 0)             /* the IPI was hart 1's, not ours */
    j pass

hart1:
    csrci mstatus, 8            /* MIE = 0 */
    li t0, 8
    csrw mie, t0                /* MSIE: the IPI makes WFI fall through */
3:  wfi
    ld t2, 0(s0)
    bne t2, s3, 3b
    fence r, r
    ld t3, 0(s1)
    ld t4, 8(s1)
    not t4, t4
    bne t3, s3, 4f
    beq t4, s3, 5f
4:  la t0, errors
    li t1, 1
    amoadd.d zero, t1, (t0)
5:  sd s3, 0(s2)
    addi s3, s3, 1
    li t1, ROUNDS
    ble s3, t1, 3b
6:  j 6b

pass:
TEST_END
    .balign 64
state: .dword 0
    .balign 64
start: .dword 0, 0
    .balign 64
ack: .dword 0
    .balign 64
errors: .dword 0
