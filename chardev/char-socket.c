/*
 * The socket backend, tcp or unix, server or client. A server takes one
 * client at a time and accepts the next once it leaves; with wait=on
 * (the default) creation blocks until the first client connects. The
 * frontend sees CHR_EVENT_OPENED and CLOSED as clients come and go, and
 * output with no client connected is dropped, never blocking the guest.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "chardev/char-backend.h"
#include "util/error.h"

#include <errno.h>
#include <glib-unix.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

typedef struct {
    Chardev parent;
    bool is_unix;
    bool server;
    bool nodelay;
    char *path;             /* unix */
    char *desc;             /* "tcp:HOST:PORT" or "unix:PATH" */
    int bound_port;         /* tcp server */
    int listen_fd;
    GSource *listen_src;
    int fd;                 /* the connection, -1 when none */
    GSource *read_src;
} ChardevSocket;

static const ChardevOptDesc socket_options[] = {
    { "host", CHR_OPT_STRING },
    { "port", CHR_OPT_STRING },
    { "path", CHR_OPT_STRING },
    { "server", CHR_OPT_BOOL },
    { "wait", CHR_OPT_BOOL },
    { "nodelay", CHR_OPT_BOOL },
    { NULL }
};

static void socket_listen_arm(ChardevSocket *s);

static void socket_disconnect(ChardevSocket *s)
{
    if (s->fd < 0) {
        return;
    }
    chardev_io_source_remove(&s->read_src);
    close(s->fd);
    s->fd = -1;
    if (s->server) {
        socket_listen_arm(s);
    }
    chardev_be_event(&s->parent, CHR_EVENT_CLOSED);
}

static bool socket_read_ready(Chardev *chr, int fd, int max)
{
    ChardevSocket *s = (ChardevSocket *)chr;
    uint8_t buf[4096];
    ssize_t n = recv(fd, buf, MIN((size_t)max, sizeof(buf)), MSG_DONTWAIT);

    if (n > 0) {
        chardev_be_read(chr, buf, n);
        return true;
    }
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) {
        return true;
    }
    socket_disconnect(s);   /* destroys this source */
    return false;
}

static void socket_connected(ChardevSocket *s, int fd)
{
    if (!s->is_unix && s->nodelay) {
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    }
    s->fd = fd;
    s->read_src = chardev_io_read_source_new(&s->parent, fd,
                                             socket_read_ready);
    chardev_be_event(&s->parent, CHR_EVENT_OPENED);
}

static gboolean socket_accept_cb(int listen_fd, GIOCondition cond,
                                 gpointer opaque)
{
    ChardevSocket *s = opaque;
    int fd = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC);

    if (fd < 0) {
        return G_SOURCE_CONTINUE;   /* the client left already; keep on */
    }
    /* One client at a time: the next waits in the backlog. */
    g_source_unref(s->listen_src);
    s->listen_src = NULL;
    socket_connected(s, fd);
    return G_SOURCE_REMOVE;
}

static void socket_listen_arm(ChardevSocket *s)
{
    if (s->listen_src) {
        return;
    }
    s->listen_src = g_unix_fd_source_new(s->listen_fd, G_IO_IN);
    g_source_set_callback(s->listen_src,
                          (GSourceFunc)(void (*)(void))socket_accept_cb,
                          s, NULL);
    g_source_attach(s->listen_src, NULL);
}

static bool parse_port(const char *str, int *port, GError **errp)
{
    char *end;
    long v;

    if (!str || !*str) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "socket: missing port (port=N or tcp:HOST:N)");
        return false;
    }
    v = strtol(str, &end, 10);
    if (*end || v < 0 || v > 65535 || !g_ascii_isdigit(str[0])) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "socket: bad port '%s' (0 to 65535)", str);
        return false;
    }
    *port = v;
    return true;
}

