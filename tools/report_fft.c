/* report_fft.c - the NHS Friends and Family Test (FFT) in heard-report:
 * `--format fft`, the monthly counts a service submits to NHS England,
 * and the FFT's percentages for the text and HTML reports.
 *
 * The question is fft.overall (assets/strings/questions.ini, answers =
 * fft): answers 1..5 are Very poor .. Very good, and Don't know is kept
 * in the not-applicable slot (Cell.na).  NHS England's guidance counts
 * every response, Don't know included: positive % = (very good + good)
 * / all, negative % = (poor + very poor) / all.  A skipped question is
 * no response.
 *
 * The FFT file alone carries raw counts under the threshold (NHS England
 * asks for every month's counts): such rows are listed again at the end
 * as "#" notes and heard-report says so on standard error.  Every other
 * figure here (report_fft_figures) follows the suppression rules of the
 * other formats.  Start reading at report_fft(). */
#include <stdio.h>
#include <string.h>

#include "report.h"
#include "util.h"

/* The question's index in r's question set, or -1 (not in the set). */
static int fft_question(const Report *r)
{
	return qset_find(r->qs, REPORT_FFT_QUESTION);
}

/* Service s's FFT counts in period p, whatever is hidden. */
static ReportFft fft_counts(const Cell *c)
{
	ReportFft x = { .very_good = c->v[5], .good = c->v[4], .neither = c->v[3],
	                .poor = c->v[2], .very_poor = c->v[1], .dont_know = c->na };
	x.total = x.very_good + x.good + x.neither + x.poor + x.very_poor + x.dont_know;
	if (x.total > 0) {
		x.positive = 100.0 * (double)(x.very_good + x.good) / (double)x.total;
		x.negative = 100.0 * (double)(x.poor + x.very_poor) / (double)x.total;
	}
	return x;
}

/* Was fft.overall asked at all in r (any answer, skip or Don't know in
 * any period)?  Reports without it say nothing of the FFT.  With
 * --service, asked of that service's clients: whether another group
 * (a small "Not said" one, say) answered it must not show in that
 * service's report or return. */
static int fft_in_data(const Report *r)
{
	int q = fft_question(r), s = r->service ? tally_service_index(r->t, r->service) : 0;
	for (int p = 0; q >= 0 && s >= 0 && p < r->t->nperiods; p++) {
		const Cell *c = tally_cell(r->t, s, p, q);
		if (cell_answered(c) + c->skipped + c->na > 0)
			return 1;
	}
	return 0;
}

int report_fft_figures(const Report *r, int s, int p, ReportFft *out)
{
	int q = fft_question(r);
	memset(out, 0, sizeof *out);
	if (q < 0 || s < 0 || s >= r->t->nservices || p < 0 || p >= r->t->nperiods)
		return 0;
	const Cell *c = tally_cell(r->t, s, p, q);
	if (c->suppressed || r->t->resp_suppressed[s][p])
		return 0;
	ReportFft x = fft_counts(c);
	if (x.total == 0)
		return 0;
	*out = x;
	return 1;
}

/* ---- the submission file ------------------------------------------------ */

/* Does service s hold any FFT response in the requested periods? */
static int service_asked(const Report *r, int s, int q)
{
	for (int p = r->first; p < r->t->nperiods; p++)
		if (fft_counts(tally_cell(r->t, s, p, q)).total > 0)
			return 1;
	return 0;
}

/* Is row (s, p) under the threshold, or hidden in the other formats? */
static int row_hidden(const Report *r, int s, int p, int q)
{
	const Cell *c = tally_cell(r->t, s, p, q);
	return c->suppressed || r->t->resp_suppressed[s][p] || fft_counts(c).total < r->t->threshold;
}

/* Is service s a row of this return?  Not when no kiosk of it asks the
 * question; with --service, only that service: a service's own return
 * carries neither ALL nor "Not said", whose raw counts less its own
 * would give the other services' and the "rather not say" group's away. */
static int in_return(const Report *r, int s, int q)
{
	if (r->service)
		return s != 0 && s == tally_service_index(r->t, r->service) && service_asked(r, s, q);
	return s == 0 || service_asked(r, s, q);
}

