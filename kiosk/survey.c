/* survey.c - the client's path (docs/design.md "The client's path") as a pure
 * state machine.  Start reading at survey_handle(): one function per
 * screen decides what each event means there.  Events that make no sense
 * on the current screen are ignored, which is what keeps a stray press
 * during a screen change from skipping a question or sending twice. */
#include "survey.h"

#include <assert.h>
#include <string.h>

/* ---- helpers ---------------------------------------------------------- */

static void enter(Survey *s, Screen screen, uint32_t now)
{
	s->screen = screen;
	s->confirm_again = false; /* a new screen closes the question */
	s->confirm_discard = false;
	s->confirm_words = false;
	s->entered = now;
	s->last_activity = now;
}

/* Forget everything the client gave; used by reset, Start again, Don't send. */
static void clear_answers(Survey *s)
{
	for (int i = 0; i < SURVEY_MAX_QUESTIONS; i++)
		s->answers[i] = ANSWER_NONE;
	s->service = SERVICE_NONE;
	s->question = 0;
	s->changing = false;
	s->sent = false;
	s->kept = false;
	s->save_failed = false;
}

static Action reset(Survey *s, uint32_t now)
{
	clear_answers(s);
	s->access = false;
	s->help_first = false;
	enter(s, SCREEN_WELCOME, now);
	return ACT_SESSION_OVER;
}

static bool valid_answer(const Survey *s, int v)
{
	if (v == ANSWER_NOT_APPLICABLE)
		return s->spec.has_na[s->question];
	return v >= ANSWER_SKIPPED && v <= 5;
}

/* Where the last question leads: the comment screen when asked for. */
static Screen after_questions(const Survey *s)
{
	return s->spec.comment ? SCREEN_COMMENT : SCREEN_REVIEW;
}

/* ---- one function per screen ------------------------------------------ */

static Action on_welcome(Survey *s, Event ev)
{
	if (ev.type == EV_TICK && s->touched && ev.now_ms - s->last_activity >= survey_idle_ms(s)) {
		s->touched = false; /* whoever was here left: forget their settings */
		return reset(s, ev.now_ms);
	}
	if (ev.type != EV_TICK)
		s->touched = true;
	if (ev.type != EV_START)
		return ACT_NONE;
	s->touched = false;
	clear_answers(s);
	if (s->spec.nservices > 1) {
		enter(s, SCREEN_SERVICE, ev.now_ms);
	} else {
		s->service = s->spec.nservices == 1 ? 0 : SERVICE_NOT_SAID;
		enter(s, s->spec.nquestions > 0 ? SCREEN_QUESTION : after_questions(s), ev.now_ms);
	}
	return ACT_NONE;
}

static Action on_service(Survey *s, Event ev)
{
	if (ev.type != EV_SERVICE)
		return ACT_NONE;
	if (ev.arg != SERVICE_NOT_SAID && (ev.arg < 0 || ev.arg >= s->spec.nservices))
		return ACT_NONE;
	s->service = ev.arg;
	if (s->changing) {
		s->changing = false;
		enter(s, SCREEN_REVIEW, ev.now_ms);
	} else {
		enter(s, s->spec.nquestions > 0 ? SCREEN_QUESTION : after_questions(s), ev.now_ms);
	}
	return ACT_NONE;
}

/* After a question: the next one, or back to the review when changing
 * one answer or at the last. */
static void move_on(Survey *s, uint32_t now)
{
	if (!s->changing && s->question + 1 >= s->spec.nquestions && s->spec.comment) {
		enter(s, SCREEN_COMMENT, now); /* the client's own words, if any */
	} else if (s->changing || s->question + 1 >= s->spec.nquestions) {
		s->changing = false;
		enter(s, SCREEN_REVIEW, now);
	} else {
		s->question++;
		enter(s, SCREEN_QUESTION, now);
	}
}

