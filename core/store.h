/* store.h - the one module that owns heard's database.
 *
 * Schema, migrations, prepared statements and every SQL statement against
 * heard's tables live in store.c; every program (kiosk, report, simulate)
 * goes through this interface.  The storage contract is docs/design.md's
 * "Anonymity rules": schema v3 keeps running counts only, per period,
 * service, question and value; no row stands for one response, so nothing
 * in the file tells one client, or the order they came in, from another.
 * v4 adds the clients' comments, each with only its service and period
 * and a random key, in a table of their own. */
#ifndef HEARD_STORE_H
#define HEARD_STORE_H

#include <stddef.h>
#include <time.h>

#include "contract.h"

#define STORE_SCHEMA_VERSION 4
#define STORE_APPLICATION_ID 0x68656172 /* "hear" */

/* How responses are grouped: calendar months ("2026-11", the default) or
 * quarters ("2026-Q4", for small services). */
typedef enum { PERIOD_MONTH, PERIOD_QUARTER } Period;

typedef struct Store Store;

typedef struct {
	const char *question; /* question id, e.g. "heard.listen" */
	int value;            /* 1..5, ANSWER_SKIPPED, ANSWER_NOT_APPLICABLE */
} StoreAnswer;

typedef struct {
	const char *kiosk;    /* configured kiosk name (not stored per response) */
	const char *service;  /* service name, or "" for "I'd rather not say" */
	const char *period;   /* from store_period() */
	const char *qset;     /* question-set version (not stored per response) */
	int n;
	StoreAnswer a[SURVEY_MAX_QUESTIONS];
	/* the client's own words as kept (redacted already: redact.h), or
	 * NULL / "" for none: stored in the same transaction, in a table of
	 * their own with only the service and period, never tied to the
	 * counts above */
	const char *comment;
} StoreResponse;

/* A comment's longest form in bytes: 500 characters of up to 4 bytes. */
#define STORE_COMMENT_MAX 2000

/* Open a heard database: with `create`, for writing, creating it with mode
 * 0600 if missing; without, read-only (heard-report), never changing it.
 * Never follows a symlink.  With `create`, refuses a database, -wal or
 * -shm that is a symlink, belongs to another user or can be read or
 * written by group or others, naming the file and the command that fixes
 * it.  Refuses files that are not SQLite, SQLite files of other programs
 * and newer schema versions; migrates older ones (v1/v2 rows are folded
 * into counts and erased).  NULL with "path: problem" in err on failure.
 * Free with store_close(). */
Store *store_open(const char *path, int create, char *err, size_t errlen);
void store_close(Store *st);

/* Record the configured kiosk name, right after opening.  When the file
 * held another non-empty name (it was copied to another machine and that
 * one renamed) it takes a fresh database id and returns 1; 0 when the
 * name was unchanged or set for the first time; -1 with a message. */
int store_set_kiosk(Store *st, const char *name, char *err, size_t errlen);
/* The kiosk name stored in the file ("" if none).  0, or -1 with a
 * message. */
int store_kiosk_name(Store *st, char out[64], char *err, size_t errlen);

/* Add one response to the counts (1 to count_response, 1 per answer to
 * count_answer) in one durable transaction.  Refuses a period older than
 * the newest period already in the file: a closed period never changes.
 * After each committed save (outside a batch) no -wal or -shm file is
 * left beside the database.  Returns 0 once committed, -1 with a message
 * (nothing written). */
int store_save(Store *st, const StoreResponse *r, char *err, size_t errlen);
/* Add one comment alone (the recovery file keeps comments apart from the
 * responses: pending.c), as store_save() does: text is non-empty UTF-8
 * without control characters, at most STORE_COMMENT_MAX bytes. */
int store_save_comment(Store *st, const char *period, const char *service, const char *text,
                       char *err, size_t errlen);

/* Read the counts of the periods from month `from` to month `to`
 * ("YYYY-MM", both included) that are closed at `now`: first the
 * responses per period and service (question NULL, value 0), then, with
 * `answers`, the answers per period, service, question and value.  The
 * period label is passed as stored: "2026-11", or "2026-Q4" for a
 * quarter, which is included when its last month is in [from, to].  An
 * open or future period is never passed.  fn returns 0 to go on, 1 to
 * stop early, or -1 for an error of its own.  Returns 0; -1 with a
 * message in err; or -2 when fn failed (err untouched). */
typedef int (*StoreCountFn)(void *user, const char *service, const char *period,
                            const char *question, int value, long long n);
int store_each_count(Store *st, const char *from, const char *to, int answers,
                     StoreCountFn fn, void *user, time_t now, char *err, size_t errlen);
