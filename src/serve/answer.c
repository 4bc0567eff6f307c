/* answer.c — see answer.h. */
#include "answer.h"

#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "json.h"

static const char *const common_headers[][2] = {
    {"Content-Security-Policy", "default-src 'self'; img-src 'self' blob: data:; "
                                "object-src 'self' blob:; frame-src 'self' blob:; "
                                "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"},
    {"X-Content-Type-Options", "nosniff"},
    {"Referrer-Policy", "no-referrer"},
    {"X-Frame-Options", "DENY"},
    {"Cache-Control", "no-store"},
    {"Cross-Origin-Opener-Policy", "same-origin"},
};

/* A name for Content-Disposition: letters, digits, ".", "-", "_" only. */
static void safe_download_name(const char *name, char *out, size_t size)
{
    size_t length = 0;
    for (const char *at = name; *at && length + 1 < size; at++) {
        char c = *at;
        bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                     c == '.' || c == '-' || c == '_';
        out[length++] = plain ? c : '_';
    }
    out[length] = '\0';
}

static enum MHD_Result queue(struct MHD_Connection *connection, struct answered *answered,
                             unsigned status, const char *type, struct MHD_Response *response,
                             size_t size, const char *download)
{
    if (!response)
        return MHD_NO;
    for (size_t i = 0; i < sizeof common_headers / sizeof *common_headers; i++)
        MHD_add_response_header(response, common_headers[i][0], common_headers[i][1]);
    MHD_add_response_header(response, MHD_HTTP_HEADER_CONTENT_TYPE, type);
    if (download) {
        char name[96], header[160];
        safe_download_name(download, name, sizeof name);
        snprintf(header, sizeof header, "attachment; filename=\"%s\"", name);
        MHD_add_response_header(response, MHD_HTTP_HEADER_CONTENT_DISPOSITION, header);
    }
    if (status == 401)
        MHD_add_response_header(response, MHD_HTTP_HEADER_WWW_AUTHENTICATE,
                                "Basic realm=\"stagedoc\", charset=\"UTF-8\"");
    if (status == 405 && answered->allow)
        MHD_add_response_header(response, MHD_HTTP_HEADER_ALLOW, answered->allow);
    if (status == 429 || status == 503)
        MHD_add_response_header(response, MHD_HTTP_HEADER_RETRY_AFTER, "5");
    enum MHD_Result result = MHD_queue_response(connection, status, response);
    MHD_destroy_response(response);
    if (result == MHD_YES) {
        answered->status = status;
        answered->bytes = size;
    }
    return result;
}

enum MHD_Result answer_bytes(struct MHD_Connection *connection, struct answered *answered,
                             unsigned status, const char *type, const void *bytes,
                             size_t size, const char *download)
{
    struct MHD_Response *response =
        MHD_create_response_from_buffer(size, (void *)bytes, MHD_RESPMEM_MUST_COPY);
    return queue(connection, answered, status, type, response, size, download);
}

enum MHD_Result answer_file(struct MHD_Connection *connection, struct answered *answered,
                            unsigned status, const char *type, int fd, const char *download)
{
    struct stat about;
    if (fstat(fd, &about) != 0) {
        close(fd);
        return answer_error(connection, answered, 500, "la réponse n'a pas pu être lue.");
    }
    struct MHD_Response *response = MHD_create_response_from_fd((uint64_t)about.st_size, fd);
    if (!response)
        close(fd);
    return queue(connection, answered, status, type, response, (size_t)about.st_size, download);
}

enum MHD_Result answer_error(struct MHD_Connection *connection, struct answered *answered,
                             unsigned status, const char *message)
{
    struct strbuf text = STRBUF_INIT;
    strbuf_printf(&text, "{\"status\":\"error\",\"http\":%u,\"message\":", status);
    json_add_string(&text, message);
    strbuf_puts(&text, "}\n");
    enum MHD_Result result =
        strbuf_failed(&text) ? MHD_NO
                             : answer_bytes(connection, answered, status,
                                            "application/json; charset=utf-8", text.data,
                                            text.len, NULL);
    strbuf_free(&text);
    return result;
}
