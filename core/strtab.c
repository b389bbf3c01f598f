/* strtab.c - loading the question set and a language's string table.
 * Start reading at strings_load(). */
#include "strtab.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inifile.h"

#define X(e, k) k,
static const char *const keys[S_COUNT] = { STRING_KEYS(X) };
#undef X

static const char *const plural_names[PLURAL_COUNT] = {
	"zero", "one", "two", "few", "many", "other"
};

/* "none": a question outside every construct score (fft.overall) */
static const char *const constructs[] = { "heard", "respected", "in control", "none" };

const char *strings_key(StringId id) { return keys[id]; }

/* ---- question set ------------------------------------------------------ */

typedef struct {
	QuestionSet *qs;
	int set_line;                     /* line of [set], or 0 */
	int q_line[SURVEY_MAX_QUESTIONS]; /* line of each [id] section */
} QsetLoad;

static int valid_id(const char *id)
{
	size_t n = strlen(id);
	if (n == 0 || n >= QSET_ID_MAX)
		return 0;
	return strspn(id, "abcdefghijklmnopqrstuvwxyz0123456789._-") == n;
}

static int known_construct(const char *c)
{
	for (size_t i = 0; i < sizeof constructs / sizeof *constructs; i++)
		if (!strcmp(c, constructs[i]))
			return 1;
	return 0;
}

static int qset_key(void *user, const char *section, const char *key,
                    const char *value, int line, char *err, size_t errlen)
{
	QsetLoad *l = user;
	QuestionSet *qs = l->qs;
	if (!strcmp(section, "set")) {
		l->set_line = line;
		if (strcmp(key, "version") || !*value || strlen(value) >= sizeof qs->version) {
			snprintf(err, errlen, "[set] has only 'version = <text>', got '%s'", key);
			return 0;
		}
		strcpy(qs->version, value);
		return 1;
	}
	if (!valid_id(section)) {
		snprintf(err, errlen, "[%s] is not a valid question id (a-z, 0-9, '.', '_', '-')", section);
		return 0;
	}
	int i = qset_find(qs, section);
	if (i < 0) {
		if (qs->n == SURVEY_MAX_QUESTIONS) {
			snprintf(err, errlen, "more than %d questions", SURVEY_MAX_QUESTIONS);
			return 0;
		}
		i = qs->n++;
		strcpy(qs->q[i].id, section);
		qs->q[i].has_na = -1;
		l->q_line[i] = line;
	}
	Question *q = &qs->q[i];
	if (!strcmp(key, "construct")) {
		if (!known_construct(value)) {
			snprintf(err, errlen, "construct: '%s' is not heard, respected, in control or none", value);
			return 0;
		}
		strcpy(q->construct, value);
	} else if (!strcmp(key, "not_applicable")) {
		if (inifile_bool(value, &q->has_na)) {
			snprintf(err, errlen, "not_applicable: '%s' is not yes or no", value);
			return 0;
		}
	} else if (!strcmp(key, "answers")) {
		if (strcmp(value, "heard") && strcmp(value, "fft")) {
			snprintf(err, errlen, "answers: '%s' is not heard or fft", value);
			return 0;
		}
		q->answers = !strcmp(value, "fft") ? ANSWERS_FFT : ANSWERS_HEARD;
	} else if (!strcmp(key, "optional")) {
		if (inifile_bool(value, &q->optional)) {
			snprintf(err, errlen, "optional: '%s' is not yes or no", value);
			return 0;
		}
	} else {
		snprintf(err, errlen, "unknown key '%s' in [%s]", key, section);
		return 0;
	}
	return 1;
}

int qset_load(const char *path, QuestionSet *qs, char *err, size_t errlen)
{
	QsetLoad l = { .qs = qs };
	memset(qs, 0, sizeof *qs);
	if (inifile_parse(path, NULL, qset_key, &l, err, errlen))
		return -1;
	if (!qs->version[0]) {
		snprintf(err, errlen, "%s: missing [set] version", path);
		return -1;
	}
	if (qs->n == 0) {
		snprintf(err, errlen, "%s: no questions", path);
		return -1;
	}
	for (int i = 0; i < qs->n; i++) {
		const char *missing = !qs->q[i].construct[0] ? "construct"
		                    : qs->q[i].has_na < 0 ? "not_applicable" : NULL;
		if (missing) {
			snprintf(err, errlen, "%s:%d: [%s] is missing key '%s'", path,
			         l.q_line[i], qs->q[i].id, missing);
			return -1;
		}
		/* Don't know is the FFT's sixth answer, kept where Does not apply
		 * is; and its answers are no agreement a construct could average */
		const Question *q = &qs->q[i];
		if (q->answers == ANSWERS_FFT && (!q->has_na || strcmp(q->construct, "none"))) {
			snprintf(err, errlen, "%s:%d: [%s] has answers = fft: it needs not_applicable = yes "
			         "(Don't know) and construct = none", path, l.q_line[i], q->id);
			return -1;
		}
	}
	int asked = 0;
	for (int i = 0; i < qs->n; i++)
		asked += !qs->q[i].optional;
	if (asked == 0) {
		snprintf(err, errlen, "%s: every question is optional; 'enabled = all' would ask none", path);
		return -1;
	}
	return 0;
}

