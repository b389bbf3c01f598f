/* test_stats.c - heard-report's "more than chance" (tools/report_stats.c)
 * against hand-worked cases: the run-chart rules, the month beyond its
 * interval, the two-proportion test, and the summary a crafted year of
 * counts gives.  `test_stats --z SEED N` prints N random two-proportion
 * cases and the p value for tests/unit/stats_check.py, which checks them
 * with scipy. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

static QuestionSet qs;

#define assert_near(a, b) assert_true(fabs((a) - (b)) < 0.01)

/* Shift: 6 or more on one side of the median; on the median neither
 * breaks nor counts; one point across breaks it. */
static void test_shift(void **state)
{
	(void)state;
	int len;
	double six[] = { 50, 50, 60, 61, 62, 63, 64, 65 };
	assert_int_equal(stats_shift(six, 8, 55, &len, NULL), 1);
	assert_int_equal(len, 6);
	double five[] = { 50, 50, 50, 61, 62, 63, 64, 65 };
	assert_int_equal(stats_shift(five, 8, 55, &len, NULL), 0);
	double on_median[] = { 50, 60, 61, 55, 62, 63, 64, 65 };
	assert_int_equal(stats_shift(on_median, 8, 55, &len, NULL), 1);
	assert_int_equal(len, 6);
	double broken[] = { 60, 61, 62, 50, 63, 64, 65, 66 };
	assert_int_equal(stats_shift(broken, 8, 55, &len, NULL), 0);
	double below[] = { 40, 41, -1, 42, 43, 44, 45, 60 }; /* a hidden month is no point */
	assert_int_equal(stats_shift(below, 8, 55, &len, NULL), -1);
	assert_int_equal(len, 6);
}

/* Trend: 5 or more points each up (or each down) on the one before;
 * a point equal to the one before neither breaks nor counts. */
static void test_trend(void **state)
{
	(void)state;
	int len;
	double up[] = { 10, 11, 12, 13, 14 };
	assert_int_equal(stats_trend(up, 5, &len, NULL), 1);
	assert_int_equal(len, 5);
	double four[] = { 20, 10, 11, 12, 13 };
	assert_int_equal(stats_trend(four, 5, &len, NULL), 0);
	double flat[] = { 10, 11, 11, 12, 13, 14 };
	assert_int_equal(stats_trend(flat, 6, &len, NULL), 1);
	assert_int_equal(len, 5);
	double down[] = { 30, 14, 13, -1, 12, 11, 10, 12 };
	assert_int_equal(stats_trend(down, 8, &len, NULL), -1);
	assert_int_equal(len, 6);
	double zigzag[] = { 10, 12, 11, 13, 12, 14, 13 };
	assert_int_equal(stats_trend(zigzag, 7, &len, NULL), 0);
}

/* Hand-worked: 30/100 vs 20/100: pooled 0.25, se = sqrt(.25*.75*.02) =
 * 0.061237, z = 1.6330, p = 0.1025.  45/100 vs 25/100: pooled .35,
 * se = 0.067454, z = 2.9650, p = 0.00303. */
static void test_two_proportions(void **state)
{
	(void)state;
	assert_true(fabs(stats_two_prop_p(30, 100, 20, 100) - 0.1025) < 0.0005);
	assert_true(fabs(stats_two_prop_p(45, 100, 25, 100) - 0.00303) < 0.00005);
	assert_true(fabs(stats_two_prop_p(20, 100, 30, 100) - 0.1025) < 0.0005); /* two-sided */
	/* the fall: 20% to 13% of 14 people could well be chance */
	assert_true(stats_two_prop_p(0.13 * 14, 14, 0.20 * 14, 14) > 0.05);
	assert_near(stats_two_prop_p(0, 10, 0, 12), 1);
	assert_near(stats_two_prop_p(1, 0, 1, 10), -1);
}

