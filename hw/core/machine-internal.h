/*
 * What machine.c shares with machine-none.c and nobody else.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef VIREO_HW_CORE_MACHINE_INTERNAL_H
#define VIREO_HW_CORE_MACHINE_INTERNAL_H

/*
 * Register the "none" machine. Called from machine.c's registration rather
 * than from a constructor of its own, so that linking machine.o from the
 * static library always brings machine-none.o with it.
 */
void machine_none_register_types(void);

#endif
