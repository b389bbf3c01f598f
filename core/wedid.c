/* wedid.c - reading and checking the "You said, we did" file (wedid.h).
 * Start reading at wedid_load(): the file is read whole, its [section]
 * lines are checked first (scan_sections: libinih calls us only for keys,
 * so an empty or repeated section would pass it unseen), then its keys go
 * through inifile.c like the config's, and last every entry must have
 * said what was done. */
#include "wedid.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "inifile.h"

enum {
	WEDID_MAX_ENTRIES = 1000,   /* a service's monthly actions for years */
	WEDID_MAX_FILE = 1 << 20,   /* bytes */
	WEDID_MAX_LANGS = CONFIG_MAX_LANGS,
};

typedef struct {
	char code[4];
	char *you_said, *we_did;     /* NULL: not given */
	int you_said_line, we_did_line;
} Words;

typedef struct {
	char period[8];              /* "YYYY-MM" */
	char service[64];
	int line;                    /* of the [section] */
	int order;                   /* place in the file */
	Words base;                  /* the default language's */
	int nlangs;
	Words lang[WEDID_MAX_LANGS];
} Entry;

struct WeDid {
	char path[512];
	int n;
	Entry *e;                    /* n of them, oldest month first once loaded */
};

typedef struct {
	WeDid *w;
	int cur;                     /* the entry keys go to */
	char section[80];            /* its [section], as inih gives it */
} Load;

/* ---- the [section] lines ------------------------------------------------ */

/* A section name "YYYY-MM Service": NULL and *e filled, or the problem. */
static const char *section_problem(const char *name, Entry *e, char *msg, size_t n)
{
	const char *form = "must be [YYYY-MM Service], e.g. [2026-11 Counselling]";
	if (strlen(name) < 9 || name[7] != ' ')
		return form;
	for (int i = 0; i < 7; i++)
		if (i == 4 ? name[i] != '-' : !isdigit((unsigned char)name[i]))
			return form;
	int year = atoi(name), month = atoi(name + 5);
	if (year < 2000 || month < 1 || month > 12) {
		snprintf(msg, n, "'%.7s' is not a month (years 2000 to 9999, months 01 to 12)", name);
		return msg;
	}
	const char *svc = name + 8, *why = config_text_problem(svc);
	if (why)
		return why;
	if (svc[0] == ' ' || svc[strlen(svc) - 1] == ' ')
		return "one space between the month and the service name, none after it";
	if (strlen(svc) >= sizeof e->service)
		return "the service name is longer than 63 bytes";
	memcpy(e->period, name, 7);
	e->period[7] = '\0';
	strcpy(e->service, svc);
	return NULL;
}

/* Find the [section] lines as libinih will (after leading blanks, not in
 * a comment nor an indented line continuing a value) and make an entry
 * for each.  0, or -1 with "path:line: problem" in err. */
