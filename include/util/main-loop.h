/*
 * The main loop: one thread iterating glib's default GMainContext, which
 * runs fd handlers, bottom halves, timers and any GSource another
 * subsystem attaches to the default context; and the global lock (BQL)
 * that vCPU threads take before they touch device state.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The locking rule (docs/devel/main-loop.md): device state is guarded by
 * the BQL. Every callback the main loop runs (fd handlers, bottom halves,
 * timers, other GSources) runs with the BQL held by the main-loop thread.
 * main_loop_wait() drops the BQL only while it sleeps in poll(), so vCPU
 * threads can take it then. A vCPU thread takes the BQL around MMIO and
 * anything else that reaches a device, and never sleeps while holding it.
 */
#ifndef VIREO_UTIL_MAIN_LOOP_H
#define VIREO_UTIL_MAIN_LOOP_H

#include <glib.h>
#include <stdbool.h>

/*
 * Set up the main loop's own sources on the default GMainContext. Safe to
 * call more than once; the helpers below call it on first use.
 */
bool main_loop_init(GError **errp);

/*
 * Run one iteration: poll (unless nonblocking, or something is ready)
 * until the nearest timer deadline or an event, then dispatch whatever is
 * ready. Called with the BQL held by the main thread; if the caller does
 * not hold it, it is taken for the iteration and released on return.
 */
void main_loop_wait(bool nonblocking);

/* Wake a main loop blocked in poll() so it runs another iteration. */
void main_loop_wakeup(void);

/*
 * fd handlers. read_cb runs when fd is readable (or hung up / in error),
 * write_cb when writable. Setting a handler for an fd that has one
 * replaces it; both NULL removes it. Main-loop thread only (or with the
 * BQL held). A handler may remove or replace itself.
 */
typedef void IOHandler(void *opaque);
void main_loop_set_fd_handler(int fd, IOHandler *read_cb, IOHandler *write_cb,
                              void *opaque);

/*
 * Bottom halves: a callback run once, soon, in the main loop, however
 * many times it was scheduled before it ran. bh_new and bh_delete need
 * the main-loop thread or the BQL; bh_schedule and bh_cancel may be
 * called from any thread, without the BQL, and wake the main loop.
 * A BH may be deleted from inside any BH callback, its own included.
 */
typedef void BHFunc(void *opaque);
typedef struct BH BH;

BH *bh_new(BHFunc *cb, void *opaque);
void bh_schedule(BH *bh);
void bh_cancel(BH *bh);
void bh_delete(BH *bh);

/*
 * The global lock. Not recursive: taking it twice in one thread, or
 * releasing it without holding it, is a programming error.
 */
void bql_lock(void);
void bql_unlock(void);
/* Whether the calling thread holds the BQL. */
bool bql_locked(void);
/*
 * Wait on cond with the global lock released meanwhile and held again on
 * return, as vCPU threads do while paused or halted. The _until form takes
 * a g_get_monotonic_time() deadline and returns false when it passes.
 */
void bql_cond_wait(GCond *cond);
bool bql_cond_wait_until(GCond *cond, gint64 end_time);

#endif
