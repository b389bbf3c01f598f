/* strtab.h - the question set and one language's string table.
 *
 * Both are INI files under assets/strings/ (format in README.md):
 * questions.ini fixes the ids, constructs and order of the question set;
 * <lang>.ini holds every client-facing string of one language.  Every
 * key the kiosk uses is listed once, in STRING_KEYS, so a missing or
 * unknown key is caught at load time, never on a client's screen. */
#ifndef HEARD_STRTAB_H
#define HEARD_STRTAB_H

#include <stddef.h>

#include "contract.h"

#define STRING_KEYS(X) \
	X(S_WELCOME_TITLE,     "welcome.title") \
	X(S_WELCOME_PROMISE,   "welcome.promise") \
	X(S_WELCOME_START,     "welcome.start") \
	X(S_SERVICE_TITLE,     "service.title") \
	X(S_SERVICE_NOT_SAID,  "service.not_said") \
	X(S_PROGRESS,          "question.progress") \
	X(S_SKIP,              "question.skip") \
	X(S_NOT_APPLY,         "question.not_apply") \
	X(S_BACK,              "question.back") \
	X(S_ANSWER_1,          "answer.1") \
	X(S_ANSWER_2,          "answer.2") \
	X(S_ANSWER_3,          "answer.3") \
	X(S_ANSWER_4,          "answer.4") \
	X(S_ANSWER_5,          "answer.5") \
	X(S_FFT_1,             "fft.answer.1") \
	X(S_FFT_2,             "fft.answer.2") \
	X(S_FFT_3,             "fft.answer.3") \
	X(S_FFT_4,             "fft.answer.4") \
	X(S_FFT_5,             "fft.answer.5") \
	X(S_FFT_DONT_KNOW,     "fft.dont_know") \
	X(S_QUESTION_MORE,     "question.more") \
	X(S_QUESTION_ANSWERS,  "question.answers") \
	X(S_START_AGAIN,       "start_again") \
	X(S_REVIEW_TITLE,      "review.title") \
	X(S_REVIEW_HINT,       "review.hint") \
	X(S_REVIEW_SERVICE,    "review.service") \
	X(S_REVIEW_SKIPPED,    "review.skipped") \
	X(S_REVIEW_NOT_APPLY,  "review.not_apply") \
	X(S_REVIEW_SEND,       "review.send") \
	X(S_REVIEW_DISCARD,    "review.discard") \
	X(S_REVIEW_MORE,       "review.more") \
	X(S_REVIEW_FIRST,      "review.first") \
	X(S_REVIEW_PAGE,       "review.page") \
	X(S_REVIEW_FAILED,     "review.save_failed") \
	X(S_COMMENT_TITLE,     "comment.title") \
	X(S_COMMENT_HINT,      "comment.hint") \
	X(S_COMMENT_SKIP,      "comment.skip") \
	X(S_COMMENT_NEXT,      "comment.next") \
	X(S_COMMENT_BACK,      "comment.back") \
	X(S_COMMENT_TEXT,      "comment.text") \
	X(S_COMMENT_EMPTY,     "comment.empty") \
	X(S_COMMENT_SWITCH_HELP, "comment.switch_help") \
	X(S_COMMENT_SPACE,     "comment.space") \
	X(S_COMMENT_BACKSPACE, "comment.backspace") \
	X(S_COMMENT_DIGITS,    "comment.digits") \
	X(S_COMMENT_LETTERS,   "comment.letters") \
	X(S_COMMENT_DIGITS_SAID, "comment.digits_said") \
	X(S_COMMENT_LETTERS_SAID, "comment.letters_said") \
	X(S_COMMENT_NOW_DIGITS, "comment.now_digits") \
	X(S_COMMENT_NOW_LETTERS, "comment.now_letters") \
	X(S_SIGN_FULL_STOP, "sign.full_stop") \
	X(S_SIGN_COMMA, "sign.comma") \
	X(S_SIGN_QUESTION, "sign.question") \
	X(S_SIGN_EXCLAMATION, "sign.exclamation") \
	X(S_SIGN_APOSTROPHE, "sign.apostrophe") \
	X(S_SIGN_DASH, "sign.dash") \
	X(S_SIGN_OPEN_BRACKET, "sign.open_bracket") \
	X(S_SIGN_CLOSE_BRACKET, "sign.close_bracket") \
	X(S_SIGN_SLASH, "sign.slash") \
	X(S_SIGN_COLON, "sign.colon") \
	X(S_SIGN_SEMICOLON, "sign.semicolon") \
	X(S_SIGN_QUOTE, "sign.quote") \
	X(S_SIGN_AND, "sign.and") \
	X(S_SIGN_PLUS, "sign.plus") \
	X(S_SIGN_OPEN_QUESTION, "sign.open_question") \
	X(S_SIGN_OPEN_EXCLAMATION, "sign.open_exclamation") \
	X(S_COMMENT_FULL,      "comment.full") \
	X(S_REVIEW_COMMENT,    "review.comment") \
	X(S_REVIEW_COMMENT_REMOVED, "review.comment_removed") \
	X(S_REVIEW_REMOVED,    "review.removed") \
	X(S_THANKS_DANGER,     "thanks.danger") \
	X(S_SENDING,           "sending") \
	X(S_THANKS_SENT,       "thanks.sent") \
	X(S_THANKS_KEPT,       "thanks.kept") \
	X(S_THANKS_DELETED,    "thanks.deleted") \
	X(S_THANKS_HELP,       "thanks.help") \
	X(S_THANKS_DONE,       "thanks.done") \
	X(S_TIMEOUT_TITLE,     "timeout.title") \
	X(S_TIMEOUT_MORE,      "timeout.more") \
	X(S_TIMEOUT_RESTART,   "timeout.restart") \
	X(S_AGAIN_TITLE,       "again.title") \
	X(S_AGAIN_YES,         "again.yes") \
	X(S_AGAIN_NO,          "again.no") \
	X(S_NEXT,              "question.next") \
	X(S_CLEARED,           "question.cleared") \
	X(S_TIMEOUT_DELETED,   "timeout.deleted") \
	X(S_LAST_MONTH,        "welcome.last_month") \
	X(S_WELCOME_YOU_SAID,  "welcome.you_said") \
	X(S_WELCOME_WE_DID,    "welcome.we_did") \
	X(S_WELCOME_MORE_WE_DID, "welcome.more_we_did") \
	X(S_WELCOME_ACCESS, "welcome.access") \
	X(S_ACCESS_TITLE, "access.title") \
	X(S_ACCESS_TEXT, "access.text") \
	X(S_ACCESS_CONTRAST_0, "access.contrast.0") \
	X(S_ACCESS_CONTRAST_1, "access.contrast.1") \
	X(S_ACCESS_CONTRAST_2, "access.contrast.2") \
	X(S_ACCESS_SPEECH_OFF, "access.speech.off") \
	X(S_ACCESS_SPEECH_ON, "access.speech.on") \
	X(S_ACCESS_RATE, "access.rate") \
	X(S_ACCESS_VOLUME, "access.volume") \
	X(S_ACCESS_INPUT_0, "access.input.0") \
	X(S_ACCESS_INPUT_1, "access.input.1") \
	X(S_ACCESS_INPUT_2, "access.input.2") \
	X(S_ACCESS_SCAN, "access.scan") \
	X(S_ACCESS_RESET, "access.reset") \
	X(S_ACCESS_DONE, "access.done") \
	X(S_ACCESS_KEYS, "access.keys") \
	X(S_ACCESS_LANGUAGE, "access.language") \
	X(S_BAR_ACCESS, "bar.access") \
	X(S_SPEECH_REPEAT, "speech.repeat") \
	X(S_SPEECH_STOP, "speech.stop") \
	X(S_ACCESS_SMALLER, "access.smaller") \
	X(S_ACCESS_BIGGER, "access.bigger") \
	X(S_ACCESS_SLOWER, "access.slower") \
	X(S_ACCESS_FASTER, "access.faster") \
	X(S_ACCESS_QUIETER, "access.quieter") \
	X(S_ACCESS_LOUDER, "access.louder") \
	X(S_ACCESS_PAGE, "access.page") \
	X(S_SAFETY_WORDS, "safety.words") /* never shown: redact.h safety_match() */ \
	X(S_QUESTION_KEYS_HELP, "question.keys_help") \
	X(S_QUESTION_KEYS_HELP_EXTRA, "question.keys_help_extra") \
	X(S_WELCOME_LANG_HELP, "welcome.lang_help") \
	X(S_DISCARD_TITLE,     "again.discard") \
	X(S_AGAIN_WORDS,       "again.words") \
	X(S_AGAIN_WORDS_KEPT,  "again.words_kept") \
	X(S_AGAIN_KEPT,        "again.kept") \
	X(S_YOUR_ANSWER,       "question.your_answer") \
	X(S_CHOSEN,            "chosen") \
	X(S_ANSWER_PLACE,      "answer.place") \
	X(S_POSTER_TITLE,      "poster.title") \
	X(S_POSTER_INTRO,      "poster.intro") \
	X(S_POSTER_HEARD,      "poster.heard") \
	X(S_POSTER_RESPECTED,  "poster.respected") \
	X(S_POSTER_CONTROL,    "poster.control") \
	X(S_POSTER_FEW,        "poster.few") \
	X(S_POSTER_THANKS,     "poster.thanks") \
	X(S_MONTH_1, "month.1") X(S_MONTH_2, "month.2") X(S_MONTH_3, "month.3") \
	X(S_MONTH_4, "month.4") X(S_MONTH_5, "month.5") X(S_MONTH_6, "month.6") \
	X(S_MONTH_7, "month.7") X(S_MONTH_8, "month.8") X(S_MONTH_9, "month.9") \
	X(S_MONTH_10, "month.10") X(S_MONTH_11, "month.11") X(S_MONTH_12, "month.12") \
	X(S_MONTH_IN_1, "month_in.1") X(S_MONTH_IN_2, "month_in.2") X(S_MONTH_IN_3, "month_in.3") \
	X(S_MONTH_IN_4, "month_in.4") X(S_MONTH_IN_5, "month_in.5") X(S_MONTH_IN_6, "month_in.6") \
	X(S_MONTH_IN_7, "month_in.7") X(S_MONTH_IN_8, "month_in.8") X(S_MONTH_IN_9, "month_in.9") \
	X(S_MONTH_IN_10, "month_in.10") X(S_MONTH_IN_11, "month_in.11") X(S_MONTH_IN_12, "month_in.12")

