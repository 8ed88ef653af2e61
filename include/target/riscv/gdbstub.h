/*
 * GDB's view of a riscv64 CPU: the target description XML and register
 * access by GDB register number (target/riscv/gdbstub.c).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef VIREO_TARGET_RISCV_GDBSTUB_H
#define VIREO_TARGET_RISCV_GDBSTUB_H

#include "target/riscv/cpu.h"

enum {
    RISCV_GDB_PC = 32,
    RISCV_GDB_F0 = 33,
    RISCV_GDB_CSR0 = 65,                    /* CSR c is 65 + c */
    RISCV_GDB_PRIV = RISCV_GDB_CSR0 + 4096, /* the virtual "priv" register */
};

/* target.xml with the cpu, fpu (if F), csr and virtual features. */
char *riscv_gdb_target_xml(RISCVCPU *cpu);

/*
 * Read register n into buf (8 bytes, little-endian) / write it from buf.
 * Return the bytes used, or 0 for a register this CPU does not have (or a
 * value it refuses).
 */
int riscv_gdb_read_register(RISCVCPU *cpu, int n, uint8_t *buf);
int riscv_gdb_write_register(RISCVCPU *cpu, int n, const uint8_t *buf);

#endif
