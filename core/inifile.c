/* inifile.c - see inifile.h.  Start reading at inifile_parse(). */
#include "inifile.h"

#include <errno.h>
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct {
	FILE *fp;          /* when reading a file */
	const char *text;  /* when reading embedded text */
	int line;          /* line just handed to inih */
	int too_long;      /* line number of an over-long line, or 0 */
	int fn_line;       /* line where our handler refused a key, or 0 */
	int cont_line;     /* line just read starts with a blank: a continuation */
	struct {           /* the key being read, until its continuations end */
		int have, line;
		char section[64], key[64], value[2048];
	} pending;
	IniHandler fn;
	void *user;
	char *err;
	size_t errlen;
} Reader;

/* fgets() over either source; counts lines and spots over-long ones. */
static char *read_line(char *buf, int num, void *stream)
{
	Reader *r = stream;
	if (r->fp) {
		if (!fgets(buf, num, r->fp))
			return NULL;
	} else {
		if (!*r->text)
			return NULL;
		const char *nl = strchr(r->text, '\n');
		size_t n = nl ? (size_t)(nl - r->text + 1) : strlen(r->text);
		if (n > (size_t)num - 1)
			n = (size_t)num - 1;
		memcpy(buf, r->text, n);
		buf[n] = '\0';
		r->text += n;
	}
	r->line++;
	if ((buf[0] == ' ' || buf[0] == '\t') && buf[strspn(buf, " \t\r\n")] != '\0')
		r->cont_line = r->line;
	size_t len = strlen(buf);
	if (len == (size_t)num - 1 && buf[len - 1] != '\n' && !r->too_long)
		r->too_long = r->line;
	return buf;
}

/* Hand the pending key to the caller's handler. */
static int flush(Reader *r)
{
	if (!r->pending.have)
		return 1;
	r->pending.have = 0;
	if (!r->fn(r->user, r->pending.section, r->pending.key, r->pending.value,
	           r->pending.line, r->err, r->errlen)) {
		r->fn_line = r->pending.line;
		return 0;
	}
	return 1;
}

/* inih calls this once per line; an indented line continues the value
 * of the key above it (long texts in scripts that need more bytes). */
static int on_key(void *user, const char *section, const char *key, const char *value)
{
	Reader *r = user;
	if (r->too_long || r->fn_line)
		return 0;
	if (!*section) {
		snprintf(r->err, r->errlen, "key '%s' is outside any [section]", key);
		r->fn_line = r->line;
		return 0;
	}
	if (r->cont_line == r->line && r->pending.have && !strcmp(key, r->pending.key)) {
		size_t used = strlen(r->pending.value);
		if (used + 1 + strlen(value) >= sizeof r->pending.value) {
			snprintf(r->err, r->errlen, "key '%s' is too long", key);
			r->fn_line = r->line;
			return 0;
		}
		snprintf(r->pending.value + used, sizeof r->pending.value - used, " %s", value);
		return 1;
	}
	if (!flush(r))
		return 0;
	if (strlen(section) >= sizeof r->pending.section || strlen(key) >= sizeof r->pending.key) {
		snprintf(r->err, r->errlen, "key '%s' or its section name is too long", key);
		r->fn_line = r->line;
		return 0;
	}
	strcpy(r->pending.section, section);
	strcpy(r->pending.key, key);
	snprintf(r->pending.value, sizeof r->pending.value, "%s", value);
	r->pending.line = r->line;
	r->pending.have = 1;
	return 1;
}

int inifile_parse(const char *path, const char *text, IniHandler fn, void *user,
                  char *err, size_t errlen)
{
	Reader r = { .text = text, .fn = fn, .user = user, .err = err, .errlen = errlen };
	char msg[256] = "";
	r.err = msg;
	r.errlen = sizeof msg;
	if (!text) {
		r.fp = fopen(path, "r");
		if (!r.fp) {
			snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
			return -1;
		}
	}
	int rc = ini_parse_stream(read_line, &r, on_key, &r);
	if (r.fp)
		fclose(r.fp);
	if (rc == 0 && !r.too_long && !r.fn_line && flush(&r))
		return 0;
	if (r.too_long)
		snprintf(err, errlen, "%s:%d: line too long (continue a long text on lines "
		         "that start with a space)", path, r.too_long);
	else if (r.fn_line && (rc == 0 || rc >= r.fn_line))
		snprintf(err, errlen, "%s:%d: %s", path, r.fn_line, msg);
	else
		snprintf(err, errlen, "%s:%d: not a valid 'key = value' line or [section]", path, rc);
	return -1;
}

int inifile_bool(const char *v, int *out)
{
	if (!strcasecmp(v, "yes") || !strcasecmp(v, "true") || !strcmp(v, "1"))
		*out = 1;
	else if (!strcasecmp(v, "no") || !strcasecmp(v, "false") || !strcmp(v, "0"))
		*out = 0;
	else
		return -1;
	return 0;
}

int inifile_uint(const char *v, unsigned long min, unsigned long max, unsigned long *out)
{
	char *end;
	errno = 0;
	if (*v < '0' || *v > '9')
		return -1;
	unsigned long n = strtoul(v, &end, 10);
	if (errno || *end || n < min || n > max)
		return -1;
	*out = n;
	return 0;
}
