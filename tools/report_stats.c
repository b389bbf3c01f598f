/* report_stats.c - when is a change more than chance?  The run-chart
 * rules on a service's 12 months, the "month beyond its interval" check,
 * and the month-to-month two-proportion test, then the one-page summary
 * those give each service (report_summary()), in plain words that the
 * text and HTML writers print as they are.  Everything here reads only
 * figures the report shows: a hidden month is no point on a chart and
 * takes no part in a test (docs/design.md, "Reporting rules").
 * Start at report_summary(). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "util.h"

#define Z95 1.959963984540054 /* the normal quantile of 0.975 */

/* ---- the rules on a series ------------------------------------------------ */

/* The run-chart rules as the NHS and IHI teach them (Perla, Provost and
 * Murray, "The run chart: a simple analytical tool for learning from
 * variation in healthcare processes", BMJ Qual Saf 2011;20:46-51; NHS
 * Improvement, "Run charts" guide):
 *  - a shift is 6 or more consecutive points all above or all below the
 *    median; a point on the median neither breaks nor adds to a shift;
 *  - a trend is 5 or more consecutive points all going up or all going
 *    down; a point equal to the one before neither breaks nor adds to it.
 * Missing points (v < 0: a month not shown, or before any answers) are no
 * points: the chart joins the points either side, and so do the rules. */
int stats_shift(const double *v, int n, double median, int *len, int *end)
{
	int run = 0, side = 0, found = 0, flen = 0, fend = -1;
	for (int i = 0; i < n; i++) {
		if (v[i] < 0 || v[i] == median)
			continue;
		int s = v[i] > median ? 1 : -1;
		run = s == side ? run + 1 : 1;
		side = s;
		if (run >= 6) { /* the latest shift wins: it says most about now */
			found = side;
			flen = run;
			fend = i;
		}
	}
	if (len)
		*len = flen;
	if (end)
		*end = fend;
	return found;
}

int stats_trend(const double *v, int n, int *len, int *end)
{
	int run = 0, dir = 0, found = 0, flen = 0, fend = -1; /* run: points in the current run */
	double last = -1;
	for (int i = 0; i < n; i++) {
		if (v[i] < 0)
			continue;
		if (last < 0 || v[i] == last) {
			if (last < 0)
				run = 1;
			last = v[i];
			continue;
		}
		int d = v[i] > last ? 1 : -1;
		run = d == dir ? run + 1 : 2; /* a turn: the point before starts the new run */
		dir = d;
		last = v[i];
		if (run >= 5) {
			found = dir;
			flen = run;
			fend = i;
		}
	}
	if (len)
		*len = flen;
	if (end)
		*end = fend;
	return found;
}

/* The Wilson score interval of k "yes" of n (k need not be whole: a
 * construct's score times its questions' mean count), in percent. */
Prop stats_wilson(double k, double n)
{
	if (n <= 0)
		return (Prop){ 0, 0, 0 };
	double p = k / n, z2 = Z95 * Z95, d = 1 + z2 / n;
	double c = (p + z2 / (2 * n)) / d, h = Z95 * sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / d;
	return (Prop){ 100 * p, 100 * fmax(0, c - h), 100 * fmin(1, c + h) };
}

/* "A month beyond the interval": +1 when the whole 95% interval of this
 * month lies above the median of the 12 months, -1 below, else 0 (the
 * median is a value this month could well have given). */
int stats_beyond(Prop month, double median)
{
	return month.low > median ? 1 : month.high < median ? -1 : 0;
}

/* Two proportions k1/n1 and k2/n2: the pooled two-sided z-test's p value
 * (1 when the pooled proportion is 0 or 1: nothing varies); -1 when
 * either group is empty. */
double stats_two_prop_p(double k1, double n1, double k2, double n2)
{
	if (n1 <= 0 || n2 <= 0)
		return -1;
	double p = (k1 + k2) / (n1 + n2), se = sqrt(p * (1 - p) * (1 / n1 + 1 / n2));
	if (se <= 0)
		return 1;
	double z = (k1 / n1 - k2 / n2) / se;
	return erfc(fabs(z) / sqrt(2.0));
}

/* ---- what the report shows ------------------------------------------------- */

