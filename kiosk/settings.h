/* settings.h - the accessibility settings of one session (DESIGN.md
 * "Accessibility requirements").  Pure data: main applies them to the
 * ui, the speech and the input.  Never stored; reset when a session ends. */
#ifndef HEARD_SETTINGS_H
#define HEARD_SETTINGS_H

#define TEXT_SIZES 4     /* cap height 4.8, 6, 7.5, 9 mm at the configured screen size */
#define CONTRASTS  3     /* standard, black on white, white on black */
#define INPUTS     3     /* touch and keys, two switches, one switch scanning */
#define SCAN_PACES 5

extern const int settings_text_pct[TEXT_SIZES];   /* text scale, percent of size 1 */
extern const int settings_scan_ms[SCAN_PACES];    /* one-switch scanning step */

enum { INPUT_KEYS, INPUT_TWO_SWITCHES, INPUT_ONE_SWITCH };

typedef enum {
	SET_TEXT, SET_CONTRAST, SET_SPEECH, SET_RATE, SET_VOLUME, SET_INPUT, SET_SCAN,
	SET_RESET, SET_COUNT
} SettingId;

typedef struct {
	int text;       /* 0 .. TEXT_SIZES-1 */
	int contrast;   /* 0 .. CONTRASTS-1 */
	int speech;     /* read aloud */
	int rate;       /* speech rate step */
	int volume;     /* speech volume step */
	int input;      /* INPUT_* */
	int scan;       /* 0 .. SCAN_PACES-1 */
} Settings;

void settings_default(Settings *s);
/* The next value of one setting (wrapping round), or all defaults. */
void settings_cycle(Settings *s, SettingId id);
int settings_is_default(const Settings *s);
#endif
