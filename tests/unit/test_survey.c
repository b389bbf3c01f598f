/* test_survey.c - every transition of the survey state machine (cmocka). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "keyboard.h"
#include "survey.h"

#define IDLE 60000u
#define MORE 30000u
#define THANKS 10000u

static SurveySpec spec(int nq, int ns)
{
	SurveySpec s = { .nquestions = nq, .nservices = ns, .idle_ms = IDLE,
	                 .more_time_ms = MORE, .thanks_ms = THANKS,
	                 .access_idle_ms = 120000, .access_more_time_ms = 45000 };
	s.has_na[nq - 2] = true; /* like control.no: second to last offers n/a */
	return s;
}

static Action send(Survey *s, EventType t, int arg, uint32_t now)
{
	return survey_handle(s, (Event){ .type = t, .arg = arg, .now_ms = now });
}

/* Welcome -> Service (two services) -> first question. */
static void start(Survey *s, int ns)
{
	SurveySpec sp = spec(8, ns);
	survey_init(s, &sp, 0);
	assert_int_equal(s->screen, SCREEN_WELCOME);
	send(s, EV_START, 0, 10);
	if (ns > 1) {
		assert_int_equal(s->screen, SCREEN_SERVICE);
		send(s, EV_SERVICE, 1, 20);
	}
	assert_int_equal(s->screen, SCREEN_QUESTION);
	assert_int_equal(s->question, 0);
}

static void answer_all(Survey *s, int v)
{
	for (int i = 0; i < s->spec.nquestions; i++)
		send(s, EV_ANSWER, v, 100 + (uint32_t)i);
}

static void test_full_session_sent(void **state)
{
	(void)state;
	Survey s;
	start(&s, 2);
	assert_int_equal(s.service, 1);
	answer_all(&s, 4);
	assert_int_equal(s.screen, SCREEN_REVIEW);
	for (int i = 0; i < 8; i++)
		assert_int_equal(s.answers[i], 4);
	assert_int_equal(send(&s, EV_SEND, 0, 200), ACT_SUBMIT);
	assert_int_equal(s.screen, SCREEN_SENDING);
	assert_int_equal(send(&s, EV_SAVED, 0, 210), ACT_SESSION_OVER);
	assert_int_equal(s.screen, SCREEN_THANKS);
	assert_true(s.sent);
	/* nothing of the answers survives into the thank-you screen */
	for (int i = 0; i < 8; i++)
		assert_int_equal(s.answers[i], ANSWER_NONE);
	assert_int_equal(s.service, SERVICE_NONE);
}

static void test_single_service_skips_service_screen(void **state)
{
	(void)state;
	Survey s;
	start(&s, 1);
	assert_int_equal(s.service, 0);
	assert_false(survey_can_go_back(&s)); /* nothing before Q1 */
	send(&s, EV_BACK, 0, 30);
	assert_int_equal(s.screen, SCREEN_QUESTION);
	assert_int_equal(s.question, 0);
}

static void test_service_not_said(void **state)
{
	(void)state;
	Survey s;
	SurveySpec sp = spec(8, 3);
	survey_init(&s, &sp, 0);
	send(&s, EV_START, 0, 1);
	send(&s, EV_SERVICE, 7, 2); /* no such service: ignored */
	assert_int_equal(s.screen, SCREEN_SERVICE);
	send(&s, EV_SERVICE, SERVICE_NOT_SAID, 3);
	assert_int_equal(s.screen, SCREEN_QUESTION);
	assert_int_equal(s.service, SERVICE_NOT_SAID);
}

static void test_back_keeps_answers(void **state)
{
	(void)state;
	Survey s;
	start(&s, 2);
	send(&s, EV_ANSWER, 5, 30);
	send(&s, EV_ANSWER, 2, 40);
	assert_int_equal(s.question, 2);
	send(&s, EV_BACK, 0, 50);
	assert_int_equal(s.question, 1);
	assert_int_equal(s.answers[1], 2); /* shown as selected */
	send(&s, EV_ANSWER, 3, 60);        /* change it */
	assert_int_equal(s.question, 2);
	assert_int_equal(s.answers[1], 3);
	assert_int_equal(s.answers[0], 5);
}

static void test_back_from_first_question_goes_to_service(void **state)
{
	(void)state;
	Survey s;
	start(&s, 2);
	assert_true(survey_can_go_back(&s));
	send(&s, EV_BACK, 0, 30);
	assert_int_equal(s.screen, SCREEN_SERVICE);
	send(&s, EV_SERVICE, 0, 40);
	assert_int_equal(s.screen, SCREEN_QUESTION);
	assert_int_equal(s.service, 0);
}

static void test_skip_and_not_applicable(void **state)
{
	(void)state;
	Survey s;
	start(&s, 2);
	send(&s, EV_ANSWER, ANSWER_NOT_APPLICABLE, 30); /* Q1 offers no n/a */
	assert_int_equal(s.question, 0);
	send(&s, EV_ANSWER, 6, 31); /* out of range */
	assert_int_equal(s.question, 0);
	send(&s, EV_ANSWER, ANSWER_SKIPPED, 32);
	assert_int_equal(s.answers[0], ANSWER_SKIPPED);
	for (int i = 1; i < 6; i++)
		send(&s, EV_ANSWER, 1, 40 + (uint32_t)i);
	assert_int_equal(s.question, 6);
	send(&s, EV_ANSWER, ANSWER_NOT_APPLICABLE, 50);
	assert_int_equal(s.answers[6], ANSWER_NOT_APPLICABLE);
	assert_int_equal(s.question, 7);
}

