/* app.c - what each input and each event causes (app.h).  Start
 * reading at app_input(): an input goes to the process (quit, close,
 * redraw), the staff, or the screen shown, which turns it into the
 * survey's Event; then app_event(): what the app does before the survey
 * sees the event (before_survey[]), the survey's step, and what follows
 * (after_survey()).  The contracts kept here: a session's end resets
 * everything (session_over()); the language comes back when the
 * settings are undone (ev_setting()); a response is handed to the saver
 * only by submit(). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "keyboard.h"
#include "redact.h"
#include "tally.h"
#include "testmode.h"
#include "util.h"

static void set_language(App *a, int i);

/* Put the settings into effect (access.c) and draw them. */
static void apply_settings(App *a)
{
	access_apply(a->acc, &a->ui);
	a->dirty = 1;
}

/* Say text now, in the language shown; on Welcome, the "we did" line in
 * it in its own language's voice (the default language's words, when the
 * entry has none in the language shown: English read by an Arabic voice
 * is not understood). */
static void say(App *a, const char *text)
{
	int welcome = a->survey.screen == SCREEN_WELCOME, turn = a->we_did_turn;
	if (welcome && a->we_did_n && a->we_did_lang == a->lang)
		access_say_in(a->acc, a->lang, welcome, text, a->content.we_did, a->we_did_voice[turn]);
	else if (a->survey.screen == SCREEN_THANKS && a->content.help_line == a->cfg->help_line)
		/* the help line no help_line.LANG gives: the default language's
		 * words, in its voice ("crisis team" in an Arabic sentence) */
		access_say_in(a->acc, a->lang, 0, text, a->content.help_line, a->home_lang);
	else
		access_say(a->acc, a->lang, welcome, text);
	access_said(a->acc, a->now);
}

/* ---- staff ------------------------------------------------------------- */

static StaffInfo staff_info(App *a, char period[16], char *why, size_t n)
{
	saver_period(a->sv, period, why, n); /* where answers go now, and whether the clock is wrong */
	return (StaffInfo){ .db = a->sv->db_path, .period = period,
	                    .stored = store_count(a->sv->store, period), .queued = a->sv->pending.n,
	                    .last_error = a->sv->last_error, .now = time(NULL), .clock_warning = why };
}

/* The staff screens are English, drawn left to right whatever the
 * client's language: on around them, off (the client's direction) after. */
static void staff_ltr(App *a, int on)
{
	int rtl = on ? 0 : a->langs[a->lang].rtl;
	a->ui.rtl = rtl;
	draw_set_rtl(a->draw, rtl);
}

static void staff_close(App *a, uint32_t now)
{
	a->staff->mode = STAFF_OFF;
	ui_screen_changed(&a->ui, now);
	app_event(a, (Event){ .type = EV_ACTIVITY, .now_ms = now }); /* the client's clock starts again */
	a->traced[0] = '\0';
	a->dirty = 1;
}

static void staff_input(App *a, const Input *in)
{
	char period[16], why[256];
	StaffInfo info = staff_info(a, period, why, sizeof why);
	StaffMode before = a->staff->mode;
	staff_ltr(a, 1);
	ui_begin(&a->ui, in, a->w, a->h, 0);
	StaffAction act = staff_screen(&a->ui, a->staff, a->cfg->staff_pin, &info, in->t_ms);
	ui_end(&a->ui);
	staff_ltr(a, 0);
	if (act == STAFF_EXIT) {
		a->running = 0;
		staff_exit_marker();
	} else if (act == STAFF_RESUME)
		staff_close(a, in->t_ms);
	else if (a->staff->mode != before)
		ui_screen_changed(&a->ui, in->t_ms);
	if (a->ui.changed || a->staff->mode != before)
		a->dirty = 1;
}


/* ---- the screen -------------------------------------------------------- */

