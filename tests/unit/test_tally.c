/* test_tally.c - heard-report's figures against hand-worked values, and
 * the suppression rules against every subtraction a reader could try. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tally.h"

static QuestionSet qs;

#define assert_near(a, b) assert_true(fabs_((a) - (b)) < 0.01)
static double fabs_(double x) { return x < 0 ? -x : x; }

/* Hand-worked Wilson intervals (z = 1.96), in percent. */
static void test_wilson(void **state)
{
	(void)state;
	Prop p = prop_wilson(0, 10);
	assert_near(p.pct, 0);    assert_near(p.low, 0);     assert_near(p.high, 27.75);
	p = prop_wilson(10, 10);
	assert_near(p.pct, 100);  assert_near(p.low, 72.25); assert_near(p.high, 100);
	p = prop_wilson(5, 10);
	assert_near(p.pct, 50);   assert_near(p.low, 23.66); assert_near(p.high, 76.34);
	p = prop_wilson(1, 1);
	assert_near(p.low, 20.65); assert_near(p.high, 100);
	p = prop_wilson(81, 100);
	assert_near(p.pct, 81);   assert_near(p.low, 72.22); assert_near(p.high, 87.49);
	p = prop_wilson(0, 0);
	assert_near(p.pct, 0);
}

/* Add one response for service s in period p, every question = v
 * (0 skipped, -1 n/a), as the store's counts arrive. */
static void respond(Tally *t, const char *s, const char *p, int v)
{
	assert_int_equal(tally_add(t, s, p, NULL, 0, 1), 0);
	for (int q = 0; q < qs.n; q++)
		assert_int_equal(tally_add(t, s, p, qs.q[q].id, v, 1), 0);
}

static void test_counts_and_top_box(void **state)
{
	(void)state;
	Tally *t = calloc(1, sizeof *t);
	const char *periods[] = { "2026-10" };
	assert_int_equal(tally_init(t, &qs, 10, periods, 1), 0);
	for (int i = 0; i < 6; i++) respond(t, "A", "2026-10", 5);
	for (int i = 0; i < 3; i++) respond(t, "A", "2026-10", 4);
	for (int i = 0; i < 2; i++) respond(t, "A", "2026-10", 1);
	respond(t, "A", "2026-10", 0);  /* skipped everything */
	respond(t, "A", "2026-10", -1); /* n/a (only counted where offered) */
	respond(t, "A", "2026-09", 5);  /* a month not reported: passed over */
	/* a count no kiosk could hold is a damaged file, refused */
	assert_int_equal(tally_add(t, "A", "2026-10", NULL, 0, TALLY_MAX_COUNT + 1), -1);
	assert_true(strstr(t->error, "damaged") != NULL);
	tally_finish(t);
	int a = tally_service_index(t, "A");
	assert_int_equal(t->responses[a][0], 13);
	const Cell *c = tally_cell(t, a, 0, 0);
	assert_int_equal(cell_answered(c), 11); /* skips and n/a are outside */
	assert_int_equal(c->skipped, 1);
	assert_int_equal(c->v[5], 6);
	assert_int_equal(c->suppressed, 0);
	Prop top = cell_top_box(c), two = cell_top_two(c);
	assert_near(top.pct, 100.0 * 6 / 11);
	assert_near(two.pct, 100.0 * 9 / 11);
	/* hand-worked: 6 of 11 -> 28.01 .. 78.73; 9 of 11 -> 52.30 .. 94.86 */
	assert_near(top.low, 28.01); assert_near(top.high, 78.73);
	assert_near(two.low, 52.30); assert_near(two.high, 94.86);
	/* construct "heard" = mean top-box of its three questions (all equal) */
	assert_near(tally_construct(t, a, 0, "heard"), 100.0 * 6 / 11);
	/* ALL equals the one service here */
	assert_int_equal(tally_cell(t, 0, 0, 0)->v[5], 6);
	tally_free(t);
	free(t);
}

