/* test_store.c - the storage contract of docs/design.md "Anonymity rules",
 * schema v3: counts only (no row per response), one atomic transaction
 * per response, closed periods never change, no -wal/-shm left after a
 * save, backups of closed periods only and in key order, v1/v2 rows
 * folded in and erased for real, week/day rolled up into months, private
 * files only, foreign and newer databases refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store.h"
#include "scratch.h"
#include "sql_int.h"
#include "assert_has.h"

static const char *path_in(const char *name, char buf[512])
{
	snprintf(buf, 512, "%s/%s", tmpdir, name);
	scratch_clear(buf);
	return buf;
}

/* A fresh path in the scratch folder (the last 8 stay valid). */
static const char *db_path(const char *name)
{
	static char p[8][512];
	static int next;
	return path_in(name, p[next++ % 8]);
}

/* Midnight UTC (TZ is UTC in these tests) of a day. */
static time_t day(int y, int m, int d)
{
	struct tm tm = { .tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d };
	return timegm(&tm);
}

static StoreResponse response(const char *service, const char *period, int v)
{
	static const char *ids[] = { "heard.listen", "control.no", "control.next" };
	StoreResponse r = { .kiosk = "k", .service = service, .period = period, .qset = "1", .n = 3 };
	for (int i = 0; i < 3; i++)
		r.a[i] = (StoreAnswer){ ids[i], v };
	r.a[1].value = ANSWER_NOT_APPLICABLE;
	r.a[2].value = ANSWER_SKIPPED;
	return r;
}

static void sql_exec(const char *path, const char *sql)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	sqlite3_close(db);
}

static Store *open_rw(const char *p)
{
	char err[512] = "";
	Store *st = store_open(p, 1, err, sizeof err);
	if (!st)
		fail_msg("store_open: %s", err);
	return st;
}

static void save(Store *st, StoreResponse r)
{
	char err[512] = "";
	if (store_save(st, &r, err, sizeof err))
		fail_msg("store_save: %s", err);
}

static int exists(const char *p, const char *suffix)
{
	char f[600];
	struct stat sb;
	snprintf(f, sizeof f, "%s%s", p, suffix);
	return lstat(f, &sb) == 0;
}

/* The whole file, NUL-terminated; *n its size. */
static char *slurp(const char *p, size_t *n)
{
	FILE *f = fopen(p, "rb");
	*n = 0;
	if (!f)
		return calloc(1, 1);
	char *buf = NULL;
	size_t cap = 0;
	for (;;) {
		buf = realloc(buf, cap + 65536 + 1);
		size_t got = fread(buf + cap, 1, 65536, f);
		cap += got;
		if (got < 65536)
			break;
	}
	fclose(f);
	buf[cap] = '\0';
	*n = cap;
	return buf;
}

static int file_holds(const char *p, const void *needle, size_t len)
{
	size_t n;
	char *buf = slurp(p, &n);
	int found = n >= len && memmem(buf, n, needle, len) != NULL;
	free(buf);
	return found;
}

/* ---- schema and saving --------------------------------------------------- */