void app_render(App *a)
{
	int w = a->w, h = a->h;
	ui_begin(&a->ui, NULL, w, h, 1);
	draw_begin(a->draw);
	if (a->staff->mode != STAFF_OFF) {
		char period[16], why[256];
		StaffInfo info = staff_info(a, period, why, sizeof why);
		staff_ltr(a, 1);
		staff_screen(&a->ui, a->staff, a->cfg->staff_pin, &info, a->ticks());
		ui_end(&a->ui);
		draw_end(a->draw);
		testmode_presented(a->tm, a->ticks());
		a->dirty = 0;
		testmode_trace_staff(a->tm, a); /* never spoken; traced (test mode) as "admin" */
		staff_ltr(a, 0); /* after the trace: it reads the widgets as laid out */
		return;
	}
	screens_run(&a->ui, &a->survey, &a->content);
	ui_end(&a->ui);
	draw_end(a->draw);
	testmode_presented(a->tm, a->ticks());
	a->dirty = 0;

	const Survey *s = &a->survey;
	char key[sizeof a->traced], screen_key[128];
	/* "Delete your answers and start again?" counts as a screen of its own */
	snprintf(screen_key, sizeof screen_key, "%d|%d|%d|%d|%d|%d|%d", s->screen, s->question,
	         a->ui.page, a->lang, w, h, s->confirm_again);
	/* focus by the control's id, not its place: a switch user's row of
	 * keys and the first key it opens share a place, and must be said */
	const UiWidget *foc = ui_focused(&a->ui);
	snprintf(key, sizeof key, "%s|%d|%s|%d", screen_key, a->ui.focus, foc ? foc->id : "", a->acc->settings_gen);
	int count = s->screen == SCREEN_TIMEOUT ? a->content.timeout_left : -1;
	if (a->typed && !strcmp(key, a->traced)) { /* only the words changed: the key said */
		a->typed = 0;
		if (a->acc->set.speech)
			say(a, a->typed_said);
		testmode_trace(a->tm, a, a->acc->set.speech ? a->typed_said : NULL);
		return;
	}
	int typed = a->typed; /* a key typed, and focus moved too (switches: back to its row) */
	a->typed = 0;
	int turn = -1; /* the "we did" entry shown, -1 when none is on screen */
	for (int i = 0; i < a->ui.nwidgets && s->screen == SCREEN_WELCOME; i++)
		turn = strcmp(a->ui.widgets[i].id, "welcome.we_did") ? turn : a->we_did_turn;
	if (!strcmp(key, a->traced) && turn != a->we_did_traced && count == a->traced_count) {
		/* only the "we did" line turned: traced; said (when reading aloud) on
		 * its own, after what was being said (we_did_due() waited for it).
		 * Scanning: shown, not said.  A switch user who cannot see the
		 * screen steers by hearing where focus is; a long sentence would
		 * either cut off the name just said or be cut off by the next
		 * step (or hold the steps back), and the entries' words were
		 * heard with Welcome already */
		int quiet = a->acc->set.input == INPUT_ONE_SWITCH;
		a->we_did_traced = turn;
		if (a->acc->set.speech && !quiet)
			say(a, a->content.we_did);
		testmode_trace(a->tm, a, a->acc->set.speech && !quiet ? a->acc->spoken : NULL);
	} else if (!strcmp(key, a->traced) && count != a->traced_count) {
		/* only the timeout's countdown moved: traced; said at 20 and 10 s */
		char text[256] = "";
		a->traced_count = count;
		if (count == 20 || count == 10) {
			strings_format_n(text, sizeof text, &a->langs[a->lang], S_TIMEOUT_DELETED, count);
		}
		if (a->acc->set.speech && text[0])
			say(a, text);
		testmode_trace(a->tm, a, a->acc->set.speech && text[0] ? text : NULL);
	} else if (strcmp(key, a->traced)) {
		a->traced_count = count;
		/* the screen (or only the focus) changed: say it, and trace it */
		char text[sizeof a->acc->spoken]; /* (the review: every row of a page too) */
		int whole = strncmp(a->traced, screen_key, strlen(screen_key)) != 0;
		a->we_did_traced = turn;
		snprintf(a->traced, sizeof a->traced, "%s", key);
		if (turn < 0 && s->screen == SCREEN_WELCOME && a->content.we_did[0])
			a->acc->unseen = a->content.we_did; /* on another view: heard all the same */
		access_screen_speech(a->acc, &a->ui, &a->survey, &a->langs[a->lang], text, sizeof text, whole);
		if (typed && !whole && !text[0]) /* (touch: no focus to say) */
			snprintf(text, sizeof text, "%s", a->typed_said);
		else if (typed && !whole) { /* the letter typed first, then where focus is */
			size_t n = strlen(a->typed_said), len = strlen(text);
			int stop = n && strchr(".?!:", a->typed_said[n - 1]) == NULL; /* "a. ", "… signs. " */
			if (n + 2 + len < sizeof text) {
				memmove(text + n + 1 + stop, text, len + 1);
				memcpy(text, a->typed_said, n);
				memcpy(text + n, ". " + !stop, 1 + (size_t)stop);
			}
		}
		if (a->acc->set.speech && text[0])
			say(a, text);
		testmode_trace(a->tm, a, a->acc->set.speech && text[0] ? a->acc->spoken : NULL); /* with say_also()'s parts */
	}
}

static void set_language(App *a, int i)
{
	if (i == a->lang || i < 0 || i >= a->cfg->nlangs)
		return;
	a->lang = i;
	a->content.str = &a->langs[i];
	a->content.lang = i;
	config_services_in(a->cfg, a->langs[i].code, a->services); /* its own, or the default */
	a->content.services = a->services;
	a->content.help_line = config_help_line_in(a->cfg, a->langs[i].code);
	a->ui.rtl = a->langs[i].rtl;
	if (a->draw)
		draw_set_rtl(a->draw, a->langs[i].rtl);
	a->last_month_lang = -1; /* the Welcome line, in this language */
	a->dirty = 1;
}

/* "Last month, 9 in 10 people said they felt listened to": from this
 * kiosk's own database, through the report's code and suppression, and
 * only when the kiosk stores calendar months.  Recomputed when the month
 * changes. */
static int last_month_in_ten(App *a, time_t t)
{
	char last[16], err[768];
	if (a->cfg->period != PERIOD_MONTH)
		return -1;
	struct tm tm;
	localtime_r(&t, &tm);
	tm.tm_mday = 1; /* the first of this month, minus one month */
	tm.tm_mon -= 1;
	tm.tm_isdst = -1;
	store_period(last, mktime(&tm), PERIOD_MONTH);
	Tally *tl = calloc(1, sizeof *tl);
	const char *periods[] = { last };
	if (!tl || tally_init(tl, a->qs, (int)a->cfg->threshold, periods, 1) ||
	    /* last month has ended here; store_period_closed() waits until it
	     * has ended everywhere (for copies made in another time zone),
	     * which a kiosk east of UTC reaches up to 26 hours later */
	    store_each_count(a->sv->store, last, last, 1, tally_add, tl, t + 2 * 86400, err, sizeof err)) {
		if (tl)
			tally_free(tl);
		free(tl);
		return -1; /* no line is better than a wrong one */
	}
	tally_finish(tl);
	int tenths = tally_in_ten(tl, 0, 0, "heard.listen");
	tally_free(tl);
	free(tl);
	return tenths;
}

