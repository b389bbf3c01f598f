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
 *     heard-recovery 2
 *     token	<32 letters a-p>
 *     R	<kiosk>	<service>	<period>	<question-set version>
 *     A	<question id>	<value>
 *     C	<kiosk>	<service>	<period>	<comment as kept>
 * with every C line after every R and A line, in an order of its own.
 * It holds no time and no order: each write puts the responses in a
 * fresh random order (the queue's order is arrival order; the store keeps
 * only counts, so the order they are saved in changes nothing), and sets
 * the file's modification and access times to the Unix epoch, a time that
 * says nothing, where the time of the write would date the last Send.
 * (Its change time and its folder's times are the kernel's to set.)
 *
 * A file is read only when every record in it is one this kiosk could
 * have written (pending_read's PendingRules); one that is not is moved
 * aside whole (pending_move_aside) and nothing in it is saved.  What is
 * saved goes into the period open when it is saved, never an older one:
 * a closed period never changes. */
#ifndef HEARD_PENDING_H
#define HEARD_PENDING_H

#include <stddef.h>
#include <time.h>

#include "store.h"
#include "strtab.h"

#define PENDING_MAX 64

typedef struct {
	char kiosk[64], service[64], period[16], qset[32];
	int n;
	char question[SURVEY_MAX_QUESTIONS][QSET_ID_MAX];
	int value[SURVEY_MAX_QUESTIONS];
} PendingItem;

/* A comment waits apart from the responses: in the file its C line
 * follows no R line of its own, and the comments are shuffled on their
 * own, so nothing there ties one to the answers it came with. */
typedef struct {
	char kiosk[64], service[64], period[16];
	char text[STORE_COMMENT_MAX + 1];
} PendingComment;

typedef struct {
	int n;
	PendingItem item[PENDING_MAX];
	int nc;                        /* comments waiting, never more than n */
	PendingComment comment[PENDING_MAX];
	char token[33]; /* the random id of the recovery file on disk ("" none) */
} Pending;

/* What a recovery file may hold: records of this kiosk (its configured
 * name), of one of its services (or "" for "I'd rather not say"), for a
 * month ("2026-11") or quarter ("2026-Q4") that is not after `now`, with
 * answers only to the questions asked now, each at most once, 1..5, 0
 * (skipped), or -1 where the question offers "Does not apply". */
typedef struct {
	const char *kiosk;
	int nservices;
	const char *service[SURVEY_MAX_SERVICES];
	int nq;
	const char *qid[SURVEY_MAX_QUESTIONS];
	int has_na[SURVEY_MAX_QUESTIONS];
	time_t now;
} PendingRules;

/* Keep a copy of r (and of its comment, apart).  -1 when the queue is
 * full (or r does not fit). */
int pending_add(Pending *p, const StoreResponse *r);
/* Forget everything waiting, wiping the memory it held. */
void pending_clear(Pending *p);
/* Save everything waiting, each into the period `period` (the one open
 * now; NULL: each its own), in one transaction, all or none, which also
 * records the recovery file on disk (p->token) as saved
 * (store_mark_recovered): a crash before the file is removed cannot save
 * its responses twice.  Returns how many are still waiting (0: all
 * saved); the error is in err. */
int pending_flush(Pending *p, Store *st, const char *period, char *err, size_t errlen);
/* Write what is waiting to path (through a temporary file and a rename)
 * with a new random id (p->token), or remove path when nothing is.  0, or
 * -1 with "path: problem". */
int pending_write(Pending *p, const char *path, char *err, size_t errlen);
/* 1 when st records p's recovery file (read by pending_read) as saved
 * already: its responses must not be saved again. */
int pending_saved_already(const Pending *p, Store *st);
/* Add the responses of recovery file path to p, all or none.  Returns
 * how many were read (0 when there is no file); -1 when it cannot be read
 * as this user's own private file (a link, another owner, a mode open to
 * others, not a regular file), with "path: problem"; -2 when its content
 * is refused (a broken file, or a record `rules` do not allow), with
 * "path:line: problem".  The file is left where it is, untouched. */
int pending_read(Pending *p, const char *path, const PendingRules *rules, char *err,
                 size_t errlen);
/* Move path aside to "path.KIND-N" (N the first number free), and with it
 * path+side[i] for each side that exists (to "path.KIND-N"+side), never
 * replacing any file: each is moved with rename(2)'s RENAME_NOREPLACE
 * (or link(2) and unlink(2) where the filesystem lacks it), and when one
 * of the names for N is taken, what was moved goes back and N+1 is tried.
 * 0 with the new name of path in out; -1 with "path: problem" in out. */
int pending_move_aside(const char *path, const char *kind, const char *const *side, int nside,
                       char *out, size_t outlen);
#endif