static void test_change_from_review(void **state)
{
	(void)state;
	Survey s;
	start(&s, 2);
	answer_all(&s, 5);
	send(&s, EV_CHANGE, 3, 300);
	assert_int_equal(s.screen, SCREEN_QUESTION);
	assert_int_equal(s.question, 3);
	send(&s, EV_ANSWER, 1, 310);
	assert_int_equal(s.screen, SCREEN_REVIEW); /* straight back to review */
	assert_int_equal(s.answers[3], 1);
	assert_int_equal(s.answers[4], 5);
	/* Back while changing returns to review, answer unchanged */
	send(&s, EV_CHANGE, 0, 320);
	send(&s, EV_BACK, 0, 330);
	assert_int_equal(s.screen, SCREEN_REVIEW);
	assert_int_equal(s.answers[0], 5);
	/* the service can be changed from review too */
	send(&s, EV_CHANGE, SURVEY_CHANGE_SERVICE, 340);
	assert_int_equal(s.screen, SCREEN_SERVICE);
	send(&s, EV_SERVICE, 0, 350);
	assert_int_equal(s.screen, SCREEN_REVIEW);
	assert_int_equal(s.service, 0);
	send(&s, EV_CHANGE, 99, 360); /* no such question */
	assert_int_equal(s.screen, SCREEN_REVIEW);
}

static void test_dont_send_deletes(void **state)
{
	(void)state;
	Survey s;
	start(&s, 2);
	answer_all(&s, 3);
	/* it asks first: "Delete your answers? Nothing will be sent." */
	assert_int_equal(send(&s, EV_DISCARD, 0, 400), ACT_NONE);
	assert_int_equal(s.screen, SCREEN_REVIEW);
	assert_true(s.confirm_again);
	assert_true(s.confirm_discard);
	assert_int_equal(s.answers[0], 3);
	/* while it shows nothing else counts: not Send, not Discard again */
	assert_int_equal(send(&s, EV_SEND, 0, 401), ACT_NONE);
	send(&s, EV_DISCARD, 0, 402);
	send(&s, EV_CHANGE, 0, 403);
	assert_int_equal(s.screen, SCREEN_REVIEW);
	assert_true(s.confirm_discard);
	/* No: the review, every answer kept */
	assert_int_equal(send(&s, EV_AGAIN_NO, 0, 404), ACT_NONE);
	assert_false(s.confirm_again);
	assert_false(s.confirm_discard);
	assert_int_equal(s.screen, SCREEN_REVIEW);
	for (int i = 0; i < 8; i++)
		assert_int_equal(s.answers[i], 3);
	/* then Start again's dialog is Start again's, not Discard's */
	send(&s, EV_START_AGAIN, 0, 405);
	assert_true(s.confirm_again);
	assert_false(s.confirm_discard);
	send(&s, EV_AGAIN_NO, 0, 406);
	/* a timeout closes it: more time returns to the review without it */
	send(&s, EV_DISCARD, 0, 407);
	send(&s, EV_TICK, 0, 407 + IDLE);
	assert_int_equal(s.screen, SCREEN_TIMEOUT);
	assert_false(s.confirm_discard);
	send(&s, EV_MORE_TIME, 0, 408 + IDLE);
	assert_int_equal(s.screen, SCREEN_REVIEW);
	assert_false(s.confirm_again);
	assert_int_equal(s.answers[0], 3);
	/* Yes: deleted, thanked, never sent */
	send(&s, EV_DISCARD, 0, 409 + IDLE);
	assert_int_equal(send(&s, EV_AGAIN_YES, 0, 410 + IDLE), ACT_SESSION_OVER);
	assert_int_equal(s.screen, SCREEN_THANKS);
	assert_false(s.confirm_again);
	assert_false(s.confirm_discard);
	assert_false(s.sent);
	for (int i = 0; i < 8; i++)
		assert_int_equal(s.answers[i], ANSWER_NONE);
	send(&s, EV_DONE, 0, 420 + IDLE);
	assert_int_equal(s.screen, SCREEN_WELCOME);
}

static void test_start_again_everywhere(void **state)
{
	(void)state;
	Survey s;
	/* from service, a question, review and mid-session settings: it asks
	 * first; Yes deletes, as Start again did at once before */
	for (int where = 0; where < 4; where++) {
		SurveySpec sp = spec(8, 2);
		survey_init(&s, &sp, 0);
		send(&s, EV_START, 0, 1);
		if (where >= 1) send(&s, EV_SERVICE, 0, 2);
		if (where >= 1) send(&s, EV_ANSWER, 4, 3);
		if (where >= 2) answer_all(&s, 4);
		if (where == 3) send(&s, EV_ACCESS, 0, 500);
		Screen was = s.screen;
		assert_int_equal(send(&s, EV_START_AGAIN, 0, 600), ACT_NONE);
		assert_true(s.confirm_again);
		assert_int_equal(s.screen, was); /* the same screen, the dialog over it */
		assert_int_equal(send(&s, EV_AGAIN_YES, 0, 700), ACT_SESSION_OVER);
		assert_false(s.confirm_again);
		assert_int_equal(s.screen, SCREEN_WELCOME);
		assert_int_equal(s.answers[0], ANSWER_NONE);
		assert_int_equal(s.service, SERVICE_NONE);
	}
	/* thanks: nothing left to lose, at once */
	start(&s, 2);
	answer_all(&s, 4);
	send(&s, EV_SEND, 0, 500);
	send(&s, EV_SAVED, 0, 501);
	assert_int_equal(send(&s, EV_START_AGAIN, 0, 600), ACT_SESSION_OVER);
	assert_int_equal(s.screen, SCREEN_WELCOME);
	/* on Welcome it means nothing */
	assert_int_equal(send(&s, EV_START_AGAIN, 0, 700), ACT_NONE);
	assert_false(s.confirm_again);
	/* the settings opened from Welcome: nothing to lose either */
	send(&s, EV_ACCESS, 0, 800);
	assert_int_equal(send(&s, EV_START_AGAIN, 0, 900), ACT_SESSION_OVER);
	assert_false(s.confirm_again);
	assert_int_equal(s.screen, SCREEN_WELCOME);
}

