/* faces.c - the rating scale's faces, rasterized pixel by pixel behind
 * faces.h.  Start reading at faces_surface(): each pixel is the disc,
 * the outline, the eyes, the mouth and the brows painted over each other
 * with the coverage of their distance to the pixel's centre. */
#include "faces.h"

#include <SDL.h>
#include <math.h>
#include <stdint.h>

static float clampf(float v) { return v < 0 ? 0 : v > 1 ? 1 : v; }

/* Paint colour c over pixel p with coverage a (straight alpha). */
static void over(float p[4], const float c[3], float a)
{
	float out = a + p[3] * (1 - a);
	if (out <= 0)
		return;
	for (int k = 0; k < 3; k++)
		p[k] = (c[k] * a + p[k] * p[3] * (1 - a)) / out;
	p[3] = out;
}

/* One face as an anti-aliased surface: disc, two eyes, a mouth whose
 * curve goes from a frown (level 1) to a broad smile (level 5), and
 * brows that slope down for the two lowest levels. */
SDL_Surface *faces_surface(int size, int level)
{
	static const float fill[3] = { 1.0f, 0.88f, 0.55f }, ink[3] = { 0.10f, 0.10f, 0.10f };
	SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, size, size, 32, SDL_PIXELFORMAT_ABGR8888);
	if (!s)
		return NULL;
	float R = size * 0.47f, cx = size / 2.0f, cy = size / 2.0f;
	float line = size * 0.045f, curve = (level - 3) * 0.5f; /* -1 .. 1 */
	float mw = R * 0.5f, my = cy + R * 0.38f - curve * R * 0.12f, depth = curve * R * 0.22f;
	for (int y = 0; y < size; y++) {
		uint32_t *row = (uint32_t *)((uint8_t *)s->pixels + y * s->pitch);
		for (int x = 0; x < size; x++) {
			float px = x + 0.5f, py = y + 0.5f, p[4] = { 0, 0, 0, 0 };
			float dc = hypotf(px - cx, py - cy) - R;
			over(p, fill, clampf(0.5f - dc));
			over(p, ink, clampf(0.5f - (fabsf(dc + line / 2) - line / 2)));
			for (int e = -1; e <= 1; e += 2) { /* eyes */
				float de = hypotf(px - (cx + e * R * 0.36f), py - (cy - R * 0.2f)) - R * 0.1f;
				over(p, ink, clampf(0.5f - de));
			}
			if (fabsf(py - my) < R * 0.3f && fabsf(px - cx) < mw + line) {
				float best = 1e9f; /* distance to the mouth curve */
				for (int k = 0; k <= 40; k++) {
					float t = -1 + k / 20.0f, mx = cx + t * mw;
					float yy = my + depth * (1 - t * t) - depth * 0.5f;
					float dd = hypotf(px - mx, py - yy);
					if (dd < best) best = dd;
				}
				over(p, ink, clampf(0.5f - (best - line * 0.6f)));
			}
			if (level <= 2 && py < cy - R * 0.3f && py > cy - R * 0.6f) { /* brows */
				for (int e = -1; e <= 1; e += 2) {
					float bx = cx + e * R * 0.36f, t = (px - bx) / (R * 0.2f);
					if (fabsf(t) > 1) continue;
					float by = cy - R * 0.42f + e * t * R * 0.08f;
					over(p, ink, clampf(0.5f - (fabsf(py - by) - line * 0.4f)));
				}
			}
			uint8_t a = (uint8_t)(p[3] * 255 + 0.5f);
			row[x] = (uint32_t)(p[0] * 255 + 0.5f) | (uint32_t)(p[1] * 255 + 0.5f) << 8 |
			         (uint32_t)(p[2] * 255 + 0.5f) << 16 | (uint32_t)a << 24;
		}
	}
	return s;
}
