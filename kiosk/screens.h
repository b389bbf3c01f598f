/* screens.h - one function per screen of the client's path.
 *
 * Each lays itself out from the window size (ui->w, ui->h) and the survey
 * state, calls widgets, and returns the survey event the client's input
 * caused (EV_ACTIVITY when it caused none).  No SDL, no SQL here. */
#ifndef HEARD_SCREENS_H
#define HEARD_SCREENS_H

#include "config.h"
#include "keyboard.h"
#include "settings.h"
#include "strtab.h"
#include "survey.h"
#include "ui.h"

/* Events the screens give that only the app acts on (app.c); the survey
 * is handed each as EV_ACTIVITY: the client is there. */
#define EV_LANGUAGE ((EventType)(EV_SURVEY_COUNT + 0)) /* a language was chosen: arg = its index */
#define EV_SETTING  ((EventType)(EV_SURVEY_COUNT + 1)) /* a setting changed: arg = SETTING_ARG(id,
                     * dir) of settings.h, the setting and which way (+1, -1, 0 for a toggle) */
#define EV_SPEECH   ((EventType)(EV_SURVEY_COUNT + 2)) /* arg 0: say it again, 1: stop talking */
#define EV_KEY      ((EventType)(EV_SURVEY_COUNT + 3)) /* the comment screen's key: arg = the
                     * character, or KEY_BACKSPACE, KEY_DIGITS, KEY_LETTERS (keyboard.h) */
#define EV_APP_COUNT (EV_SURVEY_COUNT + 4)

typedef struct {
	const Config *cfg;
	const QuestionSet *qs;
	const Strings *str;
	const int *qidx;        /* survey question i is qs->q[qidx[i]] */
	const char *last_month; /* Welcome's closing-the-loop line, or "" */
	const char *we_did;     /* Welcome's "You told us ... What we did ..." line, or "" */
	const char *const *we_did_all; /* every entry's line that takes turns with it, */
	int we_did_n;           /* how many (Welcome keeps one box and size for them all) */
	const Strings *langs;   /* every offered language, each named in itself */
	int nlangs, lang;       /* how many; which one is shown */
	const Settings *set;    /* this session's accessibility settings */
	const char *const *services; /* the services as shown in this language */
	const char *help_line;  /* the help line in this language */
	int timeout_left;       /* the timeout screen: seconds until the answers are deleted */
	int changed_setting;    /* the SettingId just changed, -1 none: the access
	                         * screen keeps showing the page it is on */
	int we_did_i;           /* which of them we_did is */
	unsigned we_did_ltr;    /* bit i: entry i is in a left-to-right language (the default
	                         * language's words) though the language shown is right to left */
	const char *comment;    /* the client's words as typed ("" none), */
	const char *comment_kept; /* and as they will be kept (redacted) */
	int comment_removed;    /* parts redaction took out (the review says why) */
	int kb_layer;           /* the keyboard's layer shown (KB_LETTERS, KB_DIGITS) */
	int danger;             /* the words matched a safety phrase: Thanks puts help first */
	int kb_row;             /* switches: the row of keys chosen, -1 none (the rows focused) */
} Content;

Event screens_run(Ui *ui, const Survey *s, const Content *c);
#endif