static Action on_question(Survey *s, Event ev)
{
	switch (ev.type) {
	case EV_ANSWER:
		if (!valid_answer(s, ev.arg))
			return ACT_NONE;
		s->answers[s->question] = ev.arg;
		move_on(s, ev.now_ms);
		return ACT_NONE;
	case EV_NEXT: /* answered before: on, keeping it */
		if (survey_answered(s))
			move_on(s, ev.now_ms);
		return ACT_NONE;
	case EV_CLEAR: /* only the answer shown as chosen: a stale press clears nothing */
		if (survey_answered(s) && s->answers[s->question] == ev.arg)
			s->answers[s->question] = ANSWER_NONE;
		return ACT_NONE;
	case EV_BACK:
		if (s->changing) { /* Back while changing: return, nothing changed
		                    * (an answer cleared meanwhile is put back) */
			s->changing = false;
			s->answers[s->question] = s->change_was;
			enter(s, SCREEN_REVIEW, ev.now_ms);
		} else if (s->question > 0) {
			s->question--;
			enter(s, SCREEN_QUESTION, ev.now_ms);
		} else if (s->spec.nservices > 1) {
			enter(s, SCREEN_SERVICE, ev.now_ms);
		}
		return ACT_NONE;
	default:
		return ACT_NONE;
	}
}

/* The client's words: Next and Skip go to the review (the app keeps or
 * deletes the words; Skip with words typed, arg 1, asks first), Back to
 * the last question (or, changing them from the review, back to it). */
static Action on_comment(Survey *s, Event ev)
{
	switch (ev.type) {
	case EV_SKIP_COMMENT:
		if (ev.arg) {
			s->confirm_again = s->confirm_words = true;
			return ACT_NONE;
		}
		/* fall through */
	case EV_NEXT:
		s->changing = false;
		enter(s, SCREEN_REVIEW, ev.now_ms);
		return ACT_NONE;
	case EV_BACK:
		if (s->changing) {
			s->changing = false;
			enter(s, SCREEN_REVIEW, ev.now_ms);
		} else if (s->spec.nquestions > 0) {
			s->question = s->spec.nquestions - 1;
			enter(s, SCREEN_QUESTION, ev.now_ms);
		} else if (s->spec.nservices > 1) {
			enter(s, SCREEN_SERVICE, ev.now_ms);
		}
		return ACT_NONE;
	default:
		return ACT_NONE;
	}
}

static Action on_review(Survey *s, Event ev)
{
	switch (ev.type) {
	case EV_CHANGE:
		if (ev.arg == SURVEY_CHANGE_COMMENT && s->spec.comment) {
			s->changing = true;
			s->save_failed = false;
			enter(s, SCREEN_COMMENT, ev.now_ms);
		} else if (ev.arg == SURVEY_CHANGE_SERVICE && s->spec.nservices > 1) {
			s->changing = true;
			s->save_failed = false;
			enter(s, SCREEN_SERVICE, ev.now_ms);
		} else if (ev.arg >= 0 && ev.arg < s->spec.nquestions) {
			s->question = ev.arg;
			s->changing = true;
			s->change_was = s->answers[ev.arg];
			s->save_failed = false;
			enter(s, SCREEN_QUESTION, ev.now_ms);
		}
		return ACT_NONE;
	case EV_SEND:
		s->save_failed = false;
		enter(s, SCREEN_SENDING, ev.now_ms);
		return ACT_SUBMIT;
	case EV_DISCARD: /* asks first: it is next to the last answer row */
		s->confirm_again = true;
		s->confirm_discard = true;
		return ACT_NONE;
	default:
		return ACT_NONE;
	}
}

static Action on_sending(Survey *s, Event ev)
{
	if (ev.type == EV_SAVED || ev.type == EV_KEPT) {
		clear_answers(s);
		s->sent = ev.type == EV_SAVED;
		s->kept = ev.type == EV_KEPT;
		enter(s, SCREEN_THANKS, ev.now_ms);
		return ACT_SESSION_OVER;
	}
	if (ev.type == EV_SAVE_FAILED) {
		s->save_failed = true; /* never tell the client it was sent */
		enter(s, SCREEN_REVIEW, ev.now_ms);
	}
	return ACT_NONE; /* every press is ignored while storing */
}

