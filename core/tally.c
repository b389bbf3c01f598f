/* tally.c - counting, intervals and suppression for heard-report.
 * Start reading at tally_finish(). */
#include "tally.h"
#include "util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- statistics -------------------------------------------------------- */

long cell_answered(const Cell *c)
{
	return c->v[1] + c->v[2] + c->v[3] + c->v[4] + c->v[5];
}

Prop prop_wilson(long k, long n)
{
	const double z = 1.959963984540054, z2 = z * z;
	if (n <= 0)
		return (Prop){ 0, 0, 0 };
	double p = (double)k / (double)n, nn = (double)n;
	double denom = 1 + z2 / nn;
	double centre = (p + z2 / (2 * nn)) / denom;
	double half = z * sqrt(p * (1 - p) / nn + z2 / (4 * nn * nn)) / denom;
	double lo = centre - half, hi = centre + half;
	return (Prop){ 100 * p, 100 * (lo < 0 ? 0 : lo), 100 * (hi > 1 ? 1 : hi) };
}

Prop cell_top_box(const Cell *c) { return prop_wilson(c->v[5], cell_answered(c)); }
Prop cell_top_two(const Cell *c) { return prop_wilson(c->v[4] + c->v[5], cell_answered(c)); }

static long cell_total(const Cell *c);
static int period_index(const Tally *t, const char *p);

double tally_construct(const Tally *t, int s, int p, const char *construct)
{
	double sum = 0;
	int n = 0;
	for (int q = 0; q < t->qs->n; q++) {
		if (strcmp(t->qs->q[q].construct, construct))
			continue;
		const Cell *c = tally_cell(t, s, p, q);
		if (t->responses[s][p] > 0 && cell_total(c) == 0)
			continue; /* a question this kiosk does not ask */
		if (c->suppressed || cell_answered(c) == 0)
			return -1;
		sum += cell_top_box(c).pct;
		n++;
	}
	return n ? sum / n : -1;
}

int tally_in_ten(const Tally *t, int s, int p, const char *qid)
{
	int q = qset_find(t->qs, qid);
	if (q < 0 || s < 0 || s >= t->nservices || p < 0 || p >= t->nperiods)
		return -1;
	Cell sum = *tally_cell(t, s, p, q);
	if (s == 0 && sum.suppressed) { /* ALL hidden: the services shown, together */
		memset(&sum, 0, sizeof sum);
		for (int k = 1; k < t->nservices; k++) {
			const Cell *c = tally_cell(t, k, p, q);
			for (int v = 1; v <= 5 && !c->suppressed; v++)
				sum.v[v] += c->v[v];
		}
	}
	if (sum.suppressed || cell_answered(&sum) == 0)
		return -1;
	return (int)lround(cell_top_two(&sum).pct / 10);
}

/* ---- adding rows ------------------------------------------------------- */

/* Room for at least n services; new room all zeros.  0 or -1. */
static int grow(Tally *t, int n)
{
	if (n <= t->cap)
		return 0;
	int cap = t->cap ? t->cap : 8;
	while (cap < n)
		cap *= 2;
	size_t old = (size_t)t->cap, neu = (size_t)cap, per = (size_t)t->nperiods * (size_t)t->qs->n;
	void *a = realloc(t->service, neu * sizeof *t->service);
	if (a) t->service = a;
	void *b = a ? realloc(t->responses, neu * sizeof *t->responses) : NULL;
	if (b) t->responses = b;
	void *c = b ? realloc(t->resp_suppressed, neu * sizeof *t->resp_suppressed) : NULL;
	if (c) t->resp_suppressed = c;
	void *d = c ? realloc(t->cells, neu * per * sizeof *t->cells) : NULL;
	if (!d)
		return -1;
	t->cells = d;
	memset(t->service + old, 0, (neu - old) * sizeof *t->service);
	memset(t->responses + old, 0, (neu - old) * sizeof *t->responses);
	memset(t->resp_suppressed + old, 0, (neu - old) * sizeof *t->resp_suppressed);
	memset(t->cells + old * per, 0, (neu - old) * per * sizeof *t->cells);
	t->cap = cap;
	return 0;
}

