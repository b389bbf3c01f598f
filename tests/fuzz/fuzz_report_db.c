/* fuzz_report_db.c - libFuzzer target: heard-report reading a database.
 *
 * The input is a database file, as a manager might hand heard-report a
 * damaged or hostile one.  heard-report's own code runs on it: this file
 * includes tools/report.c (its main() renamed) and calls its read_all(),
 * which loads the question set, opens the file read-only with
 * store_open(), reads its counts with store_each_count() into the Tally and
 * applies suppression with tally_finish().  When that succeeds the report
 * is written in every format (text, CSV, JSON, HTML, poster) to
 * /dev/null.  Two month ranges per input: one month (--month 2026-10,
 * with its 12-month trend) and the longest range a report allows.
 *
 * read_all() stops on bad input with die(), as the command does (exit
 * 2); util_on_die jumps back here instead of exiting. */
#include <setjmp.h>

int heard_report_main(int argc, char **argv);
#define main heard_report_main
#include "../../tools/report.c"
#undef main

#include "fuzz.h"

static jmp_buf back;
static int armed;                            /* die() may jump to back */
static const Strings *shipped[CONFIG_MAX_LANGS]; /* for the poster */
static int nshipped;
static FILE *sink;

static void jump_back(void)
{
	if (armed)
		longjmp(back, 1);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	util_progname = "heard-report (fuzz)";
	char dir[1024];
	snprintf(dir, sizeof dir, "%s/strings", util_asset_dir());
	fuzz_shipped_qset(&qs); /* report.c's; load_languages() needs it */
	load_languages(dir);    /* into report.c's langs[], kept for every input */
	nshipped = rep.nstrings;
	memcpy(shipped, rep.strings, sizeof shipped);
	sink = fopen("/dev/null", "w");
	FUZZ_CHECK(sink != NULL, "/dev/null");
	util_on_die = jump_back;
	return 0;
}

/* One heard-report run over the database at path; 1 if it got as far
 * as writing the report. */
static int report_once(const char *path, const char *from, const char *to)
{
	static const char *one[1];
	free_reading(); /* the last input's, if any; tally_init() wants it zeroed */
	memset(&g, 0, sizeof g);
	one[0] = path;
	g.inputs = one;
	g.ninputs = 1;
	snprintf(g.from, sizeof g.from, "%s", from);
	snprintf(g.to, sizeof g.to, "%s", to);
	g.format = FMT_TEXT; /* read_all() loads no languages; shipped[] serve */
	if (setjmp(back)) {
		armed = 0;
		return 0;
	}
	armed = 1;
	read_all();
	armed = 0;
	rep.nstrings = nshipped;
	memcpy(rep.strings, shipped, sizeof shipped);
	write_text(sink);
	write_csv(sink);
	write_json(sink);
	report_html(sink, &rep);
	report_poster(sink, &rep);
	FUZZ_CHECK(!ferror(sink), "write error");
	return 1;
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