static void test_primary_and_secondary(void **state)
{
	(void)state;
	Tally *t = calloc(1, sizeof *t);
	const char *periods[] = { "2026-10" };
	assert_int_equal(tally_init(t, &qs, 5, periods, 1), 0);
	assert_int_equal(t->threshold, 10); /* never below 10 */
	for (int i = 0; i < 30; i++) respond(t, "A", "2026-10", 5);
	for (int i = 0; i < 12; i++) respond(t, "B", "2026-10", 4);
	for (int i = 0; i < 25; i++) respond(t, "C", "2026-10", 3);
	for (int i = 0; i < 4; i++) respond(t, "D", "2026-10", 2);
	tally_finish(t);
	int a = tally_service_index(t, "A"), b = tally_service_index(t, "B");
	int d = tally_service_index(t, "D");
	assert_int_equal(t->resp_suppressed[d][0], 1);  /* primary */
	assert_int_equal(tally_cell(t, d, 0, 0)->suppressed, 1);
	/* ALL minus the shown services would give D's 4: ALL hides instead
	 * of another service, so B's 12 stay shown */
	assert_int_equal(t->resp_suppressed[0][0], 2);
	assert_int_equal(t->resp_suppressed[b][0], 0);
	assert_int_equal(tally_cell(t, b, 0, 0)->suppressed, 0);
	/* D's four 2s are the only 2s: while ALL shows its 2s, ALL minus the
	 * shown services gives them, so ALL's question hides too */
	assert_int_equal(tally_cell(t, 0, 0, 0)->suppressed, 2);
	assert_int_equal(t->resp_suppressed[a][0], 0);
	assert_true(tally_construct(t, b, 0, "heard") >= 0);
	assert_true(tally_construct(t, 0, 0, "heard") < 0);
	tally_free(t);
	free(t);
}

/* The reviewer's worked example: a service with nobody this month is a
 * known zero, not cover for a small one. */
static void test_empty_groups_are_no_cover(void **state)
{
	(void)state;
	Tally *t = calloc(1, sizeof *t);
	const char *periods[] = { "2026-05", "2026-06" };
	assert_int_equal(tally_init(t, &qs, 10, periods, 2), 0);
	for (int i = 0; i < 100; i++) respond(t, "Big", "2026-05", 5);
	for (int i = 0; i < 4; i++) respond(t, "Small", "2026-05", 1);
	for (int i = 0; i < 30; i++) respond(t, "New", "2026-06", 3); /* June only */
	for (int i = 0; i < 100; i++) respond(t, "Big", "2026-06", 5);
	tally_finish(t);
	int big = tally_service_index(t, "Big"), small = tally_service_index(t, "Small");
	int fresh = tally_service_index(t, "New");
	/* May: Small is hidden, New is an empty zero, so Big (or ALL) must hide too */
	assert_true(t->resp_suppressed[small][0]);
	assert_true(t->resp_suppressed[big][0] || t->resp_suppressed[0][0]);
	assert_true(tally_cell(t, big, 0, 0)->suppressed || tally_cell(t, 0, 0, 0)->suppressed);
	/* June: Small's zero hides nothing, so New's 30 are shown */
	assert_false(t->resp_suppressed[fresh][1]);
	assert_false(tally_cell(t, fresh, 1, 0)->suppressed);
	tally_free(t);
	free(t);
}

/* A question a kiosk never asks leaves the construct score of its other
 * questions, and is no cover either. */