/* The database is read once a month; a language changed only rewrites
 * the line (no read between saves: it would leave a -wal and -shm). */
static void update_last_month(App *a)
{
	char now[16];
	time_t t = time(NULL);
	store_period(now, t, PERIOD_MONTH);
	if (strcmp(now, a->last_month_of)) {
		char period[16];
		saver_period(a->sv, period, NULL, 0); /* at start and each new month: remember it */
		snprintf(a->last_month_of, sizeof a->last_month_of, "%s", now);
		a->last_month_n = last_month_in_ten(a, t);
		a->last_month_lang = -1;
	}
	if (a->last_month_lang == a->lang)
		return;
	a->last_month_lang = a->lang;
	a->last_month[0] = '\0';
	if (a->last_month_n < 0)
		return;
	strings_format_n(a->last_month, sizeof a->last_month, &a->langs[a->lang], S_LAST_MONTH,
	                 a->last_month_n); /* in the plural form the number needs */
}

/* ---- You said, we did --------------------------------------------------- */

void app_we_did(App *a, const WeDid *w)
{
	a->wedid = w;
	a->we_did_n = 0;
	for (int i = 0; w && i < a->cfg->nservices; i++) {
		int e = wedid_newest(w, a->cfg->services[i]);
		if (e >= 0)
			a->we_did_entry[a->we_did_n++] = e;
	}
	for (int i = 0; i < a->we_did_n; i++)
		a->we_did_lines[i] = a->we_did_text[i];
	a->we_did_turn = 0;
	a->we_did_lang = -1;
	a->content.we_did_n = a->we_did_n;
}

/* Welcome's "we did" lines in the language shown (an entry's own words,
 * else the default language's): rewritten when the language changed. */
static void update_we_did(App *a)
{
	if (!a->we_did_n || a->we_did_lang == a->lang)
		return;
	a->we_did_lang = a->lang;
	int home = a->lang; /* the default language: an entry's words when it has none in lang */
	for (int i = 0; i < a->cfg->nlangs; i++)
		home = strcmp(a->langs[i].code, a->cfg->default_lang) ? home : i;
	for (int i = 0; i < a->we_did_n; i++) {
		int e = a->we_did_entry[i];
		/* the words around an entry in the entry's language: never half of
		 * a line in one language and half in another */
		const Strings *L = &a->langs[wedid_has(a->wedid, e, a->langs[a->lang].code) ? a->lang : home];
		const char *said = wedid_you_said(a->wedid, e, L->code), *did = wedid_we_did(a->wedid, e, L->code);
		char one[sizeof a->we_did_text[0] / 2], two[sizeof a->we_did_text[0] / 2];
		one[0] = '\0';
		if (said[0])
			strings_format(one, sizeof one, L->text[S_WELCOME_YOU_SAID], (const char *[]){ "text" },
			               (const char *[]){ said }, 1);
		strings_format(two, sizeof two, L->text[S_WELCOME_WE_DID], (const char *[]){ "text" },
		               (const char *[]){ did }, 1);
		snprintf(a->we_did_text[i], sizeof a->we_did_text[i], "%s%s%s", one, one[0] ? " " : "", two);
		a->we_did_voice[i] = (int)(L - a->langs);
		if (a->langs[a->lang].rtl && !L->rtl)
			a->content.we_did_ltr |= 1u << i;
		else
			a->content.we_did_ltr &= ~(1u << i);
	}
	a->content.we_did = a->we_did_text[a->we_did_turn];
	a->content.we_did_i = a->we_did_turn;
	a->dirty = 1;
}

/* Welcome shown from now: the entries' turns start again. */
static void we_did_shown(App *a, uint32_t now)
{
	uint32_t t = now + (uint32_t)a->cfg->we_did_s * 1000u;
	a->we_did_next = a->we_did_n > 1 ? (t ? t : 1) : 0;
}

/* When the next entry takes its turn: only on Welcome, with more than
 * one; never while the one shown is still being said (0: not due).
 * Scanning: a turn is silent (app_render()), nothing to wait for; it
 * waits for no step, nor a step for it. */
static uint32_t we_did_due(const App *a)
{
	uint32_t due = a->we_did_next, said = a->acc->said_until;
	if (!due || a->survey.screen != SCREEN_WELCOME)
		return 0;
	if (a->acc->set.input == INPUT_ONE_SWITCH)
		return due;
	return said && (int32_t)(said - due) > 0 ? said : due;
}

static void we_did_turn(App *a, uint32_t now)
{
	a->we_did_turn = (a->we_did_turn + 1) % a->we_did_n;
	a->content.we_did = a->we_did_text[a->we_did_turn];
	a->content.we_did_i = a->we_did_turn;
	a->dirty = 1;
	we_did_shown(a, now);
}

