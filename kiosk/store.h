/* store.h - the one module that owns heard's database.
 *
 * Schema, migrations, prepared statements and every SQL statement against
 * heard's tables live in store.c; every program (kiosk, report, simulate)
 * goes through this interface.  The storage contract is DESIGN.md's
 * "Anonymity rules": a response holds only kiosk name, service, period,
 * question-set version and answers, under a random 128-bit id. */
#ifndef HEARD_STORE_H
#define HEARD_STORE_H

#include <stddef.h>
#include <time.h>

#include "survey.h"

#define STORE_SCHEMA_VERSION 2
#define STORE_APPLICATION_ID 0x68656172 /* "hear" */

typedef enum { PERIOD_MONTH, PERIOD_WEEK, PERIOD_DAY } Period;

typedef struct Store Store;

typedef struct {
	const char *question; /* question id, e.g. "heard.listen" */
	int value;            /* 1..5, ANSWER_SKIPPED, ANSWER_NOT_APPLICABLE */
} StoreAnswer;

typedef struct {
	const char *kiosk;    /* configured kiosk name */
	const char *service;  /* service name, or "" for "I'd rather not say" */
	const char *period;   /* from store_period() */
	const char *qset;     /* question-set version */
	int n;
	StoreAnswer a[SURVEY_MAX_QUESTIONS];
} StoreResponse;

/* Open a heard database: with `create`, for writing, creating it with mode
 * 0600 if missing; without, read-only (heard-report), never changing it.
 * Refuses files that are not SQLite, SQLite files of other programs and
 * newer schema versions; migrates older ones.  NULL with "path: problem"
 * in err on failure.  Free with store_close(). */
Store *store_open(const char *path, int create, char *err, size_t errlen);
void store_close(Store *st);

/* Write one response in one durable transaction under a fresh random id.
 * Returns 0 once committed, -1 with a message (nothing written). */
int store_save(Store *st, const StoreResponse *r, char *err, size_t errlen);

/* Read the running counts of the months [from, to] ("YYYY-MM"): first
 * the responses per period and service (question NULL, value 0), then,
 * with `answers`, the answers per period, service, question and value.
 * A period is given as its month: day periods ("2026-05-14") arrive one
 * row per day, so the same month and service come several times; weekly
 * periods cannot be split into months, so a file holding any is refused.
 * fn returns 0 to go on, 1 to stop early, or -1 for an error of its own.
 * Returns 0; -1 with a message in err; or -2 when fn failed (err
 * untouched). */
typedef int (*StoreCountFn)(void *user, const char *service, const char *month,
                            const char *question, int value, long long n);
int store_each_count(Store *st, const char *from, const char *to, int answers,
                     StoreCountFn fn, void *user, char *err, size_t errlen);
/* The file's random id, 32 letters a-p, made when it was created: every
 * copy of one kiosk's database carries the same one.  0, or -1 with a
 * message. */
int store_database_id(Store *st, char out[33], char *err, size_t errlen);

/* A consistent copy of the database at path in the new file copy (mode
 * 0600, one file, no -wal), through SQLite's online backup, so safe while
 * the kiosk is saving.  The copy keeps the database id: heard-report
 * counts it once with the original.  0; 2 (path is not a readable heard
 * database, or copy exists or cannot be made) or 1 (the copy failed, and
 * is removed), with a message in err. */
int store_backup(const char *path, const char *copy, char *err, size_t errlen);

/* Bulk writing (heard-simulate): saves between begin and end share one
 * transaction, each response still all-or-nothing.  Never used by the
 * kiosk, which commits every response before thanking the client. */
int store_batch_begin(Store *st, char *err, size_t errlen);
int store_batch_end(Store *st, char *err, size_t errlen);

/* 0 when the file at the path it was opened with is no longer the one
 * open (removed, or replaced by another file). */
int store_still_there(const Store *st);
/* 1 when path is an SQLite file that is damaged (fails quick_check, or
 * cannot be read as a database though it has SQLite's header). */
int store_damaged(const char *path);
/* Responses stored in one period (the staff screen); -1 if unreadable. */
long store_count(Store *st, const char *period);
/* The period label of time t: "2026-11", "2026-W47" or "2026-11-21". */
void store_period(char out[16], time_t t, Period p);
#endif