int qset_find(const QuestionSet *qs, const char *id)
{
	for (int i = 0; i < qs->n; i++)
		if (!strcmp(qs->q[i].id, id))
			return i;
	return -1;
}

/* ---- string table ------------------------------------------------------ */

typedef struct {
	const QuestionSet *qs;
	Strings *s;
	int lines;              /* lines read so far, for "missing" messages */
	int have_code, have_name;
	int plural_line[S_COUNT]; /* first line of a key's plural variants, 0 none */
} StringsLoad;

/* Store a copy of value in *slot; a second definition is an error. */
static int set_once(char **slot, const char *section, const char *key,
                    const char *value, char *err, size_t errlen)
{
	if (*slot) {
		snprintf(err, errlen, "key '%s' in [%s] is given twice", key, section);
		return 0;
	}
	if (!*value) {
		snprintf(err, errlen, "key '%s' in [%s] is empty", key, section);
		return 0;
	}
	*slot = strdup(value);
	return *slot != NULL;
}

static int language_key(StringsLoad *l, const char *key, const char *value,
                        char *err, size_t errlen)
{
	Strings *s = l->s;
	if (!strcmp(key, "code") && *value && strlen(value) < sizeof s->code) {
		strcpy(s->code, value);
		l->have_code = 1;
	} else if (!strcmp(key, "name") && *value && strlen(value) < sizeof s->name) {
		strcpy(s->name, value);
		l->have_name = 1;
	} else if (!strcmp(key, "direction") && (!strcmp(value, "ltr") || !strcmp(value, "rtl"))) {
		s->rtl = !strcmp(value, "rtl");
	} else if (!strcmp(key, "reviewed") && !inifile_bool(value, &s->reviewed)) {
		/* parsed */
	} else {
		snprintf(err, errlen, "[language] %s = '%s': not a known key with a valid value", key, value);
		return 0;
	}
	return 1;
}

static int strings_key_fn(void *user, const char *section, const char *key,
                          const char *value, int line, char *err, size_t errlen)
{
	StringsLoad *l = user;
	l->lines = line;
	if (!strcmp(section, "language"))
		return language_key(l, key, value, err, errlen);
	if (!strcmp(section, "ui")) {
		for (int i = 0; i < S_COUNT; i++)
			if (!strcmp(key, keys[i]))
				return set_once(&l->s->text[i], section, key, value, err, errlen);
		const char *dot = strrchr(key, '.');
		for (int i = 0; dot && i < S_COUNT; i++) /* "welcome.last_month.few" */
			if (strlen(keys[i]) == (size_t)(dot - key) && !strncmp(key, keys[i], (size_t)(dot - key)))
				for (int c = 0; c < PLURAL_COUNT; c++)
					if (!strcmp(dot + 1, plural_names[c])) {
						if (!l->plural_line[i])
							l->plural_line[i] = line;
						return set_once(&l->s->plural[i][c], section, key, value, err, errlen);
					}
	} else if (!strcmp(section, "questions")) {
		int i = qset_find(l->qs, key);
		if (i >= 0)
			return set_once(&l->s->question[i], section, key, value, err, errlen);
	}
	snprintf(err, errlen, "unknown key '%s' in [%s]", key, section);
	return 0;
}

/* A key with plural variants has every form of its language but "other"
 * (the key itself) and none the language has not.  0, or -1 with err. */
static int plural_problem(const Strings *s, StringId id, const char *path, int line,
                          char *err, size_t errlen)
{
	unsigned cats = strings_plural_set(s->code);
	for (int c = 0; c < PLURAL_COUNT; c++)
		if (s->plural[id][c] && !(cats >> c & 1)) {
			snprintf(err, errlen, "%s:%d: '%s.%s': language '%s' has no plural form '%s'",
			         path, line, keys[id], plural_names[c], s->code, plural_names[c]);
			return -1;
		}
	for (int c = 0; c < PLURAL_OTHER; c++)
		if (!s->plural[id][c] && (cats >> c & 1)) {
			snprintf(err, errlen, "%s:%d: '%s' has plural forms but not '%s.%s' (language "
			         "'%s' needs every one of its forms)", path, line, keys[id], keys[id],
			         plural_names[c], s->code);
			return -1;
		}
	return 0;
}

int strings_load(const char *path, const QuestionSet *qs, Strings *s,
                 char *err, size_t errlen)
{
	StringsLoad l = { .qs = qs, .s = s };
	memset(s, 0, sizeof *s);
	if (inifile_parse(path, NULL, strings_key_fn, &l, err, errlen))
		goto fail;
	if (!l.have_code || !l.have_name) {
		snprintf(err, errlen, "%s: [language] needs 'code' and 'name'", path);
		goto fail;
	}
	for (int i = 0; i < S_COUNT; i++)
		if (!s->text[i]) {
			snprintf(err, errlen, "%s:%d: missing key '%s' in [ui]", path, l.lines, keys[i]);
			goto fail;
		}
	for (int i = 0; i < S_COUNT; i++)
		if (l.plural_line[i] && plural_problem(s, (StringId)i, path, l.plural_line[i], err, errlen))
			goto fail;
	for (int i = 0; i < qs->n; i++)
		if (!s->question[i]) {
			snprintf(err, errlen, "%s:%d: missing question '%s' in [questions]",
			         path, l.lines, qs->q[i].id);
			goto fail;
		}
	return 0;
fail:
	strings_free(s);
	return -1;
}

