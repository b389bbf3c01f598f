/* fuzz_report_db.c - libFuzzer target: heard-report reading a database.
 *
 * The input is a database file, as a manager might hand heard-report a
 * damaged or hostile one.  heard-report's own data part runs on it: this
 * target links tools/report_data.c and the writers (not report.c, the
 * command) and calls report_read(), which loads the question set, opens
 * the file read-only with store_open(), reads its counts with
 * store_each_count() into the Tally and applies suppression with
 * tally_finish().  When that succeeds the report is written in every
 * format (text, CSV, JSON, HTML, poster) to /dev/null.  Two month ranges
 * per input: one month (--month 2026-10, with its 12-month trend) and
 * the longest range a report allows.
 *
 * report_read() returns bad input as an error (the command's exit 2),
 * never exits; report_free() must free everything either way, which
 * replay.sh's leak check holds it to. */
#include "report.h"

#include "fuzz.h"

static FILE *sink;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	util_progname = "heard-report (fuzz)";
	sink = fopen("/dev/null", "w");
	FUZZ_CHECK(sink != NULL, "/dev/null");
	return 0;
}

/* One heard-report run over the database at path; 1 if it got as far
 * as writing the report. */
static int report_once(const char *path, const char *from, const char *to)
{
	static ReportWriter *const writers[] = { report_text, report_csv, report_json, report_html,
	                                         report_poster };
	const char *one[1] = { path };
	ReportRequest req = { .inputs = one, .ninputs = 1, .from = from, .to = to,
	                      .trend = 1, .languages = 1, .comments = 1 };
	Report r = { 0 };
	char err[8192];
	int rc = report_read(&r, &req, err, sizeof err);
	FUZZ_CHECK(rc == 0 || rc == 1 || rc == 2, "report_read returned %d", rc);
	FUZZ_CHECK(rc == 0 || err[0], "report_read failed (%d) saying nothing", rc);
	for (size_t i = 0; !rc && i < sizeof writers / sizeof *writers; i++)
		writers[i](sink, &r);
	report_free(&r);
	FUZZ_CHECK(!ferror(sink), "write error");
	return !rc;
}

/* heard-report opens databases read-only: the file must be unchanged. */
static void check_unchanged(const char *path, const uint8_t *data, size_t size)
{
	FILE *f = fopen(path, "rb");
	FUZZ_CHECK(f != NULL, "%s vanished", path);
	static uint8_t buf[1 << 20];
	size_t n = fread(buf, 1, sizeof buf, f);
	fclose(f);
	FUZZ_CHECK(n == size && !memcmp(buf, data, size), "%s changed by a read-only open", path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const ranges[][2] = {
		{ "2026-10", "2026-10" }, /* --month: one month and its trend */
		{ "2024-01", "2026-12" }, /* the longest range (TALLY_MAX_PERIODS) */
	};
	if (size >= 1 << 20)
		return 0;
	for (size_t i = 0; i < sizeof ranges / sizeof *ranges; i++) {
		const char *path = fuzz_dbfile(data, size);
		report_once(path, ranges[i][0], ranges[i][1]);
		check_unchanged(path, data, size);
	}
	fuzz_dbfile_clean();
	return 0;
}
