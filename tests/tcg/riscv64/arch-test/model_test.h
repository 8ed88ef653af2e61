/*
 * The riscv-arch-test target macros (RVMODEL_*) for vireo-system-riscv64
 * -M spike: tests start at 0x80000000 in M-mode, end by writing 1 to the
 * HTIF tohost word, and keep their signature between begin_signature and
 * end_signature, which -M spike,signature=FILE dumps as 32-bit hex words.
 * Software interrupts go through the ACLINT MSWI at 0x2000000. Used with
 * the arch-test's own arch_test.h / compliance_test.h by
 * tests/tcg/riscv64/run-arch-test.py.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef VIREO_ARCH_TEST_MODEL_TEST_H
#define VIREO_ARCH_TEST_MODEL_TEST_H

#define RVMODEL_DATA_SECTION                                           \
    .pushsection .tohost, "aw", @progbits;                             \
    .align 8; .global tohost; tohost: .dword 0;                        \
    .align 8; .global fromhost; fromhost: .dword 0;                    \
    .popsection;

/* The entry point the link script names; falls into RVTEST_CODE_BEGIN. */
#define RVMODEL_BOOT                                                   \
    .section .text.init;                                               \
    .globl rvtest_entry_point;                                         \
rvtest_entry_point:

#define RVMODEL_HALT                                                   \
    fence;                                                             \
    li t0, 1;                                                          \
vireo_write_tohost:                                                    \
    sw t0, tohost, t5;                                                 \
    j vireo_write_tohost;

#define RVMODEL_DATA_BEGIN                                             \
    RVMODEL_DATA_SECTION                                               \
    .align 4; .global begin_signature; begin_signature:

#define RVMODEL_DATA_END                                               \
    .align 4; .global end_signature; end_signature:

#define RVMODEL_IO_INIT
#define RVMODEL_IO_WRITE_STR(_R, _STR)
#define RVMODEL_IO_CHECK()
#define RVMODEL_IO_ASSERT_GPR_EQ(_S, _R, _I)
#define RVMODEL_IO_ASSERT_SFPR_EQ(_F, _R, _I)
#define RVMODEL_IO_ASSERT_DFPR_EQ(_D, _R, _I)

#define VIREO_MSIP 0x2000000
#define RVMODEL_SET_MSW_INT                                            \
    li t1, 1;                                                          \
    li t2, VIREO_MSIP;                                                 \
    sw t1, 0(t2);
#define RVMODEL_CLEAR_MSW_INT                                          \
    li t2, VIREO_MSIP;                                                 \
    sw x0, 0(t2);
#define RVMODEL_CLEAR_MTIMER_INT
#define RVMODEL_CLEAR_MEXT_INT

#endif
