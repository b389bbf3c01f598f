/* test_glyphs.c - every string of every shipped language is drawn with a
 * shipped font that has every glyph it needs (no boxes on any screen),
 * through the kiosk's own drawing code on a software renderer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <SDL.h>
#include <dirent.h>
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "draw.h"
#include "strtab.h"

static int checked;

static void check(Draw *d, const char *lang, const char *key, const char *text)
{
	uint32_t cp;
	if (draw_missing_glyph(d, text, &cp))
		fail_msg("%s: %s: no glyph for U+%04X in \"%s\"", lang, key, (unsigned)cp, text);
	Rect used;
	/* and it really renders: some width, inside a generous box */
	assert_true(draw_text(d, text, (Rect){ 0, 0, 1200, 700 }, 40, 0, ALIGN_LEFT,
	                      (Color){ 0, 0, 0, 255 }, 1, &used) > 0);
	assert_true(used.w > 0);
	checked++;
}

static void test_every_string_has_glyphs(void **state)
{
	(void)state;
	SDL_Surface *surf = SDL_CreateRGBSurfaceWithFormat(0, 1280, 800, 32, SDL_PIXELFORMAT_ARGB8888);
	SDL_Renderer *r = SDL_CreateSoftwareRenderer(surf);
	assert_non_null(r);
	char err[512];
	Draw *d = draw_create(r, HEARD_ASSET_DIR "/fonts", err, sizeof err);
	if (!d)
		fail_msg("%s", err);
	QuestionSet qs;
	assert_int_equal(qset_load(HEARD_ASSET_DIR "/strings/questions.ini", &qs, err, sizeof err), 0);
	Config cfg;
	assert_int_equal(config_load(&cfg, NULL, err, sizeof err), 0);
	int langs = 0;
	for (int i = 0; i < cfg.nlangs; i++) {
		Strings s;
		char path[256];
		snprintf(path, sizeof path, HEARD_ASSET_DIR "/strings/%s.ini", cfg.langs[i]);
		if (strings_load(path, &qs, &s, err, sizeof err))
			fail_msg("%s", err);
		draw_set_rtl(d, s.rtl);
		check(d, s.code, "[language] name", s.name);
		for (int k = 0; k < S_COUNT; k++) {
			if (k == S_SAFETY_WORDS)
				continue; /* matched against a comment, never drawn ('*' has no Arabic glyph) */
			check(d, s.code, strings_key((StringId)k), s.text[k]);
			for (int c = 0; c < PLURAL_COUNT; c++) /* its plural forms too */
				if (s.plural[k][c])
					check(d, s.code, strings_key((StringId)k), s.plural[k][c]);
		}
		for (int q = 0; q < qs.n; q++)
			check(d, s.code, qs.q[q].id, s.question[q]);
		/* configured text shown inside this language's screens */
		for (int k = 0; k < cfg.nservices; k++)
			check(d, s.code, "service", cfg.services[k]);
		check(d, s.code, "help_line", cfg.help_line);
		strings_free(&s);
		langs++;
	}
	assert_true(langs >= 5);
	print_message("%d strings in %d languages have every glyph\n", checked, langs);
	draw_free(d);
	SDL_DestroyRenderer(r);
	SDL_FreeSurface(surf);
}

/* The check itself finds what is missing: Noto Sans has no CJK. */
static void test_missing_glyph_is_found(void **state)
{
	(void)state;
	SDL_Surface *surf = SDL_CreateRGBSurfaceWithFormat(0, 64, 64, 32, SDL_PIXELFORMAT_ARGB8888);
	SDL_Renderer *r = SDL_CreateSoftwareRenderer(surf);
	char err[512];
	Draw *d = draw_create(r, HEARD_ASSET_DIR "/fonts", err, sizeof err);
	assert_non_null(d);
	uint32_t cp = 0;
	assert_int_equal(draw_missing_glyph(d, "Hello \xe4\xbd\xa0\xe5\xa5\xbd", &cp), 1);
	assert_int_equal(cp, 0x4F60);
	assert_int_equal(draw_missing_glyph(d, "Hello \xd9\x85\xd8\xb1\xd8\xad\xd8\xa8\xd8\xa7", &cp), 0);
	draw_free(d);
	SDL_DestroyRenderer(r);
	SDL_FreeSurface(surf);
}

