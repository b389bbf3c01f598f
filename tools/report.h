/* report.h - heard-report's parts and what they share.  report.c is the
 * command: options, the format table, the output file.  report_data.c
 * reads the databases into a Report (report_read(); it returns errors
 * and never exits).  report_text.c writes text, CSV and JSON,
 * report_html.c the HTML report and the waiting-room poster; every
 * writer takes a const Report * and reads nothing else.  Start reading
 * at main() in report.c, then report_read() in report_data.c. */
#ifndef HEARD_REPORT_H
#define HEARD_REPORT_H

#include <stddef.h>
#include <stdio.h>

#include "config.h"
#include "strtab.h"
#include "tally.h"
#include "wedid.h"

#define REPORT_NOTE "Kiosk answers are not comparable with postal surveys."
/* Why figures are missing, in plain words (printf: the threshold). */
#define REPORT_HIDDEN "Groups with fewer than %d answers are not shown. When any group is " \
	"hidden, even a few people who would rather not say their service, the total for ALL " \
	"is hidden too, or it would give them away; each service's own figures stay. A service " \
	"with few people a month can count by quarter (period = quarter)."
#define REPORT_TREND 12 /* months in a trend */
#define REPORT_MAX_MONTHS 36 /* in one report */

/* What to read: the caller's strings must outlive the Report. */
typedef struct {
	const char *const *inputs; /* database files, in the order given */
	int ninputs;
	const char *from, *to;     /* YYYY-MM, checked: closed, from <= to */
	const char *service;       /* --service, or NULL for every service */
	int threshold;             /* --config's [report] threshold, or 0 */
	int trend;                 /* read the REPORT_TREND months up to `to` too */
	int languages;             /* load every shipped language (HTML, poster) */
	int comments;              /* read the clients' comments of from..to */
} ReportRequest;

typedef struct ReportData ReportData; /* what report_read() allocated */

typedef struct {
	const QuestionSet *qs;
	const Tally *t;       /* periods: the trend months, then the requested ones */
	int first;            /* index in t of the first requested period */
	const char *service;  /* --service, or NULL for every service */
	const char *from, *to;
	const Strings *strings[CONFIG_MAX_LANGS]; /* poster languages, may be empty */
	int nstrings;
	/* The services to show, in display order (by name, "Not said" after
	 * them, "ALL" last): every format lists services in this order; text
	 * and HTML with --config in the order its [services] gives. */
	const int *order;
	int norder;
	const char *default_lang; /* the poster's first page: --config's, else "en" */
	const WeDid *wedid;       /* --we-did, or NULL */
	const Config *cfg;        /* --config, or NULL: services' names per language */
	ReportData *data;
} Report;

extern const char *const report_constructs[3];

/* Read every database of req, each file's counts once, merge them
 * (copies of one kiosk's database count once, docs/design.md), apply the
 * suppression rules and fill r, which must be all zeros or freed with
 * report_free().  Returns 0, or the exit status the command ends with
 * (1 out of memory, 2 bad input or a bad file) and why in err.  Warnings
 * (copies that disagree) go to standard error as they are found. */
int report_read(Report *r, const ReportRequest *req, char *err, size_t errlen);
/* Free what report_read() allocated, even after it failed; r is left all
 * zeros. */
void report_free(Report *r);

/* ---- comments (report_data.c reads them, each writer shows them) ---- */

/* A service's comments in a period are shown only when its responses
 * there are shown and it has at least this many comments; ALL has none
 * of its own (README "Comments"). */
#define REPORT_COMMENTS_MIN 3
#define REPORT_COMMENTS_NOTE "Comments are shown as kept: numbers, addresses and names were " \
	"taken out before they were stored."
/* The comments of service s in period p (index in r->t) that the rule
 * lets a report show, in an order drawn at random once per run: how
 * many (0 when none may be shown) and, in *texts when texts is not NULL,
 * the array of them (report_read() owns it). */
int report_comments(const Report *r, int s, int p, const char *const **texts);

/* A month "YYYY-MM" (2000 to 9999) into *y and *m; 1 if it is one. */
int report_parse_month(const char *s, int *y, int *m);

/* What a hidden group says instead of figures: "not shown", whether it is
 * small itself (why == 1) or hidden to protect a small one (why == 2).
 * Saying which would tell a reader that the one holds fewer than the
 * threshold and the other at least as many, enough to work out much of
 * what the hiding protects (tests/audit/audit.py --reasons).  buf must
 * hold 32 bytes. */
const char *report_hidden(const Report *r, int why, char *buf);
const char *report_service_name(const Report *r, int s);
/* Construct score of service s in the last requested month minus the
 * month before; 0 with *ok = 0 when either is hidden. */
double report_change(const Report *r, int s, int k, int *ok);
/* Median of the shown trend values of construct k for service s; -1 if none. */
double report_median(const Report *r, int s, int k);

/* ---- report_stats.c: when a change is more than chance ---- */
/* The run-chart rules on n values (v < 0: no point): +1 up/above, -1
 * down/below, 0 none; *len the points in the latest run found. */
