/* test_wedid.c - the "You said, we did" file (core/wedid.c): a good file
 * reads back oldest month first, in file order within a month, in each
 * language with the default language's words as fallback; every kind of
 * broken file is refused with its file and line (cmocka). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "wedid.h"
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

static const char good[] =
	"; what clients told us, and what we did\n"
	"[2026-11 Counselling]\n"
	"you_said = Appointments felt rushed.\n"
	"we_did = First appointments are now one hour.\n"
	"we_did.es = Las primeras citas ahora duran una hora.\n"
	"you_said.es = Las citas parecían apresuradas.\n"
	"\n"
	"[2026-09 Family support]\n"
	"we_did = The room has a play corner.\n"
	"[2026-11 Family support]\n"
	"you_said = Hard to find us.\n"
	"we_did = New signs at the door.\n"
	"[2026-09 Counselling]\n"
	"we_did = Evening times on Thursdays.\n"
	"  (from 5 to 8)\n";

static void test_reads_in_order(void **state)
{
	(void)state;
	WeDid *w;
	char err[512] = "";
	if (wedid_load(&w, file("good.ini", good), err, sizeof err))
		fail_msg("%s", err);
	assert_int_equal(wedid_count(w), 4);
	/* oldest month first; file order within a month */
	assert_string_equal(wedid_period(w, 0), "2026-09");
	assert_string_equal(wedid_service(w, 0), "Family support");
	assert_int_equal(wedid_line(w, 0), 8);
	assert_string_equal(wedid_service(w, 1), "Counselling");
	assert_string_equal(wedid_we_did(w, 1, NULL), "Evening times on Thursdays. (from 5 to 8)");
	assert_string_equal(wedid_you_said(w, 1, NULL), "");
	assert_string_equal(wedid_period(w, 2), "2026-11");
	assert_string_equal(wedid_service(w, 2), "Counselling");
	assert_int_equal(wedid_line(w, 2), 2);
	assert_string_equal(wedid_service(w, 3), "Family support");
	/* languages: its own words, else the default language's */
	assert_string_equal(wedid_we_did(w, 2, "es"), "Las primeras citas ahora duran una hora.");
	assert_string_equal(wedid_you_said(w, 2, "es"), "Las citas parecían apresuradas.");
	assert_string_equal(wedid_we_did(w, 2, "pl"), "First appointments are now one hour.");
	assert_string_equal(wedid_you_said(w, 2, NULL), "Appointments felt rushed.");
	assert_string_equal(wedid_we_did(w, 3, "es"), "New signs at the door.");
	assert_true(wedid_has(w, 2, "es"));
	assert_false(wedid_has(w, 2, "pl"));
	assert_false(wedid_has(w, 3, "es"));
	assert_false(wedid_has(w, 2, NULL));
	/* the newest entry per service */
	assert_int_equal(wedid_newest(w, "Counselling"), 2);
	assert_int_equal(wedid_newest(w, "Family support"), 3);
	assert_int_equal(wedid_newest(w, "Housing"), -1);
	wedid_free(w);
}

static void test_empty_file(void **state)
{
	(void)state;
	WeDid *w;
	char err[512] = "";
	assert_int_equal(wedid_load(&w, file("empty.ini", "; nothing yet\n"), err, sizeof err), 0);
	assert_int_equal(wedid_count(w), 0);
	assert_int_equal(wedid_newest(w, "Counselling"), -1);
	wedid_free(w);
}

