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

#include <sodium.h>

#include "config.h"
#include "strtab.h"
#include "scratch.h"
#include "assert_has.h"

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

/* ---- values a person reads: text only, no look-alike rows ------------- */

/* A message is safe on a terminal: no control byte, no invalid UTF-8
 * copied from the file. */
static void assert_inert(const char *err)
{
	for (const unsigned char *u = (const unsigned char *)err; *u; u++)
		if (*u < 0x20 || *u == 0x7F || *u >= 0x80)
			fail_msg("the message carries byte 0x%02x: %s", *u, err);
}

static void test_control_and_bad_utf8_refused(void **state)
{
	(void)state;
	static const struct { const char *text, *key; } cases[] = {
		{ "[kiosk]\nname = front\x1b[31mdesk\n", "'name'" },        /* ESC: a terminal sequence */
		{ "[kiosk]\nname = front\tdesk\n", "'name'" },              /* tab */
		{ "[kiosk]\nhelp_line = call\x7f us\n", "'help_line'" },     /* DEL */
		{ "[kiosk]\ndatabase = heard\x01.db\n", "'database'" },
		{ "[services]\nservice = Hous\xc2\x85ing\n", "'service'" }, /* C1 NEL */
		{ "[services]\nservice = Hous\xc2\x9b" "31mX\n", "'service'" }, /* C1 CSI */
		{ "[services]\nservice = a\xc0\xaf" "b\n", "'service'" },      /* overlong '/' */
		{ "[services]\nservice = a\xe0\x80\xaf" "b\n", "'service'" },  /* overlong, 3 bytes */
		{ "[services]\nservice = a\xf0\x80\x80\xaf" "b\n", "'service'" }, /* overlong, 4 bytes */
		{ "[services]\nservice = a\xed\xa0\x80" "b\n", "'service'" },  /* a surrogate */
		{ "[services]\nservice = a\xf4\x90\x80\x80\n", "'service'" }, /* past U+10FFFF */
		{ "[services]\nservice = caf\xc3\n", "'service'" },          /* cut short at the end */
		{ "[services]\nservice = caf\xe2\x82 x\n", "'service'" },    /* cut short */
		{ "[services]\nservice = \x80" "abc\n", "'service'" },          /* a stray continuation */
		{ "[kiosk]\nhelp_line = \xff\xfe\n", "'help_line'" },
		{ "[kiosk]\nlanguages = en, e\x1bs\n", "'languages'" },
		{ "[questions]\nenabled = heard.listen\x07\n", "'enabled'" },
		{ "[kiosk]\nna\x1bme = x\n", "key" },                       /* in a key's name */
		{ "[services]\nservice = A\xe2\x80\x8bLL\n", "'service'" },  /* zero-width space */
		{ "[services]\nservice = \xe2\x80\xaeLLA\n", "'service'" },  /* shown as "ALL" */
		{ "[services]\nservice = X\xe2\x81\xa6Y\n", "'service'" },   /* a direction isolate */
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		Config c;
		char err[512] = "";
		const char *p = file("text.ini", cases[i].text);
		if (config_load(&c, p, err, sizeof err) != -1)
			fail_msg("case %zu was accepted", i);
		assert_has(err, p);
		assert_has(err, ":2:");
		assert_has(err, cases[i].key);
		assert_inert(err + strlen(p));
	}
	/* well-formed text in any script is fine */
	Config c;
	char err[512] = "";
	const char *p = file("text.ini",
		"[kiosk]\nname = \xc5\xbc\xc5\x82obek-1\nhelp_line = 116 123 \xe2\x80\x94 \xf0\x9f\x99\x82\n"
		"[services]\nservice = \xd0\x9f\xd1\x96\xd0\xb4\xd1\x82\xd1\x80\xd0\xb8\xd0\xbc\xd0\xba\xd0\xb0\n"
		"service = \xd8\xa7\xd9\x84\xd8\xaf\xd8\xb9\xd9\x85\n"
		"service = Family\xc2\xa0support\n");
	if (config_load(&c, p, err, sizeof err))
		fail_msg("%s", err);
	assert_int_equal(c.nservices, 3);
	assert_string_equal(c.name, "\xc5\xbc\xc5\x82obek-1");
}

/* A service named like heard-report's rows for every service (ALL) or for
 * "I'd rather not say" (Not said) would pass for them in a report. */
