/*
 * Character devices: the byte streams a UART or the monitor talks through
 * (stdio, a file, a pty, a socket, a mux sharing one of them), and the
 * frontend handle a device holds on one. A Chardev is the host side, made
 * from a spec as users type it after -serial, -monitor or -chardev; a
 * CharFrontend is what a device model embeds to send and receive.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Everything here runs on the main loop's thread (glib's default
 * GMainContext) or with the global lock held; none of it is thread-safe
 * on its own.
 */
#ifndef VIREO_CHARDEV_CHAR_H
#define VIREO_CHARDEV_CHAR_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

typedef struct Chardev Chardev;
typedef struct CharFrontend CharFrontend;

typedef enum {
    CHR_EVENT_OPENED,   /* the host side connected (socket client came) */
    CHR_EVENT_CLOSED,   /* it went away */
    CHR_EVENT_BREAK,    /* serial break (mux: escape then 'b') */
    CHR_EVENT_MUX_IN,   /* a mux gave this frontend the input focus */
    CHR_EVENT_MUX_OUT,  /* ... and took it away */
} ChrEvent;

/* How many bytes the frontend takes now; 0 stops input. */
typedef int (*ChrCanReadFn)(void *opaque);
typedef void (*ChrReadFn)(void *opaque, const uint8_t *buf, int len);
typedef void (*ChrEventFn)(void *opaque, ChrEvent event);
/* Return false to remove the watch. */
typedef bool (*ChrWatchFn)(void *opaque, GIOCondition cond);

/* What a device embeds; zero it, then chr_fe_init(). */
struct CharFrontend {
    Chardev *chr;
    ChrCanReadFn can_read;
    ChrReadFn read;
    ChrEventFn event;
    void *opaque;
    int tag;            /* this frontend's index on a mux, else 0 */
};

/*
 * Make a chardev from a spec:
 *   null | none | stdio[,signal=on|off] | pty | file:PATH
 *   tcp:[HOST]:PORT[,server=on|off][,wait=on|off][,nodelay=on|off]
 *   unix:PATH[,server=on|off][,wait=on|off]
 *   mon:SPEC                    (mux SPEC between a device and the monitor)
 *   BACKEND,id=ID,key=value...  (the -chardev form; ",," is a comma)
 * Old spellings "server", "nowait", "noserver" are accepted. A server waits
 * for its first client unless wait=off. label is used when the spec has no
 * id= (NULL picks "chardevN"). "none" gives a chardev that behaves as null;
 * check chardev_spec_is_none() first if "none" means "no device" to you.
 * The chardev is registered under its label until chardev_free().
 */
Chardev *chardev_new_from_spec(const char *spec, const char *label,
                               GError **errp);
/* The -chardev option: like the above but id= is required. */
Chardev *chardev_new_from_cli(const char *opts, GError **errp);
bool chardev_spec_is_none(const char *spec);
/* A backend over file descriptors the caller hands over (closed on free). */
Chardev *chardev_fd_new(const char *label, int in_fd, int out_fd,
                        GError **errp);
/* A mux over inner, which the mux then owns (on failure, the caller). */
Chardev *chardev_mux_new(const char *label, Chardev *inner, GError **errp);
/* -chardev help: the backend kinds. */
void chardev_print_help(FILE *out);
void chardev_free(Chardev *chr);

Chardev *chardev_find(const char *label);
const char *chardev_label(const Chardev *chr);
/* The backend's name: "socket", "file", "mux", ... */
const char *chardev_kind(const Chardev *chr);
/* True while the host side is connected (a socket with a client). */
bool chardev_is_open(const Chardev *chr);

/* A listening tcp socket's port (after port=0), else -1. */
int chardev_socket_get_port(const Chardev *chr);
/* The slave side of a pty chardev ("/dev/pts/3"), else NULL. */
const char *chardev_pty_get_path(const Chardev *chr);

/* Mux: the escape character (default Ctrl-a, 0x01), and focus. */
void chardev_mux_set_default_escape_char(int ch);
void chardev_mux_set_escape_char(Chardev *mux, int ch);
void chardev_mux_set_focus(Chardev *mux, int tag);
int chardev_mux_get_focus(const Chardev *mux);
/* Ctrl-a x calls this; until it is set, Ctrl-a x does nothing. */
typedef void ChardevQuitHandler(void);
void chardev_set_quit_handler(ChardevQuitHandler *fn);

/*
 * Restore the terminal a stdio chardev put into raw mode. Safe to call
 * from a signal handler; done already at exit and on fatal signals whose
 * handler was the default.
 */
void chardev_stdio_restore_tty(void);

/*
 * Frontend side. chr_fe_init fails when chr already has its frontend
 * (a mux takes up to 4). Setting handlers on an open chardev delivers
 * CHR_EVENT_OPENED at once.
 */
bool chr_fe_init(CharFrontend *be, Chardev *chr, GError **errp);
void chr_fe_deinit(CharFrontend *be);
void chr_fe_set_handlers(CharFrontend *be, ChrCanReadFn can_read,
                         ChrReadFn read, ChrEventFn event, void *opaque);
Chardev *chr_fe_get_chardev(const CharFrontend *be);
bool chr_fe_backend_connected(const CharFrontend *be);
bool chr_fe_backend_open(const CharFrontend *be);
/*
 * Never blocks: returns the bytes taken (0 when the host side is full;
 * a disconnected socket, or no chardev at all, takes and drops
 * everything), -1 on a hard host error.
 */
int chr_fe_write(CharFrontend *be, const uint8_t *buf, int len);
/* Blocks until all is written or the host side fails; bytes written. */
int chr_fe_write_all(CharFrontend *be, const uint8_t *buf, int len);
void chr_fe_printf(CharFrontend *be, const char *fmt, ...)
    G_GNUC_PRINTF(2, 3);
/* The frontend can take input again (its can_read went above 0). */
void chr_fe_accept_input(CharFrontend *be);
/* Call fn when the host side is writable (G_IO_OUT); returns a source id. */
guint chr_fe_add_watch(CharFrontend *be, GIOCondition cond, ChrWatchFn fn,
                       void *opaque);
void chr_fe_set_echo(CharFrontend *be, bool echo);

#endif
