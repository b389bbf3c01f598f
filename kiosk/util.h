/* util.h - the few helpers every heard program shares: dying with a
 * message that names the program, and writing a JSON string. */
#ifndef HEARD_UTIL_H
#define HEARD_UTIL_H

#include <stdio.h>

extern const char *util_progname;      /* "heard-kiosk", ... : set in main() */
extern void (*util_on_die)(void);      /* cleanup before exit, e.g. remove a partial file */

/* Print "progname: message" on stderr and exit with code. */
void die(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3), noreturn));
/* Where fonts/ and strings/ are: $HEARD_ASSETS, else the folder built in. */
const char *util_asset_dir(void);
/* Write s as a JSON string (or null when s is NULL). */
void json_str(FILE *f, const char *s);
#endif
