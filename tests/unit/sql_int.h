/* sql_int.h - sql_int(): one integer from SQL run on a database file
 * directly, as an outside reader would (-999 when the query fails).
 * Include once, in a cmocka test's .c file, after <cmocka.h>. */
#ifndef HEARD_SQL_INT_H
#define HEARD_SQL_INT_H

#include <sqlite3.h>

static long long sql_int(const char *path, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *s;
	long long v = -999;
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK) {
		if (sqlite3_step(s) == SQLITE_ROW)
			v = sqlite3_column_int64(s, 0);
		sqlite3_finalize(s);
	}
	sqlite3_close(db);
	return v;
}
#endif
