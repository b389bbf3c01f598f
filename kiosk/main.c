/* main.c - heard-kiosk's entry point: read the arguments, then start
 * up in order (configuration and content, the database folder and the
 * store, the window, the sandbox), run the loop, and clean up.
 *
 * The kiosk's parts, each with one struct owned here and passed
 * explicitly (docs/design.md "Architecture"):
 *   app.c       what each input and event causes (no SDL)
 *   saver.c     the store, the queue, the recovery file, the retry
 *   access.c    settings in force, reading aloud, scanning
 *   staff.c     the PIN pad, the hold gesture, the staff screen
 *   platform.c  the SDL window and the loop
 *   testmode.c  --trace, --script, HEARD_BENCH (tests only)
 * Start reading at main() below, then platform_run() and app_input(). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "access.h"
#include "app.h"
#include "config.h"
#include "platform.h"
#include "sandbox.h"
#include "saver.h"
#include "staff.h"
#include "store.h"
#include "strtab.h"
#include "survey.h"
#include "testmode.h"
#include "util.h"
#include "wedid.h"

#ifndef HEARD_VERSION
#define HEARD_VERSION "0.1"
#endif

typedef struct {
	const char *config, *db, *lang, *trace, *script, *backup;
	int win_w, win_h;         /* --windowed, else 0 */
} Args;

/* What the kiosk shows, loaded at start and never changed. */
typedef struct {
	Config cfg;
	QuestionSet qs;
	Strings langs[CONFIG_MAX_LANGS]; /* every configured language */
	int qidx[SURVEY_MAX_QUESTIONS];  /* survey question i is qs.q[qidx[i]] */
	int home_lang;                   /* each session starts in it */
	SurveySpec spec;
	WeDid *wedid;                    /* [kiosk] we_did's file, NULL when none */
} Loaded;

static void usage(FILE *f)
{
	fputs("usage: heard-kiosk [--config FILE] [--db FILE] [--windowed WxH] [--lang CODE]\n"
	      "                   [--trace FILE] [--script FILE] [--help] [--version]\n"
	      "       heard-kiosk --hash-pin < PIN   (prints a staff_pin value for the config)\n"
	      "       heard-kiosk [--config FILE] [--db FILE] --backup COPY\n"
	      "                   (a safe copy of the database, also while the kiosk runs)\n"
	      "Runs the heard feedback kiosk full-screen.  Without --config it uses the\n"
	      "embedded default configuration; see README.md for every key.\n", f);
}

static Args parse_args(int argc, char **argv)
{
	Args a = { 0 };
	for (int i = 1; i < argc; i++) {
		const char *o = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!strcmp(o, "--help")) { usage(stdout); exit(0); }
		if (!strcmp(o, "--version")) { puts("heard-kiosk " HEARD_VERSION); exit(0); }
		if (!strcmp(o, "--hash-pin")) exit(staff_hash_pin_main());
		if (!v) { usage(stderr); die(2, "%s: missing value", o); }
		if (!strcmp(o, "--config")) a.config = v;
		else if (!strcmp(o, "--db")) a.db = v;
		else if (!strcmp(o, "--lang")) a.lang = v;
		else if (!strcmp(o, "--trace")) a.trace = v;
		else if (!strcmp(o, "--script")) a.script = v;
		else if (!strcmp(o, "--backup")) a.backup = v;
		else if (!strcmp(o, "--windowed")) {
			if (sscanf(v, "%dx%d", &a.win_w, &a.win_h) != 2 || a.win_w < 320 ||
			    a.win_h < 240 || a.win_w > 16384 || a.win_h > 16384)
				die(2, "--windowed '%s': expected WIDTHxHEIGHT, e.g. 1280x800", v);
		} else { usage(stderr); die(2, "unknown option '%s'", o); }
		i++;
	}
	return a;
}

/* ---- start-up ---------------------------------------------------------- */

/* The "You said, we did" file, when the config names one: every entry
 * for one of the config's services, every language of its own words one
 * of the config's; else the kiosk does not start (exit 2), naming the
 * file and line. */
static void load_we_did(Loaded *c)
{
	const Config *cfg = &c->cfg;
	char err[1200];
	if (!cfg->we_did[0])
		return;
	if (wedid_load(&c->wedid, cfg->we_did, err, sizeof err)) {
		size_t n = strlen(cfg->we_did);
		if (!strncmp(err, cfg->we_did, n) && err[n] == ':' && err[n + 1] == ' ')
			die(2, "%s:%d: key 'we_did': %s", cfg->source, cfg->we_did_line, err); /* no line of its own */
		die(2, "%s", err);
	}
	const char *langs[CONFIG_MAX_LANGS];
	const char *services[SURVEY_MAX_SERVICES];
	for (int i = 0; i < cfg->nlangs; i++)
		langs[i] = cfg->langs[i];
	for (int i = 0; i < cfg->nservices; i++)
		services[i] = cfg->services[i];
	if (wedid_check(c->wedid, services, cfg->nservices, langs, cfg->nlangs, err, sizeof err))
		die(2, "%s", err);
}