/* A Latin name in brackets inside Arabic (the Thanks screen's help line):
 * each bracket stays at its end of the text it encloses, on one line and
 * when the line breaks inside the brackets (an upright panel). */
static void test_brackets_in_arabic(void **state)
{
	(void)state;
	SDL_Surface *surf = SDL_CreateRGBSurfaceWithFormat(0, 64, 64, 32, SDL_PIXELFORMAT_ARGB8888);
	SDL_Renderer *r = SDL_CreateSoftwareRenderer(surf);
	char err[512], out[4096];
	Draw *d = draw_create(r, HEARD_ASSET_DIR "/fonts", err, sizeof err);
	assert_non_null(d);
	draw_set_rtl(d, 1);
	/* "... or call 116 123 (Samaritans, free, day or night)." */
	const char *help = "\xd8\xa3\xd9\x88 \xd8\xa7\xd8\xaa\xd8\xb5\xd9\x84 \xd8\xa8\xd8\xa7\xd9\x84\xd8\xb1\xd9\x82\xd9\x85 "
	                   "116 123 (Samaritans, free, day or night).";
	/* one line: as the Unicode Bidirectional Algorithm (a browser) shows it */
	assert_int_equal(draw_visual(d, help, 4000, 40, out, sizeof out), 1);
	print_message("one line: %s", out);
	assert_non_null(strstr(out, ".(Samaritans, free, day or night) 116 123 "));
	assert_true(!strncmp(out, ".(Samaritans", 12));
	/* the line broken inside the brackets: "(Samaritans," then "... night)." */
	int w = 0;
	for (w = 1200; w > 200; w -= 10) { /* the widest box that breaks after "Samaritans," */
		int n = draw_visual(d, help, w, 40, out, sizeof out);
		const char *name = strstr(out, "Samaritans"), *nl = name ? strchr(name, '\n') : NULL;
		if (n >= 2 && nl && !memmem(name, (size_t)(nl - name), "free", 4))
			break;
	}
	print_message("%d px:\n%s", w, out);
	assert_true(w > 200);
	assert_non_null(strstr(out, "(Samaritans,"));
	assert_null(strstr(out, ")Samaritans"));
	assert_null(strstr(out, "Samaritans)"));
	assert_non_null(strstr(out, "night)"));
	assert_null(strstr(out, "(free"));
	assert_null(strstr(out, "(night"));
	/* Arabic in brackets is still Arabic: drawn right to left, mirrored */
	assert_int_equal(draw_visual(d, "(\xd9\x85\xd8\xb1\xd8\xad\xd8\xa8\xd8\xa7) Tab", 4000, 40, out, sizeof out), 1);
	assert_string_equal(out, "Tab (\xd8\xa7\xd8\xa8\xd8\xad\xd8\xb1\xd9\x85)\n");
	/* a help line with no Arabic on a line of its own (the Thanks screen
	 * sets it so) runs left to right, the number first, also when it
	 * breaks: "24" never lands beside the number */
	const char *own = "\xd8\xa7\xd8\xaa\xd8\xb5\xd9\x84\n0800 123 456 (crisis team, 24 hours)\n\xd8\xa3\xd9\x88";
	assert_int_equal(draw_visual(d, own, 4000, 40, out, sizeof out), 3);
	assert_non_null(strstr(out, "\n0800 123 456 (crisis team, 24 hours)\n"));
	for (w = 1200; w > 200; w -= 10) /* the widest box that breaks after "24" */
		if (draw_visual(d, own, w, 40, out, sizeof out) >= 4 && strstr(out, "24\n"))
			break;
	print_message("%d px:\n%s", w, out);
	assert_true(w > 200);
	assert_non_null(strstr(out, "\n0800 123 456 (crisis team, 24\nhours)\n"));
	/* left to right paragraphs are untouched */
	draw_set_rtl(d, 0);
	assert_int_equal(draw_visual(d, "Call 116 123 (Samaritans, free).", 4000, 40, out, sizeof out), 1);
	assert_string_equal(out, "Call 116 123 (Samaritans, free).\n");
	draw_free(d);
	SDL_DestroyRenderer(r);
	SDL_FreeSurface(surf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_string_has_glyphs),
		cmocka_unit_test(test_missing_glyph_is_found),
		cmocka_unit_test(test_brackets_in_arabic),
	};
	return cmocka_run_group_tests_name("glyphs", tests, NULL, NULL);
}