void report_fft(FILE *f, const Report *r)
{
	const Tally *t = r->t;
	int q = fft_question(r), marked = 0;
	fputs("\xef\xbb\xbf" /* UTF-8 byte-order mark, as the CSV */
	      "service,period,very_good,good,neither,poor,very_poor,dont_know,total\r\n", f);
	for (int i = 0; q >= 0 && i < r->norder; i++) {
		int s = r->order[i];
		if (!in_return(r, s, q))
			continue;
		for (int p = r->first; p < t->nperiods; p++) {
			ReportFft x = fft_counts(tally_cell(t, s, p, q));
			report_csv_cell(f, report_service_name(r, s));
			fputc(',', f);
			report_csv_cell(f, t->period[p]);
			fprintf(f, ",%ld,%ld,%ld,%ld,%ld,%ld,%ld\r\n", x.very_good, x.good, x.neither,
			        x.poor, x.very_poor, x.dont_know, x.total);
		}
	}
	/* the rows under the threshold: named again at the end, one note a
	 * row, its first cell starting "#" (a program reading the file may
	 * skip such lines, e.g. pandas' comment='#'), every line 9 cells */
	for (int i = 0; q >= 0 && i < r->norder; i++) {
		int s = r->order[i];
		if (!in_return(r, s, q))
			continue;
		for (int p = r->first; p < t->nperiods; p++) {
			if (!row_hidden(r, s, p, q))
				continue;
			char note[256];
			snprintf(note, sizeof note, "# %s %s: not shown in heard's other reports (fewer "
			         "than %d answers, or hidden to protect such a group); these counts are "
			         "for the NHS return only", report_service_name(r, s), t->period[p],
			         t->threshold);
			report_csv_cell(f, note);
			fputs(",,,,,,,,\r\n", f);
			marked++;
		}
	}
	if (!fft_in_data(r)) /* (q < 0: no file holds a count of it, report_read() left it out) */
		fputs("heard-report: no Friends and Family Test answers in these files "
		      "(is fft.overall in [questions] enabled?)\n", stderr);
	if (marked)
		fprintf(stderr, "heard-report: %d row%s of the FFT file %s hidden in the other "
		        "formats (fewer than %d answers, or protecting such a group): the file "
		        "carries the raw counts NHS England asks for, marked by notes at its end; "
		        "share it only as the FFT return\n", marked, marked == 1 ? "" : "s",
		        marked == 1 ? "is" : "are", t->threshold);
}

/* ---- blocks for the text and HTML reports ------------------------------- */

void report_fft_text(FILE *f, const Report *r, int s, int p)
{
	if (!fft_in_data(r))
		return;
	ReportFft x;
	if (!report_fft_figures(r, s, p, &x)) {
		char buf[32];
		fprintf(f, "  Friends and Family Test: %s\n", report_hidden(r, 1, buf));
		return;
	}
	fprintf(f, "  Friends and Family Test: %.0f%% positive, %.0f%% negative, of %ld answer%s\n",
	        x.positive, x.negative, x.total, x.total == 1 ? "" : "s");
	fprintf(f, "    very good %ld, good %ld, neither %ld, poor %ld, very poor %ld, "
	        "don't know %ld\n", x.very_good, x.good, x.neither, x.poor, x.very_poor, x.dont_know);
	fputs("    (positive: very good or good; negative: poor or very poor; of all\n"
	      "     answers, don't know too, as the NHS counts them)\n", f); /* 80 columns */
}

void report_fft_html(FILE *f, const Report *r, int s, int p)
{
	if (!fft_in_data(r))
		return;
	ReportFft x;
	if (!report_fft_figures(r, s, p, &x)) {
		char buf[32];
		fprintf(f, "<p class=\"fft\"><strong>Friends and Family Test:</strong> %s.</p>\n",
		        report_hidden(r, 1, buf));
		return;
	}
	fprintf(f, "<div class=\"fft\">\n<p><strong>Friends and Family Test:</strong> %.0f%% positive, "
	        "%.0f%% negative, of %ld answer%s.</p>\n", x.positive, x.negative, x.total,
	        x.total == 1 ? "" : "s");
	fputs("<table>\n<caption>Friends and Family Test answers (positive: very good or good; "
	      "negative: poor or very poor; of all answers, don't know too)</caption>\n"
	      "<tr><th scope=\"col\">Very good</th><th scope=\"col\">Good</th>"
	      "<th scope=\"col\">Neither good nor poor</th><th scope=\"col\">Poor</th>"
	      "<th scope=\"col\">Very poor</th><th scope=\"col\">Don't know</th></tr>\n", f);
	fprintf(f, "<tr><td>%ld</td><td>%ld</td><td>%ld</td><td>%ld</td><td>%ld</td><td>%ld</td></tr>\n"
	        "</table>\n</div>\n", x.very_good, x.good, x.neither, x.poor, x.very_poor, x.dont_know);
}
