/*
 * The JSON streamer: finds where each top-level JSON text ends in a byte
 * stream (tracking strings, escapes and bracket depth only), so a
 * connection can hand whole texts to json_parse() and bound what one
 * message may cost before it is parsed.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "util/json.h"
#include "util/error.h"

struct JsonStreamer {
    size_t max_size;
    unsigned max_depth;
    JsonStreamerFunc *fn;
    void *opaque;
    GString *buf;
    unsigned depth;         /* open brackets */
    bool in_string;
    bool escape;            /* the previous byte in a string was '\' */
    bool scalar;            /* a top-level scalar is being collected */
    bool skipping;          /* an error was reported; wait for depth 0 */
};

JsonStreamer *json_streamer_new(size_t max_size, unsigned max_depth,
                                JsonStreamerFunc *fn, void *opaque)
{
    JsonStreamer *s = g_new0(JsonStreamer, 1);
    s->max_size = max_size;
    s->max_depth = max_depth;
    s->fn = fn;
    s->opaque = opaque;
    s->buf = g_string_new(NULL);
    return s;
}

void json_streamer_free(JsonStreamer *s)
{
    if (s) {
        g_string_free(s->buf, true);
        g_free(s);
    }
}

static void reset(JsonStreamer *s)
{
    g_string_truncate(s->buf, 0);
    s->depth = 0;
    s->in_string = s->escape = s->scalar = s->skipping = false;
}

static void emit(JsonStreamer *s)
{
    g_autofree char *text = g_strndup(s->buf->str, s->buf->len);
    size_t len = s->buf->len;

    reset(s);
    s->fn(s->opaque, text, len, NULL);
}

static void emit_error(JsonStreamer *s, const char *msg)
{
    GError *err = NULL;

    vireo_error_set(&err, VIREO_ERROR_INVALID, "%s", msg);
    s->fn(s->opaque, NULL, 0, err);
    g_error_free(err);
}

/*
 * Report msg and drop the text; the rest of it is skipped, tracking its
 * strings and brackets, so the next text starts where this one ends.
 */
static void fail(JsonStreamer *s, const char *msg)
{
    g_string_truncate(s->buf, 0);
    s->skipping = true;
    emit_error(s, msg);
}

/* The current text is complete. */
static void finish_text(JsonStreamer *s)
{
    if (s->skipping) {
        reset(s);
    } else {
        emit(s);
    }
}

static bool is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static void feed_byte(JsonStreamer *s, char c)
{
    if ((unsigned char)c == 0xff) {
        reset(s);
        return;
    }
    if (s->scalar) {
        if (is_ws(c) || c == '{' || c == '[' || c == '}' || c == ']' ||
            c == '"') {
            finish_text(s);
            feed_byte(s, c);
            return;
        }
    } else if (s->in_string) {
        if (s->escape) {
            s->escape = false;
        } else if (c == '\\') {
            s->escape = true;
        } else if (c == '"') {
            s->in_string = false;
        }
    } else if (c == '"') {
        s->in_string = true;
    } else if (c == '{' || c == '[') {
        if (++s->depth > s->max_depth && !s->skipping) {
            fail(s, "JSON nesting too deep");
            return;
        }
    } else if (c == '}' || c == ']') {
        if (s->depth == 0) {
            emit_error(s, "JSON parse error: unexpected closing bracket");
            return;
        }
        s->depth--;
    } else if (s->depth == 0 && !is_ws(c)) {
        s->scalar = true;               /* a number, a word, or junk */
    } else if (s->depth == 0 && s->buf->len == 0) {
        return;                         /* whitespace between texts */
    }
    if (s->skipping) {
        if (s->depth == 0 && !s->in_string && !s->scalar) {
            reset(s);
        }
        return;
    }
    g_string_append_c(s->buf, c);
    if (s->buf->len > s->max_size) {
        fail(s, "JSON message too large");
        return;
    }
    if (s->depth == 0 && !s->in_string && !s->scalar) {
        emit(s);
    }
}

void json_streamer_feed(JsonStreamer *s, const char *buf, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        feed_byte(s, buf[i]);
    }
}

void json_streamer_flush(JsonStreamer *s)
{
    if (s->scalar && s->buf->len) {
        emit(s);
    }
    reset(s);
}
