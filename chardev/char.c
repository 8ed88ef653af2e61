/*
 * The chardev core: the registry of backend kinds and of open chardevs by
 * label, creation from parsed options, and the frontend calls that a
 * device model makes (attach, handlers, write, watches, flow control).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "chardev/char-backend.h"
#include "util/error.h"

#include <errno.h>
#include <glib-unix.h>
#include <poll.h>
#include <stdarg.h>
#include <string.h>

static GPtrArray *backends;      /* const ChardevOps * */
static GHashTable *chardevs;     /* label -> Chardev * */
static unsigned auto_label_count;

static void backends_init(void)
{
    static const ChardevOps *const builtin[] = {
        &chardev_null_ops, &chardev_none_ops, &chardev_stdio_ops,
        &chardev_file_ops, &chardev_pty_ops, &chardev_socket_ops,
    };

    if (backends) {
        return;
    }
    backends = g_ptr_array_new();
    for (size_t i = 0; i < G_N_ELEMENTS(builtin); i++) {
        g_ptr_array_add(backends, (gpointer)builtin[i]);
    }
}

void chardev_backend_register(const ChardevOps *ops)
{
    backends_init();
    g_assert(!chardev_backend_find(ops->name));
    g_ptr_array_add(backends, (gpointer)ops);
}

const ChardevOps *chardev_backend_find(const char *name)
{
    backends_init();
    for (guint i = 0; i < backends->len; i++) {
        const ChardevOps *ops = g_ptr_array_index(backends, i);
        if (strcmp(ops->name, name) == 0) {
            return ops;
        }
    }
    return NULL;
}

Chardev *chardev_find(const char *label)
{
    return chardevs && label ? g_hash_table_lookup(chardevs, label) : NULL;
}

const char *chardev_label(const Chardev *chr)
{
    return chr->label;
}

const char *chardev_kind(const Chardev *chr)
{
    return chr->ops->name;
}

bool chardev_is_open(const Chardev *chr)
{
    return chr->be_open;
}

/* Allocate, open and register one chardev of the given kind. */
static Chardev *chardev_create(const ChardevOps *ops, const char *label,
                               const ChardevOpts *opts, GError **errp)
{
    Chardev *chr;

    if (chardev_find(label)) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "a chardev with id '%s' already exists", label);
        return NULL;
    }
    g_assert(ops->instance_size >= sizeof(Chardev));
    chr = g_malloc0(ops->instance_size);
    chr->ops = ops;
    chr->label = g_strdup(label);
    if (ops->open && !ops->open(chr, opts, errp)) {
        g_free(chr->label);
        g_free(chr);
        return NULL;
    }
    if (!chardevs) {
        chardevs = g_hash_table_new(g_str_hash, g_str_equal);
    }
    g_hash_table_insert(chardevs, chr->label, chr);
    return chr;
}

Chardev *chardev_new_internal(const ChardevOps *ops, const char *label,
                              const ChardevOpts *opts, GError **errp)
{
    g_autofree char *auto_label = NULL;

    if (!label) {
        auto_label = g_strdup_printf("chardev%u", auto_label_count++);
        label = auto_label;
    }
    return chardev_create(ops, label, opts, errp);
}

Chardev *chardev_new_from_opts(const ChardevOpts *opts, const char *label,
                               GError **errp)
{
    const char *name = chardev_opts_backend(opts);
    const ChardevOps *ops = chardev_backend_find(name);
    g_autofree char *auto_label = NULL;
    g_autofree char *base_label = NULL;
    Chardev *inner, *mux;

    if (!ops) {
        vireo_error_set(errp, VIREO_ERROR_NOT_FOUND,
                        "unknown chardev backend '%s'", name);
        return NULL;
    }
    if (chardev_opt_get(opts, "id")) {
        label = chardev_opt_get(opts, "id");
    } else if (!label) {
        auto_label = g_strdup_printf("chardev%u", auto_label_count++);
        label = auto_label;
    }
    if (!chardev_opt_get_bool(opts, "mux", false)) {
        return chardev_create(ops, label, opts, errp);
    }
    /* Check now so the inner chardev is not made only to be dropped. */
    if (chardev_find(label)) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "a chardev with id '%s' already exists", label);
        return NULL;
    }
    base_label = g_strdup_printf("%s-base", label);
    inner = chardev_create(ops, base_label, opts, errp);
    if (!inner) {
        return NULL;
    }
    mux = chardev_mux_new(label, inner, errp);
    if (!mux) {
        chardev_free(inner);
    }
    return mux;
}

