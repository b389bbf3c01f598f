/* report_html.c - heard-report's HTML report (one self-contained file:
 * inline CSS and SVG, no network, prints on A4) and the large-print
 * "You said" poster for the waiting room, each written from the Report
 * that report_data.c read.  Start at report_html(). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "util.h"

static const char CSS[] =
	"body{font-family:'Noto Sans','DejaVu Sans',Arial,sans-serif;color:#1a1a1a;background:#fff;"
	"margin:0 auto;max-width:60rem;padding:1rem;line-height:1.45}"
	"h1{font-size:1.7rem}h2{font-size:1.35rem;border-top:2px solid #1a1a1a;padding-top:.6rem;margin-top:2rem}"
	"h3{font-size:1.1rem}h4{font-size:1rem;margin:.8rem 0 .2rem}.note{font-weight:bold}"
	"table{border-collapse:collapse;width:100%;font-size:.95rem;margin:.5rem 0 1rem}"
	"caption{text-align:left;font-weight:bold;padding:.3rem 0}"
	"th,td{border:1px solid #595959;padding:.25rem .4rem;text-align:right}"
	"th[scope=row],thead th:first-child,.words{text-align:left}thead th{background:#eef1f6}"
	".howto{border:2px solid #1b3a6b;padding:.2rem 1rem;margin:1rem 0}.howto h2{border:0;margin-top:.4rem}"
	".summary{border:1px solid #595959;padding:0 .8rem .4rem;margin:1rem 0}"
	".bar{display:flex;width:9rem;height:1.3rem;border:1px solid #595959;margin-left:auto}"
	".bar span{display:block;overflow:hidden;font-size:.75rem;line-height:1.3rem;text-align:center;color:#1a1a1a}"
	".v1{background:#f6c7c0}.v2{background:#fbe3d6}.v3{background:#eeeeee}.v4{background:#d5e5f3}.v5{background:#a9cbe8}"
	".charts{display:grid;grid-template-columns:repeat(3,minmax(0,1fr));gap:1rem}figure{margin:0}"
	"@media (max-width:40rem){.charts{grid-template-columns:1fr}}"
	"figcaption{font-size:.9rem}svg{width:100%;height:auto}.acts{font-size:.9rem}"
	".said{list-style:none;padding:0}.said li{border-inline-start:4px solid #1b3a6b;padding:.2rem .6rem;"
	"margin:.4rem 0;overflow-wrap:anywhere;white-space:pre-line}"
	"@page{size:A4;margin:12mm}"
	"@media print{body{max-width:none;padding:0;font-size:9pt;line-height:1.3}"
	"h1{font-size:15pt;margin:0 0 .3rem}h2{font-size:12pt;margin-top:.8rem}h3{font-size:10pt;margin:.5rem 0 .2rem}"
	"table{font-size:8.5pt;margin:.2rem 0 .4rem}th,td{padding:.1rem .3rem}"
	"p,ul{margin:.3rem 0}tr,figure,.charts,.summary,.howto,.said li{break-inside:avoid}figcaption{font-size:8pt}"
	".bar{width:6rem;height:1rem}.bar span{line-height:1rem;font-size:7pt}.summary{padding:0 .5rem .2rem;margin:.4rem 0}"
	".howto{font-size:8pt;margin:.4rem 0;padding:0 .6rem}.howto ul{columns:2;column-gap:1.5rem;padding-left:1rem}.howto li{break-inside:avoid}.howto h2{font-size:10pt;margin:.3rem 0}.acts{font-size:8pt;margin:.2rem 0}"
	".charts{grid-template-columns:repeat(3,minmax(0,1fr))}h2,h3,h4{break-after:avoid}}";

/* ---- helpers ----------------------------------------------------------- */

/* Text into HTML: markup characters as entities, control characters and
 * bytes that are not UTF-8 as U+FFFD, so a name is only ever text. */
static void esc(FILE *f, const char *s)
{
	while (*s) {
		unsigned cp;
		int len = util_utf8(s, &cp);
		if (!len || (util_unsafe(cp) && cp != '\n'))
			fputs("&#xfffd;", f);
		else if (cp == '&') fputs("&amp;", f);
		else if (cp == '<') fputs("&lt;", f);
		else if (cp == '>') fputs("&gt;", f);
		else if (cp == '"') fputs("&quot;", f);
		else if (cp == '\'') fputs("&#39;", f);
		else fwrite(s, 1, (size_t)len, f);
		s += len ? len : 1;
	}
}

