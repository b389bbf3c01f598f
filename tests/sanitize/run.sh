#!/bin/sh
# tests/sanitize/run.sh CMD [ARG...] - run CMD (usually tests/run-all.sh)
# against an AddressSanitizer + UBSan build, then fail if any sanitizer
# report was written, whether or not the test that ran the program noticed.
#
#   make test SANITIZE=1             (the Makefile calls this script)
#   BUILD=build/asan tests/sanitize/run.sh tests/run-all.sh
#
# BUILD is the sanitized build folder (default build/asan).  What it sets
# up for every process CMD starts:
#   LD_PRELOAD   BUILD/nodlclose.so (tests/sanitize/nodlclose.c, built here
#                if missing): dlclose() does nothing, so the libraries SDL
#                loads at run time stay mapped and LeakSanitizer sees, and
#                names, what they hold.  Harmless to processes that are not
#                sanitized (Python, Xvfb, sqlite3, node).
#   ASAN_OPTIONS verify_asan_link_order=0 because nodlclose.so is preloaded
#                ahead of libasan (it defines only dlclose, nothing ASan
#                intercepts), plus stricter checks than the defaults.
#   LSAN_OPTIONS tests/sanitize/lsan.supp: third-party libraries only.
#   *_OPTIONS    log_path: every report goes to a file in a scratch folder
#                (not stderr), so a report from a kiosk whose output a test
#                ignores, or that a test stopped with SIGTERM, is still
#                seen.  The reports are printed at the end, with a line
#                "SANITIZE: N report(s)"; when CMD's output ended with
#                "P passed, F failed" that line is repeated last with each
#                report counted as a failure.
# Exit status: CMD's, or 1 when any report was written.
cd "$(dirname "$0")/../.." || exit 2
BUILD=${BUILD:-build/asan}
export BUILD
case $BUILD in /*) B=$BUILD ;; *) B=$PWD/$BUILD ;; esac
[ $# -gt 0 ] || { echo "usage: tests/sanitize/run.sh CMD [ARG...]" >&2; exit 2; }

so=$B/nodlclose.so
if [ ! -f "$so" ] || [ -n "$(find tests/sanitize/nodlclose.c -newer "$so")" ]; then
	mkdir -p "$B" &&
		${CC:-cc} -std=c11 -Wall -Wextra -Werror -pedantic -shared -fPIC -o "$so" \
			tests/sanitize/nodlclose.c || exit 2
fi
logs=$(mktemp -d)

LD_PRELOAD=$so${LD_PRELOAD:+:$LD_PRELOAD}
ASAN_OPTIONS=verify_asan_link_order=0:detect_leaks=1:detect_stack_use_after_return=1:check_initialization_order=1:strict_init_order=1:detect_invalid_pointer_pairs=1:strict_string_checks=1:abort_on_error=0:log_path=$logs/asan
LSAN_OPTIONS=suppressions=$PWD/tests/sanitize/lsan.supp:print_suppressions=0:log_path=$logs/lsan
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:log_path=$logs/ubsan
export LD_PRELOAD ASAN_OPTIONS LSAN_OPTIONS UBSAN_OPTIONS

start=$(date +%s)
out=$(mktemp)
trap 'rm -rf "$logs" "$out"' EXIT
{ "$@"; echo $? >"$out.rc"; } 2>&1 | tee "$out"
rc=$(cat "$out.rc" 2>/dev/null || echo 1)
rm -f "$out.rc"
n=0
for f in "$logs"/*; do
	[ -s "$f" ] || continue
	n=$((n + 1))
	echo "== sanitizer report $f"
	cat "$f"
done
echo "SANITIZE: $n report(s), $(($(date +%s) - start)) s, build $BUILD"
# CMD's closing "N passed, M failed" (tests/run-all.sh) stays the last
# line, each report counted as one more failure
last=$(tail -n 1 "$out")
case $last in
*" passed, "*" failed")
	p=${last%% passed*} f=${last#*passed, } f=${f%% failed*}
	echo
	echo "$p passed, $((f + n)) failed" ;;
esac
[ "$n" -eq 0 ] || exit 1
exit "$rc"