void strings_free(Strings *s)
{
	for (int i = 0; i < S_COUNT; i++) {
		free(s->text[i]);
		for (int c = 0; c < PLURAL_COUNT; c++)
			free(s->plural[i][c]);
	}
	for (int i = 0; i < SURVEY_MAX_QUESTIONS; i++)
		free(s->question[i]);
	memset(s, 0, sizeof *s);
}

/* ---- plural forms (CLDR rules for whole numbers) ------------------------ */

Plural strings_plural(const char *code, long n)
{
	long a = n < 0 ? -n : n, m10 = a % 10, m100 = a % 100;
	if (!strcmp(code, "en") || !strcmp(code, "es"))
		return a == 1 ? PLURAL_ONE : PLURAL_OTHER;
	if (!strcmp(code, "pl"))
		return a == 1 ? PLURAL_ONE
		     : m10 >= 2 && m10 <= 4 && !(m100 >= 12 && m100 <= 14) ? PLURAL_FEW : PLURAL_MANY;
	if (!strcmp(code, "uk"))
		return m10 == 1 && m100 != 11 ? PLURAL_ONE
		     : m10 >= 2 && m10 <= 4 && !(m100 >= 12 && m100 <= 14) ? PLURAL_FEW : PLURAL_MANY;
	if (!strcmp(code, "ar"))
		return a == 0 ? PLURAL_ZERO : a == 1 ? PLURAL_ONE : a == 2 ? PLURAL_TWO
		     : m100 >= 3 && m100 <= 10 ? PLURAL_FEW : m100 >= 11 ? PLURAL_MANY : PLURAL_OTHER;
	return PLURAL_OTHER;
}

unsigned strings_plural_set(const char *code)
{
	unsigned other = 1u << PLURAL_OTHER;
	if (!strcmp(code, "en") || !strcmp(code, "es"))
		return other | 1u << PLURAL_ONE;
	if (!strcmp(code, "pl") || !strcmp(code, "uk")) /* whole numbers are never "other" */
		return 1u << PLURAL_ONE | 1u << PLURAL_FEW | 1u << PLURAL_MANY;
	if (!strcmp(code, "ar"))
		return other | 1u << PLURAL_ZERO | 1u << PLURAL_ONE | 1u << PLURAL_TWO |
		       1u << PLURAL_FEW | 1u << PLURAL_MANY;
	return other;
}

const char *strings_count(const Strings *s, StringId id, long n)
{
	const char *v = s->plural[id][strings_plural(s->code, n)];
	return v ? v : s->text[id];
}

void strings_format_n(char *out, size_t size, const Strings *s, StringId id, long n)
{
	char num[24];
	snprintf(num, sizeof num, "%ld", n);
	strings_format(out, size, strings_count(s, id, n), (const char *[]){ "n" },
	               (const char *[]){ num }, 1);
}

void strings_format(char *out, size_t n, const char *tmpl,
                    const char *const names[], const char *const values[], int count)
{
	size_t o = 0;
	while (*tmpl && o + 1 < n) {
		const char *close = *tmpl == '{' ? strchr(tmpl, '}') : NULL;
		int k = -1;
		for (int i = 0; close && i < count; i++)
			if (strlen(names[i]) == (size_t)(close - tmpl - 1) &&
			    !strncmp(tmpl + 1, names[i], (size_t)(close - tmpl - 1)))
				k = i;
		if (k >= 0) {
			size_t len = strlen(values[k]);
			if (len > n - 1 - o)
				len = n - 1 - o;
			memcpy(out + o, values[k], len);
			o += len;
			tmpl = close + 1;
		} else {
			out[o++] = *tmpl++;
		}
	}
	out[o] = '\0';
}

const char *strings_answer_for(const Strings *L, const Question *q, int v)
{
	int set = q ? q->answers : ANSWERS_HEARD;
	if (set == ANSWERS_FFT && ((v >= 1 && v <= 5) || v == ANSWER_NOT_APPLICABLE))
		return strings_answer_label(L, set, v);
	return v >= 1 && v <= 5 ? L->text[S_ANSWER_1 + v - 1]
	     : v == ANSWER_NOT_APPLICABLE ? L->text[S_REVIEW_NOT_APPLY] : L->text[S_REVIEW_SKIPPED];
}

const char *strings_answer_label(const Strings *L, int answers, int v)
{
	if (v == ANSWER_NOT_APPLICABLE)
		return L->text[answers == ANSWERS_FFT ? S_FFT_DONT_KNOW : S_NOT_APPLY];
	if (v < 1 || v > 5)
		return L->text[S_REVIEW_SKIPPED];
	return L->text[(answers == ANSWERS_FFT ? S_FFT_1 : S_ANSWER_1) + v - 1];
}
