/* platform.h - the kiosk's one SDL window and its loop.
 *
 * The platform opens the window (borderless at the display's size, or
 * --windowed), turns SDL's events into Inputs (input.c) for the app, and
 * sleeps until the next input or the app's next deadline (app_due()): one
 * timer mechanism for every subsystem, as redis's ae.c does.  A --script
 * run goes through the same app_input() and app_run_due(), on the
 * script's own clock.  Start reading at platform_run() in platform.c. */
#ifndef HEARD_PLATFORM_H
#define HEARD_PLATFORM_H

#include "app.h"
#include "draw.h"
#include "testmode.h"

typedef struct {
	struct SDL_Window *win;
	struct SDL_Renderer *ren;
	Draw *draw;
	int windowed;             /* --windowed: no full screen */
} Platform;

/* Open the window (w, h: --windowed, else 0 for the display's size) and
 * the drawing on it (the fonts in font_dir).  Dies with a message
 * naming what failed. */
void platform_open(Platform *p, int w, int h, const char *font_dir);
/* The platform's clock, in ms since SDL started. */
uint32_t platform_ticks(void);
/* Run the app until it stops (a->running becomes 0): the real loop, or
 * the script's when tm has one. */
void platform_run(Platform *p, App *a, TestMode *tm);
void platform_close(Platform *p);
#endif
