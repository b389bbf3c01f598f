/* testmode.c - the kiosk's test machinery (testmode.h).  Start reading
 * at testmode_script_line(), then the --trace line (testmode_trace()). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "testmode.h"
#include "trace.h"
#include "keyboard.h"
#include "util.h"

static uint64_t mono_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void testmode_need(const TestMode *tm, const char *what)
{
	if (!tm->on)
		die(2, "%s is refused outside test mode (set test_mode = yes in [test], or HEARD_TEST=1)",
		    what);
}

/* A file for writing that only this user can read. */
static FILE *private_file(const char *path, int flags, const char *mode, const char *what)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | flags, 0600);
	if (fd >= 0 && fchmod(fd, 0600) != 0) { /* a file already there keeps its mode */
		close(fd);
		fd = -1;
	}
	FILE *f = fd >= 0 ? fdopen(fd, mode) : NULL;
	if (!f)
		die(2, "%s: cannot write %s: %s", path, what, strerror(errno));
	return f;
}

void testmode_open(TestMode *tm, int config_test_mode, const char *trace, const char *script)
{
	const char *t = getenv("HEARD_TEST");
	tm->on = config_test_mode || (t && !strcmp(t, "1"));
	if (trace) {
		testmode_need(tm, "--trace");
		tm->trace = private_file(trace, O_TRUNC, "w", "trace"); /* it shows answers */
	}
	const char *bench = getenv("HEARD_BENCH");
	if (bench && *bench) {
		testmode_need(tm, "HEARD_BENCH");
		tm->bench = private_file(bench, O_APPEND, "a", "timings");
	}
	if (script) {
		testmode_need(tm, "--script");
		tm->script = strcmp(script, "-") ? fopen(script, "r") : stdin;
		if (!tm->script)
			die(2, "%s: cannot read script: %s", script, strerror(errno));
	}
}

void testmode_sandbox(const TestMode *tm, SandboxPaths *p)
{
	static char audio[1024];
#ifdef __SANITIZE_ADDRESS__
	/* make test SANITIZE=1: ASan, LSan and UBSan read their suppressions
	 * and write their reports (log_path) at exit, inside the sandbox */
	static char logs[3][1024], supp[3][1024];
	static const char *const opts[] = { "ASAN_OPTIONS", "LSAN_OPTIONS", "UBSAN_OPTIONS" };
	for (int i = 0; i < 3; i++) {
		const char *o = getenv(opts[i]), *lp = o ? strstr(o, "log_path=") : NULL,
		           *sp = o ? strstr(o, "suppressions=") : NULL;
		char file[1024];
		if (lp && lp[9] == '/') {
			snprintf(file, sizeof file, "%.*s", (int)strcspn(lp + 9, ":"), lp + 9);
			util_folder_of(file, logs[i]);
			sandbox_write(p, logs[i]);
		}
		if (sp && sp[13] == '/') {
			snprintf(supp[i], sizeof supp[i], "%.*s", (int)strcspn(sp + 13, ":"), sp + 13);
			sandbox_read(p, supp[i]);
		}
	}
#endif
	const char *disk = getenv("SDL_DISKAUDIOFILE"); /* tests hear speech through a file */
	if (tm->on && disk) {
		util_folder_of(disk, audio);
		sandbox_write(p, audio);
	}
}

/* One --trace line for what is on screen now (tests only). */
void testmode_trace(TestMode *tm, const App *a, const char *spoken)
{
	if (!tm || !tm->trace)
		return;
	const Survey *s = &a->survey;
	int q = s->screen == SCREEN_QUESTION;
	char voices[512] = "";
	size_t o = 0;
	const Access *acc = a->acc;
	if (spoken == acc->spoken && acc->said_n > 0) { /* parts access_say_also() added, each in its voice */
		o += (size_t)snprintf(voices, sizeof voices, "%s:0", a->langs[a->lang].code);
		for (int i = 0; i < acc->said_n && o < sizeof voices; i++)
			o += (size_t)snprintf(voices + o, sizeof voices - o, " %s:%zu",
			                      a->langs[acc->said_lang[i]].code, acc->said_at[i]);
	}
	TraceLine t = {
		.t_ms = a->ticks(), .screen = survey_screen_name(s->screen),
		.question = q ? a->qs->q[a->qidx[s->question]].id : NULL,
		.index = q ? s->question + 1 : 0, .of = q ? s->spec.nquestions : 0,
		.lang = a->langs[a->lang].code, .spoken = spoken, .voices = voices[0] ? voices : NULL,
	};
	trace_write(tm->trace, &t, &a->ui);
	if (a->ui.clipped)
		fprintf(stderr, "heard-kiosk: text did not fit on the %s screen\n", t.screen);
}