/* The timeout screen's countdown: the seconds left at now (0 elsewhere);
 * a redraw when the number shown changes, once a second. */
static void countdown(App *a, uint32_t now)
{
	const Survey *s = &a->survey;
	int left = 0;
	if (s->screen == SCREEN_TIMEOUT) {
		int32_t ms = (int32_t)(s->entered + survey_more_time_ms(s) - now);
		left = ms > 0 ? (ms + 999) / 1000 : 0;
	}
	if (left != a->content.timeout_left) {
		a->content.timeout_left = left;
		a->dirty = 1;
	}
}

/* When the number shown next changes (0: not on the timeout screen). */
static uint32_t countdown_due(const App *a)
{
	const Survey *s = &a->survey;
	if (s->screen != SCREEN_TIMEOUT || a->content.timeout_left <= 1)
		return 0;
	uint32_t left_ms = (uint32_t)(a->content.timeout_left - 1) * 1000u;
	uint32_t t = s->entered + survey_more_time_ms(s) - left_ms;
	return t ? t : 1;
}

/* A question answered before appears: keys and switches start on the
 * answer chosen (where it is on the page shown; else as usual). */
static void focus_chosen(App *a)
{
	int v = a->survey.answers[a->survey.question];
	char id[UI_ID_MAX];
	if (!a->ui.keyboard || !a->draw)
		return;
	snprintf(id, sizeof id, v == ANSWER_NOT_APPLICABLE ? "not_apply" : "answer.%d", v);
	ui_keep_focus(&a->ui, id);
	ui_begin(&a->ui, NULL, a->w, a->h, 0); /* a pass to find it */
	screens_run(&a->ui, &a->survey, &a->content);
	ui_end(&a->ui);
	if (a->ui.refocus[0]) { /* not on this page: the first control, as on any screen */
		a->ui.refocus[0] = '\0';
		a->ui.focus = 0;
	}
}


/* ---- the client's words ------------------------------------------------ */

/* The words as they will be kept: redacted, for the review and the saver. */
static void comment_changed(App *a)
{
	int n = redact_comment(a->comment, a->cfg->comments_redact, a->comment_kept, sizeof a->comment_kept);
	if (n < 0) { /* (cannot happen: room for every part replaced) nothing rather than the raw words */
		a->comment_kept[0] = '\0';
		n = 0;
	}
	size_t len = strlen(a->comment_kept); /* "[removed]" is longer than 5 digits: at most */
	if (len > COMMENT_MAX_BYTES) {        /* what the store keeps, whole characters */
		len = COMMENT_MAX_BYTES;
		while (len > 0 && ((unsigned char)a->comment_kept[len] & 0xC0) == 0x80)
			len--;
		a->comment_kept[len] = '\0';
	}
	a->content.comment_removed = n;
	a->dirty = 1;
}

/* The words are gone from memory: deleted, sent, or the session over. */
static void comment_forget(App *a)
{
	comment_wipe(a->comment, sizeof a->comment);
	comment_wipe(a->comment_kept, sizeof a->comment_kept);
	a->content.comment_removed = 0;
	a->content.kb_layer = KB_LETTERS;
	a->content.kb_row = -1;
}

/* Do the words hold a safety phrase, of the language shown or the
 * default language?  Only the thank-you screen ever shows it: nothing
 * is stored or logged about it. */
static void comment_safety(App *a)
{
	int home = a->home_lang;
	/* once seen, kept for the session: words deleted after they were
	 * written (Skip, Start again) still get the help line first */
	a->content.danger |= a->comment[0] &&
	                     (safety_match(a->langs[a->lang].text[S_SAFETY_WORDS], a->comment) ||
	                      safety_match(a->langs[home].text[S_SAFETY_WORDS], a->comment));
	a->survey.help_first = a->content.danger; /* the thank-you screen stays longer */
}

/* "Delete your answers and start again?" Yes (or Don't send's): the
 * words as they are now looked at first, so that a client who wrote a
 * cry for help and then starts again sees the help line (survey.c). */
static void ev_again_yes(App *a, Event *ev)
{
	(void)ev;
	if (a->survey.confirm_again && !a->survey.confirm_words)
		comment_safety(a);
}

/* What a key says when reading aloud: its character, or its word. */
static const char *key_word(App *a, int code, char *buf, size_t n)
{
	const Strings *L = &a->langs[a->lang];
	if (code == KEY_SPACE)
		return L->text[S_COMMENT_SPACE];
	if (code == KEY_BACKSPACE)
		return L->text[S_COMMENT_BACKSPACE];
	if (code == KEY_DIGITS)
		return L->text[S_COMMENT_NOW_DIGITS];
	if (code == KEY_LETTERS)
		return L->text[S_COMMENT_NOW_LETTERS];
	return keyboard_key_said(L, (unsigned)code, buf, n); /* "full stop" */
}

