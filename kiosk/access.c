/* access.c - the accessibility in force (access.h).  Start reading at
 * access_screen_speech(): what a screen says, in what order; then
 * access_say() and its parts in other voices. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "keyboard.h"

void access_init(Access *a, const Strings *langs, int nlangs, const char *source)
{
	a->langs = langs;
	a->nlangs = nlangs;
	a->source = source;
	a->announce = -1;
	settings_default(&a->set);
}

/* The Speech, made when reading aloud is first wanted (an open audio
 * device costs CPU even when silent).  Whether it can work was said at
 * start-up (check_speech()); a failure now is not logged: the line's
 * time would date a client's turning reading aloud on. */
Speech *access_speech(Access *a)
{
	if (!a->speech && !a->speech_tried) {
		char err[256];
		a->speech_tried = 1;
		a->speech = speech_create(err, sizeof err);
	}
	return a->speech;
}

/* Put the settings into effect: colours, text size, voice, input. */
void access_apply(Access *a, Ui *ui)
{
	ui->theme = &ui_themes[a->set.contrast];
	ui->text_pct = settings_text_pct[a->set.text];
	if (a->set.input != INPUT_KEYS && !ui->keyboard) {
		ui->keyboard = 1; /* switches need the focus ring from the start */
		ui->focus = 0;
	}
	if (a->speech) {
		speech_set_rate(a->speech, a->set.rate);
		speech_set_volume(a->speech, a->set.volume);
		/* the voice: in say(), just before speaking (kiosk/speech.c) */
	}
	if (!a->set.speech)
		access_stop(a); /* silent: nothing to wait for (nor the last client's words) */
	a->settings_gen++; /* a new trace line, and the focused control said again */
}

#define FALLBACK_VOICE "en" /* for a language espeak-ng has no voice for */

/* Whether speech can work (espeak-ng starts, an audio device opens) and
 * which languages espeak-ng has a voice for, said once at start-up (one
 * line for each that has none, naming what happens), never when reading
 * aloud is used: the log would then date a client's use of it. */
void access_check_speech(Access *a)
{
	char err[256];
	if (speech_has_audio(err, sizeof err)) {
		a->speech_tried = 1; /* speech(): not tried again, nor said again */
		fprintf(stderr, "heard-kiosk: %s; reading aloud is off\n", err);
		return;
	}
	for (int i = 0; i < a->nlangs; i++) {
		if (!speech_has_voice(a->langs[i].code)) { /* 1, 0 (-1: said above) */
			a->no_voice |= 1u << i;
			fprintf(stderr, "heard-kiosk: %s: key 'languages': espeak-ng has no voice for '%s' "
			        "(%s); reading aloud in it uses espeak-ng's English voice\n",
			        a->source, a->langs[i].code, a->langs[i].name);
		}
	}
}

/* The voice that reads language i. */
static const char *voice_of(const Access *a, int i)
{
	return a->no_voice & 1u << i ? FALLBACK_VOICE : a->langs[i].code;
}

/* Say text after what say() began, in language i's own voice; the
 * trace's "spoken" (a->spoken) shows it too. */
void access_say_also(Access *a, int i, const char *text)
{
	size_t o = strlen(a->spoken), n = strlen(text);
	if (!n || a->said_n == (int)(sizeof a->said_lang / sizeof *a->said_lang) ||
	    o + n + 2 > sizeof a->spoken)
		return;
	snprintf(a->spoken + o, sizeof a->spoken - o, "%s%s", o ? " " : "", text);
	a->said_lang[a->said_n] = i;
	a->said_at[a->said_n++] = o + (o ? 1 : 0);
	if (a->set.speech && access_speech(a))
		(void)speech_queue(a->speech, voice_of(a, i), text); /* (no voice: check_speech) */
}

/* Reading aloud begun on Welcome ends with how to choose each other
 * language, in that language's voice. */
static void say_lang_help(Access *a, int lang)
{
	for (int i = 0; i < a->nlangs; i++) {
		if (i == lang)
			continue;
		char line[512];
		strings_format(line, sizeof line, a->langs[i].text[S_WELCOME_LANG_HELP],
		               (const char *[]){ "name" }, (const char *[]){ a->langs[i].name }, 1);
		access_say_also(a, i, line);
	}
	a->lang_help = 0;
}

/* Say text now, in the language shown, cutting off what was being said.
 * Reading aloud that began on Welcome ends with a line in every other
 * language, saying how to choose it, in that language's voice. */
void access_say(Access *a, int lang, int on_welcome, const char *text)
{
	snprintf(a->spoken, sizeof a->spoken, "%s", text);
	a->said_main = strlen(a->spoken);
	a->said_n = 0;
	if (a->set.speech && access_speech(a)) {
		(void)speech_set_language(a->speech, voice_of(a, lang));
		if (text[0])
			(void)speech_say(a->speech, text);
		else
			speech_stop(a->speech); /* cut off all the same: what follows is queued */
	}
	if (a->lang_help && on_welcome)
		say_lang_help(a, lang);
	a->lang_help = 0;
}

