/* verify.h — proving that a package is complete and untouched.
 *
 * One package, a file or bytes in memory, checked in this order, every
 * problem one diagnostic:
 *   - the file is a regular file of at most 1 GiB (bytes: at most 1 GiB),
 *     a sound ZIP (libzip's
 *     consistency checks) of at most PACKAGE_MAX_ENTRIES entries, its entry
 *     names are safe (no folder, no "..") and unique;
 *   - when an index.tsv lists the package, its SHA-256 matches (this catches
 *     a manifest edited in place): the one given, else the one beside a
 *     package file (bytes have no folder: only the one given);
 *   - manifest.xml is there, safe XML, valid for manifest.xsd;
 *   - every entry of the manifest is in the ZIP, its data intact (CRC), with
 *     the size and SHA-256 the manifest gives; a PDF opens with qpdf,
 *     unencrypted, with the page count the manifest gives;
 *   - no entry of the ZIP is missing from the manifest;
 *   - the roles the voie requires are all there, as many as required, and
 *     no role foreign to the voie.
 * An encrypted package needs its password. */
#ifndef STAGEDOC_PACKAGE_VERIFY_H
#define STAGEDOC_PACKAGE_VERIFY_H

#include <stddef.h>

#include "../util/diag.h"
#include "../input/schema.h"
#include "../util/strbuf.h"
#include "manifest.h"
#include "pdf_signatures.h"

/* The largest package verify reads (it streams it: memory stays within one
 * entry, at most 64 MiB); bundle's are a few megabytes. */
#define PACKAGE_MAX_SIZE ((size_t)1 << 30)
/* Entries of a package, and of its manifest: stagedoc writes a dozen. */
#define PACKAGE_MAX_ENTRIES 1000

struct verify_options {
    const struct schema *schema; /* manifest.xsd; NULL skips validation */
    const char *password;        /* NULL for a package that is not encrypted */
    const char *index_path;      /* NULL: index.tsv beside a package file, if any */
    /* When not NULL, gets one line per document with signature fields:
     * "  convention.pdf : signé par le stagiaire (Aïssatou N'Diaye), … ;
     * manque le tuteur (4 signatures sur 5)." */
    struct strbuf *signers;
    /* When not NULL, told the signature fields of each document that has
     * some, with its entry and the manifest (its candidate); it may take
     * the list's fields (leaving *list empty). */
    void (*document_signatures)(void *data, const struct manifest *manifest,
                                const struct manifest_entry *entry,
                                struct signature_list *list);
    void *data;
};

enum verify_outcome {
    VERIFY_SOUND,      /* complete and untouched */
    VERIFY_PROBLEMS,   /* at least one problem, in diags */
    VERIFY_UNREADABLE, /* the file could not be read (in diags) */
};

/* A package's verdict in one word, from its outcome and the problems
 * found: "complet", "incomplet" (a piece or a role missing, nothing else),
 * "altere" (a piece changed, added, or the package out of its index),
 * "illisible" (not a file, not a ZIP, encrypted without its password).
 * problems from first on are the package's. */
const char *verify_verdict(enum verify_outcome outcome, const struct diag_list *problems,
                           size_t first);

/* *entries gets the number of entries checked. */
enum verify_outcome package_verify(const char *path, const struct verify_options *options,
                                   struct diag_list *diags, size_t *entries);
/* The same checks on a package's bytes (an upload), named name in messages
 * and looked up in index.tsv by name's last component. The bytes are read
 * in place, not copied. Never VERIFY_UNREADABLE. */
enum verify_outcome package_verify_bytes(const char *name, const unsigned char *bytes,
                                         size_t size, const struct verify_options *options,
                                         struct diag_list *diags, size_t *entries);

#endif
