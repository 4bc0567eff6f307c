/* watchdog.h — connections that never make a request are cut.
 *
 * libmicrohttpd hands a connection to the server only once its headers are
 * complete, and its own timeout only measures silence: a client sending a
 * header byte every few seconds would hold a connection, and its thread,
 * for as long as it likes, and forty of them would shut everyone out
 * (slowloris). The watchdog keeps each connection's start and shuts down
 * the socket of any that has not begun a request within a few seconds.
 * After that the request's own deadline (--timeout) rules. */
#ifndef STAGEDOC_SERVE_WATCHDOG_H
#define STAGEDOC_SERVE_WATCHDOG_H

#include <microhttpd.h>

/* Seconds a connection has to send its request line and headers. */
#define WATCHDOG_HEADER_SECONDS 10

struct watchdog;

struct watchdog *watchdog_start(unsigned header_seconds);
/* libmicrohttpd's MHD_OPTION_NOTIFY_CONNECTION callback (cls: the watchdog). */
void watchdog_notify(void *cls, struct MHD_Connection *connection, void **socket_context,
                     enum MHD_ConnectionNotificationCode code);
/* The connection has begun a request: it is no longer the watchdog's. */
void watchdog_request_began(struct MHD_Connection *connection);
void watchdog_stop(struct watchdog *watchdog);

#endif
