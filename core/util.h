/* util.h - the few helpers every heard program shares: dying with a
 * message that names the program, and writing a JSON string. */
#ifndef HEARD_UTIL_H
#define HEARD_UTIL_H

#include <stddef.h>
#include <stdio.h>
#include <sys/stat.h>

extern const char *util_progname;      /* "heard-kiosk", ... : set in main() */
extern void (*util_on_die)(void);      /* cleanup before exit, e.g. remove a partial file */

/* Print "progname: message" on stderr (control characters as '?') and
 * exit with code. */
void die(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3), noreturn));
/* The same, without exiting. */
void warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Where fonts/ and strings/ are: $HEARD_ASSETS, else the folder built in. */
const char *util_asset_dir(void);
/* The folder path is in, into dir (1024 bytes): "." for a bare name. */
void util_folder_of(const char *path, char dir[1024]);
/* Whether sb (from lstat or fstat of path) is this user's own and
 * private: a folder (want 0700) or a regular file (want 0600), no
 * symbolic link, owned by the running user, no group or other bit.
 * 0; or -1 with "path: what is wrong; fix: COMMAND" in err, the command
 * an admin can run as it is.  Every file in the kiosk's data folder, and
 * the folder itself, goes through this one check. */
int util_own_private(const char *path, const struct stat *sb, unsigned want, char *err,
                     size_t errlen);
/* The length of the well-formed UTF-8 character at s (1 to 4, code point
 * in *cp), or 0 when s does not start one (a stray or overlong byte, a
 * surrogate, a sequence cut short, past U+10FFFF). */
int util_utf8(const char *s, unsigned *cp);
/* 1 for a character no name may hold and no output passes on: a control
 * character a terminal or spreadsheet may act on (C0, DEL, C1), or an
 * invisible one that can make a name pass for another (zero-width
 * space, word joiner, byte-order mark, bidirectional overrides and
 * isolates, which can show "LLA" as "ALL"). */
int util_unsafe(unsigned cp);
/* Copy in to out (size n, at least 1), every unsafe character and every
 * byte that is not UTF-8 as '?', cut short at a whole character when it
 * does not fit: text safe for a terminal or a spreadsheet cell. */
void util_inert(char *out, size_t n, const char *in);
/* Write s as a JSON string (or null when s is NULL). */
void json_str(FILE *f, const char *s);
#endif
