/*
 * Support for the generated QAPI code: error classes, JSON input checks
 * with QMP's wording, command lookup and the event hook.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "qapi/qapi-util.h"

#include <math.h>
#include <stdarg.h>
#include <string.h>

G_DEFINE_QUARK(vireo-qapi-error-quark, qapi_error)

void qapi_error_set(GError **errp, QapiErrorClass cls, const char *fmt, ...)
{
    va_list ap;

    if (!errp) {
        return;
    }
    va_start(ap, fmt);
    g_autofree char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    g_set_error_literal(errp, QAPI_ERROR, cls, msg);
}

const char *qapi_error_class_name(const GError *err)
{
    static const char *const names[] = {
        [QAPI_ERROR_CLASS_GENERIC_ERROR] = "GenericError",
        [QAPI_ERROR_CLASS_COMMAND_NOT_FOUND] = "CommandNotFound",
        [QAPI_ERROR_CLASS_DEVICE_NOT_ACTIVE] = "DeviceNotActive",
        [QAPI_ERROR_CLASS_DEVICE_NOT_FOUND] = "DeviceNotFound",
        [QAPI_ERROR_CLASS_KVM_MISSING_CAP] = "KVMMissingCap",
    };

    if (err->domain == QAPI_ERROR && err->code >= 0 &&
        err->code < (int)G_N_ELEMENTS(names)) {
        return names[err->code];
    }
    return "GenericError";
}

static bool type_error(const char *name, const char *expected,
                       GError **errp)
{
    qapi_error_set(errp, QAPI_ERROR_CLASS_GENERIC_ERROR,
                   "Invalid parameter type for '%s', expected: %s",
                   name, expected);
    return false;
}

bool qapi_in_int(const JsonValue *v, const char *name, int64_t *out,
                 GError **errp)
{
    if (v->kind != JSON_INT) {
        return type_error(name, "integer", errp);
    }
    *out = v->u.i;
    return true;
}

bool qapi_in_uint64(const JsonValue *v, const char *name, uint64_t *out,
                    GError **errp)
{
    if (v->kind == JSON_UINT) {
        *out = v->u.u;
        return true;
    }
    if (v->kind == JSON_INT && v->u.i >= 0) {
        *out = v->u.i;
        return true;
    }
    if (v->kind == JSON_INT) {
        qapi_error_set(errp, QAPI_ERROR_CLASS_GENERIC_ERROR,
                       "Parameter '%s' expects a value in range "
                       "[0, 18446744073709551615]", name);
        return false;
    }
    return type_error(name, "integer", errp);
}

bool qapi_in_bool(const JsonValue *v, const char *name, bool *out,
                  GError **errp)
{
    if (v->kind != JSON_BOOL) {
        return type_error(name, "boolean", errp);
    }
    *out = v->u.b;
    return true;
}

bool qapi_in_number(const JsonValue *v, const char *name, double *out,
                    GError **errp)
{
    switch (v->kind) {
    case JSON_INT:
        *out = v->u.i;
        return true;
    case JSON_UINT:
        *out = v->u.u;
        return true;
    case JSON_DOUBLE:
        *out = v->u.d;
        return true;
    default:
        return type_error(name, "number", errp);
    }
}

bool qapi_in_str(const JsonValue *v, const char *name, char **out,
                 GError **errp)
{
    if (v->kind != JSON_STRING) {
        return type_error(name, "string", errp);
    }
    *out = g_strdup(v->u.s);
    return true;
}

bool qapi_in_enum(const JsonValue *v, const char *name,
                  const char *const *table, int n, int *out, GError **errp)
{
    if (v->kind != JSON_STRING) {
        return type_error(name, "string", errp);
    }
    for (int i = 0; i < n; i++) {
        if (strcmp(table[i], v->u.s) == 0) {
            *out = i;
            return true;
        }
    }
    qapi_error_set(errp, QAPI_ERROR_CLASS_GENERIC_ERROR,
                   "Parameter '%s' does not accept value '%s'", name,
                   v->u.s);
    return false;
}

bool qapi_in_array(const JsonValue *v, const char *name, GError **errp)
{
    return v->kind == JSON_ARRAY || type_error(name, "array", errp);
}

bool qapi_in_object(const JsonValue *v, const char *name,
                    const char *const *known, GError **errp)
{
    if (!v) {
        return true;
    }
    if (v->kind != JSON_OBJECT) {
        return type_error(name, "object", errp);
    }
    for (guint i = 0; i < v->u.obj->len; i++) {
        const JsonMember *m = g_ptr_array_index(v->u.obj, i);
        const char *const *k = known;
        while (*k && strcmp(*k, m->key)) {
            k++;
        }
        if (!*k) {
            qapi_error_set(errp, QAPI_ERROR_CLASS_GENERIC_ERROR,
                           "Parameter '%s' is unexpected", m->key);
            return false;
        }
    }
    return true;
}

JsonValue *qapi_list_to_json_str(const GPtrArray *list)
{
    JsonValue *v = json_array_new();

    for (guint i = 0; list && i < list->len; i++) {
        json_array_append(v, json_string(g_ptr_array_index(list, i)));
    }
    return v;
}

bool qapi_list_from_json_str(const JsonValue *v, const char *name,
                             GPtrArray **out, GError **errp)
{
    g_autoptr(GPtrArray) list = NULL;

    if (!qapi_in_array(v, name, errp)) {
        return false;
    }
    list = g_ptr_array_new_with_free_func(g_free);
    for (guint i = 0; i < v->u.arr->len; i++) {
        char *s;
        if (!qapi_in_str(g_ptr_array_index(v->u.arr, i), name, &s, errp)) {
            return false;
        }
        g_ptr_array_add(list, s);
    }
    *out = g_steal_pointer(&list);
    return true;
}

bool qapi_missing(const char *name, GError **errp)
{
    qapi_error_set(errp, QAPI_ERROR_CLASS_GENERIC_ERROR,
                   "Parameter '%s' is missing", name);
    return false;
}

const QmpCommand *qmp_command_find(const QmpCommand *table,
                                   const char *name)
{
    for (; table->name; table++) {
        if (strcmp(table->name, name) == 0) {
            return table;
        }
    }
    return NULL;
}

static QapiEventEmitter *event_emitter;

void qapi_event_set_emitter(QapiEventEmitter *fn)
{
    event_emitter = fn;
}

void qapi_event_emit(const char *event, JsonValue *data)
{
    if (event_emitter) {
        event_emitter(event, data);
    }
    json_value_free(data);
}
