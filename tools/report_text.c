/* report_text.c - heard-report's plain formats: text for a terminal,
 * CSV (RFC 4180) for a spreadsheet, JSON for a program.  Each writer
 * takes the Report that report_data.c read and prints it; nothing here
 * reads a file or keeps state.  Start at report_text(). */
#include <stdio.h>
#include <string.h>

#include "report.h"
#include "store.h"
#include "util.h"

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

#define BAR 20 /* characters in a spread bar */

/* The 1-5 spread as BAR characters, each its value: "11223334444455555555". */
static void text_bar(FILE *f, const Cell *c)
{
	long n = cell_answered(c), done = 0;
	int drawn = 0;
	for (int v = 1; v <= 5; v++) {
		done += c->v[v];
		int upto = n ? (int)((done * BAR + n / 2) / n) : 0;
		for (; drawn < upto; drawn++)
			fputc('0' + v, f);
	}
}

static void text_group(FILE *f, const Report *r, int s, int p)
{
	const Tally *t = r->t;
	char mon[16];
	report_month_name(mon, t->period[p]);
	fputc('\n', f);
	text_str(f, report_service_name(r, s));
	fprintf(f, ", %s: ", mon);
	if (p < report_first_answers(r, s)) {
		fputs("no answers yet\n", f);
		return;
	}
	if (t->resp_suppressed[s][p]) {
		char buf[32];
		fprintf(f, "%s\n", report_hidden(r, t->resp_suppressed[s][p], buf));
		return;
	}
	fprintf(f, "%ld %s\n", t->responses[s][p], t->responses[s][p] == 1 ? "response" : "responses");
	/* every line at most 80 columns: the figures' headings on two lines */
	fprintf(f, "  %8s %7s %4s  %-16s %-16s\n", "", "", "", "Yes, fully", "Mostly or better");
	fprintf(f, "  %8s %7s %4s  %-16s %-16s %s\n", "answered", "skipped", "n/a",
	        "(95% interval)", "(95% interval)", "spread, 1 to 5");
	for (int q = 0; q < r->qs->n; q++) {
		if (r->qs->q[q].answers == ANSWERS_FFT)
			continue; /* its own lines below, the NHS way */
		const Cell *c = tally_cell(t, s, p, q);
		fputs("  ", f);
		report_wrap(f, 2, 4, report_question(r, q));
		if (c->suppressed) {
			char buf[32];
			fprintf(f, "  %s\n", report_hidden(r, c->suppressed, buf));
			continue;
		}
		Prop a = cell_top_box(c), b = cell_top_two(c);
		char ta[32], tb[32];
		snprintf(ta, sizeof ta, "%3.0f%% (%.0f to %.0f)", a.pct, a.low, a.high);
		snprintf(tb, sizeof tb, "%3.0f%% (%.0f to %.0f)", b.pct, b.low, b.high);
		fprintf(f, "  %8ld %7ld %4ld  %-16s %-16s ", cell_answered(c), c->skipped, c->na, ta, tb);
		text_bar(f, c);
		fputc('\n', f);
	}
	for (int k = 0; k < 3; k++) {
		double v = tally_construct(t, s, p, report_constructs[k]);
		if (v < 0)
			fprintf(f, "  felt %-13s not shown\n", report_constructs[k]);
		else
			fprintf(f, "  felt %-13s %3.0f%% said \"Yes, fully\"\n", report_constructs[k], v);
	}
	report_fft_text(f, r, s, p);
	int nc = report_comments(r, s, p, NULL); /* how many only: words are for HTML, JSON and CSV */
	if (nc)
		fprintf(f, "  %d %s (in the HTML and JSON reports, and --format comments)\n", nc,
		        nc == 1 ? "comment" : "comments");
}

/* Each service against its own past: 12 months and the last change,
 * the year in two rows of six months so a line fits 80 columns. */