static void load_content(Loaded *c, const Args *args)
{
	char err[768], path[1024];
	if (config_load(&c->cfg, args->config, err, sizeof err))
		die(2, "%s", err);
	snprintf(path, sizeof path, "%s/strings/questions.ini", util_asset_dir());
	if (qset_load(path, &c->qs, err, sizeof err))
		die(2, "%s", err);
	int n = config_questions(&c->cfg, &c->qs, c->qidx, err, sizeof err);
	if (n < 0)
		die(2, "%s", err);
	const char *lang = args->lang ? args->lang : c->cfg.default_lang;
	c->home_lang = -1;
	for (int i = 0; i < c->cfg.nlangs; i++) {
		snprintf(path, sizeof path, "%s/strings/%s.ini", util_asset_dir(), c->cfg.langs[i]);
		if (strings_load(path, &c->qs, &c->langs[i], err, sizeof err))
			die(2, "%s", err);
		if (strcmp(c->langs[i].code, c->cfg.langs[i]))
			die(2, "%s: [language] code is '%s', expected '%s'", path, c->langs[i].code,
			    c->cfg.langs[i]);
		if (!strcmp(c->cfg.langs[i], lang))
			c->home_lang = i;
	}
	if (c->home_lang < 0)
		die(2, "--lang %s: not one of the configured languages in %s", lang, c->cfg.source);
	c->spec = (SurveySpec){
		.nquestions = n, .nservices = c->cfg.nservices,
		.idle_ms = (uint32_t)c->cfg.inactivity_s * 1000,
		.more_time_ms = (uint32_t)c->cfg.more_time_s * 1000,
		.thanks_ms = (uint32_t)c->cfg.thanks_s * 1000,
		.access_idle_ms = 120000, .access_more_time_ms = 45000,
		.comment = c->cfg.comments_ask != 0,
	};
	for (int i = 0; i < n; i++) {
		c->spec.has_na[i] = c->qs.q[c->qidx[i]].has_na;
		c->spec.answers[i] = c->qs.q[c->qidx[i]].answers;
	}
	load_we_did(c);
}

/* From here on the kiosk reads only its assets, its configuration and
 * the system's shared files, and writes only its database folder
 * (kiosk/sandbox.h).  Everything it opens later is in those: fonts at
 * new sizes, espeak-ng's voices, the audio device, the database, its
 * recovery file and a new database if the old one is removed. */
static void enter_sandbox(Saver *sv, const TestMode *tm, const char *config_path)
{
	SandboxPaths p = { 0 };
	sandbox_write(&p, sv->db_dir);
	sandbox_read(&p, util_asset_dir());
	sandbox_read(&p, config_path);
	static const char *const shared[] = {
		"/usr", "/etc/ld.so.cache", "/etc/localtime", "/etc/alsa", "/etc/asound.conf",
		"/etc/pulse", "/etc/machine-id", "/proc", "/sys", "/run/udev/data",
	};
	for (size_t i = 0; i < sizeof shared / sizeof *shared; i++)
		sandbox_read(&p, shared[i]);
	static const char *const devices[] = {
		"/dev/null", "/dev/zero", "/dev/random", "/dev/urandom", "/dev/snd", "/dev/dri",
		"/dev/input",
	};
	for (size_t i = 0; i < sizeof devices / sizeof *devices; i++)
		sandbox_device(&p, devices[i]);
	/* the systemd unit's /run/heard, for the staff-exit marker */
	const char *run_dir = getenv("RUNTIME_DIRECTORY");
	if (run_dir && run_dir[0] == '/')
		sandbox_write(&p, run_dir);
	sandbox_read(&p, getenv("XDG_RUNTIME_DIR")); /* the compositor's and audio's sockets */
	testmode_sandbox(tm, &p);
	char err[600];
	saver_hold_folder(sv);
	int abi = sandbox_enter(&p, err, sizeof err);
	if (abi < 0)
		die(1, "%s", err);
	if (abi == 0 && sv->dir_fd >= 0) { /* not confined: no folder to hold on to */
		close(sv->dir_fd);
		sv->dir_fd = -1;
	}
	if (abi == 0)
		fprintf(stderr, "heard-kiosk: warning: this kernel has no Landlock; the kiosk is not "
		        "confined to its own folders (Linux 5.13 or later does it)\n");
}

/* exit() from anywhere (Xlib's when the display goes first, die()):
 * answers still waiting go to the recovery file all the same.  The one
 * file-level variable: atexit() takes no argument. */
static Saver *the_saver;
static void keep_recovery_at_exit(void)
{
	if (the_saver)
		saver_keep(the_saver);
}

/* --backup copies the periods closed by the clock: with a clock that
 * cannot be right (staff_clock_wrong) it would copy a period still open,
 * and two copies would differ by one client.  Refuse, naming why. */