static Action on_thanks(Survey *s, Event ev)
{
	if (ev.type == EV_DONE ||
	    (ev.type == EV_TICK && ev.now_ms - s->entered >= survey_thanks_ms(s)))
		return reset(s, ev.now_ms); /* the next person starts with the usual waits */
	return ACT_NONE;
}

static Action on_access(Survey *s, Event ev)
{
	if (ev.type == EV_ACCESS_DONE)
		enter(s, s->before_access, ev.now_ms);
	return ACT_NONE;
}

static Action on_timeout(Survey *s, Event ev)
{
	if (ev.type == EV_MORE_TIME) {
		enter(s, s->before_timeout, ev.now_ms);
		return ACT_NONE;
	}
	if (ev.type == EV_TICK && ev.now_ms - s->entered >= survey_more_time_ms(s))
		return reset(s, ev.now_ms);
	return ACT_NONE;
}

/* "Delete your answers and start again?" (or Discard's "Delete your
 * answers? Nothing will be sent.") over the current screen: only its two
 * answers count; time still runs (a timeout closes it).  Yes to Discard
 * thanks the client with "Your answers were deleted". */
static Action on_confirm_again(Survey *s, Event ev)
{
	if (ev.type == EV_AGAIN_YES && s->confirm_words) { /* the app deletes them */
		s->changing = false;
		enter(s, SCREEN_REVIEW, ev.now_ms);
		return ACT_NONE;
	}
	if (ev.type == EV_AGAIN_YES && s->confirm_discard) {
		clear_answers(s);
		s->sent = false;
		enter(s, SCREEN_THANKS, ev.now_ms);
		return ACT_SESSION_OVER;
	}
	if (ev.type == EV_AGAIN_YES && s->help_first) { /* words that may be a cry for help: */
		clear_answers(s);                         /* the thank-you screen, help line first */
		s->sent = false;
		enter(s, SCREEN_THANKS, ev.now_ms);
		return ACT_SESSION_OVER;
	}
	if (ev.type == EV_AGAIN_YES)
		return reset(s, ev.now_ms);
	if (ev.type == EV_AGAIN_NO)
		s->confirm_again = s->confirm_discard = s->confirm_words = false;
	return ACT_NONE;
}

/* Start again: at once where nothing could be lost (the timeout screen,
 * which asked already; the settings opened from Welcome), else ask. */
static Action start_again(Survey *s, Event ev)
{
	if (s->screen == SCREEN_TIMEOUT || s->screen == SCREEN_THANKS ||
	    (s->screen == SCREEN_ACCESS && s->before_access == SCREEN_WELCOME))
		return reset(s, ev.now_ms);
	s->confirm_again = true;
	s->last_activity = ev.now_ms;
	return ACT_NONE;
}

/* ---- public ----------------------------------------------------------- */

void survey_init(Survey *s, const SurveySpec *spec, uint32_t now_ms)
{
	assert(spec->nquestions >= 0 && spec->nquestions <= SURVEY_MAX_QUESTIONS);
	assert(spec->nservices >= 0 && spec->nservices <= SURVEY_MAX_SERVICES);
	memset(s, 0, sizeof *s);
	s->spec = *spec;
	clear_answers(s);
	enter(s, SCREEN_WELCOME, now_ms);
}

/* True on screens where walking away must end the session. */
static bool times_out(Screen screen)
{
	return screen == SCREEN_SERVICE || screen == SCREEN_QUESTION ||
	       screen == SCREEN_REVIEW || screen == SCREEN_ACCESS || screen == SCREEN_COMMENT;
}

