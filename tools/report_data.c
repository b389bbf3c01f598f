/* report_data.c - heard-report's data part: reads the databases into a
 * Report, and the figures every format derives from it.  Start reading at
 * report_read(): it opens each file for its database id, then reads each
 * file's counts once, over every period the report could show, merges
 * them (copies of one kiosk count once), and only then keeps the periods
 * the files hold.  Errors are returned, never exited on: report.c (the
 * command) and tests/fuzz/fuzz_report_db.c both call this. */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "report.h"
#include "store.h"
#include "util.h"

const char *const report_constructs[3] = { "heard", "respected", "in control" };

/* One client's comment as read from a file; kept only where the rule
 * lets it show (keep_comments()). */
typedef struct {
	int in, p;          /* the input it came from; its period, an index in Reading's all[] */
	int s, tp;          /* once kept: service and period in the Report's tally */
	long resp;          /* its input's own responses in its service and period */
	uint32_t key;       /* drawn at random: the order it is shown in */
	char *service, *text;
	char *k;            /* its stored random key: equal in two files, the same comment */
} Comment;

typedef struct {
	Comment *a;
	size_t n, cap;
} Comments;

struct ReportData {
	QuestionSet qs;
	Tally tally;
	Strings langs[CONFIG_MAX_LANGS];
	int nlangs;
	char from[16], to[16];
	int *order;
	Comments com;        /* the comments a report may show, by service, period, key */
	const char **ctext;  /* [i]: com.a[i].text, for report_comments() */
};

/* What merging needs of one input.  Copies of one kiosk's database (the
 * same file twice, or copies taken at different times) carry the same
 * database id and kiosk name; a kiosk only adds responses, so of two
 * copies the one holding at least as many in every count of a period
 * holds every response the other holds in it, and counts alone.  Files
 * that share an id but neither holds the other (a cloned SD card used on
 * two kiosks) or whose kiosk names differ are counted as separate kiosks,
 * with a warning naming both.  Periods below are indexes in Reading's
 * all[] (every period the report could show). */
typedef struct {
	int p;              /* period */
	char *key;          /* service, question, value */
	long long n;
} Entry;

typedef struct {
	char id[33], kiosk[64];
	int twins;          /* another input has this id */
	Entry *e;           /* twins only: every count, by period and key */
	size_t ne, cap;
	Tally part;         /* twins only: kept until it is known where each counts */
	char counted[TALLY_MAX_PERIODS]; /* [period]: this input counts there (2: not decided) */
	uint64_t sum[TALLY_MAX_PERIODS]; /* a hash of its counts in each period (0: none) */
	/* the first count its own tally refused in each period, and at
	 * which row: an error only if that period is reported and counted */
	long bad_row[TALLY_MAX_PERIODS];  /* 0: none */
	char (*bad)[sizeof ((Tally *)0)->error];
	char *failed;       /* the store's error after a refused count: which stopped reading first */
} Input;

/* One report_read(): everything the reading needs, on its stack. */
typedef struct {
	const ReportRequest *req;
	Report *r;
	time_t now;
	char start[16];                  /* the first month read */
	char all[TALLY_MAX_PERIODS][16]; /* every month from start to to, every quarter ending in one */
	int nall;
	int map[TALLY_MAX_PERIODS];      /* [tally period]: its index in all[] */
	Input *in;
	int cur;                         /* the input being read */
	long row;                        /* rows of it read so far */
	Tally part;                      /* its counts */
	Tally total;                     /* every input's, over all[] */
	struct { char (*label)[16]; int n, cap; } seen; /* labels in the files */
	Comments com;                    /* every input's comments of from..to, as read */
	int (*warned)[2];                /* pairs warned about */
	int nwarned;
	char *err;
	size_t errlen;
} Reading;

