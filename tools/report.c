/* report.c - heard-report: monthly per-service reports from one or more
 * kiosk databases.  Start reading at main(): parse options, read every
 * database through the store into a Tally, finish it (ALL, suppression),
 * then write one format to a temporary file renamed into place, so no
 * partial output is ever left behind. */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "report.h"
#include "store.h"
#include "util.h"

#ifndef HEARD_VERSION
#define HEARD_VERSION "0.1"
#endif

typedef enum { FMT_TEXT, FMT_CSV, FMT_JSON, FMT_HTML, FMT_POSTER } Format;

static struct {
	const char **inputs;       /* every database file, in the order given */
	char **owned;              /* [i]: inputs[i] when found in a folder, else NULL */
	int ninputs, cap;
	char from[16], to[16];       /* YYYY-MM */
	const char *service;       /* --service, or NULL for all */
	Format format;
	const char *out;           /* -o FILE, or NULL for stdout */
	int threshold;             /* from --config [report] threshold */
	char tmp[4096];            /* the temporary output file, while writing */
} g;

static QuestionSet qs;
static Tally tally;
static Strings langs[CONFIG_MAX_LANGS];
static Report rep;

const char *const report_constructs[3] = { "heard", "respected", "in control" };

static void usage(FILE *f)
{
	fputs("usage: heard-report [--month YYYY-MM | --from YYYY-MM --to YYYY-MM]\n"
	      "                    [--service NAME] [--format text|csv|json|html|poster] [-o FILE]\n"
	      "                    [--config FILE] DB|DIR...\n"
	      "Per-service report of heard kiosk answers; default: last full month, text.\n"
	      "Several databases or folders of them are merged; copies of one kiosk's\n"
	      "database (the same file twice, or a later copy) count once.  Groups of fewer than 10 answers are never shown; --config\n"
	      "may raise that threshold ([report] threshold = N).\n", f);
}

/* ---- options ----------------------------------------------------------- */

static int parse_month(const char *s, int *y, int *m)
{
	char tail;
	return sscanf(s, "%4d-%2d%c", y, m, &tail) == 2 && strlen(s) == 7 &&
	       *y >= 2000 && *y <= 9999 && *m >= 1 && *m <= 12;
}

static void month_opt(char out[16], const char *opt, const char *v)
{
	int y, m;
	if (!v || !parse_month(v, &y, &m))
		die(2, "%s '%s': expected a month like 2026-10", opt, v ? v : "");
	snprintf(out, 16, "%04d-%02d", y, m);
}

static void push_input(const char *path, char *owned)
{
	if (g.ninputs == g.cap) {
		int cap = g.cap ? 2 * g.cap : 16;
		const char **in = realloc(g.inputs, (size_t)cap * sizeof *in);
		if (in)
			g.inputs = in;
		char **ow = in ? realloc(g.owned, (size_t)cap * sizeof *ow) : NULL;
		if (!ow)
			die(1, "out of memory");
		g.owned = ow;
		g.cap = cap;
	}
	g.owned[g.ninputs] = owned;
	g.inputs[g.ninputs++] = owned ? owned : path;
}

/* A database must be a regular file: a FIFO would block the read for
 * ever, a device is never a database. */
static void refuse_special(const char *path, const struct stat *sb)
{
	if (!S_ISREG(sb->st_mode))
		die(2, "%s: not a regular file (%s); give a database file or a folder of them", path,
		    S_ISFIFO(sb->st_mode) ? "a FIFO" : S_ISCHR(sb->st_mode) || S_ISBLK(sb->st_mode) ? "a device"
		    : S_ISSOCK(sb->st_mode) ? "a socket" : S_ISDIR(sb->st_mode) ? "a folder" : "not a file");
}

static int is_db_name(const char *name)
{
	const char *e = strrchr(name, '.');
	return e && (!strcmp(e, ".db") || !strcmp(e, ".sqlite") || !strcmp(e, ".sqlite3"));
}

static void add_input(const char *path)
{
	struct stat sb;
	if (stat(path, &sb) != 0)
		die(2, "%s: %s", path, strerror(errno));
	if (!S_ISDIR(sb.st_mode)) {
		refuse_special(path, &sb);
		push_input(path, NULL);
		return;
	}
	struct dirent **names;
	int n = scandir(path, &names, NULL, alphasort), found = 0;
	if (n < 0)
		die(2, "%s: %s", path, strerror(errno));
	for (int i = 0; i < n; i++) {
		if (is_db_name(names[i]->d_name)) {
			size_t len = strlen(path) + strlen(names[i]->d_name) + 2;
			char *p = malloc(len);
			if (!p)
				die(1, "out of memory");
			snprintf(p, len, "%s/%s", path, names[i]->d_name);
			if (stat(p, &sb) != 0)
				die(2, "%s: %s", p, strerror(errno));
			push_input(p, p);
			refuse_special(p, &sb);
			found++;
		}
		free(names[i]);
	}
	free(names);
	if (!found)
		die(2, "%s: no .db files in this folder", path);
}

/* The last full calendar month before today, local time; the one before
 * while it has not yet ended everywhere (until 12:00 UTC on the 1st). */
