/*
 * Host code disassembly for -d out_asm: capstone when the build found
 * it, a hex dump otherwise.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef VIREO_ACCEL_TCG_DISAS_HOST_H
#define VIREO_ACCEL_TCG_DISAS_HOST_H

#include <stddef.h>
#include <stdio.h>

void tcg_disas_host(FILE *f, const void *code, size_t size);

#endif