static void test_new_database_holds_counts_only(void **state)
{
	(void)state;
	const char *p = db_path("new.db");
	Store *st = open_rw(p);
	save(st, response("Counselling", "2026-11", 5));
	struct stat sb;
	assert_int_equal(stat(p, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	store_close(st);
	assert_int_equal(sql_int(p, "PRAGMA application_id"), STORE_APPLICATION_ID);
	assert_int_equal(sql_int(p, "SELECT value FROM meta WHERE key = 'schema_version'"), 4);
	/* four tables, none with a row per response */
	assert_int_equal(sql_int(p, "SELECT count(*) FROM sqlite_master WHERE type = 'table'"), 4);
	assert_int_equal(sql_int(p, "SELECT count(*) FROM sqlite_master WHERE name IN "
	                            "('meta', 'count_response', 'count_answer', 'comment')"), 4);
	assert_int_equal(sql_int(p, "SELECT count(*) FROM sqlite_master WHERE name IN "
	                            "('response', 'answer')"), 0);
	assert_int_equal(sql_int(p, "SELECT journal_mode = 'wal' FROM pragma_journal_mode"), 1);
	assert_int_equal(sql_int(p, "SELECT count(*) FROM pragma_table_info('count_answer') "
	                            "WHERE name NOT IN ('period','service','question','value','n')"), 0);
}

static void test_saved_exactly(void **state)
{
	(void)state;
	char err[512] = "";
	const char *p = db_path("exact.db");
	Store *st = open_rw(p);
	save(st, response("", "2026-11", 4));
	save(st, response("", "2026-11", 4));
	assert_int_equal(store_count(st, "2026-11"), 2); /* the staff screen */
	assert_int_equal(store_count(st, "2026-10"), 0);
	store_close(st);
	assert_int_equal(sql_int(p, "SELECT n FROM count_response WHERE period = '2026-11' AND service = ''"), 2);
	assert_int_equal(sql_int(p, "SELECT count(*) FROM count_response"), 1);
	assert_int_equal(sql_int(p, "SELECT n FROM count_answer WHERE period = '2026-11' AND service = '' "
	                            "AND question = 'heard.listen' AND value = 4"), 2);
	assert_int_equal(sql_int(p, "SELECT n FROM count_answer WHERE question = 'control.no' AND value = -1"), 2);
	assert_int_equal(sql_int(p, "SELECT n FROM count_answer WHERE question = 'control.next' AND value = 0"), 2);
	assert_int_equal(sql_int(p, "SELECT count(*) FROM count_answer"), 3);
	/* the kiosk and question-set names are not kept per response */
	assert_int_equal(sql_int(p, "SELECT count(*) FROM meta WHERE key NOT IN "
	                            "('schema_version', 'database_id', 'kiosk')"), 0);
	/* reopening keeps the data and does not migrate again */
	st = store_open(p, 1, err, sizeof err);
	assert_non_null(st);
	store_close(st);
	assert_int_equal(sql_int(p, "SELECT sum(n) FROM count_answer"), 6);
}

/* After a save the kiosk's connection leaves neither -wal nor -shm: no
 * file beside the database says which pages the last response wrote. */
static void test_save_leaves_no_wal_or_shm(void **state)
{
	(void)state;
	const char *p = db_path("nowal.db");
	Store *st = open_rw(p);
	for (int i = 0; i < 4; i++) {
		save(st, response(i % 2 ? "A" : "B", "2026-11", 1 + i));
		assert_false(exists(p, "-wal"));
		assert_false(exists(p, "-shm"));
	}
	assert_int_equal(store_count(st, "2026-11"), 4); /* still usable */
	save(st, response("A", "2026-11", 2));
	assert_false(exists(p, "-wal"));
	assert_false(exists(p, "-shm"));
	/* a batch, too, once it ends */
	char err[512] = "";
	assert_int_equal(store_batch_begin(st, err, sizeof err), 0);
	save(st, response("A", "2026-11", 2));
	save(st, response("B", "2026-11", 2));
	assert_int_equal(store_batch_end(st, err, sizeof err), 0);
	assert_false(exists(p, "-wal"));
	assert_false(exists(p, "-shm"));
	store_close(st);
	assert_int_equal(sql_int(p, "SELECT sum(n) FROM count_response"), 7);
	/* the database replaced under the kiosk: the next save refuses */
	st = open_rw(p);
	save(st, response("A", "2026-11", 2));
	assert_int_equal(rename(p, db_path("moved.db")), 0);
	const char *q = db_path("nowal.db");
	sql_exec(q, "CREATE TABLE x(y)");
	StoreResponse r = response("A", "2026-11", 2);
	assert_int_equal(store_save(st, &r, err, sizeof err), -1);
	assert_has(err, "replaced");
	store_close(st);
}

/* The file says nothing of the order responses came in: the same
 * responses saved in two orders into copies of one new database leave
 * the same bytes (before VACUUM after each save, a count that grew moved
 * to the free end of its page: the newest cells were the last client's). */
static void test_file_keeps_no_order(void **state)
{
	(void)state;
	const char *a = db_path("order-a.db"), *b = db_path("order-b.db");
	store_close(open_rw(a));
	size_t n;
	char *empty = slurp(a, &n);
	FILE *f = fopen(b, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(empty, 1, n, f), n);
	fclose(f);
	chmod(b, 0600);
	free(empty);
	StoreResponse r[4] = { response("A", "2026-11", 1), response("B", "2026-11", 5),
	                       response("A", "2026-11", 4), response("C", "2026-11", 2) };
	static const int order_a[] = { 0, 1, 2, 3, 1, 0 }, order_b[] = { 3, 1, 0, 1, 2, 0 };
	Store *st = open_rw(a);
	for (int i = 0; i < 6; i++)
		save(st, r[order_a[i]]);
	store_close(st);
	st = open_rw(b);
	for (int i = 0; i < 6; i++)
		save(st, r[order_b[i]]);
	store_close(st);
	size_t na, nb;
	char *x = slurp(a, &na), *y = slurp(b, &nb);
	assert_int_equal(sql_int(a, "SELECT sum(n) FROM count_response"), 6);
	struct stat sa;
	assert_int_equal(stat(a, &sa), 0);
	assert_int_equal(sa.st_mtime, 0); /* nor does its time stamp date the last Send */
	assert_int_equal(na, nb);
	size_t first = 0;
	while (first < na && x[first] == y[first])
		first++;
	if (first != na)
		fail_msg("the files differ from byte %zu of %zu (page %zu): the order of saving shows",
		         first, na, first / 4096 + 1);
	free(x);
	free(y);
}

static void test_failed_save_leaves_nothing(void **state)
{
	(void)state;
	char err[512] = "";
	const char *p = db_path("atomic.db");
	Store *st = open_rw(p);
	StoreResponse r = response("A", "2026-11", 3);
	r.a[2].value = 9; /* violates the CHECK: the third insert fails */
	assert_int_equal(store_save(st, &r, err, sizeof err), -1);
	assert_has(err, p);
	r = response("A", "2026-11", 3);
	r.a[1].question = r.a[0].question; /* one question twice is still one row each */
	r.a[2].value = 42;
	assert_int_equal(store_save(st, &r, err, sizeof err), -1);
	save(st, response("A", "2026-11", 2)); /* and the store still works afterwards */
	store_close(st);
	assert_int_equal(sql_int(p, "SELECT sum(n) FROM count_response"), 1);
	assert_int_equal(sql_int(p, "SELECT sum(n) FROM count_answer"), 3);
	assert_int_equal(sql_int(p, "SELECT count(*) FROM count_answer WHERE value = 3"), 0);
}

static void test_batch_keeps_each_response_whole(void **state)
{
	(void)state;
	char err[512] = "";
	const char *p = db_path("batch.db");
	Store *st = open_rw(p);
	assert_int_equal(store_batch_begin(st, err, sizeof err), 0);
	StoreResponse good = response("A", "2026-11", 5), broken = response("B", "2026-11", 5);
	broken.a[2].value = 42;
	assert_int_equal(store_save(st, &good, err, sizeof err), 0);
	assert_int_equal(store_save(st, &broken, err, sizeof err), -1);
	assert_int_equal(store_save(st, &good, err, sizeof err), 0);
	assert_int_equal(store_batch_end(st, err, sizeof err), 0);
	store_close(st);
	assert_int_equal(sql_int(p, "SELECT sum(n) FROM count_response"), 2);
	assert_int_equal(sql_int(p, "SELECT count(*) FROM count_response WHERE service = 'B'"), 0);
	assert_int_equal(sql_int(p, "SELECT count(*) FROM count_answer WHERE service = 'B'"), 0);
	assert_int_equal(sql_int(p, "SELECT n FROM count_answer WHERE question = 'heard.listen'"), 2);
}

/* A period older than the newest in the file is closed for good. */
static void test_closed_period_refused(void **state)
{
	(void)state;
	char err[512] = "";
	const char *p = db_path("closed.db");
	Store *st = open_rw(p);
	save(st, response("A", "2026-10", 5));
	save(st, response("A", "2026-11", 5));
	StoreResponse late = response("A", "2026-10", 1);
	assert_int_equal(store_save(st, &late, err, sizeof err), -1);
	assert_has(err, "2026-10 is closed");
	assert_has(err, p);
	late.period = "2025-12";
	assert_int_equal(store_save(st, &late, err, sizeof err), -1);
	late.period = "2026-11"; /* the newest is still open to saves */
	assert_int_equal(store_save(st, &late, err, sizeof err), 0);
	late.period = "2026-W47"; /* no week or day labels any more */
	assert_int_equal(store_save(st, &late, err, sizeof err), -1);
	late.period = "2026-11-21";
	assert_int_equal(store_save(st, &late, err, sizeof err), -1);
	/* quarters: a quarter holding the newest month may be written, an
	 * older quarter not; after a quarter, its months are closed */
	late.period = "2026-Q4";
	assert_int_equal(store_save(st, &late, err, sizeof err), 0);
	late.period = "2026-Q3";
	assert_int_equal(store_save(st, &late, err, sizeof err), -1);
	assert_has(err, "2026-Q3 is closed");
	late.period = "2027-01";
	assert_int_equal(store_save(st, &late, err, sizeof err), 0);
	late.period = "2026-Q4";
	assert_int_equal(store_save(st, &late, err, sizeof err), -1);
	late.period = "2026-12";
	assert_int_equal(store_save(st, &late, err, sizeof err), -1);
	store_close(st);
	assert_int_equal(sql_int(p, "SELECT n FROM count_response WHERE period = '2026-10'"), 1);
	assert_int_equal(sql_int(p, "SELECT count(*) FROM count_response WHERE period < '2026-10'"), 0);
	assert_int_equal(sql_int(p, "SELECT n FROM count_response WHERE period = '2026-11'"), 2);
	assert_int_equal(sql_int(p, "SELECT sum(n) FROM count_answer WHERE period = '2026-10'"), 3);
}

/* The newest stored period, as store_save() orders periods: the kiosk
 * saves into it while its clock is wrong, and store_save() takes it. */
static void test_newest_period(void **state)
{
	(void)state;
	char err[512] = "", newest[16] = "x";
	const char *p = db_path("newest.db");
	Store *st = open_rw(p);
	assert_int_equal(store_newest_period(st, newest), 0);
	assert_string_equal(newest, ""); /* an empty file */
	save(st, response("A", "2026-10", 5));
	save(st, response("A", "2026-11", 5));
	assert_int_equal(store_newest_period(st, newest), 0);
	assert_string_equal(newest, "2026-11");
	save(st, response("A", "2026-Q4", 5)); /* begins before 2026-11: not newer */
	assert_int_equal(store_newest_period(st, newest), 0);
	assert_string_equal(newest, "2026-11");
	save(st, response("A", "2027-Q1", 5));
	assert_int_equal(store_newest_period(st, newest), 0);
	assert_string_equal(newest, "2027-Q1");
	/* a clock in 2020: its period is refused, the newest one is taken */
	StoreResponse r = response("A", "2020-01", 3);
	assert_int_equal(store_save(st, &r, err, sizeof err), -1);
	r.period = newest;
	assert_int_equal(store_save(st, &r, err, sizeof err), 0);
	store_close(st);
	assert_int_equal(sql_int(p, "SELECT n FROM count_response WHERE period = '2027-Q1'"), 2);
	assert_int_equal(sql_int(p, "SELECT count(*) FROM count_response WHERE period < '2026'"), 0);
	assert_false(access("newest.db-wal", F_OK) == 0);
}

/* ---- reading ------------------------------------------------------------- */

typedef struct { long long responses, answers, sum; char periods[128]; } Seen;

static int count_rows(void *user, const char *service, const char *period,
                      const char *question, int value, long long n)
{
	Seen *s = user;
	(void)service;
	if (!strstr(s->periods, period)) {
		size_t o = strlen(s->periods);
		snprintf(s->periods + o, sizeof s->periods - o, "%s%s", o ? "," : "", period);
	}
	if (!question) {
		assert_int_equal(s->answers, 0); /* responses come first */
		s->responses += n;
		return 0;
	}
	s->answers += n;
	s->sum += value * n;
	return 0;
}

static Seen each(Store *st, const char *from, const char *to, int answers, time_t now)
{
	char err[512] = "";
	Seen seen = { 0 };
	if (store_each_count(st, from, to, answers, count_rows, &seen, now, err, sizeof err))
		fail_msg("store_each_count: %s", err);
	return seen;
}

/* The newest period seen: the later of the newest stored and the one the
 * kiosk remembered (meta 'newest_period', store_see_period()), so a
 * clock put back into a period already over is seen to be wrong though
 * nothing was stored since the kiosk last ran in a later one. */
static void test_newest_seen(void **state)
{
	(void)state;
	char err[512] = "", newest[16] = "x", copy[512];
	const char *p = db_path("seen.db");
	Store *st = open_rw(p);
	assert_int_equal(store_newest_seen(st, newest), 0);
	assert_string_equal(newest, ""); /* an empty file */
	save(st, response("A", "2026-10", 5));
	assert_int_equal(store_newest_seen(st, newest), 0);
	assert_string_equal(newest, "2026-10");
	/* the kiosk ran in November and stored nothing: remembered */
	assert_int_equal(store_see_period(st, "2026-11", err, sizeof err), 1);
	assert_false(exists(p, "-wal") || exists(p, "-shm"));
	assert_int_equal(store_newest_period(st, newest), 0);
	assert_string_equal(newest, "2026-10"); /* stored: unchanged */
	assert_int_equal(store_newest_seen(st, newest), 0);
	assert_string_equal(newest, "2026-11");
	/* (a clock in October again, a saved clock restored at boot, is then
	 * wrong: test_staff's test_clock_plausible) and the store itself
	 * refuses October: a copy taken in November holds it */
	StoreResponse late = response("A", "2026-10", 1);
	assert_int_equal(store_save(st, &late, err, sizeof err), -1);
	assert_has(err, "closed");
	assert_int_equal(sql_int(p, "SELECT sum(n) FROM count_response"), 1);
	/* never moved back, nor by a period that begins earlier */
	assert_int_equal(store_see_period(st, "2026-10", err, sizeof err), 0);
	assert_int_equal(store_see_period(st, "2026-Q4", err, sizeof err), 0);
	assert_int_equal(store_newest_seen(st, newest), 0);
	assert_string_equal(newest, "2026-11");
	assert_int_equal(store_see_period(st, "2027-Q1", err, sizeof err), 1);
	assert_int_equal(store_newest_seen(st, newest), 0);
	assert_string_equal(newest, "2027-Q1");
	/* never a day or a time: only a period label is taken */
	assert_int_equal(store_see_period(st, "2027-04-02", err, sizeof err), -1);
	assert_int_equal(store_see_period(st, "", err, sizeof err), -1);
	store_close(st);
	assert_int_equal(sql_int(p, "SELECT count(*) FROM meta WHERE key = 'newest_period' "
	                            "AND value = '2027-Q1'"), 1);
	assert_int_equal(sql_int(p, "SELECT count(*) FROM meta WHERE key NOT IN "
	                            "('schema_version', 'database_id', 'kiosk', 'newest_period')"), 0);
	/* a copy carries closed periods only: not the period the kiosk is in */
	assert_int_equal(store_backup(p, path_in("seen-copy.db", copy), day(2027, 6, 1), err,
	                              sizeof err), 0);
	assert_int_equal(sql_int(copy, "SELECT count(*) FROM meta WHERE key = 'newest_period'"), 0);
	/* read-only (heard-report): read, never written */
	st = store_open(p, 0, err, sizeof err);
	assert_non_null(st);
	assert_int_equal(store_newest_seen(st, newest), 0);
	assert_string_equal(newest, "2027-Q1");
	assert_int_equal(store_see_period(st, "2027-05", err, sizeof err), -1);
	store_close(st);
	/* a file without the key (an older heard), or with a value that is not
	 * a period: the newest period stored */
	sql_exec(p, "UPDATE meta SET value = 'soon' WHERE key = 'newest_period'");
	st = open_rw(p);
	assert_int_equal(store_newest_seen(st, newest), 0);
	assert_string_equal(newest, "2026-10");
	store_close(st);
	sql_exec(p, "DELETE FROM meta WHERE key = 'newest_period'");
	st = open_rw(p);
	assert_int_equal(store_newest_seen(st, newest), 0);
	assert_string_equal(newest, "2026-10");
	save(st, response("A", "2026-12", 5));
	assert_int_equal(store_newest_seen(st, newest), 0);
	assert_string_equal(newest, "2026-12");
	store_close(st);
}

static void test_read_closed_periods_only(void **state)
{
	(void)state;
	char err[512] = "";
	const char *p = db_path("read.db");
	Store *st = open_rw(p);
	save(st, response("A", "2026-09", 5));
	for (int i = 0; i < 3; i++)
		save(st, response("A", "2026-10", 5));
	save(st, response("B", "2026-11", 4));
	store_close(st);
	st = store_open(p, 0, err, sizeof err);
	assert_non_null(st);
	/* mid-November: November is open and never read */
	Seen seen = each(st, "2026-10", "2026-11", 1, day(2026, 11, 15));
	assert_string_equal(seen.periods, "2026-10");
	assert_int_equal(seen.responses, 3);
	assert_int_equal(seen.answers, 9);
	assert_int_equal(seen.sum, 3 * (5 - 1 + 0));
	/* in December it is closed, once over everywhere (12:00 UTC) */
	seen = each(st, "2026-10", "2026-11", 1, day(2026, 12, 1) + 12 * 3600);
	assert_string_equal(seen.periods, "2026-10,2026-11");
	assert_int_equal(seen.responses, 4);
	/* the first hours of December in UTC are still November in UTC-12 */
	seen = each(st, "2026-11", "2026-11", 0, day(2026, 12, 1) + 12 * 3600 - 1);
	assert_int_equal(seen.responses, 0);
	/* responses only */
	seen = each(st, "2026-09", "2026-12", 0, day(2027, 1, 1));
	assert_int_equal(seen.responses, 5);
	assert_int_equal(seen.answers, 0);
	char id[33];
	assert_int_equal(store_database_id(st, id, err, sizeof err), 0);
	assert_int_equal(strspn(id, "abcdefghijklmnop"), 32); /* no digits: no time */
	store_close(st);
	/* quarters, passed as stored, in the range of their last month */
	const char *q = db_path("quarter.db");
	st = open_rw(q);
	save(st, response("A", "2026-Q3", 2));
	save(st, response("A", "2026-Q4", 3));
	seen = each(st, "2026-09", "2026-09", 1, day(2026, 12, 2));
	assert_string_equal(seen.periods, "2026-Q3");
	assert_int_equal(seen.responses, 1);
	seen = each(st, "2026-07", "2026-08", 1, day(2026, 12, 2));
	assert_int_equal(seen.responses, 0);
	seen = each(st, "2026-01", "2026-12", 0, day(2026, 12, 31));
	assert_string_equal(seen.periods, "2026-Q3"); /* Q4 is open */
	seen = each(st, "2026-01", "2026-12", 0, day(2027, 1, 1) + 12 * 3600);
	assert_string_equal(seen.periods, "2026-Q3,2026-Q4");
	store_close(st);
	/* reading an empty file refuses it and leaves it empty */
	p = db_path("empty.db");
	fclose(fopen(p, "w"));
	assert_null(store_open(p, 0, err, sizeof err));
	assert_has(err, "empty");
	struct stat sb;
	assert_int_equal(stat(p, &sb), 0);
	assert_int_equal(sb.st_size, 0);
}

/* ---- old files ----------------------------------------------------------- */

/* The schema of heard's versions 1 and 2, as they wrote it. */
#define V1_SCHEMA \
	"PRAGMA application_id = 1751474546;" \
	"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;" \
	"CREATE TABLE response(id BLOB PRIMARY KEY, kiosk TEXT NOT NULL, service TEXT NOT NULL," \
	"  period TEXT NOT NULL, qset TEXT NOT NULL) WITHOUT ROWID;" \
	"CREATE INDEX response_period ON response(period, service);" \
	"CREATE TABLE answer(response BLOB NOT NULL REFERENCES response(id), question TEXT NOT NULL," \
	"  value INTEGER NOT NULL, PRIMARY KEY (response, question)) WITHOUT ROWID;"
#define V2_COUNTS \
	"CREATE TABLE count_response(period TEXT NOT NULL, service TEXT NOT NULL," \
	"  n INTEGER NOT NULL, PRIMARY KEY (period, service)) WITHOUT ROWID;" \
	"CREATE TABLE count_answer(period TEXT NOT NULL, service TEXT NOT NULL, question TEXT NOT NULL," \
	"  value INTEGER NOT NULL, n INTEGER NOT NULL," \
	"  PRIMARY KEY (period, service, question, value)) WITHOUT ROWID;"
#define V2_RECOUNT \
	"INSERT INTO count_response SELECT period, service, count(*) FROM response GROUP BY 1, 2;" \
	"INSERT INTO count_answer SELECT r.period, r.service, a.question, a.value, count(*)" \
	"  FROM response r JOIN answer a ON a.response = r.id GROUP BY 1, 2, 3, 4;"

/* Rows as an old kiosk named front-desk saved them, under a question-set
 * name found nowhere else: in months, ISO weeks and days. */
static void old_rows(const char *p, int version)
{
	char sql[4096];
	snprintf(sql, sizeof sql,
	         "PRAGMA journal_mode = WAL;" V1_SCHEMA "%s"
	         "INSERT INTO meta VALUES ('schema_version', '%d')%s;"
	         "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 19)"
	         " INSERT INTO response SELECT randomblob(16), 'front-desk',"
	         "  CASE WHEN i %% 2 THEN 'Housing' ELSE 'Youth' END,"
	         "  CASE i %% 5 WHEN 0 THEN '2026-10' WHEN 1 THEN '2026-11-21' WHEN 2 THEN '2026-W47'"
	         "   WHEN 3 THEN '2026-W44' ELSE '2026-11' END, 'qset-Zebra-Quokka-7' FROM n;"
	         "INSERT INTO answer SELECT id, 'heard.listen', length(period) %% 5 + 1 FROM response;"
	         "INSERT INTO answer SELECT id, 'control.no', -1 FROM response WHERE service = 'Youth';"
	         "%s",
	         version == 2 ? V2_COUNTS : "", version,
	         version == 2 ? ", ('database_id', 'abcdefghijklmnopabcdefghijklmnop')" : "",
	         version == 2 ? V2_RECOUNT : "");
	sql_exec(p, sql);
	chmod(p, 0600);
}

/* What the rows of old_rows() add up to, per month after the roll-up:
 * W44 (Thursday 29 October) is October's; W47 and 2026-11-21 November's. */
static void assert_rolled_up(const char *p)
{
	assert_int_equal(sql_int(p, "SELECT value FROM meta WHERE key = 'schema_version'"), 4);
	assert_int_equal(sql_int(p, "SELECT count(*) FROM sqlite_master WHERE name IN "
	                            "('response', 'answer', 'response_period')"), 0);
	assert_int_equal(sql_int(p, "SELECT count(*) FROM count_response WHERE period NOT IN "
	                            "('2026-10', '2026-11')"), 0);
	assert_int_equal(sql_int(p, "SELECT count(*) FROM count_answer WHERE period NOT IN "
	                            "('2026-10', '2026-11')"), 0);
	assert_int_equal(sql_int(p, "SELECT sum(n) FROM count_response WHERE period = '2026-10'"), 8);
	assert_int_equal(sql_int(p, "SELECT sum(n) FROM count_response WHERE period = '2026-11'"), 12);
	/* i = 0, 10 (month) and 3, 13 (W44) in October; odd i is Housing */
	assert_int_equal(sql_int(p, "SELECT n FROM count_response WHERE period = '2026-10' "
	                            "AND service = 'Housing'"), 4);
	assert_int_equal(sql_int(p, "SELECT sum(n) FROM count_answer WHERE question = 'heard.listen'"), 20);
	assert_int_equal(sql_int(p, "SELECT sum(n) FROM count_answer WHERE question = 'control.no' "
	                            "AND value = -1"), 10);
	/* 2026-10 (length 7 -> 3) and W44 (length 8 -> 4) in October */
	assert_int_equal(sql_int(p, "SELECT sum(n) FROM count_answer WHERE period = '2026-10' "
	                            "AND question = 'heard.listen' AND value = 3"), 4);
	assert_int_equal(sql_int(p, "SELECT sum(n) FROM count_answer WHERE period = '2026-10' "
	                            "AND question = 'heard.listen' AND value = 4"), 4);
	assert_int_equal(sql_int(p, "SELECT sum(n) FROM count_answer WHERE period = '2026-11' "
	                            "AND question = 'heard.listen' AND value = 1"), 4); /* the days */
	char err[512] = "", name[64];
	Store *st = open_rw(p);
	assert_int_equal(store_kiosk_name(st, name, err, sizeof err), 0);
	assert_string_equal(name, "front-desk");
	store_close(st);
}

static void test_migrates_version_1(void **state)
{
	(void)state;
	char err[512] = "";
	const char *p = db_path("v1.db");
	old_rows(p, 1);
	/* the report does not change a file: it says what to do */
	assert_null(store_open(p, 0, err, sizeof err));
	assert_has(err, "schema version 1");
	store_close(open_rw(p));
	assert_rolled_up(p);
	assert_int_equal(sql_int(p, "SELECT length(value) FROM meta WHERE key = 'database_id'"), 32);
}

/* v2 to v3: counts rolled up, the rows dropped and their bytes gone
 * from the file and its -wal. */
static void test_migrates_version_2_and_erases_rows(void **state)
{
	(void)state;
	const char *p = db_path("v2.db");
	old_rows(p, 2);
	static const char mark[] = "qset-Zebra-Quokka-7";
	assert_true(file_holds(p, mark, strlen(mark))); /* there to be erased */
	unsigned char id[16];
	sqlite3 *db;
	sqlite3_stmt *s;
	assert_int_equal(sqlite3_open(p, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT id FROM response LIMIT 1", -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	memcpy(id, sqlite3_column_blob(s, 0), 16);
	sqlite3_finalize(s);
	sqlite3_close(db);
	assert_true(file_holds(p, id, sizeof id));
	Store *st = open_rw(p);
	char wal[600];
	snprintf(wal, sizeof wal, "%s-wal", p);
	assert_false(file_holds(p, mark, strlen(mark)));
	assert_false(file_holds(wal, mark, strlen(mark)));
	assert_false(file_holds(p, id, sizeof id));
	assert_false(file_holds(wal, id, sizeof id));
	store_close(st);
	assert_false(file_holds(p, mark, strlen(mark)));
	assert_rolled_up(p);
	assert_int_equal(sql_int(p, "SELECT count(*) FROM meta WHERE key = 'database_id' "
	                            "AND value = 'abcdefghijklmnopabcdefghijklmnop'"), 1);
	assert_int_equal(sql_int(p, "PRAGMA freelist_count"), 0);
	/* a v2 file whose counts were never made gets them from its rows */
	p = db_path("v2-nocounts.db");
	old_rows(p, 2);
	sql_exec(p, "DELETE FROM count_response; DELETE FROM count_answer;");
	store_close(open_rw(p));
	assert_rolled_up(p);
	/* a v2 file with no rows at all: an empty kiosk name */
	p = db_path("v2-empty.db");
	old_rows(p, 2);
	sql_exec(p, "DELETE FROM answer; DELETE FROM response; DELETE FROM count_response;"
	            "DELETE FROM count_answer;");
	store_close(open_rw(p));
	assert_int_equal(sql_int(p, "SELECT count(*) FROM meta WHERE key = 'kiosk' AND value = ''"), 1);
}

/* ISO weeks go to the month holding their Thursday, across years too. */
static void test_week_roll_up(void **state)
{
	(void)state;
	const char *p = db_path("weeks.db");
	old_rows(p, 2);
	sql_exec(p, "DELETE FROM count_answer; DELETE FROM count_response;"
	            "INSERT INTO count_response VALUES ('2026-W01', 'a', 1), ('2026-W53', 'a', 2),"
	            " ('2019-W01', 'a', 4), ('2020-W53', 'a', 8), ('2026-W47', 'a', 16),"
	            " ('2026-11', 'a', 32), ('2026-11-30', 'a', 64), ('2026-12-01', 'a', 128);"
	            "INSERT INTO count_answer VALUES ('2026-W47', 'a', 'q', 5, 1), ('2026-11', 'a', 'q', 5, 2),"
	            " ('2026-11-02', 'a', 'q', 5, 4), ('2026-11-03', 'a', 'q', 5, 8), ('2026-W44', 'a', 'q', 5, 16);");
	store_close(open_rw(p));
	assert_int_equal(sql_int(p, "SELECT n FROM count_response WHERE period = '2026-01'"), 1);
	assert_int_equal(sql_int(p, "SELECT n FROM count_response WHERE period = '2026-12'"), 2 + 128);
	assert_int_equal(sql_int(p, "SELECT n FROM count_response WHERE period = '2019-01'"), 4);
	assert_int_equal(sql_int(p, "SELECT n FROM count_response WHERE period = '2020-12'"), 8);
	assert_int_equal(sql_int(p, "SELECT n FROM count_response WHERE period = '2026-11'"), 16 + 32 + 64);
	assert_int_equal(sql_int(p, "SELECT count(*) FROM count_response"), 5);
	assert_int_equal(sql_int(p, "SELECT n FROM count_answer WHERE period = '2026-11'"), 1 + 2 + 4 + 8);
	assert_int_equal(sql_int(p, "SELECT n FROM count_answer WHERE period = '2026-10'"), 16);
	assert_int_equal(sql_int(p, "SELECT count(*) FROM count_answer"), 2);
}

/* ---- backups ------------------------------------------------------------- */

static void test_backup_closed_periods_in_key_order(void **state)
{
	(void)state;
	char err[512] = "", a[512], b[512], c[512];
	const char *p = db_path("live.db");
	time_t now = day(2026, 11, 15);
	Store *st = open_rw(p);
	assert_int_equal(store_set_kiosk(st, "front-desk", err, sizeof err), 0);
	save(st, response("Youth", "2026-10", 5));
	save(st, response("Housing", "2026-10", 2));
	save(st, response("Housing", "2026-11", 3));
	assert_int_equal(store_backup(p, path_in("a.db", a), now, err, sizeof err), 0);
	save(st, response("Youth", "2026-11", 1)); /* one session in the open month */
	assert_int_equal(store_backup(p, path_in("b.db", b), now, err, sizeof err), 0);
	/* the two copies cannot be told apart */
	size_t na, nb;
	char *ba = slurp(a, &na), *bb = slurp(b, &nb);
	assert_true(na > 0);
	assert_int_equal(na, nb);
	assert_memory_equal(ba, bb, na);
	free(ba);
	free(bb);
	/* closed periods only, the same id and kiosk name */
	assert_int_equal(sql_int(a, "SELECT count(*) FROM count_response WHERE period <> '2026-10'"), 0);
	assert_int_equal(sql_int(a, "SELECT count(*) FROM count_answer WHERE period <> '2026-10'"), 0);
	assert_int_equal(sql_int(a, "SELECT sum(n) FROM count_response"), 2);
	assert_int_equal(sql_int(a, "SELECT sum(n) FROM count_answer"), 6);
	char id[33], id2[33], name[64];
	assert_int_equal(store_database_id(st, id, err, sizeof err), 0);
	Store *copy = store_open(a, 0, err, sizeof err);
	assert_non_null(copy);
	assert_int_equal(store_database_id(copy, id2, err, sizeof err), 0);
	assert_string_equal(id, id2);
	assert_int_equal(store_kiosk_name(copy, name, err, sizeof err), 0);
	assert_string_equal(name, "front-desk");
	store_close(copy);
	/* one private file */
	struct stat sb;
	assert_int_equal(stat(a, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_false(exists(a, "-wal"));
	assert_false(exists(a, "-shm"));
	assert_false(exists(a, "-journal"));
	assert_int_equal(sql_int(a, "PRAGMA freelist_count"), 0);
	/* once November is over it travels too */
	assert_int_equal(store_backup(p, path_in("c.db", c), day(2026, 12, 1) + 12 * 3600, err,
	                              sizeof err), 0);
	assert_int_equal(sql_int(c, "SELECT n FROM count_response WHERE period = '2026-11' "
	                            "AND service = 'Youth'"), 1);
	/* an existing copy is never overwritten */
	assert_int_equal(store_backup(p, a, now, err, sizeof err), 2);
	assert_has(err, "already there");
	assert_int_equal(sql_int(a, "SELECT sum(n) FROM count_response"), 2);
	/* the same counts saved in the opposite order: the same copy */
	const char *q = db_path("reversed.db");
	Store *st2 = open_rw(q);
	assert_int_equal(store_set_kiosk(st2, "front-desk", err, sizeof err), 0);
	save(st2, response("Housing", "2026-10", 2));
	save(st2, response("Youth", "2026-10", 5));
	store_close(st2);
	char sql[128];
	snprintf(sql, sizeof sql, "UPDATE meta SET value = '%s' WHERE key = 'database_id'", id);
	sql_exec(q, sql);
	assert_int_equal(store_backup(q, path_in("d.db", c), now, err, sizeof err), 0);
	ba = slurp(a, &na);
	bb = slurp(c, &nb);
	assert_int_equal(na, nb);
	assert_memory_equal(ba, bb, na);
	free(ba);
	free(bb);
	store_close(st);
	/* a source that is not a heard database: no copy at all */
	FILE *f = fopen(db_path("list.txt"), "w");
	fputs("shopping list\n", f);
	fclose(f);
	assert_int_equal(store_backup(db_path("list.txt"), path_in("e.db", c), now, err, sizeof err), 2);
	assert_false(exists(c, ""));
}

/* ---- comments ------------------------------------------------------------- */

typedef struct {
	int n;
	char text[64][64];
	char where[64][40];
	char key[64][40];
} Said;

static int said(void *user, const char *service, const char *period, const char *key,
                const char *text)
{
	Said *s = user;
	if (s->n < 64) {
		snprintf(s->text[s->n], sizeof s->text[0], "%s", text);
		snprintf(s->key[s->n], sizeof s->key[0], "%s", key);
		snprintf(s->where[s->n], sizeof s->where[0], "%s|%s", service, period);
		s->n++;
	}
	return 0;
}

static Said comments(Store *st, const char *from, const char *to, time_t now)
{
	char err[512] = "";
	Said s = { 0 };
	if (store_each_comment(st, from, to, said, &s, now, err, sizeof err))
		fail_msg("store_each_comment: %s", err);
	return s;
}

/* A comment is kept with its service and period and a random key only:
 * no column, value or order ties it to the counts or to the time it came. */
static void test_comment_unlinked(void **state)
{
	(void)state;
	const char *p = db_path("said.db");
	Store *st = open_rw(p);
	char text[40][16];
	for (int i = 0; i < 40; i++) {
		StoreResponse r = response("Youth", "2026-10", 1 + i % 5);
		snprintf(text[i], sizeof text[i], "words %02d", i);
		r.comment = i % 4 == 3 ? NULL : text[i]; /* some say nothing */
		save(st, r);
	}
	StoreResponse r = response("Housing", "2026-10", 2);
	r.comment = "";
	save(st, r); /* "" is no comment */
	store_close(st);
	assert_int_equal(sql_int(p, "SELECT count(*) FROM comment"), 30);
	assert_int_equal(sql_int(p, "SELECT sum(n) FROM count_response"), 41);
	/* its columns: period, service, a 32-letter random key, the text */
	assert_int_equal(sql_int(p, "SELECT count(*) FROM pragma_table_info('comment') "
	                            "WHERE name NOT IN ('period','service','k','text')"), 0);
	assert_int_equal(sql_int(p, "SELECT count(*) FROM comment WHERE length(k) <> 32 OR "
	                            "k GLOB '*[^a-p]*'"), 0);
	assert_int_equal(sql_int(p, "SELECT count(DISTINCT k) FROM comment"), 30);
	/* no rowid, no foreign key, no index, no trigger: nothing points anywhere */
	assert_int_equal(sql_int(p, "SELECT count(*) FROM sqlite_master WHERE name = 'comment' "
	                            "AND sql LIKE '%WITHOUT ROWID%' AND sql NOT LIKE '%REFERENCES%'"), 1);
	assert_int_equal(sql_int(p, "SELECT count(*) FROM pragma_foreign_key_list('comment')"), 0);
	assert_int_equal(sql_int(p, "SELECT count(*) FROM sqlite_master WHERE type IN "
	                            "('index', 'trigger', 'view') AND sql IS NOT NULL"), 0);
	/* read back (November closed) in key order, which is not arrival order */
	char err[512] = "";
	st = store_open(p, 0, err, sizeof err);
	assert_non_null(st);
	Said s = comments(st, "2026-10", "2026-10", day(2026, 11, 2));
	store_close(st);
	assert_int_equal(s.n, 30);
	int in_order = 1, seen[40] = { 0 };
	for (int i = 0; i < s.n; i++) {
		int k = atoi(s.text[i] + 6);
		assert_string_equal(s.where[i], "Youth|2026-10");
		assert_true(k >= 0 && k < 40 && k % 4 != 3 && !seen[k]);
		seen[k] = 1;
		in_order &= i == 0 || k > atoi(s.text[i - 1] + 6);
		/* each with its own stored key: a copy's comment is known by it */
		char q[160];
		snprintf(q, sizeof q, "SELECT count(*) FROM comment WHERE k = '%s' AND text = '%s'",
		         s.key[i], s.text[i]);
		assert_int_equal(sql_int(p, q), 1);
	}
	assert_false(in_order); /* 30 in the order they came: 1 in 30! */
	/* and the file's own cells follow the keys (rebuilt after each save) */
	assert_int_equal(sql_int(p, "SELECT count(*) FROM (SELECT k, lag(k) OVER () AS before "
	                            "FROM comment) WHERE before > k"), 0);
}

/* Only closed periods are read or copied; a comment that is not plain
 * text (or too long) is refused with its response, all or nothing. */
static void test_comment_closed_and_checked(void **state)
{
	(void)state;
	char err[512] = "", copy[512];
	const char *p = db_path("said2.db");
	Store *st = open_rw(p);
	StoreResponse r = response("Youth", "2026-10", 4);
	r.comment = "October words";
	save(st, r);
	r = response("Youth", "2026-11", 4);
	r.comment = "November words";
	save(st, r);
	Said s = comments(st, "2026-01", "2026-12", day(2026, 11, 20));
	assert_int_equal(s.n, 1);
	assert_string_equal(s.text[0], "October words");
	s = comments(st, "2026-11", "2026-11", day(2026, 12, 2));
	assert_int_equal(s.n, 1);
	assert_string_equal(s.text[0], "November words");
	/* refused, with the response: nothing written */
	char big[STORE_COMMENT_MAX + 2];
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	const char *bad[] = { "line\nbreak", "esc\x1b[31m", "\xff\xfe", big, "rtl\xe2\x80\xae" "override" };
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		r = response("Youth", "2026-11", 1);
		r.comment = bad[i];
		assert_int_equal(store_save(st, &r, err, sizeof err), -1);
		assert_has(err, "comment");
	}
	assert_int_equal(store_save_comment(st, "2026-11", "Youth", "", err, sizeof err), -1);
	/* a closed period never changes, for a comment alone either */
	assert_int_equal(store_save_comment(st, "2026-10", "Youth", "late", err, sizeof err), -1);
	assert_has(err, "closed");
	assert_int_equal(store_save_comment(st, "2026-11", "", "alone", err, sizeof err), 0);
	big[STORE_COMMENT_MAX] = '\0'; /* exactly the most */
	assert_int_equal(store_save_comment(st, "2026-11", "", big, err, sizeof err), 0);
	store_close(st);
	assert_int_equal(sql_int(p, "SELECT sum(n) FROM count_response"), 2);
	assert_int_equal(sql_int(p, "SELECT count(*) FROM comment"), 4);
	/* a copy in November carries October's comment only */
	assert_int_equal(store_backup(p, path_in("said-copy.db", copy), day(2026, 11, 20), err,
	                              sizeof err), 0);
	assert_int_equal(sql_int(copy, "SELECT count(*) FROM comment"), 1);
	assert_int_equal(sql_int(copy, "SELECT count(*) FROM comment WHERE text = 'October words'"), 1);
	/* a copy made before comments (schema v3) still reads, with none */
	sql_exec(copy, "DROP TABLE comment; UPDATE meta SET value = '3' WHERE key = 'schema_version'");
	st = store_open(copy, 0, err, sizeof err);
	if (!st) fail_msg("%s", err);
	s = comments(st, "2026-01", "2026-12", day(2026, 12, 20));
	assert_int_equal(s.n, 0);
	assert_int_equal(each(st, "2026-01", "2026-12", 1, day(2026, 12, 20)).responses, 1);
	store_close(st);
	/* a comment changed into something else by hand: named, not passed on */
	sql_exec(p, "UPDATE comment SET text = 'bell\a' WHERE text = 'alone'");
	st = store_open(p, 0, err, sizeof err);
	assert_non_null(st);
	Said none = { 0 };
	assert_int_equal(store_each_comment(st, "2026-11", "2026-11", said, &none, day(2026, 12, 2),
	                                    err, sizeof err), -1);
	assert_has(err, p);
	assert_has(err, "damaged");
	store_close(st);
}

/* ---- the kiosk's own files ----------------------------------------------- */

static void test_refuses_files_others_can_reach(void **state)
{
	(void)state;
	char err[512] = "", side[600];
	const char *p = db_path("loose.db");
	store_close(open_rw(p));
	assert_int_equal(chmod(p, 0644), 0); /* someone loosened it */
	assert_null(store_open(p, 1, err, sizeof err));
	assert_has(err, "open to other users (mode 0644)");
	assert_has(err, "chmod 600");
	assert_has(err, p);
	struct stat sb;
	assert_int_equal(stat(p, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0644); /* refused, not changed behind anyone's back */
	/* heard-report may still read it */
	Store *st = store_open(p, 0, err, sizeof err);
	assert_non_null(st);
	store_close(st);
	assert_int_equal(chmod(p, 0620), 0);
	assert_null(store_open(p, 1, err, sizeof err));
	assert_has(err, "open to other users (mode 0620)");
	assert_int_equal(chmod(p, 0600), 0);
	/* a -wal or -shm put there by someone else */
	snprintf(side, sizeof side, "%s-wal", p);
	int fd = open(side, O_CREAT | O_WRONLY, 0600);
	close(fd);
	assert_int_equal(chmod(side, 0666), 0);
	assert_null(store_open(p, 1, err, sizeof err));
	assert_has(err, side);
	assert_has(err, "chmod 600");
	remove(side);
	snprintf(side, sizeof side, "%s-shm", p);
	remove(side);
	assert_int_equal(symlink("/tmp/elsewhere", side), 0);
	assert_null(store_open(p, 1, err, sizeof err));
	assert_has(err, side);
	assert_has(err, "symbolic link");
	remove(side);
	if (geteuid() == 0) { /* only root can give a file away */
		assert_int_equal(chown(p, 1, (gid_t)-1), 0);
		assert_null(store_open(p, 1, err, sizeof err));
		assert_has(err, "belongs to another user (daemon");
		assert_has(err, "chown ");
		assert_int_equal(chown(p, 0, (gid_t)-1), 0);
	}
	store_close(open_rw(p)); /* put right, it opens */
	/* the database itself a symlink: refused, for reading too */
	const char *l = db_path("link.db");
	assert_int_equal(symlink(p, l), 0);
	assert_null(store_open(l, 1, err, sizeof err));
	assert_has(err, "symbolic link");
	assert_null(store_open(l, 0, err, sizeof err));
	assert_has(err, "symbolic link");
	/* a fresh file is made private, whatever the umask */
	mode_t old = umask(0);
	const char *n = db_path("fresh.db");
	store_close(open_rw(n));
	umask(old);
	assert_int_equal(stat(n, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
}

static void test_set_kiosk(void **state)
{
	(void)state;
	char err[512] = "", id[33], id2[33], name[64];
	const char *p = db_path("named.db");
	Store *st = open_rw(p);
	assert_int_equal(store_kiosk_name(st, name, err, sizeof err), 0);
	assert_string_equal(name, "");
	assert_int_equal(store_database_id(st, id, err, sizeof err), 0);
	assert_int_equal(store_set_kiosk(st, "front-desk", err, sizeof err), 0);
	assert_int_equal(store_set_kiosk(st, "front-desk", err, sizeof err), 0);
	assert_int_equal(store_kiosk_name(st, name, err, sizeof err), 0);
	assert_string_equal(name, "front-desk");
	assert_int_equal(store_database_id(st, id2, err, sizeof err), 0);
	assert_string_equal(id, id2); /* first set: the same file */
	save(st, response("A", "2026-11", 4));
	store_close(st);
	/* copied to another machine and renamed there: a new id */
	st = open_rw(p);
	assert_int_equal(store_set_kiosk(st, "upstairs", err, sizeof err), 1);
	assert_int_equal(store_database_id(st, id2, err, sizeof err), 0);
	assert_string_not_equal(id, id2);
	assert_int_equal(strspn(id2, "abcdefghijklmnop"), 32);
	assert_int_equal(store_kiosk_name(st, name, err, sizeof err), 0);
	assert_string_equal(name, "upstairs");
	assert_int_equal(store_count(st, "2026-11"), 1); /* the counts stay */
	store_close(st);
	assert_int_equal(sql_int(p, "SELECT count(*) FROM meta WHERE key = 'kiosk' AND value = 'upstairs'"), 1);
	/* two databases never share an id */
	const char *q = db_path("other.db");
	st = open_rw(q);
	assert_int_equal(store_database_id(st, id2, err, sizeof err), 0);
	assert_string_not_equal(id, id2);
	store_close(st);
}

static void test_refuses_bad_files(void **state)
{
	(void)state;
	char err[512] = "";
	/* missing, when not asked to create */
	const char *p = db_path("missing.db");
	assert_null(store_open(p, 0, err, sizeof err));
	assert_has(err, p);
	/* not SQLite at all */
	p = db_path("text.db");
	FILE *f = fopen(p, "w");
	fputs("this is a shopping list, not a database\n", f);
	fclose(f);
	chmod(p, 0600);
	assert_null(store_open(p, 1, err, sizeof err));
	assert_has(err, p);
	assert_has(err, "not a database");
	/* another program's SQLite file */
	p = db_path("other.db");
	sql_exec(p, "CREATE TABLE invoices(n INTEGER)");
	chmod(p, 0600);
	assert_null(store_open(p, 1, err, sizeof err));
	assert_has(err, "another program");
	/* a newer heard */
	p = db_path("newer.db");
	store_close(open_rw(p));
	sql_exec(p, "UPDATE meta SET value = '99' WHERE key = 'schema_version'");
	assert_null(store_open(p, 1, err, sizeof err));
	assert_has(err, "newer");
	assert_has(err, p);
}

/* ---- periods ------------------------------------------------------------- */

static void test_periods(void **state)
{
	(void)state;
	char out[16];
	store_period(out, day(2026, 11, 20), PERIOD_MONTH);
	assert_string_equal(out, "2026-11");
	store_period(out, day(2026, 11, 20), PERIOD_QUARTER);
	assert_string_equal(out, "2026-Q4");
	store_period(out, day(2026, 1, 1), PERIOD_QUARTER);
	assert_string_equal(out, "2026-Q1");
	store_period(out, day(2026, 3, 31), PERIOD_QUARTER);
	assert_string_equal(out, "2026-Q1");
	store_period(out, day(2026, 4, 1), PERIOD_QUARTER);
	assert_string_equal(out, "2026-Q2");
	store_period(out, day(2026, 9, 30), PERIOD_QUARTER);
	assert_string_equal(out, "2026-Q3");
}

static void test_period_closed(void **state)
{
	(void)state;
	/* closed once over in every time zone: 12:00 UTC on the next day,
	 * whatever the caller's TZ (a copy made at 01:00 on the 1st in UTC+14
	 * is still in the month for a kiosk at UTC) */
	const long noon = 12 * 3600;
	assert_int_equal(store_period_closed("2026-11", day(2026, 11, 30) + 86399), 0);
	assert_int_equal(store_period_closed("2026-11", day(2026, 12, 1)), 0);
	assert_int_equal(store_period_closed("2026-11", day(2026, 12, 1) + noon - 1), 0);
	assert_int_equal(store_period_closed("2026-11", day(2026, 12, 1) + noon), 1);
	setenv("TZ", "Pacific/Kiritimati", 1); /* UTC+14 */
	tzset();
	assert_int_equal(store_period_closed("2026-11", day(2026, 11, 30) + 11 * 3600), 0);
	setenv("TZ", "UTC", 1);
	tzset();
	assert_int_equal(store_period_closed("2026-11", day(2026, 11, 1)), 0);
	assert_int_equal(store_period_closed("2026-12", day(2026, 11, 15)), 0); /* future */
	assert_int_equal(store_period_closed("2026-12", day(2027, 1, 1) + noon), 1);
	assert_int_equal(store_period_closed("2026-Q4", day(2026, 12, 31)), 0);
	assert_int_equal(store_period_closed("2026-Q4", day(2027, 1, 1)), 0);
	assert_int_equal(store_period_closed("2026-Q4", day(2027, 1, 1) + noon), 1);
	assert_int_equal(store_period_closed("2026-Q1", day(2026, 3, 31)), 0);
	assert_int_equal(store_period_closed("2026-Q1", day(2026, 4, 1) + noon), 1);
	/* the zones it allows for, and no further: a kiosk at UTC-23 would be
	 * counting November for a day after copies hold it as closed */
	char err[256];
	const struct { const char *tz; int ok; } zones[] = {
		{ "UTC", 0 }, { "Pacific/Kiritimati", 0 }, { "Etc/GMT+12", 0 },
		{ "XXX+12", 0 }, { "XXX-14", 0 }, { "XXX+23", -1 }, { "XXX+12:30", -1 }, { "XXX-15", -1 },
	};
	for (size_t i = 0; i < sizeof zones / sizeof *zones; i++) {
		setenv("TZ", zones[i].tz, 1);
		tzset();
		err[0] = '\0';
		assert_int_equal(store_zone_ok(day(2026, 11, 30), err, sizeof err), zones[i].ok);
		if (zones[i].ok)
			assert_non_null(strstr(err, zones[i].tz));
	}
	setenv("TZ", "UTC", 1);
	tzset();
	assert_int_equal(store_period_closed("1999-02", day(2026, 4, 1)), 1);
	const char *bad[] = { "2026-13", "2026-00", "2026-Q0", "2026-Q5", "2026-W47", "2026-11-21",
	                      "", "26-11", "2026-1", "2026-110", "2026-Q41", "abcd-11" };
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		if (store_period_closed(bad[i], day(2030, 1, 1)) != -1)
			fail_msg("'%s' taken for a period", bad[i]);
	/* the caller's time zone changes nothing */
	setenv("TZ", "America/New_York", 1);
	tzset();
	assert_int_equal(store_period_closed("2026-11", day(2026, 12, 1) + 11 * 3600), 0);
	assert_int_equal(store_period_closed("2026-11", day(2026, 12, 1) + 12 * 3600), 1);
	setenv("TZ", "UTC", 1);
	tzset();
}

int main(void)
{
	setenv("TZ", "UTC", 1);
	tzset();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new_database_holds_counts_only),
		cmocka_unit_test(test_saved_exactly),
		cmocka_unit_test(test_save_leaves_no_wal_or_shm),
		cmocka_unit_test(test_file_keeps_no_order),
		cmocka_unit_test(test_failed_save_leaves_nothing),
		cmocka_unit_test(test_batch_keeps_each_response_whole),
		cmocka_unit_test(test_closed_period_refused),
		cmocka_unit_test(test_newest_period),
		cmocka_unit_test(test_newest_seen),
		cmocka_unit_test(test_read_closed_periods_only),
		cmocka_unit_test(test_migrates_version_1),
		cmocka_unit_test(test_migrates_version_2_and_erases_rows),
		cmocka_unit_test(test_week_roll_up),
		cmocka_unit_test(test_backup_closed_periods_in_key_order),
		cmocka_unit_test(test_comment_unlinked),
		cmocka_unit_test(test_comment_closed_and_checked),
		cmocka_unit_test(test_refuses_files_others_can_reach),
		cmocka_unit_test(test_set_kiosk),
		cmocka_unit_test(test_refuses_bad_files),
		cmocka_unit_test(test_periods),
		cmocka_unit_test(test_period_closed),
	};
	return cmocka_run_group_tests_name("store", tests, scratch_setup, scratch_teardown);
}
