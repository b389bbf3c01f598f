/* input.c - SDL events to Inputs, by table (see input.h). */
#include "input.h"

#include "settings.h"

/* Keys and switch interfaces (which send keys) to inputs.  Two-switch
 * users map "move" to Tab/Space and "select" to Enter. */
static const struct { SDL_Keycode key; InputType type; } keymap[] = {
	{ SDLK_TAB, IN_NEXT },      /* Shift+Tab handled below */
	{ SDLK_RIGHT, IN_NEXT },    { SDLK_DOWN, IN_NEXT },
	{ SDLK_LEFT, IN_PREV },     { SDLK_UP, IN_PREV },
	{ SDLK_RETURN, IN_SELECT }, { SDLK_KP_ENTER, IN_SELECT },
	{ SDLK_SPACE, IN_SELECT },
	{ SDLK_BACKSPACE, IN_BACK },
	{ SDLK_r, IN_REPEAT },      { SDLK_s, IN_STOP },
};

static int key_input(const SDL_KeyboardEvent *k, int mode, int typing, Input *out)
{
	SDL_Keycode sym = k->keysym.sym;
	if (typing && sym == SDLK_BACKSPACE) { /* held down: deletes on, as any editor */
		out->type = IN_BACK;
		return 1;
	}
	if (k->repeat)
		return 0; /* auto-repeat never counts as a second press */
	if (typing && sym != SDLK_TAB && sym != SDLK_RIGHT && sym != SDLK_LEFT && sym != SDLK_UP &&
	    sym != SDLK_DOWN && sym != SDLK_RETURN && sym != SDLK_KP_ENTER)
		return 0; /* the rest arrives as text (SDL_TEXTINPUT) */
	if (sym >= SDLK_1 && sym <= SDLK_9) {
		out->type = IN_DIGIT;
		out->digit = (int)(sym - SDLK_0);
		return 1;
	}
	if (sym >= SDLK_KP_1 && sym <= SDLK_KP_9) {
		out->type = IN_DIGIT;
		out->digit = (int)(sym - SDLK_KP_1) + 1;
		return 1;
	}
	for (size_t i = 0; i < sizeof keymap / sizeof *keymap; i++)
		if (keymap[i].key == sym) {
			out->type = keymap[i].type;
			if (sym == SDLK_TAB && (k->keysym.mod & KMOD_SHIFT))
				out->type = IN_PREV;
			if (sym == SDLK_SPACE && mode == INPUT_TWO_SWITCHES)
				out->type = IN_NEXT; /* switch 1 moves, switch 2 (Enter) chooses */
			return 1;
		}
	return 0;
}

int input_translate(const SDL_Event *ev, int win_w, int win_h, int mode, int typing, Input *out)
{
	*out = (Input){ .type = IN_NONE, .x = -1, .y = -1, .t_ms = ev->common.timestamp };
	switch (ev->type) {
	case SDL_QUIT:
		out->type = IN_QUIT;
		return 1;
	case SDL_WINDOWEVENT:
		if (ev->window.event == SDL_WINDOWEVENT_CLOSE) {
			out->type = IN_CLOSE;
			return 1;
		}
		if (ev->window.event != SDL_WINDOWEVENT_EXPOSED &&
		    ev->window.event != SDL_WINDOWEVENT_SIZE_CHANGED)
			return 0;
		out->type = IN_REDRAW;
		return 1;
	case SDL_KEYDOWN:
		return key_input(&ev->key, mode, typing, out);
	case SDL_TEXTINPUT:
		if (!typing)
			return 0;
		out->type = IN_TEXT;
		SDL_strlcpy(out->text, ev->text.text, sizeof out->text);
		return 1;
	case SDL_MOUSEBUTTONDOWN:
	case SDL_MOUSEBUTTONUP:
		/* Touch arrives as finger events; skip SDL's mouse copies of it. */
		if (ev->button.which == SDL_TOUCH_MOUSEID || ev->button.button != SDL_BUTTON_LEFT)
			return 0;
		out->type = ev->type == SDL_MOUSEBUTTONDOWN ? IN_PRESS : IN_RELEASE;
		out->x = ev->button.x;
		out->y = ev->button.y;
		return 1;
	case SDL_MOUSEMOTION:
		if (ev->motion.which == SDL_TOUCH_MOUSEID || !(ev->motion.state & SDL_BUTTON_LMASK))
			return 0;
		out->type = IN_MOTION;
		out->x = ev->motion.x;
		out->y = ev->motion.y;
		return 1;
	case SDL_FINGERDOWN:
	case SDL_FINGERUP:
	case SDL_FINGERMOTION:
		/* Nothing needs multi-touch; each finger acts as a pointer. */
		out->type = ev->type == SDL_FINGERDOWN ? IN_PRESS
		          : ev->type == SDL_FINGERUP ? IN_RELEASE : IN_MOTION;
		out->x = (int)(ev->tfinger.x * (float)win_w);
		out->y = (int)(ev->tfinger.y * (float)win_h);
		return 1;
	default:
		return 0;
	}
}
