/*
 * Building the machine the command line describes, and running it.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef VIREO_SOFTMMU_VL_H
#define VIREO_SOFTMMU_VL_H

#include "softmmu/options.h"

/* Answer -M help, -M TYPE,help, -cpu help, -device help, -chardev help. */
int vl_answer_registry_help(const VireoConfig *cfg);

/*
 * Build the machine cfg describes and run it to the end; the exit status.
 * Errors are reported here, once, naming the option they concern.
 */
int vl_build_and_run(const VireoConfig *cfg);

#endif
