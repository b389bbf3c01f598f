/* draw.h - the kiosk's whole drawing interface.
 *
 * SDL's renderer and SDL_ttf live behind these calls: draw.c the
 * renderer, text.c the text (the one file that includes SDL_ttf), faces.c
 * the faces.  Text is shaped and rendered once and kept as textures keyed
 * by (text, size, weight, colour); faces likewise by (size, level).
 * Nothing here knows about screens or the survey. */
#ifndef HEARD_DRAW_H
#define HEARD_DRAW_H

#include <stddef.h>
#include <stdint.h>

typedef struct { int x, y, w, h; } Rect;
typedef struct { uint8_t r, g, b, a; } Color;

typedef enum { ALIGN_LEFT, ALIGN_CENTER, ALIGN_RIGHT } Align;

typedef struct Draw Draw;
struct SDL_Renderer;

/* Opens the shipped fonts in font_dir (Noto Sans and Noto Sans Arabic,
 * regular and bold; sizes are opened lazily).  A font that cannot be
 * opened is an error naming the file.  NULL on failure, message in err. */
Draw *draw_create(struct SDL_Renderer *r, const char *font_dir, char *err, size_t errlen);
void draw_free(Draw *d);
/* Right-to-left paragraphs (Arabic): runs right to left, "left" alignment
 * starts at the right. */
void draw_set_rtl(Draw *d, int rtl);
/* 1 (and the character in *cp) when some character of text has no glyph
 * in the font the kiosk would draw it with. */
int draw_missing_glyph(Draw *d, const char *text, uint32_t *cp);
/* What draw_text would show of text wrapped to width w at px: each line
 * left to right as on the screen (runs placed by direction, each mirrored
 * character as its glyph), lines ending in '\n', into out (cap bytes).
 * The number of lines.  For tests of right-to-left text. */
int draw_visual(Draw *d, const char *text, int w, int px, char *out, size_t cap);

void draw_clear(Draw *d, Color c);
void draw_rect(Draw *d, Rect r, Color c);
void draw_frame(Draw *d, Rect r, int thickness, Color c);
/* A drawn face: level 1 (frown) .. 5 (broad smile), centred in r. */
void draw_face(Draw *d, Rect r, int level);
/* A frame: draw_begin, then the drawing (recorded, not yet drawn), then
 * draw_end, which draws and shows only what differs from the last frame
 * (the places whose operations changed) when the renderer keeps its frame
 * between presents (SDL's software renderer), else the whole frame.
 * Returns how many separate places it drew (0: nothing changed). */
void draw_begin(Draw *d);
int draw_end(Draw *d);
/* The window's contents were lost (exposed, resized): draw the next frame whole. */
void draw_invalidate(Draw *d);
/* Draw and show every frame whole, as a renderer that keeps nothing
 * between presents does (test mode: tests/e2e/frames.py compares). */
void draw_set_whole(Draw *d, int always);

/* Lay `text` out in `box`: word-wrapped, at the largest size <= max_px
 * that fits (never below max_px / 2).  Draws it when `paint` is set.
 * Returns the size used, or -1 when even the smallest size does not fit
 * (then it is drawn clipped and the caller should report it).
 * `used` receives the rectangle the text actually covers. */
int draw_text(Draw *d, const char *text, Rect box, int max_px, int bold,
              Align align, Color c, int paint, Rect *used);

/* Height of one line (with line gap) at px, for layout arithmetic. */
int draw_line_height(Draw *d, int px);

/* Number of cached textures, for the benchmark and leak checks. */
int draw_cache_size(const Draw *d);
#endif
