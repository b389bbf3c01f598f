/* test_config.c - the configuration file and the string tables: the
 * shipped files load, and every kind of broken file is refused with a
 * message naming the file, the line and the key (cmocka). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "strtab.h"
#include "scratch.h"

static char path[512];

/* Write text to a fresh file and return its path. */
static const char *file(const char *name, const char *text)
{
	snprintf(path, sizeof path, "%s/%s", tmpdir, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	return path;
}

#define assert_has(haystack, needle) do { \
	if (!strstr((haystack), (needle))) \
		fail_msg("expected \"%s\" in \"%s\"", (needle), (haystack)); \
} while (0)

/* ---- configuration ----------------------------------------------------- */

static void test_default_config(void **state)
{
	(void)state;
	Config c;
	char err[512] = "";
	assert_int_equal(config_load(&c, NULL, err, sizeof err), 0);
	assert_int_equal(c.nservices, 2);
	assert_string_equal(c.services[0], "Counselling");
	assert_string_equal(c.default_lang, "en");
	assert_int_equal(c.period, PERIOD_MONTH);
	assert_int_equal(c.repeat_press_ms, 500);
	assert_int_equal(c.test_mode, 0);
	assert_int_equal(c.threshold, 10);
	QuestionSet qs;
	int idx[SURVEY_MAX_QUESTIONS];
	assert_int_equal(qset_load(HEARD_ASSET_DIR "/strings/questions.ini", &qs, err, sizeof err), 0);
	assert_int_equal(config_questions(&c, &qs, idx, err, sizeof err), 8);
	assert_string_equal(qs.q[idx[0]].id, "heard.listen");
	assert_true(qs.q[qset_find(&qs, "control.no")].has_na);
	assert_false(qs.q[qset_find(&qs, "heard.listen")].has_na);
}

static void test_file_overrides_and_replaces_lists(void **state)
{
	(void)state;
	Config c;
	char err[512] = "";
	const char *p = file("ok.ini",
		"[kiosk]\nname = front-desk\nperiod = quarter\n"
		"[services]\nservice = Housing\nservice = Youth\nservice = Adults\n"
		"[questions]\nenabled = heard.listen, control.no\n"
		"[timeouts]\ninactivity_seconds = 120\n");
	assert_int_equal(config_load(&c, p, err, sizeof err), 0);
	assert_string_equal(c.name, "front-desk");
	assert_int_equal(c.period, PERIOD_QUARTER);
	assert_int_equal(c.nservices, 3); /* default list replaced, not added to */
	assert_string_equal(c.services[2], "Adults");
	assert_int_equal(c.inactivity_s, 120);
	assert_int_equal(c.more_time_s, 30); /* untouched keys keep defaults */
	QuestionSet qs;
	int idx[SURVEY_MAX_QUESTIONS];
	assert_int_equal(qset_load(HEARD_ASSET_DIR "/strings/questions.ini", &qs, err, sizeof err), 0);
	assert_int_equal(config_questions(&c, &qs, idx, err, sizeof err), 2);
	assert_string_equal(qs.q[idx[1]].id, "control.no");
}