void app_comment_key(App *a, int code, uint32_t now)
{
	char one[8];
	const char *said = key_word(a, code, one, sizeof one);
	if (a->survey.screen != SCREEN_COMMENT || a->survey.confirm_again)
		return;
	if (code <= KEY_ROW(0)) { /* switches: a row chosen, its keys next (screens.c) */
		a->content.kb_row = KEY_ROW(0) - code;
		a->survey.last_activity = now;
		a->dirty = 1;
		return;
	}
	if (a->content.kb_row >= 0) { /* a key of the row typed: back to the rows, at that row */
		char id[UI_ID_MAX];
		snprintf(id, sizeof id, "key.row.%d", a->content.kb_row);
		ui_keep_focus(&a->ui, id);
		a->content.kb_row = -1;
	}
	if (code == KEY_DIGITS || code == KEY_LETTERS) {
		a->content.kb_layer = code == KEY_DIGITS ? KB_DIGITS : KB_LETTERS;
		/* switches: on to the new keys' first row (the rows come first in
		 * the order); keys: the key that changes them back */
		ui_keep_focus(&a->ui, a->acc->set.input != INPUT_KEYS ? "key.row.0"
		                      : code == KEY_DIGITS ? "key.letters" : "key.digits");
		a->acc->settings_gen++; /* the row focused (perhaps row 0 before) is said: other keys now */
	} else if (code == KEY_BACKSPACE) {
		if (!a->rubbing) /* the words as written: a phrase rubbed out still gets help first */
			comment_safety(a); /* (not each shorter one: "want to diet" holds "want to die") */
		/* said with what it took: "Rub out a", "Rub out Space" */
		size_t n = strlen(a->comment), k = n;
		while (k > 0 && ((unsigned char)a->comment[k - 1] & 0xC0) == 0x80)
			k--;
		if (k > 0) {
			k--;
			unsigned cp = 0;
			util_utf8(a->comment + k, &cp);
			const char *what = cp == ' ' ? a->langs[a->lang].text[S_COMMENT_SPACE]
			                             : keyboard_key_said(&a->langs[a->lang], cp, one, sizeof one);
			snprintf(a->typed_said, sizeof a->typed_said, "%s %s", said, what);
			said = a->typed_said;
		}
		comment_backspace(a->comment);
	} else if (!comment_type(a->comment, sizeof a->comment, (unsigned)code)) {
		said = a->langs[a->lang].text[S_COMMENT_FULL]; /* nothing more goes in */
	} else if (code == KEY_SPACE || keyboard_find(a->langs[a->lang].code, (unsigned)code) == KB_DIGITS ||
	           (code < 0x80 && !isalnum(code))) {
		comment_safety(a); /* a word ended (a space or a sign): "want to die", not "want to die|t" */
	}
	a->rubbing = code == KEY_BACKSPACE;
	comment_changed(a);
	a->survey.last_activity = now;
	a->typed = 1;
	if (said != a->typed_said)
		snprintf(a->typed_said, sizeof a->typed_said, "%s", said);
}

static void ev_key(App *a, Event *ev)
{
	app_comment_key(a, ev->arg, ev->now_ms);
}

/* Leaving the comment screen: Skip deletes the words; Next (and Back)
 * keep them, and the thank-you screen will know whether to put help first. */
static void ev_comment(App *a, Event *ev)
{
	if (a->survey.screen != SCREEN_COMMENT || a->survey.confirm_again)
		return;
	if (ev->type == EV_SKIP_COMMENT && !ev->arg) { /* (with words, "Delete your words?" first) */
		comment_forget(a);
		comment_changed(a);
	}
	comment_safety(a);
}

/* ---- saving ------------------------------------------------------------ */

/* Hand the finished response to the saver; the survey's answer to it. */
static EventType submit(App *a, uint32_t now)
{
	SaverResult r = saver_submit(a->sv, a->survey.service, a->survey.answers,
	                             a->survey.spec.comment ? a->comment_kept : "", now);
	if (r == SAVER_SAVED || r == SAVER_KEPT)
		comment_forget(a); /* handed over (kept: as redacted, in the saver's queue) */
	switch (r) {
	case SAVER_SAVED: return EV_SAVED;
	case SAVER_KEPT:  return EV_KEPT;
	default:          return EV_SAVE_FAILED;
	}
}

/* ---- events ------------------------------------------------------------ */

/* A session is over (sent, deleted or timed out; Welcome again): the next
 * person starts fresh, in the kiosk's own language, with every setting
 * at its default and nothing of the last person's focus or pages.  The
 * one place this is done. */
static void session_over(App *a)
{
	comment_forget(a);
	a->content.danger = 0;
	a->rubbing = 0;
	a->change_id[0] = '\0';
	ui_reset(&a->ui);
	set_language(a, a->home_lang);
	settings_default(&a->acc->set);
	apply_settings(a);
}

static void ev_language(App *a, Event *ev)
{
	if (a->survey.screen == SCREEN_COMMENT)
		comment_safety(a); /* in the language the words were written in, before it changes */
	set_language(a, ev->arg);
}

/* Repeat and Stop, keys or buttons (only while reading aloud). */
static void ev_speech(App *a, Event *ev)
{
	if (!a->acc->set.speech)
		return;
	if (ev->arg == 0 && a->survey.screen == SCREEN_COMMENT && !a->survey.confirm_again) {
		a->traced[0] = '\0'; /* the whole screen again, the words as they are now */
		a->dirty = 1;
		return;
	}
	if (ev->arg == 0) {
		access_say_again(a->acc, a->lang, a->survey.screen == SCREEN_WELCOME);
		access_said(a->acc, ev->now_ms);
	} else {
		access_stop(a->acc);
	}
	if (ev->arg && a->survey.screen == SCREEN_THANKS) { /* silenced to read the help line: */
		uint32_t t = ev->now_ms + survey_thanks_ms(&a->survey); /* time to read it */
		a->acc->said_until = t ? t : 1;
	}
	testmode_trace(a->tm, a, ev->arg == 0 ? a->acc->spoken : "");
}