static void last_full_month(char out[16])
{
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	int k = (tm.tm_year + 1900) * 12 + tm.tm_mon - 1; /* tm_mon is 0-based: last month */
	snprintf(out, 16, "%04d-%02d", k / 12, k % 12 + 1);
	if (store_period_closed(out, now) != 1) {
		k--;
		snprintf(out, 16, "%04d-%02d", k / 12, k % 12 + 1);
	}
}

static void parse_args(int argc, char **argv)
{
	const char *month = NULL, *from = NULL, *to = NULL;
	for (int i = 1; i < argc; i++) {
		const char *o = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!strcmp(o, "--help")) { usage(stdout); exit(0); }
		if (!strcmp(o, "--version")) { puts("heard-report " HEARD_VERSION); exit(0); }
		if (o[0] != '-') { add_input(o); continue; }
		if (!v) die(2, "%s: missing value", o);
		i++;
		if (!strcmp(o, "--month")) month = v;
		else if (!strcmp(o, "--from")) from = v;
		else if (!strcmp(o, "--to")) to = v;
		else if (!strcmp(o, "--service")) g.service = v;
		else if (!strcmp(o, "-o")) g.out = v;
		else if (!strcmp(o, "--config")) {
			static Config cfg;
			char err[1024];
			if (config_load(&cfg, v, err, sizeof err))
				die(2, "%s", err);
			g.threshold = (int)cfg.threshold;
		}
		else if (!strcmp(o, "--format")) {
			if (!strcmp(v, "text")) g.format = FMT_TEXT;
			else if (!strcmp(v, "csv")) g.format = FMT_CSV;
			else if (!strcmp(v, "json")) g.format = FMT_JSON;
			else if (!strcmp(v, "html")) g.format = FMT_HTML;
			else if (!strcmp(v, "poster")) g.format = FMT_POSTER;
			else die(2, "--format '%s': expected text, csv, json, html or poster", v);
		} else { usage(stderr); die(2, "unknown option '%s'", o); }
	}
	if (g.ninputs == 0) { usage(stderr); die(2, "no database given"); }
	if (month && (from || to))
		die(2, "--month cannot be combined with --from/--to");
	if (!!from != !!to)
		die(2, "--from and --to go together");
	if (month) {
		month_opt(g.from, "--month", month);
		strcpy(g.to, g.from);
	} else if (from) {
		month_opt(g.from, "--from", from);
		month_opt(g.to, "--to", to);
		if (strcmp(g.from, g.to) > 0)
			die(2, "--from %s is after --to %s", g.from, g.to);
	} else {
		last_full_month(g.from);
		strcpy(g.to, g.from);
	}
	if (store_period_closed(g.to, time(NULL)) != 1)
		die(2, "%s is not over yet; reports cover closed months only (a month is closed "
		    "once it has ended in every time zone: from 12:00 UTC on the 1st of the next)", g.to);
}

/* ---- reading ------------------------------------------------------------ */

static void month_add(char out[16], const char *m, int delta)
{
	int y, mo;
	parse_month(m, &y, &mo);
	int k = y * 12 + (mo - 1) + delta;
	snprintf(out, 16, "%04d-%02d", k / 12, k % 12 + 1);
}

/* Every month from `from` to `to`; returns the count (may exceed max). */
static int months_between(const char *from, const char *to, char out[][16], int max)
{
	int n = 0;
	char m[16];
	snprintf(m, sizeof m, "%s", from);
	while (strcmp(m, to) <= 0) {
		if (n < max)
			strcpy(out[n], m);
		n++;
		month_add(m, m, 1);
	}
	return n;
}

/* Load the string table of every shipped language, for the poster. */
static void load_languages(const char *dir)
{
	struct dirent **names;
	int n = scandir(dir, &names, NULL, alphasort);
	char err[1024], path[1400];
	for (int i = 0; i < n; i++) {
		const char *name = names[i]->d_name, *dot = strrchr(name, '.');
		if (dot && !strcmp(dot, ".ini") && strcmp(name, "questions.ini") &&
		    rep.nstrings < CONFIG_MAX_LANGS) {
			snprintf(path, sizeof path, "%s/%s", dir, name);
			if (strings_load(path, &qs, &langs[rep.nstrings], err, sizeof err))
				die(2, "%s", err);
			rep.strings[rep.nstrings] = &langs[rep.nstrings];
			rep.nstrings++;
		}
		free(names[i]);
	}
	free(names);
	if (n < 0)
		die(2, "%s: %s", dir, strerror(errno));
}

/* ---- reading ------------------------------------------------------------ */

/* Where a period label falls in time: its (last) month, a quarter just
 * after that month; -1 for a label that is neither. */
static int period_key(const char *label)
{
	int y, m;
	char q, tail;
	if (parse_month(label, &y, &m))
		return (y * 12 + m - 1) * 2;
	if (sscanf(label, "%4d-%c%d%c", &y, &q, &m, &tail) == 3 && q == 'Q' && m >= 1 && m <= 4 &&
	    strlen(label) == 7)
		return (y * 12 + 3 * m - 1) * 2 + 1;
	return -1;
}

