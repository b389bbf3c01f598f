/* inifile.h - libinih with line numbers, for config and string tables.
 *
 * Debian's libinih is built without INI_HANDLER_LINENO, so the reader
 * passed to ini_parse_stream() counts lines itself and hands the current
 * line to our handler.  Both files and embedded text go through here so
 * every error names its source and line. */
#ifndef HEARD_INIFILE_H
#define HEARD_INIFILE_H

#include <stddef.h>

/* Called for each key; returns 0 and fills err (without the "file:line: "
 * prefix, which inifile_parse adds) to stop with an error. */
typedef int (*IniHandler)(void *user, const char *section, const char *key,
                          const char *value, int line, char *err, size_t errlen);

/* Parse `path`, or `text` when it is not NULL (then `path` only names it in
 * messages).  Returns 0 on success, -1 with "path:line: problem" in err. */
int inifile_parse(const char *path, const char *text, IniHandler fn, void *user,
                  char *err, size_t errlen);

/* Helpers shared by config and strings. */
int inifile_bool(const char *value, int *out);     /* yes/no/true/false/1/0 */
int inifile_uint(const char *value, unsigned long min, unsigned long max,
                 unsigned long *out);
#endif