static void test_question_never_asked(void **state)
{
	(void)state;
	Tally *t = calloc(1, sizeof *t);
	const char *periods[] = { "2026-04", "2026-05" };
	assert_int_equal(tally_init(t, &qs, 10, periods, 2), 0);
	int no = qset_find(&qs, "control.no");
	for (int p = 0; p < 2; p++) {
		tally_add(t, "A", periods[p], NULL, 0, 50); /* A's kiosk leaves out control.no */
		for (int q = 0; q < qs.n; q++)
			if (q != no)
				tally_add(t, "A", periods[p], qs.q[q].id, 5, 50);
		for (int i = 0; i < 40; i++) respond(t, "C", periods[p], 4); /* D's cover, being smaller */
	}
	for (int i = 0; i < 3; i++) respond(t, "D", "2026-05", 1);
	tally_finish(t);
	int a = tally_service_index(t, "A"), c = tally_service_index(t, "C");
	assert_true(tally_construct(t, a, 0, "in control") > 99); /* from its two other questions */
	/* control.no: D hidden; A is empty there; so C or ALL must hide too */
	assert_true(tally_cell(t, c, 1, no)->suppressed || tally_cell(t, 0, 1, no)->suppressed);
	tally_free(t);
	free(t);
}

/* Every line of one period: ALL, when shown, minus the shown services
 * leaves 0 or at least the threshold, in the response counts and in
 * each value, skipped and n/a of each question. */
static void assert_remainders(const Tally *t, int p)
{
	if (!t->resp_suppressed[0][p]) {
		long rest = t->responses[0][p];
		for (int s = 1; s < t->nservices; s++)
			if (!t->resp_suppressed[s][p])
				rest -= t->responses[s][p];
		assert_true(rest == 0 || rest >= t->threshold);
	}
	for (int q = 0; q < qs.n; q++) {
		const Cell *all = tally_cell(t, 0, p, q);
		if (all->suppressed)
			continue;
		long rest[7] = { all->v[1], all->v[2], all->v[3], all->v[4], all->v[5], all->skipped, all->na };
		for (int s = 1; s < t->nservices; s++) {
			const Cell *c = tally_cell(t, s, p, q);
			if (c->suppressed)
				continue;
			for (int v = 1; v <= 5; v++)
				rest[v - 1] -= c->v[v];
			rest[5] -= c->skipped;
			rest[6] -= c->na;
		}
		for (int k = 0; k < 7; k++)
			assert_true(rest[k] == 0 || rest[k] >= t->threshold);
	}
}

/* The example: 30 in Counselling, 1 each in Family support and
 * Young people, "Not at all" throughout.  ALL minus Counselling gave the
 * two hidden people's answers exactly; now Counselling or ALL hides too,
 * in the counts and in every question. */
static void test_two_hidden_are_protected(void **state)
{
	(void)state;
	Tally *t = calloc(1, sizeof *t);
	const char *periods[] = { "2026-10" };
	assert_int_equal(tally_init(t, &qs, 10, periods, 1), 0);
	for (int i = 0; i < 30; i++) respond(t, "Counselling", "2026-10", 2 + i % 4);
	respond(t, "Family support", "2026-10", 1);
	respond(t, "Young people", "2026-10", 1);
	tally_finish(t);
	int c = tally_service_index(t, "Counselling");
	assert_true(t->resp_suppressed[c][0] || t->resp_suppressed[0][0]);
	for (int q = 0; q < qs.n; q++)
		assert_true(tally_cell(t, c, 0, q)->suppressed || tally_cell(t, 0, 0, q)->suppressed);
	assert_remainders(t, 0);
	tally_free(t);
	free(t);
}

/* Hidden groups that together pass the threshold but leave one value
 * short: 6 + 5 hidden, all 1s from one, 2s from the other, beside two
 * large services that never answer 1.  The 1s alone (6) would show. */
static void test_each_value_is_protected(void **state)
{
	(void)state;
	Tally *t = calloc(1, sizeof *t);
	const char *periods[] = { "2026-10" };
	assert_int_equal(tally_init(t, &qs, 10, periods, 1), 0);
	for (int i = 0; i < 40; i++) respond(t, "Big", "2026-10", 5);
	for (int i = 0; i < 30; i++) respond(t, "Mid", "2026-10", 4);
	for (int i = 0; i < 6; i++) respond(t, "S1", "2026-10", 1);
	for (int i = 0; i < 5; i++) respond(t, "S2", "2026-10", 2);
	tally_finish(t);
	for (int q = 0; q < qs.n; q++)
		assert_true(tally_cell(t, 0, 0, q)->suppressed); /* nothing else covers the 1s */
	assert_remainders(t, 0);
	tally_free(t);
	free(t);
}