Chardev *chardev_new_from_spec(const char *spec, const char *label,
                               GError **errp)
{
    g_autoptr(ChardevOpts) opts = chardev_opts_parse(spec, errp);

    return opts ? chardev_new_from_opts(opts, label, errp) : NULL;
}

Chardev *chardev_new_from_cli(const char *str, GError **errp)
{
    g_autoptr(ChardevOpts) opts = chardev_opts_parse(str, errp);

    if (!opts) {
        return NULL;
    }
    if (!chardev_opt_get(opts, "id")) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "-chardev %s: missing id=", str);
        return NULL;
    }
    return chardev_new_from_opts(opts, NULL, errp);
}

bool chardev_spec_is_none(const char *spec)
{
    return strcmp(spec, "none") == 0;
}

void chardev_free(Chardev *chr)
{
    if (!chr) {
        return;
    }
    if (chr->fe) {
        chr->fe->chr = NULL;
        chr->fe = NULL;
    }
    if (chr->ops->close) {
        chr->ops->close(chr);
    }
    if (chardevs && g_hash_table_lookup(chardevs, chr->label) == chr) {
        g_hash_table_remove(chardevs, chr->label);
    }
    g_free(chr->label);
    g_free(chr);
}

/* Backend -> frontend. */

int chardev_be_can_read(Chardev *chr)
{
    CharFrontend *fe = chr->fe;

    if (!fe || !fe->read) {
        return 0;
    }
    return fe->can_read ? fe->can_read(fe->opaque) : 4096;
}

void chardev_be_read(Chardev *chr, const uint8_t *buf, int len)
{
    CharFrontend *fe = chr->fe;

    if (fe && fe->read && len > 0) {
        fe->read(fe->opaque, buf, len);
    }
}

void chardev_be_event(Chardev *chr, ChrEvent event)
{
    CharFrontend *fe = chr->fe;

    if (event == CHR_EVENT_OPENED) {
        chr->be_open = true;
    } else if (event == CHR_EVENT_CLOSED) {
        chr->be_open = false;
    }
    if (fe && fe->event) {
        fe->event(fe->opaque, event);
    }
}

/* Frontend side. */

bool chr_fe_init(CharFrontend *be, Chardev *chr, GError **errp)
{
    memset(be, 0, sizeof(*be));
    if (!chr) {
        return true;
    }
    if (chr->ops->attach) {
        if (!chr->ops->attach(chr, be, errp)) {
            return false;
        }
    } else if (chr->fe) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "chardev '%s' is already in use", chr->label);
        return false;
    } else {
        chr->fe = be;
    }
    be->chr = chr;
    return true;
}

void chr_fe_deinit(CharFrontend *be)
{
    Chardev *chr = be->chr;

    if (chr) {
        if (chr->ops->detach) {
            chr->ops->detach(chr, be);
        } else if (chr->fe == be) {
            chr->fe = NULL;
        }
    }
    memset(be, 0, sizeof(*be));
}

void chr_fe_set_handlers(CharFrontend *be, ChrCanReadFn can_read,
                         ChrReadFn read, ChrEventFn event, void *opaque)
{
    Chardev *chr = be->chr;

    be->can_read = can_read;
    be->read = read;
    be->event = event;
    be->opaque = opaque;
    if (!chr) {
        return;
    }
    if (chr->ops->handlers_set) {
        chr->ops->handlers_set(chr, be);
    } else if (chr->be_open && event) {
        event(opaque, CHR_EVENT_OPENED);
    }
    /* can_read may have gone from 0 to more: let the loop look again. */
    g_main_context_wakeup(NULL);
}

