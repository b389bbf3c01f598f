/* report.c - heard-report: monthly per-service reports from one or more
 * kiosk databases.  This file is the command: start reading at main().
 * It parses the options, has report_data.c read every database into a
 * Report (report_read()), then writes it with the format's writer from
 * the table formats[] to a temporary file renamed into place, so no
 * partial output is ever left behind.  The writers are in report_text.c
 * (text, CSV, JSON) and report_html.c (HTML, poster); report.h is what
 * the parts share. */
#include <dirent.h>
#include <errno.h>
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

/* The formats: each a writer of a Report, and what it needs read. */
typedef struct {
	const char *name;
	ReportWriter *write;
	int trend;      /* the REPORT_TREND months up to --to (CSV shows none) */
	int languages;  /* every shipped language's strings */
	int by_config;  /* services in --config's order (CSV and JSON keep theirs: a stable interface) */
	int comments;   /* the clients' comments (text: how many; never the poster) */
} Format;

static const Format formats[] = {
	{ "text", report_text, 1, 1, 1, 1 },  /* the default; English for the questions' wording */
	{ "csv", report_csv, 0, 0, 0, 0 },
	{ "json", report_json, 1, 0, 0, 1 },
	{ "html", report_html, 1, 1, 1, 1 },
	{ "poster", report_poster, 1, 1, 1, 0 }, /* its "we did" entries in --config's order */
	{ "fft", report_fft, 0, 0, 0, 0 },    /* report_fft.c: the NHS FFT return */
	{ "comments", report_comments_csv, 0, 0, 0, 1 }, /* CSV: service, period, text */
};

/* The one singleton: what main() owns for the run, from the options to
 * the Report; remove_partial() needs tmp when die() ends the run. */
static struct {
	const char **inputs;       /* every database file, in the order given */
	char **owned;              /* [i]: inputs[i] when found in a folder, else NULL */
	int ninputs, cap;
	char from[16], to[16];       /* YYYY-MM */
	const char *service;       /* --service, or NULL for all */
	const Format *format;
	const char *out;           /* -o FILE, or NULL for stdout */
	int threshold;             /* from --config [report] threshold */
	const Config *cfg;         /* --config, or NULL */
	const char *wedid_path;    /* --we-did FILE, or NULL */
	WeDid *wedid;
	char tmp[4096];            /* the temporary output file, while writing */
	Report report;
} g = { .format = &formats[0] };

static void usage(FILE *f)
{
	fputs("usage: heard-report [--month YYYY-MM | --from YYYY-MM --to YYYY-MM]\n"
	      "                    [--service NAME] [--format text|csv|json|html|poster|fft|comments]\n"
	      "                    [-o FILE] [--config FILE] [--we-did FILE] DB|DIR...\n"
	      "Per-service report of heard kiosk answers; default: last full month, text.\n"
	      "Several databases or folders of them are merged; copies of one kiosk's\n"
	      "database (the same file twice, or a later copy) count once.  Groups of fewer than 10 answers are never shown; --config\n"
	      "may raise that threshold ([report] threshold = N).\n"
	      "Clients' comments show in html and json, and as CSV with --format comments,\n"
	      "for a service and month whose answers are shown and that have 3 or more;\n"
	      "text says how many; the poster never shows them.\n", f);
}

/* ---- options ----------------------------------------------------------- */