/* The part in another language: said in its voice, then the rest in
 * lang's again, and the languages' lines (Welcome) last, as ever. */
void access_say_in(Access *a, int lang, int on_welcome, const char *text, const char *part, int other)
{
	const char *p = part && part[0] && other != lang ? strstr(text, part) : NULL;
	if (!p) {
		access_say(a, lang, on_welcome, text);
		return;
	}
	char before[sizeof a->spoken];
	size_t nb = (size_t)(p - text), np = strlen(part);
	while (nb && text[nb - 1] == ' ')
		nb--;
	snprintf(before, sizeof before, "%.*s", (int)nb, text);
	int help = a->lang_help; /* after everything, as ever */
	a->lang_help = 0;
	access_say(a, lang, on_welcome, before);
	access_say_also(a, other, part);
	const char *after = p + np;
	while (*after == ' ')
		after++;
	access_say_also(a, lang, after);
	if (help && on_welcome)
		say_lang_help(a, lang);
}

/* Hear it again: everything said last, each part in its own voice. */
void access_say_again(Access *a, int lang, int on_welcome)
{
	char main_part[sizeof a->spoken];
	int n = a->said_n, voice[sizeof a->said_lang / sizeof *a->said_lang];
	size_t at[sizeof voice / sizeof *voice];
	char all[sizeof a->spoken];
	memcpy(voice, a->said_lang, sizeof voice);
	memcpy(at, a->said_at, sizeof at);
	snprintf(all, sizeof all, "%s", a->spoken);
	snprintf(main_part, sizeof main_part, "%.*s", (int)a->said_main, all);
	access_say(a, lang, on_welcome, main_part);
	for (int k = 0; k < n; k++) {
		size_t end = k + 1 < n ? at[k + 1] - 1 : strlen(all);
		char part[sizeof a->spoken];
		snprintf(part, sizeof part, "%.*s", (int)(end - at[k]), all + at[k]);
		access_say_also(a, voice[k], part);
	}
}

/* A widget on screen now, by id, or NULL. */
static const UiWidget *widget_by_id(const Ui *ui, const char *id)
{
	for (int i = 0; i < ui->nwidgets; i++)
		if (!strcmp(ui->widgets[i].id, id))
			return &ui->widgets[i];
	return NULL;
}

/* The value a stepped setting's button changes ("Text size: 2 of 4"),
 * for the button setting.N.up or setting.N.down, else NULL. */
static const char *step_value(const Ui *ui, const char *id)
{
	char base[UI_ID_MAX];
	const char *dot = strrchr(id, '.');
	if (strncmp(id, "setting.", 8) || !dot || dot == id + 7 ||
	    (strcmp(dot, ".up") && strcmp(dot, ".down")))
		return NULL;
	snprintf(base, sizeof base, "%.*s", (int)(dot - id), id);
	const UiWidget *w = widget_by_id(ui, base);
	return w ? w->label : NULL;
}

/* Whether w is one of the review's rows (each a question and its answer). */
static int review_row(const Survey *s, const UiWidget *w)
{
	return s->screen == SCREEN_REVIEW && !s->confirm_again &&
	       !strncmp(w->id, "change.", 7);
}

/* "Page 2 of 3": the review's page shown, of how many. */
static void review_page(const Ui *ui, const Strings *L, char *out, size_t n)
{
	char p[12], np[12];
	snprintf(p, sizeof p, "%d", ui->page + 1);
	snprintf(np, sizeof np, "%d", ui->pages);
	strings_format(out, n, L->text[S_REVIEW_PAGE], (const char *[]){ "page", "pages" },
	               (const char *[]){ p, np }, 2);
}

/* What a screen says when it appears: the answer just chosen (or "Your
 * answers are kept."), every text on it in order (on the review, "Page 2
 * of 3." and every row of the page shown too), the answer already
 * given to a question shown again, the first question's help, then the
 * control with focus, last, so its name never lands mid-sentence ("Mostly,
 * chosen." when it is the chosen one). */
