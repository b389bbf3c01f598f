/* access.h - the accessibility in force for one session: the settings
 * (settings.h) put into effect, reading aloud (what is said, in which
 * voice, Repeat and Stop) and one-switch scanning's pace.
 *
 * Start reading at access_screen_speech() in access.c: what a screen
 * says when it appears.  The app (app.h) owns one Access and calls it;
 * nothing here decides where the client goes.  Never stored, never
 * logged: reset when a session ends (app.c, session_over()). */
#ifndef HEARD_ACCESS_H
#define HEARD_ACCESS_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "settings.h"
#include "speech.h"
#include "strtab.h"
#include "survey.h"
#include "ui.h"

typedef struct {
	Settings set;             /* this session's accessibility settings */
	const Strings *langs;     /* every configured language */
	int nlangs;
	const char *source;       /* the configuration's file name, for messages */
	Speech *speech;           /* NULL until read-aloud is first wanted, or if none */
	int speech_tried;         /* tried to start it (and said why not, once) */
	char spoken[4096];        /* what was said last, for Repeat and the trace */
	size_t said_main;         /* its first part, in the language shown; then */
	unsigned no_voice;        /* languages espeak-ng has no voice for (access_check_speech(),
	                           * at start-up: a line when reading aloud is used would date it) */
	int said_n;               /* parts said in other voices (access_say_also()): */
	int said_lang[CONFIG_MAX_LANGS + 1];   /* their language, */
	size_t said_at[CONFIG_MAX_LANGS + 1];  /* where each starts in spoken */
	const char *confirm;      /* the answer just chosen, said first on the next screen */
	int announce;             /* a setting just changed (SettingId): say its value, -1 none */
	const char *unseen;       /* a text of the screen on another of its views (Welcome's
	                           * "we did" line): said with the screen's texts, as speech
	                           * has no pages; NULL none (cleared when said) */
	int lang_help;            /* reading aloud began on Welcome: end it with each
	                           * language's way to choose it, in its own voice */
	uint32_t last_scan;       /* one-switch scanning: when focus last moved */
	uint32_t said_until;      /* when what is being said ends (0: nothing; at most 2 minutes
	                           * on): scanning's next step and the thank-you screen's end
	                           * wait for it */
	int scan_from_shown;      /* a new screen: scanning restarts once it is seen */
	int settings_gen;         /* bumped by every change of settings (and of the comment
	                           * keyboard's keys): the focused control said again */
} Access;

void access_init(Access *a, const Strings *langs, int nlangs, const char *source);
/* Put the settings into effect: colours, text size, voice, input. */
void access_apply(Access *a, Ui *ui);
/* The Speech, made when reading aloud is first wanted; NULL when none. */
Speech *access_speech(Access *a);
/* At start-up, once: whether speech can work and which languages have
 * no voice, said in the log then (never when reading aloud is used). */
void access_check_speech(Access *a);
/* Say text now in language lang, cutting off what was being said; on
 * Welcome, reading aloud begun by a key ends with every other language's
 * way to choose it. */
void access_say(Access *a, int lang, int on_welcome, const char *text);
/* As access_say(), but the part of text that is part (when found) in
 * language other's voice, the rest in lang's. */
void access_say_in(Access *a, int lang, int on_welcome, const char *text, const char *part, int other);
/* Say text after that, in language i's own voice. */
void access_say_also(Access *a, int i, const char *text);
/* Repeat: everything said last, each part in its own voice. */
void access_say_again(Access *a, int lang, int on_welcome);
/* What the screen just laid out in ui says (whole: it is new; else only
 * the focus moved), into out. */
void access_screen_speech(Access *a, const Ui *ui, const Survey *s, const Strings *L,
                          char *out, size_t n, int whole);
/* When one-switch scanning next moves the focus, 0 when not scanning. */
uint32_t access_scan_due(const Access *a);
/* What was just said ends at now plus what is still to play; 0 when
 * nothing is being said. */
void access_said(Access *a, uint32_t now);
/* Stop talking: nothing left to wait for. */
void access_stop(Access *a);
void access_free(Access *a);
#endif