int tally_init(Tally *t, const QuestionSet *qs, int threshold,
               const char *const periods[], int nperiods)
{
	if (nperiods < 1 || nperiods > TALLY_MAX_PERIODS)
		return -1;
	t->qs = qs;
	t->threshold = threshold < TALLY_MIN_THRESHOLD ? TALLY_MIN_THRESHOLD : threshold;
	t->nperiods = nperiods;
	for (int i = 0; i < nperiods; i++)
		strncpy(t->period[i], periods[i], sizeof t->period[i] - 1);
	if (grow(t, 8))
		return -1;
	t->nservices = 1;
	strcpy(t->service[0], "ALL");
	return 0;
}

/* Add the counts of service s in period p of from into t, under the
 * same service name and period label.  0, or -1 as tally_add(). */
static int add_group(Tally *t, const Tally *from, int s, int p)
{
	const char *name = from->service[s], *label = from->period[p];
	long n = from->responses[s][p];
	if (n && tally_add(t, name, label, NULL, 0, n))
		return -1;
	for (int q = 0; q < from->qs->n; q++) {
		const Cell *c = tally_cell(from, s, p, q);
		const char *qid = from->qs->q[q].id;
		for (int v = 1; v <= 5; v++)
			if (c->v[v] && tally_add(t, name, label, qid, v, c->v[v]))
				return -1;
		if ((c->skipped && tally_add(t, name, label, qid, 0, c->skipped)) ||
		    (c->na && tally_add(t, name, label, qid, -1, c->na)))
			return -1;
	}
	return 0;
}

int tally_merge(Tally *t, const Tally *part)
{
	for (int s = 1; s < part->nservices; s++) {
		const char *name = part->service[s];
		for (int p = 0; p < part->nperiods; p++) {
			long n = part->responses[s][p];
			if (add_group(t, part, s, p))
				return -1;
			/* a kiosk's small part hides the whole group: a report over
			 * fewer kiosks would otherwise give it away by subtraction */
			int ts = tally_service_index(t, name), tp = period_index(t, part->period[p]);
			if (ts < 0 || tp < 0)
				continue;
			if (n > 0 && n < t->threshold)
				t->resp_suppressed[ts][tp] = 1;
			for (int q = 0; q < part->qs->n; q++) {
				const Cell *c = tally_cell(part, s, p, q);
				long answered = cell_answered(c), all = answered + c->skipped + c->na;
				if (all > 0 && answered < t->threshold) /* skips alone are a part too */
					tally_cell(t, ts, tp, q)->suppressed = 1;
			}
		}
	}
	return 0;
}

int tally_keep(Tally *t, const Tally *from)
{
	for (int s = 1; s < from->nservices; s++)
		for (int p = 0; p < from->nperiods; p++) {
			int ts, tp = period_index(t, from->period[p]);
			if (tp < 0)
				continue;
			if (add_group(t, from, s, p))
				return -1;
			if ((ts = tally_service_index(t, from->service[s])) < 0)
				continue; /* nothing counted there */
			t->resp_suppressed[ts][tp] |= from->resp_suppressed[s][p];
			for (int q = 0; q < from->qs->n; q++)
				tally_cell(t, ts, tp, q)->suppressed |= tally_cell(from, s, p, q)->suppressed;
		}
	return 0;
}

int tally_question_used(const Tally *t, int q)
{
	for (int s = 0; s < t->nservices; s++)
		for (int p = 0; p < t->nperiods; p++)
			if (cell_total(tally_cell(t, s, p, q)) > 0)
				return 1;
	return 0;
}

void tally_drop_question(Tally *t, QuestionSet *qs, int q)
{
	size_t n = (size_t)qs->n, groups = (size_t)t->cap * (size_t)t->nperiods, to = 0;
	for (size_t g = 0; g < groups; g++) /* in place: every cell moves down, never up */
		for (size_t k = 0; k < n; k++)
			if (k != (size_t)q)
				t->cells[to++] = t->cells[g * n + k];
	memmove(&qs->q[q], &qs->q[q + 1], (n - (size_t)q - 1) * sizeof qs->q[0]);
	qs->n--;
}

