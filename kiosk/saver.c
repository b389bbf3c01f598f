/* saver.c - a finished response into the database, or into the queue
 * and the recovery file until the database takes it (saver.h).  Start
 * reading at saver_submit(), then saver_run() (the retry and the new
 * period's timer) and saver_import_recovery() (what a previous run left). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <fcntl.h>
#include <unistd.h>

#include "saver.h"
#include "staff.h"
#include "util.h"

static uint64_t mono_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* The database file was removed or replaced while open: SQLite would go on
 * writing to the removed file, so open (create) the one at the path. */
static int reopen_if_gone(Saver *a, char *err, size_t errlen)
{
	if (store_still_there(a->store))
		return 0;
	struct stat now, then;
	if (a->dir_fd >= 0 && (stat(a->db_dir, &now) != 0 || fstat(a->dir_fd, &then) != 0 ||
	                     now.st_dev != then.st_dev || now.st_ino != then.st_ino)) {
		/* the sandbox lets it write the folder it started with, not a new one */
		snprintf(err, errlen, "%.500s: the database's folder was removed or replaced while the "
		         "kiosk ran; answers wait here until heard-kiosk is restarted", a->db_dir);
		return -1;
	}
	Store *st = store_open(a->db_path, 1, err, errlen);
	if (!st)
		return -1; /* never save into the removed file */
	if (store_set_kiosk(st, a->cfg->name, err, errlen) < 0) {
		store_close(st);
		return -1;
	}
	fprintf(stderr, "heard-kiosk: %s was removed or replaced while open; started it again\n",
	        a->db_path);
	store_close(a->store);
	a->store = st;
	return 0;
}

/* The log says once that saving failed, and once that it works again:
 * never a line per response (a line's time is a submission's time). */
static void save_failed(Saver *a, const char *err)
{
	snprintf(a->last_error, sizeof a->last_error, "%s", err);
	if (a->failing)
		return;
	a->failing = 1;
	a->saved_late = 0;
	fprintf(stderr, "heard-kiosk: %s; responses wait to be saved and are tried again every "
	        "%u s\n", err, SAVER_RETRY_MS / 1000);
}

static void save_works(Saver *a)
{
	if (a->failing && !a->pending.n) {
		fprintf(stderr, "heard-kiosk: saving works again; %d waiting responses saved\n",
		        a->saved_late);
		a->failing = a->saved_late = a->told_full = a->told_rec = 0;
	}
}

/* The recovery file, equal to what waits; a problem with it said once. */
static void keep_on_disk(Saver *a)
{
	char err[768];
	if (pending_write(&a->pending, a->recovery, err, sizeof err) && !a->told_rec++)
		fprintf(stderr, "heard-kiosk: %s\n", err);
}

/* The period answers are saved into now, by the clock; 1 while the clock
 * is implausible (before this program was built, years after it, or
 * before the newest period the database has seen: answers stored, or the
 * clock there before, store_newest_seen(); a Raspberry Pi without network
 * time starts in the past, at a saved time that may lie in a period
 * already over).  Then nothing is saved: a response filed under a closed
 * period would change a report already read and a copy already taken,
 * and tell one client's answers apart; it waits (in memory and the
 * recovery file) until the clock is right.  A plausible period not yet
 * remembered is remembered (store_see_period()).  why (may be NULL) gets
 * the staff screen's warning, "" when the clock is plausible. */
int saver_period(Saver *a, char period[16], char *why, size_t n)
{
	char newest[16], err[768];
	time_t t = time(NULL);
	store_period(period, t, a->cfg->period);
	store_newest_seen(a->store, newest);
	if (why)
		why[0] = '\0';
	int wrong = staff_clock_wrong(t, staff_build_time(), period, newest, why, n);
	/* a failure here is not said: the save that follows says it */
	if (!wrong && *period && strcmp(period, a->seen_period) &&
	    store_see_period(a->store, period, err, sizeof err) >= 0)
		snprintf(a->seen_period, sizeof a->seen_period, "%s", period);
	return wrong;
}

/* The database remembers the period the clock is in as soon as it
 * begins, not at the next input (an idle kiosk would otherwise leave a
 * new month unremembered until a client touched it, and that write
 * would date the touch): looked at on the hour and just after each
 * month's first second (local time), the loop's timer.  Returns when
 * to look next. */
static uint32_t remember_period(Saver *a, uint32_t now_ms)
{
	char period[16];
	if (a->store)
		saver_period(a, period, NULL, 0);
	time_t t = time(NULL);
	struct tm tm;
	localtime_r(&t, &tm);
	tm.tm_mon += 1, tm.tm_mday = 1, tm.tm_hour = tm.tm_min = tm.tm_sec = 0, tm.tm_isdst = -1;
	double left = difftime(mktime(&tm), t) + 1;
	uint32_t ms = left > 0 && left < 3600 ? (uint32_t)(left * 1000) : 3600u * 1000u;
	uint32_t at = now_ms + ms;
	return at ? at : 1;
}

/* Save what is waiting, into the period open now; keep the recovery file
 * equal to what still waits. */
