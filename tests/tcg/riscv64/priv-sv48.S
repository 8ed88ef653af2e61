/*
 * Sv48 paging: the checks of priv-paging.h through a 4-level walk.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define LEVELS 4
#define SATP_MODE 9
#include "priv-paging.h"