static int scan_sections(WeDid *w, const char *text, char *err, size_t errlen)
{
	int line = 0, after_key = 0;
	char msg[160];
	for (const char *s = text; *s; ) {
		size_t len = strcspn(s, "\n");
		const char *next = s[len] ? s + len + 1 : s + len;
		line++;
		const char *p = s;
		if (line == 1 && !strncmp(p, "\xEF\xBB\xBF", 3))
			p += 3;
		while (p < s + len && (*p == ' ' || *p == '\t'))
			p++;
		int blank = p == s + len || *p == '\r';
		if (!blank && *p != ';' && *p != '#') {
			if (p > s && after_key) {
				/* a continuation line */
			} else if (*p == '[') {
				const char *close = memchr(p, ']', (size_t)(s + len - p));
				if (!close) {
					snprintf(err, errlen, "%s:%d: a [section] line without its ']'", w->path, line);
					return -1;
				}
				char name[160];
				size_t nl = (size_t)(close - p - 1);
				if (nl >= sizeof name)
					nl = sizeof name - 1;
				memcpy(name, p + 1, nl);
				name[nl] = '\0';
				if (w->n == WEDID_MAX_ENTRIES) {
					snprintf(err, errlen, "%s:%d: too many entries (at most %d); keep the "
					         "older ones in another file", w->path, line, WEDID_MAX_ENTRIES);
					return -1;
				}
				Entry *e = &w->e[w->n];
				memset(e, 0, sizeof *e);
				const char *problem = section_problem(name, e, msg, sizeof msg);
				if (problem) {
					snprintf(err, errlen, "%s:%d: [section]: %s", w->path, line, problem);
					return -1;
				}
				for (int i = 0; i < w->n; i++)
					if (!strcmp(w->e[i].period, e->period) && !strcmp(w->e[i].service, e->service)) {
						snprintf(err, errlen, "%s:%d: [%s] is given twice (first on line %d); "
						         "put both actions in one section", w->path, line, name,
						         w->e[i].line);
						return -1;
					}
				e->line = line;
				e->order = w->n++;
				after_key = 0;
			} else {
				/* libinih takes " ;" on a key's line as a comment and
				 * drops the rest: refuse it rather than cut staff's words */
				for (const char *c = p + 1; c < s + len; c++)
					if (*c == ';' && (c[-1] == ' ' || c[-1] == '\t')) {
						snprintf(err, errlen, "%s:%d: ' ;' here would start a comment and cut "
						         "the text short; write ';' with no space before it, or use "
						         "another word", w->path, line);
						return -1;
					}
				after_key = 1;
			}
		}
		s = next;
	}
	return 0;
}

/* ---- the keys ------------------------------------------------------------ */

/* The Words for key's language (made on first sight), with the key's
 * field in *field; NULL and the problem in *why for an unknown key. */
static Words *words_for(Entry *e, const char *key, char ***field, int **line, const char **why)
{
	const char *dot = strchr(key, '.');
	size_t stem = dot ? (size_t)(dot - key) : strlen(key);
	int said = stem == 8 && !strncmp(key, "you_said", 8);
	int did = stem == 6 && !strncmp(key, "we_did", 6);
	*why = "unknown key (use you_said, we_did, you_said.CODE or we_did.CODE, "
	       "CODE a language code such as es)";
	if (!said && !did)
		return NULL;
	Words *g = &e->base;
	if (dot) {
		const char *code = dot + 1;
		size_t n = strlen(code);
		if (n < 2 || n > 3 || strspn(code, "abcdefghijklmnopqrstuvwxyz") != n)
			return NULL;
		g = NULL;
		for (int i = 0; i < e->nlangs; i++)
			if (!strcmp(e->lang[i].code, code))
				g = &e->lang[i];
		if (!g) {
			*why = "too many languages in one entry";
			if (e->nlangs == WEDID_MAX_LANGS)
				return NULL;
			g = &e->lang[e->nlangs++];
			strcpy(g->code, code);
		}
	}
	*field = said ? &g->you_said : &g->we_did;
	*line = said ? &g->you_said_line : &g->we_did_line;
	return g;
}

