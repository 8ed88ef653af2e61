/*
 * Clocks and deadline-ordered timer lists. Each clock has one sorted,
 * singly linked list under its own mutex; callbacks run with no list lock
 * held, one expired timer at a time, so they may change any timer.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "util/timer.h"
#include "util/main-loop.h"

#include <time.h>

struct Timer {
    VireoClock clock;
    int scale;
    TimerCB *cb;
    void *opaque;
    int64_t expire_ns;      /* -1 when not armed */
    Timer *next;
};

typedef struct TimerList {
    GMutex lock;
    Timer *head;
    TimerListNotify *notify;
    void *notify_opaque;
} TimerList;

static TimerList timer_lists[VIREO_CLOCK__MAX];

/*
 * The virtual clock reads base + offset while running and `frozen` while
 * stopped; `last` keeps it from going backwards if the base is replaced.
 */
static struct {
    GMutex lock;
    bool running;
    int64_t offset;
    int64_t frozen;
    int64_t last;
    VirtualClockSource *source;
    void *source_opaque;
} vclock;

static int64_t host_clock_ns(clockid_t id)
{
    struct timespec ts;

    clock_gettime(id, &ts);
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Under vclock.lock. */
static int64_t vclock_base_locked(void)
{
    if (vclock.source) {
        return vclock.source(vclock.source_opaque);
    }
    return host_clock_ns(CLOCK_MONOTONIC);
}

/* Under vclock.lock. */
static int64_t vclock_read_locked(void)
{
    int64_t v;

    if (!vclock.running) {
        return vclock.frozen;
    }
    v = vclock_base_locked() + vclock.offset;
    if (v < vclock.last) {
        v = vclock.last;
    }
    vclock.last = v;
    return v;
}

int64_t clock_get_ns(VireoClock clock)
{
    int64_t v;

    switch (clock) {
    case VIREO_CLOCK_REALTIME:
        return host_clock_ns(CLOCK_MONOTONIC);
    case VIREO_CLOCK_HOST:
        return host_clock_ns(CLOCK_REALTIME);
    case VIREO_CLOCK_VIRTUAL:
        g_mutex_lock(&vclock.lock);
        v = vclock_read_locked();
        g_mutex_unlock(&vclock.lock);
        return v;
    default:
        g_assert_not_reached();
    }
}

void clock_virtual_set_running(bool running)
{
    bool woke = false;

    g_mutex_lock(&vclock.lock);
    if (running && !vclock.running) {
        vclock.offset = vclock.frozen - vclock_base_locked();
        vclock.running = true;
        woke = true;
    } else if (!running && vclock.running) {
        vclock.frozen = vclock_read_locked();
        vclock.running = false;
    }
    g_mutex_unlock(&vclock.lock);
    if (woke) {
        /* Virtual deadlines were ignored while stopped; recompute. */
        main_loop_wakeup();
    }
}

bool clock_virtual_is_running(void)
{
    bool r;

    g_mutex_lock(&vclock.lock);
    r = vclock.running;
    g_mutex_unlock(&vclock.lock);
    return r;
}

void clock_virtual_set_source(VirtualClockSource *source, void *opaque)
{
    g_mutex_lock(&vclock.lock);
    if (vclock.running) {
        int64_t now = vclock_read_locked();
        vclock.source = source;
        vclock.source_opaque = opaque;
        vclock.offset = now - vclock_base_locked();
    } else {
        vclock.source = source;
        vclock.source_opaque = opaque;
    }
    g_mutex_unlock(&vclock.lock);
}

Timer *timer_new_full(VireoClock clock, int scale, TimerCB *cb, void *opaque)
{
    Timer *t = g_new0(Timer, 1);

    g_assert(clock >= 0 && clock < VIREO_CLOCK__MAX);
    g_assert(scale > 0 && cb);
    t->clock = clock;
    t->scale = scale;
    t->cb = cb;
    t->opaque = opaque;
    t->expire_ns = -1;
    return t;
}

/* Under the list lock. */
static void timer_unlink_locked(TimerList *tl, Timer *t)
{
    for (Timer **pp = &tl->head; *pp; pp = &(*pp)->next) {
        if (*pp == t) {
            *pp = t->next;
            break;
        }
    }
    t->next = NULL;
    t->expire_ns = -1;
}

static int64_t timer_scale_expire(Timer *t, int64_t expire)
{
    if (expire < 0) {
        return 0;
    }
    if (expire > INT64_MAX / t->scale) {
        return INT64_MAX;
    }
    return expire * t->scale;
}

/* Arm at expire_ns (already scaled); only_earlier: timer_mod_anticipate. */
static void timer_arm(Timer *t, int64_t expire_ns, bool only_earlier)
{
    TimerList *tl = &timer_lists[t->clock];
    TimerListNotify *notify = NULL;
    void *notify_opaque = NULL;
    bool now_first;
    Timer **pp;

    g_mutex_lock(&tl->lock);
    if (only_earlier && t->expire_ns >= 0 && t->expire_ns <= expire_ns) {
        g_mutex_unlock(&tl->lock);
        return;
    }
    if (t->expire_ns >= 0) {
        timer_unlink_locked(tl, t);
    }
    /* After any timer with the same deadline: equal deadlines fire FIFO. */
    for (pp = &tl->head; *pp && (*pp)->expire_ns <= expire_ns;
         pp = &(*pp)->next) {
    }
    t->expire_ns = expire_ns;
    t->next = *pp;
    *pp = t;
    now_first = tl->head == t;
    if (now_first) {
        notify = tl->notify;
        notify_opaque = tl->notify_opaque;
    }
    g_mutex_unlock(&tl->lock);

    if (notify) {
        notify(notify_opaque);
    }

    /*
     * A new earliest deadline shortens the loop's poll timeout; from
     * inside the loop's own iteration the next prepare sees it anyway.
     */
    if (now_first && !g_main_context_is_owner(g_main_context_default())) {
        main_loop_wakeup();
    }
}

void timer_mod(Timer *t, int64_t expire)
{
    timer_arm(t, timer_scale_expire(t, expire), false);
}

void timer_mod_anticipate(Timer *t, int64_t expire)
{
    timer_arm(t, timer_scale_expire(t, expire), true);
}

void timer_del(Timer *t)
{
    TimerList *tl = &timer_lists[t->clock];

    g_mutex_lock(&tl->lock);
    if (t->expire_ns >= 0) {
        timer_unlink_locked(tl, t);
    }
    g_mutex_unlock(&tl->lock);
}

bool timer_pending(Timer *t)
{
    return timer_expire_time(t) >= 0;
}

int64_t timer_expire_time(Timer *t)
{
    TimerList *tl = &timer_lists[t->clock];
    int64_t e;

    g_mutex_lock(&tl->lock);
    e = t->expire_ns;
    g_mutex_unlock(&tl->lock);
    return e < 0 ? -1 : e / t->scale;
}

void timer_free(Timer *t)
{
    if (t) {
        timer_del(t);
        g_free(t);
    }
}

int64_t timerlist_deadline_ns(VireoClock clock)
{
    TimerList *tl = &timer_lists[clock];
    int64_t expire, now;

    if (clock == VIREO_CLOCK_VIRTUAL && !clock_virtual_is_running()) {
        return -1;
    }
    g_mutex_lock(&tl->lock);
    expire = tl->head ? tl->head->expire_ns : -1;
    g_mutex_unlock(&tl->lock);
    if (expire < 0) {
        return -1;
    }
    now = clock_get_ns(clock);
    return expire <= now ? 0 : expire - now;
}

void timerlist_set_notify(VireoClock clock, TimerListNotify *notify,
                          void *opaque)
{
    TimerList *tl = &timer_lists[clock];

    g_mutex_lock(&tl->lock);
    tl->notify = notify;
    tl->notify_opaque = opaque;
    g_mutex_unlock(&tl->lock);
}

bool timerlist_run_timers(VireoClock clock)
{
    TimerList *tl = &timer_lists[clock];
    int64_t now = clock_get_ns(clock);
    bool ran = false;

    for (;;) {
        Timer *t;

        /* A callback may have paused the machine: stop with the clock. */
        if (clock == VIREO_CLOCK_VIRTUAL && !clock_virtual_is_running()) {
            break;
        }
        g_mutex_lock(&tl->lock);
        t = tl->head;
        if (!t || t->expire_ns > now) {
            g_mutex_unlock(&tl->lock);
            break;
        }
        timer_unlink_locked(tl, t);
        g_mutex_unlock(&tl->lock);
        /* t is off the list: its callback may re-arm or free it. */
        t->cb(t->opaque);
        ran = true;
    }
    return ran;
}