static void backup_clock_check(const char *db, const Config *cfg)
{
	char err[600], newest[16] = "", now_period[16], why[400];
	Store *st = store_open(db, 0, err, sizeof err);
	if (!st)
		die(2, "%s", err);
	store_newest_seen(st, newest);
	store_close(st);
	time_t t = time(NULL);
	store_period(now_period, t, cfg->period);
	if (staff_clock_wrong(t, staff_build_time(), now_period, newest, why, sizeof why))
		die(1, "%s: no copy made (a copy holds the periods the clock says are closed). %s",
		    db, why);
	/* The copy takes every period before this one as closed: the live
	 * file remembers this one first, so a clock put back later (a Pi
	 * restoring a saved time) never adds a client to a period a copy
	 * already holds, where two copies would tell that client apart. */
	st = store_open(db, 1, err, sizeof err);
	if (!st || store_see_period(st, now_period, err, sizeof err) < 0)
		die(2, "%s; no copy made (the database must first remember that %s has begun: run "
		    "the copy as the kiosk's user)", err, now_period);
	store_close(st);
}

/* What a client typed passes through buffers of the text renderer and the
 * UI that are freed, not wiped, and stay in the heap until reused (the
 * words' own buffers are wiped: keyboard.c).  So the kiosk's memory is
 * never written to a core file, and no other process of the kiosk's user
 * may read it (not dumpable: no ptrace, no /proc/PID/mem); root is out of
 * scope (README, the threat model). */
static void keep_memory_private(void)
{
	struct rlimit none = { 0, 0 };
	setrlimit(RLIMIT_CORE, &none);
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}

int main(int argc, char **argv)
{
	static Loaded c;
	static Saver sv;
	static Access acc;
	static Staff staff;
	static TestMode tm;
	static Platform plat;
	static App app;
	util_progname = "heard-kiosk";
	keep_memory_private();
	Args args = parse_args(argc, argv);
	load_content(&c, &args);
	char zone[300];
	if (store_zone_ok(time(NULL), zone, sizeof zone)) /* before anything is counted or copied */
		die(2, "%s", zone);
	if (args.backup) {
		char err[1400];
		const char *db = args.db ? args.db : c.cfg.database;
		backup_clock_check(db, &c.cfg);
		int rc = store_backup(db, args.backup, time(NULL), err, sizeof err);
		if (rc)
			die(rc, "%s", err);
		printf("heard-kiosk: copied %s to %s\n", db, args.backup);
		return 0;
	}
	testmode_open(&tm, c.cfg.test_mode, args.trace, args.script);
	const char *db = args.db ? args.db : c.cfg.database;
	saver_check_folder(db); /* refused in one line, before anything else is said */
	if (geteuid() == 0)
		fprintf(stderr, "heard-kiosk: warning: running as root; a kiosk should run as an "
		                "unprivileged user (see README, \"Set up a kiosk\")\n");
	saver_open(&sv, &c.cfg, &c.qs, c.qidx, c.spec.nquestions, db);
	sv.timings = tm.bench;
	access_init(&acc, c.langs, c.cfg.nlangs, c.cfg.source);
	app_init(&app, &c.cfg, &c.qs, c.langs, c.qidx, c.home_lang, &c.spec, &acc, &sv, &staff, &tm);
	app_we_did(&app, c.wedid);
	app.windowed = args.win_w > 0;
	app.ticks = platform_ticks;
	char fonts[1024];
	snprintf(fonts, sizeof fonts, "%s/fonts", util_asset_dir());
	platform_open(&plat, args.win_w, args.win_h, fonts);
	const char *whole = getenv("HEARD_WHOLE_FRAMES");
	if (whole && !strcmp(whole, "1")) { /* tests/e2e/frames.py: as a renderer keeping nothing */
		testmode_need(&tm, "HEARD_WHOLE_FRAMES");
		draw_set_whole(plat.draw, 1);
	}
	char err[1400];
	if (staff_init(&staff, db, time(NULL), platform_ticks(), err, sizeof err))
		die(2, "%s", err); /* the PIN lock beside the database (staff.h) */
	saver_import_recovery(&sv, platform_ticks());
	the_saver = &sv;
	atexit(keep_recovery_at_exit);
	app_start(&app, plat.draw, platform_ticks());
	enter_sandbox(&sv, &tm, args.config);
	platform_run(&plat, &app, &tm); /* (speech checked once confined, after the first frame) */
	int lost = saver_keep(&sv) < 0;
	platform_close(&plat);
	saver_close(&sv);
	for (int i = 0; i < c.cfg.nlangs; i++)
		strings_free(&c.langs[i]);
	access_free(&acc);
	wedid_free(c.wedid);
	testmode_close(&tm);
	return lost ? 3 : 0; /* answers lost: systemd and the journal see a failure */
}