static void test_start_again_no_keeps_everything(void **state)
{
	(void)state;
	Survey s;
	start(&s, 2);
	send(&s, EV_ANSWER, 4, 100);
	send(&s, EV_ANSWER, 2, 110);
	assert_int_equal(s.question, 2);
	send(&s, EV_START_AGAIN, 0, 200);
	assert_true(s.confirm_again);
	/* while it shows, nothing else counts: no answer, back, settings */
	send(&s, EV_ANSWER, 5, 210);
	send(&s, EV_BACK, 0, 220);
	send(&s, EV_ACCESS, 0, 230);
	send(&s, EV_START_AGAIN, 0, 240);
	assert_int_equal(s.screen, SCREEN_QUESTION);
	assert_int_equal(s.question, 2);
	assert_int_equal(s.answers[2], ANSWER_NONE);
	assert_true(s.confirm_again);
	assert_int_equal(send(&s, EV_AGAIN_NO, 0, 300), ACT_NONE);
	assert_false(s.confirm_again);
	assert_int_equal(s.screen, SCREEN_QUESTION);
	assert_int_equal(s.question, 2);
	assert_int_equal(s.answers[0], 4);
	assert_int_equal(s.answers[1], 2);
	assert_int_equal(s.service, 1);
	/* Yes and No mean nothing without the dialog */
	assert_int_equal(send(&s, EV_AGAIN_YES, 0, 400), ACT_NONE);
	assert_int_equal(s.answers[0], 4);
	/* the review too */
	answer_all(&s, 3);
	assert_int_equal(s.screen, SCREEN_REVIEW);
	send(&s, EV_START_AGAIN, 0, 500);
	send(&s, EV_SEND, 0, 510); /* not while it shows */
	assert_int_equal(s.screen, SCREEN_REVIEW);
	send(&s, EV_AGAIN_NO, 0, 520);
	assert_int_equal(s.screen, SCREEN_REVIEW);
	assert_int_equal(send(&s, EV_SEND, 0, 530), ACT_SUBMIT);
}

static void test_start_again_dialog_times_out(void **state)
{
	(void)state;
	Survey s;
	start(&s, 2);
	send(&s, EV_ANSWER, 4, 100);
	send(&s, EV_START_AGAIN, 0, 200);
	assert_int_equal(survey_deadline(&s), 200 + IDLE); /* time runs while it shows */
	send(&s, EV_TICK, 0, 200 + IDLE - 1);
	assert_true(s.confirm_again);
	send(&s, EV_TICK, 0, 200 + IDLE);
	assert_int_equal(s.screen, SCREEN_TIMEOUT);
	assert_false(s.confirm_again);
	/* more time: the question, without the dialog, answers kept */
	send(&s, EV_MORE_TIME, 0, 300 + IDLE);
	assert_int_equal(s.screen, SCREEN_QUESTION);
	assert_false(s.confirm_again);
	assert_int_equal(s.answers[0], 4);
	/* the timeout's own "No, start again" does not ask again */
	send(&s, EV_TICK, 0, 300 + 2 * IDLE);
	assert_int_equal(s.screen, SCREEN_TIMEOUT);
	assert_int_equal(send(&s, EV_START_AGAIN, 0, 400 + 2 * IDLE), ACT_SESSION_OVER);
	assert_int_equal(s.screen, SCREEN_WELCOME);
	assert_int_equal(s.answers[0], ANSWER_NONE);
	/* left showing: the timeout ends the session as anywhere */
	start(&s, 2);
	send(&s, EV_ANSWER, 4, 100);
	send(&s, EV_START_AGAIN, 0, 200);
	send(&s, EV_TICK, 0, 200 + IDLE);
	assert_int_equal(send(&s, EV_TICK, 0, 200 + IDLE + MORE), ACT_SESSION_OVER);
	assert_int_equal(s.screen, SCREEN_WELCOME);
	assert_int_equal(s.answers[0], ANSWER_NONE);
}

