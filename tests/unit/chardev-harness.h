/*
 * What the chardev tests share: running the default main context until a
 * condition holds, and a frontend that records what reaches it.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef VIREO_TESTS_UNIT_CHARDEV_HARNESS_H
#define VIREO_TESTS_UNIT_CHARDEV_HARNESS_H

#include "vireo-check.h"
#include "chardev/char.h"
#include "util/error.h"

/* Run the default context until cond holds; at most 10 s. */
#define PUMP_UNTIL(cond)                                                  \
    ({                                                                    \
        gint64 end_ = g_get_monotonic_time() + 10 * G_USEC_PER_SEC;       \
        while (!(cond) && g_get_monotonic_time() < end_) {                \
            if (!g_main_context_iteration(NULL, FALSE)) {                 \
                g_usleep(1000);                                           \
            }                                                             \
        }                                                                 \
        (cond);                                                           \
    })

static inline void pump(int n)
{
    for (int i = 0; i < n; i++) {
        g_main_context_iteration(NULL, FALSE);
    }
}

/* A frontend that records what reaches it. */
typedef struct {
    CharFrontend fe;
    GString *in;
    int can_read;
    int max_chunk;
    int opened, closed, breaks, mux_in, mux_out;
} TestFe;

static inline int tfe_can_read(void *opaque)
{
    return ((TestFe *)opaque)->can_read;
}

static inline void tfe_read(void *opaque, const uint8_t *buf, int len)
{
    TestFe *t = opaque;

    ck_assert_int_le(len, t->can_read);     /* flow control honoured */
    t->max_chunk = MAX(t->max_chunk, len);
    g_string_append_len(t->in, (const char *)buf, len);
}

static inline void tfe_event(void *opaque, ChrEvent ev)
{
    TestFe *t = opaque;

    t->opened += ev == CHR_EVENT_OPENED;
    t->closed += ev == CHR_EVENT_CLOSED;
    t->breaks += ev == CHR_EVENT_BREAK;
    t->mux_in += ev == CHR_EVENT_MUX_IN;
    t->mux_out += ev == CHR_EVENT_MUX_OUT;
}

static inline void tfe_attach(TestFe *t, Chardev *chr)
{
    GError *err = NULL;

    memset(t, 0, sizeof(*t));
    t->in = g_string_new(NULL);
    t->can_read = 4096;
    ck_assert_msg(chr_fe_init(&t->fe, chr, &err), "%s",
                  err ? err->message : "");
    chr_fe_set_handlers(&t->fe, tfe_can_read, tfe_read, tfe_event, t);
}

static inline void tfe_done(TestFe *t)
{
    chr_fe_deinit(&t->fe);
    g_string_free(t->in, TRUE);
}

static inline Chardev *new_chr(const char *spec, const char *label)
{
    GError *err = NULL;
    Chardev *chr = chardev_new_from_spec(spec, label, &err);

    ck_assert_msg(chr != NULL, "%s: %s", spec, err ? err->message : "");
    return chr;
}

#endif