Action survey_handle(Survey *s, Event ev)
{
	if (ev.type == EV_START_AGAIN && s->screen != SCREEN_WELCOME &&
	    s->screen != SCREEN_SENDING && !s->confirm_again)
		return start_again(s, ev);

	if (ev.type == EV_ACCESS && !s->confirm_again && s->screen != SCREEN_ACCESS &&
	    s->screen != SCREEN_SENDING && s->screen != SCREEN_TIMEOUT) {
		s->access = true;
		s->before_access = s->screen;
		s->touched = s->screen == SCREEN_WELCOME || s->touched;
		enter(s, SCREEN_ACCESS, ev.now_ms);
		return ACT_NONE;
	}
	if (ev.type == EV_TICK && times_out(s->screen) &&
	    ev.now_ms - s->last_activity >= survey_idle_ms(s)) {
		s->before_timeout = s->screen;
		enter(s, SCREEN_TIMEOUT, ev.now_ms);
		return ACT_NONE;
	}
	if (ev.type != EV_TICK)
		s->last_activity = ev.now_ms;
	if (s->confirm_again)
		return on_confirm_again(s, ev);

	switch (s->screen) {
	case SCREEN_WELCOME:  return on_welcome(s, ev);
	case SCREEN_SERVICE:  return on_service(s, ev);
	case SCREEN_QUESTION: return on_question(s, ev);
	case SCREEN_REVIEW:   return on_review(s, ev);
	case SCREEN_SENDING:  return on_sending(s, ev);
	case SCREEN_THANKS:   return on_thanks(s, ev);
	case SCREEN_TIMEOUT:  return on_timeout(s, ev);
	case SCREEN_ACCESS:   return on_access(s, ev);
	case SCREEN_COMMENT:  return on_comment(s, ev);
	}
	assert(!"unknown screen");
	return ACT_NONE;
}

uint32_t survey_deadline(const Survey *s)
{
	uint32_t t;
	if (s->screen == SCREEN_WELCOME && s->touched)
		t = s->last_activity + survey_idle_ms(s);
	else if (times_out(s->screen))
		t = s->last_activity + survey_idle_ms(s);
	else if (s->screen == SCREEN_TIMEOUT)
		t = s->entered + survey_more_time_ms(s);
	else if (s->screen == SCREEN_THANKS)
		t = s->entered + survey_thanks_ms(s);
	else
		return 0;
	return t ? t : 1;
}

/* How long the thank-you screen stays: thanks_seconds, or with the help
 * line first (words that may be a cry for help) time to read it and
 * call. */
uint32_t survey_thanks_ms(const Survey *s)
{
	uint32_t t = s->spec.thanks_ms;
	return s->help_first && t < SURVEY_HELP_FIRST_MS ? SURVEY_HELP_FIRST_MS : t;
}

uint32_t survey_idle_ms(const Survey *s)
{
	return s->access && s->spec.access_idle_ms > s->spec.idle_ms ? s->spec.access_idle_ms
	                                                              : s->spec.idle_ms;
}

uint32_t survey_more_time_ms(const Survey *s)
{
	return s->access && s->spec.access_more_time_ms > s->spec.more_time_ms
	       ? s->spec.access_more_time_ms : s->spec.more_time_ms;
}

bool survey_can_go_back(const Survey *s)
{
	return s->screen == SCREEN_QUESTION &&
	       (s->changing || s->question > 0 || s->spec.nservices > 1);
}

bool survey_answered(const Survey *s)
{
	int v = s->answers[s->question];
	return s->screen == SCREEN_QUESTION && ((v >= 1 && v <= 5) || v == ANSWER_NOT_APPLICABLE);
}

const char *survey_screen_name(Screen screen)
{
	static const char *names[] = {
		[SCREEN_WELCOME] = "welcome",   [SCREEN_SERVICE] = "service",
		[SCREEN_QUESTION] = "question", [SCREEN_REVIEW] = "review",
		[SCREEN_SENDING] = "review",    [SCREEN_THANKS] = "thanks",
		[SCREEN_TIMEOUT] = "timeout",   [SCREEN_ACCESS] = "access",
		[SCREEN_COMMENT] = "comment",
	};
	return names[screen];
}
