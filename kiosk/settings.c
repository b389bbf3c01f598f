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

int settings_stepped(SettingId id)
{
	return id == SET_TEXT || id == SET_RATE || id == SET_VOLUME || id == SET_SCAN;
}

static int *stepped_field(Settings *s, SettingId id, int *count)
{
	switch (id) {
	case SET_TEXT:   *count = TEXT_SIZES; return &s->text;
	case SET_RATE:   *count = SPEECH_RATES; return &s->rate;
	case SET_VOLUME: *count = SPEECH_VOLUMES; return &s->volume;
	case SET_SCAN:   *count = SCAN_PACES; return &s->scan;
	default:         *count = 0; return NULL;
	}
}

void settings_range(const Settings *s, SettingId id, int *step, int *count)
{
	int *v = stepped_field((Settings *)s, id, count);
	*step = v ? *v : 0;
}

int settings_step(Settings *s, SettingId id, int dir)
{
	int count, *v = stepped_field(s, id, &count);
	if (!v) {
		Settings before = *s;
		settings_cycle(s, id);
		return memcmp(&before, s, sizeof before) != 0;
	}
	int to = *v + (dir > 0 ? 1 : dir < 0 ? -1 : 0);
	if (to < 0 || to >= count || to == *v)
		return 0;
	*v = to;
	return 1;
}

int settings_is_default(const Settings *s)
{
	Settings d;
	settings_default(&d);
	return !memcmp(s, &d, sizeof d);
}
