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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_string_has_glyphs),
		cmocka_unit_test(test_missing_glyph_is_found),
	};
	return cmocka_run_group_tests_name("glyphs", tests, NULL, NULL);
}
