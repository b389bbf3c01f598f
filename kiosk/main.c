/* main.c - heard-kiosk: the touchscreen survey.  Start reading main():
 * load config and strings, open the store, open the window, then run():
 * wait for an event (or the survey's next deadline), turn it into an
 * Input, run the current screen once to see what it caused, hand that
 * to the survey, and redraw only when something changed. */
#include <SDL.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "draw.h"
#include "input.h"
#include "pending.h"
#include "sandbox.h"
#include "screens.h"
#include "settings.h"
#include "speech.h"
#include "staff.h"
#include "store.h"
#include "strtab.h"
#include "survey.h"
#include "tally.h"
#include "trace.h"
#include "ui.h"
#include "util.h"

#ifndef HEARD_VERSION
#define HEARD_VERSION "0.1"
#endif

typedef struct {
	const char *config, *db, *lang, *trace, *script, *backup;
	int win_w, win_h;         /* --windowed, else 0 */
} Args;

typedef struct {
	Config cfg;
	QuestionSet qs;
	Strings langs[CONFIG_MAX_LANGS]; /* every configured language, loaded at start */
	int lang, home_lang;      /* shown now; each session starts in home_lang */
	int qidx[SURVEY_MAX_QUESTIONS];
	Content content;
	Survey survey;
	Store *store;
	SDL_Window *win;
	SDL_Renderer *ren;
	Draw *draw;
	Ui ui;
	FILE *trace;
	int dirty;                /* the screen must be redrawn */
	char traced[256];         /* screen|question|page|lang|size|focus last traced and said */
	char last_month[256];     /* Welcome's line about last month, or "" */
	Settings set;             /* this session's accessibility settings */
	Speech *speech;           /* NULL until read-aloud is first wanted, or if none */
	int speech_tried;         /* tried to start it (and said why not, once) */
	char spoken[4096];        /* what was said last, for Repeat and the trace */
	size_t said_main;         /* its first part, in the language shown; then */
	unsigned no_voice;        /* languages espeak-ng has no voice for (check_speech(), at
	                           * start-up: a line when reading aloud is used would date it) */
	int said_n;               /* parts said in other voices (say_also()): */
	int said_lang[CONFIG_MAX_LANGS + 1];   /* their language, */
	size_t said_at[CONFIG_MAX_LANGS + 1];  /* where each starts in spoken */
	const char *confirm;      /* the answer just chosen, said first on the next screen */
	int announce;             /* a setting just changed (SettingId): say its value, -1 none */
	int lang_help;            /* reading aloud began on Welcome: end it with each
	                           * language's way to choose it, in its own voice */
	uint32_t last_scan;       /* one-switch scanning: when focus last moved */
	int scan_from_shown;      /* a new screen: scanning restarts once it is seen */
	int lang_before_access;   /* the language when the settings were opened, */
	int page_before_access;   /* and the page of the screen they came from */
	int page_before_again;    /* the page "Delete your answers ...?" was asked on */
	int page_before_change;   /* the review's page a row was tapped on, to change it */
	char change_id[UI_ID_MAX]; /* ... and that row ("" when not changing) */
	int page_before_timeout;  /* the page "Are you still there?" came on (Yes, more time) */
	int traced_count;         /* the timeout's seconds left, last traced (-1: none) */
	int settings_gen;         /* bumped by every change of settings */
	char last_month_of[16];   /* the month it was computed in */
	char seen_period[16];     /* the period last remembered as seen (store_see_period) */
	int last_month_n;         /* its "n in 10", -1 when not shown */
	int last_month_lang;      /* the language it was written in, -1 none */
	const char *services[SURVEY_MAX_SERVICES]; /* as shown in the language shown */
	Staff staff;              /* the PIN pad and staff screen, when open */
	int hold;                 /* a press is being held in the staff corner ... */
	uint32_t hold_t;          /* ... since then */
	char last_error[768];     /* the last save error, for the staff screen */
	int failing;              /* saving has failed, and not worked since: the
	                           * log said so once, and says once when it works */
	int saved_late;           /* responses saved from the queue since then */
	int told_full, told_rec;  /* said once per failure: the queue is full; the
	                           * recovery file cannot be written */
	const char *db_path;
	Pending pending;          /* answers the database could not take yet */
	char recovery[1100];      /* where they go on exit: <database>.recovery */
	char db_dir[1024];        /* the database's folder, the one it may write */
	int dir_fd;               /* that folder when the sandbox was entered, held
	                           * open so its inode cannot pass to a new one;
	                           * -1 when not confined (no Landlock) */
	int kept;                 /* keep_recovery() has run */
	const char *config_path; /* --config, read again by nothing; the sandbox allows it */
	uint32_t retry_at;        /* when to try saving them again */
	uint32_t period_at;       /* when to look at the clock for a new period (remember_period) */
	int windowed;             /* --windowed: closing the window quits */
	FILE *script;             /* --script (tests): inputs read from here */
	FILE *bench;              /* HEARD_BENCH (tests): timings written here */
	int presented;            /* frames shown, for the first one's time */
	uint32_t oldest_input;    /* t_ms of the oldest input not yet on screen, 0 none */
	int running;
} App;

static void usage(FILE *f)
{
	fputs("usage: heard-kiosk [--config FILE] [--db FILE] [--windowed WxH] [--lang CODE]\n"
	      "                   [--trace FILE] [--script FILE] [--help] [--version]\n"
	      "       heard-kiosk --hash-pin < PIN   (prints a staff_pin value for the config)\n"
	      "       heard-kiosk [--config FILE] [--db FILE] --backup COPY\n"
	      "                   (a safe copy of the database, also while the kiosk runs)\n"
	      "Runs the heard feedback kiosk full-screen.  Without --config it uses the\n"
	      "embedded default configuration; see README.md for every key.\n", f);
}

static Args parse_args(int argc, char **argv)
{
	Args a = { 0 };
	for (int i = 1; i < argc; i++) {
		const char *o = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!strcmp(o, "--help")) { usage(stdout); exit(0); }
		if (!strcmp(o, "--version")) { puts("heard-kiosk " HEARD_VERSION); exit(0); }
		if (!strcmp(o, "--hash-pin")) exit(staff_hash_pin_main());
		if (!v) { usage(stderr); die(2, "%s: missing value", o); }
		if (!strcmp(o, "--config")) a.config = v;
		else if (!strcmp(o, "--db")) a.db = v;
		else if (!strcmp(o, "--lang")) a.lang = v;
		else if (!strcmp(o, "--trace")) a.trace = v;
		else if (!strcmp(o, "--script")) a.script = v;
		else if (!strcmp(o, "--backup")) a.backup = v;
		else if (!strcmp(o, "--windowed")) {
			if (sscanf(v, "%dx%d", &a.win_w, &a.win_h) != 2 || a.win_w < 320 ||
			    a.win_h < 240 || a.win_w > 16384 || a.win_h > 16384)
				die(2, "--windowed '%s': expected WIDTHxHEIGHT, e.g. 1280x800", v);
		} else { usage(stderr); die(2, "unknown option '%s'", o); }
		i++;
	}
	return a;
}

/* ---- start-up ---------------------------------------------------------- */

static void load_content(App *a, const Args *args)
{
	char err[768], path[1024];
	if (config_load(&a->cfg, args->config, err, sizeof err))
		die(2, "%s", err);
	snprintf(path, sizeof path, "%s/strings/questions.ini", util_asset_dir());
	if (qset_load(path, &a->qs, err, sizeof err))
		die(2, "%s", err);
	int n = config_questions(&a->cfg, &a->qs, a->qidx, err, sizeof err);
	if (n < 0)
		die(2, "%s", err);
	const char *lang = args->lang ? args->lang : a->cfg.default_lang;
	a->home_lang = -1;
	for (int i = 0; i < a->cfg.nlangs; i++) {
		snprintf(path, sizeof path, "%s/strings/%s.ini", util_asset_dir(), a->cfg.langs[i]);
		if (strings_load(path, &a->qs, &a->langs[i], err, sizeof err))
			die(2, "%s", err);
		if (strcmp(a->langs[i].code, a->cfg.langs[i]))
			die(2, "%s: [language] code is '%s', expected '%s'", path, a->langs[i].code,
			    a->cfg.langs[i]);
		if (!strcmp(a->cfg.langs[i], lang))
			a->home_lang = i;
	}
	if (a->home_lang < 0)
		die(2, "--lang %s: not one of the configured languages in %s", lang, a->cfg.source);
	a->content = (Content){ &a->cfg, &a->qs, NULL, a->qidx, a->last_month, a->langs,
	                        a->cfg.nlangs, 0, &a->set, a->services, a->cfg.help_line, 0, -1 };
	settings_default(&a->set);
	a->lang = -1; /* set_language() below */

	SurveySpec spec = {
		.nquestions = n, .nservices = a->cfg.nservices,
		.idle_ms = (uint32_t)a->cfg.inactivity_s * 1000,
		.more_time_ms = (uint32_t)a->cfg.more_time_s * 1000,
		.thanks_ms = (uint32_t)a->cfg.thanks_s * 1000,
		.access_idle_ms = 120000, .access_more_time_ms = 45000,
	};
	for (int i = 0; i < n; i++)
		spec.has_na[i] = a->qs.q[a->qidx[i]].has_na;
	survey_init(&a->survey, &spec, 0);
}