static void text_trend(FILE *f, const Report *r, int s)
{
	const Tally *t = r->t;
	int p0 = t->nperiods - REPORT_TREND, first = report_first_answers(r, s);
	char a[16], b[16], head[256];
	ReportSignal g[3];
	report_month_name(a, t->period[p0 >= 0 ? p0 : 0]);
	report_month_name(b, t->period[t->nperiods - 1]);
	for (int k = 0; k < 3; k++)
		report_signal(r, s, k, &g[k]);
	fputc('\n', f);
	snprintf(head, sizeof head, "%s: %s to %s, %% who said \"Yes, fully\"", report_service_name(r, s), a, b);
	report_wrap(f, 0, 2, head);
	fputs("  (- not shown, . no answers yet)\n", f);
	for (int half = 0; half < 2; half++) {
		int from = p0 + half * (REPORT_TREND / 2), to = from + REPORT_TREND / 2;
		fprintf(f, "  %-12s", "");
		for (int p = from; p < to; p++) {
			char m[16];
			report_month_name(m, p >= 0 ? t->period[p] : "");
			fprintf(f, " %5.3s", m);
		}
		fputs(half ? "  median\n" : "\n", f);
		for (int k = 0; k < 3; k++) {
			fprintf(f, "  %-12s", report_constructs[k]);
			for (int p = from; p < to; p++) {
				double v = p >= 0 ? tally_construct(t, s, p, report_constructs[k]) : -1;
				if (p < first) fprintf(f, " %5s", ".");
				else if (v < 0) fprintf(f, " %5s", "-");
				else fprintf(f, " %5.0f", v);
			}
			if (!half)
				fputc('\n', f);
			else if (g[k].median < 0)
				fprintf(f, " %7s\n", "-");
			else
				fprintf(f, " %7.0f\n", g[k].median);
		}
	}
	fputs("  Change from last month:\n", f);
	for (int k = 0; k < 3; k++) {
		char pts[32];
		fprintf(f, "    %-12s", report_constructs[k]);
		if (g[k].change_ok)
			fprintf(f, " %s, %s\n", report_points(pts, g[k].change),
			        g[k].more_than_chance ? "more than chance" : "could be chance");
		else
			fputs(" not shown\n", f);
	}
}

/* The one-page summary of service s: the last month's constructs with
 * their intervals, the direction over 12 months, the Friends and Family
 * Test, the poster's figures and what stands out. */
static void text_summary(FILE *f, const Report *r, int s)
{
	const Tally *t = r->t;
	int p = t->nperiods - 1;
	char mon[16], lines[16][256], words[256];
	report_month_name(mon, t->period[p]);
	fputs("\n== ", f);
	text_str(f, s ? report_service_name(r, s) : "All services");
	fprintf(f, ", %s ==\n", mon);
	if (p < report_first_answers(r, s)) {
		fputs("No answers yet.\n", f);
		return;
	}
	if (t->resp_suppressed[s][p])
		fputs("This month is not shown (see the note at the top).\n", f);
	else
		fprintf(f, "%ld %s.\n", t->responses[s][p], t->responses[s][p] == 1 ? "person answered" : "people answered");
	int nc = report_comments(r, s, p, NULL); /* 0 unless the rule lets them show */
	if (nc > 0) /* the words themselves are in the HTML and JSON reports */
		fprintf(f, "%d %s in their own words (the HTML report shows them).\n", nc,
		        nc == 1 ? "person wrote" : "people wrote");
	fprintf(f, "  %-16s %10s %14s %17s\n", "", "Yes, fully", "95% interval", "Mostly or better");
	for (int k = 0; k < 3; k++) {
		ReportSignal g;
		report_signal(r, s, k, &g);
		double two = report_construct_top_two(r, s, p, k);
		fprintf(f, "  Felt %-11s ", report_constructs[k]);
		if (g.shown && two >= 0) {
			char ci[32];
			snprintf(ci, sizeof ci, "%.0f to %.0f%%", g.ci.low, g.ci.high);
			fprintf(f, "%9.0f%% %14s %16.0f%%\n", g.pct, ci, two);
		} else
			fprintf(f, "%10s\n", "not shown");
		fputs("    12 months: ", f);
		report_wrap(f, 15, 6, report_direction_words(r, &g, words, sizeof words));
	}
	ReportFft x;
	if (report_fft_figures(r, s, p, &x))
		fprintf(f, "  Friends and Family Test: %.0f%% positive, %.0f%% negative.\n", x.positive, x.negative);
	fputs("  On the poster (\"Mostly or better\" to one question each, to the nearest 10):\n", f);
	for (int k = 0; k < 3; k++) {
		int q = qset_find(r->qs, report_poster_questions[k]), ten = tally_in_ten(t, s, p, report_poster_questions[k]);
		if (q < 0)
			continue;
		const Cell *c = tally_cell(t, s, p, q);
		char line[512];
		if (ten < 0)
			snprintf(line, sizeof line, "not shown: %s", report_question(r, q));
		else if (c->suppressed || cell_answered(c) == 0)
			snprintf(line, sizeof line, "%d in 10: %s (the services shown, together)", ten, report_question(r, q));
		else
			snprintf(line, sizeof line, "%d in 10: %s (%.0f%%)", ten, report_question(r, q), cell_top_two(c).pct);
		fputs("    ", f);
		report_wrap(f, 4, 6, line);
	}
	int n = 0;
	for (int k = 0; k < 3; k++)
		n += report_standout(r, s, k, lines + n, 16 - n);
	fputs("  What stands out:\n", f);
	if (!n)
		fprintf(f, "  - %s\n", report_nothing_stands_out(r, s));
	for (int i = 0; i < n; i++) {
		fputs("  - ", f);
		report_wrap(f, 4, 4, lines[i]);
	}
}

