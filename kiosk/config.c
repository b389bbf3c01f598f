/* config.c - parsing and checking the configuration.  Start reading at
 * config_load(); each [section] has one small function. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "inifile.h"

const char config_default_text[] =
	"; heard embedded default configuration\n"
	"[kiosk]\n"
	"name = kiosk\n"
	"database = heard.db\n"
	"period = month\n"
	"help_line = 116 123 (Samaritans, free, day or night)\n"
	"languages = en, es, pl, uk, ar\n"
	"default_language = en\n"
	"[services]\n"
	"service = Counselling\n"
	"service = Family support\n"
	"[questions]\n"
	"enabled = all\n"
	"[timeouts]\n"
	"inactivity_seconds = 60\n"
	"more_time_seconds = 30\n"
	"thanks_seconds = 10\n"
	"repeat_press_ms = 500\n"
	"[test]\n"
	"test_mode = no\n"
	"[report]\n"
	"threshold = 10\n"
	"[screen]\n"
	"width_mm = 217\n"
	"height_mm = 136\n";

enum { LIST_SERVICES = 1, LIST_LANGS = 2, LIST_ENABLED = 4 };

typedef struct {
	Config *c;
	int from_file;
	int line;
} Load;

/* ---- helpers ----------------------------------------------------------- */

static int copy(char *dst, size_t n, const char *v)
{
	if (!*v || strlen(v) >= n)
		return -1;
	strcpy(dst, v);
	return 0;
}

/* Split a comma-separated list into fixed slots; -1 if it does not fit. */
static int split_list(const char *v, char *slots, size_t width, int max)
{
	int n = 0;
	while (*v) {
		while (*v == ' ' || *v == ',')
			v++;
		size_t len = strcspn(v, ",");
		while (len && v[len - 1] == ' ')
			len--;
		if (!len)
			break;
		if (n == max || len >= width)
			return -1;
		memcpy(slots + (size_t)n * width, v, len);
		slots[(size_t)n * width + len] = '\0';
		n++;
		v += len;
		v += strcspn(v, ",");
	}
	return n;
}

/* Lists named in a file replace the default's list on first sight. */
static void replace_once(Load *l, int bit, int *count)
{
	if (l->from_file && !(l->c->replaced & bit)) {
		l->c->replaced |= bit;
		*count = 0;
	}
}

/* ---- one function per section ------------------------------------------ */

static const char *kiosk_key(Load *l, const char *k, const char *v)
{
	Config *c = l->c;
	if (!strcmp(k, "name"))
		return copy(c->name, sizeof c->name, v) ? "must be 1 to 63 bytes" : NULL;
	if (!strcmp(k, "database"))
		return copy(c->database, sizeof c->database, v) ? "must be a file path" : NULL;
	if (!strcmp(k, "help_line"))
		return copy(c->help_line, sizeof c->help_line, v) ? "must be 1 to 159 bytes" : NULL;
	if (!strcmp(k, "staff_pin")) {
		if (strncmp(v, "$argon2id$", 10) && strncmp(v, "$argon2i$", 9))
			return "must be a hash printed by 'heard-kiosk --hash-pin' (never the PIN itself)";
		return copy(c->staff_pin, sizeof c->staff_pin, v) ? "is too long for a PIN hash" : NULL;
	}
	if (!strcmp(k, "default_language"))
		return copy(c->default_lang, sizeof c->default_lang, v) ? "must be a language code" : NULL;
	if (!strcmp(k, "period")) {
		if (!strcmp(v, "month")) c->period = PERIOD_MONTH;
		else if (!strcmp(v, "quarter")) c->period = PERIOD_QUARTER;
		else return "must be month or quarter (week and day are gone: use month or quarter)";
		return NULL;
	}
	if (!strcmp(k, "languages")) {
		replace_once(l, LIST_LANGS, &c->nlangs);
		int n = split_list(v, &c->langs[0][0], sizeof c->langs[0], CONFIG_MAX_LANGS);
		if (n <= 0)
			return "must list 1 to 16 language codes, separated by commas";
		c->nlangs = n;
		return NULL;
	}
	return "unknown key";
}

static const char *services_key(Load *l, const char *k, const char *v)
{
	Config *c = l->c;
	if (strcmp(k, "service"))
		return "unknown key (use 'service = <name>', once per service)";
	replace_once(l, LIST_SERVICES, &c->nservices);
	if (c->nservices == SURVEY_MAX_SERVICES)
		return "too many services (at most 32)";
	for (int i = 0; i < c->nservices; i++)
		if (!strcmp(c->services[i], v))
			return "this service is listed twice";
	if (copy(c->services[c->nservices], sizeof c->services[0], v))
		return "must be 1 to 63 bytes";
	c->nservices++;
	return NULL;
}

static const char *questions_key(Load *l, const char *k, const char *v)
{
	Config *c = l->c;
	if (strcmp(k, "enabled"))
		return "unknown key";
	replace_once(l, LIST_ENABLED, &c->nenabled);
	c->enabled_line = l->line;
	if (!strcmp(v, "all")) {
		c->nenabled = 0;
		return NULL;
	}
	int n = split_list(v, &c->enabled[0][0], sizeof c->enabled[0], SURVEY_MAX_QUESTIONS);
	if (n <= 0)
		return "must be 'all' or question ids separated by commas";
	c->nenabled = n;
	return NULL;
}