void access_screen_speech(Access *a, const Ui *ui, const Survey *s, const Strings *L,
                          char *out, size_t n, int whole)
{
	const char *parts[2 * UI_MAX_WIDGETS + 8];
	int k = 0;
	if (whole && a->confirm)
		parts[k++] = a->confirm;
	const UiWidget *foc = ui_focused(ui);
	const char *value = foc ? step_value(ui, foc->id) : NULL; /* a step button's setting */
	if (a->announce >= 0) { /* a setting changed: its new value first */
		char id[UI_ID_MAX];
		snprintf(id, sizeof id, "setting.%d", a->announce);
		const UiWidget *w = widget_by_id(ui, id);
		if (w && w != foc && value != w->label)
			parts[k++] = w->label;
		a->announce = -1;
	}
	int foc_told = 0, rows = 0;
	char page[64];
	for (int i = 0; i < ui->nwidgets; i++) { /* the dialog: its two answers too, in order, */
		const UiWidget *w = &ui->widgets[i];  /* the focused one last (what Enter does) */
		int row = review_row(s, w); /* the review's rows: all, in reading order */
		int told = !strcmp(w->role, "text") || (s->confirm_again && w != foc) || row;
		if (!strcmp(w->id, "timeout.countdown") && w->state != W_FOCUSED)
			continue; /* "0:30" is in the sentence; said again at 20 and 10 s */
		if (whole && !strcmp(w->id, "comment.text") && !w->label[0]) { /* the empty box: how to write */
			parts[k++] = L->text[a->set.input != INPUT_KEYS ? S_COMMENT_SWITCH_HELP : S_COMMENT_EMPTY];
			continue;
		}
		if (!whole || !told || !w->label[0]) /* (the comment screen's box, empty) */
			continue;
		if (row && !rows++ && ui->pages > 1) { /* "Page 2 of 3." before its rows */
			review_page(ui, L, page, sizeof page);
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
	if (whole && a->unseen && a->unseen[0]) /* after the texts shown, before the control */
		parts[k++] = a->unseen;
	a->unseen = NULL;
	int on_question = whole && s->screen == SCREEN_QUESTION && !s->confirm_again;
	char given[256], help[512], chosen[300], place[96], key[512];
	if (on_question && survey_answered(s)) { /* "Your answer: Mostly." */
		int v = s->answers[s->question];
		const char *word = strings_answer_label(L, s->spec.answers[s->question], v);
		strings_format(given, sizeof given, L->text[S_YOUR_ANSWER], (const char *[]){ "answer" },
		               (const char *[]){ word }, 1);
		parts[k++] = given;
	}
	int set = on_question ? s->spec.answers[s->question] : 0, q = s->question;
	int extra = on_question && s->spec.has_na[q]; /* "Does not apply", the FFT's "Don't know" */
	int new_extra = extra; /* the first of these words with that button */
	for (int j = 0; j < q && new_extra; j++)
		new_extra = !(s->spec.answers[j] == set && s->spec.has_na[j]);
	if (on_question && (q == 0 || s->spec.answers[q - 1] != set || new_extra)) {
		/* the first question, the first with other words (the Friends
		 * and Family Test's), and the first with an extra button: how to
		 * answer, after it (Next when answered), naming the extra button
		 * when there is one */
		strings_format(help, sizeof help, L->text[extra ? S_QUESTION_KEYS_HELP_EXTRA : S_QUESTION_KEYS_HELP],
		               (const char *[]){ "first", "last", "skip", "extra" },
		               (const char *[]){ strings_answer_label(L, set, 1), strings_answer_label(L, set, 5),
		                                 L->text[survey_answered(s) ? S_NEXT : S_SKIP],
		                                 strings_answer_label(L, set, ANSWER_NOT_APPLICABLE) }, 4);
		parts[k++] = help;
	}
	if (foc && !foc_told) { /* "Text size: 2 of 4. Bigger text." */
		/* a key by its name: "full stop", "Numbers and signs" */
		const char *name = keyboard_said(L, foc->id, foc->label, key, sizeof key);
		if (value)
			parts[k++] = value;
		if (foc->selected) {
			strings_format(chosen, sizeof chosen, L->text[S_CHOSEN], (const char *[]){ "name" },
			               (const char *[]){ name }, 1);
			parts[k++] = chosen;
		} else {
			parts[k++] = name;
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


/* The longest a step or a screen's end waits for speech: a stuck audio
 * device never holds the kiosk. */
#define SAID_MAX_MS 120000

void access_stop(Access *a)
{
	if (a->speech)
		speech_stop(a->speech);
	a->said_until = 0;
}

void access_said(Access *a, uint32_t now)
{
	int ms = a->set.speech && a->speech ? speech_pending_ms(a->speech) : 0;
	if (ms > SAID_MAX_MS)
		ms = SAID_MAX_MS;
	uint32_t t = now + (uint32_t)ms;
	a->said_until = ms > 0 ? (t ? t : 1) : 0;
}

/* A step moves the focus and says where it is, cutting off what was being
 * said: the next waits for the screen's or the last step's words. */
uint32_t access_scan_due(const Access *a)
{
	if (a->set.input != INPUT_ONE_SWITCH)
		return 0;
	uint32_t step = a->last_scan + (uint32_t)settings_scan_ms[a->set.scan];
	if (a->said_until && (int32_t)(a->said_until - step) > 0)
		step = a->said_until;
	return step ? step : 1;
}

void access_free(Access *a)
{
	speech_free(a->speech);
	a->speech = NULL;
}
