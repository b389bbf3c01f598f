#!/bin/sh
# tests/valgrind.sh [SESSIONS] - the real kiosk under Valgrind's memcheck.
#
# Runs BUILD/heard-kiosk (BUILD defaults to build; a normal build, not the
# SANITIZE=1 one) with SDL's offscreen video and dummy audio driver, test
# mode and --script: the speech engine started, 100 short visits that
# change a setting in Spanish, SESSIONS (default 200) varied whole
# sessions from tests/e2e/sessions.py (languages, the accessibility screen
# and its settings, skip, Does not apply, Back, changes from the review
# screen, Send, Don't send, Start again, the timeouts), a last session
# read aloud in Spanish, and `quit`.  Checks: no memcheck error, nothing
# definitely lost, exit status 0, every scripted control was on screen,
# and the database holds exactly the sessions that were sent.  Prints
# Valgrind's summary lines and last "VALGRIND: N passed, M failed".
# About 3-5 minutes.
#
# tests/sanitize/nodlclose.so is preloaded (built here into the scratch
# folder) so that libraries SDL dlopen()s keep their names in any report;
# what those libraries still hold at exit is then "still reachable", not
# lost.  tests/valgrind.supp (third-party libraries only) is used when a
# library needs it.
cd "$(dirname "$0")/.." || exit 2
BUILD=${BUILD:-build}
K=$BUILD/heard-kiosk
N=${1:-200}
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "PASS $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1: $2"; }
finish() { echo "VALGRIND: $pass passed, $fail failed"; [ "$fail" -eq 0 ]; }

command -v valgrind >/dev/null || { bad valgrind "valgrind is not installed (apt-get install valgrind)"; finish; exit 1; }
[ -x "$K" ] || { bad build "$K missing: run make first"; finish; exit 1; }
# the database on /dev/shm when there is one: fsync's pace is not under test
T=$(mktemp -d "$( [ -d /dev/shm ] && [ -w /dev/shm ] && echo /dev/shm || echo "${TMPDIR:-/tmp}")/heard-valgrind-XXXXXX")
trap 'rm -rf "$T"' EXIT
chmod 700 "$T"

${CC:-cc} -std=c11 -Wall -Wextra -Werror -pedantic -shared -fPIC -o "$T/nodlclose.so" \
	tests/sanitize/nodlclose.c || { bad nodlclose "cannot build tests/sanitize/nodlclose.c"; finish; exit 1; }
# Reading aloud is turned on and off first, so the speech engine exists
# and every later change of setting or language goes through it while it
# is silent: a hundred short visits in Spanish that change a setting, the
# sessions, and a last one read aloud in Spanish.  (libespeak-ng 1.51
# queues a malloc'd copy of the voice on each espeak_SetVoiceByName and
# frees it when it next speaks; more changes while silent than its queue
# holds are lost, so heard may set the voice only when about to speak.)
printf 'tap access\ntap setting.2\ntap setting.2\ntap access.done\n' >"$T/script"
i=0
while [ $i -lt 100 ]; do
	printf 'tap lang.es\ntap access\ntap setting.0\ntap start_again\n'
	i=$((i + 1))
done >>"$T/script"
/usr/bin/python3 tests/e2e/sessions.py --sessions "$N" --seed 7 --expect "$T/expect.json" \
	>>"$T/script" || { bad sessions "tests/e2e/sessions.py failed"; finish; exit 1; }
printf '%s\n' 'tap lang.es' 'tap access' 'tap setting.2' 'tap access.done' 'tap start' 'tap service.0' \
	'tap answer.2' 'key 4' 'tap skip' 'tap start_again' 'tap again.no' 'tap start_again' \
	'tap again.yes' quit >>"$T/script"
sent=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["sent"])' "$T/expect.json")
supp=""
[ -f tests/valgrind.supp ] && supp=--suppressions=tests/valgrind.supp

start=$(date +%s)
env HEARD_TEST=1 SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy LD_PRELOAD="$T/nodlclose.so" \
	valgrind --tool=memcheck --leak-check=full --show-leak-kinds=definite \
	--errors-for-leak-kinds=definite --error-exitcode=99 --num-callers=40 \
	--child-silent-after-fork=yes $supp --log-file="$T/valgrind.log" \
	"$K" --db "$T/heard.db" --windowed 800x480 --script "$T/script" >"$T/out" 2>"$T/err"
rc=$?
secs=$(($(date +%s) - start))

# Valgrind's summary lines, as it wrote them
grep -E 'ERROR SUMMARY|definitely lost:|indirectly lost:|possibly lost:|still reachable:|suppressed:' "$T/valgrind.log" |
	sed 's/^==[0-9]*== *//'
echo "($N sessions, $sent sent, $secs s under valgrind)"

errors=$(sed -n 's/.*ERROR SUMMARY: \([0-9]*\) errors.*/\1/p' "$T/valgrind.log" | tail -1)
lost=$(sed -n 's/.*definitely lost: \([0-9,]*\) bytes.*/\1/p' "$T/valgrind.log" | tail -1 | tr -d ,)
[ "${errors:-x}" = 0 ] && ok memcheck-errors || {
	bad memcheck-errors "${errors:-no} error(s); the first ones:"
	# each report is a block of lines with a stack ("at 0x..."), between
	# lines holding only "==PID=="
	awk '/^==[0-9]+== *$/ { if (b ~ / at 0x/ && n++ < 5) printf "%s", b; b = ""; next }
	     { b = b $0 "\n" }' "$T/valgrind.log" | head -150
}
# no LEAK SUMMARY at all means nothing was left allocated
[ "${lost:-0}" = 0 ] && ok nothing-definitely-lost || bad nothing-definitely-lost "$lost bytes definitely lost"
[ "$rc" -eq 0 ] && ok exit-status || bad exit-status "exit status $rc (99: valgrind found errors); stderr: $(tail -5 "$T/err")"
if grep -q 'script: no ' "$T/err"; then
	bad script-in-step "a scripted control was not on screen: $(grep -m3 'script: no ' "$T/err" | tr '\n' ' ')"
else
	ok script-in-step
fi
got=$(sqlite3 "$T/heard.db" 'SELECT coalesce(sum(n), 0) FROM count_response' 2>&1)
[ "$got" = "$sent" ] && ok responses-stored || bad responses-stored "the database counts $got responses, $sent were sent"
# and the counts are exactly those of the sessions sent (schema v3)
if why=$(/usr/bin/python3 - "$T/heard.db" "$T/expect.json" <<'PY' 2>&1
import json, sys
sys.path.insert(0, "tests/e2e")
import kiosk as K
db, expect = sys.argv[1], json.load(open(sys.argv[2]))
rows = [{"service": "" if s is None else K.DEFAULT_SERVICES[s], "answers": a}
        for s, a in expect["responses"]]
got, want = K.stored_counts(db), K.counts_of(rows)
if got != want:
    sys.exit("got - want: %r" % got.minus(want))
PY
); then ok counts-stored; else bad counts-stored "$why"; fi
finish
