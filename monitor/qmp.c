/*
 * The QMP server (QEMU's QMP specification, docs/interop/qmp-spec):
 * greeting on connect, capabilities negotiation, then one JSON object per
 * request answered with "return" or "error", and events broadcast with a
 * timestamp. Bytes from the chardev go through a JSON streamer that caps
 * each request's size and depth, so no input can hurt the process.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "monitor/qmp.h"
#include "qmp-internal.h"
#include "hw/core/runstate.h"
#include "qapi/qapi-commands.h"
#include "util/error.h"
#include "util/json.h"

#include <string.h>

struct QmpMonitor {
    CharFrontend fe;
    bool has_fe;
    JsonStreamer *streamer;
    bool negotiated;        /* qmp_capabilities done on this connection */
    bool opened;
};

static GPtrArray *qmp_monitors;
static RunStateNotifier *qmp_runstate_notifier;

/* --- replies --- */

static JsonValue *error_reply(const char *cls, const char *desc)
{
    JsonValue *err = json_object_new();
    JsonValue *reply = json_object_new();

    json_object_set(err, "class", json_string(cls));
    json_object_set(err, "desc", json_string(desc));
    json_object_set(reply, "error", err);
    return reply;
}

static JsonValue *error_reply_gerror(const GError *e)
{
    return error_reply(qapi_error_class_name(e), e->message);
}

static void qmp_send(QmpMonitor *mon, const JsonValue *v)
{
    g_autoptr(GString) out = g_string_new(NULL);

    if (!mon->has_fe) {
        return;
    }
    json_append(out, v);
    g_string_append(out, "\r\n");
    /* A client that stops reading stalls us: QMP has no flow control. */
    chr_fe_write_all(&mon->fe, (const uint8_t *)out->str, out->len);
}

/* Check the request object's shape: execute, arguments, id and no more. */
static bool check_request(const JsonValue *req, GError **errp)
{
    const JsonValue *exec, *args;

    if (req->kind != JSON_OBJECT) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "QMP input must be a JSON object");
        return false;
    }
    for (guint i = 0; i < req->u.obj->len; i++) {
        const JsonMember *m = g_ptr_array_index(req->u.obj, i);
        if (strcmp(m->key, "execute") && strcmp(m->key, "arguments") &&
            strcmp(m->key, "id")) {
            vireo_error_set(errp, VIREO_ERROR_INVALID,
                            "QMP input member '%s' is unexpected", m->key);
            return false;
        }
    }
    exec = json_object_get(req, "execute");
    if (!exec) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "QMP input lacks member 'execute'");
        return false;
    }
    if (exec->kind != JSON_STRING) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "QMP input member 'execute' must be a string");
        return false;
    }
    args = json_object_get(req, "arguments");
    if (args && args->kind != JSON_OBJECT) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "QMP input member 'arguments' must be an object");
        return false;
    }
    return true;
}

static JsonValue *run_command(QmpMonitor *mon, const char *name,
                              const JsonValue *args)
{
    const QmpCommand *cmd;
    GError *err = NULL;
    JsonValue *ret, *reply;
    bool is_caps = strcmp(name, "qmp_capabilities") == 0;

    if (!mon->negotiated && !is_caps) {
        return error_reply("CommandNotFound", "Expecting capabilities "
                           "negotiation with 'qmp_capabilities'");
    }
    if (mon->negotiated && is_caps) {
        return error_reply("CommandNotFound", "Capabilities negotiation "
                           "is already complete, command ignored");
    }
    cmd = qmp_command_find(qmp_commands, name);
    if (!cmd) {
        g_autofree char *desc =
            g_strdup_printf("The command %s has not been found", name);
        return error_reply("CommandNotFound", desc);
    }
    ret = cmd->fn(args, &err);
    if (!ret) {
        reply = error_reply_gerror(err);
        g_error_free(err);
        return reply;
    }
    if (is_caps) {
        mon->negotiated = true;
    }
    reply = json_object_new();
    json_object_set(reply, "return", ret);
    return reply;
}

/*
 * One request (or the streamer's error about one): the reply, with the
 * request's "id" copied in whenever the request got far enough to have
 * one.
 */
static JsonValue *handle_request(QmpMonitor *mon, const char *text,
                                 size_t len, const GError *stream_err)
{
    g_autoptr(JsonValue) req = NULL;
    GError *err = NULL;
    JsonValue *reply, *id;

    if (stream_err) {
        return error_reply("GenericError", stream_err->message);
    }
    req = json_parse(text, len, &err);
    if (!req) {
        reply = error_reply("GenericError", err->message);
        g_error_free(err);
        return reply;
    }
    if (!check_request(req, &err)) {
        reply = error_reply("GenericError", err->message);
        g_error_free(err);
    } else {
        reply = run_command(mon, json_object_get(req, "execute")->u.s,
                            json_object_get(req, "arguments"));
    }
    id = req->kind == JSON_OBJECT ? json_object_steal(req, "id") : NULL;
    if (id) {
        json_object_set(reply, "id", id);
    }
    return reply;
}

static void on_text(void *opaque, const char *text, size_t len, GError *err)
{
    QmpMonitor *mon = opaque;
    g_autoptr(JsonValue) reply = handle_request(mon, text, len, err);

    qmp_send(mon, reply);
}