static void retry_pending(Saver *a, uint32_t now)
{
	char err[768], period[16];
	if (!a->pending.n)
		return;
	int before = a->pending.n;
	if (saver_period(a, period, NULL, 0)) { /* the clock is wrong: they wait */
		a->retry_at = (now + SAVER_RETRY_MS) | 1;
		return;
	}
	if (reopen_if_gone(a, err, sizeof err) ||
	    pending_flush(&a->pending, a->store, period, err, sizeof err) > 0) {
		save_failed(a, err);
		a->retry_at = (now + SAVER_RETRY_MS) | 1;
	} else {
		a->retry_at = 0;
	}
	if (a->pending.n != before) {
		a->saved_late += before - a->pending.n;
		keep_on_disk(a);
	}
	save_works(a);
}

/* Store the finished response; the survey shows Thanks only after this.
 * When the database cannot take it, it is kept and retried (the client
 * is told it will be saved); only when that queue is full is the client
 * told it was not saved.  Nothing logged names an answer. */
SaverResult saver_submit(Saver *a, int service, const int *answers, const char *comment, uint32_t now)
{
	char period[16], err[768];
	int clock_wrong = saver_period(a, period, NULL, 0); /* then it waits, unsaved */
	if (clock_wrong) /* a waiting response is saved into the period open when it is saved; */
		store_period(period, staff_build_time(), a->cfg->period); /* the build's is never in a
		                                   * right clock's future, so a restart reads it back */
	StoreResponse r = {
		.kiosk = a->cfg->name, .period = period, .qset = a->qs->version,
		.service = service >= 0 ? a->cfg->services[service] : "",
		.n = a->nq,
	};
	r.comment = comment; /* the client's words as redacted ("" none): their own table */
	for (int i = 0; i < r.n; i++) {
		r.a[i].question = a->qs->q[a->qidx[i]].id;
		r.a[i].value = answers[i] == ANSWER_NONE ? ANSWER_SKIPPED : answers[i];
	}
	retry_pending(a, now);
	if (!a->pending.n && !clock_wrong) {
		uint64_t t0 = mono_ns();
		if (reopen_if_gone(a, err, sizeof err) == 0 &&
		    store_save(a->store, &r, err, sizeof err) == 0) {
			if (a->timings) /* Send to durable commit */
				fprintf(a->timings, "commit_us %llu\n", (unsigned long long)(mono_ns() - t0) / 1000);
			save_works(a);
			return SAVER_SAVED;
		}
		save_failed(a, err);
	}
	if (pending_add(&a->pending, &r) == 0) {
		if (!a->retry_at)
			a->retry_at = (now + SAVER_RETRY_MS) | 1;
		keep_on_disk(a); /* on disk too, where it can be, in case the power goes */
		return SAVER_KEPT;
	}
	if (!a->told_full++)
		fprintf(stderr, "heard-kiosk: %d responses are waiting, as many as can; until saving "
		        "works again, clients are told their answers were not saved\n", a->pending.n);
	return SAVER_FAILED;
}

/* Refuse to start, in one line naming path and the command that fixes
 * it, unless sb (of path) is this user's own and private. */
static void must_be_own(const char *path, const struct stat *sb, unsigned want)
{
	char err[1400];
	if (util_own_private(path, sb, want, err, sizeof err))
		die(2, "%s", err);
}

/* Before anything is opened: the database's folder is the kiosk's own
 * (this user's, mode 0700: made so when it is missing and its parent is
 * there), and the database, its -wal and -shm and the recovery file are,
 * where they exist, this user's own regular files, private to it, and no
 * symbolic link.  Anything else is a reason not to start, said in one
 * line with the fix: the kiosk never changes a mode or owner itself. */
void saver_check_folder(const char *db)
{
	char dir[1024], path[1100];
	util_folder_of(db, dir);
	struct stat sb;
	if (stat(dir, &sb) != 0) { /* only the last folder: a mistyped path makes nothing */
		if (errno != ENOENT || mkdir(dir, 0700) != 0)
			die(2, "%s: cannot make its folder %s: %s", db, dir, strerror(errno));
		return;
	}
	must_be_own(dir, &sb, 0700);
	static const char *const side[] = { "", "-wal", "-shm", ".recovery" };
	for (size_t i = 0; i < sizeof side / sizeof *side; i++) {
		snprintf(path, sizeof path, "%s%s", db, side[i]);
		if (lstat(path, &sb) != 0) {
			if (errno != ENOENT)
				die(2, "%s: cannot check it: %s", path, strerror(errno));
			continue;
		}
		must_be_own(path, &sb, 0600);
	}
}

/* Open the database; one that is damaged is moved aside, never deleted
 * and never over another file, and a new one begun.  Anything else wrong
 * is a reason not to start. */
