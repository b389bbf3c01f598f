/* fake_draw.c - draw.h without a window, for testing ui.c: text "fits"
 * at the requested size and covers its box; nothing is drawn. */
#include "draw.h"

int fake_draw_painted_px; /* the size of the last text painted */

int draw_text(Draw *d, const char *text, Rect box, int max_px, int bold,
              Align align, Color c, int paint, Rect *used)
{
	(void)d; (void)text; (void)bold; (void)align; (void)c;
	if (paint)
		fake_draw_painted_px = max_px;
	if (used)
		*used = box;
	return max_px;
}

void draw_clear(Draw *d, Color c) { (void)d; (void)c; }
void draw_rect(Draw *d, Rect r, Color c) { (void)d; (void)r; (void)c; }
void draw_frame(Draw *d, Rect r, int t, Color c) { (void)d; (void)r; (void)t; (void)c; }
void draw_face(Draw *d, Rect r, int level) { (void)d; (void)r; (void)level; }
int draw_line_height(Draw *d, int px) { (void)d; return px; }
/* the frame and direction calls of app.c: nothing to record */
void draw_begin(Draw *d) { (void)d; }
int draw_end(Draw *d) { (void)d; return 0; }
void draw_invalidate(Draw *d) { (void)d; }
void draw_set_rtl(Draw *d, int rtl) { (void)d; (void)rtl; }
