/* bundle_write.c — a stage's package written into the run's sink: its
 * name claimed for this run, its bytes copied a piece at a time (whether
 * they come from the temporary file the package was made in or from a
 * worker's messages), hashed on the way by the sink for the index, then
 * ended. Memory: one piece, whatever the size. */
#include "bundle.h"

#include "../util/keyset.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "../input/source.h"
#include "sink.h"

static void say(struct bundle_writer *writer, const char *hint, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void say(struct bundle_writer *writer, const char *hint, const char *fmt, ...)
{
    const char *rule = writer->status == SD_INVALID ? "nom-paquet" : "ecriture";
    va_list args;
    va_start(args, fmt);
    diag_vadd(writer->diags, SEVERITY_ERROR, source_node_position(writer->stage->root), rule,
              writer->stage->id, hint, fmt, args);
    va_end(args);
}

/* Two stages must not write the same file: the second would replace the first. */
static bool claim_name(struct bundle_settings *settings, const char *name)
{
    bool added;
    /* Out of memory, the name is taken as new: a later write says so. */
    return !keyset_add(&settings->names_taken, name, &added) || added;
}

void bundle_writer_begin(struct bundle_writer *writer, struct bundle_settings *settings,
                         const struct stage *stage, const char *name, struct diag_list *diags)
{
    *writer = (struct bundle_writer){.settings = settings, .stage = stage, .diags = diags,
                                     .status = SD_OK, .error = STRBUF_INIT};
    if (!claim_name(settings, name)) {
        writer->status = SD_INVALID;
        say(writer, "vérifiez les numéros de candidat, ou choisissez un motif avec --nom.",
            "le paquet %s a déjà été écrit pour un autre stage de cette exécution.", name);
        return;
    }
    writer->name = strdup(name);
    if (!writer->name || !sink_begin(settings->sink, name)) {
        strbuf_puts(&writer->error, writer->name ? sink_reason(settings->sink)
                                                 : "mémoire insuffisante");
        writer->status = SD_IO;
    }
}

void bundle_writer_add(struct bundle_writer *writer, const void *bytes, size_t size)
{
    if (writer->status != SD_OK)
        return;
    if (!sink_write(writer->settings->sink, bytes, size)) {
        strbuf_puts(&writer->error, sink_reason(writer->settings->sink));
        writer->status = SD_IO;
    }
}

static void end(struct bundle_writer *writer)
{
    sink_drop(writer->settings->sink); /* when it was not ended */
    free(writer->name);
    writer->name = NULL;
    strbuf_free(&writer->error);
}

sd_status bundle_writer_finish(struct bundle_writer *writer, struct bundle_result *result)
{
    struct sink_output written;
    if (writer->status == SD_OK && !sink_end(writer->settings->sink, &written)) {
        strbuf_puts(&writer->error, sink_reason(writer->settings->sink));
        writer->status = SD_IO;
    }
    if (writer->status == SD_OK) {
        strbuf_puts(&result->path, written.shown);
        strbuf_puts(&result->name, written.name);
        memcpy(result->sha256, written.sha256, sizeof result->sha256);
        result->size = written.size;
    }
    if (writer->status == SD_IO)
        say(writer, "vérifiez que le dossier de sortie (-o) est accessible en écriture et "
            "qu'il reste de la place sur le disque.", "paquet non écrit : %s.",
            strbuf_str(&writer->error));
    sd_status status = writer->status;
    end(writer);
    return status;
}

void bundle_writer_abandon(struct bundle_writer *writer)
{
    end(writer);
}

sd_status bundle_package_write(struct bundle_settings *settings, const struct stage *stage,
                                    const struct bundle_package *package,
                                    struct diag_list *diags, struct bundle_result *result)
{
    struct bundle_writer writer;
    bundle_writer_begin(&writer, settings, stage, package->name, diags);
    unsigned char *piece = malloc(BUNDLE_PIECE_SIZE);
    if (!piece && writer.status == SD_OK) {
        strbuf_puts(&writer.error, "mémoire insuffisante");
        writer.status = SD_IO;
    }
    size_t got, total = 0;
    rewind(package->zip);
    while (writer.status == SD_OK &&
           (got = fread(piece, 1, BUNDLE_PIECE_SIZE, package->zip)) > 0) {
        bundle_writer_add(&writer, piece, got);
        total += got;
    }
    if (writer.status == SD_OK && (ferror(package->zip) || total != package->size)) {
        strbuf_printf(&writer.error, "le fichier temporaire du paquet ne se relit pas");
        writer.status = SD_IO;
    }
    free(piece);
    return bundle_writer_finish(&writer, result);
}
