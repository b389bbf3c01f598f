/* util.c - see util.h. */
#include "util.h"

#include <pwd.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *util_progname = "heard";
void (*util_on_die)(void);

int util_utf8(const char *str, unsigned *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	int len = s[0] >= 0xc2 && s[0] <= 0xdf ? 2 : s[0] >= 0xe0 && s[0] <= 0xef ? 3
	        : s[0] >= 0xf0 && s[0] <= 0xf4 ? 4 : 0;
	if (!len)
		return 0;
	unsigned c = s[0] & (0x7f >> len);
	for (int i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80) /* also stops at the terminating NUL */
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	static const unsigned least[5] = { 0, 0, 0x80, 0x800, 0x10000 };
	if (c < least[len] || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

int util_unsafe(unsigned cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || cp == 0x200b || cp == 0x2060 ||
	       cp == 0xfeff || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

/* "progname: message" on stderr, every control character and every byte
 * that is not UTF-8 in the message (a file or service name can hold
 * them) shown as '?': nothing reaches the terminal that it could act on. */
void util_inert(char *out, size_t n, const char *in)
{
	size_t k = 0;
	while (*in) {
		unsigned cp;
		int len = util_utf8(in, &cp), bad = !len || util_unsafe(cp);
		size_t w = bad ? 1 : (size_t)len;
		if (k + w >= n)
			break;
		memcpy(out + k, bad ? "?" : in, w);
		k += w;
		in += len ? len : 1;
	}
	out[k] = '\0';
}

static void say(const char *fmt, va_list ap)
{
	char msg[2048], out[2048];
	vsnprintf(msg, sizeof msg, fmt, ap);
	util_inert(out, sizeof out, msg);
	fprintf(stderr, "%s: %s\n", util_progname, out);
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

void util_folder_of(const char *path, char dir[1024])
{
	snprintf(dir, 1024, "%s", path);
	char *slash = strrchr(dir, '/');
	if (!slash)
		snprintf(dir, 1024, ".");
	else if (slash == dir)
		dir[1] = '\0';
	else
		*slash = '\0';
}
