/*
 * The main loop over glib's default GMainContext: our own GSource runs
 * bottom halves and timers (its poll timeout is the nearest timer
 * deadline), fd handlers are unix-fd GSources, and a custom poll function
 * drops the BQL while the loop sleeps.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "util/main-loop.h"
#include "util/timer.h"

#include <glib-unix.h>
#include <limits.h>

struct BH {
    BHFunc *cb;
    void *opaque;
    int scheduled;      /* atomic: set by any thread, cleared here */
    bool deleted;       /* freed after the walk that is running now */
};

typedef struct FdHandler {
    int fd;
    IOHandler *read_cb;
    IOHandler *write_cb;
    void *opaque;
    GSource *src;
    bool removed;       /* replaced or removed while its source dispatched */
} FdHandler;

static GSource *loop_source;
static GPollFunc glib_poll;
/* BHs in creation order; guarded by the BQL (or the main-loop thread). */
static GPtrArray *bh_list;
static int bh_pending;          /* atomic: some BH may be scheduled */
static int bh_walking;          /* a BH walk is running: defer frees */
static bool bh_need_sweep;
/* fd -> FdHandler */
static GHashTable *fd_handlers;

/* The nearest deadline over every clock, in ns; -1 when none. */
static int64_t loop_timers_deadline_ns(void)
{
    int64_t best = -1;

    for (int c = 0; c < VIREO_CLOCK__MAX; c++) {
        int64_t d = timerlist_deadline_ns(c);
        if (d >= 0 && (best < 0 || d < best)) {
            best = d;
        }
    }
    return best;
}

static gboolean loop_source_prepare(GSource *s, gint *timeout)
{
    int64_t d;

    if (g_atomic_int_get(&bh_pending)) {
        *timeout = 0;
        return TRUE;
    }
    d = loop_timers_deadline_ns();
    if (d == 0) {
        *timeout = 0;
        return TRUE;
    }
    if (d < 0) {
        *timeout = -1;
    } else {
        /* Round up: waking early would only spin until the deadline. */
        int64_t ms = d / SCALE_MS + (d % SCALE_MS != 0);   /* no overflow */
        *timeout = ms > INT_MAX ? INT_MAX : (gint)ms;
    }
    return FALSE;
}

static gboolean loop_source_check(GSource *s)
{
    return g_atomic_int_get(&bh_pending) || loop_timers_deadline_ns() == 0;
}

static void bh_sweep(void)
{
    for (guint i = 0; i < bh_list->len;) {
        BH *bh = g_ptr_array_index(bh_list, i);
        if (bh->deleted) {
            g_ptr_array_remove_index(bh_list, i);
            g_free(bh);
        } else {
            i++;
        }
    }
    bh_need_sweep = false;
}

static void bh_run_scheduled(void)
{
    if (!g_atomic_int_compare_and_exchange(&bh_pending, 1, 0)) {
        return;
    }
    bh_walking++;
    /* Index walk: callbacks may append new BHs or mark others deleted. */
    for (guint i = 0; i < bh_list->len; i++) {
        BH *bh = g_ptr_array_index(bh_list, i);
        if (!bh->deleted &&
            g_atomic_int_compare_and_exchange(&bh->scheduled, 1, 0)) {
            bh->cb(bh->opaque);
        }
    }
    bh_walking--;
    if (!bh_walking && bh_need_sweep) {
        bh_sweep();
    }
}

static gboolean loop_source_dispatch(GSource *s, GSourceFunc cb, gpointer d)
{
    bh_run_scheduled();
    for (int c = 0; c < VIREO_CLOCK__MAX; c++) {
        timerlist_run_timers(c);
    }
    return G_SOURCE_CONTINUE;
}

static GSourceFuncs loop_source_funcs = {
    .prepare = loop_source_prepare,
    .check = loop_source_check,
    .dispatch = loop_source_dispatch,
};

/*
 * glib calls this with its context lock released, between prepare and
 * check. Only here does the main-loop thread let go of the BQL.
 */
static gint loop_poll(GPollFD *fds, guint nfds, gint timeout)
{
    gint ret;

    if (timeout != 0 && bql_locked()) {
        bql_unlock();
        ret = glib_poll(fds, nfds, timeout);
        bql_lock();
    } else {
        ret = glib_poll(fds, nfds, timeout);
    }
    return ret;
}