static int on_key(void *user, const char *section, const char *key, const char *value,
                  int line, char *err, size_t errlen)
{
	Load *l = user;
	WeDid *w = l->w;
	/* keys come in file order: this section is the last one begun above */
	while (l->cur + 1 < w->n && w->e[l->cur + 1].line < line)
		l->cur++;
	if (l->cur < 0 || w->e[l->cur].line > line) {
		snprintf(err, errlen, "key '%s' is outside any [section]", key);
		return 0;
	}
	(void)section;
	Entry *e = &w->e[l->cur];
	char **field;
	int *at;
	const char *why;
	if (!words_for(e, key, &field, &at, &why)) {
		snprintf(err, errlen, "key '%s': %s", key, why);
		return 0;
	}
	if (*field) {
		snprintf(err, errlen, "key '%s' is given twice in [%s %s] (first on line %d)", key,
		         e->period, e->service, *at);
		return 0;
	}
	const char *problem = !*value ? "is empty"
	                    : config_text_problem(value);
	size_t chars = 0;
	for (const char *p = value; !problem && *p; p++)
		chars += ((unsigned char)*p & 0xC0) != 0x80; /* UTF-8: not a continuation byte */
	if (!problem && (chars > WEDID_MAX_CHARS || strlen(value) > WEDID_MAX_TEXT)) {
		snprintf(err, errlen, "key '%s' is %zu characters (%zu bytes) long; the most is %d "
		         "characters and %d bytes, to fit the kiosk's Welcome screen: say it shorter",
		         key, chars, strlen(value), WEDID_MAX_CHARS, WEDID_MAX_TEXT);
		return 0;
	}
	if (problem) {
		snprintf(err, errlen, "key '%s' %s", key, problem);
		return 0;
	}
	*field = strdup(value);
	if (!*field) {
		snprintf(err, errlen, "out of memory");
		return 0;
	}
	*at = line;
	return 1;
}

/* Every entry says what was done, in each of its languages; a language
 * with its own words has all of them, so a client never reads half an
 * entry in one language and half in another. */
static int check_entries(const WeDid *w, char *err, size_t errlen)
{
	for (int i = 0; i < w->n; i++) {
		const Entry *e = &w->e[i];
		if (!e->base.we_did) {
			snprintf(err, errlen, "%s:%d: [%s %s] has no 'we_did = ...' (what the service did)",
			         w->path, e->line, e->period, e->service);
			return -1;
		}
		for (int j = 0; j < e->nlangs; j++) {
			const Words *g = &e->lang[j];
			if (!g->we_did)
				snprintf(err, errlen, "%s:%d: [%s %s] has 'you_said.%s' but no 'we_did.%s'",
				         w->path, g->you_said_line, e->period, e->service, g->code, g->code);
			else if (g->you_said && !e->base.you_said)
				snprintf(err, errlen, "%s:%d: key 'you_said.%s' without 'you_said' (give what "
				         "clients said in the default language too)", w->path, g->you_said_line,
				         g->code);
			else if (!g->you_said && e->base.you_said)
				snprintf(err, errlen, "%s:%d: [%s %s] has 'we_did.%s' but no 'you_said.%s' (give "
				         "all of an entry's words in a language, or none)", w->path,
				         g->we_did_line, e->period, e->service, g->code, g->code);
			else
				continue;
			return -1;
		}
	}
	return 0;
}

/* ---- public ------------------------------------------------------------ */

static int by_month(const void *a, const void *b)
{
	const Entry *x = a, *y = b;
	int c = strcmp(x->period, y->period);
	return c ? c : x->order - y->order;
}

