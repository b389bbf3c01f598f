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
	"h3{font-size:1.1rem}.note{font-weight:bold}"
	"table{border-collapse:collapse;width:100%;font-size:.95rem;margin:.5rem 0 1rem}"
	"caption{text-align:left;font-weight:bold;padding:.3rem 0}"
	"th,td{border:1px solid #595959;padding:.25rem .4rem;text-align:right}"
	"th[scope=row],thead th:first-child{text-align:left}thead th{background:#eef1f6}"
	".charts{display:flex;flex-wrap:wrap;gap:1rem}figure{margin:0;flex:1 1 17rem}"
	"figcaption{font-size:.9rem}svg{width:100%;height:auto}"
	"@page{size:A4;margin:14mm}"
	"@media print{body{max-width:none;padding:0;font-size:10pt}section{break-inside:avoid-page}"
	"h2{break-after:avoid}}";

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

static const Strings *english(const Report *r)
{
	for (int i = 0; i < r->nstrings; i++)
		if (!strcmp(r->strings[i]->code, "en"))
			return r->strings[i];
	return NULL;
}

static const char *question_text(const Report *r, int q)
{
	const Strings *en = english(r);
	return en && en->question[q] ? en->question[q] : r->qs->q[q].id;
}

/* ---- the figures table ------------------------------------------------- */

static void figures(FILE *f, const Report *r, int s, int p, int id)
{
	const Tally *t = r->t;
	fprintf(f, "<h3 id=\"g%d\">%s: ", id, t->period[p]);
	if (t->resp_suppressed[s][p]) {
		char buf[32];
		fprintf(f, "%s</h3>\n", report_hidden(r, t->resp_suppressed[s][p], buf));
		return;
	}
	fprintf(f, "%ld responses</h3>\n<table aria-describedby=\"g%d\">\n<caption>", t->responses[s][p], id);
	esc(f, report_service_name(r, s));
	fprintf(f, ", %s: answers to each question</caption>\n<thead><tr><th scope=\"col\">Question</th>"
	        "<th scope=\"col\">Answered</th><th scope=\"col\">Skipped</th><th scope=\"col\">Does not apply</th>"
	        "<th scope=\"col\">Yes, fully</th><th scope=\"col\">95%% interval</th>"
	        "<th scope=\"col\">Mostly or better</th><th scope=\"col\">95%% interval</th></tr></thead>\n<tbody>\n",
	        t->period[p]);
	for (int q = 0; q < r->qs->n; q++) {
		const Cell *c = tally_cell(t, s, p, q);
		fputs("<tr><th scope=\"row\">", f);
		esc(f, question_text(r, q));
		if (c->suppressed) {
			char buf[32];
			fprintf(f, "</th><td colspan=\"7\">%s</td></tr>\n", report_hidden(r, c->suppressed, buf));
			continue;
		}
		Prop a = cell_top_box(c), b = cell_top_two(c);
		fprintf(f, "</th><td>%ld</td><td>%ld</td><td>%ld</td><td>%.0f%%</td><td>%.0f&ndash;%.0f%%</td>"
		        "<td>%.0f%%</td><td>%.0f&ndash;%.0f%%</td></tr>\n", cell_answered(c), c->skipped, c->na,
		        a.pct, a.low, a.high, b.pct, b.low, b.high);
	}
	fputs("</tbody></table>\n<p>Construct scores (mean % \"Yes, fully\"): ", f);
	for (int k = 0; k < 3; k++) {
		double v = tally_construct(t, s, p, report_constructs[k]);
		fprintf(f, "%sfelt %s ", k ? "; " : "", report_constructs[k]);
		if (v < 0) fputs("not shown", f);
		else fprintf(f, "%.0f%%", v);
	}
	fputs(".</p>\n", f);
}

/* ---- run charts -------------------------------------------------------- */

/* One construct's 12 months as an SVG run chart with its median line. */
static void run_chart(FILE *f, const Report *r, int s, int k, int id)
{
	const Tally *t = r->t;
	const int W = 320, H = 170, L = 34, R = 8, T = 10, B = 34;
	int p0 = t->nperiods - REPORT_TREND;
	double med = report_median(r, s, k);
	fprintf(f, "<figure><svg role=\"img\" viewBox=\"0 0 %d %d\" aria-labelledby=\"c%d\">"
	        "<title id=\"c%d\">", W, H, id, id);
	esc(f, report_service_name(r, s));
	fprintf(f, ", felt %s: %% who said Yes, fully, by month.", report_constructs[k]);
	for (int p = p0; p < t->nperiods; p++) {
		double v = p >= 0 ? tally_construct(t, s, p, report_constructs[k]) : -1;
		if (p >= 0) {
			if (v < 0) fprintf(f, " %s: not shown.", t->period[p]);
			else fprintf(f, " %s: %.0f%%.", t->period[p], v);
		}
	}
	if (med >= 0)
		fprintf(f, " Median %.0f%%.", med);
	fputs("</title>\n", f);
	/* axes and gridlines at 0, 50, 100 % */
	for (int g = 0; g <= 100; g += 50) {
		double y = T + (H - T - B) * (1 - g / 100.0);
		fprintf(f, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#767676\" stroke-width=\"1\"/>"
		        "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\" fill=\"#1a1a1a\">%d%%</text>\n",
		        L, W - R, y, y, L - 4, y + 4, g);
	}
	double step = (double)(W - L - R) / (REPORT_TREND - 1);
	if (med >= 0) {
		double y = T + (H - T - B) * (1 - med / 100);
		fprintf(f, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#1a1a1a\" "
		        "stroke-dasharray=\"6 4\" stroke-width=\"1.5\"/>\n", L, W - R, y, y);
	}
	fputs("<polyline fill=\"none\" stroke=\"#1b3a6b\" stroke-width=\"2.5\" points=\"", f);
	for (int i = 0, p = p0; p < t->nperiods; p++, i++) {
		double v = p >= 0 ? tally_construct(t, s, p, report_constructs[k]) : -1;
		if (v >= 0)
			fprintf(f, "%.1f,%.1f ", L + i * step, T + (H - T - B) * (1 - v / 100));
	}
	fputs("\"/>\n", f);
	for (int i = 0, p = p0; p < t->nperiods; p++, i++) {
		double v = p >= 0 ? tally_construct(t, s, p, report_constructs[k]) : -1;
		if (v >= 0)
			fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"#1b3a6b\"/>", L + i * step,
			        T + (H - T - B) * (1 - v / 100));
		if (i % 3 == 0 || p == t->nperiods - 1)
			fprintf(f, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"%s\" fill=\"#1a1a1a\">%s</text>",
			        L + i * step, H - B + 16, p == t->nperiods - 1 ? "end" : i ? "middle" : "start",
			        p >= 0 ? t->period[p] + 2 : "");
	}
	fputs("</svg>\n<figcaption>Felt ", f);
	esc(f, report_constructs[k]);
	if (med >= 0)
		fprintf(f, ". Dashed line: median, %.0f%%.", med);
	fputs("</figcaption></figure>\n", f);
}