char *qmp_dispatch_text(QmpMonitor *mon, const char *text)
{
    QmpMonitor tmp = { .negotiated = true };
    g_autoptr(JsonValue) reply = NULL;

    reply = handle_request(mon ? mon : &tmp, text, strlen(text), NULL);
    return json_to_string(reply);
}

/* --- greeting and events --- */

static void send_greeting(QmpMonitor *mon)
{
    g_autoptr(JsonValue) greeting = json_object_new();
    JsonValue *qmp = json_object_new();
    JsonValue *version = qmp_version_json();

    json_object_set(qmp, "version", version);
    json_object_set(qmp, "capabilities", json_array_new());
    json_object_set(greeting, "QMP", qmp);
    qmp_send(mon, greeting);
}

static void emit_event(const char *event, const JsonValue *data)
{
    g_autoptr(JsonValue) msg = json_object_new();
    JsonValue *ts = json_object_new();
    gint64 now = g_get_real_time();

    json_object_set(ts, "seconds", json_int(now / G_USEC_PER_SEC));
    json_object_set(ts, "microseconds", json_int(now % G_USEC_PER_SEC));
    json_object_set(msg, "timestamp", ts);
    json_object_set(msg, "event", json_string(event));
    if (data) {
        JsonValue *copy = json_copy(data);
        json_object_set(msg, "data", copy);
    }
    for (guint i = 0; qmp_monitors && i < qmp_monitors->len; i++) {
        QmpMonitor *mon = g_ptr_array_index(qmp_monitors, i);
        if (mon->opened && mon->negotiated) {
            qmp_send(mon, msg);
        }
    }
}

static ShutdownReason reason_of(ShutdownCause cause)
{
    const char *name = shutdown_cause_name(cause);

    for (int i = 0; i < SHUTDOWN_REASON__MAX; i++) {
        if (strcmp(ShutdownReason_names[i], name) == 0) {
            return i;
        }
    }
    return SHUTDOWN_REASON_NONE;
}

static void on_runstate_event(RunStateEvent event, ShutdownCause cause)
{
    switch (event) {
    case RUNSTATE_EVENT_SHUTDOWN:
        qapi_event_send_shutdown(shutdown_cause_is_guest(cause),
                                 reason_of(cause));
        break;
    case RUNSTATE_EVENT_RESET:
        qapi_event_send_reset(shutdown_cause_is_guest(cause),
                              reason_of(cause));
        break;
    case RUNSTATE_EVENT_POWERDOWN:
        qapi_event_send_powerdown();
        break;
    }
}

static void on_runstate_change(void *opaque, bool running, RunState state)
{
    if (running) {
        qapi_event_send_resume();
    } else if (state != RUN_STATE_SHUTDOWN) {
        /* Like QEMU, the final stop of a shutdown sends no STOP. */
        qapi_event_send_stop();
    }
}

/* --- the chardev frontend --- */

static int qmp_can_read(void *opaque)
{
    return 4096;
}

static void qmp_read(void *opaque, const uint8_t *buf, int len)
{
    QmpMonitor *mon = opaque;

    json_streamer_feed(mon->streamer, (const char *)buf, len);
}

static void qmp_event(void *opaque, ChrEvent event)
{
    QmpMonitor *mon = opaque;

    switch (event) {
    case CHR_EVENT_OPENED:
        mon->opened = true;
        mon->negotiated = false;
        json_streamer_flush(mon->streamer);
        send_greeting(mon);
        break;
    case CHR_EVENT_CLOSED:
        mon->opened = false;
        mon->negotiated = false;
        json_streamer_flush(mon->streamer);
        break;
    default:
        break;
    }
}

QmpMonitor *qmp_monitor_new(Chardev *chr, GError **errp)
{
    QmpMonitor *mon = g_new0(QmpMonitor, 1);

    mon->streamer = json_streamer_new(QMP_MAX_REQUEST_SIZE,
                                      QMP_MAX_REQUEST_DEPTH, on_text, mon);
    if (!chr_fe_init(&mon->fe, chr, errp)) {
        json_streamer_free(mon->streamer);
        g_free(mon);
        return NULL;
    }
    mon->has_fe = true;
    if (!qmp_monitors) {
        qmp_monitors = g_ptr_array_new();
        qapi_event_set_emitter(emit_event);
        runstate_set_event_handler(on_runstate_event);
        qmp_runstate_notifier =
            runstate_add_change_notifier(on_runstate_change, NULL);
    }
    g_ptr_array_add(qmp_monitors, mon);
    /* Delivers CHR_EVENT_OPENED now when the chardev is open already. */
    chr_fe_set_handlers(&mon->fe, qmp_can_read, qmp_read, qmp_event, mon);
    return mon;
}

void qmp_monitor_free(QmpMonitor *mon)
{
    if (!mon) {
        return;
    }
    chr_fe_deinit(&mon->fe);
    json_streamer_free(mon->streamer);
    g_ptr_array_remove(qmp_monitors, mon);
    if (qmp_monitors->len == 0) {
        g_ptr_array_unref(qmp_monitors);
        qmp_monitors = NULL;
        qapi_event_set_emitter(NULL);
        runstate_set_event_handler(NULL);
        runstate_remove_change_notifier(qmp_runstate_notifier);
        qmp_runstate_notifier = NULL;
    }
    g_free(mon);
}