/* ---- "You said, we did" on the charts ---------------------------------- */

/* The chart slot (0 to REPORT_TREND-1) of we-did entry e on service s's
 * charts whose first period is p0, or -1 when it is not on them. */
static int action_slot(const Report *r, int s, int p0, int e)
{
	if (s <= 0 || tally_service_index(r->t, wedid_service(r->wedid, e)) != s)
		return -1;
	for (int i = 0, p = p0; p < r->t->nperiods; p++, i++)
		if (p >= 0 && report_period_holds(r->t->period[p], wedid_period(r->wedid, e)))
			return i;
	return -1;
}

/* A numbered marker at each action's month, and the same words in the
 * chart's text (into its <title> when title is 1). */
static void report_chart_marks(FILE *f, const Report *r, int s, int p0, int L, double step, int top,
                               int bottom, int title)
{
	for (int e = 0, n = 0; r->wedid && e < wedid_count(r->wedid); e++) {
		int i = action_slot(r, s, p0, e);
		if (i < 0)
			continue;
		n++;
		if (title) {
			char mon[16];
			report_month_name(mon, wedid_period(r->wedid, e));
			fprintf(f, " Action %d, %s: ", n, mon);
			esc(f, wedid_we_did(r->wedid, e, NULL));
			continue;
		}
		double x = L + i * step;
		fprintf(f, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"#8a3b00\" stroke-width=\"2\" "
		        "stroke-dasharray=\"2 3\"/><rect x=\"%.1f\" y=\"%d\" width=\"14\" height=\"14\" fill=\"#8a3b00\"/>"
		        "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" font-weight=\"bold\" text-anchor=\"middle\" "
		        "fill=\"#fff\">%d</text>\n", x, x, top + 14, bottom, x - 7, top, x, top + 11, n);
	}
}

/* Under service s's charts: each action, numbered as on the charts. */
static void report_chart_actions(FILE *f, const Report *r, int s)
{
	int p0 = r->t->nperiods - REPORT_TREND, n = 0;
	for (int e = 0; r->wedid && e < wedid_count(r->wedid); e++) {
		if (action_slot(r, s, p0, e) < 0)
			continue;
		char mon[16];
		report_month_name(mon, wedid_period(r->wedid, e));
		const char *said = wedid_you_said(r->wedid, e, NULL);
		if (!n++)
			fputs("<p>You said, we did (numbered boxes on the charts above):</p>\n<ol class=\"acts\">\n", f);
		fprintf(f, "<li><strong>Action %d, %s.</strong> ", n, mon);
		if (said && *said) {
			fputs("You said: ", f);
			esc(f, said);
			fputc(' ', f);
		}
		fputs("We did: ", f);
		esc(f, wedid_we_did(r->wedid, e, NULL));
		fputs("</li>\n", f);
	}
	if (n)
		fputs("</ol>\n", f);
}

/* ---- the figures table ------------------------------------------------- */

/* The 1-5 spread as a stacked bar: each part as wide as its share, with
 * its value written in it, and all the counts as the bar's text. */
static void spread_bar(FILE *f, const Cell *c)
{
	long n = cell_answered(c);
	fprintf(f, "<div class=\"bar\" role=\"img\" aria-label=\"Answers 1 to 5: %ld, %ld, %ld, %ld, %ld\">",
	        c->v[1], c->v[2], c->v[3], c->v[4], c->v[5]);
	for (int v = 1; v <= 5; v++)
		if (c->v[v] && n) {
			double w = 100.0 * (double)c->v[v] / (double)n;
			fprintf(f, "<span class=\"v%d\" style=\"width:%.1f%%\">", v, w);
			if (w >= 8)
				fprintf(f, "%d", v);
			fputs("</span>", f);
		}
	fputs("</div>", f);
}

/* The clients' own words, when the rule lets them show (report_comments()):
 * each its own item, its direction from its first letters (a comment in
 * Arabic reads right to left), long words broken to fit. */
