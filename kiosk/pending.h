/* pending.h - answers the database could not take yet.
 *
 * When a save fails (disk full, read-only, locked, deleted folder), the
 * client's response is kept here, in memory, and retried; the client is
 * told it will be saved, never that it was sent.  On exit what is still
 * waiting goes to a recovery file beside the database (mode 0600), which
 * the next start saves into the database and then removes.  The queue is
 * bounded: when it is full, a save failure is told to the client as one.
 *
 * The recovery file is text, one response per "R" line followed by its
 * "A" lines; fields are tab-separated, with %, tab, CR and LF written as
 * %25, %09, %0D, %0A:
 *     heard-recovery 1
 *     R	<kiosk>	<service>	<period>	<question-set version>
 *     A	<question id>	<value>
 * It holds no time and no order beyond the file's own. */
#ifndef HEARD_PENDING_H
#define HEARD_PENDING_H

#include <stddef.h>

#include "store.h"
#include "strtab.h"

#define PENDING_MAX 64

typedef struct {
	char kiosk[64], service[64], period[16], qset[32];
	int n;
	char question[SURVEY_MAX_QUESTIONS][QSET_ID_MAX];
	int value[SURVEY_MAX_QUESTIONS];
} PendingItem;

typedef struct {
	int n;
	PendingItem item[PENDING_MAX];
} Pending;

/* Keep a copy of r.  -1 when the queue is full (or r does not fit). */
int pending_add(Pending *p, const StoreResponse *r);
/* Save what is waiting, oldest first, until one fails.  Returns how many
 * are still waiting (0: all saved); the first error is in err. */
int pending_flush(Pending *p, Store *st, char *err, size_t errlen);
/* Write what is waiting to path (through a temporary file and a rename),
 * or remove path when nothing is.  0, or -1 with "path: problem". */
int pending_write(const Pending *p, const char *path, char *err, size_t errlen);
/* Add the responses of recovery file path to p.  Returns how many were
 * read (0 when there is no file), or -1 with "path:line: problem"; a
 * broken file is left where it is, untouched. */
int pending_read(Pending *p, const char *path, char *err, size_t errlen);
#endif