/* A setting changed.  "Undo all changes" brings back the language the
 * settings were opened in, too: the other half of that contract is
 * kept in after_survey() (lang_before_access). */
static void ev_setting(App *a, Event *ev)
{
	if (!SETTING_ARG_OK(ev->arg))
		return;
	SettingId id = SETTING_ARG_ID(ev->arg);
	a->content.changed_setting = id == SET_RESET ? -1 : (int)id;
	int dir = SETTING_ARG_DIR(ev->arg);
	if (id == SET_RESET)
		set_language(a, a->lang_before_access);
	settings_step(&a->acc->set, id, dir);
	apply_settings(a);
	a->acc->announce = id == SET_RESET ? -1 : (int)id; /* "Text size: 3 of 4" */
	if (settings_stepped(id) && dir) { /* at an end its button is disabled: */
		int step, count;         /* focus to the other way */
		char other[UI_ID_MAX];
		settings_range(&a->acc->set, id, &step, &count);
		snprintf(other, sizeof other, "setting.%d.%s", id, dir > 0 ? "down" : "up");
		if (a->ui.keyboard && (dir > 0 ? step + 1 >= count : step == 0))
			ui_keep_focus(&a->ui, other);
	}
	if (id == SET_SPEECH && a->acc->set.speech)
		a->traced[0] = '\0'; /* turned on by touch: read the whole screen now */
}

/* An answer chosen, or Next on one already given: said first on the
 * next screen ("Mostly."). */
static void ev_answer(App *a, Event *ev)
{
	const Survey *s = &a->survey;
	if (ev->type == EV_NEXT && survey_answered(s))
		ev->arg = s->answers[s->question]; /* the answer kept is said */
	if (s->screen != SCREEN_QUESTION || s->confirm_again)
		return;
	a->acc->confirm = strings_answer_for(&a->langs[a->lang], &a->qs->q[a->qidx[s->question]], ev->arg);
}

static void ev_next(App *a, Event *ev)
{
	ev_comment(a, ev);
	ev_answer(a, ev);
}

/* What the app does with an event before the survey sees it. */
static void (*const before_survey[EV_APP_COUNT])(App *, Event *) = {
	[EV_LANGUAGE] = ev_language,
	[EV_SPEECH]   = ev_speech,
	[EV_SETTING]  = ev_setting,
	[EV_ANSWER]   = ev_answer,
	[EV_NEXT]     = ev_next,
	[EV_BACK]     = ev_comment,
	[EV_SKIP_COMMENT] = ev_comment,
	[EV_KEY]      = ev_key,
	[EV_AGAIN_YES] = ev_again_yes,
};

/* Where the client was before the survey's step. */
typedef struct {
	Screen screen;
	int question, page, given, asking, discarding, wording;
} Before;

/* What follows the survey's step. */
static void after_survey(App *a, Event ev, Action act, const Before *b)
{
	Survey *s = &a->survey;
	if (ev.type == EV_CLEAR && s->screen == SCREEN_QUESTION && b->given != s->answers[s->question]) {
		a->acc->confirm = a->langs[a->lang].text[S_CLEARED]; /* said, then the question again */
		a->traced[0] = '\0';
		a->dirty = 1;
	}
	if (s->confirm_again != b->asking && s->screen == b->screen && s->question == b->question) {
		/* "Delete your answers and start again?" shown or closed: a new
		 * screen for focus, scanning and speech; the page kept; No
		 * returns focus to Start again */
		a->acc->last_scan = ev.now_ms;
		a->acc->scan_from_shown = 1;
		if (s->confirm_again)
			a->page_before_again = b->page;
		ui_screen_changed(&a->ui, ev.now_ms);
		if (!s->confirm_again) { /* No: said first, then the screen */
			a->ui.page = a->page_before_again;
			ui_keep_focus(&a->ui, b->wording ? "comment.skip" : b->discarding ? "discard" : "start_again");
			a->acc->confirm = a->langs[a->lang].text[b->wording ? S_AGAIN_WORDS_KEPT : S_AGAIN_KEPT];
		}
		a->dirty = 1;
	}
	if (b->wording && ev.type == EV_AGAIN_YES) { /* "Delete your words?" Yes */
		comment_forget(a);
		comment_changed(a);
		comment_safety(a);
	}
	if (act == ACT_SUBMIT)
		survey_handle(s, (Event){ .type = submit(a, ev.now_ms), .now_ms = ev.now_ms });
	if (act == ACT_SESSION_OVER) /* deleted, or timed out: the words too */
		comment_forget(a);
	if (s->screen != b->screen || s->question != b->question ||
	    (act == ACT_SESSION_OVER && s->screen == SCREEN_WELCOME)) {
		a->acc->last_scan = ev.now_ms; /* scanning starts afresh on each screen, */
		a->acc->scan_from_shown = 1;   /* counted again from when it is shown */
		if (s->screen == SCREEN_WELCOME && ev.type != EV_ACCESS_DONE)
			session_over(a);
		ui_screen_changed(&a->ui, ev.now_ms);
		if (ev.type == EV_ACCESS && s->screen == SCREEN_ACCESS) {
			a->lang_before_access = a->lang;
			a->page_before_access = b->page;
		}
		if (ev.type == EV_CHANGE && b->screen == SCREEN_REVIEW) { /* back on this page after */
			a->page_before_change = b->page;
			snprintf(a->change_id, sizeof a->change_id, "%s", a->ui.last_fired);
		} else if (s->screen == SCREEN_REVIEW && a->change_id[0]) { /* changed: the row in view */
			a->ui.page = a->page_before_change;
			ui_keep_focus(&a->ui, a->change_id);
			a->change_id[0] = '\0';
		}
		if (s->screen == SCREEN_TIMEOUT) /* Yes, more time: back on the same page */
			a->page_before_timeout = b->page;
		if (ev.type == EV_MORE_TIME && b->screen == SCREEN_TIMEOUT)
			a->ui.page = a->page_before_timeout;
		if (ev.type == EV_ACCESS_DONE && s->screen != SCREEN_WELCOME) { /* back where they were */
			a->ui.page = a->page_before_access;
			ui_keep_focus(&a->ui, "bar.access");
		} else if (s->screen == SCREEN_QUESTION && survey_answered(s)) {
			focus_chosen(a); /* a question answered before: focus on its answer */
		}
		a->dirty = 1;
	}
	if (s->screen == SCREEN_WELCOME && b->screen != SCREEN_WELCOME)
		we_did_shown(a, ev.now_ms);
	if (s->screen == SCREEN_WELCOME) { /* in the language now shown (a no-op unless the */
		update_last_month(a);         /* month or the language changed) */
		update_we_did(a);
	}
	countdown(a, ev.now_ms);
}