static void open_window(App *a, const Args *args)
{
	char err[768], fonts[1024];
	SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0");
	SDL_SetHint(SDL_HINT_MOUSE_FOCUS_CLICKTHROUGH, "1");
	/* SDL's own software renderer: a kiosk redraws only when something
	 * changes, and Mesa's GL (llvmpipe, with no GPU) grew by some 300 kB
	 * per session in the soak test; SDL_RENDER_DRIVER overrides this */
	SDL_SetHint(SDL_HINT_RENDER_DRIVER, "software");
	/* and its frames shown through the window system's own framebuffer
	 * (X11: shared memory), not a GL texture: Mesa's llvmpipe alone took
	 * some 110 MB (where the window system has no framebuffer of its own,
	 * as under Wayland, SDL uses a texture anyway) */
	SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
	/* closing the window is a request we may refuse (kiosk mode) */
	SDL_SetHint(SDL_HINT_QUIT_ON_LAST_WINDOW_CLOSE, "0");
	if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0)
		die(1, "cannot start SDL video: %s", SDL_GetError());
	int w = args->win_w, h = args->win_h;
	Uint32 flags = SDL_WINDOW_SHOWN;
	if (!w) { /* kiosk: borderless at the display's size, no WM needed */
		SDL_DisplayMode dm;
		if (SDL_GetDesktopDisplayMode(0, &dm) != 0)
			die(1, "cannot read the display size: %s", SDL_GetError());
		w = dm.w;
		h = dm.h;
		flags |= SDL_WINDOW_BORDERLESS;
	}
	a->win = SDL_CreateWindow("heard", 0, 0, w, h, flags);
	if (!a->win)
		die(1, "cannot open a window: %s", SDL_GetError());
	a->ren = SDL_CreateRenderer(a->win, -1, 0);
	if (!a->ren)
		die(1, "cannot create a renderer: %s", SDL_GetError());
	snprintf(fonts, sizeof fonts, "%s/fonts", util_asset_dir());
	a->draw = draw_create(a->ren, fonts, err, sizeof err);
	if (!a->draw)
		die(2, "%s", err);
	ui_init(&a->ui, a->draw, (uint32_t)a->cfg.repeat_press_ms);
	a->ui.mm_w = (double)a->cfg.screen_w_mm;
	a->ui.mm_h = (double)a->cfg.screen_h_mm;
}

/* ---- accessibility ----------------------------------------------------- */

/* The Speech, made when reading aloud is first wanted (an open audio
 * device costs CPU even when silent).  Whether it can work was said at
 * start-up (check_speech()); a failure now is not logged: the line's
 * time would date a client's turning reading aloud on. */
static Speech *speech(App *a)
{
	if (!a->speech && !a->speech_tried) {
		char err[256];
		a->speech_tried = 1;
		a->speech = speech_create(err, sizeof err);
	}
	return a->speech;
}

/* Put the settings into effect: colours, text size, voice, input. */
static void apply_settings(App *a)
{
	a->ui.theme = &ui_themes[a->set.contrast];
	a->ui.text_pct = settings_text_pct[a->set.text];
	if (a->set.input != INPUT_KEYS && !a->ui.keyboard) {
		a->ui.keyboard = 1; /* switches need the focus ring from the start */
		a->ui.focus = 0;
	}
	if (a->speech) {
		speech_set_rate(a->speech, a->set.rate);
		speech_set_volume(a->speech, a->set.volume);
		/* the voice: in say(), just before speaking (kiosk/speech.c) */
		if (!a->set.speech)
			speech_stop(a->speech);
	}
	a->settings_gen++; /* a new trace line, and the focused control said again */
	a->dirty = 1;
}

#define FALLBACK_VOICE "en" /* for a language espeak-ng has no voice for */

/* Whether speech can work (espeak-ng starts, an audio device opens) and
 * which languages espeak-ng has a voice for, said once at start-up (one
 * line for each that has none, naming what happens), never when reading
 * aloud is used: the log would then date a client's use of it. */
static void check_speech(App *a)
{
	char err[256];
	if (speech_has_audio(err, sizeof err)) {
		a->speech_tried = 1; /* speech(): not tried again, nor said again */
		fprintf(stderr, "heard-kiosk: %s; reading aloud is off\n", err);
		return;
	}
	for (int i = 0; i < a->cfg.nlangs; i++) {
		if (!speech_has_voice(a->langs[i].code)) { /* 1, 0 (-1: said above) */
			a->no_voice |= 1u << i;
			fprintf(stderr, "heard-kiosk: %s: key 'languages': espeak-ng has no voice for '%s' "
			        "(%s); reading aloud in it uses espeak-ng's English voice\n",
			        a->cfg.source, a->langs[i].code, a->langs[i].name);
		}
	}
}

/* The voice that reads language i. */
static const char *voice_of(const App *a, int i)
{
	return a->no_voice & 1u << i ? FALLBACK_VOICE : a->langs[i].code;
}

/* Say text after what say() began, in language i's own voice; the
 * trace's "spoken" (a->spoken) shows it too. */
static void say_also(App *a, int i, const char *text)
{
	size_t o = strlen(a->spoken), n = strlen(text);
	if (!n || a->said_n == (int)(sizeof a->said_lang / sizeof *a->said_lang) ||
	    o + n + 2 > sizeof a->spoken)
		return;
	snprintf(a->spoken + o, sizeof a->spoken - o, "%s%s", o ? " " : "", text);
	a->said_lang[a->said_n] = i;
	a->said_at[a->said_n++] = o + (o ? 1 : 0);
	if (a->set.speech && speech(a))
		(void)speech_queue(a->speech, voice_of(a, i), text); /* (no voice: check_speech) */
}

/* Say text now, in the language shown, cutting off what was being said.
 * Reading aloud that began on Welcome ends with a line in every other
 * language, saying how to choose it, in that language's voice. */
static void say(App *a, const char *text)
{
	snprintf(a->spoken, sizeof a->spoken, "%s", text);
	a->said_main = strlen(a->spoken);
	a->said_n = 0;
	if (a->set.speech && speech(a)) {
		(void)speech_set_language(a->speech, voice_of(a, a->lang));
		(void)speech_say(a->speech, text);
	}
	if (a->lang_help && a->survey.screen == SCREEN_WELCOME) {
		for (int i = 0; i < a->cfg.nlangs; i++) {
			if (i == a->lang)
				continue;
			char line[512];
			strings_format(line, sizeof line, a->langs[i].text[S_WELCOME_LANG_HELP],
			               (const char *[]){ "name" }, (const char *[]){ a->langs[i].name }, 1);
			say_also(a, i, line);
		}
	}
	a->lang_help = 0;
}

/* Hear it again: everything said last, each part in its own voice. */
static void say_again(App *a)
{
	char main_part[sizeof a->spoken];
	int n = a->said_n, lang[sizeof a->said_lang / sizeof *a->said_lang];
	size_t at[sizeof lang / sizeof *lang];
	char all[sizeof a->spoken];
	memcpy(lang, a->said_lang, sizeof lang);
	memcpy(at, a->said_at, sizeof at);
	snprintf(all, sizeof all, "%s", a->spoken);
	snprintf(main_part, sizeof main_part, "%.*s", (int)a->said_main, all);
	say(a, main_part);
	for (int k = 0; k < n; k++) {
		size_t end = k + 1 < n ? at[k + 1] - 1 : strlen(all);
		char part[sizeof a->spoken];
		snprintf(part, sizeof part, "%.*s", (int)(end - at[k]), all + at[k]);
		say_also(a, lang[k], part);
	}
}

/* A widget on screen now, by id, or NULL. */
static const UiWidget *widget_by_id(const App *a, const char *id)
{
	for (int i = 0; i < a->ui.nwidgets; i++)
		if (!strcmp(a->ui.widgets[i].id, id))
			return &a->ui.widgets[i];
	return NULL;
}

/* The value a stepped setting's button changes ("Text size: 2 of 4"),
 * for the button setting.N.up or setting.N.down, else NULL. */
static const char *step_value(const App *a, const char *id)
{
	char base[UI_ID_MAX];
	const char *dot = strrchr(id, '.');
	if (strncmp(id, "setting.", 8) || !dot || dot == id + 7 ||
	    (strcmp(dot, ".up") && strcmp(dot, ".down")))
		return NULL;
	snprintf(base, sizeof base, "%.*s", (int)(dot - id), id);
	const UiWidget *w = widget_by_id(a, base);
	return w ? w->label : NULL;
}

/* Whether w is one of the review's rows (each a question and its answer). */
static int review_row(const App *a, const UiWidget *w)
{
	return a->survey.screen == SCREEN_REVIEW && !a->survey.confirm_again &&
	       !strncmp(w->id, "change.", 7);
}

/* "Page 2 of 3": the review's page shown, of how many. */
static void review_page(const App *a, char *out, size_t n)
{
	char p[12], np[12];
	snprintf(p, sizeof p, "%d", a->ui.page + 1);
	snprintf(np, sizeof np, "%d", a->ui.pages);
	strings_format(out, n, a->langs[a->lang].text[S_REVIEW_PAGE], (const char *[]){ "page", "pages" },
	               (const char *[]){ p, np }, 2);
}

