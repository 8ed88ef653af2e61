/*
 * The global lock (BQL): a plain mutex plus a per-thread flag, so code can
 * assert that it holds the lock and the main loop knows whether to drop it
 * around poll().
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "util/main-loop.h"

static GMutex bql;
static __thread bool bql_held;

void bql_lock(void)
{
    g_assert(!bql_held);
    g_mutex_lock(&bql);
    bql_held = true;
}

void bql_unlock(void)
{
    g_assert(bql_held);
    bql_held = false;
    g_mutex_unlock(&bql);
}

bool bql_locked(void)
{
    return bql_held;
}

void bql_cond_wait(GCond *cond)
{
    g_assert(bql_held);
    bql_held = false;
    g_cond_wait(cond, &bql);
    bql_held = true;
}

bool bql_cond_wait_until(GCond *cond, gint64 end_time)
{
    bool signalled;

    g_assert(bql_held);
    bql_held = false;
    signalled = g_cond_wait_until(cond, &bql, end_time);
    bql_held = true;
    return signalled;
}
