/* test_report_fft.c - the NHS Friends and Family Test in heard-report
 * (tools/report_fft.c): the percentages the NHS way (Don't know counts
 * in the total), the suppression rules every figure follows, the blocks
 * for the text and HTML reports, and the --format fft file (cmocka).
 * The Report is built by hand over a tally, as report_data.c would. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "assert_has.h"

static QuestionSet qs;

/* Add n answers of value v to fft.overall for service svc in period per. */
static void fft_add(Tally *t, const char *svc, const char *per, int v, long n)
{
	assert_int_equal(tally_add(t, svc, per, "fft.overall", v, n), 0);
}

/* A finished tally over "2026-09" and "2026-10":
 *  Counselling 2026-10: very good 50, good 34, neither 10, poor 4, very
 *    poor 2, don't know 20, skipped 5 (120 responses: 84 + 6 of 120)
 *  Housing 2026-10: 3 good (under the threshold), so ALL is hidden
 *  Counselling 2026-09: 12 very good, and heard.listen only elsewhere */
static void build(Tally *t, Report *r, int order[])
{
	static const char *const periods[] = { "2026-09", "2026-10" };
	memset(t, 0, sizeof *t);
	assert_int_equal(tally_init(t, &qs, 10, periods, 2), 0);
	assert_int_equal(tally_add(t, "Counselling", "2026-10", NULL, 0, 125), 0);
	fft_add(t, "Counselling", "2026-10", 5, 50);
	fft_add(t, "Counselling", "2026-10", 4, 34);
	fft_add(t, "Counselling", "2026-10", 3, 10);
	fft_add(t, "Counselling", "2026-10", 2, 4);
	fft_add(t, "Counselling", "2026-10", 1, 2);
	fft_add(t, "Counselling", "2026-10", ANSWER_NOT_APPLICABLE, 20);
	fft_add(t, "Counselling", "2026-10", ANSWER_SKIPPED, 5);
	assert_int_equal(tally_add(t, "Housing", "2026-10", NULL, 0, 3), 0);
	fft_add(t, "Housing", "2026-10", 4, 3);
	assert_int_equal(tally_add(t, "Counselling", "2026-09", NULL, 0, 12), 0);
	fft_add(t, "Counselling", "2026-09", 5, 12);
	tally_finish(t);
	int c = tally_service_index(t, "Counselling"), h = tally_service_index(t, "Housing");
	order[0] = c, order[1] = h, order[2] = 0;
	*r = (Report){ .qs = &qs, .t = t, .first = 0, .from = "2026-09", .to = "2026-10",
	               .order = order, .norder = 3 };
}

/* What writer wrote for r, NUL-terminated, in buf. */
static void written(void (*writer)(FILE *, const Report *), const Report *r, char *buf, size_t n)
{
	FILE *f = tmpfile();
	assert_non_null(f);
	writer(f, r);
	rewind(f);
	size_t got = fread(buf, 1, n - 1, f);
	buf[got] = '\0';
	fclose(f);
}

static void text_block(FILE *f, const Report *r) { report_fft_text(f, r, r->order[0], 1); }
static void html_block(FILE *f, const Report *r) { report_fft_html(f, r, r->order[0], 1); }
static void text_hidden(FILE *f, const Report *r) { report_fft_text(f, r, r->order[1], 1); }

