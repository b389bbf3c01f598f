/* faces.h - the five faces of the rating scale, drawn by arithmetic
 * (no image files).  The renderer (draw.c) keeps them as textures. */
#ifndef HEARD_FACES_H
#define HEARD_FACES_H

struct SDL_Surface;

/* One face, size x size pixels, anti-aliased on transparency: level 1
 * (a frown) .. 5 (a broad smile).  The caller frees it; NULL when SDL
 * cannot make the surface. */
struct SDL_Surface *faces_surface(int size, int level);
#endif