/* Each broken config names file, line and key. */
static void test_bad_config_values(void **state)
{
	(void)state;
	static const struct { const char *text, *line, *key; } cases[] = {
		{ "[kiosk]\nname = x\nperiod = fortnight\n", ":3:", "'period'" },
		{ "[kiosk]\ncolour = red\n", ":2:", "'colour'" },
		{ "[timeouts]\ninactivity_seconds = 5\n", ":2:", "'inactivity_seconds'" },
		{ "[timeouts]\nthanks_seconds = ten\n", ":2:", "'thanks_seconds'" },
		{ "[timeouts]\nrepeat_press_ms = -1\n", ":2:", "'repeat_press_ms'" },
		{ "[test]\ntest_mode = maybe\n", ":2:", "'test_mode'" },
		{ "[kiosk]\n\n[printer]\nmodel = x\n", ":4:", "[printer]" },
		{ "[services]\nservice = A\nservice = A\n", ":3:", "listed twice" },
		{ "[services]\nname = A\n", ":2:", "'name'" },
		{ "[kiosk]\nthis line is broken\n", ":2:", "not a valid" },
		{ "[kiosk\nname = x\n", ":1:", "not a valid" },
		{ "name = x\n", ":1:", "outside any [section]" },
		{ "[kiosk]\nlanguages = ,\n", ":2:", "'languages'" },
		{ "[report]\nthreshold = 5\n", ":2:", "never lowered below 10" },
		{ "[report]\nthreshold = many\n", ":2:", "'threshold'" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		Config c;
		char err[512] = "";
		const char *p = file("bad.ini", cases[i].text);
		assert_int_equal(config_load(&c, p, err, sizeof err), -1);
		assert_has(err, p);
		assert_has(err, cases[i].line);
		assert_has(err, cases[i].key);
	}
}

static void test_config_cross_checks(void **state)
{
	(void)state;
	Config c;
	QuestionSet qs;
	int idx[SURVEY_MAX_QUESTIONS];
	char err[512] = "";
	const char *p = file("lang.ini", "[kiosk]\nlanguages = en, fr\ndefault_language = de\n");
	assert_int_equal(config_load(&c, p, err, sizeof err), -1);
	assert_has(err, "default_language");
	assert_has(err, "lang.ini");

	p = file("q.ini", "[kiosk]\nname = a\n[questions]\nenabled = heard.listen, heard.nope\n");
	assert_int_equal(config_load(&c, p, err, sizeof err), 0);
	assert_int_equal(qset_load(HEARD_ASSET_DIR "/strings/questions.ini", &qs, err, sizeof err), 0);
	assert_int_equal(config_questions(&c, &qs, idx, err, sizeof err), -1);
	assert_has(err, "q.ini:4:");
	assert_has(err, "heard.nope");
}

static void test_missing_config_file(void **state)
{
	(void)state;
	Config c;
	char err[512] = "";
	assert_int_equal(config_load(&c, "/nonexistent/heard.ini", err, sizeof err), -1);
	assert_has(err, "/nonexistent/heard.ini");
	assert_has(err, "No such file");
}

/* ---- string tables ----------------------------------------------------- */

static void test_shipped_strings_complete(void **state)
{
	(void)state;
	QuestionSet qs;
	Strings s;
	char err[512] = "";
	assert_int_equal(qset_load(HEARD_ASSET_DIR "/strings/questions.ini", &qs, err, sizeof err), 0);
	assert_int_equal(qs.n, 8);
	assert_int_equal(strings_load(HEARD_ASSET_DIR "/strings/en.ini", &qs, &s, err, sizeof err), 0);
	assert_string_equal(s.code, "en");
	for (int i = 0; i < S_COUNT; i++)
		assert_true(s.text[i] && *s.text[i]);
	assert_string_equal(s.question[qset_find(&qs, "heard.listen")], "Did the staff listen to you?");
	assert_string_equal(s.text[S_ANSWER_5], "Yes, fully");
	strings_free(&s);
}

/* Every shipped language loads with every key, names itself, and says
 * whether a fluent speaker has reviewed it. */
static void test_every_language_complete(void **state)
{
	(void)state;
	static const char *const langs[] = { "en", "es", "pl", "uk", "ar" };
	QuestionSet qs;
	char err[512] = "", path[256];
	assert_int_equal(qset_load(HEARD_ASSET_DIR "/strings/questions.ini", &qs, err, sizeof err), 0);
	for (size_t i = 0; i < sizeof langs / sizeof *langs; i++) {
		Strings s;
		snprintf(path, sizeof path, HEARD_ASSET_DIR "/strings/%s.ini", langs[i]);
		if (strings_load(path, &qs, &s, err, sizeof err))
			fail_msg("%s", err);
		assert_string_equal(s.code, langs[i]);
		assert_true(s.name[0]);
		assert_int_equal(s.rtl, !strcmp(langs[i], "ar"));
		assert_int_equal(s.reviewed, !strcmp(langs[i], "en")); /* drafts until reviewed */
		strings_free(&s);
	}
}

/* A table with every key, then one change applied to it. */
static char *table_with(const QuestionSet *qs, const char *drop, const char *extra)
{
	static char buf[16384];
	size_t o = (size_t)snprintf(buf, sizeof buf, "[language]\ncode = xx\nname = Test\n[ui]\n");
	for (int i = 0; i < S_COUNT; i++)
		if (!drop || strcmp(strings_key((StringId)i), drop))
			o += (size_t)snprintf(buf + o, sizeof buf - o, "%s = text %d\n", strings_key((StringId)i), i);
	o += (size_t)snprintf(buf + o, sizeof buf - o, "%s[questions]\n", extra ? extra : "");
	for (int i = 0; i < qs->n; i++)
		o += (size_t)snprintf(buf + o, sizeof buf - o, "%s = q%d\n", qs->q[i].id, i);
	return buf;
}

static void test_bad_string_tables(void **state)
{
	(void)state;
	QuestionSet qs;
	Strings s;
	char err[512] = "";
	assert_int_equal(qset_load(HEARD_ASSET_DIR "/strings/questions.ini", &qs, err, sizeof err), 0);

	const char *p = file("xx.ini", table_with(&qs, NULL, NULL));
	assert_int_equal(strings_load(p, &qs, &s, err, sizeof err), 0);
	strings_free(&s);

	p = file("xx.ini", table_with(&qs, "review.send", NULL));
	assert_int_equal(strings_load(p, &qs, &s, err, sizeof err), -1);
	assert_has(err, "xx.ini:");
	assert_has(err, "missing key 'review.send'");

	p = file("xx.ini", table_with(&qs, NULL, "review.sned = Send\n"));
	assert_int_equal(strings_load(p, &qs, &s, err, sizeof err), -1);
	assert_has(err, "unknown key 'review.sned'");
	char line[16]; /* 4 header lines, one per key, then this one */
	snprintf(line, sizeof line, ":%d:", 4 + S_COUNT + 1);
	assert_has(err, line);

	p = file("xx.ini", table_with(&qs, NULL, "welcome.start = Go\n"));
	assert_int_equal(strings_load(p, &qs, &s, err, sizeof err), -1);
	assert_has(err, "given twice");

	p = file("xx.ini", table_with(&qs, NULL, "a line with no equals sign\n"));
	assert_int_equal(strings_load(p, &qs, &s, err, sizeof err), -1);
	assert_has(err, line);

	p = file("xx.ini", "[language]\ncode = xx\nname = X\n[questions]\nheard.listen = Q\n");
	assert_int_equal(strings_load(p, &qs, &s, err, sizeof err), -1);
	assert_has(err, "missing key 'welcome.title'");

	assert_int_equal(strings_load("/nonexistent/zz.ini", &qs, &s, err, sizeof err), -1);
	assert_has(err, "/nonexistent/zz.ini");
}

/* An indented line continues the text above it (long lines in scripts
 * that need several bytes a letter); a key written twice is still refused. */
static void test_continuation_lines(void **state)
{
	(void)state;
	QuestionSet qs;
	Strings s;
	char err[512] = "";
	assert_int_equal(qset_load(HEARD_ASSET_DIR "/strings/questions.ini", &qs, err, sizeof err), 0);
	char *t = table_with(&qs, "welcome.promise", "welcome.promise = first part,\n    second part.\n");
	const char *p = file("cont.ini", t);
	if (strings_load(p, &qs, &s, err, sizeof err))
		fail_msg("%s", err);
	assert_string_equal(s.text[S_WELCOME_PROMISE], "first part, second part.");
	strings_free(&s);
	t = table_with(&qs, NULL, "welcome.promise = again\n");
	p = file("cont.ini", t);
	assert_int_equal(strings_load(p, &qs, &s, err, sizeof err), -1);
	assert_has(err, "given twice");
}

static void test_bad_question_sets(void **state)
{
	(void)state;
	QuestionSet qs;
	char err[512] = "";
	const char *p = file("qs.ini", "[set]\nversion = 1\n[a.b]\nconstruct = heard\n");
	assert_int_equal(qset_load(p, &qs, err, sizeof err), -1);
	assert_has(err, "qs.ini:4:"); /* the section's first key */
	assert_has(err, "'not_applicable'");

	p = file("qs.ini", "[set]\nversion = 1\n[a.b]\nconstruct = happy\nnot_applicable = no\n");
	assert_int_equal(qset_load(p, &qs, err, sizeof err), -1);
	assert_has(err, "qs.ini:4:");

	p = file("qs.ini", "[a.b]\nconstruct = heard\nnot_applicable = no\n");
	assert_int_equal(qset_load(p, &qs, err, sizeof err), -1);
	assert_has(err, "version");

	p = file("qs.ini", "[set]\nversion = 1\n[A B]\nconstruct = heard\n");
	assert_int_equal(qset_load(p, &qs, err, sizeof err), -1);
	assert_has(err, "qs.ini:4:");
}

static void test_long_line_refused(void **state)
{
	(void)state;
	Config c;
	char err[512] = "", text[1200];
	memset(text, 'x', sizeof text);
	memcpy(text, "[kiosk]\nname = ", 15);
	text[sizeof text - 2] = '\n';
	text[sizeof text - 1] = '\0';
	const char *p = file("long.ini", text);
	assert_int_equal(config_load(&c, p, err, sizeof err), -1);
	assert_has(err, "long.ini:2:");
}

static void test_format(void **state)
{
	(void)state;
	char out[64];
	strings_format(out, sizeof out, "Question {n} of {of}", (const char *[]){ "n", "of" },
	               (const char *[]){ "3", "8" }, 2);
	assert_string_equal(out, "Question 3 of 8");
	strings_format(out, sizeof out, "{x} and {n", (const char *[]){ "n" }, (const char *[]){ "1" }, 1);
	assert_string_equal(out, "{x} and {n");
	strings_format(out, 6, "{n}{n}{n}", (const char *[]){ "n" }, (const char *[]){ "abc" }, 1);
	assert_string_equal(out, "abcab");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_config),
		cmocka_unit_test(test_file_overrides_and_replaces_lists),
		cmocka_unit_test(test_bad_config_values),
		cmocka_unit_test(test_config_cross_checks),
		cmocka_unit_test(test_missing_config_file),
		cmocka_unit_test(test_shipped_strings_complete),
		cmocka_unit_test(test_every_language_complete),
		cmocka_unit_test(test_bad_string_tables),
		cmocka_unit_test(test_continuation_lines),
		cmocka_unit_test(test_bad_question_sets),
		cmocka_unit_test(test_long_line_refused),
		cmocka_unit_test(test_format),
	};
	return cmocka_run_group_tests_name("config", tests, scratch_setup, scratch_teardown);
}