static void test_service_names_like_report_rows(void **state)
{
	(void)state;
	static const char *const taken[] = {
		"ALL", "all", "All", "  aLl", "Not said", "NOT SAID", "not said", "Not Said  ",
		"\xc2\xa0" "ALL\xc2\xa0", "Not said\xc2\xa0",
		"A\xe2\x80\x8dLL", "Not\xc2\xad said", /* a zero-width joiner, a soft hyphen */
	};
	for (size_t i = 0; i < sizeof taken / sizeof *taken; i++) {
		Config c;
		char err[512] = "", text[128];
		snprintf(text, sizeof text, "[services]\nservice = Housing\nservice = %s\n", taken[i]);
		const char *p = file("rows.ini", text);
		if (config_load(&c, p, err, sizeof err) != -1)
			fail_msg("service '%s' was accepted", taken[i]);
		assert_has(err, p);
		assert_has(err, ":3:");
		assert_has(err, "key 'service'");
		assert_has(err, "choose another name");
	}
	static const char *const fine[] = { "ALL services", "Allotments", "Not saying", "Said", "A L L" };
	for (size_t i = 0; i < sizeof fine / sizeof *fine; i++) {
		Config c;
		char err[512] = "", text[128];
		snprintf(text, sizeof text, "[services]\nservice = %s\n", fine[i]);
		if (config_load(&c, file("rows.ini", text), err, sizeof err))
			fail_msg("service '%s': %s", fine[i], err);
	}
}

/* period: month or quarter; a week or a day is refused with the reason. */
static void test_period(void **state)
{
	(void)state;
	Config c;
	char err[512] = "", want[1200];
	const char *p = file("period.ini", "[kiosk]\nperiod = quarter\n");
	assert_int_equal(config_load(&c, p, err, sizeof err), 0);
	assert_int_equal(c.period, PERIOD_QUARTER);
	p = file("period.ini", "[kiosk]\nperiod = month\n");
	assert_int_equal(config_load(&c, p, err, sizeof err), 0);
	assert_int_equal(c.period, PERIOD_MONTH);
	static const char *const gone[] = { "week", "day" };
	for (int i = 0; i < 2; i++) {
		char text[64];
		snprintf(text, sizeof text, "[kiosk]\nname = a\nperiod = %s\n", gone[i]);
		p = file("period.ini", text);
		assert_int_equal(config_load(&c, p, err, sizeof err), -1);
		snprintf(want, sizeof want, "%s:3: key 'period': '%s' is no longer offered (a week or a "
		         "day can single a person out); use month or quarter", p, gone[i]);
		assert_string_equal(err, want);
	}
	p = file("period.ini", "[kiosk]\nperiod = year\n");
	assert_int_equal(config_load(&c, p, err, sizeof err), -1);
	assert_has(err, "period.ini:2: key 'period': must be month or quarter");
}

/* staff_pin: empty, or a hash as heard-kiosk --hash-pin makes it; anything
 * else stops the start (staff could never get out), naming file and line
 * and never repeating the value. */