static void test_next_keeps_the_answer(void **state)
{
	(void)state;
	Survey s;
	start(&s, 2);
	assert_false(survey_answered(&s));
	send(&s, EV_NEXT, 0, 90); /* not answered: Next means nothing (Skip is there) */
	assert_int_equal(s.question, 0);
	send(&s, EV_ANSWER, 4, 100);
	send(&s, EV_BACK, 0, 110);
	assert_int_equal(s.question, 0);
	assert_true(survey_answered(&s));
	send(&s, EV_NEXT, 0, 120);
	assert_int_equal(s.question, 1);
	assert_int_equal(s.answers[0], 4); /* kept, not "Skipped" */
	/* "Does not apply" counts as answered; Skipped does not */
	for (int i = 1; i < 6; i++)
		send(&s, EV_ANSWER, 3, 200 + (uint32_t)i);
	assert_int_equal(s.question, 6);
	send(&s, EV_ANSWER, ANSWER_NOT_APPLICABLE, 300);
	send(&s, EV_BACK, 0, 310);
	assert_true(survey_answered(&s));
	send(&s, EV_NEXT, 0, 320);
	assert_int_equal(s.answers[6], ANSWER_NOT_APPLICABLE);
	send(&s, EV_ANSWER, ANSWER_SKIPPED, 330);
	assert_int_equal(s.screen, SCREEN_REVIEW);
	send(&s, EV_CHANGE, 7, 340);
	assert_false(survey_answered(&s));
	send(&s, EV_NEXT, 0, 350);
	assert_int_equal(s.screen, SCREEN_QUESTION);
	send(&s, EV_ANSWER, 5, 360);
	/* changing from the review: Next returns there, the answer kept */
	send(&s, EV_CHANGE, 0, 400);
	send(&s, EV_NEXT, 0, 410);
	assert_int_equal(s.screen, SCREEN_REVIEW);
	assert_int_equal(s.answers[0], 4);
	/* the last question: Next goes to the review */
	send(&s, EV_CHANGE, 7, 500);
	send(&s, EV_NEXT, 0, 510);
	assert_int_equal(s.screen, SCREEN_REVIEW);
	assert_int_equal(s.answers[7], 5);
}

/* From the review: change an answer, clear it, then Back: nothing
 * changed, the answer is as it was (not a skip the client never chose). */
static void test_back_from_a_change_undoes_a_clear(void **state)
{
	(void)state;
	Survey s;
	start(&s, 2);
	for (int i = 0; i < s.spec.nquestions; i++)
		send(&s, EV_ANSWER, 2, 100 + (uint32_t)i);
	assert_int_equal(s.screen, SCREEN_REVIEW);
	send(&s, EV_CHANGE, 3, 200);
	send(&s, EV_CLEAR, 2, 210);
	assert_int_equal(s.answers[3], ANSWER_NONE);
	send(&s, EV_BACK, 0, 220);
	assert_int_equal(s.screen, SCREEN_REVIEW);
	assert_int_equal(s.answers[3], 2);
	/* a change made (an answer chosen) goes back to the review and stays */
	send(&s, EV_CHANGE, 3, 300);
	send(&s, EV_ANSWER, 5, 310);
	assert_int_equal(s.screen, SCREEN_REVIEW);
	assert_int_equal(s.answers[3], 5);
}

static void test_clear_an_answer_on_purpose(void **state)
{
	(void)state;
	Survey s;
	start(&s, 2);
	send(&s, EV_ANSWER, 4, 100);
	send(&s, EV_BACK, 0, 110);
	send(&s, EV_CLEAR, 3, 120); /* not the answer shown: nothing */
	assert_int_equal(s.answers[0], 4);
	send(&s, EV_CLEAR, 4, 130);
	assert_int_equal(s.answers[0], ANSWER_NONE);
	assert_int_equal(s.screen, SCREEN_QUESTION); /* stays */
	assert_int_equal(s.question, 0);
	assert_false(survey_answered(&s));
	send(&s, EV_NEXT, 0, 140); /* Skip again, not Next */
	assert_int_equal(s.question, 0);
	send(&s, EV_CLEAR, ANSWER_SKIPPED, 150); /* Skip is not cleared, it moves on */
	send(&s, EV_ANSWER, ANSWER_SKIPPED, 160);
	assert_int_equal(s.question, 1);
	/* Does not apply clears the same way */
	for (int i = 1; i < 6; i++)
		send(&s, EV_ANSWER, 3, 200 + (uint32_t)i);
	send(&s, EV_ANSWER, ANSWER_NOT_APPLICABLE, 300);
	send(&s, EV_BACK, 0, 310);
	send(&s, EV_CLEAR, ANSWER_NOT_APPLICABLE, 320);
	assert_int_equal(s.answers[6], ANSWER_NONE);
	assert_int_equal(s.question, 6);
	/* nowhere else */
	answer_all(&s, 2);
	send(&s, EV_CLEAR, 2, 400);
	assert_int_equal(s.answers[7], 2);
}

static void test_timeout_then_more_time(void **state)
{
	(void)state;
	Survey s;
	start(&s, 2);
	send(&s, EV_ANSWER, 5, 1000);
	assert_int_equal(survey_deadline(&s), 1000 + IDLE);
	send(&s, EV_TICK, 0, 1000 + IDLE - 1);
	assert_int_equal(s.screen, SCREEN_QUESTION);
	send(&s, EV_TICK, 0, 1000 + IDLE);
	assert_int_equal(s.screen, SCREEN_TIMEOUT);
	assert_int_equal(survey_deadline(&s), 1000 + IDLE + MORE);
	send(&s, EV_MORE_TIME, 0, 1000 + IDLE + 5);
	assert_int_equal(s.screen, SCREEN_QUESTION);
	assert_int_equal(s.question, 1);
	assert_int_equal(s.answers[0], 5); /* kept */
	/* asked again, repeatedly */
	send(&s, EV_TICK, 0, 1000 + 2 * IDLE + 5);
	assert_int_equal(s.screen, SCREEN_TIMEOUT);
	send(&s, EV_MORE_TIME, 0, 1000 + 2 * IDLE + 6);
	assert_int_equal(s.screen, SCREEN_QUESTION);
}

