/* util.c - see util.h. */
#include "util.h"

#include <stdarg.h>
#include <stdlib.h>

const char *util_progname = "heard";
void (*util_on_die)(void);

void die(int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "%s: ", util_progname);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	if (util_on_die)
		util_on_die();
	exit(code);
}

#ifndef HEARD_ASSET_DIR
#define HEARD_ASSET_DIR "assets"
#endif

const char *util_asset_dir(void)
{
	const char *env = getenv("HEARD_ASSETS");
	return env && *env ? env : HEARD_ASSET_DIR;
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