static void test_staff_pin_hash_checked(void **state)
{
	(void)state;
	char hash[crypto_pwhash_STRBYTES], text[512], err[512];
	Config c;
	assert_true(sodium_init() >= 0);
	assert_int_equal(crypto_pwhash_str(hash, "246813", 6, crypto_pwhash_OPSLIMIT_INTERACTIVE,
	                                   crypto_pwhash_MEMLIMIT_INTERACTIVE), 0);
	snprintf(text, sizeof text, "[kiosk]\nstaff_pin = %s\n", hash);
	if (config_load(&c, file("pin.ini", text), err, sizeof err))
		fail_msg("%s", err);
	assert_string_equal(c.staff_pin, hash);
	assert_int_equal(config_load(&c, file("pin.ini", "[kiosk]\nstaff_pin =\n"), err, sizeof err), 0);
	assert_string_equal(c.staff_pin, "");
	/* stronger settings than --hash-pin's are fine too */
	char strong[sizeof hash];
	const char *rest = strchr(hash + 15, '$'); /* after $argon2id$v=19$m=..,t=..,p=1 */
	snprintf(strong, sizeof strong, "$argon2id$v=19$m=262144,t=3,p=1%s", rest);
	snprintf(text, sizeof text, "[kiosk]\nstaff_pin = %s\n", strong);
	if (config_load(&c, file("pin.ini", text), err, sizeof err))
		fail_msg("%s", err);

	char bad[16][160];
	int n = 0;
	snprintf(bad[n++], sizeof bad[0], "2468135");
	snprintf(bad[n++], sizeof bad[0], "$argon2id$garbage");
	snprintf(bad[n++], sizeof bad[0], "$argon2id$");
	snprintf(bad[n++], sizeof bad[0], "%.*s", (int)strlen(hash) - 1, hash);  /* cut short */
	snprintf(bad[n++], sizeof bad[0], "%sA", hash);                          /* one more */
	snprintf(bad[n++], sizeof bad[0], "$argon2i$v=19$m=65536,t=2,p=1%s", rest);
	snprintf(bad[n++], sizeof bad[0], "$argon2id$v=16$m=65536,t=2,p=1%s", rest);
	snprintf(bad[n++], sizeof bad[0], "$argon2id$v=19$m=8,t=1,p=1%s", rest);  /* weak */
	snprintf(bad[n++], sizeof bad[0], "$argon2id$v=19$m=65536,t=1,p=1%s", rest);
	snprintf(bad[n++], sizeof bad[0], "$argon2id$v=19$m=99999999,t=2,p=1%s", rest); /* 95 GiB */
	snprintf(bad[n++], sizeof bad[0], "$argon2id$v=19$m=65536,t=2,p=4%s", rest);
	snprintf(bad[n++], sizeof bad[0], "$argon2id$v=19$m=065536,t=2,p=1%s", rest);
	snprintf(bad[n++], sizeof bad[0], "$argon2id$v=19$t=2,m=65536,p=1%s", rest);
	snprintf(bad[n++], sizeof bad[0], "$argon2id$v=19$m=65536,t=2,p=1$%s", rest); /* "$$" */
	snprintf(bad[n], sizeof bad[0], "%s", hash);
	bad[n++][strlen(hash) - 50] = '*';                                       /* not base64 */
	for (int i = 0; i < n; i++) {
		snprintf(text, sizeof text, "[kiosk]\nname = a\n\nstaff_pin = %.159s\n", bad[i]);
		const char *p = file("pin.ini", text);
		if (config_load(&c, p, err, sizeof err) != -1)
			fail_msg("staff_pin '%s' was accepted", bad[i]);
		char want[1200];
		snprintf(want, sizeof want, "%s:4: key 'staff_pin': not a PIN hash made by "
		         "heard-kiosk --hash-pin", p);
		assert_has(err, want);
		if (strstr(err, bad[i]) || strstr(err, "2468"))
			fail_msg("the message repeats the value: %s", err);
	}
}

/* ---- string tables ----------------------------------------------------- */

