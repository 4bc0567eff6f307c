/* abspath.h — absolute folders, to name a file relative to another one
 * (export writes a workbook's paths from its own folder). */
#ifndef STAGEDOC_UTIL_ABSPATH_H
#define STAGEDOC_UTIL_ABSPATH_H

/* The folder part of path: "a/b.xml" → "a", "b.xml" → ".", "/b" → "/" (heap). */
char *path_folder_of(const char *path);
/* path made absolute, links resolved; a path that does not exist yet is
 * joined to the current folder as written. Heap, or NULL. */
char *path_absolute(const char *path);

#endif
