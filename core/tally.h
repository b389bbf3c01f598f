/* tally.h - what heard-report counts, and what it may show.
 *
 * Counts read through the store are added here; tally_finish() then sums
 * ALL and applies the suppression rules of docs/design.md "Reporting rules".
 * No SQL and no output formatting: the store and heard-report's writers
 * (tools/report_text.c, tools/report_html.c) do those.  Start reading
 * at tally_finish() in tally.c. */
#ifndef HEARD_TALLY_H
#define HEARD_TALLY_H

#include <stddef.h>

#include "strtab.h"

#define TALLY_MAX_PERIODS  48 /* 36 months and their 12 quarters */
#define TALLY_MIN_THRESHOLD 10 /* groups smaller than this are never shown */
#define TALLY_MAX_COUNT 1000000000LL /* one stored count; more means a damaged file */

typedef struct {
	long v[6];          /* v[1..5]: answers of each value */
	long skipped, na;
	int suppressed;     /* 1 primary (too few), 2 secondary (protects another) */
} Cell;

typedef struct { double pct, low, high; } Prop; /* percentages, 95% Wilson */

typedef struct {
	const QuestionSet *qs;
	int threshold;
	int nservices;                  /* [0] is "ALL"; no limit, grows in tally_add */
	int cap;                        /* services the arrays below have room for */
	char (*service)[64];            /* "" = rather not say */
	int nperiods;
	char period[TALLY_MAX_PERIODS][16];          /* in time order */
	long (*responses)[TALLY_MAX_PERIODS];        /* [service][period] */
	int (*resp_suppressed)[TALLY_MAX_PERIODS];
	Cell *cells;        /* [service][period][question]: use tally_cell() */
	char error[128];    /* why tally_add returned -1 */
} Tally;

/* The cell of service s, period p, question q. */
#define tally_cell(t, s, p, q) (&(t)->cells[((size_t)(s) * (size_t)(t)->nperiods + (size_t)(p)) * \
                                            (size_t)(t)->qs->n + (size_t)(q)])

/* t must be all zeros (static, or from calloc) or freed with tally_free().
 * periods: the labels to report, in order.  Returns 0 or -1 (too many
 * periods, or out of memory). */
int tally_init(Tally *t, const QuestionSet *qs, int threshold,
               const char *const periods[], int nperiods);
/* Add n responses (question NULL) or n answers of one value to one
 * question (a StoreCountFn); periods not reported and questions no longer
 * in the set are passed over.  Returns 0, or -1 with the reason in
 * t->error (too many services, an impossible count). */
int tally_add(void *t, const char *service, const char *period, const char *question,
              int value, long long n);
/* Add every count of part (one kiosk's file, tallied with the same
 * question set and periods) into t.  A group of which the part holds
 * 1 to threshold-1 responses or answers is marked to be hidden however
 * large the sum: else a report over the other kiosks, subtracted, would
 * give that small part away.  0, or -1 as tally_add(). */
int tally_merge(Tally *t, const Tally *part);
/* Add the counts of merged tally from (not finished) in the periods t
 * reports into t, and keep from's marks of what is to be hidden there:
 * heard-report merges every kiosk over every period it might report,
 * then keeps the ones it does.  0, or -1 as tally_add(). */
int tally_keep(Tally *t, const Tally *from);
/* Sum ALL and apply primary and secondary suppression. */
void tally_finish(Tally *t);
/* Leave question q out of t and of qs (t->qs, which the caller owns):
 * its cells go and the later questions move up one.  heard-report does
 * this for an optional question (fft.overall) no file holds a count of,
 * so reports from kiosks that never ask it do not list it. */
void tally_drop_question(Tally *t, QuestionSet *qs, int q);
/* Does any group of t hold a count for question q? */
int tally_question_used(const Tally *t, int q);
/* Free what tally_init() and tally_add() allocated (not t itself); t is
 * left all zeros, ready for tally_init() again. */
void tally_free(Tally *t);

long cell_answered(const Cell *c);
Prop prop_wilson(long k, long n);   /* k of n, 95% Wilson score interval */
Prop cell_top_box(const Cell *c);   /* "Yes, fully" */
Prop cell_top_two(const Cell *c);   /* "Mostly" or "Yes, fully" */
/* Mean top-box % of a construct's questions; -1 when any is suppressed
 * or has no answers (then it is shown as suppressed). */
double tally_construct(const Tally *t, int s, int p, const char *construct);
/* "n in 10 people said Mostly or Yes, fully" to question qid for service
 * s in period p: n from 0 to 10, or -1 when that group is not shown.
 * For ALL (s 0) hidden, the shown services together: a figure their own
 * published cells give anyway.
 * The poster and the kiosk's Welcome line both use this. */
int tally_in_ten(const Tally *t, int s, int p, const char *qid);
int tally_service_index(const Tally *t, const char *name); /* -1 if absent */
/* The report's own row ("ALL", "Not said") that a service called name
 * would pass for (any case, spaces around it ignored), or NULL.  The
 * config refuses such a service, and tally_add() a file that holds one. */
const char *tally_row_name(const char *name);
#endif