static void comments(FILE *f, const Report *r, int s, int p)
{
	const char *const *texts;
	int n = report_comments(r, s, p, &texts);
	if (!n)
		return;
	fprintf(f, "<h4 id=\"c%d-%d\">%d %s</h4>\n<p>In random order. %s</p>\n<ul class=\"said\">\n", s, p,
	        n, n == 1 ? "comment" : "comments", REPORT_COMMENTS_NOTE);
	for (int i = 0; i < n; i++) {
		fputs("<li dir=\"auto\">", f);
		esc(f, texts[i]);
		fputs("</li>\n", f);
	}
	fputs("</ul>\n<p class=\"harm\">If a comment speaks of harm or danger: whoever wrote it cannot be "
	      "traced, and the kiosk showed them the help line. Raise it under your service's "
	      "safeguarding procedure.</p>\n", f);
}

static void figures(FILE *f, const Report *r, int s, int p, int id)
{
	const Tally *t = r->t;
	char mon[16];
	report_month_name(mon, t->period[p]);
	fprintf(f, "<h3 id=\"g%d\">%s: ", id, mon);
	if (p < report_first_answers(r, s)) {
		fputs("no answers yet</h3>\n", f);
		return;
	}
	if (t->resp_suppressed[s][p]) {
		char buf[32];
		fprintf(f, "%s</h3>\n", report_hidden(r, t->resp_suppressed[s][p], buf));
		return;
	}
	fprintf(f, "%ld %s</h3>\n<table aria-describedby=\"g%d\">\n<caption>", t->responses[s][p],
	        t->responses[s][p] == 1 ? "response" : "responses", id);
	esc(f, report_service_name(r, s));
	fprintf(f, ", %s: answers to each question</caption>\n<thead><tr><th scope=\"col\">Question</th>"
	        "<th scope=\"col\">Answered</th><th scope=\"col\">Skipped</th><th scope=\"col\">Does not apply</th>"
	        "<th scope=\"col\">Yes, fully</th><th scope=\"col\">95%% interval</th>"
	        "<th scope=\"col\">Mostly or better</th><th scope=\"col\">95%% interval</th>"
	        "<th scope=\"col\">Answers 1 to 5</th></tr></thead>\n<tbody>\n", mon);
	for (int q = 0; q < r->qs->n; q++) {
		if (r->qs->q[q].answers == ANSWERS_FFT)
			continue; /* its own block below, the NHS way */
		const Cell *c = tally_cell(t, s, p, q);
		fputs("<tr><th scope=\"row\">", f);
		esc(f, report_question(r, q));
		if (c->suppressed) {
			char buf[32];
			fprintf(f, "</th><td colspan=\"8\">%s</td></tr>\n", report_hidden(r, c->suppressed, buf));
			continue;
		}
		Prop a = cell_top_box(c), b = cell_top_two(c);
		fprintf(f, "</th><td>%ld</td><td>%ld</td><td>%ld</td><td>%.0f%%</td><td>%.0f&ndash;%.0f%%</td>"
		        "<td>%.0f%%</td><td>%.0f&ndash;%.0f%%</td><td>", cell_answered(c), c->skipped, c->na,
		        a.pct, a.low, a.high, b.pct, b.low, b.high);
		spread_bar(f, c);
		fputs("</td></tr>\n", f);
	}
	fputs("</tbody></table>\n<p>Construct scores (mean % \"Yes, fully\"): ", f);
	for (int k = 0; k < 3; k++) {
		double v = tally_construct(t, s, p, report_constructs[k]);
		fprintf(f, "%sfelt %s ", k ? "; " : "", report_constructs[k]);
		if (v < 0) fputs("not shown", f);
		else fprintf(f, "%.0f%%", v);
	}
	fputs(".</p>\n", f);
	report_fft_html(f, r, s, p);
	comments(f, r, s, p);
}

/* ---- run charts -------------------------------------------------------- */

/* The y scale: from the data, the median and the intervals' reach left
 * out (they would flatten every change), in steps of 10 points, at least
 * 20 points tall, within 0-100. */