void app_event(App *a, Event ev)
{
	Survey *s = &a->survey;
	Before b = { s->screen, s->question, a->ui.page,
	             s->screen == SCREEN_QUESTION ? s->answers[s->question] : ANSWER_NONE,
	             s->confirm_again, s->confirm_discard, s->confirm_words };
	a->content.changed_setting = -1;
	a->now = ev.now_ms;
	if ((size_t)ev.type < sizeof before_survey / sizeof *before_survey && before_survey[ev.type])
		before_survey[ev.type](a, &ev);
	Event seen = ev; /* the app's own events are activity to the survey */
	if (seen.type >= EV_SURVEY_COUNT)
		seen.type = EV_ACTIVITY;
	after_survey(a, ev, survey_handle(s, seen), &b);
}

/* ---- inputs ------------------------------------------------------------ */

static void in_quit(App *a, const Input *in) /* SIGTERM or SIGINT: the service is stopping */
{
	(void)in;
	a->running = 0;
}

static void in_close(App *a, const Input *in) /* a window manager's close (Alt+F4) */
{
	(void)in;
	if (a->windowed) /* never in kiosk mode */
		a->running = 0;
}

static void in_redraw(App *a, const Input *in) /* exposed or resized: draw it all */
{
	(void)in;
	a->dirty = 1;
	if (a->draw)
		draw_invalidate(a->draw);
}

static void in_speech_key(App *a, const Input *in)
{
	app_event(a, (Event){ .type = EV_SPEECH, .arg = in->type == IN_STOP, .now_ms = in->t_ms });
}

/* A press, a key or a switch on the client's screen. */
static void in_screen(App *a, const Input *in)
{
	int first_key = !a->ui.keyboard && in->type != IN_PRESS && in->type != IN_RELEASE &&
	                in->type != IN_MOTION;
	if (first_key && a->survey.screen == SCREEN_WELCOME && !a->acc->set.speech) {
		/* a key on Welcome: someone may not see the screen; talk */
		a->acc->set.speech = 1;
		a->survey.access = true; /* and accessibility mode's longer waits, until the reset */
		apply_settings(a);
		a->acc->confirm = a->langs[a->lang].text[S_ACCESS_KEYS];
		a->acc->lang_help = 1;       /* and end with how to choose each language */
		a->traced[0] = '\0'; /* say the whole screen after the keys */
	}
	ui_begin(&a->ui, in, a->w, a->h, 0);
	Event ev = screens_run(&a->ui, &a->survey, &a->content);
	ui_end(&a->ui);
	ev.now_ms = in->t_ms;
	app_event(a, ev);
	if (a->ui.changed)
		a->dirty = 1;
}

/* Text from a physical keyboard (SDL's text input: dead keys and
 * compose arrive composed), typed into the words on the comment screen. */
static void in_text(App *a, const Input *in)
{
	const char *p = in->text;
	unsigned cp;
	int n;
	if (a->survey.screen != SCREEN_COMMENT || a->survey.confirm_again)
		return;
	while (*p && (n = util_utf8(p, &cp)) > 0) {
		app_comment_key(a, cp == '\t' ? KEY_SPACE : (int)cp, in->t_ms);
		p += n;
	}
}

/* Inputs for the process and the window, whatever is on screen. */
static void (*const process_input[])(App *, const Input *) = {
	[IN_QUIT] = in_quit, [IN_CLOSE] = in_close, [IN_REDRAW] = in_redraw,
};
/* The client's inputs (the staff's go to staff_input()). */
static void (*const client_input[])(App *, const Input *) = {
	[IN_REPEAT] = in_speech_key, [IN_STOP] = in_speech_key, [IN_TEXT] = in_text,
};

