#!/bin/sh
# Bad input to heard-kiosk, the way an admin would meet it: each case must
# exit with the right code and a message naming the file and the problem.
# Runs without a display where start-up fails before the window opens,
# and with SDL's offscreen driver where it needs one.
. "$(dirname "$0")/lib.sh"
K=${BUILD:-build}/heard-kiosk

# expect NAME CODE PATTERN... -- CMD...: exit code and every pattern in stderr
expect() {
	name=$1 code=$2; shift 2
	pats=""
	while [ "$1" != "--" ]; do pats="$pats
$1"; shift; done
	shift
	"$@" >"$T/out" 2>"$T/err"
	rc=$?
	[ "$rc" -eq "$code" ] || { bad "$name" "exit $rc, wanted $code: $(cat "$T/err")"; return; }
	echo "$pats" | while IFS= read -r p; do
		[ -z "$p" ] || grep -qF -- "$p" "$T/err" || echo "$p"
	done >"$T/missing"
	[ -s "$T/missing" ] && { bad "$name" "stderr lacks '$(head -1 "$T/missing")': $(cat "$T/err")"; return; }
	ok "$name"
}

printf '[kiosk]\nname = a\nperiod = fortnight\n' >"$T/period.ini"
# week and day periods are gone (issue 12): a month or a quarter only
printf '[kiosk]\nname = a\nperiod = week\n' >"$T/week.ini"
printf '[kiosk]\nname = a\nperiod = day\n' >"$T/day.ini"
printf '[kiosk]\nname = a\nperiod = quarter\n' >"$T/quarter.ini"
printf '[kiosk]\nname = a\n[timeouts]\nthanks_seconds = soon\n' >"$T/thanks.ini"
printf '[services]\nservice = A\n[questions]\nenabled = heard.listen, heard.nope\n' >"$T/q.ini"
printf '[kiosk]\nlanguages = en\ndefault_language = en\n' >"$T/good.ini"
printf 'not a database\n' >"$T/text.db"
sqlite3 "$T/other.db" 'CREATE TABLE invoices(n)'
chmod 600 "$T/text.db" "$T/other.db" # private: refused for what they hold, not for their mode

expect help 0 -- $K --help
expect version 0 -- $K --version
expect unknown-option 2 "'--colour'" -- $K --colour red
expect bad-windowed 2 "--windowed" -- $K --windowed big
expect bad-period 2 "$T/period.ini:3:" "'period'" -- $K --config "$T/period.ini"
expect period-week-refused 2 "$T/week.ini:3:" "'period'" "month or quarter" -- $K --config "$T/week.ini" --lang xx
expect period-day-refused 2 "$T/day.ini:3:" "'period'" "month or quarter" -- $K --config "$T/day.ini" --lang xx
# accepted: start-up goes on to the next problem (an unknown --lang)
expect period-quarter-accepted 2 "--lang xx" -- $K --config "$T/quarter.ini" --lang xx
grep -q "'period'" "$T/err" && bad period-quarter-not-refused "$(cat "$T/err")" || ok period-quarter-not-refused
expect bad-number 2 "$T/thanks.ini:4:" "'thanks_seconds'" -- $K --config "$T/thanks.ini"
expect unknown-question 2 "$T/q.ini:4:" "heard.nope" -- $K --config "$T/q.ini"
expect missing-config 2 "$T/none.ini" "No such file" -- $K --config "$T/none.ini"
expect unknown-lang 2 "--lang xx" -- $K --config "$T/good.ini" --lang xx
expect trace-refused 2 "--trace is refused" -- env -u HEARD_TEST $K --trace "$T/t.jsonl" --db "$T/x.db"
[ -e "$T/t.jsonl" ] && bad trace-refused-no-file "trace file was created" || ok trace-refused-no-file
expect db-not-sqlite 2 "$T/text.db" "not a database" -- $K --db "$T/text.db"
expect db-foreign 2 "$T/other.db" "another program" -- $K --db "$T/other.db"
expect db-unwritable-dir 2 "/nonexistent/dir/h.db" -- $K --db /nonexistent/dir/h.db
# a time zone west of UTC-12 would count a month copies already hold as closed
mkdir -m 700 "$T/zone"
expect zone-west-refused 2 "TZ=XXX+23" "UTC-23:00" -- env TZ=XXX+23 $K --db "$T/zone/h.db"
expect zone-west-no-copy 2 "TZ=XXX+23" -- env TZ=XXX+23 $K --db "$T/zone/h.db" --backup "$T/zone/c.db"
[ -e "$T/zone/h.db" ] || [ -e "$T/zone/c.db" ] && bad zone-west-nothing-made "$(ls "$T/zone")" || ok zone-west-nothing-made