static void chart_scale(const double *v, int n, double med, int *lo, int *hi)
{
	double a = med >= 0 ? med : 101, b = med >= 0 ? med : -1;
	for (int i = 0; i < n; i++)
		if (v[i] >= 0) {
			a = v[i] < a ? v[i] : a;
			b = v[i] > b ? v[i] : b;
		}
	if (b < 0) { *lo = 0; *hi = 100; return; }
	*lo = (int)floor((a - 2) / 10) * 10;
	*hi = (int)ceil((b + 2) / 10) * 10;
	if (*hi - *lo < 20) { *hi += 10; *lo -= 10; }
	if (*lo < 0) { *hi -= *lo; *lo = 0; }
	if (*hi > 100) { *lo -= *hi - 100; *hi = 100; }
	if (*lo < 0) *lo = 0;
}

/* One construct's 12 months as an SVG run chart with its median line
 * and the "we did" actions at their months. */
static void run_chart(FILE *f, const Report *r, int s, int k, int id)
{
	const Tally *t = r->t;
	const int W = 320, H = 180, L = 38, R = 10, T = 10, B = 34;
	int p0 = t->nperiods - REPORT_TREND, first = report_first_answers(r, s), lo, hi;
	ReportSignal g;
	report_signal(r, s, k, &g); /* its median: of the figures as shown, as the summary's */
	double med = g.median, v[REPORT_TREND];
	char mon[16];
	for (int i = 0, p = p0; p < t->nperiods; p++, i++)
		v[i] = p >= 0 ? tally_construct(t, s, p, report_constructs[k]) : -1;
	chart_scale(v, REPORT_TREND, med, &lo, &hi);
#define Y(x) (T + (H - T - B) * (1 - ((x) - lo) / (double)(hi - lo)))
	fprintf(f, "<figure><svg role=\"img\" viewBox=\"0 0 %d %d\" aria-labelledby=\"c%d\">"
	        "<title id=\"c%d\">", W, H, id, id);
	esc(f, report_service_name(r, s));
	fprintf(f, ", felt %s: %% who said Yes, fully, by month (scale %d%% to %d%%).", report_constructs[k], lo, hi);
	for (int i = 0, p = p0; p < t->nperiods; p++, i++) {
		if (p < 0)
			continue;
		report_month_name(mon, t->period[p]);
		if (p < first) fprintf(f, " %s: no answers yet.", mon);
		else if (v[i] < 0) fprintf(f, " %s: not shown.", mon);
		else fprintf(f, " %s: %.0f%%.", mon, v[i]);
	}
	if (med >= 0)
		fprintf(f, " Median %.0f%%.", med);
	report_chart_marks(f, r, s, p0, L, 0, 0, 0, 1);
	fputs("</title>\n", f);
	for (int g = 0; g <= 2; g++) { /* gridlines: bottom, middle, top, labelled */
		double gv = lo + (hi - lo) * g / 2.0, y = Y(gv);
		fprintf(f, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#767676\" stroke-width=\"1\"/>"
		        "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\" fill=\"#1a1a1a\">%.0f%%</text>\n",
		        L, W - R, y, y, L - 4, y + 4, gv);
	}
	double step = (double)(W - L - R) / (REPORT_TREND - 1);
	if (med >= 0)
		fprintf(f, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#1a1a1a\" "
		        "stroke-dasharray=\"6 4\" stroke-width=\"1.5\"/>\n", L, W - R, Y(med), Y(med));
	report_chart_marks(f, r, s, p0, L, step, T, H - B, 0);
	fputs("<polyline fill=\"none\" stroke=\"#1b3a6b\" stroke-width=\"2.5\" points=\"", f);
	for (int i = 0; i < REPORT_TREND; i++)
		if (v[i] >= 0)
			fprintf(f, "%.1f,%.1f ", L + i * step, Y(v[i]));
	fputs("\"/>\n", f);
	for (int i = 0, p = p0; p < t->nperiods; p++, i++) {
		if (v[i] >= 0)
			fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"#1b3a6b\"/>", L + i * step, Y(v[i]));
		if (p >= 0 && (i % 4 == 0 || p == t->nperiods - 1)) {
			report_month_name(mon, t->period[p]);
			int full = i == 0 || p == t->nperiods - 1;
			fprintf(f, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"%s\" fill=\"#1a1a1a\">%.*s</text>",
			        L + i * step, H - B + 16, p == t->nperiods - 1 ? "end" : i ? "middle" : "start",
			        full ? 16 : 3, mon);
		}
	}
