/* test_store.c - the storage contract of DESIGN.md "Anonymity rules":
 * private file, WAL, random ids, order unrelated to arrival, one atomic
 * transaction per response, foreign and newer databases refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "store.h"
#include "scratch.h"
#include "sql_int.h"


static const char *db_path(const char *name)
{
	static char p[512];
	snprintf(p, sizeof p, "%s/%s", tmpdir, name);
	remove(p);
	return p;
}

static StoreResponse response(const char *kiosk, const char *service, int v)
{
	static const char *ids[] = { "heard.listen", "control.no", "control.next" };
	StoreResponse r = { .kiosk = kiosk, .service = service, .period = "2026-11",
	                    .qset = "1", .n = 3 };
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
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

#define assert_has(haystack, needle) do { \
	if (!strstr((haystack), (needle))) \
		fail_msg("expected \"%s\" in \"%s\"", (needle), (haystack)); \
} while (0)

static void test_new_database_is_private_wal_and_versioned(void **state)
{
	(void)state;
	char err[512] = "";
	const char *p = db_path("new.db");
	Store *st = store_open(p, 1, err, sizeof err);
	assert_non_null(st);
	StoreResponse r = response("k1", "Counselling", 5);
	assert_int_equal(store_save(st, &r, err, sizeof err), 0);
	struct stat sb;
	assert_int_equal(stat(p, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	char wal[600];
	snprintf(wal, sizeof wal, "%s-wal", p);
	assert_int_equal(stat(wal, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	store_close(st);
	assert_int_equal(sql_int(p, "PRAGMA application_id"), STORE_APPLICATION_ID);
	assert_int_equal(sql_int(p, "SELECT value FROM meta WHERE key = 'schema_version'"),
	                 STORE_SCHEMA_VERSION);
	char jm[16] = "";
	sqlite3 *db;
	sqlite3_stmt *s;
	sqlite3_open(p, &db);
	sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &s, NULL);
	if (sqlite3_step(s) == SQLITE_ROW)
		snprintf(jm, sizeof jm, "%s", sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	/* no rowid to order by arrival, no column holding a time */
	assert_int_not_equal(sqlite3_prepare_v2(db, "SELECT rowid FROM response", -1, &s, NULL), SQLITE_OK);
	assert_int_not_equal(sqlite3_prepare_v2(db, "SELECT rowid FROM answer", -1, &s, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_string_equal(jm, "wal");
	assert_int_equal(sql_int(p, "SELECT count(*) FROM pragma_table_info('response') "
	                            "WHERE name NOT IN ('id','kiosk','service','period','qset')"), 0);
}

/* With the kiosk's connection still open, the -wal file must not keep
 * the responses as separate commits in the order they arrived. */
static void test_wal_keeps_no_order(void **state)
{
	(void)state;
	char err[512] = "", wal[600];
	const char *p = db_path("wal.db");
	Store *st = store_open(p, 1, err, sizeof err);
	assert_non_null(st);
	snprintf(wal, sizeof wal, "%s-wal", p);
	for (int i = 0; i < 5; i++) {
		StoreResponse r = response("k", "A", 1 + i);
		assert_int_equal(store_save(st, &r, err, sizeof err), 0);
		struct stat sb;
		assert_int_equal(stat(wal, &sb), 0);
		assert_int_equal(sb.st_size, 0); /* folded in and cut after each response */
	}
	/* and a copy of the database file alone holds every response */
	assert_int_equal(sql_int(p, "SELECT count(*) FROM response"), 5);
	store_close(st);
}

static void test_existing_file_made_private(void **state)
{
	(void)state;
	char err[512] = "";
	const char *p = db_path("loose.db");
	Store *st = store_open(p, 1, err, sizeof err);
	assert_non_null(st);
	store_close(st);
	assert_int_equal(chmod(p, 0644), 0); /* someone loosened it */
	st = store_open(p, 1, err, sizeof err);
	assert_non_null(st);
	store_close(st);
	struct stat sb;
	assert_int_equal(stat(p, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
}

static void test_saved_exactly(void **state)
{
	(void)state;
	char err[512] = "";
	const char *p = db_path("exact.db");
	Store *st = store_open(p, 1, err, sizeof err);
	assert_non_null(st);
	StoreResponse r = response("front", "", 4);
	assert_int_equal(store_save(st, &r, err, sizeof err), 0);
	store_close(st);
	assert_int_equal(sql_int(p, "SELECT count(*) FROM response WHERE kiosk = 'front' AND service = '' "
	                            "AND period = '2026-11' AND qset = '1' AND length(id) = 16"), 1);
	assert_int_equal(sql_int(p, "SELECT value FROM answer WHERE question = 'heard.listen'"), 4);
	assert_int_equal(sql_int(p, "SELECT value FROM answer WHERE question = 'control.no'"), -1);
	assert_int_equal(sql_int(p, "SELECT value FROM answer WHERE question = 'control.next'"), 0);
	/* reopening keeps the data and does not migrate again */
	st = store_open(p, 1, err, sizeof err);
	assert_non_null(st);
	store_close(st);
	assert_int_equal(sql_int(p, "SELECT count(*) FROM answer"), 3);
}

static void test_failed_save_leaves_nothing(void **state)
{
	(void)state;
	char err[512] = "";
	const char *p = db_path("atomic.db");
	Store *st = store_open(p, 1, err, sizeof err);
	assert_non_null(st);
	StoreResponse r = response("k", "A", 3);
	r.a[2].value = 9; /* violates the CHECK: the third insert fails */
	assert_int_equal(store_save(st, &r, err, sizeof err), -1);
	assert_has(err, p);
	r = response("k", "A", 3);
	r.a[1].question = r.a[0].question; /* duplicate question in one response */
	assert_int_equal(store_save(st, &r, err, sizeof err), -1);
	r = response("k", "A", 2); /* and the store still works afterwards */
	assert_int_equal(store_save(st, &r, err, sizeof err), 0);
	store_close(st);
	assert_int_equal(sql_int(p, "SELECT count(*) FROM response"), 1);
	assert_int_equal(sql_int(p, "SELECT count(*) FROM answer"), 3);
	/* the running counts rolled back with the failed saves */
	assert_int_equal(sql_int(p, "SELECT sum(n) FROM count_response"), 1);
	assert_int_equal(sql_int(p, "SELECT sum(n) FROM count_answer"), 3);
}

static void test_batch_keeps_each_response_whole(void **state)
{
	(void)state;
	char err[512] = "";
	const char *p = db_path("batch.db");
	Store *st = store_open(p, 1, err, sizeof err);
	assert_non_null(st);
	assert_int_equal(store_batch_begin(st, err, sizeof err), 0);
	StoreResponse good = response("k", "A", 5), broken = response("k", "B", 5);
	broken.a[2].value = 42;
	assert_int_equal(store_save(st, &good, err, sizeof err), 0);
	assert_int_equal(store_save(st, &broken, err, sizeof err), -1);
	assert_int_equal(store_save(st, &good, err, sizeof err), 0);
	assert_int_equal(store_batch_end(st, err, sizeof err), 0);
	store_close(st);
	assert_int_equal(sql_int(p, "SELECT count(*) FROM response"), 2);
	assert_int_equal(sql_int(p, "SELECT count(*) FROM response WHERE service = 'B'"), 0);
	assert_int_equal(sql_int(p, "SELECT count(*) FROM answer"), 6);
	assert_int_equal(sql_int(p, "SELECT sum(n) FROM count_response"), 2);
	assert_int_equal(sql_int(p, "SELECT count(*) FROM count_answer WHERE service = 'B'"), 0);
	assert_int_equal(sql_int(p, "SELECT n FROM count_answer WHERE question = 'heard.listen'"), 2);
}

typedef struct { long long responses, answers, sum, other_month; } Seen;

static int count_rows(void *user, const char *service, const char *month,
                      const char *question, int value, long long n)
{
	Seen *s = user;
	(void)service;
	if (strcmp(month, "2026-11")) {
		s->other_month += n;
		return 0;
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

/* The sum over the running counts minus the same sum over the raw rows:
 * 0 when they agree.  what: "n" or "value * n". */
static long long counts_minus_raw(const char *p, const char *what)
{
	char sql[512];
	snprintf(sql, sizeof sql,
	         "SELECT (SELECT total(%s) FROM count_answer) - "
	         "(SELECT total(%s) FROM (SELECT a.value, 1 AS n FROM answer a JOIN response r ON r.id = a.response))",
	         what, what);
	return sql_int(p, sql);
}

static void test_read_by_period(void **state)
{
	(void)state;
	char err[512] = "";
	const char *p = db_path("read.db");
	Store *st = store_open(p, 1, err, sizeof err);
	assert_non_null(st);
	StoreResponse r = response("k", "A", 5);
	for (int i = 0; i < 3; i++)
		assert_int_equal(store_save(st, &r, err, sizeof err), 0);
	r.period = "2026-10";
	assert_int_equal(store_save(st, &r, err, sizeof err), 0);
	r = response("k", "B", 4);
	r.period = "2026-11-05"; /* a kiosk that stores days: read as its month */
	assert_int_equal(store_save(st, &r, err, sizeof err), 0);
	r.period = "2026-12-01";
	assert_int_equal(store_save(st, &r, err, sizeof err), 0);
	store_close(st);
	assert_int_equal(counts_minus_raw(p, "n"), 0);
	assert_int_equal(counts_minus_raw(p, "value * n"), 0);
	st = store_open(p, 0, err, sizeof err);
	assert_non_null(st);
	Seen seen = { 0 };
	assert_int_equal(store_each_count(st, "2026-11", "2026-11", 1, count_rows, &seen, time(NULL), err, sizeof err), 0);
	assert_int_equal(seen.other_month, 0); /* 2026-10 and 2026-12-01 are outside */
	assert_int_equal(seen.responses, 4);
	assert_int_equal(seen.answers, 12);
	assert_int_equal(seen.sum, 3 * (5 - 1 + 0) + (4 - 1 + 0));
	/* responses only */
	seen = (Seen){ 0 };
	assert_int_equal(store_each_count(st, "2026-10", "2026-12", 0, count_rows, &seen, time(NULL), err, sizeof err), 0);
	assert_int_equal(seen.responses, 4);
	assert_int_equal(seen.answers, 0);
	assert_int_equal(seen.other_month, 2);
	char id[33];
	assert_int_equal(store_database_id(st, id, err, sizeof err), 0);
	assert_int_equal(strspn(id, "abcdefghijklmnop"), 32); /* no digits: no time */
	store_close(st);
	/* reading an empty file refuses it and leaves it empty */
	p = db_path("empty.db");
	fclose(fopen(p, "w"));
	assert_null(store_open(p, 0, err, sizeof err));
	assert_has(err, "empty");
	struct stat sb;
	assert_int_equal(stat(p, &sb), 0);
	assert_int_equal(sb.st_size, 0);
	/* two databases never share an id; a copy keeps it */
	const char *q = db_path("other.db");
	st = store_open(q, 1, err, sizeof err);
	assert_non_null(st);
	char id2[33];
	assert_int_equal(store_database_id(st, id2, err, sizeof err), 0);
	assert_string_not_equal(id, id2);
	store_close(st);
}

/* A version 1 database (answers, no running counts) is brought up to
 * date by the kiosk: its counts made from its rows, an id given. */
static void test_migrates_version_1(void **state)
{
	(void)state;
	char err[512] = "";
	const char *p = db_path("v1.db");
	Store *st = store_open(p, 1, err, sizeof err);
	assert_non_null(st);
	for (int v = 1; v <= 5; v++) {
		StoreResponse r = response("k", v % 2 ? "A" : "B", v);
		assert_int_equal(store_save(st, &r, err, sizeof err), 0);
	}
	store_close(st);
	sql_exec(p, "DROP TABLE count_response; DROP TABLE count_answer;"
	            "DELETE FROM meta WHERE key = 'database_id';"
	            "UPDATE meta SET value = '1' WHERE key = 'schema_version'");
	/* the report does not change a file: it says what to do */
	assert_null(store_open(p, 0, err, sizeof err));
	assert_has(err, "schema version 1");
	st = store_open(p, 1, err, sizeof err);
	assert_non_null(st);
	store_close(st);
	assert_int_equal(sql_int(p, "SELECT value FROM meta WHERE key = 'schema_version'"), 2);
	assert_int_equal(sql_int(p, "SELECT length(value) FROM meta WHERE key = 'database_id'"), 32);
	assert_int_equal(sql_int(p, "SELECT n FROM count_response WHERE service = 'A'"), 3);
	assert_int_equal(counts_minus_raw(p, "n"), 0);
	assert_int_equal(counts_minus_raw(p, "value * n"), 0);
	assert_int_equal(sql_int(p, "SELECT count(*) FROM count_answer"), 5 + 2 + 2); /* values; n/a, skip per service */
}

static void test_order_reveals_nothing(void **state)
{
	(void)state;
	enum { N = 1000 };
	char err[512] = "", names[N][8];
	const char *p = db_path("order.db");
	Store *st = store_open(p, 1, err, sizeof err);
	assert_non_null(st);
	for (int i = 0; i < N; i++) {
		snprintf(names[i], sizeof names[i], "%04d", i);
		StoreResponse r = response(names[i], "A", 1 + i % 5);
		assert_int_equal(store_save(st, &r, err, sizeof err), 0);
	}
	store_close(st);
	sqlite3 *db;
	sqlite3_stmt *s;
	sqlite3_open(p, &db);
	int orders[2] = { 0, 0 };
	const char *queries[] = { "SELECT kiosk FROM response",
	                          "SELECT DISTINCT kiosk FROM response NATURAL JOIN "
	                          "(SELECT response AS id FROM answer)" };
	for (int q = 0; q < 2; q++) {
		assert_int_equal(sqlite3_prepare_v2(db, queries[q], -1, &s, NULL), SQLITE_OK);
		double d2 = 0;
		int rank = 0;
		unsigned char seen[N] = { 0 };
		while (sqlite3_step(s) == SQLITE_ROW) {
			int sub = atoi((const char *)sqlite3_column_text(s, 0));
			assert_false(seen[sub]);
			seen[sub] = 1;
			d2 += (double)(rank - sub) * (rank - sub);
			rank++;
		}
		sqlite3_finalize(s);
		assert_int_equal(rank, N);
		double rho = 1 - 6 * d2 / ((double)N * ((double)N * N - 1));
		print_message("rank correlation (%s): %.4f\n", queries[q], rho);
		assert_true(fabs(rho) < 0.15); /* ~4.7 standard errors at N = 1000 */
		orders[q] = 1;
	}
	assert_int_equal(sql_int(p, "SELECT count(DISTINCT id) FROM response"), N);
	sqlite3_close(db);
	assert_true(orders[0] && orders[1]);
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
	assert_null(store_open(p, 1, err, sizeof err));
	assert_has(err, p);
	assert_has(err, "not a database");
	/* another program's SQLite file */
	p = db_path("other.db");
	sql_exec(p, "CREATE TABLE invoices(n INTEGER)");
	assert_null(store_open(p, 1, err, sizeof err));
	assert_has(err, "another program");
	/* a newer heard */
	p = db_path("newer.db");
	Store *st = store_open(p, 1, err, sizeof err);
	assert_non_null(st);
	store_close(st);
	sql_exec(p, "UPDATE meta SET value = '99' WHERE key = 'schema_version'");
	assert_null(store_open(p, 1, err, sizeof err));
	assert_has(err, "newer");
	assert_has(err, p);
}

static void test_periods(void **state)
{
	(void)state;
	char out[16];
	time_t t = 1795132800; /* 2026-11-20 00:00:00 UTC, a Friday */
	setenv("TZ", "UTC", 1);
	tzset();
	store_period(out, t, PERIOD_MONTH);
	assert_string_equal(out, "2026-11");
	store_period(out, t, PERIOD_QUARTER);
	assert_string_equal(out, "2026-Q4");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new_database_is_private_wal_and_versioned),
		cmocka_unit_test(test_wal_keeps_no_order),
		cmocka_unit_test(test_existing_file_made_private),
		cmocka_unit_test(test_saved_exactly),
		cmocka_unit_test(test_failed_save_leaves_nothing),
		cmocka_unit_test(test_batch_keeps_each_response_whole),
		cmocka_unit_test(test_read_by_period),
		cmocka_unit_test(test_migrates_version_1),
		cmocka_unit_test(test_order_reveals_nothing),
		cmocka_unit_test(test_refuses_bad_files),
		cmocka_unit_test(test_periods),
	};
	return cmocka_run_group_tests_name("store", tests, scratch_setup, scratch_teardown);
}
