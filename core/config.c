/* config.c - parsing and checking the configuration.  Start reading at
 * config_load(); each [section] has one small function. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "inifile.h"
#include "tally.h"
#include "util.h"

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
	"we_did_seconds = 8\n"
	"[test]\n"
	"test_mode = no\n"
	"[report]\n"
	"threshold = 10\n"
	"[screen]\n"
	"width_mm = 217\n"
	"height_mm = 136\n"
	"; ask = yes shows the optional comment screen; a service opts in once\n"
	"; it has decided who reads comments.  redact = staff names to remove.\n"
	"[comments]\n"
	"ask = no\n";

enum { LIST_SERVICES = 1, LIST_LANGS = 2, LIST_ENABLED = 4 };

typedef struct {
	Config *c;
	int from_file;
	int line;
	int no_value;      /* the problem must not repeat the value */
	char msg[160];     /* a problem that needs the value in it */
} Load;

/* ---- helpers ----------------------------------------------------------- */

static int copy(char *dst, size_t n, const char *v)
{
	if (!*v || strlen(v) >= n)
		return -1;
	strcpy(dst, v);
	return 0;
}

/* Every value is text a person reads on the kiosk or in a report: only
 * well-formed UTF-8, no control or invisible character (util_unsafe).
 * Returns the problem, or NULL. */
const char *config_text_problem(const char *s)
{
	while (*s) {
		unsigned cp;
		int n = util_utf8(s, &cp);
		if (!n)
			return "is not valid UTF-8 text (save the file as UTF-8)";
		if (util_unsafe(cp))
			return "holds a control or invisible character (a tab, an escape, a zero-width "
			       "space, a direction override, ...); write plain text";
		s += n;
	}
	return NULL;
}

/* Step over exactly n base64 characters (no padding) at *s. */
static int b64_run(const char **s, size_t n)
{
	static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t got = strspn(*s, b64);
	*s += got;
	return got == n;
}

/* Step over prefix and a decimal number from min to max at *s, written
 * without leading zeros, as libsodium writes it. */
static int num_field(const char **s, const char *prefix, unsigned long min, unsigned long max)
{
	size_t p = strlen(prefix);
	if (strncmp(*s, prefix, p))
		return 0;
	*s += p;
	size_t d = strspn(*s, "0123456789");
	if (!d || d > 9 || (**s == '0' && d > 1))
		return 0;
	unsigned long v = 0;
	for (size_t i = 0; i < d; i++)
		v = v * 10 + (unsigned long)((*s)[i] - '0');
	*s += d;
	return v >= min && v <= max;
}

/* A staff_pin value as crypto_pwhash_str() writes it with heard-kiosk
 * --hash-pin's limits or stronger ones:
 * $argon2id$v=19$m=<KiB>,t=<passes>,p=1$<22 base64 salt>$<43 base64 hash>.
 * A hash outside these limits either was not made by heard or would take
 * more memory than a kiosk has, and staff could never get out. */
