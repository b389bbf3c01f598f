/* text.h - the kiosk's text, for the renderer behind draw.h: fonts,
 * direction (bidi), word wrap and the largest size that fits, and one
 * laid-out line as a surface.  Layouts and measured widths are cached
 * here; the textures made from the surfaces are the renderer's (draw.c).
 * text.c is the one file that includes SDL_ttf. */
#ifndef HEARD_TEXT_H
#define HEARD_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "draw.h" /* Color */

#define TEXT_MAX_LINES 12

typedef struct Text Text;
struct SDL_Surface;

/* How a text lies in a box: its lines as byte ranges of the text, each
 * with its width in pixels at px. */
typedef struct {
	int px;                      /* size chosen; -1: nothing fits (laid out at the smallest) */
	int nlines;
	int start[TEXT_MAX_LINES];   /* first byte of each line */
	int len[TEXT_MAX_LINES];     /* its bytes */
	int width[TEXT_MAX_LINES];   /* its width */
} TextLayout;

/* Starts SDL_ttf and checks that the shipped fonts in font_dir open
 * (Noto Sans and Noto Sans Arabic, regular and bold; sizes are opened
 * lazily).  NULL on failure, message in err.  text_free closes them. */
Text *text_create(const char *font_dir, char *err, size_t errlen);
void text_free(Text *t);

/* Right-to-left paragraphs (Arabic): runs are placed right to left. */
void text_set_rtl(Text *t, int rtl);
int text_rtl(const Text *t);

/* `s` in `w` x `h`: word-wrapped at the largest size <= max_px that
 * fits (never below max_px / 2).  Cached: the pointer is the cache's,
 * good until the next text_layout call. */
const TextLayout *text_layout(Text *t, const char *s, int w, int h, int max_px, int bold);
/* The smallest size text_layout tries for max_px: half, not below 8. */
int text_min_px(int max_px);
/* One line as draw_text shows it, in colour c: each run of one
 * direction in its font, on one baseline.  The caller frees it; NULL
 * when SDL cannot make it. */
struct SDL_Surface *text_line_surface(Text *t, const char *line, int px, int bold, Color c);
/* s[0..len) NUL-terminated, in a buffer that the next call to any
 * text_ function may reuse. */
const char *text_span(Text *t, const char *s, int len);
/* Height of one line (with line gap) at px. */
int text_line_height(Text *t, int px);

/* draw_missing_glyph and draw_visual (draw.h says what they answer). */
int text_missing_glyph(Text *t, const char *s, uint32_t *cp);
int text_visual(Text *t, const char *s, int w, int px, char *out, size_t cap);

/* FNV-1a: the keys of the caches here and in draw.c.  Never 0 (an
 * empty slot). */
static inline uint64_t text_mix(uint64_t h, uint64_t v)
{
	h = (h ^ v) * 1099511628211ull;
	return h ? h : 1;
}

static inline uint64_t text_hash(const char *s)
{
	uint64_t h = 14695981039346656037ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h ? h : 1;
}
#endif