/* No fixed limit: 100 services (and ALL) are counted and summed. */
static void test_many_services(void **state)
{
	(void)state;
	Tally *t = calloc(1, sizeof *t);
	const char *periods[] = { "2026-10" };
	assert_int_equal(tally_init(t, &qs, 10, periods, 1), 0);
	for (int s = 0; s < 100; s++) {
		char name[16];
		snprintf(name, sizeof name, "Service %03d", s);
		for (int i = 0; i < 10 + s % 3; i++)
			respond(t, name, "2026-10", 1 + s % 5);
	}
	tally_finish(t);
	assert_int_equal(t->nservices, 101);
	long sum = 0;
	for (int s = 1; s < t->nservices; s++)
		sum += t->responses[s][0];
	assert_int_equal(t->responses[0][0], sum);
	assert_int_equal(t->responses[tally_service_index(t, "Service 099")][0], 10);
	assert_remainders(t, 0);
	tally_free(t);
	free(t);
}

/* Random tallies: whatever is hidden, no subtraction of shown figures
 * (ALL minus the other services, per question and per response count)
 * recovers a single hidden group. */
static void test_no_subtraction_recovers_hidden(void **state)
{
	(void)state;
	const char *periods[] = { "2026-01", "2026-02", "2026-03" };
	srand(7);
	for (int round = 0; round < 200; round++) {
		Tally *t = calloc(1, sizeof *t);
		assert_int_equal(tally_init(t, &qs, 10 + rand() % 3, periods, 3), 0);
		int nserv = 1 + rand() % 6;
		for (int s = 0; s < nserv; s++) {
			char name[8] = "S0";
			name[1] = (char)('0' + s);
			for (int p = 0; p < 3; p++) {
				int k = rand() % 25;
				for (int i = 0; i < k; i++) {
					int v = rand() % 7 - 1; /* -1..5 */
					tally_add(t, name, periods[p], NULL, 0, 1);
					for (int q = 0; q < qs.n; q++)
						tally_add(t, name, periods[p], qs.q[q].id, (v + q) % 7 - 1, 1);
				}
			}
		}
		tally_finish(t);
		for (int p = 0; p < 3; p++) {
			int hidden_resp = 0;
			for (int s = 1; s < t->nservices; s++)
				hidden_resp += t->resp_suppressed[s][p] && t->responses[s][p] > 0;
			if (!t->resp_suppressed[0][p])
				assert_int_not_equal(hidden_resp, 1);
			for (int q = 0; q < qs.n; q++) {
				int hidden = 0;
				for (int s = 1; s < t->nservices; s++) {
					const Cell *c = tally_cell(t, s, p, q);
					hidden += c->suppressed != 0;
					/* what is shown is never a small group */
					if (!c->suppressed)
						assert_true(cell_answered(c) >= t->threshold);
				}
				/* hidden groups that are not known zeros: never exactly one */
				int real = 0;
				for (int s = 1; s < t->nservices; s++) {
					const Cell *c = tally_cell(t, s, p, q);
					real += c->suppressed && cell_answered(c) + c->skipped + c->na > 0;
				}
				if (!tally_cell(t, 0, p, q)->suppressed)
					assert_int_not_equal(real, 1);
				(void)hidden;
			}
			assert_remainders(t, p);
		}
		tally_free(t);
		free(t);
	}
}

/* The review's case: Counselling and Family support each show their 50
 * responses, but only 9 of each answered the first question ("Not at
 * all"; 41 skipped).  Only ALL is ever hidden to protect, so a reader
 * knows each hidden cell holds at most 9: ALL, shown, would give both
 * away (18 = 9 + 9).  ALL hides whenever a hidden group holds anyone. */
