/*
 * IRQ lines. Fan-out and inversion are ordinary lines whose handler
 * forwards to their targets.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "hw/core/irq.h"

struct IRQLine {
    IRQHandler *handler;
    void *opaque;
    int n;
    IRQLine *targets[2];    /* for split and invert lines */
};

IRQLine *irq_new(IRQHandler *handler, void *opaque, int n)
{
    IRQLine *line = g_new0(IRQLine, 1);

    g_assert(handler);
    line->handler = handler;
    line->opaque = opaque;
    line->n = n;
    return line;
}

IRQLine **irq_allocate(int count, IRQHandler *handler, void *opaque)
{
    IRQLine **lines;

    g_assert(count >= 0);
    lines = g_new0(IRQLine *, count ? count : 1);
    for (int i = 0; i < count; i++) {
        lines[i] = irq_new(handler, opaque, i);
    }
    return lines;
}

void irq_free(IRQLine *line)
{
    g_free(line);
}

void irq_free_array(IRQLine **lines, int count)
{
    if (!lines) {
        return;
    }
    for (int i = 0; i < count; i++) {
        irq_free(lines[i]);
    }
    g_free(lines);
}

void irq_set(IRQLine *line, int level)
{
    if (line) {
        line->handler(line->opaque, line->n, level != 0);
    }
}

static void irq_split_handler(void *opaque, int n, int level)
{
    IRQLine *self = opaque;

    irq_set(self->targets[0], level);
    irq_set(self->targets[1], level);
}

IRQLine *irq_split(IRQLine *a, IRQLine *b)
{
    IRQLine *line = irq_new(irq_split_handler, NULL, 0);

    line->opaque = line;
    line->targets[0] = a;
    line->targets[1] = b;
    return line;
}

static void irq_invert_handler(void *opaque, int n, int level)
{
    IRQLine *self = opaque;

    irq_set(self->targets[0], !level);
}

IRQLine *irq_invert(IRQLine *target)
{
    IRQLine *line = irq_new(irq_invert_handler, NULL, 0);

    line->opaque = line;
    line->targets[0] = target;
    return line;
}