/*
 * Drop a handler. Its FdHandler is the source's callback data, which glib
 * keeps alive until a running dispatch returns; `removed` tells that
 * dispatch not to call the handler's other callback.
 */
static void fd_handler_remove(gpointer p)
{
    FdHandler *h = p;
    GSource *src = h->src;

    h->removed = true;
    g_source_destroy(src);      /* may free h */
    g_source_unref(src);
}

bool main_loop_init(GError **errp)
{
    GMainContext *ctx = g_main_context_default();

    if (loop_source) {
        return true;
    }
    bh_list = g_ptr_array_new();
    fd_handlers = g_hash_table_new_full(g_direct_hash, g_direct_equal,
                                        NULL, fd_handler_remove);
    glib_poll = g_main_context_get_poll_func(ctx);
    g_main_context_set_poll_func(ctx, loop_poll);
    loop_source = g_source_new(&loop_source_funcs, sizeof(GSource));
    g_source_set_name(loop_source, "vireo-bh-timers");
    g_source_attach(loop_source, ctx);
    return true;
}

static void main_loop_ensure_init(void)
{
    if (!loop_source) {
        main_loop_init(NULL);
    }
}

void main_loop_wait(bool nonblocking)
{
    bool took = !bql_locked();

    main_loop_ensure_init();
    if (took) {
        bql_lock();
    }
    g_main_context_iteration(g_main_context_default(), !nonblocking);
    if (took) {
        bql_unlock();
    }
}

void main_loop_wakeup(void)
{
    g_main_context_wakeup(g_main_context_default());
}

/* fd handlers */

static gboolean fd_handler_dispatch(gint fd, GIOCondition cond, gpointer p)
{
    FdHandler *h = p;

    if (h->read_cb && (cond & (G_IO_IN | G_IO_HUP | G_IO_ERR))) {
        h->read_cb(h->opaque);
    }
    /* The read callback may have removed or replaced this handler. */
    if (!h->removed && h->write_cb &&
        (cond & (G_IO_OUT | G_IO_HUP | G_IO_ERR))) {
        h->write_cb(h->opaque);
    }
    return G_SOURCE_CONTINUE;
}

void main_loop_set_fd_handler(int fd, IOHandler *read_cb, IOHandler *write_cb,
                              void *opaque)
{
    GIOCondition cond = 0;
    FdHandler *h;

    main_loop_ensure_init();
    g_hash_table_remove(fd_handlers, GINT_TO_POINTER(fd));
    if (!read_cb && !write_cb) {
        return;
    }
    if (read_cb) {
        cond |= G_IO_IN | G_IO_HUP | G_IO_ERR;
    }
    if (write_cb) {
        cond |= G_IO_OUT | G_IO_HUP | G_IO_ERR;
    }
    h = g_new0(FdHandler, 1);
    h->fd = fd;
    h->read_cb = read_cb;
    h->write_cb = write_cb;
    h->opaque = opaque;
    h->src = g_unix_fd_source_new(fd, cond);
    g_source_set_callback(h->src, G_SOURCE_FUNC(fd_handler_dispatch), h,
                          g_free);
    g_source_attach(h->src, g_main_context_default());
    g_hash_table_insert(fd_handlers, GINT_TO_POINTER(fd), h);
}

/* bottom halves */

BH *bh_new(BHFunc *cb, void *opaque)
{
    BH *bh = g_new0(BH, 1);

    main_loop_ensure_init();
    bh->cb = cb;
    bh->opaque = opaque;
    g_ptr_array_add(bh_list, bh);
    return bh;
}

void bh_schedule(BH *bh)
{
    if (g_atomic_int_compare_and_exchange(&bh->scheduled, 0, 1)) {
        g_atomic_int_set(&bh_pending, 1);
        main_loop_wakeup();
    }
}

void bh_cancel(BH *bh)
{
    g_atomic_int_set(&bh->scheduled, 0);
}

void bh_delete(BH *bh)
{
    if (!bh) {
        return;
    }
    g_atomic_int_set(&bh->scheduled, 0);
    bh->deleted = true;
    if (bh_walking) {
        bh_need_sweep = true;
    } else {
        g_ptr_array_remove(bh_list, bh);
        g_free(bh);
    }
}
