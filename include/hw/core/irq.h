/*
 * IRQ lines: the one way a device signals an interrupt. A line is a
 * handler plus its opaque and pin number; whoever owns the input end
 * (an interrupt controller, a board's glue) creates the line and hands
 * it to the device that drives it. Lines are plain structs, no objects.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Setting a line calls its handler synchronously in the caller's thread;
 * device code does so with the BQL held. A NULL line is an unconnected
 * pin: setting it does nothing.
 */
#ifndef VIREO_HW_CORE_IRQ_H
#define VIREO_HW_CORE_IRQ_H

#include <glib.h>

typedef struct IRQLine IRQLine;
/* Called on every set, level 0 or 1 (also when it did not change). */
typedef void IRQHandler(void *opaque, int n, int level);

IRQLine *irq_new(IRQHandler *handler, void *opaque, int n);
/* count lines numbered 0..count-1 sharing handler and opaque. */
IRQLine **irq_allocate(int count, IRQHandler *handler, void *opaque);
/* NULL is a no-op. Lines fed by split/invert are not freed with it. */
void irq_free(IRQLine *line);
void irq_free_array(IRQLine **lines, int count);

/* Any non-zero level is passed on as 1. */
void irq_set(IRQLine *line, int level);
static inline void irq_raise(IRQLine *line)
{
    irq_set(line, 1);
}
static inline void irq_lower(IRQLine *line)
{
    irq_set(line, 0);
}
/* Raise then lower: an edge for edge-triggered inputs. */
static inline void irq_pulse(IRQLine *line)
{
    irq_set(line, 1);
    irq_set(line, 0);
}

/* A line that drives both a and b (either may be NULL). */
IRQLine *irq_split(IRQLine *a, IRQLine *b);
/* A line that drives target with the opposite level. */
IRQLine *irq_invert(IRQLine *target);

#endif