static void test_timeout_resets(void **state)
{
	(void)state;
	Survey s;
	start(&s, 2);
	answer_all(&s, 2); /* on review */
	send(&s, EV_TICK, 0, 200 + IDLE);
	assert_int_equal(s.screen, SCREEN_TIMEOUT);
	assert_int_equal(send(&s, EV_TICK, 0, 200 + IDLE + MORE - 1), ACT_NONE);
	assert_int_equal(send(&s, EV_TICK, 0, 200 + IDLE + MORE), ACT_SESSION_OVER);
	assert_int_equal(s.screen, SCREEN_WELCOME);
	assert_int_equal(s.answers[0], ANSWER_NONE);
	assert_int_equal(survey_deadline(&s), 0); /* Welcome waits forever */
	/* "No, start again" on the timeout screen also resets */
	start(&s, 2);
	send(&s, EV_TICK, 0, 20 + IDLE);
	assert_int_equal(send(&s, EV_START_AGAIN, 0, 21 + IDLE), ACT_SESSION_OVER);
	assert_int_equal(s.screen, SCREEN_WELCOME);
}

static void test_activity_postpones_timeout(void **state)
{
	(void)state;
	Survey s;
	start(&s, 2);
	send(&s, EV_ACTIVITY, 0, 50000);
	send(&s, EV_TICK, 0, 20 + IDLE);
	assert_int_equal(s.screen, SCREEN_QUESTION);
	assert_int_equal(survey_deadline(&s), 50000 + IDLE);
}

static void test_welcome_forgets_an_unfinished_visit(void **state)
{
	(void)state;
	Survey s;
	SurveySpec sp = spec(8, 2);
	survey_init(&s, &sp, 0);
	assert_int_equal(survey_deadline(&s), 0);          /* untouched: waits forever */
	send(&s, EV_ACTIVITY, 0, 1000);                     /* someone pressed a key here */
	assert_int_equal(survey_deadline(&s), 1000 + IDLE);
	assert_int_equal(send(&s, EV_TICK, 0, 1000 + IDLE - 1), ACT_NONE);
	assert_int_equal(send(&s, EV_TICK, 0, 1000 + IDLE), ACT_SESSION_OVER); /* their settings go */
	assert_int_equal(s.screen, SCREEN_WELCOME);
	assert_int_equal(survey_deadline(&s), 0);
	send(&s, EV_ACTIVITY, 0, 2000000);
	send(&s, EV_START, 0, 2000001);                     /* a session began instead */
	assert_int_equal(s.screen, SCREEN_SERVICE);
}

static void test_access_keeps_answers_and_time(void **state)
{
	(void)state;
	Survey s;
	start(&s, 2);
	send(&s, EV_ANSWER, 4, 100);
	assert_int_equal(survey_idle_ms(&s), IDLE);
	send(&s, EV_ACCESS, 0, 200);
	assert_int_equal(s.screen, SCREEN_ACCESS);
	assert_string_equal(survey_screen_name(s.screen), "access");
	send(&s, EV_ACTIVITY, 0, 300);  /* a setting changed (the app's EV_SETTING) */
	send(&s, EV_ACCESS_DONE, 0, 400);
	assert_int_equal(s.screen, SCREEN_QUESTION); /* back where they were */
	assert_int_equal(s.question, 1);
	assert_int_equal(s.answers[0], 4);           /* nothing lost */
	/* accessibility mode: at least 2 minutes, then at least 30 s */
	assert_int_equal(survey_idle_ms(&s), 120000);
	send(&s, EV_TICK, 0, 400 + IDLE);
	assert_int_equal(s.screen, SCREEN_QUESTION);
	send(&s, EV_TICK, 0, 400 + 120000);
	assert_int_equal(s.screen, SCREEN_TIMEOUT);
	assert_int_equal(send(&s, EV_TICK, 0, 400 + 120000 + MORE), ACT_NONE);
	assert_int_equal(send(&s, EV_TICK, 0, 400 + 120000 + 45000), ACT_SESSION_OVER);
	assert_false(s.access); /* the next person starts without it */
	assert_int_equal(survey_idle_ms(&s), IDLE);
	/* from Welcome, closing returns to Welcome */
	send(&s, EV_ACCESS, 0, 500000);
	send(&s, EV_ACCESS_DONE, 0, 500100);
	assert_int_equal(s.screen, SCREEN_WELCOME);
	assert_true(s.access);
}

static void test_thanks_returns_to_welcome(void **state)
{
	(void)state;
	Survey s;
	start(&s, 2);
	answer_all(&s, 5);
	send(&s, EV_SEND, 0, 500);
	send(&s, EV_SAVED, 0, 510);
	assert_int_equal(survey_deadline(&s), 510 + THANKS);
	send(&s, EV_TICK, 0, 510 + THANKS - 1);
	assert_int_equal(s.screen, SCREEN_THANKS);
	send(&s, EV_TICK, 0, 510 + THANKS);
	assert_int_equal(s.screen, SCREEN_WELCOME);

	/* the thanks screen ends a session like any other end: a client who
	 * opened the settings does not hand their longer waits on */
	start(&s, 2);
	send(&s, EV_ACCESS, 0, 30);
	send(&s, EV_ACCESS_DONE, 0, 40);
	answer_all(&s, 5);
	send(&s, EV_SEND, 0, 500);
	send(&s, EV_SAVED, 0, 510);
	assert_int_equal(send(&s, EV_DONE, 0, 520), ACT_SESSION_OVER);
	assert_int_equal(s.screen, SCREEN_WELCOME);
	assert_false(s.access);
	assert_int_equal(survey_idle_ms(&s), IDLE);
}