static void test_small_cells_of_shown_services(void **state)
{
	(void)state;
	Tally *t = calloc(1, sizeof *t);
	const char *periods[] = { "2026-10" };
	assert_int_equal(tally_init(t, &qs, 10, periods, 1), 0);
	const char *svc[] = { "Counselling", "Family support" };
	for (int k = 0; k < 2; k++)
		for (int i = 0; i < 50; i++) {
			assert_int_equal(tally_add(t, svc[k], "2026-10", NULL, 0, 1), 0);
			assert_int_equal(tally_add(t, svc[k], "2026-10", qs.q[0].id, i < 9 ? 1 : 0, 1), 0);
			for (int q = 1; q < qs.n; q++)
				assert_int_equal(tally_add(t, svc[k], "2026-10", qs.q[q].id, 4, 1), 0);
		}
	for (int i = 0; i < 30; i++) respond(t, "Housing", "2026-10", 4);
	tally_finish(t);
	int c = tally_service_index(t, "Counselling");
	assert_false(t->resp_suppressed[c][0]);            /* 50 responses: shown */
	assert_int_equal(tally_cell(t, c, 0, 0)->suppressed, 1);
	assert_int_equal(tally_cell(t, 0, 0, 0)->suppressed, 2); /* ALL hides */
	assert_false(tally_cell(t, 0, 0, 1)->suppressed);   /* nothing hidden there */
	/* the Welcome line and poster: the shown services together (Housing's
	 * 30 "Mostly": 10 in 10), never the hidden cells */
	assert_int_equal(tally_in_ten(t, 0, 0, qs.q[0].id), 10);
	tally_free(t);
	free(t);
}

/* Two kiosks: one holds 20 in Counselling, the other 3.  A report over
 * both must not show Counselling: with the first kiosk's own report, 23
 * minus 20 would give the other's 3 away. */
static void test_merge_hides_a_small_part(void **state)
{
	(void)state;
	const char *periods[] = { "2026-10" };
	Tally *sum = calloc(1, sizeof *sum), *a = calloc(1, sizeof *a), *b = calloc(1, sizeof *b);
	assert_int_equal(tally_init(sum, &qs, 10, periods, 1), 0);
	assert_int_equal(tally_init(a, &qs, 10, periods, 1), 0);
	assert_int_equal(tally_init(b, &qs, 10, periods, 1), 0);
	for (int i = 0; i < 20; i++) respond(a, "Counselling", "2026-10", 4);
	for (int i = 0; i < 20; i++) respond(a, "Family support", "2026-10", 4);
	for (int i = 0; i < 3; i++) respond(b, "Counselling", "2026-10", 1);
	for (int i = 0; i < 30; i++) respond(b, "Family support", "2026-10", 5);
	/* Housing: 20 at one kiosk who all skipped the first question, 15 at
	 * the other who answered it: the first kiosk's skips are a small part
	 * of that question (no answers), so the sum hides it */
	for (int i = 0; i < 20; i++) {
		assert_int_equal(tally_add(a, "Housing", "2026-10", NULL, 0, 1), 0);
		assert_int_equal(tally_add(a, "Housing", "2026-10", qs.q[0].id, 0, 1), 0);
		for (int q = 1; q < qs.n; q++)
			assert_int_equal(tally_add(a, "Housing", "2026-10", qs.q[q].id, 4, 1), 0);
	}
	for (int i = 0; i < 15; i++) respond(b, "Housing", "2026-10", 3);
	assert_int_equal(tally_merge(sum, a), 0);
	assert_int_equal(tally_merge(sum, b), 0);
	tally_finish(sum);
	int c = tally_service_index(sum, "Counselling"), f = tally_service_index(sum, "Family support");
	assert_int_equal(sum->responses[c][0], 23);
	assert_true(sum->resp_suppressed[c][0]);
	for (int q = 0; q < qs.n; q++)
		assert_true(tally_cell(sum, c, 0, q)->suppressed);
	assert_false(sum->resp_suppressed[f][0]);           /* 20 + 30: both parts large */
	assert_int_equal(tally_cell(sum, f, 0, 0)->v[5], 30);
	assert_true(sum->resp_suppressed[0][0]);            /* ALL would give it away too */
	int h = tally_service_index(sum, "Housing");
	assert_false(sum->resp_suppressed[h][0]);
	assert_true(tally_cell(sum, h, 0, 0)->suppressed);  /* 0 answered + 20 skipped at one */
	assert_false(tally_cell(sum, h, 0, 1)->suppressed);
	tally_free(a);
	tally_free(b);
	tally_free(sum);
	free(a);
	free(b);
	free(sum);
}