/* Set the error; returns code, the exit status it asks for. */
static int fail(Reading *rd, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int fail(Reading *rd, int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(rd->err, rd->errlen, fmt, ap);
	va_end(ap);
	return code;
}

/* ---- months and periods ---------------------------------------------- */

int report_parse_month(const char *s, int *y, int *m)
{
	char tail;
	return sscanf(s, "%4d-%2d%c", y, m, &tail) == 2 && strlen(s) == 7 &&
	       *y >= 2000 && *y <= 9999 && *m >= 1 && *m <= 12;
}

static void month_add(char out[16], const char *m, int delta)
{
	int y, mo;
	report_parse_month(m, &y, &mo);
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

/* Where a period label falls in time: its (last) month, a quarter just
 * after that month; -1 for a label that is neither. */
static int period_key(const char *label)
{
	int y, m;
	char q, tail;
	if (report_parse_month(label, &y, &m))
		return (y * 12 + m - 1) * 2;
	if (sscanf(label, "%4d-%c%d%c", &y, &q, &m, &tail) == 3 && q == 'Q' && m >= 1 && m <= 4 &&
	    strlen(label) == 7)
		return (y * 12 + 3 * m - 1) * 2 + 1;
	return -1;
}

static int by_period(const void *a, const void *b)
{
	return period_key(*(const char *const *)a) - period_key(*(const char *const *)b);
}

static int all_index(const Reading *rd, const char *label)
{
	for (int p = 0; p < rd->nall; p++)
		if (!strcmp(rd->all[p], label))
			return p;
	return -1;
}

/* ---- languages (HTML, poster) ----------------------------------------- */

/* Load the string table of every shipped language, for the poster. */
static int load_languages(Reading *rd, const char *dir)
{
	ReportData *d = rd->r->data;
	struct dirent **names;
	int n = scandir(dir, &names, NULL, alphasort), rc = 0;
	char err[1024], path[1400];
	for (int i = 0; i < n; i++) {
		const char *name = names[i]->d_name, *dot = strrchr(name, '.');
		if (!rc && dot && !strcmp(dot, ".ini") && strcmp(name, "questions.ini") &&
		    d->nlangs < CONFIG_MAX_LANGS) {
			snprintf(path, sizeof path, "%s/%s", dir, name);
			if (strings_load(path, &d->qs, &d->langs[d->nlangs], err, sizeof err))
				rc = fail(rd, 2, "%s", err);
			else
				rd->r->strings[rd->r->nstrings++] = &d->langs[d->nlangs++];
		}
		free(names[i]);
	}
	free(names);
	if (n < 0)
		return fail(rd, 2, "%s: %s", dir, strerror(errno));
	return rc;
}

/* ---- reading one file ------------------------------------------------- */

static int see_period(Reading *rd, const char *period)
{
	for (int i = 0; i < rd->seen.n; i++)
		if (!strcmp(rd->seen.label[i], period))
			return 0;
	if (period_key(period) < 0 || strlen(period) >= sizeof rd->seen.label[0])
		return 0;
	if (rd->seen.n == rd->seen.cap) {
		int cap = rd->seen.cap ? 2 * rd->seen.cap : 16;
		void *l = realloc(rd->seen.label, (size_t)cap * sizeof *rd->seen.label);
		if (!l)
			return -1;
		rd->seen.label = l;
		rd->seen.cap = cap;
	}
	strcpy(rd->seen.label[rd->seen.n++], period);
	return 0;
}

static int add_entry(Input *in, int p, const char *service, const char *question, int value,
                     long long n)
{
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

/* FNV-1a over s and its NUL. */
static uint64_t fnv_step(uint64_t h, const char *s)
{
	do
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	while (*s++);
	return h;
}

/* A count refused by the file's own tally: kept, with its row, until it
 * is known whether its period is reported and counted. */
static int keep_refusal(Input *in, int p, long row, const char *why)
{
	if (in->bad_row[p])
		return 0;
	if (!in->bad && !(in->bad = calloc(TALLY_MAX_PERIODS, sizeof *in->bad)))
		return -1;
	in->bad_row[p] = row;
	snprintf(in->bad[p], sizeof in->bad[p], "%s", why);
	return 0;
}

/* Every count of the file being read (a StoreCountFn): the periods it
 * holds, its counts for comparing copies, a hash of them, its tally. */
static int read_count(void *user, const char *service, const char *period,
                      const char *question, int value, long long n)
{
	Reading *rd = user;
	Input *in = &rd->in[rd->cur];
	rd->row++;
	if (!question && see_period(rd, period))
		return -1;
	int p = all_index(rd, period);
	if (p < 0)
		return 0;
	if (in->twins && add_entry(in, p, service, question, value, n))
		return -1;
	if (question) { /* the file's counts in p, in the order the file gives them */
		char v[48];
		snprintf(v, sizeof v, "%d %lld", value, n);
		uint64_t *h = &in->sum[p];
		*h = fnv_step(fnv_step(fnv_step(*h ? *h : 14695981039346656037ull, service), question), v) | 1;
	}
	if (tally_add(&rd->part, service, period, question, value, n))
		return keep_refusal(in, p, rd->row, rd->part.error);
	return 0;
}

/* Every comment of the file being read (a StoreCommentFn), with the
 * input it came from: whether it counts is known once copies are
 * compared (keep_comments()). */
static int read_comment(void *user, const char *service, const char *period, const char *key,
                        const char *text)
{
	Reading *rd = user;
	Comments *c = &rd->com;
	int p = all_index(rd, period);
	if (p < 0 || !text || !text[0])
		return 0;
	if (c->n == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 64;
		Comment *a = realloc(c->a, cap * sizeof *a);
		if (!a)
			return -1;
		c->a = a;
		c->cap = cap;
	}
	Comment *m = &c->a[c->n];
	/* its file's own responses there: its counts are read already, into rd->part */
	int ps = tally_service_index(&rd->part, service);
	*m = (Comment){ .in = rd->cur, .p = p, .resp = ps >= 0 ? rd->part.responses[ps][p] : 0,
	                .service = strdup(service), .text = strdup(text), .k = strdup(key) };
	if (!m->service || !m->text || !m->k) {
		free(m->service);
		free(m->text);
		free(m->k);
		return -1;
	}
	c->n++;
	return 0;
}

static int by_entry(const void *a, const void *b)
{
	const Entry *x = a, *y = b;
	return x->p != y->p ? x->p - y->p : strcmp(x->key, y->key);
}

/* An empty tally over every period of all[]; 0 or -1. */
static int init_all(const Reading *rd, Tally *t)
{
	const char *periods[TALLY_MAX_PERIODS];
	for (int p = 0; p < rd->nall; p++)
		periods[p] = rd->all[p];
	return tally_init(t, &rd->r->data->qs, rd->req->threshold, periods, rd->nall);
}

/* Read input i's counts, once: into the total, or for a copy of another
 * input, kept until it is known where it counts. */
static int read_input(Reading *rd, int i)
{
	const char *path = rd->req->inputs[i];
	Input *in = &rd->in[i];
	char err[1024];
	if (init_all(rd, &rd->part))
		return fail(rd, 1, "out of memory");
	Store *st = store_open(path, 0, err, sizeof err);
	if (!st)
		return fail(rd, 2, "%s", err);
	rd->cur = i;
	rd->row = 0;
	int rc = store_each_count(st, rd->start, rd->req->to, 1, read_count, rd, rd->now, err, sizeof err);
	if (!rc && rd->req->comments) /* the requested periods only: no trend of words */
		rc = store_each_comment(st, rd->req->from, rd->req->to, read_comment, rd, rd->now, err, sizeof err);
	store_close(st);
	if (rc == -1 && in->bad) { /* it came after the refused count: which counts is known later */
		tally_free(&rd->part);  /* either ends the reading: nothing of it is merged */
		return (in->failed = strdup(err)) ? 0 : fail(rd, 1, "out of memory");
	}
	if (rc)
		return rc == -2 ? fail(rd, 1, "out of memory") : fail(rd, 2, "%s", err);
	if (in->twins) {
		qsort(in->e, in->ne, sizeof *in->e, by_entry);
		in->part = rd->part;
		memset(&rd->part, 0, sizeof rd->part);
		return 0;
	}
	rc = tally_merge(&rd->total, &rd->part);
	tally_free(&rd->part);
	return rc ? fail(rd, 2, "%s: %s", path, rd->total.error) : 0;
}

static int by_id(const void *a, const void *b)
{
	return strcmp(((const Input *const *)a)[0]->id, ((const Input *const *)b)[0]->id);
}

/* Every input's id and kiosk name, and which share an id: those counts
 * are kept for comparing while the file is read. */
static int survey_inputs(Reading *rd)
{
	int n = rd->req->ninputs;
	char err[1024];
	for (int i = 0; i < n; i++) {
		Store *st = store_open(rd->req->inputs[i], 0, err, sizeof err);
		if (!st)
			return fail(rd, 2, "%s", err);
		int rc = store_database_id(st, rd->in[i].id, err, sizeof err) ||
		         store_kiosk_name(st, rd->in[i].kiosk, err, sizeof err);
		store_close(st);
		if (rc)
			return fail(rd, 2, "%s", err);
	}
	Input **order = malloc((size_t)n * sizeof *order);
	if (!order)
		return fail(rd, 1, "out of memory");
	for (int i = 0; i < n; i++)
		order[i] = &rd->in[i];
	qsort(order, (size_t)n, sizeof *order, by_id);
	for (int k = 1; k < n; k++)
		if (!strcmp(order[k]->id, order[k - 1]->id))
			order[k]->twins = order[k - 1]->twins = 1;
	free(order);
	return 0;
}

/* ---- copies of one kiosk's database ---------------------------------- */

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
static void warn_pair(Reading *rd, int a, int b, const char *why)
{
	for (int i = 0; i < rd->nwarned; i++)
		if (rd->warned[i][0] == a && rd->warned[i][1] == b)
			return;
	void *d = realloc(rd->warned, (size_t)(rd->nwarned + 1) * sizeof *rd->warned);
	if (d) {
		rd->warned = d;
		rd->warned[rd->nwarned][0] = a;
		rd->warned[rd->nwarned++][1] = b;
	}
	warn("warning: %s and %s carry one database id but %s; both are counted, as separate "
	     "kiosks", rd->req->inputs[a], rd->req->inputs[b], why);
}

/* Input a holds more than its twin b in period p, which both hold: a
 * closed period never changes, so one of them was changed (or written
 * with the clock wrong).  a is counted; said, so nobody is misled. */
static void warn_more(const Reading *rd, int a, int b, const char *period)
{
	const char *const *in = rd->req->inputs;
	warn("warning: %s and %s carry one database id, but %s holds more in %s than %s; a closed "
	     "period never changes, so one of them was changed (or written while the kiosk's clock "
	     "was wrong): %s is counted", in[a], in[b], in[a], period, in[b], in[a]);
}

/* Which of the inputs sharing input first's id count in period p. */
static void choose_copies(Reading *rd, int first, int p)
{
	const char *label = rd->all[p];
	for (int i = first; i < rd->req->ninputs; i++) {
		Input *in = &rd->in[i];
		if (!in->twins || strcmp(in->id, rd->in[first].id) || (i > first && in->counted[p] != 2))
			continue;
		in->counted[p] = 1;
		for (int j = first; j < i; j++) {
			Input *c = &rd->in[j];
			if (strcmp(c->id, in->id) || c->counted[p] != 1)
				continue;
			if (strcmp(c->kiosk, in->kiosk)) {
				warn_pair(rd, j, i, "different kiosk names");
				continue;
			}
			if (holds(c, in, p)) {
				in->counted[p] = 0; /* a copy of what is counted already */
				if (!holds(in, c, p))
					warn_more(rd, j, i, label);
				break;
			}
			if (holds(in, c, p)) {
				c->counted[p] = 0;  /* a later copy of it */
				warn_more(rd, i, j, label);
			} else {
				char why[64];
				snprintf(why, sizeof why, "counts that differ in %s", label);
				warn_pair(rd, j, i, why);
			}
		}
	}
}

/* Which copies count where, warning as it goes; each copy's kept tally
 * is then emptied where it does not count, so merging it adds only what
 * counts. */
static void decide_copies(Reading *rd, const Tally *t)
{
	int n = rd->req->ninputs;
	for (int i = 0; i < n; i++)
		for (int p = 0; rd->in[i].twins && p < t->nperiods; p++)
			if (rd->in[i].counted[rd->map[p]] == 2)
				choose_copies(rd, i, rd->map[p]);
	for (int i = 0; i < n; i++) {
		Input *in = &rd->in[i];
		if (!in->twins)
			continue;
		Tally *part = &in->part;
		for (int p = 0; p < part->nperiods; p++) {
			if (in->counted[p] == 1)
				continue;
			for (int s = 0; s < part->nservices; s++) {
				part->responses[s][p] = 0;
				for (int q = 0; q < part->qs->n; q++)
					memset(tally_cell(part, s, p, q), 0, sizeof (Cell));
			}
		}
	}
}

/* A count the file's own tally refused, in a period reported and
 * counted: the first such in the file is its error, as when reading
 * stopped there; else the store's error that stopped its reading, if
 * any. */
static int refusals(Reading *rd, const Tally *t)
{
	for (int i = 0; i < rd->req->ninputs; i++) {
		const Input *in = &rd->in[i];
		int first = -1;
		for (int p = 0; in->bad && p < t->nperiods; p++) {
			int k = rd->map[p];
			if (in->bad_row[k] && in->counted[k] && (first < 0 || in->bad_row[k] < in->bad_row[first]))
				first = k;
		}
		if (first >= 0)
			return fail(rd, 2, "%s: %s", rd->req->inputs[i], in->bad[first]);
		if (in->failed)
			return fail(rd, 2, "%s", in->failed);
	}
	return 0;
}

/* Two files with different database ids but the very same counts in a
 * period: no two kiosks answer alike, so one is a copy whose id was
 * changed, and it is counted twice.  Said, naming both. */
static void warn_same_counts(const Reading *rd, const Tally *t)
{
	int n = rd->req->ninputs;
	const Input *in = rd->in;
	for (int tp = 0; tp < t->nperiods; tp++) {
		int p = rd->map[tp];
		for (int i = 0; i < n; i++)
			for (int j = i + 1; j < n && in[i].sum[p]; j++)
				if (in[j].sum[p] == in[i].sum[p] && strcmp(in[i].id, in[j].id) &&
				    in[i].counted[p] && in[j].counted[p])
					warn("warning: %s and %s hold exactly the same counts in %s under different "
					     "database ids: if one is a copy of the other whose id was changed, those "
					     "answers are counted twice", rd->req->inputs[i], rd->req->inputs[j], t->period[tp]);
	}
}

/* ---- comments ------------------------------------------------------------ */

static int by_comment(const void *a, const void *b)
{
	const Comment *x = a, *y = b;
	if (x->s != y->s)
		return x->s - y->s;
	if (x->tp != y->tp)
		return x->tp - y->tp;
	return (x->key > y->key) - (x->key < y->key);
}

/* By service, period, input, then stored key: one input's comments in a
 * group side by side. */
static int by_input(const void *a, const void *b)
{
	const Comment *x = a, *y = b;
	if (x->s != y->s)
		return x->s - y->s;
	if (x->tp != y->tp)
		return x->tp - y->tp;
	if (x->in != y->in)
		return x->in - y->in;
	return strcmp(x->k, y->k);
}

/* By service, period, then stored key: copies of one comment side by side. */
static int by_stored_key(const void *a, const void *b)
{
	const Comment *x = a, *y = b;
	if (x->s != y->s)
		return x->s - y->s;
	if (x->tp != y->tp)
		return x->tp - y->tp;
	return strcmp(x->k, y->k);
}


static void free_comments(Comments *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->a[i].service);
		free(c->a[i].text);
		free(c->a[i].k);
	}
	free(c->a);
	memset(c, 0, sizeof *c);
}

/* Mark comment m kept (1) when it may count: its input counts in its
 * period (copies of one database count once, as their counts do: an
 * input that counts nowhere there adds no words either), its period is
 * reported, and its service is one (never ALL) whose responses there are
 * shown. */
static int comment_counts(const Reading *rd, const Tally *t, const int *tp_of, Comment *m)
{
	m->tp = tp_of[m->p];
	m->s = tally_service_index(t, m->service);
	return m->tp >= 0 && m->s > 0 && rd->in[m->in].counted[m->p] == 1 && !t->resp_suppressed[m->s][m->tp];
}

/* Drop the comments of every input that alone holds fewer than
 * REPORT_COMMENTS_MIN (different stored keys) in a group, or fewer
 * responses there than the threshold: else a report over the other
 * kiosks, set beside one with it, would single its one or two out. */
static void per_input_rule(Comments *c, const Tally *t)
{
	if (c->n) /* (qsort takes no NULL, even for none) */
		qsort(c->a, c->n, sizeof *c->a, by_input);
	for (size_t i = 0, j; i < c->n; i = j) {
		int distinct = 0;
		for (j = i; j < c->n && c->a[j].s == c->a[i].s && c->a[j].tp == c->a[i].tp &&
		            c->a[j].in == c->a[i].in; j++)
			if (c->a[i].s > 0)
				distinct += j == i || strcmp(c->a[j].k, c->a[j - 1].k);
		if (c->a[i].s > 0 && (distinct < REPORT_COMMENTS_MIN || c->a[i].resp < t->threshold))
			for (size_t x = i; x < j; x++)
				c->a[x].s = -1; /* freed with the rest left out */
	}
}

/* Keep the comments the rule lets show (README "Comments"): those that
 * count, of inputs that alone hold at least REPORT_COMMENTS_MIN of them
 * and the threshold of responses in their group, each once however many
 * files hold it (the same stored key: a copy whose id changed, a cloned
 * card), of groups holding at least REPORT_COMMENTS_MIN; each is drawn a
 * random key, so no report shows them in the order they were stored, nor
 * in the same order twice, and they are sorted by service, period and
 * key into the Report. */
static int keep_comments(Reading *rd, const Tally *t)
{
	Comments *c = &rd->com;
	ReportData *d = rd->r->data;
	int tp_of[TALLY_MAX_PERIODS];
	for (int i = 0; i < TALLY_MAX_PERIODS; i++)
		tp_of[i] = -1;
	for (int tp = 0; tp < t->nperiods; tp++)
		tp_of[rd->map[tp]] = tp;
	if (sodium_init() < 0)
		return fail(rd, 1, "libsodium: cannot initialise its random numbers");
	int *count = calloc((size_t)t->nservices * TALLY_MAX_PERIODS, sizeof *count);
	if (!count)
		return fail(rd, 1, "out of memory");
	for (size_t i = 0; i < c->n; i++)
		if (!comment_counts(rd, t, tp_of, &c->a[i]))
			c->a[i].s = -1;
	per_input_rule(c, t);
	if (c->n)
		qsort(c->a, c->n, sizeof *c->a, by_stored_key);
	for (size_t i = 0; i < c->n; i++) {
		Comment *m = &c->a[i];
		if (m->s > 0 && i > 0 && c->a[i - 1].s == m->s && c->a[i - 1].tp == m->tp &&
		    !strcmp(c->a[i - 1].k, m->k))
			m->s = -1; /* a copy of the one before it */
		else if (m->s > 0)
			count[m->s * TALLY_MAX_PERIODS + m->tp]++;
	}
	size_t k = 0;
	for (size_t i = 0; i < c->n; i++) {
		Comment m = c->a[i];
		if (m.s > 0 && count[m.s * TALLY_MAX_PERIODS + m.tp] >= REPORT_COMMENTS_MIN) {
			m.key = randombytes_random();
			c->a[k++] = m;
		} else {
			free(m.service);
			free(m.text);
			free(m.k);
		}
	}
	c->n = k;
	free(count);
	if (k) /* (qsort takes no NULL, even for none) */
		qsort(c->a, k, sizeof *c->a, by_comment);
	d->com = *c;
	memset(c, 0, sizeof *c);
	if (k && !(d->ctext = malloc(k * sizeof *d->ctext)))
		return fail(rd, 1, "out of memory");
	for (size_t i = 0; i < k; i++)
		d->ctext[i] = d->com.a[i].text;
	return 0;
}

int report_comments(const Report *r, int s, int p, const char *const **texts)
{
	const Comments *c = &r->data->com;
	size_t i = 0, n = 0;
	while (i < c->n && (c->a[i].s < s || (c->a[i].s == s && c->a[i].tp < p)))
		i++;
	while (i + n < c->n && c->a[i + n].s == s && c->a[i + n].tp == p)
		n++;
	if (texts)
		*texts = n ? r->data->ctext + i : NULL;
	return (int)n;
}

/* ---- the periods the report shows ------------------------------------- */

/* Every period the report could show: the months from start to to, and
 * the quarters ending in one of them (a file counts by month or by
 * quarter, which only reading it tells). */
static void all_periods(Reading *rd, int months)
{
	months_between(rd->start, rd->req->to, rd->all, months);
	rd->nall = months;
	for (int i = 0; i < months; i++) {
		int m = atoi(rd->all[i] + 5);
		if (m % 3 == 0) {
			char *q = rd->all[rd->nall++]; /* "2026-Q4" */
			memcpy(q, rd->all[i], 5);
			q[5] = 'Q';
			q[6] = (char)('0' + m / 3);
			q[7] = '\0';
		}
	}
}

/* One kind of period: the months, or the quarters when the files hold
 * quarters in the months asked for (a quarter beside a month would be
 * compared with it, and the poster would take one for the other). */
static int choose_periods(Reading *rd, int months, Tally *t)
{
	const ReportRequest *req = rd->req;
	const char *periods[TALLY_MAX_PERIODS];
	int quarters = 0, monthly = 0, np = 0, from = period_key(req->from);
	for (int i = 0; i < rd->seen.n; i++) {
		int k = period_key(rd->seen.label[i]);
		if (k >= from && k % 2)
			quarters++;
		else if (k >= from)
			monthly++;
	}
	if (quarters && monthly)
		return fail(rd, 2, "%s to %s: some files count by month and some by quarter; report them apart "
		            "(a quarter cannot be compared with a month)", req->from, req->to);
	for (int i = 0; i < months && !quarters; i++)
		periods[np++] = rd->all[i];
	for (int i = 0; i < rd->seen.n && quarters && np < TALLY_MAX_PERIODS; i++)
		if (period_key(rd->seen.label[i]) % 2)
			periods[np++] = rd->seen.label[i];
	qsort(periods, (size_t)np, sizeof *periods, by_period);
	if (tally_init(t, &rd->r->data->qs, req->threshold, periods, np))
		return fail(rd, 1, "out of memory");
	for (int p = 0; p < np; p++)
		rd->map[p] = all_index(rd, periods[p]);
	return 0;
}

/* ---- the Report ----------------------------------------------------------- */

typedef struct { const char *name; int s; } Named;

/* By name, "Not said" (the empty name) last. */
static int by_name(const void *a, const void *b)
{
	const char *x = ((const Named *)a)->name, *y = ((const Named *)b)->name;
	return !*x != !*y ? !*x - !*y : strcmp(x, y);
}

/* The services to show in display order, "ALL" last. */
static int order_services(Reading *rd)
{
	Report *r = rd->r;
	const Tally *t = r->t;
	Named *named = malloc(((size_t)t->nservices + 1) * sizeof *named);
	int n = 0, *out = malloc(((size_t)t->nservices + 1) * sizeof *out);
	r->data->order = out;
	if (!named || !out) {
		free(named);
		return fail(rd, 1, "out of memory");
	}
	for (int s = 1; s < t->nservices; s++)
		if (!r->service || !strcmp(t->service[s], r->service))
			named[n++] = (Named){ t->service[s], s };
	qsort(named, (size_t)n, sizeof *named, by_name);
	for (int i = 0; i < n; i++)
		out[i] = named[i].s;
	free(named);
	out[n++] = 0;
	r->order = out;
	r->norder = n;
	return 0;
}

/* The requested periods hold responses, and --service is one of them. */
static int check_found(Reading *rd)
{
	Report *r = rd->r;
	const ReportRequest *req = rd->req;
	const Tally *t = r->t;
	while (r->first < t->nperiods && period_key(t->period[r->first]) < period_key(req->from))
		r->first++;
	long total = 0;
	for (int p = r->first; p < t->nperiods; p++)
		total += t->responses[0][p];
	if (total == 0) {
		char q[16];
		strcpy(q, req->to);
		while (atoi(q + 5) % 3) /* the last month of --to's quarter */
			month_add(q, q, 1);
		if (store_period_closed(q, rd->now) != 1) /* not over: the quarter before */
			month_add(q, q, -3);
		return fail(rd, 2, "%s: no responses from %s to %s (a kiosk that counts by quarter is "
		            "reported in a quarter's last month, e.g. --month %s)", req->inputs[0], req->from,
		            req->to, q);
	}
	if (req->service && tally_service_index(t, req->service) < 0)
		return fail(rd, 2, "--service '%s': no responses for this service from %s to %s", req->service,
		            req->from, req->to);
	return 0;
}

/* Every input's counts into rd->total, then the periods kept into t.
 * The steps, and so which of several faults is told, go in the order
 * the command always took: the files, the kind of period, copies, each
 * file's counts. */
static int read_all(Reading *rd, int months, Tally *t)
{
	int n = rd->req->ninputs, rc;
	all_periods(rd, months);
	if (init_all(rd, &rd->total))
		return fail(rd, 1, "out of memory");
	if ((rc = survey_inputs(rd)))
		return rc;
	for (int i = 0; i < n; i++) {
		memset(rd->in[i].counted, rd->in[i].twins ? 2 : 1, sizeof rd->in[i].counted);
		if ((rc = read_input(rd, i)))
			return rc;
	}
	if ((rc = choose_periods(rd, months, t)))
		return rc;
	for (int i = 0; i < n; i++) /* a copy's whole counts are compared: its reading must have ended */
		if (rd->in[i].twins && rd->in[i].failed)
			return fail(rd, 2, "%s", rd->in[i].failed);
	decide_copies(rd, t);
	if ((rc = refusals(rd, t)))
		return rc;
	for (int i = 0; i < n; i++)
		if (rd->in[i].twins && tally_merge(&rd->total, &rd->in[i].part))
			return fail(rd, 2, "%s: %s", rd->req->inputs[i], rd->total.error);
	warn_same_counts(rd, t);
	if (tally_keep(t, &rd->total))
		return fail(rd, 2, "%s: %s", rd->req->inputs[0], t->error);
	tally_finish(t);
	return keep_comments(rd, t);
}

static void free_reading(Reading *rd)
{
	for (int i = 0; rd->in && i < rd->req->ninputs; i++) {
		Input *in = &rd->in[i];
		for (size_t k = 0; k < in->ne; k++)
			free(in->e[k].key);
		free(in->e);
		free(in->bad);
		free(in->failed);
		tally_free(&in->part);
	}
	free(rd->in);
	free_comments(&rd->com);
	free(rd->seen.label);
	free(rd->warned);
	tally_free(&rd->part);
	tally_free(&rd->total);
}

/* Leave question q out of the report: an optional question (fft.overall)
 * that no file holds a count of is not listed at all.  The tally's cells
 * and every loaded language's question texts follow the set. */
static void drop_question(ReportData *d, int q)
{
	for (int i = 0; i < d->nlangs; i++) {
		char **text = d->langs[i].question;
		free(text[q]);
		memmove(&text[q], &text[q + 1], (size_t)(d->qs.n - q - 1) * sizeof *text);
		text[d->qs.n - 1] = NULL;
	}
	tally_drop_question(&d->tally, &d->qs, q);
}

int report_read(Report *r, const ReportRequest *req, char *err, size_t errlen)
{
	Reading rd = { .req = req, .r = r, .now = time(NULL), .err = err, .errlen = errlen };
	char dir[1024], path[1100], e[1024];
	memset(r, 0, sizeof *r);
	ReportData *d = r->data = calloc(1, sizeof *d);
	if (!d)
		return fail(&rd, 1, "out of memory");
	snprintf(d->from, sizeof d->from, "%s", req->from);
	snprintf(d->to, sizeof d->to, "%s", req->to);
	*r = (Report){ .qs = &d->qs, .t = &d->tally, .service = req->service, .from = d->from,
	               .to = d->to, .data = d };
	snprintf(dir, sizeof dir, "%s/strings", util_asset_dir());
	snprintf(path, sizeof path, "%s/questions.ini", dir);
	if (qset_load(path, &d->qs, e, sizeof e))
		return fail(&rd, 2, "%s", e);
	/* read the 12 months before `to` too, for the trend (CSV shows none) */
	month_add(rd.start, req->to, 1 - REPORT_TREND);
	if (strcmp(req->from, rd.start) < 0 || !req->trend)
		strcpy(rd.start, req->from);
	int months = months_between(rd.start, req->to, NULL, 0);
	if (months > REPORT_MAX_MONTHS)
		return fail(&rd, 2, "%s to %s: at most %d months in one report", req->from, req->to,
		            REPORT_MAX_MONTHS);
	int rc = (rd.in = calloc((size_t)req->ninputs, sizeof *rd.in)) ? 0 : fail(&rd, 1, "out of memory");
	if (!rc)
		rc = read_all(&rd, months, &d->tally);
	free_reading(&rd);
	if (!rc)
		rc = check_found(&rd);
	if (!rc && req->languages)
		rc = load_languages(&rd, dir);
	for (int q = d->qs.n - 1; !rc && q >= 0; q--) /* fft.overall where no kiosk asks it */
		if (d->qs.q[q].optional && !tally_question_used(&d->tally, q))
			drop_question(d, q);
	if (!rc)
		rc = order_services(&rd);
	return rc;
}

void report_free(Report *r)
{
	ReportData *d = r->data;
	if (d) {
		for (int i = 0; i < d->nlangs; i++)
			strings_free(&d->langs[i]);
		tally_free(&d->tally);
		free(d->order);
		free_comments(&d->com);
		free(d->ctext);
		free(d);
	}
	memset(r, 0, sizeof *r);
}

/* ---- what any format may print ---------------------------------------- */

const char *report_hidden(const Report *r, int why, char *buf)
{
	(void)r, (void)why, (void)buf;
	return "not shown";
}

const char *report_service_name(const Report *r, int s)
{
	return r->t->service[s][0] ? r->t->service[s] : "Not said";
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
