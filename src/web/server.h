/* The HTTP server: libmicrohttpd with an internal thread pool over epoll. */
#ifndef MAPO_WEB_SERVER_H
#define MAPO_WEB_SERVER_H

#include "web/web.h"

/* Fills cfg with the defaults: 127.0.0.1:8080, two threads per core (at least 4), the auth
 * defaults, the built-in static directory (or $MAPO_WEBDIR), the language of the environment. */
void web_config_init(struct web_config *cfg);

/* Serves until SIGTERM or SIGINT: then stops accepting, lets the requests in flight finish (at
 * most ten seconds), closes every store connection and returns 0. Prints
 * "mapo: listening on http://HOST:PORT" on stdout once it accepts connections (the port is the
 * real one when cfg->listen asks for port 0). MAPO_EINVAL for a bad listen address, MAPO_EIO
 * when the socket cannot be bound or the static files are missing, MAPO_ESTORE when the
 * database cannot be opened. */
int web_serve(const struct web_config *cfg, struct mapo_error *err);

/* Parses "HOST:PORT" ("127.0.0.1:8080", "[::1]:8080", "localhost:0") into a socket address. */
struct sockaddr_storage;
int web_parse_listen(const char *s, struct sockaddr_storage *out, unsigned *len, struct mapo_error *err);

#endif
