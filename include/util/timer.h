/*
 * Clocks and timers: three clocks (monotonic host time, wall-clock host
 * time, guest virtual time) and one deadline-ordered timer list per
 * clock, run by the main loop and, for the virtual clock, by a vCPU
 * thread that wants to honour guest deadlines itself.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Threads: timers may be armed, moved and deleted from any thread holding
 * the BQL (the main loop holds it while running callbacks). Moving a
 * timer to the front of its list wakes the main loop so its poll timeout
 * follows. Callbacks run in the main loop with the BQL held and may
 * re-arm, delete or free themselves and any other timer.
 */
#ifndef VIREO_UTIL_TIMER_H
#define VIREO_UTIL_TIMER_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#define SCALE_MS 1000000
#define SCALE_US 1000
#define SCALE_NS 1

typedef enum {
    /* Monotonic host time; always runs. For host-side timeouts. */
    VIREO_CLOCK_REALTIME,
    /* Host wall-clock time; may jump when the host's clock is set. */
    VIREO_CLOCK_HOST,
    /*
     * Guest time: starts at 0, runs only while the machine runs, stands
     * still while it is paused and resumes where it stopped. Device
     * timers use this one so a paused guest sees no time pass.
     */
    VIREO_CLOCK_VIRTUAL,
    VIREO_CLOCK__MAX,
} VireoClock;

/* The clock's current value in ns. */
int64_t clock_get_ns(VireoClock clock);
static inline int64_t clock_get_ms(VireoClock clock)
{
    return clock_get_ns(clock) / SCALE_MS;
}

/*
 * Start or stop the virtual clock; the run-state code calls this when the
 * machine starts running or stops. Starting wakes the main loop, since
 * virtual-clock deadlines become live again.
 */
void clock_virtual_set_running(bool running);
bool clock_virtual_is_running(void);

/*
 * Hook for instruction-counting modes: when set, the running virtual
 * clock reads its value from source(opaque) instead of host time. NULL
 * restores host time (continuing from the current value, without a jump).
 */
typedef int64_t VirtualClockSource(void *opaque);
void clock_virtual_set_source(VirtualClockSource *source, void *opaque);

typedef void TimerCB(void *opaque);
typedef struct Timer Timer;

/*
 * A timer on `clock` whose expiry times are in units of `scale` ns.
 * Created disarmed.
 */
Timer *timer_new_full(VireoClock clock, int scale, TimerCB *cb, void *opaque);
static inline Timer *timer_new_ns(VireoClock clock, TimerCB *cb, void *opaque)
{
    return timer_new_full(clock, SCALE_NS, cb, opaque);
}
static inline Timer *timer_new_us(VireoClock clock, TimerCB *cb, void *opaque)
{
    return timer_new_full(clock, SCALE_US, cb, opaque);
}
static inline Timer *timer_new_ms(VireoClock clock, TimerCB *cb, void *opaque)
{
    return timer_new_full(clock, SCALE_MS, cb, opaque);
}

/* Arm (or move) the timer to fire once the clock reaches expire. */
void timer_mod(Timer *t, int64_t expire);
/* The same, but only if that is earlier than where it is armed now. */
void timer_mod_anticipate(Timer *t, int64_t expire);
void timer_del(Timer *t);
bool timer_pending(Timer *t);
/* The expiry time in the timer's units; -1 when not armed. */
int64_t timer_expire_time(Timer *t);
/* Disarm and free; NULL is a no-op. */
void timer_free(Timer *t);

/*
 * Nanoseconds until the earliest timer on the clock expires: 0 if one
 * already has, -1 if none is armed (or the clock is the stopped virtual
 * clock, whose timers cannot expire).
 */
int64_t timerlist_deadline_ns(VireoClock clock);
/*
 * Also call notify(opaque) whenever a timer becomes the earliest on the
 * clock, from the thread that armed it: a TCG vCPU thread running
 * virtual-clock timers itself uses this to leave generated code and look
 * at the new deadline. NULL removes it. One per clock.
 */
typedef void TimerListNotify(void *opaque);
void timerlist_set_notify(VireoClock clock, TimerListNotify *notify,
                          void *opaque);
/*
 * Run the callbacks of every expired timer on the clock, earliest first.
 * Call with the BQL held. Returns whether any ran.
 */
bool timerlist_run_timers(VireoClock clock);

#endif