static void test_figures_the_nhs_way(void **state)
{
	(void)state;
	Tally t;
	Report r;
	int order[3];
	build(&t, &r, order);
	ReportFft x;
	assert_int_equal(report_fft_figures(&r, order[0], 1, &x), 1);
	assert_int_equal(x.very_good, 50);
	assert_int_equal(x.good, 34);
	assert_int_equal(x.neither, 10);
	assert_int_equal(x.poor, 4);
	assert_int_equal(x.very_poor, 2);
	assert_int_equal(x.dont_know, 20);
	assert_int_equal(x.total, 120); /* Don't know in, a skip out */
	assert_float_equal(x.positive, 70.0, 1e-9); /* 84 of 120 */
	assert_float_equal(x.negative, 5.0, 1e-9);  /* 6 of 120 */
	/* hidden: under the threshold, or ALL protecting Housing's 3 */
	assert_int_equal(report_fft_figures(&r, order[1], 1, &x), 0);
	assert_int_equal(x.total, 0);
	assert_int_equal(report_fft_figures(&r, 0, 1, &x), 0);
	/* a month with 12 answers is shown, and nothing where nothing is */
	assert_int_equal(report_fft_figures(&r, order[0], 0, &x), 1);
	assert_float_equal(x.positive, 100.0, 1e-9);
	assert_int_equal(report_fft_figures(&r, order[1], 0, &x), 0);
	assert_int_equal(report_fft_figures(&r, 99, 0, &x), 0);
	tally_free(&t);
}

static void test_text_and_html_blocks(void **state)
{
	(void)state;
	Tally t;
	Report r;
	int order[3];
	char buf[4096];
	build(&t, &r, order);
	written(text_block, &r, buf, sizeof buf);
	assert_has(buf, "Friends and Family Test: 70% positive, 5% negative, of 120 answers");
	assert_has(buf, "don't know 20");
	written(html_block, &r, buf, sizeof buf);
	assert_has(buf, "<strong>Friends and Family Test:</strong> 70% positive, 5% negative, of 120 answers.");
	assert_has(buf, "<td>50</td><td>34</td><td>10</td><td>4</td><td>2</td><td>20</td>");
	written(text_hidden, &r, buf, sizeof buf);
	assert_has(buf, "Friends and Family Test: not shown");
	assert_null(strstr(buf, "%"));
	tally_free(&t);

	/* no FFT answer anywhere: no block at all */
	static const char *const periods[] = { "2026-10" };
	memset(&t, 0, sizeof t);
	assert_int_equal(tally_init(&t, &qs, 10, periods, 1), 0);
	assert_int_equal(tally_add(&t, "Counselling", "2026-10", NULL, 0, 30), 0);
	assert_int_equal(tally_add(&t, "Counselling", "2026-10", "heard.listen", 5, 30), 0);
	tally_finish(&t);
	order[0] = 1, order[1] = 0;
	r = (Report){ .qs = &qs, .t = &t, .from = "2026-10", .to = "2026-10", .order = order, .norder = 2 };
	written(text_block, &r, buf, sizeof buf);
	assert_string_equal(buf, "");
	written(html_block, &r, buf, sizeof buf);
	assert_string_equal(buf, "");
	tally_free(&t);
}

static void test_submission_file(void **state)
{
	(void)state;
	Tally t;
	Report r;
	int order[3];
	char buf[8192];
	build(&t, &r, order);
	written(report_fft, &r, buf, sizeof buf);
	const char *want =
		"\xef\xbb\xbf"
		"service,period,very_good,good,neither,poor,very_poor,dont_know,total\r\n"
		"Counselling,2026-09,12,0,0,0,0,0,12\r\n"
		"Counselling,2026-10,50,34,10,4,2,20,120\r\n"
		"Housing,2026-09,0,0,0,0,0,0,0\r\n"
		"Housing,2026-10,0,3,0,0,0,0,3\r\n"
		"ALL,2026-09,12,0,0,0,0,0,12\r\n"
		"ALL,2026-10,50,37,10,4,2,20,123\r\n";
	assert_memory_equal(buf, want, strlen(want));
	/* the rows the other formats hide, named in notes of nine cells */
	const char *notes = buf + strlen(want);
	assert_has(notes, "# Housing 2026-09:");
	assert_has(notes, "# Housing 2026-10:");
	assert_has(notes, "# ALL 2026-10:");
	assert_null(strstr(notes, "Counselling"));
	int lines = 0;
	for (const char *l = notes; *l; l = strstr(l, "\r\n") + 2, lines++)
		assert_memory_equal(strstr(l, "\r\n") - 8, ",,,,,,,,", 8);
	assert_int_equal(lines, 3);
	tally_free(&t);
}