static void trend(FILE *f, const Report *r, int s, int *id)
{
	fputs("<h3>12-month trend and change from last month</h3>\n<div class=\"charts\">\n", f);
	for (int k = 0; k < 3; k++)
		run_chart(f, r, s, k, (*id)++);
	fputs("</div>\n<p>Change from last month: ", f);
	for (int k = 0; k < 3; k++) {
		int ok;
		double d = report_change(r, s, k, &ok);
		fprintf(f, "%sfelt %s ", k ? "; " : "", report_constructs[k]);
		if (ok) fprintf(f, "%+.0f points", d);
		else fputs("not shown", f);
	}
	fputs(".</p>\n", f);
}

void report_html(FILE *f, const Report *r)
{
	const Tally *t = r->t;
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>heard report ", f);
	fprintf(f, "%s%s%s</title>\n<style>%s</style>\n</head>\n<body>\n<main>\n<h1>heard report: %s%s%s</h1>\n",
	        r->from, strcmp(r->from, r->to) ? " to " : "", strcmp(r->from, r->to) ? r->to : "", CSS,
	        r->from, strcmp(r->from, r->to) ? " to " : "", strcmp(r->from, r->to) ? r->to : "");
	fprintf(f, "<p class=\"note\">%s</p>\n<p>" REPORT_HIDDEN " Each service is compared with its "
	        "own past; services are never ranked against each other.</p>\n", REPORT_NOTE,
	        t->threshold);
	int id = 0;
	for (int i = 0; i < r->norder; i++) {
		int si = r->order[i];
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
		esc(f, out);
	}
	fputs("</li>\n", f);
}

void report_poster(FILE *f, const Report *r)
{
	const Tally *t = r->t;
	int p = t->nperiods - 1, s = r->service ? tally_service_index(t, r->service) : 0;
	const char *label = t->period[p];  /* "2026-11", or a quarter "2026-Q4": its last month */
	int month = label[5] == 'Q' ? 3 * atoi(label + 6) : atoi(label + 5);
	if (month < 1 || month > 12)
		month = 12;
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>You said</title>\n"
	      "<style>body{font-family:'Noto Sans','DejaVu Sans',Arial,sans-serif;color:#000;background:#fff;"
	      "margin:0;padding:2rem}main{max-width:50rem;margin:auto}h1{font-size:4rem;margin:0 0 1rem}"
	      "p,li{font-size:2rem;line-height:1.4}ul{padding-left:2.2rem}li{margin:.8rem 0}"
	      "section{break-after:page;margin-bottom:3rem}section:last-child{break-after:auto}"
	      "@page{size:A4;margin:15mm}</style>\n</head>\n<body>\n<main>\n", f);
	for (int i = 0; i < r->nstrings; i++) {
		const Strings *st = r->strings[i];
		char intro[512], when[96]; /* the month in the case "in {month}" needs */
		snprintf(when, sizeof when, "%s %.4s", st->text[S_MONTH_IN_1 + month - 1], t->period[p]);
		strings_format(intro, sizeof intro, st->text[S_POSTER_INTRO], (const char *[]){ "month" },
		               (const char *[]){ when }, 1);
		fprintf(f, "<section lang=\"%s\" dir=\"%s\">\n<h1>", st->code, st->rtl ? "rtl" : "ltr");
		esc(f, st->text[S_POSTER_TITLE]);
		fputs("</h1>\n<p>", f);
		esc(f, intro);
		fputs("</p>\n<ul>\n", f);
		poster_line(f, r, st, s, p, "heard.listen", S_POSTER_HEARD);
		poster_line(f, r, st, s, p, "respect.respect", S_POSTER_RESPECTED);
		poster_line(f, r, st, s, p, "control.say", S_POSTER_CONTROL);
		fputs("</ul>\n<p>", f);
		esc(f, st->text[S_POSTER_THANKS]);
		fprintf(f, "</p>\n<p><small>%s</small></p>\n</section>\n", REPORT_NOTE);
	}
	fputs("</main>\n</body>\n</html>\n", f);
}
