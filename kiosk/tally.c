/* tally.c - counting, intervals and suppression for heard-report.
 * Start reading at tally_finish(). */
#include "tally.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

double tally_construct(const Tally *t, int s, int p, const char *construct)
{
	double sum = 0;
	int n = 0;
	for (int q = 0; q < t->qs->n; q++) {
		if (strcmp(t->qs->q[q].construct, construct))
			continue;
		const Cell *c = &t->cell[s][p][q];
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
	const Cell *c = &t->cell[s][p][q];
	if (c->suppressed || cell_answered(c) == 0)
		return -1;
	return (int)lround(cell_top_two(c).pct / 10);
}

/* ---- adding rows ------------------------------------------------------- */

int tally_init(Tally *t, const QuestionSet *qs, int threshold,
               const char *const periods[], int nperiods)
{
	if (nperiods < 1 || nperiods > TALLY_MAX_PERIODS)
		return -1;
	t->qs = qs;
	t->threshold = threshold < TALLY_MIN_THRESHOLD ? TALLY_MIN_THRESHOLD : threshold;
	t->nservices = 1;
	strcpy(t->service[0], "ALL");
	t->nperiods = nperiods;
	for (int i = 0; i < nperiods; i++)
		strncpy(t->period[i], periods[i], sizeof t->period[i] - 1);
	return 0;
}

int tally_service_index(const Tally *t, const char *name)
{
	for (int i = 1; i < t->nservices; i++)
		if (!strcmp(t->service[i], name))
			return i;
	return -1;
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
		if (t->nservices == TALLY_MAX_SERVICES || strlen(service) >= sizeof t->service[0]) {
			snprintf(t->error, sizeof t->error, "more than %d services, or a service name over %d bytes",
			         TALLY_MAX_SERVICES - 1, (int)sizeof t->service[0] - 1);
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
	Cell *c = &t->cell[s][p][q];
	if (value >= 1 && value <= 5)
		c->v[value] += (long)n;
	else if (value == 0)
		c->skipped += (long)n;
	else if (value == -1)
		c->na += (long)n;
	return 0;
}

/* ---- suppression ------------------------------------------------------- */

/* Secondary suppression along one line of groups: size[0] is ALL, the
 * rest are services, hidden[] their suppression.  If exactly one group
 * that has any responses is hidden, ALL minus the shown ones would give
 * it away, so hide the smallest shown group that has responses too, or
 * else ALL.  Empty groups (a service with nobody this month, a question
 * its kiosk never asks) are known to be zero: they hide nothing and are
 * no cover.  Returns 1 when it hid one more. */
static int protect(const long size[], int hidden[], int n)
{
	int nhidden = 0, smallest = -1;
	for (int s = 1; s < n; s++) {
		if (size[s] == 0)
			continue;
		if (hidden[s])
			nhidden++;
		else if (smallest < 0 || size[s] < size[smallest])
			smallest = s;
	}
	if (nhidden != 1 || hidden[0])
		return 0;
	hidden[smallest >= 0 ? smallest : 0] = 2;
	return 1;
}

static long cell_total(const Cell *c) { return cell_answered(c) + c->skipped + c->na; }

static void sum_all(Tally *t)
{
	for (int p = 0; p < t->nperiods; p++) {
		t->responses[0][p] = 0;
		for (int s = 1; s < t->nservices; s++)
			t->responses[0][p] += t->responses[s][p];
		for (int q = 0; q < t->qs->n; q++) {
			Cell *all = &t->cell[0][p][q];
			memset(all, 0, sizeof *all);
			for (int s = 1; s < t->nservices; s++) {
				const Cell *c = &t->cell[s][p][q];
				for (int v = 1; v <= 5; v++)
					all->v[v] += c->v[v];
				all->skipped += c->skipped;
				all->na += c->na;
			}
		}
	}
}

void tally_finish(Tally *t)
{
	long size[TALLY_MAX_SERVICES];
	int hidden[TALLY_MAX_SERVICES];
	sum_all(t);
	for (int p = 0; p < t->nperiods; p++) {
		/* 1. response counts: a service with too few shows nothing at all */
		for (int s = 0; s < t->nservices; s++) {
			size[s] = t->responses[s][p];
			hidden[s] = size[s] < t->threshold;
		}
		while (protect(size, hidden, t->nservices))
			;
		for (int s = 0; s < t->nservices; s++)
			t->resp_suppressed[s][p] = hidden[s];
		/* 2. each question: hidden with its service, or for too few answers,
		 * then 3. protected like the counts */
		for (int q = 0; q < t->qs->n; q++) {
			for (int s = 0; s < t->nservices; s++) {
				Cell *c = &t->cell[s][p][q];
				size[s] = cell_total(c);
				hidden[s] = cell_answered(c) < t->threshold ? 1 : t->resp_suppressed[s][p] ? 2 : 0;
			}
			while (protect(size, hidden, t->nservices))
				;
			for (int s = 0; s < t->nservices; s++)
				t->cell[s][p][q].suppressed = hidden[s];
		}
	}
}