/* Each broken file: the message names the file, the line and says what. */
static void test_errors(void **state)
{
	(void)state;
	static const struct { const char *text, *where, *what; } bad[] = {
		{ "[Counselling]\nwe_did = x\n", ":1:", "must be [YYYY-MM Service]" },
		{ "[2026-11Counselling]\nwe_did = x\n", ":1:", "must be [YYYY-MM Service]" },
		{ "[2026/11 Counselling]\nwe_did = x\n", ":1:", "must be [YYYY-MM Service]" },
		{ "[2026-11 ]\nwe_did = x\n", ":1:", "must be [YYYY-MM Service]" },
		{ "[2026-11  Counselling]\nwe_did = x\n", ":1:", "one space between" },
		{ "[2026-13 Counselling]\nwe_did = x\n", ":1:", "'2026-13' is not a month" },
		{ "[2026-00 Counselling]\nwe_did = x\n", ":1:", "is not a month" },
		{ "[1999-12 Counselling]\nwe_did = x\n", ":1:", "is not a month" },
		{ "[2026-11 Counselling\nwe_did = x\n", ":1:", "without its ']'" },
		{ "[2026-11 Counsel\x01ling]\nwe_did = x\n", ":1:", "control or invisible" },
		{ "[2026-11 Counselling]\nyou_said = x\n\n[2026-12 Counselling]\nwe_did = y\n", ":1:",
		  "has no 'we_did = ...'" },
		{ "[2026-10 Counselling]\nwe_did = x\n[2026-11 Counselling]\n", ":3:", "has no 'we_did" },
		{ "[2026-11 Counselling]\nwe_did = x\nwe_said = y\n", ":3:", "key 'we_said': unknown key" },
		{ "[2026-11 Counselling]\nwe_did = x\nwe_did.e = y\n", ":3:", "unknown key" },
		{ "[2026-11 Counselling]\nwe_did = x\nwe_did.ES = y\n", ":3:", "unknown key" },
		{ "[2026-11 Counselling]\nwe_did = x\nwe_did.espa = y\n", ":3:", "unknown key" },
		{ "[2026-11 Counselling]\nwe_did = x\n\nwe_did = y\n", ":4:",
		  "key 'we_did' is given twice in [2026-11 Counselling] (first on line 2)" },
		{ "[2026-11 Counselling]\nwe_did = x\n[2026-10 Counselling]\nwe_did = y\n"
		  "[2026-11 Counselling]\nwe_did = z\n", ":5:", "given twice (first on line 1)" },
		{ "[2026-11 Counselling]\nwe_did =\n", ":2:", "key 'we_did' is empty" },
		{ "[2026-11 Counselling]\nwe_did = x\nyou_said.es =\n", ":3:", "is empty" },
		{ "[2026-11 Counselling]\nwe_did = a\tb\n", ":2:", "control or invisible" },
		{ "[2026-11 Counselling]\nwe_did = caf\xe9\n", ":2:", "not valid UTF-8" },
		{ "[2026-11 Counselling]\nwe_did = a\xe2\x80\x8b" "b\n", ":2:", "control or invisible" },
		{ "we_did = x\n[2026-11 Counselling]\n", ":1:", "outside any [section]" },
		{ "[2026-11 Counselling]\nwe_did = x\nyou_said.es = y\n", ":3:",
		  "has 'you_said.es' but no 'we_did.es'" },
		{ "[2026-11 Counselling]\nwe_did = x\nyou_said.es = y\nwe_did.es = z\n", ":3:",
		  "key 'you_said.es' without 'you_said'" },
		{ "[2026-11 Counselling]\nyou_said = w\nwe_did = x\nwe_did.es = z\n", ":4:",
		  "has 'we_did.es' but no 'you_said.es'" },
		{ "[2026-11 Counselling]\nwe_did = x\nnonsense\n", ":3:", "not a valid" },
	};
	char err[512];
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		WeDid *w = (WeDid *)1;
		err[0] = '\0';
		const char *p = file("bad.ini", bad[i].text);
		if (wedid_load(&w, p, err, sizeof err) == 0)
			fail_msg("case %zu: loaded", i);
		assert_null(w);
		char where[600];
		snprintf(where, sizeof where, "%s%s", p, bad[i].where);
		if (strncmp(err, where, strlen(where)) || !strstr(err, bad[i].what))
			fail_msg("case %zu: expected \"%s ... %s\", got \"%s\"", i, where, bad[i].what, err);
	}
}

/* Over-long texts: 120 characters pass, 121 do not, also when continued
 * on a second line; 300 bytes at most (120 three-byte characters do not). */
static void test_text_limit(void **state)
{
	(void)state;
	char text[2048], words[WEDID_MAX_CHARS + 2], wide[3 * WEDID_MAX_CHARS + 1] = "";
	memset(words, 'a', sizeof words);
	words[WEDID_MAX_CHARS + 1] = '\0';
	/* 120 characters as 60 + a continuation line of 59 (joined with a space) */
	snprintf(text, sizeof text, "[2026-11 Counselling]\nwe_did = %.60s\n  %.59s\n", words, words);
	WeDid *w;
	char err[512] = "";
	if (wedid_load(&w, file("long.ini", text), err, sizeof err))
		fail_msg("%s", err);
	assert_int_equal(strlen(wedid_we_did(w, 0, NULL)), WEDID_MAX_CHARS);
	wedid_free(w);
	snprintf(text, sizeof text, "[2026-11 Counselling]\nwe_did = %.60s\n  %.60s\n", words, words);
	assert_int_equal(wedid_load(&w, file("long.ini", text), err, sizeof err), -1);
	assert_has(err, "long.ini:2: key 'we_did' is 121 characters (121 bytes) long; the most is "
	                "120 characters and 300 bytes");
	/* characters, not bytes: 120 Cyrillic letters (240 bytes) pass */
	for (int i = 0; i < WEDID_MAX_CHARS; i++)
		strcat(wide, "\xd0\xb6"); /* ж */
	snprintf(text, sizeof text, "[2026-11 Counselling]\nwe_did = %.118s\n  %s\n", wide, wide + 120);
	if (wedid_load(&w, file("long.ini", text), err, sizeof err))
		fail_msg("%s", err);
	wedid_free(w);
	/* 100 three-byte characters and a space: 101 characters, 301 bytes */
	wide[0] = '\0';
	for (int i = 0; i < 100; i++)
		strcat(wide, "\xe6\x9c\xa8"); /* 木 */
	snprintf(text, sizeof text, "[2026-11 Counselling]\nwe_did = %.150s\n  %s\n", wide, wide + 150);
	assert_int_equal(wedid_load(&w, file("long.ini", text), err, sizeof err), -1);
	assert_has(err, "long.ini:2: key 'we_did' is 101 characters (301 bytes) long");
	/* a line over libinih's 200 bytes is refused with how to continue it */
	char many[260];
	memset(many, 'a', sizeof many - 1);
	many[sizeof many - 1] = '\0';
	snprintf(text, sizeof text, "[2026-11 Counselling]\nwe_did = %s\n", many);
	assert_int_equal(wedid_load(&w, file("long.ini", text), err, sizeof err), -1);
	assert_has(err, "long.ini:2: line too long");
}