void tally_free(Tally *t)
{
	free(t->service);
	free(t->responses);
	free(t->resp_suppressed);
	free(t->cells);
	memset(t, 0, sizeof *t);
}

int tally_service_index(const Tally *t, const char *name)
{
	for (int i = 1; i < t->nservices; i++)
		if (!strcmp(t->service[i], name))
			return i;
	return -1;
}

/* Is v equal to name in any case, spaces around it (ASCII or no-break)
 * and invisible characters anywhere (zero-width, direction marks, soft
 * hyphen) left out?  "A\u200bLL" reads as "ALL". */
static int same_name(const char *v, const char *name)
{
	char plain[256];
	size_t n = 0;
	while (*v && n + 5 < sizeof plain) {
		unsigned cp;
		int len = util_utf8(v, &cp);
		int invisible = len && (cp == 0xad || (cp >= 0x200b && cp <= 0x200f) ||
		                        (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2060 && cp <= 0x2069) ||
		                        cp == 0xfeff);
		if (!invisible)
			for (int i = 0; i < (len ? len : 1); i++)
				plain[n++] = v[i];
		v += len ? len : 1;
	}
	plain[n] = '\0';
	const char *p = plain;
	for (;;) {
		if (*p == ' ')
			p++, n--;
		else if (!strncmp(p, "\xc2\xa0", 2))
			p += 2, n -= 2;
		else
			break;
	}
	for (;;) {
		if (n && p[n - 1] == ' ')
			n--;
		else if (n >= 2 && !strncmp(p + n - 2, "\xc2\xa0", 2))
			n -= 2;
		else
			break;
	}
	return n == strlen(name) && !strncasecmp(p, name, n);
}

const char *tally_row_name(const char *name)
{
	static const char *const rows[] = { "ALL", "Not said" }; /* heard-report's own rows (report_data.c) */
	for (size_t i = 0; i < sizeof rows / sizeof *rows; i++)
		if (same_name(name, rows[i]))
			return rows[i];
	return NULL;
}

static int period_index(const Tally *t, const char *p)
{
	for (int i = 0; i < t->nperiods; i++)
		if (!strcmp(t->period[i], p))
			return i;
	return -1;
}

int tally_add(void *user, const char *service, const char *period, const char *question,
              int value, long long n)
{
	Tally *t = user;
	int p = period_index(t, period);
	if (p < 0)
		return 0;
	int s = tally_service_index(t, service);
	if (s < 0) {
		if (strlen(service) >= sizeof t->service[0]) {
			snprintf(t->error, sizeof t->error, "a service name over %d bytes",
			         (int)sizeof t->service[0] - 1);
			return -1;
		}
		if (tally_row_name(service)) {
			snprintf(t->error, sizeof t->error, "holds a service named like the report's own "
			         "'%s' row, which it would pass for (not a file a kiosk writes)",
			         tally_row_name(service));
			return -1;
		}
		if (t->nservices == 1 << 20 || grow(t, t->nservices + 1)) {
			snprintf(t->error, sizeof t->error, "out of memory for %d services", t->nservices);
			return -1;
		}
		s = t->nservices++;
		strcpy(t->service[s], service);
	}
	if (n > TALLY_MAX_COUNT) {
		snprintf(t->error, sizeof t->error, "a count of %lld, more than a kiosk can hold (damaged file)", n);
		return -1;
	}
	if (!question) {
		t->responses[s][p] += (long)n;
		return 0;
	}
	int q = qset_find(t->qs, question);
	if (q < 0)
		return 0; /* a question no longer in the set */
	Cell *c = tally_cell(t, s, p, q);
	if (value >= 1 && value <= 5)
		c->v[value] += (long)n;
	else if (value == 0)
		c->skipped += (long)n;
	else if (value == -1)
		c->na += (long)n;
	return 0;
}

