/* platform.c - the SDL window and the loop (platform.h).  Start reading
 * at platform_run(). */
#include <SDL.h>

#include "input.h"
#include "platform.h"
#include "util.h"

void platform_open(Platform *p, int w, int h, const char *font_dir)
{
	char err[768];
	SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0");
	SDL_SetHint(SDL_HINT_MOUSE_FOCUS_CLICKTHROUGH, "1");
	/* SDL's own software renderer: a kiosk redraws only when something
	 * changes, and Mesa's GL (llvmpipe, with no GPU) grew by some 300 kB
	 * per session in the soak test; SDL_RENDER_DRIVER overrides this */
	SDL_SetHint(SDL_HINT_RENDER_DRIVER, "software");
	/* and its frames shown through the window system's own framebuffer
	 * (X11: shared memory), not a GL texture: Mesa's llvmpipe alone took
	 * some 110 MB (where the window system has no framebuffer of its own,
	 * as under Wayland, SDL uses a texture anyway) */
	SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
	/* closing the window is a request we may refuse (kiosk mode) */
	SDL_SetHint(SDL_HINT_QUIT_ON_LAST_WINDOW_CLOSE, "0");
	if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0)
		die(1, "cannot start SDL video: %s", SDL_GetError());
	Uint32 flags = SDL_WINDOW_SHOWN;
	p->windowed = w > 0;
	if (!w) { /* kiosk: borderless at the display's size, no WM needed */
		SDL_DisplayMode dm;
		if (SDL_GetDesktopDisplayMode(0, &dm) != 0)
			die(1, "cannot read the display size: %s", SDL_GetError());
		w = dm.w;
		h = dm.h;
		flags |= SDL_WINDOW_BORDERLESS;
	}
	p->win = SDL_CreateWindow("heard", 0, 0, w, h, flags);
	if (!p->win)
		die(1, "cannot open a window: %s", SDL_GetError());
	SDL_StartTextInput(); /* the comment screen's words from a physical keyboard (input.c
	                       * reads SDL_TEXTINPUT only while it is up) */
	p->ren = SDL_CreateRenderer(p->win, -1, 0);
	if (!p->ren)
		die(1, "cannot create a renderer: %s", SDL_GetError());
	p->draw = draw_create(p->ren, font_dir, err, sizeof err);
	if (!p->draw)
		die(2, "%s", err);
}

uint32_t platform_ticks(void)
{
	return SDL_GetTicks();
}

/* The app lays out at the window's size in pixels, read before each use. */
static void sync_size(Platform *p, App *a)
{
	SDL_GetRendererOutputSize(p->ren, &a->w, &a->h);
}

static void run_script(Platform *p, App *a, TestMode *tm)
{
	char line[4096]; /* (type: up to 500 characters of any script) */
	uint32_t t = SDL_GetTicks();
	sync_size(p, a);
	app_render(a);
	while (a->running && fgets(line, sizeof line, tm->script)) {
		SDL_Event e;
		while (SDL_PollEvent(&e))
			if (e.type == SDL_QUIT)
				a->running = 0;
		sync_size(p, a);
		testmode_script_line(tm, a, line, &t);
		if (a->dirty && a->running)
			app_render(a);
	}
}

void platform_run(Platform *p, App *a, TestMode *tm)
{
	a->running = 1;
	if (tm->script) {
		access_check_speech(a->acc);
		run_script(p, a, tm);
		return;
	}
	sync_size(p, a);
	app_render(a);
	/* espeak-ng and SDL's audio start threads (after the sandbox) and
	 * finding no sound card can take a tenth of a second: Welcome first */
	access_check_speech(a->acc);
	/* Full screen under a window manager too; asked for once Welcome is
	 * showing, since with no window manager SDL waits some 100 ms for an
	 * answer that never comes (the borderless window already covers the
	 * display, and cage makes every window full screen) */
	if (!p->windowed)
		SDL_SetWindowFullscreen(p->win, SDL_WINDOW_FULLSCREEN_DESKTOP);
	while (a->running) {
		uint32_t now = SDL_GetTicks(), due = app_due(a);
		SDL_Event e;
		/* (int32_t) differences stay right when the 32-bit clock wraps */
		int32_t left = (int32_t)(due - now);
		int got = due ? SDL_WaitEventTimeout(&e, left > 0 ? left : 0) : SDL_WaitEvent(&e);
		sync_size(p, a);
		while (got) {
			Input in;
			int typing = a->survey.screen == SCREEN_COMMENT && !a->survey.confirm_again &&
			             a->staff->mode == STAFF_OFF && a->acc->set.input == INPUT_KEYS;
			if (input_translate(&e, a->ui.w, a->ui.h, a->acc->set.input, typing, &in)) {
				if (in.type != IN_REDRAW)
					testmode_input_seen(tm, in.t_ms);
				app_input(a, &in);
			}
			got = SDL_PollEvent(&e);
		}
		app_run_due(a, SDL_GetTicks());
		if (a->dirty && a->running) {
			sync_size(p, a);
			app_render(a);
			app_shown(a, SDL_GetTicks());
		} else {
			testmode_nothing_shown(tm);
		}
	}
}

void platform_close(Platform *p)
{
	draw_free(p->draw);
	SDL_DestroyRenderer(p->ren);
	SDL_DestroyWindow(p->win);
	SDL_Quit();
	*p = (Platform){ 0 };
}