/* After a frame is shown: the first one's time (CLOCK_MONOTONIC, to
 * compare with when the process was started) and how long the oldest
 * input it shows waited, from SDL's time stamp on the event. */
void testmode_presented(TestMode *tm, uint32_t now)
{
	if (!tm || !tm->bench)
		return;
	if (!tm->presented++)
		fprintf(tm->bench, "first_present_ns %llu\n", (unsigned long long)mono_ns());
	if (tm->oldest_input && !tm->script)
		fprintf(tm->bench, "latency_ms %u\n", now - tm->oldest_input);
	tm->oldest_input = 0;
	fflush(tm->bench);
}


void testmode_trace_staff(TestMode *tm, const App *a)
{
	if (tm && tm->trace)
		trace_write(tm->trace, &(TraceLine){ .t_ms = a->ticks(), .screen = "admin", .lang = "en" },
		            &a->ui);
}

void testmode_input_seen(TestMode *tm, uint32_t t)
{
	if (tm->bench && !tm->oldest_input)
		tm->oldest_input = t ? t : 1;
}

void testmode_nothing_shown(TestMode *tm)
{
	tm->oldest_input = 0; /* inputs that changed nothing on screen */
}

void testmode_close(TestMode *tm)
{
	if (tm->trace)
		fclose(tm->trace);
	if (tm->script && tm->script != stdin)
		fclose(tm->script);
	if (tm->bench)
		fclose(tm->bench);
	*tm = (TestMode){ 0 };
}

/* ---- --script ------------------------------------------------------------ */

/* The middle of control id on screen now, into *x, *y; 0 if not there. */
static int find_widget(const App *a, const char *id, int *x, int *y)
{
	for (int i = 0; i < a->ui.nwidgets; i++)
		if (!strcmp(a->ui.widgets[i].id, id) && !strcmp(a->ui.widgets[i].role, "button")) {
			Rect r = a->ui.widgets[i].r;
			*x = r.x + r.w / 2;
			*y = r.y + r.h / 2;
			return 1;
		}
	return 0;
}

/* A press at *t and its release 50 ms later, at x, y. */
static void tap_at(App *a, int x, int y, uint32_t *t)
{
	Input in = { .type = IN_PRESS, .x = x, .y = y, .t_ms = *t };
	app_input(a, &in);
	in.type = IN_RELEASE;
	in.t_ms = *t += 50;
	app_input(a, &in);
}

/* `type TEXT`: each character by a tap on its key, as a client would. */
static void type_text(App *a, const char *text, uint32_t *t)
{
	const char *code = a->langs[a->lang].code;
	unsigned cp;
	int n, x, y;
	if (*text == ' ')
		text++; /* the one space after "type" */
	while (*text && *text != '\n' && (n = util_utf8(text, &cp)) > 0) {
		char id[UI_ID_MAX];
		int layer = keyboard_find(code, cp);
		if (layer < 0 || a->survey.screen != SCREEN_COMMENT) {
			fprintf(stderr, "heard-kiosk: script: type: no key types U+%04X ('%.*s') on the %s "
			        "keyboard here (%s screen)\n", cp, n, text, code,
			        survey_screen_name(a->survey.screen));
			return;
		}
		if (layer != a->content.kb_layer) {
			app_render(a);
			if (!find_widget(a, layer == KB_DIGITS ? "key.digits" : "key.letters", &x, &y)) {
				fprintf(stderr, "heard-kiosk: script: type: no key to the %s\n",
				        layer == KB_DIGITS ? "digits" : "letters");
				return;
			}
			*t += 600;
			tap_at(a, x, y, t);
		}
		app_render(a);
		keyboard_key_id((int)cp, id, sizeof id);
		if (!find_widget(a, id, &x, &y)) {
			fprintf(stderr, "heard-kiosk: script: type: no %s on this screen\n", id);
			return;
		}
		*t += 600; /* past the repeat window: "ll" is two taps */
		tap_at(a, x, y, t);
		app_render(a);
		text += n;
	}
}