void app_input(App *a, const Input *in)
{
	size_t t = (size_t)in->type;
	a->now = in->t_ms;
	if (t < sizeof process_input / sizeof *process_input && process_input[t]) {
		process_input[t](a, in);
		return;
	}
	staff_track(a->staff, in, ui_px_per_mm(&a->ui));
	if (a->staff->mode != STAFF_OFF)
		staff_input(a, in);
	else if (t < sizeof client_input / sizeof *client_input && client_input[t])
		client_input[t](a, in);
	else
		in_screen(a, in);
}

/* One switch: focus moves on by itself; the switch chooses.  A step is
 * not the client's activity, so it never postpones the timeout. */
static void scan_step(App *a, uint32_t now)
{
	a->acc->last_scan = now;
	if (a->survey.screen == SCREEN_SENDING)
		return;
	Input next = { .type = IN_NEXT, .x = -1, .y = -1, .t_ms = now };
	ui_begin(&a->ui, &next, a->w, a->h, 0);
	screens_run(&a->ui, &a->survey, &a->content);
	ui_end(&a->ui);
	a->dirty = 1;
}


/* ---- timers ------------------------------------------------------------ */

/* The survey's next timeout.  The thank-you screen, the one that ends by
 * itself with something to hear (the help line), stays until that has
 * been said: at the slowest speech it takes far longer than thanks_seconds. */
static uint32_t survey_due(const App *a)
{
	uint32_t due = survey_deadline(&a->survey), said = a->acc->said_until;
	if (due && a->survey.screen == SCREEN_THANKS && said && (int32_t)(said - due) > 0)
		due = said;
	return due;
}

/* *due becomes t when t is set and comes first ((int32_t) differences
 * stay right when the 32-bit clock wraps). */
static void earliest(uint32_t *due, uint32_t t)
{
	if (t && (!*due || (int32_t)(t - *due) < 0))
		*due = t;
}

uint32_t app_due(const App *a)
{
	uint32_t due = 0;
	earliest(&due, staff_due(a->staff));
	if (a->staff->mode == STAFF_OFF) {
		earliest(&due, survey_due(a));
		earliest(&due, countdown_due(a)); /* once a second */
		earliest(&due, access_scan_due(a->acc));
		earliest(&due, we_did_due(a)); /* the next "we did" entry, on Welcome */
	}
	earliest(&due, saver_due(a->sv));
	return due;
}

void app_run_due(App *a, uint32_t now)
{
	a->now = now;
	switch (staff_run(a->staff, now)) {
	case STAFF_DUE_OPENED: /* the corner held long enough: the PIN pad */
		ui_screen_changed(&a->ui, now);
		access_stop(a->acc);
		a->dirty = 1;
		break;
	case STAFF_DUE_CLOSED:
		staff_close(a, now);
		break;
	case STAFF_DUE_NONE:
		break;
	}
	uint32_t retry = a->sv->retry_at;
	saver_run(a->sv, now);
	if (retry && (int32_t)(now - retry) >= 0 && a->staff->mode != STAFF_OFF)
		a->dirty = 1; /* the staff screen shows the queue */
	if (a->staff->mode != STAFF_OFF)
		return;
	uint32_t due = survey_due(a);
	if (due && (int32_t)(now - due) >= 0)
		app_event(a, (Event){ .type = EV_TICK, .now_ms = now });
	countdown(a, now);
	due = access_scan_due(a->acc);
	if (due && (int32_t)(now - due) >= 0)
		scan_step(a, now);
	due = we_did_due(a);
	if (due && (int32_t)(now - due) >= 0)
		we_did_turn(a, now);
}

void app_shown(App *a, uint32_t shown)
{
	ui_shown(&a->ui, shown); /* settle_ms from when it is seen */
	if (a->acc->scan_from_shown) /* a slow frame never shortens the first step */
		a->acc->last_scan = shown;
	a->acc->scan_from_shown = 0;
}

/* ---- start ------------------------------------------------------------- */

void app_init(App *a, const Config *cfg, const QuestionSet *qs, const Strings *langs,
              const int *qidx, int home_lang, const SurveySpec *spec, Access *acc, Saver *sv,
              Staff *staff, TestMode *tm)
{
	a->cfg = cfg;
	a->qs = qs;
	a->langs = langs;
	a->qidx = qidx;
	a->home_lang = home_lang;
	a->acc = acc;
	a->sv = sv;
	a->staff = staff;
	a->tm = tm;
	a->content = (Content){ cfg, qs, NULL, qidx, a->last_month, "", a->we_did_lines, 0, langs, cfg->nlangs, 0, &acc->set,
	                        a->services, cfg->help_line, 0, -1, 0, 0, a->comment, a->comment_kept, 0,
	                        KB_LETTERS, 0, -1 };
	a->lang = -1; /* set_language() in app_start() */
	a->last_month_lang = -1;
	a->we_did_lang = a->we_did_traced = -1;
	survey_init(&a->survey, spec, 0);
}

void app_start(App *a, Draw *draw, uint32_t now)
{
	a->draw = draw;
	ui_init(&a->ui, draw, (uint32_t)a->cfg->repeat_press_ms);
	a->ui.mm_w = (double)a->cfg->screen_w_mm;
	a->ui.mm_h = (double)a->cfg->screen_h_mm;
	set_language(a, a->home_lang);
	update_last_month(a);
	update_we_did(a);
	we_did_shown(a, now);
	saver_run(a->sv, now); /* the period the clock is in, remembered; its timer set */
}