/* What merging needs of one input.  Copies of one kiosk's database (the
 * same file twice, or copies taken at different times) carry the same
 * database id and kiosk name; a kiosk only adds responses, so of two
 * copies the one holding at least as many in every count of a period
 * holds every response the other holds in it, and counts alone.  Files
 * that share an id but neither holds the other (a cloned SD card used on
 * two kiosks) or whose kiosk names differ are counted as separate kiosks,
 * with a warning naming both. */
typedef struct {
	int p;              /* tally period */
	char *key;          /* service, question, value */
	long long n;
} Entry;

typedef struct {
	char id[33], kiosk[64];
	int twins;          /* another input has this id */
	Entry *e;           /* twins only: every count, by period and key */
	size_t ne, cap;
	char *counted;      /* [period]: this input counts there */
	uint64_t sum[TALLY_MAX_PERIODS]; /* a hash of its counts in each period (0: none) */
} Input;

static Input *inputs;
static int counting;    /* the input being read */

/* Labels seen in the files, for the tally's period list. */
static struct { char (*label)[16]; int n, cap; } seen;

static int see_period(void *user, const char *service, const char *period,
                      const char *question, int value, long long n)
{
	(void)user, (void)service, (void)question, (void)value, (void)n;
	for (int i = 0; i < seen.n; i++)
		if (!strcmp(seen.label[i], period))
			return 0;
	if (period_key(period) < 0 || strlen(period) >= sizeof seen.label[0])
		return 0;
	if (seen.n == seen.cap) {
		int cap = seen.cap ? 2 * seen.cap : 16;
		void *l = realloc(seen.label, (size_t)cap * sizeof *seen.label);
		if (!l)
			return -1;
		seen.label = l;
		seen.cap = cap;
	}
	strcpy(seen.label[seen.n++], period);
	return 0;
}

static int tally_period(const char *label)
{
	for (int p = 0; p < tally.nperiods; p++)
		if (!strcmp(tally.period[p], label))
			return p;
	return -1;
}

static int add_entry(void *user, const char *service, const char *period,
                     const char *question, int value, long long n)
{
	Input *in = user;
	int p = tally_period(period);
	if (p < 0)
		return 0;
	if (in->ne == in->cap) {
		size_t cap = in->cap ? 2 * in->cap : 256;
		Entry *e = realloc(in->e, cap * sizeof *e);
		if (!e)
			return -1;
		in->e = e;
		in->cap = cap;
	}
	size_t len = strlen(service) + (question ? strlen(question) : 0) + 16;
	char *key = malloc(len);
	if (!key)
		return -1;
	snprintf(key, len, "%s\x1f%s\x1f%d", service, question ? question : "", value);
	in->e[in->ne++] = (Entry){ p, key, n };
	return 0;
}

static int by_entry(const void *a, const void *b)
{
	const Entry *x = a, *y = b;
	return x->p != y->p ? x->p - y->p : strcmp(x->key, y->key);
}

/* 1 when input a holds at least what input b holds in every count of
 * period p (entries sorted by period and key). */
static int holds(const Input *a, const Input *b, int p)
{
	size_t i = 0, j = 0;
	while (i < a->ne && a->e[i].p < p) i++;
	while (j < b->ne && b->e[j].p < p) j++;
	for (; j < b->ne && b->e[j].p == p; j++) {
		while (i < a->ne && a->e[i].p == p && strcmp(a->e[i].key, b->e[j].key) < 0)
			i++;
		int same = i < a->ne && a->e[i].p == p && !strcmp(a->e[i].key, b->e[j].key);
		if (b->e[j].n > (same ? a->e[i].n : 0))
			return 0;
	}
	return 1;
}

/* Each pair warned about once. */
static void warn_pair(int a, int b, const char *why)
{
	static int (*done)[2];
	static int ndone;
	for (int i = 0; i < ndone; i++)
		if (done[i][0] == a && done[i][1] == b)
			return;
	void *d = realloc(done, (size_t)(ndone + 1) * sizeof *done);
	if (d) {
		done = d;
		done[ndone][0] = a;
		done[ndone++][1] = b;
	}
	warn("warning: %s and %s carry one database id but %s; both are counted, as separate "
	     "kiosks", g.inputs[a], g.inputs[b], why);
}

/* Input a holds more than its twin b in period p, which both hold: a
 * closed period never changes, so one of them was changed (or written
 * with the clock wrong).  a is counted; said, so nobody is misled. */
static void warn_more(int a, int b, int p)
{
	warn("warning: %s and %s carry one database id, but %s holds more in %s than %s; a closed "
	     "period never changes, so one of them was changed (or written while the kiosk's clock "
	     "was wrong): %s is counted", g.inputs[a], g.inputs[b], g.inputs[a], tally.period[p],
	     g.inputs[b], g.inputs[a]);
}

/* Which of the inputs sharing input i's id count in period p. */
static void choose_copies(int first, int p)
{
	for (int i = first; i < g.ninputs; i++) {
		Input *in = &inputs[i];
		if (!in->twins || strcmp(in->id, inputs[first].id) || (i > first && in->counted[p] != 2))
			continue;
		in->counted[p] = 1;
		for (int j = first; j < i; j++) {
			Input *c = &inputs[j];
			if (strcmp(c->id, in->id) || c->counted[p] != 1)
				continue;
			if (strcmp(c->kiosk, in->kiosk)) {
				warn_pair(j, i, "different kiosk names");
				continue;
			}
			if (holds(c, in, p)) {
				in->counted[p] = 0; /* a copy of what is counted already */
				if (!holds(in, c, p))
					warn_more(j, i, p);
				break;
			}
			if (holds(in, c, p)) {
				c->counted[p] = 0;  /* a later copy of it */
				warn_more(i, j, p);
			} else {
				char why[64];
				snprintf(why, sizeof why, "counts that differ in %s", tally.period[p]);
				warn_pair(j, i, why);
			}
		}
	}
}

