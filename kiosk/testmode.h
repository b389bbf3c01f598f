/* testmode.h - what the kiosk does only for its tests: the --trace file
 * (what is on screen, docs/design.md "Interfaces"), the --script interpreter,
 * HEARD_BENCH's timings, and the sandbox's extra paths for sanitizer
 * reports and SDL's disk audio.  Each is refused outside test mode
 * (test_mode = yes in [test], or HEARD_TEST=1), since a trace or a
 * script shows the answers chosen.
 *
 * Start reading at testmode_script_line(): a script drives the same
 * app_input() and app_run_due() as the real loop, on a clock of its own. */
#ifndef HEARD_TESTMODE_H
#define HEARD_TESTMODE_H

#include <stdint.h>
#include <stdio.h>

#include "app.h"
#include "sandbox.h"

struct TestMode {
	int on;                   /* test mode (the config's or HEARD_TEST=1) */
	FILE *trace;              /* --trace: a line per screen shown, else NULL */
	FILE *script;             /* --script: inputs read from here, else NULL */
	FILE *bench;              /* HEARD_BENCH: timings written here, else NULL */
	int presented;            /* frames shown, for the first one's time */
	uint32_t oldest_input;    /* t_ms of the oldest input not yet on screen, 0 none */
};

/* Test mode from the config's test_mode and HEARD_TEST; then --trace,
 * --script (NULL when not given; "-" is stdin) and HEARD_BENCH opened,
 * each refused (the program dies, saying how to turn test mode on)
 * outside test mode. */
void testmode_open(TestMode *tm, int config_test_mode, const char *trace, const char *script);
/* Dies unless in test mode, naming what needed it. */
void testmode_need(const TestMode *tm, const char *what);
/* The sandbox's extra paths: sanitizer logs and suppressions (a
 * sanitizer build), and SDL_DISKAUDIOFILE's folder in test mode. */
void testmode_sandbox(const TestMode *tm, SandboxPaths *p);
/* A --trace line for what the app shows now (spoken: what was said). */
void testmode_trace(TestMode *tm, const App *a, const char *spoken);
/* A --trace line for the staff screens (never spoken, "admin"). */
void testmode_trace_staff(TestMode *tm, const App *a);
/* An input arrived at t (its time stamp): the latency counts from the oldest. */
void testmode_input_seen(TestMode *tm, uint32_t t);
/* A frame is on screen at now; or, nothing changed on screen. */
void testmode_presented(TestMode *tm, uint32_t now);
void testmode_nothing_shown(TestMode *tm);
/* One line of the script, at the script's clock *t (moved on by it). */
void testmode_script_line(TestMode *tm, App *a, char *line, uint32_t *t);
void testmode_close(TestMode *tm);
#endif