Chardev *chr_fe_get_chardev(const CharFrontend *be)
{
    return be->chr;
}

bool chr_fe_backend_connected(const CharFrontend *be)
{
    return be->chr != NULL;
}

bool chr_fe_backend_open(const CharFrontend *be)
{
    return be->chr && be->chr->be_open;
}

int chr_fe_write(CharFrontend *be, const uint8_t *buf, int len)
{
    Chardev *chr = be->chr;

    if (!chr || len <= 0) {
        return len > 0 ? len : 0;
    }
    return chr->ops->write ? chr->ops->write(chr, buf, len) : len;
}

/* Block until fd is writable; false when there is nothing to wait on. */
static bool wait_writable(Chardev *chr)
{
    int fd = chr->ops->out_fd ? chr->ops->out_fd(chr) : -1;
    struct pollfd pfd = { .fd = fd, .events = POLLOUT };

    if (fd < 0) {
        return false;
    }
    while (poll(&pfd, 1, -1) < 0) {
        if (errno != EINTR) {
            return false;
        }
    }
    return true;
}

int chr_fe_write_all(CharFrontend *be, const uint8_t *buf, int len)
{
    Chardev *chr = be->chr;
    int done = 0;
    int stalls = 0;

    if (!chr || !chr->ops->write) {
        return len > 0 ? len : 0;
    }
    while (done < len) {
        int n = chr->ops->write(chr, buf + done, len - done);
        if (n < 0) {
            return done ? done : -1;
        }
        if (n > 0) {
            done += n;
            stalls = 0;
            continue;
        }
        /* Writable by poll yet taking nothing, again and again: give up. */
        if (++stalls > 1000 || !wait_writable(chr)) {
            break;
        }
    }
    return done;
}

void chr_fe_printf(CharFrontend *be, const char *fmt, ...)
{
    va_list ap;
    g_autofree char *s = NULL;

    va_start(ap, fmt);
    s = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    chr_fe_write_all(be, (const uint8_t *)s, strlen(s));
}

void chr_fe_accept_input(CharFrontend *be)
{
    Chardev *chr = be->chr;

    if (chr && chr->ops->accept_input) {
        chr->ops->accept_input(chr);
    }
    g_main_context_wakeup(NULL);
}

typedef struct {
    ChrWatchFn fn;
    void *opaque;
} WatchClosure;

static gboolean fd_watch_cb(int fd, GIOCondition cond, gpointer data)
{
    WatchClosure *w = data;

    return w->fn(w->opaque, cond) ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static gboolean idle_watch_cb(gpointer data)
{
    WatchClosure *w = data;

    return w->fn(w->opaque, G_IO_OUT) ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

guint chr_fe_add_watch(CharFrontend *be, GIOCondition cond, ChrWatchFn fn,
                       void *opaque)
{
    Chardev *chr = be->chr;
    int fd = chr && chr->ops->out_fd ? chr->ops->out_fd(chr) : -1;
    WatchClosure *w = g_new0(WatchClosure, 1);
    GSource *src;
    guint id;

    w->fn = fn;
    w->opaque = opaque;
    if (fd >= 0) {
        src = g_unix_fd_source_new(fd, cond);
        g_source_set_callback(src, (GSourceFunc)(void (*)(void))fd_watch_cb,
                              w, g_free);
    } else {
        /* Output is never held back here, so it is writable right now. */
        src = g_idle_source_new();
        g_source_set_callback(src, idle_watch_cb, w, g_free);
    }
    id = g_source_attach(src, NULL);
    g_source_unref(src);
    return id;
}

void chr_fe_set_echo(CharFrontend *be, bool echo)
{
    Chardev *chr = be->chr;

    if (chr && chr->ops->set_echo) {
        chr->ops->set_echo(chr, echo);
    }
}

void chardev_print_help(FILE *out)
{
    backends_init();
    fprintf(out, "Available chardev backend types:\n");
    for (guint i = 0; i < backends->len; i++) {
        const ChardevOps *ops = g_ptr_array_index(backends, i);
        fprintf(out, "  %s\n", ops->name);
    }
}