static void test_wilson_and_beyond(void **state)
{
	(void)state;
	Prop p = stats_wilson(5, 10);
	assert_near(p.pct, 50); assert_near(p.low, 23.66); assert_near(p.high, 76.34);
	assert_int_equal(stats_beyond(p, 20), 1);
	assert_int_equal(stats_beyond(p, 80), -1);
	assert_int_equal(stats_beyond(p, 50), 0);
	assert_int_equal(stats_beyond(p, 23.7), 0);
}

static void test_words(void **state)
{
	(void)state;
	char m[16], pts[32];
	report_month_name(m, "2025-12");
	assert_string_equal(m, "Dec 2025");
	report_month_name(m, "2026-Q4");
	assert_string_equal(m, "Q4 2026");
	assert_string_equal(report_points(pts, 1.2), "+1 point");
	assert_string_equal(report_points(pts, -1), "-1 point");
	assert_string_equal(report_points(pts, -11.4), "-11 points");
	assert_string_equal(report_points(pts, 0.2), "0 points");
}

/* One person of service A in period p answering every question v. */
static void respond(Tally *t, const char *p, int v, int n)
{
	assert_int_equal(tally_add(t, "A", p, NULL, 0, n), 0);
	for (int q = 0; q < qs.n; q++)
		assert_int_equal(tally_add(t, "A", p, qs.q[q].id, v, n), 0);
}

#define year(t, r, ...) year_of(t, r, __VA_ARGS__, 40)

/* A year of service A: k[i] of total (40) say "Yes, fully" (the rest 1) in month
 * i; < 0: no answers that month. */
/* (each value's count at least 10 in every month: a smaller one is hidden) */
static void year_of(Tally *t, Report *r, const int k[12], int total)
{
	static char labels[12][16];
	const char *periods[12];
	for (int i = 0; i < 12; i++) {
		snprintf(labels[i], sizeof labels[i], "2025-%02d", i + 1);
		periods[i] = labels[i];
	}
	assert_int_equal(tally_init(t, &qs, 10, periods, 12), 0);
	for (int i = 0; i < 12; i++)
		if (k[i] >= 0) {
			respond(t, periods[i], 5, k[i]);
			respond(t, periods[i], 1, total - k[i]);
		}
	tally_finish(t);
	memset(r, 0, sizeof *r);
	r->qs = &qs;
	r->t = t;
	r->first = 11;
}