static void test_too_many_entries(void **state)
{
	(void)state;
	size_t cap = 1100 * 40;
	char *text = malloc(cap), *p = text;
	assert_non_null(text);
	for (int i = 0; i < 1001; i++)
		p += sprintf(p, "[%04d-%02d Counselling]\nwe_did = x\n", 2000 + i / 12, 1 + i % 12);
	WeDid *w;
	char err[512] = "";
	assert_int_equal(wedid_load(&w, file("many.ini", text), err, sizeof err), -1);
	assert_has(err, "many.ini:2001: too many entries (at most 1000)");
	/* 1000 are fine */
	text[strlen(text) - strlen("[2083-05 Counselling]\nwe_did = x\n")] = '\0';
	if (wedid_load(&w, file("many.ini", text), err, sizeof err))
		fail_msg("%s", err);
	assert_int_equal(wedid_count(w), 1000);
	wedid_free(w);
	free(text);
}

static void test_unreadable(void **state)
{
	(void)state;
	WeDid *w;
	char err[512] = "", want[600];
	snprintf(want, sizeof want, "%s/none.ini: cannot open: No such file", tmpdir);
	snprintf(path, sizeof path, "%s/none.ini", tmpdir);
	assert_int_equal(wedid_load(&w, path, err, sizeof err), -1);
	assert_null(w);
	assert_has(err, want);
	/* a folder is not a file */
	assert_int_equal(wedid_load(&w, tmpdir, err, sizeof err), -1);
	assert_has(err, tmpdir);
	/* " ;" would be a comment to libinih, cutting the words short */
	assert_int_equal(wedid_load(&w, file("semi.ini", "[2026-11 Counselling]\n"
	                 "you_said = Staff were rude ; at reception\nwe_did = We trained staff\n"),
	                 err, sizeof err), -1);
	assert_has(err, "semi.ini:2: ' ;' here would start a comment");
	assert_int_equal(wedid_load(&w, file("semi2.ini", "[2026-11 Counselling]\n"
	                 "we_did = Staff were kind; thanks\n"), err, sizeof err), 0);
	assert_string_equal(wedid_we_did(w, 0, NULL), "Staff were kind; thanks");
	wedid_free(w);
	/* nor is a FIFO, refused at once: reading one would wait for a writer */
	snprintf(path, sizeof path, "%s/fifo.ini", tmpdir);
	assert_int_equal(mkfifo(path, 0600), 0);
	assert_int_equal(wedid_load(&w, path, err, sizeof err), -1);
	assert_has(err, "fifo.ini: not a regular file");
	unlink(path);
	/* nor is a binary file */
	FILE *f = fopen(file("nul.ini", ""), "wb");
	fwrite("[2026-11 Counselling]\nwe_did = a\0b\n", 1, 35, f);
	fclose(f);
	assert_int_equal(wedid_load(&w, path, err, sizeof err), -1);
	assert_has(err, "nul.ini: not a text file");
}

/* Against the config: its services and its languages. */
static void test_check(void **state)
{
	(void)state;
	WeDid *w;
	char err[512] = "";
	if (wedid_load(&w, file("good.ini", good), err, sizeof err))
		fail_msg("%s", err);
	const char *svcs[] = { "Counselling", "Family support" }, *langs[] = { "en", "es" };
	assert_int_equal(wedid_check(w, svcs, 2, langs, 2, err, sizeof err), 0);
	assert_int_equal(wedid_check(w, svcs, 1, langs, 2, err, sizeof err), -1);
	assert_has(err, "good.ini:8: [2026-09 Family support]: 'Family support' is not one of the "
	                "configured services");
	assert_int_equal(wedid_check(w, svcs, 2, langs, 1, err, sizeof err), -1);
	assert_has(err, "good.ini:5: key 'we_did.es': 'es' is not one of the offered languages");
	wedid_free(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reads_in_order),
		cmocka_unit_test(test_empty_file),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_text_limit),
		cmocka_unit_test(test_too_many_entries),
		cmocka_unit_test(test_unreadable),
		cmocka_unit_test(test_check),
	};
	return cmocka_run_group_tests_name("wedid", tests, scratch_setup, scratch_teardown);
}
