/*
 * What a chardev backend implements: the ops table, the parsed options it
 * is opened with, and the calls it makes into the core to pass input,
 * events and can-read queries on to its frontend.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef VIREO_CHARDEV_CHAR_BACKEND_H
#define VIREO_CHARDEV_CHAR_BACKEND_H

#include "chardev/char.h"

typedef enum {
    CHR_OPT_STRING,
    CHR_OPT_BOOL,       /* "on"/"off" (yes/no/true/false accepted) */
} ChardevOptType;

typedef struct {
    const char *name;
    ChardevOptType type;
} ChardevOptDesc;

/* A parsed spec: the backend name and its key=value options. */
typedef struct ChardevOpts ChardevOpts;

typedef struct ChardevOps {
    const char *name;
    size_t instance_size;           /* >= sizeof(Chardev), Chardev first */
    const ChardevOptDesc *options;  /* besides id= and mux=; {NULL} ends */
    bool (*open)(Chardev *chr, const ChardevOpts *opts, GError **errp);
    /* Non-blocking; bytes taken, 0 when full, -1 on a hard error. */
    int (*write)(Chardev *chr, const uint8_t *buf, int len);
    /*
     * fd to poll for G_IO_OUT when write took nothing, and for
     * chr_fe_add_watch; -1 when writes never block (or are dropped).
     */
    int (*out_fd)(Chardev *chr);
    void (*accept_input)(Chardev *chr);
    void (*set_echo)(Chardev *chr, bool echo);
    /* Multi-frontend backends (mux) take over attach/detach. */
    bool (*attach)(Chardev *chr, CharFrontend *be, GError **errp);
    void (*detach)(Chardev *chr, CharFrontend *be);
    void (*handlers_set)(Chardev *chr, CharFrontend *be);
    void (*close)(Chardev *chr);
} ChardevOps;

struct Chardev {
    const ChardevOps *ops;
    char *label;
    CharFrontend *fe;       /* single-frontend backends */
    bool be_open;           /* host side connected */
};

/* Backends: deliver to the frontend. */
int chardev_be_can_read(Chardev *chr);
void chardev_be_read(Chardev *chr, const uint8_t *buf, int len);
void chardev_be_event(Chardev *chr, ChrEvent event);

/* Registry of backend kinds. The built-ins are registered already. */
void chardev_backend_register(const ChardevOps *ops);
const ChardevOps *chardev_backend_find(const char *name);

/* Parse a spec (see chardev_new_from_spec) without opening anything. */
ChardevOpts *chardev_opts_parse(const char *spec, GError **errp);
void chardev_opts_free(ChardevOpts *opts);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(ChardevOpts, chardev_opts_free)
const char *chardev_opts_backend(const ChardevOpts *opts);
const char *chardev_opt_get(const ChardevOpts *opts, const char *key);
bool chardev_opt_get_bool(const ChardevOpts *opts, const char *key,
                          bool def);
/* Set (or with value NULL, remove) an option after parsing. */
void chardev_opt_set(ChardevOpts *opts, const char *key, const char *value);
/* Open a chardev of a kind made outside the parser (fd, mux); opts may be
 * NULL and label NULL picks one. */
Chardev *chardev_new_internal(const ChardevOps *ops, const char *label,
                              const ChardevOpts *opts, GError **errp);
/* Open a chardev from parsed options; label as for chardev_new_from_spec. */
Chardev *chardev_new_from_opts(const ChardevOpts *opts, const char *label,
                               GError **errp);

/*
 * Input from an fd under flow control: fn runs when fd is readable (or hung
 * up) and the frontend's can_read is above 0; max is that can_read. fn
 * returns false to end the source. Attached to the default context; the
 * caller holds one reference (chardev_io_source_remove drops it).
 */
typedef bool (*ChardevIoReadFn)(Chardev *chr, int fd, int max);
GSource *chardev_io_read_source_new(Chardev *chr, int fd,
                                    ChardevIoReadFn fn);
void chardev_io_source_remove(GSource **src);
/* Write without blocking, retrying on EINTR: bytes, 0 on EAGAIN, -1. */
int chardev_io_write(int fd, const uint8_t *buf, int len);

extern const ChardevOps chardev_null_ops;
extern const ChardevOps chardev_none_ops;
extern const ChardevOps chardev_fd_ops;
extern const ChardevOps chardev_stdio_ops;
extern const ChardevOps chardev_file_ops;
extern const ChardevOps chardev_pty_ops;
extern const ChardevOps chardev_socket_ops;
extern const ChardevOps chardev_mux_ops;

#endif
