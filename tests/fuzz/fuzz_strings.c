/* fuzz_strings.c - libFuzzer target: the string tables and the question
 * set (assets/strings/<lang>.ini and questions.ini).
 *
 * Each input is read both ways, as the kiosk and heard-report read them:
 * as a language's string table with strings_load() against the shipped
 * question set, and as a question set with qset_load().  A table that
 * loads is then used the way the screens use it: every text through
 * strings_format() with the kiosk's {placeholders}, into a roomy buffer
 * and into tiny ones.  Failures must name the file (README.md "String
 * tables and the question set"). */
#include <stdio.h>
#include <string.h>

#include "strtab.h"

#include "fuzz.h"

static QuestionSet shipped; /* assets/strings/questions.ini */

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	fuzz_shipped_qset(&shipped);
	return 0;
}

/* Fill text's placeholders as the screens, the poster and Welcome do. */
static void format_all(const char *text)
{
	static const char *const names[] = { "n", "of", "help", "month" };
	static const char *const values[] = { "3", "8", "116 123 (Samaritans, free, day or night)",
	                                      "October" };
	char big[1024], small[8];
	strings_format(big, sizeof big, text, names, values, 4);
	FUZZ_CHECK(strlen(big) < sizeof big, "overflow");
	for (size_t n = 1; n <= sizeof small; n++) {
		memset(small, 'x', sizeof small);
		strings_format(small, n, text, names, values, 4);
		FUZZ_CHECK(strlen(small) < n, "wrote past %zu bytes", n);
	}
}

static void check_strings(const Strings *s, const QuestionSet *qs)
{
	FUZZ_CHECK(s->code[0] && memchr(s->code, 0, sizeof s->code), "code");
	FUZZ_CHECK(s->name[0] && memchr(s->name, 0, sizeof s->name), "name");
	for (int i = 0; i < S_COUNT; i++) {
		FUZZ_CHECK(s->text[i] && s->text[i][0], "missing %s", strings_key((StringId)i));
		format_all(s->text[i]);
	}
	for (int i = 0; i < qs->n; i++) {
		FUZZ_CHECK(s->question[i] && s->question[i][0], "missing question %d", i);
		format_all(s->question[i]);
	}
}

static void check_qset(const QuestionSet *qs)
{
	FUZZ_CHECK(qs->n >= 1 && qs->n <= SURVEY_MAX_QUESTIONS, "n %d", qs->n);
	FUZZ_CHECK(qs->version[0] && memchr(qs->version, 0, sizeof qs->version), "version");
	for (int i = 0; i < qs->n; i++) {
		const Question *q = &qs->q[i];
		FUZZ_CHECK(q->id[0] && memchr(q->id, 0, sizeof q->id), "id %d", i);
		FUZZ_CHECK(qset_find(qs, q->id) == i, "id '%s' twice", q->id);
		FUZZ_CHECK(!strcmp(q->construct, "heard") || !strcmp(q->construct, "respected") ||
		           !strcmp(q->construct, "in control") || !strcmp(q->construct, "none"),
		           "construct '%s'", q->construct);
		FUZZ_CHECK(q->has_na == 0 || q->has_na == 1, "has_na %d", q->has_na);
		FUZZ_CHECK(q->answers == ANSWERS_HEARD || (q->answers == ANSWERS_FFT && q->has_na &&
		           !strcmp(q->construct, "none")), "answers %d", q->answers);
		FUZZ_CHECK(q->optional == 0 || q->optional == 1, "optional %d", q->optional);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_memfile(data, size);
	char err[1024];
	Strings s;
	if (strings_load(path, &shipped, &s, err, sizeof err) == 0) {
		check_strings(&s, &shipped);
		strings_free(&s);
	} else {
		FUZZ_CHECK(fuzz_names_file(err, path), "message does not name the file: %s", err);
		for (int i = 0; i < S_COUNT; i++) /* freed on failure */
			FUZZ_CHECK(!s.text[i], "text %d kept after failure", i);
	}
	QuestionSet qs;
	if (qset_load(path, &qs, err, sizeof err) == 0)
		check_qset(&qs);
	else
		FUZZ_CHECK(fuzz_names_file(err, path), "message does not name the file: %s", err);
	return 0;
}