#undef Y
	fputs("</svg>\n<figcaption>Felt ", f);
	esc(f, report_constructs[k]);
	fprintf(f, ", %% &ldquo;Yes, fully&rdquo;. Scale %d%% to %d%%, not from 0.", lo, hi);
	if (med >= 0)
		fprintf(f, " Dashed line: median, %.0f%%.", med);
	fputs("</figcaption></figure>\n", f);
}

static void trend(FILE *f, const Report *r, int s, int *id)
{
	fputs("<h3>12-month trend and change from last month</h3>\n<div class=\"charts\">\n", f);
	for (int k = 0; k < 3; k++)
		run_chart(f, r, s, k, (*id)++);
	fputs("</div>\n", f);
	report_chart_actions(f, r, s);
	fputs("<p>Change from last month: ", f);
	for (int k = 0; k < 3; k++) {
		ReportSignal g;
		char pts[32];
		report_signal(r, s, k, &g);
		fprintf(f, "%sfelt %s ", k ? "; " : "", report_constructs[k]);
		if (g.change_ok) fprintf(f, "%s (%s)", report_points(pts, g.change),
		                         g.more_than_chance ? "more than chance" : "could be chance");
		else fputs("not shown", f);
	}
	fputs(".</p>\n", f);
}

/* ---- the summary ------------------------------------------------------- */

static void summary(FILE *f, const Report *r, int s)
{
	const Tally *t = r->t;
	int p = t->nperiods - 1;
	char mon[16], lines[16][256];
	report_month_name(mon, t->period[p]);
	fprintf(f, "<section class=\"summary\" aria-labelledby=\"u%d\">\n<h3 id=\"u%d\">", s, s);
	esc(f, s ? report_service_name(r, s) : "All services");
	fprintf(f, ", %s</h3>\n", mon);
	if (p < report_first_answers(r, s)) {
		fputs("<p>No answers yet.</p>\n</section>\n", f);
		return;
	}
	if (t->resp_suppressed[s][p])
		fputs("<p>This month is not shown (see the note at the top).</p>\n", f);
	else
		fprintf(f, "<p>%ld %s.</p>\n", t->responses[s][p], t->responses[s][p] == 1 ? "person answered" : "people answered");
	int nc = report_comments(r, s, p, NULL);
	if (nc > 0) /* the clients' own words: where to read them */
		fprintf(f, "<p>%d %s in their own words: <a href=\"#c%d-%d\">read them under %s</a>.</p>\n", nc,
		        nc == 1 ? "person wrote" : "people wrote", s, p, mon);
	fputs("<table>\n<caption>", f);
	esc(f, s ? report_service_name(r, s) : "All services");
	fprintf(f, ": how people felt in %s</caption>\n<thead><tr><th scope=\"col\">Felt</th>"
	        "<th scope=\"col\">Yes, fully</th><th scope=\"col\">95%% interval</th>"
	        "<th scope=\"col\">Mostly or better</th>"
	        "<th scope=\"col\" class=\"words\">Over 12 months</th></tr></thead>\n<tbody>\n", mon);
	for (int k = 0; k < 3; k++) {
		ReportSignal g;
		char words[256];
		report_signal(r, s, k, &g);
		double two = report_construct_top_two(r, s, p, k);
		fprintf(f, "<tr><th scope=\"row\">%s</th>", report_constructs[k]);
		if (g.shown && two >= 0)
			fprintf(f, "<td>%.0f%%</td><td>%.0f&ndash;%.0f%%</td><td>%.0f%%</td>", g.pct, g.ci.low,
			        g.ci.high, two);
		else
			fputs("<td colspan=\"3\">not shown</td>", f);
		fputs("<td class=\"words\">", f);
		esc(f, report_direction_words(r, &g, words, sizeof words));
		fputs("</td></tr>\n", f);
	}
	fputs("</tbody></table>\n", f);
	ReportFft x;
	if (report_fft_figures(r, s, p, &x))
		fprintf(f, "<p>Friends and Family Test: %.0f%% positive, %.0f%% negative.</p>\n", x.positive,
		        x.negative);
	fputs("<p>On the poster (&ldquo;Mostly or better&rdquo; to one question each, to the nearest 10):</p>\n"
	      "<ul>\n", f);
	for (int k = 0; k < 3; k++) {
		int q = qset_find(r->qs, report_poster_questions[k]), ten = tally_in_ten(t, s, p, report_poster_questions[k]);
		if (q < 0)
			continue;
		const Cell *c = tally_cell(t, s, p, q);
		fputs("<li>", f);
		if (ten < 0)
			fputs("not shown: ", f);
		else
			fprintf(f, "%d in 10: ", ten);
		esc(f, report_question(r, q));
		if (ten >= 0 && (c->suppressed || cell_answered(c) == 0))
			fputs(" (the services shown, together)", f);
		else if (ten >= 0)
			fprintf(f, " (%.0f%%)", cell_top_two(c).pct);
		fputs("</li>\n", f);
	}
	fputs("</ul>\n<p><strong>What stands out</strong></p>\n<ul>\n", f);
	int n = 0;
	for (int k = 0; k < 3; k++)
		n += report_standout(r, s, k, lines + n, 16 - n);
	if (!n)
		fprintf(f, "<li>%s</li>\n", report_nothing_stands_out(r, s));
	for (int i = 0; i < n; i++) {
		fputs("<li>", f);
		esc(f, lines[i]);
		fputs("</li>\n", f);
	}
	fputs("</ul>\n</section>\n", f);
}