static void test_no_double_submit(void **state)
{
	(void)state;
	Survey s;
	start(&s, 2);
	answer_all(&s, 5);
	assert_int_equal(send(&s, EV_SEND, 0, 500), ACT_SUBMIT);
	/* presses while storing are ignored, including Start again */
	assert_int_equal(send(&s, EV_SEND, 0, 501), ACT_NONE);
	assert_int_equal(send(&s, EV_START_AGAIN, 0, 502), ACT_NONE);
	assert_int_equal(s.screen, SCREEN_SENDING);
	send(&s, EV_SAVED, 0, 503);
	/* a second Send arriving on the thank-you screen does nothing */
	assert_int_equal(send(&s, EV_SEND, 0, 504), ACT_NONE);
	assert_int_equal(s.screen, SCREEN_THANKS);
}

static void test_stray_events_cannot_skip(void **state)
{
	(void)state;
	Survey s;
	SurveySpec sp = spec(8, 2);
	survey_init(&s, &sp, 0);
	/* on Welcome, nothing but Start does anything */
	EventType stray[] = { EV_ANSWER, EV_SEND, EV_SERVICE, EV_BACK, EV_CHANGE, EV_SAVED };
	for (size_t i = 0; i < sizeof stray / sizeof *stray; i++) {
		assert_int_equal(send(&s, stray[i], 1, 5), ACT_NONE);
		assert_int_equal(s.screen, SCREEN_WELCOME);
	}
	send(&s, EV_START, 0, 10);
	assert_int_equal(send(&s, EV_SEND, 0, 11), ACT_NONE); /* no send before review */
	assert_int_equal(s.screen, SCREEN_SERVICE);
	assert_int_equal(send(&s, EV_ANSWER, 5, 12), ACT_NONE);
	assert_int_equal(s.screen, SCREEN_SERVICE);
}

static void test_save_failed_never_says_sent(void **state)
{
	(void)state;
	Survey s;
	start(&s, 2);
	answer_all(&s, 5);
	send(&s, EV_SEND, 0, 500);
	assert_int_equal(send(&s, EV_SAVE_FAILED, 0, 501), ACT_NONE);
	assert_int_equal(s.screen, SCREEN_REVIEW);
	assert_true(s.save_failed);
	assert_int_equal(s.answers[0], 5); /* kept, to try again */
	assert_int_equal(send(&s, EV_SEND, 0, 600), ACT_SUBMIT);
}

/* The settings opened mid-session (the top bar's "Easier to use"): from
 * review after a failed save, and from the service screen while changing
 * the service; Done goes back there with nothing lost or forgotten. */
static void test_access_mid_session(void **state)
{
	(void)state;
	Survey s;
	start(&s, 2);
	answer_all(&s, 4);
	send(&s, EV_SEND, 0, 500);
	send(&s, EV_SAVE_FAILED, 0, 501);
	send(&s, EV_ACCESS, 0, 600);
	assert_int_equal(s.screen, SCREEN_ACCESS);
	send(&s, EV_ACCESS_DONE, 0, 700);
	assert_int_equal(s.screen, SCREEN_REVIEW);
	assert_true(s.save_failed);                 /* still told it was not sent */
	assert_int_equal(s.answers[7], 4);
	assert_int_equal(send(&s, EV_SEND, 0, 800), ACT_SUBMIT);
	send(&s, EV_SAVE_FAILED, 0, 801);
	send(&s, EV_CHANGE, SURVEY_CHANGE_SERVICE, 900);
	assert_int_equal(s.screen, SCREEN_SERVICE);
	send(&s, EV_ACCESS, 0, 1000);
	send(&s, EV_ACCESS_DONE, 0, 1100);
	assert_int_equal(s.screen, SCREEN_SERVICE);
	send(&s, EV_SERVICE, 1, 1200);
	assert_int_equal(s.screen, SCREEN_REVIEW); /* still changing: straight back to review */
	assert_int_equal(s.service, 1);
	/* settings -> timeout -> more time -> settings -> Done: the question */
	send(&s, EV_CHANGE, 2, 1300);
	send(&s, EV_ACCESS, 0, 1400);
	send(&s, EV_TICK, 0, 1400 + 120000);
	assert_int_equal(s.screen, SCREEN_TIMEOUT);
	send(&s, EV_MORE_TIME, 0, 1400 + 121000);
	assert_int_equal(s.screen, SCREEN_ACCESS);
	send(&s, EV_ACCESS_DONE, 0, 1400 + 122000);
	assert_int_equal(s.screen, SCREEN_QUESTION);
	assert_int_equal(s.question, 2);
	assert_int_equal(s.answers[2], 4);
}

/* [comments] ask = yes, one service, every question answered: on the
 * comment screen. */
/* A survey of 8 questions with the comment screen, on Welcome. */
static void comment_survey(Survey *s)
{
	SurveySpec sp = spec(8, 1);
	sp.comment = true;
	survey_init(s, &sp, 0);
}

/* From Welcome at t0 to the comment screen: each question answered 4. */
static void start_to_comment(Survey *s, uint32_t t0)
{
	send(s, EV_START, 0, t0);
	for (int i = 0; i < 8; i++)
		send(s, EV_ANSWER, 4, t0 + 10 + (uint32_t)i);
}

static void to_comment(Survey *s)
{
	comment_survey(s);
	send(s, EV_START, 0, 10);
	answer_all(s, 4);
}