static Store *open_store(const char *path, const char *name)
{
	static const char *const side[] = { "-wal", "-shm" }; /* they go with it */
	char err[768], aside[1100];
	/* checked before opening: opening for writing would fold a -wal into
	 * the damaged file and remove it, changing what is moved aside */
	if (store_damaged(path)) {
		if (pending_move_aside(path, "damaged", side, 2, aside, sizeof aside))
			die(2, "%s: damaged (PRAGMA quick_check failed); and %s", path, aside);
		fprintf(stderr, "heard-kiosk: %s: damaged (PRAGMA quick_check failed); moved it to %s "
		        "(kept, not deleted) and started a new database\n", path, aside);
	}
	Store *st = store_open(path, 1, err, sizeof err);
	if (!st)
		die(2, "%s", err);
	int copied = store_set_kiosk(st, name, err, sizeof err);
	if (copied < 0)
		die(2, "%s", err);
	if (copied) /* a copy made on another kiosk: counted apart from its twin */
		fprintf(stderr, "heard-kiosk: %s: database was copied from another kiosk; it now has a "
		        "new id\n", path);
	return st;
}

/* At start: the answers a previous run could not save. */
void saver_import_recovery(Saver *a, uint32_t now_ms)
{
	char err[768], aside[1100];
	/* "in the future" by the later of the clock and the build: a response
	 * kept while the clock was before the build carries the build's period
	 * (submit()), and a restart with the clock still wrong must keep it */
	time_t now = time(NULL), built = staff_build_time();
	PendingRules rules = { .kiosk = a->cfg->name, .nservices = a->cfg->nservices,
	                       .nq = a->nq, .now = now > built ? now : built };
	for (int i = 0; i < rules.nservices; i++)
		rules.service[i] = a->cfg->services[i];
	for (int i = 0; i < rules.nq; i++) {
		rules.qid[i] = a->qs->q[a->qidx[i]].id;
		rules.has_na[i] = a->qs->q[a->qidx[i]].has_na;
	}
	int n = pending_read(&a->pending, a->recovery, &rules, err, sizeof err);
	if (n == -2) { /* not one this kiosk wrote: none of it is saved */
		if (pending_move_aside(a->recovery, "bad", NULL, 0, aside, sizeof aside))
			fprintf(stderr, "heard-kiosk: %s; nothing in it was saved; and %s\n", err, aside);
		else
			fprintf(stderr, "heard-kiosk: %s; nothing in it was saved; moved it to %s\n", err,
			        aside);
		return;
	}
	if (n < 0) {
		fprintf(stderr, "heard-kiosk: %s; left as it is\n", err);
		return;
	}
	if (n == 0)
		return;
	if (pending_saved_already(&a->pending, a->store)) {
		/* saved, with the mark, by a run stopped (a power cut) before it
		 * could remove the file: never saved twice */
		pending_clear(&a->pending);
		if (pending_write(&a->pending, a->recovery, err, sizeof err))
			fprintf(stderr, "heard-kiosk: %s\n", err);
		fprintf(stderr, "heard-kiosk: %s: its %d responses were saved before the kiosk stopped; "
		        "removed it\n", a->recovery, n);
		return;
	}
	fprintf(stderr, "heard-kiosk: %d responses found in %s\n", n, a->recovery);
	a->retry_at = 1;
	retry_pending(a, now_ms);
}

/* On exit: what is still waiting goes to the recovery file.  -1 when
 * it could not (they are lost: the exit status says so). */
int saver_keep(Saver *a)
{
	char err[768];
	if (!a->pending.n || a->kept)
		return 0;
	a->kept = 1;
	if (pending_write(&a->pending, a->recovery, err, sizeof err) == 0) {
		fprintf(stderr, "heard-kiosk: %d unsaved responses kept in %s for the next start\n",
		        a->pending.n, a->recovery);
		return 0;
	}
	fprintf(stderr, "heard-kiosk: %s; %d unsaved responses are lost\n", err, a->pending.n);
	return -1;
}


void saver_open(Saver *a, const Config *cfg, const QuestionSet *qs, const int *qidx, int nq,
                const char *db_path)
{
	a->cfg = cfg;
	a->qs = qs;
	a->qidx = qidx;
	a->nq = nq;
	a->db_path = db_path;
	a->dir_fd = -1;
	util_folder_of(db_path, a->db_dir);
	snprintf(a->recovery, sizeof a->recovery, "%s.recovery", db_path);
	a->store = open_store(db_path, cfg->name);
}

void saver_hold_folder(Saver *a)
{
	a->dir_fd = open(a->db_dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
}

uint32_t saver_due(const Saver *a)
{
	if (!a->period_at)
		return 0; /* saver_run() has not run yet: the caller runs it at start */
	if (a->retry_at && (int32_t)(a->retry_at - a->period_at) < 0)
		return a->retry_at;
	return a->period_at;
}

void saver_run(Saver *a, uint32_t now)
{
	if (!a->period_at || (int32_t)(now - a->period_at) >= 0)
		a->period_at = remember_period(a, now);
	if (a->retry_at && (int32_t)(now - a->retry_at) >= 0)
		retry_pending(a, now);
}

void saver_close(Saver *a)
{
	if (a->dir_fd >= 0)
		close(a->dir_fd);
	a->dir_fd = -1;
	store_close(a->store);
	a->store = NULL;
}