static const char *timeouts_key(Load *l, const char *k, const char *v)
{
	Config *c = l->c;
	struct { const char *key; unsigned long *val, min, max; } t[] = {
		{ "inactivity_seconds", &c->inactivity_s, 10, 3600 },
		{ "more_time_seconds", &c->more_time_s, 5, 600 },
		{ "thanks_seconds", &c->thanks_s, 2, 600 },
		{ "repeat_press_ms", &c->repeat_press_ms, 0, 5000 },
	};
	for (size_t i = 0; i < sizeof t / sizeof *t; i++) {
		if (strcmp(k, t[i].key))
			continue;
		if (inifile_uint(v, t[i].min, t[i].max, t[i].val)) {
			static char msg[64];
			snprintf(msg, sizeof msg, "must be a whole number from %lu to %lu",
			         t[i].min, t[i].max);
			return msg;
		}
		return NULL;
	}
	return "unknown key";
}

static const char *test_key(Load *l, const char *k, const char *v)
{
	if (strcmp(k, "test_mode"))
		return "unknown key";
	return inifile_bool(v, &l->c->test_mode) ? "must be yes or no" : NULL;
}

static const char *report_key(Load *l, const char *k, const char *v)
{
	if (strcmp(k, "threshold"))
		return "unknown key";
	if (inifile_uint(v, 0, 1000000, &l->c->threshold))
		return "must be a whole number, 10 or more";
	if (l->c->threshold < 10)
		return "may be raised, never lowered below 10";
	return NULL;
}

static const char *screen_key(Load *l, const char *k, const char *v)
{
	unsigned long *dst = !strcmp(k, "width_mm") ? &l->c->screen_w_mm
	                   : !strcmp(k, "height_mm") ? &l->c->screen_h_mm : NULL;
	if (!dst)
		return "unknown key";
	if (inifile_uint(v, 40, 3000, dst))
		return "must be the visible size in millimetres, 40 to 3000";
	return NULL;
}

static int on_key(void *user, const char *section, const char *key,
                  const char *value, int line, char *err, size_t errlen)
{
	static const struct {
		const char *name;
		const char *(*fn)(Load *, const char *, const char *);
	} sections[] = {
		{ "kiosk", kiosk_key }, { "services", services_key },
		{ "questions", questions_key }, { "timeouts", timeouts_key },
		{ "test", test_key }, { "report", report_key }, { "screen", screen_key },
	};
	Load *l = user;
	l->line = line;
	for (size_t i = 0; i < sizeof sections / sizeof *sections; i++) {
		if (strcmp(section, sections[i].name))
			continue;
		const char *problem = sections[i].fn(l, key, value);
		if (problem && !strcmp(key, "staff_pin")) /* may be the PIN itself: never repeat it */
			snprintf(err, errlen, "key '%s': %s", key, problem);
		else if (problem)
			snprintf(err, errlen, "key '%s': %s (value '%s')", key, problem, value);
		return problem == NULL;
	}
	snprintf(err, errlen, "key '%s': unknown section [%s]", key, section);
	return 0;
}

/* ---- public ------------------------------------------------------------ */

static int check(const Config *c, char *err, size_t errlen)
{
	int found = 0;
	for (int i = 0; i < c->nlangs; i++)
		found |= !strcmp(c->langs[i], c->default_lang);
	if (!found) {
		snprintf(err, errlen, "%s: key 'default_language': '%s' is not in 'languages'",
		         c->source, c->default_lang);
		return -1;
	}
	return 0;
}

int config_load(Config *c, const char *path, char *err, size_t errlen)
{
	Load l = { .c = c };
	memset(c, 0, sizeof *c);
	strcpy(c->source, "(embedded default config)");
	if (inifile_parse(c->source, config_default_text, on_key, &l, err, errlen))
		return -1;
	if (path) {
		snprintf(c->source, sizeof c->source, "%s", path);
		l.from_file = 1;
		if (inifile_parse(path, NULL, on_key, &l, err, errlen))
			return -1;
	}
	return check(c, err, errlen);
}

int config_questions(const Config *c, const QuestionSet *qs,
                     int out[SURVEY_MAX_QUESTIONS], char *err, size_t errlen)
{
	if (c->nenabled == 0) {
		for (int i = 0; i < qs->n; i++)
			out[i] = i;
		return qs->n;
	}
	for (int i = 0; i < c->nenabled; i++) {
		out[i] = qset_find(qs, c->enabled[i]);
		if (out[i] < 0) {
			snprintf(err, errlen, "%s:%d: key 'enabled': unknown question '%s'",
			         c->source, c->enabled_line, c->enabled[i]);
			return -1;
		}
		for (int j = 0; j < i; j++)
			if (out[j] == out[i]) {
				snprintf(err, errlen, "%s:%d: key 'enabled': '%s' is listed twice",
				         c->source, c->enabled_line, c->enabled[i]);
				return -1;
			}
	}
	return c->nenabled;
}