static int pin_hash_ok(const char *v)
{
	const char *s = v;
	if (strncmp(s, "$argon2id$v=19$", 15))
		return 0;
	s += 15;
	if (!num_field(&s, "m=", crypto_pwhash_MEMLIMIT_INTERACTIVE / 1024,
	               crypto_pwhash_MEMLIMIT_SENSITIVE / 1024) ||
	    !num_field(&s, ",t=", crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_OPSLIMIT_SENSITIVE) ||
	    !num_field(&s, ",p=", 1, 1) || *s++ != '$' || !b64_run(&s, 22) || *s++ != '$' ||
	    !b64_run(&s, 43) || *s)
		return 0;
	return sodium_init() >= 0 &&
	       crypto_pwhash_str_needs_rehash(v, crypto_pwhash_OPSLIMIT_INTERACTIVE,
	                                      crypto_pwhash_MEMLIMIT_INTERACTIVE) != -1;
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

/* The per-language entry for code (made on first sight); NULL when there
 * are more than CONFIG_MAX_LANGS. */
static ConfigLang *local_for(Load *l, const char *code)
{
	Config *c = l->c;
	for (int i = 0; i < c->nlocal; i++)
		if (!strcmp(c->local[i].code, code))
			return &c->local[i];
	if (c->nlocal == CONFIG_MAX_LANGS || strlen(code) >= sizeof c->local[0].code)
		return NULL;
	ConfigLang *g = &c->local[c->nlocal++];
	memset(g, 0, sizeof *g);
	strcpy(g->code, code);
	g->line = l->line;
	return g;
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
	if (!strncmp(k, "help_line.", 10)) { /* help_line.es: the line in Spanish */
		ConfigLang *g = local_for(l, k + 10);
		if (!g)
			return "too many languages";
		if (g->help_line[0])
			return "given twice";
		g->help_line_line = l->line;
		return copy(g->help_line, sizeof g->help_line, v) ? "must be 1 to 159 bytes" : NULL;
	}
	if (!strcmp(k, "staff_pin")) {
		l->no_value = 1; /* it may be the PIN itself: never repeat it */
		if (!*v) {
			c->staff_pin[0] = '\0';
			return NULL;
		}
		if (!pin_hash_ok(v) || copy(c->staff_pin, sizeof c->staff_pin, v))
			return "not a PIN hash made by heard-kiosk --hash-pin "
			       "(run it and copy the line it prints; never the PIN itself)";
		return NULL;
	}
	if (!strcmp(k, "default_language"))
		return copy(c->default_lang, sizeof c->default_lang, v) ? "must be a language code" : NULL;
	if (!strcmp(k, "period")) {
		if (!strcmp(v, "month")) c->period = PERIOD_MONTH;
		else if (!strcmp(v, "quarter")) c->period = PERIOD_QUARTER;
		else if (!strcmp(v, "week") || !strcmp(v, "day")) {
			snprintf(l->msg, sizeof l->msg, "'%s' is no longer offered (a week or a day "
			         "can single a person out); use month or quarter", v);
			l->no_value = 1;
			return l->msg;
		} else
			return "must be month or quarter";
		return NULL;
	}
	if (!strcmp(k, "we_did")) { /* a path relative to the config file's folder */
		char dir[1024];
		util_folder_of(c->source, dir);
		c->we_did_line = l->line;
		int n = v[0] == '/' || !strcmp(dir, ".") ? snprintf(c->we_did, sizeof c->we_did, "%s", v)
		      : snprintf(c->we_did, sizeof c->we_did, "%s/%s", dir, v);
		if (!*v || n >= (int)sizeof c->we_did)
			c->we_did[0] = '\0';
		return !*v ? "must be a file path" : !c->we_did[0] ? "the path is too long" : NULL;
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
	const char *row = tally_row_name(v);
	if (row) {
		snprintf(l->msg, sizeof l->msg, "'%s' is taken: heard-report's '%s' row would "
		         "look like it; choose another name", v, row);
		l->no_value = 1;
		return l->msg;
	}
	if (copy(c->services[c->nservices], sizeof c->services[0], v))
		return "must be 1 to 63 bytes";
	c->nservices++;
	return NULL;
}

/* [services.es]: the same services, in the same order, in one language. */
static const char *local_services_key(Load *l, const char *code, const char *k, const char *v)
{
	if (strcmp(k, "service"))
		return "unknown key (use 'service = <name>', once per service, in the order of [services])";
	ConfigLang *g = local_for(l, code);
	if (!g)
		return "too many languages";
	if (!g->nservices)
		g->line = l->line;
	if (g->nservices == SURVEY_MAX_SERVICES)
		return "too many services (at most 32)";
	for (int i = 0; i < g->nservices; i++)
		if (!strcmp(g->services[i], v))
			return "this service is listed twice";
	if (copy(g->services[g->nservices], sizeof g->services[0], v))
		return "must be 1 to 63 bytes";
	g->nservices++;
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
		{ "we_did_seconds", &c->we_did_s, 3, 600 },
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

/* [comments] redact: names of 1 to 60 characters, at most 40.  Control
 * characters were refused before (config_text_problem). */
static const char *redact_names_problem(const char *v)
{
	int names = 0;
	while (*v) {
		size_t len = strcspn(v, ","), chars = 0;
		const char *s = v, *e = v + len;
		while (s < e && *s == ' ')
			s++;
		while (e > s && e[-1] == ' ')
			e--;
		for (; s < e; s++)
			chars += ((unsigned char)*s & 0xc0) != 0x80; /* UTF-8 lead bytes */
		v += len;
		if (!chars || (*v == ',' && !v[1]))
			return "a name is empty (two commas together, or a comma at an end?)";
		if (chars > 60)
			return "a name is longer than 60 characters";
		if (++names > 40)
			return "lists more than 40 names";
		v += *v == ',';
	}
	return NULL;
}

static const char *comments_key(Load *l, const char *k, const char *v)
{
	Config *c = l->c;
	if (!strcmp(k, "ask"))
		return inifile_bool(v, &c->comments_ask) ? "must be yes or no" : NULL;
	if (strcmp(k, "redact"))
		return "unknown key (use 'ask = yes|no' or 'redact = Name, Name')";
	const char *problem = redact_names_problem(v);
	if (problem)
		return problem;
	if (strlen(v) >= sizeof c->comments_redact)
		return "the list is too long (at most 1023 bytes)";
	strcpy(c->comments_redact, v);
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
		{ "comments", comments_key },
	};
	Load *l = user;
	l->line = line;
	l->no_value = 0;
	if (config_text_problem(section) || config_text_problem(key)) { /* never echo them either */
		snprintf(err, errlen, "a key or [section] name %s", config_text_problem(section)
		         ? config_text_problem(section) : config_text_problem(key));
		return 0;
	}
	int local = !strncmp(section, "services.", 9) && section[9]; /* [services.es] */
	for (size_t i = 0; i < sizeof sections / sizeof *sections; i++) {
		if (strcmp(section, sections[i].name) && !(local && i == 1))
			continue;
		const char *problem = config_text_problem(value);
		if (problem) /* never echo such bytes to a terminal */
			l->no_value = 1;
		else if (local)
			problem = local_services_key(l, section + 9, key, value);
		else
			problem = sections[i].fn(l, key, value);
		if (problem && l->no_value)
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
	for (int i = 0; i < c->nlocal; i++) {
		const ConfigLang *g = &c->local[i];
		int offered = 0;
		for (int j = 0; j < c->nlangs; j++)
			offered |= !strcmp(c->langs[j], g->code);
		if (!offered) {
			if (g->nservices)
				snprintf(err, errlen, "%s:%d: [services.%s]: '%s' is not one of the offered "
				         "languages (key 'languages')", c->source, g->line, g->code, g->code);
			else
				snprintf(err, errlen, "%s:%d: key 'help_line.%s': '%s' is not one of the offered "
				         "languages (key 'languages')", c->source, g->help_line_line, g->code,
				         g->code);
			return -1;
		}
		if (g->nservices && g->nservices != c->nservices) {
			snprintf(err, errlen, "%s:%d: [services.%s] lists %d service%s, [services] %d: list "
			         "the same services in the same order", c->source, g->line, g->code,
			         g->nservices, g->nservices == 1 ? "" : "s", c->nservices);
			return -1;
		}
	}
	return 0;
}

void config_services_in(const Config *c, const char *code, const char *names[])
{
	const ConfigLang *g = NULL;
	for (int i = 0; i < c->nlocal; i++)
		if (!strcmp(c->local[i].code, code) && c->local[i].nservices == c->nservices)
			g = &c->local[i];
	for (int i = 0; i < c->nservices; i++)
		names[i] = g ? g->services[i] : c->services[i];
}

const char *config_help_line_in(const Config *c, const char *code)
{
	for (int i = 0; i < c->nlocal; i++)
		if (!strcmp(c->local[i].code, code) && c->local[i].help_line[0])
			return c->local[i].help_line;
	return c->help_line;
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
	if (c->nenabled == 0) { /* "all": every question but the optional ones (fft.overall) */
		int n = 0;
		for (int i = 0; i < qs->n; i++)
			if (!qs->q[i].optional)
				out[n++] = i;
		return n;
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
