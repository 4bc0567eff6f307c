/* hosts.h — which names this server answers to (the Host header).
 *
 * A page of any site can make a browser send requests to 127.0.0.1: if
 * that site's name is then pointed at 127.0.0.1 (DNS rebinding), the
 * requests are same-origin to the browser and the Origin check cannot
 * tell. The Host header still names the attacker's site, so a server on
 * a loopback address answers only to loopback names (localhost,
 * 127.0.0.1, ::1); one given --host answers to those names too, as a
 * server behind a proxy that keeps the public name should, and to no
 * other. */
#ifndef STAGEDOC_SERVE_HOSTS_H
#define STAGEDOC_SERVE_HOSTS_H

#include <stdbool.h>

/* Whether host (the header's value, "name:port" or "[::1]:port") is
 * served: a loopback name always; else one of names (comma-separated, case
 * ignored) when names is given, else none when loopback_only, else any. */
bool host_is_served(const char *host, const char *names, bool loopback_only);

#endif