void report_html(FILE *f, const Report *r)
{
	const Tally *t = r->t;
	char a[16], b[16], range[48];
	report_month_name(a, r->from);
	report_month_name(b, r->to);
	snprintf(range, sizeof range, "%s%s%s", a, strcmp(r->from, r->to) ? " to " : "", strcmp(r->from, r->to) ? b : "");
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>heard report ", f);
	fprintf(f, "%s</title>\n<style>%s</style>\n</head>\n<body>\n<main>\n<h1>heard report: %s</h1>\n",
	        range, CSS, range);
	fprintf(f, "<p class=\"note\">%s</p>\n<p>" REPORT_HIDDEN " Each service is compared with its "
	        "own past; services are never ranked against each other.</p>\n", REPORT_NOTE,
	        t->threshold);
	fputs("<section class=\"howto\" aria-labelledby=\"howto\">\n<h2 id=\"howto\">How to read this</h2>\n<ul>\n", f);
	for (int i = 0; report_how_to_read[i]; i++) {
		fputs("<li>", f);
		esc(f, report_how_to_read[i]);
		fputs("</li>\n", f);
	}
	fputs("</ul>\n</section>\n<section aria-labelledby=\"sum\">\n<h2 id=\"sum\">Summary</h2>\n", f);
	for (int i = 0; i < r->norder; i++)
		if (report_shows(r, r->order[i]))
			summary(f, r, r->order[i]);
	fputs("</section>\n", f);
	int id = 0;
	for (int i = 0; i < r->norder; i++) {
		int si = r->order[i];
		if (!report_shows(r, si))
			continue;
		fprintf(f, "<section aria-labelledby=\"s%d\">\n<h2 id=\"s%d\">", si, si);
		esc(f, si ? report_service_name(r, si) : "All services");
		fputs("</h2>\n", f);
		for (int p = r->first; p < t->nperiods; p++)
			figures(f, r, si, p, id++);
		trend(f, r, si, &id);
		fputs("</section>\n", f);
	}
	fputs("</main>\n</body>\n</html>\n", f);
}

/* ---- poster ------------------------------------------------------------ */

#define POSTER_MAX_ACTIONS 2 /* "we did" entries on one page (the newest): more would not fit */

static void poster_line(FILE *f, const Report *r, const Strings *st, int s, int p, const char *qid,
                        StringId line)
{
	int tenths = tally_in_ten(r->t, s, p, qid);
	fputs("<li>", f);
	if (tenths < 0) {
		esc(f, st->text[S_POSTER_FEW]);
	} else {
		char out[512];
		strings_format_n(out, sizeof out, st, line, tenths); /* its plural form */
		/* the figure big, for across the room; the sentence says it in words */
		fprintf(f, "<span class=\"big\" aria-hidden=\"true\">%d<small>/10</small></span>", tenths);
		esc(f, out);
	}
	fputs("</li>\n", f);
}

/* The "you said, we did" entries of the poster: service s's (every
 * service's for ALL) in period p's months, newest month first, services
 * in the report's order (--config's [services]) within a month, at most
 * POSTER_MAX_ACTIONS; their indices into out, the number found. */
