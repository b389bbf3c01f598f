/* nodlclose.c - LD_PRELOAD helper for the sanitizer runs (tests only).
 *
 * SDL dlopen()s its video, audio and input back-ends (libX11, libdbus,
 * mesa, ...) and dlclose()s them in SDL_Quit().  Whatever those libraries
 * leave allocated at exit is then reported by LeakSanitizer with frames in
 * "<unknown module>", because the library is gone by the time the leak
 * check symbolizes the stacks, and a suppression by library name cannot
 * match.  With this preloaded, dlclose() does nothing: every library stays
 * mapped until the process ends, the frames keep their library names and
 * tests/sanitize/lsan.supp can name the third-party library responsible.
 *
 * Never part of heard itself; built by tests/sanitize/env.sh:
 *   cc -shared -fPIC -o BUILD/nodlclose.so tests/sanitize/nodlclose.c
 */
int dlclose(void *handle);

int dlclose(void *handle)
{
	(void)handle;
	return 0; /* "success": the library simply stays loaded */
}
