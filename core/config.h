/* config.h - the kiosk's configuration (README.md "Configuration").
 *
 * The embedded default (config_default_text) is parsed exactly like a
 * file, so it is always valid; a --config file then overrides key by key.
 * Lists (service, languages, enabled) given in the file replace the
 * default list. */
#ifndef HEARD_CONFIG_H
#define HEARD_CONFIG_H

#include <stddef.h>

#include "store.h"
#include "strtab.h"
#include "contract.h"

#define CONFIG_MAX_LANGS 16

/* One language's own services ([services.CODE]) or help line
 * (help_line.CODE): shown to a client in that language; reports and the
 * database keep the default names. */
typedef struct {
	char code[16];
	int line;                          /* where it was first given */
	int nservices;                     /* 0: no [services.CODE] */
	char services[SURVEY_MAX_SERVICES][64];
	char help_line[160];               /* "": none given */
	int help_line_line;
} ConfigLang;


typedef struct {
	char source[512];                  /* file the values came from */
	char name[64];                     /* kiosk name, kept in the database */
	char database[512];
	Period period;
	char help_line[160];
	char staff_pin[128];               /* crypto_pwhash_str() argon2id hash, "" for none */
	int nlangs;
	char langs[CONFIG_MAX_LANGS][16];
	char default_lang[16];
	int nservices;
	char services[SURVEY_MAX_SERVICES][64];
	int nenabled;                      /* 0: every question in the set */
	char enabled[SURVEY_MAX_QUESTIONS][QSET_ID_MAX];
	int enabled_line;                  /* for messages about `enabled` */
	unsigned long inactivity_s, more_time_s, thanks_s;
	unsigned long repeat_press_ms;     /* ignore a second press this soon */
	unsigned long we_did_s;            /* Welcome's "we did" entries take turns this often */
	char we_did[1024];                 /* the "You said, we did" file (wedid.h), "" none:
	                                    * relative to the config file's folder */
	int we_did_line;                   /* where `we_did` was given */
	int test_mode;                     /* allows --trace */
	unsigned long threshold;           /* heard-report: smallest group shown (>= 10) */
	unsigned long screen_w_mm, screen_h_mm; /* the display's visible size */
	int comments_ask;                  /* [comments] ask: show the comment screen */
	char comments_redact[1024];        /* [comments] redact: staff names, comma-separated,
	                                    * for redact_comment(); "" none */
	int replaced;                      /* bit per list replaced from file */
	int nlocal;
	ConfigLang local[CONFIG_MAX_LANGS]; /* per-language services and help line */
} Config;

extern const char config_default_text[];

/* Load the embedded default, then `path` if not NULL.  Every value must be
 * UTF-8 text without control characters; a service may not be named like
 * heard-report's rows (ALL, Not said); staff_pin must be empty or a hash
 * made by heard-kiosk --hash-pin.
 * Returns 0, or -1 with "file:line: key 'k': problem" in err. */
int config_load(Config *c, const char *path, char *err, size_t errlen);

/* A client's view in language `code`: the services in that language (the
 * default names where it has none, in the same order), and the help line.
 * names must hold SURVEY_MAX_SERVICES pointers into c. */
void config_services_in(const Config *c, const char *code, const char *names[]);
const char *config_help_line_in(const Config *c, const char *code);

/* Whether s is text a person may read: NULL when it is well-formed UTF-8
 * without control or invisible characters, else the problem, worded to
 * follow "key 'k' ..." (values of the config and of the we-did file). */
const char *config_text_problem(const char *s);

/* Resolve `enabled` against the question set into a list of indexes
 * ("all": every question not marked optional in questions.ini).
 * Returns the count, or -1 with a message naming the file and line. */
int config_questions(const Config *c, const QuestionSet *qs,
                     int out[SURVEY_MAX_QUESTIONS], char *err, size_t errlen);
#endif