/* A service name a spreadsheet would run as a formula stays text. */
static void test_inert_cells(void **state)
{
	(void)state;
	static const char *const periods[] = { "2026-10" };
	Tally t = { 0 };
	char buf[4096];
	int order[2];
	assert_int_equal(tally_init(&t, &qs, 10, periods, 1), 0);
	assert_int_equal(tally_add(&t, "=HYPERLINK(\"x\")", "2026-10", NULL, 0, 10), 0);
	fft_add(&t, "=HYPERLINK(\"x\")", "2026-10", 5, 10);
	tally_finish(&t);
	order[0] = 1, order[1] = 0;
	Report r = { .qs = &qs, .t = &t, .from = "2026-10", .to = "2026-10", .order = order, .norder = 2 };
	written(report_fft, &r, buf, sizeof buf);
	assert_has(buf, "\r\n\"'=HYPERLINK(\"\"x\"\")\",2026-10,10,0,0,0,0,0,10\r\n");
	tally_free(&t);
}

/* What report_csv_cell() writes for raw, in buf. */
static const char *cell_raw;
static void cell_writer(FILE *f, const Report *r) { (void)r; report_csv_cell(f, cell_raw); }
static const char *cell(const char *raw, char *buf, size_t n)
{
	cell_raw = raw;
	written(cell_writer, NULL, buf, n);
	return buf;
}

/* A cell a spreadsheet might run as a formula gets a leading ': after
 * spaces of any kind (a no-break, thin or ideographic one), and when it
 * starts with a full-width = + - @, which an input method may turn back. */
static void test_csv_cell_formula(void **state)
{
	(void)state;
	char buf[256];
	assert_string_equal(cell("=1+1", buf, sizeof buf), "'=1+1");
	assert_string_equal(cell("  @SUM(A1)", buf, sizeof buf), "'  @SUM(A1)");
	assert_string_equal(cell("\xc2\xa0=1+1", buf, sizeof buf), "'\xc2\xa0=1+1");
	assert_string_equal(cell("\xe2\x80\x89 -2", buf, sizeof buf), "'\xe2\x80\x89 -2");
	assert_string_equal(cell("\xe3\x80\x80+1", buf, sizeof buf), "'\xe3\x80\x80+1");
	assert_string_equal(cell("\xef\xbc\x9d" "1+1", buf, sizeof buf), "'\xef\xbc\x9d" "1+1");
	assert_string_equal(cell("\xef\xbc\xa0x", buf, sizeof buf), "'\xef\xbc\xa0x");
	assert_string_equal(cell("\xe1\x9a\x80=1", buf, sizeof buf), "'\xe1\x9a\x80=1"); /* ogham space */
	assert_string_equal(cell("\xef\xb9\xa6" "1", buf, sizeof buf), "'\xef\xb9\xa6" "1");  /* small = */
	assert_string_equal(cell("\xc2\xa0=a,b", buf, sizeof buf), "\"'\xc2\xa0=a,b\"");
	/* words stay as they are */
	assert_string_equal(cell("Counselling", buf, sizeof buf), "Counselling");
	assert_string_equal(cell("\xc2\xa0" "a = b", buf, sizeof buf), "\xc2\xa0" "a = b");
	assert_string_equal(cell("a-b", buf, sizeof buf), "a-b");
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
		cmocka_unit_test(test_figures_the_nhs_way),
		cmocka_unit_test(test_csv_cell_formula),
		cmocka_unit_test(test_text_and_html_blocks),
		cmocka_unit_test(test_submission_file),
		cmocka_unit_test(test_inert_cells),
	};
	return cmocka_run_group_tests_name("report_fft", tests, setup, NULL);
}
