/* test_settings.c - the accessibility settings cycle through every value
 * and one control restores them all (cmocka). */
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_every_value_reached_and_reset),
	};
	return cmocka_run_group_tests_name("settings", tests, NULL, NULL);
}
