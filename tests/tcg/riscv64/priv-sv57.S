/*
 * Sv57 paging: the checks of priv-paging.h through a 5-level walk.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define LEVELS 5
#define SATP_MODE 10
#include "priv-paging.h"
