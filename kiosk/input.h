/* input.h - every SDL event becomes one small Input (or none) here, in
 * one place: mouse, touch, keys and switches alike. */
#ifndef HEARD_INPUT_H
#define HEARD_INPUT_H

#include <SDL.h>

#include "ui.h"

/* Returns 1 and fills *out when ev means something to the kiosk.  mode is
 * the settings' input (INPUT_*): with two switches, Space moves and Enter
 * chooses; with one switch, either chooses while focus moves by itself. */
/* typing: the comment screen is up (keys mode): text input is its
 * words (IN_TEXT), letter, digit, Space, R and S keys type instead of
 * acting; Tab, arrows, Enter and Backspace keep their meaning. */
int input_translate(const SDL_Event *ev, int win_w, int win_h, int mode, int typing, Input *out);
#endif
