/* survey.h - the client's path through the kiosk as a pure state machine.
 *
 * No SDL, no SQLite, no clock: the caller passes the time in with every
 * event and asks survey_deadline() when it next needs a tick.  Start
 * reading at survey_handle() in survey.c. */
#ifndef HEARD_SURVEY_H
#define HEARD_SURVEY_H

#include <stdbool.h>
#include <stdint.h>

#include "contract.h"

#define SURVEY_CHANGE_SERVICE (-1) /* EV_CHANGE: change the service */
#define SURVEY_CHANGE_COMMENT (-2) /* EV_CHANGE: change the client's words */

typedef enum {
	SCREEN_WELCOME,
	SCREEN_SERVICE,
	SCREEN_QUESTION,
	SCREEN_REVIEW,
	SCREEN_SENDING, /* waiting for the caller to store the response */
	SCREEN_THANKS,
	SCREEN_TIMEOUT, /* "Are you still there?" and a countdown */
	SCREEN_ACCESS,  /* accessibility settings, over any screen */
	SCREEN_COMMENT, /* "Is there anything else you want to tell us?" (optional) */
} Screen;

typedef enum {
	EV_TICK,          /* time passed, nothing pressed */
	EV_START,         /* Welcome: Start */
	EV_SERVICE,       /* Service: arg = index or SERVICE_NOT_SAID */
	EV_ANSWER,        /* Question: arg = 1..5, ANSWER_SKIPPED, ANSWER_NOT_APPLICABLE */
	EV_NEXT,          /* Question already answered: move on, answer kept */
	EV_CLEAR,         /* Question: the selected answer pressed again: arg = it; cleared */
	EV_BACK,          /* Question: Back */
	EV_CHANGE,        /* Review: arg = question index, or SURVEY_CHANGE_SERVICE */
	EV_SEND,          /* Review: Send my answers */
	EV_DISCARD,       /* Review: Don't send, delete my answers (asks first) */
	EV_START_AGAIN,   /* any screen after Welcome: asks first where answers could be lost */
	EV_AGAIN_YES,     /* "Delete your answers and start again?" (or, after Discard,
	                   * "Delete your answers? Nothing will be sent."): Yes, delete */
	EV_AGAIN_NO,      /* ... No, go back (also the Back key) */
	EV_MORE_TIME,     /* Timeout: Yes, more time */
	EV_SAVED,         /* caller: the response is durably stored */
	EV_SAVE_FAILED,   /* caller: it could not be stored */
	EV_KEPT,          /* caller: not stored yet, but kept in memory and retried */
	EV_DONE,          /* Thanks: tap to finish */
	EV_ACCESS,        /* open the accessibility settings (and accessibility mode) */
	EV_ACCESS_DONE,   /* close them: back where the client was */
	EV_SKIP_COMMENT,  /* Comment: Skip (the words are deleted by the app) */
	EV_ACTIVITY,      /* any input that is not one of the above */
	EV_SURVEY_COUNT   /* the app's own events follow (screens.h) */
} EventType;

typedef struct {
	EventType type;
	int arg;
	uint32_t now_ms;
} Event;

/* What the caller must do after survey_handle(). */
typedef enum {
	ACT_NONE,
	ACT_SUBMIT, /* store survey_answers() now, then send EV_SAVED, EV_KEPT or EV_SAVE_FAILED */
	ACT_SESSION_OVER, /* the session ended (sent, deleted, timed out): the caller
	                   * resets everything for the next person (app.c session_over()) */
} Action;

typedef struct {
	int nquestions;                       /* enabled questions, in order */
	bool has_na[SURVEY_MAX_QUESTIONS];    /* offers "Does not apply" */
	int answers[SURVEY_MAX_QUESTIONS];    /* its words (strtab.h AnswerSet): 0 heard's,
	                                       * 1 the Friends and Family Test's */
	int nservices;                        /* configured services */
	uint32_t idle_ms;                     /* before "Do you need more time?" */
	uint32_t more_time_ms;                /* how long that question waits */
	uint32_t thanks_ms;                   /* thank-you screen before Welcome */
	uint32_t access_idle_ms;              /* the same two in accessibility mode: */
	uint32_t access_more_time_ms;         /* >= 2 minutes and >= 30 s */
	bool comment;                         /* [comments] ask: the comment screen
	                                       * after the last question */
} SurveySpec;

typedef struct {
	SurveySpec spec;
	Screen screen;
	Screen before_timeout;  /* where "Yes, more time" returns */
	Screen before_access;   /* where closing the settings returns */
	bool access;            /* accessibility mode: longer timeouts, until reset */
	int question;           /* current question index */
	bool changing;          /* came from Review to change one answer */
	int change_was;         /* that answer as it was: Back puts it back */
	bool sent;              /* Thanks: answers were sent (else deleted) */
	bool kept;              /* Thanks: answers kept, to be saved soon (never "sent") */
	bool save_failed;       /* Review: the last Send could not be stored */
	int service;            /* index, SERVICE_NOT_SAID or SERVICE_NONE */
	int answers[SURVEY_MAX_QUESTIONS];
	uint32_t last_activity; /* ms, for the inactivity timer */
	uint32_t entered;       /* ms when this screen appeared */
	bool touched;           /* Welcome was used (keys, settings): reset when idle */
	bool confirm_again;     /* "Delete your answers and start again?" shows over this screen */
	bool confirm_discard;   /* ... asked by Discard instead: "Delete your answers? Nothing
	                         * will be sent." (confirm_again is true too) */
	bool confirm_words;     /* ... asked by Skip with words typed: "Delete your words?"
	                         * (confirm_again is true too) */
	bool help_first;        /* the words matched a safety phrase (the app says so): the
	                         * thank-you screen, help line first, stays SURVEY_HELP_FIRST_MS */
} Survey;

void survey_init(Survey *s, const SurveySpec *spec, uint32_t now_ms);
Action survey_handle(Survey *s, Event ev);
/* Milliseconds (absolute, same clock as now_ms) when a tick is next due,
 * or 0 when nothing will happen without input. */
uint32_t survey_deadline(const Survey *s);
bool survey_can_go_back(const Survey *s);
/* The current question has an answer (1..5 or "Does not apply"): its
 * Skip control reads Next and keeps it. */
bool survey_answered(const Survey *s);
/* Inactivity limits now in force (longer in accessibility mode). */
uint32_t survey_idle_ms(const Survey *s);
/* The thank-you screen's time: thanks_ms, at least SURVEY_HELP_FIRST_MS
 * when the help line comes first. */
#define SURVEY_HELP_FIRST_MS 60000u
uint32_t survey_thanks_ms(const Survey *s);
uint32_t survey_more_time_ms(const Survey *s);
const char *survey_screen_name(Screen screen);

#endif