static int poster_actions(const Report *r, int s, int p, int out[POSTER_MAX_ACTIONS])
{
	int n = 0, rank[POSTER_MAX_ACTIONS];
	for (int i = r->wedid ? wedid_count(r->wedid) - 1 : -1; i >= 0; i--) {
		if (!report_period_holds(r->t->period[p], wedid_period(r->wedid, i)))
			continue;
		int si = tally_service_index(r->t, wedid_service(r->wedid, i)), at = r->norder;
		if (si <= 0 || (s != 0 && si != s))
			continue;
		for (int k = 0; k < r->norder; k++)
			if (r->order[k] == si)
				at = k;
		/* entries run oldest month first: a later month always wins */
		int pos = n;
		while (pos > 0 && !strcmp(wedid_period(r->wedid, out[pos - 1]), wedid_period(r->wedid, i)) &&
		       rank[pos - 1] > at)
			pos--;
		if (pos >= POSTER_MAX_ACTIONS)
			continue;
		if (n < POSTER_MAX_ACTIONS)
			n++;
		for (int k = n - 1; k > pos; k--) {
			out[k] = out[k - 1];
			rank[k] = rank[k - 1];
		}
		out[pos] = i;
		rank[pos] = at;
	}
	return n;
}

/* Service s's name in language code: --config's [services.CODE] name
 * for it, else its name. */
static const char *service_in(const Report *r, int s, const char *code)
{
	const char *names[SURVEY_MAX_SERVICES];
	if (!r->cfg)
		return report_service_name(r, s);
	config_services_in(r->cfg, code, names);
	for (int i = 0; i < r->cfg->nservices; i++)
		if (!strcmp(r->cfg->services[i], r->t->service[s]))
			return names[i];
	return report_service_name(r, s);
}

/* A string's template with {text} as text. */
static void with_text(FILE *f, const char *tmpl, const char *text)
{
	const char *at = strstr(tmpl, "{text}");
	if (!at) {
		esc(f, tmpl);
		return;
	}
	char head[256];
	snprintf(head, sizeof head, "%.*s", (int)(at - tmpl) < 255 ? (int)(at - tmpl) : 255, tmpl);
	esc(f, head);
	esc(f, text);
	esc(f, at + 6);
}

static void poster_page(FILE *f, const Report *r, const Strings *st, const Strings *home, int s, int p,
                        int month)
{
	const Tally *t = r->t;
	char intro[512], when[96]; /* the month in the case "in {month}" needs */
	snprintf(when, sizeof when, "%s %.4s", st->text[S_MONTH_IN_1 + month - 1], t->period[p]);
	strings_format(intro, sizeof intro, st->text[S_POSTER_INTRO], (const char *[]){ "month" },
	               (const char *[]){ when }, 1);
	fprintf(f, "<section lang=\"%s\" dir=\"%s\">\n<h1>", st->code, st->rtl ? "rtl" : "ltr");
	esc(f, st->text[S_POSTER_TITLE]);
	fputs("</h1>\n", f);
	if (s > 0) {
		fputs("<p class=\"service\">", f);
		esc(f, service_in(r, s, st->code));
		fputs("</p>\n", f);
	}
	fputs("<p>", f);
	esc(f, intro);
	fputs("</p>\n<ul>\n", f);
	poster_line(f, r, st, s, p, report_poster_questions[0], S_POSTER_HEARD);
	poster_line(f, r, st, s, p, report_poster_questions[1], S_POSTER_RESPECTED);
	poster_line(f, r, st, s, p, report_poster_questions[2], S_POSTER_CONTROL);
	fputs("</ul>\n", f);
	int acts[POSTER_MAX_ACTIONS], n = poster_actions(r, s, p, acts);
	if (n)
		fputs("<div class=\"wedid\">\n", f);
	for (int i = 0; i < n; i++) {
		fputs("<div class=\"act\">", f);
		if (s == 0) { /* every service's: say whose */
			fputs("<p class=\"who\">", f);
			esc(f, service_in(r, tally_service_index(r->t, wedid_service(r->wedid, acts[i])), st->code));
			fputs("</p>", f);
		}
		/* an entry without words in this language is shown wholly in the
		 * default one, its labels too, marked as such (a screen reader's
		 * voice, the text's direction), as the kiosk's Welcome does */
		const Strings *in = st;
		if (!wedid_has(r->wedid, acts[i], st->code) && home)
			in = home;
		if (in != st)
			fprintf(f, "<div lang=\"%s\" dir=\"%s\">", in->code, in->rtl ? "rtl" : "ltr");
		const char *said = wedid_you_said(r->wedid, acts[i], in->code);
		if (said && *said) {
			fputs("<p>", f);
			with_text(f, in->text[S_WELCOME_YOU_SAID], said);
			fputs("</p>", f);
		}
		fputs("<p class=\"did\">", f);
		with_text(f, in->text[S_WELCOME_WE_DID], wedid_we_did(r->wedid, acts[i], in->code));
		fputs("</p>", f);
		if (in != st)
			fputs("</div>", f);
		fputs("</div>\n", f);
	}
	if (n)
		fputs("</div>\n", f);
	fputs("<p>", f);
	esc(f, st->text[S_POSTER_THANKS]);
	fputs("</p>\n</section>\n", f);
}