# Broken assets: a copy of assets/ with one thing damaged.
cp -r assets "$T/a1"
sed -i '/^review.send/d' "$T/a1/strings/en.ini"
expect strings-missing-key 2 "$T/a1/strings/en.ini" "review.send" -- env HEARD_ASSETS="$T/a1" $K --db "$T/y.db"
cp -r assets "$T/a2"
rm "$T/a2/fonts/NotoSans-Bold.ttf"
expect font-missing 2 "$T/a2/fonts/NotoSans-Bold.ttf" -- env HEARD_ASSETS="$T/a2" SDL_VIDEODRIVER=offscreen $K --db "$T/z.db" --windowed 800x480
cp -r assets "$T/a3"
head -c 1000 assets/fonts/NotoSans-Regular.ttf >"$T/a3/fonts/NotoSans-Regular.ttf"
expect font-truncated 2 "$T/a3/fonts/NotoSans-Regular.ttf" -- env HEARD_ASSETS="$T/a3" SDL_VIDEODRIVER=offscreen $K --db "$T/w.db" --windowed 800x480

# The staff PIN: --hash-pin reads 6 to 12 digits on stdin and prints the
# hash for `[kiosk] staff_pin`; the config takes only such a hash.
printf '246813\n' | $K --hash-pin >"$T/hash" 2>"$T/hash.err"
rc=$?
if [ "$rc" -eq 0 ] && [ "$(wc -l <"$T/hash")" -eq 1 ] && grep -q '^\$argon2id\$' "$T/hash"; then
	ok hash-pin
else
	bad hash-pin "exit $rc, wanted 0 and one line starting \$argon2id\$: $(cat "$T/hash" "$T/hash.err")"
fi
expect hash-pin-short 2 "--hash-pin" "6 to 12 digits" -- sh -c "printf '12\n' | $K --hash-pin"
[ -s "$T/out" ] && bad hash-pin-short-no-output "printed: $(cat "$T/out")" || ok hash-pin-short-no-output
# 4 and 5 digits were enough before issue 12: brute-forced offline in seconds
expect hash-pin-4-digits 2 "--hash-pin" "6 to 12 digits" -- sh -c "printf '2468\n' | $K --hash-pin"
[ -s "$T/out" ] && bad hash-pin-4-digits-no-output "printed: $(cat "$T/out")" || ok hash-pin-4-digits-no-output
expect hash-pin-5-digits 2 "--hash-pin" "6 to 12 digits" -- sh -c "printf '24681\n' | $K --hash-pin"
[ -s "$T/out" ] && bad hash-pin-5-digits-no-output "printed: $(cat "$T/out")" || ok hash-pin-5-digits-no-output
expect hash-pin-letters 2 "--hash-pin" "6 to 12 digits" -- sh -c "printf 'abcdef\n' | $K --hash-pin"
[ -s "$T/out" ] && bad hash-pin-letters-no-output "printed: $(cat "$T/out")" || ok hash-pin-letters-no-output
expect hash-pin-long 2 "6 to 12 digits" -- sh -c "printf '1234567890123\n' | $K --hash-pin"
expect hash-pin-none 2 "--hash-pin" -- sh -c "$K --hash-pin </dev/null"
printf '[kiosk]\nname = a\nstaff_pin = %s\n' "$(head -1 "$T/hash")" >"$T/pinhash.ini"
# accepted: start-up goes on to the next problem (an unknown --lang)
expect staff-pin-hash-accepted 2 "--lang xx" -- $K --config "$T/pinhash.ini" --lang xx
grep -q staff_pin "$T/err" && bad staff-pin-hash-not-refused "$(cat "$T/err")" || ok staff-pin-hash-not-refused
printf '[kiosk]\nname = a\nstaff_pin = 246813\n' >"$T/barepin.ini"
expect staff-pin-bare 2 "$T/barepin.ini:3:" "'staff_pin'" "--hash-pin" -- $K --config "$T/barepin.ini"
# the PIN is a secret: the message (in the system log) must not repeat it
grep -q 246813 "$T/err" && bad staff-pin-bare-not-echoed "$(cat "$T/err")" || ok staff-pin-bare-not-echoed

# Nothing that was already saved is touched by a refused start.
sqlite3 "$T/other.db" 'SELECT count(*) FROM invoices' >/dev/null && ok foreign-db-intact || bad foreign-db-intact "table gone"
[ "$(cat "$T/text.db")" = "not a database" ] && ok text-file-intact || bad text-file-intact "file changed"

finish CLI
