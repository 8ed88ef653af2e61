/*
 * What differs between the vireo-system-<arch> programs besides their
 * CPU models and boards: compiled once per program.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef VIREO_SOFTMMU_ARCH_DEFAULTS_H
#define VIREO_SOFTMMU_ARCH_DEFAULTS_H

/* "riscv64", "x86_64" */
extern const char *const arch_name;
/* The accelerator tried when no -accel is given. */
extern const char *const arch_default_accel;

#endif