/* ---- suppression ------------------------------------------------------- */

/* The figures of one line of groups that a reader could subtract: for
 * the response counts one (the count), for a question seven (each value
 * 1..5, skipped, does not apply; their sums follow). */
#define PARTS 7
typedef struct {
	long part[PARTS];
} Group;

/* Complementary suppression along one line: g[0] is ALL, the rest are
 * services, hidden[] their suppression.  ALL minus the shown services
 * leaves what the hidden ones hold together, so ALL is shown only when
 * that is nothing at all.  A remainder of the threshold or more is not
 * enough: every hidden service is known to hold fewer than the
 * threshold (only ALL is ever hidden to protect another), and a total
 * of, say, 18 over two groups of at most 9 gives both away.  Hiding more
 * services instead would take from managers the per-service figures
 * they act on, to keep a total their sum stands in for (tally_in_ten). */
static void protect(const Group g[], int hidden[], int n)
{
	for (int s = 1; s < n && !hidden[0]; s++)
		for (int k = 0; k < PARTS && hidden[s]; k++)
			if (g[s].part[k] != 0)
				hidden[0] = 2;
}

static long cell_total(const Cell *c) { return cell_answered(c) + c->skipped + c->na; }

static void sum_all(Tally *t)
{
	for (int p = 0; p < t->nperiods; p++) {
		t->responses[0][p] = 0;
		for (int s = 1; s < t->nservices; s++)
			t->responses[0][p] += t->responses[s][p];
		for (int q = 0; q < t->qs->n; q++) {
			Cell *all = tally_cell(t, 0, p, q);
			memset(all, 0, sizeof *all);
			for (int s = 1; s < t->nservices; s++) {
				const Cell *c = tally_cell(t, s, p, q);
				for (int v = 1; v <= 5; v++)
					all->v[v] += c->v[v];
				all->skipped += c->skipped;
				all->na += c->na;
			}
		}
	}
}

/* One period: response counts, then each question. */
static void finish_period(Tally *t, int p, Group g[], int hidden[])
{
	int n = t->nservices;
	/* 1. response counts: a service with too few shows nothing at all */
	for (int s = 0; s < n; s++) {
		g[s] = (Group){ { 0 } };
		g[s].part[0] = t->responses[s][p];
		hidden[s] = t->responses[s][p] < t->threshold || t->resp_suppressed[s][p];
	}
	protect(g, hidden, n);
	for (int s = 0; s < n; s++)
		t->resp_suppressed[s][p] = hidden[s];
	/* 2. each question: hidden with its service, or for too few answers,
	 * then 3. protected like the counts, value by value */
	for (int q = 0; q < t->qs->n; q++) {
		for (int s = 0; s < n; s++) {
			const Cell *c = tally_cell(t, s, p, q);
			g[s] = (Group){ { 0 } };
			for (int v = 1; v <= 5; v++)
				g[s].part[v - 1] = c->v[v];
			g[s].part[5] = c->skipped;
			g[s].part[6] = c->na;
			hidden[s] = cell_answered(c) < t->threshold || c->suppressed ? 1
			          : t->resp_suppressed[s][p] ? 2 : 0;
		}
		protect(g, hidden, n);
		for (int s = 0; s < n; s++)
			tally_cell(t, s, p, q)->suppressed = hidden[s];
	}
}

void tally_finish(Tally *t)
{
	Group *g = malloc((size_t)t->nservices * sizeof *g);
	int *hidden = malloc((size_t)t->nservices * sizeof *hidden);
	sum_all(t);
	for (int p = 0; p < t->nperiods; p++) {
		if (g && hidden) {
			finish_period(t, p, g, hidden);
			continue;
		}
		for (int s = 0; s < t->nservices; s++) { /* out of memory: show nothing */
			t->resp_suppressed[s][p] = 1;
			for (int q = 0; q < t->qs->n; q++)
				tally_cell(t, s, p, q)->suppressed = 1;
		}
	}
	free(g);
	free(hidden);
}
