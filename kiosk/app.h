/* app.h - the kiosk application: what each input and each event causes.
 *
 * The app turns an Input into the survey's Event (through the current
 * screen, screens.c), hands it to the survey (survey.c) and does what
 * follows: a new screen said aloud and traced, a response handed to the
 * saver, a session's end (everything reset for the next person), the
 * staff's PIN pad.  It owns no window and calls no SDL: the platform
 * (platform.h) gives it inputs, its size and a clock, and asks
 * app_due() when it next needs to run.  Start reading at app_input()
 * and app_event() in app.c. */
#ifndef HEARD_APP_H
#define HEARD_APP_H

#include <stdint.h>

#include "access.h"
#include "config.h"
#include "keyboard.h"
#include "draw.h"
#include "saver.h"
#include "screens.h"
#include "staff.h"
#include "strtab.h"
#include "survey.h"
#include "ui.h"
#include "wedid.h"

typedef struct TestMode TestMode;

typedef struct {
	/* what it shows, loaded by main */
	const Config *cfg;
	const QuestionSet *qs;
	const Strings *langs;     /* every configured language */
	const int *qidx;          /* survey question i is qs->q[qidx[i]] */
	int lang, home_lang;      /* shown now; each session starts in home_lang */
	Content content;          /* what screens.c reads */
	const char *services[SURVEY_MAX_SERVICES]; /* as shown in the language shown */
	char last_month[256];     /* Welcome's line about last month, or "" */
	char last_month_of[16];   /* the month it was computed in */
	int last_month_n;         /* its "n in 10", -1 when not shown */
	int last_month_lang;      /* the language it was written in, -1 none */
	/* "You said, we did" (wedid.h): the newest entry of each service, in
	 * the services' order, taking turns on Welcome */
	const WeDid *wedid;       /* NULL: no file configured */
	int we_did_n;             /* entries that take turns (0: no line) */
	int we_did_entry[SURVEY_MAX_SERVICES]; /* their indexes in wedid */
	int we_did_turn;          /* the one shown, 0 .. we_did_n - 1 */
	uint32_t we_did_next;     /* when the next one comes (only on Welcome; 0: not set) */
	/* each entry's line, "You told us: ...\nWhat we did: ...", in we_did_lang */
	char we_did_text[SURVEY_MAX_SERVICES][2 * WEDID_MAX_TEXT + 256];
	const char *we_did_lines[SURVEY_MAX_SERVICES]; /* pointers to them, for screens.c */
	int we_did_lang;          /* the language they were written in (-1: none) */
	int we_did_voice[SURVEY_MAX_SERVICES]; /* each line's own language (langs index): the
	                           * default language's when the entry has no words in we_did_lang */
	int we_did_traced;        /* the turn last traced and said, -1 none */
	/* the client's path and the screen */
	Survey survey;
	Ui ui;
	Draw *draw;
	int w, h;                 /* the window's size in pixels (the platform's) */
	uint32_t (*ticks)(void);  /* the clock, in ms (the platform's; a test's fake) */
	uint32_t now;             /* the time of the input or timer handled last (a script's
	                           * own clock under --script): what is said is timed from it */
	int dirty;                /* the screen must be redrawn */
	char traced[256];         /* screen|question|page|lang|size|focus last traced and said */
	int traced_count;         /* the timeout's seconds left, last traced (-1: none) */
	int lang_before_access;   /* the language when the settings were opened, */
	int page_before_access;   /* and the page of the screen they came from */
	int page_before_again;    /* the page "Delete your answers ...?" was asked on */
	int page_before_change;   /* the review's page a row was tapped on, to change it */
	char change_id[UI_ID_MAX]; /* ... and that row ("" when not changing) */
	int page_before_timeout;  /* the page "Are you still there?" came on (Yes, more time) */
	/* the parts it coordinates, each owned by main */
	Access *acc;              /* settings in force, speech, scanning */
	Saver *sv;                /* the database, the queue, the recovery file */
	Staff *staff;             /* the PIN pad and the staff screen */
	TestMode *tm;             /* --trace, --script, HEARD_BENCH; NULL in production */
	int windowed;             /* --windowed: closing the window quits */
	/* the client's words (the comment screen): only ever in memory, wiped
	 * when deleted, handed to the saver, or the session ends */
	char comment[COMMENT_MAX_BYTES + 8];
	char comment_kept[4 * COMMENT_MAX_BYTES + 64]; /* redacted: "[removed]" may be longer */
	int typed;                /* a key changed the words: trace (and say) it */
	char typed_said[128];     /* what the key says */
	int rubbing;              /* the last key was Rub out: the words before it were looked at */
	int running;              /* 0: stop (SIGTERM, staff's Exit, a script's quit) */
} App;

/* Everything the app is given; the survey starts on Welcome, in home_lang. */
void app_init(App *a, const Config *cfg, const QuestionSet *qs, const Strings *langs,
              const int *qidx, int home_lang, const SurveySpec *spec, Access *acc, Saver *sv,
              Staff *staff, TestMode *tm);
/* The "we did" file: the newest entry of each of the config's services
 * takes turns on Welcome every [timeouts] we_did_seconds (w NULL: none).
 * Between app_init() and app_start(). */
void app_we_did(App *a, const WeDid *w);
/* Once the window is open (the draw is there) and before the first frame. */
void app_start(App *a, Draw *draw, uint32_t now);
/* A key of the comment screen's keyboard (keyboard.h's codes), as a tap
 * on it does: types, deletes or changes the layer. */
void app_comment_key(App *a, int code, uint32_t now);
/* One input (a press, a key, a switch, the window's or the service's). */
void app_input(App *a, const Input *in);
/* One survey event at ev.now_ms, from the screen or the timers. */
void app_event(App *a, Event ev);
/* When app_run_due() next needs to run (the nearest of the survey's
 * timeouts, the countdown, scanning, the staff hold and idle, the saver's
 * retry and the hour); 0 when nothing happens without input. */
uint32_t app_due(const App *a);
/* Fire everything due at now. */
void app_run_due(App *a, uint32_t now);
/* Lay out and draw the screen, say it and trace it when it changed. */
void app_render(App *a);
/* The frame drawn by app_render() is on screen at shown. */
void app_shown(App *a, uint32_t shown);
#endif
