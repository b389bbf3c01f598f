/* util.c - see util.h. */
#include "util.h"

#include <pwd.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *util_progname = "heard";
void (*util_on_die)(void);

/* "progname: message" on stderr, every control character in the message
 * (a file or service name can hold ESC) shown as '?': nothing reaches the
 * terminal that it could act on. */
static void say(const char *fmt, va_list ap)
{
	char msg[2048];
	vsnprintf(msg, sizeof msg, fmt, ap);
	for (char *c = msg; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			*c = '?';
	fprintf(stderr, "%s: %s\n", util_progname, msg);
}

void die(int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	say(fmt, ap);
	va_end(ap);
	if (util_on_die)
		util_on_die();
	exit(code);
}

void warn(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	say(fmt, ap);
	va_end(ap);
}

#ifndef HEARD_ASSET_DIR
#define HEARD_ASSET_DIR "assets"
#endif

/* HEARD_ASSETS; else share/heard beside the program's bin folder, where
 * `make install` puts them; else the source tree it was built in. */
const char *util_asset_dir(void)
{
	static char dir[4096];
	const char *env = getenv("HEARD_ASSETS");
	if (env && *env)
		return env;
	if (!dir[0]) {
		char exe[3800], probe[4200];
		ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
		char *slash = n > 0 ? (exe[n] = '\0', strrchr(exe, '/')) : NULL;
		if (slash) {
			*slash = '\0';
			snprintf(probe, sizeof probe, "%s/../share/heard/strings/questions.ini", exe);
			if (access(probe, R_OK) == 0)
				snprintf(dir, sizeof dir, "%s/../share/heard", exe);
		}
		if (!dir[0])
			snprintf(dir, sizeof dir, "%s", HEARD_ASSET_DIR);
	}
	return dir;
}

void json_str(FILE *f, const char *s)
{
	if (!s) {
		fputs("null", f);
		return;
	}
	fputc('"', f);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p < 0x20)
			fprintf(f, "\\u%04x", *p);
		else
			fputc(*p, f);
	}
	fputc('"', f);
}

/* A user's name (or number, when it has none), for messages. */
static const char *user_name(uid_t uid, char buf[64])
{
	struct passwd *pw = getpwuid(uid);
	if (pw && pw->pw_name && pw->pw_name[0] && strlen(pw->pw_name) < 64)
		snprintf(buf, 64, "%s", pw->pw_name);
	else
		snprintf(buf, 64, "%u", (unsigned)uid);
	return buf;
}

int util_own_private(const char *path, const struct stat *sb, unsigned want, char *err,
                     size_t errlen)
{
	char user[64], owner[64], abs[4096];
	int dir = want == 0700;
	unsigned mode = (unsigned)(sb->st_mode & 07777);
	if (path[0] != '/' && realpath(path, abs)) /* "chmod 700 ." names no folder */
		path = abs;
	if (S_ISLNK(sb->st_mode))
		snprintf(err, errlen, "%s: a symbolic link, which heard never follows; fix: rm %s "
		         "(removes the link only, not what it points to)", path, path);
	else if (dir ? !S_ISDIR(sb->st_mode) : !S_ISREG(sb->st_mode))
		snprintf(err, errlen, "%s: not a %s; fix: move it away (mv %s %s.away)", path,
		         dir ? "folder" : "regular file", path, path);
	else if (sb->st_uid != geteuid())
		snprintf(err, errlen, "%s: belongs to another user (%s, mode %04o), so someone else "
		         "could read or change the answers; fix: chown %s %s && chmod %o %s", path,
		         user_name(sb->st_uid, owner), mode, user_name(geteuid(), user), path, want, path);
	else if (sb->st_mode & 077)
		snprintf(err, errlen, "%s: open to other users (mode %04o), so someone else could read "
		         "or change the answers; fix: chmod %o %s", path, mode, want, path);
	else
		return 0;
	return -1;
}