/* The comments of the periods from month `from` to month `to` closed at
 * `now`, as store_each_count() chooses them, each with its service,
 * period and random key (k: 128 random bits as text, drawn when it was
 * saved, so an equal key in another file is the same comment, copied),
 * in key order: by period, service and key, so never in the order they
 * came in.  fn returns 0 to go on, 1 to stop, -1 for an error of its
 * own; returns as store_each_count(). */
typedef int (*StoreCommentFn)(void *user, const char *service, const char *period,
                              const char *key, const char *text);
int store_each_comment(Store *st, const char *from, const char *to, StoreCommentFn fn,
                       void *user, time_t now, char *err, size_t errlen);
/* The file's random id, 32 letters a-p, made when it was created: every
 * copy of one kiosk's database carries the same one.  0, or -1 with a
 * message. */
int store_database_id(Store *st, char out[33], char *err, size_t errlen);

/* A copy of the database at path in the new file copy holding the
 * periods closed at `now` only, written in key order into a fresh file
 * (mode 0600, one file, no -wal or -shm), inside one read transaction, so
 * safe while the kiosk is saving; two copies differ by whole closed
 * periods or not at all.  The copy keeps the database id and kiosk name:
 * heard-report counts it once with the original.  0; 2 (path is not a
 * readable heard database, or copy exists or cannot be made) or 1 (the
 * copy failed, and is removed), with a message in err. */
int store_backup(const char *path, const char *copy, time_t now, char *err, size_t errlen);

/* Bulk writing (heard-simulate): saves between begin and end share one
 * transaction, each response still all-or-nothing.  Never used by the
 * kiosk, which commits every response before thanking the client. */
int store_batch_begin(Store *st, char *err, size_t errlen);
int store_batch_end(Store *st, char *err, size_t errlen);
/* Undo everything since store_batch_begin. */
void store_batch_abort(Store *st);
/* Inside a batch: record that the recovery file carrying `token` (its
 * random id, pending.c) is saved, in the same transaction as its
 * responses; store_recovered() reads it back (out "" when none; 1 found,
 * 0 none, -1 error).  A crash between the commit and the file's removal
 * then never saves its responses twice. */
int store_mark_recovered(Store *st, const char *token, char *err, size_t errlen);
int store_recovered(Store *st, char out[65]);

/* 0 when the file at the path it was opened with is no longer the one
 * open (removed, or replaced by another file). */
int store_still_there(const Store *st);
/* 1 when path is an SQLite file that is damaged (fails quick_check, or
 * cannot be read as a database though it has SQLite's header). */
int store_damaged(const char *path);
/* Responses stored in one period (the staff screen); -1 if unreadable. */
long store_count(Store *st, const char *period);
/* The newest period stored (as store_save() orders them), "" in an empty
 * file: a clock earlier than it is implausible.  0, or
 * -1 (unreadable; out ""). */
int store_newest_period(Store *st, char out[16]);
/* The newest period this database has seen the kiosk's clock in: the
 * later (by first month) of the newest period stored and meta
 * 'newest_period' (store_see_period()), "" when neither: a clock whose
 * period ended before it began is wrong (staff_clock_wrong()).  A file
 * without the key (older heard) gives the newest period stored.  0, or
 * -1 (unreadable). */
int store_newest_seen(Store *st, char out[16]);
/* Remember that the clock was in period ("2026-11" or "2026-Q4", the
 * configured kind, never finer: no day, no time) in meta
 * 'newest_period', unless a period beginning as late or later is there
 * already.  The kiosk calls it while its clock is plausible, at start and
 * when the period changes, so that a clock later put back into a period
 * already over (a saved clock restored at boot) is seen to be wrong even
 * when no answer was stored since.  1 written, 0 nothing to write, -1
 * with a message. */
int store_see_period(Store *st, const char *period, char *err, size_t errlen);
/* The period label of time t (local time): "2026-11" or "2026-Q4". */
void store_period(char out[16], time_t t, Period p);
/* 1 when the month ("2026-11") or quarter ("2026-Q4") `label` has ended
 * in every time zone at `now` (from 12:00 UTC on the first day after
 * it), whatever TZ the caller has; 0 when it is open somewhere or in the
 * future; -1 for a label that is neither.  Copies and reports take only
 * such periods. */
int store_period_closed(const char *label, time_t now);
/* 0 when the local time zone at t is one store_period_closed() allows
 * for, UTC-12 to UTC+14; else -1 with a message naming the offset (a
 * kiosk further west would still be counting a period copies already
 * hold as closed, and two copies could tell one client apart). */
int store_zone_ok(time_t t, char *err, size_t errlen);
#endif