void report_month_name(char buf[16], const char *period)
{
	static const char *const mon[12] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
	                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	int m = 0;
	if (strlen(period) == 7 && period[4] == '-' && period[5] == 'Q')
		snprintf(buf, 16, "Q%c %.4s", period[6], period);
	else if (strlen(period) == 7 && period[4] == '-' && sscanf(period + 5, "%2d", &m) == 1 && m >= 1 && m <= 12)
		snprintf(buf, 16, "%s %.4s", mon[m - 1], period);
	else
		snprintf(buf, 16, "%.15s", period);
}

const char *report_points(char buf[32], double d)
{
	long n = lround(fabs(d));
	snprintf(buf, 32, "%s%ld %s", n == 0 ? "" : d > 0 ? "+" : "-", n, n == 1 ? "point" : "points");
	return buf;
}

/* Before it, the service had no answers at all: "no answers yet" tells
 * that apart from a month hidden for being small. */
int report_first_answers(const Report *r, int s)
{
	for (int p = 0; p < r->t->nperiods; p++)
		if (r->t->responses[s][p] > 0)
			return p;
	return r->t->nperiods;
}

/* Construct k of service s in period p as a proportion with a count: the
 * score (the mean of its questions' top-box %) of the mean number who
 * answered them.  A client answers all of a construct's questions, so
 * their answers are not independent: the mean count, not the sum, is the
 * honest size.  0 when the construct is not shown. */
