/* bare.c - the floor for the kiosk's start-up time: a bare SDL2 program
 * that opens the same window the kiosk does (borderless at the display's
 * size, SDL's software renderer, no GL framebuffer), draws one line of
 * text with SDL_ttf in the kiosk's font, presents it, and prints the
 * CLOCK_MONOTONIC time of that first present as "first_present_ns N".
 *
 *     bare FONT.ttf */
#include <SDL.h>
#include <SDL_ttf.h>
#include <stdio.h>
#include <time.h>

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: bare FONT.ttf\n");
		return 2;
	}
	SDL_SetHint(SDL_HINT_RENDER_DRIVER, "software");
	SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
	if (SDL_Init(SDL_INIT_VIDEO) != 0 || TTF_Init() != 0) {
		fprintf(stderr, "bare: %s\n", SDL_GetError());
		return 1;
	}
	SDL_DisplayMode dm;
	if (SDL_GetDesktopDisplayMode(0, &dm) != 0)
		return 1;
	SDL_Window *win = SDL_CreateWindow("bare", 0, 0, dm.w, dm.h, SDL_WINDOW_SHOWN | SDL_WINDOW_BORDERLESS);
	SDL_Renderer *ren = win ? SDL_CreateRenderer(win, -1, 0) : NULL;
	TTF_Font *font = TTF_OpenFont(argv[1], dm.h / 20);
	if (!ren || !font) {
		fprintf(stderr, "bare: %s\n", SDL_GetError());
		return 1;
	}
	SDL_Surface *text = TTF_RenderUTF8_Blended(font, "Tell us how today went.",
	                                           (SDL_Color){ 0x1A, 0x1A, 0x1A, 0xFF });
	SDL_Texture *tex = SDL_CreateTextureFromSurface(ren, text);
	SDL_SetRenderDrawColor(ren, 0xF7, 0xF5, 0xF0, 0xFF);
	SDL_RenderClear(ren);
	SDL_RenderCopy(ren, tex, NULL, &(SDL_Rect){ (dm.w - text->w) / 2, dm.h / 3, text->w, text->h });
	SDL_RenderPresent(ren);
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	printf("first_present_ns %llu\n", (unsigned long long)ts.tv_sec * 1000000000ull + (unsigned long long)ts.tv_nsec);
	fflush(stdout);
	SDL_FreeSurface(text);
	SDL_DestroyTexture(tex);
	TTF_CloseFont(font);
	SDL_DestroyRenderer(ren);
	SDL_DestroyWindow(win);
	TTF_Quit();
	SDL_Quit();
	return 0;
}