void report_text(FILE *f, const Report *r)
{
	const Tally *t = r->t;
	char a[16], b[16];
	report_month_name(a, r->from);
	report_month_name(b, r->to);
	fprintf(f, "heard report, %s", a);
	if (strcmp(r->from, r->to))
		fprintf(f, " to %s", b);
	char hidden[1024];
	snprintf(hidden, sizeof hidden, REPORT_HIDDEN, t->threshold);
	fprintf(f, "\n%s\n", REPORT_NOTE);
	report_wrap(f, 0, 0, hidden);
	fputs("Services are each compared with their own past, never ranked.\n\nHow to read this\n", f);
	for (int i = 0; report_how_to_read[i]; i++) {
		fputs("- ", f);
		report_wrap(f, 2, 2, report_how_to_read[i]);
	}
	int n = r->norder;
	const int *order = r->order;
	fputs("\nSUMMARY\n", f);
	for (int i = 0; i < n; i++)
		if (report_shows(r, order[i]))
			text_summary(f, r, order[i]);
	fputs("\nDETAILS\n", f);
	for (int i = 0; i < n; i++) {
		int si = order[i];
		if (!report_shows(r, si))
			continue;
		for (int p = r->first; p < t->nperiods; p++)
			text_group(f, r, si, p);
		text_trend(f, r, si);
	}
}

/* ---- CSV (RFC 4180) ------------------------------------------------------ */

/* Whether a spreadsheet might read s as a formula: it begins, after any
 * spaces (a no-break or wide one too: a spreadsheet may skip them), with
 * = + - @, their full-width forms (an input method may turn them back),
 * a tab or a carriage return. */
static int csv_formula(const char *s)
{
	static const char *const space[] = {" ", "\xc2\xa0", "\xe2\x80\x80", "\xe2\x80\x81",
	                                    "\xe2\x80\x82", "\xe2\x80\x83", "\xe2\x80\x84",
	                                    "\xe2\x80\x85", "\xe2\x80\x86", "\xe2\x80\x87",
	                                    "\xe2\x80\x88", "\xe2\x80\x89", "\xe2\x80\x8a",
	                                    "\xe2\x80\x8b", "\xe2\x80\xaf", "\xe3\x80\x80", "\xe1\x9a\x80",
	                                    "\xe2\x81\x9f"};
	/* full-width = + - @, and the small forms of = + - @ */
	static const char *const sign[] = {"\xef\xbc\x9d", "\xef\xbc\x8b", "\xef\xbc\x8d", "\xef\xbc\xa0",
	                                   "\xef\xb9\xa6", "\xef\xb9\xa2", "\xef\xb9\xa3", "\xef\xb9\xab",
	                                   "\xe2\x88\x92"}; /* (and the small @, the minus sign) */
	for (size_t i = 0; i < sizeof space / sizeof *space;)
		if (!strncmp(s, space[i], strlen(space[i]))) {
			s += strlen(space[i]);
			i = 0;
		} else {
			i++;
		}
	for (size_t i = 0; i < sizeof sign / sizeof *sign; i++)
		if (!strncmp(s, sign[i], strlen(sign[i])))
			return 1;
	return *s && strchr("=+-@\t\r", *s);
}

/* One field; one that a spreadsheet would read as a formula gets a
 * leading ' (OWASP's advice), and one holding a separator (',' or ';'),
 * quote or line end is quoted. */
