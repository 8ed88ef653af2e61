/*
 * Sv39 paging: the checks of priv-paging.h through a 3-level walk.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define LEVELS 3
#define SATP_MODE 8
#include "priv-paging.h"