#define X(e, k) e,
typedef enum { STRING_KEYS(X) S_COUNT } StringId;
#undef X

/* Plural categories (CLDR, for whole numbers).  A [ui] key may have
 * variants "key.one", "key.few", ... chosen by the language's rule for the
 * number {n}; the key itself is the fallback ("other").  Each language's
 * rule is strings_plural(): en, es one/other; pl, uk one/few/many; ar
 * zero/one/two/few/many/other; any other code has "other" only. */
typedef enum { PLURAL_ZERO, PLURAL_ONE, PLURAL_TWO, PLURAL_FEW, PLURAL_MANY, PLURAL_OTHER,
               PLURAL_COUNT } Plural;

#define QSET_ID_MAX 32

/* A question's answers (questions.ini `answers`): heard's own five
 * (Not at all .. Yes, fully), or the NHS Friends and Family Test's
 * (Very poor .. Very good, and Don't know in the not-applicable slot). */
typedef enum { ANSWERS_HEARD, ANSWERS_FFT } AnswerSet;

typedef struct {
	char id[QSET_ID_MAX];        /* e.g. "heard.listen" */
	char construct[QSET_ID_MAX]; /* heard | respected | in control | none */
	int has_na;                  /* offers "Does not apply" (FFT: "Don't know") */
	int answers;                 /* AnswerSet */
	int optional;                /* asked only when `[questions] enabled` names it */
} Question;

