/* test_settings.c - the accessibility settings cycle through every value,
 * stepped ones go both ways without wrapping, and one control restores
 * them all (cmocka). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "settings.h"
#include "speech.h"

static void test_defaults(void **state)
{
	(void)state;
	Settings s;
	settings_default(&s);
	assert_true(settings_is_default(&s));
	assert_int_equal(s.speech, 0);
	assert_int_equal(speech_wpm[s.rate], 125); /* ~125 words a minute */
	assert_int_equal(speech_volume_pct[s.volume], 100);
	assert_int_equal(s.input, INPUT_KEYS);
}

static void test_every_value_reached_and_reset(void **state)
{
	(void)state;
	static const struct { SettingId id; int count; } all[] = {
		{ SET_TEXT, TEXT_SIZES }, { SET_CONTRAST, CONTRASTS }, { SET_SPEECH, 2 },
		{ SET_RATE, SPEECH_RATES }, { SET_VOLUME, SPEECH_VOLUMES },
		{ SET_INPUT, INPUTS }, { SET_SCAN, SCAN_PACES },
	};
	Settings s;
	settings_default(&s);
	for (size_t i = 0; i < sizeof all / sizeof *all; i++) {
		Settings before = s;
		for (int k = 1; k < all[i].count; k++) { /* count different values */
			settings_cycle(&s, all[i].id);
			assert_memory_not_equal(&s, &before, sizeof s);
		}
		settings_cycle(&s, all[i].id); /* wraps back round */
		assert_memory_equal(&s, &before, sizeof s);
		settings_cycle(&s, all[i].id); /* and leave it changed */
	}
	assert_false(settings_is_default(&s));
	settings_cycle(&s, SET_RESET);
	assert_true(settings_is_default(&s));
	/* enough choices: 4 text sizes, both contrast polarities, 6-8 rates */
	assert_true(TEXT_SIZES >= 4 && CONTRASTS == 3 && SPEECH_RATES >= 6 && SPEECH_RATES <= 8);
	assert_int_equal(speech_wpm[0], 60);
	assert_int_equal(speech_wpm[SPEECH_RATES - 1], 250);
	assert_true(settings_text_pct[TEXT_SIZES - 1] * 48 / 100 >= 88); /* ~9 mm from 4.8 mm */
}

/* Stepped settings go both ways, one step a press, never wrapping. */
static void test_step_both_ways(void **state)
{
	(void)state;
	static const struct { SettingId id; int count; } all[] = {
		{ SET_TEXT, TEXT_SIZES }, { SET_RATE, SPEECH_RATES },
		{ SET_VOLUME, SPEECH_VOLUMES }, { SET_SCAN, SCAN_PACES },
	};
	for (size_t i = 0; i < sizeof all / sizeof *all; i++) {
		Settings s;
		settings_default(&s);
		assert_true(settings_stepped(all[i].id));
		int step, count;
		settings_range(&s, all[i].id, &step, &count);
		assert_int_equal(count, all[i].count);
		while (settings_step(&s, all[i].id, -1)) /* down to the first */
			;
		settings_range(&s, all[i].id, &step, &count);
		assert_int_equal(step, 0);
		assert_int_equal(settings_step(&s, all[i].id, -1), 0); /* no wrap round */
		settings_range(&s, all[i].id, &step, &count);
		assert_int_equal(step, 0);
		for (int k = 1; k < count; k++) {
			assert_int_equal(settings_step(&s, all[i].id, +1), 1);
			settings_range(&s, all[i].id, &step, &count);
			assert_int_equal(step, k);
		}
		assert_int_equal(settings_step(&s, all[i].id, +1), 0); /* the last stays */
		settings_range(&s, all[i].id, &step, &count);
		assert_int_equal(step, count - 1);
	}
	/* the cases of issue 13: speed 3 to 2 and loudness 4 to 3 in one press */
	Settings s;
	settings_default(&s);
	assert_int_equal(s.rate, 2);
	assert_int_equal(settings_step(&s, SET_RATE, -1), 1);
	assert_int_equal(s.rate, 1);
	assert_int_equal(s.volume, 3);
	assert_int_equal(settings_step(&s, SET_VOLUME, -1), 1);
	assert_int_equal(s.volume, 2);
	assert_int_equal(settings_step(&s, SET_TEXT, +1), 1);
	assert_int_equal(settings_step(&s, SET_TEXT, -1), 1);
	assert_int_equal(s.text, 0);
	/* faster scanning is a shorter step */
	s.scan = 1;
	settings_step(&s, SET_SCAN, +1);
	assert_true(settings_scan_ms[s.scan] < settings_scan_ms[1]);
}

/* Toggles and choices keep cycling whatever the direction; Undo resets. */
static void test_step_toggles_and_reset(void **state)
{
	(void)state;
	Settings s;
	settings_default(&s);
	assert_false(settings_stepped(SET_CONTRAST) || settings_stepped(SET_SPEECH) ||
	             settings_stepped(SET_INPUT) || settings_stepped(SET_RESET));
	assert_int_equal(settings_step(&s, SET_SPEECH, 0), 1);
	assert_int_equal(s.speech, 1);
	for (int k = 0; k < CONTRASTS; k++)
		assert_int_equal(settings_step(&s, SET_CONTRAST, +1), 1);
	assert_int_equal(s.contrast, 0); /* round again */
	settings_step(&s, SET_INPUT, 0);
	assert_int_equal(s.input, INPUT_TWO_SWITCHES);
	settings_step(&s, SET_TEXT, +1);
	assert_int_equal(settings_step(&s, SET_RESET, 0), 1);
	assert_true(settings_is_default(&s));
	assert_int_equal(settings_step(&s, SET_RESET, 0), 0); /* nothing to undo */
}

/* EV_SETTING's arg carries the setting and the direction. */
static void test_event_arg(void **state)
{
	(void)state;
	for (int id = 0; id < SET_COUNT; id++)
		for (int dir = -1; dir <= 1; dir++) {
			int arg = SETTING_ARG(id, dir);
			assert_true(SETTING_ARG_OK(arg));
			assert_int_equal(SETTING_ARG_ID(arg), id);
			assert_int_equal(SETTING_ARG_DIR(arg), dir);
		}
	assert_false(SETTING_ARG_OK(-1));
	assert_false(SETTING_ARG_OK(SETTING_ARG(SET_COUNT, 0)));
	assert_false(SETTING_ARG_OK(3)); /* no direction 2 */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_every_value_reached_and_reset),
		cmocka_unit_test(test_step_both_ways),
		cmocka_unit_test(test_step_toggles_and_reset),
		cmocka_unit_test(test_event_arg),
	};
	return cmocka_run_group_tests_name("settings", tests, NULL, NULL);
}