int stats_shift(const double *v, int n, double median, int *len, int *end); /* 6+ on one side */
int stats_trend(const double *v, int n, int *len, int *end);                /* 5+ up or down */
Prop stats_wilson(double k, double n);       /* 95% Wilson, in percent */
int stats_beyond(Prop month, double median); /* +1/-1 when the median is outside the interval */
/* Pooled two-sided two-proportion z-test: p, or -1 when a group is empty. */
double stats_two_prop_p(double k1, double n1, double k2, double n2);

/* What the summary says of one construct of one service in the last month. */
typedef struct {
	int shown;              /* this month's score is shown */
	double pct;             /* the score, % "Yes, fully" */
	Prop ci;                /* its 95% interval */
	double median;          /* of the shown 12 months, rounded as shown; -1 if none */
	int shift, shift_len;   /* +1 above the median, -1 below, 0 none */
	int shift_start, shift_end; /* its first and last period (index in t) */
	int trend, trend_len;   /* +1 rising, -1 falling, 0 none */
	int trend_start, trend_end;
	int beyond;             /* +1/-1: the median lies outside this month's interval */
	int trend_now, shift_now; /* the run reaches the last shown month */
	int earlier_end;        /* the end (index in t) of the latest run that ended before, or -1 */
	int span_from, span_to; /* the first and last shown month of the 12 (index in t), or -1 */
	double from_pct, to_pct; /* their figures, rounded as shown */
	int dir;                /* over the 12 months: +1 rising, -1 falling, 0 no clear change */
	int change_ok;          /* this month and the one before both shown */
	double change, p;       /* points since the month before (of the rounded figures), the test's p */
	int more_than_chance;   /* p < 0.05 */
} ReportSignal;
void report_signal(const Report *r, int s, int k, ReportSignal *g);
int report_construct_prop(const Report *r, int s, int p, int k, double *pct, double *n);
int report_standout(const Report *r, int s, int k, char out[][256], int max);
const char *report_nothing_stands_out(const Report *r, int s);
const char *report_direction(int dir);        /* "rising", "falling", "no clear change" */
/* "no clear change since Apr 2026, from 28% in Dec 2025 to 17% in Nov 2026" */
const char *report_direction_words(const Report *r, const ReportSignal *g, char *buf, size_t len);
void report_month_name(char buf[16], const char *period); /* "2025-11" -> "Nov 2025" */
const char *report_points(char buf[32], double d);        /* "+1 point", "-3 points" */
/* The first period (index in r->t) in which service s has responses,
 * shown or not; r->t->nperiods when none. */
int report_first_answers(const Report *r, int s);
int report_period_holds(const char *label, const char *month); /* "2026-Q4" holds "2026-11" */
const char *report_question(const Report *r, int q);
int report_shows(const Report *r, int s); /* text and HTML: with --service, not ALL */ /* English wording, else the id */
/* The poster's three figures: "Mostly or better" to one question each
 * (tally_in_ten), in report_constructs' order; the summary names them. */
extern const char *const report_poster_questions[3];
/* Text lines: at most this many columns (an 80-column terminal). */
#define REPORT_TEXT_WIDTH 78
void report_wrap(FILE *f, int col, int indent, const char *s);
double report_construct_top_two(const Report *r, int s, int p, int k);
/* How to read the report, in plain words, one paragraph a line (text
 * and HTML both print these). */
extern const char *const report_how_to_read[];

/* The writers: one format each, everything from r (report.c's table). */
typedef void ReportWriter(FILE *f, const Report *r);
ReportWriter report_text, report_csv, report_json; /* report_text.c */
/* One CSV cell (RFC 4180) that no spreadsheet reads as a formula, as the
 * CSV and the FFT return write it (report_text.c). */
void report_csv_cell(FILE *f, const char *raw);
ReportWriter report_html, report_poster;           /* report_html.c */
/* --format comments: header service,period,text, one row per comment
 * report_comments() lets through, CSV cells as report_csv_cell() writes
 * them (report_text.c). */
ReportWriter report_comments_csv;

/* ---- the NHS Friends and Family Test (report_fft.c) ---------------------- */

#define REPORT_FFT_QUESTION "fft.overall"

/* One service's FFT answers in one period, and its percentages the NHS
 * England way: of every response, Don't know included. */
typedef struct {
	long very_good, good, neither, poor, very_poor, dont_know;
	long total;              /* the six together (a skip is no response) */
	double positive;         /* % very good or good */
	double negative;         /* % poor or very poor */
} ReportFft;

/* --format fft: header service,period,very_good,good,neither,poor,
 * very_poor,dont_know,total; a row per service (with FFT answers) and
 * ALL per period, raw counts; rows under the threshold named again in
 * "#" notes at the end (README "Friends and Family Test"). */
ReportWriter report_fft;
/* Service s's FFT figures in period p into *out: 1, or 0 (out all zeros)
 * when there are none or they are hidden by the suppression rules every
 * other figure follows (fewer than the threshold answers, or hidden to
 * protect another group). */
int report_fft_figures(const Report *r, int s, int p, ReportFft *out);
/* A few lines for the text report and a <div> for the HTML report:
 * "Friends and Family Test: 84% positive, 6% negative, of 120 answers"
 * and the counts, "not shown" when hidden, nothing at all when no file
 * holds an FFT answer. */
void report_fft_text(FILE *f, const Report *r, int s, int p);
void report_fft_html(FILE *f, const Report *r, int s, int p);
#endif
