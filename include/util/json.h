/*
 * JSON (RFC 8259) values, a strict parser, a serializer, and a streamer
 * that cuts a byte stream into top-level JSON texts: what QMP speaks and
 * what the QAPI visitors convert to and from C types.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Deviations from RFC 8259, all on the safe side: strings may not hold
 * U+0000 (they become C strings), nesting deeper than JSON_MAX_DEPTH is an
 * error, and an object may not name a member twice. Integers that fit
 * int64 are JSON_INT, larger ones up to UINT64_MAX are JSON_UINT, and
 * anything with a fraction or exponent (or beyond uint64) is JSON_DOUBLE.
 */
#ifndef VIREO_UTIL_JSON_H
#define VIREO_UTIL_JSON_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define JSON_MAX_DEPTH 64

typedef enum {
    JSON_NULL,
    JSON_BOOL,
    JSON_INT,       /* fits int64 */
    JSON_UINT,      /* above INT64_MAX, fits uint64 */
    JSON_DOUBLE,
    JSON_STRING,
    JSON_ARRAY,
    JSON_OBJECT,
} JsonKind;

typedef struct JsonValue JsonValue;

typedef struct JsonMember {
    char *key;
    JsonValue *value;
} JsonMember;

struct JsonValue {
    JsonKind kind;
    union {
        bool b;
        int64_t i;
        uint64_t u;
        double d;
        char *s;
        GPtrArray *arr;     /* of JsonValue *, owned */
        GPtrArray *obj;     /* of JsonMember *, owned, in insertion order */
    } u;
};

JsonValue *json_null(void);
JsonValue *json_bool(bool b);
JsonValue *json_int(int64_t i);
/* JSON_INT when it fits int64, else JSON_UINT. */
JsonValue *json_uint(uint64_t u);
JsonValue *json_double(double d);
JsonValue *json_string(const char *s);
JsonValue *json_string_take(char *s);
JsonValue *json_array_new(void);
JsonValue *json_object_new(void);
void json_value_free(JsonValue *v);
/* A deep copy. */
JsonValue *json_copy(const JsonValue *v);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(JsonValue, json_value_free)

/* Append v (owned from now on) to an array. */
void json_array_append(JsonValue *arr, JsonValue *v);
/* Set key to v (owned from now on), replacing an earlier value. */
void json_object_set(JsonValue *obj, const char *key, JsonValue *v);
/* The member's value, or NULL; obj must be an object. */
JsonValue *json_object_get(const JsonValue *obj, const char *key);
/* Take the member out (caller owns it), or NULL. */
JsonValue *json_object_steal(JsonValue *obj, const char *key);
unsigned json_object_size(const JsonValue *obj);
/* "object", "string", "integer", ... for error messages. */
const char *json_kind_name(JsonKind kind);

/*
 * Parse exactly one JSON text (surrounding whitespace allowed) of len
 * bytes. Errors say what was wrong and at which byte offset.
 */
JsonValue *json_parse(const char *text, size_t len, GError **errp);

/* Compact text, members separated by ", " and keys by ": "; ASCII only. */
char *json_to_string(const JsonValue *v);
void json_append(GString *out, const JsonValue *v);

/*
 * The streamer: feed it bytes as they arrive; each complete top-level
 * text (an object, an array, or a scalar ended by whitespace) goes to fn
 * with err NULL. A text above max_size bytes or nested deeper than
 * max_depth goes to fn as an error instead, and the rest of that text is
 * skipped up to where its nesting closes. A stray '}' or ']' is an error
 * of its own. Byte 0xFF (never valid in UTF-8) drops any partial text, so
 * a client can resynchronise. fn may not free the streamer.
 */
typedef void JsonStreamerFunc(void *opaque, const char *text, size_t len,
                              GError *err);
typedef struct JsonStreamer JsonStreamer;

JsonStreamer *json_streamer_new(size_t max_size, unsigned max_depth,
                                JsonStreamerFunc *fn, void *opaque);
void json_streamer_feed(JsonStreamer *s, const char *buf, size_t len);
/* End of input: a pending scalar is emitted, a partial text dropped. */
void json_streamer_flush(JsonStreamer *s);
void json_streamer_free(JsonStreamer *s);

#endif