/* A socket bound (server) or connected (client) per addr; -1 and errno. */
static int socket_setup(const struct sockaddr *addr, socklen_t len,
                        bool server)
{
    int fd = socket(addr->sa_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1, err;

    if (fd < 0) {
        return -1;
    }
    if (server) {
        if (addr->sa_family != AF_UNIX) {
            setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
        }
        if (bind(fd, addr, len) == 0 && listen(fd, 1) == 0) {
            return fd;
        }
    } else if (connect(fd, addr, len) == 0) {
        return fd;
    }
    err = errno;
    close(fd);
    errno = err;
    return -1;
}

static int socket_open_tcp(ChardevSocket *s, const char *host, int port,
                           GError **errp)
{
    struct addrinfo hints = { .ai_family = AF_UNSPEC,
                              .ai_socktype = SOCK_STREAM,
                              .ai_flags = s->server ? AI_PASSIVE : 0 };
    struct addrinfo *res, *ai;
    char port_str[8];
    int fd = -1, err = 0, rc;

    snprintf(port_str, sizeof(port_str), "%d", port);
    if (!*host) {
        host = s->server ? NULL : "localhost";
    }
    rc = getaddrinfo(host, port_str, &hints, &res);
    if (rc != 0) {
        vireo_error_set(errp, VIREO_ERROR_IO, "%s: cannot resolve '%s': %s",
                        s->desc, host, gai_strerror(rc));
        return -1;
    }
    for (ai = res; ai && fd < 0; ai = ai->ai_next) {
        fd = socket_setup(ai->ai_addr, ai->ai_addrlen, s->server);
        if (fd < 0) {
            err = errno;
        }
    }
    freeaddrinfo(res);
    if (fd < 0) {
        vireo_error_setg_errno(errp, err, "cannot %s %s",
                               s->server ? "listen on" : "connect to",
                               s->desc);
    }
    return fd;
}

static int socket_open_unix(ChardevSocket *s, GError **errp)
{
    struct sockaddr_un sun = { .sun_family = AF_UNIX };
    struct stat st;
    int fd;

    if (strlen(s->path) >= sizeof(sun.sun_path)) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "unix: path '%s' is too long", s->path);
        return -1;
    }
    strcpy(sun.sun_path, s->path);
    /* A socket left behind by an earlier run would make bind() fail. */
    if (s->server && stat(s->path, &st) == 0 && S_ISSOCK(st.st_mode)) {
        unlink(s->path);
    }
    fd = socket_setup((struct sockaddr *)&sun, sizeof(sun), s->server);
    if (fd < 0) {
        vireo_error_setg_errno(errp, errno, "cannot %s %s",
                               s->server ? "listen on" : "connect to",
                               s->desc);
    }
    return fd;
}

/* wait=on: block until the first client is here. */
static bool socket_wait_first_client(ChardevSocket *s, GError **errp)
{
    struct pollfd pfd = { .fd = s->listen_fd, .events = POLLIN };
    int fd;

    vireo_report("waiting for connection on %s,server=on", s->desc);
    for (;;) {
        if (poll(&pfd, 1, -1) < 0 && errno != EINTR) {
            break;
        }
        fd = accept4(s->listen_fd, NULL, NULL, SOCK_CLOEXEC);
        if (fd >= 0) {
            socket_connected(s, fd);
            return true;
        }
        if (errno != EAGAIN && errno != EINTR && errno != ECONNABORTED) {
            break;
        }
    }
    vireo_error_setg_errno(errp, errno, "cannot accept on %s", s->desc);
    return false;
}

