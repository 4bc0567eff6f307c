/* hosts.c — see hosts.h. */
#include "hosts.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define HOST_MAX 256

/* The name of "name:port", "[v6]:port", "name" into out; false when
 * malformed or too long. */
static bool host_name(const char *host, char *out, size_t size)
{
    size_t length;
    if (host[0] == '[') {
        const char *close = strchr(host, ']');
        if (!close)
            return false;
        host++;
        length = (size_t)(close - host);
    } else {
        const char *colon = strrchr(host, ':');
        length = colon ? (size_t)(colon - host) : strlen(host);
    }
    if (length == 0 || length >= size)
        return false;
    memcpy(out, host, length);
    out[length] = '\0';
    return true;
}

static bool is_loopback_name(const char *name)
{
    struct in_addr v4;
    struct in6_addr v6;
    if (strcasecmp(name, "localhost") == 0)
        return true;
    if (inet_pton(AF_INET, name, &v4) == 1)
        return (ntohl(v4.s_addr) >> 24) == 127;
    return inet_pton(AF_INET6, name, &v6) == 1 && IN6_IS_ADDR_LOOPBACK(&v6);
}

static bool in_list(const char *name, const char *names)
{
    size_t length = strlen(name);
    for (const char *at = names; *at;) {
        size_t item = strcspn(at, ",");
        if (item == length && strncasecmp(at, name, length) == 0)
            return true;
        at += item;
        at += *at == ',';
    }
    return false;
}

bool host_is_served(const char *host, const char *names, bool loopback_only)
{
    char name[HOST_MAX];
    if (!host || !host_name(host, name, sizeof name))
        return false;
    /* A loopback name is always served: a browser sends it only for a
     * page of this machine, and an administrator checks /sante that way. */
    if (is_loopback_name(name))
        return true;
    return names ? in_list(name, names) : !loopback_only;
}