/* What a screen says when it appears: the answer just chosen (or "Your
 * answers are kept."), every text on it in order (on the review, "Page 2
 * of 3." and every row of the page shown too), the answer already
 * given to a question shown again, the first question's help, then the
 * control with focus, last, so its name never lands mid-sentence ("Mostly,
 * chosen." when it is the chosen one). */
static void screen_speech(App *a, char *out, size_t n, int whole)
{
	const char *parts[2 * UI_MAX_WIDGETS + 8];
	int k = 0;
	if (whole && a->confirm)
		parts[k++] = a->confirm;
	const UiWidget *foc = NULL;
	for (int i = 0; i < a->ui.nwidgets; i++)
		if (a->ui.widgets[i].state == W_FOCUSED)
			foc = &a->ui.widgets[i];
	const char *value = foc ? step_value(a, foc->id) : NULL; /* a step button's setting */
	if (a->announce >= 0) { /* a setting changed: its new value first */
		char id[UI_ID_MAX];
		snprintf(id, sizeof id, "setting.%d", a->announce);
		const UiWidget *w = widget_by_id(a, id);
		if (w && w != foc && value != w->label)
			parts[k++] = w->label;
		a->announce = -1;
	}
	int foc_told = 0, rows = 0;
	char page[64];
	for (int i = 0; i < a->ui.nwidgets; i++) { /* the dialog: its two answers too, in order, */
		const UiWidget *w = &a->ui.widgets[i];  /* the focused one last (what Enter does) */
		int row = review_row(a, w); /* the review's rows: all, in reading order */
		int told = !strcmp(w->role, "text") || (a->survey.confirm_again && w != foc) || row;
		if (!strcmp(w->id, "timeout.countdown") && w->state != W_FOCUSED)
			continue; /* "0:30" is in the sentence; said again at 20 and 10 s */
		if (!whole || !told)
			continue;
		if (row && !rows++ && a->ui.pages > 1) { /* "Page 2 of 3." before its rows */
			review_page(a, page, sizeof page);
			parts[k++] = page;
		}
		parts[k++] = w->label;
		if (row) /* the focused row said again, last: what Enter changes */
			continue;
		if (w == foc)
			foc_told = 1;
		if (value && w->label == value) /* "Text size: 1 of 4" said once */
			value = NULL;
	}
	const Survey *s = &a->survey;
	const Strings *L = &a->langs[a->lang];
	int on_question = whole && s->screen == SCREEN_QUESTION && !s->confirm_again;
	char given[256], help[512], chosen[300], place[96];
	if (on_question && survey_answered(s)) { /* "Your answer: Mostly." */
		int v = s->answers[s->question];
		const char *word = v >= 1 && v <= 5 ? L->text[S_ANSWER_1 + v - 1] : L->text[S_NOT_APPLY];
		strings_format(given, sizeof given, L->text[S_YOUR_ANSWER], (const char *[]){ "answer" },
		               (const char *[]){ word }, 1);
		parts[k++] = given;
	}
	if (on_question && s->question == 0) {
		/* the first question: how to answer, after it (Next when answered) */
		strings_format(help, sizeof help, L->text[S_QUESTION_KEYS_HELP],
		               (const char *[]){ "first", "last", "skip" },
		               (const char *[]){ L->text[S_ANSWER_1], L->text[S_ANSWER_5],
		                                 L->text[survey_answered(s) ? S_NEXT : S_SKIP] }, 3);
		parts[k++] = help;
	}
	if (foc && !foc_told) { /* "Text size: 2 of 4. Bigger text." */
		if (value)
			parts[k++] = value;
		if (foc->selected) {
			strings_format(chosen, sizeof chosen, L->text[S_CHOSEN], (const char *[]){ "name" },
			               (const char *[]){ foc->label }, 1);
			parts[k++] = chosen;
		} else {
			parts[k++] = foc->label;
		}
		/* an answer with focus says its place ("Not at all. Answer 1 of 5."):
		 * alone, after the question, its word could be heard as the answer */
		int v = !strncmp(foc->id, "answer.", 7) ? atoi(foc->id + 7) : 0;
		if (s->screen == SCREEN_QUESTION && v >= 1 && v <= 5) {
			char num[4];
			snprintf(num, sizeof num, "%d", v);
			strings_format(place, sizeof place, L->text[S_ANSWER_PLACE], (const char *[]){ "n" },
			               (const char *[]){ num }, 1);
			parts[k++] = place;
		}
	}
	size_t o = 0;
	out[0] = '\0';
	for (int i = 0; i < k && o + 1 < n; i++) { /* a pause between parts */
		size_t len = strlen(parts[i]);
		int stop = len && strchr(".?!:\xd8\x9f", parts[i][len - 1]) == NULL;
		o += (size_t)snprintf(out + o, n - o, "%s%s%s", i ? " " : "", parts[i], stop ? "." : "");
	}
	a->confirm = NULL;
}

/* ---- the loop ---------------------------------------------------------- */

/* One --trace line for what is on screen now (tests only). */
static void trace_line(App *a, const char *spoken)
{
	if (!a->trace)
		return;
	const Survey *s = &a->survey;
	int q = s->screen == SCREEN_QUESTION;
	TraceLine t = {
		.t_ms = SDL_GetTicks(), .screen = survey_screen_name(s->screen),
		.question = q ? a->qs.q[a->qidx[s->question]].id : NULL,
		.index = q ? s->question + 1 : 0, .of = q ? s->spec.nquestions : 0,
		.lang = a->langs[a->lang].code, .spoken = spoken,
	};
	trace_write(a->trace, &t, &a->ui);
	if (a->ui.clipped)
		fprintf(stderr, "heard-kiosk: text did not fit on the %s screen\n", t.screen);
}

static void apply(App *a, Event ev);

/* ---- timings for make bench (test mode only) ---------------------------- */

static uint64_t mono_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* After a frame is shown: the first one's time (CLOCK_MONOTONIC, to
 * compare with when the process was started) and how long the oldest
 * input it shows waited, from SDL's time stamp on the event. */
static void bench_presented(App *a)
{
	if (!a->bench)
		return;
	if (!a->presented++)
		fprintf(a->bench, "first_present_ns %llu\n", (unsigned long long)mono_ns());
	if (a->oldest_input && !a->script)
		fprintf(a->bench, "latency_ms %u\n", SDL_GetTicks() - a->oldest_input);
	a->oldest_input = 0;
	fflush(a->bench);
}

/* ---- staff ------------------------------------------------------------- */

static int save_period(App *a, char period[16], char *why, size_t n);

static StaffInfo staff_info(App *a, char period[16], char *why, size_t n)
{
	save_period(a, period, why, n); /* where answers go now, and whether the clock is wrong */
	return (StaffInfo){ .db = a->db_path, .period = period,
	                    .stored = store_count(a->store, period), .queued = a->pending.n,
	                    .last_error = a->last_error, .now = time(NULL), .clock_warning = why };
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
	a->staff.mode = STAFF_OFF;
	ui_screen_changed(&a->ui, now);
	apply(a, (Event){ .type = EV_ACTIVITY, .now_ms = now }); /* the client's clock starts again */
	a->traced[0] = '\0';
	a->dirty = 1;
}

/* Press and hold the top-left corner: the PIN pad, once held long enough
 * (run() keeps the time). */
static void staff_gesture(App *a, const Input *in)
{
	int corner = staff_corner(in->x, in->y, ui_px_per_mm(&a->ui));
	if (in->type == IN_PRESS && corner && a->staff.mode == STAFF_OFF) {
		a->hold = 1;
		a->hold_t = in->t_ms;
	} else if (in->type == IN_RELEASE || (in->type == IN_MOTION && !corner)) {
		a->hold = 0;
	}
}

/* Under the systemd unit (tools/deploy/), which starts the kiosk again
 * whenever it stops: a marker in its /run/heard that staff chose to exit,
 * so it stays stopped until the next boot. */
