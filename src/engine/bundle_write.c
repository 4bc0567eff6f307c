/* bundle_write.c — a stage's package written into the output folder: its
 * name claimed for this run, its bytes copied a piece at a time into a
 * hidden temporary (whether they come from the temporary file the package
 * was made in or from a worker's messages), hashed on the way for the
 * index, then renamed into place. Memory: one piece, whatever the size. */
#include "bundle.h"

#include "../util/keyset.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "../input/source.h"

static void say(struct bundle_writer *writer, const char *hint, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void say(struct bundle_writer *writer, const char *hint, const char *fmt, ...)
{
    const char *rule = writer->status == EXIT_INVALID ? "nom-paquet" : "ecriture";
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
                                     .file = {.dir_fd = -1, .fd = -1, .slot = -1},
                                     .status = EXIT_VALID, .error = STRBUF_INIT};
    if (!claim_name(settings, name)) {
        writer->status = EXIT_INVALID;
        say(writer, "vérifiez les numéros de candidat, ou choisissez un motif avec --nom.",
            "le paquet %s a déjà été écrit pour un autre stage de cette exécution.", name);
        return;
    }
    writer->digest = sha256_begin();
    if (!writer->digest)
        strbuf_puts(&writer->error, "mémoire insuffisante");
    if (!writer->digest || !atomic_begin_under(settings->output_dir, name, &writer->file,
                                               &writer->error))
        writer->status = EXIT_IO;
}

void bundle_writer_add(struct bundle_writer *writer, const void *bytes, size_t size)
{
    if (writer->status != EXIT_VALID)
        return;
    if (!sha256_add(writer->digest, bytes, size)) {
        strbuf_puts(&writer->error, "mémoire insuffisante");
        writer->status = EXIT_IO;
    } else if (!atomic_file_write(&writer->file, bytes, size, &writer->error)) {
        writer->status = EXIT_IO;
    }
}

static void end(struct bundle_writer *writer)
{
    char ignored[SHA256_HEX_SIZE];
    if (writer->digest)
        sha256_finish(writer->digest, ignored);
    writer->digest = NULL;
    atomic_abandon(&writer->file);
    strbuf_free(&writer->error);
}

enum exit_code bundle_writer_finish(struct bundle_writer *writer, struct bundle_result *result)
{
    const char *name = writer->file.name ? writer->file.name : "";
    strbuf_printf(&result->path, "%s/%s", writer->settings->output_dir, name);
    strbuf_puts(&result->name, name);
    if (writer->status == EXIT_VALID) {
        bool hashed = sha256_finish(writer->digest, result->sha256);
        writer->digest = NULL;
        if (!hashed)
            strbuf_puts(&writer->error, "mémoire insuffisante");
        if (!hashed || !atomic_commit(&writer->file, &writer->error))
            writer->status = EXIT_IO;
    }
    if (writer->status == EXIT_IO)
        say(writer, "vérifiez que le dossier de sortie (-o) est accessible en écriture et "
            "qu'il reste de la place sur le disque.", "paquet non écrit : %s.",
            strbuf_str(&writer->error));
    enum exit_code status = writer->status;
    end(writer);
    return status;
}

void bundle_writer_abandon(struct bundle_writer *writer)
{
    end(writer);
}

enum exit_code bundle_package_write(struct bundle_settings *settings, const struct stage *stage,
                                    const struct bundle_package *package,
                                    struct diag_list *diags, struct bundle_result *result)
{
    struct bundle_writer writer;
    bundle_writer_begin(&writer, settings, stage, package->name, diags);
    unsigned char *piece = malloc(BUNDLE_PIECE_SIZE);
    if (!piece && writer.status == EXIT_VALID) {
        strbuf_puts(&writer.error, "mémoire insuffisante");
        writer.status = EXIT_IO;
    }
    size_t got, total = 0;
    rewind(package->zip);
    while (writer.status == EXIT_VALID &&
           (got = fread(piece, 1, BUNDLE_PIECE_SIZE, package->zip)) > 0) {
        bundle_writer_add(&writer, piece, got);
        total += got;
    }
    if (writer.status == EXIT_VALID && (ferror(package->zip) || total != package->size)) {
        strbuf_printf(&writer.error, "le fichier temporaire du paquet ne se relit pas");
        writer.status = EXIT_IO;
    }
    free(piece);
    return bundle_writer_finish(&writer, result);
}
