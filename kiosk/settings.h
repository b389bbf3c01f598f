/* settings.h - the accessibility settings of one session (docs/design.md
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

/* EV_SETTING's arg: which setting and which way.  dir is +1 (bigger,
 * faster, louder), -1 (smaller, slower, quieter) or 0 (the next choice of
 * a toggle or choice setting, or Undo all changes). */
#define SETTING_ARG(id, dir)   ((int)(id) * 4 + (dir) + 1)
#define SETTING_ARG_ID(arg)    ((SettingId)((arg) / 4))
#define SETTING_ARG_DIR(arg)   ((arg) % 4 - 1)
#define SETTING_ARG_OK(arg)    ((arg) >= 0 && (arg) / 4 < SET_COUNT && (arg) % 4 <= 2)

void settings_default(Settings *s);
/* The next value of one setting (wrapping round), or all defaults. */
void settings_cycle(Settings *s, SettingId id);
/* Stepped settings (text size, speech speed, loudness, scan pace): one
 * step in direction dir (+1 or -1), never past either end.  Toggle and
 * choice settings (and SET_RESET) ignore dir and do as settings_cycle().
 * 1 when the setting changed, 0 at the end of its range. */
int settings_step(Settings *s, SettingId id, int dir);
/* 1 for the settings that settings_step() moves up and down. */
int settings_stepped(SettingId id);
/* A stepped setting's current step (0-based) and how many there are. */
void settings_range(const Settings *s, SettingId id, int *step, int *count);
int settings_is_default(const Settings *s);
#endif