/* One scripted input at the script's own clock t (each command is 600 ms
 * after the last, so no press rule holds a script back):
 *   tap ID      press and release the middle of control ID (one behind
 *               the question's "Skip, Back and more" tile, or on another page of
 *               the answers to check or of the settings, is reached by
 *               turning pages; Start on Welcome's first view of two shows
 *               the promise, and its own Start is tapped too, as a person
 *               goes on after reading it)
 *   tapxy X Y   press and release at X, Y
 *   key K       next, prev, select, back, repeat, stop, or a digit 1-9
 *   type TEXT   type TEXT (the rest of the line) on the comment screen's
 *               keyboard: a tap on each character's key, and on the key
 *               to the digits or back to the letters first when needed;
 *               a character with no key in the language shown is
 *               reported on stderr and the rest not typed
 *   idle MS     nothing happens for MS milliseconds (timeouts run)
 *   quit        stop, as SIGTERM would
 *   probe PATH  try to read PATH and to write in it (a folder) or to it
 *               (a file); say on stderr what the sandbox allowed
 *   probe-net PORT       try TCP, UDP, IPv6, netlink and Unix sockets (to
 *                        127.0.0.1:PORT, ::1); say which were refused
 *   probe-file PATH      try to truncate PATH and to rename it (to
 *                        PATH-renamed); say which were refused
 * A control that is not on screen is reported on stderr and skipped. */
void testmode_script_line(TestMode *tm, App *a, char *line, uint32_t *t)
{
	(void)tm;
	char cmd[16] = "", arg[64] = "";
	int x = -1, y = -1;
	if (sscanf(line, "%15s %63s %d", cmd, arg, &y) < 1)
		return;
	*t += 600;
	Input in = { .type = IN_NONE, .x = -1, .y = -1, .t_ms = *t };
	if (!strcmp(cmd, "tap") || !strcmp(cmd, "tapxy")) {
		if (!strcmp(cmd, "tapxy")) {
			x = atoi(arg);
		} else if (!find_widget(a, arg, &x, &y)) {
			/* behind the question's "Skip, Back and more" tile, or on another page
			 * of the answers to check: turn pages as a person would */
			for (int turn = 0; turn < 12 && x < 0; turn++) {
				int px, py;
				if (!find_widget(a, "question.more", &px, &py) &&
				    !find_widget(a, "review.more", &px, &py) &&
				    !find_widget(a, "access.more", &px, &py))
					break;
				tap_at(a, px, py, t);
				app_render(a);
				*t += 600;
				find_widget(a, arg, &x, &y);
			}
			if (x < 0) {
				fprintf(stderr, "heard-kiosk: script: no %s on this screen\n", arg);
				return;
			}
		}
		tap_at(a, x, y, t);
		if (!strcmp(arg, "start") && a->survey.screen == SCREEN_WELCOME) {
			app_render(a); /* the promise's view, when Welcome has two */
			*t += 600;
			if (a->survey.screen == SCREEN_WELCOME && a->ui.page == 1 &&
			    find_widget(a, "start", &x, &y))
				tap_at(a, x, y, t);
		}
	} else if (!strcmp(cmd, "key")) {
		static const struct { const char *name; InputType type; } keys[] = {
			{ "next", IN_NEXT }, { "prev", IN_PREV }, { "select", IN_SELECT },
			{ "back", IN_BACK }, { "repeat", IN_REPEAT }, { "stop", IN_STOP },
		};
		for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
			if (!strcmp(arg, keys[i].name))
				in.type = keys[i].type;
		if (arg[0] >= '1' && arg[0] <= '9' && !arg[1]) {
			in.type = IN_DIGIT;
			in.digit = arg[0] - '0';
		}
		if (in.type != IN_NONE)
			app_input(a, &in);
	} else if (!strcmp(cmd, "type")) {
		type_text(a, line + strspn(line, " \t") + 4, t);
	} else if (!strcmp(cmd, "idle")) { /* the timers fire as in the loop, each when due */
		uint32_t end = *t + (uint32_t)strtoul(arg, NULL, 10), due, last = 0;
		while (a->running && (due = app_due(a)) && (int32_t)(due - end) <= 0 && due != last) {
			last = due;
			app_run_due(a, due);
			if (a->dirty && a->running)
				app_render(a);
		}
		*t = end;
		app_run_due(a, *t); /* nothing more is due: as the loop, no event for nothing */
	} else if (!strcmp(cmd, "quit")) {
		a->running = 0;
	} else if (!strcmp(cmd, "probe")) {
		sandbox_probe(arg);
	} else if (!strcmp(cmd, "probe-net")) {
		sandbox_probe_net(arg);
	} else if (!strcmp(cmd, "probe-file")) {
		sandbox_probe_file(arg);
	}
}