/* FNV-1a over s and its NUL. */
static uint64_t fnv_step(uint64_t h, const char *s)
{
	do
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	while (*s++);
	return h;
}

static int add_counted(void *user, const char *service, const char *period,
                       const char *question, int value, long long n)
{
	int p = tally_period(period);
	if (p >= 0 && question) { /* the file's counts in p, in the order the file gives them */
		char v[48];
		snprintf(v, sizeof v, "%d %lld", value, n);
		uint64_t *h = &inputs[counting].sum[p];
		*h = fnv_step(fnv_step(fnv_step(*h ? *h : 14695981039346656037ull, service), question), v) | 1;
	}
	return p >= 0 && inputs[counting].counted[p] ? tally_add(user, service, period, question, value, n) : 0;
}

/* Two files with different database ids but the very same counts in a
 * period: no two kiosks answer alike, so one is a copy whose id was
 * changed, and it is counted twice.  Said, naming both. */
static void warn_same_counts(void)
{
	for (int p = 0; p < tally.nperiods; p++)
		for (int i = 0; i < g.ninputs; i++)
			for (int j = i + 1; j < g.ninputs && inputs[i].sum[p]; j++)
				if (inputs[j].sum[p] == inputs[i].sum[p] && strcmp(inputs[i].id, inputs[j].id) &&
				    inputs[i].counted[p] && inputs[j].counted[p])
					warn("warning: %s and %s hold exactly the same counts in %s under different "
					     "database ids: if one is a copy of the other whose id was changed, those "
					     "answers are counted twice", g.inputs[i], g.inputs[j], tally.period[p]);
}

static Store *open_input(int i)
{
	char err[1024];
	Store *st = store_open(g.inputs[i], 0, err, sizeof err);
	if (!st)
		die(2, "%s", err);
	return st;
}

static int by_id(const void *a, const void *b)
{
	const Input *x = &inputs[*(const int *)a], *y = &inputs[*(const int *)b];
	return strcmp(x->id, y->id);
}

/* First pass: every input's id, kiosk name and the periods it holds. */
static void survey_inputs(const char *start, time_t now)
{
	char err[1024];
	inputs = calloc((size_t)g.ninputs, sizeof *inputs);
	if (!inputs)
		die(1, "out of memory");
	for (int i = 0; i < g.ninputs; i++) {
		Store *st = open_input(i);
		int rc = store_database_id(st, inputs[i].id, err, sizeof err) ||
		         store_kiosk_name(st, inputs[i].kiosk, err, sizeof err);
		if (!rc) {
			rc = store_each_count(st, start, g.to, 0, see_period, NULL, now, err, sizeof err);
			if (rc == -2)
				snprintf(err, sizeof err, "%s: out of memory", g.inputs[i]);
		}
		store_close(st);
		if (rc)
			die(2, "%s", err);
	}
	int *order = malloc((size_t)g.ninputs * sizeof *order);
	if (!order)
		die(1, "out of memory");
	for (int i = 0; i < g.ninputs; i++)
		order[i] = i;
	qsort(order, (size_t)g.ninputs, sizeof *order, by_id);
	for (int k = 1; k < g.ninputs; k++)
		if (!strcmp(inputs[order[k]].id, inputs[order[k - 1]].id))
			inputs[order[k]].twins = inputs[order[k - 1]].twins = 1;
	free(order);
}

/* Second pass, inputs with twins only: their counts, to compare. */
static void compare_twins(const char *start, time_t now)
{
	char err[1024];
	for (int i = 0; i < g.ninputs; i++) {
		Input *in = &inputs[i];
		in->counted = malloc((size_t)tally.nperiods);
		if (!in->counted)
			die(1, "out of memory");
		memset(in->counted, in->twins ? 2 : 1, (size_t)tally.nperiods); /* 2: not decided */
		if (!in->twins)
			continue;
		Store *st = open_input(i);
		int rc = store_each_count(st, start, g.to, 1, add_entry, in, now, err, sizeof err);
		store_close(st);
		if (rc)
			die(rc == -2 ? 1 : 2, "%s", rc == -2 ? "out of memory" : err);
		qsort(in->e, in->ne, sizeof *in->e, by_entry);
	}
	for (int i = 0; i < g.ninputs; i++)
		for (int p = 0; inputs[i].twins && p < tally.nperiods; p++)
			if (inputs[i].counted[p] == 2)
				choose_copies(i, p);
	for (int i = 0; i < g.ninputs; i++) {
		for (size_t k = 0; k < inputs[i].ne; k++)
			free(inputs[i].e[k].key);
		free(inputs[i].e);
		inputs[i].e = NULL;
	}
}