int report_construct_prop(const Report *r, int s, int p, int k, double *pct, double *n)
{
	double v = p >= 0 && p < r->t->nperiods ? tally_construct(r->t, s, p, report_constructs[k]) : -1;
	if (v < 0)
		return 0;
	double sum = 0;
	int nq = 0;
	for (int q = 0; q < r->qs->n; q++) {
		const Cell *c = tally_cell(r->t, s, p, q);
		if (strcmp(r->qs->q[q].construct, report_constructs[k]) || cell_answered(c) == 0)
			continue;
		sum += (double)cell_answered(c);
		nq++;
	}
	if (!nq)
		return 0;
	*pct = v;
	*n = sum / nq;
	return 1;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* The summary reads the figures as the report shows them: each month's
 * score rounded to a whole percent, as in the 12-month table.  The
 * run-chart rules run on those rounded values (two months both shown as
 * 73 are equal: the second neither breaks a trend nor adds to it), the
 * median is theirs, and a change from last month is the difference of
 * the two rounded figures, so "+2 points" is what a reader of 15 then 17
 * works out.  Only the two-proportion test's p and the 95% interval use
 * the exact counts. */
/* A percentage as the report prints it ("%.0f": the nearest whole, an
 * exact half to the even one, 2.5 as 2), so a sentence and the table
 * beside it never differ by one. */
static double shown(double pct)
{
	return rint(pct);
}

void report_signal(const Report *r, int s, int k, ReportSignal *g)
{
	const Tally *t = r->t;
	memset(g, 0, sizeof *g);
	int last = t->nperiods - 1, p0 = t->nperiods - REPORT_TREND, nv = 0;
	double v[REPORT_TREND], sorted[REPORT_TREND], n;
	for (int i = 0, p = p0; p < t->nperiods; p++, i++) {
		double x = p >= 0 ? tally_construct(t, s, p, report_constructs[k]) : -1;
		v[i] = x >= 0 ? shown(x) : -1;
		if (v[i] >= 0)
			sorted[nv++] = v[i];
	}
	g->median = -1;
	if (nv) {
		qsort(sorted, (size_t)nv, sizeof *sorted, cmp_double);
		g->median = nv % 2 ? sorted[nv / 2] : (sorted[nv / 2 - 1] + sorted[nv / 2]) / 2;
	}
	g->shown = report_construct_prop(r, s, last, k, &g->pct, &n);
	if (g->shown) {
		g->ci = stats_wilson(g->pct / 100 * n, n);
		if (g->median >= 0) /* as shown: an interval printed "60 to 79" is not above 60 */
			g->beyond = stats_beyond((Prop){ shown(g->ci.pct), shown(g->ci.low),
			                                 shown(g->ci.high) }, shown(g->median));
	}
	/* the first and last shown months: where the year started and ended */
	g->span_from = g->span_to = -1;
	for (int i = 0; i < REPORT_TREND; i++)
		if (v[i] >= 0) {
			if (g->span_from < 0) {
				g->span_from = i + p0;
				g->from_pct = v[i];
			}
			g->span_to = i + p0;
			g->to_pct = v[i];
		}
	if (g->median >= 0)
		g->shift = stats_shift(v, REPORT_TREND, g->median, &g->shift_len, &g->shift_end);
	g->trend = stats_trend(v, REPORT_TREND, &g->trend_len, &g->trend_end);
	/* a shift or trend says where things are going now only when it
	 * reaches the last shown point: every shown point after its end is
	 * one the rule neither counts nor breaks on (on the median; equal to
	 * the trend's last).  An earlier one is history, told as such. */
	int shift_now = g->shift != 0, trend_now = g->trend != 0;
	for (int i = g->shift ? g->shift_end + 1 : REPORT_TREND; i < REPORT_TREND; i++)
		if (v[i] >= 0 && v[i] != g->median)
			shift_now = 0;
	for (int i = g->trend ? g->trend_end + 1 : REPORT_TREND; i < REPORT_TREND; i++)
		if (v[i] >= 0 && v[i] != v[g->trend_end])
			trend_now = 0;
	g->shift_now = shift_now;
	g->trend_now = trend_now;
	g->dir = trend_now ? g->trend : shift_now ? g->shift : g->beyond;
	if (g->shift) { /* periods: the run's first and last month */
		g->shift_end += p0;
		g->shift_start = g->shift_end;
		for (int i = g->shift_end - p0, c = 0; i >= 0 && c < g->shift_len; i--)
			if (v[i] >= 0 && v[i] != g->median && ++c == g->shift_len)
				g->shift_start = i + p0;
	}
	if (g->trend) { /* back from its end: trend_len values, and any equal to its first */
		int c = 0;
		double prev = -1;
		g->trend_start = g->trend_end;
		for (int i = g->trend_end; i >= 0; i--) {
			if (v[i] < 0)
				continue;
			if (prev < 0 || v[i] != prev) {
				if (c == g->trend_len)
					break;
				c++;
			}
			g->trend_start = i;
			prev = v[i];
		}
		g->trend_start += p0;
		g->trend_end += p0;
	}
	/* the latest run that has ended: "no clear change since" its end */
	g->earlier_end = -1;
	if (g->trend && !trend_now)
		g->earlier_end = g->trend_end;
	if (g->shift && !shift_now && g->shift_end > g->earlier_end)
		g->earlier_end = g->shift_end;
	double pb, nb;
	if (g->shown && report_construct_prop(r, s, last - 1, k, &pb, &nb)) {
		g->change_ok = 1;
		g->change = shown(g->pct) - shown(pb);
		g->p = stats_two_prop_p(g->pct / 100 * n, n, pb / 100 * nb, nb);
		g->more_than_chance = g->p >= 0 && g->p < 0.05;
	}
}

/* The plain sentences of what stands out for service s, construct k, one
 * per line into out; the number written.  A run that reached the last
 * month says where things are going; one that ended before is told as
 * "Earlier:", with the word that it has not gone on. */
int report_standout(const Report *r, int s, int k, char out[][256], int max)
{
	ReportSignal g;
	report_signal(r, s, k, &g);
	const char *what = report_constructs[k];
	char prev[16], pts[32];
	int n = 0;
	if (r->t->nperiods >= 2)
		report_month_name(prev, r->t->period[r->t->nperiods - 2]);
	char a[16], b[16];
	if (g.trend && n < max) {
		report_month_name(a, r->t->period[g.trend_start]);
		report_month_name(b, r->t->period[g.trend_end]);
		if (g.trend_now)
			snprintf(out[n++], 256, "Felt %s: went %s %d months in a row, %s to %s. This is more than chance.",
			         what, g.trend > 0 ? "up" : "down", g.trend_len, a, b);
		else
			snprintf(out[n++], 256, "Earlier: felt %s went %s %d months in a row, %s to %s. That was more "
			         "than chance, but it has not gone on since.", what, g.trend > 0 ? "up" : "down",
			         g.trend_len, a, b);
	}
	if (g.shift && n < max) {
		report_month_name(a, r->t->period[g.shift_start]);
		report_month_name(b, r->t->period[g.shift_end]);
		if (g.shift_now)
			snprintf(out[n++], 256, "Felt %s: %s the usual level (the median, %.0f%%) %d months in a row, "
			         "%s to %s. This is more than chance.", what, g.shift > 0 ? "above" : "below", g.median,
			         g.shift_len, a, b);
		else
			snprintf(out[n++], 256, "Earlier: felt %s was %s the usual level (the median, %.0f%%) %d months "
			         "in a row, %s to %s. That was more than chance, but it has not gone on since.", what,
			         g.shift > 0 ? "above" : "below", g.median, g.shift_len, a, b);
	}
	if (g.beyond && n < max)
		snprintf(out[n++], 256, "Felt %s: this month is clearly %s the usual level (%.0f%%).", what,
		         g.beyond > 0 ? "above" : "below", g.median);
	if (g.change_ok && n < max) {
		report_points(pts, g.change);
		if (g.change == 0)
			snprintf(out[n++], 256, "Felt %s: no change since %s.", what, prev);
		else if (g.more_than_chance)
			snprintf(out[n++], 256, "Felt %s: %s since %s. This is more than chance.", what, pts, prev);
		else
			snprintf(out[n++], 256, "Felt %s: %s since %s. This could be chance.", what, pts, prev);
	}
	return n;
}

/* The 12 months in a few words: "rising", "falling", "no clear change"
 * (with "since MONTH" when an earlier run has ended), then where the year
 * started and ended, "from 28% in Dec 2025 to 17% in Nov 2026", so a
 * slow fall the rules do not call a change is still there to see; "not
 * enough answers yet" when no month is shown. */
const char *report_direction_words(const Report *r, const ReportSignal *g, char *buf, size_t len)
{
	if (g->median < 0 || g->span_from == g->span_to) { /* one month shows no change */
		snprintf(buf, len, "not enough answers yet");
		return buf;
	}
	char since[32] = "", a[16], b[16];
	if (!g->dir && g->earlier_end >= 0) {
		report_month_name(a, r->t->period[g->earlier_end]);
		snprintf(since, sizeof since, " since %s", a);
	}
	if (g->span_from >= 0 && g->span_to > g->span_from) {
		report_month_name(a, r->t->period[g->span_from]);
		report_month_name(b, r->t->period[g->span_to]);
		snprintf(buf, len, "%s%s, from %.0f%% in %s to %.0f%% in %s", report_direction(g->dir), since,
		         g->from_pct, a, g->to_pct, b);
	} else {
		snprintf(buf, len, "%s%s", report_direction(g->dir), since);
	}
	return buf;
}

const char *report_direction(int dir)
{
	return dir > 0 ? "rising" : dir < 0 ? "falling" : "no clear change";
}

/* A question by its English wording; its id when the strings are not
 * loaded (CSV and JSON keep the ids: those are their stable interface). */
const char *report_question(const Report *r, int q)
{
	for (int i = 0; i < r->nstrings; i++)
		if (!strcmp(r->strings[i]->code, "en"))
			return r->strings[i]->question[q] ? r->strings[i]->question[q] : r->qs->q[q].id;
	return r->qs->q[q].id;
}

const char *const report_poster_questions[3] = { "heard.listen", "respect.respect", "control.say" };

const char *const report_how_to_read[] = {
	"\"Yes, fully\" (top-box): the share of people who gave the best answer, 5 of 5.",
	"\"Mostly or better\" (top-two): the share who said \"Mostly\" or \"Yes, fully\", 4 or 5 of 5.",
	"Each figure counts only the people who answered that question: skips and \"Does not apply\" "
	"are left out.",
	"95% interval: with this many answers the true figure is very likely between these two numbers. "
	"Few answers give a wide interval.",
	"A change is called \"more than chance\" only when a standard test says so (run-chart rules over "
	"12 months, or a test of this month against the last). Otherwise it \"could be chance\".",
	"Friends and Family Test (FFT): \"positive\" is the share who said \"Very good\" or \"Good\", "
	"\"negative\" the share who said \"Poor\" or \"Very poor\"; both are of all answers, \"Don't know\" "
	"too, as NHS England counts them, so the two need not add up to 100%.",
	"Spread, 1 to 5: a bar per question, each part as wide as the share who gave that answer, from "
	"1 (\"Not at all\") to 5 (\"Yes, fully\"). In the text report the bar is 20 characters, each one "
	"about 1 in 20 people.",
	"\"Not shown\": hidden so that no one can work out who said what (a small group, or one "
	"that would give a small group away). "
	"\"No answers yet\": the service had no answers before that month.",
	"Comments: clients' own words, shown only for a month with enough answers and at least 3 "
	"comments, in random order. They are not linked to any answers. [removed] marks where heard "
	"took out a number, an address or a staff name. The HTML report shows the words; the text "
	"report says only how many. Comments may be in any of the kiosk's languages. The language is "
	"not kept. For words you cannot read, ask an interpreter your service already uses, as for "
	"any note about a client. If a comment speaks of harm or danger, raise it under your "
	"service's safeguarding procedure.",
	NULL
};

/* What the summary says when report_standout() found nothing. */
const char *report_nothing_stands_out(const Report *r, int s)
{
	for (int k = 0; k < 3; k++)
		if (report_median(r, s, k) >= 0)
			return "Nothing stands out: no change here is more than chance.";
	return "Nothing to tell yet: no month is shown.";
}

/* Period label `label` ("2026-11", or a quarter "2026-Q4") holds month
 * "YYYY-MM". */
int report_period_holds(const char *label, const char *month)
{
	if (!strcmp(label, month))
		return 1;
	int y, m;
	if (strlen(label) != 7 || label[5] != 'Q' || !report_parse_month(month, &y, &m))
		return 0;
	return !strncmp(label, month, 4) && label[6] - '0' == (m + 2) / 3;
}

/* Text and HTML with --service show that service alone: a manager's
 * own report (and one month of it on two A4 pages); CSV and JSON still
 * give ALL too, as they always have. */
int report_shows(const Report *r, int s)
{
	return !(r->service && s == 0);
}

/* Text: s after `first` (already counted as `col` columns), wrapped at
 * REPORT_TEXT_WIDTH columns between words, each further line indented by
 * `indent` spaces; ends the line.  Control characters and bytes that are
 * not UTF-8 come out as '?' (util_inert), so a name is only ever text.
 * Columns count characters: the report's own words and most names have
 * one column each. */
void report_wrap(FILE *f, int col, int indent, const char *s)
{
	char safe[2048];
	util_inert(safe, sizeof safe, s);
	const char *w = safe;
	int at = col, words = 0;
	while (*w) {
		while (*w == ' ')
			w++;
		if (!*w)
			break;
		size_t bytes = strcspn(w, " ");
		int cols = 0;
		for (size_t i = 0; i < bytes; i++)
			cols += ((unsigned char)w[i] & 0xc0) != 0x80;
		if (words && at + 1 + cols > REPORT_TEXT_WIDTH) {
			fprintf(f, "\n%*s", indent, "");
			at = indent;
		} else if (words) {
			fputc(' ', f);
			at++;
		}
		fwrite(w, 1, bytes, f);
		at += cols;
		words++;
		w += bytes;
	}
	fputc('\n', f);
}

/* The mean "Mostly or better" (top-two) % of construct k's questions for
 * service s in period p, as tally_construct() gives the top-box one; -1
 * when any of them is not shown. */
double report_construct_top_two(const Report *r, int s, int p, int k)
{
	const Tally *t = r->t;
	double sum = 0;
	int n = 0;
	if (tally_construct(t, s, p, report_constructs[k]) < 0)
		return -1;
	for (int q = 0; q < r->qs->n; q++) {
		const Cell *c = tally_cell(t, s, p, q);
		if (strcmp(r->qs->q[q].construct, report_constructs[k]) || cell_answered(c) == 0 || c->suppressed)
			continue;
		sum += cell_top_two(c).pct;
		n++;
	}
	return n ? sum / n : -1;
}
