/* assemble.c — manifest, then ZIP. */
#include "assemble.h"

#include <stdlib.h>
#include <string.h>

#include "manifest.h"
#include "roles.h"

static bool describe_part(struct manifest *manifest, const struct package_part *part)
{
    struct manifest_entry *entry = manifest_add_entry(manifest);
    if (!entry)
        return false;
    if (part->sha256[0])
        memcpy(entry->sha256, part->sha256, SHA256_HEX_SIZE);
    else if (!part->bytes || !sha256_hex(part->bytes, part->size, entry->sha256))
        return false;
    entry->size = part->size;
    entry->pages = part->facts.pages;
    entry->signe = part->signe;
    entry->signature_fields = part->facts.signature_fields;
    entry->signatures = part->facts.signatures;
    return manifest_set(&entry->role, part->role) && manifest_set(&entry->name, part->name) &&
           manifest_set(&entry->nature, part->nature) &&
           manifest_set(&entry->titre, part->titre) && manifest_set(&entry->source, part->source);
}

static bool describe(struct manifest *manifest, const struct package_identity *identity,
                     const struct package_part *parts, size_t count)
{
    bool ok = manifest_set(&manifest->generator, identity->generator) &&
              manifest_set(&manifest->date, identity->date) &&
              manifest_set(&manifest->stage_id, identity->stage_id) &&
              manifest_set(&manifest->voie, identity->voie) &&
              manifest_set(&manifest->unite, identity->unite) &&
              manifest_set(&manifest->session, identity->session) &&
              manifest_set(&manifest->academie, identity->academie) &&
              manifest_set(&manifest->numero, identity->numero) &&
              manifest_set(&manifest->nom, identity->nom) &&
              manifest_set(&manifest->prenom, identity->prenom);
    for (size_t i = 0; ok && i < count; i++)
        ok = describe_part(manifest, &parts[i]);
    return ok;
}

bool package_assemble(const struct package_identity *identity, const struct package_part *parts,
                      size_t count, const struct zip_package_options *options, int fd,
                      struct strbuf *error)
{
    struct manifest manifest = {0};
    struct strbuf xml = STRBUF_INIT;
    struct zip_entry_data *entries = calloc(count + 1, sizeof *entries);
    bool written = false;
    if (!entries || !describe(&manifest, identity, parts, count) ||
        !manifest_write(&manifest, &xml)) {
        strbuf_puts(error, "manifeste : mémoire insuffisante");
    } else {
        entries[0] = (struct zip_entry_data){PACKAGE_MANIFEST_NAME,
                                             (const unsigned char *)strbuf_str(&xml), xml.len,
                                             ZIP_ENTRY_DEFLATE, NULL, NULL};
        for (size_t i = 0; i < count; i++)
            entries[i + 1] = (struct zip_entry_data){parts[i].name, parts[i].bytes,
                                                     parts[i].size, ZIP_ENTRY_STORE,
                                                     parts[i].path, parts[i].sha256};
        written = zip_package_write(entries, count + 1, options, fd, error);
    }
    free(entries);
    strbuf_free(&xml);
    manifest_free(&manifest);
    return written;
}