static void test_summary_signals(void **state)
{
	(void)state;
	Tally t = { 0 };
	Report r;
	int a;
	ReportSignal g;
	char lines[8][256];
	/* steady at 20 of 40, then six months at 30: a shift, more than chance */
	year(&t, &r, (const int[]){ 20, 20, 20, 20, 20, 20, 30, 30, 30, 30, 30, 30 });
	a = tally_service_index(&t, "A");
	report_signal(&r, a, 0, &g);
	assert_true(g.shown);
	assert_near(g.pct, 75);
	assert_near(g.median, 62.5);
	assert_int_equal(g.shift, 1);
	assert_int_equal(g.shift_len, 6);
	assert_int_equal(g.dir, 1);
	assert_string_equal(report_direction(g.dir), "rising");
	assert_true(g.change_ok);
	assert_near(g.change, 0);
	assert_false(g.more_than_chance);
	int n = report_standout(&r, a, 0, lines, 8);
	assert_int_equal(n, 2);
	assert_non_null(strstr(lines[0], "above the usual level (the median, 62%) 6 months in a row, Jul 2025 to Dec 2025."));
	assert_string_equal(lines[1], "Felt heard: no change since Nov 2025.");
	tally_free(&t);

	/* a jump from 10 to 30 of 40 in the last month: more than chance */
	year(&t, &r, (const int[]){ -1, -1, -1, 10, 12, 10, 11, 10, 12, 11, 10, 30 });
	a = tally_service_index(&t, "A");
	report_signal(&r, a, 0, &g);
	assert_true(g.more_than_chance);
	assert_near(g.change, 50);
	assert_int_equal(g.beyond, 1);
	assert_int_equal(g.dir, 1);
	assert_int_equal(report_first_answers(&r, a), 3);
	n = report_standout(&r, a, 0, lines, 8);
	assert_non_null(strstr(lines[n - 1], "+50 points since Nov 2025. This is more than chance."));
	tally_free(&t);

	/* a small change: could be chance, no clear direction */
	year(&t, &r, (const int[]){ 20, 21, 19, 20, 22, 20, 19, 21, 20, 22, 20, 18 });
	a = tally_service_index(&t, "A");
	report_signal(&r, a, 0, &g);
	assert_int_equal(g.dir, 0);
	assert_false(g.more_than_chance);
	assert_string_equal(report_direction(g.dir), "no clear change");
	tally_free(&t);

	/* five months falling */
	year(&t, &r, (const int[]){ 20, 21, 19, 20, 22, 20, 30, 28, 26, 24, 22, 21 });
	a = tally_service_index(&t, "A");
	report_signal(&r, a, 0, &g);
	assert_int_equal(g.trend, -1);
	assert_int_equal(g.trend_len, 6);
	assert_int_equal(g.trend_start, 6);
	assert_int_equal(g.trend_end, 11);
	assert_int_equal(g.dir, -1);
	tally_free(&t);

	/* 20 to 30 of 100: p = 0.1025 (test_two_proportions), could be chance */
	year_of(&t, &r, (const int[]){ 25, 20, 25, 20, 25, 20, 25, 20, 25, 20, 20, 30 }, 100);
	a = tally_service_index(&t, "A");
	report_signal(&r, a, 0, &g);
	assert_true(fabs(g.p - 0.1025) < 0.0005);
	assert_false(g.more_than_chance);
	assert_int_equal(g.beyond, 0);
	n = report_standout(&r, a, 0, lines, 8);
	assert_int_equal(n, 1);
	assert_string_equal(lines[0], "Felt heard: +10 points since Nov 2025. This could be chance.");
	tally_free(&t);

	/* a trend that ended: history, not where things go now */
	year_of(&t, &r, (const int[]){ 10, 15, 20, 25, 30, 12, 14, 13, 14, 12, 13, 14 }, 100);
	a = tally_service_index(&t, "A");
	report_signal(&r, a, 0, &g);
	assert_int_equal(g.trend, 1);
	assert_int_equal(g.trend_start, 0);
	assert_int_equal(g.trend_end, 4);
	assert_int_equal(g.shift, 0);
	n = report_standout(&r, a, 0, lines, 8);
	assert_non_null(strstr(lines[0], "went up 5 months in a row, Jan 2025 to May 2025."));
	assert_int_equal(g.dir, 0);
	tally_free(&t);
}

/* A year of service A with its own count each month: k[i] of total[i]
 * say "Yes, fully", the rest 1. */
static void year_mixed(Tally *t, Report *r, const int k[12], const int total[12])
{
	static char labels[12][16];
	const char *periods[12];
	for (int i = 0; i < 12; i++) {
		snprintf(labels[i], sizeof labels[i], "2025-%02d", i + 1);
		periods[i] = labels[i];
	}
	assert_int_equal(tally_init(t, &qs, 10, periods, 12), 0);
	for (int i = 0; i < 12; i++) {
		respond(t, periods[i], 5, k[i]);
		respond(t, periods[i], 1, total[i] - k[i]);
	}
	tally_finish(t);
	memset(r, 0, sizeof *r);
	r->qs = &qs;
	r->t = t;
	r->first = 11;
}

/* The rules run on the figures as shown, rounded to whole percents:
 * 72.97% (27 of 37) and 73.33% (22 of 30) both show as 73, so the second
 * neither adds to a trend nor breaks it; and the change from last month
 * is the difference of the two shown figures. */