static void staff_exit_marker(void)
{
	const char *dir = getenv("RUNTIME_DIRECTORY");
	char path[1100];
	if (!dir || dir[0] != '/' || strchr(dir, ':'))
		return;
	snprintf(path, sizeof path, "%s/staff-exit", dir);
	int fd = open(path, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		fprintf(stderr, "heard-kiosk: cannot leave %s: %s; the service will start the kiosk "
		        "again\n", path, strerror(errno));
	else
		close(fd);
}

static void staff_input(App *a, const Input *in)
{
	char period[16], why[256];
	int w, h;
	StaffInfo info = staff_info(a, period, why, sizeof why);
	StaffMode before = a->staff.mode;
	SDL_GetRendererOutputSize(a->ren, &w, &h);
	staff_ltr(a, 1);
	ui_begin(&a->ui, in, w, h, 0);
	StaffAction act = staff_screen(&a->ui, &a->staff, a->cfg.staff_pin, &info, in->t_ms);
	ui_end(&a->ui);
	staff_ltr(a, 0);
	if (act == STAFF_EXIT) {
		a->running = 0;
		staff_exit_marker();
	} else if (act == STAFF_RESUME)
		staff_close(a, in->t_ms);
	else if (a->staff.mode != before)
		ui_screen_changed(&a->ui, in->t_ms);
	if (a->ui.changed || a->staff.mode != before)
		a->dirty = 1;
}

static void render(App *a)
{
	int w, h;
	SDL_GetRendererOutputSize(a->ren, &w, &h);
	ui_begin(&a->ui, NULL, w, h, 1);
	draw_begin(a->draw);
	if (a->staff.mode != STAFF_OFF) {
		char period[16], why[256];
		StaffInfo info = staff_info(a, period, why, sizeof why);
		staff_ltr(a, 1);
		staff_screen(&a->ui, &a->staff, a->cfg.staff_pin, &info, SDL_GetTicks());
		ui_end(&a->ui);
		draw_end(a->draw);
		bench_presented(a);
		a->dirty = 0;
		if (a->trace) /* never spoken; traced (test mode) as "admin" */
			trace_write(a->trace, &(TraceLine){ .t_ms = SDL_GetTicks(), .screen = "admin",
			                                    .lang = "en" }, &a->ui);
		staff_ltr(a, 0); /* after the trace: it reads the widgets as laid out */
		return;
	}
	screens_run(&a->ui, &a->survey, &a->content);
	ui_end(&a->ui);
	draw_end(a->draw);
	bench_presented(a);
	a->dirty = 0;

	const Survey *s = &a->survey;
	char key[sizeof a->traced], screen_key[128];
	/* "Delete your answers and start again?" counts as a screen of its own */
	snprintf(screen_key, sizeof screen_key, "%d|%d|%d|%d|%d|%d|%d", s->screen, s->question,
	         a->ui.page, a->lang, w, h, s->confirm_again);
	snprintf(key, sizeof key, "%s|%d|%d", screen_key, a->ui.focus, a->settings_gen);
	int count = s->screen == SCREEN_TIMEOUT ? a->content.timeout_left : -1;
	if (!strcmp(key, a->traced) && count != a->traced_count) {
		/* only the timeout's countdown moved: traced; said at 20 and 10 s */
		char text[256] = "";
		a->traced_count = count;
		if (count == 20 || count == 10) {
			strings_format_n(text, sizeof text, &a->langs[a->lang], S_TIMEOUT_DELETED, count);
		}
		if (a->set.speech && text[0])
			say(a, text);
		trace_line(a, a->set.speech && text[0] ? text : NULL);
	} else if (strcmp(key, a->traced)) {
		a->traced_count = count;
		/* the screen (or only the focus) changed: say it, and trace it */
		char text[sizeof a->spoken]; /* (the review: every row of a page too) */
		int whole = strncmp(a->traced, screen_key, strlen(screen_key)) != 0;
		snprintf(a->traced, sizeof a->traced, "%s", key);
		screen_speech(a, text, sizeof text, whole);
		if (a->set.speech && text[0])
			say(a, text);
		trace_line(a, a->set.speech && text[0] ? a->spoken : NULL); /* with say_also()'s parts */
	}
}

static void set_language(App *a, int i)
{
	if (i == a->lang || i < 0 || i >= a->cfg.nlangs)
		return;
	a->lang = i;
	a->content.str = &a->langs[i];
	a->content.lang = i;
	config_services_in(&a->cfg, a->langs[i].code, a->services); /* its own, or the default */
	a->content.services = a->services;
	a->content.help_line = config_help_line_in(&a->cfg, a->langs[i].code);
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
	if (a->cfg.period != PERIOD_MONTH)
		return -1;
	struct tm tm;
	localtime_r(&t, &tm);
	tm.tm_mday = 1; /* the first of this month, minus one month */
	tm.tm_mon -= 1;
	tm.tm_isdst = -1;
	store_period(last, mktime(&tm), PERIOD_MONTH);
	Tally *tl = calloc(1, sizeof *tl);
	const char *periods[] = { last };
	if (!tl || tally_init(tl, &a->qs, (int)a->cfg.threshold, periods, 1) ||
	    /* last month has ended here; store_period_closed() waits until it
	     * has ended everywhere (for copies made in another time zone),
	     * which a kiosk east of UTC reaches up to 26 hours later */
	    store_each_count(a->store, last, last, 1, tally_add, tl, t + 2 * 86400, err, sizeof err)) {
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
		save_period(a, period, NULL, 0); /* at start and each new month: remember it */
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

/* ---- saving ------------------------------------------------------------ */

#define RETRY_MS 10000u

/* The database file was removed or replaced while open: SQLite would go on
 * writing to the removed file, so open (create) the one at the path. */
static int reopen_if_gone(App *a, char *err, size_t errlen)
{
	if (store_still_there(a->store))
		return 0;
	struct stat now, then;
	if (a->dir_fd >= 0 && (stat(a->db_dir, &now) != 0 || fstat(a->dir_fd, &then) != 0 ||
	                     now.st_dev != then.st_dev || now.st_ino != then.st_ino)) {
		/* the sandbox lets it write the folder it started with, not a new one */
		snprintf(err, errlen, "%.500s: the database's folder was removed or replaced while the "
		         "kiosk ran; answers wait here until heard-kiosk is restarted", a->db_dir);
		return -1;
	}
	Store *st = store_open(a->db_path, 1, err, errlen);
	if (!st)
		return -1; /* never save into the removed file */
	if (store_set_kiosk(st, a->cfg.name, err, errlen) < 0) {
		store_close(st);
		return -1;
	}
	fprintf(stderr, "heard-kiosk: %s was removed or replaced while open; started it again\n",
	        a->db_path);
	store_close(a->store);
	a->store = st;
	return 0;
}

/* The log says once that saving failed, and once that it works again:
 * never a line per response (a line's time is a submission's time). */
static void save_failed(App *a, const char *err)
{
	snprintf(a->last_error, sizeof a->last_error, "%s", err);
	if (a->failing)
		return;
	a->failing = 1;
	a->saved_late = 0;
	fprintf(stderr, "heard-kiosk: %s; responses wait to be saved and are tried again every "
	        "%u s\n", err, RETRY_MS / 1000);
}

static void save_works(App *a)
{
	if (a->failing && !a->pending.n) {
		fprintf(stderr, "heard-kiosk: saving works again; %d waiting responses saved\n",
		        a->saved_late);
		a->failing = a->saved_late = a->told_full = a->told_rec = 0;
	}
}

/* The recovery file, equal to what waits; a problem with it said once. */
static void keep_on_disk(App *a)
{
	char err[768];
	if (pending_write(&a->pending, a->recovery, err, sizeof err) && !a->told_rec++)
		fprintf(stderr, "heard-kiosk: %s\n", err);
}

/* The period answers are saved into now, by the clock; 1 while the clock
 * is implausible (before this program was built, years after it, or
 * before the newest period the database has seen: answers stored, or the
 * clock there before, store_newest_seen(); a Raspberry Pi without network
 * time starts in the past, at a saved time that may lie in a period
 * already over).  Then nothing is saved: a response filed under a closed
 * period would change a report already read and a copy already taken,
 * and tell one client's answers apart; it waits (in memory and the
 * recovery file) until the clock is right.  A plausible period not yet
 * remembered is remembered (store_see_period()).  why (may be NULL) gets
 * the staff screen's warning, "" when the clock is plausible. */
static int save_period(App *a, char period[16], char *why, size_t n)
{
	char newest[16], err[768];
	time_t t = time(NULL);
	store_period(period, t, a->cfg.period);
	store_newest_seen(a->store, newest);
	if (why)
		why[0] = '\0';
	int wrong = staff_clock_wrong(t, staff_build_time(), period, newest, why, n);
	/* a failure here is not said: the save that follows says it */
	if (!wrong && *period && strcmp(period, a->seen_period) &&
	    store_see_period(a->store, period, err, sizeof err) >= 0)
		snprintf(a->seen_period, sizeof a->seen_period, "%s", period);
	return wrong;
}

/* The database remembers the period the clock is in as soon as it
 * begins, not at the next input (an idle kiosk would otherwise leave a
 * new month unremembered until a client touched it, and that write
 * would date the touch): looked at on the hour and just after each
 * month's first second (local time), the loop's timer.  Returns when
 * to look next. */
static uint32_t remember_period(App *a, uint32_t now_ms)
{
	char period[16];
	if (a->store)
		save_period(a, period, NULL, 0);
	time_t t = time(NULL);
	struct tm tm;
	localtime_r(&t, &tm);
	tm.tm_mon += 1, tm.tm_mday = 1, tm.tm_hour = tm.tm_min = tm.tm_sec = 0, tm.tm_isdst = -1;
	double left = difftime(mktime(&tm), t) + 1;
	uint32_t ms = left > 0 && left < 3600 ? (uint32_t)(left * 1000) : 3600u * 1000u;
	uint32_t at = now_ms + ms;
	return at ? at : 1;
}

/* Save what is waiting, into the period open now; keep the recovery file
 * equal to what still waits. */
static void retry_pending(App *a, uint32_t now)
{
	char err[768], period[16];
	if (!a->pending.n)
		return;
	int before = a->pending.n;
	if (save_period(a, period, NULL, 0)) { /* the clock is wrong: they wait */
		a->retry_at = (now + RETRY_MS) | 1;
		return;
	}
	if (reopen_if_gone(a, err, sizeof err) ||
	    pending_flush(&a->pending, a->store, period, err, sizeof err) > 0) {
		save_failed(a, err);
		a->retry_at = (now + RETRY_MS) | 1;
	} else {
		a->retry_at = 0;
	}
	if (a->pending.n != before) {
		a->saved_late += before - a->pending.n;
		keep_on_disk(a);
	}
	save_works(a);
}

/* Store the finished response; the survey shows Thanks only after this.
 * When the database cannot take it, it is kept and retried (the client
 * is told it will be saved); only when that queue is full is the client
 * told it was not saved.  Nothing logged names an answer. */
static EventType submit(App *a, uint32_t now)
{
	const Survey *s = &a->survey;
	char period[16], err[768];
	int clock_wrong = save_period(a, period, NULL, 0); /* then it waits, unsaved */
	if (clock_wrong) /* a waiting response is saved into the period open when it is saved; */
		store_period(period, staff_build_time(), a->cfg.period); /* the build's is never in a
		                                   * right clock's future, so a restart reads it back */
	StoreResponse r = {
		.kiosk = a->cfg.name, .period = period, .qset = a->qs.version,
		.service = s->service >= 0 ? a->cfg.services[s->service] : "",
		.n = s->spec.nquestions,
	};
	for (int i = 0; i < r.n; i++) {
		r.a[i].question = a->qs.q[a->qidx[i]].id;
		r.a[i].value = s->answers[i] == ANSWER_NONE ? ANSWER_SKIPPED : s->answers[i];
	}
	retry_pending(a, now);
	if (!a->pending.n && !clock_wrong) {
		uint64_t t0 = mono_ns();
		if (reopen_if_gone(a, err, sizeof err) == 0 &&
		    store_save(a->store, &r, err, sizeof err) == 0) {
			if (a->bench) /* Send to durable commit */
				fprintf(a->bench, "commit_us %llu\n", (unsigned long long)(mono_ns() - t0) / 1000);
			save_works(a);
			return EV_SAVED;
		}
		save_failed(a, err);
	}
	if (pending_add(&a->pending, &r) == 0) {
		if (!a->retry_at)
			a->retry_at = (now + RETRY_MS) | 1;
		keep_on_disk(a); /* on disk too, where it can be, in case the power goes */
		return EV_KEPT;
	}
	if (!a->told_full++)
		fprintf(stderr, "heard-kiosk: %d responses are waiting, as many as can; until saving "
		        "works again, clients are told their answers were not saved\n", a->pending.n);
	return EV_SAVE_FAILED;
}

/* The folder a file is in: "." for a bare name. */
static void folder_of(const char *path, char dir[1024])
{
	snprintf(dir, 1024, "%s", path);
	char *slash = strrchr(dir, '/');
	if (!slash)
		snprintf(dir, 1024, ".");
	else if (slash == dir)
		dir[1] = '\0';
	else
		*slash = '\0';
}

/* Refuse to start, in one line naming path and the command that fixes
 * it, unless sb (of path) is this user's own and private. */
static void must_be_own(const char *path, const struct stat *sb, unsigned want)
{
	char err[1400];
	if (util_own_private(path, sb, want, err, sizeof err))
		die(2, "%s", err);
}

/* Before anything is opened: the database's folder is the kiosk's own
 * (this user's, mode 0700: made so when it is missing and its parent is
 * there), and the database, its -wal and -shm and the recovery file are,
 * where they exist, this user's own regular files, private to it, and no
 * symbolic link.  Anything else is a reason not to start, said in one
 * line with the fix: the kiosk never changes a mode or owner itself. */
static void own_folder(const char *db)
{
	char dir[1024], path[1100];
	folder_of(db, dir);
	struct stat sb;
	if (stat(dir, &sb) != 0) { /* only the last folder: a mistyped path makes nothing */
		if (errno != ENOENT || mkdir(dir, 0700) != 0)
			die(2, "%s: cannot make its folder %s: %s", db, dir, strerror(errno));
		return;
	}
	must_be_own(dir, &sb, 0700);
	static const char *const side[] = { "", "-wal", "-shm", ".recovery" };
	for (size_t i = 0; i < sizeof side / sizeof *side; i++) {
		snprintf(path, sizeof path, "%s%s", db, side[i]);
		if (lstat(path, &sb) != 0) {
			if (errno != ENOENT)
				die(2, "%s: cannot check it: %s", path, strerror(errno));
			continue;
		}
		must_be_own(path, &sb, 0600);
	}
}

/* Open the database; one that is damaged is moved aside, never deleted
 * and never over another file, and a new one begun.  Anything else wrong
 * is a reason not to start. */
static Store *open_store(const char *path, const char *name)
{
	static const char *const side[] = { "-wal", "-shm" }; /* they go with it */
	char err[768], aside[1100];
	/* checked before opening: opening for writing would fold a -wal into
	 * the damaged file and remove it, changing what is moved aside */
	if (store_damaged(path)) {
		if (pending_move_aside(path, "damaged", side, 2, aside, sizeof aside))
			die(2, "%s: damaged (PRAGMA quick_check failed); and %s", path, aside);
		fprintf(stderr, "heard-kiosk: %s: damaged (PRAGMA quick_check failed); moved it to %s "
		        "(kept, not deleted) and started a new database\n", path, aside);
	}
	Store *st = store_open(path, 1, err, sizeof err);
	if (!st)
		die(2, "%s", err);
	int copied = store_set_kiosk(st, name, err, sizeof err);
	if (copied < 0)
		die(2, "%s", err);
	if (copied) /* a copy made on another kiosk: counted apart from its twin */
		fprintf(stderr, "heard-kiosk: %s: database was copied from another kiosk; it now has a "
		        "new id\n", path);
	return st;
}

/* At start: the answers a previous run could not save. */
static void import_recovery(App *a)
{
	char err[768], aside[1100];
	snprintf(a->recovery, sizeof a->recovery, "%s.recovery", a->db_path);
	/* "in the future" by the later of the clock and the build: a response
	 * kept while the clock was before the build carries the build's period
	 * (submit()), and a restart with the clock still wrong must keep it */
	time_t now = time(NULL), built = staff_build_time();
	PendingRules rules = { .kiosk = a->cfg.name, .nservices = a->cfg.nservices,
	                       .nq = a->survey.spec.nquestions, .now = now > built ? now : built };
	for (int i = 0; i < rules.nservices; i++)
		rules.service[i] = a->cfg.services[i];
	for (int i = 0; i < rules.nq; i++) {
		rules.qid[i] = a->qs.q[a->qidx[i]].id;
		rules.has_na[i] = a->qs.q[a->qidx[i]].has_na;
	}
	int n = pending_read(&a->pending, a->recovery, &rules, err, sizeof err);
	if (n == -2) { /* not one this kiosk wrote: none of it is saved */
		if (pending_move_aside(a->recovery, "bad", NULL, 0, aside, sizeof aside))
			fprintf(stderr, "heard-kiosk: %s; nothing in it was saved; and %s\n", err, aside);
		else
			fprintf(stderr, "heard-kiosk: %s; nothing in it was saved; moved it to %s\n", err,
			        aside);
		return;
	}
	if (n < 0) {
		fprintf(stderr, "heard-kiosk: %s; left as it is\n", err);
		return;
	}
	if (n == 0)
		return;
	if (pending_saved_already(&a->pending, a->store)) {
		/* saved, with the mark, by a run stopped (a power cut) before it
		 * could remove the file: never saved twice */
		memset(a->pending.item, 0, sizeof a->pending.item);
		a->pending.n = 0;
		if (pending_write(&a->pending, a->recovery, err, sizeof err))
			fprintf(stderr, "heard-kiosk: %s\n", err);
		fprintf(stderr, "heard-kiosk: %s: its %d responses were saved before the kiosk stopped; "
		        "removed it\n", a->recovery, n);
		return;
	}
	fprintf(stderr, "heard-kiosk: %d responses found in %s\n", n, a->recovery);
	a->retry_at = 1;
	retry_pending(a, SDL_GetTicks());
}

/* On exit: what is still waiting goes to the recovery file.  -1 when
 * it could not (they are lost: the exit status says so). */
static int keep_recovery(App *a)
{
	char err[768];
	if (!a->pending.n || a->kept)
		return 0;
	a->kept = 1;
	if (pending_write(&a->pending, a->recovery, err, sizeof err) == 0) {
		fprintf(stderr, "heard-kiosk: %d unsaved responses kept in %s for the next start\n",
		        a->pending.n, a->recovery);
		return 0;
	}
	fprintf(stderr, "heard-kiosk: %s; %d unsaved responses are lost\n", err, a->pending.n);
	return -1;
}

/* exit() from anywhere (Xlib's when the display goes first, die()):
 * answers still waiting go to the recovery file all the same. */
static App *the_app;
static void keep_recovery_at_exit(void)
{
	if (the_app)
		keep_recovery(the_app);
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
	int v = a->survey.answers[a->survey.question], w, h;
	char id[UI_ID_MAX];
	if (!a->ui.keyboard || !a->ren)
		return;
	snprintf(id, sizeof id, v == ANSWER_NOT_APPLICABLE ? "not_apply" : "answer.%d", v);
	ui_keep_focus(&a->ui, id);
	SDL_GetRendererOutputSize(a->ren, &w, &h);
	ui_begin(&a->ui, NULL, w, h, 0); /* a pass to find it */
	screens_run(&a->ui, &a->survey, &a->content);
	ui_end(&a->ui);
	if (a->ui.refocus[0]) { /* not on this page: the first control, as on any screen */
		a->ui.refocus[0] = '\0';
		a->ui.focus = 0;
	}
}

static void apply(App *a, Event ev)
{
	Survey *s = &a->survey;
	Screen before = s->screen;
	int q = s->question, page = a->ui.page;
	if (ev.type == EV_LANGUAGE)
		set_language(a, ev.arg);
	if (ev.type == EV_SPEECH && a->set.speech) { /* Repeat and Stop, keys or buttons */
		if (ev.arg == 0)
			say_again(a);
		else if (a->speech)
			speech_stop(a->speech);
		trace_line(a, ev.arg == 0 ? a->spoken : "");
	}
	a->content.changed_setting = -1;
	if (ev.type == EV_SETTING && SETTING_ARG_OK(ev.arg)) {
		SettingId id = SETTING_ARG_ID(ev.arg);
		a->content.changed_setting = id == SET_RESET ? -1 : (int)id;
		int dir = SETTING_ARG_DIR(ev.arg);
		if (id == SET_RESET) /* "Undo all changes": the language too */
			set_language(a, a->lang_before_access);
		settings_step(&a->set, id, dir);
		apply_settings(a);
		a->announce = id == SET_RESET ? -1 : (int)id; /* "Text size: 3 of 4" */
		if (settings_stepped(id) && dir) { /* at an end its button is disabled: */
			int step, count;         /* focus to the other way */
			char other[UI_ID_MAX];
			settings_range(&a->set, id, &step, &count);
			snprintf(other, sizeof other, "setting.%d.%s", id, dir > 0 ? "down" : "up");
			if (a->ui.keyboard && (dir > 0 ? step + 1 >= count : step == 0))
				ui_keep_focus(&a->ui, other);
		}
		if (id == SET_SPEECH && a->set.speech)
			a->traced[0] = '\0'; /* turned on by touch: read the whole screen now */
	}
	int given = s->screen == SCREEN_QUESTION ? s->answers[s->question] : ANSWER_NONE;
	if (ev.type == EV_NEXT && survey_answered(s)) /* the answer kept is said */
		ev = (Event){ .type = EV_NEXT, .arg = given, .now_ms = ev.now_ms };
	if ((ev.type == EV_ANSWER || ev.type == EV_NEXT) && s->screen == SCREEN_QUESTION &&
	    !s->confirm_again)
		a->confirm = ev.arg >= 1 && ev.arg <= 5 ? a->langs[a->lang].text[S_ANSWER_1 + ev.arg - 1]
		           : ev.arg == ANSWER_SKIPPED ? a->langs[a->lang].text[S_REVIEW_SKIPPED]
		           : a->langs[a->lang].text[S_REVIEW_NOT_APPLY];
	int asking = s->confirm_again, discarding = s->confirm_discard;
	Action act = survey_handle(s, ev);
	if (ev.type == EV_CLEAR && s->screen == SCREEN_QUESTION && given != s->answers[s->question]) {
		a->confirm = a->langs[a->lang].text[S_CLEARED]; /* said, then the question again */
		a->traced[0] = '\0';
		a->dirty = 1;
	}
	if (s->confirm_again != asking && s->screen == before && s->question == q) {
		/* "Delete your answers and start again?" shown or closed: a new
		 * screen for focus, scanning and speech; the page kept; No
		 * returns focus to Start again */
		a->last_scan = ev.now_ms;
		a->scan_from_shown = 1;
		if (s->confirm_again)
			a->page_before_again = page;
		ui_screen_changed(&a->ui, ev.now_ms);
		if (!s->confirm_again) { /* No: said first, then the screen */
			a->ui.page = a->page_before_again;
			ui_keep_focus(&a->ui, discarding ? "discard" : "start_again");
			a->confirm = a->langs[a->lang].text[S_AGAIN_KEPT];
		}
		a->dirty = 1;
	}
	if (act == ACT_SUBMIT)
		survey_handle(s, (Event){ .type = submit(a, ev.now_ms), .now_ms = ev.now_ms });
	if (s->screen != before || s->question != q || (act == ACT_RESET && s->screen == SCREEN_WELCOME)) {
		a->last_scan = ev.now_ms; /* scanning starts afresh on each screen, */
		a->scan_from_shown = 1;   /* counted again from when it is shown */
		if (s->screen == SCREEN_WELCOME && ev.type != EV_ACCESS_DONE) { /* session over */
			a->change_id[0] = '\0';
			ui_reset(&a->ui); /* the next person starts fresh */
			set_language(a, a->home_lang);
			settings_default(&a->set);
			apply_settings(a);
		}
		ui_screen_changed(&a->ui, ev.now_ms);
		if (ev.type == EV_ACCESS && s->screen == SCREEN_ACCESS) {
			a->lang_before_access = a->lang;
			a->page_before_access = page;
		}
		if (ev.type == EV_CHANGE && before == SCREEN_REVIEW) { /* back on this page after */
			a->page_before_change = page;
			snprintf(a->change_id, sizeof a->change_id, "%s", a->ui.last_fired);
		} else if (s->screen == SCREEN_REVIEW && a->change_id[0]) { /* changed: the row in view */
			a->ui.page = a->page_before_change;
			ui_keep_focus(&a->ui, a->change_id);
			a->change_id[0] = '\0';
		}
		if (s->screen == SCREEN_TIMEOUT) /* Yes, more time: back on the same page */
			a->page_before_timeout = page;
		if (ev.type == EV_MORE_TIME && before == SCREEN_TIMEOUT)
			a->ui.page = a->page_before_timeout;
		if (ev.type == EV_ACCESS_DONE && s->screen != SCREEN_WELCOME) { /* back where they were */
			a->ui.page = a->page_before_access;
			ui_keep_focus(&a->ui, "bar.access");
		} else if (s->screen == SCREEN_QUESTION && survey_answered(s)) {
			focus_chosen(a); /* a question answered before: focus on its answer */
		}
		a->dirty = 1;
	}
	if (s->screen == SCREEN_WELCOME) /* in the language now shown (a no-op unless the */
		update_last_month(a);       /* month or the language changed) */
	countdown(a, ev.now_ms);
}

static void handle(App *a, const Input *in)
{
	if (in->type == IN_QUIT) { /* SIGTERM or SIGINT: the service is being stopped */
		a->running = 0;
		return;
	}
	if (in->type == IN_CLOSE) { /* a window manager's close (Alt+F4): not in kiosk mode */
		if (a->windowed)
			a->running = 0;
		return;
	}
	if (in->type == IN_REDRAW) {
		a->dirty = 1;
		if (a->draw)
			draw_invalidate(a->draw);
		return;
	}
	staff_gesture(a, in);
	if (a->staff.mode != STAFF_OFF) {
		staff_input(a, in);
		return;
	}
	if (in->type == IN_REPEAT || in->type == IN_STOP) {
		apply(a, (Event){ .type = EV_SPEECH, .arg = in->type == IN_STOP, .now_ms = in->t_ms });
		return;
	}
	int first_key = !a->ui.keyboard && in->type != IN_PRESS && in->type != IN_RELEASE &&
	                in->type != IN_MOTION;
	if (first_key && a->survey.screen == SCREEN_WELCOME && !a->set.speech) {
		/* a key on Welcome: someone may not see the screen; talk */
		a->set.speech = 1;
		a->survey.access = true; /* and accessibility mode's longer waits, until the reset */
		apply_settings(a);
		a->confirm = a->langs[a->lang].text[S_ACCESS_KEYS];
		a->lang_help = 1;       /* and end with how to choose each language */
		a->traced[0] = '\0'; /* say the whole screen after the keys */
	}
	int w, h;
	SDL_GetRendererOutputSize(a->ren, &w, &h);
	ui_begin(&a->ui, in, w, h, 0);
	Event ev = screens_run(&a->ui, &a->survey, &a->content);
	ui_end(&a->ui);
	ev.now_ms = in->t_ms;
	apply(a, ev);
	if (a->ui.changed)
		a->dirty = 1;
}

/* One switch: focus moves on by itself; the switch chooses.  A step is
 * not the client's activity, so it never postpones the timeout. */
static void scan_step(App *a, uint32_t now)
{
	a->last_scan = now;
	if (a->survey.screen == SCREEN_SENDING)
		return;
	int w, h;
	SDL_GetRendererOutputSize(a->ren, &w, &h);
	Input next = { .type = IN_NEXT, .x = -1, .y = -1, .t_ms = now };
	ui_begin(&a->ui, &next, w, h, 0);
	screens_run(&a->ui, &a->survey, &a->content);
	ui_end(&a->ui);
	a->dirty = 1;
}

/* ---- --script (tests only) --------------------------------------------- */

/* The middle of control id on screen now, into *x, *y; 0 if not there. */
static int find_widget(const App *a, const char *id, int *x, int *y)
{
	for (int i = 0; i < a->ui.nwidgets; i++)
		if (!strcmp(a->ui.widgets[i].id, id) && !strcmp(a->ui.widgets[i].role, "button")) {
			Rect r = a->ui.widgets[i].r;
			*x = r.x + r.w / 2;
			*y = r.y + r.h / 2;
			return 1;
		}
	return 0;
}

/* A press at *t and its release 50 ms later, at x, y. */
static void tap_at(App *a, int x, int y, uint32_t *t)
{
	Input in = { .type = IN_PRESS, .x = x, .y = y, .t_ms = *t };
	handle(a, &in);
	in.type = IN_RELEASE;
	in.t_ms = *t += 50;
	handle(a, &in);
}

/* One scripted input at the script's own clock t (each command is 600 ms
 * after the last, so no press rule holds a script back):
 *   tap ID      press and release the middle of control ID (one behind
 *               the question's "Skip, Back and more" tile, or on another page of
 *               the answers to check or of the settings, is reached by
 *               turning pages; Start on Welcome's first view of two shows
 *               the promise, and its own Start is tapped too, as a person
 *               goes on after reading it)
 *   tapxy X Y   press and release at X, Y
 *   key K       next, prev, select, back, repeat, stop, or a digit 1-9
 *   idle MS     nothing happens for MS milliseconds (timeouts run)
 *   quit        stop, as SIGTERM would
 *   probe PATH  try to read PATH and to write in it (a folder) or to it
 *               (a file); say on stderr what the sandbox allowed
 *   probe-net PORT       try TCP, UDP, IPv6, netlink and Unix sockets (to
 *                        127.0.0.1:PORT, ::1); say which were refused
 *   probe-file PATH      try to truncate PATH and to rename it (to
 *                        PATH-renamed); say which were refused
 * A control that is not on screen is reported on stderr and skipped. */
static void script_command(App *a, char *line, uint32_t *t)
{
	char cmd[16] = "", arg[64] = "";
	int x = -1, y = -1;
	if (sscanf(line, "%15s %63s %d", cmd, arg, &y) < 1)
		return;
	*t += 600;
	Input in = { .type = IN_NONE, .x = -1, .y = -1, .t_ms = *t };
	if (!strcmp(cmd, "tap") || !strcmp(cmd, "tapxy")) {
		if (!strcmp(cmd, "tapxy")) {
			x = atoi(arg);
		} else if (!find_widget(a, arg, &x, &y)) {
			/* behind the question's "Skip, Back and more" tile, or on another page
			 * of the answers to check: turn pages as a person would */
			for (int turn = 0; turn < 12 && x < 0; turn++) {
				int px, py;
				if (!find_widget(a, "question.more", &px, &py) &&
				    !find_widget(a, "review.more", &px, &py) &&
				    !find_widget(a, "access.more", &px, &py))
					break;
				tap_at(a, px, py, t);
				render(a);
				*t += 600;
				find_widget(a, arg, &x, &y);
			}
			if (x < 0) {
				fprintf(stderr, "heard-kiosk: script: no %s on this screen\n", arg);
				return;
			}
		}
		tap_at(a, x, y, t);
		if (!strcmp(arg, "start") && a->survey.screen == SCREEN_WELCOME) {
			render(a); /* the promise's view, when Welcome has two */
			*t += 600;
			if (a->survey.screen == SCREEN_WELCOME && a->ui.page == 1 &&
			    find_widget(a, "start", &x, &y))
				tap_at(a, x, y, t);
		}
	} else if (!strcmp(cmd, "key")) {
		static const struct { const char *name; InputType type; } keys[] = {
			{ "next", IN_NEXT }, { "prev", IN_PREV }, { "select", IN_SELECT },
			{ "back", IN_BACK }, { "repeat", IN_REPEAT }, { "stop", IN_STOP },
		};
		for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
			if (!strcmp(arg, keys[i].name))
				in.type = keys[i].type;
		if (arg[0] >= '1' && arg[0] <= '9' && !arg[1]) {
			in.type = IN_DIGIT;
			in.digit = arg[0] - '0';
		}
		if (in.type != IN_NONE)
			handle(a, &in);
	} else if (!strcmp(cmd, "idle")) {
		*t += (uint32_t)strtoul(arg, NULL, 10);
		apply(a, (Event){ .type = EV_TICK, .now_ms = *t });
	} else if (!strcmp(cmd, "quit")) {
		a->running = 0;
	} else if (!strcmp(cmd, "probe")) {
		sandbox_probe(arg);
	} else if (!strcmp(cmd, "probe-net")) {
		sandbox_probe_net(arg);
	} else if (!strcmp(cmd, "probe-file")) {
		sandbox_probe_file(arg);
	}
}

static void run_script(App *a)
{
	char line[256];
	uint32_t t = SDL_GetTicks();
	a->running = 1;
	render(a);
	while (a->running && fgets(line, sizeof line, a->script)) {
		SDL_Event e;
		while (SDL_PollEvent(&e))
			if (e.type == SDL_QUIT)
				a->running = 0;
		script_command(a, line, &t);
		if (a->dirty && a->running)
			render(a);
	}
}

static void run(App *a)
{
	if (a->script) {
		check_speech(a);
		run_script(a);
		return;
	}
	a->running = 1;
	render(a);
	/* espeak-ng and SDL's audio start threads (after enter_sandbox) and
	 * finding no sound card can take a tenth of a second: Welcome first */
	check_speech(a);
	/* Full screen under a window manager too; asked for once Welcome is
	 * showing, since with no window manager SDL waits some 100 ms for an
	 * answer that never comes (the borderless window already covers the
	 * display, and cage makes every window full screen) */
	if (!a->windowed)
		SDL_SetWindowFullscreen(a->win, SDL_WINDOW_FULLSCREEN_DESKTOP);
	while (a->running) {
		uint32_t now = SDL_GetTicks(), due = a->staff.mode != STAFF_OFF
		                                     ? a->staff.since + STAFF_IDLE_MS
		                                     : survey_deadline(&a->survey);
		if (a->retry_at && (!due || (int32_t)(a->retry_at - due) < 0))
			due = a->retry_at;
		if (!a->period_at)
			a->period_at = remember_period(a, now);
		if (!due || (int32_t)(a->period_at - due) < 0)
			due = a->period_at;
		uint32_t tick = a->staff.mode == STAFF_OFF ? countdown_due(a) : 0; /* once a second */
		if (tick && (!due || (int32_t)(tick - due) < 0))
			due = tick;
		if (a->hold && (!due || (int32_t)(a->hold_t + STAFF_HOLD_MS - due) < 0))
			due = a->hold_t + STAFF_HOLD_MS;
		if (a->set.input == INPUT_ONE_SWITCH && a->staff.mode == STAFF_OFF) { /* the next scanning step */
			uint32_t step = a->last_scan + (uint32_t)settings_scan_ms[a->set.scan];
			if (!due || (int32_t)(step - due) < 0)
				due = step ? step : 1;
		}
		SDL_Event e;
		/* (int32_t) differences stay right when the 32-bit clock wraps */
		int32_t left = (int32_t)(due - now);
		int got = due ? SDL_WaitEventTimeout(&e, left > 0 ? left : 0) : SDL_WaitEvent(&e);
		while (got) {
			Input in;
			if (input_translate(&e, a->ui.w, a->ui.h, a->set.input, &in)) {
				if (a->bench && !a->oldest_input && in.type != IN_REDRAW)
					a->oldest_input = in.t_ms ? in.t_ms : 1;
				handle(a, &in);
			}
			got = SDL_PollEvent(&e);
		}
		now = SDL_GetTicks();
		if (a->hold && (int32_t)(now - a->hold_t) >= (int32_t)STAFF_HOLD_MS) {
			a->hold = 0; /* held long enough: the PIN pad */
			staff_open(&a->staff, now);
			ui_screen_changed(&a->ui, now);
			if (a->speech)
				speech_stop(a->speech);
			a->dirty = 1;
		}
		if ((int32_t)(now - a->period_at) >= 0)
			a->period_at = remember_period(a, now);
		if (a->retry_at && (int32_t)(now - a->retry_at) >= 0) {
			retry_pending(a, now);
			if (a->staff.mode != STAFF_OFF)
				a->dirty = 1; /* the staff screen shows the queue */
		}
		if (a->staff.mode != STAFF_OFF) {
			if (staff_idle(&a->staff, now))
				staff_close(a, now);
		} else {
			due = survey_deadline(&a->survey);
			if (due && (int32_t)(now - due) >= 0)
				apply(a, (Event){ .type = EV_TICK, .now_ms = now });
			countdown(a, now);
		}
		if (a->set.input == INPUT_ONE_SWITCH && a->staff.mode == STAFF_OFF &&
		    (int32_t)(now - a->last_scan) >= settings_scan_ms[a->set.scan])
			scan_step(a, now);
		if (a->dirty && a->running) {
			render(a);
			uint32_t shown = SDL_GetTicks();
			ui_shown(&a->ui, shown); /* settle_ms from when it is seen */
			if (a->scan_from_shown) /* a slow frame never shortens the first step */
				a->last_scan = shown;
			a->scan_from_shown = 0;
		} else {
			a->oldest_input = 0; /* inputs that changed nothing on screen */
		}
	}
}

static int in_test_mode(const App *a)
{
	const char *t = getenv("HEARD_TEST");
	return a->cfg.test_mode || (t && !strcmp(t, "1"));
}

/* --trace, --script and HEARD_BENCH show or drive answers: tests only. */
static void need_test_mode(const App *a, const char *what)
{
	if (!in_test_mode(a))
		die(2, "%s is refused outside test mode (set test_mode = yes in [test], or HEARD_TEST=1)",
		    what);
}

/* A file for writing that only this user can read. */
static FILE *private_file(const char *path, int flags, const char *mode, const char *what)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | flags, 0600);
	if (fd >= 0 && fchmod(fd, 0600) != 0) { /* a file already there keeps its mode */
		close(fd);
		fd = -1;
	}
	FILE *f = fd >= 0 ? fdopen(fd, mode) : NULL;
	if (!f)
		die(2, "%s: cannot write %s: %s", path, what, strerror(errno));
	return f;
}

/* From here on the kiosk reads only its assets, its configuration and
 * the system's shared files, and writes only its database folder
 * (kiosk/sandbox.h).  Everything it opens later is in those: fonts at
 * new sizes, espeak-ng's voices, the audio device, the database, its
 * recovery file and a new database if the old one is removed. */
static void enter_sandbox(App *a)
{
	static char audio[1024];
	char *dbdir = a->db_dir;
	SandboxPaths p = { 0 };
	folder_of(a->db_path, dbdir);
	sandbox_write(&p, dbdir);
	sandbox_read(&p, util_asset_dir());
	sandbox_read(&p, a->config_path);
	static const char *const shared[] = {
		"/usr", "/etc/ld.so.cache", "/etc/localtime", "/etc/alsa", "/etc/asound.conf",
		"/etc/pulse", "/etc/machine-id", "/proc", "/sys", "/run/udev/data",
	};
	for (size_t i = 0; i < sizeof shared / sizeof *shared; i++)
		sandbox_read(&p, shared[i]);
	static const char *const devices[] = {
		"/dev/null", "/dev/zero", "/dev/random", "/dev/urandom", "/dev/snd", "/dev/dri",
		"/dev/input",
	};
	for (size_t i = 0; i < sizeof devices / sizeof *devices; i++)
		sandbox_device(&p, devices[i]);
	/* the systemd unit's /run/heard, for the staff-exit marker */
	const char *run_dir = getenv("RUNTIME_DIRECTORY");
	if (run_dir && run_dir[0] == '/')
		sandbox_write(&p, run_dir);
	sandbox_read(&p, getenv("XDG_RUNTIME_DIR")); /* the compositor's and audio's sockets */
#ifdef __SANITIZE_ADDRESS__
	/* make test SANITIZE=1: ASan, LSan and UBSan read their suppressions
	 * and write their reports (log_path) at exit, inside the sandbox */
	static char logs[3][1024], supp[3][1024];
	static const char *const opts[] = { "ASAN_OPTIONS", "LSAN_OPTIONS", "UBSAN_OPTIONS" };
	for (int i = 0; i < 3; i++) {
		const char *o = getenv(opts[i]), *lp = o ? strstr(o, "log_path=") : NULL,
		           *sp = o ? strstr(o, "suppressions=") : NULL;
		char file[1024];
		if (lp && lp[9] == '/') {
			snprintf(file, sizeof file, "%.*s", (int)strcspn(lp + 9, ":"), lp + 9);
			folder_of(file, logs[i]);
			sandbox_write(&p, logs[i]);
		}
		if (sp && sp[13] == '/') {
			snprintf(supp[i], sizeof supp[i], "%.*s", (int)strcspn(sp + 13, ":"), sp + 13);
			sandbox_read(&p, supp[i]);
		}
	}
#endif
	const char *disk = getenv("SDL_DISKAUDIOFILE"); /* tests hear speech through a file */
	if (in_test_mode(a) && disk) {
		folder_of(disk, audio);
		sandbox_write(&p, audio);
	}
	char err[600];
	a->dir_fd = open(dbdir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	int abi = sandbox_enter(&p, err, sizeof err);
	if (abi < 0)
		die(1, "%s", err);
	if (abi == 0 && a->dir_fd >= 0) { /* not confined: no folder to hold on to */
		close(a->dir_fd);
		a->dir_fd = -1;
	}
	if (abi == 0)
		fprintf(stderr, "heard-kiosk: warning: this kernel has no Landlock; the kiosk is not "
		        "confined to its own folders (Linux 5.13 or later does it)\n");
}

/* --backup copies the periods closed by the clock: with a clock that
 * cannot be right (staff_clock_wrong) it would copy a period still open,
 * and two copies would differ by one client.  Refuse, naming why. */
static void backup_clock_check(const char *db, const Config *cfg)
{
	char err[600], newest[16] = "", now_period[16], why[400];
	Store *st = store_open(db, 0, err, sizeof err);
	if (!st)
		die(2, "%s", err);
	store_newest_seen(st, newest);
	store_close(st);
	time_t t = time(NULL);
	store_period(now_period, t, cfg->period);
	if (staff_clock_wrong(t, staff_build_time(), now_period, newest, why, sizeof why))
		die(1, "%s: no copy made (a copy holds the periods the clock says are closed). %s",
		    db, why);
	/* The copy takes every period before this one as closed: the live
	 * file remembers this one first, so a clock put back later (a Pi
	 * restoring a saved time) never adds a client to a period a copy
	 * already holds, where two copies would tell that client apart. */
	st = store_open(db, 1, err, sizeof err);
	if (!st || store_see_period(st, now_period, err, sizeof err) < 0)
		die(2, "%s; no copy made (the database must first remember that %s has begun: run "
		    "the copy as the kiosk's user)", err, now_period);
	store_close(st);
}

int main(int argc, char **argv)
{
	static App app;
	app.announce = -1;
	util_progname = "heard-kiosk";
	Args args = parse_args(argc, argv);
	load_content(&app, &args);
	app.content.changed_setting = -1;
	if (args.backup) {
		char err[1400];
		const char *db = args.db ? args.db : app.cfg.database;
		backup_clock_check(db, &app.cfg);
		int rc = store_backup(db, args.backup, time(NULL), err, sizeof err);
		if (rc)
			die(rc, "%s", err);
		printf("heard-kiosk: copied %s to %s\n", db, args.backup);
		return 0;
	}
	if (args.trace) {
		need_test_mode(&app, "--trace");
		app.trace = private_file(args.trace, O_TRUNC, "w", "trace"); /* it shows answers */
	}
	const char *bench = getenv("HEARD_BENCH");
	if (bench && *bench) {
		need_test_mode(&app, "HEARD_BENCH");
		app.bench = private_file(bench, O_APPEND, "a", "timings");
	}
	if (args.script) {
		need_test_mode(&app, "--script");
		app.script = strcmp(args.script, "-") ? fopen(args.script, "r") : stdin;
		if (!app.script)
			die(2, "%s: cannot read script: %s", args.script, strerror(errno));
	}
	app.db_path = args.db ? args.db : app.cfg.database;
	own_folder(app.db_path); /* refused in one line, before anything else is said */
	if (geteuid() == 0)
		fprintf(stderr, "heard-kiosk: warning: running as root; a kiosk should run as an "
		                "unprivileged user (see README, \"Set up a kiosk\")\n");
	app.windowed = args.win_w > 0;
	app.store = open_store(app.db_path, app.cfg.name);
	open_window(&app, &args);
	const char *whole = getenv("HEARD_WHOLE_FRAMES");
	if (whole && !strcmp(whole, "1")) { /* tests/e2e/frames.py: as a renderer keeping nothing */
		need_test_mode(&app, "HEARD_WHOLE_FRAMES");
		draw_set_whole(app.draw, 1);
	}
	char err[1400];
	if (staff_init(&app.staff, app.db_path, time(NULL), SDL_GetTicks(), err, sizeof err))
		die(2, "%s", err); /* the PIN lock beside the database (staff.h) */
	import_recovery(&app);
	the_app = &app;
	atexit(keep_recovery_at_exit);
	set_language(&app, app.home_lang);
	update_last_month(&app);
	app.config_path = args.config;
	enter_sandbox(&app);
	run(&app); /* (check_speech: once confined, sandbox.h, and after the first frame) */
	int lost = keep_recovery(&app) < 0;
	draw_free(app.draw);
	SDL_DestroyRenderer(app.ren);
	SDL_DestroyWindow(app.win);
	SDL_Quit();
	store_close(app.store);
	for (int i = 0; i < app.cfg.nlangs; i++)
		strings_free(&app.langs[i]);
	speech_free(app.speech);
	if (app.trace)
		fclose(app.trace);
	if (app.script && app.script != stdin)
		fclose(app.script);
	if (app.bench)
		fclose(app.bench);
	return lost ? 3 : 0; /* answers lost: systemd and the journal see a failure */
}