/* One A4 page per shipped language, the default language first; big
 * figures, the "we did" lines, no technical note (that stays in the
 * reports: a waiting room needs none of it). */
void report_poster(FILE *f, const Report *r)
{
	const Tally *t = r->t;
	int p = t->nperiods - 1, s = r->service ? tally_service_index(t, r->service) : 0;
	const char *label = t->period[p];  /* "2026-11", or a quarter "2026-Q4": its last month */
	int month = label[5] == 'Q' ? 3 * atoi(label + 6) : atoi(label + 5);
	if (month < 1 || month > 12)
		month = 12;
	/* the pages: the default language, then --config's languages in its
	 * order (the shipped order, the embedded default's, without one),
	 * then any other shipped language */
	static Config shipped;
	const Config *c = r->cfg;
	char err[256];
	if (!c && !config_load(&shipped, NULL, err, sizeof err))
		c = &shipped;
	const Strings *page[CONFIG_MAX_LANGS], *first = NULL;
	int npages = 0;
	for (int i = 0; i < r->nstrings; i++)
		if (r->default_lang && !strcmp(r->strings[i]->code, r->default_lang))
			page[npages++] = first = r->strings[i];
	for (int j = 0; c && j < c->nlangs; j++)
		for (int i = 0; i < r->nstrings; i++)
			if (r->strings[i] != first && !strcmp(r->strings[i]->code, c->langs[j]))
				page[npages++] = r->strings[i];
	for (int i = 0; i < r->nstrings; i++) {
		int seen = 0;
		for (int k = 0; k < npages; k++)
			seen |= page[k] == r->strings[i];
		if (!seen && npages < CONFIG_MAX_LANGS)
			page[npages++] = r->strings[i];
	}
	fputs("<!DOCTYPE html>\n<html lang=\"", f);
	esc(f, first ? first->code : "en");
	fputs("\">\n<head>\n<meta charset=\"utf-8\">\n<title>You said</title>\n"
	      "<style>body{font-family:'Noto Sans','DejaVu Sans',Arial,sans-serif;color:#000;background:#fff;"
	      "margin:0;padding:1rem}main{max-width:50rem;margin:auto}h1{font-size:3.4rem;margin:0 0 .3rem}"
	      "p,li{font-size:1.6rem;line-height:1.3;margin:.4rem 0}ul{list-style:none;padding:0;margin:0}li{margin:.7rem 0}"
	      ".service{font-size:2.2rem;font-weight:bold}"
	      ".big{display:block;font-size:4.2rem;font-weight:bold;line-height:1}.big small{font-size:2rem}"
	      ".wedid{border:4px solid #000;padding:.2rem 1rem;margin:1rem 0}.who{font-weight:bold}"
	      ".did{font-weight:bold}.act+.act{border-top:2px solid #000}"
	      "section{break-after:page;margin-bottom:3rem}section:last-child{break-after:auto}"
	      "@page{size:A4;margin:15mm}"
	      "@media print{body{padding:0}section{margin:0;break-inside:avoid}}</style>\n"
	      "</head>\n<body>\n<main>\n", f);
	for (int i = 0; i < npages; i++)
		poster_page(f, r, page[i], first, s, p, month);
	fputs("</main>\n</body>\n</html>\n", f);
}
