/* fuzz_config.c - libFuzzer target: the kiosk's configuration file.
 *
 * The input is a --config file.  It goes through what heard-kiosk's
 * load_content() does with it: config_load() (the embedded default,
 * then the file, through inifile.c and libinih), then config_questions()
 * against the shipped question set.  Both must either succeed with
 * values inside their bounds or fail with a message that names the
 * file, as README.md "Configuration" promises.  What loads is inert text:
 * no control character, only well-formed UTF-8, no service named like
 * heard-report's ALL or Not said rows, and a staff_pin that is empty or
 * an argon2id hash. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "config.h"
#include "strtab.h"

#include "fuzz.h"

static QuestionSet shipped; /* assets/strings/questions.ini */

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	fuzz_shipped_qset(&shipped);
	return 0;
}

/* Text with no byte below 0x20, no DEL, no C1 control (U+0080-U+009F), and
 * only well-formed UTF-8 (no overlong form, surrogate, or cut sequence). */
static int inert(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	while (*u) {
		unsigned cp;
		int n = *u < 0x80 ? 0 : *u >= 0xF0 ? 3 : *u >= 0xE0 ? 2 : *u >= 0xC0 ? 1 : -1;
		if (n < 0 || *u > 0xF4)
			return 0;
		cp = n ? *u & (0x3Fu >> n) : *u;
		for (int i = 1; i <= n; i++) {
			if ((u[i] & 0xC0) != 0x80)
				return 0;
			cp = cp << 6 | (u[i] & 0x3Fu);
		}
		static const unsigned least[] = { 0, 0x80, 0x800, 0x10000 };
		if (cp < least[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) ||
		    cp < 0x20 || (cp >= 0x7F && cp <= 0x9F))
			return 0;
		u += n + 1;
	}
	return 1;
}

/* Every text field is terminated inside its array. */
static void check_config(const Config *c)
{
	FUZZ_CHECK(c->nlangs >= 1 && c->nlangs <= CONFIG_MAX_LANGS, "nlangs %d", c->nlangs);
	FUZZ_CHECK(c->nservices >= 0 && c->nservices <= SURVEY_MAX_SERVICES, "nservices %d", c->nservices);
	FUZZ_CHECK(c->nenabled >= 0 && c->nenabled <= SURVEY_MAX_QUESTIONS, "nenabled %d", c->nenabled);
	FUZZ_CHECK(c->threshold >= 10, "threshold %lu", c->threshold);
	FUZZ_CHECK(memchr(c->name, 0, sizeof c->name) && memchr(c->database, 0, sizeof c->database) &&
	           memchr(c->help_line, 0, sizeof c->help_line) &&
	           memchr(c->default_lang, 0, sizeof c->default_lang), "unterminated text");
	int found = 0;
	for (int i = 0; i < c->nlangs; i++) {
		FUZZ_CHECK(memchr(c->langs[i], 0, sizeof c->langs[i]) && c->langs[i][0], "language %d", i);
		found |= !strcmp(c->langs[i], c->default_lang);
	}
	FUZZ_CHECK(found, "default_language '%s' not in languages", c->default_lang);
	for (int i = 0; i < c->nservices; i++) {
		FUZZ_CHECK(memchr(c->services[i], 0, sizeof c->services[i]) && c->services[i][0],
		           "service %d", i);
		FUZZ_CHECK(inert(c->services[i]), "service %d is not inert text", i);
		char trimmed[64];
		const char *s = c->services[i] + strspn(c->services[i], " ");
		size_t len = strlen(s);
		while (len && s[len - 1] == ' ')
			len--;
		snprintf(trimmed, sizeof trimmed, "%.*s", (int)len, s);
		FUZZ_CHECK(strcasecmp(trimmed, "ALL") && strcasecmp(trimmed, "Not said"),
		           "service %d is named like a report row: '%s'", i, c->services[i]);
	}
	FUZZ_CHECK(inert(c->name) && inert(c->database) && inert(c->help_line) &&
	           inert(c->default_lang), "a [kiosk] value is not inert text");
	for (int i = 0; i < c->nlangs; i++)
		FUZZ_CHECK(inert(c->langs[i]), "language %d is not inert text", i);
	FUZZ_CHECK(!c->staff_pin[0] || !strncmp(c->staff_pin, "$argon2id$v=19$m=", 17),
	           "staff_pin accepted: not an argon2id hash");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_memfile(data, size);
	static Config c;
	char err[1024];
	if (config_load(&c, path, err, sizeof err)) {
		FUZZ_CHECK(fuzz_names_file(err, path), "message does not name the file: %s", err);
		return 0;
	}
	check_config(&c);
	int idx[SURVEY_MAX_QUESTIONS];
	int n = config_questions(&c, &shipped, idx, err, sizeof err);
	if (n < 0) {
		FUZZ_CHECK(fuzz_names_file(err, path), "message does not name the file: %s", err);
		return 0;
	}
	FUZZ_CHECK(n <= shipped.n, "%d questions of %d", n, shipped.n);
	for (int i = 0; i < n; i++) {
		FUZZ_CHECK(idx[i] >= 0 && idx[i] < shipped.n, "index %d", idx[i]);
		for (int j = 0; j < i; j++)
			FUZZ_CHECK(idx[i] != idx[j], "question %d twice", idx[i]);
	}
	return 0;
}
