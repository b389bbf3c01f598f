/* report.h - what heard-report's output formats share.  report.c reads
 * the databases and writes text, CSV and JSON; report_html.c writes the
 * HTML report and the waiting-room poster from the same Report. */
#ifndef HEARD_REPORT_H
#define HEARD_REPORT_H

#include <stdio.h>

#include "config.h"
#include "strtab.h"
#include "tally.h"

#define REPORT_NOTE "Kiosk answers are not comparable with postal surveys."
/* Why figures are missing, in plain words (printf: the threshold). */
#define REPORT_HIDDEN "Groups with fewer than %d answers are not shown. When any group is " \
	"hidden, even a few people who would rather not say their service, the total for ALL " \
	"is hidden too, or it would give them away; each service's own figures stay. A service " \
	"with few people a month can count by quarter (period = quarter)."
#define REPORT_TREND 12 /* months in a trend */
#define REPORT_MAX_MONTHS 36 /* in one report */

typedef struct {
	const QuestionSet *qs;
	const Tally *t;       /* periods: the trend months, then the requested ones */
	int first;            /* index in t of the first requested period */
	const char *service;  /* --service, or NULL for every service */
	const char *from, *to;
	const Strings *strings[CONFIG_MAX_LANGS]; /* poster languages, may be empty */
	int nstrings;
} Report;

extern const char *const report_constructs[3];

/* What a hidden group says instead of figures: "not shown", whether it is
 * small itself (why == 1) or hidden to protect a small one (why == 2).
 * Saying which would tell a reader that the one holds fewer than the
 * threshold and the other at least as many, enough to work out much of
 * what the hiding protects (tests/audit/audit.py --reasons).  buf must
 * hold 32 bytes. */
const char *report_hidden(const Report *r, int why, char *buf);

int report_wanted(const Report *r, int s);
/* The services to show, in display order (by name, "ALL" last), in an
 * array the caller frees, their number in *n.  Every format lists
 * services in this order.  Out of memory ends the program. */
int *report_services(const Report *r, int *n);
const char *report_service_name(const Report *r, int s);
/* Construct score of service s in the last requested month minus the
 * month before; 0 with *ok = 0 when either is hidden. */
double report_change(const Report *r, int s, int k, int *ok);
/* Median of the shown trend values of construct k for service s; -1 if none. */
double report_median(const Report *r, int s, int k);

void report_html(FILE *f, const Report *r);
void report_poster(FILE *f, const Report *r);
#endif