static void test_shipped_strings_complete(void **state)
{
	(void)state;
	QuestionSet qs;
	Strings s;
	char err[512] = "";
	assert_int_equal(qset_load(HEARD_ASSET_DIR "/strings/questions.ini", &qs, err, sizeof err), 0);
	assert_int_equal(qs.n, 9); /* heard's eight and fft.overall */
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
		/* the answers' "more" tile names what is behind it: Skip and Back */
		if (!strstr(s.text[S_QUESTION_MORE], s.text[S_SKIP]) ||
		    !strstr(s.text[S_QUESTION_MORE], s.text[S_BACK]))
			fail_msg("%s: question.more \"%s\" does not name \"%s\" and \"%s\"", langs[i],
			         s.text[S_QUESTION_MORE], s.text[S_SKIP], s.text[S_BACK]);
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

/* fft.overall, the NHS Friends and Family Test: in the shipped set, its
 * words in every language, asked only where `enabled` names it, outside
 * every construct; its settings checked. */
static void test_fft_question(void **state)
{
	(void)state;
	QuestionSet qs;
	Config c;
	char err[512] = "";
	int idx[SURVEY_MAX_QUESTIONS];
	assert_int_equal(qset_load(HEARD_ASSET_DIR "/strings/questions.ini", &qs, err, sizeof err), 0);
	int q = qset_find(&qs, "fft.overall");
	assert_true(q >= 0);
	assert_int_equal(qs.q[q].answers, ANSWERS_FFT);
	assert_true(qs.q[q].optional);
	assert_true(qs.q[q].has_na); /* Don't know */
	assert_string_equal(qs.q[q].construct, "none");
	assert_int_equal(qs.q[qset_find(&qs, "heard.listen")].answers, ANSWERS_HEARD);
	assert_false(qs.q[qset_find(&qs, "heard.listen")].optional);

	/* "enabled = all" keeps meaning heard's eight; named, it is asked */
	assert_int_equal(config_load(&c, NULL, err, sizeof err), 0);
	int n = config_questions(&c, &qs, idx, err, sizeof err);
	assert_int_equal(n, 8);
	for (int i = 0; i < n; i++)
		assert_int_not_equal(idx[i], q);
	const char *p = file("fft.ini", "[questions]\nenabled = fft.overall, heard.listen\n");
	assert_int_equal(config_load(&c, p, err, sizeof err), 0);
	assert_int_equal(config_questions(&c, &qs, idx, err, sizeof err), 2);
	assert_int_equal(idx[0], q);

	/* its words, least positive first, and Don't know in the n/a slot */
	static const char *const codes[] = { "en", "es", "pl", "uk", "ar" };
	for (size_t k = 0; k < sizeof codes / sizeof *codes; k++) {
		Strings s;
		char lp[256];
		snprintf(lp, sizeof lp, HEARD_ASSET_DIR "/strings/%s.ini", codes[k]);
		assert_int_equal(strings_load(lp, &qs, &s, err, sizeof err), 0);
		assert_non_null(s.question[q]);
		for (int v = 1; v <= 5; v++) {
			assert_ptr_equal(strings_answer_for(&s, &qs.q[q], v), s.text[S_FFT_1 + v - 1]);
			assert_string_not_equal(s.text[S_FFT_1 + v - 1], s.text[S_ANSWER_1 + v - 1]);
		}
		assert_ptr_equal(strings_answer_for(&s, &qs.q[q], ANSWER_NOT_APPLICABLE), s.text[S_FFT_DONT_KNOW]);
		assert_ptr_equal(strings_answer_for(&s, &qs.q[q], ANSWER_SKIPPED), s.text[S_REVIEW_SKIPPED]);
		assert_ptr_equal(strings_answer_for(&s, &qs.q[0], 5), s.text[S_ANSWER_5]);
		assert_ptr_equal(strings_answer_label(&s, ANSWERS_HEARD, ANSWER_NOT_APPLICABLE), s.text[S_NOT_APPLY]);
		if (!strcmp(codes[k], "en")) {
			assert_string_equal(s.question[q], "Overall, how was your experience of our service?");
			assert_string_equal(s.text[S_FFT_1], "Very poor");
			assert_string_equal(s.text[S_FFT_3], "Neither good nor poor");
			assert_string_equal(s.text[S_FFT_5], "Very good");
			assert_string_equal(s.text[S_FFT_DONT_KNOW], "Don't know");
		}
		strings_free(&s);
	}
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
	/* answers = fft: Don't know needs the n/a slot, and no construct */
	p = file("qs.ini", "[set]\nversion = 1\n[a.b]\nconstruct = heard\nnot_applicable = no\n"
	         "[f.o]\nconstruct = none\nnot_applicable = no\nanswers = fft\n");
	assert_int_equal(qset_load(p, &qs, err, sizeof err), -1);
	assert_has(err, "qs.ini:7:");
	assert_has(err, "not_applicable = yes");
	p = file("qs.ini", "[set]\nversion = 1\n[a.b]\nconstruct = heard\nnot_applicable = no\n"
	         "[f.o]\nconstruct = heard\nnot_applicable = yes\nanswers = fft\n");
	assert_int_equal(qset_load(p, &qs, err, sizeof err), -1);
	assert_has(err, "construct = none");
	p = file("qs.ini", "[set]\nversion = 1\n[a.b]\nconstruct = heard\nnot_applicable = no\nanswers = stars\n");
	assert_int_equal(qset_load(p, &qs, err, sizeof err), -1);
	assert_has(err, "qs.ini:6:");
	assert_has(err, "'stars'");
	p = file("qs.ini", "[set]\nversion = 1\n[a.b]\nconstruct = heard\nnot_applicable = no\noptional = maybe\n");
	assert_int_equal(qset_load(p, &qs, err, sizeof err), -1);
	assert_has(err, "qs.ini:6:");
	p = file("qs.ini", "[set]\nversion = 1\n[a.b]\nconstruct = heard\nnot_applicable = no\noptional = yes\n");
	assert_int_equal(qset_load(p, &qs, err, sizeof err), -1);
	assert_has(err, "every question is optional");
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

/* ---- services and help line per language -------------------------------- */

static void test_services_per_language(void **state)
{
	(void)state;
	Config c;
	char err[512] = "";
	const char *names[SURVEY_MAX_SERVICES];
	const char *p = file("lang.ini",
		"[kiosk]\nhelp_line = 116 123 (Samaritans, free)\n"
		"help_line.es = 116 123 (Samaritans, gratis)\n"
		"[services]\nservice = Counselling\nservice = Family support\n"
		"[services.es]\nservice = Orientación\nservice = Apoyo familiar\n"
		"[services.ar]\nservice = الإرشاد\nservice = دعم الأسرة\n");
	assert_int_equal(config_load(&c, p, err, sizeof err), 0);
	config_services_in(&c, "es", names);
	assert_string_equal(names[0], "Orientación");
	assert_string_equal(names[1], "Apoyo familiar");
	config_services_in(&c, "ar", names);
	assert_string_equal(names[1], "دعم الأسرة");
	config_services_in(&c, "pl", names); /* none of its own: the default names */
	assert_string_equal(names[0], "Counselling");
	assert_string_equal(names[1], "Family support");
	assert_string_equal(c.services[0], "Counselling"); /* what is stored and reported */
	assert_string_equal(config_help_line_in(&c, "es"), "116 123 (Samaritans, gratis)");
	assert_string_equal(config_help_line_in(&c, "ar"), "116 123 (Samaritans, free)");
	assert_string_equal(config_help_line_in(&c, "en"), "116 123 (Samaritans, free)");

	/* the embedded default has none: every language shows the default */
	assert_int_equal(config_load(&c, NULL, err, sizeof err), 0);
	config_services_in(&c, "es", names);
	assert_string_equal(names[1], "Family support");
	assert_string_equal(config_help_line_in(&c, "uk"), c.help_line);
}

/* A language's services and help line: each broken one names file, line
 * and what is wrong; unsafe characters are never echoed. */
static void test_bad_services_per_language(void **state)
{
	(void)state;
	static const struct { const char *text, *line, *says, *never; } cases[] = {
		{ "[services]\nservice = A\nservice = B\nservice = C\n[services.es]\nservice = A-es\n"
		  "service = B-es\n", ":6:", "[services.es] lists 2 services, [services] 3", NULL },
		{ "[services.es]\nservice = A\nservice = B\nservice = C\n", /* the default has 2 */
		  ":2:", "lists 3 services", NULL },
		{ "[services.fr]\nservice = A\nservice = B\n", ":2:",
		  "'fr' is not one of the offered languages", NULL },
		{ "[kiosk]\nlanguages = en, es\n[services.pl]\nservice = A\nservice = B\n", ":4:",
		  "'pl' is not one of the offered languages", NULL },
		{ "[kiosk]\nname = k\nhelp_line.xx = 999\n", ":3:", "key 'help_line.xx'", NULL },
		{ "[kiosk]\nhelp_line.es = 1\nhelp_line.es = 2\n", ":3:", "given twice", NULL },
		{ "[services.es]\nservice = Uno\nservice = Uno\n", ":3:", "listed twice", NULL },
		{ "[services.es]\nname = Uno\n", ":2:", "unknown key", NULL },
		{ "[services.es]\nservice = Uno\xe2\x80\x8b\nservice = Dos\n", ":2:",
		  "invisible character", "Uno" },
		{ "[kiosk]\nhelp_line.es = 116\x1b[2J\n", ":2:", "control or invisible", "[2J" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		Config c;
		char err[512] = "";
		const char *p = file("lang.ini", cases[i].text);
		assert_int_equal(config_load(&c, p, err, sizeof err), -1);
		assert_has(err, p);
		assert_has(err, cases[i].line);
		assert_has(err, cases[i].says);
		if (cases[i].never)
			assert_null(strstr(err, cases[i].never));
	}
}

/* ---- plural forms -------------------------------------------------------- */

static void test_plural_rules(void **state)
{
	(void)state;
	static const struct { const char *code; long n; Plural want; } cases[] = {
		{ "en", 0, PLURAL_OTHER }, { "en", 1, PLURAL_ONE }, { "en", 2, PLURAL_OTHER },
		{ "es", 1, PLURAL_ONE }, { "es", 10, PLURAL_OTHER },
		{ "pl", 0, PLURAL_MANY }, { "pl", 1, PLURAL_ONE }, { "pl", 2, PLURAL_FEW },
		{ "pl", 4, PLURAL_FEW }, { "pl", 5, PLURAL_MANY }, { "pl", 10, PLURAL_MANY },
		{ "pl", 12, PLURAL_MANY }, { "pl", 21, PLURAL_MANY }, { "pl", 22, PLURAL_FEW },
		{ "uk", 0, PLURAL_MANY }, { "uk", 1, PLURAL_ONE }, { "uk", 3, PLURAL_FEW },
		{ "uk", 7, PLURAL_MANY }, { "uk", 11, PLURAL_MANY }, { "uk", 21, PLURAL_ONE },
		{ "uk", 14, PLURAL_MANY }, { "uk", 24, PLURAL_FEW },
		{ "ar", 0, PLURAL_ZERO }, { "ar", 1, PLURAL_ONE }, { "ar", 2, PLURAL_TWO },
		{ "ar", 3, PLURAL_FEW }, { "ar", 10, PLURAL_FEW }, { "ar", 11, PLURAL_MANY },
		{ "ar", 99, PLURAL_MANY }, { "ar", 100, PLURAL_OTHER }, { "ar", 102, PLURAL_OTHER },
		{ "xx", 1, PLURAL_OTHER },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		if (strings_plural(cases[i].code, cases[i].n) != cases[i].want)
			fail_msg("%s %ld: category %d, expected %d", cases[i].code, cases[i].n,
			         strings_plural(cases[i].code, cases[i].n), cases[i].want);
	/* each rule only gives categories its language says it has */
	static const char *const codes[] = { "en", "es", "pl", "uk", "ar", "xx" };
	for (size_t i = 0; i < sizeof codes / sizeof *codes; i++)
		for (long n = 0; n < 250; n++)
			assert_true(strings_plural_set(codes[i]) >> strings_plural(codes[i], n) & 1);
}

/* Polish "{n} in 10 people said": 1, 2-4 and 5+ (and 0) read differently
 * in every shipped sentence with a number; each language's own forms. */
static void test_shipped_plural_forms(void **state)
{
	(void)state;
	static const char *const langs[] = { "en", "es", "pl", "uk", "ar" };
	static const StringId numbered[] = { S_LAST_MONTH, S_POSTER_HEARD, S_POSTER_RESPECTED,
	                                     S_POSTER_CONTROL };
	QuestionSet qs;
	char err[512] = "", path[256], out[512];
	assert_int_equal(qset_load(HEARD_ASSET_DIR "/strings/questions.ini", &qs, err, sizeof err), 0);
	for (size_t i = 0; i < sizeof langs / sizeof *langs; i++) {
		Strings s;
		snprintf(path, sizeof path, HEARD_ASSET_DIR "/strings/%s.ini", langs[i]);
		if (strings_load(path, &qs, &s, err, sizeof err))
			fail_msg("%s", err);
		unsigned set = strings_plural_set(s.code);
		for (size_t k = 0; k < sizeof numbered / sizeof *numbered; k++)
			for (int c = 0; c < PLURAL_COUNT; c++)
				if ((set >> c & 1) && c != PLURAL_OTHER && set != (1u << PLURAL_OTHER) &&
				    strcmp(s.code, "en") && !s.plural[numbered[k]][c])
					fail_msg("%s: %s has no plural form %d", s.code,
					         strings_key(numbered[k]), c);
		strings_free(&s);
	}
	Strings pl;
	assert_int_equal(strings_load(HEARD_ASSET_DIR "/strings/pl.ini", &qs, &pl, err, sizeof err), 0);
	strings_format_n(out, sizeof out, &pl, S_LAST_MONTH, 1);
	assert_has(out, "1 osoba na 10 powiedziała");
	strings_format_n(out, sizeof out, &pl, S_LAST_MONTH, 3);
	assert_has(out, "3 osoby na 10 powiedziały");
	strings_format_n(out, sizeof out, &pl, S_LAST_MONTH, 7);
	assert_has(out, "7 osób na 10 powiedziało");
	strings_format_n(out, sizeof out, &pl, S_POSTER_HEARD, 2);
	assert_has(out, "2 osoby na 10");
	assert_string_equal(pl.text[S_MONTH_IN_1], "styczniu"); /* "w styczniu", not "w styczeń" */
	assert_string_equal(pl.text[S_MONTH_1], "styczeń");
	strings_free(&pl);
	Strings en;
	assert_int_equal(strings_load(HEARD_ASSET_DIR "/strings/en.ini", &qs, &en, err, sizeof err), 0);
	strings_format_n(out, sizeof out, &en, S_LAST_MONTH, 9);
	assert_string_equal(out, "Last month, 9 in 10 people said they felt listened to.");
	strings_free(&en);
}

static void test_bad_plural_forms(void **state)
{
	(void)state;
	QuestionSet qs;
	Strings s;
	char err[512] = "", out[256];
	assert_int_equal(qset_load(HEARD_ASSET_DIR "/strings/questions.ini", &qs, err, sizeof err), 0);
	const size_t code_at = strlen("[language]\ncode = ");

	/* a language with one/few/many gives all three */
	char *t = table_with(&qs, NULL, "welcome.last_month.one = {n} one\n"
	                     "welcome.last_month.few = {n} few\nwelcome.last_month.many = {n} many\n");
	memcpy(t + code_at, "pl", 2);
	const char *p = file("pl.ini", t);
	assert_int_equal(strings_load(p, &qs, &s, err, sizeof err), 0);
	strings_format_n(out, sizeof out, &s, S_LAST_MONTH, 1);
	assert_string_equal(out, "1 one");
	strings_format_n(out, sizeof out, &s, S_LAST_MONTH, 4);
	assert_string_equal(out, "4 few");
	strings_format_n(out, sizeof out, &s, S_LAST_MONTH, 5);
	assert_string_equal(out, "5 many");
	assert_string_equal(strings_count(&s, S_POSTER_HEARD, 1), s.text[S_POSTER_HEARD]);
	strings_free(&s);

	t = table_with(&qs, NULL, "welcome.last_month.one = {n} one\nwelcome.last_month.many = {n} m\n");
	memcpy(t + code_at, "pl", 2);
	p = file("pl.ini", t);
	assert_int_equal(strings_load(p, &qs, &s, err, sizeof err), -1);
	char line[16];
	snprintf(line, sizeof line, ":%d:", 4 + S_COUNT + 1);
	assert_has(err, line);
	assert_has(err, "'welcome.last_month.few'");

	/* English has no "few" */
	t = table_with(&qs, NULL, "welcome.last_month.few = {n} few\n");
	memcpy(t + code_at, "en", 2);
	p = file("en.ini", t);
	assert_int_equal(strings_load(p, &qs, &s, err, sizeof err), -1);
	assert_has(err, "has no plural form 'few'");

	t = table_with(&qs, NULL, "welcome.last_month.one = a\nwelcome.last_month.one = b\n");
	memcpy(t + code_at, "en", 2);
	p = file("en.ini", t);
	assert_int_equal(strings_load(p, &qs, &s, err, sizeof err), -1);
	assert_has(err, "given twice");

	t = table_with(&qs, NULL, "welcome.last_month.several = a\n");
	p = file("xx.ini", t);
	assert_int_equal(strings_load(p, &qs, &s, err, sizeof err), -1);
	assert_has(err, "unknown key 'welcome.last_month.several'");
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

/* [kiosk] we_did: a path beside the config file unless it starts with
 * '/'; [timeouts] we_did_seconds within its range. */
static void test_we_did_key(void **state)
{
	(void)state;
	Config c;
	char err[512] = "", want[600];
	assert_int_equal(config_load(&c, NULL, err, sizeof err), 0);
	assert_string_equal(c.we_did, "");
	assert_int_equal(c.we_did_s, 8);
	const char *p = file("wd.ini", "[kiosk]\nname = x\nwe_did = sub/we-did.ini\n"
	                     "[timeouts]\nwe_did_seconds = 20\n");
	assert_int_equal(config_load(&c, p, err, sizeof err), 0);
	snprintf(want, sizeof want, "%s/sub/we-did.ini", tmpdir);
	assert_string_equal(c.we_did, want);
	assert_int_equal(c.we_did_line, 3);
	assert_int_equal(c.we_did_s, 20);
	p = file("wd.ini", "[kiosk]\nwe_did = /etc/heard/we-did.ini\n");
	assert_int_equal(config_load(&c, p, err, sizeof err), 0);
	assert_string_equal(c.we_did, "/etc/heard/we-did.ini");
	p = file("wd.ini", "[kiosk]\nwe_did =\n");
	assert_int_equal(config_load(&c, p, err, sizeof err), -1);
	assert_has(err, "wd.ini:2: key 'we_did': must be a file path");
	p = file("wd.ini", "[timeouts]\nwe_did_seconds = 2\n");
	assert_int_equal(config_load(&c, p, err, sizeof err), -1);
	assert_has(err, "wd.ini:2: key 'we_did_seconds': must be a whole number from 3 to 600");
}

/* [comments]: no comment screen unless a service asks for it; staff
 * names to remove, each checked, errors naming file, line and key. */
static void test_comments_keys(void **state)
{
	(void)state;
	Config c;
	char err[512] = "", names[2048];
	assert_int_equal(config_load(&c, NULL, err, sizeof err), 0);
	assert_int_equal(c.comments_ask, 0);
	assert_string_equal(c.comments_redact, "");
	const char *p = file("cm.ini", "[kiosk]\nname = x\n[comments]\nask = yes\n"
	                     "redact = Ann, Zośka ,Олена,  محمد\n");
	assert_int_equal(config_load(&c, p, err, sizeof err), 0);
	assert_int_equal(c.comments_ask, 1);
	assert_string_equal(c.comments_redact, "Ann, Zośka ,Олена,  محمد");
	p = file("cm.ini", "[comments]\nask = no\nredact =\n");
	assert_int_equal(config_load(&c, p, err, sizeof err), 0);
	assert_int_equal(c.comments_ask, 0);
	assert_string_equal(c.comments_redact, "");

	static const struct { const char *text, *want; } bad[] = {
		{ "[comments]\nask = maybe\n", "cm.ini:2: key 'ask': must be yes or no" },
		{ "[comments]\n\nredact = Ann,, Bob\n", "cm.ini:3: key 'redact': a name is empty" },
		{ "[comments]\nredact = Ann,\n", "cm.ini:2: key 'redact': a name is empty" },
		{ "[comments]\nredact = ,Ann\n", "cm.ini:2: key 'redact': a name is empty" },
		{ "[comments]\nredact = Ann, B\x1b[2Job\n", "cm.ini:2: key 'redact': holds a control" },
		{ "[comments]\nreadct = Ann\n", "cm.ini:2: key 'readct': unknown key" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		p = file("cm.ini", bad[i].text);
		assert_int_equal(config_load(&c, p, err, sizeof err), -1);
		assert_has(err, bad[i].want);
	}
	/* 60 characters (Cyrillic: 120 bytes) is a name; 61 is not */
	char name[200] = "";
	for (int i = 0; i < 60; i++)
		strcat(name, "я");
	snprintf(names, sizeof names, "[comments]\nredact = Ann, %s\n", name);
	assert_int_equal(config_load(&c, file("cm.ini", names), err, sizeof err), 0);
	snprintf(names, sizeof names, "[comments]\nredact = Ann, %sя\n", name);
	assert_int_equal(config_load(&c, file("cm.ini", names), err, sizeof err), -1);
	assert_has(err, "cm.ini:2: key 'redact': a name is longer than 60 characters");
	/* 40 names, not 41, on lines continued by a space at their start */
	size_t o = (size_t)snprintf(names, sizeof names, "[comments]\nredact = N0");
	for (int i = 1; i < 40; i++)
		o += (size_t)snprintf(names + o, sizeof names - o, i % 8 ? ", N%d" : ",\n  N%d", i);
	snprintf(names + o, sizeof names - o, "\n");
	assert_int_equal(config_load(&c, file("cm.ini", names), err, sizeof err), 0);
	assert_has(c.comments_redact, "N39");
	snprintf(names + o, sizeof names - o, ", N40\n");
	assert_int_equal(config_load(&c, file("cm.ini", names), err, sizeof err), -1);
	assert_has(err, "cm.ini:2: key 'redact': lists more than 40 names");
	/* 40 names of 30 bytes do not fit the 1023 bytes kept */
	o = (size_t)snprintf(names, sizeof names, "[comments]\nredact = ");
	for (int i = 0; i < 40; i++)
		o += (size_t)snprintf(names + o, sizeof names - o, "%sName-number-%017d",
		                      !i ? "" : i % 4 ? ", " : ",\n ", i);
	snprintf(names + o, sizeof names - o, "\n");
	assert_int_equal(config_load(&c, file("cm.ini", names), err, sizeof err), -1);
	assert_has(err, "cm.ini:2: key 'redact': the list is too long");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_config),
		cmocka_unit_test(test_file_overrides_and_replaces_lists),
		cmocka_unit_test(test_bad_config_values),
		cmocka_unit_test(test_config_cross_checks),
		cmocka_unit_test(test_missing_config_file),
		cmocka_unit_test(test_control_and_bad_utf8_refused),
		cmocka_unit_test(test_service_names_like_report_rows),
		cmocka_unit_test(test_period),
		cmocka_unit_test(test_staff_pin_hash_checked),
		cmocka_unit_test(test_shipped_strings_complete),
		cmocka_unit_test(test_every_language_complete),
		cmocka_unit_test(test_bad_string_tables),
		cmocka_unit_test(test_continuation_lines),
		cmocka_unit_test(test_fft_question),
		cmocka_unit_test(test_bad_question_sets),
		cmocka_unit_test(test_long_line_refused),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_services_per_language),
		cmocka_unit_test(test_bad_services_per_language),
		cmocka_unit_test(test_plural_rules),
		cmocka_unit_test(test_shipped_plural_forms),
		cmocka_unit_test(test_bad_plural_forms),
		cmocka_unit_test(test_we_did_key),
		cmocka_unit_test(test_comments_keys),
	};
	return cmocka_run_group_tests_name("config", tests, scratch_setup, scratch_teardown);
}
