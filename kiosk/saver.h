/* saver.h - where a client's finished response goes: the database, or,
 * while the database cannot take it, the queue in memory and the
 * recovery file beside the database (pending.h), tried again every
 * SAVER_RETRY_MS until it works.
 *
 * Start reading at saver_submit() in saver.c.  The saver owns the open
 * Store, the queue and everything said in the log about saving; it
 * never logs an answer, and says a failure once and the recovery once
 * (a line per response would date each Send).  No SDL: the caller
 * passes the time in (the kiosk's millisecond clock) and asks
 * saver_due() when it next wants to run. */
#ifndef HEARD_SAVER_H
#define HEARD_SAVER_H

#include <stdint.h>
#include <stdio.h>

#include "config.h"
#include "pending.h"
#include "store.h"
#include "strtab.h"

#define SAVER_RETRY_MS 10000u

typedef enum {
	SAVER_SAVED,  /* durably in the database */
	SAVER_KEPT,   /* waiting in the queue (and the recovery file): saved later */
	SAVER_FAILED, /* the queue is full: not saved, and the client is told so */
} SaverResult;

typedef struct {
	const Config *cfg;
	const QuestionSet *qs;
	const int *qidx;          /* question i of a response is qs->q[qidx[i]] */
	int nq;                   /* questions in a response */
	Store *store;
	const char *db_path;
	char db_dir[1024];        /* the database's folder, the one it may write */
	int dir_fd;               /* that folder when the sandbox was entered (saver_hold_folder),
	                           * held open so its inode cannot pass to a new one; -1 none */
	Pending pending;          /* answers the database could not take yet */
	char recovery[1100];      /* where they go on exit: <database>.recovery */
	uint32_t retry_at;        /* when to try saving them again, 0 never */
	uint32_t period_at;       /* when to look at the clock for a new period (saver_run) */
	char last_error[768];     /* the last save error, for the staff screen */
	int failing;              /* saving has failed, and not worked since: the log said
	                           * so once, and says once when it works */
	int saved_late;           /* responses saved from the queue since then */
	int told_full, told_rec;  /* said once per failure: the queue is full; the
	                           * recovery file cannot be written */
	int kept;                 /* saver_keep() has run */
	char seen_period[16];     /* the period last remembered as seen (store_see_period) */
	FILE *timings;            /* HEARD_BENCH (test mode): "commit_us" lines, else NULL */
} Saver;

/* Before anything is opened: db's folder is this user's own (made, mode
 * 0700, when missing) and the database, its -wal and -shm and recovery
 * file are this user's private regular files where they exist.  Dies
 * with one line naming the path and the fix otherwise. */
void saver_check_folder(const char *db);
/* Open the database (a damaged one is moved aside and a new one begun);
 * dies with a message naming the file when it cannot. */
void saver_open(Saver *sv, const Config *cfg, const QuestionSet *qs, const int *qidx, int nq,
                const char *db_path);
/* At start: the responses a previous run could not save, from the
 * recovery file, saved now (or queued). */
void saver_import_recovery(Saver *sv, uint32_t now);
/* The sandbox is entered now: hold the database's folder open, so a
 * folder removed and made again is noticed. */
void saver_hold_folder(Saver *sv);
/* Store the finished response (service index or SERVICE_NOT_SAID; an
 * answer per question, ANSWER_NONE saved as skipped). */
SaverResult saver_submit(Saver *sv, int service, const int *answers, const char *comment, uint32_t now);
/* The period answers are saved into now (the clock's); 1 while the clock
 * is implausible (then nothing is saved), with the staff screen's warning
 * in why (may be NULL).  A plausible period not yet remembered is
 * remembered in the database. */
int saver_period(Saver *sv, char period[16], char *why, size_t n);
/* When saver_run() is next due: a retry, or the hour (a new period is
 * remembered as soon as it begins); 0 before saver_run() first ran. */
uint32_t saver_due(const Saver *sv);
/* Remember the period the clock is in and try the waiting responses
 * again, each when due at now.  Run it once at start, then at saver_due(). */
void saver_run(Saver *sv, uint32_t now);
/* On exit: what still waits goes to the recovery file; -1 when it could
 * not (those responses are lost). */
int saver_keep(Saver *sv);
void saver_close(Saver *sv);
#endif