static void month_opt(char out[16], const char *opt, const char *v)
{
	int y, m;
	if (!v || !report_parse_month(v, &y, &m))
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

static const Format *find_format(const char *name)
{
	for (size_t i = 0; i < sizeof formats / sizeof *formats; i++)
		if (!strcmp(formats[i].name, name))
			return &formats[i];
	die(2, "--format '%s': expected text, csv, json, html, poster, fft or comments", name);
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
		else if (!strcmp(o, "--service")) {
			if (!v[0]) /* "" would pick out the "Not said" group */
				die(2, "--service: give a service's name");
			g.service = v;
		}
		else if (!strcmp(o, "-o")) g.out = v;
		else if (!strcmp(o, "--we-did")) g.wedid_path = v;
		else if (!strcmp(o, "--config")) {
			static Config cfg;
			char err[1024];
			if (config_load(&cfg, v, err, sizeof err))
				die(2, "%s", err);
			g.threshold = (int)cfg.threshold;
			g.cfg = &cfg;
		}
		else if (!strcmp(o, "--format")) {
			g.format = find_format(v);
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

/* With --config: services in the order its [services] lists them, any
 * it does not list after them (by name), "Not said" and ALL last, as
 * report_read() left them. */
static void config_order(Report *r, const Config *c)
{
	int *o = (int *)r->order, n = r->norder, k = 0; /* report_read()'s own array */
	int *out = malloc((size_t)n * sizeof *out);
	if (!out)
		die(1, "out of memory");
	for (int i = 0; i < c->nservices; i++)
		for (int j = 0; j < n; j++)
			if (o[j] > 0 && !strcmp(r->t->service[o[j]], c->services[i])) {
				out[k++] = o[j];
				o[j] = -1;
			}
	for (int j = 0; j < n; j++)
		if (o[j] >= 0)
			out[k++] = o[j];
	memcpy(o, out, (size_t)n * sizeof *out);
	free(out);
}

/* --we-did FILE: a bad file ends the run (exit 2, file and line); an
 * entry for a service neither the databases nor --config know is
 * likely a typing slip: a warning names it, and the report goes on. */
static void load_wedid(const Report *r)
{
	char err[1024];
	if (wedid_load(&g.wedid, g.wedid_path, err, sizeof err))
		die(2, "%s", err);
	for (int i = 0; i < wedid_count(g.wedid); i++) {
		const char *name = wedid_service(g.wedid, i);
		int known = tally_service_index(r->t, name) > 0;
		for (int k = 0; g.cfg && !known && k < g.cfg->nservices; k++)
			known = !strcmp(g.cfg->services[k], name);
		if (!known)
			fprintf(stderr, "heard-report: warning: %s:%d: no service '%s' in the report; its "
			        "entry is left out\n", g.wedid_path, wedid_line(g.wedid, i), name);
	}
}

/* ---- main ----------------------------------------------------------------- */

static FILE *open_output(void)
{
	if (!g.out)
		return stdout;
	/* -o /dev/null, a FIFO, a terminal: written as they are.  The temporary
	 * file renamed into place is for a regular file; renamed over a device
	 * it would replace it (as root, /dev/null became an ordinary file). */
	struct stat sb;
	if (stat(g.out, &sb) == 0 && !S_ISREG(sb.st_mode)) {
		if (S_ISDIR(sb.st_mode))
			die(2, "%s: is a folder; give a file name", g.out);
		FILE *f = fopen(g.out, "w");
		if (!f)
			die(2, "%s: cannot write: %s", g.out, strerror(errno));
		return f;
	}
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
	ReportRequest req = { .inputs = g.inputs, .ninputs = g.ninputs, .from = g.from, .to = g.to,
	                      .service = g.service, .threshold = g.threshold,
	                      .trend = g.format->trend, .languages = g.format->languages,
	                      .comments = g.format->comments };
	char err[8192]; /* a path and the store's reason */
	int rc = report_read(&g.report, &req, err, sizeof err);
	if (rc)
		die(rc, "%s", err);
	if (g.cfg && g.format->by_config)
		config_order(&g.report, g.cfg);
	g.report.default_lang = g.cfg && g.cfg->default_lang[0] ? g.cfg->default_lang : "en";
	g.report.cfg = g.cfg;
	if (g.wedid_path) {
		load_wedid(&g.report);
		g.report.wedid = g.wedid;
	}
	FILE *f = open_output();
	g.format->write(f, &g.report);
	if (fflush(f) != 0 || ferror(f))
		die(1, "%s: write failed: %s", g.out ? g.out : "standard output", strerror(errno));
	if (g.out && g.tmp[0]) {
		if (fclose(f) != 0 || rename(g.tmp, g.out) != 0)
			die(1, "%s: write failed: %s", g.out, strerror(errno));
		g.tmp[0] = '\0';
	} else if (g.out && fclose(f) != 0)
		die(1, "%s: write failed: %s", g.out, strerror(errno));
	report_free(&g.report);
	wedid_free(g.wedid);
	for (int i = 0; i < g.ninputs; i++)
		free(g.owned[i]);
	free(g.owned);
	free(g.inputs);
	return 0;
}