/* The whole file, NUL-terminated, or NULL with the problem in err. */
static char *read_all(const char *path, char *err, size_t errlen)
{
	/* without blocking, and only a regular file: a FIFO or a device
	 * named here would hang the kiosk's start or the report */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	struct stat sb;
	if (fd < 0 || fstat(fd, &sb) < 0) {
		snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	if (!S_ISREG(sb.st_mode)) {
		snprintf(err, errlen, "%s: not a regular file", path);
		close(fd);
		return NULL;
	}
	FILE *f = fdopen(fd, "rb");
	if (!f) {
		snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
		close(fd);
		return NULL;
	}
	char *text = malloc(WEDID_MAX_FILE + 1);
	size_t n = text ? fread(text, 1, WEDID_MAX_FILE + 1, f) : 0;
	int bad = ferror(f);
	fclose(f);
	if (!text || bad || n > WEDID_MAX_FILE || memchr(text, '\0', n)) {
		snprintf(err, errlen, "%s: %s", path, !text ? "out of memory" : bad ? "cannot read it"
		         : n > WEDID_MAX_FILE ? "too big (at most 1 MiB)" : "not a text file (holds a NUL byte)");
		free(text);
		return NULL;
	}
	text[n] = '\0';
	return text;
}

int wedid_load(WeDid **out, const char *path, char *err, size_t errlen)
{
	*out = NULL;
	WeDid *w = calloc(1, sizeof *w);
	char *text = read_all(path, err, errlen);
	if (!w || !text)
		goto fail;
	snprintf(w->path, sizeof w->path, "%s", path);
	w->e = malloc(WEDID_MAX_ENTRIES * sizeof *w->e);
	if (!w->e) {
		snprintf(err, errlen, "%s: out of memory", path);
		goto fail;
	}
	Load l = { .w = w, .cur = -1 };
	if (scan_sections(w, text, err, errlen) ||
	    inifile_parse(path, text, on_key, &l, err, errlen) || check_entries(w, err, errlen))
		goto fail;
	qsort(w->e, (size_t)w->n, sizeof *w->e, by_month);
	free(text);
	*out = w;
	return 0;
fail:
	free(text);
	wedid_free(w);
	return -1;
}

static void words_free(Words *g)
{
	free(g->you_said);
	free(g->we_did);
}

void wedid_free(WeDid *w)
{
	if (!w)
		return;
	for (int i = 0; w->e && i < w->n; i++) {
		words_free(&w->e[i].base);
		for (int j = 0; j < w->e[i].nlangs; j++)
			words_free(&w->e[i].lang[j]);
	}
	free(w->e);
	free(w);
}

int wedid_count(const WeDid *w) { return w ? w->n : 0; }
const char *wedid_period(const WeDid *w, int i) { return w->e[i].period; }
const char *wedid_service(const WeDid *w, int i) { return w->e[i].service; }
int wedid_line(const WeDid *w, int i) { return w->e[i].line; }

/* The entry's words in lang, or its default language's. */
static const Words *words_in(const WeDid *w, int i, const char *lang)
{
	const Entry *e = &w->e[i];
	for (int j = 0; lang && j < e->nlangs; j++)
		if (!strcmp(e->lang[j].code, lang))
			return &e->lang[j];
	return &e->base;
}

const char *wedid_you_said(const WeDid *w, int i, const char *lang)
{
	const char *s = words_in(w, i, lang)->you_said;
	return s ? s : "";
}

const char *wedid_we_did(const WeDid *w, int i, const char *lang)
{
	return words_in(w, i, lang)->we_did;
}

int wedid_has(const WeDid *w, int i, const char *lang)
{
	return lang && words_in(w, i, lang) != &w->e[i].base;
}

int wedid_newest(const WeDid *w, const char *service)
{
	for (int i = wedid_count(w) - 1; i >= 0; i--)
		if (!strcmp(w->e[i].service, service))
			return i;
	return -1;
}

int wedid_check(const WeDid *w, const char *const services[], int nservices,
                const char *const langs[], int nlangs, char *err, size_t errlen)
{
	for (int i = 0; i < wedid_count(w); i++) {
		const Entry *e = &w->e[i];
		int found = 0;
		for (int s = 0; s < nservices; s++)
			found |= !strcmp(services[s], e->service);
		if (!found) {
			snprintf(err, errlen, "%s:%d: [%s %s]: '%s' is not one of the configured services "
			         "(spell it as in [services])", w->path, e->line, e->period, e->service,
			         e->service);
			return -1;
		}
		for (int j = 0; j < e->nlangs; j++) {
			const Words *g = &e->lang[j];
			found = 0;
			for (int k = 0; k < nlangs; k++)
				found |= !strcmp(langs[k], g->code);
			if (!found) {
				int line = g->you_said_line && g->you_said_line < g->we_did_line
				         ? g->you_said_line : g->we_did_line;
				snprintf(err, errlen, "%s:%d: key '%s.%s': '%s' is not one of the offered "
				         "languages (key 'languages' in the config)", w->path, line,
				         line == g->we_did_line ? "we_did" : "you_said", g->code, g->code);
				return -1;
			}
		}
	}
	return 0;
}
