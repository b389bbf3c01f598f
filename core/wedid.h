/* wedid.h - the "You said, we did" file: what clients said and what each
 * service did about it, per service and month (docs/design.md, "Acting on
 * it").  The kiosk shows the newest entries on Welcome; heard-report puts
 * them on the poster and marks them on the run charts.
 *
 *     [2026-11 Counselling]
 *     you_said = Appointments felt rushed.
 *     we_did = First appointments are now one hour.
 *     we_did.es = Las primeras citas ahora duran una hora.
 *
 * Read like the config: every error names the file and the line. */
#ifndef HEARD_WEDID_H
#define HEARD_WEDID_H

#include <stddef.h>

/* One you_said or we_did: at most this many characters and bytes (it
 * must fit the kiosk's Welcome on a 7-inch screen, beside the rest) */
#define WEDID_MAX_CHARS 120
#define WEDID_MAX_TEXT 300

typedef struct WeDid WeDid;

/* Read `path`.  Returns 0 with *out set (free with wedid_free), or -1
 * with "path:line: problem" in err and *out NULL. */
int wedid_load(WeDid **out, const char *path, char *err, size_t errlen);
void wedid_free(WeDid *w);

/* Entries, oldest month first, in file order within a month. */
int wedid_count(const WeDid *w);
const char *wedid_period(const WeDid *w, int i);  /* "YYYY-MM" */
const char *wedid_service(const WeDid *w, int i); /* as written in the section */
int wedid_line(const WeDid *w, int i);            /* of its [section], for messages */
/* The entry's words in language `lang` ("es"); the default language's
 * when lang is NULL or the entry has no words in it.  you_said may be "". */
const char *wedid_you_said(const WeDid *w, int i, const char *lang);
const char *wedid_we_did(const WeDid *w, int i, const char *lang);

/* 1 when entry i has words of its own in language `lang`, else 0. */
int wedid_has(const WeDid *w, int i, const char *lang);
/* The entry of `service`'s newest month, or -1 when it has none. */
int wedid_newest(const WeDid *w, const char *service);
/* Every entry's service among `services` and every language it gives its
 * own words in among `langs` (the config's): 0, or -1 with
 * "path:line: problem" in err (the section's line, or the key's). */
int wedid_check(const WeDid *w, const char *const services[], int nservices,
                const char *const langs[], int nlangs, char *err, size_t errlen);
#endif