/* [comments] ask = yes: the comment screen after the last question;
 * Next and Skip go to the review, Back to the last question; the review
 * row comes back to it and Back from there returns; it times out. */
static void test_comment_screen(void **state)
{
	(void)state;
	Survey s;
	to_comment(&s);
	assert_int_equal(s.screen, SCREEN_COMMENT);
	assert_string_equal(survey_screen_name(s.screen), "comment");
	send(&s, EV_BACK, 0, 200);
	assert_int_equal(s.screen, SCREEN_QUESTION);
	assert_int_equal(s.question, 7);
	send(&s, EV_NEXT, 0, 210); /* answered: on, to the comment screen again */
	assert_int_equal(s.screen, SCREEN_COMMENT);
	send(&s, EV_NEXT, 0, 220);
	assert_int_equal(s.screen, SCREEN_REVIEW);
	send(&s, EV_CHANGE, SURVEY_CHANGE_COMMENT, 230);
	assert_int_equal(s.screen, SCREEN_COMMENT);
	send(&s, EV_BACK, 0, 240); /* changing: Back returns to the review */
	assert_int_equal(s.screen, SCREEN_REVIEW);
	send(&s, EV_CHANGE, SURVEY_CHANGE_COMMENT, 250);
	send(&s, EV_SKIP_COMMENT, 0, 260);
	assert_int_equal(s.screen, SCREEN_REVIEW);
	send(&s, EV_CHANGE, 7, 270); /* a question changed: back to the review, not the comment */
	send(&s, EV_ANSWER, 2, 280);
	assert_int_equal(s.screen, SCREEN_REVIEW);
	send(&s, EV_CHANGE, SURVEY_CHANGE_COMMENT, 290);
	send(&s, EV_TICK, 0, 290 + IDLE);
	assert_int_equal(s.screen, SCREEN_TIMEOUT);
}

/* Skip with words typed (arg 1) asks "Delete your words?" over the
 * screen: No keeps the client there, Yes goes on to the review (the app
 * deletes the words); a timeout closes the question. */
static void test_comment_skip_asks(void **state)
{
	(void)state;
	Survey s;
	to_comment(&s);
	send(&s, EV_SKIP_COMMENT, 1, 200);
	assert_int_equal(s.screen, SCREEN_COMMENT);
	assert_true(s.confirm_again && s.confirm_words && !s.confirm_discard);
	send(&s, EV_NEXT, 0, 210); /* only its two answers count */
	assert_int_equal(s.screen, SCREEN_COMMENT);
	send(&s, EV_AGAIN_NO, 0, 220);
	assert_int_equal(s.screen, SCREEN_COMMENT);
	assert_false(s.confirm_again || s.confirm_words);
	send(&s, EV_SKIP_COMMENT, 1, 230);
	send(&s, EV_AGAIN_YES, 0, 240);
	assert_int_equal(s.screen, SCREEN_REVIEW);
	assert_false(s.confirm_again || s.confirm_words);
	assert_int_equal(s.answers[0], 4); /* the answers are kept: only the words go */
	send(&s, EV_CHANGE, SURVEY_CHANGE_COMMENT, 250);
	send(&s, EV_SKIP_COMMENT, 0, 260); /* no words: at once */
	assert_int_equal(s.screen, SCREEN_REVIEW);
	send(&s, EV_CHANGE, SURVEY_CHANGE_COMMENT, 270);
	send(&s, EV_SKIP_COMMENT, 1, 280);
	send(&s, EV_TICK, 0, 280 + IDLE);
	assert_int_equal(s.screen, SCREEN_TIMEOUT);
	assert_false(s.confirm_words);
}

/* Words that matched a safety phrase (help_first, set by the app): the
 * thank-you screen, the help line first, stays a minute, not
 * thanks_seconds; the next client's thank-you is the usual length. */
static void test_help_first_thanks_stays(void **state)
{
	(void)state;
	Survey s;
	comment_survey(&s);
	for (int round = 0; round < 2; round++) {
		uint32_t t0 = 100000u * (uint32_t)(round + 1);
		start_to_comment(&s, t0);
		send(&s, EV_NEXT, 0, t0 + 30);
		s.help_first = round == 0;
		send(&s, EV_SEND, 0, t0 + 40);
		send(&s, EV_SAVED, 0, t0 + 50);
		assert_int_equal(s.screen, SCREEN_THANKS);
		uint32_t want = round == 0 ? SURVEY_HELP_FIRST_MS : THANKS;
		assert_int_equal(survey_deadline(&s), t0 + 50 + want);
		send(&s, EV_TICK, 0, t0 + 50 + THANKS);
		assert_int_equal(s.screen, round == 0 ? SCREEN_THANKS : SCREEN_WELCOME);
		send(&s, EV_TICK, 0, t0 + 50 + want);
		assert_int_equal(s.screen, SCREEN_WELCOME);
		assert_false(s.help_first);
	}
}

/* Start again, Yes, after words that may be a cry for help (help_first,
 * set by the app): the thank-you screen ("deleted"), held as long as with
 * help first, answers cleared; without, Welcome at once. */