static void test_rounded_as_shown(void **state)
{
	(void)state;
	Tally t = { 0 };
	Report r;
	ReportSignal g;
	char lines[8][256], words[256];
	/* exact: 55 < 60 < 65 < 72.97 < 73.33, Jul to Nov, five rising;
	 * shown: 55, 60, 65, 73, 73, four */
	year_mixed(&t, &r, (const int[]){ 24, 22, 24, 22, 24, 24, 22, 24, 26, 27, 22, 26 },
	           (const int[]){ 40, 40, 40, 40, 40, 40, 40, 40, 40, 37, 30, 40 });
	int a = tally_service_index(&t, "A");
	report_signal(&r, a, 0, &g);
	assert_int_equal(g.trend, 0);
	assert_int_equal(g.dir, 0);
	assert_near(g.median, 60);
	assert_near(g.change, -8); /* 73 to 65 shown */
	tally_free(&t);

	/* 13 of 30 (43.33%, shown 43) then 14 of 30 (46.67%, shown 47): the
	 * exact change is 3.33 points, the shown one 4 */
	year_of(&t, &r, (const int[]){ 13, 14, 13, 14, 13, 14, 13, 14, 13, 14, 13, 14 }, 30);
	a = tally_service_index(&t, "A");
	report_signal(&r, a, 0, &g);
	assert_near(g.change, 4);
	int n = report_standout(&r, a, 0, lines, 8);
	assert_string_equal(lines[n - 1], "Felt heard: +4 points since Nov 2025. This could be chance.");
	tally_free(&t);

	/* a rise Jan to May that has not gone on: told as earlier, and the
	 * year's direction says since when, with where it started and ended */
	year_of(&t, &r, (const int[]){ 12, 14, 16, 18, 20, 19, 20, 19, 20, 19, 20, 19 }, 40);
	a = tally_service_index(&t, "A");
	report_signal(&r, a, 0, &g);
	assert_int_equal(g.trend, 1);
	assert_false(g.trend_now);
	assert_int_equal(g.dir, 0);
	assert_string_equal(report_direction_words(&r, &g, words, sizeof words),
	                    "no clear change since May 2025, from 30% in Jan 2025 to 48% in Dec 2025");
	n = report_standout(&r, a, 0, lines, 8);
	assert_string_equal(lines[0], "Earlier: felt heard went up 5 months in a row, Jan 2025 to May 2025. "
	                              "That was more than chance, but it has not gone on since.");
	tally_free(&t);

	/* every month hidden: not enough answers yet, not "no clear change" */
	year_of(&t, &r, (const int[]){ 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2 }, 5);
	a = tally_service_index(&t, "A");
	report_signal(&r, a, 0, &g);
	assert_string_equal(report_direction_words(&r, &g, words, sizeof words), "not enough answers yet");
	tally_free(&t);
}

/* For stats_check.py: random cases and their p values. */
static int print_cases(unsigned seed, int n)
{
	srand(seed);
	for (int i = 0; i < n; i++) {
		int n1 = 1 + rand() % 300, n2 = 1 + rand() % 300;
		int k1 = rand() % (n1 + 1), k2 = rand() % (n2 + 1);
		printf("%d %d %d %d %.10g\n", k1, n1, k2, n2, stats_two_prop_p(k1, n1, k2, n2));
	}
	return 0;
}

static int setup(void **state)
{
	(void)state;
	char err[512];
	return qset_load(HEARD_ASSET_DIR "/strings/questions.ini", &qs, err, sizeof err);
}

int main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], "--z"))
		return print_cases((unsigned)strtoul(argv[2], NULL, 10), atoi(argv[3]));
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shift),
		cmocka_unit_test(test_trend),
		cmocka_unit_test(test_two_proportions),
		cmocka_unit_test(test_wilson_and_beyond),
		cmocka_unit_test(test_words),
		cmocka_unit_test(test_summary_signals),
		cmocka_unit_test(test_rounded_as_shown),
	};
	return cmocka_run_group_tests_name("stats", tests, setup, NULL);
}