/* An optional question no file holds a count of leaves the tally (and
 * its set); every other cell keeps its counts and marks. */
static void test_drop_question(void **state)
{
	(void)state;
	static const char *const periods[] = { "2026-09", "2026-10" };
	QuestionSet mine = qs;
	Tally t = { 0 };
	assert_int_equal(tally_init(&t, &mine, 10, periods, 2), 0);
	int fft = qset_find(&mine, "fft.overall"), last = qset_find(&mine, "control.next");
	assert_true(fft >= 0 && last >= 0 && last != fft);
	for (int k = 0; k < 12; k++) { /* more services than the first room holds */
		char name[16];
		snprintf(name, sizeof name, "S%d", k);
		assert_int_equal(tally_add(&t, name, "2026-10", NULL, 0, 20 + k), 0);
		assert_int_equal(tally_add(&t, name, "2026-10", "control.next", 4, 20 + k), 0);
		assert_int_equal(tally_add(&t, name, "2026-09", "heard.listen", 2, 3), 0);
	}
	tally_finish(&t);
	assert_false(tally_question_used(&t, fft));
	assert_true(tally_question_used(&t, last));
	int n = mine.n;
	tally_drop_question(&t, &mine, fft);
	assert_int_equal(mine.n, n - 1);
	assert_int_equal(qset_find(&mine, "fft.overall"), -1);
	int q = qset_find(&mine, "control.next"), h = qset_find(&mine, "heard.listen");
	for (int k = 0; k < 12; k++) {
		char name[16];
		snprintf(name, sizeof name, "S%d", k);
		int s = tally_service_index(&t, name);
		assert_int_equal(tally_cell(&t, s, 1, q)->v[4], 20 + k);
		assert_false(tally_cell(&t, s, 1, q)->suppressed);
		assert_int_equal(tally_cell(&t, s, 0, h)->v[2], 3);
		assert_true(tally_cell(&t, s, 0, h)->suppressed);
	}
	assert_int_equal(tally_cell(&t, 0, 1, q)->v[4], 12 * 20 + 66);
	tally_free(&t);
}

static int setup(void **state)
{
	(void)state;
	char err[512];
	return qset_load(HEARD_ASSET_DIR "/strings/questions.ini", &qs, err, sizeof err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wilson),
		cmocka_unit_test(test_counts_and_top_box),
		cmocka_unit_test(test_primary_and_secondary),
		cmocka_unit_test(test_empty_groups_are_no_cover),
		cmocka_unit_test(test_question_never_asked),
		cmocka_unit_test(test_no_subtraction_recovers_hidden),
		cmocka_unit_test(test_two_hidden_are_protected),
		cmocka_unit_test(test_each_value_is_protected),
		cmocka_unit_test(test_many_services),
		cmocka_unit_test(test_small_cells_of_shown_services),
		cmocka_unit_test(test_merge_hides_a_small_part),
		cmocka_unit_test(test_drop_question),
	};
	return cmocka_run_group_tests_name("tally", tests, setup, NULL);
}