/* Each file is tallied on its own, then merged: a group that one kiosk
 * holds only a few of is hidden in the sum too (tally_merge).  The
 * file's own tally is kept here, so free_reading() frees it whatever
 * stopped the reading. */
static Tally part;

static void count_each_file(const char *start, time_t now)
{
	char err[1024];
	const char *periods[TALLY_MAX_PERIODS];
	for (int p = 0; p < tally.nperiods; p++)
		periods[p] = tally.period[p];
	compare_twins(start, now);
	for (counting = 0; counting < g.ninputs; counting++) {
		if (tally_init(&part, &qs, tally.threshold, periods, tally.nperiods))
			die(1, "out of memory");
		Store *st = open_input(counting);
		int rc = store_each_count(st, start, g.to, 1, add_counted, &part, now, err, sizeof err);
		store_close(st);
		if (rc == -2)
			die(2, "%s: %s", g.inputs[counting], part.error);
		if (rc)
			die(2, "%s", err);
		if (tally_merge(&tally, &part))
			die(2, "%s: %s", g.inputs[counting], tally.error);
		tally_free(&part);
	}
	warn_same_counts();
}

/* Free what read_all() allocated. */
static void free_reading(void)
{
	for (int i = 0; inputs && i < g.ninputs; i++)
		free(inputs[i].counted);
	free(inputs);
	inputs = NULL;
	free(seen.label);
	memset(&seen, 0, sizeof seen);
	tally_free(&part);
	tally_free(&tally);
}

static int by_period(const void *a, const void *b)
{
	return period_key(*(const char *const *)a) - period_key(*(const char *const *)b);
}

static void read_all(void)
{
	char err[1024], dir[1024], path[1100], months[REPORT_MAX_MONTHS][16], start[16];
	time_t now = time(NULL);
	snprintf(dir, sizeof dir, "%s/strings", util_asset_dir());
	snprintf(path, sizeof path, "%s/questions.ini", dir);
	if (qset_load(path, &qs, err, sizeof err))
		die(2, "%s", err);
	/* read the 12 months before `to` too, for the trend (CSV shows none) */
	month_add(start, g.to, 1 - REPORT_TREND);
	if (strcmp(g.from, start) < 0 || g.format == FMT_CSV)
		strcpy(start, g.from);
	int n = months_between(start, g.to, months, REPORT_MAX_MONTHS);
	if (n > REPORT_MAX_MONTHS)
		die(2, "%s to %s: at most %d months in one report", g.from, g.to, REPORT_MAX_MONTHS);
	survey_inputs(start, now);
	/* One kind of period: the months, or the quarters when the files hold
	 * quarters in the months asked for (a quarter beside a month would be
	 * compared with it, and the poster would take one for the other). */
	const char *periods[TALLY_MAX_PERIODS];
	int quarters = 0, monthly = 0, np = 0, from = period_key(g.from);
	for (int i = 0; i < seen.n; i++) {
		int k = period_key(seen.label[i]);
		if (k >= from && k % 2)
			quarters++;
		else if (k >= from)
			monthly++;
	}
	if (quarters && monthly)
		die(2, "%s to %s: some files count by month and some by quarter; report them apart "
		    "(a quarter cannot be compared with a month)", g.from, g.to);
	for (int i = 0; i < n && !quarters; i++)
		periods[np++] = months[i];
	for (int i = 0; i < seen.n && quarters && np < TALLY_MAX_PERIODS; i++)
		if (period_key(seen.label[i]) % 2)
			periods[np++] = seen.label[i];
	n = np;
	qsort(periods, (size_t)n, sizeof *periods, by_period);
	if (tally_init(&tally, &qs, g.threshold, periods, n))
		die(1, "out of memory");
	count_each_file(start, now);
	tally_finish(&tally);
	rep = (Report){ .qs = &qs, .t = &tally, .service = g.service, .from = g.from, .to = g.to };
	while (rep.first < tally.nperiods && period_key(tally.period[rep.first]) < period_key(g.from))
		rep.first++;
	long total = 0;
	for (int p = rep.first; p < tally.nperiods; p++)
		total += tally.responses[0][p];
	if (total == 0) {
		char q[16];
		strcpy(q, g.to);
		while (atoi(q + 5) % 3) /* the last quarter's last month up to --to */
			month_add(q, q, -1);
		die(2, "%s: no responses from %s to %s (a kiosk that counts by quarter is reported "
		    "in a quarter's last month, e.g. --month %s)", g.inputs[0], g.from, g.to, q);
	}
	if (g.service && tally_service_index(&tally, g.service) < 0)
		die(2, "--service '%s': no responses for this service from %s to %s", g.service, g.from, g.to);
	if (g.format == FMT_POSTER || g.format == FMT_HTML)
		load_languages(dir);
}

/* ---- output helpers ----------------------------------------------------- */

const char *report_hidden(const Report *r, int why, char *buf)
{
	(void)r, (void)why, (void)buf;
	return "not shown";
}

const char *report_service_name(const Report *r, int s)
{
	return r->t->service[s][0] ? r->t->service[s] : "Not said";
}

int report_wanted(const Report *r, int s)
{
	return !r->service || s == 0 || !strcmp(r->t->service[s], r->service);
}

static const Tally *sort_tally;

