#!/bin/sh
# layers.sh - the walls between the parts hold (docs/design.md,
# "Architecture"): core/ and the kiosk's logic build without SDL's flags,
# so an SDL include there fails to build; core/ includes only its own
# headers; no file includes a .c file.  Each check is shown to have teeth
# where it can be: the SDL probe must build with SDL's flags.
# Ends with "LAYERS: N passed, N failed".
. "$(dirname "$0")/lib.sh"
tmp=$T
# check NAME CONDITION [WHY]: CONDITION is evaluated by the shell
check() { if eval "$2"; then ok "$1"; else bad "$1" "${3:-no}"; fi; }
# the commands make would run for a fresh build, and the flags it uses
MAKEFLAGS= MAKELEVEL= make -s -n -B BUILD="$tmp/b" all >"$tmp/cmds" 2>&1
nosdl=$(sed -n 's/^KIOSK_NOSDL *= *//p' Makefile)
core=$(sed -n 's/^CORE *= *//p' Makefile)
check "make-knows-the-layers" '[ -n "$nosdl" ] && [ -n "$core" ] && [ -s "$tmp/cmds" ]'

# every core/ and kiosk logic object is compiled without SDL's include path,
# every renderer object with it (so the test would see a change of rule)
bad=
for m in $core; do
	grep -q -- "-c core/$m.c" "$tmp/cmds" || bad="$bad $m(not built)"
	grep -- "-c core/$m.c" "$tmp/cmds" | grep -q 'SDL2' && bad="$bad $m"
done
for m in $nosdl; do
	grep -q -- "-c kiosk/$m.c" "$tmp/cmds" || bad="$bad $m(not built)"
	grep -- "-c kiosk/$m.c" "$tmp/cmds" | grep -q 'SDL2' && bad="$bad $m"
done
check "core-and-logic-built-without-sdl" '[ -z "$bad" ]' "SDL's flags given to:$bad"
check "renderer-built-with-sdl" 'grep -- "-c kiosk/draw.c" "$tmp/cmds" | grep -q SDL2'

# the flags core/ is built with: an SDL include fails there, and builds
# with the kiosk's own flags (the probe is a real SDL program)
line=$(grep -- "-c core/store.c" "$tmp/cmds" | head -1)
flags=$(printf '%s\n' "$line" | sed 's/ -c core\/store.c.*//; s/^[^ ]* //')
sdl=$(grep -- "-c kiosk/draw.c" "$tmp/cmds" | head -1 | sed 's/ -c kiosk\/draw.c.*//; s/^[^ ]* //')
printf '#include <SDL.h>\nint heard_probe(void) { return SDL_GetTicks() > 0; }\n' >"$tmp/probe.c"
eval "cc $flags -c $tmp/probe.c -o $tmp/probe.o" >"$tmp/err" 2>&1
rc=$?
check "sdl-include-fails-in-core" '[ $rc -ne 0 ] && grep -q "SDL.h" "$tmp/err"' "core's flags built an SDL include"
eval "cc $sdl -c $tmp/probe.c -o $tmp/probe.o" >"$tmp/err2" 2>&1
check "sdl-probe-builds-with-sdl-flags" '[ $? -eq 0 ]' "$(head -3 "$tmp/err2")"

# core/ includes its own headers and the system's, nothing of kiosk/ or tools/
bad=
for f in core/*.c core/*.h; do
	for h in $(sed -n 's/^[ \t]*#[ \t]*include[ \t]*"\([^"]*\)".*/\1/p' "$f"); do
		[ -f "core/$h" ] || bad="$bad $f:$h"
	done
done
check "core-includes-only-core" '[ -z "$bad" ]' "includes from outside core/:$bad"

# no file includes a .c file (heard-report and its fuzz target link parts)
inc=$(grep -rnE '^[ \t]*#[ \t]*include[ \t]*"[^"]*\.c"' core kiosk tools tests 2>/dev/null)
check "no-c-file-included" '[ -z "$inc" ]' "$inc"

finish LAYERS