void report_csv_cell(FILE *f, const char *raw)
{
	/* control characters and bytes that are not UTF-8 as '?', as in text:
	 * the CSV goes to a terminal too when there is no -o */
	char s[STORE_COMMENT_MAX + 1]; /* a comment, a service's name, the FFT file's longest note */
	util_inert(s, sizeof s, raw);
	int formula = csv_formula(s);
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

void report_csv(FILE *f, const Report *r)
{
	const Tally *t = r->t;
	fputs("\xef\xbb\xbf" /* UTF-8 byte-order mark: Excel then reads names as UTF-8 */
	      "service,period,question,construct,answered,skipped,not_applicable,v1,v2,v3,v4,v5,"
	      "top_box_pct,top_box_low,top_box_high,top_two_pct,top_two_low,top_two_high,suppressed\r\n", f);
	int n = r->norder;
	const int *order = r->order;
	for (int i = 0; i < n; i++) {
		int si = order[i];
		for (int p = r->first; p < t->nperiods; p++)
			for (int q = 0; q < r->qs->n; q++) {
				const Cell *c = tally_cell(t, si, p, q);
				report_csv_cell(f, report_service_name(r, si));
				fprintf(f, ",%s,", t->period[p]);
				report_csv_cell(f, r->qs->q[q].id);
				fputc(',', f);
				report_csv_cell(f, r->qs->q[q].construct);
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
}

/* ---- JSON ---------------------------------------------------------------- */

static void json_prop(FILE *f, const char *name, Prop p)
{
	fprintf(f, ",\"%s\":{\"pct\":%.1f,\"low\":%.1f,\"high\":%.1f}", name, p.pct, p.low, p.high);
}

static void json_group(FILE *f, const Report *r, int s, int p)
{
	const Tally *t = r->t;
	fputs("{\"service\":", f);
	json_text(f, report_service_name(r, s));
	fprintf(f, ",\"period\":\"%s\",\"suppressed\":%s", t->period[p],
	        t->resp_suppressed[s][p] ? "true" : "false");
	if (t->resp_suppressed[s][p])
		fputs(",\"responses\":null", f);
	else
		fprintf(f, ",\"responses\":%ld", t->responses[s][p]);
	fputs(",\"questions\":[", f);
	for (int q = 0; q < r->qs->n; q++) {
		const Cell *c = tally_cell(t, s, p, q);
		fprintf(f, "%s{\"question\":", q ? "," : "");
		json_text(f, r->qs->q[q].id);
		fputs(",\"construct\":", f);
		json_text(f, r->qs->q[q].construct);
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
	fputs("],\"comments\":[", f); /* empty unless the rule lets them show */
	const char *const *texts;
	int nc = report_comments(r, s, p, &texts);
	for (int i = 0; i < nc; i++) {
		if (i)
			fputc(',', f);
		json_text(f, texts[i]);
	}
	fputs("],\"constructs\":{", f);
	for (int k = 0; k < 3; k++) {
		double v = tally_construct(t, s, p, report_constructs[k]);
		fprintf(f, "%s\"%s\":", k ? "," : "", report_constructs[k]);
		if (v < 0) fputs("null", f);
		else fprintf(f, "%.1f", v);
	}
	fputs("}}", f);
}

/* "trend": {"periods": [...], "heard": [..|null], ..., "median": {...}, "change": {...}} */
static void json_trend(FILE *f, const Report *r, int s)
{
	const Tally *t = r->t;
	int p0 = t->nperiods - REPORT_TREND;
	fputs("{\"service\":", f);
	json_text(f, report_service_name(r, s));
	fputs(",\"periods\":[", f);
	for (int p = p0; p < t->nperiods; p++)
		fprintf(f, "%s\"%s\"", p > p0 ? "," : "", p >= 0 ? t->period[p] : "");
	fputc(']', f);
	for (int k = 0; k < 3; k++) {
		fprintf(f, ",\"%s\":[", report_constructs[k]);
		for (int p = p0; p < t->nperiods; p++) {
			double v = p >= 0 ? tally_construct(t, s, p, report_constructs[k]) : -1;
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
			double v = which ? report_change(r, s, k, &ok) : report_median(r, s, k);
			fprintf(f, "%s\"%s\":", k ? "," : "", report_constructs[k]);
			if (!ok || (!which && v < 0)) fputs("null", f);
			else fprintf(f, "%.1f", v);
		}
		fputc('}', f);
	}
	fputc('}', f);
}

void report_json(FILE *f, const Report *r)
{
	const Tally *t = r->t;
	fprintf(f, "{\"from\":\"%s\",\"to\":\"%s\",\"threshold\":%d,\"note\":", r->from, r->to, t->threshold);
	json_text(f, REPORT_NOTE);
	fputs(",\"comments_note\":", f);
	json_text(f, REPORT_COMMENTS_NOTE);
	fprintf(f, ",\"question_set\":\"%s\",\"groups\":[", r->qs->version);
	int first = 1, n = r->norder;
	const int *order = r->order;
	for (int i = 0; i < n; i++) {
		int si = order[i];
		for (int p = r->first; p < t->nperiods; p++) {
			if (!first)
				fputc(',', f);
			first = 0;
			json_group(f, r, si, p);
		}
	}
	fputs("],\"trends\":[", f);
	for (int i = 0; i < n; i++) {
		if (i)
			fputc(',', f);
		json_trend(f, r, order[i]);
	}
	fputs("]}\n", f);
}

/* ---- comments (CSV) ------------------------------------------------------- */

void report_comments_csv(FILE *f, const Report *r)
{
	fputs("\xef\xbb\xbf" "service,period,text\r\n", f); /* the byte-order mark, as report_csv() */
	for (int i = 0; i < r->norder; i++) {
		int si = r->order[i];
		for (int p = r->first; si && p < r->t->nperiods; p++) {
			const char *const *texts;
			int nc = report_comments(r, si, p, &texts);
			for (int k = 0; k < nc; k++) {
				report_csv_cell(f, report_service_name(r, si));
				fprintf(f, ",%s,", r->t->period[p]);
				report_csv_cell(f, texts[k]);
				fputs("\r\n", f);
			}
		}
	}
}