/* By name, "Not said" (the empty name) last. */
static int by_name(const void *a, const void *b)
{
	const char *x = sort_tally->service[*(const int *)a], *y = sort_tally->service[*(const int *)b];
	return !*x != !*y ? !*x - !*y : strcmp(x, y);
}

int *report_services(const Report *r, int *count)
{
	int n = 0, *out = malloc(((size_t)r->t->nservices + 1) * sizeof *out);
	if (!out)
		die(1, "out of memory");
	for (int s = 1; s < r->t->nservices; s++)
		if (report_wanted(r, s))
			out[n++] = s;
	sort_tally = r->t;
	qsort(out, (size_t)n, sizeof *out, by_name);
	out[n++] = 0;
	*count = n;
	return out;
}

double report_change(const Report *r, int s, int k, int *ok)
{
	int last = r->t->nperiods - 1;
	double a = last > 0 ? tally_construct(r->t, s, last, report_constructs[k]) : -1;
	double b = last > 0 ? tally_construct(r->t, s, last - 1, report_constructs[k]) : -1;
	*ok = a >= 0 && b >= 0;
	return *ok ? a - b : 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

double report_median(const Report *r, int s, int k)
{
	double v[TALLY_MAX_PERIODS];
	int n = 0;
	for (int p = r->t->nperiods - REPORT_TREND; p < r->t->nperiods; p++) {
		double x = p >= 0 ? tally_construct(r->t, s, p, report_constructs[k]) : -1;
		if (x >= 0)
			v[n++] = x;
	}
	if (!n)
		return -1;
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

#define service_name(s) report_service_name(&rep, (s))
#define wanted(s) report_wanted(&rep, (s))

/* ---- what any format may print -------------------------------------------- */

/* Text: a name as it is, but every control character and every byte that
 * is not UTF-8 as '?', so no escape sequence reaches a terminal. */
static void text_str(FILE *f, const char *s)
{
	char safe[256];
	util_inert(safe, sizeof safe, s);
	fputs(safe, f);
}

/* JSON: always valid UTF-8; bytes that are not become U+FFFD. */
static void json_text(FILE *f, const char *s)
{
	fputc('"', f);
	while (*s) {
		unsigned cp;
		int len = util_utf8(s, &cp);
		if (!len)
			fputs("\ufffd", f);
		else if (cp == '"' || cp == '\\')
			fprintf(f, "\\%c", (char)cp);
		else if (util_unsafe(cp))
			fprintf(f, "\\u%04x", cp);
		else
			fwrite(s, 1, (size_t)len, f);
		s += len ? len : 1;
	}
	fputc('"', f);
}

/* ---- text ---------------------------------------------------------------- */

static void text_group(FILE *f, int s, int p)
{
	fputc('\n', f);
	text_str(f, service_name(s));
	fprintf(f, ", %s: ", tally.period[p]);
	if (tally.resp_suppressed[s][p]) {
		char buf[32];
		fprintf(f, "%s\n", report_hidden(&rep, tally.resp_suppressed[s][p], buf));
		return;
	}
	fprintf(f, "%ld responses\n", tally.responses[s][p]);
	fprintf(f, "  %-18s %8s %7s %4s  %-20s %-20s\n", "question", "answered", "skipped", "n/a",
	        "Yes, fully (95% CI)", "Mostly or better");
	for (int q = 0; q < qs.n; q++) {
		const Cell *c = tally_cell(&tally, s, p, q);
		if (c->suppressed) {
			char buf[32];
			fprintf(f, "  %-18s %s\n", qs.q[q].id, report_hidden(&rep, c->suppressed, buf));
			continue;
		}
		Prop a = cell_top_box(c), b = cell_top_two(c);
		char ta[32], tb[32];
		snprintf(ta, sizeof ta, "%3.0f%% (%.0f-%.0f)", a.pct, a.low, a.high);
		snprintf(tb, sizeof tb, "%3.0f%% (%.0f-%.0f)", b.pct, b.low, b.high);
		fprintf(f, "  %-18s %8ld %7ld %4ld  %-20s %-20s\n", qs.q[q].id, cell_answered(c),
		        c->skipped, c->na, ta, tb);
	}
	for (int k = 0; k < 3; k++) {
		double v = tally_construct(&tally, s, p, report_constructs[k]);
		if (v < 0)
			fprintf(f, "  felt %-13s not shown\n", report_constructs[k]);
		else
			fprintf(f, "  felt %-13s %3.0f%% said \"Yes, fully\"\n", report_constructs[k], v);
	}
}

/* Each service against its own past: 12 months and the last change. */
static void text_trend(FILE *f, int s)
{
	int p0 = tally.nperiods - REPORT_TREND;
	fputc('\n', f);
	text_str(f, service_name(s));
	fprintf(f, ": 12-month trend, %% who said \"Yes, fully\" (- = not shown)\n  %-12s", "");
	for (int p = p0; p < tally.nperiods; p++)
		fprintf(f, " %5.5s", p >= 0 ? tally.period[p] + 2 : "");
	fprintf(f, " %7s %s\n", "median", "change from last month");
	for (int k = 0; k < 3; k++) {
		fprintf(f, "  %-12s", report_constructs[k]);
		for (int p = p0; p < tally.nperiods; p++) {
			double v = p >= 0 ? tally_construct(&tally, s, p, report_constructs[k]) : -1;
			if (v < 0) fprintf(f, " %5s", "-");
			else fprintf(f, " %5.0f", v);
		}
		int ok;
		double m = report_median(&rep, s, k), d = report_change(&rep, s, k, &ok);
		if (m < 0) fprintf(f, " %7s", "-");
		else fprintf(f, " %7.0f", m);
		if (ok) fprintf(f, " %+.0f points\n", d);
		else fputs(" -\n", f);
	}
}

static void write_text(FILE *f)
{
	fprintf(f, "heard report, %s", g.from);
	if (strcmp(g.from, g.to))
		fprintf(f, " to %s", g.to);
	fprintf(f, "\n%s\n" REPORT_HIDDEN "\n"
	        "Services are each compared with their own past, never ranked.\n",
	        REPORT_NOTE, tally.threshold);
	int n, *order = report_services(&rep, &n);
	for (int i = 0; i < n; i++) {
		int si = order[i];
		for (int p = rep.first; p < tally.nperiods; p++)
			text_group(f, si, p);
		text_trend(f, si);
	}
	free(order);
}

/* ---- CSV (RFC 4180) ------------------------------------------------------ */

/* One field; one that a spreadsheet would read as a formula (it begins,
 * after any spaces, with = + - @, a tab or a carriage return) gets a
 * leading ' (OWASP's advice), and one holding a separator (',' or ';'),
 * quote or line end is quoted. */
static void csv_field(FILE *f, const char *raw)
{
	/* control characters and bytes that are not UTF-8 as '?', as in text:
	 * the CSV goes to a terminal too when there is no -o */
	char s[256];
	util_inert(s, sizeof s, raw);
	size_t lead = strspn(s, " "); /* a spreadsheet may skip spaces before a formula */
	int formula = s[lead] && strchr("=+-@\t\r", s[lead]);
	/* ';' separates fields in the many locales whose spreadsheets read
	 * CSV that way: quoted, a name holding one stays one cell */
	if (!strpbrk(s, ",;\"\r\n")) {
		if (formula)
			fputc('\'', f);
		fputs(s, f);
		return;
	}
	fputc('"', f);
	if (formula)
		fputc('\'', f);
	for (const char *c = s; *c; c++) {
		if (*c == '"')
			fputc('"', f);
		fputc(*c, f);
	}
	fputc('"', f);
}

static void write_csv(FILE *f)
{
	fputs("\xef\xbb\xbf" /* UTF-8 byte-order mark: Excel then reads names as UTF-8 */
	      "service,period,question,construct,answered,skipped,not_applicable,v1,v2,v3,v4,v5,"
	      "top_box_pct,top_box_low,top_box_high,top_two_pct,top_two_low,top_two_high,suppressed\r\n", f);
	int n, *order = report_services(&rep, &n);
	for (int i = 0; i < n; i++) {
		int si = order[i];
		for (int p = rep.first; p < tally.nperiods; p++)
			for (int q = 0; q < qs.n; q++) {
				const Cell *c = tally_cell(&tally, si, p, q);
				csv_field(f, service_name(si));
				fprintf(f, ",%s,", tally.period[p]);
				csv_field(f, qs.q[q].id);
				fputc(',', f);
				csv_field(f, qs.q[q].construct);
				if (c->suppressed) {
					fputs(",,,,,,,,,,,,,,,1\r\n", f);
					continue;
				}
				Prop a = cell_top_box(c), b = cell_top_two(c);
				fprintf(f, ",%ld,%ld,%ld,%ld,%ld,%ld,%ld,%ld,%.1f,%.1f,%.1f,%.1f,%.1f,%.1f,0\r\n",
				        cell_answered(c), c->skipped, c->na, c->v[1], c->v[2], c->v[3],
				        c->v[4], c->v[5], a.pct, a.low, a.high, b.pct, b.low, b.high);
			}
	}
	free(order);
}

/* ---- JSON ---------------------------------------------------------------- */

static void json_prop(FILE *f, const char *name, Prop p)
{
	fprintf(f, ",\"%s\":{\"pct\":%.1f,\"low\":%.1f,\"high\":%.1f}", name, p.pct, p.low, p.high);
}

static void json_group(FILE *f, int s, int p)
{
	fputs("{\"service\":", f);
	json_text(f, service_name(s));
	fprintf(f, ",\"period\":\"%s\",\"suppressed\":%s", tally.period[p],
	        tally.resp_suppressed[s][p] ? "true" : "false");
	if (tally.resp_suppressed[s][p])
		fputs(",\"responses\":null", f);
	else
		fprintf(f, ",\"responses\":%ld", tally.responses[s][p]);
	fputs(",\"questions\":[", f);
	for (int q = 0; q < qs.n; q++) {
		const Cell *c = tally_cell(&tally, s, p, q);
		fprintf(f, "%s{\"question\":", q ? "," : "");
		json_text(f, qs.q[q].id);
		fputs(",\"construct\":", f);
		json_text(f, qs.q[q].construct);
		if (c->suppressed) {
			fputs(",\"suppressed\":true,\"reason\":\"hidden\"}", f); /* never why: see report_hidden() */
			continue;
		}
		fprintf(f, ",\"suppressed\":false,\"answered\":%ld,\"skipped\":%ld,\"not_applicable\":%ld,"
		        "\"spread\":[%ld,%ld,%ld,%ld,%ld]", cell_answered(c), c->skipped, c->na,
		        c->v[1], c->v[2], c->v[3], c->v[4], c->v[5]);
		json_prop(f, "top_box", cell_top_box(c));
		json_prop(f, "top_two", cell_top_two(c));
		fputc('}', f);
	}
	fputs("],\"constructs\":{", f);
	for (int k = 0; k < 3; k++) {
		double v = tally_construct(&tally, s, p, report_constructs[k]);
		fprintf(f, "%s\"%s\":", k ? "," : "", report_constructs[k]);
		if (v < 0) fputs("null", f);
		else fprintf(f, "%.1f", v);
	}
	fputs("}}", f);
}

/* "trend": {"periods": [...], "heard": [..|null], ..., "median": {...}, "change": {...}} */
static void json_trend(FILE *f, int s)
{
	int p0 = tally.nperiods - REPORT_TREND;
	fputs("{\"service\":", f);
	json_text(f, service_name(s));
	fputs(",\"periods\":[", f);
	for (int p = p0; p < tally.nperiods; p++)
		fprintf(f, "%s\"%s\"", p > p0 ? "," : "", p >= 0 ? tally.period[p] : "");
	fputc(']', f);
	for (int k = 0; k < 3; k++) {
		fprintf(f, ",\"%s\":[", report_constructs[k]);
		for (int p = p0; p < tally.nperiods; p++) {
			double v = p >= 0 ? tally_construct(&tally, s, p, report_constructs[k]) : -1;
			if (p > p0) fputc(',', f);
			if (v < 0) fputs("null", f);
			else fprintf(f, "%.1f", v);
		}
		fputc(']', f);
	}
	for (int which = 0; which < 2; which++) {
		fprintf(f, ",\"%s\":{", which ? "change" : "median");
		for (int k = 0; k < 3; k++) {
			int ok = 1;
			double v = which ? report_change(&rep, s, k, &ok) : report_median(&rep, s, k);
			fprintf(f, "%s\"%s\":", k ? "," : "", report_constructs[k]);
			if (!ok || (!which && v < 0)) fputs("null", f);
			else fprintf(f, "%.1f", v);
		}
		fputc('}', f);
	}
	fputc('}', f);
}

static void write_json(FILE *f)
{
	fprintf(f, "{\"from\":\"%s\",\"to\":\"%s\",\"threshold\":%d,\"note\":", g.from, g.to, tally.threshold);
	json_text(f, REPORT_NOTE);
	fprintf(f, ",\"question_set\":\"%s\",\"groups\":[", qs.version);
	int first = 1, n, *order = report_services(&rep, &n);
	for (int i = 0; i < n; i++) {
		int si = order[i];
		for (int p = rep.first; p < tally.nperiods; p++) {
			if (!first)
				fputc(',', f);
			first = 0;
			json_group(f, si, p);
		}
	}
	fputs("],\"trends\":[", f);
	for (int i = 0; i < n; i++) {
		if (i)
			fputc(',', f);
		json_trend(f, order[i]);
	}
	fputs("]}\n", f);
	free(order);
}

/* ---- main ----------------------------------------------------------------- */

static FILE *open_output(void)
{
	if (!g.out)
		return stdout;
	snprintf(g.tmp, sizeof g.tmp, "%s.tmp-XXXXXX", g.out);
	int fd = mkstemp(g.tmp);
	if (fd < 0) {
		g.tmp[0] = '\0';
		die(2, "%s: cannot write: %s", g.out, strerror(errno));
	}
	mode_t mask = umask(0); /* mkstemp makes 0600; a report is an ordinary file */
	umask(mask);
	fchmod(fd, 0666 & ~mask);
	FILE *f = fdopen(fd, "w");
	if (!f)
		die(1, "%s: %s", g.out, strerror(errno));
	return f;
}

static void remove_partial(void)
{
	if (g.tmp[0])
		unlink(g.tmp);
}

int main(int argc, char **argv)
{
	util_progname = "heard-report";
	util_on_die = remove_partial;
	parse_args(argc, argv);
	read_all();
	FILE *f = open_output();
	switch (g.format) {
	case FMT_CSV:    write_csv(f); break;
	case FMT_JSON:   write_json(f); break;
	case FMT_HTML:   report_html(f, &rep); break;
	case FMT_POSTER: report_poster(f, &rep); break;
	default:         write_text(f); break;
	}
	if (fflush(f) != 0 || ferror(f))
		die(1, "%s: write failed: %s", g.out ? g.out : "standard output", strerror(errno));
	if (g.out) {
		if (fclose(f) != 0 || rename(g.tmp, g.out) != 0)
			die(1, "%s: write failed: %s", g.out, strerror(errno));
		g.tmp[0] = '\0';
	}
	for (int i = 0; i < rep.nstrings; i++)
		strings_free(&langs[i]);
	free_reading();
	for (int i = 0; i < g.ninputs; i++)
		free(g.owned[i]);
	free(g.owned);
	free(g.inputs);
	return 0;
}