typedef struct {
	char version[32];            /* stored with every response */
	int n;
	Question q[SURVEY_MAX_QUESTIONS];
} QuestionSet;

typedef struct {
	char code[16];               /* "en" */
	char name[64];               /* the language named in itself */
	int rtl;                     /* written right to left */
	int reviewed;                /* checked by a fluent speaker */
	char *text[S_COUNT];         /* owned */
	char *plural[S_COUNT][PLURAL_COUNT]; /* owned, NULL where not given */
	char *question[SURVEY_MAX_QUESTIONS]; /* owned, in QuestionSet order */
} Strings;

/* Return 0, or -1 with "file:line: problem" in err. */
int qset_load(const char *path, QuestionSet *qs, char *err, size_t errlen);
int qset_find(const QuestionSet *qs, const char *id); /* index or -1 */
int strings_load(const char *path, const QuestionSet *qs, Strings *s,
                 char *err, size_t errlen);
void strings_free(Strings *s);
const char *strings_key(StringId id);

/* The plural category of the whole number n in language `code`, and the
 * categories that language uses (a bit per Plural). */
Plural strings_plural(const char *code, long n);
unsigned strings_plural_set(const char *code);
/* Text `id` for the number n: its variant for n's category, or the key
 * itself when the language gives none. */
const char *strings_count(const Strings *s, StringId id, long n);
/* strings_count() with {n} formatted in: "Last month, 9 in 10 ...". */
void strings_format_n(char *out, size_t size, const Strings *s, StringId id, long n);

/* Copy `tmpl` into out, replacing each {name} with the matching value.
 * Unknown names are kept as written. */
void strings_format(char *out, size_t n, const char *tmpl,
                    const char *const names[], const char *const values[], int count);
/* The word the answers to check show for answer v (contract.h) of
 * question q (q NULL: heard's own answer set): 1..5 its face's word,
 * "Does not apply", or "Skipped" (for ANSWER_SKIPPED); an FFT question's
 * 1..5 are Very poor .. Very good, and its not-applicable answer is
 * "Don't know". */
const char *strings_answer_for(const Strings *L, const Question *q, int v);
/* The label of answer v (1..5) on the question's face, or of its
 * not-applicable button (v == ANSWER_NOT_APPLICABLE). */
const char *strings_answer_label(const Strings *L, int answers, int v);
#endif
