/* settings.c - see settings.h. */
#include "settings.h"

#include <string.h>

#include "speech.h"

const int settings_text_pct[TEXT_SIZES] = { 100, 125, 155, 188 };
const int settings_scan_ms[SCAN_PACES] = { 3000, 2200, 1600, 1200, 900 };

void settings_default(Settings *s)
{
	*s = (Settings){ .text = 0, .contrast = 0, .speech = 0, .rate = SPEECH_RATE_DEFAULT,
	                 .volume = SPEECH_VOLUME_DEFAULT, .input = INPUT_KEYS, .scan = 1 };
}

void settings_cycle(Settings *s, SettingId id)
{
	switch (id) {
	case SET_TEXT:     s->text = (s->text + 1) % TEXT_SIZES; break;
	case SET_CONTRAST: s->contrast = (s->contrast + 1) % CONTRASTS; break;
	case SET_SPEECH:   s->speech = !s->speech; break;
	case SET_RATE:     s->rate = (s->rate + 1) % SPEECH_RATES; break;
	case SET_VOLUME:   s->volume = (s->volume + 1) % SPEECH_VOLUMES; break;
	case SET_INPUT:    s->input = (s->input + 1) % INPUTS; break;
	case SET_SCAN:     s->scan = (s->scan + 1) % SCAN_PACES; break;
	case SET_RESET:    settings_default(s); break;
	case SET_COUNT:    break;
	}
}

int settings_is_default(const Settings *s)
{
	Settings d;
	settings_default(&d);
	return !memcmp(s, &d, sizeof d);
}
