/* index.h — DIR/index.tsv, the list of the packages bundle wrote, each with
 * its SHA-256, so that a package can be checked whole (a manifest edited
 * in place still has matching entries; the package's own digest does not):
 *
 *   id<TAB>paquet<TAB>sha256
 *   ET27-014<TAB>2027_Bordeaux_02712345678_NDIAYE_Aissatou.zip<TAB>9f2c…
 */
#ifndef STAGEDOC_PACKAGE_INDEX_H
#define STAGEDOC_PACKAGE_INDEX_H

#include <stdbool.h>

#include "../util/strbuf.h"
#include "sha256.h"

#define PACKAGE_INDEX_NAME "index.tsv"
#define PACKAGE_INDEX_HEADER "id\tpaquet\tsha256\n"

void package_index_add(struct strbuf *index, const char *id, const char *package,
                       const char *sha256);

enum index_lookup { INDEX_ABSENT, INDEX_NOT_LISTED, INDEX_LISTED, INDEX_NOT_REGULAR };

/* Looks up a package file name (no folder) in an index file: INDEX_ABSENT
 * when the file cannot be read, INDEX_NOT_REGULAR when it is a pipe or a
 * device (never opened so as to block), INDEX_LISTED with the digest in
 * sha256. */
enum index_lookup package_index_find(const char *index_path, const char *package,
                                     char sha256[SHA256_HEX_SIZE]);

#endif