static void test_again_with_help_first(void **state)
{
	(void)state;
	Survey s;
	comment_survey(&s);
	for (int round = 0; round < 2; round++) {
		uint32_t t0 = 100000u * (uint32_t)(round + 1);
		start_to_comment(&s, t0);
		assert_int_equal(s.screen, SCREEN_COMMENT);
		s.help_first = round == 0;
		send(&s, EV_START_AGAIN, 0, t0 + 30);
		assert_true(s.confirm_again);
		send(&s, EV_AGAIN_YES, 0, t0 + 40);
		assert_int_equal(s.screen, round == 0 ? SCREEN_THANKS : SCREEN_WELCOME);
		assert_false(s.sent);
		assert_int_not_equal(s.answers[0], 4); /* cleared */
		if (round == 0) {
			assert_int_equal(survey_deadline(&s), t0 + 40 + SURVEY_HELP_FIRST_MS);
			send(&s, EV_TICK, 0, t0 + 40 + SURVEY_HELP_FIRST_MS);
			assert_int_equal(s.screen, SCREEN_WELCOME);
			assert_false(s.help_first);
		}
	}
}

/* Without it (the default) the last answer goes to the review, and the
 * review cannot open the comment screen. */
static void test_comment_off(void **state)
{
	(void)state;
	Survey s;
	start(&s, 1);
	answer_all(&s, 4);
	assert_int_equal(s.screen, SCREEN_REVIEW);
	send(&s, EV_CHANGE, SURVEY_CHANGE_COMMENT, 300);
	assert_int_equal(s.screen, SCREEN_REVIEW);
}

/* The words: 500 characters at most (multi-byte ones too), Backspace
 * takes a whole character, controls are never kept, wipe clears all. */
static void test_comment_words(void **state)
{
	(void)state;
	char buf[COMMENT_MAX_BYTES + 8] = "";
	assert_true(comment_type(buf, sizeof buf, 0x105)); /* ą */
	assert_true(comment_type(buf, sizeof buf, 'a'));
	assert_false(comment_type(buf, sizeof buf, 0x1B)); /* escape */
	assert_false(comment_type(buf, sizeof buf, 0x202E)); /* a direction override */
	/* marks on one letter: three kept (e.g. shadda and a vowel), no tower */
	char marks[64] = "e";
	for (int i = 0; i < COMMENT_MAX_MARKS; i++)
		assert_true(comment_type(marks, sizeof marks, i % 2 ? 0x651 : 0x301));
	assert_false(comment_type(marks, sizeof marks, 0x301));
	assert_false(comment_type(marks, sizeof marks, 0x489));
	assert_true(comment_type(marks, sizeof marks, 'b')); /* a new letter takes its own */
	assert_true(comment_type(marks, sizeof marks, 0x301));
	assert_string_equal(buf, "\xc4\x85" "a");
	assert_true(comment_backspace(buf));
	assert_true(comment_backspace(buf));
	assert_string_equal(buf, "");
	assert_false(comment_backspace(buf));
	for (int i = 0; i < COMMENT_MAX_CHARS; i++)
		assert_true(comment_type(buf, sizeof buf, 0x627)); /* alif, two bytes */
	assert_int_equal(comment_chars(buf), COMMENT_MAX_CHARS);
	assert_false(comment_type(buf, sizeof buf, 'a')); /* full */
	comment_wipe(buf, sizeof buf);
	for (size_t i = 0; i < sizeof buf; i++)
		assert_int_equal(buf[i], 0);
	/* every shipped language's letters have keys; ids are stable */
	assert_int_equal(keyboard_find("pl", 0x142), KB_LETTERS);
	assert_int_equal(keyboard_find("ar", 0x661), KB_DIGITS);
	assert_int_equal(keyboard_find("en", 0x416), -1);
	char id[48];
	keyboard_key_id(0x105, id, sizeof id);
	assert_string_equal(id, "key.u0105");
	keyboard_key_id('a', id, sizeof id);
	assert_string_equal(id, "key.a");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full_session_sent),
		cmocka_unit_test(test_comment_screen),
		cmocka_unit_test(test_comment_skip_asks),
		cmocka_unit_test(test_help_first_thanks_stays),
		cmocka_unit_test(test_again_with_help_first),
		cmocka_unit_test(test_comment_off),
		cmocka_unit_test(test_comment_words),
		cmocka_unit_test(test_single_service_skips_service_screen),
		cmocka_unit_test(test_service_not_said),
		cmocka_unit_test(test_back_keeps_answers),
		cmocka_unit_test(test_back_from_first_question_goes_to_service),
		cmocka_unit_test(test_skip_and_not_applicable),
		cmocka_unit_test(test_change_from_review),
		cmocka_unit_test(test_dont_send_deletes),
		cmocka_unit_test(test_start_again_everywhere),
		cmocka_unit_test(test_start_again_no_keeps_everything),
		cmocka_unit_test(test_start_again_dialog_times_out),
		cmocka_unit_test(test_next_keeps_the_answer),
		cmocka_unit_test(test_clear_an_answer_on_purpose),
		cmocka_unit_test(test_back_from_a_change_undoes_a_clear),
		cmocka_unit_test(test_timeout_then_more_time),
		cmocka_unit_test(test_timeout_resets),
		cmocka_unit_test(test_activity_postpones_timeout),
		cmocka_unit_test(test_welcome_forgets_an_unfinished_visit),
		cmocka_unit_test(test_access_keeps_answers_and_time),
		cmocka_unit_test(test_access_mid_session),
		cmocka_unit_test(test_thanks_returns_to_welcome),
		cmocka_unit_test(test_no_double_submit),
		cmocka_unit_test(test_stray_events_cannot_skip),
		cmocka_unit_test(test_save_failed_never_says_sent),
	};
	return cmocka_run_group_tests_name("survey", tests, NULL, NULL);
}