static bool socket_open(Chardev *chr, const ChardevOpts *opts, GError **errp)
{
    ChardevSocket *s = (ChardevSocket *)chr;
    const char *host = chardev_opt_get(opts, "host");
    const char *port_str = chardev_opt_get(opts, "port");
    const char *path = chardev_opt_get(opts, "path");
    bool wait;
    int port = 0, fd;

    s->fd = s->listen_fd = -1;
    s->bound_port = -1;
    s->server = chardev_opt_get_bool(opts, "server", false);
    s->nodelay = chardev_opt_get_bool(opts, "nodelay", true);
    wait = chardev_opt_get_bool(opts, "wait", true);
    if (path && (host || port_str)) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "socket: give path= (unix) or host=/port= (tcp), "
                        "not both");
        return false;
    }
    if (!path && !port_str) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "socket: missing port= (tcp) or path= (unix)");
        return false;
    }
    if (path && !*path) {
        vireo_error_set(errp, VIREO_ERROR_INVALID, "socket: empty path");
        return false;
    }
    if (!s->server && !wait) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "socket: wait=off only applies to a server "
                        "(server=on)");
        return false;
    }
    if (path) {
        s->is_unix = true;
        s->path = g_strdup(path);
        s->desc = g_strdup_printf("unix:%s", path);
        fd = socket_open_unix(s, errp);
    } else {
        if (!parse_port(port_str, &port, errp)) {
            return false;
        }
        host = host ? host : "";
        s->desc = strchr(host, ':')
                  ? g_strdup_printf("tcp:[%s]:%d", host, port)
                  : g_strdup_printf("tcp:%s:%d", host, port);
        fd = socket_open_tcp(s, host, port, errp);
    }
    if (fd < 0) {
        goto fail;
    }
    if (!s->server) {
        socket_connected(s, fd);
        return true;
    }
    s->listen_fd = fd;
    if (!s->is_unix) {
        struct sockaddr_storage ss;
        socklen_t len = sizeof(ss);
        if (getsockname(fd, (struct sockaddr *)&ss, &len) == 0) {
            s->bound_port = ntohs(ss.ss_family == AF_INET6
                ? ((struct sockaddr_in6 *)&ss)->sin6_port
                : ((struct sockaddr_in *)&ss)->sin_port);
        }
    }
    if (wait && !socket_wait_first_client(s, errp)) {
        goto fail;
    }
    if (s->fd < 0) {
        socket_listen_arm(s);
    }
    return true;

fail:
    if (s->listen_fd >= 0) {
        close(s->listen_fd);
        if (s->is_unix) {
            unlink(s->path);
        }
    }
    g_free(s->path);
    g_free(s->desc);
    return false;
}

static int socket_write(Chardev *chr, const uint8_t *buf, int len)
{
    ChardevSocket *s = (ChardevSocket *)chr;

    while (s->fd >= 0) {
        ssize_t n = send(s->fd, buf, len, MSG_DONTWAIT | MSG_NOSIGNAL);
        if (n >= 0) {
            return n;
        }
        if (errno == EAGAIN || errno == EWOULDBLOCK) {
            return 0;
        }
        if (errno != EINTR) {
            socket_disconnect(s);
        }
    }
    return len;     /* nobody listening: dropped */
}

static int socket_out_fd(Chardev *chr)
{
    return ((ChardevSocket *)chr)->fd;
}

static void socket_close(Chardev *chr)
{
    ChardevSocket *s = (ChardevSocket *)chr;

    chardev_io_source_remove(&s->read_src);
    chardev_io_source_remove(&s->listen_src);
    if (s->fd >= 0) {
        close(s->fd);
    }
    if (s->listen_fd >= 0) {
        close(s->listen_fd);
        if (s->is_unix) {
            unlink(s->path);
        }
    }
    g_free(s->path);
    g_free(s->desc);
}

int chardev_socket_get_port(const Chardev *chr)
{
    return chr->ops == &chardev_socket_ops
           ? ((const ChardevSocket *)chr)->bound_port : -1;
}

const ChardevOps chardev_socket_ops = {
    .name = "socket",
    .instance_size = sizeof(ChardevSocket),
    .options = socket_options,
    .open = socket_open,
    .write = socket_write,
    .out_fd = socket_out_fd,
    .close = socket_close,
};
