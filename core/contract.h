/* contract.h - the data contract every heard program shares: how many
 * questions and services there can be, and the values an answer and a
 * service take in memory and in the database (docs/design.md "Storage").
 *
 * The kiosk's survey (kiosk/survey.h), the store, the reports and the
 * simulator all take these from here; nothing else defines them. */
#ifndef HEARD_CONTRACT_H
#define HEARD_CONTRACT_H

#define SURVEY_MAX_QUESTIONS 32
#define SURVEY_MAX_SERVICES  32

/* What a client gave for one question. */
enum {
	ANSWER_NONE = -2,           /* not reached yet (never stored) */
	ANSWER_NOT_APPLICABLE = -1, /* "Does not apply" */
	ANSWER_SKIPPED = 0,         /* "Skip" */
	/* 1..5: Not at all .. Yes, fully */
};

#define SERVICE_NOT_SAID (-1) /* "I'd rather not say" */
#define SERVICE_NONE     (-2) /* not chosen yet (never stored) */

#endif
